package p31_test

# net.cidr_merge: the smallest set of CIDRs covering the given addresses and networks (an
# array or a set), adjacent ones merged, contained ones and duplicates dropped. Every value
# below is OPA 1.20.2's, its oddities included.

test_adjacent_networks_merge if {
	net.cidr_merge(["192.0.128.0/24", "192.0.129.0/24"]) == {"192.0.128.0/23"}
	net.cidr_merge(["10.0.0.0/24", "10.0.2.0/24", "10.0.1.0/24", "10.0.3.0/24"]) == {"10.0.0.0/22"}
	net.cidr_merge(["10.0.0.128/25", "10.0.0.0/25", "10.0.1.0/24"]) == {"10.0.0.0/23"}
	net.cidr_merge(["0.0.0.0/1", "128.0.0.0/1"]) == {"0.0.0.0/0"}
	net.cidr_merge(["2001:db8::/33", "2001:db8:8000::/33"]) == {"2001:db8::/32"}
	net.cidr_merge(["::/1", "8000::/1"]) == {"::/0"}
	net.cidr_merge({"10.0.0.0/24", "10.0.1.0/24"}) == {"10.0.0.0/23"}
}

test_apart_contained_and_duplicates if {
	net.cidr_merge(["192.0.128.0/24", "192.0.130.0/24"]) == {"192.0.128.0/24", "192.0.130.0/24"}
	net.cidr_merge(["10.0.0.0/8", "10.1.0.0/16"]) == {"10.0.0.0/8"}
	net.cidr_merge(["10.0.0.0/8", "10.0.0.0/8"]) == {"10.0.0.0/8"}
	net.cidr_merge(["0.0.0.0/0", "10.0.0.0/8"]) == {"0.0.0.0/0"}
	net.cidr_merge(["10.0.0.0/24", "2001:db8::/32"]) == {"10.0.0.0/24", "2001:db8::/32"}
	net.cidr_merge([]) == set()
}

test_host_bits_and_prefix_digits if {
	net.cidr_merge(["10.0.0.5/8"]) == {"10.0.0.0/8"}
	net.cidr_merge(["2001:db8::1/64"]) == {"2001:db8::/64"}
	net.cidr_merge(["10.0.0.0/08"]) == {"10.0.0.0/8"}
	net.cidr_merge(["255.255.255.255/32", "255.255.255.254/32"]) == {"255.255.255.254/31"}
}

# A bare IPv4 address takes its class's mask (A /8, B /16, C and above /24), and keeps its
# host bits unless it is merged with something.
test_bare_ipv4_address_is_classful if {
	net.cidr_merge(["10.0.0.1"]) == {"10.0.0.1/8"}
	net.cidr_merge(["172.16.5.4"]) == {"172.16.5.4/16"}
	net.cidr_merge(["224.0.0.1"]) == {"224.0.0.1/24"}
	net.cidr_merge(["10.0.0.1", "10.0.0.0"]) == {"10.0.0.0/8"}
	net.cidr_merge(["10.0.0.1", "11.0.0.0/8"]) == {"10.0.0.0/7"}
	net.cidr_merge(["10.0.0.1", "12.0.0.0/8"]) == {"10.0.0.1/8", "12.0.0.0/8"}
	net.cidr_merge(["192.168.1.1", "192.168.2.1"]) == {"192.168.1.0/24", "192.168.2.0/24"}
	net.cidr_merge(["::ffff:10.0.0.1"]) == {"10.0.0.1/8"}
	net.cidr_merge(["1.2.3.4", "::ffff:1.2.3.5"]) == {"1.0.0.0/8"}
}

# An IPv4-mapped IPv6 network is written as IPv4, but is not merged like one.
test_ipv4_mapped_networks if {
	net.cidr_merge(["::ffff:10.0.0.0/104"]) == {"10.0.0.0/8"}
	net.cidr_merge(["::ffff:10.0.0.0/96"]) == {"0.0.0.0/0"}
	net.cidr_merge(["::ffff:10.0.0.0/120", "10.0.1.0/24"]) == {"10.0.0.0/24", "10.0.1.0/24"}
	net.cidr_merge(["::ffff:10.0.0.0/104", "11.0.0.0/8"]) == {"10.0.0.0/8", "11.0.0.0/8"}
	net.cidr_merge(["::ffff:10.0.0.0/104", "10.0.0.0/8"]) == {"10.0.0.0/8"}
	net.cidr_merge(["::/0", "0.0.0.0/0"]) == {"::/0"}
}
