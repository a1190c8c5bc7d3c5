/* tests/unit/util/test_util.c -- capped buffer, safe printer, reasons, fsx, rates. */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fsx.h"
#include "util/limits.h"
#include "util/rate.h"
#include "util/vis.h"

static void
test_buf_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_append(&b, "0123456789", 10), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(buf_append(&b, "x", 1), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "ab"), 0);
	assert_string_equal(b.data, "42-ab");
	assert_int_equal(buf_printf(&b, "%s", "too long for it"), -1);
	buf_release(&b);
	assert_null(b.data);
}

/* buf_json_batch(): batches of at most max, escaped, duplicates of a
 * sorted order asked once, *pos at the first left. */
static void
test_buf_json_batch(void **state)
{
	const char *v[] = { "b", "a\"q", "b", "c\\", "a\"q" };
	const size_t ix[] = { 1, 4, 0, 2, 3 };	/* sorted: a"q a"q b b c\ */
	struct buf b;
	size_t pos = 0;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(buf_json_batch(&b, v, ix, 5, &pos, 2), 0);
	assert_string_equal(b.data, "[\"a\\\"q\",\"b\"]");
	assert_int_equal(pos, 3);
	assert_int_equal(buf_json_batch(&b, v, ix, 5, &pos, 2), 0);
	assert_string_equal(b.data, "[\"c\\\\\"]");
	assert_int_equal(pos, 5);
	assert_int_equal(buf_json_batch(&b, v, ix, 5, &pos, 2), 0);
	assert_string_equal(b.data, "[]");
	pos = 0;	/* no order: every string, as it comes */
	assert_int_equal(buf_json_batch(&b, v, NULL, 5, &pos, 9), 0);
	assert_string_equal(b.data,
	    "[\"b\",\"a\\\"q\",\"b\",\"c\\\\\",\"a\\\"q\"]");
	assert_int_equal(pos, 5);
	buf_release(&b);
	buf_init(&b, 8);	/* past the cap: -1 */
	pos = 0;
	assert_int_equal(buf_json_batch(&b, v, NULL, 5, &pos, 9), -1);
	buf_release(&b);
}

static void
test_vis(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain text", "plain text" },
		{ "esc\x1b[31mred", "esc\\x1b[31mred" },
		{ "bell\a", "bell\\x07" },
		{ "back\\slash", "back\\\\slash" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* valid UTF-8 kept */
		{ "bad\xc3\x28", "bad\\xc3(" },			/* invalid UTF-8 escaped */
		{ "c1\xc2\x9b", "c1\\xc2\\x9b" },		/* C1 CSI escaped */
		{ "nl\nx", "nl\\x0ax" },
		/* bidi override and line separator: \uHHHH as on the page */
		{ "moc.\xe2\x80\xaelapyap", "moc.\\u202elapyap" },
		{ "a\xe2\x80\xa8" "b", "a\\u2028b" },
		{ "zw\xe2\x80\x8bj\xef\xbb\xbf", "zw\\u200bj\\ufeff" },
	};
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, 1024);
		assert_int_equal(vis_buf(&b, cases[i].in), 0);
		assert_string_equal(b.data, cases[i].out);
		buf_release(&b);
	}
}

static void
test_reasons(void **state)
{
	struct dr_err e = DR_ERR_INIT;

	(void)state;
	assert_string_equal(dr_reason_id(R_ZIP_CRC), "zip-crc-mismatch");
	assert_int_equal(dr_reason_kind(R_ZIP_CRC), DR_REJECT);
	assert_int_equal(dr_reason_kind(R_NOT_FEEDBACK), DR_SKIP);
	assert_int_equal(dr_reason_kind(R_DB), DR_FATAL);
	assert_int_equal(dr_reason_from_id("xml-doctype"), R_XML_DOCTYPE);
	assert_int_equal(dr_reason_from_id("no-such-id"), R__COUNT);
	/* The first failure wins. */
	assert_int_equal(dr_fail(&e, R_GZIP_TRUNCATED, "at %d", 7), -1);
	assert_int_equal(dr_fail(&e, R_XML_MALFORMED, "later"), -1);
	assert_int_equal(e.reason, R_GZIP_TRUNCATED);
	assert_string_equal(e.detail, "at 7");
	/* Every id is unique. */
	for (int i = 0; i < R__COUNT; i++)
		for (int j = i + 1; j < R__COUNT; j++)
			assert_string_not_equal(dr_reason_id(i), dr_reason_id(j));
}

/* The file at path holds exactly want. */
static bool
file_is(const char *path, const char *want)
{
	char got[64] = "";
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL)
		return false;
	n = fread(got, 1, sizeof(got) - 1, fp);
	fclose(fp);
	got[n] = '\0';
	return strcmp(got, want) == 0;
}

static void
test_fsx(void **state)
{
	char dir[] = "/tmp/dr-test-fsx-XXXXXX", a[128], b[128], deep[160];
	int fd, fd2;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(deep, sizeof(deep), "%s/x/y/z", dir);
	assert_int_equal(fsx_mkdirs(deep), 0);
	assert_true(fsx_is_dir(deep));
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/x/b", dir);
	assert_int_equal(fsx_write_atomic(a, "hello", 5), 0);
	assert_int_equal(fsx_move(a, b), 0);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(access(b, F_OK), 0);
	/* A move never replaces: EEXIST, both files as they were. */
	assert_int_equal(fsx_write_atomic(a, "other", 5), 0);
	assert_int_equal(fsx_move(a, b), -1);
	assert_int_equal(errno, EEXIST);
	assert_true(file_is(a, "other"));
	assert_true(file_is(b, "hello"));
	/* Two names of one file (link()+unlink() cut short): finished. */
	assert_int_equal(unlink(a), 0);
	assert_int_equal(link(b, a), 0);
	assert_int_equal(fsx_move(a, b), 0);
	assert_int_equal(access(a, F_OK), -1);
	assert_true(file_is(b, "hello"));
	/* The lock is exclusive. */
	snprintf(a, sizeof(a), "%s/lock", dir);
	fd = fsx_lock(a);
	assert_true(fd >= 0);
	fd2 = fsx_lock(a);
	assert_int_equal(fd2, -1);
	assert_int_equal(errno, EWOULDBLOCK);
	fsx_unlock(fd);
	fd2 = fsx_lock(a);
	assert_true(fd2 >= 0);
	fsx_unlock(fd2);
	snprintf(deep, sizeof(deep), "rm -rf '%s'", dir);
	assert_int_equal(system(deep), 0);
}

static void
test_limits(void **state)
{
	struct dr_limits l;

	(void)state;
	dr_limits_default(&l);
	assert_int_equal(l.max_zip_members, DR_MAX_ZIP_MEMBERS);
	assert_true(l.max_decompressed < (uint64_t)1100 * 1024 * 1024);	/* below the corpus bombs */
	assert_true(l.max_xml_depth < 256);
}

static void
test_rate(void **state)
{
	char b[16];

	(void)state;
	/* 943/1000 and 94.29 % both show 94.2: rounded down, never up. */
	assert_int_equal(rate_tenths(943, 1000), 943);
	assert_int_equal(rate_tenths(270 + 0 + 17 - 7, 296), 945);
	rate_fmt(9429, 10000, b, sizeof(b));
	assert_string_equal(b, "94.2");
	rate_fmt(9999, 10000, b, sizeof(b));
	assert_string_equal(b, "99.9");
	rate_fmt(5, 5, b, sizeof(b));
	assert_string_equal(b, "100.0");
	rate_fmt(0, 7, b, sizeof(b));
	assert_string_equal(b, "0.0");
	/* No rate: nothing to divide by, or a part that is not a part. */
	assert_int_equal(rate_tenths(0, 0), -1);
	assert_int_equal(rate_tenths(3, 2), -1);
	assert_int_equal(rate_tenths(-1, 2), -1);
	rate_fmt(1, 0, b, sizeof(b));
	assert_string_equal(b, "-");
	/* No overflow on large counts; a sum not known (util/count.h:
	 * INT64_MAX) has no rate. */
	assert_int_equal(rate_tenths(INT64_MAX - 2, INT64_MAX - 1), 999);
	assert_int_equal(rate_tenths(INT64_MAX - 1, INT64_MAX), -1);
	assert_int_equal(rate_tenths(INT64_MAX, INT64_MAX), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_buf_json_batch),
		cmocka_unit_test(test_vis),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_fsx),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
