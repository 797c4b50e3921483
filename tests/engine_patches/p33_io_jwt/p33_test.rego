package p33_test

# io.jwt.*: every expected value below is what OPA 1.20.2 returns for the same call (keys
# generated for these tests only). RSA PKCS#1 v1.5, HMAC and Ed25519 signatures are
# deterministic and compared byte for byte; ECDSA and PSS ones are random, so those tokens
# are checked by verifying them.

k := {
 "rsa": {
  "pub_pem": `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA08QlwAoI8n8qcSDeI9LV
xOPW4Pi2OkMa6Z0wvSOjLY2b5papWTerUu4Er1Xxy5tYTczCWyXb3+xgL/98BcAI
1S21v7R0myBPsdGH1mPvYfnp2ft68AMv0d5tzOwHcOLQyWdOO9xSn4Za3el5DIzA
TQcK4qcnHzQ8lu9pbFmTCq5RoJjrfABLjgSefnkHc7Ht6XKdvZCh+mK+xGVxtwB+
hniNPt55XLZd2XahHR4wdmI0s6uZo9gXra39xVZNQlvtM6/pjBVazxQbVS9i1rDg
X9pSSM2bfXkcrf/TA3pxQ8PBlqTXyw6Ot5MfGrtNakyiWqwrCKZCAl1NOAN0J4ts
LQIDAQAB
-----END PUBLIC KEY-----
`,
  "cert": `-----BEGIN CERTIFICATE-----
MIICqjCCAZKgAwIBAgICA+gwDQYJKoZIhvcNAQELBQAwFzEVMBMGA1UEAwwMZ292
bGludC10ZXN0MCAXDTIwMDEwMTAwMDAwMFoYDzIxMTkxMjA4MDAwMDAwWjAXMRUw
EwYDVQQDDAxnb3ZsaW50LXRlc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
AoIBAQDTxCXACgjyfypxIN4j0tXE49bg+LY6QxrpnTC9I6MtjZvmlqlZN6tS7gSv
VfHLm1hNzMJbJdvf7GAv/3wFwAjVLbW/tHSbIE+x0YfWY+9h+enZ+3rwAy/R3m3M
7Adw4tDJZ0473FKfhlrd6XkMjMBNBwripycfNDyW72lsWZMKrlGgmOt8AEuOBJ5+
eQdzse3pcp29kKH6Yr7EZXG3AH6GeI0+3nlctl3ZdqEdHjB2YjSzq5mj2Betrf3F
Vk1CW+0zr+mMFVrPFBtVL2LWsOBf2lJIzZt9eRyt/9MDenFDw8GWpNfLDo63kx8a
u01qTKJarCsIpkICXU04A3Qni2wtAgMBAAEwDQYJKoZIhvcNAQELBQADggEBAHC6
Lh6DnXg3DHghJl78nLnKCitExVDh86Ln1A1yBLiLvh/Y1GZq7brpKHWfKyk2HkC4
sT9RD9/Yst2CzSQ1zfDrQa1qFo8Z4oRvZlXIVGIxvvPfSc97lE2CVckuvtRV7XL1
vI85GnC3xpsrnGG227ifZQ5dFntTjQSA9e+MMrAFTNdZ/x/GaroxHwLlOkH1kkad
8/Is8ag6PZrBLSV/0SNDPPnqufXvooKYSkX1ovhkpxhRg98HkvGSIj56OYx/sNix
AYII887eMeE1GnQVQnLB1uifOH9CXIr7VRorvcKoP+3bfKyzpO3gH/l5KfX5WvLf
ct6/d9tAcCRTNbc1edM=
-----END CERTIFICATE-----
`,
  "jwk_pub": {
   "kty": "RSA",
   "n": "08QlwAoI8n8qcSDeI9LVxOPW4Pi2OkMa6Z0wvSOjLY2b5papWTerUu4Er1Xxy5tYTczCWyXb3-xgL_98BcAI1S21v7R0myBPsdGH1mPvYfnp2ft68AMv0d5tzOwHcOLQyWdOO9xSn4Za3el5DIzATQcK4qcnHzQ8lu9pbFmTCq5RoJjrfABLjgSefnkHc7Ht6XKdvZCh-mK-xGVxtwB-hniNPt55XLZd2XahHR4wdmI0s6uZo9gXra39xVZNQlvtM6_pjBVazxQbVS9i1rDgX9pSSM2bfXkcrf_TA3pxQ8PBlqTXyw6Ot5MfGrtNakyiWqwrCKZCAl1NOAN0J4tsLQ",
   "e": "AQAB"
  },
  "jwk_priv": {
   "kty": "RSA",
   "n": "08QlwAoI8n8qcSDeI9LVxOPW4Pi2OkMa6Z0wvSOjLY2b5papWTerUu4Er1Xxy5tYTczCWyXb3-xgL_98BcAI1S21v7R0myBPsdGH1mPvYfnp2ft68AMv0d5tzOwHcOLQyWdOO9xSn4Za3el5DIzATQcK4qcnHzQ8lu9pbFmTCq5RoJjrfABLjgSefnkHc7Ht6XKdvZCh-mK-xGVxtwB-hniNPt55XLZd2XahHR4wdmI0s6uZo9gXra39xVZNQlvtM6_pjBVazxQbVS9i1rDgX9pSSM2bfXkcrf_TA3pxQ8PBlqTXyw6Ot5MfGrtNakyiWqwrCKZCAl1NOAN0J4tsLQ",
   "e": "AQAB",
   "d": "BsGsXqszS-FozkE5NTVl4qlOUtE8pzE665c7Vd2MOEjbX4kRECqpibTUa2-3jkJ_l8Pfs57KnCNjkkR5hYlx_rM9qEcurUBjqo2_4sQ_gAXEQ1M1wfCoFu8c27vwJNbnyHVGVryZ2kMkJQ5s8UyQWiTOYRrqMaGuCTbMS0u0WFPWoa_knxgcRfyot5R4lFudcoIbw3fattNUYfgD_9mHNNnM1y4llJgOeJmp43-fyOJTYLoX9bGvdcGgsaREwkI8_RY1yYTDFHLi_PTJ0xa2l1TFm-KVnnOZT7BJ3ehMjG_OMFfb7Ua0tGry1ejO6gVe4pZe3D73VS-C5IkWmtm0AQ",
   "p": "8znCrltrfUqGv1qbn0L3bYZveVZq9J4VG9X6D7rbnAxBK8rXsgCcgvMnAOewGQNGi5h1GrL3Zu84-sogZcB0G8UasbXQBiBitN72ueb0yeGCdR8cfSlY8D3YvZQN_2e9fRRDd3uiYLkXqDovQNXNKAHps3K0QjeSANHH1ZTnmy0",
   "q": "3uNn5F4S3PF442VXcxuGP3vreuPTv-L4ZmolmhL5SvxbqFef2Elp6n1-s4hf2uhCcErnE9dVWMkZAxIcBc4t8JyXj0jrhEgZ5smAL4BhaCYG8gSScwue6sfcdMinhbmzbb_03uLAC9I0i_PP5YvFRjJobTnmTCto-l2qR0nBtQE",
   "dp": "GlIB00RpWWGbO1HezVk91Uha_9JuOJJyzlRVfyZFZZmd49NLjCOszC7r5Zks4UgNdkXFRmJfi3APxnPhFaHB7s9hmCGIpWETzWbjZDKuArq4l1wKhTDYQwcuUTWYXi8nvkVXF7L1W2osOTQysN1yGgY6-ARNpWzGC_inm2FFvvE",
   "dq": "Ltu8McSdTpntglEB648z0BDrVrCjCcpb0pwqP5QRmPQpCOEzF7OHcubjRjc7f7goj5cPsZoptTrB6WVbQtUvz0_8hQEdknfeCij-q_3ffJfSCftwFoOw60cNT_gHUBPUZxReFKWzHkkZBvtBD88ssC9UyPHNOuI9dbVPYSFeegE",
   "qi": "y6FlTVE0pcRH4-W4VFwI2_vs8y__O372czJ8AhqFeLWuNezIjnY_JuX6MXL9cEiPeFg79Xn7UjpbjUNX_XbiQPeI4_hTBd07vsrMn-2WQUKCXxQVZd0NSl1QzRfju-S02QoVhGxEvvZJU1f5634vjzJ9NTuZiPDXyCE0gCe0Y-4"
  }
 },
 "p256": {
  "pub_pem": `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcSKLWHaGeGMiVz6gM/5uAOq8be8R
K0MvOSkVQBCZPPySBX36Znk6AqJdwx1K9nR0M6fbw0sm6ls3k/BYQXN1aQ==
-----END PUBLIC KEY-----
`,
  "cert": `-----BEGIN CERTIFICATE-----
MIIBHTCBxKADAgECAgID6DAKBggqhkjOPQQDAjAXMRUwEwYDVQQDDAxnb3ZsaW50
LXRlc3QwIBcNMjAwMTAxMDAwMDAwWhgPMjExOTEyMDgwMDAwMDBaMBcxFTATBgNV
BAMMDGdvdmxpbnQtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABHEii1h2
hnhjIlc+oDP+bgDqvG3vEStDLzkpFUAQmTz8kgV9+mZ5OgKiXcMdSvZ0dDOn28NL
JupbN5PwWEFzdWkwCgYIKoZIzj0EAwIDSAAwRQIgF6evMj1rEd1woHzNBq2kMdkS
IfWjYRoXUhaoMEojtaoCIQDgaYhxcypA1aIJbb7m7yOgPTkNTZH48oWFaQj2kDfn
Iw==
-----END CERTIFICATE-----
`,
  "jwk_pub": {
   "kty": "EC",
   "crv": "P-256",
   "x": "cSKLWHaGeGMiVz6gM_5uAOq8be8RK0MvOSkVQBCZPPw",
   "y": "kgV9-mZ5OgKiXcMdSvZ0dDOn28NLJupbN5PwWEFzdWk"
  },
  "jwk_priv": {
   "kty": "EC",
   "crv": "P-256",
   "x": "cSKLWHaGeGMiVz6gM_5uAOq8be8RK0MvOSkVQBCZPPw",
   "y": "kgV9-mZ5OgKiXcMdSvZ0dDOn28NLJupbN5PwWEFzdWk",
   "d": "biSZbKtGmUKZN2LzuN_wiOWNyLm5R7b1YJG0kXiYsRk"
  }
 },
 "p384": {
  "pub_pem": `-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEvTFze9iNy69MAnxaY6VYkTu7xraDh/Lc
SQas8K5auBj3XnXNgPHawupH0PrPSC5VLIhHOa0TsKtiVSh3yx/NERgsE/HDkYA4
AZWSg8+PyKntK91oZ4EKwVvxrunLKm3a
-----END PUBLIC KEY-----
`,
  "cert": `-----BEGIN CERTIFICATE-----
MIIBWTCB4aADAgECAgID6DAKBggqhkjOPQQDAjAXMRUwEwYDVQQDDAxnb3ZsaW50
LXRlc3QwIBcNMjAwMTAxMDAwMDAwWhgPMjExOTEyMDgwMDAwMDBaMBcxFTATBgNV
BAMMDGdvdmxpbnQtdGVzdDB2MBAGByqGSM49AgEGBSuBBAAiA2IABL0xc3vYjcuv
TAJ8WmOlWJE7u8a2g4fy3EkGrPCuWrgY9151zYDx2sLqR9D6z0guVSyIRzmtE7Cr
YlUod8sfzREYLBPxw5GAOAGVkoPPj8ip7SvdaGeBCsFb8a7pyypt2jAKBggqhkjO
PQQDAgNnADBkAjArreyvZydHHMs1m3DQbfY7UEWh8SsFxF5/m4hNkHrVrWiK9iSe
yVzGu6v/nHZGPE8CMCoGYRHCeZXbe0I5MJyQ1ZAcQJoIX0XrKcNJxh46hqY6wU7E
9a8GO97xpTMUtC2JQA==
-----END CERTIFICATE-----
`,
  "jwk_pub": {
   "kty": "EC",
   "crv": "P-384",
   "x": "vTFze9iNy69MAnxaY6VYkTu7xraDh_LcSQas8K5auBj3XnXNgPHawupH0PrPSC5V",
   "y": "LIhHOa0TsKtiVSh3yx_NERgsE_HDkYA4AZWSg8-PyKntK91oZ4EKwVvxrunLKm3a"
  },
  "jwk_priv": {
   "kty": "EC",
   "crv": "P-384",
   "x": "vTFze9iNy69MAnxaY6VYkTu7xraDh_LcSQas8K5auBj3XnXNgPHawupH0PrPSC5V",
   "y": "LIhHOa0TsKtiVSh3yx_NERgsE_HDkYA4AZWSg8-PyKntK91oZ4EKwVvxrunLKm3a",
   "d": "CNHIs81fT5Tor1VrV4cCY87XjXReu0-Bn3VEEmehgravmybeXPU7wS8Umo3d-DJK"
  }
 },
 "ed25519": {
  "pub_pem": `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAfFNB3yfQx9vdusY/seqg/XwG76kfz3vvkF/TiEpqUrw=
-----END PUBLIC KEY-----
`,
  "cert": `-----BEGIN CERTIFICATE-----
MIHdMIGQoAMCAQICAgPoMAUGAytlcDAXMRUwEwYDVQQDDAxnb3ZsaW50LXRlc3Qw
IBcNMjAwMTAxMDAwMDAwWhgPMjExOTEyMDgwMDAwMDBaMBcxFTATBgNVBAMMDGdv
dmxpbnQtdGVzdDAqMAUGAytlcAMhAHxTQd8n0Mfb3brGP7HqoP18Bu+pH89775Bf
04hKalK8MAUGAytlcANBAA7g+qHM9rGLrkvhAv/OpNxb34djJjCSnEYFT1UyD8Oc
CDYZiHrxGCA4hj97A1+wfnUrqRPw0Wd1ZzJX32Kqvgk=
-----END CERTIFICATE-----
`,
  "jwk_pub": {
   "kty": "OKP",
   "crv": "Ed25519",
   "x": "fFNB3yfQx9vdusY_seqg_XwG76kfz3vvkF_TiEpqUrw"
  },
  "jwk_priv": {
   "kty": "OKP",
   "crv": "Ed25519",
   "x": "fFNB3yfQx9vdusY_seqg_XwG76kfz3vvkF_TiEpqUrw",
   "d": "atIst4yqIC1uWPK7bBtHLUGLou7vyAlDJFaTtplGmp4"
  }
 },
 "oct": {
  "secret": "my-secret-key",
  "jwk_priv": {
   "kty": "oct",
   "k": "bXktc2VjcmV0LWtleQ"
  }
 }
}

rs256_token := io.jwt.encode_sign({"alg": "RS256"}, {"sub": "x"}, k.rsa.jwk_priv)

test_encode_sign_hs256_and_rs256_bytes if {
	io.jwt.encode_sign({"alg": "HS256"}, {"sub": "x"}, k.oct.jwk_priv) == "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.LkO3bDZbOxPauV7FdAsek6gWxSZlmnApDDxJaYdZYao"
	io.jwt.encode_sign({"alg": "HS256", "typ": "JWT"}, {"sub": "x", "n": 1}, k.oct.jwk_priv) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuIjoxLCJzdWIiOiJ4In0.wZ5fEO-L0A4O-3UKonXZ-9769e-MB7biLdRkWKOhTg4"
	io.jwt.encode_sign({"alg": "HS512"}, {"a": "<&>", "b": [1, 2.5, null, true], "c": {"z": 1, "a": 2}}, k.oct.jwk_priv) == "eyJhbGciOiJIUzUxMiJ9.eyJhIjoiXHUwMDNjXHUwMDI2XHUwMDNlIiwiYiI6WzEsMi41LG51bGwsdHJ1ZV0sImMiOnsiYSI6MiwieiI6MX19.u7Lw2C3W25gDRjRNWU-QLYL09OT9ZpBE7Kx90ph1Ig3Izs7d56_z6HlvLO9v76XfsG4VndSp14pRfAYtLZIIOw"
	io.jwt.encode_sign_raw(`{"alg": "HS256" }`, `{"sub":  "x"}`, json.marshal(k.oct.jwk_priv)) == "eyJhbGciOiAiSFMyNTYiIH0.eyJzdWIiOiAgIngifQ.WBc-inpBeU6b7deT8D--mYdIMeZgLa0LCU1SM4I1KyM"
	io.jwt.encode_sign_raw(`{"alg":"HS256","typ":"text"}`, `not json`, json.marshal(k.oct.jwk_priv)) == "eyJhbGciOiJIUzI1NiIsInR5cCI6InRleHQifQ.bm90IGpzb24.XqWQ_gbCWv1eFRx_5-RNwhCDuIOx-NQhFSeRMzafoUU"
	io.jwt.encode_sign({"alg": "RS256"}, {"sub": "x"}, k.rsa.jwk_priv) == "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.V8l_8-ic5EUCWB67H-yVnA99heH0PPvcstQkKDOaaZPnyvJ674dqcu0S0ZTdolS59_c3sdTtYI1tXjylNTVtPUKRnw3Y1H-tEP093Ekq1zen0GHO2IK3y5yZHVRrzXSXbS1mEPqqh1oFMYF1x6_c_GRkYrS6fEfSpjW380X8yUyOnga6V7zrBv7vFsM-8khzvufh5MKb6YeKZfaKhOYNQyvZbMfcIunwj8bvEPMgQM8fGubW7eZ97S5DHr2b4to5sNZI9cyPhcyPtdyd-1kzwC7-zc7GRbVP_GR4Ik04E_X3DnaSe_xauHSqyKRJ4Ir_K5XtfFu0NfLWDRxlqIj7Cg"
	io.jwt.encode_sign({"alg": "RS512", "kid": "k1"}, {"iss": "me"}, k.rsa.jwk_priv) == "eyJhbGciOiJSUzUxMiIsImtpZCI6ImsxIn0.eyJpc3MiOiJtZSJ9.GQsyIrBjOCbjVuBN8_F4RPAwxCVeDFBus5uq3gGLb1KCQIZkVPcBpIABVOzIQ6EIxHEJdJmHFNMCKRGCAGGqgMKTYPFMq3FRnp3pYUWXPHTFvyKxSGuj5M3tas9lUh5g6zPsY7fd47D--CYQ_-tHezZ5zOjc8niD61Yj82z0b-8qAHSIRUuch9380SGsEaohwy6B8dIxY0LWfdviNqTw3QAgOo9DsCiaXzw5PEPhlT1rN_AJxbpSYutVHkqkwL5mGLoaUbOcSbPlsLu7c2t9bQ4PqCZqfItzTyMVPG01VBIX48T6cBjiuP82NKgyHnors8SG9F954MPHyKFryRTZfA"
	io.jwt.encode_sign({"alg": "EdDSA"}, {"sub": "x"}, k.ed25519.jwk_priv) == "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.QVy697Kx0II346hc0q5FBpOCABxBy7OZXaFTekeirK5zmqUxWtncUnTz4h34kMijJhjuP3j68DgMhmAwvrZNBw"
}

test_decode if {
	io.jwt.decode(io.jwt.encode_sign({"alg": "HS256"}, {"sub": "x"}, k.oct.jwk_priv)) == [{"alg": "HS256"}, {"sub": "x"}, "2e43b76c365b3b13dab95ec5740b1e93a816c526659a70290c3c4969875961aa"]
	io.jwt.decode(io.jwt.encode_sign_raw(`{"alg":"HS256","cty":"JWT"}`, json.marshal(io.jwt.encode_sign({"alg":"HS256"}, {"inner": true}, k.oct.jwk_priv)), json.marshal(k.oct.jwk_priv))) == [{"alg": "HS256"}, {"inner": true}, "3addd9a46921afd1d644b74c22c7f9237c1e226f7e3870c08896ed5291f201dc"]
	io.jwt.decode(io.jwt.encode_sign_raw(`{"alg":"HS256","a":1,"a":2}`, `{"b":1,"b":3}`, json.marshal(k.oct.jwk_priv))) == [{"a": 2, "alg": "HS256"}, {"b": 3}, "b68462754a865813153e26510606f1fffa464b4a74339b35cf5712795982e18e"]
	io.jwt.decode("e30.e30.") == [{}, {}, ""]
}

test_verify_key_formats if {
	io.jwt.verify_rs256(rs256_token, k.rsa.cert) == true
	io.jwt.verify_rs256(rs256_token, k.rsa.pub_pem) == true
	io.jwt.verify_rs256(rs256_token, json.marshal(k.rsa.jwk_pub)) == true
	io.jwt.verify_rs256(rs256_token, json.marshal({"keys": [k.p256.jwk_pub, k.rsa.jwk_pub]})) == true
	io.jwt.verify_rs256(rs256_token, concat("", ["junk before\n", k.rsa.cert])) == true
	io.jwt.verify_rs256(rs256_token, json.marshal(k.rsa.jwk_priv)) == false
	io.jwt.verify_rs256(rs256_token, k.p256.cert) == false
	io.jwt.verify_rs384(rs256_token, k.rsa.cert) == false
	io.jwt.verify_es256(rs256_token, k.rsa.cert) == false
	io.jwt.verify_es256(io.jwt.encode_sign({"alg": "ES256"}, {"s": 1}, k.p256.jwk_priv), k.p256.cert) == true
	io.jwt.verify_es256(io.jwt.encode_sign({"alg": "ES256"}, {"s": 1}, k.p256.jwk_priv), json.marshal(k.p256.jwk_pub)) == true
	io.jwt.verify_ps256(io.jwt.encode_sign({"alg": "PS256"}, {"s": 1}, k.rsa.jwk_priv), k.rsa.pub_pem) == true
	io.jwt.verify_ps512(io.jwt.encode_sign({"alg": "PS512"}, {"s": 1}, k.rsa.jwk_priv), k.rsa.cert) == true
	io.jwt.verify_eddsa(io.jwt.encode_sign({"alg": "EdDSA"}, {"s": 1}, k.ed25519.jwk_priv), k.ed25519.cert) == true
	io.jwt.verify_eddsa(io.jwt.encode_sign({"alg": "EdDSA"}, {"s": 1}, k.ed25519.jwk_priv), json.marshal(k.ed25519.jwk_pub)) == true
	io.jwt.verify_hs256(io.jwt.encode_sign({"alg": "HS256"}, {"s": 1}, k.oct.jwk_priv), "my-secret-key") == true
	io.jwt.verify_hs256(io.jwt.encode_sign({"alg": "HS256"}, {"s": 1}, k.oct.jwk_priv), "other") == false
	io.jwt.verify_hs512(io.jwt.encode_sign({"alg": "HS512"}, {"s": 1}, k.oct.jwk_priv), "my-secret-key") == true
	io.jwt.verify_hs384(io.jwt.encode_sign({"alg": "HS256"}, {"s": 1}, k.oct.jwk_priv), "my-secret-key") == false
}

test_verify_kid_and_jwks_alg if {
	io.jwt.verify_rs256(io.jwt.encode_sign({"alg": "RS256", "kid": "b"}, {"s": 1}, k.rsa.jwk_priv), json.marshal({"keys": [object.union(k.rsa.jwk_pub, {"kid": "a"}), object.union(k.p256.jwk_pub, {"kid": "b"})]})) == false
	io.jwt.verify_rs256(io.jwt.encode_sign({"alg": "RS256", "kid": "zz"}, {"s": 1}, k.rsa.jwk_priv), json.marshal({"keys": [object.union(k.rsa.jwk_pub, {"kid": "a"})]})) == true
	io.jwt.verify_rs256(rs256_token, json.marshal({"keys": [object.union(k.rsa.jwk_pub, {"alg": "RS384"})]})) == false
	io.jwt.verify_rs256(rs256_token, json.marshal({"keys": [object.union(k.rsa.jwk_pub, {"alg": "RSA-OAEP"})]})) == false
	io.jwt.verify_rs256(rs256_token, json.marshal({"keys": []})) == false
}

test_decode_verify_signature if {
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"sub": "x"}, k.oct.jwk_priv), {"secret": "my-secret-key"}) == [true, {"alg": "HS256"}, {"sub": "x"}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"sub": "x"}, k.oct.jwk_priv), {"secret": "bad"}) == [false, {}, {}]
	io.jwt.decode_verify(rs256_token, {"cert": k.rsa.cert}) == [true, {"alg": "RS256"}, {"sub": "x"}]
	io.jwt.decode_verify(rs256_token, {"cert": json.marshal(k.rsa.jwk_priv)}) == [true, {"alg": "RS256"}, {"sub": "x"}]
	io.jwt.decode_verify(rs256_token, {"cert": k.rsa.cert, "alg": "RS384"}) == [false, {}, {}]
	io.jwt.decode_verify(rs256_token, {"cert": k.rsa.cert, "alg": "RS256"}) == [true, {"alg": "RS256"}, {"sub": "x"}]
	io.jwt.decode_verify(rs256_token, {"secret": "my-secret-key"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"s": 1}, k.oct.jwk_priv), {"cert": json.marshal(k.oct.jwk_priv)}) == [true, {"alg": "HS256"}, {"s": 1}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "ES384"}, {"s": 1}, k.p384.jwk_priv), {"cert": k.p384.pub_pem}) == [true, {"alg": "ES384"}, {"s": 1}]
}

test_decode_verify_header if {
	io.jwt.decode_verify(io.jwt.encode_sign_raw(`{"alg":"HS256","crit":["x"],"x":1}`, `{}`, json.marshal(k.oct.jwk_priv)), {"secret": "my-secret-key"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign_raw(`{"alg":"HS256","crit":["kid"],"x":1}`, `{}`, json.marshal(k.oct.jwk_priv)), {"secret": "my-secret-key"}) == [true, {"alg": "HS256", "crit": ["kid"], "x": 1}, {}]
	io.jwt.decode_verify("e30.e30.AAAA", {"secret": "my-secret-key"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign_raw(`{"alg":"HS256","typ":"x","cty":"jwt"}`, io.jwt.encode_sign({"alg":"HS256"}, {"inner": true}, k.oct.jwk_priv), json.marshal(k.oct.jwk_priv)), {"secret": "my-secret-key"}) == [true, {"alg": "HS256"}, {"inner": true}]
	io.jwt.decode_verify(io.jwt.encode_sign_raw(`{"alg":"HS256","typ":"x","cty":"JWT"}`, io.jwt.encode_sign({"alg":"HS256"}, {"inner": true}, {"kty": "oct", "k": "b3RoZXI"}), json.marshal(k.oct.jwk_priv)), {"secret": "my-secret-key"}) == [false, {}, {}]
}

test_decode_verify_claims if {
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"exp": 10}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 10000000000}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"exp": 10}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 9999999999}) == [true, {"alg": "HS256"}, {"exp": 10}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"nbf": 10}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 10000000000}) == [true, {"alg": "HS256"}, {"nbf": 10}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"nbf": 10}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 9999999999}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"exp": 10.5}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 10400000000}) == [true, {"alg": "HS256"}, {"exp": 10.5}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"exp": 10}, k.oct.jwk_priv), {"secret": "my-secret-key"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"exp": 32503680000}, k.oct.jwk_priv), {"secret": "my-secret-key"}) == [true, {"alg": "HS256"}, {"exp": 32503680000}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"iss": "a", "aud": "b"}, k.oct.jwk_priv), {"secret": "my-secret-key", "iss": "a", "aud": "b"}) == [true, {"alg": "HS256"}, {"aud": "b", "iss": "a"}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"iss": "a"}, k.oct.jwk_priv), {"secret": "my-secret-key", "iss": "c"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {}, k.oct.jwk_priv), {"secret": "my-secret-key", "iss": "a"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"aud": ["b", "c"]}, k.oct.jwk_priv), {"secret": "my-secret-key", "aud": "c"}) == [true, {"alg": "HS256"}, {"aud": ["b", "c"]}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"aud": "b"}, k.oct.jwk_priv), {"secret": "my-secret-key"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {}, k.oct.jwk_priv), {"secret": "my-secret-key", "aud": "b"}) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"aud": ""}, k.oct.jwk_priv), {"secret": "my-secret-key"}) == [true, {"alg": "HS256"}, {"aud": ""}]
	io.jwt.decode_verify(io.jwt.encode_sign({"alg": "HS256"}, {"aud": ["a", 1, "x"]}, k.oct.jwk_priv), {"secret": "my-secret-key", "aud": "x"}) == [true, {"alg": "HS256"}, {"aud": ["a", 1, "x"]}]
}

# An X25519 JWK parses (OPA's JWK parser knows it) and verifies nothing.
test_x25519_jwk_verifies_nothing if {
	token := io.jwt.encode_sign({"alg": "EdDSA"}, {"s": 1}, k.ed25519.jwk_priv)
	io.jwt.verify_eddsa(token, json.marshal(k.ed25519.jwk_pub))
	not io.jwt.verify_eddsa(token, json.marshal({"kty": "OKP", "crv": "X25519", "x": k.ed25519.jwk_pub.x}))
}

# `time` as a rule passes it (`input.now_ns`, about 1.7e18, beyond 2^53): valid while the
# time is before `exp` and not before `nbf`, in seconds.
test_decode_verify_nanosecond_times if {
	now := 1700000000000000000
	hs := {"alg": "HS256"}
	c := {"secret": "my-secret-key", "time": now}
	io.jwt.decode_verify(io.jwt.encode_sign(hs, {"exp": 1700000001}, k.oct.jwk_priv), c) == [true, hs, {"exp": 1700000001}]
	io.jwt.decode_verify(io.jwt.encode_sign(hs, {"exp": 1700000000}, k.oct.jwk_priv), c) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign(hs, {"nbf": 1700000000}, k.oct.jwk_priv), c) == [true, hs, {"nbf": 1700000000}]
	io.jwt.decode_verify(io.jwt.encode_sign(hs, {"nbf": 1700000001}, k.oct.jwk_priv), c) == [false, {}, {}]
	io.jwt.decode_verify(io.jwt.encode_sign(hs, {"exp": 1700000000.5}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 1700000000400000000})[0]
	not io.jwt.decode_verify(io.jwt.encode_sign(hs, {"exp": 1700000000.5}, k.oct.jwk_priv), {"secret": "my-secret-key", "time": 1700000000600000000})[0]
}
