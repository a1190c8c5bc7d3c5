/*
 * report/dns/answer.c -- a raw DNS reply read as the answer to one question
 * (see answer.h).
 *
 * Design rationale:
 *  - The reply is parsed here from the raw DNS message (c-ares's typed
 *    parsers drop TTLs for PTR/TXT/MX), walking the sections with
 *    ares_expand_name() and checking every length against the buffer.
 *  - The answer section is read whole first (owner, type, class, TTL,
 *    where the data is), then the CNAME chain is followed from the name
 *    asked, then the records at its end are taken: servers may list the
 *    chain in any order, and a record is judged by its owner, never by
 *    where it sits.
 *  - ares_expand_name() writes special octets escaped ("\." "\@" "\032"),
 *    and ares_create_query() reads a "\c" in the name asked as c: names
 *    are compared with escapes undone on both sides.
 *  - TXT strings are joined; a NUL byte inside one becomes '?' so that the
 *    C string shows the whole record.
 *  - The TTL is the smallest of the records taken and of the CNAMEs that
 *    led to them; for a negative answer, min(TTL, minimum) of an SOA of an
 *    enclosing zone (RFC 2308 5), else 0.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "report/dns/answer.h"
#include "util/limits.h"

#define C_IN		1
#define T_SOA		6
#define T_DNAME		39	/* comes with the CNAME it stands for */

struct rr {
	char		*owner;
	unsigned	 type;
	unsigned	 klass;
	unsigned long	 ttl;
	int		 off;		/* of the data */
	unsigned	 rdlen;
	bool		 used;		/* part of the answer to the question */
};

static int
get16(const unsigned char *b, int len, int off, unsigned *v)
{
	if (off < 0 || off + 2 > len)
		return -1;
	*v = (unsigned)b[off] << 8 | b[off + 1];
	return 0;
}

static int
get32(const unsigned char *b, int len, int off, unsigned long *v)
{
	if (off < 0 || off + 4 > len)
		return -1;
	*v = (unsigned long)b[off] << 24 | (unsigned long)b[off + 1] << 16 |
	    (unsigned long)b[off + 2] << 8 | b[off + 3];
	return 0;
}

/* Skips a (possibly compressed) name at off; returns the new offset.  The
 * name is returned in *name (free with ares_free_string) when asked. */
static int
skip_name(const unsigned char *b, int len, int off, char **name)
{
	char *n = NULL;
	long enc = 0;

	if (off < 0 || off >= len ||
	    ares_expand_name(b + off, b, len, &n, &enc) != ARES_SUCCESS)
		return -1;
	if (name != NULL)
		*name = n;
	else
		ares_free_string(n);
	return off + (int)enc;
}

/* The next octet of a presentation-form name with escapes undone; -1 at
 * the end.  *p moves past it. */
static int
name_octet(const char **p, const char *end)
{
	const unsigned char *s = (const unsigned char *)*p;
	int c;

	if (*p >= end)
		return -1;
	if (s[0] == '\\' && *p + 1 < end) {
		if (*p + 3 < end && s[1] >= '0' && s[1] <= '2' &&
		    s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
		    (c = (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0') <=
		    255) {
			*p += 4;
			return c;
		}
		*p += 2;
		return s[1];
	}
	*p += 1;
	return s[0];
}

/* The length of x without one trailing dot (an escaped "\." stays). */
static size_t
name_len(const char *x)
{
	size_t n = strlen(x);

	if (n > 0 && x[n - 1] == '.' && (n < 2 || x[n - 2] != '\\'))
		n--;
	return n;
}

static bool
name_eq_n(const char *x, size_t xn, const char *y, size_t yn)
{
	const char *xe = x + xn, *ye = y + yn;
	int a, b;

	for (;;) {
		a = name_octet(&x, xe);
		b = name_octet(&y, ye);
		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return false;
		if (a == -1)
			return true;
	}
}

bool
answer_name_eq(const char *x, const char *y)
{
	return name_eq_n(x, name_len(x), y, name_len(y));
}

/* Is zone name itself or an ancestor of it (the root "" included)? */
static bool
is_zone_of(const char *zone, const char *name)
{
	size_t z = name_len(zone), n = name_len(name);

	if (z == 0 || name_eq_n(zone, z, name, n))
		return true;
	return n > z + 1 && name[n - z - 1] == '.' &&
	    name[n - z - 2] != '\\' &&
	    name_eq_n(zone, z, name + n - z, z);
}

/* Reads one resource record at *off into rr (owner allocated). */
static int
read_rr(const unsigned char *b, int len, int *off, struct rr *rr)
{
	int o;

	if ((o = skip_name(b, len, *off, &rr->owner)) == -1)
		return -1;
	if (get16(b, len, o, &rr->type) == -1 ||
	    get16(b, len, o + 2, &rr->klass) == -1 ||
	    get32(b, len, o + 4, &rr->ttl) == -1 ||
	    get16(b, len, o + 8, &rr->rdlen) == -1 ||
	    o + 10 + (int)rr->rdlen > len)
		return -1;
	rr->off = o + 10;
	*off = rr->off + (int)rr->rdlen;
	return 0;
}

static char *
rdata_text(const unsigned char *b, int len, int off, unsigned rdlen,
    enum dns_type type)
{
	char buf[INET6_ADDRSTRLEN + 8], *name = NULL, *s;
	unsigned pref, i, l;
	size_t used = 0;

	switch (type) {
	case DNS_A:
		if (rdlen != 4)
			return NULL;
		return inet_ntop(AF_INET, b + off, buf, sizeof(buf)) ?
		    strdup(buf) : NULL;
	case DNS_AAAA:
		if (rdlen != 16)
			return NULL;
		return inet_ntop(AF_INET6, b + off, buf, sizeof(buf)) ?
		    strdup(buf) : NULL;
	case DNS_PTR:
	case DNS_CNAME:
	case DNS_NS:
		if (skip_name(b, len, off, &name) == -1)
			return NULL;
		s = strdup(name);
		ares_free_string(name);
		return s;
	case DNS_MX:
		if (get16(b, len, off, &pref) == -1 ||
		    skip_name(b, len, off + 2, &name) == -1)
			return NULL;
		l = (unsigned)strlen(name) + 8;
		if ((s = malloc(l)) != NULL)
			(void)snprintf(s, l, "%u %s", pref, name);
		ares_free_string(name);
		return s;
	case DNS_TXT:
		if ((s = malloc(rdlen + 1)) == NULL)
			return NULL;
		for (i = 0; i < rdlen; i += l + 1) {
			l = b[off + i];
			if (i + 1 + l > rdlen) {
				free(s);
				return NULL;
			}
			memcpy(s + used, b + off + i + 1, l);
			used += l;
		}
		for (i = 0; i < used; i++)
			if (s[i] == '\0')
				s[i] = '?';
		s[used] = '\0';
		return s;
	}
	return NULL;
}

static void
min_ttl(struct dns_answer *a, unsigned long ttl)
{
	if (ttl > 0x7fffffffUL)
		ttl = 0x7fffffffUL;
	if (a->ttl < 0 || (int)ttl < a->ttl)
		a->ttl = (int)ttl;
}

/* The question section: exactly the one question asked. */
static int
read_question(const unsigned char *b, int len, int *off, const char *qname,
    enum dns_type qtype)
{
	char *name = NULL;
	unsigned type, klass;
	int o, ret = -1;

	if ((o = skip_name(b, len, *off, &name)) == -1)
		return -1;
	if (get16(b, len, o, &type) == 0 && get16(b, len, o + 2, &klass) == 0 &&
	    type == (unsigned)qtype && klass == C_IN &&
	    answer_name_eq(name, qname)) {
		*off = o + 4;
		ret = 0;
	}
	ares_free_string(name);
	return ret;
}

/*
 * Follows the CNAME chain from qname through rrs; returns the name at its
 * end (qname or a->cname), or NULL on a loop, a chain over
 * DR_DNS_MAX_CNAME links, bad data or no memory.
 */
static const char *
follow_chain(const unsigned char *b, int len, struct rr *rrs, unsigned n,
    const char *qname, struct dns_answer *a)
{
	const char *cur = qname;
	unsigned k, hops = 0;

	for (;;) {
		for (k = 0; k < n; k++)
			if (rrs[k].type == DNS_CNAME && rrs[k].klass == C_IN &&
			    answer_name_eq(rrs[k].owner, cur))
				break;
		if (k == n)
			return cur;
		if (rrs[k].used || hops++ == DR_DNS_MAX_CNAME)
			return NULL;	/* a loop, or too long */
		rrs[k].used = true;
		free(a->cname);
		if ((a->cname = rdata_text(b, len, rrs[k].off, rrs[k].rdlen,
		    DNS_CNAME)) == NULL)
			return NULL;
		min_ttl(a, rrs[k].ttl);
		cur = a->cname;
	}
}

/* Takes the records of rrs that answer (owner, qtype). */
static int
take_records(const unsigned char *b, int len, struct rr *rrs, unsigned n,
    const char *owner, enum dns_type qtype, struct dns_answer *a)
{
	size_t txt_total = 0;
	char *text, **v;
	unsigned k;

	for (k = 0; k < n; k++) {
		if (rrs[k].used || rrs[k].type != (unsigned)qtype ||
		    rrs[k].klass != C_IN || !answer_name_eq(rrs[k].owner, owner))
			continue;
		rrs[k].used = true;
		if (a->n >= DR_DNS_MAX_RR)
			continue;
		if ((text = rdata_text(b, len, rrs[k].off, rrs[k].rdlen,
		    qtype)) == NULL)
			return -1;
		txt_total += strlen(text);
		if (txt_total > DR_DNS_TXT_MAX ||
		    (v = reallocarray(a->rr, a->n + 1, sizeof(*v))) == NULL) {
			free(text);
			return -1;
		}
		a->rr = v;
		a->rr[a->n++] = text;
		min_ttl(a, rrs[k].ttl);
	}
	return 0;
}

/* A negative answer's TTL from the SOA of an enclosing zone. */
static int
negative_ttl(const unsigned char *b, int len, int *off, unsigned ns,
    const char *owner, struct dns_answer *a)
{
	struct rr soa;
	unsigned long minimum;
	unsigned i;
	int o1, o2, ret = 0;

	for (i = 0; i < ns && ret == 0; i++) {
		memset(&soa, 0, sizeof(soa));
		if (read_rr(b, len, off, &soa) == -1)
			ret = -1;
		else if (a->n == 0 && soa.type == T_SOA && soa.klass == C_IN &&
		    is_zone_of(soa.owner, owner) &&
		    (o1 = skip_name(b, len, soa.off, NULL)) != -1 &&
		    (o2 = skip_name(b, len, o1, NULL)) != -1 &&
		    get32(b, len, o2 + 16, &minimum) == 0)
			min_ttl(a, soa.ttl < minimum ? soa.ttl : minimum);
		ares_free_string(soa.owner);
	}
	return ret;
}

int
answer_parse(const unsigned char *b, int len, const char *qname,
    enum dns_type qtype, struct dns_answer *a)
{
	struct rr *rrs = NULL;
	const char *end;
	unsigned qd, an, ns, i, nread = 0;
	int off = 12, ret = -1;

	a->ttl = -1;
	if (get16(b, len, 4, &qd) == -1 || get16(b, len, 6, &an) == -1 ||
	    get16(b, len, 8, &ns) == -1 || qd != 1 ||
	    read_question(b, len, &off, qname, qtype) == -1)
		goto done;
	/* a record takes 11 octets at least: an is bounded by len */
	if (an > (unsigned)len / 11 ||
	    (an > 0 && (rrs = calloc(an, sizeof(*rrs))) == NULL))
		goto done;
	for (nread = 0; nread < an; nread++)
		if (read_rr(b, len, &off, &rrs[nread]) == -1) {
			ares_free_string(rrs[nread].owner);
			goto done;
		}
	end = qtype == DNS_CNAME ? qname :
	    follow_chain(b, len, rrs, an, qname, a);
	if (end == NULL || take_records(b, len, rrs, an, end, qtype, a) == -1)
		goto done;
	/* records there, none of them an answer: a lie, not "no record" */
	for (i = 0; a->n == 0 && i < an; i++)
		if (!rrs[i].used && rrs[i].type != T_DNAME)
			goto done;
	if (negative_ttl(b, len, &off, ns, end, a) == -1)
		goto done;
	if (a->ttl < 0)
		a->ttl = 0;
	ret = 0;
done:
	for (i = 0; i < nread; i++)
		ares_free_string(rrs[i].owner);
	free(rrs);
	return ret;
}
