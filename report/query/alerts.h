/*
 * report/query/alerts.h -- what `dmarc-report alerts` finds in the
 * database: new failing sources, pass-rate and failing-volume jumps,
 * silent reporters, inputs set aside by the ingest, and changed or broken
 * DNS records (as the DNS checks stored them in dns_checks); and the alert
 * state that makes an alert print once (alerts_state.c).
 *
 * Design rationale: every detector is one named statement
 * (sql/report/alerts-*.sql) plus a little C that turns its rows into
 * struct alert.  An alert carries its texts raw (they may quote report
 * data: org names, paths, DNS records); the output layer escapes them per
 * sink.  The key is built from normalized values (kind, lower-case
 * A-label domain, subject lower-cased) and only ever bound as a SQL
 * parameter.  Sources are keyed by IP; the alert names the /24 (IPv4) or
 * /48 (IPv6) network too (services replace them once sender
 * identification exists).  Long texts are cut (DR_ALERT_TEXT_MAX) so an
 * alert stays one short line.
 *
 * Return convention: 0 / -1 with err filled.
 */
#ifndef DR_QUERY_ALERTS_H
#define DR_QUERY_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct store;

enum alert_sev {
	ALERT_CRIT = 1,		/* act now: spoofing, broken DNS */
	ALERT_WARN = 2,		/* look today */
	ALERT_NOTE = 3,		/* for the record */
};

struct alert {
	enum alert_sev	 sev;
	const char	*kind;		/* static: "new-source", ... */
	char		*domain;	/* policy domain, or NULL */
	char		*subject;	/* IP, reporter, DNS name, reason */
	char		*key;		/* state identity (normalized) */
	char		*value;		/* changes -> raised again; "" */
	char		*text;		/* one line for a person (raw) */
	char		*cmd;		/* the command that shows the detail */
	int64_t		 count;		/* messages, reports or inputs; 0 */
	bool		 is_new;	/* not in the state (or changed) */
};

struct alerts {
	struct alert	*v;
	size_t		 n, cap;
	bool		 truncated;	/* DR_ALERTS_MAX reached */
};

/* Thresholds and scope of one run. */
struct alert_opts {
	int64_t		 now;		/* Unix s: the end of the window */
	int64_t		 start;		/* window [start, now) */
	int64_t		 prev_start;	/* previous window [prev_start, start) */
	const char *const *domains;	/* lower case; n_domains 0: all */
	size_t		 n_domains;
	int64_t		 min_failing;	/* new source: failing messages */
	int		 drop_points;	/* pass rate fell by more than this */
	double		 growth;	/* failing grew by more than this factor */
	int64_t		 min_messages;	/* jump: messages in each window */
	int		 silent_days;	/* silent reporter: nothing for D days */
	int		 silent_weeks;	/* ... after reporting in these weeks */
	int64_t		 silent_min;	/* ... at least K reports */
	int64_t		 mark;		/* set aside: messages.id > mark; -1:
					 * ingested since setaside_since */
	int64_t		 setaside_since;
	bool		 sources_fresh;	/* alert_sources is up to date: new
					 * sources read the window only */
};

/* Defaults (documented in dmarc-report.1 and docs/cron.md). */
#define ALERT_MIN_FAILING	100
#define ALERT_DROP_POINTS	10
#define ALERT_GROWTH		3.0
#define ALERT_MIN_MESSAGES	100
#define ALERT_SILENT_DAYS	3
#define ALERT_SILENT_WEEKS	4
#define ALERT_SILENT_MIN	4

void	alerts_init(struct alerts *a);
void	alerts_release(struct alerts *a);

/* The detectors over the database; each appends to a. */
int	alerts_from_db(struct store *st, const struct alert_opts *o,
	    struct alerts *a, struct dr_err *err);
/* The DNS alerts of domain from dns_checks; selectors: the DKIM selectors
 * its reports name in the window (only those count for dkim-key). */
int	alerts_dns(struct store *st, const struct alert_opts *o,
	    const char *domain, const char *const *selectors, size_t n_sel,
	    struct alerts *a, struct dr_err *err);

/* What the DNS part checks: policy domains with a report in the window,
 * each with its selectors.  Free with alerts_targets_release(). */
struct alert_target {
	char		*domain;
	char		**selectors;
	size_t		 n_selectors;
};
int	alerts_dns_targets(struct store *st, const struct alert_opts *o,
	    struct alert_target **out, size_t *n, struct dr_err *err);
void	alerts_targets_release(struct alert_target *t, size_t n);

/* Appends one alert (alerts.c; the detectors' shared helper): the key is
 * kind|domain|subject lower-cased, the text printf-formatted and cut to
 * DR_ALERT_TEXT_MAX bytes.  Past DR_ALERTS_MAX it sets a->truncated. */
int	alerts_add_v(struct alerts *a, enum alert_sev sev, const char *kind,
	    const char *domain, const char *subject, const char *value,
	    int64_t count, const char *cmd, struct dr_err *err, const char *fmt,
	    ...) __attribute__((format(printf, 10, 11)));

/* Sorts a: most severe first, then kind, domain, subject. */
void	alerts_sort(struct alerts *a);

/* Brings alert_sources up to date with the reports stored since its last
 * fill (its own short transaction; the first fill reads every record
 * once).  -1 (R_DB_BUSY when an ingest holds the lock): the caller falls
 * back to the scan. */
int	alerts_sources_update(struct store *st, struct dr_err *err);
/* The latest stateful run: *mark its message mark (-1 before the first
 * run). */
int	alerts_state_last(struct store *st, int64_t *mark, struct dr_err *err);
/* Sets is_new on each alert not in the state or with another value. */
int	alerts_state_mark(struct store *st, struct alerts *a, struct dr_err *err);
/* After the output was written: one transaction that records the run,
 * refreshes every alert found true, and clears those no longer true (in
 * the scope of domains; n_domains 0: all).  data is the store the alerts
 * were read from (the run's mark is its last message): st itself, or a
 * standby whose primary st is (--write-db). */
int	alerts_state_save(struct store *st, struct store *data,
	    const struct alerts *a, int64_t now,
	    size_t raised, const char *const *domains, size_t n_domains,
	    struct dr_err *err);

#endif
