Return-Path: <dmarc@broken.example.net>
From: dmarc@broken.example.net
To: dmarc-rua@example.com
Subject: Report Domain: example.net Submitter: broken.example.net Report-ID: broken-16
Date: Mon, 16 Nov 2026 00:00:00 GMT
Message-ID: <broken-16@broken.example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="broken-boundary-16"

--broken-boundary-16
Content-Type: application/gzip; name="broken.example.net!example.net!1794700800!1794787199.xml.gz"
Content-Disposition: attachment; filename="broken.example.net!example.net!1794700800!1794787199.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/2Jyb2tlbi5leGFtcGxlLm5ldCFleGFtcGxlLm5ldCExNzk0NzAwODAwITE3OTQ3
ODcxOTkueG1sAP//////////////////////////////////////////////////////////////
/w5X2a8uaJ3Qap+VeZGtULWaC3XcZ1+fH+tddqAv0CHyhrVnClMtDaVA5gAsGm19LdEzzjyjoO2x
Vkwibaw+o8rxyqTpMVfogdySgJKJnnLJbPv+V2XKz/aCT3br8g3IXYQwE2vL1DFYNngUAW9bvW6L
YlcEyqQAKp7k3basquAdYiCPreTpGEb3ov2pzdD0wp0wjtIBSdEF5aQB42chqQWSNsCc6cYwrmCo
0gqBmDDo2ddiq21c9TcFpwfbYi0MLatNXuSbPALfVWj1oDyNYtrNoHhh/RBOFEGFM9oJH98nDX5U
YCQ0zLmgj7CRMcUjLXl2JCOb4Ki86ER4egonZBxt3Vktl1fymACy6GGDP9UW3dB7l8b+e6mu1Qap
jE4BbQwgdU+4UzBzL+3JfK/k9oVffgFVHcuP9QIAAA==
--broken-boundary-16--
