/* tests/unit/report/test_dkim.c -- DKIM key record parser and key sizes
 * (brief 5.2-5.3).  Keys generated with openssl genpkey. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/records/dkim.h"

#define K512	"MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALtYkr0GJzvAtRuNBOFVB7B6EO3tHgxN8SJWS1Ha4UsxCExSR1jN0hDiy5iZ46qXhiXD6tKfP/DxJZritlb3DisCAwEAAQ=="
#define K1024	"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDAnm/OAqFxFrvS0N1xfdiZhbwTcPFq9vGeeIBy5P8BlEtVljCSSJOTJTp4/GIR55X83itchLgjNEvkx9hnwnR7N9DvyEx5IhM0qixAha5O7vu95mWifZsFUc0ZciYJH76u2rreTaQDepXtgzPlv0XM/f+v8ZAAEdd5JMUklLDo/wIDAQAB"
#define K2048	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwBpfhvxkvvSSSKMfyD/ISh/b/klXzMp+zWjZu5+Ps+PH8NXHFFX3gFbElY2fTSsIe88hsGzSqQteBP6gbByu1j6pCB1UhBDKpa/Va188eYQ4er6UHaHUZcPQNyiJStA2WFUZCS5vh2ySL7OkoAZTyDhiyJveVouOcTVqJyDj5RAEfHUsnTrUR5CUZDHcGtRg2f6iuAUdEvHn3cLaPLLDeTTEYMtl2ctI0A+tPBw22V7PexR+PauFl3vT8zJPy3LCvx1G0z8yoobhxciZlSLA0A691vygnaUwCbrm77jI2suKuLFK+2GRWSKlfiOUwTM0vujlF/iIrJ/IRhA7P13EuwIDAQAB"
#define K4096	"MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAvQwn2CVgl4lHPwdTXqCQm2fWZ1CzATEDhUl8UuUOuR9cUOuM1QI7aN6fLBOAjXB5h+t/AxFDkmMK2NbQTZlPyf/htGdRohHypRGszxpbV5tPdhwYlpb2lBLwYjNL2CNxGF8zvMbtvB+ueWk7fF1TT2L+DCy4btcSnc4HHT8CiTWoz6zBsQUqSNGQaBCHihWS0Dbi2dlP8r81KYRLrglIdSJU24rcNqP68A6g9Ov+ZnY4WnRBIcFIdWu827CKKu9Not5KJuyef70kLcRifgT1gUEOA+xKsQXSoGS/C8HEMEIOjQcAv2wQtZRoQSDy/otqtPs6wby2J6xxqKvNojvS90dcLbAddPk0AbZkEv2Zatg4pxp71CrMM0Mcp5ZdrLkm1fYX9jWylvnrhNAYm/4Rew3qEDFXQxFdzk2vKwCIYpfVwcYDC+FVvdAk+66SEPphFv1DchKdcefxIjnmxKZXjWbeZ85S0LjVQW36PRl8SME+N6fDiUX+fKebDxpf00QEb/9a9veTgLC0zolWDG1vYVjfYvaMo9d5pTth5VIyXznM1L6cFoP3x7T1vjY61NScjByJh66X7XP5iummkpIrhgRwlfdb8dVUlXCa54UkjYvXlqfhh30zxv22I+M4LLS+vbVjd9hIvaSSbYX0L3mfxwhTXdkK60f/XvcoalAmxs8CAwEAAQ=="
#define KBARE	"MIGJAoGBAMbz0M+w3WSQzP6YRYjPruvB4B3ENHLwYYkSh3FZ6uJ6Zdq8jkvOxbcoTEFkghgvOWpA+aC+ZW2HUl/o5JIPoxwBRa8oElG6AXt5wQTGNtcreA91U50bgfZQ9vM2V96FSyggGqBMEpG6n7s2wNTxJiA77KSGjEmUQE97Ahqn00dvAgMBAAE="
#define KED_SPKI "MCowBQYDK2VwAyEAvgOUe3VYQCCoz32XW/fa5xlNhw43Zen/V50LSjTGpyE="
#define KED	"vgOUe3VYQCCoz32XW/fa5xlNhw43Zen/V50LSjTGpyE="

static const char *
find(const struct dnsmsg *m, const char *needle)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strstr(m->text[i], needle) != NULL)
			return m->text[i];
	return NULL;
}

struct kcase {
	const char	*txt;
	int		 rc;
	bool		 revoked;
	const char	*key_type;
	int		 bits;
	size_t		 n_errors;
	const char	*error;
	const char	*warning;
};

static const struct kcase cases[] = {
	{ "v=DKIM1; k=rsa; p=" K2048, 0, false, "rsa", 2048, 0, NULL, NULL },
	{ "k=rsa; p=" K1024, 0, false, "rsa", 1024, 0, NULL, "is weak" },
	{ "v=DKIM1; p=" K512, -1, false, "rsa", 512, 1,
	  "under 1024 bits", NULL },
	{ "v=DKIM1; p=" K4096, 0, false, "rsa", 4096, 0, NULL,
	  "beyond the 2048" },
	{ "v=DKIM1; p=" KBARE, 0, false, "rsa", 1024, 0, NULL, "bare" },
	{ "v=DKIM1; k=ed25519; p=" KED, 0, false, "ed25519", 256, 0, NULL,
	  NULL },
	{ "v=DKIM1; k=ed25519; p=" KED_SPKI, -1, false, "ed25519", 256, 1,
	  "SubjectPublicKeyInfo", NULL },
	{ "v=DKIM1; p=", -1, true, "rsa", -1, 0, NULL, "revoked" },
	{ "v=DKIM1; k=rsa; p= ;", -1, true, "rsa", -1, 0, NULL, "revoked" },
	{ "v=DKIM1; k=rsa", -1, false, "rsa", -1, 1, "no p= tag", NULL },
	{ "k=rsa; v=DKIM1; p=" K2048, -1, false, "rsa", 2048, 1,
	  "first tag", NULL },
	{ "v=DKIM2; p=" K2048, -1, false, "rsa", 2048, 1, "exactly DKIM1",
	  NULL },
	{ "v=DKIM1; p=" K2048 "; p=" K1024, -1, false, "rsa", 2048, 1,
	  "given twice", NULL },
	{ "v=DKIM1; k=dsa; p=" K2048, -1, false, "dsa", -1, 1,
	  "unknown key type", NULL },
	{ "v=DKIM1; p=MIGfMA0G!!!", -1, false, "rsa", -1, 1, "base64", NULL },
	{ "v=DKIM1; p=\"" K2048 "\"", -1, false, "rsa", -1, 2, "quote", NULL },
	{ "v=DKIM1; p=QUJD", -1, false, "rsa", -1, 1, "bad DER", NULL },
	{ "v=DKIM1; h=sha1; p=" K2048, -1, false, "rsa", 2048, 1,
	  "sha256", NULL },
	{ "v=DKIM1; h=sha1:sha256; p=" K2048, 0, false, "rsa", 2048, 0, NULL,
	  NULL },
	{ "v=DKIM1; s=other; p=" K2048, -1, false, "rsa", 2048, 1,
	  "not include email", NULL },
	{ "v=DKIM1; t=y:s; s=email; p=" K2048, 0, false, "rsa", 2048, 0, NULL,
	  "testing" },
	/* folded whitespace inside p= is removed before decoding */
	{ "v=DKIM1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A MIIBCgKCAQEAwBpfhvxkvvSSSKMfyD/ISh/b/klXzMp+zWjZu5+Ps+PH8NXHFFX3gFbElY2fTSsIe88hsGzSqQteBP6gbByu1j6pCB1UhBDKpa/Va188eYQ4er6UHaHUZcPQNyiJStA2WFUZCS5vh2ySL7OkoAZTyDhiyJveVouOcTVqJyDj5RAEfHUsnTrUR5CUZDHcGtRg2f6iuAUdEvHn3cLaPLLDeTTEYMtl2ctI0A+tPBw22V7PexR+PauFl3vT8zJPy3LCvx1G0z8yoobhxciZlSLA0A691vygnaUwCbrm77jI2suKuLFK+2GRWSKlfiOUwTM0vujlF/iIrJ/IRhA7P13EuwIDAQAB",
	  0, false, "rsa", 2048, 0, NULL, NULL },
	{ "g=*; n=notes; x=y; p=" K2048, 0, false, "rsa", 2048, 0, NULL,
	  NULL },
};

static void
test_dkim_key_records_parse_size_or_reject(void **state)
{
	struct dkim_key key;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kcase *c = &cases[i];

		print_message("case %zu: %.60s\n", i, c->txt);
		assert_int_equal(dkim_key_parse(&key, c->txt, strlen(c->txt)),
		    c->rc);
		assert_int_equal(key.revoked, c->revoked);
		assert_string_equal(key.key_type, c->key_type);
		assert_int_equal(key.key_bits, c->bits);
		assert_int_equal(key.errors.n, c->n_errors);
		assert_int_equal(key.valid, c->rc == 0);
		if (c->error)
			assert_non_null(find(&key.errors, c->error));
		if (c->warning)
			assert_non_null(find(&key.warnings, c->warning));
	}
}

static void
test_base64(void **state)
{
	unsigned char out[16];

	(void)state;
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QUJD", 4), 3);
	assert_memory_equal(out, "ABC", 3);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QUI=", 4), 2);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QQ==", 4), 1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "Q Q\t==", 6), 1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QQ=", 3), -1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "Q===", 4), -1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QQ==QQ", 6), -1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "QR==", 4), -1);
	assert_int_equal(dkim_base64_decode(out, 2, "QUJD", 4), -1);
	assert_int_equal(dkim_base64_decode(out, sizeof(out), "", 0), 0);
}

/* DER walker: truncations and length lies never read out of bounds. */
static void
test_der_hostile(void **state)
{
	unsigned char der[600];
	long n;
	bool bare;
	size_t cut;

	(void)state;
	n = dkim_base64_decode(der, sizeof(der), K2048, strlen(K2048));
	assert_int_equal(n, 294);
	assert_int_equal(dkim_rsa_bits(der, (size_t)n, &bare), 2048);
	assert_false(bare);
	for (cut = 0; cut < (size_t)n; cut++)
		assert_int_equal(dkim_rsa_bits(der, cut, &bare), -1);
	der[1] = 0x84;		/* long length form with a huge length */
	assert_int_equal(dkim_rsa_bits(der, (size_t)n, &bare), -1);
	der[1] = 0x80;		/* indefinite length */
	assert_int_equal(dkim_rsa_bits(der, (size_t)n, &bare), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dkim_key_records_parse_size_or_reject),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_der_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
