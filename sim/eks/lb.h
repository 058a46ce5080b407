/* The load balancer in front of the API servers: one interface, two kinds (ops tables).
 *
 *   nlb (eks/nlb.c)  layer 4: a new TCP connection is hashed to a target and every later packet
 *                    of it follows; the client's TCP and TLS end at the API server. Cross-zone
 *                    load balancing off by default: a node sends only to targets of its own AZ.
 *                    EKS uses an NLB (facts §3).
 *   alb (eks/alb.c)  layer 7: each node terminates TCP and TLS and routes every request to a
 *                    target over its own connections. Cross-zone always on.
 * Common to both (this file): one node per AZ of the targets, each with a private address in the
 * AWS-managed VPC (its public address, when the public endpoint is on, comes from that VPC's
 * internet gateway); the public endpoint's filter (public_access_cidrs, checked on packets that
 * came from the internet: others are dropped silently, facts §2, §7 #5); and target health
 * checks. Every node checks every target it may send to: a TCP connection to the target's 443
 * every interval (timeout, healthy and unhealthy thresholds; NLB defaults 30 s / 10 s / 5 / 2,
 * facts §5.5). A node sends only to targets it sees healthy; if it sees none healthy it sends to
 * all of them (fail open, facts §5.5). A failed API server therefore keeps receiving new
 * connections until its checks fail unhealthy_threshold times in a row.
 * The endpoint's DNS name lists the public addresses of the nodes that see a healthy target
 * (facts §5.5: an AZ's node address is published only while the AZ has a healthy target), or all
 * nodes when none does.
 * Simplifications: health checks are TCP connects for both kinds (ALB's HTTP check is not
 * modelled); the checks start with every target healthy (steady state), at random phases.
 */
#ifndef EKSIM_EKS_LB_H
#define EKSIM_EKS_LB_H

#include <glib.h>

#include "net/network.h"
#include "net/node.h"
#include "net/vpc.h"

typedef struct _SimLb SimLb;

typedef struct {
  gboolean cross_zone;
  SimTime idle_timeout;          /* 350 s */
  SimTime hc_interval;           /* 30 s */
  SimTime hc_timeout;            /* 10 s */
  guint healthy_threshold;       /* 5 */
  guint unhealthy_threshold;     /* 2 */
} SimLbParams;

/* The ops table of a load balancer kind. */
typedef struct {
  const char *name;             /* "nlb", "alb" */
  gboolean cross_zone;          /* the kind's default */
  /* Creates node @index's network element in @subnet (a subnet of the control-plane VPC). */
  SimNode *(*node_new)(SimLb *lb, guint index, SimSubnet *subnet);
  void (*node_free)(SimLb *lb, guint index);
  /* Node @index now sees target @target as @healthy (NLB resets flows lazily; may be NULL). */
  void (*health_changed)(SimLb *lb, guint index, guint target, gboolean healthy);
} SimLbOps;

extern const SimLbOps sim_nlb_ops;
extern const SimLbOps sim_alb_ops;
/* The kind named @name ("nlb", "alb") or NULL. */
const SimLbOps *sim_lb_ops_find(const char *name);

/* Defaults of @ops's kind: NLB 350 s idle, 30/10/5/2 checks. */
void sim_lb_params_init(SimLbParams *p, const SimLbOps *ops);

SimLb *sim_lb_new(const SimLbOps *ops, SimNetwork *net, const char *name, const SimLbParams *params);
void sim_lb_free(SimLb *lb);
const SimLbOps *sim_lb_ops(const SimLb *lb);
const char *sim_lb_name(const SimLb *lb);
SimNetwork *sim_lb_network(const SimLb *lb);
const SimLbParams *sim_lb_params(const SimLb *lb);

/* Targets: API server instances at @ip (port 443) in AZ @az. */
guint sim_lb_add_target(SimLb *lb, const char *name, SimIp ip, guint8 az);
guint sim_lb_n_targets(const SimLb *lb);
SimIp sim_lb_target_ip(const SimLb *lb, guint target);
guint8 sim_lb_target_az(const SimLb *lb, guint target);
const char *sim_lb_target_name(const SimLb *lb, guint target);

/* A node in @subnet (its AZ is the subnet's); returns its index. Call after the targets. */
guint sim_lb_add_node(SimLb *lb, SimSubnet *subnet);
guint sim_lb_n_nodes(const SimLb *lb);
SimNode *sim_lb_node(const SimLb *lb, guint index);
SimIp sim_lb_node_ip(const SimLb *lb, guint index);
guint8 sim_lb_node_az(const SimLb *lb, guint index);
/* The node of AZ @az, or the first node when no node sits in @az. */
guint sim_lb_node_for_az(const SimLb *lb, guint8 az);
/* Kind-specific data of node @index (set by the kind's node_new). */
gpointer sim_lb_node_impl(const SimLb *lb, guint index);
void sim_lb_set_node_impl(SimLb *lb, guint index, gpointer impl);

/* The public endpoint: packets arriving from @edge (the region's internet edge, through the
 * control-plane VPC's internet gateway) are public; they pass only while the public endpoint is
 * @enabled and their source is in @cidrs (GArray of SimCidr, copied; NULL: everyone). */
void sim_lb_set_public(SimLb *lb, SimNode *edge, gboolean enabled, const GArray *cidrs);
gboolean sim_lb_public_enabled(const SimLb *lb);
/* TRUE if @pkt arrived from the internet side. */
gboolean sim_lb_is_public(const SimLb *lb, const SimPacket *pkt);
/* Checks a public packet against the endpoint's switch and CIDR list; on FALSE sets *@reason and
 * a detail text (traced) — the caller drops. */
gboolean sim_lb_public_admits(SimLb *lb, const SimPacket *pkt, SimDropReason *reason);

/* Starts the health checks (each (node, target) pair at a random phase of the interval). */
void sim_lb_start(SimLb *lb);
gboolean sim_lb_target_healthy(const SimLb *lb, guint node, guint target);
/* Targets node @node may send to (its AZ, or all with cross-zone): healthy ones if any, else
 * all of them (fail open). Writes their indexes to @out (room for sim_lb_n_targets) and returns
 * how many. */
guint sim_lb_candidates(const SimLb *lb, guint node, guint *out);
/* TRUE if node @node sees at least one healthy target it may send to. */
gboolean sim_lb_node_has_healthy(const SimLb *lb, guint node);

/* Registration (a control-plane upgrade replaces instances make-before-break). A deregistered
 * target gets no new connection and is not health-checked; connections it already has go on
 * (draining). A target registered again starts unhealthy (AWS's "initial" state) and becomes
 * healthy after healthy_threshold passed checks, at a random phase of the interval. Targets are
 * registered when added; deregister before sim_lb_start to keep one in reserve. */
void sim_lb_set_target_registered(SimLb *lb, guint target, gboolean registered);
gboolean sim_lb_target_registered(const SimLb *lb, guint target);
/* TRUE if every node that may send to @target sees it healthy (and at least one may). */
gboolean sim_lb_target_healthy_everywhere(const SimLb *lb, guint target);

/* The nodes' own health, as the endpoint's DNS sees it: AWS health-checks the load balancer's
 * nodes and takes a failed node's address out of DNS (how fast is not published; modelled as a
 * Route 53-style check every SIM_LB_NODE_CHECK_INTERVAL, out after SIM_LB_NODE_CHECK_THRESHOLD
 * failures in a row, back after as many passes: proposed, not sourced). A node whose address is
 * out of DNS gets no new clients that resolve again; clients holding the address (a cached
 * answer, an open connection) still send to it. */
#define SIM_LB_NODE_CHECK_INTERVAL (10 * SIM_S)
#define SIM_LB_NODE_CHECK_THRESHOLD 3
gboolean sim_lb_node_in_dns(const SimLb *lb, guint node);
typedef void (*SimLbNodeFunc)(SimLb *lb, guint node, gboolean in_dns, gpointer user);
void sim_lb_set_node_callback(SimLb *lb, SimLbNodeFunc func, gpointer user);

/* Told when a node's view of a target changes (issue 6: time to detect). */
typedef void (*SimLbHealthFunc)(SimLb *lb, guint node, guint target, gboolean healthy, gpointer user);
void sim_lb_set_health_callback(SimLb *lb, SimLbHealthFunc func, gpointer user);

#endif
