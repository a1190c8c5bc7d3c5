/*
 * report/cmd_check.c -- `dmarc-report check DOMAIN... [--selector S]...
 * [--ip A]... [--sender LOCAL@DOMAIN] [--helo NAME] [--timeout MS]
 * [--tries N]`: DMARC, SPF, DKIM and MX as DNS says today
 * (report/check/check.h), as tables (text/CSV) or one JSON document.
 *
 * The database is optional here: when it exists, the DKIM selectors seen
 * in stored auth results for each domain are checked too, and the results
 * are stored with their time (dns_checks) when it is writable
 * (sql/report/check-selectors.sql reads the selectors).
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "report/report.h"
#include "report/check/check.h"
#include "report/out/out.h"
#include "report/dns/resolver.h"
#include "store/idn.h"
#include "store/read.h"
#include "store/store.h"
#include "util/limits.h"

#define CHECK_MAX_ARG_SEL	16
#define CHECK_MAX_ARG_IPS	256

/* LEVEL and FINDING are CSV only: there the findings follow the checks
 * in the one table, with status, detail and record empty. */
enum { C_DOMAIN, C_CHECK, C_STATUS, C_DETAIL, C_RECORD, C_LEVEL, C_FINDING,
	C__N };
static const struct out_col check_cols[C__N] = {
	[C_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[C_CHECK] = { "check", "CHECK", COL_STR },
	[C_STATUS] = { "status", "STATUS", COL_STR },
	[C_DETAIL] = { "detail", "DETAIL", COL_STR },
	[C_RECORD] = { "record", "RECORD", COL_STR },
	[C_LEVEL] = { "level", "LEVEL", COL_STR },
	[C_FINDING] = { "finding", "FINDING", COL_STR },
};

enum { F_DOMAIN, F_CHECK, F_LEVEL, F_TEXT, F__N };
static const struct out_col find_cols[F__N] = {
	[F_DOMAIN] = { "domain", "DOMAIN", COL_STR },
	[F_CHECK] = { "check", "CHECK", COL_STR },
	[F_LEVEL] = { "level", "LEVEL", COL_STR },
	[F_TEXT] = { "finding", "FINDING", COL_STR },
};

struct check_args {
	char		**domains;
	size_t		  n_domains;
	char		**idn;		/* owned A-label forms of UTF-8 names */
	size_t		  n_idn;
	bool		  nomem;	/* parse_args() ran out of memory */
	const char	 *sel[CHECK_MAX_ARG_SEL];
	size_t		  n_sel;
	const char	 *ips[CHECK_MAX_ARG_IPS];
	size_t		  n_ips;
	const char	 *sender;	/* SPF %{s}, %{l}, %{o}, or NULL */
	const char	 *helo;		/* SPF %{h}, or NULL */
	int		  timeout_ms;
	int		  tries;
};

/*
 * An SPF identity as given on the command line: the evaluator's buffers
 * (report/check/spf_eval.h) bound its length, and a control byte cannot
 * be printed back safely.  A sender needs its '@' (RFC 7208 4.3:
 * "@example.net" is fine, the local-part becomes postmaster); anything
 * else is evaluated as given, spaces included (a quoted local-part, a
 * broken HELO), so that it gets the result a receiver would give it.
 */
static int
spf_identity_ok(const char *opt, const char *v, size_t max)
{
	const unsigned char *p;

	if (*v == '\0' || strlen(v) > max)
		return report_msg(-1, "check: %s must be 1 to %zu bytes", opt,
		    max);
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p < ' ' || *p == 0x7f)
			return report_msg(-1, "check: %s contains a control "
			    "byte", opt);
	if (strcmp(opt, "--sender") == 0 && strchr(v, '@') == NULL)
		return report_msg(-1, "check: --sender is LOCAL@DOMAIN");
	return 0;
}

static int
parse_args(struct check_args *a, const struct report_opts *ro, int argc,
    char **argv)
{
	int i;
	char *end;
	long v;

	/* the config file's dns-timeout and dns-tries, else the defaults */
	a->timeout_ms = ro->dns_timeout_ms > 0 ? ro->dns_timeout_ms :
	    DR_DNS_TIMEOUT_MS;
	a->tries = ro->dns_tries > 0 ? ro->dns_tries : DR_DNS_TRIES;
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];

		if (o[0] != '-') {
			char idn[DR_DOMAIN_BUF];

			if (a->n_domains >= DR_CHECK_MAX_DOMAINS)
				return report_msg(-1, "check: too many domains");
			if (!idn_is_unicode(o)) {
				a->domains[a->n_domains++] = argv[i];
				continue;
			}
			/* a UTF-8 name is looked up by its A-labels */
			if (idn_to_ascii(o, idn, sizeof(idn)) == -1)
				return report_msg(-1, "check: '%s' is not a valid"
				    " domain name", o);
			if ((a->idn[a->n_idn] = strdup(idn)) == NULL) {
				a->nomem = true;
				return -1;
			}
			a->domains[a->n_domains++] = a->idn[a->n_idn++];
			continue;
		}
		if (i + 1 >= argc)
			return report_msg(-1, "check: %s needs a value", o);
		if (strcmp(o, "--selector") == 0) {
			if (a->n_sel >= CHECK_MAX_ARG_SEL)
				return report_msg(-1, "check: too many selectors");
			a->sel[a->n_sel++] = argv[++i];
		} else if (strcmp(o, "--ip") == 0) {
			if (a->n_ips >= CHECK_MAX_ARG_IPS)
				return report_msg(-1, "check: too many --ip");
			a->ips[a->n_ips++] = argv[++i];
		} else if (strcmp(o, "--sender") == 0) {
			a->sender = argv[++i];
			if (spf_identity_ok(o, a->sender, sizeof(((struct
			    spf_eval *)0)->sender) - 1) == -1)
				return -1;
		} else if (strcmp(o, "--helo") == 0) {
			a->helo = argv[++i];
			if (spf_identity_ok(o, a->helo, sizeof(((struct
			    spf_eval *)0)->helo) - 1) == -1)
				return -1;
		} else if (strcmp(o, "--timeout") == 0 ||
		    strcmp(o, "--tries") == 0) {
			bool is_timeout = strcmp(o, "--timeout") == 0;
			long hard = is_timeout ? DR_HARD_DNS_TIMEOUT_MS :
			    DR_HARD_DNS_TRIES;

			errno = 0;
			v = strtol(argv[++i], &end, 10);
			if (*end != '\0' || end == argv[i] || errno != 0 || v < 1)
				return report_msg(-1, "check: bad %s '%s'", o,
				    argv[i]);
			/* refused, never clamped: a longer wait only hides a
			 * dead resolver (util/limits.h) */
			if (v > hard)
				return report_msg(-1, "check: %s %ld is above the"
				    " hard limit %ld", o, v, hard);
			*(is_timeout ? &a->timeout_ms : &a->tries) = (int)v;
		} else {
			return report_msg(-1, "check: unknown option '%s'", o);
		}
	}
	if (a->n_domains == 0)
		return report_msg(-1, "check: give at least one domain");
	return 0;
}

/* Opens the database when it exists: writable if possible. */
static struct store *
open_store(const char *path)
{
	struct dr_err err = DR_ERR_INIT;
	struct store *st = NULL;

	if (path != NULL && store_is_pg(path)) {
		if (store_open(&st, path, STORE_REPORT_RW, &err) == 0)
			return st;
		report_msg(0, "check: database not used: %s", err.detail);
		return NULL;
	}
	if (path == NULL || access(path, F_OK) == -1)
		return NULL;
	if (access(path, W_OK) == 0 &&
	    store_open(&st, path, STORE_RW, &err) == 0)
		return st;
	dr_err_clear(&err);
	if (store_open(&st, path, STORE_RO, &err) == 0)
		return st;
	report_msg(0, "check: database not used: %s", err.detail);
	return NULL;
}

/*
 * Selectors: the command line's, then those seen in stored results (s,
 * report/check-selectors, NULL without a database).  The database is
 * optional here: when it cannot be read, s is closed and set to NULL with
 * a note, and the check goes on with the given selectors.
 */
static int
selectors_for(struct store_stmt **sp, const char *domain,
    const struct check_args *a, char ***out, size_t *n)
{
	struct dr_err err = DR_ERR_INIT;
	struct store_stmt *s = *sp;
	char **v;
	size_t i;
	int rc = 0;

	*n = 0;
	if ((v = calloc(DR_CHECK_MAX_SELECTORS, sizeof(*v))) == NULL)
		return -1;
	*out = v;
	for (i = 0; i < a->n_sel && *n < DR_CHECK_MAX_SELECTORS; i++)
		if ((v[(*n)++] = strdup(a->sel[i])) == NULL)
			return -1;
	if (s == NULL)
		return 0;
	store_stmt_reset(s);
	if (store_stmt_bind_text(s, 1, domain, &err) == -1)
		goto fail;
	while (*n < DR_CHECK_MAX_SELECTORS && (rc = store_stmt_step(s, &err)) == 1) {
		const char *sel = store_stmt_col_text(s, 0);
		bool dup = false;

		for (i = 0; i < *n; i++)
			dup |= strcasecmp(v[i], sel) == 0;
		if (!dup && (v[(*n)++] = strdup(sel)) == NULL)
			break;
	}
	if (rc == -1)
		goto fail;
	store_stmt_reset(s);
	return 0;
fail:
	report_msg(0, "check: database not used: %s", err.detail);
	store_stmt_close(s);
	*sp = NULL;
	return 0;
}

static void
add_findings(struct out_table *t, const char *dom, const char *check,
    const char *level, const struct dnsmsg *m)
{
	size_t i;
	long k;

	for (i = 0; m != NULL && i < m->n; i++) {
		if ((k = out_row(t)) < 0)
			return;
		out_str(t, k, F_DOMAIN, dom);
		out_str(t, k, F_CHECK, check);
		out_str(t, k, F_LEVEL, level);
		out_str(t, k, F_TEXT, m->text[i]);
	}
}

/* The detail of a part whose lookup failed: never blank, never "none". */
static void
could_not(char *out, size_t outlen, const char *cause)
{
	(void)snprintf(out, outlen, "could not check (%s)", cause ? cause :
	    "DNS error");
}

static void
row(struct out_table *t, const char *dom, const char *check,
    const char *status, const char *detail, const char *record)
{
	long k;

	if ((k = out_row(t)) < 0)
		return;
	out_str(t, k, C_DOMAIN, dom);
	out_str(t, k, C_CHECK, check);
	out_str(t, k, C_STATUS, status);
	out_str(t, k, C_DETAIL, detail);
	out_str(t, k, C_RECORD, record);
}

static void
tabulate(struct out_table *t, struct out_table *f,
    const struct check_result *r)
{
	const struct dmarc_txt *d = &r->dmarc.rec;
	char detail[512], check[400];
	size_t i;

	detail[0] = '\0';
	if (r->dmarc.record != NULL && d->is_dmarc)
		snprintf(detail, sizeof(detail), "p=%s sp=%s pct=%d at %s",
		    d->p == DMARC_P_INVALID ? "invalid" : d->p ==
		    DMARC_P_ABSENT ? "-" : dmarc_policy_name(d->p),
		    dmarc_policy_name(d->eff_sp) ? dmarc_policy_name(d->eff_sp) :
		    "-", d->pct < 0 ? 100 : d->pct, r->dmarc.name);
	if (r->dmarc.cause != NULL)
		could_not(detail, sizeof(detail), r->dmarc.cause);
	row(t, r->domain, "dmarc", r->dmarc.status, detail, r->dmarc.record);
	add_findings(f, r->domain, "dmarc", "error", &r->dmarc.errors);
	add_findings(f, r->domain, "dmarc", "warning", &r->dmarc.warnings);
	for (i = 0; i < r->n_rua; i++)
		if (r->rua[i].external) {
			snprintf(check, sizeof(check), "rua %s", r->rua[i].host);
			if (r->rua[i].authorized < 0)
				could_not(detail, sizeof(detail),
				    r->rua[i].cause);
			row(t, r->domain, check, r->rua[i].authorized == 1 ?
			    "authorized" : r->rua[i].authorized == 0 ?
			    "not-authorized" : "temperror",
			    r->rua[i].authorized < 0 ? detail : r->rua[i].uri,
			    NULL);
		}
	snprintf(detail, sizeof(detail), "lookups %d/%d, void %d/%d",
	    r->spf.lookups, SPF_MAX_LOOKUPS, r->spf.voids, SPF_MAX_VOIDS);
	if (r->spf.cause != NULL)
		could_not(detail, sizeof(detail), r->spf.cause);
	row(t, r->domain, "spf", r->spf.status, detail, r->spf.record);
	add_findings(f, r->domain, "spf", "error", &r->spf.errors);
	add_findings(f, r->domain, "spf", "warning", &r->spf.warnings);
	for (i = 1; i < r->spf.n_ips; i++) {
		const struct check_ip *ci = &r->spf.ips[i];

		snprintf(check, sizeof(check), "spf %s", ci->ip);
		row(t, r->domain, check, ci->ok ?
		    spf_result_name(ci->ev->result) : "bad-ip", ci->ok ?
		    (ci->ev->cause[0] ? ci->ev->cause : ci->ev->mechanism) :
		    "not an IP address", NULL);
	}
	for (i = 0; i < r->n_dkim; i++) {
		const struct check_dkim *k = &r->dkim[i];

		snprintf(check, sizeof(check), "dkim %s", k->selector);
		detail[0] = '\0';
		if (k->record != NULL && k->key.key_bits > 0)
			snprintf(detail, sizeof(detail), "%s %d bits%s%s",
			    k->key.key_type, k->key.key_bits,
			    k->cname[0] ? " via CNAME " : "", k->cname);
		if (k->cause != NULL)
			could_not(detail, sizeof(detail), k->cause);
		row(t, r->domain, check, k->status, detail, k->record);
		add_findings(f, r->domain, check, "error", &k->errors);
		if (k->record != NULL) {
			add_findings(f, r->domain, check, "error",
			    &k->key.errors);
			add_findings(f, r->domain, check, "warning",
			    &k->key.warnings);
		}
	}
	detail[0] = '\0';
	for (i = 0; i < r->n_mx; i++) {
		size_t len = strlen(detail);

		snprintf(detail + len, sizeof(detail) - len, "%s%s",
		    i ? ", " : "", r->mx[i]);
	}
	if (r->mx_cause != NULL)
		could_not(detail, sizeof(detail), r->mx_cause);
	row(t, r->domain, "mx", r->mx_status, detail, NULL);
}

/* Appends the findings of f to t as rows with level and finding. */
static void
csv_findings(struct out_table *t, const struct out_table *f)
{
	const struct out_cell *c;
	size_t r;
	long k;

	for (r = 0; r < f->nrows; r++) {
		if ((k = out_row(t)) < 0)
			return;
		c = &f->cells[r * F__N];
		out_str(t, k, C_DOMAIN, c[F_DOMAIN].s);
		out_str(t, k, C_CHECK, c[F_CHECK].s);
		out_str(t, k, C_LEVEL, c[F_LEVEL].s);
		out_str(t, k, C_FINDING, c[F_TEXT].s);
	}
}

static int
write_out(struct report_ctx *ctx, const struct check_result *res, size_t n)
{
	struct out_table t, f;
	struct json_writer w;
	size_t i;
	int rc = 0;

	if (ctx->opts.format == FMT_JSON) {
		json_init(&w, ctx->out, true);
		json_obj_begin(&w);
		json_key(&w, "what");
		json_str(&w, "check");
		json_key(&w, "domains");
		json_arr_begin(&w);
		for (i = 0; i < n; i++)
			check_json(&w, &res[i]);
		json_arr_end(&w);
		json_obj_end(&w);
		return json_finish(&w);
	}
	out_table_init(&t, check_cols, C__N);
	out_table_init(&f, find_cols, F__N);
	for (i = 0; i < n; i++)
		tabulate(&t, &f, &res[i]);
	t.hide_text = (1ULL << C_LEVEL) | (1ULL << C_FINDING);
	if (ctx->opts.format == FMT_CSV)
		csv_findings(&t, &f);
	if (t.failed || f.failed)
		rc = -1;
	else if (ctx->opts.format == FMT_CSV)
		rc = out_csv_write(ctx->out, &t);
	else if (out_text_write_fit(ctx->out, &t, ctx->opts.term_cols) == -1 ||
	    (f.nrows > 0 && (fputc('\n', ctx->out) == EOF ||
	    out_text_write_fit(ctx->out, &f, ctx->opts.term_cols) == -1)))
		rc = -1;
	out_table_release(&t);
	out_table_release(&f);
	return rc;
}

static bool
is_temperror(const char *status)
{
	return status != NULL && strcmp(status, "temperror") == 0;
}

/*
 * The exit status of a check whose output was written (util/exits.def):
 * DX_UNAVAILABLE when any lookup failed (a temperror is not an answer:
 * the run must not look like a clean bill of health), else DX_ATTENTION
 * when a record has an error (the FINDING lines at level error), else
 * DX_OK.  Says which on stderr, once.
 */

/* True when the resolver counted a failed lookup in this run. */
static bool
has_tally(void)
{
	struct dns_tally t;
	size_t i;

	resolver_tally(&t);
	for (i = 0; i < DNS_STATUS_N; i++)
		if (t.failed[i] > 0)
			return true;
	return false;
}

static int
check_exit(const struct check_result *res, size_t n)
{
	size_t i, j, failed = 0, errors = 0;

	for (i = 0; i < n; i++) {
		const struct check_result *r = &res[i];

		failed += is_temperror(r->dmarc.status) +
		    is_temperror(r->spf.status) + is_temperror(r->mx_status);
		for (j = 0; j < r->n_rua; j++)
			failed += r->rua[j].external &&
			    r->rua[j].authorized == -1;
		for (j = 1; j < r->spf.n_ips; j++)
			failed += r->spf.ips[j].ok &&
			    r->spf.ips[j].ev->result == SPF_TEMPERROR;
		errors += r->dmarc.errors.n + r->spf.errors.n;
		for (j = 0; j < r->n_dkim; j++) {
			failed += is_temperror(r->dkim[j].status);
			errors += r->dkim[j].errors.n;
			if (r->dkim[j].record != NULL)
				errors += r->dkim[j].key.errors.n;
		}
	}
	/* main() says each failed lookup's cause (report_dns_failures());
	 * this line only when none was counted there. */
	if (failed > 0 && !has_tally())
		return report_msg(DX_UNAVAILABLE, "%s: %zu check%s could not be"
		    " done (DNS timeout or server failure: temperror is not an"
		    " answer); run it again", dr_reason_id(R_DNS_FAILED),
		    failed, failed == 1 ? "" : "s");
	if (failed > 0)
		return DX_UNAVAILABLE;
	if (errors > 0)
		return report_msg(DX_ATTENTION, "check: %zu error%s found in"
		    " the records (see the findings)", errors, errors == 1 ?
		    "" : "s");
	return DX_OK;
}

int
cmd_check(struct report_ctx *ctx, int argc, char **argv)
{
	struct dr_err err = DR_ERR_INIT;
	struct check_args a;
	struct check_req *reqs = NULL;
	struct check_result *res = NULL;
	struct resolver *r = NULL;
	struct store *st = NULL, *wst = NULL;
	struct store_stmt *sel_q = NULL;
	char ***sels = NULL;
	size_t i, k, n = 0;
	int rc = DX_SOFTWARE;

	memset(&a, 0, sizeof(a));
	if ((a.domains = calloc((size_t)argc + 1, sizeof(char *))) == NULL ||
	    (a.idn = calloc((size_t)argc + 1, sizeof(char *))) == NULL)
		goto done;
	if (parse_args(&a, &ctx->opts, argc, argv) == -1 || ctx->opts.no_dns) {
		if (a.nomem)
			goto done;
		if (ctx->opts.no_dns)
			report_msg(0, "check: --no-dns makes no sense here");
		report_usage(stderr, ctx->cmd);
		rc = DX_USAGE;
		goto done;
	}
	n = a.n_domains;
	st = ctx->st != NULL ? ctx->st : open_store(ctx->opts.db_path);
	if ((reqs = calloc(n, sizeof(*reqs))) == NULL ||
	    (sels = calloc(n, sizeof(*sels))) == NULL)
		goto done;
	if (st != NULL && store_stmt_open(st, "report/check-selectors", &sel_q,
	    &err) == -1) {
		report_msg(0, "check: database not used: %s", err.detail);
		dr_err_clear(&err);
	}
	for (i = 0; i < n; i++) {
		reqs[i].domain = a.domains[i];
		if (selectors_for(&sel_q, a.domains[i], &a, &sels[i],
		    &reqs[i].n_selectors) == -1)
			goto done;
		reqs[i].selectors = (const char *const *)sels[i];
		reqs[i].ips = a.ips;
		reqs[i].n_ips = a.n_ips;
		reqs[i].sender = a.sender;
		reqs[i].helo = a.helo;
	}
	store_stmt_close(sel_q);
	sel_q = NULL;
	if (resolver_new(&r, ctx->opts.dns_server, a.timeout_ms, a.tries,
	    &err) == -1 || check_run(r, reqs, n, &res, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	/* A standby: the results go to the primary --write-db names. */
	if (st != NULL && store_is_readonly(st) &&
	    store_is_pg(ctx->opts.db_path) && ctx->opts.write_db != NULL &&
	    store_is_pg(ctx->opts.write_db)) {
		if (store_open(&wst, ctx->opts.write_db, STORE_REPORT_RW,
		    &err) == -1) {
			report_msg(0, "check: results not stored: %s", err.detail);
			dr_err_clear(&err);
		}
	}
	if (wst != NULL && check_store(wst, res, n, &err) == -1) {
		report_msg(0, "check: results not stored: %s", err.detail);
		dr_err_clear(&err);
	} else if (wst == NULL && st != NULL &&
	    check_store(st, res, n, &err) == -1) {
		report_msg(0, "check: results not stored: %s", err.detail);
		dr_err_clear(&err);
	}
	rc = write_out(ctx, res, n) == -1 ? DX_SOFTWARE : check_exit(res, n);
done:
	store_stmt_close(sel_q);
	check_results_free(res, n);
	resolver_free(r);
	for (i = 0; sels != NULL && i < n; i++) {
		for (k = 0; sels[i] != NULL && k < DR_CHECK_MAX_SELECTORS; k++)
			free(sels[i][k]);
		free(sels[i]);
	}
	free(sels);
	free(reqs);
	free(a.domains);
	for (i = 0; a.idn != NULL && i < a.n_idn; i++)
		free(a.idn[i]);
	free(a.idn);
	if (st != ctx->st)
		store_close(st);
	store_close(wst);
	return rc;
}
