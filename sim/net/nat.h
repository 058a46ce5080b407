/* NAT gateway: source NAT of a private subnet's connections to the gateway's Elastic IP.
 *
 * The gateway sits in a public subnet with a private address, which the VPC's internet gateway
 * maps to its Elastic IP (net/igw.h): a node in a private subnet whose route table sends 0.0.0.0/0
 * to the gateway reaches the internet, and the public endpoint, with the Elastic IP as its source
 * (facts §1.3, §7 #7). Per flow it allocates a port on its address; replies are mapped back by
 * that port. Every packet crosses the gateway's processing stage (link class nat: 5 Gbps by
 * default, facts §5.5) and its bytes are counted in both directions (facts §5.5 prices NAT per
 * GB processed).
 *
 * Idle timeout 350 s (facts §5.5, §5.6): a flow idle that long is forgotten; a later TCP segment
 * from inside gets an RST from the gateway, one from outside is dropped (nat-no-mapping).
 * Simplifications: ports are unique per gateway (AWS: per destination, 55,000 each), so at most
 * 64,512 flows at once; a flow is forgotten at once after FINs in both directions or an RST.
 * Traffic arriving through peering, a transit gateway or VPN/DX never reaches the gateway:
 * VPCs do not forward it (net/forward.c, no-transit).
 */
#ifndef EKSIM_NET_NAT_H
#define EKSIM_NET_NAT_H

#include <glib.h>

#include "net/node.h"
#include "net/vpc.h"

typedef struct _SimNatGateway SimNatGateway;

#define SIM_NAT_IDLE_TIMEOUT (350 * SIM_S)

/* A NAT gateway attached to @subnet (a public subnet) at a fresh address. */
SimNatGateway *sim_nat_gateway_new(SimNetwork *net, const char *name, SimSubnet *subnet,
                                   SimTime idle_timeout);
void sim_nat_gateway_free(SimNatGateway *nat);
SimNode *sim_nat_gateway_node(SimNatGateway *nat);
SimIp sim_nat_gateway_ip(const SimNatGateway *nat);

/* Path flags set on translated packets (default SIM_PATH_NAT; an on-prem firewall doing the same
 * translation sets none). */
void sim_nat_gateway_set_path(SimNatGateway *nat, guint32 path);

guint64 sim_nat_gateway_bytes(const SimNatGateway *nat);
guint sim_nat_gateway_flows(const SimNatGateway *nat);

#endif
