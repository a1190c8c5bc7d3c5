/*
 * tests/unit/ingest/unpack/test_unzip.c -- zip payloads through unpack_payloads().
 *
 * The archives are built here with libzip (into memory) and then patched
 * byte by byte where a case needs a lie (CRC, sizes, flags, method).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>
#include <zlib.h>

#include "ingest/unpack/unpack.h"
#include "ingest/unpack/unzip.h"
#include "util/buf.h"

#define REPORT	"<?xml version=\"1.0\"?>\n<feedback><report_metadata>" \
		"<org_name>example.net</org_name></report_metadata></feedback>\n"

/* ---- builders ---------------------------------------------------------- */

struct entry {
	const char	*name;		/* ends with '/': a directory */
	const void	*data;
	size_t		 len;		/* 0: strlen(data) */
	bool		 store;		/* ZIP_CM_STORE instead of deflate */
};

/* Builds a zip in memory from entries into b. */
static void
zip_make(struct buf *b, const struct entry *e, size_t n)
{
	zip_source_t *src, *fs;
	zip_error_t ze;
	zip_stat_t st;
	zip_int64_t idx;
	zip_t *za;
	size_t i;

	zip_error_init(&ze);
	buf_init(b, (size_t)64 << 20);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (i = 0; i < n; i++) {
		size_t len = e[i].len ? e[i].len :
		    e[i].data ? strlen(e[i].data) : 0;

		if (e[i].name[strlen(e[i].name) - 1] == '/') {
			assert_true(zip_dir_add(za, e[i].name, 0) >= 0);
			continue;
		}
		fs = zip_source_buffer(za, e[i].data, len, 0);
		assert_non_null(fs);
		idx = zip_file_add(za, e[i].name, fs, 0);
		assert_true(idx >= 0);
		assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx,
		    e[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0), 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	if (st.size > 0) {
		char *p = malloc(st.size);

		assert_non_null(p);
		assert_int_equal(zip_source_read(src, p, st.size),
		    (zip_int64_t)st.size);
		assert_int_equal(buf_append(b, p, st.size), 0);
		free(p);
	}
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
}

/* Offsets of the first local header and the first central header. */
static size_t
find_sig(const struct buf *b, const char *sig)
{
	size_t i;

	for (i = 0; i + 4 <= b->len; i++)
		if (memcmp(b->data + i, sig, 4) == 0)
			return i;
	fail_msg("signature not found");
	return 0;
}
#define LOCAL(b)	find_sig(b, "PK\x03\x04")
#define CENTRAL(b)	find_sig(b, "PK\x01\x02")

static void
put32(struct buf *b, size_t off, uint32_t v)
{
	b->data[off] = (char)(v & 0xff);
	b->data[off + 1] = (char)((v >> 8) & 0xff);
	b->data[off + 2] = (char)((v >> 16) & 0xff);
	b->data[off + 3] = (char)((v >> 24) & 0xff);
}

static void
gz_make(struct buf *b, const void *p, size_t n)
{
	unsigned char out[65536];
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	buf_init(b, 1 << 20);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = sizeof(out);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(buf_append(b, out, sizeof(out) - zs.avail_out), 0);
	deflateEnd(&zs);
}

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
	char		 names[8][128];
	size_t		 lens[8];
	char		 first[8][16];
	uint64_t	 total;
	int		 read_fail;
	enum dr_reason	 seen;
	size_t		 stop_after;	/* per call; 0: read to EOF */
	int		 fail_call;	/* 1-based call that returns -1 */
};

static int
rec_fn(void *ctx, const char *name, const struct dr_input *in,
    struct dr_err *err)
{
	struct rec *r = ctx;
	size_t got = 0;
	char b[4000];
	int n, k = r->calls++;

	if (k < 8)
		snprintf(r->names[k], sizeof(r->names[k]), "%s",
		    name ? name : "(null)");
	while ((n = in->read(in->ctx, b, sizeof(b))) > 0) {
		if (k < 8 && got == 0)
			memcpy(r->first[k], b, n < 15 ? (size_t)n : 15);
		got += (size_t)n;
		r->total += (uint64_t)n;
		if (r->stop_after && got >= r->stop_after)
			break;
	}
	if (k < 8)
		r->lens[k] = got;
	if (n < 0) {
		r->read_fail++;
		r->seen = err->reason;
		return dr_fail(err, R_XML_MALFORMED, "read failed");
	}
	if (r->fail_call == k + 1)
		return dr_fail(err, R_NOT_FEEDBACK, "fn says no");
	return 0;
}

static int
run(struct rec *r, const struct buf *b, int members, uint64_t cap,
    struct dr_err *err)
{
	struct dr_limits lim;

	dr_limits_default(&lim);
	if (members)
		lim.max_zip_members = members;
	if (cap)
		lim.max_decompressed = cap;
	dr_err_clear(err);
	return unpack_payloads((const unsigned char *)b->data, b->len, "a.zip",
	    &lim, rec_fn, NULL, r, err);
}

/* ---- table: archives made of entries ----------------------------------- */

struct zcase {
	const char	*what;
	struct entry	 e[6];
	size_t		 n;
	int		 rc;
	enum dr_reason	 reason;
	int		 calls;
	const char	*name0;		/* name of the first payload */
	const char	*name1;
};

static const struct zcase zcases[] = {
	{ "one report", { { "google.com!example.com!1!2.xml", REPORT, 0, false } },
	    1, 0, R_NONE, 1, "google.com!example.com!1!2.xml", NULL },
	{ "stored, not deflated", { { "r.xml", REPORT, 0, true } },
	    1, 0, R_NONE, 1, "r.xml", NULL },
	{ "two reports", { { "a.xml", REPORT, 0, false },
	    { "b.xml", REPORT, 0, false } }, 2, 0, R_NONE, 2, "a.xml", "b.xml" },
	{ "directory, __MACOSX, dot-files", { { "dir/", NULL, 0, false },
	    { "__MACOSX/", NULL, 0, false },
	    { "__MACOSX/._r.xml", "\0\5\x16\7junk", 8, false },
	    { ".DS_Store", "Bud1", 0, false },
	    { "dir/r.xml", REPORT, 0, false } }, 5, 0, R_NONE, 1, "dir/r.xml", NULL },
	{ "non-xml member skipped", { { "readme.txt", "hello", 0, false },
	    { "r.xml", REPORT, 0, false } }, 2, 0, R_NONE, 1, "r.xml", NULL },
	{ "only non-xml", { { "readme.txt", "hello", 0, false } },
	    1, -1, R_MEMBER_NOT_XML, 0, NULL, NULL },
	{ "empty member", { { "r.xml", "", 0, false } },
	    1, -1, R_MEMBER_NOT_XML, 0, NULL, NULL },
	{ "only directories", { { "a/", NULL, 0, false },
	    { "a/b/", NULL, 0, false } }, 2, -1, R_ZIP_EMPTY, 0, NULL, NULL },
	{ "nested zip", { { "inner.zip", "PK\x03\x04\x14\0\0\0", 8, false } },
	    1, -1, R_NESTED_ARCHIVE, 0, NULL, NULL },
	{ "gzip in zip", { { "r.xml.gz", "\x1f\x8b\x08\0\0\0", 6, false } },
	    1, -1, R_NESTED_ARCHIVE, 0, NULL, NULL },
	{ "zip-slip name is only text", { { "../../../../tmp/dr-slip.xml",
	    REPORT, 0, false } }, 1, 0, R_NONE, 1, "../../../../tmp/dr-slip.xml",
	    NULL },
	{ "leading white space in member", { { "r.xml", "\r\n  " REPORT, 0,
	    false } }, 1, 0, R_NONE, 1, "r.xml", NULL },
};

static void
test_zip_members_picked_or_rejected(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zcases) / sizeof(zcases[0]); i++) {
		const struct zcase *c = &zcases[i];
		struct dr_err err = DR_ERR_INIT;
		struct rec r = { 0 };
		struct buf b;
		int rc;

		zip_make(&b, c->e, c->n);
		rc = run(&r, &b, 0, 0, &err);
		if (rc != c->rc || err.reason != c->reason || r.calls != c->calls)
			fail_msg("case \"%s\": rc %d reason %s calls %d (want "
			    "%d %s %d) detail: %s", c->what, rc,
			    dr_reason_id(err.reason), r.calls, c->rc,
			    dr_reason_id(c->reason), c->calls, err.detail);
		if (c->name0 != NULL) {
			assert_string_equal(r.names[0], c->name0);
			assert_int_equal(r.lens[0], strlen(REPORT));
			assert_memory_equal(r.first[0], "<?xml", 5);
		}
		if (c->name1 != NULL)
			assert_string_equal(r.names[1], c->name1);
		buf_release(&b);
	}
	/* The zip-slip member never became a file. */
	assert_int_equal(access("/tmp/dr-slip.xml", F_OK), -1);
}

/* ---- patched archives -------------------------------------------------- */

static void
one_member(struct buf *b, const char *doc, size_t len, bool store)
{
	struct entry e = { "r.xml", doc, len, store };

	zip_make(b, &e, 1);
}

/* CRC wrong in both headers: small member (seen during the peek). */
static void
test_bad_crc_small(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	one_member(&b, REPORT, 0, true);
	put32(&b, LOCAL(&b) + 14, 0xdeadbeef);
	put32(&b, CENTRAL(&b) + 16, 0xdeadbeef);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CRC);
	assert_int_equal(r.calls, 0);
	buf_release(&b);
}

/* CRC wrong, member larger than the peek: the last read fails in fn. */
static void
test_bad_crc_large(void **state)
{
	size_t n = 100000;
	char *doc = spaces_doc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	one_member(&b, doc, n, false);
	put32(&b, LOCAL(&b) + 14, 0x12345678);
	put32(&b, CENTRAL(&b) + 16, 0x12345678);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CRC);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.read_fail, 1);
	assert_int_equal(r.seen, R_ZIP_CRC);

	/* The parser stops after 10 bytes and says ok: the member is still
	 * drained and its CRC checked. */
	memset(&r, 0, sizeof(r));
	r.stop_after = 10;
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CRC);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.read_fail, 0);

	/* The parser rejects the report: the CRC still is the root cause. */
	memset(&r, 0, sizeof(r));
	r.stop_after = 10;
	r.fail_call = 1;
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CRC);
	buf_release(&b);
	free(doc);
}

/* fn's own verdict passes through when the member is sound. */
static void
test_fn_verdict(void **state)
{
	struct entry e[2] = { { "a.xml", REPORT, 0, false },
	    { "b.xml", REPORT, 0, false } };
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	zip_make(&b, e, 2);
	r.fail_call = 1;
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_NOT_FEEDBACK);
	assert_int_equal(r.calls, 1);		/* the walk stopped */
	buf_release(&b);
}

/* Declared size smaller than the data (zip-bomb-lying-size). */
static void
test_lying_size(void **state)
{
	size_t n = (size_t)1 << 20;
	char *doc = spaces_doc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	one_member(&b, doc, n, false);
	put32(&b, LOCAL(&b) + 22, 1000);
	put32(&b, CENTRAL(&b) + 24, 1000);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CRC);
	assert_int_equal(r.calls, 0);
	assert_true(r.total <= 1000);
	buf_release(&b);
	free(doc);
}

/* A true bomb over the cap (sizes honest). */
static void
test_bomb(void **state)
{
	size_t n = (size_t)4 << 20;
	char *doc = spaces_doc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	one_member(&b, doc, n, false);
	assert_true(b.len < 16384);
	assert_int_equal(run(&r, &b, 0, 1 << 20, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	assert_int_equal(r.read_fail, 1);
	assert_int_equal(r.seen, R_TOO_BIG);
	assert_true(r.total <= (1 << 20));
	/* At the cap exactly: fine. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(run(&r, &b, 0, n, &err), 0);
	assert_int_equal(r.total, n);
	buf_release(&b);
	free(doc);
}

/* The cap is the archive's: four members of 1 MiB each fit a 4 MiB cap
 * and not a 2.5 MiB one (each alone would); the run stops inside the
 * third member, having produced no more than the cap, and with a 3 MiB
 * cap the fourth member is refused before it is delivered. */
static void
test_bomb_archive(void **state)
{
	size_t n = (size_t)1 << 20;
	char *doc = spaces_doc(n);
	struct entry e[4] = { { "a.xml", NULL, 0, false },
	    { "b.xml", NULL, 0, false }, { "c.xml", NULL, 0, false },
	    { "d.xml", NULL, 0, false } };
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		e[i].data = doc;
		e[i].len = n;
	}
	zip_make(&b, e, 4);
	assert_int_equal(run(&r, &b, 0, 4 * n, &err), 0);
	assert_int_equal(r.calls, 4);
	assert_int_equal(r.total, 4 * n);
	memset(&r, 0, sizeof(r));
	assert_int_equal(run(&r, &b, 0, 5 * n / 2, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	assert_int_equal(r.calls, 3);
	assert_int_equal(r.seen, R_TOO_BIG);
	assert_true(r.total <= 5 * n / 2);
	memset(&r, 0, sizeof(r));
	assert_int_equal(run(&r, &b, 0, 3 * n, &err), -1);
	assert_int_equal(err.reason, R_TOO_BIG);
	assert_int_equal(r.calls, 3);
	assert_int_equal(r.total, 3 * n);
	buf_release(&b);
	free(doc);
}

static void
test_encrypted_flag(void **state)
{
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	one_member(&b, REPORT, 0, true);
	b.data[LOCAL(&b) + 6] |= 1;
	b.data[CENTRAL(&b) + 8] |= 1;
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_ENCRYPTED);
	assert_int_equal(r.calls, 0);
	buf_release(&b);
}

static void
test_method(void **state)
{
	static const int methods[] = { ZIP_CM_BZIP2, ZIP_CM_LZMA, ZIP_CM_XZ,
	    ZIP_CM_PPMD, ZIP_CM_DEFLATE64, ZIP_CM_SHRINK };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		struct dr_err err = DR_ERR_INIT;
		struct rec r = { 0 };
		struct buf b;

		one_member(&b, REPORT, 0, true);
		b.data[LOCAL(&b) + 8] = (char)methods[i];
		b.data[CENTRAL(&b) + 10] = (char)methods[i];
		assert_int_equal(run(&r, &b, 0, 0, &err), -1);
		if (err.reason != R_ZIP_METHOD)
			fail_msg("method %d: %s: %s", methods[i],
			    dr_reason_id(err.reason), err.detail);
		assert_int_equal(r.calls, 0);
		buf_release(&b);
	}
}

/* Over the member cap: rejected before any member is read. */
static void
test_too_many(void **state)
{
	struct entry e[17];
	char names[17][16];
	size_t eocd;
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;
	int i;

	(void)state;
	for (i = 0; i < 17; i++) {
		snprintf(names[i], sizeof(names[i]), "r%02d.xml", i);
		e[i] = (struct entry){ names[i], REPORT, 0, false };
	}
	zip_make(&b, e, 17);
	assert_int_equal(run(&r, &b, 16, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_TOO_MANY);
	assert_int_equal(r.calls, 0);
	/* At the cap: all of them. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(run(&r, &b, 17, 0, &err), 0);
	assert_int_equal(r.calls, 17);
	/* The end record lies low: libzip's own count still decides. */
	eocd = b.len - 22;
	assert_memory_equal(b.data + eocd, "PK\x05\x06", 4);
	b.data[eocd + 8] = b.data[eocd + 10] = 1;
	memset(&r, 0, sizeof(r));
	assert_int_equal(run(&r, &b, 16, 0, &err), -1);
	assert_true(err.reason == R_ZIP_TOO_MANY || err.reason == R_ZIP_CORRUPT);
	assert_int_equal(r.calls, 0);
	buf_release(&b);
}

static void
test_not_a_zip(void **state)
{
	static const char empty_zip[22] = "PK\x05\x06";
	static const char not_zip[] = "PK\x03\x04 this is not a zip";
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;

	(void)state;
	/* The smallest zip: an end-of-central-directory record. */
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_append(&b, empty_zip, sizeof(empty_zip)), 0);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_EMPTY);
	buf_release(&b);

	/* Starts like a zip, is not one. */
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_append(&b, not_zip, sizeof(not_zip) - 1), 0);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CORRUPT);
	buf_release(&b);

	/* A real zip cut in half (central directory gone). */
	one_member(&b, REPORT, 0, false);
	b.len /= 2;
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_ZIP_CORRUPT);
	assert_int_equal(r.calls, 0);
	buf_release(&b);
}

/* Corrupt deflate data inside a member. */
static void
test_corrupt_data(void **state)
{
	size_t n = 50000, off;
	char *doc = malloc(n);
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf b;
	uint32_t x = 2463534242u;
	size_t i;

	(void)state;
	assert_non_null(doc);
	memcpy(doc, "<feedback>", 10);
	for (i = 10; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		doc[i] = (char)('a' + x % 26);
	}
	one_member(&b, doc, n, false);
	off = LOCAL(&b) + 30 + strlen("r.xml");
	memset(b.data + off + 20, 0xff, 64);
	assert_int_equal(run(&r, &b, 0, 0, &err), -1);
	assert_true(err.reason == R_ZIP_CORRUPT || err.reason == R_ZIP_CRC);
	buf_release(&b);
	free(doc);
}

/* Zip inside gzip, and a gzip that is a member of a zip. */
static void
test_nesting(void **state)
{
	struct entry e = { "r.xml", REPORT, 0, false };
	struct dr_err err = DR_ERR_INIT;
	struct rec r = { 0 };
	struct buf z, g;

	(void)state;
	zip_make(&z, &e, 1);
	gz_make(&g, z.data, z.len);
	assert_int_equal(run(&r, &g, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_NESTED_ARCHIVE);
	assert_int_equal(r.calls, 0);
	buf_release(&z);

	gz_make(&z, REPORT, strlen(REPORT));
	e = (struct entry){ "r.xml.gz", z.data, z.len, false };
	buf_release(&g);
	zip_make(&g, &e, 1);
	assert_int_equal(run(&r, &g, 0, 0, &err), -1);
	assert_int_equal(err.reason, R_NESTED_ARCHIVE);
	buf_release(&z);
	buf_release(&g);
}

static void
test_ignored_names(void **state)
{
	(void)state;
	assert_true(unzip_is_ignored("dir/"));
	assert_true(unzip_is_ignored("__MACOSX/._r.xml"));
	assert_true(unzip_is_ignored(".DS_Store"));
	assert_true(unzip_is_ignored("a/b/.hidden.xml"));
	assert_false(unzip_is_ignored("r.xml"));
	assert_false(unzip_is_ignored("a/r.xml"));
	assert_false(unzip_is_ignored("../../x.xml"));
	assert_false(unzip_is_ignored("MACOSX.xml"));
	assert_false(unzip_is_ignored(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zip_members_picked_or_rejected),
		cmocka_unit_test(test_bad_crc_small),
		cmocka_unit_test(test_bad_crc_large),
		cmocka_unit_test(test_fn_verdict),
		cmocka_unit_test(test_lying_size),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_bomb_archive),
		cmocka_unit_test(test_encrypted_flag),
		cmocka_unit_test(test_method),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_not_a_zip),
		cmocka_unit_test(test_corrupt_data),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_ignored_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
