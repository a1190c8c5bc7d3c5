/*
 * ingest/rua/rua_int.h -- internals of the report parser, shared by
 * rua_xml.c (libxml2 SAX2 callbacks, text collection), rua_fields.c (the
 * element table, metadata), rua_record.c (records), px.c (helpers on the
 * parse state) and rua_digest.c (content digest).  Not a public header.
 * Calls go downwards only: rua_xml.c -> rua_fields.c -> rua_record.c ->
 * px.c, and any of them -> rua_digest.c, normalize.c.
 *
 * Ownership: every string reachable from px->rep, px->rec and the entry
 * arrays is either NULL, a static word from normalize.c (the normalized
 * enumerations) or malloc'ed and owned by px (everything else); px_free()
 * and the per-record reset know which fields are which.
 */
#ifndef DR_RUA_INT_H
#define DR_RUA_INT_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>

#include <nettle/sha2.h>
#include <libxml/parser.h>

#include "ingest/rua/rua_xml.h"
#include "util/buf.h"

enum el {
	EL_NONE,
	EL_FEEDBACK, EL_VERSION,
	EL_META, EL_ORG_NAME, EL_EMAIL, EL_EXTRA, EL_REPORT_ID, EL_GENERATOR,
	EL_ERROR, EL_DATE_RANGE, EL_BEGIN, EL_END,
	EL_POLICY, EL_P_DOMAIN, EL_ADKIM, EL_ASPF, EL_P, EL_SP, EL_NP, EL_PCT,
	EL_FO, EL_TESTING, EL_DISCOVERY,
	EL_RECORD, EL_ROW, EL_SOURCE_IP, EL_COUNT, EL_EVAL, EL_DISPOSITION,
	EL_EVAL_DKIM, EL_EVAL_SPF, EL_REASON, EL_R_TYPE, EL_R_COMMENT,
	EL_IDENT, EL_HEADER_FROM, EL_ENV_FROM, EL_ENV_TO,
	EL_AUTH, EL_DKIM, EL_D_DOMAIN, EL_D_SELECTOR, EL_D_RESULT, EL_D_HUMAN,
	EL_SPF, EL_S_DOMAIN, EL_S_SCOPE, EL_S_RESULT, EL_S_HUMAN,
	EL__COUNT
};

/* How a leaf's text is capped; CAP_NONE marks a container. */
enum cap { CAP_NONE, CAP_FIELD, CAP_DOMAIN, CAP_ID };

struct eldef {
	enum el		 parent;
	enum el		 el;
	enum cap	 cap;
	bool		 multi;		/* may occur more than once */
	const char	*path;		/* for messages; ends in local name */
};

#define PX_STACK	8
#define PX_MAX_KIDS	12	/* children of one element in the table */
#define PX_FEED		65536	/* bytes handed to libxml2 per chunk */
#define PX_MAX_WARNS	16

struct px_warn {
	enum dr_reason	 r;
	char		 key[40];
	char		 detail[200];
};

struct px {
	const struct dr_input	*in;
	const struct rua_sink	*sink;
	const struct dr_limits	*lim;
	struct dr_err		*err;
	xmlParserCtxtPtr	 ctxt;
	bool			 failed;	/* err set, parser stopped */
	bool			 read_failed;
	bool			 text_bomb;	/* a text field never ends */
	bool			 xml_error;
	char			 xml_detail[256];
	char			 not_feedback[128];	/* root's message */

	/* where we are */
	int			 depth;		/* elements open */
	enum el			 stack[PX_STACK];
	int			 sp;
	int			 skip_depth;	/* -1 or skipped element's */
	const struct eldef	*leaf;		/* text field collected */
	int			 leaf_depth;
	size_t			 leaf_read;	/* input bytes inside it */
	struct buf		 val;		/* trimmed value so far */
	struct buf		 pend;		/* white space, maybe inner */
	bool			 pend_over;
	bool			 seen[EL__COUNT];
	const char		*schema;
	bool			 began;		/* sink->begin() called */
	bool			 closed;	/* </feedback> seen */
	bool			 saw_data_range;

	/* the report (metadata kept once) */
	struct dmarc_report	 rep;
	char			**errors;
	size_t			 n_errors;
	bool			 has_begin, has_end;

	/* the record being parsed (reused) */
	struct dmarc_record	 rec;
	char			 ip[INET6_ADDRSTRLEN];
	bool			 has_ip, has_count;
	struct dmarc_dkim	*dkim;
	size_t			 n_dkim, cap_dkim;
	struct dmarc_spf	*spf;
	size_t			 n_spf, cap_spf;
	struct dmarc_reason	*reasons;
	size_t			 n_reasons, cap_reasons;

	struct sha256_ctx	 rec_hash;	/* running, over records */

	struct px_warn		 warns[PX_MAX_WARNS];
	size_t			 n_warns;
	int64_t			 odd_eval[2];	/* records with a non-standard
						   policy_evaluated dkim, spf */

	/* the table's local names interned in the parser's dictionary */
	const xmlChar		*kid_name[EL__COUNT][PX_MAX_KIDS];
	char			*feed;		/* PX_FEED bytes, not zeroed */
};

/* rua_fields.c: the element table, metadata, report-level checks */
struct px	*px_new(const struct dr_input *in,
		    const struct rua_sink *sink, const struct dr_limits *lim,
		    struct dr_err *err);
void		 px_free(struct px *px);
/* Interns the table's names in dict (once per parse); -1 on OOM. */
int		 px_intern(struct px *px, xmlDictPtr dict);
/* The table entry for (parent, name), name interned in that dict (pointer
 * compares), or NULL. */
const struct eldef *px_lookup_dict(const struct px *px, enum el parent,
		    const xmlChar *name);
void		 px_unknown(struct px *px, enum el parent, const char *name,
		    bool foreign);
int		 px_seen(struct px *px, const struct eldef *d);
int		 px_open(struct px *px, const struct eldef *d);
int		 px_close(struct px *px, enum el el);
int		 px_leaf(struct px *px, enum el el, char *v);
int		 px_finish(struct px *px);

/* rua_record.c: one record, its lists, derivation, sink->record() */
/* "policy_evaluated/dkim", "policy_evaluated/spf": odd_eval's keys. */
extern const char *const eval_path[2];
void		 px_rec_reset(struct px *px);
int		 px_rec_leaf(struct px *px, enum el el, char *v);
int		 px_rec_finish(struct px *px);

/* px.c: helpers on the parse state, below all of the above */
void		 px_xfree(const char *p);
/* Replaces the owned string *slot with a copy of v (NULL allowed). */
int		 px_setstr(struct px *px, const char **slot, const char *v);
/* One warning per (reason, key), handed to the sink just before end(). */
void		 px_warn(struct px *px, enum dr_reason r, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends to the detail of the warning (r, key), if there is one. */
void		 px_warn_append(struct px *px, enum dr_reason r,
		    const char *key, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* A word outside the schema: one R_W_NONSTANDARD warning per field. */
void		 px_warn_word(struct px *px, const char *path,
		    const char *v);
/* Appends a zeroed entry to a per-record array; NULL (err set) at the cap. */
void		*px_entry_add(struct px *px, void **arr, size_t *n,
		    size_t *cap, size_t size, const char *what);
/* Calls sink->begin() once, before the first record or the end. */
int		 px_begin(struct px *px);

/* rua_digest.c */
void		 digest_record(struct sha256_ctx *c,
		    const struct dmarc_record *rec);
/* Finishes rec_hash (it cannot be updated after) and writes the hex digest. */
void		 digest_report(const struct dmarc_report *rep,
		    struct sha256_ctx *rec_hash, char out[65]);

#endif
