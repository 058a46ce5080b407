/* Tests for sim/fault/: faults injected into whole replications, and the dynamics that follow
 * from the model (issue 6, "Done when"). Every test runs the real model from scenario text and
 * checks times against the mechanisms' own parameters: load balancer health checks (interval,
 * timeout, thresholds), DNS TTLs, the HTTP/2 connection health check (30 s + 15 s), dial timeouts,
 * endpoint-update propagation. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "eks/world.h"
#include "fault/fault.h"
#include "net/host.h"
#include "scenario/scenario.h"
#include "stats/recorder.h"
#include "stats/result.h"

#include "world-harness.h"

typedef struct {
  Trace trace;
  SimRunResult *res;
} Run;

typedef void (*Inspect)(SimWorld *w, gpointer data);

static Run *run_text_inspect(const char *text, guint variant, Inspect inspect, gpointer data);

static Run *
run_text(const char *text, guint variant)
{
  return run_text_inspect(text, variant, NULL, NULL);
}

static Run *
run_text_inspect(const char *text, guint variant, Inspect inspect, gpointer data)
{
  g_autoptr(SimScenario) scn = load(text);
  SimConfig *cfg = sim_scenario_get_variant(scn, variant);
  Run *run = g_new0(Run, 1);
  run->trace.recs = g_ptr_array_new_with_free_func(rec_free);
  SimRecorder *rec = sim_recorder_new(sim_scenario_warmup(scn), sim_scenario_duration(scn), sim_scenario_bin(scn));
  sim_recorder_set_trace(rec, trace_cb, &run->trace);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(cfg, 0, rec, &err);
  g_assert_no_error(err);
  if (g_getenv("EKSIM_TEST_TRACE") != NULL) {
    SimTracer tr = { print_event, NULL };
    sim_world_set_tracer(w, &tr);
  }
  sim_world_run(w);
  if (inspect != NULL)
    inspect(w, data);
  sim_world_free(w);
  run->res = sim_recorder_finish(rec);
  sim_recorder_free(rec);
  return run;
}

static void
run_free(Run *run)
{
  g_ptr_array_free(run->trace.recs, TRUE);
  sim_run_result_free(run->res);
  g_free(run);
}

/* The window of fault subject @name. */
static const SimResultFault *
window(const Run *run, const char *name)
{
  for (guint i = 0; i < run->res->faults->len; i++) {
    const SimResultFault *f = g_ptr_array_index(run->res->faults, i);
    const SimResultSubject *s = g_ptr_array_index(run->res->subjects, f->subject);
    if (strcmp(s->name, name) == 0)
      return f;
  }
  g_error("no fault window %s", name);
  return NULL;
}

/* Counts of @subject's requests started in [from, to): all and failed. */
static void
count(const Run *run, const char *subject, SimTime from, SimTime to, guint *all, guint *failed)
{
  *all = *failed = 0;
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->subject, subject) != 0 || x->r.start < from || x->r.start >= to)
      continue;
    (*all)++;
    if (x->r.outcome != SIM_OUTCOME_OK)
      (*failed)++;
  }
}

/* First and last start of @subject's failed requests (-1 if none). */
static void
failure_span(const Run *run, const char *subject, SimTime *first, SimTime *last)
{
  *first = *last = -1;
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->subject, subject) != 0 || x->r.outcome == SIM_OUTCOME_OK)
      continue;
    if (*first < 0)
      *first = x->r.start;
    *last = MAX(*last, x->r.start);
  }
}

/* Clusters of failed requests of @subject (a gap over @gap starts a new one): their spans from
 * the first failure's start to the last one's end. */
static GArray *
failure_clusters(const Run *run, const char *subject, SimTime gap)
{
  GArray *spans = g_array_new(FALSE, FALSE, sizeof(SimTime) * 2);
  SimTime a = -1, b = -1;
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->subject, subject) != 0 || x->r.outcome == SIM_OUTCOME_OK)
      continue;
    if (a >= 0 && x->r.start > b + gap) {
      SimTime s[2] = { a, b };
      g_array_append_vals(spans, s, 1);
      a = -1;
    }
    if (a < 0)
      a = x->r.start;
    b = MAX(b, x->r.end);
  }
  if (a >= 0) {
    SimTime s[2] = { a, b };
    g_array_append_vals(spans, s, 1);
  }
  return spans;
}

static SimTime
first_mark(const Run *run, const char *fault, const char *what)
{
  const SimResultFault *f = window(run, fault);
  for (guint i = 0; i < run->res->marks->len; i++) {
    const SimResultMark *m = g_ptr_array_index(run->res->marks, i);
    if (m->subject == f->subject && strcmp(m->what, what) == 0)
      return m->at;
  }
  return -1;
}

/* ---- api-server-crash behind an NLB ---- */

/* One of two API servers crashes for 200 s. The NLB's nodes keep sending to it until two checks
 * in a row fail (interval 30 s, each failing at its 10 s timeout): the first node to notice does
 * so within (30 + 10, 2 x 30 + 10] s of the crash, the last within 70 s. Requests fail only until
 * then; afterwards the remaining instance serves everything. After the restart the target is
 * healthy again after 5 passed checks, and the "recovered" mark says when every node agrees. */
static void
test_crash_nlb(void)
{
  const char *text =
      "[scenario]\nname = crash\nduration = 500s\nwarmup = 0\nbin = 10s\nseed = 3\n"
      "[cluster]\nendpoint = public\napi_servers = 2\n"
      "[loadbalancer]\ncross_zone = true\n"
      "[vpc]\nnat = none\n"
      "[client.c]\nlocation = internet\nrate = 5/s\nverbs = get:1\n"
      "[fault.crash]\nkind = api-server-crash\ntarget = apiserver-1-az1\nat = 100s\nduration = 200s\n";
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "crash");
  SimTime at = 100 * SIM_S, end = 300 * SIM_S;
  g_assert_cmpint(f->start, ==, at);
  g_assert_cmpint(f->end, ==, end);
  g_assert_cmpint(f->detected, >, at + 40 * SIM_S);
  g_assert_cmpint(f->detected, <=, at + 70 * SIM_S);
  SimTime first, last;
  failure_span(run, "c", &first, &last);
  g_assert_cmpint(first, >=, at - 1 * SIM_S); /* a request in flight at the crash */
  g_assert_cmpint(last, <, at + 70 * SIM_S);
  guint all, failed;
  count(run, "c", at + 70 * SIM_S, 500 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0); /* full availability on the remaining instance, and after */
  g_assert_cmpuint(all, >, 1500);
  g_assert_cmpuint(f->failed_during, >, 0);
  g_assert_cmpuint(f->failed_after, ==, 0);
  /* back in service: healthy after 5 passed checks (4 to 5 intervals after the restart) */
  g_assert_cmpint(f->recovered, >, end + 4 * 30 * SIM_S);
  g_assert_cmpint(f->recovered, <=, end + 5 * 30 * SIM_S + 1 * SIM_S);
  /* the window's load was measured (nothing queued at 5/s on 16 workers) */
  g_assert_cmpint(f->http_429, ==, 0);
  g_assert_cmpint(f->queue_peak, >=, 0);
  g_assert_cmpint(f->nodes_not_ready_peak, ==, -1);
  run_free(run);
}

/* ---- endpoint-change public -> private ---- */

/* The update is requested at 100 s and completes 60 s later. From then on the laptop cannot
 * reach the cluster: its cached public answer leads to a public endpoint that is off, and the
 * new answer is a private address the internet does not route. The bastion's resolver holds the
 * public answer until its TTL (60 s) runs out; from then on the bastion uses the private endpoint
 * through a cross-account ENI. */
static void
test_endpoint_change(void)
{
  const char *text =
      "[scenario]\nname = switch\nduration = 400s\nwarmup = 0\nbin = 10s\nseed = 4\n"
      "[cluster]\nendpoint = public\nsecurity_group_allow = 10.0.0.0/16\ndns_ttl = 60s\n"
      "[vpc]\nnat = none\n"
      "[client.laptop]\nlocation = internet\nrate = 2/s\nverbs = get:1\n"
      "[client.bastion]\nlocation = vpc-public\nrate = 2/s\nverbs = get:1\n"
      "[fault.switch]\nkind = endpoint-change\nendpoint = private\nat = 100s\npropagation = 60s\n";
  Run *run = run_text(text, 0);
  SimTime effect = 160 * SIM_S;
  g_assert_cmpint(first_mark(run, "switch", "in-effect"), ==, effect);
  guint all, failed;
  count(run, "laptop", 0, effect - 1 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  g_assert_cmpuint(all, >, 250);
  count(run, "laptop", effect, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, all); /* after propagation: nothing from the internet */
  g_assert_cmpuint(all, >, 400);
  count(run, "bastion", 0, effect - 1 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  count(run, "bastion", effect + 60 * SIM_S, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0); /* the bastion works through the private endpoint */
  g_assert_cmpuint(all, >, 300);
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->subject, "bastion") == 0 && x->r.start >= effect + 60 * SIM_S)
      g_assert_true(x->r.path & SIM_PATH_PRIVATE_ENDPOINT);
  }
  run_free(run);
}

/* ---- control-plane upgrade ---- */

#define UPGRADE(ttl)                                                                               \
  "[scenario]\nname = upgrade\nduration = 900s\nwarmup = 0\nbin = 10s\nseed = 5\n"                 \
  "[cluster]\nendpoint = private\napi_servers = 2\ndns_ttl = " ttl "\n"                            \
  "security_group_allow = 10.0.0.0/16\n"                                                           \
  "[vpc]\nnat = none\n"                                                                            \
  "[client.kubectl]\nlocation = vpc-private\nrate = 2/s\nverbs = get:1\n"                          \
  "[client.watcher]\nlocation = vpc-private\nrate = 2/s\nverbs = get:1\nconnection = reuse\n"      \
  "dns_cache = true\n"                                                                             \
  "[fault.upgrade]\nkind = control-plane-upgrade\nat = 100s\npace = 120s\ndrain = 60s\n"

/* The ENIs move to new addresses at 100 s, then each API server is replaced make-before-break.
 * kubectl resolves for every call and connects only to registered, healthy instances: at most
 * the call in flight at the instant an ENI moves can fail, never a dip. The watcher's long-lived
 * connection dies twice (its ENI moves; later its instance is terminated): each time its failures
 * last at most the 45 s health check, or, with a long TTL, until its cached answer expires, plus
 * one dial timeout (30 s). */
static void
test_upgrade(void)
{
  static const struct { const char *text; SimTime ttl; } cases[] = {
    { UPGRADE("60s"), 60 * SIM_S },
    { UPGRADE("300s"), 300 * SIM_S },
  };
  for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
    Run *run = run_text(cases[c].text, 0);
    const SimResultFault *f = window(run, "upgrade");
    /* both instances replaced one after the other, each new one healthy after 5 checks (more
     * than 4 intervals), the last old one drained 60 s */
    g_assert_cmpint(f->end, >, f->start + (2 * 4 * 30 + 60) * SIM_S);
    g_assert_cmpint(f->end, <, 900 * SIM_S);
    guint all, failed;
    count(run, "kubectl", 0, 900 * SIM_S, &all, &failed);
    g_assert_cmpuint(all, >, 1500);
    g_assert_cmpuint(failed, <=, 1);
    g_autoptr(GArray) spans = failure_clusters(run, "watcher", 10 * SIM_S);
    g_assert_cmpuint(spans->len, >=, 1);
    SimTime bound = MAX(cases[c].ttl, 45 * SIM_S) + 30 * SIM_S + 1 * SIM_S;
    SimTime longest = 0;
    for (guint i = 0; i < spans->len; i++) {
      const SimTime *s = &g_array_index(spans, SimTime, 2 * i);
      g_assert_cmpint(s[0], >=, f->start);
      g_assert_cmpint(s[1] - s[0], <=, bound);
      longest = MAX(longest, s[1] - s[0]);
    }
    if (c == 1) /* the stale cached answer, not the health check, sets the dip */
      g_assert_cmpint(longest, >, 45 * SIM_S + 30 * SIM_S);
    run_free(run);
  }
}


/* ---- elements that fail and recover ---- */

#define BASE(name, extra)                                                                          \
  "[scenario]\nname = " name "\nduration = 400s\nwarmup = 0\nbin = 10s\nseed = 7\n" extra

/* A load balancer node fails. AWS's own check of the node (every 10 s, out after 3 failures)
 * takes its address out of DNS 20-30 s later: that is the detection. Clients keep failing while
 * the public resolver's cached answer (TTL 60 s) still hands the address out, plus a dial timeout,
 * and not after. The node is back in DNS 20-30 s after the fault. */
static void
test_lb_node_failure(void)
{
  const char *text = BASE("lbnode", "[cluster]\nendpoint = public\ndns_ttl = 60s\n"
                                    "[vpc]\nnat = none\n"
                                    "[client.c]\nlocation = internet\nrate = 4/s\nverbs = get:1\n"
                                    "[fault.f]\nkind = lb-node-failure\ntarget = az1\nat = 100s\n"
                                    "duration = 150s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  g_assert_cmpint(f->detected, >, f->start + 20 * SIM_S);
  g_assert_cmpint(f->detected, <=, f->start + 30 * SIM_S);
  SimTime first, last;
  failure_span(run, "c", &first, &last);
  g_assert_cmpint(first, >=, f->start - 1 * SIM_S);
  g_assert_cmpint(last, <, f->detected + 60 * SIM_S + 30 * SIM_S);
  g_assert_cmpuint(f->failed_during, >, 10);
  g_assert_cmpint(f->recovered, >, f->end + 20 * SIM_S);
  g_assert_cmpint(f->recovered, <=, f->end + 30 * SIM_S);
  guint all, failed;
  count(run, "c", f->detected + 90 * SIM_S, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* The cluster VPC's resolver stops for 60 s: lookups time out after 2 x 5 s (glibc); every call
 * that has to resolve in the window fails as dns-timeout, nothing fails after it. */
static void
test_resolver_outage(void)
{
  const char *text = BASE("resolver", "[cluster]\nendpoint = public\n"
                                      "[vpc]\nnat = none\n"
                                      "[client.b]\nlocation = vpc-public\nrate = 2/s\nverbs = get:1\n"
                                      "[fault.f]\nkind = resolver-outage\n"
                                      "target = cluster-vpc/route53-resolver\nat = 100s\nduration = 60s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  guint all, failed;
  count(run, "b", f->start + 1 * SIM_S, f->end - 10 * SIM_S, &all, &failed);
  g_assert_cmpuint(all, >, 50);
  g_assert_cmpuint(failed, ==, all);
  count(run, "b", f->end, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (x->r.outcome != SIM_OUTCOME_OK) {
      g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_DNS_TIMEOUT);
      g_assert_cmpint(x->r.start, >=, f->start - 1 * SIM_S);
      g_assert_cmpint(x->r.start, <, f->end);
    }
  }
  g_assert_cmpint(f->detected, ==, -1); /* nothing in the model watches a resolver */
  run_free(run);
}

/* The bastion is down for 60 s: its users' calls fail; the laptop does not notice. */
static void
test_bastion_down(void)
{
  const char *text = BASE("bastion", "[cluster]\nendpoint = public\n"
                                     "[vpc]\nnat = none\n"
                                     "[client.bastion]\nlocation = vpc-public\nrate = 2/s\nverbs = get:1\n"
                                     "[client.laptop]\nlocation = internet\nrate = 2/s\nverbs = get:1\n"
                                     "[fault.f]\nkind = bastion-down\ntarget = client.bastion\nat = 100s\n"
                                     "duration = 60s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  guint all, failed;
  count(run, "bastion", f->start + 1 * SIM_S, f->end - 10 * SIM_S, &all, &failed);
  g_assert_cmpuint(all, >, 50);
  g_assert_cmpuint(failed, ==, all);
  count(run, "bastion", f->end, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  count(run, "laptop", 0, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* The VPN to on-prem is down for 60 s: on-prem clients of a private endpoint time out (DNS
 * answers come from public DNS through the on-prem breakout, the connection needs the tunnel);
 * afterwards they work. */
static void
test_vpn_down(void)
{
  const char *text = BASE("vpn", "[cluster]\nendpoint = private\nsecurity_group_allow = 10.60.0.0/16\n"
                                 "[vpc]\nnat = none\n"
                                 "[network.corp]\nkind = onprem-vpn\ncidr = 10.60.0.0/16\n"
                                 "egress_ip = 203.0.113.99\n"
                                 "[client.corp]\nlocation = network.corp\nrate = 2/s\nverbs = get:1\n"
                                 "[fault.f]\nkind = vpn-down\ntarget = network.corp\nat = 100s\n"
                                 "duration = 60s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  guint all, failed;
  count(run, "corp", 0, f->start - 1 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  g_assert_cmpuint(all, >, 150);
  /* a connect started in the last 30 s of the window may get through with a SYN retransmitted
   * after it (1, 3, 7, 15 s back-off) */
  count(run, "corp", f->start + 1 * SIM_S, f->end - 30 * SIM_S, &all, &failed);
  g_assert_cmpuint(all, >, 40);
  g_assert_cmpuint(failed, ==, all);
  count(run, "corp", f->end, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* Both addresses of the Resolver inbound endpoint stop: a peered VPC forwarding the cluster's
 * name to it gets SERVFAIL once its cached answer (TTL 30 s) has expired; after the window it
 * resolves again. */
static void
test_inbound_endpoint_outage(void)
{
  const char *text = BASE("inbound", "[cluster]\nendpoint = public+private\nsecurity_group_allow = 10.50.0.0/16\n"
                                     "dns_ttl = 30s\n"
                                     "[vpc]\nnat = none\nresolver_inbound_endpoint = true\n"
                                     "[network.peer]\nkind = peered-vpc\ncidr = 10.50.0.0/16\n"
                                     "dns_forwarding = true\n"
                                     "[client.peer]\nlocation = network.peer\nrate = 2/s\nverbs = get:1\n"
                                     "[fault.f]\nkind = inbound-endpoint-outage\nat = 100s\nduration = 100s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  guint all, failed;
  count(run, "peer", f->start + 31 * SIM_S, f->end - 10 * SIM_S, &all, &failed);
  g_assert_cmpuint(all, >, 80);
  g_assert_cmpuint(failed, ==, all);
  count(run, "peer", f->end, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  count(run, "peer", 0, f->start, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* An AZ outage takes az1's load balancer node, API server and etcd member (the leader) down: the
 * node leaves DNS (detection), etcd elects a new leader, writes go on; clients fail only while
 * their resolver's cached answer still names the dead node. */
static void
test_az_outage(void)
{
  const char *text = BASE("az", "[cluster]\nendpoint = public\ndns_ttl = 60s\n"
                                "[vpc]\nnat = none\n"
                                "[client.c]\nlocation = internet\nrate = 4/s\nverbs = get:0.5, apply:0.5\n"
                                "[fault.f]\nkind = az-outage\ntarget = az1\nat = 100s\nduration = 150s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  g_assert_cmpint(f->detected, >, f->start + 20 * SIM_S);
  g_assert_cmpint(f->detected, <=, f->start + 30 * SIM_S);
  guint all, failed;
  count(run, "c", f->detected + 91 * SIM_S, f->end, &all, &failed);
  g_assert_cmpuint(all, >, 50);
  g_assert_cmpuint(failed, ==, 0); /* writes commit with two etcd members */
  g_assert_cmpuint(f->failed_during, >, 10);
  count(run, "c", f->end + 1 * SIM_S, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* Two faults on one element compose: an API server crashed from 50 s to 350 s stays down when an
 * AZ outage covering it ends at 200 s, so it is healthy again only 4-5 check intervals after
 * 350 s. */
static void
test_faults_compose(void)
{
  const char *t2 = "[scenario]\nname = compose\nduration = 600s\nwarmup = 0\nbin = 10s\nseed = 7\n"
                   "[cluster]\nendpoint = public\n[loadbalancer]\ncross_zone = true\n[vpc]\nnat = none\n"
                   "[client.c]\nlocation = internet\nrate = 1/s\nverbs = get:1\n"
                   "[fault.crash]\nkind = api-server-crash\ntarget = apiserver-1-az1\nat = 50s\nduration = 300s\n"
                   "[fault.az]\nkind = az-outage\ntarget = az1\nat = 100s\nduration = 100s\n";
  Run *run = run_text(t2, 0);
  const SimResultFault *crash = window(run, "crash");
  g_assert_cmpint(crash->recovered, >, crash->end + 4 * 30 * SIM_S);
  g_assert_cmpint(crash->recovered, <=, crash->end + 5 * 30 * SIM_S + 1 * SIM_S);
  run_free(run);
}

/* ---- link degradation ---- */

#define CONST_LINKS                                                                                \
  "[link.intra-az]\nlatency = const(100us)\n[link.inter-az]\nlatency = const(500us)\n"             \
  "[link.internet]\nlatency = const(20ms)\n[link.region]\nlatency = const(1ms)\n"                  \
  "[link.nat]\nlatency = const(50us)\n[link.lb]\nlatency = const(100us)\n"                         \
  "[link.control-plane]\nlatency = const(200us)\n"                                               \
  "[apiserver]\nservice.get = const(5ms)\nservice.apply = const(10ms)\n"

/* Mean latency of @subject's ok requests started in [from, to). */
static double
mean_latency(const Run *run, const char *subject, SimTime from, SimTime to, SimTime *min, SimTime *max)
{
  double sum = 0;
  guint n = 0;
  *min = SIM_TIME_NEVER;
  *max = 0;
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->subject, subject) != 0 || x->r.outcome != SIM_OUTCOME_OK || x->r.start < from ||
        x->r.start >= to)
      continue;
    SimTime l = x->r.end - x->r.start;
    sum += (double)l;
    n++;
    *min = MIN(*min, l);
    *max = MAX(*max, l);
  }
  g_assert_cmpuint(n, >, 10);
  return sum / n;
}

/* The links between one laptop and the internet edge get 3x slower for 100 s: each of its cold
 * kubectl calls (DNS to the public resolver, TCP, TLS 1.3, one request: 4 internet round trips
 * of 2 x 20 ms) takes 4 x 2 x 40 ms longer, exactly; the other laptop is untouched, and the
 * first one is back to its old latency after the window. */
static void
test_link_degradation(void)
{
  const char *text = BASE("links", "[cluster]\nendpoint = public\n"
                                   "[vpc]\nnat = none\n"
                                   "[client.a]\nlocation = internet\nsource_ip = 198.51.100.7\n"
                                   "think_time = const(1s)\nverbs = get:1\n"
                                   "[client.b]\nlocation = internet\nsource_ip = 198.51.100.8\n"
                                   "think_time = const(1s)\nverbs = get:1\n"
                                   "[fault.f]\nkind = link-degradation\ntarget = internet/a\nlink = internet\n"
                                   "latency_factor = 3\nat = 100s\nduration = 100s\n" CONST_LINKS);
  Run *run = run_text(text, 0);
  /* constant links: a call takes L, or L + 4 ms when the public resolver's cache has expired and
   * it asks the authoritative servers (two region round trips) */
  SimTime lo0, hi0, lo1, hi1, lo2, hi2;
  double a0 = mean_latency(run, "a", 0, 99 * SIM_S, &lo0, &hi0);
  g_assert_cmpint(hi0 - lo0, ==, 4 * SIM_MS);
  mean_latency(run, "a", 101 * SIM_S, 199 * SIM_S, &lo1, &hi1);
  g_assert_cmpint(lo1 - lo0, ==, 4 * 2 * 40 * SIM_MS);
  g_assert_cmpint(hi1 - lo1, <=, 4 * SIM_MS);
  mean_latency(run, "a", 201 * SIM_S, 400 * SIM_S, &lo2, &hi2);
  g_assert_cmpint(lo2, ==, lo0);
  g_assert_cmpint(hi2 - lo2, <=, 4 * SIM_MS);
  SimTime lo, hi;
  mean_latency(run, "b", 0, 99 * SIM_S, &lo, &hi);
  g_assert_cmpint(lo, ==, lo0);
  mean_latency(run, "b", 101 * SIM_S, 199 * SIM_S, &lo, &hi);
  g_assert_cmpint(lo, ==, lo0); /* the other laptop's links are untouched */
  (void)a0;
  run_free(run);
}

/* Degradation between two places only: the inter-AZ links between az1 and az2 lose every packet
 * (extra_loss 1) while intra-AZ traffic goes on. An instance in az2's private subnet reaching the
 * private endpoint through the ENI of az1 (its first DNS answer) fails; through az2's it works. */
static void
test_link_between(void)
{
  const char *text = BASE("between", "[cluster]\nendpoint = private\nsecurity_group_allow = 10.0.0.0/16\n"
                                     "api_servers = 2\n"
                                     "[vpc]\nnat = none\n"
                                     "[client.c]\nlocation = vpc-private\ncount = 2\nrate = 2/s\nverbs = get:1\n"
                                     "[fault.f]\nkind = link-degradation\ntarget = az1\nbetween = az2\n"
                                     "link = any\nextra_loss = 1\nlatency_factor = 1\nat = 100s\nduration = 100s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  guint all, failed;
  count(run, "c", f->start + 1 * SIM_S, f->end - 60 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, >, 0);
  g_assert_cmpuint(failed, <, all); /* what stays within one AZ still works */
  count(run, "c", f->end + 1 * SIM_S, 400 * SIM_S, &all, &failed);
  g_assert_cmpuint(failed, ==, 0);
  run_free(run);
}

/* ---- etcd-slow ---- */

/* fsyncs 50 times slower (const 2 ms -> 100 ms): every apply takes 98 ms longer (the leader's
 * and the fastest follower's fsyncs run in parallel), gets are untouched. */
static void
test_etcd_slow(void)
{
  const char *text = BASE("etcd", "[cluster]\nendpoint = public\n"
                                  "[vpc]\nnat = none\n"
                                  "[etcd]\nfsync = const(2ms)\n"
                                  "[client.w]\nlocation = internet\nthink_time = const(1s)\nverbs = apply:1\n"
                                  "[client.r]\nlocation = internet\nsource_ip = 198.51.100.8\n"
                                  "think_time = const(1s)\nverbs = get:1\n"
                                  "[fault.f]\nkind = etcd-slow\nlatency_factor = 50\nat = 100s\nduration = 100s\n"
                                  CONST_LINKS);
  Run *run = run_text(text, 0);
  SimTime lo, hi;
  double w0 = mean_latency(run, "w", 0, 99 * SIM_S, &lo, &hi);
  double w1 = mean_latency(run, "w", 101 * SIM_S, 199 * SIM_S, &lo, &hi);
  double w2 = mean_latency(run, "w", 201 * SIM_S, 400 * SIM_S, &lo, &hi);
  g_assert_cmpfloat(fabs(w1 - w0 - 98e6), <, 1e6); /* within the control-plane hops' jitter */
  g_assert_cmpfloat(fabs(w2 - w0), <, 1e6);
  SimTime lo0, hi0;
  mean_latency(run, "r", 0, 99 * SIM_S, &lo0, &hi0);
  mean_latency(run, "r", 101 * SIM_S, 199 * SIM_S, &lo, &hi);
  g_assert_cmpint(lo, ==, lo0); /* a get never waits for etcd */
  run_free(run);
}

/* ---- load-spike ---- */

/* A CI burst of 200 calls on one API server with one worker and an admission limit of 10
 * read-only requests: 10 are admitted (1 served, 9 queued), the rest get 429 + Retry-After 1 s and
 * client-go retries them. The window reports the 429s the server sent and its longest queue, and
 * the per-bin counter of the network subject agrees. */
static void
test_load_spike(void)
{
  const char *text = BASE("spike", "[cluster]\nendpoint = public\napi_servers = 1\n"
                                   "[vpc]\nnat = none\n"
                                   "[apiserver]\nworkers = 1\nmax_inflight_readonly = 10\nservice.get = const(20ms)\n"
                                   "[client.ci]\nlocation = internet\nrate = 0.01/s\nverbs = get:1\n"
                                   "[fault.f]\nkind = load-spike\nspike = ci-burst\nrequests = 200\n"
                                   "target = client.ci\nat = 50s\nduration = 100s\n");
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "f");
  g_assert_cmpint(f->queue_peak, ==, 9);
  g_assert_cmpint(f->http_429, >=, 190);
  /* the network subject counts the same 429s per bin */
  double counted = 0;
  for (guint i = 0; i < run->res->subjects->len; i++) {
    const SimResultSubject *s = g_ptr_array_index(run->res->subjects, i);
    for (guint k = 0; s->values != NULL && k < s->values->len; k++) {
      const SimResultValue *v = g_ptr_array_index(s->values, k);
      if (strcmp(v->metric, "apiserver_http_429") == 0)
        counted = v->value;
    }
  }
  g_assert_cmpfloat(counted, ==, (double)f->http_429);
  guint all, failed;
  count(run, "ci", f->start, f->start + 1, &all, &failed);
  g_assert_cmpuint(all, ==, 200);
  run_free(run);
}

/* ---- bad targets, target listing, determinism ---- */

static void
test_bad_target(void)
{
  static const struct { const char *fault, *want; } cases[] = {
    { "kind = nat-gateway-outage\ntarget = nat-gateway-az2\nat = 10s\n",
      "[fault.f] target: the model has no 'nat-gateway-az2' a nat-gateway-outage fault acts on; allowed: all, "
      "az1..az2, nat-gateway-az1" },
    { "kind = api-server-crash\ntarget = apiserver-9\nat = 10s\n",
      "[fault.f] target: the model has no 'apiserver-9' a api-server-crash fault acts on; allowed: all, "
      "az1..az2, apiserver-1-az1, apiserver-2-az2" },
    { "kind = inbound-endpoint-outage\nat = 10s\n",
      "[fault.f] target: 'all' holds nothing a inbound-endpoint-outage fault acts on; allowed: all, az1..az2" },
    { "kind = link-degradation\ntarget = mars\nat = 10s\n",
      "[fault.f] target: 'mars' is no place of this model; allowed: all, internet, az1..az2, cluster-vpc, "
      "eks-managed-vpc, or an element's name (eksim explain lists them)" },
    { "kind = load-spike\nspike = kubelet-reconnect\nat = 10s\n",
      "[fault.f] target: 'all' holds nothing a load-spike fault acts on; allowed: all, az1..az2" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *text = g_strdup_printf(
        "[scenario]\nname = bad\nduration = 100s\nwarmup = 0\n[vpc]\nnat = single\n"
        "[client.c]\nlocation = internet\n[fault.f]\n%s", cases[i].fault);
    g_autoptr(SimScenario) scn = load(text);
    SimRecorder *rec = sim_recorder_new(0, 100 * SIM_S, 10 * SIM_S);
    g_autoptr(GError) err = NULL;
    SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
    g_assert_null(w);
    g_assert_nonnull(err);
    g_assert_cmpstr(err->message, ==, cases[i].want);
    g_assert_null(strchr(err->message, '\n'));
    sim_recorder_free(rec);
  }
}

static gboolean
has_target(GPtrArray *targets, const char *name, const char *kind)
{
  for (guint i = 0; i < targets->len; i++) {
    const SimFaultTargetInfo *t = g_ptr_array_index(targets, i);
    if (strcmp(t->name, name) == 0) {
      g_auto(GStrv) kinds = g_strsplit(t->kinds, "|", -1);
      return g_strv_contains((const char *const *)kinds, kind);
    }
  }
  return FALSE;
}

static void
test_targets_listed(void)
{
  const char *text =
      "[scenario]\nname = list\nduration = 100s\nwarmup = 0\n"
      "[cluster]\nendpoint = public+private\n[vpc]\nnat = per-az\nresolver_inbound_endpoint = true\n"
      "[network.corp]\nkind = onprem-vpn\ncidr = 10.60.0.0/16\n"
      "[client.bastion]\nlocation = vpc-public\n"
      "[fault.up]\nkind = control-plane-upgrade\nat = 10s\n";
  g_autoptr(SimScenario) scn = load(text);
  SimRecorder *rec = sim_recorder_new(0, 100 * SIM_S, 10 * SIM_S);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_no_error(err);
  g_autoptr(GPtrArray) t = sim_world_fault_targets(w);
  g_assert_true(has_target(t, "all", "etcd-slow"));
  g_assert_true(has_target(t, "az2", "az-outage"));
  g_assert_true(has_target(t, "nat-gateway-az2", "nat-gateway-outage"));
  g_assert_true(has_target(t, "apiserver-1-az1", "api-server-crash"));
  g_assert_true(has_target(t, "apiserver-2-az2-reserve", "api-server-crash"));
  g_assert_true(has_target(t, "nlb-az1", "lb-node-failure"));
  g_assert_true(has_target(t, "cluster-vpc/route53-resolver", "resolver-outage"));
  g_assert_true(has_target(t, "onprem-corp/dns", "resolver-outage"));
  g_assert_true(has_target(t, "cluster-vpc/resolver-inbound-az2", "inbound-endpoint-outage"));
  g_assert_true(has_target(t, "client.bastion", "bastion-down"));
  g_assert_true(has_target(t, "client.bastion", "load-spike"));
  g_assert_true(has_target(t, "network.corp", "vpn-down"));
  g_assert_true(has_target(t, "internet", "link-degradation"));
  g_assert_true(has_target(t, "eks-managed-vpc", "link-degradation"));
  g_assert_false(has_target(t, "nat-gateway-az1", "api-server-crash"));
  sim_world_free(w);
  sim_recorder_free(rec);
}

static void
test_deterministic(void)
{
  const char *text = UPGRADE("60s");
  char *out[2] = { NULL, NULL };
  for (guint k = 0; k < 2; k++) {
    Run *run = run_text(text, 0);
    gsize len;
    out[k] = sim_run_result_to_data(run->res, &len);
    run_free(run);
  }
  g_assert_cmpstr(out[0], ==, out[1]);
  g_free(out[0]);
  g_free(out[1]);
}

/* ---- faults and worker nodes ---- */

typedef struct {
  guint n;
  SimTime not_ready[64]; /* each node's last not-ready time, -1: never */
  gboolean ready_at_end[64];
  SimTime ready_at[64];  /* when each node last became Ready */
  guint8 az[64];
} Nodes;

static void
inspect_nodes(SimWorld *w, gpointer data)
{
  Nodes *nd = data;
  SimNodeLifecycle *nlc = sim_world_nodelifecycle(w);
  nd->n = sim_nodelifecycle_n_nodes(nlc);
  g_assert_cmpuint(nd->n, <=, G_N_ELEMENTS(nd->not_ready));
  for (guint i = 0; i < nd->n; i++) {
    nd->not_ready[i] = sim_nodelifecycle_not_ready_at(nlc, i);
    nd->ready_at_end[i] = sim_nodelifecycle_ready(nlc, i);
    nd->ready_at[i] = sim_nodelifecycle_ready_at(nlc, i);
  }
  guint k = 0;
  for (guint g = 0; g < sim_world_n_nodegroups(w); g++) {
    SimNodeGroup *ng = sim_world_nodegroup(w, g);
    for (guint j = 0; j < sim_nodegroup_n_nodes(ng) && k < G_N_ELEMENTS(nd->az); j++)
      nd->az[k++] = sim_host_node(sim_nodegroup_node_host(ng, j))->az;
  }
}

#define NAT_OUTAGE(mode)                                                                           \
  "[scenario]\nname = nat\nduration = 400s\nwarmup = 0\nbin = 10s\nseed = 11\n"                    \
  "[cluster]\nendpoint = " mode "\n"                                                               \
  "[vpc]\nnat = single\n"                                                                          \
  "[nodegroup.ng]\nnodes = 6\nsubnet = private\n"                                                  \
  "[fault.nat]\nkind = nat-gateway-outage\ntarget = all\nat = 100s\nduration = 100s\n"

/* The NAT gateway fails. Public-only: the nodes in private subnets reach the public endpoint only
 * through it, so their Lease renewals fail and the node-lifecycle controller marks every one not
 * ready once its last renewal is older than the grace period (40 s), at its next check (every
 * 5 s): within (fault - 10.4 s (one renew interval, jittered) + 40 s, fault + 40 s + 5 s]. The
 * first of them detects the fault; they are all Ready again after it. Public+private: their API
 * traffic uses the cross-account ENIs, and nothing happens. */
static void
test_nat_outage_nodes(void)
{
  Nodes nd = { 0 };
  Run *run = run_text_inspect(NAT_OUTAGE("public"), 0, inspect_nodes, &nd);
  const SimResultFault *f = window(run, "nat");
  SimTime grace = 40 * SIM_S;
  g_assert_cmpuint(nd.n, ==, 6);
  SimTime first = SIM_TIME_NEVER;
  for (guint i = 0; i < nd.n; i++) {
    g_assert_cmpint(nd.not_ready[i], >, f->start - 10400 * SIM_MS + grace);
    g_assert_cmpint(nd.not_ready[i], <=, f->start + grace + 5 * SIM_S);
    g_assert_true(nd.ready_at_end[i]);
    first = MIN(first, nd.not_ready[i]);
  }
  g_assert_cmpint(f->detected, ==, first);
  g_assert_cmpint(f->nodes_not_ready_peak, ==, 6);
  g_assert_cmpint(f->recovered, >, f->end);
  g_assert_cmpint(f->recovered, <, f->end + 60 * SIM_S);
  run_free(run);

  Nodes nd2 = { 0 };
  run = run_text_inspect(NAT_OUTAGE("public+private"), 0, inspect_nodes, &nd2);
  f = window(run, "nat");
  for (guint i = 0; i < nd2.n; i++)
    g_assert_cmpint(nd2.not_ready[i], ==, -1);
  g_assert_cmpint(f->nodes_not_ready_peak, ==, 0);
  g_assert_cmpint(f->detected, ==, -1);
  g_assert_cmpuint(f->failed_during, ==, 0);
  run_free(run);
}

#define AZ_NAT(nat)                                                                                \
  "[scenario]\nname = aznat\nduration = 400s\nwarmup = 0\nbin = 10s\nseed = 12\n"                  \
  "[cluster]\nendpoint = public\n"                                                                 \
  "[vpc]\nnat = " nat "\n"                                                                         \
  "[nodegroup.ng]\nnodes = 6\nsubnet = private\n"                                                  \
  "[fault.az]\nkind = az-outage\ntarget = az1\nat = 100s\nduration = 150s\n"

/* az1 fails in a public-only cluster whose nodes sit in private subnets of both AZs. With one NAT
 * gateway (in az1) the nodes of az2 lose the public endpoint too: all six are not ready at once
 * and az2's are Ready again only after the outage. With a gateway per AZ, az2's nodes keep a way
 * out: those whose connection went to az1's (dead) load balancer node may turn not ready (their
 * HTTP/2 health check takes 45 s, longer than the 40 s grace period), but every one of them is
 * Ready again before the outage ends; node readiness over the run is higher. */
static void
test_az_outage_nat_layout(void)
{
  Nodes single = { 0 }, per_az = { 0 };
  Run *a = run_text_inspect(AZ_NAT("single"), 0, inspect_nodes, &single);
  Run *b = run_text_inspect(AZ_NAT("per-az"), 0, inspect_nodes, &per_az);
  const SimResultFault *fa = window(a, "az"), *fb = window(b, "az");
  g_assert_cmpint(fa->nodes_not_ready_peak, ==, 6);
  g_assert_cmpint(fb->nodes_not_ready_peak, >=, 3);
  guint az2 = 0;
  for (guint i = 0; i < 6; i++) {
    g_assert_cmpint(single.not_ready[i], >=, 0);
    g_assert_cmpint(per_az.not_ready[i], >=, per_az.az[i] == 0 ? 0 : -1);
    if (single.az[i] == 1) {
      az2++;
      g_assert_cmpint(single.ready_at[i], >, fa->end); /* back only after the outage */
      g_assert_cmpint(per_az.ready_at[i], <, fb->end); /* back (or never gone) during it */
    }
  }
  g_assert_cmpuint(az2, ==, 3);
  /* readiness over the run differs accordingly */
  double ready_a = 0, ready_b = 0;
  for (guint i = 0; i < a->res->subjects->len; i++) {
    const SimResultSubject *s = g_ptr_array_index(a->res->subjects, i);
    if (s->n_nodes > 0)
      ready_a = s->ready_node_ns;
  }
  for (guint i = 0; i < b->res->subjects->len; i++) {
    const SimResultSubject *s = g_ptr_array_index(b->res->subjects, i);
    if (s->n_nodes > 0)
      ready_b = s->ready_node_ns;
  }
  g_assert_cmpfloat(ready_a, <, ready_b);
  run_free(a);
  run_free(b);
}

/* Every kubelet of 200 reconnects at once and re-lists: a burst of DNS lookups, handshakes and
 * lists that an API server with 2 workers and a limit of 20 read-only requests answers partly
 * with 429 (client-go retries them); the nodes stay Ready (Leases are mutating: not limited by
 * the read-only limit). */
static void
test_kubelet_reconnect(void)
{
  const char *text =
      "[scenario]\nname = storm\nduration = 200s\nwarmup = 0\nbin = 10s\nseed = 13\n"
      "[cluster]\nendpoint = public+private\napi_servers = 1\n"
      "[vpc]\nnat = none\n"
      "[apiserver]\nworkers = 2\nmax_inflight_readonly = 20\nservice.list = const(20ms)\n"
      "[nodegroup.ng]\nnodes = 200\nsubnet = private\n"
      "[fault.storm]\nkind = load-spike\nspike = kubelet-reconnect\ntarget = nodegroup.ng\nat = 100s\n"
      "duration = 60s\n";
  Run *run = run_text(text, 0);
  const SimResultFault *f = window(run, "storm");
  g_assert_cmpint(f->http_429, >, 0);
  g_assert_cmpint(f->queue_peak, >=, 18);
  g_assert_cmpint(f->nodes_not_ready_peak, ==, 0);
  guint lists = 0;
  for (guint i = 0; i < run->trace.recs->len; i++) {
    const Rec *x = g_ptr_array_index(run->trace.recs, i);
    if (strcmp(x->r.verb, "list") == 0 && x->r.start == f->start)
      lists++;
  }
  g_assert_cmpuint(lists, ==, 200);
  run_free(run);
}

/* The same upgrade with worker nodes: each kubelet's connection dies with its ENI (or its
 * instance) and is closed by the HTTP/2 health check after 45 s. With the 40 s grace period of
 * Kubernetes 1.31 every node turns not ready meanwhile; with 1.32's 50 s none does (facts §5.1:
 * why the default was raised). */
static void
test_upgrade_grace(void)
{
  static const struct { const char *version; gint64 peak; } cases[] = { { "1.31", 6 }, { "1.32", 0 } };
  for (guint c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autofree char *text = g_strdup_printf(
        "[scenario]\nname = grace\nduration = 600s\nwarmup = 0\nbin = 10s\nseed = 14\n"
        "[cluster]\nendpoint = public+private\nkubernetes_version = %s\n"
        "[vpc]\nnat = none\n"
        "[nodegroup.ng]\nnodes = 6\nsubnet = private\n"
        "[fault.upgrade]\nkind = control-plane-upgrade\nat = 100s\npace = 120s\ndrain = 60s\n",
        cases[c].version);
    Run *run = run_text(text, 0);
    const SimResultFault *f = window(run, "upgrade");
    g_assert_cmpint(f->nodes_not_ready_peak, ==, cases[c].peak);
    if (cases[c].peak > 0) {
      g_assert_cmpint(f->detected, >, f->start + 40 * SIM_S - 10400 * SIM_MS);
      g_assert_cmpint(f->detected, <=, f->start + 45 * SIM_S + 5 * SIM_S);
    } else {
      g_assert_cmpint(f->detected, ==, -1);
    }
    run_free(run);
  }
}

/* ---- the shipped scenarios ---- */

/* Every scenario of scenarios/faults/ (files starting with '_' are includes) loads, has a fault,
 * sweeps the three endpoint modes, and builds in every variant (its targets name what the model
 * has); between them they use every fault kind. Running them is `eksim batch scenarios/faults/`
 * (about 20 s on two cores), not a unit test. */
static void
test_shipped_scenarios(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(GDir) dir = g_dir_open("scenarios/faults", 0, &err);
  g_assert_no_error(err);
  g_autoptr(GHashTable) kinds = g_hash_table_new(g_str_hash, g_str_equal);
  guint files = 0;
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    if (name[0] == '_' || !g_str_has_suffix(name, ".ini"))
      continue;
    files++;
    g_autofree char *path = g_build_filename("scenarios/faults", name, NULL);
    g_autoptr(SimScenario) scn = sim_scenario_load(path, &err);
    g_assert_no_error(err);
    guint nv = sim_scenario_n_variants(scn);
    g_assert_cmpuint(nv % 3, ==, 0);
    gboolean mode[3] = { FALSE, FALSE, FALSE };
    for (guint v = 0; v < nv; v++) {
      SimConfig *cfg = sim_scenario_get_variant(scn, v);
      const char *m = sim_config_get_string(cfg, "cluster", "endpoint");
      mode[strcmp(m, "public") == 0 ? 0 : strcmp(m, "public+private") == 0 ? 1 : 2] = TRUE;
      const char *const *faults = sim_config_instances(cfg, "fault");
      g_assert_nonnull(faults[0]);
      for (guint i = 0; faults[i] != NULL; i++) {
        g_autofree char *g = g_strconcat("fault.", faults[i], NULL);
        g_hash_table_add(kinds, (gpointer)g_intern_string(sim_config_get_string(cfg, g, "kind")));
      }
      SimRecorder *rec = sim_recorder_new(sim_scenario_warmup(scn), sim_scenario_duration(scn),
                                          sim_scenario_bin(scn));
      SimWorld *w = sim_world_new(cfg, 0, rec, &err);
      if (err != NULL)
        g_error("%s variant %u: %s", path, v, err->message);
      sim_world_free(w);
      sim_recorder_free(rec);
    }
    g_assert_true(mode[0] && mode[1] && mode[2]);
  }
  g_assert_cmpuint(files, >=, 13);
  for (const char *const *k = sim_fault_kind_names(); *k != NULL; k++)
    if (!g_hash_table_contains(kinds, g_intern_string(*k)))
      g_error("no shipped scenario uses the fault kind %s", *k);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fault/api-server-crash/nlb-fails-until-detected", test_crash_nlb);
  g_test_add_func("/fault/endpoint-change/public-to-private", test_endpoint_change);
  g_test_add_func("/fault/control-plane-upgrade/dip-bounded-by-ttl-and-health-check", test_upgrade);
  g_test_add_func("/fault/lb-node-failure/out-of-dns-then-back", test_lb_node_failure);
  g_test_add_func("/fault/resolver-outage/dns-timeouts-in-window", test_resolver_outage);
  g_test_add_func("/fault/bastion-down/only-its-users", test_bastion_down);
  g_test_add_func("/fault/vpn-down/onprem-private-endpoint", test_vpn_down);
  g_test_add_func("/fault/inbound-endpoint-outage/forwarded-lookups-fail", test_inbound_endpoint_outage);
  g_test_add_func("/fault/az-outage/lb-node-out-etcd-reelects", test_az_outage);
  g_test_add_func("/fault/holds-compose", test_faults_compose);
  g_test_add_func("/fault/link-degradation/one-host-exact", test_link_degradation);
  g_test_add_func("/fault/link-degradation/between-two-azs", test_link_between);
  g_test_add_func("/fault/etcd-slow/writes-only", test_etcd_slow);
  g_test_add_func("/fault/load-spike/ci-burst-429s-and-queue", test_load_spike);
  g_test_add_func("/fault/bad-target-one-line", test_bad_target);
  g_test_add_func("/fault/targets-listed", test_targets_listed);
  g_test_add_func("/fault/deterministic", test_deterministic);
  g_test_add_func("/fault/shipped-scenarios", test_shipped_scenarios);
  g_test_add_func("/fault/nat-gateway-outage/nodes-not-ready-public-only", test_nat_outage_nodes);
  g_test_add_func("/fault/az-outage/nat-single-vs-per-az", test_az_outage_nat_layout);
  g_test_add_func("/fault/load-spike/kubelet-reconnect", test_kubelet_reconnect);
  g_test_add_func("/fault/control-plane-upgrade/nodes-and-grace-period", test_upgrade_grace);
  return g_test_run();
}
