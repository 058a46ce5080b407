/* Tests for sim/stats/estimate: confidence intervals against published values
 * (R: t.test(1:5)$conf.int; binom::binom.wilson). */
#include <glib.h>
#include <math.h>

#include "stats/estimate.h"

#define EPS 1e-6

static void
test_t_five(void)
{
  const double x[] = { 1, 2, 3, 4, 5 };
  SimEstimate e = sim_estimate_mean_t(x, 5, 0.95);
  g_assert_cmpuint(e.n, ==, 5);
  g_assert_cmpfloat_with_epsilon(e.value, 3.0, EPS);
  g_assert_cmpfloat_with_epsilon(e.low, 1.036757, EPS);  /* t(0.975, 4) = 2.776445 */
  g_assert_cmpfloat_with_epsilon(e.high, 4.963243, EPS);
}

static void
test_t_two(void)
{
  const double x[] = { 10, 12 };
  SimEstimate e = sim_estimate_mean_t(x, 2, 0.95);
  /* t(0.975, 1) = 12.7062047; s = sqrt(2); half = 12.7062047 */
  g_assert_cmpfloat_with_epsilon(e.low, 11 - 12.7062047, EPS);
  g_assert_cmpfloat_with_epsilon(e.high, 11 + 12.7062047, EPS);
}

static void
test_t_level_90(void)
{
  const double x[] = { 2.1, 1.9, 2.4, 2.0, 2.2, 1.8, 2.3, 2.1, 1.9, 2.0 };
  SimEstimate e = sim_estimate_mean_t(x, 10, 0.90);
  /* mean 2.07, s = 0.1888562, t(0.95, 9) = 1.833113 -> half = 0.1094764 */
  g_assert_cmpfloat_with_epsilon(e.value, 2.07, EPS);
  g_assert_cmpfloat_with_epsilon(e.high - e.value, 0.1094764, 1e-6);
}

static void
test_t_degenerate(void)
{
  const double one[] = { 7.5 };
  SimEstimate e = sim_estimate_mean_t(one, 1, 0.95);
  g_assert_cmpuint(e.n, ==, 1);
  g_assert_cmpfloat(e.value, ==, 7.5);
  g_assert_true(isnan(e.low) && isnan(e.high));
  e = sim_estimate_mean_t(NULL, 0, 0.95);
  g_assert_cmpuint(e.n, ==, 0);
  g_assert_true(isnan(e.value));
  const double with_nan[] = { 1, NAN, 3 };
  e = sim_estimate_mean_t(with_nan, 3, 0.95);
  g_assert_cmpuint(e.n, ==, 2);
  g_assert_cmpfloat(e.value, ==, 2);
  const double same[] = { 4, 4, 4 };
  e = sim_estimate_mean_t(same, 3, 0.95);
  g_assert_cmpfloat(e.low, ==, 4);
  g_assert_cmpfloat(e.high, ==, 4);
}

static void
test_wilson(void)
{
  SimEstimate e = sim_estimate_wilson(8, 10, 0.95);
  g_assert_cmpfloat_with_epsilon(e.value, 0.8, EPS);
  g_assert_cmpfloat_with_epsilon(e.low, 0.4901625, EPS);
  g_assert_cmpfloat_with_epsilon(e.high, 0.9433178, EPS);
  e = sim_estimate_wilson(0, 10, 0.95);
  g_assert_cmpfloat(e.low, ==, 0);
  g_assert_cmpfloat_with_epsilon(e.high, 0.2775328, EPS);
  e = sim_estimate_wilson(10, 10, 0.95);
  g_assert_cmpfloat_with_epsilon(e.low, 0.7224672, EPS);
  g_assert_cmpfloat(e.high, ==, 1);
  e = sim_estimate_wilson(950, 1000, 0.95);
  g_assert_cmpfloat_with_epsilon(e.low, 0.9346862, EPS);
  g_assert_cmpfloat_with_epsilon(e.high, 0.9618697, EPS);
  e = sim_estimate_wilson(0, 0, 0.95);
  g_assert_true(isnan(e.value));
}

/* Replications that agree: the pooled Wilson interval keeps a width (t would collapse to 0). */
static void
test_availability_agreeing(void)
{
  const guint64 ok[] = { 1000, 1000, 1000 }, req[] = { 1000, 1000, 1000 };
  SimEstimate e = sim_estimate_availability(ok, req, 3, 0.95);
  g_assert_cmpuint(e.n, ==, 3);
  g_assert_cmpfloat(e.value, ==, 1.0);
  g_assert_cmpfloat(e.high, ==, 1.0);
  SimEstimate w = sim_estimate_wilson(3000, 3000, 0.95);
  g_assert_cmpfloat_with_epsilon(e.low, w.low, 1e-12);
  g_assert_cmpfloat(e.low, <, 0.9995);
}

/* Replications that disagree (failures are correlated within a run): the t interval over the
 * per-replication proportions is wider than the pooled Wilson one and wins. */
static void
test_availability_disagreeing(void)
{
  const guint64 ok[] = { 950, 970, 960 }, req[] = { 1000, 1000, 1000 };
  SimEstimate e = sim_estimate_availability(ok, req, 3, 0.95);
  g_assert_cmpfloat_with_epsilon(e.value, 0.96, 1e-12);
  /* t(0.975, 2) = 4.302653, s = 0.01 -> half = 0.024841 */
  g_assert_cmpfloat_with_epsilon(e.low, 0.96 - 0.0248414, 1e-6);
  g_assert_cmpfloat_with_epsilon(e.high, 0.96 + 0.0248414, 1e-6);
  /* Replications without requests are skipped. */
  const guint64 ok2[] = { 5, 0 }, req2[] = { 10, 0 };
  e = sim_estimate_availability(ok2, req2, 2, 0.95);
  g_assert_cmpuint(e.n, ==, 1);
  g_assert_cmpfloat(e.value, ==, 0.5);
  /* The t interval is clipped to [0, 1]. */
  const guint64 ok3[] = { 10, 2 }, req3[] = { 10, 10 };
  e = sim_estimate_availability(ok3, req3, 2, 0.95);
  g_assert_cmpfloat(e.low, ==, 0);
  g_assert_cmpfloat(e.high, ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/stats/t-interval-five", test_t_five);
  g_test_add_func("/stats/t-interval-two", test_t_two);
  g_test_add_func("/stats/t-interval-level-90", test_t_level_90);
  g_test_add_func("/stats/t-interval-degenerate", test_t_degenerate);
  g_test_add_func("/stats/wilson", test_wilson);
  g_test_add_func("/stats/availability-agreeing", test_availability_agreeing);
  g_test_add_func("/stats/availability-disagreeing", test_availability_disagreeing);
  return g_test_run();
}
