package p107_linear_compile.lib

other := base + 1
