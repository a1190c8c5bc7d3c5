Return-Path: <dmarc_support@corp.mail.ru>
From: dmarc_support@corp.mail.ru
To: dmarc-rua@example.com
Subject: Report Domain: example.net;
 Submitter: Mail.Ru;
 Report-ID: 21897493826151230101
Date: Sun, 15 Nov 2026 02:38:20 GMT
Message-ID: <21897493826151230101.2@mail.ru>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="2A1B3C4D5E6F-mailru"

--2A1B3C4D5E6F-mailru
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

VGhpcyBpcyBhbiBhZ2dyZWdhdGUgcmVwb3J0IGZyb20gTWFpbC5SdS4K
--2A1B3C4D5E6F-mailru
Content-Type: application/gzip
Content-Transfer-Encoding: base64

H4sIAIBH+moC/32TTW/bMAyG7/0VRe61LCdpHYBVd9ptl2E7G4pNJ0L1BUnOun8/yorTBBl6sviS
evmQguHtw+jHE4aonH1d8apePaLt3aDs4XX1+9f3p3b1Jh5gRBz2sn8XcK4VVApsCSCgdyF1BpMc
ZJICXDh0VhoUP6TS1c8J2EUBNKSJwcjQd3Hy+ea33gVfZb0KVFsqFlc1iIa3u5fNbt02z3zLm3XN
aw7sMw/UFbsg7YH893hQBPiy2zTPbVsTZ1EA7TDL6+22yXKOgV1fZXeDeKdV/7fz016reMTcyhGd
FfghjddYWUzkUTSQw7syIgArB5DRj3OYv+CFdRaBeWp07xuQlpC/7o+A6KbQY6e84Lu22vKK13W1
IebPBPRusknwNbByWljxJPVEQ2VWFb2LKuVHKr2vFZghR9o16TNvxvQyRuqTgdm9I5vx1IA2qVHR
++e1nlA7j90YnLndy20KjigHDP+pu04Au3GXUzp2AeOkUzwTf/kEETX2yQVh5rkuIRSP87jn4Hru
r117mkKYDEiec7AYln1dDMvibqnZ8rbs8iM9/AM0g91TewMAAA==
--2A1B3C4D5E6F-mailru--
