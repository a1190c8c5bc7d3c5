/*
 * ingest/mbox.h -- split an mbox file (RFC 4155) into its messages,
 * streaming: one entry in memory at a time, never the file.
 *
 * An input is an mbox when its first five bytes are "From ".  An entry
 * runs from its "From " separator line up to the next separator, which is
 * a line starting "From " that follows an empty line ("\n" or "\r\n");
 * a "From " line anywhere else is body text.  Content-Length (mboxcl) is
 * not honoured: it is a header of the hostile message.
 *
 * Each entry's identity is the SHA-256 of its raw bytes (separator line
 * and trailing empty line included), so it can be checked with
 * `tail -c +$((offset + 1)) FILE | head -c SIZE | sha256sum`.  The bytes
 * handed to the parser are unquoted as mboxrd: one '>' is removed from a
 * line matching ^>+From  (after the separator line).  For mboxo files
 * that is right for every line that began "From " and wrong only for one
 * that began ">From "; report attachments are base64 and never hold such
 * lines.
 */
#ifndef DR_MBOX_H
#define DR_MBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

struct mbox;

struct mbox_entry {
	int64_t		 index;		/* 1, 2, ... in the file */
	uint64_t	 offset;	/* byte offset of its separator line */
	uint64_t	 size;		/* raw bytes, to the next separator */
	char		 sha256[65];	/* hex SHA-256 of the raw bytes */
	bool		 is_too_big;	/* size > data->max: data holds none */
};

/*
 * Opens path ("-": standard input, left open) and reads its first bytes.
 * 0 and *out, or -1 with errno (*out NULL).  Whether it is an mbox is
 * mbox_is_mbox(); either way nothing has been consumed.
 */
int	mbox_open(struct mbox **out, const char *path);
bool	mbox_is_mbox(const struct mbox *mb);
/*
 * The next entry: its unquoted bytes replace data's content (none when
 * the entry is larger than data->max: is_too_big, and the reader is past
 * it all the same).  Returns 1, 0 at the end of the file, or -1 with
 * errno (a read error).
 */
int	mbox_next(struct mbox *mb, struct buf *data, struct mbox_entry *e);
/* True when no entry follows (false after a read error: mbox_next says). */
bool	mbox_at_end(struct mbox *mb);
/* Where the next entry starts, and its index minus one. */
uint64_t mbox_tell(const struct mbox *mb, int64_t *index);
/*
 * Back (or on) to an entry that mbox_tell() gave, to read it again: only
 * for a regular file.  -1 with errno when it cannot be done, or ESTALE
 * when no separator line starts there any more (the file was rewritten).
 */
int	mbox_seek(struct mbox *mb, uint64_t offset, int64_t index);
/* Appends everything not yet consumed to data (a stream that is not an
 * mbox): -1 with errno, EFBIG over data->max. */
int	mbox_read_rest(struct mbox *mb, struct buf *data);
void	mbox_free(struct mbox *mb);	/* accepts NULL; closes a file */

#endif
