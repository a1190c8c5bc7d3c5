/*
 * util/vis.h -- the one safe printer for terminal and log output.
 *
 * Strings from reports and messages may hold escape sequences and other
 * control bytes (hostile terminal-escape.xml).  vis_fputs() writes printable
 * ASCII and valid UTF-8 as is and every control byte, DEL or invalid UTF-8
 * byte as \xHH (backslash itself as \\), so nothing reaches a terminal raw.
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
