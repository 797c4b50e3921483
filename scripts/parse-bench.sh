#!/usr/bin/env bash
# Load time of generated policy files by shape and size (patches 90 and 93): each file is
# loaded by `govlint test` (parse and compile checks; one trivial test). The time must grow
# linearly with the size; before patch 90 it doubled per level of bracket nesting.
#   scripts/parse-bench.sh                 # with target/debug/govlint
#   GOVLINT=target/release/govlint scripts/parse-bench.sh
set -euo pipefail
govlint=${GOVLINT:-target/debug/govlint}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gen() { # shape size
  python3 - "$1" "$2" <<'PY'
import sys
shape, n = sys.argv[1], int(sys.argv[2])
pre = "package p\n\nf(x) := x\n\na := [0]\n\n"
nest = {"array": ("[", "]", "1"), "set": ("{", "}", "1"), "object": ('{"a": ', "}", "1"),
        "call": ("f(", ")", "1"), "ref": ("a[", "]", "0"), "compr": ("[", " | true]", "1")}
if shape in nest:
    o, c, inner = nest[shape]
    body = "x := " + o * n + inner + c * n + "\n"
elif shape == "rules":
    body = "".join(f"r{i} := r{i-1} + 1\n" if i else "r0 := 0\n" for i in range(n))
elif shape == "literal":
    body = "x := [" + ", ".join(f'{{"k": {i}}}' for i in range(n)) + "]\n"
elif shape == "infix":
    body = "x := " + " + ".join("1" for _ in range(n)) + "\n"
print(pre + body + "\ntest_ok if true")
PY
}
# One row: the load time of a policy of `shape` at `size`.
row() {
  gen "$1" "$2" > "$dir/p.rego"
  /usr/bin/time -o "$dir/t" -f %e "$govlint" test "$dir/p.rego" >/dev/null 2>&1 || true
  printf '%-8s %8s %10s\n' "$1" "$2" "$(tail -1 "$dir/t")"
}
printf '%-8s %8s %10s\n' shape size seconds
for shape in array set object call ref compr; do
  for n in 8 25 50 99; do row "$shape" "$n"; done
done
for shape in rules literal infix; do
  for n in 100 1000 5000 20000; do row "$shape" "$n"; done
done
