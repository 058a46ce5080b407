/* Tests for sim/eks/kubelet in whole replications (facts §5.1, §5.6): registration with its
 * back-off, Lease renewal every 10 s (+ up to 4 % jitter) and the 200 ms -> 7 s retry back-off,
 * status every 5 min or on change, lease loss -> not ready within grace + 5 s (40 s and 50 s),
 * recovery through a status update, control plane -> kubelet (logs, exec, port-forward) through the ENIs, a
 * node that fails and comes back. */
#include <glib.h>
#include <string.h>

#include "eks/world.h"
#include "net/host.h"
#include "net/network.h"

#include "world-harness.h"

#define HEAD(name, duration)                                                                       \
  "[scenario]\nname = " name "\nduration = " duration "\nwarmup = 0\nbin = 10s\nseed = 3\n"        \
  "replications = 1\n[exposure]\nprobes = false\n"

/* The records of @subject with @verb, in start order. */
static GPtrArray *
records(const Trace *t, const char *subject, const char *verb)
{
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < t->recs->len; i++) {
    Rec *x = g_ptr_array_index(t->recs, i);
    if (strcmp(x->subject, subject) == 0 && (verb == NULL || strcmp(x->r.verb, verb) == 0))
      g_ptr_array_add(out, x);
  }
  for (guint i = 1; i < out->len; i++) { /* insertion sort by start */
    for (guint j = i; j > 0; j--) {
      Rec *a = g_ptr_array_index(out, j - 1), *b = g_ptr_array_index(out, j);
      if (a->r.start <= b->r.start)
        break;
      out->pdata[j - 1] = b;
      out->pdata[j] = a;
    }
  }
  return out;
}

/* ---- switching elements on and off at given times ---- */

typedef struct {
  const char *node;  /* network element name, or NULL: node 0's host */
  SimTime at;
  gboolean up;
} Flip;

typedef struct {
  Flip flips[4];
  guint n;
  /* results */
  SimTime hb, not_ready, ready_again, evictable;
  gboolean registered, ready;
  guint64 kubelet_served;
  SimWorld *w;
} Plan;

typedef struct {
  SimNode *node;
  gboolean up;
} FlipEv;

static void
flip_cb(SimScheduler *sched, gpointer data)
{
  (void)sched;
  FlipEv *f = data;
  sim_node_set_up(f->node, f->up);
  g_free(f);
}

static void
setup_flips(SimWorld *w, gpointer data)
{
  Plan *p = data;
  for (guint i = 0; i < p->n; i++) {
    FlipEv *f = g_new(FlipEv, 1);
    f->node = p->flips[i].node != NULL
                  ? sim_network_find_node(sim_world_network(w), p->flips[i].node)
                  : sim_host_node(sim_nodegroup_node_host(sim_world_nodegroup(w, 0), 0));
    g_assert_nonnull(f->node);
    f->up = p->flips[i].up;
    sim_scheduler_at(sim_world_scheduler(w), p->flips[i].at, flip_cb, f);
  }
}

static void
inspect_node0(SimWorld *w, gpointer data)
{
  Plan *p = data;
  SimNodeLifecycle *nlc = sim_world_nodelifecycle(w);
  p->hb = sim_nodelifecycle_last_heartbeat(nlc, 0);
  p->not_ready = sim_nodelifecycle_not_ready_at(nlc, 0);
  p->ready_again = sim_nodelifecycle_ready_at(nlc, 0);
  p->evictable = sim_nodelifecycle_evictable_at(nlc, 0);
  p->registered = sim_nodelifecycle_registered(nlc, 0);
  p->ready = sim_nodelifecycle_ready(nlc, 0);
  p->kubelet_served = 0;
  for (guint g = 0; g < sim_world_n_nodegroups(w); g++) {
    SimNodeGroup *ng = sim_world_nodegroup(w, g);
    for (guint k = 0; k < sim_nodegroup_n_nodes(ng); k++)
      p->kubelet_served += sim_kubelet_served(sim_nodegroup_kubelet(ng, k));
  }
}

/* ---- tests ---- */

/* One node: registration, then a Lease every 10 s (sliding, + up to 4 %), a status at
 * registration and then every 5 min (+ up to one 10.4 s computation period). */
static void
test_cadence(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("cadence", "12m")
                                    "[cluster]\nendpoint = public\n[vpc]\nnat = single\n"
                                    "[nodegroup.ng]\nnodes = 1\nboot = const(2s)\n");
  Plan p = { 0 };
  Trace *t = run_variant_full(scn, 0, 0, NULL, inspect_node0, &p);
  g_autoptr(GPtrArray) creates = records(t, "ng", "create");
  g_autoptr(GPtrArray) leases = records(t, "ng", "lease");
  g_autoptr(GPtrArray) statuses = records(t, "ng", "status");
  g_assert_cmpuint(creates->len, ==, 1);
  const Rec *c = g_ptr_array_index(creates, 0);
  g_assert_cmpint(c->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_cmpint(c->r.start, ==, 2 * SIM_S + 100 * SIM_MS); /* first attempt after 100 ms */
  /* public mode, private subnet: through the NAT gateway to the public endpoint */
  g_assert_cmpuint(c->r.path & (SIM_PATH_NAT | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT), ==,
                   SIM_PATH_NAT | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT);
  g_assert_cmpuint(c->r.path & SIM_PATH_XENI, ==, 0);
  g_assert_cmpuint(leases->len, >=, 68);
  for (guint i = 0; i < leases->len; i++) {
    const Rec *x = g_ptr_array_index(leases, i);
    g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
    if (i == 0) {
      g_assert_cmpint(x->r.start, ==, c->r.end); /* the lease loop starts at registration */
      continue;
    }
    const Rec *prev = g_ptr_array_index(leases, i - 1);
    SimTime gap = x->r.start - prev->r.end;
    g_assert_cmpint(gap, >=, 10 * SIM_S);
    g_assert_cmpint(gap, <=, 10400 * SIM_MS);
  }
  g_assert_cmpuint(statuses->len, ==, 3);
  const Rec *s0 = g_ptr_array_index(statuses, 0), *s1 = g_ptr_array_index(statuses, 1),
            *s2 = g_ptr_array_index(statuses, 2);
  g_assert_cmpint(s0->r.start, ==, c->r.end);
  g_assert_cmpint(s1->r.start - s0->r.end, >=, 300 * SIM_S);
  g_assert_cmpint(s1->r.start - s0->r.end, <=, 311 * SIM_S);
  g_assert_cmpint(s2->r.start - s1->r.end, >=, 300 * SIM_S);
  g_assert_cmpint(s2->r.start - s1->r.end, <=, 311 * SIM_S);
  g_assert_true(p.ready);
  g_assert_cmpint(p.not_ready, ==, -1);
  trace_free(t);
}

/* The NAT gateway fails (public mode, node in a private subnet): renewals fail and are retried
 * after 200 ms, 400 ms, ... capped at 7 s; the node is marked not ready within grace + 5 s of
 * its last heartbeat; its pods become evictable 300 s later. Back up, the kubelet's next status
 * computation posts Ready. */
static void
check_lease_loss(const char *version, SimTime grace)
{
  g_autofree char *text = g_strdup_printf(
      HEAD("leaseloss", "500s")
      "[cluster]\nendpoint = public\nkubernetes_version = %s\n[vpc]\nnat = single\n"
      "[nodegroup.ng]\nnodes = 1\nboot = const(1s)\n", version);
  g_autoptr(SimScenario) scn = load(text);
  Plan p = { .flips = { { "nat-gateway-az1", 60 * SIM_S, FALSE }, { "nat-gateway-az1", 420 * SIM_S, TRUE } },
             .n = 2 };
  Trace *t = run_variant_full(scn, 0, 0, setup_flips, inspect_node0, &p);
  /* the last heartbeat before the outage is from before it */
  g_autoptr(GPtrArray) leases = records(t, "ng", "lease");
  SimTime last_ok = 0;
  for (guint i = 0; i < leases->len; i++) {
    const Rec *x = g_ptr_array_index(leases, i);
    if (x->r.outcome == SIM_OUTCOME_OK && x->r.end < 60 * SIM_S)
      last_ok = x->r.end;
  }
  g_assert_cmpint(last_ok, >, 45 * SIM_S);
  g_assert_cmpint(p.not_ready, >, 0);
  /* the heartbeat the controller judged is the last commit before the outage */
  g_assert_cmpint(p.not_ready, >, last_ok - 100 * SIM_MS + grace);
  g_assert_cmpint(p.not_ready, <=, last_ok + grace + 5 * SIM_S);
  g_assert_cmpint(p.evictable, ==, p.not_ready + 300 * SIM_S);
  /* retries during the outage: each failed attempt is followed by the next back-off step */
  SimTime expect = 200 * SIM_MS;
  guint steps = 0;
  for (guint i = 0; i + 1 < leases->len; i++) {
    const Rec *x = g_ptr_array_index(leases, i), *next = g_ptr_array_index(leases, i + 1);
    if (x->r.start < 60 * SIM_S || next->r.start > 420 * SIM_S)
      continue;
    g_assert_cmpint(x->r.outcome, !=, SIM_OUTCOME_OK);
    g_assert_cmpint(next->r.start - x->r.end, ==, expect);
    expect = MIN(2 * expect, 7 * SIM_S);
    steps++;
  }
  g_assert_cmpuint(steps, >, 10);
  /* recovery: Ready again after the NAT gateway is back, within a minute */
  g_assert_true(p.ready);
  g_assert_cmpint(p.ready_again, >, 420 * SIM_S);
  g_assert_cmpint(p.ready_again, <, 480 * SIM_S);
  trace_free(t);
}

static void
test_lease_loss_40(void)
{
  check_lease_loss("1.31", 40 * SIM_S);
}

static void
test_lease_loss_50(void)
{
  check_lease_loss("1.32", 50 * SIM_S);
}

/* With private access the same NAT outage does not touch the API path (facts §1.8 row (f)). */
static void
test_nat_outage_public_private(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("natpp", "300s")
                                    "[cluster]\nendpoint = public+private\n[vpc]\nnat = single\n"
                                    "[nodegroup.ng]\nnodes = 1\nboot = const(1s)\n");
  Plan p = { .flips = { { "nat-gateway-az1", 60 * SIM_S, FALSE } }, .n = 1 };
  Trace *t = run_variant_full(scn, 0, 0, setup_flips, inspect_node0, &p);
  g_assert_true(p.ready);
  g_assert_cmpint(p.not_ready, ==, -1);
  g_autoptr(GPtrArray) leases = records(t, "ng", "lease");
  for (guint i = 0; i < leases->len; i++) {
    const Rec *x = g_ptr_array_index(leases, i);
    g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
    g_assert_true(x->r.path & SIM_PATH_XENI);
    g_assert_false(x->r.path & SIM_PATH_NAT);
  }
  trace_free(t);
}

/* No way to the public endpoint (private subnet, no NAT): the kubelet retries registration after
 * 100 ms, 200 ms, ... 7 s, forever; the node never registers (facts §1.8 row (g)). */
static void
test_never_registers(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("noreg", "120s")
                                    "[cluster]\nendpoint = public\n[vpc]\nnat = none\n"
                                    "[nodegroup.ng]\nnodes = 1\nboot = const(0s)\n");
  Plan p = { 0 };
  Trace *t = run_variant_full(scn, 0, 0, NULL, inspect_node0, &p);
  g_assert_false(p.registered);
  g_assert_false(p.ready);
  g_autoptr(GPtrArray) creates = records(t, "ng", "create");
  g_autoptr(GPtrArray) leases = records(t, "ng", "lease");
  g_assert_cmpuint(leases->len, ==, 0);
  g_assert_cmpuint(creates->len, >, 5);
  const Rec *first = g_ptr_array_index(creates, 0);
  g_assert_cmpint(first->r.start, ==, 100 * SIM_MS);
  SimTime expect = 200 * SIM_MS;
  for (guint i = 0; i + 1 < creates->len; i++) {
    const Rec *x = g_ptr_array_index(creates, i), *next = g_ptr_array_index(creates, i + 1);
    g_assert_cmpint(x->r.outcome, !=, SIM_OUTCOME_OK);
    g_assert_cmpint(next->r.start - x->r.end, ==, expect);
    expect = MIN(2 * expect, 7 * SIM_S);
  }
  /* each attempt gives up at the heartbeat timeout, its SYNs dropped for want of a route */
  const Rec *last = g_ptr_array_index(creates, creates->len - 1);
  g_assert_cmpint(last->r.end - last->r.start, ==, 10 * SIM_S);
  trace_free(t);
}

/* kubectl logs, exec and port-forward: API server -> cross-account ENI -> kubelet on 10250, in every mode
 * (facts §1.4, §1.8 last row); the laptop's records carry the ENI in their path. */
static void
test_logs_exec_via_eni(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("logs", "90s")
                                    "[vpc]\nnat = single\n"
                                    "[nodegroup.ng]\nnodes = 2\nboot = const(0s)\n"
                                    "[client.laptop]\nlocation = internet\nthink_time = const(3s)\n"
                                    "verbs = logs:0.4, exec:0.3, port-forward:0.3\n"
                                    "[sweep]\ncluster.endpoint = public, public+private, private\n");
  for (guint v = 0; v < 3; v++) {
    Plan p = { 0 };
    Trace *t = run_variant_full(scn, v, 0, NULL, inspect_node0, &p);
    g_autoptr(GPtrArray) logs = records(t, "laptop", "logs");
    g_autoptr(GPtrArray) execs = records(t, "laptop", "exec");
    g_autoptr(GPtrArray) forwards = records(t, "laptop", "port-forward");
    guint ok = 0, ok_forward = 0;
    for (guint k = 0; k < 3; k++) {
      GPtrArray *a = k == 0 ? logs : k == 1 ? execs : forwards;
      for (guint i = 0; i < a->len; i++) {
        const Rec *x = g_ptr_array_index(a, i);
        if (v == 2) { /* private only: the laptop never reaches the API (facts §1.8 (a)) */
          g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
          continue;
        }
        if (x->r.start < 5 * SIM_S)
          continue; /* before the nodes registered */
        g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
        g_assert_true(x->r.path & SIM_PATH_XENI);
        g_assert_true(x->r.path & SIM_PATH_PUBLIC_ENDPOINT);
        ok++;
        ok_forward += k == 2;
      }
    }
    if (v < 2) {
      g_assert_cmpuint(ok, >, 10);
      g_assert_cmpuint(ok_forward, >, 2);
      g_assert_cmpuint(p.kubelet_served, >=, ok);
    }
    trace_free(t);
  }
}

/* Without any registered node (public only, no NAT: nobody registers) logs fail with a 5xx. */
static void
test_logs_without_nodes(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("nologs", "30s")
                                    "[cluster]\nendpoint = public\n[vpc]\nnat = none\n"
                                    "[nodegroup.ng]\nnodes = 1\n"
                                    "[client.laptop]\nlocation = internet\nthink_time = const(3s)\n"
                                    "verbs = logs:1\n");
  Trace *t = run_variant(scn, 0, 0, NULL, NULL);
  g_autoptr(GPtrArray) logs = records(t, "laptop", "logs");
  g_assert_cmpuint(logs->len, >, 5);
  for (guint i = 0; i < logs->len; i++)
    g_assert_cmpint(((Rec *)g_ptr_array_index(logs, i))->r.outcome, ==, SIM_OUTCOME_HTTP_5XX);
  trace_free(t);
}

/* The node's host fails at 60 s and comes back at 200 s: not ready while down, registered and
 * Ready again soon after it is back. */
static void
test_node_restart(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("restart", "300s")
                                    "[cluster]\nendpoint = private\n"
                                    "[nodegroup.ng]\nnodes = 1\nboot = const(1s)\n");
  Plan p = { .flips = { { NULL, 60 * SIM_S, FALSE }, { NULL, 200 * SIM_S, TRUE } }, .n = 2 };
  Trace *t = run_variant_full(scn, 0, 0, setup_flips, inspect_node0, &p);
  g_assert_cmpint(p.not_ready, >, 60 * SIM_S);
  g_assert_cmpint(p.not_ready, <=, 105 * SIM_S);
  g_assert_true(p.ready);
  g_assert_cmpint(p.ready_again, >, 200 * SIM_S);
  g_assert_cmpint(p.ready_again, <, 205 * SIM_S);
  g_autoptr(GPtrArray) creates = records(t, "ng", "create");
  g_assert_cmpuint(creates->len, ==, 2); /* once per process start */
  trace_free(t);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/kubelet/registers-then-lease-10s-status-5min", test_cadence);
  g_test_add_func("/kubelet/lease-loss-not-ready-within-40s-plus-5s", test_lease_loss_40);
  g_test_add_func("/kubelet/lease-loss-not-ready-within-50s-plus-5s-from-1.32", test_lease_loss_50);
  g_test_add_func("/kubelet/nat-outage-public-private-stays-ready", test_nat_outage_public_private);
  g_test_add_func("/kubelet/no-path-never-registers", test_never_registers);
  g_test_add_func("/kubelet/logs-exec-through-eni-every-mode", test_logs_exec_via_eni);
  g_test_add_func("/kubelet/logs-without-registered-nodes-5xx", test_logs_without_nodes);
  g_test_add_func("/kubelet/node-restart", test_node_restart);
  return g_test_run();
}
