/*
 * report/dns/cache_many.c -- cache_get_many(): see cache_many.h.
 */
#include <string.h>

#include "report/dns/cache_many.h"
#include "store/read.h"
#include "util/buf.h"

/* IPs per statement. */
#define GET_BATCH	1000

int
cache_get_many(struct store *st, const char *name, const char *zone,
    const char *const *ips, const size_t *idx, size_t n, int exp_col,
    int64_t now, cache_row_fn fn, void *arg, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	struct buf b;
	const char *ip;
	size_t i = 0, j, first;
	int rc, ret = -1;

	buf_init(&b, (size_t)1 << 30);
	if (store_stmt_open(st, name, &s, err) == -1)
		goto done;
	while (i < n) {
		first = i;
		if (buf_json_batch(&b, ips, idx, n, &i, GET_BATCH) == -1) {
			dr_fail(err, R_NOMEM, "%s", name);
			goto done;
		}
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, b.data, err) == -1 ||
		    (zone != NULL && store_stmt_bind_text(s, 2, zone,
		    err) == -1))
			goto done;
		/* Rows by IP (bytes, as strcmp): one walk with idx. */
		j = first;
		while ((rc = store_stmt_step(s, err)) == 1) {
			if ((ip = store_stmt_col_text(s, 0)) == NULL)
				continue;
			while (j < i && strcmp(ips[idx[j]], ip) < 0)
				j++;
			if (j == i || strcmp(ips[idx[j]], ip) != 0 ||
			    store_stmt_col_int64(s, exp_col) <= now)
				continue;
			fn(arg, s, idx[j]);
		}
		if (rc == -1)
			goto done;
	}
	ret = 0;
done:
	store_stmt_close(s);
	buf_release(&b);
	return ret;
}
