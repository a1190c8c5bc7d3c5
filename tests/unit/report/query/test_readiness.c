/* tests/unit/report/query/test_readiness.c -- the verdict rules of
 * readiness_compute() (report/query/readiness.c) at their thresholds:
 * the pct band, the 1 % fix-first boundary, the policy now preferred over
 * the reports', quarantine before reject, and too few reporters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/query/failures.h"
#include "report/query/readiness.h"
#include "util/limits.h"

static char dom[] = "example.com", ip1[] = "192.0.2.1", ip2[] = "192.0.2.2",
    ip3[] = "192.0.2.3";

/* One domain: aligned mail from ip1, svc_fail from a service not set up
 * (ip2), spoof from an unknown sender (ip3); reports from reporters. */
static enum ready_verdict
run(const char *policy, const char *dns_p, int64_t aligned, int64_t svc_fail,
    int64_t spoof, int64_t reporters, struct ready_domain *out)
{
	char pol[64];
	struct summary_row sr;
	struct summary_rows sum = { &sr, 1, 1 };
	struct fail_row fr[3];
	struct fail_rows rows = { fr, 3, 3 };
	struct svc_class cls[3];
	const char *dp[1] = { dns_p };
	struct readiness rd;
	enum ready_verdict v;

	(void)snprintf(pol, sizeof(pol), "%s", policy);
	memset(&sr, 0, sizeof(sr));
	memset(fr, 0, sizeof(fr));
	memset(cls, 0, sizeof(cls));
	sr.domain = dom;
	sr.reports = 28;
	sr.reporters = reporters;
	sr.policy = pol;
	fr[0].domain = fr[1].domain = fr[2].domain = dom;
	fr[0].source_ip = ip1;
	fr[0].messages = aligned;
	cls[0].verdict = SV_ALIGNED;
	fr[1].source_ip = ip2;
	fr[1].messages = fr[1].dmarc_fail = svc_fail;
	cls[1].verdict = SV_NOT_SET_UP;
	fr[2].source_ip = ip3;
	fr[2].messages = fr[2].dmarc_fail = spoof;
	cls[2].verdict = SV_UNKNOWN;
	assert_int_equal(readiness_compute(&sum, &rows, cls, dp, &rd), 0);
	assert_int_equal(rd.ndom, 1);
	*out = rd.dom[0];
	v = rd.dom[0].verdict;
	readiness_release(&rd);
	return v;
}

static void
test_thresholds(void **state)
{
	struct ready_domain d;
	const char *none = "p=none sp=none adkim=r aspf=r pct=100";

	(void)state;
	/* Spoofing never counts: 1000 legitimate, 1,000,000 spoofed. */
	assert_int_equal(run(none, NULL, 1000, 0, 1000000, 3, &d), RV_QUARANTINE);
	assert_string_equal(d.advice, "p=quarantine");
	assert_int_equal(d.spoof, 1000000);
	assert_int_equal(d.legit, 1000);
	assert_non_null(strstr(d.reasons, "p=reject: go through quarantine"));
	/* Exactly 1 % of the legitimate mail: not above, the pct band. */
	assert_int_equal(run(none, NULL, 9900, 100, 0, 3, &d), RV_QUARANTINE);
	assert_string_equal(d.advice, "p=quarantine; pct=25 first");
	/* Just above 1 %: fix first. */
	assert_int_equal(run(none, NULL, 9899, 101, 0, 3, &d), RV_FIX_FIRST);
	assert_string_equal(d.advice, "keep p=none");
	assert_non_null(strstr(d.reasons, "fix this service first: 101"));
	/* 0.1 % exactly: no pct advice; just above: pct. */
	assert_int_equal(run(none, NULL, 9990, 10, 0, 3, &d), RV_QUARANTINE);
	assert_string_equal(d.advice, "p=quarantine");
	assert_int_equal(run(none, NULL, 9989, 11, 0, 3, &d), RV_QUARANTINE);
	assert_string_equal(d.advice, "p=quarantine; pct=25 first");
}

static void
test_policy(void **state)
{
	struct ready_domain d;

	(void)state;
	/* The DNS says quarantine, the reports none: reject is next. */
	assert_int_equal(run("p=none pct=100", "quarantine", 1000, 0, 5, 3, &d),
	    RV_REJECT);
	assert_true(d.policy_from_dns);
	assert_string_equal(d.policy_p, "quarantine");
	assert_string_equal(d.advice, "p=reject");
	/* Already p=reject at 100 %: keep it; at pct=50: raise it. */
	assert_int_equal(run("p=reject sp=none adkim=r aspf=r pct=100", NULL,
	    1000, 0, 5, 3, &d), RV_REJECT);
	assert_string_equal(d.advice, "keep p=reject");
	assert_int_equal(run("p=reject sp=none adkim=r aspf=r pct=50", NULL,
	    1000, 0, 5, 3, &d), RV_REJECT);
	assert_int_equal(d.pct, 50);
	assert_string_equal(d.advice, "p=reject");
}

static void
test_not_enough(void **state)
{
	struct ready_domain d;

	(void)state;
	assert_int_equal(run("p=none", NULL, 100000, 0, 0, 1, &d),
	    RV_NOT_ENOUGH_DATA);
	assert_non_null(strstr(d.reasons, "28 reports from 1 reporters"));
	assert_int_equal(run("p=none", NULL, DR_READY_MIN_MESSAGES - 1, 0, 0, 3,
	    &d), RV_NOT_ENOUGH_DATA);
	assert_int_equal(run("p=none", NULL, DR_READY_MIN_MESSAGES, 0, 0, 3,
	    &d), RV_QUARANTINE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_not_enough),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
