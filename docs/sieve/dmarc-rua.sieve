# docs/sieve/dmarc-rua.sieve -- files DMARC aggregate reports into the
# Maildir folder DMARC (Maildir++: .DMARC), which the ingest timer reads
# (docs/postfix.md).  For Dovecot's LDA/LMTP with Pigeonhole; tested by
# tests/integration/1020-sieve.sh with sieve-test.
#
# A report is mail to the address in your rua= tag (here
# dmarc-reports@...), or, in a shared mailbox, mail whose Subject starts
# the way RFC 7489 section 7.2.1.1 says ("Report Domain: ...").
require ["fileinto", "envelope"];

if anyof (envelope :localpart :is "to" "dmarc-reports",
          header :contains "subject" "Report Domain:") {
	fileinto "DMARC";
	stop;
}
