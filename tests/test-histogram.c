/* Tests for sim/stats/histogram: exactness where promised, quantile accuracy against exact sample
 * quantiles, merging, and the JSON round trip. */
#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "stats/histogram.h"

static int
cmp_i64(const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* Exact nearest-rank quantile, with q = num / den as an exact fraction: rank ceil(n num / den). */
static gint64
exact_quantile(const gint64 *sorted, guint64 n, guint64 num, guint64 den)
{
  guint64 rank = (n * num + den - 1) / den;
  if (rank < 1)
    rank = 1;
  return sorted[rank - 1];
}

static void
test_rank(void)
{
  g_assert_cmpuint(sim_histogram_rank(0.999, 1000), ==, 999);
  g_assert_cmpuint(sim_histogram_rank(0.99, 100), ==, 99);
  g_assert_cmpuint(sim_histogram_rank(0.5, 3), ==, 2);
  g_assert_cmpuint(sim_histogram_rank(0.5, 4), ==, 2);
  g_assert_cmpuint(sim_histogram_rank(0.9, 7), ==, 7);
  g_assert_cmpuint(sim_histogram_rank(0.0, 7), ==, 1);
  g_assert_cmpuint(sim_histogram_rank(1.0, 7), ==, 7);
  g_assert_cmpuint(sim_histogram_rank(0.5, 0), ==, 0);
}

/* Values below 2^(bits+1) have a bucket each: quantiles are exact. */
static void
test_small_values_exact(void)
{
  g_autoptr(SimHistogram) h = sim_histogram_new(SIM_HISTOGRAM_PRECISE_BITS);
  for (gint64 v = 1; v <= 2000; v++)
    sim_histogram_add(h, v);
  g_assert_cmpuint(sim_histogram_count(h), ==, 2000);
  g_assert_cmpfloat(sim_histogram_quantile(h, 0.5), ==, 1000);
  g_assert_cmpfloat(sim_histogram_quantile(h, 0.9), ==, 1800);
  g_assert_cmpfloat(sim_histogram_quantile(h, 0.999), ==, 1998);
  g_assert_cmpfloat(sim_histogram_quantile(h, 0), ==, 1);
  g_assert_cmpfloat(sim_histogram_quantile(h, 1), ==, 2000);
  g_assert_cmpfloat(sim_histogram_mean(h), ==, 1000.5);
}

static void
test_empty(void)
{
  g_autoptr(SimHistogram) h = sim_histogram_new(7);
  g_assert_cmpuint(sim_histogram_count(h), ==, 0);
  g_assert_true(isnan(sim_histogram_quantile(h, 0.5)));
  g_assert_true(isnan(sim_histogram_mean(h)));
  g_assert_cmpint(sim_histogram_min(h), ==, 0);
  g_assert_cmpint(sim_histogram_max(h), ==, 0);
}

/* Lognormal latencies (median 20 ms, sigma 1: five decades), heavy tail: every quantile read from
 * the histogram is within the documented bound of the exact sample quantile. */
static void
check_accuracy(guint bits, guint64 n, double sigma)
{
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 42 + bits);
  g_autoptr(SimHistogram) h = sim_histogram_new(bits);
  gint64 *v = g_new(gint64, n);
  double sum = 0;
  for (guint64 i = 0; i < n; i++) {
    v[i] = (gint64)llround(gsl_ran_lognormal(rng, log(20e6), sigma));
    sim_histogram_add(h, v[i]);
    sum += (double)v[i];
  }
  qsort(v, n, sizeof *v, cmp_i64);
  static const guint64 qs[][2] = { { 0, 1 },     { 1, 10000 }, { 1, 1000 },   { 1, 100 },   { 1, 10 },
                                   { 1, 4 },     { 1, 2 },     { 3, 4 },      { 9, 10 },    { 99, 100 },
                                   { 999, 1000 }, { 9999, 10000 }, { 1, 1 } };
  double bound = sim_histogram_relative_error(bits);
  double worst = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(qs); i++) {
    double q = (double)qs[i][0] / (double)qs[i][1];
    gint64 exact = exact_quantile(v, n, qs[i][0], qs[i][1]);
    double got = sim_histogram_quantile(h, q);
    double rel = fabs(got - (double)exact) / (double)exact;
    worst = MAX(worst, rel);
    if (rel > bound)
      g_error("bits %u q %g: histogram %.1f exact %" G_GINT64_FORMAT " rel %.3g > %.3g", bits, q, got, exact,
              rel, bound);
  }
  g_test_message("bits %u: worst relative quantile error %.3g (bound %.3g)", bits, worst, bound);
  g_assert_cmpint(sim_histogram_min(h), ==, v[0]);
  g_assert_cmpint(sim_histogram_max(h), ==, v[n - 1]);
  g_assert_cmpfloat_with_epsilon(sim_histogram_mean(h), sum / (double)n, 1e-9 * sum / (double)n);
  g_free(v);
  gsl_rng_free(rng);
}

static void
test_accuracy_precise(void)
{
  g_assert_cmpfloat(sim_histogram_relative_error(SIM_HISTOGRAM_PRECISE_BITS), <=, 0.001);
  check_accuracy(SIM_HISTOGRAM_PRECISE_BITS, 200000, 1.0);
  check_accuracy(SIM_HISTOGRAM_PRECISE_BITS, 1001, 0.3);
}

static void
test_accuracy_coarse(void)
{
  check_accuracy(SIM_HISTOGRAM_COARSE_BITS, 50000, 1.0);
}

/* The bound is tight in the worst place: just above a power of two, a bucket is 2^s wide. */
static void
test_worst_case_bucket(void)
{
  g_autoptr(SimHistogram) h = sim_histogram_new(SIM_HISTOGRAM_PRECISE_BITS);
  gint64 v = ((gint64)1 << 40) + 1;
  sim_histogram_add(h, 0);
  sim_histogram_add(h, v);
  sim_histogram_add(h, (gint64)1 << 50);
  double got = sim_histogram_quantile(h, 0.5);
  g_assert_cmpfloat(fabs(got - (double)v) / (double)v, <=, sim_histogram_relative_error(SIM_HISTOGRAM_PRECISE_BITS));
  g_assert_cmpfloat(got, !=, (double)v); /* it is an estimate there, not exact */
}

static void
test_merge(void)
{
  g_autoptr(SimHistogram) a = sim_histogram_new(10);
  g_autoptr(SimHistogram) b = sim_histogram_new(10);
  g_autoptr(SimHistogram) all = sim_histogram_new(10);
  for (gint64 i = 0; i < 5000; i++) {
    gint64 x = i * i * 37 + 11;
    sim_histogram_add(i % 3 ? a : b, x);
    sim_histogram_add(all, x);
  }
  sim_histogram_merge(a, b);
  g_assert_cmpuint(sim_histogram_count(a), ==, sim_histogram_count(all));
  g_assert_cmpint(sim_histogram_min(a), ==, sim_histogram_min(all));
  g_assert_cmpint(sim_histogram_max(a), ==, sim_histogram_max(all));
  for (double q = 0; q <= 1.0; q += 0.05)
    g_assert_cmpfloat(sim_histogram_quantile(a, q), ==, sim_histogram_quantile(all, q));
  g_autoptr(SimHistogram) c = sim_histogram_copy(all);
  g_assert_cmpfloat(sim_histogram_quantile(c, 0.99), ==, sim_histogram_quantile(all, 0.99));
}

static void
test_cdf(void)
{
  g_autoptr(SimHistogram) h = sim_histogram_new(10);
  for (gint64 i = 1; i <= 100; i++)
    sim_histogram_add(h, i * 1000);
  g_assert_cmpfloat(sim_histogram_cdf(h, 0), ==, 0.0);
  g_assert_cmpfloat(sim_histogram_cdf(h, 50000), ==, 0.5);
  g_assert_cmpfloat(sim_histogram_cdf(h, 1e9), ==, 1.0);
}

static char *
to_text(const SimHistogram *h)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  sim_histogram_to_json(h, b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  return json_to_string(root, FALSE);
}

static void
test_json_roundtrip(void)
{
  g_autoptr(SimHistogram) h = sim_histogram_new(10);
  for (gint64 i = 0; i < 3000; i++)
    sim_histogram_add_n(h, i * 7919 + 3, (guint64)(i % 4 + 1));
  g_autofree char *text = to_text(h);
  g_autoptr(JsonNode) node = json_from_string(text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimHistogram) back = sim_histogram_from_json(node, &error);
  g_assert_no_error(error);
  g_autofree char *again = to_text(back);
  g_assert_cmpstr(text, ==, again);
  g_assert_cmpfloat(sim_histogram_sum(back), ==, sim_histogram_sum(h));
  g_assert_cmpfloat(sim_histogram_quantile(back, 0.999), ==, sim_histogram_quantile(h, 0.999));
}

static void
test_json_damaged(void)
{
  static const char *bad[] = {
    "[]",
    "{\"bits\":10,\"count\":1,\"min\":5,\"max\":5,\"sum\":\"5\",\"buckets\":[[5,2]]}",   /* counts != count */
    "{\"bits\":10,\"count\":1,\"min\":5,\"max\":5,\"sum\":\"5\",\"buckets\":[[99999999,1]]}", /* index */
    "{\"bits\":40,\"count\":0,\"min\":0,\"max\":0,\"sum\":\"0\",\"buckets\":[]}",       /* bits */
    "{\"bits\":10,\"count\":0,\"min\":0,\"max\":0,\"sum\":0,\"buckets\":[]}",           /* sum not string */
    "{\"bits\":10,\"count\":1,\"min\":5,\"max\":5,\"sum\":\"5\",\"buckets\":[[5]]}",    /* short pair */
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(JsonNode) node = json_from_string(bad[i], NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(SimHistogram) h = sim_histogram_from_json(node, &error);
    g_assert_null(h);
    g_assert_nonnull(error);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/histogram/rank", test_rank);
  g_test_add_func("/histogram/small-values-exact", test_small_values_exact);
  g_test_add_func("/histogram/empty", test_empty);
  g_test_add_func("/histogram/accuracy-precise", test_accuracy_precise);
  g_test_add_func("/histogram/accuracy-coarse", test_accuracy_coarse);
  g_test_add_func("/histogram/worst-case-bucket", test_worst_case_bucket);
  g_test_add_func("/histogram/merge", test_merge);
  g_test_add_func("/histogram/cdf", test_cdf);
  g_test_add_func("/histogram/json-roundtrip", test_json_roundtrip);
  g_test_add_func("/histogram/json-damaged", test_json_damaged);
  return g_test_run();
}
