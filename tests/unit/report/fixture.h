/* tests/unit/report/fixture.h -- a temp database with
 * tests/data/report/fixture.sql loaded (shared by the report unit tests;
 * a header, not a test_*.c, so it is not a test binary of its own). */
#ifndef DR_TEST_FIXTURE_H
#define DR_TEST_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/testing.h"
#include "util/buf.h"

static char fx_dir[256];
static char fx_db[300];

/* Creates an empty database (schema + migrations) or with the fixture. */
static struct store *
fx_open(int with_data)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct buf b;
	char *msg = NULL;

	snprintf(fx_dir, sizeof(fx_dir), "/tmp/dr-test-report-XXXXXX");
	if (mkdtemp(fx_dir) == NULL)
		return NULL;
	snprintf(fx_db, sizeof(fx_db), "%s/t.sqlite", fx_dir);
	if (store_open(&st, fx_db, STORE_RW, &err) == -1) {
		fprintf(stderr, "store_open: %s\n", err.detail);
		return NULL;
	}
	if (!with_data)
		return st;
	buf_init(&b, 1 << 20);
	if (buf_read_file(&b, DR_SRC "/tests/data/report/fixture.sql") == -1 ||
	    buf_puts(&b, "") == -1 ||
	    sqlite3_exec(store_db(st), b.data, NULL, NULL, &msg) != SQLITE_OK ||
	    store_rebuild_derived(st, &err) == -1) {
		fprintf(stderr, "fixture: %s\n", msg ? msg : err.detail);
		sqlite3_free(msg);
		buf_release(&b);
		store_close(st);
		return NULL;
	}
	buf_release(&b);
	return st;
}

static void
fx_close(struct store *st)
{
	char cmd[400];

	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed\n");
}

static int64_t
fx_q1(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

#endif
