/*
 * report/dns/ptr.c -- PTR cache and forward-confirmed reverse DNS (see ptr.h).
 *
 * Flow: read the cache for every distinct IP; send the misses and expired
 * entries to one resolver (all in flight at once, up to the resolver's
 * cap); each PTR answer starts its A/AAAA query from the callback; after
 * resolver_run() returns every answer is known and the definite ones are
 * written to ptr_cache in one short transaction.  The store's report mode
 * waits only briefly for the lock: when an ingest holds it we skip saving.
 * The statements are sql/report/ptr-get-many.sql and ptr-save.sql.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/dns/cache_many.h"
#include "report/dns/ptr.h"
#include "report/dns/resolver.h"
#include "store/read.h"
#include "store/store.h"

struct job {
	const char	*ip;
	struct ptr_info	*info;
	int		 ttl;
	struct resolver	*r;
	int		 pending;
};

const char *
ptr_display(const struct ptr_info *p)
{
	static const char *const temp[] = { "timeout", "refused", "SERVFAIL",
	    "bad reply" };
	static const char *const text[] = { "could not check (timeout)",
	    "could not check (refused)", "could not check (SERVFAIL)",
	    "could not check (bad reply)" };
	size_t i;

	switch (p->status) {
	case PTR_OK:	return p->name;
	case PTR_NONE:	return "(no PTR)";
	case PTR_TEMP:
		for (i = 0; p->cause != NULL && i < sizeof(temp) /
		    sizeof(temp[0]); i++)
			if (strcmp(p->cause, temp[i]) == 0)
				return text[i];
		return "could not check (DNS error)";
	default:	return "not looked up";
	}
}

static int
cmp_idx(const void *a, const void *b, void *ctx)
{
	const char *const *ips = ctx;

	return strcmp(ips[*(const size_t *)a], ips[*(const size_t *)b]);
}

static bool
same_addr(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (inet_pton(AF_INET, a, x) == 1)
		return inet_pton(AF_INET, b, y) == 1 && memcmp(x, y, 4) == 0;
	if (inet_pton(AF_INET6, a, x) == 1)
		return inet_pton(AF_INET6, b, y) == 1 && memcmp(x, y, 16) == 0;
	return false;
}

static void
clamp_ttl(struct job *j, int ttl)
{
	if (ttl < j->ttl || j->ttl < 0)
		j->ttl = ttl;
}

static void
on_forward(void *arg, const struct dns_answer *a)
{
	struct job *j = arg;
	size_t i;

	j->pending = 0;
	if (dns_status_is_temporary(a->status)) {
		j->info->fcrdns = -1;
		return;
	}
	clamp_ttl(j, a->ttl);
	j->info->fcrdns = 0;
	for (i = 0; i < a->n; i++)
		if (same_addr(j->ip, a->rr[i]))
			j->info->fcrdns = 1;
}

static void
on_ptr(void *arg, const struct dns_answer *a)
{
	struct job *j = arg;
	const char *best = NULL;
	size_t i;
	int n;

	j->ttl = -1;
	if (dns_status_is_temporary(a->status)) {
		j->info->status = PTR_TEMP;
		j->info->cause = dns_status_cause(a->status);
		return;
	}
	clamp_ttl(j, a->ttl);
	if (a->status != DNS_OK) {
		j->info->status = PTR_NONE;
		return;
	}
	/* Several PTRs: take the smallest name, so runs agree. */
	for (i = 0; i < a->n; i++)
		if (best == NULL || strcmp(a->rr[i], best) < 0)
			best = a->rr[i];
	n = snprintf(j->info->name, sizeof(j->info->name), "%s", best);
	if (n < 0 || (size_t)n >= sizeof(j->info->name)) {
		j->info->status = PTR_TEMP;
		j->info->cause = "bad reply";
		j->info->name[0] = '\0';
		return;
	}
	j->info->status = PTR_OK;
	j->info->fcrdns = -1;
	j->pending = 1;
	if (resolver_query(j->r, j->info->name, strchr(j->ip, ':') ? DNS_AAAA : DNS_A,
	    on_forward, j) == -1)
		j->pending = 0;
}

/*
 * Writes the definite answers of jobs to ptr_cache in one transaction.
 * Fails (err set, nothing saved) when the write lock is not to be had.
 */
static int
cache_save(struct store *st, struct job *jobs, size_t n, int64_t now,
    size_t *saved, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	int64_t ttl;
	size_t i;

	if (store_cache_begin(st, err) == -1)
		return -1;
	if (store_stmt_open(st, "report/ptr-save", &s, err) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		struct ptr_info *p = jobs[i].info;

		if (p->status != PTR_OK && p->status != PTR_NONE)
			continue;
		ttl = jobs[i].ttl < 0 ? 0 : jobs[i].ttl;
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, jobs[i].ip, err) == -1 ||
		    store_stmt_bind_text(s, 2, p->status == PTR_OK ? "ok" :
		    "nxdomain", err) == -1 ||
		    store_stmt_bind_text(s, 3, p->status == PTR_OK ? p->name :
		    NULL, err) == -1 ||
		    (p->fcrdns < 0 ? store_stmt_bind_null(s, 4, err) :
		    store_stmt_bind_int64(s, 4, p->fcrdns, err)) == -1 ||
		    store_stmt_bind_int64(s, 5, ttl, err) == -1 ||
		    store_stmt_bind_int64(s, 6, now, err) == -1)
			goto fail;
		ttl = ttl < PTR_TTL_MIN ? PTR_TTL_MIN : ttl > PTR_TTL_MAX ? PTR_TTL_MAX : ttl;
		if (store_stmt_bind_int64(s, 7, now + ttl, err) == -1 ||
		    store_stmt_step(s, err) == -1)
			goto fail;
		(*saved)++;
	}
	store_stmt_close(s);
	s = NULL;
	if (store_commit(st, err) == -1)
		goto fail;
	return 0;
fail:
	store_stmt_close(s);
	store_rollback(st);
	*saved = 0;
	return -1;
}

/* What ptr_lookup() fills from a cached row. */
struct ptr_fill {
	struct ptr_info	*out;
	char		*fresh;
};

/* A fresh ptr_cache row (sql/report/ptr-get-many.sql) into out[k]. */
static void
ptr_row(void *arg, struct store_stmt *s, size_t k)
{
	struct ptr_fill *f = arg;
	const char *status = store_stmt_col_text(s, 1);
	const char *name = store_stmt_col_text(s, 2);

	if (status != NULL && strcmp(status, "ok") == 0 && name != NULL) {
		f->out[k].status = PTR_OK;
		(void)snprintf(f->out[k].name, sizeof(f->out[k].name), "%s",
		    name);
	} else
		f->out[k].status = PTR_NONE;
	f->out[k].fcrdns = store_stmt_col_is_null(s, 3) ? -1 :
	    store_stmt_col_int64(s, 3) != 0;
	f->out[k].from_cache = true;
	f->fresh[k] = 1;
}

int
ptr_lookup(struct store *st, const struct ptr_opts *po, const char *const *ips,
    size_t n, struct ptr_info *out, struct ptr_stats *stats, struct dr_err *err)
{
	struct resolver *r = NULL;
	struct job *jobs = NULL;
	struct dr_err save_err = DR_ERR_INIT;
	struct ptr_fill fill;
	size_t *idx = NULL, i, k, nj = 0;
	char *fresh = NULL;
	int ret = -1;

	if (po->cache != NULL)
		st = po->cache;

	memset(stats, 0, sizeof(*stats));
	memset(out, 0, n * sizeof(*out));
	for (i = 0; i < n; i++)
		out[i].fcrdns = -1;
	if (n == 0)
		return 0;
	if ((idx = calloc(n, sizeof(*idx))) == NULL ||
	    (fresh = calloc(n, 1)) == NULL ||
	    (jobs = calloc(n, sizeof(*jobs))) == NULL) {
		dr_fail(err, R_NOMEM, "ptr lookup");
		goto done;
	}
	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_idx, (void *)ips);
	fill.out = out;
	fill.fresh = fresh;
	if (st != NULL && cache_get_many(st, "report/ptr-get-many", NULL, ips,
	    idx, n, 4, po->now, ptr_row, &fill, err) == -1)
		goto done;
	if (!po->no_dns && resolver_new(&r, po->dns_server, po->timeout_ms,
	    po->tries, err) == -1)
		goto done;
	for (i = 0; i < n; i++) {
		/* duplicates share the first one's answer, copied below */
		if (i > 0 && strcmp(ips[idx[i]], ips[idx[i - 1]]) == 0)
			continue;
		if (fresh[idx[i]]) {
			stats->cached++;
			continue;
		}
		if (r == NULL)
			continue;
		jobs[nj].ip = ips[idx[i]];
		jobs[nj].info = &out[idx[i]];
		jobs[nj].r = r;
		jobs[nj].ttl = -1;
		if (resolver_query_ptr(r, ips[idx[i]], on_ptr, &jobs[nj]) == -1) {
			dr_fail(err, R_NOMEM, "ptr query");
			goto done;
		}
		nj++;
	}
	if (r != NULL) {
		resolver_run(r);
		stats->looked_up = nj;
		stats->max_inflight = resolver_max_inflight(r);
	}
	for (i = 1; i < n; i++)
		if (strcmp(ips[idx[i]], ips[idx[i - 1]]) == 0)
			out[idx[i]] = out[idx[i - 1]];
	if (nj > 0 && po->can_write && st != NULL) {
		k = 0;
		/* busy or read-only: the answers are not saved, and no error */
		if (cache_save(st, jobs, nj, po->now, &k, &save_err) == -1) {
			stats->save_failed = true;
			dr_err_clear(&save_err);
		}
		stats->saved = k;
	}
	ret = 0;
done:
	resolver_free(r);
	free(jobs);
	free(fresh);
	free(idx);
	return ret;
}
