/*
 * report/main.c -- dmarc-report: the command table and shared options.
 *
 * Design rationale (STYLE practice 2): each command is one row of cmds[]
 * { name, fn, flags, args, summary }; main() parses the shared options
 * once, wherever they appear on the line, opens the database as the flags
 * ask (read-only, or read-write for the PTR cache when DNS is on), and
 * maps the command's result to the exit status.  The usage text is built
 * from the table, so `help`, `CMD --help` and errors print the same text.
 * Adding a command: declare cmd_x() in report/report.h, add one row here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/report.h"
#include "report/query/qparam.h"
#include "store/store.h"
#include "util/vis.h"
#include "util/limits.h"

static const struct report_cmd cmds[] = {
	{ "summary", cmd_summary, CMD_DB | CMD_WINDOW, "",
	    "per policy domain: messages, pass rates, dispositions, policy" },
	{ "failures", cmd_failures, CMD_DB | CMD_DB_DNS | CMD_WINDOW, "[--all]",
	    "per domain and source IP: DMARC failures, auth domains, PTR" },
	{ "sources", cmd_sources, CMD_DB | CMD_DB_DNS | CMD_WINDOW, "",
	    "all traffic per source IP, grouped by sending organization" },
	{ "reports", cmd_reports, CMD_DB | CMD_WINDOW, "[--rejected] [--all-rejected]",
	    "reports received, and inputs the ingest rejected" },
	{ "query", cmd_query, CMD_DB | CMD_WINDOW, "NAME [key=value...] | --list",
	    "run a named query (sql/queries/) with bound parameters" },
	{ "html", cmd_html, CMD_DB | CMD_DB_DNS,
	    "[--week YYYY-Www] [-o FILE | --mail FROM TO]",
	    "weekly summary as one self-contained HTML page (or MIME mail)" },
	{ "alerts", cmd_alerts, CMD_DB | CMD_DB_RW | CMD_ALERT_EXIT,
	    "[--all] [--format json] [--mail FROM TO] [--now EPOCH]\n"
	    "      [--min-failing N] [--drop POINTS] [--growth X] [--min-messages N]\n"
	    "      [--silent-days D] [--silent-weeks W] [--silent-min K]",
	    "for cron: new failing sources, jumps, DNS changes, silent reporters,\n"
	    "             set-aside inputs; quiet when there is nothing new" },
	{ "check", cmd_check, 0,
	    "DOMAIN... [--selector S]... [--ip A]... [--sender LOCAL@DOMAIN]\n"
	    "      [--helo NAME] [--timeout MS] [--tries N]",
	    "DMARC, SPF, DKIM and MX records as DNS says today" },
	{ NULL, NULL, 0, NULL, NULL },
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
		} else if (strcmp(argv[i], "--no-dns") == 0) {
			o->no_dns = true;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			o->help = true;
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

static int
open_db(struct report_ctx *ctx, const struct report_cmd *cmd, struct dr_err *err)
{
	struct report_opts *o = &ctx->opts;
	enum store_mode mode = STORE_REPORT_RO;

	if (access(o->db_path, F_OK) == -1)
		return dr_fail(err, R_EMPTY_DB, "no database at %s (run dmarc-ingest"
		    " first, or give --db PATH)", o->db_path);
	if ((cmd->flags & CMD_DB_DNS) && !o->no_dns && access(o->db_path, W_OK) == 0)
		mode = STORE_REPORT_RW;
	if ((cmd->flags & CMD_DB_RW) && access(o->db_path, W_OK) == 0)
		mode = STORE_REPORT_RW;
	if (store_open(&ctx->st, o->db_path, mode, err) == -1) {
		if (mode != STORE_REPORT_RW || err->reason == R_DB_NEWER)
			return -1;
		/* Not writable now (busy, read-only dir): go on read-only. */
		dr_err_clear(err);
		mode = STORE_REPORT_RO;
		if (store_open(&ctx->st, o->db_path, mode, err) == -1)
			return -1;
	}
	ctx->db_rw = mode == STORE_REPORT_RW;
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
	const char *env;
	int nrest = 0, rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = stdout;
	ctx.opts.format = FMT_TABLE;
	ctx.opts.db_path = (env = getenv("DMARC_RUA_DB")) != NULL && *env ?
	    env : "./dmarc.sqlite";
	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return RX_INTERNAL;
	if (parse_shared(&ctx.opts, argc, argv, rest, &nrest) == -1) {
		usage_program(stderr);
		rc = RX_USAGE;
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
		rc = nrest == 0 && !ctx.opts.help ? RX_USAGE : RX_OK;
		goto done;
	}
	for (cmd = cmds; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, rest[0]) == 0)
			break;
	if (cmd->name == NULL) {
		report_msg(0, "unknown command '%s'", rest[0]);
		usage_program(stderr);
		rc = RX_USAGE;
		goto done;
	}
	ctx.cmd = cmd;
	if (ctx.opts.help) {
		report_usage(stdout, cmd);
		rc = RX_OK;
		goto done;
	}
	if ((cmd->flags & CMD_WINDOW) &&
	    window_resolve(&ctx.opts, (int64_t)time(NULL), &err) == -1) {
		rc = report_fail(&err);
		goto done;
	}
	if ((cmd->flags & (CMD_DB | CMD_DB_DNS)) && open_db(&ctx, cmd, &err) == -1) {
		rc = report_fail(&err);
		if ((cmd->flags & CMD_ALERT_EXIT) && rc == RX_EMPTY)
			rc = RX_NODATA;
		goto done;
	}
	rc = cmd->fn(&ctx, nrest, rest);
	/* A command that failed has said why (html: "error writing
	 * output"): one line per failure. */
	if ((fflush(stdout) == EOF || ferror(stdout)) && rc == RX_OK) {
		report_msg(0, "error writing output: %s", strerror(errno));
		rc = RX_INTERNAL;
	}
done:
	store_close(ctx.st);
	free(rest);
	return rc;
}
