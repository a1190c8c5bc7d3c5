/*
 * report/query/alerts.c -- the detectors of `dmarc-report alerts` (see
 * alerts.h): each runs one statement of sql/report/alerts-*.sql and turns
 * its rows into alerts.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/query/alerts.h"
#include "report/query/opts.h"
#include "store/read.h"
#include "util/limits.h"

#define DAY	INT64_C(86400)

void
alerts_init(struct alerts *a)
{
	memset(a, 0, sizeof(*a));
}

static void
alert_release(struct alert *x)
{
	free(x->domain);
	free(x->subject);
	free(x->key);
	free(x->value);
	free(x->text);
	free(x->cmd);
}

void
alerts_release(struct alerts *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		alert_release(&a->v[i]);
	free(a->v);
	alerts_init(a);
}

/* Cuts s (NUL-terminated, in a buffer of at least max + 8 bytes) to at
 * most max bytes at a UTF-8 boundary, marking the cut. */
static void
cut_text(char *s, size_t max)
{
	size_t i = max;

	if (strlen(s) <= max)
		return;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	memcpy(s + i, "[cut]", 6);
}

/* A copy of s at most n bytes long (cut at a UTF-8 boundary, marked). */
static char *
quote_dup(const char *s, size_t n)
{
	char *d;
	size_t len;

	if (s == NULL)
		s = "";
	len = strlen(s);
	if ((d = malloc((len < n ? len : n) + 8)) == NULL)
		return NULL;
	memcpy(d, s, len < n ? len : n);
	d[len < n ? len : n] = '\0';
	if (len > n) {
		d[n] = s[n];
		d[n + 1] = '\0';
		cut_text(d, n);
	}
	return d;
}

/* Domains are stored lower case already; subjects (reporters' org keys,
 * DNS names, reasons) are lower-cased into the key (ASCII only). */
int
alerts_add_v(struct alerts *a, enum alert_sev sev, const char *kind,
    const char *domain, const char *subject, const char *value, int64_t count,
    const char *cmd, struct dr_err *err, const char *fmt, ...)
{
	struct alert *x, *nv;
	char text[DR_ALERT_TEXT_MAX + 8];
	va_list ap;
	size_t klen, i, ncap;
	int n;

	if (a->n >= DR_ALERTS_MAX) {
		a->truncated = true;
		return 0;
	}
	if (a->n == a->cap) {
		ncap = a->cap ? a->cap * 2 : 16;
		if ((nv = realloc(a->v, ncap * sizeof(*nv))) == NULL)
			return dr_fail(err, R_NOMEM, "alerts");
		a->v = nv;
		a->cap = ncap;
	}
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return dr_fail(err, R_INTERNAL, "alert text");
	text[sizeof(text) - 1] = '\0';
	cut_text(text, DR_ALERT_TEXT_MAX);
	x = &a->v[a->n];
	memset(x, 0, sizeof(*x));
	x->sev = sev;
	x->kind = kind;
	x->count = count;
	x->is_new = true;
	klen = strlen(kind) + (domain ? strlen(domain) : 0) +
	    (subject ? strlen(subject) : 0) + 3;
	if ((domain && (x->domain = strdup(domain)) == NULL) ||
	    (subject && (x->subject = strdup(subject)) == NULL) ||
	    (x->value = strdup(value ? value : "")) == NULL ||
	    (x->text = strdup(text)) == NULL ||
	    (cmd && (x->cmd = strdup(cmd)) == NULL) ||
	    (x->key = malloc(klen)) == NULL) {
		alert_release(x);
		return dr_fail(err, R_NOMEM, "alerts");
	}
	(void)snprintf(x->key, klen, "%s|%s|%s", kind, domain ? domain : "",
	    subject ? subject : "");
	for (i = 0; x->key[i]; i++)
		x->key[i] = (char)tolower((unsigned char)x->key[i]);
	a->n++;
	return 0;
}

/* "192.0.2.0/24" or "2001:db8:1::/48"; "" when ip is not an address. */
static void
ip_network(const char *ip, char *out, size_t outlen)
{
	unsigned char b[16];
	char t[INET6_ADDRSTRLEN];

	out[0] = '\0';
	if (inet_pton(AF_INET, ip, b) == 1) {
		b[3] = 0;
		if (inet_ntop(AF_INET, b, t, sizeof(t)) != NULL)
			(void)snprintf(out, outlen, "%s/24", t);
	} else if (inet_pton(AF_INET6, ip, b) == 1) {
		memset(b + 6, 0, 10);
		if (inet_ntop(AF_INET6, b, t, sizeof(t)) != NULL)
			(void)snprintf(out, outlen, "%s/48", t);
	}
}

static int
digits(int64_t v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static const char *
col(struct store_stmt *s, int i)
{
	const char *t = store_stmt_col_text(s, i);

	return t != NULL ? t : "";
}

static int
new_sources(struct store_stmt *s, const struct alert_opts *o,
    struct alerts *a, struct dr_err *err)
{
	char net[80], day[16], cmd[DR_DOMAIN_BUF + 80], val[16];
	const char *dom, *ip;
	int64_t n;
	int rc;

	window_fmt_day(o->start, day, sizeof(day));
	while ((rc = store_stmt_step(s, err)) == 1) {
		dom = col(s, 0);
		ip = col(s, 1);
		n = store_stmt_col_int64(s, 2);
		ip_network(ip, net, sizeof(net));
		(void)snprintf(cmd, sizeof(cmd), "dmarc-report failures --domain %s"
		    " --since %s", dom, day);
		/* raised again when the volume grows tenfold */
		(void)snprintf(val, sizeof(val), "%d", digits(n));
		if (alerts_add_v(a, ALERT_CRIT, "new-source", dom, ip, val, n, cmd, err,
		    "new failing source %s (network %s): %" PRId64 " messages"
		    " failed DMARC as %s since %s, never before", ip,
		    net[0] ? net : "?", n, dom, day) == -1)
			return -1;
	}
	return rc;
}

/* Rate in tenths of a percent. */
static int64_t
permille(int64_t part, int64_t whole)
{
	return whole > 0 ? (int64_t)((__int128)part * 1000 / whole) : 0;
}

static int
jumps(struct store_stmt *s, const struct alert_opts *o, struct alerts *a,
    struct dr_err *err)
{
	char cmd[DR_DOMAIN_BUF + 80], day[16];
	const char *dom;
	int64_t cm, cp, pm, pp, rc_, rp, fc, fp;
	int rc;

	window_fmt_day(o->prev_start, day, sizeof(day));
	while ((rc = store_stmt_step(s, err)) == 1) {
		dom = col(s, 0);
		cm = store_stmt_col_int64(s, 1);
		cp = store_stmt_col_int64(s, 2);
		pm = store_stmt_col_int64(s, 3);
		pp = store_stmt_col_int64(s, 4);
		if (cm < o->min_messages || pm < o->min_messages)
			continue;
		(void)snprintf(cmd, sizeof(cmd), "dmarc-report summary --domain %s"
		    " --since %s", dom, day);
		rc_ = permille(cp, cm);
		rp = permille(pp, pm);
		if (rp - rc_ > (int64_t)o->drop_points * 10 &&
		    alerts_add_v(a, ALERT_WARN, "pass-rate-drop", dom, "rate", "",
		    cm, cmd, err, "DMARC pass rate of %s fell from %" PRId64 ".%"
		    PRId64 "%% to %" PRId64 ".%" PRId64 "%% (%" PRId64 " messages,"
		    " against %" PRId64 " in the %" PRId64 " days before)", dom,
		    rp / 10, rp % 10, rc_ / 10, rc_ % 10, cm, pm,
		    (o->start - o->prev_start) / DAY) == -1)
			return -1;
		fc = cm - cp;
		fp = pm - pp;
		if (fc >= o->min_failing && (double)fc > o->growth * (double)fp &&
		    alerts_add_v(a, ALERT_WARN, "failing-growth", dom, "failing", "",
		    fc, cmd, err, "failing messages as %s grew from %" PRId64
		    " to %" PRId64 " (more than %gx the previous %" PRId64
		    " days)", dom, fp, fc, o->growth,
		    (o->start - o->prev_start) / DAY) == -1)
			return -1;
	}
	return rc;
}

static int
silent(struct store_stmt *s, const struct alert_opts *o, struct alerts *a,
    struct dr_err *err)
{
	char cmd[DR_DOMAIN_BUF + 80], day[16], since[16];
	const char *dom;
	int64_t n, last;
	int rc;

	window_fmt_day(o->now - (int64_t)o->silent_weeks * 7 * DAY, since,
	    sizeof(since));
	while ((rc = store_stmt_step(s, err)) == 1) {
		dom = col(s, 0);
		n = store_stmt_col_int64(s, 3);
		last = store_stmt_col_int64(s, 4);
		window_fmt_day(last, day, sizeof(day));
		(void)snprintf(cmd, sizeof(cmd), "dmarc-report reports --domain %s"
		    " --since %s", dom, since);
		if (alerts_add_v(a, ALERT_WARN, "silent-reporter", dom, col(s, 1), "",
		    n, cmd, err, "reporter %s sent %" PRId64 " reports about %s"
		    " in the last %d weeks, none after %s (%" PRId64 " days):"
		    " is rua still delivered?", col(s, 2), n, dom,
		    o->silent_weeks, day, (o->now - last) / DAY) == -1)
			return -1;
	}
	return rc;
}

static int
set_aside(struct store_stmt *s, struct alerts *a, struct dr_err *err)
{
	char val[24], *path = NULL, *part = NULL, *detail = NULL, *org = NULL,
	    *rid = NULL;
	int64_t n;
	int rc, ret = -1;

	while ((rc = store_stmt_step(s, err)) == 1) {
		n = store_stmt_col_int64(s, 1);
		(void)snprintf(val, sizeof(val), "%" PRId64,
		    store_stmt_col_int64(s, 2));
		if ((path = quote_dup(col(s, 3), DR_QUOTE_LEN * 2)) == NULL ||
		    (part = quote_dup(col(s, 4), DR_QUOTE_LEN)) == NULL ||
		    (detail = quote_dup(col(s, 5), DR_QUOTE_LEN * 2)) == NULL ||
		    (org = quote_dup(col(s, 6), DR_QUOTE_LEN)) == NULL ||
		    (rid = quote_dup(col(s, 7), DR_QUOTE_LEN)) == NULL) {
			dr_fail(err, R_NOMEM, "alerts");
			goto done;
		}
		if (alerts_add_v(a, ALERT_NOTE, "set-aside", NULL, col(s, 0), val, n,
		    "dmarc-report reports --rejected --all-rejected", err,
		    "%" PRId64 " input%s set aside by the ingest: %s; newest %s%s%s"
		    "%s%s%s%s%s%s%s", n, n == 1 ? "" : "s", col(s, 0), path,
		    *part ? " part " : "", part, *detail ? ": " : "", detail,
		    *org ? " (reporter " : "", org, *rid ? ", report " : "", rid,
		    *org ? ")" : "") == -1)
			goto done;
		free(path);
		free(part);
		free(detail);
		free(org);
		free(rid);
		path = part = detail = org = rid = NULL;
	}
	ret = rc;
done:
	free(path);
	free(part);
	free(detail);
	free(org);
	free(rid);
	return ret;
}

/* Runs statement name with ?1 = each domain in scope (or NULL once) and
 * the int parameters p[0..np) from ?2 on; each run's rows go to fn. */
static int
run_scoped(struct store *st, const char *name, const struct alert_opts *o,
    const int64_t *p, int np, int (*fn)(struct store_stmt *,
    const struct alert_opts *, struct alerts *, struct dr_err *),
    struct alerts *a, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	size_t d, nd = o->n_domains ? o->n_domains : 1;
	int i, ret = -1;

	if (store_stmt_open(st, name, &s, err) == -1)
		return -1;
	for (d = 0; d < nd; d++) {
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, o->n_domains ? o->domains[d] : NULL,
		    err) == -1)
			goto done;
		for (i = 0; i < np; i++)
			if (store_stmt_bind_int64(s, i + 2, p[i], err) == -1)
				goto done;
		if (fn(s, o, a, err) == -1)
			goto done;
	}
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}

int
alerts_from_db(struct store *st, const struct alert_opts *o, struct alerts *a,
    struct dr_err *err)
{
	struct store_stmt *s = NULL;
	int64_t pn[] = { o->start, o->now, o->min_failing, DR_ALERTS_MAX };
	int64_t pj[] = { o->start, o->now, o->prev_start };
	int64_t ps[] = { o->now - (int64_t)o->silent_weeks * 7 * DAY, o->now,
	    o->now - (int64_t)o->silent_days * DAY, o->silent_min };
	int ret = -1;

	if (run_scoped(st, o->sources_fresh ? "report/alerts-new-sources" :
	    "report/alerts-new-sources-scan", o, pn, 4, new_sources, a,
	    err) == -1 ||
	    run_scoped(st, "report/alerts-domain-windows", o, pj, 3, jumps, a,
	    err) == -1 ||
	    run_scoped(st, "report/alerts-silent", o, ps, 4, silent, a,
	    err) == -1)
		return -1;
	if (store_stmt_open(st, "report/alerts-set-aside", &s, err) == -1)
		return -1;
	if ((o->mark >= 0 ? store_stmt_bind_int64(s, 1, o->mark, err) :
	    store_stmt_bind_null(s, 1, err)) == -1 ||
	    store_stmt_bind_int64(s, 2, o->setaside_since, err) == -1 ||
	    set_aside(s, a, err) == -1)
		goto done;
	ret = 0;
done:
	store_stmt_close(s);
	return ret;
}
