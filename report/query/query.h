/*
 * report/query/query.h -- the folder report/query/: the questions
 * dmarc-report asks the database, turned into rows of C structs.
 *
 *   opts.h, window.c   what every question shares: domains, window, format
 *   failures.c         failing sources per (domain, source IP)
 *   summary.c          per-domain totals and policies seen
 *   sources.c          all traffic per source, grouped by organization
 *   align_check.c      our own recomputation of alignment from the results
 *   qparam.c           the typed parameters of the named queries (sql/queries/)
 *   weekly*.c          the data of the weekly page
 *
 * May use: util/, store/ (only through store/read.h: every statement is a
 * named file of sql/report/), report/dns/ (PTR names for rows).  Never the
 * output, check, page or command layers above it.
 */
#ifndef DR_QUERY_H
#define DR_QUERY_H

#include "report/query/opts.h"
#include "report/query/failures.h"
#include "report/query/align_check.h"
#include "report/query/weekly.h"

#endif
