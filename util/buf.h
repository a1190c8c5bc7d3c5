/*
 * util/buf.h -- a growable byte buffer that carries its own cap.
 *
 * Every buffer filled from hostile input says at init how large it may grow;
 * an append past the cap fails (returns -1) instead of allocating.  The data
 * is always NUL-terminated so text can be used as a C string (but may hold
 * NULs itself when it is binary: use len).
 */
#ifndef DR_BUF_H
#define DR_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;		/* owned; NULL until the first append */
	size_t	 len;
	size_t	 cap;		/* allocated */
	size_t	 max;		/* hard cap on len */
};

void	 buf_init(struct buf *b, size_t max);
/* Append n bytes; -1 (buffer unchanged) if len + n would exceed max or OOM. */
int	 buf_append(struct buf *b, const void *p, size_t n);
int	 buf_puts(struct buf *b, const char *s);
int	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal: '"', '\\' and the control
 * characters escaped, every other byte as it is (hostile text stays one
 * string). */
int	 buf_json_str(struct buf *b, const char *s);
/*
 * Empties b and writes into it a JSON array of the strings v[ix[i]] (v[i]
 * when ix is NULL) for i from *pos on, at most max of them; with ix (a
 * sorted order) a string equal to the one before it is left out.  *pos
 * is left at the first one not written.  The batches of the "-many"
 * statements (one statement per batch of IPs instead of one per IP).
 * -1 out of memory (or past b's cap).
 */
int	 buf_json_batch(struct buf *b, const char *const *v, const size_t *ix,
	    size_t n, size_t *pos, size_t max);
void	 buf_reset(struct buf *b);		/* len = 0, keeps memory */
void	 buf_release(struct buf *b);		/* frees memory */
/* Hands the data to the caller (who frees it); the buffer is empty after. */
char	*buf_detach(struct buf *b, size_t *len);
/* Read a whole file (or fd 0 for "-") up to max bytes; -1 with errno set,
 * errno EFBIG when the file exceeds max. */
int	 buf_read_file(struct buf *b, const char *path);
int	 buf_read_fd(struct buf *b, int fd);

#endif
