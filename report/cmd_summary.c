/*
 * report/cmd_summary.c -- `dmarc-report summary`: per policy domain,
 * messages, DMARC pass rate, aligned SPF/DKIM rates, dispositions (none,
 * quarantine, reject and other: they add up to the messages),
 * reporters, the policy reporters saw published, and (unless --no-dns)
 * the policy published now: DMARC NOW, SPF NOW, DKIM NOW in the table and
 * CSV, a "dns" object in JSON (report/check/policy_now.h).
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/query/failures.h"
#include "report/out/out.h"
#include "report/check/policy_now.h"

enum {
	S_DOMAIN, S_REPORTS, S_REPORTERS, S_MESSAGES, S_PASS, S_PASS_PCT,
	S_SPF_PCT, S_DKIM_PCT, S_NONE, S_QUAR, S_REJ, S_OTHER, S_POLICY, S_POLICIES,
	S_DMARC_NOW, S_SPF_NOW, S_DKIM_NOW, S__N
};

static const struct out_col sum_cols[S__N] = {
	[S_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[S_REPORTS] = { "reports", "REPORTS", COL_INT },
	[S_REPORTERS] = { "reporters", "REPORTERS", COL_INT },
	[S_MESSAGES] = { "messages", "MSGS", COL_INT },
	[S_PASS] = { "dmarc_pass", "DMARC PASS", COL_INT },
	[S_PASS_PCT] = { "dmarc_pass_pct", "PASS%", COL_PCT },
	[S_SPF_PCT] = { "spf_aligned_pct", "SPF ALIGNED%", COL_PCT },
	[S_DKIM_PCT] = { "dkim_aligned_pct", "DKIM ALIGNED%", COL_PCT },
	[S_NONE] = { "disp_none", "NONE", COL_INT },
	[S_QUAR] = { "disp_quarantine", "QUARANTINE", COL_INT },
	[S_REJ] = { "disp_reject", "REJECT", COL_INT },
	[S_OTHER] = { "disp_other", "OTHER", COL_INT },
	[S_POLICY] = { "policy", "POLICY (MOST SEEN)", COL_STR },
	[S_POLICIES] = { "policies_seen", "VARIANTS", COL_INT },
	[S_DMARC_NOW] = { "dmarc_now", "DMARC NOW", COL_STR },
	[S_SPF_NOW] = { "spf_now", "SPF NOW", COL_STR },
	[S_DKIM_NOW] = { "dkim_now", "DKIM NOW", COL_STR },
};

/* JSON has the policy now as one "dns" object, not as the text columns. */
#define S_NOW_COLS \
	((1ULL << S_DMARC_NOW) | (1ULL << S_SPF_NOW) | (1ULL << S_DKIM_NOW))

static void
json_dns(struct json_writer *w, size_t row, void *arg)
{
	const struct policy_now *pn = arg;

	json_key(w, "dns");
	policy_now_json(w, &pn[row]);
}

static int
policy_now(struct report_ctx *ctx, const struct summary_rows *rows,
    struct policy_now **out, struct dr_err *err)
{
	const char **doms = NULL;
	size_t i;
	int rc = -1;

	if ((*out = calloc(rows->n + 1, sizeof(**out))) == NULL ||
	    (doms = calloc(rows->n + 1, sizeof(*doms))) == NULL) {
		dr_fail(err, R_NOMEM, "summary");
		goto done;
	}
	for (i = 0; i < rows->n; i++)
		doms[i] = rows->v[i].domain;
	rc = policy_now_domains(ctx->st, &ctx->opts, doms, rows->n, *out, err);
done:
	free(doms);
	return rc;
}

int
cmd_summary(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct summary_rows rows = { NULL, 0, 0 };
	struct summary_row *r;
	struct policy_now *pn = NULL;
	struct out_table t;
	size_t i;
	long k;
	int rc = DX_SOFTWARE;

	out_table_init(&t, sum_cols, S__N);
	t.hide_json = S_NOW_COLS;
	t.json_extra = json_dns;
	if (argc > 1) {
		report_msg(0, "summary: unknown argument '%s'", argv[1]);
		report_usage(stderr, ctx->cmd);
		return DX_USAGE;
	}
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	rc = DX_SOFTWARE;
	if (report_check_scope(ctx->st, &ctx->opts, &err) == -1 ||
	    report_summary(ctx->st, &ctx->opts, &rows, &err) == -1 ||
	    policy_now(ctx, &rows, &pn, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	t.json_arg = pn;
	for (i = 0; i < rows.n; i++) {
		r = &rows.v[i];
		if ((k = out_row(&t)) < 0)
			goto done;
		out_str(&t, k, S_DOMAIN, r->domain);
		out_int(&t, k, S_REPORTS, r->reports);
		out_int(&t, k, S_REPORTERS, r->reporters);
		out_int(&t, k, S_MESSAGES, r->messages);
		out_int(&t, k, S_PASS, r->dmarc_pass);
		out_rate(&t, k, S_PASS_PCT, r->dmarc_pass, r->messages);
		out_rate(&t, k, S_SPF_PCT, r->spf_aligned, r->messages);
		out_rate(&t, k, S_DKIM_PCT, r->dkim_aligned, r->messages);
		out_int(&t, k, S_NONE, r->disp_none);
		out_int(&t, k, S_QUAR, r->disp_quarantine);
		out_int(&t, k, S_REJ, r->disp_reject);
		out_int(&t, k, S_OTHER, r->disp_other);
		out_str(&t, k, S_POLICY, r->policy);
		out_int(&t, k, S_POLICIES, (int64_t)r->policies.n);
		/* JSON: the "dns" object, null when not looked up */
		out_str(&t, k, S_DMARC_NOW, pn[i].checked ? pn[i].dmarc :
		    "not looked up");
		out_str(&t, k, S_SPF_NOW, pn[i].checked ? pn[i].spf :
		    "not looked up");
		out_str(&t, k, S_DKIM_NOW, pn[i].checked ? pn[i].dkim :
		    "not looked up");
	}
	if (t.failed)
		goto done;
	rc = out_write(ctx->out, ctx->opts.format, &t, &ctx->opts, "summary") == -1 ?
	    DX_SOFTWARE : DX_OK;
done:
	out_table_release(&t);
	summary_rows_release(&rows);
	free(pn);
	return rc;
}
