/*
 * store/testing.h -- for white-box tests only: the SQLite handle behind a
 * store, so a test can load a fixture or look at rows directly.  Product
 * code never includes this header (tests/check-deps.sh: no store_db()
 * outside store/); it goes through store/read.h.
 */
#ifndef DR_STORE_TESTING_H
#define DR_STORE_TESTING_H

struct sqlite3;
struct store;

struct sqlite3	*store_db(struct store *st);		/* borrowed */

#endif
