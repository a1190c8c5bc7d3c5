/*
 * report/query/weekly_ev.c -- what classifying the weekly page's detailed
 * sources needs (report/query/services.h): per (domain, IP), the DKIM and
 * SPF domains, header_from, failing, forwarded and mailing-list messages
 * over every record of the window's reports -- report_failures()'s row of
 * the pair -- without reading the window a second time.
 *
 * Design rationale: the page's scan (weekly_src.c) sees every record of the
 * window's reports anyway, passing and failing.  It chains each record's
 * id to its (domain, IP) in two flat arrays (16 bytes a record, no
 * allocation per record); after sorting, only the chains of the detailed
 * sources (WEEKLY_DETAIL per domain) are followed, one probe per record
 * (sql/report/weekly-evidence.sql).  The classification used to call
 * report_failures() restricted to those IPs, which read every record of
 * the window again with its DKIM and SPF results: 1.8 of the page's
 * 2.8-3.1 s over 10,000,000 records.  Records are chained only for the
 * reports report_failures() counts (wrep.in_fail: it leaves out a report
 * whose date_end is before both its date_begin and the window) and for
 * domains it knows (not ""), so the rows are the same.
 */
#include <stdlib.h>
#include <string.h>

#include "report/query/failures.h"
#include "report/query/weekly_int.h"
#include "store/read.h"
#include "util/count.h"
#include "util/limits.h"

int
weekly_ev_note(struct build *bd, const struct wrep *r, const char *ip,
    int64_t id)
{
	struct dsrc *ds = &bd->srcs[r->dom];
	struct evhead *e;
	size_t i, k;

	if (!r->in_fail || bd->w->domains[r->dom].name[0] == '\0')
		return 0;
	if (weekly_grow(&bd->ev_id, &bd->cap_evid, bd->n_evrec,
	    sizeof(*bd->ev_id)) == -1 ||
	    weekly_grow(&bd->ev_next, &bd->cap_evnext, bd->n_evrec,
	    sizeof(*bd->ev_next)) == -1)
		return dr_fail(bd->err, R_NOMEM, "source records");
	k = bd->n_evrec++;
	bd->ev_id[k] = id;
	bd->ev_next[k] = 0;
	if (weekly_map_get(&ds->emap, ip, &i)) {
		e = &ds->ev[i];
		bd->ev_next[e->tail - 1] = k + 1;
		e->tail = k + 1;
		return 0;
	}
	if (weekly_grow(&ds->ev, &ds->cap_ev, ds->n_ev, sizeof(*ds->ev)) == -1)
		return dr_fail(bd->err, R_NOMEM, "source records");
	e = &ds->ev[ds->n_ev];
	if ((e->ip = strdup(ip)) == NULL ||
	    weekly_map_put(&ds->emap, e->ip, ds->n_ev) == -1) {
		free(e->ip);
		e->ip = NULL;
		return dr_fail(bd->err, R_NOMEM, "source records");
	}
	e->head = e->tail = k + 1;
	ds->n_ev++;
	return 0;
}

void
weekly_ev_attach(struct build *bd)
{
	struct weekly_domain *d;
	size_t i, j, k;

	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		for (j = 0; j < d->n_sources; j++)
			if (weekly_map_get(&bd->srcs[i].emap,
			    d->sources[j].ip, &k))
				d->sources[j].ev_head = bd->srcs[i].ev[k].head;
	}
}

/* Folds the current row of s (one record x DKIM result x SPF result)
 * into r; first: the record's first row.  As failures.c rec_start() and
 * rec_auth() count. */
static int
fold(struct store_stmt *s, struct fail_row *r, bool first, struct dr_err *err)
{
	int64_t n;

	if (first) {
		n = dr_count_in(store_stmt_col_int64(s, 0),
		    DR_MAX_RECORD_COUNT);
		(void)dr_count_acc(&r->records, 1);
		(void)dr_count_acc(&r->messages, n);
		if (store_stmt_col_int64(s, 1) == 0)
			(void)dr_count_acc(&r->dmarc_fail, n);
		if (store_stmt_col_int64(s, 5) != 0)
			(void)dr_count_acc(&r->forwarded, n);
		if (store_stmt_col_int64(s, 6) != 0)
			(void)dr_count_acc(&r->mailing_list, n);
		if (strset_add(&r->header_from,
		    store_stmt_col_text(s, 2)) == -1)
			return dr_fail(err, R_NOMEM, "source evidence");
	}
	if (strset_add(&r->dkim_domains, store_stmt_col_text(s, 3)) == -1 ||
	    strset_add(&r->spf_domains, store_stmt_col_text(s, 4)) == -1)
		return dr_fail(err, R_NOMEM, "source evidence");
	return 0;
}

/* The evidence row of src (domain dom) from its chained records. */
static int
source_evidence(struct build *bd, struct store_stmt *s, const char *dom,
    struct weekly_source *src)
{
	struct fail_row *r;
	size_t k;
	int rc;
	bool first;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return dr_fail(bd->err, R_NOMEM, "source evidence");
	src->evidence = r;
	if ((r->domain = strdup(dom)) == NULL ||
	    (r->source_ip = strdup(src->ip)) == NULL)
		return dr_fail(bd->err, R_NOMEM, "source evidence");
	for (k = src->ev_head; k != 0; k = bd->ev_next[k - 1]) {
		store_stmt_reset(s);
		if (store_stmt_bind_int64(s, 1, bd->ev_id[k - 1],
		    bd->err) == -1)
			return -1;
		first = true;
		while ((rc = store_stmt_step(s, bd->err)) == 1) {
			if (fold(s, r, first, bd->err) == -1)
				return -1;
			first = false;
		}
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
weekly_read_evidence(struct build *bd)
{
	struct weekly_domain *d;
	struct store_stmt *s = NULL;
	size_t i, j;
	int ret = -1;

	if (store_stmt_open(bd->st, "report/weekly-evidence", &s,
	    bd->err) == -1)
		return -1;
	for (i = 0; i < bd->w->n_domains; i++) {
		d = &bd->w->domains[i];
		for (j = 0; j < d->n_sources && j < WEEKLY_DETAIL; j++)
			if (d->sources[j].ev_head != 0 &&
			    source_evidence(bd, s, d->name,
			    &d->sources[j]) == -1)
				goto done;
	}
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

void
weekly_ev_release(struct build *bd)
{
	size_t i, j;

	for (i = 0; bd->srcs != NULL && i < bd->srcs_cap; i++) {
		weekly_map_release(&bd->srcs[i].emap);
		for (j = 0; j < bd->srcs[i].n_ev; j++)
			free(bd->srcs[i].ev[j].ip);
		free(bd->srcs[i].ev);
	}
	free(bd->ev_id);
	free(bd->ev_next);
}
