/*
 * report/records/tok.h -- splitting DNS record text into pieces.
 *
 * DMARC and DKIM records are tag lists ("v=DMARC1; p=none", RFC 6376 3.2)
 * whose values are themselves lists (rua "a,b", fo "0:1", DKIM h/s/t "x:y").
 * Every one of them splits at one separator and trims white space around
 * each piece; this is that loop, once.  Pieces are yielded as (pointer,
 * length) into the caller's buffer: nothing is copied, nothing allocated,
 * so the parsers stay pure functions over a buffer (fuzzable).
 */
#ifndef DR_TOK_H
#define DR_TOK_H

#include <stdbool.h>
#include <stddef.h>

struct tok {
	const char	*txt;
	size_t		 len;
	size_t		 pos;
	char		 sep;
};

bool	tok_is_wsp(char c);			/* SP, HTAB, CR, LF */
void	tok_trim(const char **s, size_t *n);
void	tok_init(struct tok *t, const char *txt, size_t len, char sep);
/* The next piece, trimmed (possibly empty: "a;;b" has an empty middle
 * piece, "" is one empty piece); false once every piece was yielded. */
bool	tok_next(struct tok *t, const char **s, size_t *n);

#endif
