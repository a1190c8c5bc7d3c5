/*
 * store/store.c -- open, create, migrate, and transaction control.
 *
 * Design rationale:
 *  - WAL mode so readers (dmarc-report, sqlite3) never block on ingest;
 *    synchronous=FULL because the commit is the moment a message may leave
 *    new/: the commit must be on disk before the rename is.  One fsync per
 *    batch keeps that cheap.
 *  - application_id marks the file as ours; a database of another program,
 *    a corrupt file or a newer schema is refused with a clear reason and
 *    nothing is written.
 *  - Migrations are forward-only SQL compiled in from sql/; each runs in the
 *    same IMMEDIATE transaction as the version bump, so a crash during a
 *    migration leaves the old version intact.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "store/schema.h"
#include "store/store_int.h"
#include "store/testing.h"
#include "util/limits.h"

#define DR_APPLICATION_ID	0x444d5243	/* "DMRC" */
#define DR_BUSY_TIMEOUT_MS	10000
/* dmarc-report never waits long behind an ingest: readers do not block in
 * WAL mode, and a cache write that cannot get the lock is skipped. */
#define DR_REPORT_BUSY_MS	250

static const char *const stmt_sql[S__COUNT] = {
	[S_MSG_SEEN_KEY] = "SELECT id, outcome, coalesce(filed_to, ''), size, path,"
	    " coalesce(reason, '') FROM messages WHERE source_key = ?1"
	    " ORDER BY id DESC LIMIT 1",
	[S_MSG_SEEN_SHA] = "SELECT id, outcome, coalesce(filed_to, ''), size, path,"
	    " coalesce(reason, '')"
	    " FROM messages WHERE source_key = ?1 AND sha256 = ?2"
	    " ORDER BY id DESC LIMIT 1",
	[S_MSG_INSERT] = "INSERT INTO messages(id, source_key, path, sha256, size,"
	    " message_id, subject, outcome, reason, detail, reports, filed_to,"
	    " ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13)",
	[S_MSG_MAX_ID] = "SELECT coalesce(max(id), 0) FROM messages",
	/* A pruned report is still known (migration 11): its identity and
	 * digest stay in pruned_reports, and its id is never given again. */
	[S_REPORT_FIND] = "SELECT id, digest, 0 FROM reports WHERE org_key = ?1"
	    " AND report_id = ?2 AND policy_domain = ?3"
	    " UNION ALL SELECT id, digest, 1 FROM pruned_reports"
	    " WHERE org_key = ?1 AND report_id = ?2 AND policy_domain = ?3"
	    " LIMIT 1",
	[S_REPORT_MAX_ID] = "SELECT max(coalesce((SELECT max(id) FROM reports),"
	    " 0), coalesce((SELECT max(id) FROM pruned_reports), 0))",
	[S_REPORT_INSERT] = "INSERT INTO reports(id, org_name, org_key, report_id,"
	    " email, extra_contact, generator, version, schema, date_begin,"
	    " date_end, policy_domain, p, sp, np, adkim, aspf, pct, fo, testing,"
	    " discovery, record_count, message_count, digest, message,"
	    " ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
	    " ?25, ?26)",
	[S_REPORT_ERROR] = "INSERT INTO report_errors(report, seq, text)"
	    " VALUES (?1, ?2, ?3)",
	[S_RECORD_INSERT] = "INSERT INTO records(report, source_ip, ip_version,"
	    " count, disposition, disposition_raw, dkim_eval, spf_eval,"
	    " eval_derived, header_from, envelope_from, envelope_to,"
	    " dkim_eval_raw, spf_eval_raw)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14)",
	[S_REASON_INSERT] = "INSERT INTO record_reasons(record, seq, type, type_raw,"
	    " comment) VALUES (?1, ?5, ?2, ?3, ?4)",
	[S_DKIM_INSERT] = "INSERT INTO dkim_results(record, seq, domain, selector,"
	    " result, result_raw, human_result) VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6)",
	[S_SPF_INSERT] = "INSERT INTO spf_results(record, seq, domain, scope, result,"
	    " result_raw, human_result) VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6)",
	[S_STATS_INSERT] = "INSERT OR REPLACE INTO report_stats"
	    " SELECT * FROM report_stats_derived WHERE report = ?1",
	[S_SELECTOR_INSERT] = "INSERT OR IGNORE INTO report_selectors(domain,"
	    " selector, report) VALUES (?1, ?2, ?3)",
	[S_CONFLICT_INSERT] = "INSERT INTO conflicts(report, digest, message,"
	    " seen_at) VALUES (?1, ?2, ?3, ?4)",
	[S_LOG_INSERT] = "INSERT INTO ingest_log(message, part, outcome, reason,"
	    " detail, org_name, report_id, report)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_SP_MSG] = "SAVEPOINT msg",
	[S_RELEASE_MSG] = "RELEASE msg",
	[S_ROLLBACK_MSG] = "ROLLBACK TO msg",
	[S_SP_REP] = "SAVEPOINT rep",
	[S_RELEASE_REP] = "RELEASE rep",
	[S_ROLLBACK_REP] = "ROLLBACK TO rep",
};

enum dr_reason
store_reason(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return R_DB_BUSY;
	case SQLITE_NOMEM:
		return R_NOMEM;
	default:
		return R_DB;
	}
}

int
store_dberr(struct store *st, int rc, const char *what, struct dr_err *err)
{
	const char *msg = st != NULL && st->db != NULL ? sqlite3_errmsg(st->db) :
	    sqlite3_errstr(rc);

	return dr_fail(err, store_reason(rc), "%s: %s", what, msg);
}

int
store_exec(struct store *st, const char *sql, struct dr_err *err)
{
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		dr_fail(err, store_reason(rc), "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int64_t
store_now(void)
{
	return (int64_t)time(NULL);
}

int
store_run(struct store *st, enum stmt_id id, struct dr_err *err)
{
	sqlite3_stmt *s = store_stmt(st, id, err);

	return s == NULL ? -1 : store_step_done(st, s, stmt_sql[id], err);
}

sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id, struct dr_err *err)
{
	int rc;

	if (st->stmt[id] == NULL) {
		rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL);
		if (rc != SQLITE_OK) {
			store_dberr(st, rc, "prepare", err);
			return NULL;
		}
	}
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	return st->stmt[id];
}

void
store_field_cap(struct store *st, size_t cap)
{
	/* Never below the default: a low --max-field-len tightens what
	 * the parser accepts, not the store's own strings (paths, reasons). */
	st->field_cap = cap > DR_MAX_FIELD_LEN ? cap : DR_MAX_FIELD_LEN;
}

/*
 * SQLITE_STATIC: the strings are borrowed from the caller and outlive the
 * statement's step (store_step_done resets it right after, and store_stmt
 * clears the bindings before the next use), so SQLite need not copy them.
 *
 * Every string the store writes passes here, so here is where the field
 * cap holds for all of them: a longer one (a header; report fields never
 * are, the parser refuses them) is cut at a UTF-8 boundary and ends in
 * STORE_CUT_MARK, the whole at most field_cap bytes.
 */
int
store_bind_text(struct store *st, sqlite3_stmt *s, int i, const char *v)
{
	size_t n, keep, mark = strlen(STORE_CUT_MARK);
	char *cut;
	int rc;

	if (v == NULL)
		return sqlite3_bind_null(s, i);
	n = strnlen(v, st->field_cap + 1);
	if (n <= st->field_cap)
		return sqlite3_bind_text(s, i, v, (int)n, SQLITE_STATIC);
	keep = st->field_cap - mark;
	while (keep > 0 && ((unsigned char)v[keep] & 0xc0) == 0x80)
		keep--;			/* not inside a UTF-8 sequence */
	if ((cut = malloc(keep + mark + 1)) == NULL)
		return sqlite3_bind_text(s, i, v, (int)keep, SQLITE_STATIC);
	memcpy(cut, v, keep);
	memcpy(cut + keep, STORE_CUT_MARK, mark + 1);
	rc = sqlite3_bind_text(s, i, cut, (int)(keep + mark), SQLITE_TRANSIENT);
	free(cut);
	return rc;
}

int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
    struct dr_err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, rc, what, err);
	return 0;
}

int
store_schema_version(void)
{
	return schema_latest_version;
}

const char *
store_sqlite_version(void)
{
	return sqlite3_libversion();
}

static int
pragma_int(struct store *st, const char *sql, int *out, struct dr_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_dberr(st, rc, "read database header", err);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, rc, "read database header", err);
	return 0;
}

/*
 * A read-only open failed because SQLite had to write: a WAL database
 * needs its DB-shm (and DB-wal) beside it, and a reader that may not
 * create files in the folder cannot make them.  dmarc-ingest keeps them
 * (SQLITE_FCNTL_PERSIST_WAL); they are gone only after an older version
 * or another program closed the database last.
 */
static void
readonly_hint(const char *path, struct dr_err *err)
{
	char shm[4096];
	int n = snprintf(shm, sizeof(shm), "%s-shm", path);

	if (n < 0 || (size_t)n >= sizeof(shm) || access(shm, F_OK) == 0)
		return;		/* the -shm is there: keep SQLite's own message */
	dr_err_clear(err);
	dr_fail(err, R_DB, "%s: cannot be read without %s-shm and %s-wal, and"
	    " this user may not create them in its folder: run dmarc-ingest once"
	    " as the database's owner (it keeps them), or give this user write"
	    " access to the folder", path, path, path);
}

/* Applies the base schema and/or migrations up to the latest version. */
static int
store_migrate(struct store *st, int version, struct dr_err *err)
{
	char sql[128];
	int i, n;

	if (store_exec(st, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	/* Re-read under the write lock: another process may have migrated. */
	if (pragma_int(st, "PRAGMA user_version", &version, err) == -1)
		goto fail;
	if (version >= schema_latest_version) {
		store_exec(st, "COMMIT", err);
		return dr_err_is_set(err) ? -1 : 0;
	}
	if (version == 0) {
		if (store_exec(st, schema_base_sql, err) == -1)
			goto fail;
		version = 1;
	}
	for (i = 0; schema_migrations[i].version != 0; i++) {
		if (schema_migrations[i].version <= version)
			continue;
		if (store_exec(st, schema_migrations[i].sql, err) == -1)
			goto fail;
		version = schema_migrations[i].version;
	}
	if (store_exec(st, schema_views_sql, err) == -1)
		goto fail;
	n = snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d",
	    version, DR_APPLICATION_ID);
	if (n < 0 || (size_t)n >= sizeof(sql) || store_exec(st, sql, err) == -1)
		goto fail;
	return store_exec(st, "COMMIT", err);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
store_open(struct store **out, const char *path, enum store_mode mode,
    struct dr_err *err)
{
	struct store *st = NULL;
	int rc, flags, version = 0, appid = 0, ntables = 0;
	bool reader = mode == STORE_REPORT_RO || mode == STORE_REPORT_RW;
	struct stat sb;

	*out = NULL;
	mode = mode == STORE_REPORT_RW ? STORE_RW : mode == STORE_REPORT_RO ?
	    STORE_RO : mode;
	if (store_is_pg(path)) {
		if ((st = calloc(1, sizeof(*st))) == NULL)
			return dr_fail(err, R_NOMEM, "store");
		st->mode = mode;
		st->field_cap = DR_MAX_FIELD_LEN;
		(void)store_db_show(path, st->path, sizeof(st->path));
		if (pg_open(st, path, mode, reader, err) == -1)
			goto fail;
		*out = st;
		return 0;
	}
	/* No allocation statistics: they cost a mutex per malloc and free.
	 * Only possible before SQLite initializes; later calls are refused
	 * harmlessly (SQLITE_MISUSE). */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return dr_fail(err, R_NOMEM, "store");
	st->mode = mode;
	st->field_cap = DR_MAX_FIELD_LEN;
	(void)snprintf(st->path, sizeof(st->path), "%s", path);
	/* SQLite would open a FIFO and block in read() for ever, and would
	 * read or write a device: only a regular file (or a new name) is a
	 * database.  stat() follows a symbolic link to its file. */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		dr_fail(err, R_DB, "%s is not a regular file (%s): not a database",
		    path, S_ISDIR(sb.st_mode) ? "a directory" :
		    S_ISFIFO(sb.st_mode) ? "a FIFO" : S_ISSOCK(sb.st_mode) ?
		    "a socket" : "a device");
		goto fail;
	}
	flags = mode == STORE_RO ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		dr_fail(err, store_reason(rc), "cannot open database %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, DR_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	if (mode == STORE_RW) {
		/* Keep DB-wal and DB-shm when the last connection closes: a
		 * reader that may not write the folder (another user, a
		 * read-only mount) can then open the database read-only
		 * through them; it could not create them. */
		int on = 1;

		(void)sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &on);
	}
	if (pragma_int(st, "PRAGMA application_id", &appid, err) == -1 ||
	    pragma_int(st, "PRAGMA user_version", &version, err) == -1 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_master", &ntables, err) == -1) {
		if (mode == STORE_RO &&
		    (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_READONLY)
			readonly_hint(path, err);
		goto fail;
	}
	if (appid != 0 && appid != DR_APPLICATION_ID) {
		dr_fail(err, R_DB, "%s is not a dmarc-rua database (application_id %d)",
		    path, appid);
		goto fail;
	}
	if (appid == 0 && ntables > 0) {
		dr_fail(err, R_DB, "%s is not a dmarc-rua database (it holds other tables)",
		    path);
		goto fail;
	}
	if (version > schema_latest_version) {
		dr_fail(err, R_DB_NEWER, "%s has schema version %d; this program knows up to %d",
		    path, version, schema_latest_version);
		goto fail;
	}
	/* An empty file (0 bytes, or no schema yet) is "nothing to show"
	 * for a reader, exit 1 as for a missing database; a reader never
	 * creates the schema, even when it opens read-write for the PTR
	 * cache. */
	if ((reader || mode == STORE_RO) && version == 0) {
		dr_fail(err, R_EMPTY_DB, "%s holds no dmarc-rua data yet (run"
		    " dmarc-ingest)", path);
		goto fail;
	}
	if (mode == STORE_RO) {
		if (version < schema_latest_version) {
			dr_fail(err, R_DB, "%s has schema version %d < %d: run dmarc-ingest to migrate it",
			    path, version, schema_latest_version);
			goto fail;
		}
	} else {
		if (store_exec(st, "PRAGMA journal_mode = WAL", err) == -1 ||
		    store_exec(st, "PRAGMA synchronous = FULL", err) == -1)
			goto fail;
		/* Migrations first, with temporary data in files: copying
		 * millions of rows sorts them, and in memory that sort would
		 * cost hundreds of MB. */
		/* Foreign keys off while migrating (the pragma is a no-op
		 * inside the migration's transaction): a migration that
		 * rebuilds a table drops the old one, and with them on that
		 * DROP would delete every row pointing to it (ON DELETE
		 * CASCADE).  They are turned on below. */
		if (version < schema_latest_version &&
		    (store_exec(st, "PRAGMA foreign_keys = OFF", err) == -1 ||
		    store_migrate(st, version, err) == -1))
			goto fail;
		/* Savepoint journals in memory, not temp files; and a page
		 * cache large enough that a batch does not spill mid-way. */
		if (store_exec(st, "PRAGMA temp_store = MEMORY", err) == -1 ||
		    store_exec(st, "PRAGMA cache_size = -16384", err) == -1)
			goto fail;
	}
	if (store_exec(st, "PRAGMA foreign_keys = ON", err) == -1)
		goto fail;
	if (reader) {
		sqlite3_busy_timeout(st->db, DR_REPORT_BUSY_MS);
		(void)sqlite3_exec(st->db, "PRAGMA mmap_size = 1073741824", NULL,
		    NULL, NULL);
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void
store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	store_cache_unlock(st);
	if (st->pg != NULL || st->pgs != NULL) {
		pg_put_free(st);
		pg_close(st);
	}
	for (i = 0; i < S__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	free(st->begin_key);
	store_sel_clear(st);
	sqlite3_close(st->db);
	free(st);
}

bool
store_is_readonly(const struct store *st)
{
	return st->mode == STORE_RO || st->pg_readonly;
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

/*
 * dmarc-ingest writes every parent row (message, report, record) before
 * its children inside one savepoint and never deletes, so the per-row
 * foreign-key lookups (one B-tree seek per record and per result, ~6% of
 * a big report's time) prove nothing; it turns them off.  Readers and
 * hand edits keep them, and with them ON DELETE CASCADE.
 */
int
store_trust_writes(struct store *st, struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_trust_writes(st, err);
	return store_exec(st, "PRAGMA foreign_keys = OFF", err);
}

/* What one transaction knew: row ids handed out, a pending replay. */
static void
txn_reset(struct store *st)
{
	st->msg_ids.known = 0;
	st->report_ids.known = 0;
	st->need_replay = 0;
}

/* Foreign keys, when on, are checked at COMMIT: a message's row is
 * written after the rows that point to it (put.c). */
int
store_begin(struct store *st, struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_begin(st, err);
	txn_reset(st);
	return store_exec(st, "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON", err);
}

/*
 * One cache write at a time in the process.  dmarc-report's weekly page
 * writes its caches (PTR, ASN, the window rollup) from two connections,
 * one per thread (report/cmd_readiness.c); on SQLite the second writer
 * would wait only DR_REPORT_BUSY_MS for the first (the report modes never
 * wait long behind an ingest) and skip its write.  Behind this lock it
 * waits for its own process's other writer instead, as long as that one
 * takes; the lock is taken before the database's own, never the other way
 * round.
 */
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

void
store_cache_lock(struct store *st)
{
	(void)pthread_mutex_lock(&cache_mu);
	st->cache_locked = true;
}

void
store_cache_unlock(struct store *st)
{
	if (!st->cache_locked)
		return;
	st->cache_locked = false;
	(void)pthread_mutex_unlock(&cache_mu);
}

int
store_commit(struct store *st, struct dr_err *err)
{
	int rc;

	if (st->pg != NULL)
		rc = pg_commit(st, err);
	else {
		txn_reset(st);
		rc = store_exec(st, "COMMIT", err);
	}
	store_cache_unlock(st);
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->pg != NULL) {
		pg_rollback(st);
		st->in_report = 0;
		st->in_msg = 0;
		txn_reset(st);
		store_sel_clear(st);
		store_cache_unlock(st);
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_report = 0;
	st->in_msg = 0;
	txn_reset(st);
	store_sel_clear(st);
	store_cache_unlock(st);
}

int
store_rebuild_derived(struct store *st, struct dr_err *err)
{
	if (st->pg != NULL)
		return pg_rebuild_derived(st, err);
	return store_exec(st, schema_rebuild_sql, err);
}
