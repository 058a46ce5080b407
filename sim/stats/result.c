/* Raw per-run results and their JSON form (see result.h). */
#include "stats/result.h"

#include <math.h>
#include <string.h>

#include "stats/jsonio.h"

static const char *const kind_names[] = { "client", "nodegroup", "probe", "network", "fault" };

const char *
sim_subject_kind_name(SimSubjectKind kind)
{
  g_return_val_if_fail((guint)kind < G_N_ELEMENTS(kind_names), "?");
  return kind_names[kind];
}

gboolean
sim_subject_kind_from_name(const char *name, SimSubjectKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(kind_names); i++)
    if (strcmp(name, kind_names[i]) == 0) {
      *out = (SimSubjectKind)i;
      return TRUE;
    }
  return FALSE;
}

static void
value_free(gpointer p)
{
  SimResultValue *v = p;
  g_free(v->metric);
  g_free(v->unit);
  g_free(v->bins);
  g_free(v);
}

static void
failure_free(gpointer p)
{
  SimResultFailure *f = p;
  g_free(f->detail);
  g_free(f);
}

static void
subject_free(gpointer p)
{
  SimResultSubject *s = p;
  g_free(s->name);
  sim_histogram_free(s->latency);
  g_ptr_array_unref(s->failures);
  g_free(s->bin_requests);
  g_free(s->bin_outcomes);
  g_free(s->bin_latency_ns);
  g_free(s->bin_p50_ns);
  g_free(s->bin_p99_ns);
  g_free(s->bin_ready_node_ns);
  g_ptr_array_unref(s->values);
  g_free(s);
}

static void
fault_free(gpointer p)
{
  SimResultFault *f = p;
  g_free(f->kind);
  g_free(f);
}

static void
mark_free(gpointer p)
{
  SimResultMark *m = p;
  g_free(m->what);
  g_free(m);
}

SimRunResult *
sim_run_result_new(SimTime warmup, SimTime duration, SimTime bin)
{
  g_return_val_if_fail(warmup >= 0 && duration > warmup && bin > 0, NULL);
  SimRunResult *r = g_new0(SimRunResult, 1);
  r->warmup = warmup;
  r->duration = duration;
  r->bin = bin;
  SimTime span = duration - warmup;
  r->n_bins = (guint)(span / bin + (span % bin ? 1 : 0));
  r->subjects = g_ptr_array_new_with_free_func(subject_free);
  r->faults = g_ptr_array_new_with_free_func(fault_free);
  r->marks = g_ptr_array_new_with_free_func(mark_free);
  return r;
}

void
sim_run_result_free(SimRunResult *r)
{
  if (!r)
    return;
  g_ptr_array_unref(r->subjects);
  g_ptr_array_unref(r->faults);
  g_ptr_array_unref(r->marks);
  g_free(r);
}

SimTime
sim_run_result_bin_start(const SimRunResult *r, guint b)
{
  return r->warmup + (SimTime)b * r->bin;
}

SimTime
sim_run_result_bin_end(const SimRunResult *r, guint b)
{
  SimTime end = r->warmup + (SimTime)(b + 1) * r->bin;
  return end < r->duration ? end : r->duration;
}

SimResultSubject *
sim_run_result_add_subject(SimRunResult *r, SimSubjectKind kind, const char *name)
{
  SimResultSubject *s = g_new0(SimResultSubject, 1);
  guint n = r->n_bins;
  s->kind = kind;
  s->name = g_strdup(name);
  s->latency = sim_histogram_new(SIM_HISTOGRAM_PRECISE_BITS);
  s->failures = g_ptr_array_new_with_free_func(failure_free);
  s->bin_requests = g_new0(guint64, n);
  s->bin_outcomes = g_new0(guint64, (gsize)n * SIM_OUTCOME_COUNT);
  s->bin_latency_ns = g_new0(double, n);
  s->bin_p50_ns = g_new(double, n);
  s->bin_p99_ns = g_new(double, n);
  for (guint b = 0; b < n; b++)
    s->bin_p50_ns[b] = s->bin_p99_ns[b] = NAN;
  s->bin_ready_node_ns = g_new0(double, n);
  s->values = g_ptr_array_new_with_free_func(value_free);
  g_ptr_array_add(r->subjects, s);
  return s;
}

SimResultValue *
sim_run_result_add_value(SimRunResult *r, SimResultSubject *s, SimValueKind kind, const char *metric,
                         const char *unit)
{
  SimResultValue *v = g_new0(SimResultValue, 1);
  v->kind = kind;
  v->metric = g_strdup(metric);
  v->unit = g_strdup(unit ? unit : "");
  if (kind == SIM_VALUE_COUNTER) {
    v->value = 0;
    v->bins = g_new0(double, r->n_bins ? r->n_bins : 1);
  } else if (kind == SIM_VALUE_GAUGE) {
    v->value = NAN;
    v->bins = g_new(double, r->n_bins ? r->n_bins : 1);
    for (guint b = 0; b < r->n_bins; b++)
      v->bins[b] = NAN;
  } else {
    v->value = NAN;
  }
  g_ptr_array_add(s->values, v);
  return v;
}

/* ---- writing ---- */

static const char *const value_kind_names[] = { "counter", "gauge", "metric" };

static void
add_uint_array(JsonBuilder *b, const char *member, const guint64 *v, guint n)
{
  json_builder_set_member_name(b, member);
  json_builder_begin_array(b);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value(b, (gint64)v[i]);
  json_builder_end_array(b);
}

static void
add_double_array(JsonBuilder *b, const char *member, const double *v, guint n)
{
  json_builder_set_member_name(b, member);
  json_builder_begin_array(b);
  for (guint i = 0; i < n; i++)
    sim_json_add_double_value(b, v[i]);
  json_builder_end_array(b);
}

static void
subject_to_json(const SimRunResult *r, const SimResultSubject *s, JsonBuilder *b)
{
  json_builder_begin_object(b);
  sim_json_add_string(b, "kind", sim_subject_kind_name(s->kind));
  sim_json_add_string(b, "name", s->name);
  sim_json_add_int(b, "requests", (gint64)s->requests);
  json_builder_set_member_name(b, "outcomes");
  json_builder_begin_object(b);
  for (guint o = 0; o < SIM_OUTCOME_COUNT; o++)
    sim_json_add_int(b, sim_outcome_name(o), (gint64)s->outcomes[o]);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "latency");
  sim_histogram_to_json(s->latency, b);
  json_builder_set_member_name(b, "phase_ns");
  json_builder_begin_object(b);
  for (guint p = 0; p < SIM_PHASE_COUNT; p++)
    sim_json_add_double(b, sim_phase_name(p), s->phase_ns[p]);
  json_builder_end_object(b);
  sim_json_add_int(b, "attempts", (gint64)s->attempts);
  json_builder_set_member_name(b, "path");
  json_builder_begin_object(b);
  for (guint i = 0; i < SIM_PATH_N_BITS; i++)
    sim_json_add_int(b, sim_path_name(i), (gint64)s->path[i]);
  json_builder_end_object(b);
  json_builder_set_member_name(b, "failures");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->failures->len; i++) {
    const SimResultFailure *f = g_ptr_array_index(s->failures, i);
    json_builder_begin_object(b);
    sim_json_add_string(b, "outcome", sim_outcome_name(f->outcome));
    sim_json_add_string(b, "detail", f->detail);
    sim_json_add_int(b, "count", (gint64)f->count);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  sim_json_add_int(b, "nodes", s->n_nodes);
  sim_json_add_double(b, "ready_node_ns", s->ready_node_ns);
  sim_json_add_int(b, "not_ready_transitions", (gint64)s->not_ready_transitions);

  json_builder_set_member_name(b, "bins");
  json_builder_begin_object(b);
  add_uint_array(b, "requests", s->bin_requests, r->n_bins);
  json_builder_set_member_name(b, "outcomes");
  json_builder_begin_object(b);
  for (guint o = 0; o < SIM_OUTCOME_COUNT; o++) {
    json_builder_set_member_name(b, sim_outcome_name(o));
    json_builder_begin_array(b);
    for (guint bin = 0; bin < r->n_bins; bin++) {
      guint64 c = s->bin_outcomes[(gsize)bin * SIM_OUTCOME_COUNT + o];
      if (!c)
        continue;
      json_builder_begin_array(b);
      json_builder_add_int_value(b, bin);
      json_builder_add_int_value(b, (gint64)c);
      json_builder_end_array(b);
    }
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
  add_double_array(b, "latency_ns", s->bin_latency_ns, r->n_bins);
  add_double_array(b, "p50_ns", s->bin_p50_ns, r->n_bins);
  add_double_array(b, "p99_ns", s->bin_p99_ns, r->n_bins);
  add_double_array(b, "ready_node_ns", s->bin_ready_node_ns, r->n_bins);
  json_builder_end_object(b);

  json_builder_set_member_name(b, "values");
  json_builder_begin_array(b);
  for (guint i = 0; i < s->values->len; i++) {
    const SimResultValue *v = g_ptr_array_index(s->values, i);
    json_builder_begin_object(b);
    sim_json_add_string(b, "kind", value_kind_names[v->kind]);
    sim_json_add_string(b, "metric", v->metric);
    sim_json_add_string(b, "unit", v->unit);
    sim_json_add_double(b, "value", v->value);
    if (v->bins)
      add_double_array(b, "bins", v->bins, r->n_bins);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
}

char *
sim_run_result_to_data(const SimRunResult *r, gsize *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  sim_json_add_string(b, "format", SIM_RUN_RESULT_FORMAT);
  sim_json_add_int(b, "warmup_ns", r->warmup);
  sim_json_add_int(b, "duration_ns", r->duration);
  sim_json_add_int(b, "bin_ns", r->bin);
  sim_json_add_int(b, "n_bins", r->n_bins);
  sim_json_add_int(b, "events", (gint64)r->events);
  json_builder_set_member_name(b, "subjects");
  json_builder_begin_array(b);
  for (guint i = 0; i < r->subjects->len; i++)
    subject_to_json(r, g_ptr_array_index(r->subjects, i), b);
  json_builder_end_array(b);
  json_builder_set_member_name(b, "faults");
  json_builder_begin_array(b);
  for (guint i = 0; i < r->faults->len; i++) {
    const SimResultFault *f = g_ptr_array_index(r->faults, i);
    json_builder_begin_object(b);
    sim_json_add_int(b, "subject", f->subject);
    sim_json_add_string(b, "kind", f->kind);
    sim_json_add_int(b, "start_ns", f->start);
    sim_json_add_int(b, "end_ns", f->end);
    sim_json_add_int(b, "detected_ns", f->detected);
    sim_json_add_int(b, "recovered_ns", f->recovered);
    sim_json_add_int(b, "service_recovered_ns", f->service_recovered);
    sim_json_add_int(b, "failed_during", (gint64)f->failed_during);
    sim_json_add_int(b, "failed_after", (gint64)f->failed_after);
    sim_json_add_int(b, "http_429", f->http_429);
    sim_json_add_int(b, "queue_peak", f->queue_peak);
    sim_json_add_int(b, "nodes_not_ready_peak", f->nodes_not_ready_peak);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "marks");
  json_builder_begin_array(b);
  for (guint i = 0; i < r->marks->len; i++) {
    const SimResultMark *m = g_ptr_array_index(r->marks, i);
    json_builder_begin_object(b);
    sim_json_add_int(b, "subject", m->subject);
    sim_json_add_string(b, "what", m->what);
    sim_json_add_int(b, "at_ns", m->at);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);

  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  json_generator_set_root(gen, root);
  gsize len = 0;
  g_autofree char *text = json_generator_to_data(gen, &len);
  char *out = g_strconcat(text, "\n", NULL);
  if (length)
    *length = len + 1;
  return out;
}

/* ---- reading ---- */

#define FAIL(...)                                                                  \
  do {                                                                             \
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, __VA_ARGS__);      \
    return FALSE;                                                                  \
  } while (0)

static gboolean
read_uint_array(JsonObject *o, const char *what, const char *member, guint64 *out, guint n, GError **error)
{
  JsonArray *a = sim_json_get_array(o, what, member, error);
  if (!a)
    return FALSE;
  if (json_array_get_length(a) != n)
    FAIL("%s: '%s' has %u entries, expected %u", what, member, json_array_get_length(a), n);
  for (guint i = 0; i < n; i++)
    if (!sim_json_element_uint(a, i, member, &out[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
read_double_array(JsonObject *o, const char *what, const char *member, double *out, guint n, GError **error)
{
  JsonArray *a = sim_json_get_array(o, what, member, error);
  if (!a)
    return FALSE;
  if (json_array_get_length(a) != n)
    FAIL("%s: '%s' has %u entries, expected %u", what, member, json_array_get_length(a), n);
  for (guint i = 0; i < n; i++)
    if (!sim_json_element_double(a, i, member, &out[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
subject_from_json(SimRunResult *r, JsonObject *o, GError **error)
{
  const char *what = "subject";
  const char *kind_name = sim_json_get_string(o, what, "kind", error);
  const char *name = kind_name ? sim_json_get_string(o, what, "name", error) : NULL;
  SimSubjectKind kind;
  if (!name)
    return FALSE;
  if (!sim_subject_kind_from_name(kind_name, &kind))
    FAIL("%s: unknown kind '%s'", what, kind_name);
  SimResultSubject *s = sim_run_result_add_subject(r, kind, name);
  JsonObject *outcomes, *phases, *path, *bins, *bin_outcomes;
  JsonArray *failures, *values;
  JsonNode *latency = json_object_get_member(o, "latency");
  gint64 nodes;
  if (!sim_json_get_uint(o, what, "requests", &s->requests, error) ||
      !(outcomes = sim_json_get_object(o, what, "outcomes", error)) ||
      !(phases = sim_json_get_object(o, what, "phase_ns", error)) ||
      !sim_json_get_uint(o, what, "attempts", &s->attempts, error) ||
      !(path = sim_json_get_object(o, what, "path", error)) ||
      !(failures = sim_json_get_array(o, what, "failures", error)) ||
      !sim_json_get_int(o, what, "nodes", &nodes, error) ||
      !sim_json_get_double(o, what, "ready_node_ns", &s->ready_node_ns, error) ||
      !sim_json_get_uint(o, what, "not_ready_transitions", &s->not_ready_transitions, error) ||
      !(bins = sim_json_get_object(o, what, "bins", error)) ||
      !(values = sim_json_get_array(o, what, "values", error)))
    return FALSE;
  if (nodes < 0 || nodes > G_MAXUINT)
    FAIL("%s: 'nodes' out of range", what);
  s->n_nodes = (guint)nodes;
  for (guint i = 0; i < SIM_OUTCOME_COUNT; i++)
    if (!sim_json_get_uint(outcomes, "outcomes", sim_outcome_name(i), &s->outcomes[i], error))
      return FALSE;
  for (guint i = 0; i < SIM_PHASE_COUNT; i++)
    if (!sim_json_get_double(phases, "phase_ns", sim_phase_name(i), &s->phase_ns[i], error))
      return FALSE;
  for (guint i = 0; i < SIM_PATH_N_BITS; i++)
    if (!sim_json_get_uint(path, "path", sim_path_name(i), &s->path[i], error))
      return FALSE;
  sim_histogram_free(s->latency);
  if (!(s->latency = sim_histogram_from_json(latency, error)))
    return FALSE;
  if (sim_histogram_bits(s->latency) != SIM_HISTOGRAM_PRECISE_BITS)
    FAIL("%s: latency histogram of %u bits, expected %u", what, sim_histogram_bits(s->latency),
         SIM_HISTOGRAM_PRECISE_BITS);
  for (guint i = 0; i < json_array_get_length(failures); i++) {
    JsonObject *fo = sim_json_element_object(failures, i, "failures", error);
    const char *oname = fo ? sim_json_get_string(fo, "failure", "outcome", error) : NULL;
    const char *detail = oname ? sim_json_get_string(fo, "failure", "detail", error) : NULL;
    guint64 count;
    if (!detail || !sim_json_get_uint(fo, "failure", "count", &count, error))
      return FALSE;
    SimOutcome oc = sim_outcome_from_name(oname);
    if (oc == SIM_OUTCOME_COUNT)
      FAIL("failure: unknown outcome '%s'", oname);
    SimResultFailure *f = g_new0(SimResultFailure, 1);
    f->outcome = oc;
    f->detail = g_strdup(detail);
    f->count = count;
    g_ptr_array_add(s->failures, f);
  }
  guint n = r->n_bins;
  if (!read_uint_array(bins, "bins", "requests", s->bin_requests, n, error) ||
      !(bin_outcomes = sim_json_get_object(bins, "bins", "outcomes", error)) ||
      !read_double_array(bins, "bins", "latency_ns", s->bin_latency_ns, n, error) ||
      !read_double_array(bins, "bins", "p50_ns", s->bin_p50_ns, n, error) ||
      !read_double_array(bins, "bins", "p99_ns", s->bin_p99_ns, n, error) ||
      !read_double_array(bins, "bins", "ready_node_ns", s->bin_ready_node_ns, n, error))
    return FALSE;
  for (guint oc = 0; oc < SIM_OUTCOME_COUNT; oc++) {
    JsonArray *a = sim_json_get_array(bin_outcomes, "bins.outcomes", sim_outcome_name(oc), error);
    if (!a)
      return FALSE;
    for (guint i = 0; i < json_array_get_length(a); i++) {
      JsonArray *pair = sim_json_element_array(a, i, "bins.outcomes", error);
      guint64 bin, c;
      if (!pair || !sim_json_element_uint(pair, 0, "bins.outcomes", &bin, error) ||
          !sim_json_element_uint(pair, 1, "bins.outcomes", &c, error))
        return FALSE;
      if (bin >= n)
        FAIL("bins.outcomes: bin %" G_GUINT64_FORMAT " out of range", bin);
      s->bin_outcomes[(gsize)bin * SIM_OUTCOME_COUNT + oc] = c;
    }
  }
  for (guint i = 0; i < json_array_get_length(values); i++) {
    JsonObject *vo = sim_json_element_object(values, i, "values", error);
    const char *vk = vo ? sim_json_get_string(vo, "value", "kind", error) : NULL;
    const char *metric = vk ? sim_json_get_string(vo, "value", "metric", error) : NULL;
    const char *unit = metric ? sim_json_get_string(vo, "value", "unit", error) : NULL;
    if (!unit)
      return FALSE;
    guint k;
    for (k = 0; k < G_N_ELEMENTS(value_kind_names); k++)
      if (strcmp(vk, value_kind_names[k]) == 0)
        break;
    if (k == G_N_ELEMENTS(value_kind_names))
      FAIL("value: unknown kind '%s'", vk);
    SimResultValue *v = sim_run_result_add_value(r, s, (SimValueKind)k, metric, unit);
    if (!sim_json_get_double(vo, "value", "value", &v->value, error))
      return FALSE;
    if (v->bins && !read_double_array(vo, "value", "bins", v->bins, n, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
result_from_json(SimRunResult **out, JsonObject *o, GError **error)
{
  const char *what = "run result";
  const char *format = sim_json_get_string(o, what, "format", error);
  gint64 warmup, duration, bin, n_bins;
  guint64 events;
  if (!format)
    return FALSE;
  if (strcmp(format, SIM_RUN_RESULT_FORMAT) != 0)
    FAIL("%s: format '%s', expected '%s'", what, format, SIM_RUN_RESULT_FORMAT);
  if (!sim_json_get_int(o, what, "warmup_ns", &warmup, error) ||
      !sim_json_get_int(o, what, "duration_ns", &duration, error) ||
      !sim_json_get_int(o, what, "bin_ns", &bin, error) || !sim_json_get_int(o, what, "n_bins", &n_bins, error) ||
      !sim_json_get_uint(o, what, "events", &events, error))
    return FALSE;
  if (warmup < 0 || duration <= warmup || bin <= 0 || (duration - warmup) / bin > G_MAXINT)
    FAIL("%s: warm-up, duration or bin out of range", what);
  SimRunResult *r = *out = sim_run_result_new(warmup, duration, bin);
  if ((gint64)r->n_bins != n_bins)
    FAIL("%s: n_bins does not match duration, warm-up and bin", what);
  r->events = events;
  JsonArray *subjects, *faults, *marks;
  if (!(subjects = sim_json_get_array(o, what, "subjects", error)) ||
      !(faults = sim_json_get_array(o, what, "faults", error)) || !(marks = sim_json_get_array(o, what, "marks", error)))
    return FALSE;
  for (guint i = 0; i < json_array_get_length(subjects); i++) {
    JsonObject *so = sim_json_element_object(subjects, i, "subjects", error);
    if (!so || !subject_from_json(r, so, error))
      return FALSE;
  }
  for (guint i = 0; i < json_array_get_length(faults); i++) {
    JsonObject *fo = sim_json_element_object(faults, i, "faults", error);
    const char *kind = fo ? sim_json_get_string(fo, "fault", "kind", error) : NULL;
    gint64 subject;
    if (!kind || !sim_json_get_int(fo, "fault", "subject", &subject, error))
      return FALSE;
    if (subject < 0 || subject >= r->subjects->len)
      FAIL("fault: subject %" G_GINT64_FORMAT " out of range", subject);
    SimResultFault *f = g_new0(SimResultFault, 1);
    f->subject = (guint)subject;
    f->kind = g_strdup(kind);
    g_ptr_array_add(r->faults, f);
    if (!sim_json_get_int(fo, "fault", "start_ns", &f->start, error) ||
        !sim_json_get_int(fo, "fault", "end_ns", &f->end, error) ||
        !sim_json_get_int(fo, "fault", "detected_ns", &f->detected, error) ||
        !sim_json_get_int(fo, "fault", "recovered_ns", &f->recovered, error) ||
        !sim_json_get_int(fo, "fault", "service_recovered_ns", &f->service_recovered, error) ||
        !sim_json_get_uint(fo, "fault", "failed_during", &f->failed_during, error) ||
        !sim_json_get_uint(fo, "fault", "failed_after", &f->failed_after, error) ||
        !sim_json_get_int(fo, "fault", "http_429", &f->http_429, error) ||
        !sim_json_get_int(fo, "fault", "queue_peak", &f->queue_peak, error) ||
        !sim_json_get_int(fo, "fault", "nodes_not_ready_peak", &f->nodes_not_ready_peak, error))
      return FALSE;
  }
  for (guint i = 0; i < json_array_get_length(marks); i++) {
    JsonObject *mo = sim_json_element_object(marks, i, "marks", error);
    const char *w = mo ? sim_json_get_string(mo, "mark", "what", error) : NULL;
    gint64 subject, at;
    if (!w || !sim_json_get_int(mo, "mark", "subject", &subject, error) ||
        !sim_json_get_int(mo, "mark", "at_ns", &at, error))
      return FALSE;
    if (subject < 0 || subject >= r->subjects->len)
      FAIL("mark: subject %" G_GINT64_FORMAT " out of range", subject);
    SimResultMark *m = g_new0(SimResultMark, 1);
    m->subject = (guint)subject;
    m->what = g_strdup(w);
    m->at = at;
    g_ptr_array_add(r->marks, m);
  }
  return TRUE;
}

SimRunResult *
sim_run_result_from_data(const char *data, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  GError *local = NULL;
  if (!json_parser_load_from_data(parser, data, length, &local)) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "run result: not JSON (%s)", local->message);
    g_error_free(local);
    return NULL;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "run result: not a JSON object");
    return NULL;
  }
  SimRunResult *r = NULL;
  if (!result_from_json(&r, json_node_get_object(root), error)) {
    sim_run_result_free(r);
    return NULL;
  }
  return r;
}
