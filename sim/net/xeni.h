/* EKS cross-account ENIs: the control plane's interfaces in the customer VPC.
 *
 * EKS places 2 to 4 ENIs in the cluster subnets (at least two AZs) and they are always there
 * (facts §1.3, §1.6, §7 #9). They carry two kinds of traffic:
 *   - the private endpoint: with private access on, the private hosted zone answers the ENIs'
 *     addresses (facts §1.7), and a client's TCP 443 to an ENI is passed to the control plane's
 *     load balancer: the ENI translates both addresses (source: its own address and a port;
 *     destination: the load balancer node of its AZ), so the reply comes back through the same
 *     ENI, which translates it back. The cluster security group on the ENIs admits only its
 *     members (the cluster's managed nodes) unless security_group_allow adds sources (facts §1.6,
 *     §1.8 "SG443"). The ENIs are also the endpoints of the in-cluster `kubernetes` service in
 *     every mode (facts §4, derived), so they accept TCP 443 whether or not private access is on:
 *     private access decides only what DNS answers (facts §1.7).
 *   - control plane -> customer VPC in every mode (kubelet API on 10250 for exec/logs/port-forward,
 *     webhooks; facts §1.4): the API server's connection leaves through an ENI, which translates
 *     its source to the ENI's address, as nodes observe in reality.
 * How EKS wires the ENIs to its load balancer internally is not published; the ENI -> load
 * balancer hop is one link of class control-plane (proposed, not sourced). Every crossing sets
 * SIM_PATH_XENI (and SIM_PATH_PRIVATE_ENDPOINT for 443 traffic).
 */
#ifndef EKSIM_NET_XENI_H
#define EKSIM_NET_XENI_H

#include <glib.h>

#include "net/filter.h"
#include "net/node.h"
#include "net/route.h"
#include "net/vpc.h"

typedef struct _SimXeni SimXeni;

#define SIM_API_PORT 443

/* An ENI attached to @subnet of the customer VPC at a fresh address; packets for the control
 * plane are forwarded by @cp_table (a route table of the control-plane VPC). */
SimXeni *sim_xeni_new(SimNetwork *net, const char *name, SimSubnet *subnet, SimRouteTable *cp_table);
void sim_xeni_free(SimXeni *xeni);
SimNode *sim_xeni_node(SimXeni *xeni);
SimIp sim_xeni_ip(const SimXeni *xeni);

/* Where private-endpoint traffic goes: the load balancer node @node at address @ip. */
void sim_xeni_set_frontend(SimXeni *xeni, SimIp ip, SimNode *node);
/* Private access on or off: recorded for the tracer; admission does not depend on it (the
 * `kubernetes` service uses the ENIs in every mode, facts §4). */
void sim_xeni_set_private_endpoint(SimXeni *xeni, gboolean enabled);
/* The cluster security group checked for connections from the customer side (NULL: none). */
void sim_xeni_set_security_group(SimXeni *xeni, const SimSecurityGroup *sg);
/* Moves the ENI to a new address in @subnet (a control-plane upgrade recreates the ENIs). */
void sim_xeni_readdress(SimXeni *xeni, SimSubnet *subnet);

#endif
