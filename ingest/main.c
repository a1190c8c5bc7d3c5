/*
 * ingest/main.c -- dmarc-ingest: parse options, call ingest_run(), turn the
 * result into one summary line and an exit status.
 *
 * Exit status: util/exits.def (the one table of both programs); a run
 * that stops maps its reason with dr_exit_for().  --pipe (a mail system's
 * delivery command) has two: 0 the message is kept (stored, or set aside
 * in the quarantine Maildir), 75 it is not (the mail system keeps it and
 * retries); see docs/postfix.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "ingest/mime.h"
#include "ingest/rua/rua_xml.h"
#include "store/store.h"
#include "util/conf.h"
#include "util/exit.h"
#include "util/limits.h"
#include "util/vis.h"


static const char usage_text[] =
"usage: dmarc-ingest [--db PATH|URI] [options] MAILDIR|FILE|- ...\n"
"       dmarc-ingest --pipe [options] < MESSAGE\n"
"\n"
"Reads DMARC aggregate reports from Maildirs (new/ and cur/), message files,\n"
"bare .xml/.xml.gz/.gz/.zip files, mbox files (each entry a message of its\n"
"own) or one message or mbox on standard input, and stores them in an\n"
"SQLite or a PostgreSQL database.  Messages leave new/ only after their\n"
"reports are committed; mbox files are never moved or written.\n"
"\n"
"  --db PATH|URI         SQLite file, or PostgreSQL URI or conninfo\n"
"                        (postgresql://..., service=NAME; default:\n"
"                        $DMARC_RUA_DB, the config file's database, or\n"
"                        " DR_DEFAULT_DB ")\n"
"  --config FILE         configuration file (default: $DMARC_RUA_CONFIG or\n"
"                        " DR_DEFAULT_CONFIG ", which may be missing)\n"
"  --pipe                one message on standard input from a mail system:\n"
"                        exit 0 when it is kept (stored, or set aside in the\n"
"                        quarantine Maildir), 75 when it is not (retry)\n"
"  --archive DIR         file stored messages into the Maildir DIR, not cur/\n"
"  --quarantine DIR      Maildir for rejected messages (default:\n"
"                        MAILDIR/.Quarantine; with --pipe: the database's\n"
"                        folder/quarantine)\n"
"  --batch N             messages per transaction (default 1000)\n"
"  -q, --quiet           print nothing on success\n"
"  -v, --verbose         one line per message\n"
"  --json                print the summary as one JSON object\n"
"  --no-progress         no progress line, even on a terminal\n"
"  --max-message-bytes N, --max-decompressed N, --max-zip-members N,\n"
"  --max-mime-depth N, --max-mime-parts N, --max-xml-depth N,\n"
"  --max-field-len N, --max-records N\n"
"                        change a cap on hostile input (see docs/LIMITS.md)\n"
"  -h, --help            this text\n"
"  --version             program, schema and library versions\n"
"\n"
"With no input, the config file's maildir is read.\n"
"\n"
"Exit status: 0 done; 1 some inputs rejected; 64 usage; 65 database newer\n"
"than this program; 66 an input or the database's directory is missing or\n"
"unreadable; 70 error; 75 another ingest is running, the database is busy,\n"
"or messages were left in place (unreadable, too big, not moved: try again);\n"
"77 the lock file or database cannot be opened by this user; 78 bad\n"
"configuration file.  With --pipe: 0 kept, 75 not kept (retry).\n";

enum {
	O_DB = 256, O_ARCHIVE, O_QUARANTINE, O_BATCH, O_JSON, O_NOPROGRESS,
	O_MAXMSG, O_MAXDEC, O_MAXZIP, O_MAXDEPTH, O_MAXPARTS, O_MAXXML,
	O_MAXFIELD, O_MAXREC, O_VERSION, O_NOLOCK, O_CONFIG, O_PIPE,
};

static const struct option longopts[] = {
	{ "db", required_argument, NULL, O_DB },
	{ "archive", required_argument, NULL, O_ARCHIVE },
	{ "quarantine", required_argument, NULL, O_QUARANTINE },
	{ "batch", required_argument, NULL, O_BATCH },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "json", no_argument, NULL, O_JSON },
	{ "no-progress", no_argument, NULL, O_NOPROGRESS },
	{ "max-message-bytes", required_argument, NULL, O_MAXMSG },
	{ "max-decompressed", required_argument, NULL, O_MAXDEC },
	{ "max-zip-members", required_argument, NULL, O_MAXZIP },
	{ "max-mime-depth", required_argument, NULL, O_MAXDEPTH },
	{ "max-mime-parts", required_argument, NULL, O_MAXPARTS },
	{ "max-xml-depth", required_argument, NULL, O_MAXXML },
	{ "max-field-len", required_argument, NULL, O_MAXFIELD },
	{ "max-records", required_argument, NULL, O_MAXREC },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ "no-lock-for-tests", no_argument, NULL, O_NOLOCK },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "pipe", no_argument, NULL, O_PIPE },
	{ NULL, 0, NULL, 0 },
};

static int
num(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The largest value each --max-* flag takes (util/limits.h); a larger one
 * is a usage error, never clamped. */
static uint64_t
hard_limit(int opt)
{
	switch (opt) {
	case O_MAXDEC:		return DR_HARD_MAX_DECOMPRESSED;
	case O_MAXZIP:		return DR_HARD_MAX_ZIP_MEMBERS;
	case O_MAXDEPTH:	return DR_HARD_MAX_MIME_DEPTH;
	case O_MAXPARTS:	return DR_HARD_MAX_MIME_PARTS;
	case O_MAXXML:		return DR_HARD_MAX_XML_DEPTH;
	case O_MAXFIELD:	return DR_HARD_MAX_FIELD_LEN;
	default:		return UINT64_MAX;
	}
}

/*
 * Every write to stdout is buffered; its errors stick (ferror) and show at
 * the flush.  True, after one line on stderr, when any of them failed: a
 * summary nobody received must not exit 0.
 */
static bool
stdout_failed(void)
{
	int saved;

	errno = 0;
	if (fflush(stdout) != EOF && !ferror(stdout))
		return false;
	saved = errno != 0 ? errno : EIO;
	fprintf(stderr, "dmarc-ingest: %s: writing standard output: %s\n",
	    dr_reason_id(R_IO), strerror(saved));
	return true;
}

static void
print_summary(const struct ingest_stats *s, bool json)
{
	if (json) {
		printf("{\"messages\":%" PRId64 ",\"stored\":%" PRId64 ",\"duplicates\":%"
		    PRId64 ",\"conflicts\":%" PRId64 ",\"records\":%" PRId64
		    ",\"not_report\":%" PRId64 ",\"rejected\":%" PRId64
		    ",\"recovered\":%" PRId64 ",\"skipped\":%" PRId64
		    ",\"deferred\":%" PRId64 ",\"not_file\":%" PRId64
		    ",\"batches_replayed\":%" PRId64 ",\"seconds\":%.3f}\n",
		    s->messages, s->stored, s->duplicates, s->conflicts, s->records,
		    s->not_report, s->rejected, s->recovered, s->skipped,
		    s->deferred, s->not_file, s->replayed, s->seconds);
		return;
	}
	printf("dmarc-ingest: messages=%" PRId64 " stored=%" PRId64 " duplicates=%" PRId64
	    " conflicts=%" PRId64 " records=%" PRId64 " not_report=%" PRId64
	    " rejected=%" PRId64, s->messages, s->stored, s->duplicates,
	    s->conflicts, s->records, s->not_report, s->rejected);
	/* Only when there are any: scripts match the line up to rejected=. */
	if (s->deferred > 0)
		printf(" deferred=%" PRId64, s->deferred);
	if (s->not_file > 0)
		printf(" not_file=%" PRId64, s->not_file);
	printf(" seconds=%.3f\n", s->seconds);
}

/*
 * What the command line left unset comes from the environment, then the
 * configuration file, then the compiled default (util/conf.h).  --pipe
 * without --quarantine sets aside into <database folder>/quarantine.
 */
static int
apply_config(struct conf *cf, const char *arg, bool db_given,
    struct ingest_opts *o, char *qbuf, size_t qlen, struct dr_err *err)
{
	const char *env = getenv("DMARC_RUA_DB"), *slash;
	const char *path;
	bool must;
	int n;

	path = conf_pick(arg, &must);
	if (conf_load(cf, path, must, err) == -1)
		return -1;
	conf_warn(cf, "dmarc-ingest", stderr);
	if (!db_given)
		o->db_path = env != NULL && *env != '\0' ? env :
		    conf_get(cf, CONF_DATABASE) != NULL ?
		    conf_get(cf, CONF_DATABASE) : DR_DEFAULT_DB;
	if (o->quarantine_dir == NULL)
		o->quarantine_dir = conf_get(cf, CONF_QUARANTINE);
	if (o->keep_stdin && o->quarantine_dir == NULL) {
		/* Beside a SQLite file; for PostgreSQL in the working
		 * directory (--quarantine names another). */
		slash = store_is_pg(o->db_path) ? NULL : strrchr(o->db_path, '/');
		n = slash == NULL ? snprintf(qbuf, qlen, "quarantine") :
		    snprintf(qbuf, qlen, "%.*s/quarantine",
		    (int)(slash - o->db_path), o->db_path);
		if (n < 0 || (size_t)n >= qlen)
			return dr_fail(err, R_USAGE, "%s: name too long", o->db_path);
		o->quarantine_dir = qbuf;
	}
	return 0;
}

/* --pipe anywhere on the line: a bad command line must not bounce the
 * message (75: the mail system keeps it), even before --pipe is parsed. */
static bool
has_pipe(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--pipe") == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	struct ingest_opts o;
	struct ingest_stats stats;
	struct dr_err err = DR_ERR_INIT;
	struct conf cf = { 0 };
	bool json = false, noprogress = false, db_given = false, out_failed;
	uint64_t v;
	const char *config = NULL;
	char *std_in[] = { "-", NULL }, *from_conf[] = { NULL, NULL };
	char **inputs;
	char qbuf[4096];
	int c, idx = 0, rc, ninputs;

	ingest_opts_default(&o);
	while ((c = getopt_long(argc, argv, "qvh", longopts, &idx)) != -1) {
		v = 0;
		switch (c) {
		case O_DB: o.db_path = optarg; db_given = true; break;
		case O_CONFIG: config = optarg; break;
		case O_PIPE: o.keep_stdin = true; break;
		case O_ARCHIVE: o.archive_dir = optarg; break;
		case O_QUARANTINE: o.quarantine_dir = optarg; break;
		case 'q': o.quiet = true; break;
		case 'v': o.verbose = true; break;
		case O_JSON: json = true; break;
		case O_NOPROGRESS: noprogress = true; break;
		case O_NOLOCK: o.no_lock = true; break;
		case 'h':
			fputs(usage_text, stdout);
			return stdout_failed() ? DX_SOFTWARE : DX_OK;
		case O_VERSION:
			printf("dmarc-ingest %s (schema %d; SQLite %s,"
			    " libxml2 %s, GMime %s)\n", DR_VERSION, store_schema_version(),
			    store_sqlite_version(), rua_xml_lib_version(),
			    mime_lib_version());
			return stdout_failed() ? DX_SOFTWARE : DX_OK;
		default:
			if (c == '?' || optarg == NULL)
				goto usage;
			if (num(optarg, 1, UINT64_MAX / 2, &v) == -1) {
				fprintf(stderr, "dmarc-ingest: bad number: ");
				vis_fputs(stderr, optarg);
				fputc('\n', stderr);
				goto usage;
			}
			if (v > hard_limit(c)) {
				fprintf(stderr, "dmarc-ingest: usage: --%s %" PRIu64
				    " is above the hard limit %" PRIu64 "\n",
				    longopts[idx].name, v, hard_limit(c));
				rc = has_pipe(argc, argv) ? DX_TEMPFAIL : DX_USAGE;
				goto done;
			}
			switch (c) {
			case O_BATCH: o.batch = v > 100000 ? 100000 : (int)v; break;
			case O_MAXMSG: o.lim.max_message_bytes = v; break;
			case O_MAXDEC: o.lim.max_decompressed = v; break;
			case O_MAXZIP: o.lim.max_zip_members = (int)v; break;
			case O_MAXDEPTH: o.lim.max_mime_depth = (int)v; break;
			case O_MAXPARTS: o.lim.max_mime_parts = (int)v; break;
			case O_MAXXML: o.lim.max_xml_depth = (int)v; break;
			case O_MAXFIELD: o.lim.max_field_len = (size_t)v; break;
			case O_MAXREC: o.lim.max_records = (int64_t)v; break;
			default: goto usage;
			}
		}
	}
	if (apply_config(&cf, config, db_given, &o, qbuf, sizeof(qbuf),
	    &err) == -1) {
		fprintf(stderr, "dmarc-ingest: %s: ", dr_reason_id(err.reason));
		vis_fputs(stderr, err.detail);
		fputc('\n', stderr);
		rc = o.keep_stdin ? DX_TEMPFAIL : err.reason == R_CONFIG ?
		    DX_CONFIG : DX_USAGE;
		goto done;
	}
	inputs = argv + optind;
	ninputs = argc - optind;
	if (o.keep_stdin && (ninputs > 1 ||
	    (ninputs == 1 && strcmp(inputs[0], "-") != 0))) {
		fputs("dmarc-ingest: usage: --pipe reads standard input only\n",
		    stderr);
		goto usage;
	}
	if (ninputs == 0 && o.keep_stdin) {
		inputs = std_in;
		ninputs = 1;
	} else if (ninputs == 0 && conf_get(&cf, CONF_MAILDIR) != NULL) {
		from_conf[0] = (char *)conf_get(&cf, CONF_MAILDIR);
		inputs = from_conf;
		ninputs = 1;
	}
	if (ninputs == 0)
		goto usage;
	o.progress = !o.quiet && !noprogress && isatty(STDERR_FILENO);
	rc = ingest_run(&o, inputs, ninputs, &stats, &err);
	if (rc == -1) {
		fprintf(stderr, "dmarc-ingest: %s: ", dr_reason_id(err.reason));
		vis_fputs(stderr, err.detail);
		fputc('\n', stderr);
		/* --pipe: whatever went wrong, the message is not kept. */
		rc = o.keep_stdin ? DX_TEMPFAIL : (int)dr_exit_for(err.reason);
		goto done;
	}
	if (!o.quiet || stats.rejected > 0 || stats.deferred > 0 ||
	    stats.not_file > 0)
		print_summary(&stats, json);
	out_failed = stdout_failed();
	/* A message left unread must not look like success while it is;
	 * with --pipe a summary nobody read loses nothing: it is kept. */
	if (out_failed && !o.keep_stdin)
		rc = DX_SOFTWARE;
	else if (stats.deferred > 0)
		rc = DX_TEMPFAIL;
	else if (o.keep_stdin)
		rc = DX_OK;
	else
		rc = stats.rejected > 0 || stats.not_file > 0 ?
		    DX_ATTENTION : DX_OK;
	goto done;
usage:
	fputs(usage_text, stderr);
	rc = o.keep_stdin || has_pipe(argc, argv) ? DX_TEMPFAIL : DX_USAGE;
done:
	conf_release(&cf);
	return rc;
}
