/*
 * store/ident.c -- the report identity, (org_key, report_id,
 * policy_domain): org_name folded to ASCII lower case (Unicode folding
 * would need ICU; reporters differ in ASCII case only), report_id
 * verbatim, the policy domain as the parser normalized it; and the
 * (DKIM domain, selector) pairs held while a report streams.  Both write
 * paths (put.c for SQLite, pg_report.c for PostgreSQL) and store.c use it.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/limits.h"

/* ASCII case fold of the reporter name: the identity's first part. */
static void
org_fold(const char *in, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < outlen; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

/*
 * The identity as one allocation: org_key, NUL, report_id, NUL,
 * policy_domain, NUL.  NUL cannot occur inside any of them (a newline
 * could: org_name is free text), so splitting is unambiguous.  NULL when
 * any of them is unknown (or on OOM: the late path then finds the report
 * at its end).
 */
char *
store_identity(const struct dmarc_report *rep)
{
	char key[DR_MAX_FIELD_LEN + 1];
	size_t kn, rn, dn;
	char *p;

	if (rep == NULL || rep->org_name == NULL || rep->report_id == NULL ||
	    rep->policy_domain == NULL)
		return NULL;
	org_fold(rep->org_name, key, sizeof(key));
	kn = strlen(key);
	rn = strlen(rep->report_id);
	dn = strlen(rep->policy_domain);
	if ((p = malloc(kn + rn + dn + 3)) != NULL) {
		memcpy(p, key, kn + 1);
		memcpy(p + kn + 1, rep->report_id, rn + 1);
		memcpy(p + kn + rn + 2, rep->policy_domain, dn + 1);
	}
	return p;
}

/* The report_id part of an identity. */
const char *
store_identity_rid(const char *ident)
{
	return ident + strlen(ident) + 1;
}

/* The policy_domain part of an identity. */
const char *
store_identity_domain(const char *ident)
{
	const char *rid = store_identity_rid(ident);

	return rid + strlen(rid) + 1;
}

bool
store_identity_eq(const char *a, const char *b)
{
	return strcmp(a, b) == 0 &&
	    strcmp(store_identity_rid(a), store_identity_rid(b)) == 0 &&
	    strcmp(store_identity_domain(a), store_identity_domain(b)) == 0;
}

/* The selector pairs belong to the report being streamed but live in
 * struct store: closing and rolling back forget them too. */
void
store_sel_clear(struct store *st)
{
	size_t i;

	for (i = 0; i < st->nsel; i++) {
		free(st->sel[i]);
		st->sel[i] = NULL;
	}
	st->nsel = 0;
}

int
store_sel_note(struct store *st, const char *domain, const char *selector,
    int (*flush)(struct store *, struct dr_err *), struct dr_err *err)
{
	size_t i, dl, sl;
	char *p;

	if (domain == NULL || selector == NULL || *selector == '\0')
		return 0;
	dl = strlen(domain);
	for (i = 0; i < st->nsel; i++)
		if (strcmp(st->sel[i], domain) == 0 &&
		    strcmp(st->sel[i] + dl + 1, selector) == 0)
			return 0;
	if (st->nsel == STORE_SEL_BATCH && flush(st, err) == -1)
		return -1;
	sl = strlen(selector);
	if ((p = malloc(dl + sl + 2)) == NULL)
		return dr_fail(err, R_NOMEM, "selector");
	memcpy(p, domain, dl + 1);
	memcpy(p + dl + 1, selector, sl + 1);
	st->sel[st->nsel++] = p;
	return 0;
}
