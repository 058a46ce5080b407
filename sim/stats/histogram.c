/* Log-linear histogram (see histogram.h for the layout and its error bound).
 *
 * Index of a value v: with M = 2^bits and s = max(0, floor(log2 v) - bits), index = s M + (v >> s).
 * Values below 2M have width-1 buckets (index = v); the range [2^e, 2^(e+1)) for e > bits holds
 * M buckets of width 2^s. Buckets are stored in chunks of M counters, chunk c holding indices
 * [c M, (c + 1) M), allocated on first use: (64 - bits) chunks cover every gint64.
 */
#include "stats/histogram.h"

#include <float.h>
#include <math.h>

#include "stats/jsonio.h"

struct _SimHistogram {
  guint bits;
  guint n_chunks;
  guint64 **chunks; /* n_chunks pointers, NULL until used */
  guint64 count;
  gint64 min, max;
  double sum;
};

SimHistogram *
sim_histogram_new(guint bits)
{
  g_return_val_if_fail(bits >= 1 && bits <= 16, NULL);
  SimHistogram *h = g_new0(SimHistogram, 1);
  h->bits = bits;
  h->n_chunks = 64 - bits;
  h->chunks = g_new0(guint64 *, h->n_chunks);
  return h;
}

SimHistogram *
sim_histogram_copy(const SimHistogram *h)
{
  g_return_val_if_fail(h != NULL, NULL);
  SimHistogram *c = sim_histogram_new(h->bits);
  sim_histogram_merge(c, h);
  return c;
}

void
sim_histogram_free(SimHistogram *h)
{
  if (!h)
    return;
  for (guint i = 0; i < h->n_chunks; i++)
    g_free(h->chunks[i]);
  g_free(h->chunks);
  g_free(h);
}

guint
sim_histogram_bits(const SimHistogram *h)
{
  return h->bits;
}

double
sim_histogram_relative_error(guint bits)
{
  return ldexp(1.0, -(int)bits - 1);
}

static inline guint64
index_of(const SimHistogram *h, guint64 v)
{
  guint e = v ? g_bit_storage(v) - 1 : 0; /* floor(log2 v) */
  guint s = e > h->bits ? e - h->bits : 0;
  return ((guint64)s << h->bits) + (v >> s);
}

/* The integers [lo, hi] held by bucket @index. */
static void
bucket_range(const SimHistogram *h, guint64 index, guint64 *lo, guint64 *hi)
{
  guint64 m = (guint64)1 << h->bits;
  if (index < 2 * m) {
    *lo = *hi = index;
    return;
  }
  guint s = (guint)(index >> h->bits) - 1;
  guint64 sub = index - ((guint64)s << h->bits);
  *lo = sub << s;
  *hi = ((sub + 1) << s) - 1;
}

static double
representative(const SimHistogram *h, guint64 index)
{
  guint64 lo, hi;
  bucket_range(h, index, &lo, &hi);
  double v = (double)lo + (double)(hi - lo) / 2.0;
  if (v < (double)h->min)
    v = (double)h->min;
  if (v > (double)h->max)
    v = (double)h->max;
  return v;
}

void
sim_histogram_add_n(SimHistogram *h, gint64 value, guint64 n)
{
  g_return_if_fail(h != NULL);
  g_return_if_fail(value >= 0);
  if (n == 0)
    return;
  guint64 idx = index_of(h, (guint64)value);
  guint c = (guint)(idx >> h->bits);
  if (G_UNLIKELY(!h->chunks[c]))
    h->chunks[c] = g_new0(guint64, (gsize)1 << h->bits);
  h->chunks[c][idx & (((guint64)1 << h->bits) - 1)] += n;
  if (h->count == 0 || value < h->min)
    h->min = value;
  if (h->count == 0 || value > h->max)
    h->max = value;
  h->count += n;
  h->sum += (double)value * (double)n;
}

void
sim_histogram_add(SimHistogram *h, gint64 value)
{
  sim_histogram_add_n(h, value, 1);
}

void
sim_histogram_merge(SimHistogram *dst, const SimHistogram *src)
{
  g_return_if_fail(dst != NULL && src != NULL);
  g_return_if_fail(dst->bits == src->bits);
  if (src->count == 0)
    return;
  gsize m = (gsize)1 << src->bits;
  for (guint c = 0; c < src->n_chunks; c++) {
    if (!src->chunks[c])
      continue;
    if (!dst->chunks[c])
      dst->chunks[c] = g_new0(guint64, m);
    for (gsize i = 0; i < m; i++)
      dst->chunks[c][i] += src->chunks[c][i];
  }
  if (dst->count == 0 || src->min < dst->min)
    dst->min = src->min;
  if (dst->count == 0 || src->max > dst->max)
    dst->max = src->max;
  dst->count += src->count;
  dst->sum += src->sum;
}

guint64
sim_histogram_count(const SimHistogram *h)
{
  return h->count;
}

gint64
sim_histogram_min(const SimHistogram *h)
{
  return h->count ? h->min : 0;
}

gint64
sim_histogram_max(const SimHistogram *h)
{
  return h->count ? h->max : 0;
}

double
sim_histogram_sum(const SimHistogram *h)
{
  return h->sum;
}

double
sim_histogram_mean(const SimHistogram *h)
{
  return h->count ? h->sum / (double)h->count : NAN;
}

guint64
sim_histogram_rank(double q, guint64 n)
{
  if (n == 0)
    return 0;
  if (!(q > 0))
    return 1;
  if (q >= 1)
    return n;
  /* q n may land a hair above an integer it equals mathematically (0.999 * 1000); shave a few
   * ulps so ceil() does not step to the next rank. */
  double x = q * (double)n * (1.0 - 4 * DBL_EPSILON);
  guint64 k = (guint64)ceil(x);
  if (k < 1)
    k = 1;
  if (k > n)
    k = n;
  return k;
}

double
sim_histogram_quantile(const SimHistogram *h, double q)
{
  g_return_val_if_fail(h != NULL, NAN);
  if (h->count == 0 || isnan(q))
    return NAN;
  if (q <= 0)
    return (double)h->min;
  if (q >= 1)
    return (double)h->max;
  guint64 rank = sim_histogram_rank(q, h->count);
  if (rank == 1)
    return (double)h->min; /* the extreme ranks are known exactly */
  if (rank == h->count)
    return (double)h->max;
  guint64 seen = 0;
  gsize m = (gsize)1 << h->bits;
  for (guint c = 0; c < h->n_chunks; c++) {
    if (!h->chunks[c])
      continue;
    for (gsize i = 0; i < m; i++) {
      seen += h->chunks[c][i];
      if (seen >= rank)
        return representative(h, ((guint64)c << h->bits) + i);
    }
  }
  return (double)h->max;
}

double
sim_histogram_cdf(const SimHistogram *h, double value)
{
  if (h->count == 0)
    return NAN;
  guint64 below = 0;
  gsize m = (gsize)1 << h->bits;
  for (guint c = 0; c < h->n_chunks; c++) {
    if (!h->chunks[c])
      continue;
    for (gsize i = 0; i < m; i++) {
      if (!h->chunks[c][i])
        continue;
      if (representative(h, ((guint64)c << h->bits) + i) > value)
        return (double)below / (double)h->count;
      below += h->chunks[c][i];
    }
  }
  return (double)below / (double)h->count;
}

void
sim_histogram_to_json(const SimHistogram *h, JsonBuilder *b)
{
  json_builder_begin_object(b);
  sim_json_add_int(b, "bits", h->bits);
  sim_json_add_int(b, "count", (gint64)h->count);
  sim_json_add_int(b, "min", sim_histogram_min(h));
  sim_json_add_int(b, "max", sim_histogram_max(h));
  sim_json_add_double(b, "sum", h->sum);
  json_builder_set_member_name(b, "buckets");
  json_builder_begin_array(b);
  gsize m = (gsize)1 << h->bits;
  for (guint c = 0; c < h->n_chunks; c++) {
    if (!h->chunks[c])
      continue;
    for (gsize i = 0; i < m; i++) {
      if (!h->chunks[c][i])
        continue;
      json_builder_begin_array(b);
      json_builder_add_int_value(b, (gint64)(((guint64)c << h->bits) + i));
      json_builder_add_int_value(b, (gint64)h->chunks[c][i]);
      json_builder_end_array(b);
    }
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
}

SimHistogram *
sim_histogram_from_json(JsonNode *node, GError **error)
{
  const char *what = "histogram";
  if (!node || !JSON_NODE_HOLDS_OBJECT(node)) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: not an object", what);
    return NULL;
  }
  JsonObject *o = json_node_get_object(node);
  gint64 bits, min, max;
  guint64 count;
  double sum;
  JsonArray *buckets;
  if (!sim_json_get_int(o, what, "bits", &bits, error) || !sim_json_get_uint(o, what, "count", &count, error) ||
      !sim_json_get_int(o, what, "min", &min, error) || !sim_json_get_int(o, what, "max", &max, error) ||
      !sim_json_get_double(o, what, "sum", &sum, error) ||
      !(buckets = sim_json_get_array(o, what, "buckets", error)))
    return NULL;
  if (bits < 1 || bits > 16 || min < 0 || max < min) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: bits, min or max out of range", what);
    return NULL;
  }
  g_autoptr(SimHistogram) h = sim_histogram_new((guint)bits);
  guint64 total = 0;
  guint64 n_index = (guint64)h->n_chunks << h->bits;
  for (guint i = 0; i < json_array_get_length(buckets); i++) {
    JsonArray *pair = sim_json_element_array(buckets, i, "histogram buckets", error);
    guint64 index, n;
    if (!pair || !sim_json_element_uint(pair, 0, "histogram bucket", &index, error) ||
        !sim_json_element_uint(pair, 1, "histogram bucket", &n, error))
      return NULL;
    if (index >= n_index || n == 0) {
      g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: bucket %u out of range", what, i);
      return NULL;
    }
    guint c = (guint)(index >> h->bits);
    if (!h->chunks[c])
      h->chunks[c] = g_new0(guint64, (gsize)1 << h->bits);
    h->chunks[c][index & (((guint64)1 << h->bits) - 1)] += n;
    total += n;
  }
  if (total != count) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: bucket counts do not add up to count",
                what);
    return NULL;
  }
  h->count = count;
  h->min = min;
  h->max = max;
  h->sum = sum;
  return g_steal_pointer(&h);
}
