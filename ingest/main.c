/* ingest/main.c -- placeholder until the ingest driver lands. */
#include <stdio.h>
int
main(void)
{
	fputs("dmarc-ingest: not built yet\n", stderr);
	return 70;
}
