/* tests/unit/store/test_idn.c -- domain names to A-labels (libidn2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/idn.h"

static const struct {
	const char	*in;
	int		 rc;
	const char	*out;
} cases[] = {
	{ "example.com", 0, "example.com" },
	{ "Mail.EXAMPLE.com", 0, "mail.example.com" },
	{ "b\xc3\xbc" "cher.example", 1, "xn--bcher-kva.example" },
	{ "B\xc3\x9c" "CHER.Example", 1, "xn--bcher-kva.example" },	/* BÜCHER */
	{ "xn--bcher-kva.example", 0, "xn--bcher-kva.example" },
	/* UTS #46 non-transitional: sharp s stays (not "ss") */
	{ "fa\xc3\x9f.example", 1, "xn--fa-hia.example" },
	{ "\xe4\xbe\x8b\xe5\xad\x90.\xe6\xb5\x8b\xe8\xaf\x95", 1,
	    "xn--fsqu00a.xn--0zwm56d" },			/* 例子.测试 */
	/* not valid internationalized names */
	{ "\xe2\x98\x83.example", -1, "" },			/* snowman */
	{ "\xcc\x81" "abc.example", -1, "" },			/* leading combining mark */
	{ "\xff\xfe.example", -1, "" },				/* not UTF-8 */
};

static void
test_domain_names_to_a_labels_or_rejected(void **state)
{
	char out[254];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = idn_to_ascii(cases[i].in, out, sizeof(out));

		if (rc != cases[i].rc || strcmp(out, cases[i].out) != 0)
			fail_msg("case %zu: got %d '%s', want %d '%s'", i, rc, out,
			    cases[i].rc, cases[i].out);
	}
}

static void
test_limits(void **state)
{
	char small[8], out[254], longname[300];

	(void)state;
	assert_int_equal(idn_to_ascii("example.com", small, sizeof(small)), -1);
	assert_string_equal(small, "");
	assert_int_equal(idn_to_ascii("b\xc3\xbc" "cher.example", small,
	    sizeof(small)), -1);
	assert_int_equal(idn_to_ascii(NULL, out, sizeof(out)), -1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	longname[0] = '\xc3';
	longname[1] = '\xbc';
	assert_int_equal(idn_to_ascii(longname, out, sizeof(out)), -1);
	assert_int_equal(idn_is_unicode("abc"), 0);
	assert_int_equal(idn_is_unicode("a\xc3\xbc"), 1);
	assert_int_equal(idn_is_unicode(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domain_names_to_a_labels_or_rejected),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
