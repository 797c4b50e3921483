package p35_test

# crypto.x509.* and crypto.parse_private_keys, judged by OPA 1.20.2: every want_* value below is
# OPA's own answer (Go's x509.Certificate, x509.CertificateRequest, tls.Certificate and key
# structs marshalled to JSON), recorded by asking OPA the same call on the certificates and
# keys here. The certificates, CSRs and keys were generated with openssl for this suite only
# (throwaway test keys, valid until 2122 or later): a root (RSA), an issuing CA (P-384,
# pathlen 0), a leaf under it (P-256; DNS, wildcard, IPv4/IPv6, e-mail and URI SANs, key and
# extended key usages with an unknown OID, AIA, CRL distribution point, policy), a leaf signed
# with RSA-PSS, a name-constrained CA with policy constraints, an Ed25519 self-signed
# certificate, and RSA (PKCS#1, PKCS#8), EC (SEC 1) and Ed25519 (PKCS#8) private keys.

ca_pem := `-----BEGIN CERTIFICATE-----
MIIDXzCCAkegAwIBAgIBATANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzEN
MAsGA1UECgwEQWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3Qw
IBcNMjYxMjA0MTM1MDU0WhgPMjEyNjExMTAxMzUwNTRaMD4xCzAJBgNVBAYTAlVT
MQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFjbWUgUm9v
dDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAM+ND/C1O//w2dyCLKnW
mLUFoP5Ldnj84PsXdtxXKTUxZuHiIzPkZeZmbwvpzYfSdobOf0gNhh3j1VarIkLM
vs3DLbNWmPnhtf5nYAi0ZVJegwnit7YXxV8fJzlYLMOjUdfoS5WqKyBzsereGzHs
5pjusz2vx54N1xXDhuOBPtCBBUITdP+HZSSfoRdNgbm6SY0GWXWX6qnqOZR98tsa
ZmKy91YSSa83o9X3tHcOWBrnHZjx6W+JS25ask4vRorlF6gZLaNiNI1ARYggmObv
pEII6uUZlAkogdp9yb07DBzC/AUrnHYF4gDxHZsXncCBGFrAhOwLLln8JuJAbTt+
m8ECAwEAAaNmMGQwHQYDVR0OBBYEFHMAHO2CKUfHlYhcgYHTsEhE4dgOMB8GA1Ud
IwQYMBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgOMBIGA1UdEwEB/wQIMAYBAf8CAQEw
DgYDVR0PAQH/BAQDAgEGMA0GCSqGSIb3DQEBCwUAA4IBAQAhkxohEGCh2ZDUfWh/
GVsGBIau6gxR8fyzDX9NI7js+AbF8ljDXs+ngi8gs871fdWUgqQ5nDipgNb7zEF+
Hhi9tnnDrrbiOiE4YMwH0N2CEkYkAJNCKBFDQj9lgQmTkNmTyKB31ARghnYY9PkP
0v91OgaXo75kwXQXr+PlzCQUvJ58zpS8rbiHo2aBSaqZm2dPbpXTcDFzHmJ0d1BZ
FguBVxKmlv03xODQDwc9JX56zHs9ibISN+7d2AbKDbM9LUEisvyIJ/74GN9eAF2M
oNt+RxtsqZOuEPoljUOBzgYs/3Zf58kL9FIL9B0grV2aNIpdDtXPqvksMr/RsAIz
mvCq
-----END CERTIFICATE-----
`

int_pem := `-----BEGIN CERTIFICATE-----
MIICwDCCAaigAwIBAgIBAjANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzEN
MAsGA1UECgwEQWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3Qw
IBcNMjYxMjA0MTM1MDU0WhgPMjEyNTA2MjgxMzUwNTRaMCwxDTALBgNVBAoMBEFj
bWUxGzAZBgNVBAMMEkFjbWUgSXNzdWluZyBQLTM4NDB2MBAGByqGSM49AgEGBSuB
BAAiA2IABC+DEuqx+gALfnfK0xR3JCVuGsZBu0dUheXYZMA/X3HU9noQlsSFEwCS
k62gQExPHYiOgWAceQD7GXDkvj4IxvE7CuBmjqT/p+CAVUQFIsMaLoapuktOYvzi
B6knp3pOj6OBhjCBgzASBgNVHRMBAf8ECDAGAQH/AgEAMA4GA1UdDwEB/wQEAwIB
BjAdBgNVHSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwHQYDVR0OBBYEFN2ETI3n
9GN+7iUl3VxgQa1YMchWMB8GA1UdIwQYMBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgO
MA0GCSqGSIb3DQEBCwUAA4IBAQAAGHBTXcxm9+3DPTBqceIDUgSAe54xSdVqQ6YS
rNtFDSDK6IImSXSJ5O9BAQzk9+veo01rwK25nBSL03R29TGEYwof0uHbVdglvLFG
xHFi9T+MxHK5geKReTVz/lJJPWJxP3uZfLRpC80+o7ZHFg1y+8bNBeIMSUoZjNJh
2zn2aOFkXC/cha9inLwtFFIn4Vep7yvkEpFk0Xb7GkmqmYRw3jx9xOWTd5vhHtJ4
Zz2/Ufz89FM6V3QT4k6/i49Y9kGkRx8Rz+Z2vT4X5gnTZTWaDhoj9qrH3zDZWTwn
jxkZKDOuy5NHW4T2XL9mfqzFTubi3o9ffGxCf8S4QVTjAQ9O
-----END CERTIFICATE-----
`

leaf_pem := `-----BEGIN CERTIFICATE-----
MIIDnzCCAyWgAwIBAgIBAzAKBggqhkjOPQQDAzAsMQ0wCwYDVQQKDARBY21lMRsw
GQYDVQQDDBJBY21lIElzc3VpbmcgUC0zODQwIBcNMjYxMjA0MTM1MDU0WhgPMjEy
MjEwMDIxMzUwNTRaMIGmMQswCQYDVQQGEwJERTEPMA0GA1UECAwGQmF5ZXJuMQ8w
DQYDVQQHDAZNdW5pY2gxDzANBgNVBAkMBk1haW4gMTEOMAwGA1UEEQwFODAwMDAx
CzAJBgNVBAUTAjQyMR4wHAYJKoZIhvcNAQkBFg9vcHNAZXhhbXBsZS5jb20xDTAL
BgNVBAoMBEFjbWUxGDAWBgNVBAMMD2FwcC5leGFtcGxlLmNvbTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABN4sFy8zMh+GAPo6sxOOXxNaeULzNrhoKl4efTn1im7X
Q/iBEwt8rFq3d0QpR4W+HY7VrCgJhmBJYgWHB/7xxrCjggG5MIIBtTCBmwYDVR0R
BIGTMIGQgg9hcHAuZXhhbXBsZS5jb22CESouYXBpLmV4YW1wbGUuY29thwQKAQID
hxAgAQ24AAAAAAAAAAAAAAABgQ9vcHNAZXhhbXBsZS5jb22GG3NwaWZmZTovL2V4
YW1wbGUuY29tL25zL2FwcIYkaHR0cHM6Ly91QGV4YW1wbGUuY29tOjg0NDMvYSUy
MGI/eD0xMA4GA1UdDwEB/wQEAwIHgDAYBgNVHSUEETAPBggrBgEFBQcDAQYDKgME
MAkGA1UdEwQCMAAwXAYIKwYBBQUHAQEEUDBOMCMGCCsGAQUFBzABhhdodHRwOi8v
b2NzcC5leGFtcGxlLmNvbTAnBggrBgEFBQcwAoYbaHR0cDovL2NhLmV4YW1wbGUu
Y29tL2kuY3J0MC0GA1UdHwQmMCQwIqAgoB6GHGh0dHA6Ly9jcmwuZXhhbXBsZS5j
b20vaS5jcmwwEwYDVR0gBAwwCjAIBgZngQwBAgIwHQYDVR0OBBYEFGIJ8a0YAYqS
2QRm1zsSKLn6ffohMB8GA1UdIwQYMBaAFN2ETI3n9GN+7iUl3VxgQa1YMchWMAoG
CCqGSM49BAMDA2gAMGUCMHhtD/kaiHG2htRJlDgAp2gCZWUkYd4QPD4TtrZCgNNU
+7MC6D7qzmzCfIoIPsTZdwIxAP4x61daXU7NzxNh6zFdr+UbzkWVRigb6uL4bD/N
uY6a5JepP5UpSexFxixyZcVSeg==
-----END CERTIFICATE-----
`

ed_pem := `-----BEGIN CERTIFICATE-----
MIIBPzCB8qADAgECAgEEMAUGAytlcDAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYt
c2lnbmVkMCAXDTI2MTIwNDEzNTA1NFoYDzIxMjYxMTEwMTM1MDU0WjAeMRwwGgYD
VQQDDBNlZDI1NTE5IHNlbGYtc2lnbmVkMCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+
mmDoSh0ZIishmhM3l/71OEaQKjSjUzBRMB0GA1UdDgQWBBQXqpZsh+lMg+qLGl32
qKAeSW1rzzAfBgNVHSMEGDAWgBQXqpZsh+lMg+qLGl32qKAeSW1rzzAPBgNVHRMB
Af8EBTADAQH/MAUGAytlcANBALLcy3sXOdMdOU1byKJg7Ng0ttEy/JAHG5abYk/6
Vm3K/IXvqBKiOlrzW4Hn3IRDyhD8NFf7EaV4viBljHzKyAw=
-----END CERTIFICATE-----
`

pss_pem := `-----BEGIN CERTIFICATE-----
MIIDsDCCAmSgAwIBAgIBBTBBBgkqhkiG9w0BAQowNKAPMA0GCWCGSAFlAwQCAQUA
oRwwGgYJKoZIhvcNAQEIMA0GCWCGSAFlAwQCAQUAogMCASAwPjELMAkGA1UEBhMC
VVMxDTALBgNVBAoMBEFjbWUxDDAKBgNVBAsMA1NlYzESMBAGA1UEAwwJQWNtZSBS
b290MCAXDTI2MTIwNDEzNTA1NVoYDzIxMjUwNjI4MTM1MDU1WjAaMRgwFgYDVQQD
DA9wc3MuZXhhbXBsZS5jb20wggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB
AQCnREfrtpo/s97Pg8Dn+jrg5SIRpXvsigW+9D6ZtwVzRsT5NSbtPernEbUoIVrs
aqqh3lXet9aQ41KLzSOJrjT/3rOJQlJayaOBVd4p0lGKJ31l/+H9/Ys542R/00hW
ydCNSuk7pQY8nASjZLRjTW2lkoSNYu0mwSeXlEaD5FCygXYF6m2Xlbvpr7fAvflv
uK0pBiJhcvCVoFHWE8NhEmdfQndj4zHp++IncAnxa+BMupFfVx8NV8/bt/E4AZVa
hr0Yuq6FaWpd83eNMtwd902MqiSmhsOZfKa+9TfR4u4/YNtYnp8U5LPI9si1PKmQ
9yTXB6oNw4U6f9C0hW9Rc/jFAgMBAAGjczBxMBoGA1UdEQQTMBGCD3Bzcy5leGFt
cGxlLmNvbTATBgNVHSUEDDAKBggrBgEFBQcDAjAdBgNVHQ4EFgQUiDS5aShvbqvo
kdU+B2aQCjujX70wHwYDVR0jBBgwFoAUcwAc7YIpR8eViFyBgdOwSETh2A4wQQYJ
KoZIhvcNAQEKMDSgDzANBglghkgBZQMEAgEFAKEcMBoGCSqGSIb3DQEBCDANBglg
hkgBZQMEAgEFAKIDAgEgA4IBAQBl2bKcRfHnILM1oY2X1MYOZF64vGis9/lbLxrX
/dlzhBVgaKVoL953AbCMrt5Kig5RGt1brUrcF6lBkgb3dlGSLvDDr8ktWTxTfhXL
FONVeb6rt6BGMpCGKaU2zRLyNbS4oP6XzRrWobZrql7f+ElnApgSDPwRYmbiZDsS
OF4ftb3Q4jwUJcQQ2gpJ41ZIhy8kNSrw2up/eOcy6YQk8fJanItuvCGYTtznkFSg
2O7QxRg5jL/rG8NPMcD8IUrfVMeDd/PgEltBN+lFsEBazTKUmLe2ojJRZXvbnkRt
RTQnHDS7kPbvTsQoGTwpqq6Qylj9bSMTO2QNDv3Mcb0JENoh
-----END CERTIFICATE-----
`

nc_pem := `-----BEGIN CERTIFICATE-----
MIIC1TCCAb2gAwIBAgIBBjANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzEN
MAsGA1UECgwEQWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3Qw
IBcNMjYxMjA0MTM1MDU1WhgPMjEyNTA2MjgxMzUwNTVaMBYxFDASBgNVBAMMC2Nv
bnN0cmFpbmVkMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEL4MS6rH6AAt+d8rTFHck
JW4axkG7R1SF5dhkwD9fcdT2ehCWxIUTAJKTraBATE8diI6BYBx5APsZcOS+PgjG
8TsK4GaOpP+n4IBVRAUiwxouhqm6S05i/OIHqSenek6Po4GxMIGuMBIGA1UdEwEB
/wQIMAYBAf8CAQAwOwYDVR0eAQH/BDEwL6AcMA6CDC5leGFtcGxlLmNvbTAKhwgK
AAAA/wAAAKEPMA2BC2JhZC5leGFtcGxlMA8GA1UdJAQIMAaAAQCBAQIwCgYDVR02
BAMCAQEwHQYDVR0OBBYEFN2ETI3n9GN+7iUl3VxgQa1YMchWMB8GA1UdIwQYMBaA
FHMAHO2CKUfHlYhcgYHTsEhE4dgOMA0GCSqGSIb3DQEBCwUAA4IBAQAb0vY8KNcc
cE+TyhcxeHXEMDzJxgL12IbJKGHzhdeujZSwT7E+Ap0ZF0YqojhRHyFasVFYxMz1
wTOO7SDsj7dvfBx9FiAseY/LOXBZ/goXb3x8KhaCLW7kni+KEg3R9NbxZazWDxlS
XEmwY7IU9Fp2pPytFCyxIJiRe9DZAM9GHYxWa3wzgD9IMQrDgSZbAdAhmQee7WPA
So9FEuQhwrFYCH8xYUwVS9xyfiivhXIHVKQypsEYEKSCHvDC/bmWNJENugFdk8J7
KuWFphEdDxnySk8ZiHo386aasMfakOCHe5tu+oTVYe2F5p/2aE/3DMsdoa7sJdI4
0UCSbP+hTggl
-----END CERTIFICATE-----
`

rsaself_pem := `-----BEGIN CERTIFICATE-----
MIIDBDCCAeygAwIBAgIBBzANBgkqhkiG9w0BAQsFADAaMRgwFgYDVQQDDA9yc2Eg
c2VsZi1zaWduZWQwIBcNMjYxMjA0MTM1MDU1WhgPMjEyNjExMTAxMzUwNTVaMBox
GDAWBgNVBAMMD3JzYSBzZWxmLXNpZ25lZDCCASIwDQYJKoZIhvcNAQEBBQADggEP
ADCCAQoCggEBAKdER+u2mj+z3s+DwOf6OuDlIhGle+yKBb70Ppm3BXNGxPk1Ju09
6ucRtSghWuxqqqHeVd631pDjUovNI4muNP/es4lCUlrJo4FV3inSUYonfWX/4f39
iznjZH/TSFbJ0I1K6TulBjycBKNktGNNbaWShI1i7SbBJ5eURoPkULKBdgXqbZeV
u+mvt8C9+W+4rSkGImFy8JWgUdYTw2ESZ19Cd2PjMen74idwCfFr4Ey6kV9XHw1X
z9u38TgBlVqGvRi6roVpal3zd40y3B33TYyqJKaGw5l8pr71N9Hi7j9g21ienxTk
s8j2yLU8qZD3JNcHqg3DhTp/0LSFb1Fz+MUCAwEAAaNTMFEwHQYDVR0OBBYEFIg0
uWkob26r6JHVPgdmkAo7o1+9MB8GA1UdIwQYMBaAFIg0uWkob26r6JHVPgdmkAo7
o1+9MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAEFOg0D37Zwu
0lKb4B9675j4kXKBLq6uKxtKbJNiOn/zZIoU0H0WlRbo1hBFMI8zaBN97bvt3pDr
fuWG9MMYLrAz1EEQJRUc9Xs5IXFTGikcorCqAENbUOJ0Ur3z7/4cWYLAF3Sr5Qc/
nztQhk26VEHOQ4QPTBKqplS824tT2Nh9t4CMmS6aOPK0lvO6Uc7Pr17I9XQ48SIz
OdF+iKrfrL+zdJCltx2RfODwfRMWBnLfk2kjEs6rI3KiqgxGWmq2pdBOAcElUGbZ
q0l6Fv1Q36TVpFDVaRb03WeuLBOOElHbMqCqYQk9mmys0Iili+y111QicYnhQhC0
s2rKZfBb0Uc=
-----END CERTIFICATE-----
`

leaf_csr_pem := `-----BEGIN CERTIFICATE REQUEST-----
MIIBZDCCAQkCAQAwgaYxCzAJBgNVBAYTAkRFMQ8wDQYDVQQIDAZCYXllcm4xDzAN
BgNVBAcMBk11bmljaDEPMA0GA1UECQwGTWFpbiAxMQ4wDAYDVQQRDAU4MDAwMDEL
MAkGA1UEBRMCNDIxHjAcBgkqhkiG9w0BCQEWD29wc0BleGFtcGxlLmNvbTENMAsG
A1UECgwEQWNtZTEYMBYGA1UEAwwPYXBwLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2uGgqXh59OfWKbtdD
+IETC3ysWrd3RClHhb4djtWsKAmGYEliBYcH/vHGsKAAMAoGCCqGSM49BAMCA0kA
MEYCIQCYriFyWq5bNXj2RPRn3pnPnJt1q109TfmDqH06yvmfXwIhAKWVE/sSBjd/
ONP/pnAYGQa1bwnj1XC9CfqkV5Twex20
-----END CERTIFICATE REQUEST-----
`

pss_csr_pem := `-----BEGIN CERTIFICATE REQUEST-----
MIICkjCCAXoCAQAwGjEYMBYGA1UEAwwPcHNzLmV4YW1wbGUuY29tMIIBIjANBgkq
hkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp0RH67aaP7Pez4PA5/o64OUiEaV77IoF
vvQ+mbcFc0bE+TUm7T3q5xG1KCFa7Gqqod5V3rfWkONSi80jia40/96ziUJSWsmj
gVXeKdJRiid9Zf/h/f2LOeNkf9NIVsnQjUrpO6UGPJwEo2S0Y01tpZKEjWLtJsEn
l5RGg+RQsoF2Beptl5W76a+3wL35b7itKQYiYXLwlaBR1hPDYRJnX0J3Y+Mx6fvi
J3AJ8WvgTLqRX1cfDVfP27fxOAGVWoa9GLquhWlqXfN3jTLcHfdNjKokpobDmXym
vvU30eLuP2DbWJ6fFOSzyPbItTypkPck1weqDcOFOn/QtIVvUXP4xQIDAQABoDMw
MQYJKoZIhvcNAQkOMSQwIjAgBgNVHREEGTAXgg9wc3MuZXhhbXBsZS5jb22HBMAA
AgcwDQYJKoZIhvcNAQELBQADggEBAFqmLPXtkmhDA8J1NIMaAdiOqRycU4ClRaVY
o8Joc1n0RL/1xNThzt8OkH4iBCjV/pam5pgzgxsk6srW22Y7wExDnJiIhi2xS6s/
rTgQUDLDfArDywaBg0IFKIA5ntv1KtwrsWa+Bl5y5oVKoo4eotuPFqy63KfOzt7I
vVWS6xYMQ/6k3X2tGrimV7rNTXV5NTb7nkQitA2jZGWsPwtgakHSxmoiM6B6Q1fk
Mjvn3Nf6iqshBN7XIvIDgDiMh9WaTi+HDsJJsHpi8/HagLa1iANIYprnQU0gwIaR
w2Xh6ql9oKft7JbbMgYDG2R4LqfNUc7oromRNfimdSC6wb6v/+I=
-----END CERTIFICATE REQUEST-----
`

rsa_key_pem := `-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAp0RH67aaP7Pez4PA5/o64OUiEaV77IoFvvQ+mbcFc0bE+TUm
7T3q5xG1KCFa7Gqqod5V3rfWkONSi80jia40/96ziUJSWsmjgVXeKdJRiid9Zf/h
/f2LOeNkf9NIVsnQjUrpO6UGPJwEo2S0Y01tpZKEjWLtJsEnl5RGg+RQsoF2Bept
l5W76a+3wL35b7itKQYiYXLwlaBR1hPDYRJnX0J3Y+Mx6fviJ3AJ8WvgTLqRX1cf
DVfP27fxOAGVWoa9GLquhWlqXfN3jTLcHfdNjKokpobDmXymvvU30eLuP2DbWJ6f
FOSzyPbItTypkPck1weqDcOFOn/QtIVvUXP4xQIDAQABAoIBAAeSG7U+0+Pe1s6X
fPNvzBsIxyfh6ky0mvnF7h1tmMJ03HTkVuMCQryufJlL5TGLl5yK+ftok76FsEmu
mvvgCPsTaX0X2OI0e5rFHn1pgEWCCXcRg8X7JCjJf4kZMMGCeFa+byipczGEGEhy
+VOZs6t8vCFc7gH4JSKDVHiJkxN5NzMryYGFk5ajlCKJmW/O63vvtlnkIgvrdDd0
HBdZF/D84mlhFSQt6w4N8A8WXcpTR3O6uin5I1NHdkw8V4HqSeb7zTaqBxSZ2Gbk
7GGYAWiFaNbyy+rIN1eWZdxEvGl26idnW4DvQ2SRuUw6Nzm+oja5UVFgO06x3AcG
vCWzQ7MCgYEA4hXmm1guVwPQvSc0cLccLzKhA0NO5dKydWt4ef5lC82nKfrD9hzS
u3m7Gm+0VecDNpPYWeN6A3/1wG2zGBVoEWCGhwVV6GJCAeBSnrAQYQvzxu6sdrVv
1inbthOLISjR5jdTlfNRi/VG1YwLwevcSJ1bAXinfW9a06cskV1Lif8CgYEAvWYI
/ihjcMoD6zOybTLR3vh5p3D79bLyIT4FMY+XKVnNEIteEaMb3/BBaNQ6l+VTgRho
+HzfTNGUidQ8k+ky809jfdua+2ZuJuCe9DnNXFuIFdThwogx8uMxC8vgJNuniyp3
U1xiaM0tuvtjk8m1nz0ftIb+pVHbfbjixcTG1TsCgYEAmjQN4g63LKpxiVJgNjDu
jFKf97XE7oRTLDttJOgay34tcjiTyB3Irg5NS6689YpnaqZUfprk8dYpLGKmMNsI
7DFGEHnXKnU6SEVUlN/JjCe20gygnScLbKuILBwQXUGWSMubuz8Gc8uL0MOAkXfp
+604ETzWIHv/GzV+9HcJuskCgYEAnXM/spo84LzwOQ2HHUSMOEJ0UACbVYxnwb7f
bm4iihu/YCucDil8uNPwbIdSFohsvPtf+ING14O7akFoAsZwttieqzhvROPIWsWN
HxcWY9sr7IpHDANREsxQL7BTLBD23bh17nT00o8Pn0vxYiDjvfeAbgFznFfKkl+r
FiIZ8ZUCgYAOzuUFoXI2QoJUz7kjE+N/jfW9AURUk1I7bPelvh7ZWjjZv4QDOWfg
gjq24fNfllxmjI6l5gM7DuaP2qtt+jlhEoKOmVShpfgFfwDD/vFXj7YhsvlNxHd5
Il48s3AUvqDh1Qy7wlflOPBk98dVuF3ysgsP5MIOf7HqjVIbgIZ/MA==
-----END RSA PRIVATE KEY-----
`

rsa_pkcs8_key_pem := `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCnREfrtpo/s97P
g8Dn+jrg5SIRpXvsigW+9D6ZtwVzRsT5NSbtPernEbUoIVrsaqqh3lXet9aQ41KL
zSOJrjT/3rOJQlJayaOBVd4p0lGKJ31l/+H9/Ys542R/00hWydCNSuk7pQY8nASj
ZLRjTW2lkoSNYu0mwSeXlEaD5FCygXYF6m2Xlbvpr7fAvflvuK0pBiJhcvCVoFHW
E8NhEmdfQndj4zHp++IncAnxa+BMupFfVx8NV8/bt/E4AZVahr0Yuq6FaWpd83eN
Mtwd902MqiSmhsOZfKa+9TfR4u4/YNtYnp8U5LPI9si1PKmQ9yTXB6oNw4U6f9C0
hW9Rc/jFAgMBAAECggEAB5IbtT7T497Wzpd882/MGwjHJ+HqTLSa+cXuHW2YwnTc
dORW4wJCvK58mUvlMYuXnIr5+2iTvoWwSa6a++AI+xNpfRfY4jR7msUefWmARYIJ
dxGDxfskKMl/iRkwwYJ4Vr5vKKlzMYQYSHL5U5mzq3y8IVzuAfglIoNUeImTE3k3
MyvJgYWTlqOUIomZb87re++2WeQiC+t0N3QcF1kX8PziaWEVJC3rDg3wDxZdylNH
c7q6KfkjU0d2TDxXgepJ5vvNNqoHFJnYZuTsYZgBaIVo1vLL6sg3V5Zl3ES8aXbq
J2dbgO9DZJG5TDo3Ob6iNrlRUWA7TrHcBwa8JbNDswKBgQDiFeabWC5XA9C9JzRw
txwvMqEDQ07l0rJ1a3h5/mULzacp+sP2HNK7ebsab7RV5wM2k9hZ43oDf/XAbbMY
FWgRYIaHBVXoYkIB4FKesBBhC/PG7qx2tW/WKdu2E4shKNHmN1OV81GL9UbVjAvB
69xInVsBeKd9b1rTpyyRXUuJ/wKBgQC9Zgj+KGNwygPrM7JtMtHe+HmncPv1svIh
PgUxj5cpWc0Qi14Roxvf8EFo1DqX5VOBGGj4fN9M0ZSJ1DyT6TLzT2N925r7Zm4m
4J70Oc1cW4gV1OHCiDHy4zELy+Ak26eLKndTXGJozS26+2OTybWfPR+0hv6lUdt9
uOLFxMbVOwKBgQCaNA3iDrcsqnGJUmA2MO6MUp/3tcTuhFMsO20k6BrLfi1yOJPI
HciuDk1Lrrz1imdqplR+muTx1iksYqYw2wjsMUYQedcqdTpIRVSU38mMJ7bSDKCd
Jwtsq4gsHBBdQZZIy5u7PwZzy4vQw4CRd+n7rTgRPNYge/8bNX70dwm6yQKBgQCd
cz+ymjzgvPA5DYcdRIw4QnRQAJtVjGfBvt9ubiKKG79gK5wOKXy40/Bsh1IWiGy8
+1/4g0bXg7tqQWgCxnC22J6rOG9E48haxY0fFxZj2yvsikcMA1ESzFAvsFMsEPbd
uHXudPTSjw+fS/FiIOO994BuAXOcV8qSX6sWIhnxlQKBgA7O5QWhcjZCglTPuSMT
43+N9b0BRFSTUjts96W+HtlaONm/hAM5Z+CCOrbh81+WXGaMjqXmAzsO5o/aq236
OWESgo6ZVKGl+AV/AMP+8VePtiGy+U3Ed3kiXjyzcBS+oOHVDLvCV+U48GT3x1W4
XfKyCw/kwg5/seqNUhuAhn8w
-----END PRIVATE KEY-----
`

ec_key_pem := `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIGyLF/OCpjr2ZXuqi9LUsmdJGXJB47Z6/X7oB/0fSajQoAoGCCqGSM49
AwEHoUQDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2uGgqXh59OfWKbtdD+IETC3ys
Wrd3RClHhb4djtWsKAmGYEliBYcH/vHGsA==
-----END EC PRIVATE KEY-----
`

ed_key_pem := `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIO7XLdNwfJ1OIZTaFbq2+UaCpYAKzCCTgScxC5ywQMcF
-----END PRIVATE KEY-----
`

# --- OPA's answers --------------------------------------------------------------------------

want_ca := {
	"AuthorityKeyId": "cwAc7YIpR8eViFyBgdOwSETh2A4=",
	"BasicConstraintsValid": true,
	"CRLDistributionPoints": null,
	"DNSNames": null,
	"EmailAddresses": null,
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": null,
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": null,
	"Extensions": [
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBRzABztgilHx5WIXIGB07BIROHYDg==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgO",
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  19],
			"Value": "MAYBAf8CAQE=",
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  15],
			"Value": "AwIBBg==",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": null,
	"InhibitAnyPolicy": 0,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 0,
	"InhibitPolicyMappingZero": false,
	"IsCA": true,
	"Issuer": {
		"CommonName": "Acme Root",
		"Country": [
			"US",
		],
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "US",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  11],
				"Value": "Sec",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Root",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": [
			"Sec",
		],
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": null,
	"KeyUsage": 96,
	"MaxPathLen": 1,
	"MaxPathLenZero": false,
	"NotAfter": "2126-11-10T13:50:54Z",
	"NotBefore": "2026-12-04T13:50:54Z",
	"OCSPServer": null,
	"PermittedDNSDomains": null,
	"PermittedDNSDomainsCritical": false,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": null,
	"PermittedURIDomains": null,
	"Policies": null,
	"PolicyIdentifiers": null,
	"PolicyMappings": null,
	"PublicKey": {
		"E": 65537,
		"N": 26200889524216533093729660175756849312651450625034852554773231317436323949733399420522155948813112003329174149635294201613046065142120470887018620056684355246853023288434455648502380769777497276139980709838982834750684733964420488932399804861822897114371393519539292680662323771688999166464217986559776605907975166322421782196067525288286284611901701770929724045440674821281489363120242837782070609939128681264402201809393333891436826450726446865677510239797353162284233495701900316614686185662123609989077722295611317534102319307547502905901165732710668577464882894849117070192508376563031611890577472812500738022337,
	},
	"PublicKeyAlgorithm": 1,
	"Raw": concat("", [
		"MIIDXzCCAkegAwIBAgIBATANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzENMAsGA1UECgwE",
		"QWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3QwIBcNMjYxMjA0MTM1MDU0WhgP",
		"MjEyNjExMTAxMzUwNTRaMD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANT",
		"ZWMxEjAQBgNVBAMMCUFjbWUgUm9vdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAM+N",
		"D/C1O//w2dyCLKnWmLUFoP5Ldnj84PsXdtxXKTUxZuHiIzPkZeZmbwvpzYfSdobOf0gNhh3j1Var",
		"IkLMvs3DLbNWmPnhtf5nYAi0ZVJegwnit7YXxV8fJzlYLMOjUdfoS5WqKyBzsereGzHs5pjusz2v",
		"x54N1xXDhuOBPtCBBUITdP+HZSSfoRdNgbm6SY0GWXWX6qnqOZR98tsaZmKy91YSSa83o9X3tHcO",
		"WBrnHZjx6W+JS25ask4vRorlF6gZLaNiNI1ARYggmObvpEII6uUZlAkogdp9yb07DBzC/AUrnHYF",
		"4gDxHZsXncCBGFrAhOwLLln8JuJAbTt+m8ECAwEAAaNmMGQwHQYDVR0OBBYEFHMAHO2CKUfHlYhc",
		"gYHTsEhE4dgOMB8GA1UdIwQYMBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgOMBIGA1UdEwEB/wQIMAYB",
		"Af8CAQEwDgYDVR0PAQH/BAQDAgEGMA0GCSqGSIb3DQEBCwUAA4IBAQAhkxohEGCh2ZDUfWh/GVsG",
		"BIau6gxR8fyzDX9NI7js+AbF8ljDXs+ngi8gs871fdWUgqQ5nDipgNb7zEF+Hhi9tnnDrrbiOiE4",
		"YMwH0N2CEkYkAJNCKBFDQj9lgQmTkNmTyKB31ARghnYY9PkP0v91OgaXo75kwXQXr+PlzCQUvJ58",
		"zpS8rbiHo2aBSaqZm2dPbpXTcDFzHmJ0d1BZFguBVxKmlv03xODQDwc9JX56zHs9ibISN+7d2AbK",
		"DbM9LUEisvyIJ/74GN9eAF2MoNt+RxtsqZOuEPoljUOBzgYs/3Zf58kL9FIL9B0grV2aNIpdDtXP",
		"qvksMr/RsAIzmvCq",
	]),
	"RawIssuer": concat("", [
		"MD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFj",
		"bWUgUm9vdA==",
	]),
	"RawSubject": concat("", [
		"MD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFj",
		"bWUgUm9vdA==",
	]),
	"RawSubjectPublicKeyInfo": concat("", [
		"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz40P8LU7//DZ3IIsqdaYtQWg/kt2ePzg",
		"+xd23FcpNTFm4eIjM+Rl5mZvC+nNh9J2hs5/SA2GHePVVqsiQsy+zcMts1aY+eG1/mdgCLRlUl6D",
		"CeK3thfFXx8nOVgsw6NR1+hLlaorIHOx6t4bMezmmO6zPa/Hng3XFcOG44E+0IEFQhN0/4dlJJ+h",
		"F02BubpJjQZZdZfqqeo5lH3y2xpmYrL3VhJJrzej1fe0dw5YGucdmPHpb4lLblqyTi9GiuUXqBkt",
		"o2I0jUBFiCCY5u+kQgjq5RmUCSiB2n3JvTsMHML8BSucdgXiAPEdmxedwIEYWsCE7AsuWfwm4kBt",
		"O36bwQIDAQAB",
	]),
	"RawTBSCertificate": concat("", [
		"MIICR6ADAgECAgEBMA0GCSqGSIb3DQEBCwUAMD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21l",
		"MQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFjbWUgUm9vdDAgFw0yNjEyMDQxMzUwNTRaGA8yMTI2",
		"MTExMDEzNTA1NFowPjELMAkGA1UEBhMCVVMxDTALBgNVBAoMBEFjbWUxDDAKBgNVBAsMA1NlYzES",
		"MBAGA1UEAwwJQWNtZSBSb290MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz40P8LU7",
		"//DZ3IIsqdaYtQWg/kt2ePzg+xd23FcpNTFm4eIjM+Rl5mZvC+nNh9J2hs5/SA2GHePVVqsiQsy+",
		"zcMts1aY+eG1/mdgCLRlUl6DCeK3thfFXx8nOVgsw6NR1+hLlaorIHOx6t4bMezmmO6zPa/Hng3X",
		"FcOG44E+0IEFQhN0/4dlJJ+hF02BubpJjQZZdZfqqeo5lH3y2xpmYrL3VhJJrzej1fe0dw5YGucd",
		"mPHpb4lLblqyTi9GiuUXqBkto2I0jUBFiCCY5u+kQgjq5RmUCSiB2n3JvTsMHML8BSucdgXiAPEd",
		"mxedwIEYWsCE7AsuWfwm4kBtO36bwQIDAQABo2YwZDAdBgNVHQ4EFgQUcwAc7YIpR8eViFyBgdOw",
		"SETh2A4wHwYDVR0jBBgwFoAUcwAc7YIpR8eViFyBgdOwSETh2A4wEgYDVR0TAQH/BAgwBgEB/wIB",
		"ATAOBgNVHQ8BAf8EBAMCAQY=",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": false,
	"SerialNumber": 1,
	"Signature": concat("", [
		"IZMaIRBgodmQ1H1ofxlbBgSGruoMUfH8sw1/TSO47PgGxfJYw17Pp4IvILPO9X3VlIKkOZw4qYDW",
		"+8xBfh4YvbZ5w6624johOGDMB9DdghJGJACTQigRQ0I/ZYEJk5DZk8igd9QEYIZ2GPT5D9L/dToG",
		"l6O+ZMF0F6/j5cwkFLyefM6UvK24h6NmgUmqmZtnT26V03Axcx5idHdQWRYLgVcSppb9N8Tg0A8H",
		"PSV+esx7PYmyEjfu3dgGyg2zPS1BIrL8iCf++BjfXgBdjKDbfkcbbKmTrhD6JY1Dgc4GLP92X+fJ",
		"C/RSC/QdIK1dmjSKXQ7Vz6r5LDK/0bACM5rwqg==",
	]),
	"SignatureAlgorithm": 4,
	"Subject": {
		"CommonName": "Acme Root",
		"Country": [
			"US",
		],
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "US",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  11],
				"Value": "Sec",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Root",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": [
			"Sec",
		],
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"SubjectKeyId": "cwAc7YIpR8eViFyBgdOwSETh2A4=",
	"URIStrings": null,
	"URIs": null,
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": null,
	"Version": 3,
}

want_int := {
	"AuthorityKeyId": "cwAc7YIpR8eViFyBgdOwSETh2A4=",
	"BasicConstraintsValid": true,
	"CRLDistributionPoints": null,
	"DNSNames": null,
	"EmailAddresses": null,
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": null,
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": [1,  2],
	"Extensions": [
		{
			"Critical": true,
			"Id": [2,  5,  29,  19],
			"Value": "MAYBAf8CAQA=",
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  15],
			"Value": "AwIBBg==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  37],
			"Value": "MBQGCCsGAQUFBwMBBggrBgEFBQcDAg==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBTdhEyN5/Rjfu4lJd1cYEGtWDHIVg==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgO",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": null,
	"InhibitAnyPolicy": 0,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 0,
	"InhibitPolicyMappingZero": false,
	"IsCA": true,
	"Issuer": {
		"CommonName": "Acme Root",
		"Country": [
			"US",
		],
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "US",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  11],
				"Value": "Sec",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Root",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": [
			"Sec",
		],
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": null,
	"KeyUsage": 96,
	"MaxPathLen": 0,
	"MaxPathLenZero": true,
	"NotAfter": "2125-06-28T13:50:54Z",
	"NotBefore": "2026-12-04T13:50:54Z",
	"OCSPServer": null,
	"PermittedDNSDomains": null,
	"PermittedDNSDomainsCritical": false,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": null,
	"PermittedURIDomains": null,
	"Policies": null,
	"PolicyIdentifiers": null,
	"PolicyMappings": null,
	"PublicKey": {
		"Curve": {},
		"X": 7312767226034349830710031086572841879795517593116362851882985708132210763241168072734822989920769179169624265871133,
		"Y": 21017993855520552082150730575049328449647168100432427165448664245026065710402229869134822714613698293981164248649359,
	},
	"PublicKeyAlgorithm": 3,
	"Raw": concat("", [
		"MIICwDCCAaigAwIBAgIBAjANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzENMAsGA1UECgwE",
		"QWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3QwIBcNMjYxMjA0MTM1MDU0WhgP",
		"MjEyNTA2MjgxMzUwNTRaMCwxDTALBgNVBAoMBEFjbWUxGzAZBgNVBAMMEkFjbWUgSXNzdWluZyBQ",
		"LTM4NDB2MBAGByqGSM49AgEGBSuBBAAiA2IABC+DEuqx+gALfnfK0xR3JCVuGsZBu0dUheXYZMA/",
		"X3HU9noQlsSFEwCSk62gQExPHYiOgWAceQD7GXDkvj4IxvE7CuBmjqT/p+CAVUQFIsMaLoapuktO",
		"YvziB6knp3pOj6OBhjCBgzASBgNVHRMBAf8ECDAGAQH/AgEAMA4GA1UdDwEB/wQEAwIBBjAdBgNV",
		"HSUEFjAUBggrBgEFBQcDAQYIKwYBBQUHAwIwHQYDVR0OBBYEFN2ETI3n9GN+7iUl3VxgQa1YMchW",
		"MB8GA1UdIwQYMBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgOMA0GCSqGSIb3DQEBCwUAA4IBAQAAGHBT",
		"Xcxm9+3DPTBqceIDUgSAe54xSdVqQ6YSrNtFDSDK6IImSXSJ5O9BAQzk9+veo01rwK25nBSL03R2",
		"9TGEYwof0uHbVdglvLFGxHFi9T+MxHK5geKReTVz/lJJPWJxP3uZfLRpC80+o7ZHFg1y+8bNBeIM",
		"SUoZjNJh2zn2aOFkXC/cha9inLwtFFIn4Vep7yvkEpFk0Xb7GkmqmYRw3jx9xOWTd5vhHtJ4Zz2/",
		"Ufz89FM6V3QT4k6/i49Y9kGkRx8Rz+Z2vT4X5gnTZTWaDhoj9qrH3zDZWTwnjxkZKDOuy5NHW4T2",
		"XL9mfqzFTubi3o9ffGxCf8S4QVTjAQ9O",
	]),
	"RawIssuer": concat("", [
		"MD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFj",
		"bWUgUm9vdA==",
	]),
	"RawSubject": "MCwxDTALBgNVBAoMBEFjbWUxGzAZBgNVBAMMEkFjbWUgSXNzdWluZyBQLTM4NA==",
	"RawSubjectPublicKeyInfo": concat("", [
		"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEL4MS6rH6AAt+d8rTFHckJW4axkG7R1SF5dhkwD9fcdT2",
		"ehCWxIUTAJKTraBATE8diI6BYBx5APsZcOS+PgjG8TsK4GaOpP+n4IBVRAUiwxouhqm6S05i/OIH",
		"qSenek6P",
	]),
	"RawTBSCertificate": concat("", [
		"MIIBqKADAgECAgECMA0GCSqGSIb3DQEBCwUAMD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21l",
		"MQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFjbWUgUm9vdDAgFw0yNjEyMDQxMzUwNTRaGA8yMTI1",
		"MDYyODEzNTA1NFowLDENMAsGA1UECgwEQWNtZTEbMBkGA1UEAwwSQWNtZSBJc3N1aW5nIFAtMzg0",
		"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEL4MS6rH6AAt+d8rTFHckJW4axkG7R1SF5dhkwD9fcdT2",
		"ehCWxIUTAJKTraBATE8diI6BYBx5APsZcOS+PgjG8TsK4GaOpP+n4IBVRAUiwxouhqm6S05i/OIH",
		"qSenek6Po4GGMIGDMBIGA1UdEwEB/wQIMAYBAf8CAQAwDgYDVR0PAQH/BAQDAgEGMB0GA1UdJQQW",
		"MBQGCCsGAQUFBwMBBggrBgEFBQcDAjAdBgNVHQ4EFgQU3YRMjef0Y37uJSXdXGBBrVgxyFYwHwYD",
		"VR0jBBgwFoAUcwAc7YIpR8eViFyBgdOwSETh2A4=",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": false,
	"SerialNumber": 2,
	"Signature": concat("", [
		"ABhwU13MZvftwz0wanHiA1IEgHueMUnVakOmEqzbRQ0gyuiCJkl0ieTvQQEM5Pfr3qNNa8CtuZwU",
		"i9N0dvUxhGMKH9Lh21XYJbyxRsRxYvU/jMRyuYHikXk1c/5SST1icT97mXy0aQvNPqO2RxYNcvvG",
		"zQXiDElKGYzSYds59mjhZFwv3IWvYpy8LRRSJ+FXqe8r5BKRZNF2+xpJqpmEcN48fcTlk3eb4R7S",
		"eGc9v1H8/PRTOld0E+JOv4uPWPZBpEcfEc/mdr0+F+YJ02U1mg4aI/aqx98w2Vk8J48ZGSgzrsuT",
		"R1uE9ly/Zn6sxU7m4t6PX3xsQn/EuEFU4wEPTg==",
	]),
	"SignatureAlgorithm": 4,
	"Subject": {
		"CommonName": "Acme Issuing P-384",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Issuing P-384",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"SubjectKeyId": "3YRMjef0Y37uJSXdXGBBrVgxyFY=",
	"URIStrings": null,
	"URIs": null,
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": null,
	"Version": 3,
}

want_leaf := {
	"AuthorityKeyId": "3YRMjef0Y37uJSXdXGBBrVgxyFY=",
	"BasicConstraintsValid": true,
	"CRLDistributionPoints": [
		"http://crl.example.com/i.crl",
	],
	"DNSNames": [
		"app.example.com",
		"*.api.example.com",
	],
	"EmailAddresses": [
		"ops@example.com",
	],
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": null,
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": [1],
	"Extensions": [
		{
			"Critical": false,
			"Id": [2,  5,  29,  17],
			"Value": concat("", [
				"MIGQgg9hcHAuZXhhbXBsZS5jb22CESouYXBpLmV4YW1wbGUuY29thwQKAQIDhxAgAQ24AAAAAAAA",
				"AAAAAAABgQ9vcHNAZXhhbXBsZS5jb22GG3NwaWZmZTovL2V4YW1wbGUuY29tL25zL2FwcIYkaHR0",
				"cHM6Ly91QGV4YW1wbGUuY29tOjg0NDMvYSUyMGI/eD0x",
			]),
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  15],
			"Value": "AwIHgA==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  37],
			"Value": "MA8GCCsGAQUFBwMBBgMqAwQ=",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  19],
			"Value": "MAA=",
		},
		{
			"Critical": false,
			"Id": [1,  3,  6,  1,  5,  5,  7,  1,  1],
			"Value": concat("", [
				"ME4wIwYIKwYBBQUHMAGGF2h0dHA6Ly9vY3NwLmV4YW1wbGUuY29tMCcGCCsGAQUFBzAChhtodHRw",
				"Oi8vY2EuZXhhbXBsZS5jb20vaS5jcnQ=",
			]),
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  31],
			"Value": "MCQwIqAgoB6GHGh0dHA6Ly9jcmwuZXhhbXBsZS5jb20vaS5jcmw=",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  32],
			"Value": "MAowCAYGZ4EMAQIC",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBRiCfGtGAGKktkEZtc7Eii5+n36IQ==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFN2ETI3n9GN+7iUl3VxgQa1YMchW",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": [
		"10.1.2.3",
		"2001:db8::1",
	],
	"InhibitAnyPolicy": 0,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 0,
	"InhibitPolicyMappingZero": false,
	"IsCA": false,
	"Issuer": {
		"CommonName": "Acme Issuing P-384",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Issuing P-384",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": [
		"http://ca.example.com/i.crt",
	],
	"KeyUsage": 1,
	"MaxPathLen": -1,
	"MaxPathLenZero": false,
	"NotAfter": "2122-10-02T13:50:54Z",
	"NotBefore": "2026-12-04T13:50:54Z",
	"OCSPServer": [
		"http://ocsp.example.com",
	],
	"PermittedDNSDomains": null,
	"PermittedDNSDomainsCritical": false,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": null,
	"PermittedURIDomains": null,
	"Policies": [
		"2.23.140.1.2.2",
	],
	"PolicyIdentifiers": [
		[2,  23,  140,  1,  2,  2],
	],
	"PolicyMappings": null,
	"PublicKey": {
		"Curve": {},
		"X": 100491353669010403006724713373546075146788460323281696098975136081679758290647,
		"Y": 30744029765871332805752537248609770194749724905857335671008155656459499194032,
	},
	"PublicKeyAlgorithm": 3,
	"Raw": concat("", [
		"MIIDnzCCAyWgAwIBAgIBAzAKBggqhkjOPQQDAzAsMQ0wCwYDVQQKDARBY21lMRswGQYDVQQDDBJB",
		"Y21lIElzc3VpbmcgUC0zODQwIBcNMjYxMjA0MTM1MDU0WhgPMjEyMjEwMDIxMzUwNTRaMIGmMQsw",
		"CQYDVQQGEwJERTEPMA0GA1UECAwGQmF5ZXJuMQ8wDQYDVQQHDAZNdW5pY2gxDzANBgNVBAkMBk1h",
		"aW4gMTEOMAwGA1UEEQwFODAwMDAxCzAJBgNVBAUTAjQyMR4wHAYJKoZIhvcNAQkBFg9vcHNAZXhh",
		"bXBsZS5jb20xDTALBgNVBAoMBEFjbWUxGDAWBgNVBAMMD2FwcC5leGFtcGxlLmNvbTBZMBMGByqG",
		"SM49AgEGCCqGSM49AwEHA0IABN4sFy8zMh+GAPo6sxOOXxNaeULzNrhoKl4efTn1im7XQ/iBEwt8",
		"rFq3d0QpR4W+HY7VrCgJhmBJYgWHB/7xxrCjggG5MIIBtTCBmwYDVR0RBIGTMIGQgg9hcHAuZXhh",
		"bXBsZS5jb22CESouYXBpLmV4YW1wbGUuY29thwQKAQIDhxAgAQ24AAAAAAAAAAAAAAABgQ9vcHNA",
		"ZXhhbXBsZS5jb22GG3NwaWZmZTovL2V4YW1wbGUuY29tL25zL2FwcIYkaHR0cHM6Ly91QGV4YW1w",
		"bGUuY29tOjg0NDMvYSUyMGI/eD0xMA4GA1UdDwEB/wQEAwIHgDAYBgNVHSUEETAPBggrBgEFBQcD",
		"AQYDKgMEMAkGA1UdEwQCMAAwXAYIKwYBBQUHAQEEUDBOMCMGCCsGAQUFBzABhhdodHRwOi8vb2Nz",
		"cC5leGFtcGxlLmNvbTAnBggrBgEFBQcwAoYbaHR0cDovL2NhLmV4YW1wbGUuY29tL2kuY3J0MC0G",
		"A1UdHwQmMCQwIqAgoB6GHGh0dHA6Ly9jcmwuZXhhbXBsZS5jb20vaS5jcmwwEwYDVR0gBAwwCjAI",
		"BgZngQwBAgIwHQYDVR0OBBYEFGIJ8a0YAYqS2QRm1zsSKLn6ffohMB8GA1UdIwQYMBaAFN2ETI3n",
		"9GN+7iUl3VxgQa1YMchWMAoGCCqGSM49BAMDA2gAMGUCMHhtD/kaiHG2htRJlDgAp2gCZWUkYd4Q",
		"PD4TtrZCgNNU+7MC6D7qzmzCfIoIPsTZdwIxAP4x61daXU7NzxNh6zFdr+UbzkWVRigb6uL4bD/N",
		"uY6a5JepP5UpSexFxixyZcVSeg==",
	]),
	"RawIssuer": "MCwxDTALBgNVBAoMBEFjbWUxGzAZBgNVBAMMEkFjbWUgSXNzdWluZyBQLTM4NA==",
	"RawSubject": concat("", [
		"MIGmMQswCQYDVQQGEwJERTEPMA0GA1UECAwGQmF5ZXJuMQ8wDQYDVQQHDAZNdW5pY2gxDzANBgNV",
		"BAkMBk1haW4gMTEOMAwGA1UEEQwFODAwMDAxCzAJBgNVBAUTAjQyMR4wHAYJKoZIhvcNAQkBFg9v",
		"cHNAZXhhbXBsZS5jb20xDTALBgNVBAoMBEFjbWUxGDAWBgNVBAMMD2FwcC5leGFtcGxlLmNvbQ==",
	]),
	"RawSubjectPublicKeyInfo": concat("", [
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2uGgqXh59OfWK",
		"btdD+IETC3ysWrd3RClHhb4djtWsKAmGYEliBYcH/vHGsA==",
	]),
	"RawTBSCertificate": concat("", [
		"MIIDJaADAgECAgEDMAoGCCqGSM49BAMDMCwxDTALBgNVBAoMBEFjbWUxGzAZBgNVBAMMEkFjbWUg",
		"SXNzdWluZyBQLTM4NDAgFw0yNjEyMDQxMzUwNTRaGA8yMTIyMTAwMjEzNTA1NFowgaYxCzAJBgNV",
		"BAYTAkRFMQ8wDQYDVQQIDAZCYXllcm4xDzANBgNVBAcMBk11bmljaDEPMA0GA1UECQwGTWFpbiAx",
		"MQ4wDAYDVQQRDAU4MDAwMDELMAkGA1UEBRMCNDIxHjAcBgkqhkiG9w0BCQEWD29wc0BleGFtcGxl",
		"LmNvbTENMAsGA1UECgwEQWNtZTEYMBYGA1UEAwwPYXBwLmV4YW1wbGUuY29tMFkwEwYHKoZIzj0C",
		"AQYIKoZIzj0DAQcDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2uGgqXh59OfWKbtdD+IETC3ysWrd3",
		"RClHhb4djtWsKAmGYEliBYcH/vHGsKOCAbkwggG1MIGbBgNVHREEgZMwgZCCD2FwcC5leGFtcGxl",
		"LmNvbYIRKi5hcGkuZXhhbXBsZS5jb22HBAoBAgOHECABDbgAAAAAAAAAAAAAAAGBD29wc0BleGFt",
		"cGxlLmNvbYYbc3BpZmZlOi8vZXhhbXBsZS5jb20vbnMvYXBwhiRodHRwczovL3VAZXhhbXBsZS5j",
		"b206ODQ0My9hJTIwYj94PTEwDgYDVR0PAQH/BAQDAgeAMBgGA1UdJQQRMA8GCCsGAQUFBwMBBgMq",
		"AwQwCQYDVR0TBAIwADBcBggrBgEFBQcBAQRQME4wIwYIKwYBBQUHMAGGF2h0dHA6Ly9vY3NwLmV4",
		"YW1wbGUuY29tMCcGCCsGAQUFBzAChhtodHRwOi8vY2EuZXhhbXBsZS5jb20vaS5jcnQwLQYDVR0f",
		"BCYwJDAioCCgHoYcaHR0cDovL2NybC5leGFtcGxlLmNvbS9pLmNybDATBgNVHSAEDDAKMAgGBmeB",
		"DAECAjAdBgNVHQ4EFgQUYgnxrRgBipLZBGbXOxIoufp9+iEwHwYDVR0jBBgwFoAU3YRMjef0Y37u",
		"JSXdXGBBrVgxyFY=",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": false,
	"SerialNumber": 3,
	"Signature": concat("", [
		"MGUCMHhtD/kaiHG2htRJlDgAp2gCZWUkYd4QPD4TtrZCgNNU+7MC6D7qzmzCfIoIPsTZdwIxAP4x",
		"61daXU7NzxNh6zFdr+UbzkWVRigb6uL4bD/NuY6a5JepP5UpSexFxixyZcVSeg==",
	]),
	"SignatureAlgorithm": 11,
	"Subject": {
		"CommonName": "app.example.com",
		"Country": [
			"DE",
		],
		"ExtraNames": null,
		"Locality": [
			"Munich",
		],
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "DE",
			},
			{
				"Type": [2,  5,  4,  8],
				"Value": "Bayern",
			},
			{
				"Type": [2,  5,  4,  7],
				"Value": "Munich",
			},
			{
				"Type": [2,  5,  4,  9],
				"Value": "Main 1",
			},
			{
				"Type": [2,  5,  4,  17],
				"Value": "80000",
			},
			{
				"Type": [2,  5,  4,  5],
				"Value": "42",
			},
			{
				"Type": [1,  2,  840,  113549,  1,  9,  1],
				"Value": "ops@example.com",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "app.example.com",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": null,
		"PostalCode": [
			"80000",
		],
		"Province": [
			"Bayern",
		],
		"SerialNumber": "42",
		"StreetAddress": [
			"Main 1",
		],
	},
	"SubjectKeyId": "YgnxrRgBipLZBGbXOxIoufp9+iE=",
	"URIStrings": [
		"spiffe://example.com/ns/app",
		"https://u@example.com:8443/a%20b?x=1",
	],
	"URIs": [
		{
			"ForceQuery": false,
			"Fragment": "",
			"Host": "example.com",
			"OmitHost": false,
			"Opaque": "",
			"Path": "/ns/app",
			"RawFragment": "",
			"RawPath": "",
			"RawQuery": "",
			"Scheme": "spiffe",
			"User": null,
		},
		{
			"ForceQuery": false,
			"Fragment": "",
			"Host": "example.com:8443",
			"OmitHost": false,
			"Opaque": "",
			"Path": "/a b",
			"RawFragment": "",
			"RawPath": "",
			"RawQuery": "x=1",
			"Scheme": "https",
			"User": {},
		},
	],
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": [
		[1,  2,  3,  4],
	],
	"Version": 3,
}

want_ed := {
	"AuthorityKeyId": "F6qWbIfpTIPqixpd9qigHklta88=",
	"BasicConstraintsValid": true,
	"CRLDistributionPoints": null,
	"DNSNames": null,
	"EmailAddresses": null,
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": null,
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": null,
	"Extensions": [
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBQXqpZsh+lMg+qLGl32qKAeSW1rzw==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFBeqlmyH6UyD6osaXfaooB5JbWvP",
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  19],
			"Value": "MAMBAf8=",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": null,
	"InhibitAnyPolicy": 0,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 0,
	"InhibitPolicyMappingZero": false,
	"IsCA": true,
	"Issuer": {
		"CommonName": "ed25519 self-signed",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  3],
				"Value": "ed25519 self-signed",
			},
		],
		"Organization": null,
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": null,
	"KeyUsage": 0,
	"MaxPathLen": -1,
	"MaxPathLenZero": false,
	"NotAfter": "2126-11-10T13:50:54Z",
	"NotBefore": "2026-12-04T13:50:54Z",
	"OCSPServer": null,
	"PermittedDNSDomains": null,
	"PermittedDNSDomainsCritical": false,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": null,
	"PermittedURIDomains": null,
	"Policies": null,
	"PolicyIdentifiers": null,
	"PolicyMappings": null,
	"PublicKey": "dGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjQ=",
	"PublicKeyAlgorithm": 4,
	"Raw": concat("", [
		"MIIBPzCB8qADAgECAgEEMAUGAytlcDAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYtc2lnbmVkMCAX",
		"DTI2MTIwNDEzNTA1NFoYDzIxMjYxMTEwMTM1MDU0WjAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYt",
		"c2lnbmVkMCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjSjUzBRMB0G",
		"A1UdDgQWBBQXqpZsh+lMg+qLGl32qKAeSW1rzzAfBgNVHSMEGDAWgBQXqpZsh+lMg+qLGl32qKAe",
		"SW1rzzAPBgNVHRMBAf8EBTADAQH/MAUGAytlcANBALLcy3sXOdMdOU1byKJg7Ng0ttEy/JAHG5ab",
		"Yk/6Vm3K/IXvqBKiOlrzW4Hn3IRDyhD8NFf7EaV4viBljHzKyAw=",
	]),
	"RawIssuer": "MB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQ=",
	"RawSubject": "MB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQ=",
	"RawSubjectPublicKeyInfo": "MCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjQ=",
	"RawTBSCertificate": concat("", [
		"MIHyoAMCAQICAQQwBQYDK2VwMB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQwIBcNMjYx",
		"MjA0MTM1MDU0WhgPMjEyNjExMTAxMzUwNTRaMB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWdu",
		"ZWQwKjAFBgMrZXADIQB0Y9mQV9CUixkoEL6aYOhKHRkiKyGaEzeX/vU4RpAqNKNTMFEwHQYDVR0O",
		"BBYEFBeqlmyH6UyD6osaXfaooB5JbWvPMB8GA1UdIwQYMBaAFBeqlmyH6UyD6osaXfaooB5JbWvP",
		"MA8GA1UdEwEB/wQFMAMBAf8=",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": false,
	"SerialNumber": 4,
	"Signature": concat("", [
		"stzLexc50x05TVvIomDs2DS20TL8kAcblptiT/pWbcr8he+oEqI6WvNbgefchEPKEPw0V/sRpXi+",
		"IGWMfMrIDA==",
	]),
	"SignatureAlgorithm": 16,
	"Subject": {
		"CommonName": "ed25519 self-signed",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  3],
				"Value": "ed25519 self-signed",
			},
		],
		"Organization": null,
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"SubjectKeyId": "F6qWbIfpTIPqixpd9qigHklta88=",
	"URIStrings": null,
	"URIs": null,
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": null,
	"Version": 3,
}

want_pss := {
	"AuthorityKeyId": "cwAc7YIpR8eViFyBgdOwSETh2A4=",
	"BasicConstraintsValid": false,
	"CRLDistributionPoints": null,
	"DNSNames": [
		"pss.example.com",
	],
	"EmailAddresses": null,
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": null,
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": [2],
	"Extensions": [
		{
			"Critical": false,
			"Id": [2,  5,  29,  17],
			"Value": "MBGCD3Bzcy5leGFtcGxlLmNvbQ==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  37],
			"Value": "MAoGCCsGAQUFBwMC",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBSINLlpKG9uq+iR1T4HZpAKO6NfvQ==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgO",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": null,
	"InhibitAnyPolicy": 0,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 0,
	"InhibitPolicyMappingZero": false,
	"IsCA": false,
	"Issuer": {
		"CommonName": "Acme Root",
		"Country": [
			"US",
		],
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "US",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  11],
				"Value": "Sec",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Root",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": [
			"Sec",
		],
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": null,
	"KeyUsage": 0,
	"MaxPathLen": 0,
	"MaxPathLenZero": false,
	"NotAfter": "2125-06-28T13:50:55Z",
	"NotBefore": "2026-12-04T13:50:55Z",
	"OCSPServer": null,
	"PermittedDNSDomains": null,
	"PermittedDNSDomainsCritical": false,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": null,
	"PermittedURIDomains": null,
	"Policies": null,
	"PolicyIdentifiers": null,
	"PolicyMappings": null,
	"PublicKey": {
		"E": 65537,
		"N": 21115467515987333836554792788263840708465599523824063973200001809279315268672026070995134571900652623585793495770129544565792208016640224287946573298277048751376476209226022478389898365248552198786241752872498773862225726005326125950245696005646610188757435377124586287880416231767433030764820807371225973506042009846165543762849016923513966929825004153843022033614547672672702624477378980551861037228972465058592972303194346341233085860180901799793897426469258175959847939408496301109968482875839247138003823187499045869795139963772872934673054949450967726730831780732217743599333551145335809231046783375035453405381,
	},
	"PublicKeyAlgorithm": 1,
	"Raw": concat("", [
		"MIIDsDCCAmSgAwIBAgIBBTBBBgkqhkiG9w0BAQowNKAPMA0GCWCGSAFlAwQCAQUAoRwwGgYJKoZI",
		"hvcNAQEIMA0GCWCGSAFlAwQCAQUAogMCASAwPjELMAkGA1UEBhMCVVMxDTALBgNVBAoMBEFjbWUx",
		"DDAKBgNVBAsMA1NlYzESMBAGA1UEAwwJQWNtZSBSb290MCAXDTI2MTIwNDEzNTA1NVoYDzIxMjUw",
		"NjI4MTM1MDU1WjAaMRgwFgYDVQQDDA9wc3MuZXhhbXBsZS5jb20wggEiMA0GCSqGSIb3DQEBAQUA",
		"A4IBDwAwggEKAoIBAQCnREfrtpo/s97Pg8Dn+jrg5SIRpXvsigW+9D6ZtwVzRsT5NSbtPernEbUo",
		"IVrsaqqh3lXet9aQ41KLzSOJrjT/3rOJQlJayaOBVd4p0lGKJ31l/+H9/Ys542R/00hWydCNSuk7",
		"pQY8nASjZLRjTW2lkoSNYu0mwSeXlEaD5FCygXYF6m2Xlbvpr7fAvflvuK0pBiJhcvCVoFHWE8Nh",
		"EmdfQndj4zHp++IncAnxa+BMupFfVx8NV8/bt/E4AZVahr0Yuq6FaWpd83eNMtwd902MqiSmhsOZ",
		"fKa+9TfR4u4/YNtYnp8U5LPI9si1PKmQ9yTXB6oNw4U6f9C0hW9Rc/jFAgMBAAGjczBxMBoGA1Ud",
		"EQQTMBGCD3Bzcy5leGFtcGxlLmNvbTATBgNVHSUEDDAKBggrBgEFBQcDAjAdBgNVHQ4EFgQUiDS5",
		"aShvbqvokdU+B2aQCjujX70wHwYDVR0jBBgwFoAUcwAc7YIpR8eViFyBgdOwSETh2A4wQQYJKoZI",
		"hvcNAQEKMDSgDzANBglghkgBZQMEAgEFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgEFAKID",
		"AgEgA4IBAQBl2bKcRfHnILM1oY2X1MYOZF64vGis9/lbLxrX/dlzhBVgaKVoL953AbCMrt5Kig5R",
		"Gt1brUrcF6lBkgb3dlGSLvDDr8ktWTxTfhXLFONVeb6rt6BGMpCGKaU2zRLyNbS4oP6XzRrWobZr",
		"ql7f+ElnApgSDPwRYmbiZDsSOF4ftb3Q4jwUJcQQ2gpJ41ZIhy8kNSrw2up/eOcy6YQk8fJanItu",
		"vCGYTtznkFSg2O7QxRg5jL/rG8NPMcD8IUrfVMeDd/PgEltBN+lFsEBazTKUmLe2ojJRZXvbnkRt",
		"RTQnHDS7kPbvTsQoGTwpqq6Qylj9bSMTO2QNDv3Mcb0JENoh",
	]),
	"RawIssuer": concat("", [
		"MD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFj",
		"bWUgUm9vdA==",
	]),
	"RawSubject": "MBoxGDAWBgNVBAMMD3Bzcy5leGFtcGxlLmNvbQ==",
	"RawSubjectPublicKeyInfo": concat("", [
		"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp0RH67aaP7Pez4PA5/o64OUiEaV77IoF",
		"vvQ+mbcFc0bE+TUm7T3q5xG1KCFa7Gqqod5V3rfWkONSi80jia40/96ziUJSWsmjgVXeKdJRiid9",
		"Zf/h/f2LOeNkf9NIVsnQjUrpO6UGPJwEo2S0Y01tpZKEjWLtJsEnl5RGg+RQsoF2Beptl5W76a+3",
		"wL35b7itKQYiYXLwlaBR1hPDYRJnX0J3Y+Mx6fviJ3AJ8WvgTLqRX1cfDVfP27fxOAGVWoa9GLqu",
		"hWlqXfN3jTLcHfdNjKokpobDmXymvvU30eLuP2DbWJ6fFOSzyPbItTypkPck1weqDcOFOn/QtIVv",
		"UXP4xQIDAQAB",
	]),
	"RawTBSCertificate": concat("", [
		"MIICZKADAgECAgEFMEEGCSqGSIb3DQEBCjA0oA8wDQYJYIZIAWUDBAIBBQChHDAaBgkqhkiG9w0B",
		"AQgwDQYJYIZIAWUDBAIBBQCiAwIBIDA+MQswCQYDVQQGEwJVUzENMAsGA1UECgwEQWNtZTEMMAoG",
		"A1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3QwIBcNMjYxMjA0MTM1MDU1WhgPMjEyNTA2Mjgx",
		"MzUwNTVaMBoxGDAWBgNVBAMMD3Bzcy5leGFtcGxlLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEP",
		"ADCCAQoCggEBAKdER+u2mj+z3s+DwOf6OuDlIhGle+yKBb70Ppm3BXNGxPk1Ju096ucRtSghWuxq",
		"qqHeVd631pDjUovNI4muNP/es4lCUlrJo4FV3inSUYonfWX/4f39iznjZH/TSFbJ0I1K6TulBjyc",
		"BKNktGNNbaWShI1i7SbBJ5eURoPkULKBdgXqbZeVu+mvt8C9+W+4rSkGImFy8JWgUdYTw2ESZ19C",
		"d2PjMen74idwCfFr4Ey6kV9XHw1Xz9u38TgBlVqGvRi6roVpal3zd40y3B33TYyqJKaGw5l8pr71",
		"N9Hi7j9g21ienxTks8j2yLU8qZD3JNcHqg3DhTp/0LSFb1Fz+MUCAwEAAaNzMHEwGgYDVR0RBBMw",
		"EYIPcHNzLmV4YW1wbGUuY29tMBMGA1UdJQQMMAoGCCsGAQUFBwMCMB0GA1UdDgQWBBSINLlpKG9u",
		"q+iR1T4HZpAKO6NfvTAfBgNVHSMEGDAWgBRzABztgilHx5WIXIGB07BIROHYDg==",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": false,
	"SerialNumber": 5,
	"Signature": concat("", [
		"ZdmynEXx5yCzNaGNl9TGDmReuLxorPf5Wy8a1/3Zc4QVYGilaC/edwGwjK7eSooOURrdW61K3Bep",
		"QZIG93ZRki7ww6/JLVk8U34VyxTjVXm+q7egRjKQhimlNs0S8jW0uKD+l80a1qG2a6pe3/hJZwKY",
		"Egz8EWJm4mQ7EjheH7W90OI8FCXEENoKSeNWSIcvJDUq8Nrqf3jnMumEJPHyWpyLbrwhmE7c55BU",
		"oNju0MUYOYy/6xvDTzHA/CFK31THg3fz4BJbQTfpRbBAWs0ylJi3tqIyUWV7255EbUU0Jxw0u5D2",
		"707EKBk8KaqukMpY/W0jEztkDQ79zHG9CRDaIQ==",
	]),
	"SignatureAlgorithm": 13,
	"Subject": {
		"CommonName": "pss.example.com",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  3],
				"Value": "pss.example.com",
			},
		],
		"Organization": null,
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"SubjectKeyId": "iDS5aShvbqvokdU+B2aQCjujX70=",
	"URIStrings": null,
	"URIs": null,
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": null,
	"Version": 3,
}

want_nc := {
	"AuthorityKeyId": "cwAc7YIpR8eViFyBgdOwSETh2A4=",
	"BasicConstraintsValid": true,
	"CRLDistributionPoints": null,
	"DNSNames": null,
	"EmailAddresses": null,
	"ExcludedDNSDomains": null,
	"ExcludedEmailAddresses": [
		"bad.example",
	],
	"ExcludedIPRanges": null,
	"ExcludedURIDomains": null,
	"ExtKeyUsage": null,
	"Extensions": [
		{
			"Critical": true,
			"Id": [2,  5,  29,  19],
			"Value": "MAYBAf8CAQA=",
		},
		{
			"Critical": true,
			"Id": [2,  5,  29,  30],
			"Value": "MC+gHDAOggwuZXhhbXBsZS5jb20wCocICgAAAP8AAAChDzANgQtiYWQuZXhhbXBsZQ==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  36],
			"Value": "MAaAAQCBAQI=",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  54],
			"Value": "AgEB",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  14],
			"Value": "BBTdhEyN5/Rjfu4lJd1cYEGtWDHIVg==",
		},
		{
			"Critical": false,
			"Id": [2,  5,  29,  35],
			"Value": "MBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgO",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": null,
	"InhibitAnyPolicy": 1,
	"InhibitAnyPolicyZero": false,
	"InhibitPolicyMapping": 2,
	"InhibitPolicyMappingZero": false,
	"IsCA": true,
	"Issuer": {
		"CommonName": "Acme Root",
		"Country": [
			"US",
		],
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "US",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  11],
				"Value": "Sec",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "Acme Root",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": [
			"Sec",
		],
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"IssuingCertificateURL": null,
	"KeyUsage": 0,
	"MaxPathLen": 0,
	"MaxPathLenZero": true,
	"NotAfter": "2125-06-28T13:50:55Z",
	"NotBefore": "2026-12-04T13:50:55Z",
	"OCSPServer": null,
	"PermittedDNSDomains": [
		".example.com",
	],
	"PermittedDNSDomainsCritical": true,
	"PermittedEmailAddresses": null,
	"PermittedIPRanges": [
		{
			"IP": "10.0.0.0",
			"Mask": "/wAAAA==",
		},
	],
	"PermittedURIDomains": null,
	"Policies": null,
	"PolicyIdentifiers": null,
	"PolicyMappings": null,
	"PublicKey": {
		"Curve": {},
		"X": 7312767226034349830710031086572841879795517593116362851882985708132210763241168072734822989920769179169624265871133,
		"Y": 21017993855520552082150730575049328449647168100432427165448664245026065710402229869134822714613698293981164248649359,
	},
	"PublicKeyAlgorithm": 3,
	"Raw": concat("", [
		"MIIC1TCCAb2gAwIBAgIBBjANBgkqhkiG9w0BAQsFADA+MQswCQYDVQQGEwJVUzENMAsGA1UECgwE",
		"QWNtZTEMMAoGA1UECwwDU2VjMRIwEAYDVQQDDAlBY21lIFJvb3QwIBcNMjYxMjA0MTM1MDU1WhgP",
		"MjEyNTA2MjgxMzUwNTVaMBYxFDASBgNVBAMMC2NvbnN0cmFpbmVkMHYwEAYHKoZIzj0CAQYFK4EE",
		"ACIDYgAEL4MS6rH6AAt+d8rTFHckJW4axkG7R1SF5dhkwD9fcdT2ehCWxIUTAJKTraBATE8diI6B",
		"YBx5APsZcOS+PgjG8TsK4GaOpP+n4IBVRAUiwxouhqm6S05i/OIHqSenek6Po4GxMIGuMBIGA1Ud",
		"EwEB/wQIMAYBAf8CAQAwOwYDVR0eAQH/BDEwL6AcMA6CDC5leGFtcGxlLmNvbTAKhwgKAAAA/wAA",
		"AKEPMA2BC2JhZC5leGFtcGxlMA8GA1UdJAQIMAaAAQCBAQIwCgYDVR02BAMCAQEwHQYDVR0OBBYE",
		"FN2ETI3n9GN+7iUl3VxgQa1YMchWMB8GA1UdIwQYMBaAFHMAHO2CKUfHlYhcgYHTsEhE4dgOMA0G",
		"CSqGSIb3DQEBCwUAA4IBAQAb0vY8KNcccE+TyhcxeHXEMDzJxgL12IbJKGHzhdeujZSwT7E+Ap0Z",
		"F0YqojhRHyFasVFYxMz1wTOO7SDsj7dvfBx9FiAseY/LOXBZ/goXb3x8KhaCLW7kni+KEg3R9Nbx",
		"ZazWDxlSXEmwY7IU9Fp2pPytFCyxIJiRe9DZAM9GHYxWa3wzgD9IMQrDgSZbAdAhmQee7WPASo9F",
		"EuQhwrFYCH8xYUwVS9xyfiivhXIHVKQypsEYEKSCHvDC/bmWNJENugFdk8J7KuWFphEdDxnySk8Z",
		"iHo386aasMfakOCHe5tu+oTVYe2F5p/2aE/3DMsdoa7sJdI40UCSbP+hTggl",
	]),
	"RawIssuer": concat("", [
		"MD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21lMQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFj",
		"bWUgUm9vdA==",
	]),
	"RawSubject": "MBYxFDASBgNVBAMMC2NvbnN0cmFpbmVk",
	"RawSubjectPublicKeyInfo": concat("", [
		"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEL4MS6rH6AAt+d8rTFHckJW4axkG7R1SF5dhkwD9fcdT2",
		"ehCWxIUTAJKTraBATE8diI6BYBx5APsZcOS+PgjG8TsK4GaOpP+n4IBVRAUiwxouhqm6S05i/OIH",
		"qSenek6P",
	]),
	"RawTBSCertificate": concat("", [
		"MIIBvaADAgECAgEGMA0GCSqGSIb3DQEBCwUAMD4xCzAJBgNVBAYTAlVTMQ0wCwYDVQQKDARBY21l",
		"MQwwCgYDVQQLDANTZWMxEjAQBgNVBAMMCUFjbWUgUm9vdDAgFw0yNjEyMDQxMzUwNTVaGA8yMTI1",
		"MDYyODEzNTA1NVowFjEUMBIGA1UEAwwLY29uc3RyYWluZWQwdjAQBgcqhkjOPQIBBgUrgQQAIgNi",
		"AAQvgxLqsfoAC353ytMUdyQlbhrGQbtHVIXl2GTAP19x1PZ6EJbEhRMAkpOtoEBMTx2IjoFgHHkA",
		"+xlw5L4+CMbxOwrgZo6k/6fggFVEBSLDGi6GqbpLTmL84gepJ6d6To+jgbEwga4wEgYDVR0TAQH/",
		"BAgwBgEB/wIBADA7BgNVHR4BAf8EMTAvoBwwDoIMLmV4YW1wbGUuY29tMAqHCAoAAAD/AAAAoQ8w",
		"DYELYmFkLmV4YW1wbGUwDwYDVR0kBAgwBoABAIEBAjAKBgNVHTYEAwIBATAdBgNVHQ4EFgQU3YRM",
		"jef0Y37uJSXdXGBBrVgxyFYwHwYDVR0jBBgwFoAUcwAc7YIpR8eViFyBgdOwSETh2A4=",
	]),
	"RequireExplicitPolicy": 0,
	"RequireExplicitPolicyZero": true,
	"SerialNumber": 6,
	"Signature": concat("", [
		"G9L2PCjXHHBPk8oXMXh1xDA8ycYC9diGyShh84XXro2UsE+xPgKdGRdGKqI4UR8hWrFRWMTM9cEz",
		"ju0g7I+3b3wcfRYgLHmPyzlwWf4KF298fCoWgi1u5J4vihIN0fTW8WWs1g8ZUlxJsGOyFPRadqT8",
		"rRQssSCYkXvQ2QDPRh2MVmt8M4A/SDEKw4EmWwHQIZkHnu1jwEqPRRLkIcKxWAh/MWFMFUvccn4o",
		"r4VyB1SkMqbBGBCkgh7wwv25ljSRDboBXZPCeyrlhaYRHQ8Z8kpPGYh6N/OmmrDH2pDgh3ubbvqE",
		"1WHtheaf9mhP9wzLHaGu7CXSONFAkmz/oU4IJQ==",
	]),
	"SignatureAlgorithm": 4,
	"Subject": {
		"CommonName": "constrained",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  3],
				"Value": "constrained",
			},
		],
		"Organization": null,
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"SubjectKeyId": "3YRMjef0Y37uJSXdXGBBrVgxyFY=",
	"URIStrings": null,
	"URIs": null,
	"UnhandledCriticalExtensions": null,
	"UnknownExtKeyUsage": null,
	"Version": 3,
}

want_leaf_csr := {
	"Attributes": null,
	"DNSNames": null,
	"EmailAddresses": null,
	"Extensions": null,
	"ExtraExtensions": null,
	"IPAddresses": null,
	"PublicKey": {
		"Curve": {},
		"X": 100491353669010403006724713373546075146788460323281696098975136081679758290647,
		"Y": 30744029765871332805752537248609770194749724905857335671008155656459499194032,
	},
	"PublicKeyAlgorithm": 3,
	"Raw": concat("", [
		"MIIBZDCCAQkCAQAwgaYxCzAJBgNVBAYTAkRFMQ8wDQYDVQQIDAZCYXllcm4xDzANBgNVBAcMBk11",
		"bmljaDEPMA0GA1UECQwGTWFpbiAxMQ4wDAYDVQQRDAU4MDAwMDELMAkGA1UEBRMCNDIxHjAcBgkq",
		"hkiG9w0BCQEWD29wc0BleGFtcGxlLmNvbTENMAsGA1UECgwEQWNtZTEYMBYGA1UEAwwPYXBwLmV4",
		"YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2",
		"uGgqXh59OfWKbtdD+IETC3ysWrd3RClHhb4djtWsKAmGYEliBYcH/vHGsKAAMAoGCCqGSM49BAMC",
		"A0kAMEYCIQCYriFyWq5bNXj2RPRn3pnPnJt1q109TfmDqH06yvmfXwIhAKWVE/sSBjd/ONP/pnAY",
		"GQa1bwnj1XC9CfqkV5Twex20",
	]),
	"RawSubject": concat("", [
		"MIGmMQswCQYDVQQGEwJERTEPMA0GA1UECAwGQmF5ZXJuMQ8wDQYDVQQHDAZNdW5pY2gxDzANBgNV",
		"BAkMBk1haW4gMTEOMAwGA1UEEQwFODAwMDAxCzAJBgNVBAUTAjQyMR4wHAYJKoZIhvcNAQkBFg9v",
		"cHNAZXhhbXBsZS5jb20xDTALBgNVBAoMBEFjbWUxGDAWBgNVBAMMD2FwcC5leGFtcGxlLmNvbQ==",
	]),
	"RawSubjectPublicKeyInfo": concat("", [
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3iwXLzMyH4YA+jqzE45fE1p5QvM2uGgqXh59OfWK",
		"btdD+IETC3ysWrd3RClHhb4djtWsKAmGYEliBYcH/vHGsA==",
	]),
	"RawTBSCertificateRequest": concat("", [
		"MIIBCQIBADCBpjELMAkGA1UEBhMCREUxDzANBgNVBAgMBkJheWVybjEPMA0GA1UEBwwGTXVuaWNo",
		"MQ8wDQYDVQQJDAZNYWluIDExDjAMBgNVBBEMBTgwMDAwMQswCQYDVQQFEwI0MjEeMBwGCSqGSIb3",
		"DQEJARYPb3BzQGV4YW1wbGUuY29tMQ0wCwYDVQQKDARBY21lMRgwFgYDVQQDDA9hcHAuZXhhbXBs",
		"ZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATeLBcvMzIfhgD6OrMTjl8TWnlC8za4aCpe",
		"Hn059Ypu10P4gRMLfKxat3dEKUeFvh2O1awoCYZgSWIFhwf+8cawoAA=",
	]),
	"Signature": concat("", [
		"MEYCIQCYriFyWq5bNXj2RPRn3pnPnJt1q109TfmDqH06yvmfXwIhAKWVE/sSBjd/ONP/pnAYGQa1",
		"bwnj1XC9CfqkV5Twex20",
	]),
	"SignatureAlgorithm": 10,
	"Subject": {
		"CommonName": "app.example.com",
		"Country": [
			"DE",
		],
		"ExtraNames": null,
		"Locality": [
			"Munich",
		],
		"Names": [
			{
				"Type": [2,  5,  4,  6],
				"Value": "DE",
			},
			{
				"Type": [2,  5,  4,  8],
				"Value": "Bayern",
			},
			{
				"Type": [2,  5,  4,  7],
				"Value": "Munich",
			},
			{
				"Type": [2,  5,  4,  9],
				"Value": "Main 1",
			},
			{
				"Type": [2,  5,  4,  17],
				"Value": "80000",
			},
			{
				"Type": [2,  5,  4,  5],
				"Value": "42",
			},
			{
				"Type": [1,  2,  840,  113549,  1,  9,  1],
				"Value": "ops@example.com",
			},
			{
				"Type": [2,  5,  4,  10],
				"Value": "Acme",
			},
			{
				"Type": [2,  5,  4,  3],
				"Value": "app.example.com",
			},
		],
		"Organization": [
			"Acme",
		],
		"OrganizationalUnit": null,
		"PostalCode": [
			"80000",
		],
		"Province": [
			"Bayern",
		],
		"SerialNumber": "42",
		"StreetAddress": [
			"Main 1",
		],
	},
	"URIs": null,
	"Version": 0,
}

want_pss_csr := {
	"Attributes": [
		{
			"Type": [1,  2,  840,  113549,  1,  9,  14],
			"Value": [
				[
					{
						"Type": [2,  5,  29,  17],
						"Value": "MBeCD3Bzcy5leGFtcGxlLmNvbYcEwAACBw==",
					},
				],
			],
		},
	],
	"DNSNames": [
		"pss.example.com",
	],
	"EmailAddresses": null,
	"Extensions": [
		{
			"Critical": false,
			"Id": [2,  5,  29,  17],
			"Value": "MBeCD3Bzcy5leGFtcGxlLmNvbYcEwAACBw==",
		},
	],
	"ExtraExtensions": null,
	"IPAddresses": [
		"192.0.2.7",
	],
	"PublicKey": {
		"E": 65537,
		"N": 21115467515987333836554792788263840708465599523824063973200001809279315268672026070995134571900652623585793495770129544565792208016640224287946573298277048751376476209226022478389898365248552198786241752872498773862225726005326125950245696005646610188757435377124586287880416231767433030764820807371225973506042009846165543762849016923513966929825004153843022033614547672672702624477378980551861037228972465058592972303194346341233085860180901799793897426469258175959847939408496301109968482875839247138003823187499045869795139963772872934673054949450967726730831780732217743599333551145335809231046783375035453405381,
	},
	"PublicKeyAlgorithm": 1,
	"Raw": concat("", [
		"MIICkjCCAXoCAQAwGjEYMBYGA1UEAwwPcHNzLmV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0BAQEF",
		"AAOCAQ8AMIIBCgKCAQEAp0RH67aaP7Pez4PA5/o64OUiEaV77IoFvvQ+mbcFc0bE+TUm7T3q5xG1",
		"KCFa7Gqqod5V3rfWkONSi80jia40/96ziUJSWsmjgVXeKdJRiid9Zf/h/f2LOeNkf9NIVsnQjUrp",
		"O6UGPJwEo2S0Y01tpZKEjWLtJsEnl5RGg+RQsoF2Beptl5W76a+3wL35b7itKQYiYXLwlaBR1hPD",
		"YRJnX0J3Y+Mx6fviJ3AJ8WvgTLqRX1cfDVfP27fxOAGVWoa9GLquhWlqXfN3jTLcHfdNjKokpobD",
		"mXymvvU30eLuP2DbWJ6fFOSzyPbItTypkPck1weqDcOFOn/QtIVvUXP4xQIDAQABoDMwMQYJKoZI",
		"hvcNAQkOMSQwIjAgBgNVHREEGTAXgg9wc3MuZXhhbXBsZS5jb22HBMAAAgcwDQYJKoZIhvcNAQEL",
		"BQADggEBAFqmLPXtkmhDA8J1NIMaAdiOqRycU4ClRaVYo8Joc1n0RL/1xNThzt8OkH4iBCjV/pam",
		"5pgzgxsk6srW22Y7wExDnJiIhi2xS6s/rTgQUDLDfArDywaBg0IFKIA5ntv1KtwrsWa+Bl5y5oVK",
		"oo4eotuPFqy63KfOzt7IvVWS6xYMQ/6k3X2tGrimV7rNTXV5NTb7nkQitA2jZGWsPwtgakHSxmoi",
		"M6B6Q1fkMjvn3Nf6iqshBN7XIvIDgDiMh9WaTi+HDsJJsHpi8/HagLa1iANIYprnQU0gwIaRw2Xh",
		"6ql9oKft7JbbMgYDG2R4LqfNUc7oromRNfimdSC6wb6v/+I=",
	]),
	"RawSubject": "MBoxGDAWBgNVBAMMD3Bzcy5leGFtcGxlLmNvbQ==",
	"RawSubjectPublicKeyInfo": concat("", [
		"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp0RH67aaP7Pez4PA5/o64OUiEaV77IoF",
		"vvQ+mbcFc0bE+TUm7T3q5xG1KCFa7Gqqod5V3rfWkONSi80jia40/96ziUJSWsmjgVXeKdJRiid9",
		"Zf/h/f2LOeNkf9NIVsnQjUrpO6UGPJwEo2S0Y01tpZKEjWLtJsEnl5RGg+RQsoF2Beptl5W76a+3",
		"wL35b7itKQYiYXLwlaBR1hPDYRJnX0J3Y+Mx6fviJ3AJ8WvgTLqRX1cfDVfP27fxOAGVWoa9GLqu",
		"hWlqXfN3jTLcHfdNjKokpobDmXymvvU30eLuP2DbWJ6fFOSzyPbItTypkPck1weqDcOFOn/QtIVv",
		"UXP4xQIDAQAB",
	]),
	"RawTBSCertificateRequest": concat("", [
		"MIIBegIBADAaMRgwFgYDVQQDDA9wc3MuZXhhbXBsZS5jb20wggEiMA0GCSqGSIb3DQEBAQUAA4IB",
		"DwAwggEKAoIBAQCnREfrtpo/s97Pg8Dn+jrg5SIRpXvsigW+9D6ZtwVzRsT5NSbtPernEbUoIVrs",
		"aqqh3lXet9aQ41KLzSOJrjT/3rOJQlJayaOBVd4p0lGKJ31l/+H9/Ys542R/00hWydCNSuk7pQY8",
		"nASjZLRjTW2lkoSNYu0mwSeXlEaD5FCygXYF6m2Xlbvpr7fAvflvuK0pBiJhcvCVoFHWE8NhEmdf",
		"Qndj4zHp++IncAnxa+BMupFfVx8NV8/bt/E4AZVahr0Yuq6FaWpd83eNMtwd902MqiSmhsOZfKa+",
		"9TfR4u4/YNtYnp8U5LPI9si1PKmQ9yTXB6oNw4U6f9C0hW9Rc/jFAgMBAAGgMzAxBgkqhkiG9w0B",
		"CQ4xJDAiMCAGA1UdEQQZMBeCD3Bzcy5leGFtcGxlLmNvbYcEwAACBw==",
	]),
	"Signature": concat("", [
		"WqYs9e2SaEMDwnU0gxoB2I6pHJxTgKVFpVijwmhzWfREv/XE1OHO3w6QfiIEKNX+lqbmmDODGyTq",
		"ytbbZjvATEOcmIiGLbFLqz+tOBBQMsN8CsPLBoGDQgUogDme2/Uq3CuxZr4GXnLmhUqijh6i248W",
		"rLrcp87O3si9VZLrFgxD/qTdfa0auKZXus1NdXk1NvueRCK0DaNkZaw/C2BqQdLGaiIzoHpDV+Qy",
		"O+fc1/qKqyEE3tci8gOAOIyH1ZpOL4cOwkmwemLz8dqAtrWIA0himudBTSDAhpHDZeHqqX2gp+3s",
		"ltsyBgMbZHgup81RzuiuiZE1+KZ1ILrBvq//4g==",
	]),
	"SignatureAlgorithm": 4,
	"Subject": {
		"CommonName": "pss.example.com",
		"Country": null,
		"ExtraNames": null,
		"Locality": null,
		"Names": [
			{
				"Type": [2,  5,  4,  3],
				"Value": "pss.example.com",
			},
		],
		"Organization": null,
		"OrganizationalUnit": null,
		"PostalCode": null,
		"Province": null,
		"SerialNumber": "",
		"StreetAddress": null,
	},
	"URIs": null,
	"Version": 0,
}

want_rsa_jwk := {
	"d": concat("", [
		"B5IbtT7T497Wzpd882_MGwjHJ-HqTLSa-cXuHW2YwnTcdORW4wJCvK58mUvlMYuXnIr5-2iTvoWw",
		"Sa6a--AI-xNpfRfY4jR7msUefWmARYIJdxGDxfskKMl_iRkwwYJ4Vr5vKKlzMYQYSHL5U5mzq3y8",
		"IVzuAfglIoNUeImTE3k3MyvJgYWTlqOUIomZb87re--2WeQiC-t0N3QcF1kX8PziaWEVJC3rDg3w",
		"DxZdylNHc7q6KfkjU0d2TDxXgepJ5vvNNqoHFJnYZuTsYZgBaIVo1vLL6sg3V5Zl3ES8aXbqJ2db",
		"gO9DZJG5TDo3Ob6iNrlRUWA7TrHcBwa8JbNDsw",
	]),
	"dp": concat("", [
		"mjQN4g63LKpxiVJgNjDujFKf97XE7oRTLDttJOgay34tcjiTyB3Irg5NS6689YpnaqZUfprk8dYp",
		"LGKmMNsI7DFGEHnXKnU6SEVUlN_JjCe20gygnScLbKuILBwQXUGWSMubuz8Gc8uL0MOAkXfp-604",
		"ETzWIHv_GzV-9HcJusk",
	]),
	"dq": concat("", [
		"nXM_spo84LzwOQ2HHUSMOEJ0UACbVYxnwb7fbm4iihu_YCucDil8uNPwbIdSFohsvPtf-ING14O7",
		"akFoAsZwttieqzhvROPIWsWNHxcWY9sr7IpHDANREsxQL7BTLBD23bh17nT00o8Pn0vxYiDjvfeA",
		"bgFznFfKkl-rFiIZ8ZU",
	]),
	"e": "AQAB",
	"kty": "RSA",
	"n": concat("", [
		"p0RH67aaP7Pez4PA5_o64OUiEaV77IoFvvQ-mbcFc0bE-TUm7T3q5xG1KCFa7Gqqod5V3rfWkONS",
		"i80jia40_96ziUJSWsmjgVXeKdJRiid9Zf_h_f2LOeNkf9NIVsnQjUrpO6UGPJwEo2S0Y01tpZKE",
		"jWLtJsEnl5RGg-RQsoF2Beptl5W76a-3wL35b7itKQYiYXLwlaBR1hPDYRJnX0J3Y-Mx6fviJ3AJ",
		"8WvgTLqRX1cfDVfP27fxOAGVWoa9GLquhWlqXfN3jTLcHfdNjKokpobDmXymvvU30eLuP2DbWJ6f",
		"FOSzyPbItTypkPck1weqDcOFOn_QtIVvUXP4xQ",
	]),
	"p": concat("", [
		"4hXmm1guVwPQvSc0cLccLzKhA0NO5dKydWt4ef5lC82nKfrD9hzSu3m7Gm-0VecDNpPYWeN6A3_1",
		"wG2zGBVoEWCGhwVV6GJCAeBSnrAQYQvzxu6sdrVv1inbthOLISjR5jdTlfNRi_VG1YwLwevcSJ1b",
		"AXinfW9a06cskV1Lif8",
	]),
	"q": concat("", [
		"vWYI_ihjcMoD6zOybTLR3vh5p3D79bLyIT4FMY-XKVnNEIteEaMb3_BBaNQ6l-VTgRho-HzfTNGU",
		"idQ8k-ky809jfdua-2ZuJuCe9DnNXFuIFdThwogx8uMxC8vgJNuniyp3U1xiaM0tuvtjk8m1nz0f",
		"tIb-pVHbfbjixcTG1Ts",
	]),
	"qi": concat("", [
		"Ds7lBaFyNkKCVM-5IxPjf431vQFEVJNSO2z3pb4e2Vo42b-EAzln4II6tuHzX5ZcZoyOpeYDOw7m",
		"j9qrbfo5YRKCjplUoaX4BX8Aw_7xV4-2IbL5TcR3eSJePLNwFL6g4dUMu8JX5TjwZPfHVbhd8rIL",
		"D-TCDn-x6o1SG4CGfzA",
	]),
}

want_ec_jwk := {
	"crv": "P-256",
	"d": "bIsX84KmOvZle6qL0tSyZ0kZckHjtnr9fugH_R9JqNA",
	"kty": "EC",
	"x": "3iwXLzMyH4YA-jqzE45fE1p5QvM2uGgqXh59OfWKbtc",
	"y": "Q_iBEwt8rFq3d0QpR4W-HY7VrCgJhmBJYgWHB_7xxrA",
}

want_keys := [
	{
		"D": 955716790403485486967247232064742522445664401292694523150329819290862152394247996313423984628971510403932728786836981675168369419408271622218531827436092737098250474990114751631108465764938590220175304202903598164510431833156825722968915392244831771410213780904903494296957118395589309842649006834387713890017958673605232022060687586821867983445151795333237099198457906651998536559723984822921253307907049722849876836093099290961931489334620587755041163352847002687730079695980319876358423227666821252143398926664680658328648780450236586850883557543821062957460840371382627509502432291898133029914454187109671715763,
		"E": 65537,
		"N": 21115467515987333836554792788263840708465599523824063973200001809279315268672026070995134571900652623585793495770129544565792208016640224287946573298277048751376476209226022478389898365248552198786241752872498773862225726005326125950245696005646610188757435377124586287880416231767433030764820807371225973506042009846165543762849016923513966929825004153843022033614547672672702624477378980551861037228972465058592972303194346341233085860180901799793897426469258175959847939408496301109968482875839247138003823187499045869795139963772872934673054949450967726730831780732217743599333551145335809231046783375035453405381,
		"Precomputed": {
			"CRTValues": [],
			"Dp": 108285265627786661436091587260163024845206913350872375321363047135760360381438081573509258380816362035305776565152362910630758370989457044719670943190712638293386858961278587352654844889571229185151646441361918607545964044879633322453692759587850244112851240049110466781058254769433614015306327863318735862473,
			"Dq": 110565283946407180055110134974147224678740452121761553675924200745012424520860990141855001137827531522225705467878247675759066958194841101713032363852640917241349832476362795534827171230202702776652343564125575924994666978921714141110984190461339586276292639183294952887737471892497662399211408308811721208213,
			"Qinv": 10398659100749842413158219771911570045019071476115115215025231942936361588606395539076711065695541081764614329017746899592887840051892763415473466700166625526942379646436876777725166665976633134105894872943795962196043400021003871861308973575981269926580842557552064864907239758635223134259866093093418073904,
		},
		"Primes": [
			158762672336649987260338576158149981191953590162776797794992617900141537769984508995147120056008096615387800419471821209709351484553379112747048648856593605723348871940611068888835359497266882485621553754531008048830869029290302663392565154029282806452436951210258448801570801852894200485931338012937807432191,
			133000202158431910709440786237669077195598785116256505694707322495978107738769992124495268337612476292575640748290017215341249793311833289581274586648994673346175690521702370158326939556436887997383808233216436059549493223405755656289977807170529945042204594070621514030388948559498904237309901735152780236091,
		],
	},
	{
		"Curve": {},
		"D": 49095544694188962771806884667064497980597259905971830311857388322433299753168,
		"X": 100491353669010403006724713373546075146788460323281696098975136081679758290647,
		"Y": 30744029765871332805752537248609770194749724905857335671008155656459499194032,
	},
	concat("", [
		"7tct03B8nU4hlNoVurb5RoKlgArMIJOBJzELnLBAxwV0Y9mQV9CUixkoEL6aYOhKHRkiKyGaEzeX",
		"/vU4RpAqNA==",
	]),
]

want_ed_keypair := {
	"Certificate": [
		concat("", [
			"MIIBPzCB8qADAgECAgEEMAUGAytlcDAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYtc2lnbmVkMCAX",
			"DTI2MTIwNDEzNTA1NFoYDzIxMjYxMTEwMTM1MDU0WjAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYt",
			"c2lnbmVkMCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjSjUzBRMB0G",
			"A1UdDgQWBBQXqpZsh+lMg+qLGl32qKAeSW1rzzAfBgNVHSMEGDAWgBQXqpZsh+lMg+qLGl32qKAe",
			"SW1rzzAPBgNVHRMBAf8EBTADAQH/MAUGAytlcANBALLcy3sXOdMdOU1byKJg7Ng0ttEy/JAHG5ab",
			"Yk/6Vm3K/IXvqBKiOlrzW4Hn3IRDyhD8NFf7EaV4viBljHzKyAw=",
		]),
	],
	"Leaf": {
		"AuthorityKeyId": "F6qWbIfpTIPqixpd9qigHklta88=",
		"BasicConstraintsValid": true,
		"CRLDistributionPoints": null,
		"DNSNames": null,
		"EmailAddresses": null,
		"ExcludedDNSDomains": null,
		"ExcludedEmailAddresses": null,
		"ExcludedIPRanges": null,
		"ExcludedURIDomains": null,
		"ExtKeyUsage": null,
		"Extensions": [
			{
				"Critical": false,
				"Id": [2,  5,  29,  14],
				"Value": "BBQXqpZsh+lMg+qLGl32qKAeSW1rzw==",
			},
			{
				"Critical": false,
				"Id": [2,  5,  29,  35],
				"Value": "MBaAFBeqlmyH6UyD6osaXfaooB5JbWvP",
			},
			{
				"Critical": true,
				"Id": [2,  5,  29,  19],
				"Value": "MAMBAf8=",
			},
		],
		"ExtraExtensions": null,
		"IPAddresses": null,
		"InhibitAnyPolicy": 0,
		"InhibitAnyPolicyZero": false,
		"InhibitPolicyMapping": 0,
		"InhibitPolicyMappingZero": false,
		"IsCA": true,
		"Issuer": {
			"CommonName": "ed25519 self-signed",
			"Country": null,
			"ExtraNames": null,
			"Locality": null,
			"Names": [
				{
					"Type": [2,  5,  4,  3],
					"Value": "ed25519 self-signed",
				},
			],
			"Organization": null,
			"OrganizationalUnit": null,
			"PostalCode": null,
			"Province": null,
			"SerialNumber": "",
			"StreetAddress": null,
		},
		"IssuingCertificateURL": null,
		"KeyUsage": 0,
		"MaxPathLen": -1,
		"MaxPathLenZero": false,
		"NotAfter": "2126-11-10T13:50:54Z",
		"NotBefore": "2026-12-04T13:50:54Z",
		"OCSPServer": null,
		"PermittedDNSDomains": null,
		"PermittedDNSDomainsCritical": false,
		"PermittedEmailAddresses": null,
		"PermittedIPRanges": null,
		"PermittedURIDomains": null,
		"Policies": null,
		"PolicyIdentifiers": null,
		"PolicyMappings": null,
		"PublicKey": "dGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjQ=",
		"PublicKeyAlgorithm": 4,
		"Raw": concat("", [
			"MIIBPzCB8qADAgECAgEEMAUGAytlcDAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYtc2lnbmVkMCAX",
			"DTI2MTIwNDEzNTA1NFoYDzIxMjYxMTEwMTM1MDU0WjAeMRwwGgYDVQQDDBNlZDI1NTE5IHNlbGYt",
			"c2lnbmVkMCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjSjUzBRMB0G",
			"A1UdDgQWBBQXqpZsh+lMg+qLGl32qKAeSW1rzzAfBgNVHSMEGDAWgBQXqpZsh+lMg+qLGl32qKAe",
			"SW1rzzAPBgNVHRMBAf8EBTADAQH/MAUGAytlcANBALLcy3sXOdMdOU1byKJg7Ng0ttEy/JAHG5ab",
			"Yk/6Vm3K/IXvqBKiOlrzW4Hn3IRDyhD8NFf7EaV4viBljHzKyAw=",
		]),
		"RawIssuer": "MB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQ=",
		"RawSubject": "MB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQ=",
		"RawSubjectPublicKeyInfo": "MCowBQYDK2VwAyEAdGPZkFfQlIsZKBC+mmDoSh0ZIishmhM3l/71OEaQKjQ=",
		"RawTBSCertificate": concat("", [
			"MIHyoAMCAQICAQQwBQYDK2VwMB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWduZWQwIBcNMjYx",
			"MjA0MTM1MDU0WhgPMjEyNjExMTAxMzUwNTRaMB4xHDAaBgNVBAMME2VkMjU1MTkgc2VsZi1zaWdu",
			"ZWQwKjAFBgMrZXADIQB0Y9mQV9CUixkoEL6aYOhKHRkiKyGaEzeX/vU4RpAqNKNTMFEwHQYDVR0O",
			"BBYEFBeqlmyH6UyD6osaXfaooB5JbWvPMB8GA1UdIwQYMBaAFBeqlmyH6UyD6osaXfaooB5JbWvP",
			"MA8GA1UdEwEB/wQFMAMBAf8=",
		]),
		"RequireExplicitPolicy": 0,
		"RequireExplicitPolicyZero": false,
		"SerialNumber": 4,
		"Signature": concat("", [
			"stzLexc50x05TVvIomDs2DS20TL8kAcblptiT/pWbcr8he+oEqI6WvNbgefchEPKEPw0V/sRpXi+",
			"IGWMfMrIDA==",
		]),
		"SignatureAlgorithm": 16,
		"Subject": {
			"CommonName": "ed25519 self-signed",
			"Country": null,
			"ExtraNames": null,
			"Locality": null,
			"Names": [
				{
					"Type": [2,  5,  4,  3],
					"Value": "ed25519 self-signed",
				},
			],
			"Organization": null,
			"OrganizationalUnit": null,
			"PostalCode": null,
			"Province": null,
			"SerialNumber": "",
			"StreetAddress": null,
		},
		"SubjectKeyId": "F6qWbIfpTIPqixpd9qigHklta88=",
		"URIs": null,
		"UnhandledCriticalExtensions": null,
		"UnknownExtKeyUsage": null,
		"Version": 3,
	},
	"OCSPStaple": null,
	"PrivateKey": concat("", [
		"7tct03B8nU4hlNoVurb5RoKlgArMIJOBJzELnLBAxwV0Y9mQV9CUixkoEL6aYOhKHRkiKyGaEzeX",
		"/vU4RpAqNA==",
	]),
	"SignedCertificateTimestamps": null,
	"SupportedSignatureAlgorithms": null,
}


# --- crypto.x509.parse_certificates --------------------------------------------------------

test_parse_pem if {
	crypto.x509.parse_certificates(ca_pem) == [want_ca]
	crypto.x509.parse_certificates(int_pem) == [want_int]
	crypto.x509.parse_certificates(leaf_pem) == [want_leaf]
	crypto.x509.parse_certificates(ed_pem) == [want_ed]
	crypto.x509.parse_certificates(pss_pem) == [want_pss]
	crypto.x509.parse_certificates(nc_pem) == [want_nc]
}

test_parse_bundle_in_order if {
	crypto.x509.parse_certificates(concat("", [ca_pem, int_pem, leaf_pem])) == [want_ca, want_int, want_leaf]
}

# The PEM body joined is the base64 of the DER certificate.
pem_body(pem) := concat("", [l | some l in split(pem, "\n"); not startswith(l, "-----")])

test_parse_base64_der_and_base64_pem if {
	crypto.x509.parse_certificates(pem_body(leaf_pem)) == [want_leaf]
	crypto.x509.parse_certificates(base64.encode(concat("", [ca_pem, ed_pem]))) == [want_ca, want_ed]
}

test_parse_empty if crypto.x509.parse_certificates("") == []

test_parse_fields if {
	want_leaf.DNSNames == ["app.example.com", "*.api.example.com"]
	want_leaf.IPAddresses == ["10.1.2.3", "2001:db8::1"]
	want_leaf.URIStrings == ["spiffe://example.com/ns/app", "https://u@example.com:8443/a%20b?x=1"]
	want_leaf.ExtKeyUsage == [1]
	want_leaf.UnknownExtKeyUsage == [[1, 2, 3, 4]]
	want_ca.IsCA
	want_ca.MaxPathLen == 1
	want_int.MaxPathLenZero
	want_ed.PublicKeyAlgorithm == 4
	want_pss.SignatureAlgorithm == 13
}

# --- crypto.x509.parse_and_verify_certificates ---------------------------------------------

chain := concat("", [ca_pem, int_pem, leaf_pem])

test_verify_chain_root_first_leaf_last if {
	crypto.x509.parse_and_verify_certificates(chain) == [true, [want_leaf, want_int, want_ca]]
}

test_verify_fails if {
	crypto.x509.parse_and_verify_certificates(concat("", [ca_pem, leaf_pem])) == [false, []]
	crypto.x509.parse_and_verify_certificates(concat("", [leaf_pem, int_pem, ca_pem])) == [false, []]
	crypto.x509.parse_and_verify_certificates(leaf_pem) == [false, []]
	crypto.x509.parse_and_verify_certificates("garbage") == [false, []]
}

# The default key usage asked is server authentication: the PSS leaf is for clients only.
test_verify_default_usage_is_server_auth if {
	crypto.x509.parse_and_verify_certificates(concat("", [ca_pem, pss_pem])) == [false, []]
}

test_verify_self_signed if {
	crypto.x509.parse_and_verify_certificates(concat("", [ed_pem, ed_pem])) == [true, [want_ed]]
}

# --- crypto.x509.parse_and_verify_certificates_with_options --------------------------------

# The _with_options variant returns the certificates without OPA's URIStrings.
bare(c) := object.remove(c, ["URIStrings"])

verified_chain := [true, [bare(want_leaf), bare(want_int), bare(want_ca)]]

test_options_dns_name if {
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"DNSName": "app.example.com"}) == verified_chain
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"DNSName": "v1.api.example.com"}) == verified_chain
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"DNSName": "a.v1.api.example.com"}) == [false, []]
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"DNSName": "10.1.2.3"}) == verified_chain
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"DNSName": "10.1.2.4"}) == [false, []]
}

test_options_current_time if {
	in_2030 := time.parse_rfc3339_ns("2030-01-01T00:00:00Z")
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": in_2030}) == verified_chain
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": 0}) == [false, []]
	in_2123 := time.parse_rfc3339_ns("2123-01-01T00:00:00Z")
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": in_2123}) == [false, []]
}

test_options_key_usages if {
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"KeyUsages": ["KeyUsageServerAuth"]}) == verified_chain
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"KeyUsages": ["KeyUsageClientAuth"]}) == [false, []]
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"KeyUsages": ["KeyUsageAny"], "MaxConstraintComparisons": 100}) == verified_chain
	pss_chain := concat("", [ca_pem, pss_pem])
	crypto.x509.parse_and_verify_certificates_with_options(pss_chain, {"KeyUsages": ["KeyUsageClientAuth"]}) == [true, [bare(want_pss), bare(want_ca)]]
}

# --- crypto.x509.parse_certificate_request -------------------------------------------------

test_certificate_request if {
	crypto.x509.parse_certificate_request(leaf_csr_pem) == want_leaf_csr
	crypto.x509.parse_certificate_request(pss_csr_pem) == want_pss_csr
	crypto.x509.parse_certificate_request(base64.encode(pss_csr_pem)) == want_pss_csr
	want_pss_csr.DNSNames == ["pss.example.com"]
	want_pss_csr.IPAddresses == ["192.0.2.7"]
}

# --- keys ----------------------------------------------------------------------------------

test_rsa_private_key_as_jwk if {
	crypto.x509.parse_rsa_private_key(rsa_key_pem) == want_rsa_jwk
	crypto.x509.parse_rsa_private_key(rsa_pkcs8_key_pem) == want_rsa_jwk
	crypto.x509.parse_rsa_private_key(base64.encode(rsa_key_pem)) == want_rsa_jwk
	crypto.x509.parse_rsa_private_key(ec_key_pem) == want_ec_jwk
	same(crypto.x509.parse_rsa_private_key(ca_pem), null)
}

# An equality OPA's type checker does not second-guess: its declared result types
# (object for parse_rsa_private_key, array of objects for parse_private_keys) are narrower than
# the values it returns (null for a certificate; an Ed25519 key's base64 string).
same(a, b) if a == b

test_parse_private_keys if {
	same(crypto.parse_private_keys(concat("", [rsa_key_pem, ec_key_pem, ed_key_pem])), want_keys)
	same(crypto.parse_private_keys(rsa_pkcs8_key_pem), [want_keys[0]])
	crypto.parse_private_keys(ca_pem) == []
	same(crypto.parse_private_keys(""), null)
}

test_parse_keypair if {
	crypto.x509.parse_keypair(ed_pem, ed_key_pem) == want_ed_keypair
	pair := crypto.x509.parse_keypair(rsaself_pem, rsa_key_pem)
	same(pair.PrivateKey, want_keys[0])
	pair.Leaf == bare(crypto.x509.parse_certificates(rsaself_pem)[0])
	pair.Certificate == [pem_body(rsaself_pem)]
}

# Text that holds no key is no key, not an error (OPA's answers): neither PEM nor base64,
# base64 of something that is not PEM ("nope"), and the empty string.
test_parse_private_keys_of_no_key if {
	crypto.parse_private_keys("nope!") == []
	crypto.parse_private_keys("nope") == []
	crypto.parse_private_keys("bm9wZQ==") == []
	same(crypto.parse_private_keys(""), null)
	same(crypto.x509.parse_rsa_private_key("bm9wZQ=="), null)
}

# Go's pem.Decode skips a block whose base64 is broken and reads on (one PEM reader serves
# io.jwt.* and crypto.x509.*).
test_broken_pem_block_is_skipped if {
	broken := "-----BEGIN CERTIFICATE-----\n!!notbase64!!\n-----END CERTIFICATE-----\n"
	certs := crypto.x509.parse_certificates(concat("", [broken, ca_pem]))
	count(certs) == 1
	certs[0] == crypto.x509.parse_certificates(ca_pem)[0]
}
