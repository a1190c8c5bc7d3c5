/*
 * util/err.h -- errors travel in an explicit struct, never a global.
 *
 * Convention (all of dmarc-rua): functions return 0 on success and -1 on
 * failure; on failure they fill the caller's struct dr_err with a reason ID
 * from util/reasons.def and a one-line detail.  dr_fail() does both and
 * returns -1 so that `return dr_fail(err, R_ZIP_CRC, "member %s", n);` reads
 * naturally.  The first failure wins: a later dr_fail() on an err that
 * already holds a reason keeps the earlier one (the root cause).
 */
#ifndef DR_ERR_H
#define DR_ERR_H

#include <stdarg.h>
#include <stdbool.h>

enum dr_reason {
#define X(id, kind, text, desc) id,
#include "util/reasons.def"
#undef X
	R__COUNT
};

enum dr_kind { DR_NONE, DR_SKIP, DR_REJECT, DR_WARN, DR_TEMP, DR_FATAL };

#define DR_ERR_DETAIL	512

struct dr_err {
	enum dr_reason	reason;
	char		detail[DR_ERR_DETAIL];
};

#define DR_ERR_INIT	{ R_NONE, "" }

/* Set reason and detail (printf-style) unless already set; returns -1. */
int		 dr_fail(struct dr_err *err, enum dr_reason r, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
int		 dr_vfail(struct dr_err *err, enum dr_reason r, const char *fmt,
		    va_list ap);
/* Replace whatever err holds (used when a caller re-classifies). */
void		 dr_err_set(struct dr_err *err, enum dr_reason r, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 dr_err_clear(struct dr_err *err);
bool		 dr_err_is_set(const struct dr_err *err);

const char	*dr_reason_id(enum dr_reason r);	/* "zip-crc-mismatch" */
const char	*dr_reason_desc(enum dr_reason r);	/* one-line text */
enum dr_kind	 dr_reason_kind(enum dr_reason r);
/* Reverse lookup of an id-text; returns R__COUNT when unknown. */
enum dr_reason	 dr_reason_from_id(const char *id);

#endif
