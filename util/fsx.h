/*
 * util/fsx.h -- file-system steps that must not lose data.
 *
 * fsx_lock: a non-blocking exclusive flock on a lock file next to the
 * database, so one cron run at a time ingests into it.  The file is opened
 * read-only (created 0644 & ~umask when missing): whoever may read it can
 * take the lock, so a lock file that a root run created does not lock out
 * the service user.
 * fsx_move: rename() a file into place (same file system), or, on EXDEV,
 * copy into the destination directory's tmp file, fsync, rename, then
 * unlink the source -- a crash leaves the message in at least one place.
 * It never replaces an existing file: -1 with errno EEXIST when the
 * destination exists (renameat2 RENAME_NOREPLACE, or link + unlink where
 * the file system lacks it); the caller picks another name.
 * fsx_fsync_dir: make renames durable.
 */
#ifndef DR_FSX_H
#define DR_FSX_H

#include <stdbool.h>

/* Returns the lock fd (>= 0), -1 with errno EWOULDBLOCK if held, -1 else. */
int	fsx_lock(const char *lockpath);
void	fsx_unlock(int fd);
int	fsx_move(const char *from, const char *to);
int	fsx_fsync_dir(const char *dir);
/* mkdir -p for dir (mode 0700 for new parts); 0 if it exists. */
int	fsx_mkdirs(const char *dir);
bool	fsx_is_dir(const char *path);
/* Write data to path atomically (tmp + fsync + rename), a new file. */
int	fsx_write_atomic(const char *path, const void *data, size_t len);
/*
 * Write data to an output path given by the user (dmarc-report html -o):
 *  - a new name or a regular file: atomically (tmp + fsync + rename in
 *    the file's directory); a replaced file keeps its permission bits;
 *  - a symbolic link: followed; the same rules apply to its target (a
 *    regular target is replaced atomically, the link stays); a link to
 *    nothing fails with ENOENT;
 *  - a FIFO, a character or block device or a socket: never replaced,
 *    opened and written through (so /dev/full fails with ENOSPC);
 *  - a directory: fails with EISDIR.
 * Returns 0, or -1 with errno; every write, fsync and close is checked.
 */
int	fsx_write_out(const char *path, const void *data, size_t len);

#endif
