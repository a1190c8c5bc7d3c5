/*
 * report/cli.c -- what every command of dmarc-report shares at the command
 * line: the usage text of the shared options and of one command, the
 * mapping of a failure to an exit status, the one-line error printers, and
 * the PTR options taken from the shared options.
 *
 * Design rationale: the command table lives in main.c and the commands in
 * cmd_*.c; these helpers sit below both, so neither calls into the other
 * (main.c -> cmd_*.c -> cli.c, no cycle).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/vis.h"
#include "report/query/qparam.h"

static const char usage_opts[] =
    "shared options (anywhere on the line):\n"
    "  --db PATH            database (default $DMARC_RUA_DB, the config file's\n"
    "                       database, or " DR_DEFAULT_DB ")\n"
    "  --config FILE        configuration file (default $DMARC_RUA_CONFIG or\n"
    "                       " DR_DEFAULT_CONFIG ", which may be missing)\n"
    "  --domain D           policy domain; repeat for several (default: all)\n"
    "  --since YYYY-MM-DD   first day of the window (UTC)\n"
    "  --until YYYY-MM-DD   last day of the window, inclusive (default today)\n"
    "  --days N             window length in days (default 7)\n"
    "  --format F           table (default), csv or json\n"
    "  --no-dns             no DNS lookups (cached PTR names are still shown)\n"
    "  --dns-server IP[:PORT]  resolver to ask instead of the system's\n"
    "  -h, --help           this text\n"
    "exit status: 0 ok, 1 nothing to show, 64 usage, 70 error, 75 database busy,\n"
    "78 bad configuration file\n";

void
report_usage_options(FILE *fp)
{
	fputs(usage_opts, fp);
}

void
report_usage(FILE *fp, const struct report_cmd *cmd)
{
	fprintf(fp, "usage: dmarc-report [options] %s %s\n  %s\n\n%s",
	    cmd->name, cmd->args, cmd->summary, usage_opts);
}

int
report_exit_for(const struct dr_err *err)
{
	switch (err->reason) {
	case R_NONE:
		return RX_OK;
	case R_EMPTY_DB:
	case R_UNKNOWN_DOMAIN:
	case R_EMPTY_WINDOW:
		return RX_EMPTY;
	case R_USAGE:
	case R_NO_QUERY:
		return RX_USAGE;
	case R_DB_BUSY:
	case R_LOCKED:
		return RX_BUSY;
	case R_CONFIG:
		return RX_CONFIG;
	default:
		return RX_INTERNAL;
	}
}

int
report_config(struct report_ctx *ctx, const char *config_arg,
    struct dr_err *err)
{
	static char domains[DR_CONF_MAX_DOMAINS][DR_DOMAIN_BUF];
	struct report_opts *o = &ctx->opts;
	struct conf *cf = &ctx->conf;
	const char *env = getenv("DMARC_RUA_DB");
	const char *path;
	bool must;
	size_t i;

	path = conf_pick(config_arg, &must);
	if (conf_load(cf, path, must, err) == -1)
		return -1;
	conf_warn(cf, "dmarc-report", stderr);
	if (o->db_path == NULL)
		o->db_path = env != NULL && *env != '\0' ? env :
		    conf_get(cf, CONF_DATABASE) != NULL ?
		    conf_get(cf, CONF_DATABASE) : DR_DEFAULT_DB;
	if (o->dns_server == NULL)
		o->dns_server = conf_get(cf, CONF_DNS_SERVER);
	o->dns_timeout_ms = cf->dns_timeout_ms;
	o->dns_tries = cf->dns_tries;
	o->mail_from = conf_get(cf, CONF_MAIL_FROM);
	o->mail_to = conf_get(cf, CONF_MAIL_TO);
	/* --domain on the command line replaces the file's list. */
	for (i = 0; o->n_domains == 0 && i < cf->n_domains; i++)
		if (i >= REPORT_MAX_DOMAINS || qparam_domain(cf->domains[i],
		    domains[i], sizeof(domains[i])) == -1)
			return dr_fail(err, R_CONFIG, "%s:%u: domains: '%.64s' is"
			    " not a domain name", cf->path, cf->line[CONF_DOMAINS],
			    cf->domains[i]);
	if (o->n_domains == 0)
		for (i = 0; i < cf->n_domains; i++)
			o->domains[o->n_domains++] = domains[i];
	return 0;
}

int
report_fail(const struct dr_err *err)
{
	fprintf(stderr, "dmarc-report: %s: ", dr_reason_id(err->reason));
	vis_fputs(stderr, err->detail);
	fputc('\n', stderr);
	return report_exit_for(err);
}

int
report_msg(int code, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fputs("dmarc-report: ", stderr);
	vis_fputs(stderr, buf);
	fputc('\n', stderr);
	return code;
}

void
cmd_ptr_opts(const struct report_ctx *ctx, struct ptr_opts *po)
{
	memset(po, 0, sizeof(*po));
	po->no_dns = ctx->opts.no_dns;
	po->dns_server = ctx->opts.dns_server;
	po->timeout_ms = ctx->opts.dns_timeout_ms;	/* 0: the default */
	po->tries = ctx->opts.dns_tries;
	po->now = (int64_t)time(NULL);
	po->can_write = ctx->db_rw;
}

void
cmd_ptr_note(const struct ptr_stats *ps)
{
	if (ps->save_failed)
		report_msg(0, "note: PTR cache not saved (database busy or read-only)");
}
