/* Tests for sim/eks/lb, nlb and alb through whole replications: the public endpoint's
 * public_access_cidrs filter (a silent drop: connect timeout, with the drop's detail), the NAT
 * gateway's Elastic IP as the source nodes show, the ALB proxying requests end to end, and the
 * DNS answer following target health. */
#include <glib.h>
#include <string.h>

#include "net/host.h"
#include "net/network.h"

#include "world-harness.h"

static Trace *
run_text(const char *text)
{
  g_autoptr(SimScenario) scn = load(text);
  return run_variant(scn, 0, 0, NULL, NULL);
}

#define BASE "[scenario]\nname = lb\nduration = 40s\nwarmup = 0\nbin = 10s\nseed = 11\n" \
  "[exposure]\nprobes = false\n"

/* A laptop outside public_access_cidrs: its SYNs vanish at the public endpoint (facts §2). */
static void
test_cidr_denied(void)
{
  Trace *t = run_text(BASE "[cluster]\nendpoint = public\npublic_access_cidrs = 203.0.113.0/24\n"
                           "[client.c]\nlocation = internet\nsource_ip = 198.51.100.7\n"
                           "think_time = const(1s)\nverbs = get:1\n");
  const Rec *x = first_of(t, "c");
  g_assert_nonnull(x);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_CIDR_DENIED));
  g_assert_cmpint(x->r.phase[SIM_PHASE_CONNECT], ==, 30 * SIM_S); /* the dial timeout */
  trace_free(t);
  /* the same laptop inside the list */
  t = run_text(BASE "[cluster]\nendpoint = public\npublic_access_cidrs = 198.51.100.0/24\n"
                    "[client.c]\nlocation = internet\nsource_ip = 198.51.100.7\n"
                    "think_time = const(1s)\nverbs = get:1\n");
  x = first_of(t, "c");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  trace_free(t);
}

/* Nodes behind a NAT gateway reach the public endpoint with the gateway's Elastic IP: allowed
 * only when public_access_cidrs contains it (facts §2, §6 #4); az1's gateway is 203.0.113.10. */
static void
test_nat_eip_must_be_allowed(void)
{
  Trace *t = run_text(BASE "[cluster]\nendpoint = public\npublic_access_cidrs = 203.0.113.10/32\n"
                           "[vpc]\nnat = single\n"
                           "[client.c]\nlocation = vpc-private\nthink_time = const(1s)\nverbs = get:1\n");
  const Rec *x = first_of(t, "c");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(x->r.path & SIM_PATH_NAT);
  trace_free(t);
  t = run_text(BASE "[cluster]\nendpoint = public\npublic_access_cidrs = 198.51.100.0/24\n"
                    "[vpc]\nnat = single\n"
                    "[client.c]\nlocation = vpc-private\nthink_time = const(1s)\nverbs = get:1\n");
  x = first_of(t, "c");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_CIDR_DENIED));
  g_assert_true(x->r.path & SIM_PATH_NAT); /* the dropped SYN had crossed the NAT gateway */
  trace_free(t);
}

/* An ALB terminates TLS and routes each request; both TLS versions and HTTP versions work, and
 * requests reach both API servers. */
static void
test_alb_end_to_end(void)
{
  Trace *t = run_text(BASE "[cluster]\nendpoint = public+private\nlb = alb\n"
                           "security_group_allow = 10.0.0.0/16\n"
                           "[client.a]\nlocation = internet\nrate = 5/s\nconnection = reuse\n"
                           "[client.b]\nlocation = vpc-private\nthink_time = exp(500ms)\nhttp = 1.1\n"
                           "tls = 1.2\nverbs = get:0.5, apply:0.5\n");
  guint ok_a = 0, ok_b = 0, bad = 0;
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (x->r.outcome != SIM_OUTCOME_OK)
      bad++;
    else if (strcmp(x->subject, "a") == 0)
      ok_a++;
    else
      ok_b++;
    if (x->r.outcome == SIM_OUTCOME_OK && strcmp(x->subject, "b") == 0)
      g_assert_true(x->r.path & SIM_PATH_XENI);
  }
  g_assert_cmpuint(bad, ==, 0);
  g_assert_cmpuint(ok_a, >, 100);
  g_assert_cmpuint(ok_b, >, 20);
  trace_free(t);
}

/* The endpoint's public name lists only nodes that see a healthy target: with cross-zone off and
 * az1's only API server down, clients resolving after the detection (and the TTL) use az2's node. */
typedef struct {
  SimTime crash_at;
} Crash;

static void
crash_cb(SimScheduler *sched, gpointer data)
{
  (void)sched;
  sim_node_set_up(data, FALSE);
}

static void
test_dns_follows_health(void)
{
  const char *text = "[scenario]\nname = lbdns\nduration = 400s\nwarmup = 0\nbin = 10s\nseed = 2\n"
                     "[exposure]\nprobes = false\n"
                     "[cluster]\nendpoint = public\napi_servers = 2\ndns_ttl = 30s\n"
                     "[client.c]\nlocation = internet\nrate = 2/s\nverbs = get:1\n";
  g_autoptr(SimScenario) scn = load(text);
  Trace t = { g_ptr_array_new_with_free_func(rec_free) };
  SimRecorder *rec = sim_recorder_new(0, 400 * SIM_S, 10 * SIM_S);
  sim_recorder_set_trace(rec, trace_cb, &t);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_no_error(err);
  SimNetwork *net = sim_world_network(w);
  sim_scheduler_at(sim_network_scheduler(net), 100 * SIM_S, crash_cb,
                   sim_network_find_node(net, "apiserver-1-az1"));
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);
  /* detection within 70 s, the public resolver's cached answer within 30 s more, then a
   * request takes at most the dial timeout to fail: nothing fails after crash + 70 + 30 + 31 s */
  guint failed = 0, ok_late = 0;
  for (guint i = 0; i < t.recs->len; i++) {
    const Rec *x = g_ptr_array_index(t.recs, i);
    if (x->r.outcome != SIM_OUTCOME_OK) {
      failed++;
      g_assert_cmpint(x->r.start, >=, 99 * SIM_S);
      g_assert_cmpint(x->r.start, <=, 200 * SIM_S);
    } else if (x->r.start > 200 * SIM_S) {
      ok_late++;
    }
  }
  g_assert_cmpuint(failed, >, 0);
  g_assert_cmpuint(ok_late, >, 300);
  g_ptr_array_free(t.recs, TRUE);
}

/* An HTTP/1.1 connection kept idle for 400 s: the NLB forgot the flow after 350 s and resets the
 * next request (facts §5.5); an HTTP/2 connection stays alive through its health-check PINGs. */
static void
test_nlb_idle_timeout(void)
{
  const char *fmt = "[scenario]\nname = idle\nduration = 900s\nwarmup = 0\nbin = 100s\nseed = 4\n"
                    "[exposure]\nprobes = false\n"
                    "[cluster]\nendpoint = public\n"
                    "[client.c]\nlocation = internet\nthink_time = const(400s)\nverbs = get:1\n"
                    "connection = reuse\nhttp = %s\n";
  for (guint h = 0; h < 2; h++) {
    g_autofree char *text = g_strdup_printf(fmt, h == 0 ? "1.1" : "2");
    Trace *t = run_text(text);
    g_assert_cmpuint(t->recs->len, ==, 2);
    const Rec *first = g_ptr_array_index(t->recs, 0), *second = g_ptr_array_index(t->recs, 1);
    g_assert_cmpint(first->r.outcome, ==, SIM_OUTCOME_OK);
    g_assert_cmpint(second->r.start, >, 800 * SIM_S);
    if (h == 0) {
      g_assert_cmpint(second->r.outcome, ==, SIM_OUTCOME_CONNECTION_RESET);
    } else {
      g_assert_cmpint(second->r.outcome, ==, SIM_OUTCOME_OK);
      g_assert_cmpint(second->r.phase[SIM_PHASE_CONNECT], ==, 0); /* same connection */
    }
    trace_free(t);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/lb/public-access-cidrs-drop-silently", test_cidr_denied);
  g_test_add_func("/lb/nat-elastic-ip-must-be-allowed", test_nat_eip_must_be_allowed);
  g_test_add_func("/lb/alb-end-to-end", test_alb_end_to_end);
  g_test_add_func("/lb/nlb-idle-timeout-350s", test_nlb_idle_timeout);
  g_test_add_func("/lb/dns-lists-nodes-with-healthy-targets", test_dns_follows_health);
  return g_test_run();
}
