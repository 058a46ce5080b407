/* SimHistogram: a log-linear histogram of non-negative integers (latencies in ns).
 *
 * Layout as in HdrHistogram: values below 2^(bits+1) have a bucket each (exact); above, every
 * power-of-two range [2^e, 2^(e+1)) is split into 2^bits equal buckets. A bucket's representative
 * value is the midpoint of the integers it holds, clamped to the exact minimum and maximum seen,
 * so a quantile read from the histogram is within a relative error of 2^-(bits+1) of the exact
 * sample quantile: 0.049% for SIM_HISTOGRAM_PRECISE_BITS (10), 0.39% for
 * SIM_HISTOGRAM_COARSE_BITS (7). Count, minimum, maximum and sum (hence the mean) are exact.
 *
 * Buckets are allocated one power-of-two range at a time, on first use, so a histogram of
 * latencies between 1 ms and 60 s at 10 bits holds about 16 ranges x 8 KiB.
 *
 * Quantiles use the nearest-rank definition: the q-quantile of n values is the smallest value v
 * such that at least ceil(q n) values are <= v (q = 0 gives the minimum).
 */
#ifndef EKSIM_STATS_HISTOGRAM_H
#define EKSIM_STATS_HISTOGRAM_H

#include <glib.h>
#include <json-glib/json-glib.h>

#define SIM_HISTOGRAM_PRECISE_BITS 10
#define SIM_HISTOGRAM_COARSE_BITS 7

typedef struct _SimHistogram SimHistogram;

/* @bits: 1..16 sub-bucket bits per power of two. */
SimHistogram *sim_histogram_new(guint bits);
SimHistogram *sim_histogram_copy(const SimHistogram *h);
void sim_histogram_free(SimHistogram *h);

guint sim_histogram_bits(const SimHistogram *h);
/* Upper bound of the relative error of a quantile read from a histogram of @bits. */
double sim_histogram_relative_error(guint bits);

/* Records @value (>= 0; negative values are a programming error and are ignored). */
void sim_histogram_add(SimHistogram *h, gint64 value);
void sim_histogram_add_n(SimHistogram *h, gint64 value, guint64 n);
/* Adds every value of @src into @dst (same bits). */
void sim_histogram_merge(SimHistogram *dst, const SimHistogram *src);

guint64 sim_histogram_count(const SimHistogram *h);
/* Exact minimum, maximum (0 when empty), sum and mean (NAN when empty). */
gint64 sim_histogram_min(const SimHistogram *h);
gint64 sim_histogram_max(const SimHistogram *h);
double sim_histogram_sum(const SimHistogram *h);
double sim_histogram_mean(const SimHistogram *h);
/* The q-quantile (0 <= q <= 1) as defined above; NAN when empty. */
double sim_histogram_quantile(const SimHistogram *h, double q);
/* Share of values <= @value (bucket resolution: a bucket counts once its representative is <= @value). */
double sim_histogram_cdf(const SimHistogram *h, double value);

/* The nearest rank ceil(q n), at least 1, robust to q n being an integer up to rounding. */
guint64 sim_histogram_rank(double q, guint64 n);

/* Serialisation for raw run results: {"bits", "count", "min", "max", "sum", "buckets": [[index,
 * count], ...]} with the sum as a round-trip string. */
void sim_histogram_to_json(const SimHistogram *h, JsonBuilder *b);
SimHistogram *sim_histogram_from_json(JsonNode *node, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimHistogram, sim_histogram_free)

#endif
