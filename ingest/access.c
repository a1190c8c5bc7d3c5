/*
 * ingest/access.c -- what the run needs to reach, checked before it starts,
 * so that a permission problem is said with the file, its owner and the
 * fix instead of as SQLite's "readonly database" or a bare "io:" line:
 * a Maildir's new/ and cur/, the database's directory, the lock file and
 * the database.  (Messages that cannot be moved are counted in batch.c.)
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/run.h"

/* The user this run is, for the lines that say who needs access. */
const char *
run_user_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL)
		(void)snprintf(buf, len, "%s", pw->pw_name);
	else
		(void)snprintf(buf, len, "uid %ld", (long)geteuid());
	return buf;
}

/*
 * A directory input: a Maildir has new/ or cur/.  A folder that exists
 * but cannot be looked at (permissions) is said as such, never as "not a
 * Maildir".
 */
int
run_check_maildir(const char *root, struct dr_err *err)
{
	static const char *const subs[] = { "new", "cur" };
	char p[PATH_MAX], who[64];
	struct stat st;
	bool found = false;
	size_t i;
	int n, saved;

	for (i = 0; i < 2; i++) {
		n = snprintf(p, sizeof(p), "%s/%s", root, subs[i]);
		if (n < 0 || (size_t)n >= sizeof(p))
			return dr_fail(err, R_USAGE, "%s: name too long", root);
		if (stat(p, &st) == 0) {
			found |= S_ISDIR(st.st_mode);
			continue;
		}
		if ((saved = errno) != ENOENT)
			return dr_fail(err, R_NO_INPUT, "cannot read %s: %s"
			    " (the user running dmarc-ingest, %s, needs read,"
			    " write and search access to the Maildir)", p,
			    strerror(saved), run_user_name(who, sizeof(who)));
	}
	if (!found)
		return dr_fail(err, R_USAGE, "%s: not a Maildir (no new/ or"
		    " cur/)", root);
	return 0;
}

/* The folder of the database exists: else the run says so and how to
 * make it (the lock file and the database would fail with ENOENT). */
int
run_db_dir_exists(const char *db, struct dr_err *err)
{
	const char *slash = strrchr(db, '/');
	char dir[PATH_MAX], who[64];
	struct stat st;
	int n, saved;

	if (slash == NULL)
		return 0;
	n = snprintf(dir, sizeof(dir), "%.*s", slash == db ? 1 :
	    (int)(slash - db), db);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return dr_fail(err, R_USAGE, "--db %s: name too long", db);
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return dr_fail(err, R_NO_INPUT, "the database's directory %s"
		    " is not a directory", dir);
	}
	if ((saved = errno) == ENOENT)
		return dr_fail(err, R_NO_INPUT, "database directory %s does"
		    " not exist: create it (install -d -o %s %s)", dir,
		    run_user_name(who, sizeof(who)), dir);
	return dr_fail(err, R_NO_PERMISSION, "cannot reach the database"
	    " directory %s: %s (the user running dmarc-ingest, %s, needs"
	    " search access to each directory above it)", dir,
	    strerror(saved), run_user_name(who, sizeof(who)));
}

/* Says why the lock file cannot be opened, and the fix. */
void
run_lock_failed(const char *lp, const char *db, int errnum, struct dr_err *err)
{
	const char *slash = strrchr(db, '/');
	char who[64], owner[64];
	struct passwd *pw;
	struct stat st;

	run_user_name(who, sizeof(who));
	if (errnum != EACCES && errnum != EPERM) {
		dr_fail(err, R_IO, "cannot open the lock file %s: %s", lp,
		    strerror(errnum));
		return;
	}
	if (lstat(lp, &st) == -1) {
		dr_fail(err, R_NO_PERMISSION, "cannot create the lock file"
		    " %s: %s (the user running dmarc-ingest, %s, needs write"
		    " access to the database's directory %.*s)", lp,
		    strerror(errnum), who, slash == NULL ? 1 : slash == db ?
		    1 : (int)(slash - db), slash == NULL ? "." : db);
		return;
	}
	if ((pw = getpwuid(st.st_uid)) != NULL)
		(void)snprintf(owner, sizeof(owner), "%s", pw->pw_name);
	else
		(void)snprintf(owner, sizeof(owner), "uid %ld",
		    (long)st.st_uid);
	dr_fail(err, R_NO_PERMISSION, "lock file %s is owned by %s (mode %04o)"
	    " and not readable by user %s: remove it (rm %s) or chown %s %s",
	    lp, owner, (unsigned)(st.st_mode & 07777), who, lp, who, lp);
}

/*
 * The database and SQLite's files beside it can be written by this user:
 * else SQLite says only "attempt to write a readonly database", at the
 * first insert.  Names the file, its owner and the fix.
 */
int
run_db_writable(const char *db, struct dr_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	char p[PATH_MAX], who[64], owner[64];
	struct passwd *pw;
	struct stat st;
	size_t i;
	int n;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		n = snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
		if (n < 0 || (size_t)n >= sizeof(p))
			return dr_fail(err, R_USAGE, "--db %s: name too long",
			    db);
		if (stat(p, &st) == -1 || !S_ISREG(st.st_mode) ||
		    access(p, W_OK) == 0 || errno != EACCES)
			continue;	/* EPERM (immutable), EROFS: SQLite says */
		if ((pw = getpwuid(st.st_uid)) != NULL)
			(void)snprintf(owner, sizeof(owner), "%s", pw->pw_name);
		else
			(void)snprintf(owner, sizeof(owner), "uid %ld",
			    (long)st.st_uid);
		run_user_name(who, sizeof(who));
		if (st.st_uid == geteuid())
			return dr_fail(err, R_NO_PERMISSION, "%s is mode %04o:"
			    " not writable by its owner %s: chmod u+w %s", p,
			    (unsigned)(st.st_mode & 07777), who, p);
		return dr_fail(err, R_NO_PERMISSION, "%s is owned by %s (mode"
		    " %04o) and not writable by user %s: chown %s %s %s-wal"
		    " %s-shm, or run dmarc-ingest as %s", p, owner,
		    (unsigned)(st.st_mode & 07777), who, who, db, db, db,
		    owner);
	}
	return 0;
}

/*
 * A lock file that root creates is given to the database's owner, as
 * SQLite does with the -wal and -shm files: the service user's next run
 * then finds it its own.
 */
void
run_lock_owner(int fd, const char *db)
{
	struct stat st, ls;

	if (fd < 0 || geteuid() != 0 || stat(db, &st) == -1 ||
	    fstat(fd, &ls) == -1 || ls.st_uid != 0 || st.st_uid == 0)
		return;
	(void)fchown(fd, st.st_uid, st.st_gid);
}
