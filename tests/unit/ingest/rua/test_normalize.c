/*
 * tests/unit/ingest/rua/test_normalize.c -- the value rules of brief 1.4:
 * every accepted word, the legacy mappings, when the raw word is kept,
 * integers, IP spellings and diagnostics clipping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ingest/rua/normalize.h"

typedef const char *(*enum_fn)(const char *);

struct enumcase {
	const char	*fn_name;
	enum_fn		 fn;
	const char	*in;
	const char	*want;	/* NULL: unknown */
	bool		 raw;	/* norm_keep_raw() */
};

static const struct enumcase enumcases[] = {
	{ "disposition", norm_disposition, "none", "none", false },
	{ "disposition", norm_disposition, "Quarantine", "quarantine", false },
	{ "disposition", norm_disposition, "REJECT", "reject", false },
	{ "disposition", norm_disposition, "pass", "pass", false },
	{ "disposition", norm_disposition, "", NULL, true },
	{ "disposition", norm_disposition, "deliver", NULL, true },
	{ "disposition", norm_disposition, NULL, NULL, false },
	{ "pass_fail", norm_pass_fail, "Pass", "pass", false },
	{ "pass_fail", norm_pass_fail, "FAIL", "fail", false },
	{ "pass_fail", norm_pass_fail, "none", NULL, true },
	{ "pass_fail", norm_pass_fail, "softfail", NULL, true },
	{ "dkim", norm_dkim_result, "none", "none", false },
	{ "dkim", norm_dkim_result, "PASS", "pass", false },
	{ "dkim", norm_dkim_result, "fail", "fail", false },
	{ "dkim", norm_dkim_result, "policy", "policy", false },
	{ "dkim", norm_dkim_result, "Neutral", "neutral", false },
	{ "dkim", norm_dkim_result, "temperror", "temperror", false },
	{ "dkim", norm_dkim_result, "PermError", "permerror", false },
	{ "dkim", norm_dkim_result, "softfail", NULL, true },
	{ "dkim", norm_dkim_result, "hardfail", NULL, true },
	{ "spf", norm_spf_result, "none", "none", false },
	{ "spf", norm_spf_result, "neutral", "neutral", false },
	{ "spf", norm_spf_result, "Pass", "pass", false },
	{ "spf", norm_spf_result, "fail", "fail", false },
	{ "spf", norm_spf_result, "SoftFail", "softfail", false },
	{ "spf", norm_spf_result, "temperror", "temperror", false },
	{ "spf", norm_spf_result, "permerror", "permerror", false },
	{ "spf", norm_spf_result, "policy", "policy", false },
	{ "spf", norm_spf_result, "hardfail", "fail", true },
	{ "spf", norm_spf_result, "HARDFAIL", "fail", true },
	{ "spf", norm_spf_result, "unknown", "temperror", true },
	{ "spf", norm_spf_result, "error", "permerror", true },
	{ "spf", norm_spf_result, "pass ", NULL, true },
	{ "reason", norm_reason_type, "forwarded", "forwarded", false },
	{ "reason", norm_reason_type, "sampled_out", "sampled_out", false },
	{ "reason", norm_reason_type, "Trusted_Forwarder", "trusted_forwarder", false },
	{ "reason", norm_reason_type, "mailing_list", "mailing_list", false },
	{ "reason", norm_reason_type, "local_policy", "local_policy", false },
	{ "reason", norm_reason_type, "policy_test_mode", "policy_test_mode", false },
	{ "reason", norm_reason_type, "other", "other", false },
	{ "reason", norm_reason_type, "", "other", true },
	{ "reason", norm_reason_type, "arc", "other", true },
	{ "reason", norm_reason_type, NULL, "other", false },
	{ "scope", norm_spf_scope, NULL, "mfrom", false },
	{ "scope", norm_spf_scope, "", "mfrom", true },
	{ "scope", norm_spf_scope, "MFROM", "mfrom", false },
	{ "scope", norm_spf_scope, "helo", "helo", false },
	{ "scope", norm_spf_scope, "mailfrom", NULL, true },
};

static void
test_enums(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(enumcases) / sizeof(enumcases[0]); i++) {
		const struct enumcase *c = &enumcases[i];
		const char *got = c->fn(c->in);

		if (c->want == NULL ? got != NULL :
		    got == NULL || strcmp(got, c->want) != 0)
			fail_msg("%s(\"%s\") = %s, want %s", c->fn_name,
			    c->in ? c->in : "NULL", got ? got : "NULL",
			    c->want ? c->want : "NULL");
		if (norm_keep_raw(c->in, got) != c->raw)
			fail_msg("%s(\"%s\"): keep_raw != %d", c->fn_name,
			    c->in ? c->in : "NULL", c->raw);
	}
}

static void
test_domain_lower(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "Example.COM", "example.com" },
		{ "example.com.", "example.com" },
		{ "example.com..", "example.com." },
		{ ".", "" },
		{ "", "" },
		{ "M\xc3\x9cLLER.de", "m\xc3\x9cller.de" },	/* IDN bytes kept */
		{ "XN--MLLER-KVA.DE", "xn--mller-kva.de" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", t[i].in);
		norm_domain(buf);
		assert_string_equal(buf, t[i].want);
	}
	norm_domain(NULL);
	snprintf(buf, sizeof(buf), "AbC-\xc3\x84");
	norm_lower(buf);
	assert_string_equal(buf, "abc-\xc3\x84");
	assert_true(norm_is_ws(' ') && norm_is_ws('\t') && norm_is_ws('\r') &&
	    norm_is_ws('\n'));
	assert_false(norm_is_ws('\v') || norm_is_ws('\f') || norm_is_ws(0xa0) ||
	    norm_is_ws('x'));
}

static void
test_timestamp(void **state)
{
	static const struct {
		const char	*in;
		int64_t		 want;
		bool		 dec;
		enum dr_reason	 reason;
	} t[] = {
		{ "1337270400", 1337270400, false, R_NONE },
		{ "1337270400.0", 1337270400, true, R_NONE },
		{ "+1337270400.000", 1337270400, true, R_NONE },
		{ "0.0", 0, true, R_NONE },
		{ "9223372036854775807.0", INT64_MAX, true, R_NONE },
		{ "9223372036854775808.0", 0, false, R_BAD_INTEGER },
		{ "99999999999999999999999999999999.0", 0, false, R_BAD_INTEGER },
		{ "1337270400.5", 0, false, R_BAD_INTEGER },
		{ "1337270400.01", 0, false, R_BAD_INTEGER },
		{ "1337270400.", 0, false, R_BAD_INTEGER },
		{ ".0", 0, false, R_BAD_INTEGER },
		{ "1.0.0", 0, false, R_BAD_INTEGER },
		{ "-1.0", 0, false, R_BAD_INTEGER },
		{ "1e3.0", 0, false, R_BAD_INTEGER },
		{ "1337270400.0 ", 0, false, R_BAD_INTEGER },
		{ NULL, 0, false, R_BAD_INTEGER },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct dr_err err = DR_ERR_INIT;
		int64_t v = -7;
		bool dec = true;
		int rc;

		rc = norm_timestamp(t[i].in, &v, &dec, "date_range/begin", &err);
		if (err.reason != t[i].reason)
			fail_msg("%s: got %s", t[i].in ? t[i].in : "(null)",
			    dr_reason_id(err.reason));
		assert_int_equal(rc, t[i].reason == R_NONE ? 0 : -1);
		if (rc == 0) {
			assert_true(v == t[i].want);
			assert_int_equal(dec, t[i].dec);
		} else
			assert_non_null(strstr(err.detail, "date_range/begin"));
	}
}

static void
test_int64(void **state)
{
	static const struct {
		const char	*in;
		int64_t		 want;
		enum dr_reason	 reason;
	} t[] = {
		{ "0", 0, R_NONE },
		{ "42", 42, R_NONE },
		{ "+42", 42, R_NONE },
		{ "000042", 42, R_NONE },
		{ "+0", 0, R_NONE },
		{ "9223372036854775807", INT64_MAX, R_NONE },
		{ "09223372036854775807", INT64_MAX, R_NONE },
		{ "9223372036854775808", 0, R_COUNT_OVERFLOW },
		{ "18446744073709551616", 0, R_COUNT_OVERFLOW },
		{ "99999999999999999999999999", 0, R_COUNT_OVERFLOW },
		{ "-1", 0, R_BAD_INTEGER },
		{ "-0", 0, R_BAD_INTEGER },
		{ "", 0, R_BAD_INTEGER },
		{ "+", 0, R_BAD_INTEGER },
		{ "++1", 0, R_BAD_INTEGER },
		{ "1.0", 0, R_BAD_INTEGER },
		{ "1e3", 0, R_BAD_INTEGER },
		{ "0x1f", 0, R_BAD_INTEGER },
		{ " 1", 0, R_BAD_INTEGER },	/* trimming is the caller's */
		{ "2024-01-01T00:00:00Z", 0, R_BAD_INTEGER },
		{ "\xd9\xa3", 0, R_BAD_INTEGER },	/* Arabic-Indic digit */
		{ NULL, 0, R_BAD_INTEGER },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct dr_err err = DR_ERR_INIT;
		int64_t v = -7;
		int rc;

		rc = norm_int64(t[i].in, &v, R_COUNT_OVERFLOW, "count", &err);
		assert_int_equal(err.reason, t[i].reason);
		assert_int_equal(rc, t[i].reason == R_NONE ? 0 : -1);
		if (rc == 0)
			assert_true(v == t[i].want);
		else {
			assert_true(v == -7);
			assert_non_null(strstr(err.detail, "count"));
		}
	}
}

static void
test_ip(void **state)
{
	static const struct { const char *in, *want; int version; } t[] = {
		{ "192.0.2.1", "192.0.2.1", 4 },
		{ "0.0.0.0", "0.0.0.0", 4 },
		{ "255.255.255.255", "255.255.255.255", 4 },
		{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1", 6 },
		{ "2001:0db8:0000:0000:0000:ff00:0042:8329",
		  "2001:db8::ff00:42:8329", 6 },
		{ "::ffff:192.0.2.33", "::ffff:192.0.2.33", 6 },
		{ "::FFFF:C000:0221", "::ffff:192.0.2.33", 6 },
		{ "2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1", 6 },
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1", 6 },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", 6 },
		{ "2001:db8::0:1", "2001:db8::1", 6 },
		{ "FE80::0001", "fe80::1", 6 },
		{ "::", "::", 6 },
		{ "[2001:db8::1]", NULL, 0 },
		{ "2001:db8::1%eth0", NULL, 0 },
		{ "192.0.2.010", NULL, 0 },
		{ "2001:db8::g", NULL, 0 },
		{ "1.2.3", NULL, 0 },
		{ "192.0.2.1/24", NULL, 0 },
		{ "256.0.0.1", NULL, 0 },
		{ " 192.0.2.1", NULL, 0 },
		{ "", NULL, 0 },
		{ "localhost", NULL, 0 },
		{ "1:2:3:4:5:6:7:8:9", NULL, 0 },
		/* the hand-written IPv4 path keeps inet_pton()'s grammar */
		{ "10.0.100.9", "10.0.100.9", 4 },
		{ "1.2.3.4.", NULL, 0 },
		{ "1.2.3.4.5", NULL, 0 },
		{ ".1.2.3", NULL, 0 },
		{ "1..2.3", NULL, 0 },
		{ "1.2.3.00", NULL, 0 },
		{ "1.2.3.01", NULL, 0 },
		{ "1.2.3.2550", NULL, 0 },
		{ "1.2.3.4 ", NULL, 0 },
		{ "1.2.3.-4", NULL, 0 },
		{ "0x1.2.3.4", NULL, 0 },
		{ "01.2.3.4", NULL, 0 },
		{ "1.2.3.256", NULL, 0 },
		{ "16909060", NULL, 0 },
		{ NULL, NULL, 0 },
	};
	char out[INET6_ADDRSTRLEN];
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(out, sizeof(out), "untouched");
		v = 0;
		if (t[i].want == NULL) {
			assert_int_equal(norm_ip(t[i].in, out, sizeof(out), &v), -1);
			assert_string_equal(out, "untouched");
			continue;
		}
		assert_int_equal(norm_ip(t[i].in, out, sizeof(out), &v), 0);
		assert_string_equal(out, t[i].want);
		assert_int_equal(v, t[i].version);
	}
	assert_int_equal(norm_ip("192.0.2.1", out, 8, &v), -1);
}

static void
test_clip(void **state)
{
	char out[16];

	(void)state;
	norm_clip("abcdef", 3, out, sizeof(out));
	assert_string_equal(out, "abc");
	norm_clip("abc", 10, out, sizeof(out));
	assert_string_equal(out, "abc");
	/* never cut a UTF-8 sequence: "a" + U+00E9 (2 bytes) clipped at 2 */
	norm_clip("a\xc3\xa9z", 2, out, sizeof(out));
	assert_string_equal(out, "a");
	norm_clip("\xe2\x98\xba\xe2\x98\xba", 5, out, sizeof(out));
	assert_string_equal(out, "\xe2\x98\xba");
	norm_clip("0123456789abcdefghij", 100, out, sizeof(out));
	assert_string_equal(out, "0123456789abcde");
	norm_clip(NULL, 5, out, sizeof(out));
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enums),
		cmocka_unit_test(test_domain_lower),
		cmocka_unit_test(test_int64),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_clip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
