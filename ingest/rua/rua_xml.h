/*
 * ingest/rua/rua_xml.h -- streaming parser for DMARC aggregate-report XML.
 *
 * The folder ingest/rua/ (library dr_rua): rua_xml.c (the libxml2 walk),
 * rua_fields.c (the element table and the report), rua_record.c (one
 * record), px.c (helpers on the parse state), rua_digest.c (the content
 * digest) and normalize.c (value rules, also its own header normalize.h).
 * It may use util/ (err, limits, buf, input.h: the stream it pulls from),
 * store/ for the shared language only (model.h, and align.h and idn.h for
 * alignment and A-labels), libxml2 and nettle; never the database API
 * (store.h), ingest/unpack/ nor the rest of ingest/.
 *
 * Contract: rua_xml_parse() pulls bytes through in->read (so a gzip stream
 * or a zip member is parsed while it inflates: constant memory whatever the
 * report size), matches elements by local name (no namespace, dmarc-2.0,
 * dmarc-xml 0.1/0.2; other namespaces are extensions and skipped), in any
 * order, and calls the sink:
 *   begin()  once, right before the first record (or before end() when
 *            there is none), with the report as parsed so far: in the usual
 *            element order report_metadata and policy_published are complete
 *            by then, so the store can insert the report row and recognize a
 *            duplicate before any record is written; fields may still be
 *            NULL when a sender puts them after the records;
 *   record() once per <record>, with a record BORROWED for the call only;
 *   end()    once, after </feedback>, with the whole report metadata and
 *            totals and the digest filled in.
 * On any error (malformed XML, DOCTYPE, caps, invalid values) it returns -1
 * with err set; the caller must then discard what the sink received since
 * begin() (the store rolls back its savepoint).  A document whose root is
 * not <feedback> returns -1 with R_NOT_FEEDBACK and never calls the sink.
 * If in->read fails it must have set in->err (the same struct passed as
 * err, see below); that reason is kept.
 */
#ifndef DR_RUA_XML_H
#define DR_RUA_XML_H

#include "store/model.h"
#include "util/input.h"
#include "util/err.h"
#include "util/limits.h"

struct rua_sink {
	void	*ctx;
	int	(*begin)(void *ctx, const struct dmarc_report *partial, struct dr_err *err);
	int	(*record)(void *ctx, const struct dmarc_record *rec, struct dr_err *err);
	int	(*end)(void *ctx, const struct dmarc_report *rep, struct dr_err *err);
	/* Optional: a warning about the report (R_W_*); may be NULL. */
	void	(*warn)(void *ctx, enum dr_reason r, const char *detail);
};

/*
 * Parses one report.  err is shared with the input: an input reader that
 * fails sets err (dr_fail) before returning -1, and the parser keeps that
 * reason.  Returns 0 when end() was called and returned 0.
 */
int	rua_xml_parse(const struct dr_input *in, const struct rua_sink *sink,
	    const struct dr_limits *lim, struct dr_err *err);

/* Version of the libxml2 in use ("2.9.14"), for --version. */
const char	*rua_xml_lib_version(void);

/* Convenience: parse from memory. */
int	rua_xml_parse_mem(const char *data, size_t len, const struct rua_sink *sink,
	    const struct dr_limits *lim, struct dr_err *err);

#endif
