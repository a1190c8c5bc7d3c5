/*
 * tests/unit/ingest/unpack/test_sniff.c -- sniff_kind(): the bytes decide.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/unpack/unpack.h"
#include "ingest/unpack/unpack_int.h"

struct sniff_case {
	const char	*what;
	const char	*bytes;
	size_t		 len;
	enum sniff_kind	 want;
	size_t		 skip;		/* sniff_skip() result */
};

#define C(what, lit, want, skip) { what, lit, sizeof(lit) - 1, want, skip }

static const struct sniff_case cases[] = {
	C("gzip magic", "\x1f\x8b\x08\x00", SNIFF_GZIP, 0),
	C("gzip magic only", "\x1f\x8b", SNIFF_GZIP, 0),
	C("one gzip byte", "\x1f", SNIFF_NONE, 0),
	C("gzip after CRLF", "\r\n\x1f\x8b\x08", SNIFF_GZIP, 2),
	C("zip local header", "PK\x03\x04\x14\x00", SNIFF_ZIP, 0),
	C("empty zip (EOCD)", "PK\x05\x06\0\0\0\0", SNIFF_ZIP, 0),
	C("zip central dir is not a start", "PK\x01\x02", SNIFF_NONE, 0),
	C("PK alone", "PK", SNIFF_NONE, 0),
	C("spanned zip marker", "PK\x07\x08", SNIFF_NONE, 0),
	C("xml declaration", "<?xml version=\"1.0\"?>", SNIFF_XML, 0),
	C("bare element", "<feedback>", SNIFF_XML, 0),
	C("xml after white space", " \t\r\n\f\v<feedback>", SNIFF_XML, 6),
	C("utf-8 bom", "\xef\xbb\xbf<?xml", SNIFF_XML, 3),
	C("utf-8 bom then white space", "\xef\xbb\xbf\r\n<x/>", SNIFF_XML, 5),
	C("white space then utf-8 bom", "\n\xef\xbb\xbf<x/>", SNIFF_XML, 4),
	C("utf-16le bom", "\xff\xfe<\0?\0x\0", SNIFF_XML, 2),
	C("utf-16be bom", "\xfe\xff\0<\0?", SNIFF_XML, 2),
	C("utf-16le bom, space", "\xff\xfe \0\n\0<\0", SNIFF_XML, 6),
	C("utf-16be bom, space", "\xfe\xff\0 \0<", SNIFF_XML, 4),
	C("utf-16le no bom", "<\0?\0x\0", SNIFF_XML, 0),
	C("utf-16be no bom", "\0<\0?\0x", SNIFF_XML, 0),
	C("truncated utf-8 bom", "\xef\xbb", SNIFF_NONE, 0),
	C("bom only", "\xef\xbb\xbf", SNIFF_NONE, 3),
	C("white space only", " \r\n\t ", SNIFF_NONE, 5),
	C("placeholder word", "unused", SNIFF_NONE, 0),
	C("text", "Hello <b>", SNIFF_NONE, 0),
	C("NUL", "\0\0\0\0", SNIFF_NONE, 0),
	C("pdf", "%PDF-1.4", SNIFF_NONE, 0),
	C("gzip magic reversed", "\x8b\x1f", SNIFF_NONE, 0),
	C("bom then gzip", "\xef\xbb\xbf\x1f\x8b", SNIFF_GZIP, 3),
	C("mail header", "From: a@b\r\n", SNIFF_NONE, 0),
};

static void
test_leading_bytes_decide_kind_and_skip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sniff_case *c = &cases[i];
		enum sniff_kind k = sniff_kind((const unsigned char *)c->bytes,
		    c->len);

		if (k != c->want || sniff_skip((const unsigned char *)c->bytes,
		    c->len) != c->skip)
			fail_msg("case \"%s\": kind %s (want %s), skip %zu "
			    "(want %zu)", c->what, sniff_name(k),
			    sniff_name(c->want), sniff_skip(
			    (const unsigned char *)c->bytes, c->len), c->skip);
	}
}

static void
test_empty(void **state)
{
	(void)state;
	assert_int_equal(sniff_kind(NULL, 0), SNIFF_NONE);
	assert_int_equal(sniff_kind((const unsigned char *)"<", 0), SNIFF_NONE);
	assert_int_equal(sniff_skip((const unsigned char *)"", 0), 0);
}

/* Only the first n bytes count: a magic past n is not seen. */
static void
test_length_respected(void **state)
{
	const unsigned char b[] = "  <x/>";

	(void)state;
	assert_int_equal(sniff_kind(b, 2), SNIFF_NONE);
	assert_int_equal(sniff_kind(b, 3), SNIFF_XML);
	assert_int_equal(sniff_kind((const unsigned char *)"PK\x03\x04", 3),
	    SNIFF_NONE);
}

/* UTF-32 is not read (libxml2 cannot): it is not XML to sniff_kind(), and
 * sniff_is_utf32() lets the rejection name the encoding. */
static void
test_utf32_bom_is_named_not_parsed(void **state)
{
	static const unsigned char le[] = { 0xFF, 0xFE, 0, 0, '<', 0, 0, 0 };
	static const unsigned char be[] = { 0, 0, 0xFE, 0xFF, 0, 0, 0, '<' };
	static const unsigned char u16[] = { 0xFF, 0xFE, '<', 0 };

	(void)state;
	assert_int_equal(sniff_kind(le, sizeof(le)), SNIFF_NONE);
	assert_int_equal(sniff_kind(be, sizeof(be)), SNIFF_NONE);
	assert_true(sniff_is_utf32(le, sizeof(le)));
	assert_true(sniff_is_utf32(be, sizeof(be)));
	assert_false(sniff_is_utf32(u16, sizeof(u16)));
	assert_int_equal(sniff_kind(u16, sizeof(u16)), SNIFF_XML);
	assert_false(sniff_is_utf32(le, 3));
	assert_false(sniff_is_utf32(NULL, 0));
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(sniff_name(SNIFF_GZIP), "gzip");
	assert_string_equal(sniff_name(SNIFF_ZIP), "zip");
	assert_string_equal(sniff_name(SNIFF_XML), "xml");
	assert_string_equal(sniff_name(SNIFF_NONE), "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leading_bytes_decide_kind_and_skip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_length_respected),
		cmocka_unit_test(test_utf32_bom_is_named_not_parsed),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
