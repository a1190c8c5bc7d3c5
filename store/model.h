/*
 * store/model.h -- the shared language of dmarc-rua: one aggregate report as
 * ingest hands it to the store.
 *
 * Ownership: every pointer in these structs is BORROWED.  The parser
 * (ingest/rua/rua_xml.c) owns the strings and keeps them valid only for the
 * duration of the callback that receives the struct; the store copies what
 * it keeps (SQLite binds with SQLITE_TRANSIENT).  A NULL string means "absent"
 * in the report; an empty string means present but empty.
 *
 * Normal form (the parser guarantees it, the store relies on it):
 *  - every text value trimmed of surrounding white space;
 *  - domains lower-case, one trailing dot removed;
 *  - enumerations lower-case; when the received word was not one of the
 *    schema's values the normalized field is NULL (or the mapped word, e.g.
 *    SPF "hardfail" -> "fail") and *_raw holds the word as received;
 *  - source_ip in inet_ntop() form, ip_version 4 or 6;
 *  - counts >= 0, and their sum fits int64.
 */
#ifndef DR_MODEL_H
#define DR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dmarc_dkim {
	const char	*domain;
	const char	*selector;
	const char	*result;	/* none|pass|fail|policy|neutral|temperror|permerror */
	const char	*result_raw;	/* non-NULL only when result was mapped or unknown */
	const char	*human_result;
};

struct dmarc_spf {
	const char	*domain;
	const char	*scope;		/* mfrom|helo; "mfrom" when absent */
	const char	*result;	/* none|neutral|pass|fail|softfail|temperror|permerror|policy */
	const char	*result_raw;
	const char	*human_result;
};

struct dmarc_reason {
	const char	*type;		/* forwarded|sampled_out|trusted_forwarder|mailing_list|
					   local_policy|policy_test_mode|other */
	const char	*type_raw;
	const char	*comment;
};

struct dmarc_record {
	const char		*source_ip;	/* inet_ntop form */
	int			 ip_version;	/* 4 or 6 */
	int64_t			 count;
	const char		*disposition;	/* none|quarantine|reject|pass or NULL */
	const char		*disposition_raw;
	const char		*dkim_eval;	/* pass|fail or NULL */
	const char		*dkim_eval_raw;	/* another word, kept (dkim_eval
						   is then "fail") */
	const char		*spf_eval;	/* pass|fail or NULL */
	const char		*spf_eval_raw;	/* likewise */
	bool			 eval_derived;	/* dkim/spf_eval derived from auth_results */
	const char		*header_from;
	const char		*envelope_from;
	const char		*envelope_to;
	const struct dmarc_reason *reasons;
	size_t			 n_reasons;
	const struct dmarc_dkim	*dkim;
	size_t			 n_dkim;
	const struct dmarc_spf	*spf;
	size_t			 n_spf;
};

struct dmarc_report {
	/* report_metadata */
	const char	*org_name;
	const char	*email;
	const char	*extra_contact;
	const char	*report_id;
	const char	*generator;
	const char	*version;
	const char	*schema;	/* "rfc7489" (no namespace), "dmarc-2.0",
					   "dmarc-xml-0.1", "dmarc-xml-0.2" */
	int64_t		 date_begin;
	int64_t		 date_end;
	const char *const *errors;	/* report_metadata/error, in order */
	size_t		 n_errors;
	/* policy_published */
	const char	*policy_domain;
	const char	*p, *sp, *np, *adkim, *aspf, *fo, *testing, *discovery;
	int		 pct;		/* -1 when absent */
	/* totals over the records, known at the end of the report */
	int64_t		 record_count;
	int64_t		 message_count;
	/* hex SHA-256 of the normalized content (order of records kept) */
	char		 digest[65];
};

#endif
