/* Tests for sim/stats/recorder and the raw run result: warm-up exclusion, bins, readiness
 * integration, counters and gauges, failures, fault windows, and the bit-exact JSON round trip. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "stats/jsonio.h"
#include "stats/recorder.h"
#include "stats/result.h"

static SimRequestRecord
req(double start_s, double latency_s, SimOutcome o)
{
  SimRequestRecord r = { 0 };
  r.start = sim_time_from_s(start_s);
  r.end = r.start + sim_time_from_s(latency_s);
  r.outcome = o;
  r.verb = "get";
  r.attempts = 1;
  r.phase[SIM_PHASE_DNS] = sim_time_from_s(latency_s / 4);
  r.phase[SIM_PHASE_SERVICE] = sim_time_from_s(latency_s / 2);
  r.path = SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT;
  return r;
}

static void
test_names(void)
{
  g_assert_cmpstr(sim_outcome_name(SIM_OUTCOME_HTTP_429), ==, "http-429");
  g_assert_cmpstr(sim_outcome_name(SIM_OUTCOME_CONNECT_TIMEOUT), ==, "connect-timeout");
  g_assert_cmpint(sim_outcome_from_name("tls-timeout"), ==, SIM_OUTCOME_TLS_TIMEOUT);
  g_assert_cmpint(sim_outcome_from_name("nope"), ==, SIM_OUTCOME_COUNT);
  g_assert_cmpstr(sim_phase_name(SIM_PHASE_QUEUE), ==, "queue");
  g_assert_cmpstr(sim_path_name(2), ==, "nat");
  g_assert_cmpstr(sim_path_name(12), ==, "cross-az");
}

typedef struct {
  guint calls, warm;
} Trace;

static void
trace_cb(const char *subject, const SimRequestRecord *r, gboolean in_warmup, gpointer data)
{
  Trace *t = data;
  (void)r;
  g_assert_cmpstr(subject, ==, "laptop");
  t->calls++;
  t->warm += in_warmup;
}

static void
test_requests(void)
{
  /* warm-up 10 s, run 70 s, bins of 25 s: [10,35) [35,60) [60,70) */
  g_autoptr(SimRecorder) rec = sim_recorder_new(10 * SIM_S, 70 * SIM_S, 25 * SIM_S);
  Trace trace = { 0 };
  sim_recorder_set_trace(rec, trace_cb, &trace);
  guint c = sim_recorder_add_subject(rec, SIM_SUBJECT_CLIENT, "laptop");
  SimRequestRecord r;
  r = req(5, 0.010, SIM_OUTCOME_OK); /* warm-up: excluded */
  sim_recorder_request(rec, c, &r);
  r = req(9.999, 3, SIM_OUTCOME_CONNECT_TIMEOUT); /* starts in warm-up, ends after: excluded */
  sim_recorder_request(rec, c, &r);
  r = req(10, 0.020, SIM_OUTCOME_OK);
  sim_recorder_request(rec, c, &r);
  r = req(20, 0.040, SIM_OUTCOME_OK);
  sim_recorder_request(rec, c, &r);
  r = req(40, 0.030, SIM_OUTCOME_OK);
  sim_recorder_request(rec, c, &r);
  r = req(41, 10, SIM_OUTCOME_CONNECT_TIMEOUT);
  r.detail = "dropped at the public endpoint";
  r.attempts = 3;
  sim_recorder_request(rec, c, &r);
  r = req(65, 10, SIM_OUTCOME_CONNECT_TIMEOUT);
  r.detail = "dropped at the public endpoint";
  sim_recorder_request(rec, c, &r);
  r = req(66, 0.1, SIM_OUTCOME_HTTP_429);
  sim_recorder_request(rec, c, &r);
  g_assert_cmpuint(trace.calls, ==, 8);
  g_assert_cmpuint(trace.warm, ==, 2);

  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  g_assert_cmpuint(res->n_bins, ==, 3);
  g_assert_cmpint(sim_run_result_bin_end(res, 2), ==, 70 * SIM_S);
  const SimResultSubject *s = g_ptr_array_index(res->subjects, 0);
  g_assert_cmpuint(s->requests, ==, 6);
  g_assert_cmpuint(s->outcomes[SIM_OUTCOME_OK], ==, 3);
  g_assert_cmpuint(s->outcomes[SIM_OUTCOME_CONNECT_TIMEOUT], ==, 2);
  g_assert_cmpuint(s->outcomes[SIM_OUTCOME_HTTP_429], ==, 1);
  g_assert_cmpuint(s->attempts, ==, 8);
  g_assert_cmpuint(s->path[0], ==, 6);
  g_assert_cmpuint(s->path[2], ==, 0);
  g_assert_cmpuint(sim_histogram_count(s->latency), ==, 3);
  g_assert_cmpfloat(sim_histogram_mean(s->latency), ==, 30e6);
  g_assert_cmpfloat(s->phase_ns[SIM_PHASE_SERVICE], ==, 45e6);
  g_assert_cmpuint(s->bin_requests[0], ==, 2);
  g_assert_cmpuint(s->bin_requests[1], ==, 2);
  g_assert_cmpuint(s->bin_requests[2], ==, 2);
  g_assert_cmpuint(s->bin_outcomes[1 * SIM_OUTCOME_COUNT + SIM_OUTCOME_CONNECT_TIMEOUT], ==, 1);
  g_assert_cmpfloat(s->bin_p50_ns[0], ==, 20e6);
  g_assert_cmpfloat(s->bin_p99_ns[0], ==, 40e6);
  g_assert_true(isnan(s->bin_p50_ns[2]));
  g_assert_cmpuint(s->failures->len, ==, 2);
  const SimResultFailure *f0 = g_ptr_array_index(s->failures, 0), *f1 = g_ptr_array_index(s->failures, 1);
  g_assert_cmpint(f0->outcome, ==, SIM_OUTCOME_HTTP_429);
  g_assert_cmpstr(f0->detail, ==, "");
  g_assert_cmpint(f1->outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(f1->detail, ==, "dropped at the public endpoint");
  g_assert_cmpuint(f1->count, ==, 2);
}

/* 4 nodes; Ready node-time after the warm-up is integrated exactly, per bin too. */
static void
test_readiness(void)
{
  g_autoptr(SimRecorder) rec = sim_recorder_new(10 * SIM_S, 70 * SIM_S, 30 * SIM_S);
  guint ng = sim_recorder_add_subject(rec, SIM_SUBJECT_NODEGROUP, "ng1");
  sim_recorder_set_nodes(rec, ng, 4);
  for (guint n = 0; n < 4; n++)
    sim_recorder_node_ready(rec, ng, n, TRUE, (SimTime)(n + 1) * SIM_S); /* all Ready by 4 s */
  sim_recorder_node_ready(rec, ng, 2, FALSE, 5 * SIM_S);                 /* warm-up: no transition */
  sim_recorder_node_ready(rec, ng, 2, TRUE, 20 * SIM_S);
  sim_recorder_node_ready(rec, ng, 0, FALSE, 35 * SIM_S);
  sim_recorder_node_ready(rec, ng, 0, FALSE, 36 * SIM_S); /* no change */
  sim_recorder_node_ready(rec, ng, 1, FALSE, 50 * SIM_S);
  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  const SimResultSubject *s = g_ptr_array_index(res->subjects, 0);
  g_assert_cmpuint(s->n_nodes, ==, 4);
  g_assert_cmpuint(s->not_ready_transitions, ==, 2);
  /* [10,20): 3 nodes; [20,35): 4; [35,50): 3; [50,70): 2 -> 30 + 60 + 45 + 40 = 175 node-s */
  g_assert_cmpfloat(s->ready_node_ns, ==, 175e9);
  /* bins [10,40): 30 + 60 + 15 = 105; [40,70): 30 + 40 = 70 */
  g_assert_cmpfloat(s->bin_ready_node_ns[0], ==, 105e9);
  g_assert_cmpfloat(s->bin_ready_node_ns[1], ==, 70e9);
}

static const SimResultValue *
value_named(const SimResultSubject *s, const char *metric)
{
  for (guint i = 0; i < s->values->len; i++) {
    const SimResultValue *v = g_ptr_array_index(s->values, i);
    if (g_str_equal(v->metric, metric))
      return v;
  }
  g_assert_not_reached();
  return NULL;
}

static void
test_counters_gauges(void)
{
  g_autoptr(SimRecorder) rec = sim_recorder_new(10 * SIM_S, 70 * SIM_S, 20 * SIM_S);
  guint net = sim_recorder_add_subject(rec, SIM_SUBJECT_NETWORK, "network");
  guint bytes = sim_recorder_counter(rec, net, "nat_bytes", "bytes");
  guint queue = sim_recorder_gauge(rec, net, "queue_peak", "requests");
  guint idle = sim_recorder_gauge(rec, net, "never_set", "requests");
  (void)idle;
  sim_recorder_add(rec, bytes, 5 * SIM_S, 1000);  /* warm-up */
  sim_recorder_add(rec, bytes, 10 * SIM_S, 100);
  sim_recorder_add(rec, bytes, 45 * SIM_S, 50);
  sim_recorder_add(rec, bytes, 70 * SIM_S, 1);    /* the very end: last bin */
  sim_recorder_gauge_set(rec, queue, 2 * SIM_S, 40); /* held into the first bin */
  sim_recorder_gauge_set(rec, queue, 12 * SIM_S, 5);
  sim_recorder_gauge_set(rec, queue, 55 * SIM_S, 7);
  sim_recorder_set_metric(rec, net, "exposed", "bool", 0);
  sim_recorder_set_metric(rec, net, "exposed", "bool", 1); /* last wins */
  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  const SimResultSubject *s = g_ptr_array_index(res->subjects, 0);
  const SimResultValue *b = value_named(s, "nat_bytes"), *q = value_named(s, "queue_peak");
  g_assert_cmpfloat(b->value, ==, 151);
  g_assert_cmpfloat(b->bins[0], ==, 100);
  g_assert_cmpfloat(b->bins[1], ==, 50);
  g_assert_cmpfloat(b->bins[2], ==, 1);
  g_assert_cmpfloat(q->value, ==, 40);
  g_assert_cmpfloat(q->bins[0], ==, 40); /* 40 held from 2 s until 12 s */
  g_assert_cmpfloat(q->bins[1], ==, 5);  /* 5 held through [30,50) */
  g_assert_cmpfloat(q->bins[2], ==, 7);
  g_assert_true(isnan(value_named(s, "never_set")->value));
  g_assert_cmpfloat(value_named(s, "exposed")->value, ==, 1);
  g_assert_cmpuint(s->values->len, ==, 4);
}

static void
test_fault_window(void)
{
  /* bins of 10 s from 0; client fails during [40, 60) and recovers in the bin starting at 70 */
  g_autoptr(SimRecorder) rec = sim_recorder_new(0, 120 * SIM_S, 10 * SIM_S);
  guint c = sim_recorder_add_subject(rec, SIM_SUBJECT_CLIENT, "c");
  guint f = sim_recorder_add_subject(rec, SIM_SUBJECT_FAULT, "f1");
  sim_recorder_fault_window(rec, f, "nat-gateway-outage", 40 * SIM_S, 60 * SIM_S);
  for (int t = 0; t < 120; t++) {
    SimOutcome o = (t >= 42 && t < 70) ? SIM_OUTCOME_CONNECT_TIMEOUT : SIM_OUTCOME_OK;
    SimRequestRecord r = req(t + 0.5, 0.05, o);
    sim_recorder_request(rec, c, &r);
  }
  sim_recorder_mark(rec, f, "detected", 30 * SIM_S); /* before the window: ignored */
  sim_recorder_mark(rec, f, "detected", 52 * SIM_S);
  sim_recorder_mark(rec, f, "recovered", 75 * SIM_S);
  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  g_assert_cmpuint(res->faults->len, ==, 1);
  const SimResultFault *w = g_ptr_array_index(res->faults, 0);
  g_assert_cmpuint(w->subject, ==, 1);
  g_assert_cmpint(w->detected, ==, 52 * SIM_S);
  g_assert_cmpint(w->recovered, ==, 75 * SIM_S);
  g_assert_cmpuint(w->failed_during, ==, 18);  /* 42..59 */
  g_assert_cmpuint(w->failed_after, ==, 10);   /* 60..69 */
  g_assert_cmpint(w->service_recovered, ==, 70 * SIM_S);
  g_assert_cmpuint(res->marks->len, ==, 3);
}

/* A fault nobody notices: recovered at once; one that never recovers: -1. */
static void
test_fault_no_dip_and_never(void)
{
  g_autoptr(SimRecorder) rec = sim_recorder_new(0, 100 * SIM_S, 10 * SIM_S);
  guint c = sim_recorder_add_subject(rec, SIM_SUBJECT_CLIENT, "c");
  guint f = sim_recorder_add_subject(rec, SIM_SUBJECT_FAULT, "quiet");
  guint g = sim_recorder_add_subject(rec, SIM_SUBJECT_FAULT, "fatal");
  sim_recorder_fault_window(rec, f, "bastion-down", 20 * SIM_S, 30 * SIM_S);
  sim_recorder_fault_window(rec, g, "az-outage", 50 * SIM_S, SIM_TIME_NEVER);
  for (int t = 0; t < 100; t++) {
    SimRequestRecord r = req(t, 0.05, t >= 55 ? SIM_OUTCOME_NO_ROUTE : SIM_OUTCOME_OK);
    sim_recorder_request(rec, c, &r);
  }
  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  const SimResultFault *w0 = g_ptr_array_index(res->faults, 0), *w1 = g_ptr_array_index(res->faults, 1);
  g_assert_cmpint(w0->service_recovered, ==, 20 * SIM_S);
  g_assert_cmpuint(w0->failed_during, ==, 0);
  g_assert_cmpuint(w0->failed_after, ==, 0); /* [30, 50): until the next fault starts */
  g_assert_cmpint(w1->service_recovered, ==, -1);
  g_assert_cmpint(w1->detected, ==, -1);
  g_assert_cmpuint(w1->failed_during, ==, 45);
  g_assert_cmpint(w1->end, ==, SIM_TIME_NEVER);
}

static SimRunResult *
sample_result(void)
{
  g_autoptr(SimRecorder) rec = sim_recorder_new(SIM_S / 3, 100 * SIM_S + 7, SIM_S * 7);
  guint c = sim_recorder_add_subject(rec, SIM_SUBJECT_CLIENT, "laptop");
  guint ng = sim_recorder_add_subject(rec, SIM_SUBJECT_NODEGROUP, "ng \"quoted\"");
  guint f = sim_recorder_add_subject(rec, SIM_SUBJECT_FAULT, "f1");
  guint cnt = sim_recorder_counter(rec, c, "bytes", "bytes");
  guint gauge = sim_recorder_gauge(rec, ng, "queue", "requests");
  sim_recorder_set_nodes(rec, ng, 3);
  for (int i = 0; i < 500; i++) {
    SimRequestRecord r = req(i * 0.2, 0.001 * (i % 37) + 1.0 / 3.0, i % 11 ? SIM_OUTCOME_OK : SIM_OUTCOME_HTTP_5XX);
    r.detail = i % 2 ? "odd, \"detail\"" : NULL;
    sim_recorder_request(rec, i % 3 ? c : ng, &r);
    sim_recorder_add(rec, cnt, r.start, 0.1 * i);
    sim_recorder_gauge_set(rec, gauge, r.start, i % 17);
    sim_recorder_node_ready(rec, ng, (guint)i % 3, i % 5 != 0, r.start);
  }
  sim_recorder_set_metric(rec, c, "cost_usd", "USD", 1e-300);
  sim_recorder_fault_window(rec, f, "az-outage", 10 * SIM_S, SIM_TIME_NEVER);
  sim_recorder_mark(rec, f, "detected", 12 * SIM_S);
  return sim_recorder_finish(rec);
}

static void
test_json_roundtrip(void)
{
  g_autoptr(SimRunResult) res = sample_result();
  res->events = 123456;
  gsize len;
  g_autofree char *text = sim_run_result_to_data(res, &len);
  g_assert_cmpuint(len, ==, strlen(text));
  g_assert_true(g_str_has_suffix(text, "\n"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SimRunResult) back = sim_run_result_from_data(text, -1, &error);
  g_assert_no_error(error);
  g_autofree char *again = sim_run_result_to_data(back, NULL);
  g_assert_cmpstr(text, ==, again);
  const SimResultSubject *s = g_ptr_array_index(back->subjects, 0);
  const SimResultValue *v = g_ptr_array_index(s->values, 1);
  g_assert_cmpfloat(v->value, ==, 1e-300);
  g_assert_cmpuint(back->events, ==, 123456);
  /* The same inputs give the same bytes. */
  g_autoptr(SimRunResult) res2 = sample_result();
  res2->events = 123456;
  g_autofree char *text2 = sim_run_result_to_data(res2, NULL);
  g_assert_cmpstr(text, ==, text2);
}

static void
test_json_damaged(void)
{
  g_autoptr(SimRunResult) res = sample_result();
  g_autofree char *text = sim_run_result_to_data(res, NULL);
  /* Truncations and edits anywhere give an error, never a crash. */
  gsize len = strlen(text);
  for (gsize cut = 0; cut < len; cut += len / 97 + 1) {
    g_autoptr(GError) error = NULL;
    g_autoptr(SimRunResult) r = sim_run_result_from_data(text, (gssize)cut, &error);
    g_assert_null(r);
    g_assert_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT);
  }
  static const char *const edits[][2] = {
    { "\"format\":\"eksim-run-result/1\"", "\"format\":\"eksim-run-result/9\"" },
    { "\"kind\":\"client\"", "\"kind\":\"robot\"" },
    { "\"n_bins\":15", "\"n_bins\":16" },
    { "\"outcome\":\"http-5xx\"", "\"outcome\":\"http-600\"" },
    { "\"subject\":2", "\"subject\":9" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(edits); i++) {
    g_assert_nonnull(strstr(text, edits[i][0]));
    g_autoptr(GString) s = g_string_new(text);
    g_string_replace(s, edits[i][0], edits[i][1], 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(SimRunResult) r = sim_run_result_from_data(s->str, -1, &error);
    g_assert_null(r);
    g_assert_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/recorder/names", test_names);
  g_test_add_func("/recorder/requests-warmup-bins", test_requests);
  g_test_add_func("/recorder/readiness", test_readiness);
  g_test_add_func("/recorder/counters-gauges", test_counters_gauges);
  g_test_add_func("/recorder/fault-window", test_fault_window);
  g_test_add_func("/recorder/fault-no-dip-and-never", test_fault_no_dip_and_never);
  g_test_add_func("/recorder/json-roundtrip", test_json_roundtrip);
  g_test_add_func("/recorder/json-damaged", test_json_damaged);
  return g_test_run();
}
