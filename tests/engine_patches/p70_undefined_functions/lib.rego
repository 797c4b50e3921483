package p70_undefined_functions.lib

double(x) := 2 * x
