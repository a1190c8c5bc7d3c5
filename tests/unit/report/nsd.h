/* tests/unit/report/nsd.h -- start/stop tests/dns/nsd-run.sh from a
 * cmocka test.  When nsd cannot run here the test is skipped, or fails
 * when the environment variable CI is set (in CI nsd is installed, so a
 * missing nsd is a broken environment, not a reason to test less); the
 * same rule as skip_or_fail in tests/integration/lib.sh. */
#ifndef DR_TEST_NSD_H
#define DR_TEST_NSD_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char nsd_server[64];
static char nsd_dir[256];

static int
nsd_up(void)
{
	FILE *p;
	char cmd[300];
	int port = 0;

	/* our pid: nsd stops by itself if this test dies before nsd_down */
	snprintf(cmd, sizeof(cmd), "bash " DR_SRC "/tests/dns/nsd-run.sh start %ld"
	    " 2>/dev/null", (long)getpid());
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	if (fscanf(p, "%d %255s", &port, nsd_dir) != 2)
		port = 0;
	pclose(p);
	if (port <= 0)
		return -1;
	snprintf(nsd_server, sizeof(nsd_server), "127.0.0.1:%d", port);
	return 0;
}

/* Starts nsd unless it runs already; otherwise ends the test: skip(), or
 * fail_msg() with CI set.  Returns only with nsd_server usable. */
static void
nsd_up_or_skip(void)
{
	if (nsd_dir[0] != '\0' || nsd_up() == 0)
		return;
	if (getenv("CI") != NULL)
		fail_msg("nsd cannot run here (CI is set: a missing tool is a "
		    "failure)");
	print_message("skip: nsd cannot run here\n");
	skip();
}

static void
nsd_down(void)
{
	char cmd[400];

	if (nsd_dir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "bash " DR_SRC "/tests/dns/nsd-run.sh stop '%s'",
	    nsd_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "nsd stop failed\n");
	nsd_dir[0] = '\0';
}

#endif
