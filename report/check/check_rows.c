/*
 * report/check/check_rows.c -- DNS checks for the rows of a report table: one
 * check per distinct domain, with the source IPs of that domain's rows, all
 * domains concurrently (see check_rows() in check.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/check/check.h"
#include "report/dns/resolver.h"
#include "util/limits.h"

int
check_rows(const char *server, int timeout_ms, int tries,
    const char *const *domains, const char *const *ips, size_t n,
    struct check_result **out, size_t *nout, size_t **row_res,
    struct dr_err *err)
{
	struct check_req *reqs = NULL;
	const char **iparr = NULL;
	struct resolver *r = NULL;
	size_t *map = NULL, *start = NULL, nd = 0, i, k, pos;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	*row_res = NULL;
	if ((map = calloc(n + 1, sizeof(*map))) == NULL ||
	    (reqs = calloc(n + 1, sizeof(*reqs))) == NULL ||
	    (start = calloc(n + 1, sizeof(*start))) == NULL ||
	    (iparr = calloc(n + 1, sizeof(*iparr))) == NULL) {
		dr_fail(err, R_NOMEM, "DNS checks");
		goto done;
	}
	/* Distinct domains, in first-seen order (n is a few thousand rows). */
	for (i = 0; i < n; i++) {
		for (k = 0; k < nd; k++)
			if (strcasecmp(reqs[k].domain, domains[i]) == 0)
				break;
		if (k == nd)
			reqs[nd++].domain = domains[i];
		map[i] = k;
		if (ips[i] != NULL)
			reqs[k].n_ips++;
	}
	/* Each domain's IPs, contiguous in iparr. */
	for (k = 0, pos = 0; k < nd; k++) {
		start[k] = pos;
		pos += reqs[k].n_ips;
		reqs[k].n_ips = 0;
	}
	for (i = 0; i < n; i++)
		if (ips[i] != NULL) {
			k = map[i];
			iparr[start[k] + reqs[k].n_ips++] = ips[i];
		}
	for (k = 0; k < nd; k++)
		reqs[k].ips = iparr + start[k];
	if (resolver_new(&r, server, timeout_ms, tries, err) == -1 ||
	    check_run(r, reqs, nd, out, err) == -1)
		goto done;
	*nout = nd;
	*row_res = map;
	map = NULL;
	rc = 0;
done:
	resolver_free(r);
	free(map);
	free(reqs);
	free(start);
	free(iparr);
	return rc;
}
