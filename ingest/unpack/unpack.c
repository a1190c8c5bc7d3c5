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

void
payload_init(struct payload *p, payload_pull_fn pull, void *src,
    struct dr_err *err)
{
	p->pull = pull;
	p->src = src;
	p->err = err;
	dr_err_clear(&p->rerr);
	p->failed = false;
	p->eof = false;
	p->peek_len = 0;
	p->peek_off = 0;
	p->at_end = NULL;
	p->at_end_ctx = NULL;
	p->ended = false;
}

static void
payload_ended(struct payload *p)
{
	if (p->ended || p->failed || !p->eof)
		return;
	p->ended = true;
	if (p->at_end != NULL)
		p->at_end(p->at_end_ctx);
}

/* Pulls into buf, latching a failure.  Returns bytes, 0 at the end, -1. */
static ssize_t
payload_pull(struct payload *p, unsigned char *buf, size_t len)
{
	ssize_t n;

	if (p->failed)
		return -1;
	if (p->eof)
		return 0;
	n = p->pull(p->src, buf, len, &p->rerr);
	if (n < 0) {
		p->failed = true;
		if (p->rerr.reason == R_NONE)
			dr_err_set(&p->rerr, R_INTERNAL, "read failed");
		/* Tell the parser through the err it shares with us. */
		(void)dr_fail(p->err, p->rerr.reason, "%s", p->rerr.detail);
		return -1;
	}
	if (n == 0)
		p->eof = true;
	return n;
}

/*
 * Where an XML document starts in a buffer: leading white space is
 * dropped (libxml2 refuses white space before "<?xml"), a UTF-8 BOM too,
 * but a UTF-16 BOM is kept because it tells libxml2 the encoding.
 */
static size_t
xml_start(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n' || p[i] == '\f' || p[i] == '\v'))
		i++;
	if (n - i >= 2 && ((p[i] == 0xFF && p[i + 1] == 0xFE) ||
	    (p[i] == 0xFE && p[i + 1] == 0xFF)))
		return i;
	return sniff_skip(p, n);
}

int
payload_peek(struct payload *p, enum sniff_kind *kind, struct dr_err *err)
{
	ssize_t n;

	*kind = SNIFF_NONE;
	while (p->peek_len < sizeof(p->peek)) {
		n = payload_pull(p, p->peek + p->peek_len,
		    sizeof(p->peek) - p->peek_len);
		if (n < 0) {
			dr_err_set(err, p->rerr.reason, "%s", p->rerr.detail);
			return -1;
		}
		if (n == 0)
			break;
		p->peek_len += (size_t)n;
	}
	*kind = sniff_kind(p->peek, p->peek_len);
	if (*kind == SNIFF_XML)
		p->peek_off = xml_start(p->peek, p->peek_len);
	return 0;
}

int
payload_read(void *ctx, char *buf, int len)
{
	struct payload *p = ctx;
	ssize_t got;
	size_t n;

	if (len <= 0)
		return len == 0 ? 0 : -1;
	if (p->peek_off < p->peek_len) {
		n = p->peek_len - p->peek_off;
		if (n > (size_t)len)
			n = (size_t)len;
		memcpy(buf, p->peek + p->peek_off, n);
		p->peek_off += n;
		return (int)n;
	}
	got = payload_pull(p, (unsigned char *)buf, (size_t)len);
	if (got == 0)
		payload_ended(p);
	return (int)got;
}

int
payload_drain(struct payload *p, struct dr_err *err)
{
	unsigned char buf[16384];
	ssize_t n;

	p->peek_off = p->peek_len;
	while ((n = payload_pull(p, buf, sizeof(buf))) > 0)
		;
	if (n < 0) {
		dr_err_set(err, p->rerr.reason, "%s", p->rerr.detail);
		return -1;
	}
	payload_ended(p);
	return 0;
}

int
payload_deliver(struct payload *p, const char *name, unpack_fn fn, void *ctx,
    struct dr_err *err)
{
	struct dr_input in = { payload_read, p };
	int rc;

	rc = fn(ctx, name, &in, err);
	/* An operational failure (database) stops here; everything else is
	 * read to its end so that CRC and trailer are verified. */
	if (!p->failed &&
	    !(rc == -1 && dr_reason_kind(err->reason) == DR_FATAL))
		(void)payload_drain(p, NULL);
	if (p->failed) {
		dr_err_set(err, p->rerr.reason, "%s", p->rerr.detail);
		return -1;
	}
	return rc;
}

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
