/*
 * util/conf.h -- the optional configuration file shared by dmarc-ingest
 * and dmarc-report (/etc/dmarc-rua.conf, docs/dmarc-rua.conf.example).
 *
 * Format: `key = value` lines; blank lines and lines whose first
 * non-blank character is `#` are ignored; no quoting, no inline comments
 * (a `#` inside a value is part of it: paths may hold one).  A CRLF line
 * end is accepted.  Every other oddity -- an unknown key, a key given
 * twice, a bad value, a NUL byte, a line over DR_CONF_MAX_LINE -- is an
 * error naming FILE:LINE and the key: a mistyped key silently ignored
 * would send reports to the wrong database.
 *
 * Precedence, applied by each program's option code: command line, then
 * environment (DMARC_RUA_DB), then this file, then the compiled default
 * (DR_DEFAULT_DB, set in CMakeLists.txt).
 */
#ifndef DR_CONF_H
#define DR_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/err.h"
#include "util/limits.h"

/* Both are defined once, in CMakeLists.txt (cache variables). */
#if !defined(DR_DEFAULT_CONFIG) || !defined(DR_DEFAULT_DB)
#error "DR_DEFAULT_CONFIG and DR_DEFAULT_DB come from CMakeLists.txt"
#endif

enum conf_key {
	CONF_DATABASE,		/* path of the database */
	CONF_DNS_SERVER,	/* IP[:PORT] or [IPv6]:PORT */
	CONF_DNS_TIMEOUT,	/* ms per try, 1..DR_HARD_DNS_TIMEOUT_MS */
	CONF_DNS_TRIES,		/* 1..DR_HARD_DNS_TRIES */
	CONF_DOMAINS,		/* default --domain list (space or comma) */
	CONF_MAIL_FROM,		/* html --mail: From address */
	CONF_MAIL_TO,		/* html --mail: To (one or a comma list) */
	CONF_MAILDIR,		/* dmarc-ingest: input when none is given */
	CONF_QUARANTINE,	/* dmarc-ingest: --quarantine */
	CONF_ASN_ZONE,		/* dmarc-report --asn-zone BASE */
	CONF_SERVICES_FILE,	/* dmarc-report: local services catalogue */
	CONF_WRITE_DATABASE,	/* dmarc-report --write-db: caches and alert
				   state when database is a standby */
	CONF__COUNT
};

struct conf {
	char		*path;			/* file read; NULL: none */
	char		*val[CONF__COUNT];	/* NULL: not set */
	unsigned	 line[CONF__COUNT];	/* where each was set */
	int		 dns_timeout_ms;	/* 0: not set */
	int		 dns_tries;		/* 0: not set */
	char		*domains[DR_CONF_MAX_DOMAINS];	/* into domain_buf */
	size_t		 n_domains;
	char		*domain_buf;
	bool		 is_world_writable;	/* and we run as root */
};

/*
 * The file to read: arg (--config FILE) if not NULL, else
 * $DMARC_RUA_CONFIG if set and not empty -- either must exist -- else
 * DR_DEFAULT_CONFIG, which may be missing.
 */
const char	*conf_pick(const char *arg, bool *must_exist);
/*
 * Reads path into c (zeroed first).  A missing file is 0 and an empty c
 * unless must_exist.  -1 with R_CONFIG ("FILE:LINE: ...") on any bad
 * line or unreadable file.  Release c with conf_release() either way.
 */
int		 conf_load(struct conf *c, const char *path, bool must_exist,
		    struct dr_err *err);
/* The parser itself, on len bytes named name (the unit tests' entry). */
int		 conf_parse(struct conf *c, const char *name, const char *data,
		    size_t len, struct dr_err *err);
/* Value of key, or NULL when the file does not set it (borrowed). */
const char	*conf_get(const struct conf *c, enum conf_key k);
const char	*conf_key_name(enum conf_key k);
/* A zone base for --asn-zone / asn-zone: a domain name of letters,
 * digits, '-' and '.', at most 100 bytes, no empty label. */
bool		 conf_is_zone(const char *v);
/* "prog: warning: FILE is world-writable..." when it is and we are root. */
void		 conf_warn(const struct conf *c, const char *prog, FILE *fp);
void		 conf_release(struct conf *c);

#endif
