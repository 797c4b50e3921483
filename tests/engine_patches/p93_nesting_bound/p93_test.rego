package p93_test

# Terms nested 99 deep, just under the engine's bound of 100 (patch 93), load and evaluate as
# in OPA (whose bound is about 50 000 levels of `[`); deeper is a parse error
# (tests/engine_patches.rs). Expected values are OPA 1.20.2's answers.

deep := [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]

test_deep_array if count([p | walk(deep, [p, _])]) == 99
