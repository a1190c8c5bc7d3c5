/* tests/unit/report/dns/test_answer.c -- raw replies read as the answer to
 * one question (report/dns/answer.c): records owned by other names are
 * never taken (issue 15, item 6), the CNAME chain is followed in any order
 * and bounded, the question section must be the question asked, and a
 * negative TTL comes only from an enclosing zone's SOA. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/dns/answer.h"
#include "util/limits.h"

struct msg {
	unsigned char	b[8192];
	int		len;
	unsigned	an;
};

static void
put8(struct msg *m, unsigned v)
{
	assert_true(m->len < (int)sizeof(m->b));
	m->b[m->len++] = (unsigned char)v;
}

static void
put16(struct msg *m, unsigned v)
{
	put8(m, v >> 8);
	put8(m, v & 0xff);
}

static void
put_name(struct msg *m, const char *name)
{
	const char *p = name, *dot;
	size_t n;

	while (*p != '\0') {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		put8(m, (unsigned)n);
		memcpy(m->b + m->len, p, n);
		m->len += (int)n;
		p += n + (dot != NULL);
	}
	put8(m, 0);
}

/* A reply header (id 1, QR, NOERROR) and its question. */
static void
start(struct msg *m, const char *qname, unsigned qtype, unsigned qclass)
{
	memset(m, 0, sizeof(*m));
	put16(m, 1);
	put16(m, 0x8180);
	put16(m, qname ? 1 : 0);
	put16(m, 0);
	put16(m, 0);
	put16(m, 0);
	if (qname != NULL) {
		put_name(m, qname);
		put16(m, qtype);
		put16(m, qclass);
	}
}

static void
set_counts(struct msg *m, unsigned an, unsigned ns)
{
	m->b[6] = (unsigned char)(an >> 8);
	m->b[7] = (unsigned char)an;
	m->b[8] = (unsigned char)(ns >> 8);
	m->b[9] = (unsigned char)ns;
}

/* rd NULL: rdata is the name in text. */
static void
put_rr(struct msg *m, const char *owner, unsigned type, unsigned ttl,
    const void *rd, unsigned rdlen, const char *rdname)
{
	int at;

	put_name(m, owner);
	put16(m, type);
	put16(m, 1);
	put16(m, ttl >> 16);
	put16(m, ttl & 0xffff);
	at = m->len;
	put16(m, 0);
	if (rdname != NULL)
		put_name(m, rdname);
	else {
		memcpy(m->b + m->len, rd, rdlen);
		m->len += (int)rdlen;
	}
	rdlen = (unsigned)(m->len - at - 2);
	m->b[at] = (unsigned char)(rdlen >> 8);
	m->b[at + 1] = (unsigned char)rdlen;
	m->an++;
}

static void
put_a(struct msg *m, const char *owner, const char *ip, unsigned ttl)
{
	unsigned char a[4];

	assert_int_equal(inet_pton(AF_INET, ip, a), 1);
	put_rr(m, owner, DNS_A, ttl, a, 4, NULL);
}

static void
put_txt(struct msg *m, const char *owner, const char *txt)
{
	unsigned char rd[256];
	size_t n = strlen(txt);

	rd[0] = (unsigned char)n;
	memcpy(rd + 1, txt, n);
	put_rr(m, owner, DNS_TXT, 3600, rd, (unsigned)n + 1, NULL);
}

static void
put_cname(struct msg *m, const char *owner, const char *target, unsigned ttl)
{
	put_rr(m, owner, DNS_CNAME, ttl, NULL, 0, target);
}

static int
parse(struct msg *m, const char *qname, enum dns_type qtype,
    struct dns_answer *a)
{
	memset(a, 0, sizeof(*a));
	return answer_parse(m->b, m->len, qname, qtype, a);
}

static void
test_name_eq(void **state)
{
	(void)state;
	assert_true(answer_name_eq("Mail.Example.COM.", "mail.example.com"));
	assert_true(answer_name_eq("", "."));
	assert_true(answer_name_eq("\\065b.test", "ab.test"));
	assert_false(answer_name_eq("mail.example.com", "mail.example.co"));
	assert_false(answer_name_eq("_dmarc.evil.test", "_dmarc.wrongname.test"));
	assert_false(answer_name_eq("a.test", "a.test.."));
}

/* A TXT owned by _dmarc.evil.test is no answer for _dmarc.wrongname.test. */
static void
test_foreign_owner(void **state)
{
	struct dns_answer a;
	struct msg m;

	(void)state;
	start(&m, "_dmarc.wrongname.test", DNS_TXT, 1);
	put_txt(&m, "_dmarc.evil.test", "v=DMARC1; p=reject");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "_dmarc.wrongname.test", DNS_TXT, &a), -1);
	dns_answer_release(&a);

	/* mixed: the right owner's record is taken, the foreign one not */
	start(&m, "host.wrongname.test", DNS_A, 1);
	put_a(&m, "other.test", "192.0.2.77", 60);
	put_a(&m, "HOST.wrongname.test.", "192.0.2.1", 600);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "host.wrongname.test", DNS_A, &a), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rr[0], "192.0.2.1");
	assert_int_equal(a.ttl, 600);	/* the foreign TTL does not count */
	assert_null(a.cname);
	dns_answer_release(&a);

	/* a PTR of another address, then an A of another name */
	start(&m, "1.2.0.192.in-addr.arpa", DNS_PTR, 1);
	put_rr(&m, "1.1.1.1.in-addr.arpa", DNS_PTR, 60, NULL, 0, "dns.google");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "1.2.0.192.in-addr.arpa", DNS_PTR, &a), -1);
	dns_answer_release(&a);
	start(&m, "mail.google.com", DNS_A, 1);
	put_a(&m, "evil.test", "192.0.2.1", 60);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "mail.google.com", DNS_A, &a), -1);
	dns_answer_release(&a);
}

static void
test_cname_chain(void **state)
{
	struct dns_answer a;
	struct msg m;

	(void)state;
	/* out of order, a foreign A and a foreign CNAME mixed in */
	start(&m, "alias.chain.test", DNS_A, 1);
	put_a(&m, "real.chain.test", "192.0.2.88", 300);
	put_cname(&m, "c1.chain.test", "real.chain.test", 100);
	put_a(&m, "evil.test", "192.0.2.77", 3600);
	put_cname(&m, "evil.test", "alias.chain.test", 3600);
	put_cname(&m, "Alias.Chain.Test", "c1.chain.test", 3600);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "alias.chain.test", DNS_A, &a), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rr[0], "192.0.2.88");
	assert_string_equal(a.cname, "real.chain.test");
	assert_int_equal(a.ttl, 100);	/* the chain's TTLs count */
	dns_answer_release(&a);

	/* records at the name asked are not taken when it is a CNAME */
	start(&m, "x.chain.test", DNS_A, 1);
	put_cname(&m, "x.chain.test", "y.chain.test", 300);
	put_a(&m, "x.chain.test", "192.0.2.5", 300);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "x.chain.test", DNS_A, &a), -1);
	dns_answer_release(&a);

	/* a chain to a name with no record of the type: NODATA */
	start(&m, "x.chain.test", DNS_A, 1);
	put_cname(&m, "x.chain.test", "y.chain.test", 300);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "x.chain.test", DNS_A, &a), 0);
	assert_int_equal(a.n, 0);
	assert_string_equal(a.cname, "y.chain.test");
	dns_answer_release(&a);

	/* a loop, with an address at its start */
	start(&m, "l1.loop.test", DNS_A, 1);
	put_cname(&m, "l1.loop.test", "l2.loop.test", 300);
	put_cname(&m, "l2.loop.test", "L1.loop.test", 300);
	put_a(&m, "l1.loop.test", "192.0.2.99", 300);
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "l1.loop.test", DNS_A, &a), -1);
	dns_answer_release(&a);
}

/* n links: c0 -> c1 -> ... -> cn, and cn has the address. */
static int
chain_of(unsigned n, struct dns_answer *a)
{
	char owner[32], target[32];
	struct msg m;
	unsigned i;

	start(&m, "c0.long.test", DNS_A, 1);
	for (i = 0; i < n; i++) {
		snprintf(owner, sizeof(owner), "c%u.long.test", i);
		snprintf(target, sizeof(target), "c%u.long.test", i + 1);
		put_cname(&m, owner, target, 300);
	}
	put_a(&m, target, "192.0.2.9", 300);
	set_counts(&m, m.an, 0);
	return parse(&m, "c0.long.test", DNS_A, a);
}

static void
test_chain_bound(void **state)
{
	struct dns_answer a;

	(void)state;
	assert_int_equal(chain_of(DR_DNS_MAX_CNAME, &a), 0);
	assert_int_equal(a.n, 1);
	dns_answer_release(&a);
	assert_int_equal(chain_of(DR_DNS_MAX_CNAME + 1, &a), -1);
	dns_answer_release(&a);
}

/* The question section must be the one question asked. */
static void
test_question(void **state)
{
	struct dns_answer a;
	struct msg m;

	(void)state;
	start(&m, "other.test", DNS_TXT, 1);
	put_txt(&m, "other.test", "v=spf1 +all");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "qname.test", DNS_TXT, &a), -1);
	dns_answer_release(&a);
	start(&m, "qname.test", DNS_A, 1);
	put_txt(&m, "qname.test", "v=spf1 +all");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "qname.test", DNS_TXT, &a), -1);
	dns_answer_release(&a);
	start(&m, "qname.test", DNS_TXT, 3);	/* class CH */
	put_txt(&m, "qname.test", "v=spf1 +all");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "qname.test", DNS_TXT, &a), -1);
	dns_answer_release(&a);
	start(&m, NULL, 0, 0);			/* no question */
	put_txt(&m, "qname.test", "v=spf1 +all");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "qname.test", DNS_TXT, &a), -1);
	dns_answer_release(&a);
	/* the same question, in other case and with a trailing dot: fine */
	start(&m, "QName.Test", DNS_TXT, 1);
	put_txt(&m, "qname.test", "v=spf1 -all");
	set_counts(&m, m.an, 0);
	assert_int_equal(parse(&m, "qname.test.", DNS_TXT, &a), 0);
	assert_int_equal(a.n, 1);
	assert_string_equal(a.rr[0], "v=spf1 -all");
	dns_answer_release(&a);
}

static void
put_soa(struct msg *m, const char *zone, unsigned ttl, unsigned minimum)
{
	struct msg rd;

	memset(&rd, 0, sizeof(rd));
	put_name(&rd, "ns.example");
	put_name(&rd, "host.example");
	put16(&rd, 0); put16(&rd, 1);
	put16(&rd, 0); put16(&rd, 3600);
	put16(&rd, 0); put16(&rd, 600);
	put16(&rd, 1); put16(&rd, 0);
	put16(&rd, minimum >> 16); put16(&rd, minimum & 0xffff);
	put_rr(m, zone, 6, ttl, rd.b, (unsigned)rd.len, NULL);
}

/* Negative TTL: min(TTL, minimum) of an enclosing zone's SOA only. */
static void
test_negative_ttl(void **state)
{
	struct dns_answer a;
	struct msg m;

	(void)state;
	start(&m, "nothere.report.test", DNS_A, 1);
	put_soa(&m, "report.test", 3600, 300);
	set_counts(&m, 0, 1);
	assert_int_equal(parse(&m, "nothere.report.test", DNS_A, &a), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(a.ttl, 300);
	dns_answer_release(&a);
	start(&m, "nothere.report.test", DNS_A, 1);
	put_soa(&m, "evil.test", 3600, 86400);
	set_counts(&m, 0, 1);
	assert_int_equal(parse(&m, "nothere.report.test", DNS_A, &a), 0);
	assert_int_equal(a.ttl, 0);
	dns_answer_release(&a);
	/* a zone named like a suffix that is not a label boundary */
	start(&m, "nothere.report.test", DNS_A, 1);
	put_soa(&m, "port.test", 3600, 86400);
	set_counts(&m, 0, 1);
	assert_int_equal(parse(&m, "nothere.report.test", DNS_A, &a), 0);
	assert_int_equal(a.ttl, 0);
	dns_answer_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_eq),
		cmocka_unit_test(test_foreign_owner),
		cmocka_unit_test(test_cname_chain),
		cmocka_unit_test(test_chain_bound),
		cmocka_unit_test(test_question),
		cmocka_unit_test(test_negative_ttl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
