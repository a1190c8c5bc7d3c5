/* tests/unit/ingest/test_maildir.c -- Maildir names, flags and listing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/maildir.h"
#include "util/fsx.h"

static void
test_seen_name(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "1700000000.M1P2.host", "1700000000.M1P2.host:2,S" },
		{ "u:2,", "u:2,S" },
		{ "u:2,S", "u:2,S" },
		{ "u:2,FR", "u:2,FRS" },
		{ "u:2,DFPRT", "u:2,DFPRST" },
		{ "u:2,Fab", "u:2,FSab" },		/* Dovecot keywords kept after */
		{ "u,S=123,W=130:2,T", "u,S=123,W=130:2,ST" },
	};
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(maildir_seen_name(cases[i].in, out, sizeof(out)), 0);
		assert_string_equal(out, cases[i].out);
	}
	assert_int_equal(maildir_seen_name("abc", out, 4), -1);
}

static void
touch(const char *dir, const char *sub, const char *name)
{
	char p[512];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s/%s", dir, sub, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fclose(fp);
}

static void
test_list(void **state)
{
	char dir[] = "/tmp/dr-test-md-XXXXXX", cmd[128];
	struct md_list l = { 0 };
	const char *failed = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_false(maildir_is_root(dir));
	assert_int_equal(maildir_make(dir, false), 0);
	assert_true(maildir_is_root(dir));
	touch(dir, "new", "b");
	touch(dir, "new", "a");
	touch(dir, "new", ".hidden");
	touch(dir, "cur", "c:2,S");
	touch(dir, "tmp", "partial");
	assert_int_equal(maildir_list(&l, dir, &failed), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].sub, "new");
	assert_string_equal(l.items[1].name, "b");
	assert_string_equal(l.items[2].unique, "c");
	assert_string_equal(l.items[2].sub, "cur");
	maildir_list_free(&l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seen_name),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
