/*
 * ingest/rua/px.c -- helpers on the parse state (struct px) that every
 * layer of the report parser uses: owned strings, warnings, the capped
 * per-record lists, and the one call of sink->begin().
 *
 * Design rationale: the parser is layered, rua_xml.c (the libxml2 walk)
 * over rua_fields.c (the element table, the report) over rua_record.c
 * (one record); these helpers sit below all three so that each file only
 * calls downwards.  This file calls none of them (only normalize.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/rua/normalize.h"
#include "ingest/rua/rua_int.h"

void
px_xfree(const char *p)
{
	free((char *)p);
}

int
px_setstr(struct px *px, const char **slot, const char *v)
{
	char *c = NULL;

	if (v != NULL && (c = strdup(v)) == NULL)
		return dr_fail(px->err, R_NOMEM, "out of memory");
	px_xfree(*slot);
	*slot = c;
	return 0;
}

void
px_warn_word(struct px *px, const char *path, const char *v)
{
	char clip[48];

	norm_clip(v, 40, clip, sizeof(clip));
	px_warn(px, R_W_NONSTANDARD, path, "%s \"%s\" is not a schema value",
	    path, clip);
}

void
px_warn(struct px *px, enum dr_reason r, const char *key, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	for (i = 0; i < px->n_warns; i++)
		if (px->warns[i].r == r && strcmp(px->warns[i].key, key) == 0)
			return;
	if (px->n_warns == PX_MAX_WARNS)
		return;
	px->warns[i].r = r;
	(void)snprintf(px->warns[i].key, sizeof(px->warns[i].key), "%s", key);
	va_start(ap, fmt);
	(void)vsnprintf(px->warns[i].detail, sizeof(px->warns[i].detail), fmt,
	    ap);
	va_end(ap);
	px->n_warns++;
}

void
px_warn_append(struct px *px, enum dr_reason r, const char *key,
    const char *fmt, ...)
{
	va_list ap;
	size_t i, n;

	for (i = 0; i < px->n_warns; i++)
		if (px->warns[i].r == r && strcmp(px->warns[i].key, key) == 0)
			break;
	if (i == px->n_warns)
		return;
	n = strlen(px->warns[i].detail);
	va_start(ap, fmt);
	(void)vsnprintf(px->warns[i].detail + n,
	    sizeof(px->warns[i].detail) - n, fmt, ap);
	va_end(ap);
}

void *
px_entry_add(struct px *px, void **arr, size_t *n, size_t *cap, size_t size,
    const char *what)
{
	char *p;

	if (*n >= DR_MAX_AUTH_PER_RECORD) {
		dr_fail(px->err, R_TOO_MANY_ENTRIES,
		    "record %lld: more than %d %s",
		    (long long)px->rep.record_count + 1,
		    DR_MAX_AUTH_PER_RECORD, what);
		return NULL;
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;

		if ((p = realloc(*arr, ncap * size)) == NULL) {
			dr_fail(px->err, R_NOMEM, "out of memory");
			return NULL;
		}
		*arr = p;
		*cap = ncap;
	}
	p = (char *)*arr + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* Calls sink->begin() once, before the first record or the end. */
int
px_begin(struct px *px)
{
	if (px->began)
		return 0;
	px->began = true;
	if (px->sink->begin != NULL &&
	    px->sink->begin(px->sink->ctx, &px->rep, px->err) == -1)
		return dr_fail(px->err, R_INTERNAL, "sink begin failed");
	return 0;
}
