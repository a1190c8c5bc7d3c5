/*
 * tests/fuzz/fuzz_rua_xml.c -- the aggregate-report XML parser.
 *
 * The input is the XML document.  It is fed through in->read in chunks
 * whose size is derived from the input length (1 byte to 8 KiB), so the
 * streaming path and element/text boundaries that fall between reads are
 * exercised without a prefix byte in the corpus.  The sink checks the
 * parser's contract: begin/record/end in order, every string bounded by its
 * cap, counts non-negative and their sum exact, a 64-digit digest.
 */
#include <arpa/inet.h>
#include <string.h>

#include "ingest/rua/rua_xml.h"
#include "tests/fuzz/fuzz.h"

struct feed {
	const uint8_t	*p;
	size_t		 left;
	size_t		 chunk;
};

struct state {
	const struct dr_limits *lim;
	int		 begun, ended;
	int64_t		 records, messages;
};

static int
feed_read(void *ctx, char *buf, int len)
{
	struct feed *f = ctx;
	size_t n = f->left < f->chunk ? f->left : f->chunk;

	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, f->p, n);
	f->p += n;
	f->left -= n;
	return (int)n;
}

static void
check_str(const struct state *s, const char *v)
{
	if (v != NULL)
		FUZZ_CHECK(strlen(v) <= s->lim->max_field_len);
}

static int
s_begin(void *ctx, const struct dmarc_report *partial, struct dr_err *err)
{
	(void)partial;
	struct state *s = ctx;

	(void)err;
	FUZZ_CHECK(s->begun == 0 && s->ended == 0);
	s->begun = 1;
	return 0;
}

static int
s_record(void *ctx, const struct dmarc_record *r, struct dr_err *err)
{
	struct state *s = ctx;
	unsigned char addr[16];
	size_t i;

	(void)err;
	FUZZ_CHECK(s->begun == 1 && s->ended == 0);
	FUZZ_CHECK(r->count >= 0);
	FUZZ_CHECK(!__builtin_add_overflow(s->messages, r->count, &s->messages));
	s->records++;
	FUZZ_CHECK(s->records <= s->lim->max_records);
	FUZZ_CHECK(r->source_ip != NULL);
	FUZZ_CHECK(r->ip_version == 4 || r->ip_version == 6);
	FUZZ_CHECK(inet_pton(r->ip_version == 4 ? AF_INET : AF_INET6,
	    r->source_ip, addr) == 1);
	check_str(s, r->disposition_raw);
	check_str(s, r->header_from);
	check_str(s, r->envelope_from);
	check_str(s, r->envelope_to);
	FUZZ_CHECK(r->n_dkim <= DR_MAX_AUTH_PER_RECORD);
	FUZZ_CHECK(r->n_spf <= DR_MAX_AUTH_PER_RECORD);
	FUZZ_CHECK(r->n_reasons <= DR_MAX_AUTH_PER_RECORD);
	for (i = 0; i < r->n_dkim; i++) {
		check_str(s, r->dkim[i].domain);
		check_str(s, r->dkim[i].selector);
		check_str(s, r->dkim[i].result_raw);
		check_str(s, r->dkim[i].human_result);
	}
	for (i = 0; i < r->n_spf; i++) {
		check_str(s, r->spf[i].domain);
		check_str(s, r->spf[i].result_raw);
		check_str(s, r->spf[i].human_result);
	}
	for (i = 0; i < r->n_reasons; i++) {
		check_str(s, r->reasons[i].type_raw);
		check_str(s, r->reasons[i].comment);
	}
	return 0;
}

static int
s_end(void *ctx, const struct dmarc_report *rep, struct dr_err *err)
{
	struct state *s = ctx;
	size_t i;

	(void)err;
	FUZZ_CHECK(s->begun == 1 && s->ended == 0);
	s->ended = 1;
	FUZZ_CHECK(rep->record_count == s->records);
	FUZZ_CHECK(rep->message_count == s->messages);
	FUZZ_CHECK(rep->date_begin <= rep->date_end);
	FUZZ_CHECK(rep->org_name != NULL && rep->report_id != NULL);
	FUZZ_CHECK(strlen(rep->report_id) <= DR_MAX_REPORT_ID_LEN);
	check_str(s, rep->org_name);
	check_str(s, rep->email);
	check_str(s, rep->extra_contact);
	check_str(s, rep->generator);
	if (rep->policy_domain != NULL)
		FUZZ_CHECK(strlen(rep->policy_domain) <= DR_MAX_DOMAIN_LEN);
	for (i = 0; i < rep->n_errors; i++)
		check_str(s, rep->errors[i]);
	FUZZ_CHECK(strlen(rep->digest) == 64);
	FUZZ_CHECK(strspn(rep->digest, "0123456789abcdef") == 64);
	return 0;
}

static void
s_warn(void *ctx, enum dr_reason r, const char *detail)
{
	(void)ctx;
	FUZZ_CHECK(dr_reason_kind(r) == DR_WARN);
	FUZZ_CHECK(detail == NULL || strlen(detail) < 4096);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dr_limits lim;
	struct state s = { 0 };
	struct rua_sink sink = { &s, s_begin, s_record, s_end, s_warn };
	struct feed f = { data, size, 1 + (size * 2654435761u >> 7) % 8192 };
	struct dr_input in = { feed_read, &f };
	struct dr_err err = DR_ERR_INIT;

	dr_limits_default(&lim);
	s.lim = &lim;
	if (rua_xml_parse(&in, &sink, &lim, &err) == 0) {
		FUZZ_CHECK(s.ended == 1);
		FUZZ_CHECK(!dr_err_is_set(&err));
	} else {
		FUZZ_CHECK(dr_err_is_set(&err));
		FUZZ_CHECK(dr_reason_kind(err.reason) == DR_REJECT ||
		    dr_reason_kind(err.reason) == DR_SKIP);
		FUZZ_CHECK(strlen(err.detail) < DR_ERR_DETAIL);
	}
	return 0;
}
