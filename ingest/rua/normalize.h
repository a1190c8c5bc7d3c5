/*
 * ingest/rua/normalize.h -- value normalization for report fields (internal to
 * ingest/; used by rua_xml.c).
 *
 * Design rationale: store/model.h fixes one normal form for every value the
 * parser hands to the store (brief 1.4).  Each rule lives here once, as a
 * small pure function, so the table of accepted words is testable on its own
 * and the XML walker only decides *which* rule applies to *which* element.
 * Inputs are already trimmed of surrounding white space by the collector.
 *
 * Enumerations return a pointer to a static lower-case word, or NULL when the
 * word is not in the table.  Matching is case-insensitive.  A caller keeps the
 * received word as *_raw when norm_keep_raw() says so (unknown or mapped).
 */
#ifndef DR_NORMALIZE_H
#define DR_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* XML white space: space, tab, CR, LF. */
bool		 norm_is_ws(int c);

/* ASCII lower-case in place (UTF-8 bytes >= 0x80 are left alone). */
void		 norm_lower(char *s);

/* Domain: lower-case in place and strip one trailing dot. */
void		 norm_domain(char *s);

/* none|quarantine|reject|pass, else NULL. */
const char	*norm_disposition(const char *v);
/* policy_evaluated dkim/spf: pass|fail, else NULL. */
const char	*norm_pass_fail(const char *v);
/* none|pass|fail|policy|neutral|temperror|permerror, else NULL. */
const char	*norm_dkim_result(const char *v);
/* none|neutral|pass|fail|softfail|temperror|permerror|policy; legacy words
 * mapped: hardfail->fail, unknown->temperror, error->permerror; else NULL. */
const char	*norm_spf_result(const char *v);
/* Union of RFC 7489 and RFC 9990 reason types; never NULL: anything else
 * (including NULL or empty) is "other". */
const char	*norm_reason_type(const char *v);
/* mfrom|helo; NULL or empty -> "mfrom"; anything else NULL. */
const char	*norm_spf_scope(const char *v);

/*
 * True when the received word v must be kept as *_raw next to its
 * normalized form n: n is NULL (unknown word) or n is not v up to case
 * (a mapped word such as hardfail -> fail, or "" -> "other").
 */
bool		 norm_keep_raw(const char *v, const char *n);

/*
 * Non-negative decimal integer (xs:integer without a sign other than '+',
 * leading zeros allowed).  Anything else is R_BAD_INTEGER; a value above
 * INT64_MAX is the reason `overflow` (R_COUNT_OVERFLOW for counts,
 * R_BAD_INTEGER for timestamps).  `what` names the field in the detail.
 * Returns 0 with *out set, or -1 with err set.
 */
int		 norm_int64(const char *v, int64_t *out,
		    enum dr_reason overflow, const char *what,
		    struct dr_err *err);

/*
 * A date_range timestamp: norm_int64() (R_BAD_INTEGER on overflow), or an
 * integral decimal, digits '.' one or more zeros, which is that integer
 * with *is_decimal set (a large mail provider writes "1337270400.0").  A
 * fraction that is not zero is R_BAD_INTEGER: the value is no second.
 * Returns 0 with *out set, or -1 with err set.
 */
int		 norm_timestamp(const char *v, int64_t *out, bool *is_decimal,
		    const char *what, struct dr_err *err);

/*
 * IP address: inet_pton() as IPv4, then as IPv6; out receives the
 * inet_ntop() form (outlen >= INET6_ADDRSTRLEN) and *version 4 or 6.
 * Returns -1 (out untouched) when both refuse it.
 */
int		 norm_ip(const char *v, char *out, size_t outlen,
		    int *version);

/*
 * Copies at most max bytes of the hostile value v into out (size outlen)
 * for a diagnostic, without cutting a UTF-8 sequence in half.
 */
void		 norm_clip(const char *v, size_t max, char *out,
		    size_t outlen);

#endif
