/* util/err.c -- reason table and the dr_err helpers (see err.h). */
#include <stdio.h>
#include <string.h>

#include "util/err.h"

static const struct {
	const char	*id;
	const char	*desc;
	enum dr_kind	 kind;
} reasons[R__COUNT] = {
#define NONE	DR_NONE
#define SKIP	DR_SKIP
#define REJECT	DR_REJECT
#define WARN	DR_WARN
#define TEMP	DR_TEMP
#define FATAL	DR_FATAL
#define X(id, kind, text, desc) [id] = { text, desc, kind },
#include "util/reasons.def"
#undef X
#undef NONE
#undef SKIP
#undef REJECT
#undef WARN
#undef TEMP
#undef FATAL
};

int
dr_vfail(struct dr_err *err, enum dr_reason r, const char *fmt, va_list ap)
{
	if (err == NULL || err->reason != R_NONE)
		return -1;
	err->reason = r;
	if (fmt == NULL) {
		err->detail[0] = '\0';
		return -1;
	}
	/* Truncation of a diagnostic is harmless; the reason ID is intact. */
	(void)vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	return -1;
}

int
dr_fail(struct dr_err *err, enum dr_reason r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dr_vfail(err, r, fmt, ap);
	va_end(ap);
	return -1;
}

void
dr_err_set(struct dr_err *err, enum dr_reason r, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	dr_err_clear(err);
	va_start(ap, fmt);
	dr_vfail(err, r, fmt, ap);
	va_end(ap);
}

void
dr_err_clear(struct dr_err *err)
{
	if (err == NULL)
		return;
	err->reason = R_NONE;
	err->detail[0] = '\0';
}

bool
dr_err_is_set(const struct dr_err *err)
{
	return err != NULL && err->reason != R_NONE;
}

const char *
dr_reason_id(enum dr_reason r)
{
	if ((unsigned)r >= R__COUNT)
		return "internal";
	return reasons[r].id;
}

const char *
dr_reason_desc(enum dr_reason r)
{
	if ((unsigned)r >= R__COUNT)
		return "internal error";
	return reasons[r].desc;
}

enum dr_kind
dr_reason_kind(enum dr_reason r)
{
	if ((unsigned)r >= R__COUNT)
		return DR_FATAL;
	return reasons[r].kind;
}

enum dr_reason
dr_reason_from_id(const char *id)
{
	int i;

	for (i = 0; i < R__COUNT; i++)
		if (strcmp(reasons[i].id, id) == 0)
			return (enum dr_reason)i;
	return R__COUNT;
}
