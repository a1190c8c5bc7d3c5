/*
 * report/cmd_reports.c -- `dmarc-report reports [--rejected]
 * [--all-rejected]`: the reports received in the window (reporter, id,
 * range, records, messages) and the inputs the ingest set aside, with
 * their reason IDs.  The two lists have two window rules, named in the
 * output: a report is in the window when its date range overlaps it; an
 * input set aside when it was ingested from the window's start up to now
 * (--all-rejected: any time), the rule of the weekly page's "Inputs set
 * aside", so both count the same rows (sql/report/inputs-set-aside.sql).
 * The table and JSON forms show both lists; CSV holds one table, the
 * reports or, with --rejected, the inputs set aside.
 *
 * No report in the window is not an error here: the inputs set aside are
 * what a user needs to see then.  The table says "no reports ..." as a
 * line, and the exit status is still DX_ATTENTION (nothing to show), as for
 * every command whose window holds no report.
 */
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "report/query/failures.h"
#include "report/out/out.h"
#include "store/read.h"
#include "util/count.h"
#include "util/limits.h"

enum { R_ORG, R_ID, R_DOMAIN, R_BEGIN, R_END, R_RECORDS, R_MSGS, R__N };
static const struct out_col rep_cols[R__N] = {
	[R_ORG] = { "reporter", "REPORTER", COL_STR },
	[R_ID] = { "report_id", "REPORT ID", COL_STR },
	[R_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[R_BEGIN] = { "date_begin", "BEGIN", COL_TIME },
	[R_END] = { "date_end", "END", COL_TIME },
	[R_RECORDS] = { "records", "RECORDS", COL_INT },
	[R_MSGS] = { "messages", "MSGS", COL_INT },
};

enum { J_WHEN, J_PATH, J_PART, J_OUTCOME, J_REASON, J_DETAIL, J__N };
static const struct out_col rej_cols[J__N] = {
	[J_WHEN] = { "ingested_at", "INGESTED", COL_TIME },
	[J_PATH] = { "path", "FILE", COL_STR },
	[J_PART] = { "part", "PART", COL_STR },
	[J_OUTCOME] = { "outcome", "OUTCOME", COL_STR },
	[J_REASON] = { "reason", "REASON", COL_STR },
	[J_DETAIL] = { "detail", "DETAIL", COL_STR },
};

/*
 * Appends the rows of the statement name, run with ?1 = p1 (may be NULL)
 * and ?2, ?3 = from, to, to t.
 */
static int
load(struct store *st, const char *name, const char *p1, int64_t from,
    int64_t to, struct out_table *t, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	size_t c;
	long k;
	int rc, ret = -1;

	if (store_stmt_open(st, name, &s, err) == -1 ||
	    store_stmt_bind_text(s, 1, p1, err) == -1 ||
	    store_stmt_bind_int64(s, 2, from, err) == -1 ||
	    store_stmt_bind_int64(s, 3, to, err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, err)) == 1) {
		if ((k = out_row(t)) < 0)
			break;
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].kind == COL_STR)
				out_str(t, k, c, store_stmt_col_text(s, (int)c));
			else if (t->cols[c].kind == COL_INT)	/* counts */
				out_int(t, k, c, dr_count_in(store_stmt_col_int64(s,
				    (int)c), DR_MAX_REPORT_MESSAGES));
			else
				out_int(t, k, c, store_stmt_col_int64(s, (int)c));
		}
	}
	if (rc == -1)
		goto done;
	if (t->failed) {
		dr_fail(err, R_NOMEM, "reports");
		goto done;
	}
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

int
cmd_reports(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct out_table rep, rej;
	struct json_writer w;
	bool only_rej = false, all_rej = false;
	char empty[512] = "", win[80];
	int64_t now = (int64_t)time(NULL);
	size_t d;
	int i, rc = DX_SOFTWARE, done_rc = DX_OK;

	out_table_init(&rep, rep_cols, R__N);
	out_table_init(&rej, rej_cols, J__N);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rejected") == 0)
			only_rej = true;
		else if (strcmp(argv[i], "--all-rejected") == 0)
			all_rej = true;
		else {
			report_msg(0, "reports: unknown argument '%s'", argv[i]);
			report_usage(stderr, ctx->cmd);
			return DX_USAGE;
		}
	}
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	rc = DX_SOFTWARE;
	/* Nothing to show among the reports is a line, not the end. */
	if (!only_rej && report_check_scope(ctx->st, &ctx->opts, &err) == -1) {
		if ((done_rc = report_exit_for(&err)) != DX_ATTENTION) {
			rc = report_fail(&err);
			goto done;
		}
		(void)snprintf(empty, sizeof(empty), "%s", err.detail);
		dr_err_clear(&err);
	}
	for (d = 0; d < (ctx->opts.n_domains ? ctx->opts.n_domains : 1); d++)
		if (load(ctx->st, "report/reports-received", ctx->opts.n_domains ?
		    ctx->opts.domains[d] : NULL, ctx->opts.win_start,
		    ctx->opts.win_end, &rep, &err) == -1) {
			rc = report_fail(&err);
			goto done;
		}
	if (load(ctx->st, "report/inputs-set-aside", all_rej ? "all" : NULL,
	    ctx->opts.win_start, now, &rej, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	window_fmt_day(ctx->opts.win_start, win, sizeof(win));
	rc = done_rc;
	if (out_table_has_sat(&rep))
		out_warn_sat();
	switch (ctx->opts.format) {
	case FMT_CSV:
		if (out_csv_write(ctx->out, only_rej ? &rej : &rep) == -1)
			rc = DX_SOFTWARE;
		break;
	case FMT_JSON:
		json_init(&w, ctx->out, true);
		json_obj_begin(&w);
		if (!only_rej) {
			json_key(&w, "reports");
			out_json_rows(&w, &rep);
		}
		json_key(&w, "rejected");
		out_json_rows(&w, &rej);
		json_obj_end(&w);
		if (json_finish(&w) == -1)
			rc = DX_SOFTWARE;
		break;
	case FMT_TABLE:
		if (!only_rej && empty[0] != '\0')
			fprintf(ctx->out, "%s\n", empty);
		else if (!only_rej && out_text_write_fit(ctx->out, &rep,
		    ctx->opts.term_cols) == -1)
			rc = DX_SOFTWARE;
		if (!only_rej)
			fputc('\n', ctx->out);
		/* Short lines: they must fit a narrow terminal too. */
		if (all_rej)
			fputs("inputs set aside, ingested at any time", ctx->out);
		else
			fprintf(ctx->out, "inputs set aside since %s 00:00 UTC", win);
		if (rej.nrows == 0)
			fputs(": none\n", ctx->out);
		else
			fprintf(ctx->out, ": %zu\n", rej.nrows);
		fputs("(rejected, conflicting or not a report; by ingest time)\n",
		    ctx->out);
		if (rej.nrows == 0)
			break;
		if (out_text_write_fit(ctx->out, &rej, ctx->opts.term_cols) == -1)
			rc = DX_SOFTWARE;
		break;
	}
done:
	out_table_release(&rep);
	out_table_release(&rej);
	return rc;
}
