/* ingest/ingest.c -- the ingest driver (being written). */
#include "ingest/ingest.h"
