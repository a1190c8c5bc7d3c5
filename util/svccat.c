/*
 * util/svccat.c -- the catalogue of sending services: parser and loader
 * (see util/svccat.h and the top of sql/services/catalogue.tsv).
 *
 * Design rationale: the catalogue is a few hundred lines, so it lives in
 * two flat arrays searched linearly -- a classification looks at a handful
 * of names per source.  Every line is checked (fields, kind, id, a domain's
 * characters, an ASN's range, a CIDR's prefix) and the first bad one is an
 * error naming FILE:LINE, as for the configuration file: a local rule
 * silently ignored would call an admin's own server "unknown".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/limits.h"
#include "util/hash.h"
#include "util/svccat.h"

#define SVC_MAX_FIELDS	8

static const char *const kind_word[SVC_KIND__N] = {
#define X(id, word, text) [id] = word,
	SVC_KINDS(X)
#undef X
};
static const char *const kind_text[SVC_KIND__N] = {
#define X(id, word, text) [id] = text,
	SVC_KINDS(X)
#undef X
};
static const char *const rule_word[SVC_RULE__N] = {
#define X(id, word) [id] = word,
	SVC_RULES(X)
#undef X
};

const char *
svccat_kind_word(enum svc_kind k)
{
	return (unsigned)k < SVC_KIND__N ? kind_word[k] : "?";
}

const char *
svccat_kind_text(enum svc_kind k)
{
	return (unsigned)k < SVC_KIND__N ? kind_text[k] : "?";
}

const char *
svccat_rule_word(enum svc_rule_kind k)
{
	return (unsigned)k < SVC_RULE__N ? rule_word[k] : "?";
}

long
svccat_find(const struct svccat *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->nsvc; i++)
		if (strcmp(cat->svc[i].id, id) == 0)
			return (long)i;
	return -1;
}

static bool
is_id(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-") == n;
}

/* A domain value: letters, digits, '-', '_', '.'; no empty label. */
static bool
is_domain(char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > DR_MAX_DOMAIN_LEN || s[0] == '.' || s[n - 1] == '.' ||
	    strstr(s, "..") != NULL)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-_.", s[i]) == NULL)
			return false;
	}
	return true;
}

static bool
parse_asn(const char *s, uint32_t *out)
{
	unsigned long long v = 0;
	size_t i;

	if (strncasecmp(s, "AS", 2) == 0)
		s += 2;
	if (s[0] == '\0' || strlen(s) > 10)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v == 0 || v > 4294967295ULL)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "192.0.2.0/24", "2001:db8::/32" or a bare address (a /32 or /128). */
static bool
parse_cidr(const char *s, struct svc_rule *r)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned long p;
	char *end;
	unsigned i;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(r->net, 0, sizeof(r->net));
	if (inet_pton(AF_INET, buf, r->net) == 1)
		r->family = 4;
	else if (inet_pton(AF_INET6, buf, r->net) == 1)
		r->family = 6;
	else
		return false;
	r->prefix = r->family == 4 ? 32 : 128;
	if (slash != NULL) {
		errno = 0;
		p = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end != '\0' ||
		    errno != 0 || p > r->prefix)
			return false;
		r->prefix = (unsigned)p;
	}
	/* Host bits are cleared, so 192.0.2.7/24 means 192.0.2.0/24. */
	for (i = r->prefix; i < (r->family == 4 ? 32u : 128u); i++)
		r->net[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	return true;
}

/* Is the address a (of the rule's family) inside ip rule r's network? */
static bool
net_holds(const struct svc_rule *r, const unsigned char *a)
{
	unsigned i;

	for (i = 0; i < r->prefix; i++)
		if ((a[i / 8] ^ r->net[i / 8]) & (0x80u >> (i % 8)))
			return false;
	return true;
}

bool
svccat_ip_in(const struct svc_rule *r, const char *addr)
{
	unsigned char a[16];

	if (r->kind != SVC_R_IP || addr == NULL)
		return false;
	memset(a, 0, sizeof(a));
	if (inet_pton(r->family == 4 ? AF_INET : AF_INET6, addr, a) != 1)
		return false;
	return net_holds(r, a);
}

/* The rules of kind: [*from, *to) of cat->key, or of cat->rule when
 * *by_key is false (no index yet). */
static void
kind_range(const struct svccat *cat, enum svc_rule_kind kind, size_t *from,
    size_t *to, bool *by_key)
{
	*by_key = cat->key != NULL;
	*from = *by_key ? cat->kfirst[kind] : 0;
	*to = *by_key ? cat->kfirst[kind + 1] : cat->nrule;
}

long
svccat_rule_ip(const struct svccat *cat, const char *addr)
{
	unsigned char a[16];
	const struct svc_rule *r;
	bool by_key;
	size_t i, from, to, j;
	long best = -1;
	int family;

	if (addr == NULL)
		return -1;
	memset(a, 0, sizeof(a));
	if (inet_pton(AF_INET, addr, a) == 1)
		family = 4;
	else if (inet_pton(AF_INET6, addr, a) == 1)
		family = 6;
	else
		return -1;
	kind_range(cat, SVC_R_IP, &from, &to, &by_key);
	for (i = from; i < to; i++) {
		j = by_key ? cat->key[i].rule : i;
		r = &cat->rule[j];
		if (r->kind == SVC_R_IP && r->family == family &&
		    (best < 0 || j < (size_t)best) && net_holds(r, a))
			best = (long)j;
	}
	return best;
}

long
svccat_rule_asn(const struct svccat *cat, uint32_t asn)
{
	bool by_key;
	size_t i, from, to, j;
	long best = -1;

	kind_range(cat, SVC_R_ASN, &from, &to, &by_key);
	for (i = from; i < to; i++) {
		j = by_key ? cat->key[i].rule : i;
		if (cat->rule[j].kind == SVC_R_ASN && cat->rule[j].asn == asn &&
		    (best < 0 || j < (size_t)best))
			best = (long)j;
	}
	return best;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

static void
service_free(struct svc_service *s)
{
	free(s->id);
	free(s->name);
	free(s->source);
	free(s->dkim_fix);
	free(s->spf_fix);
}

static int
add_service(struct svccat *cat, char **f, size_t nf, bool is_local,
    const char *where, struct dr_err *err)
{
	struct svc_service s, *v;
	long at;
	int k;

	if (nf < 5 || nf > 7)
		return dr_fail(err, R_CONFIG, "%s: a service line has 5 to 7"
		    " tab-separated fields (service, id, kind, name, source URL,"
		    " [dkim fix], [spf fix]), not %zu", where, nf);
	if (!is_id(f[1]))
		return dr_fail(err, R_CONFIG, "%s: service id '%.64s': expected"
		    " a-z, 0-9 and '-' (at most 64)", where, f[1]);
	for (k = 0; k < SVC_KIND__N; k++)
		if (strcmp(f[2], kind_word[k]) == 0)
			break;
	if (k == SVC_KIND__N || (k == SVC_OURS && !is_local))
		return dr_fail(err, R_CONFIG, "%s: service kind '%.64s': expected"
		    " mailbox, esp, transactional, crm, gateway, list%s", where,
		    f[2], is_local ? " or ours" : "");
	if (f[3][0] == '\0')
		return dr_fail(err, R_CONFIG, "%s: service '%s' has no name",
		    where, f[1]);
	if (!is_local && strncmp(f[4], "https://", 8) != 0 &&
	    strncmp(f[4], "http://", 7) != 0)
		return dr_fail(err, R_CONFIG, "%s: service '%s': the source is"
		    " the URL of its SPF/DKIM documentation, not '%.64s'", where,
		    f[1], f[4]);
	if ((at = svccat_find(cat, f[1])) >= 0 &&
	    cat->svc[at].text == cat->ntext)
		return dr_fail(err, R_CONFIG, "%s: service '%s' defined twice",
		    where, f[1]);
	memset(&s, 0, sizeof(s));
	s.kind = (enum svc_kind)k;
	s.is_local = is_local;
	s.text = cat->ntext;
	if ((s.id = strdup(f[1])) == NULL || (s.name = strdup(f[3])) == NULL ||
	    (s.source = strdup(f[4])) == NULL ||
	    (nf > 5 && f[5][0] != '\0' && (s.dkim_fix = dup_or_null(f[5])) == NULL) ||
	    (nf > 6 && f[6][0] != '\0' && (s.spf_fix = dup_or_null(f[6])) == NULL)) {
		service_free(&s);
		return dr_fail(err, R_NOMEM, "%s", where);
	}
	if (at >= 0) {
		service_free(&cat->svc[at]);
		cat->svc[at] = s;
		return 0;
	}
	if (cat->nsvc == cat->capsvc) {
		v = reallocarray(cat->svc, cat->capsvc ? cat->capsvc * 2 : 256,
		    sizeof(*v));
		if (v == NULL) {
			service_free(&s);
			return dr_fail(err, R_NOMEM, "%s", where);
		}
		cat->svc = v;
		cat->capsvc = cat->capsvc ? cat->capsvc * 2 : 256;
	}
	cat->svc[cat->nsvc++] = s;
	return 0;
}

static int
add_rule(struct svccat *cat, char **f, size_t nf, int kind, bool is_local,
    const char *where, struct dr_err *err)
{
	struct svc_rule r, *v;
	long svc;
	size_t i;

	if (nf != 3)
		return dr_fail(err, R_CONFIG, "%s: a %s rule has 3 tab-separated"
		    " fields (%s, service id, value), not %zu", where,
		    rule_word[kind], rule_word[kind], nf);
	if ((svc = svccat_find(cat, f[1])) < 0)
		return dr_fail(err, R_CONFIG, "%s: %s rule for service '%.64s',"
		    " which no service line above defines", where,
		    rule_word[kind], f[1]);
	memset(&r, 0, sizeof(r));
	r.kind = (enum svc_rule_kind)kind;
	r.service = (size_t)svc;
	r.is_local = is_local;
	r.text = cat->ntext;
	if ((kind == SVC_R_DKIM || kind == SVC_R_SPF || kind == SVC_R_PTR) &&
	    !is_domain(f[2]))
		return dr_fail(err, R_CONFIG, "%s: %s rule '%.64s': expected a"
		    " domain name (example.net)", where, rule_word[kind], f[2]);
	if (kind == SVC_R_ASN && !parse_asn(f[2], &r.asn))
		return dr_fail(err, R_CONFIG, "%s: asn rule '%.64s': expected an"
		    " AS number, 1 to 4294967295", where, f[2]);
	if (kind == SVC_R_IP && !parse_cidr(f[2], &r))
		return dr_fail(err, R_CONFIG, "%s: ip rule '%.64s': expected an"
		    " address or CIDR (192.0.2.0/24, 2001:db8::/32)", where, f[2]);
	for (i = 0; i < cat->nrule; i++) {
		if (cat->rule[i].kind != r.kind ||
		    strcmp(cat->rule[i].value, f[2]) != 0)
			continue;
		if (cat->rule[i].text == cat->ntext)
			return dr_fail(err, R_CONFIG, "%s: %s rule '%.64s' given"
			    " twice (each value belongs to one service)", where,
			    rule_word[kind], f[2]);
		cat->rule[i].service = r.service;	/* the local file wins */
		cat->rule[i].is_local = is_local;
		cat->rule[i].text = cat->ntext;
		return 0;
	}
	if ((r.value = strdup(f[2])) == NULL)
		return dr_fail(err, R_NOMEM, "%s", where);
	if (cat->nrule == cat->caprule) {
		v = reallocarray(cat->rule, cat->caprule ? cat->caprule * 2 : 1024,
		    sizeof(*v));
		if (v == NULL) {
			free(r.value);
			return dr_fail(err, R_NOMEM, "%s", where);
		}
		cat->rule = v;
		cat->caprule = cat->caprule ? cat->caprule * 2 : 1024;
	}
	cat->rule[cat->nrule++] = r;
	return 0;
}

static int
parse_line(struct svccat *cat, char *line, bool is_local, const char *where,
    struct dr_err *err)
{
	char *f[SVC_MAX_FIELDS] = { NULL }, *p = line, *tab;
	size_t nf = 0, i;
	int k;

	if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
		return 0;
	for (i = 0; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			return dr_fail(err, R_CONFIG, "%s: control character in the"
			    " line", where);
	for (;;) {
		if (nf == SVC_MAX_FIELDS)
			return dr_fail(err, R_CONFIG, "%s: more than %d fields",
			    where, SVC_MAX_FIELDS);
		f[nf++] = p;
		if ((tab = strchr(p, '\t')) == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (strcmp(f[0], "service") == 0)
		return add_service(cat, f, nf, is_local, where, err);
	for (k = 0; k < SVC_RULE__N; k++)
		if (strcmp(f[0], rule_word[k]) == 0)
			return add_rule(cat, f, nf, k, is_local, where, err);
	return dr_fail(err, R_CONFIG, "%s: '%.64s': expected a line starting"
	    " with service, dkim, spf, ptr, asn or ip and a tab", where, f[0]);
}

static int
key_cmp(const void *a, const void *b)
{
	const struct svc_key *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* cat->key: every rule by (kind, value), for svccat_rule_find(). */
static int
index_rules(struct svccat *cat, struct dr_err *err)
{
	size_t i;
	int k;

	free(cat->key);
	cat->nkey = 0;
	if ((cat->key = calloc(cat->nrule + 1, sizeof(*cat->key))) == NULL)
		return dr_fail(err, R_NOMEM, "services catalogue index");
	for (i = 0; i < cat->nrule; i++)
		cat->key[i] = (struct svc_key){ (int)cat->rule[i].kind,
		    cat->rule[i].value, i };
	cat->nkey = cat->nrule;
	if (cat->nkey > 1)
		qsort(cat->key, cat->nkey, sizeof(*cat->key), key_cmp);
	for (k = 0, i = 0; k <= SVC_RULE__N; k++) {
		while (i < cat->nkey && cat->key[i].kind < k)
			i++;
		cat->kfirst[k] = i;
	}
	return 0;
}

long
svccat_rule_find(const struct svccat *cat, enum svc_rule_kind kind,
    const char *value)
{
	struct svc_key k = { (int)kind, value, 0 }, *hit;
	size_t i;

	if (cat->key == NULL) {		/* not indexed: the long way */
		for (i = 0; i < cat->nrule; i++)
			if (cat->rule[i].kind == kind &&
			    strcmp(cat->rule[i].value, value) == 0)
				return (long)i;
		return -1;
	}
	if (cat->nkey == 0)
		return -1;
	hit = bsearch(&k, cat->key, cat->nkey, sizeof(*cat->key), key_cmp);
	return hit != NULL ? (long)hit->rule : -1;
}

int
svccat_parse(struct svccat *cat, const char *name, const char *text,
    size_t len, bool is_local, struct dr_err *err)
{
	char line[DR_CONF_MAX_LINE + 2], where[600];
	const char *p = text, *end = text + len, *nl;
	unsigned ln = 0;
	size_t n;

	cat->ntext++;
	free(cat->key);		/* stale until the text is read: the long way */
	cat->key = NULL;
	cat->nkey = 0;
	while (p < end) {
		ln++;
		(void)snprintf(where, sizeof(where), "%.512s:%u", name, ln);
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > DR_CONF_MAX_LINE)
			return dr_fail(err, R_CONFIG, "%s: line longer than %d"
			    " bytes", where, DR_CONF_MAX_LINE);
		if (memchr(p, '\0', n) != NULL)
			return dr_fail(err, R_CONFIG, "%s: NUL byte in the line",
			    where);
		memcpy(line, p, n);
		line[n] = '\0';
		if (parse_line(cat, line, is_local, where, err) == -1)
			return -1;
		p = nl != NULL ? nl + 1 : end;
	}
	return index_rules(cat, err);
}

static int
load_file(struct svccat *cat, const char *path, bool must_exist,
    struct dr_err *err)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 && errno == ENOENT && !must_exist)
		return 0;
	if (fd == -1)
		return dr_fail(err, R_CONFIG, "%s: %s (the services-file of the"
		    " configuration)", path, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		dr_fail(err, R_CONFIG, "%s: not a regular file", path);
		goto done;
	}
	if ((buf = malloc(DR_SVC_MAX_BYTES + 1)) == NULL) {
		dr_fail(err, R_NOMEM, "%s", path);
		goto done;
	}
	while (len < DR_SVC_MAX_BYTES + 1) {
		r = read(fd, buf + len, DR_SVC_MAX_BYTES + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			dr_fail(err, R_CONFIG, "%s: %s", path, strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > DR_SVC_MAX_BYTES) {
		dr_fail(err, R_CONFIG, "%s: larger than %d bytes", path,
		    DR_SVC_MAX_BYTES);
		goto done;
	}
	rc = svccat_parse(cat, path, buf, len, true, err);
done:
	free(buf);
	close(fd);
	return rc;
}

int
svccat_load(struct svccat *cat, const char *path, bool must_exist,
    struct dr_err *err)
{
	memset(cat, 0, sizeof(*cat));
	if (svccat_parse(cat, "sql/services/catalogue.tsv", svccat_shipped,
	    svccat_shipped_len, false, err) == -1 ||
	    (path != NULL && load_file(cat, path, must_exist, err) == -1)) {
		svccat_release(cat);
		return -1;
	}
	return 0;
}

void
svccat_shipped_version(char out[17])
{
	uint64_t h = dr_fnv_bytes(DR_FNV_BASIS, svccat_shipped,
	    svccat_shipped_len);

	(void)snprintf(out, 17, "%016llx", (unsigned long long)h);
}

void
svccat_release(struct svccat *cat)
{
	size_t i;

	for (i = 0; i < cat->nsvc; i++)
		service_free(&cat->svc[i]);
	for (i = 0; i < cat->nrule; i++)
		free(cat->rule[i].value);
	free(cat->svc);
	free(cat->rule);
	free(cat->key);
	memset(cat, 0, sizeof(*cat));
}
