package govlint.lib_test

import data.govlint.lib
import rego.v1

test_durations_in_graph_forms if {
	lib.duration_seconds("PT8H") == 28800
	lib.duration_seconds("P365D") == 31536000
	lib.duration_seconds("PT30M") == 1800
	lib.duration_seconds("P1DT2H") == 93600
	lib.duration_seconds("PT0S") == 0
	lib.duration_seconds("PT1.5S") == 1.5
}

test_bad_durations_are_undefined if {
	not lib.duration_seconds("8 hours")
	not lib.duration_seconds("P")
	not lib.duration_seconds("")
}

test_days_since_uses_input_now if {
	now := time.parse_rfc3339_ns("2026-11-20T09:00:00Z")
	d := lib.days_since("2026-08-22T09:00:00Z") with input as {"now_ns": now}
	d == 90
}

test_graph_timestamps_with_seven_fraction_digits_parse if {
	lib.ts_ns("2023-03-13T19:15:41.6195833Z") > 0
	not lib.ts_ns(null)
	not lib.ts_ns("")
	not lib.ts_ns("garbage")
	not lib.ts_ns("2026-13-45")
}

test_helpers_are_undefined_on_null_not_errors if {
	not lib.eq_ci(null, "x")
	not lib.duration_seconds(null)
	lib.eq_ci("Assigned", "assigned")
}

test_last_sign_in_takes_the_latest_kind if {
	t := lib.last_sign_in({"lastSignInDateTime": "2026-01-01T00:00:00Z", "lastNonInteractiveSignInDateTime": "2026-03-01T00:00:00Z"})
	t == time.parse_rfc3339_ns("2026-03-01T00:00:00Z")
	not lib.last_sign_in({})
}

test_privileged_role_lookup_is_case_insensitive if {
	lib.is_privileged_role("62E90394-69F5-4237-9190-012177145E10")
	not lib.is_privileged_role("4a5d8f65-41da-4de4-8968-e035b65339cf")
}
