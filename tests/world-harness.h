/* A small harness for tests that run whole replications from scenario text (header only, so
 * that only the tests that include it link the model). */
#ifndef EKSIM_TESTS_WORLD_HARNESS_H
#define EKSIM_TESTS_WORLD_HARNESS_H

#include <glib.h>
#include <string.h>

#include "eks/world.h"
#include "scenario/scenario.h"
#include "stats/recorder.h"
#include "stats/result.h"

typedef struct {
  char *subject;
  SimRequestRecord r;
  char *detail;
} Rec;

typedef struct {
  GPtrArray *recs; /* Rec* */
} Trace;

G_GNUC_UNUSED static void
rec_free(gpointer p)
{
  Rec *x = p;
  g_free(x->subject);
  g_free(x->detail);
  g_free(x);
}

G_GNUC_UNUSED static void
trace_cb(const char *subject, const SimRequestRecord *r, gboolean in_warmup, gpointer data)
{
  (void)in_warmup;
  Trace *t = data;
  Rec *x = g_new0(Rec, 1);
  x->subject = g_strdup(subject);
  x->r = *r;
  x->detail = g_strdup(r->detail);
  x->r.detail = x->detail;
  g_ptr_array_add(t->recs, x);
}

G_GNUC_UNUSED static SimScenario *
load(const char *text)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "test-world.ini", &err);
  if (scn == NULL)
    g_error("scenario: %s", err->message);
  return scn;
}

/* EKSIM_TEST_TRACE=1 prints every hop, drop and DNS step (debugging aid). */
G_GNUC_UNUSED static void
print_event(const SimTraceEvent *ev, gpointer data)
{
  (void)data;
  char buf[128] = "";
  if (ev->pkt != NULL)
    sim_packet_describe(ev->pkt, buf, sizeof buf);
  static const char *kinds[] = { "hop", "func", "DROP", "deliver", "dns", "conn" };
  g_printerr("%12.6f %-7s %-40s %-28s %s%s%s%s\n", sim_time_to_s(ev->time), kinds[ev->kind],
             ev->node ? ev->node->name : "-", ev->kind == SIM_TRACE_HOP && ev->peer ? ev->peer->name : "",
             buf, ev->kind == SIM_TRACE_DROP ? sim_drop_reason_name(ev->reason) : "",
             ev->text ? " " : "", ev->text ? ev->text : "");
}

/* Runs variant @v; returns the world's network counters through the callback before freeing. */
typedef void (*InspectFunc)(SimWorld *w, gpointer data);

G_GNUC_UNUSED static Trace *run_variant_full(SimScenario *scn, guint v, guint replication,
                                             InspectFunc setup, InspectFunc inspect, gpointer data);

G_GNUC_UNUSED static Trace *
run_variant(SimScenario *scn, guint v, guint replication, InspectFunc inspect, gpointer data)
{
  return run_variant_full(scn, v, replication, NULL, inspect, data);
}

/* The same, calling @setup (may be NULL) once the world is built, before it runs (to schedule a
 * test's own events on sim_world_scheduler()). */
G_GNUC_UNUSED static Trace *
run_variant_full(SimScenario *scn, guint v, guint replication, InspectFunc setup, InspectFunc inspect,
                 gpointer data)
{
  SimConfig *cfg = sim_scenario_get_variant(scn, v);
  Trace *t = g_new0(Trace, 1);
  t->recs = g_ptr_array_new_with_free_func(rec_free);
  SimRecorder *rec = sim_recorder_new(sim_scenario_warmup(scn), sim_scenario_duration(scn),
                                      sim_scenario_bin(scn));
  sim_recorder_set_trace(rec, trace_cb, t);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(cfg, replication, rec, &err);
  g_assert_no_error(err);
  g_assert_nonnull(w);
  if (g_getenv("EKSIM_TEST_TRACE") != NULL) {
    SimTracer tr = { print_event, NULL };
    sim_world_set_tracer(w, &tr);
  }
  if (setup != NULL)
    setup(w, data);
  sim_world_run(w);
  if (inspect != NULL)
    inspect(w, data);
  sim_world_free(w);
  SimRunResult *res = sim_recorder_finish(rec);
  sim_run_result_free(res);
  sim_recorder_free(rec);
  return t;
}

G_GNUC_UNUSED static void
trace_free(Trace *t)
{
  g_ptr_array_free(t->recs, TRUE);
  g_free(t);
}

G_GNUC_UNUSED static const Rec *
first_of(const Trace *t, const char *subject)
{
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (strcmp(x->subject, subject) == 0)
      return x;
  }
  return NULL;
}


#endif
