Return-Path: <dmarc@xs4all.nl>
From: dmarc@xs4all.nl
To: dmarc-rua@example.com
Subject: Report Domain: example.com
 Submitter: xs4all.nl
 Report-ID: <xs4all.nl-example.com-1794528000>
Date: Sat, 14 Nov 2026 00:05:00 GMT
Message-ID: <two-reports-10@xs4all.nl>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="xs4all-two-reports-10"

--xs4all-two-reports-10
Content-Type: text/plain

Two reports attached.
--xs4all-two-reports-10
Content-Type: application/gzip; name="xs4all.nl!example.com!1794528000!1794614399.xml.gz"
Content-Disposition: attachment; filename="xs4all.nl!example.com!1794528000!1794614399.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/3hzNGFsbC5ubCFleGFtcGxlLmNvbSExNzk0NTI4MDAwITE3OTQ2MTQzOTkueG1s
AH2Ty27CMBBF93wFYk9MKC1FGkxX/YJ2HRl7ABe/ZDuU/n0nCYEg1K7sez2P43ECm7M14xPGpL1b
T8piNhmjk15pt19PPj/ep6+TDR/BDlFthTxyuMRyCgXWC4gYfMyVxSyUyIKDj/vKCYv8nBbCmMIZ
YFcP0AptuLIiyrdBQGf3xbS6JU/xLGwwWEhvp+VytXiev85mRHCLBWqMVRRuTw22uNfEOAjsHECn
WvulXDytVtSSNLBhKnu4S/BGy58q1Fuj0wGbVp5IHR9AUY3OA6GO2vIIrNuASGHXymaFwCN+oczA
Aod0U7Ql66FRROljs/pvCvd1lFjpwMvVvJgV86IsKfPqgvS1y3wJrNv04HgSpqYbNuA6BZ90bh7N
eYeEPXCgJQ4iJfJb+Ia50y09e6zIWjSt0GW90/Q9cDigUBirXfT2fkTDA2B3OaLOhypiqk1OF45/
p5zQ0Nx85KkZQS+gq3BBvojhXf6vKX1Abhs8qtmKPwp2w7hnZv1bsevPMvoFYz4Td18DAAA=
--xs4all-two-reports-10
Content-Type: application/gzip; name="xs4all.nl!example.org!1794528000!1794614399.xml.gz"
Content-Disposition: attachment; filename="xs4all.nl!example.org!1794528000!1794614399.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/3hzNGFsbC5ubCFleGFtcGxlLm9yZyExNzk0NTI4MDAwITE3OTQ2MTQzOTkueG1s
AL2UwW7bMAyG732KIvdYtpNsDcCqPe0JtrOhSHQiVJZUye6ytx9txYmCbG2BATtZ/EP9/Eg6hqdj
Z+7fMETt7OOiKsrFPVrplLb7x8WP79+WD4snfgctotoJ+cLhlMspFdgcQEDvQt902AslesHBhX1j
RYf8GNfCmMIaYGcNsBPacNWJIJ+zhCTPZlpdLi/xKDpvsCCPZfV1u97UD2VJBJdcoMLYBGH3VGCH
e02MWWJSAK2a5C/VerXdUkmKgeVX2U0v3hktfzV+2BkdDziWckRqeQZFHkkDoV50xwOwdAARfTuF
4xM8fx0EVeq1RWCeyt26B5QujE/3k0N0Q5DYaM/rclWURVWtig2wiwzSDbbna2DpMOPimzAD9TXi
6uhd1P24KuvGwrkCE6cXMZI+IY+kKZ6Y2a0jm9i0Qmqk1fQWcDigUBiaNrjuejD5D8Cu7oihPzQB
42D6eOJ4d7YRDcreBT4fakKcNUhGJ/JTkLf0vrV0Hnk3UpLnFPzFMM3kGp2dd/bR7upN+Yft1Z/c
Xv7y3O6wpb9P3nCK/+sO/2XOCfdzc2bnL9Ldb7Y5FmvEBAAA
--xs4all-two-reports-10--
