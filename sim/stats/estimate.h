/* Point estimates with confidence intervals, the only place eksim computes them (GSL).
 *
 * Across replications, a metric's value is the mean of its per-replication values with a two-sided
 * Student-t interval: the replications of a variant are independent and identically distributed
 * (independent random streams, same configuration), which is what the t interval assumes; within a
 * replication, observations are correlated and are never treated as independent samples.
 * Proportions from counts (availability) get the Wilson score interval, which stays inside [0, 1]
 * and keeps a sensible width at 0% and 100%. How the two are combined for availability is
 * sim_estimate_availability() below (and NOTES.md, "Statistics").
 */
#ifndef EKSIM_STATS_ESTIMATE_H
#define EKSIM_STATS_ESTIMATE_H

#include <glib.h>

#define SIM_CONFIDENCE_LEVEL 0.95

typedef struct {
  double value; /* point estimate; NAN when there is no data */
  double low;   /* interval bounds; NAN when not defined (no data, or a single value) */
  double high;
  guint n;      /* number of values (replications) the estimate rests on */
} SimEstimate;

/* Mean of @n values (NANs are skipped and not counted) with a two-sided @level Student-t
 * interval: mean +- t(1 - (1 - level) / 2, n - 1) s / sqrt(n), s the sample standard deviation.
 * n = 1 gives the value without an interval. */
SimEstimate sim_estimate_mean_t(const double *values, gsize n, double level);

/* Wilson score interval for @successes out of @trials (trials = 0: no data). The value is the
 * observed proportion. */
SimEstimate sim_estimate_wilson(guint64 successes, guint64 trials, double level);

/* Availability pooled over replications: value = sum(ok) / sum(requests); interval = the union of
 * the Wilson interval on the pooled counts and the Student-t interval over the per-replication
 * proportions (clipped to [0, 1]), so it is never narrower than either. Replications without
 * requests are skipped; n = replications with requests. */
SimEstimate sim_estimate_availability(const guint64 *ok, const guint64 *requests, gsize n, double level);

#endif
