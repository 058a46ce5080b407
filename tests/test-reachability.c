/* The reachability table of facts §1.8, cell by cell, as runs of the model.
 *
 * Seven client locations x three endpoint modes, each with and without the extra configuration
 * the cell names (public_access_cidrs, the cluster security group rule "SG443", VPC DNS
 * attributes, a connected network's own internet egress, the Resolver inbound endpoint with
 * forwarding), plus Fargate, in-cluster pods (the kubernetes service) and control plane ->
 * kubelet. Every cell runs a short replication and checks the outcome of every request (or, for
 * nodes, whether they registered and became Ready) AND the path taken: the network functions its
 * packets crossed (SimPathFlags), or where and why they were dropped (the record's detail). */
#include <glib.h>
#include <string.h>

#include "eks/world.h"
#include "net/network.h"

#include "world-harness.h"

typedef struct {
  const char *name;   /* GTest path under /reachability/ */
  const char *config; /* scenario text after the common head */
  gboolean node;      /* the subject is node group "ng" (else client "c") */
  gboolean ok;        /* reachable */
  guint32 must, must_not;
  SimOutcome outcome; /* the failure (clients), when !ok; SIM_OUTCOME_COUNT: any failure */
  SimDropReason drop; /* expected drop named in some failure's detail, or SIM_DROP_N_REASONS */
} Cell;

#define NONE SIM_DROP_N_REASONS
#define ANY SIM_OUTCOME_COUNT
#define LAPTOP "[client.c]\nlocation = internet\nsource_ip = 198.51.100.7\n"
#define BASTION_PUB "[client.c]\nlocation = vpc-public\n"
#define BASTION_PRIV "[client.c]\nlocation = vpc-private\n"
#define PEER(kind, extra) "[network.n]\nkind = " kind "\ncidr = 10.50.0.0/16\n" extra "[client.c]\nlocation = network.n\n"
#define EGRESS "egress_ip = 198.51.100.60\n"
#define FWD "dns_forwarding = true\n"
#define INBOUND "[vpc]\nresolver_inbound_endpoint = true\n"
#define SG(c) "security_group_allow = " c "\n"
#define NODES(extra) "[nodegroup.ng]\nnodes = 2\nboot = const(1s)\n" extra

#define PUB "[cluster]\nendpoint = public\n"
#define PP "[cluster]\nendpoint = public+private\n"
#define PRV "[cluster]\nendpoint = private\n"

static const Cell cells[] = {
  /* (a) laptop on the internet */
  { "a-laptop/public", PUB LAPTOP, FALSE, TRUE, SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT,
    SIM_PATH_XENI, 0, NONE },
  { "a-laptop/public/outside-cidrs", PUB "public_access_cidrs = 203.0.113.0/24\n" LAPTOP, FALSE, FALSE,
    SIM_PATH_INTERNET, 0, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_CIDR_DENIED },
  { "a-laptop/public+private", PP LAPTOP, FALSE, TRUE, SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT,
    SIM_PATH_XENI, 0, NONE },
  { "a-laptop/public+private/outside-cidrs", PP "public_access_cidrs = 203.0.113.0/24\n" LAPTOP, FALSE,
    FALSE, SIM_PATH_INTERNET, 0, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_CIDR_DENIED },
  /* private only: public DNS answers the ENIs' private addresses, which the internet drops */
  { "a-laptop/private", PRV LAPTOP, FALSE, FALSE, SIM_PATH_INTERNET, SIM_PATH_XENI,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_NO_ROUTE },
  { "a-laptop/private/inside-cidrs", PRV "public_access_cidrs = 198.51.100.0/24\n" LAPTOP, FALSE, FALSE,
    SIM_PATH_INTERNET, SIM_PATH_XENI, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_NO_ROUTE },

  /* (b) bastion / instance in the cluster VPC */
  { "b-bastion/public/public-subnet", PUB BASTION_PUB, FALSE, TRUE, SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT,
    SIM_PATH_NAT | SIM_PATH_XENI, 0, NONE },
  { "b-bastion/public/public-ip-outside-cidrs", PUB "public_access_cidrs = 198.51.100.0/24\n" BASTION_PUB,
    FALSE, FALSE, SIM_PATH_IGW, 0, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_CIDR_DENIED },
  { "b-bastion/public/private-subnet-nat", PUB "[vpc]\nnat = single\n" BASTION_PRIV, FALSE, TRUE,
    SIM_PATH_NAT | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI, 0, NONE },
  { "b-bastion/public/private-subnet-no-egress", PUB "[vpc]\nnat = none\n" BASTION_PRIV, FALSE, FALSE, 0,
    SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_NO_ROUTE },
  { "b-bastion/public+private/sg443", PP SG("10.0.0.0/16") BASTION_PRIV, FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT | SIM_PATH_PRIVATE_ZONE, SIM_PATH_NAT | SIM_PATH_IGW, 0, NONE },
  { "b-bastion/public+private/no-sg443", PP BASTION_PRIV, FALSE, FALSE, SIM_PATH_PRIVATE_ZONE, 0,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },
  /* without enableDnsHostnames the private zone is not used: the public answer, the public path */
  { "b-bastion/public+private/dns-hostnames-off", PP SG("10.0.0.0/16") "[vpc]\ndns_hostnames = false\n"
    BASTION_PRIV, FALSE, TRUE, SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE,
    0, NONE },
  { "b-bastion/private/sg443", PRV SG("10.0.0.0/16") BASTION_PRIV, FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT | SIM_PATH_PRIVATE_ZONE, SIM_PATH_NAT, 0, NONE },
  { "b-bastion/private/no-sg443", PRV BASTION_PUB, FALSE, FALSE, SIM_PATH_PRIVATE_ZONE, 0,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },
  { "b-bastion/private/dns-support-off", PRV SG("10.0.0.0/16") "[vpc]\ndns_support = false\n" BASTION_PRIV,
    FALSE, FALSE, 0, SIM_PATH_XENI, SIM_OUTCOME_DNS_TIMEOUT, NONE },

  /* (c) peered or transit-gateway VPC */
  { "c-peered/public/own-egress", PUB PEER("peered-vpc", EGRESS), FALSE, TRUE, SIM_PATH_PUBLIC_ENDPOINT,
    SIM_PATH_XENI | SIM_PATH_PEERING, 0, NONE },
  { "c-peered/public/no-egress", PUB PEER("peered-vpc", ""), FALSE, FALSE, 0,
    SIM_PATH_PUBLIC_ENDPOINT | SIM_PATH_NAT, ANY, SIM_DROP_NO_ROUTE },
  { "c-peered/public/egress-outside-cidrs", PUB "public_access_cidrs = 203.0.113.0/24\n"
    PEER("peered-vpc", EGRESS), FALSE, FALSE, 0, SIM_PATH_XENI, SIM_OUTCOME_CONNECT_TIMEOUT,
    SIM_DROP_CIDR_DENIED },
  /* public+private: the public answer by default (facts §1.7, containers-roadmap #221) */
  { "c-peered/public+private/default-public-path", PP SG("10.50.0.0/16") PEER("peered-vpc", EGRESS), FALSE,
    TRUE, SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI | SIM_PATH_PEERING, 0, NONE },
  { "c-peered/public+private/inbound-endpoint-forwarding-sg443", PP SG("10.50.0.0/16") INBOUND
    PEER("peered-vpc", EGRESS FWD), FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PEERING | SIM_PATH_INBOUND_RESOLVER | SIM_PATH_PRIVATE_ZONE,
    SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "c-peered/public+private/forwarding-no-sg443", PP INBOUND PEER("peered-vpc", EGRESS FWD), FALSE, FALSE,
    SIM_PATH_INBOUND_RESOLVER, 0, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },
  /* private only: public DNS answers the private addresses; routes + SG443 suffice */
  { "c-peered/private/sg443", PRV SG("10.50.0.0/16") PEER("peered-vpc", EGRESS), FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PEERING | SIM_PATH_PRIVATE_ENDPOINT, SIM_PATH_INBOUND_RESOLVER, 0, NONE },
  { "c-peered/private/no-sg443", PRV PEER("peered-vpc", EGRESS), FALSE, FALSE, 0, 0,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },
  { "c-tgw/public/own-egress", PUB PEER("tgw-vpc", EGRESS), FALSE, TRUE, SIM_PATH_PUBLIC_ENDPOINT,
    SIM_PATH_XENI | SIM_PATH_TGW, 0, NONE },
  { "c-tgw/public+private/inbound-endpoint-forwarding-sg443", PP SG("10.50.0.0/16") INBOUND
    PEER("tgw-vpc", EGRESS FWD), FALSE, TRUE, SIM_PATH_XENI | SIM_PATH_TGW | SIM_PATH_INBOUND_RESOLVER,
    SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "c-tgw/private/sg443", PRV SG("10.50.0.0/16") PEER("tgw-vpc", EGRESS), FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_TGW, 0, 0, NONE },
  { "c-tgw/private/no-sg443", PRV PEER("tgw-vpc", EGRESS), FALSE, FALSE, SIM_PATH_TGW, 0,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },

  /* (d) on-prem over VPN or Direct Connect (egress_ip: the on-prem internet breakout, also how
   * its DNS server reaches public DNS) */
  { "d-onprem-vpn/public/breakout", PUB PEER("onprem-vpn", EGRESS), FALSE, TRUE,
    SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_VPN | SIM_PATH_XENI, 0, NONE },
  { "d-onprem-vpn/public/breakout-outside-cidrs", PUB "public_access_cidrs = 203.0.113.0/24\n"
    PEER("onprem-vpn", EGRESS), FALSE, FALSE, SIM_PATH_INTERNET, 0, SIM_OUTCOME_CONNECT_TIMEOUT,
    SIM_DROP_CIDR_DENIED },
  { "d-onprem-vpn/public/no-breakout", PUB PEER("onprem-vpn", ""), FALSE, FALSE, 0, SIM_PATH_PUBLIC_ENDPOINT,
    ANY, NONE },
  { "d-onprem-vpn/public+private/default-public-path", PP SG("10.50.0.0/16") PEER("onprem-vpn", EGRESS),
    FALSE, TRUE, SIM_PATH_INTERNET | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI | SIM_PATH_VPN, 0, NONE },
  { "d-onprem-vpn/public+private/forwarder-inbound-sg443", PP SG("10.50.0.0/16") INBOUND
    PEER("onprem-vpn", EGRESS FWD), FALSE, TRUE, SIM_PATH_XENI | SIM_PATH_VPN | SIM_PATH_INBOUND_RESOLVER,
    SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "d-onprem-vpn/private/sg443", PRV SG("10.50.0.0/16") PEER("onprem-vpn", EGRESS), FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_VPN | SIM_PATH_PRIVATE_ENDPOINT, SIM_PATH_INTERNET, 0, NONE },
  { "d-onprem-vpn/private/no-sg443", PRV PEER("onprem-vpn", EGRESS), FALSE, FALSE, SIM_PATH_VPN, 0,
    SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },
  { "d-onprem-dx/private/sg443", PRV SG("10.50.0.0/16") PEER("onprem-dx", EGRESS), FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_DX, SIM_PATH_VPN, 0, NONE },
  { "d-onprem-dx/public+private/forwarder-inbound-sg443", PP SG("10.50.0.0/16") INBOUND
    PEER("onprem-dx", EGRESS FWD), FALSE, TRUE, SIM_PATH_XENI | SIM_PATH_DX | SIM_PATH_INBOUND_RESOLVER,
    SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },

  /* (e) worker nodes in a public subnet with a public IP (198.18.0.0/15 in the model) */
  { "e-node-public-subnet/public", PUB NODES("subnet = public\n"), TRUE, TRUE,
    SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_NAT | SIM_PATH_XENI, 0, NONE },
  { "e-node-public-subnet/public/ip-outside-cidrs", PUB "public_access_cidrs = 203.0.113.0/24\n"
    NODES("subnet = public\n"), TRUE, FALSE, 0, 0, ANY, SIM_DROP_CIDR_DENIED },
  { "e-node-public-subnet/public/ip-inside-cidrs", PUB "public_access_cidrs = 198.18.0.0/15\n"
    NODES("subnet = public\n"), TRUE, TRUE, SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI, 0, NONE },
  { "e-node-public-subnet/public+private", PP NODES("subnet = public\n"), TRUE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE, SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "e-node-public-subnet/private", PRV NODES("subnet = public\n"), TRUE, TRUE, SIM_PATH_XENI,
    SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },

  /* (f) worker nodes in a private subnet with a NAT gateway (Elastic IP 203.0.113.10) */
  { "f-node-private-nat/public", PUB "[vpc]\nnat = single\n" NODES(""), TRUE, TRUE,
    SIM_PATH_NAT | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI, 0, NONE },
  /* the public-access-CIDR test: nodes behind NAT whose address is not allowed never become Ready
   * in public-only mode (facts §6 #4), and do in public+private */
  { "f-node-private-nat/public/nat-eip-outside-cidrs", PUB "public_access_cidrs = 198.51.100.0/24\n"
    "[vpc]\nnat = single\n" NODES(""), TRUE, FALSE, 0, 0, ANY, SIM_DROP_CIDR_DENIED },
  { "f-node-private-nat/public/nat-eip-inside-cidrs", PUB "public_access_cidrs = 203.0.113.10/32\n"
    "[vpc]\nnat = single\n" NODES(""), TRUE, TRUE, SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI,
    0, NONE },
  { "f-node-private-nat/public+private/nat-eip-outside-cidrs", PP "public_access_cidrs = 198.51.100.0/24\n"
    "[vpc]\nnat = single\n" NODES(""), TRUE, TRUE, SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE,
    SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "f-node-private-nat/private", PRV "[vpc]\nnat = single\n" NODES(""), TRUE, TRUE, SIM_PATH_XENI,
    SIM_PATH_NAT, 0, NONE },

  /* (g) worker nodes in a private subnet without NAT or internet gateway */
  { "g-node-private-isolated/public", PUB "[vpc]\nnat = none\n" NODES(""), TRUE, FALSE, 0,
    SIM_PATH_PUBLIC_ENDPOINT, ANY, SIM_DROP_NO_ROUTE },
  { "g-node-private-isolated/public+private", PP "[vpc]\nnat = none\n" NODES(""), TRUE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE, SIM_PATH_NAT, 0, NONE },
  { "g-node-private-isolated/private", PRV "[vpc]\nnat = none\n" NODES(""), TRUE, TRUE, SIM_PATH_XENI,
    SIM_PATH_NAT, 0, NONE },

  /* Fargate pods: private subnets only; the public path needs NAT, whose address must be allowed */
  { "fargate/public", PUB "[vpc]\nnat = single\n" NODES("type = fargate\n"), TRUE, TRUE,
    SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT, SIM_PATH_XENI, 0, NONE },
  { "fargate/public/nat-eip-outside-cidrs", PUB "public_access_cidrs = 198.51.100.0/24\n"
    "[vpc]\nnat = single\n" NODES("type = fargate\n"), TRUE, FALSE, 0, 0, ANY, SIM_DROP_CIDR_DENIED },
  { "fargate/public+private", PP "[vpc]\nnat = single\n" NODES("type = fargate\n"), TRUE, TRUE,
    SIM_PATH_XENI, SIM_PATH_NAT, 0, NONE },
  { "fargate/private", PRV "[vpc]\nnat = none\n" NODES("type = fargate\n"), TRUE, TRUE, SIM_PATH_XENI,
    SIM_PATH_NAT, 0, NONE },

  /* in-cluster pods: the kubernetes service's endpoints are the ENIs in every mode (facts §4), even
   * public-only without any way out of the VPC; no DNS phase */
  { "pods/public/no-egress", PUB "[vpc]\nnat = none\n" NODES("") "[client.c]\nlocation = nodegroup.ng\n"
    "connection = reuse\n", FALSE, TRUE, SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT,
    SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT | SIM_PATH_PRIVATE_ZONE, 0, NONE },
  { "pods/private", PRV NODES("") "[client.c]\nlocation = nodegroup.ng\n", FALSE, TRUE,
    SIM_PATH_XENI, SIM_PATH_PRIVATE_ZONE, 0, NONE },
  /* pods of self-managed nodes use their nodes' security group, which the ENIs do not admit */
  { "pods/self-managed-no-cluster-sg", PUB NODES("type = self-managed\n") "[client.c]\nlocation = nodegroup.ng\n",
    FALSE, FALSE, 0, 0, SIM_OUTCOME_CONNECT_TIMEOUT, SIM_DROP_SG_DENIED },

  /* control plane -> kubelet (logs, exec, port-forward on 10250): through the ENIs in every mode */
  { "control-plane-to-kubelet/public", PUB "[vpc]\nnat = single\n" NODES("")
    "[client.c]\nlocation = internet\nverbs = logs:0.4, exec:0.3, port-forward:0.3\n", FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PUBLIC_ENDPOINT, 0, 0, NONE },
  { "control-plane-to-kubelet/public+private", PP SG("10.0.0.0/16") NODES("")
    "[client.c]\nlocation = vpc-private\nverbs = logs:0.4, exec:0.3, port-forward:0.3\n", FALSE, TRUE,
    SIM_PATH_XENI | SIM_PATH_PRIVATE_ZONE, SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
  { "control-plane-to-kubelet/private", PRV SG("10.0.0.0/16") NODES("")
    "[client.c]\nlocation = vpc-private\nverbs = logs:0.4, exec:0.3, port-forward:0.3\n", FALSE, TRUE,
    SIM_PATH_XENI, SIM_PATH_PUBLIC_ENDPOINT, 0, NONE },
};

typedef struct {
  gboolean registered, ready;
} NodeState;

static void
inspect_nodes(SimWorld *w, gpointer data)
{
  NodeState *ns = data;
  SimNodeLifecycle *nlc = sim_world_nodelifecycle(w);
  ns->registered = ns->ready = sim_nodelifecycle_n_nodes(nlc) > 0;
  for (guint i = 0; i < sim_nodelifecycle_n_nodes(nlc); i++) {
    ns->registered = ns->registered && sim_nodelifecycle_registered(nlc, i);
    ns->ready = ns->ready && sim_nodelifecycle_ready(nlc, i);
  }
}

static void
run_cell(gconstpointer data)
{
  const Cell *cell = data;
  /* a client's workload lines go to [client.c], the last group of every client cell */
  const char *workload = cell->node                               ? ""
                         : strstr(cell->config, "verbs =") != NULL ? "think_time = const(3s)\n"
                                                                   : "think_time = const(3s)\nverbs = get:1\n";
  g_autofree char *text = g_strdup_printf(
      "[scenario]\nname = reach\nduration = 45s\nwarmup = 0\nbin = 15s\nseed = 21\nreplications = 1\n"
      "[exposure]\nprobes = false\n%s%s", cell->config, workload);
  g_autoptr(SimScenario) scn = load(text);
  NodeState ns = { 0 };
  Trace *t = run_variant(scn, 0, 0, inspect_nodes, &ns);
  const char *subject = cell->node ? "ng" : "c";
  guint n = 0, ok = 0, drop_seen = 0, considered = 0;
  const char *want_detail = cell->drop != NONE ? sim_drop_reason_text(cell->drop) : NULL;
  for (guint i = 0; i < t->recs->len; i++) {
    const Rec *x = g_ptr_array_index(t->recs, i);
    if (strcmp(x->subject, subject) != 0)
      continue;
    n++;
    if (x->detail != NULL && want_detail != NULL && strcmp(x->detail, want_detail) == 0)
      drop_seen++;
    considered++;
    if (cell->ok) {
      if (x->r.outcome != SIM_OUTCOME_OK)
        g_error("%s: request at %.3fs ended %s (%s)", cell->name, sim_time_to_s(x->r.start),
                sim_outcome_name(x->r.outcome), x->detail ? x->detail : "");
      ok++;
      if ((x->r.path & cell->must) != cell->must || (x->r.path & cell->must_not) != 0)
        g_error("%s: %s request took path 0x%x; must 0x%x, must not 0x%x", cell->name, x->r.verb,
                x->r.path, cell->must, cell->must_not);
    } else {
      g_assert_cmpint(x->r.outcome, !=, SIM_OUTCOME_OK);
      if (cell->outcome != ANY && x->r.outcome != cell->outcome)
        g_error("%s: request ended %s (%s), expected %s", cell->name, sim_outcome_name(x->r.outcome),
                x->detail ? x->detail : "", sim_outcome_name(cell->outcome));
      if ((x->r.path & cell->must) != cell->must || (x->r.path & cell->must_not) != 0)
        g_error("%s: failed request's path 0x%x; must 0x%x, must not 0x%x", cell->name, x->r.path,
                cell->must, cell->must_not);
    }
  }
  g_assert_cmpuint(considered, >, 0);
  if (cell->node) {
    g_assert_cmpint(ns.registered, ==, cell->ok);
    g_assert_cmpint(ns.ready, ==, cell->ok);
    if (cell->ok)
      g_assert_cmpuint(ok, >=, 8); /* registration, status and leases of two nodes */
  }
  if (want_detail != NULL && !cell->ok && cell->drop != NONE)
    g_assert_cmpuint(drop_seen, >, 0);
  trace_free(t);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(cells); i++) {
    g_autofree char *path = g_strdup_printf("/reachability/%s", cells[i].name);
    g_test_add_data_func(path, &cells[i], run_cell);
  }
  return g_test_run();
}
