/*
 * report/dns/cache_many.h -- reading a per-IP cache (ptr_cache, asn_cache)
 * for many IPs: one statement per batch of them (a JSON array:
 * sql/report/ptr-get-many.sql, asn-get-many.sql), its rows, by IP,
 * walked with the sorted order of the IPs asked.  Readiness asks for every source of 28
 * days: hundreds of thousands of IPs, a round trip each on PostgreSQL when
 * asked one by one.
 */
#ifndef DR_CACHE_MANY_H
#define DR_CACHE_MANY_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;
struct store_stmt;

/* Per IP: a fresh row of it (k: the IP's index in ips). */
typedef void (*cache_row_fn)(void *arg, struct store_stmt *s, size_t k);

/*
 * Runs statement name (its ?1 the JSON array of IPs; ?2 zone when zone is
 * not NULL) over the distinct IPs among ips[0..n) (idx: their sorted
 * order), per batch; for each row whose IP (column 0) was asked and whose
 * expires_at (column exp_col) is after now, calls fn for that IP's first
 * index.  0, or -1 with err.
 */
int	cache_get_many(struct store *st, const char *name, const char *zone,
	    const char *const *ips, const size_t *idx, size_t n, int exp_col,
	    int64_t now, cache_row_fn fn, void *arg, struct dr_err *err);

#endif
