#!/usr/bin/env bash
# Regenerates the README's example of `govlint lint` terminal output from the demo tenant, between
# the `<!-- lint-output:begin -->` and `<!-- lint-output:end -->` markers.
#   scripts/readme-output.sh           rewrite README.md
#   scripts/readme-output.sh --check   exit 1 if README.md is out of date (nothing written)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked -q
# Piped output at a fixed width: the same text on every machine, cut as on a 100-column terminal.
# A selection keeps the example a screen long; the exit code (1: findings) is expected.
cmd=(lint examples/demo-tenant.json --config examples/govlint.toml --select PIM001,PRV)
set +e
out=$(COLUMNS=100 NO_COLOR=1 target/debug/govlint "${cmd[@]}" --color never)
code=$?
set -e
if [ "$code" -ne 1 ]; then
  echo "readme-output: expected exit 1 (findings) from govlint ${cmd[*]}, got $code" >&2
  exit 1
fi

block=$(printf '%s\n' '<!-- lint-output:begin -->' '```console' "\$ govlint ${cmd[*]}" "$out" '```' '<!-- lint-output:end -->')
new=$(BLOCK="$block" awk '
  /<!-- lint-output:begin -->/ { print ENVIRON["BLOCK"]; skip = 1; found = 1; next }
  /<!-- lint-output:end -->/   { skip = 0; next }
  !skip { print }
  END { if (!found) exit 3 }
' README.md) || { echo "readme-output: README.md has no <!-- lint-output:begin --> marker" >&2; exit 1; }

if [ "${1:-}" = "--check" ]; then
  if [ "$new" != "$(cat README.md)" ]; then
    echo "readme-output: README.md's lint example is out of date; run scripts/readme-output.sh" >&2
    exit 1
  fi
  exit 0
fi
printf '%s\n' "$new" > README.md.tmp && mv README.md.tmp README.md
