/*
 * tests/unit/ingest/unpack/test_gunzip.c -- gzip and plain-XML payloads through
 * unpack_payloads(), and the gunzip pull reader on its own.
 *
 * Every archive is built here with zlib, so each case shows exactly which
 * bytes it feeds in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "ingest/unpack/gunzip.h"
#include "ingest/unpack/unpack.h"
#include "util/buf.h"

#define REPORT	"<?xml version=\"1.0\"?>\n<feedback><report_metadata>" \
		"<org_name>example.net</org_name></report_metadata></feedback>\n"

/* ---- builders ---------------------------------------------------------- */

/* Gzips p into b (appending); fname is written in the header when set. */
static void
gz_append(struct buf *b, const void *p, size_t n, const char *fname)
{
	unsigned char out[65536];
	gz_header h;
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	if (fname != NULL) {
		memset(&h, 0, sizeof(h));
		h.name = (unsigned char *)(uintptr_t)fname;
		assert_int_equal(deflateSetHeader(&zs, &h), Z_OK);
	}
	zs.next_in = (unsigned char *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	do {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		rc = deflate(&zs, Z_FINISH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		assert_int_equal(buf_append(b, out, sizeof(out) - zs.avail_out), 0);
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
}

static void
gz_make(struct buf *b, const void *p, size_t n)
{
	buf_init(b, (size_t)1 << 30);
	gz_append(b, p, n, NULL);
}

/* n bytes: "<feedback>" then spaces (a bomb when n is large). */
static char *
spaces_doc(size_t n)
{
	char *s = malloc(n);

	assert_non_null(s);
	memset(s, ' ', n);
	memcpy(s, "<feedback>", 10);
	return s;
}

/* ---- a recording unpack_fn --------------------------------------------- */

struct rec {
	int		 calls;
	char		 name[256];
	struct buf	 out;		/* first 1 MiB of what was read */
	uint64_t	 total;
	int		 read_fail;	/* read() returned -1 */
	enum dr_reason	 seen;		/* err->reason when it did */
	size_t		 stop_after;	/* 0: read to EOF; else stop early */
	int		 ret;		/* what fn returns after EOF */
	int		 warns;
	enum dr_reason	 warn_reason;
	int		 chunk;		/* read size; 0 means 4000 */
	bool		 inside;	/* in rec_fn now */
	int		 warns_inside;	/* warnings given while in rec_fn */
};

static void
rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->out, 1 << 20);
}

static int
rec_fn(void *ctx, const char *name, const struct dr_input *in,
    struct dr_err *err)
{
	struct rec *r = ctx;
	char b[65536];
	int n, chunk = r->chunk ? r->chunk : 4000;

	r->calls++;
	r->inside = true;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "(null)");
	while ((n = in->read(in->ctx, b, chunk)) > 0) {
		r->total += (uint64_t)n;
		if (r->out.len + (size_t)n <= r->out.max)
			assert_int_equal(buf_append(&r->out, b, (size_t)n), 0);
		if (r->stop_after && r->total >= r->stop_after) {
			r->inside = false;
			return r->ret;
		}
	}
	r->inside = false;
	if (n < 0) {
		r->read_fail++;
		r->seen = err->reason;
		/* Like the XML parser: report our own failure. */
		return dr_fail(err, R_XML_MALFORMED, "read failed");
	}
	return r->ret;
}

static void
rec_warn(void *ctx, enum dr_reason reason, const char *detail)
{
	struct rec *r = ctx;

	(void)detail;
	r->warns++;
	if (r->inside)
		r->warns_inside++;
	r->warn_reason = reason;
}

static int
run(struct rec *r, const void *p, size_t n, const char *name, uint64_t cap,
    struct dr_err *err)
{
	struct dr_limits lim;

	dr_limits_default(&lim);
	if (cap)
		lim.max_decompressed = cap;
	dr_err_clear(err);
	return unpack_payloads(p, n, name, &lim, rec_fn, rec_warn, r, err);
}

/* ---- table: whole-stream outcomes -------------------------------------- */

enum shape {
	S_PLAIN,	/* gzip(doc) */
	S_CRLF,		/* gzip(doc) CR LF */
	S_NULPAD,	/* gzip(doc) NUL NUL NUL SP TAB */
	S_GARBAGE,	/* gzip(doc) "XYZ" */
	S_PAD_GARBAGE,	/* gzip(doc) CR LF "x" */
	S_TRUNC_TAIL,	/* gzip(doc) minus its 8-byte trailer */
	S_TRUNC_HALF,	/* first half of gzip(doc) */
	S_CONCAT,	/* gzip(first half) gzip(second half) */
	S_CONCAT_BAD,	/* gzip(doc) 1F 8B 08 ... cut */
	S_BAD_CRC,	/* trailer CRC flipped */
	S_BAD_SIZE,	/* trailer ISIZE flipped */
	S_BAD_METHOD,	/* header method byte not 8 */
	S_MAGIC_ONLY,	/* 1F 8B */
	S_PLAIN_XML,	/* no gzip at all */
};

struct gz_case {
	const char	*what;
	enum shape	 shape;
	const char	*doc;
	size_t		 doclen;	/* 0: strlen(doc) */
	int		 rc;
	enum dr_reason	 reason;
	int		 calls;
	int		 warns;
	bool		 delivered;	/* fn saw exactly doc */
};

static const struct gz_case gz_cases[] = {
	{ "ok", S_PLAIN, REPORT, 0, 0, R_NONE, 1, 0, true },
	{ "mimecast crlf padding", S_CRLF, REPORT, 0, 0, R_NONE, 1, 1, true },
	{ "nul and blank padding", S_NULPAD, REPORT, 0, 0, R_NONE, 1, 1, true },
	{ "trailing garbage", S_GARBAGE, REPORT, 0, -1, R_GZIP_TRAILING, 0, 0, false },
	{ "padding then garbage", S_PAD_GARBAGE, REPORT, 0, -1, R_GZIP_TRAILING, 0, 0, false },
	{ "trailer cut", S_TRUNC_TAIL, REPORT, 0, -1, R_GZIP_TRUNCATED, 0, 0, false },
	{ "cut in half", S_TRUNC_HALF, REPORT, 0, -1, R_GZIP_TRUNCATED, 0, 0, false },
	{ "two members concatenated", S_CONCAT, REPORT, 0, 0, R_NONE, 1, 0, true },
	{ "second member cut", S_CONCAT_BAD, REPORT, 0, -1, R_GZIP_TRUNCATED, 0, 0, false },
	{ "crc mismatch", S_BAD_CRC, REPORT, 0, -1, R_GZIP_CORRUPT, 0, 0, false },
	{ "isize mismatch", S_BAD_SIZE, REPORT, 0, -1, R_GZIP_CORRUPT, 0, 0, false },
	{ "not deflate", S_BAD_METHOD, REPORT, 0, -1, R_GZIP_CORRUPT, 0, 0, false },
	{ "magic only", S_MAGIC_ONLY, REPORT, 0, -1, R_GZIP_TRUNCATED, 0, 0, false },
	{ "yahoo placeholder", S_PLAIN, "unused", 0, -1, R_NOT_XML, 0, 0, false },
	{ "empty member", S_PLAIN, "", 0, -1, R_NOT_XML, 0, 0, false },
	{ "white space only", S_PLAIN, " \r\n ", 0, -1, R_NOT_XML, 0, 0, false },
	{ "zip in gzip", S_PLAIN, "PK\x03\x04rest", 0, -1, R_NESTED_ARCHIVE, 0, 0, false },
	{ "empty zip in gzip", S_PLAIN, "PK\x05\x06", 0, -1, R_NESTED_ARCHIVE, 0, 0, false },
	{ "gzip in gzip", S_PLAIN, "\x1f\x8b\x08", 0, -1, R_NESTED_ARCHIVE, 0, 0, false },
	{ "plain xml", S_PLAIN_XML, REPORT, 0, 0, R_NONE, 1, 0, true },
	{ "plain non-xml", S_PLAIN_XML, "hello", 0, -1, R_NOT_XML, 0, 0, false },
};

static void
build(struct buf *b, const struct gz_case *c)
{
	size_t n = c->doclen ? c->doclen : strlen(c->doc), h;

	buf_init(b, (size_t)1 << 30);
	switch (c->shape) {
	case S_PLAIN_XML:
		assert_int_equal(buf_append(b, c->doc, n), 0);
		return;
	case S_MAGIC_ONLY:
		assert_int_equal(buf_append(b, "\x1f\x8b", 2), 0);
		return;
	case S_CONCAT:
		h = n / 2;
		gz_append(b, c->doc, h, NULL);
		gz_append(b, c->doc + h, n - h, NULL);
		return;
	default:
		gz_append(b, c->doc, n, NULL);
		break;
	}
	switch (c->shape) {
	case S_CRLF:
		assert_int_equal(buf_append(b, "\r\n", 2), 0);
		break;
	case S_NULPAD:
		assert_int_equal(buf_append(b, "\0\0\0 \t", 5), 0);
		break;
	case S_GARBAGE:
		assert_int_equal(buf_append(b, "XYZ", 3), 0);
		break;
	case S_PAD_GARBAGE:
		assert_int_equal(buf_append(b, "\r\nx", 3), 0);
		break;
	case S_TRUNC_TAIL:
		b->len -= 8;
		break;
	case S_TRUNC_HALF:
		b->len /= 2;
		break;
	case S_CONCAT_BAD:
		assert_int_equal(buf_append(b, "\x1f\x8b\x08\x00\x00", 5), 0);
		break;
	case S_BAD_CRC:
		b->data[b->len - 8] ^= 0x55;
		break;
	case S_BAD_SIZE:
		b->data[b->len - 4] ^= 0x01;
		break;
	case S_BAD_METHOD:
		b->data[2] = 7;
		break;
	default:
		break;
	}
}

static void
test_gzip_shapes_unpack_or_reject_with_reason(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(gz_cases) / sizeof(gz_cases[0]); i++) {
		const struct gz_case *c = &gz_cases[i];
		struct dr_err err = DR_ERR_INIT;
		struct rec r;
		struct buf b;
		int rc;

		build(&b, c);
		rec_init(&r);
		rc = run(&r, b.data, b.len, "r.xml.gz", 0, &err);
		if (rc != c->rc || err.reason != c->reason ||
		    r.calls != c->calls || r.warns != c->warns)
			fail_msg("case \"%s\": rc %d reason %s calls %d warns %d "
			    "(want %d %s %d %d) detail: %s", c->what, rc,
			    dr_reason_id(err.reason), r.calls, r.warns, c->rc,
			    dr_reason_id(c->reason), c->calls, c->warns,
			    err.detail);
		if (c->warns) {
			/* Given as the parser reads the end: part of the report. */
			assert_int_equal(r.warn_reason, R_W_GZIP_PADDING);
			assert_int_equal(r.warns_inside, c->warns);
		}
		if (c->delivered) {
			size_t n = c->doclen ? c->doclen : strlen(c->doc);

			assert_int_equal(r.out.len, n);
			assert_memory_equal(r.out.data, c->doc, n);
			assert_string_equal(r.name, "r.xml.gz");
		}
		buf_release(&r.out);
		buf_release(&b);
	}
}

/*
 * A stream too large to be decided by the peek: the failure at the end
 * must surface as a failing read inside fn (so the report is rolled back)
 * and unpack_payloads() must return the integrity reason, not fn's.
 */
static void
test_end_failure_inside_read(void **state)
{
	static const struct {
		enum shape	 shape;
		enum dr_reason	 reason;
	} cases[] = {
		{ S_GARBAGE, R_GZIP_TRAILING },
		{ S_TRUNC_TAIL, R_GZIP_TRUNCATED },
		{ S_BAD_CRC, R_GZIP_CORRUPT },
		{ S_CONCAT_BAD, R_GZIP_TRUNCATED },
	};
	size_t n = 200000, i;
	char *doc = spaces_doc(n);

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gz_case c = { "big", cases[i].shape, doc, n, 0, 0, 0, 0, 0 };
		struct dr_err err = DR_ERR_INIT;
		struct rec r;
		struct buf b;

		build(&b, &c);
		rec_init(&r);
		assert_int_equal(run(&r, b.data, b.len, NULL, 0, &err), -1);
		assert_int_equal(r.calls, 1);
		assert_int_equal(r.read_fail, 1);
		assert_int_equal(r.seen, cases[i].reason);
		assert_int_equal(err.reason, cases[i].reason);
		buf_release(&r.out);
		buf_release(&b);
	}
	free(doc);
}

/* The parser stops early and says ok: the rest is still checked. */
static void
test_drain_after_early_stop(void **state)
{
	size_t n = 200000;
	char *doc = spaces_doc(n);
	struct gz_case c = { "big", S_GARBAGE, doc, n, 0, 0, 0, 0, 0 };
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	build(&b, &c);
	rec_init(&r);
	r.stop_after = 100;
	assert_int_equal(run(&r, b.data, b.len, NULL, 0, &err), -1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.read_fail, 0);
	assert_int_equal(err.reason, R_GZIP_TRAILING);
	buf_release(&r.out);
	buf_release(&b);

	/* Same early stop on a sound stream: fine. */
	c.shape = S_CRLF;
	build(&b, &c);
	rec_init(&r);
	r.stop_after = 100;
	assert_int_equal(run(&r, b.data, b.len, NULL, 0, &err), 0);
	assert_int_equal(err.reason, R_NONE);
	assert_int_equal(r.warns, 1);		/* found by the drain */
	assert_int_equal(r.warns_inside, 0);
	buf_release(&r.out);
	buf_release(&b);
	free(doc);
}

/* 4 MiB of spaces against a 1 MiB cap: stops at the cap, reads fail. */
static void
test_bomb(void **state)
{
	size_t n = (size_t)4 << 20;
	char *doc = spaces_doc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	gz_make(&b, doc, n);
	assert_true(b.len < 16384);		/* it is a bomb */
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, NULL, 1 << 20, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	assert_int_equal(r.read_fail, 1);
	assert_int_equal(r.seen, R_TOO_BIG);
	assert_true(r.total <= (1 << 20));
	assert_true(r.total > (1 << 20) - 8192);

	/* Exactly at the cap is allowed. */
	buf_release(&r.out);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, NULL, n, &err), 0);
	assert_int_equal(r.total, n);
	/* One byte less is not. */
	buf_release(&r.out);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, NULL, n - 1, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	buf_release(&r.out);
	buf_release(&b);
	free(doc);
}

/* A bomb in the second member of a concatenation is capped too. */
static void
test_bomb_second_member(void **state)
{
	size_t n = (size_t)2 << 20;
	char *doc = spaces_doc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	gz_make(&b, REPORT, strlen(REPORT));
	gz_append(&b, doc, n, NULL);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, NULL, 1 << 20, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	assert_int_equal(r.calls, 1);
	buf_release(&r.out);
	buf_release(&b);
	free(doc);
}

/* Leading white space and a UTF-8 BOM inside the stream are dropped
 * before the parser (libxml2 refuses white space before "<?xml"). */
static void
test_leading_space_and_bom(void **state)
{
	static const char doc[] = "\r\n\xef\xbb\xbf  " REPORT;
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	gz_make(&b, doc, sizeof(doc) - 1);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, "x", 0, &err), 0);
	assert_int_equal(r.out.len, strlen(REPORT));
	assert_memory_equal(r.out.data, REPORT, strlen(REPORT));
	buf_release(&r.out);
	/* Same for XML that is not compressed, and white space before the
	 * gzip magic is skipped too. */
	rec_init(&r);
	assert_int_equal(run(&r, doc, sizeof(doc) - 1, "x", 0, &err), 0);
	assert_int_equal(r.out.len, strlen(REPORT));
	buf_release(&r.out);
	buf_reset(&b);
	assert_int_equal(buf_append(&b, "\r\n", 2), 0);
	gz_append(&b, REPORT, strlen(REPORT), NULL);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, "x", 0, &err), 0);
	assert_int_equal(r.out.len, strlen(REPORT));
	buf_release(&r.out);
	buf_release(&b);
}

/* A UTF-16 BOM is kept: it tells libxml2 the encoding. */
static void
test_utf16_bom_kept(void **state)
{
	static const char doc[] = "\xff\xfe<\0f\0/\0>\0";
	struct dr_err err = DR_ERR_INIT;
	struct rec r;

	(void)state;
	rec_init(&r);
	assert_int_equal(run(&r, doc, sizeof(doc) - 1, NULL, 0, &err), 0);
	assert_int_equal(r.out.len, sizeof(doc) - 1);
	assert_memory_equal(r.out.data, doc, sizeof(doc) - 1);
	buf_release(&r.out);
}

/* The payload name: the attachment name, else the gzip FNAME. */
static void
test_names(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 20);
	gz_append(&b, REPORT, strlen(REPORT), "inner.xml");
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, NULL, 0, &err), 0);
	assert_string_equal(r.name, "inner.xml");
	buf_release(&r.out);
	rec_init(&r);
	assert_int_equal(run(&r, b.data, b.len, "outer.xml.gz", 0, &err), 0);
	assert_string_equal(r.name, "outer.xml.gz");
	buf_release(&r.out);
	buf_release(&b);
}

static void
test_empty_and_junk(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct rec r;

	(void)state;
	rec_init(&r);
	assert_int_equal(run(&r, "", 0, NULL, 0, &err), -1);
	assert_int_equal(err.reason, R_EMPTY_ATTACHMENT);
	assert_int_equal(run(&r, NULL, 0, NULL, 0, &err), -1);
	assert_int_equal(err.reason, R_EMPTY_ATTACHMENT);
	assert_int_equal(run(&r, "\x89PNG\r\n", 6, NULL, 0, &err), -1);
	assert_int_equal(err.reason, R_NOT_XML);
	assert_int_equal(r.calls, 0);
	buf_release(&r.out);
}

/* fn's own verdict is passed through when the stream is sound. */
static void
test_fn_verdict(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct rec r;
	struct buf b;

	(void)state;
	gz_make(&b, REPORT, strlen(REPORT));
	rec_init(&r);
	r.ret = -1;		/* returns -1 without setting err */
	assert_int_equal(run(&r, b.data, b.len, NULL, 0, &err), -1);
	assert_int_equal(r.calls, 1);
	buf_release(&r.out);
	buf_release(&b);
}

/* The pull reader with tiny reads: same bytes, same checks. */
static void
test_pull_bytewise(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct gunzip *gz = NULL;
	unsigned char c;
	struct buf b, out;
	ssize_t n;

	(void)state;
	gz_make(&b, REPORT, strlen(REPORT));
	gz_append(&b, REPORT, strlen(REPORT), NULL);
	assert_int_equal(buf_append(&b, "\r\n", 2), 0);
	buf_init(&out, 1 << 20);
	assert_int_equal(gunzip_new(&gz, (unsigned char *)b.data, b.len,
	    1 << 20, &err), 0);
	while ((n = gunzip_pull(gz, &c, 1, &err)) == 1)
		assert_int_equal(buf_append(&out, &c, 1), 0);
	assert_int_equal(n, 0);
	assert_int_equal(gunzip_pull(gz, &c, 1, &err), 0);	/* stays at EOF */
	assert_int_equal(out.len, 2 * strlen(REPORT));
	assert_memory_equal(out.data + strlen(REPORT), REPORT, strlen(REPORT));
	assert_int_equal(gunzip_members(gz), 2);
	assert_int_equal(gunzip_produced(gz), 2 * strlen(REPORT));
	assert_null(gunzip_fname(gz));
	gunzip_free(gz);
	gunzip_free(NULL);
	buf_release(&out);
	buf_release(&b);
}

/* After a failure every further pull fails. */
static void
test_pull_latched(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct gunzip *gz = NULL;
	unsigned char out[64];
	struct buf b;

	(void)state;
	gz_make(&b, REPORT, strlen(REPORT));
	assert_int_equal(buf_append(&b, "junk", 4), 0);
	assert_int_equal(gunzip_new(&gz, (unsigned char *)b.data, b.len,
	    1 << 20, &err), 0);
	while (gunzip_pull(gz, out, sizeof(out), &err) > 0)
		;
	assert_int_equal(err.reason, R_GZIP_TRAILING);
	dr_err_clear(&err);
	assert_int_equal(gunzip_pull(gz, out, sizeof(out), &err), -1);
	gunzip_free(gz);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_shapes_unpack_or_reject_with_reason),
		cmocka_unit_test(test_end_failure_inside_read),
		cmocka_unit_test(test_drain_after_early_stop),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_bomb_second_member),
		cmocka_unit_test(test_leading_space_and_bom),
		cmocka_unit_test(test_utf16_bom_kept),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_empty_and_junk),
		cmocka_unit_test(test_fn_verdict),
		cmocka_unit_test(test_pull_bytewise),
		cmocka_unit_test(test_pull_latched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
