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
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/dns/asn.h"
#include "report/dns/resolver.h"
#include "report/out/out.h"
#include "report/report.h"
#include "util/svccat.h"
#include "store/store.h"
#include "util/vis.h"
#include "report/query/qparam.h"

static const char usage_opts[] =
    "shared options (anywhere on the line):\n"
    "  --db PATH|URI        SQLite file, or PostgreSQL URI or conninfo\n"
    "                       (postgresql://..., service=NAME; default\n"
    "                       $DMARC_RUA_DB, the config file's database, or\n"
    "                       " DR_DEFAULT_DB ")\n"
    "  --write-db URI       with --db a PostgreSQL standby: the primary, where\n"
    "                       caches and alert state are kept (default\n"
    "                       $DMARC_RUA_WRITE_DB, the config file's\n"
    "                       write-database)\n"
    "  --config FILE        configuration file (default $DMARC_RUA_CONFIG or\n"
    "                       " DR_DEFAULT_CONFIG ", which may be missing)\n"
    "  --domain D           policy domain; repeat for several (default: all)\n"
    "  --since YYYY-MM-DD   first day of the window (UTC)\n"
    "  --until YYYY-MM-DD   last day of the window, inclusive (default today)\n"
    "  --days N             window length in days (default 7)\n"
    "  --format F           table (default), csv or json\n"
    "  --no-dns             no DNS lookups (cached PTR names are still shown)\n"
    "  --dns-server IP[:PORT][,IP...]  resolvers to ask instead of the\n"
    "                       system's, in turn (the next on a failure)\n"
    "  --asn-zone BASE      IP-to-ASN TXT zones: origin.BASE, origin6.BASE,\n"
    "                       AS<n>.BASE (default asn.cymru.com)\n"
    "  --no-asn             no ASN, AS name and country columns or lookups\n"
    "  --wide               tables keep every column at any terminal width\n"
    "  -h, --help           this text\n"
    "  --version            program, schema and library versions\n"
    "exit status: 0 ok; 1 nothing to show (check: a record has errors);\n"
    "64 usage; 65 database newer than this program; 66 no database;\n"
    "69 answered, but some DNS lookups failed; 70 error; 75 database busy;\n"
    "77 database not reachable; 78 bad configuration file (README.md has\n"
    "the table)\n";

void
report_usage_options(FILE *fp)
{
	fputs(usage_opts, fp);
}

void
report_usage(FILE *fp, const struct report_cmd *cmd)
{
	const struct report_opt *o;
	char lhs[64];

	fprintf(fp, "usage: dmarc-report [options] %s %s\n  %s\n\n",
	    cmd->name, cmd->args, cmd->summary);
	if (cmd->opts != NULL && cmd->opts[0].name != NULL) {
		fprintf(fp, "%s options:\n", cmd->name);
		for (o = cmd->opts; o->name != NULL; o++) {
			(void)snprintf(lhs, sizeof(lhs), "%s%s%s", o->name,
			    *o->arg ? " " : "", o->arg);
			fprintf(fp, "  %-20s %s\n", lhs, o->help);
		}
		fputc('\n', fp);
	}
	fputs(usage_opts, fp);
}

int
report_exit_for(const struct dr_err *err)
{
	return dr_exit_for(err->reason);
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
	env = getenv("DMARC_RUA_WRITE_DB");
	if (o->write_db == NULL)
		o->write_db = env != NULL && *env != '\0' ? env :
		    conf_get(cf, CONF_WRITE_DATABASE);
	if (o->dns_server == NULL)
		o->dns_server = conf_get(cf, CONF_DNS_SERVER);
	if (o->asn_zone == NULL)
		o->asn_zone = conf_get(cf, CONF_ASN_ZONE);
	o->dns_timeout_ms = cf->dns_timeout_ms;
	o->dns_tries = cf->dns_tries;
	o->mail_from = conf_get(cf, CONF_MAIL_FROM);
	o->mail_to = conf_get(cf, CONF_MAIL_TO);
	o->services_file = conf_get(cf, CONF_SERVICES_FILE);
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

/* The second connection of a run against a read-only PostgreSQL server:
 * --write-db must name a writable PostgreSQL database (the primary). */
static int
open_write_db(struct report_ctx *ctx)
{
	struct dr_err err = DR_ERR_INIT;
	char show[STORE_DB_SHOW_MAX];

	if (!store_is_pg(ctx->opts.write_db)) {
		dr_fail(&err, R_USAGE, "--write-db %s: not a PostgreSQL URI or"
		    " conninfo (it names the primary of the --db standby)",
		    store_db_show(ctx->opts.write_db, show, sizeof(show)));
		return report_fail(&err);
	}
	if (store_open(&ctx->wst, ctx->opts.write_db, STORE_REPORT_RW,
	    &err) == -1)
		return report_fail(&err);
	if (store_is_readonly(ctx->wst)) {
		dr_fail(&err, R_DB, "--write-db %s is read-only too: give the"
		    " primary", store_db_show(ctx->opts.write_db, show,
		    sizeof(show)));
		store_close(ctx->wst);
		ctx->wst = NULL;
		return report_fail(&err);
	}
	return DX_OK;
}

int
report_open(struct report_ctx *ctx)
{
	struct report_opts *o = &ctx->opts;
	struct dr_err err = DR_ERR_INIT;
	enum store_mode mode = STORE_REPORT_RO;
	int flags = ctx->cmd != NULL ? ctx->cmd->flags : 0;

	if (ctx->st != NULL || !(flags & (CMD_DB | CMD_DB_DNS)))
		return DX_OK;
	if (store_is_pg(o->db_path)) {
		/* PostgreSQL: read-write for the caches when the command
		 * keeps them; a hot standby is read-only (store/pg.c). */
		if (((flags & CMD_DB_DNS) && !o->no_dns) ||
		    (flags & (CMD_DB_RW | CMD_DB_WRITE)))
			mode = STORE_REPORT_RW;
		if (store_open(&ctx->st, o->db_path, mode, &err) == -1)
			return report_fail(&err);
		ctx->db_rw = mode == STORE_REPORT_RW && !store_is_readonly(ctx->st);
		/* A standby: the caches and the alert state on the primary
		 * that --write-db names, through a second connection. */
		if (mode == STORE_REPORT_RW && !ctx->db_rw && o->write_db != NULL &&
		    *o->write_db != '\0')
			return open_write_db(ctx);
		return DX_OK;
	}
	if (access(o->db_path, F_OK) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			dr_fail(&err, R_NO_DB, "no database at %s (run"
			    " dmarc-ingest first, or give --db PATH)",
			    o->db_path);
		else
			dr_fail(&err, R_NO_PERMISSION, "cannot reach the"
			    " database %s: %s (this user needs search access"
			    " to each directory above it)", o->db_path,
			    strerror(errno));
		return report_fail(&err);
	}
	if ((flags & CMD_DB_DNS) && !o->no_dns && access(o->db_path, W_OK) == 0)
		mode = STORE_REPORT_RW;
	if ((flags & CMD_DB_RW) && access(o->db_path, W_OK) == 0)
		mode = STORE_REPORT_RW;
	if (flags & CMD_DB_WRITE) {
		if (access(o->db_path, W_OK) == -1) {
			dr_fail(&err, R_NO_PERMISSION, "%s: this user may not"
			    " write the database: %s (run it as the database's"
			    " owner, the user that runs dmarc-ingest)",
			    o->db_path, strerror(errno));
			return report_fail(&err);
		}
		mode = STORE_REPORT_RW;
	}
	if (store_open(&ctx->st, o->db_path, mode, &err) == -1) {
		if (mode != STORE_REPORT_RW || err.reason == R_DB_NEWER ||
		    (flags & CMD_DB_WRITE))
			return report_fail(&err);
		/* Not writable now (busy, read-only dir): go on read-only. */
		dr_err_clear(&err);
		mode = STORE_REPORT_RO;
		if (store_open(&ctx->st, o->db_path, mode, &err) == -1)
			return report_fail(&err);
	}
	ctx->db_rw = mode == STORE_REPORT_RW;
	return DX_OK;
}

struct store *
report_cache_store(const struct report_ctx *ctx)
{
	if (ctx->wst != NULL)
		return ctx->wst;
	return ctx->db_rw ? ctx->st : NULL;
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
	po->can_write = ctx->db_rw || ctx->wst != NULL;
	po->cache = ctx->wst;
}

int
cmd_asn_lookup(struct report_ctx *ctx, const struct ptr_opts *po,
    const char *const *ips, size_t n, struct asn_info *out, struct dr_err *err)
{
	struct ptr_stats as;

	memset(out, 0, n * sizeof(*out));
	if (ctx->opts.no_asn)
		return 0;
	if (asn_lookup(ctx->st, po, ctx->opts.asn_zone, ips, n, out, &as,
	    err) == -1)
		return -1;
	cmd_asn_note(&as);
	return 0;
}

void
cmd_asn_note(const struct ptr_stats *as)
{
	if (as->save_failed)
		report_msg(0, "note: ASN cache not saved (database busy or"
		    " read-only)");
}

void
cmd_asn_hide(const struct report_ctx *ctx, struct out_table *t, size_t c0)
{
	uint64_t all = 0xffULL << c0;

	/* the table: ASN, AS NAME, CC; CSV and JSON: all but the first */
	t->hide_text |= ctx->opts.no_asn ? all : 0xf2ULL << c0;
	t->hide_csv |= ctx->opts.no_asn ? all : 1ULL << c0;
	t->hide_json |= ctx->opts.no_asn ? all : 1ULL << c0;
}

void
cmd_asn_cells(struct out_table *t, long row, size_t c0,
    const struct asn_info *a)
{
	char buf[16], num[16];

	out_str(t, row, c0, asn_display(a, buf, sizeof(buf)));
	if (a->status == ASN_OK) {
		(void)snprintf(num, sizeof(num), "%u", a->asn);
		out_str(t, row, c0 + 1, num);
		out_str(t, row, c0 + 3, a->cc);
		out_str(t, row, c0 + 4, a->prefix);
		out_str(t, row, c0 + 7, a->asns);
	}
	out_str(t, row, c0 + 2, asn_name_display(a));
	out_str(t, row, c0 + 5, asn_status_text(a));
	if (a->status == ASN_TEMP)
		out_str(t, row, c0 + 6, a->cause != NULL ? a->cause :
		    "DNS error");
}

void
cmd_ptr_note(const struct ptr_stats *ps)
{
	if (ps->save_failed)
		report_msg(0, "note: PTR cache not saved (database busy or read-only)");
}

size_t
report_dns_failures(void)
{
	/* the order of the lines: most telling first */
	static const enum dns_status order[] = { DNS_REFUSED, DNS_TIMEOUT,
	    DNS_SERVFAIL, DNS_ERROR };
	static const char *const fix[] = {
		"nothing answers there: check that the resolver runs, or give"
		" --dns-server",
		"the resolver did not answer in time: check it and the network,"
		" or run again later",
		"the resolver or an authoritative server failed: run again later",
		"replies did not answer the question asked (malformed, or records"
		" of other names): check the resolver",
	};
	struct dns_tally t;
	size_t i, total = 0, n;

	resolver_tally(&t);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if ((n = t.failed[order[i]]) == 0)
			continue;
		total += n;
		report_msg(0, "%s: %zu DNS lookup%s failed (%s) at %s: what "
		    "needed %s reads \"could not check (%s)\", not \"none\"; "
		    "%s", dr_reason_id(R_DNS_FAILED), n, n == 1 ? "" : "s",
		    dns_status_cause(order[i]), t.server ? t.server :
		    "the system resolver", n == 1 ? "it" : "them",
		    dns_status_cause(order[i]), fix[i]);
	}
	return total;
}

int
cmd_services_load(const struct report_ctx *ctx, struct svccat *cat)
{
	struct dr_err err = DR_ERR_INIT;
	const char *path = ctx->opts.services_file;

	if (svccat_load(cat, path != NULL ? path : SVC_DEFAULT_LOCAL,
	    path != NULL, &err) == -1)
		return report_fail(&err);
	return DX_OK;
}

int
report_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
