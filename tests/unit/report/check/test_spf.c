/* tests/unit/report/test_spf.c -- SPF record parser (valid and malformed)
 * and check_host() over a fixed answer set (no network). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/dns/dnsrun.h"
#include "report/check/spf_eval.h"

static const char *
find(const struct dnsmsg *m, const char *needle)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strstr(m->text[i], needle) != NULL)
			return m->text[i];
	return NULL;
}

struct pcase {
	const char	*txt;
	int		 rc;
	size_t		 n_terms;
	int		 dns_terms;
	const char	*error;
	const char	*warning;
};

static const struct pcase pcases[] = {
	{ "v=spf1 -all", 0, 1, 0, NULL, NULL },
	{ "V=SPF1 -ALL", 0, 1, 0, NULL, NULL },
	{ "v=spf1", 0, 0, 0, NULL, NULL },
	{ "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.com"
	  " ~all", 0, 4, 1, NULL, NULL },
	{ "v=spf1  a mx/24 a:mail.example.com/28//64 mx//64   -all ", 0, 5, 4,
	  NULL, NULL },
	{ "v=spf1 exists:%{i}._spf.%{d} a:%{d}/24 -all", 0, 3, 2, NULL, NULL },
	{ "v=spf1 foo=bar -all", 0, 1, 0, NULL, NULL },
	/* a domain-spec may hold ':' and '/': only a trailing /N, //N or
	 * /N//N is a CIDR (the suite's a-colon-domain, mx-colon-domain) */
	{ "v=spf1 a:foo:bar/baz.example.com mx:foo:bar/baz.example.com//64 "
	  "-all", 0, 3, 2, NULL, NULL },
	{ "v=spf1 a:foo:bar/baz.example.com/33 -all", -1, 2, 1,
	  "malformed CIDR", NULL },
	{ "v=spf1 a:example.com:8080 -all", -1, 2, 1, "not a fully qualified",
	  NULL },
	{ "v=spf1 a:example.com/24/ -all", -1, 2, 1, "not a fully qualified",
	  NULL },
	{ "v=spf1 ip4:192.0.2.300 -all", -1, 2, 0, "not a valid IPv4", NULL },
	{ "v=spf1 ip4:192.0.2.0/33", -1, 1, 0, "not a valid IPv4", NULL },
	{ "v=spf1 ip4:192.0.2.0/024", -1, 1, 0, "not a valid IPv4", NULL },
	{ "v=spf1 ip6:2001:db8::1/129", -1, 1, 0, "not a valid IPv6", NULL },
	{ "v=spf1 ip6:192.0.2.1", -1, 1, 0, "not a valid IPv6", NULL },
	{ "v=spf1 ip4", -1, 1, 0, "needs an address", NULL },
	{ "v=spf1 mx:example.com/33", -1, 1, 1, "malformed CIDR", NULL },
	{ "v=spf1 a/24/64", -1, 1, 1, "malformed CIDR", NULL },
	{ "v=spf1 foo -all", -1, 1, 0, "unknown mechanism 'foo'", NULL },
	{ "v=spf1 include: -all", -1, 2, 1, "empty domain", NULL },
	{ "v=spf1 include:localhost -all", -1, 2, 1,
	  "not a fully qualified", NULL },
	{ "v=spf1 include:example.123 -all", -1, 2, 1,
	  "not a fully qualified", NULL },
	{ "v=spf1 redirect=a.example redirect=b.example", -1, 0, 1,
	  "redirect= is given twice", NULL },
	{ "v=spf1 exp=a.example exp=b.example -all", -1, 1, 0,
	  "exp= is given twice", NULL },
	{ "v=spf1 exists:%{q}.example.com", -1, 1, 1,
	  "unknown macro letter", NULL },
	{ "v=spf1 include:%example.com", -1, 1, 1, "is not a macro", NULL },
	{ "v=spf1 foo=%{x} -all", -1, 1, 0, "modifier", NULL },
	{ "v=spf1 all:foo", -1, 1, 0, "takes no argument", NULL },
	{ "v=spf1 ptr/24", -1, 1, 1, "ptr takes no CIDR", "deprecated" },
	{ "v=spf10 -all", -1, 0, 0, "v=spf1", NULL },
	{ "spf2.0/pra -all", -1, 0, 0, "v=spf1", NULL },
	{ "v=spf1 +all", 0, 1, 0, NULL, "every server on the Internet" },
	{ "v=spf1 all", 0, 1, 0, NULL, "every server on the Internet" },
	{ "v=spf1 ?all", 0, 1, 0, NULL, "neutral" },
	{ "v=spf1 ptr -all", 0, 2, 1, NULL, "deprecated" },
	{ "v=spf1 -all ip4:192.0.2.1", 0, 2, 0, NULL, "after 'all'" },
	{ "v=spf1 redirect=x.example -all", 0, 1, 1, NULL, "is ignored" },
	{ "v=spf1 ip4:0.0.0.0/0 -all", 0, 2, 0, NULL, "huge address range" },
	{ "v=spf1 exists:%{l}.u.example.com -all", 0, 2, 1, NULL,
	  "sender macros" },
	{ "v=spf1 a:%{h}.example.com -all", 0, 2, 1, NULL, "HELO" },
	{ "v=spf1 a\t-all", -1, 0, 0, "unknown mechanism", NULL },
	{ "v=spf1\ta -all", -1, 0, 0, "v=spf1", NULL },
};

static void
test_parse(void **state)
{
	struct spf_record *rec = malloc(sizeof(*rec));
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];

		print_message("case %zu: %s\n", i, c->txt);
		assert_int_equal(spf_parse(rec, c->txt, strlen(c->txt)), c->rc);
		assert_int_equal(rec->n_terms, c->n_terms);
		assert_int_equal(rec->dns_terms, c->dns_terms);
		if (c->rc == 0)
			assert_int_equal(rec->errors.n, 0);
		if (c->error)
			assert_non_null(find(&rec->errors, c->error));
		if (c->warning)
			assert_non_null(find(&rec->warnings, c->warning));
	}
	free(rec);
}

static void
test_parse_fields(void **state)
{
	static const char txt[] = "v=spf1 ~a:mail.example.com/28//64 "
	    "?ip6:2001:db8::/32 -ip4:192.0.2.1 redirect=_spf.example.com";
	struct spf_record rec;
	char big[4096];
	size_t i;

	(void)state;
	assert_int_equal(spf_parse(&rec, txt, strlen(txt)), 0);
	assert_int_equal(rec.n_terms, 3);
	assert_int_equal(rec.terms[0].mech, SPF_M_A);
	assert_int_equal(rec.terms[0].qual, '~');
	assert_int_equal(rec.terms[0].spec_len, 16);
	assert_memory_equal(rec.terms[0].spec, "mail.example.com", 16);
	assert_int_equal(rec.terms[0].cidr4, 28);
	assert_int_equal(rec.terms[0].cidr6, 64);
	assert_int_equal(rec.terms[1].cidr6, 32);
	assert_int_equal(rec.terms[2].qual, '-');
	assert_int_equal(rec.terms[2].cidr4, 32);
	assert_memory_equal(rec.terms[2].addr, "\xc0\x00\x02\x01", 4);
	assert_int_equal(rec.redirect_len, 16);
	assert_false(rec.has_all);
	/* where the domain-spec ends and the CIDR starts */
	{
		static const struct {
			const char *txt, *spec;
			int cidr4, cidr6;
		} dc[] = {
			{ "v=spf1 a:foo:bar/baz.example.com", "foo:bar/baz."
			  "example.com", 32, 128 },
			{ "v=spf1 a:foo:bar/baz.example.com/24", "foo:bar/baz."
			  "example.com", 24, 128 },
			{ "v=spf1 mx:a/b.example.com//64", "a/b.example.com",
			  32, 64 },
			{ "v=spf1 mx:a/1.example.com/24//64", "a/1.example.com",
			  24, 64 },
			{ "v=spf1 a:%{d}/24", "%{d}", 24, 128 },
			{ "v=spf1 a:%{l/}.example.com", "%{l/}.example.com",
			  32, 128 },
		};

		for (i = 0; i < sizeof(dc) / sizeof(dc[0]); i++) {
			print_message("cidr case %zu: %s\n", i, dc[i].txt);
			assert_int_equal(spf_parse(&rec, dc[i].txt,
			    strlen(dc[i].txt)), 0);
			assert_int_equal(rec.terms[0].spec_len,
			    strlen(dc[i].spec));
			assert_memory_equal(rec.terms[0].spec, dc[i].spec,
			    strlen(dc[i].spec));
			assert_int_equal(rec.terms[0].cidr4, dc[i].cidr4);
			assert_int_equal(rec.terms[0].cidr6, dc[i].cidr6);
		}
	}
	/* more terms than the cap is a permerror, not an overflow */
	strcpy(big, "v=spf1");
	for (i = 0; i < 200; i++)
		strcat(big, " ip4:192.0.2.1");
	assert_int_equal(spf_parse(&rec, big, strlen(big)), -1);
	assert_int_equal(rec.n_terms, SPF_MAX_TERMS);
	assert_non_null(find(&rec.errors, "more than 128 terms"));
	assert_non_null(find(&rec.warnings, "bytes: over 450"));
}

/* ---- evaluation over a fixed answer set ---- */

static void
txt(struct dnsrun *run, const char *name, const char *rec)
{
	assert_int_equal(dnsrun_put(run, name, DNS_TXT, DNS_OK, &rec, 1, NULL),
	    0);
}

static void
addr(struct dnsrun *run, const char *name, enum dns_type t, const char *a)
{
	assert_int_equal(dnsrun_put(run, name, t, DNS_OK, &a, 1, NULL), 0);
}

static int
setup(void **state)
{
	struct dnsrun *run;
	char n[64], r[128];
	int i;

	assert_int_equal(dnsrun_new(&run), 0);
	dnsrun_set_offline(run, true);
	txt(run, "ex.test", "v=spf1 ip4:192.0.2.0/24 include:inc.test -all");
	txt(run, "inc.test", "v=spf1 ip6:2001:db8::/32 a:host.inc.test ~all");
	addr(run, "host.inc.test", DNS_A, "198.51.100.7");
	for (i = 0; i <= 11; i++) {
		snprintf(n, sizeof(n), "l%d.test", i);
		if (i < 11)
			snprintf(r, sizeof(r), "v=spf1 include:l%d.test -all",
			    i + 1);
		else
			snprintf(r, sizeof(r), "v=spf1 -all");
		txt(run, n, r);
	}
	txt(run, "void2.test", "v=spf1 a:nx1.test a:nx2.test -all");
	txt(run, "void3.test", "v=spf1 a:nx1.test a:nx2.test mx:nx3.test "
	    "ip4:192.0.2.1 -all");
	txt(run, "loop1.test", "v=spf1 include:loop2.test -all");
	txt(run, "loop2.test", "v=spf1 include:loop1.test -all");
	{
		const char *two[] = { "v=spf1 -all", "v=spf1 +all" };

		assert_int_equal(dnsrun_put(run, "two.test", DNS_TXT, DNS_OK,
		    two, 2, NULL), 0);
	}
	txt(run, "noinc.test", "v=spf1 include:nothing.test -all");
	txt(run, "redir.test", "v=spf1 redirect=inc.test");
	txt(run, "to.test", "v=spf1 include:slow.test -all");
	assert_int_equal(dnsrun_put(run, "slow.test", DNS_TXT, DNS_TIMEOUT,
	    NULL, 0, NULL), 0);
	txt(run, "mx.test", "v=spf1 mx -all");
	addr(run, "mx.test", DNS_MX, "10 mx1.mx.test");
	addr(run, "mx1.mx.test", DNS_A, "192.0.2.77");
	txt(run, "macro.test", "v=spf1 exists:%{i}.allow.test -all");
	addr(run, "192.0.2.50.allow.test", DNS_A, "127.0.0.2");
	txt(run, "ptr.test", "v=spf1 ptr -all");
	addr(run, "80.2.0.192.in-addr.arpa", DNS_PTR, "host.ptr.test");
	addr(run, "host.ptr.test", DNS_A, "192.0.2.80");
	txt(run, "syntax.test", "v=spf1 ip4:1.2.3.4/40 -all");
	txt(run, "incbad.test", "v=spf1 include:syntax.test -all");
	txt(run, "plus.test", "v=spf1 include:pall.test -all");
	txt(run, "pall.test", "v=spf1 +all");
	/* %{p}: the validated PTR name, one under the domain first */
	txt(run, "pm.test", "v=spf1 exists:%{p}.should.test "
	    "~exists:%{p}.ok.test -all");
	{
		const char *two[] = { "mx.other.test", "mx.pm.test" };

		assert_int_equal(dnsrun_put(run, "42.2.0.192.in-addr.arpa",
		    DNS_PTR, DNS_OK, two, 2, NULL), 0);
	}
	addr(run, "mx.other.test", DNS_A, "192.0.2.42");
	addr(run, "mx.pm.test", DNS_A, "192.0.2.42");
	addr(run, "43.2.0.192.in-addr.arpa", DNS_PTR, "mx2.other.test");
	addr(run, "mx2.other.test", DNS_A, "192.0.2.43");
	addr(run, "45.2.0.192.in-addr.arpa", DNS_PTR, "mx.pm.test");
	addr(run, "mx.pm.test.should.test", DNS_A, "127.0.0.2");
	addr(run, "mx2.other.test.ok.test", DNS_A, "127.0.0.2");
	addr(run, "unknown.ok.test", DNS_A, "127.0.0.2");
	/* RFC 7208 4.3: a domain literal is no domain: none, no query */
	txt(run, "[192.0.2.1]", "v=spf1 +all");
	*state = run;
	return 0;
}

static int
teardown(void **state)
{
	dnsrun_free(*state);
	return 0;
}

struct ecase {
	const char	*domain;
	const char	*ip;		/* NULL: walk */
	enum spf_result	 result;
	int		 lookups, voids;
	const char	*mechanism;	/* exact, or NULL */
	const char	*cause;		/* substring, or NULL */
};

static const struct ecase ecases[] = {
	{ "ex.test", "192.0.2.9", SPF_PASS, 0, 0, "ip4:192.0.2.0/24", NULL },
	{ "ex.test", "198.51.100.7", SPF_PASS, 2, 0,
	  "include:inc.test > a:host.inc.test", NULL },
	{ "ex.test", "2001:db8::5", SPF_PASS, 1, 0,
	  "include:inc.test > ip6:2001:db8::/32", NULL },
	{ "ex.test", "::ffff:192.0.2.10", SPF_PASS, 0, 0, "ip4:192.0.2.0/24",
	  NULL },
	{ "ex.test", "203.0.113.1", SPF_FAIL, 2, 0, "-all", NULL },
	{ "ex.test", NULL, SPF_NEUTRAL, 2, 0, NULL, NULL },
	{ "l1.test", NULL, SPF_NEUTRAL, 10, 0, NULL, NULL },
	{ "l0.test", "192.0.2.1", SPF_PERMERROR, 11, 0, NULL,
	  "more than 10 DNS lookups" },
	{ "void2.test", "192.0.2.1", SPF_FAIL, 2, 2, "-all", NULL },
	{ "void3.test", "192.0.2.1", SPF_PERMERROR, 3, 3, NULL,
	  "more than 2 void lookups" },
	{ "loop1.test", "192.0.2.1", SPF_PERMERROR, 2, 0, NULL,
	  "include loop" },
	{ "two.test", "192.0.2.1", SPF_PERMERROR, 0, 0, NULL,
	  "2 SPF records" },
	{ "nothing.test", "192.0.2.1", SPF_NONE, 0, 0, NULL,
	  "no SPF record" },
	{ "noinc.test", "192.0.2.1", SPF_PERMERROR, 1, 0, NULL,
	  "nothing.test has no SPF record" },
	{ "redir.test", "198.51.100.7", SPF_PASS, 2, 0,
	  "redirect=inc.test > a:host.inc.test", NULL },
	{ "redir.test", "203.0.113.1", SPF_SOFTFAIL, 2, 0,
	  "redirect=inc.test > ~all", NULL },
	{ "to.test", "192.0.2.1", SPF_TEMPERROR, 1, 0, NULL, "timeout" },
	{ "mx.test", "192.0.2.77", SPF_PASS, 1, 0, "mx", NULL },
	{ "mx.test", "192.0.2.78", SPF_FAIL, 1, 0, "-all", NULL },
	{ "macro.test", "192.0.2.50", SPF_PASS, 1, 0,
	  "exists:%{i}.allow.test", NULL },
	{ "macro.test", "192.0.2.51", SPF_FAIL, 1, 1, "-all", NULL },
	{ "ptr.test", "192.0.2.80", SPF_PASS, 1, 0, "ptr", NULL },
	{ "ptr.test", "192.0.2.81", SPF_FAIL, 1, 1, "-all", NULL },
	{ "incbad.test", "192.0.2.1", SPF_PERMERROR, 1, 0, NULL,
	  "syntax error in the SPF record of syntax.test" },
	{ "plus.test", "203.0.113.9", SPF_PASS, 1, 0, "include:pall.test > "
	  "+all", NULL },
	{ "single", "192.0.2.1", SPF_NONE, 0, 0, NULL, "not a valid domain" },
	{ "pm.test", "192.0.2.42", SPF_PASS, 1, 0, "exists:%{p}.should.test",
	  NULL },
	{ "pm.test", "192.0.2.43", SPF_SOFTFAIL, 2, 1,
	  "~exists:%{p}.ok.test", NULL },
	/* mx.pm.test does not lead back to .45: not validated */
	{ "pm.test", "192.0.2.45", SPF_SOFTFAIL, 2, 1,
	  "~exists:%{p}.ok.test", NULL },
	{ "pm.test", "192.0.2.46", SPF_SOFTFAIL, 2, 1,
	  "~exists:%{p}.ok.test", NULL },
	{ "pm.test", NULL, SPF_NEUTRAL, 2, 1, NULL, NULL },
	{ "[192.0.2.1]", "192.0.2.1", SPF_NONE, 0, 0, NULL,
	  "domain literal" },
};

static void
test_eval(void **state)
{
	struct dnsrun *run = *state;
	struct spf_eval *ev = calloc(1, sizeof(*ev));
	size_t i;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		const struct ecase *c = &ecases[i];

		print_message("case %zu: %s %s\n", i, c->domain,
		    c->ip ? c->ip : "(walk)");
		memset(ev, 0, sizeof(*ev));
		ev->walk = c->ip == NULL;
		if (c->ip)
			assert_int_equal(spf_ip_parse(&ev->ip, c->ip), 0);
		assert_int_equal(spf_check_host(ev, run, c->domain), 0);
		print_message("  -> %s lookups %d voids %d mech '%s' cause "
		    "'%s'\n", spf_result_name(ev->result), ev->lookups,
		    ev->voids, ev->mechanism, ev->cause);
		assert_int_equal(ev->result, c->result);
		assert_int_equal(ev->lookups, c->lookups);
		assert_int_equal(ev->voids, c->voids);
		if (c->mechanism)
			assert_string_equal(ev->mechanism, c->mechanism);
		if (c->cause)
			assert_non_null(strstr(ev->cause, c->cause));
	}
	/* nested warnings carry the include's domain */
	memset(ev, 0, sizeof(*ev));
	ev->walk = true;
	assert_int_equal(spf_check_host(ev, run, "plus.test"), 0);
	assert_non_null(find(&ev->warnings, "pall.test: '+all'"));
	free(ev);
}

/* Online mode: a missing answer queues the query and returns 1. */
static void
test_pending(void **state)
{
	struct dnsrun *run;
	struct spf_eval ev;

	(void)state;
	assert_int_equal(dnsrun_new(&run), 0);
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(spf_ip_parse(&ev.ip, "192.0.2.1"), 0);
	assert_int_equal(spf_check_host(&ev, run, "ex.test"), 1);
	assert_int_equal(dnsrun_queued(run), 1);
	txt(run, "ex.test", "v=spf1 include:a.test include:b.test -all");
	assert_int_equal(spf_check_host(&ev, run, "ex.test"), 1);
	/* both includes are prefetched in one round */
	assert_int_equal(dnsrun_queued(run), 3);
	/* RFC 7208 4.3: names that cannot be looked up are "none" at once */
	{
		static const char *const bad[] = { "[192.0.2.1]", "a..test",
		    "A123456789012345678901234567890123456789012345678901234"
		    "567890123.test", "helo" };
		size_t i, q = dnsrun_queued(run);

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			memset(&ev, 0, sizeof(ev));
			assert_int_equal(spf_ip_parse(&ev.ip, "192.0.2.1"), 0);
			assert_int_equal(spf_check_host(&ev, run, bad[i]), 0);
			assert_int_equal(ev.result, SPF_NONE);
			assert_int_equal(dnsrun_queued(run), q);
		}
	}
	dnsrun_free(run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test_setup_teardown(test_eval, setup, teardown),
		cmocka_unit_test(test_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
