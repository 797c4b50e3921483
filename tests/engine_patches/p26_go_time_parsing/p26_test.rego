package p26_test

# time.parse_rfc3339_ns is Go's RFC 3339 parser and time.parse_duration_ns OPA's duration
# parser; expected values are OPA 1.20.2's. The three refusals are builtin errors, which
# `opa test` (non-strict) makes undefined.
test_space_for_t_is_refused if not time.parse_rfc3339_ns("2024-01-01 00:00:00Z")

test_lower_case_t_is_refused if not time.parse_rfc3339_ns("2024-01-01t00:00:00Z")

test_leap_second_is_refused if not time.parse_rfc3339_ns("2024-01-01T23:59:60Z")

test_comma_fraction if time.parse_rfc3339_ns("2024-01-01T00:00:00,5Z") == 1704067200500000000

test_offset_24_hours if time.parse_rfc3339_ns("2024-01-01T00:00:00+24:00") == 1703980800000000000

test_offset_60_minutes if time.parse_rfc3339_ns("2024-01-01T00:00:00+01:60") == 1704060000000000000

test_plain_offset if time.parse_rfc3339_ns("2024-01-01T00:00:00.5+05:30") == 1704047400500000000

test_day if time.parse_duration_ns("1d") == 86400000000000

test_fraction_of_day if time.parse_duration_ns("1.5d") == 129600000000000

test_week if time.parse_duration_ns("2.5w") == 1512000000000000

test_year_of_365_days if time.parse_duration_ns("1y") == 31536000000000000

test_mixed_units if time.parse_duration_ns("1d12h") == 129600000000000
