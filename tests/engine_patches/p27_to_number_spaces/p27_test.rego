package p27_test

# to_number reads a string as Go's strconv.ParseFloat does: surrounding whitespace is an
# error (undefined under `opa test`), as in OPA 1.20.2.
test_spaces_around_are_refused if not to_number(" 1 ")

test_trailing_space_is_refused if not to_number("1 ")

test_leading_tab_is_refused if not to_number("\t1")

test_plain_number if to_number("1.5") == 1.5

test_signed_number if to_number("-1") == -1
