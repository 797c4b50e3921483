package p18_test

# time.add_date normalises as Go's time.Date: overflowing days carry into the next month.
ns(s) := time.parse_rfc3339_ns(s)

test_month_end_plus_a_month_carries_over if {
	time.add_date(ns("2024-01-31T00:00:00Z"), 0, 1, 0) == ns("2024-03-02T00:00:00Z")
	time.add_date(ns("2023-01-31T00:00:00Z"), 0, 1, 0) == ns("2023-03-03T00:00:00Z")
}

test_leap_day_plus_a_year_is_march_first if {
	time.add_date(ns("2024-02-29T12:30:00Z"), 1, 0, 0) == ns("2025-03-01T12:30:00Z")
}

test_months_carry_into_years if {
	time.add_date(ns("2024-01-01T00:00:00Z"), 0, -13, 0) == ns("2022-12-01T00:00:00Z")
	time.add_date(ns("2024-01-01T00:00:00Z"), -1, 14, -45) == ns("2024-01-16T00:00:00Z")
}

test_days_past_the_year if time.add_date(ns("2024-01-01T00:00:00Z"), 0, 0, 400) == ns("2025-02-04T00:00:00Z")
