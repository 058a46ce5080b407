/* Forwarding (see forward.h). */
#include "net/forward.h"

#include "net/igw.h"
#include "net/network.h"
#include "net/peering.h"
#include "stats/recorder.h"

void
sim_forward_local(SimVpc *vpc, SimNode *from, SimLinkClass cls, SimPacket *pkt)
{
  SimNode *to = sim_vpc_lookup(vpc, pkt->dst);
  if (to == NULL) {
    sim_network_drop(from->net, from, pkt, SIM_DROP_NO_HOST, NULL);
    return;
  }
  sim_network_hop(from->net, from, to, cls, pkt);
}

void
sim_forward_unreachable(SimNode *at, const SimRouteTable *rt, SimPacket *pkt, SimDropReason reason,
                        gboolean icmp)
{
  SimNetwork *net = at->net;
  /* never answer an ICMP with an ICMP */
  if (icmp && pkt->proto != SIM_PROTO_ICMP && pkt->src != 0) {
    SimPacket *u = sim_network_packet_new(net);
    u->proto = SIM_PROTO_ICMP;
    u->flags = reason == SIM_DROP_NO_HOST ? SIM_ICMP_HOST_UNREACHABLE : SIM_ICMP_NET_UNREACHABLE;
    u->src = at->ip != 0 ? at->ip : pkt->dst;
    u->dst = pkt->src;
    u->sport = pkt->sport; /* the offending packet's ports, as its sender sees them */
    u->dport = pkt->dport;
    u->seq = pkt->proto;
    u->ack = pkt->dst;
    u->size = SIM_ICMP_SIZE;
    sim_network_drop(net, at, pkt, reason, NULL);
    if (rt != NULL) {
      const SimRoute *r = sim_route_table_lookup(rt, u->dst);
      if (r == NULL || r->kind == SIM_ROUTE_BLACKHOLE)
        sim_network_drop(net, at, u, SIM_DROP_NO_ROUTE, NULL);
      else
        sim_forward_route(at, r, u);
    } else {
      sim_node_output(at, u);
    }
    return;
  }
  sim_network_drop(net, at, pkt, reason, NULL);
}

void
sim_forward_route(SimNode *at, const SimRoute *r, SimPacket *pkt)
{
  switch (r->kind) {
  case SIM_ROUTE_LOCAL:
    sim_forward_local(r->target, at, r->cls, pkt);
    return;
  case SIM_ROUTE_NEXT_HOP:
    sim_network_hop(at->net, at, r->target, r->cls, pkt);
    return;
  case SIM_ROUTE_IGW:
    sim_igw_egress(r->target, at, pkt);
    return;
  case SIM_ROUTE_IGW_INGRESS:
    sim_igw_ingress(r->target, at, pkt);
    return;
  case SIM_ROUTE_PEERING: {
    SimVpc *here = at->subnet != NULL ? sim_subnet_vpc(at->subnet) : NULL;
    sim_peering_cross(r->target, here, at, pkt);
    return;
  }
  case SIM_ROUTE_BLACKHOLE:
    sim_network_drop(at->net, at, pkt, r->reason, NULL);
    return;
  }
  g_assert_not_reached();
}

void
sim_forward(SimNode *at, const SimRouteTable *rt, SimPacket *pkt)
{
  const SimRoute *r = sim_route_table_lookup(rt, pkt->dst);
  if (G_UNLIKELY(r == NULL)) {
    sim_forward_unreachable(at, rt, pkt, SIM_DROP_NO_ROUTE, sim_route_table_icmp_unreachable(rt));
    return;
  }
  if (G_UNLIKELY(r->kind == SIM_ROUTE_BLACKHOLE)) {
    sim_forward_unreachable(at, rt, pkt, r->reason,
                            r->reason == SIM_DROP_NO_ROUTE && sim_route_table_icmp_unreachable(rt));
    return;
  }
  sim_forward_route(at, r, pkt);
}

void
sim_node_output(SimNode *node, SimPacket *pkt)
{
  if (G_UNLIKELY(sim_network_is_shut_down(node->net))) {
    sim_network_packet_discard(node->net, pkt);
    return;
  }
  if (G_UNLIKELY(!node->up)) {
    sim_network_drop(node->net, node, pkt, SIM_DROP_NODE_DOWN, NULL);
    return;
  }
  if (node->rt != NULL) {
    sim_forward(node, node->rt, pkt);
  } else if (node->subnet != NULL) {
    sim_forward(node, sim_subnet_route_table(node->subnet), pkt);
  } else if (node->uplink != NULL) {
    sim_network_hop(node->net, node, node->uplink, node->uplink_class, pkt);
  } else {
    sim_network_drop(node->net, node, pkt, SIM_DROP_NO_ROUTE, NULL);
  }
}
