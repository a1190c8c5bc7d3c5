Return-Path: <noreply-dmarc@zoho.com>
From: noreply-dmarc@zoho.com
To: dmarc-rua@example.com
Subject: Report Domain: example.org Submitter: zoho.com Report-ID: <a1b2c3d4e5f60718293a4b5c6d7e8f90>
Date: Thu, 12 Nov 2026 00:15:00 GMT
Message-ID: <a1b2c3d4e5f60718293a4b5c6d7e8f90@zoho.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="zoho-x-gzip-0001"

--zoho-x-gzip-0001
Content-Type: application/x-gzip; name="zoho.com!example.org!1794355200!1794441599.xml.gz"
Content-Disposition: attachment; filename="zoho.com!example.org!1794355200!1794441599.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/3pvaG8uY29tIWV4YW1wbGUub3JnITE3OTQzNTUyMDAhMTc5NDQ0MTU5OS54bWwA
xVTBbtswDL33K4rca8VJnMQAq/bUL9jOhiLRiRBb0iQ5a/f1o+w4dZC1G4YBu1gkTT2+pycbnl7b
5v6EPmhrHmd5Np/do5FWabN/nH398vKwnT3xO6gR1U7II4dzL6dWYGMCHp31sWoxCiWi4GD9vjKi
Rf7DHmwmbQvsUgJshW64sbSreXtQrfDy+b1veDtCasVFvlvIpVphUa/nm3y7KJditSvkWm1wW5fE
470XaDxWXpg9zdnhXhPTTblaFsViTo1DBdCovrxa5UVZ0kjKgU23shtFzjZavlWu2zU6HDCNssTU
cHwVrWswI32EMdRAqKNuuQc2BCCCq/s0reD4t07QpKgNAnMcgqPjSDEF4GTkeWKbAnreDPYorU+r
/U5bbeclVtrxxXyZzbM8X2YFAV3KIG1nIl8DG4JRCZ5E05HkpEQHZ4OOycuBx7QCvQQnQqB6ryaJ
GPJeDrtFZD03rZA01pquCYcDCoW+qr1tr89s+gLY1R7RxUPlMXRNDGcenx57wAZltJ6PQU4UxxoM
QGfm52Qq6XNoaR3yNrEkzD75AHA4k2vq7OLZ77xL9/HGvPwPzZteq1sLa/qwpnqH/D9aeNJNNuIY
jL/w8fh3Bn4M/G9cZJcf4t1Pdy2lkkMFAAA=
--zoho-x-gzip-0001--
