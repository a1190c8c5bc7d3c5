/* tests/unit/report/test_spf_macro.c -- SPF macro expansion: the RFC 7208
 * 7.4 examples, literals, URL escaping, syntax errors, 253-octet cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/records/spf.h"

struct mcase {
	const char	*in;
	const char	*out;	/* NULL: syntax error */
};

static const struct mcase v4cases[] = {
	{ "%{s}", "strong-bad@email.example.com" },
	{ "%{o}", "email.example.com" },
	{ "%{d}", "email.example.com" },
	{ "%{d4}", "email.example.com" },
	{ "%{d3}", "email.example.com" },
	{ "%{d2}", "example.com" },
	{ "%{d1}", "com" },
	{ "%{dr}", "com.example.email" },
	{ "%{d2r}", "example.email" },
	{ "%{l}", "strong-bad" },
	{ "%{l-}", "strong.bad" },
	{ "%{lr}", "strong-bad" },
	{ "%{lr-}", "bad.strong" },
	{ "%{l1r-}", "strong" },
	{ "%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com" },
	{ "%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com" },
	{ "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
	  "bad.strong.lp.3.2.0.192.in-addr._spf.example.com" },
	{ "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
	  "3.2.0.192.in-addr.strong.lp._spf.example.com" },
	{ "%{d2}.trusted-domains.example.net",
	  "example.com.trusted-domains.example.net" },
	{ "%{S}", "strong-bad%40email.example.com" },
	{ "%{h}", "mx.email.example.com" },
	{ "%{p}", "unknown" },
	{ "a%%b%_c%-d", "a%b c%20d" },
	{ "%{d200}", "email.example.com" },
	{ "%{d0}", NULL },
	{ "%{x}", NULL },
	{ "%{c}", NULL },		/* exp only */
	{ "%{t}", NULL },
	{ "%{d", NULL },
	{ "%", NULL },
	{ "%a", NULL },
	{ "%{d2r*}", NULL },
	{ "a b", NULL },
};

static void
env_v4(struct spf_macro_env *env, struct spf_ip *ip)
{
	memset(env, 0, sizeof(*env));
	assert_int_equal(spf_ip_parse(ip, "192.0.2.3"), 0);
	env->sender = "strong-bad@email.example.com";
	env->domain = "email.example.com";
	env->ip = ip;
	env->helo = "mx.email.example.com";
}

static void
test_rfc_examples(void **state)
{
	struct spf_macro_env env;
	struct spf_ip ip;
	char out[512], why[128];
	unsigned letters;
	size_t i;
	int rc;

	(void)state;
	env_v4(&env, &ip);
	for (i = 0; i < sizeof(v4cases) / sizeof(v4cases[0]); i++) {
		const struct mcase *c = &v4cases[i];

		print_message("case %zu: %s\n", i, c->in);
		rc = spf_macro_expand(c->in, strlen(c->in), &env, false, out,
		    sizeof(out));
		letters = 0;
		assert_int_equal(spf_macro_check(c->in, strlen(c->in), false,
		    &letters, why, sizeof(why)), c->out ? 0 : -1);
		if (c->out == NULL) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(out, c->out);
	}
}

static void
test_ipv6(void **state)
{
	struct spf_macro_env env;
	struct spf_ip ip;
	char out[512];
	static const char in[] = "%{ir}.%{v}._spf.%{d2}";

	(void)state;
	env_v4(&env, &ip);
	assert_int_equal(spf_ip_parse(&ip, "2001:db8::cb01"), 0);
	assert_int_equal(ip.family, 6);
	assert_int_equal(spf_macro_expand(in, strlen(in), &env, false, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
	/* IPv4-mapped IPv6 is the IPv4 address */
	assert_int_equal(spf_ip_parse(&ip, "::ffff:192.0.2.3"), 0);
	assert_int_equal(ip.family, 4);
	assert_int_equal(spf_macro_expand("%{i}", 4, &env, false, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "192.0.2.3");
	assert_int_equal(spf_ip_parse(&ip, "not-an-ip"), -1);
}

static void
test_exp_letters(void **state)
{
	struct spf_macro_env env;
	struct spf_ip ip;
	char out[512], why[128];
	unsigned letters = 0;

	(void)state;
	env_v4(&env, &ip);
	env.now = 1700000000;
	assert_int_equal(spf_macro_check("%{c} at %{t} by %{r}", 20, true,
	    &letters, why, sizeof(why)), 0);
	assert_true(letters & (1u << ('c' - 'a')));
	assert_int_equal(spf_macro_expand("%{c} at %{t} by %{r}", 20, &env,
	    true, out, sizeof(out)), 0);
	assert_string_equal(out, "192.0.2.3 at 1700000000 by unknown");
}

/* RFC 7208 7.3: drop labels from the left until the name fits 253. */
static void
test_truncate(void **state)
{
	struct spf_macro_env env;
	struct spf_ip ip;
	char spec[400], out[300];
	size_t i;

	(void)state;
	env_v4(&env, &ip);
	for (i = 0; i < 60; i++)
		memcpy(spec + i * 5, "abcd.", 5);
	memcpy(spec + 300, "%{d}.", 6);
	assert_int_equal(spf_expand_domain(spec, strlen(spec), &env, out,
	    sizeof(out)), 0);
	assert_true(strlen(out) <= 253);
	assert_string_equal(out + strlen(out) - 22, "abcd.email.example.com");
	assert_int_equal(out[0], 'a');
	assert_int_equal(spf_expand_domain("x.%{d}.", 7, &env, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "x.email.example.com");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_examples),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_exp_letters),
		cmocka_unit_test(test_truncate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
