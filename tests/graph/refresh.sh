#!/usr/bin/env sh
# Refreshes tests/graph/cleanMetadata.xml.gz from Microsoft's published Graph schema
# (github.com/microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml).
# Usage: tests/graph/refresh.sh [REF]   (REF: a commit or branch; default the default branch)
# Then record the commit and dates it prints in tests/graph/README.md and run
# `cargo test --test graph_contract`: a failure there is Graph changing under us.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$tmp" init -q
git -C "$tmp" remote add origin https://github.com/microsoftgraph/msgraph-metadata.git
git -C "$tmp" fetch -q --filter=blob:none origin "${1:-HEAD}"
file=clean_v10_metadata/cleanMetadata.xml
git -C "$tmp" show "FETCH_HEAD:$file" | gzip -9n >"$here/cleanMetadata.xml.gz"
echo "repository commit: $(git -C "$tmp" log -1 --format='%H %cI' FETCH_HEAD)"
echo "file last changed: $(git -C "$tmp" log -1 --format='%H %cI' FETCH_HEAD -- "$file")"
echo "blob:              $(git -C "$tmp" rev-parse "FETCH_HEAD:$file")"
