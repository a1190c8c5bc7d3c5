/*
 * store/services.c -- keeps the services / service_rules tables
 * (sql/migrations/0010-services.sql) equal to the shipped catalogue of
 * sending services (util/svccat.h), so that people can join records with
 * services in sqlite3.
 *
 * Design rationale: the catalogue is data of the program, not of the
 * database, so an upgrade that ships new rows must refresh the tables.
 * dmarc-ingest, after its read-write open, compares the shipped text's hash with
 * services_version (one row, cheap) and rewrites the tables, in one
 * transaction, only when they differ.  Classification never reads these
 * tables (report/query/services.c matches from the embedded data and the
 * local file), so a read-only reader of an older copy is never wrong.
 */
#include <string.h>

#include "store/read.h"
#include "store/store.h"
#include "store/store_int.h"
#include "util/svccat.h"

static int
put_all(struct store *st, const struct svccat *cat, const char *version,
    struct dr_err *err)
{
	static const char *const clear[] = { "report/services-clear",
	    "report/services-clear-services" };
	struct store_stmt *s = NULL, *r = NULL;
	const struct svc_service *v;
	size_t i;
	int ret = -1;

	for (i = 0; i < 2; i++) {
		if (store_stmt_open(st, clear[i], &s, err) == -1 ||
		    store_stmt_step(s, err) == -1)
			goto done;
		store_stmt_close(s);
		s = NULL;
	}
	if (store_stmt_open(st, "report/services-put", &s, err) == -1 ||
	    store_stmt_open(st, "report/services-rule-put", &r, err) == -1)
		goto done;
	for (i = 0; i < cat->nsvc; i++) {
		v = &cat->svc[i];
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, v->id, err) == -1 ||
		    store_stmt_bind_text(s, 2, svccat_kind_word(v->kind), err) == -1 ||
		    store_stmt_bind_text(s, 3, v->name, err) == -1 ||
		    store_stmt_bind_text(s, 4, v->source, err) == -1 ||
		    store_stmt_bind_text(s, 5, v->dkim_fix, err) == -1 ||
		    store_stmt_bind_text(s, 6, v->spf_fix, err) == -1 ||
		    store_stmt_step(s, err) == -1)
			goto done;
	}
	for (i = 0; i < cat->nrule; i++) {
		store_stmt_reset(r);
		if (store_stmt_bind_text(r, 1, svccat_rule_word(cat->rule[i].kind),
		    err) == -1 ||
		    store_stmt_bind_text(r, 2, cat->rule[i].value, err) == -1 ||
		    store_stmt_bind_text(r, 3, cat->svc[cat->rule[i].service].id,
		    err) == -1 || store_stmt_step(r, err) == -1)
			goto done;
	}
	store_stmt_close(s);
	if (store_stmt_open(st, "report/services-version-set", &s, err) == -1 ||
	    store_stmt_bind_text(s, 1, version, err) == -1 ||
	    store_stmt_step(s, err) == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	store_stmt_close(r);
	return ret;
}

/* The catalogue version the database holds ("" for none). */
static int
version_get(struct store *st, char *have, size_t len, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	const char *t;
	int rc;

	have[0] = '\0';
	if (store_stmt_open(st, "report/services-version-get", &s, err) == -1)
		return -1;
	if ((rc = store_stmt_step(s, err)) == 1 &&
	    (t = store_stmt_col_text(s, 0)) != NULL && strlen(t) < len)
		memcpy(have, t, strlen(t) + 1);
	store_stmt_close(s);
	return rc == -1 ? -1 : 0;
}

int
store_services_sync(struct store *st, struct dr_err *err)
{
	struct svccat cat;
	char version[17], have[17] = "";

	svccat_shipped_version(version);
	if (version_get(st, have, sizeof(have), err) == -1)
		return -1;
	if (strcmp(have, version) == 0)
		return 0;
	if (svccat_load(&cat, NULL, false, err) == -1)
		return -1;
	if (store_cache_begin(st, err) == -1)
		goto fail;
	/* PostgreSQL: hosts starting at once would each delete and insert
	 * the rows (neither sees the other's before its commit), and the
	 * second's inserts would fail on the first's.  One at a time, and
	 * the version read again under the lock. */
	if (st->pg != NULL && (pg_exec(st, "SELECT pg_advisory_xact_lock("
	    "1145913924)", "lock services", err) == -1 ||
	    version_get(st, have, sizeof(have), err) == -1)) {
		store_rollback(st);
		goto fail;
	}
	if (st->pg != NULL && strcmp(have, version) == 0) {
		svccat_release(&cat);
		return store_commit(st, err);
	}
	if (put_all(st, &cat, version, err) == -1) {
		store_rollback(st);
		goto fail;
	}
	svccat_release(&cat);
	return store_commit(st, err);
fail:
	svccat_release(&cat);
	return -1;
}
