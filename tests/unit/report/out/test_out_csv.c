/* tests/unit/report/test_out_csv.c -- RFC 4180 quoting and formula
 * defusing of the CSV writer, and a whole table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/out/out.h"

static char *
cell(const char *s, bool defuse)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	out_csv_cell(fp, s, defuse);
	fclose(fp);
	return buf;
}

static void
test_cells(void **state)
{
	static const struct { const char *in; bool defuse; const char *out; } cases[] = {
		{ "plain", true, "plain" },
		{ "a,b", true, "\"a,b\"" },
		{ "say \"hi\"", true, "\"say \"\"hi\"\"\"" },
		{ "line\nbreak", true, "\"line\nbreak\"" },
		{ "cr\rx", true, "\"cr\rx\"" },
		{ "=HYPERLINK(\"x\")", true, "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "=1+2", true, "'=1+2" },
		{ "+1", true, "'+1" },
		{ "-1", true, "'-1" },
		{ "@SUM(A1)", true, "'@SUM(A1)" },
		{ "\tx", true, "'\tx" },
		{ "=1+2", false, "=1+2" },
		{ "", true, "" },
		{ "a=b", true, "a=b" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = cell(cases[i].in, cases[i].defuse);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_whole_table_as_rfc4180_csv(void **state)
{
	static const struct out_col cols[] = {
		{ "name", "NAME", COL_STR }, { "n", "N", COL_INT },
		{ "pct", "PCT", COL_PCT }, { "list", "LIST", COL_LIST },
		{ "t", "T", COL_TIME }, { "b", "B", COL_BOOL3 },
	};
	const char *items[] = { "a.test", "=evil" };
	struct out_table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	long k;

	(void)state;
	out_table_init(&t, cols, 6);
	k = out_row(&t);
	out_str(&t, k, 0, "x,y");
	out_int(&t, k, 1, 42);
	out_rate(&t, k, 2, 12345, 100000);
	out_list(&t, k, 3, items, 2, 0);
	out_int(&t, k, 4, 1794182400 + 3661);
	out_int(&t, k, 5, 1);
	k = out_row(&t);
	out_rate(&t, k, 2, 0, 0);
	out_int(&t, k, 5, -1);
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_csv_write(fp, &t), 0);
	fclose(fp);
	assert_string_equal(buf, "name,n,pct,list,t,b\r\n"
	    "\"x,y\",42,12.3,a.test =evil,2026-11-09T01:01:01Z,yes\r\n"
	    ",0,,,1970-01-01T00:00:00Z,\r\n");
	free(buf);
	out_table_release(&t);
}

static void
extra(struct json_writer *w, size_t row, void *arg)
{
	json_key(w, "extra");
	json_int(w, (int64_t)row + *(int *)arg);
}

/* Per-sink hidden columns and the JSON extra hook (summary/failures use
 * them for the policy-now columns). */
static void
test_hidden(void **state)
{
	static const struct out_col cols[] = {
		{ "a", "A", COL_STR }, { "txt", "TXT", COL_STR },
		{ "v", "V", COL_STR }, { "z", "Z", COL_INT },
	};
	struct out_table t;
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	long k;
	int base = 40;

	(void)state;
	out_table_init(&t, cols, 4);
	t.hide_text = 1ULL << 2 | 1ULL << 3;
	t.hide_csv = t.hide_json = 1ULL << 1;
	t.json_extra = extra;
	t.json_arg = &base;
	k = out_row(&t);
	out_str(&t, k, 0, "x");
	out_str(&t, k, 1, "pass (ip4:x)");
	out_str(&t, k, 2, "pass");
	out_int(&t, k, 3, 2);
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_csv_write(fp, &t), 0);
	fclose(fp);
	assert_string_equal(buf, "a,v,z\r\nx,pass,2\r\n");
	free(buf);
	fp = open_memstream(&buf, &len);
	assert_int_equal(out_text_write(fp, &t), 0);
	fclose(fp);
	assert_string_equal(buf, "A  TXT\nx  pass (ip4:x)\n");
	free(buf);
	fp = open_memstream(&buf, &len);
	json_init(&w, fp, false);
	out_json_rows(&w, &t);
	assert_int_equal(json_finish(&w), 0);
	fclose(fp);
	assert_string_equal(buf, "[{\"a\":\"x\",\"v\":\"pass\",\"z\":2,"
	    "\"extra\":40}]\n");
	free(buf);
	out_table_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_whole_table_as_rfc4180_csv),
		cmocka_unit_test(test_hidden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
