/* SimNode: the base of every network element a packet can be at.
 *
 * Hosts (clients, worker nodes, API servers, resolvers), routers (the internet edge, a transit
 * gateway, an on-prem router) and network functions with a state or a delay (NAT gateway,
 * load balancer node, cross-account ENI) all embed a SimNode as their first member, so the hop
 * engine (net/network.c) can move packets between them without knowing what they are. This is
 * the one struct of the network layer whose body is public: it is a base to embed, like GLib's
 * GObject instance struct.
 *
 * What a node does with an arriving packet is its ops->receive. Where a packet a node sends goes
 * next is its attachment: a VPC subnet (the subnet's route table decides, net/forward.c) or a
 * single uplink (everything goes to one next hop, e.g. a laptop's path to the internet).
 *
 * A node may have a processing stage (NAT gateway: class nat; load balancer node: class lb):
 * arriving packets first cross the node's own processing link, then reach ops->receive.
 *
 * Failure: a node that is down drops every packet that reaches it (SIM_DROP_NODE_DOWN) and sends
 * nothing; faults flip it with sim_node_set_up().
 */
#ifndef EKSIM_NET_NODE_H
#define EKSIM_NET_NODE_H

#include <glib.h>

#include "net/addr.h"
#include "net/link.h"
#include "net/packet.h"

typedef struct _SimNetwork SimNetwork;
typedef struct _SimSubnet SimSubnet;

/* AZ index of elements that are not in one AZ (internet edge, internet gateway, outside hosts). */
#define SIM_AZ_NONE 0xff

typedef struct {
  const char *kind; /* "host", "nat-gateway", "internet", ... (traces, explain) */
  /* A packet arrived (after the processing stage, if any) and the node is up. The node now owns
   * @pkt: it must forward, deliver or drop it. */
  void (*receive)(SimNode *node, SimPacket *pkt);
  /* Called when the node goes down or comes back (may be NULL). */
  void (*set_up)(SimNode *node, gboolean up);
} SimNodeOps;

struct _SimNode {
  const SimNodeOps *ops;
  SimNetwork *net;
  char *name;            /* unique and stable, e.g. "cluster-vpc/az1/private/node-3" */
  guint32 id;            /* index in the network, in creation order */
  SimIp ip;              /* primary address (0: none) */
  guint8 az;             /* 0-based AZ index, or SIM_AZ_NONE */
  gboolean up;
  SimLinkClass proc_class; /* processing stage class, or SIM_LINK_N_CLASSES for none */
  SimSubnet *subnet;     /* attachment to a VPC subnet, or NULL */
  const struct _SimRouteTable *rt; /* overrides the subnet's route table when set (the VPC's
                                    * Route 53 Resolver reaches public DNS through AWS, not the
                                    * VPC's internet gateway) */
  SimNode *uplink;       /* attachment to one next hop, or NULL */
  SimLinkClass uplink_class;
};

/* Initialises @node (embedded in a bigger struct) and registers it with @net, which frees nothing
 * of it: the owner calls sim_node_clear() before freeing the containing struct. */
void sim_node_init(SimNode *node, SimNetwork *net, const SimNodeOps *ops, const char *name, SimIp ip,
                   guint8 az);
void sim_node_clear(SimNode *node);

/* Attachments (exclusive). */
void sim_node_attach_uplink(SimNode *node, SimNode *uplink, SimLinkClass cls);

/* Gives the node a processing stage of class @cls. */
void sim_node_set_processing(SimNode *node, SimLinkClass cls);

/* Sends @pkt out of @node along its attachment (route table or uplink). Takes ownership. */
void sim_node_output(SimNode *node, SimPacket *pkt);

/* Failure and recovery. */
void sim_node_set_up(SimNode *node, gboolean up);

#endif
