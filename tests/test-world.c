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
#include "net/host.h"
#include "net/network.h"
#include "scenario/scenario.h"
#include "stats/recorder.h"
#include "stats/result.h"

#include "world-harness.h"

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

/* A laptop asks for a private-only endpoint: public DNS answers the ENIs' private addresses, the
 * internet drops the SYNs (no route), and the connect fails at exactly 127 s after the DNS answer
 * with default SYN retries, or at the dial timeout when that is shorter (facts §1.8 (a), §5.4). */
static void
test_syn_blackhole(void)
{
  const char *text =
      "[scenario]\nname = blackhole\nduration = 200s\nwarmup = 0\nbin = 10s\nseed = 1\n"
      "[cluster]\nendpoint = private\napi_servers = 1\n"
      "[vpc]\nnat = none\n"
      "[client.c]\nlocation = internet\nthink_time = const(1s)\nverbs = get:1\ntimeout = 1h\n"
      CONST_LINKS
      "[sweep]\nclient.c.dial_timeout = 1h, 30s\n";
  g_autoptr(SimScenario) scn = load(text);
  SimTime expect[2] = { 127 * SIM_S, 30 * SIM_S };
  for (guint v = 0; v < 2; v++) {
    Trace *t = run_variant(scn, v, 0, NULL, NULL);
    const Rec *x = first_of(t, "c");
    g_assert_nonnull(x);
    g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
    g_assert_cmpint(x->r.phase[SIM_PHASE_DNS], ==, 46 * SIM_MS);
    g_assert_cmpint(x->r.end - x->r.start, ==, 46 * SIM_MS + expect[v]);
    g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_NO_ROUTE));
    g_assert_true(x->r.path & SIM_PATH_INTERNET);
    trace_free(t);
  }
}

/* ---- a failed API server behind the NLB ---- */

typedef struct {
  SimTime crash_at;
  GArray *detected; /* SimTime: when a node marked apiserver-1 unhealthy */
} Failover;

static void
crash(SimScheduler *sched, gpointer data)
{
  (void)sched;
  sim_node_set_up(data, FALSE);
}

static void
watch_health(const SimTraceEvent *ev, gpointer data)
{
  Failover *f = data;
  if (ev->kind == SIM_TRACE_FUNCTION && ev->text != NULL &&
      strstr(ev->text, "target apiserver-1-az1 is unhealthy") != NULL)
    g_array_append_val(f->detected, ev->time);
}

static void
test_nlb_failover(void)
{
  const char *text =
      "[scenario]\nname = failover\nduration = 300s\nwarmup = 0\nbin = 10s\nseed = 3\n"
      "[cluster]\nendpoint = public\napi_servers = 2\n"
      "[loadbalancer]\ncross_zone = true\n"
      "[vpc]\nnat = none\n"
      "[client.c]\nlocation = internet\nrate = 5/s\nverbs = get:1\n";
  g_autoptr(SimScenario) scn = load(text);
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  Trace t = { g_ptr_array_new_with_free_func(rec_free) };
  Failover f = { 100 * SIM_S, g_array_new(FALSE, FALSE, sizeof(SimTime)) };
  SimRecorder *rec = sim_recorder_new(0, 300 * SIM_S, 10 * SIM_S);
  sim_recorder_set_trace(rec, trace_cb, &t);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(cfg, 0, rec, &err);
  g_assert_no_error(err);
  SimNetwork *net = sim_world_network(w);
  SimNode *victim = sim_network_find_node(net, "apiserver-1-az1");
  g_assert_nonnull(victim);
  sim_scheduler_at(sim_network_scheduler(net), f.crash_at, crash, victim);
  SimTracer tr = { watch_health, &f };
  sim_world_set_tracer(w, &tr);
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);

  /* both load balancer nodes check the target: each detects two failed checks after the crash,
   * each check failing at its 10 s timeout: within (crash + 40 s, crash + 70 s] */
  g_assert_cmpuint(f.detected->len, ==, 2);
  SimTime last = 0;
  for (guint i = 0; i < f.detected->len; i++) {
    SimTime d = g_array_index(f.detected, SimTime, i);
    g_assert_cmpint(d, >, f.crash_at + 40 * SIM_S);
    g_assert_cmpint(d, <=, f.crash_at + 70 * SIM_S);
    last = MAX(last, d);
  }
  guint failed = 0, ok_after = 0;
  for (guint i = 0; i < t.recs->len; i++) {
    const Rec *x = g_ptr_array_index(t.recs, i);
    if (x->r.outcome != SIM_OUTCOME_OK) {
      failed++;
      /* only requests in flight at the crash or started before the detection fail */
      g_assert_cmpint(x->r.start, >=, f.crash_at - 1 * SIM_S);
      g_assert_cmpint(x->r.start, <, last);
      g_assert_true(x->r.outcome == SIM_OUTCOME_CONNECTION_RESET ||
                    x->r.outcome == SIM_OUTCOME_CONNECT_TIMEOUT);
    } else if (x->r.start > last) {
      ok_after++;
    }
  }
  g_assert_cmpuint(failed, >, 0);
  g_assert_cmpuint(ok_after, >, 500);
  g_array_free(f.detected, TRUE);
  g_ptr_array_free(t.recs, TRUE);
}

/* ---- conservation and determinism over a mixed scenario ---- */

#define MIXED                                                                                      \
  "[scenario]\nname = mixed\nduration = 120s\nwarmup = 10s\nbin = 10s\nseed = 9\n"                 \
  "[exposure]\nprobes = false\n"                                                                   \
  "[cluster]\nendpoint = public+private\nsecurity_group_allow = 10.0.0.0/16, 10.50.0.0/16, "        \
  "10.60.0.0/16\n"                                                                                  \
  "[vpc]\nnat = single\nresolver_inbound_endpoint = true\n"                                        \
  "[network.peer]\nkind = peered-vpc\ncidr = 10.50.0.0/16\ndns_forwarding = true\n"                \
  "[network.corp]\nkind = onprem-vpn\ncidr = 10.60.0.0/16\negress_ip = 203.0.113.99\n"             \
  "[link.internet]\nloss = 0.02\n"                                                                 \
  "[client.laptop]\nlocation = internet\nrate = 2/s\nverbs = get:0.5, list:0.3, apply:0.2\n"      \
  "[client.bastion]\nlocation = vpc-public\nthink_time = exp(1s)\nhttp = 1.1\ntls = 1.2\n"         \
  "[client.worker]\nlocation = vpc-private\nrate = 5/s\nconnection = reuse\ncount = 2\n"           \
  "[client.peer]\nlocation = network.peer\nthink_time = exp(2s)\n"                                 \
  "[client.corp]\nlocation = network.corp\nthink_time = exp(2s)\n"

typedef struct {
  guint n_clients;
  guint64 issued, finished, outstanding;
  guint64 sent, delivered, dropped, transit, live;
} Counts;

static void
inspect_counts(SimWorld *w, gpointer data)
{
  Counts *c = data;
  c->n_clients = sim_world_n_clients(w);
  for (guint i = 0; i < c->n_clients; i++) {
    SimClient *cl = sim_world_client(w, i);
    c->issued += sim_client_issued(cl);
    c->finished += sim_client_finished(cl);
    c->outstanding += sim_client_outstanding(cl);
    guint64 sum = 0;
    for (guint o = 0; o < SIM_OUTCOME_COUNT; o++)
      sum += sim_client_outcomes(cl, (SimOutcome)o);
    g_assert_cmpuint(sum, ==, sim_client_finished(cl));
  }
  SimNetwork *net = sim_world_network(w);
  c->sent = sim_network_packets_sent(net);
  c->delivered = sim_network_packets_delivered(net);
  c->dropped = sim_network_packets_dropped_total(net);
  c->transit = sim_network_packets_in_transit(net);
  c->live = sim_network_packets_live(net);
}

static void
test_conservation(void)
{
  g_autoptr(SimScenario) scn = load(MIXED);
  Counts c = { 0 };
  Trace *t = run_variant(scn, 0, 0, inspect_counts, &c);
  g_assert_cmpuint(c.n_clients, ==, 6);
  /* requests issued = sum of outcomes + still outstanding; every finished one was recorded */
  g_assert_cmpuint(c.issued, ==, c.finished + c.outstanding);
  g_assert_cmpuint(t->recs->len, ==, c.finished);
  /* packets sent = delivered + dropped + in transit (counted apart); none lost track of */
  g_assert_cmpuint(c.sent, ==, c.delivered + c.dropped + c.transit);
  g_assert_cmpuint(c.live, ==, c.transit);
  g_assert_cmpuint(c.dropped, >, 0); /* the internet's 2% loss */
  /* every client got answers */
  const char *names[] = { "laptop", "bastion", "worker", "peer", "corp" };
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    guint ok = 0;
    guint32 path = 0;
    for (guint j = 0; j < t->recs->len; j++) {
      const Rec *x = g_ptr_array_index(t->recs, j);
      if (strcmp(x->subject, names[i]) == 0 && x->r.outcome == SIM_OUTCOME_OK) {
        ok++;
        path |= x->r.path;
      }
    }
    g_test_message("%s: %u ok, path 0x%x", names[i], ok, path);
    g_assert_cmpuint(ok, >, 10);
    if (strcmp(names[i], "peer") == 0)
      g_assert_true((path & (SIM_PATH_PEERING | SIM_PATH_XENI | SIM_PATH_INBOUND_RESOLVER)) ==
                    (SIM_PATH_PEERING | SIM_PATH_XENI | SIM_PATH_INBOUND_RESOLVER));
    if (strcmp(names[i], "corp") == 0)
      g_assert_true((path & SIM_PATH_PUBLIC_ENDPOINT) && !(path & SIM_PATH_XENI));
    if (strcmp(names[i], "worker") == 0)
      g_assert_true((path & SIM_PATH_PRIVATE_ZONE) && (path & SIM_PATH_XENI) && !(path & SIM_PATH_NAT));
  }
  trace_free(t);
}

static gboolean
same_trace(const Trace *a, const Trace *b)
{
  if (a->recs->len != b->recs->len)
    return FALSE;
  for (guint i = 0; i < a->recs->len; i++) {
    const Rec *x = g_ptr_array_index(a->recs, i), *y = g_ptr_array_index(b->recs, i);
    if (strcmp(x->subject, y->subject) != 0 || x->r.start != y->r.start || x->r.end != y->r.end ||
        x->r.outcome != y->r.outcome || x->r.path != y->r.path || x->r.attempts != y->r.attempts ||
        memcmp(x->r.phase, y->r.phase, sizeof x->r.phase) != 0 ||
        g_strcmp0(x->r.detail, y->r.detail) != 0)
      return FALSE;
  }
  return TRUE;
}

static void
test_deterministic(void)
{
  g_autoptr(SimScenario) scn = load(MIXED);
  Trace *a = run_variant(scn, 0, 0, NULL, NULL);
  Trace *b = run_variant(scn, 0, 0, NULL, NULL);
  Trace *c = run_variant(scn, 0, 1, NULL, NULL);
  g_assert_true(same_trace(a, b));
  g_assert_false(same_trace(a, c));
  trace_free(a);
  trace_free(b);
  trace_free(c);
}

/* The tracer sees every hop in time order, the DNS answer with its zone and addresses, and a drop
 * with its reason and the source that was refused (what eksim explain prints). */
typedef struct {
  guint hops, dns_private_answer, cidr_drops, functions;
  SimTime last;
  gboolean ordered;
  gboolean saw_nat_eip;
} TraceSeen;

static void
collect(const SimTraceEvent *ev, gpointer data)
{
  TraceSeen *t = data;
  if (ev->time < t->last)
    t->ordered = FALSE;
  t->last = ev->time;
  switch (ev->kind) {
  case SIM_TRACE_HOP:
    t->hops++;
    g_assert_nonnull(ev->peer);
    g_assert_nonnull(ev->pkt);
    break;
  case SIM_TRACE_DNS:
    if (strstr(ev->text, "answers") != NULL && strstr(ev->text, "private") != NULL)
      t->dns_private_answer++;
    break;
  case SIM_TRACE_DROP:
    if (ev->reason == SIM_DROP_CIDR_DENIED) {
      g_assert_nonnull(ev->text);
      g_assert_nonnull(strstr(ev->text, "source 203.0.113.10 is not in public_access_cidrs"));
      t->cidr_drops++;
    }
    break;
  case SIM_TRACE_FUNCTION:
    t->functions++;
    if (strstr(ev->text, "NAT gateway nat-gateway-az1: source") != NULL &&
        strstr(ev->text, "-> 10.0.") != NULL)
      t->saw_nat_eip = TRUE;
    break;
  default:
    break;
  }
}

static void
test_tracer(void)
{
  const char *text =
      "[scenario]\nname = trace\nduration = 20s\nwarmup = 0\nbin = 10s\nseed = 1\n"
      "[exposure]\nprobes = false\n"
      "[cluster]\nendpoint = public+private\npublic_access_cidrs = 198.51.100.0/24\n"
      "security_group_allow = 10.0.0.0/16\n"
      "[vpc]\nnat = single\n"
      "[client.inside]\nlocation = vpc-private\nthink_time = const(1s)\nverbs = get:1\n"
      "[client.viaNat]\nlocation = vpc-private\nthink_time = const(2s)\nverbs = get:1\n"
      "dns_cache = false\n";
  g_autoptr(SimScenario) scn = load(text);
  g_autoptr(GError) err = NULL;
  SimRecorder *rec = sim_recorder_new(0, 20 * SIM_S, 10 * SIM_S);
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_no_error(err);
  TraceSeen t = { .ordered = TRUE };
  SimTracer tr = { collect, &t };
  sim_world_set_tracer(w, &tr);
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);
  g_assert_true(t.ordered);
  g_assert_cmpuint(t.hops, >, 50);
  g_assert_cmpuint(t.dns_private_answer, >, 0);
  g_assert_cmpuint(t.functions, >, 0);
}

/* A NAT'd source outside public_access_cidrs, traced: the drop names the refused address. */
static void
test_tracer_cidr_drop(void)
{
  const char *text =
      "[scenario]\nname = trace2\nduration = 20s\nwarmup = 0\nbin = 10s\nseed = 1\n"
      "[exposure]\nprobes = false\n"
      "[cluster]\nendpoint = public\npublic_access_cidrs = 198.51.100.0/24\n"
      "[vpc]\nnat = single\n"
      "[client.c]\nlocation = vpc-private\nthink_time = const(1s)\nverbs = get:1\n";
  g_autoptr(SimScenario) scn = load(text);
  g_autoptr(GError) err = NULL;
  SimRecorder *rec = sim_recorder_new(0, 20 * SIM_S, 10 * SIM_S);
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_no_error(err);
  TraceSeen t = { .ordered = TRUE };
  SimTracer tr = { collect, &t };
  sim_world_set_tracer(w, &tr);
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);
  g_assert_cmpuint(t.cidr_drops, >=, 3); /* the SYN and its retransmissions */
  g_assert_true(t.saw_nat_eip);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/world/cold-request/laptop-public-endpoint", test_cold_laptop_public);
  g_test_add_func("/world/cold-request/bastion-public-endpoint", test_cold_bastion_public);
  g_test_add_func("/world/cold-request/private-endpoint-via-eni", test_cold_private_endpoint);
  g_test_add_func("/world/syn-blackhole-127s-or-dial-timeout", test_syn_blackhole);
  g_test_add_func("/world/nlb-failed-apiserver-fails-until-detected", test_nlb_failover);
  g_test_add_func("/world/conservation", test_conservation);
  g_test_add_func("/world/deterministic", test_deterministic);
  g_test_add_func("/world/tracer-sees-hops-dns-functions", test_tracer);
  g_test_add_func("/world/tracer-names-refused-source", test_tracer_cidr_drop);
  return g_test_run();
}
