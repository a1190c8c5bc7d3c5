/*
 * report/dns/asn.c -- origin AS, prefix, country and AS name of source IPs
 * (see asn.h).
 *
 * Flow, as ptr.c: read asn_cache for every distinct IP; send the misses
 * and expired entries as TXT questions to one resolver, all in flight at
 * once (up to the resolver's cap); then the same for the distinct ASNs
 * whose name is not in as_name_cache; after both rounds write the
 * definite answers in one short transaction (skipped when an ingest holds
 * the lock).  The statements are sql/report/asn-*.sql.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/dns/asn.h"
#include "report/dns/cache_many.h"
#include "report/dns/resolver.h"
#include "store/read.h"
#include "store/store.h"
#include "util/buf.h"

struct job {
	const char	*ip;
	struct asn_info	*info;
	int		 ttl;
};

struct name_job {
	uint32_t	 asn;
	enum asn_status	 status;
	char		 name[DR_ASN_NAME_MAX];
	const char	*cause;
	int		 ttl;
	bool		 asked;		/* answered by DNS now: save it */
};

int
asn_origin_qname(const char *ip, const char *zone, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char a[16];
	char nib[65], *p = nib;
	int i, n;

	if (zone == NULL)
		zone = ASN_ZONE_DEFAULT;
	if (inet_pton(AF_INET, ip, a) == 1)
		n = snprintf(out, outlen, "%u.%u.%u.%u.origin.%s", a[3], a[2],
		    a[1], a[0], zone);
	else if (inet_pton(AF_INET6, ip, a) == 1) {
		for (i = 15; i >= 0; i--) {
			*p++ = hex[a[i] & 0xf];
			*p++ = '.';
			*p++ = hex[a[i] >> 4];
			*p++ = '.';
		}
		*p = '\0';
		n = snprintf(out, outlen, "%sorigin6.%s", nib, zone);
	} else
		return -1;
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/*
 * Splits s (a copy, changed in place) at '|' into at most max fields,
 * each trimmed of spaces.  Returns the number of fields, or -1 when there
 * are more, or a byte is not printable ASCII.
 */
static int
split(char *s, char **f, int max)
{
	char *p, *e;
	int n = 0;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return -1;
	for (p = s;; p = e + 1) {
		if (n == max)
			return -1;
		e = strchr(p, '|');
		if (e != NULL)
			*e = '\0';
		while (*p == ' ')
			p++;
		f[n] = p;
		p += strlen(p);
		while (p > f[n] && p[-1] == ' ')
			*--p = '\0';
		n++;
		if (e == NULL)
			return n;
	}
}

/* A decimal ASN of 1 to 10 digits, at most UINT32_MAX, not 0. */
static int
parse_asn(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0 || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static bool
is_prefix(const char *s)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned char a[16];
	const char *slash = strchr(s, '/');
	uint32_t len;
	int v6;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(addr) ||
	    strlen(s) >= ASN_PREFIX_MAX)
		return false;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET, addr, a) == 1)
		v6 = 0;
	else if (inet_pton(AF_INET6, addr, a) == 1)
		v6 = 1;
	else
		return false;
	if (strcmp(slash + 1, "0") == 0)
		return true;
	return parse_asn(slash + 1, strlen(slash + 1), &len) == 0 &&
	    len <= (v6 ? 128u : 32u);
}

static bool
is_cc(const char *s)
{
	return *s == '\0' || (strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    s[1] >= 'A' && s[1] <= 'Z');
}

static bool
is_registry(const char *s, size_t cap)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");

	return s[n] == '\0' && n < cap;
}

static bool
is_date(const char *s)
{
	return *s == '\0' || (strlen(s) == 10 && strspn(s, "0123456789-") == 10
	    && s[4] == '-' && s[7] == '-' && strchr(s + 8, '-') == NULL &&
	    strchr(s, '-') == s + 4 && strchr(s + 5, '-') == s + 7);
}

/* One origin string into a; -1 when it is not of the form. */
static int
parse_one(const char *txt, struct asn_info *a)
{
	char buf[DR_ASN_TXT_MAX + 1], *f[5], *p, *q;
	size_t k = 0;
	uint32_t v;
	int n;

	memset(a, 0, sizeof(*a));
	if (strlen(txt) > DR_ASN_TXT_MAX)
		return -1;
	memcpy(buf, txt, strlen(txt) + 1);
	if ((n = split(buf, f, 5)) != 5 || !is_prefix(f[1]) || !is_cc(f[2]) ||
	    !is_registry(f[3], sizeof(a->registry)) || !is_date(f[4]))
		return -1;
	for (p = f[0]; *p != '\0'; p = q) {
		q = p + strcspn(p, " ");
		if (k == DR_ASN_MOAS || parse_asn(p, (size_t)(q - p), &v) == -1)
			return -1;
		if (k++ == 0)
			a->asn = v;
		(void)snprintf(a->asns + strlen(a->asns), sizeof(a->asns) -
		    strlen(a->asns), "%s%u", k > 1 ? " " : "", v);
		while (*q == ' ')
			q++;
	}
	if (k == 0)
		return -1;
	memcpy(a->prefix, f[1], strlen(f[1]) + 1);
	memcpy(a->cc, f[2], strlen(f[2]) + 1);
	memcpy(a->registry, f[3], strlen(f[3]) + 1);
	a->status = ASN_OK;
	return 0;
}

/* The length of a prefix the parser accepted ("ADDR/LEN", LEN 0..128). */
static int
prefix_len(const char *prefix)
{
	const char *p = strchr(prefix, '/');
	int n = 0;

	for (p = p != NULL ? p + 1 : ""; *p >= '0' && *p <= '9' && n <= 128; p++)
		n = n * 10 + (*p - '0');
	return n;
}

int
asn_parse_origin(const char *const *txt, size_t n, struct asn_info *a)
{
	struct asn_info cur, best;
	size_t i;

	memset(a, 0, sizeof(*a));
	memset(&best, 0, sizeof(best));
	for (i = 0; i < n; i++) {
		if (parse_one(txt[i], &cur) == -1)
			return -1;
		if (i == 0 || prefix_len(cur.prefix) > prefix_len(best.prefix) ||
		    (prefix_len(cur.prefix) == prefix_len(best.prefix) &&
		    strcmp(txt[i], txt[i - 1]) < 0))
			best = cur;
	}
	if (n == 0)
		return -1;
	*a = best;
	return 0;
}

int
asn_parse_name(const char *txt, uint32_t asn, char *name, size_t namelen)
{
	char buf[DR_ASN_TXT_MAX + 1], *f[5];
	uint32_t v;

	if (namelen == 0)
		return -1;
	name[0] = '\0';
	if (strlen(txt) > DR_ASN_TXT_MAX)
		return -1;
	memcpy(buf, txt, strlen(txt) + 1);
	if (split(buf, f, 5) != 5 || parse_asn(f[0], strlen(f[0]), &v) == -1 ||
	    v != asn || !is_cc(f[1]) || !is_registry(f[2], 16) ||
	    !is_date(f[3]))
		return -1;
	(void)snprintf(name, namelen, "%s", f[4]);
	return 0;
}

static const char *
cause_text(const char *cause)
{
	static const char *const temp[] = { "timeout", "refused", "SERVFAIL",
	    "bad reply" };
	static const char *const text[] = { "could not check (timeout)",
	    "could not check (refused)", "could not check (SERVFAIL)",
	    "could not check (bad reply)" };
	size_t i;

	for (i = 0; cause != NULL && i < sizeof(temp) / sizeof(temp[0]); i++)
		if (strcmp(cause, temp[i]) == 0)
			return text[i];
	return "could not check (DNS error)";
}

const char *
asn_display(const struct asn_info *a, char *buf, size_t len)
{
	switch (a->status) {
	case ASN_OK:
		(void)snprintf(buf, len, "AS%u", a->asn);
		return buf;
	case ASN_NONE:	return "no ASN known";
	case ASN_TEMP:	return cause_text(a->cause);
	default:	return NULL;
	}
}

const char *
asn_name_display(const struct asn_info *a)
{
	if (a->status != ASN_OK)
		return NULL;
	switch (a->name_status) {
	case ASN_OK:	return a->as_name;
	case ASN_NONE:	return "";
	case ASN_TEMP:	return cause_text(a->name_cause);
	default:	return NULL;
	}
}

const char *
asn_status_text(const struct asn_info *a)
{
	switch (a->status) {
	case ASN_OK:	return "ok";
	case ASN_NONE:	return "none";
	case ASN_TEMP:	return "could not check";
	default:	return "not looked up";
	}
}

static int
cmp_idx(const void *a, const void *b, void *ctx)
{
	const char *const *ips = ctx;

	return strcmp(ips[*(const size_t *)a], ips[*(const size_t *)b]);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
on_origin(void *arg, const struct dns_answer *a)
{
	struct job *j = arg;

	if (dns_status_is_temporary(a->status)) {
		j->info->status = ASN_TEMP;
		j->info->cause = dns_status_cause(a->status);
		return;
	}
	j->ttl = a->ttl;
	if (a->status != DNS_OK) {
		j->info->status = ASN_NONE;
		return;
	}
	if (asn_parse_origin((const char *const *)a->rr, a->n, j->info) == -1) {
		j->info->status = ASN_TEMP;
		j->info->cause = "bad reply";
	}
}

static void
on_name(void *arg, const struct dns_answer *a)
{
	struct name_job *j = arg;
	size_t i;

	j->asked = true;
	if (dns_status_is_temporary(a->status)) {
		j->status = ASN_TEMP;
		j->cause = dns_status_cause(a->status);
		return;
	}
	j->ttl = a->ttl;
	if (a->status != DNS_OK) {
		j->status = ASN_NONE;
		return;
	}
	/* Several strings: each must be of the form; the smallest name wins. */
	j->status = ASN_OK;
	for (i = 0; i < a->n; i++) {
		char name[DR_ASN_NAME_MAX];

		if (asn_parse_name(a->rr[i], j->asn, name, sizeof(name)) == -1) {
			j->status = ASN_TEMP;
			j->cause = "bad reply";
			j->name[0] = '\0';
			return;
		}
		if (i == 0 || strcmp(name, j->name) < 0)
			memcpy(j->name, name, sizeof(name));
	}
}

static int64_t
expiry(int64_t now, int ttl)
{
	int64_t t = ttl < DR_ASN_TTL_MIN ? DR_ASN_TTL_MIN :
	    ttl > DR_ASN_TTL_MAX ? DR_ASN_TTL_MAX : ttl;

	return now + t;
}

/* AS numbers per asn-name-get-many statement. */
#define ASN_GET_BATCH	1000

/* What asn_lookup() fills from a cached row. */
struct asn_fill {
	struct asn_info	*out;
	char		*fresh;
};

/* A fresh asn_cache row (sql/report/asn-get-many.sql) into out[k]. */
static void
asn_row(void *arg, struct store_stmt *s, size_t k)
{
	struct asn_fill *f = arg;
	struct asn_info *a = &f->out[k];
	const char *t = store_stmt_col_text(s, 1);
	int64_t v;

	memset(a, 0, sizeof(*a));
	a->status = t != NULL && strcmp(t, "ok") == 0 ? ASN_OK : ASN_NONE;
	if (a->status == ASN_OK) {
		v = store_stmt_col_int64(s, 2);
		a->asn = v > 0 && v <= UINT32_MAX ? (uint32_t)v : 0;
#define COPY(f, col) (void)snprintf(a->f, sizeof(a->f), "%s", \
	    store_stmt_col_text(s, col) ? store_stmt_col_text(s, col) : "")
		COPY(asns, 3);
		COPY(prefix, 4);
		COPY(cc, 5);
		COPY(registry, 6);
#undef COPY
	}
	a->expires = store_stmt_col_int64(s, 7);
	a->from_cache = true;
	f->fresh[k] = 1;
}

/*
 * The fresh as_name_cache entries of names[0..nn) (distinct, ascending
 * AS numbers) into them, fresh[i] = 1: one statement per ASN_GET_BATCH
 * (sql/report/asn-name-get-many.sql), rows by AS number.
 */
static int
name_get_many(struct store *st, const char *zone, struct name_job *names,
    size_t nn, int64_t now, char *fresh, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	struct name_job *j;
	struct buf b;
	const char *t;
	char num[24];
	size_t i = 0, w, first, k;
	int64_t asn;
	int rc, ret = -1;

	buf_init(&b, (size_t)1 << 30);
	if (store_stmt_open(st, "report/asn-name-get-many", &s, err) == -1)
		goto done;
	while (i < nn) {
		first = i;
		buf_reset(&b);
		if (buf_append(&b, "[", 1) == -1)
			goto nomem;
		for (k = 0; i < nn && k < ASN_GET_BATCH; i++, k++) {
			(void)snprintf(num, sizeof(num), "%s%u", k > 0 ? "," : "",
			    names[i].asn);
			if (buf_append(&b, num, strlen(num)) == -1)
				goto nomem;
		}
		if (buf_append(&b, "]", 1) == -1)
			goto nomem;
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, b.data, err) == -1 ||
		    store_stmt_bind_text(s, 2, zone, err) == -1)
			goto done;
		w = first;
		while ((rc = store_stmt_step(s, err)) == 1) {
			asn = store_stmt_col_int64(s, 0);
			while (w < i && (int64_t)names[w].asn < asn)
				w++;
			if (w == i || (int64_t)names[w].asn != asn ||
			    store_stmt_col_int64(s, 3) <= now)
				continue;
			j = &names[w];
			t = store_stmt_col_text(s, 1);
			j->status = t != NULL && strcmp(t, "ok") == 0 ? ASN_OK :
			    ASN_NONE;
			t = store_stmt_col_text(s, 2);
			(void)snprintf(j->name, sizeof(j->name), "%s",
			    j->status == ASN_OK && t != NULL ? t : "");
			fresh[w] = 1;
		}
		if (rc == -1)
			goto done;
	}
	ret = 0;
	goto done;
nomem:
	dr_fail(err, R_NOMEM, "asn name cache");
done:
	store_stmt_close(s);
	buf_release(&b);
	return ret;
}

/* Writes the definite answers; -1 (nothing saved) when the lock is busy. */
static int
cache_save(struct store *st, const char *zone, const struct job *jobs,
    size_t nj, const struct name_job *names, size_t nn, int64_t now,
    size_t *saved, struct dr_err *err)
{
	struct store_stmt *s = NULL;
	size_t i;

	*saved = 0;
	if (store_cache_begin(st, err) == -1)
		return -1;
	if (store_stmt_open(st, "report/asn-save", &s, err) == -1)
		goto fail;
	for (i = 0; i < nj; i++) {
		const struct asn_info *a = jobs[i].info;
		bool ok = a->status == ASN_OK;

		if (a->status != ASN_OK && a->status != ASN_NONE)
			continue;
		store_stmt_reset(s);
		if (store_stmt_bind_text(s, 1, jobs[i].ip, err) == -1 ||
		    store_stmt_bind_text(s, 2, zone, err) == -1 ||
		    store_stmt_bind_text(s, 3, ok ? "ok" : "nxdomain", err) == -1 ||
		    (ok ? store_stmt_bind_int64(s, 4, a->asn, err) :
		    store_stmt_bind_null(s, 4, err)) == -1 ||
		    store_stmt_bind_text(s, 5, ok ? a->asns : NULL, err) == -1 ||
		    store_stmt_bind_text(s, 6, ok ? a->prefix : NULL, err) == -1 ||
		    store_stmt_bind_text(s, 7, ok ? a->cc : NULL, err) == -1 ||
		    store_stmt_bind_text(s, 8, ok ? a->registry : NULL, err) == -1 ||
		    store_stmt_bind_int64(s, 9, jobs[i].ttl, err) == -1 ||
		    store_stmt_bind_int64(s, 10, now, err) == -1 ||
		    store_stmt_bind_int64(s, 11, expiry(now, jobs[i].ttl),
		    err) == -1 || store_stmt_step(s, err) == -1)
			goto fail;
		(*saved)++;
	}
	store_stmt_close(s);
	s = NULL;
	if (nn > 0 && store_stmt_open(st, "report/asn-name-save", &s, err) == -1)
		goto fail;
	for (i = 0; i < nn; i++) {
		const struct name_job *j = &names[i];

		if (!j->asked || (j->status != ASN_OK && j->status != ASN_NONE))
			continue;
		store_stmt_reset(s);
		if (store_stmt_bind_int64(s, 1, j->asn, err) == -1 ||
		    store_stmt_bind_text(s, 2, zone, err) == -1 ||
		    store_stmt_bind_text(s, 3, j->status == ASN_OK ? "ok" :
		    "nxdomain", err) == -1 ||
		    store_stmt_bind_text(s, 4, j->status == ASN_OK ? j->name :
		    NULL, err) == -1 ||
		    store_stmt_bind_int64(s, 5, j->ttl, err) == -1 ||
		    store_stmt_bind_int64(s, 6, now, err) == -1 ||
		    store_stmt_bind_int64(s, 7, expiry(now, j->ttl), err) == -1 ||
		    store_stmt_step(s, err) == -1)
			goto fail;
		(*saved)++;
	}
	store_stmt_close(s);
	s = NULL;
	if (store_commit(st, err) == -1)
		goto fail;
	return 0;
fail:
	store_stmt_close(s);
	store_rollback(st);
	*saved = 0;
	return -1;
}

/* The AS names of the ASN_OK entries of out[0..n): cache, then DNS. */
static int
lookup_names(struct store *st, const struct ptr_opts *po, const char *zone,
    struct resolver *r, struct asn_info *out, size_t n,
    struct name_job **names_out, size_t *nn_out, struct dr_err *err)
{
	struct name_job *names = NULL, *j;
	uint32_t *v = NULL;
	char qname[64], *fresh = NULL;
	size_t i, k = 0, nn = 0;
	int ret = -1;

	*names_out = NULL;
	*nn_out = 0;
	if ((v = calloc(n + 1, sizeof(*v))) == NULL ||
	    (names = calloc(n + 1, sizeof(*names))) == NULL) {
		dr_fail(err, R_NOMEM, "asn names");
		goto done;
	}
	for (i = 0; i < n; i++)
		if (out[i].status == ASN_OK)
			v[k++] = out[i].asn;
	qsort(v, k, sizeof(*v), cmp_u32);
	for (i = 0; i < k; i++)
		if (i == 0 || v[i] != v[i - 1])
			names[nn++].asn = v[i];
	if ((fresh = calloc(nn + 1, 1)) == NULL) {
		dr_fail(err, R_NOMEM, "asn names");
		goto done;
	}
	if (st != NULL && nn > 0 && name_get_many(st, zone, names, nn, po->now,
	    fresh, err) == -1)
		goto done;
	for (i = 0; i < nn; i++) {
		j = &names[i];
		j->ttl = 0;
		if (fresh[i])
			continue;
		if (r == NULL)
			continue;
		(void)snprintf(qname, sizeof(qname), "AS%u.%.40s", j->asn, zone);
		if (strlen(zone) > 40 || resolver_query(r, qname, DNS_TXT,
		    on_name, j) == -1) {
			j->status = ASN_TEMP;
			j->cause = "bad reply";
		}
	}
	if (r != NULL)
		resolver_run(r);
	for (i = 0; i < n; i++) {
		if (out[i].status != ASN_OK)
			continue;
		j = bsearch(&out[i].asn, names, nn, sizeof(*names), cmp_u32);
		if (j == NULL)
			continue;
		out[i].name_status = j->status;
		out[i].name_cause = j->cause;
		memcpy(out[i].as_name, j->name, sizeof(j->name));
	}
	*names_out = names;
	*nn_out = nn;
	names = NULL;
	ret = 0;
done:
	free(fresh);
	free(names);
	free(v);
	return ret;
}

int
asn_lookup(struct store *st, const struct ptr_opts *po, const char *zone,
    const char *const *ips, size_t n, struct asn_info *out,
    struct ptr_stats *stats, struct dr_err *err)
{
	struct resolver *r = NULL;
	struct job *jobs = NULL;
	struct name_job *names = NULL;
	struct dr_err save_err = DR_ERR_INIT;
	struct asn_fill fill;
	char qname[160], *fresh = NULL;
	size_t *idx = NULL, i, k, nj = 0, nn = 0;
	int ret = -1;

	if (po->cache != NULL)
		st = po->cache;
	if (zone == NULL)
		zone = ASN_ZONE_DEFAULT;
	memset(stats, 0, sizeof(*stats));
	memset(out, 0, n * sizeof(*out));
	if (n == 0)
		return 0;
	if ((idx = calloc(n, sizeof(*idx))) == NULL ||
	    (fresh = calloc(n, 1)) == NULL ||
	    (jobs = calloc(n, sizeof(*jobs))) == NULL) {
		dr_fail(err, R_NOMEM, "asn lookup");
		goto done;
	}
	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_idx, (void *)ips);
	fill.out = out;
	fill.fresh = fresh;
	if (st != NULL && cache_get_many(st, "report/asn-get-many", zone, ips,
	    idx, n, 7, po->now, asn_row, &fill, err) == -1)
		goto done;
	if (!po->no_dns && resolver_new(&r, po->dns_server, po->timeout_ms,
	    po->tries, err) == -1)
		goto done;
	for (i = 0; i < n; i++) {
		struct asn_info *a = &out[idx[i]];

		if (i > 0 && strcmp(ips[idx[i]], ips[idx[i - 1]]) == 0)
			continue;
		if (fresh[idx[i]]) {
			stats->cached++;
			continue;
		}
		if (r == NULL)
			continue;
		if (asn_origin_qname(ips[idx[i]], zone, qname,
		    sizeof(qname)) == -1) {
			a->status = ASN_NONE;	/* not an address: no network */
			continue;
		}
		jobs[nj].ip = ips[idx[i]];
		jobs[nj].info = a;
		a->expires = 0;
		if (resolver_query(r, qname, DNS_TXT, on_origin, &jobs[nj]) == -1) {
			dr_fail(err, R_NOMEM, "asn query");
			goto done;
		}
		nj++;
	}
	if (r != NULL)
		resolver_run(r);
	for (i = 0; i < nj; i++)
		if (jobs[i].info->status == ASN_OK ||
		    jobs[i].info->status == ASN_NONE)
			jobs[i].info->expires = expiry(po->now, jobs[i].ttl);
	if (lookup_names(st, po, zone, r, out, n, &names, &nn, err) == -1)
		goto done;
	if (r != NULL) {
		stats->looked_up = nj;
		stats->max_inflight = resolver_max_inflight(r);
	}
	for (i = 1; i < n; i++)
		if (strcmp(ips[idx[i]], ips[idx[i - 1]]) == 0)
			out[idx[i]] = out[idx[i - 1]];
	for (i = k = 0; i < nn; i++)
		k += names[i].asked;
	if ((nj > 0 || k > 0) && po->can_write && st != NULL) {
		if (cache_save(st, zone, jobs, nj, names, nn, po->now, &k,
		    &save_err) == -1) {
			stats->save_failed = true;
			dr_err_clear(&save_err);
		}
		stats->saved = k;
	}
	ret = 0;
done:
	resolver_free(r);
	free(names);
	free(jobs);
	free(fresh);
	free(idx);
	return ret;
}
