package p44_test

# time.format prints Go's `MST` as the zone's abbreviation at that instant; a zone whose
# tzdata name is its offset prints that (`-03`, `+0530`). Expected values are OPA 1.20.2's.
test_winter_name if time.format([0, "Europe/Paris", "MST"]) == "CET"

test_summer_name if time.format([1720000000000000000, "Europe/Paris", "15:04 MST"]) == "11:46 CEST"

test_utc if time.format([0, "UTC", "MST"]) == "UTC"

test_empty_zone_is_utc if time.format([0, "", "MST"]) == "UTC"

test_offset_named_zone if time.format([0, "America/Sao_Paulo", "MST"]) == "-03"

test_offset_named_zone_with_minutes if time.format([0, "Asia/Kathmandu", "MST"]) == "+0530"

test_rfc1123 if time.format([0, "Asia/Kolkata", "RFC1123"]) == "Thu, 01 Jan 1970 05:30:00 IST"

test_unix_date if time.format([0, "America/New_York", "UnixDate"]) == "Wed Dec 31 19:00:00 EST 1969"
