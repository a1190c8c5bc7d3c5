/*
 * report/query/readiness.c -- readiness for a stricter policy and the
 * inventory of senders (see readiness.h for the split of the messages).
 *
 * Verdict, per domain, in this order (thresholds in util/limits.h):
 *   not-enough-data       fewer than DR_READY_MIN_REPORTS reports,
 *                         DR_READY_MIN_REPORTERS reporters or
 *                         DR_READY_MIN_MESSAGES messages in the window
 *   fix-services-first    known-service (and own-server) failing mail
 *                         above DR_READY_FIX_PERMILLE of the legitimate
 *                         mail: those services are named with their fix
 *   ready-for-reject      the policy is already quarantine (or reject)
 *   ready-for-quarantine  otherwise: p=reject goes through quarantine
 * Advice adds "pct=25 first" when known-service failing mail is above
 * DR_READY_PCT_PERMILLE.  Forwarded and list failures never block: a
 * stricter policy hits them, the reasons say how many, and DKIM (which
 * survives plain forwarding) and ARC are their remedy.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/readiness.h"
#include "report/query/failures.h"
#include "util/count.h"
#include "util/limits.h"

const char *
readiness_verdict_word(enum ready_verdict v)
{
	static const char *const words[] = {
#define X(id, word) [id] = word,
		READY_VERDICTS(X)
#undef X
	};

	return (unsigned)v < RV__N ? words[v] : "?";
}

void
readiness_release(struct readiness *r)
{
	if (r == NULL)
		return;
	free(r->dom);
	free(r->groups);
	memset(r, 0, sizeof(*r));
}

static void
add(char *out, size_t len, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;

	if (n + 1 >= len)
		return;
	if (n > 0)
		(void)snprintf(out + n, len - n, "; ");
	n = strlen(out);
	va_start(ap, fmt);
	(void)vsnprintf(out + n, len - n, fmt, ap);
	va_end(ap);
}

/* p= and pct= of "p=reject sp=none adkim=r aspf=r pct=100". */
static void
policy_parse(const char *text, char *p, size_t plen, int *pct)
{
	const char *s;

	*pct = 100;
	p[0] = '\0';
	if (text == NULL)
		return;
	if (strncmp(text, "p=", 2) == 0)
		(void)snprintf(p, plen, "%.*s", (int)strcspn(text + 2, " "),
		    text + 2);
	if ((s = strstr(text, " pct=")) != NULL) {
		long v = strtol(s + 5, NULL, 10);

		*pct = v >= 0 && v <= 100 ? (int)v : 100;
	}
}

static struct ready_group *
group_of(struct readiness *r, size_t g0, const char *domain,
    const struct svc_class *c)
{
	struct ready_group *g;
	size_t i;

	for (i = g0; i < r->ngroups; i++)
		if (r->groups[i].svc == c->svc && r->groups[i].verdict == c->verdict)
			return &r->groups[i];
	if (r->ngroups == r->capgroups) {
		size_t cap = r->capgroups ? r->capgroups * 2 : 16;

		if ((g = realloc(r->groups, cap * sizeof(*g))) == NULL)
			return NULL;
		r->groups = g;
		r->capgroups = cap;
	}
	g = &r->groups[r->ngroups++];
	memset(g, 0, sizeof(*g));
	g->domain = domain;
	g->svc = c->svc;
	g->verdict = c->verdict;
	(void)snprintf(g->fix, sizeof(g->fix), "%s", c->fix);
	return g;
}

static int
group_cmp(const void *a, const void *b)
{
	const struct ready_group *x = a, *y = b;

	if (x->messages != y->messages)
		return x->messages > y->messages ? -1 : 1;
	if (x->failing != y->failing)
		return x->failing > y->failing ? -1 : 1;
	return (int)x->verdict - (int)y->verdict;
}

static bool
is_svc_fail(enum svc_verdict v)
{
	return v == SV_NOT_SET_UP || v == SV_YOURS || v == SV_ALIGNED;
}

/* part above permille of whole, without overflow (counts may saturate). */
static bool
above(int64_t part, int64_t whole, int permille)
{
	return (long double)part * 1000 > (long double)whole * permille;
}

/* Percentages of messages in tenths, rounded down, for the reasons. */
static void
pct_text(int64_t part, int64_t whole, char *out, size_t len)
{
	int64_t t = whole > 0 ? (int64_t)((long double)part * 1000 / whole) : 0;

	(void)snprintf(out, len, "%lld.%lld %%", (long long)(t / 10),
	    (long long)(t % 10));
}

static void
judge(struct readiness *r, struct ready_domain *d)
{
	char a[32];
	const char *stricter;
	size_t i, nfix = 0;
	bool pct_first;

	if (d->reports < DR_READY_MIN_REPORTS ||
	    d->reporters < DR_READY_MIN_REPORTERS ||
	    d->messages < DR_READY_MIN_MESSAGES) {
		d->verdict = RV_NOT_ENOUGH_DATA;
		(void)snprintf(d->advice, sizeof(d->advice), "wait for more reports");
		add(d->reasons, sizeof(d->reasons), "not enough data: %lld"
		    " reports from %lld reporters, %lld messages (needed: %d"
		    " reports, %d reporters, %d messages; widen the window with"
		    " --days or --since)", (long long)d->reports,
		    (long long)d->reporters, (long long)d->messages,
		    DR_READY_MIN_REPORTS, DR_READY_MIN_REPORTERS,
		    DR_READY_MIN_MESSAGES);
		return;
	}
	if (above(d->svc_fail, d->legit, DR_READY_FIX_PERMILLE)) {
		d->verdict = RV_FIX_FIRST;
		for (i = d->group0; i < d->group0 + d->ngroups; i++)
			if (r->groups[i].failing > 0 &&
			    is_svc_fail(r->groups[i].verdict))
				nfix++;
		(void)snprintf(d->advice, sizeof(d->advice), "keep p=%s",
		    d->policy_p[0] ? d->policy_p : "none");
		pct_text(d->svc_fail, d->legit, a, sizeof(a));
		add(d->reasons, sizeof(d->reasons), "fix %s first: %lld"
		    " legitimate messages (%s) would be hit", nfix == 1 ?
		    "this service" : "these services", (long long)d->svc_fail, a);
		for (i = d->group0; i < d->group0 + d->ngroups; i++) {
			const struct ready_group *g = &r->groups[i];

			if (g->failing > 0 && is_svc_fail(g->verdict))
				add(d->reasons, sizeof(d->reasons), "%s: %lld"
				    " failing messages: %s", g->svc != NULL ?
				    g->svc->name : "(no service known)",
				    (long long)g->failing, g->fix);
		}
	} else {
		bool at_least_q = strcmp(d->policy_p, "quarantine") == 0 ||
		    strcmp(d->policy_p, "reject") == 0;

		d->verdict = at_least_q ? RV_REJECT : RV_QUARANTINE;
		stricter = at_least_q ? "reject" : "quarantine";
		pct_first = above(d->svc_fail, d->legit, DR_READY_PCT_PERMILLE);
		if (strcmp(d->policy_p, "reject") == 0 && d->pct >= 100)
			(void)snprintf(d->advice, sizeof(d->advice),
			    "keep p=reject");
		else
			(void)snprintf(d->advice, sizeof(d->advice), "p=%s%s",
			    stricter, pct_first ? "; pct=25 first" : "");
		pct_text(d->svc_fail, d->legit, a, sizeof(a));
		add(d->reasons, sizeof(d->reasons), "legitimate mail: %lld"
		    " messages, %lld of them from known services failing (%s)",
		    (long long)d->legit, (long long)d->svc_fail, a);
		if (!at_least_q)
			add(d->reasons, sizeof(d->reasons), "p=reject: go through"
			    " quarantine first (the policy is p=%s)",
			    d->policy_p[0] ? d->policy_p : "none");
	}
	if (d->fwd_fail > 0)
		add(d->reasons, sizeof(d->reasons), "%lld forwarded or"
		    " mailing-list messages fail and would be hit too: no DNS fix"
		    " (forwarding breaks SPF), keep signing with DKIM",
		    (long long)d->fwd_fail);
	add(d->reasons, sizeof(d->reasons), "%lld spoofed messages from"
	    " unknown senders would be stopped", (long long)d->spoof);
}

static void
cls_from_array(void *arg, size_t k, struct svc_class *out)
{
	const struct svc_class *cls = arg;

	*out = cls[k];
}

int
readiness_compute(const struct summary_rows *sum, const struct fail_rows *rows,
    const struct svc_class *cls, const char *const *dns_p,
    struct readiness *out)
{
	return readiness_compute_fn(sum, rows, cls_from_array, (void *)cls,
	    dns_p, out);
}

/* A summary domain by name, for bsearch. */
struct dom_ix {
	const char	*name;
	size_t		 i;
};

static int
dom_ix_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dom_ix *)a)->name,
	    ((const struct dom_ix *)b)->name);
}

/*
 * The rows of each summary domain, in their order: rows of domain i are
 * by[first[i]] .. by[first[i + 1] - 1].  Rows of no summary domain are
 * left out.  One bsearch per row instead of a pass over every row per
 * domain (thousands of domains on a hosting provider's database).
 */
static int
rows_by_domain(const struct summary_rows *sum, const struct fail_rows *rows,
    size_t **by, size_t **first)
{
	struct dom_ix *ix = NULL, key, *hit;
	size_t *of = NULL, i, n;
	int ret = -1;

	*by = calloc(rows->n + 1, sizeof(**by));
	*first = calloc(sum->n + 2, sizeof(**first));
	if (*by == NULL || *first == NULL ||
	    (ix = calloc(sum->n + 1, sizeof(*ix))) == NULL ||
	    (of = calloc(rows->n + 1, sizeof(*of))) == NULL)
		goto done;
	for (i = 0; i < sum->n; i++) {
		ix[i].name = sum->v[i].domain;
		ix[i].i = i;
	}
	if (sum->n > 1)
		qsort(ix, sum->n, sizeof(*ix), dom_ix_cmp);
	for (i = 0; i < rows->n; i++) {
		key.name = rows->v[i].domain;
		hit = sum->n > 0 ? bsearch(&key, ix, sum->n, sizeof(*ix),
		    dom_ix_cmp) : NULL;
		of[i] = hit != NULL ? hit->i : sum->n;	/* sum->n: none */
		(*first)[of[i] + 1]++;
	}
	for (i = 1; i <= sum->n + 1; i++)
		(*first)[i] += (*first)[i - 1];
	/* fill: first[] as cursors, then shifted back */
	for (i = 0; i < rows->n; i++)
		(*by)[(*first)[of[i]]++] = i;
	for (n = sum->n + 1; n > 0; n--)
		(*first)[n] = (*first)[n - 1];
	(*first)[0] = 0;
	ret = 0;
done:
	free(ix);
	free(of);
	return ret;
}

int
readiness_compute_fn(const struct summary_rows *sum,
    const struct fail_rows *rows, readiness_cls_fn cls_of, void *arg,
    const char *const *dns_p, struct readiness *out)
{
	const struct fail_row *fr;
	struct ready_domain *d;
	struct ready_group *g;
	struct svc_class c;
	size_t i, j, k, *by = NULL, *first = NULL;
	int64_t pass;

	memset(out, 0, sizeof(*out));
	if ((out->dom = calloc(sum->n + 1, sizeof(*out->dom))) == NULL ||
	    rows_by_domain(sum, rows, &by, &first) == -1)
		goto fail;
	for (i = 0; i < sum->n; i++) {
		d = &out->dom[out->ndom++];
		d->domain = sum->v[i].domain;
		d->reports = sum->v[i].reports;
		d->reporters = sum->v[i].reporters;
		policy_parse(sum->v[i].policy, d->policy_p, sizeof(d->policy_p),
		    &d->pct);
		if (dns_p != NULL && dns_p[i] != NULL) {
			(void)snprintf(d->policy_p, sizeof(d->policy_p), "%s",
			    dns_p[i]);
			d->policy_from_dns = true;
		}
		d->group0 = out->ngroups;
		for (j = first[i]; j < first[i + 1]; j++) {
			k = by[j];
			fr = &rows->v[k];
			cls_of(arg, k, &c);
			g = group_of(out, d->group0, fr->domain, &c);
			if (g == NULL)
				goto fail;
			pass = dr_count_sub(fr->messages, fr->dmarc_fail);
			dr_count_acc(&g->messages, fr->messages);
			dr_count_acc(&g->failing, fr->dmarc_fail);
			dr_count_acc(&g->spf_ok, dr_count_sub(fr->messages,
			    fr->spf_fail));
			dr_count_acc(&g->dkim_ok, dr_count_sub(fr->messages,
			    fr->dkim_fail));
			g->ips++;
			dr_count_acc(&d->messages, fr->messages);
			dr_count_acc(&d->passing, pass);
			switch (c.verdict) {
			case SV_FORWARDED:
			case SV_MAILING_LIST:
				dr_count_acc(&d->fwd_fail, fr->dmarc_fail);
				break;
			case SV_UNKNOWN:
				dr_count_acc(&d->spoof, fr->dmarc_fail);
				break;
			default:
				dr_count_acc(&d->svc_fail, fr->dmarc_fail);
				break;
			}
		}
		d->ngroups = out->ngroups - d->group0;
		d->legit = dr_count_add(dr_count_add(d->passing, d->svc_fail),
		    d->fwd_fail);
		if (d->ngroups > 1)	/* qsort(NULL, 0, ...) is undefined */
			qsort(out->groups + d->group0, d->ngroups,
			    sizeof(*out->groups), group_cmp);
	}
	for (i = 0; i < out->ndom; i++)
		judge(out, &out->dom[i]);
	free(by);
	free(first);
	return 0;
fail:
	free(by);
	free(first);
	readiness_release(out);
	return -1;
}
