/* tests/unit/report/nsd.h -- start/stop tests/dns/nsd-run.sh from a
 * cmocka test (the test is skipped when nsd cannot run here). */
#ifndef DR_TEST_NSD_H
#define DR_TEST_NSD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
