/*
 * ingest/rua/rua_digest.c -- SHA-256 of a report's normalized content.
 *
 * Design rationale: the digest tells an identical re-send (duplicate) from a
 * conflicting one, so it must depend on exactly what is stored and on
 * nothing else: not on white space, line wrapping, namespace prefixes,
 * element order inside the metadata or the wrapping (zip, gzip).  Each
 * value is serialized as "name=value\0", and an absent value as
 * "name\1\0" (XML text never holds \0 or \1, so the form is unambiguous).
 * Records are hashed as they stream by, in order (memory stays flat); at
 * the end digest = SHA-256(metadata serialization || records hash).
 * The namespace (schema) is not part of it: it is wrapping, not content.
 * SHA-256 comes from nettle, whose x86-64 code uses the SHA extensions
 * where the CPU has them: about ten times fewer cycles than GLib's
 * portable GChecksum on the hot path (every record of every report).
 */
#include <stdint.h>
#include <string.h>

#include "ingest/rua/rua_int.h"

static const char hexd[] = "0123456789abcdef";

/*
 * The serialization is built in a stack buffer and handed to SHA-256 in
 * large pieces: a record is a few hundred bytes, so usually one
 * sha256_update() per record instead of three per field plus an
 * snprintf() per number.  The bytes hashed are exactly those of the
 * field-by-field form above, so digests stored before stay valid.
 */
struct dg {
	struct sha256_ctx	*c;
	size_t			 n;
	uint8_t			 b[1024];
};

static void
dg_flush(struct dg *d)
{
	if (d->n > 0)
		sha256_update(d->c, d->n, d->b);
	d->n = 0;
}

static void
dg_put(struct dg *d, const void *p, size_t len)
{
	if (len > sizeof(d->b) - d->n) {
		dg_flush(d);
		if (len > sizeof(d->b)) {
			sha256_update(d->c, len, p);
			return;
		}
	}
	memcpy(d->b + d->n, p, len);
	d->n += len;
}

/* name is a string literal: its length is known at compile time. */
#define dg_str(d, name, v)	dg_strn(d, name, sizeof(name) - 1, v)
#define dg_int(d, name, v)	dg_intn(d, name, sizeof(name) - 1, v)

static void
dg_strn(struct dg *d, const char *name, size_t nlen, const char *v)
{
	dg_put(d, name, nlen);
	if (v == NULL) {
		dg_put(d, "\1", 2);		/* \1\0 */
		return;
	}
	dg_put(d, "=", 1);
	dg_put(d, v, strlen(v) + 1);
}

/* name=<decimal v>\0, as "%" PRId64 would print it. */
static void
dg_intn(struct dg *d, const char *name, size_t nlen, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	dg_put(d, name, nlen);
	dg_put(d, "=", 1);
	dg_put(d, p, (size_t)(num + sizeof(num) - p));
}

void
digest_record(struct sha256_ctx *c, const struct dmarc_record *r)
{
	struct dg dd, *d = &dd;
	size_t i;

	d->c = c;
	d->n = 0;
	dg_int(d, "record", 0);
	dg_str(d, "source_ip", r->source_ip);
	dg_int(d, "count", r->count);
	dg_str(d, "disposition", r->disposition);
	dg_str(d, "disposition_raw", r->disposition_raw);
	/* A word other than pass/fail (now "fail" with the word in *_raw)
	 * was hashed as absent before version 6 kept it: hashed so still,
	 * so that a report stored then and sent again is a duplicate, not
	 * a conflict.  Two copies that differ only in such a word are one
	 * report (a true re-send never does). */
	dg_str(d, "dkim_eval", r->dkim_eval_raw != NULL ? NULL : r->dkim_eval);
	dg_str(d, "spf_eval", r->spf_eval_raw != NULL ? NULL : r->spf_eval);
	dg_int(d, "eval_derived", r->eval_derived);
	dg_str(d, "header_from", r->header_from);
	dg_str(d, "envelope_from", r->envelope_from);
	dg_str(d, "envelope_to", r->envelope_to);
	dg_int(d, "reasons", (int64_t)r->n_reasons);
	for (i = 0; i < r->n_reasons; i++) {
		dg_str(d, "type", r->reasons[i].type);
		dg_str(d, "type_raw", r->reasons[i].type_raw);
		dg_str(d, "comment", r->reasons[i].comment);
	}
	dg_int(d, "dkim", (int64_t)r->n_dkim);
	for (i = 0; i < r->n_dkim; i++) {
		dg_str(d, "domain", r->dkim[i].domain);
		dg_str(d, "selector", r->dkim[i].selector);
		dg_str(d, "result", r->dkim[i].result);
		dg_str(d, "result_raw", r->dkim[i].result_raw);
		dg_str(d, "human_result", r->dkim[i].human_result);
	}
	dg_int(d, "spf", (int64_t)r->n_spf);
	for (i = 0; i < r->n_spf; i++) {
		dg_str(d, "domain", r->spf[i].domain);
		dg_str(d, "scope", r->spf[i].scope);
		dg_str(d, "result", r->spf[i].result);
		dg_str(d, "result_raw", r->spf[i].result_raw);
		dg_str(d, "human_result", r->spf[i].human_result);
	}
	dg_flush(d);
}

void
digest_report(const struct dmarc_report *rep, struct sha256_ctx *rec_hash,
    char out[65])
{
	uint8_t recs[SHA256_DIGEST_SIZE], sum[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx, *c = &ctx;
	struct dg dd, *d = &dd;
	size_t i;

	sha256_digest(rec_hash, sizeof(recs), recs);
	sha256_init(c);
	d->c = c;
	d->n = 0;
	dg_str(d, "org_name", rep->org_name);
	dg_str(d, "email", rep->email);
	dg_str(d, "extra_contact", rep->extra_contact);
	dg_str(d, "report_id", rep->report_id);
	dg_str(d, "generator", rep->generator);
	dg_str(d, "version", rep->version);
	dg_int(d, "date_begin", rep->date_begin);
	dg_int(d, "date_end", rep->date_end);
	dg_int(d, "errors", (int64_t)rep->n_errors);
	for (i = 0; i < rep->n_errors; i++)
		dg_str(d, "error", rep->errors[i]);
	dg_str(d, "policy_domain", rep->policy_domain);
	dg_str(d, "p", rep->p);
	dg_str(d, "sp", rep->sp);
	dg_str(d, "np", rep->np);
	dg_str(d, "adkim", rep->adkim);
	dg_str(d, "aspf", rep->aspf);
	dg_str(d, "fo", rep->fo);
	dg_str(d, "testing", rep->testing);
	dg_str(d, "discovery", rep->discovery);
	dg_int(d, "pct", rep->pct);
	dg_int(d, "record_count", rep->record_count);
	dg_int(d, "message_count", rep->message_count);
	dg_put(d, "records=", 8);
	dg_put(d, recs, sizeof(recs));
	dg_flush(d);
	sha256_digest(c, sizeof(sum), sum);
	for (i = 0; i < sizeof(sum); i++) {
		out[2 * i] = hexd[sum[i] >> 4];
		out[2 * i + 1] = hexd[sum[i] & 15];
	}
	out[64] = '\0';
}
