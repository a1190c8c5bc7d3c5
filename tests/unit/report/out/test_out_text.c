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
	/* the 199-byte cell is cut to 64 columns with "..." */
	assert_non_null(strstr(s, X61 "..."));
	assert_null(strstr(s, X61 "x"));
	/* U+202E and U+2028 neither reorder nor break the line */
	assert_non_null(strstr(s, "gro.\\u202eelpmaxe\\u2028next line"));
	assert_null(strstr(s, "\xe2\x80"));
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_list_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
