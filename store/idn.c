/*
 * store/idn.c -- U-labels to A-labels through libidn2 (see idn.h).
 */
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "store/idn.h"

int
idn_is_unicode(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static void
lower_copy(char *out, const char *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') :
		    in[i];
	out[n] = '\0';
}

int
idn_to_ascii(const char *domain, char *out, size_t outlen)
{
	char *a = NULL;
	size_t n;
	int rc;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (domain == NULL)
		return -1;
	if (!idn_is_unicode(domain)) {
		if ((n = strlen(domain)) >= outlen)
			return -1;
		lower_copy(out, domain, n);
		return 0;
	}
	rc = idn2_to_ascii_8z(domain, &a, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK || a == NULL) {
		idn2_free(a);
		return -1;
	}
	n = strlen(a);
	if (n >= outlen) {
		idn2_free(a);
		return -1;
	}
	lower_copy(out, a, n);
	idn2_free(a);
	return 1;
}
