package p121_test

# Patch 121: units.parse multiplies the amount, an exact rational, by the unit's factor (`m`
# being the double nearest 0.001) and writes a product that is not an integer with ten
# decimals; that text is the number. Units OPA does not know are errors. Expected values are
# OPA v1.20.2's.

test_fractions_have_ten_decimals if {
	json.marshal(units.parse("0.3m")) == "0.0003000000"
	json.marshal(units.parse("1.5")) == "1.5000000000"
	json.marshal(units.parse("1000m")) == "1.0000000000"
	json.marshal(units.parse("-0.25")) == "-0.2500000000"
	json.marshal(units.parse("0.00000000005")) == "0.0000000001"
	json.marshal(units.parse("0.000000000049")) == "0.0000000000"
}

test_fractions_compare_as_their_decimals if {
	units.parse("0.00000000001") == 0
	units.parse("0.3m") == 0.0003
	units.parse("1000m") == 1
	units.parse("1.5") + 1 == 2.5
}

test_integers_are_exact if {
	json.marshal(units.parse("1.5Ei")) == "1729382256910270464"
	json.marshal(units.parse("-0.5Ki")) == "-512"
	json.marshal(units.parse("2.5e3")) == "2500"
	json.marshal(units.parse("1.5K")) == "1500"
}

test_units_opa_does_not_know if {
	not units.parse("1h")
	not units.parse("1da")
	not units.parse("1Zi")
}
