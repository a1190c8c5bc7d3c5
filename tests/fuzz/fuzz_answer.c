/*
 * tests/fuzz/fuzz_answer.c -- the DNS reply reader (report/dns/answer.c),
 * which every answer from the network goes through: a lying or broken
 * server controls every byte.
 *
 * The input is one reply, read as the answer to a question about
 * "example.test" (and, for the PTR case, "1.2.0.192.in-addr.arpa") for
 * each type dmarc-report asks.  Whatever the bytes, answer_parse() returns
 * 0 or -1, keeps at most DR_DNS_MAX_RR records, each a NUL-terminated
 * string, and everything it allocated is released (LeakSanitizer).
 */
#include <string.h>

#include "report/dns/answer.h"
#include "tests/fuzz/fuzz.h"
#include "util/limits.h"

static const struct {
	const char	*qname;
	enum dns_type	 type;
} questions[] = {
	{ "example.test", DNS_TXT },
	{ "_dmarc.example.test", DNS_TXT },
	{ "example.test", DNS_A },
	{ "example.test", DNS_AAAA },
	{ "example.test", DNS_MX },
	{ "1.2.0.192.in-addr.arpa", DNS_PTR },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_answer a;
	size_t q, i;
	int rc;

	if (size > 65535)	/* a DNS message is at most 64 KiB */
		return 0;
	for (q = 0; q < sizeof(questions) / sizeof(questions[0]); q++) {
		memset(&a, 0, sizeof(a));
		rc = answer_parse(data, (int)size, questions[q].qname,
		    questions[q].type, &a);
		FUZZ_CHECK(rc == 0 || rc == -1);
		FUZZ_CHECK(a.n <= DR_DNS_MAX_RR);
		for (i = 0; rc == 0 && i < a.n; i++)
			FUZZ_CHECK(a.rr != NULL && a.rr[i] != NULL &&
			    strlen(a.rr[i]) <= DR_DNS_TXT_MAX);
		dns_answer_release(&a);
	}
	return 0;
}
