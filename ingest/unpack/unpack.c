/*
 * ingest/unpack/unpack.c -- dispatch an attachment to its XML payloads.
 *
 * Design rationale: sniff once, unwrap at most one container, and give
 * the XML parser a pull reader (struct payload) in every case, so the
 * parser never sees a whole decompressed document in memory.  Before the
 * parser gets a decompressed stream, its first bytes are peeked: an archive
 * inside an archive is R_NESTED_ARCHIVE (no receiver does this, and
 * recursing would multiply the caps), anything that is not XML is
 * R_NOT_XML (Yahoo's placeholder gzip holding the word "unused").  The
 * peeked bytes are then served first, so the parser sees the whole stream.
 *
 * End-of-stream integrity (gzip trailer, zip CRC) is checked by draining
 * the stream after the parser returns; a failure found then replaces the
 * parser's verdict, because the data it parsed cannot be trusted.
 */
#include <limits.h>
#include <string.h>

#include "ingest/unpack/gunzip.h"
#include "ingest/unpack/unpack.h"
#include "ingest/unpack/unpack_int.h"
#include "ingest/unpack/unzip.h"

/* A payload that is XML in memory already. */
struct mem_src {
	const unsigned char	*data;
	size_t			 len;
	size_t			 off;
};

static ssize_t
mem_pull(void *vsrc, unsigned char *buf, size_t len, struct dr_err *err)
{
	struct mem_src *m = vsrc;
	size_t n = m->len - m->off;

	(void)err;
	if (n > len)
		n = len;
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	memcpy(buf, m->data + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static int
unpack_xml(const unsigned char *data, size_t len, const char *name,
    unpack_fn fn, void *ctx, struct dr_err *err)
{
	struct mem_src m = { data, len, 0 };
	struct payload p;
	enum sniff_kind k;

	payload_init(&p, mem_pull, &m, err);
	if (payload_peek(&p, &k, err) == -1)
		return -1;
	if (k != SNIFF_XML)
		return dr_fail(err, R_NOT_XML, "payload is not XML");
	return payload_deliver(&p, name, fn, ctx, err);
}

/* The padding warning is given as the parser reaches the end, so that it
 * belongs to the report being parsed. */
struct gz_end {
	struct gunzip	*gz;
	unpack_warn_fn	 warn;
	void		*ctx;
};

static void
gz_at_end(void *vge)
{
	struct gz_end *ge = vge;

	if (ge->warn != NULL && gunzip_padded(ge->gz))
		ge->warn(ge->ctx, R_W_GZIP_PADDING,
		    "white space or NUL padding after the gzip stream");
}

static int
unpack_gzip(const unsigned char *data, size_t len, const char *name,
    const struct dr_limits *lim, unpack_fn fn, unpack_warn_fn warn,
    void *ctx, struct dr_err *err)
{
	struct gz_end ge = { NULL, warn, ctx };
	struct payload p;
	enum sniff_kind k;
	int rc = -1;

	if (gunzip_new(&ge.gz, data, len, lim->max_decompressed, err) == -1)
		return -1;
	payload_init(&p, gunzip_pull, ge.gz, err);
	p.at_end = gz_at_end;
	p.at_end_ctx = &ge;
	if (payload_peek(&p, &k, err) == -1)
		goto done;
	switch (k) {
	case SNIFF_XML:
		break;
	case SNIFF_GZIP:
	case SNIFF_ZIP:
		(void)dr_fail(err, R_NESTED_ARCHIVE, "%s inside gzip",
		    sniff_name(k));
		goto done;
	default:
		if (p.peek_len == 0)
			(void)dr_fail(err, R_NOT_XML, "gzip stream is empty");
		else
			(void)dr_fail(err, R_NOT_XML,
			    "gzip holds %zu%s bytes that are not XML",
			    p.peek_len, p.eof ? "" : "+");
		goto done;
	}
	if (name == NULL)
		name = gunzip_fname(ge.gz);
	rc = payload_deliver(&p, name, fn, ctx, err);
done:
	gunzip_free(ge.gz);
	return rc;
}

int
unpack_payloads(const unsigned char *data, size_t len, const char *name,
    const struct dr_limits *lim, unpack_fn fn, unpack_warn_fn warn,
    void *ctx, struct dr_err *err)
{
	size_t off;

	if (data == NULL || len == 0)
		return dr_fail(err, R_EMPTY_ATTACHMENT, "no bytes");
	off = sniff_skip(data, len);
	switch (sniff_kind(data, len)) {
	case SNIFF_GZIP:
		return unpack_gzip(data + off, len - off, name, lim, fn, warn,
		    ctx, err);
	case SNIFF_ZIP:
		return unzip_payloads(data + off, len - off, lim, fn, ctx, err);
	case SNIFF_XML:
		return unpack_xml(data, len, name, fn, ctx, err);
	default:
		return dr_fail(err, R_NOT_XML, "not gzip, zip or XML");
	}
}
