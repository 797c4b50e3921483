package p32_test

# uri.parse and uri.is_valid read a URI as Go's url.Parse does; every value below is
# OPA 1.20.2's. uri.parse reports scheme (lower-cased), hostname, port, path (decoded),
# raw_path (as written when its escaping is not Go's own, else the path), raw_query (as
# written) and fragment (decoded), each only when not empty; user information and an
# opaque part (`mailto:a@b.com`) are not reported.

test_parse_full if {
	uri.parse("https://user:pw@example.com:8443/a/b%20c?x=1&y=2#frag") == {
		"scheme": "https", "hostname": "example.com", "port": "8443", "path": "/a/b c",
		"raw_path": "/a/b c", "raw_query": "x=1&y=2", "fragment": "frag",
	}
}

test_parse_parts if {
	uri.parse("https://example.com") == {"scheme": "https", "hostname": "example.com"}
	uri.parse("HTTP://Example.COM/") == {"scheme": "http", "hostname": "Example.COM", "path": "/", "raw_path": "/"}
	uri.parse("http://[::1]:80/") == {"scheme": "http", "hostname": "::1", "port": "80", "path": "/", "raw_path": "/"}
	uri.parse("http://[::1%25eth0]:8080/x") == {"scheme": "http", "hostname": "::1%eth0", "port": "8080", "path": "/x", "raw_path": "/x"}
	uri.parse("http://a%C3%A9b/") == {"scheme": "http", "hostname": "aéb", "path": "/", "raw_path": "/"}
	uri.parse("file:///etc/passwd") == {"scheme": "file", "path": "/etc/passwd", "raw_path": "/etc/passwd"}
	uri.parse("//host/path") == {"hostname": "host", "path": "/path", "raw_path": "/path"}
	uri.parse("http://example.com/a?b=%zz") == {"scheme": "http", "hostname": "example.com", "path": "/a", "raw_path": "/a", "raw_query": "b=%zz"}
	uri.parse("x#a%20b") == {"path": "x", "raw_path": "x", "fragment": "a b"}
}

test_parse_opaque_relative_and_empty if {
	uri.parse("mailto:a@b.com") == {"scheme": "mailto"}
	uri.parse("mailto:a?x=1#f") == {"scheme": "mailto", "raw_query": "x=1", "fragment": "f"}
	uri.parse("urn:isbn:0451450523") == {"scheme": "urn"}
	uri.parse("/relative/path?q") == {"path": "/relative/path", "raw_path": "/relative/path", "raw_query": "q"}
	uri.parse("not a uri") == {"path": "not a uri", "raw_path": "not a uri"}
	uri.parse("*") == {"path": "*", "raw_path": "*"}
	uri.parse("") == {}
}

test_parse_raw_path if {
	uri.parse("/a%2fb") == {"path": "/a/b", "raw_path": "/a%2fb"}
	uri.parse("/a%2Fb!c") == {"path": "/a/b!c", "raw_path": "/a%2Fb!c"}
	uri.parse("/é") == {"path": "/é", "raw_path": "/é"}
}

# For http and https a host's port starts at its first colon; for other schemes, and without
# one, at its last.
test_parse_port_colons if {
	uri.parse("foo://a:1:2/") == {"scheme": "foo", "hostname": "a:1", "port": "2", "path": "/", "raw_path": "/"}
	uri.parse("//a::1") == {"hostname": "a:", "port": "1"}
	uri.parse("http://h:/") == {"scheme": "http", "hostname": "h", "path": "/", "raw_path": "/"}
	uri.parse("http://1.2.3.4:65536/") == {"scheme": "http", "hostname": "1.2.3.4", "port": "65536", "path": "/", "raw_path": "/"}
	not uri.is_valid("http://a:1:2/")
	not uri.is_valid("https://a::1")
}

test_is_valid if {
	uri.is_valid("https://example.com/a?b=c#d")
	uri.is_valid("not a uri")
	uri.is_valid("/relative/path")
	uri.is_valid("mailto:a@b.com")
	uri.is_valid("a:b")
	uri.is_valid("http://[::1]:80/")
	not uri.is_valid("")
	not uri.is_valid("http://a b.com/")
	not uri.is_valid("http://a%20b/")
	not uri.is_valid("%zz")
	not uri.is_valid("http://example.com/%zz")
	not uri.is_valid("http://example.com/%4")
	not uri.is_valid(":foo")
	not uri.is_valid("1a:b")
	not uri.is_valid("http://host:port/")
	not uri.is_valid("http://[zz]/")
	not uri.is_valid("http://[::1/")
	not uri.is_valid("http://u s@h/")
	not uri.is_valid("x#%zz")
}
