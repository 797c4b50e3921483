#!/usr/bin/env bash
# Runs each hostile rule of this folder alone beside the built-in rules on the demo tenant, under
# a 4 GB address-space cap and a 120 s wall cap, and prints one line per rule: exit code, wall
# time, peak RSS and the rule's error (or how the process ended). Usage: run.sh [GOVLINT_BIN]
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/debug/govlint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$here"/HOS*.rego; do
  code=$(basename "$f" | cut -d- -f1)
  rm -rf "$tmp/p" && mkdir "$tmp/p" && cp "$f" "$tmp/p/"
  start=$(date +%s.%N)
  prlimit --as=4294967296 -- /usr/bin/time -f '%M' -o "$tmp/rss" timeout 120 \
    "$bin" lint "$root/examples/demo-tenant.json" --policies "$tmp/p" --rule-timeout 1s \
    --format json -o "$tmp/out.json" >/dev/null 2>"$tmp/err"
  rc=$?
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  rss=$(tail -1 "$tmp/rss" 2>/dev/null)
  why=$(python3 - "$tmp/out.json" "$code" <<'PY' 2>/dev/null
import json, sys
r = json.load(open(sys.argv[1]))
errs = [e for e in r.get("errors", []) if sys.argv[2] in json.dumps(e)]
print(f"findings={len(r.get('findings', []))} error={json.dumps(errs)[:160]}")
PY
)
  [ -z "$why" ] && why="no report: $(tail -c 160 "$tmp/err" | tr '\n' ' ')"
  rm -f "$tmp/out.json"
  printf '%s rc=%s wall=%.1fs rss=%sKB %s\n' "$code" "$rc" "$wall" "$rss" "$why"
done
