/*
 * report/query/summary.c -- per policy domain totals over a window (see
 * failures.h).
 *
 * Design rationale: summing millions of records at report time is too slow
 * for a 30-day, all-domain summary, so the sums come from report_stats
 * (sql/migrations/0002-dns-cache.sql), one row per report written by the
 * ingest (migration 4).  Reports without that row are summed from their
 * records, so a bulk load that skipped report_stats is slow, not wrong.  The query touches one index entry and one stats row per
 * report: reports_domain_time finds the domain's reports in the window.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "report/query/failures.h"
#include "store/store.h"

static int
dberr(struct store *st, struct dr_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(store_db(st));

	return dr_fail(err, store_reason(rc), "%s: %s", what,
	    sqlite3_errmsg(store_db(st)));
}

void
summary_rows_release(struct summary_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->v[i].domain);
		free(rows->v[i].policy);
		strset_release(&rows->v[i].policies);
	}
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* "p=reject sp=none adkim=r aspf=r pct=100" from columns 0..4 of s. */
static void
policy_text(sqlite3_stmt *s, char *out, size_t outlen)
{
	static const char *const tag[] = { "p", "sp", "adkim", "aspf", "pct" };
	size_t used = 0;
	int i, n;

	out[0] = '\0';
	for (i = 0; i < 5; i++) {
		if (sqlite3_column_type(s, i) == SQLITE_NULL)
			continue;
		n = snprintf(out + used, outlen - used, "%s%s=%s", used ? " " : "",
		    tag[i], (const char *)sqlite3_column_text(s, i));
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
	if (used == 0)
		(void)snprintf(out, outlen, "(none given)");
}

static int
domain_policies(struct store *st, sqlite3_stmt *s, struct summary_row *row,
    const struct report_opts *o, struct dr_err *err)
{
	char text[1024];
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, row->domain, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, o->win_start);
	sqlite3_bind_int64(s, 3, o->win_end);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		policy_text(s, text, sizeof(text));
		if (row->policy == NULL && (row->policy = strdup(text)) == NULL)
			return dr_fail(err, R_NOMEM, "policy");
		if (strset_add(&row->policies, text) == -1)
			return dr_fail(err, R_NOMEM, "policy");
	}
	if (rc != SQLITE_DONE)
		return dberr(st, err, "read policies");
	return 0;
}

int
report_summary(struct store *st, const struct report_opts *o,
    struct summary_rows *out, struct dr_err *err)
{
	/*
	 * Sums from report_stats; a report without a stats row (records
	 * bulk-loaded outside dmarc-ingest) is summed from its records, so
	 * the totals are right either way and fast when the rows exist.
	 */
	static const char sum_sql[] = "SELECT count(*), count(DISTINCT org_key),"
	    " sum(records), sum(messages), sum(dmarc_pass), sum(dkim_aligned),"
	    " sum(spf_aligned), sum(disp_none), sum(disp_quarantine),"
	    " sum(disp_reject) FROM ("
	    " SELECT r.org_key, s.records, s.messages, s.dmarc_pass,"
	    " s.dkim_aligned, s.spf_aligned, s.disp_none, s.disp_quarantine,"
	    " s.disp_reject FROM reports r JOIN report_stats s ON s.report = r.id"
	    " WHERE r.policy_domain = ?1 AND " REPORT_WINDOW_SQL
	    " UNION ALL"
	    " SELECT r.org_key, count(c.id), coalesce(sum(c.count), 0),"
	    " coalesce(sum(CASE WHEN c.dkim_eval = 'pass' OR c.spf_eval = 'pass'"
	    "  THEN c.count ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN c.dkim_eval = 'pass' THEN c.count ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN c.spf_eval = 'pass' THEN c.count ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN c.disposition = 'none' THEN c.count ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN c.disposition = 'quarantine' THEN c.count"
	    "  ELSE 0 END), 0),"
	    " coalesce(sum(CASE WHEN c.disposition = 'reject' THEN c.count ELSE 0 END), 0)"
	    " FROM reports r LEFT JOIN records c ON c.report = r.id"
	    " WHERE r.policy_domain = ?1 AND " REPORT_WINDOW_SQL
	    " AND NOT EXISTS (SELECT 1 FROM report_stats s WHERE s.report = r.id)"
	    " GROUP BY +r.id)";	/* +: not worth a scan of reports in id order */
	static const char pol_sql[] = "SELECT r.p, r.sp, r.adkim, r.aspf, r.pct"
	    " FROM reports r WHERE r.policy_domain = ?1 AND " REPORT_WINDOW_SQL
	    " GROUP BY 1, 2, 3, 4, 5 ORDER BY count(*) DESC, 1, 2, 3, 4, 5";
	sqlite3_stmt *sum = NULL, *pol = NULL;
	struct strset doms = { NULL, 0, 0, false };
	struct summary_row *row;
	size_t i;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store_db(st), sum_sql, -1, &sum, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(store_db(st), pol_sql, -1, &pol, NULL) != SQLITE_OK) {
		dberr(st, err, "prepare summary");
		goto done;
	}
	if (report_window_domains(st, o, &doms, err) == -1)
		goto done;
	if (doms.n > 0 && (out->v = calloc(doms.n, sizeof(*out->v))) == NULL) {
		dr_fail(err, R_NOMEM, "summary");
		goto done;
	}
	out->cap = doms.n;
	for (i = 0; i < doms.n; i++) {
		row = &out->v[out->n++];
		if ((row->domain = strdup(doms.v[i])) == NULL) {
			dr_fail(err, R_NOMEM, "summary");
			goto done;
		}
		sqlite3_reset(sum);
		sqlite3_bind_text(sum, 1, row->domain, -1, SQLITE_STATIC);
		sqlite3_bind_int64(sum, 2, o->win_start);
		sqlite3_bind_int64(sum, 3, o->win_end);
		if ((rc = sqlite3_step(sum)) != SQLITE_ROW) {
			dberr(st, err, "summary");
			goto done;
		}
		row->reports = sqlite3_column_int64(sum, 0);
		row->reporters = sqlite3_column_int64(sum, 1);
		row->records = sqlite3_column_int64(sum, 2);
		row->messages = sqlite3_column_int64(sum, 3);
		row->dmarc_pass = sqlite3_column_int64(sum, 4);
		row->dkim_aligned = sqlite3_column_int64(sum, 5);
		row->spf_aligned = sqlite3_column_int64(sum, 6);
		row->disp_none = sqlite3_column_int64(sum, 7);
		row->disp_quarantine = sqlite3_column_int64(sum, 8);
		row->disp_reject = sqlite3_column_int64(sum, 9);
		sqlite3_reset(sum);
		if (domain_policies(st, pol, row, o, err) == -1)
			goto done;
	}
	ret = 0;
done:
	if (ret == -1)
		summary_rows_release(out);
	strset_release(&doms);
	sqlite3_finalize(sum);
	sqlite3_finalize(pol);
	return ret;
}
