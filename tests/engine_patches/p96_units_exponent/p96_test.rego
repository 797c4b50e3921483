package p96_test

# Patch 96: `units.parse` refuses a written exponent of a million or more, as OPA (Go's
# big.Rat) does, rather than compute a number of that many digits in one step; below that it
# reads as before. Expected values are OPA v1.20.2's; the refusals are in tests/engine_patches.rs.

test_exponents_below_a_million if {
	units.parse("1e999999") > 0
	units.parse("1e-999999") == 0
	units.parse("1.5e3Ki") == 1536000
	units.parse("1e+3") == 1000
	units.parse("2E2") == 200
}
