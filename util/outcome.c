/* util/outcome.c -- the outcome name table (see outcome.h). */
#include <stddef.h>
#include <string.h>

#include "util/outcome.h"

static const struct {
	const char	*name;
	const char	*desc;
} outcomes[OUT__COUNT] = {
#define X(id, name, desc) [id] = { name, desc },
#include "util/outcomes.def"
#undef X
};

const char *
dr_outcome_name(enum dr_outcome o)
{
	if ((unsigned)o >= OUT__COUNT)
		return "internal";
	return outcomes[o].name;
}

const char *
dr_outcome_desc(enum dr_outcome o)
{
	if ((unsigned)o >= OUT__COUNT)
		return "internal error";
	return outcomes[o].desc;
}

int
dr_outcome_from_name(const char *name, enum dr_outcome *out)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < OUT__COUNT; i++)
		if (strcmp(outcomes[i].name, name) == 0) {
			*out = (enum dr_outcome)i;
			return 0;
		}
	return -1;
}
