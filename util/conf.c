/*
 * util/conf.c -- reads the configuration file (format and precedence in
 * util/conf.h).
 *
 * Design rationale: the file is small and written by an administrator,
 * but it decides where reports go, so every line either means exactly one
 * documented thing or is an error that names FILE:LINE and the key.  The
 * parser works on bytes with lengths (a NUL byte is an error, not the end
 * of a line), caps the line and file length (util/limits.h), and checks
 * each value as the program would use it, so a bad value is reported
 * against its line rather than later as a bad option.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/conf.h"
#include "util/vis.h"

static const char *const key_names[CONF__COUNT] = {
	[CONF_DATABASE] = "database",
	[CONF_DNS_SERVER] = "dns-server",
	[CONF_DNS_TIMEOUT] = "dns-timeout",
	[CONF_DNS_TRIES] = "dns-tries",
	[CONF_DOMAINS] = "domains",
	[CONF_MAIL_FROM] = "mail-from",
	[CONF_MAIL_TO] = "mail-to",
	[CONF_MAILDIR] = "maildir",
	[CONF_QUARANTINE] = "quarantine",
	[CONF_ASN_ZONE] = "asn-zone",
	[CONF_SERVICES_FILE] = "services-file",
	[CONF_WRITE_DATABASE] = "write-database",
};

#define KEYS_TEXT	"asn-zone, database, dns-server, dns-timeout, dns-tries, domains," \
			" mail-from, mail-to, maildir, quarantine, services-file," \
			" write-database"

const char *
conf_key_name(enum conf_key k)
{
	return k < CONF__COUNT ? key_names[k] : "?";
}

bool
conf_is_zone(const char *v)
{
	size_t n = strlen(v), i;

	if (n == 0 || n > 100 || v[0] == '.' || v[n - 1] == '.' ||
	    strstr(v, "..") != NULL)
		return false;
	for (i = 0; i < n; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' &&
		    v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9') ||
		    v[i] == '-' || v[i] == '.'))
			return false;
	return true;
}

const char *
conf_get(const struct conf *c, enum conf_key k)
{
	return k < CONF__COUNT ? c->val[k] : NULL;
}

const char *
conf_pick(const char *arg, bool *must_exist)
{
	const char *env = getenv("DMARC_RUA_CONFIG");

	*must_exist = true;
	if (arg != NULL)
		return arg;
	if (env != NULL && *env != '\0')
		return env;
	*must_exist = false;
	return DR_DEFAULT_CONFIG;
}

static bool
is_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int
int_value(const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* IP, IP:PORT, IPv6 or [IPv6]:PORT. */
static bool
is_server(const char *s)
{
	char host[INET6_ADDRSTRLEN + 1];
	unsigned char addr[sizeof(struct in6_addr)];
	const char *port = NULL, *colon = strchr(s, ':'), *close;
	size_t n;
	int p;

	if (s[0] == '[') {
		if ((close = strchr(s, ']')) == NULL || close[1] != ':')
			return false;
		n = (size_t)(close - s - 1);
		port = close + 2;
		if (n >= sizeof(host))
			return false;
		memcpy(host, s + 1, n);
		host[n] = '\0';
		return inet_pton(AF_INET6, host, addr) == 1 &&
		    int_value(port, 1, 65535, &p) == 0;
	}
	if (colon != NULL && strchr(colon + 1, ':') != NULL)
		return inet_pton(AF_INET6, s, addr) == 1;
	n = colon != NULL ? (size_t)(colon - s) : strlen(s);
	if (n >= sizeof(host))
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	if (colon != NULL && int_value(colon + 1, 1, 65535, &p) == -1)
		return false;
	return inet_pton(AF_INET, host, addr) == 1;
}

static int
split_domains(struct conf *c, const char *v)
{
	char *p, *tok, *save = NULL;

	if ((c->domain_buf = strdup(v)) == NULL)
		return -1;
	for (p = c->domain_buf; (tok = strtok_r(p, " \t,", &save)) != NULL;
	    p = NULL) {
		if (c->n_domains >= DR_CONF_MAX_DOMAINS ||
		    strlen(tok) > DR_MAX_DOMAIN_LEN)
			return -1;
		c->domains[c->n_domains++] = tok;
	}
	return c->n_domains > 0 ? 0 : -1;
}

/* Checks v for key k; what a good value looks like on failure. */
/* A --dns-server value: servers separated by commas (spaces allowed),
 * DR_DNS_MAX_SERVERS at most, as report/dns/resolver.c reads it. */
static bool
is_server_list(const char *s)
{
	char one[INET6_ADDRSTRLEN + 16];
	const char *end;
	size_t len, n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		end = strchr(s, ',');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len == 0 || len >= sizeof(one) || ++n > DR_DNS_MAX_SERVERS)
			return false;
		memcpy(one, s, len);
		one[len] = '\0';
		if (!is_server(one))
			return false;
		if (end == NULL)
			return true;
		s = end + 1;
	}
}

static const char *
check_value(struct conf *c, enum conf_key k, const char *v)
{
	switch (k) {
	case CONF_DATABASE:
	case CONF_WRITE_DATABASE:
	case CONF_MAILDIR:
	case CONF_QUARANTINE:
	case CONF_SERVICES_FILE:
		return strlen(v) < PATH_MAX ? NULL : "a path shorter than PATH_MAX";
	case CONF_ASN_ZONE:
		return conf_is_zone(v) ? NULL : "a domain name such as asn.cymru.com";
	case CONF_DNS_SERVER:
		return is_server_list(v) ? NULL : "IP[:PORT] or [IPv6]:PORT,"
		    " or several separated by commas";
	case CONF_DNS_TIMEOUT:
		return int_value(v, 1, DR_HARD_DNS_TIMEOUT_MS,
		    &c->dns_timeout_ms) == 0 ? NULL :
		    "milliseconds per try, 1 to 60000";
	case CONF_DNS_TRIES:
		return int_value(v, 1, DR_HARD_DNS_TRIES, &c->dns_tries) == 0 ?
		    NULL : "a number of tries, 1 to 10";
	case CONF_DOMAINS:
		return split_domains(c, v) == 0 ? NULL :
		    "1 to 64 domain names separated by spaces or commas";
	case CONF_MAIL_FROM:
	case CONF_MAIL_TO:
		return strchr(v, '@') != NULL && strlen(v) <= 998 &&
		    (unsigned char)v[strspn(v, "!\"#$%&'()*+,-./0123456789:;<=>?@"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
		    "{|}~ ")] == '\0' ? NULL : "an e-mail address (ASCII)";
	default:
		return "a known key";
	}
}

static char *
trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	return s;
}

/* One line (NUL-terminated, no line end). */
static int
parse_line(struct conf *c, const char *name, unsigned ln, char *line,
    struct dr_err *err)
{
	char *eq, *key, *val;
	const char *want;
	int k;

	key = trim(line, line + strlen(line));
	if (*key == '\0' || *key == '#')
		return 0;
	if ((eq = strchr(key, '=')) == NULL)
		return dr_fail(err, R_CONFIG, "%s:%u: expected 'key = value'",
		    name, ln);
	val = trim(eq + 1, eq + 1 + strlen(eq + 1));
	key = trim(key, eq);
	for (k = 0; k < CONF__COUNT; k++)
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == CONF__COUNT)
		return dr_fail(err, R_CONFIG, "%s:%u: unknown key '%.64s'"
		    " (keys: " KEYS_TEXT ")", name, ln, key);
	if (c->val[k] != NULL)
		return dr_fail(err, R_CONFIG, "%s:%u: %s: given twice (first on"
		    " line %u)", name, ln, key, c->line[k]);
	if (*val == '\0')
		return dr_fail(err, R_CONFIG, "%s:%u: %s: empty value", name, ln,
		    key);
	if (!is_printable(val))
		return dr_fail(err, R_CONFIG, "%s:%u: %s: control character in"
		    " the value", name, ln, key);
	if ((want = check_value(c, (enum conf_key)k, val)) != NULL)
		return dr_fail(err, R_CONFIG, "%s:%u: %s: '%.64s': expected %s",
		    name, ln, key, val, want);
	if ((c->val[k] = strdup(val)) == NULL)
		return dr_fail(err, R_NOMEM, "%s:%u: %s", name, ln, key);
	c->line[k] = ln;
	return 0;
}

int
conf_parse(struct conf *c, const char *name, const char *data, size_t len,
    struct dr_err *err)
{
	char line[DR_CONF_MAX_LINE + 2];
	const char *p = data, *end = data + len, *nl;
	unsigned ln = 0;
	size_t n;

	if (len > DR_CONF_MAX_BYTES)
		return dr_fail(err, R_CONFIG, "%s: larger than %d bytes", name,
		    DR_CONF_MAX_BYTES);
	while (p < end) {
		ln++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > DR_CONF_MAX_LINE)
			return dr_fail(err, R_CONFIG, "%s:%u: line longer than %d"
			    " bytes", name, ln, DR_CONF_MAX_LINE);
		if (memchr(p, '\0', n) != NULL)
			return dr_fail(err, R_CONFIG, "%s:%u: NUL byte in the line",
			    name, ln);
		memcpy(line, p, n);
		line[n] = '\0';
		if (parse_line(c, name, ln, line, err) == -1)
			return -1;
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

static int
read_all(int fd, char *buf, size_t cap, size_t *len)
{
	ssize_t r;

	*len = 0;
	while (*len < cap) {
		r = read(fd, buf + *len, cap - *len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	return 0;
}

int
conf_load(struct conf *c, const char *path, bool must_exist,
    struct dr_err *err)
{
	struct stat st;
	char *buf = NULL;
	size_t len;
	int fd = -1, rc = -1;

	memset(c, 0, sizeof(*c));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 && errno == ENOENT && !must_exist)
		return 0;
	if (fd == -1) {
		dr_fail(err, R_CONFIG, "%s: %s%s", path, strerror(errno),
		    errno == ENOENT ? " (given by --config or DMARC_RUA_CONFIG)" :
		    "");
		goto done;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		dr_fail(err, R_CONFIG, "%s: not a regular file", path);
		goto done;
	}
	c->is_world_writable = geteuid() == 0 && (st.st_mode & S_IWOTH);
	/* One byte over the cap to see that the file is too large. */
	if ((buf = malloc(DR_CONF_MAX_BYTES + 1)) == NULL) {
		dr_fail(err, R_NOMEM, "%s", path);
		goto done;
	}
	if (read_all(fd, buf, DR_CONF_MAX_BYTES + 1, &len) == -1) {
		dr_fail(err, R_CONFIG, "%s: %s", path, strerror(errno));
		goto done;
	}
	if ((c->path = strdup(path)) == NULL) {
		dr_fail(err, R_NOMEM, "%s", path);
		goto done;
	}
	rc = conf_parse(c, path, buf, len, err);
done:
	free(buf);
	if (fd != -1)
		close(fd);
	return rc;
}

void
conf_warn(const struct conf *c, const char *prog, FILE *fp)
{
	if (c->path == NULL || !c->is_world_writable)
		return;
	fprintf(fp, "%s: warning: ", prog);
	vis_fputs(fp, c->path);
	fputs(" is world-writable and read as root: anyone can choose the"
	    " database; chmod o-w it\n", fp);
}

void
conf_release(struct conf *c)
{
	int k;

	if (c == NULL)
		return;
	for (k = 0; k < CONF__COUNT; k++)
		free(c->val[k]);
	free(c->domain_buf);
	free(c->path);
	memset(c, 0, sizeof(*c));
}
