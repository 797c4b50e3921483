package p83_test

# providers.aws.sign_req signs a request object with AWS Signature Version 4 as OPA does.
# Every expected value is OPA 1.20.2's answer to the same call (scripts/opa-oracle.sh); the
# time is an argument, 2015-12-28T14:08:25Z unless a test says otherwise.

config := {"aws_access_key": "MYAWSACCESSKEYGOESHERE", "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE", "aws_service": "s3", "aws_region": "us-east-1"}

ts := 1451311705000000000

# s3 signs the payload hash (of the empty body) and sends it as x-amz-content-sha256.
test_s3_get_without_body if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3",
		"host": "example.com",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "20151228T140825Z"
	}
}

# A session token is sent and signed as x-amz-security-token.
test_session_token_is_signed if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, object.union(config, {"aws_session_token": "TOKEN"}), ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,Signature=1b63000f744a8087fb252f1eb33b54c9d8652c6e20c3f09363091238fa902967",
		"host": "example.com",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "20151228T140825Z",
		"x-amz-security-token": "TOKEN"
	}
}

# Only s3 and glacier get x-amz-content-sha256.
test_other_services_get_no_content_hash_header if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, object.union(config, {"aws_service": "execute-api"}), ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/execute-api/aws4_request,SignedHeaders=host;x-amz-date,Signature=5d4865507a478f62a25e14e446dbbd16bfbddcd3ce20974340f0d50ba843afa6",
		"host": "example.com",
		"x-amz-date": "20151228T140825Z"
	}
}

# The path is Go's EscapedPath (a space escaped, %41 kept), the query as written, the fragment
# dropped, the method as given.
test_path_and_query_signed_as_written if {
	providers.aws.sign_req({"method": "GET", "url": "https://example.com:8443/a b/%41?x=1&b=2#frag"}, config, ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0ac664e1175557d14ccfbfea8eddb727d530ba8a391e1c6fd08adbae749642a1",
		"host": "example.com:8443",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "20151228T140825Z"
	}
}

# Headers are signed by lower-case name, untrimmed; Authorization, User-Agent and X-Amzn-Trace-Id
# are not signed; a non-string value is ""; a caller's host is what is signed, though the URL's is
# returned.
test_caller_headers if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com", "headers": {"Foo": " bar ", "User-Agent": "ua", "authorization": "old", "X-Amzn-Trace-Id": "t", "n": 1, "host": "other.example"}}, config, ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;n;x-amz-content-sha256;x-amz-date,Signature=e370f9da2cdabce032315bd4d1b7c34a30d28696ce07088a69622e5ec0382c98",
		"Foo": " bar ",
		"User-Agent": "ua",
		"X-Amzn-Trace-Id": "t",
		"authorization": "old",
		"host": "example.com",
		"n": "",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "20151228T140825Z"
	}
}

# disable_payload_signing signs UNSIGNED-PAYLOAD instead of the body's hash, even over a caller's
# x-amz-content-sha256.
test_unsigned_payload if {
	providers.aws.sign_req({"method": "put", "url": "http://example.com/k", "raw_body": "data", "headers": {"x-amz-content-sha256": "mine"}}, object.union(config, {"disable_payload_signing": true}), ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=42ed9b18502056a54f0583149e037e57df288e09d834a0fd221729607524adba",
		"host": "example.com",
		"x-amz-content-sha256": "UNSIGNED-PAYLOAD",
		"x-amz-date": "20151228T140825Z"
	}
}

# raw_body is signed as is and wins over body.
test_raw_body_wins_over_body if {
	providers.aws.sign_req({"method": "put", "url": "http://example.com/k", "raw_body": "data", "body": {"a": 1}}, config, ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=0db4ad8a4eef6ee42fb8f2cf1dbbff4b8d2a42eb0c58f5a01f09cd899a7d8fc8",
		"host": "example.com",
		"x-amz-content-sha256": "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7",
		"x-amz-date": "20151228T140825Z"
	}
}

# The time is nanoseconds since the epoch, negative ones included.
test_time_before_epoch if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, -1).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/19691231/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=30a6aad03328d5989377b2654f65b72d88e70f1a559dee7aa45d663a74e7f6e2",
		"host": "example.com",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "19691231T235959Z"
	}
}

# OPA reads 1.0 as the integer 1.
test_time_literal_with_zero_fraction if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, 1.0).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/19700101/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=676a0a348a81e1220e0c108999ffef30d11d0db82293b535489b7ca97b13774a",
		"host": "example.com",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "19700101T000000Z"
	}
}

# An opaque URL (mailto:) signs an empty host and path.
test_opaque_url_has_no_host if {
	providers.aws.sign_req({"method": "get", "url": "mailto:a@example.com"}, config, ts).headers == {
		"Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=02f025825b2b20088d9fb837d1f7d2751d4d2cc26caac729a0bd6f444d1ceade",
		"host": "",
		"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"x-amz-date": "20151228T140825Z"
	}
}

# The rest of the request object is returned unchanged, body included.
test_request_kept if {
	req := {"method": "get", "url": "http://example.com", "timeout": "5s", "body": {"a": 1}}
	signed := providers.aws.sign_req(req, config, ts)
	object.remove(signed, {"headers"}) == req
}

# body is signed as json.marshal writes it (keys sorted, a set as an array, <, > and & escaped).
test_body_signed_as_json_marshal if {
	body := {"b": {3, 1}, "a": "<&>"}
	with_body := providers.aws.sign_req({"method": "put", "url": "http://example.com/k", "body": body}, config, ts)
	with_raw := providers.aws.sign_req({"method": "put", "url": "http://example.com/k", "raw_body": json.marshal(body)}, config, ts)
	with_body.headers == with_raw.headers
	with_body.headers["x-amz-content-sha256"] == "9b5a7f01a08a3b1d31b1c64cbcd6693f341878d6304356f3cbf2f15a6bce2d5b"
}

# A computed time is as good as a literal one.
test_computed_time if {
	providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, 1451311705 * 1000000000) == providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, ts)
}

# What is signed matters: another secret, region, time or header gives another signature.
test_signature_depends_on_what_is_signed if {
	req := {"method": "get", "url": "http://example.com"}
	base := providers.aws.sign_req(req, config, ts).headers.Authorization
	base != providers.aws.sign_req(req, object.union(config, {"aws_secret_access_key": "other"}), ts).headers.Authorization
	base != providers.aws.sign_req(req, object.union(config, {"aws_region": "eu-west-1"}), ts).headers.Authorization
	base != providers.aws.sign_req(req, config, ts + 1000000000).headers.Authorization
	base != providers.aws.sign_req(object.union(req, {"headers": {"a": "b"}}), config, ts).headers.Authorization
}

# An unsigned header does not change the signature.
test_unsigned_headers_do_not_change_the_signature if {
	req := {"method": "get", "url": "http://example.com"}
	base := providers.aws.sign_req(req, config, ts).headers.Authorization
	base == providers.aws.sign_req(object.union(req, {"headers": {"User-Agent": "x"}}), config, ts).headers.Authorization
}

# Refusals: a builtin error, undefined under `opa test` and `govlint test`. Their messages are
# checked in tests/engine_patches.rs.
test_missing_config_keys_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com"}, {"aws_access_key": "a"}, ts)

test_non_string_config_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com"}, object.union(config, {"aws_region": 1}), ts)

test_non_boolean_payload_signing_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com"}, object.union(config, {"disable_payload_signing": "true"}), ts)

test_missing_url_refused if not providers.aws.sign_req({"method": "get"}, config, ts)

test_unknown_request_key_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com", "foo": 1}, config, ts)

test_non_string_method_refused if not providers.aws.sign_req({"method": 1, "url": "http://example.com"}, config, ts)

test_bad_url_escape_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com/%zz"}, config, ts)

test_exponent_time_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, -1e9)

test_time_beyond_int64_refused if not providers.aws.sign_req({"method": "get", "url": "http://example.com"}, config, 9223372036854775808)

# Go's url.Parse (patch 32's port, which this builtin reads URLs with) allows `[` in a host only
# around an IP literal: `invalid IP-literal`, before any port is looked at. A lone `]` is kept.
test_bracket_outside_ip_literal_refused if not uri.parse("//a[b")

test_bracket_before_bad_port_refused if not uri.is_valid("http://a[:x")

test_closing_bracket_kept if uri.parse("//a]") == {"hostname": "a]"}

test_bracket_in_host_refused_for_signing if not providers.aws.sign_req({"method": "get", "url": "http://a[b"}, config, ts)
