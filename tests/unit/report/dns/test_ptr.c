/* tests/unit/report/test_ptr.c -- PTR lookups with FCrDNS through NSD,
 * the cache (fresh, expired, --no-dns), duplicates, temporary errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/report/fixture.h"
#include "tests/unit/report/nsd.h"
#include "report/dns/ptr.h"

static int
teardown(void **state)
{
	(void)state;
	nsd_down();
	return 0;
}

static void
test_lookup_and_cache(void **state)
{
	const char *ips[] = { "192.0.2.1", "198.51.100.7", "203.0.113.9",
	    "2001:db8::5", "192.0.2.1", "not-an-ip" };
	struct ptr_info pi[6];
	struct ptr_opts po;
	struct ptr_stats ps;
	struct dr_err err = DR_ERR_INIT;
	struct store *st;

	(void)state;
	nsd_up_or_skip();
	assert_non_null(st = fx_open(0));
	memset(&po, 0, sizeof(po));
	po.dns_server = nsd_server;
	po.now = 1000000;
	po.can_write = true;
	assert_int_equal(ptr_lookup(st, &po, ips, 6, pi, &ps, &err), 0);
	assert_int_equal(ps.looked_up, 5);	/* duplicates once */
	assert_int_equal(ps.cached, 0);
	assert_int_equal(pi[0].status, PTR_OK);
	assert_string_equal(pi[0].name, "mail.report.test");
	assert_int_equal(pi[0].fcrdns, 1);
	assert_int_equal(pi[1].status, PTR_OK);
	assert_string_equal(pi[1].name, "liar.report.test");
	assert_int_equal(pi[1].fcrdns, 0);
	assert_int_equal(pi[2].status, PTR_NONE);
	assert_string_equal(ptr_display(&pi[2]), "(no PTR)");
	assert_int_equal(pi[3].status, PTR_OK);
	assert_int_equal(pi[3].fcrdns, 1);
	assert_string_equal(pi[4].name, "mail.report.test");
	assert_int_equal(pi[5].status, PTR_TEMP);
	assert_int_equal(ps.saved, 4);	/* the bad IP is not cached */
	assert_int_equal(fx_q1(st, "SELECT expires_at FROM ptr_cache WHERE"
	    " ip = '192.0.2.1'"), 1000000 + 3600);
	assert_int_equal(fx_q1(st, "SELECT ttl FROM ptr_cache WHERE"
	    " ip = '203.0.113.9'"), 300);
	assert_int_equal(fx_q1(st, "SELECT expires_at FROM ptr_cache WHERE"
	    " ip = '203.0.113.9'"), 1000000 + PTR_TTL_MIN);

	/* cache only: answers without DNS */
	po.no_dns = true;
	po.now = 1000000 + 60;
	assert_int_equal(ptr_lookup(st, &po, ips, 4, pi, &ps, &err), 0);
	assert_int_equal(ps.cached, 4);
	assert_int_equal(ps.looked_up, 0);
	assert_true(pi[0].from_cache);
	assert_string_equal(pi[0].name, "mail.report.test");
	assert_int_equal(pi[1].fcrdns, 0);
	assert_int_equal(pi[2].status, PTR_NONE);

	/* expired and no DNS: unknown, not stale data */
	po.now = 1000000 + 3601;
	assert_int_equal(ptr_lookup(st, &po, ips, 1, pi, &ps, &err), 0);
	assert_int_equal(pi[0].status, PTR_UNKNOWN);
	assert_string_equal(ptr_display(&pi[0]), "not looked up");

	/* expired with DNS: looked up again */
	po.no_dns = false;
	assert_int_equal(ptr_lookup(st, &po, ips, 1, pi, &ps, &err), 0);
	assert_int_equal(ps.looked_up, 1);
	assert_int_equal(pi[0].status, PTR_OK);
	fx_close(st);
}

static void
test_temporary_not_cached(void **state)
{
	const char *ips[] = { "192.0.2.1" };
	struct ptr_info pi[1];
	struct ptr_opts po;
	struct ptr_stats ps;
	struct dr_err err = DR_ERR_INIT;
	struct store *st;

	(void)state;
	assert_non_null(st = fx_open(0));
	memset(&po, 0, sizeof(po));
	po.dns_server = "127.0.0.1:9";
	po.timeout_ms = 200;
	po.tries = 1;
	po.now = 1000;
	po.can_write = true;
	assert_int_equal(ptr_lookup(st, &po, ips, 1, pi, &ps, &err), 0);
	assert_int_equal(pi[0].status, PTR_TEMP);
	assert_int_equal(ps.saved, 0);
	assert_int_equal(fx_q1(st, "SELECT count(*) FROM ptr_cache"), 0);
	/* a bad --dns-server is a usage error */
	po.dns_server = "not-an-ip";
	assert_int_equal(ptr_lookup(st, &po, ips, 1, pi, &ps, &err), -1);
	assert_int_equal(err.reason, R_USAGE);
	fx_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_and_cache),
		cmocka_unit_test(test_temporary_not_cached),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
