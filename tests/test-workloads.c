/* Tests for sim/bench/workloads: the two kernel benchmark workloads follow
 * ../shared/bench/peers/WORKLOADS.md exactly (random numbers, sample path, analytic value), on
 * every pending-event structure. Reference values come from WORKLOADS.md and from its plain-C
 * reference programs (hold_ref, mmc_ref), which keep time as a double; eksim rounds each delay to
 * the nanosecond, so agreement is to ~1e-9 relative, as for ns-3. */
#include <glib.h>
#include <math.h>

#include "bench/workloads.h"

/* WORKLOADS.md section 0.1: first values for seed 1. */
static void
test_splitmix(void)
{
  guint64 s = 1;
  g_assert_cmphex(sim_bench_splitmix64(&s), ==, G_GUINT64_CONSTANT(0x910a2dec89025cc1));
  g_assert_cmphex(sim_bench_splitmix64(&s), ==, G_GUINT64_CONSTANT(0xbeeb8da1658eec67));
  g_assert_cmphex(sim_bench_splitmix64(&s), ==, G_GUINT64_CONSTANT(0xf893a2eefb32555e));
  s = 1;
  g_assert_cmpfloat(sim_bench_expo(&s, 1.0), ==, 0.8360055347703592);
  g_assert_cmpfloat(sim_bench_expo(&s, 1.0), ==, 1.3695621575095036);
  g_assert_cmpfloat(sim_bench_expo(&s, 1.0), ==, 3.540554404772655);
  /* a division by the rate, not a multiplication by the mean */
  s = 1;
  g_assert_cmpfloat(sim_bench_expo(&s, 240.0), ==, 0.8360055347703592 / 240.0);
}

static void
test_erlang_c(void)
{
  /* WORKLOADS.md section 2: W = 0.020786516853932582 s for c=3, lambda=240, mu=100 */
  g_assert_cmpfloat_with_epsilon(sim_bench_erlang_c_sojourn(3, 240, 100), 0.020786516853932582, 1e-17);
  /* M/M/1: W = 1 / (mu - lambda) */
  g_assert_cmpfloat_with_epsilon(sim_bench_erlang_c_sojourn(1, 50, 100), 0.02, 1e-15);
}

static void
check_rel(double got, double want, double tol)
{
  g_assert_cmpfloat(fabs(got - want) / fabs(want), <, tol);
}

static void
test_hold(gconstpointer kind)
{
  SimQueueKind q = (SimQueueKind)GPOINTER_TO_INT(kind);
  SimBenchHoldResult r;

  /* values printed by hold_ref N M 1 (WORKLOADS.md lists the last two) */
  sim_bench_hold_run(1000, 50000, 1, q, &r);
  g_assert_cmpuint(r.holds, ==, 50000);
  check_rel(r.final_t, 49.823494912480506, 1e-9);
  sim_bench_hold_run(10000, 20000, 1, q, &r);
  check_rel(r.final_t, 1.9662182091857328, 1e-9);
  sim_bench_hold_run(100, 200000, 1, q, &r);
  check_rel(r.final_t, 2012.7871799375173, 1e-9);
  g_assert_cmpfloat(r.hold_s, >, 0.0);
  g_assert_cmpfloat(r.rng_ns, >, 0.0);
}

static void
test_mmc(gconstpointer kind)
{
  SimQueueKind q = (SimQueueKind)GPOINTER_TO_INT(kind);
  SimBenchMmcResult r;

  /* mmc_ref 3 240 100 20000 1: the exact double-time sample path */
  sim_bench_mmc_run(3, 240, 100, 20000, 1, q, &r);
  g_assert_cmpuint(r.customers, ==, 20000);
  check_rel(r.mean_sojourn, 0.019318226837854453, 1e-8);
  check_rel(r.sim_end_t, 82.279070755005108, 1e-9);
  g_assert_cmpfloat_with_epsilon(r.erlang_c, 0.020786516853932582, 1e-17);
  /* a longer run converges on Erlang-C (2 % at 1e6 customers per WORKLOADS.md; 5 % here) */
  sim_bench_mmc_run(3, 240, 100, 200000, 7, q, &r);
  g_assert_cmpfloat(fabs(r.mean_sojourn - r.erlang_c) / r.erlang_c, <, 0.05);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/workloads/splitmix", test_splitmix);
  g_test_add_func("/workloads/erlang-c", test_erlang_c);
  for (int k = 0; k < SIM_QUEUE_N_KINDS; k++) {
    g_autofree char *h = g_strdup_printf("/workloads/%s/hold", sim_queue_kind_name((SimQueueKind)k));
    g_autofree char *m = g_strdup_printf("/workloads/%s/mmc", sim_queue_kind_name((SimQueueKind)k));
    g_test_add_data_func(h, GINT_TO_POINTER(k), test_hold);
    g_test_add_data_func(m, GINT_TO_POINTER(k), test_mmc);
  }
  return g_test_run();
}
