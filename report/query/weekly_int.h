/*
 * report/query/weekly_int.h -- what weekly.c, weekly_src.c and weekly_ev.c
 * share while they build a struct weekly.  Not a public header.
 *
 * The files call one way only: weekly.c -> weekly_src.c -> weekly_ev.c ->
 * weekly_map.c (weekly.c uses weekly_ev.c and weekly_map.c too);
 * weekly_map.c calls none of them.
 */
#ifndef DR_WEEKLY_INT_H
#define DR_WEEKLY_INT_H

#include "report/query/weekly.h"

#define DAY	WEEKLY_DAY

/* A string -> index map; keys are borrowed from the owning arrays and
 * must outlive the map. */
struct smap {
	const char	**key;
	size_t		 *val;
	size_t		  cap, n;
};

/* A window report whose failing records are read later. */
struct wrep {
	int64_t		 id;
	size_t		 dom, rep;
	int64_t		 fail_win;	/* failing messages it puts in the window */
	int64_t		 fail_all;	/* report_stats: messages - dmarc_pass */
	int64_t		 pass_win;	/* passing messages it puts in the window */
	int64_t		 pass_all;	/* report_stats: dmarc_pass */
	bool		 in_fail;	/* in report_failures()'s window
					   too (weekly_ev.c) */
	int64_t		 b, e;		/* its interval */
	int64_t		 nrec, nmsg, ingested;	/* for the fingerprint */
	bool		 whole;		/* its interval lies wholly in the
					   window: its shares are its counts */
	bool		 cached;	/* its interval's shares came from
					   the rollup (weekly_src.c) */
};

/* Per domain while building: ip -> index into its sources, and into its
 * passers (all of them until weekly_trim_passers()). */
struct dsrc {
	struct smap	 map;
	size_t		 cap;		/* allocated weekly_domain.sources */
	struct smap	 pmap;
	size_t		 pcap;		/* allocated weekly_domain.passers */
};

struct store_stmt;

struct build {
	struct weekly	*w;
	struct store	*st;
	const struct weekly_opts *o;
	struct smap	 doms, reps;
	size_t		 dom_cap, rep_cap;
	struct dsrc	*srcs;		/* one per domain */
	size_t		 srcs_cap;
	struct wrep	*wr;
	size_t		 n_wr, cap_wr;
	struct dr_err	*err;
};

/* weekly_map.c */
void	weekly_map_release(struct smap *m);
int	weekly_map_get(const struct smap *m, const char *k, size_t *val);
int	weekly_map_put(struct smap *m, const char *k, size_t val);
/* Grows the array *arr (elem-sized items, *cap of them) to hold n + 1;
 * new items are zeroed. */
int	weekly_grow(void *arr, size_t *cap, size_t n, size_t elem);
/* Column col of s's current row, copied; NULL for a NULL value (or when
 * out of memory). */
char	*weekly_dupcol(const struct store_stmt *s, int col);

/* weekly_src.c */
int	weekly_read_sources(struct build *bd);	/* and the passers */
/* Sorts each domain's passers and keeps the top o->pass_top; the pmap
 * maps are not used after it. */
void	weekly_trim_passers(struct build *bd);
int	weekly_read_details(struct build *bd);	/* after sorting */
int	weekly_read_selectors(struct build *bd);
int	weekly_read_inputs(struct build *bd);

/* weekly_ev.c: the classification evidence of the detailed sources, from
 * the window rollup (after weekly_read_details(), outside the page's read
 * transaction: the rollup has its own). */
int	weekly_read_evidence(struct build *bd);

#endif
