#!/usr/bin/env bash
# Packs the release archives from built binaries (release.yml's release job; also runnable
# by hand). One archive per target, named as the Action's installer (scripts/action-install.sh)
# and `cargo binstall` (Cargo.toml) expect:
#
#   govlint-vVERSION-TARGET.tar.gz   (.zip for Windows), holding the directory
#   govlint-vVERSION-TARGET/
#     govlint[.exe]  README.md  LICENSE
#     completions/   govlint.bash  _govlint (zsh)  govlint.fish  _govlint.ps1  govlint.elv
#     man/man1/      govlint.1, govlint-lint.1, …
#
# and SHA256SUMS over the archives.
#
#   package-release.sh VERSION BIN_DIR OUT_DIR GENERATOR
#     BIN_DIR/TARGET/govlint[.exe]  the binary of each target
#     GENERATOR                     a govlint that runs here (completions and man pages are
#                                   text, the same for every target, so one binary makes them)
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 VERSION BIN_DIR OUT_DIR GENERATOR" >&2
  exit 2
fi
version=$1 bins=$2 out=$3 gen=$4
root=$(cd "$(dirname "$0")/.." && pwd)

generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
mkdir -p "$generated/completions" "$generated/man/man1"
"$gen" completions bash >"$generated/completions/govlint.bash"
"$gen" completions zsh >"$generated/completions/_govlint"
"$gen" completions fish >"$generated/completions/govlint.fish"
"$gen" completions powershell >"$generated/completions/_govlint.ps1"
"$gen" completions elvish >"$generated/completions/govlint.elv"
"$gen" man --dir "$generated/man/man1"

mkdir -p "$out"
out=$(cd "$out" && pwd)
found=0
for dir in "$bins"/*/; do
  target=$(basename "$dir")
  case "$target" in
    *windows*) exe=.exe ext=zip ;;
    *) exe='' ext=tar.gz ;;
  esac
  [ -f "$dir/govlint$exe" ] || {
    echo "no $dir/govlint$exe" >&2
    exit 1
  }
  name="govlint-v$version-$target"
  stage="$generated/stage/$name"
  mkdir -p "$stage"
  cp "$dir/govlint$exe" "$stage/"
  chmod +x "$stage/govlint$exe"
  cp "$root/README.md" "$root/LICENSE" "$stage/"
  cp -R "$generated/completions" "$generated/man" "$stage/"
  rm -f "$out/$name.$ext"
  if [ "$ext" = zip ]; then
    (cd "$generated/stage" && zip -qr "$out/$name.zip" "$name")
  else
    tar -C "$generated/stage" -czf "$out/$name.tar.gz" "$name"
  fi
  found=$((found + 1))
done
[ "$found" -gt 0 ] || {
  echo "no binaries under $bins" >&2
  exit 1
}
(
  cd "$out"
  shopt -s nullglob
  archives=(govlint-v"$version"-*.tar.gz govlint-v"$version"-*.zip)
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "${archives[@]}" >SHA256SUMS
  else
    shasum -a 256 "${archives[@]}" >SHA256SUMS
  fi
)
cat "$out/SHA256SUMS"
