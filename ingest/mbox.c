/*
 * ingest/mbox.c -- a streaming mbox splitter (see mbox.h).
 *
 * Design rationale:
 *  - Hand-written, not GMime's GMIME_FORMAT_MBOX: GMime ends a message at
 *    any line starting "From " (its check_boundary() needs no empty line
 *    before it, so a body line splits a message in two), it builds each
 *    message's whole MIME tree before our caps can act (mime.c pre-scans
 *    the bytes against --max-mime-parts for that reason), and it reads a
 *    message of any size.  Here a separator needs the empty line RFC 4155
 *    describes, and an entry is capped at the buffer's max while its
 *    SHA-256 still covers every byte.
 *  - Lines are consumed in pieces of the read buffer: a line of any
 *    length (a hostile one without a newline) costs no memory beyond the
 *    entry's cap.  Only the head of each line is looked at: "From " and
 *    the ">+From " of mboxrd quoting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "ingest/mbox.h"

#define MBOX_CHUNK	65536

struct mbox {
	int		 fd;
	bool		 own_fd;
	bool		 is_mbox;	/* it starts with "From " */
	bool		 eof;		/* read() returned 0 */
	int		 error;		/* errno of a failed read, or 0 */
	size_t		 pos, len;	/* unread bytes are buf[pos..len) */
	uint64_t	 off;		/* file offset of buf[pos] */
	int64_t		 index;		/* entries returned so far */
	unsigned char	 buf[MBOX_CHUNK];
};

/* Makes at least want bytes available (fewer at the end or after an
 * error); returns how many are. */
static size_t
fill(struct mbox *mb, size_t want)
{
	ssize_t n;

	if (want > sizeof(mb->buf))
		want = sizeof(mb->buf);
	while (mb->len - mb->pos < want && !mb->eof && mb->error == 0) {
		if (mb->pos > 0) {
			memmove(mb->buf, mb->buf + mb->pos, mb->len - mb->pos);
			mb->len -= mb->pos;
			mb->pos = 0;
		}
		n = read(mb->fd, mb->buf + mb->len, sizeof(mb->buf) - mb->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			mb->error = errno;
		else if (n == 0)
			mb->eof = true;
		else
			mb->len += (size_t)n;
	}
	return mb->len - mb->pos;
}

static int
read_failed(const struct mbox *mb)
{
	errno = mb->error;
	return -1;
}

int
mbox_open(struct mbox **out, const char *path)
{
	struct mbox *mb;
	int saved;

	*out = NULL;
	if ((mb = calloc(1, sizeof(*mb))) == NULL)
		return -1;
	mb->fd = STDIN_FILENO;
	if (strcmp(path, "-") != 0) {
		mb->fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (mb->fd == -1) {
			saved = errno;
			free(mb);
			errno = saved;
			return -1;
		}
		mb->own_fd = true;
	}
	(void)fill(mb, 5);
	if (mb->error != 0) {
		saved = mb->error;
		mbox_free(mb);
		errno = saved;
		return -1;
	}
	mb->is_mbox = mb->len >= 5 && memcmp(mb->buf, "From ", 5) == 0;
	*out = mb;
	return 0;
}

bool
mbox_is_mbox(const struct mbox *mb)
{
	return mb->is_mbox;
}

static void
sha_hex(struct sha256_ctx *c, char out[65])
{
	static const char hexd[] = "0123456789abcdef";
	uint8_t sum[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(c, sizeof(sum), sum);
	for (i = 0; i < sizeof(sum); i++) {
		out[2 * i] = hexd[sum[i] >> 4];
		out[2 * i + 1] = hexd[sum[i] & 15];
	}
	out[64] = '\0';
}

/* Whether the line at the head of the unread bytes is ^>+From  (mboxrd
 * quoting: its first '>' goes); false when its quotes fill the buffer. */
static bool
is_quoted(struct mbox *mb)
{
	size_t n, i;

	for (i = 0;; i++) {
		n = fill(mb, i + 6);
		if (i + 6 > n)
			return false;
		if (mb->buf[mb->pos + i] != '>')
			break;
	}
	return i > 0 && memcmp(mb->buf + mb->pos + i, "From ", 5) == 0;
}

int
mbox_next(struct mbox *mb, struct buf *data, struct mbox_entry *e)
{
	struct sha256_ctx c;
	const unsigned char *p, *nl;
	size_t n, k, linelen, skip;
	unsigned char c0 = 0;
	bool first = true, prev_empty = false;

	buf_reset(data);
	memset(e, 0, sizeof(*e));
	if (fill(mb, 5) == 0)
		return mb->error != 0 ? read_failed(mb) : 0;
	e->index = ++mb->index;
	e->offset = mb->off;
	sha256_init(&c);
	for (;;) {
		/* At the head of a line. */
		n = fill(mb, 5);
		if (mb->error != 0)
			return read_failed(mb);
		if (n == 0)
			break;
		p = mb->buf + mb->pos;
		if (!first && prev_empty && n >= 5 &&
		    memcmp(p, "From ", 5) == 0)
			break;
		skip = !first && is_quoted(mb) ? 1 : 0;
		linelen = 0;
		for (;;) {
			n = fill(mb, 1);
			if (mb->error != 0)
				return read_failed(mb);
			if (n == 0)
				break;	/* the last line has no newline */
			p = mb->buf + mb->pos;
			nl = memchr(p, '\n', n);
			k = nl != NULL ? (size_t)(nl - p) + 1 : n;
			if (linelen == 0)
				c0 = p[0];
			sha256_update(&c, k, p);
			if (e->size + k > data->max)
				e->is_too_big = true;
			if (!e->is_too_big &&
			    buf_append(data, p + skip, k - skip) == -1) {
				errno = ENOMEM;
				return -1;
			}
			skip = 0;
			e->size += k;
			linelen += k;
			mb->pos += k;
			mb->off += k;
			if (nl != NULL)
				break;
		}
		prev_empty = linelen == 1 || (linelen == 2 && c0 == '\r');
		first = false;
	}
	if (e->is_too_big)
		buf_reset(data);
	sha_hex(&c, e->sha256);
	return 1;
}

bool
mbox_at_end(struct mbox *mb)
{
	return fill(mb, 1) == 0 && mb->error == 0;
}

uint64_t
mbox_tell(const struct mbox *mb, int64_t *index)
{
	*index = mb->index;
	return mb->off;
}

int
mbox_seek(struct mbox *mb, uint64_t offset, int64_t index)
{
	if (offset > (uint64_t)INT64_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (lseek(mb->fd, (off_t)offset, SEEK_SET) == -1)
		return -1;
	mb->pos = mb->len = 0;
	mb->eof = false;
	mb->error = 0;
	mb->off = offset;
	mb->index = index;
	if (fill(mb, 5) < 5 || memcmp(mb->buf, "From ", 5) != 0) {
		errno = mb->error != 0 ? mb->error : ESTALE;
		return -1;
	}
	return 0;
}

int
mbox_read_rest(struct mbox *mb, struct buf *data)
{
	size_t n;

	while ((n = fill(mb, 1)) > 0) {
		if (buf_append(data, mb->buf + mb->pos, n) == -1) {
			errno = data->len + n > data->max ? EFBIG : ENOMEM;
			return -1;
		}
		mb->pos += n;
		mb->off += n;
	}
	if (mb->error != 0) {
		errno = mb->error;
		return -1;
	}
	return 0;
}

void
mbox_free(struct mbox *mb)
{
	if (mb == NULL)
		return;
	if (mb->own_fd)
		(void)close(mb->fd);
	free(mb);
}
