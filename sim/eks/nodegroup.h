/* Node groups: the data plane's nodes, where they sit, which security group they carry, and
 * their kubelets (facts §4, §1.6, §1.8 rows (e)-(g)).
 *
 * A [nodegroup.NAME] of `nodes` nodes spreads them over the AZs round-robin (node k in AZ
 * k mod azs), in the public subnet of that AZ (a public IP mapped by the internet gateway: EKS
 * requires MapPublicIpOnLaunch there, facts §4) or in its private subnet (out through the AZ's
 * NAT gateway, or with no way out at all when [vpc] nat = none). Fargate runs only in private
 * subnets (validation refuses anything else, facts §4); each Fargate pod is its own node with its
 * own kubelet, as on EKS.
 * Security groups (facts §1.6, §4): managed nodes and Fargate pods carry the cluster security
 * group, so they are members of it and the cross-account ENIs admit their TCP 443 (the private
 * endpoint and the `kubernetes` service) and they admit the ENIs' TCP 10250 (control plane ->
 * kubelet). Self-managed nodes do NOT get the cluster security group unless
 * `cluster_security_group = true`: their own node group security group admits TCP 10250 from the
 * cluster VPC (the rule node templates add for the control plane), but the ENIs do not admit
 * them, so with private access they reach the API only if `security_group_allow` covers their
 * subnets — otherwise their SYNs are dropped (sg-denied) and the nodes never register.
 * Each node's kubelet (eks/kubelet.h) starts `boot` after the run starts (one draw per node).
 * The node group is one recorder subject: its kubelets' requests (create, lease, status),
 * readiness per node, and, at the end, nodes_registered, nodes_never_registered,
 * node_time_to_not_ready_s (mean time from a node's last heartbeat to the controller marking it
 * not ready, over the transitions after the warm-up) and node_pods_evictable (nodes whose pods'
 * tolerations expired).
 */
#ifndef EKSIM_EKS_NODEGROUP_H
#define EKSIM_EKS_NODEGROUP_H

#include <glib.h>

#include "core/rng.h"
#include "eks/kubelet.h"
#include "eks/nodelifecycle.h"
#include "net/filter.h"
#include "net/igw.h"
#include "net/network.h"
#include "scenario/config.h"
#include "stats/recorder.h"

/* What the world gives a node group to build its nodes. */
typedef struct {
  SimNetwork *net;
  SimRngSet *rngs;
  SimRecorder *rec;
  SimNodeLifecycle *nlc;
  GPtrArray *pub_subnets, *priv_subnets;   /* SimSubnet*, one per AZ */
  SimIgw *igw;                             /* the cluster VPC's internet gateway */
  SimIp (*public_ip)(gpointer user);       /* the next free public address for an instance */
  gpointer public_ip_user;
  SimSecurityGroup *cluster_sg;
  const GArray *vpc_cidrs;                 /* SimCidr */
  SimIp nameserver;                        /* the VPC's Route 53 Resolver */
  const char *endpoint;                    /* the API endpoint's name */
  const SimKubeletParams *kubelet;
  SimTime warmup;
} SimNodeGroupEnv;

typedef struct _SimNodeGroup SimNodeGroup;

/* Nodes of a group, in the order of their AZ round-robin. */
typedef enum {
  SIM_NODEGROUP_MANAGED,
  SIM_NODEGROUP_SELF_MANAGED,
  SIM_NODEGROUP_FARGATE,
} SimNodeGroupType;

/* Builds [nodegroup.@name] of @cfg; its nodes are @first_node .. @first_node + n - 1 in
 * @env->nlc. Fails (GError naming the group and key) when its subnets have too few free
 * addresses. Kubelets start with sim_nodegroup_start(). */
SimNodeGroup *sim_nodegroup_new(const SimConfig *cfg, const char *name, const SimNodeGroupEnv *env,
                                guint first_node, GError **error);
void sim_nodegroup_free(SimNodeGroup *ng);
/* Nodes [nodegroup.@name] of @cfg will have (its `nodes` key). */
guint sim_nodegroup_count(const SimConfig *cfg, const char *name);

void sim_nodegroup_start(SimNodeGroup *ng);
/* Routes a node event of the cluster state (eks/nodelifecycle.h) for one of this group's nodes
 * (@node is the cluster-wide index) to the recorder. */
void sim_nodegroup_node_event(SimNodeGroup *ng, guint node, SimNodeEvent ev, SimTime at,
                              SimTime last_heartbeat);
/* End of the run: the per-group metrics the model computes itself. */
void sim_nodegroup_finish(SimNodeGroup *ng, SimTime end);

const char *sim_nodegroup_name(const SimNodeGroup *ng);
SimNodeGroupType sim_nodegroup_type(const SimNodeGroup *ng);
guint sim_nodegroup_n_nodes(const SimNodeGroup *ng);
guint sim_nodegroup_first_node(const SimNodeGroup *ng);
guint sim_nodegroup_subject(const SimNodeGroup *ng);
SimHost *sim_nodegroup_node_host(SimNodeGroup *ng, guint i);
SimKubelet *sim_nodegroup_kubelet(SimNodeGroup *ng, guint i);
/* Every kubelet of the group closes its connection and dials again (issue 6's load spike). */
void sim_nodegroup_reconnect(SimNodeGroup *ng);
/* Whether the nodes carry the cluster security group (managed, Fargate, or self-managed with
 * cluster_security_group = true). */
gboolean sim_nodegroup_has_cluster_sg(const SimNodeGroup *ng);

/* In-cluster pods (clients at location nodegroup.NAME): a host for the @k-th pod in the subnet
 * of node k mod n, carrying the nodes' security group (pods use their node's security groups, the
 * VPC CNI default). Owned by the caller; NULL (and @error) when the subnet is full. */
SimHost *sim_nodegroup_place_pod(SimNodeGroup *ng, guint k, const char *name, GError **error);
/* "managed", "self-managed", "fargate". */
const char *sim_nodegroup_type_name(SimNodeGroupType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimNodeGroup, sim_nodegroup_free)

#endif
