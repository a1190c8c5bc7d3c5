/*
 * ingest/maildir.c -- Maildir listing and naming (see maildir.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/maildir.h"
#include "util/fsx.h"

bool
maildir_is_root(const char *dir)
{
	char p[4096];
	int n;

	n = snprintf(p, sizeof(p), "%s/new", dir);
	if (n > 0 && (size_t)n < sizeof(p) && fsx_is_dir(p))
		return true;
	n = snprintf(p, sizeof(p), "%s/cur", dir);
	return n > 0 && (size_t)n < sizeof(p) && fsx_is_dir(p);
}

static int
push(struct md_list *l, const char *path, const char *root, const char *sub,
    const char *name, int64_t size)
{
	struct md_item *it;
	const char *colon;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;
		struct md_item *p = realloc(l->items, ncap * sizeof(*p));
		if (p == NULL)
			return -1;
		l->items = p;
		l->cap = ncap;
	}
	it = &l->items[l->n];
	memset(it, 0, sizeof(*it));
	it->size = size;
	it->path = strdup(path);
	it->name = strdup(name);
	if (root != NULL) {
		it->root = strdup(root);
		it->sub = strdup(sub);
		colon = strchr(name, ':');
		it->unique = colon ? strndup(name, (size_t)(colon - name)) : strdup(name);
	}
	if (it->path == NULL || it->name == NULL ||
	    (root != NULL && (it->root == NULL || it->sub == NULL || it->unique == NULL))) {
		free(it->path);
		free(it->name);
		free(it->root);
		free(it->sub);
		free(it->unique);
		return -1;
	}
	l->n++;
	return 0;
}

/* What a directory entry that is not a regular file is, for the line
 * that names it; NULL for a regular file. */
static const char *
kind_name(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a device";
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_sub(struct md_list *l, const char *root, const char *sub)
{
	char dir[4096], path[4096];
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	DIR *d;
	int rc = -1, k;

	k = snprintf(dir, sizeof(dir), "%s/%s", root, sub);
	if (k < 0 || (size_t)k >= sizeof(dir))
		return -1;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			char **p = realloc(names, ncap * sizeof(*p));
			if (p == NULL)
				goto done;
			names = p;
			cap = ncap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto done;
		n++;
	}
	if (n > 0)		/* qsort(NULL, 0) is undefined */
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;

		k = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (k < 0 || (size_t)k >= sizeof(path))
			continue;
		if (lstat(path, &st) == -1)
			continue;	/* gone meanwhile */
		if (push(l, path, root, sub, names[i],
		    (int64_t)st.st_size) == -1)
			goto done;
		/* Listed so that the run names it; it is never opened. */
		l->items[l->n - 1].special = kind_name(st.st_mode);
	}
	rc = 0;
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int
maildir_list(struct md_list *l, const char *root, const char **failed)
{
	*failed = "new";
	if (list_sub(l, root, "new") == -1)
		return -1;
	*failed = "cur";
	return list_sub(l, root, "cur");
}

int
maildir_add_file(struct md_list *l, const char *path)
{
	const char *slash = strrchr(path, '/');

	return push(l, path, NULL, NULL, slash ? slash + 1 : path, -1);
}

void
maildir_list_free(struct md_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].path);
		free(l->items[i].root);
		free(l->items[i].sub);
		free(l->items[i].name);
		free(l->items[i].unique);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

int
maildir_make(const char *dir, bool is_subfolder)
{
	static const char *subs[] = { "tmp", "new", "cur" };
	char p[4096];
	size_t i;
	int n, fd;

	for (i = 0; i < 3; i++) {
		n = snprintf(p, sizeof(p), "%s/%s", dir, subs[i]);
		if (n < 0 || (size_t)n >= sizeof(p)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (fsx_mkdirs(p) == -1)
			return -1;
	}
	if (is_subfolder) {
		n = snprintf(p, sizeof(p), "%s/maildirfolder", dir);
		if (n < 0 || (size_t)n >= sizeof(p))
			return -1;
		fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd == -1)
			return -1;
		close(fd);
	}
	return 0;
}

int
maildir_seen_name(const char *name, char *out, size_t outlen)
{
	const char *info = strstr(name, ":2,");
	char flags[64];
	size_t ulen, fl = 0, i;
	int n;

	ulen = info ? (size_t)(info - name) : strcspn(name, ":");
	if (info != NULL) {
		for (i = 0; info[3 + i] != '\0' && fl + 2 < sizeof(flags); i++)
			flags[fl++] = info[3 + i];
	}
	flags[fl] = '\0';
	if (strchr(flags, 'S') == NULL && fl + 1 < sizeof(flags)) {
		/* Keep flags in ASCII order: insert S. */
		size_t pos = 0;
		while (pos < fl && flags[pos] < 'S')
			pos++;
		memmove(flags + pos + 1, flags + pos, fl - pos + 1);
		flags[pos] = 'S';
	}
	n = snprintf(out, outlen, "%.*s:2,%s", (int)ulen, name, flags);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int
maildir_other_name(const char *name, unsigned n, char *out, size_t outlen)
{
	size_t ulen = strcspn(name, ":");
	int k;

	k = snprintf(out, outlen, "%.*s.%u%s", (int)ulen, name, n, name + ulen);
	return k < 0 || (size_t)k >= outlen ? -1 : 0;
}
