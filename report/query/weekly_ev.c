/*
 * report/query/weekly_ev.c -- what classifying the weekly page's detailed
 * sources needs (report/query/services.h): per (domain, IP), the DKIM and
 * SPF domains, header_from, failing, forwarded and mailing-list messages
 * over every record of the window's reports -- report_failures()'s row of
 * the pair.
 *
 * Design rationale: that row is report_failures_lite()'s over the page's
 * window, which the window rollup (rollup.c, sql/migrations/0012-rollup.sql)
 * keeps per interval: one read of the cache per domain (and, for the
 * intervals it lacks, one computation from their records, stored for the
 * next run) instead of one probe per record of the detailed sources --
 * 67,000 statements over the 10,000,000-record benchmark, round trips
 * that made the page take most of a minute on PostgreSQL.  The rows are
 * taken for the report_failures() window and for known domains (not ""),
 * as before.
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/failures.h"
#include "report/query/weekly_int.h"

/* A deep copy of r's counts and sets; -1 out of memory. */
static int
row_copy(struct fail_row *dst, const struct fail_row *src)
{
	const struct strset *from[3] = { &src->header_from, &src->spf_domains,
	    &src->dkim_domains };
	struct strset *to[3] = { &dst->header_from, &dst->spf_domains,
	    &dst->dkim_domains };
	size_t i;
	int k;

	memset(dst, 0, sizeof(*dst));
	dst->records = src->records;
	dst->messages = src->messages;
	dst->dmarc_fail = src->dmarc_fail;
	dst->forwarded = src->forwarded;
	dst->mailing_list = src->mailing_list;
	if ((dst->domain = strdup(src->domain)) == NULL ||
	    (dst->source_ip = strdup(src->source_ip)) == NULL)
		return -1;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < from[k]->n; i++)
			if (strset_add(to[k], from[k]->v[i]) == -1)
				return -1;
		to[k]->truncated = from[k]->truncated;
	}
	return 0;
}

static int
row_key_cmp(const void *key, const void *elem)
{
	const struct fail_row *k = key, *r = elem;
	int c = strcmp(k->domain, r->domain);

	return c != 0 ? c : strcmp(k->source_ip, r->source_ip);
}

static int
row_sort_cmp(const void *a, const void *b)
{
	return row_key_cmp(a, b);
}

int
weekly_read_evidence(struct build *bd)
{
	struct report_opts o;
	struct fail_rows rows = { NULL, 0, 0 };
	struct rollup_want *want = NULL;
	const char **ips = NULL;
	struct weekly_domain *d;
	struct weekly_source *src;
	struct fail_row key, *r;
	size_t i, j, nw = 0, nip = 0;
	int ret = -1;

	memset(&o, 0, sizeof(o));
	o.win_start = bd->w->start;
	o.win_end = bd->w->end;
	for (i = 0; i < bd->w->n_domains; i++)
		nip += bd->w->domains[i].n_sources < WEEKLY_DETAIL ?
		    bd->w->domains[i].n_sources : WEEKLY_DETAIL;
	if (nip == 0)
		return 0;
	if ((want = calloc(bd->w->n_domains, sizeof(*want))) == NULL ||
	    (ips = calloc(nip, sizeof(*ips))) == NULL) {
		dr_fail(bd->err, R_NOMEM, "source evidence");
		goto done;
	}
	nip = 0;
	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		if (d->name[0] == '\0' || d->n_sources == 0)
			continue;
		want[nw].domain = d->name;
		want[nw].ips = &ips[nip];
		for (j = 0; j < d->n_sources && j < WEEKLY_DETAIL; j++)
			ips[nip++] = d->sources[j].ip;
		want[nw].n = j;
		if (o.n_domains < REPORT_MAX_DOMAINS)
			o.domains[o.n_domains] = d->name;
		o.n_domains++;
		nw++;
	}
	if (nw == 0) {
		ret = 0;
		goto done;
	}
	if (o.n_domains > REPORT_MAX_DOMAINS)
		o.n_domains = 0;	/* all of the window's */
	if (report_failures_rollup(bd->st, bd->o->cache_st, &o, want, nw,
	    &rows, bd->err) == -1)
		goto done;
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof(*rows.v), row_sort_cmp);
	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		if (d->name[0] == '\0')
			continue;
		for (j = 0; j < d->n_sources && j < WEEKLY_DETAIL; j++) {
			src = &d->sources[j];
			key.domain = d->name;
			key.source_ip = src->ip;
			if ((r = bsearch(&key, rows.v, rows.n, sizeof(*rows.v),
			    row_key_cmp)) == NULL)
				continue;
			if ((src->evidence = calloc(1,
			    sizeof(*src->evidence))) == NULL ||
			    row_copy(src->evidence, r) == -1) {
				dr_fail(bd->err, R_NOMEM, "source evidence");
				goto done;
			}
		}
	}
	ret = 0;
done:
	fail_rows_release(&rows);
	free(want);
	free(ips);
	return ret;
}
