/*
 * report/query/alerts_state.c -- the state of `dmarc-report alerts`
 * (sql/migrations/0008-alerts.sql): which alerts the latest run found
 * true, with what value, and up to which message it looked at set-aside
 * inputs.
 *
 * Design rationale: an alert prints when its key is not in alert_state or
 * its value differs.  The state is written only after the output was
 * written (the caller's order), in one short transaction: the run's row,
 * every current alert refreshed, every other alert of the run's scope
 * deleted (cleared: it prints again when it comes back).  If printing or
 * mailing failed, nothing is written and the next run raises the same
 * alerts again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/query/alerts.h"
#include "store/read.h"
#include "store/store.h"

int
alerts_state_last(struct store *st, int64_t *mark, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	int rc;

	*mark = -1;
	if (store_stmt_open(st, "report/alerts-run-last", &s, err) == -1)
		return -1;
	if ((rc = store_stmt_step(s, err)) == 1)
		*mark = store_stmt_col_int64(s, 2);
	store_stmt_close(s);
	return rc == -1 ? -1 : 0;
}

int
alerts_state_mark(struct store *st, struct alerts *a, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	const char *v;
	size_t i;
	int rc, ret = -1;

	if (store_stmt_open(st, "report/alerts-state-get", &s, err) == -1)
		return -1;
	for (i = 0; i < a->n; i++) {
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, a->v[i].key, err) == -1 ||
		    (rc = store_stmt_step(s, err)) == -1)
			goto done;
		v = rc == 1 ? store_stmt_col_text(s, 0) : NULL;
		a->v[i].is_new = v == NULL || strcmp(v, a->v[i].value) != 0;
	}
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

int
alerts_sources_update(struct store *st, struct dr_err *err)
{
	struct store_stmt *get = NULL, *fill = NULL, *set = NULL;
	int64_t mark, max;
	int ret = -1;

	if (store_cache_begin(st, err) == -1)
		return -1;
	if (store_stmt_open(st, "report/alerts-mark-get", &get, err) == -1 ||
	    store_stmt_step(get, err) != 1)
		goto done;
	mark = store_stmt_col_int64(get, 0);
	max = store_stmt_col_int64(get, 1);
	if (max > mark &&
	    (store_stmt_open(st, "report/alerts-sources-fill", &fill, err) == -1 ||
	    store_stmt_bind_int64(fill, 1, mark, err) == -1 ||
	    store_stmt_bind_int64(fill, 2, max, err) == -1 ||
	    store_stmt_step(fill, err) == -1 ||
	    store_stmt_open(st, "report/alerts-mark-set", &set, err) == -1 ||
	    store_stmt_bind_int64(set, 1, max, err) == -1 ||
	    store_stmt_step(set, err) == -1))
		goto done;
	ret = 0;
done:
	if (ret == -1 && err->reason == R_NONE)
		dr_fail(err, R_DB, "alerts: no row from alerts-mark-get");
	store_stmt_close(get);
	store_stmt_close(fill);
	store_stmt_close(set);
	if (ret == 0 && store_commit(st, err) == -1)
		ret = -1;
	if (ret == -1)
		store_rollback(st);
	return ret;
}

static int
step_once(struct store_stmt *s, struct dr_err *err)
{
	int rc = store_stmt_step(s, err);

	store_stmt_reset(s);
	return rc == -1 ? -1 : 0;
}

int
alerts_state_save(struct store *st, struct store *data,
    const struct alerts *a, int64_t now,
    size_t raised, const char *const *domains, size_t n_domains,
    struct dr_err *err)
{
	struct store_stmt *mk = NULL, *run = NULL, *put = NULL, *clr = NULL;
	const struct alert *x;
	int64_t mark = 0, run_id = 0;
	size_t i, nd = n_domains ? n_domains : 1;
	int ret = -1;

	if (store_cache_begin(st, err) == -1)
		return -1;
	if (store_stmt_open(data, "report/alerts-message-mark", &mk, err) == -1 ||
	    store_stmt_open(st, "report/alerts-run-add", &run, err) == -1 ||
	    store_stmt_open(st, "report/alerts-state-put", &put, err) == -1 ||
	    store_stmt_open(st, "report/alerts-state-clear", &clr, err) == -1)
		goto done;
	if (store_stmt_step(mk, err) != 1)
		goto fail_row;
	mark = store_stmt_col_int64(mk, 0);
	if (store_stmt_bind_int64(run, 1, now, err) == -1 ||
	    store_stmt_bind_int64(run, 2, mark, err) == -1 ||
	    store_stmt_bind_int64(run, 3, (int64_t)raised, err) == -1 ||
	    store_stmt_step(run, err) != 1)
		goto fail_row;
	run_id = store_stmt_col_int64(run, 0);
	store_stmt_reset(run);
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		if (store_stmt_bind_text(put, 1, x->key, err) == -1 ||
		    store_stmt_bind_text(put, 2, x->kind, err) == -1 ||
		    store_stmt_bind_text(put, 3, x->domain, err) == -1 ||
		    store_stmt_bind_text(put, 4, x->value, err) == -1 ||
		    (x->is_new ? store_stmt_bind_int64(put, 5, now, err) :
		    store_stmt_bind_null(put, 5, err)) == -1 ||
		    store_stmt_bind_int64(put, 6, run_id, err) == -1 ||
		    step_once(put, err) == -1)
			goto done;
	}
	for (i = 0; i < nd; i++)
		if (store_stmt_bind_int64(clr, 1, run_id, err) == -1 ||
		    store_stmt_bind_text(clr, 2, n_domains ? domains[i] : NULL,
		    err) == -1 ||
		    step_once(clr, err) == -1)
			goto done;
	ret = 0;
	goto done;
fail_row:
	if (err->reason == R_NONE)
		dr_fail(err, R_DB, "alerts: no row from the run's statements");
done:
	store_stmt_close(mk);
	store_stmt_close(run);
	store_stmt_close(put);
	store_stmt_close(clr);
	if (ret == 0 && store_commit(st, err) == -1)
		ret = -1;
	if (ret == -1)
		store_rollback(st);
	return ret;
}
