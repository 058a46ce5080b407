/* Tests for sim/eks/world: whole replications built from scenario text.
 *
 * With every link class at a constant latency, a cold request's end-to-end time is the sum of its
 * hops and round trips, to the nanosecond, for three paths (a laptop through the internet to the
 * public endpoint, a bastion in a public subnet through the internet gateway to the public
 * endpoint, an instance in a private subnet through a cross-account ENI to the private endpoint)
 * and both TLS versions. Also: conservation of packets and requests, byte-identical reruns. */
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

static void
rec_free(gpointer p)
{
  Rec *x = p;
  g_free(x->subject);
  g_free(x->detail);
  g_free(x);
}

static void
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

static SimScenario *
load(const char *text)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "test-world.ini", &err);
  if (scn == NULL)
    g_error("scenario: %s", err->message);
  return scn;
}

/* EKSIM_TEST_TRACE=1 prints every hop, drop and DNS step (debugging aid). */
static void
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

static Trace *
run_variant(SimScenario *scn, guint v, guint replication, InspectFunc inspect, gpointer data)
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
  sim_world_run(w);
  if (inspect != NULL)
    inspect(w, data);
  sim_world_free(w);
  SimRunResult *res = sim_recorder_finish(rec);
  sim_run_result_free(res);
  sim_recorder_free(rec);
  return t;
}

static void
trace_free(Trace *t)
{
  g_ptr_array_free(t->recs, TRUE);
  g_free(t);
}

static const Rec *
first_of(const Trace *t, const char *subject)
{
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (strcmp(x->subject, subject) == 0)
      return x;
  }
  return NULL;
}

#define CONST_LINKS                                                                                \
  "[link.intra-az]\nlatency = const(100us)\n"                                                      \
  "[link.inter-az]\nlatency = const(500us)\n"                                                      \
  "[link.internet]\nlatency = const(20ms)\n"                                                       \
  "[link.region]\nlatency = const(1ms)\n"                                                          \
  "[link.nat]\nlatency = const(50us)\n"                                                            \
  "[link.lb]\nlatency = const(100us)\n"                                                            \
  "[link.control-plane]\nlatency = const(200us)\n"                                                 \
  "[link.vpn]\nlatency = const(10ms)\n"                                                            \
  "[link.dx]\nlatency = const(3ms)\n"                                                              \
  "[apiserver]\nservice.get = const(5ms)\n"

typedef struct {
  const char *mode;
  const char *location;
  SimTime dns, rtt; /* expected DNS time and TCP round trip */
  guint32 path_must;
} PathCase;

static void
check_cold_request(const PathCase *pc)
{
  g_autofree char *text = g_strdup_printf(
      "[scenario]\nname = cold\nduration = 3s\nwarmup = 0\nbin = 1s\nseed = 1\nreplications = 1\n"
      "[cluster]\nendpoint = %s\napi_servers = 1\nsecurity_group_allow = 10.0.0.0/16\n"
      "[vpc]\nnat = none\n"
      "[client.c]\nlocation = %s\nthink_time = const(1s)\nverbs = get:1\n"
      CONST_LINKS
      "[sweep]\nclient.c.tls = 1.3, 1.2\n",
      pc->mode, pc->location);
  g_autoptr(SimScenario) scn = load(text);
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 2);
  for (guint v = 0; v < 2; v++) {
    Trace *t = run_variant(scn, v, 0, NULL, NULL);
    const Rec *x = first_of(t, "c");
    g_assert_nonnull(x);
    g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
    SimTime tls_rtts = v == 0 ? 1 : 2;
    SimTime service = 5 * SIM_MS;
    g_assert_cmpint(x->r.start, ==, 1 * SIM_S);
    g_assert_cmpint(x->r.phase[SIM_PHASE_DNS], ==, pc->dns);
    g_assert_cmpint(x->r.phase[SIM_PHASE_CONNECT], ==, pc->rtt);
    g_assert_cmpint(x->r.phase[SIM_PHASE_TLS], ==, tls_rtts * pc->rtt);
    g_assert_cmpint(x->r.phase[SIM_PHASE_QUEUE], ==, 0);
    g_assert_cmpint(x->r.phase[SIM_PHASE_SERVICE], ==, service);
    g_assert_cmpint(x->r.phase[SIM_PHASE_TRANSFER], ==, pc->rtt);
    g_assert_cmpint(x->r.end - x->r.start, ==, pc->dns + (2 + tls_rtts) * pc->rtt + service);
    g_assert_cmpuint(x->r.path & pc->path_must, ==, pc->path_must);
    trace_free(t);
  }
}

/* laptop -> internet -> public endpoint: DNS through the public resolver (21 ms to it and back,
 * 2 ms to the authoritative server and back); one way 20 + 1 + 0.1 (lb) + 0.2 = 21.3 ms */
static void
test_cold_laptop_public(void)
{
  PathCase pc = { "public", "internet", 46 * SIM_MS, 42600 * SIM_US,
                  SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT };
  check_cold_request(&pc);
}

/* bastion in a public subnet -> internet gateway -> public endpoint: DNS through the VPC resolver
 * (0.1 ms each way, 2 ms each way to the authoritative server); one way 1 + 1 + 0.1 + 0.2 ms */
static void
test_cold_bastion_public(void)
{
  PathCase pc = { "public", "vpc-public", 4200 * SIM_US, 4600 * SIM_US,
                  SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT };
  check_cold_request(&pc);
}

/* instance in a private subnet -> cross-account ENI -> private endpoint: DNS from the private
 * hosted zone (0.1 ms each way); one way 0.1 + 0.2 + 0.1 + 0.2 ms */
static void
test_cold_private_endpoint(void)
{
  PathCase pc = { "private", "vpc-private", 200 * SIM_US, 1200 * SIM_US,
                  SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT | SIM_PATH_PRIVATE_ZONE };
  check_cold_request(&pc);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/world/cold-request/laptop-public-endpoint", test_cold_laptop_public);
  g_test_add_func("/world/cold-request/bastion-public-endpoint", test_cold_bastion_public);
  g_test_add_func("/world/cold-request/private-endpoint-via-eni", test_cold_private_endpoint);
  return g_test_run();
}
