/*
 * report/report.h -- the command layer of dmarc-report: the context every
 * command gets, the command table entry, the helpers of cli.c and the
 * cmd_* entry points.
 *
 * The folder report/ holds the program: main.c (options, the command
 * table, opening the store), cli.c (usage, exit statuses, error lines)
 * and one cmd_<name>.c per command.  Its subfolders are libraries, lowest
 * first: records/ (pure record parsers), dns/ (c-ares, the PTR cache),
 * query/ (questions to the store), out/ (text, CSV, JSON, escaping),
 * check/ (DNS checks now), html/ (the weekly page); tests/deps.rules has
 * the arrows.  The command layer may use all of them, store/ and util/;
 * never ingest/.
 *
 * Design rationale: main() parses the shared options once (struct
 * report_opts), opens the database the way the command's flags ask for,
 * and hands the command a struct report_ctx plus the words it did not
 * understand (argv[0] is the command name).  A command only parses its own
 * options and calls the aggregation code (report/query/failures.h), so adding a
 * command is one declaration here and one line in main.c's table.
 *
 * Exit codes are part of the interface (STYLE practice 11): commands
 * return an enum dr_exit (util/exits.def, the one table of both programs);
 * a failure's reason maps to its status through dr_exit_for().
 */
#ifndef DR_REPORT_H
#define DR_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report/dns/asn.h"
#include "report/dns/ptr.h"
#include "util/conf.h"
#include "report/query/opts.h"
#include "util/err.h"
#include "util/exit.h"

struct store;

struct report_ctx {
	struct report_opts	 opts;
	struct store		*st;	/* open as the command's flags ask, or NULL */
	bool			 db_rw;	/* st is writable (PTR cache can be saved) */
	struct store		*wst;	/* --write-db: caches and alert state when
					   st is a read-only server, or NULL */
	FILE			*out;	/* stdout */
	const struct report_cmd	*cmd;
	struct conf		 conf;	/* the configuration file read */
};

/* Returns an enum report_exit value. */
typedef int (*report_cmd_fn)(struct report_ctx *ctx, int argc, char **argv);

/* Command flags: what main() prepares before calling the command. */
#define CMD_DB		0x01	/* open the database read-only */
#define CMD_DB_DNS	0x02	/* ...read-write when DNS is on (PTR cache) */
#define CMD_WINDOW	0x04	/* the time window applies */
#define CMD_DB_RW	0x08	/* ...read-write (alerts' state), read-only
				 * when it cannot be had */
#define CMD_DB_WRITE	0x10	/* ...read-write, or fail (prune) */

/* One option of a command, for its usage text (and the man page test,
 * tests/integration/2009-help-and-man.sh, which checks that every option
 * the command's parser compares against is listed here and in
 * docs/dmarc-report.1). */
struct report_opt {
	const char	*name;		/* "--top", or "-o, --output" */
	const char	*arg;		/* "N", or "" for a switch */
	const char	*help;		/* one line */
};

struct report_cmd {
	const char	*name;
	report_cmd_fn	 fn;
	int		 flags;
	const char	*args;		/* command-specific synopsis, "" if none */
	const char	*summary;	/* one line for the usage text */
	const struct report_opt *opts;	/* its own options; { NULL } ends */
};

/* report/cli.c: prints the usage of one command to fp. */
void	report_usage(FILE *fp, const struct report_cmd *cmd);
/* Prints the shared options and the exit statuses to fp. */
void	report_usage_options(FILE *fp);
/* Maps a failure to an exit code (R_DB_BUSY -> 75, R_USAGE -> 64, ...). */
int	report_exit_for(const struct dr_err *err);
/*
 * Fills what the command line left unset (db_path NULL, no --domain, ...)
 * from $DMARC_RUA_DB, then the configuration file (--config FILE,
 * $DMARC_RUA_CONFIG or DR_DEFAULT_CONFIG) into ctx->conf, then the
 * compiled defaults.  -1 with err (R_CONFIG: exit 78).
 */
int	report_config(struct report_ctx *ctx, const char *config_arg,
	    struct dr_err *err);
/* Prints "dmarc-report: <reason-id>: <detail>" (escaped) to stderr and
 * returns report_exit_for(err). */
int	report_fail(const struct dr_err *err);
/* Prints "dmarc-report: <message>" to stderr (escaped); returns code. */
int	report_msg(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * The DNS lookups of this run that failed (report/dns/resolver.h
 * resolver_tally()): one "dmarc-report: dns-lookup-failed: ..." line per
 * cause on stderr.  Returns the number of failed lookups (0: nothing
 * printed).
 */
size_t	report_dns_failures(void);

/*
 * Opens the database the way the command's flags ask for (once; a
 * command without CMD_DB gets DX_OK and no store).  Called by each
 * command after it has parsed its own options.  Returns DX_OK, or the
 * exit status after one line on stderr (no database: 66).
 */
int	report_open(struct report_ctx *ctx);
/* A whole decimal number s within [lo, hi] into *out: 0, or -1 (nothing
 * else, trailing text, out of range). */
int	report_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out);

/* PTR options from the shared command-line options. */
void	cmd_ptr_opts(const struct report_ctx *ctx, struct ptr_opts *po);
/*
 * The networks of ips[0..n) into out (report/dns/asn.h) under --asn-zone,
 * with po's DNS options; all ASN_UNKNOWN with --no-asn.  Notes on stderr
 * when the cache could not be saved.  -1 with err as asn_lookup().
 */
int	cmd_asn_lookup(struct report_ctx *ctx, const struct ptr_opts *po,
	    const char *const *ips, size_t n, struct asn_info *out,
	    struct dr_err *err);
/*
 * The ASN columns of failures and sources, ASN_NCOLS of them from
 * column c0 on, declared with ASN_COLS(c0) in the command's column table:
 * ASN ("AS15169", "no ASN known", "could not check (timeout)"), AS NAME
 * and CC in the table; asn (digits), as_name, country, asn_prefix,
 * asn_status, asn_cause (when not "ok") and asns (every origin AS of
 * the prefix, "13335 15169") in CSV and JSON.
 * cmd_asn_hide() sets the sink masks (all hidden with --no-asn);
 * cmd_asn_cells() fills one row.
 */
#define ASN_NCOLS	8
#define ASN_COLS(c0) \
	[(c0)] = { "asn", "ASN", COL_STR }, \
	[(c0) + 1] = { "asn", "ASN", COL_STR }, \
	[(c0) + 2] = { "as_name", "AS NAME", COL_STR }, \
	[(c0) + 3] = { "country", "CC", COL_STR }, \
	[(c0) + 4] = { "asn_prefix", "PREFIX", COL_STR }, \
	[(c0) + 5] = { "asn_status", "ASN STATUS", COL_STR }, \
	[(c0) + 6] = { "asn_cause", "ASN CAUSE", COL_STR }, \
	[(c0) + 7] = { "asns", "ASNS", COL_STR }
struct out_table;
void	cmd_asn_hide(const struct report_ctx *ctx, struct out_table *t,
	    size_t c0);
void	cmd_asn_cells(struct out_table *t, long row, size_t c0,
	    const struct asn_info *a);
/* Prints a note on stderr when the PTR cache could not be saved. */
void	cmd_ptr_note(const struct ptr_stats *ps);
/* The note when asn_lookup() could not save its answers (*as its stats). */
void	cmd_asn_note(const struct ptr_stats *as);
/* Where the caches a report keeps are written (the window rollup): the
 * primary --write-db names, else the database when it is open
 * read-write, else NULL (kept for the run only). */
struct store	*report_cache_store(const struct report_ctx *ctx);

/* Loads the catalogue of sending services: the shipped one and the local
 * file (config services-file, which must exist, or SVC_DEFAULT_LOCAL,
 * which may not).  An enum report_exit value; the error is printed. */
struct svccat;
int	cmd_services_load(const struct report_ctx *ctx, struct svccat *cat);

/*
 * Readiness for a stricter policy over o's window (report/query/readiness.h),
 * as `dmarc-report readiness` computes it and the weekly page shows it
 * (report/cmd_readiness.c): the summary rows, report_failures_rollup(), each
 * row classified against cat with its PTR and ASN answers, and the policy
 * now.  page_p (the weekly page): NULL, or the p= its DNS checks found for
 * each of page_dom[0..npage) (NULL: not checked), instead of checking DNS
 * again; with it, PTR and ASN answers come from the caches only (the page
 * looked up its detailed sources; no lookup for every IP of 28 days).
 * 0, or -1 with err (cr released).
 */
struct cmd_ready {
	struct summary_rows	*sum;
	struct fail_rows	*rows;
	struct readiness	*rd;
	struct policy_now	*pn;
	const char		**dns_p;
};
struct svccat;
struct ready_pre;
int	cmd_ready_build(struct report_ctx *ctx, const struct report_opts *o,
	    const struct svccat *cat, const char *const *page_dom,
	    const char *const *page_p, size_t npage, struct ready_pre *pre,
	    struct cmd_ready *cr, struct dr_err *err);
/*
 * The weekly page's readiness read ahead (cmd_html): report_summary_counts() and
 * report_failures_rollup() of o's window (its domains, or all) on a
 * second connection, in a thread, while the page reads its week on the
 * first.  NULL when it cannot be had (no second connection, no thread,
 * DMARC_RUA_THREADS=1): cmd_ready_build() then reads them itself.
 * Given to cmd_ready_build(), which waits for it and judges the domains
 * page_dom only; a read ahead that failed is read again there (the error, if
 * it is one, comes from that read).  cmd_ready_pre_end() waits for and
 * frees one that was not given (an error path); accepts NULL.
 */
struct ready_pre	*cmd_ready_pre_start(struct report_ctx *ctx,
			    const struct report_opts *o);
void			 cmd_ready_pre_end(struct ready_pre *pre);
void	cmd_ready_release(struct cmd_ready *cr);	/* accepts zeroed */

/* The commands (report/cmd_*.c). */
int	cmd_summary(struct report_ctx *ctx, int argc, char **argv);
int	cmd_failures(struct report_ctx *ctx, int argc, char **argv);
int	cmd_sources(struct report_ctx *ctx, int argc, char **argv);
int	cmd_reports(struct report_ctx *ctx, int argc, char **argv);
int	cmd_query(struct report_ctx *ctx, int argc, char **argv);
int	cmd_check(struct report_ctx *ctx, int argc, char **argv);
int	cmd_html(struct report_ctx *ctx, int argc, char **argv);
int	cmd_alerts(struct report_ctx *ctx, int argc, char **argv);
int	cmd_readiness(struct report_ctx *ctx, int argc, char **argv);
int	cmd_prune(struct report_ctx *ctx, int argc, char **argv);

#endif
