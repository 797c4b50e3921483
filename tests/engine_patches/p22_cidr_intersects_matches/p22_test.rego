package p22_test

# net.cidr_intersects and net.cidr_contains_matches read CIDRs and addresses as Go's net
# package: host bits dropped, a prefix length with leading zeros accepted, an IPv4-mapped
# IPv6 network or address taken as the IPv4 one it maps; `::/0` meets no IPv4 address.
test_intersects if {
	net.cidr_intersects("10.0.0.0/8", "10.1.0.0/16")
	net.cidr_intersects("10.1.0.0/16", "10.0.0.0/8")
	not net.cidr_intersects("10.0.0.0/16", "10.1.0.0/16")
	net.cidr_intersects("fd00::/16", "fd00:1::/32")
}

test_intersects_host_bits_and_prefix if {
	net.cidr_intersects("10.0.0.1/8", "10.200.0.0/16")
	net.cidr_intersects("10.0.0.0/08", "10.0.0.0/8")
}

test_intersects_families if {
	not net.cidr_intersects("10.0.0.0/8", "fd00::/8")
	not net.cidr_intersects("::/0", "10.0.0.0/8")
	net.cidr_intersects("::ffff:10.0.0.0/104", "10.0.0.0/8")
	net.cidr_intersects("0.0.0.0/0", "::ffff:0:0/96")
	not net.cidr_intersects("::ffff:0:0/80", "10.0.0.0/8")
}

test_matches_strings if {
	net.cidr_contains_matches("10.0.0.0/8", "10.1.2.3") == {["10.0.0.0/8", "10.1.2.3"]}
	net.cidr_contains_matches("10.0.0.0/8", "11.1.2.3") == set()
	net.cidr_contains_matches("10.0.0.0/8", "10.0.0.0/8") == {["10.0.0.0/8", "10.0.0.0/8"]}
	net.cidr_contains_matches("10.0.0.0/8", "10.0.0.0/7") == set()
	net.cidr_contains_matches("10.0.0.0/8", "10.0.0.5/16") == {["10.0.0.0/8", "10.0.0.5/16"]}
}

test_matches_keys if {
	cidrs := ["10.0.0.0/8", "192.168.0.0/16"]
	ips := ["10.1.2.3", "192.168.1.0/24", "1.1.1.1"]
	net.cidr_contains_matches(cidrs, ips) == {[0, 0], [1, 1]}
	net.cidr_contains_matches({"10.0.0.0/8", "192.168.0.0/16"}, {"10.1.2.3"}) == {["10.0.0.0/8", "10.1.2.3"]}
}

test_matches_objects_and_tuples if {
	named := {"corp": "10.0.0.0/8", "lab": ["192.168.0.0/16", "lab network"]}
	signins := {"s1": ["10.1.2.3", {"user": "a"}], "s2": "192.168.7.7", "s3": "8.8.8.8"}
	net.cidr_contains_matches(named, signins) == {["corp", "s1"], ["lab", "s2"]}
	net.cidr_contains_matches([["10.0.0.0/8", "meta"]], "10.1.2.3") == {[0, "10.1.2.3"]}
	net.cidr_contains_matches({["10.0.0.0/8", 1]}, "10.0.0.1") == {[["10.0.0.0/8", 1], "10.0.0.1"]}
}

test_matches_families if {
	net.cidr_contains_matches("10.0.0.0/8", "::ffff:10.0.0.1") == {["10.0.0.0/8", "::ffff:10.0.0.1"]}
	net.cidr_contains_matches("::ffff:10.0.0.0/104", "10.1.0.0/16") == {["::ffff:10.0.0.0/104", "10.1.0.0/16"]}
	net.cidr_contains_matches("::/0", "10.0.0.1") == set()
	net.cidr_contains_matches("0.0.0.0/0", "::1") == set()
	net.cidr_contains_matches("fd00::/16", "FD00::1") == {["fd00::/16", "FD00::1"]}
}

test_matches_empty if {
	net.cidr_contains_matches([], "10.0.0.1") == set()
	net.cidr_contains_matches(input.cidrs, "10.0.0.1") == set() with input.cidrs as null
}
