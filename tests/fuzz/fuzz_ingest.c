/*
 * tests/fuzz/fuzz_ingest.c -- the whole ingest path, parser to database.
 *
 * The input is written to a file and handed to ingest_run() as a bare
 * input (a message, or a gzip/zip/XML file), with a real SQLite database
 * under /dev/shm (or TMPDIR) that is started afresh every 500 inputs.  The
 * one property checked: no input can make the run fail (ingest_run() -1,
 * a FATAL reason such as a database constraint error), because a run that
 * fails on a message leaves it in new/ and fails again at every cron run:
 * one hostile mail would stop all ingest.  Rejections are fine.
 * Run it with -close_fd_mask=2: rejected inputs are reported on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "tests/fuzz/fuzz.h"

static char dir[256], in_path[300], db_path[300], lock_path[320];
static int runs;

static void
fresh_db(void)
{
	char p[320];

	(void)unlink(db_path);
	(void)snprintf(p, sizeof(p), "%s-wal", db_path);
	(void)unlink(p);
	(void)snprintf(p, sizeof(p), "%s-shm", db_path);
	(void)unlink(p);
}

static void
cleanup(void)
{
	fresh_db();
	(void)unlink(in_path);
	(void)unlink(lock_path);
	(void)rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	(void)argc;
	(void)argv;
	(void)snprintf(dir, sizeof(dir), "%s/dr-fuzz-ingest-%ld", base, (long)getpid());
	if (mkdir(dir, 0700) == -1) {
		perror(dir);
		abort();
	}
	(void)snprintf(in_path, sizeof(in_path), "%s/input", dir);
	(void)snprintf(db_path, sizeof(db_path), "%s/db.sqlite", dir);
	(void)snprintf(lock_path, sizeof(lock_path), "%s.lock", db_path);
	atexit(cleanup);
	return 0;
}

/* An upper bound on the messages one input can hold: 1, or for an mbox
 * one per "From " at the start of a line. */
static int64_t
max_messages(const uint8_t *d, size_t n)
{
	int64_t k = 0;
	size_t i;

	if (n < 5 || memcmp(d, "From ", 5) != 0)
		return 1;
	for (i = 0; i + 5 <= n; i++)
		if ((i == 0 || d[i - 1] == '\n') && memcmp(d + i, "From ", 5) == 0)
			k++;
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o;
	struct ingest_stats stats;
	struct dr_err err = DR_ERR_INIT;
	char *inputs[1] = { in_path };
	FILE *fp;
	int rc;

	if (++runs % 500 == 0)
		fresh_db();
	if ((fp = fopen(in_path, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, fp) != size) || fclose(fp) == EOF) {
		perror(in_path);
		abort();
	}
	ingest_opts_default(&o);
	o.db_path = db_path;
	o.quiet = true;
	o.no_lock = true;
	o.lim.max_decompressed = 1024 * 1024;
	rc = ingest_run(&o, inputs, 1, &stats, &err);
	if (rc != 0) {
		fprintf(stderr, "ingest_run failed: %s: %s\n", dr_reason_id(err.reason),
		    err.detail);
		FUZZ_CHECK(rc == 0);
	}
	/* One message per input, or per entry when the input is an mbox
	 * (it starts with "From "; an entry starts at a "From " line). */
	FUZZ_CHECK(stats.messages <= max_messages(data, size));
	FUZZ_CHECK(stats.rejected <= stats.messages &&
	    stats.not_report <= stats.messages);
	FUZZ_CHECK(stats.stored >= 0 && stats.records >= 0);
	return 0;
}
