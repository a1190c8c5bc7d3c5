/* tests/unit/report/test_failures.c -- every aggregation of report/ on the
 * hand-checked fixture (tests/data/report/fixture.sql): scope errors,
 * summary (with and without report_stats rows), failures, sources, the
 * report_stats update/delete triggers, strset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/report/fixture.h"
#include "report/query/failures.h"

#define D0	1794182400	/* 2026-11-09 */
#define DAY	86400

static void
window(struct report_opts *o, int64_t start, int days)
{
	memset(o, 0, sizeof(*o));
	o->win_start = start;
	o->win_end = start + (int64_t)days * DAY;
}

static void
test_scope(void **state)
{
	struct store *st;
	struct report_opts o;
	struct dr_err err = DR_ERR_INIT;

	(void)state;
	assert_non_null(st = fx_open(0));
	window(&o, D0, 7);
	assert_int_equal(report_check_scope(st, &o, &err), -1);
	assert_int_equal(err.reason, R_EMPTY_DB);
	fx_close(st);

	assert_non_null(st = fx_open(1));
	dr_err_clear(&err);
	assert_int_equal(report_check_scope(st, &o, &err), 0);
	o.domains[0] = "example.net";
	o.n_domains = 1;
	assert_int_equal(report_check_scope(st, &o, &err), -1);
	assert_int_equal(err.reason, R_UNKNOWN_DOMAIN);
	assert_non_null(strstr(err.detail, "example.net"));
	/* example.org only has data on day 0 */
	dr_err_clear(&err);
	o.domains[0] = "example.org";
	window(&o, D0 + DAY, 5);
	o.domains[0] = "example.org";
	o.n_domains = 1;
	assert_int_equal(report_check_scope(st, &o, &err), -1);
	assert_int_equal(err.reason, R_EMPTY_WINDOW);
	/* y1 ends at 11-16 00:00 (half-open): the 16th alone is empty */
	dr_err_clear(&err);
	window(&o, D0 + 7 * DAY, 1);
	assert_int_equal(report_check_scope(st, &o, &err), -1);
	assert_int_equal(err.reason, R_EMPTY_WINDOW);
	dr_err_clear(&err);
	window(&o, D0 + 8 * DAY, 1);
	assert_int_equal(report_check_scope(st, &o, &err), 0);
	fx_close(st);
}

static void
test_summary(void **state)
{
	struct store *st;
	struct report_opts o;
	struct summary_rows rows;
	struct dr_err err = DR_ERR_INIT;
	struct summary_row *r;

	(void)state;
	assert_non_null(st = fx_open(1));
	window(&o, D0, 7);
	assert_int_equal(report_summary(st, &o, &rows, &err), 0);
	assert_int_equal(rows.n, 2);
	r = &rows.v[0];
	assert_string_equal(r->domain, "example.com");
	assert_int_equal(r->reports, 3);
	assert_int_equal(r->reporters, 3);
	assert_int_equal(r->records, 6);
	assert_int_equal(r->messages, 25);
	assert_int_equal(r->dmarc_pass, 16);
	assert_int_equal(r->dkim_aligned, 14);
	assert_int_equal(r->spf_aligned, 12);
	assert_int_equal(r->disp_none, 16);
	assert_int_equal(r->disp_quarantine, 3);
	assert_int_equal(r->disp_reject, 6);
	assert_string_equal(r->policy, "p=reject sp=none adkim=r aspf=r pct=100");
	assert_int_equal(r->policies.n, 2);
	r = &rows.v[1];
	assert_string_equal(r->domain, "example.org");
	assert_int_equal(r->messages, 7);
	assert_int_equal(r->dmarc_pass, 7);
	assert_int_equal(r->spf_aligned, 0);
	assert_string_equal(r->policy, "p=none adkim=s aspf=s pct=100");
	summary_rows_release(&rows);

	/* without report_stats rows (a bulk load) the sums are the same */
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM report_stats"
	    " WHERE report IN (1, 5)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(report_summary(st, &o, &rows, &err), 0);
	r = &rows.v[0];
	assert_int_equal(r->reports, 3);
	assert_int_equal(r->reporters, 3);
	assert_int_equal(r->records, 6);
	assert_int_equal(r->messages, 25);
	assert_int_equal(r->dmarc_pass, 16);
	assert_int_equal(r->dkim_aligned, 14);
	assert_int_equal(r->spf_aligned, 12);
	assert_int_equal(r->disp_none, 16);
	assert_int_equal(r->disp_quarantine, 3);
	assert_int_equal(r->disp_reject, 6);
	summary_rows_release(&rows);

	/* one domain, a later window: only g3 */
	window(&o, D0 + 8 * DAY, 1);
	o.domains[0] = "example.com";
	o.n_domains = 1;
	assert_int_equal(report_summary(st, &o, &rows, &err), 0);
	assert_int_equal(rows.n, 1);
	assert_int_equal(rows.v[0].messages, 100);
	assert_int_equal(rows.v[0].dmarc_pass, 0);
	assert_int_equal(rows.v[0].disp_reject, 100);
	summary_rows_release(&rows);
	fx_close(st);
}

static void
check_set(const struct strset *s, size_t n, const char *const *want)
{
	size_t i;

	assert_int_equal(s->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(s->v[i], want[i]);
}

static void
test_failures(void **state)
{
	static const char *const spf1[] = { "attacker.test", "mail.example.com" };
	static const char *const dkim1[] = { "attacker.test", "example.com" };
	static const char *const rep1[] = { "Microsoft", "google.com" };
	struct store *st;
	struct report_opts o;
	struct fail_rows rows;
	struct dr_err err = DR_ERR_INIT;
	struct fail_row *r;

	(void)state;
	assert_non_null(st = fx_open(1));
	window(&o, D0, 7);
	assert_int_equal(report_failures(st, &o, true, &rows, &err), 0);
	assert_int_equal(rows.n, 2);
	r = &rows.v[0];
	assert_string_equal(r->domain, "example.com");
	assert_string_equal(r->source_ip, "198.51.100.7");
	assert_int_equal(r->records, 2);
	assert_int_equal(r->messages, 8);
	assert_int_equal(r->dmarc_fail, 8);
	assert_int_equal(r->spf_fail, 8);
	assert_int_equal(r->dkim_fail, 8);
	assert_int_equal(r->disp_quarantine, 3);
	assert_int_equal(r->disp_reject, 5);
	assert_int_equal(r->align_diff, 3);	/* m1: SPF mail.example.com passed */
	assert_int_equal(r->first_seen, D0);
	assert_int_equal(r->last_seen, D0 + 2 * DAY);
	check_set(&r->spf_domains, 2, spf1);
	check_set(&r->dkim_domains, 2, dkim1);
	check_set(&r->reporters, 2, rep1);
	r = &rows.v[1];
	assert_string_equal(r->source_ip, "2001:db8::5");
	assert_int_equal(r->messages, 1);
	assert_int_equal(r->dmarc_fail, 1);
	assert_int_equal(r->align_diff, 0);
	assert_int_equal(r->spf_domains.n, 0);
	fail_rows_release(&rows);

	assert_int_equal(report_failures(st, &o, false, &rows, &err), 0);
	assert_int_equal(rows.n, 5);
	assert_string_equal(rows.v[2].source_ip, "192.0.2.1");
	assert_string_equal(rows.v[2].domain, "example.com");
	assert_int_equal(rows.v[2].messages, 12);
	assert_int_equal(rows.v[2].dmarc_fail, 0);
	assert_int_equal(rows.v[2].dkim_fail, 2);
	assert_string_equal(rows.v[3].domain, "example.org");
	assert_int_equal(rows.v[3].messages, 7);
	assert_int_equal(rows.v[3].spf_fail, 7);
	assert_int_equal(rows.v[3].align_diff, 7);	/* strict adkim */
	assert_string_equal(rows.v[4].source_ip, "203.0.113.9");
	assert_int_equal(rows.v[4].spf_fail, 4);
	fail_rows_release(&rows);

	/* a domain filter */
	o.domains[0] = "example.org";
	o.n_domains = 1;
	assert_int_equal(report_failures(st, &o, false, &rows, &err), 0);
	assert_int_equal(rows.n, 1);
	fail_rows_release(&rows);

	/* a record with 2 DKIM x 2 SPF results counts once (the join gives
	 * it four rows), its sets hold both domains, alignment uses all */
	assert_int_equal(sqlite3_exec(store_db(st), "INSERT INTO records(id, report,"
	    " source_ip, ip_version, count, disposition, dkim_eval, spf_eval,"
	    " header_from) VALUES (20, 3, '192.0.2.1', 4, 5, 'none', 'fail', 'fail',"
	    " 'example.org');"
	    " INSERT INTO dkim_results(record, seq, domain, result) VALUES"
	    " (20, 0, 'esp.test', 'pass'), (20, 1, 'example.org', 'pass');"
	    " INSERT INTO spf_results(record, seq, domain, scope, result) VALUES"
	    " (20, 0, 'esp.test', 'mfrom', 'pass'), (20, 1, 'example.org', 'helo', 'pass')",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(report_failures(st, &o, false, &rows, &err), 0);
	assert_int_equal(rows.n, 1);
	r = &rows.v[0];
	assert_int_equal(r->records, 2);
	assert_int_equal(r->messages, 12);
	assert_int_equal(r->dmarc_fail, 5);
	assert_int_equal(r->dkim_domains.n, 3);	/* + mail.example.org of record 6 */
	assert_int_equal(r->spf_domains.n, 2);
	/* strict adkim: example.org signature aligns, reporter said fail */
	assert_int_equal(r->align_diff, 7 + 5);
	fail_rows_release(&rows);
	fx_close(st);
}

/* The fields report_failures_lite() promises equal report_failures()'s. */
static void
same_sets(const struct strset *a, const struct strset *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

static void
check_lite(struct store *st, const struct report_opts *o, size_t want_n)
{
	struct fail_rows full, lite;
	struct dr_err err = DR_ERR_INIT;
	size_t i;

	assert_int_equal(report_failures(st, o, false, &full, &err), 0);
	assert_int_equal(report_failures_lite(st, o, &lite, &err), 0);
	assert_int_equal(full.n, want_n);
	assert_int_equal(lite.n, full.n);
	for (i = 0; i < full.n; i++) {
		assert_string_equal(lite.v[i].domain, full.v[i].domain);
		assert_string_equal(lite.v[i].source_ip, full.v[i].source_ip);
		assert_int_equal(lite.v[i].records, full.v[i].records);
		assert_int_equal(lite.v[i].messages, full.v[i].messages);
		assert_int_equal(lite.v[i].dmarc_fail, full.v[i].dmarc_fail);
		assert_int_equal(lite.v[i].spf_fail, full.v[i].spf_fail);
		assert_int_equal(lite.v[i].dkim_fail, full.v[i].dkim_fail);
		assert_int_equal(lite.v[i].forwarded, full.v[i].forwarded);
		assert_int_equal(lite.v[i].mailing_list, full.v[i].mailing_list);
		same_sets(&lite.v[i].header_from, &full.v[i].header_from);
		same_sets(&lite.v[i].spf_domains, &full.v[i].spf_domains);
		same_sets(&lite.v[i].dkim_domains, &full.v[i].dkim_domains);
	}
	fail_rows_release(&full);
	fail_rows_release(&lite);
}

/*
 * report_failures_lite() merges each report's records with one range of
 * result rows: the rows equal report_failures()'s, also when another
 * report's record (and its results and reasons) lies inside the range,
 * with several DKIM x SPF results, reasons, and a record without any.
 */
static void
test_failures_lite(void **state)
{
	struct store *st;
	struct report_opts o;

	(void)state;
	assert_non_null(st = fx_open(1));
	window(&o, D0, 7);
	check_lite(st, &o, 5);
	assert_int_equal(sqlite3_exec(store_db(st), "INSERT INTO records(id,"
	    " report, source_ip, ip_version, count, disposition, dkim_eval,"
	    " spf_eval, header_from) VALUES"
	    " (30, 1, '192.0.2.1', 4, 5, 'none', 'fail', 'fail', 'example.com'),"
	    " (31, 3, '192.0.2.1', 4, 6, 'none', 'fail', 'fail', 'example.org'),"
	    " (32, 1, '192.0.2.77', 4, 2, 'none', 'pass', 'fail', 'Example.COM'),"
	    " (33, 1, '192.0.2.1', 4, 0, 'none', 'fail', 'fail', 'example.com');"
	    " INSERT INTO dkim_results(record, seq, domain, result) VALUES"
	    " (30, 0, 'esp.test', 'pass'), (30, 1, 'example.com', 'fail'),"
	    " (31, 0, 'other.test', 'pass'), (33, 0, 'zero.test', 'pass');"
	    " INSERT INTO spf_results(record, seq, domain, scope, result) VALUES"
	    " (30, 0, 'bounce.esp.test', 'mfrom', 'pass'),"
	    " (30, 1, 'example.com', 'helo', 'pass'),"
	    " (31, 0, 'list.test', 'mfrom', 'pass'), (32, 0, NULL, 'mfrom', 'none');"
	    " INSERT INTO record_reasons(record, seq, type) VALUES"
	    " (30, 0, 'forwarded'), (30, 1, 'mailing_list'),"
	    " (31, 0, 'trusted_forwarder'), (32, 0, 'local_policy'),"
	    " (33, 0, 'mailing_list')",
	    NULL, NULL, NULL), SQLITE_OK);
	check_lite(st, &o, 6);
	o.domains[0] = "example.org";
	o.n_domains = 1;
	check_lite(st, &o, 1);
	o.n_domains = 0;
	window(&o, D0 + 6 * DAY, 3);	/* the window's edge */
	check_lite(st, &o, 2);
	fx_close(st);
}

static void
test_sources(void **state)
{
	struct store *st;
	struct report_opts o;
	struct ptr_opts po;
	struct ptr_stats ps;
	struct sources s;
	struct dr_err err = DR_ERR_INIT;

	(void)state;
	assert_non_null(st = fx_open(1));
	window(&o, D0, 7);
	memset(&po, 0, sizeof(po));
	po.no_dns = true;
	po.now = D0;
	assert_int_equal(report_sources(st, &o, &po, &s, &ps, &err), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.norgs, 1);
	assert_string_equal(s.orgs[0].org, "not looked up");
	assert_int_equal(s.orgs[0].messages, 32);
	assert_int_equal(s.orgs[0].dmarc_fail, 9);
	assert_string_equal(s.v[0].source_ip, "192.0.2.1");
	assert_int_equal(s.v[0].messages, 19);	/* merged across domains */
	assert_int_equal(s.v[0].domains.n, 2);
	assert_int_equal(s.v[0].align_diff, 7);
	sources_release(&s);

	/* with names in the cache: grouped by confirmed org */
	assert_int_equal(sqlite3_exec(store_db(st), "INSERT INTO ptr_cache VALUES"
	    " ('192.0.2.1', 'ok', 'a.mx.sender.test', 1, 3600, 0, 9999999999),"
	    " ('203.0.113.9', 'ok', 'b.mx.sender.test', 1, 3600, 0, 9999999999),"
	    " ('198.51.100.7', 'ok', 'mail.sender.test', 0, 3600, 0, 9999999999),"
	    " ('2001:db8::5', 'nxdomain', NULL, NULL, 3600, 0, 9999999999)",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(report_sources(st, &o, &po, &s, &ps, &err), 0);
	assert_int_equal(ps.cached, 4);
	assert_int_equal(s.norgs, 3);
	assert_string_equal(s.orgs[0].org, "sender.test");
	assert_int_equal(s.orgs[0].ips, 2);
	assert_int_equal(s.orgs[0].messages, 23);
	assert_string_equal(s.orgs[1].org, "sender.test (unconfirmed)");
	assert_int_equal(s.orgs[1].messages, 8);
	assert_string_equal(s.orgs[2].org, "(no PTR)");
	assert_string_equal(s.v[0].source_ip, "192.0.2.1");
	assert_string_equal(s.v[1].source_ip, "203.0.113.9");
	assert_string_equal(s.v[2].source_ip, "198.51.100.7");
	sources_release(&s);
	fx_close(st);
}

static void
test_stats_triggers(void **state)
{
	static const char check[] = "SELECT count(*) FROM report_stats s JOIN"
	    " (SELECT report, count(*) n, sum(count) m, sum(CASE WHEN dkim_eval ="
	    " 'pass' OR spf_eval = 'pass' THEN count ELSE 0 END) p,"
	    " sum(CASE WHEN disposition = 'reject' THEN count ELSE 0 END) rj"
	    " FROM records GROUP BY report) a ON a.report = s.report"
	    " WHERE s.records = a.n AND s.messages = a.m AND s.dmarc_pass = a.p"
	    " AND s.disp_reject = a.rj";
	struct store *st;

	(void)state;
	assert_non_null(st = fx_open(1));
	assert_int_equal(fx_q1(st, check), 5);
	assert_int_equal(fx_q1(st, "SELECT messages FROM report_stats WHERE report = 1"), 17);
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE records SET count = 20,"
	    " dkim_eval = 'fail', spf_eval = 'fail' WHERE id = 1", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(fx_q1(st, "SELECT messages FROM report_stats WHERE report = 1"), 27);
	assert_int_equal(fx_q1(st, "SELECT dmarc_pass FROM report_stats WHERE report = 1"), 2);
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM records WHERE id = 3",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fx_q1(st, "SELECT messages FROM report_stats WHERE report = 1"), 25);
	assert_int_equal(fx_q1(st, check), 5);
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM dkim_results;"
	    " DELETE FROM spf_results; DELETE FROM record_reasons;"
	    " DELETE FROM records WHERE report = 4; DELETE FROM reports WHERE id = 4",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fx_q1(st, "SELECT count(*) FROM report_stats WHERE report = 4"), 0);
	fx_close(st);
}

static void
test_strset(void **state)
{
	struct strset s = { NULL, 0, 0, false };
	char b[16];
	int i;

	(void)state;
	assert_int_equal(strset_add(&s, "b"), 0);
	assert_int_equal(strset_add(&s, "a"), 0);
	assert_int_equal(strset_add(&s, "b"), 0);
	assert_int_equal(strset_add(&s, ""), 0);
	assert_int_equal(strset_add(&s, NULL), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0], "a");
	assert_string_equal(s.v[1], "b");
	for (i = 0; i < STRSET_MAX + 10; i++) {
		snprintf(b, sizeof(b), "x%05d", i);
		assert_int_equal(strset_add(&s, b), 0);
	}
	assert_int_equal(s.n, STRSET_MAX);
	assert_true(s.truncated);
	strset_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_failures_lite),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_stats_triggers),
		cmocka_unit_test(test_strset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
