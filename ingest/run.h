/* ingest/run.h -- internals shared by the files of ingest/ (ingest.c,
 * batch.c, access.c, unmoved.c). */
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

/*
 * Committed messages that could not be filed, grouped by (source
 * directory, destination directory, errno, kind): a Maildir that is not
 * writable makes every message fail the same way, and that is one line
 * with a count at the end of the run, not one line per message (-v adds
 * those): ingest/unmoved.c.
 */
struct unmoved {
	char	*from_dir;
	char	*to_dir;
	int	 errnum;
	bool	 rejected;
	int64_t	 n;
};

struct unmoved_list {
	struct unmoved	*v;
	size_t		 n, cap;
};

int	unmoved_add(struct unmoved_list *ul, const char *from,
	    const char *to_dir, int errnum, bool rejected);
void	unmoved_say(struct unmoved_list *ul);	/* one line per group */
void	unmoved_clear(struct unmoved_list *ul);

/* ingest/access.c: what the run must reach, said with the fix.  Each
 * returns 0, or -1 with err (R_NO_INPUT, R_NO_PERMISSION, ...). */
const char	*run_user_name(char *buf, size_t len);	/* "dmarc" or "uid N" */
int	run_check_maildir(const char *root, struct dr_err *err);
int	run_db_dir_exists(const char *db, struct dr_err *err);
int	run_db_writable(const char *db, struct dr_err *err);
/* Fills err for a lock file that could not be opened (errnum). */
void	run_lock_failed(const char *lp, const char *db, int errnum,
	    struct dr_err *err);
/* A lock file root created goes to the database's owner. */
void	run_lock_owner(int fd, const char *db);

#endif
