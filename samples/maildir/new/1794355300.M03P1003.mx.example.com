Return-Path: <noreply@dmarc.yahoo.com>
From: Yahoo DMARC Report <noreply@dmarc.yahoo.com>
To: dmarc-rua@example.com
Subject: Report Domain: example.com Submitter: yahoo.com Report-ID: <1794268800.601234>
Date: Wed, 11 Nov 2026 00:01:40 GMT
Message-ID: <1794355300.601234@dmarc.yahoo.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; 
	boundary="----=_Part_601234_1794268800.1794355300000"
Content-Transfer-Encoding: binary

------=_Part_601234_1794268800.1794355300000
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

This is an aggregate report from Yahoo.
------=_Part_601234_1794268800.1794355300000
Content-Disposition: attachment; filename="yahoo.com!example.com!1794268800!1794355199.xml.gz"
Content-Type: application/gzip; name="yahoo.com!example.com!1794268800!1794355199.xml.gz"
Content-Transfer-Encoding: base64

H4sICIBH+moC/3lhaG9vLmNvbSFleGFtcGxlLmNvbSExNzk0MjY4ODAwITE3OTQzNTUxOTkueG1s
ANVUy3LbMAy85ysyvkeUlDi1ZxAmp35Be+hJQ1OQzUYkOCCVJn9fSvRDHreeHHrpReSCArCLpQTP
77a/fUMOhtzToirKxS06Ta1x26fF929f71aLZ3kDHWK7UfpVAqMnjo3FqFoVlQTibeOURflD7YhA
HDGgVaaXrVWsd9j7l4/xBeN0ocmCyKeHeqaV1Zf1Q/24WpVl8VhW9f0DiNMhpGbYsHLbVHiDW+Nm
74PIEUCXy9wvl9V6nXokDGKeKi74e+qN/mj8sOlN2OHYihI1J/FdWd9jZruPgWpfjZUMIm9ABd9N
cFzBS8afqCMILyGcUNqC11FWI9dxk54XbRk18bjSr5RMA2tsjJfVui7Koi6qlHqKgqbBRblcgsi7
gw58U/2QBI86TPAUTEzWSkcOk4pZBCYBXoWQ4pOWUULGkxhxWVFM3EyLLprOpFsjYYeqRW46Jns+
sfkBiLMcNcRdwxiGPoY9j6tDD9inMRLLUCVuBwC5wp7yHsy1XK+pyaO0I71UcwJ/KZiHcc5ZHM26
blpd/sm1+pOmHa7PpW1d+nbmUjP+v2xDtshM/E+9y4P4nHfi+Fe7+Q39Sv6CCAUAAA==
------=_Part_601234_1794268800.1794355300000--
