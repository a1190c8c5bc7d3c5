/*
 * util/svccat.h -- the catalogue of sending services (issue 12): the data
 * of sql/services/catalogue.tsv, embedded at build time, plus a local file
 * (config key services-file, default /etc/dmarc-rua/services.tsv) whose
 * rows add to or replace the shipped ones.  The format is described at the
 * top of sql/services/catalogue.tsv and in docs/services.md.
 *
 * Why TSV and not SQL: one record per line, no quoting, so an admin can
 * append a line with any editor and a test can validate every line; the
 * same parser reads the shipped data and the local file, and the store
 * mirrors the shipped data into the services / service_rules tables
 * (sql/migrations/0010-services.sql) for people who join it with sqlite3.
 *
 * Ownership: a struct svccat owns every string in it; svccat_release()
 * frees them.  Nothing here matches a source: report/query/services.c
 * does that.
 */
#ifndef DR_SVCCAT_H
#define DR_SVCCAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The local file read when the configuration names none (a missing one
 * is no error; one named by services-file must exist). */
#define SVC_DEFAULT_LOCAL	"/etc/dmarc-rua/services.tsv"

/* Service kinds; "ours" is for an admin's own infrastructure. */
#define SVC_KINDS(X) \
	X(SVC_MAILBOX, "mailbox", "mailbox provider") \
	X(SVC_ESP, "esp", "ESP / marketing") \
	X(SVC_TRANSACTIONAL, "transactional", "transactional") \
	X(SVC_CRM, "crm", "CRM / helpdesk") \
	X(SVC_GATEWAY, "gateway", "security gateway / forwarder") \
	X(SVC_LIST, "list", "mailing list") \
	X(SVC_OURS, "ours", "your infrastructure")

enum svc_kind {
#define X(id, word, text) id,
	SVC_KINDS(X)
#undef X
	SVC_KIND__N
};

/* Rule kinds, in the order a classification tries them. */
#define SVC_RULES(X) \
	X(SVC_R_IP, "ip") \
	X(SVC_R_DKIM, "dkim") \
	X(SVC_R_SPF, "spf") \
	X(SVC_R_PTR, "ptr") \
	X(SVC_R_ASN, "asn")

enum svc_rule_kind {
#define X(id, word) id,
	SVC_RULES(X)
#undef X
	SVC_RULE__N
};

struct svc_service {
	char		*id;		/* [a-z0-9-]+ */
	char		*name;
	char		*source;	/* URL; "" only in a local file */
	char		*dkim_fix;	/* NULL: none */
	char		*spf_fix;	/* NULL: none */
	enum svc_kind	 kind;
	bool		 is_local;	/* defined or replaced by the local file */
	unsigned	 text;		/* which svccat_parse() call defined it */
};

struct svc_rule {
	enum svc_rule_kind kind;
	char		*value;		/* lower case; an ip rule's text as given */
	size_t		 service;	/* index into svccat.svc */
	bool		 is_local;
	/* ip rules: the network */
	int		 family;	/* 4 or 6 */
	unsigned char	 net[16];
	unsigned	 prefix;
	/* asn rules */
	uint32_t	 asn;
	unsigned	 text;		/* which svccat_parse() call defined it */
};

/* One entry of the index of rules by (kind, value). */
struct svc_key {
	int		 kind;
	const char	*value;		/* the rule's own string */
	size_t		 rule;		/* index into svccat.rule */
};

struct svccat {
	struct svc_service *svc;
	size_t		 nsvc, capsvc;
	struct svc_rule	*rule;
	size_t		 nrule, caprule;
	unsigned	 ntext;		/* svccat_parse() calls so far */
	struct svc_key	*key;		/* every rule, by (kind, value); rebuilt
					 * at the end of each svccat_parse() */
	size_t		 nkey;
	size_t		 kfirst[SVC_RULE__N + 1];	/* where each kind's keys
					 * begin in key (its end: the next's) */
};

/* The shipped catalogue's text (sql/services/catalogue.tsv) and length. */
extern const char	 svccat_shipped[];
extern const size_t	 svccat_shipped_len;

const char	*svccat_kind_word(enum svc_kind k);	/* "esp" */
const char	*svccat_kind_text(enum svc_kind k);	/* "ESP / marketing" */
const char	*svccat_rule_word(enum svc_rule_kind k);	/* "dkim" */

/*
 * Adds the len bytes of text (named name in errors) to cat: a service line
 * whose id is already there replaces it, a rule whose (kind, value) is
 * already there is moved to the new service; within one text both are
 * errors.  is_local marks what this text defines (the local file: source
 * may be empty, kind may be "ours", ip rules allowed).  -1 with R_CONFIG
 * "NAME:LINE: ..." on the first bad line; cat then holds what came before.
 */
int	svccat_parse(struct svccat *cat, const char *name, const char *text,
	    size_t len, bool is_local, struct dr_err *err);
/* The shipped catalogue, then path when not NULL (a missing path is 0
 * unless must_exist). */
int	svccat_load(struct svccat *cat, const char *path, bool must_exist,
	    struct dr_err *err);
/* A 64-bit FNV-1a of the shipped text, as 16 hex digits (out[17]). */
void	svccat_shipped_version(char out[17]);
/* Index of service id, or -1. */
long	svccat_find(const struct svccat *cat, const char *id);
/* Is addr (text) inside rule r's network?  false for non-ip rules. */
bool	svccat_ip_in(const struct svc_rule *r, const char *addr);
/* The first ip rule (in rule order) whose network holds addr (text), and
 * the first asn rule with that number; -1 when there is none.  addr is
 * parsed once and only the rules of that kind are visited (the key index;
 * every rule when there is none). */
long	svccat_rule_ip(const struct svccat *cat, const char *addr);
long	svccat_rule_asn(const struct svccat *cat, uint32_t asn);
void	svccat_release(struct svccat *cat);

/* The rule of kind whose value is exactly value (values are unique per
 * kind); -1 when there is none.  A binary search of cat->key. */
long	svccat_rule_find(const struct svccat *cat, enum svc_rule_kind kind,
	    const char *value);

#endif
