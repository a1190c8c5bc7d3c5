/*
 * report/cmd_query.c -- `dmarc-report query NAME [key=value...]` and
 * `query --list`: named queries from sql/queries/, compiled in.
 *
 * Design rationale: the query files are the documentation (a header
 * comment lists each :parameter) and run unchanged in sqlite3, where an
 * unset parameter is NULL; the queries treat NULL as "no filter".  Here
 * key=value binds :key (a number binds as an integer; :since/:until also
 * take YYYY-MM-DD), parameters not given default to the shared options
 * (:since/:until from the window, :domain from the first --domain) and
 * otherwise stay NULL.  Only one read-only statement is accepted, so a
 * query file can never change the database.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "report/report.h"
#include "report/out/out.h"
#include "report/queries.h"
#include "store/store.h"

#define QUERY_MAX_COLS	64

static const struct named_query *
find_query(const char *name)
{
	const struct named_query *q;

	for (q = named_queries; q->name != NULL; q++)
		if (strcmp(q->name, name) == 0)
			return q;
	return NULL;
}

/* The first header line without "-- name: ", into out. */
static void
describe(const struct named_query *q, char *out, size_t outlen)
{
	const char *s = q->sql, *e;
	size_t n = strlen(q->name);

	if (strncmp(s, "-- ", 3) == 0)
		s += 3;
	if (strncmp(s, q->name, n) == 0 && s[n] == ':')
		s += n + 1;
	while (*s == ' ')
		s++;
	e = strchr(s, '\n');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static int
list_queries(struct report_ctx *ctx)
{
	static const struct out_col cols[] = {
		{ "name", "NAME", COL_STR }, { "description", "DESCRIPTION", COL_STR },
	};
	const struct named_query *q;
	struct out_table t;
	char d[512];
	long k;
	int rc;

	out_table_init(&t, cols, 2);
	for (q = named_queries; q->name != NULL; q++) {
		if ((k = out_row(&t)) < 0)
			break;
		describe(q, d, sizeof(d));
		out_str(&t, k, 0, q->name);
		out_str(&t, k, 1, d);
	}
	rc = t.failed || out_write(ctx->out, ctx->opts.format, &t, NULL, "queries") == -1 ?
	    RX_INTERNAL : RX_OK;
	out_table_release(&t);
	return rc;
}

static bool
is_integer(const char *v)
{
	size_t i = v[0] == '-';

	if (v[i] == '\0' || strlen(v) > 18)
		return false;
	for (; v[i]; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

/* Binds key=value args and defaults; -1 on a usage error (printed). */
static int
bind_params(sqlite3_stmt *s, const struct report_ctx *ctx, int argc, char **argv)
{
	char key[128];
	const char *eq;
	int64_t day;
	int i, idx;

	for (i = 2; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i] ||
		    (size_t)(eq - argv[i]) + 2 > sizeof(key))
			return report_msg(-1, "query: '%s': expected key=value", argv[i]);
		key[0] = ':';
		memcpy(key + 1, argv[i], (size_t)(eq - argv[i]));
		key[eq - argv[i] + 1] = '\0';
		if ((idx = sqlite3_bind_parameter_index(s, key)) == 0)
			return report_msg(-1, "query: this query has no parameter %s"
			    " (see its header: dmarc-report query --list)", key);
		if ((strcmp(key, ":since") == 0 || strcmp(key, ":until") == 0) &&
		    window_parse_day(eq + 1, &day) == 0)
			sqlite3_bind_int64(s, idx, day + (key[1] == 'u' ? 86400 : 0));
		else if (is_integer(eq + 1))
			sqlite3_bind_int64(s, idx, strtoll(eq + 1, NULL, 10));
		else
			sqlite3_bind_text(s, idx, eq + 1, -1, SQLITE_TRANSIENT);
	}
	/* Defaults from the shared options, for parameters left unbound. */
	for (i = 1; i <= sqlite3_bind_parameter_count(s); i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		bool given = false;
		int j;

		for (j = 2; j < argc && name != NULL; j++)
			if (strncmp(argv[j], name + 1, strlen(name + 1)) == 0 &&
			    argv[j][strlen(name + 1)] == '=')
				given = true;
		if (given || name == NULL)
			continue;
		if (strcmp(name, ":since") == 0)
			sqlite3_bind_int64(s, i, ctx->opts.win_start);
		else if (strcmp(name, ":until") == 0)
			sqlite3_bind_int64(s, i, ctx->opts.win_end);
		else if (strcmp(name, ":domain") == 0 && ctx->opts.n_domains > 0)
			sqlite3_bind_text(s, i, ctx->opts.domains[0], -1, SQLITE_STATIC);
	}
	return 0;
}

/* Runs s into a table whose column kinds follow the values (all-integer
 * columns are numbers, anything else text). */
static int
run(struct report_ctx *ctx, sqlite3_stmt *s, const char *name)
{
	struct out_col cols[QUERY_MAX_COLS];
	struct out_table t;
	int ncols = sqlite3_column_count(s), c, rc;
	size_t r;
	long k;

	if (ncols > QUERY_MAX_COLS)
		ncols = QUERY_MAX_COLS;
	for (c = 0; c < ncols; c++) {
		cols[c].key = sqlite3_column_name(s, c);
		cols[c].title = cols[c].key;
		cols[c].kind = COL_INT;
	}
	out_table_init(&t, cols, (size_t)ncols);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((k = out_row(&t)) < 0)
			break;
		for (c = 0; c < ncols; c++) {
			if (sqlite3_column_type(s, c) == SQLITE_INTEGER) {
				out_int(&t, k, (size_t)c, sqlite3_column_int64(s, c));
				t.cells[(size_t)k * t.ncols + (size_t)c].more = 1;
			}
			else {
				/* text, real or NULL: a text column (NULL stays
				 * NULL instead of showing as 0) */
				out_str(&t, k, (size_t)c, (const char *)sqlite3_column_text(s, c));
				cols[c].kind = COL_STR;
			}
		}
	}
	if (rc != SQLITE_DONE || t.failed) {
		out_table_release(&t);
		return report_msg(store_reason(rc) == R_DB_BUSY ? RX_BUSY : RX_INTERNAL,
		    "query %s: %s", name, sqlite3_errmsg(sqlite3_db_handle(s)));
	}
	/* A column that turned out textual: its integers become text too
	 * (more == 1 marks a cell that held an integer, not NULL). */
	for (c = 0; c < ncols; c++)
		for (r = 0; cols[c].kind == COL_STR && r < t.nrows; r++) {
			struct out_cell *cell = &t.cells[r * t.ncols + (size_t)c];
			char num[32];

			if (cell->s == NULL && cell->more == 1) {
				(void)snprintf(num, sizeof(num), "%lld", (long long)cell->i);
				out_str(&t, (long)r, (size_t)c, num);
			}
		}
	if (t.nrows == 0)
		report_msg(0, "query %s: no rows", name);
	rc = out_write(ctx->out, ctx->opts.format, &t, NULL, name) == -1 ?
	    RX_INTERNAL : RX_OK;
	out_table_release(&t);
	return rc;
}

int
cmd_query(struct report_ctx *ctx, int argc, char **argv)
{
	const struct named_query *q;
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--list") == 0)
		return list_queries(ctx);
	if (argc < 2 || argv[1][0] == '-') {
		report_usage(stderr, ctx->cmd);
		return RX_USAGE;
	}
	if ((q = find_query(argv[1])) == NULL)
		return report_msg(RX_USAGE, "query: no query named '%s'"
		    " (dmarc-report query --list)", argv[1]);
	if (sqlite3_prepare_v2(store_db(ctx->st), q->sql, -1, &s, &tail) != SQLITE_OK)
		return report_msg(RX_INTERNAL, "query %s: %s", q->name,
		    sqlite3_errmsg(store_db(ctx->st)));
	while (tail != NULL && (*tail == ' ' || *tail == '\n' || *tail == '\t' ||
	    *tail == '\r'))
		tail++;
	if (s == NULL || !sqlite3_stmt_readonly(s) || (tail != NULL && *tail != '\0')) {
		sqlite3_finalize(s);
		return report_msg(RX_INTERNAL, "query %s: must be one read-only"
		    " statement", q->name);
	}
	if (bind_params(s, ctx, argc, argv) == -1) {
		sqlite3_finalize(s);
		return RX_USAGE;
	}
	rc = run(ctx, s, q->name);
	sqlite3_finalize(s);
	return rc;
}
