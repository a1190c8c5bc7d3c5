/*
 * report/query/services.h -- who a source is and what to do about it
 * (issue 12): a source's evidence matched against the catalogue of sending
 * services (util/svccat.h), giving the service, the rule that matched and
 * a verdict with the fix in plain words.
 *
 * Verdicts (their words are in JSON, CSV and the weekly page):
 *   aligned                 no DMARC failure: nothing to do
 *   yours                   an ip (or other) rule of a service of kind
 *                           "ours" in the local file: your infrastructure
 *   your-service-not-set-up a known service sends with your header_from
 *                           but signs with its own DKIM d= or uses its own
 *                           SPF / envelope domain
 *   forwarded               a mailbox provider or forwarder re-sent your
 *                           mail (reporters' forwarded reason, your own
 *                           DKIM signature seen, or a mailbox provider's
 *                           servers with its own envelope)
 *   mailing-list            a list re-sent it (reason mailing_list, or a
 *                           service of kind list)
 *   unknown                 nothing known sends from there: likely
 *                           spoofing, which the policy should stop
 */
#ifndef DR_SERVICES_H
#define DR_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/svccat.h"

#define SVC_VERDICTS(X) \
	X(SV_ALIGNED, "aligned") \
	X(SV_YOURS, "yours") \
	X(SV_NOT_SET_UP, "your-service-not-set-up") \
	X(SV_FORWARDED, "forwarded") \
	X(SV_MAILING_LIST, "mailing-list") \
	X(SV_UNKNOWN, "unknown")

enum svc_verdict {
#define X(id, word) id,
	SVC_VERDICTS(X)
#undef X
	SV__N
};

/* What is known of one source over the window (all borrowed). */
struct svc_source {
	const char	*ip;
	const char	*ptr;		/* PTR name; NULL when unknown */
	bool		 ptr_confirmed;	/* forward-confirmed: only then a ptr
					   rule counts (anyone can write a PTR) */
	uint32_t	 asn;		/* 0: not known */
	const char	*as_name, *cc;	/* NULL: not known */
	const char	*header_from;	/* the policy domain or header_from */
	const char *const *spf_domains;	/* SPF-result / envelope domains */
	size_t		 n_spf;
	const char *const *dkim_domains;	/* DKIM d= domains */
	size_t		 n_dkim;
	int64_t		 dmarc_fail;	/* messages failing DMARC */
	int64_t		 forwarded;	/* messages with reason forwarded or
					   trusted_forwarder */
	int64_t		 mailing_list;	/* messages with reason mailing_list */
};

#define SVC_MATCHED_MAX	320
#define SVC_FIX_MAX	1400

struct svc_class {
	const struct svc_service *svc;	/* borrowed from the catalogue;
					   NULL: nothing matched */
	enum svc_verdict verdict;
	char		 matched[SVC_MATCHED_MAX];	/* "dkim d=mcsv.net"; "" */
	char		 fix[SVC_FIX_MAX];	/* plain words; "" when aligned */
};

/*
 * Classifies in against cat into *out.  Rules are tried in the order ip,
 * dkim, spf, ptr, asn (the first kind that matches wins; within a kind the
 * longest domain value); a DKIM or SPF domain aligned with header_from is
 * the sender's own and never matches a service.  Never fails.
 */
void	services_classify(const struct svccat *cat, const struct svc_source *in,
	    struct svc_class *out);
const char	*services_verdict_word(enum svc_verdict v);

/* services_classify() of one row of report_failures() (header_from: its
 * first header_from, else its policy domain) with its PTR answer p (NULL:
 * not looked up). */
struct fail_row;
struct asn_info;
struct ptr_info;
/* The network evidence of a source: a PTR name (p, NULL: none) counts as
 * confirmed only when forward-confirmed; the ASN, AS name and country
 * (a, NULL: none) only when looked up. */
void	services_source_net(struct svc_source *in, const struct ptr_info *p,
	    const struct asn_info *a);
void	services_classify_row(const struct svccat *cat, const struct fail_row *r,
	    const struct ptr_info *p, const struct asn_info *a,
	    struct svc_class *out);

#endif
