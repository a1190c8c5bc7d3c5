/*
 * ingest/unpack/gunzip.h -- a gzip stream inflated on demand (internal to ingest).
 *
 * gunzip_pull() is a payload_pull_fn: each call inflates at most len bytes,
 * counts what zlib actually produced against max, and checks the bytes
 * after the stream's end before it reports the end (see gunzip.c).
 */
#ifndef DR_GUNZIP_H
#define DR_GUNZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ingest/unpack/unpack.h"

struct gunzip;

/* data is borrowed and must outlive the gunzip; *out is NULL on failure. */
int		 gunzip_new(struct gunzip **out, const unsigned char *data,
		    size_t len, uint64_t max, struct dr_err *err);
ssize_t		 gunzip_pull(void *gz, unsigned char *buf, size_t len,
		    struct dr_err *err);
/* FNAME of the first member's header once it was read, or NULL.  Untrusted. */
const char	*gunzip_fname(const struct gunzip *gz);
/* True once the end was reached with white space or NUL padding after the
 * stream (the caller warns: R_W_GZIP_PADDING). */
bool		 gunzip_padded(const struct gunzip *gz);
/* Bytes produced so far and members seen (for tests and diagnostics). */
uint64_t	 gunzip_produced(const struct gunzip *gz);
int		 gunzip_members(const struct gunzip *gz);
void		 gunzip_free(struct gunzip *gz);	/* accepts NULL */

#endif
