/*
 * tests/fuzz/fuzz_spf.c -- the SPF record parser and the macro language.
 *
 * The input is one TXT record's bytes (exact size, not NUL-terminated).  It
 * is parsed; every term must point inside the input with a sane CIDR; then
 * every domain-spec (and the redirect and exp) is checked and expanded with
 * a fixed environment into bounded buffers, so the macro expander sees
 * hostile macro strings too.  Finally the input (NUL-terminated copy, at
 * most 64 bytes) goes to spf_ip_parse() and back through spf_ip_format().
 */
#include <string.h>

#include "report/records/spf.h"
#include "tests/fuzz/fuzz.h"

static void
check_msgs(const struct dnsmsg *m)
{
	size_t i;

	FUZZ_CHECK(m->n <= DNSMSG_MAX);
	for (i = 0; i < m->n; i++)
		FUZZ_CHECK(memchr(m->text[i], '\0', DNSMSG_LEN) != NULL);
}

static void
inside(const uint8_t *data, size_t size, const char *p, size_t n)
{
	if (p == NULL)
		return;
	FUZZ_CHECK((const uint8_t *)p >= data);
	FUZZ_CHECK((const uint8_t *)p + n <= data + size);
}

static void
expand(const char *s, size_t n, const struct spf_macro_env *env, bool is_exp)
{
	char out[SPF_MAX_NAME + 1], big[1024], why[256];
	unsigned letters = 0;

	if (s == NULL)
		return;
	if (spf_macro_check(s, n, is_exp, &letters, why, sizeof(why)) == -1)
		FUZZ_CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (spf_macro_expand(s, n, env, is_exp, big, sizeof(big)) == 0)
		FUZZ_CHECK(strlen(big) < sizeof(big));
	if (spf_macro_expand(s, n, env, is_exp, out, 8) == 0)
		FUZZ_CHECK(strlen(out) < 8);
	if (spf_expand_domain(s, n, env, out, sizeof(out)) == 0)
		FUZZ_CHECK(strlen(out) <= SPF_MAX_NAME);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct spf_record rec;
	const char *txt = (const char *)data;
	struct spf_ip ip4, ip6, ipx;
	struct spf_macro_env env = { "postmaster@Example.COM", "example.com", &ip4,
	    "mail.example.org", NULL, NULL, 1762646400 };
	char ipbuf[65], ipout[64];
	size_t i;
	int rc;

	(void)spf_ip_parse(&ip4, "192.0.2.33");
	(void)spf_ip_parse(&ip6, "2001:db8::1");
	(void)spf_is_record(txt, size);
	memset(&rec, 0xa5, sizeof(rec));
	rc = spf_parse(&rec, txt, size);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(rec.n_terms <= SPF_MAX_TERMS);
	FUZZ_CHECK(rc == 0 || rec.errors.n > 0 || rec.errors.dropped > 0);
	check_msgs(&rec.errors);
	check_msgs(&rec.warnings);
	inside(data, size, rec.redirect, rec.redirect_len);
	inside(data, size, rec.exp, rec.exp_len);
	for (i = 0; i < rec.n_terms; i++) {
		const struct spf_term *t = &rec.terms[i];

		FUZZ_CHECK(t->mech >= SPF_M_ALL && t->mech <= SPF_M_EXISTS);
		/* A NUL byte is never a qualifier (it once was: strchr
		 * finds the terminator; corpus/spf/regress-nul-qualifier). */
		FUZZ_CHECK(t->qual != '\0' && strchr("+-~?", t->qual) != NULL);
		/* After a syntax error (permerror) a term may be half-filled:
		 * nobody may use its CIDR, so it is checked on success only. */
		if (rc == 0) {
			FUZZ_CHECK(t->cidr4 >= 0 && t->cidr4 <= 32);
			FUZZ_CHECK(t->cidr6 >= 0 && t->cidr6 <= 128);
		}
		inside(data, size, t->spec, t->spec_len);
		inside(data, size, t->text, t->text_len);
		expand(t->spec, t->spec_len, &env, false);
		env.ip = &ip6;
		expand(t->spec, t->spec_len, &env, false);
		env.ip = &ip4;
	}
	expand(rec.redirect, rec.redirect_len, &env, false);
	expand(rec.exp, rec.exp_len, &env, true);
	/* The whole input as a macro string, too (bounded work). */
	if (size <= 512)
		expand(txt, size, &env, true);
	if (size < sizeof(ipbuf)) {
		memcpy(ipbuf, data, size);
		ipbuf[size] = '\0';
		if (spf_ip_parse(&ipx, ipbuf) == 0) {
			FUZZ_CHECK(ipx.family == 4 || ipx.family == 6);
			spf_ip_format(&ipx, ipout, sizeof(ipout));
			FUZZ_CHECK(memchr(ipout, '\0', sizeof(ipout)) != NULL);
		}
	}
	return 0;
}
