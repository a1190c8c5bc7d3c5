/*
 * report/records/dkim.h -- parse and grade one DKIM key record (RFC 6376 3.6.1,
 * RFC 8301, RFC 8463; brief 5.2-5.3).
 *
 * Design rationale: a pure function over a buffer, like the DMARC parser,
 * so it is fuzzed and table-tested without DNS.  The key size is read from
 * the DER by a minimal, strictly bounded walker (SubjectPublicKeyInfo or a
 * bare PKCS#1 RSAPublicKey): only the modulus length is needed, so no
 * crypto library is pulled in for it.
 */
#ifndef DR_DKIM_H
#define DR_DKIM_H

#include <stdbool.h>
#include <stddef.h>

#include "report/records/dnsmsg.h"

enum dkim_keytype {
	DKIM_K_RSA,
	DKIM_K_ED25519,
	DKIM_K_UNKNOWN,
};

struct dkim_key {
	bool			valid;		/* usable and no error */
	bool			revoked;	/* p= present and empty */
	bool			testing;	/* t=y */
	bool			strict_i;	/* t=s */
	bool			sha1_only;	/* h=sha1 */
	bool			bare_pkcs1;	/* RSAPublicKey, not SPKI */
	enum dkim_keytype	k;
	char			key_type[16];	/* "rsa", "ed25519" or as given */
	int			key_bits;	/* -1 when unknown */
	struct dnsmsg		errors;
	struct dnsmsg		warnings;
};

/* Parses txt[0..len) into *key (always fully initialized).  Returns 0 when
 * the key is valid (usable, not revoked, no error), -1 otherwise. */
int		 dkim_key_parse(struct dkim_key *key, const char *txt, size_t len);

/*
 * Decodes base64 (whitespace ignored, '=' padding checked) from in[0..n)
 * into out (capacity outcap).  Returns the decoded length or -1 on a bad
 * character, bad padding or an output that does not fit.
 */
long		 dkim_base64_decode(unsigned char *out, size_t outcap,
		    const char *in, size_t n);

/*
 * Reads the RSA modulus size in bits from DER: SubjectPublicKeyInfo (with
 * the rsaEncryption OID) or bare RSAPublicKey (then *bare is set).
 * Returns bits, or -1 when the DER is malformed or not RSA.
 */
int		 dkim_rsa_bits(const unsigned char *der, size_t n, bool *bare);

const char	*dkim_keytype_name(enum dkim_keytype k);

#endif
