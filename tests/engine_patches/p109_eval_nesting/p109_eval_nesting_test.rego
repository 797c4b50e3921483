# govlint patch 109: rules computed on demand and user function calls nest one level deeper
# each; the engine bounds the nesting (6,000) so a longer chain is the rule's error, not a
# stack overflow. Chains below the bound evaluate as in OPA: here rules and functions
# alternate, each reading the next, and `with` re-evaluates the whole chain for new input.
# (The 5,000-deep and past-the-bound chains are generated in tests/engine_patches.rs and
# tests/hostile.rs: too long to keep as files.)
package p109_eval_nesting

r0 := input.start

g1(x) := r0 + x

r1 := g1(1)

g2(x) := r1 + x

r2 := g2(1)

g3(x) := r2 + x

r3 := g3(1)

g4(x) := r3 + x

r4 := g4(1)

g5(x) := r4 + x

r5 := g5(1)

g6(x) := r5 + x

r6 := g6(1)

g7(x) := r6 + x

r7 := g7(1)

g8(x) := r7 + x

r8 := g8(1)

g9(x) := r8 + x

r9 := g9(1)

g10(x) := r9 + x

r10 := g10(1)

g11(x) := r10 + x

r11 := g11(1)

g12(x) := r11 + x

r12 := g12(1)

g13(x) := r12 + x

r13 := g13(1)

g14(x) := r13 + x

r14 := g14(1)

g15(x) := r14 + x

r15 := g15(1)

g16(x) := r15 + x

r16 := g16(1)

g17(x) := r16 + x

r17 := g17(1)

g18(x) := r17 + x

r18 := g18(1)

g19(x) := r18 + x

r19 := g19(1)

g20(x) := r19 + x

r20 := g20(1)

test_the_chain_of_rules_and_functions_adds_one_per_link if {
	r20 == 20 with input.start as 0
}

test_the_chain_evaluates_again_under_with if {
	r20 == 120 with input.start as 100
}

test_undefined_at_the_bottom_is_undefined_at_the_top if {
	not r20 with input as {}
}

h0(x) := x

h1(x) := h0(x) * 2

h2(x) := h1(x) * 2

h3(x) := h2(x) * 2

test_functions_calling_functions if {
	h3(1) == 8
}
