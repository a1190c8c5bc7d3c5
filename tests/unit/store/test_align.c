/*
 * tests/unit/store/test_align.c -- organizational domains (libpsl, ICANN
 * and private rules) and DMARC identifier alignment, strict and relaxed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "store/align.h"

static void
test_org_domain(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "example.com", "example.com" },
		{ "mail.example.com", "example.com" },
		{ "a.b.c.example.com", "example.com" },
		{ "MAIL.Example.COM.", "example.com" },
		{ "mail.example.co.uk", "example.co.uk" },
		{ "example.co.uk", "example.co.uk" },
		{ "co.uk", "co.uk" },		/* a public suffix: itself */
		{ "com", "com" },
		{ "foo.github.io", "foo.github.io" },	/* private rule */
		{ "x.foo.github.io", "foo.github.io" },
		{ "localhost", "localhost" },
		{ "host.example.invalid", "example.invalid" },	/* "*" rule */
	};
	char out[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(align_org_domain(t[i].in, out, sizeof(out)), 0);
		assert_string_equal(out, t[i].want);
	}
	assert_int_equal(align_org_domain(NULL, out, sizeof(out)), -1);
	assert_int_equal(align_org_domain("", out, sizeof(out)), -1);
	assert_int_equal(align_org_domain(".", out, sizeof(out)), -1);
	assert_int_equal(align_org_domain("mail.example.com", out, 11), -1);
	assert_int_equal(align_org_domain("mail.example.com", out, 12), 0);
	assert_string_equal(out, "example.com");
}

static void
test_aligned(void **state)
{
	static const struct {
		const char	*a, *b;
		char		 mode;
		bool		 want;
	} t[] = {
		{ "mail.example.co.uk", "example.co.uk", 'r', true },
		{ "mail.example.co.uk", "example.co.uk", 's', false },
		{ "example.co.uk", "EXAMPLE.co.uk.", 's', true },
		{ "foo.github.io", "bar.github.io", 'r', false },
		{ "a.foo.github.io", "foo.github.io", 'r', true },
		{ "example.com", "example.net", 'r', false },
		{ "bounce.example.com", "news.example.com", 'r', true },
		{ "bounce.example.com", "news.example.com", 's', false },
		{ "bounce.example.com", "news.example.com", 'x', true },
		{ "co.uk", "example.co.uk", 'r', false },
		{ "example.com", "example.com", 'S', true },
		{ NULL, "example.com", 'r', false },
		{ "example.com", NULL, 'r', false },
		{ "", "", 'r', false },
		{ "", "", 's', false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (align_is_aligned(t[i].a, t[i].b, t[i].mode) != t[i].want)
			fail_msg("%s vs %s (%c): want %d", t[i].a ? t[i].a : "NULL",
			    t[i].b ? t[i].b : "NULL", t[i].mode, t[i].want);
	/* the list reloads after shutdown */
	align_shutdown();
	align_shutdown();
	assert_true(align_is_aligned("a.example.org", "b.example.org", 'r'));
	align_shutdown();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_domain),
		cmocka_unit_test(test_aligned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
