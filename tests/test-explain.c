/* eksim explain (report/explain.h): the account of one request per client, read from the model's
 * tracer. The key cells of facts §1.8: the private endpoint answered from the private hosted zone,
 * the NAT gateway hop of a node in public-only mode, the drop at the public endpoint with the
 * refused source; also a laptop in private mode, an ALB, state changes, choosing a request
 * (--at, --failed), determinism and the three renderings. */
#include <glib.h>
#include <string.h>

#include "report/explain.h"
#include "scenario/scenario.h"

static SimScenario *
load(const char *text)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "test-explain.ini", &err);
  g_assert_no_error(err);
  g_assert_nonnull(scn);
  return scn;
}

static SimExplanation *
explain(SimScenario *scn, guint variant, const SimExplainOptions *opts)
{
  g_autoptr(GError) err = NULL;
  SimExplanation *ex = sim_explain_run(sim_scenario_get_variant(scn, variant), opts, &err);
  g_assert_no_error(err);
  g_assert_nonnull(ex);
  return ex;
}

static const SimExplainStep *
find_step(const SimExplainRequest *r, SimExplainStepKind kind, const char *node, const char *text)
{
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *s = g_ptr_array_index(r->steps, i);
    if (s->kind == kind && (node == NULL || (s->node != NULL && strcmp(s->node, node) == 0)) &&
        (text == NULL || (s->text != NULL && strstr(s->text, text) != NULL) ||
         (s->packet_text != NULL && strstr(s->packet_text, text) != NULL)))
      return s;
  }
  return NULL;
}

static guint
count_steps(const SimExplainRequest *r, SimExplainStepKind kind, const char *node)
{
  guint n = 0;
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *s = g_ptr_array_index(r->steps, i);
    n += s->kind == kind && (node == NULL || (s->node && strcmp(s->node, node) == 0));
  }
  return n;
}

static char *
render(const SimExplanation *ex, SimExplainFormat f)
{
  GString *s = g_string_new(NULL);
  sim_explanation_format(ex, f, FALSE, 1, 1, s);
  return g_string_free(s, FALSE);
}

static const char modes_ini[] = "[scenario]\nname = modes\nduration = 1m\nwarmup = 0\nseed = 3\n"
                                "[cluster]\nsecurity_group_allow = 10.0.0.0/16\n"
                                "public_access_cidrs = 198.51.100.0/24\n"
                                "[vpc]\nnat = single\n"
                                "[client.laptop]\nlocation = internet\nthink_time = const(2s)\nverbs = get:1\n"
                                "[client.node]\nlocation = vpc-private\nthink_time = const(2s)\nverbs = get:1\n"
                                "[sweep]\ncluster.endpoint = public, public+private, private\n";

/* public+private: the node's resolver answers from the EKS private hosted zone with the ENIs'
 * addresses, and the connection goes through a cross-account ENI to the load balancer and an API
 * server (facts §1.7, §1.8 (f) middle column). */
static void
test_private_zone_answer(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  const char *only[] = { "node", NULL };
  SimExplainOptions o = { only, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 1, &o);
  g_assert_cmpstr(sim_explanation_variant(ex), ==, "cluster.endpoint=public+private");
  g_assert_cmpuint(sim_explanation_n_requests(ex), ==, 1);
  const SimExplainRequest *r = sim_explanation_find(ex, "node");
  g_assert_nonnull(r);
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_OK);
  g_assert_cmpint(r->record.start, ==, 2 * SIM_S); /* the first call, after one think time */
  g_assert_cmpstr(r->host, ==, "cluster-vpc/az1-private/node");
  g_assert_cmpstr(r->dns_server, ==, "10.0.0.2 (cluster-vpc/route53-resolver)");
  g_assert_nonnull(r->dns_answer);
  g_assert_true(g_str_has_prefix(r->dns_answer, "NOERROR 10.0.128.4, 10.0.192.4 from zone "));
  g_assert_nonnull(strstr(r->dns_answer, "(private hosted zone)"));
  /* the resolver's own words, at the resolver */
  g_assert_nonnull(find_step(r, SIM_EXPLAIN_STEP_DNS, "cluster-vpc/route53-resolver", ", private)"));
  /* the answer packet reaches the node */
  const SimExplainStep *ans = find_step(r, SIM_EXPLAIN_STEP_DELIVER, r->host, "DNS answer NOERROR");
  g_assert_nonnull(ans);
  g_assert_nonnull(strstr(ans->packet_text, "private hosted zone"));
  /* the SYN goes to the first address, through the ENI of that address's subnet */
  const SimExplainStep *syn = find_step(r, SIM_EXPLAIN_STEP_HOP, "eks-eni-1-az1", "[SYN]");
  g_assert_nonnull(syn);
  g_assert_cmpstr(syn->peer, ==, r->host);
  g_assert_nonnull(strstr(syn->packet_text, "> 10.0.128.4:443"));
  g_assert_nonnull(find_step(r, SIM_EXPLAIN_STEP_FUNCTION, "eks-eni-1-az1", "cross-account ENI eks-eni-1-az1"));
  g_autofree char *route = sim_explain_request_route(r);
  g_assert_cmpstr(route, ==,
                  "cluster-vpc/az1-private/node -> eks-eni-1-az1 [EKS cross-account ENI in az1] -> nlb-az1 "
                  "[load balancer node (NLB) in az1] -> apiserver-1-az1 [API server instance in az1]");
  /* no NAT gateway, no internet */
  g_assert_cmpuint(count_steps(r, SIM_EXPLAIN_STEP_HOP, "nat-gateway-az1"), ==, 0);
  g_assert_cmpuint(count_steps(r, SIM_EXPLAIN_STEP_HOP, "internet"), ==, 0);
  g_assert_true(r->record.path & SIM_PATH_PRIVATE_ZONE);
  g_autofree char *failure = sim_explain_request_failure(r);
  g_assert_cmpstr(failure, ==, "");
  /* the steps are in time order, inside the request's window */
  SimTime last = r->record.start;
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *s = g_ptr_array_index(r->steps, i);
    g_assert_cmpint(s->time, >=, last);
    g_assert_cmpint(s->time, <=, r->record.end);
    last = s->time;
  }
}

/* public only: the node in a private subnet leaves through the NAT gateway, whose Elastic IP is the
 * source the public endpoint sees; here the IP is not in public_access_cidrs, so every SYN is dropped
 * there and the client times out (facts §1.8 (f), §2, §6 #4). */
static void
test_nat_hop_and_cidr_drop(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  const char *only[] = { "node", NULL };
  SimExplainOptions o = { only, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "node");
  g_assert_nonnull(r);
  g_assert_cmpstr(r->dns_server, ==, "10.0.0.2 (cluster-vpc/route53-resolver)");
  g_assert_true(g_str_has_prefix(r->dns_answer, "NOERROR 192.0.2."));
  g_assert_nonnull(strstr(r->dns_answer, "from zone eks.amazonaws.com (public)"));
  /* the NAT hop: the SYN reaches the gateway over an intra-AZ link, which translates it */
  const SimExplainStep *hop = find_step(r, SIM_EXPLAIN_STEP_HOP, "nat-gateway-az1", "[SYN]");
  g_assert_nonnull(hop);
  g_assert_cmpstr(hop->link, ==, "intra-az");
  g_assert_cmpstr(hop->role, ==, "NAT gateway in az1");
  g_assert_nonnull(find_step(r, SIM_EXPLAIN_STEP_FUNCTION, "nat-gateway-az1",
                             "NAT gateway nat-gateway-az1: source 10.0.128.5:"));
  g_assert_nonnull(find_step(r, SIM_EXPLAIN_STEP_FUNCTION, NULL, "cluster-vpc/internet-gateway: source 10.0.0.4 -> 203.0.113.10"));
  g_autofree char *route = sim_explain_request_route(r);
  g_assert_true(g_str_has_prefix(route, "cluster-vpc/az1-private/node -> nat-gateway-az1 [NAT gateway in az1, "
                                        "leaves as 203.0.113.10] -> internet -> nlb-az"));
  /* the drop, where and why */
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  const SimExplainStep *drop = find_step(r, SIM_EXPLAIN_STEP_DROP, NULL, NULL);
  g_assert_nonnull(drop);
  g_assert_cmpstr(drop->reason, ==, "cidr-denied");
  g_assert_cmpstr(drop->text, ==, "dropped at the public endpoint: source 203.0.113.10 is not in public_access_cidrs");
  g_assert_true(g_str_has_prefix(drop->node, "nlb-az"));
  /* SYNs at 0, 1, 3, 7 and 15 s; the 30 s dial timeout ends it before the sixth (facts §5.4) */
  g_assert_cmpuint(count_steps(r, SIM_EXPLAIN_STEP_DROP, NULL), ==, 5);
  g_autofree char *failure = sim_explain_request_failure(r);
  g_assert_true(g_str_has_prefix(failure, "connect-timeout after 30.0"));
  g_assert_nonnull(strstr(failure, ": dropped at the public endpoint: source 203.0.113.10 is not in public_access_cidrs (at nlb-az"));
  g_assert_nonnull(strstr(failure, "reason cidr-denied; 5 packets)"));
  /* the narrative says it in words */
  g_autofree char *text = render(ex, SIM_EXPLAIN_FORMAT_TEXT);
  g_assert_nonnull(strstr(text, "   FAILED   connect-timeout after 30.0"));
  g_assert_nonnull(strstr(text, "DROPPED at nlb-az"));
  g_assert_nonnull(strstr(text, "(4 more packets took this route, the last at "));
}

/* The laptop: allowed by public_access_cidrs in public mode (internet -> public NLB); in private
 * mode public DNS answers the ENIs' private addresses, which the internet does not route
 * (facts §1.7, §1.8 (a)). */
static void
test_laptop_public_and_private(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  const char *only[] = { "laptop", NULL };
  SimExplainOptions o = { only, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) pub = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(pub, "laptop");
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_OK);
  g_assert_cmpstr(r->dns_server, ==, "192.0.2.153 (public-resolver)");
  g_assert_nonnull(strstr(r->dns_answer, "from zone eks.amazonaws.com (public)"));
  /* the public resolver asked the authoritative server: followed upstream */
  g_assert_nonnull(find_step(r, SIM_EXPLAIN_STEP_DELIVER, "route53-public-dns", "DNS question"));
  g_autofree char *route = sim_explain_request_route(r);
  g_assert_true(g_str_has_prefix(route, "internet/laptop -> internet -> nlb-az"));
  g_assert_nonnull(strstr(route, "[API server instance in az"));
  g_assert_true(r->record.path & SIM_PATH_PUBLIC_ENDPOINT);

  g_autoptr(SimExplanation) priv = explain(scn, 2, &o);
  r = sim_explanation_find(priv, "laptop");
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_true(g_str_has_prefix(r->dns_answer, "NOERROR 10.0.128.4, 10.0.192.4 from zone eks.amazonaws.com (public)"));
  const SimExplainStep *drop = find_step(r, SIM_EXPLAIN_STEP_DROP, "internet", "[SYN]");
  g_assert_nonnull(drop);
  g_assert_cmpstr(drop->reason, ==, "no-route");
}

/* An ALB ends the client's TLS; the account follows the request on the ALB's own connection to
 * the API server it routed it to. */
static void
test_alb(void)
{
  g_autoptr(SimScenario) scn = load("[scenario]\nname = alb\nduration = 30s\nwarmup = 0\nseed = 5\n"
                                    "[cluster]\nlb = alb\nendpoint = public+private\n"
                                    "security_group_allow = 10.0.0.0/16\n"
                                    "[client.bastion]\nlocation = vpc-public\nthink_time = const(1s)\n");
  SimExplainOptions o = { NULL, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "bastion");
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_OK);
  const SimExplainStep *routed = find_step(r, SIM_EXPLAIN_STEP_FUNCTION, NULL, ": request routed to apiserver-");
  g_assert_nonnull(routed);
  g_assert_true(g_str_has_prefix(routed->node, "alb-az"));
  /* the backend leg reaches an API server */
  g_assert_cmpuint(count_steps(r, SIM_EXPLAIN_STEP_DELIVER, NULL), >, 4);
  gboolean backend = FALSE;
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *s = g_ptr_array_index(r->steps, i);
    backend = backend || (s->kind == SIM_EXPLAIN_STEP_HOP && s->peer && g_str_has_prefix(s->peer, "alb-az") &&
                          g_str_has_prefix(s->node, "apiserver-"));
  }
  g_assert_true(backend);
  g_autofree char *route = sim_explain_request_route(r);
  g_assert_nonnull(strstr(route, "terminates TLS and routes the request to apiserver-"));
}

/* --at picks the first request starting at or after the time; --failed the first failed one;
 * a client without one is listed as missing. */
static void
test_choose_request(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  const char *only[] = { "laptop", NULL };
  SimExplainOptions o = { only, 9 * SIM_S, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "laptop");
  g_assert_nonnull(r);
  g_assert_cmpint(r->record.start, >=, 9 * SIM_S);
  g_assert_cmpint(r->record.start, <, 12 * SIM_S);

  SimExplainOptions f = { only, 0, TRUE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) none = explain(scn, 0, &f); /* the laptop is allowed: nothing fails */
  g_assert_cmpuint(sim_explanation_n_requests(none), ==, 0);
  g_assert_cmpstr(sim_explanation_missing(none)[0], ==, "laptop");
  g_assert_null(sim_explanation_missing(none)[1]);
  g_autofree char *text = render(none, SIM_EXPLAIN_FORMAT_TEXT);
  g_assert_nonnull(strstr(text, "-- laptop: no request that failed started at or after 0.000000000 s and ended "
                                "before the run did (at 60.000000000 s; a longer [scenario] duration may help)\n"));

  const char *node[] = { "node", NULL };
  SimExplainOptions g = { node, 0, TRUE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) failed = explain(scn, 0, &g);
  g_assert_cmpint(sim_explanation_find(failed, "node")->record.outcome, !=, SIM_OUTCOME_OK);

  const char *bad[] = { "nobody", NULL };
  SimExplainOptions b = { bad, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(GError) err = NULL;
  g_assert_null(sim_explain_run(sim_scenario_get_variant(scn, 0), &b, &err));
  g_assert_error(err, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_MODEL);
  g_assert_cmpstr(err->message, ==, "--client: 'nobody' is not a client or node group of this scenario; allowed: laptop, node");
}

/* Same scenario, same options: the same bytes, in every format; a different replication draws
 * different random numbers. */
static void
test_deterministic(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  SimExplainOptions o = { NULL, 0, FALSE, 0, FALSE, NULL, FALSE };
  for (SimExplainFormat f = SIM_EXPLAIN_FORMAT_TEXT; f <= SIM_EXPLAIN_FORMAT_MERMAID; f++) {
    g_autoptr(SimExplanation) a = explain(scn, 1, &o);
    g_autoptr(SimExplanation) b = explain(scn, 1, &o);
    g_autofree char *ta = render(a, f);
    g_autofree char *tb = render(b, f);
    g_assert_cmpstr(ta, ==, tb);
    g_assert_cmpuint(strlen(ta), >, 500);
  }
}

/* The diagrams: every lane named, one arrow per hop of the drawn packets, drops drawn as lost
 * messages; Mermaid statements parse line by line (participants declared before use). */
static void
test_diagrams(void)
{
  g_autoptr(SimScenario) scn = load(modes_ini);
  const char *only[] = { "node", NULL };
  SimExplainOptions o = { only, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  g_autofree char *seq = render(ex, SIM_EXPLAIN_FORMAT_SEQUENCE);
  g_assert_nonnull(strstr(seq, "time (s)"));
  g_assert_nonnull(strstr(seq, "nat-gateway-az1"));
  g_assert_nonnull(strstr(seq, "-X|"));
  g_assert_nonnull(strstr(seq, "SYN (+"));
  g_assert_nonnull(strstr(seq, "DROPPED: dropped at the public endpoint: source 203.0.113.10"));

  g_autofree char *md = render(ex, SIM_EXPLAIN_FORMAT_MERMAID);
  g_assert_nonnull(strstr(md, "```mermaid\nsequenceDiagram\n  participant P1 as node\n"));
  g_assert_nonnull(strstr(md, "-xP"));
  g_auto(GStrv) lines = g_strsplit(md, "\n", -1);
  guint participants = 0, arrows = 0;
  gboolean in = FALSE;
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *l = lines[i];
    if (strcmp(l, "```mermaid") == 0) {
      in = TRUE;
      continue;
    }
    if (strcmp(l, "```") == 0) {
      in = FALSE;
      continue;
    }
    if (!in || strcmp(l, "sequenceDiagram") == 0)
      continue;
    g_assert_null(strchr(l, ';'));
    if (g_str_has_prefix(l, "  participant P")) {
      participants++;
      continue;
    }
    if (g_str_has_prefix(l, "  Note over P")) {
      guint p = (guint)g_ascii_strtoull(l + strlen("  Note over P"), NULL, 10);
      g_assert_cmpuint(p, >=, 1);
      g_assert_cmpuint(p, <=, participants);
      continue;
    }
    /* an arrow: Pa->>Pb:, Pa-->>Pb:, Pa-xPb:, Pa--xPb: */
    g_assert_true(g_str_has_prefix(l, "  P"));
    char *end = NULL;
    guint a = (guint)g_ascii_strtoull(l + 3, &end, 10);
    g_assert_true(g_str_has_prefix(end, "->>P") || g_str_has_prefix(end, "-->>P") || g_str_has_prefix(end, "-xP") ||
                  g_str_has_prefix(end, "--xP"));
    const char *pb = strchr(end, 'P');
    guint b = (guint)g_ascii_strtoull(pb + 1, &end, 10);
    g_assert_true(*end == ':');
    g_assert_cmpuint(a, >=, 1);
    g_assert_cmpuint(b, <=, participants);
    arrows++;
  }
  g_assert_cmpuint(participants, ==, 6); /* node, resolver, internet, public DNS, NAT, NLB node */
  g_assert_cmpuint(arrows, >=, 9);
}

/* What was down or unhealthy when the request started comes from the model's own state changes:
 * with a control plane that loses 95% of its packets, the load balancer's health checks fail and
 * mark the API servers unhealthy (2 failed checks, 30 s apart, facts §5.5); a request after that
 * says so. Before it, nothing is. */
static void
test_state_at_start(void)
{
  g_autoptr(SimScenario) scn = load("[scenario]\nname = lossy\nduration = 3m\nwarmup = 0\nseed = 2\n"
                                    "[link.control-plane]\nloss = 0.95\n"
                                    "[client.laptop]\nlocation = internet\nthink_time = const(5s)\n");
  SimExplainOptions early = { NULL, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) a = explain(scn, 0, &early);
  const SimExplainRequest *r = sim_explanation_find(a, "laptop");
  g_assert_cmpuint(r->state->len, ==, 0);
  g_autofree char *text = render(a, SIM_EXPLAIN_FORMAT_TEXT);
  g_assert_nonnull(strstr(text, "   state    nothing down or unhealthy when it started\n"));

  SimExplainOptions late = { NULL, 100 * SIM_S, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) b = explain(scn, 0, &late);
  r = sim_explanation_find(b, "laptop");
  g_assert_nonnull(r);
  g_assert_cmpuint(r->state->len, >=, 1);
  gboolean unhealthy = FALSE;
  for (guint i = 0; i < r->state->len; i++) {
    const char *line = r->state->pdata[i];
    unhealthy = unhealthy || (g_str_has_prefix(line, "nlb-az") && strstr(line, ": target apiserver-") != NULL &&
                              strstr(line, " is unhealthy (since ") != NULL);
  }
  g_assert_true(unhealthy);
}

/* An open-loop client with many calls in flight at once: the account holds only the chosen
 * call's own lookup and connection (5 SYNs of one source port), not its neighbours' packets. */
static void
test_concurrent_calls(void)
{
  g_autoptr(SimScenario) scn = load("[scenario]\nname = busy\nduration = 60s\nwarmup = 0\nseed = 9\n"
                                    "[cluster]\npublic_access_cidrs = 203.0.113.0/24\n"
                                    "[client.laptop]\nlocation = internet\nrate = 5/s\nverbs = get:1\n");
  SimExplainOptions o = { NULL, 10 * SIM_S, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "laptop");
  g_assert_nonnull(r);
  g_assert_cmpint(r->record.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpuint(count_steps(r, SIM_EXPLAIN_STEP_DROP, NULL), ==, 5);
  const char *port = NULL;
  guint questions = 0;
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *s = g_ptr_array_index(r->steps, i);
    if (s->kind == SIM_EXPLAIN_STEP_DROP) {
      g_assert_nonnull(strstr(s->packet_text, "[SYN]"));
      const char *p = strchr(s->packet_text, ':');
      if (port == NULL)
        port = p;
      g_assert_cmpint(strncmp(p, port, 6), ==, 0); /* one connection */
    }
    questions += s->kind == SIM_EXPLAIN_STEP_DNS && strstr(s->text, " asks ") != NULL;
  }
  g_assert_cmpuint(questions, ==, 1);
  g_autofree char *failure = sim_explain_request_failure(r);
  g_assert_nonnull(strstr(failure, "source 198.51.100.7 is not in public_access_cidrs (at nlb-az"));
  g_assert_nonnull(strstr(failure, "; 5 packets)"));
}

/* A kubelet starts two requests at one instant (its Lease renewal and another); the second run
 * of explain, kept going by a client whose chosen call ends later, sees both: only the Lease
 * renewal chosen in the first run is compared (once this reported a false "did not repeat"). */
static const char two_at_once_ini[] =
  "[scenario]\nname = two\nduration = 90s\nwarmup = 10s\nseed = 3\n"
  "[cluster]\nsecurity_group_allow = 10.0.0.0/16\n"
  "[vpc]\nnat = per-az\n"
  "[client.laptop]\nlocation = internet\nrate = 1/s\nverbs = get:3, list:1, apply:1, logs:1, exec:1\n"
  "[client.bastion]\nlocation = vpc-public\nrate = 1/s\n"
  "[client.argocd]\nlocation = vpc-private\nkind = controller\nrate = 1/s\n"
  "[client.ci]\nlocation = vpc-private\nkind = automation\nrate = 0.05/s\nburst = 10\n"
  "[nodegroup.workers]\nnodes = 4\nsubnet = private\n"
  "[nodegroup.edge]\ntype = self-managed\nnodes = 2\nsubnet = public\ncluster_security_group = true\n";

static void
test_two_requests_one_instant(void)
{
  g_autoptr(SimScenario) scn = load(two_at_once_ini);
  const char *both[] = { "ci", "workers", NULL };
  SimExplainOptions o = { both, 0, FALSE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *w = sim_explanation_find(ex, "workers");
  const SimExplainRequest *c = sim_explanation_find(ex, "ci");
  g_assert_nonnull(w);
  g_assert_nonnull(c);
  g_assert_cmpstr(w->record.verb, ==, "lease");
  g_assert_cmpint(c->record.end, >, w->record.end); /* the second run goes on past the lease */
}

/* A packet dropped on arrival at a failed element (no hop of its own is traced): the step says
 * where it came from and both diagrams draw a lost arrow from there, not a bare note. */
static void
test_drop_on_arrival(void)
{
  g_autoptr(SimScenario) scn = load("[scenario]\nname = natdown\nduration = 90s\nwarmup = 0\nseed = 3\n"
                                    "[client.vm]\nlocation = vpc-private\nthink_time = const(5s)\n"
                                    "[fault.nat]\nkind = nat-gateway-outage\nat = 30s\n");
  SimExplainOptions o = { NULL, 30 * SIM_S, TRUE, 0, FALSE, NULL, FALSE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "vm");
  g_assert_nonnull(r);
  const SimExplainStep *drop = find_step(r, SIM_EXPLAIN_STEP_DROP, "nat-gateway-az1", NULL);
  g_assert_nonnull(drop);
  g_assert_cmpstr(drop->reason, ==, "node-down");
  g_assert_nonnull(drop->peer);
  g_assert_true(g_str_has_suffix(drop->peer, "/vm"));
  g_assert_null(find_step(r, SIM_EXPLAIN_STEP_HOP, "nat-gateway-az1", NULL));
  g_autofree char *mermaid = render(ex, SIM_EXPLAIN_FORMAT_MERMAID);
  g_assert_nonnull(strstr(mermaid, "  P1-xP"));
  g_assert_null(strstr(mermaid, "Note over P2: SYN DROPPED"));
  g_autofree char *seq = render(ex, SIM_EXPLAIN_FORMAT_SEQUENCE);
  const char *lost = strstr(seq, "-X|");
  g_assert_nonnull(lost);
  const char *eol = strchr(lost, '\n');
  const char *label = strstr(lost, "SYN DROPPED: dropped: the element it reached is down");
  g_assert_true(label != NULL && label < eol);
}

/* Hundreds of kubelets resolving and re-listing at one instant: the account keeps the request's
 * own DNS answer, not the resolver's answers to everyone else, and shows a burst of identical
 * 429 lines of one API server once, with its count. */
static void
test_storm(void)
{
  g_autoptr(SimScenario) scn = load("[scenario]\nname = storm\nduration = 60s\nwarmup = 0\nseed = 4\n"
                                    "[cluster]\nendpoint = private\n"
                                    "[apiserver]\nmax_inflight_readonly = 20\n"
                                    "[nodegroup.n]\nnodes = 300\n"
                                    "[fault.storm]\nkind = load-spike\nat = 40s\n");
  SimExplainOptions o = { NULL, 40 * SIM_S, FALSE, 0, FALSE, "list", TRUE };
  g_autoptr(SimExplanation) ex = explain(scn, 0, &o);
  const SimExplainRequest *r = sim_explanation_find(ex, "n");
  g_assert_nonnull(r);
  g_assert_cmpuint(r->record.attempts, >, 1);
  guint answers = 0, refusals = 0;
  for (guint i = 0; i < r->steps->len; i++) {
    const SimExplainStep *st = g_ptr_array_index(r->steps, i);
    answers += st->kind == SIM_EXPLAIN_STEP_DNS && strstr(st->text, " answers ") != NULL;
    refusals += st->kind == SIM_EXPLAIN_STEP_CONN && strstr(st->text, "rejected with 429") != NULL;
  }
  g_assert_cmpuint(answers, <=, 2);
  g_assert_cmpuint(refusals, >=, 1);
  g_autofree char *text = render(ex, SIM_EXPLAIN_FORMAT_TEXT);
  g_assert_nonnull(strstr(text, "times in this instant, other requests' included)"));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/explain/private-endpoint-answer-from-private-zone", test_private_zone_answer);
  g_test_add_func("/explain/nat-hop-and-cidr-drop-in-public-mode", test_nat_hop_and_cidr_drop);
  g_test_add_func("/explain/laptop-public-and-private", test_laptop_public_and_private);
  g_test_add_func("/explain/alb-routes-the-request", test_alb);
  g_test_add_func("/explain/choose-request", test_choose_request);
  g_test_add_func("/explain/deterministic", test_deterministic);
  g_test_add_func("/explain/diagrams", test_diagrams);
  g_test_add_func("/explain/state-at-start", test_state_at_start);
  g_test_add_func("/explain/concurrent-calls-kept-apart", test_concurrent_calls);
  g_test_add_func("/explain/two-requests-of-one-kubelet-at-one-instant", test_two_requests_one_instant);
  g_test_add_func("/explain/drop-on-arrival-drawn-as-lost-arrow", test_drop_on_arrival);
  g_test_add_func("/explain/storm-account-stays-the-requests", test_storm);
  return g_test_run();
}
