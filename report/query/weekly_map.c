/*
 * report/query/weekly_map.c -- the small containers weekly.c and weekly_src.c
 * build with: an open-addressing string -> index map (FNV-1a, linear
 * probing, at most half full), a doubling array, and a copied column.
 * It calls nothing in the other weekly files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/weekly_int.h"
#include "store/read.h"
#include "util/hash.h"

void
weekly_map_release(struct smap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* Returns 1 and *val when k is there, 0 when not. */
int
weekly_map_get(const struct smap *m, const char *k, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	for (i = dr_fnv_str(k) & (m->cap - 1); m->key[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->key[i], k) == 0) {
			*val = m->val[i];
			return 1;
		}
	return 0;
}

int
weekly_map_put(struct smap *m, const char *k, size_t val)
{
	struct smap nm;
	size_t i, j;

	if (2 * (m->n + 1) > m->cap) {
		nm.cap = m->cap ? 2 * m->cap : 64;
		nm.n = 0;
		nm.key = calloc(nm.cap, sizeof(*nm.key));
		nm.val = calloc(nm.cap, sizeof(*nm.val));
		if (nm.key == NULL || nm.val == NULL) {
			weekly_map_release(&nm);
			return -1;
		}
		for (i = 0; i < m->cap; i++) {
			if (m->key[i] == NULL)
				continue;
			for (j = dr_fnv_str(m->key[i]) & (nm.cap - 1); nm.key[j] != NULL;
			    j = (j + 1) & (nm.cap - 1))
				;
			nm.key[j] = m->key[i];
			nm.val[j] = m->val[i];
			nm.n++;
		}
		weekly_map_release(m);
		*m = nm;
	}
	for (i = dr_fnv_str(k) & (m->cap - 1); m->key[i] != NULL; i = (i + 1) & (m->cap - 1))
		;
	m->key[i] = k;
	m->val[i] = val;
	m->n++;
	return 0;
}

/* Grows *arr (of elem-sized items, *cap of them) to hold n + 1. */
int
weekly_grow(void *arr, size_t *cap, size_t n, size_t elem)
{
	void **p = arr, *np;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 16;
	if ((np = realloc(*p, nc * elem)) == NULL)
		return -1;
	memset((char *)np + *cap * elem, 0, (nc - *cap) * elem);
	*p = np;
	*cap = nc;
	return 0;
}

char *
weekly_dupcol(const struct store_stmt *s, int col)
{
	const char *t = store_stmt_col_text(s, col);

	return t ? strdup(t) : NULL;
}
