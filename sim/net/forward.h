/* Forwarding: where a packet goes next. The one place that turns a route into a hop.
 *
 * A packet leaving a node follows the node's attachment: a VPC subnet's route table, or the
 * node's single uplink. A router applies its own table. Applying a route (sim_forward) means:
 *   local        find the interface holding the destination in the route's VPC and hop there
 *                (intra-az or inter-az from the two AZs); no such interface: drop no-host
 *   next-hop     hop to the route's node
 *   igw          the internet gateway makes the source public and the packet hops to the
 *                region's edge (net/igw.c)
 *   igw-ingress  the internet gateway makes the destination private and delivers it locally
 *   peering      the packet crosses into the peer VPC, for an address of that VPC only
 *   blackhole / no match   drop (no-route unless the route says otherwise); where the table's
 *                owner answers with ICMP (an on-prem router), the sender gets "destination
 *                unreachable" and its connect fails at once instead of timing out
 * AWS's VPC router never answers with ICMP; the internet drops private (RFC 1918) destinations
 * silently (facts §1.8 row (a): the laptop's connect to a private address times out).
 */
#ifndef EKSIM_NET_FORWARD_H
#define EKSIM_NET_FORWARD_H

#include <glib.h>

#include "net/node.h"
#include "net/packet.h"
#include "net/route.h"
#include "net/vpc.h"

/* Applies table @rt at node @at to @pkt (takes ownership). */
void sim_forward(SimNode *at, const SimRouteTable *rt, SimPacket *pkt);
/* Applies one route (already looked up) at @at. */
void sim_forward_route(SimNode *at, const SimRoute *route, SimPacket *pkt);
/* Delivers @pkt to the interface holding pkt->dst in @vpc, one hop of class @cls from @from. */
void sim_forward_local(SimVpc *vpc, SimNode *from, SimLinkClass cls, SimPacket *pkt);
/* Drops @pkt at @at for @reason; with @icmp, sends "destination unreachable" back to its source
 * along table @rt (or @at's attachment when @rt is NULL). */
void sim_forward_unreachable(SimNode *at, const SimRouteTable *rt, SimPacket *pkt,
                             SimDropReason reason, gboolean icmp);

#endif
