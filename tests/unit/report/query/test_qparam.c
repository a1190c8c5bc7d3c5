/* tests/unit/report/query/test_qparam.c -- typed parameters of the named
 * queries: the header lines, every compiled-in query's declarations, and
 * the checks of each type (issue 15: until=2026-11-31 applied no bound,
 * since=2026/11/09 gave "no rows", domain=Example.COM matched nothing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/query/qparam.h"
#include "store/read.h"

#define D0	1794182400	/* 2026-11-09 */

static void
test_parse(void **state)
{
	static const char sql[] =
	    "-- x: a query\n"
	    "-- Parameters, one line each: :name, type, meaning.\n"
	    "--   :since   date    first day\n"
	    "--\t:domain\tdomain\tpolicy domain\n"
	    "--   :n  int  how many\n"
	    "--   :ip  text\n"
	    "SELECT :since, :domain, :n, :ip\n"
	    "--   :late  int  not in the header\n";
	struct qparam p[QPARAM_MAX];
	size_t n;

	(void)state;
	assert_int_equal(qparam_parse(sql, p, QPARAM_MAX, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].name, ":since");
	assert_int_equal(p[0].type, QP_DATE);
	assert_string_equal(p[1].name, ":domain");
	assert_int_equal(p[1].type, QP_DOMAIN);
	assert_int_equal(p[2].type, QP_INT);
	assert_int_equal(p[3].type, QP_TEXT);
	assert_null(qparam_find(p, n, ":late"));
	assert_int_equal(qparam_parse("--   :x  float  no such type\nSELECT 1",
	    p, QPARAM_MAX, &n), -1);
	assert_int_equal(qparam_parse("--   :x  int\n--   :x  int\nSELECT 1",
	    p, QPARAM_MAX, &n), -1);
	assert_int_equal(qparam_parse("--   :x  int\n--   :y  int\nSELECT 1",
	    p, 1, &n), -1);
}

/* Every query in sql/queries/ declares each parameter its statement
 * uses, with a known type. */
static void
test_every_query(void **state)
{
	const struct store_sql *q;
	struct qparam p[QPARAM_MAX];
	char name[QPARAM_NAME_MAX];
	const char *s;
	size_t i, n, k, seen = 0;

	(void)state;
	for (i = 0; (q = store_sql_at(i)) != NULL; i++) {
		if (strncmp(q->name, "queries/", 8) != 0)
			continue;
		seen++;
		assert_int_equal(qparam_parse(q->sql, p, QPARAM_MAX, &n), 0);
		/* the statement: after the leading comment lines */
		for (s = q->sql; strncmp(s, "--", 2) == 0 && strchr(s, '\n');
		    s = strchr(s, '\n') + 1)
			;
		for (; (s = strchr(s, ':')) != NULL; s++) {
			for (k = 1; k < sizeof(name) - 1 && (s[k] == '_' ||
			    (s[k] >= 'a' && s[k] <= 'z')); k++)
				;
			if (k == 1)
				continue;
			memcpy(name, s, k);
			name[k] = '\0';
			if (qparam_find(p, n, name) == NULL)
				fail_msg("%s: %s is not declared", q->name, name);
		}
	}
	assert_true(seen >= 6);
}

static void
test_values(void **state)
{
	static const struct {
		const char *name;
		enum qparam_type type;
		const char *v;
		int rc;
		int64_t i;
		const char *text;
	} cases[] = {
		{ ":since", QP_DATE, "2026-11-09", 0, D0, NULL },
		{ ":until", QP_DATE, "2026-11-09", 0, D0 + 86400, NULL },
		{ ":until", QP_DATE, "2026-11-30", 0, D0 + 22 * 86400, NULL },
		{ ":until", QP_DATE, "2026-11-31", -1, 0, NULL },
		{ ":since", QP_DATE, "2026/11/09", -1, 0, NULL },
		{ ":since", QP_DATE, "2026-11-9", -1, 0, NULL },
		{ ":since", QP_DATE, "1794182400", -1, 0, NULL },
		{ ":since", QP_DATE, "2026-11-09 ", -1, 0, NULL },
		{ ":domain", QP_DOMAIN, "Example.COM", 0, 0, "example.com" },
		{ ":domain", QP_DOMAIN, "example.com.", 0, 0, "example.com" },
		{ ":domain", QP_DOMAIN, "b\xc3\xbc" "cher.example", 0, 0,
		    "xn--bcher-kva.example" },
		{ ":domain", QP_DOMAIN, "", -1, 0, NULL },
		{ ":domain", QP_DOMAIN, ".", -1, 0, NULL },
		{ ":n", QP_INT, "42", 0, 42, NULL },
		{ ":n", QP_INT, "-7", 0, -7, NULL },
		{ ":n", QP_INT, "+7", -1, 0, NULL },
		{ ":n", QP_INT, "0x10", -1, 0, NULL },
		{ ":n", QP_INT, " 1", -1, 0, NULL },
		{ ":n", QP_INT, "1e3", -1, 0, NULL },
		{ ":n", QP_INT, "", -1, 0, NULL },
		{ ":n", QP_INT, "1234567890123456789", -1, 0, NULL },
		{ ":ip", QP_TEXT, "192.0.2.1", 0, 0, "192.0.2.1" },
		{ ":ip", QP_TEXT, "", 0, 0, "" },
	};
	struct qparam p;
	struct qparam_val v;
	const char *why = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		(void)snprintf(p.name, sizeof(p.name), "%s", cases[i].name);
		p.type = cases[i].type;
		if (qparam_value(&p, cases[i].v, &v, &why) != cases[i].rc)
			fail_msg("case %zu '%s': rc != %d", i, cases[i].v,
			    cases[i].rc);
		if (cases[i].rc == -1) {
			assert_non_null(why);
			continue;
		}
		if (cases[i].text != NULL) {
			assert_false(v.is_int);
			assert_string_equal(v.text, cases[i].text);
		} else {
			assert_true(v.is_int);
			assert_int_equal(v.i, cases[i].i);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_every_query),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
