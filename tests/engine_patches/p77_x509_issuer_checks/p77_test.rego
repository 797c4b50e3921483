package p77_test

# govlint patch 77: the checks of Go's Certificate.Verify beside signatures, in
# crypto.x509.parse_and_verify_certificates*: CheckSignatureFrom refuses an issuer, the root
# included, that is a v3 certificate without basic constraints, is not a CA, or states key
# usages without keyCertSign; validity at "now" is compared to the nanosecond; and a
# server-gated-crypto usage is not serverAuth (`root` and the `k_*` leaves). Every
# verdict in `cases` is OPA 1.20.2's, recorded from the oracle, with the order of the
# certificates (the first is the root, the last the leaf, the rest are intermediates in any
# order) and validity at CurrentTime beside. Material generated with openssl for this suite
# only (throwaway P-256 keys): roots `g_root*` (a CA; a v1 certificate without extensions;
# v3 without basic constraints; key usage digitalSignature only; CA:FALSE), each with a leaf
# `g_leaf_<root>`, intermediates `g_int*` under `g_root`, and `g_exp`, a leaf valid for one
# day from its creation.

certs := {
	"g_exp": `-----BEGIN CERTIFICATE-----
MIIBhDCCASugAwIBAgIFAIuhZyYwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MB4XDTI2MTIwNDE2MjIwM1oXDTI2MTIwNTE2MjIwM1owEDEOMAwGA1UEAwwF
Z19leHAwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATXnV7Urbk2kapL6iKPG7nG
OtCRE5cV8fHKhuQKYia4aQ3RsE4bL/MlihmWC1ps2R3Mur+u3QU0BuZwqwKHWmoy
o3EwbzAYBgNVHREEETAPgg1hLmV4YW1wbGUuY29tMBMGA1UdJQQMMAoGCCsGAQUF
BwMBMB0GA1UdDgQWBBR3ZIn7OLuEox55KUtLXAQaUgzOMzAfBgNVHSMEGDAWgBSb
hEoH52ZKpUnqsPtkT6VNQckHtTAKBggqhkjOPQQDAgNHADBEAiBdh/X9q6dEQkTT
jt6BLWnoPCLtiDmJYlQVb9azMsQGiwIgPuQ6sCXIC17wsrAKzl6Jhdkw1olWUYOZ
F4zBiaPl6HI=
-----END CERTIFICATE-----
`,
	"g_root": `-----BEGIN CERTIFICATE-----
MIIBaTCCAQ6gAwIBAgIUez4uKG8aEhBifqIOaZAhfYdjUWMwCgYIKoZIzj0EAwIw
ETEPMA0GA1UEAwwGZ19yb290MCAXDTI2MTIwNDE2MjIwMloYDzIxMjYxMTEwMTYy
MjAyWjARMQ8wDQYDVQQDDAZnX3Jvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAQryfbhGJAZb+OZTk7C9EGSzZaCXuSWxdSejMAaVecQR94dfCmiljmALInxFT8/
VLdtlYk5Nkf9aW2q6J+mFnDfo0IwQDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB
/wQEAwICBDAdBgNVHQ4EFgQUm4RKB+dmSqVJ6rD7ZE+lTUHJB7UwCgYIKoZIzj0E
AwIDSQAwRgIhAO8EtIzQp/fW++N6eRBDwYEKLPzQSW2LeY18DwoW8gqpAiEAykxd
pU1GmmA+lgxPrfSJwas/GGGsLBY9nXzZ1mV+u1Y=
-----END CERTIFICATE-----
`,
	"g_leaf_g_root": `-----BEGIN CERTIFICATE-----
MIIBjjCCATWgAwIBAgIFAOyr08gwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwMloYDzIxMjYxMTEwMTYyMjAyWjAYMRYwFAYDVQQD
DA1nX2xlYWZfZ19yb290MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyhuiHqvc
4bQWuUe1aLg7FjorOx/PzUMawbQw2GlCktU6YBVSb9z9jQvk+d94WGSk6npV7lV1
TMNMLl8GER1ImqNxMG8wGAYDVR0RBBEwD4INYS5leGFtcGxlLmNvbTATBgNVHSUE
DDAKBggrBgEFBQcDATAdBgNVHQ4EFgQUOl3YfyTWcoPsoej2CWl1VSR9kFgwHwYD
VR0jBBgwFoAUm4RKB+dmSqVJ6rD7ZE+lTUHJB7UwCgYIKoZIzj0EAwIDRwAwRAIg
BR8DHT0jyS7aAKPiSQXDZziTzduiHxWpfq2ugeefLE8CICgbGOlhdvdqOv3PWj8j
zV1A3D2jr6zNQ6aX06AdReCB
-----END CERTIFICATE-----
`,
	"g_root_v1": `-----BEGIN CERTIFICATE-----
MIIBIzCBywIUdiL0ZRu47I5yUdbs6J/C0Ep4YtUwCgYIKoZIzj0EAwIwFDESMBAG
A1UEAwwJZ19yb290X3YxMCAXDTI2MTIwNDE2MjIwMloYDzIxMjYxMTEwMTYyMjAy
WjAUMRIwEAYDVQQDDAlnX3Jvb3RfdjEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AARs2eSE554O0kwSRfoZrWP4j7qyHpgpyKJPNf1Bdm7cBpikxP7lzHmPt2AtpJgx
h8Wv9QZ2+tPveC950/9C1E1rMAoGCCqGSM49BAMCA0cAMEQCICjs5dd8Hr6pWVC0
iiIklded6D9senV/n96ysW31vZhcAiBH03t8Uuu/NVlxVg4I40V0xDzhZnCjPwVT
lpgLDx1YtQ==
-----END CERTIFICATE-----
`,
	"g_leaf_g_root_v1": `-----BEGIN CERTIFICATE-----
MIIBsDCCAVagAwIBAgIETtxAqzAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlnX3Jv
b3RfdjEwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjExMTAxNjIyMDJaMBsxGTAXBgNV
BAMMEGdfbGVhZl9nX3Jvb3RfdjEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQS
GsV0P2uc13+2hoxCF7T13b5Tt9Og6N6kTYUah9k5S2dGb+sg7k9NYdpwyIfnDGlt
30FxAIF5mOF7hHdzTDGCo4GMMIGJMBgGA1UdEQQRMA+CDWEuZXhhbXBsZS5jb20w
EwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFNJynEQqgpA54uba7k2bgFUK
n7BcMDkGA1UdIwQyMDChGKQWMBQxEjAQBgNVBAMMCWdfcm9vdF92MYIUdiL0ZRu4
7I5yUdbs6J/C0Ep4YtUwCgYIKoZIzj0EAwIDSAAwRQIgJDFNuHm0omVRAa0HvDl/
I8cZ17GvvwdCNdgXGx4LSc8CIQC6buKtsIFLzFX00IedcdRBSzZq0jRQwGIJ6QFf
mzUZrw==
-----END CERTIFICATE-----
`,
	"g_root_nobc": `-----BEGIN CERTIFICATE-----
MIIBYTCCAQegAwIBAgIUJE3q2l6i1svPDjp6b+YYhVuFos4wCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLZ19yb290X25vYmMwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjEx
MTAxNjIyMDJaMBYxFDASBgNVBAMMC2dfcm9vdF9ub2JjMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAERmMj5i+6p1txhosxDOPdIBc07ZVvdT7ozvRjH/FX1NnORKi7
5Gsap/sBrOIgGxHlSMS7Fh8M8KbrK9OajJ2R8aMxMC8wDgYDVR0PAQH/BAQDAgIE
MB0GA1UdDgQWBBRUwYJW+0PZ8M8hre8E7/Mz1mNoRTAKBggqhkjOPQQDAgNIADBF
AiA2Yztxep3bdiaIQBIPMc+dY3NzikoF7p5ffy6dyWM2UAIhAM5hbhSeWF4i+ut/
b0U60E6nzFtUkOrkfxvbjR7JtRvX
-----END CERTIFICATE-----
`,
	"g_leaf_g_root_nobc": `-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIFAParXnAwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwLZ19y
b290X25vYmMwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjExMTAxNjIyMDJaMB0xGzAZ
BgNVBAMMEmdfbGVhZl9nX3Jvb3Rfbm9iYzBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABIX00eUj2+NuA3QRgFqHlRNAztFv5KsOo3PDMtxesfsuPe0oHofZMK/9n1ft
q/klSxxWmSIKcWswOdUieN3Xj2ujcTBvMBgGA1UdEQQRMA+CDWEuZXhhbXBsZS5j
b20wEwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFG3D6BDU3dnTIkm+pjTZ
8EYxtEojMB8GA1UdIwQYMBaAFFTBglb7Q9nwzyGt7wTv8zPWY2hFMAoGCCqGSM49
BAMCA0gAMEUCIACcarASn68Sn1oCf/Z7Gtjde7oimReOcUelGAGMJQLSAiEAgMkp
FQVwqAtKxEGZupKRTwEZLP9nTx9pRaZ6naakpxs=
-----END CERTIFICATE-----
`,
	"g_root_noku": `-----BEGIN CERTIFICATE-----
MIIBcTCCARigAwIBAgIUUQ+BvVVFVNa8XPGv47xOdg10eXgwCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLZ19yb290X25va3UwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjEx
MTAxNjIyMDJaMBYxFDASBgNVBAMMC2dfcm9vdF9ub2t1MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEp58rbvgCDWpBObczjyw+JUfqvTJgmDqzEaG3Y4rCGixOKV6a
xsAoYc1LxFSe8jsAnAV4y5/GSqglBSKGR5IR4aNCMEAwDwYDVR0TAQH/BAUwAwEB
/zAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFBPf91wi0jOFqrx0TkV2whO/GKEs
MAoGCCqGSM49BAMCA0cAMEQCIGk3dAJHfUiVaG74vCb3odcVUEE+qAY8IndAdS0b
ZQ0nAiACHopuYSj9MfknEHweZ4DKTqY9ck4hguY+3LlWUjWVrQ==
-----END CERTIFICATE-----
`,
	"g_leaf_g_root_noku": `-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIFAOzCX0UwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwLZ19y
b290X25va3UwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjExMTAxNjIyMDJaMB0xGzAZ
BgNVBAMMEmdfbGVhZl9nX3Jvb3Rfbm9rdTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABE+LTcvDP6G6kFmIVfj+KEtSyXl+qdEL/JGiE5S5BHl/KqlYvdBHb6M77dMB
+48oiiz9lXfdkeSanibABKQd2GKjcTBvMBgGA1UdEQQRMA+CDWEuZXhhbXBsZS5j
b20wEwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFJQUgH6m5jACogm9aAIE
ywDtc6Y6MB8GA1UdIwQYMBaAFBPf91wi0jOFqrx0TkV2whO/GKEsMAoGCCqGSM49
BAMCA0gAMEUCIQC/IYal5W7B1CI6Fk7rkzMxYxy4fWOIev+7iA8oHG7AIgIgVvw+
HjeZ4Ec2pLo/7ycN1HLdi8MdOkrHs8LpcVZYnek=
-----END CERTIFICATE-----
`,
	"g_root_notca": `-----BEGIN CERTIFICATE-----
MIIBYDCCAQegAwIBAgIUdBbobnbMipiiqXZbBrBNjVyozaAwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMZ19yb290X25vdGNhMCAXDTI2MTIwNDE2MjIwMloYDzIxMjYx
MTEwMTYyMjAyWjAXMRUwEwYDVQQDDAxnX3Jvb3Rfbm90Y2EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAATRBQfdmnSl/EnTiueQFkbmegQj+QiK1uHk4g2cKDjHOFux
szAWy5YrdtX48yODtH5R0cXfFGTUfdc1Cz8e5Cbyoy8wLTAMBgNVHRMBAf8EAjAA
MB0GA1UdDgQWBBR0G7NqEVmIo7CjbZHwhyRN4P9BXjAKBggqhkjOPQQDAgNHADBE
AiA3/WuzNsTy96nq6CNFNyXCRAvTBAoQYbrD3BDpn4sZMwIgeiVGqjLeWJnCxMss
YWFH6D/nRKC+r1Ik+UcOg9MKIUg=
-----END CERTIFICATE-----
`,
	"g_leaf_g_root_notca": `-----BEGIN CERTIFICATE-----
MIIBmjCCAUCgAwIBAgIEed2DMTAKBggqhkjOPQQDAjAXMRUwEwYDVQQDDAxnX3Jv
b3Rfbm90Y2EwIBcNMjYxMjA0MTYyMjAyWhgPMjEyNjExMTAxNjIyMDJaMB4xHDAa
BgNVBAMME2dfbGVhZl9nX3Jvb3Rfbm90Y2EwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAARZLodkOu1BJ66nesB0+bqmQQIjGhzSkfXaqssUlo+JtlxgfQVA0poHlO9C
Z6M5kK3ndH/upxC3UP+my85FsfFto3EwbzAYBgNVHREEETAPgg1hLmV4YW1wbGUu
Y29tMBMGA1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBTE+PsNYgkFocn/DnuE
68rg1fLo0jAfBgNVHSMEGDAWgBR0G7NqEVmIo7CjbZHwhyRN4P9BXjAKBggqhkjO
PQQDAgNIADBFAiEAmT3BJG3URLrA6m4UVukuYfP4MypDyHtKKJ5LXyC+72cCICyx
waLjI25gp1f90lkcx5kIcVvBMPRwGalIn/jkPpqR
-----END CERTIFICATE-----
`,
	"g_int_noku": `-----BEGIN CERTIFICATE-----
MIIBfjCCASSgAwIBAgIFAPQ+VDswCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAVMRMwEQYDVQQD
DApnX2ludF9ub2t1MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKbWrf1Fg5jwj
IdpvFHrThGoe/DNviMO4ItdNnOaqiiHWUoOAQUefvbPK7o+Wx9efQVRM+n+qiBCn
bq7l1NK3DaNjMGEwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCB4AwHQYD
VR0OBBYEFE4s4jn4SrcRdbSH6EqtdETog1JmMB8GA1UdIwQYMBaAFJuESgfnZkql
Seqw+2RPpU1ByQe1MAoGCCqGSM49BAMCA0gAMEUCIQDug4jCNqjVKWa/GwysYcYE
lRG0ZzUNSYVBPWvlqmyuIQIgMDumhulEhojB5IXCViCwEEVqUDJvPHVpH22OFXXR
iv0=
-----END CERTIFICATE-----
`,
	"g_int_noku_leaf": `-----BEGIN CERTIFICATE-----
MIIBlTCCATqgAwIBAgIEYZ9sWjAKBggqhkjOPQQDAjAVMRMwEQYDVQQDDApnX2lu
dF9ub2t1MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAaMRgwFgYD
VQQDDA9nX2ludF9ub2t1X2xlYWYwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS3
wq70jc0IeCOUc+jVGbAYzrln4MRXngK9Ppjuq7nx91kGiJA39CO3XJI1nScK0piB
IP4j+h2zWdNZreVaul5Bo3EwbzAYBgNVHREEETAPgg1hLmV4YW1wbGUuY29tMBMG
A1UdJQQMMAoGCCsGAQUFBwMBMB0GA1UdDgQWBBRfJDhWYSZwbEa7JEhas8fIvkrJ
ijAfBgNVHSMEGDAWgBROLOI5+Eq3EXW0h+hKrXRE6INSZjAKBggqhkjOPQQDAgNJ
ADBGAiEAyvb5KLxukTxfscxmjvedx+i3sG6d8QjT76PcG9nW9p8CIQCP2fOezUcA
TERaN4lckz2lX21N18RAa9CWDZO8w/25Sg==
-----END CERTIFICATE-----
`,
	"g_int_notca": `-----BEGIN CERTIFICATE-----
MIIBazCCARKgAwIBAgIFAN2bJKQwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAWMRQwEgYDVQQD
DAtnX2ludF9ub3RjYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABArSythHsjLr
nDzzhj2A9+1BVd4sSmBU76MLacJEx3Q3tag0SjYb1QMo62wjmiaqM2sI6fTfNYao
40ogJO9sTZ+jUDBOMAwGA1UdEwEB/wQCMAAwHQYDVR0OBBYEFDMrkojCtdij+UzV
sGNGwSLGtICtMB8GA1UdIwQYMBaAFJuESgfnZkqlSeqw+2RPpU1ByQe1MAoGCCqG
SM49BAMCA0cAMEQCICTf2227NxrbOlFV/LJsITD7R8YTdjRFnaYGOqHRBbsZAiA3
gam4P+g0NEpU46CfMviBtTHEO+Vm2bJajeWk/6OWew==
-----END CERTIFICATE-----
`,
	"g_int_notca_leaf": `-----BEGIN CERTIFICATE-----
MIIBljCCATygAwIBAgIEA86wkTAKBggqhkjOPQQDAjAWMRQwEgYDVQQDDAtnX2lu
dF9ub3RjYTAgFw0yNjEyMDQxNjIyMDNaGA8yMTI2MTExMDE2MjIwM1owGzEZMBcG
A1UEAwwQZ19pbnRfbm90Y2FfbGVhZjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BHytqQL6LxIEgIe5pwqzsx63YrXBmiBg6TfUy/88zbIZp78QO5jqiN45nGL/UBG6
8VwvECHtBKl+yPkgNgRgopGjcTBvMBgGA1UdEQQRMA+CDWEuZXhhbXBsZS5jb20w
EwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFHTxYdWDkoiMrIa4oHfSZyY4
fXd7MB8GA1UdIwQYMBaAFDMrkojCtdij+UzVsGNGwSLGtICtMAoGCCqGSM49BAMC
A0gAMEUCIAJMRY0LLzUNUjKqbrGzkNRfjUZhDvyZVLWFFLffxTEQAiEAgJ771umv
sj2rOsSlpA7iDP3mGo/d0L1JzJcvBjBJbkM=
-----END CERTIFICATE-----
`,
	"g_int": `-----BEGIN CERTIFICATE-----
MIIBeTCCAR+gAwIBAgIFAMZVM0EwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAQMQ4wDAYDVQQD
DAVnX2ludDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLkyuuo3kMlW0x+5pdOC
7N6xSMGWMBtk4aPzRn6KPVJSCgQ77mGlaoQ4bCOeykvOiVdMuJCpmGgjRIhbzoHx
8XCjYzBhMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgIEMB0GA1UdDgQW
BBTcqmfX6IhcNr8NWG6DwNl4GI5C2jAfBgNVHSMEGDAWgBSbhEoH52ZKpUnqsPtk
T6VNQckHtTAKBggqhkjOPQQDAgNIADBFAiBbxawcJBMRA0Z4wWeWQUtoEByY5jwt
HbEvvMJ0E+dpQQIhAKFO3Pvq5kIGyhx1WYqdr0JjDxsj6H7Am0HynZENcKvC
-----END CERTIFICATE-----
`,
	"g_int_leaf": `-----BEGIN CERTIFICATE-----
MIIBizCCATCgAwIBAgIEAiLNKTAKBggqhkjOPQQDAjAQMQ4wDAYDVQQDDAVnX2lu
dDAgFw0yNjEyMDQxNjIyMDNaGA8yMTI2MTExMDE2MjIwM1owFTETMBEGA1UEAwwK
Z19pbnRfbGVhZjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCg5nhNcZuF1ScCX
S76TaH7Feh8fF0iFipSVE3YqXORH72h3tf4pVjZoqSM0vWbGdyiCUqjCMv5I+SrR
5E6r7oqjcTBvMBgGA1UdEQQRMA+CDWEuZXhhbXBsZS5jb20wEwYDVR0lBAwwCgYI
KwYBBQUHAwEwHQYDVR0OBBYEFCBgBhDw79ymNAIa2jChAa2l+UF9MB8GA1UdIwQY
MBaAFNyqZ9foiFw2vw1YboPA2XgYjkLaMAoGCCqGSM49BAMCA0kAMEYCIQDZTaX6
ekhkpv2CZ6YzEP+5J/sd5+Wiv+AtKNNyac4rkwIhAJbmdvFyi5WpSXb2eosEixr5
7Yn7M2q+N1KttGnXdYlp
-----END CERTIFICATE-----
`,
	"g_leaf_ku": `-----BEGIN CERTIFICATE-----
MIIBhzCCASygAwIBAgIFALqrEncwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAUMRIwEAYDVQQD
DAlnX2xlYWZfa3UwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASG68je8KfbdJUR
bNQcIWdUxmTvBYv7o4O5ELKrk+61mh2MunGcTNw7SdXk86yfyIcZxChITRqz8qBG
pNFq62U9o2wwajAYBgNVHREEETAPgg1hLmV4YW1wbGUuY29tMA4GA1UdDwEB/wQE
AwICBDAdBgNVHQ4EFgQU1h8ictzDACXSKQ4TxlROC27FdLwwHwYDVR0jBBgwFoAU
m4RKB+dmSqVJ6rD7ZE+lTUHJB7UwCgYIKoZIzj0EAwIDSQAwRgIhAKb2uvQchd4g
nQ02R2bYR00iKHWL6JguMu0miImkLN1YAiEAiIEHme+9+i7qtZ58wHOT0DKa1+Q/
v5cBIBs9fF+4YLs=
-----END CERTIFICATE-----
`,
	"g_leaf_ca": `-----BEGIN CERTIFICATE-----
MIIBiDCCAS2gAwIBAgIFAIUZifUwCgYIKoZIzj0EAwIwETEPMA0GA1UEAwwGZ19y
b290MCAXDTI2MTIwNDE2MjIwM1oYDzIxMjYxMTEwMTYyMjAzWjAUMRIwEAYDVQQD
DAlnX2xlYWZfY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASUC8db3Hz3a1Bh
5KBW0k+bZAo5dhr1fXLhvONDp9be2H31F5uBG/ju4nAgcY4r7enQXfoZrpqQabEB
U+1dcurho20wazAYBgNVHREEETAPgg1hLmV4YW1wbGUuY29tMA8GA1UdEwEB/wQF
MAMBAf8wHQYDVR0OBBYEFGx3Mi3Id+GEC7jn9gy9A4FxMKOiMB8GA1UdIwQYMBaA
FJuESgfnZkqlSeqw+2RPpU1ByQe1MAoGCCqGSM49BAMCA0kAMEYCIQD1ZdXPBeo2
+wkgr0j5KwKHQQLCwlTv/7q+4LTGLPgAxgIhAJfQAS6IhZSNqBiXY7ioiC8OWs+y
y9qiCZG1tjNq9NX9
-----END CERTIFICATE-----
`,
	"root": `-----BEGIN CERTIFICATE-----
MIIBZDCCAQqgAwIBAgIUJO0KKMQKelILD22dSCySGhkPGQMwCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEcm9vdDAgFw0yNjEyMDQxNjEyMDBaGA8yMTI2MTExMDE2MTIw
MFowDzENMAsGA1UEAwwEcm9vdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCz5
youTwtD5ZZbFqd2Pj/6YpC2eUDESYBX663aTdwFwFb6E622bkdKgT5NnAGUneGID
yuFyeuLxZYcP7sqdc86jQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD
AgEGMB0GA1UdDgQWBBQPpuHtyz18CAecQ7VtFtY0X8MqOzAKBggqhkjOPQQDAgNI
ADBFAiEA72f64X36/O31NUTuvVOWqXoOGoTiFRYMmJi7b6TGrDICICReVLRE3+VZ
+0isYDEo0tRe3bI9A1u723hhcP8+PAMo
-----END CERTIFICATE-----
`,
	"k_unknown": `-----BEGIN CERTIFICATE-----
MIIBeTCCAR+gAwIBAgIFAMmPWZswCgYIKoZIzj0EAwIwDzENMAsGA1UEAwwEcm9v
dDAgFw0yNjEyMDQxNjM4MTNaGA8yMTI2MTExMDE2MzgxM1owFDESMBAGA1UEAwwJ
a191bmtub3duMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEt02J6FbeX/ry7nv1
TZ9IEQVlU43qOa5uolXMMFRpZvJJCrMnMx5l4hpNXncfzIr/zggF0GookAcavC9u
zLKUj6NhMF8wDAYDVR0TAQH/BAIwADAPBgNVHSUECDAGBgQqAwQFMB0GA1UdDgQW
BBTTtNszKY3GpcqfaLJXK6Ia3NkGhDAfBgNVHSMEGDAWgBQPpuHtyz18CAecQ7Vt
FtY0X8MqOzAKBggqhkjOPQQDAgNIADBFAiEArLRul4LmaALv8PtgvQpX3MF3C1TM
Rnxj2tU80HK1D+ECIFATC8lfT7BFoJ58UTARNmTKP1j+F0A0THX2GBqlfNmS
-----END CERTIFICATE-----
`,
	"k_unknown_server": `-----BEGIN CERTIFICATE-----
MIIBijCCAS+gAwIBAgIEANlVrDAKBggqhkjOPQQDAjAPMQ0wCwYDVQQDDARyb290
MCAXDTI2MTIwNDE2MzgxNFoYDzIxMjYxMTEwMTYzODE0WjAbMRkwFwYDVQQDDBBr
X3Vua25vd25fc2VydmVyMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECjZgghtL
5WL+aj0Xl7X6FtBRe334mi53MSpliU+Oq/jkDRgXqCuDq1LLGThhJalwvE533aEB
sBxmDNkYQeRHvaNrMGkwDAYDVR0TAQH/BAIwADAZBgNVHSUEEjAQBgQqAwQFBggr
BgEFBQcDATAdBgNVHQ4EFgQUSGhLsydmt8fCexcY/KpA0R82qLMwHwYDVR0jBBgw
FoAUD6bh7cs9fAgHnEO1bRbWNF/DKjswCgYIKoZIzj0EAwIDSQAwRgIhAI2C6GO4
2ay5fSJ6uAQlW0M4w4NZcqCYcJyPaB3iyt1wAiEAwgXgAzNa2X8PinMe4/KMyuoZ
c1YUShvLkHwhYl2AGZY=
-----END CERTIFICATE-----
`,
	"k_sgc": `-----BEGIN CERTIFICATE-----
MIIBezCCASGgAwIBAgIFAP1jdZEwCgYIKoZIzj0EAwIwDzENMAsGA1UEAwwEcm9v
dDAgFw0yNjEyMDQxNjM4MTRaGA8yMTI2MTExMDE2MzgxNFowEDEOMAwGA1UEAwwF
a19zZ2MwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATmjdUWMt949vsVpyELrJty
S0e0RFjMQCYQcSl/5PHJHc1Xovx30s9xxlcq7Kxk87iA7Jt8K+GhV4eg41eStrKp
o2cwZTAMBgNVHRMBAf8EAjAAMBUGA1UdJQQOMAwGCisGAQQBgjcKAwMwHQYDVR0O
BBYEFB370GVlGq7Yw7yVmoMRE7a9m2AlMB8GA1UdIwQYMBaAFA+m4e3LPXwIB5xD
tW0W1jRfwyo7MAoGCCqGSM49BAMCA0gAMEUCIQDWgiXi52uCPALV4jej8IPS6TSb
CblrnsYRdRgDE6nT+QIgBv6saltJcESybaWRvq2J5Wfx79zWXazcUMIfgO/qgMA=
-----END CERTIFICATE-----
`,
	"k_nsgc": `-----BEGIN CERTIFICATE-----
MIIBfDCCASGgAwIBAgIFAKVKiLkwCgYIKoZIzj0EAwIwDzENMAsGA1UEAwwEcm9v
dDAgFw0yNjEyMDQxNjM4MTRaGA8yMTI2MTExMDE2MzgxNFowETEPMA0GA1UEAwwG
a19uc2djMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEejfUcbPfrgBD0R0lluu/
LFBh5JsKnNm+wuPiIvTD2/fTEFgsL4i7VCgXgPNP8QgNgI9X3K3w+Crpuhcfvxou
f6NmMGQwDAYDVR0TAQH/BAIwADAUBgNVHSUEDTALBglghkgBhvhCBAEwHQYDVR0O
BBYEFMiDqx+EyNEAFURzo4XP936IiFF7MB8GA1UdIwQYMBaAFA+m4e3LPXwIB5xD
tW0W1jRfwyo7MAoGCCqGSM49BAMCA0kAMEYCIQDCgJQzV8m/vEE/QxmF+Bg5wOS3
IOvgOhdcO4YWFsnRtAIhALGoTAGEhVhnm4HH5UEiPENJ9Xg0pjJWxORb2JQ7Fpjx
-----END CERTIFICATE-----
`,
}

verdict(names) := crypto.x509.parse_and_verify_certificates(concat("", [certs[n] | some n in names]))[0]

# case: [chain, root first and leaf last; OPA 1.20.2's verdict]
cases := {
	"root_ca": [["g_root", "g_leaf_g_root"], true],
	"root_v1_without_extensions": [["g_root_v1", "g_leaf_g_root_v1"], true],
	"root_without_basic_constraints": [["g_root_nobc", "g_leaf_g_root_nobc"], false],
	"root_key_usage_without_cert_sign": [["g_root_noku", "g_leaf_g_root_noku"], false],
	"root_not_a_ca": [["g_root_notca", "g_leaf_g_root_notca"], false],
	"int_key_usage_without_cert_sign": [["g_root", "g_int_noku", "g_int_noku_leaf"], false],
	"int_not_a_ca": [["g_root", "g_int_notca", "g_int_notca_leaf"], false],
	"order_root_int_leaf": [["g_root", "g_int", "g_int_leaf"], true],
	"order_last_is_the_leaf": [["g_root", "g_int_leaf", "g_int"], true],
	"order_first_is_the_root": [["g_int", "g_root", "g_int_leaf"], true],
	"order_int_missing": [["g_root", "g_int_leaf"], false],
	"leaf_key_usage_cert_sign_only": [["g_root", "g_leaf_ku"], true],
	"leaf_is_a_ca": [["g_root", "g_leaf_ca"], true],
	"eku_unknown_only": [["root", "k_unknown"], false],
	"eku_unknown_and_server": [["root", "k_unknown_server"], true],
	"eku_microsoft_sgc_is_not_server": [["root", "k_sgc"], false],
	"eku_netscape_sgc_is_not_server": [["root", "k_nsgc"], false],
}

verdicts(prefix) := {k: verdict(c[0]) | some k, c in cases; startswith(k, prefix)}

want(prefix) := {k: c[1] | some k, c in cases; startswith(k, prefix)}

test_roots if verdicts("root_") == want("root_")

test_intermediates if verdicts("int_") == want("int_")

test_order_of_certificates if verdicts("order_") == want("order_")

test_leaves if verdicts("leaf_") == want("leaf_")

test_extended_key_usages if verdicts("eku_") == want("eku_")


test_validity_at_current_time if {
	chain := concat("", [certs.g_root, certs.g_exp])
	[leaf] := crypto.x509.parse_certificates(certs.g_exp)
	during := time.parse_rfc3339_ns(leaf.NotBefore) + 3600000000000
	after := time.parse_rfc3339_ns(leaf.NotAfter) + 1000000000
	before := time.parse_rfc3339_ns(leaf.NotBefore) - 1000000000
	crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": during})[0]
	not crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": after})[0]
	not crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": before})[0]
}

# Go compares to the nanosecond: valid at NotBefore and at NotAfter, expired 1 ns later.
test_validity_to_the_nanosecond if {
	chain := concat("", [certs.g_root, certs.g_exp])
	[leaf] := crypto.x509.parse_certificates(certs.g_exp)
	nb := time.parse_rfc3339_ns(leaf.NotBefore)
	na := time.parse_rfc3339_ns(leaf.NotAfter)
	verdicts := [crypto.x509.parse_and_verify_certificates_with_options(chain, {"CurrentTime": t})[0] |
		some t in [nb - 1, nb, na, na + 1, na + 999999999]
	]
	verdicts == [false, true, true, false, false]
}

test_chain_is_leaf_first if {
	cns := [[c.Subject.CommonName | some c in verified[1]] |
		some names in [["g_root", "g_int", "g_int_leaf"], ["g_root", "g_int_leaf", "g_int"], ["g_int", "g_root", "g_int_leaf"]]
		verified := crypto.x509.parse_and_verify_certificates(concat("", [certs[n] | some n in names]))
	]
	cns == [["g_int_leaf", "g_int", "g_root"], ["g_int", "g_root"], ["g_int_leaf", "g_int"]]
}
