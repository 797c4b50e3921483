#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/README.md) for SECONDS each (default 600), one after
# another and one job each, then prints a line per target: time, executions, corpus, result.
# Exits non-zero if any target crashed, panicked, hung or ran out of memory, naming the inputs
# that did it (kept by libFuzzer under fuzz/artifacts/TARGET/).
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_TARGETS="time config" scripts/fuzz.sh 60    # some targets only
#   FUZZ_SANITIZER=address scripts/fuzz.sh           # with AddressSanitizer (slower)
#
# Needs a nightly toolchain (rustup toolchain install nightly); installs cargo-fuzz if absent.
# Not part of .ci/run: the checked-in inputs are replayed by `cargo test` (tests/fuzz_inputs.rs).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-600}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2 ;;
esac
# Rust code is memory-safe by default here (no unsafe on these paths): panics, overflow
# (debug assertions are on), hangs and memory blow-ups are what a run finds, and without
# AddressSanitizer it runs about twice the inputs.
sanitizer="${FUZZ_SANITIZER:-none}"
# A machine shared with other jobs: wait between targets while the load is above this, for at
# most FUZZ_MAX_WAIT seconds (then start anyway: the run is one job and only slower).
max_load="${FUZZ_MAX_LOAD:-12}"
max_wait="${FUZZ_MAX_WAIT:-300}"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz (cargo +nightly install --locked cargo-fuzz)"
  cargo +nightly install --locked cargo-fuzz
fi

echo "== building the fuzz targets (sanitizer: $sanitizer)"
cargo +nightly fuzz build -s "$sanitizer"
targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"

summary=()
failed=0
for t in $targets; do
  waited=0
  while load=$(cut -d' ' -f1 /proc/loadavg) && awk "BEGIN{exit !($load > $max_load)}" &&
    [ "$waited" -lt "$max_wait" ]; do
    echo "== load $load above $max_load: waiting before $t"
    sleep 30
    waited=$((waited + 30))
  done
  mkdir -p "corpus/$t" "artifacts/$t"
  log="artifacts/$t/run.log"
  echo "== $t for ${seconds}s (log: fuzz/$log)"
  start=$(date +%s)
  marker="artifacts/$t/.started"
  touch "$marker"
  # corpus/$t (not checked in) takes what the run finds; seeds/$t is read only. One job in
  # fork mode, which keeps fuzzing after a crash, so a run lists everything it found.
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: 2 GB is an unbounded allocation.
  cargo +nightly fuzz run -s "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 </dev/null >"$log" 2>&1 || true
  found=$(find "artifacts/$t" -type f -newer "$marker" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  if [ -z "$found" ] && grep -q 'INFO: exiting: 0\|INFO: fuzzed for' "$log"; then
    result="no crash"
  elif [ -z "$found" ]; then
    failed=1
    result="FAILED: the run did not finish (see fuzz/$log)"
  else
    failed=1
    result="FAILED: $(echo "$found" | sed 's|^|fuzz/|' | tr '\n' ' ')(see fuzz/$log)"
  fi
  took=$(($(date +%s) - start))
  # The last status line of the run: "#EXECS: cov: ..." (fork mode) or "#EXECS ...".
  execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  units=$(find "corpus/$t" -type f | wc -l)
  summary+=("$(printf '%-15s %5ss %12s execs %6s corpus  %s' "$t" "$took" "${execs:-?}" "$units" "$result")")
  echo "${summary[-1]}"
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "a target failed: reproduce with \`cd fuzz && cargo +nightly fuzz run -s $sanitizer TARGET ARTEFACT\`," >&2
  echo "keep the input under fuzz/regressions/TARGET/ and add a test" >&2
  exit 1
fi
