/*
 * report/query/qparam.h -- the typed parameters of the named queries
 * (sql/queries/NAME.sql, `dmarc-report query NAME key=value...`).
 *
 * Design rationale: a query file is its own documentation and runs as is
 * in sqlite3, so the types live in its header comment, one machine-readable
 * line per parameter:
 *
 *   --   :since   date    first day of the window
 *
 * (two dashes, blanks, the :name, a type, the meaning).  The types are
 * date (exactly YYYY-MM-DD, a real calendar day, bound as Unix seconds:
 * 00:00 UTC, or for :until the next day's 00:00, as --until is
 * inclusive), domain (normalized like --domain: trailing dot dropped,
 * lower case, A-labels), int (strictly decimal) and text.  A value that
 * does not fit its type is refused with the parameter's name, never bound
 * as text that a comparison would silently ignore (until=2026-11-31 used
 * to apply no upper bound).
 */
#ifndef DR_QPARAM_H
#define DR_QPARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/limits.h"

#define QPARAM_MAX	16	/* parameters one query may declare */
#define QPARAM_NAME_MAX	32	/* ":name" and its NUL */

enum qparam_type {
	QP_DATE,
	QP_DOMAIN,
	QP_INT,
	QP_TEXT,
};

struct qparam {
	char		 name[QPARAM_NAME_MAX];	/* with the ':' */
	enum qparam_type type;
};

/* A value ready to bind: an integer, or text (borrowed or in buf). */
struct qparam_val {
	bool		 is_int;
	int64_t		 i;
	const char	*text;
	char		 buf[DR_DOMAIN_BUF];
};

/*
 * Reads the declarations from the leading comment lines of a query's
 * text into out[0..*n).  Returns 0, or -1 when a declaration names an
 * unknown type, repeats a name or there are more than max (a bug in the
 * query file: the unit tests parse every compiled-in query).
 */
int	qparam_parse(const char *sql, struct qparam *out, size_t max, size_t *n);
/* The declaration of name (":since") in p[0..n), or NULL. */
const struct qparam *qparam_find(const struct qparam *p, size_t n,
	    const char *name);
/* "date", "domain", "int" or "text". */
const char *qparam_type_name(enum qparam_type t);
/* Checks and converts v for p; -1 when v does not fit the type (*why
 * then says what was expected, a static string). */
int	qparam_value(const struct qparam *p, const char *v,
	    struct qparam_val *out, const char **why);
/* The --domain rules: one trailing dot dropped, lower case, A-labels of a
 * UTF-8 name.  Returns 0, or -1 (empty, not a valid name, too long). */
int	qparam_domain(const char *arg, char *out, size_t outlen);

#endif
