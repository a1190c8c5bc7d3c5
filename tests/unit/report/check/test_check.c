/* tests/unit/report/test_check.c -- per-domain check steps over a fixed
 * answer set, the policy summary and per-IP verdicts other commands use,
 * the JSON form, and bounded timeouts against a UDP socket that never
 * answers (the NSD cases are in tests/integration/3001-check-dns.sh). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/check/check.h"
#include "report/dns/dnsrun.h"
#include "report/out/out_json.h"
#include "report/dns/resolver.h"

static void
put1(struct dnsrun *run, const char *name, enum dns_type t, const char *rr)
{
	assert_int_equal(dnsrun_put(run, name, t, DNS_OK, &rr, 1, NULL), 0);
}

static const char *const sels[] = { "s1", "gone" };
static const char *const ips[] = { "192.0.2.7", "203.0.113.1", "x" };

static void
test_offline(void **state)
{
	struct check_req req = { "Example.TEST.", sels, 2, ips, 3, NULL, NULL };
	struct check_result res;
	struct check_summary sum;
	struct dnsrun *run;
	const char *mech = NULL;
	char *buf = NULL;
	size_t len = 0;
	struct json_writer w;
	FILE *fp;

	(void)state;
	assert_int_equal(dnsrun_new(&run), 0);
	dnsrun_set_offline(run, true);
	put1(run, "_dmarc.example.test", DNS_TXT, "v=DMARC1; p=quarantine; "
	    "rua=mailto:r@reports.example.net");
	put1(run, "example.test._report._dmarc.reports.example.net", DNS_TXT,
	    "v=DMARC1");
	put1(run, "example.test", DNS_TXT, "v=spf1 ip4:192.0.2.0/24 -all");
	put1(run, "s1._domainkey.example.test", DNS_TXT, "v=DKIM1; p=");
	put1(run, "example.test", DNS_MX, "10 mx.example.test");
	assert_int_equal(check_init(&res, &req), 0);
	assert_string_equal(res.domain, "example.test");
	assert_int_equal(check_step(&res, &req, run), 0);
	assert_string_equal(res.dmarc.status, "ok");
	assert_int_equal(res.n_rua, 1);
	assert_true(res.rua[0].external);
	assert_int_equal(res.rua[0].authorized, 1);
	assert_string_equal(res.spf.status, "ok");
	assert_string_equal(res.dkim[0].status, "revoked");
	assert_string_equal(res.dkim[1].status, "none");
	assert_string_equal(res.mx_status, "ok");
	check_summarize(&res, &sum);
	assert_string_equal(sum.dmarc_p, "quarantine");
	assert_string_equal(sum.dmarc_sp, "quarantine");
	assert_int_equal(sum.spf_valid, 1);
	assert_int_equal(sum.spf_lookups, 0);
	assert_int_equal(sum.dkim_ok, 0);
	assert_int_equal(sum.dkim_broken, 2);
	assert_string_equal(check_ip_verdict(&res, "192.0.2.7", &mech), "pass");
	assert_string_equal(mech, "ip4:192.0.2.0/24");
	assert_string_equal(check_ip_verdict(&res, "203.0.113.1", &mech),
	    "fail");
	assert_null(check_ip_verdict(&res, "x", &mech));
	assert_null(check_ip_verdict(&res, "198.51.100.1", &mech));
	fp = open_memstream(&buf, &len);
	json_init(&w, fp, false);
	check_json(&w, &res);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(strstr(buf, "\"domain\":\"example.test\""));
	assert_non_null(strstr(buf, "\"p\":\"quarantine\""));
	assert_non_null(strstr(buf, "\"ip_results\":[{\"ip\":\"192.0.2.7\","
	    "\"result\":\"pass\",\"mechanism\":\"ip4:192.0.2.0/24\""));
	assert_non_null(strstr(buf, "\"revoked\":true"));
	free(buf);
	/* wrap results in an array the way check_run() owns them */
	{
		struct check_result *arr = malloc(sizeof(*arr));

		memcpy(arr, &res, sizeof(res));
		check_results_free(arr, 1);
	}
	dnsrun_free(run);
}

/* check --sender/--helo: %{l}, %{s}, %{o} and %{h} are the given ones in
 * every IP's evaluation; without them postmaster@domain and the domain. */
static void
test_sender_helo(void **state)
{
	static const char *const ip1[] = { "192.0.2.7" };
	struct check_req req = { "example.test", NULL, 0, ip1, 1,
	    "Jo.Doe@mail.example.test", "mx.example.test" };
	struct check_result res;
	struct dnsrun *run;
	const char *mech = NULL;

	(void)state;
	assert_int_equal(dnsrun_new(&run), 0);
	dnsrun_set_offline(run, true);
	put1(run, "example.test", DNS_TXT,
	    "v=spf1 exists:%{l}.%{o}.%{h}.u.test exists:%{l}.%{h}.d.test -all");
	put1(run, "jo.doe.mail.example.test.mx.example.test.u.test", DNS_A,
	    "127.0.0.2");
	put1(run, "postmaster.example.test.d.test", DNS_A, "127.0.0.2");
	assert_int_equal(check_init(&res, &req), 0);
	assert_string_equal(res.spf.ips[1].ev->sender,
	    "Jo.Doe@mail.example.test");
	assert_string_equal(res.spf.ips[1].ev->helo, "mx.example.test");
	assert_int_equal(check_step(&res, &req, run), 0);
	assert_string_equal(check_ip_verdict(&res, "192.0.2.7", &mech), "pass");
	assert_string_equal(mech, "exists:%{l}.%{o}.%{h}.u.test");
	check_results_free(memcpy(malloc(sizeof(res)), &res, sizeof(res)), 1);
	/* without them: postmaster@example.test */
	req.sender = req.helo = NULL;
	assert_int_equal(check_init(&res, &req), 0);
	assert_int_equal(check_step(&res, &req, run), 0);
	assert_string_equal(check_ip_verdict(&res, "192.0.2.7", &mech), "pass");
	assert_string_equal(mech, "exists:%{l}.%{h}.d.test");
	check_results_free(memcpy(malloc(sizeof(res)), &res, sizeof(res)), 1);
	dnsrun_free(run);
}

/* A UDP socket that is bound and never read: every query times out. */
static void
test_timeout(void **state)
{
	struct check_req req = { "example.test", sels, 1, ips, 1, NULL, NULL };
	struct check_result *res = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	struct resolver *r = NULL;
	struct timespec t0, t1;
	char server[64];
	int fd;
	long ms;

	(void)state;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	snprintf(server, sizeof(server), "127.0.0.1:%u", ntohs(sa.sin_port));
	assert_int_equal(resolver_new(&r, server, 100, 1, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(check_run(r, &req, 1, &res, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	print_message("timeout run took %ld ms\n", ms);
	assert_true(ms < 2000);
	assert_string_equal(res->dmarc.status, "temperror");
	assert_string_equal(res->spf.status, "temperror");
	assert_string_equal(res->dkim[0].status, "temperror");
	assert_string_equal(res->mx_status, "temperror");
	assert_string_equal(check_ip_verdict(res, "192.0.2.7", NULL),
	    "temperror");
	check_results_free(res, 1);
	resolver_free(r);
	close(fd);
}

static void
test_bad_domain(void **state)
{
	struct check_req req = { "Bad..Domain", NULL, 0, NULL, 0, NULL,
	    NULL };
	struct check_result *res = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct resolver *r = NULL;
	char long_name[300];

	(void)state;
	/* RFC 7208 4.3: a name with an empty (or over-long) label is
	 * checked without a query: SPF none, not a usage error (a query to
	 * port 9 would be a temperror) */
	assert_int_equal(resolver_new(&r, "127.0.0.1:9", 100, 1, &err), 0);
	assert_int_equal(check_run(r, &req, 1, &res, &err), 0);
	assert_string_equal(res->domain, "bad..domain");
	assert_string_equal(res->spf.status, "none");
	assert_string_equal(res->dmarc.status, "none");
	assert_string_equal(res->mx_status, "none");
	assert_non_null(strstr(res->spf.ips[0].ev->cause,
	    "not a valid domain name"));
	check_results_free(res, 1);
	res = NULL;
	/* a name that does not fit is still refused */
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	req.domain = long_name;
	assert_int_equal(check_run(r, &req, 1, &res, &err), -1);
	assert_int_equal(err.reason, R_USAGE);
	assert_null(res);
	resolver_free(r);
}

/* Rows of a report table: one check per distinct domain with its IPs. */
static void
test_rows(void **state)
{
	static const char *const doms[] = { "a.test", "B.test", "A.TEST",
	    "a.test" };
	static const char *const rips[] = { "192.0.2.1", "192.0.2.2",
	    "192.0.2.3", NULL };
	struct dr_err err = DR_ERR_INIT;
	struct check_result *res = NULL;
	size_t nres = 0, *map = NULL;

	(void)state;
	assert_int_equal(check_rows("127.0.0.1:9", 100, 1, doms, rips, 4, &res,
	    &nres, &map, &err), 0);
	assert_int_equal(nres, 2);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 0);
	assert_int_equal(map[3], 0);
	assert_string_equal(res[0].domain, "a.test");
	assert_int_equal(res[0].spf.n_ips, 3);	/* walk + 2 IPs */
	assert_string_equal(check_ip_verdict(&res[0], "192.0.2.3", NULL),
	    "temperror");
	assert_null(check_ip_verdict(&res[1], "192.0.2.3", NULL));
	assert_string_equal(res[1].dmarc.status, "temperror");
	check_results_free(res, nres);
	free(map);
}

/*
 * DKIM selectors are dotted names (issue 15, item 7): an 83-octet selector
 * of three labels is looked up whole; one that cannot make a name is
 * "bad-selector" with the reason, never looked up and never "no key".
 */
static void
test_selector_names(void **state)
{
	static char sel83[84], label64[65], long_name[250];
	const char *sels5[5];
	struct check_req req = { "example.test", sels5, 5, NULL, 0, NULL, NULL };
	struct check_result *res;
	struct dnsrun *run;
	char name[300];

	(void)state;
	memset(sel83, 'a', 83);
	sel83[40] = sel83[71] = '.';
	memset(label64, 'x', 64);
	/* 4 labels of 59 and 3 dots: 239 octets, +24 over 253 */
	memset(long_name, 'y', 239);
	long_name[59] = long_name[119] = long_name[179] = '.';
	sels5[0] = sel83;
	sels5[1] = label64;
	sels5[2] = long_name;
	sels5[3] = "a..b";
	sels5[4] = "sel ector";
	assert_int_equal(dnsrun_new(&run), 0);
	dnsrun_set_offline(run, true);
	snprintf(name, sizeof(name), "%s._domainkey.example.test", sel83);
	put1(run, name, DNS_TXT, "v=DKIM1; k=ed25519; "
	    "p=vgOUe3VYQCCoz32XW/fa5xlNhw43Zen/V50LSjTGpyE=");
	assert_non_null(res = calloc(1, sizeof(*res)));
	assert_int_equal(check_init(res, &req), 0);
	assert_int_equal(check_step(res, &req, run), 0);
	assert_string_equal(res->dkim[0].selector, sel83);
	assert_string_equal(res->dkim[0].name, name);
	assert_string_equal(res->dkim[0].status, "ok");
	assert_string_equal(res->dkim[1].status, "bad-selector");
	assert_string_equal(res->dkim[1].selector, label64);
	assert_string_equal(res->dkim[1].name, "");
	assert_non_null(strstr(res->dkim[1].errors.text[0],
	    "a label is over 63 octets"));
	assert_string_equal(res->dkim[2].status, "bad-selector");
	assert_non_null(strstr(res->dkim[2].errors.text[0], "over 253 octets"));
	assert_string_equal(res->dkim[3].status, "bad-selector");
	assert_non_null(strstr(res->dkim[3].errors.text[0], "empty label"));
	assert_string_equal(res->dkim[4].status, "bad-selector");
	assert_int_equal(dnsrun_sent(run), 0);
	check_results_free(res, 1);
	dnsrun_free(run);
}

/* An rua authorization name over 253 octets is said to be one, not
 * looked up cut nor reported as "no record". */
static void
test_rua_name_too_long(void **state)
{
	static char host[241], rec[300];
	struct check_req req = { "example.test", NULL, 0, NULL, 0, NULL, NULL };
	struct check_result *res;
	struct dnsrun *run;

	(void)state;
	/* 4 labels, 240 octets: 12 + 16 + 240 = 268 for the name */
	memset(host, 'r', 240);
	host[60] = host[121] = host[182] = '.';
	snprintf(rec, sizeof(rec), "v=DMARC1; p=none; rua=mailto:a@%s", host);
	assert_int_equal(dnsrun_new(&run), 0);
	dnsrun_set_offline(run, true);
	put1(run, "_dmarc.example.test", DNS_TXT, rec);
	assert_non_null(res = calloc(1, sizeof(*res)));
	assert_int_equal(check_init(res, &req), 0);
	assert_int_equal(check_step(res, &req, run), 0);
	assert_int_equal(res->n_rua, 1);
	assert_true(res->rua[0].external);
	assert_int_equal(res->rua[0].authorized, 0);
	assert_true(dnsmsg_has(&res->dmarc.errors, "rua host rrrr"));
	assert_non_null(strstr(res->dmarc.errors.text[0], "is not a DNS name"));
	/* RFC 7489 7.1: only that address is dropped; the policy applies */
	assert_string_equal(res->dmarc.status, "ok");
	check_results_free(res, 1);
	dnsrun_free(run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offline),
		cmocka_unit_test(test_sender_helo),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_bad_domain),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_selector_names),
		cmocka_unit_test(test_rua_name_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
