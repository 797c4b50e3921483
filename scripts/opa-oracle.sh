#!/usr/bin/env bash
# Real OPA as the judge of govlint's Rego engine: runs scripts/opa-oracle.py (the govlint
# conformance cases, the built-in policy tests and the engine patch suites under OPA, the demo
# tenant's findings rule by rule against OPA's, the input schema under OPA's type checker,
# OPA's builtins against the engine's, and the engine's compile-time checks: a corpus of
# snippets OPA accepts or refuses, and the builtin types they use). Exits non-zero on any
# disagreement.
#
# OPA comes from PyPI: the wheel opa-golib-python-bindings (Apache-2.0) carries
# opa_bindings/libopabridge.so, OPA v1.20.2 built as a Go c-shared library with a small C API.
# Only that library is used (through ctypes, not the wheel's Python code, which needs Python
# 3.14); the wheel is pinned by version and sha256, the library by sha256, and both are kept
# under target/ci-tools/, never committed. Linux x86_64 with glibc 2.34 or later only.
#
#   scripts/opa-oracle.sh                        # every check
#   scripts/opa-oracle.sh --only differential    # conformance, tests, differential, schema, builtins, compile
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.4.4
wheel_sha256=d411c901e14b8c7c3023e23e4a944f4cf429c1d31baf80e959e57d11efbfd24a
lib_sha256=8da2cf16edeae1c07e617b9572d2d1c61bad2ead8b620c79fc093be493b0f582
tools=target/ci-tools/opa-oracle
lib="$tools/opa_bindings/libopabridge.so"

if [ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]; then
  echo "opa-oracle: the OPA library is built for Linux x86_64 only (this is $(uname -s)/$(uname -m))" >&2
  exit 2
fi

if [ ! -f "$lib" ]; then
  echo "== downloading OPA (opa-golib-python-bindings $version, PyPI)"
  rm -rf "$tools"
  mkdir -p "$tools/download"
  # The wheel declares Python >= 3.14 for its Python half; the library does not care.
  printf 'opa-golib-python-bindings==%s --hash=sha256:%s\n' "$version" "$wheel_sha256" \
    >"$tools/download/requirements.txt"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version 3.14 --platform manylinux_2_34_x86_64 --require-hashes \
    -r "$tools/download/requirements.txt" -d "$tools/download"
  wheel=("$tools"/download/opa_golib_python_bindings-"$version"-*.whl)
  echo "$wheel_sha256  ${wheel[0]}" | sha256sum --check --quiet -
  python3 - "${wheel[0]}" "$tools" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name == "opa_bindings/libopabridge.so" or name.endswith("licenses/LICENSE"):
            z.extract(name, sys.argv[2])
EOF
fi
# Checked on every run, not only after the download: the cache is a plain directory.
echo "$lib_sha256  $lib" | sha256sum --check --quiet -

# PyYAML reads the conformance cases; installed (pinned) only when Python lacks it.
if ! python3 -c 'import yaml' 2>/dev/null; then
  if [ ! -d "$tools/py/yaml" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --target "$tools/py" PyYAML==6.0.3
  fi
  export PYTHONPATH="$PWD/$tools/py${PYTHONPATH:+:$PYTHONPATH}"
fi

cargo build --locked --quiet --bin govlint
python3 scripts/opa-oracle.py --opa-lib "$lib" --govlint target/debug/govlint "$@"
