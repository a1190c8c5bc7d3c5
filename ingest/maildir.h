/*
 * ingest/maildir.h -- listing Maildirs and computing where a message goes.
 *
 * Maildir names are <unique>[:2,<flags>]; <unique> is opaque and is our key
 * for "seen before".  Flags we do not own are preserved; S is added when a
 * report is filed.  Dot-files are ignored; tmp/ is never read.  Entries
 * of new/ and cur/ that are not regular files are listed with `special`
 * set, so that the run names them; they are never opened.
 */
#ifndef DR_MAILDIR_H
#define DR_MAILDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct md_item {
	char	*path;		/* full path of the file */
	char	*root;		/* Maildir root it came from, or NULL for a bare file */
	char	*sub;		/* "new" or "cur" (Maildir items) */
	char	*name;		/* file name */
	char	*unique;	/* Maildir unique part (key), or NULL */
	int64_t	 size;		/* size when listed (Maildir), or -1 */
	const char *special;	/* not a regular file: what (static) */
};

struct md_list {
	struct md_item	*items;
	size_t		 n, cap;
};

bool	maildir_is_root(const char *dir);
/* Appends new/ then cur/ entries (sorted by name) of a Maildir root.
 * -1 with errno; *failed is then the folder that could not be read
 * ("new" or "cur"). */
int	maildir_list(struct md_list *l, const char *root,
	    const char **failed);
int	maildir_add_file(struct md_list *l, const char *path);
void	maildir_list_free(struct md_list *l);
/* Ensures dir is a Maildir (tmp, new, cur; plus maildirfolder when
 * is_subfolder); 0 or -1 with errno. */
int	maildir_make(const char *dir, bool is_subfolder);
/* Destination file name in cur/: unique + ":2," + flags with S added. */
int	maildir_seen_name(const char *name, char *out, size_t outlen);
/*
 * The n-th other name (n >= 1) for a message whose destination name is
 * taken: "<unique>.<n>[:<info>]".  A different message can carry the same
 * unique name (two Maildirs, two hosts); a move never replaces a file, so
 * the second one gets a new name instead.
 */
int	maildir_other_name(const char *name, unsigned n, char *out,
	    size_t outlen);

#endif
