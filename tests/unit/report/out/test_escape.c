/* tests/unit/report/test_escape.c -- report/out/escape.c: the HTML choke
 * point.  Table-driven: each hostile input and its exact escaped form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/out/escape.h"
#include "util/buf.h"

struct esc_case {
	const char	*in;
	size_t		 maxcp;
	int		 is_attr;
	const char	*out;
};

static const struct esc_case cases[] = {
	{ "", 0, 0, "" },
	{ "example.com", 0, 0, "example.com" },
	{ "a&b<c>d\"e'f", 0, 0, "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
	{ "<script>alert(\"org\")</script><img src=x onerror=alert(1)>", 0, 0,
	  "&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;&lt;img src=x "
	  "onerror=alert(1)&gt;" },
	{ "\"><svg onload=alert(2)>", 0, 1, "&quot;&gt;&lt;svg onload=alert(2)&gt;" },
	{ "javascript:alert(4)", 0, 1, "javascript:alert(4)" },
	{ "&amp;", 0, 0, "&amp;amp;" },
	/* control bytes and backslash are made visible */
	{ "a\x1b[31mred\x07", 0, 0, "a\\x1b[31mred\\x07" },
	{ "back\\slash", 0, 0, "back\\\\slash" },
	{ "cr\rlf\n", 0, 0, "cr\\x0dlf\n" },
	{ "tab\tnl\n", 0, 1, "tab&#9;nl&#10;" },
	{ "del\x7f", 0, 0, "del\\x7f" },
	/* UTF-8: valid kept, invalid and hidden shown */
	{ "caf\xc3\xa9 \xe2\x82\xac", 0, 0, "caf\xc3\xa9 \xe2\x82\xac" },
	{ "bad\xff\xfe", 0, 0, "bad\\xff\\xfe" },
	{ "over\xc0\xaflong", 0, 0, "over\\xc0\\xaflong" },
	{ "trunc\xe2\x82", 0, 0, "trunc\\xe2\\x82" },
	{ "surr\xed\xa0\x80", 0, 0, "surr\\xed\\xa0\\x80" },
	{ "c1\xc2\x9b", 0, 0, "c1\\u009b" },
	{ "rlo\xe2\x80\xaegnp.exe", 0, 0, "rlo\\u202egnp.exe" },
	{ "zw\xe2\x80\x8bsp", 0, 0, "zw\\u200bsp" },
	{ "bom\xef\xbb\xbf", 0, 0, "bom\\ufeff" },
	/* cut at maxcp code points, then an ellipsis */
	{ "abcdef", 3, 0, "abc\xe2\x80\xa6" },
	{ "abc", 3, 0, "abc" },
	{ "<<<<", 2, 0, "&lt;&lt;\xe2\x80\xa6" },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9", 2, 0, "\xc3\xa9\xc3\xa9\xe2\x80\xa6" },
};

static void
test_html_escape_of_hostile_strings(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, 1 << 16);
		assert_int_equal(html_escape_buf(&b, cases[i].in, cases[i].maxcp,
		    cases[i].is_attr), 0);
		if (strcmp(b.data ? b.data : "", cases[i].out) != 0)
			fail_msg("case %zu: got [%s] want [%s]", i, b.data ? b.data : "",
			    cases[i].out);
		buf_release(&b);
	}
}

/* No output of html_text/html_attr can hold a raw <, >, ", ' or a
 * control byte, whatever bytes go in. */
static void
test_all_bytes(void **state)
{
	char in[512], *out = NULL;
	size_t i, n = 0, len = 0;
	FILE *fp;

	(void)state;
	for (i = 1; i < 256; i++)
		in[n++] = (char)i;
	in[n] = '\0';
	assert_non_null(fp = open_memstream(&out, &len));
	html_text(fp, in);
	html_attr(fp, in);
	html_text_max(fp, in, 10);
	html_text(fp, NULL);
	fclose(fp);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];

		assert_true(c != '<' && c != '>' && c != '"' && c != '\'');
		assert_true(c >= 0x20 || c == '\t' || c == '\n');
		assert_true(c != 0x7f);
	}
	assert_non_null(strstr(out, "&lt;"));
	free(out);
}

static void
test_full_buffer(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(html_escape_buf(&b, "<<<<<<<<", 0, 0), -1);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape_of_hostile_strings),
		cmocka_unit_test(test_all_bytes),
		cmocka_unit_test(test_full_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
