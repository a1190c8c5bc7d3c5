/*
 * ingest/ingest.c -- the ingest driver: claim -> parse -> put -> COMMIT -> move.
 *
 * Design rationale:
 *  - Batches: many messages per transaction (speed), one savepoint per
 *    message (a message is stored whole or not at all), one per report.
 *    Files move only after their batch's COMMIT; a kill -9 before it loses
 *    nothing (the files are still in new/), a kill after it is repaired by
 *    the next run (the message is recognized by its Maildir unique name and
 *    SHA-256, and just moved).  Reports are deduplicated by identity and
 *    digest, so even
 *    a message re-delivered under another name is never counted twice.
 *  - A message is atomic: if any of its reports is rejected, none of its
 *    reports is kept and the message goes to quarantine with the reason.
 *  - Output: one line per bad input on stderr (escaped), one summary line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "ingest/ingest.h"
#include "ingest/maildir.h"
#include "ingest/mime.h"
#include "ingest/rua/rua_xml.h"
#include "ingest/run.h"
#include "ingest/unpack/unpack.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/fsx.h"
#include "util/outcome.h"
#include "util/vis.h"

void
ingest_opts_default(struct ingest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->db_path = DR_DEFAULT_DB;	/* CMakeLists.txt */
	dr_limits_default(&o->lim);
	o->batch = 1000;
}

/* Prints "dmarc-ingest: <path>[ (<part>)]: <reason-id>: <detail>". */
void
run_complain(const char *path, const char *part, enum dr_reason r, const char *detail)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	fputs("dmarc-ingest: ", stderr);
	vis_fputs(stderr, path);
	if (part != NULL && *part != '\0' && strcmp(part, base) != 0) {
		fputs(" (", stderr);
		vis_fputs(stderr, part);
		fputc(')', stderr);
	}
	fprintf(stderr, ": %s: ", dr_reason_id(r));
	vis_fputs(stderr, detail != NULL && *detail ? detail : dr_reason_desc(r));
	fputc('\n', stderr);
}

/* --- the sink between the XML parser and the store ----------------------- */

static int
sink_begin(void *ctx, const struct dmarc_report *partial, struct dr_err *err)
{
	struct run_msg *m = ctx;

	if (store_report_begin(m->run->st, m->row, partial, err) == -1)
		return -1;
	m->in_report = true;
	return 0;
}

static int
sink_record(void *ctx, const struct dmarc_record *rec, struct dr_err *err)
{
	struct run_msg *m = ctx;

	return store_report_record(m->run->st, rec, err);
}

static int
sink_end(void *ctx, const struct dmarc_report *rep, struct dr_err *err)
{
	struct run_msg *m = ctx;
	enum store_outcome oc;
	int64_t row = 0;
	enum dr_outcome what;

	m->in_report = false;
	if (store_report_end(m->run->st, rep, &oc, &row, err) == -1)
		return -1;
	switch (oc) {
	case STORE_STORED:
		m->stored++;
		m->records += rep->record_count;
		what = OUT_STORED;
		break;
	case STORE_DUPLICATE:
		m->duplicates++;
		what = OUT_DUPLICATE;
		break;
	default:
		m->conflicts++;
		what = OUT_CONFLICT;
		break;
	}
	return store_log(m->run->st, m->row, m->part, what,
	    oc == STORE_CONFLICT ? R_CONFLICT : oc == STORE_DUPLICATE ? R_DUPLICATE : R_NONE,
	    NULL, rep->org_name, rep->report_id, row, err);
}

static void
sink_warn(void *ctx, enum dr_reason r, const char *detail)
{
	struct run_msg *m = ctx;
	struct dr_err e = DR_ERR_INIT;

	/* A warning that cannot be logged is not worth failing the report. */
	(void)store_log(m->run->st, m->row, m->part, OUT_WARNING, r, detail, NULL,
	    NULL, 0, &e);
}

/* Called by unpack_payloads() for each XML payload. */
static int
on_payload(void *ctx, const char *name, const struct dr_input *in,
    struct dr_err *err)
{
	struct run_msg *m = ctx;
	struct rua_sink sink = { m, sink_begin, sink_record, sink_end, sink_warn };
	struct dr_err e = DR_ERR_INIT;
	char part[512];

	(void)snprintf(part, sizeof(part), "%s%s%s", m->attachment ? m->attachment : "",
	    m->attachment && name && strcmp(name, m->attachment) != 0 ? "/" : "",
	    name && (!m->attachment || strcmp(name, m->attachment) != 0) ? name : "");
	m->part = part;
	if (rua_xml_parse(in, &sink, &m->run->opts->lim, &e) == 0) {
		m->part = NULL;
		return 0;
	}
	if (m->in_report) {
		store_report_abort(m->run->st);
		m->in_report = false;
	}
	m->part = NULL;
	if (dr_reason_kind(e.reason) == DR_SKIP) {
		m->not_report++;
		m->skip_reason = e.reason;
		return store_log(m->run->st, m->row, part, OUT_NOT_REPORT, e.reason,
		    e.detail, NULL, NULL, 0, err);
	}
	snprintf(m->reject_part, sizeof(m->reject_part), "%s", part);
	*err = e;
	return -1;
}

/* Unpacks and parses one candidate (attachment bytes). */
static int
do_candidate(struct run_msg *m, const unsigned char *data, size_t len,
    const char *name, bool claims, struct dr_err *err)
{
	struct dr_err e = DR_ERR_INIT;
	enum sniff_kind k;

	m->attachment = name;
	if (len == 0) {
		if (!claims)
			return 0;
		snprintf(m->reject_part, sizeof(m->reject_part), "%s", name ? name : "");
		return dr_fail(err, R_EMPTY_ATTACHMENT, "attachment %s is empty",
		    name ? name : "(unnamed)");
	}
	k = sniff_kind(data, len);
	if (k == SNIFF_NONE) {
		if (!claims)
			return 0;
		snprintf(m->reject_part, sizeof(m->reject_part), "%s", name ? name : "");
		if (sniff_is_utf32(data, len))
			return dr_fail(err, R_NOT_REPORT_DATA, "UTF-32 text"
			    " (byte-order mark): reports are read in UTF-8 or"
			    " UTF-16 only; convert it with iconv -f UTF-32"
			    " -t UTF-8 and ingest the result");
		return dr_fail(err, R_NOT_REPORT_DATA,
		    "declared as a report but content is not gzip, zip or XML");
	}
	m->candidates++;
	if (unpack_payloads(data, len, name, &m->run->opts->lim, on_payload,
	    (unpack_warn_fn)sink_warn, m, &e) == 0)
		return 0;
	if (dr_reason_kind(e.reason) == DR_SKIP) {
		m->not_report++;
		m->skip_reason = e.reason;
		return store_log(m->run->st, m->row, name, OUT_NOT_REPORT, e.reason,
		    e.detail, NULL, NULL, 0, err);
	}
	if (m->reject_part[0] == '\0')
		snprintf(m->reject_part, sizeof(m->reject_part), "%s", name ? name : "");
	*err = e;
	return -1;
}

/* A bare file named like a report (.xml, .gz, .zip, ...) claims to be one:
 * if its bytes are not, that is an error, not "not a message". */
static bool
is_report_name(const struct md_item *it)
{
	static const char *const ext[] = { ".xml", ".gz", ".zip", ".xml.gz", ".xml.zip" };
	size_t n, e, i;

	if (it->root != NULL || strcmp(it->path, "-") == 0)
		return false;
	n = strlen(it->name);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		e = strlen(ext[i]);
		if (n > e && strcasecmp(it->name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

/* Walks a message (or bare report file) and stores what it carries.
 * -1 with err: the message is rejected (or a FATAL reason). */
int
run_parse(struct run_msg *m, const unsigned char *data, size_t len, struct dr_err *err)
{
	struct mime_msg *mm = NULL;
	size_t i;
	int rc = -1;

	if (sniff_kind(data, len) != SNIFF_NONE || is_report_name(m->item))
		return do_candidate(m, data, len, m->item->name, true, err);
	if (mime_parse(&mm, data, len, &m->run->opts->lim, err) == -1)
		return -1;
	m->message_id = mm->message_id;		/* taken, not copied */
	m->subject = mm->subject;
	mm->message_id = mm->subject = NULL;
	store_msg_headers(m->run->st, m->message_id, m->subject);
	for (i = 0; i < mm->n_parts; i++) {
		struct mime_part *p = &mm->parts[i];

		if (do_candidate(m, p->data, p->len, p->name, p->claims_report, err) == -1)
			goto done;
	}
	rc = 0;
done:
	mime_msg_free(mm);
	return rc;
}
