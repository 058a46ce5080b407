/* Internet gateway: the VPC's door to the internet, with one-to-one address translation.
 *
 * An instance with a public IPv4 address (public subnet, MapPublicIpOnLaunch) or a NAT gateway
 * with its Elastic IP only ever holds its private address; the internet gateway maps it to the
 * public one on the way out and back on the way in (facts §1.3: nodes need "a public IP address
 * and a route to an internet gateway", or a NAT gateway's public address). A packet from an
 * address without a mapping is dropped (no-public-ip). The gateway has no delay of its own: the
 * hop between the VPC and the region's edge is a link of class region. Bytes in each direction
 * are counted (facts §5.5 prices internet egress per GB).
 */
#ifndef EKSIM_NET_IGW_H
#define EKSIM_NET_IGW_H

#include <glib.h>

#include "net/node.h"
#include "net/route.h"
#include "net/vpc.h"

typedef struct _SimIgw SimIgw;

/* The internet gateway @name (for traces) of @vpc; @edge is the region's internet edge router (net/router.h), whose
 * table gets an igw-ingress route for each public address mapped. The hop between the VPC and
 * the edge is of class @cls (region for AWS VPCs; internet for an on-prem network's breakout,
 * which the same one-to-one translation stands for). */
SimIgw *sim_igw_new(const char *name, SimVpc *vpc, SimNode *edge, SimRouteTable *edge_table,
                    SimLinkClass cls);
const char *sim_igw_name(const SimIgw *igw);
void sim_igw_free(SimIgw *igw);
SimVpc *sim_igw_vpc(const SimIgw *igw);

/* Maps private @private_ip to public @public_ip (both directions). */
void sim_igw_map(SimIgw *igw, SimIp private_ip, SimIp public_ip);
void sim_igw_unmap(SimIgw *igw, SimIp private_ip);
/* The public address of @private_ip, or 0. */
SimIp sim_igw_public_of(const SimIgw *igw, SimIp private_ip);

/* Route actions (net/forward.c calls them). */
void sim_igw_egress(SimIgw *igw, SimNode *from, SimPacket *pkt);
void sim_igw_ingress(SimIgw *igw, SimNode *from, SimPacket *pkt);

guint64 sim_igw_bytes_out(const SimIgw *igw);
guint64 sim_igw_bytes_in(const SimIgw *igw);

#endif
