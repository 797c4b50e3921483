#!/usr/bin/env bash
# The drift benchmark (issue 19): `govlint diff OLD NEW` on two scale tenants, against one
# `govlint lint` of NEW on the same host. NEW is OLD grown by known amounts (more members,
# guests and review decisions; the generator's filler is made by index, so OLD's objects are
# NEW's first ones, unchanged): the diff must report exactly GROW_GUESTS guests added and no
# other change, and no new or fixed finding (filler is clean; the planted findings are in both).
#
#   benches/diff.sh                      # 200k users, 20k guests, 1M decisions, 500k sign-ins
#   USERS=5000 GUESTS=500 DECISIONS=50000 SIGN_INS=50000 benches/diff.sh
#   KEEP=1 benches/diff.sh               # measure again on the snapshots already generated
#   OLD=target/bench/scale.json SIGN_INS=3000000 benches/diff.sh
#                                        # OLD is an existing scale tenant made with the same
#                                        # parameters (never written or deleted); only NEW is made
#
# Prints one table: sizes, wall and CPU time and peak RSS of the diff and of the lint (best of
# ROUNDS, default 2), and the diff's counts checked against the growth.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-200000}
GUESTS=${GUESTS:-20000}
DECISIONS=${DECISIONS:-1000000}
SIGN_INS=${SIGN_INS:-500000}
GROW_USERS=${GROW_USERS:-1000}
GROW_GUESTS=${GROW_GUESTS:-500}
GROW_DECISIONS=${GROW_DECISIONS:-10000}
ROUNDS=${ROUNDS:-2}
W=target/bench
mkdir -p "$W"
OLD_FILE=${OLD:-$W/drift-old.json}
NEW_FILE=$W/drift-new.json
cargo build --release -q --bin govlint -p govlint
cargo build --release -q --bin gen-tenant -p govlint-testkit
gen() { # users guests decisions sign-ins name
	target/release/gen-tenant --compact --users "$1" --guests "$2" --decisions "$3" \
		--sign-ins "$4" -o "$W/$5.json"
}
echo "generating OLD ($USERS users / $GUESTS guests / $DECISIONS decisions / $SIGN_INS sign-ins) and NEW (+$GROW_USERS / +$GROW_GUESTS / +$GROW_DECISIONS)" >&2
if [ -n "${OLD:-}" ] && [ ! -f "$OLD" ]; then
	echo "OLD=$OLD: no such file" >&2
	exit 2
fi
if [ "${KEEP:-0}" = 1 ] && [ -f "$OLD_FILE" ] && [ -f "$NEW_FILE" ]; then
	echo "KEEP=1: using the snapshots already there ($OLD_FILE, $NEW_FILE)" >&2
else
	[ -n "${OLD:-}" ] || gen "$USERS" "$GUESTS" "$DECISIONS" "$SIGN_INS" drift-old
	gen $((USERS + GROW_USERS)) $((GUESTS + GROW_GUESTS)) $((DECISIONS + GROW_DECISIONS)) "$SIGN_INS" drift-new
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# run NAME CMD...: wall s, user+sys s, peak KB (best wall of ROUNDS, highest RSS) into $W/NAME.time
run() {
	local name=$1 best_wall="" best_cpu="" peak=0
	shift
	for _ in $(seq "$ROUNDS"); do
		/usr/bin/time -f "%e %U %S %M" -o "$W/$name.t" "$@" >"$W/$name.out" 2>"$W/$name.err" || true
		# The last line: `time` puts "Command exited with non-zero status N" first (lint exits 1).
		read -r wall user sys kb < <(tail -n 1 "$W/$name.t")
		cpu=$(echo "$user + $sys" | bc)
		if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc)" = 1 ]; then
			best_wall=$wall
			best_cpu=$cpu
		fi
		[ "$kb" -gt "$peak" ] && peak=$kb
	done
	echo "$best_wall $best_cpu $peak" >"$W/$name.time"
}
run diff target/release/govlint diff "$OLD_FILE" "$NEW_FILE" --no-config --format json -o "$W/drift.json"
run lint target/release/govlint lint "$NEW_FILE" --no-config --format json -o "$W/drift-lint.json"

python3 - "$W" "$GROW_GUESTS" "$OLD_FILE" "$NEW_FILE" <<'EOF'
import json, os, sys
w, grow_guests, old_file, new_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
mb = lambda p: os.path.getsize(p) / 1e6
old, new = mb(old_file), mb(new_file)
dw, dc, dk = open(f"{w}/diff.time").read().split()
lw, lc, lk = open(f"{w}/lint.time").read().split()
dw, dc, dk, lw, lc, lk = float(dw), float(dc), int(dk) / 1e3, float(lw), float(lc), int(lk) / 1e3
d = json.load(open(f"{w}/drift.json"))
counts = {a["id"]: (len(a["added"]), len(a["removed"]), len(a["changed"])) for a in d["areas"] if a["status"] == "compared"}
other = {k: v for k, v in counts.items() if k != "guests" and v != (0, 0, 0)}
rows = [
    ("snapshots", f"OLD {old:.0f} MB, NEW {new:.0f} MB"),
    ("govlint diff, best of rounds: wall (CPU user+sys)", f"**{dw:.2f} s** ({dc:.2f} s)"),
    ("govlint lint NEW, best of rounds: wall (CPU)", f"{lw:.2f} s ({lc:.2f} s)"),
    ("diff / one lint, wall", f"**{dw / lw:.2f}x** (two loads and two lints: 2x is the linear cost)"),
    ("govlint diff: peak RSS", f"**{dk:.0f} MB**, {dk / new:.2f}x the NEW snapshot, {dk / (old + new):.2f}x both"),
    ("govlint lint NEW: peak RSS", f"{lk:.0f} MB, {lk / new:.2f}x the snapshot"),
    ("diff / lint, peak RSS", f"**{dk / lk:.2f}x**"),
    ("guests added (expected)", f"{counts.get('guests', (None,))[0]} ({grow_guests})"),
    ("other changes (expected none)", json.dumps(other) if other else "none"),
    ("findings new / fixed (expected 0 / 0)", f"{len(d['findings']['new'])} / {len(d['findings']['fixed'])}"),
    ("complete", str(d["summary"]["complete"]) + ("" if d["summary"]["complete"] else ": " + "; ".join(d["incomplete"]))),
]
print("| measure | value |\n|---|---|")
for k, v in rows:
    print(f"| {k} | {v} |")
ok = counts.get("guests", (0,))[0] == grow_guests and not other and not d["findings"]["new"] and not d["findings"]["fixed"] and d["summary"]["complete"]
print("\ndrift as expected" if ok else "\nDRIFT NOT AS EXPECTED", file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
