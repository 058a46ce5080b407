/* Network Load Balancer: layer-4 nodes (see lb.h for what both kinds share).
 *
 * A node is a network element with a processing stage (link class lb) and a flow table. A new
 * connection (a SYN to the node's address on 443) is hashed on its 5-tuple to one of the targets
 * the node may use (sim_lb_candidates: its AZ's healthy targets unless cross-zone is on); the
 * node rewrites both addresses (the target sees the node's address and a port of its, so the
 * reply comes back through the node) and remembers the flow. Later packets follow the flow.
 * A packet of a flow the node does not know (never seen, or idle for 350 s, facts §5.5) gets an
 * RST; so does a packet of a flow whose target the node now sees unhealthy (NLB's connection
 * termination on unhealthy targets, facts §5.5). Public packets pass the public endpoint's
 * filter first. Simplified: client IP preservation is not modelled (nothing behind the node uses
 * the client address); the flow is forgotten after FINs both ways or an RST.
 */
#include "eks/lb.h"

#include "net/flowtable.h"
#include "net/network.h"
#include "stats/recorder.h"

#define API_PORT 443

enum { F_PUBLIC = 1, F_FIN_IN = 2, F_FIN_OUT = 4 };

typedef struct {
  SimNode node; /* first */
  SimLb *lb;
  guint index;
  SimFlowTable *flows;
  guint *cand; /* scratch: candidate targets */
} NlbNode;

static void nlb_receive(SimNode *node, SimPacket *pkt);
static void nlb_set_up(SimNode *node, gboolean up);
static const SimNodeOps nlb_node_ops = { "nlb-node", nlb_receive, nlb_set_up };

static guint32
flow_hash(const SimPacket *pkt)
{
  guint64 h = ((guint64)pkt->src << 32 | pkt->dst) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
  h ^= ((guint64)pkt->sport << 16 | pkt->dport) * G_GUINT64_CONSTANT(0xC2B2AE3D27D4EB4F);
  h ^= h >> 29;
  return (guint32)(h ^ (h >> 32));
}

static void
send_rst(NlbNode *n, const SimPacket *pkt)
{
  if (pkt->flags & SIM_TCP_RST)
    return;
  SimPacket *r = sim_network_packet_new(n->node.net);
  r->proto = SIM_PROTO_TCP;
  r->src = pkt->dst;
  r->sport = pkt->dport;
  r->dst = pkt->src;
  r->dport = pkt->sport;
  if (pkt->flags & SIM_TCP_ACK) {
    r->flags = SIM_TCP_RST;
    r->seq = pkt->ack;
  } else {
    r->flags = SIM_TCP_RST | SIM_TCP_ACK;
    r->ack = pkt->seq + pkt->len + ((pkt->flags & SIM_TCP_SYN) ? 1 : 0);
  }
  r->size = SIM_IP_HEADER + SIM_TCP_HEADER;
  r->path = pkt->path & SIM_PATH_PUBLIC_ENDPOINT;
  sim_node_output(&n->node, r);
}

static void
frontend(NlbNode *n, SimPacket *pkt)
{
  SimLb *lb = n->lb;
  SimNetwork *net = n->node.net;
  SimTime now = sim_network_now(net);
  gboolean pub = sim_lb_is_public(lb, pkt);

  if (pub) {
    SimDropReason why;
    if (!sim_lb_public_admits(lb, pkt, &why)) {
      if (G_UNLIKELY(sim_network_tracing(net))) {
        char a[16];
        g_autofree char *detail =
            why == SIM_DROP_CIDR_DENIED
                ? g_strdup_printf("dropped at the public endpoint: source %s is not in "
                                  "public_access_cidrs", sim_ip_format(pkt->src, a))
                : g_strdup("dropped at the public endpoint: public access is off");
        sim_network_drop(net, &n->node, pkt, why, detail);
      } else {
        sim_network_drop(net, &n->node, pkt, why, NULL);
      }
      return;
    }
    pkt->path |= SIM_PATH_PUBLIC_ENDPOINT;
  }
  SimFlowKey key = { .a_ip = pkt->src, .b_ip = pkt->dst, .a_port = pkt->sport, .b_port = API_PORT,
                     .proto = SIM_PROTO_TCP };
  gboolean expired;
  SimFlow *f = sim_flow_table_lookup(n->flows, &key, now, &expired);
  if (f != NULL && !sim_lb_target_healthy(lb, n->index, GPOINTER_TO_UINT(f->target)) &&
      sim_lb_node_has_healthy(lb, n->index)) {
    /* the target was marked unhealthy: the node resets the client's connection */
    sim_flow_table_remove(n->flows, f);
    send_rst(n, pkt);
    sim_network_drop(net, &n->node, pkt, SIM_DROP_NO_TARGET, "target unhealthy: connection reset");
    return;
  }
  if (f == NULL) {
    if ((pkt->flags & (SIM_TCP_SYN | SIM_TCP_ACK)) != SIM_TCP_SYN) {
      send_rst(n, pkt);
      sim_network_drop(net, &n->node, pkt, SIM_DROP_NAT_NO_MAPPING,
                       expired ? "load balancer flow idled out: reset" : "no load balancer flow: reset");
      return;
    }
    guint k = sim_lb_candidates(lb, n->index, n->cand);
    if (k == 0) {
      sim_network_drop(net, &n->node, pkt, SIM_DROP_NO_TARGET, NULL);
      return;
    }
    guint target = n->cand[flow_hash(pkt) % k];
    f = sim_flow_table_insert(n->flows, &key, TRUE, now);
    if (f == NULL) {
      sim_network_drop(net, &n->node, pkt, SIM_DROP_NAT_NO_MAPPING, "load balancer out of ports");
      return;
    }
    f->target = GUINT_TO_POINTER(target);
    f->user = pub ? F_PUBLIC : 0;
    sim_network_trace(net, SIM_TRACE_FUNCTION, &n->node, pkt, "%s: new flow to target %s",
                      n->node.name, sim_lb_target_name(lb, target));
  }
  sim_flow_touch(f, now);
  guint target = GPOINTER_TO_UINT(f->target);
  pkt->src = n->node.ip;
  pkt->sport = f->port;
  pkt->dst = sim_lb_target_ip(lb, target);
  if (pkt->flags & SIM_TCP_FIN)
    f->user |= F_FIN_IN;
  if ((pkt->flags & SIM_TCP_RST) || (f->user & (F_FIN_IN | F_FIN_OUT)) == (F_FIN_IN | F_FIN_OUT))
    sim_flow_table_remove(n->flows, f);
  sim_node_output(&n->node, pkt);
}

static void
backend(NlbNode *n, SimPacket *pkt)
{
  SimLb *lb = n->lb;
  SimNetwork *net = n->node.net;
  SimTime now = sim_network_now(net);
  SimFlow *f = sim_flow_table_by_port(n->flows, pkt->dport, now, NULL);
  if (f == NULL || pkt->src != sim_lb_target_ip(lb, GPOINTER_TO_UINT(f->target))) {
    sim_network_drop(net, &n->node, pkt, SIM_DROP_NAT_NO_MAPPING, NULL);
    return;
  }
  sim_flow_touch(f, now);
  pkt->src = n->node.ip;
  pkt->sport = API_PORT;
  pkt->dst = f->key.a_ip;
  pkt->dport = f->key.a_port;
  if (f->user & F_PUBLIC)
    pkt->path |= SIM_PATH_PUBLIC_ENDPOINT;
  if (pkt->flags & SIM_TCP_FIN)
    f->user |= F_FIN_OUT;
  if ((pkt->flags & SIM_TCP_RST) || (f->user & (F_FIN_IN | F_FIN_OUT)) == (F_FIN_IN | F_FIN_OUT))
    sim_flow_table_remove(n->flows, f);
  sim_node_output(&n->node, pkt);
}

static void
nlb_receive(SimNode *node, SimPacket *pkt)
{
  NlbNode *n = (NlbNode *)node;
  if (pkt->dst != node->ip || pkt->proto != SIM_PROTO_TCP) {
    sim_network_drop(node->net, node, pkt, SIM_DROP_NO_HOST, NULL);
    return;
  }
  if (pkt->dport == API_PORT)
    frontend(n, pkt);
  else
    backend(n, pkt);
}

static void
nlb_set_up(SimNode *node, gboolean up)
{
  NlbNode *n = (NlbNode *)node;
  if (!up)
    sim_flow_table_clear(n->flows);
}

static SimNode *
nlb_node_new(SimLb *lb, guint index, SimSubnet *subnet)
{
  NlbNode *n = g_new0(NlbNode, 1);
  n->lb = lb;
  n->index = index;
  g_autofree char *name = g_strdup_printf("%s-%s", sim_lb_name(lb), sim_subnet_name(subnet));
  SimIp ip = sim_subnet_alloc_ip(subnet);
  sim_node_init(&n->node, sim_lb_network(lb), &nlb_node_ops, name, ip, sim_subnet_az(subnet));
  sim_vpc_attach(subnet, &n->node);
  sim_node_set_processing(&n->node, SIM_LINK_LB);
  n->flows = sim_flow_table_new(1024, 65535, sim_lb_params(lb)->idle_timeout);
  n->cand = g_new(guint, MAX(sim_lb_n_targets(lb), 1u));
  sim_lb_set_node_impl(lb, index, n);
  return &n->node;
}

static void
nlb_node_free(SimLb *lb, guint index)
{
  NlbNode *n = sim_lb_node_impl(lb, index);
  sim_node_clear(&n->node);
  sim_flow_table_free(n->flows);
  g_free(n->cand);
  g_free(n);
}

const SimLbOps sim_nlb_ops = {
  .name = "nlb",
  .cross_zone = FALSE,
  .node_new = nlb_node_new,
  .node_free = nlb_node_free,
  .health_changed = NULL, /* flows to a target seen unhealthy are reset on their next packet */
};
