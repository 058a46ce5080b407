/* Faults: the [fault.NAME] groups of a scenario, turned into scheduled events that break a part of
 * the model at the window's start and lift the break at its end (issue 6).
 *
 * A fault only flips switches the model already has: an element fails (sim_node_set_up: a NAT
 * gateway, a load balancer node, an API server, a resolver, a bastion, a VPN gateway, everything
 * in an AZ), a link class or the links between two places slow down and lose packets, etcd's
 * fsyncs slow down, the endpoint's access changes, the cross-account ENIs move to new addresses,
 * a client bursts. What happens next — how long until it is noticed, what fails meanwhile, how
 * it recovers — comes from the model's own mechanisms: load balancer health checks, client-go
 * retries, DNS TTLs and caches, the HTTP/2 connection health check, kubelet lease back-off, the
 * node-lifecycle controller's grace period. Nothing is polled: every injection and lift is an
 * event scheduled when the world is built.
 *
 * The world (eks/world.c) describes what faults may act on in a SimFaultEnv: every element with
 * the name a scenario's `target` uses, its AZ and its network node, plus the few model-wide
 * handles some kinds need (load balancer, etcd, the private hosted zone). Kinds (one file each,
 * sim/fault/KIND.c, behind the ops table of fault-private.h) are chosen by the `kind` key.
 *
 * What each fault window measured goes to the recorder: the window itself, a "detected" mark
 * when a load balancer health check marks an affected API server down, a "recovered" mark when
 * every affected target is healthy again after the fault, and the window's API server load
 * (429 responses sent, longest queue). Node readiness during the window is derived by the
 * recorder from the readiness it is told (stats/recorder.c).
 */
#ifndef EKSIM_FAULT_FAULT_H
#define EKSIM_FAULT_FAULT_H

#include <glib.h>

#include "eks/apiserver.h"
#include "eks/client.h"
#include "eks/etcd.h"
#include "eks/lb.h"
#include "net/filter.h"
#include "net/network.h"
#include "net/vpc.h"
#include "net/xeni.h"
#include "proto/dns.h"
#include "proto/resolver.h"
#include "scenario/config.h"
#include "stats/recorder.h"

/* What a fault target names. */
typedef enum {
  SIM_FAULT_ELEM_API_SERVER,       /* obj: SimApiServer*; index: its load balancer target */
  SIM_FAULT_ELEM_LB_NODE,          /* node: the load balancer node; index: its node index */
  SIM_FAULT_ELEM_NAT_GATEWAY,      /* node: the gateway */
  SIM_FAULT_ELEM_ENI,              /* obj: SimXeni*; node: the ENI */
  SIM_FAULT_ELEM_RESOLVER,         /* obj: SimResolver*; node: its host (a VPC's Route 53
                                    * Resolver, an on-prem DNS server) */
  SIM_FAULT_ELEM_INBOUND_ENDPOINT, /* obj: SimResolver*; node: one address of the endpoint */
  SIM_FAULT_ELEM_CLIENT,           /* obj: SimClient*; node: its host; name "client.NAME" (one
                                    * element per instance) */
  SIM_FAULT_ELEM_VPN,              /* node: the virtual private gateway; name "network.NAME" */
  SIM_FAULT_ELEM_KUBELET,          /* obj: the kubelet (eks/); node: its host; name "nodegroup.NAME"
                                    * (one element per node) */
  SIM_FAULT_ELEM_N
} SimFaultElemKind;

typedef struct {
  SimFaultElemKind kind;
  char *name;
  guint8 az;     /* 0-based, SIM_AZ_NONE for regional elements */
  SimNode *node; /* what fails (may be NULL) */
  gpointer obj;
  guint index;
  gboolean standby; /* an API server kept in reserve for a control-plane upgrade ... */
  gpointer partner; /* ... and the instance it replaces (SimFaultElem*), both ways */
} SimFaultElem;

typedef struct _SimFaultEnv SimFaultEnv;

SimFaultEnv *sim_fault_env_new(SimNetwork *net, SimRecorder *rec, guint n_azs, SimTime duration);
void sim_fault_env_free(SimFaultEnv *env);

/* Registers an element (name copied). Returns it, owned by @env. */
SimFaultElem *sim_fault_env_add(SimFaultEnv *env, SimFaultElemKind kind, const char *name, guint8 az,
                                SimNode *node, gpointer obj, guint index);
/* An az-outage takes down everything in the AZ within these VPCs (the cluster VPC and the
 * AWS-managed one; connected networks keep their own AZs). Borrowed. */
void sim_fault_env_add_az_scope(SimFaultEnv *env, SimVpc *vpc);
/* The control plane: load balancer, etcd, the route tables of the AWS-managed VPC (each routes
 * every ENI's /32 to it), the cluster security group (ENI addresses are members). Borrowed. */
void sim_fault_env_set_control_plane(SimFaultEnv *env, SimLb *lb, SimEtcd *etcd, GPtrArray *cp_tables,
                                     SimSecurityGroup *cluster_sg);
/* The endpoint's access as built: public endpoint switch and CIDRs at the load balancer (packets
 * from @edge are public), the private hosted zone, the ENIs' private endpoint switch. */
void sim_fault_env_set_endpoint(SimFaultEnv *env, SimNode *edge, SimDnsZone *phz, gboolean public_access,
                                gboolean private_access, const GArray *cidrs);
/* Pairs API server @active with a reserve instance @standby (a registered element) for
 * control-plane upgrades: the standby starts down and deregistered. */
void sim_fault_env_pair_standby(SimFaultEnv *env, SimFaultElem *active, SimFaultElem *standby);
/* Kubelet reconnects (load-spike): called for every kubelet element's obj. */
typedef void (*SimFaultKubeletFunc)(gpointer kubelet);
void sim_fault_env_set_kubelet_reconnect(SimFaultEnv *env, SimFaultKubeletFunc func);

/* Node readiness as the node-lifecycle controller decides it (eks/nodelifecycle.h), for detection:
 * a node marked not Ready while a fault is in effect, or within @grace after it ended (the
 * controller needs the grace period to notice), detects that fault ("detected" mark); the fault
 * has recovered once every node so marked is Ready again (and every watched target is healthy). */
void sim_fault_env_set_node_grace(SimFaultEnv *env, SimTime grace);

/* Every target name a scenario may write, for eksim explain: "all", "az1".."azN", element names,
 * link places, with what each is and which fault kinds accept it. */
typedef struct {
  char *name;
  char *what;  /* "NAT gateway", "API server instance", ... */
  char *kinds; /* fault kinds that accept it, "|"-separated */
} SimFaultTargetInfo;
void sim_fault_target_info_free(SimFaultTargetInfo *info);
GPtrArray *sim_fault_env_targets(const SimFaultEnv *env); /* SimFaultTargetInfo*, owned */

/* The faults of one replication. */
typedef struct _SimFaults SimFaults;

/* Reads every [fault.NAME] of @cfg, checks its target against @env (taken, also on failure), registers a fault
 * subject and its window with the recorder and schedules injection and lift. Fails with a
 * one-line GError "[fault.NAME] key: ...; allowed: ..." on a target naming nothing the model
 * has. */
SimFaults *sim_faults_new(const SimConfig *cfg, SimFaultEnv *env, GError **error);
void sim_faults_free(SimFaults *faults);
/* The node-lifecycle controller marked node @node (any numbering, stable per run) Ready or not
 * Ready at the scheduler's current time. */
void sim_faults_node_changed(SimFaults *faults, guint node, gboolean ready);
const SimFaultEnv *sim_faults_env(const SimFaults *faults);

/* The fault kind names, in schema order (NULL-terminated). */
const char *const *sim_fault_kind_names(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimFaultEnv, sim_fault_env_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimFaults, sim_faults_free)

#endif
