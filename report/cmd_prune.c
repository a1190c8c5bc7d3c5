/*
 * report/cmd_prune.c -- `dmarc-report prune --before YYYY-MM-DD
 * [--dry-run] [--batch N]`: retention.  Removes the reports that ended
 * before the day (00:00 UTC) with everything that hangs off them, in
 * transactions of N reports, and says what it removed and what it kept
 * (store/prune.c does the work; sql/migrations/0011-prune.sql says what
 * goes and what stays, and why).
 *
 * A day in the future is refused (exit 64): it would remove reports
 * still being received, which is never what retention means.  Today is
 * allowed (everything that ended before today).  "Now" is the clock, or
 * $DMARC_RUA_NOW (Unix seconds) as for html and alerts.  Nothing to
 * remove is not an error: the counts are zeros and the exit status 0, so
 * a cron line stays quiet about it only if asked (-q is not needed: the
 * output is a few lines).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "report/out/out.h"
#include "store/store.h"

#define PRUNE_BATCH_DEFAULT	500
#define PRUNE_BATCH_MAX		100000
/* DMARC_RUA_NOW: from 2000-01-01, as html's --now. */
#define PRUNE_NOW_MIN		946684800LL
#define PRUNE_NOW_MAX		32503680000LL	/* 3000-01-01 */

struct prune_args {
	const char	*before_arg;
	bool		 dry_run;
	int64_t		 batch;
	int64_t		 now;
};

static int
parse_args(struct prune_args *a, int argc, char **argv)
{
	const char *env = getenv("DMARC_RUA_NOW");
	int i;

	memset(a, 0, sizeof(*a));
	a->batch = PRUNE_BATCH_DEFAULT;
	a->now = (int64_t)time(NULL);
	if (env != NULL && *env != '\0' &&
	    report_parse_i64(env, PRUNE_NOW_MIN, PRUNE_NOW_MAX, &a->now) == -1)
		return report_msg(-1, "DMARC_RUA_NOW '%s': expected Unix seconds"
		    " from 2000-01-01 (946684800) on", env);
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		bool more = i + 1 < argc;

		if (strcmp(o, "--before") == 0 && more)
			a->before_arg = argv[++i];
		else if (strncmp(o, "--before=", 9) == 0)
			a->before_arg = o + 9;
		else if (strcmp(o, "--dry-run") == 0)
			a->dry_run = true;
		else if (strcmp(o, "--batch") == 0 && more) {
			if (report_parse_i64(argv[++i], 1, PRUNE_BATCH_MAX, &a->batch) == -1)
				return report_msg(-1, "--batch '%s': expected 1 to"
				    " %d", argv[i], PRUNE_BATCH_MAX);
		} else
			return report_msg(-1, "prune: unknown option or missing"
			    " value '%s'", o);
	}
	if (a->before_arg == NULL)
		return report_msg(-1, "prune: --before YYYY-MM-DD is required"
		    " (the reports that ended before that day are removed)");
	return 0;
}

static void
line(FILE *fp, const char *what, int64_t n, const char *note)
{
	fprintf(fp, "  %-18s %12lld%s%s\n", what, (long long)n,
	    note != NULL ? "  " : "", note != NULL ? note : "");
}

static void
print_text(FILE *fp, const char *day, const struct prune_args *a,
    const struct store_prune_counts *c)
{
	fprintf(fp, "%s: reports that ended before %s 00:00 UTC\n",
	    a->dry_run ? "would remove (dry run)" : "removed",
	    day);
	line(fp, "reports", c->reports, NULL);
	line(fp, "records", c->records, NULL);
	line(fp, "record_reasons", c->reasons, NULL);
	line(fp, "dkim_results", c->dkim, NULL);
	line(fp, "spf_results", c->spf, NULL);
	line(fp, "report_errors", c->errors, NULL);
	line(fp, "report_selectors", c->selectors, NULL);
	line(fp, "conflicts", c->conflicts, NULL);
	fputs("kept:\n", fp);
	line(fp, "reports", c->kept_reports, "ended on or after that day");
	line(fp, "records", c->kept_records, "of those reports");
	line(fp, "messages", c->messages, "of the removed reports (ingest log)");
	line(fp, "ingest_log rows", c->log_unlinked,
	    "of the removed reports (no longer linked)");
	line(fp, "identities", c->remembered,
	    "of pruned reports: a re-send is a duplicate");
	fprintf(fp, "in %lld transaction%s of at most %lld reports\n",
	    (long long)c->batches, c->batches == 1 ? "" : "s",
	    (long long)a->batch);
}

static void
print_json(FILE *fp, const char *day, const struct prune_args *a,
    const struct store_prune_counts *c)
{
	struct json_writer w;

	json_init(&w, fp, true);
	json_obj_begin(&w);
	json_key(&w, "before");
	json_str(&w, day);
	json_key(&w, "dry_run");
	json_bool(&w, a->dry_run);
	json_key(&w, "batch");
	json_int(&w, a->batch);
	json_key(&w, "transactions");
	json_int(&w, c->batches);
	json_key(&w, "removed");
	json_obj_begin(&w);
	json_key(&w, "reports");
	json_int(&w, c->reports);
	json_key(&w, "records");
	json_int(&w, c->records);
	json_key(&w, "record_reasons");
	json_int(&w, c->reasons);
	json_key(&w, "dkim_results");
	json_int(&w, c->dkim);
	json_key(&w, "spf_results");
	json_int(&w, c->spf);
	json_key(&w, "report_errors");
	json_int(&w, c->errors);
	json_key(&w, "report_selectors");
	json_int(&w, c->selectors);
	json_key(&w, "conflicts");
	json_int(&w, c->conflicts);
	json_obj_end(&w);
	json_key(&w, "kept");
	json_obj_begin(&w);
	json_key(&w, "reports");
	json_int(&w, c->kept_reports);
	json_key(&w, "records");
	json_int(&w, c->kept_records);
	json_key(&w, "messages");
	json_int(&w, c->messages);
	json_key(&w, "ingest_log_rows");
	json_int(&w, c->log_unlinked);
	json_key(&w, "identities");
	json_int(&w, c->remembered);
	json_obj_end(&w);
	json_obj_end(&w);
	(void)json_finish(&w);
}

int
cmd_prune(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct store_prune_opts po;
	struct store_prune_counts c;
	struct prune_args a;
	char day[16];
	int64_t before, today;
	int rc;

	if (parse_args(&a, argc, argv) == -1)
		return DX_USAGE;
	if (ctx->opts.format == FMT_CSV)
		return report_msg(DX_USAGE, "prune: --format table or json");
	if (window_parse_day(a.before_arg, &before) == -1)
		return report_msg(DX_USAGE, "--before '%s': expected a day as"
		    " YYYY-MM-DD", a.before_arg);
	today = a.now - (a.now % 86400);
	if (before > today) {
		window_fmt_day(today, day, sizeof(day));
		return report_msg(DX_USAGE, "--before %s is in the future (today"
		    " is %s, UTC): it would remove reports still being"
		    " received", a.before_arg, day);
	}
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	window_fmt_day(before, day, sizeof(day));
	memset(&po, 0, sizeof(po));
	po.before = before;
	po.batch = a.batch;
	po.now = a.now;
	po.dry_run = a.dry_run;
	if (store_prune(ctx->st, &po, &c, &err) == -1) {
		rc = report_fail(&err);
		if (c.batches > 0)
			report_msg(0, "prune: %lld reports were removed in %lld"
			    " committed transactions before that; run it again"
			    " to remove the rest", (long long)c.reports,
			    (long long)c.batches);
		return rc;
	}
	if (ctx->opts.format == FMT_JSON)
		print_json(ctx->out, day, &a, &c);
	else
		print_text(ctx->out, day, &a, &c);
	return DX_OK;
}
