/*
 * util/exit.h -- the exit statuses of both programs (util/exits.def) and
 * the one mapping from a run's failure reason to its status.
 *
 * dmarc-ingest, dmarc-report and every command return one of these; a
 * program never returns a bare number.  The table in README.md and the
 * EXIT STATUS sections of docs/dmarc-ingest.1 and docs/dmarc-report.1
 * list them all.
 */
#ifndef DR_EXIT_H
#define DR_EXIT_H

#include "util/err.h"

enum dr_exit {
#define X(id, code, name, ingest, report) id = code,
#include "util/exits.def"
#undef X
};

/* The status a run that stopped for reason r exits with (R_NONE: 0). */
enum dr_exit	dr_exit_for(enum dr_reason r);

#endif
