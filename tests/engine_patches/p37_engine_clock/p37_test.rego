package p37_test

# One evaluation has one "now": time.now_ns() gives the same value however often it is called,
# as in OPA. (The engine's clock can also be fixed, Engine::set_time_now_ns: govlint sets it to
# the snapshot's fetchedAt or --now, tested in tests/engine_patches.rs.)
test_now_is_constant_within_an_evaluation if {
	a := time.now_ns()
	xs := [x | some i in numbers.range(1, 200); x := time.now_ns()]
	every x in xs {
		x == a
	}
}
