package p19_test

# strings.count is Go's strings.Count: non-overlapping, characters + 1 for "".
test_non_overlapping if strings.count("aaaa", "aa") == 2

test_empty_substring if strings.count("héllo", "") == 6

test_plain if strings.count("abab", "ab") == 2
