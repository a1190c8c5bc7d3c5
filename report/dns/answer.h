/*
 * report/dns/answer.h -- a raw DNS reply read into a struct dns_answer,
 * keeping only the records that answer the question asked.
 *
 * Design rationale: any server on the path (or one that lies) can put
 * records of any owner into an answer section.  A TXT record owned by
 * _dmarc.evil.test is not the DMARC record of wrongname.test, and an A
 * record of another name does not confirm a PTR name.  So the reply is
 * read as an answer to one question: its question section must be that
 * question (name, type, class IN); the CNAME chain is followed from the
 * name asked, at most DR_DNS_MAX_CNAME links; and only records of the type
 * asked, class IN, owned by the end of that chain are taken.  Names
 * compare case-insensitively (ASCII), without a trailing dot.  A reply
 * whose answer section holds records but none that answer the question is
 * an error (temporary), never "no record".
 */
#ifndef DR_ANSWER_H
#define DR_ANSWER_H

#include <stdbool.h>

#include "report/dns/resolver.h"

/*
 * Fills a (rr, n, ttl, cname; not status) from the reply msg[0..len) to the
 * question (qname, qtype, IN).  Returns 0, or -1 when the reply is
 * malformed, answers another question, holds a CNAME chain longer than
 * DR_DNS_MAX_CNAME, holds only records that answer nothing asked, or is
 * over the caps (DR_DNS_MAX_RR records are kept, DR_DNS_TXT_MAX bytes of
 * TXT); the caller then releases a and reports DNS_ERROR.
 */
int		 answer_parse(const unsigned char *msg, int len,
		    const char *qname, enum dns_type qtype,
		    struct dns_answer *a);

/* Two names the same, ASCII case-insensitively, trailing dots ignored. */
bool		 answer_name_eq(const char *x, const char *y);

#endif
