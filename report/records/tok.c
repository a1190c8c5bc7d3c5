/* report/records/tok.c -- separator-split, trimmed pieces of record text (tok.h). */
#include "report/records/tok.h"

bool
tok_is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
tok_trim(const char **s, size_t *n)
{
	while (*n > 0 && tok_is_wsp(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && tok_is_wsp((*s)[*n - 1]))
		(*n)--;
}

void
tok_init(struct tok *t, const char *txt, size_t len, char sep)
{
	t->txt = txt;
	t->len = len;
	t->pos = 0;
	t->sep = sep;
}

bool
tok_next(struct tok *t, const char **s, size_t *n)
{
	size_t end;

	if (t->pos > t->len)
		return false;
	for (end = t->pos; end < t->len && t->txt[end] != t->sep; end++)
		;
	*s = t->txt + t->pos;
	*n = end - t->pos;
	t->pos = end + 1;
	tok_trim(s, n);
	return true;
}
