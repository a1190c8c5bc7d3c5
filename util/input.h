/*
 * util/input.h -- a byte stream pulled by its consumer.
 *
 * The seam between ingest/unpack (which produces decompressed payloads)
 * and ingest/rua (which parses them): the unpacker hands a struct dr_input
 * to its callback and the parser pulls through it, so neither folder
 * includes the other.  The reader is borrowed for the callback's duration.
 */
#ifndef DR_INPUT_H
#define DR_INPUT_H

struct dr_input {
	/*
	 * Like xmlInputReadCallback: up to len bytes into buf; the number of
	 * bytes read (0 at the end), or -1 on error.  A reader that fails
	 * records why in the struct dr_err it shares with its consumer.
	 */
	int	(*read)(void *ctx, char *buf, int len);
	void	*ctx;
};

#endif
