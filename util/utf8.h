/*
 * util/utf8.h -- the one UTF-8 decoder, shared by every output escaper
 * (util/vis.c for terminals, report/out/escape.c for HTML, report/out/out_json.c).
 * Strict: overlong forms, surrogates, code points past U+10FFFF and
 * truncated sequences are invalid, so each escaper treats them as bytes.
 */
#ifndef DR_UTF8_H
#define DR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid sequence at s (n bytes available) with the
 * code point in *cp, or 0 when the bytes are not valid UTF-8. */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
