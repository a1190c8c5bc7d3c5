/* tests/unit/ingest/test_mbox.c -- the streaming mbox splitter. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <nettle/sha2.h>

#include "ingest/mbox.h"

static char path[] = "/tmp/dr-test-mbox-XXXXXX";

static void
put(const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
sha_of(const char *p, size_t n, char out[65])
{
	uint8_t sum[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t i;

	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)p);
	sha256_digest(&c, sizeof(sum), sum);
	for (i = 0; i < sizeof(sum); i++)
		snprintf(out + 2 * i, 3, "%02x", sum[i]);
}

/* Each case: the file, then its entries' unquoted bytes (NULL-ended);
 * the raw entries are the file cut at the separators given as offsets. */
struct split_case {
	const char	*name;
	const char	*file;
	const char	*want[4];
	size_t		 off[4];
};

static const struct split_case cases[] = {
	{ "two entries",
	  "From a@b Mon Nov 10 00:00:00 2025\nX: 1\n\nbody\n\n"
	  "From c@d Mon Nov 10 00:00:00 2025\nY: 2\n\nb2\n",
	  { "From a@b Mon Nov 10 00:00:00 2025\nX: 1\n\nbody\n\n",
	    "From c@d Mon Nov 10 00:00:00 2025\nY: 2\n\nb2\n", NULL },
	  { 0, 46 } },
	{ "From line in a body, no empty line before: body text",
	  "From a\nX: 1\n\nline\nFrom the reporter\nFrom x\n",
	  { "From a\nX: 1\n\nline\nFrom the reporter\nFrom x\n", NULL },
	  { 0 } },
	{ "mboxrd unquoting, one '>' per quoted line only",
	  "From a\nX: 1\n\n>From x\n>>From y\n> From z\n>Fromage\n>From\n",
	  { "From a\nX: 1\n\nFrom x\n>From y\n> From z\n>Fromage\n>From\n",
	    NULL },
	  { 0 } },
	{ "CRLF lines; an empty line is \\r\\n",
	  "From a\r\nX: 1\r\n\r\nb\r\n\r\nFrom c\r\nY: 2\r\n\r\nb2",
	  { "From a\r\nX: 1\r\n\r\nb\r\n\r\n", "From c\r\nY: 2\r\n\r\nb2",
	    NULL },
	  { 0, 21 } },
	{ "the separator line itself is never unquoted; cut last entry",
	  "From a\n\n>From b\n\nFrom c\nX",
	  { "From a\n\nFrom b\n\n", "From c\nX", NULL },
	  { 0, 17 } },
	{ "an empty line then From at the file's end",
	  "From a\nX: 1\n\nFrom ",
	  { "From a\nX: 1\n\n", "From ", NULL },
	  { 0, 13 } },
};

static void
test_split(void **state)
{
	struct mbox_entry e;
	struct mbox *mb;
	struct buf b;
	char sha[65];
	size_t i, j, len, end;

	(void)state;
	buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct split_case *c = &cases[i];

		len = strlen(c->file);
		put(c->file, len);
		assert_int_equal(mbox_open(&mb, path), 0);
		assert_true(mbox_is_mbox(mb));
		for (j = 0; c->want[j] != NULL; j++) {
			print_message("%s: entry %zu\n", c->name, j + 1);
			assert_int_equal(mbox_next(mb, &b, &e), 1);
			assert_int_equal(e.index, (int64_t)j + 1);
			assert_int_equal(e.offset, c->off[j]);
			end = c->want[j + 1] != NULL ? c->off[j + 1] : len;
			assert_int_equal(e.size, end - c->off[j]);
			sha_of(c->file + c->off[j], end - c->off[j], sha);
			assert_string_equal(e.sha256, sha);
			assert_false(e.is_too_big);
			assert_int_equal(b.len, strlen(c->want[j]));
			assert_memory_equal(b.data, c->want[j], b.len);
			assert_true(mbox_at_end(mb) ==
			    (c->want[j + 1] == NULL));
		}
		assert_int_equal(mbox_next(mb, &b, &e), 0);
		mbox_free(mb);
	}
	buf_release(&b);
}

static void
add(char *f, size_t *n, const char *s)
{
	memcpy(f + *n, s, strlen(s));
	*n += strlen(s);
}

/* Lines longer than the read buffer, a separator across its edge, an
 * entry over the cap (skipped whole, the next one read), seeking back. */
static void
test_long_cap_seek(void **state)
{
	struct mbox_entry e;
	struct mbox *mb;
	struct buf b;
	char *f;
	size_t n = 0, big = 200000, off2, off3;
	int64_t index;

	(void)state;
	f = malloc(65536 + big + 200);
	assert_non_null(f);
	add(f, &n, "From a\nX: 1\n\n");
	memset(f + n, 'x', 65536 - 2 - n);	/* "\n\nFrom" across 64 KiB */
	n = 65536 - 2;
	add(f, &n, "\n\n");
	off2 = n;
	add(f, &n, "From b\nX: 2\n\n");
	memset(f + n, 'y', big);		/* one line of 200000 bytes */
	n += big;
	add(f, &n, "\n\n");
	off3 = n;
	add(f, &n, "From c\nX: 3\n\nz\n");
	put(f, n);

	buf_init(&b, 100000);
	assert_int_equal(mbox_open(&mb, path), 0);
	assert_int_equal(mbox_next(mb, &b, &e), 1);
	assert_int_equal(e.size, off2);
	assert_int_equal(b.len, off2);
	assert_int_equal(mbox_next(mb, &b, &e), 1);
	assert_true(e.is_too_big);
	assert_int_equal(e.offset, off2);
	assert_int_equal(e.size, off3 - off2);
	assert_int_equal(b.len, 0);
	assert_int_equal(mbox_tell(mb, &index), off3);
	assert_int_equal(index, 2);
	assert_int_equal(mbox_next(mb, &b, &e), 1);
	assert_int_equal(e.index, 3);
	assert_memory_equal(b.data, "From c\nX: 3\n\nz\n", b.len);
	assert_true(mbox_at_end(mb));

	/* Back to entry 3, as a batch replay does. */
	assert_int_equal(mbox_seek(mb, off3, 2), 0);
	assert_int_equal(mbox_next(mb, &b, &e), 1);
	assert_int_equal(e.index, 3);
	assert_int_equal(e.offset, off3);
	/* No separator there: the file was rewritten. */
	assert_int_equal(mbox_seek(mb, off3 + 1, 2), -1);
	assert_int_equal(errno, ESTALE);
	mbox_free(mb);
	buf_release(&b);
	free(f);
}

/* Not an mbox: nothing consumed, the whole of it read as one. */
static void
test_not_mbox(void **state)
{
	static const char msg[] = "Subject: x\n\nFrom a\n";
	struct mbox *mb;
	struct buf b;

	(void)state;
	put(msg, strlen(msg));
	buf_init(&b, 1000);
	assert_int_equal(mbox_open(&mb, path), 0);
	assert_false(mbox_is_mbox(mb));
	assert_int_equal(mbox_read_rest(mb, &b), 0);
	assert_int_equal(b.len, strlen(msg));
	assert_memory_equal(b.data, msg, b.len);
	mbox_free(mb);
	buf_release(&b);

	buf_init(&b, 5);
	assert_int_equal(mbox_open(&mb, path), 0);
	assert_int_equal(mbox_read_rest(mb, &b), -1);
	assert_int_equal(errno, EFBIG);
	mbox_free(mb);
	buf_release(&b);

	put("From", 4);			/* too short to be one */
	assert_int_equal(mbox_open(&mb, path), 0);
	assert_false(mbox_is_mbox(mb));
	mbox_free(mb);
	assert_int_equal(mbox_open(&mb, "/nonexistent/x"), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(mb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_long_cap_seek),
		cmocka_unit_test(test_not_mbox),
	};
	int fd, rc;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(path);
	return rc;
}
