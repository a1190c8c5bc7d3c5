/*
 * report/cmd_query.c -- `dmarc-report query NAME [key=value...]` and
 * `query --list`: named queries from sql/queries/, compiled in.
 *
 * Design rationale: the query files are the documentation (a header
 * comment declares each :parameter with its type, report/query/qparam.h)
 * and run unchanged in sqlite3, where an unset parameter is NULL; the
 * queries treat NULL as "no filter".  Here key=value binds :key after
 * checking the value against the declared type (a date must be a real
 * YYYY-MM-DD day, a domain is normalized like --domain, an int is
 * decimal): a bad value is a usage error naming the parameter, never text
 * that a comparison would quietly ignore.  Parameters not given default
 * to the shared options (:since/:until from the window, :domain from the
 * first --domain) and otherwise stay NULL.  Only one read-only statement
 * is accepted, so a query file can never change the database.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/out/out.h"
#include "report/query/qparam.h"
#include "store/read.h"
#include "util/vis.h"

#define QUERY_MAX_COLS	64
/* The store's statements that `query` runs: sql/queries/NAME.sql. */
#define QUERY_PREFIX	"queries/"
#define QUERY_PREFIX_LEN	(sizeof(QUERY_PREFIX) - 1)

/* The query's name as the user types it: without "queries/". */
static const char *
query_name(const struct store_sql *q)
{
	return q->name + QUERY_PREFIX_LEN;
}

/*
 * The header's first paragraph (the comment lines up to a bare "--"),
 * without "-- name: ", joined with spaces into out: the whole
 * description, never its first line alone.
 */
static void
describe(const struct store_sql *q, char *out, size_t outlen)
{
	const char *s = q->sql, *e, *name = query_name(q);
	size_t n = strlen(name), len = 0, l;

	out[0] = '\0';
	if (strncmp(s, "-- ", 3) == 0)
		s += 3;
	if (strncmp(s, name, n) == 0 && s[n] == ':')
		s += n + 1;
	for (;;) {
		while (*s == ' ')
			s++;
		e = strchr(s, '\n');
		l = e ? (size_t)(e - s) : strlen(s);
		if (l > 0 && len + 1 + l < outlen) {
			if (len > 0)
				out[len++] = ' ';
			memcpy(out + len, s, l);
			out[len += l] = '\0';
		}
		if (e == NULL || strncmp(e + 1, "-- ", 3) != 0)
			break;
		s = e + 4;
	}
}

/* A parameter's meaning from its header line ("--   :since   date
 * first day of the window"), into out; "" when there is none. */
static void
param_meaning(const char *sql, const char *pname, char *out, size_t outlen)
{
	const char *s, *e;
	size_t n = strlen(pname), l;

	out[0] = '\0';
	for (s = sql; strncmp(s, "--", 2) == 0; s = e + 1) {
		e = strchr(s, '\n');
		s += 2;
		while (*s == ' ')
			s++;
		if (strncmp(s, pname, n) == 0 && s[n] == ' ') {
			for (s += n; *s == ' '; s++)
				;
			while (*s != ' ' && *s != '\n' && *s != '\0')
				s++;	/* the type */
			while (*s == ' ')
				s++;
			l = e ? (size_t)(e - s) : strlen(s);
			if (l >= outlen)
				l = outlen - 1;
			memcpy(out, s, l);
			out[l] = '\0';
			return;
		}
		if (e == NULL)
			return;
	}
}

/* Writes s at fp wrapped to width (at spaces), each line indented. */
static void
put_wrapped(FILE *fp, const char *s, size_t indent, size_t width)
{
	const char *w, *e;
	size_t col = indent, l, i;

	for (i = 0; i < indent; i++)
		fputc(' ', fp);
	for (w = s; *w; w = e) {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			break;
		e = strchr(w, ' ');
		if (e == NULL)
			e = w + strlen(w);
		l = (size_t)(e - w);
		if (col > indent && col + 1 + l > width) {
			fputc('\n', fp);
			for (i = 0, col = indent; i < indent; i++)
				fputc(' ', fp);
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		vis_fputn(fp, w, l);
		col += l;
	}
	fputc('\n', fp);
}

/* query --list as text: each query, its parameters with their meaning,
 * and its whole description wrapped to the terminal, nothing cut. */
static int
list_text(struct report_ctx *ctx)
{
	const struct store_sql *q;
	struct qparam qp[QPARAM_MAX];
	char d[2048], m[256], line[512];
	size_t i, j, n, width = ctx->opts.term_cols ? ctx->opts.term_cols : 80;
	FILE *fp = ctx->out;

	for (i = 0; (q = store_sql_at(i)) != NULL; i++) {
		if (strncmp(q->name, QUERY_PREFIX, QUERY_PREFIX_LEN) != 0)
			continue;
		describe(q, d, sizeof(d));
		if (qparam_parse(q->sql, qp, QPARAM_MAX, &n) == -1)
			n = 0;
		fprintf(fp, "%s%s ", i ? "\n" : "", query_name(q));
		for (j = 0; j < n; j++)
			fprintf(fp, " %s=%s", qp[j].name + 1,
			    qparam_type_name(qp[j].type));
		fputs(n ? "\n" : " (no parameters)\n", fp);
		put_wrapped(fp, d, 4, width);
		for (j = 0; j < n; j++) {
			param_meaning(q->sql, qp[j].name, m, sizeof(m));
			(void)snprintf(line, sizeof(line), "%s=%s: %s", qp[j].name + 1,
			    qparam_type_name(qp[j].type), m);
			put_wrapped(fp, line, 6, width);
		}
	}
	return ferror(fp) ? DX_SOFTWARE : DX_OK;
}

static int
list_queries(struct report_ctx *ctx)
{
	static const struct out_col cols[] = {
		{ "name", "NAME", COL_STR }, { "parameters", "PARAMETERS", COL_STR },
		{ "description", "DESCRIPTION", COL_STR },
	};
	const struct store_sql *q;
	struct qparam qp[QPARAM_MAX];
	struct out_table t;
	char d[2048], ps[QPARAM_MAX * (QPARAM_NAME_MAX + 8)];
	size_t i, j, n, off;
	long k;
	int rc;

	if (ctx->opts.format == FMT_TABLE)
		return list_text(ctx);
	out_table_init(&t, cols, 3);
	for (i = 0; (q = store_sql_at(i)) != NULL; i++) {
		if (strncmp(q->name, QUERY_PREFIX, QUERY_PREFIX_LEN) != 0)
			continue;
		if ((k = out_row(&t)) < 0)
			break;
		describe(q, d, sizeof(d));
		/* "domain=domain since=date": what each key=value takes */
		ps[0] = '\0';
		if (qparam_parse(q->sql, qp, QPARAM_MAX, &n) == -1)
			n = 0;
		for (j = 0, off = 0; j < n; j++)
			off += (size_t)snprintf(ps + off, sizeof(ps) - off, "%s%s=%s",
			    j ? " " : "", qp[j].name + 1, qparam_type_name(qp[j].type));
		out_str(&t, k, 0, query_name(q));
		out_str(&t, k, 1, n ? ps : "-");
		out_str(&t, k, 2, d);
	}
	rc = t.failed || out_write(ctx->out, ctx->opts.format, &t, NULL, "queries") == -1 ?
	    DX_SOFTWARE : DX_OK;
	out_table_release(&t);
	return rc;
}

/* Binds key=value args, checked against the declarations qp[0..nqp), and
 * defaults; -1 on a usage error (printed), -2 on a database error (in
 * err). */
static int
bind_params(struct store_stmt *s, const struct report_ctx *ctx,
    const struct qparam *qp, size_t nqp, int argc, char **argv,
    struct dr_err *err)
{
	const struct qparam *p;
	struct qparam_val v;
	char key[128];
	const char *eq, *why;
	int i, idx, rc;

	for (i = 2; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i] ||
		    (size_t)(eq - argv[i]) + 2 > sizeof(key))
			return report_msg(-1, "query: '%s': expected key=value", argv[i]);
		key[0] = ':';
		memcpy(key + 1, argv[i], (size_t)(eq - argv[i]));
		key[eq - argv[i] + 1] = '\0';
		if ((idx = store_stmt_param_index(s, key)) == 0 ||
		    (p = qparam_find(qp, nqp, key)) == NULL)
			return report_msg(-1, "query %s: this query has no parameter %s"
			    " (see its header: dmarc-report query --list)", argv[1],
			    key);
		if (qparam_value(p, eq + 1, &v, &why) == -1)
			return report_msg(-1, "query %s: %s '%s': %s", argv[1],
			    key + 1, eq + 1, why);
		rc = v.is_int ? store_stmt_bind_int64(s, idx, v.i, err) :
		    store_stmt_bind_text(s, idx, v.text, err);
		if (rc == -1)
			return -2;
	}
	/* Defaults from the shared options, for parameters left unbound. */
	for (i = 1; i <= store_stmt_param_count(s); i++) {
		const char *name = store_stmt_param_name(s, i);
		bool given = false;
		int j;

		for (j = 2; j < argc && name != NULL; j++)
			if (strncmp(argv[j], name + 1, strlen(name + 1)) == 0 &&
			    argv[j][strlen(name + 1)] == '=')
				given = true;
		if (given || name == NULL)
			continue;
		rc = 0;
		if (strcmp(name, ":since") == 0)
			rc = store_stmt_bind_int64(s, i, ctx->opts.win_start, err);
		else if (strcmp(name, ":until") == 0)
			rc = store_stmt_bind_int64(s, i, ctx->opts.win_end, err);
		else if (strcmp(name, ":domain") == 0 && ctx->opts.n_domains > 0)
			rc = store_stmt_bind_text(s, i, ctx->opts.domains[0], err);
		if (rc == -1)
			return -2;
	}
	return 0;
}

/* Runs s into a table whose column kinds follow the values (all-integer
 * columns are numbers, anything else text). */
static int
run(struct report_ctx *ctx, struct store_stmt *s, const char *name)
{
	struct out_col cols[QUERY_MAX_COLS];
	struct out_table t;
	struct dr_err err = DR_ERR_INIT;
	int ncols = store_stmt_col_count(s), c, rc;
	size_t r;
	long k;

	if (ncols > QUERY_MAX_COLS)
		ncols = QUERY_MAX_COLS;
	for (c = 0; c < ncols; c++) {
		cols[c].key = store_stmt_col_name(s, c);
		cols[c].title = cols[c].key;
		cols[c].kind = COL_INT;
	}
	out_table_init(&t, cols, (size_t)ncols);
	while ((rc = store_stmt_step(s, &err)) == 1) {
		if ((k = out_row(&t)) < 0)
			break;
		for (c = 0; c < ncols; c++) {
			if (store_stmt_col_type(s, c) == STORE_INT) {
				out_int(&t, k, (size_t)c, store_stmt_col_int64(s, c));
				t.cells[(size_t)k * t.ncols + (size_t)c].more = 1;
			}
			else {
				/* text, real or NULL: a text column (NULL stays
				 * NULL instead of showing as 0) */
				out_str(&t, k, (size_t)c, store_stmt_col_text(s, c));
				cols[c].kind = COL_STR;
			}
		}
	}
	if (rc == 1 || t.failed)
		dr_fail(&err, R_NOMEM, "query %s", name);
	if (rc != 0 || t.failed) {
		out_table_release(&t);
		return report_msg(report_exit_for(&err), "query %s: %s", name,
		    err.detail);
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
	    DX_SOFTWARE : DX_OK;
	out_table_release(&t);
	return rc;
}

int
cmd_query(struct report_ctx *ctx, int argc, char **argv)
{
	const struct store_sql *q;
	struct store_stmt *s = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct qparam qp[QPARAM_MAX];
	char name[256];
	size_t nqp = 0;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--list") == 0)
		return list_queries(ctx);
	if (argc < 2 || argv[1][0] == '-') {
		report_usage(stderr, ctx->cmd);
		return DX_USAGE;
	}
	if (snprintf(name, sizeof(name), QUERY_PREFIX "%s", argv[1]) >=
	    (int)sizeof(name) || (q = store_sql_find(name)) == NULL)
		return report_msg(DX_USAGE, "query: no query named '%s'"
		    " (dmarc-report query --list)", argv[1]);
	if (qparam_parse(q->sql, qp, QPARAM_MAX, &nqp) == -1)
		return report_msg(DX_SOFTWARE, "query %s: a parameter line of"
		    " its header is broken", argv[1]);
	if ((rc = report_open(ctx)) != DX_OK)
		return rc;
	if (store_stmt_open(ctx->st, q->name, &s, &err) == -1)
		return report_msg(report_exit_for(&err) == DX_TEMPFAIL ?
		    DX_TEMPFAIL : DX_SOFTWARE, "query %s: %s", argv[1],
		    err.detail);
	if (!store_stmt_is_readonly(s)) {
		store_stmt_close(s);
		return report_msg(DX_SOFTWARE, "query %s: must be one read-only"
		    " statement", argv[1]);
	}
	if ((rc = bind_params(s, ctx, qp, nqp, argc, argv, &err)) < 0) {
		store_stmt_close(s);
		return rc == -1 ? DX_USAGE : report_fail(&err);
	}
	rc = run(ctx, s, argv[1]);
	store_stmt_close(s);
	return rc;
}
