/*
 * tests/fuzz/fuzz_dkim.c -- the DKIM key record parser, its base64 decoder
 * and its DER walker.
 *
 * The input goes, as it is (exact size, not NUL-terminated), to
 * dkim_key_parse() as a TXT record, to dkim_base64_decode() into buffers of
 * two sizes, and to dkim_rsa_bits() as DER, so the bounded walker is fuzzed
 * on raw bytes and not only behind a base64 layer.
 */
#include <string.h>

#include "report/records/dkim.h"
#include "tests/fuzz/fuzz.h"

static void
check_msgs(const struct dnsmsg *m)
{
	size_t i;

	FUZZ_CHECK(m->n <= DNSMSG_MAX);
	for (i = 0; i < m->n; i++)
		FUZZ_CHECK(memchr(m->text[i], '\0', DNSMSG_LEN) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dkim_key key;
	static unsigned char out[8192];
	const char *txt = (const char *)data;
	bool bare = false;
	long n;
	int bits, rc;

	memset(&key, 0xa5, sizeof(key));
	rc = dkim_key_parse(&key, txt, size);
	FUZZ_CHECK(rc == 0 || rc == -1);
	FUZZ_CHECK(rc == 0 ? key.valid : !key.valid);
	FUZZ_CHECK(!(key.valid && key.revoked));
	FUZZ_CHECK(key.k >= DKIM_K_RSA && key.k <= DKIM_K_UNKNOWN);
	FUZZ_CHECK(memchr(key.key_type, '\0', sizeof(key.key_type)) != NULL);
	FUZZ_CHECK(key.key_bits == -1 || (key.key_bits > 0 &&
	    (size_t)key.key_bits <= size * 6));
	check_msgs(&key.errors);
	check_msgs(&key.warnings);
	(void)dkim_keytype_name(key.k);

	n = dkim_base64_decode(out, sizeof(out), txt, size);
	FUZZ_CHECK(n >= -1 && n <= (long)sizeof(out));
	if (n >= 0)
		FUZZ_CHECK((size_t)n <= size * 3 / 4 + 3);
	n = dkim_base64_decode(out, 16, txt, size);
	FUZZ_CHECK(n >= -1 && n <= 16);

	bits = dkim_rsa_bits(data, size, &bare);
	FUZZ_CHECK(bits == -1 || (bits > 0 && (size_t)bits <= size * 8));
	return 0;
}
