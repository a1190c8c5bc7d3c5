/*
 * util/utf8.h -- the one UTF-8 decoder, shared by every output escaper
 * (util/vis.c for terminals, report/out/escape.c for HTML, report/out/out_json.c).
 * Strict: overlong forms, surrogates, code points past U+10FFFF and
 * truncated sequences are invalid, so each escaper treats them as bytes.
 */
#ifndef DR_UTF8_H
#define DR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid sequence at s (n bytes available) with the
 * code point in *cp, or 0 when the bytes are not valid UTF-8. */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * True for a code point that is invisible or reorders what is around it:
 * C1 controls, the soft hyphen, zero-width characters, LRM/RLM, the line
 * and paragraph separators (U+2028, U+2029), bidi embeddings and
 * overrides (U+202A..U+202E), isolates (U+2066..U+2069), the BOM and the
 * interlinear annotation marks.  Every escaper shows them as \uHHHH, so
 * a hostile name can neither hide nor reorder text, nor break a line,
 * on a page or at a terminal.
 */
bool	utf8_is_hidden(uint32_t cp);

#endif
