/*
 * util/outcome.h -- what became of a message or of one report in it.
 *
 * Outcomes travel as enum dr_outcome (util/outcomes.def) and become text
 * only where they are bound into SQL or printed: dr_outcome_name() gives
 * the string stored in messages.outcome and ingest_log.outcome (the public
 * schema), dr_outcome_from_name() reads one back.
 */
#ifndef DR_OUTCOME_H
#define DR_OUTCOME_H

enum dr_outcome {
#define X(id, name, desc) id,
#include "util/outcomes.def"
#undef X
	OUT__COUNT
};

/* "stored", "rejected", ...; "internal" for a value outside the list. */
const char	*dr_outcome_name(enum dr_outcome o);
/* One-line description. */
const char	*dr_outcome_desc(enum dr_outcome o);
/* Reverse lookup of a stored name: 0 and *out set, or -1 when unknown. */
int		 dr_outcome_from_name(const char *name, enum dr_outcome *out);

#endif
