package p21_test

# crypto.md5/sha1/sha256 hash the string's UTF-8 bytes and give lower-case hex; the HMACs take
# the message first, then the key (any length, empty included); crypto.hmac.equal compares
# two strings byte for byte.
test_digests if {
	crypto.md5("abc") == "900150983cd24fb0d6963f7d28e17f72"
	crypto.sha1("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"
	crypto.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
}

test_empty_string if crypto.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

test_utf8_bytes if crypto.md5("héllo") == "be50e8478cf24ff3595bc7307fb91b50"

test_hmacs if {
	crypto.hmac.md5("msg", "key") == "18e3548c59ad40dd03907b7aeee71d67"
	crypto.hmac.sha1("msg", "key") == "102900b72b7bf1031eec76b4804b66052376896b"
	crypto.hmac.sha256("msg", "key") == "2d93cbc1be167bcb1637a4a23cbff01a7878f0c50ee833954ea5221bb1b8c628"
	crypto.hmac.sha512("msg", "key") == concat("", [
		"1e4b55b925ccc28ed90d9d18fc2393fcbe164c0d84e67e173cc5aa486b7afc10",
		"6633c66bdc309076f5f8d9fdbbb62456f894f2c23377fbcc12f4ab2940eb6d70",
	])
}

test_hmac_empty_key if crypto.hmac.sha256("msg", "") == "5f576a8d68fe4fb7eb823227246353c0870c3b0e878997341db1226b4bd88d61"

test_hmac_equal if {
	crypto.hmac.equal("abc", "abc")
	not crypto.hmac.equal("abc", "abd")
	not crypto.hmac.equal("abc", "ab")
	not crypto.hmac.equal("ABC", "abc")
	crypto.hmac.equal(crypto.hmac.sha256("m", "k"), crypto.hmac.sha256("m", "k"))
}

test_input_argument if {
	crypto.sha256(input.upn) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" with input.upn as "abc"
}
