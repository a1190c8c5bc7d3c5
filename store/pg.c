/*
 * store/pg.c -- the PostgreSQL backend: connect, create and migrate the
 * schema, transactions, and the one error path (issue 11).
 *
 * Design rationale:
 *  - The --db string goes to libpq as given (URI or conninfo), so the
 *    libpq environment, PGSERVICE, ~/.pgpass and sslmode work as in every
 *    libpq client.  The program's name is the fallback application_name:
 *    a value in the string wins.  Server notices (CREATE ... IF NOT
 *    EXISTS) are dropped: stdout and stderr are part of the interface.
 *  - The password never leaves this process: every message that names the
 *    database shows store_db_show()'s form of it, and libpq's own
 *    messages never hold the password.
 *  - Schema: sql/pg/schema.sql creates version 10 whole, sql/pg/
 *    migrations/ go forward from there; both in one transaction under an
 *    advisory lock, so two hosts starting at once do not both create.  A
 *    newer schema is refused (R_DB_NEWER) as with SQLite.
 *  - Errors: the cause of a failure is the server's SQLSTATE.  What a
 *    later run can complete (the connection lost, the server shutting
 *    down, a statement timeout, a full disk, out of memory, a deadlock or
 *    serialization failure) is R_DB_BUSY, the temporary-failure exit 75
 *    of both programs; a deadlock inside an ingest batch replays it
 *    (R_REPLAY, pg_failed_retry).  Anything else is R_DB with the
 *    statement's name and the server's message.
 *  - A hot standby (or a session that is read-only) serves every
 *    dmarc-report command: store_cache_begin() then fails with
 *    R_DB_BUSY, which the cache writers already treat as "not stored this
 *    time", and one note says why.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "store/schema.h"
#include "store/store_int.h"
#include "util/limits.h"

/* pg_advisory_xact_lock key of schema creation and migration ("DMRC"). */
#define PG_SCHEMA_LOCK	"1145913923"

bool
store_is_pg(const char *db)
{
	if (db == NULL)
		return false;
	return strncmp(db, "postgresql://", 13) == 0 ||
	    strncmp(db, "postgres://", 11) == 0 || strchr(db, '=') != NULL;
}

/* Appends n bytes of s to out (cut at outlen - 1). */
static void
show_put(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	while (n-- > 0 && *o + 1 < outlen)
		out[(*o)++] = *s++;
	out[*o] = '\0';
}

/* A URI: the password of the userinfo, and password= in the query. */
static void
show_uri(const char *db, char *out, size_t outlen)
{
	const char *p = strstr(db, "://") + 3, *end, *at, *colon, *q;
	size_t o = 0;

	end = p + strcspn(p, "/?#");
	show_put(out, outlen, &o, db, (size_t)(p - db));
	at = NULL;
	for (q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at != NULL && (colon = memchr(p, ':', (size_t)(at - p))) != NULL) {
		show_put(out, outlen, &o, p, (size_t)(colon - p) + 1);
		show_put(out, outlen, &o, "***", 3);
		p = at;
	}
	/* The rest, with each password= value of the query replaced. */
	while (*p != '\0') {
		if ((p[-1] == '?' || p[-1] == '&') &&
		    strncmp(p, "password=", 9) == 0) {
			show_put(out, outlen, &o, p, 9);
			show_put(out, outlen, &o, "***", 3);
			p += 9 + strcspn(p + 9, "&#");
			continue;
		}
		show_put(out, outlen, &o, p, 1);
		p++;
	}
}

/* A conninfo: each password = value (quoted or not) replaced. */
static void
show_conninfo(const char *db, char *out, size_t outlen)
{
	const char *p = db, *k;
	size_t o = 0;

	out[0] = '\0';
	while (*p != '\0') {
		while (isspace((unsigned char)*p))
			show_put(out, outlen, &o, p++, 1);
		k = p;
		while (*p != '\0' && *p != '=' && !isspace((unsigned char)*p))
			p++;
		show_put(out, outlen, &o, k, (size_t)(p - k));
		while (isspace((unsigned char)*p))
			show_put(out, outlen, &o, p++, 1);
		if (*p != '=')
			continue;
		show_put(out, outlen, &o, p++, 1);
		while (isspace((unsigned char)*p))
			show_put(out, outlen, &o, p++, 1);
		bool secret = (size_t)(p - k) >= 8 && strncmp(k, "password", 8) == 0 &&
		    (k[8] == '=' || isspace((unsigned char)k[8]));
		const char *v = p;
		if (*p == '\'') {
			for (p++; *p != '\0' && *p != '\''; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			if (*p == '\'')
				p++;
		} else {
			while (*p != '\0' && !isspace((unsigned char)*p))
				p++;
		}
		if (secret)
			show_put(out, outlen, &o, "***", 3);
		else
			show_put(out, outlen, &o, v, (size_t)(p - v));
	}
}

const char *
store_db_show(const char *db, char *out, size_t outlen)
{
	if (outlen == 0)
		return out;
	out[0] = '\0';
	if (db == NULL)
		return out;
	if (strncmp(db, "postgresql://", 13) == 0 ||
	    strncmp(db, "postgres://", 11) == 0)
		show_uri(db, out, outlen);
	else if (strchr(db, '=') != NULL)
		show_conninfo(db, out, outlen);
	else
		(void)snprintf(out, outlen, "%s", db);
	return out;
}

/* SQLSTATEs a later run completes: connection (08), shutdown (57P01-03),
 * statement timeout (57014), resources (53: disk full, out of memory,
 * too many connections), deadlock and serialization failure (40P01,
 * 40001), lock not available (55P03). */
static bool
sqlstate_temporary(const char *state)
{
	if (state == NULL)
		return true;		/* no result: the connection is gone */
	return strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
	    strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 ||
	    strcmp(state, "57P03") == 0 || strcmp(state, "57014") == 0 ||
	    strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0;
}

bool
pg_failed_retry(const struct store *st)
{
	return st->pg_retry;
}

/* libpq's message, one line (messages end with a newline and may have
 * DETAIL/HINT lines: the first line is the cause). */
static void
one_line(const char *in, char *out, size_t outlen)
{
	size_t n = strcspn(in, "\n");

	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, in, n);
	out[n] = '\0';
}

int
pg_fail(struct store *st, const struct pg_result *cres, const char *what,
    struct dr_err *err)
{
	PGresult *res = (PGresult *)cres;
	const char *state = NULL, *msg = NULL;
	char line[512];
	bool gone = PQstatus(st->pg) != CONNECTION_OK;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (msg == NULL)
		msg = PQerrorMessage(st->pg);
	one_line(msg != NULL && *msg != '\0' ? msg : "connection lost", line,
	    sizeof(line));
	st->pg_retry = state != NULL && (strcmp(state, "40P01") == 0 ||
	    strcmp(state, "40001") == 0);
	if (state != NULL && strcmp(state, "53100") == 0)
		return dr_fail(err, R_DB_BUSY, "%s: %s (SQLSTATE 53100: the disk of"
		    " the PostgreSQL server is full; nothing uncommitted was kept:"
		    " free space there, then run again)", what, line);
	if (gone || sqlstate_temporary(state))
		return dr_fail(err, R_DB_BUSY, "%s: %s%s%s (PostgreSQL%s; try"
		    " again later)", what, line, state != NULL ? ", SQLSTATE " : "",
		    state != NULL ? state : "", gone ? " connection lost" : "");
	return dr_fail(err, R_DB, "%s: %s (SQLSTATE %s)", what, line, state);
}

int
pg_exec(struct store *st, const char *sql, const char *what, struct dr_err *err)
{
	PGresult *r;
	int rc = 0;

	if (pg_drain_active(st, err) == -1)
		return -1;
	r = PQexec(st->pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(st, r, what, err);
	PQclear(r);
	return rc;
}

/* The first column of the first row of sql as an integer (0: no row or
 * NULL); *is_null tells them apart when not NULL. */
static int
pg_int(struct store *st, const char *sql, int64_t *out, struct dr_err *err)
{
	PGresult *r = PQexec(st->pg, sql);
	int rc = 0;

	*out = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(st, r, "read schema version", err);
	else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		*out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return rc;
}

/* The schema's version: 0 without the version table; -1 as "other
 * tables, not ours" through *foreign. */
static int
pg_version(struct store *st, int64_t *version, bool *foreign, struct dr_err *err)
{
	int64_t has = 0, ntables = 0;

	*version = 0;
	*foreign = false;
	if (pg_int(st, "SELECT count(*) FROM pg_catalog.pg_tables"
	    " WHERE schemaname = current_schema() AND tablename = 'schema_version'",
	    &has, err) == -1)
		return -1;
	if (has == 0) {
		if (pg_int(st, "SELECT count(*) FROM pg_catalog.pg_tables"
		    " WHERE schemaname = current_schema()", &ntables, err) == -1)
			return -1;
		*foreign = ntables > 0;
		return 0;
	}
	return pg_int(st, "SELECT coalesce(max(version), 0) FROM schema_version",
	    version, err);
}

/* Creates (version 0) or migrates the schema up to the latest version, in
 * one transaction under the advisory lock. */
static int
pg_migrate(struct store *st, struct dr_err *err)
{
	int64_t version = 0;
	bool foreign;
	char sql[128];
	int i;

	if (pg_exec(st, "BEGIN", "begin schema update", err) == -1)
		return -1;
	if (pg_exec(st, "SELECT pg_advisory_xact_lock(" PG_SCHEMA_LOCK ")",
	    "lock schema", err) == -1 ||
	    pg_version(st, &version, &foreign, err) == -1)
		goto fail;
	if (version >= pg_schema_latest_version)
		return pg_exec(st, "COMMIT", "commit schema", err);
	if (version == 0) {
		if (*pg_schema_base_sql == '\0') {
			dr_fail(err, R_INTERNAL, "this program was built without"
			    " sql/pg/schema.sql");
			goto fail;
		}
		if (pg_exec(st, pg_schema_base_sql, "create schema (sql/pg/schema.sql)",
		    err) == -1)
			goto fail;
		version = 10;
	}
	for (i = 0; pg_schema_migrations[i].version != 0; i++) {
		if (pg_schema_migrations[i].version <= version)
			continue;
		if (pg_exec(st, pg_schema_migrations[i].sql,
		    pg_schema_migrations[i].name, err) == -1)
			goto fail;
		version = pg_schema_migrations[i].version;
	}
	(void)snprintf(sql, sizeof(sql), "DELETE FROM schema_version;"
	    " INSERT INTO schema_version(version) VALUES (%d)", (int)version);
	if (pg_exec(st, sql, "set schema version", err) == -1)
		goto fail;
	return pg_exec(st, "COMMIT", "commit schema", err);
fail:
	PQclear(PQexec(st->pg, "ROLLBACK"));
	return -1;
}

static void
pg_notice_drop(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * Session settings for this program's statements.  jit = off: the report
 * statements are short scans of one window; above jit_above_cost (the
 * failures and summary statements over a few hundred thousand records)
 * PostgreSQL compiles them first, 100-270 ms of LLVM code emission
 * measured per statement (docs/SCALE.md), which the run never wins
 * back.  A failure here is not an error (a server without the setting
 * runs as it is).
 */
static void
pg_session(struct store *st)
{
	PQclear(PQexec(st->pg, "SET jit = off"));
}

/* A hot standby, or a session whose transactions are read-only. */
static int
pg_is_readonly(struct store *st, bool *ro, struct dr_err *err)
{
	PGresult *r = PQexec(st->pg, "SELECT pg_is_in_recovery(),"
	    " current_setting('default_transaction_read_only')");
	int rc = 0;

	*ro = false;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		rc = pg_fail(st, r, "read server state", err);
	else
		*ro = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ||
		    strcmp(PQgetvalue(r, 0, 1), "on") == 0;
	PQclear(r);
	return rc;
}

/*
 * Whether a connection the server refused was refused with SQLSTATE state.
 * libpq before 17 gives a failed connection no result to read the
 * SQLSTATE from, and the server's message is in the server's language
 * (lc_messages: "database "x" does not exist" is "Datenbank »x« existiert
 * nicht" on a German server), so the text cannot tell.  libpq writes the
 * SQLSTATE into the message when the error verbosity is VERBOSE
 * ("FATAL:  3D000: ..."), but the verbosity of PQconnectdbParams() is
 * fixed before the server answers: a second attempt, started with
 * PQconnectStartParams() and VERBOSE set, asks again.  Only after a
 * failure, and bounded (10 s).
 */
static bool
pg_refused_with(const char *const *keys, const char *const *vals,
    const char *state)
{
	PGconn *c = PQconnectStartParams(keys, vals, 1);
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
	time_t end = time(NULL) + 10;
	char pat[16];
	bool found;

	if (c == NULL)
		return false;
	PQsetErrorVerbosity(c, PQERRORS_VERBOSE);
	while (PQstatus(c) != CONNECTION_BAD && ps != PGRES_POLLING_OK &&
	    ps != PGRES_POLLING_FAILED) {
		struct pollfd p;
		time_t left = end - time(NULL);

		p.fd = PQsocket(c);
		p.events = ps == PGRES_POLLING_READING ? POLLIN : POLLOUT;
		p.revents = 0;
		if (left <= 0 || p.fd < 0 || poll(&p, 1, (int)left * 1000) <= 0)
			break;
		ps = PQconnectPoll(c);
	}
	(void)snprintf(pat, sizeof(pat), " %s: ", state);
	found = PQstatus(c) == CONNECTION_BAD &&
	    strstr(PQerrorMessage(c), pat) != NULL;
	PQfinish(c);
	return found;
}

int
pg_open(struct store *st, const char *db, enum store_mode mode, bool reader,
    struct dr_err *err)
{
	/* After dbname, what the output depends on wins over the string's. */
	const char *keys[] = { "fallback_application_name", "dbname",
	    "client_encoding", NULL };
	const char *vals[] = { program_invocation_short_name, db, "UTF8", NULL };
	char show[STORE_DB_SHOW_MAX], why[512];
	int64_t version = 0;
	bool foreign;

	store_db_show(db, show, sizeof(show));
	st->pg = PQconnectdbParams(keys, vals, 1);
	if (st->pg == NULL)
		return dr_fail(err, R_NOMEM, "PostgreSQL connection");
	if (PQstatus(st->pg) != CONNECTION_OK) {
		const char *name = PQdb(st->pg);

		one_line(PQerrorMessage(st->pg), why, sizeof(why));
		/* The server's "database "x" does not exist", SQLSTATE 3D000,
		 * in whatever language: asked again only when the message names
		 * the database (the server refused it, not the network). */
		if (name != NULL && *name != '\0' && strstr(why, name) != NULL &&
		    pg_refused_with(keys, vals, "3D000"))
			return dr_fail(err, R_NO_DB, "no PostgreSQL database %s:"
			    " %s (create it: createdb -O ROLE NAME as a superuser,"
			    " see docs/POSTGRESQL.md)", show, why);
		return dr_fail(err, R_DB_BUSY, "cannot connect to PostgreSQL %s: %s"
		    " (is the server running, and does --db name its host, port,"
		    " dbname and user? a password belongs in ~/.pgpass or"
		    " PGPASSFILE)", show, why);
	}
	PQsetNoticeProcessor(st->pg, pg_notice_drop, NULL);
	pg_session(st);
	if (pg_is_readonly(st, &st->pg_readonly, err) == -1)
		return -1;
	if (mode == STORE_RW && !reader && st->pg_readonly)
		return dr_fail(err, R_DB, "%s is a read-only PostgreSQL server (a hot"
		    " standby): point dmarc-ingest at the primary", show);
	if (pg_version(st, &version, &foreign, err) == -1)
		return -1;
	if (foreign)
		return dr_fail(err, R_DB, "%s is not a dmarc-rua database (it holds"
		    " other tables)", show);
	if (version > pg_schema_latest_version)
		return dr_fail(err, R_DB_NEWER, "%s has schema version %d; this"
		    " program knows up to %d", show, (int)version,
		    pg_schema_latest_version);
	if ((reader || mode == STORE_RO) && version == 0)
		return dr_fail(err, R_EMPTY_DB, "%s holds no dmarc-rua data yet (run"
		    " dmarc-ingest)", show);
	if (version < pg_schema_latest_version) {
		if (mode == STORE_RO || reader || st->pg_readonly)
			return dr_fail(err, R_DB, "%s has schema version %d < %d: run"
			    " dmarc-ingest to migrate it", show, (int)version,
			    pg_schema_latest_version);
		if (pg_migrate(st, err) == -1)
			return -1;
		/* Another host may have created a newer one meanwhile. */
		if (pg_version(st, &version, &foreign, err) == -1)
			return -1;
		if (version > pg_schema_latest_version)
			return dr_fail(err, R_DB_NEWER, "%s has schema version %d;"
			    " this program knows up to %d", show, (int)version,
			    pg_schema_latest_version);
	}
	return 0;
}

void
pg_close(struct store *st)
{
	if (st->pg != NULL)
		PQfinish(st->pg);
	st->pg = NULL;
}

/* One snapshot for several statements (the weekly page). */
int
pg_read_begin(struct store *st, struct dr_err *err)
{
	return pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    "begin read", err);
}

int
pg_cache_begin(struct store *st, struct dr_err *err)
{
	if (st->pg_readonly) {
		if (!st->pg_ro_noted)
			fprintf(stderr, "dmarc-report: note: the database is a"
			    " read-only PostgreSQL server (a hot standby): DNS, PTR,"
			    " ASN and alert state are kept for this run only"
			    " (--write-db PRIMARY keeps them there)\n");
		st->pg_ro_noted = true;
		return dr_fail(err, R_DB_BUSY, "read-only server: cache not stored");
	}
	return pg_exec(st, "BEGIN", "begin cache write", err);
}

/*
 * dmarc-ingest's writes need no foreign-key checks (store_trust_writes):
 * each row points to a row it wrote in the same transaction or to a
 * committed one, and it never deletes.  PostgreSQL checks them with one
 * trigger event per row, queued to COMMIT (the keys are DEFERRABLE
 * INITIALLY DEFERRED): for a 1,000,000-record report that queue is 4
 * million events and most of the run.  session_replication_role =
 * replica fires no such trigger; it needs a superuser or, from
 * PostgreSQL 15, GRANT SET ON PARAMETER session_replication_role TO the
 * ingest role.  Without that right the checks stay: correct, slower.
 */
int
pg_trust_writes(struct store *st, struct dr_err *err)
{
	PGresult *r;

	if (pg_drain_active(st, err) == -1)
		return -1;
	r = PQexec(st->pg, "SET session_replication_role = replica");
	st->pg_trusted = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return 0;
}

int
pg_rebuild_derived(struct store *st, struct dr_err *err)
{
	if (*pg_schema_rebuild_sql == '\0')
		return dr_fail(err, R_INTERNAL, "built without"
		    " sql/pg/rebuild-derived.sql");
	return pg_exec(st, pg_schema_rebuild_sql, "rebuild derived tables", err);
}

/* Reads the rest of the streaming statement's rows into its buffer, so
 * that the connection is free for another statement. */
int
pg_drain_active(struct store *st, struct dr_err *err)
{
	struct store_stmt *s = st->pg_active;
	struct pg_stmt *p;
	PGresult *r, **nb;

	/* The result of a COPY sent without waiting (pg_copy.c) first. */
	if (st->pg_copy_end != NULL && st->pg_copy_end(st, err) == -1)
		return -1;
	if (s == NULL)
		return 0;
	p = s->pg;
	st->pg_active = NULL;
	while ((r = PQgetResult(st->pg)) != NULL) {
		if (p->nbuf == p->capbuf) {
			size_t n = p->capbuf == 0 ? 64 : p->capbuf * 2;

			if ((nb = realloc(p->buf, n * sizeof(*nb))) == NULL) {
				PQclear(r);
				continue;	/* the step reports the lost rows */
			}
			p->buf = nb;
			p->capbuf = n;
		}
		p->buf[p->nbuf++] = r;
	}
	p->run = RUN_BUFFERED;
	return 0;
}
