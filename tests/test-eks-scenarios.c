/* The shipped top-level scenarios (scenarios/public.ini, public-private.ini, private.ini,
 * modes.ini) run as documented in their headers: who reaches the API in which mode and by which
 * path, nodes Ready everywhere, exposure, NAT bytes only in public mode. Shortened runs (an
 * include with a shorter [scenario], as the lessons' harness does). */
#include <glib.h>
#include <string.h>

#include "eks/world.h"
#include "net/network.h"
#include "scenario/scenario.h"

#include "world-harness.h"

/* @file (under scenarios/), shortened. */
static SimScenario *
load_short(const char *file)
{
  g_autofree char *text = g_strdup_printf("include = %s\n[scenario]\nduration = 150s\nwarmup = 30s\n"
                                          "replications = 1\n[exposure]\ninterval = 20s\n[client.ci]\nrate = 2/m\n", file);
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "scenarios/_test-short.ini", &err);
  g_assert_no_error(err);
  return scn;
}

typedef struct {
  guint registered, ready, nodes;
  guint64 nat_bytes;
} State;

static void
inspect(SimWorld *w, gpointer data)
{
  State *s = data;
  SimNodeLifecycle *nlc = sim_world_nodelifecycle(w);
  s->nodes = sim_nodelifecycle_n_nodes(nlc);
  s->registered = sim_nodelifecycle_n_registered(nlc);
  s->ready = sim_nodelifecycle_n_ready(nlc);
}

/* Every request of @subject after the warm-up: all ok with the @must path bits and none of
 * @must_not (@ok), or none ok. Returns how many there were. */
static guint
check_subject(const Trace *t, const char *mode, const char *subject, gboolean ok, guint32 must,
              guint32 must_not)
{
  guint n = 0;
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (strcmp(x->subject, subject) != 0 || x->r.start < 30 * SIM_S)
      continue;
    n++;
    if (ok && x->r.outcome != SIM_OUTCOME_OK)
      g_error("%s: %s %s at %.2fs ended %s (%s)", mode, subject, x->r.verb, sim_time_to_s(x->r.start),
              sim_outcome_name(x->r.outcome), x->detail ? x->detail : "");
    if (!ok && x->r.outcome == SIM_OUTCOME_OK)
      g_error("%s: %s %s at %.2fs succeeded", mode, subject, x->r.verb, sim_time_to_s(x->r.start));
    if ((x->r.path & must) != must || (x->r.path & must_not) != 0)
      g_error("%s: %s %s path 0x%x; must 0x%x, must not 0x%x", mode, subject, x->r.verb, x->r.path,
              must, must_not);
  }
  if (n == 0)
    g_error("%s: %s made no request", mode, subject);
  return n;
}

static void
test_modes(void)
{
  g_autoptr(SimScenario) scn = load_short("modes.ini");
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 3);
  static const char *const modes[] = { "public", "public+private", "private" };
  for (guint v = 0; v < 3; v++) {
    const char *m = modes[v];
    g_assert_cmpstr(sim_config_get_string(sim_scenario_get_variant(scn, v), "cluster", "endpoint"), ==, m);
    State s = { 0 };
    Trace *t = run_variant(scn, v, 0, inspect, &s);
    /* every node of the four groups registers and is Ready (the NAT gateways' addresses are in
     * public_access_cidrs; self-managed `legacy` carries the cluster security group) */
    g_assert_cmpuint(s.nodes, ==, 22);
    g_assert_cmpuint(s.registered, ==, 22);
    g_assert_cmpuint(s.ready, ==, 22);
    guint32 node_path = v == 0 ? SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT : SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE;
    guint32 node_not = v == 0 ? SIM_PATH_XENI : SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT;
    const char *groups[] = { "system", "apps", "batch", "legacy" };
    for (guint g = 0; g < G_N_ELEMENTS(groups); g++)
      check_subject(t, m, groups[g], TRUE, node_path, node_not);
    /* internet users: the public endpoint, or nothing in private mode (facts §1.8 (a)); their
     * logs and exec reach the kubelet through an ENI in every mode, so XENI is not a test here */
    check_subject(t, m, "developers", v < 2, SIM_PATH_INTERNET, SIM_PATH_PRIVATE_ZONE);
    check_subject(t, m, "ci", v < 2, SIM_PATH_INTERNET, SIM_PATH_PRIVATE_ZONE | SIM_PATH_XENI);
    /* the bastion: NAT + public endpoint, then the private zone and the ENIs */
    check_subject(t, m, "bastion", TRUE, v == 0 ? SIM_PATH_NAT : SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE,
                  v == 0 ? SIM_PATH_PRIVATE_ZONE : SIM_PATH_NAT);
    /* the peered VPC: its own egress to the public endpoint unless private only (facts §1.8 (c)) */
    check_subject(t, m, "peer", TRUE, v < 2 ? SIM_PATH_PUBLIC_ENDPOINT : SIM_PATH_XENI | SIM_PATH_PEERING,
                  v < 2 ? SIM_PATH_XENI : SIM_PATH_PUBLIC_ENDPOINT);
    /* the office forwards to the inbound endpoint: private path with private access (facts §1.8 (d)) */
    check_subject(t, m, "office", TRUE,
                  v == 0 ? SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT
                  : v == 1 ? SIM_PATH_XENI | SIM_PATH_VPN | SIM_PATH_INBOUND_RESOLVER
                           : SIM_PATH_XENI | SIM_PATH_VPN,
                  v == 0 ? SIM_PATH_PRIVATE_ZONE : SIM_PATH_PUBLIC_ENDPOINT);
    /* in-cluster clients: the kubernetes service, i.e. the ENIs, in every mode (facts §4) */
    check_subject(t, m, "argocd", TRUE, SIM_PATH_XENI, SIM_PATH_PUBLIC_ENDPOINT | SIM_PATH_NAT);
    check_subject(t, m, "operator", TRUE, SIM_PATH_XENI, SIM_PATH_PUBLIC_ENDPOINT | SIM_PATH_NAT);
    /* exposure: allowed sources connect unless private; others never */
    check_subject(t, m, "probe-allowed-source", v < 2, v < 2 ? SIM_PATH_PUBLIC_ENDPOINT : 0, 0);
    check_subject(t, m, "probe-other-source", FALSE, 0, 0);
    trace_free(t);
  }
}

/* The per-mode files are the sweep's variants: same settings, same results. */
static void
test_per_mode_files(void)
{
  static const struct { const char *file, *mode; } files[] = {
    { "public.ini", "public" }, { "public-private.ini", "public+private" }, { "private.ini", "private" },
  };
  g_autoptr(SimScenario) sweep = load_short("modes.ini");
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autoptr(SimScenario) scn = load_short(files[i].file);
    g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 1);
    SimConfig *cfg = sim_scenario_get_variant(scn, 0);
    g_assert_cmpstr(sim_config_get_string(cfg, "cluster", "endpoint"), ==, files[i].mode);
    Trace *a = run_variant(scn, 0, 0, NULL, NULL);
    Trace *b = run_variant(sweep, i, 0, NULL, NULL);
    g_assert_cmpuint(a->recs->len, ==, b->recs->len);
    for (guint k = 0; k < a->recs->len; k++) {
      const Rec *x = g_ptr_array_index(a->recs, k), *y = g_ptr_array_index(b->recs, k);
      g_assert_cmpstr(x->subject, ==, y->subject);
      g_assert_cmpint(x->r.start, ==, y->r.start);
      g_assert_cmpint(x->r.end, ==, y->r.end);
      g_assert_cmpint(x->r.outcome, ==, y->r.outcome);
    }
    trace_free(a);
    trace_free(b);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/eks-scenarios/modes-as-documented", test_modes);
  g_test_add_func("/eks-scenarios/per-mode-files-equal-the-sweep", test_per_mode_files);
  return g_test_run();
}
