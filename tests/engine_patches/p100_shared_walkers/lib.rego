package p100_shared_walkers.lib

g(x) := x + 2
