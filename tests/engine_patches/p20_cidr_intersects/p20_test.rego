package p20_test

# net.cidr_intersects: two ranges intersect when either holds the other's network address,
# the check behind "do these named locations overlap".
test_nested_ranges_intersect if net.cidr_intersects("10.0.0.0/8", "10.20.0.0/16")

test_partly_shared_prefixes_intersect if net.cidr_intersects("172.16.0.0/23", "172.16.1.0/24")

test_adjacent_ranges_do_not if not net.cidr_intersects("172.16.0.0/24", "172.16.1.0/24")

test_host_bits_are_ignored if net.cidr_intersects("10.1.2.3/8", "10.200.0.0/16")

test_ipv6 if {
	net.cidr_intersects("2001:db8::/32", "2001:db8:abcd::/48")
	not net.cidr_intersects("2001:db8::/32", "2001:db9::/32")
}

test_families_never_meet if not net.cidr_intersects("10.0.0.0/8", "2001:db8::/32")
