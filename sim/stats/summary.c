/* Statistics across replications (see summary.h for what is estimated how). */
#include "stats/summary.h"

#include <math.h>
#include <string.h>

#include "stats/jsonio.h"

/* latency_cdf.csv sample points: every 1% from 0 to 99%, finer in both tails. */
static const double cdf_grid[] = {
  0,      0.001,  0.002,  0.005,  0.01,   0.02,   0.03,   0.04,   0.05,   0.06,   0.07,   0.08,   0.09,
  0.10,   0.11,   0.12,   0.13,   0.14,   0.15,   0.16,   0.17,   0.18,   0.19,   0.20,   0.21,   0.22,
  0.23,   0.24,   0.25,   0.26,   0.27,   0.28,   0.29,   0.30,   0.31,   0.32,   0.33,   0.34,   0.35,
  0.36,   0.37,   0.38,   0.39,   0.40,   0.41,   0.42,   0.43,   0.44,   0.45,   0.46,   0.47,   0.48,
  0.49,   0.50,   0.51,   0.52,   0.53,   0.54,   0.55,   0.56,   0.57,   0.58,   0.59,   0.60,   0.61,
  0.62,   0.63,   0.64,   0.65,   0.66,   0.67,   0.68,   0.69,   0.70,   0.71,   0.72,   0.73,   0.74,
  0.75,   0.76,   0.77,   0.78,   0.79,   0.80,   0.81,   0.82,   0.83,   0.84,   0.85,   0.86,   0.87,
  0.88,   0.89,   0.90,   0.91,   0.92,   0.93,   0.94,   0.95,   0.96,   0.97,   0.98,   0.99,   0.991,
  0.992,  0.993,  0.994,  0.995,  0.996,  0.997,  0.998,  0.999,  0.9991, 0.9992, 0.9993, 0.9994, 0.9995,
  0.9996, 0.9997, 0.9998, 0.9999, 1,
};

const double *
sim_summary_cdf_grid(guint *n)
{
  *n = G_N_ELEMENTS(cdf_grid);
  return cdf_grid;
}

static const struct {
  const char *metric;
  double q;
} latency_quantiles[] = {
  { "latency_p50_ms", 0.50 },
  { "latency_p90_ms", 0.90 },
  { "latency_p99_ms", 0.99 },
  { "latency_p999_ms", 0.999 },
};

static void
subject_free(gpointer p)
{
  SimSummarySubject *s = p;
  g_ptr_array_unref(s->failures);
  g_free(s);
}

static void
failure_free(gpointer p)
{
  SimResultFailure *f = p;
  g_free(f->detail);
  g_free(f);
}

void
sim_summary_free(SimSummary *s)
{
  if (!s)
    return;
  g_ptr_array_unref(s->subjects);
  g_array_unref(s->rows);
  g_array_unref(s->timeline);
  g_array_unref(s->cdf);
  g_array_unref(s->faults);
  g_string_chunk_free(s->strings);
  g_free(s);
}

const SimSummaryRow *
sim_summary_find(const SimSummary *s, const char *subject, const char *metric)
{
  for (guint i = 0; i < s->rows->len; i++) {
    const SimSummaryRow *r = &g_array_index(s->rows, SimSummaryRow, i);
    if (strcmp(r->subject, subject) == 0 && strcmp(r->metric, metric) == 0)
      return r;
  }
  return NULL;
}

/* Per-subject working state: the subject's result in each replication (NULL where absent). */
typedef struct {
  SimSummary *s;
  SimRunResult *const *runs;
  guint n;
  const char *name; /* as shown in the result files */
  SimSubjectKind kind;
  const SimResultSubject **per;
  double *vals;   /* n scratch values */
  guint64 *ok, *req;
} Ctx;

static const char *
str(SimSummary *s, const char *text)
{
  return g_string_chunk_insert_const(s->strings, text);
}

static void
add_row(Ctx *c, const char *metric, const char *unit, SimEstimate e)
{
  SimSummaryRow row = { c->name, str(c->s, metric), e, str(c->s, unit) };
  g_array_append_val(c->s->rows, row);
}

static void
add_mean_row(Ctx *c, const char *metric, const char *unit)
{
  add_row(c, metric, unit, sim_estimate_mean_t(c->vals, c->n, SIM_CONFIDENCE_LEVEL));
}

static void
add_timeline(Ctx *c, guint b, const char *metric, const char *unit, SimEstimate e)
{
  const SimRunResult *r = c->runs[0];
  SimTimelineRow row = { c->name, sim_run_result_bin_start(r, b), sim_run_result_bin_end(r, b),
                         str(c->s, metric), e, str(c->s, unit) };
  g_array_append_val(c->s->timeline, row);
}

static void
add_timeline_mean(Ctx *c, guint b, const char *metric, const char *unit)
{
  add_timeline(c, b, metric, unit, sim_estimate_mean_t(c->vals, c->n, SIM_CONFIDENCE_LEVEL));
}

static double
ratio(double num, double den)
{
  return den > 0 ? num / den : NAN;
}

static void
request_metrics(Ctx *c)
{
  guint n = c->n;
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] ? (double)c->per[i]->requests : NAN;
  add_mean_row(c, "requests", "requests");
  for (guint i = 0; i < n; i++) {
    c->ok[i] = c->per[i] ? c->per[i]->outcomes[SIM_OUTCOME_OK] : 0;
    c->req[i] = c->per[i] ? c->per[i]->requests : 0;
  }
  add_row(c, "availability", "ratio", sim_estimate_availability(c->ok, c->req, n, SIM_CONFIDENCE_LEVEL));
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] ? sim_histogram_mean(c->per[i]->latency) / 1e6 : NAN;
  add_mean_row(c, "latency_mean_ms", "ms");
  for (gsize q = 0; q < G_N_ELEMENTS(latency_quantiles); q++) {
    for (guint i = 0; i < n; i++)
      c->vals[i] = c->per[i] ? sim_histogram_quantile(c->per[i]->latency, latency_quantiles[q].q) / 1e6 : NAN;
    add_mean_row(c, latency_quantiles[q].metric, "ms");
  }
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] && sim_histogram_count(c->per[i]->latency)
                   ? (double)sim_histogram_max(c->per[i]->latency) / 1e6
                   : NAN;
  add_mean_row(c, "latency_max_ms", "ms");
  for (guint p = 0; p < SIM_PHASE_COUNT; p++) {
    for (guint i = 0; i < n; i++)
      c->vals[i] = c->per[i] ? ratio(c->per[i]->phase_ns[p] / 1e6, (double)c->per[i]->outcomes[SIM_OUTCOME_OK]) : NAN;
    g_autofree char *metric = g_strdup_printf("phase_%s_ms", sim_phase_name(p));
    add_mean_row(c, metric, "ms");
  }
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] ? ratio((double)c->per[i]->attempts, (double)c->per[i]->requests) : NAN;
  add_mean_row(c, "attempts_mean", "attempts");
  for (guint o = 0; o < SIM_OUTCOME_COUNT; o++) {
    for (guint i = 0; i < n; i++)
      c->vals[i] = c->per[i] ? (double)c->per[i]->outcomes[o] : NAN;
    g_autofree char *metric = g_strdup_printf("outcome_%s", sim_outcome_name(o));
    add_mean_row(c, metric, "requests");
  }
  for (guint bit = 0; bit < SIM_PATH_N_BITS; bit++) {
    for (guint i = 0; i < n; i++)
      c->vals[i] = c->per[i] ? ratio((double)c->per[i]->path[bit], (double)c->per[i]->requests) : NAN;
    g_autofree char *metric = g_strdup_printf("path_%s", sim_path_name(bit));
    add_mean_row(c, metric, "ratio");
  }
}

static void
node_metrics(Ctx *c)
{
  guint n = c->n;
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] ? (double)c->per[i]->n_nodes : NAN;
  add_mean_row(c, "nodes", "nodes");
  for (guint i = 0; i < n; i++) {
    const SimRunResult *r = c->runs[i];
    c->vals[i] = c->per[i] ? ratio(c->per[i]->ready_node_ns, (double)c->per[i]->n_nodes * (double)(r->duration - r->warmup))
                           : NAN;
  }
  add_mean_row(c, "node_ready_fraction", "ratio");
  for (guint i = 0; i < n; i++)
    c->vals[i] = c->per[i] ? (double)c->per[i]->not_ready_transitions : NAN;
  add_mean_row(c, "node_not_ready_transitions", "transitions");
}

static const SimResultValue *
find_value(const SimResultSubject *s, SimValueKind kind, const char *metric)
{
  if (!s)
    return NULL;
  for (guint i = 0; i < s->values->len; i++) {
    const SimResultValue *v = g_ptr_array_index(s->values, i);
    if (v->kind == kind && strcmp(v->metric, metric) == 0)
      return v;
  }
  return NULL;
}

/* The union of the subject's values over replications, in order of first appearance. */
static GPtrArray *
value_union(Ctx *c)
{
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < c->n; i++) {
    if (!c->per[i])
      continue;
    for (guint j = 0; j < c->per[i]->values->len; j++) {
      const SimResultValue *v = g_ptr_array_index(c->per[i]->values, j);
      gboolean seen = FALSE;
      for (guint k = 0; k < out->len && !seen; k++) {
        const SimResultValue *w = g_ptr_array_index(out, k);
        seen = w->kind == v->kind && strcmp(w->metric, v->metric) == 0;
      }
      if (!seen)
        g_ptr_array_add(out, (gpointer)v);
    }
  }
  return out;
}

static void
value_metrics(Ctx *c, GPtrArray *values)
{
  for (guint k = 0; k < values->len; k++) {
    const SimResultValue *proto = g_ptr_array_index(values, k);
    for (guint i = 0; i < c->n; i++) {
      const SimResultValue *v = find_value(c->per[i], proto->kind, proto->metric);
      c->vals[i] = v ? v->value : NAN;
    }
    add_mean_row(c, proto->metric, proto->unit);
  }
}

/* Per-replication fault figures of the subject: failures and 429s summed over its windows, peaks
 * the largest of them, times from its first window. */
static void
fault_metrics(Ctx *c)
{
  static const char *const metrics[] = { "fault_failed_during", "fault_failed_after", "fault_time_to_detect_s",
                                         "fault_time_to_recover_s", "fault_http_429_during",
                                         "fault_apiserver_queue_peak", "fault_nodes_not_ready_peak" };
  static const char *const units[] = { "requests", "requests", "s", "s", "responses", "requests", "nodes" };
  enum { M = G_N_ELEMENTS(metrics) };
  guint n = c->n;
  g_autofree double *v = g_new(double, M * (gsize)n);
  gboolean any = FALSE;
  for (guint i = 0; i < n; i++) {
    const SimRunResult *r = c->runs[i];
    double x[M];
    for (guint m = 0; m < M; m++)
      x[m] = NAN;
    gboolean first = TRUE;
    for (guint w = 0; w < r->faults->len; w++) {
      const SimResultFault *f = g_ptr_array_index(r->faults, w);
      const SimResultSubject *fs = g_ptr_array_index(r->subjects, f->subject);
      if (!c->per[i] || fs != c->per[i])
        continue;
      any = TRUE;
      if (first) {
        x[0] = x[1] = 0;
        x[2] = f->detected >= 0 ? sim_time_to_s(f->detected - f->start) : NAN;
        x[3] = f->service_recovered >= 0 ? sim_time_to_s(f->service_recovered - f->start) : NAN;
        first = FALSE;
      }
      x[0] += (double)f->failed_during;
      x[1] += (double)f->failed_after;
      if (f->http_429 >= 0)
        x[4] = (isnan(x[4]) ? 0 : x[4]) + (double)f->http_429;
      if (f->queue_peak >= 0)
        x[5] = isnan(x[5]) ? (double)f->queue_peak : fmax(x[5], (double)f->queue_peak);
      if (f->nodes_not_ready_peak >= 0)
        x[6] = isnan(x[6]) ? (double)f->nodes_not_ready_peak : fmax(x[6], (double)f->nodes_not_ready_peak);
    }
    for (guint m = 0; m < M; m++)
      v[(gsize)m * n + i] = x[m];
  }
  if (!any)
    return;
  for (guint m = 0; m < M; m++) {
    gboolean has = FALSE;
    for (guint i = 0; i < n && !has; i++)
      has = !isnan(v[(gsize)m * n + i]);
    if (!has && m >= 4)
      continue; /* not measured in any replication (e.g. no node groups): no row */
    memcpy(c->vals, v + (gsize)m * n, n * sizeof(double));
    add_mean_row(c, metrics[m], units[m]);
  }
}

static void
timeline(Ctx *c, gboolean requests, gboolean nodes, GPtrArray *values)
{
  const SimRunResult *r0 = c->runs[0];
  guint n = c->n;
  /* Outcomes other than ok that occur at all get a timeline row per bin. */
  gboolean outcome_seen[SIM_OUTCOME_COUNT] = { FALSE };
  if (requests)
    for (guint i = 0; i < n; i++)
      for (guint o = 1; o < SIM_OUTCOME_COUNT; o++)
        outcome_seen[o] |= c->per[i] && c->per[i]->outcomes[o] > 0;
  for (guint b = 0; b < r0->n_bins; b++) {
    double len = (double)(sim_run_result_bin_end(r0, b) - sim_run_result_bin_start(r0, b));
    if (requests) {
      for (guint i = 0; i < n; i++) {
        const SimResultSubject *p = c->per[i];
        c->req[i] = p ? p->bin_requests[b] : 0;
        c->ok[i] = p ? p->bin_outcomes[(gsize)b * SIM_OUTCOME_COUNT + SIM_OUTCOME_OK] : 0;
        c->vals[i] = p ? (double)c->req[i] : NAN;
      }
      add_timeline_mean(c, b, "requests", "requests");
      add_timeline(c, b, "availability", "ratio", sim_estimate_availability(c->ok, c->req, n, SIM_CONFIDENCE_LEVEL));
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? ratio(c->per[i]->bin_latency_ns[b] / 1e6, (double)c->ok[i]) : NAN;
      add_timeline_mean(c, b, "latency_mean_ms", "ms");
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? c->per[i]->bin_p50_ns[b] / 1e6 : NAN;
      add_timeline_mean(c, b, "latency_p50_ms", "ms");
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? c->per[i]->bin_p99_ns[b] / 1e6 : NAN;
      add_timeline_mean(c, b, "latency_p99_ms", "ms");
      for (guint o = 1; o < SIM_OUTCOME_COUNT; o++) {
        if (!outcome_seen[o])
          continue;
        for (guint i = 0; i < n; i++)
          c->vals[i] = c->per[i] ? (double)c->per[i]->bin_outcomes[(gsize)b * SIM_OUTCOME_COUNT + o] : NAN;
        g_autofree char *metric = g_strdup_printf("outcome_%s", sim_outcome_name(o));
        add_timeline_mean(c, b, metric, "requests");
      }
    }
    if (nodes) {
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? c->per[i]->bin_ready_node_ns[b] / len : NAN;
      add_timeline_mean(c, b, "nodes_ready", "nodes");
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? (double)c->per[i]->n_nodes - c->per[i]->bin_ready_node_ns[b] / len : NAN;
      add_timeline_mean(c, b, "nodes_not_ready", "nodes");
      for (guint i = 0; i < n; i++)
        c->vals[i] = c->per[i] ? ratio(c->per[i]->bin_ready_node_ns[b], len * (double)c->per[i]->n_nodes) : NAN;
      add_timeline_mean(c, b, "node_ready_fraction", "ratio");
    }
    if (c->kind == SIM_SUBJECT_FAULT) {
      /* the share of the bin inside the subject's windows */
      SimTime bs = sim_run_result_bin_start(r0, b), be = sim_run_result_bin_end(r0, b);
      for (guint i = 0; i < n; i++) {
        c->vals[i] = NAN;
        if (!c->per[i])
          continue;
        SimTime in = 0;
        for (guint w = 0; w < c->runs[i]->faults->len; w++) {
          const SimResultFault *f = g_ptr_array_index(c->runs[i]->faults, w);
          if (g_ptr_array_index(c->runs[i]->subjects, f->subject) != c->per[i])
            continue;
          SimTime a = MAX(bs, f->start), e = MIN(be, f->end);
          if (e > a)
            in += e - a;
        }
        c->vals[i] = ratio((double)in, len);
      }
      add_timeline_mean(c, b, "fault_active", "ratio");
    }
    for (guint k = 0; k < values->len; k++) {
      const SimResultValue *proto = g_ptr_array_index(values, k);
      if (proto->kind == SIM_VALUE_METRIC)
        continue;
      for (guint i = 0; i < n; i++) {
        const SimResultValue *v = find_value(c->per[i], proto->kind, proto->metric);
        c->vals[i] = v ? v->bins[b] : NAN;
      }
      add_timeline_mean(c, b, proto->metric, proto->unit);
    }
  }
}

static void
latency_cdf(Ctx *c)
{
  g_autoptr(SimHistogram) pooled = sim_histogram_new(SIM_HISTOGRAM_PRECISE_BITS);
  for (guint i = 0; i < c->n; i++)
    if (c->per[i])
      sim_histogram_merge(pooled, c->per[i]->latency);
  if (sim_histogram_count(pooled) == 0)
    return;
  for (gsize k = 0; k < G_N_ELEMENTS(cdf_grid); k++) {
    SimCdfRow row = { c->name, sim_histogram_quantile(pooled, cdf_grid[k]) / 1e6, cdf_grid[k] };
    g_array_append_val(c->s->cdf, row);
  }
}

static gint
cmp_pooled_failure(gconstpointer a, gconstpointer b)
{
  const SimResultFailure *x = *(SimResultFailure *const *)a, *y = *(SimResultFailure *const *)b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->outcome != y->outcome)
    return x->outcome < y->outcome ? -1 : 1;
  return strcmp(x->detail, y->detail);
}

static GPtrArray *
pooled_failures(Ctx *c)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(failure_free);
  for (guint i = 0; i < c->n; i++) {
    if (!c->per[i])
      continue;
    for (guint j = 0; j < c->per[i]->failures->len; j++) {
      const SimResultFailure *f = g_ptr_array_index(c->per[i]->failures, j);
      SimResultFailure *hit = NULL;
      for (guint k = 0; k < out->len && !hit; k++) {
        SimResultFailure *g = g_ptr_array_index(out, k);
        if (g->outcome == f->outcome && strcmp(g->detail, f->detail) == 0)
          hit = g;
      }
      if (!hit) {
        hit = g_new0(SimResultFailure, 1);
        hit->outcome = f->outcome;
        hit->detail = g_strdup(f->detail);
        g_ptr_array_add(out, hit);
      }
      hit->count += f->count;
    }
  }
  g_ptr_array_sort(out, cmp_pooled_failure);
  return out;
}

static gboolean
is_request_kind(SimSubjectKind k)
{
  return k == SIM_SUBJECT_CLIENT || k == SIM_SUBJECT_NODEGROUP || k == SIM_SUBJECT_PROBE;
}

SimSummary *
sim_summary_new(SimRunResult *const *runs, guint n_runs, GError **error)
{
  g_return_val_if_fail(runs != NULL && n_runs > 0, NULL);
  const SimRunResult *r0 = runs[0];
  for (guint i = 1; i < n_runs; i++) {
    const SimRunResult *r = runs[i];
    if (r->warmup != r0->warmup || r->duration != r0->duration || r->bin != r0->bin || r->n_bins != r0->n_bins) {
      g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT,
                  "replication %u: warm-up, duration or bin differ from replication 0", i);
      return NULL;
    }
  }
  g_autoptr(SimSummary) s = g_new0(SimSummary, 1);
  s->n_runs = n_runs;
  s->warmup = r0->warmup;
  s->duration = r0->duration;
  s->bin = r0->bin;
  s->n_bins = r0->n_bins;
  s->subjects = g_ptr_array_new_with_free_func(subject_free);
  s->rows = g_array_new(FALSE, FALSE, sizeof(SimSummaryRow));
  s->timeline = g_array_new(FALSE, FALSE, sizeof(SimTimelineRow));
  s->cdf = g_array_new(FALSE, FALSE, sizeof(SimCdfRow));
  s->faults = g_array_new(FALSE, FALSE, sizeof(SimFaultRow));
  s->strings = g_string_chunk_new(4096);

  /* Subjects: union over replications by (kind, name), in order of first appearance. */
  for (guint i = 0; i < n_runs; i++) {
    s->events += runs[i]->events;
    for (guint j = 0; j < runs[i]->subjects->len; j++) {
      const SimResultSubject *sub = g_ptr_array_index(runs[i]->subjects, j);
      gboolean seen = FALSE;
      for (guint k = 0; k < s->subjects->len && !seen; k++) {
        const SimSummarySubject *ss = g_ptr_array_index(s->subjects, k);
        seen = ss->kind == sub->kind && strcmp(ss->name, sub->name) == 0;
      }
      if (!seen) {
        SimSummarySubject *ss = g_new0(SimSummarySubject, 1);
        ss->name = str(s, sub->name);
        ss->kind = sub->kind;
        g_ptr_array_add(s->subjects, ss);
      }
    }
  }
  /* A name shared by subjects of different kinds is shown as "kind:name" for each of them. */
  g_autofree const char **display = g_new0(const char *, s->subjects->len + 1);
  for (guint k = 0; k < s->subjects->len; k++) {
    const SimSummarySubject *ss = g_ptr_array_index(s->subjects, k);
    display[k] = ss->name;
    for (guint m = 0; m < s->subjects->len; m++) {
      const SimSummarySubject *other = g_ptr_array_index(s->subjects, m);
      if (m != k && strcmp(other->name, ss->name) == 0) {
        g_autofree char *q = g_strdup_printf("%s:%s", sim_subject_kind_name(ss->kind), ss->name);
        display[k] = str(s, q);
        break;
      }
    }
  }

  Ctx c = { s, runs, n_runs, NULL, SIM_SUBJECT_CLIENT, g_new0(const SimResultSubject *, n_runs), g_new(double, n_runs),
            g_new(guint64, n_runs), g_new(guint64, n_runs) };
  for (guint k = 0; k < s->subjects->len; k++) {
    SimSummarySubject *ss = g_ptr_array_index(s->subjects, k);
    c.name = display[k];
    c.kind = ss->kind;
    gboolean requests = is_request_kind(ss->kind), nodes = FALSE;
    for (guint i = 0; i < n_runs; i++) {
      c.per[i] = NULL;
      for (guint j = 0; j < runs[i]->subjects->len && !c.per[i]; j++) {
        const SimResultSubject *sub = g_ptr_array_index(runs[i]->subjects, j);
        if (sub->kind == ss->kind && strcmp(sub->name, ss->name) == 0)
          c.per[i] = sub;
      }
      if (c.per[i]) {
        requests |= c.per[i]->requests > 0;
        nodes |= c.per[i]->n_nodes > 0;
      }
    }
    g_autoptr(GPtrArray) values = value_union(&c);
    if (requests)
      request_metrics(&c);
    if (nodes)
      node_metrics(&c);
    value_metrics(&c, values);
    for (guint i = 0; i < n_runs && ss->kind == SIM_SUBJECT_FAULT; i++)
      if (c.per[i]) {
        fault_metrics(&c);
        break;
      }
    timeline(&c, requests, nodes, values);
    if (requests)
      latency_cdf(&c);
    ss->failures = pooled_failures(&c);
  }
  g_free(c.per);
  g_free(c.vals);
  g_free(c.ok);
  g_free(c.req);

  for (guint i = 0; i < n_runs; i++) {
    const SimRunResult *r = runs[i];
    for (guint w = 0; w < r->faults->len; w++) {
      const SimResultFault *f = g_ptr_array_index(r->faults, w);
      const SimResultSubject *fs = g_ptr_array_index(r->subjects, f->subject);
      const char *shown = fs->name;
      for (guint k = 0; k < s->subjects->len; k++) {
        const SimSummarySubject *ss = g_ptr_array_index(s->subjects, k);
        if (ss->kind == fs->kind && strcmp(ss->name, fs->name) == 0)
          shown = display[k];
      }
      SimFaultRow row = { i, shown, str(s, f->kind), f->start, f->end, f->detected, f->recovered,
                          f->service_recovered, f->failed_during, f->failed_after, f->http_429,
                          f->queue_peak, f->nodes_not_ready_peak };
      g_array_append_val(s->faults, row);
    }
  }
  for (guint k = 0; k < s->subjects->len; k++) {
    SimSummarySubject *ss = g_ptr_array_index(s->subjects, k);
    ss->name = display[k];
  }
  return g_steal_pointer(&s);
}
