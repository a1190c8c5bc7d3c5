/*
 * report/cmd_html.c -- `dmarc-report html`: the weekly summary page.
 *
 *   dmarc-report html [--week YYYY-Www | --since D --until D | --days N]
 *       [--domain D]... [--no-dns] [--dns-server IP] [-o FILE | --mail FROM TO]
 *
 * Thin (STYLE practice 2): picks the window, calls weekly_build(), adds
 * what DNS knows (PTR names and organizations through report/dns/ptr.h, the
 * published policy and its findings through the DNS checks) and the
 * readiness verdict over the 28 days to the window's end
 * (cmd_ready_build(), as `dmarc-report readiness`), and writes
 * html_write()'s page to FILE (util/fsx.h fsx_write_out: atomically over
 * a regular file or a new name, keeping the file's mode; through a FIFO or
 * a device, never replacing it; a symbolic link is followed), to stdout
 * (no -o, or -o -), or wrapped in a MIME message.  Without a window option
 * the page covers the last complete ISO week before "now", which is what a
 * Monday cron run wants.  The hidden option --now EPOCH (or
 * $DMARC_RUA_NOW, from 2000-01-01 on) fixes "now" so that tests get the
 * same bytes every run.  Exit status: 0 page written (an empty week
 * is a page that says so), 64 usage, 70 error, 75 database busy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "report/report.h"
#include "report/query/failures.h"
#include "report/html/html.h"
#include "report/out/out.h"
#include "report/html/html_dns.h"
#include "report/html/html_mail.h"
#include "report/dns/ptr.h"
#include "report/query/services.h"
#include "report/query/weekly.h"
#include "util/svccat.h"
#include "store/store.h"
#include "util/fsx.h"
#include "util/limits.h"

/* Sources of d that get PTR names (the detailed ones, weekly.h). */
#define DETAILED(d)	((d)->n_sources < WEEKLY_DETAIL ? (d)->n_sources : WEEKLY_DETAIL)

/* The earliest "now": 2000-01-01 00:00 UTC.  DMARC reports do not exist
 * before 2012, and the ISO-week label is only defined from 1970 on (--now 0
 * was labelled 1969-W01); a smaller value is a typo, refused. */
#define HTML_NOW_MIN	INT64_C(946684800)
#define HTML_NOW_MAX	((int64_t)1 << 40)

struct html_args {
	const char	*week;
	const char	*out;
	const char	*from, *to;
	int64_t		 now;
	size_t		 top;
};

static bool
is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static int
parse_args(struct html_args *a, const struct report_opts *ro, int argc,
    char **argv)
{
	const char *env = getenv("DMARC_RUA_NOW");
	int64_t v;
	int i;

	memset(a, 0, sizeof(*a));
	a->now = (int64_t)time(NULL);
	if (env != NULL && *env != '\0' &&
	    report_parse_i64(env, HTML_NOW_MIN, HTML_NOW_MAX, &a->now) == -1)
		return report_msg(-1, "DMARC_RUA_NOW '%s': expected Unix seconds"
		    " from 2000-01-01 (946684800) on", env);
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		bool more = i + 1 < argc;

		if (strcmp(o, "--week") == 0 && more)
			a->week = argv[++i];
		else if ((strcmp(o, "-o") == 0 || strcmp(o, "--output") == 0) && more)
			a->out = strcmp(argv[++i], "-") == 0 ? NULL : argv[i];
		else if (strcmp(o, "--mail") == 0 && i + 2 < argc &&
		    argv[i + 1][0] != '-') {
			a->from = argv[++i];
			a->to = argv[++i];
		} else if (strcmp(o, "--mail") == 0 && ro->mail_from != NULL &&
		    ro->mail_to != NULL) {
			/* the config file's mail-from and mail-to */
			a->from = ro->mail_from;
			a->to = ro->mail_to;
		} else if (strcmp(o, "--mail") == 0)
			return report_msg(-1, "html: --mail needs FROM TO, or"
			    " mail-from and mail-to in the configuration file");
		else if (strcmp(o, "--now") == 0 && more) {
			if (report_parse_i64(argv[++i], HTML_NOW_MIN, HTML_NOW_MAX,
			    &a->now) == -1)
				return report_msg(-1, "--now '%s': expected Unix seconds"
				    " from 2000-01-01 (946684800) on", argv[i]);
		} else if (strcmp(o, "--top") == 0 && more) {
			if (report_parse_i64(argv[++i], 1, 1000, &v) == -1)
				return report_msg(-1, "--top '%s': expected 1 to 1000", argv[i]);
			a->top = (size_t)v;
		} else
			return report_msg(-1, "html: unknown option or missing value '%s'", o);
	}
	if (a->out != NULL && a->from != NULL)
		return report_msg(-1, "html: give -o FILE or --mail FROM TO, not both");
	if (a->from != NULL && (!html_mail_addr_ok(a->from) || !html_mail_addr_ok(a->to)))
		return report_msg(-1, "html: --mail FROM TO: expected two e-mail addresses");
	return 0;
}

/* Window: --week, else the shared --since/--until/--days, else the last
 * complete ISO week before now. */
static int
pick_window(struct report_ctx *ctx, const struct html_args *a, char *label,
    size_t labellen, struct dr_err *err)
{
	struct report_opts *o = &ctx->opts;
	int64_t monday, day;

	label[0] = '\0';
	if (a->week != NULL) {
		if (o->since_arg || o->until_arg || o->days)
			return dr_fail(err, R_USAGE, "--week excludes --since, --until and --days");
		if (weekly_parse_isoweek(a->week, &monday) == -1)
			return dr_fail(err, R_USAGE, "--week '%s': expected YYYY-Www", a->week);
		o->win_start = monday;
		o->win_end = monday + 7 * WEEKLY_DAY;
	} else if (o->since_arg || o->until_arg || o->days) {
		if (window_resolve(o, a->now, err) == -1)
			return -1;
		if ((o->win_end - o->win_start) / WEEKLY_DAY > WEEKLY_MAX_DAYS)
			return dr_fail(err, R_USAGE, "the page covers at most %d days",
			    WEEKLY_MAX_DAYS);
		return 0;
	} else {
		day = a->now / WEEKLY_DAY;
		monday = (day - (day + 3) % 7) * WEEKLY_DAY;
		o->win_start = monday - 7 * WEEKLY_DAY;
		o->win_end = monday;
	}
	weekly_fmt_isoweek(o->win_start, label, labellen);
	return 0;
}

static int
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return s && *dst == NULL ? -1 : 0;
}

/* The network cell of s from a: "NAME (AS15169)", or what is known. */
static int
set_network(struct weekly_source *s, const struct asn_info *a)
{
	char buf[DR_ASN_NAME_MAX + 32], num[16];
	const char *name = asn_name_display(a);

	if (a->status != ASN_OK)
		return set_str(&s->network, a->status == ASN_UNKNOWN ?
		    "not looked up" : asn_display(a, num, sizeof(num)));
	s->asn = a->asn;
	if (a->name_status == ASN_OK && set_str(&s->as_name, a->as_name))
		return -1;
	if (*a->cc != '\0' && set_str(&s->cc, a->cc))
		return -1;
	if (name != NULL && *name != '\0')
		(void)snprintf(buf, sizeof(buf), "%s (AS%u)", name, a->asn);
	else
		(void)snprintf(buf, sizeof(buf), "AS%u", a->asn);
	return set_str(&s->network, buf);
}

/*
 * Who source s of domain is (the catalogue of sending services, with the
 * window's DKIM and SPF domains and reporters' reasons: report_failures()'s
 * row, which weekly_build() gathered as s->evidence), and whether it
 * counts as known: a service matched, or a verdict of forwarded, mailing
 * list or yours.
 */
static int
classify(const struct svccat *cat, const char *domain,
    const struct ptr_info *p, const struct asn_info *a,
    struct weekly_source *s)
{
	const struct fail_row *r = s->evidence;
	struct fail_row empty;
	struct svc_class sc;

	if (r == NULL) {
		memset(&empty, 0, sizeof(empty));
		empty.domain = (char *)domain;
		empty.source_ip = s->ip;
		empty.dmarc_fail = s->msgs;
		r = &empty;
	}
	services_classify_row(cat, r, p, a, &sc);
	s->verdict = (int)sc.verdict;
	s->svc_kind = sc.svc != NULL ? svccat_kind_text(sc.svc->kind) : NULL;
	if (set_str(&s->svc_name, sc.svc != NULL ? sc.svc->name : NULL) ||
	    set_str(&s->matched, sc.matched[0] ? sc.matched : NULL) ||
	    set_str(&s->fix, sc.fix[0] ? sc.fix : NULL) ||
	    set_str(&s->hfrom, r->header_from.n > 0 ? r->header_from.v[0] :
	    domain))
		return -1;
	if (sc.svc != NULL || sc.verdict == SV_FORWARDED ||
	    sc.verdict == SV_MAILING_LIST || sc.verdict == SV_YOURS) {
		s->known = true;
		if (set_str(&s->known_what, sc.svc != NULL ? sc.svc->name :
		    "forwarder or list, per reporter"))
			return -1;
	}
	return 0;
}

static int
add_ptr(struct report_ctx *ctx, struct weekly *w, int64_t now,
    const struct svccat *cat, struct dr_err *err)
{
	struct ptr_opts po;
	struct ptr_stats ps;
	struct ptr_info *pi = NULL;
	struct asn_info *ai = NULL;
	const char **ips = NULL;
	struct weekly_source *s;
	char label[PTR_NAME_MAX + 32];
	size_t n = 0, k = 0, i, j;
	int ret = -1;

	for (i = 0; i < w->n_domains; i++)
		n += DETAILED(&w->domains[i]) + w->domains[i].n_passers;
	if (n == 0)
		return 0;
	ips = calloc(n, sizeof(*ips));
	pi = calloc(n, sizeof(*pi));
	if (ips == NULL || pi == NULL) {
		dr_fail(err, R_NOMEM, "ptr");
		goto done;
	}
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < DETAILED(&w->domains[i]); j++)
			ips[k++] = w->domains[i].sources[j].ip;
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < w->domains[i].n_passers; j++)
			ips[k++] = w->domains[i].passers[j].ip;
	memset(&ps, 0, sizeof(ps));
	cmd_ptr_opts(ctx, &po);
	po.now = now;
	if (ptr_lookup(ctx->st, &po, ips, n, pi, &ps, err) == -1)
		goto done;
	cmd_ptr_note(&ps);
	if ((ai = calloc(n, sizeof(*ai))) == NULL) {
		dr_fail(err, R_NOMEM, "asn");
		goto done;
	}
	if (cmd_asn_lookup(ctx, &po, ips, n, ai, err) == -1)
		goto done;
	for (i = k = 0; i < w->n_domains; i++)
		for (j = 0; j < DETAILED(&w->domains[i]); j++, k++) {
			s = &w->domains[i].sources[j];
			source_org_label(&pi[k], label, sizeof(label));
			if (set_str(&s->ptr, ptr_display(&pi[k])) ||
			    set_str(&s->org, label))
				goto nomem;
			s->has_ptr_name = pi[k].status == PTR_OK;
			if (!ctx->opts.no_asn && set_network(s, &ai[k]) == -1)
				goto nomem;
			if (classify(cat, w->domains[i].name, &pi[k], &ai[k],
			    s) == -1)
				goto nomem;
		}
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < w->domains[i].n_passers; j++, k++)
			if (set_str(&w->domains[i].passers[j].ptr,
			    ptr_display(&pi[k])))
				goto nomem;
	ret = 0;
	goto done;
nomem:
	dr_fail(err, R_NOMEM, "ptr names");
done:
	free(ips);
	free(pi);
	free(ai);
	return ret;
}

/*
 * Readiness for a stricter policy over the DR_READY_DAYS days that end
 * with the page's window, as `dmarc-report readiness` computes it
 * (cmd_ready_build(): the policy from the page's own DNS checks, else the
 * reports'; PTR and ASN answers from the caches).  (*ready)[i] is
 * w->domains[i]'s, or NULL.
 */
static void
ready_window(const struct report_ctx *ctx, struct report_opts *o)
{
	*o = ctx->opts;
	o->win_start = o->win_end - (int64_t)DR_READY_DAYS * WEEKLY_DAY;
}

/* pre: the read ahead (cmd_ready_pre_start()) or NULL; always ended. */
static int
add_readiness(struct report_ctx *ctx, const struct weekly *w,
    const struct svccat *cat, const struct html_policy *pol,
    struct ready_pre *pre, struct cmd_ready *cr,
    const struct ready_domain ***ready, int64_t *start, struct dr_err *err)
{
	struct report_opts o;
	const char **dom = NULL, **p = NULL;
	size_t i, j;
	int rc = -1;

	ready_window(ctx, &o);
	*start = o.win_start;
	if (w->n_domains == 0) {
		cmd_ready_pre_end(pre);
		return 0;	/* nothing to show it for */
	}
	if ((dom = calloc(w->n_domains + 1, sizeof(*dom))) == NULL ||
	    (p = calloc(w->n_domains + 1, sizeof(*p))) == NULL ||
	    (*ready = calloc(w->n_domains + 1, sizeof(**ready))) == NULL) {
		cmd_ready_pre_end(pre);
		dr_fail(err, R_NOMEM, "html: readiness");
		goto done;
	}
	for (i = 0; i < w->n_domains; i++) {
		dom[i] = w->domains[i].name;
		p[i] = pol[i].checked ? pol[i].p : NULL;
	}
	/* Only the page's domains, when they fit the list (per domain the
	 * answers are the same; the others would only cost time). */
	if (o.n_domains == 0 && w->n_domains <= REPORT_MAX_DOMAINS) {
		for (i = 0; i < w->n_domains; i++)
			o.domains[i] = dom[i];
		o.n_domains = w->n_domains;
	}
	if (cmd_ready_build(ctx, &o, cat, dom, p, w->n_domains, pre, cr,
	    err) == -1)
		goto done;
	for (i = 0; i < w->n_domains; i++)
		for (j = 0; j < cr->rd->ndom; j++)
			if (strcmp(cr->rd->dom[j].domain, dom[i]) == 0)
				(*ready)[i] = &cr->rd->dom[j];
	rc = 0;
done:
	free(dom);
	free(p);
	return rc;
}

/* Writes the page (and for --mail the message) into one memory buffer. */
static int
render(const struct html_page *pg, const struct html_args *a, char **out,
    size_t *outlen)
{
	char *html = NULL, *text = NULL, subject[128], b1[16], b2[16];
	size_t hlen = 0, tlen = 0;
	FILE *fp;
	int ret = -1;

	if ((fp = open_memstream(&html, &hlen)) == NULL)
		return -1;
	if (html_write(fp, pg) == -1 || fclose(fp) == EOF)
		goto done;
	if (a->from == NULL) {
		*out = html;
		*outlen = hlen;
		return 0;
	}
	if ((fp = open_memstream(&text, &tlen)) == NULL)
		goto done;
	html_text_summary(fp, pg);
	if (fclose(fp) == EOF)
		goto done;
	window_fmt_day(pg->w->start, b1, sizeof(b1));
	window_fmt_day(pg->w->end - WEEKLY_DAY, b2, sizeof(b2));
	if (pg->label != NULL)
		(void)snprintf(subject, sizeof(subject), "DMARC weekly summary %s"
		    " (%s to %s)", pg->label, b1, b2);
	else
		(void)snprintf(subject, sizeof(subject), "DMARC summary, %s to %s",
		    b1, b2);
	if ((fp = open_memstream(out, outlen)) == NULL)
		goto done;
	if (html_mail_write(fp, a->from, a->to, subject, a->now, html, hlen, text,
	    tlen) == -1) {
		(void)fclose(fp);
		free(*out);
		*out = NULL;
		goto done;
	}
	if (fclose(fp) == EOF)
		goto done;
	ret = 0;
done:
	free(html);
	free(text);
	return ret;
}

int
cmd_html(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct html_args a;
	struct weekly_opts wo;
	struct weekly *w = NULL;
	struct html_page pg;
	struct html_policy *pol = NULL;
	struct svccat cat = { 0 };
	struct cmd_ready cr = { 0 };
	struct report_opts ro;
	struct ready_pre *pre = NULL, *rdy;
	const struct ready_domain **ready = NULL;
	int64_t ready_start = 0;
	char label[16], *page = NULL;
	size_t plen = 0, i;
	int rc = DX_SOFTWARE;

	if (parse_args(&a, &ctx->opts, argc, argv) == -1)
		return DX_USAGE;
	if (pick_window(ctx, &a, label, sizeof(label), &err) == -1)
		return report_fail(&err);
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	rc = DX_SOFTWARE;
	memset(&wo, 0, sizeof(wo));
	wo.start = ctx->opts.win_start;
	wo.end = ctx->opts.win_end;
	wo.domains = ctx->opts.domains;
	wo.n_domains = ctx->opts.n_domains;
	wo.now = a.now;
	wo.pass_top = a.top;	/* 0: the default */
	wo.cache_st = report_cache_store(ctx);
	if ((rc = cmd_services_load(ctx, &cat)) != DX_OK)
		goto done;
	rc = DX_SOFTWARE;
	ready_window(ctx, &ro);
	pre = cmd_ready_pre_start(ctx, &ro);
	if (weekly_build(&w, ctx->st, &wo, &err) == -1 ||
	    add_ptr(ctx, w, a.now, &cat, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if (weekly_has_sat(w))
		out_warn_sat();
	if ((pol = calloc(w->n_domains + 1, sizeof(*pol))) == NULL)
		goto done;
	if (!ctx->opts.no_dns && html_dns_checks(&ctx->opts, w, pol, a.now, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	rdy = pre;
	pre = NULL;	/* add_readiness() ends it */
	if (add_readiness(ctx, w, &cat, pol, rdy, &cr, &ready, &ready_start,
	    &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	memset(&pg, 0, sizeof(pg));
	pg.rd = cr.rd;
	pg.ready = ready;
	pg.ready_start = ready_start;
	pg.w = w;
	pg.label = label[0] ? label : NULL;
	pg.generated = a.now;
	pg.dns_ran = !ctx->opts.no_dns;
	pg.show_asn = !ctx->opts.no_asn;
	pg.policies = pol;
	pg.top_n = a.top;
	pg.mail = a.from != NULL;
	if (render(&pg, &a, &page, &plen) == -1) {
		report_msg(0, "html: out of memory while writing the page");
		goto done;
	}
	if (a.out != NULL) {
		if (fsx_write_out(a.out, page, plen) == -1) {
			report_msg(0, "html: cannot write %s: %s", a.out,
			    errno == ENOENT && is_link(a.out) ? "a symbolic link"
			    " to a missing file (refused)" : strerror(errno));
			goto done;
		}
	} else if (fwrite(page, 1, plen, ctx->out) != plen) {
		report_msg(0, "html: error writing output: %s", strerror(errno));
		goto done;
	}
	rc = DX_OK;
done:
	if (pol != NULL && w != NULL)
		for (i = 0; i < w->n_domains; i++)
			html_policy_release(&pol[i]);
	free(pol);
	free(page);
	cmd_ready_pre_end(pre);
	weekly_free(w);
	cmd_ready_release(&cr);
	free(ready);
	svccat_release(&cat);
	return rc;
}
