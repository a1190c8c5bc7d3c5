/*
 * report/dns/dnsrun.c -- per-run DNS answer set and query queue (see dnsrun.h).
 *
 * An open-addressing hash table of entries keyed by (type, name); the
 * table doubles at 50% load.  Entries are never removed during a run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/dns/dnsrun.h"
#include "util/hash.h"
#include "util/limits.h"

struct dnsrun_entry {
	char			*name;
	enum dns_type		 type;
	bool			 done;
	struct dns_answer	 ans;
	struct dnsrun		*run;
};

struct dnsrun {
	struct dnsrun_entry	**tab;
	size_t			 cap;
	size_t			 n;
	struct dnsrun_entry	**queue;
	size_t			 nq;
	size_t			 qcap;
	size_t			 sent;
	bool			 offline;
	bool			 failed;
};

int
dnsrun_new(struct dnsrun **out)
{
	struct dnsrun *run;

	*out = NULL;
	if ((run = calloc(1, sizeof(*run))) == NULL)
		return -1;
	run->cap = 256;
	if ((run->tab = calloc(run->cap, sizeof(*run->tab))) == NULL) {
		free(run);
		return -1;
	}
	*out = run;
	return 0;
}

static void
answer_clear(struct dns_answer *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->rr[i]);
	free(a->rr);
	free(a->cname);
	memset(a, 0, sizeof(*a));
}

void
dnsrun_free(struct dnsrun *run)
{
	size_t i;

	if (run == NULL)
		return;
	for (i = 0; i < run->cap; i++) {
		if (run->tab[i] == NULL)
			continue;
		answer_clear(&run->tab[i]->ans);
		free(run->tab[i]->name);
		free(run->tab[i]);
	}
	free(run->tab);
	free(run->queue);
	free(run);
}

int
dnsrun_norm(const char *name, char *out, size_t outlen)
{
	size_t len = strlen(name), i, label = 0;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > DR_MAX_DOMAIN_LEN || len + 1 > outlen)
		return -1;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c == '.') {
			if (label == 0)
				return -1;
			label = 0;
		} else if (++label > 63) {
			return -1;
		}
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	out[len] = '\0';
	return 0;
}

static uint64_t
hash(const char *name, enum dns_type type)
{
	return dr_fnv_bytes(DR_FNV_BASIS ^ (uint64_t)type, name, strlen(name));
}

static struct dnsrun_entry **
slot(struct dnsrun_entry **tab, size_t cap, const char *name,
    enum dns_type type)
{
	size_t i = (size_t)hash(name, type) & (cap - 1);

	while (tab[i] != NULL && (tab[i]->type != type ||
	    strcmp(tab[i]->name, name) != 0))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static int
grow(struct dnsrun *run)
{
	struct dnsrun_entry **nt;
	size_t i, ncap = run->cap * 2;

	if ((nt = calloc(ncap, sizeof(*nt))) == NULL)
		return -1;
	for (i = 0; i < run->cap; i++)
		if (run->tab[i] != NULL)
			*slot(nt, ncap, run->tab[i]->name,
			    run->tab[i]->type) = run->tab[i];
	free(run->tab);
	run->tab = nt;
	run->cap = ncap;
	return 0;
}

/* Finds or creates the entry; NULL when out of memory. */
static struct dnsrun_entry *
entry(struct dnsrun *run, const char *norm, enum dns_type type, bool *created)
{
	struct dnsrun_entry **sp, *e;

	*created = false;
	sp = slot(run->tab, run->cap, norm, type);
	if (*sp != NULL)
		return *sp;
	if ((run->n + 1) * 2 > run->cap) {
		if (grow(run) == -1)
			return NULL;
		sp = slot(run->tab, run->cap, norm, type);
	}
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->name = strdup(norm)) == NULL) {
		free(e);
		return NULL;
	}
	e->type = type;
	e->run = run;
	*sp = e;
	run->n++;
	*created = true;
	return e;
}

static int
answer_copy(struct dns_answer *dst, enum dns_status status, int ttl,
    const char *const *rr, size_t n, const char *cname)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->status = status;
	dst->ttl = ttl;
	if (n > 0 && (dst->rr = calloc(n, sizeof(*dst->rr))) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((dst->rr[i] = strdup(rr[i] ? rr[i] : "")) == NULL)
			goto fail;
		dst->n++;
	}
	if (cname != NULL && (dst->cname = strdup(cname)) == NULL)
		goto fail;
	return 0;
fail:
	answer_clear(dst);
	dst->status = DNS_ERROR;
	return -1;
}

int
dnsrun_put(struct dnsrun *run, const char *name, enum dns_type type,
    enum dns_status status, const char *const *rr, size_t n,
    const char *cname)
{
	char norm[DR_DOMAIN_BUF];
	struct dnsrun_entry *e;
	bool created;

	if (dnsrun_norm(name, norm, sizeof(norm)) == -1)
		return -1;
	if ((e = entry(run, norm, type, &created)) == NULL) {
		run->failed = true;
		return -1;
	}
	answer_clear(&e->ans);
	e->done = true;
	if (answer_copy(&e->ans, status, 0, rr, n, cname) == -1) {
		run->failed = true;
		return -1;
	}
	return 0;
}

const struct dns_answer *
dnsrun_get(struct dnsrun *run, const char *name, enum dns_type type)
{
	static const struct dns_answer nx = { DNS_NXDOMAIN, 0, NULL, 0, NULL };
	struct dnsrun_entry *e, **nq;
	char norm[DR_DOMAIN_BUF];
	bool created;

	if (dnsrun_norm(name, norm, sizeof(norm)) == -1)
		return &nx;
	if ((e = entry(run, norm, type, &created)) == NULL) {
		run->failed = true;
		return &nx;
	}
	if (e->done)
		return &e->ans;
	if (run->offline) {
		e->done = true;
		e->ans.status = DNS_NXDOMAIN;
		return &e->ans;
	}
	if (!created)
		return NULL;	/* queued or in flight already */
	if (run->nq == run->qcap) {
		size_t ncap = run->qcap ? run->qcap * 2 : 64;

		if ((nq = reallocarray(run->queue, ncap, sizeof(*nq))) == NULL) {
			run->failed = true;
			e->done = true;
			e->ans.status = DNS_ERROR;
			return &e->ans;
		}
		run->queue = nq;
		run->qcap = ncap;
	}
	run->queue[run->nq++] = e;
	return NULL;
}

void
dnsrun_set_offline(struct dnsrun *run, bool offline)
{
	run->offline = offline;
}

size_t
dnsrun_queued(const struct dnsrun *run)
{
	return run->nq;
}

bool
dnsrun_failed(const struct dnsrun *run)
{
	return run->failed;
}

size_t
dnsrun_sent(const struct dnsrun *run)
{
	return run->sent;
}

static void
on_answer(void *arg, const struct dns_answer *ans)
{
	struct dnsrun_entry *e = arg;

	if (e->done)
		return;
	e->done = true;
	if (answer_copy(&e->ans, ans->status, ans->ttl,
	    (const char *const *)ans->rr, ans->n, ans->cname) == -1)
		e->run->failed = true;
}

int
dnsrun_flush(struct dnsrun *run, struct resolver *r)
{
	size_t i, n = run->nq;

	run->nq = 0;
	for (i = 0; i < n; i++) {
		struct dnsrun_entry *e = run->queue[i];

		run->sent++;
		if (resolver_query(r, e->name, e->type, on_answer, e) == -1 &&
		    !e->done) {
			e->done = true;
			e->ans.status = DNS_ERROR;
		}
	}
	if (n > 0 && resolver_run(r) == -1) {
		/* Whatever is still unanswered is a temporary error. */
		for (i = 0; i < n; i++)
			if (!run->queue[i]->done) {
				run->queue[i]->done = true;
				run->queue[i]->ans.status = DNS_ERROR;
			}
	}
	for (i = 0; i < n; i++)
		if (!run->queue[i]->done) {
			run->queue[i]->done = true;
			run->queue[i]->ans.status = DNS_TIMEOUT;
		}
	return run->failed ? -1 : 0;
}
