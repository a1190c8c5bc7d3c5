/* tests/unit/report/test_out_text.c -- the aligned table: alignment,
 * escaping of hostile strings, width caps, lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/out/out.h"

#define X10	"xxxxxxxxxx"
#define X61	X10 X10 X10 X10 X10 X10 "x"

static char *
render(const struct out_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(out_text_write(fp, t), 0);
	fclose(fp);
	return buf;
}

static void
test_align(void **state)
{
	static const struct out_col cols[] = {
		{ "d", "DOMAIN", COL_STR }, { "n", "N", COL_INT }, { "p", "P", COL_PCT },
	};
	struct out_table t;
	char *s;
	long k;

	(void)state;
	out_table_init(&t, cols, 3);
	k = out_row(&t);
	out_str(&t, k, 0, "a.example");
	out_int(&t, k, 1, 1234);
	out_rate(&t, k, 2, 1, 2);
	k = out_row(&t);
	out_int(&t, k, 1, 5);
	out_rate(&t, k, 2, 0, 0);
	s = render(&t);
	assert_string_equal(s,
	    "DOMAIN        N      P\n"
	    "a.example  1234  50.0%\n"
	    "-             5      -\n");
	free(s);
	out_table_release(&t);
}

static void
test_hostile(void **state)
{
	static const struct out_col cols[] = {
		{ "d", "D", COL_STR }, { "l", "L", COL_LIST },
	};
	const char *items[] = { "\x1b]0;pwned\x07", "ok.test" };
	struct out_table t;
	char *s, longs[200];
	long k;

	(void)state;
	out_table_init(&t, cols, 2);
	k = out_row(&t);
	out_str(&t, k, 0, "\x1b[2Jevil\r\n");
	out_list(&t, k, 1, items, 2, 0);
	k = out_row(&t);
	memset(longs, 'x', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	out_str(&t, k, 0, longs);
	k = out_row(&t);
	out_str(&t, k, 0, "gro.\xe2\x80\xae" "elpmaxe\xe2\x80\xa8" "next line");
	s = render(&t);
	/* no raw control byte anywhere but the newlines */
	for (const char *p = s; *p; p++)
		assert_true(*p == '\n' || (unsigned char)*p >= 0x20);
	assert_non_null(strstr(s, "\\x1b[2Jevil\\x0d\\x0a"));
	assert_non_null(strstr(s, "\\x1b]0;pwned\\x07,ok.test"));
	/* the 199-byte cell is cut to 64 columns with an ellipsis (was
	 * "...", now U+2026 as every cut cell), and the footer says so */
	assert_non_null(strstr(s, X61 "xx" "\xe2\x80\xa6"));
	assert_null(strstr(s, X61 "xxx"));
	assert_non_null(strstr(s, "are cut"));
	/* U+202E and U+2028 neither reorder nor break the line */
	assert_non_null(strstr(s, "gro.\\u202eelpmaxe\\u2028next line"));
	/* (was: no "\xe2\x80" at all; the cut cell's U+2026 now shares
	 * that prefix, so the two code points are named) */
	assert_null(strstr(s, "\xe2\x80\xae"));
	assert_null(strstr(s, "\xe2\x80\xa8"));
	free(s);
	assert_int_equal(out_text_width("\x1b"), 4);
	assert_int_equal(out_text_width("h\xc3\xa9"), 2);
	out_table_release(&t);
}

static void
test_list_more(void **state)
{
	static const struct out_col cols[] = { { "l", "L", COL_LIST } };
	const char *items[20];
	char names[20][16];
	struct out_table t;
	char *s;
	long k;
	int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "d%02d.example", i);
		items[i] = names[i];
	}
	out_table_init(&t, cols, 1);
	k = out_row(&t);
	out_list(&t, k, 0, items, 20, 0);
	s = render(&t);
	assert_string_equal(s, "L\nd00.example,d01.example,d02.example,d03.example,d04.example,+15\n");
	free(s);
	out_table_release(&t);
}

static char *
render_fit(const struct out_table *t, size_t maxw)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_int_equal(out_text_write_fit(fp, t, maxw), 0);
	fclose(fp);
	return buf;
}

/* Widest table line of s in terminal columns (U+2026 and CJK counted
 * right; footer lines, which start with "(", are not counted). */
static size_t
max_line_width(const char *s)
{
	size_t w = 0, max = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '(' && w == 0) {	/* a footer line */
			while (p[1] != '\0' && p[1] != '\n')
				p++;
		} else if (*p == '\n') {
			max = w > max ? w : max;
			w = 0;
		} else if (*p == 0xe2 && p[1] == 0x80 && p[2] == 0xa6) {
			w += 1;
			p += 2;
		} else if (*p >= 0xe6 && *p <= 0xe9) {	/* the CJK below */
			w += 2;
			p += 2;
		} else if ((*p & 0xc0) != 0x80) {
			w++;
		}
	}
	return w > max ? w : max;
}

static void
test_fit(void **state)
{
	static const struct out_col cols[] = {
		{ "d", "DOMAIN", COL_STR }, { "ip", "IP", COL_STR },
		{ "org", "ORG", COL_STR }, { "n", "N", COL_INT },
		{ "x", "EXTRA", COL_STR },
	};
	/* 20 CJK characters: 40 columns, 60 bytes */
	static const char cjk[] = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5"
	    "\xe6\x9c\xac\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5\xe6\x9c\xac"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5"
	    "\xe6\x9c\xac\xe6\x97\xa5";
	struct out_table t;
	char *s;
	long k;

	(void)state;
	out_table_init(&t, cols, 5);
	k = out_row(&t);
	out_str(&t, k, 0, "example.com");
	out_str(&t, k, 1, "2001:db8::1");
	out_str(&t, k, 2, cjk);
	out_int(&t, k, 3, 7);
	out_str(&t, k, 4, "low value");
	/* no limit: everything, no footer */
	s = render_fit(&t, 0);
	assert_null(strstr(s, "hidden"));
	assert_null(strstr(s, "\xe2\x80\xa6"));
	assert_int_equal(max_line_width(s), 11 + 2 + 11 + 2 + 40 + 2 + 1 + 2 + 9);
	free(s);
	/* 60: the CJK cell is cut on a character, EXTRA hidden, fits */
	s = render_fit(&t, 60);
	assert_true(max_line_width(s) <= 60);
	assert_non_null(strstr(s, "example.com"));
	assert_non_null(strstr(s, "2001:db8::1"));
	assert_non_null(strstr(s, "\xe2\x80\xa6"));
	assert_non_null(strstr(s, "1 column hidden: EXTRA; use --wide"));
	assert_non_null(strstr(s, "are cut"));
	free(s);
	/* 200: all of it */
	s = render_fit(&t, 200);
	assert_non_null(strstr(s, cjk));
	assert_null(strstr(s, "hidden"));
	free(s);
	out_table_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_list_more),
		cmocka_unit_test(test_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
