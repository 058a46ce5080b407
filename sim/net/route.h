/* Route tables: longest-prefix match from a destination address to what to do with the packet.
 *
 * One table per VPC subnet (AWS evaluates the route table of the subnet a packet leaves from)
 * and one per router (internet edge, transit gateway, virtual private gateway, on-prem router).
 * Entries (facts §1.3, §1.8, §5.5):
 *   local        the destination is an interface of @target's VPC (or on-prem network): deliver
 *   next-hop     hop to node @target over link class @cls (NAT gateway, TGW, VGW, an uplink...)
 *   igw          out through internet gateway @target (source made public)
 *   igw-ingress  in through internet gateway @target (destination made private, then local)
 *   peering      across peering connection @target into the peer VPC (no transit beyond it)
 *   blackhole    drop with @reason
 * Lookup is longest-prefix match: a linear scan of entries kept sorted by prefix length for small
 * tables, one hash lookup per distinct prefix length for large ones (the internet edge), so the
 * cost per packet is bounded by the number of distinct prefix lengths, not of entries.
 */
#ifndef EKSIM_NET_ROUTE_H
#define EKSIM_NET_ROUTE_H

#include <glib.h>

#include "net/addr.h"
#include "net/link.h"
#include "net/packet.h"

typedef enum {
  SIM_ROUTE_LOCAL,
  SIM_ROUTE_NEXT_HOP,
  SIM_ROUTE_IGW,
  SIM_ROUTE_IGW_INGRESS,
  SIM_ROUTE_PEERING,
  SIM_ROUTE_BLACKHOLE,
} SimRouteKind;

typedef struct {
  SimCidr dest;
  SimRouteKind kind;
  gpointer target;      /* SimVpc*, SimNode*, SimIgw*, SimPeering* by kind; NULL for blackhole */
  SimLinkClass cls;     /* next-hop: link class (SIM_LINK_BY_AZ allowed) */
  SimDropReason reason; /* blackhole: why */
} SimRoute;

typedef struct _SimRouteTable SimRouteTable;

SimRouteTable *sim_route_table_new(const char *name);
void sim_route_table_free(SimRouteTable *rt);
const char *sim_route_table_name(const SimRouteTable *rt);

/* Adds a route; one with the same destination block is replaced. */
void sim_route_table_add(SimRouteTable *rt, const SimRoute *route);
/* Removes the route for exactly @dest; TRUE if there was one. */
gboolean sim_route_table_remove(SimRouteTable *rt, SimCidr dest);
/* Longest-prefix match, or NULL. The pointer is valid until the table changes. */
const SimRoute *sim_route_table_lookup(const SimRouteTable *rt, SimIp dst);
guint sim_route_table_size(const SimRouteTable *rt);
/* The @i-th route, most specific first (for explain). */
const SimRoute *sim_route_table_nth(const SimRouteTable *rt, guint i);

/* Whether the device owning the table answers "no route" with ICMP destination unreachable
 * (a typical on-prem router) or drops silently (AWS VPC router, the internet's bogon filters). */
void sim_route_table_set_icmp_unreachable(SimRouteTable *rt, gboolean on);
gboolean sim_route_table_icmp_unreachable(const SimRouteTable *rt);

const char *sim_route_kind_name(SimRouteKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRouteTable, sim_route_table_free)

#endif
