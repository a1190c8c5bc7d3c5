/*
 * util/fsx.c -- durable moves, locks and directory creation (see fsx.h).
 * Every step's result is checked; one cleanup path per function.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsx.h"

int
fsx_lock(const char *lockpath)
{
	int fd;

	/* Read-only: flock() needs no write access, so a lock file left by
	 * another user (root's run) blocks no one who may read it. */
	fd = open(lockpath, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

void
fsx_unlock(int fd)
{
	if (fd >= 0) {
		(void)flock(fd, LOCK_UN);
		close(fd);
	}
}

int
fsx_fsync_dir(const char *dir)
{
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
copy_fd(int in, int out)
{
	char tmp[65536];
	ssize_t n, w, off;

	for (;;) {
		n = read(in, tmp, sizeof(tmp));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (off = 0; off < n; off += w) {
			w = write(out, tmp + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				return -1;
			}
		}
	}
}

/*
 * rename() that never replaces an existing file: renameat2() with
 * RENAME_NOREPLACE where the kernel and the file system have it, else
 * link() then unlink() (link() fails with EEXIST by itself).  A crash
 * between the two leaves the file under both names, never under none;
 * fsx_move() recognizes that state (same inode) and finishes it.
 */
static int
rename_noreplace(const char *from, const char *to)
{
	int saved;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
#endif
	if (link(from, to) == -1)
		return -1;
	if (unlink(from) == -1) {
		saved = errno;
		(void)unlink(to);
		errno = saved;
		return -1;
	}
	return 0;
}

/* from and to are two names of one file (a link()+unlink() cut short). */
static bool
same_file(const char *from, const char *to)
{
	struct stat a, b;

	return lstat(from, &a) == 0 && lstat(to, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
fsx_move(const char *from, const char *to)
{
	char tmp[PATH_MAX];
	int in = -1, out = -1, rc = -1, n;

	tmp[0] = '\0';
	if (rename_noreplace(from, to) == 0)
		return 0;
	if (errno == EEXIST && same_file(from, to))
		return unlink(from);
	if (errno != EXDEV)
		return -1;
	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", to, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		tmp[0] = '\0';
		goto done;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		tmp[0] = '\0';		/* not ours: never unlinked */
		goto done;
	}
	if (copy_fd(in, out) == -1 || fsync(out) == -1)
		goto done;
	if (close(out) == -1) {
		out = -1;
		goto done;
	}
	out = -1;
	if (rename_noreplace(tmp, to) == -1)
		goto done;
	tmp[0] = '\0';
	if (unlink(from) == -1)
		goto done;
	rc = 0;
done:
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	if (tmp[0] != '\0' && rc == -1) {
		int saved = errno;
		(void)unlink(tmp);
		errno = saved;
	}
	return rc;
}

bool
fsx_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fsx_mkdirs(const char *dir)
{
	char path[PATH_MAX];
	size_t i, n;

	n = strlen(dir);
	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -1;
		if (i < n)
			path[i] = '/';
	}
	return fsx_is_dir(dir) ? 0 : -1;
}

/* Writes all of data to fd; -1 with errno on a short or failed write. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* tmp + fsync + rename over path; mode < 0: a new file (0644 & ~umask),
 * else the permission bits the replaced file had. */
static int
write_atomic_mode(const char *path, const void *data, size_t len, int mode)
{
	char tmp[PATH_MAX];
	int fd = -1, rc = -1, n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* A stale tmp of a crashed run with our pid goes; O_EXCL then never
	 * follows a link someone left at the tmp name. */
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0644)) == -1)
		return -1;
	if (mode >= 0 && fchmod(fd, (mode_t)mode) == -1)
		goto done;
	if (write_all(fd, data, len) == -1 || fsync(fd) == -1)
		goto done;
	if (close(fd) == -1) {
		fd = -1;
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto done;
	rc = 0;
done:
	if (fd != -1)
		close(fd);
	if (rc == -1) {
		int saved = errno;
		(void)unlink(tmp);
		errno = saved;
	}
	return rc;
}

int
fsx_write_atomic(const char *path, const void *data, size_t len)
{
	return write_atomic_mode(path, data, len, -1);
}

/* Opens what is there (a FIFO, a device) and writes into it. */
static int
write_through(const char *path, const void *data, size_t len)
{
	int fd, rc;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = write_all(fd, data, len);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

int
fsx_write_out(const char *path, const void *data, size_t len)
{
	struct stat st;
	char *real = NULL;
	int rc;

	if (stat(path, &st) == -1) {
		if (errno != ENOENT)
			return -1;
		if (lstat(path, &st) == 0) {
			errno = ENOENT;		/* a symbolic link to nothing */
			return -1;
		}
		return fsx_write_atomic(path, data, len);
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return write_through(path, data, len);
	/* A regular file, maybe behind symbolic links: the file itself is
	 * replaced, in its own directory, and the links stay. */
	if ((real = realpath(path, NULL)) == NULL)
		return -1;
	rc = write_atomic_mode(real, data, len, (int)(st.st_mode & 0777));
	free(real);
	return rc;
}
