/*
 * report/query/alerts_dns.c -- the DNS alerts (see alerts.h): what the
 * DNS checks stored in dns_checks, read back per domain.  A record whose
 * state changed since the window began is "dns-changed" (raised again for
 * each new state: the value is the state's row id); a DMARC or SPF record
 * that is not ok is "dns-invalid"; SPF over 10 lookups or 2 void lookups
 * is "spf-limit"; a DKIM selector the window's reports name that has no
 * key, a revoked, broken or weak (RSA under 2048 bits) one is "dkim-key".
 * Also the targets of the DNS checks and the sort of the alerts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/query/alerts.h"
#include "report/query/opts.h"
#include "store/read.h"
#include "util/limits.h"


static const char *
col(struct store_stmt *s, int i)
{
	const char *t = store_stmt_col_text(s, i);

	return t != NULL ? t : "";
}

/* A record shown in an alert: at most DR_QUOTE_LEN bytes, newlines (MX
 * hosts) as ", "; the output escapes the rest. */
static void
quote(const char *rec, char *out, size_t outlen)
{
	size_t i, o = 0;

	if (rec == NULL) {
		(void)snprintf(out, outlen, "no record");
		return;
	}
	for (i = 0; rec[i] && o + 8 < outlen && i < DR_QUOTE_LEN; i++) {
		if (rec[i] == '\n') {
			out[o++] = ',';
			out[o++] = ' ';
		} else
			out[o++] = rec[i];
	}
	/* never end inside a UTF-8 sequence */
	while (o > 0 && rec[i] && ((unsigned char)rec[i] & 0xC0) == 0x80 &&
	    ((unsigned char)out[o - 1] & 0x80)) {
		o--;
		i--;
	}
	if (rec[i] && o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
		o--;
	out[o] = '\0';
	if (rec[i])
		(void)snprintf(out + o, outlen - o, "...");
}

static bool
is_selector_used(const char *name, const char *domain,
    const char *const *sel, size_t n)
{
	char want[DR_DOMAIN_BUF + 80];
	size_t i;

	for (i = 0; i < n; i++) {
		(void)snprintf(want, sizeof(want), "%s._domainkey.%s", sel[i],
		    domain);
		if (strcasecmp(want, name) == 0)
			return true;
	}
	return false;
}

static int
one_object(struct store_stmt *s, const struct alert_opts *o, const char *dom,
    const char *const *sel, size_t n_sel, struct alerts *a,
    struct dr_err *err)
{
	const char *kind = col(s, 0), *name = col(s, 1), *status = col(s, 2);
	const char *rec = store_stmt_col_text(s, 3);
	int64_t id = store_stmt_col_int64(s, 4);
	int64_t first = store_stmt_col_int64(s, 5);
	bool changed = !store_stmt_col_is_null(s, 6);
	int64_t lookups = store_stmt_col_int64(s, 8);
	int64_t voids = store_stmt_col_int64(s, 9);
	int64_t bits = store_stmt_col_int64(s, 10);
	char cmd[DR_DOMAIN_BUF + 40], subj[DR_DOMAIN_BUF + 16], val[48],
	    q1[DR_QUOTE_LEN + 16],
	    q2[DR_QUOTE_LEN + 16], day[16];
	bool ok = strcmp(status, "ok") == 0;

	(void)snprintf(cmd, sizeof(cmd), "dmarc-report check %s", dom);
	/* SPF and MX share the name: the subject (and key) has the kind */
	(void)snprintf(subj, sizeof(subj), "%s:%s", kind, name);
	if (strcmp(kind, "dkim") == 0 && !is_selector_used(name, dom, sel, n_sel))
		return 0;
	if (changed && first >= o->start) {
		quote(store_stmt_col_text(s, 7), q1, sizeof(q1));
		quote(rec, q2, sizeof(q2));
		window_fmt_day(first, day, sizeof(day));
		(void)snprintf(val, sizeof(val), "%" PRId64, id);
		if (alerts_add_v(a, ALERT_WARN, "dns-changed", dom, subj, val, 0,
		    cmd, err, "%s record %s changed on %s: was %s \"%s\", now %s"
		    " \"%s\"", kind, name, day, col(s, 6), q1, status, q2) == -1)
			return -1;
	}
	if (strcmp(kind, "spf") == 0 && (lookups > 10 || voids > 2)) {
		(void)snprintf(val, sizeof(val), "%" PRId64 "/%" PRId64, lookups,
		    voids);
		return alerts_add_v(a, ALERT_CRIT, "spf-limit", dom, subj, val, 0,
		    cmd, err, "SPF of %s needs %" PRId64 " DNS lookups (limit 10)"
		    " and %" PRId64 " void lookups (limit 2): receivers get"
		    " permerror, SPF fails for every message", dom, lookups,
		    voids);
	}
	if ((strcmp(kind, "spf") == 0 || strcmp(kind, "dmarc") == 0) && !ok &&
	    strcmp(status, "none") == 0)	/* not "record ... is none" */
		return alerts_add_v(a, strcmp(kind, "spf") == 0 ? ALERT_WARN :
		    ALERT_CRIT, "dns-invalid", dom, subj, status, 0, cmd, err,
		    "no %s record at %s: %s", strcmp(kind, "spf") == 0 ? "SPF" :
		    "DMARC", name, strcmp(kind, "spf") == 0 ? "SPF is none for"
		    " every message, only aligned DKIM can pass DMARC" :
		    "receivers apply no DMARC policy to your mail");
	if ((strcmp(kind, "spf") == 0 || strcmp(kind, "dmarc") == 0) && !ok) {
		quote(rec, q2, sizeof(q2));
		return alerts_add_v(a, strcmp(status, "none") == 0 &&
		    strcmp(kind, "spf") == 0 ? ALERT_WARN : ALERT_CRIT,
		    "dns-invalid", dom, subj, status, 0, cmd, err,
		    "%s record %s is %s: \"%s\"", kind, name, status, q2);
	}
	if (strcmp(kind, "dkim") != 0)
		return 0;
	(void)snprintf(val, sizeof(val), "%s/%" PRId64, status, bits);
	if (!ok)
		return alerts_add_v(a, ALERT_CRIT, "dkim-key", dom, subj, val, 0,
		    cmd, err, "DKIM key %s, in use in this window's reports, is"
		    " %s: signatures with it fail", name,
		    strcmp(status, "none") == 0 ? "missing" : status);
	if (strcasecmp(col(s, 11), "rsa") == 0 && bits > 0 && bits < 2048)
		return alerts_add_v(a, ALERT_WARN, "dkim-key", dom, subj, val, 0,
		    cmd, err, "DKIM key %s, in use in this window's reports, is"
		    " weak: RSA of %" PRId64 " bits (use 2048)", name, bits);
	return 0;
}

int
alerts_dns(struct store *st, const struct alert_opts *o, const char *domain,
    const char *const *selectors, size_t n_sel, struct alerts *a,
    struct dr_err *err)
{
	struct store_stmt *s = NULL;
	int rc, ret = -1;

	if (store_stmt_open(st, "report/alerts-dns", &s, err) == -1 ||
	    store_stmt_bind_text(s, 1, domain, err) == -1)
		goto done;
	while ((rc = store_stmt_step(s, err)) == 1)
		if (one_object(s, o, domain, selectors, n_sel, a, err) == -1)
			goto done;
	if (rc == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

void
alerts_targets_release(struct alert_target *t, size_t n)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(t[i].domain);
		for (j = 0; j < t[i].n_selectors; j++)
			free(t[i].selectors[j]);
		free(t[i].selectors);
	}
	free(t);
}

static int
target_add(struct alert_target **t, size_t *n, size_t *cap, const char *dom,
    const char *sel)
{
	struct alert_target *x, *nv;
	char **ns;

	if (*n == 0 || strcmp((*t)[*n - 1].domain, dom) != 0) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			if ((nv = realloc(*t, *cap * sizeof(*nv))) == NULL)
				return -1;
			*t = nv;
		}
		x = &(*t)[(*n)++];
		memset(x, 0, sizeof(*x));
		if ((x->domain = strdup(dom)) == NULL)
			return -1;
	}
	x = &(*t)[*n - 1];
	if (sel == NULL || *sel == '\0' || x->n_selectors >= DR_CHECK_MAX_SELECTORS)
		return 0;
	if ((ns = realloc(x->selectors, (x->n_selectors + 1) * sizeof(*ns))) == NULL)
		return -1;
	x->selectors = ns;
	if ((ns[x->n_selectors] = strdup(sel)) == NULL)
		return -1;
	x->n_selectors++;
	return 0;
}

int
alerts_dns_targets(struct store *st, const struct alert_opts *o,
    struct alert_target **out, size_t *nout, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	struct alert_target *t = NULL;
	size_t n = 0, cap = 0, d, nd = o->n_domains ? o->n_domains : 1;
	int rc = 0, ret = -1;

	*out = NULL;
	*nout = 0;
	if (store_stmt_open(st, "report/alerts-window-selectors", &s, err) == -1)
		return -1;
	for (d = 0; d < nd; d++) {
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, o->n_domains ? o->domains[d] : NULL,
		    err) == -1 ||
		    store_stmt_bind_int64(s, 2, o->start, err) == -1 ||
		    store_stmt_bind_int64(s, 3, o->now, err) == -1 ||
		    store_stmt_bind_int64(s, 4, DR_ALERT_DNS_TARGETS, err) == -1)
			goto done;
		while ((rc = store_stmt_step(s, err)) == 1)
			if (target_add(&t, &n, &cap, col(s, 0),
			    store_stmt_col_text(s, 1)) == -1) {
				dr_fail(err, R_NOMEM, "alerts");
				n = n > 0 ? n : 0;
				goto done;
			}
		if (rc == -1)
			goto done;
	}
	*out = t;
	*nout = n;
	t = NULL;
	ret = 0;
done:
	alerts_targets_release(t, n);
	store_stmt_close(s);
	return ret;
}

static int
cmp_str(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

static int
cmp_alert(const void *p1, const void *p2)
{
	const struct alert *x = p1, *y = p2;
	int c;

	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	if ((c = strcmp(x->kind, y->kind)) != 0 ||
	    (c = cmp_str(x->domain, y->domain)) != 0)
		return c;
	return cmp_str(x->key, y->key);
}

void
alerts_sort(struct alerts *a)
{
	if (a->n > 1)
		qsort(a->v, a->n, sizeof(*a->v), cmp_alert);
}
