/*
 * report/check/check_out.c -- what the DNS checks give to others: the JSON form
 * (`check --format json`, and the summary_json stored per state), the
 * short policy summary for failures/summary/html, and storage with time.
 *
 * Every string here comes from DNS and is hostile: it leaves only through
 * the JSON writer (escaped) or as a bound SQL parameter.  The statements
 * are sql/report/check-last.sql, check-update.sql and check-insert.sql.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/check/check.h"
#include "report/out/out_json.h"
#include "store/read.h"
#include "store/store.h"

static void
json_msgs(struct json_writer *w, const char *key, const struct dnsmsg *a,
    const struct dnsmsg *b)
{
	size_t i;

	json_key(w, key);
	json_arr_begin(w);
	for (i = 0; a != NULL && i < a->n; i++)
		json_str(w, a->text[i]);
	for (i = 0; b != NULL && i < b->n; i++)
		json_str(w, b->text[i]);
	json_arr_end(w);
}

static bool
is_temp_status(const char *s)
{
	return s != NULL && strcmp(s, "temperror") == 0;
}

static void
json_valid(struct json_writer *w, const char *status, bool valid)
{
	json_key(w, "valid");
	if (is_temp_status(status))
		json_null(w);
	else
		json_bool(w, valid);
}

static void
json_policy(struct json_writer *w, const char *key, enum dmarc_policy p,
    bool have)
{
	json_key(w, key);
	if (!have || p == DMARC_P_ABSENT)
		json_null(w);
	else
		json_str(w, p == DMARC_P_INVALID ? "invalid" :
		    dmarc_policy_name(p));
}

/* "cause": why a temperror part could not be checked, or null. */
static void
json_cause(struct json_writer *w, const char *key, const char *cause)
{
	json_key(w, key);
	json_str(w, cause);
}

static void
json_dmarc(struct json_writer *w, const struct check_result *res)
{
	const struct check_dmarc *d = &res->dmarc;
	const struct dmarc_txt *rec = &d->rec;
	bool have = d->record != NULL && rec->is_dmarc;
	size_t i;

	json_obj_begin(w);
	json_key(w, "status");
	json_str(w, d->status);
	json_cause(w, "cause", d->cause);
	json_key(w, "name");
	json_str(w, d->name[0] ? d->name : NULL);
	json_key(w, "record");
	json_str(w, d->record);
	json_valid(w, d->status, strcmp(d->status, "ok") == 0);
	json_policy(w, "p", rec->p, have);
	json_policy(w, "sp", rec->sp != DMARC_P_ABSENT ? rec->sp :
	    rec->eff_sp, have && rec->applies);
	json_policy(w, "np", rec->np, have);
	json_key(w, "pct");
	if (have && rec->pct >= 0)
		json_int(w, rec->pct);
	else
		json_null(w);
	json_key(w, "adkim");
	json_str(w, have ? (rec->adkim == 's' ? "s" : "r") : NULL);
	json_key(w, "aspf");
	json_str(w, have ? (rec->aspf == 's' ? "s" : "r") : NULL);
	json_key(w, "rua");
	json_arr_begin(w);
	for (i = 0; i < res->n_rua; i++) {
		json_obj_begin(w);
		json_key(w, "uri");
		json_str(w, res->rua[i].uri);
		json_key(w, "host");
		json_str(w, res->rua[i].host[0] ? res->rua[i].host : NULL);
		json_key(w, "external");
		json_bool(w, res->rua[i].external);
		json_key(w, "authorized");
		if (res->rua[i].authorized < 0)
			json_null(w);
		else
			json_bool(w, res->rua[i].authorized == 1);
		json_cause(w, "cause", res->rua[i].cause);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_msgs(w, "errors", &d->errors, NULL);
	json_msgs(w, "warnings", &d->warnings, NULL);
	json_obj_end(w);
}

static void
json_spf(struct json_writer *w, const struct check_result *res)
{
	const struct check_spf *s = &res->spf;
	size_t i;

	json_obj_begin(w);
	json_key(w, "status");
	json_str(w, s->status);
	json_cause(w, "cause", s->cause);
	json_key(w, "record");
	json_str(w, s->record);
	json_valid(w, s->status, s->valid);
	json_key(w, "lookups");
	json_int(w, s->lookups);
	json_key(w, "void_lookups");
	json_int(w, s->voids);
	json_msgs(w, "errors", &s->errors, NULL);
	json_msgs(w, "warnings", &s->warnings, NULL);
	json_key(w, "ip_results");
	json_arr_begin(w);
	for (i = 1; i < s->n_ips; i++) {
		const struct check_ip *ci = &s->ips[i];

		json_obj_begin(w);
		json_key(w, "ip");
		json_str(w, ci->ip);
		json_key(w, "result");
		json_str(w, ci->ok ? spf_result_name(ci->ev->result) : NULL);
		json_key(w, "mechanism");
		json_str(w, ci->ok && ci->ev->mechanism[0] ?
		    ci->ev->mechanism : NULL);
		json_key(w, "cause");
		json_str(w, !ci->ok ? "not an IP address" :
		    ci->ev->cause[0] ? ci->ev->cause : NULL);
		json_key(w, "lookups");
		json_int(w, ci->ev->lookups);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

static void
json_dkim(struct json_writer *w, const struct check_dkim *k)
{
	bool have = k->record != NULL;

	json_obj_begin(w);
	json_key(w, "selector");
	json_str(w, k->selector);
	json_key(w, "name");
	json_str(w, k->name[0] ? k->name : NULL);
	json_key(w, "status");
	json_str(w, k->status);
	json_cause(w, "cause", k->cause);
	json_key(w, "cname");
	json_str(w, k->cname[0] ? k->cname : NULL);
	json_key(w, "record");
	json_str(w, k->record);
	json_valid(w, k->status, strcmp(k->status, "ok") == 0);
	json_key(w, "revoked");
	json_bool(w, have && k->key.revoked);
	json_key(w, "key_type");
	json_str(w, have ? k->key.key_type : NULL);
	json_key(w, "key_bits");
	if (have && k->key.key_bits > 0)
		json_int(w, k->key.key_bits);
	else
		json_null(w);
	json_key(w, "testing");
	json_bool(w, have && k->key.testing);
	json_msgs(w, "errors", &k->errors, have ? &k->key.errors : NULL);
	json_msgs(w, "warnings", have ? &k->key.warnings : NULL, NULL);
	json_obj_end(w);
}

static void
json_mx(struct json_writer *w, const struct check_result *res)
{
	size_t i;

	json_arr_begin(w);
	for (i = 0; i < res->n_mx; i++)
		json_str(w, res->mx[i]);
	json_arr_end(w);
}

void
check_json(struct json_writer *w, const struct check_result *res)
{
	size_t i;

	json_obj_begin(w);
	json_key(w, "domain");
	json_str(w, res->domain);
	json_key(w, "org_domain");
	json_str(w, res->org_domain);
	json_key(w, "checked_at");
	json_int(w, res->checked_at);
	json_key(w, "dmarc");
	json_dmarc(w, res);
	json_key(w, "spf");
	json_spf(w, res);
	json_key(w, "dkim");
	json_arr_begin(w);
	for (i = 0; i < res->n_dkim; i++)
		json_dkim(w, &res->dkim[i]);
	json_arr_end(w);
	json_key(w, "mx_status");
	json_str(w, res->mx_status);
	json_cause(w, "mx_cause", res->mx_cause);
	json_key(w, "mx");
	json_mx(w, res);
	json_obj_end(w);
}

void
check_summarize(const struct check_result *res, struct check_summary *sum)
{
	const struct check_dmarc *d = &res->dmarc;
	size_t i;

	memset(sum, 0, sizeof(*sum));
	if (d->record == NULL || !d->rec.is_dmarc) {
		sum->dmarc_p = is_temp_status(d->status) ? "temperror" : "none";
		sum->dmarc_sp = sum->dmarc_p;
	} else {
		sum->dmarc_p = d->rec.p == DMARC_P_ABSENT ? "none (absent)" :
		    d->rec.p == DMARC_P_INVALID ? "invalid" :
		    dmarc_policy_name(d->rec.p);
		sum->dmarc_sp = d->rec.sp == DMARC_P_INVALID ? "invalid" :
		    dmarc_policy_name(d->rec.eff_sp);
		if (sum->dmarc_sp == NULL)
			sum->dmarc_sp = "none";
	}
	sum->spf_valid = is_temp_status(res->spf.status) ? -1 :
	    res->spf.valid ? 1 : 0;
	sum->spf_lookups = res->spf.lookups;
	for (i = 0; i < res->n_dkim; i++) {
		if (is_temp_status(res->dkim[i].status))
			continue;
		if (strcmp(res->dkim[i].status, "ok") == 0)
			sum->dkim_ok++;
		else
			sum->dkim_broken++;
	}
}

const char *
check_ip_verdict(const struct check_result *res, const char *ip,
    const char **mechanism)
{
	size_t i;

	for (i = 1; i < res->spf.n_ips; i++) {
		const struct check_ip *ci = &res->spf.ips[i];

		if (strcmp(ci->ip, ip) != 0)
			continue;
		if (!ci->ok)
			return NULL;
		if (mechanism != NULL)
			*mechanism = ci->ev->result == SPF_PERMERROR ||
			    ci->ev->result == SPF_TEMPERROR ? ci->ev->cause :
			    ci->ev->mechanism;
		return spf_result_name(ci->ev->result);
	}
	return NULL;
}

/* ---- storage ---- */

struct part {
	const char	*kind;
	const char	*name;
	const char	*status;
	const char	*record;
	int		 valid;
	char		*json;
};

/* The statements of check_store(), opened once per call. */
struct check_stmts {
	struct store_stmt	*last;	/* report/check-last */
	struct store_stmt	*upd;	/* report/check-update */
	struct store_stmt	*ins;	/* report/check-insert */
};

static int
store_part(struct check_stmts *q, const char *domain, const struct part *p,
    int64_t now, struct dr_err *err)
{
	struct store_stmt *s = q->last;
	int64_t id = -1;
	int rc, ret = -1;

	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
	    store_stmt_bind_text(s, 2, p->kind, err) == -1 ||
	    store_stmt_bind_text(s, 3, p->name, err) == -1 ||
	    (rc = store_stmt_step(s, err)) == -1)
		goto done;
	if (rc == 1) {
		const char *st = store_stmt_col_text(s, 1);
		const char *rec = store_stmt_col_text(s, 2);

		if (st != NULL && strcmp(st, p->status) == 0 &&
		    ((rec == NULL && p->record == NULL) || (rec != NULL &&
		    p->record != NULL && strcmp(rec, p->record) == 0)))
			id = store_stmt_col_int64(s, 0);
	}
	store_stmt_reset(s);
	if (id >= 0) {
		s = q->upd;
		store_stmt_reset(s);
		if (store_stmt_bind_int64(s, 1, now, err) == -1 ||
		    store_stmt_bind_int64(s, 2, p->valid, err) == -1 ||
		    store_stmt_bind_text(s, 3, p->json, err) == -1 ||
		    store_stmt_bind_int64(s, 4, id, err) == -1)
			goto done;
	} else {
		s = q->ins;
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, domain, err) == -1 ||
		    store_stmt_bind_text(s, 2, p->kind, err) == -1 ||
		    store_stmt_bind_text(s, 3, p->name, err) == -1 ||
		    store_stmt_bind_text(s, 4, p->status, err) == -1 ||
		    store_stmt_bind_text(s, 5, p->record, err) == -1 ||
		    store_stmt_bind_int64(s, 6, p->valid, err) == -1 ||
		    store_stmt_bind_text(s, 7, p->json, err) == -1 ||
		    store_stmt_bind_int64(s, 8, now, err) == -1)
			goto done;
	}
	if (store_stmt_step(s, err) == -1)
		goto done;
	ret = 0;
done:
	store_stmt_reset(s);
	return ret;
}

/* Renders one part's JSON into a malloc'ed string. */
static char *
part_json(const struct check_result *res, const char *kind, size_t k)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	json_init(&w, fp, false);
	if (strcmp(kind, "dmarc") == 0)
		json_dmarc(&w, res);
	else if (strcmp(kind, "spf") == 0)
		json_spf(&w, res);
	else if (strcmp(kind, "dkim") == 0)
		json_dkim(&w, &res->dkim[k]);
	else
		json_mx(&w, res);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *
mx_text(const struct check_result *res)
{
	size_t i, len = 1, o = 0, k;
	char *s;

	if (res->n_mx == 0)
		return NULL;
	for (i = 0; i < res->n_mx; i++)
		len += strlen(res->mx[i]) + 1;
	if ((s = calloc(1, len)) == NULL)
		return NULL;
	for (i = 0; i < res->n_mx; i++) {
		if (i > 0)
			s[o++] = '\n';
		k = strlen(res->mx[i]);
		memcpy(s + o, res->mx[i], k);
		o += k;
	}
	s[o] = '\0';
	return s;
}

static int
store_one(struct check_stmts *q, const struct check_result *res,
    struct dr_err *err)
{
	struct part p;
	char dname[300];
	char *mx = NULL;
	size_t k;
	int rc = 0;

	snprintf(dname, sizeof(dname), "%s", res->dmarc.name[0] ?
	    res->dmarc.name : "");
	if (dname[0] == '\0')
		snprintf(dname, sizeof(dname), "_dmarc.%s", res->domain);
	for (k = 0; k < 3 + res->n_dkim && rc == 0; k++) {
		memset(&p, 0, sizeof(p));
		if (k == 0) {
			p = (struct part){ "dmarc", dname, res->dmarc.status,
			    res->dmarc.record, strcmp(res->dmarc.status, "ok") ==
			    0, NULL };
		} else if (k == 1) {
			p = (struct part){ "spf", res->domain, res->spf.status,
			    res->spf.record, res->spf.valid, NULL };
		} else if (k == 2) {
			mx = mx_text(res);
			p = (struct part){ "mx", res->domain, res->mx_status, mx,
			    strcmp(res->mx_status, "ok") == 0, NULL };
		} else {
			const struct check_dkim *d = &res->dkim[k - 3];

			p = (struct part){ "dkim", d->name, d->status, d->record,
			    strcmp(d->status, "ok") == 0, NULL };
		}
		/* not a state of DNS: nothing was asked */
		if (is_temp_status(p.status) ||
		    strcmp(p.status, "bad-selector") == 0)
			continue;
		if ((p.json = part_json(res, p.kind, k >= 3 ? k - 3 : 0)) ==
		    NULL)
			rc = dr_fail(err, R_NOMEM, "storing DNS checks");
		else
			rc = store_part(q, res->domain, &p, res->checked_at,
			    err);
		free(p.json);
	}
	free(mx);
	return rc;
}

/*
 * One transaction for all results.  When the write lock is not to be had
 * (an ingest holds it: R_DB_BUSY) nothing is stored and the caller notes
 * it; the check's output does not depend on storage.
 */
int
check_store(struct store *st, const struct check_result *res, size_t n,
    struct dr_err *err)
{
	struct check_stmts q = { NULL, NULL, NULL };
	size_t i;
	int ret = -1;

	if (store_cache_begin(st, err) == -1)
		return -1;
	if (store_stmt_open(st, "report/check-last", &q.last, err) == -1 ||
	    store_stmt_open(st, "report/check-update", &q.upd, err) == -1 ||
	    store_stmt_open(st, "report/check-insert", &q.ins, err) == -1)
		goto done;
	for (i = 0; i < n; i++)
		if (store_one(&q, &res[i], err) == -1)
			goto done;
	ret = 0;
done:
	store_stmt_close(q.last);
	store_stmt_close(q.upd);
	store_stmt_close(q.ins);
	if (ret == 0 && store_commit(st, err) == -1)
		ret = -1;
	if (ret == -1)
		store_rollback(st);
	return ret;
}
