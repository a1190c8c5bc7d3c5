/*
 * ingest/unpack/unpack.h -- from an attachment's bytes to XML payload streams.
 *
 * The folder ingest/unpack/ (library dr_unpack): sniff.c (what the bytes
 * are), gunzip.c and unzip.c (the containers, inflated on demand under the
 * caps), payload.c (one stream peeked at and served to a reader) and
 * unpack.c (the dispatch).  This is its one public header.  It may use
 * util/ (err, limits, input.h: the reader it hands out), zlib and libzip;
 * never store/, ingest/rua/ (the parser that reads the payloads is only
 * reached through the unpack_fn callback and struct dr_input) nor the rest
 * of ingest/.
 *
 * Bytes decide, not labels: sniff_kind() looks at magic bytes (after
 * leading white space and a UTF-8/UTF-16 BOM): 1F 8B gzip, PK\3\4 zip,
 * '<' (or UTF-16 '<') XML.  unpack_payloads() unwraps at most one container
 * level and calls fn once per XML payload, handing it a streaming reader
 * (struct dr_input) that inflates on demand and counts the bytes actually
 * produced against lim->max_decompressed.  Nested archives, corrupt or
 * truncated streams, CRC mismatches, too many zip members, and payloads that
 * are not XML are errors with their reason (see util/reasons.def).
 *
 * Zip: a real report zip holds one XML member; directories and __MACOSX/
 * entries are ignored; at most lim->max_zip_members members are looked at
 * (more: R_ZIP_TOO_MANY without walking them); every used member is read
 * to its end so a CRC mismatch is detected (after the fn returns, before
 * unpack_payloads returns 0).  A zip whose members are all non-XML gives
 * R_MEMBER_NOT_XML (a skip, not a reject).
 * Gzip: trailing CR/LF/space/NUL padding after the stream is accepted (a
 * R_W_GZIP_PADDING warning through warn_fn), any other trailing data is
 * R_GZIP_TRAILING; a truncated stream is R_GZIP_TRUNCATED.
 *
 * Integrity errors discovered only at the end of a stream (truncation, CRC)
 * surface as a read error inside the parse (the reader sets err and returns
 * -1), so the report being parsed is rolled back.
 */
#ifndef DR_UNPACK_H
#define DR_UNPACK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/input.h"
#include "util/limits.h"

enum sniff_kind {
	SNIFF_NONE,
	SNIFF_GZIP,
	SNIFF_ZIP,
	SNIFF_XML,
};

enum sniff_kind	 sniff_kind(const unsigned char *p, size_t n);
const char	*sniff_name(enum sniff_kind k);	/* "gzip", "zip", "xml", "none" */
/*
 * True when p starts with a UTF-32 byte-order mark (FF FE 00 00 or
 * 00 00 FE FF).  Such text is not accepted as a report: no receiver sends
 * it and libxml2 does not read it; sniff_kind() says SNIFF_NONE and the
 * caller names the encoding in the rejection (docs/QUIRKS.md).
 */
bool		 sniff_is_utf32(const unsigned char *p, size_t n);

/*
 * fn receives the payload's name (zip member name, gzip FNAME, or the
 * attachment name passed in; may be NULL; untrusted text) and a reader.
 * fn returns 0 or -1 (with err set); a -1 stops the walk and is returned.
 */
typedef int (*unpack_fn)(void *ctx, const char *name, const struct dr_input *in,
    struct dr_err *err);
typedef void (*unpack_warn_fn)(void *ctx, enum dr_reason r, const char *detail);

int	unpack_payloads(const unsigned char *data, size_t len, const char *name,
	    const struct dr_limits *lim, unpack_fn fn, unpack_warn_fn warn,
	    void *ctx, struct dr_err *err);

#endif
