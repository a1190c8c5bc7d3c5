Return-Path: <postmaster@amazonses.com>
From: postmaster@amazonses.com
To: dmarc-rua@example.com
Subject: Dmarc Aggregate Report Domain: {example.com} Submitter: {Amazon SES} Date: {2026-11-11} Report-ID: {6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f}
Date: Thu, 12 Nov 2026 00:08:20 GMT
Message-ID: <6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f@email.amazonses.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_SES_6f1f2a9c"

------=_Part_SES_6f1f2a9c
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

DMARC aggregate report.

------=_Part_SES_6f1f2a9c
Content-Type: application/octet-stream; name=amazonses.com!example.com!1794355200!1794441600.xml.gz
Content-Transfer-Encoding: base64

H4sICIBH+moC/2FtYXpvbnNlcy5jb20hZXhhbXBsZS5jb20hMTc5NDM1NTIwMCExNzk0NDQxNjAw
LnhtbAB9U8ty2yAU3ecrMt4rWA8ntueGNIt213aRdpONBsGVTSIeAyhN+/UFPfwYt9mIew5wOOeC
4OFddddv6Lw0+n6R3ywX16i5EVLv7hc/f3zJ1osHegUtomgYf6UwraVxKZAZgENrXKgVBiZYYBSM
29WaKaSPXx+fv3/Lnj4/ATmQgIrJjlrjg2I+oPvEFPtjtEd/w40CMs7PslLQ2zZvC7bh2bpZYlbx
UmQbLNpsxaqm5IXIcdkCOa6HaANrx/QuntbgTkbHd5uqXK2KZTQ+MoBaDHRV5beJThjI6VZykcya
TvLfte2bTvo9pqNMdKspvjNlOxwDTBww8SoVdUDGApi37QDTCJY6fEEegFgK/ohiCZYHmidTqYjf
i2MdcuPSaH7FzaZ3HGtpacyXb0Wz3uZFWW23+V2UO0wCN70OtMyBjNUcB99Y18fcKY708WJkSBer
jcYY5oSBIYdl3kd+iJSSjHjIRC4VyWBRCtRBtjK+GQp7ZAJd3Tqjzht3OgHkbA/rw7526Psu+MnH
h7332MVuGkd9jHsAMCpMlidwmmXWPD7Jf6tzY5GqZDSqD+A/0mNbzt2T+fbI4de6+gvLOp4ZjQMA
AA==
------=_Part_SES_6f1f2a9c--
