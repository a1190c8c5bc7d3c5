/*
 * report/out/escape.h -- THE choke point for HTML output.
 *
 * Design rationale: every string that came from a report, a message or DNS
 * reaches the weekly page through these functions and nothing else (STYLE
 * practice 9).  The page writer (report/html/html.c) prints only its own
 * constant markup with fputs() and everything else through html_text() or
 * html_attr().  Both escape the five characters that can end a text node
 * or an attribute value (& < > " '), so the same function is safe in
 * either place as long as attribute values are always quoted (html.c
 * always uses double quotes).  Bytes that are not text are made visible
 * the way util/vis.h does for terminals: control bytes (C0, DEL), C1
 * controls and invalid UTF-8 bytes become "\xHH"; Unicode bidi controls
 * and other invisible format characters become "\uHHHH", so a hostile
 * name can neither hide nor reorder what is around it; a backslash is
 * written "\\" so the escapes are unambiguous.
 *
 * URLs from data are never emitted as href or src: html.c has no code
 * path that makes a link from a data string (the page links only to its
 * own fragments, "#d-<n>"), so "javascript:" in extra_contact_info stays
 * inert text.
 */
#ifndef DR_ESCAPE_H
#define DR_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

struct buf;

/* Longest data string shown in a table cell, in code points; longer ones
 * are cut and end with an ellipsis (the full value stays in the db). */
#define HTML_CELL_MAX	200

/* Writes s escaped as HTML text (NULL writes nothing). */
void	html_text(FILE *fp, const char *s);
/* Same, at most maxcp code points of s, then "\u2026" if it was cut. */
void	html_text_max(FILE *fp, const char *s, size_t maxcp);
/* Writes s escaped for a double-quoted attribute value (NULL: nothing);
 * tab, CR and LF are written as character references. */
void	html_attr(FILE *fp, const char *s);
/* Appends the escaped text form of s to b; -1 if b is full.  maxcp 0
 * means no cut.  (The FILE functions are built on it; tests use it.) */
int	html_escape_buf(struct buf *b, const char *s, size_t maxcp, int is_attr);

#endif
