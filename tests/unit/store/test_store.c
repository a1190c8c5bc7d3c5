/* tests/unit/store/test_store.c -- open/migrate/refuse, streaming reports,
 * duplicates, conflicts and message rollback against a real SQLite file. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/read.h"
#include "store/store.h"
#include "store/testing.h"

static char dir[256];
static char dbpath[300];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dr-test-store-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.sqlite", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[400];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int64_t
q1(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Runs an SQL file of the source tree on a raw connection. */
static void
exec_file(sqlite3 *db, const char *path)
{
	char *sql;
	long n;
	FILE *fp;

	fp = fopen(path, "r");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	sql = calloc(1, (size_t)n + 1);
	assert_non_null(sql);
	assert_int_equal(fread(sql, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

static void
test_create_and_version(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;

	(void)state;
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(q1(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(q1(st, "SELECT count(*) FROM sqlite_master WHERE name = 'report_summary'"), 1);
	assert_int_equal(q1(st, "SELECT count(*) FROM sqlite_master WHERE name = 'record_detail'"), 1);
	store_close(st);
	/* Re-open read-only works. */
	assert_int_equal(store_open(&st, dbpath, STORE_RO, &err), 0);
	store_close(st);
}

static void
test_refuse_newer_foreign_corrupt(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	sqlite3 *db;
	char sql[64];
	FILE *fp;

	(void)state;
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	store_close(st);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), -1);
	assert_null(st);
	assert_int_equal(err.reason, R_DB_NEWER);

	/* A database of another program. */
	unlink(dbpath);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x(a)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	dr_err_clear(&err);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), -1);
	assert_int_equal(err.reason, R_DB);
	assert_non_null(strstr(err.detail, "not a dmarc-rua database"));

	/* Garbage bytes. */
	unlink(dbpath);
	fp = fopen(dbpath, "w");
	assert_non_null(fp);
	for (int i = 0; i < 4096; i++)
		fputc((i * 7919) & 0xff, fp);
	fclose(fp);
	dr_err_clear(&err);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), -1);
	assert_int_equal(err.reason, R_DB);
	unlink(dbpath);
}

static void
test_migrate_from_v1(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	sqlite3 *db;
	const char *files[2] = { DR_SRC "/sql/schema.sql",
	    DR_SRC "/tests/data/store/views-v1.sql" };

	(void)state;
	/* Build a version-1 database as version 1 shipped it. */
	unlink(dbpath);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	for (int i = 0; i < 2; i++)
		exec_file(db, files[i]);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1;"
	    "PRAGMA application_id = 1145918019", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	if (store_schema_version() > 1) {
		/* Read-only refuses an old version ... */
		assert_int_equal(store_open(&st, dbpath, STORE_RO, &err), -1);
		dr_err_clear(&err);
	}
	/* ... read-write migrates it forward. */
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(q1(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(q1(st, "SELECT count(*) FROM sqlite_master WHERE name = 'report_summary'"), 1);
	store_close(st);
}

static const struct dmarc_dkim dk[] = { { "example.com", "s1", "pass", NULL, NULL } };
static const struct dmarc_spf sp[] = { { "example.com", "mfrom", "pass", NULL, NULL } };

static void
put_report_ex(struct store *st, int64_t msg, const char *org, const char *id,
    int64_t count, const char *digest, enum store_outcome *oc, bool placeholder)
{
	struct dr_err err = DR_ERR_INIT;
	struct dmarc_record rec = { 0 };
	struct dmarc_report rep = { 0 };
	int64_t row = 0;

	rec.source_ip = "192.0.2.1";
	rec.ip_version = 4;
	rec.count = count;
	rec.disposition = "none";
	rec.dkim_eval = "pass";
	rec.spf_eval = "fail";
	rec.header_from = "example.com";
	rec.dkim = dk;
	rec.n_dkim = 1;
	rec.spf = sp;
	rec.n_spf = 1;
	rep.org_name = org;
	rep.report_id = id;
	rep.schema = "rfc7489";
	rep.date_begin = 1000;
	rep.date_end = 2000;
	rep.policy_domain = "example.com";
	rep.p = "none";
	rep.pct = -1;
	rep.record_count = 1;
	rep.message_count = count;
	snprintf(rep.digest, sizeof(rep.digest), "%s", digest);
	assert_int_equal(store_report_begin(st, msg, placeholder ? NULL : &rep, &err), 0);
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	assert_int_equal(store_report_end(st, &rep, oc, &row, &err), 0);
	assert_true(row > 0);
}

/*
 * One report of one record for policy domain dom; begin_dom is the policy
 * domain known when the report begins (NULL: policy_published comes after
 * the records).
 */
static enum store_outcome
put_for_domain(struct store *st, int64_t msg, const char *id, const char *dom,
    const char *begin_dom, const char *digest)
{
	struct dr_err err = DR_ERR_INIT;
	struct dmarc_record rec = { 0 };
	struct dmarc_report rep = { 0 };
	enum store_outcome oc;
	int64_t row = 0;

	rec.source_ip = "192.0.2.7";
	rec.ip_version = 4;
	rec.count = 1;
	rec.dkim_eval = "pass";
	rec.spf_eval = "pass";
	rep.org_name = "Small Reporter";
	rep.report_id = id;
	rep.schema = "rfc7489";
	rep.date_begin = 1000;
	rep.date_end = 2000;
	rep.policy_domain = begin_dom;
	rep.pct = -1;
	rep.record_count = 1;
	rep.message_count = 1;
	snprintf(rep.digest, sizeof(rep.digest), "%s", digest);
	assert_int_equal(store_report_begin(st, msg, &rep, &err), 0);
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	rep.policy_domain = dom;
	assert_int_equal(store_report_end(st, &rep, &oc, &row, &err), 0);
	return oc;
}

/* Issue 15 item 15: the reporter's word other than pass/fail is stored
 * per record; record_detail keeps its columns and shows the words in two
 * new ones at its end; dmarc_pass stays the one definition. */
static void
test_eval_raw(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m = { "u1", "/x/new/u1", "aa", 10, NULL, NULL };
	struct dmarc_record rec = { 0 };
	struct dmarc_report rep = { 0 };
	enum store_outcome oc;
	int64_t row, rrow = 0;
	sqlite3_stmt *s;

	(void)state;
	unlink(dbpath);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	rep.org_name = "o";
	rep.report_id = "raw-1";
	rep.schema = "rfc7489";
	rep.date_begin = 1000;
	rep.date_end = 2000;
	rep.policy_domain = "example.com";
	rep.pct = -1;
	rep.record_count = 1;
	rep.message_count = 3;
	snprintf(rep.digest, sizeof(rep.digest), "dr");
	assert_int_equal(store_report_begin(st, row, &rep, &err), 0);
	rec.source_ip = "192.0.2.1";
	rec.ip_version = 4;
	rec.count = 3;
	rec.dkim_eval = "fail";
	rec.dkim_eval_raw = "none";
	rec.spf_eval = "fail";
	rec.spf_eval_raw = "softfail";
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	assert_int_equal(store_report_end(st, &rep, &oc, &rrow, &err), 0);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL,
	    1, "cur", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT dkim, spf,"
	    " dmarc, dkim_raw, spf_raw, (SELECT group_concat(name, ',') FROM"
	    " pragma_table_info('record_detail')) FROM record_detail", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "fail");
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "fail");
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "fail");
	assert_string_equal((const char *)sqlite3_column_text(s, 3), "none");
	assert_string_equal((const char *)sqlite3_column_text(s, 4), "softfail");
	assert_string_equal((const char *)sqlite3_column_text(s, 5),
	    "reporter,report_id,policy_domain,date_begin,date_end,source_ip,"
	    "message_count,disposition,dkim,spf,dmarc,header_from,"
	    "envelope_from,envelope_to,dkim_results,spf_results,record_rowid,"
	    "report_rowid,dkim_raw,spf_raw");
	sqlite3_finalize(s);
	assert_int_equal(q1(st, "SELECT dmarc_pass FROM records"), 0);
	assert_int_equal(q1(st, "SELECT spf_aligned + dkim_aligned + dmarc_pass"
	    " FROM report_stats"), 0);
	store_close(st);
}

/* Issue 15 item 3: a report ID built from a date alone, for two domains,
 * is two reports; duplicates and conflicts stay per domain, whether the
 * domain is known when the report begins or only at its end. */
static void
test_identity_domain(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m = { "u1", "/x/new/u1", "aa", 10, NULL, NULL };
	int64_t row;

	(void)state;
	unlink(dbpath);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.com",
	    "example.com", "c1"), STORE_STORED);
	/* the same reporter and id for another domain: early, then late */
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.org",
	    "example.org", "o1"), STORE_STORED);
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.net",
	    NULL, "n1"), STORE_STORED);
	/* re-sends, each against its own domain's copy */
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.org",
	    "example.org", "o1"), STORE_DUPLICATE);
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.org",
	    NULL, "o1"), STORE_DUPLICATE);
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.com",
	    NULL, "c2"), STORE_CONFLICT);
	assert_int_equal(put_for_domain(st, row, "2026-11-11", "example.net",
	    "example.net", "n2"), STORE_CONFLICT);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL,
	    3, "cur", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_summary"), 3);
	assert_int_equal(q1(st, "SELECT count(DISTINCT policy_domain)"
	    " FROM record_detail"), 3);
	assert_int_equal(q1(st, "SELECT count(*) FROM records"), 3);
	assert_int_equal(q1(st, "SELECT count(*) FROM conflicts c JOIN reports r"
	    " ON r.id = c.report WHERE (r.policy_domain, c.digest) IN"
	    " (VALUES ('example.com', 'c2'), ('example.net', 'n2'))"), 2);
	store_close(st);
}

static void
put_report(struct store *st, int64_t msg, const char *org, const char *id,
    int64_t count, const char *digest, enum store_outcome *oc)
{
	put_report_ex(st, msg, org, id, count, digest, oc, false);
}

static void
test_dedup_conflict_rollback(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m = { "u1", "/x/new/u1", "aa", 10, NULL, NULL };
	struct store_seen seen;
	enum store_outcome oc;
	int64_t row;

	(void)state;
	unlink(dbpath);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	put_report(st, row, "Google.com", "r1", 5, "d1", &oc);
	assert_int_equal(oc, STORE_STORED);
	/* Same identity (case-folded org), same digest: duplicate. */
	put_report(st, row, "google.com", "r1", 5, "d1", &oc);
	assert_int_equal(oc, STORE_DUPLICATE);
	/* Same identity, other digest: conflict, not counted. */
	put_report(st, row, "GOOGLE.COM", "r1", 7, "d2", &oc);
	assert_int_equal(oc, STORE_CONFLICT);
	/* A newline inside org_name is part of the name, not a separator:
	 * ("Multi\nLine", "r1") and ("multi", "r1") are two reporters. */
	put_report(st, row, "Multi\nLine", "r1", 1, "dn1", &oc);
	assert_int_equal(oc, STORE_STORED);
	put_report(st, row, "multi", "r1", 1, "dn2", &oc);
	assert_int_equal(oc, STORE_STORED);
	put_report(st, row, "MULTI\nline", "r1", 1, "dn1", &oc);
	assert_int_equal(oc, STORE_DUPLICATE);
	/* Identity only known at the end (metadata after the records). */
	put_report_ex(st, row, "late.example", "r9", 2, "d9", &oc, true);
	assert_int_equal(oc, STORE_STORED);
	put_report_ex(st, row, "LATE.example", "r9", 2, "d9", &oc, true);
	assert_int_equal(oc, STORE_DUPLICATE);
	put_report_ex(st, row, "late.example", "r9", 3, "dA", &oc, true);
	assert_int_equal(oc, STORE_CONFLICT);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL, 1, "cur", &err), 0);

	/* A rejected message keeps no report but keeps its row. */
	m.source_key = "u2";
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	put_report(st, row, "other", "r2", 3, "d3", &oc);
	assert_int_equal(oc, STORE_STORED);
	assert_int_equal(store_msg_end(st, &row, false, OUT_REJECTED, R_XML_MALFORMED,
	    "line 3", 0, "quarantine", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	assert_int_equal(q1(st, "SELECT count(*) FROM report_summary"), 4);
	assert_int_equal(q1(st, "SELECT sum(message_count) FROM report_summary"), 9);
	assert_int_equal(q1(st, "SELECT count(*) FROM record_detail"), 4);
	assert_int_equal(q1(st, "SELECT count(*) FROM records"), 4);
	assert_int_equal(q1(st, "SELECT count(*) FROM dkim_results"), 4);
	assert_int_equal(q1(st, "SELECT count(*) FROM reports WHERE org_key = 'multi' || char(10) || 'line'"), 1);
	assert_int_equal(q1(st, "SELECT count(*) FROM conflicts"), 2);
	assert_int_equal(q1(st, "SELECT count(*) FROM reports WHERE digest = ''"), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM messages"), 2);
	assert_int_equal(q1(st, "SELECT count(*) FROM messages WHERE outcome = 'rejected'"
	    " AND reason = 'xml-malformed'"), 1);
	assert_int_equal(store_msg_seen(st, "u2", NULL, &seen, &err), 1);
	assert_string_equal(seen.outcome, "rejected");
	assert_string_equal(seen.filed_to, "quarantine");
	assert_int_equal(store_msg_seen(st, "nope", NULL, &seen, &err), 0);
	/* report_stats: one row per stored report, none for the rolled-back
	 * ones; report_selectors: one (domain, selector) row per report */
	assert_int_equal(q1(st, "SELECT count(*) FROM report_stats"), 4);
	assert_int_equal(q1(st, "SELECT sum(messages) FROM report_stats"), 9);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_stats s JOIN reports r"
	    " ON r.id = s.report WHERE s.records = r.record_count AND"
	    " s.messages = r.message_count AND s.dmarc_pass = s.messages AND"
	    " s.dkim_aligned = s.messages AND s.spf_aligned = 0 AND"
	    " s.disp_none = s.messages AND s.disp_reject = 0"), 4);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_selectors WHERE"
	    " domain = 'example.com' AND selector = 's1'"), 4);
	store_close(st);
}

/* Retention: store_prune() removes the reports ended before a date with
 * their rows and keeps their identity and digest, so that a re-send is
 * still a duplicate (early and late identity) or a conflict, and no id
 * is given twice; a dry run counts the same and changes nothing. */
static void
test_prune(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m = { "u1", "/x/new/u1", "aa", 10, NULL, NULL };
	struct store_prune_opts po = { 2001, 2, 5000, true };
	struct store_prune_counts c;
	int64_t row, maxid;

	(void)state;
	unlink(dbpath);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	assert_int_equal(put_for_domain(st, row, "a", "example.com",
	    "example.com", "c1"), STORE_STORED);
	assert_int_equal(put_for_domain(st, row, "b", "example.org", NULL,
	    "o1"), STORE_STORED);
	assert_int_equal(put_for_domain(st, row, "c", "example.net",
	    "example.net", "n1"), STORE_STORED);
	assert_int_equal(put_for_domain(st, row, "a", "example.com",
	    "example.com", "c2"), STORE_CONFLICT);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL,
	    3, "cur", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	maxid = q1(st, "SELECT max(id) FROM reports");

	/* nothing ended before 2000 */
	po.before = 2000;
	assert_int_equal(store_prune(st, &po, &c, &err), 0);
	assert_int_equal(c.reports, 0);
	assert_int_equal(c.kept_reports, 3);
	po.before = 2001;
	assert_int_equal(store_prune(st, &po, &c, &err), 0);
	assert_int_equal(c.reports, 3);
	assert_int_equal(c.records, 3);
	assert_int_equal(c.conflicts, 1);
	assert_int_equal(c.batches, 2);
	assert_int_equal(q1(st, "SELECT count(*) FROM reports"), 3);
	assert_int_equal(q1(st, "SELECT count(*) FROM pruned_reports"), 0);

	po.dry_run = false;
	assert_int_equal(store_prune(st, &po, &c, &err), 0);
	assert_int_equal(c.reports, 3);
	assert_int_equal(c.records, 3);
	assert_int_equal(c.conflicts, 1);
	assert_int_equal(c.batches, 2);
	assert_int_equal(c.kept_reports, 0);
	assert_int_equal(c.remembered, 3);
	assert_int_equal(q1(st, "SELECT (SELECT count(*) FROM reports) +"
	    " (SELECT count(*) FROM records) + (SELECT count(*) FROM conflicts)"
	    " + (SELECT count(*) FROM report_stats) +"
	    " (SELECT count(*) FROM messages WHERE id NOT IN (SELECT message"
	    " FROM pruned_reports))"), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM pragma_foreign_key_check"),
	    0);

	/* re-sends: duplicates (identity early or late), a conflict */
	m.source_key = "u2";
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	assert_int_equal(put_for_domain(st, row, "a", "example.com",
	    "example.com", "c1"), STORE_DUPLICATE);
	assert_int_equal(put_for_domain(st, row, "b", "example.org", NULL,
	    "o1"), STORE_DUPLICATE);
	assert_int_equal(put_for_domain(st, row, "c", "example.net", NULL,
	    "n9"), STORE_CONFLICT);
	assert_int_equal(put_for_domain(st, row, "d", "example.net",
	    "example.net", "d1"), STORE_STORED);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL,
	    1, "cur", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM reports"), 1);
	assert_int_equal(q1(st, "SELECT count(*) FROM conflicts"), 0);
	assert_true(q1(st, "SELECT id FROM reports") > maxid);
	assert_int_equal(q1(st, "SELECT count(*) FROM pragma_foreign_key_check"),
	    0);
	store_close(st);
}

/* A report of many records with several results each: seq numbers, the
 * sums, and more distinct selector pairs than the store holds at once. */
static void
test_derived_rows(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m = { "u1", "/x/new/u1", "aa", 10, NULL, NULL };
	struct dmarc_record rec = { 0 };
	struct dmarc_report rep = { 0 };
	struct dmarc_dkim d[2] = { { "a.example", NULL, "pass", NULL, NULL },
	    { "b.example", "", "fail", NULL, NULL } };
	static const char *const disp[] = { "none", "quarantine", "reject", NULL };
	enum store_outcome oc;
	char sel[32];
	int64_t row, rrow = 0;
	int i;

	(void)state;
	unlink(dbpath);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_trust_writes(st, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	rep.org_name = "Org";
	rep.report_id = "big";
	rep.schema = "rfc7489";
	rep.date_begin = 1000;
	rep.date_end = 2000;
	rep.policy_domain = "a.example";
	rep.pct = -1;
	snprintf(rep.digest, sizeof(rep.digest), "dg");
	assert_int_equal(store_report_begin(st, row, &rep, &err), 0);
	rec.source_ip = "192.0.2.1";
	rec.ip_version = 4;
	rec.dkim = d;
	rec.n_dkim = 2;
	rec.spf = sp;
	rec.n_spf = 1;
	/* 200 records: selector s<i % 100> (100 distinct pairs for a.example,
	 * b.example's empty selector never counts), counts 1..200 */
	for (i = 0; i < 200; i++) {
		snprintf(sel, sizeof(sel), "s%d", i % 100);
		d[0].selector = sel;
		rec.count = i + 1;
		rec.disposition = disp[i % 4];
		rec.dkim_eval = i % 2 ? "pass" : "fail";
		rec.spf_eval = i % 3 ? "fail" : "pass";
		assert_int_equal(store_report_record(st, &rec, &err), 0);
	}
	/* names longer and shorter than those held (compared safely: ASan) */
	rec.count = 0;
	d[0].domain = "a.much.longer.name.a.example";
	d[0].selector = "s1";
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	d[0].domain = "a.ex";
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	rep.record_count = 202;
	rep.message_count = 200 * 201 / 2;
	assert_int_equal(store_report_end(st, &rep, &oc, &rrow, &err), 0);
	assert_int_equal(oc, STORE_STORED);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, NULL, 1,
	    "cur", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	assert_int_equal(q1(st, "SELECT count(*) FROM dkim_results"), 404);
	assert_int_equal(q1(st, "SELECT count(*) FROM dkim_results WHERE seq = 1"
	    " AND domain = 'b.example'"), 202);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_selectors"), 102);
	assert_int_equal(q1(st, "SELECT count(DISTINCT selector) FROM report_selectors"
	    " WHERE domain = 'a.example'"), 100);
	/* the sums equal what sql/rebuild-derived.sql computes from records */
	assert_int_equal(q1(st, "SELECT messages FROM report_stats"), 20100);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_stats s JOIN"
	    " (SELECT report, count(*) n, sum(count) m,"
	    " sum(CASE WHEN dkim_eval = 'pass' OR spf_eval = 'pass' THEN count ELSE 0 END) p,"
	    " sum(CASE WHEN dkim_eval = 'pass' THEN count ELSE 0 END) dk,"
	    " sum(CASE WHEN spf_eval = 'pass' THEN count ELSE 0 END) sp,"
	    " sum(CASE WHEN disposition = 'none' THEN count ELSE 0 END) dn,"
	    " sum(CASE WHEN disposition = 'quarantine' THEN count ELSE 0 END) dq,"
	    " sum(CASE WHEN disposition = 'reject' THEN count ELSE 0 END) dr"
	    " FROM records GROUP BY report) a ON a.report = s.report"
	    " WHERE s.records = a.n AND s.messages = a.m AND s.dmarc_pass = a.p"
	    " AND s.dkim_aligned = a.dk AND s.spf_aligned = a.sp AND"
	    " s.disp_none = a.dn AND s.disp_quarantine = a.dq AND s.disp_reject = a.dr"),
	    1);
	assert_int_equal(q1(st, "SELECT disp_quarantine FROM report_stats"), 5000);
	/* rebuilding from the records gives the same rows */
	assert_int_equal(store_rebuild_derived(st, &err), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_selectors"), 102);
	assert_int_equal(q1(st, "SELECT disp_quarantine FROM report_stats"), 5000);
	assert_int_equal(q1(st, "PRAGMA foreign_key_check"), -1);	/* no rows */
	store_close(st);
}

/* A version-3 database with data: migration 4 keeps every result, numbers
 * them per record and derives report_selectors. */
static void
test_migrate_v3_data(void **state)
{
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	sqlite3 *db;
	char path[400];
	int v;

	(void)state;
	unlink(dbpath);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	for (v = 0; v <= 3; v++) {
		if (v == 0)
			snprintf(path, sizeof(path), "%s", DR_SRC "/sql/schema.sql");
		else if (v == 1)
			continue;
		else
			snprintf(path, sizeof(path), DR_SRC "/sql/migrations/%04d-%s.sql",
			    v, v == 2 ? "dns-cache" : "dns-checks");
		exec_file(db, path);
	}
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO reports(id, org_name, org_key, report_id, schema, date_begin,"
	    " date_end, policy_domain, digest, ingested_at) VALUES"
	    " (1, 'o', 'o', 'r1', 'rfc7489', 0, 1, 'a.example', 'x', 0);"
	    "INSERT INTO records(id, report, source_ip, ip_version, count) VALUES"
	    " (1, 1, '192.0.2.1', 4, 3), (2, 1, '192.0.2.2', 4, 4);"
	    "INSERT INTO dkim_results(record, domain, selector, result) VALUES"
	    " (1, 'a.example', 's1', 'pass'), (1, 'b.example', 's2', 'fail'),"
	    " (2, 'a.example', 's1', 'pass'), (2, 'a.example', '', 'fail');"
	    "INSERT INTO spf_results(record, domain, result) VALUES"
	    " (1, 'a.example', 'pass'), (1, 'a.example', 'fail');"
	    "INSERT INTO record_reasons(record, type) VALUES (2, 'forwarded');"
	    "PRAGMA user_version = 3; PRAGMA application_id = 1145918019",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(q1(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(q1(st, "SELECT count(*) FROM dkim_results"), 4);
	assert_int_equal(q1(st, "SELECT seq FROM dkim_results WHERE domain = 'b.example'"), 1);
	assert_int_equal(q1(st, "SELECT max(seq) FROM spf_results"), 1);
	assert_int_equal(q1(st, "SELECT count(*) FROM record_reasons WHERE record = 2"), 1);
	assert_int_equal(q1(st, "SELECT count(*) FROM report_selectors"), 2);
	assert_int_equal(q1(st, "SELECT count(*) FROM record_detail"), 2);
	assert_int_equal(q1(st, "SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'records_stats_insert'"), 0);
	assert_int_equal(q1(st, "SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'dkim_results_domain'"), 0);
	store_close(st);
}

/* The first of two cache writers of one process: takes the write, says
 * so on the pipe, holds it for 800 ms, then commits. */
struct holder {
	struct store	*st;
	int		 fd;	/* write end */
};

static void *
hold_cache_write(void *arg)
{
	struct holder *h = arg;
	struct dr_err err = DR_ERR_INIT;
	char c = 'x';

	if (store_cache_begin(h->st, &err) == -1)
		return (void *)1;
	(void)sqlite3_exec(store_db(h->st), "INSERT INTO ptr_cache VALUES"
	    " ('192.0.2.1', 'ok', 'a.example', 1, 60, 1, 2)", NULL, NULL, NULL);
	if (write(h->fd, &c, 1) != 1)
		return (void *)1;
	usleep(800 * 1000);
	return store_commit(h->st, &err) == -1 ? (void *)1 : NULL;
}

/*
 * Two report connections of one process write their caches at once (the
 * weekly page's two threads): the second waits for the first, however
 * long it holds the write, instead of giving up after the report modes'
 * short busy wait (DR_REPORT_BUSY_MS, 250 ms) and skipping its write.
 */
static void
test_cache_writers(void **state)
{
	struct store *a = NULL, *b = NULL, *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct holder h;
	pthread_t th;
	void *ret = (void *)1;
	int fds[2];
	char c;

	(void)state;
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	store_close(st);
	assert_int_equal(store_open(&a, dbpath, STORE_REPORT_RW, &err), 0);
	assert_int_equal(store_open(&b, dbpath, STORE_REPORT_RW, &err), 0);
	assert_int_equal(pipe(fds), 0);
	h.st = a;
	h.fd = fds[1];
	assert_int_equal(pthread_create(&th, NULL, hold_cache_write, &h), 0);
	assert_int_equal(read(fds[0], &c, 1), 1);	/* a holds the write */
	assert_int_equal(store_cache_begin(b, &err), 0);
	assert_int_equal(sqlite3_exec(store_db(b), "INSERT INTO ptr_cache VALUES"
	    " ('192.0.2.2', 'ok', 'b.example', 1, 60, 1, 2)", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_commit(b, &err), 0);
	assert_int_equal(pthread_join(th, &ret), 0);
	assert_null(ret);
	assert_int_equal(q1(a, "SELECT count(*) FROM ptr_cache"), 2);
	/* a rollback gives the lock back too */
	assert_int_equal(store_cache_begin(a, &err), 0);
	store_rollback(a);
	assert_int_equal(store_cache_begin(b, &err), 0);
	store_rollback(b);
	store_close(a);
	store_close(b);
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_newer_foreign_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedup_conflict_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_domain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eval_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derived_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v3_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_writers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
