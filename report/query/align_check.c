/*
 * report/query/align_check.c -- alignment recomputation (see align_check.h).
 *
 * Design rationale: the organizational-domain logic lives in store/align.c
 * (ingest uses it to derive missing policy_evaluated values); this file
 * only applies the DMARC rules to one stored record, so the report and
 * the ingest can never disagree about what "aligned" means.
 */
#include <string.h>

#include "report/query/align_check.h"
#include "store/align.h"

static char
mode_of(const char *m)
{
	return (m != NULL && (m[0] == 's' || m[0] == 'S')) ? 's' : 'r';
}

static bool
is_pass(const char *s)
{
	return s != NULL && strcmp(s, "pass") == 0;
}

bool
align_check_dkim(const char *header_from, const char *adkim, const char *domain,
    const char *result)
{
	return is_pass(result) && align_is_aligned(domain, header_from, mode_of(adkim));
}

bool
align_check_spf(const char *header_from, const char *aspf, const char *domain,
    const char *scope, const char *result)
{
	if (scope != NULL && strcmp(scope, "mfrom") != 0)
		return false;
	return is_pass(result) && align_is_aligned(domain, header_from, mode_of(aspf));
}

void
align_check_compare(struct ac_result *res, const char *header_from,
    const char *dkim_eval, const char *spf_eval)
{
	res->known = header_from != NULL && header_from[0] != '\0';
	res->dkim_differs = res->known && dkim_eval != NULL &&
	    is_pass(dkim_eval) != res->dkim_aligned;
	res->spf_differs = res->known && spf_eval != NULL &&
	    is_pass(spf_eval) != res->spf_aligned;
}

int
align_check_record(const struct ac_record *rec, struct ac_result *res)
{
	size_t i;

	memset(res, 0, sizeof(*res));
	if (rec->header_from == NULL || rec->header_from[0] == '\0')
		return 0;
	for (i = 0; i < rec->n_dkim && !res->dkim_aligned; i++)
		res->dkim_aligned = align_check_dkim(rec->header_from, rec->adkim,
		    rec->dkim[i].domain, rec->dkim[i].result);
	for (i = 0; i < rec->n_spf && !res->spf_aligned; i++)
		res->spf_aligned = align_check_spf(rec->header_from, rec->aspf,
		    rec->spf[i].domain, rec->spf[i].scope, rec->spf[i].result);
	align_check_compare(res, rec->header_from, rec->dkim_eval, rec->spf_eval);
	return 0;
}

bool
align_check_disagrees(const struct ac_result *res)
{
	return res->known && (res->dkim_differs || res->spf_differs);
}
