/*
 * report/cmd_failures.c -- `dmarc-report failures [--all]`: who sends as
 * my domain and fails, per (policy domain, source IP).
 *
 * Thin: checks the scope, calls report_failures(), ptr_lookup() and
 * policy_now_spf_today(), and turns the rows into one out_table.  By
 * default only rows with DMARC failures are shown; --all shows every
 * source.  SPF TODAY is the source IP evaluated against the domain's SPF
 * record as published now (unless --no-dns): "pass (ip4:...)" in the
 * table, spf_today and spf_today_mechanism in CSV and JSON.  ASN, AS NAME
 * and CC come last (report/dns/asn.h, cmd_asn_cells()), so a narrow
 * terminal hides them before the counts.
 * SERVICE and VERDICT (report/query/services.c): who the source is, by
 * which rule (matched), and the fix in plain words (fix, in CSV and JSON).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "report/query/failures.h"
#include "report/out/out.h"
#include "report/check/policy_now.h"
#include "report/dns/ptr.h"
#include "report/query/services.h"
#include "util/svccat.h"

enum {
	F_DOMAIN, F_IP, F_PTR, F_FCRDNS, F_SVC_TXT, F_VERDICT_TXT, F_MESSAGES, F_DMARC_FAIL, F_SPF_FAIL,
	F_DKIM_FAIL, F_QUAR, F_REJ, F_ALIGN_DIFF, F_HFROM, F_SPFDOM, F_DKIMDOM,
	F_REPORTERS, F_FIRST, F_LAST, F_SPF_TODAY_TXT, F_SPF_TODAY, F_SPF_MECH,
	F_SERVICE, F_KIND, F_VERDICT, F_MATCHED, F_FIX,
	F_ASN, F__N = F_ASN + ASN_NCOLS
};

static const struct out_col fail_cols[F__N] = {
	[F_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[F_IP] = { "source_ip", "SOURCE IP", COL_STR },
	[F_PTR] = { "ptr", "PTR", COL_STR },
	[F_FCRDNS] = { "fcrdns", "FCRDNS", COL_BOOL3 },
	[F_SVC_TXT] = { "service", "SERVICE", COL_STR },
	[F_VERDICT_TXT] = { "verdict", "VERDICT", COL_STR },
	[F_MESSAGES] = { "messages", "MSGS", COL_INT },
	[F_DMARC_FAIL] = { "dmarc_fail", "DMARC FAIL", COL_INT },
	[F_SPF_FAIL] = { "spf_fail", "SPF FAIL", COL_INT },
	[F_DKIM_FAIL] = { "dkim_fail", "DKIM FAIL", COL_INT },
	[F_QUAR] = { "quarantined", "QUAR", COL_INT },
	[F_REJ] = { "rejected", "REJ", COL_INT },
	[F_ALIGN_DIFF] = { "align_diff", "ALIGN DIFF", COL_INT },
	[F_HFROM] = { "header_from", "HEADER FROM", COL_LIST },
	[F_SPFDOM] = { "spf_domains", "SPF DOMAINS", COL_LIST },
	[F_DKIMDOM] = { "dkim_domains", "DKIM DOMAINS", COL_LIST },
	[F_REPORTERS] = { "reporters", "REPORTERS", COL_LIST },
	[F_FIRST] = { "first_seen", "FIRST SEEN", COL_TIME },
	[F_LAST] = { "last_seen", "LAST SEEN", COL_TIME },
	[F_SPF_TODAY_TXT] = { "spf_today", "SPF TODAY", COL_STR },
	[F_SPF_TODAY] = { "spf_today", "SPF TODAY", COL_STR },
	[F_SPF_MECH] = { "spf_today_mechanism", "SPF TODAY BY", COL_STR },
	[F_SERVICE] = { "service", "SERVICE", COL_STR },
	[F_KIND] = { "kind", "KIND", COL_STR },
	[F_VERDICT] = { "verdict", "VERDICT", COL_STR },
	[F_MATCHED] = { "matched", "MATCHED", COL_STR },
	[F_FIX] = { "fix", "FIX", COL_STR },
	ASN_COLS(F_ASN),
};

static void
put_set(struct out_table *t, long row, size_t col, const struct strset *s)
{
	out_list(t, row, col, (const char *const *)s->v, s->n, s->truncated);
}

static int
fill(struct out_table *t, const struct fail_rows *rows,
    const struct ptr_info *pi, const struct asn_info *ai,
    const struct spf_today *st, const struct svccat *cat)
{
	const struct fail_row *r;
	struct svc_class sc;
	size_t i;
	long k;

	for (i = 0; i < rows->n; i++) {
		r = &rows->v[i];
		if ((k = out_row(t)) < 0)
			return -1;
		out_str(t, k, F_DOMAIN, r->domain);
		out_str(t, k, F_IP, r->source_ip);
		out_str(t, k, F_PTR, ptr_display(&pi[i]));
		out_int(t, k, F_FCRDNS, pi[i].status == PTR_OK ? pi[i].fcrdns : -1);
		cmd_asn_cells(t, k, F_ASN, &ai[i]);
		services_classify_row(cat, r, &pi[i], &ai[i], &sc);
		out_str(t, k, F_SVC_TXT, sc.svc != NULL ? sc.svc->name : "-");
		out_str(t, k, F_VERDICT_TXT, services_verdict_word(sc.verdict));
		if (sc.svc != NULL) {
			out_str(t, k, F_SERVICE, sc.svc->name);
			out_str(t, k, F_KIND, svccat_kind_word(sc.svc->kind));
		}
		out_str(t, k, F_VERDICT, services_verdict_word(sc.verdict));
		if (sc.matched[0] != '\0')
			out_str(t, k, F_MATCHED, sc.matched);
		if (sc.fix[0] != '\0')
			out_str(t, k, F_FIX, sc.fix);
		out_int(t, k, F_MESSAGES, r->messages);
		out_int(t, k, F_DMARC_FAIL, r->dmarc_fail);
		out_int(t, k, F_SPF_FAIL, r->spf_fail);
		out_int(t, k, F_DKIM_FAIL, r->dkim_fail);
		out_int(t, k, F_QUAR, r->disp_quarantine);
		out_int(t, k, F_REJ, r->disp_reject);
		out_int(t, k, F_ALIGN_DIFF, r->align_diff);
		put_set(t, k, F_HFROM, &r->header_from);
		put_set(t, k, F_SPFDOM, &r->spf_domains);
		put_set(t, k, F_DKIMDOM, &r->dkim_domains);
		put_set(t, k, F_REPORTERS, &r->reporters);
		out_int(t, k, F_FIRST, r->first_seen);
		out_int(t, k, F_LAST, r->last_seen);
		if (st[i].verdict != NULL) {
			out_str(t, k, F_SPF_TODAY_TXT, st[i].text);
			out_str(t, k, F_SPF_TODAY, st[i].verdict);
			out_str(t, k, F_SPF_MECH, st[i].mechanism);
		} else	/* the table's text; CSV and JSON: empty, null */
			out_str(t, k, F_SPF_TODAY_TXT, "not checked");
	}
	return t->failed ? -1 : 0;
}

int
cmd_failures(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct fail_rows rows = { NULL, 0, 0 };
	struct svccat cat = { 0 };
	struct out_table t;
	struct ptr_info *pi = NULL;
	struct asn_info *ai = NULL;
	struct spf_today *st = NULL;
	struct ptr_opts po;
	struct ptr_stats ps;
	const char **ips = NULL, **doms = NULL;
	bool all = false;
	char win[80];
	size_t i;
	int i_arg, rc = DX_SOFTWARE;

	out_table_init(&t, fail_cols, F__N);
	/* The table shows SERVICE and VERDICT early (columns are hidden from
	 * the right on a narrow terminal); CSV and JSON keep their old
	 * columns first and add service, kind, verdict, matched, fix. */
	t.hide_text = (1ULL << F_SPF_TODAY) | (1ULL << F_SPF_MECH) |
	    (1ULL << F_SERVICE) | (1ULL << F_KIND) | (1ULL << F_VERDICT) |
	    (1ULL << F_MATCHED) | (1ULL << F_FIX);
	t.hide_csv = t.hide_json = (1ULL << F_SPF_TODAY_TXT) |
	    (1ULL << F_SVC_TXT) | (1ULL << F_VERDICT_TXT);
	cmd_asn_hide(ctx, &t, F_ASN);
	for (i_arg = 1; i_arg < argc; i_arg++) {
		if (strcmp(argv[i_arg], "--all") == 0)
			all = true;
		else {
			report_msg(0, "failures: unknown argument '%s'", argv[i_arg]);
			report_usage(stderr, ctx->cmd);
			return DX_USAGE;
		}
	}
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	rc = DX_SOFTWARE;
	if (report_check_scope(ctx->st, &ctx->opts, &err) == -1 ||
	    report_failures(ctx->st, &ctx->opts, !all, &rows, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((pi = calloc(rows.n + 1, sizeof(*pi))) == NULL ||
	    (ai = calloc(rows.n + 1, sizeof(*ai))) == NULL ||
	    (ips = calloc(rows.n + 1, sizeof(*ips))) == NULL ||
	    (st = calloc(rows.n + 1, sizeof(*st))) == NULL ||
	    (doms = calloc(rows.n + 1, sizeof(*doms))) == NULL)
		goto done;
	for (i = 0; i < rows.n; i++) {
		ips[i] = rows.v[i].source_ip;
		doms[i] = rows.v[i].domain;
	}
	cmd_ptr_opts(ctx, &po);
	if (ptr_lookup(ctx->st, &po, ips, rows.n, pi, &ps, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	cmd_ptr_note(&ps);
	if (cmd_asn_lookup(ctx, &po, ips, rows.n, ai, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if (policy_now_spf_today(&ctx->opts, doms, ips, rows.n, st,
	    &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((rc = cmd_services_load(ctx, &cat)) != DX_OK)
		goto done;
	rc = DX_SOFTWARE;
	if (fill(&t, &rows, pi, ai, st, &cat) == -1)
		goto done;
	if (rows.n == 0) {
		window_describe(&ctx->opts, win, sizeof(win));
		report_msg(0, "no DMARC failures in %s: every message had aligned"
		    " SPF or DKIM (use --all to list all sources)", win);
		if (ctx->opts.format == FMT_TABLE) {
			rc = DX_OK;
			goto done;
		}
	}
	rc = out_write(ctx->out, ctx->opts.format, &t, &ctx->opts, "failures") == -1 ?
	    DX_SOFTWARE : DX_OK;
done:
	out_table_release(&t);
	fail_rows_release(&rows);
	svccat_release(&cat);
	free(pi);
	free(ai);
	free(ips);
	free(doms);
	free(st);
	return rc;
}
