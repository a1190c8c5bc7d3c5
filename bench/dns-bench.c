/*
 * bench/dns-bench.c -- drives the DNS code the way dmarc-report does, for
 * bench/dns-bench.sh: `dns-bench SERVER check FILE` runs check_run() over
 * the domains in FILE (one per line, all at once); `dns-bench SERVER ptr
 * FILE` resolves the PTR of every IP in FILE on one channel; `dns-bench
 * SERVER enrich FILE DB ZONE` enriches every IP in FILE the way the report
 * commands do (ptr_lookup() then asn_lookup() under ZONE, with the caches
 * in DB), cold and then warm from the cache.  Prints wall time, queries
 * sent and the most queries in flight at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/check/check.h"
#include "report/dns/asn.h"
#include "report/dns/ptr.h"
#include "report/dns/resolver.h"
#include "store/store.h"

static size_t answered, found;

static void
on_ptr(void *arg, const struct dns_answer *a)
{
	(void)arg;
	answered++;
	found += a->status == DNS_OK;
}

static char **
read_lines(const char *path, size_t *n)
{
	char line[512], **v = NULL;
	size_t cap = 0;
	FILE *fp = fopen(path, "r");

	*n = 0;
	if (fp == NULL)
		return NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				exit(70);
		}
		if ((v[(*n)++] = strdup(line)) == NULL)
			exit(70);
	}
	fclose(fp);
	return v;
}

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* PTR + ASN of every IP, as failures/sources/html do: cold, then warm. */
static int
enrich(const char *server, char **ips, size_t n, const char *db,
    const char *zone)
{
	struct dr_err err = DR_ERR_INIT;
	struct store *st = NULL;
	struct ptr_opts po = { 0 };
	struct ptr_stats ps, as;
	struct ptr_info *pi;
	struct asn_info *ai;
	struct timespec t0;
	size_t i, pok, aok, round;
	double tp, ta;

	pi = calloc(n, sizeof(*pi));
	ai = calloc(n, sizeof(*ai));
	/* Created and migrated as dmarc-ingest would, then opened as the
	 * report commands do. */
	if (store_open(&st, db, STORE_RW, &err) == 0)
		store_close(st);
	st = NULL;
	if (pi == NULL || ai == NULL ||
	    store_open(&st, db, STORE_REPORT_RW, &err) == -1) {
		fprintf(stderr, "enrich: %s\n", err.detail);
		return 70;
	}
	po.dns_server = server;
	po.now = time(NULL);
	po.can_write = true;
	for (round = 0; round < 2; round++) {
		memset(&ps, 0, sizeof(ps));
		memset(&as, 0, sizeof(as));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ptr_lookup(st, &po, (const char *const *)ips, n, pi, &ps,
		    &err) == -1)
			return 70;
		tp = since(&t0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (asn_lookup(st, &po, zone, (const char *const *)ips, n, ai,
		    &as, &err) == -1)
			return 70;
		ta = since(&t0);
		for (i = pok = aok = 0; i < n; i++) {
			pok += pi[i].status == PTR_OK;
			aok += ai[i].status == ASN_OK && ai[i].name_status == ASN_OK;
		}
		printf("enrich %s: %zu IPs: PTR %.3f s (%zu named, %zu looked up,"
		    " max %zu in flight), ASN %.3f s (%zu with AS name, %zu looked"
		    " up, max %zu in flight)\n", round ? "warm" : "cold", n, tp,
		    pok, ps.looked_up, ps.max_inflight, ta, aok, as.looked_up,
		    as.max_inflight);
	}
	store_close(st);
	free(pi);
	free(ai);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const sel[] = { "s1" };
	struct dr_err err = DR_ERR_INIT;
	struct check_result *res = NULL;
	struct check_req *reqs;
	struct resolver *r = NULL;
	struct timespec t0, t1;
	char **lines;
	size_t n, i, bad = 0;
	double s;

	if (argc == 6 && strcmp(argv[2], "enrich") == 0 &&
	    (lines = read_lines(argv[3], &n)) != NULL)
		return enrich(argv[1], lines, n, argv[4], argv[5]);
	if (argc != 4 || (lines = read_lines(argv[3], &n)) == NULL)
		return 64;
	if (resolver_new(&r, argv[1], 2000, 3, &err) == -1)
		return 70;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (strcmp(argv[2], "ptr") == 0) {
		for (i = 0; i < n; i++)
			if (resolver_query_ptr(r, lines[i], on_ptr, NULL) == -1)
				return 70;
		if (resolver_run(r) == -1)
			return 70;
	} else {
		if ((reqs = calloc(n, sizeof(*reqs))) == NULL)
			return 70;
		for (i = 0; i < n; i++)
			reqs[i] = (struct check_req){ lines[i], sel, 1, NULL, 0 };
		if (check_run(r, reqs, n, &res, &err) == -1) {
			fprintf(stderr, "check_run: %s\n", err.detail);
			return 70;
		}
		for (i = 0; i < n; i++)
			bad += strcmp(res[i].spf.status, "ok") != 0 ||
			    strcmp(res[i].dmarc.status, "ok") != 0 ||
			    strcmp(res[i].dkim[0].status, "ok") != 0;
		answered = n;
		found = n - bad;
		check_results_free(res, n);
		free(reqs);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %zu items in %.3f s (%.0f/s), %zu ok, %zu queries sent, "
	    "max %zu in flight\n", argv[2], n, s, n / s, found,
	    resolver_queries_sent(r), resolver_max_inflight(r));
	resolver_free(r);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return answered == n ? 0 : 1;
}
