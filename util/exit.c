/* util/exit.c -- reason ID -> exit status (see exit.h). */
#include "util/exit.h"

enum dr_exit
dr_exit_for(enum dr_reason r)
{
	switch (r) {
	case R_NONE:
		return DX_OK;
	case R_EMPTY_DB:
	case R_UNKNOWN_DOMAIN:
	case R_EMPTY_WINDOW:
		return DX_ATTENTION;
	case R_USAGE:
	case R_NO_QUERY:
		return DX_USAGE;
	case R_DB_NEWER:
		return DX_DATAERR;
	case R_NO_INPUT:
	case R_NO_DB:
		return DX_NOINPUT;
	case R_DNS_FAILED:
		return DX_UNAVAILABLE;
	case R_LOCKED:
	case R_DB_BUSY:
		return DX_TEMPFAIL;
	case R_NO_PERMISSION:
		return DX_NOPERM;
	case R_CONFIG:
		return DX_CONFIG;
	default:
		return DX_SOFTWARE;
	}
}
