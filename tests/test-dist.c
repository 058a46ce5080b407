/* Tests for sim/core/dist: parsing, sampling against analytic moments and CDFs, empirical files,
 * and every way a distribution string can be malformed.
 *
 * Statistical checks and why they cannot flake: every check draws n = 200,000 samples from a
 * stream with a fixed seed, so each check is deterministic (it passes or fails the same way on
 * every run and machine with the same GSL). The bounds are set so that a correct sampler would
 * fail them with probability below about 1e-6 for a randomly chosen seed:
 *   mean      |mean - mu| < 5 sd / sqrt(n)                          (z-test, P(|Z| > 5) = 5.7e-7)
 *   variance  |s^2 - sigma^2| < 5 sqrt((m4 - s^4) / n)              (delta method, sample 4th moment)
 *   shape     Kolmogorov-Smirnov D_n < sqrt(ln(2 / 1e-6) / 2) / sqrt(n) = 2.69 / sqrt(n)
 *             against the GSL CDF (gsl_cdf_*_P), computed independently of sim/core/dist.c
 * while a wrong parameter order, a wrong unit scale or a wrong moment formula moves the statistic
 * far beyond them (for example exp(10ms) sampled as exp(10s) or weibull with shape and scale
 * swapped). The expected moments are written out here from textbook formulas, not taken from
 * sim_dist_mean(), which is checked against them separately.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"

enum { NS = 200000 };

typedef double (*CdfFunc)(double x, const double *p);

typedef struct {
  const char *text;
  SimDistKind kind;
  double mean, var;      /* textbook values; var < 0: infinite 4th moment, skip the variance check */
  CdfFunc cdf;
  double p[3];
} Case;

static double
cdf_const(double x, const double *p)
{
  return x >= p[0] ? 1.0 : 0.0;
}

static double
cdf_flat(double x, const double *p)
{
  return gsl_cdf_flat_P(x, p[0], p[1]);
}

static double
cdf_exp(double x, const double *p)
{
  return gsl_cdf_exponential_P(x, p[0]);
}

/* N(mu, sd) conditioned on x >= 0 */
static double
cdf_trunc_normal(double x, const double *p)
{
  double z = gsl_cdf_gaussian_P(-p[0], p[1]);
  return x < 0 ? 0.0 : (gsl_cdf_gaussian_P(x - p[0], p[1]) - z) / (1.0 - z);
}

static double
cdf_lognormal(double x, const double *p)
{
  return gsl_cdf_lognormal_P(x, log(p[0]), p[1]);
}

static double
cdf_gamma(double x, const double *p)
{
  return gsl_cdf_gamma_P(x, p[0], p[1]);
}

static double
cdf_weibull(double x, const double *p)
{
  return gsl_cdf_weibull_P(x, p[1], p[0]); /* GSL: (x, scale, shape) */
}

static double
cdf_pareto(double x, const double *p)
{
  return gsl_cdf_pareto_P(x, p[0], p[1]); /* GSL: (x, shape, scale) */
}

/* Mean and variance of N(mu, sd) truncated to [0, inf). */
static void
trunc_normal_moments(double mu, double sd, double *mean, double *var)
{
  double alpha = -mu / sd;
  double lambda = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha);
  *mean = mu + sd * lambda;
  *var = sd * sd * (1 + alpha * lambda - lambda * lambda);
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Draws NS samples and checks them against @c; returns nothing, asserts. */
static void
check_case(const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SimDist) d = sim_dist_parse(c->text, c->kind, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(d);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("test", 12345);
  double *x = g_new(double, NS);
  double sum = 0;

  for (int i = 0; i < NS; i++) {
    x[i] = sim_dist_sample(d, rng);
    g_assert_true(isfinite(x[i]));
    if (c->kind == SIM_DIST_DURATION)
      g_assert_cmpfloat(x[i], >=, 0.0);
    sum += x[i];
  }
  double mean = sum / NS, m2 = 0, m4 = 0;
  for (int i = 0; i < NS; i++) {
    double dx = x[i] - mean;
    m2 += dx * dx;
    m4 += dx * dx * dx * dx;
  }
  m2 /= NS - 1;
  m4 /= NS;

  /* the analytic moments dist.c reports agree with the textbook ones */
  g_assert_cmpfloat_with_epsilon(sim_dist_mean(d), c->mean, 1e-12 * fabs(c->mean) + 1e-300);
  if (c->var >= 0)
    g_assert_cmpfloat_with_epsilon(sim_dist_variance(d), c->var, 1e-9 * c->var + 1e-300);

  double sd = sqrt(fabs(sim_dist_variance(d)));
  g_test_message("%s: mean %.6g (expect %.6g), var %.6g (expect %.6g)", c->text, mean, c->mean, m2,
                 c->var);
  if (sd == 0) {
    for (int i = 0; i < NS; i++)
      g_assert_cmpfloat(x[i], ==, c->mean);
  } else {
    g_assert_cmpfloat(fabs(mean - c->mean), <, 5 * sd / sqrt(NS));
    if (c->var >= 0)
      g_assert_cmpfloat(fabs(m2 - c->var), <, 5 * sqrt((m4 - m2 * m2) / NS));
  }

  /* Kolmogorov-Smirnov against the independent CDF */
  if (c->cdf != NULL && sd > 0) {
    qsort(x, NS, sizeof(double), cmp_double);
    double dmax = 0;
    for (int i = 0; i < NS; i++) {
      double f = c->cdf(x[i], c->p);
      double lo = f - (double)i / NS, hi = (double)(i + 1) / NS - f;
      dmax = MAX(dmax, MAX(lo, hi));
    }
    g_test_message("%s: KS D = %.5f (bound %.5f)", c->text, dmax, 2.69 / sqrt(NS));
    g_assert_cmpfloat(dmax, <, 2.69 / sqrt(NS));
  }
  g_free(x);
}

static void
test_moments_and_shape(void)
{
  double tn_mean, tn_var, tn2_mean, tn2_var;
  trunc_normal_moments(0.020, 0.005, &tn_mean, &tn_var);
  trunc_normal_moments(0.001, 0.002, &tn2_mean, &tn2_var);
  double g1 = gsl_sf_gamma(1 + 1 / 1.5), g2 = gsl_sf_gamma(1 + 2 / 1.5);
  const Case cases[] = {
    { "const(5ms)", SIM_DIST_DURATION, 0.005, 0, cdf_const, { 0.005 } },
    { "5ms", SIM_DIST_DURATION, 0.005, 0, cdf_const, { 0.005 } },
    { "uniform(1ms, 3ms)", SIM_DIST_DURATION, 0.002, 0.002 * 0.002 / 12, cdf_flat, { 0.001, 0.003 } },
    { "exp(10ms)", SIM_DIST_DURATION, 0.010, 1e-4, cdf_exp, { 0.010 } },
    { "exp(mean=250us)", SIM_DIST_DURATION, 250e-6, 250e-6 * 250e-6, cdf_exp, { 250e-6 } },
    { "normal(20ms, 5ms)", SIM_DIST_DURATION, tn_mean, tn_var, cdf_trunc_normal, { 0.020, 0.005 } },
    /* heavily truncated: half the mass of N(1ms, 2ms) would be negative */
    { "normal(mean=1ms, sd=2ms)", SIM_DIST_DURATION, tn2_mean, tn2_var, cdf_trunc_normal, { 0.001, 0.002 } },
    { "lognormal(median=20ms, sigma=0.5)", SIM_DIST_DURATION, 0.020 * exp(0.125),
      (exp(0.25) - 1) * exp(2 * log(0.020) + 0.25), cdf_lognormal, { 0.020, 0.5 } },
    { "gamma(shape=2, scale=5ms)", SIM_DIST_DURATION, 0.010, 2 * 0.005 * 0.005, cdf_gamma, { 2, 0.005 } },
    { "gamma(shape=2, mean=10ms)", SIM_DIST_DURATION, 0.010, 2 * 0.005 * 0.005, cdf_gamma, { 2, 0.005 } },
    { "gamma(0.5, 1s)", SIM_DIST_DURATION, 0.5, 0.5, cdf_gamma, { 0.5, 1.0 } },
    { "weibull(shape=1.5, scale=10ms)", SIM_DIST_DURATION, 0.010 * g1, 1e-4 * (g2 - g1 * g1), cdf_weibull,
      { 1.5, 0.010 } },
    /* pareto(2.5): finite variance, infinite 4th moment: mean and shape only */
    { "pareto(shape=2.5, scale=10ms)", SIM_DIST_DURATION, 2.5 * 0.010 / 1.5, -1, cdf_pareto, { 2.5, 0.010 } },
    { "pareto(shape=6, scale=1ms)", SIM_DIST_DURATION, 6 * 0.001 / 5, 1e-6 * 6 / (25.0 * 4), cdf_pareto,
      { 6, 0.001 } },
    { "exp(2)", SIM_DIST_DIMENSIONLESS, 2, 4, cdf_exp, { 2 } },
    { "uniform(0.1, 0.2)", SIM_DIST_DIMENSIONLESS, 0.15, 0.01 / 12, cdf_flat, { 0.1, 0.2 } },
    { "lognormal(median=3, sigma=0.25)", SIM_DIST_DIMENSIONLESS, 3 * exp(0.03125),
      (exp(0.0625) - 1) * 9 * exp(0.0625), cdf_lognormal, { 3, 0.25 } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    check_case(&cases[i]);
}

/* normal(MEAN, SD) is truncated at 0: never a negative sample, however much mass lies below. */
static void
test_normal_truncated(void)
{
  g_autoptr(SimDist) d = sim_dist_parse("normal(0.1ms, 5ms)", SIM_DIST_DURATION, NULL, NULL);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 1);
  int tiny = 0;
  for (int i = 0; i < NS; i++) {
    double x = sim_dist_sample(d, rng);
    g_assert_cmpfloat(x, >=, 0.0);
    tiny += x < 0.0001;
    g_assert_cmpint(sim_dist_sample_time(d, rng), >=, 0);
  }
  /* P(X < 0.1ms | X >= 0) = (Phi(0) - Phi(-0.02)) / (1 - Phi(-0.02)) */
  double p = (gsl_cdf_ugaussian_P(0) - gsl_cdf_ugaussian_P(-0.02)) / gsl_cdf_ugaussian_Q(-0.02);
  g_assert_cmpfloat(fabs(tiny - NS * p), <, 5 * sqrt(NS * p * (1 - p)));
}

static void
test_sample_time(void)
{
  g_autoptr(SimDist) c = sim_dist_parse("const(2.5ns)", SIM_DIST_DURATION, NULL, NULL);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 1);
  g_assert_cmpint(sim_dist_sample_time(c, rng), ==, 3); /* rounded, halves away from zero */
  g_autoptr(SimDist) u = sim_dist_parse("uniform(1ms, 2ms)", SIM_DIST_DURATION, NULL, NULL);
  for (int i = 0; i < 1000; i++) {
    SimTime t = sim_dist_sample_time(u, rng);
    g_assert_cmpint(t, >=, SIM_MS);
    g_assert_cmpint(t, <=, 2 * SIM_MS);
  }
  /* constants make no draw: the stream is untouched */
  g_autoptr(SimRng) a = sim_rng_new_seeded("a", 5);
  g_autoptr(SimRng) b = sim_rng_new_seeded("b", 5);
  sim_dist_sample(c, a);
  g_assert_cmpfloat(sim_rng_uniform(a), ==, sim_rng_uniform(b));
  g_assert_true(sim_dist_is_const(c));
  g_assert_false(sim_dist_is_const(u));
}

/* The canonical text parses back to the same distribution (same text, same draws). */
static void
test_canonical_text(void)
{
  static const struct {
    const char *in, *out;
    SimDistKind kind;
  } cases[] = {
    { "5ms", "const(5ms)", SIM_DIST_DURATION },
    { " exp( 10ms ) ", "exp(10ms)", SIM_DIST_DURATION },
    { "exp(1.5s)", "exp(1.5s)", SIM_DIST_DURATION },
    { "exp(250us)", "exp(250us)", SIM_DIST_DURATION },
    { "exp(20ns)", "exp(20ns)", SIM_DIST_DURATION },
    { "uniform(1ms, 3ms)", "uniform(min=1ms, max=3ms)", SIM_DIST_DURATION },
    { "normal(20ms,5ms)", "normal(mean=20ms, sd=5ms)", SIM_DIST_DURATION },
    { "lognormal(sigma=0.5, median=20ms)", "lognormal(median=20ms, sigma=0.5)", SIM_DIST_DURATION },
    { "gamma(shape=2, mean=10ms)", "gamma(shape=2, scale=5ms)", SIM_DIST_DURATION },
    { "weibull(1.5, 2m)", "weibull(shape=1.5, scale=120s)", SIM_DIST_DURATION },
    { "pareto(shape=2.5, scale=10ms)", "pareto(shape=2.5, scale=10ms)", SIM_DIST_DURATION },
    { "exp(2)", "exp(2)", SIM_DIST_DIMENSIONLESS },
    { "0", "const(0)", SIM_DIST_DURATION },
    /* more than 9 significant digits are kept when they matter: 9 gave uniform(1, 1) */
    { "uniform(1, 1.0000000001)", "uniform(min=1, max=1.0000000001)", SIM_DIST_DIMENSIONLESS },
    { "uniform(1s, 1.0000000001s)", "uniform(min=1s, max=1.0000000001s)", SIM_DIST_DURATION },
    { "exp(0.1)", "exp(0.1)", SIM_DIST_DIMENSIONLESS },
    { "exp(0.3s)", "exp(300ms)", SIM_DIST_DURATION },
    { "-0ms", "const(0)", SIM_DIST_DURATION },
    { "uniform(-0, 1)", "uniform(min=0, max=1)", SIM_DIST_DIMENSIONLESS },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(SimDist) d = sim_dist_parse(cases[i].in, cases[i].kind, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(sim_dist_text(d), ==, cases[i].out);
    g_autoptr(SimDist) again = sim_dist_parse(sim_dist_text(d), cases[i].kind, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(sim_dist_text(again), ==, cases[i].out);
    g_autoptr(SimRng) a = sim_rng_new_seeded("a", 3);
    g_autoptr(SimRng) b = sim_rng_new_seeded("b", 3);
    for (int k = 0; k < 100; k++)
      g_assert_cmpfloat(sim_dist_sample(d, a), ==, sim_dist_sample(again, b));
    g_assert_cmpint(sim_dist_kind(d), ==, cases[i].kind);
  }
  g_autoptr(SimDist) ln = sim_dist_parse("lognormal(median=1s, sigma=1)", SIM_DIST_DURATION, NULL, NULL);
  g_assert_cmpstr(sim_dist_name(ln), ==, "lognormal");
}

static void
test_scaled(void)
{
  g_autoptr(SimDist) d = sim_dist_parse("gamma(shape=2, scale=5ms)", SIM_DIST_DURATION, NULL, NULL);
  g_autoptr(SimDist) s = sim_dist_scaled(d, 3.0);
  g_assert_cmpfloat_with_epsilon(sim_dist_mean(s), 3 * sim_dist_mean(d), 1e-15);
  g_assert_cmpfloat_with_epsilon(sim_dist_variance(s), 9 * sim_dist_variance(d), 1e-15);
  g_assert_cmpstr(sim_dist_text(s), ==, "gamma(shape=2, scale=15ms)");
  g_autoptr(SimDist) c = sim_dist_new_const(SIM_DIST_DURATION, 0.25);
  g_assert_cmpstr(sim_dist_text(c), ==, "const(250ms)");
  g_assert_cmpfloat(sim_dist_mean(c), ==, 0.25);
  g_assert_true(sim_dist_ref(c) == c);
  sim_dist_unref(c);
}

/* ------------------------------------------------------------------ empirical files */

typedef struct {
  char *dir;
} TmpDir;

static void
tmp_setup(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  t->dir = g_dir_make_tmp("eksim-test-dist-XXXXXX", NULL);
  g_assert_nonnull(t->dir);
}

static void
tmp_teardown(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  GDir *d = g_dir_open(t->dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    g_autofree char *p = g_build_filename(t->dir, name, NULL);
    g_unlink(p);
  }
  g_dir_close(d);
  g_rmdir(t->dir);
  g_free(t->dir);
}

static void
write_file(TmpDir *t, const char *name, const char *contents)
{
  g_autofree char *p = g_build_filename(t->dir, name, NULL);
  g_assert_true(g_file_set_contents(p, contents, -1, NULL));
}

static SimDist *
parse_in(TmpDir *t, const char *text, SimDistKind kind, GError **error)
{
  return sim_dist_parse(text, kind, t->dir, error);
}

static void
test_empirical_units(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autoptr(GError) error = NULL;
  /* values with their own units, a comment line, a trailing comment, blank lines, CSV columns */
  write_file(t, "own.csv", "# measured 2024-05-01\n10ms\n\n20 ms, extra,columns\n0.03s # slow one\n40000us\n");
  g_autoptr(SimDist) d = parse_in(t, "empirical(own.csv)", SIM_DIST_DURATION, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat_with_epsilon(sim_dist_mean(d), 0.025, 1e-15);
  g_assert_cmpfloat_with_epsilon(sim_dist_variance(d), (2.25e-4 + 0.25e-4) * 2 / 4, 1e-15);
  g_assert_cmpstr(sim_dist_text(d), ==, "empirical(own.csv)");
  /* resampling: only the file's values, each about a quarter of the time */
  g_autoptr(SimRng) rng = sim_rng_new_seeded("e", 9);
  int counts[4] = { 0 };
  for (int i = 0; i < 40000; i++) {
    double x = sim_dist_sample(d, rng);
    int k = (int)lround(x * 100) - 1;
    g_assert_cmpint(k, >=, 0);
    g_assert_cmpint(k, <, 4);
    g_assert_cmpfloat_with_epsilon(x, (k + 1) * 0.01, 1e-15);
    counts[k]++;
  }
  for (int k = 0; k < 4; k++)
    g_assert_cmpfloat(fabs(counts[k] - 10000.0), <, 5 * sqrt(40000 * 0.25 * 0.75));

  /* bare numbers under a header whose suffix gives the unit */
  write_file(t, "hdr.csv", "latency_ms,host\n1.5,a\n2.5,b\n");
  g_autoptr(SimDist) h = parse_in(t, "empirical(file=hdr.csv)", SIM_DIST_DURATION, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat_with_epsilon(sim_dist_mean(h), 0.002, 1e-15);
  write_file(t, "hdr_us.csv", "rtt_us\n100\n300\n");
  g_autoptr(SimDist) hu = parse_in(t, "empirical(hdr_us.csv)", SIM_DIST_DURATION, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat_with_epsilon(sim_dist_mean(hu), 200e-6, 1e-18);
  write_file(t, "hdr_s.csv", "t_s\n1\n");
  g_autoptr(SimDist) hs = parse_in(t, "empirical(hdr_s.csv)", SIM_DIST_DURATION, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(sim_dist_mean(hs), ==, 1.0);
  /* dimensionless: bare numbers, a header line is skipped */
  write_file(t, "plain.csv", "factor\n1\n2\n3\n");
  g_autoptr(SimDist) p = parse_in(t, "empirical(plain.csv)", SIM_DIST_DIMENSIONLESS, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(sim_dist_mean(p), ==, 2.0);
  /* an absolute path ignores base_dir */
  g_autofree char *abs = g_build_filename(t->dir, "plain.csv", NULL);
  g_autofree char *txt = g_strdup_printf("empirical(%s)", abs);
  g_autoptr(SimDist) a = sim_dist_parse(txt, SIM_DIST_DIMENSIONLESS, "/nonexistent", &error);
  g_assert_no_error(error);
}

static void
check_file_error(TmpDir *t, const char *name, const char *contents, SimDistKind kind,
                 const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf("empirical(%s)", name);
  if (contents != NULL)
    write_file(t, name, contents);
  g_autoptr(SimDist) d = parse_in(t, text, kind, &error);
  g_assert_null(d);
  g_assert_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_FILE);
  g_test_message("%s", error->message);
  g_assert_nonnull(strstr(error->message, text));
  g_assert_nonnull(strstr(error->message, fragment));
  g_assert_null(strchr(error->message, '\n'));
}

static void
test_empirical_errors(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  check_file_error(t, "missing.csv", NULL, SIM_DIST_DURATION, "missing.csv");
  check_file_error(t, "empty.csv", "", SIM_DIST_DURATION, "holds no values");
  check_file_error(t, "comments.csv", "# nothing\n\n# here\n", SIM_DIST_DURATION, "holds no values");
  check_file_error(t, "header-only.csv", "latency_ms\n", SIM_DIST_DURATION, "holds no values");
  check_file_error(t, "bare.csv", "1\n2\n", SIM_DIST_DURATION, "bare.csv:1: '1' is a number without a unit");
  check_file_error(t, "bare-hdr.csv", "latency\n1\n", SIM_DIST_DURATION, "bare-hdr.csv:2:");
  check_file_error(t, "minutes.csv", "latency_m\n1\n", SIM_DIST_DURATION, "minutes.csv:2:");
  check_file_error(t, "word.csv", "10ms\nfast\n", SIM_DIST_DURATION, "word.csv:2: 'fast' is not a duration");
  check_file_error(t, "neg.csv", "x_ms\n-1\n", SIM_DIST_DURATION, "neg.csv:2: '-1' is negative");
  check_file_error(t, "unit.csv", "1\n2ms\n", SIM_DIST_DIMENSIONLESS, "unit.csv:2: '2ms' is not a number");
  check_file_error(t, "twohdr.csv", "a_ms\nb_ms\n1\n", SIM_DIST_DURATION, "twohdr.csv:2:");
  /* a directory is not a readable file */
  g_autofree char *dp = g_build_filename(t->dir, "dir.csv", NULL);
  g_assert_cmpint(g_mkdir(dp, 0700), ==, 0);
  check_file_error(t, "dir.csv", NULL, SIM_DIST_DURATION, "not a regular file");
  g_rmdir(dp);
}

/* ------------------------------------------------------------------ malformed strings */

static void
test_errors(void)
{
  static const struct {
    const char *text;
    SimDistKind kind;
    int code;
    const char *fragment;
  } cases[] = {
    { "", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "empty distribution" },
    { "   ", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "empty distribution" },
    { "exp(", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "exp(10ms", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "exp((10ms))", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "exp(10ms) x", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "exp(10ms))", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "exp)10ms(", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
    { "foo(1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_UNKNOWN, "unknown distribution 'foo'" },
    { "(1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_UNKNOWN, "unknown distribution ''" },
    { "Exp(1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_UNKNOWN, "unknown distribution 'Exp'" },
    { "exp()", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "exp takes 1 argument, got 0" },
    { "exp(1ms, 2ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "got 2" },
    { "uniform(1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "uniform takes 2 arguments, got 1" },
    { "uniform(1ms,)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "max" },
    { "gamma(shape=2, rate=5ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "gamma has no parameter 'rate'" },
    { "gamma(shape=2, shape=3)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "parameter 'shape' given twice" },
    { "gamma(scale=5ms, mean=5ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "given twice" },
    { "empirical()", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "missing file name" },
    { "exp(abc)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "not a number followed by a unit" },
    { "exp(10)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "missing unit" },
    { "exp(10 parsecs)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "unknown unit 'parsecs'" },
    { "exp(nanms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "not a number" },
    { "exp(1e999s)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "not a number" },
    { "exp(-10ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "must not be negative" },
    { "exp(0ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "mean must be positive" },
    { "exp(10ms)", SIM_DIST_DIMENSIONLESS, SIM_DIST_ERROR_VALUE, "not a number" },
    { "uniform(3ms, 1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "min must be less than max" },
    { "uniform(2ms, 2ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "min must be less than max" },
    { "normal(20ms, 0ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "sd must be positive" },
    { "lognormal(median=20ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_ARGS, "got 1" },
    { "lognormal(median=0ms, sigma=1)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "median must be positive" },
    { "lognormal(median=20ms, sigma=0)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "sigma must be positive" },
    { "lognormal(median=20ms, sigma=5ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "sigma" },
    { "gamma(shape=0, scale=1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "shape must be positive" },
    { "gamma(shape=-1, mean=1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "shape must be positive" },
    /* the fuzzer's: the scale overflowed to inf, whose canonical text did not parse */
    { "gamma(shape=1e-300, mean=1e308)", SIM_DIST_DIMENSIONLESS, SIM_DIST_ERROR_VALUE,
      "scale = mean / shape is too large to represent" },
    { "gamma(shape=1e300, mean=1e-300)", SIM_DIST_DIMENSIONLESS, SIM_DIST_ERROR_VALUE,
      "scale = mean / shape is too small to represent" },
    { "weibull(shape=1.5, scale=0ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "scale must be positive" },
    { "pareto(shape=2.5ms, scale=1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "shape" },
    { "pareto(shape=nan, scale=1ms)", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "shape" },
    { "abc", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "value" },
    { "5", SIM_DIST_DURATION, SIM_DIST_ERROR_VALUE, "missing unit" },
    { "const(5ms", SIM_DIST_DURATION, SIM_DIST_ERROR_SYNTAX, "expected NAME(ARGS)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    g_test_message("'%s'", cases[i].text);
    g_autoptr(SimDist) d = sim_dist_parse(cases[i].text, cases[i].kind, NULL, &error);
    g_assert_null(d);
    g_assert_error(error, SIM_DIST_ERROR, cases[i].code);
    g_test_message("  -> %s", error->message);
    /* names the text (stripped), says what is wrong and what is allowed, on one line */
    g_autofree char *stripped = g_strstrip(g_strdup(cases[i].text));
    if (*stripped != '\0') {
      g_autofree char *quoted = g_strdup_printf("'%s'", stripped);
      g_assert_nonnull(strstr(error->message, quoted));
    }
    g_assert_nonnull(strstr(error->message, cases[i].fragment));
    g_assert_nonnull(strstr(error->message, "allowed:"));
    g_assert_null(strchr(error->message, '\n'));
  }
}

/* Random garbage never crashes the parser and always yields a distribution or an error. */
static void
test_garbage(void)
{
  static const char alphabet[] = "expnormalunifgamwibtcs()=,.0123456789 -+emnuh#/";
  GRand *r = g_rand_new_with_seed(11);
  char buf[40];
  for (int i = 0; i < 20000; i++) {
    int len = g_rand_int_range(r, 0, (gint32)sizeof(buf) - 1);
    for (int k = 0; k < len; k++)
      buf[k] = alphabet[g_rand_int_range(r, 0, (gint32)sizeof(alphabet) - 1)];
    buf[len] = '\0';
    g_autoptr(GError) error = NULL;
    g_autoptr(SimDist) d = sim_dist_parse(buf, i % 2 ? SIM_DIST_DURATION : SIM_DIST_DIMENSIONLESS, "/nonexistent",
                                          &error);
    g_assert_true((d == NULL) != (error == NULL));
    if (d != NULL) {
      g_autoptr(SimRng) rng = sim_rng_new_seeded("g", 1);
      double x = sim_dist_sample(d, rng);
      g_assert_false(isnan(x));
    }
  }
  g_rand_free(r);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/dist/moments-and-shape", test_moments_and_shape);
  g_test_add_func("/dist/normal-truncated", test_normal_truncated);
  g_test_add_func("/dist/sample-time", test_sample_time);
  g_test_add_func("/dist/canonical-text", test_canonical_text);
  g_test_add_func("/dist/scaled", test_scaled);
  g_test_add("/dist/empirical-units", TmpDir, NULL, tmp_setup, test_empirical_units, tmp_teardown);
  g_test_add("/dist/empirical-errors", TmpDir, NULL, tmp_setup, test_empirical_errors, tmp_teardown);
  g_test_add_func("/dist/errors", test_errors);
  g_test_add_func("/dist/garbage", test_garbage);
  return g_test_run();
}
