/*
 * report/html/html_dns.h -- the DNS part of the weekly page: the policy as
 * published now, plain-language findings, and "passes SPF today" for each
 * failing source, taken from the DNS checks (report/check/check.h).
 */
#ifndef DR_HTML_DNS_H
#define DR_HTML_DNS_H

#include <stdint.h>

#include "report/html/html.h"
#include "report/query/opts.h"
#include "report/query/weekly.h"

/*
 * Fills pol[i] for w->domains[i] and spf_today of the sources.  DNS
 * failures are findings, not errors: -1 only for out-of-memory or a bad
 * --dns-server.
 */
int	html_dns_checks(const struct report_opts *o, struct weekly *w,
	    struct html_policy *pol, int64_t now, struct dr_err *err);

#endif
