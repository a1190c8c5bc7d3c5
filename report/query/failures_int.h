/*
 * report/query/failures_int.h -- what failures.c and failures_lite.c
 * share: the (domain, IP) rows being built.  Not a public header.
 */
#ifndef DR_FAILURES_INT_H
#define DR_FAILURES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "report/query/failures.h"

struct store_stmt;

/* Rows of one domain by IP, while one domain's records are read: open
 * addressing, each slot with the IP's hash and string (the row's), so a
 * probe reads neither the row nor, for another hash, the string. */
struct fail_slot {
	uint64_t	 h;
	const char	*ip;
	size_t		 row;	/* index + 1, 0 empty */
};
struct fail_ipmap {
	struct fail_slot *slot;
	size_t		 cap;	/* power of two */
	size_t		 used;
};

/* Finds or appends (domain, ip)'s row; NULL when out of memory.  The map
 * holds one domain's rows: a new domain starts with an empty map. */
struct fail_row	*fail_row_for(struct fail_ipmap *m,
		    struct fail_rows *rows, const char *domain, const char *ip);
/* qsort order of report_failures(): dmarc_fail, then messages,
 * descending, then domain and IP. */
int	fail_row_cmp(const void *a, const void *b);
/* Binds ?2 and ?3 of s to o's window. */
int	fail_bind_window(struct store_stmt *s, const struct report_opts *o,
	    struct dr_err *err);

#endif
