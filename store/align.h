/*
 * store/align.h -- organizational domain and DMARC identifier alignment
 * (RFC 7489 section 3.2, brief 3.5 and 3.7).
 *
 * This is about the data (both ingest, deriving a missing policy_evaluated,
 * and report need it), so it lives in store/.  The org domain is the PSL
 * registrable domain: libpsl's psl_latest(NULL) list (the newest of the
 * distribution's file and libpsl's built-in list), ICANN and private rules.
 * The list is loaded once on first use and kept until align_shutdown();
 * not thread-safe (dmarc-rua is single-threaded).
 */
#ifndef DR_ALIGN_H
#define DR_ALIGN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the organizational domain of domain (lower-cased, one trailing dot
 * removed) into out.  A name that is itself a public suffix, or has no
 * registrable part, is its own org domain.  Returns -1 when domain is NULL,
 * empty or longer than a domain name can be, when out is too small, or when
 * no suffix list could be loaded.
 */
int	align_org_domain(const char *domain, char *out, size_t outlen);

/*
 * DMARC identifier alignment of a and b: mode 's' (strict) means equal up
 * to case; 'r' (relaxed, also the default for any other mode) means the
 * same org domain.  NULL or empty names never align.
 */
bool	align_is_aligned(const char *a, const char *b, char mode);

/* Frees the suffix list (idempotent; it is reloaded on next use). */
void	align_shutdown(void);

#endif
