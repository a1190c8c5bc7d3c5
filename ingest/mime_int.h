/*
 * ingest/mime_int.h -- internals shared by mime.c and mime_fast.c.  Not
 * part of the ingest API (tests use it to compare the two parsers).
 */
#ifndef DR_MIME_INT_H
#define DR_MIME_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/mime.h"

/* The part selection rules of mime.h, shared by both parsers. */
bool	mime_claims_report(const char *ct, const char *name);
bool	mime_is_skipped(const char *ct, const char *name, const char *disp);

/*
 * The fast path: plain messages (ASCII headers, one level of multipart or
 * a single part, base64 or identity encodings) parsed without GMime.
 * Returns 1 with *out set when it handled the message, 0 when the message
 * has anything it does not handle exactly as GMime would (the caller then
 * uses GMime).  It never rejects: rejections come from the GMime path.
 */
int	mime_fast_parse(struct mime_msg **out, const unsigned char *p,
	    size_t n, const struct dr_limits *lim);

/* mime_parse() without the fast path (tests compare the two). */
int	mime_parse_gmime(struct mime_msg **out, const unsigned char *data,
	    size_t len, const struct dr_limits *lim, struct dr_err *err);

#endif
