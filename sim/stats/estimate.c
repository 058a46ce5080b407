/* Confidence intervals (see estimate.h). GSL provides the quantiles of the t and normal
 * distributions and the sample statistics. */
#include "stats/estimate.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

SimEstimate
sim_estimate_mean_t(const double *values, gsize n, double level)
{
  SimEstimate e = { NAN, NAN, NAN, 0 };
  g_return_val_if_fail(level > 0 && level < 1, e);
  g_autofree double *x = g_new(double, n ? n : 1);
  gsize k = 0;
  for (gsize i = 0; i < n; i++)
    if (!isnan(values[i]))
      x[k++] = values[i];
  e.n = (guint)k;
  if (k == 0)
    return e;
  e.value = gsl_stats_mean(x, 1, k);
  if (k < 2)
    return e;
  double sd = gsl_stats_sd_m(x, 1, k, e.value);
  double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, (double)(k - 1));
  double half = t * sd / sqrt((double)k);
  e.low = e.value - half;
  e.high = e.value + half;
  return e;
}

SimEstimate
sim_estimate_wilson(guint64 successes, guint64 trials, double level)
{
  SimEstimate e = { NAN, NAN, NAN, 0 };
  g_return_val_if_fail(level > 0 && level < 1, e);
  g_return_val_if_fail(successes <= trials, e);
  if (trials == 0)
    return e;
  double n = (double)trials;
  double p = (double)successes / n;
  double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
  double z2 = z * z;
  double denom = 1.0 + z2 / n;
  double centre = (p + z2 / (2.0 * n)) / denom;
  double half = z * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
  e.value = p;
  e.low = MAX(0.0, centre - half);
  e.high = MIN(1.0, centre + half);
  /* Rounding must not leave the observed proportion outside its own interval at 0 and 1. */
  if (successes == 0)
    e.low = 0.0;
  if (successes == trials)
    e.high = 1.0;
  e.n = 1;
  return e;
}

SimEstimate
sim_estimate_availability(const guint64 *ok, const guint64 *requests, gsize n, double level)
{
  SimEstimate e = { NAN, NAN, NAN, 0 };
  g_autofree double *props = g_new(double, n ? n : 1);
  guint64 sum_ok = 0, sum_req = 0;
  gsize k = 0;
  for (gsize i = 0; i < n; i++) {
    if (requests[i] == 0)
      continue;
    g_return_val_if_fail(ok[i] <= requests[i], e);
    sum_ok += ok[i];
    sum_req += requests[i];
    props[k++] = (double)ok[i] / (double)requests[i];
  }
  if (k == 0)
    return e;
  SimEstimate w = sim_estimate_wilson(sum_ok, sum_req, level);
  SimEstimate t = sim_estimate_mean_t(props, k, level);
  e.value = w.value;
  e.low = w.low;
  e.high = w.high;
  if (!isnan(t.low)) {
    e.low = MIN(e.low, MAX(0.0, t.low));
    e.high = MAX(e.high, MIN(1.0, t.high));
  }
  e.n = (guint)k;
  return e;
}
