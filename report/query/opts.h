/*
 * report/query/opts.h -- what every dmarc-report question shares: the
 * policy domains asked about, the time window, the output format and
 * whether DNS may be used (struct report_opts), and the window helpers.
 *
 * The folder report/query/ turns a question into rows: window.c (the
 * window), failures.c, summary.c, sources.c, align_check.c and weekly*.c
 * (the aggregations).  It may use util/, store/ (through its read API,
 * never sqlite3 itself) and report/dns/ (PTR names for rows); never the
 * output, check or command layers above it.
 */
#ifndef DR_QUERY_OPTS_H
#define DR_QUERY_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum report_format {
	FMT_TABLE,		/* aligned text for people (the default) */
	FMT_CSV,		/* RFC 4180 */
	FMT_JSON,		/* one JSON document */
};

#define REPORT_MAX_DOMAINS	64

struct report_opts {
	const char	*config;	/* --config FILE or NULL */
	const char	*db_path;	/* --db, $DMARC_RUA_DB, config, DR_DEFAULT_DB */
	const char	*write_db;	/* --write-db, $DMARC_RUA_WRITE_DB, config:
					   caches and alert state when db_path
					   is a read-only PostgreSQL server */
	const char	*domains[REPORT_MAX_DOMAINS];	/* --domain (lower-cased) */
	size_t		 n_domains;	/* 0: every domain with data */
	const char	*since_arg;	/* --since YYYY-MM-DD */
	const char	*until_arg;	/* --until YYYY-MM-DD (inclusive day) */
	int		 days;		/* --days N; 0 when not given */
	int64_t		 win_start;	/* window [win_start, win_end), Unix s, UTC */
	int64_t		 win_end;
	enum report_format format;
	bool		 no_dns;	/* --no-dns: cache only, no queries */
	const char	*dns_server;	/* --dns-server IP[:PORT] or NULL */
	const char	*asn_zone;	/* --asn-zone BASE, config asn-zone,
					 * or NULL: ASN_ZONE_DEFAULT */
	bool		 no_asn;	/* --no-asn: no ASN columns, no lookups */
	int		 dns_timeout_ms;	/* config dns-timeout; 0: default */
	int		 dns_tries;	/* config dns-tries; 0: default */
	const char	*mail_from;	/* config mail-from (html --mail) */
	const char	*mail_to;	/* config mail-to (html --mail) */
	const char	*services_file;	/* config services-file, or NULL: the
					   default, SVC_DEFAULT_LOCAL */
	bool		 help;		/* -h / --help seen */
	bool		 wide;		/* --wide: tables keep every column */
	size_t		 term_cols;	/* tables fit this width; 0: no limit */
	bool		 version;	/* --version seen */
};

/* Fills win_start/win_end from since/until/days and the
 * current time now (Unix s).  Default: the last 7 days including today. */
int	window_resolve(struct report_opts *o, int64_t now, struct dr_err *err);
/* Parses "YYYY-MM-DD" as 00:00 UTC of that day; -1 when invalid. */
int	window_parse_day(const char *s, int64_t *out);
/* Writes "YYYY-MM-DD" of t (UTC) into out (at least 11 bytes). */
void	window_fmt_day(int64_t t, char *out, size_t outlen);
/* "2026-11-09 .. 2026-11-15" for messages. */
void	window_describe(const struct report_opts *o, char *out, size_t outlen);

#endif
