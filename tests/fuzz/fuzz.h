/*
 * tests/fuzz/fuzz.h -- what every fuzz target shares.
 *
 * Each target defines LLVMFuzzerTestOneInput() (and optionally
 * LLVMFuzzerInitialize()).  The same object is linked either with libFuzzer
 * (-DFUZZ=ON, clang) or with tests/fuzz/replay.c, the standalone driver
 * that runs it over tests/fuzz/corpus/<target>/ in every build, so the
 * corpus and every crash input found so far replay under ASan+UBSan in CI.
 *
 * FUZZ_CHECK() is for invariants of the code under test (a parser that
 * returned 0 must have produced bounded, normalized output): a violation
 * aborts, which libFuzzer and the replay driver both report as a crash.
 */
#ifndef DR_FUZZ_H
#define DR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
