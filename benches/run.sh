#!/usr/bin/env bash
# The scale benchmark of issue 8: builds release binaries, generates the scale tenant (and a
# smaller one for the Graph emulator) under target/bench/, and prints one table.
#
#   benches/run.sh                      # 200k users, 20k guests, 1M decisions, 3M sign-ins
#   USERS=5000 GUESTS=500 DECISIONS=50000 SIGN_INS=50000 benches/run.sh
#   KILLS=20 benches/run.sh             # and kill the fetch 20 times at random, resuming
#   SNAPSHOT=target/bench/scale.json ONLY=fetch benches/run.sh   # the fetch alone, on a
#                                       # tenant generated already (its .expected beside it)
#
# FETCH_USERS / FETCH_GUESTS / FETCH_DECISIONS / FETCH_SIGN_INS size the tenant the emulator
# serves; by default the same tenant (then the same file, not a copy). The emulator holds the
# tenant as its JSON text (about 1.1x the file at full size, 6 GB for 5.6 GB), and the whole
# text besides while it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-200000}
GUESTS=${GUESTS:-20000}
DECISIONS=${DECISIONS:-1000000}
SIGN_INS=${SIGN_INS:-3000000}
FETCH_USERS=${FETCH_USERS:-$USERS}
FETCH_GUESTS=${FETCH_GUESTS:-$GUESTS}
FETCH_DECISIONS=${FETCH_DECISIONS:-$DECISIONS}
FETCH_SIGN_INS=${FETCH_SIGN_INS:-$SIGN_INS}
# KILLS: after the fetch, SIGKILL `govlint fetch --resume` this many times at random points
# and resume until it completes, checking each kill and each completed fetch (KILL_SEED=N
# replays the kill points a failure names). Not run in CI.
KILLS=${KILLS:-0}
# ROUNDS: rounds of floor and lint, and runs of `show user` (default 3; best of them is taken).
# SNAPSHOT: a tenant generated already (gen-tenant is deterministic; shared bench data), used
# as it is, with its planted findings in the .expected file beside it. ONLY=fetch: only the
# fetch rows (no floor, lint or show user).
SNAPSHOT=${SNAPSHOT:-}
ONLY=${ONLY:-}
W=target/bench
mkdir -p "$W"
# The fetch's output (5.5 GB at full size) is removed once measured, whatever happens.
trap 'rm -f "$W/fetched.json"' EXIT
cargo build --release -q --bin govlint -p govlint
cargo build --release -q --bin gen-tenant -p govlint-testkit
cargo bench -q --bench scale --no-run 2>/dev/null
gen() { # users guests decisions sign-ins name
	/usr/bin/time -f "%e s, peak RSS %M KB" target/release/gen-tenant --compact \
		--users "$1" --guests "$2" --decisions "$3" --sign-ins "$4" \
		-o "$W/$5.json" --expected "$W/$5.expected"
}
if [ -n "$SNAPSHOT" ]; then
	SCALE=$SNAPSHOT
else
	SCALE=$W/scale.json
	echo "generating $USERS users / $GUESTS guests / $DECISIONS decisions / $SIGN_INS sign-ins:" >&2
	gen "$USERS" "$GUESTS" "$DECISIONS" "$SIGN_INS" scale 2>&1 | sed 's/^/  gen-tenant: /' >&2
fi
if [ "$FETCH_USERS/$FETCH_GUESTS/$FETCH_DECISIONS/$FETCH_SIGN_INS" = "$USERS/$GUESTS/$DECISIONS/$SIGN_INS" ]; then
	FETCH=$SCALE
else
	FETCH=$W/fetch.json
	gen "$FETCH_USERS" "$FETCH_GUESTS" "$FETCH_DECISIONS" "$FETCH_SIGN_INS" fetch 2>/dev/null
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cargo bench -q --bench scale -- --snapshot "$SCALE" --expected "${SCALE%.json}.expected" \
	--fetch-snapshot "$FETCH" --kills "$KILLS" ${ONLY:+--$ONLY-only}
