/*
 * report/query/window.c -- the time window of a report command.
 *
 * Design rationale: windows are whole UTC days, [since 00:00, until 24:00),
 * so that the same command gives the same numbers wherever it runs.  Days
 * are converted with a civil-calendar formula instead of timegm()/mktime()
 * so the TZ variable cannot change the result.  --days N counts N days
 * ending with --until (default today), or starting with --since.
 */
#include <stdio.h>
#include <string.h>

#include "report/query/opts.h"

#define DAY	86400

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *yy, unsigned *mm, unsigned *dd)
{
	int64_t era, y;
	unsigned doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*yy = (int)(y + (m <= 2));
	*mm = m;
	*dd = d;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
window_parse_day(const char *s, int64_t *out)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y = 0, i;
	unsigned m, d, lim;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return -1;
	lim = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > lim)
		return -1;
	*out = days_from_civil(y, m, d) * DAY;
	return 0;
}

void
window_fmt_day(int64_t t, char *out, size_t outlen)
{
	int64_t days = t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
	unsigned m, d;
	int y;

	civil_from_days(days, &y, &m, &d);
	(void)snprintf(out, outlen, "%04d-%02u-%02u", y, m, d);
}

void
window_describe(const struct report_opts *o, char *out, size_t outlen)
{
	char a[16], b[16];

	window_fmt_day(o->win_start, a, sizeof(a));
	window_fmt_day(o->win_end - DAY, b, sizeof(b));
	(void)snprintf(out, outlen, "%s .. %s (UTC)", a, b);
}

int
window_resolve(struct report_opts *o, int64_t now, struct dr_err *err)
{
	int64_t since = 0, until = 0, today;
	int days = o->days;

	today = (now >= 0 ? now / DAY : (now - DAY + 1) / DAY) * DAY;
	if (o->since_arg && window_parse_day(o->since_arg, &since) == -1)
		return dr_fail(err, R_USAGE, "--since '%s': expected a date YYYY-MM-DD",
		    o->since_arg);
	if (o->until_arg && window_parse_day(o->until_arg, &until) == -1)
		return dr_fail(err, R_USAGE, "--until '%s': expected a date YYYY-MM-DD",
		    o->until_arg);
	if (days < 0 || days > 36600)
		return dr_fail(err, R_USAGE, "--days %d: expected 1 to 36600", days);
	if (o->since_arg && o->until_arg && days > 0)
		return dr_fail(err, R_USAGE, "give at most two of --since, --until and --days");
	if (o->since_arg && o->until_arg) {
		/* both given */
	} else if (o->since_arg) {
		until = days > 0 ? since + (int64_t)(days - 1) * DAY : today;
	} else {
		if (!o->until_arg)
			until = today;
		since = until - (int64_t)((days > 0 ? days : 7) - 1) * DAY;
	}
	if (until < since)
		return dr_fail(err, R_USAGE, "--until is before --since");
	o->win_start = since;
	o->win_end = until + DAY;
	return 0;
}
