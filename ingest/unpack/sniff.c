/*
 * ingest/unpack/sniff.c -- decide a payload's kind by its first bytes.
 *
 * Design rationale: names and content types lie (gzip labelled zip,
 * octet-stream, no name at all), so the bytes decide.  Leading ASCII white
 * space and a byte-order mark are skipped because senders prepend them
 * (a UTF-8 BOM before "<?xml", a stray CRLF before the body).  After a
 * UTF-16 BOM the white space skipped is UTF-16 white space.  Only three
 * kinds matter: gzip, zip and XML; everything else is "none".
 */
#include <stdbool.h>
#include <stddef.h>

#include "ingest/unpack/unpack.h"
#include "ingest/unpack/unpack_int.h"

static bool
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

/* Skips UTF-16 white space units after a BOM; big-endian when be. */
static size_t
skip_ws16(const unsigned char *p, size_t n, size_t i, bool be)
{
	while (i + 1 < n) {
		unsigned char lo = be ? p[i + 1] : p[i];
		unsigned char hi = be ? p[i] : p[i + 1];

		if (hi != 0 || !is_ws(lo))
			break;
		i += 2;
	}
	return i;
}

size_t
sniff_skip(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_ws(p[i]))
		i++;
	if (n - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBB &&
	    p[i + 2] == 0xBF) {
		i += 3;
		while (i < n && is_ws(p[i]))
			i++;
	} else if (n - i >= 2 && p[i] == 0xFF && p[i + 1] == 0xFE)
		i = skip_ws16(p, n, i + 2, false);
	else if (n - i >= 2 && p[i] == 0xFE && p[i + 1] == 0xFF)
		i = skip_ws16(p, n, i + 2, true);
	return i;
}

enum sniff_kind
sniff_kind(const unsigned char *p, size_t n)
{
	size_t i;

	if (p == NULL || n == 0)
		return SNIFF_NONE;
	i = sniff_skip(p, n);
	p += i;
	n -= i;
	if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B)
		return SNIFF_GZIP;
	if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
		return SNIFF_ZIP;
	if (n >= 1 && p[0] == '<')
		return SNIFF_XML;		/* also UTF-16LE "3C 00" */
	if (n >= 2 && p[0] == 0 && p[1] == '<')
		return SNIFF_XML;		/* UTF-16BE */
	return SNIFF_NONE;
}

bool
sniff_is_utf32(const unsigned char *p, size_t n)
{
	return p != NULL && n >= 4 &&
	    ((p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) ||
	    (p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF));
}

const char *
sniff_name(enum sniff_kind k)
{
	switch (k) {
	case SNIFF_GZIP:
		return "gzip";
	case SNIFF_ZIP:
		return "zip";
	case SNIFF_XML:
		return "xml";
	default:
		return "none";
	}
}
