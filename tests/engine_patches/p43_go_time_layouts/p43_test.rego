package p43_test

# time.parse_ns reads a layout as Go's time.Parse: a missing month, day or clock field is
# its zero (January, 1, 0), a zero-padded field takes exactly its digits, text after the
# layout is refused, and any other character of the layout is literal text. Expected
# values are OPA 1.20.2's; a refusal is a builtin error, undefined under `opa test`.
test_year_alone_is_january_first if time.parse_ns("2006", "2024") == 1704067200000000000

test_year_and_month if time.parse_ns("2006-01", "2024-03") == 1709251200000000000

test_month_name_and_year if time.parse_ns("Jan 2006", "Mar 2024") == 1709251200000000000

test_hour_without_minutes if time.parse_ns("2006-01-02 15", "2024-03-04 05") == 1709528400000000000

test_clock_without_date if time.parse_ns("2006 15:04", "2024 05:06") == 1704085560000000000

test_unpadded_layout_takes_one_digit if time.parse_ns("2006-1-2", "2024-3-4") == 1709510400000000000

test_day_of_year if time.parse_ns("2006 002", "2024 064") == 1709510400000000000

test_two_digit_year if time.parse_ns("06-01-02", "24-03-04") == 1709510400000000000

test_space_padded_day if time.parse_ns("2006-01-02 _2", "2024-03-04  4") == 1709510400000000000

test_lone_z_is_literal if {
	time.parse_ns("2006-01-02T15:04:05.000Z", "2024-03-04T05:06:07.123Z") == 1709528767123000000
}

test_letters_starting_no_element_are_literal if time.parse_ns("2006-01-02Jx", "2024-03-04Jx") == 1709510400000000000

test_multibyte_literal if time.parse_ns("2006é01", "2024é03") == 1709251200000000000

test_padded_month_needs_two_digits if not time.parse_ns("2006-01-02", "2024-3-4")

test_padded_day_needs_two_digits if not time.parse_ns("2006-01-02", "2024-03-4")

test_padded_second_needs_two_digits if not time.parse_ns("2006-01-02 15:04:05", "2024-03-04 05:06:7")

test_padded_hour12_needs_two_digits if not time.parse_ns("03:04 PM", "5:06 PM")

test_year_needs_four_digits if not time.parse_ns("2006-01-02", "24-03-04")

test_year_takes_four_digits if not time.parse_ns("2006-01-02", "20245-03-04")

test_day_of_year_needs_three_digits if not time.parse_ns("2006 002", "2024 64")

test_extra_text_is_refused if not time.parse_ns("2006-01-02", "2024-03-04x")
