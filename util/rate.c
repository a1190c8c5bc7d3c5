/*
 * util/rate.c -- rates in tenths of a percent, rounded down (see rate.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include "util/count.h"
#include "util/rate.h"

int64_t
rate_tenths(int64_t part, int64_t whole)
{
	if (whole <= 0 || part < 0 || part > whole || dr_count_is_sat(whole) ||
	    dr_count_is_sat(part))
		return -1;
	return (int64_t)((__int128)part * 1000 / whole);
}

void
rate_fmt_tenths(int64_t tenths, char *out, size_t outlen)
{
	if (tenths < 0)
		(void)snprintf(out, outlen, "-");
	else
		(void)snprintf(out, outlen, "%" PRId64 ".%d", tenths / 10,
		    (int)(tenths % 10));
}

void
rate_fmt(int64_t part, int64_t whole, char *out, size_t outlen)
{
	rate_fmt_tenths(rate_tenths(part, whole), out, outlen);
}
