/*
 * tests/unit/store/test_pg.c -- the PostgreSQL backend's pure parts
 * (store/pg.c, store/pg_read.c): which --db is PostgreSQL, the password
 * never shown, SQLite placeholders rewritten as $N.  Tables of cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/pg_int.h"
#include "store/store.h"

static void
test_is_pg(void **state)
{
	static const struct { const char *db; bool pg; } cases[] = {
		{ "postgresql://u@h/db", true },
		{ "postgres://h/db", true },
		{ "service=dmarc", true },
		{ "host=db dbname=dmarc", true },
		{ "/var/lib/dmarc-rua/dmarc.sqlite", false },
		{ "dmarc.sqlite", false },
		{ "postgresql:relative.sqlite", false },
		{ "", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(store_is_pg(cases[i].db), cases[i].pg);
	assert_false(store_is_pg(NULL));
}

static void
test_show(void **state)
{
	static const struct { const char *db, *shown; } cases[] = {
		{ "postgresql://u:s3cret@h:5432/db", "postgresql://u:***@h:5432/db" },
		{ "postgres://u:p%40ss@h/db?sslmode=require",
		    "postgres://u:***@h/db?sslmode=require" },
		{ "postgresql://u@h/db?password=s3cret&sslmode=disable",
		    "postgresql://u@h/db?password=***&sslmode=disable" },
		{ "postgresql://h/db?sslmode=disable&password=s3cret",
		    "postgresql://h/db?sslmode=disable&password=***" },
		{ "postgresql://u:a@b@h/db", "postgresql://u:***@h/db" },
		{ "postgresql://u@h/db", "postgresql://u@h/db" },
		{ "postgresql://h/db/with:colon@", "postgresql://h/db/with:colon@" },
		{ "host=h password=s3cret dbname=d", "host=h password=*** dbname=d" },
		{ "host=h password = 's3 c\\'ret' dbname=d",
		    "host=h password = *** dbname=d" },
		{ "password=s3cret", "password=***" },
		{ "service=dmarc passfile=/x", "service=dmarc passfile=/x" },
		{ "/var/lib/dmarc.sqlite", "/var/lib/dmarc.sqlite" },
	};
	char out[STORE_DB_SHOW_MAX], tiny[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_db_show(cases[i].db, out, sizeof(out));
		assert_string_equal(out, cases[i].shown);
		assert_null(strstr(out, "s3"));
	}
	/* cut, never overrun, never the password's first bytes */
	store_db_show("host=h password=s3cret", tiny, sizeof(tiny));
	assert_string_equal(tiny, "host=h ");
}

static void
test_placeholders(void **state)
{
	static const struct {
		const char *in, *out;
		int n;
		const char *names;	/* names[1..n] joined by '|', "-" NULL */
	} cases[] = {
		{ "SELECT ?1, ?2", "SELECT $1, $2", 2, "?1|?2" },
		{ "SELECT ?2, ?1, ?2", "SELECT $2, $1, $2", 2, "?1|?2" },
		{ "SELECT ?, ?", "SELECT $1, $2", 2, "-|-" },
		{ "WHERE d = :domain AND s >= :since AND d2 = :domain",
		    "WHERE d = $1 AND s >= $2 AND d2 = $1", 2, ":domain|:since" },
		{ "SELECT CAST(:n AS bigint)::text", "SELECT CAST($1 AS bigint)::text",
		    1, ":n" },
		{ "SELECT '?1 :x', \"a?b\", ?1", "SELECT '?1 :x', \"a?b\", $1", 1,
		    "?1" },
		{ "SELECT 'it''s ?', :a", "SELECT 'it''s ?', $1", 1, ":a" },
		{ "SELECT E'\\' ?', :a", "SELECT E'\\' ?', $1", 1, ":a" },
		{ "-- ?1 :x\nSELECT :y /* :z ? */", "-- ?1 :x\nSELECT $1 /* :z ? */",
		    1, ":y" },
		{ "SELECT $$ :x ? $$, ?3", "SELECT $$ :x ? $$, $3", 3, "-|-|?3" },
		{ "SELECT ?1, :a", "SELECT $1, $2", 2, "?1|:a" },
		{ "SELECT a[1:2]", "SELECT a[1:2]", 0, "" },
	};
	char **names = NULL, *out, joined[256];
	size_t i, o;
	int n, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = pg_placeholders(cases[i].in, &names, &n);
		assert_non_null(out);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, cases[i].n);
		for (k = 1, o = 0; k <= n; k++)
			o += (size_t)snprintf(joined + o, sizeof(joined) - o, "%s%s",
			    k > 1 ? "|" : "", names[k] != NULL ? names[k] : "-");
		joined[o] = '\0';
		assert_string_equal(joined, cases[i].names);
		pg_names_free(names, n);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_pg),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_placeholders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
