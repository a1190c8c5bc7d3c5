Return-Path: <dmarc_support@corp.mail.ru>
From: dmarc_support@corp.mail.ru
To: dmarc-rua@example.com
Subject: Report Domain: example.net;
 Submitter: Mail.Ru;
 Report-ID: 21897493826151230101
Date: Wed, 11 Nov 2026 00:05:00 GMT
Message-ID: <21897493826151230101@mail.ru>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="2A1B3C4D5E6F-mailru"

--2A1B3C4D5E6F-mailru
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

VGhpcyBpcyBhbiBhZ2dyZWdhdGUgcmVwb3J0IGZyb20gTWFpbC5SdS4K
--2A1B3C4D5E6F-mailru
Content-Type: application/gzip
Content-Transfer-Encoding: base64

H4sIAIBH+moC/32TTW/bMAyG7/0VRe61LCdpHYBVd9ptl2E7G4pFJ0KtD0hy1v37UVacJsjQk8WX
1MuHFAxvH2Z8PGGI2tnXFa/q1SPa3iltD6+r37++P7WrN/EAA6Lay/5dwLlWUCmwJYCA3oXUGUxS
ySQFuHDorDQofkg9Vj8nYBcF0JAmlJGh7+Lk881vvQu+ynoVqLZULK5aiYa3u5fNbt02z3zLm3XN
aw7sMw/UFbsg7YH893jQBPiy2zTPbVsTZ1EArZrl9XbbZDnHwK6vsrtBvBt1/7fz037U8Yi5lSM6
K/BDGj9iZTGRR9FAqndtRABWDiCjH+Ywf8EL6ywC89To3jcgLSF/3R8B0U2hx057wXdtteUVr+tq
Q8yfCejdZJPgDbByWljxJMeJhsqsOnoXdcqPVHpfKzBDDrRr0mfejOlljNQnA7N7RzbjaYU26UHT
++e1nnB0HrshOHO7l9sUHFEqDP+pu04Au3GXUzp2AeM0pngm/vIJIo7YJxeEmee6hFA8zuOeg+u5
v3btaQphMiB5zsFiWPZ1MSyLu6Vmy9uyy4/08A/BUEHiewMAAA==
--2A1B3C4D5E6F-mailru--
