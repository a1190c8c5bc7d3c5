/*
 * report/query/failures_int.h -- what failures.c and failures_lite.c
 * share: the (domain, IP) rows being built.  Not a public header.
 */
#ifndef DR_FAILURES_INT_H
#define DR_FAILURES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/query/failures.h"
#include "util/count.h"
#include "util/limits.h"

struct store;
struct store_stmt;

/* Rows of one domain by IP, while one domain's records are read: open
 * addressing, each slot with the IP's hash and string (the row's), so a
 * probe reads neither the row nor, for another hash, the string. */
struct fail_slot {
	uint64_t	 h;
	const char	*ip;
	size_t		 row;	/* index + 1, 0 empty */
};
struct fail_ipmap {
	struct fail_slot *slot;
	size_t		 cap;	/* power of two */
	size_t		 used;
};

/* Finds or appends (domain, ip)'s row; NULL when out of memory.  The map
 * holds one domain's rows: a new domain starts with an empty map. */
struct fail_row	*fail_row_for(struct fail_ipmap *m,
		    struct fail_rows *rows, const char *domain, const char *ip);
void	fail_wk_free(struct fail_wk *wk);	/* accepts NULL */

/*
 * The weekly page's cumulative share (weekly.h): of a report that puts
 * win of its all messages into the window, the record of cnt messages
 * after *cum of them gets this many; *cum moves on (capped at all).  A
 * report wholly in the window (win = all) gives each record its count
 * until the report's total is reached.
 */
static inline int64_t
fail_cum_share(int64_t win, int64_t all, int64_t *cum, int64_t cnt)
{
	__int128 w = win;
	int64_t before = (int64_t)(w * *cum / all);

	*cum = cnt > all - *cum ? all : *cum + cnt;
	return (int64_t)(w * *cum / all) - before;
}

/*
 * A report's failing and passing messages as the weekly page shares them
 * out, from its report_stats messages and dmarc_pass (DR_COUNT_SAT when
 * no report can have them, util/count.h; passing never above all).
 */
static inline void
fail_report_totals(int64_t messages, int64_t dmarc_pass, int64_t *fail,
    int64_t *pass)
{
	int64_t m = dr_count_in(messages, DR_MAX_REPORT_MESSAGES);
	int64_t p = dr_count_in(dmarc_pass, DR_MAX_REPORT_MESSAGES);

	if (!dr_count_is_sat(m) && !dr_count_is_sat(p) && p > m)
		p = m;
	*fail = dr_count_sub(m, p);
	*pass = p;
}

/*
 * Keeps (report rid, record id) among the first max of v[0 .. *n) by
 * (report, record), v in that order: the sample records of a source, as
 * one walk of its failing records in that order keeps them, whatever
 * order they are added in.
 */
static inline void
fail_sample_keep(int64_t (*v)[2], size_t *n, size_t max, int64_t rid,
    int64_t id)
{
	size_t i;

	for (i = *n; i > 0; i--)
		if (v[i - 1][0] < rid || (v[i - 1][0] == rid && v[i - 1][1] < id))
			break;
	if (i == max)
		return;
	if (*n < max)
		(*n)++;
	memmove(v[i + 1], v[i], (*n - 1 - i) * sizeof(v[0]));
	v[i][0] = rid;
	v[i][1] = id;
}

/* qsort order of report_failures(): dmarc_fail, then messages,
 * descending, then domain and IP. */
int	fail_row_cmp(const void *a, const void *b);
/* Binds ?2 and ?3 of s to o's window. */
int	fail_bind_window(struct store_stmt *s, const struct report_opts *o,
	    struct dr_err *err);

/* failures_lite.c: the record-and-result merge of report_failures_lite(),
 * shared with the rollup (rollup.c).  The result statements, merged by
 * record id: DKIM results, SPF results, forwarding reasons; res[k] is
 * positioned on a row when has_res[k]. */
enum { LITE_DKIM, LITE_SPF, LITE_REASONS, LITE_NRES };
struct lite {
	struct store_stmt *rep, *rec, *res[LITE_NRES];
	bool		 has_res[LITE_NRES];
	/* a batch of reports' records and results in one stream
	 * (rollup-batch-rows.sql) */
	struct store_stmt *batch;
	bool		 batched;	/* a statement is a round trip
					 * (store_stmt_is_round_trip()) */
	/* The weekly page's shares (struct fail_wk), when wk: the reports
	 * being folded (rollup-interval-reports.sql's columns 3 to 5), in
	 * id order; at, the one whose records come now. */
	bool		 wk;
	struct lite_rep	*reps;
	size_t		 n_reps, cap_reps, at;
	struct dr_err	*err;
};

/* A report as the weekly page shares it out (weekly.c add_report()). */
struct lite_rep {
	int64_t		 id;
	int64_t		 fail_all, pass_all;	/* report_stats */
	int64_t		 cum, pcum;		/* shared out so far */
	char		*key;			/* org_key */
};
int	lite_open(struct store *st, struct lite *l, struct dr_err *err);
void	lite_close(struct lite *l);	/* accepts a zeroed or failed one */
/* Folds report id's records (ids lo..hi) into out, by IP through m. */
int	lite_report(struct lite *l, struct fail_ipmap *m, const char *domain,
	    int64_t id, int64_t lo, int64_t hi, struct fail_rows *out);
/* Folds the records of a batch of reports (batch: rollup-batch-rows.sql's
 * JSON array of [id, first record id, last record id], in id order) into
 * out, by IP through m: as lite_report() over each of them in that order,
 * in one statement. */
int	lite_batch(struct lite *l, struct fail_ipmap *m, const char *domain,
	    const char *batch, struct fail_rows *out);
/* Record ids per lite_batch(): its statements per interval, and the rows
 * the server sorts at once. */
#define LITE_BATCH_IDS	5000
/* Folds the reports s gives (bound; rows: id, first record id, last
 * record id, as lite-reports.sql) into out, in that order: one at a time
 * (lite_report()), or, where a statement is a round trip, in batches of
 * about LITE_BATCH_IDS record ids (lite_batch()).  0 or -1. */
int	lite_fold_reports(struct lite *l, struct fail_ipmap *m,
	    const char *domain, struct store_stmt *s, struct fail_rows *out);
/* Folds the domain's reports in o's window into out (not sorted). */
int	lite_domain(struct lite *l, const char *domain,
	    const struct report_opts *o, struct fail_rows *out);

#endif
