/*
 * ingest/rua/rua_record.c -- one <record>: its text fields, its DKIM/SPF/reason
 * lists, the derivation of a missing policy_evaluated, and handing it to
 * the sink (brief 1.2, 1.4, 3.7).
 *
 * Design rationale: memory must not grow with the number of records, so
 * the record struct and its three arrays live in px and are reset, not
 * reallocated, for every <record>; their strings are owned copies freed at
 * the reset.  The lists are capped (DR_MAX_AUTH_PER_RECORD): an index
 * never runs past what was allocated.  Derivation uses the published
 * adkim/aspf when policy_published came first (it does in every real
 * report); otherwise the default, relaxed.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/rua/normalize.h"
#include "ingest/rua/rua_int.h"
#include "store/align.h"

const char *const eval_path[2] = {
	"policy_evaluated/dkim", "policy_evaluated/spf"
};

/* Enumeration with a raw field: *n gets the word, *raw the received one. */
static int
set_enum(struct px *px, const char **n, const char **raw, const char *norm,
    const char *v, const char *path)
{
	*n = norm;
	if (!norm_keep_raw(v, norm))
		return px_setstr(px, raw, NULL);
	px_warn_word(px, path, v);
	return px_setstr(px, raw, v);
}

void
px_rec_reset(struct px *px)
{
	struct dmarc_record *r = &px->rec;
	size_t i;

	px_xfree(r->disposition_raw);
	px_xfree(r->dkim_eval_raw);
	px_xfree(r->spf_eval_raw);
	px_xfree(r->header_from);
	px_xfree(r->envelope_from);
	px_xfree(r->envelope_to);
	for (i = 0; i < px->n_dkim; i++) {
		px_xfree(px->dkim[i].domain);
		px_xfree(px->dkim[i].selector);
		px_xfree(px->dkim[i].result_raw);
		px_xfree(px->dkim[i].human_result);
	}
	for (i = 0; i < px->n_spf; i++) {
		px_xfree(px->spf[i].domain);
		px_xfree(px->spf[i].result_raw);
		px_xfree(px->spf[i].human_result);
	}
	for (i = 0; i < px->n_reasons; i++) {
		px_xfree(px->reasons[i].type_raw);
		px_xfree(px->reasons[i].comment);
	}
	memset(r, 0, sizeof(*r));
	px->n_dkim = px->n_spf = px->n_reasons = 0;
	px->has_ip = px->has_count = false;
	px->ip[0] = '\0';
}

/* Leaves of reason, dkim and spf: the entry opened last gets them. */
static int
leaf_entry(struct px *px, enum el el, char *v)
{
	struct dmarc_dkim *d = px->n_dkim ? &px->dkim[px->n_dkim - 1] : NULL;
	struct dmarc_spf *s = px->n_spf ? &px->spf[px->n_spf - 1] : NULL;
	struct dmarc_reason *r = px->n_reasons ?
	    &px->reasons[px->n_reasons - 1] : NULL;

	switch (el) {
	case EL_R_TYPE:
		return set_enum(px, &r->type, &r->type_raw,
		    norm_reason_type(v), v, "reason/type");
	case EL_R_COMMENT:
		return px_setstr(px, &r->comment, v);
	case EL_D_DOMAIN:
		return px_setstr(px, &d->domain, v);
	case EL_D_SELECTOR:
		return px_setstr(px, &d->selector, v);
	case EL_D_RESULT:
		return set_enum(px, &d->result, &d->result_raw,
		    norm_dkim_result(v), v, "dkim/result");
	case EL_D_HUMAN:
		return px_setstr(px, &d->human_result, v);
	case EL_S_DOMAIN:
		return px_setstr(px, &s->domain, v);
	case EL_S_SCOPE:
		/* no scope_raw in the model: an unknown scope is NULL */
		if ((s->scope = norm_spf_scope(v)) == NULL)
			px_warn_word(px, "spf/scope", v);
		return 0;
	case EL_S_RESULT:
		return set_enum(px, &s->result, &s->result_raw,
		    norm_spf_result(v), v, "spf/result");
	case EL_S_HUMAN:
		return px_setstr(px, &s->human_result, v);
	default:
		return 0;
	}
}

static int
leaf_ip(struct px *px, const char *v)
{
	char clip[64];

	if (norm_ip(v, px->ip, sizeof(px->ip), &px->rec.ip_version) == -1) {
		norm_clip(v, 48, clip, sizeof(clip));
		return dr_fail(px->err, R_BAD_IP,
		    "record %lld: source_ip \"%s\" is not an IP address",
		    (long long)px->rep.record_count + 1, clip);
	}
	px->rec.source_ip = px->ip;
	px->has_ip = true;
	return 0;
}

/*
 * policy_evaluated/dkim or spf: pass or fail.  Empty is derived at
 * </record> as if absent.  Any other word (softfail, none, ...) is not a
 * pass, so the mechanism is not aligned: "fail", with the word kept in
 * *raw as disposition_raw keeps its word, and a warning naming the first
 * record that had it (and how many did).
 */
static int
leaf_eval(struct px *px, enum el el, const char **n, const char **raw,
    const char *v)
{
	int i = el == EL_EVAL_DKIM ? 0 : 1;

	*n = norm_pass_fail(v);
	if (*v == '\0') {
		px->seen[el] = false;
		return px_setstr(px, raw, NULL);
	}
	if (*n != NULL)
		return px_setstr(px, raw, norm_keep_raw(v, *n) ? v : NULL);
	*n = "fail";
	if (px->odd_eval[i]++ == 0) {
		char clip[48];

		norm_clip(v, 40, clip, sizeof(clip));
		px_warn(px, R_W_NONSTANDARD, eval_path[i], "record %lld: %s"
		    " \"%s\" is not a schema value: stored raw, counted as not"
		    " aligned", (long long)px->rep.record_count + 1,
		    eval_path[i], clip);
	}
	return px_setstr(px, raw, v);
}

int
px_rec_leaf(struct px *px, enum el el, char *v)
{
	struct dmarc_record *r = &px->rec;

	switch (el) {
	case EL_SOURCE_IP:
		return leaf_ip(px, v);
	case EL_COUNT:
		px->has_count = true;
		return norm_int64(v, &r->count, R_COUNT_OVERFLOW, "row/count",
		    px->err);
	case EL_DISPOSITION:
		return set_enum(px, &r->disposition, &r->disposition_raw,
		    norm_disposition(v), v, "policy_evaluated/disposition");
	case EL_EVAL_DKIM:
		return leaf_eval(px, el, &r->dkim_eval, &r->dkim_eval_raw, v);
	case EL_EVAL_SPF:
		return leaf_eval(px, el, &r->spf_eval, &r->spf_eval_raw, v);
	case EL_HEADER_FROM:
		return px_setstr(px, &r->header_from, v);
	case EL_ENV_FROM:
		return px_setstr(px, &r->envelope_from, v);
	case EL_ENV_TO:
		return px_setstr(px, &r->envelope_to, v);
	default:
		return leaf_entry(px, el, v);
	}
}

static char
align_mode(const char *m)
{
	return m != NULL && m[0] == 's' && m[1] == '\0' ? 's' : 'r';
}

/* RFC 7489 3.1 / brief 3.7: aligned outcomes from the raw auth results. */
static void
rec_derive(struct px *px)
{
	struct dmarc_record *r = &px->rec;
	const struct dmarc_dkim *d;
	const struct dmarc_spf *s;
	size_t i;

	if (!px->seen[EL_EVAL_DKIM]) {
		r->dkim_eval = "fail";
		for (i = 0; i < px->n_dkim; i++) {
			d = &px->dkim[i];
			if (d->result != NULL &&
			    strcmp(d->result, "pass") == 0 &&
			    align_is_aligned(d->domain, r->header_from,
			    align_mode(px->rep.adkim)))
				r->dkim_eval = "pass";
		}
		r->eval_derived = true;
	}
	if (!px->seen[EL_EVAL_SPF]) {
		r->spf_eval = "fail";
		for (i = 0; i < px->n_spf; i++) {
			s = &px->spf[i];
			if (s->result != NULL && s->scope != NULL &&
			    strcmp(s->result, "pass") == 0 &&
			    strcmp(s->scope, "mfrom") == 0 &&
			    align_is_aligned(s->domain, r->header_from,
			    align_mode(px->rep.aspf)))
				r->spf_eval = "pass";
		}
		r->eval_derived = true;
	}
	if (r->eval_derived)
		px_warn(px, R_W_DERIVED, "derived",
		    "record %lld: policy_evaluated dkim/spf derived from "
		    "auth_results", (long long)px->rep.record_count + 1);
}

int
px_rec_finish(struct px *px)
{
	struct dmarc_record *r = &px->rec;
	long long n = (long long)px->rep.record_count + 1;
	int64_t sum;

	if (!px->has_ip)
		return dr_fail(px->err, R_MISSING_FIELD,
		    "record %lld: missing row/source_ip", n);
	if (!px->has_count)
		return dr_fail(px->err, R_MISSING_FIELD,
		    "record %lld: missing row/count", n);
	if (__builtin_add_overflow(px->rep.message_count, r->count, &sum))
		return dr_fail(px->err, R_COUNT_OVERFLOW,
		    "record %lld: sum of counts does not fit 64 bits", n);
	if (r->count > DR_MAX_RECORD_COUNT)
		return dr_fail(px->err, R_COUNT_TOO_BIG, "record %lld: count %lld"
		    " is above %lld", n, (long long)r->count,
		    (long long)DR_MAX_RECORD_COUNT);
	if (sum > DR_MAX_REPORT_MESSAGES)
		return dr_fail(px->err, R_COUNT_TOO_BIG, "record %lld: the"
		    " report's messages add up to more than %lld", n,
		    (long long)DR_MAX_REPORT_MESSAGES);
	px->rep.message_count = sum;
	rec_derive(px);
	r->dkim = px->dkim;
	r->n_dkim = px->n_dkim;
	r->spf = px->spf;
	r->n_spf = px->n_spf;
	r->reasons = px->reasons;
	r->n_reasons = px->n_reasons;
	px->rep.record_count++;
	digest_record(&px->rec_hash, r);
	if (px_begin(px) == -1)
		return -1;
	if (px->sink->record != NULL &&
	    px->sink->record(px->sink->ctx, r, px->err) == -1)
		return dr_fail(px->err, R_INTERNAL, "sink record failed");
	return 0;
}
