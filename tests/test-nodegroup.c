/* Tests for sim/eks/nodegroup: where nodes go (AZ round-robin, public or private subnets, public
 * addresses), which security group they carry (managed and Fargate: the cluster's; self-managed:
 * their own unless cluster_security_group = true, facts §1.6, §4) and what that implies for the
 * private endpoint, full subnets, Fargate's private-only rule, and what a node group reports. */
#include <glib.h>
#include <string.h>

#include "eks/world.h"
#include "net/host.h"
#include "net/network.h"
#include "net/vpc.h"
#include <math.h>
#include "scenario/scenario.h"

#include "world-harness.h"

#define HEAD(name, duration)                                                                       \
  "[scenario]\nname = " name "\nduration = " duration "\nwarmup = 0\nbin = 10s\nseed = 5\n"        \
  "replications = 1\n[exposure]\nprobes = false\n"

typedef struct {
  guint n_groups;
  guint nodes[4];
  guint registered[4];
  guint per_az[4][3];
  gboolean public_ip[4];
  gboolean cluster_sg[4];
  SimNodeGroupType type[4];
  guint64 served;
  guint reconnected_dns;
} Seen;

static void
inspect(SimWorld *w, gpointer data)
{
  Seen *s = data;
  s->n_groups = sim_world_n_nodegroups(w);
  SimNodeLifecycle *nlc = sim_world_nodelifecycle(w);
  for (guint g = 0; g < s->n_groups && g < 4; g++) {
    SimNodeGroup *ng = sim_world_nodegroup(w, g);
    s->nodes[g] = sim_nodegroup_n_nodes(ng);
    s->type[g] = sim_nodegroup_type(ng);
    s->cluster_sg[g] = sim_nodegroup_has_cluster_sg(ng);
    for (guint k = 0; k < s->nodes[g]; k++) {
      SimHost *h = sim_nodegroup_node_host(ng, k);
      guint8 az = sim_host_node(h)->az;
      g_assert_cmpuint(az, ==, k % 2);
      s->per_az[g][az]++;
      s->registered[g] += sim_nodelifecycle_registered(nlc, sim_nodegroup_first_node(ng) + k);
      g_assert_cmpuint(sim_kubelet_node(sim_nodegroup_kubelet(ng, k)), ==,
                       sim_nodegroup_first_node(ng) + k);
    }
  }
}

/* Placement: round-robin over the AZs, in the subnet kind asked for; public-subnet nodes reach
 * the public endpoint through the internet gateway with their own public address, private ones
 * through the NAT gateway; node numbering runs across groups. */
static void
test_placement(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("place", "60s")
                                    "[cluster]\nendpoint = public\n[vpc]\nnat = per-az\n"
                                    "[nodegroup.a]\nnodes = 5\n"
                                    "[nodegroup.b]\nnodes = 3\nsubnet = public\ntype = self-managed\n"
                                    "[nodegroup.f]\nnodes = 2\ntype = fargate\n");
  Seen s = { 0 };
  Trace *t = run_variant(scn, 0, 0, inspect, &s);
  g_assert_cmpuint(s.n_groups, ==, 3);
  g_assert_cmpuint(s.nodes[0], ==, 5);
  g_assert_cmpuint(s.per_az[0][0], ==, 3);
  g_assert_cmpuint(s.per_az[0][1], ==, 2);
  g_assert_cmpuint(s.per_az[1][0], ==, 2);
  g_assert_cmpuint(s.type[1], ==, SIM_NODEGROUP_SELF_MANAGED);
  g_assert_cmpuint(s.type[2], ==, SIM_NODEGROUP_FARGATE);
  g_assert_true(s.cluster_sg[0]);
  g_assert_false(s.cluster_sg[1]);
  g_assert_true(s.cluster_sg[2]);
  for (guint g = 0; g < 3; g++)
    g_assert_cmpuint(s.registered[g], ==, s.nodes[g]);
  /* paths: a (private) through NAT, b (public subnet) straight out of the internet gateway */
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
    gboolean nat = (x->r.path & SIM_PATH_NAT) != 0;
    g_assert_true(x->r.path & SIM_PATH_IGW);
    g_assert_true(x->r.path & SIM_PATH_PUBLIC_ENDPOINT);
    if (strcmp(x->subject, "b") == 0)
      g_assert_false(nat);
    else
      g_assert_true(nat);
  }
  trace_free(t);
}

/* Self-managed nodes do not carry the cluster security group: with private access, the ENIs drop
 * their SYNs (sg-denied) and they never register; cluster_security_group = true, or
 * security_group_allow covering their subnet, lets them in (facts §1.6, §4). Managed nodes are
 * admitted without any extra rule. */
static void
test_self_managed_security_group(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("selfsg", "60s")
                                    "[cluster]\nendpoint = private\n"
                                    "[nodegroup.m]\nnodes = 2\n"
                                    "[nodegroup.s]\nnodes = 2\ntype = self-managed\n"
                                    "[sweep]\nnodegroup.s.cluster_security_group = false, true\n"
                                    "cluster.security_group_allow = 192.0.2.0/24 | 10.0.0.0/16\n");
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 4);
  for (guint v = 0; v < 4; v++) {
    Seen s = { 0 };
    Trace *t = run_variant(scn, v, 0, inspect, &s);
    gboolean attached = v >= 2, allowed = v % 2 == 1;
    g_assert_cmpuint(s.registered[0], ==, 2);
    g_assert_cmpuint(s.registered[1], ==, attached || allowed ? 2 : 0);
    if (!attached && !allowed) {
      for (guint i = 0; i < t->recs->len; i++) {
        const Rec *x = g_ptr_array_index(t->recs, i);
        if (strcmp(x->subject, "s") != 0)
          continue;
        /* the 10 s heartbeat timeout, or the 30 s dial timeout of the connection a later
         * request waited on: either way the SYNs died at the ENI's security group */
        g_assert_true(x->r.outcome == SIM_OUTCOME_REQUEST_TIMEOUT ||
                      x->r.outcome == SIM_OUTCOME_CONNECT_TIMEOUT);
        if (x->r.outcome == SIM_OUTCOME_CONNECT_TIMEOUT)
          g_assert_cmpstr(x->detail, ==, sim_drop_reason_text(SIM_DROP_SG_DENIED));
        g_assert_true(x->r.path & SIM_PATH_PRIVATE_ZONE);
      }
    }
    trace_free(t);
  }
}

/* A node group larger than its subnets is refused with one line naming the group and key. */
static void
test_subnet_full(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("full", "10s")
                                    "[vpc]\ncidr = 10.0.0.0/24\n"
                                    "[nodegroup.big]\nnodes = 200\n");
  SimRecorder *rec = sim_recorder_new(0, 10 * SIM_S, 10 * SIM_S);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_null(w);
  g_assert_nonnull(err);
  g_assert_true(g_str_has_prefix(err->message, "[nodegroup.big] nodes: subnet az"));
  g_assert_nonnull(strstr(err->message, "allowed: fewer nodes"));
  sim_recorder_free(rec);
}

/* Fargate runs only in private subnets: a public one is refused when the scenario loads. */
static void
test_fargate_private_only(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load_data(HEAD("fg", "10s")
                                                      "[nodegroup.f]\ntype = fargate\nsubnet = public\n",
                                                      -1, "fg.ini", &err);
  g_assert_null(scn);
  g_assert_nonnull(err);
  g_assert_nonnull(strstr(err->message, "Fargate runs only in private subnets"));
}

/* What a node group reports: requests, readiness, registered / never registered. */
static void
test_metrics(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("ngm", "120s")
                                    "[cluster]\nendpoint = public\npublic_access_cidrs = 198.51.100.0/24\n"
                                    "[vpc]\nnat = single\n"
                                    "[nodegroup.pub]\nnodes = 2\nsubnet = public\n"
                                    "[sweep]\ncluster.public_access_cidrs = 198.51.100.0/24 | 198.18.0.0/15\n");
  for (guint v = 0; v < 2; v++) {
    SimConfig *cfg = sim_scenario_get_variant(scn, v);
    SimRecorder *rec = sim_recorder_new(0, 120 * SIM_S, 10 * SIM_S);
    g_autoptr(GError) err = NULL;
    SimWorld *w = sim_world_new(cfg, 0, rec, &err);
    g_assert_no_error(err);
    sim_world_run(w);
    sim_world_free(w);
    SimRunResult *res = sim_recorder_finish(rec);
    const SimResultSubject *sub = NULL;
    for (guint i = 0; i < res->subjects->len; i++) {
      const SimResultSubject *x = g_ptr_array_index(res->subjects, i);
      if (strcmp(x->name, "pub") == 0)
        sub = x;
    }
    g_assert_nonnull(sub);
    g_assert_cmpuint(sub->kind, ==, SIM_SUBJECT_NODEGROUP);
    g_assert_cmpuint(sub->n_nodes, ==, 2);
    double registered = NAN, never = NAN;
    for (guint i = 0; i < sub->values->len; i++) {
      const SimResultValue *val = g_ptr_array_index(sub->values, i);
      if (strcmp(val->metric, "nodes_registered") == 0)
        registered = val->value;
      if (strcmp(val->metric, "nodes_never_registered") == 0)
        never = val->value;
    }
    /* the node's own public address (198.18.0.0/15) is what the endpoint sees: only the second
     * list admits it (facts §1.8 row (e)) */
    g_assert_cmpfloat(registered, ==, v == 0 ? 0 : 2);
    g_assert_cmpfloat(never, ==, v == 0 ? 2 : 0);
    if (v == 0)
      g_assert_cmpfloat(sub->ready_node_ns, ==, 0);
    else
      g_assert_cmpfloat(sub->ready_node_ns, >, 2 * 100e9);
    sim_run_result_free(res);
    sim_recorder_free(rec);
  }
}

/* Every kubelet of a group reconnects at once (issue 6's load spike): each resolves, dials and
 * handshakes again, and the nodes stay Ready. */
typedef struct {
  SimNodeGroup *ng;
} Recon;

static void
do_reconnect(SimScheduler *sched, gpointer data)
{
  (void)sched;
  sim_nodegroup_reconnect(data);
}

static void
setup_reconnect(SimWorld *w, gpointer data)
{
  (void)data;
  sim_scheduler_at(sim_world_scheduler(w), 50 * SIM_S, do_reconnect, sim_world_nodegroup(w, 0));
}

static void
test_reconnect(void)
{
  g_autoptr(SimScenario) scn = load(HEAD("recon", "90s")
                                    "[cluster]\nendpoint = public+private\n"
                                    "[nodegroup.ng]\nnodes = 4\nboot = const(1s)\n");
  Seen s = { 0 };
  Trace *t = run_variant_full(scn, 0, 0, setup_reconnect, inspect, &s);
  guint fresh_after = 0, fresh_before = 0;
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (x->r.phase[SIM_PHASE_DNS] > 0 && x->r.outcome == SIM_OUTCOME_OK) {
      if (x->r.start >= 50 * SIM_S)
        fresh_after++;
      else
        fresh_before++;
    }
  }
  g_assert_cmpuint(fresh_before, ==, 4); /* each kubelet's first connection */
  g_assert_cmpuint(fresh_after, ==, 4);  /* and one new one each after the reconnect */
  g_assert_cmpuint(s.registered[0], ==, 4);
  trace_free(t);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/nodegroup/placement-and-paths", test_placement);
  g_test_add_func("/nodegroup/self-managed-lacks-cluster-sg", test_self_managed_security_group);
  g_test_add_func("/nodegroup/subnet-full-is-refused", test_subnet_full);
  g_test_add_func("/nodegroup/fargate-private-only", test_fargate_private_only);
  g_test_add_func("/nodegroup/metrics", test_metrics);
  g_test_add_func("/nodegroup/reconnect", test_reconnect);
  return g_test_run();
}
