/*
 * report/dns/resolver.c -- the c-ares channel behind report/resolver.h.
 *
 * Design rationale:
 *  - One channel; queries start at once up to DR_DNS_MAX_INFLIGHT, the
 *    rest wait in a FIFO and start as answers come back, so thousands of
 *    PTR lookups run concurrently without flooding a small resolver.
 *  - The reply is read by answer.c as the answer to the question asked:
 *    records of other owners (or of no CNAME chain from the name asked)
 *    are never taken, and a reply to another question is an error.
 *  - Statuses: NXDOMAIN and NODATA are answers; everything else (timeout,
 *    SERVFAIL, REFUSED, connection errors, malformed replies) is a
 *    temporary error that callers must not cache as "no record".  Each
 *    keeps its cause (DNS_REFUSED apart from DNS_SERVFAIL), so outputs say
 *    "could not check (refused)", and resolver_tally() counts them.
 *  - resolver_query() returns 0 when the callback has run or will run, and
 *    -1 only when it could not queue the query at all (out of memory); the
 *    callback is then not called.  A bad name is answered DNS_ERROR at once.
 *  - A TXT answer is capped at 64 KiB (DR_DNS_TXT_MAX).
 *  - Failover: c-ares normally drops a SERVFAIL or REFUSED reply and asks
 *    the next server, ending with ECONNREFUSED when all did so: the cause
 *    is lost.  ARES_FLAG_NOCHECKRESP keeps the reply (and its cause), but
 *    then the next server is never asked.  So the flag is set only when the
 *    channel has one server (--dns-server IP, or one nameserver in
 *    resolv.conf): the cause is kept where there is nothing to fail over
 *    to, and several servers (--dns-server A,B or resolv.conf) fail over.
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "report/dns/answer.h"
#include "report/dns/resolver.h"
#include "util/limits.h"

struct rq {
	struct resolver	*r;
	char		*name;
	enum dns_type	 type;
	resolver_cb	 cb;
	void		*arg;
	struct rq	*next;
};

struct resolver {
	ares_channel	 ch;
	size_t		 inflight;
	size_t		 max_inflight;
	size_t		 sent;
	struct rq	*head, *tail;	/* waiting to start */
	int		 destroying;
};

static int lib_refs;

const char *
dns_status_name(enum dns_status s)
{
	switch (s) {
	case DNS_OK:		return "ok";
	case DNS_NXDOMAIN:	return "nxdomain";
	case DNS_NODATA:	return "nodata";
	case DNS_SERVFAIL:	return "servfail";
	case DNS_TIMEOUT:	return "timeout";
	case DNS_ERROR:		return "error";
	case DNS_REFUSED:	return "refused";
	}
	return "error";
}

int
dns_status_is_temporary(enum dns_status s)
{
	return s == DNS_SERVFAIL || s == DNS_TIMEOUT || s == DNS_ERROR ||
	    s == DNS_REFUSED;
}

const char *
dns_status_cause(enum dns_status s)
{
	switch (s) {
	case DNS_SERVFAIL:	return "SERVFAIL";
	case DNS_TIMEOUT:	return "timeout";
	case DNS_REFUSED:	return "refused";
	case DNS_ERROR:		return "bad reply";
	default:		return NULL;
	}
}

/*
 * Process-wide, like lib_refs: the commands create and free several
 * resolvers (PTR names, policy checks, SPF today), and what main() needs
 * at the end is one answer -- did any lookup of this run fail, and why.
 * Threading a counter through every layer for that would touch every
 * API between main() and the resolver.
 */
static struct dns_tally tally;

void
resolver_tally(struct dns_tally *out)
{
	*out = tally;
}

void
dns_answer_release(struct dns_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		free(a->rr[i]);
	free(a->rr);
	free(a->cname);
	memset(a, 0, sizeof(*a));
}

/* Formats one "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 for c-ares. */
static int
server_csv(const char *server, char *out, size_t outlen)
{
	unsigned char a[16];
	char host[64];
	const char *p;
	int n;

	if (inet_pton(AF_INET6, server, a) == 1) {
		n = snprintf(out, outlen, "[%s]:53", server);
		return n < 0 || (size_t)n >= outlen ? -1 : 0;
	}
	if (server[0] == '[') {
		if ((p = strchr(server, ']')) == NULL || (size_t)(p - server - 1) >= sizeof(host))
			return -1;
		memcpy(host, server + 1, (size_t)(p - server - 1));
		host[p - server - 1] = '\0';
		if (inet_pton(AF_INET6, host, a) != 1 || (p[1] != '\0' && p[1] != ':'))
			return -1;
		p = p[1] == ':' ? p + 2 : NULL;
	} else {
		p = strchr(server, ':');
		if ((p ? (size_t)(p - server) : strlen(server)) >= sizeof(host))
			return -1;
		memcpy(host, server, p ? (size_t)(p - server) : strlen(server));
		host[p ? p - server : (long)strlen(server)] = '\0';
		if (inet_pton(AF_INET, host, a) != 1)
			return -1;
		if (p != NULL)
			p++;
	}
	if (p != NULL) {
		char *end;
		long port = strtol(p, &end, 10);

		if (*p == '\0' || *end != '\0' || port < 1 || port > 65535)
			return -1;
		n = snprintf(out, outlen, strchr(host, ':') ? "[%s]:%ld" : "%s:%ld",
		    host, port);
	} else
		n = snprintf(out, outlen, strchr(host, ':') ? "[%s]:53" : "%s:53", host);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* "A,B,..." (each as server_csv() takes it, spaces around commas allowed)
 * as the c-ares list in out; *n the number of servers. */
static int
servers_csv(const char *list, char *out, size_t outlen, size_t *n)
{
	char one[128], fmt[128];
	const char *p = list, *end;
	size_t len, used = 0;

	*n = 0;
	out[0] = '\0';
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(one) || ++*n > DR_DNS_MAX_SERVERS)
			return -1;
		memcpy(one, p, len);
		one[len] = '\0';
		if (server_csv(one, fmt, sizeof(fmt)) == -1 ||
		    used + strlen(fmt) + 2 > outlen)
			return -1;
		used += (size_t)snprintf(out + used, outlen - used, "%s%s",
		    used ? "," : "", fmt);
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

/* The number of servers the channel asks. */
static size_t
server_count(ares_channel ch)
{
	struct ares_addr_port_node *list = NULL, *s;
	size_t n = 0;

	if (ares_get_servers_ports(ch, &list) != ARES_SUCCESS)
		return 0;
	for (s = list; s != NULL; s = s->next)
		n++;
	ares_free_data(list);
	return n;
}

/* r->ch with the options, on the servers of csv (NULL: resolv.conf). */
static int
channel_init(struct resolver *r, const struct ares_options *opt,
    const char *csv)
{
	int rc;

	rc = ares_init_options(&r->ch, (struct ares_options *)opt,
	    ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS);
	if (rc != ARES_SUCCESS)
		return rc;
	if (csv != NULL && (rc = ares_set_servers_ports_csv(r->ch, csv)) !=
	    ARES_SUCCESS)
		ares_destroy(r->ch);
	return rc;
}

int
resolver_new(struct resolver **out, const char *server, int timeout_ms,
    int tries, struct dr_err *err)
{
	struct ares_options opt;
	struct resolver *r;
	char csv[DR_DNS_MAX_SERVERS * 64];
	size_t nserv = 0;
	int rc;

	*out = NULL;
	if (server != NULL && servers_csv(server, csv, sizeof(csv),
	    &nserv) == -1)
		return dr_fail(err, R_USAGE, "--dns-server '%s': expected IP[:PORT]"
		    " or [IPv6]:PORT, or up to %d of them separated by commas",
		    server, DR_DNS_MAX_SERVERS);
	if (lib_refs++ == 0 && (rc = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS) {
		lib_refs--;
		return dr_fail(err, R_INTERNAL, "c-ares: %s", ares_strerror(rc));
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		if (--lib_refs == 0)
			ares_library_cleanup();
		return dr_fail(err, R_NOMEM, "resolver");
	}
	memset(&opt, 0, sizeof(opt));
	opt.timeout = timeout_ms > 0 ? timeout_ms : DR_DNS_TIMEOUT_MS;
	opt.tries = tries > 0 ? tries : DR_DNS_TRIES;
	/* NOCHECKRESP only with one server (see the top of this file). */
	opt.flags = ARES_FLAG_NOSEARCH;
	rc = channel_init(r, &opt, server != NULL ? csv : NULL);
	if (rc == ARES_SUCCESS && (server != NULL ? nserv :
	    server_count(r->ch)) <= 1) {
		ares_destroy(r->ch);
		opt.flags |= ARES_FLAG_NOCHECKRESP;
		rc = channel_init(r, &opt, server != NULL ? csv : NULL);
	}
	if (rc != ARES_SUCCESS) {
		free(r);
		if (--lib_refs == 0)
			ares_library_cleanup();
		if (server != NULL && rc != ARES_ENOMEM)
			return dr_fail(err, R_USAGE, "--dns-server '%s': %s",
			    server, ares_strerror(rc));
		return dr_fail(err, R_INTERNAL, "c-ares init: %s",
		    ares_strerror(rc));
	}
	tally.server = server;
	*out = r;
	return 0;
}

void
resolver_free(struct resolver *r)
{
	struct rq *q;
	struct dns_answer a;

	if (r == NULL)
		return;
	r->destroying = 1;
	ares_destroy(r->ch);
	memset(&a, 0, sizeof(a));
	a.status = DNS_ERROR;
	while ((q = r->head) != NULL) {
		r->head = q->next;
		q->cb(q->arg, &a);
		free(q->name);
		free(q);
	}
	free(r);
	if (--lib_refs == 0)
		ares_library_cleanup();
}

static void start_waiting(struct resolver *r);

static void
on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct rq *q = arg;
	struct resolver *r = q->r;
	struct dns_answer a;

	(void)timeouts;
	memset(&a, 0, sizeof(a));
	switch (status) {
	case ARES_SUCCESS:	a.status = DNS_OK; break;
	case ARES_ENODATA:	a.status = DNS_NODATA; break;
	case ARES_ENOTFOUND:	a.status = DNS_NXDOMAIN; break;
	case ARES_ESERVFAIL:	a.status = DNS_SERVFAIL; break;
	case ARES_EREFUSED:
	case ARES_ECONNREFUSED:	a.status = DNS_REFUSED; break;
	case ARES_ETIMEOUT:	a.status = DNS_TIMEOUT; break;
	default:		a.status = DNS_ERROR; break;
	}
	if (abuf != NULL && alen >= 12 && !dns_status_is_temporary(a.status) &&
	    answer_parse(abuf, alen, q->name, q->type,
	    &a) == -1) {
		dns_answer_release(&a);
		a.status = DNS_ERROR;
	}
	if (a.status == DNS_OK && a.n == 0)
		a.status = DNS_NODATA;
	if (dns_status_is_temporary(a.status) && !r->destroying)
		tally.failed[a.status]++;
	r->inflight--;
	q->cb(q->arg, &a);
	dns_answer_release(&a);
	free(q->name);
	free(q);
	if (!r->destroying)
		start_waiting(r);
}

static void
start(struct resolver *r, struct rq *q)
{
	r->inflight++;
	r->sent++;
	if (r->inflight > r->max_inflight)
		r->max_inflight = r->inflight;
	ares_query(r->ch, q->name, 1 /* C_IN */, (int)q->type, on_answer, q);
}

static void
start_waiting(struct resolver *r)
{
	struct rq *q;

	while (r->head != NULL && r->inflight < DR_DNS_MAX_INFLIGHT) {
		q = r->head;
		if ((r->head = q->next) == NULL)
			r->tail = NULL;
		q->next = NULL;
		start(r, q);
	}
}

static bool
name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n > 0 && n <= DR_MAX_DOMAIN_LEN + 1;
}

int
resolver_query(struct resolver *r, const char *name, enum dns_type type,
    resolver_cb cb, void *arg)
{
	struct dns_answer a;
	struct rq *q;

	if (!name_ok(name)) {
		memset(&a, 0, sizeof(a));
		a.status = DNS_ERROR;
		cb(arg, &a);
		return 0;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL || (q->name = strdup(name)) == NULL) {
		free(q);
		return -1;
	}
	q->r = r;
	q->type = type;
	q->cb = cb;
	q->arg = arg;
	if (r->inflight < DR_DNS_MAX_INFLIGHT && r->head == NULL) {
		start(r, q);
		return 0;
	}
	if (r->tail != NULL)
		r->tail->next = q;
	else
		r->head = q;
	r->tail = q;
	return 0;
}

int
resolver_query_ptr(struct resolver *r, const char *ip, resolver_cb cb, void *arg)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char a[16];
	char name[80], *p = name;
	struct dns_answer ans;
	int i;

	if (inet_pton(AF_INET, ip, a) == 1) {
		(void)snprintf(name, sizeof(name), "%u.%u.%u.%u.in-addr.arpa",
		    a[3], a[2], a[1], a[0]);
	} else if (inet_pton(AF_INET6, ip, a) == 1) {
		for (i = 15; i >= 0; i--) {
			*p++ = hex[a[i] & 0xf];
			*p++ = '.';
			*p++ = hex[a[i] >> 4];
			*p++ = '.';
		}
		memcpy(p, "ip6.arpa", 9);
	} else {
		memset(&ans, 0, sizeof(ans));
		ans.status = DNS_ERROR;
		cb(arg, &ans);
		return 0;
	}
	return resolver_query(r, name, DNS_PTR, cb, arg);
}

/* c-ares's ARES_GETSOCK_WRITABLE shifts 1 into the sign bit of an int
 * (undefined behaviour) for the 16th socket: test the bits unsigned. */
static bool
sock_readable(int bits, int i)
{
	return ((unsigned)bits >> i) & 1u;
}

static bool
sock_writable(int bits, int i)
{
	return ((unsigned)bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u;
}

int
resolver_run(struct resolver *r)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	struct pollfd pfd[ARES_GETSOCK_MAXNUM];
	struct timeval tv, *tvp;
	int bits, i, n, ms, rc;

	start_waiting(r);
	while (r->inflight > 0 || r->head != NULL) {
		bits = ares_getsock(r->ch, socks, ARES_GETSOCK_MAXNUM);
		for (i = n = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			if (!sock_readable(bits, i) && !sock_writable(bits, i))
				continue;
			pfd[n].fd = socks[i];
			pfd[n].events = (sock_readable(bits, i) ? POLLIN : 0) |
			    (sock_writable(bits, i) ? POLLOUT : 0);
			pfd[n].revents = 0;
			n++;
		}
		tvp = ares_timeout(r->ch, NULL, &tv);
		ms = tvp ? (int)(tv.tv_sec * 1000 + tv.tv_usec / 1000) + 1 : 100;
		rc = poll(pfd, (nfds_t)n, ms);
		if (rc < 0)
			continue;
		if (rc == 0) {
			ares_process_fd(r->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
			continue;
		}
		for (i = 0; i < n; i++)
			ares_process_fd(r->ch,
			    pfd[i].revents & (POLLIN | POLLERR | POLLHUP) ? pfd[i].fd : ARES_SOCKET_BAD,
			    pfd[i].revents & POLLOUT ? pfd[i].fd : ARES_SOCKET_BAD);
		start_waiting(r);
	}
	return 0;
}

size_t
resolver_max_inflight(const struct resolver *r)
{
	return r->max_inflight;
}

size_t
resolver_queries_sent(const struct resolver *r)
{
	return r->sent;
}

struct sync_ctx {
	struct dns_answer	*out;
	int			 done;
	int			 failed;
};

static void
sync_cb(void *arg, const struct dns_answer *a)
{
	struct sync_ctx *c = arg;
	size_t i;

	c->done = 1;
	c->out->status = a->status;
	c->out->ttl = a->ttl;
	if (a->cname != NULL && (c->out->cname = strdup(a->cname)) == NULL)
		c->failed = 1;
	if (a->n > 0 && (c->out->rr = calloc(a->n, sizeof(char *))) == NULL) {
		c->failed = 1;
		return;
	}
	for (i = 0; i < a->n; i++) {
		if ((c->out->rr[i] = strdup(a->rr[i])) == NULL) {
			c->failed = 1;
			return;
		}
		c->out->n++;
	}
}

int
resolver_query_sync(struct resolver *r, const char *name, enum dns_type type,
    struct dns_answer *out)
{
	struct sync_ctx c = { out, 0, 0 };

	memset(out, 0, sizeof(*out));
	if (resolver_query(r, name, type, sync_cb, &c) == -1)
		return -1;
	if (!c.done)
		resolver_run(r);
	if (c.failed) {
		dns_answer_release(out);
		return -1;
	}
	return 0;
}

const char *
resolver_lib_version(void)
{
	return ares_version(NULL);
}
