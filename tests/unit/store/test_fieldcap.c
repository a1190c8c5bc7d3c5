/* tests/unit/store/test_fieldcap.c -- every string the ingest writes goes
 * through the field cap: over-long strings through every store_* write
 * entry point that takes strings (message, headers, report, record, its
 * children, report errors, ingest log), then no TEXT value of any table
 * longer than the cap, and a cut value ends in STORE_CUT_MARK on a UTF-8
 * boundary (issue 15: a 20 MB Subject grew the database by 20 MB). */
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

#include "store/store.h"
#include "store/testing.h"
#include "util/limits.h"

#define CAP	DR_MAX_FIELD_LEN

/* len bytes: 'x' then the two-byte U+00E9 repeated, so a cut at a byte
 * count may fall inside a character. */
static char *
long_text(char tag, size_t len)
{
	char *p = malloc(len + 1);
	size_t i;

	assert_non_null(p);
	p[0] = tag;
	for (i = 1; i + 1 < len; i += 2) {
		p[i] = (char)0xc3;
		p[i + 1] = (char)0xa9;
	}
	for (; i < len; i++)
		p[i] = 'y';
	p[len] = '\0';
	return p;
}

/* Longest TEXT value (bytes) of any column of any table. */
static int64_t
longest_text(sqlite3 *db, char *where, size_t wlen)
{
	sqlite3_stmt *t, *c, *v;
	int64_t max = 0, n;
	char sql[512];

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master"
	    " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", -1, &t, NULL),
	    SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *tab = (const char *)sqlite3_column_text(t, 0);

		snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')", tab);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
		while (sqlite3_step(c) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(c, 0);

			snprintf(sql, sizeof(sql), "SELECT coalesce(max(length(CAST(\"%s\""
			    " AS BLOB))), 0) FROM \"%s\" WHERE typeof(\"%s\") = 'text'",
			    col, tab, col);
			assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &v, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(v), SQLITE_ROW);
			n = sqlite3_column_int64(v, 0);
			if (n > max) {
				max = n;
				snprintf(where, wlen, "%s.%s", tab, col);
			}
			sqlite3_finalize(v);
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(t);
	return max;
}

static void
test_every_string_capped(void **state)
{
	char dir[] = "/tmp/dr-test-fieldcap-XXXXXX", dbpath[64], where[128] = "";
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	char *s[40];
	struct dmarc_dkim dk;
	struct dmarc_spf sp;
	struct dmarc_reason rs;
	struct dmarc_record rec = { 0 };
	struct dmarc_report rep = { 0 };
	struct store_msg m;
	enum store_outcome oc;
	int64_t row = 0, rrow = 0;
	sqlite3_stmt *q;
	const char *errs[1];
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/t.sqlite", dir);
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		s[i] = long_text((char)('A' + i), 3 * CAP + (i % 2));
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	store_field_cap(st, 12);	/* a lower --max-field-len: no effect */
	assert_int_equal(store_begin(st, &err), 0);

	m = (struct store_msg){ s[0], s[1], s[2], 10, s[3], s[4] };
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	store_msg_headers(st, s[5], s[6]);
	dk = (struct dmarc_dkim){ s[7], s[8], s[9], s[10], s[11] };
	sp = (struct dmarc_spf){ s[12], s[13], s[14], s[15], s[16] };
	rs = (struct dmarc_reason){ s[17], s[18], s[19] };
	rec.source_ip = s[20];
	rec.ip_version = 4;
	rec.count = 1;
	rec.disposition = s[21];
	rec.disposition_raw = s[22];
	rec.dkim_eval = "pass";
	rec.spf_eval = "fail";
	rec.header_from = s[23];
	rec.envelope_from = s[24];
	rec.envelope_to = s[25];
	rec.dkim = &dk;
	rec.n_dkim = 1;
	rec.spf = &sp;
	rec.n_spf = 1;
	rec.reasons = &rs;
	rec.n_reasons = 1;
	rep.org_name = s[26];
	rep.report_id = s[27];
	rep.email = s[28];
	rep.extra_contact = s[29];
	rep.generator = s[30];
	rep.version = s[31];
	rep.schema = "rfc7489";
	rep.date_begin = 1000;
	rep.date_end = 2000;
	rep.policy_domain = s[32];
	rep.p = s[33];
	rep.sp = s[34];
	rep.np = s[35];
	rep.adkim = s[36];
	rep.aspf = s[37];
	rep.fo = s[38];
	rep.testing = s[39];
	rep.discovery = s[39];
	rep.pct = -1;
	errs[0] = s[38];
	rep.errors = errs;
	rep.n_errors = 1;
	rep.record_count = 1;
	rep.message_count = 1;
	snprintf(rep.digest, sizeof(rep.digest), "d1");
	assert_int_equal(store_report_begin(st, row, &rep, &err), 0);
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	assert_int_equal(store_report_end(st, &rep, &oc, &rrow, &err), 0);
	assert_int_equal(oc, STORE_STORED);
	/* The same identity, other content: a conflict row. */
	snprintf(rep.digest, sizeof(rep.digest), "d2");
	assert_int_equal(store_report_begin(st, row, &rep, &err), 0);
	assert_int_equal(store_report_record(st, &rec, &err), 0);
	assert_int_equal(store_report_end(st, &rep, &oc, &rrow, &err), 0);
	assert_int_equal(oc, STORE_CONFLICT);
	assert_int_equal(store_log(st, row, s[1], OUT_WARNING, R_W_NONSTANDARD, s[2],
	    s[3], s[4], rrow, &err), 0);
	assert_int_equal(store_msg_end(st, &row, true, OUT_STORED, R_NONE, s[5], 1,
	    s[6], &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	assert_true(longest_text(store_db(st), where, sizeof(where)) <= CAP);
	/* Cut, marked, and still valid UTF-8 (SQLite's length() counts
	 * characters: a split character would not decode). */
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT subject,"
	    " length(CAST(subject AS BLOB)), message_id FROM messages", -1, &q,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	{
		const char *subj = (const char *)sqlite3_column_text(q, 0);
		size_t n = strlen(subj), mk = strlen(STORE_CUT_MARK);

		assert_true(n <= CAP && n >= CAP - 1 - mk);
		assert_string_equal(subj + n - mk, STORE_CUT_MARK);
		assert_int_equal(strncmp(subj, s[6], n - mk), 0);
		assert_true(((unsigned char)subj[n - mk - 1] & 0xc0) != 0xc0);
	}
	sqlite3_finalize(q);
	/* A lookup binds the same cut key: the message is found again. */
	{
		struct store_seen seen;

		assert_int_equal(store_msg_seen(st, s[0], NULL, &seen, &err), 1);
	}
	store_close(st);
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		free(s[i]);
	snprintf(where, sizeof(where), "rm -rf '%s'", dir);
	assert_int_equal(system(where), 0);
}

/* A string at the cap is stored as it is. */
static void
test_at_cap_untouched(void **state)
{
	char dir[] = "/tmp/dr-test-fieldcap-XXXXXX", dbpath[64], cmd[80];
	struct store *st = NULL;
	struct dr_err err = DR_ERR_INIT;
	struct store_msg m;
	sqlite3_stmt *q;
	char *subj;
	int64_t row;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/t.sqlite", dir);
	subj = long_text('S', CAP);
	assert_int_equal(store_open(&st, dbpath, STORE_RW, &err), 0);
	assert_int_equal(store_begin(st, &err), 0);
	m = (struct store_msg){ "k", "/p", "aa", 1, NULL, NULL };
	assert_int_equal(store_msg_begin(st, &m, &row, &err), 0);
	store_msg_headers(st, "<id@x>", subj);
	assert_int_equal(store_msg_end(st, &row, true, OUT_NOT_REPORT, R_NO_REPORT,
	    NULL, 0, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT subject FROM messages",
	    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), subj);
	sqlite3_finalize(q);
	store_close(st);
	free(subj);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_string_capped),
		cmocka_unit_test(test_at_cap_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
