/*
 * report/query/summary.c -- per policy domain totals over a window (see
 * failures.h).
 *
 * Design rationale: summing millions of records at report time is too slow
 * for a 30-day, all-domain summary, so the sums come from report_stats
 * (sql/migrations/0002-dns-cache.sql), one row per report written by the
 * ingest (migration 4).  Reports without that row are summed from their
 * records, so a bulk load that skipped report_stats is slow, not wrong.
 * The query touches one index entry and one stats row per
 * report: reports_domain_time finds the domain's reports in the window.
 * The statements: sql/report/summary-totals.sql and summary-policies.sql;
 * readiness, which needs only the reports and reporters of the totals,
 * summary-counts.sql (report_summary_counts(): no sums, 7 ms a domain
 * instead of 50 over four weeks of the 10M PostgreSQL benchmark).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/failures.h"
#include "store/read.h"
#include "util/count.h"

void
summary_row_release(struct summary_row *r)
{
	free(r->domain);
	free(r->policy);
	strset_release(&r->policies);
}

void
summary_rows_release(struct summary_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		summary_row_release(&rows->v[i]);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* "p=reject sp=none adkim=r aspf=r pct=100" from columns 0..4 of s. */
static void
policy_text(struct store_stmt *s, char *out, size_t outlen)
{
	static const char *const tag[] = { "p", "sp", "adkim", "aspf", "pct" };
	size_t used = 0;
	int i, n;

	out[0] = '\0';
	for (i = 0; i < 5; i++) {
		if (store_stmt_col_is_null(s, i))
			continue;
		n = snprintf(out + used, outlen - used, "%s%s=%s", used ? " " : "",
		    tag[i], store_stmt_col_text(s, i));
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
	if (used == 0)
		(void)snprintf(out, outlen, "(none given)");
}

/* Binds ?1 = domain, ?2 and ?3 = the window. */
static int
bind_domain(struct store_stmt *s, const char *domain,
    const struct report_opts *o, struct dr_err *err)
{
	if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
	    store_stmt_bind_int64(s, 2, o->win_start, err) == -1 ||
	    store_stmt_bind_int64(s, 3, o->win_end, err) == -1)
		return -1;
	return 0;
}

static int
domain_policies(struct store_stmt *s, struct summary_row *row,
    const struct report_opts *o, struct dr_err *err)
{
	char text[1024];
	int rc;

	store_stmt_reset(s);
	if (bind_domain(s, row->domain, o, err) == -1)
		return -1;
	while ((rc = store_stmt_step(s, err)) == 1) {
		policy_text(s, text, sizeof(text));
		if (row->policy == NULL && (row->policy = strdup(text)) == NULL)
			return dr_fail(err, R_NOMEM, "policy");
		if (strset_add(&row->policies, text) == -1)
			return dr_fail(err, R_NOMEM, "policy");
	}
	return rc;
}

/* counts: summary-counts (reports, reporters) instead of summary-totals. */
static int
summary(struct store *st, const struct report_opts *o, bool counts,
    struct summary_rows *out, struct dr_err *err)
{
	struct store_stmt *sum = NULL, *pol = NULL;
	struct strset doms = { NULL, 0, 0, false };
	struct summary_row *row;
	size_t i;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (store_stmt_open(st, counts ? "report/summary-counts" :
	    "report/summary-totals", &sum, err) == -1 ||
	    store_stmt_open(st, "report/summary-policies", &pol, err) == -1)
		goto done;
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
		store_stmt_reset(sum);
		if (bind_domain(sum, row->domain, o, err) == -1 ||
		    (rc = store_stmt_step(sum, err)) == -1)
			goto done;
		if (rc == 0) {
			dr_fail(err, R_DB, "report/summary-%s: no row",
			    counts ? "counts" : "totals");
			goto done;
		}
		row->reports = store_stmt_col_int64(sum, 0);
		row->reporters = store_stmt_col_int64(sum, 1);
		if (counts)
			goto policies;
		row->records = store_stmt_col_int64(sum, 2);
		row->messages = store_stmt_col_int64(sum, 3);
		row->dmarc_pass = store_stmt_col_int64(sum, 4);
		row->dkim_aligned = store_stmt_col_int64(sum, 5);
		row->spf_aligned = store_stmt_col_int64(sum, 6);
		row->disp_none = store_stmt_col_int64(sum, 7);
		row->disp_quarantine = store_stmt_col_int64(sum, 8);
		row->disp_reject = store_stmt_col_int64(sum, 9);
		/* The rest: pass, none given, other words (not known when
		 * a sum is not, util/count.h). */
		row->disp_other = dr_count_sub(row->messages, dr_count_add(
		    dr_count_add(row->disp_none, row->disp_quarantine),
		    row->disp_reject));
policies:
		store_stmt_reset(sum);
		if (domain_policies(pol, row, o, err) == -1)
			goto done;
	}
	ret = 0;
done:
	if (ret == -1)
		summary_rows_release(out);
	strset_release(&doms);
	store_stmt_close(sum);
	store_stmt_close(pol);
	return ret;
}

int
report_summary(struct store *st, const struct report_opts *o,
    struct summary_rows *out, struct dr_err *err)
{
	return summary(st, o, false, out, err);
}

int
report_summary_counts(struct store *st, const struct report_opts *o,
    struct summary_rows *out, struct dr_err *err)
{
	return summary(st, o, true, out, err);
}
