package p23_test

# net.cidr_contains reads its operands as Go's net package: an IPv4-mapped IPv6 address or
# network is contained in the IPv4 CIDR it maps; `::/0` holds no IPv4 address.
test_mapped_address if net.cidr_contains("10.0.0.0/8", "::ffff:10.0.0.1")

test_mapped_network if {
	net.cidr_contains("10.0.0.0/8", "::ffff:10.0.0.0/104")
	net.cidr_contains("::ffff:10.0.0.0/104", "10.0.0.1")
}

test_families_apart if {
	not net.cidr_contains("::/0", "10.0.0.1")
	not net.cidr_contains("0.0.0.0/0", "::1")
}

test_unchanged if {
	net.cidr_contains("10.0.0.1/8", "10.200.0.0")
	net.cidr_contains("10.0.0.0/8", "10.0.0.1/08")
	net.cidr_contains("10.0.0.0/8", "10.0.0.5/16")
	not net.cidr_contains("10.0.0.0/8", "10.0.0.0/7")
	net.cidr_contains("fd00::/16", "FD00::1")
}
