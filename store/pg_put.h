/*
 * store/pg_put.h -- the PostgreSQL write path's state and the functions
 * its files share: pg_put.c (the transaction, the statement queue, row
 * ids), pg_copy.c (the COPY buffers, a big report's chunks), pg_msg.c
 * (messages, the ingest log), pg_report.c (reports, records).  Only they
 * include it: the rest of store/ knows struct pg_state by name
 * (store_int.h) and calls the functions of pg_int.h.
 */
#ifndef DR_STORE_PG_PUT_H
#define DR_STORE_PG_PUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "store/store_int.h"

#define PG_FLUSH_BYTES	(4u << 20)	/* buffered COPY data sent beyond this */
#define PG_ID_BLOCK	10000		/* ids taken from a sequence at once */
#define PG_ID_GROW	6		/* ... doubled per block up to 64 x */
#define PG_ID_LOCK	"1145913925"	/* advisory lock of id blocks */
#define PG_QUEUE_MAX	256		/* queued statements sent beyond this */
#define PG_STREAM_BYTES	(256u << 10)	/* a report's rows sent in chunks beyond */
#define PG_CHUNK_BYTES	(1u << 20)	/* such a chunk: one table's COPY */
#define PG_PIPE_MAX	8		/* chunks queued behind the COPY in flight */
#define PG_PIPE_POLL	64		/* records between looks at that COPY */
#define PG_QPARAMS	32

enum copy_table {
	C_MESSAGES, C_RECORDS, C_REASONS, C_DKIM, C_SPF, C_ERRORS, C_CONFLICTS,
	C_LOG, C__COUNT
};

struct cbuf {
	char		*data;
	size_t		 len, cap;
	size_t		 mark_msg, mark_rep;	/* lengths at the savepoints */
};

/* A big report's chunk waiting for the connection (pipe_push). */
struct pchunk {
	enum copy_table	 t;
	char		*data;
	size_t		 len, cap;
};

/* Statements of every message, prepared once per connection (no parse
 * and plan per use). */
enum prep_id {
	P_NONE, P_SEEN_KEY, P_SEEN_SHA, P_REP_INS, P_REP_FIND, P_REP_UPD, P_IDS,
	P__COUNT
};

struct qitem {
	const char	*sql;		/* static */
	int		 prep;		/* enum prep_id: sent as a prepared statement */
	const char	*what;
	int		 n;
	char		*vals[PG_QPARAMS];
	Oid		 types[PG_QPARAMS];
};

struct idblock {
	int64_t		 first;		/* ids first .. first + n - 1 */
	size_t		 next, n;
	unsigned	 taken;		/* blocks taken in this transaction */
};

struct pg_state {
	struct cbuf	 c[C__COUNT];
	size_t		 total;			/* bytes in all buffers */
	struct qitem	 q[PG_QUEUE_MAX];
	int		 nq;
	struct idblock	 msg_ids, rec_ids, rep_ids;
	int64_t		*stored;		/* reports stored in the batch */
	size_t		 nstored, capstored, stored_mark_msg, stored_mark_rep;
	char		 existing_digest[65];
	bool		 existing_pruned;	/* only its identity is left
						   (pruned_reports) */
	bool		 prepared[P__COUNT];
	/* Messages written in this transaction (their rows wait in the COPY
	 * buffer: store_msg_seen must find them as SQLite does), newest
	 * last; and the last source_key the server had no row for. */
	struct seen_row	*txn_seen;
	size_t		 ntxn_seen, captxn_seen;
	char		*nokey;
	/* The report being streamed: something of it reached the server
	 * (its row, a flush of its records); its row went in before its end
	 * (row_early) with what its beginning knew. */
	bool		 rep_sent, rep_inserted;
	char		*rep_org, *rep_schema;
	int64_t		 rep_begin, rep_end;
	/* Something of the message being stored reached the server. */
	bool		 msg_sent;
	size_t		 rep_rec_bytes;	/* record rows of the report so far */
	/* (DKIM domain, selector, report) of the stored reports, written in
	 * one statement when the buffers go (pairs_send). */
	struct sel_pair	*pairs;
	size_t		 npairs, cappairs, pairs_mark_msg, pairs_mark_rep;
	/* A big report's chunks, oldest first, behind the COPY in flight
	 * (inflight: its result is unread); spare buffers for reuse. */
	struct pchunk	 pipe[PG_PIPE_MAX];
	size_t		 npipe;
	bool		 inflight;
	struct pchunk	 spare[PG_PIPE_MAX];
	size_t		 nspare;
	unsigned	 poll_in;	/* records until the next look */
	/* pg_msg_prefetch: the keys asked about (sorted) and every row the
	 * server had for them (sorted by key, then id). */
	char		**asked;
	size_t		 nasked;
	struct seen_row	*pre;
	size_t		 npre;
};

struct sel_pair {
	char		*domain, *selector;
	int64_t		 report;
};

struct seen_row {
	char		*source_key, *sha256;
	struct store_seen_small {
		int64_t		 id, size;
		char		 outcome[16], filed_to[16], reason[32];
		char		*path;
	} v;
};

/* pg_put.c */
/* Unix time for ingested_at / seen_at (as store_now()). */
int64_t		 pg_put_now(void);
/* The write path's state, allocated at first use; NULL and err set when
 * out of memory. */
struct pg_state	*pg_put_state(struct store *st, struct dr_err *err);
/* Drops the held (domain, selector) pairs from index mark on. */
void		 pg_put_pairs_cut(struct pg_state *ps, size_t mark);
/* Forgets the messages written in this transaction and the prefetched
 * ones. */
void		 pg_put_seen_clear(struct pg_state *ps);
/*
 * The queue of statements sent in one pipeline, each returning 0, or -1
 * with err set.  pg_put_q_add queues one (sql and what static, vals
 * copied, types NULL: all unknown; sent as prepared statement prep
 * unless P_NONE), sending a full queue first; pg_put_q_cmd a savepoint
 * command.  pg_put_q_run sends the queue, then tail[0..ntail), whose
 * results go to res[] (each PQclear'ed by the caller; all NULL after a
 * failure).
 */
int		 pg_put_q_add(struct store *st, const char *sql, int prep,
		    const char *what, int n, const char *const *vals,
		    const Oid *types, struct dr_err *err);
int		 pg_put_q_cmd(struct store *st, const char *sql,
		    struct dr_err *err);
int		 pg_put_q_run(struct store *st, struct qitem *tail, int ntail,
		    PGresult **res, struct dr_err *err);
/* The next row id of table from block b; a new block when it is used up
 * (a round trip). */
int		 pg_put_next_id(struct store *st, struct idblock *b,
		    const char *table, int64_t *id, struct dr_err *err);
/* Text of an integer in buf (24 bytes); returns buf. */
const char	*pg_put_num(char *buf, int64_t v);
/* keys as a text[] literal, malloc'd; NULL when out of memory. */
char		*pg_put_text_array(const char *const *keys, size_t n);

/* pg_copy.c */
/* A column of a row in table buffer b, in COPY's text format (\N for
 * NULL; last ends the row); a text is cut at the store's field cap.  -1
 * when out of memory. */
int		 pg_copy_text(struct store *st, struct cbuf *b, const char *v,
		    bool last);
int		 pg_copy_int(struct cbuf *b, int64_t v, bool null, bool last);
/* Bytes in all the table buffers. */
size_t		 pg_copy_buffered(const struct pg_state *ps);
/* Sends table t's buffer as one COPY, its result read when the
 * connection is next needed (st->pg_copy_end); empties the buffer. */
int		 pg_copy_send(struct store *st, enum copy_table t,
		    struct dr_err *err);
/* Whether one of a record's tables holds a chunk (PG_CHUNK_BYTES); and
 * those tables' buffers that do, queued behind the COPY in flight. */
bool		 pg_copy_chunk_due(const struct pg_state *ps);
int		 pg_copy_chunks(struct store *st, struct dr_err *err);
/* When the COPY in flight is done (block: once it is), reads its result
 * and starts the next queued chunk. */
int		 pg_copy_pump(struct store *st, bool block, struct dr_err *err);
/* Around a round trip that need not wait for the queued chunks: hold
 * waits for the COPY in flight alone, resume makes the queue again what
 * the connection's next user waits for. */
int		 pg_copy_hold(struct store *st, struct dr_err *err);
void		 pg_copy_resume(struct store *st);
/* Drops the queued chunks never sent (their buffers kept as spares); a
 * COPY in flight is still read by pg_drain_active. */
void		 pg_copy_discard(struct pg_state *ps);

#endif
