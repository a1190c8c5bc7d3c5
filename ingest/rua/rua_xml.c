/*
 * ingest/rua/rua_xml.c -- streaming parser for DMARC aggregate-report XML (see
 * rua_xml.h).
 *
 * Design rationale:
 *  - libxml2's SAX2 push parser: we read chunks through in->read and feed
 *    them with xmlParseChunk(); libxml2 calls us back per start tag, end
 *    tag and piece of text, and builds nothing (every SAX callback we do
 *    not set is NULL, so there is no document, no node, no tree).  Memory
 *    stays flat whatever the report size: one record (and its
 *    DKIM/SPF/reason arrays) is reused for every <record>; only the
 *    metadata is kept.  This replaced xmlTextReader, which built and freed
 *    a node for every element and text and fed the parser 512 bytes at a
 *    time: the SAX path parses a report about twice as fast.
 *  - No DTD is ever honoured: the internalSubset/externalSubset callbacks
 *    reject the document at "<!DOCTYPE name", before libxml2 reads a
 *    single declaration (XXE, billion laughs); entity declarations and
 *    references have callbacks that reject too, getEntity finds nothing
 *    (only the five predefined entities and character references are
 *    expanded, by libxml2 itself), resolveEntity loads nothing, no network
 *    (XML_PARSE_NONET, no XML_PARSE_NOENT, no DTD loading).
 *  - Elements are matched by (parent, local name) through one table, in any
 *    order, when their namespace is empty or a DMARC one; anything else is
 *    an extension or an unknown element whose subtree is skipped (but still
 *    parsed, so it is well-formedness checked and depth-capped).  Names
 *    are compared as pointers into libxml2's dictionary (px_lookup_dict).
 *  - Text values are collected from character/CDATA callbacks of the
 *    leaf's direct content, trimmed while they arrive, and capped: never
 *    more than the cap is held, nothing is cut.  libxml2 hands long text
 *    over in pieces of a few hundred bytes, so an endless field stops at
 *    its cap; input bytes inside a leaf (comments, skipped markup) are
 *    capped too (px_read).
 *  - Any callback that fails sets err and stops the parser
 *    (xmlStopParser); later callbacks are ignored.  Parse errors come from
 *    the structured error callback: the first one, with its line and
 *    column, is the detail.
 *  - The digest (rua_digest.c) hashes the normalized values, not the bytes,
 *    so a re-send with other white space or prefixes is a duplicate.
 *  - end() is called at the end of the document (after the last chunk,
 *    with terminate set), not at </feedback>, so that garbage after the
 *    root still rejects the whole report.
 * Value rules live in normalize.c; what the elements mean in rua_fields.c
 * (table, metadata, report checks) and rua_record.c (records).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "ingest/rua/normalize.h"
#include "store/idn.h"
#include "ingest/rua/rua_int.h"

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

/*
 * A UTF-8 domain (U-labels) becomes its A-label form, the one DNS, the
 * PSL and other reporters use; one that is not a valid internationalized
 * name stays as received, with a warning.
 */
static int
domain_idn(struct px *px, const struct eldef *d, char **v)
{
	char a[DR_MAX_DOMAIN_LEN + 1];

	if (idn_to_ascii(*v, a, sizeof(a)) == -1) {
		px_warn(px, R_W_IDN, d->path, "%s is not a valid internationalized"
		    " domain name: stored as received", d->path);
		return 0;
	}
	buf_reset(&px->val);
	if (buf_append(&px->val, a, strlen(a) + 1) == -1)
		return dr_fail(px->err, R_NOMEM, "out of memory");
	*v = px->val.data;
	return 0;
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
		if (idn_is_unicode(v) && domain_idn(px, d, &v) == -1)
			return -1;
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

/* A start tag at depth (0 for the root); the end tag always follows. */
static int
on_start(struct px *px, const xmlChar *lname, const char *uri, int depth)
{
	const char *name = (const char *)lname;
	const struct eldef *d;
	enum el parent;
	bool foreign;

	if (px->not_feedback[0] != '\0')	/* not a report: just parse */
		return 0;
	if (depth + 1 > px->lim->max_xml_depth)
		return dr_fail(px->err, R_XML_TOO_DEEP,
		    "elements nested deeper than %d (line %d)",
		    px->lim->max_xml_depth, xmlSAX2GetLineNumber(px->ctxt));
	if (px->skip_depth >= 0)
		return 0;
	if (px->leaf != NULL) {
		/* markup inside a text field: only its direct text counts */
		px->skip_depth = depth;
		return 0;
	}
	if (name == NULL)
		return dr_fail(px->err, R_NOMEM, "out of memory");
	if (px->sp == 0 && on_root(px, name, uri) != 0) {
		px->skip_depth = depth;
		return 0;
	}
	parent = px->sp > 0 ? px->stack[px->sp - 1] : EL_NONE;
	foreign = uri != NULL && ns_schema(uri) == NULL;
	d = foreign ? NULL : px_lookup_dict(px, parent, lname);
	if (d == NULL) {
		px_unknown(px, parent, name, foreign);
		px->skip_depth = depth;
		return 0;
	}
	if (d->cap != CAP_NONE) {
		if (px_seen(px, d) == -1)
			return -1;
		leaf_open(px, d, depth);
		return 0;
	}
	if (px->sp == PX_STACK)		/* the table nests less deep */
		return dr_fail(px->err, R_INTERNAL, "element stack full");
	if (px_seen(px, d) == -1)
		return -1;
	px->stack[px->sp++] = d->el;
	return px_open(px, d);
}

/* An end tag at depth. */
static int
on_end(struct px *px, int depth)
{
	if (px->not_feedback[0] != '\0')
		return 0;
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

/* --- SAX2 callbacks ------------------------------------------------------- */

/* err is set: no more callbacks, no more input. */
static void
px_stop(struct px *px)
{
	px->failed = true;
	xmlStopParser(px->ctxt);
}

static void
sax_start(void *ctx, const xmlChar *lname, const xmlChar *prefix,
    const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attr,
    int nb_defaulted, const xmlChar **attr)
{
	struct px *px = ctx;

	(void)prefix;
	(void)nb_ns;
	(void)ns;
	(void)nb_attr;
	(void)nb_defaulted;
	(void)attr;
	if (px->failed)
		return;
	if (on_start(px, lname, (const char *)uri, px->depth++) == -1)
		px_stop(px);
}

static void
sax_end(void *ctx, const xmlChar *lname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct px *px = ctx;

	(void)lname;
	(void)prefix;
	(void)uri;
	if (px->failed)
		return;
	if (on_end(px, --px->depth) == -1)
		px_stop(px);
}

/* Characters, CDATA and white space: only a leaf's direct text counts. */
static void
sax_text(void *ctx, const xmlChar *s, int len)
{
	struct px *px = ctx;

	if (px->failed || px->leaf == NULL || px->skip_depth >= 0 ||
	    px->depth != px->leaf_depth + 1 || len <= 0)
		return;
	if (text_add(px, (const char *)s, (size_t)len) == -1)
		px_stop(px);
}

static void
sax_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	struct px *px = ctx;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	if (px->failed)
		return;
	dr_fail(px->err, R_XML_DOCTYPE, "document has a DOCTYPE");
	px_stop(px);
}

/* Unreachable behind sax_doctype; refuses anyway. */
static void
sax_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	sax_doctype(ctx, name, NULL, NULL);
}

static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

static xmlParserInputPtr
sax_resolve(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

static void
sax_reference(void *ctx, const xmlChar *name)
{
	struct px *px = ctx;

	(void)name;
	if (px->failed)
		return;
	dr_fail(px->err, R_XML_MALFORMED, "entity reference without a DTD");
	px_stop(px);
}

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

static void
sax_init(xmlSAXHandler *h)
{
	memset(h, 0, sizeof(*h));
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = sax_start;
	h->endElementNs = sax_end;
	h->characters = sax_text;
	h->ignorableWhitespace = sax_text;
	h->cdataBlock = sax_text;
	h->internalSubset = sax_doctype;
	h->externalSubset = sax_doctype;
	h->entityDecl = sax_entity_decl;
	h->getEntity = sax_get_entity;
	h->getParameterEntity = sax_get_entity;
	h->resolveEntity = sax_resolve;
	h->reference = sax_reference;
	h->serror = on_xml_error;
}

/* --- input ---------------------------------------------------------------- */

static int
px_read(struct px *px, char *buf, int len)
{
	int n;

	/*
	 * A leaf's text is capped as it arrives, but what else may sit
	 * inside it (a comment, skipped markup) libxml2 buffers whole: stop
	 * feeding it long before a text field could need that much input.
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

/* Turns the way the parse ended into the report's reason. */
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
	if (px->xml_error)
		return dr_fail(px->err, R_XML_MALFORMED, "%s", px->xml_detail);
	return dr_fail(px->err, R_XML_MALFORMED, "XML not well-formed");
}

/* Parser errors so far, or a failed callback: stop feeding. */
static bool
px_broken(struct px *px)
{
	return px->failed || px->xml_error || px->ctxt->wellFormed == 0;
}

static int
px_loop(struct px *px)
{
	xmlSAXHandler h;
	bool eof = false;
	int n, got = 0;

	sax_init(&h);	/* libxml2 copies it into the context */
	/* libxml2 detects the encoding (BOM, UTF-16) from the first 4 bytes */
	while (got < 4) {
		if ((n = px_read(px, px->feed + got,
		    PX_FEED - got)) < 0)
			return px_fail_reason(px);
		if (n == 0) {
			eof = true;
			break;
		}
		got += n;
	}
	px->ctxt = xmlCreatePushParserCtxt(&h, px, px->feed, got < 4 ? got : 4,
	    NULL);
	if (px->ctxt == NULL)
		return dr_fail(px->err, R_NOMEM, "out of memory (parser)");
	(void)xmlCtxtUseOptions(px->ctxt, XML_PARSE_NONET);
	if (px_intern(px, px->ctxt->dict) == -1)
		return dr_fail(px->err, R_NOMEM, "out of memory (names)");
	n = got > 4 ? got - 4 : 0;
	if (n > 0)
		memmove(px->feed, px->feed + 4, (size_t)n);
	for (;;) {
		if (n > 0)
			(void)xmlParseChunk(px->ctxt, px->feed, n, 0);
		if (px_broken(px))
			break;
		if (eof) {
			(void)xmlParseChunk(px->ctxt, NULL, 0, 1);
			break;
		}
		if ((n = px_read(px, px->feed, PX_FEED)) < 0)
			return px_fail_reason(px);
		eof = n == 0;
	}
	if (px_broken(px))
		return px_fail_reason(px);
	if (px->not_feedback[0] != '\0')
		return dr_fail(px->err, R_NOT_FEEDBACK, "%s", px->not_feedback);
	return 0;
}

/*
 * libxml2 reports some errors (encoding conversion, I/O) through its global
 * generic handler, which prints to stderr, instead of the structured one.
 * Those bytes come from hostile input and stderr is our cron output:
 * silence it.  The parse still fails, and the structured handler gives the
 * one-line reason.
 */
static void
xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
rua_xml_parse(const struct dr_input *in, const struct rua_sink *sink,
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
	if (px_loop(px) == -1)
		goto done;
	ret = px_finish(px);
done:
	if (px != NULL && px->ctxt != NULL)
		xmlFreeParserCtxt(px->ctxt);
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
	struct dr_input in = { mem_read, &m };

	return rua_xml_parse(&in, sink, lim, err);
}

const char *
rua_xml_lib_version(void)
{
	static char v[32];
	int n = LIBXML_VERSION;

	/* the run-time library's number: LIBXML_TEST_VERSION's check */
	if (xmlParserVersion != NULL)
		n = (int)strtol(xmlParserVersion, NULL, 10);
	(void)snprintf(v, sizeof(v), "%d.%d.%d", n / 10000, n / 100 % 100,
	    n % 100);
	return v;
}
