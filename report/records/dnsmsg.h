/*
 * report/records/dnsmsg.h -- bounded lists of plain-language findings for the DNS
 * checks (report/records/dmarc_record.c, spf.c, dkim.c, check.c).
 *
 * Design rationale: the record parsers are pure functions over a buffer
 * (fuzzable, no allocation per message), so a finding is a fixed-size text
 * slot and the list has a fixed number of slots.  A finding past the last
 * slot is counted in `dropped`, never written out of bounds; a text longer
 * than its slot is cut (it is our own diagnostic, and any quoted record
 * text in it is bounded with %.*s by the callers).  The texts may quote
 * hostile DNS data: they are escaped by the output writers, not here.
 */
#ifndef DR_DNSMSG_H
#define DR_DNSMSG_H

#include <stddef.h>

#define DNSMSG_MAX	24
#define DNSMSG_LEN	256

struct dnsmsg {
	size_t	n;
	size_t	dropped;
	char	text[DNSMSG_MAX][DNSMSG_LEN];
};

void	dnsmsg_clear(struct dnsmsg *m);
void	dnsmsg_add(struct dnsmsg *m, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* 1 when some finding's text starts with prefix (tests, de-duplication). */
int	dnsmsg_has(const struct dnsmsg *m, const char *prefix);

#endif
