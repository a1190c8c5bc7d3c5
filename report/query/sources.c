/*
 * report/query/sources.c -- all traffic per source IP, grouped by the sending
 * organization (see failures.h).
 *
 * Design rationale: built on report_failures() (every row, all domains),
 * merged per IP across domains, then labelled with the PTR name's
 * organizational domain.  A known service (all of outlook.com's IPs)
 * thus shows as one group with its pass rate, and the unknown senders
 * stand apart.  Only forward-confirmed names group under a plain org.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/failures.h"
#include "store/align.h"
#include "util/count.h"

void
source_org_label(const struct ptr_info *p, char *out, size_t outlen)
{
	char org[PTR_NAME_MAX];

	switch (p->status) {
	case PTR_OK:
		if (align_org_domain(p->name, org, sizeof(org)) == -1)
			(void)snprintf(org, sizeof(org), "%s", p->name);
		(void)snprintf(out, outlen, p->fcrdns == 1 ? "%s" : "%s (unconfirmed)",
		    org);
		break;
	case PTR_NONE:
		(void)snprintf(out, outlen, "(no PTR)");
		break;
	case PTR_TEMP:
		(void)snprintf(out, outlen, "%s", ptr_display(p));
		break;
	default:
		(void)snprintf(out, outlen, "not looked up");
		break;
	}
}

static int
cmp_ip(const void *a, const void *b)
{
	const struct fail_row *x = a, *y = b;

	return strcmp(x->source_ip, y->source_ip);
}

static int
merge_set(struct strset *dst, const struct strset *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (strset_add(dst, src->v[i]) == -1)
			return -1;
	dst->truncated |= src->truncated;
	return 0;
}

static void
source_row_release(struct source_row *r)
{
	free(r->org);
	free(r->source_ip);
	strset_release(&r->domains);
	strset_release(&r->header_from);
	strset_release(&r->reporters);
	strset_release(&r->spf_domains);
	strset_release(&r->dkim_domains);
}

void
sources_release(struct sources *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		source_row_release(&s->v[i]);
	for (i = 0; i < s->norgs; i++)
		free(s->orgs[i].org);
	free(s->v);
	free(s->orgs);
	memset(s, 0, sizeof(*s));
}

/* Folds fail_row f into source row r (same IP). */
static int
fold(struct source_row *r, const struct fail_row *f)
{
	if (r->source_ip == NULL) {
		if ((r->source_ip = strdup(f->source_ip)) == NULL)
			return -1;
		r->first_seen = f->first_seen;
		r->last_seen = f->last_seen;
	}
	(void)dr_count_acc(&r->messages, f->messages);
	(void)dr_count_acc(&r->dmarc_fail, f->dmarc_fail);
	(void)dr_count_acc(&r->spf_fail, f->spf_fail);
	(void)dr_count_acc(&r->dkim_fail, f->dkim_fail);
	(void)dr_count_acc(&r->align_diff, f->align_diff);
	if (f->first_seen < r->first_seen)
		r->first_seen = f->first_seen;
	if (f->last_seen > r->last_seen)
		r->last_seen = f->last_seen;
	(void)dr_count_acc(&r->forwarded, f->forwarded);
	(void)dr_count_acc(&r->mailing_list, f->mailing_list);
	if (strset_add(&r->domains, f->domain) == -1 ||
	    merge_set(&r->header_from, &f->header_from) == -1 ||
	    merge_set(&r->spf_domains, &f->spf_domains) == -1 ||
	    merge_set(&r->dkim_domains, &f->dkim_domains) == -1 ||
	    merge_set(&r->reporters, &f->reporters) == -1)
		return -1;
	return 0;
}

static const struct sources *sort_ctx;

static int
cmp_org(const void *a, const void *b)
{
	const struct source_org *x = a, *y = b;

	if (x->messages != y->messages)
		return x->messages > y->messages ? -1 : 1;
	return strcmp(x->org, y->org);
}

static size_t
org_rank(const char *org)
{
	size_t i;

	for (i = 0; i < sort_ctx->norgs; i++)
		if (strcmp(sort_ctx->orgs[i].org, org) == 0)
			return i;
	return SIZE_MAX;
}

static int
cmp_src(const void *a, const void *b)
{
	const struct source_row *x = a, *y = b;
	size_t rx = org_rank(x->org), ry = org_rank(y->org);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->messages != y->messages)
		return x->messages > y->messages ? -1 : 1;
	return strcmp(x->source_ip, y->source_ip);
}

/* Builds the org table from the labelled rows. */
static int
group(struct sources *s)
{
	struct source_org *o;
	size_t i, j;

	if ((s->orgs = calloc(s->n + 1, sizeof(*s->orgs))) == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->norgs; j++)
			if (strcmp(s->orgs[j].org, s->v[i].org) == 0)
				break;
		o = &s->orgs[j];
		if (j == s->norgs) {
			if ((o->org = strdup(s->v[i].org)) == NULL)
				return -1;
			s->norgs++;
		}
		o->ips++;
		(void)dr_count_acc(&o->messages, s->v[i].messages);
		(void)dr_count_acc(&o->dmarc_fail, s->v[i].dmarc_fail);
	}
	qsort(s->orgs, s->norgs, sizeof(*s->orgs), cmp_org);
	sort_ctx = s;
	qsort(s->v, s->n, sizeof(*s->v), cmp_src);
	sort_ctx = NULL;
	return 0;
}

int
report_sources(struct store *st, const struct report_opts *o,
    const struct ptr_opts *po, struct sources *out, struct ptr_stats *ps,
    struct dr_err *err)
{
	struct fail_rows rows = { NULL, 0, 0 };
	struct ptr_info *pi = NULL;
	const char **ips = NULL;
	char label[PTR_NAME_MAX + 32];
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(ps, 0, sizeof(*ps));
	if (report_failures(st, o, false, &rows, err) == -1)
		return -1;
	qsort(rows.v, rows.n, sizeof(*rows.v), cmp_ip);
	if ((out->v = calloc(rows.n + 1, sizeof(*out->v))) == NULL)
		goto oom;
	for (i = 0; i < rows.n; i++) {
		if (out->n == 0 || strcmp(out->v[out->n - 1].source_ip,
		    rows.v[i].source_ip) != 0)
			out->n++;
		if (fold(&out->v[out->n - 1], &rows.v[i]) == -1)
			goto oom;
	}
	if ((pi = calloc(out->n + 1, sizeof(*pi))) == NULL ||
	    (ips = calloc(out->n + 1, sizeof(*ips))) == NULL)
		goto oom;
	for (i = 0; i < out->n; i++)
		ips[i] = out->v[i].source_ip;
	if (ptr_lookup(st, po, ips, out->n, pi, ps, err) == -1)
		goto done;
	for (i = 0; i < out->n; i++) {
		out->v[i].ptr = pi[i];
		source_org_label(&pi[i], label, sizeof(label));
		if ((out->v[i].org = strdup(label)) == NULL)
			goto oom;
	}
	if (group(out) == -1)
		goto oom;
	ret = 0;
	goto done;
oom:
	dr_fail(err, R_NOMEM, "sources");
done:
	if (ret == -1)
		sources_release(out);
	fail_rows_release(&rows);
	free(pi);
	free(ips);
	return ret;
}
