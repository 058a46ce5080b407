/* SimWorld: one replication assembled from a SimConfig and run (see world.h).
 *
 * The address plan and topology (NOTES.md, "Network and protocols", has the picture):
 *   - the internet edge of the region: a router holding every public address (laptops, internet
 *     gateways' mappings, public load balancer nodes, public DNS); RFC 1918 destinations and
 *     unknown addresses are dropped silently (no-route);
 *   - the cluster VPC ([vpc] cidr): per AZ one public subnet (route 0.0.0.0/0 -> internet gateway)
 *     and one private subnet (0.0.0.0/0 -> the NAT gateway of its AZ, of az1, or none, by
 *     [vpc] nat); the primary block is cut into 2 x azs equal subnets, public ones first; the
 *     Route 53 Resolver at base+2; NAT gateways' Elastic IPs 203.0.113.10+i; instances with a
 *     public IP get addresses from 198.18.0.0/15;
 *   - the AWS-managed control-plane VPC (100.64.0.0/16, or the next /16 free of the customer's
 *     blocks) with one subnet per AZ (at least three: etcd spans three AZs, facts §3): the API
 *     server instances round-robin over the AZs, etcd members in az1..az3, a load balancer node
 *     in each AZ holding an API server, reachable from the internet through the control-plane
 *     VPC's internet gateway at 192.0.2.10+i;
 *   - the cross-account ENIs ([cluster] eni_count) in the private subnets of az1, az2, ...;
 *   - public DNS: an authoritative server (192.0.2.53) answering the endpoint's name per mode
 *     (facts §1.7) and a public recursive resolver (192.0.2.153) for internet clients; the EKS
 *     private hosted zone for the endpoint's name, associated with the cluster VPC, present only
 *     with private access;
 *   - connected networks ([network.NAME]): a peered VPC (VPC peering), a TGW-attached VPC (transit
 *     gateway) or on-prem (VPN or Direct Connect to a virtual private gateway), each with its own
 *     DNS server (forwarding the endpoint's name to the Resolver inbound endpoint with
 *     dns_forwarding) and, with egress_ip, its own internet egress;
 *   - clients ([client.NAME]) at their location, each instance its own host, TCP stack and stub
 *     resolver.
 * Every count the network keeps goes to the recorder per time bin; requests go as they finish.
 */
#include "eks/world.h"

#include <string.h>

#include "core/rng.h"
#include "core/scheduler.h"
#include "eks/apiserver.h"
#include "eks/client.h"
#include "eks/controller.h"
#include "eks/cost.h"
#include "eks/etcd.h"
#include "eks/kubelet.h"
#include "eks/lb.h"
#include "eks/nodegroup.h"
#include "eks/nodelifecycle.h"
#include "eks/probe.h"
#include "eks/verb.h"
#include "fault/fault.h"
#include "net/filter.h"
#include "net/forward.h"
#include "net/host.h"
#include "net/igw.h"
#include "net/nat.h"
#include "net/network.h"
#include "net/peering.h"
#include "net/router.h"
#include "net/vpc.h"
#include "net/xeni.h"
#include "proto/dns.h"
#include "proto/resolver.h"
#include "proto/stub.h"
#include "proto/tcp.h"

#define SIM_WORLD_ERROR (sim_world_error_quark())
G_DEFINE_QUARK(sim-world-error-quark, sim_world_error)

#define ENDPOINT_NAME "EXAMPLE108C897D9B2F1B21D5EXAMPLE.sk1.us-east-1.eks.amazonaws.com"
#define PUBLIC_ZONE "eks.amazonaws.com"
#define AUTH_DNS_IP SIM_IP(192, 0, 2, 53)
#define PUBLIC_RESOLVER_IP SIM_IP(192, 0, 2, 153)
#define LB_PUBLIC_BASE SIM_IP(192, 0, 2, 10)
#define NAT_EIP_BASE SIM_IP(203, 0, 113, 10)
#define INSTANCE_PUBLIC_BASE SIM_IP(198, 18, 0, 10)
#define RESOLVER_PUBLIC_BASE SIM_IP(192, 0, 2, 200)
#define CP_AZS_MIN 3

typedef struct {
  gpointer obj;
  GDestroyNotify free;
} Owned;

typedef struct {
  char *name;
  const char *kind;
  SimVpc *vpc;
  SimSubnet *subnet;
  SimRouteTable *rt;
  SimHost *dns_host;
  SimResolver *dns;
  SimIgw *igw;            /* internet egress (peered/TGW VPC: an IGW + NAT; on-prem: breakout) */
  SimNatGateway *nat;
  SimPeering *pcx;
  SimRouter *gw;          /* transit gateway or virtual private gateway */
  SimLinkClass wan;       /* vpn or dx for on-prem */
} Network;

typedef struct {
  SimWorld *world;
  guint subject;
  SimHost *host;
  SimTcpStack *tcp;
  SimStub *stub;
  SimClient *client;
  SimController *ctl; /* kind = controller */
} ClientInst;

typedef struct {
  SimWorld *world;
  guint subject;
  SimProbe *probe;
} ProbeInst;

typedef struct {
  guint id;              /* the recorder's counter */
  guint64 last;          /* its value at the previous sample */
} Counter;

struct _SimWorld {
  SimConfig *cfg;
  guint replication;
  SimRecorder *rec;
  SimScheduler *sched;
  SimRngSet *rngs;
  SimNetwork *net;
  SimTime duration, warmup, bin;
  GArray *owned; /* Owned, freed in reverse order */

  gboolean public_access, private_access;
  guint n_azs, n_cp_azs;

  SimRouter *edge;
  SimDnsRegistry *dns;
  SimDnsZone *public_zone, *phz;
  SimResolver *auth, *public_resolver;

  SimVpc *vpc;
  SimIgw *igw;
  GPtrArray *pub_subnets, *priv_subnets; /* SimSubnet*, by AZ */
  GPtrArray *nats;                       /* SimNatGateway* */
  SimRouteTable *resolver_rt;
  GPtrArray *vpc_tables;                 /* every route table of the cluster VPC */
  SimResolver *vpc_resolver;
  SimHost *vpc_resolver_host;
  GArray *inbound_ips;                   /* SimIp */
  SimSecurityGroup *cluster_sg;
  guint next_public;                     /* offset in 198.18.0.0/15 */
  guint next_resolver_public;            /* offset from 192.0.2.200 */
  SimIgw *resolver_gw;                   /* the cluster VPC Resolver's own way to public DNS */

  SimVpc *cp;
  SimIgw *cp_igw;
  GPtrArray *cp_subnets, *cp_tables;
  GPtrArray *apis;                       /* SimApiServer* */
  SimEtcd *etcd;
  SimLb *lb;
  GPtrArray *xenis;                      /* SimXeni* */

  GPtrArray *networks;                   /* Network* */
  GPtrArray *clients;                    /* ClientInst* */

  guint net_subject;
  GArray *counters;                      /* Counter */
  guint64 sent, delivered, dropped[SIM_DROP_N_REASONS];
  guint64 class_bytes[SIM_LINK_N_CLASSES], cross_az, nat_bytes, igw_out, igw_in;
  guint gauge_api_queue;
  SimTime next_sample;

  SimFaults *faults;                     /* the [fault.*] groups, scheduled (sim/fault/) */
  guint64 *at_warmup;                    /* counter values at the end of the warm-up */

  /* data plane (issue 5): eks/nodegroup.c, eks/kubelet.c, eks/nodelifecycle.c */
  SimNodeLifecycle *nlc;
  GPtrArray *nodegroups;                 /* SimNodeGroup* */
  GArray *node_ips;                      /* SimIp per cluster-wide node index */
  GArray *registered;                    /* guint: registered nodes, in registration order */
  SimKubeletParams kubelet;
  GPtrArray *probes;                     /* ProbeInst* */
};

static void
own(SimWorld *w, gpointer obj, GDestroyNotify free_func)
{
  Owned o = { obj, free_func };
  g_array_append_val(w->owned, o);
}

/* ---- small helpers ---- */

static void
fail(GError **error, const char *group, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
fail(GError **error, const char *group, const char *key, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(error, SIM_WORLD_ERROR, 0, "[%s] %s: %s", group, key, what);
}

static SimHost *
new_host(SimWorld *w, const char *name, SimIp ip, guint8 az)
{
  SimHost *h = sim_host_new(w->net, name, ip, az);
  own(w, h, (GDestroyNotify)sim_host_free);
  return h;
}

static SimTcpStack *
new_tcp(SimWorld *w, SimHost *h)
{
  SimTcpStack *t = sim_tcp_stack_new(h, NULL);
  own(w, t, (GDestroyNotify)sim_tcp_stack_free);
  return t;
}

static SimHost *
host_in_subnet(SimWorld *w, const char *name, SimSubnet *subnet)
{
  SimIp ip = sim_subnet_alloc_ip(subnet);
  SimHost *h = new_host(w, name, ip, sim_subnet_az(subnet));
  sim_vpc_attach(subnet, sim_host_node(h));
  return h;
}

static SimIp
next_instance_public_ip(SimWorld *w)
{
  return INSTANCE_PUBLIC_BASE + w->next_public++;
}

/* A VPC's Route 53 Resolver reaches public DNS through AWS's own network, not through the VPC's
 * gateways: modelled as a one-to-one translation of its own (the same mechanism as an internet
 * gateway, counted apart) and a default route in the resolver's table. */
static SimIgw *
resolver_gateway(SimWorld *w, SimVpc *vpc, SimRouteTable *rt)
{
  g_autofree char *name = g_strdup_printf("%s/route53-resolver-egress", sim_vpc_name(vpc));
  SimIgw *gw = sim_igw_new(name, vpc, sim_router_node(w->edge), sim_router_table(w->edge),
                           SIM_LINK_REGION);
  own(w, gw, (GDestroyNotify)sim_igw_free);
  SimRoute up = { .dest = { 0, 0 }, .kind = SIM_ROUTE_IGW, .target = gw };
  sim_route_table_add(rt, &up);
  return gw;
}

static guint
ceil_log2(guint n)
{
  guint b = 0;
  while ((1u << b) < n)
    b++;
  return b;
}

/* ---- link classes ---- */

static void
configure_links(SimWorld *w)
{
  for (guint c = 0; c < SIM_LINK_N_CLASSES; c++) {
    g_autofree char *group = g_strdup_printf("link.%s", sim_link_class_name((SimLinkClass)c));
    SimLinkParams p;
    sim_link_params_init(&p);
    if (sim_config_has_value(w->cfg, group, "latency"))
      p.latency = sim_dist_ref(sim_config_get_dist(w->cfg, group, "latency"));
    if (sim_config_has_value(w->cfg, group, "loss"))
      p.loss = sim_config_get_double(w->cfg, group, "loss");
    if (sim_config_has_value(w->cfg, group, "bandwidth")) {
      p.bandwidth = sim_config_get_bandwidth(w->cfg, group, "bandwidth");
      p.queue = sim_config_has_value(w->cfg, group, "queue")
                    ? (guint)sim_config_get_int(w->cfg, group, "queue") : 1000;
    }
    sim_network_set_link_params(w->net, (SimLinkClass)c, &p);
  }
}

/* ---- DNS answers ---- */

/* The endpoint's public name: per mode (facts §1.7). */
static guint
answer_public(gpointer data, SimIp *out)
{
  SimWorld *w = data;
  guint n = 0;
  if (sim_lb_public_enabled(w->lb)) { /* the switch in force now (endpoint-change faults) */
    /* nodes AWS sees alive, among them those with a healthy target (facts §5.5); all of them
     * when no node qualifies */
    guint nodes = sim_lb_n_nodes(w->lb);
    gboolean any_alive = FALSE, any = FALSE;
    for (guint i = 0; i < nodes; i++)
      any_alive = any_alive || sim_lb_node_in_dns(w->lb, i);
    for (guint i = 0; i < nodes; i++)
      any = any || ((!any_alive || sim_lb_node_in_dns(w->lb, i)) && sim_lb_node_has_healthy(w->lb, i));
    for (guint i = 0; i < nodes && n < SIM_DNS_MAX_ANSWERS; i++) {
      if ((!any_alive || sim_lb_node_in_dns(w->lb, i)) && (!any || sim_lb_node_has_healthy(w->lb, i)))
        out[n++] = sim_igw_public_of(w->cp_igw, sim_lb_node_ip(w->lb, i));
    }
    return n;
  }
  /* private only: public DNS answers the private addresses (facts §1.2, §1.7) */
  for (guint i = 0; i < w->xenis->len && n < SIM_DNS_MAX_ANSWERS; i++)
    out[n++] = sim_xeni_ip(g_ptr_array_index(w->xenis, i));
  return n;
}

/* The EKS private hosted zone: the ENIs' addresses. */
static guint
answer_private(gpointer data, SimIp *out)
{
  SimWorld *w = data;
  guint n = 0;
  for (guint i = 0; i < w->xenis->len && n < SIM_DNS_MAX_ANSWERS; i++)
    out[n++] = sim_xeni_ip(g_ptr_array_index(w->xenis, i));
  return n;
}

/* ---- building ---- */

static gboolean
build_edge_and_dns(SimWorld *w)
{
  w->edge = sim_router_new(w->net, "internet", 0, SIM_AZ_NONE, "internet");
  own(w, w->edge, (GDestroyNotify)sim_router_free);
  static const SimCidr bogons[] = {
    { SIM_IP(10, 0, 0, 0), 8 }, { SIM_IP(172, 16, 0, 0), 12 }, { SIM_IP(192, 168, 0, 0), 16 },
    { SIM_IP(100, 64, 0, 0), 10 }, { 0, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS(bogons); i++)
    sim_router_add_blackhole(w->edge, bogons[i], SIM_DROP_NO_ROUTE);

  w->dns = sim_dns_registry_new();
  own(w, w->dns, (GDestroyNotify)sim_dns_registry_free);
  SimTime ttl = sim_config_get_duration(w->cfg, "cluster", "dns_ttl");
  w->public_zone = sim_dns_zone_new_public(w->dns, PUBLIC_ZONE);
  sim_dns_zone_add_dynamic(w->public_zone, ENDPOINT_NAME, answer_public, w, ttl);
  w->phz = sim_dns_zone_new_private(w->dns, ENDPOINT_NAME);
  sim_dns_zone_add_dynamic(w->phz, ENDPOINT_NAME, answer_private, w, ttl);
  sim_dns_zone_set_enabled(w->phz, w->private_access);

  SimHost *auth = new_host(w, "route53-public-dns", AUTH_DNS_IP, SIM_AZ_NONE);
  sim_node_attach_uplink(sim_host_node(auth), sim_router_node(w->edge), SIM_LINK_REGION);
  sim_router_add_next_hop(w->edge, (SimCidr){ AUTH_DNS_IP, 32 }, sim_host_node(auth), SIM_LINK_REGION);
  w->auth = sim_resolver_new(auth, w->dns, SIM_RESOLVER_AUTHORITATIVE);
  own(w, w->auth, (GDestroyNotify)sim_resolver_free);

  SimHost *pub = new_host(w, "public-resolver", PUBLIC_RESOLVER_IP, SIM_AZ_NONE);
  sim_node_attach_uplink(sim_host_node(pub), sim_router_node(w->edge), SIM_LINK_REGION);
  sim_router_add_next_hop(w->edge, (SimCidr){ PUBLIC_RESOLVER_IP, 32 }, sim_host_node(pub),
                          SIM_LINK_REGION);
  w->public_resolver = sim_resolver_new(pub, w->dns, SIM_RESOLVER_RECURSIVE);
  own(w, w->public_resolver, (GDestroyNotify)sim_resolver_free);
  sim_resolver_set_upstream(w->public_resolver, AUTH_DNS_IP);
  return TRUE;
}

static gboolean
build_vpc(SimWorld *w, GError **error)
{
  const GArray *cidrs = sim_config_get_cidrs(w->cfg, "vpc", "cidr");
  w->n_azs = (guint)sim_config_get_int(w->cfg, "vpc", "azs");
  SimCidr primary = g_array_index(cidrs, SimCidr, 0);
  guint bits = ceil_log2(2 * w->n_azs);
  if (primary.len + bits > 28) {
    char b[20];
    fail(error, "vpc", "cidr", "%s is too small for %u subnets of at least /28; allowed: a block of "
         "/%u or larger", sim_cidr_format(primary, b), 2 * w->n_azs, 28 - bits);
    return FALSE;
  }
  w->vpc = sim_vpc_new(w->net, "cluster-vpc", cidrs);
  own(w, w->vpc, (GDestroyNotify)sim_vpc_free);
  w->igw = sim_igw_new("cluster-vpc/internet-gateway", w->vpc, sim_router_node(w->edge),
                       sim_router_table(w->edge), SIM_LINK_REGION);
  own(w, w->igw, (GDestroyNotify)sim_igw_free);

  w->vpc_tables = g_ptr_array_new();
  own(w, w->vpc_tables, (GDestroyNotify)g_ptr_array_unref);
  SimRouteTable *pub_rt = sim_vpc_add_route_table(w->vpc, "public");
  g_ptr_array_add(w->vpc_tables, pub_rt);
  SimRoute def = { .dest = { 0, 0 }, .kind = SIM_ROUTE_IGW, .target = w->igw };
  sim_route_table_add(pub_rt, &def);
  w->pub_subnets = g_ptr_array_new();
  w->priv_subnets = g_ptr_array_new();
  own(w, w->pub_subnets, (GDestroyNotify)g_ptr_array_unref);
  own(w, w->priv_subnets, (GDestroyNotify)g_ptr_array_unref);
  for (guint az = 0; az < w->n_azs; az++) {
    g_autofree char *name = g_strdup_printf("az%u-public", az + 1);
    SimCidr c = sim_cidr_subnet(primary, (guint8)(primary.len + bits), az);
    g_ptr_array_add(w->pub_subnets, sim_vpc_add_subnet(w->vpc, name, c, (guint8)az, pub_rt));
  }
  /* NAT gateways */
  const char *nat = sim_config_get_string(w->cfg, "vpc", "nat");
  w->nats = g_ptr_array_new();
  own(w, w->nats, (GDestroyNotify)g_ptr_array_unref);
  guint n_nat = strcmp(nat, "per-az") == 0 ? w->n_azs : strcmp(nat, "single") == 0 ? 1 : 0;
  for (guint i = 0; i < n_nat; i++) {
    g_autofree char *name = g_strdup_printf("nat-gateway-az%u", i + 1);
    SimNatGateway *g = sim_nat_gateway_new(w->net, name, g_ptr_array_index(w->pub_subnets, i),
                                           SIM_NAT_IDLE_TIMEOUT);
    own(w, g, (GDestroyNotify)sim_nat_gateway_free);
    sim_igw_map(w->igw, sim_nat_gateway_ip(g), NAT_EIP_BASE + i);
    g_ptr_array_add(w->nats, g);
  }
  for (guint az = 0; az < w->n_azs; az++) {
    g_autofree char *rt_name = g_strdup_printf("private-az%u", az + 1);
    SimRouteTable *rt = sim_vpc_add_route_table(w->vpc, rt_name);
    g_ptr_array_add(w->vpc_tables, rt);
    if (n_nat > 0) {
      SimNatGateway *g = g_ptr_array_index(w->nats, n_nat == 1 ? 0 : az);
      SimRoute r = { .dest = { 0, 0 }, .kind = SIM_ROUTE_NEXT_HOP,
                     .target = sim_nat_gateway_node(g), .cls = SIM_LINK_BY_AZ };
      sim_route_table_add(rt, &r);
    }
    g_autofree char *name = g_strdup_printf("az%u-private", az + 1);
    SimCidr c = sim_cidr_subnet(primary, (guint8)(primary.len + bits), w->n_azs + az);
    g_ptr_array_add(w->priv_subnets, sim_vpc_add_subnet(w->vpc, name, c, (guint8)az, rt));
  }

  /* the Route 53 Resolver at base+2: reaches public DNS through AWS, not the VPC's gateways */
  w->resolver_rt = sim_route_table_new("cluster-vpc/resolver");
  own(w, w->resolver_rt, (GDestroyNotify)sim_route_table_free);
  for (guint i = 0; i < cidrs->len; i++) {
    SimRoute r = { .dest = g_array_index(cidrs, SimCidr, i), .kind = SIM_ROUTE_LOCAL,
                   .target = w->vpc, .cls = SIM_LINK_BY_AZ };
    sim_route_table_add(w->resolver_rt, &r);
  }
  w->resolver_gw = resolver_gateway(w, w->vpc, w->resolver_rt);
  g_ptr_array_add(w->vpc_tables, w->resolver_rt);
  SimIp rip = sim_vpc_resolver_ip(w->vpc);
  w->vpc_resolver_host = new_host(w, "cluster-vpc/route53-resolver", rip, SIM_AZ_NONE);
  SimNode *rn = sim_host_node(w->vpc_resolver_host);
  sim_vpc_add_address(w->vpc, rip, rn);
  rn->rt = w->resolver_rt;
  sim_igw_map(w->resolver_gw, rip, RESOLVER_PUBLIC_BASE + w->next_resolver_public++);
  w->vpc_resolver = sim_resolver_new(w->vpc_resolver_host, w->dns, SIM_RESOLVER_RECURSIVE);
  own(w, w->vpc_resolver, (GDestroyNotify)sim_resolver_free);
  sim_resolver_set_upstream(w->vpc_resolver, AUTH_DNS_IP);
  gboolean dns_support = sim_config_get_bool(w->cfg, "vpc", "dns_support");
  gboolean phz_ok = dns_support && sim_config_get_bool(w->cfg, "vpc", "dns_hostnames") &&
                    sim_config_get_bool(w->cfg, "vpc", "amazon_provided_dns");
  sim_resolver_set_private_zones(w->vpc_resolver, phz_ok ? w->vpc : NULL);
  if (!dns_support)
    sim_node_set_up(rn, FALSE); /* enableDnsSupport off: nothing answers at base+2 */
  sim_dns_zone_associate(w->phz, w->vpc);

  /* the Resolver inbound endpoint: two addresses in az1 and az2 (facts §1.7) */
  w->inbound_ips = g_array_new(FALSE, FALSE, sizeof(SimIp));
  own(w, w->inbound_ips, (GDestroyNotify)g_array_unref);
  if (sim_config_get_bool(w->cfg, "vpc", "resolver_inbound_endpoint")) {
    for (guint i = 0; i < 2 && i < w->n_azs; i++) {
      g_autofree char *name = g_strdup_printf("cluster-vpc/resolver-inbound-az%u", i + 1);
      SimHost *h = host_in_subnet(w, name, g_ptr_array_index(w->priv_subnets, i));
      sim_host_node(h)->rt = w->resolver_rt;
      sim_igw_map(w->resolver_gw, sim_host_ip(h), RESOLVER_PUBLIC_BASE + w->next_resolver_public++);
      SimResolver *r = sim_resolver_new(h, w->dns, SIM_RESOLVER_RECURSIVE);
      own(w, r, (GDestroyNotify)sim_resolver_free);
      sim_resolver_set_upstream(r, AUTH_DNS_IP);
      sim_resolver_set_private_zones(r, phz_ok ? w->vpc : NULL);
      sim_resolver_set_answer_path(r, SIM_PATH_INBOUND_RESOLVER);
      SimIp ip = sim_host_ip(h);
      g_array_append_val(w->inbound_ips, ip);
    }
  }

  /* the cluster security group on the ENIs: itself, plus security_group_allow on TCP 443 */
  w->cluster_sg = sim_security_group_new("eks-cluster-sg");
  own(w, w->cluster_sg, (GDestroyNotify)sim_security_group_free);
  if (sim_config_has_value(w->cfg, "cluster", "security_group_allow")) {
    const GArray *allow = sim_config_get_cidrs(w->cfg, "cluster", "security_group_allow");
    for (guint i = 0; i < allow->len; i++)
      sim_security_group_allow(w->cluster_sg, g_array_index(allow, SimCidr, i), SIM_PROTO_TCP, 443, 443);
  }
  return TRUE;
}

static gboolean
cidr_clashes(SimWorld *w, SimCidr c)
{
  const GArray *cidrs = sim_config_get_cidrs(w->cfg, "vpc", "cidr");
  for (guint i = 0; i < cidrs->len; i++) {
    if (sim_cidr_overlaps(c, g_array_index(cidrs, SimCidr, i)))
      return TRUE;
  }
  const char *const *nets = sim_config_instances(w->cfg, "network");
  for (guint n = 0; nets != NULL && nets[n] != NULL; n++) {
    g_autofree char *group = g_strdup_printf("network.%s", nets[n]);
    const GArray *nc = sim_config_get_cidrs(w->cfg, group, "cidr");
    for (guint i = 0; i < nc->len; i++) {
      if (sim_cidr_overlaps(c, g_array_index(nc, SimCidr, i)))
        return TRUE;
    }
  }
  return FALSE;
}

/* TRUE if a [fault.*] replaces the API servers (they then get reserve instances). */
static gboolean
world_has_upgrade(SimWorld *w)
{
  const char *const *faults = sim_config_instances(w->cfg, "fault");
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++) {
    g_autofree char *group = g_strdup_printf("fault.%s", faults[i]);
    if (strcmp(sim_config_get_string(w->cfg, group, "kind"), "control-plane-upgrade") == 0)
      return TRUE;
  }
  return FALSE;
}

static gboolean
build_control_plane(SimWorld *w, GError **error)
{
  SimCidr cp_cidr = { SIM_IP(100, 64, 0, 0), 16 };
  while (cidr_clashes(w, cp_cidr)) {
    cp_cidr.net += 1u << 16;
    if (cp_cidr.net >= SIM_IP(100, 128, 0, 0)) {
      fail(error, "vpc", "cidr", "leaves no /16 of 100.64.0.0/10 free for the control-plane VPC; "
           "allowed: blocks that leave one free");
      return FALSE;
    }
  }
  GArray *cps = g_array_new(FALSE, FALSE, sizeof(SimCidr));
  g_array_append_val(cps, cp_cidr);
  w->cp = sim_vpc_new(w->net, "eks-managed-vpc", cps);
  g_array_unref(cps);
  own(w, w->cp, (GDestroyNotify)sim_vpc_free);
  w->cp_igw = sim_igw_new("eks-managed-vpc/internet-gateway", w->cp, sim_router_node(w->edge),
                          sim_router_table(w->edge), SIM_LINK_REGION);
  own(w, w->cp_igw, (GDestroyNotify)sim_igw_free);
  w->n_cp_azs = MAX(CP_AZS_MIN, w->n_azs);
  w->cp_subnets = g_ptr_array_new();
  w->cp_tables = g_ptr_array_new();
  own(w, w->cp_subnets, (GDestroyNotify)g_ptr_array_unref);
  own(w, w->cp_tables, (GDestroyNotify)g_ptr_array_unref);
  const GArray *vpc_cidrs = sim_config_get_cidrs(w->cfg, "vpc", "cidr");
  for (guint az = 0; az < w->n_cp_azs; az++) {
    g_autofree char *rt_name = g_strdup_printf("az%u", az + 1);
    SimRouteTable *rt = sim_vpc_add_route_table(w->cp, rt_name);
    SimRoute local = { .dest = cp_cidr, .kind = SIM_ROUTE_LOCAL, .target = w->cp,
                       .cls = SIM_LINK_CONTROL_PLANE };
    sim_route_table_add(rt, &local);
    SimRoute def = { .dest = { 0, 0 }, .kind = SIM_ROUTE_IGW, .target = w->cp_igw };
    sim_route_table_add(rt, &def);
    g_ptr_array_add(w->cp_tables, rt);
    g_autofree char *name = g_strdup_printf("az%u", az + 1);
    SimCidr c = sim_cidr_subnet(cp_cidr, 20, az);
    g_ptr_array_add(w->cp_subnets, sim_vpc_add_subnet(w->cp, name, c, (guint8)az, rt));
  }

  /* etcd: three members in az1..az3 */
  SimHost *etcd_hosts[3];
  for (guint i = 0; i < 3; i++) {
    g_autofree char *name = g_strdup_printf("etcd-az%u", i + 1);
    etcd_hosts[i] = host_in_subnet(w, name, g_ptr_array_index(w->cp_subnets, i));
  }
  w->etcd = sim_etcd_new(etcd_hosts, 3, sim_config_get_dist(w->cfg, "etcd", "fsync"));
  own(w, w->etcd, (GDestroyNotify)sim_etcd_free);

  /* API servers */
  SimApiServerParams ap;
  sim_apiserver_params_init(&ap);
  ap.workers = (guint)sim_config_get_int(w->cfg, "apiserver", "workers");
  ap.max_inflight_readonly = (guint)sim_config_get_int(w->cfg, "apiserver", "max_inflight_readonly");
  ap.max_inflight_mutating = (guint)sim_config_get_int(w->cfg, "apiserver", "max_inflight_mutating");
  ap.retry_after = sim_config_get_duration(w->cfg, "apiserver", "retry_after");
  for (guint v = 0; v < SIM_VERB_N; v++) {
    const char *key_verb = v == SIM_VERB_LEASE ? "update" : v == SIM_VERB_STATUS ? "patch"
                                                          : sim_verb_name((SimVerb)v);
    g_autofree char *key = g_strdup_printf("service.%s", key_verb);
    ap.service[v] = sim_config_get_dist(w->cfg, "apiserver", key);
  }
  guint n_api = (guint)sim_config_get_int(w->cfg, "cluster", "api_servers");
  w->apis = g_ptr_array_new();
  own(w, w->apis, (GDestroyNotify)g_ptr_array_unref);
  const char *lb_kind = sim_config_get_string(w->cfg, "cluster", "lb");
  const SimLbOps *ops = sim_lb_ops_find(lb_kind);
  SimLbParams lp;
  sim_lb_params_init(&lp, ops);
  const char *cz = sim_config_get_string(w->cfg, "loadbalancer", "cross_zone");
  lp.cross_zone = strcmp(cz, "auto") == 0 ? ops->cross_zone : strcmp(cz, "true") == 0;
  lp.idle_timeout = sim_config_get_duration(w->cfg, "loadbalancer", "idle_timeout");
  lp.hc_interval = sim_config_get_duration(w->cfg, "loadbalancer", "health_check_interval");
  lp.hc_timeout = sim_config_get_duration(w->cfg, "loadbalancer", "health_check_timeout");
  lp.healthy_threshold = (guint)sim_config_get_int(w->cfg, "loadbalancer", "healthy_threshold");
  lp.unhealthy_threshold = (guint)sim_config_get_int(w->cfg, "loadbalancer", "unhealthy_threshold");
  w->lb = sim_lb_new(ops, w->net, lb_kind, &lp);
  own(w, w->lb, (GDestroyNotify)sim_lb_free);
  gboolean az_used[64] = { FALSE };
  /* a control-plane upgrade replaces every instance by a reserve one (sim/fault/), created down
   * and deregistered: instances 1..n, then their reserves n+1..2n */
  guint n_slots = world_has_upgrade(w) ? 2 * n_api : n_api;
  for (guint i = 0; i < n_slots; i++) {
    guint az = (i % n_api) % w->n_cp_azs;
    g_autofree char *name = i < n_api ? g_strdup_printf("apiserver-%u-az%u", i + 1, az + 1)
                                      : g_strdup_printf("apiserver-%u-az%u-reserve", i - n_api + 1, az + 1);
    SimHost *h = host_in_subnet(w, name, g_ptr_array_index(w->cp_subnets, az));
    SimTcpStack *t = new_tcp(w, h);
    SimRng *rng = sim_rng_set_getf(w->rngs, "apiserver/%s/service", name);
    SimApiServer *api = sim_apiserver_new(t, i + 1, &ap, w->etcd, rng);
    own(w, api, (GDestroyNotify)sim_apiserver_free);
    g_ptr_array_add(w->apis, api);
    guint target = sim_lb_add_target(w->lb, name, sim_host_ip(h), (guint8)az);
    if (i >= n_api) {
      sim_lb_set_target_registered(w->lb, target, FALSE);
      sim_node_set_up(sim_host_node(h), FALSE);
    }
    az_used[az] = TRUE;
  }
  /* one load balancer node per AZ holding an API server */
  for (guint az = 0; az < w->n_cp_azs; az++) {
    if (!az_used[az])
      continue;
    guint idx = sim_lb_add_node(w->lb, g_ptr_array_index(w->cp_subnets, az));
    sim_igw_map(w->cp_igw, sim_lb_node_ip(w->lb, idx), LB_PUBLIC_BASE + idx);
  }
  const GArray *allowed = sim_config_get_cidrs(w->cfg, "cluster", "public_access_cidrs");
  sim_lb_set_public(w->lb, sim_router_node(w->edge), w->public_access, allowed);

  /* cross-account ENIs in the private subnets of az1, az2, ... */
  guint n_eni = (guint)sim_config_get_int(w->cfg, "cluster", "eni_count");
  w->xenis = g_ptr_array_new();
  own(w, w->xenis, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < n_eni; i++) {
    guint az = i % w->n_azs;
    g_autofree char *name = g_strdup_printf("eks-eni-%u-az%u", i + 1, az + 1);
    SimXeni *x = sim_xeni_new(w->net, name, g_ptr_array_index(w->priv_subnets, az),
                              g_ptr_array_index(w->cp_tables, az % w->n_cp_azs));
    own(w, x, (GDestroyNotify)sim_xeni_free);
    guint node = sim_lb_node_for_az(w->lb, (guint8)az);
    sim_xeni_set_frontend(x, sim_lb_node_ip(w->lb, node), sim_lb_node(w->lb, node));
    sim_xeni_set_private_endpoint(x, w->private_access);
    sim_xeni_set_security_group(x, w->cluster_sg);
    sim_security_group_add_member(w->cluster_sg, sim_xeni_ip(x));
    g_ptr_array_add(w->xenis, x);
  }
  /* control plane routes: each ENI by its address, the customer VPC through the AZ's ENI */
  for (guint az = 0; az < w->n_cp_azs; az++) {
    SimRouteTable *rt = g_ptr_array_index(w->cp_tables, az);
    for (guint i = 0; i < w->xenis->len; i++) {
      SimXeni *x = g_ptr_array_index(w->xenis, i);
      SimRoute r = { .dest = { sim_xeni_ip(x), 32 }, .kind = SIM_ROUTE_NEXT_HOP,
                     .target = sim_xeni_node(x), .cls = SIM_LINK_CONTROL_PLANE };
      sim_route_table_add(rt, &r);
    }
    SimXeni *via = g_ptr_array_index(w->xenis, az % w->xenis->len);
    for (guint i = 0; i < w->xenis->len; i++) {
      SimXeni *x = g_ptr_array_index(w->xenis, i);
      if (sim_xeni_node(x)->az == az) {
        via = x;
        break;
      }
    }
    for (guint i = 0; i < vpc_cidrs->len; i++) {
      SimRoute r = { .dest = g_array_index(vpc_cidrs, SimCidr, i), .kind = SIM_ROUTE_NEXT_HOP,
                     .target = sim_xeni_node(via), .cls = SIM_LINK_CONTROL_PLANE };
      sim_route_table_add(rt, &r);
    }
  }
  sim_lb_start(w->lb);
  return TRUE;
}

/* ---- connected networks ---- */

static void
network_free(gpointer p)
{
  Network *n = p;
  g_free(n->name);
  g_free(n);
}

/* Adds @route (its destination replaced by each block of @cidrs) to every table of @tables. */
static void
route_blocks(GPtrArray *tables, const GArray *cidrs, SimRoute route)
{
  for (guint t = 0; t < tables->len; t++) {
    for (guint i = 0; i < cidrs->len; i++) {
      route.dest = g_array_index(cidrs, SimCidr, i);
      sim_route_table_add(g_ptr_array_index(tables, t), &route);
    }
  }
}

static gboolean
build_network(SimWorld *w, const char *name, GError **error)
{
  g_autofree char *group = g_strdup_printf("network.%s", name);
  const char *kind = sim_config_get_string(w->cfg, group, "kind");
  const GArray *cidrs = sim_config_get_cidrs(w->cfg, group, "cidr");
  const GArray *vpc_cidrs = sim_config_get_cidrs(w->cfg, "vpc", "cidr");
  gboolean onprem = g_str_has_prefix(kind, "onprem");
  SimCidr primary = g_array_index(cidrs, SimCidr, 0);
  if (primary.len > 27) {
    char b[20];
    fail(error, group, "cidr", "%s is too small; allowed: a block of /27 or larger",
         sim_cidr_format(primary, b));
    return FALSE;
  }
  Network *n = g_new0(Network, 1);
  n->name = g_strdup(name);
  n->kind = kind;
  own(w, n, network_free);
  g_ptr_array_add(w->networks, n);
  g_autofree char *vpc_name = g_strdup_printf("%s-%s", onprem ? "onprem" : "vpc", name);
  n->vpc = sim_vpc_new(w->net, vpc_name, cidrs);
  own(w, n->vpc, (GDestroyNotify)sim_vpc_free);
  guint8 az = onprem ? SIM_AZ_NONE : 0;
  SimCidr inside = sim_cidr_subnet(primary, (guint8)(primary.len + 1), 0);
  SimCidr outside = sim_cidr_subnet(primary, (guint8)(primary.len + 1), 1);
  n->rt = sim_vpc_add_route_table(n->vpc, "main");
  sim_route_table_set_icmp_unreachable(n->rt, onprem); /* an on-prem router answers "no route" */
  n->subnet = sim_vpc_add_subnet(n->vpc, "main", inside, az, n->rt);
  GPtrArray *mine = g_ptr_array_new();
  g_ptr_array_add(mine, n->rt);

  /* the way to the cluster VPC, and back */
  SimRoute to_cluster = { 0 }, to_here = { 0 };
  if (strcmp(kind, "peered-vpc") == 0) {
    n->pcx = sim_peering_new(w->vpc, n->vpc);
    own(w, n->pcx, (GDestroyNotify)sim_peering_free);
    to_cluster = (SimRoute){ .kind = SIM_ROUTE_PEERING, .target = n->pcx };
    to_here = to_cluster;
  } else {
    g_autofree char *gw_name = g_strdup_printf("%s-%s", onprem ? "vgw" : "tgw", name);
    n->gw = sim_router_new(w->net, gw_name, 0, SIM_AZ_NONE, onprem ? "virtual-private-gateway"
                                                                     : "transit-gateway");
    own(w, n->gw, (GDestroyNotify)sim_router_free);
    n->wan = strcmp(kind, "onprem-dx") == 0 ? SIM_LINK_DX : SIM_LINK_VPN;
    if (!onprem)
      sim_router_set_path(n->gw, SIM_PATH_TGW);
    SimRouteTable *grt = sim_router_table(n->gw);
    for (guint i = 0; i < vpc_cidrs->len; i++) {
      SimRoute r = { .dest = g_array_index(vpc_cidrs, SimCidr, i), .kind = SIM_ROUTE_LOCAL,
                     .target = w->vpc, .cls = SIM_LINK_BY_AZ };
      sim_route_table_add(grt, &r);
    }
    for (guint i = 0; i < cidrs->len; i++) {
      SimRoute r = { .dest = g_array_index(cidrs, SimCidr, i), .kind = SIM_ROUTE_LOCAL,
                     .target = n->vpc, .cls = onprem ? n->wan : SIM_LINK_BY_AZ };
      sim_route_table_add(grt, &r);
    }
    sim_router_add_blackhole(n->gw, (SimCidr){ 0, 0 }, SIM_DROP_NO_TRANSIT);
    to_cluster = (SimRoute){ .kind = SIM_ROUTE_NEXT_HOP, .target = sim_router_node(n->gw),
                             .cls = onprem ? n->wan : SIM_LINK_BY_AZ };
    to_here = (SimRoute){ .kind = SIM_ROUTE_NEXT_HOP, .target = sim_router_node(n->gw),
                          .cls = SIM_LINK_BY_AZ };
  }
  route_blocks(mine, vpc_cidrs, to_cluster);
  route_blocks(w->vpc_tables, cidrs, to_here);

  /* its own internet egress */
  if (sim_config_has_value(w->cfg, group, "egress_ip")) {
    SimIp egress = sim_config_get_ip(w->cfg, group, "egress_ip");
    SimRouteTable *ort = sim_vpc_add_route_table(n->vpc, "egress");
    SimSubnet *out = sim_vpc_add_subnet(n->vpc, "egress", outside, az, ort);
    g_autofree char *igw_name = g_strdup_printf("%s/%s", vpc_name,
                                                onprem ? "internet-breakout" : "internet-gateway");
    n->igw = sim_igw_new(igw_name, n->vpc, sim_router_node(w->edge), sim_router_table(w->edge),
                         onprem ? SIM_LINK_INTERNET : SIM_LINK_REGION);
    own(w, n->igw, (GDestroyNotify)sim_igw_free);
    SimRoute def = { .dest = { 0, 0 }, .kind = SIM_ROUTE_IGW, .target = n->igw };
    sim_route_table_add(ort, &def);
    g_ptr_array_add(mine, ort);
    route_blocks(mine, vpc_cidrs, to_cluster);
    g_autofree char *nat_name = g_strdup_printf("%s-egress", vpc_name);
    n->nat = sim_nat_gateway_new(w->net, nat_name, out, SIM_NAT_IDLE_TIMEOUT);
    own(w, n->nat, (GDestroyNotify)sim_nat_gateway_free);
    if (onprem)
      sim_nat_gateway_set_path(n->nat, 0); /* a corporate firewall, not an AWS NAT gateway */
    sim_igw_map(n->igw, sim_nat_gateway_ip(n->nat), egress);
    SimRoute via_nat = { .dest = { 0, 0 }, .kind = SIM_ROUTE_NEXT_HOP,
                         .target = sim_nat_gateway_node(n->nat), .cls = SIM_LINK_BY_AZ };
    sim_route_table_add(n->rt, &via_nat);
  }

  /* its DNS server: a VPC's Route 53 Resolver at base+2, or an on-prem DNS server */
  if (onprem) {
    g_autofree char *dns_name = g_strdup_printf("%s/dns", vpc_name);
    n->dns_host = host_in_subnet(w, dns_name, n->subnet);
  } else {
    g_autofree char *dns_name = g_strdup_printf("%s/route53-resolver", vpc_name);
    SimIp ip = sim_vpc_resolver_ip(n->vpc);
    n->dns_host = new_host(w, dns_name, ip, SIM_AZ_NONE);
    SimNode *node = sim_host_node(n->dns_host);
    sim_vpc_add_address(n->vpc, ip, node);
    SimRouteTable *rrt = sim_vpc_add_route_table(n->vpc, "resolver");
    GPtrArray *one = g_ptr_array_new();
    g_ptr_array_add(one, rrt);
    route_blocks(one, vpc_cidrs, to_cluster);
    g_ptr_array_unref(one);
    SimIgw *gw = resolver_gateway(w, n->vpc, rrt);
    sim_igw_map(gw, ip, RESOLVER_PUBLIC_BASE + w->next_resolver_public++);
    node->rt = rrt;
  }
  n->dns = sim_resolver_new(n->dns_host, w->dns, SIM_RESOLVER_RECURSIVE);
  own(w, n->dns, (GDestroyNotify)sim_resolver_free);
  sim_resolver_set_upstream(n->dns, AUTH_DNS_IP);
  if (sim_config_get_bool(w->cfg, group, "dns_forwarding")) {
    if (w->inbound_ips->len == 0) {
      g_ptr_array_unref(mine);
      fail(error, group, "dns_forwarding", "forwards to the Resolver inbound endpoint, but the "
           "cluster VPC has none; allowed: true only with [vpc] resolver_inbound_endpoint = true");
      return FALSE;
    }
    sim_resolver_add_forward(n->dns, ENDPOINT_NAME, (const SimIp *)w->inbound_ips->data,
                             w->inbound_ips->len);
  }
  g_ptr_array_unref(mine);
  return TRUE;
}

/* ---- data plane: node groups, kubelets, the node-lifecycle controller (issue 5) ---- */

static SimNodeGroup *
find_nodegroup(SimWorld *w, const char *name)
{
  for (guint i = 0; w->nodegroups != NULL && i < w->nodegroups->len; i++) {
    SimNodeGroup *ng = g_ptr_array_index(w->nodegroups, i);
    if (strcmp(sim_nodegroup_name(ng), name) == 0)
      return ng;
  }
  return NULL;
}

/* The `kubernetes` service's endpoints: the cross-account ENIs, in every mode (facts §4). */
static guint
service_endpoints(gpointer user, SimIp *out, guint max)
{
  SimWorld *w = user;
  guint n = 0;
  for (guint i = 0; i < w->xenis->len && n < max; i++)
    out[n++] = sim_xeni_ip(g_ptr_array_index(w->xenis, i));
  return n;
}

static SimIp
alloc_public_ip(gpointer user)
{
  return next_instance_public_ip(user);
}

static void
node_event(guint node, SimNodeEvent ev, SimTime at, SimTime last_heartbeat, gpointer user)
{
  SimWorld *w = user;
  if (ev == SIM_NODE_EVENT_REGISTERED)
    g_array_append_val(w->registered, node);
  if (w->faults != NULL && (ev == SIM_NODE_EVENT_READY || ev == SIM_NODE_EVENT_NOT_READY))
    sim_faults_node_changed(w->faults, node, ev == SIM_NODE_EVENT_READY); /* detection (sim/fault/) */
  for (guint i = 0; i < w->nodegroups->len; i++) {
    SimNodeGroup *ng = g_ptr_array_index(w->nodegroups, i);
    guint first = sim_nodegroup_first_node(ng);
    if (node >= first && node < first + sim_nodegroup_n_nodes(ng)) {
      sim_nodegroup_node_event(ng, node, ev, at, last_heartbeat);
      return;
    }
  }
}

/* An API server committed a kubelet's registration, Lease or status. */
static void
api_commit(SimVerb verb, guint32 object, SimTime at, gpointer user)
{
  SimWorld *w = user;
  if (object < sim_nodelifecycle_n_nodes(w->nlc))
    sim_nodelifecycle_commit(w->nlc, object, verb, at);
}

/* logs/exec: the pod's node, uniformly among the registered ones. */
static SimIp
pick_kubelet(SimRng *rng, gpointer user)
{
  SimWorld *w = user;
  if (w->registered->len == 0)
    return 0;
  guint k = (guint)sim_rng_uniform_int(rng, w->registered->len);
  return g_array_index(w->node_ips, SimIp, g_array_index(w->registered, guint, k));
}

static gboolean
build_data_plane(SimWorld *w, GError **error)
{
  w->nodegroups = g_ptr_array_new();
  own(w, w->nodegroups, (GDestroyNotify)g_ptr_array_unref);
  w->node_ips = g_array_new(FALSE, FALSE, sizeof(SimIp));
  own(w, w->node_ips, (GDestroyNotify)g_array_unref);
  w->registered = g_array_new(FALSE, FALSE, sizeof(guint));
  own(w, w->registered, (GDestroyNotify)g_array_unref);
  const char *const *ngs = sim_config_instances(w->cfg, "nodegroup");
  guint total = 0;
  for (guint i = 0; ngs != NULL && ngs[i] != NULL; i++)
    total += sim_nodegroup_count(w->cfg, ngs[i]);

  SimNodeLifecycleParams np;
  sim_nodelifecycle_params_init(&np);
  np.monitor_period = sim_config_get_duration(w->cfg, "nodelifecycle", "monitor_period");
  np.grace_period = sim_config_has_value(w->cfg, "nodelifecycle", "grace_period")
                        ? sim_config_get_duration(w->cfg, "nodelifecycle", "grace_period")
                        : sim_nodelifecycle_grace_for_version(
                              sim_config_get_string(w->cfg, "cluster", "kubernetes_version"));
  np.eviction_timeout = sim_config_get_duration(w->cfg, "nodelifecycle", "eviction_timeout");
  w->nlc = sim_nodelifecycle_new(w->sched, total, &np, sim_rng_set_get(w->rngs, "nodelifecycle/phase"),
                                 node_event, w);
  own(w, w->nlc, (GDestroyNotify)sim_nodelifecycle_free);

  sim_kubelet_params_init(&w->kubelet);
  w->kubelet.lease_duration = sim_config_get_duration(w->cfg, "kubelet", "lease_duration");
  w->kubelet.status_update = sim_config_get_duration(w->cfg, "kubelet", "status_update_frequency");
  w->kubelet.status_report = sim_config_get_duration(w->cfg, "kubelet", "status_report_frequency");
  w->kubelet.heartbeat_timeout = sim_config_get_duration(w->cfg, "kubelet", "heartbeat_timeout");

  SimNodeGroupEnv env = {
    .net = w->net, .rngs = w->rngs, .rec = w->rec, .nlc = w->nlc,
    .pub_subnets = w->pub_subnets, .priv_subnets = w->priv_subnets, .igw = w->igw,
    .public_ip = alloc_public_ip, .public_ip_user = w, .cluster_sg = w->cluster_sg,
    .vpc_cidrs = sim_config_get_cidrs(w->cfg, "vpc", "cidr"),
    .nameserver = sim_vpc_resolver_ip(w->vpc), .endpoint = ENDPOINT_NAME,
    .kubelet = &w->kubelet, .warmup = w->warmup,
  };
  guint first = 0;
  for (guint i = 0; ngs != NULL && ngs[i] != NULL; i++) {
    SimNodeGroup *ng = sim_nodegroup_new(w->cfg, ngs[i], &env, first, error);
    if (ng == NULL)
      return FALSE;
    own(w, ng, (GDestroyNotify)sim_nodegroup_free);
    g_ptr_array_add(w->nodegroups, ng);
    for (guint k = 0; k < sim_nodegroup_n_nodes(ng); k++) {
      SimIp ip = sim_host_ip(sim_nodegroup_node_host(ng, k));
      g_array_append_val(w->node_ips, ip);
    }
    first += sim_nodegroup_n_nodes(ng);
  }
  for (guint i = 0; i < w->apis->len; i++) {
    SimApiServer *api = g_ptr_array_index(w->apis, i);
    sim_apiserver_set_commit_hook(api, api_commit, w);
    if (total > 0)
      sim_apiserver_set_kubelet_picker(api, pick_kubelet, w);
  }
  return TRUE;
}

/* Who holds a public address at the internet edge (for error messages). */
static const char *
address_owner(SimWorld *w, SimIp ip)
{
  const SimRoute *r = sim_route_table_lookup(sim_router_table(w->edge), ip);
  if (r == NULL || r->dest.len < 32)
    return "nothing";
  if (r->kind == SIM_ROUTE_NEXT_HOP)
    return ((const SimNode *)r->target)->name;
  if (r->kind == SIM_ROUTE_IGW_INGRESS || r->kind == SIM_ROUTE_IGW)
    return "an internet gateway's mapping (a NAT gateway's Elastic IP, an instance's public IP or "
           "a load balancer node's address)";
  return "another element";
}

static gboolean
in_cidrs(const GArray *cidrs, SimIp ip)
{
  for (guint i = 0; i < cidrs->len; i++) {
    if (sim_cidr_contains(g_array_index(cidrs, SimCidr, i), ip))
      return TRUE;
  }
  return FALSE;
}

/* A public address nothing in the model uses yet (the edge holds a /32 for every used one). */
static gboolean
address_free(SimWorld *w, SimIp ip)
{
  if (ip == 0 || sim_ip_is_private(ip) || sim_cidr_contains((SimCidr){ SIM_IP(100, 64, 0, 0), 10 }, ip))
    return FALSE;
  const SimRoute *r = sim_route_table_lookup(sim_router_table(w->edge), ip);
  return r == NULL || r->dest.len < 32;
}

/* ---- clients ---- */

static void
client_record(const SimRequestRecord *rec, gpointer user)
{
  ClientInst *ci = user;
  sim_recorder_request(ci->world->rec, ci->subject, rec);
}

static void
client_inst_free(gpointer p)
{
  ClientInst *ci = p;
  sim_controller_free(ci->ctl);
  sim_client_free(ci->client);
  sim_stub_free(ci->stub);
  g_free(ci);
}

static Network *
find_network(SimWorld *w, const char *name)
{
  for (guint i = 0; i < w->networks->len; i++) {
    Network *n = g_ptr_array_index(w->networks, i);
    if (strcmp(n->name, name) == 0)
      return n;
  }
  return NULL;
}

static gboolean
build_client(SimWorld *w, const char *name, GError **error)
{
  g_autofree char *group = g_strdup_printf("client.%s", name);
  const char *loc = sim_config_get_string(w->cfg, group, "location");
  guint count = (guint)sim_config_get_int(w->cfg, group, "count");
  guint subject = sim_recorder_add_subject(w->rec, SIM_SUBJECT_CLIENT, name);

  SimClientParams p;
  sim_client_params_init(&p);
  p.endpoint = ENDPOINT_NAME;
  p.tls = strcmp(sim_config_get_string(w->cfg, group, "tls"), "1.2") == 0 ? SIM_TLS_12 : SIM_TLS_13;
  p.http = strcmp(sim_config_get_string(w->cfg, group, "http"), "1.1") == 0 ? SIM_HTTP_11 : SIM_HTTP_2;
  p.dial_timeout = sim_config_get_duration(w->cfg, group, "dial_timeout");
  p.tls_timeout = sim_config_get_duration(w->cfg, group, "tls_timeout");
  p.timeout = sim_config_get_duration(w->cfg, group, "timeout");
  p.retries = (guint)sim_config_get_int(w->cfg, group, "retries");
  p.reuse = strcmp(sim_config_get_string(w->cfg, group, "connection"), "reuse") == 0;
  p.requests_per_call = (guint)sim_config_get_int(w->cfg, group, "requests_per_call");
  gboolean cache = sim_config_get_bool(w->cfg, group, "dns_cache");

  double weights[SIM_VERB_N] = { 0 };
  const GArray *wv = sim_config_get_weights(w->cfg, group, "verbs");
  for (guint i = 0; i < wv->len; i++) {
    const SimWeight *sw = &g_array_index(wv, SimWeight, i);
    SimVerb v;
    if (sim_verb_from_name(sw->name, &v))
      weights[v] += sw->weight;
  }
  gboolean open_loop = sim_config_has_value(w->cfg, group, "rate");
  const char *kind = sim_config_get_string(w->cfg, group, "kind");
  gboolean controller = strcmp(kind, "controller") == 0;
  if (controller) {
    p.reuse = TRUE; /* one long-lived HTTP/2 connection holding the watch */
    p.http = SIM_HTTP_2;
  }

  Network *net = NULL;
  SimNodeGroup *pods_of = NULL;
  if (g_str_has_prefix(loc, "network.")) {
    net = find_network(w, loc + strlen("network."));
    if (net == NULL) {
      fail(error, group, "location", "names [%s], which is not defined; allowed: internet, "
           "vpc-public, vpc-private or network.NAME of a [network.NAME] group", loc);
      return FALSE;
    }
  } else if (g_str_has_prefix(loc, "nodegroup.")) {
    pods_of = find_nodegroup(w, loc + strlen("nodegroup."));
    if (pods_of == NULL) {
      fail(error, group, "location", "names [%s], which is not defined; allowed: nodegroup.NAME "
           "of a [nodegroup.NAME] group", loc);
      return FALSE;
    }
  } else if (strcmp(loc, "internet") != 0 && strcmp(loc, "vpc-public") != 0 &&
             strcmp(loc, "vpc-private") != 0) {
    fail(error, group, "location", "'%s' is not a location; allowed: internet, vpc-public, "
         "vpc-private, network.NAME or nodegroup.NAME", loc);
    return FALSE;
  }

  for (guint k = 0; k < count; k++) {
    g_autofree char *iname = count > 1 ? g_strdup_printf("%s-%u", name, k + 1) : g_strdup(name);
    ClientInst *ci = g_new0(ClientInst, 1);
    ci->world = w;
    ci->subject = subject;
    SimIp ns;
    if (strcmp(loc, "internet") == 0) {
      SimIp ip = sim_config_get_ip(w->cfg, group, "source_ip") + k;
      if (!address_free(w, ip)) {
        char b[16];
        g_free(ci);
        fail(error, group, "source_ip", "%s%s is already used in the model by %s; allowed: a public "
             "address nothing else uses (a client with count = N takes N consecutive addresses)",
             sim_ip_format(ip, b), k > 0 ? " (one of its instances' addresses)" : "",
             address_owner(w, ip));
        return FALSE;
      }
      g_autofree char *hname = g_strdup_printf("internet/%s", iname);
      ci->host = new_host(w, hname, ip, SIM_AZ_NONE);
      sim_node_attach_uplink(sim_host_node(ci->host), sim_router_node(w->edge), SIM_LINK_INTERNET);
      sim_router_add_next_hop(w->edge, (SimCidr){ ip, 32 }, sim_host_node(ci->host), SIM_LINK_INTERNET);
      ns = PUBLIC_RESOLVER_IP;
    } else if (pods_of != NULL) {
      /* a pod: an address of its node's subnet, its node's security group */
      ci->host = sim_nodegroup_place_pod(pods_of, k, iname, error);
      if (ci->host == NULL) {
        g_free(ci);
        return FALSE;
      }
      own(w, ci->host, (GDestroyNotify)sim_host_free);
      ns = sim_vpc_resolver_ip(w->vpc);
    } else if (net == NULL) {
      gboolean pub = strcmp(loc, "vpc-public") == 0;
      GPtrArray *subnets = pub ? w->pub_subnets : w->priv_subnets;
      SimSubnet *sn = g_ptr_array_index(subnets, k % w->n_azs);
      g_autofree char *hname = g_strdup_printf("cluster-vpc/%s/%s", sim_subnet_name(sn), iname);
      ci->host = host_in_subnet(w, hname, sn);
      if (pub)
        sim_igw_map(w->igw, sim_host_ip(ci->host), next_instance_public_ip(w));
      ns = sim_vpc_resolver_ip(w->vpc);
    } else {
      g_autofree char *hname = g_strdup_printf("%s/%s", sim_vpc_name(net->vpc), iname);
      ci->host = host_in_subnet(w, hname, net->subnet);
      ns = sim_host_ip(net->dns_host);
    }
    ci->tcp = new_tcp(w, ci->host);
    ci->stub = sim_stub_new(ci->host, ns, SIM_STUB_TIMEOUT, SIM_STUB_ATTEMPTS, cache);
    ci->client = sim_client_new(ci->tcp, ci->stub, iname, &p, client_record, ci);
    own(w, ci, client_inst_free);
    g_ptr_array_add(w->clients, ci);
    if (pods_of != NULL)
      sim_client_set_service(ci->client, service_endpoints, w,
                             sim_rng_set_getf(w->rngs, "client/%s/kube-proxy", iname));
    if (strcmp(kind, "automation") == 0)
      sim_client_set_burst(ci->client, (guint)sim_config_get_int(w->cfg, group, "burst"));
    SimRng *rng = sim_rng_set_getf(w->rngs, "client/%s/load", iname);
    if (open_loop) {
      sim_client_start_open_loop(ci->client, sim_config_get_rate(w->cfg, group, "rate"), weights,
                                 rng, 0);
    } else {
      SimDist *think = sim_config_get_dist(w->cfg, group, "think_time");
      /* the first call after one think time, so the clients do not all start at once */
      SimTime start = sim_dist_sample_time(think, rng);
      sim_client_start_closed_loop(ci->client, think, weights, rng, start);
    }
    if (controller) {
      SimRng *wrng = sim_rng_set_getf(w->rngs, "client/%s/watch", iname);
      ci->ctl = sim_controller_new(w->sched, ci->client,
                                   sim_config_get_dist(w->cfg, group, "watch_timeout"), wrng);
      /* controllers were running before the run: each starts within its first second */
      sim_controller_start(ci->ctl, (SimTime)(sim_rng_uniform(wrng) * (double)SIM_S));
    }
  }
  return TRUE;
}

/* ---- exposure probes ---- */

/* The public endpoint's addresses, whatever DNS answers (a scanner needs no name). */
static guint
probe_targets(gpointer user, SimIp *out, guint max)
{
  SimWorld *w = user;
  guint n = 0;
  for (guint i = 0; i < sim_lb_n_nodes(w->lb) && n < max; i++)
    out[n++] = sim_igw_public_of(w->cp_igw, sim_lb_node_ip(w->lb, i));
  return n;
}

/* An unused public address inside (@inside) or outside public_access_cidrs; 0 if none is found. */
static SimIp
probe_address(SimWorld *w, gboolean inside)
{
  const GArray *cidrs = sim_config_get_cidrs(w->cfg, "cluster", "public_access_cidrs");
  static const SimIp candidates[] = { SIM_IP(198, 51, 100, 250), SIM_IP(203, 0, 113, 250),
                                      SIM_IP(192, 0, 2, 250), SIM_IP(198, 51, 100, 251),
                                      SIM_IP(203, 0, 113, 251), SIM_IP(8, 8, 4, 250) };
  for (guint i = 0; i < G_N_ELEMENTS(candidates); i++) {
    if (in_cidrs(cidrs, candidates[i]) == inside && address_free(w, candidates[i]))
      return candidates[i];
  }
  if (!inside)
    return 0;
  /* inside a narrow list: the highest addresses of each block */
  for (guint i = 0; i < cidrs->len; i++) {
    SimCidr c = g_array_index(cidrs, SimCidr, i);
    guint64 size = 1ull << (32 - c.len);
    for (guint64 off = 0; off < MIN(size, 16u); off++) {
      SimIp ip = (SimIp)(c.net + size - 1 - off);
      if (address_free(w, ip))
        return ip;
    }
  }
  return 0;
}

static void
probe_record(const SimRequestRecord *r, gpointer user)
{
  ProbeInst *pi = user;
  sim_recorder_request(pi->world->rec, pi->subject, r);
}

static void
probe_inst_free(gpointer p)
{
  ProbeInst *pi = p;
  sim_probe_free(pi->probe);
  g_free(pi);
}

static void
build_probes(SimWorld *w)
{
  w->probes = g_ptr_array_new();
  own(w, w->probes, (GDestroyNotify)g_ptr_array_unref);
  if (!sim_config_get_bool(w->cfg, "exposure", "probes"))
    return;
  SimTime interval = sim_config_get_duration(w->cfg, "exposure", "interval");
  static const char *const names[] = { "probe-allowed-source", "probe-other-source" };
  for (guint i = 0; i < 2; i++) {
    SimIp ip = probe_address(w, i == 0);
    if (ip == 0)
      continue; /* every address is allowed (or none can be found): no such probe */
    ProbeInst *pi = g_new0(ProbeInst, 1);
    pi->world = w;
    pi->subject = sim_recorder_add_subject(w->rec, SIM_SUBJECT_PROBE, names[i]);
    g_autofree char *hname = g_strdup_printf("internet/%s", names[i]);
    SimHost *h = new_host(w, hname, ip, SIM_AZ_NONE);
    sim_node_attach_uplink(sim_host_node(h), sim_router_node(w->edge), SIM_LINK_INTERNET);
    sim_router_add_next_hop(w->edge, (SimCidr){ ip, 32 }, sim_host_node(h), SIM_LINK_INTERNET);
    g_autofree char *rname = g_strdup_printf("probe/%s", names[i]);
    pi->probe = sim_probe_new(h, probe_targets, w, interval, sim_rng_set_get(w->rngs, rname),
                              probe_record, pi);
    sim_probe_count_from(pi->probe, w->warmup);
    own(w, pi, probe_inst_free);
    g_ptr_array_add(w->probes, pi);
    sim_probe_start(pi->probe, 0);
  }
}

/* ---- what the network counts, per time bin ---- */

enum { C_SENT, C_DELIVERED, C_CROSS_AZ, C_NAT, C_IGW_OUT, C_IGW_IN, C_CLASS0,
       C_DROP0 = C_CLASS0 + SIM_LINK_N_CLASSES, C_N = C_DROP0 + SIM_DROP_N_REASONS };

/* The values of every counter, in registration order: the fixed ones, then one per NAT gateway. */
static void
counter_values(SimWorld *w, guint64 *v)
{
  for (guint i = 0; i < w->nats->len; i++)
    v[C_N + i] = sim_nat_gateway_bytes(g_ptr_array_index(w->nats, i));
  guint64 rejected = 0;
  for (guint i = 0; i < w->apis->len; i++)
    rejected += sim_apiserver_rejected(g_ptr_array_index(w->apis, i));
  v[C_N + w->nats->len] = rejected;
  v[C_SENT] = sim_network_packets_sent(w->net);
  v[C_DELIVERED] = sim_network_packets_delivered(w->net);
  v[C_CROSS_AZ] = sim_network_cross_az_bytes(w->net);
  guint64 nat = 0;
  for (guint i = 0; i < w->nats->len; i++)
    nat += sim_nat_gateway_bytes(g_ptr_array_index(w->nats, i));
  v[C_NAT] = nat;
  v[C_IGW_OUT] = sim_igw_bytes_out(w->igw);
  v[C_IGW_IN] = sim_igw_bytes_in(w->igw);
  for (guint c = 0; c < SIM_LINK_N_CLASSES; c++)
    v[C_CLASS0 + c] = sim_network_class_bytes(w->net, (SimLinkClass)c);
  for (guint r = 0; r < SIM_DROP_N_REASONS; r++)
    v[C_DROP0 + r] = sim_network_packets_dropped(w->net, (SimDropReason)r);
}

static void
register_counters(SimWorld *w)
{
  w->net_subject = sim_recorder_add_subject(w->rec, SIM_SUBJECT_NETWORK, "network");
  w->counters = g_array_new(FALSE, TRUE, sizeof(Counter));
  own(w, w->counters, (GDestroyNotify)g_array_unref);
  for (guint i = 0; i < C_N; i++) {
    g_autofree char *metric = NULL;
    const char *unit = "bytes";
    if (i == C_SENT) {
      metric = g_strdup("packets_sent");
      unit = "packets";
    } else if (i == C_DELIVERED) {
      metric = g_strdup("packets_delivered");
      unit = "packets";
    } else if (i == C_CROSS_AZ) {
      metric = g_strdup("bytes_cross_az");
    } else if (i == C_NAT) {
      metric = g_strdup("bytes_nat_gateway");
    } else if (i == C_IGW_OUT) {
      metric = g_strdup("bytes_internet_gateway_out");
    } else if (i == C_IGW_IN) {
      metric = g_strdup("bytes_internet_gateway_in");
    } else if (i < C_DROP0) {
      metric = g_strdup_printf("bytes_link_%s", sim_link_class_name((SimLinkClass)(i - C_CLASS0)));
    } else {
      metric = g_strdup_printf("packets_dropped_%s", sim_drop_reason_name((SimDropReason)(i - C_DROP0)));
      unit = "packets";
    }
    Counter c = { sim_recorder_counter(w->rec, w->net_subject, metric, unit), 0 };
    g_array_append_val(w->counters, c);
  }
  for (guint i = 0; i < w->nats->len; i++) {
    SimNode *n = sim_nat_gateway_node(g_ptr_array_index(w->nats, i));
    g_autofree char *metric = g_strdup_printf("bytes_%s", n->name);
    Counter c = { sim_recorder_counter(w->rec, w->net_subject, metric, "bytes"), 0 };
    g_array_append_val(w->counters, c);
  }
  /* HTTP 429 responses the API servers sent (admission limit, facts §5.2) */
  Counter c429 = { sim_recorder_counter(w->rec, w->net_subject, "apiserver_http_429", "responses"), 0 };
  g_array_append_val(w->counters, c429);
  w->gauge_api_queue = sim_recorder_gauge(w->rec, w->net_subject, "apiserver_queue_peak", "requests");
}

static void
sample(SimScheduler *sched, gpointer data)
{
  SimWorld *w = data;
  SimTime now = sim_scheduler_now(sched);
  guint64 *v = g_newa(guint64, w->counters->len);
  counter_values(w, v);
  if (now == w->warmup) {
    w->at_warmup = g_new(guint64, w->counters->len);
    memcpy(w->at_warmup, v, w->counters->len * sizeof(guint64));
  }
  /* what accumulated since the last sample belongs to the bin that just ended */
  SimTime at = now > 0 ? now - 1 : 0;
  for (guint i = 0; i < w->counters->len; i++) {
    Counter *c = &g_array_index(w->counters, Counter, i);
    if (v[i] != c->last)
      sim_recorder_add(w->rec, c->id, at, (double)(v[i] - c->last));
    c->last = v[i];
  }
  guint peak = 0;
  for (guint i = 0; i < w->apis->len; i++) {
    SimApiServer *api = g_ptr_array_index(w->apis, i);
    peak = MAX(peak, sim_apiserver_queue_peak(api));
    sim_apiserver_reset_peak(api);
  }
  sim_recorder_gauge_set(w->rec, w->gauge_api_queue, at, peak);
  SimTime next = now < w->warmup ? w->warmup : now + w->bin;
  if (now < w->duration)
    sim_scheduler_at(sched, MIN(next, w->duration), sample, w);
}

/* ---- faults (sim/fault/): what they may act on, by the names a scenario's target uses ---- */

/* Every kubelet reconnecting at once (issue 6's load spike, as after an API server or load balancer
 * restart): the heartbeat connection closes, and the kubelet re-lists at once what its informers
 * watch — one list standing for its pods, node, configmaps and secrets (the model has no watches)
 * — so every kubelet resolves, dials, handshakes and sends within the same instant. */
static void
kubelet_reconnect(gpointer kubelet)
{
  sim_kubelet_reconnect(kubelet);
  sim_client_request(sim_kubelet_client(kubelet), SIM_VERB_LIST, 0, 60 * SIM_S, NULL, NULL, 0);
}

static gboolean
build_faults(SimWorld *w, GError **error)
{
  SimFaultEnv *env = sim_fault_env_new(w->net, w->rec, w->n_azs, w->duration);
  sim_fault_env_add_az_scope(env, w->vpc);
  sim_fault_env_add_az_scope(env, w->cp);
  sim_fault_env_set_control_plane(env, w->lb, w->etcd, w->cp_tables, w->cluster_sg);
  sim_fault_env_set_endpoint(env, sim_router_node(w->edge), w->phz, w->public_access, w->private_access,
                             sim_config_get_cidrs(w->cfg, "cluster", "public_access_cidrs"));
  guint n_api = (guint)sim_config_get_int(w->cfg, "cluster", "api_servers");
  g_autofree SimFaultElem **api = g_new0(SimFaultElem *, w->apis->len + 1);
  for (guint i = 0; i < w->apis->len; i++) {
    SimNode *node = sim_host_node(sim_apiserver_host(g_ptr_array_index(w->apis, i)));
    api[i] = sim_fault_env_add(env, SIM_FAULT_ELEM_API_SERVER, node->name, node->az, node,
                               g_ptr_array_index(w->apis, i), i);
    if (i >= n_api) /* the reserve of instance i - n_api (build_control_plane) */
      sim_fault_env_pair_standby(env, api[i - n_api], api[i]);
  }
  for (guint i = 0; i < sim_lb_n_nodes(w->lb); i++) {
    SimNode *node = sim_lb_node(w->lb, i);
    sim_fault_env_add(env, SIM_FAULT_ELEM_LB_NODE, node->name, node->az, node, w->lb, i);
  }
  for (guint i = 0; i < w->nats->len; i++) {
    SimNode *node = sim_nat_gateway_node(g_ptr_array_index(w->nats, i));
    sim_fault_env_add(env, SIM_FAULT_ELEM_NAT_GATEWAY, node->name, node->az, node, NULL, i);
  }
  for (guint i = 0; i < w->xenis->len; i++) {
    SimXeni *x = g_ptr_array_index(w->xenis, i);
    SimNode *node = sim_xeni_node(x);
    sim_fault_env_add(env, SIM_FAULT_ELEM_ENI, node->name, node->az, node, x, i);
  }
  SimNode *rn = sim_host_node(w->vpc_resolver_host);
  sim_fault_env_add(env, SIM_FAULT_ELEM_RESOLVER, rn->name, SIM_AZ_NONE, rn, w->vpc_resolver, 0);
  for (guint i = 0; i < w->networks->len; i++) {
    Network *n = g_ptr_array_index(w->networks, i);
    SimNode *dn = sim_host_node(n->dns_host);
    sim_fault_env_add(env, SIM_FAULT_ELEM_RESOLVER, dn->name, SIM_AZ_NONE, dn, n->dns, i + 1);
    if (strcmp(n->kind, "onprem-vpn") == 0) {
      g_autofree char *name = g_strdup_printf("network.%s", n->name);
      sim_fault_env_add(env, SIM_FAULT_ELEM_VPN, name, SIM_AZ_NONE, sim_router_node(n->gw), NULL, i);
    }
  }
  for (guint i = 0; i < w->inbound_ips->len; i++) {
    g_autofree char *name = g_strdup_printf("cluster-vpc/resolver-inbound-az%u", i + 1);
    SimNode *node = sim_network_find_node(w->net, name);
    if (node != NULL)
      sim_fault_env_add(env, SIM_FAULT_ELEM_INBOUND_ENDPOINT, name, node->az, node, NULL, i);
  }
  /* clients: w->clients holds each [client.NAME]'s instances in file order */
  const char *const *clients = sim_config_instances(w->cfg, "client");
  guint k = 0;
  for (guint i = 0; clients != NULL && clients[i] != NULL; i++) {
    g_autofree char *group = g_strdup_printf("client.%s", clients[i]);
    guint count = (guint)sim_config_get_int(w->cfg, group, "count");
    for (guint j = 0; j < count && k < w->clients->len; j++, k++) {
      ClientInst *ci = g_ptr_array_index(w->clients, k);
      SimNode *node = sim_host_node(ci->host);
      sim_fault_env_add(env, SIM_FAULT_ELEM_CLIENT, group, node->az, node, ci->client, k);
    }
  }
  /* kubelets, one element per node, named by their group */
  for (guint i = 0; i < w->nodegroups->len; i++) {
    SimNodeGroup *ng = g_ptr_array_index(w->nodegroups, i);
    g_autofree char *name = g_strdup_printf("nodegroup.%s", sim_nodegroup_name(ng));
    for (guint j = 0; j < sim_nodegroup_n_nodes(ng); j++) {
      SimNode *node = sim_host_node(sim_nodegroup_node_host(ng, j));
      sim_fault_env_add(env, SIM_FAULT_ELEM_KUBELET, name, node->az, node, sim_nodegroup_kubelet(ng, j),
                        sim_nodegroup_first_node(ng) + j);
    }
  }
  sim_fault_env_set_kubelet_reconnect(env, kubelet_reconnect);
  const SimNodeLifecycleParams *np = sim_nodelifecycle_params(w->nlc);
  sim_fault_env_set_node_grace(env, np->grace_period + np->monitor_period);
  w->faults = sim_faults_new(w->cfg, env, error);
  return w->faults != NULL;
}

GPtrArray *
sim_world_fault_targets(const SimWorld *world)
{
  g_return_val_if_fail(world != NULL && world->faults != NULL, NULL);
  return sim_fault_env_targets(sim_faults_env(world->faults));
}

/* ---- what the model reports itself at the end of a run ---- */

static void
report_end(SimWorld *w)
{
  for (guint i = 0; i < w->nodegroups->len; i++)
    sim_nodegroup_finish(g_ptr_array_index(w->nodegroups, i), w->duration);
  /* controllers: the share of the measured period they held a watch, per client subject */
  for (guint i = 0; i < w->clients->len;) {
    ClientInst *first = g_ptr_array_index(w->clients, i);
    double sum = 0;
    guint n = 0, j = i;
    for (; j < w->clients->len; j++) {
      ClientInst *ci = g_ptr_array_index(w->clients, j);
      if (ci->subject != first->subject)
        break;
      if (ci->ctl != NULL) {
        sum += sim_time_to_s(sim_controller_held(ci->ctl, w->warmup, w->duration));
        n++;
      }
    }
    if (n > 0)
      sim_recorder_set_metric(w->rec, first->subject, "watch_held_fraction", "ratio",
                              sum / n / sim_time_to_s(w->duration - w->warmup));
    i = j;
  }
  for (guint i = 0; i < w->probes->len; i++) {
    ProbeInst *pi = g_ptr_array_index(w->probes, i);
    guint64 tried = sim_probe_attempts(pi->probe);
    if (tried > 0)
      sim_recorder_set_metric(w->rec, pi->subject, "exposure", "ratio",
                              (double)sim_probe_connected(pi->probe) / (double)tried);
  }
  /* the cost estimate (list prices, facts §5.5) of what crossed the customer's gateways, per
   * simulated hour after the warm-up */
  guint64 *v = g_newa(guint64, w->counters->len);
  counter_values(w, v);
  SimCostUsage u = { .n_nat = w->nats->len, .period = w->duration - w->warmup };
  if (w->at_warmup != NULL) {
    u.nat_bytes = v[C_NAT] - w->at_warmup[C_NAT];
    u.cross_az_bytes = v[C_CROSS_AZ] - w->at_warmup[C_CROSS_AZ];
    u.internet_out_bytes = v[C_IGW_OUT] - w->at_warmup[C_IGW_OUT];
  }
  SimCostEstimate c;
  sim_cost_estimate(&u, &c);
  static const char *const names[] = { "cost_nat_gateway_hours_usd", "cost_nat_gateway_data_usd",
                                       "cost_cross_az_usd", "cost_internet_egress_usd",
                                       "cost_total_usd" };
  const double vals[] = { c.nat_hours_usd, c.nat_data_usd, c.cross_az_usd, c.internet_egress_usd,
                          c.total_usd };
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    sim_recorder_set_metric(w->rec, w->net_subject, names[i], "USD/h", vals[i]);
}

/* ---- the world ---- */

SimWorld *
sim_world_new(const SimConfig *cfg, guint replication, SimRecorder *rec, GError **error)
{
  g_return_val_if_fail(cfg != NULL && rec != NULL, NULL);
  SimWorld *w = g_new0(SimWorld, 1);
  w->cfg = sim_config_ref((SimConfig *)cfg);
  w->replication = replication;
  w->rec = rec;
  w->owned = g_array_new(FALSE, FALSE, sizeof(Owned));
  w->sched = sim_scheduler_new();
  guint64 seed = (guint64)sim_config_get_int(cfg, "scenario", "seed");
  w->rngs = sim_rng_set_new(seed, replication);
  w->net = sim_network_new(w->sched, w->rngs);
  w->duration = sim_config_get_duration(cfg, "scenario", "duration");
  w->warmup = sim_config_get_duration(cfg, "scenario", "warmup");
  w->bin = sim_config_get_duration(cfg, "scenario", "bin");
  w->networks = g_ptr_array_new();
  w->clients = g_ptr_array_new();

  const char *mode = sim_config_get_string(cfg, "cluster", "endpoint");
  w->public_access = strcmp(mode, "private") != 0;
  w->private_access = strcmp(mode, "public") != 0;
  if (sim_config_is_set(cfg, "cluster", "public_access"))
    w->public_access = sim_config_get_bool(cfg, "cluster", "public_access");
  if (sim_config_is_set(cfg, "cluster", "private_access"))
    w->private_access = sim_config_get_bool(cfg, "cluster", "private_access");
  if (!w->public_access && !w->private_access) {
    fail(error, "cluster", "endpoint", "public and private access are both off; allowed: at least "
         "one of them on (facts §1.2)");
    sim_world_free(w);
    return NULL;
  }

  configure_links(w);
  build_edge_and_dns(w);
  if (!build_vpc(w, error) || !build_control_plane(w, error)) {
    sim_world_free(w);
    return NULL;
  }
  const char *const *nets = sim_config_instances(cfg, "network");
  for (guint i = 0; nets != NULL && nets[i] != NULL; i++) {
    if (!build_network(w, nets[i], error)) {
      sim_world_free(w);
      return NULL;
    }
  }
  register_counters(w);
  if (!build_data_plane(w, error)) {
    sim_world_free(w);
    return NULL;
  }
  const char *const *clients = sim_config_instances(cfg, "client");
  for (guint i = 0; clients != NULL && clients[i] != NULL; i++) {
    if (!build_client(w, clients[i], error)) {
      sim_world_free(w);
      return NULL;
    }
  }
  build_probes(w);
  for (guint i = 0; i < w->nodegroups->len; i++)
    sim_nodegroup_start(g_ptr_array_index(w->nodegroups, i));
  if (!build_faults(w, error)) {
    sim_world_free(w);
    return NULL;
  }
  sim_scheduler_at(w->sched, 0, sample, w);
  return w;
}

void
sim_world_run(SimWorld *world)
{
  sim_scheduler_run_until(world->sched, world->duration);
  report_end(world);
}

guint64
sim_world_events(const SimWorld *world)
{
  return sim_scheduler_dispatched(world->sched);
}

SimNetwork *
sim_world_network(SimWorld *world)
{
  return world->net;
}

void
sim_world_set_tracer(SimWorld *world, const SimTracer *tracer)
{
  sim_network_set_tracer(world->net, tracer);
}

guint
sim_world_n_clients(const SimWorld *world)
{
  return world->clients->len;
}

SimClient *
sim_world_client(const SimWorld *world, guint i)
{
  g_return_val_if_fail(i < world->clients->len, NULL);
  return ((ClientInst *)g_ptr_array_index(world->clients, i))->client;
}

const char *
sim_world_endpoint_name(const SimWorld *world)
{
  (void)world;
  return ENDPOINT_NAME;
}

SimScheduler *
sim_world_scheduler(SimWorld *world)
{
  return world->sched;
}

guint
sim_world_n_nodegroups(const SimWorld *world)
{
  return world->nodegroups != NULL ? world->nodegroups->len : 0;
}

SimNodeGroup *
sim_world_nodegroup(const SimWorld *world, guint i)
{
  g_return_val_if_fail(i < sim_world_n_nodegroups(world), NULL);
  return g_ptr_array_index(world->nodegroups, i);
}

SimNodeLifecycle *
sim_world_nodelifecycle(SimWorld *world)
{
  return world->nlc;
}

SimController *
sim_world_controller(const SimWorld *world, guint i)
{
  g_return_val_if_fail(i < world->clients->len, NULL);
  return ((ClientInst *)g_ptr_array_index(world->clients, i))->ctl;
}

void
sim_world_free(SimWorld *w)
{
  if (w == NULL)
    return;
  sim_network_shutdown(w->net); /* connections closing now send nothing */
  sim_faults_free(w->faults);  /* before the elements it holds */
  for (guint i = w->owned->len; i > 0; i--) {
    Owned *o = &g_array_index(w->owned, Owned, i - 1);
    o->free(o->obj);
  }
  g_array_free(w->owned, TRUE);
  g_ptr_array_free(w->networks, TRUE);
  g_ptr_array_free(w->clients, TRUE);
  g_free(w->at_warmup);
  sim_network_free(w->net);
  sim_rng_set_free(w->rngs);
  sim_scheduler_free(w->sched);
  sim_config_unref(w->cfg);
  g_free(w);
}
