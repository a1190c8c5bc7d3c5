/*
 * report/query/align_check.h -- recompute DMARC alignment from a record's stored
 * auth results and compare it with what the reporter said.
 *
 * Reporters' policy_evaluated is stored and shown as given; this check only
 * flags disagreement (a column), it never replaces the reporter's verdict.
 * Rules (brief 3.7): DKIM aligns when any signature with result pass has a
 * d= aligned with header_from; SPF aligns when an mfrom result (scope
 * mfrom or absent) passed for a domain aligned with header_from; relaxed
 * ('r', the default) compares organizational domains (libpsl via
 * store/align.h), strict ('s') requires equality.
 */
#ifndef DR_ALIGN_CHECK_H
#define DR_ALIGN_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct ac_dkim {
	const char	*domain;
	const char	*result;
};

struct ac_spf {
	const char	*domain;
	const char	*scope;		/* NULL counts as mfrom */
	const char	*result;
};

struct ac_record {
	const char		*header_from;
	const char		*adkim;		/* "r", "s" or NULL (relaxed) */
	const char		*aspf;
	const char		*dkim_eval;	/* reporter: "pass", "fail" or NULL */
	const char		*spf_eval;
	const struct ac_dkim	*dkim;
	size_t			 n_dkim;
	const struct ac_spf	*spf;
	size_t			 n_spf;
};

struct ac_result {
	bool	known;		/* header_from present: recomputation possible */
	bool	dkim_aligned;	/* recomputed */
	bool	spf_aligned;
	bool	dkim_differs;	/* reporter's dkim_eval (when given) disagrees */
	bool	spf_differs;
};

/* One DKIM signature: passed and d= aligned with header_from? */
bool	align_check_dkim(const char *header_from, const char *adkim,
	    const char *domain, const char *result);
/* One SPF result: an mfrom (or scope-less) pass aligned with header_from? */
bool	align_check_spf(const char *header_from, const char *aspf,
	    const char *domain, const char *scope, const char *result);
/* Fills the "differs" fields of res from the recomputed dkim_aligned /
 * spf_aligned already in it and the reporter's verdicts. */
void	align_check_compare(struct ac_result *res, const char *header_from,
	    const char *dkim_eval, const char *spf_eval);

/* Fills *res; always returns 0 (bad input gives known = false). */
int	align_check_record(const struct ac_record *rec, struct ac_result *res);
/* True when either side differs. */
bool	align_check_disagrees(const struct ac_result *res);

#endif
