/* ingest/run.h -- internals shared by ingest.c and batch.c. */
#ifndef DR_RUN_H
#define DR_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "ingest/ingest.h"
#include "ingest/maildir.h"
#include "util/buf.h"
#include "util/err.h"

struct mbox;
struct store;

struct run {
	const struct ingest_opts	*opts;
	struct store			*st;
	struct ingest_stats		*stats;
	struct buf			 data;	/* message bytes, reused */
	struct mbox			*mb;	/* the mbox being split, or NULL */
};

/* State of one message while it is parsed and stored. */
struct run_msg {
	struct run		*run;
	const struct md_item	*item;
	int64_t			 row;		/* messages.id */
	const char		*attachment;	/* current attachment name (borrowed) */
	const char		*part;		/* current part label for the log */
	bool			 in_report;
	int			 candidates;
	int64_t			 stored, duplicates, conflicts, records, not_report;
	enum dr_reason		 skip_reason;
	char			 reject_part[512];
	char			*message_id;	/* g_free */
	char			*subject;	/* g_free */
};

int	run_parse(struct run_msg *m, const unsigned char *data, size_t len,
	    struct dr_err *err);
void	run_complain(const char *path, const char *part, enum dr_reason r,
	    const char *detail);

#endif
