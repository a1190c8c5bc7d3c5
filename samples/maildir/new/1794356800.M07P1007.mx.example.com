Return-Path: <dmarc@reports.example.net>
From: dmarc@reports.example.net
To: dmarc-rua@example.com
Subject: Report Domain: example.com Submitter: reports.example.net Report-ID: rpt-2026-11-11-0007
Date: Thu, 12 Nov 2026 00:16:40 GMT
Message-ID: <rpt-0007@reports.example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_xzip_boundary_0007"

This is a multi-part message in MIME format.

--=_xzip_boundary_0007
Content-Type: text/plain; charset=us-ascii

Report attached.
--=_xzip_boundary_0007
Content-Type: application/x-zip-compressed; name="reports.example.net!example.com!1794355200!1794441600.zip"
Content-Disposition: attachment; filename="reports.example.net!example.com!1794355200!1794441600.zip"
Content-Transfer-Encoding: base64

UEsDBBQAAAAIAAAAcF0Nx3TN5wEAABoFAAA5AAAAcmVwb3J0cy5leGFtcGxlLm5ldCFleGFtcGxl
LmNvbSExNzk0MzU1MjAwITE3OTQ0NDE2MDAueG1svVTLjtswDLzvVwS5x7Id7wvganvqF7RnQ5Hp
RI31gGRvN39fyoqdpAmCRQ8FAlhDUuQMRwi8f+pu8YE+KGvelkWWLxdopG2U2b4tf/74vnpZvvMH
aBGbjZB7DsdaTqXAJgAenfV9rbEXjegFB+u3tREaecqEDD+Fdh1mBntgcxZQC9XxRgsvv90sTQXT
ANVw7/pVmZdPq6KIvzzPn4Gd0kDzsfbCbKn7BreKqD6/VuvHxzInxikCaJoxXFXFUwxHDOz8KruS
5Gyn5KF2w6ZTYYdxlCVyhk98pdXUI8VANHuluQeWDiCCa0cYv+BoL79Qkj7HIZwQHSl0NcijtD5+
7W8qt4OXWCvHy3yd5VlRrLOqortzHKQdTM9fgKXDRB0/RDeQxkhdBWeD6qN70/DzGIysW9o9xUcB
kXfCowKPIsS6/uCQd1aKrk5TgI0h4qA10vANJffYLDaHBclARW8m8krJuObUh11zZKNc1VChahU9
NQ47FA36uvVWX679PAHs4o4Y+l3tMQxdH5KMu8YFaYm+jp1I6ggg3T7KP4LjHthlezZbdduy4rUk
y8qsyG8YVhZfdMxYg7f8ciKEc78STjz/037T8LsLxo6em/U8kNwZTDtOlOcdn7T8q2l/NbxrGpv/
5x7+AFBLAQIUAxQAAAAIAAAAcF0Nx3TN5wEAABoFAAA5AAAAAAAAAAAAAACkAQAAAAByZXBvcnRz
LmV4YW1wbGUubmV0IWV4YW1wbGUuY29tITE3OTQzNTUyMDAhMTc5NDQ0MTYwMC54bWxQSwUGAAAA
AAEAAQBnAAAAPgIAAAAA
--=_xzip_boundary_0007--
