/*
 * ingest/unpack/unzip.h -- walk a zip archive in memory (internal to ingest).
 *
 * unzip_payloads() does for a zip what unpack_payloads() promises (see
 * ingest/unpack/unpack.h): each XML member is streamed to fn, capped, and read to
 * its end so its CRC is verified.  data is borrowed (no copy).
 */
#ifndef DR_UNZIP_H
#define DR_UNZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/unpack/unpack.h"

int	unzip_payloads(const unsigned char *data, size_t len,
	    const struct dr_limits *lim, unpack_fn fn, void *ctx,
	    struct dr_err *err);
/* True for entries that are never looked at: directories, __MACOSX/,
 * dot-files (".DS_Store", "dir/._x.xml"). */
bool	unzip_is_ignored(const char *name);

#endif
