/* tests/unit/util/test_count.c -- sums of counts that never overflow
 * (util/count.h, issue 15 item 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/count.h"
#include "util/limits.h"

static void
test_count_add(void **state)
{
	(void)state;
	assert_true(dr_count_add(2, 3) == 5);
	assert_true(dr_count_add(0, 0) == 0);
	/* the largest exact sum, then one past it */
	assert_true(dr_count_add(INT64_MAX - 1, 0) == INT64_MAX - 1);
	assert_true(dr_count_add(INT64_MAX - 1, 1) == DR_COUNT_SAT);
	assert_true(dr_count_add(INT64_MAX, 1) == DR_COUNT_SAT);
	assert_true(dr_count_add(INT64_MAX / 2 + 1, INT64_MAX / 2 + 1) ==
	    DR_COUNT_SAT);
	/* saturated stays saturated, also when 0 is added */
	assert_true(dr_count_add(DR_COUNT_SAT, 0) == DR_COUNT_SAT);
	assert_true(dr_count_add(0, DR_COUNT_SAT) == DR_COUNT_SAT);
	/* a negative count is no count: the sum is not known, never negative */
	assert_true(dr_count_add(-5, 3) == DR_COUNT_SAT);
	assert_true(dr_count_add(3, -5) == DR_COUNT_SAT);
	assert_true(dr_count_add(INT64_MIN, INT64_MIN) == DR_COUNT_SAT);
}

static void
test_count_acc(void **state)
{
	int64_t acc = 0;

	(void)state;
	assert_false(dr_count_acc(&acc, 10));
	assert_true(acc == 10);
	assert_true(dr_count_acc(&acc, INT64_MAX - 5));
	assert_true(acc == DR_COUNT_SAT);
	assert_true(dr_count_acc(&acc, 0));
	assert_true(acc == DR_COUNT_SAT);
}

static void
test_count_in_sub(void **state)
{
	(void)state;
	assert_true(dr_count_in(0, DR_MAX_RECORD_COUNT) == 0);
	assert_true(dr_count_in(DR_MAX_RECORD_COUNT, DR_MAX_RECORD_COUNT) ==
	    DR_MAX_RECORD_COUNT);
	assert_true(dr_count_in(DR_MAX_RECORD_COUNT + 1, DR_MAX_RECORD_COUNT) ==
	    DR_COUNT_SAT);
	assert_true(dr_count_in(-1, DR_MAX_RECORD_COUNT) == DR_COUNT_SAT);
	assert_true(dr_count_sub(10, 4) == 6);
	assert_true(dr_count_sub(10, 10) == 0);
	assert_true(dr_count_sub(4, 10) == DR_COUNT_SAT);
	assert_true(dr_count_sub(DR_COUNT_SAT, 4) == DR_COUNT_SAT);
	assert_true(dr_count_sub(10, DR_COUNT_SAT) == DR_COUNT_SAT);
	assert_true(dr_count_sub(10, -1) == DR_COUNT_SAT);
	assert_true(dr_count_is_sat(INT64_MAX));
	assert_false(dr_count_is_sat(INT64_MAX - 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_add),
		cmocka_unit_test(test_count_acc),
		cmocka_unit_test(test_count_in_sub),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
