/* tests/unit/report/query/test_services.c -- the catalogue of sending
 * services (util/svccat.c: the shipped data validated, the local file
 * adding and replacing) and the classification of a source
 * (report/query/services.c), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/query/services.h"
#include "store/align.h"
#include "util/svccat.h"

/* The shipped catalogue: well-formed (the parser rejects a bad line, an
 * unknown kind, a source that is not a URL, a duplicate (rule, value) or
 * service id), at least 150 services, each with a kind, a source URL and
 * at least one rule; every rule names a service. */
static void
test_shipped_valid(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	size_t i, j, nrules;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	assert_true(cat.nsvc >= 150);
	for (i = 0; i < cat.nsvc; i++) {
		assert_true(cat.svc[i].kind < SVC_OURS);
		assert_true(strncmp(cat.svc[i].source, "https://", 8) == 0);
		assert_true(cat.svc[i].name[0] != '\0');
		for (j = nrules = 0; j < cat.nrule; j++)
			nrules += cat.rule[j].service == i;
		if (nrules == 0)
			fail_msg("service %s has no rule", cat.svc[i].id);
	}
	for (i = 0; i < cat.nrule; i++) {
		assert_true(cat.rule[i].service < cat.nsvc);
		for (j = i + 1; j < cat.nrule; j++)
			assert_false(cat.rule[i].kind == cat.rule[j].kind &&
			    strcmp(cat.rule[i].value, cat.rule[j].value) == 0);
	}
	svccat_release(&cat);
}

/* No shipped asn rule names a network that also carries other people's
 * mail: a cloud provider's AS would name its customers (or a spoofer on a
 * rented VM) as the service, and for a mailbox provider the verdict would
 * be "forwarded: no change to your DNS".  Only an AS that sends for one
 * service alone belongs in the shipped file. */
static void
test_shipped_asn_not_shared(void **state)
{
	static const uint32_t shared[] = {
		15169, 396982, 19527, 36040, 43515,	/* Google, Google Cloud */
		8075, 8068, 8069, 12076,		/* Microsoft, Azure */
		16509, 14618, 8987,			/* Amazon, AWS */
		13335, 209242,				/* Cloudflare */
		14061, 16276, 24940, 63949, 20473,	/* DigitalOcean, OVH,
							 * Hetzner, Linode,
							 * Vultr */
		31898, 45102, 36351, 16625, 20940,	/* Oracle, Alibaba,
							 * SoftLayer, Akamai */
	};
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	size_t i, j;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	for (i = 0; i < cat.nrule; i++) {
		if (cat.rule[i].kind != SVC_R_ASN)
			continue;
		for (j = 0; j < sizeof(shared) / sizeof(shared[0]); j++)
			if (cat.rule[i].asn == shared[j])
				fail_msg("asn %u (service %s) is a shared network",
				    (unsigned)shared[j],
				    cat.svc[cat.rule[i].service].id);
	}
	svccat_release(&cat);
}

/* Every service of the shipped file says how far it was checked: the
 * comment lines right above its service line hold "# verified: ..." or
 * "# unverified" (docs/services.md, "How the catalogue was checked"). */
static void
test_shipped_review_markers(void **state)
{
	const char *p = svccat_shipped, *end = svccat_shipped +
	    svccat_shipped_len, *nl;
	const char *cstart[64];
	size_t nc = 0, nverified = 0, nsvc = 0, i;
	bool marked, verified;

	(void)state;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (*p == '#') {
			if (nc < sizeof(cstart) / sizeof(cstart[0]))
				cstart[nc++] = p;
			continue;
		}
		if (strncmp(p, "service\t", 8) == 0) {
			nsvc++;
			marked = verified = false;
			for (i = 0; i < nc; i++) {
				if (strncmp(cstart[i], "# verified", 10) == 0) {
					verified = true;
					marked = true;
				} else if (strncmp(cstart[i], "# unverified", 12) == 0)
					marked = true;
			}
			if (!marked)
				fail_msg("service line without a review marker: %.60s",
				    p);
			nverified += verified;
		}
		nc = 0;
	}
	assert_true(nsvc >= 150);
	/* services, not marker lines: 33 after the first review, 108 after
	 * the second, 147 after the third, 166 after the fourth
	 * (docs/services.md) */
	assert_true(nverified >= 166);
}

/* Values the second review found wrong (docs/services.md, "How the
 * catalogue was checked") stay out, and what replaced them names the
 * right service: a rule naming the wrong service, or a fix telling the
 * admin to publish an include that does not exist, is worse than none. */
static void
test_shipped_review_fixes(void **state)
{
	static const struct {
		enum svc_rule_kind kind;
		const char	*value, *service;	/* NULL: must be absent */
	} want[] = {
		{ SVC_R_SPF, "spf.mail.ovh.net", NULL },	/* OVH: mx.ovh.com */
		{ SVC_R_SPF, "omnisrv.com", NULL },	/* not Omnisend's */
		{ SVC_R_PTR, "omnisrv.com", NULL },
		{ SVC_R_SPF, "_spf.en25.com", NULL },
		{ SVC_R_SPF, "mx.spamexperts.com", NULL },	/* an MX host */
		{ SVC_R_SPF, "_spf.service-now.com", NULL },
		{ SVC_R_SPF, "_spf.pphosted.com", NULL },
		{ SVC_R_SPF, "_spf.prod.hydra.sophos.com", NULL },
		{ SVC_R_SPF, "_spf.mailcontrol.com", NULL },
		{ SVC_R_SPF, "mx.ovh.com", "ovh" },
		{ SVC_R_SPF, "_netblocks.eloqua.com", "eloqua" },
		{ SVC_R_SPF, "spf.antispamcloud.com", "spamexperts" },
		{ SVC_R_SPF, "spf.service-now.com", "servicenow" },
		{ SVC_R_SPF, "pphosted.com", "proofpoint" },
		{ SVC_R_SPF, "prod.hydra.sophos.com", "sophos" },
		{ SVC_R_SPF, "mailcontrol.com", "forcepoint" },
		{ SVC_R_SPF, "zeptomail.net", "zeptomail" },
		{ SVC_R_SPF, "_custspf.one.com", "onecom" },
		{ SVC_R_SPF, "_spf.tem.scaleway.com", "postale" },
		{ SVC_R_SPF, "scw-tem.cloud", "postale" },
		/* third review */
		{ SVC_R_SPF, "spf.mailup.net", NULL },	/* Fastmail's domain */
		{ SVC_R_SPF, "spf.codetwo.online", NULL },	/* tenant suffix */
		{ SVC_R_PTR, "codetwo.online", NULL },
		{ SVC_R_SPF, "_spf.mailroute.net", NULL },
		{ SVC_R_SPF, "_spf.infusionmail.com", NULL },
		{ SVC_R_SPF, "_spf.xero.com", NULL },
		{ SVC_R_PTR, "lists.debian.org", NULL },	/* not its PTR */
		{ SVC_R_SPF, "spf.emailsignatures365.com", "codetwo" },
		{ SVC_R_PTR, "codetwo.com", "codetwo" },
		{ SVC_R_SPF, "spf.mailroute.net", "mailroute" },
		{ SVC_R_SPF, "mxsspf.sendpulse.com", "sendpulse" },
		{ SVC_R_SPF, "infusionmail.com", "keap" },
		{ SVC_R_SPF, "xero.com", "xero" },
		{ SVC_R_PTR, "bendel.debian.org", "debianlists" },
		/* fourth review */
		{ SVC_R_SPF, "spf.authsmtp.com", NULL },	/* found nowhere */
		{ SVC_R_SPF, "authsmtp.com", "authsmtp" },
		{ SVC_R_SPF, "turbo-smtp.com", "turbosmtp" },
		{ SVC_R_SPF, "_spf.turbo-smtp.com", "turbosmtp" },
		{ SVC_R_SPF, "lists.sourceforge.net", "sourceforge" },
		{ SVC_R_DKIM, "dotmailer-email.com", "dotdigital" },
		{ SVC_R_DKIM, "riseup.net", "riseup" },
		{ SVC_R_DKIM, "inxmail.com", NULL },	/* company, not signer */
		{ SVC_R_DKIM, "inxserver.com", "inxmail" },
		{ SVC_R_SPF, "inxserver.com", "inxmail" },
		{ SVC_R_SPF, "aspmx.sailthru.com", "sailthru" },
		{ SVC_R_DKIM, "postalserver.io", NULL },	/* self-hosted */
		{ SVC_R_SPF, "jangomail.com", "jangosmtp" },
		/* fifth review: envelope, signer and hosts of real messages */
		{ SVC_R_SPF, "rsys5.com", "responsys" },
		{ SVC_R_DKIM, "responsys.net", "responsys" },
		{ SVC_R_PTR, "srv2.de", "optivo" },
		{ SVC_R_SPF, "calendly.com", "calendly" },
		{ SVC_R_PTR, "sg.calendly.com", "calendly" },
		{ SVC_R_SPF, "bounce-sg.zoom.us", "zoom" },
		{ SVC_R_PTR, "sg.zoom.us", "zoom" },
	};
	static const struct {
		const char	*service, *dkim_fix, *spf_fix;	/* substrings */
	} fix[] = {
		{ "aweber", "aweber_key_a._domainkey", NULL },
		{ "onecom", NULL, "include:_custspf.one.com" },
		{ "eloqua", NULL, "include:_netblocks.eloqua.com" },
		{ "spamexperts", NULL, "include:spf.antispamcloud.com" },
		{ "proofpoint", NULL, "spf.has.pphosted.com" },
		{ "servicenow", NULL, "a:b.spf.service-now.com" },
		{ "cisco", NULL, "exists:%{i}.spf." },
		{ "codetwo", NULL, "include:spf.emailsignatures365.com" },
		{ "mailroute", NULL, "include:spf.mailroute.net" },
		{ "sendpulse", NULL, "include:mxsspf.sendpulse.com" },
		{ "xero", NULL, "include:xero.com" },
		{ "turbosmtp", "turbo-smtp._domainkey", "include:turbo-smtp.com" },
		{ "authsmtp", NULL, "include:authsmtp.com" },
		{ "pipedrive", "company-identifier TXT", NULL },
		{ "customerio", "krs._domainkey", "no include" },
		{ "flodesk", "CNAME", "do not merge" },
		{ "dotdigital", "NS records", NULL },
		{ "sailthru", NULL, "include:aspmx.sailthru.com" },
		{ "emarsys", "four NS records", NULL },
		{ "ontraport", "ontramail._domainkey", NULL },
		{ "emma", NULL, "rely on DKIM" },
		{ "jangosmtp", NULL, "include:jangomail.com" },
		{ "iterable", "SparkPost, Mailgun or SendGrid", NULL },
		{ "kolabnow", NULL, "DNS Settings for Group Managers" },
	};
	/* fixes that must no longer tell the admin to publish these */
	static const struct {
		const char	*service, *text;
	} nofix[] = {
		{ "mailup", "mailup.net" },
		{ "codetwo", "codetwo.online" },
		{ "mailroute", "_spf.mailroute.net" },
		{ "keap", "_spf.infusionmail.com" },
		{ "sendpulse", "mxsmtp.sendpulse.com" },
		{ "xero", "_spf.xero.com" },
		{ "zohodesk", "zcsend.net" },	/* Zoho Campaigns' include */
		{ "pipedrive", "_spf.pipedrive.email" },
		{ "authsmtp", "spf.authsmtp.com" },
		{ "turbosmtp", "_spf.turbo-smtp.com" },
		{ "netcore", "spf.pepipost.net" },
		{ "jangosmtp", "jangosmtp.net" },	/* found nowhere */
		{ "kolabnow", "spf.kolabnow.com" },	/* found nowhere */
	};
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	const char *got;
	size_t i, j;
	long s;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	assert_int_equal(svccat_find(&cat, "ovhmx"), -1);
	assert_int_equal(svccat_find(&cat, "postalserver"), -1);
	/* d=riseup.net and its relays carry Riseup's mailbox users' mail: a
	 * list would read "no change to your DNS" for all of it */
	assert_true((s = svccat_find(&cat, "riseup")) >= 0);
	assert_int_equal(cat.svc[s].kind, SVC_MAILBOX);
	/* names that said another service than the rules match */
	assert_string_equal(cat.svc[svccat_find(&cat, "yahoogroups")].name,
	    "Yahoo Groups");
	assert_string_equal(cat.svc[svccat_find(&cat, "mailmanlists")].name,
	    "python.org lists (Mailman)");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		got = NULL;
		for (j = 0; j < cat.nrule; j++)
			if (cat.rule[j].kind == want[i].kind &&
			    strcmp(cat.rule[j].value, want[i].value) == 0)
				got = cat.svc[cat.rule[j].service].id;
		if (want[i].service == NULL && got != NULL)
			fail_msg("%s %s names %s", svccat_rule_word(want[i].kind),
			    want[i].value, got);
		if (want[i].service != NULL && (got == NULL ||
		    strcmp(got, want[i].service) != 0))
			fail_msg("%s %s: want %s, got %s",
			    svccat_rule_word(want[i].kind), want[i].value,
			    want[i].service, got != NULL ? got : "none");
	}
	for (i = 0; i < sizeof(fix) / sizeof(fix[0]); i++) {
		s = svccat_find(&cat, fix[i].service);
		assert_true(s >= 0);
		if (fix[i].dkim_fix != NULL &&
		    (cat.svc[s].dkim_fix == NULL ||
		    strstr(cat.svc[s].dkim_fix, fix[i].dkim_fix) == NULL))
			fail_msg("%s: dkim fix without %s", fix[i].service,
			    fix[i].dkim_fix);
		if (fix[i].spf_fix != NULL &&
		    (cat.svc[s].spf_fix == NULL ||
		    strstr(cat.svc[s].spf_fix, fix[i].spf_fix) == NULL))
			fail_msg("%s: spf fix without %s", fix[i].service,
			    fix[i].spf_fix);
	}
	for (i = 0; i < sizeof(nofix) / sizeof(nofix[0]); i++) {
		s = svccat_find(&cat, nofix[i].service);
		assert_true(s >= 0);
		if ((cat.svc[s].dkim_fix != NULL &&
		    strstr(cat.svc[s].dkim_fix, nofix[i].text) != NULL) ||
		    (cat.svc[s].spf_fix != NULL &&
		    strstr(cat.svc[s].spf_fix, nofix[i].text) != NULL))
			fail_msg("%s: a fix still names %s", nofix[i].service,
			    nofix[i].text);
	}
	svccat_release(&cat);
}

struct bad {
	const char	*text, *want;
};

static const struct bad bads[] = {
	{ "service\ta\tesp\tA\thttps://a.test\nservice\ta\tesp\tA\thttps://a.test\n",
	  "defined twice" },
	{ "service\ta\tesp\tA\thttps://a.test\ndkim\ta\tx.test\ndkim\ta\tX.test\n",
	  "given twice" },
	{ "service\ta\tmarketing\tA\thttps://a.test\n", "service kind" },
	{ "service\ta\tesp\tA\tsee their site\n", "the source is" },
	{ "service\ta\tours\tA\thttps://a.test\n", "service kind" },
	{ "dkim\tnone\tx.test\n", "which no service line above defines" },
	{ "service\ta\tesp\tA\thttps://a.test\nasn\ta\tAS0\n", "asn rule" },
	{ "service\ta\tesp\tA\thttps://a.test\nptr\ta\tbad..name\n", "ptr rule" },
	{ "service\ta\tesp\tA\thttps://a.test\nip\ta\t192.0.2.0/33\n", "ip rule" },
	{ "service a esp A https://a.test\n", "expected a line starting" },
};

static void
test_bad_lines(void **state)
{
	struct svccat cat;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct dr_err err = DR_ERR_INIT;

		memset(&cat, 0, sizeof(cat));
		assert_int_equal(svccat_parse(&cat, "t.tsv", bads[i].text,
		    strlen(bads[i].text), false, &err), -1);
		if (strstr(err.detail, bads[i].want) == NULL ||
		    strstr(err.detail, "t.tsv:") == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.detail,
			    bads[i].want);
		svccat_release(&cat);
	}
}

/* The local file adds services and rules, replaces a shipped service's
 * kind and moves a shipped rule to its own service. */
/* The first ip rule in rule order holds the address (not the first in the
 * key index's order, not the most specific), asn rules by number; with the
 * index and without it the same as svccat_ip_in() over every rule. */
static void
test_rule_ip_asn(void **state)
{
	static const char local[] =
	    "service\tcorp\tours\tOur relays\t\n"
	    "service\tcorp2\tours\tOur other relays\t\n"
	    "ip\tcorp\t10.1.0.0/16\n"
	    "ip\tcorp2\t10.0.0.0/8\n"
	    "ip\tcorp2\t2001:db8::/32\n"
	    "ip\tcorp\t2001:db8:1::/48\n"
	    "asn\tcorp2\t64501\n"
	    "asn\tcorp\t64500\n";
	static const char *const addr[] = { "10.1.2.3", "10.2.0.1",
	    "11.0.0.1", "2001:db8:1::5", "2001:db8:2::5", "::ffff:10.1.2.3",
	    "not an ip", "" };
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	struct svc_key *key;
	size_t i, j, pass;
	long want, got;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	assert_int_equal(svccat_parse(&cat, "local.tsv", local, strlen(local),
	    true, &err), 0);
	for (pass = 0; pass < 2; pass++) {
		key = cat.key;
		if (pass == 1)
			cat.key = NULL;		/* the long way */
		for (i = 0; i < sizeof(addr) / sizeof(*addr); i++) {
			for (want = -1, j = 0; j < cat.nrule && want < 0; j++)
				if (svccat_ip_in(&cat.rule[j], addr[i]))
					want = (long)j;
			got = svccat_rule_ip(&cat, addr[i]);
			assert_int_equal(got, want);
		}
		got = svccat_rule_ip(&cat, "10.1.2.3");
		assert_true(got >= 0);
		assert_string_equal(cat.rule[got].value, "10.1.0.0/16");
		got = svccat_rule_ip(&cat, "2001:db8:1::5");
		assert_true(got >= 0);
		assert_string_equal(cat.rule[got].value, "2001:db8::/32");
		assert_int_equal(svccat_rule_ip(&cat, "::ffff:10.1.2.3"), -1);
		assert_int_equal(svccat_rule_ip(&cat, NULL), -1);
		got = svccat_rule_asn(&cat, 64500);
		assert_true(got >= 0);
		assert_int_equal(cat.rule[got].kind, SVC_R_ASN);
		assert_int_equal(cat.rule[got].service,
		    (size_t)svccat_find(&cat, "corp"));
		assert_int_equal(svccat_rule_asn(&cat, 64999), -1);
		cat.key = key;
	}
	svccat_release(&cat);
}

static void
test_local_override(void **state)
{
	static const char local[] =
	    "# ours\n"
	    "service\tcorp\tours\tOur relays\t\n"
	    "ip\tcorp\t198.51.100.0/24\n"
	    "ip\tcorp\t2001:db8:1::/48\n"
	    "dkim\tcorp\tmcsv.net\n"
	    "service\tsendgrid\tesp\tSendGrid (ours)\thttps://example.test\n";
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	long corp, sg;
	size_t i;
	bool moved = false;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	assert_int_equal(svccat_parse(&cat, "local.tsv", local, strlen(local),
	    true, &err), 0);
	corp = svccat_find(&cat, "corp");
	sg = svccat_find(&cat, "sendgrid");
	assert_true(corp >= 0 && sg >= 0);
	assert_int_equal(cat.svc[corp].kind, SVC_OURS);
	assert_int_equal(cat.svc[sg].kind, SVC_ESP);
	assert_string_equal(cat.svc[sg].name, "SendGrid (ours)");
	for (i = 0; i < cat.nrule; i++) {
		if (cat.rule[i].kind == SVC_R_DKIM &&
		    strcmp(cat.rule[i].value, "mcsv.net") == 0)
			moved = cat.rule[i].service == (size_t)corp;
		if (cat.rule[i].kind == SVC_R_IP && cat.rule[i].family == 4) {
			assert_true(svccat_ip_in(&cat.rule[i], "198.51.100.77"));
			assert_false(svccat_ip_in(&cat.rule[i], "198.51.101.1"));
			assert_false(svccat_ip_in(&cat.rule[i], "2001:db8:1::1"));
		}
		if (cat.rule[i].kind == SVC_R_IP && cat.rule[i].family == 6) {
			assert_true(svccat_ip_in(&cat.rule[i], "2001:db8:1:ff::9"));
			assert_false(svccat_ip_in(&cat.rule[i], "2001:db8:2::1"));
		}
	}
	assert_true(moved);
	/* The index finds every rule by (kind, value) after both texts, the
	 * moved one too, and nothing else. */
	for (i = 0; i < cat.nrule; i++)
		assert_int_equal(svccat_rule_find(&cat, cat.rule[i].kind,
		    cat.rule[i].value), (long)i);
	assert_int_equal(cat.nkey, cat.nrule);
	assert_true(svccat_rule_find(&cat, SVC_R_DKIM, "mcsv.net") >= 0);
	assert_int_equal(cat.rule[svccat_rule_find(&cat, SVC_R_DKIM,
	    "mcsv.net")].service, (size_t)corp);
	assert_int_equal(svccat_rule_find(&cat, SVC_R_ASN, "mcsv.net"), -1);
	assert_int_equal(svccat_rule_find(&cat, SVC_R_DKIM, "x.mcsv.net"), -1);
	assert_int_equal(svccat_rule_find(&cat, SVC_R_DKIM, "csv.net"), -1);
	svccat_release(&cat);
}

struct ccase {
	const char	*name;
	const char	*ip, *ptr;
	uint32_t	 asn;
	const char	*hfrom;
	const char	*spf[2];
	const char	*dkim[2];
	int64_t		 fail, fwd, list;
	/* expected */
	const char	*service;	/* id or NULL */
	enum svc_verdict verdict;
	const char	*matched;	/* substring of out.matched */
	const char	*fix;		/* substring of out.fix */
};

static const struct ccase ccases[] = {
	{ "mailchimp with d=mcsv.net", "198.2.128.5", NULL, 0, "example.com",
	  { "mail123.sea71.mcsv.net" }, { "mcsv.net" }, 120, 0, 0,
	  "mailchimp", SV_NOT_SET_UP, "dkim d=mcsv.net",
	  "Mailchimp signs with d=mcsv.net, not example.com: set up DKIM"
	  " authentication for example.com in Mailchimp (in Mailchimp, Website >"
	  " Domains > Authenticate: it gives you two CNAME records, k2._domainkey"
	  " and k3._domainkey); for SPF: add include:servers.mcsv.net" },
	{ "sendgrid with d=sendgrid.info", "167.89.1.2", NULL, 0, "example.com",
	  { "em1234.sendgrid.net" }, { "sendgrid.info" }, 40, 0, 0,
	  "sendgrid", SV_NOT_SET_UP, "dkim d=sendgrid.info",
	  "s1._domainkey and s2._domainkey" },
	{ "microsoft 365 tenant signature", "40.107.1.2",
	  "mail-db8eur05on2101.outbound.protection.outlook.com", 8075,
	  "example.com", { "example.com" }, { "contoso.onmicrosoft.com" }, 9,
	  0, 0, "microsoft365", SV_NOT_SET_UP,
	  "dkim d=contoso.onmicrosoft.com (under onmicrosoft.com)",
	  "selector1._domainkey and selector2._domainkey" },
	{ "microsoft 365 by ptr, own envelope", "40.107.1.3",
	  "mail-am6eur05on2100.outbound.protection.outlook.com", 0,
	  "example.com", { "example.com" }, { NULL }, 3, 0, 0,
	  "microsoft365", SV_NOT_SET_UP, "ptr mail-am6eur05on2100.outbound."
	  "protection.outlook.com (under outbound.protection.outlook.com)",
	  "include:spf.protection.outlook.com" },
	{ "forwarded by reason", "209.85.1.1", "mail-x.google.com", 15169,
	  "example.com", { "gmail.com" }, { "example.com" }, 5, 5, 0,
	  "google", SV_FORWARDED, "reason forwarded; ptr mail-x.google.com",
	  "no change to your DNS" },
	{ "mailbox provider relaying, own dkim broke", "52.100.1.1",
	  "mail-x.outbound.protection.outlook.com", 0, "example.com",
	  { "outlook.com" }, { "example.com" }, 2, 0, 0,
	  "microsoft365", SV_FORWARDED, "ptr mail-x.outbound.protection.outlook.com",
	  "your DKIM signature broke" },
	{ "gmail relaying with its own envelope", "209.85.2.2",
	  "mail-y.google.com", 15169, "example.com", { "srs.example.net" },
	  { NULL }, 2, 0, 0, "google", SV_FORWARDED,
	  "ptr mail-y.google.com (under google.com)", "re-sent your mail" },
	{ "mailing list by reason", "192.0.2.40", NULL, 0, "example.com",
	  { "lists.example.org" }, { "example.com" }, 7, 0, 7, NULL,
	  SV_MAILING_LIST, "reason mailing_list", "do not add the list" },
	{ "mailing list by catalogue", "192.0.2.41", NULL, 0, "example.com",
	  { "bounce.groups.io" }, { "groups.io" }, 7, 0, 0, "groupsio",
	  SV_MAILING_LIST, "dkim d=groups.io", "Groups.io re-sent" },
	/* third review: a list server's real PTR, a relay's real PTR */
	{ "debian list server by ptr", "82.195.75.100", "bendel.debian.org", 0,
	  "example.com", { "example.com" }, { "example.com" }, 3, 0, 0,
	  "debianlists", SV_MAILING_LIST, "ptr bendel.debian.org",
	  "Debian lists re-sent" },
	{ "codetwo signature relay with your envelope", "20.93.157.195",
	  "westeu11-emailsignatures-cloud.codetwo.com", 0, "example.com",
	  { "example.com" }, { NULL }, 4, 0, 0, "codetwo", SV_NOT_SET_UP,
	  "ptr westeu11-emailsignatures-cloud.codetwo.com (under codetwo.com)",
	  "include:spf.emailsignatures365.com" },
	/* fourth review: a Riseup mailbox user's signature is not a list */
	{ "riseup mailbox signature is not a list", "198.252.153.70", NULL, 0,
	  "example.com", { "example.com" }, { "riseup.net" }, 2, 0, 0,
	  "riseup", SV_NOT_SET_UP, "dkim d=riseup.net",
	  "Riseup (mail and lists) signs with d=riseup.net" },
	{ "unknown sender", "203.0.113.66", "host.evil.test", 0, "example.com",
	  { "example.com" }, { NULL }, 300, 0, 0, NULL, SV_UNKNOWN, "",
	  "likely spoofing" },
	{ "unconfirmed ptr never counts", "203.0.113.67",
	  "fake.outbound.protection.outlook.com", 0, "example.com",
	  { "example.com" }, { NULL }, 1, 0, 0, NULL, SV_UNKNOWN, "", "spoofing" },
	{ "a forged failing own signature is not forwarding", "203.0.113.69",
	  "vps.example.net", 0, "example.com", { "example.com" },
	  { "example.com" }, 50, 0, 0, NULL, SV_UNKNOWN, "", "likely spoofing" },
	{ "passing source", "198.2.128.6", NULL, 0, "example.com",
	  { "example.com" }, { "example.com" }, 0, 0, 0, NULL, SV_ALIGNED, "", "" },
	{ "a google cloud vm (AS15169) is not gmail forwarding", "34.1.2.3",
	  "vm.example.net", 15169, "example.com", { "vm.example.net" }, { NULL },
	  4, 0, 0, NULL, SV_UNKNOWN, "", "likely spoofing" },
	{ "an azure vm (AS8075) is not microsoft 365", "20.42.1.9", NULL, 8075,
	  "example.com", { "example.com" }, { NULL }, 12, 0, 0, NULL, SV_UNKNOWN,
	  "", "likely spoofing" },
	{ "evil-outlook.com is not outlook.com", "203.0.113.68", NULL, 0,
	  "example.com", { "evil-mcsv.net" }, { NULL }, 1, 0, 0, NULL, SV_UNKNOWN,
	  "", "spoofing" },
};

static void
classify_one(const struct svccat *cat, const struct ccase *c,
    bool confirmed)
{
	struct svc_source in;
	struct svc_class out;
	size_t ns = 0, nd = 0;

	while (ns < 2 && c->spf[ns] != NULL)
		ns++;
	while (nd < 2 && c->dkim[nd] != NULL)
		nd++;
	memset(&in, 0, sizeof(in));
	in.ip = c->ip;
	in.ptr = c->ptr;
	in.ptr_confirmed = confirmed;
	in.asn = c->asn;
	in.header_from = c->hfrom;
	in.spf_domains = c->spf;
	in.n_spf = ns;
	in.dkim_domains = c->dkim;
	in.n_dkim = nd;
	in.dmarc_fail = c->fail;
	in.forwarded = c->fwd;
	in.mailing_list = c->list;
	services_classify(cat, &in, &out);
	if (out.verdict != c->verdict ||
	    (c->service == NULL) != (out.svc == NULL) ||
	    (c->service != NULL && strcmp(c->service, out.svc->id) != 0) ||
	    strstr(out.matched, c->matched) == NULL ||
	    (c->matched[0] == '\0' && out.matched[0] != '\0') ||
	    strstr(out.fix, c->fix) == NULL ||
	    (c->fix[0] == '\0' && out.fix[0] != '\0'))
		fail_msg("%s: got %s, %s, matched '%s', fix '%s'", c->name,
		    services_verdict_word(out.verdict),
		    out.svc != NULL ? out.svc->id : "(none)", out.matched,
		    out.fix);
}

static void
test_classify(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct svccat cat;
	size_t i;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	for (i = 0; i < sizeof(ccases) / sizeof(ccases[0]); i++)
		classify_one(&cat, &ccases[i],
		    strstr(ccases[i].name, "unconfirmed") == NULL);
	svccat_release(&cat);
	align_shutdown();
}

/* An admin's own servers: an ip rule of a service of kind ours. */
static void
test_classify_yours(void **state)
{
	static const char local[] =
	    "service\tcorp\tours\tOur relays\t\n"
	    "ip\tcorp\t198.51.100.0/24\n";
	static const char *const spf[] = { "example.com" };
	struct dr_err err = DR_ERR_INIT;
	struct svc_source in;
	struct svc_class out;
	struct svccat cat;

	(void)state;
	assert_int_equal(svccat_load(&cat, NULL, false, &err), 0);
	assert_int_equal(svccat_parse(&cat, "local.tsv", local, strlen(local),
	    true, &err), 0);
	memset(&in, 0, sizeof(in));
	in.ip = "198.51.100.9";
	in.header_from = "example.com";
	in.spf_domains = spf;
	in.n_spf = 1;
	in.dmarc_fail = 4;
	services_classify(&cat, &in, &out);
	assert_int_equal(out.verdict, SV_YOURS);
	assert_string_equal(out.svc->id, "corp");
	assert_string_equal(out.matched, "ip 198.51.100.9 in 198.51.100.0/24");
	assert_non_null(strstr(out.fix, "sign its mail with DKIM for example.com"));
	in.ip = "198.51.101.9";
	services_classify(&cat, &in, &out);
	assert_int_equal(out.verdict, SV_UNKNOWN);
	svccat_release(&cat);
	align_shutdown();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_valid),
		cmocka_unit_test(test_shipped_asn_not_shared),
		cmocka_unit_test(test_shipped_review_markers),
		cmocka_unit_test(test_shipped_review_fixes),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_local_override),
		cmocka_unit_test(test_rule_ip_asn),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_classify_yours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
