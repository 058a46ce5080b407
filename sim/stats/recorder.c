/* The recorder: turns the facts a model reports into the raw results of one replication.
 *
 * Everything is accumulated on the fly, with O(1) work per report on the hot path (a histogram
 * increment, a few counters), except node readiness, which integrates the number of Ready nodes
 * piecewise between changes. The warm-up is excluded at the door: requests that start before it,
 * counter amounts and gauge values dated before it, and Ready node-time before it never reach the
 * results (a gauge's value at the end of the warm-up does count, as it still holds). Requests are
 * attributed to the timeline bin in which they started. Nothing here computes a statistic across
 * replications; that is stats/summary.c.
 */
#include "stats/recorder.h"

#include <math.h>
#include <string.h>

#include "stats/result.h"

static const char *const outcome_names[SIM_OUTCOME_COUNT] = {
  "ok",           "http-429",        "http-5xx",         "dns-timeout", "dns-nxdomain",
  "no-route",     "connect-timeout", "connection-reset", "tls-timeout", "request-timeout",
};

static const char *const phase_names[SIM_PHASE_COUNT] = {
  "dns", "connect", "tls", "queue", "service", "transfer",
};

static const char *const path_names[SIM_PATH_N_BITS] = {
  "internet", "igw",  "nat", "xeni", "public-endpoint",  "private-endpoint", "peering",
  "tgw",      "vpn",  "dx",  "inbound-resolver", "private-zone", "cross-az",
};

const char *
sim_outcome_name(SimOutcome outcome)
{
  g_return_val_if_fail((guint)outcome < SIM_OUTCOME_COUNT, "?");
  return outcome_names[outcome];
}

SimOutcome
sim_outcome_from_name(const char *name)
{
  for (guint i = 0; i < SIM_OUTCOME_COUNT; i++)
    if (strcmp(name, outcome_names[i]) == 0)
      return (SimOutcome)i;
  return SIM_OUTCOME_COUNT;
}

const char *
sim_phase_name(SimPhase phase)
{
  g_return_val_if_fail((guint)phase < SIM_PHASE_COUNT, "?");
  return phase_names[phase];
}

const char *
sim_path_name(guint bit)
{
  g_return_val_if_fail(bit < SIM_PATH_N_BITS, "?");
  return path_names[bit];
}

typedef struct {
  SimResultSubject *res;
  SimHistogram **bin_hist;  /* n_bins, COARSE, allocated on first ok request in the bin */
  GHashTable *failures;     /* "outcome\x1fdetail" -> SimResultFailure (owned here until finish) */
  SimResultFailure *last_failure;   /* the entry of the previous failure, and the detail pointer */
  const char *last_detail;          /* it came with: failures tend to repeat, so skip the lookup */
  guint8 *ready;            /* per node */
  guint ready_count;
  SimTime last_change;      /* readiness integrated up to here */
} Subject;

typedef struct {
  SimTime at;
  gint64 ready;             /* Ready nodes of all node groups from @at on */
} ReadyPoint;

typedef struct {
  SimResultValue *v;
  gboolean set;             /* gauges: a value has been set */
  double cur;               /* gauges: the value now held */
  gint64 filled;            /* gauges: last bin whose peak includes the held value */
} Value;

struct _SimRecorder {
  SimRunResult *result;
  GPtrArray *subjects;      /* Subject */
  GPtrArray *values;        /* Value: counters and gauges, indexed by their id */
  GArray *failed_starts;    /* SimTime: start of each failed request after the warm-up */
  GArray *ready_log;        /* ReadyPoint: Ready nodes of all node groups after each change */
  gint64 ready_total;       /* Ready nodes now, all node groups */
  guint64 nodes_total;      /* nodes declared, all node groups */
  SimTraceFunc trace;
  gpointer trace_data;
  gboolean finished;
};

SimRecorder *
sim_recorder_new(SimTime warmup, SimTime duration, SimTime bin)
{
  g_return_val_if_fail(warmup >= 0 && duration > warmup && bin > 0, NULL);
  SimRecorder *rec = g_new0(SimRecorder, 1);
  rec->result = sim_run_result_new(warmup, duration, bin);
  rec->subjects = g_ptr_array_new();
  rec->values = g_ptr_array_new_with_free_func(g_free);
  rec->failed_starts = g_array_new(FALSE, FALSE, sizeof(SimTime));
  rec->ready_log = g_array_new(FALSE, FALSE, sizeof(ReadyPoint));
  return rec;
}

static void
free_subject_state(SimRecorder *rec, Subject *s)
{
  if (s->bin_hist) {
    for (guint b = 0; b < rec->result->n_bins; b++)
      sim_histogram_free(s->bin_hist[b]);
    g_free(s->bin_hist);
    s->bin_hist = NULL;
  }
  if (s->failures) {
    g_hash_table_unref(s->failures);
    s->failures = NULL;
  }
  g_free(s->ready);
  g_free(s);
}

void
sim_recorder_free(SimRecorder *rec)
{
  if (!rec)
    return;
  for (guint i = 0; i < rec->subjects->len; i++)
    free_subject_state(rec, g_ptr_array_index(rec->subjects, i));
  g_ptr_array_unref(rec->subjects);
  g_ptr_array_unref(rec->values);
  g_array_unref(rec->failed_starts);
  g_array_unref(rec->ready_log);
  sim_run_result_free(rec->result);
  g_free(rec);
}

void
sim_recorder_set_trace(SimRecorder *rec, SimTraceFunc func, gpointer data)
{
  g_return_if_fail(rec != NULL);
  rec->trace = func;
  rec->trace_data = data;
}

static void
failure_free(gpointer p)
{
  SimResultFailure *f = p;
  g_free(f->detail);
  g_free(f);
}

guint
sim_recorder_add_subject(SimRecorder *rec, SimSubjectKind kind, const char *name)
{
  g_return_val_if_fail(rec != NULL && !rec->finished, 0);
  g_return_val_if_fail(name != NULL, 0);
  Subject *s = g_new0(Subject, 1);
  s->res = sim_run_result_add_subject(rec->result, kind, name);
  s->bin_hist = g_new0(SimHistogram *, rec->result->n_bins ? rec->result->n_bins : 1);
  s->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, failure_free);
  g_ptr_array_add(rec->subjects, s);
  return rec->subjects->len - 1;
}

static inline guint
bin_of(const SimRecorder *rec, SimTime t)
{
  const SimRunResult *r = rec->result;
  SimTime b = (t - r->warmup) / r->bin;
  if (b < 0)
    b = 0;
  if (b >= (SimTime)r->n_bins)
    b = (SimTime)r->n_bins - 1;
  return (guint)b;
}

static Subject *
get_subject(SimRecorder *rec, guint subject)
{
  g_return_val_if_fail(rec != NULL && !rec->finished, NULL);
  g_return_val_if_fail(subject < rec->subjects->len, NULL);
  return g_ptr_array_index(rec->subjects, subject);
}

void
sim_recorder_request(SimRecorder *rec, guint subject, const SimRequestRecord *r)
{
  Subject *s = get_subject(rec, subject);
  g_return_if_fail(s != NULL && r != NULL);
  g_return_if_fail((guint)r->outcome < SIM_OUTCOME_COUNT && r->end >= r->start);
  gboolean in_warmup = r->start < rec->result->warmup;
  if (rec->trace)
    rec->trace(s->res->name, r, in_warmup, rec->trace_data);
  if (in_warmup)
    return;
  SimResultSubject *res = s->res;
  guint b = bin_of(rec, r->start);
  res->requests++;
  res->outcomes[r->outcome]++;
  res->attempts += r->attempts;
  for (guint i = 0; i < SIM_PATH_N_BITS; i++)
    if (r->path & (1u << i))
      res->path[i]++;
  res->bin_requests[b]++;
  res->bin_outcomes[(gsize)b * SIM_OUTCOME_COUNT + r->outcome]++;
  if (r->outcome == SIM_OUTCOME_OK) {
    SimTime lat = r->end - r->start;
    sim_histogram_add(res->latency, lat);
    for (guint p = 0; p < SIM_PHASE_COUNT; p++)
      res->phase_ns[p] += (double)r->phase[p];
    res->bin_latency_ns[b] += (double)lat;
    if (!s->bin_hist[b])
      s->bin_hist[b] = sim_histogram_new(SIM_HISTOGRAM_COARSE_BITS);
    sim_histogram_add(s->bin_hist[b], lat);
  } else {
    if (res->kind != SIM_SUBJECT_PROBE) /* probes measure exposure, not service: not a fault's */
      g_array_append_val(rec->failed_starts, r->start);
    const char *detail = r->detail ? r->detail : "";
    SimResultFailure *f = s->last_failure;
    if (!f || f->outcome != r->outcome || s->last_detail != detail) {
      g_autofree char *key = g_strdup_printf("%d\x1f%s", (int)r->outcome, detail);
      f = g_hash_table_lookup(s->failures, key);
      if (!f) {
        f = g_new0(SimResultFailure, 1);
        f->outcome = r->outcome;
        f->detail = g_strdup(detail);
        g_hash_table_insert(s->failures, g_steal_pointer(&key), f);
      }
      s->last_failure = f;
      s->last_detail = detail;
    }
    f->count++;
  }
}

void
sim_recorder_set_nodes(SimRecorder *rec, guint subject, guint n_nodes)
{
  Subject *s = get_subject(rec, subject);
  g_return_if_fail(s != NULL);
  g_return_if_fail(s->ready == NULL); /* once per subject */
  s->res->n_nodes = n_nodes;
  rec->nodes_total += n_nodes;
  s->ready = g_new0(guint8, n_nodes ? n_nodes : 1);
  s->ready_count = 0;
  s->last_change = 0;
}

/* Adds ready_count x time over [last_change, t), clipped to [warm-up, duration], to the subject's
 * total and to the bins it covers. */
static void
integrate_ready(SimRecorder *rec, Subject *s, SimTime t)
{
  const SimRunResult *r = rec->result;
  if (t > r->duration)
    t = r->duration;
  SimTime a = MAX(s->last_change, r->warmup);
  if (s->ready_count > 0) {
    while (a < t) {
      guint b = bin_of(rec, a);
      SimTime e = MIN(t, sim_run_result_bin_end(r, b));
      double part = (double)s->ready_count * (double)(e - a);
      s->res->ready_node_ns += part;
      s->res->bin_ready_node_ns[b] += part;
      if (e <= a)
        break;
      a = e;
    }
  }
  if (t > s->last_change)
    s->last_change = t;
}

void
sim_recorder_node_ready(SimRecorder *rec, guint subject, guint node, gboolean ready, SimTime at)
{
  Subject *s = get_subject(rec, subject);
  g_return_if_fail(s != NULL && s->ready != NULL);
  g_return_if_fail(node < s->res->n_nodes);
  ready = ready ? 1 : 0;
  if (s->ready[node] == ready)
    return;
  integrate_ready(rec, s, at);
  s->ready[node] = (guint8)ready;
  rec->ready_total += ready ? 1 : -1;
  ReadyPoint pt = { at, rec->ready_total };
  GArray *log = rec->ready_log;
  if (log->len > 0 && g_array_index(log, ReadyPoint, log->len - 1).at == at)
    g_array_index(log, ReadyPoint, log->len - 1).ready = pt.ready; /* one point per instant */
  else
    g_array_append_val(log, pt);
  if (ready) {
    s->ready_count++;
  } else {
    s->ready_count--;
    if (at >= rec->result->warmup && at <= rec->result->duration)
      s->res->not_ready_transitions++;
  }
}

static guint
add_value(SimRecorder *rec, guint subject, SimValueKind kind, const char *metric, const char *unit)
{
  Subject *s = get_subject(rec, subject);
  g_return_val_if_fail(s != NULL && metric != NULL, 0);
  Value *v = g_new0(Value, 1);
  v->v = sim_run_result_add_value(rec->result, s->res, kind, metric, unit);
  v->filled = -1;
  v->cur = NAN;
  g_ptr_array_add(rec->values, v);
  return rec->values->len - 1;
}

guint
sim_recorder_counter(SimRecorder *rec, guint subject, const char *metric, const char *unit)
{
  return add_value(rec, subject, SIM_VALUE_COUNTER, metric, unit);
}

guint
sim_recorder_gauge(SimRecorder *rec, guint subject, const char *metric, const char *unit)
{
  return add_value(rec, subject, SIM_VALUE_GAUGE, metric, unit);
}

void
sim_recorder_add(SimRecorder *rec, guint counter, SimTime at, double amount)
{
  g_return_if_fail(rec != NULL && !rec->finished && counter < rec->values->len);
  Value *v = g_ptr_array_index(rec->values, counter);
  g_return_if_fail(v->v->kind == SIM_VALUE_COUNTER);
  if (at < rec->result->warmup)
    return;
  v->v->value += amount;
  v->v->bins[bin_of(rec, at)] += amount;
}

/* Lets the gauge's held value count towards the peaks of bins (filled, upto]. */
static void
gauge_carry(SimRecorder *rec, Value *v, guint upto)
{
  (void)rec;
  for (gint64 b = v->filled + 1; b <= (gint64)upto; b++)
    if (v->set)
      v->v->bins[b] = fmax(v->v->bins[b], v->cur);
  if ((gint64)upto > v->filled)
    v->filled = upto;
}

void
sim_recorder_gauge_set(SimRecorder *rec, guint gauge, SimTime at, double value)
{
  g_return_if_fail(rec != NULL && !rec->finished && gauge < rec->values->len);
  Value *v = g_ptr_array_index(rec->values, gauge);
  g_return_if_fail(v->v->kind == SIM_VALUE_GAUGE);
  if (at >= rec->result->warmup) {
    guint b = bin_of(rec, at);
    gauge_carry(rec, v, b);
    v->v->bins[b] = fmax(v->v->bins[b], value);
  }
  v->cur = value;
  v->set = TRUE;
}

void
sim_recorder_set_metric(SimRecorder *rec, guint subject, const char *metric, const char *unit, double value)
{
  Subject *s = get_subject(rec, subject);
  g_return_if_fail(s != NULL && metric != NULL);
  for (guint i = 0; i < s->res->values->len; i++) {
    SimResultValue *v = g_ptr_array_index(s->res->values, i);
    if (v->kind == SIM_VALUE_METRIC && strcmp(v->metric, metric) == 0) {
      v->value = value;
      return;
    }
  }
  SimResultValue *v = sim_run_result_add_value(rec->result, s->res, SIM_VALUE_METRIC, metric, unit);
  v->value = value;
}

void
sim_recorder_fault_window(SimRecorder *rec, guint fault_subject, const char *kind, SimTime start, SimTime end)
{
  Subject *s = get_subject(rec, fault_subject);
  g_return_if_fail(s != NULL && kind != NULL && end >= start);
  SimResultFault *f = g_new0(SimResultFault, 1);
  f->subject = fault_subject;
  f->kind = g_strdup(kind);
  f->start = start;
  f->end = end;
  f->detected = f->recovered = f->service_recovered = -1;
  f->http_429 = f->queue_peak = f->nodes_not_ready_peak = -1;
  g_ptr_array_add(rec->result->faults, f);
}

/* The last window registered for @fault_subject. */
static SimResultFault *
window_of(SimRecorder *rec, guint fault_subject)
{
  for (guint i = rec->result->faults->len; i > 0; i--) {
    SimResultFault *f = g_ptr_array_index(rec->result->faults, i - 1);
    if (f->subject == fault_subject)
      return f;
  }
  return NULL;
}

void
sim_recorder_fault_window_end(SimRecorder *rec, guint fault_subject, SimTime end)
{
  g_return_if_fail(get_subject(rec, fault_subject) != NULL);
  SimResultFault *f = window_of(rec, fault_subject);
  g_return_if_fail(f != NULL && end >= f->start);
  f->end = end;
}

void
sim_recorder_fault_load(SimRecorder *rec, guint fault_subject, guint64 http_429, guint queue_peak)
{
  g_return_if_fail(get_subject(rec, fault_subject) != NULL);
  SimResultFault *f = window_of(rec, fault_subject);
  g_return_if_fail(f != NULL);
  f->http_429 = (gint64)http_429;
  f->queue_peak = queue_peak;
}

void
sim_recorder_mark(SimRecorder *rec, guint subject, const char *what, SimTime at)
{
  Subject *s = get_subject(rec, subject);
  g_return_if_fail(s != NULL && what != NULL);
  SimResultMark *m = g_new0(SimResultMark, 1);
  m->subject = subject;
  m->what = g_strdup(what);
  m->at = at;
  g_ptr_array_add(rec->result->marks, m);
}

/* ---- finishing ---- */

static gint
cmp_time(gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
  return x < y ? -1 : x > y;
}

static gint
cmp_failure(gconstpointer a, gconstpointer b)
{
  const SimResultFailure *x = *(SimResultFailure *const *)a, *y = *(SimResultFailure *const *)b;
  if (x->outcome != y->outcome)
    return x->outcome < y->outcome ? -1 : 1;
  return strcmp(x->detail, y->detail);
}

/* Number of sorted times in [a, b). */
static guint64
count_between(GArray *sorted, SimTime a, SimTime b)
{
  if (b <= a)
    return 0;
  guint lo = 0, hi = sorted->len;
  while (lo < hi) { /* first index >= a */
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index(sorted, SimTime, mid) < a)
      lo = mid + 1;
    else
      hi = mid;
  }
  guint first = lo;
  hi = sorted->len;
  while (lo < hi) { /* first index >= b */
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index(sorted, SimTime, mid) < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo - first;
}

/* Ready nodes (all node groups) holding just before @t: the last change strictly before it. */
static gint64
ready_before(const GArray *log, SimTime t)
{
  guint lo = 0, hi = log->len;
  while (lo < hi) { /* first index with at >= t */
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index(log, ReadyPoint, mid).at < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo == 0 ? 0 : g_array_index(log, ReadyPoint, lo - 1).ready;
}

/* The most nodes (all node groups) not Ready at once during window @f. */
static void
node_figures(const SimRecorder *rec, SimResultFault *f)
{
  const GArray *log = rec->ready_log;
  const SimRunResult *r = rec->result;
  if (rec->nodes_total == 0)
    return;
  SimTime end = MIN(f->end, r->duration);
  gint64 low = ready_before(log, f->start);
  for (guint i = 0; i < log->len; i++) {
    const ReadyPoint *p = &g_array_index(log, ReadyPoint, i);
    if (p->at >= f->start && p->at < end)
      low = MIN(low, p->ready);
  }
  f->nodes_not_ready_peak = (gint64)rec->nodes_total - low;
}

static SimTime
first_mark(const SimRunResult *r, guint subject, const char *what, SimTime from)
{
  SimTime best = -1;
  for (guint i = 0; i < r->marks->len; i++) {
    const SimResultMark *m = g_ptr_array_index(r->marks, i);
    if (m->subject == subject && m->at >= from && strcmp(m->what, what) == 0 && (best < 0 || m->at < best))
      best = m->at;
  }
  return best;
}

/* See SimResultFault.service_recovered: availability over every subject's requests, per bin; a bin
 * dips when more than one request short of the pre-fault availability, and is back when not. Only
 * bins starting before @horizon (the next fault's start) are looked at, so that a later fault's dip
 * is not blamed on this one. */
static SimTime
service_recovered(const SimRunResult *r, const guint64 *req, const guint64 *ok, const SimResultFault *f,
                  SimTime horizon)
{
  guint64 pre_req = 0, pre_ok = 0;
  for (guint b = 0; b < r->n_bins && sim_run_result_bin_end(r, b) <= f->start; b++) {
    pre_req += req[b];
    pre_ok += ok[b];
  }
  double baseline = pre_req ? (double)pre_ok / (double)pre_req : 1.0;
  if (f->start >= r->duration)
    return f->start;
  guint b0 = f->start <= r->warmup ? 0 : (guint)((f->start - r->warmup) / r->bin);
  gboolean dipped = FALSE;
  for (guint b = b0; b < r->n_bins && sim_run_result_bin_start(r, b) < horizon; b++) {
    if (!req[b])
      continue;
    gboolean below = (double)ok[b] < baseline * (double)req[b] - 1.0;
    if (below)
      dipped = TRUE;
    else if (dipped)
      return sim_run_result_bin_start(r, b);
  }
  return dipped ? -1 : f->start;
}

SimRunResult *
sim_recorder_finish(SimRecorder *rec)
{
  g_return_val_if_fail(rec != NULL && !rec->finished, NULL);
  SimRunResult *r = rec->result;
  guint n = r->n_bins;

  for (guint i = 0; i < rec->subjects->len; i++) {
    Subject *s = g_ptr_array_index(rec->subjects, i);
    if (s->ready)
      integrate_ready(rec, s, r->duration);
    for (guint b = 0; b < n; b++) {
      if (s->bin_hist[b]) {
        s->res->bin_p50_ns[b] = sim_histogram_quantile(s->bin_hist[b], 0.50);
        s->res->bin_p99_ns[b] = sim_histogram_quantile(s->bin_hist[b], 0.99);
      }
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, s->failures);
    while (g_hash_table_iter_next(&it, &key, &value)) {
      g_ptr_array_add(s->res->failures, value);
      g_hash_table_iter_steal(&it);
      g_free(key);
    }
    g_ptr_array_sort(s->res->failures, cmp_failure);
  }
  for (guint i = 0; i < rec->values->len; i++) {
    Value *v = g_ptr_array_index(rec->values, i);
    if (v->v->kind != SIM_VALUE_GAUGE || n == 0)
      continue;
    gauge_carry(rec, v, n - 1);
    v->v->value = NAN;
    for (guint b = 0; b < n; b++)
      v->v->value = fmax(v->v->value, v->v->bins[b]);
  }

  g_array_sort(rec->failed_starts, cmp_time);
  g_autofree guint64 *req = g_new0(guint64, n ? n : 1);
  g_autofree guint64 *ok = g_new0(guint64, n ? n : 1);
  for (guint i = 0; i < r->subjects->len; i++) {
    const SimResultSubject *s = g_ptr_array_index(r->subjects, i);
    if (s->kind == SIM_SUBJECT_PROBE)
      continue;
    for (guint b = 0; b < n; b++) {
      req[b] += s->bin_requests[b];
      ok[b] += s->bin_outcomes[(gsize)b * SIM_OUTCOME_COUNT + SIM_OUTCOME_OK];
    }
  }
  for (guint i = 0; i < r->faults->len; i++) {
    SimResultFault *f = g_ptr_array_index(r->faults, i);
    SimTime end = MIN(f->end, r->duration);
    SimTime next = r->duration + 1; /* failures dated at the very end still count */
    for (guint j = 0; j < r->faults->len; j++) {
      const SimResultFault *g = g_ptr_array_index(r->faults, j);
      if (j != i && g->start >= end && g->start < next)
        next = g->start;
    }
    f->detected = first_mark(r, f->subject, "detected", f->start);
    f->recovered = first_mark(r, f->subject, "recovered", f->start);
    node_figures(rec, f);
    f->failed_during = count_between(rec->failed_starts, f->start, f->end == SIM_TIME_NEVER ? next : end);
    f->failed_after = f->end == SIM_TIME_NEVER ? 0 : count_between(rec->failed_starts, end, next);
    SimTime horizon = r->duration;
    for (guint j = 0; j < r->faults->len; j++) {
      const SimResultFault *g = g_ptr_array_index(r->faults, j);
      if (j != i && g->start > f->start && g->start < horizon)
        horizon = g->start;
    }
    f->service_recovered = service_recovered(r, req, ok, f, horizon);
  }

  rec->finished = TRUE;
  for (guint i = 0; i < rec->subjects->len; i++)
    free_subject_state(rec, g_ptr_array_index(rec->subjects, i));
  g_ptr_array_set_size(rec->subjects, 0);
  SimRunResult *out = rec->result;
  rec->result = NULL;
  return out;
}
