/*
 * ingest/rua/rua_fields.c -- what each report element means: the element table,
 * the metadata and policy fields, and the end-of-report checks (brief 1.2,
 * 1.4, 1.5); record fields are in rua_record.c.
 *
 * Design rationale: the XML walker (rua_xml.c) knows nothing about DMARC; it
 * asks px_lookup_dict() whether (parent, local name) is an element we know
 * and hands over containers as they open and close and leaves as trimmed
 * text.
 * Singletons seen twice are an error (one policy per report, one count per
 * row); lists (record, reason, dkim, spf, error) grow up to their caps.
 * Warnings are collected once per kind and handed to the sink just before
 * end(), so a rejected report leaves no warnings behind.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/rua/normalize.h"
#include "ingest/rua/rua_int.h"

/*
 * The table: parent, element, path (its last part is the local name).
 * F text, D domain, I report_id, M list of texts, C container, L list of
 * containers.
 */
#define E(p, el, cap, multi, path)	{ p, el, cap, multi, path }
#define F(p, el, path)	E(p, el, CAP_FIELD, false, path)
#define D(p, el, path)	E(p, el, CAP_DOMAIN, false, path)
#define I(p, el, path)	E(p, el, CAP_ID, false, path)
#define M(p, el, path)	E(p, el, CAP_FIELD, true, path)
#define C(p, el, path)	E(p, el, CAP_NONE, false, path)
#define L(p, el, path)	E(p, el, CAP_NONE, true, path)

static const struct eldef eltab[] = {
	C(EL_NONE, EL_FEEDBACK, "feedback"),
	F(EL_FEEDBACK, EL_VERSION, "version"),
	C(EL_FEEDBACK, EL_META, "report_metadata"),
	F(EL_META, EL_ORG_NAME, "report_metadata/org_name"),
	F(EL_META, EL_EMAIL, "report_metadata/email"),
	F(EL_META, EL_EXTRA, "report_metadata/extra_contact_info"),
	I(EL_META, EL_REPORT_ID, "report_metadata/report_id"),
	F(EL_META, EL_GENERATOR, "report_metadata/generator"),
	M(EL_META, EL_ERROR, "report_metadata/error"),
	C(EL_META, EL_DATE_RANGE, "report_metadata/date_range"),
	F(EL_DATE_RANGE, EL_BEGIN, "date_range/begin"),
	F(EL_DATE_RANGE, EL_END, "date_range/end"),
	C(EL_FEEDBACK, EL_POLICY, "policy_published"),
	D(EL_POLICY, EL_P_DOMAIN, "policy_published/domain"),
	F(EL_POLICY, EL_ADKIM, "policy_published/adkim"),
	F(EL_POLICY, EL_ASPF, "policy_published/aspf"),
	F(EL_POLICY, EL_P, "policy_published/p"),
	F(EL_POLICY, EL_SP, "policy_published/sp"),
	F(EL_POLICY, EL_NP, "policy_published/np"),
	F(EL_POLICY, EL_PCT, "policy_published/pct"),
	F(EL_POLICY, EL_FO, "policy_published/fo"),
	F(EL_POLICY, EL_TESTING, "policy_published/testing"),
	F(EL_POLICY, EL_DISCOVERY, "policy_published/discovery_method"),
	L(EL_FEEDBACK, EL_RECORD, "record"),
	C(EL_RECORD, EL_ROW, "record/row"),
	F(EL_ROW, EL_SOURCE_IP, "row/source_ip"),
	F(EL_ROW, EL_COUNT, "row/count"),
	C(EL_ROW, EL_EVAL, "row/policy_evaluated"),
	F(EL_EVAL, EL_DISPOSITION, "policy_evaluated/disposition"),
	F(EL_EVAL, EL_EVAL_DKIM, "policy_evaluated/dkim"),
	F(EL_EVAL, EL_EVAL_SPF, "policy_evaluated/spf"),
	L(EL_EVAL, EL_REASON, "policy_evaluated/reason"),
	F(EL_REASON, EL_R_TYPE, "reason/type"),
	F(EL_REASON, EL_R_COMMENT, "reason/comment"),
	C(EL_RECORD, EL_IDENT, "record/identifiers"),
	C(EL_RECORD, EL_IDENT, "record/identities"),
	D(EL_IDENT, EL_HEADER_FROM, "identifiers/header_from"),
	D(EL_IDENT, EL_ENV_FROM, "identifiers/envelope_from"),
	D(EL_IDENT, EL_ENV_TO, "identifiers/envelope_to"),
	C(EL_RECORD, EL_AUTH, "record/auth_results"),
	L(EL_AUTH, EL_DKIM, "auth_results/dkim"),
	D(EL_DKIM, EL_D_DOMAIN, "dkim/domain"),
	F(EL_DKIM, EL_D_SELECTOR, "dkim/selector"),
	F(EL_DKIM, EL_D_RESULT, "dkim/result"),
	F(EL_DKIM, EL_D_HUMAN, "dkim/human_result"),
	L(EL_AUTH, EL_SPF, "auth_results/spf"),
	D(EL_SPF, EL_S_DOMAIN, "spf/domain"),
	F(EL_SPF, EL_S_SCOPE, "spf/scope"),
	F(EL_SPF, EL_S_RESULT, "spf/result"),
	F(EL_SPF, EL_S_HUMAN, "spf/human_result"),
};
#define NELTAB	(sizeof(eltab) / sizeof(eltab[0]))

/* Children of each element, built once from eltab (lookups are hot). */
static const struct eldef *kids[EL__COUNT][PX_MAX_KIDS];
static const char *kid_name[EL__COUNT][PX_MAX_KIDS];
static size_t nkids[EL__COUNT];

static void
kids_init(void)
{
	static bool done;
	size_t i;

	if (done)
		return;
	for (i = 0; i < NELTAB; i++) {
		enum el p = eltab[i].parent;
		const char *name = strrchr(eltab[i].path, '/');

		assert(nkids[p] < PX_MAX_KIDS);	/* programmer invariant */
		kid_name[p][nkids[p]] = name != NULL ? name + 1 : eltab[i].path;
		kids[p][nkids[p]++] = &eltab[i];
	}
	done = true;
}

/*
 * libxml2 hands every element name over as a pointer into its per-parse
 * dictionary, where equal names are one pointer: with the table's names
 * interned in the same dictionary, a lookup is a few pointer compares.
 */
int
px_intern(struct px *px, xmlDictPtr dict)
{
	size_t p, i;

	for (p = 0; p < EL__COUNT; p++)
		for (i = 0; i < nkids[p]; i++)
			if ((px->kid_name[p][i] = xmlDictLookup(dict,
			    (const xmlChar *)kid_name[p][i], -1)) == NULL)
				return -1;
	return 0;
}

const struct eldef *
px_lookup_dict(const struct px *px, enum el parent, const xmlChar *name)
{
	size_t i;

	for (i = 0; i < nkids[parent]; i++)
		if (px->kid_name[parent][i] == name)
			return kids[parent][i];
	return NULL;
}

void
px_unknown(struct px *px, enum el parent, const char *name, bool foreign)
{
	const char *where = "feedback";
	char clip[48];
	size_t i;

	/* Namespaced extensions and 9990's <extension> are expected. */
	if (foreign || strcmp(name, "extension") == 0 ||
	    strcmp(name, "extensions") == 0)
		return;
	if (parent == EL_META && strcmp(name, "data_range") == 0)
		px->saw_data_range = true;
	for (i = 0; i < NELTAB; i++)
		if (eltab[i].el == parent) {
			where = eltab[i].path;
			break;
		}
	norm_clip(name, 40, clip, sizeof(clip));
	px_warn(px, R_W_UNKNOWN_ELEMENT, "unknown",
	    "unknown element <%s> in %s skipped", clip, where);
}

int
px_seen(struct px *px, const struct eldef *d)
{
	if (px->seen[d->el] && !d->multi)
		return dr_fail(px->err, R_DUPLICATE_FIELD, "%s occurs twice",
		    d->path);
	px->seen[d->el] = true;
	if (d->el == EL_IDENT && strcmp(d->path, "record/identities") == 0)
		px_warn(px, R_W_UNKNOWN_ELEMENT, "identities",
		    "record/identities read as record/identifiers");
	return 0;
}

/* Forgets which children of el were seen (el opens again). */
static void
clear_children(struct px *px, enum el el)
{
	size_t i;

	for (i = 0; i < nkids[el]; i++)
		px->seen[kids[el][i]->el] = false;
}

int
px_open(struct px *px, const struct eldef *d)
{
	void *e = (void *)1;
	int i;

	clear_children(px, d->el);
	switch (d->el) {
	case EL_FEEDBACK:
		px->rep.schema = px->schema;
		break;
	case EL_RECORD:
		if (px->rep.record_count >= px->lim->max_records)
			return dr_fail(px->err, R_TOO_MANY_RECORDS,
			    "more than %lld records",
			    (long long)px->lim->max_records);
		px_rec_reset(px);
		/* the record's descendants follow EL_RECORD in enum el */
		for (i = EL_RECORD + 1; i < EL__COUNT; i++)
			px->seen[i] = false;
		break;
	case EL_REASON:
		e = px_entry_add(px, (void **)&px->reasons, &px->n_reasons,
		    &px->cap_reasons, sizeof(*px->reasons), "reasons");
		break;
	case EL_DKIM:
		e = px_entry_add(px, (void **)&px->dkim, &px->n_dkim,
		    &px->cap_dkim, sizeof(*px->dkim), "DKIM results");
		break;
	case EL_SPF:
		e = px_entry_add(px, (void **)&px->spf, &px->n_spf,
		    &px->cap_spf, sizeof(*px->spf), "SPF results");
		break;
	default:
		break;
	}
	return e == NULL ? -1 : 0;
}

static int
set_policy_word(struct px *px, const char **slot, char *v, const char *path,
    const char *const *ok)
{
	norm_lower(v);
	if (*v != '\0' && ok != NULL) {
		for (; *ok != NULL && strcmp(*ok, v) != 0; ok++)
			;
		if (*ok == NULL)
			px_warn_word(px, path, v);
	}
	return px_setstr(px, slot, v);
}

static const char *const policies[] = { "none", "quarantine", "reject", NULL };
static const char *const modes[] = { "r", "s", NULL };
static const char *const yes_no[] = { "n", "y", NULL };
static const char *const discovery[] = { "psl", "treewalk", NULL };

static int
leaf_policy(struct px *px, enum el el, char *v)
{
	struct dmarc_report *rep = &px->rep;
	struct dr_err e = DR_ERR_INIT;
	int64_t pct;

	switch (el) {
	case EL_P_DOMAIN:
		return px_setstr(px, &rep->policy_domain, v);
	case EL_ADKIM:
		return set_policy_word(px, &rep->adkim, v, "adkim", modes);
	case EL_ASPF:
		return set_policy_word(px, &rep->aspf, v, "aspf", modes);
	case EL_P:
		return set_policy_word(px, &rep->p, v, "p", policies);
	case EL_SP:
		return set_policy_word(px, &rep->sp, v, "sp", policies);
	case EL_NP:
		return set_policy_word(px, &rep->np, v, "np", policies);
	case EL_FO:
		return set_policy_word(px, &rep->fo, v, "fo", NULL);
	case EL_TESTING:
		return set_policy_word(px, &rep->testing, v, "testing", yes_no);
	case EL_DISCOVERY:
		return set_policy_word(px, &rep->discovery, v,
		    "discovery_method", discovery);
	case EL_PCT:
		/* Removed by RFC 9990 and informational only: never fatal. */
		if (norm_int64(v, &pct, R_BAD_INTEGER, "pct", &e) == -1 ||
		    pct > 100) {
			px_warn_word(px, "pct", v);
			rep->pct = -1;
		} else
			rep->pct = (int)pct;
		return 0;
	default:
		return 0;
	}
}

/* A date_range timestamp; "1337270400.0" is read as 1337270400 with one
 * warning per report (the reporter writes every timestamp so). */
static int
leaf_time(struct px *px, int64_t *out, const char *v, const char *path)
{
	char clip[48];
	bool dec;

	if (norm_timestamp(v, out, &dec, path, px->err) == -1)
		return -1;
	if (dec) {
		norm_clip(v, 32, clip, sizeof(clip));
		px_warn(px, R_W_DECIMAL_TIME, "decimal-timestamp",
		    "%s \"%s\" read as %lld", path, clip, (long long)*out);
	}
	/* Milliseconds since the epoch (a few reporters' bug): seconds. */
	if (*out >= DR_MS_TIMESTAMP) {
		*out /= 1000;
		px_warn(px, R_W_MS_TIME, "millisecond-timestamp",
		    "%s in milliseconds: read as %lld", path, (long long)*out);
	}
	return 0;
}

static int
leaf_meta(struct px *px, enum el el, char *v)
{
	struct dmarc_report *rep = &px->rep;
	char **n;

	switch (el) {
	case EL_VERSION:
		return px_setstr(px, &rep->version, v);
	case EL_ORG_NAME:
		return px_setstr(px, &rep->org_name, v);
	case EL_EMAIL:
		return px_setstr(px, &rep->email, *v != '\0' ? v : NULL);
	case EL_EXTRA:
		return px_setstr(px, &rep->extra_contact, v);
	case EL_REPORT_ID:
		return px_setstr(px, &rep->report_id, v);
	case EL_GENERATOR:
		return px_setstr(px, &rep->generator, v);
	case EL_ERROR:
		if (px->n_errors >= DR_MAX_AUTH_PER_RECORD)
			return dr_fail(px->err, R_TOO_MANY_ENTRIES,
			    "more than %d report_metadata/error",
			    DR_MAX_AUTH_PER_RECORD);
		n = realloc(px->errors, (px->n_errors + 1) * sizeof(*n));
		if (n == NULL)
			return dr_fail(px->err, R_NOMEM, "out of memory");
		px->errors = n;
		if ((n[px->n_errors] = strdup(v)) == NULL)
			return dr_fail(px->err, R_NOMEM, "out of memory");
		px->n_errors++;
		return 0;
	case EL_BEGIN:
		px->has_begin = true;
		return leaf_time(px, &rep->date_begin, v, "date_range/begin");
	case EL_END:
		px->has_end = true;
		return leaf_time(px, &rep->date_end, v, "date_range/end");
	default:
		return leaf_policy(px, el, v);
	}
}

int
px_leaf(struct px *px, enum el el, char *v)
{
	if (el >= EL_RECORD)	/* the record's descendants follow it */
		return px_rec_leaf(px, el, v);
	return leaf_meta(px, el, v);
}

/*
 * Dates a real report never has (util/limits.h): 1970-01-01 or before,
 * more than a year after now, begin after end, a range over 92 days.  Such a report
 * would overlap every window of every summary.
 */
static int
date_range_check(struct px *px)
{
	const struct dmarc_report *r = &px->rep;
	int64_t now = (int64_t)time(NULL), t[2] = { r->date_begin, r->date_end };
	bool has[2] = { px->has_begin, px->has_end };
	size_t i;

	for (i = 0; i < 2; i++)
		if (has[i] && (t[i] < DR_MIN_REPORT_TIME ||
		    t[i] > now + DR_MAX_FUTURE_SECONDS))
			return dr_fail(px->err, R_DATE_OUT_OF_RANGE,
			    "date_range/%s %lld is not after 1970-01-01 or is"
			    " more than a year ahead", i == 0 ? "begin" : "end",
			    (long long)t[i]);
	if (!px->has_begin || !px->has_end)
		return 0;
	if (r->date_begin > r->date_end)
		return dr_fail(px->err, R_BAD_DATE_RANGE,
		    "date_range begin %lld after end %lld",
		    (long long)r->date_begin, (long long)r->date_end);
	if (r->date_end - r->date_begin > DR_MAX_REPORT_RANGE)
		return dr_fail(px->err, R_BAD_DATE_RANGE,
		    "date_range of %lld days (at most 92)",
		    (long long)((r->date_end - r->date_begin) / 86400));
	return 0;
}

int
px_close(struct px *px, enum el el)
{
	switch (el) {
	case EL_FEEDBACK:
		px->closed = true;
		return 0;
	case EL_DATE_RANGE:
		return date_range_check(px);
	case EL_RECORD:
		return px_rec_finish(px);
	case EL_REASON:
		if (px->reasons[px->n_reasons - 1].type == NULL)
			px->reasons[px->n_reasons - 1].type = "other";
		return 0;
	case EL_SPF:
		if (!px->seen[EL_S_SCOPE])
			px->spf[px->n_spf - 1].scope = "mfrom";
		return 0;
	default:
		return 0;
	}
}

/* The brief 1.5 checks on a complete document. */
static int
rep_check(struct px *px)
{
	struct dmarc_report *rep = &px->rep;
	const char *miss = NULL;

	if (!px->closed)
		miss = "feedback";
	else if (!px->seen[EL_META])
		miss = "report_metadata";
	else if (rep->org_name == NULL)
		miss = "report_metadata/org_name";
	else if (!px->seen[EL_EMAIL])
		miss = "report_metadata/email";
	else if (rep->report_id == NULL || *rep->report_id == '\0')
		miss = "report_metadata/report_id";
	else if (!px->seen[EL_DATE_RANGE])
		miss = px->saw_data_range ? "report_metadata/date_range "
		    "(found the misspelt data_range)" :
		    "report_metadata/date_range";
	else if (!px->has_begin)
		miss = "date_range/begin";
	else if (!px->has_end)
		miss = "date_range/end";
	else if (!px->seen[EL_POLICY])
		miss = "policy_published";
	else if (rep->policy_domain == NULL || *rep->policy_domain == '\0')
		miss = "policy_published/domain";
	else if (rep->p == NULL || *rep->p == '\0')
		miss = "policy_published/p";
	if (miss != NULL)
		return dr_fail(px->err, R_MISSING_FIELD, "missing %s", miss);
	/* A reporter that saw no mail says so with an empty report: it is
	 * stored (it proves the reporter alive), not set aside, where an
	 * admin could do nothing about it. */
	if (rep->record_count == 0)
		px_warn(px, R_W_NO_RECORDS, "no-records",
		    "report holds no record: stored with 0 messages");
	return 0;
}

int
px_finish(struct px *px)
{
	struct dmarc_report *rep = &px->rep;
	int64_t w;
	size_t i;

	if (rep_check(px) == -1)
		return -1;
	if ((rep->sp == NULL || *rep->sp == '\0') &&
	    px_setstr(px, &rep->sp, rep->p) == -1)
		return -1;
	w = rep->date_end - rep->date_begin;
	if (w < 23 * 3600 || w > 25 * 3600)
		px_warn(px, R_W_WINDOW, "window",
		    "report window is %lld seconds", (long long)w);
	for (i = 0; i < 2; i++)
		if (px->odd_eval[i] > 1)
			px_warn_append(px, R_W_NONSTANDARD, eval_path[i],
			    " (%lld records)", (long long)px->odd_eval[i]);
	rep->errors = (const char *const *)px->errors;
	rep->n_errors = px->n_errors;
	digest_report(rep, &px->rec_hash, rep->digest);
	if (px_begin(px) == -1)
		return -1;
	for (i = 0; px->sink->warn != NULL && i < px->n_warns; i++)
		px->sink->warn(px->sink->ctx, px->warns[i].r,
		    px->warns[i].detail);
	if (px->sink->end != NULL &&
	    px->sink->end(px->sink->ctx, rep, px->err) == -1)
		return dr_fail(px->err, R_INTERNAL, "sink end failed");
	return 0;
}

struct px *
px_new(const struct dr_input *in, const struct rua_sink *sink,
    const struct dr_limits *lim, struct dr_err *err)
{
	struct px *px;

	kids_init();
	/* The feed buffer apart and not zeroed: calloc of 64 KiB per report
	 * was 6% of a small message's CPU. */
	if ((px = calloc(1, sizeof(*px))) == NULL)
		return NULL;
	if ((px->feed = malloc(PX_FEED)) == NULL) {
		free(px);
		return NULL;
	}
	px->in = in;
	px->sink = sink;
	px->lim = lim;
	px->err = err;
	px->skip_depth = -1;
	px->rep.pct = -1;
	buf_init(&px->val, lim->max_field_len);
	buf_init(&px->pend, lim->max_field_len);
	sha256_init(&px->rec_hash);
	return px;
}

void
px_free(struct px *px)
{
	struct dmarc_report *rep;
	size_t i;

	if (px == NULL)
		return;
	rep = &px->rep;
	px_rec_reset(px);
	free(px->dkim);
	free(px->spf);
	free(px->reasons);
	px_xfree(rep->org_name);
	px_xfree(rep->email);
	px_xfree(rep->extra_contact);
	px_xfree(rep->report_id);
	px_xfree(rep->generator);
	px_xfree(rep->version);
	px_xfree(rep->policy_domain);
	px_xfree(rep->p);
	px_xfree(rep->sp);
	px_xfree(rep->np);
	px_xfree(rep->adkim);
	px_xfree(rep->aspf);
	px_xfree(rep->fo);
	px_xfree(rep->testing);
	px_xfree(rep->discovery);
	for (i = 0; i < px->n_errors; i++)
		free(px->errors[i]);
	free(px->errors);
	buf_release(&px->val);
	buf_release(&px->pend);
	free(px->feed);
	free(px);
}
