/* VPCs and subnets: address spaces whose interfaces reach each other directly.
 *
 * A SimVpc is a set of IPv4 blocks, its subnets (each in one AZ, each with a route table) and the
 * interfaces attached to it, found by address in O(1). The customer VPC, the AWS-managed
 * control-plane VPC, peered or TGW-attached VPCs, and an on-prem network (one "VPC" without AZs)
 * are all SimVpcs. Subnet addresses are handed out as AWS does: the first four and the last
 * address of a subnet are reserved, so hosts start at base+4; the Route 53 Resolver of a VPC is at
 * the primary block's base+2 (facts §1.7).
 *
 * Route tables are owned by the VPC and shared by the subnets that use them; every table of a VPC
 * starts with a "local" route for each of the VPC's blocks.
 */
#ifndef EKSIM_NET_VPC_H
#define EKSIM_NET_VPC_H

#include <glib.h>

#include "net/addr.h"
#include "net/network.h"
#include "net/node.h"
#include "net/route.h"

typedef struct _SimVpc SimVpc;

/* A VPC with blocks @cidrs (GArray of SimCidr, copied; the first is primary). */
SimVpc *sim_vpc_new(SimNetwork *net, const char *name, const GArray *cidrs);
void sim_vpc_free(SimVpc *vpc);

const char *sim_vpc_name(const SimVpc *vpc);
SimNetwork *sim_vpc_network(const SimVpc *vpc);
SimCidr sim_vpc_primary_cidr(const SimVpc *vpc);
const GArray *sim_vpc_cidrs(const SimVpc *vpc);
gboolean sim_vpc_contains(const SimVpc *vpc, SimIp ip);
/* The Route 53 Resolver address: primary base + 2. */
SimIp sim_vpc_resolver_ip(const SimVpc *vpc);

/* A route table owned by the VPC, pre-filled with local routes. */
SimRouteTable *sim_vpc_add_route_table(SimVpc *vpc, const char *name);

/* A subnet with block @cidr (inside the VPC) in AZ @az using route table @rt (owned by the VPC). */
SimSubnet *sim_vpc_add_subnet(SimVpc *vpc, const char *name, SimCidr cidr, guint8 az,
                              SimRouteTable *rt);
guint sim_vpc_n_subnets(const SimVpc *vpc);
SimSubnet *sim_vpc_subnet(const SimVpc *vpc, guint i);

SimVpc *sim_subnet_vpc(const SimSubnet *subnet);
const char *sim_subnet_name(const SimSubnet *subnet);
SimCidr sim_subnet_cidr(const SimSubnet *subnet);
guint8 sim_subnet_az(const SimSubnet *subnet);
SimRouteTable *sim_subnet_route_table(const SimSubnet *subnet);
/* The next free host address (base+4 onwards); 0 when the subnet is full. */
SimIp sim_subnet_alloc_ip(SimSubnet *subnet);

/* Attaches @node (whose ip is set) to @subnet: its packets follow the subnet's route table and
 * the VPC delivers packets for node->ip to it. The address must be free. */
void sim_vpc_attach(SimSubnet *subnet, SimNode *node);
/* Registers an extra address of an attached node (e.g. an interface with two addresses). */
void sim_vpc_add_address(SimVpc *vpc, SimIp ip, SimNode *node);
/* Forgets @ip (the interface was deleted or got a new address). */
void sim_vpc_remove_address(SimVpc *vpc, SimIp ip);
/* The interface holding @ip, or NULL. */
SimNode *sim_vpc_lookup(const SimVpc *vpc, SimIp ip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimVpc, sim_vpc_free)

#endif
