/*
 * report/main.c -- dmarc-report: the command table and shared options.
 *
 * Design rationale (STYLE practice 2): each command is one row of cmds[]
 * { name, fn, flags, args, summary }; main() parses the shared options
 * once, wherever they appear on the line, and maps the command's result
 * to the exit status.  A command parses its own options first, then opens
 * the database as its flags ask (report_open(): read-only, or read-write
 * for the PTR cache when DNS is on), so that a bad option is said before
 * a missing database.  The usage text is built
 * from the table, so `help`, `CMD --help` and errors print the same text.
 * Adding a command: declare cmd_x() in report/report.h, add one row here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "report/report.h"
#include "report/dns/resolver.h"
#include "report/query/qparam.h"
#include "store/store.h"
#include "util/vis.h"
#include "util/limits.h"

#define OPT_END	{ NULL, NULL, NULL }

static const struct report_opt no_opts[] = { OPT_END };

static const struct report_opt failures_opts[] = {
	{ "--all", "", "list every source, not only those with failures" },
	OPT_END
};

static const struct report_opt reports_opts[] = {
	{ "--rejected", "", "only the inputs the ingest set aside" },
	{ "--all-rejected", "", "every set-aside input, not only the window's" },
	OPT_END
};

static const struct report_opt query_opts[] = {
	{ "--list", "", "the named queries, their descriptions and parameters" },
	OPT_END
};

static const struct report_opt html_opts[] = {
	{ "--week", "YYYY-Www", "ISO week to show (default: the previous one)" },
	{ "-o, --output", "FILE", "write the page to FILE (atomically; - is stdout)" },
	{ "--mail", "FROM TO", "write a MIME message for sendmail -t instead" },
	{ "--top", "N", "failing sources shown per group, 1 to 1000 (default 20)" },
	{ "--now", "SECONDS", "generation time, Unix seconds (also"
	    " $DMARC_RUA_NOW)" },
	OPT_END
};

static const struct report_opt check_opts[] = {
	{ "--selector", "S", "also check DKIM selector S (repeatable)" },
	{ "--ip", "A", "evaluate SPF for source IP A (repeatable)" },
	{ "--sender", "LOCAL@DOMAIN",
	    "MAIL FROM for SPF (default postmaster@DOMAIN)" },
	{ "--helo", "NAME", "HELO name for SPF %{h} (default DOMAIN)" },
	{ "--timeout", "MS",
	    "milliseconds per DNS try (default 2000, at most 60000)" },
	{ "--tries", "N", "DNS tries (default 2, at most 10)" },
	OPT_END
};

static const struct report_opt alerts_opts[] = {
	{ "--all", "", "everything true now, not only what is new (no state)" },
	{ "--mail", "FROM TO", "a plain-text message for sendmail -t instead" },
	{ "--now", "SECONDS", "judge at this time, Unix seconds (also"
	    " $DMARC_RUA_NOW)" },
	{ "--min-failing", "N", "a new source alerts from N failing messages"
	    " (default 100)" },
	{ "--drop", "POINTS", "pass-rate fall that alerts, in points (default"
	    " 10)" },
	{ "--growth", "X", "failing-volume growth that alerts, a factor"
	    " (default 3)" },
	{ "--min-messages", "N", "compare only windows with N messages"
	    " (default 100)" },
	{ "--silent-days", "D", "silent: no report for D days (default 3)" },
	{ "--silent-weeks", "W", "... looking back W weeks (default 4)" },
	{ "--silent-min", "K", "... at which it sent at least K reports"
	    " (default 4)" },
	OPT_END
};

static const struct report_opt readiness_opts[] = {
	{ "--inventory", "", "who sends as each domain, per service and"
	    " verdict" },
	OPT_END
};

static const struct report_opt prune_opts[] = {
	{ "--before", "YYYY-MM-DD", "remove the reports that ended before"
	    " this day (UTC)" },
	{ "--dry-run", "", "count what would be removed; change nothing" },
	{ "--batch", "N", "reports per transaction, 1 to 100000 (default"
	    " 500)" },
	OPT_END
};

static const struct report_cmd cmds[] = {
	{ "summary", cmd_summary, CMD_DB | CMD_WINDOW, "",
	    "per policy domain: messages, pass rates, dispositions, policy",
	    no_opts },
	{ "failures", cmd_failures, CMD_DB | CMD_DB_DNS | CMD_WINDOW, "[--all]",
	    "per domain and source IP: DMARC failures, auth domains, PTR",
	    failures_opts },
	{ "sources", cmd_sources, CMD_DB | CMD_DB_DNS | CMD_WINDOW, "",
	    "all traffic per source IP, grouped by sending organization",
	    no_opts },
	{ "reports", cmd_reports, CMD_DB | CMD_WINDOW, "[--rejected] [--all-rejected]",
	    "reports received, and inputs the ingest rejected", reports_opts },
	{ "query", cmd_query, CMD_DB | CMD_WINDOW, "NAME [key=value...] | --list",
	    "run a named query (sql/queries/) with bound parameters", query_opts },
	{ "html", cmd_html, CMD_DB | CMD_DB_DNS | CMD_DB_RW,
	    "[--week YYYY-Www]\n"
	    "      [-o|--output FILE | --mail FROM TO] [--top N] [--now UNIX-SECONDS]",
	    "weekly summary as one self-contained HTML page (or MIME mail)",
	    html_opts },
	{ "alerts", cmd_alerts, CMD_DB | CMD_DB_RW,
	    "[--all] [--format json] [--mail FROM TO]\n"
	    "      [--now EPOCH] [--min-failing N] [--drop POINTS] [--growth X]\n"
	    "      [--min-messages N] [--silent-days D] [--silent-weeks W]\n"
	    "      [--silent-min K]",
	    "for cron: what is new (sources, rates, DNS, reporters, set-asides)",
	    alerts_opts },
	{ "readiness", cmd_readiness, CMD_DB | CMD_DB_DNS | CMD_DB_RW | CMD_WINDOW,
	    "[--inventory] (default window: 28 days)",
	    "what p=quarantine / p=reject would hit and stop; who sends as you",
	    readiness_opts },
	{ "check", cmd_check, 0,
	    "DOMAIN... [--selector S]... [--ip A]...\n"
	    "      [--sender LOCAL@DOMAIN] [--helo NAME] [--timeout MS] [--tries N]",
	    "DMARC, SPF, DKIM and MX records as DNS says today", check_opts },
	{ "prune", cmd_prune, CMD_DB | CMD_DB_WRITE,
	    "--before YYYY-MM-DD [--dry-run] [--batch N]\n"
	    "      [--format table|json]",
	    "retention: remove reports that ended before a day, keep identities",
	    prune_opts },
	{ NULL, NULL, 0, NULL, NULL, NULL },
};

static void
usage_program(FILE *fp)
{
	const struct report_cmd *c;

	fputs("usage: dmarc-report [options] COMMAND [command options]\n\ncommands:\n",
	    fp);
	for (c = cmds; c->name != NULL; c++)
		fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fputc('\n', fp);
	report_usage_options(fp);
}

/*
 * A --domain argument as stored: lower case, no trailing dot, A-labels
 * (a UTF-8 name is converted; the rules are qparam_domain()'s, which
 * query's domain= parameters share).  The result is static per argument
 * slot.
 */
static const char *
norm_domain(const char *arg, size_t slot)
{
	static char out[REPORT_MAX_DOMAINS][DR_DOMAIN_BUF];

	if (slot >= REPORT_MAX_DOMAINS ||
	    qparam_domain(arg, out[slot], sizeof(out[slot])) == -1)
		return NULL;
	return out[slot];
}

static int
parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

/* Value of option name at argv[*i] ("--x v" or "--x=v"), or NULL. */
static const char *
opt_value(const char *name, int argc, char **argv, int *i, int *bad)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

/*
 * Takes the shared options out of argv; the rest (command name first, its
 * own options and arguments) is compacted into rest.  Returns -1 on a
 * usage error (message printed).
 */
static int
parse_shared(struct report_opts *o, int argc, char **argv, char **rest,
    int *nrest)
{
	const char *v;
	int i, bad = 0, dashdash = 0;

	*nrest = 0;
	for (i = 1; i < argc; i++) {
		if (dashdash || argv[i][0] != '-') {
			rest[(*nrest)++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			dashdash = 1;
		} else if ((v = opt_value("--db", argc, argv, &i, &bad)) != NULL) {
			o->db_path = v;
		} else if ((v = opt_value("--write-db", argc, argv, &i, &bad)) != NULL) {
			o->write_db = v;
		} else if ((v = opt_value("--config", argc, argv, &i, &bad)) != NULL) {
			o->config = v;
		} else if ((v = opt_value("--domain", argc, argv, &i, &bad)) != NULL) {
			const char *nd = norm_domain(v, o->n_domains);

			if (nd == NULL)
				return report_msg(-1, "--domain '%s': bad or too many domains", v);
			o->domains[o->n_domains++] = nd;
		} else if ((v = opt_value("--since", argc, argv, &i, &bad)) != NULL) {
			o->since_arg = v;
		} else if ((v = opt_value("--until", argc, argv, &i, &bad)) != NULL) {
			o->until_arg = v;
		} else if ((v = opt_value("--days", argc, argv, &i, &bad)) != NULL) {
			if (parse_int(v, &o->days) == -1 || o->days == 0)
				return report_msg(-1, "--days '%s': expected a number of days", v);
		} else if ((v = opt_value("--format", argc, argv, &i, &bad)) != NULL) {
			if (strcmp(v, "table") == 0)
				o->format = FMT_TABLE;
			else if (strcmp(v, "csv") == 0)
				o->format = FMT_CSV;
			else if (strcmp(v, "json") == 0)
				o->format = FMT_JSON;
			else
				return report_msg(-1, "--format '%s': expected table, csv or json", v);
		} else if ((v = opt_value("--dns-server", argc, argv, &i, &bad)) != NULL) {
			o->dns_server = v;
		} else if ((v = opt_value("--asn-zone", argc, argv, &i, &bad)) != NULL) {
			if (!conf_is_zone(v))
				return report_msg(-1, "--asn-zone '%s': expected a"
				    " domain name such as asn.cymru.com", v);
			o->asn_zone = v;
		} else if (strcmp(argv[i], "--no-asn") == 0) {
			o->no_asn = true;
		} else if (strcmp(argv[i], "--no-dns") == 0) {
			o->no_dns = true;
		} else if (strcmp(argv[i], "--wide") == 0) {
			o->wide = true;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			o->help = true;
		} else if (strcmp(argv[i], "--version") == 0) {
			o->version = true;
		} else if (bad) {
			break;
		} else {
			rest[(*nrest)++] = argv[i];	/* the command's own option */
		}
		if (bad)
			break;
	}
	if (bad)
		return report_msg(-1, "%s needs a value", argv[i]);
	rest[*nrest] = NULL;
	/* The command is the first word that is not an option: move it to
	 * rest[0] so its own options may also come before it. */
	for (i = 0; i < *nrest && rest[i][0] == '-'; i++)
		;
	if (i > 0 && i < *nrest) {
		char *cmd = rest[i];

		memmove(&rest[1], &rest[0], (size_t)i * sizeof(*rest));
		rest[0] = cmd;
	}
	return 0;
}

/*
 * The width tables fit: none with --wide; else $COLUMNS when set to a
 * number (also when stdout is a pipe: setting it asks for it); else the
 * terminal's width when stdout is a terminal; else none, so a file or a
 * pipe gets whole rows.
 */
static size_t
term_columns(const struct report_opts *o)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int v;

	if (o->wide)
		return 0;
	if (env != NULL && parse_int(env, &v) == 0 && v > 0)
		return (size_t)(v < 20 ? 20 : v);
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col < 20 ? 20 : ws.ws_col;
	return 0;
}

int
main(int argc, char **argv)
{
	struct report_ctx ctx;
	struct dr_err err = DR_ERR_INIT;
	const struct report_cmd *cmd = NULL;
	FILE *fp;
	char **rest = NULL;
	int nrest = 0, rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = stdout;
	ctx.opts.format = FMT_TABLE;
	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return DX_SOFTWARE;
	if (parse_shared(&ctx.opts, argc, argv, rest, &nrest) == -1) {
		usage_program(stderr);
		rc = DX_USAGE;
		goto done;
	}
	if (ctx.opts.version) {
		printf("dmarc-report %s (schema %d; SQLite %s, c-ares %s)\n",
		    DR_VERSION, store_schema_version(), store_sqlite_version(),
		    resolver_lib_version());
		rc = fflush(stdout) == EOF || ferror(stdout) ? DX_SOFTWARE :
		    DX_OK;
		goto done;
	}
	if (nrest == 0 || strcmp(rest[0], "help") == 0) {
		if (nrest > 1)
			for (cmd = cmds; cmd->name && strcmp(cmd->name, rest[1]); cmd++)
				;
		fp = nrest == 0 && !ctx.opts.help ? stderr : stdout;
		if (cmd != NULL && cmd->name != NULL)
			report_usage(fp, cmd);
		else
			usage_program(fp);
		rc = nrest == 0 && !ctx.opts.help ? DX_USAGE : DX_OK;
		goto done;
	}
	for (cmd = cmds; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, rest[0]) == 0)
			break;
	if (cmd->name == NULL) {
		report_msg(0, "unknown command '%s'", rest[0]);
		usage_program(stderr);
		rc = DX_USAGE;
		goto done;
	}
	ctx.cmd = cmd;
	ctx.opts.term_cols = term_columns(&ctx.opts);
	if (ctx.opts.help) {
		report_usage(stdout, cmd);
		rc = DX_OK;
		goto done;
	}
	if (report_config(&ctx, ctx.opts.config, &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((cmd->flags & CMD_WINDOW) &&
	    window_resolve(&ctx.opts, (int64_t)time(NULL), &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	/* The command parses its own options, then opens the database
	 * (report_open): a bad option is said before a missing database. */
	rc = cmd->fn(&ctx, nrest, rest);
	/* Answered, but some DNS lookups failed: said once per cause, and
	 * in the exit status (a failed command keeps its own). */
	if (report_dns_failures() > 0 && rc == DX_OK)
		rc = DX_UNAVAILABLE;
	/* A command that failed has said why (html: "error writing
	 * output"): one line per failure. */
	if ((fflush(stdout) == EOF || ferror(stdout)) && rc == DX_OK) {
		report_msg(0, "error writing output: %s", strerror(errno));
		rc = DX_SOFTWARE;
	}
done:
	conf_release(&ctx.conf);
	store_close(ctx.st);
	store_close(ctx.wst);
	free(rest);
	return rc;
}
