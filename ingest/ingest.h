/*
 * ingest/ingest.h -- the public API of the ingest side: from inputs
 * (Maildir roots, message files, mbox files, bare report files, "-") to
 * the database.
 *
 * The folder ingest/ (library dr_ingest, and dmarc-ingest from main.c):
 * ingest.c, batch.c, maildir.c, mbox.c and mime.c drive the two layers
 * below it, ingest/unpack/ (bytes -> payload streams) and ingest/rua/
 * (XML -> records), and write through store/.  It may use ingest/unpack/,
 * ingest/rua/, store/, util/, GMime and nettle; never report/.  Nothing
 * below it includes its headers.
 *
 * ingest_run() takes the ingest lock, walks the inputs in batches (one
 * transaction per batch, one savepoint per message), commits, and only then
 * files each message away (cur/ with the S flag or --archive for reports,
 * the quarantine Maildir for rejected ones; non-reports stay where they are
 * and are remembered by their Maildir unique name so they are not read
 * again).  A crash at any point is repaired by the next run: messages whose
 * batch committed are recognized by name and content (SHA-256) and just
 * moved.  A message that cannot be read now stays where it is (deferred).
 * An mbox is split into its entries (mbox.h), each a message of its own
 * known by its SHA-256; the file itself is never moved or written.
 */
#ifndef DR_INGEST_H
#define DR_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/limits.h"

struct ingest_opts {
	const char		*db_path;
	const char		*archive_dir;	/* NULL: file reports in the Maildir's cur/ */
	const char		*quarantine_dir;/* NULL: <maildir>/.Quarantine */
	struct dr_limits	 lim;
	int			 batch;		/* messages per transaction */
	bool			 quiet;		/* -q: nothing on success */
	bool			 verbose;	/* -v: one line per message */
	bool			 progress;	/* progress on stderr (TTY) */
	bool			 no_lock;	/* tests only: skip the lock */
	/* --pipe: a message from standard input that is rejected or holds
	 * no report is written into quarantine_dir (a Maildir, its new/)
	 * before its batch commits; if that fails the run fails (exit 75):
	 * the mail system keeps the message and retries. */
	bool			 keep_stdin;
};

struct ingest_stats {
	int64_t	messages;	/* messages (bare files, mbox entries)
				 * examined this run */
	int64_t	stored;		/* reports newly stored */
	int64_t	duplicates;	/* reports already stored (same content) */
	int64_t	conflicts;	/* reports already stored with other content */
	int64_t	records;	/* records newly stored */
	int64_t	not_report;	/* messages holding no report */
	int64_t	rejected;	/* messages set aside as broken */
	int64_t	recovered;	/* messages filed that an earlier run had stored */
	int64_t	skipped;	/* messages (mbox entries) already handled by
				 * an earlier run */
	int64_t	not_file;	/* entries of new/ or cur/ that are not
				 * regular files (links, FIFOs): named */
	int64_t	deferred;	/* messages left in place: unreadable, over
				 * --max-message-bytes, or not movable */
	int64_t	replayed;	/* batches replayed with a savepoint per message
				 * (one of their messages was rejected) */
	double	seconds;
};

void	ingest_opts_default(struct ingest_opts *o);
/* Returns 0 when the run finished (inputs may have been rejected: see
 * stats), -1 on an operational failure (err: R_LOCKED, R_DB, ...). */
int	ingest_run(const struct ingest_opts *o, char *const *inputs, int ninputs,
	    struct ingest_stats *stats, struct dr_err *err);

#endif
