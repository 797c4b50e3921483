package p28_test

# semver.is_valid / semver.compare follow OPA's go-semver fork; expected values are
# OPA 1.20.2's.
test_v_prefix if semver.is_valid("v1.0.0")

test_leading_zero if semver.is_valid("01.0.0")

test_numeric_prerelease_leading_zero if semver.is_valid("1.0.0-01")

test_empty_prerelease if semver.is_valid("1.0.0-")

test_build_before_version if semver.is_valid("+1.0.0") == false

test_not_a_string if semver.is_valid(1) == false

test_two_parts if semver.is_valid("1.0") == false

test_bad_identifier if semver.is_valid("1.0.0-a_b") == false

test_compare_v_prefix if semver.compare("v1.0.0", "1.0.0") == 0

test_compare_leading_zero if semver.compare("01.2.3", "1.2.3") == 0

test_compare_numbers_below_words if semver.compare("1.0.0-1", "1.0.0-a") == -1

test_compare_longer_prerelease if semver.compare("1.0.0-a.b", "1.0.0-a") == 1

test_compare_prerelease_numerically if semver.compare("1.0.0-alpha.10", "1.0.0-alpha.9") == 1

test_compare_build_ignored if semver.compare("1.0.0+b", "1.0.0") == 0
