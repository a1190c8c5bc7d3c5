/*
 * ingest/mime.c -- find the parts of a message that may carry a report.
 *
 * Design rationale:
 * - GMime 3 parses (RFC 2045/2046/2047/2231, base64 that tolerates line
 *   breaks); we only walk.  The walk is ours, depth-first with explicit
 *   caps on depth and on leaf parts, because g_mime_message_foreach() has
 *   neither.
 * - GMime builds the whole tree before our caps can act.  So the raw
 *   bytes are pre-scanned first: a header line "Content-Type: multipart/..."
 *   or "message/..." is needed for every level of nesting, and more of
 *   them than the part cap means the message is rejected before GMime
 *   sees it (R_MIME_TOO_MANY_PARTS).  GMime 3.2.13 did survive 100,000
 *   nested multiparts in our test, but took 2 s and 36 MB for it; the
 *   scan costs one pass over the bytes.
 * - A multipart without a boundary parameter is broken (R_MIME_BROKEN):
 *   GMime would swallow the body into the preamble, and guessing the
 *   boundary from the body is how two programs end up seeing two different
 *   messages.
 * - Every message goes through GMime, the chosen MIME library.  A
 *   hand-written fast path for plain messages was measured (GMime's
 *   object per header field is about a third of a small message's CPU)
 *   and left out: a second MIME parser is a second attack surface and
 *   a second opinion on hostile input.
 * - Labels are hints: the walk keeps every leaf that may hold a report and
 *   lets unpack sniff the bytes.  Only parts that are certainly something
 *   else are skipped (see mime.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "ingest/mime.h"

struct walk {
	const struct dr_limits	*lim;
	struct mime_msg		*m;
	size_t			 alloc;
	int			 leaves;
};

void
mime_init(void)
{
	static bool done;

	if (!done) {
		g_mime_init();
		done = true;
	}
}

const char *
mime_lib_version(void)
{
	static char v[32];

	(void)snprintf(v, sizeof(v), "%u.%u.%u", gmime_major_version,
	    gmime_minor_version, gmime_micro_version);
	return v;
}

void
mime_msg_free(struct mime_msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_parts; i++) {
		g_free(m->parts[i].data);
		g_free(m->parts[i].name);
		g_free(m->parts[i].content_type);
	}
	g_free(m->parts);
	g_free(m->message_id);
	g_free(m->subject);
	g_free(m);
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && g_ascii_strcasecmp(s + n - k, suf) == 0;
}

/* .xml .gz .zip (so .xml.gz, .xml.zip) or a "receiver!domain!begin!end"
 * name without an extension. */
static bool
is_report_name(const char *name)
{
	const char *bang;

	if (name == NULL)
		return false;
	if (has_suffix(name, ".xml") || has_suffix(name, ".gz") ||
	    has_suffix(name, ".zip") || has_suffix(name, ".gzip"))
		return true;
	bang = strchr(name, '!');
	return bang != NULL && strchr(bang + 1, '!') != NULL;
}

static bool
mime_claims_report(const char *ct, const char *name)
{
	static const char *const types[] = {
		"application/gzip", "application/x-gzip",
		"application/x-gzip-compressed", "application/gzip-compressed",
		"application/zip", "application/x-zip",
		"application/x-zip-compressed", "application/xml", "text/xml",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(ct, types[i]) == 0)
			return true;
	return is_report_name(name);
}

/* Parts that are certainly not an aggregate report (see mime.h); disp
 * is the Content-Disposition value or NULL. */
static bool
mime_is_skipped(const char *ct, const char *name, const char *disp)
{
	if (strcmp(ct, "message/feedback-report") == 0 ||
	    strcmp(ct, "text/rfc822-headers") == 0 ||
	    strncmp(ct, "application/tlsrpt+", 19) == 0)
		return true;
	if (strcmp(ct, "text/plain") != 0 && strcmp(ct, "text/html") != 0)
		return false;
	if (is_report_name(name))
		return false;
	return disp == NULL || g_ascii_strcasecmp(disp, "attachment") != 0;
}

/* Decodes the transfer encoding into memory; *out is g_malloc'd. */
static int
decode_part(GMimePart *part, const struct dr_limits *lim, guint8 **out,
    size_t *len, struct dr_err *err)
{
	GMimeDataWrapper *dw;
	GMimeStream *mem, *enc;
	GByteArray *ba;
	gint64 elen;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if ((dw = g_mime_part_get_content(part)) == NULL) {
		*out = g_malloc(1);
		return 0;
	}
	/* Decoding never grows data (base64, quoted-printable, uuencode):
	 * size the buffer once from the encoded length, no doubling. */
	enc = g_mime_data_wrapper_get_stream(dw);
	elen = enc != NULL ? g_mime_stream_length(enc) : -1;
	if (elen < 0 || (uint64_t)elen > lim->max_message_bytes)
		elen = 0;
	mem = g_mime_stream_mem_new_with_byte_array(
	    g_byte_array_sized_new((guint)elen));
	if (g_mime_data_wrapper_write_to_stream(dw, mem) == -1) {
		(void)dr_fail(err, R_MIME_BROKEN, "cannot decode a part");
		goto done;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ba->len > lim->max_message_bytes) {
		(void)dr_fail(err, R_MESSAGE_TOO_BIG,
		    "decoded part of %u bytes", ba->len);
		goto done;
	}
	/* Take the bytes out of the stream instead of copying them. */
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	*len = ba->len;
	*out = g_byte_array_free(ba, FALSE);
	*out = g_realloc(*out, *len + 1);	/* give back the slack */
	rc = 0;
done:
	g_object_unref(mem);
	return rc;
}

static int
add_part(struct walk *w, GMimePart *part, const char *ct, const char *name,
    struct dr_err *err)
{
	struct mime_part *p;

	if (w->m->n_parts == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 4;
		w->m->parts = g_renew(struct mime_part, w->m->parts, w->alloc);
	}
	p = &w->m->parts[w->m->n_parts];
	memset(p, 0, sizeof(*p));
	if (decode_part(part, w->lim, &p->data, &p->len, err) == -1)
		return -1;
	p->name = g_strdup(name);
	p->content_type = g_strdup(ct);
	p->claims_report = mime_claims_report(ct, name);
	w->m->n_parts++;
	return 0;
}

static int	walk_object(struct walk *w, GMimeObject *obj, int depth,
		    struct dr_err *err);

static int
walk_multipart(struct walk *w, GMimeMultipart *mp, int depth,
    struct dr_err *err)
{
	const char *boundary;
	int i, n;

	boundary = g_mime_object_get_content_type_parameter(GMIME_OBJECT(mp),
	    "boundary");
	if (boundary == NULL || boundary[0] == '\0')
		return dr_fail(err, R_MIME_BROKEN,
		    "multipart without a boundary parameter (depth %d)", depth);
	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n; i++)
		if (walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1,
		    err) == -1)
			return -1;
	return 0;
}

static int
walk_object(struct walk *w, GMimeObject *obj, int depth, struct dr_err *err)
{
	GMimeContentType *ctype;
	GMimeMessage *inner;
	char *ct = NULL;
	const char *name;
	int rc = -1;

	if (obj == NULL)
		return 0;
	if (depth > w->lim->max_mime_depth)
		return dr_fail(err, R_MIME_TOO_DEEP, "deeper than %d",
		    w->lim->max_mime_depth);
	if (GMIME_IS_MULTIPART(obj))
		return walk_multipart(w, GMIME_MULTIPART(obj), depth, err);
	if (GMIME_IS_MESSAGE_PART(obj)) {
		inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));
		if (inner == NULL)
			return 0;
		return walk_object(w, g_mime_message_get_mime_part(inner),
		    depth + 1, err);
	}
	if (++w->leaves > w->lim->max_mime_parts)
		return dr_fail(err, R_MIME_TOO_MANY_PARTS, "more than %d parts",
		    w->lim->max_mime_parts);
	if (!GMIME_IS_PART(obj))
		return 0;
	ctype = g_mime_object_get_content_type(obj);
	ct = ctype ? g_mime_content_type_get_mime_type(ctype) : NULL;
	if (ct == NULL)
		ct = g_strdup("text/plain");
	else {
		char *low = g_ascii_strdown(ct, -1);

		g_free(ct);
		ct = low;
	}
	name = g_mime_part_get_filename(GMIME_PART(obj));
	if (mime_is_skipped(ct, name, g_mime_object_get_disposition(obj)))
		rc = 0;
	else
		rc = add_part(w, GMIME_PART(obj), ct, name, err);
	g_free(ct);
	return rc;
}

/* Whether p[i..n) starts with s, ignoring ASCII case. */
static bool
has_prefix(const unsigned char *p, size_t n, size_t i, const char *s)
{
	size_t k = strlen(s);

	return n - i >= k &&
	    g_ascii_strncasecmp((const char *)p + i, s, k) == 0;
}

/* Skips white space, line breaks and (comments), as GMime does. */
static size_t
skip_cfws(const unsigned char *p, size_t n, size_t j)
{
	int depth = 0;

	for (; j < n; j++) {
		if (p[j] == '(')
			depth++;
		else if (p[j] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && p[j] != ' ' && p[j] != '\t' &&
		    p[j] != '\r' && p[j] != '\n')
			break;
	}
	return j;
}

/*
 * Counts header lines whose Content-Type is multipart/ or message/ (the
 * only ways to nest), stopping at cap + 1.  Over-counting (such a line in
 * a text body) is harmless: the count only has to bound the nesting.
 */
static int
count_containers(const unsigned char *p, size_t n, int cap)
{
	const unsigned char *nl;
	size_t i = 0, j;
	int count = 0;

	while (i < n && count <= cap) {
		if ((p[i] == 'c' || p[i] == 'C') &&
		    has_prefix(p, n, i, "content-type")) {
			j = i + 12;
			while (j < n && (p[j] == ' ' || p[j] == '\t'))
				j++;
			if (j < n && p[j] == ':')
				j++;
			j = skip_cfws(p, n, j);
			if (has_prefix(p, n, j, "multipart/") ||
			    has_prefix(p, n, j, "message/"))
				count++;
		}
		/* Next line. */
		nl = memchr(p + i, '\n', n - i);
		if (nl == NULL)
			break;
		i = (size_t)(nl - p) + 1;
	}
	return count;
}

static int
header_count(GMimeObject *obj)
{
	GMimeHeaderList *hl;

	if (obj == NULL || (hl = g_mime_object_get_header_list(obj)) == NULL)
		return 0;
	return g_mime_header_list_get_count(hl);
}

int
mime_parse(struct mime_msg **out, const unsigned char *data, size_t len,
    const struct dr_limits *lim, struct dr_err *err)
{
	struct walk w = { lim, NULL, 0, 0 };
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeObject *top = NULL;
	GByteArray *ba = NULL;
	const char *h;
	int rc = -1;

	*out = NULL;
	if (len > lim->max_message_bytes || len > G_MAXUINT)
		return dr_fail(err, R_MESSAGE_TOO_BIG, "%zu bytes", len);
	if (data == NULL || len == 0)
		return dr_fail(err, R_NOT_A_MESSAGE, "empty input");
	/*
	 * A message saved with its mbox separator line ("From sender date",
	 * RFC 4155), as many mail tools save one: that line is the envelope,
	 * not a header field; the message starts after it.
	 */
	if (len >= 5 && memcmp(data, "From ", 5) == 0) {
		const unsigned char *nl = memchr(data, '\n', len);

		if (nl == NULL)
			return dr_fail(err, R_NOT_A_MESSAGE, "an mbox separator line only");
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		if (len == 0)
			return dr_fail(err, R_NOT_A_MESSAGE, "an mbox separator line only");
	}
	if (count_containers(data, len, lim->max_mime_parts) >
	    lim->max_mime_parts)
		return dr_fail(err, R_MIME_TOO_MANY_PARTS,
		    "more than %d multipart or message headers",
		    lim->max_mime_parts);
	/*
	 * Parse the caller's bytes in place instead of copying them (up to
	 * 64 MiB): the array only borrows data; the stream is told it does
	 * not own the array, and the array's wrapper is freed below without
	 * its data.  Parsing never writes to the stream.
	 */
	ba = g_byte_array_new_take((guint8 *)(uintptr_t)data, len);
	stream = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	/*
	 * The top level as a MIME entity, not a GMimeMessage: a message
	 * object parses every address header (From, To, Cc, Sender ...) into
	 * address objects we never read, 14% of a small message's CPU.  The
	 * entity keeps every header field raw; the two we keep are decoded
	 * as GMimeMessage decodes them.
	 */
	top = g_mime_parser_construct_part(parser, NULL);
	if (top == NULL || header_count(top) == 0) {
		(void)dr_fail(err, R_NOT_A_MESSAGE, top == NULL ?
		    "no message header" : "no header fields");
		goto done;
	}
	w.m = g_new0(struct mime_msg, 1);
	if ((h = g_mime_object_get_header(top, "Message-ID")) != NULL)
		w.m->message_id = g_mime_utils_decode_message_id(h);
	if ((h = g_mime_object_get_header(top, "Subject")) != NULL)
		w.m->subject = g_mime_utils_header_decode_text(NULL, h);
	if (walk_object(&w, top, 1, err) == -1)
		goto done;
	*out = w.m;
	w.m = NULL;
	rc = 0;
done:
	mime_msg_free(w.m);
	if (top != NULL)
		g_object_unref(top);
	if (parser != NULL)
		g_object_unref(parser);
	if (stream != NULL)
		g_object_unref(stream);
	if (ba != NULL)
		(void)g_byte_array_free(ba, FALSE);	/* data stays the caller's */
	return rc;
}
