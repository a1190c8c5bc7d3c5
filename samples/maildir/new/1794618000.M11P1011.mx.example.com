Return-Path: <noreply-dmarc-support@google.com>
From: noreply-dmarc-support@google.com
To: dmarc-rua@example.com
Subject: Report domain: example.org Submitter: google.com Report-ID: 7739270066213344519
Date: Sat, 14 Nov 2026 01:00:00 GMT
Message-ID: <7739270066213344519@google.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="relay-footer-11"

--relay-footer-11
Content-Type: application/zip
Content-Transfer-Encoding: base64

UEsDBBQAAAAIAAAAcF2qA3PdDAIAAPMGAAAwAAAAZ29vZ2xlLmNvbSFleGFtcGxlLm9yZyExNzk0
NTI4MDAwITE3OTQ2MTQzOTkueG1s1VXLbtswELznKwLfLephWxawYXrqF7RngZZWMhFRZEkqjf++
S8l25Dox2qYo0IvEHXGHMxwSgscX1d0/o3VS9w+LJIoX99hXupZ9+7D4+uXzcrt45HfQINY7UT1x
OM7lNBXYqQCLRltfKvSiFl5w0LYte6GQt1q3HUaVVsDOIKASsuO9pr7usKyVsNXSDSaQfJp3TPNO
9LLmeZ4VaR7Hm02aZNlqtU4KYK+fgVbH0oq+pUV22EoSmherdbqNY9I7IYB9PcKbZJUV1B9qYPNW
dmXI6E5Wh9IMu066PYalNInrOb4IZUgvmSOOCQNRP0nFLbBpAMKZZizDGwz/NghaycsegRkO7hKh
EvpLiEowledJsBEG9LxSZLHSNrz1d+LUg62wlIancRbFUZJk0Zq4zzBUeug93xLhNDp5xGfRDbQZ
waN0RjvpQ8i9DkLmCIzmjHCO8NFnsDfVo1F2zchGcbJGMtZIOj8c9ihqtGVjtbrczfkHYBc9YvD7
0qIbOu+OOm4G4rDDymt7PI+k7wTAxHKUfSzmfm7zVtogV0EicY7FO4TThlzqZufE3k4uKbbROoko
9Kh4I7ok+cXo5ifpOsCG7tjc8FT/dwFOsv9igD8R/lmAKV29NMrzt+L74MW7kZtF4cI8fyA/brRd
l3rwwEaEBCiFYWX2Ojr1/KvMPxKN043/nXjY+Qd29wNQSwECFAMUAAAACAAAAHBdqgNz3QwCAADz
BgAAMAAAAAAAAAAAAAAApAEAAAAAZ29vZ2xlLmNvbSFleGFtcGxlLm9yZyExNzk0NTI4MDAwITE3
OTQ2MTQzOTkueG1sUEsFBgAAAAABAAEAXgAAAFoCAAAAAA==
--relay-footer-11
Content-Type: text/plain; charset=us-ascii

-- 
Scanned by the mail relay of example.org.
--relay-footer-11--
