/*
 * ingest/unpack/unpack_int.h -- internals shared by sniff.c, payload.c,
 * unpack.c, gunzip.c and unzip.c.  Not part of the folder's API.
 *
 * A struct payload wraps one decompressed stream (a gzip stream, a zip
 * member, or bytes in memory) behind a pull function, peeks at its first
 * bytes to sniff them, and then serves the peeked bytes followed by the
 * rest of the stream to the XML parser through struct dr_input.  The first
 * failure of the pull function is latched: every later read fails too, and
 * the reason is copied into the err shared with unpack_fn, so the report
 * being parsed is rolled back and the root cause is kept.
 */
#ifndef DR_UNPACK_INT_H
#define DR_UNPACK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ingest/unpack/unpack.h"

/* Bytes looked at before deciding what a decompressed stream holds. */
#define PAYLOAD_PEEK	4096

/* sniff.c: offset of the first byte that sniff_kind() looks at (after
 * white space and a byte-order mark). */
size_t	sniff_skip(const unsigned char *p, size_t n);

/* Produces up to len bytes; 0 at the end, -1 with err set on failure. */
typedef ssize_t (*payload_pull_fn)(void *src, unsigned char *buf, size_t len,
    struct dr_err *err);

struct payload {
	payload_pull_fn	 pull;
	void		*src;
	struct dr_err	*err;		/* shared with unpack_fn; may be NULL */
	struct dr_err	 rerr;		/* the latched failure */
	bool		 failed;
	bool		 eof;
	/* Optional: called once when the stream ended cleanly, as the reader
	 * reports the end (inside fn) or after the drain. */
	void		(*at_end)(void *ctx);
	void		*at_end_ctx;
	bool		 ended;
	unsigned char	 peek[PAYLOAD_PEEK];
	size_t		 peek_len;
	size_t		 peek_off;
};

/* payload.c */
void	payload_init(struct payload *p, payload_pull_fn pull, void *src,
	    struct dr_err *err);
/* Pulls the first bytes and sniffs them; -1 when the pull failed. */
int	payload_peek(struct payload *p, enum sniff_kind *kind,
	    struct dr_err *err);
/* The struct dr_input read callback (ctx is a struct payload). */
int	payload_read(void *ctx, char *buf, int len);
/* Reads to the end so that integrity checks run; -1 with err on failure. */
int	payload_drain(struct payload *p, struct dr_err *err);
/*
 * Hands the payload to fn and checks its end: calls fn, then drains the
 * stream, and reports a latched reader failure in err (replacing what fn
 * said: the integrity failure is the root cause).  Returns fn's verdict
 * or -1.
 */
int	payload_deliver(struct payload *p, const char *name, unpack_fn fn,
	    void *ctx, struct dr_err *err);

#endif
