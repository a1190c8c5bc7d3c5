/* util/buf.c -- capped growable buffer (see buf.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

static int
buf_grow(struct buf *b, size_t need)
{
	size_t ncap;
	char *p;

	if (need > b->max) {
		errno = EFBIG;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need + 1) {
		if (ncap > (size_t)-1 / 2) {
			ncap = need + 1;
			break;
		}
		ncap *= 2;
	}
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (p == NULL)
		return -1;
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	size_t need;

	if (__builtin_add_overflow(b->len, n, &need)) {
		errno = EFBIG;
		return -1;
	}
	if (buf_grow(b, need) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len = need;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (buf_grow(b, b->len + (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data;

	if (len != NULL)
		*len = b->len;
	if (p == NULL)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

int
buf_read_fd(struct buf *b, int fd)
{
	char tmp[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (buf_append(b, tmp, (size_t)n) == -1)
			return -1;
	}
}

int
buf_read_file(struct buf *b, const char *path)
{
	int fd, rc, saved;

	if (strcmp(path, "-") == 0)
		return buf_read_fd(b, STDIN_FILENO);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = buf_read_fd(b, fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
buf_json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run;

	if (buf_append(b, "\"", 1) == -1)
		return -1;
	while (*p != '\0') {
		for (run = p; *p != '\0' && *p != '"' && *p != '\\' &&
		    *p >= 0x20 && *p != 0x7f; p++)
			;
		if (p > run && buf_append(b, run, (size_t)(p - run)) == -1)
			return -1;
		if (*p == '\0')
			break;
		if (*p == '"' || *p == '\\') {
			if (buf_printf(b, "\\%c", *p) == -1)
				return -1;
		} else if (buf_printf(b, "\\u%04x", *p) == -1)
			return -1;
		p++;
	}
	return buf_append(b, "\"", 1);
}

int
buf_json_batch(struct buf *b, const char *const *v, const size_t *ix,
    size_t n, size_t *pos, size_t max)
{
	size_t i = *pos, k = 0;

	buf_reset(b);
	if (buf_append(b, "[", 1) == -1)
		return -1;
	for (; i < n && k < max; i++) {
		if (ix != NULL && i > 0 && strcmp(v[ix[i]], v[ix[i - 1]]) == 0)
			continue;
		if ((k++ > 0 && buf_append(b, ",", 1) == -1) ||
		    buf_json_str(b, v[ix != NULL ? ix[i] : i]) == -1)
			return -1;
	}
	*pos = i;
	return buf_append(b, "]", 1);
}
