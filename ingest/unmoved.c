/*
 * ingest/unmoved.c -- committed messages that could not be filed, said
 * once per run: grouped by (source directory, destination directory,
 * errno, kind), one not-moved line per group with the count, the cause,
 * the fix and what becomes of them.  A Maildir the ingest user may read
 * but not write used to print one bare line per message, every run.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/run.h"

/* Counts one message in its group; -1 when out of memory. */
int
unmoved_add(struct unmoved_list *ul, const char *from, const char *to_dir,
    int errnum, bool rejected)
{
	const char *slash = strrchr(from, '/');
	size_t flen = slash != NULL ? (size_t)(slash - from) : 1;
	struct unmoved *u;
	size_t i;

	for (i = 0; i < ul->n; i++) {
		u = &ul->v[i];
		if (u->errnum == errnum && u->rejected == rejected &&
		    strcmp(u->to_dir, to_dir) == 0 &&
		    strlen(u->from_dir) == flen &&
		    strncmp(u->from_dir, slash != NULL ? from : ".",
		    flen) == 0) {
			u->n++;
			return 0;
		}
	}
	if (ul->n == ul->cap) {
		size_t ncap = ul->cap ? ul->cap * 2 : 8;
		struct unmoved *p = realloc(ul->v, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		ul->v = p;
		ul->cap = ncap;
	}
	u = &ul->v[ul->n];
	u->from_dir = strndup(slash != NULL ? from : ".", flen);
	u->to_dir = strdup(to_dir);
	if (u->from_dir == NULL || u->to_dir == NULL) {
		free(u->from_dir);
		free(u->to_dir);
		return -1;
	}
	u->errnum = errnum;
	u->rejected = rejected;
	u->n = 1;
	ul->n++;
	return 0;
}

/* The fix for a move that failed with errnum, or "". */
static const char *
unmoved_hint(const struct unmoved *u, char *buf, size_t len)
{
	const char *slash = strrchr(u->from_dir, '/');
	int root = slash != NULL ? (int)(slash - u->from_dir) :
	    (int)strlen(u->from_dir);
	char who[64];

	run_user_name(who, sizeof(who));
	switch (u->errnum) {
	case EACCES:
	case EPERM:
		(void)snprintf(buf, len, " (the user running dmarc-ingest, %s,"
		    " needs write access to both directories: chown -R %s"
		    " %.*s, or run dmarc-ingest as the Maildir's owner)", who,
		    who, root, u->from_dir);
		break;
	case EROFS:
		(void)snprintf(buf, len, " (the file system is mounted"
		    " read-only)");
		break;
	case ENOTDIR:
	case ENOENT:
		(void)snprintf(buf, len, " (the destination is not a"
		    " directory: check --archive and --quarantine)");
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}

/* One line per group: what failed, how many, why, the fix, and what
 * becomes of the messages. */
void
unmoved_say(struct unmoved_list *ul)
{
	char hint[512], detail[3 * PATH_MAX];
	size_t i;

	for (i = 0; i < ul->n; i++) {
		const struct unmoved *u = &ul->v[i];

		bool one = u->n == 1;

		(void)snprintf(detail, sizeof(detail), "%lld %s could not be"
		    " moved to %s: %s%s; %s in %s%s (-v names each)",
		    (long long)u->n, u->rejected ? (one ? "rejected message" :
		    "rejected messages") : (one ? "message whose reports are"
		    " stored" : "messages whose reports are stored"),
		    u->to_dir, strerror(u->errnum), unmoved_hint(u, hint,
		    sizeof(hint)), one ? "it stays" : "they stay", u->from_dir,
		    u->rejected ? ", rejected again by every run until"
		    " it can be moved" : one ? ", not read again, until a run"
		    " can file it" : ", not read again, until a run can file"
		    " them");
		run_complain(u->from_dir, NULL, R_NOT_MOVED, detail);
	}
}

void
unmoved_clear(struct unmoved_list *ul)
{
	size_t i;

	for (i = 0; i < ul->n; i++) {
		free(ul->v[i].from_dir);
		free(ul->v[i].to_dir);
	}
	free(ul->v);
	memset(ul, 0, sizeof(*ul));
}
