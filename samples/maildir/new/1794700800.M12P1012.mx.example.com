Return-Path: <noreply-dmarc@gmx.net>
From: noreply-dmarc@gmx.net
To: dmarc-rua@example.com
Subject: Report Domain: example.com Submitter: gmx.net Report-ID: 52fd8a3e1c9b4f6aa0e1d2c3b4a59687
Date: Sun, 15 Nov 2026 00:03:20 GMT
Message-ID: <52fd8a3e1c9b4f6aa0e1d2c3b4a59687@gmx.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="gmx-boundary-12"

--gmx-boundary-12
Content-Type: application/gzip; name="gmx.net!example.com!1794614400!1794700799.xml.gz"
Content-Disposition: attachment; filename="gmx.net!example.com!1794614400!1794700799.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/2dteC5uZXQhZXhhbXBsZS5jb20hMTc5NDYxNDQwMCExNzk0NzAwNzk5LnhtbADV
VE1z2jAQvedXMNzxBxCImUVpp532lEumncnNI6S1UbEljyQn8O+7tjGGkDI99NKT962kt2/3LcDj
vixGr2idMno9joNoPEItjFQ6X49//vg2eRg/sjvIEOWGi92Irmu3HtdWrxT6bFVxy0u3ovRKu5Us
uRWTKbEwOJIy4oSwB2CxMtanJXouuecMjM1TzUtk359eIDwhwJKrgmlDD4rDpCX+lJf7QKOHsDvs
yZRk99NMPvAZxiLZzLMF5xHGcipmmzm/TxYPSwiHu0CFMbVc51Rmg7kijctkvojn84ikdhlALdv0
MoqWSUIlCUN4/jRHjZZ7Yxvpo69Pn5+/jJ7bKmghHE5PtYemK1MocUirelMot8VGk6GWNMM9L6sC
A2FKKtblQConDE3w0DBsjWTeIr7xYkdX3h8BlztVMhLQBcBdlbWw+ULFLP5CQSOsGLgBUQh6gBSC
R+dpC5iGsA/p1ZVwi8LY5mveiNHUVmCqKhYntAXBNIhpokMWhKm1ZzTOLugHga+8qGm0sm22Mk75
Zlsq7lzb4ykDbVPHfNtf01aH2wbDa8awlaYkaq8yRYvIYItcok0za8rLkZ8fQHjxhtd+m1p0deHd
UcdN1xwWNEvy38WkrQfQMRwlH8F5L7c5hamQlY084mzBHwi7YVxqDk9efezZNJqRZ3E8CxaLD1yb
/aVr/RJd+5bRr/a81w7/V751kv+hb+8Ib/oW9n/D7O432qusVrkFAAA=
--gmx-boundary-12--
