/* tests/unit/report/test_resolver.c -- the c-ares resolver against a real
 * NSD serving tests/dns/zones/ on loopback: answer forms, TTLs, negative
 * answers, temporary errors, concurrency, server syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/report/nsd.h"
#include "report/dns/resolver.h"

static int
setup(void **state)
{
	(void)state;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	nsd_down();
	return 0;
}

static struct resolver *
open_nsd(void)
{
	struct resolver *r = NULL;
	struct dr_err err = DR_ERR_INIT;

	nsd_up_or_skip();
	assert_int_equal(resolver_new(&r, nsd_server, 1000, 2, &err), 0);
	return r;
}

static void
test_answers(void **state)
{
	static const struct {
		const char *name;
		enum dns_type type;
		enum dns_status status;
		const char *rr0;
		int ttl;
	} cases[] = {
		{ "mail.report.test", DNS_A, DNS_OK, "192.0.2.1", 3600 },
		{ "v6.report.test", DNS_AAAA, DNS_OK, "2001:db8::5", 3600 },
		{ "1.2.0.192.in-addr.arpa", DNS_PTR, DNS_OK, "mail.report.test", 3600 },
		{ "txt.report.test", DNS_TXT, DNS_OK, "v=spf1 -all", 3600 },
		{ "mx.report.test", DNS_MX, DNS_OK, "10 mail.report.test", 3600 },
		{ "alias.report.test", DNS_A, DNS_OK, "192.0.2.1", 3600 },
		{ "nothere.report.test", DNS_A, DNS_NXDOMAIN, NULL, 300 },
		{ "mail.report.test", DNS_TXT, DNS_NODATA, NULL, 300 },
		{ "9.113.0.203.in-addr.arpa", DNS_PTR, DNS_NXDOMAIN, NULL, 300 },
	};
	struct resolver *r;
	struct dns_answer a;
	size_t i;

	(void)state;
	r = open_nsd();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(resolver_query_sync(r, cases[i].name, cases[i].type, &a), 0);
		if (a.status != cases[i].status)
			fail_msg("%s: status %s", cases[i].name, dns_status_name(a.status));
		if (cases[i].rr0 != NULL) {
			assert_int_equal(a.n, 1);
			assert_string_equal(a.rr[0], cases[i].rr0);
		} else
			assert_int_equal(a.n, 0);
		assert_int_equal(a.ttl, cases[i].ttl);
		dns_answer_release(&a);
	}
	assert_int_equal(resolver_query_sync(r, "alias.report.test", DNS_A, &a), 0);
	assert_non_null(a.cname);
	assert_string_equal(a.cname, "mail.report.test");
	dns_answer_release(&a);
	resolver_free(r);
}

struct counter {
	int	ok, none, temp;
};

static void
count_cb(void *arg, const struct dns_answer *a)
{
	struct counter *c = arg;

	if (a->status == DNS_OK)
		c->ok++;
	else if (dns_status_is_temporary(a->status))
		c->temp++;
	else
		c->none++;
}

static void
test_concurrent(void **state)
{
	struct resolver *r;
	struct counter c = { 0, 0, 0 };
	char ip[32];
	int i;

	(void)state;
	r = open_nsd();
	for (i = 0; i < 600; i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%d", i % 250);
		assert_int_equal(resolver_query_ptr(r, i % 2 ? ip : "2001:db8::5",
		    count_cb, &c), 0);
	}
	assert_int_equal(resolver_run(r), 0);
	/* 300 IPv6 hits, and 192.0.2.1 at i = 1, 251, 501 */
	assert_int_equal(c.ok, 300 + 3);
	assert_int_equal(c.none, 297);
	assert_int_equal(c.temp, 0);
	assert_int_equal(resolver_queries_sent(r), 600);
	assert_true(resolver_max_inflight(r) > 50);
	assert_true(resolver_max_inflight(r) <= 256);
	resolver_free(r);
}

static void
test_temporary(void **state)
{
	struct resolver *r = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct dns_answer a;

	(void)state;
	/* nothing listens on port 9 of loopback: refused or timeout */
	assert_int_equal(resolver_new(&r, "127.0.0.1:9", 200, 1, &err), 0);
	assert_int_equal(resolver_query_sync(r, "mail.report.test", DNS_A, &a), 0);
	assert_true(dns_status_is_temporary(a.status));
	dns_answer_release(&a);
	/* a bad name or IP is an error at once, never "no record" */
	assert_int_equal(resolver_query_sync(r, "", DNS_A, &a), 0);
	assert_int_equal(a.status, DNS_ERROR);
	dns_answer_release(&a);
	resolver_free(r);
}

static void
test_server_syntax(void **state)
{
	static const struct { const char *s; int rc; } cases[] = {
		{ "127.0.0.1", 0 }, { "127.0.0.1:5353", 0 }, { "::1", 0 },
		{ "[::1]:5353", 0 }, { "[::1]", 0 }, { "localhost", -1 },
		{ "127.0.0.1:0", -1 }, { "127.0.0.1:70000", -1 }, { "1.2.3", -1 },
		{ "[::1]x", -1 }, { "127.0.0.1:53x", -1 }, { "", -1 },
	};
	struct resolver *r;
	struct dr_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dr_err_clear(&err);
		r = NULL;
		if (resolver_new(&r, cases[i].s, 100, 1, &err) != cases[i].rc)
			fail_msg("server '%s'", cases[i].s);
		if (cases[i].rc == -1)
			assert_int_equal(err.reason, R_USAGE);
		resolver_free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_temporary),
		cmocka_unit_test(test_server_syntax),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
