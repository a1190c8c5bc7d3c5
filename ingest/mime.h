/*
 * ingest/mime.h -- walk a message's MIME tree (GMime 3) and collect the
 * parts that may carry a report.
 *
 * mime_parse() parses raw message bytes (GMIME_FORMAT_MESSAGE).  Input that
 * is not a message (no header block) gives R_NOT_A_MESSAGE.  The walk is
 * depth-first with caps on depth (multipart and message/rfc822 nesting) and
 * on leaf parts; a multipart without a boundary is R_MIME_BROKEN (never
 * guess).  Skipped: multipart containers, message/feedback-report,
 * text/rfc822-headers, application/tlsrpt+*, and text/plain|text/html
 * bodies unless they carry a report-like file name (.xml .gz .zip .xml.gz
 * ...) or Content-Disposition: attachment.  Every other leaf is a
 * candidate whatever its declared type or name; its content is decoded
 * (base64, quoted-printable) into memory, capped by lim->max_message_bytes.
 * A single-part message whose body is the report is a candidate too.
 */
#ifndef DR_MIME_H
#define DR_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/limits.h"

struct mime_part {
	unsigned char	*data;		/* decoded bytes, owned by the mime_msg */
	size_t		 len;
	char		*name;		/* file name (Content-Disposition, then Content-Type name) or NULL */
	char		*content_type;	/* "application/gzip" etc., lower-case */
	bool		 claims_report;	/* type gzip/zip/xml/octet-stream-with-name, or a report-like name */
};

struct mime_msg {
	char		*message_id;	/* or NULL */
	char		*subject;	/* decoded (UTF-8) or NULL */
	struct mime_part *parts;
	size_t		 n_parts;
};

/* Parses and walks; *out is NULL after a failure. */
int	mime_parse(struct mime_msg **out, const unsigned char *data, size_t len,
	    const struct dr_limits *lim, struct dr_err *err);
void	mime_msg_free(struct mime_msg *m);	/* accepts NULL */
/* Must be called once before mime_parse (g_mime_init). */
void	mime_init(void);
/* Version of the GMime in use ("3.2.13"), for --version. */
const char	*mime_lib_version(void);

#endif
