/* report/main.c -- placeholder until the report commands land. */
#include <stdio.h>
int
main(void)
{
	fputs("dmarc-report: not built yet\n", stderr);
	return 70;
}
