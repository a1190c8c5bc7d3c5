/* tests/unit/report/dns/test_asn.c -- the IP-to-ASN TXT answers read
 * strictly (report/dns/asn.c): the origin question of IPv4 and IPv6
 * (nibble reversal), the origin and AS-name forms, MOAS, the longest
 * prefix among several strings, and hostile text (too long, not ASCII,
 * fields missing or out of form) as a bad reply (issue 12). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/dns/asn.h"
#include "util/limits.h"

static void
test_qname(void **state)
{
	char q[160];

	(void)state;
	assert_int_equal(asn_origin_qname("8.8.4.4", NULL, q, sizeof(q)), 0);
	assert_string_equal(q, "4.4.8.8.origin.asn.cymru.com");
	assert_int_equal(asn_origin_qname("192.0.2.1", "asn.test", q,
	    sizeof(q)), 0);
	assert_string_equal(q, "1.2.0.192.origin.asn.test");
	assert_int_equal(asn_origin_qname("2001:db8::5", "asn.test", q,
	    sizeof(q)), 0);
	assert_string_equal(q, "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "8.b.d.0.1.0.0.2.origin6.asn.test");
	assert_int_equal(asn_origin_qname("2001:4860:4860::8888", NULL, q,
	    sizeof(q)), 0);
	assert_string_equal(q, "8.8.8.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.8.4."
	    "0.6.8.4.1.0.0.2.origin6.asn.cymru.com");
	/* not an address, or no room */
	assert_int_equal(asn_origin_qname("example.com", NULL, q, sizeof(q)), -1);
	assert_int_equal(asn_origin_qname("1.2.3.4", NULL, q, 10), -1);
}

static void
test_origin(void **state)
{
	const char *one[] = { "15169 | 8.8.8.0/24 | US | arin | 2023-12-28" };
	const char *moas[] = { "13335 15169 | 1.1.1.0/24 |  | apnic |" };
	const char *two[] = { "64503 | 198.51.0.0/16 | US | arin | 2009-01-01",
	    "64501 | 198.51.100.0/24 | NL | ripencc | 2010-05-05" };
	const char *v6[] = { "64510 | 2001:db8::/32 | DE | ripencc | 2005-05-05" };
	struct asn_info a;

	(void)state;
	assert_int_equal(asn_parse_origin(one, 1, &a), 0);
	assert_int_equal(a.status, ASN_OK);
	assert_int_equal(a.asn, 15169);
	assert_string_equal(a.asns, "15169");
	assert_string_equal(a.prefix, "8.8.8.0/24");
	assert_string_equal(a.cc, "US");
	assert_string_equal(a.registry, "arin");
	/* MOAS: the first is the ASN, all are listed; CC and date may be empty */
	assert_int_equal(asn_parse_origin(moas, 1, &a), 0);
	assert_int_equal(a.asn, 13335);
	assert_string_equal(a.asns, "13335 15169");
	assert_string_equal(a.cc, "");
	/* more and less specific prefixes: the longest wins, in any order */
	assert_int_equal(asn_parse_origin(two, 2, &a), 0);
	assert_int_equal(a.asn, 64501);
	assert_string_equal(a.prefix, "198.51.100.0/24");
	assert_string_equal(a.cc, "NL");
	assert_int_equal(asn_parse_origin(v6, 1, &a), 0);
	assert_int_equal(a.asn, 64510);
	assert_string_equal(a.prefix, "2001:db8::/32");
	assert_int_equal(asn_parse_origin(one, 0, &a), -1);
}

static void
test_origin_hostile(void **state)
{
	static const char *const bad[] = {
		"",						/* empty */
		"15169",					/* fields missing */
		"15169 | 8.8.8.0/24 | US | arin",		/* one missing */
		"15169 | 8.8.8.0/24 | US | arin | 2023-12-28 | x", /* extra */
		"AS15169 | 8.8.8.0/24 | US | arin | 2023-12-28",	/* not digits */
		"0 | 8.8.8.0/24 | US | arin | 2023-12-28",		/* AS 0 */
		"4294967296 | 8.8.8.0/24 | US | arin | 2023-12-28", /* > 32 bit */
		"-1 | 8.8.8.0/24 | US | arin | 2023-12-28",
		" | 8.8.8.0/24 | US | arin | 2023-12-28",		/* no ASN */
		"15169 | 8.8.8.0 | US | arin | 2023-12-28",	/* no length */
		"15169 | 8.8.8.0/33 | US | arin | 2023-12-28",	/* too long */
		"15169 | 2001:db8::/129 | US | arin | 2023-12-28",
		"15169 | evil.test/24 | US | arin | 2023-12-28",
		"15169 | 8.8.8.0/24 | us | arin | 2023-12-28",	/* lower case CC */
		"15169 | 8.8.8.0/24 | USA | arin | 2023-12-28",
		"15169 | 8.8.8.0/24 | US | ARIN | 2023-12-28",
		"15169 | 8.8.8.0/24 | US | arin<script> | 2023-12-28",
		"15169 | 8.8.8.0/24 | US | arin | 28-12-2023",	/* date form */
		"15169 | 8.8.8.0/24 | US | arin | 2023-12-28\x1b[2J", /* escape */
		"15169 | 8.8.8.0/24 | \xc3\x9c\xc3\x9c | arin | 2023-12-28", /* UTF-8 */
		"1 2 3 4 5 6 7 8 9 | 8.8.8.0/24 | US | arin | 2023-12-28", /* MOAS cap */
	};
	char longtxt[DR_ASN_TXT_MAX + 64];
	const char *v[2];
	struct asn_info a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v[0] = bad[i];
		if (asn_parse_origin(v, 1, &a) != -1)
			fail_msg("accepted: '%s'", bad[i]);
		assert_int_equal(a.status, ASN_UNKNOWN);
	}
	/* too long, even when well formed */
	memset(longtxt, ' ', sizeof(longtxt) - 1);
	longtxt[sizeof(longtxt) - 1] = '\0';
	memcpy(longtxt, "15169 ", 6);
	memcpy(longtxt + sizeof(longtxt) - 40, "| 8.8.8.0/24 | US | arin | 2023-12-28",
	    38);
	v[0] = longtxt;
	assert_int_equal(asn_parse_origin(v, 1, &a), -1);
	/* one good string and one garbage: the answer is garbage */
	v[0] = "15169 | 8.8.8.0/24 | US | arin | 2023-12-28";
	v[1] = "garbage";
	assert_int_equal(asn_parse_origin(v, 2, &a), -1);
}

static void
test_name(void **state)
{
	char name[DR_ASN_NAME_MAX], longtxt[400];

	(void)state;
	assert_int_equal(asn_parse_name("15169 | US | arin | 2000-03-30 | "
	    "GOOGLE, US", 15169, name, sizeof(name)), 0);
	assert_string_equal(name, "GOOGLE, US");
	/* another AS's name is not an answer */
	assert_int_equal(asn_parse_name("15170 | US | arin | 2000-03-30 | "
	    "GOOGLE, US", 15169, name, sizeof(name)), -1);
	assert_int_equal(asn_parse_name("15169 | US | arin | 2000-03-30",
	    15169, name, sizeof(name)), -1);
	assert_int_equal(asn_parse_name("15169 | US | arin | 2000-03-30 | "
	    "G\xc3\x9cGLE", 15169, name, sizeof(name)), -1);
	assert_int_equal(asn_parse_name("15169 | US | arin | 2000-03-30 | "
	    "A\tB", 15169, name, sizeof(name)), -1);
	/* a long name is cut at the cap */
	(void)snprintf(longtxt, sizeof(longtxt), "64500 | NL | ripencc | "
	    "2001-01-01 | %0300d", 7);
	assert_int_equal(asn_parse_name(longtxt, 64500, name, sizeof(name)), 0);
	assert_int_equal(strlen(name), DR_ASN_NAME_MAX - 1);
}

static void
test_display(void **state)
{
	struct asn_info a;
	char buf[16];

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_null(asn_display(&a, buf, sizeof(buf)));
	assert_string_equal(asn_status_text(&a), "not looked up");
	a.status = ASN_NONE;
	assert_string_equal(asn_display(&a, buf, sizeof(buf)), "no ASN known");
	a.status = ASN_TEMP;
	a.cause = "timeout";
	/* a timeout is never "no ASN" */
	assert_string_equal(asn_display(&a, buf, sizeof(buf)),
	    "could not check (timeout)");
	assert_string_equal(asn_status_text(&a), "could not check");
	a.status = ASN_OK;
	a.asn = 15169;
	a.name_status = ASN_TEMP;
	a.name_cause = "SERVFAIL";
	assert_string_equal(asn_display(&a, buf, sizeof(buf)), "AS15169");
	assert_string_equal(asn_name_display(&a), "could not check (SERVFAIL)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qname),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_origin_hostile),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_display),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
