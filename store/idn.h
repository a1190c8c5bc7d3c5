/*
 * store/idn.h -- domain names in one form: A-labels (xn--...), lower case.
 *
 * Reports and command lines may carry internationalized names as UTF-8
 * U-labels ("bücher.example") where DNS, the PSL and other reporters use
 * the A-label ("xn--bcher-kva.example"); stored as received they would
 * never match.  libidn2 converts (IDNA2008 with UTS #46 non-transitional
 * mapping, as browsers and mail systems do).  Like align.h, this is about
 * the data, so it lives in store/.
 */
#ifndef DR_IDN_H
#define DR_IDN_H

#include <stddef.h>

/*
 * Writes the A-label form of domain (UTF-8), lower-cased, into out.
 * Returns 0 when domain was ASCII (copied, lower-cased), 1 when it was
 * converted, -1 when it is not a valid internationalized name or the
 * result does not fit outlen (out is then the empty string).
 */
int	idn_to_ascii(const char *domain, char *out, size_t outlen);

/* True when s holds a byte >= 0x80. */
int	idn_is_unicode(const char *s);

#endif
