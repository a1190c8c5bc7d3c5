/*
 * util/rate.h -- the one definition of a rate (a share of messages) and
 * how every output rounds it.
 *
 * Design rationale: `summary` said 94.3 % where the weekly page said
 * 94.2 % for the same 1000 messages, because the CLI printed a double
 * with printf's round-half-even and the page cut integer tenths.  Both now
 * come from here: a rate is part / whole of integer counts, in tenths of
 * a percent, rounded down (so 99.96 % never shows as 100.0 %, and a rate
 * shown as 100.0 % is exactly all of them).  Text, CSV, JSON and HTML
 * print the same digits.
 */
#ifndef DR_RATE_H
#define DR_RATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * 1000 * part / whole rounded down, i.e. the rate in tenths of a percent;
 * -1 when there is no rate (whole <= 0, or part out of [0, whole]) or
 * either is a sum not known (util/count.h).
 */
int64_t	rate_tenths(int64_t part, int64_t whole);

/*
 * Writes the rate as "94.2" (no percent sign) into out, or "-" when
 * rate_tenths() is -1.  out should hold 8 bytes or more.
 */
void	rate_fmt(int64_t part, int64_t whole, char *out, size_t outlen);

/* The same for a value already in tenths (-1: "-"). */
void	rate_fmt_tenths(int64_t tenths, char *out, size_t outlen);

#endif
