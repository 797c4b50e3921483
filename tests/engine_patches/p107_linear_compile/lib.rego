package p107_linear_compile.lib

base := 10

g(x) := x + 1
