/* A router: a node that forwards every packet by its own route table.
 *
 * Used for the region's internet edge (public addresses of laptops, internet gateways, public
 * load balancer nodes and DNS servers; RFC 1918 destinations dropped silently), a transit
 * gateway, a virtual private gateway / Direct Connect gateway, and an on-prem router (which
 * answers "no route" with ICMP). Zero processing delay: its links carry the time.
 */
#ifndef EKSIM_NET_ROUTER_H
#define EKSIM_NET_ROUTER_H

#include <glib.h>

#include "net/network.h"
#include "net/node.h"
#include "net/route.h"

typedef struct _SimRouter SimRouter;

SimRouter *sim_router_new(SimNetwork *net, const char *name, SimIp ip, guint8 az, const char *kind);
void sim_router_free(SimRouter *router);
SimNode *sim_router_node(SimRouter *router);
SimRouteTable *sim_router_table(SimRouter *router);
/* Convenience: a next-hop route to @via over @cls. */
void sim_router_add_next_hop(SimRouter *router, SimCidr dest, SimNode *via, SimLinkClass cls);
/* SimPathFlags set on every packet the router forwards (a transit gateway marks SIM_PATH_TGW). */
void sim_router_set_path(SimRouter *router, guint32 path);
/* Convenience: drop everything for @dest with @reason. */
void sim_router_add_blackhole(SimRouter *router, SimCidr dest, SimDropReason reason);

#endif
