Return-Path: <postmaster@example.net>
From: Postmaster <postmaster@example.net>
To: dmarc-rua@example.com
Subject: Fwd: Report Domain: example.net Submitter: fastmail.com
Date: Fri, 13 Nov 2026 01:23:20 GMT
Message-ID: <fwd-09@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="fwd-boundary-09"

--fwd-boundary-09
Content-Type: text/plain; charset=utf-8

Forwarding the report that landed in my inbox.
--fwd-boundary-09
Content-Type: message/rfc822
Content-Disposition: attachment

Return-Path: <noreply-dmarc@fastmail.com>
From: DMARC Aggregate Report <noreply-dmarc@fastmail.com>
To: dmarc-rua@example.com
Subject: Report Domain: example.net Submitter: fastmail.com
Date: Fri, 13 Nov 2026 00:02:00 GMT
Message-ID: <1794441600000123@fastmail.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="_----------=_fm_17944416000001230"

--_----------=_fm_17944416000001230
Content-Type: text/plain; charset=utf-8

DMARC aggregate report for example.net
--_----------=_fm_17944416000001230
Content-Disposition: inline; filename=fastmail.com!example.net!1794441600!1794527999!1794441600000123.xml.gz
Content-Type: application/gzip; name=fastmail.com!example.net!1794441600!1794527999!1794441600000123.xml.gz
Content-Transfer-Encoding: base64

H4sICIBH+moC/2Zhc3RtYWlsLmNvbSFleGFtcGxlLm5ldCExNzk0NDQxNjAwITE3OTQ1Mjc5OTkh
MTc5NDQ0MTYwMDAwMDEyMy54bWwA1VQ9c9swDN3zK3zeI1qu01g+hOmUKUOHZNbRJGjzIn4cSeXj
35cUZUeuUy/tUi7kA8CHB4AS3L/rbvaKPihr7uZ1tZjP0HArlNndzZ+fHq7X83t6BRJRbBl/oTDG
0hQK5ADAo7M+thojEywyCtbvWsM00gcWomaqm/2MH7PHKIAcXYDZQYVmnl8XhvBDjvEVtxpIiTjQ
K0Hr22a1WtXfF3nVy29APn2QUmPrmdkl7i3ulJmEAykWQFNYbpa3TdOkFAkDmV4lZ9U42yn+0bp+
26mwx5zKJmWG4jvTrsPKYEwcxQZMvChNPZByABacHGDewVFjDQJxKdE5r0dufd7tG4Vge8+xVY7W
zbq6qat6sahWqZRPB3Dbm0hTH8rhIBVfWdenmrJUFZwNKuZBldRTCwwaHQsh2Qe5WWXBg15yzkgG
dUqgiUqq9AYo7JEJ9K30Vp82ZeoAcnKH9XHfegx9F8Oo42JfA3bIo/VU6jqJOyAoFKPmEUyLuUzK
rUOqs77EOYA/EJZunIomx3l9PbdleqQbsV1vZFqbTf3F6JZ/OTqZvpBptQX/X6Mrmv/h6IKV8TfS
i+Mjxx/c1S+VEFf4EwUAAA==
--_----------=_fm_17944416000001230--

--fwd-boundary-09--
