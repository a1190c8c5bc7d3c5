/* tests/unit/report/test_weekly.c -- report/query/weekly.c: the spread rule,
 * ISO weeks, and the page data over a small database, number by number;
 * plus html_write() over it (hostile strings stay inert). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tests/unit/report/fixture.h"
#include "report/html/html.h"
#include "report/query/failures.h"
#include "report/query/weekly.h"

#define D	86400
#define W46	1794182400	/* Monday 2026-11-09 00:00 UTC */

struct share_case {
	int64_t count, begin, end, from, to, want;
};

static const struct share_case shares[] = {
	/* a one-day report counts whole on its day, either end convention */
	{ 10, W46, W46 + D - 1, W46, W46 + D, 10 },
	{ 10, W46, W46 + D, W46, W46 + D, 10 },
	{ 10, W46, W46 + D, W46 + D, W46 + 2 * D, 0 },
	/* 7 over three days: cumulative floor gives 2, 2, 3 */
	{ 7, W46, W46 + 3 * D, W46, W46 + D, 2 },
	{ 7, W46, W46 + 3 * D, W46 + D, W46 + 2 * D, 2 },
	{ 7, W46, W46 + 3 * D, W46 + 2 * D, W46 + 3 * D, 3 },
	{ 7, W46, W46 + 3 * D, W46 - D, W46 + 9 * D, 7 },
	/* noon to noon: half in each day */
	{ 10, W46 + D / 2, W46 + 3 * D / 2, W46, W46 + D, 5 },
	{ 11, W46 + D / 2, W46 + 3 * D / 2, W46, W46 + D, 5 },
	{ 11, W46 + D / 2, W46 + 3 * D / 2, W46 + D, W46 + 2 * D, 6 },
	/* zero-length report: the day holding its instant */
	{ 4, W46 + 5, W46 + 5, W46, W46 + D, 4 },
	{ 4, W46 + D, W46 + D, W46, W46 + D, 0 },
	/* huge counts do not overflow */
	{ INT64_MAX - 1, 0, 3 * D, 0, D, (INT64_MAX - 1) / 3 },
	/* INT64_MAX is a sum not known (util/count.h): so is any share of it */
	{ INT64_MAX, 0, 3 * D, 0, D, INT64_MAX },
	{ INT64_MAX, 0, 3 * D, 3 * D, 4 * D, 0 },
	{ 0, W46, W46 + D, W46, W46 + D, 0 },
	{ 5, W46, W46 + D, W46 + D, W46, 0 },
};

static void
test_share(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
		const struct share_case *c = &shares[i];
		int64_t got = weekly_share(c->count, c->begin, c->end, c->from, c->to);

		if (got != c->want)
			fail_msg("case %zu: got %lld want %lld", i, (long long)got,
			    (long long)c->want);
	}
}

static void
test_isoweek(void **state)
{
	static const struct { const char *s; int64_t monday; } ok[] = {
		{ "2026-W46", W46 },
		{ "2026-w46", W46 },
		{ "2025-W01", 1735516800 },	/* 2024-12-30 */
		{ "2020-W53", 1609113600 },	/* 2020-12-28 */
		{ "2026-W01", 1766966400 },	/* 2025-12-29 */
	};
	static const char *const bad[] = { "2021-W53", "2026-W00", "2026-W54",
	    "2026W46", "2026-46", "x026-W46", "", "2026-W4", "2026-W466" };
	char out[16];
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(weekly_parse_isoweek(ok[i].s, &t), 0);
		assert_int_equal(t, ok[i].monday);
		weekly_fmt_isoweek(t + 6 * D + 3600, out, sizeof(out));
		if (ok[i].s[5] == 'W')
			assert_string_equal(out, ok[i].s);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(weekly_parse_isoweek(bad[i], &t), -1);
	weekly_fmt_isoweek(1609632000, out, sizeof(out));	/* 2021-01-03 */
	assert_string_equal(out, "2020-W53");
}

/*
 * The database: a.example with a Google report on Monday (100 pass from
 * 1.1.1.1, 7 fail from 2.2.2.2), a Yahoo report from Sunday noon to
 * Monday noon of the next week (30 pass, 10 fail from 3.3.3.3: half of
 * each in the window), a hostile reporter on Wednesday (2 fail from
 * 2.2.2.2, 1 from 4.4.4.4 marked forwarded) and last week's report (50
 * pass, 50 fail); b.example with one report on Tuesday; c.example only
 * five weeks ago (not shown).  Plus the ingest log.
 */
static const char fixture[] =
"INSERT INTO messages(id, source_key, path, sha256, size, outcome, reason, detail,"
"  ingested_at) VALUES"
" (1, 'k1', '/md/new/1', 'x', 1, 'stored', NULL, NULL, 1794300000),"
" (2, 'k2', '/md/new/<b>2', 'y', 1, 'rejected', 'gzip-corrupt', 'bad <i>', 1794300100),"
" (3, 'k3', '/md/new/3', 'z', 1, 'not_report', 'no-report', NULL, 1794300200),"
" (4, 'k4', '/md/new/4', 'w', 1, 'stored', NULL, NULL, 1794000000);"
"INSERT INTO ingest_log(message, part, outcome, reason, detail) VALUES"
" (1, 'a.xml.gz', 'rejected', 'xml-malformed', 'line 3');"
"INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin, date_end,"
"  policy_domain, p, sp, pct, digest, ingested_at) VALUES"
" (1, 'google.com', 'google.com', 'g1', 'rfc7489', 1794182400, 1794268799,"
"  'a.example', 'none', NULL, 100, 'd1', 0),"
" (2, 'Yahoo', 'yahoo', 'y1', 'rfc7489', 1794744000, 1794830400,"
"  'a.example', 'none', 'reject', NULL, 'd2', 0),"
" (3, '<script>alert(1)</script>', '<script>alert(1)</script>', 'x1', 'rfc7489',"
"  1794355200, 1794441599, 'a.example', 'quarantine', NULL, NULL, 'd3', 0),"
" (4, 'google.com', 'google.com', 'g0', 'rfc7489', 1793577600, 1793663999,"
"  'a.example', 'none', NULL, NULL, 'd4', 0),"
" (5, 'GOOGLE.COM', 'google.com', 'g2', 'rfc7489', 1794268800, 1794355199,"
"  'b.example', 'reject', NULL, NULL, 'd5', 0),"
" (6, 'google.com', 'google.com', 'g3', 'rfc7489', 1791158400, 1791244799,"
"  'c.example', 'reject', NULL, NULL, 'd6', 0);"
"INSERT INTO records(id, report, source_ip, ip_version, count, disposition,"
"  dkim_eval, spf_eval, header_from) VALUES"
" (1, 1, '1.1.1.1', 4, 100, 'none', 'pass', 'pass', 'a.example'),"
" (2, 1, '2.2.2.2', 4, 7, 'none', 'fail', 'fail', 'a.example'),"
" (3, 2, '1.1.1.1', 4, 30, 'none', 'pass', 'fail', 'a.example'),"
" (4, 2, '3.3.3.3', 4, 10, 'quarantine', 'fail', 'fail', 'a.example'),"
" (5, 3, '2.2.2.2', 4, 2, 'reject', 'fail', 'fail', '\"><script>x</script>'),"
" (6, 3, '4.4.4.4', 4, 1, NULL, NULL, NULL, 'a.example'),"
" (7, 4, '1.1.1.1', 4, 50, 'none', 'pass', 'pass', 'a.example'),"
" (8, 4, '5.5.5.5', 4, 50, 'none', 'fail', 'fail', 'a.example'),"
" (9, 5, '6.6.6.6', 4, 20, 'none', 'pass', 'pass', 'b.example'),"
" (10, 6, '6.6.6.6', 4, 20, 'none', 'pass', 'pass', 'c.example');"
"INSERT INTO dkim_results(record, domain, selector, result) VALUES"
" (1, 'a.example', 's1', 'pass'), (2, 'a.example', 's1', 'fail'),"
" (4, 'other.example', 'k', 'pass'), (3, 'mail.a.example', 's2', 'pass'),"
" (9, 'b.example', 'google', 'pass'),"
/* named only by last week's report: not in use this week */
" (7, 'a.example', 'old', 'pass');"
"INSERT INTO spf_results(record, seq, domain, scope, result) VALUES"
" (2, 0, 'a.example', 'mfrom', 'softfail'), (4, 0, 'bounce.other', 'mfrom', 'pass'),"
" (5, 0, 'a.example', 'mfrom', 'fail'), (5, 1, 'helo.x', 'helo', 'pass');"
"INSERT INTO record_reasons(record, type, comment) VALUES (6, 'forwarded', '');";

static struct store *
open_fixture(void)
{
	struct store *st = fx_open(0);
	struct dr_err err = DR_ERR_INIT;
	char *msg = NULL;

	assert_non_null(st);
	if (sqlite3_exec(store_db(st), fixture, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("fixture: %s", msg);
	/* records written by hand: derive what dmarc-ingest writes */
	assert_int_equal(store_rebuild_derived(st, &err), 0);
	assert_int_equal(fx_q1(st, "SELECT sum(messages) FROM report_stats"), 290);
	return st;
}

static void
test_build(void **state)
{
	struct store *st = open_fixture();
	struct dr_err err = DR_ERR_INIT;
	struct weekly_opts o = { W46, W46 + 7 * D, NULL, 0, 1794400000, 0, NULL };
	struct weekly *w = NULL;
	const struct weekly_domain *a, *b;
	const struct weekly_source *s;

	(void)state;
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	assert_int_equal(w->ndays, 7);
	assert_int_equal(w->reports, 4);
	assert_int_equal(w->prev_reports, 1);
	/* 107 + (15 + 5) + 3 + 20 */
	assert_int_equal(w->msgs, 150);
	assert_int_equal(w->pass, 135);
	assert_int_equal(w->prev_msgs, 100);
	assert_int_equal(w->prev_pass, 50);
	assert_int_equal(w->n_domains, 2);
	a = &w->domains[0];
	b = &w->domains[1];
	assert_string_equal(a->name, "a.example");
	assert_string_equal(b->name, "b.example");
	assert_int_equal(a->reports, 3);
	assert_int_equal(a->pass, 115);
	assert_int_equal(a->fail, 15);
	assert_int_equal(a->days[0].pass, 100);
	assert_int_equal(a->days[0].fail, 7);
	assert_int_equal(a->days[2].pass, 0);
	assert_int_equal(a->days[2].fail, 3);
	assert_int_equal(a->days[6].pass, 15);
	assert_int_equal(a->days[6].fail, 5);
	assert_int_equal(a->days[6].start, W46 + 6 * D);
	assert_int_equal(a->disp_none, 107 + 15);
	assert_int_equal(a->disp_quarantine, 5);
	assert_int_equal(a->disp_reject, 2);
	assert_int_equal(a->disp_other, 1);
	assert_int_equal(a->prev_pass, 50);
	assert_int_equal(a->prev_fail, 50);
	assert_int_equal(a->hist_pass[0], 115);
	assert_int_equal(a->hist_fail[0], 15);
	assert_int_equal(a->hist_pass[1], 50);
	assert_int_equal(a->hist_pass[2], 0);
	/* latest report's policy: the Yahoo one */
	assert_string_equal(a->rep_p, "none");
	assert_string_equal(a->rep_sp, "reject");
	assert_int_equal(a->rep_pct, -1);
	/* sources: 2.2.2.2 (7 + 2), 3.3.3.3 (5 of 10), 4.4.4.4 (1) */
	assert_int_equal(a->n_sources, 3);
	s = &a->sources[0];
	assert_string_equal(s->ip, "2.2.2.2");
	assert_int_equal(s->msgs, 9);
	assert_int_equal(s->what, WF_DKIM_FAIL | WF_DKIM_NONE | WF_SPF_SOFTFAIL |
	    WF_SPF_FAIL);
	assert_int_equal(s->n_reporters, 2);
	assert_string_equal(w->reporters[s->reporters[0]].name, "GOOGLE.COM");
	assert_string_equal(w->reporters[s->reporters[1]].name,
	    "<script>alert(1)</script>");
	assert_int_equal(s->spf_today, -1);
	assert_true(s->detailed);
	assert_int_equal(s->n_sample, 2);
	assert_int_equal(s->sample[0][1], 2);	/* (report, record) */
	assert_int_equal(s->sample[1][1], 5);
	s = &a->sources[1];
	assert_string_equal(s->ip, "3.3.3.3");
	assert_int_equal(s->msgs, 5);
	assert_int_equal(s->what, WF_DKIM_UNALIGNED | WF_SPF_UNALIGNED);
	s = &a->sources[2];
	assert_string_equal(s->ip, "4.4.4.4");
	assert_int_equal(s->msgs, 1);
	assert_int_equal(s->what, WF_DKIM_NONE | WF_SPF_NONE | WF_FORWARDED);
	assert_int_equal(a->sources[0].msgs + a->sources[1].msgs + a->sources[2].msgs,
	    a->fail);
	/* selectors in use: a.example/s1 (2 records), mail.a.example/s2;
	 * not other.example/k (not under a.example), not a.example/old
	 * (last week's report only) */
	assert_int_equal(a->n_selectors, 2);
	assert_string_equal(a->selectors[0].domain, "a.example");
	assert_string_equal(a->selectors[0].selector, "s1");
	assert_string_equal(a->selectors[1].selector, "s2");
	assert_int_equal(b->n_selectors, 1);
	assert_int_equal(b->pass, 20);
	assert_int_equal(b->n_sources, 0);
	/* senders that pass: 1.1.1.1 (100 + 15 of 30, SPF aligned in the
	 * first report only); they add up to the domain's passing messages */
	assert_int_equal(a->n_passers, 1);
	assert_int_equal(a->passers_total, 1);
	assert_string_equal(a->passers[0].ip, "1.1.1.1");
	assert_int_equal(a->passers[0].msgs, 115);
	assert_int_equal(a->passers[0].msgs, a->pass);
	assert_int_equal(a->passers[0].dkim_aligned, 115);
	assert_int_equal(a->passers[0].spf_aligned, 100);
	assert_null(a->passers[0].ptr);
	assert_int_equal(a->passers_rest, 0);
	assert_int_equal(b->n_passers, 1);
	assert_string_equal(b->passers[0].ip, "6.6.6.6");
	assert_int_equal(b->passers[0].msgs, 20);
	/* reporters: google.com (3 reports, 127), Yahoo 20, hostile 3 */
	assert_int_equal(w->n_reporters, 3);
	assert_string_equal(w->reporters[0].name, "GOOGLE.COM");
	assert_int_equal(w->reporters[0].reports, 2);
	assert_int_equal(w->reporters[0].msgs, 127);
	assert_string_equal(w->reporters[1].name, "Yahoo");
	assert_int_equal(w->reporters[1].msgs, 20);
	assert_int_equal(w->reporters[2].msgs, 3);
	/* ingest log from W46 to now: messages 1-3 */
	assert_int_equal(w->in_total, 3);
	assert_int_equal(w->in_stored, 1);
	assert_int_equal(w->in_rejected, 1);
	assert_int_equal(w->in_not_report, 1);
	/* inputs set aside (sql/report/inputs-set-aside.sql, as `reports`):
	 * the message that is not a report counts too, newest first */
	assert_int_equal(w->rejects_total, 3);
	assert_int_equal(w->n_rejects, 3);
	assert_string_equal(w->rejects[0].path, "/md/new/3");
	assert_string_equal(w->rejects[0].outcome, "not_report");
	assert_string_equal(w->rejects[1].path, "/md/new/<b>2");
	assert_string_equal(w->rejects[1].reason, "gzip-corrupt");
	assert_null(w->rejects[1].part);
	assert_string_equal(w->rejects[2].part, "a.xml.gz");
	assert_string_equal(w->rejects[2].reason, "xml-malformed");
	weekly_free(w);
	fx_close(st);
}

/* Only the top pass_top passing senders are kept, with the rest counted. */
static void
test_passers_top(void **state)
{
	struct store *st = open_fixture();
	struct dr_err err = DR_ERR_INIT;
	struct weekly_opts o = { W46, W46 + 7 * D, NULL, 0, 1794400000, 1, NULL };
	struct weekly *w = NULL;
	const struct weekly_domain *b;

	(void)state;
	assert_int_equal(sqlite3_exec(store_db(st), "INSERT INTO records(id,"
	    " report, source_ip, ip_version, count, disposition, dkim_eval,"
	    " spf_eval) VALUES (11, 5, '7.7.7.7', 4, 5, 'none', 'fail', 'pass'),"
	    " (12, 5, '8.8.8.8', 4, 30, 'none', 'pass', 'fail')",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_rebuild_derived(st, &err), 0);
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	b = &w->domains[1];
	assert_string_equal(b->name, "b.example");
	assert_int_equal(b->pass, 55);
	assert_int_equal(b->passers_total, 3);
	assert_int_equal(b->n_passers, 1);
	assert_string_equal(b->passers[0].ip, "8.8.8.8");
	assert_int_equal(b->passers[0].msgs, 30);
	assert_int_equal(b->passers[0].dkim_aligned, 30);
	assert_int_equal(b->passers[0].spf_aligned, 0);
	assert_int_equal(b->passers_rest, 25);
	weekly_free(w);
	fx_close(st);
}

static void
test_filter_and_empty(void **state)
{
	struct store *st = open_fixture();
	struct dr_err err = DR_ERR_INIT;
	const char *doms[] = { "b.example", "nothing.example" };
	struct weekly_opts o = { W46, W46 + 7 * D, doms, 2, W46, 0, NULL };
	struct weekly *w = NULL;

	(void)state;
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	assert_int_equal(w->n_domains, 2);
	assert_string_equal(w->domains[0].name, "b.example");
	assert_int_equal(w->domains[0].pass, 20);
	assert_string_equal(w->domains[1].name, "nothing.example");
	assert_int_equal(w->domains[1].reports, 0);
	assert_int_equal(w->reports, 1);
	assert_int_equal(w->n_reporters, 1);
	weekly_free(w);
	/* a week with nothing */
	o.start = W46 + 70 * D;
	o.end = o.start + 7 * D;
	o.domains = NULL;
	o.n_domains = 0;
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	assert_int_equal(w->reports, 0);
	assert_int_equal(w->n_domains, 0);
	assert_int_equal(w->msgs, 0);
	weekly_free(w);
	/* a bad window */
	o.end = o.start + D / 2;
	assert_int_equal(weekly_build(&w, st, &o, &err), -1);
	assert_null(w);
	assert_int_equal(err.reason, R_USAGE);
	fx_close(st);
}

static void
same_set(const struct strset *a, const struct strset *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

/*
 * The evidence weekly_build() gathers for the detailed sources from its
 * own scan equals report_failures()'s row of (domain, IP) over the
 * window: passing records of a failing IP (their DKIM domain and
 * reason), a record of count 0 (no share of the window) in a report
 * that crosses the window's end, a mailing_list reason.
 */
static void
test_evidence(void **state)
{
	struct store *st = open_fixture();
	struct dr_err err = DR_ERR_INIT;
	struct weekly_opts o = { W46, W46 + 7 * D, NULL, 0, 1794400000, 0, NULL };
	struct report_opts ro;
	struct weekly *w = NULL;
	struct fail_rows rows;
	const struct weekly_source *s;
	const struct fail_row *r, *e;
	size_t i, j, k, n = 0;

	(void)state;
	assert_int_equal(sqlite3_exec(store_db(st),
	    "INSERT INTO records(id, report, source_ip, ip_version, count,"
	    " disposition, dkim_eval, spf_eval, header_from) VALUES"
	    " (11, 1, '2.2.2.2', 4, 4, 'none', 'pass', 'fail', 'A.example'),"
	    " (12, 2, '3.3.3.3', 4, 0, 'none', 'fail', 'fail', 'a.example'),"
	    " (13, 3, '2.2.2.2', 4, 3, 'none', 'fail', 'fail', 'a.example');"
	    "INSERT INTO dkim_results(record, seq, domain, selector, result)"
	    " VALUES (11, 0, 'esp.example', 'k1', 'pass'),"
	    " (12, 0, 'zero.example', 'k2', 'fail'),"
	    " (13, 0, 'list.example', 'k3', 'fail');"
	    "INSERT INTO record_reasons(record, seq, type, comment) VALUES"
	    " (13, 0, 'mailing_list', ''), (11, 0, 'trusted_forwarder', '')",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_rebuild_derived(st, &err), 0);
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	memset(&ro, 0, sizeof(ro));
	ro.win_start = o.start;
	ro.win_end = o.end;
	assert_int_equal(report_failures(st, &ro, false, &rows, &err), 0);
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < w->domains[i].n_sources; j++) {
			s = &w->domains[i].sources[j];
			if (!s->detailed)
				continue;
			assert_non_null(e = s->evidence);
			for (r = NULL, k = 0; k < rows.n; k++)
				if (strcmp(rows.v[k].domain, w->domains[i].name) == 0 &&
				    strcmp(rows.v[k].source_ip, s->ip) == 0)
					r = &rows.v[k];
			assert_non_null(r);
			assert_int_equal(e->records, r->records);
			assert_int_equal(e->messages, r->messages);
			assert_int_equal(e->dmarc_fail, r->dmarc_fail);
			assert_int_equal(e->forwarded, r->forwarded);
			assert_int_equal(e->mailing_list, r->mailing_list);
			same_set(&e->header_from, &r->header_from);
			same_set(&e->dkim_domains, &r->dkim_domains);
			same_set(&e->spf_domains, &r->spf_domains);
			n++;
		}
	assert_int_equal(n, 3);	/* a.example: 2.2.2.2, 3.3.3.3, 4.4.4.4 */
	fail_rows_release(&rows);
	weekly_free(w);
	fx_close(st);
}

static void
test_page(void **state)
{
	struct store *st = open_fixture();
	struct dr_err err = DR_ERR_INIT;
	struct weekly_opts o = { W46, W46 + 7 * D, NULL, 0, 1794400000, 0, NULL };
	struct weekly *w = NULL;
	struct html_page pg;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	assert_int_equal(weekly_build(&w, st, &o, &err), 0);
	memset(&pg, 0, sizeof(pg));
	pg.w = w;
	pg.label = "2026-W46";
	pg.generated = 1794400000;
	assert_non_null(fp = open_memstream(&out, &len));
	assert_int_equal(html_write(fp, &pg), 0);
	fclose(fp);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "<i>"));
	assert_non_null(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(out, "/md/new/&lt;b&gt;2"));
	assert_non_null(strstr(out, "<dd id=\"k-messages\">150</dd>"));
	assert_non_null(strstr(out, "<dd id=\"k-reports\">4</dd>"));
	assert_non_null(strstr(out, "<strong id=\"rate-1\">88.4&#8239;%</strong>"));
	assert_non_null(strstr(out, "<tr><th scope=\"row\">Sun 2026-11-15</th>"
	    "<td class=\"n\">20</td><td class=\"n\">15</td><td class=\"n\">5</td>"));
	assert_non_null(strstr(out, "DNS checks not run (--no-dns)"));
	assert_non_null(strstr(out, "<title>DMARC weekly summary 2026-W46</title>"));
	free(out);
	weekly_free(w);
	fx_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_isoweek),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_passers_top),
		cmocka_unit_test(test_filter_and_empty),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
