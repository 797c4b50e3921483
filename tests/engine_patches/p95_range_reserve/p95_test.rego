package p95_test

# Patch 95: `numbers.range` and `numbers.range_step` reserve at most a million elements before
# filling (one allocation of ten billion elements aborted the process). Longer ranges are
# whole. Expected values are OPA v1.20.2's.

test_ranges_past_the_reserve_are_whole if {
	count(numbers.range(1, 2000000)) == 2000000
	numbers.range(2000000, 1)[1999999] == 1
	count(numbers.range_step(1, 3000000, 2)) == 1500000
}
