/*
 * util/vis.h -- the one safe printer for terminal and log output.
 *
 * Strings from reports and messages may hold escape sequences and other
 * control bytes (hostile terminal-escape.xml).  vis_fputs() writes printable
 * ASCII and valid UTF-8 as is and every control byte, DEL or invalid UTF-8
 * byte as \xHH (backslash itself as \\), and invisible or reordering code
 * points (bidi overrides such as U+202E, the line separator U+2028, zero
 * widths: util/utf8.h utf8_is_hidden) as \uHHHH, as the HTML escaper does,
 * so nothing reaches a terminal raw and no name reorders its line.
 */
#ifndef DR_VIS_H
#define DR_VIS_H

#include <stddef.h>
#include <stdio.h>

struct buf;

int	vis_fputs(FILE *fp, const char *s);
int	vis_fputn(FILE *fp, const char *s, size_t n);
/* Appends the escaped form of s to b. */
int	vis_buf(struct buf *b, const char *s);

#endif
