/*
 * report/query/weekly_src.c -- the record-level parts of the weekly data: top
 * failing sources, DKIM selectors in use, and the ingest log.
 *
 * Design rationale: only the window's reports are visited, one prepared
 * statement reset per report, so the cost follows the week's records and
 * not the database's.  The failing messages a report puts into the window
 * (weekly.c) are shared out among its failing records with the same
 * cumulative floor rule as the days, so the sources add up exactly to the
 * domain's failures (weekly.h).
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/weekly_int.h"

static const char sql_failing[] =
	"SELECT c.source_ip, c.count, c.id FROM records c WHERE c.report = ?1"
	" AND NOT (coalesce(c.dkim_eval, '') = 'pass' OR"
	" coalesce(c.spf_eval, '') = 'pass') ORDER BY c.id";

static const char sql_detail[] =
	"SELECT (SELECT group_concat(DISTINCT d.result) FROM dkim_results d"
	"   WHERE d.record = c.id),"
	" (SELECT group_concat(DISTINCT s.result) FROM spf_results s"
	"   WHERE s.record = c.id AND coalesce(s.scope, 'mfrom') = 'mfrom'),"
	" EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id AND"
	"   x.type IN ('forwarded', 'mailing_list', 'trusted_forwarder'))"
	" FROM records c WHERE c.id = ?1";

/* Maps a comma-joined list of result words to what-failed bits. */
static unsigned
what_bits(const char *list, bool is_dkim)
{
	unsigned bits = 0;
	const char *p = list, *q;
	size_t n;

	if (list == NULL || *list == '\0')
		return is_dkim ? WF_DKIM_NONE : WF_SPF_NONE;
	while (*p != '\0') {
		q = strchr(p, ',');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n == 4 && strncmp(p, "none", 4) == 0)
			bits |= is_dkim ? WF_DKIM_NONE : WF_SPF_NONE;
		else if (n == 4 && strncmp(p, "fail", 4) == 0)
			bits |= is_dkim ? WF_DKIM_FAIL : WF_SPF_FAIL;
		else if (n == 4 && strncmp(p, "pass", 4) == 0)
			bits |= is_dkim ? WF_DKIM_UNALIGNED : WF_SPF_UNALIGNED;
		else if (!is_dkim && n == 8 && strncmp(p, "softfail", 8) == 0)
			bits |= WF_SPF_SOFTFAIL;
		else
			bits |= is_dkim ? WF_DKIM_TEMP : WF_SPF_TEMP;
		p += n;
		if (*p == ',')
			p++;
	}
	return bits;
}

static int
source_get(struct build *bd, size_t di, const char *ip, struct weekly_source **out)
{
	struct weekly_domain *d = &bd->w->domains[di];
	struct dsrc *ds = &bd->srcs[di];
	struct weekly_source *src;
	size_t i;

	if (weekly_map_get(&ds->map, ip, &i)) {
		*out = &d->sources[i];
		return 0;
	}
	if (weekly_grow(&d->sources, &ds->cap, d->n_sources, sizeof(*d->sources)) == -1)
		return dr_fail(bd->err, R_NOMEM, "sources");
	src = &d->sources[d->n_sources];
	memset(src, 0, sizeof(*src));
	src->spf_today = -1;
	if ((src->ip = strdup(ip)) == NULL ||
	    weekly_map_put(&ds->map, src->ip, d->n_sources) == -1) {
		free(src->ip);
		src->ip = NULL;
		return dr_fail(bd->err, R_NOMEM, "source");
	}
	d->n_sources++;
	*out = src;
	return 0;
}

static int
source_add_reporter(struct weekly_source *src, size_t ri)
{
	size_t i;

	for (i = 0; i < src->n_reporters; i++)
		if (src->reporters[i] == ri)
			return 0;
	if (weekly_grow(&src->reporters, &src->cap_reporters, src->n_reporters,
	    sizeof(*src->reporters)) == -1)
		return -1;
	src->reporters[src->n_reporters++] = ri;
	return 0;
}

/* One report's failing records into its domain's sources. */
static int
report_sources(struct build *bd, sqlite3_stmt *s, const struct wrep *r)
{
	struct weekly_source *src = NULL;
	__int128 fw = r->fail_win, fa = r->fail_all;
	int64_t cum = 0, cnt, share;
	const char *ip;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, r->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ip = (const char *)sqlite3_column_text(s, 0);
		cnt = sqlite3_column_int64(s, 1);
		if (ip == NULL || cnt <= 0)
			continue;
		share = (int64_t)(fw * cum / fa);
		cum = cnt > r->fail_all - cum ? r->fail_all : cum + cnt;
		share = (int64_t)(fw * cum / fa) - share;
		if (share == 0)
			continue;
		if (source_get(bd, r->dom, ip, &src) == -1)
			return -1;
		src->msgs += share;
		if (src->n_sample < WEEKLY_SAMPLE)
			src->sample[src->n_sample++] = sqlite3_column_int64(s, 2);
		if (source_add_reporter(src, r->rep) == -1)
			return dr_fail(bd->err, R_NOMEM, "source reporters");
	}
	if (rc != SQLITE_DONE)
		return weekly_db_fail(bd, "failing records");
	return 0;
}

int
weekly_read_sources(struct build *bd)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int ret = -1;

	if (sqlite3_prepare_v2(bd->db, sql_failing, -1, &s, NULL) != SQLITE_OK)
		return weekly_db_fail(bd, "failing records");
	for (i = 0; i < bd->n_wr; i++) {
		if (bd->wr[i].fail_win <= 0 || bd->wr[i].fail_all <= 0)
			continue;
		if (report_sources(bd, s, &bd->wr[i]) == -1)
			goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	return ret;
}

/* "What failed" for the top sources of each domain (sorted already). */
int
weekly_read_details(struct build *bd)
{
	struct weekly_source *src;
	sqlite3_stmt *s = NULL;
	size_t i, j, k;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(bd->db, sql_detail, -1, &s, NULL) != SQLITE_OK)
		return weekly_db_fail(bd, "source details");
	for (i = 0; i < bd->w->n_domains; i++)
		for (j = 0; j < bd->w->domains[i].n_sources && j < WEEKLY_DETAIL; j++) {
			src = &bd->w->domains[i].sources[j];
			src->detailed = true;
			for (k = 0; k < src->n_sample; k++) {
				sqlite3_reset(s);
				sqlite3_bind_int64(s, 1, src->sample[k]);
				if ((rc = sqlite3_step(s)) == SQLITE_DONE)
					continue;
				if (rc != SQLITE_ROW) {
					weekly_db_fail(bd, "source details");
					goto done;
				}
				src->what |= what_bits((const char *)
				    sqlite3_column_text(s, 0), true);
				src->what |= what_bits((const char *)
				    sqlite3_column_text(s, 1), false);
				if (sqlite3_column_int(s, 2))
					src->what |= WF_FORWARDED;
			}
		}
	ret = 0;
done:
	sqlite3_finalize(s);
	return ret;
}

static const char sql_pairs[] =
	"SELECT DISTINCT domain, selector FROM report_selectors"
	" ORDER BY domain, selector";

/* Is the pair named by a window report about the domain?  An exact
 * answer from report_selectors: one seek per report naming the pair. */
static const char sql_pair_used[] =
	"SELECT 1 FROM report_selectors s JOIN reports r ON r.id = s.report"
	" WHERE s.domain = ?1 AND s.selector = ?2"
	" AND r.policy_domain = ?3 AND r.date_begin < ?5 AND (r.date_end > ?4 OR"
	" (r.date_end = r.date_begin AND r.date_begin >= ?4)) LIMIT 1";

/* True when a is b or a subdomain of b. */
static bool
is_under(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la == lb)
		return strcmp(a, b) == 0;
	return la > lb && a[la - lb - 1] == '.' && strcmp(a + la - lb, b) == 0;
}

static int
selector_add(struct weekly_domain *d, const char *dom, const char *sel)
{
	struct weekly_selector *ws;

	if (d->n_selectors == WEEKLY_MAX_SELECTORS)
		return 0;
	if (d->selectors == NULL &&
	    (d->selectors = calloc(WEEKLY_MAX_SELECTORS, sizeof(*d->selectors))) == NULL)
		return -1;
	ws = &d->selectors[d->n_selectors];
	ws->domain = strdup(dom);
	ws->selector = strdup(sel);
	if (ws->domain == NULL || ws->selector == NULL) {
		free(ws->domain);
		free(ws->selector);
		ws->domain = ws->selector = NULL;
		return -1;
	}
	d->n_selectors++;
	return 0;
}

/* 1 when a window report about d names (dom, sel), 0 when not, -1 error. */
static int
pair_used(struct build *bd, sqlite3_stmt *s, const struct weekly_domain *d,
    const char *dom, const char *sel)
{
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, dom, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, bd->w->start);
	sqlite3_bind_int64(s, 5, bd->w->end);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Probes per domain at most; hostile reports can name many selectors. */
#define SELECTOR_PROBES	256

int
weekly_read_selectors(struct build *bd)
{
	struct weekly_domain *d;
	sqlite3_stmt *pairs = NULL, *used = NULL;
	const char *dom, *sel;
	size_t i, *probes = NULL;
	int rc, u, ret = -1;

	if (bd->w->n_domains == 0)
		return 0;
	if ((probes = calloc(bd->w->n_domains, sizeof(*probes))) == NULL)
		return dr_fail(bd->err, R_NOMEM, "selectors");
	if (sqlite3_prepare_v2(bd->db, sql_pairs, -1, &pairs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(bd->db, sql_pair_used, -1, &used, NULL) != SQLITE_OK) {
		weekly_db_fail(bd, "dkim selectors");
		goto done;
	}
	while ((rc = sqlite3_step(pairs)) == SQLITE_ROW) {
		dom = (const char *)sqlite3_column_text(pairs, 0);
		sel = (const char *)sqlite3_column_text(pairs, 1);
		if (dom == NULL || sel == NULL)
			continue;
		for (i = 0; i < bd->w->n_domains; i++) {
			d = &bd->w->domains[i];
			if (d->reports == 0 || probes[i] == SELECTOR_PROBES ||
			    !(is_under(dom, d->name) || is_under(d->name, dom)))
				continue;
			probes[i]++;
			if ((u = pair_used(bd, used, d, dom, sel)) == -1) {
				weekly_db_fail(bd, "dkim selectors");
				goto done;
			}
			if (u == 1 && selector_add(d, dom, sel) == -1) {
				dr_fail(bd->err, R_NOMEM, "selectors");
				goto done;
			}
		}
	}
	if (rc != SQLITE_DONE) {
		weekly_db_fail(bd, "dkim selectors");
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(pairs);
	sqlite3_finalize(used);
	free(probes);
	return ret;
}

static const char sql_in_counts[] =
	"SELECT outcome, count(*) FROM messages"
	" WHERE ingested_at >= ?1 AND ingested_at <= ?2 GROUP BY outcome";

static const char sql_in_list[] =
	"SELECT m.path, NULL, m.outcome, m.reason, m.detail, m.ingested_at"
	" FROM messages m WHERE m.ingested_at >= ?1 AND m.ingested_at <= ?2"
	" AND m.outcome IN ('rejected', 'conflict')"
	" UNION ALL"
	" SELECT m.path, l.part, l.outcome, l.reason, l.detail, m.ingested_at"
	" FROM ingest_log l JOIN messages m ON m.id = l.message"
	" WHERE m.ingested_at >= ?1 AND m.ingested_at <= ?2"
	" AND l.outcome IN ('rejected', 'conflict')"
	" AND m.outcome NOT IN ('rejected', 'conflict')"
	" ORDER BY 6 DESC, 1, 2";

static int
read_counts(struct build *bd)
{
	struct weekly *w = bd->w;
	sqlite3_stmt *s = NULL;
	const char *o;
	int64_t n;
	int rc;

	if (sqlite3_prepare_v2(bd->db, sql_in_counts, -1, &s, NULL) != SQLITE_OK)
		return weekly_db_fail(bd, "ingest counts");
	sqlite3_bind_int64(s, 1, w->start);
	sqlite3_bind_int64(s, 2, w->now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o = (const char *)sqlite3_column_text(s, 0);
		n = sqlite3_column_int64(s, 1);
		w->in_total += n;
		if (o == NULL)
			continue;
		if (strcmp(o, "stored") == 0)
			w->in_stored += n;
		else if (strcmp(o, "duplicate") == 0)
			w->in_duplicate += n;
		else if (strcmp(o, "conflict") == 0)
			w->in_conflict += n;
		else if (strcmp(o, "not_report") == 0)
			w->in_not_report += n;
		else if (strcmp(o, "rejected") == 0)
			w->in_rejected += n;
	}
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(s);
		return weekly_db_fail(bd, "ingest counts");
	}
	sqlite3_finalize(s);
	return 0;
}

int
weekly_read_inputs(struct build *bd)
{
	struct weekly *w = bd->w;
	struct weekly_reject *r;
	sqlite3_stmt *s = NULL;
	int rc, ret = -1;

	if (read_counts(bd) == -1)
		return -1;
	if (sqlite3_prepare_v2(bd->db, sql_in_list, -1, &s, NULL) != SQLITE_OK)
		return weekly_db_fail(bd, "rejected inputs");
	sqlite3_bind_int64(s, 1, w->start);
	sqlite3_bind_int64(s, 2, w->now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		w->rejects_total++;
		if (w->n_rejects == WEEKLY_MAX_REJECTS)
			continue;
		if (w->rejects == NULL && (w->rejects = calloc(WEEKLY_MAX_REJECTS,
		    sizeof(*w->rejects))) == NULL) {
			dr_fail(bd->err, R_NOMEM, "rejected inputs");
			goto done;
		}
		r = &w->rejects[w->n_rejects++];
		r->path = weekly_dupcol(s, 0);
		r->part = weekly_dupcol(s, 1);
		r->outcome = weekly_dupcol(s, 2);
		r->reason = weekly_dupcol(s, 3);
		r->detail = weekly_dupcol(s, 4);
		r->at = sqlite3_column_int64(s, 5);
	}
	if (rc != SQLITE_DONE) {
		weekly_db_fail(bd, "rejected inputs");
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(s);
	return ret;
}
