/* VPC peering: two VPCs route to each other's addresses directly.
 *
 * A peering connection is not a hop: a packet goes from its source interface straight to the
 * destination interface in the peer VPC (intra-az or inter-az). It is not transitive: only
 * addresses of the peer VPC itself are reachable through it, so a peered VPC cannot use the
 * cluster VPC's NAT gateway or internet gateway (facts §5.5, §1.8 row (c)); anything else is
 * dropped as no-transit.
 */
#ifndef EKSIM_NET_PEERING_H
#define EKSIM_NET_PEERING_H

#include <glib.h>

#include "net/node.h"
#include "net/vpc.h"

typedef struct _SimPeering SimPeering;

SimPeering *sim_peering_new(SimVpc *a, SimVpc *b);
void sim_peering_free(SimPeering *pcx);
/* The other side of @pcx seen from @vpc. */
SimVpc *sim_peering_other(const SimPeering *pcx, const SimVpc *vpc);
/* Route action: @from (in VPC @here) sends @pkt across. */
void sim_peering_cross(SimPeering *pcx, const SimVpc *here, SimNode *from, SimPacket *pkt);

#endif
