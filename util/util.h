/*
 * util/util.h -- the folder util/: small helpers every other folder may
 * use, on libc alone.
 *
 *   limits.h/.c     every cap on hostile input and every report-side bound
 *   reasons.def     the reason IDs (X-macro) behind err.h
 *   outcomes.def    the message outcomes (X-macro) behind outcome.h
 *   rate.c          the one definition and rounding of a rate (x.y %)
 *   err.c           struct dr_err: reason, detail, one return convention
 *   exit.h, exits.def  the exit statuses of both programs, reason -> status
 *   buf.c           a growable buffer that carries its cap
 *   hash.h          the one string hash (FNV-1a) of the open-addressing maps
 *   fsx.c           durable moves, fsync, the lock file
 *   input.h         the byte reader a parser is handed
 *   utf8.c, vis.c   UTF-8 checks and the one safe printer for terminals
 *   conf.c          the configuration file (/etc/dmarc-rua.conf) parser
 *
 * May use: libc only.  Never store/, ingest/ or report/.
 */
#ifndef DR_UTIL_H
#define DR_UTIL_H

#include "util/buf.h"
#include "util/conf.h"
#include "util/err.h"
#include "util/exit.h"
#include "util/fsx.h"
#include "util/hash.h"
#include "util/input.h"
#include "util/limits.h"
#include "util/outcome.h"
#include "util/rate.h"
#include "util/utf8.h"
#include "util/vis.h"

#endif
