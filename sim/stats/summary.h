/* SimSummary: the statistics of one scenario variant across its replications.
 *
 * Built from the raw results of every replication (stats/result.h), in replication order, it
 * holds exactly the rows the result files show (report/results.c formats them):
 *   - summary rows: one per (subject, metric), a point estimate with its 95% interval;
 *   - timeline rows: the same per timeline bin;
 *   - latency CDF points from the histograms pooled over replications;
 *   - fault windows, one row per (replication, window);
 *   - subjects with their kind and failure reasons pooled over replications.
 *
 * How each metric is estimated (NOTES.md "Statistics" has the reasons): a metric measured once
 * per replication (a count, a mean, a quantile, a readiness fraction) is averaged over
 * replications with a Student-t interval, n = the replications that have a value (a replication
 * without an ok request has no latency quantile); availability, per subject and per bin, is the
 * pooled proportion with the union of the pooled Wilson and the per-replication t interval
 * (sim_estimate_availability). Nothing in it depends on the order runs finished in.
 */
#ifndef EKSIM_STATS_SUMMARY_H
#define EKSIM_STATS_SUMMARY_H

#include <glib.h>

#include "stats/estimate.h"
#include "stats/result.h"

typedef struct {
  const char *subject;
  const char *metric;
  SimEstimate e;
  const char *unit;
} SimSummaryRow;

typedef struct {
  const char *subject;
  SimTime start, end; /* the bin */
  const char *metric;
  SimEstimate e;
  const char *unit;
} SimTimelineRow;

typedef struct {
  const char *subject;
  double latency_ms;  /* the cdf-quantile of ok requests' latency, all replications pooled */
  double cdf;
} SimCdfRow;

typedef struct {
  guint replication;
  const char *fault;
  const char *kind;
  SimTime start, end, detected, recovered, service_recovered; /* -1: none; end SIM_TIME_NEVER */
  guint64 failed_during, failed_after;
  gint64 http_429, queue_peak, nodes_not_ready_peak; /* -1: not measured */
} SimFaultRow;

typedef struct {
  const char *name;
  SimSubjectKind kind;
  GPtrArray *failures; /* SimResultFailure, summed over replications, by count (desc), outcome, detail */
} SimSummarySubject;

typedef struct {
  guint n_runs;
  SimTime warmup, duration, bin;
  guint n_bins;
  guint64 events;       /* summed over replications */
  GPtrArray *subjects;  /* SimSummarySubject, in order of first appearance */
  GArray *rows;         /* SimSummaryRow */
  GArray *timeline;     /* SimTimelineRow, subject-major then bin then metric */
  GArray *cdf;          /* SimCdfRow */
  GArray *faults;       /* SimFaultRow */
  GStringChunk *strings;
} SimSummary;

/* Summarises @n_runs results of one variant, given in replication order. Fails
 * (SIM_STATS_ERROR_FORMAT) if they disagree on warm-up, duration or bins, or a subject changes
 * kind between replications. */
SimSummary *sim_summary_new(SimRunResult *const *runs, guint n_runs, GError **error);
void sim_summary_free(SimSummary *s);

/* The summary row for (subject, metric), or NULL. */
const SimSummaryRow *sim_summary_find(const SimSummary *s, const char *subject, const char *metric);

/* The quantiles at which latency_cdf.csv samples each pooled histogram, ascending, 0 and 1 included. */
const double *sim_summary_cdf_grid(guint *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimSummary, sim_summary_free)

#endif
