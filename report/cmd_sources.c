/*
 * report/cmd_sources.c -- `dmarc-report sources`: every source IP of the
 * window, grouped by sending organization, so a known service stands out
 * from unknown senders.  Table and JSON show the organizations first,
 * then the IPs; CSV holds the per-IP rows (with their org column).
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/query/services.h"
#include "util/svccat.h"
#include "report/query/failures.h"
#include "report/out/out.h"
#include "util/count.h"

enum { O_ORG, O_IPS, O_MSGS, O_FAIL, O_PASS_PCT, O__N };
static const struct out_col org_cols[O__N] = {
	[O_ORG] = { "org", "ORGANIZATION", COL_STR },
	[O_IPS] = { "ips", "IPS", COL_INT },
	[O_MSGS] = { "messages", "MSGS", COL_INT },
	[O_FAIL] = { "dmarc_fail", "DMARC FAIL", COL_INT },
	[O_PASS_PCT] = { "dmarc_pass_pct", "PASS%", COL_PCT },
};

enum {
	I_ORG, I_IP, I_PTR, I_FCRDNS, I_MSGS, I_FAIL, I_SPF, I_DKIM, I_PASS_PCT,
	I_DIFF, I_DOMAINS, I_HFROM, I_REPORTERS, I_FIRST, I_LAST,
	I_SERVICE, I_KIND, I_VERDICT, I_MATCHED,
	I_ASN, I__N = I_ASN + ASN_NCOLS
};
static const struct out_col ip_cols[I__N] = {
	[I_ORG] = { "org", "ORGANIZATION", COL_STR },
	[I_IP] = { "source_ip", "SOURCE IP", COL_STR },
	[I_PTR] = { "ptr", "PTR", COL_STR },
	[I_FCRDNS] = { "fcrdns", "FCRDNS", COL_BOOL3 },
	[I_MSGS] = { "messages", "MSGS", COL_INT },
	[I_FAIL] = { "dmarc_fail", "DMARC FAIL", COL_INT },
	[I_SPF] = { "spf_fail", "SPF FAIL", COL_INT },
	[I_DKIM] = { "dkim_fail", "DKIM FAIL", COL_INT },
	[I_PASS_PCT] = { "dmarc_pass_pct", "PASS%", COL_PCT },
	[I_DIFF] = { "align_diff", "ALIGN DIFF", COL_INT },
	[I_DOMAINS] = { "domains", "DOMAINS", COL_LIST },
	[I_HFROM] = { "header_from", "HEADER FROM", COL_LIST },
	[I_REPORTERS] = { "reporters", "REPORTERS", COL_LIST },
	[I_FIRST] = { "first_seen", "FIRST SEEN", COL_TIME },
	[I_LAST] = { "last_seen", "LAST SEEN", COL_TIME },
	[I_SERVICE] = { "service", "SERVICE", COL_STR },
	[I_KIND] = { "kind", "KIND", COL_STR },
	[I_VERDICT] = { "verdict", "VERDICT", COL_STR },
	[I_MATCHED] = { "matched", "MATCHED", COL_STR },
	ASN_COLS(I_ASN),
};

static void
put_set(struct out_table *t, long row, size_t col, const struct strset *s)
{
	out_list(t, row, col, (const char *const *)s->v, s->n, s->truncated);
}

/* The catalogue's view of source r (report/query/services.h). */
static void
classify(const struct svccat *cat, const struct source_row *r,
    struct svc_class *sc)
{
	struct svc_source in;

	memset(&in, 0, sizeof(in));
	in.ip = r->source_ip;
	services_source_net(&in, &r->ptr, &r->asn);
	in.header_from = r->header_from.n > 0 ? r->header_from.v[0] :
	    r->domains.n > 0 ? r->domains.v[0] : NULL;
	in.spf_domains = (const char *const *)r->spf_domains.v;
	in.n_spf = r->spf_domains.n;
	in.dkim_domains = (const char *const *)r->dkim_domains.v;
	in.n_dkim = r->dkim_domains.n;
	in.dmarc_fail = r->dmarc_fail;
	in.forwarded = r->forwarded;
	in.mailing_list = r->mailing_list;
	services_classify(cat, &in, sc);
}

static void
fill(const struct sources *s, const struct svccat *cat, struct out_table *orgs,
    struct out_table *ips)
{
	const struct source_row *r;
	struct svc_class sc;
	size_t i;
	long k;

	for (i = 0; i < s->norgs; i++) {
		if ((k = out_row(orgs)) < 0)
			return;
		out_str(orgs, k, O_ORG, s->orgs[i].org);
		out_int(orgs, k, O_IPS, (int64_t)s->orgs[i].ips);
		out_int(orgs, k, O_MSGS, s->orgs[i].messages);
		out_int(orgs, k, O_FAIL, s->orgs[i].dmarc_fail);
		out_rate(orgs, k, O_PASS_PCT, dr_count_sub(s->orgs[i].messages,
		    s->orgs[i].dmarc_fail), s->orgs[i].messages);
	}
	for (i = 0; i < s->n; i++) {
		r = &s->v[i];
		if ((k = out_row(ips)) < 0)
			return;
		out_str(ips, k, I_ORG, r->org);
		out_str(ips, k, I_IP, r->source_ip);
		out_str(ips, k, I_PTR, ptr_display(&r->ptr));
		out_int(ips, k, I_FCRDNS, r->ptr.status == PTR_OK ? r->ptr.fcrdns : -1);
		cmd_asn_cells(ips, k, I_ASN, &r->asn);
		out_int(ips, k, I_MSGS, r->messages);
		out_int(ips, k, I_FAIL, r->dmarc_fail);
		out_int(ips, k, I_SPF, r->spf_fail);
		out_int(ips, k, I_DKIM, r->dkim_fail);
		out_rate(ips, k, I_PASS_PCT, dr_count_sub(r->messages,
		    r->dmarc_fail), r->messages);
		out_int(ips, k, I_DIFF, r->align_diff);
		put_set(ips, k, I_DOMAINS, &r->domains);
		put_set(ips, k, I_HFROM, &r->header_from);
		put_set(ips, k, I_REPORTERS, &r->reporters);
		out_int(ips, k, I_FIRST, r->first_seen);
		out_int(ips, k, I_LAST, r->last_seen);
		classify(cat, r, &sc);
		if (sc.svc != NULL) {
			out_str(ips, k, I_SERVICE, sc.svc->name);
			out_str(ips, k, I_KIND, svccat_kind_word(sc.svc->kind));
		}
		out_str(ips, k, I_VERDICT, services_verdict_word(sc.verdict));
		if (sc.matched[0] != '\0')
			out_str(ips, k, I_MATCHED, sc.matched);
	}
}

/* The network of each source IP (report/dns/asn.h) into s->v[i].asn. */
static int
add_asn(struct report_ctx *ctx, const struct ptr_opts *po, struct sources *s,
    struct dr_err *err)
{
	struct asn_info *ai;
	const char **ips;
	size_t i;
	int ret = -1;

	ai = calloc(s->n + 1, sizeof(*ai));
	ips = calloc(s->n + 1, sizeof(*ips));
	if (ai == NULL || ips == NULL) {
		dr_fail(err, R_NOMEM, "sources: asn");
		goto done;
	}
	for (i = 0; i < s->n; i++)
		ips[i] = s->v[i].source_ip;
	if (cmd_asn_lookup(ctx, po, ips, s->n, ai, err) == -1)
		goto done;
	for (i = 0; i < s->n; i++)
		s->v[i].asn = ai[i];
	ret = 0;
done:
	free(ai);
	free(ips);
	return ret;
}

int
cmd_sources(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct sources s;
	struct svccat cat = { 0 };
	struct out_table orgs, ips;
	struct ptr_opts po;
	struct ptr_stats ps;
	struct json_writer w;
	int rc = DX_SOFTWARE;

	memset(&s, 0, sizeof(s));
	out_table_init(&orgs, org_cols, O__N);
	out_table_init(&ips, ip_cols, I__N);
	ips.hide_text = 1ULL << I_KIND;	/* SERVICE, VERDICT, MATCHED shown */
	cmd_asn_hide(ctx, &ips, I_ASN);
	if (argc > 1) {
		report_msg(0, "sources: unknown argument '%s'", argv[1]);
		report_usage(stderr, ctx->cmd);
		return DX_USAGE;
	}
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	rc = DX_SOFTWARE;
	cmd_ptr_opts(ctx, &po);
	if (report_check_scope(ctx->st, &ctx->opts, &err) == -1 ||
	    report_sources(ctx->st, &ctx->opts, &po, &s, &ps, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	cmd_ptr_note(&ps);
	if (add_asn(ctx, &po, &s, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((rc = cmd_services_load(ctx, &cat)) != DX_OK)
		goto done;
	rc = DX_SOFTWARE;
	fill(&s, &cat, &orgs, &ips);
	if (orgs.failed || ips.failed)
		goto done;
	rc = DX_OK;
	if (out_table_has_sat(&orgs) || out_table_has_sat(&ips))
		out_warn_sat();
	switch (ctx->opts.format) {
	case FMT_CSV:
		if (out_csv_write(ctx->out, &ips) == -1)
			rc = DX_SOFTWARE;
		break;
	case FMT_JSON:
		json_init(&w, ctx->out, true);
		json_obj_begin(&w);
		json_key(&w, "organizations");
		out_json_rows(&w, &orgs);
		json_key(&w, "rows");
		out_json_rows(&w, &ips);
		json_obj_end(&w);
		if (json_finish(&w) == -1)
			rc = DX_SOFTWARE;
		break;
	case FMT_TABLE:
		if (out_text_write_fit(ctx->out, &orgs, ctx->opts.term_cols) == -1 ||
		    fputc('\n', ctx->out) == EOF ||
		    out_text_write_fit(ctx->out, &ips, ctx->opts.term_cols) == -1)
			rc = DX_SOFTWARE;
		break;
	}
done:
	out_table_release(&orgs);
	out_table_release(&ips);
	sources_release(&s);
	svccat_release(&cat);
	return rc;
}
