/*
 * tests/fuzz/fuzz_mime_unpack.c -- the MIME walker, the sniffer and the
 * unpacker (gzip, zip), down to the XML parser: the path every message
 * takes in ingest/ingest.c run_parse().
 *
 * The input is a whole message, or a bare gzip/zip/XML file (as when a file
 * is given on the command line): like run_parse(), bytes that sniff as a
 * report are unpacked directly, anything else is walked as a message.  The
 * decompressed-size cap is lowered to 1 MiB so that a bomb costs
 * milliseconds, not seconds, per execution; the code path is the same.
 */
#include <string.h>

#include "ingest/mime.h"
#include "ingest/rua/rua_xml.h"
#include "ingest/unpack/unpack.h"
#include "tests/fuzz/fuzz.h"

struct state {
	const struct dr_limits	*lim;
	int			 payloads;
	int64_t			 records;
};

static int
s_begin(void *ctx, const struct dmarc_report *partial, struct dr_err *err)
{
	(void)partial;
	(void)ctx;
	(void)err;
	return 0;
}

static int
s_record(void *ctx, const struct dmarc_record *r, struct dr_err *err)
{
	struct state *s = ctx;

	(void)err;
	FUZZ_CHECK(r->count >= 0 && r->source_ip != NULL);
	s->records++;
	return 0;
}

static int
s_end(void *ctx, const struct dmarc_report *rep, struct dr_err *err)
{
	(void)ctx;
	(void)err;
	FUZZ_CHECK(rep->report_id != NULL);
	return 0;
}

static void
s_warn(void *ctx, enum dr_reason r, const char *detail)
{
	(void)ctx;
	(void)detail;
	FUZZ_CHECK(dr_reason_kind(r) == DR_WARN);
}

static int
on_payload(void *ctx, const char *name, const struct dr_input *in,
    struct dr_err *err)
{
	struct state *s = ctx;
	struct rua_sink sink = { s, s_begin, s_record, s_end, s_warn };
	struct dr_err e = DR_ERR_INIT;

	(void)name;
	s->payloads++;
	FUZZ_CHECK(s->payloads <= s->lim->max_zip_members);
	if (rua_xml_parse(in, &sink, s->lim, &e) == 0)
		return 0;
	FUZZ_CHECK(dr_err_is_set(&e));
	if (dr_reason_kind(e.reason) == DR_SKIP)
		return 0;
	*err = e;
	return -1;
}

static void
candidate(const struct dr_limits *lim, const unsigned char *data, size_t len,
    const char *name)
{
	struct state s = { lim, 0, 0 };
	struct dr_err err = DR_ERR_INIT;

	if (len == 0 || sniff_kind(data, len) == SNIFF_NONE)
		return;
	if (unpack_payloads(data, len, name, lim, on_payload,
	    (unpack_warn_fn)s_warn, &s, &err) == -1) {
		FUZZ_CHECK(dr_err_is_set(&err));
		FUZZ_CHECK(dr_reason_kind(err.reason) == DR_REJECT ||
		    dr_reason_kind(err.reason) == DR_SKIP);
	} else
		FUZZ_CHECK(!dr_err_is_set(&err));
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	mime_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dr_limits lim;
	struct mime_msg *mm = NULL;
	struct dr_err err = DR_ERR_INIT;
	size_t i;

	dr_limits_default(&lim);
	lim.max_decompressed = 1024 * 1024;
	if (sniff_kind(data, size) != SNIFF_NONE) {
		candidate(&lim, data, size, "fuzz.bin");
		return 0;
	}
	if (mime_parse(&mm, data, size, &lim, &err) == -1) {
		FUZZ_CHECK(mm == NULL);
		FUZZ_CHECK(dr_err_is_set(&err));
		FUZZ_CHECK(dr_reason_kind(err.reason) == DR_REJECT ||
		    dr_reason_kind(err.reason) == DR_SKIP);
		return 0;
	}
	FUZZ_CHECK(mm != NULL);
	FUZZ_CHECK(mm->n_parts <= (size_t)lim.max_mime_parts);
	for (i = 0; i < mm->n_parts; i++) {
		struct mime_part *p = &mm->parts[i];

		FUZZ_CHECK(p->len <= lim.max_message_bytes);
		candidate(&lim, p->data, p->len, p->name);
	}
	mime_msg_free(mm);
	return 0;
}
