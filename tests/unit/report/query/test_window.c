/* tests/unit/report/test_window.c -- time window parsing and resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/query/opts.h"

#define DAY	86400
#define D0	1794182400	/* 2026-11-09 */

static void
test_parse_day(void **state)
{
	static const struct { const char *s; int rc; int64_t t; } cases[] = {
		{ "2026-11-09", 0, D0 },
		{ "1970-01-01", 0, 0 },
		{ "2024-02-29", 0, 1709164800 },
		{ "2023-02-29", -1, 0 },
		{ "2026-13-01", -1, 0 },
		{ "2026-00-10", -1, 0 },
		{ "2026-11-31", -1, 0 },
		{ "2026-1-09", -1, 0 },
		{ "2026-11-09x", -1, 0 },
		{ "26-11-09", -1, 0 },
		{ "", -1, 0 },
		{ "1969-12-31", -1, 0 },
	};
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = 0;
		assert_int_equal(window_parse_day(cases[i].s, &t), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(t, cases[i].t);
	}
	assert_int_equal(window_parse_day(NULL, &t), -1);
}

static void
test_fmt_day(void **state)
{
	char b[16];

	(void)state;
	window_fmt_day(D0, b, sizeof(b));
	assert_string_equal(b, "2026-11-09");
	window_fmt_day(D0 + DAY - 1, b, sizeof(b));
	assert_string_equal(b, "2026-11-09");
	window_fmt_day(0, b, sizeof(b));
	assert_string_equal(b, "1970-01-01");
	window_fmt_day(1709164800, b, sizeof(b));
	assert_string_equal(b, "2024-02-29");
}

static void
test_resolve(void **state)
{
	static const struct {
		const char *since, *until;
		int days;
		int rc;
		int64_t start, end;
	} cases[] = {
		/* now = 2026-11-09 15:00: default is the last 7 days incl. today */
		{ NULL, NULL, 0, 0, D0 - 6 * DAY, D0 + DAY },
		{ NULL, NULL, 1, 0, D0, D0 + DAY },
		{ NULL, NULL, 30, 0, D0 - 29 * DAY, D0 + DAY },
		{ "2026-11-01", NULL, 0, 0, D0 - 8 * DAY, D0 + DAY },
		{ "2026-11-01", NULL, 3, 0, D0 - 8 * DAY, D0 - 5 * DAY },
		{ NULL, "2026-11-05", 0, 0, D0 - 10 * DAY, D0 - 3 * DAY },
		{ NULL, "2026-11-05", 2, 0, D0 - 5 * DAY, D0 - 3 * DAY },
		{ "2026-11-09", "2026-11-15", 0, 0, D0, D0 + 7 * DAY },
		{ "2026-11-09", "2026-11-09", 0, 0, D0, D0 + DAY },
		{ "2026-11-10", "2026-11-09", 0, -1, 0, 0 },
		{ "2026-11-09", "2026-11-15", 3, -1, 0, 0 },
		{ "bad", NULL, 0, -1, 0, 0 },
		{ NULL, "2026-02-30", 0, -1, 0, 0 },
		{ NULL, NULL, -1, -1, 0, 0 },
	};
	struct report_opts o;
	struct dr_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&o, 0, sizeof(o));
		dr_err_clear(&err);
		o.since_arg = cases[i].since;
		o.until_arg = cases[i].until;
		o.days = cases[i].days;
		assert_int_equal(window_resolve(&o, D0 + 15 * 3600, &err), cases[i].rc);
		if (cases[i].rc == 0) {
			assert_int_equal(o.win_start, cases[i].start);
			assert_int_equal(o.win_end, cases[i].end);
		} else
			assert_int_equal(err.reason, R_USAGE);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_fmt_day),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
