/*
 * report/records/dnsmsg.c -- bounded finding lists (see dnsmsg.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/records/dnsmsg.h"

void
dnsmsg_clear(struct dnsmsg *m)
{
	m->n = 0;
	m->dropped = 0;
}

void
dnsmsg_add(struct dnsmsg *m, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	if (m->n >= DNSMSG_MAX) {
		m->dropped++;
		return;
	}
	va_start(ap, fmt);
	/* Truncation of our own diagnostic text is acceptable (see header). */
	if (vsnprintf(m->text[m->n], DNSMSG_LEN, fmt, ap) < 0)
		m->text[m->n][0] = '\0';
	va_end(ap);
	/* The same finding twice (e.g. two bad URIs) is said once. */
	for (i = 0; i < m->n; i++)
		if (strcmp(m->text[i], m->text[m->n]) == 0)
			return;
	m->n++;
}

int
dnsmsg_has(const struct dnsmsg *m, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < m->n; i++)
		if (strncmp(m->text[i], prefix, n) == 0)
			return 1;
	return 0;
}
