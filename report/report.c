/* report/report.c */
int dr_report_placeholder(void);
int
dr_report_placeholder(void)
{
	return 0;
}
