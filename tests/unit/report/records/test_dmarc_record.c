/* tests/unit/report/test_dmarc_record.c -- DMARC record parser, valid and
 * malformed records (brief 3.2-3.4, 3.8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/records/dmarc_record.h"

/* A finding in m containing needle (substring), or NULL. */
static const char *
find(const struct dnsmsg *m, const char *needle)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strstr(m->text[i], needle) != NULL)
			return m->text[i];
	return NULL;
}

struct dcase {
	const char		*txt;
	int			 rc;
	bool			 is_dmarc, valid, applies;
	enum dmarc_policy	 p, eff_p, eff_sp;
	int			 pct;
	const char		*error;		/* substring of an error, or NULL */
	const char		*warning;	/* substring of a warning, or NULL */
	size_t			 n_errors;	/* exact error count */
};

static const struct dcase cases[] = {
	{ "v=DMARC1; p=reject; rua=mailto:d@example.com", 0, true, true,
	  true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL,
	  NULL, 0 },
	{ "v=DMARC1;p=quarantine;sp=none;rua=mailto:d@example.com", 0, true,
	  true, true, DMARC_P_QUARANTINE, DMARC_P_QUARANTINE, DMARC_P_NONE,
	  -1, NULL, "sp=none is weaker than p=quarantine", 0 },
	{ "v=DMARC1; p=none", 0, true, true, true, DMARC_P_NONE,
	  DMARC_P_NONE, DMARC_P_NONE, -1, NULL, "p=none only monitors", 0 },
	{ "v=DMARC1; p=none", 0, true, true, true, DMARC_P_NONE,
	  DMARC_P_NONE, DMARC_P_NONE, -1, NULL, "no rua=", 0 },
	{ " v = DMARC1 ; p = reject ; ", 0, true, true, true, DMARC_P_REJECT,
	  DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL, NULL, 0 },
	/* p=rej is never "fixed": with a valid rua receivers use none */
	{ "v=DMARC1; p=rej; rua=mailto:d@example.com", 0, true, false, true,
	  DMARC_P_INVALID, DMARC_P_NONE, DMARC_P_NONE, -1, "p=rej is not a "
	  "policy", NULL, 2 },
	{ "v=DMARC1; p=rej", -1, true, false, false, DMARC_P_INVALID,
	  DMARC_P_NONE, DMARC_P_NONE, -1, "apply no DMARC at all", NULL, 2 },
	{ "v=DMARC1; sp=reject", 0, true, false, true, DMARC_P_ABSENT,
	  DMARC_P_NONE, DMARC_P_NONE, -1, "no p= tag", NULL, 2 },
	{ "v=dmarc1; p=reject", -1, false, false, false, DMARC_P_ABSENT,
	  DMARC_P_ABSENT, DMARC_P_ABSENT, -1, "exactly DMARC1", NULL, 1 },
	{ "p=reject; v=DMARC1", -1, false, false, false, DMARC_P_ABSENT,
	  DMARC_P_ABSENT, DMARC_P_ABSENT, -1, "does not start with v=DMARC1",
	  NULL, 1 },
	{ "", -1, false, false, false, DMARC_P_ABSENT, DMARC_P_ABSENT,
	  DMARC_P_ABSENT, -1, "empty", NULL, 1 },
	{ "v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com", 0, true,
	  true, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, 50,
	  NULL, "only 50% of failing mail", 0 },
	{ "v=DMARC1; p=reject; pct=101; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "pct=101 is not a number from 0 to 100", NULL, 1 },
	{ "v=DMARC1; p=reject; pct=-5; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "pct=-5", NULL, 1 },
	{ "v=DMARC1; p=reject; p=none; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "tag p= is given twice", NULL, 1 },
	{ "v=DMARC1; p=reject; adkim=x; aspf=S; rua=mailto:d@example.com", 0,
	  true, false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT,
	  -1, "adkim=x is invalid", NULL, 1 },
	{ "v=DMARC1; p=reject; fo=1:q; ruf=mailto:f@example.com; "
	  "rua=mailto:d@example.com", 0, true, false, true, DMARC_P_REJECT,
	  DMARC_P_REJECT, DMARC_P_REJECT, -1, "fo=1:q is invalid", NULL, 1 },
	{ "v=DMARC1; p=reject; fo=0:1; ruf=mailto:f@example.com; "
	  "rua=mailto:d@example.com", 0, true, true, true, DMARC_P_REJECT,
	  DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL, "both 0 and 1", 0 },
	{ "v=DMARC1; p=reject; rua=d@example.com", 0, true, false, true,
	  DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, "has no scheme",
	  NULL, 1 },
	{ "v=DMARC1; p=reject; rua=mailto:d@example.com!10m", 0, true, true,
	  true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL,
	  "!size suffix", 0 },
	{ "v=DMARC1; p=reject; rua=mailto:d@example.com!x", 0, true, false,
	  true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "malformed '!' suffix", NULL, 1 },
	{ "v=DMARC1; p=reject; rua=mailto:nobody", 0, true, false, true,
	  DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "not a valid mailto", NULL, 1 },
	{ "v=DMARC1; p=reject; rua=https://r.example/x", 0, true, true, true,
	  DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL,
	  "is not mailto", 0 },
	{ "v=DMARC1; p=reject; foo=bar; rua=mailto:d@example.com", 0, true,
	  true, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  NULL, "unknown tag 'foo'", 0 },
	{ "v=DMARC1; rua=mailto:d@example.com; p=reject", 0, true, true, true,
	  DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL,
	  "not right after", 0 },
	{ "v=DMARC1; p=reject; t=y; rua=mailto:d@example.com", 0, true, true,
	  true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1, NULL,
	  "test mode", 0 },
	{ "v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_NONE, DMARC_P_NONE, -1,
	  "sp=bogus is not a policy", NULL, 2 },
	{ "v=DMARC1; p=reject; np=none; rua=mailto:d@example.com", 0, true,
	  true, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  NULL, "np=none is weaker", 0 },
	{ "v=DMARC1; p=reject; junk; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "'junk' is not a tag=value", NULL, 1 },
	{ "v=DMARC1; p=reject; rua=mailto:d@example.com,,mailto:e@example.com",
	  0, true, false, true, DMARC_P_REJECT, DMARC_P_REJECT,
	  DMARC_P_REJECT, -1, "empty URI", NULL, 1 },
	{ "v=DMARC1; p=reject; rua=mailto:d@example.com\x1b[2J", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "control or non-ASCII", NULL, 2 },
	{ "v=DMARC1; p=reject; ri=86400; rf=afrf; rua=mailto:d@example.com",
	  0, true, true, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT,
	  -1, NULL, "ri= is historic", 0 },
	{ "v=DMARC1; p=reject; psd=x; rua=mailto:d@example.com", 0, true,
	  false, true, DMARC_P_REJECT, DMARC_P_REJECT, DMARC_P_REJECT, -1,
	  "psd=x is invalid", NULL, 1 },
};

static void
test_dmarc_records_parse_warn_or_reject(void **state)
{
	struct dmarc_txt *rec = malloc(sizeof(*rec));
	size_t i;

	(void)state;
	assert_non_null(rec);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dcase *c = &cases[i];
		int rc = dmarc_record_parse(rec, c->txt, strlen(c->txt));

		print_message("case %zu: %s\n", i, c->txt);
		assert_int_equal(rc, c->rc);
		assert_int_equal(rec->is_dmarc, c->is_dmarc);
		assert_int_equal(rec->valid, c->valid);
		assert_int_equal(rec->applies, c->applies);
		assert_int_equal(rec->p, c->p);
		if (c->is_dmarc) {
			assert_int_equal(rec->eff_p, c->eff_p);
			assert_int_equal(rec->eff_sp, c->eff_sp);
		}
		assert_int_equal(rec->pct, c->pct);
		assert_int_equal(rec->errors.n, c->n_errors);
		if (c->error != NULL)
			assert_non_null(find(&rec->errors, c->error));
		if (c->warning != NULL)
			assert_non_null(find(&rec->warnings, c->warning));
	}
	free(rec);
}

static void
test_uris(void **state)
{
	static const char txt[] = "v=DMARC1; p=reject; rua=mailto:A@Rua.Example."
	    "NET!5m , mailto:b@example.com; ruf=mailto:f@x.example";
	struct dmarc_txt rec;

	(void)state;
	assert_int_equal(dmarc_record_parse(&rec, txt, strlen(txt)), 0);
	assert_int_equal(rec.n_rua, 2);
	assert_string_equal(rec.rua[0].uri, "mailto:A@Rua.Example.NET");
	assert_string_equal(rec.rua[0].host, "rua.example.net");
	assert_true(rec.rua[0].is_mailto);
	assert_true(rec.rua[0].valid);
	assert_string_equal(rec.rua[1].host, "example.com");
	assert_int_equal(rec.n_ruf, 1);
	assert_string_equal(rec.ruf[0].host, "x.example");
	assert_int_equal(rec.adkim, 'r');
	assert_string_equal(rec.fo, "0");
}

static void
test_many_uris(void **state)
{
	char txt[2048] = "v=DMARC1; p=reject; rua=";
	struct dmarc_txt rec;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		char one[64];

		snprintf(one, sizeof(one), "%smailto:r%d@example.com",
		    i ? "," : "", i);
		strcat(txt, one);
	}
	assert_int_equal(dmarc_record_parse(&rec, txt, strlen(txt)), 0);
	assert_int_equal(rec.n_rua, DMARC_MAX_URIS);
	assert_non_null(find(&rec.warnings, "more than 8 URIs"));
}

static void
test_candidate(void **state)
{
	(void)state;
	assert_true(dmarc_is_candidate("v=DMARC1; p=none", 16));
	assert_true(dmarc_is_candidate("v = dmarc1", 10));
	assert_true(dmarc_is_candidate("v=DMARC1", 8));
	assert_false(dmarc_is_candidate("v=DMARC10", 9));
	assert_false(dmarc_is_candidate("v=spf1 -all", 11));
	assert_false(dmarc_is_candidate("", 0));
	assert_string_equal(dmarc_policy_name(DMARC_P_QUARANTINE),
	    "quarantine");
	assert_null(dmarc_policy_name(DMARC_P_INVALID));
}

/* Hostile bytes: NULs, no terminator, huge repeated tags. */
static void
test_hostile(void **state)
{
	static const char nul[] = "v=DMARC1; p=reject\0; rua=mailto:a@b.c";
	struct dmarc_txt rec;
	char *big;
	size_t i, n = 100000;

	(void)state;
	assert_int_equal(dmarc_record_parse(&rec, nul, sizeof(nul) - 1), 0);
	assert_false(rec.valid);
	assert_non_null(find(&rec.errors, "control"));
	big = malloc(n);
	assert_non_null(big);
	memcpy(big, "v=DMARC1;", 9);
	for (i = 9; i < n; i++)
		big[i] = "p=none;"[i % 7];
	dmarc_record_parse(&rec, big, n);
	assert_true(rec.errors.n <= DNSMSG_MAX);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmarc_records_parse_warn_or_reject),
		cmocka_unit_test(test_uris),
		cmocka_unit_test(test_many_uris),
		cmocka_unit_test(test_candidate),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
