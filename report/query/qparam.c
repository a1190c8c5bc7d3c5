/*
 * report/query/qparam.c -- typed parameters of the named queries (see
 * qparam.h for the header line and the rules of each type).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/query/opts.h"
#include "report/query/qparam.h"
#include "store/idn.h"

#define DAY	86400

static const char *const type_names[] = {
	[QP_DATE] = "date", [QP_DOMAIN] = "domain", [QP_INT] = "int",
	[QP_TEXT] = "text",
};

const char *
qparam_type_name(enum qparam_type t)
{
	return (size_t)t < sizeof(type_names) / sizeof(type_names[0]) ?
	    type_names[t] : "?";
}

const struct qparam *
qparam_find(const struct qparam *p, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return &p[i];
	return NULL;
}

/* One comment line (without its newline): 1 and *out filled when it is a
 * declaration, 0 when it is prose, -1 when it is a broken declaration. */
static int
parse_line(const char *s, size_t len, struct qparam *out)
{
	const char *e = s + len, *w;
	size_t n, t;

	s += 2;					/* "--" */
	if (s >= e || (*s != ' ' && *s != '\t'))
		return 0;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= e || *s != ':')
		return 0;
	for (w = s + 1; w < e && (isalnum((unsigned char)*w) || *w == '_'); w++)
		;
	n = (size_t)(w - s);
	if (n < 2 || n >= sizeof(out->name) || (w < e && *w != ' ' && *w != '\t'))
		return -1;
	memcpy(out->name, s, n);
	out->name[n] = '\0';
	while (w < e && (*w == ' ' || *w == '\t'))
		w++;
	for (s = w; w < e && *w != ' ' && *w != '\t'; w++)
		;
	for (t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++)
		if (strlen(type_names[t]) == (size_t)(w - s) &&
		    strncmp(type_names[t], s, (size_t)(w - s)) == 0) {
			out->type = (enum qparam_type)t;
			return 1;
		}
	return -1;
}

int
qparam_parse(const char *sql, struct qparam *out, size_t max, size_t *n)
{
	const char *s = sql, *nl;
	struct qparam p;
	size_t len;
	int rc;

	*n = 0;
	while (strncmp(s, "--", 2) == 0) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if ((rc = parse_line(s, len, &p)) == -1)
			return -1;
		if (rc == 1) {
			if (*n == max || qparam_find(out, *n, p.name) != NULL)
				return -1;
			out[(*n)++] = p;
		}
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	return 0;
}

int
qparam_domain(const char *arg, char *out, size_t outlen)
{
	char d[1024];
	size_t n = strlen(arg);

	if (n >= sizeof(d))
		return -1;
	memcpy(d, arg, n + 1);
	if (n > 0 && d[n - 1] == '.')
		d[--n] = '\0';
	if (n == 0 || idn_to_ascii(d, out, outlen) == -1 || out[0] == '\0')
		return -1;
	return 0;
}

/* -?[0-9]{1,18}: no sign '+', no blank, no hex, fits 64 bits. */
static int
parse_int(const char *v, int64_t *out)
{
	size_t i = v[0] == '-', n;

	n = strlen(v + i);
	if (n == 0 || n > 18)
		return -1;
	for (; v[i]; i++)
		if (v[i] < '0' || v[i] > '9')
			return -1;
	*out = strtoll(v, NULL, 10);
	return 0;
}

int
qparam_value(const struct qparam *p, const char *v, struct qparam_val *out,
    const char **why)
{
	memset(out, 0, sizeof(*out));
	switch (p->type) {
	case QP_DATE:
		*why = "expected a date YYYY-MM-DD";
		if (window_parse_day(v, &out->i) == -1)
			return -1;
		/* :until names the last day, inclusive, like --until */
		if (strcmp(p->name, ":until") == 0)
			out->i += DAY;
		out->is_int = true;
		return 0;
	case QP_DOMAIN:
		*why = "expected a domain name";
		if (qparam_domain(v, out->buf, sizeof(out->buf)) == -1)
			return -1;
		out->text = out->buf;
		return 0;
	case QP_INT:
		*why = "expected a decimal integer";
		if (parse_int(v, &out->i) == -1)
			return -1;
		out->is_int = true;
		return 0;
	case QP_TEXT:
		out->text = v;
		return 0;
	}
	*why = "unknown parameter type";
	return -1;
}
