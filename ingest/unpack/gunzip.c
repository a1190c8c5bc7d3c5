/*
 * ingest/unpack/gunzip.c -- streaming gzip inflate with a cap on produced bytes.
 *
 * Design rationale:
 * - Streaming: nothing here grows with the output.  Each pull inflates
 *   into the caller's buffer only, so a 1 GiB bomb costs the zlib window
 *   (32 KiB) and stops when the produced count passes the cap.
 * - The count is what zlib produced, never the ISIZE trailer (a claim).
 * - The end is checked before it is reported: when inflate says
 *   Z_STREAM_END, the bytes after the member are examined in the same call,
 *   so trailing garbage fails the read that would otherwise have been the
 *   last one, and the XML parser's report is rolled back.
 *     CR LF SP TAB NUL only     accepted, gunzip_padded() (Mimecast)
 *     1F 8B                     another member: RFC 1952 allows a file of
 *                               several members, gzip(1) concatenates them;
 *                               we do the same (one output stream).  A
 *                               member that then is not XML fails the parse.
 *     anything else             R_GZIP_TRAILING
 * - Input that ends before Z_STREAM_END is R_GZIP_TRUNCATED; Z_DATA_ERROR
 *   (bad header, bad deflate data, CRC or ISIZE mismatch) is R_GZIP_CORRUPT.
 * - windowBits 15 + 16: gzip only, no zlib or raw deflate guessing.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ingest/unpack/gunzip.h"

#define FNAME_MAX	256

enum gz_state { GZ_RUN, GZ_END, GZ_FAILED };

struct gunzip {
	z_stream		 zs;
	bool			 zs_init;
	const unsigned char	*data;
	size_t			 len;
	size_t			 fed;		/* bytes given to zlib */
	uint64_t		 produced;
	uint64_t		 max;
	enum gz_state		 state;
	int			 members;
	bool			 padded;
	gz_header		 hdr;
	unsigned char		 fname[FNAME_MAX];
};

int
gunzip_new(struct gunzip **out, const unsigned char *data, size_t len,
    uint64_t max, struct dr_err *err)
{
	struct gunzip *gz;
	int rc;

	*out = NULL;
	if ((gz = calloc(1, sizeof(*gz))) == NULL)
		return dr_fail(err, R_NOMEM, "gunzip state");
	gz->data = data;
	gz->len = len;
	gz->max = max;
	gz->members = 1;
	if ((rc = inflateInit2(&gz->zs, 15 + 16)) != Z_OK) {
		free(gz);
		return dr_fail(err, rc == Z_MEM_ERROR ? R_NOMEM : R_INTERNAL,
		    "inflateInit2: %d", rc);
	}
	gz->zs_init = true;
	/* Header FNAME, kept as a hint for the payload name (NUL-terminated:
	 * zlib writes at most name_max bytes). */
	gz->hdr.name = gz->fname;
	gz->hdr.name_max = FNAME_MAX - 1;
	(void)inflateGetHeader(&gz->zs, &gz->hdr);
	*out = gz;
	return 0;
}

void
gunzip_free(struct gunzip *gz)
{
	if (gz == NULL)
		return;
	if (gz->zs_init)
		(void)inflateEnd(&gz->zs);
	free(gz);
}

const char *
gunzip_fname(const struct gunzip *gz)
{
	if (gz->hdr.done != 1 || gz->hdr.name == NULL || gz->fname[0] == '\0')
		return NULL;
	return (const char *)gz->fname;
}

bool
gunzip_padded(const struct gunzip *gz)
{
	return gz->padded;
}

uint64_t
gunzip_produced(const struct gunzip *gz)
{
	return gz->produced;
}

int
gunzip_members(const struct gunzip *gz)
{
	return gz->members;
}

static int
gz_fail(struct gunzip *gz, struct dr_err *err, enum dr_reason r,
    const char *what)
{
	gz->state = GZ_FAILED;
	return dr_fail(err, r, "%s (after %llu bytes of output)", what,
	    (unsigned long long)gz->produced);
}

/* Hands zlib the next slice of input (avail_in is 32 bits). */
static void
gz_feed(struct gunzip *gz)
{
	size_t n = gz->len - gz->fed;

	if (n > UINT_MAX)
		n = UINT_MAX;
	gz->zs.next_in = (unsigned char *)(uintptr_t)(gz->data + gz->fed);
	gz->zs.avail_in = (uInt)n;
	gz->fed += n;
}

static bool
is_pad(unsigned char c)
{
	return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\0';
}

/* At Z_STREAM_END: classify what follows the member (see the top). */
static int
gz_trailer(struct gunzip *gz, struct dr_err *err)
{
	size_t off = (size_t)(gz->zs.next_in - gz->data);
	const unsigned char *p = gz->data + off;
	size_t n = gz->len - off, i;
	int rc;

	if (n == 0) {
		gz->state = GZ_END;
		return 0;
	}
	if (n >= 2 && p[0] == 0x1F && p[1] == 0x8B) {
		if ((rc = inflateReset(&gz->zs)) != Z_OK)
			return gz_fail(gz, err, R_INTERNAL, "inflateReset");
		gz->zs.next_in = (unsigned char *)(uintptr_t)p;
		gz->fed = off;
		gz_feed(gz);
		gz->members++;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!is_pad(p[i]))
			break;
	if (i < n) {
		gz->state = GZ_FAILED;
		return dr_fail(err, R_GZIP_TRAILING,
		    "%zu bytes after the gzip stream (first 0x%02x)", n, p[i]);
	}
	gz->padded = true;
	gz->state = GZ_END;
	return 0;
}

ssize_t
gunzip_pull(void *vgz, unsigned char *buf, size_t len, struct dr_err *err)
{
	struct gunzip *gz = vgz;
	uInt before;
	int rc;

	if (gz->state == GZ_FAILED)
		return dr_fail(err, R_INTERNAL, "read after a gzip failure");
	if (len > INT_MAX)
		len = INT_MAX;
	gz->zs.next_out = buf;
	gz->zs.avail_out = (uInt)len;
	while (gz->zs.avail_out > 0 && gz->state == GZ_RUN) {
		if (gz->zs.avail_in == 0) {
			if (gz->fed == gz->len)
				return gz_fail(gz, err, R_GZIP_TRUNCATED,
				    "gzip stream ends early");
			gz_feed(gz);
		}
		before = gz->zs.avail_out;
		rc = inflate(&gz->zs, Z_NO_FLUSH);
		gz->produced += before - gz->zs.avail_out;
		if (gz->produced > gz->max)
			return gz_fail(gz, err, R_TOO_BIG,
			    "gzip output exceeds the cap");
		switch (rc) {
		case Z_OK:
			break;
		case Z_STREAM_END:
			if (gz_trailer(gz, err) == -1)
				return -1;
			break;
		case Z_BUF_ERROR:
			/* No progress: only possible with the input used up,
			 * which the top of the loop turns into truncation. */
			if (gz->zs.avail_in != 0)
				return gz_fail(gz, err, R_GZIP_CORRUPT,
				    "inflate made no progress");
			break;
		case Z_MEM_ERROR:
			return gz_fail(gz, err, R_NOMEM, "inflate");
		default:
			gz->state = GZ_FAILED;
			return dr_fail(err, R_GZIP_CORRUPT, "%s",
			    gz->zs.msg ? gz->zs.msg : "inflate failed");
		}
	}
	return (ssize_t)(len - gz->zs.avail_out);
}
