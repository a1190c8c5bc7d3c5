/* tests/unit/report/test_align_check.c -- alignment recomputation against
 * the reporter's policy_evaluated, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/query/align_check.h"

struct tcase {
	const char	*name;
	const char	*hfrom, *adkim, *aspf, *dkim_eval, *spf_eval;
	struct ac_dkim	 dkim[2];
	size_t		 n_dkim;
	struct ac_spf	 spf[2];
	size_t		 n_spf;
	bool		 known, dkim_al, spf_al, dkim_diff, spf_diff;
};

static const struct tcase cases[] = {
	{ "both aligned, reporter agrees", "example.com", "r", "r", "pass", "pass",
	  { { "example.com", "pass" } }, 1, { { "example.com", "mfrom", "pass" } }, 1,
	  true, true, true, false, false },
	{ "relaxed subdomain dkim", "example.com", NULL, NULL, "pass", "fail",
	  { { "mail.example.com", "pass" } }, 1, { { "other.test", "mfrom", "pass" } }, 1,
	  true, true, false, false, false },
	{ "strict dkim subdomain: reporter said pass", "example.com", "s", "r", "pass", "fail",
	  { { "mail.example.com", "pass" } }, 1, { { 0 } }, 0,
	  true, false, false, true, false },
	{ "spf helo does not count", "example.org", "r", "r", "fail", "pass",
	  { { 0 } }, 0, { { "example.org", "helo", "pass" } }, 1,
	  true, false, false, false, true },
	{ "spf scope absent counts as mfrom", "example.org", "r", "r", "fail", "pass",
	  { { 0 } }, 0, { { "bounce.example.org", NULL, "pass" } }, 1,
	  true, false, true, false, false },
	{ "reporter said spf fail, aligned pass", "example.com", "r", "r", "fail", "fail",
	  { { "example.com", "fail" } }, 1, { { "mail.example.com", "mfrom", "pass" } }, 1,
	  true, false, true, false, true },
	{ "second signature aligns", "example.com", "r", "r", "pass", "fail",
	  { { "esp.test", "pass" }, { "example.com", "pass" } }, 2, { { 0 } }, 0,
	  true, true, false, false, false },
	{ "aligned but dkim fail", "example.com", "r", "r", "fail", "fail",
	  { { "example.com", "fail" } }, 1, { { "example.com", "mfrom", "softfail" } }, 1,
	  true, false, false, false, false },
	{ "public suffix does not align", "co.uk", "r", "r", "fail", NULL,
	  { { "example.co.uk", "pass" } }, 1, { { 0 } }, 0,
	  true, false, false, false, false },
	{ "no header_from: unknown", NULL, "r", "r", "pass", "pass",
	  { { "example.com", "pass" } }, 1, { { 0 } }, 0,
	  false, false, false, false, false },
	{ "reporter gave nothing: no diff", "example.com", "r", "r", NULL, NULL,
	  { { "example.com", "pass" } }, 1, { { 0 } }, 0,
	  true, true, false, false, false },
	{ "case-insensitive strict", "Example.COM", "s", "s", "pass", "pass",
	  { { "example.com", "pass" } }, 1, { { "EXAMPLE.com", "mfrom", "pass" } }, 1,
	  true, true, true, false, false },
};

static void
test_alignment_recomputed_against_reporter(void **state)
{
	struct ac_record r;
	struct ac_result res;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.header_from = cases[i].hfrom;
		r.adkim = cases[i].adkim;
		r.aspf = cases[i].aspf;
		r.dkim_eval = cases[i].dkim_eval;
		r.spf_eval = cases[i].spf_eval;
		r.dkim = cases[i].dkim;
		r.n_dkim = cases[i].n_dkim;
		r.spf = cases[i].spf;
		r.n_spf = cases[i].n_spf;
		assert_int_equal(align_check_record(&r, &res), 0);
		if (res.known != cases[i].known || res.dkim_aligned != cases[i].dkim_al ||
		    res.spf_aligned != cases[i].spf_al ||
		    res.dkim_differs != cases[i].dkim_diff ||
		    res.spf_differs != cases[i].spf_diff)
			fail_msg("case '%s': known %d dkim %d spf %d ddiff %d sdiff %d",
			    cases[i].name, res.known, res.dkim_aligned, res.spf_aligned,
			    res.dkim_differs, res.spf_differs);
		assert_int_equal(align_check_disagrees(&res),
		    cases[i].known && (cases[i].dkim_diff || cases[i].spf_diff));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_recomputed_against_reporter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
