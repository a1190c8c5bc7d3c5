/*
 * report/out/out_json.h -- the one JSON writer of dmarc-report.
 *
 * A small streaming writer: it tracks nesting and commas so callers write
 * `json_key(w, "domain"); json_str(w, d);` and never format JSON by hand.
 * Strings are escaped per RFC 8259 (quotes, backslash, every control byte
 * as \u00XX; invalid UTF-8 bytes become U+FFFD) so report strings of any
 * content keep the output valid.
 */
#ifndef DR_OUT_JSON_H
#define DR_OUT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json_writer {
	FILE	*fp;
	int	 depth;
	bool	 need_comma[JSON_MAX_DEPTH];
	bool	 after_key;
	bool	 pretty;
};

void	json_init(struct json_writer *w, FILE *fp, bool pretty);
void	json_obj_begin(struct json_writer *w);
void	json_obj_end(struct json_writer *w);
void	json_arr_begin(struct json_writer *w);
void	json_arr_end(struct json_writer *w);
void	json_key(struct json_writer *w, const char *key);
void	json_str(struct json_writer *w, const char *s);	/* NULL -> null */
void	json_int(struct json_writer *w, int64_t v);
void	json_double(struct json_writer *w, double v);	/* NaN/inf -> null */
/* A rate in tenths of a percent as a number (94.2, 64); -1 -> null. */
void	json_tenths(struct json_writer *w, int64_t tenths);
void	json_bool(struct json_writer *w, bool v);
void	json_null(struct json_writer *w);
/* Writes the final newline; returns -1 if the stream had an error. */
int	json_finish(struct json_writer *w);
/* Escapes s as a JSON string literal (with quotes) to fp. */
void	json_write_string(FILE *fp, const char *s);

#endif
