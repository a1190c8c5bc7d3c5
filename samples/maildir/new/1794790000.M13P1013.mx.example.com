Return-Path: <noreply@dmarc.yahoo.com>
From: Yahoo DMARC Report <noreply@dmarc.yahoo.com>
To: dmarc-rua@example.com
Subject: Report Domain: example.com Submitter: yahoo.com Report-ID: <1794268800.601234>
Date: Sun, 15 Nov 2026 02:30:00 GMT
Message-ID: <1794790000.601234.resend@dmarc.yahoo.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_601234_resend"

------=_Part_601234_resend
Content-Type: application/zip; name="yahoo.com!example.com!1794268800!1794355199.zip"
Content-Disposition: attachment; filename="yahoo.com!example.com!1794268800!1794355199.zip"
Content-Transfer-Encoding: base64

UEsDBBQAAAAIAAAAcF3FuXys5wEAAMIGAAAvAAAAeWFob28uY29tIWV4YW1wbGUuY29tITE3OTQy
Njg4MDAhMTc5NDM1NTE5OS54bWzlVcFy2yAQvecrPL5HSEqc2jOE5NQvaA89aTBa2TSCZQClyd8X
GZAUN5OkufTQk+Dtsrvv8STRuyfVrx7BOon6dl0V5XoFWmAr9eF2/f3b18vt+o5d0A6g3XPxwC5W
K2rBoPWNAs9b7vmIBRTtodFcAfvBj4iUTPsYBsVlz1rFrThCb+6fxyypRSFQURKjMTOVly2rvuyu
65vttiyLm7Kqr64pmYMxOQwAjeX6kPoEaA8HqRdnKYlIjoOOla82m2q3C711LkZeVpu6LZlSg70U
z40Z9r10R5gGwUBBM3jiyvQQWSUsJvD2QSpmKYmLBDrTnbDxGSHDLPwE4SkxCXEz5DJmhGfVyG1c
nGZ9ba6gpUCbR7T4axLB4WAFNNKwalcXZVEXVSg2ozlP4KA922woiauMp27wyPshiNbmwKiEdAad
9MFRTKOGoMMCWeSNMhjuXEiYFEmEuxSYZFkwPOsZbinzorIF7WUng5+nY0fgLdims6he3s4ykCr9
cZ7ywR8bC27o/VzybNz3rj5ygj7cIFrmqkArb+Z47JFop83EfNmQLjT5cHOBBpgaqYbmp80HO8++
JOdSjMnZXX9jtLp8w2n1J42WX5A3rNaFT8yrVouB/89qYBVYi/bf+C2q/im/UTL/j34DUEsBAhQD
FAAAAAgAAABwXcW5fKznAQAAwgYAAC8AAAAAAAAAAAAAAKQBAAAAAHlhaG9vLmNvbSFleGFtcGxl
LmNvbSExNzk0MjY4ODAwITE3OTQzNTUxOTkueG1sUEsFBgAAAAABAAEAXQAAADQCAAAAAA==
------=_Part_601234_resend--
