/*
 * report/records/records.h -- the folder report/records/: pure parsers of
 * the DNS TXT records a DMARC admin publishes.
 *
 *   dmarc_record.c  DMARC (RFC 7489 / DMARCbis) policy records
 *   spf.c           SPF (RFC 7208) records; spf_macro.c its macro language
 *   dkim.c          DKIM key records (RFC 6376, RFC 8301 key strength)
 *   tok.c           the tag=value lexer they share
 *   dnsmsg.c        the findings list every parser fills (plain sentences)
 *
 * May use: util/ only.  No DNS, no database, no allocation that outlives
 * a call: each parser is a function of the record's bytes, so each is
 * fuzzed (tests/fuzz) and table-tested on its own.  The evaluation that
 * needs DNS answers (SPF check_host) lives in report/check/.
 */
#ifndef DR_RECORDS_H
#define DR_RECORDS_H

#include "report/records/dkim.h"
#include "report/records/dmarc_record.h"
#include "report/records/dnsmsg.h"
#include "report/records/spf.h"
#include "report/records/tok.h"

#endif
