#!/usr/bin/env bash
# Installs the govlint release binary for the GitHub Action (action.yml), or says that the
# Action must build from source instead. Run with `shell: bash` on Linux, macOS and Windows
# runners alike (Git Bash on Windows).
#
#   action-install.sh plan      which release and archive this runner needs, or "source"
#   action-install.sh install   download, verify against SHA256SUMS, unpack into the
#                               install directory; "source" when there is no such release
#
# Outputs (to $GITHUB_OUTPUT when set, and to standard output as key=value lines):
#   version  the action's own version (Cargo.toml beside this script)
#   target   the Rust target of this runner's archive (empty when no archive fits)
#   archive  the archive's file name
#   method   release | source
#
# Environment:
#   GOVLINT_REPOSITORY    owner/name whose releases to use (the action's own repository)
#   GOVLINT_REF           the ref the workflow named (`uses: OWNER/govlint@REF`)
#   GOVLINT_INSTALL       auto (default): the release when REF is its tag (vX.Y.Z, or a vX /
#                         vX.Y alias of it), else source; release: the release whatever the
#                         ref (a pinned commit known to be the release's); source: never download
#   GOVLINT_INSTALL_DIR   where `govlint` (govlint.exe) is put (install)
#   GOVLINT_RELEASE_BASE_URL  default https://github.com/$GOVLINT_REPOSITORY/releases/download
#   GOVLINT_PLATFORM      OS-ARCH as the runner names them (Linux-X64, macOS-ARM64,
#                         Windows-X64) [default: $RUNNER_OS-$RUNNER_ARCH, else uname]
#
# Exit codes: 0 installed or "source" decided; 1 the release is broken or tampered with (a
# checksum mismatch, an archive listed but not downloadable or without govlint): never
# papered over by building something else; 2 usage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*" >&2; }
fail() {
  printf '::error::govlint install: %s\n' "$*" >&2
  exit 1
}

output() {
  printf '%s=%s\n' "$1" "$2"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}

# The version in the [package] table of the Cargo.toml beside this script: the release the
# action's own source is.
own_version() {
  if [ -n "${GOVLINT_VERSION:-}" ]; then
    printf '%s\n' "$GOVLINT_VERSION"
    return
  fi
  awk '
    /^\[/ { in_pkg = ($0 == "[package]") }
    in_pkg && /^version[ \t]*=/ { gsub(/.*=[ \t]*"|".*/, ""); print; exit }
  ' "$here/../Cargo.toml"
}

platform() {
  if [ -n "${GOVLINT_PLATFORM:-}" ]; then
    printf '%s\n' "$GOVLINT_PLATFORM"
  elif [ -n "${RUNNER_OS:-}" ] && [ -n "${RUNNER_ARCH:-}" ]; then
    printf '%s-%s\n' "$RUNNER_OS" "$RUNNER_ARCH"
  else
    local os arch
    case "$(uname -s)" in
      Linux) os=Linux ;;
      Darwin) os=macOS ;;
      MINGW* | MSYS* | CYGWIN*) os=Windows ;;
      *) os=$(uname -s) ;;
    esac
    case "$(uname -m)" in
      x86_64 | amd64) arch=X64 ;;
      aarch64 | arm64) arch=ARM64 ;;
      *) arch=$(uname -m) ;;
    esac
    printf '%s-%s\n' "$os" "$arch"
  fi
}

# The release workflow's target for a runner platform (release.yml builds exactly these).
target_of() {
  case "$1" in
    Linux-X64) echo x86_64-unknown-linux-musl ;;
    Linux-ARM64) echo aarch64-unknown-linux-musl ;;
    macOS-X64) echo x86_64-apple-darwin ;;
    macOS-ARM64) echo aarch64-apple-darwin ;;
    Windows-X64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

# Whether the ref names the release of `version`: its tag, or a floating major/minor tag
# (v1, v1.2) of it.
ref_is_release() {
  local ref=${1#refs/tags/} version=$2
  case "$ref" in
    "v$version") return 0 ;;
    v[0-9]*)
      case "v$version" in "$ref".*) return 0 ;; esac
      ;;
  esac
  return 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    fail "neither sha256sum nor shasum found: cannot verify the download"
  fi
}

fetch() {
  # -f: an HTTP error is a failure, not a saved error page.
  curl --proto '=https,http' -fsSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$2" "$1"
}

mode=${1:-}
case "$mode" in
  plan | install) ;;
  *)
    say "usage: $0 plan|install"
    exit 2
    ;;
esac

version=$(own_version)
[ -n "$version" ] || fail "no version in $here/../Cargo.toml"
plat=$(platform)
target=$(target_of "$plat")
case "$target" in
  *windows*) ext=zip exe=.exe ;;
  *) ext=tar.gz exe='' ;;
esac
name="govlint-v$version-$target"
archive="$name.$ext"
output version "$version"
output target "$target"
output archive "$archive"

how=${GOVLINT_INSTALL:-auto}
method=release
case "$how" in
  source) method=source ;;
  release) ;;
  auto)
    if ! ref_is_release "${GOVLINT_REF:-}" "$version"; then
      say "govlint: ref '${GOVLINT_REF:-}' is not the v$version release tag: building from source"
      method=source
    fi
    ;;
  *)
    say "GOVLINT_INSTALL must be auto, release or source, not '$how'"
    exit 2
    ;;
esac
if [ "$method" = release ] && [ -z "$target" ]; then
  say "govlint: no release archive for $plat: building from source"
  method=source
fi
if [ "$method" = source ] || [ "$mode" = plan ]; then
  output method "$method"
  exit 0
fi

repo=${GOVLINT_REPOSITORY:-}
base=${GOVLINT_RELEASE_BASE_URL:-}
if [ -z "$base" ]; then
  [ -n "$repo" ] || fail "GOVLINT_REPOSITORY is not set"
  base="https://github.com/$repo/releases/download"
fi
url="${base%/}/v$version"
dest=${GOVLINT_INSTALL_DIR:-}
[ -n "$dest" ] || fail "GOVLINT_INSTALL_DIR is not set"
# On Windows the runner hands over C:\ paths; Git Bash's tools want /c/ ones.
if command -v cygpath >/dev/null 2>&1; then dest=$(cygpath -u "$dest"); fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# No SHA256SUMS: no release for this version (e.g. a tag pushed before its release finished,
# or a fork without releases). Building from source is the correct fallback.
if ! fetch "$url/SHA256SUMS" "$work/SHA256SUMS" 2>"$work/err"; then
  say "govlint: no release v$version at $url ($(head -c 300 "$work/err")): building from source"
  output method source
  exit 0
fi
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/SHA256SUMS")
if [ -z "$expected" ]; then
  say "govlint: release v$version has no $archive: building from source"
  output method source
  exit 0
fi
say "govlint: downloading $url/$archive"
fetch "$url/$archive" "$work/$archive" || fail "$archive is listed in SHA256SUMS but cannot be downloaded"
actual=$(sha256_of "$work/$archive")
if [ "$actual" != "$expected" ]; then
  fail "$archive does not match SHA256SUMS (expected $expected, got $actual): not installed"
fi
say "govlint: $archive verified (sha256 $actual)"

mkdir -p "$work/x"
case "$ext" in
  tar.gz) tar -xzf "$work/$archive" -C "$work/x" ;;
  zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$work/$archive" -d "$work/x"
    else
      # Windows paths for PowerShell (Git Bash's /tmp means nothing to it).
      win=$(cygpath -w "$work" 2>/dev/null || printf '%s' "$work")
      pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$win/$archive' -DestinationPath '$win/x'"
    fi
    ;;
esac
bin="$work/x/$name/govlint$exe"
[ -f "$bin" ] || fail "$archive holds no $name/govlint$exe"
mkdir -p "$dest"
cp "$bin" "$dest/govlint$exe"
chmod +x "$dest/govlint$exe"
# The binary must be the version the action is: a mislabelled archive is a broken release.
got=$("$dest/govlint$exe" --version) || fail "the installed govlint does not run"
case "$got" in
  "govlint $version "* | "govlint $version") ;;
  *)
    rm -f "$dest/govlint$exe"
    fail "$archive holds '$got', not govlint $version"
    ;;
esac
say "govlint: installed $got"
output method release
