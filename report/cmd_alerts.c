/*
 * report/cmd_alerts.c -- `dmarc-report alerts`: what should not wait for
 * the weekly page, made for cron and systemd timers.
 *
 *   dmarc-report alerts [--all] [--since DAY] [--days N] [--domain D]...
 *       [--min-failing N] [--drop POINTS] [--growth X] [--min-messages N]
 *       [--silent-days D] [--silent-weeks W] [--silent-min K]
 *       [--format json] [--mail FROM TO]
 *       [--no-dns] [--dns-server IP[:PORT]] [--now EPOCH]
 *
 * Thin (STYLE practice 2): parses options, runs the DNS checks of the
 * window's domains (report/check; stored in dns_checks, the store every
 * DNS check shares), asks report/query/alerts.h for the alerts, prints
 * the new ones (report/out/out_alerts.c, or a plain-text mail through
 * report/html/html_mail.h) and then, only once the output was written,
 * saves the alert state in one short transaction.
 *
 * Quiet by default: nothing new prints nothing and exits 0, so cron mails
 * only when something happened; 1 when alerts were printed; 2 when there
 * is no database or no data to look at; 64 usage, 70 error, 75 busy.
 * --all prints every alert true now and --since DAY looks from DAY on;
 * neither reads nor writes the state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "report/check/check.h"
#include "report/dns/resolver.h"
#include "report/html/html_mail.h"
#include "report/out/out.h"
#include "report/query/alerts.h"
#include "store/store.h"
#include "util/limits.h"

#define DAY		INT64_C(86400)
#define NOW_MIN		INT64_C(946684800)	/* as html --now */
#define NOW_MAX		((int64_t)1 << 40)

struct alerts_args {
	bool		 all;
	const char	*from, *to;
};

static int
parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static int
parse_args(struct alerts_args *a, struct alert_opts *o,
    const struct report_opts *ro, int argc, char **argv)
{
	static const struct { const char *name; double lo, hi; } nums[] = {
		{ "--now", (double)NOW_MIN, (double)NOW_MAX },
		{ "--min-failing", 1, 1e12 }, { "--drop", 0, 100 },
		{ "--growth", 1, 1e6 }, { "--min-messages", 1, 1e12 },
		{ "--silent-days", 1, 365 }, { "--silent-weeks", 1, 52 },
		{ "--silent-min", 1, 1e6 },
	};
	const char *env = getenv("DMARC_RUA_NOW");
	double v[sizeof(nums) / sizeof(nums[0])];
	size_t k;
	int i;

	v[0] = (double)time(NULL);
	v[1] = ALERT_MIN_FAILING;
	v[2] = ALERT_DROP_POINTS;
	v[3] = ALERT_GROWTH;
	v[4] = ALERT_MIN_MESSAGES;
	v[5] = ALERT_SILENT_DAYS;
	v[6] = ALERT_SILENT_WEEKS;
	v[7] = ALERT_SILENT_MIN;
	if (env != NULL && *env != '\0' &&
	    parse_num(env, (double)NOW_MIN, (double)NOW_MAX, &v[0]) == -1)
		return report_msg(-1, "DMARC_RUA_NOW '%s': expected Unix seconds"
		    " from 2000-01-01 (946684800) on", env);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0) {
			a->all = true;
			continue;
		}
		if (strcmp(argv[i], "--mail") == 0 && i + 2 < argc &&
		    argv[i + 1][0] != '-') {
			a->from = argv[++i];
			a->to = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--mail") == 0) {
			/* the config file's mail-from and mail-to, as html */
			if (ro->mail_from == NULL || ro->mail_to == NULL)
				return report_msg(-1, "alerts: --mail needs FROM"
				    " TO, or mail-from and mail-to in the"
				    " configuration file");
			a->from = ro->mail_from;
			a->to = ro->mail_to;
			continue;
		}
		for (k = 0; k < sizeof(nums) / sizeof(nums[0]); k++)
			if (strcmp(argv[i], nums[k].name) == 0)
				break;
		if (k == sizeof(nums) / sizeof(nums[0]) || i + 1 >= argc)
			return report_msg(-1, "alerts: unknown option or missing"
			    " value '%s'", argv[i]);
		if (parse_num(argv[++i], nums[k].lo, nums[k].hi, &v[k]) == -1 ||
		    (k != 3 && v[k] != (double)(int64_t)v[k]))
			return report_msg(-1, "alerts: %s '%s': expected a %s"
			    " from %g to %g", nums[k].name, argv[i], k == 3 ?
			    "number" : "whole number", nums[k].lo, nums[k].hi);
	}
	if (a->from != NULL && (!html_mail_addr_ok(a->from) ||
	    !html_mail_addr_ok(a->to)))
		return report_msg(-1, "alerts: --mail FROM TO: expected two e-mail"
		    " addresses");
	o->now = (int64_t)v[0];
	o->min_failing = (int64_t)v[1];
	o->drop_points = (int)v[2];
	o->growth = v[3];
	o->min_messages = (int64_t)v[4];
	o->silent_days = (int)v[5];
	o->silent_weeks = (int)v[6];
	o->silent_min = (int64_t)v[7];
	return 0;
}

/* Runs the DNS checks of the targets and stores them (dns_checks). */
static int
run_checks(struct report_ctx *ctx, const struct alert_target *t, size_t n,
    struct dr_err *err)
{
	struct resolver *r = NULL;
	struct check_req *reqs = NULL;
	struct check_result *res = NULL;
	struct dr_err serr = DR_ERR_INIT;
	size_t i;
	int ret = -1;

	if (n == 0)
		return 0;
	if ((reqs = calloc(n, sizeof(*reqs))) == NULL)
		return dr_fail(err, R_NOMEM, "alerts: DNS checks");
	for (i = 0; i < n; i++) {
		reqs[i].domain = t[i].domain;
		reqs[i].selectors = (const char *const *)t[i].selectors;
		reqs[i].n_selectors = t[i].n_selectors;
	}
	if (resolver_new(&r, ctx->opts.dns_server, ctx->opts.dns_timeout_ms,
	    ctx->opts.dns_tries, err) == -1 ||
	    check_run(r, reqs, n, &res, err) == -1)
		goto done;
	if (ctx->wst != NULL ? check_store(ctx->wst, res, n, &serr) == -1 :
	    !ctx->db_rw || check_store(ctx->st, res, n, &serr) == -1)
		report_msg(0, "note: DNS check results not stored (database busy"
		    " or read-only): DNS alerts use the stored ones");
	ret = 0;
done:
	if (res != NULL)
		check_results_free(res, n);
	resolver_free(r);
	free(reqs);
	return ret;
}

/* The alerts as text, JSON or a mail, in memory. */
static int
render(const struct report_ctx *ctx, const struct alerts_args *a,
    const struct alerts *al, const struct alert_opts *o, bool only_new,
    size_t shown, char **out, size_t *outlen)
{
	char *text = NULL, subject[128];
	size_t tlen = 0, i, crit = 0;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&text, &tlen)) == NULL)
		return -1;
	if (ctx->opts.format == FMT_JSON && a->from == NULL)
		rc = out_alerts_json(fp, al, only_new, o->now, o->start);
	else
		rc = out_alerts_text(fp, al, only_new);
	if (a->from != NULL && rc == 0)
		fputs("\n-- \ndmarc-report alerts: each alert is sent once; see"
		    " `dmarc-report alerts --all` for every alert true now.\n", fp);
	if (fclose(fp) == EOF || rc == -1) {
		free(text);
		return -1;
	}
	if (a->from == NULL) {
		*out = text;
		*outlen = tlen;
		return 0;
	}
	for (i = 0; i < al->n; i++)
		if ((!only_new || al->v[i].is_new) && al->v[i].sev == ALERT_CRIT)
			crit++;
	(void)snprintf(subject, sizeof(subject), "DMARC alerts: %zu new (%zu"
	    " critical)", shown, crit);
	rc = -1;
	if ((fp = open_memstream(out, outlen)) != NULL) {
		rc = html_mail_text_write(fp, a->from, a->to, subject, o->now,
		    text, tlen);
		if (fclose(fp) == EOF)
			rc = -1;
		if (rc == -1) {
			free(*out);
			*out = NULL;
		}
	}
	free(text);
	return rc;
}

static int
pick_window(struct report_ctx *ctx, struct alert_opts *o, struct dr_err *err)
{
	int64_t len, since;

	if (ctx->opts.until_arg != NULL)
		return dr_fail(err, R_USAGE, "alerts: --until does not apply"
		    " (the window ends now; --now EPOCH moves it)");
	len = (ctx->opts.days ? ctx->opts.days : 7) * DAY;
	if (ctx->opts.since_arg != NULL) {
		if (window_parse_day(ctx->opts.since_arg, &since) == -1 ||
		    since >= o->now)
			return dr_fail(err, R_USAGE, "--since '%s': expected a day"
			    " (YYYY-MM-DD) before now", ctx->opts.since_arg);
		o->start = since;
		len = o->now - since;
	} else
		o->start = o->now - len;
	o->prev_start = o->start - len;
	o->domains = ctx->opts.domains;
	o->n_domains = ctx->opts.n_domains;
	o->mark = -1;
	o->setaside_since = o->start;
	return 0;
}

int
cmd_alerts(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct alerts_args a;
	struct alert_opts o;
	struct alerts al;
	struct alert_target *t = NULL;
	char *out = NULL;
	size_t nt = 0, i, outlen = 0, shown = 0;
	bool stateful, keep;
	struct store *sst;	/* where the alert state is read and saved */
	char show[STORE_DB_SHOW_MAX];
	int rc = DX_SOFTWARE;

	memset(&a, 0, sizeof(a));
	memset(&o, 0, sizeof(o));
	alerts_init(&al);
	if (parse_args(&a, &o, &ctx->opts, argc, argv) == -1)
		return DX_USAGE;
	if (ctx->opts.format == FMT_CSV)
		return report_msg(DX_USAGE, "alerts: --format: table or json");
	/* No database: 66, never 1, which means "alerts printed" here. */
	if ((rc = report_open(ctx)) != DX_OK)
		return rc == DX_ATTENTION ? DX_NOINPUT : rc;
	rc = DX_SOFTWARE;
	if (pick_window(ctx, &o, &err) == -1)
		return report_fail(&err);
	stateful = !a.all && ctx->opts.since_arg == NULL;
	/* A read-only PostgreSQL server (a hot standby): the alerts of its
	 * data; the alert state read and saved on the primary given by
	 * --write-db, else read from the standby (the primary's, as
	 * replicated) and not saved -- one note says so and names the
	 * option. */
	keep = stateful;
	sst = ctx->wst != NULL ? ctx->wst : ctx->st;
	if (ctx->wst != NULL)
		;	/* --write-db: the state is on the primary */
	else if (stateful && !ctx->db_rw && store_is_pg(ctx->opts.db_path) &&
	    store_is_readonly(ctx->st)) {
		keep = false;
		report_msg(0, "note: alerts: %s is a read-only PostgreSQL"
		    " server (a hot standby): these alerts come from its data,"
		    " but the alert state is not kept, so the next run raises"
		    " them again (give --write-db PRIMARY to keep it there)",
		    store_db_show(ctx->opts.db_path, show, sizeof(show)));
	} else if (stateful && !ctx->db_rw)
		return report_msg(DX_SOFTWARE, "alerts: %s cannot be written (busy"
		    " or read-only), so the alert state cannot be kept: run where"
		    " it is writable, or give --all or --since",
		    store_db_show(ctx->opts.db_path, show, sizeof(show)));
	if (stateful && alerts_state_last(sst, &o.mark, &err) == -1)
		goto fail;
	/* "never failed before" from alert_sources when it can be brought up
	 * to date; else (read-only, busy) a scan of every record */
	if (ctx->db_rw && alerts_sources_update(ctx->st, &err) == 0)
		o.sources_fresh = true;
	else if (err.reason != R_NONE && err.reason != R_DB_BUSY)
		goto fail;
	dr_err_clear(&err);
	if (alerts_dns_targets(ctx->st, &o, &t, &nt, &err) == -1 ||
	    (!ctx->opts.no_dns && run_checks(ctx, t, nt, &err) == -1) ||
	    alerts_from_db(ctx->st, &o, &al, &err) == -1)
		goto fail;
	for (i = 0; i < nt; i++)
		if (alerts_dns(ctx->st, &o, t[i].domain,
		    (const char *const *)t[i].selectors, t[i].n_selectors, &al,
		    &err) == -1)
			goto fail;
	alerts_sort(&al);
	if (stateful && alerts_state_mark(sst, &al, &err) == -1)
		goto fail;
	for (i = 0; i < al.n; i++)
		shown += al.v[i].is_new;
	if (shown > 0) {
		if (render(ctx, &a, &al, &o, stateful, shown, &out, &outlen) == -1) {
			report_msg(0, "alerts: out of memory while writing");
			goto done;
		}
		if (fwrite(out, 1, outlen, ctx->out) != outlen ||
		    fflush(ctx->out) == EOF || ferror(ctx->out)) {
			report_msg(0, "alerts: error writing output: %s (the alerts"
			    " will be raised again next run)", strerror(errno));
			goto done;
		}
	}
	if (keep && alerts_state_save(sst, ctx->st, &al, o.now, shown,
	    o.domains, o.n_domains, &err) == -1) {
		report_fail(&err);
		report_msg(0, "alerts: the state was not saved: the next run"
		    " raises these alerts again");
		rc = err.reason == R_DB_BUSY ? DX_TEMPFAIL : DX_SOFTWARE;
		goto done;
	}
	rc = shown > 0 ? DX_ATTENTION : DX_OK;	/* 1: alerts printed */
	goto done;
fail:
	rc = report_fail(&err);
	if (rc == DX_ATTENTION)	/* nothing to look at: not "printed" */
		rc = DX_NOINPUT;
done:
	free(out);
	alerts_targets_release(t, nt);
	alerts_release(&al);
	return rc;
}
