/* util/utf8.c -- strict UTF-8 decoding (see utf8.h). */
#include "util/utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
utf8_is_hidden(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||		/* C1 controls */
	    c == 0xad ||				/* soft hyphen */
	    (c >= 0x200b && c <= 0x200f) ||		/* zero width, LRM, RLM */
	    (c >= 0x2028 && c <= 0x202e) ||		/* separators, embeddings */
	    (c >= 0x2060 && c <= 0x206f) ||		/* isolates, invisible ops */
	    c == 0xfeff ||				/* BOM / ZWNBSP */
	    (c >= 0xfff9 && c <= 0xfffb);		/* interlinear annotation */
}
