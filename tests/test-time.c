/* Tests for sim/core/time: seconds <-> SimTime conversion and formatting. */
#include <glib.h>
#include <math.h>

#include "core/time.h"

static void
test_constants(void)
{
  g_assert_cmpint(SIM_US, ==, 1000 * SIM_NS);
  g_assert_cmpint(SIM_MS, ==, 1000 * SIM_US);
  g_assert_cmpint(SIM_S, ==, 1000 * SIM_MS);
  g_assert_cmpint(SIM_MIN, ==, 60 * SIM_S);
  g_assert_cmpint(SIM_HOUR, ==, 60 * SIM_MIN);
  g_assert_cmpfloat(sim_time_to_s(1500 * SIM_MS), ==, 1.5);
  g_assert_cmpfloat(sim_time_to_ms(2500 * SIM_US), ==, 2.5);
}

/* Rounds to the nearest nanosecond, halves away from zero, like llround. */
static void
test_from_s_rounding(void)
{
  g_assert_cmpint(sim_time_from_s(0.0), ==, 0);
  g_assert_cmpint(sim_time_from_s(1.0), ==, SIM_S);
  g_assert_cmpint(sim_time_from_s(0.020), ==, 20 * SIM_MS);
  g_assert_cmpint(sim_time_from_s(1.4e-9), ==, 1);
  g_assert_cmpint(sim_time_from_s(1.6e-9), ==, 2);
  g_assert_cmpint(sim_time_from_s(2.5e-9), ==, 3);   /* 2.5 ns: half away from zero */
  g_assert_cmpint(sim_time_from_s(-2.5e-9), ==, -3);
  g_assert_cmpint(sim_time_from_s(-1.4e-9), ==, -1);
  g_assert_cmpint(sim_time_from_s(0.49e-9), ==, 0);
  /* just below a half must not round up (a naive (SimTime)(ns + 0.5) does for 0.49999999999999994) */
  for (double ns = nextafter(0.5, 0.0); ns > 0.4999999; ns = nextafter(ns, 0.0) - 1e-12) {
    double s = ns / 1e9;
    g_assert_cmpint(sim_time_from_s(s), ==, (SimTime)llround(s * 1e9));
  }
}

/* Agrees with llround on many values across the whole range. */
static void
test_from_s_matches_llround(void)
{
  GRand *r = g_rand_new_with_seed(7);
  for (int i = 0; i < 200000; i++) {
    double mag = pow(10.0, g_rand_double_range(r, -10.0, 9.5));
    double s = g_rand_boolean(r) ? mag : -mag;
    if (i % 7 == 0)
      s = (double)g_rand_int_range(r, -1000000, 1000000) * 0.5e-9; /* exact halves */
    double ns = s * 1e9;
    g_assert_cmpint(sim_time_from_s(s), ==, (SimTime)llround(ns));
  }
  g_rand_free(r);
}

static void
test_from_s_saturates(void)
{
  g_assert_cmpint(sim_time_from_s(1e10), ==, SIM_TIME_NEVER);
  g_assert_cmpint(sim_time_from_s(INFINITY), ==, SIM_TIME_NEVER);
  g_assert_cmpint(sim_time_from_s(NAN), ==, SIM_TIME_NEVER);
  g_assert_cmpint(sim_time_from_s(-1e10), ==, -SIM_TIME_NEVER);
  g_assert_cmpint(sim_time_from_s(-INFINITY), ==, -SIM_TIME_NEVER);
  /* just inside the range: about 292 years */
  g_assert_cmpint(sim_time_from_s(9.1e9), ==, (SimTime)9100000000 * SIM_S);
}

static void
check_format(SimTime t, const char *expect)
{
  g_autofree char *s = sim_time_format(t);
  g_assert_cmpstr(s, ==, expect);
}

static void
test_format(void)
{
  check_format(0, "0");
  check_format(SIM_TIME_NEVER, "never");
  check_format(20 * SIM_MS, "20ms");
  check_format(1500 * SIM_MS, "1.5s");
  check_format(350 * SIM_US, "350us");
  check_format(1, "1ns");
  check_format(1500, "1.5us");
  check_format(90 * SIM_S, "90s");
  check_format(2 * SIM_MIN, "2m");
  check_format(3 * SIM_HOUR, "3h");
  check_format(-20 * SIM_MS, "-20ms");
  check_format(1234567, "1234.567us");
  check_format(1001 * SIM_MS, "1.001s");
  check_format(1000001, "1000.001us");
  check_format(61 * SIM_S, "61s");
  check_format(3601 * SIM_S, "3601s");
  check_format(-1, "-1ns");
  check_format(G_MININT64 + 1, "-9223372036854775.807us");
  check_format(G_MININT64, "-9223372036854775808ns");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/time/constants", test_constants);
  g_test_add_func("/time/from-s-rounding", test_from_s_rounding);
  g_test_add_func("/time/from-s-matches-llround", test_from_s_matches_llround);
  g_test_add_func("/time/from-s-saturates", test_from_s_saturates);
  g_test_add_func("/time/format", test_format);
  return g_test_run();
}
