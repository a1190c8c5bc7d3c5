/*
 * ingest/batch.c -- ingest_run(): lock, list, batch, commit, then move.
 *
 * Each batch: BEGIN IMMEDIATE; every message is parsed and stored inside
 * its own savepoint and its destination planned; COMMIT; then the planned
 * renames run and the touched directories are fsync'ed.  Nothing is moved
 * for a batch that did not commit.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <nettle/sha2.h>

#include "ingest/mbox.h"
#include "ingest/mime.h"
#include "ingest/run.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/fsx.h"
#include "util/outcome.h"
#include "util/vis.h"

struct move {
	char	*from;
	char	*to;
	char	*dir;		/* destination directory to fsync */
	char	*mkroot;	/* Maildir to create first (after COMMIT), or NULL */
	bool	 subfolder;	/* mkroot is a Maildir++ subfolder */
	bool	 rejected;	/* to the quarantine, else to cur/ */
};

/* A message buffer larger than this is freed after use, not kept. */
#define DATA_KEEP	(1024 * 1024)

struct batch {
	struct move	*moves;
	size_t		 n, cap;
};

static double
now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Destination of a Maildir item for an outcome class.  Nothing is created
 * here: this runs before COMMIT, and a run whose commit fails (full disk,
 * read-only database) must leave the Maildir exactly as it found it.  The
 * Maildir to create at move time goes to mkroot (empty: none).
 */
static int
plan_dest(const struct ingest_opts *o, const struct md_item *it, const char *where,
    char *to, size_t tolen, char *dir, size_t dirlen, char *mkroot, size_t mklen,
    bool *subfolder)
{
	char name[1024], base[PATH_MAX];
	int n;

	mkroot[0] = '\0';
	*subfolder = false;
	if (it->root == NULL || where == NULL)
		return 1;			/* bare file: stays */
	if (strcmp(where, "quarantine") == 0) {
		if (o->quarantine_dir != NULL)
			n = snprintf(base, sizeof(base), "%s", o->quarantine_dir);
		else
			n = snprintf(base, sizeof(base), "%s/.Quarantine", it->root);
		if (n < 0 || (size_t)n >= sizeof(base) || strlen(base) >= mklen)
			return -1;
		memcpy(mkroot, base, strlen(base) + 1);
		*subfolder = o->quarantine_dir == NULL;
		n = snprintf(dir, dirlen, "%s/%s", base, it->sub);
		if (n < 0 || (size_t)n >= dirlen)
			return -1;
		n = snprintf(to, tolen, "%s/%s", dir, it->name);
		return n < 0 || (size_t)n >= tolen ? -1 : 0;
	}
	if (maildir_seen_name(it->name, name, sizeof(name)) == -1)
		return -1;
	if (strcmp(where, "archive") == 0 && o->archive_dir != NULL) {
		if (strlen(o->archive_dir) >= mklen)
			return -1;
		memcpy(mkroot, o->archive_dir, strlen(o->archive_dir) + 1);
		n = snprintf(dir, dirlen, "%s/cur", o->archive_dir);
	} else
		n = snprintf(dir, dirlen, "%s/cur", it->root);
	if (n < 0 || (size_t)n >= dirlen)
		return -1;
	n = snprintf(to, tolen, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= tolen)
		return -1;
	return strcmp(to, it->path) == 0 ? 1 : 0;
}

static int
batch_add(struct batch *b, const struct ingest_opts *o, const struct md_item *it,
    const char *where)
{
	bool rejected = where != NULL && strcmp(where, "quarantine") == 0;
	char to[PATH_MAX], dir[PATH_MAX], mkroot[PATH_MAX];
	struct move *mv;
	bool subfolder;
	int rc;

	rc = plan_dest(o, it, where, to, sizeof(to), dir, sizeof(dir), mkroot,
	    sizeof(mkroot), &subfolder);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		struct move *p = realloc(b->moves, ncap * sizeof(*p));
		if (p == NULL)
			return -1;
		b->moves = p;
		b->cap = ncap;
	}
	mv = &b->moves[b->n];
	mv->from = strdup(it->path);
	mv->to = strdup(to);
	mv->dir = strdup(dir);
	mv->mkroot = mkroot[0] != '\0' ? strdup(mkroot) : NULL;
	mv->subfolder = subfolder;
	mv->rejected = rejected;
	if (mv->from == NULL || mv->to == NULL || mv->dir == NULL ||
	    (mkroot[0] != '\0' && mv->mkroot == NULL)) {
		free(mv->from);
		free(mv->to);
		free(mv->dir);
		free(mv->mkroot);
		return -1;
	}
	b->n++;
	return 0;
}

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->moves[i].from);
		free(b->moves[i].to);
		free(b->moves[i].dir);
		free(b->moves[i].mkroot);
	}
	b->n = 0;
}

/*
 * A committed message that could not be filed stays where it is and the
 * next run files it; until then the run must not look successful.  Said
 * per message with -v (or when the group cannot be counted), else once
 * per group at the end of the run (unmoved_say).
 */
static void
not_moved(struct ingest_stats *stats, struct unmoved_list *ul, bool verbose,
    const struct move *mv, const char *dir, const char *to, int errnum)
{
	char detail[PATH_MAX + 64];

	stats->deferred++;
	if (!verbose && unmoved_add(ul, mv->from, dir, errnum,
	    mv->rejected) == 0)
		return;
	(void)snprintf(detail, sizeof(detail), "to %s: %s", to,
	    strerror(errnum));
	run_complain(mv->from, NULL, R_NOT_MOVED, detail);
}

/* Tries for a free name when the destination's is taken. */
#define OTHER_NAMES	100

/*
 * Moves one file; when its destination name is taken by another file
 * (another message with the same unique name), the message gets the next
 * free "<unique>.<n>" name: a move never replaces a file.
 */
static int
move_one(const struct move *mv)
{
	char to[PATH_MAX], name[NAME_MAX + 1];
	const char *base = strrchr(mv->to, '/');
	unsigned n;
	int k;

	if (fsx_move(mv->from, mv->to) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	base = base != NULL ? base + 1 : mv->to;
	for (n = 1; n <= OTHER_NAMES; n++) {
		if (maildir_other_name(base, n, name, sizeof(name)) == -1)
			break;
		k = snprintf(to, sizeof(to), "%s/%s", mv->dir, name);
		if (k < 0 || (size_t)k >= sizeof(to))
			break;
		if (fsx_move(mv->from, to) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/*
 * After COMMIT: rename, then fsync each destination directory once (the
 * moves are durable before the next batch begins or the run ends).  A
 * batch's moves nearly always share one destination Maildir: it is made
 * once per batch and each distinct directory is remembered once, so the
 * cost per message is the rename alone.
 */
static void
batch_move(struct batch *b, struct ingest_stats *stats, struct unmoved_list *ul,
    bool verbose)
{
	const char *made = NULL;
	const char **dirs = NULL;
	size_t i, j, ndirs = 0;

	dirs = malloc((b->n ? b->n : 1) * sizeof(*dirs));
	for (i = 0; i < b->n; i++) {
		struct move *mv = &b->moves[i];

		if (mv->mkroot != NULL && (made == NULL || strcmp(made, mv->mkroot) != 0)) {
			if (maildir_make(mv->mkroot, mv->subfolder) == -1) {
				not_moved(stats, ul, verbose, mv, mv->mkroot,
				    mv->mkroot, errno);
				continue;	/* the file stays; the next run files it */
			}
			made = mv->mkroot;
		}
		/* ENOENT of the source: taken by someone else meanwhile. */
		if (move_one(mv) == -1 && !(errno == ENOENT &&
		    access(mv->from, F_OK) == -1 && errno == ENOENT))
			not_moved(stats, ul, verbose, mv, mv->dir, mv->to,
			    errno);
		if (dirs == NULL)
			continue;
		/* Most recent first: moves come in runs of one directory. */
		for (j = ndirs; j > 0; j--)
			if (strcmp(dirs[j - 1], mv->dir) == 0)
				break;
		if (j == 0)
			dirs[ndirs++] = mv->dir;
	}
	if (dirs != NULL) {
		for (j = 0; j < ndirs; j++)
			(void)fsx_fsync_dir(dirs[j]);
	} else {
		/* No memory for the list: fsync every move's directory. */
		for (i = 0; i < b->n; i++)
			(void)fsx_fsync_dir(b->moves[i].dir);
	}
	free(dirs);
	batch_clear(b);
}

/*
 * --pipe: standard input cannot be read again, so a message it brought
 * that is not stored (broken, or no report) is written into the
 * quarantine Maildir's new/ -- durably, before the batch commits -- where
 * `dmarc-ingest DIR` reads it again after a fix.  A failure fails the
 * run: the mail system still holds the message and retries.
 */
static int
keep_stdin(const struct ingest_opts *o, const struct buf *data,
    const char *sha, struct dr_err *err)
{
	char path[PATH_MAX], dir[PATH_MAX];
	int n;

	if (o->quarantine_dir == NULL)
		return dr_fail(err, R_USAGE, "--pipe needs a quarantine Maildir");
	n = snprintf(dir, sizeof(dir), "%s/new", o->quarantine_dir);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return dr_fail(err, R_USAGE, "%s: name too long", o->quarantine_dir);
	n = snprintf(path, sizeof(path), "%s/%lld.P%ld_%.16s.dmarc-ingest", dir,
	    (long long)time(NULL), (long)getpid(), sha);
	if (n < 0 || (size_t)n >= sizeof(path))
		return dr_fail(err, R_USAGE, "%s: name too long", o->quarantine_dir);
	if (maildir_make(o->quarantine_dir, false) == -1 ||
	    fsx_write_atomic(path, data->data, data->len) == -1 ||
	    fsx_fsync_dir(dir) == -1)
		return dr_fail(err, R_IO, "cannot keep the message from standard"
		    " input in %s: %s", o->quarantine_dir, strerror(errno));
	fputs("dmarc-ingest: -: kept as ", stderr);
	vis_fputs(stderr, path);
	fputc('\n', stderr);
	return 0;
}

static const char *
where_for(const struct ingest_opts *o, enum dr_outcome outcome)
{
	if (outcome == OUT_REJECTED)
		return "quarantine";
	if (outcome == OUT_NOT_REPORT)
		return NULL;
	return o->archive_dir != NULL ? "archive" : "cur";
}

static void
verbose_line(const struct run_msg *m, enum dr_outcome outcome, enum dr_reason r)
{
	vis_fputs(stdout, m->item->path);	/* a file name is not trusted text */
	printf(": %s", dr_outcome_name(outcome));
	if (r != R_NONE)
		printf(" (%s)", dr_reason_id(r));
	printf(" reports=%lld duplicates=%lld records=%lld\n", (long long)m->stored,
	    (long long)m->duplicates, (long long)m->records);
}

/* Hex SHA-256 of the raw message (nettle: hardware SHA where available). */
static void
sha_hex(const char *p, size_t n, char out[65])
{
	static const char hexd[] = "0123456789abcdef";
	uint8_t sum[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t i;

	sha256_init(&c);
	sha256_update(&c, n, (const uint8_t *)(p != NULL ? p : ""));
	sha256_digest(&c, sizeof(sum), sum);
	for (i = 0; i < sizeof(sum); i++) {
		out[2 * i] = hexd[sum[i] >> 4];
		out[2 * i + 1] = hexd[sum[i] & 15];
	}
	out[64] = '\0';
}

/*
 * Recognized without reading it again: its unique name's latest row has
 * its size, it was not rejected (a rejected one is read again), and it is
 * where that run left it (a non-report stays in place) or in cur/ (where
 * reports are filed).  Anything else is read and recognized by its name
 * and SHA-256: another message under the same unique name is a new one.
 */
static bool
is_unchanged(const struct md_item *it, const struct store_seen *seen)
{
	if (seen->size != it->size || strcmp(seen->outcome, "rejected") == 0)
		return false;
	return strcmp(seen->path, it->path) == 0 || strcmp(it->sub, "cur") == 0;
}

/* Handled by an earlier run: only finish its move. */
static void
seen_again(struct run *run, struct batch *b, const struct md_item *it,
    const struct store_seen *seen)
{
	enum dr_outcome outcome;
	const char *where;

	/* An outcome this program does not know files like a stored one. */
	if (dr_outcome_from_name(seen->outcome, &outcome) == -1)
		outcome = OUT_STORED;
	where = where_for(run->opts, outcome);
	if (where != NULL && strcmp(it->sub, "new") == 0) {
		run->stats->recovered++;
		if (batch_add(b, run->opts, it, where) == -1)
			run_complain(it->path, NULL, R_IO, "cannot plan"
			    " its move (destination name too long, or out"
			    " of memory)");
	} else
		run->stats->skipped++;
}

/*
 * A message that cannot be read now (permissions, an I/O error, larger
 * than --max-message-bytes) is not the sender's fault: it stays where it
 * is, unrecorded, is named by every run and keeps the exit status at 75
 * until the cause is fixed.  Quarantining it would hide it for good.
 */
static void
defer(struct run *run, const struct md_item *it, int errnum)
{
	char detail[256];

	run->stats->deferred++;
	if (errnum == EFBIG) {
		(void)snprintf(detail, sizeof(detail), "larger than %llu bytes"
		    " (--max-message-bytes): left in place",
		    (unsigned long long)run->opts->lim.max_message_bytes);
		run_complain(it->path, NULL, R_MESSAGE_TOO_BIG, detail);
	} else {
		(void)snprintf(detail, sizeof(detail), "%s: left in place",
		    strerror(errnum));
		run_complain(it->path, NULL, R_UNREADABLE, detail);
	}
}

/*
 * Parses and stores the message in run->data, known by key (sha: of its
 * bytes, size: their number), inside the open batch, and plans its move.
 * again: it was rejected before (seen holds that row).  Returns 0, -1
 * (fatal: err), or 1 when the message must be rolled back alone and the
 * batch runs without per-message savepoints (ingest_run replays it).
 */
static int
do_message(struct run *run, struct batch *b, const struct md_item *it,
    const char *key, const char *sha, int64_t size, bool again,
    const struct store_seen *seen, struct dr_err *err)
{
	const struct ingest_opts *o = run->opts;
	struct run_msg m;
	struct store_msg sm;
	struct dr_err e = DR_ERR_INIT;
	struct buf *data = &run->data;
	enum dr_outcome outcome;
	const char *where;
	enum dr_reason r = R_NONE;
	int rc = -1, k;

	memset(&m, 0, sizeof(m));
	m.run = run;
	m.item = it;
	sm = (struct store_msg){ key, it->path, sha, size, NULL, NULL };
	if (store_msg_begin(run->st, &sm, &m.row, err) == -1)
		goto done;
	(void)run_parse(&m, (const unsigned char *)data->data, data->len, &e);
	if (e.reason == R_REPLAY) {
		rc = 1;
		goto done;
	}
	/* R_IO here is a payload that could not be read (a report cut
	 * short), a fault of the content; a too-big decoded part likewise. */
	if (dr_err_is_set(&e) && dr_reason_kind(e.reason) == DR_FATAL &&
	    e.reason != R_IO) {
		*err = e;
		goto done;
	}
	if (dr_err_is_set(&e) && dr_reason_kind(e.reason) != DR_SKIP) {
		outcome = OUT_REJECTED;
		r = e.reason;
	} else if (m.stored > 0)
		outcome = OUT_STORED;
	else if (m.conflicts > 0)
		outcome = OUT_CONFLICT;
	else if (m.duplicates > 0)
		outcome = OUT_DUPLICATE;
	else {
		outcome = OUT_NOT_REPORT;
		r = dr_err_is_set(&e) ? e.reason : m.skip_reason ? m.skip_reason : R_NO_REPORT;
	}
	where = where_for(o, outcome);
	if (o->keep_stdin && it->root == NULL && strcmp(it->path, "-") == 0 &&
	    (outcome == OUT_REJECTED || outcome == OUT_NOT_REPORT) &&
	    keep_stdin(o, data, sha, err) == -1)
		goto done;
	/* Rejected again for the same reason (moved back unchanged, or a
	 * crash between COMMIT and its move): its row says so already. */
	again = again && outcome == OUT_REJECTED &&
	    strcmp(dr_reason_id(r), seen->reason) == 0;
	if (again)
		k = store_msg_discard(run->st, err);
	else
		k = store_msg_end(run->st, &m.row, outcome != OUT_REJECTED,
		    outcome, r, dr_err_is_set(&e) ? e.detail : NULL,
		    (int)m.stored, it->root != NULL ? where : NULL, err);
	if (k == STORE_NEED_SAVEPOINT) {
		rc = 1;		/* nothing printed or planned yet for it */
		goto done;
	}
	if (k == -1)
		goto done;
	if (outcome == OUT_REJECTED) {
		if (!again && store_log(run->st, m.row, m.reject_part,
		    OUT_REJECTED, r, e.detail, NULL, NULL, 0, err) == -1)
			goto done;
		run->stats->rejected++;
		run_complain(it->path, m.reject_part, r, e.detail);
	} else {
		if (outcome == OUT_NOT_REPORT)
			run->stats->not_report++;
		run->stats->stored += m.stored;
		run->stats->duplicates += m.duplicates;
		run->stats->conflicts += m.conflicts;
		run->stats->records += m.records;
	}
	if (o->verbose)
		verbose_line(&m, outcome, r);
	if (batch_add(b, o, it, where) == -1)
		run_complain(it->path, NULL, R_IO, "cannot plan its"
		    " move (destination name too long, or out of memory)");
	rc = 0;
done:
	if (rc == -1 && m.row != 0)
		store_rollback(run->st);
	g_free(m.message_id);
	g_free(m.subject);
	return rc;
}

/*
 * The next entry of the mbox open in run->mb (it: the mbox file), as a
 * message of its own: named "FILE#N" in every line and row, known by the
 * SHA-256 of its bytes (source_key "mbox:<sha>"), so that a second run,
 * or the run after a crash, skips the entries already handled wherever
 * the file is now.  Nothing is ever moved or written: the file stays as
 * it is.  *more: entries follow.  Returns as do_message().
 */
static int
do_entry(struct run *run, struct batch *b, const struct md_item *it,
    bool *more, struct dr_err *err)
{
	struct mbox_entry e;
	struct store_seen seen;
	struct md_item ent;
	char name[PATH_MAX + 32], key[80];
	int k, n;

	*more = false;
	k = mbox_next(run->mb, &run->data, &e);
	if (k != 1) {
		if (k == -1)
			defer(run, it, errno);	/* the rest of the file */
		goto end;
	}
	*more = !mbox_at_end(run->mb);
	n = snprintf(name, sizeof(name), "%s#%lld", it->path,
	    (long long)e.index);
	if (n < 0 || (size_t)n >= sizeof(name))
		return dr_fail(err, R_USAGE, "%s: name too long", it->path);
	ent = (struct md_item){ .path = name, .name = name, .size = -1 };
	if (e.is_too_big) {
		defer(run, &ent, EFBIG);
		goto done;
	}
	(void)snprintf(key, sizeof(key), "mbox:%s", e.sha256);
	k = store_msg_seen(run->st, key, e.sha256, &seen, err);
	if (k == -1)
		return -1;
	/* Handled before: skipped, unless it was rejected (read again: a
	 * cap may have been raised), as a Maildir message moved back. */
	if (k == 1 && strcmp(seen.outcome, "rejected") != 0) {
		run->stats->skipped++;
		goto done;
	}
	run->stats->messages++;
	k = do_message(run, b, &ent, key, e.sha256, (int64_t)e.size, k == 1,
	    &seen, err);
	if (k != 0)
		return k;
done:
	if (*more)
		return 0;
end:
	mbox_free(run->mb);
	run->mb = NULL;
	return 0;
}

/*
 * Reads, parses and stores one item inside the open batch (for an mbox,
 * its next entry: *more when entries follow).  Returns 0, -1 (fatal: err),
 * or 1 when the message must be rolled back alone and the batch runs
 * without per-message savepoints (ingest_run replays it).
 */
static int
do_item(struct run *run, struct batch *b, const struct md_item *it,
    bool *more, struct dr_err *err)
{
	struct store_seen seen;
	struct buf *data = &run->data;
	char sha[65], key[PATH_MAX];
	bool again = false;	/* rejected before: seen holds that row */
	int rc = -1, k;

	*more = false;
	buf_reset(data);
	if (it->special != NULL) {
		/* Following a link or opening a FIFO would read what the
		 * Maildir does not hold, or block: never; said every run. */
		(void)snprintf(key, sizeof(key),
		    "%s: not opened, left in place", it->special);
		run->stats->not_file++;
		run_complain(it->path, NULL, R_NOT_REGULAR, key);
		return 0;
	}
	if (it->unique != NULL) {
		k = store_msg_seen(run->st, it->unique, NULL, &seen, err);
		if (k == -1)
			goto done;
		if (k == 1 && is_unchanged(it, &seen)) {
			seen_again(run, b, it, &seen);
			rc = 0;
			goto done;
		}
	}
	/* A file or standard input that starts with "From " is an mbox:
	 * each entry is a message of its own.  A Maildir file is one
	 * message (mime.c skips a leading "From " line). */
	if (it->root == NULL && run->mb == NULL &&
	    mbox_open(&run->mb, it->path) == -1) {
		if (errno != ENOENT)
			defer(run, it, errno);
		rc = 0;
		goto done;
	}
	if (run->mb != NULL && mbox_is_mbox(run->mb)) {
		rc = do_entry(run, b, it, more, err);
		goto done;
	}
	k = run->mb != NULL ? mbox_read_rest(run->mb, data) :
	    buf_read_file(data, it->path);
	mbox_free(run->mb);
	run->mb = NULL;
	if (k == -1) {
		/* ENOENT: taken by someone else meanwhile. */
		if (errno != ENOENT)
			defer(run, it, errno);
		rc = 0;
		goto done;
	}
	run->stats->messages++;
	sha_hex(data->data, data->len, sha);
	if (it->unique != NULL) {
		k = store_msg_seen(run->st, it->unique, sha, &seen, err);
		if (k == -1)
			goto done;
		/* The same message (name and content) handled before is not
		 * parsed again, unless it was rejected: a person moved it
		 * back (a cap raised, a bug fixed) to have it read again. */
		if (k == 1 && strcmp(seen.outcome, "rejected") != 0) {
			run->stats->messages--;
			seen_again(run, b, it, &seen);
			rc = 0;
			goto done;
		}
		again = k == 1;
	}
	if (it->unique != NULL)
		snprintf(key, sizeof(key), "%s", it->unique);
	else if (strcmp(it->path, "-") == 0)
		snprintf(key, sizeof(key), "stdin:%s", sha);
	else
		snprintf(key, sizeof(key), "%s", it->path);
	rc = do_message(run, b, it, key, sha, (int64_t)data->len, again,
	    &seen, err);
done:
	if (data->cap > DATA_KEEP)	/* keep a small buffer for the next one */
		buf_release(data);
	return rc;
}

/*
 * A Maildir with new/ but no cur/ (or tmp/) is made whole, as MDAs do,
 * and said so: its reports would be stored and then never leave new/.
 * If that cannot be done the run stops before it reads anything.
 */
static int
complete(const char *root, struct dr_err *err)
{
	static const char *const subs[] = { "tmp", "new", "cur" };
	char p[PATH_MAX], detail[64];
	size_t i;
	int n;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		n = snprintf(p, sizeof(p), "%s/%s", root, subs[i]);
		if (n < 0 || (size_t)n >= sizeof(p))
			return dr_fail(err, R_USAGE, "%s: name too long", root);
		if (fsx_is_dir(p))
			continue;
		if (mkdir(p, 0700) == -1)
			return dr_fail(err, R_IO, "%s: a Maildir needs %s/ and"
			    " it cannot be created: %s", root, subs[i],
			    strerror(errno));
		(void)snprintf(detail, sizeof(detail),
		    "created the missing %s/", subs[i]);
		run_complain(root, NULL, R_W_MAILDIR, detail);
		if (fsx_fsync_dir(root) == -1)
			return dr_fail(err, R_IO, "cannot sync the directory"
			    " %s: %s", root, strerror(errno));
	}
	return 0;
}

static int
collect(struct md_list *l, char *const *inputs, int n, struct dr_err *err)
{
	const char *failed;
	char who[64];
	struct stat st;
	int i, saved;

	for (i = 0; i < n; i++) {
		if (strcmp(inputs[i], "-") == 0) {
			if (maildir_add_file(l, "-") == -1)
				return dr_fail(err, R_NOMEM, "listing inputs");
			continue;
		}
		if (stat(inputs[i], &st) == -1)
			return dr_fail(err, R_NO_INPUT, "cannot read %s: %s",
			    inputs[i], strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			if (run_check_maildir(inputs[i], err) == -1 ||
			    complete(inputs[i], err) == -1)
				return -1;
			if (maildir_list(l, inputs[i], &failed) == -1) {
				saved = errno;
				return dr_fail(err, saved == ENOMEM ?
				    R_NOMEM : R_NO_INPUT, "cannot read %s/%s:"
				    " %s (the user running dmarc-ingest, %s,"
				    " needs read, write and search access to"
				    " the Maildir)", inputs[i], failed,
				    strerror(saved),
				    run_user_name(who, sizeof(who)));
			}
		} else if (maildir_add_file(l, inputs[i]) == -1)
			return dr_fail(err, R_NOMEM, "listing inputs");
	}
	return 0;
}

/* A path that can be read again (a regular file), not "-" or a FIFO. */
static bool
regular(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode);
}

/*
 * Before a replay: the batch's first item is read again from where the
 * batch began, inside an mbox (start_mb: at the entry start_off) or from
 * its start.  A replay only runs when every input is a regular file.
 */
static int
rewind_mbox(struct run *run, const char *path, bool start_mb,
    uint64_t start_off, int64_t start_index, struct dr_err *err)
{
	mbox_free(run->mb);
	run->mb = NULL;
	if (!start_mb)
		return 0;
	if (mbox_open(&run->mb, path) == -1 ||
	    mbox_seek(run->mb, start_off, start_index) == -1) {
		mbox_free(run->mb);
		run->mb = NULL;
		return dr_fail(err, R_IO, "%s: reading it again from byte %llu:"
		    " %s (was it changed during the run?); run again",
		    path, (unsigned long long)start_off, strerror(errno));
	}
	return 0;
}

static char *
lock_path(const char *db)
{
	size_t n = strlen(db) + 6;
	char *p = malloc(n);

	if (p != NULL)
		(void)snprintf(p, n, "%s.lock", db);
	return p;
}

/* Tells the store which Maildir names the batch from item i will look
 * up (store_msg_prefetch: one round trip to PostgreSQL instead of one
 * per message). */
static int
prefetch(struct run *run, const struct md_list *list, size_t i, size_t n,
    struct dr_err *err)
{
	const char **keys;
	size_t k = 0, j;
	int rc;

	if (n > list->n - i)
		n = list->n - i;
	if ((keys = calloc(n + 1, sizeof(*keys))) == NULL)
		return dr_fail(err, R_NOMEM, "message names");
	for (j = i; j < i + n; j++)
		if (list->items[j].unique != NULL)
			keys[k++] = list->items[j].unique;
	rc = store_msg_prefetch(run->st, keys, k, err);
	free(keys);
	return rc;
}

int
ingest_run(const struct ingest_opts *o, char *const *inputs, int ninputs,
    struct ingest_stats *stats, struct dr_err *err)
{
	struct md_list list = { 0 };
	struct batch b = { 0 };
	struct unmoved_list ul = { 0 };
	struct run run = { o, NULL, stats, { 0 }, NULL };
	double t0 = now_sec(), last = 0;
	struct ingest_stats snap;
	char *lp = NULL;
	int lockfd = -1, rc = -1, inbatch = 0, k;
	bool safe, once = o->verbose, more, start_mb = false;
	size_t i, start = 0;
	uint64_t start_off = 0;
	int64_t start_index = 0;

	memset(stats, 0, sizeof(*stats));
	/* PostgreSQL: no file, no lock file.  Hosts ingest at once; the
	 * report identity's UNIQUE constraint keeps each report once (the
	 * per-Maildir lock still keeps two runs off one folder). */
	if (!store_is_pg(o->db_path) && (lp = lock_path(o->db_path)) == NULL) {
		dr_fail(err, R_NOMEM, "lock path");
		goto done;
	}
	if (lp != NULL && run_db_dir_exists(o->db_path, err) == -1)
		goto done;
	if (lp != NULL && !o->no_lock && (lockfd = fsx_lock(lp)) == -1) {
		if (errno == EWOULDBLOCK)
			dr_fail(err, R_LOCKED, "another dmarc-ingest is running on %s", o->db_path);
		else
			run_lock_failed(lp, o->db_path, errno, err);
		goto done;
	}
	run_lock_owner(lockfd, o->db_path);
	if (collect(&list, inputs, ninputs, err) == -1)
		goto done;
	if ((lp != NULL && run_db_writable(o->db_path, err) == -1) ||
	    store_open(&run.st, o->db_path, STORE_RW, err) == -1 ||
	    store_services_sync(run.st, err) == -1 ||
	    store_trust_writes(run.st, err) == -1)
		goto done;
	store_field_cap(run.st, o->lim.max_field_len);
	/* Standard input, a pipe or a device cannot be read twice: no replay
	 * when one is an input (-v, which prints per message, neither). */
	for (i = 0; i < list.n && !once; i++)
		once = list.items[i].root == NULL && !regular(list.items[i].path);
	safe = once;
	buf_init(&run.data, (size_t)o->lim.max_message_bytes);
	mime_init();
	/*
	 * Batches run without a savepoint per message (cheaper) until a
	 * message has to be rolled back alone (a rejection): the batch is
	 * then rolled back and replayed with savepoints.  Nothing of a
	 * replayed batch has reached the disk or the terminal: files move
	 * after COMMIT, the counters are restored, and runs with -v or
	 * standard input always use savepoints.  An mbox's entries count as
	 * messages of the batch; a batch may start inside one, and its replay
	 * reads the file again from that entry (start_off).
	 */
	i = 0;
	while (i < list.n) {
		if (inbatch == 0) {
			if (store_begin(run.st, err) == -1)
				goto done;
			start = i;
			start_mb = run.mb != NULL;
			if (start_mb)
				start_off = mbox_tell(run.mb, &start_index);
			snap = *stats;
			store_msg_savepoints(run.st, safe);
			if (prefetch(&run, &list, i, (size_t)o->batch, err) == -1)
				goto done;
		}
		k = do_item(&run, &b, &list.items[i], &more, err);
		if (k == -1) {
			store_rollback(run.st);
			goto done;
		}
		if (k == 1) {
			store_rollback(run.st);
			batch_clear(&b);
			*stats = snap;
			stats->replayed++;
			safe = true;
			inbatch = 0;
			i = start;
			if (rewind_mbox(&run, list.items[i].path, start_mb,
			    start_off, start_index, err) == -1)
				goto done;
			continue;
		}
		if (++inbatch >= o->batch || (!more && i + 1 == list.n)) {
			if (store_commit(run.st, err) == -1) {
				store_rollback(run.st);
				goto done;
			}
			inbatch = 0;
			/* After a batch with rejections the next one starts
			 * with savepoints: a mailbox full of broken mail does
			 * not pay for every batch twice. */
			safe = once || stats->rejected > snap.rejected;
			batch_move(&b, stats, &ul, o->verbose);
		}
		if (more)
			continue;
		i++;
		if (o->progress && now_sec() - last > 0.25) {
			last = now_sec();
			fprintf(stderr, "\rdmarc-ingest: %zu/%zu messages", i, list.n);
		}
	}
	if (o->progress && list.n > 0)
		fprintf(stderr, "\rdmarc-ingest: %zu/%zu messages\n", list.n, list.n);
	rc = 0;
done:
	mbox_free(run.mb);
	unmoved_say(&ul);
	unmoved_clear(&ul);
	batch_clear(&b);
	free(b.moves);
	store_close(run.st);
	buf_release(&run.data);
	maildir_list_free(&list);
	fsx_unlock(lockfd);
	free(lp);
	stats->seconds = now_sec() - t0;
	return rc;
}
