/*
 * util/count.h -- sums of message counts that never overflow.
 *
 * Design rationale (issue 15 item 4): dmarc-ingest caps what it stores
 * (util/limits.h: 2^40 per record, 2^44 per report), so no sum over a
 * database it wrote can leave 64 bits.  A database edited by hand can hold
 * anything: INT64_MAX, negative counts.  One report must still not disable
 * reporting, and the output must not lie.  So every sum of counts
 * saturates at DR_COUNT_SAT (INT64_MAX), and a value no report can have
 * (negative, or above its cap) counts as DR_COUNT_SAT too: the sum is then
 * "not known", every output marks it (">=" in tables and HTML, a warning on
 * stderr) and no rate is computed from it.  The same rule in SQL is the
 * pattern documented in docs/SCHEMA.md ("Sums of counts"); a sum is never
 * negative, and a saturated sum stays saturated whatever is added.
 */
#ifndef DR_COUNT_H
#define DR_COUNT_H

#include <stdbool.h>
#include <stdint.h>

#define DR_COUNT_SAT	INT64_MAX

/* True when v is the saturation value: a sum that is not known exactly. */
static inline bool
dr_count_is_sat(int64_t v)
{
	return v == DR_COUNT_SAT;
}

/* v read from the database: v when 0 <= v <= cap, else DR_COUNT_SAT. */
static inline int64_t
dr_count_in(int64_t v, int64_t cap)
{
	return v >= 0 && v <= cap ? v : DR_COUNT_SAT;
}

/* a + b, counts: DR_COUNT_SAT when either is negative or saturated, or the
 * sum does not fit. */
static inline int64_t
dr_count_add(int64_t a, int64_t b)
{
	int64_t s;

	if (a < 0 || b < 0 || dr_count_is_sat(a) || dr_count_is_sat(b) ||
	    __builtin_add_overflow(a, b, &s))
		return DR_COUNT_SAT;
	return s;
}

/* *acc += v (dr_count_add); returns true when *acc is now saturated. */
static inline bool
dr_count_acc(int64_t *acc, int64_t v)
{
	*acc = dr_count_add(*acc, v);
	return dr_count_is_sat(*acc);
}

/* a - b where b counts a subset of a (failing = messages - passing):
 * DR_COUNT_SAT when a is not known, or b is impossible (negative,
 * saturated, above a). */
static inline int64_t
dr_count_sub(int64_t a, int64_t b)
{
	if (a < 0 || b < 0 || dr_count_is_sat(a) || dr_count_is_sat(b) || b > a)
		return DR_COUNT_SAT;
	return a - b;
}

/* The warning every command prints once when a sum it shows is saturated. */
#define DR_COUNT_SAT_WARNING \
	"the database holds counts no report can have (edited by hand?): " \
	"sums shown as >=9223372036854775807 are not known; " \
	"run sqlite3 DB < sql/rebuild-derived.sql after fixing the records"

#endif
