/*
 * report/records/dkim.c -- DKIM key record parser and grader (see dkim.h).
 *
 * Tag-list syntax (RFC 6376 3.2): tag names are case-sensitive, whitespace
 * may surround '=' and ';' and fold inside values, a repeated tag makes
 * the record invalid, unknown tags are ignored.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "report/records/dkim.h"
#include "report/records/tok.h"
#include "util/limits.h"

#define QLEN		DR_QUOTE_LEN
#define KEY_MAX_DER	4096	/* a 16384-bit RSA key is ~2 KiB of DER */

enum ktag { K_V, K_H, K_K, K_N, K_P, K_S, K_T, K__COUNT };
static const char *const ktag_names[K__COUNT] = {
	"v", "h", "k", "n", "p", "s", "t"
};

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
dkim_base64_decode(unsigned char *out, size_t outcap, const char *in,
    size_t n)
{
	uint32_t acc = 0;
	size_t i, o = 0, nch = 0, pad = 0;
	int v;

	for (i = 0; i < n; i++) {
		if (tok_is_wsp(in[i]))
			continue;
		if (in[i] == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val(in[i])) < 0)
			return -1;	/* data after padding, or bad char */
		acc = (acc << 6) | (uint32_t)v;
		if (++nch % 4 == 0) {
			if (o + 3 > outcap)
				return -1;
			out[o++] = (unsigned char)(acc >> 16);
			out[o++] = (unsigned char)(acc >> 8);
			out[o++] = (unsigned char)acc;
			acc = 0;
		}
	}
	switch (nch % 4) {
	case 0:
		if (pad != 0)
			return -1;
		break;
	case 2:
		if (pad != 0 && pad != 2)
			return -1;
		if (o + 1 > outcap || (acc & 0xf) != 0)
			return -1;
		out[o++] = (unsigned char)(acc >> 4);
		break;
	case 3:
		if (pad != 0 && pad != 1)
			return -1;
		if (o + 2 > outcap || (acc & 0x3) != 0)
			return -1;
		out[o++] = (unsigned char)(acc >> 10);
		out[o++] = (unsigned char)(acc >> 2);
		break;
	default:
		return -1;
	}
	return (long)o;
}

/* Reads one DER TLV at *p (before end): single-byte tags, definite
 * lengths up to 4 bytes; the content must fit before end. */
static int
der_tlv(const unsigned char **p, const unsigned char *end, unsigned char *tag,
    const unsigned char **content, size_t *clen)
{
	const unsigned char *q = *p;
	size_t len = 0, nb, i;

	if (end - q < 2 || (q[0] & 0x1f) == 0x1f)
		return -1;
	*tag = q[0];
	if (q[1] < 0x80) {
		len = q[1];
		q += 2;
	} else {
		nb = q[1] & 0x7f;
		if (nb == 0 || nb > 4 || (size_t)(end - q) < 2 + nb)
			return -1;
		for (i = 0; i < nb; i++)
			len = (len << 8) | q[2 + i];
		q += 2 + nb;
	}
	if ((size_t)(end - q) < len)
		return -1;
	*content = q;
	*clen = len;
	*p = q + len;
	return 0;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int
rsa_pubkey_bits(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *c, *se, *mod, *exp, *q;
	size_t clen, mlen, elen;
	unsigned char tag, b;
	int bits;

	if (der_tlv(&p, end, &tag, &c, &clen) == -1 || tag != 0x30 || p != end)
		return -1;
	se = c + clen;
	q = c;
	if (der_tlv(&q, se, &tag, &mod, &mlen) == -1 || tag != 0x02)
		return -1;
	if (der_tlv(&q, se, &tag, &exp, &elen) == -1 || tag != 0x02 ||
	    elen == 0 || q != se)
		return -1;
	while (mlen > 0 && mod[0] == 0)
		mod++, mlen--;
	if (mlen == 0 || mlen > 8192)
		return -1;
	bits = (int)mlen * 8;
	for (b = mod[0]; (b & 0x80) == 0; b <<= 1)
		bits--;
	return bits;
}

int
dkim_rsa_bits(const unsigned char *der, size_t n, bool *bare)
{
	static const unsigned char rsa_oid[] = {
		0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
	};
	const unsigned char *p = der, *end = der + n, *c, *q, *alg, *oid, *bs;
	size_t clen, alen, olen, blen;
	unsigned char tag;

	*bare = false;
	if (der_tlv(&p, end, &tag, &c, &clen) == -1 || tag != 0x30 || p != end)
		return -1;
	if (clen > 0 && c[0] == 0x02) {		/* bare PKCS#1 */
		*bare = true;
		return rsa_pubkey_bits(der, end);
	}
	q = c;
	if (der_tlv(&q, c + clen, &tag, &alg, &alen) == -1 || tag != 0x30)
		return -1;
	p = alg;
	if (der_tlv(&p, alg + alen, &tag, &oid, &olen) == -1 || tag != 0x06 ||
	    olen != sizeof(rsa_oid) || memcmp(oid, rsa_oid, olen) != 0)
		return -1;
	if (der_tlv(&q, c + clen, &tag, &bs, &blen) == -1 || tag != 0x03 ||
	    q != c + clen || blen < 1 || bs[0] != 0)
		return -1;
	return rsa_pubkey_bits(bs + 1, bs + blen);
}

const char *
dkim_keytype_name(enum dkim_keytype k)
{
	return k == DKIM_K_RSA ? "rsa" : k == DKIM_K_ED25519 ? "ed25519" :
	    "unknown";
}

/* True when the ':'-separated list v holds word (case-insensitive). */
static bool
list_has(const char *v, size_t n, const char *word)
{
	struct tok tk;
	size_t sn;
	const char *s;

	tok_init(&tk, v, n, ':');
	while (tok_next(&tk, &s, &sn)) {
		if (sn == strlen(word) && strncasecmp(s, word, sn) == 0)
			return true;
	}
	return false;
}

static void
grade_rsa(struct dkim_key *key, const unsigned char *der, long dn)
{
	key->key_bits = dkim_rsa_bits(der, (size_t)dn, &key->bare_pkcs1);
	if (key->key_bits < 0) {
		dnsmsg_add(&key->errors, "p= is not an RSA public key (bad "
		    "DER structure): receivers cannot verify with it");
		return;
	}
	if (key->bare_pkcs1)
		dnsmsg_add(&key->warnings, "the key is a bare RSAPublicKey, "
		    "not a SubjectPublicKeyInfo: some verifiers reject it");
	if (key->key_bits < 1024)
		dnsmsg_add(&key->errors, "RSA key of %d bits: verifiers must "
		    "not accept keys under 1024 bits (RFC 8301), so every "
		    "signature fails", key->key_bits);
	else if (key->key_bits < 2048)
		dnsmsg_add(&key->warnings, "RSA key of %d bits is weak: use "
		    "2048 bits", key->key_bits);
	else if (key->key_bits > 2048)
		dnsmsg_add(&key->warnings, "RSA key of %d bits is beyond the "
		    "2048 bits verifiers are required to handle",
		    key->key_bits);
}

static void
grade_ed25519(struct dkim_key *key, const unsigned char *raw, long dn)
{
	static const unsigned char spki[] = {
		0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
		0x21, 0x00
	};

	if (dn == 32) {
		key->key_bits = 256;
		return;
	}
	if (dn == 44 && memcmp(raw, spki, sizeof(spki)) == 0) {
		key->key_bits = 256;
		dnsmsg_add(&key->errors, "the Ed25519 key is published as a "
		    "SubjectPublicKeyInfo: RFC 8463 wants the raw 32-byte key, "
		    "so verifiers fail");
		return;
	}
	dnsmsg_add(&key->errors, "an Ed25519 key is 32 bytes, this p= holds "
	    "%ld", dn);
}

static void
set_p(struct dkim_key *key, const char *v, size_t n)
{
	unsigned char der[KEY_MAX_DER];
	long dn;

	if (n == 0) {
		key->revoked = true;
		return;
	}
	if (memchr(v, '"', n) != NULL)
		dnsmsg_add(&key->errors, "p= holds quote characters (pasted "
		    "from a web form?)");
	if ((dn = dkim_base64_decode(der, sizeof(der), v, n)) < 0) {
		dnsmsg_add(&key->errors, "p= is not valid base64 (or longer "
		    "than %d bytes): receivers cannot use the key",
		    KEY_MAX_DER);
		return;
	}
	if (key->k == DKIM_K_RSA)
		grade_rsa(key, der, dn);
	else if (key->k == DKIM_K_ED25519)
		grade_ed25519(key, der, dn);
}

static void
key_init(struct dkim_key *key)
{
	memset(key, 0, sizeof(*key));
	key->k = DKIM_K_RSA;
	memcpy(key->key_type, "rsa", 4);
	key->key_bits = -1;
}

static void
set_k(struct dkim_key *key, const char *v, size_t n)
{
	size_t i;

	if (n == 3 && strncasecmp(v, "rsa", 3) == 0)
		key->k = DKIM_K_RSA;
	else if (n == 7 && strncasecmp(v, "ed25519", 7) == 0)
		key->k = DKIM_K_ED25519;
	else
		key->k = DKIM_K_UNKNOWN;
	for (i = 0; i < n && i < sizeof(key->key_type) - 1; i++)
		key->key_type[i] = (v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32 :
		    (v[i] < 0x21 || v[i] > 0x7e) ? '?' : v[i];
	key->key_type[i] = '\0';
	if (key->k == DKIM_K_UNKNOWN)
		dnsmsg_add(&key->errors, "unknown key type k=%.*s: receivers "
		    "ignore the key", (int)(n > QLEN ? QLEN : n), v);
}

int
dkim_key_parse(struct dkim_key *key, const char *txt, size_t len)
{
	const char *vals[K__COUNT] = { NULL };
	size_t lens[K__COUNT] = { 0 };
	struct tok tk;
	size_t sn, nn, vn, idx = 0;
	const char *s, *eq, *name, *val;
	int i, t;

	key_init(key);
	tok_init(&tk, txt, len, ';');
	while (tok_next(&tk, &s, &sn)) {
		if (sn == 0)
			continue;
		idx++;
		if ((eq = memchr(s, '=', sn)) == NULL) {
			dnsmsg_add(&key->errors, "'%.*s' is not a tag=value "
			    "pair", (int)(sn > QLEN ? QLEN : sn), s);
			continue;
		}
		name = s;
		nn = (size_t)(eq - s);
		tok_trim(&name, &nn);
		val = eq + 1;
		vn = sn - (size_t)(val - s);
		tok_trim(&val, &vn);
		for (t = -1, i = 0; i < K__COUNT; i++)
			if (nn == strlen(ktag_names[i]) &&
			    memcmp(name, ktag_names[i], nn) == 0)
				t = i;
		if (t < 0)
			continue;	/* unknown tags are ignored */
		if (vals[t] != NULL) {
			dnsmsg_add(&key->errors, "tag %s= is given twice: the "
			    "record is invalid", ktag_names[t]);
			continue;
		}
		if (t == K_V && (idx != 1 || vn != 5 ||
		    memcmp(val, "DKIM1", 5) != 0))
			dnsmsg_add(&key->errors, "v= must be the first tag and "
			    "exactly DKIM1: receivers ignore the record");
		vals[t] = val;
		lens[t] = vn;
	}
	if (vals[K_K] != NULL)
		set_k(key, vals[K_K], lens[K_K]);
	if (vals[K_P] == NULL)
		dnsmsg_add(&key->errors, "no p= tag: this is not a usable key "
		    "record");
	else
		set_p(key, vals[K_P], lens[K_P]);
	if (vals[K_H] != NULL && !list_has(vals[K_H], lens[K_H], "sha256")) {
		key->sha1_only = list_has(vals[K_H], lens[K_H], "sha1");
		dnsmsg_add(&key->errors, "h= does not allow sha256: RFC 8301 "
		    "verifiers accept no signature made with this key");
	}
	if (vals[K_S] != NULL && !list_has(vals[K_S], lens[K_S], "email") &&
	    !list_has(vals[K_S], lens[K_S], "*"))
		dnsmsg_add(&key->errors, "s= does not include email or *: the "
		    "key may not be used for mail");
	if (vals[K_T] != NULL) {
		key->testing = list_has(vals[K_T], lens[K_T], "y");
		key->strict_i = list_has(vals[K_T], lens[K_T], "s");
		if (key->testing)
			dnsmsg_add(&key->warnings, "t=y (testing): receivers "
			    "may treat failed signatures as unsigned");
	}
	if (key->revoked)
		dnsmsg_add(&key->warnings, "the key is revoked (empty p=): "
		    "signatures with this selector fail");
	key->valid = !key->revoked && key->errors.n == 0 &&
	    key->errors.dropped == 0;
	return key->valid ? 0 : -1;
}
