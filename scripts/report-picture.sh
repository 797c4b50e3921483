#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of the audit report: the demo tenant's HTML
# report (with the demo govlint.toml) rendered by headless Chromium at 1280x1400.
# Needs chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "report-picture: no chromium on PATH (Debian: apt-get install chromium)" >&2
  exit 1
fi
cargo build --locked -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
set +e
target/debug/govlint report examples/demo-tenant.json --config examples/govlint.toml -o "$work/report.html"
code=$?
set -e
# The report is written whatever the findings; only a bad input (2) or a missing file stops here.
if [ "$code" -eq 2 ] || [ ! -s "$work/report.html" ]; then
  echo "report-picture: govlint report failed (exit $code)" >&2
  exit 1
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --window-size=1280,1400 \
  --screenshot="$work/report.png" "file://$work/report.html" </dev/null >/dev/null 2>&1
mv "$work/report.png" docs/report.png
echo "docs/report.png: $(wc -c < docs/report.png) bytes"
