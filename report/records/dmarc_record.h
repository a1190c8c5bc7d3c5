/*
 * report/records/dmarc_record.h -- parse and validate one DMARC TXT record.
 *
 * Design rationale: a pure function over a buffer (no DNS, no allocation,
 * no global state) so it can be fuzzed and table-tested.  It never "fixes"
 * a record (p=rej stays invalid): it reports what is wrong and what
 * receivers will do because of it (brief 3.2-3.4, 3.8), in plain language.
 * Finding the record (which RRs, org-domain fallback) is report/check/check.c's
 * job; dmarc_is_candidate() tells it which TXT strings to look at.
 */
#ifndef DR_DMARC_RECORD_H
#define DR_DMARC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "report/records/dnsmsg.h"
#include "util/limits.h"

enum dmarc_policy {
	DMARC_P_ABSENT = 0,	/* tag not given */
	DMARC_P_NONE,
	DMARC_P_QUARANTINE,
	DMARC_P_REJECT,
	DMARC_P_INVALID,	/* given, but not one of the three */
};

#define DMARC_MAX_URIS		8	/* kept per rua/ruf (receivers use 2) */
#define DMARC_MAX_URI_LEN	320
#define DMARC_MAX_HOST_LEN	DR_DOMAIN_BUF

struct dmarc_uri {
	char	uri[DMARC_MAX_URI_LEN];		/* without a !size suffix */
	char	host[DMARC_MAX_HOST_LEN];	/* mailto domain, lower case */
	bool	is_mailto;
	bool	valid;
};

struct dmarc_txt {
	bool			is_dmarc;	/* starts with v=DMARC1 */
	bool			valid;		/* is_dmarc and no error */
	bool			applies;	/* receivers apply DMARC with it */
	enum dmarc_policy	p, sp, np;	/* as given */
	enum dmarc_policy	eff_p, eff_sp, eff_np;	/* what receivers use */
	int			pct;		/* 0..100; -1 absent or invalid */
	char			adkim, aspf;	/* 'r' or 's' (defaults filled) */
	char			fo[16];		/* as given if valid, else "0" */
	char			t, psd;		/* 'y'/'n', 'y'/'n'/'u' */
	struct dmarc_uri	rua[DMARC_MAX_URIS];
	size_t			n_rua;
	struct dmarc_uri	ruf[DMARC_MAX_URIS];
	size_t			n_ruf;
	struct dnsmsg		errors;
	struct dnsmsg		warnings;
};

/* True when txt starts with "v=DMARC1" in any letter case (optional spaces
 * around '='), followed by ';', space or the end: an RR to look at. */
bool		 dmarc_is_candidate(const char *txt, size_t len);

/* Parses txt[0..len) into *rec (always fully initialized).  Returns 0 when
 * the record is a usable DMARC record (rec->applies), -1 otherwise; the
 * reasons are in rec->errors either way. */
int		 dmarc_record_parse(struct dmarc_txt *rec, const char *txt,
		    size_t len);

const char	*dmarc_policy_name(enum dmarc_policy p);	/* "none", ... NULL */

#endif
