#!/usr/bin/env bash
# Load time of generated policies by shape and size (patches 90, 93 and 107): each is loaded
# by `govlint test` (parse and compile checks, the scheduler; one trivial test). The time must
# grow linearly with the size; before patch 90 it doubled per level of bracket nesting, and
# before patch 107 the compile passes were quadratic in rules, statements, imports and files.
#   scripts/parse-bench.sh                 # with target/debug/govlint
#   GOVLINT=target/release/govlint scripts/parse-bench.sh
#   scripts/parse-bench.sh funcs imports   # only these shapes (any of the names below)
set -euo pipefail
govlint=${GOVLINT:-target/debug/govlint}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gen() { # shape size directory: writes the policy files of one case into the directory
  python3 - "$1" "$2" "$3" <<'PY'
import os, sys
shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pre = "package p\n\nf(x) := x\n\na := [0]\n\n"
nest = {"array": ("[", "]", "1"), "set": ("{", "}", "1"), "object": ('{"a": ', "}", "1"),
        "call": ("f(", ")", "1"), "ref": ("a[", "]", "0"), "compr": ("[", " | true]", "1")}
files = {}
if shape in nest:
    o, c, inner = nest[shape]
    body = "x := " + o * n + inner + c * n + "\n"
elif shape == "rules":  # each rule reads the one before
    body = "".join(f"r{i} := r{i-1} + 1\n" if i else "r0 := 0\n" for i in range(n))
elif shape == "literal":
    body = "x := [" + ", ".join(f'{{"k": {i}}}' for i in range(n)) + "]\n"
elif shape == "infix":
    body = "x := " + " + ".join("1" for _ in range(n)) + "\n"
elif shape == "body":  # one body of n statements, each reading the one before
    body = "r if {\n\tx0 := 0\n" + "".join(f"\tx{i} := x{i-1} + 1\n" for i in range(1, n)) + "}\n"
elif shape == "comprbody":  # the same with a comprehension in each statement
    body = "r if {\n\tx0 := 0\n" + "".join(f"\tx{i} := [y | y := x{i-1}]\n" for i in range(1, n)) + "}\n"
elif shape == "else":
    body = "r := 0 if input.x == 0\n" + "".join(f"else := {i} if input.x == {i}\n" for i in range(1, n))
elif shape == "funcs":  # each function calls the one before
    body = "g0(x) := x\n" + "".join(f"g{i}(x) := g{i-1}(x) + 1\n" for i in range(1, n))
elif shape == "imports":  # imports come before the rules
    pre = "package p\n\n" + "".join(f"import data.q{i}.r as a{i}\n" for i in range(n))
    body = "\nr := 1\n"
elif shape == "somes":
    body = "r if {\n" + "".join(f"\tsome v{i} in input.xs\n" for i in range(n)) + "}\n"
elif shape == "refchain":  # b.k0.k1...; more than 99 steps is a parse error (patch 108)
    body = "b := input\nr := b" + "".join(f".k{i}" for i in range(n)) + "\n"
elif shape == "packages":  # one file per package, each reading the one before
    for i in range(n):
        files[f"p{i}.rego"] = (f"package p.q{i}\n\nr := data.p.q{i-1}.r + 1\n" if i
                               else "package p.q0\n\nr := 0\n")
elif shape == "pkgfiles":  # one package over n files
    for i in range(n):
        files[f"p{i}.rego"] = f"package p\n\nr{i} := {i}\n"
if not files:
    files["p.rego"] = pre + body + "\ntest_ok if true\n"
else:
    files["t.rego"] = "package t\n\ntest_ok if true\n"
for name, text in files.items():
    with open(os.path.join(out, name), "w") as f:
        f.write(text)
PY
}
# One row: the load time of a policy of `shape` at `size`.
row() {
  rm -rf "$dir/case" && mkdir "$dir/case"
  gen "$1" "$2" "$dir/case"
  /usr/bin/time -o "$dir/t" -f %e "$govlint" test "$dir/case" >/dev/null 2>&1 || true
  printf '%-9s %8s %10s\n' "$1" "$2" "$(tail -1 "$dir/t")"
}
want() { [ $# -eq 0 ] || [[ " $* " == *" $shape "* ]]; }
printf '%-9s %8s %10s\n' shape size seconds
for shape in array set object call ref compr; do
  want "$@" || continue
  for n in 8 25 50 99; do row "$shape" "$n"; done
done
for shape in rules literal infix body else funcs imports somes packages pkgfiles; do
  want "$@" || continue
  for n in 100 1000 5000 20000; do row "$shape" "$n"; done
done
for shape in comprbody; do
  want "$@" || continue
  for n in 100 1000 2500 5000; do row "$shape" "$n"; done
done
for shape in refchain; do
  want "$@" || continue
  for n in 10 100 1000 10000; do row "$shape" "$n"; done
done
