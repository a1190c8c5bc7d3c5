/*
 * ingest/rua_xml.c -- streaming parser for DMARC aggregate-report XML (see
 * rua_xml.h).
 *
 * Design rationale:
 *  - libxml2's xmlTextReader pulls bytes through in->read, so memory stays
 *    flat whatever the report size: one record (and its DKIM/SPF/reason
 *    arrays) is reused for every <record>; only the metadata is kept.
 *  - No DTD is ever honoured: a DOCTYPE node rejects the document
 *    (XXE, billion laughs), no entity substitution, no network.
 *  - Elements are matched by (parent, local name) through one table, in any
 *    order, when their namespace is empty or a DMARC one; anything else is
 *    an extension or an unknown element whose subtree is skipped (but still
 *    parsed, so it is well-formedness checked and depth-capped).
 *  - Text values are collected from text/CDATA children, trimmed while they
 *    arrive, and capped: never more than the cap is held, nothing is cut.
 *  - The digest (rua_digest.c) hashes the normalized values, not the bytes,
 *    so a re-send with other white space or prefixes is a duplicate.
 *  - end() is called at the end of the document, not at </feedback>, so
 *    that garbage after the root still rejects the whole report.
 * Value rules live in normalize.c; what the elements mean in rua_fields.c
 * (table, metadata, report checks) and rua_record.c (records).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "ingest/normalize.h"
#include "ingest/rua_int.h"

struct mem_input {
	const char	*p;
	size_t		 left;
};

static const char *const dmarc_ns[][2] = {
	{ "urn:ietf:params:xml:ns:dmarc-2.0", "dmarc-2.0" },
	{ "urn:ietf:params:xml:schema:dmarc-2.0", "dmarc-2.0" },
	{ "http://dmarc.org/dmarc-xml/0.1", "dmarc-xml-0.1" },
	{ "http://dmarc.org/dmarc-xml/0.2", "dmarc-xml-0.2" },
};

/* The schema name for a namespace, or NULL when it is not a DMARC one. */
static const char *
ns_schema(const char *uri)
{
	size_t i;

	if (uri == NULL || *uri == '\0')
		return "rfc7489";
	for (i = 0; i < sizeof(dmarc_ns) / sizeof(dmarc_ns[0]); i++)
		if (strcmp(uri, dmarc_ns[i][0]) == 0)
			return dmarc_ns[i][1];
	return NULL;
}

void
px_warn(struct px *px, enum dr_reason r, const char *key, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	for (i = 0; i < px->n_warns; i++)
		if (px->warns[i].r == r && strcmp(px->warns[i].key, key) == 0)
			return;
	if (px->n_warns == PX_MAX_WARNS)
		return;
	px->warns[i].r = r;
	(void)snprintf(px->warns[i].key, sizeof(px->warns[i].key), "%s", key);
	va_start(ap, fmt);
	(void)vsnprintf(px->warns[i].detail, sizeof(px->warns[i].detail), fmt,
	    ap);
	va_end(ap);
	px->n_warns++;
}

/* --- text collection ------------------------------------------------------ */

static int
text_too_long(struct px *px)
{
	if (errno != EFBIG)
		return dr_fail(px->err, R_NOMEM, "out of memory (text)");
	return dr_fail(px->err, R_FIELD_TOO_LONG, "%s longer than %zu bytes",
	    px->leaf->path, px->val.max);
}

/*
 * Appends one text chunk to the current leaf value.  Leading white space is
 * dropped; trailing white space waits in pend and joins the value only when
 * more text follows, so the cap applies to the trimmed value and nothing
 * beyond the cap is ever held.
 */
static int
text_add(struct px *px, const char *s, size_t n)
{
	size_t i = 0, core = n;

	if (px->val.len == 0)
		while (i < n && norm_is_ws((unsigned char)s[i]))
			i++;
	while (core > i && norm_is_ws((unsigned char)s[core - 1]))
		core--;
	if (core == i) {
		if (px->val.len > 0 && !px->pend_over && i < n &&
		    buf_append(&px->pend, s + i, n - i) == -1)
			px->pend_over = true;
		return 0;
	}
	if (px->pend_over)
		return (errno = EFBIG, text_too_long(px));
	if (px->pend.len > 0 &&
	    buf_append(&px->val, px->pend.data, px->pend.len) == -1)
		return text_too_long(px);
	if (buf_append(&px->val, s + i, core - i) == -1)
		return text_too_long(px);
	buf_reset(&px->pend);
	if (core < n && buf_append(&px->pend, s + core, n - core) == -1)
		px->pend_over = true;
	return 0;
}

static void
leaf_open(struct px *px, const struct eldef *d, int depth)
{
	size_t max;

	switch (d->cap) {
	case CAP_ID:
		max = DR_MAX_REPORT_ID_LEN;
		break;
	case CAP_DOMAIN:
		max = DR_MAX_DOMAIN_LEN + 1;	/* one trailing dot */
		break;
	default:
		max = px->lim->max_field_len;
		break;
	}
	px->leaf = d;
	px->leaf_depth = depth;
	buf_reset(&px->val);
	buf_reset(&px->pend);
	px->val.max = max;
	px->pend.max = max;
	px->pend_over = false;
	px->leaf_read = 0;
}

static int
leaf_close(struct px *px)
{
	const struct eldef *d = px->leaf;
	char *v;

	px->leaf = NULL;
	if (buf_append(&px->val, "", 0) == -1)	/* make data non-NULL */
		return dr_fail(px->err, R_NOMEM, "out of memory");
	v = px->val.data;
	if (d->cap == CAP_DOMAIN) {
		norm_domain(v);
		if (strlen(v) > DR_MAX_DOMAIN_LEN)
			return dr_fail(px->err, R_FIELD_TOO_LONG,
			    "%s longer than %d bytes", d->path,
			    DR_MAX_DOMAIN_LEN);
	}
	return px_leaf(px, d->el, v);
}

/* --- elements ------------------------------------------------------------- */

static int
on_root(struct px *px, const char *name, const char *uri)
{
	char clip[64];

	px->schema = ns_schema(uri);
	if (px->schema == NULL || strcmp(name, "feedback") != 0) {
		/* reported once the document is known to be well-formed */
		norm_clip(name, 40, clip, sizeof(clip));
		(void)snprintf(px->not_feedback, sizeof(px->not_feedback),
		    "root element is <%s>, not <feedback>", clip);
		return 1;
	}
	return 0;
}

static int
on_start(struct px *px)
{
	xmlTextReaderPtr r = px->reader;
	const char *name, *uri;
	const struct eldef *d;
	enum el parent;
	int depth;
	bool empty, foreign;

	depth = xmlTextReaderDepth(r);
	empty = xmlTextReaderIsEmptyElement(r) == 1;
	if (px->not_feedback[0] != '\0')	/* not a report: just parse */
		return 0;
	if (depth < 0 || depth + 1 > px->lim->max_xml_depth)
		return dr_fail(px->err, R_XML_TOO_DEEP,
		    "elements nested deeper than %d (line %d)",
		    px->lim->max_xml_depth,
		    xmlTextReaderGetParserLineNumber(r));
	if (px->skip_depth >= 0)
		return 0;
	if (px->leaf != NULL) {
		/* markup inside a text field: only its direct text counts */
		if (!empty)
			px->skip_depth = depth;
		return 0;
	}
	name = (const char *)xmlTextReaderConstLocalName(r);
	uri = (const char *)xmlTextReaderConstNamespaceUri(r);
	if (name == NULL)
		return dr_fail(px->err, R_NOMEM, "out of memory");
	if (px->sp == 0 && on_root(px, name, uri) != 0) {
		if (!empty)
			px->skip_depth = depth;
		return 0;
	}
	parent = px->sp > 0 ? px->stack[px->sp - 1] : EL_NONE;
	foreign = ns_schema(uri) == NULL;
	d = foreign ? NULL : px_lookup(parent, name);
	if (d == NULL) {
		px_unknown(px, parent, name, foreign);
		if (!empty)
			px->skip_depth = depth;
		return 0;
	}
	if (d->cap != CAP_NONE) {
		if (px_seen(px, d) == -1)
			return -1;
		leaf_open(px, d, depth);
		return empty ? leaf_close(px) : 0;
	}
	if (px->sp == PX_STACK)		/* the table nests less deep */
		return dr_fail(px->err, R_INTERNAL, "element stack full");
	if (px_seen(px, d) == -1)
		return -1;
	px->stack[px->sp++] = d->el;
	if (px_open(px, d) == -1)
		return -1;
	if (empty) {
		px->sp--;
		return px_close(px, d->el);
	}
	return 0;
}

static int
on_end(struct px *px)
{
	int depth = xmlTextReaderDepth(px->reader);

	if (px->skip_depth >= 0) {
		if (depth == px->skip_depth)
			px->skip_depth = -1;
		return 0;
	}
	if (px->leaf != NULL)
		return leaf_close(px);
	if (px->sp == 0)
		return dr_fail(px->err, R_INTERNAL, "unbalanced end element");
	px->sp--;
	return px_close(px, px->stack[px->sp]);
}

static int
on_text(struct px *px)
{
	const char *v;

	if (px->skip_depth >= 0 || px->leaf == NULL ||
	    xmlTextReaderDepth(px->reader) != px->leaf_depth + 1)
		return 0;
	v = (const char *)xmlTextReaderConstValue(px->reader);
	if (v == NULL)
		return 0;
	return text_add(px, v, strlen(v));
}

/* --- libxml2 glue --------------------------------------------------------- */

static void
on_xml_error(void *arg, xmlErrorPtr e)
{
	struct px *px = arg;
	char msg[200];
	size_t n;

	if (e == NULL || e->level < XML_ERR_ERROR || px->xml_error)
		return;
	px->xml_error = true;
	norm_clip(e->message ? e->message : "error", 160, msg, sizeof(msg));
	n = strlen(msg);
	while (n > 0 && norm_is_ws((unsigned char)msg[n - 1]))
		msg[--n] = '\0';
	/* libxml2 wraps some messages over two lines */
	for (n = 0; msg[n] != '\0'; n++)
		if (msg[n] == '\n' || msg[n] == '\r')
			msg[n] = ' ';
	(void)snprintf(px->xml_detail, sizeof(px->xml_detail),
	    "line %d, column %d: %s", e->line, e->int2, msg);
}

static int
px_read(void *ctx, char *buf, int len)
{
	struct px *px = ctx;
	int n;

	/*
	 * libxml2 holds a whole text node (up to 10 MB) before the reader
	 * hands it out; stop feeding it long before that when one text field
	 * goes on for far longer than its cap could need.
	 */
	if (px->leaf != NULL && px->leaf_read > 16 * px->val.max + 65536) {
		px->text_bomb = true;
		return -1;
	}
	n = px->in->read(px->in->ctx, buf, len);
	if (n < 0) {
		px->read_failed = true;
		return -1;
	}
	if (px->leaf != NULL)
		px->leaf_read += (size_t)n;
	return n;
}

static int
px_noclose(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Turns the way the read loop ended into the report's reason. */
static int
px_fail_reason(struct px *px)
{
	if (px->text_bomb)
		return dr_fail(px->err, R_FIELD_TOO_LONG,
		    "more than %zu input bytes inside %s", px->leaf_read,
		    px->leaf != NULL ? px->leaf->path : "a text field");
	if (px->read_failed)
		return dr_fail(px->err, R_IO, "reading the report failed");
	if (dr_err_is_set(px->err))
		return -1;
	/*
	 * An entity bomb may stop the parser (entity loop, amplification)
	 * before the reader hands out the DOCTYPE node: name the real cause.
	 * Taking the document makes it ours to free (px->doc).
	 */
	if (px->reader != NULL &&
	    (px->doc = xmlTextReaderCurrentDoc(px->reader)) != NULL &&
	    (px->doc->intSubset != NULL || px->doc->extSubset != NULL))
		return dr_fail(px->err, R_XML_DOCTYPE,
		    "document has a DOCTYPE (%s)", px->xml_detail);
	if (px->xml_error)
		return dr_fail(px->err, R_XML_MALFORMED, "%s", px->xml_detail);
	return dr_fail(px->err, R_XML_MALFORMED, "XML not well-formed");
}

static int
px_loop(struct px *px)
{
	int rc, type, ret = 0;

	while (ret == 0 && (rc = xmlTextReaderRead(px->reader)) == 1) {
		if (px->xml_error || px->read_failed || px->text_bomb)
			return px_fail_reason(px);
		type = xmlTextReaderNodeType(px->reader);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			return dr_fail(px->err, R_XML_DOCTYPE,
			    "document has a DOCTYPE");
		case XML_READER_TYPE_ELEMENT:
			ret = on_start(px);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			ret = on_end(px);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			ret = on_text(px);
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			return dr_fail(px->err, R_XML_MALFORMED,
			    "entity reference without a DTD");
		default:
			break;
		}
	}
	if (ret == -1)
		return -1;
	if (rc != 0 || px->xml_error || px->read_failed || px->text_bomb)
		return px_fail_reason(px);
	if (px->not_feedback[0] != '\0')
		return dr_fail(px->err, R_NOT_FEEDBACK, "%s", px->not_feedback);
	return 0;
}

/*
 * libxml2 reports some errors (encoding conversion, I/O) through its global
 * generic handler, which prints to stderr, instead of the reader's
 * structured handler.  Those bytes come from hostile input and stderr is
 * our cron output: silence it.  The parse still fails, and the reader's
 * handler gives the one-line reason.
 */
static void
xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
rua_xml_parse(const struct rua_input *in, const struct rua_sink *sink,
    const struct dr_limits *lim, struct dr_err *err)
{
	struct px *px = NULL;
	int ret = -1;

	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
	if ((px = px_new(in, sink, lim, err)) == NULL) {
		dr_fail(err, R_NOMEM, "out of memory");
		goto done;
	}
	px->reader = xmlReaderForIO(px_read, px_noclose, px, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (px->reader == NULL) {
		px_fail_reason(px);
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(px->reader, on_xml_error, px);
	if (px_loop(px) == -1)
		goto done;
	ret = px_finish(px);
done:
	if (px != NULL && px->reader != NULL)
		xmlFreeTextReader(px->reader);
	if (px != NULL && px->doc != NULL)
		xmlFreeDoc(px->doc);
	px_free(px);
	return ret;
}

static int
mem_read(void *ctx, char *buf, int len)
{
	struct mem_input *m = ctx;
	size_t n;

	if (len <= 0)
		return 0;
	n = (size_t)len < m->left ? (size_t)len : m->left;
	if (n > 0)
		memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (int)n;
}

int
rua_xml_parse_mem(const char *data, size_t len, const struct rua_sink *sink,
    const struct dr_limits *lim, struct dr_err *err)
{
	struct mem_input m = { data, len };
	struct rua_input in = { mem_read, &m };

	return rua_xml_parse(&in, sink, lim, err);
}
