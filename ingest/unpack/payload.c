/*
 * ingest/unpack/payload.c -- struct payload: one decompressed stream
 * behind a pull function, peeked at, then served to the XML parser.
 *
 * Design rationale: every container (memory, gzip, zip member) hands its
 * stream to the parser the same way, so the peek (what does it hold?),
 * the latched first failure (the root cause is kept and shared with the
 * parser's err) and the drain after the parser returns (trailer and CRC
 * are verified even when the parser stopped early) are written once, here.
 * unpack.c and unzip.c build payloads; this file calls neither.
 */
#include <string.h>

#include "ingest/unpack/unpack.h"
#include "ingest/unpack/unpack_int.h"

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
