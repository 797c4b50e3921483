#!/usr/bin/env bash
# Runs OPA's own conformance cases (test/cases/testdata/v1 of OPA's repository, Apache-2.0)
# through govlint's Rego engine and prints passed/failed/skipped by category.
#
# The cases are not vendored: this script fetches them (a sparse clone at a pinned tag, so it
# needs git and access to GitHub) into target/opa-cases/, which CI does not have. CI runs the
# govlint-written cases in tests/opa_conformance/cases/ instead (same format, same runner).
#
#   scripts/opa-conformance.sh                      # figures, fails on a regression against
#                                                   # tests/opa_conformance/opa-expected.txt
#   GOVLINT_OPA_UPDATE=1 scripts/opa-conformance.sh # rewrite opa-expected.txt
#   GOVLINT_OPA_VERBOSE=1 scripts/opa-conformance.sh # also list each failing case
#   OPA_REF=v1.4.0 scripts/opa-conformance.sh       # another OPA release
#   GOVLINT_OPA_CASES=DIR scripts/opa-conformance.sh  # cases already on disk (a copy of
#                                                   # test/cases/testdata/v1, or some of its
#                                                   # category folders): no fetch
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${GOVLINT_OPA_CASES:-}" ]; then
  exec cargo test --test opa_conformance -- --nocapture opa_suite_does_not_regress
fi

ref="${OPA_REF:-v1.2.0}"
dest="target/opa-cases/$ref"
if [ ! -d "$dest/test/cases/testdata/v1" ]; then
  rm -rf "$dest"
  git clone --quiet --depth 1 --branch "$ref" --filter=blob:none --sparse \
    https://github.com/open-policy-agent/opa "$dest"
  git -C "$dest" sparse-checkout set test/cases/testdata/v1
  echo "OPA cases at $ref, commit $(git -C "$dest" rev-parse HEAD)"
fi
GOVLINT_OPA_CASES="$PWD/$dest/test/cases/testdata/v1" \
  cargo test --test opa_conformance -- --nocapture opa_suite_does_not_regress
