/*
 * store/align.c -- organizational domain and alignment (see align.h).
 *
 * Design rationale: libpsl does the suffix matching; we only normalize the
 * name first (libpsl wants lower-case input) and treat "no registrable
 * domain" (a bare public suffix, a single label) as "the name itself", as
 * RFC 7489 section 3.2 step 4 says.  Names are compared as received
 * (A-labels stay A-labels); the parser has already lower-cased them.
 */
#include <stdio.h>
#include <string.h>

#include <libpsl.h>

#include "store/align.h"

/* A domain name is at most 253 octets in text form (+ dot + NUL). */
#define ALIGN_NAME_MAX	255

static psl_ctx_t *align_psl;

static const psl_ctx_t *
align_ctx(void)
{
	if (align_psl == NULL)
		align_psl = psl_latest(NULL);
	if (align_psl == NULL)
		return psl_builtin();
	return align_psl;
}

/* Lower-cases domain into buf without one trailing dot; -1 if unusable. */
static int
align_norm(const char *domain, char *buf, size_t buflen)
{
	size_t i, n;

	if (domain == NULL || (n = strlen(domain)) == 0 || n >= buflen)
		return -1;
	for (i = 0; i < n; i++) {
		char c = domain[i];

		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	if (buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	return n == 0 ? -1 : 0;
}

int
align_org_domain(const char *domain, char *out, size_t outlen)
{
	char name[ALIGN_NAME_MAX];
	const psl_ctx_t *psl;
	const char *reg;
	int ret;

	if (align_norm(domain, name, sizeof(name)) == -1)
		return -1;
	if ((psl = align_ctx()) == NULL)
		return -1;
	reg = psl_registrable_domain(psl, name);
	if (reg == NULL)
		reg = name;
	ret = snprintf(out, outlen, "%s", reg);
	if (ret < 0 || (size_t)ret >= outlen)
		return -1;
	return 0;
}

bool
align_is_aligned(const char *a, const char *b, char mode)
{
	char na[ALIGN_NAME_MAX], nb[ALIGN_NAME_MAX];
	char oa[ALIGN_NAME_MAX], ob[ALIGN_NAME_MAX];

	if (align_norm(a, na, sizeof(na)) == -1 ||
	    align_norm(b, nb, sizeof(nb)) == -1)
		return false;
	if (strcmp(na, nb) == 0)
		return true;
	if (mode == 's' || mode == 'S')
		return false;
	if (align_org_domain(na, oa, sizeof(oa)) == -1 ||
	    align_org_domain(nb, ob, sizeof(ob)) == -1)
		return false;
	return strcmp(oa, ob) == 0;
}

void
align_shutdown(void)
{
	psl_free(align_psl);
	align_psl = NULL;
}
