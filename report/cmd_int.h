/* report/cmd_int.h -- small helpers the cmd_*.c files share. */
#ifndef DR_CMD_INT_H
#define DR_CMD_INT_H

#include "report/dns/ptr.h"
#include "report/report.h"

/* PTR options from the shared command-line options. */
void	cmd_ptr_opts(const struct report_ctx *ctx, struct ptr_opts *po);
/* Prints a note on stderr when the PTR cache could not be saved. */
void	cmd_ptr_note(const struct ptr_stats *ps);

#endif
