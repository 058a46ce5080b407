/* The cluster's view of its nodes and the node-lifecycle controller of kube-controller-manager.
 *
 * What the API servers commit about nodes lands here (the state etcd holds and the controller
 * watches): a kubelet's registration (create of its Node object), its Lease renewals and its Node
 * status updates. A node is Ready once registered and its status says Ready.
 * The controller (facts §5.1) wakes every node-monitor-period (5 s) and marks a Ready node not
 * ready (condition Unknown, NoExecute taint node.kubernetes.io/unreachable) when neither its Lease
 * nor its status was renewed for longer than node-monitor-grace-period (40 s; 50 s from
 * Kubernetes 1.32). Its pods become evictable tolerationSeconds (300 s, the DefaultTolerationSeconds
 * admission plugin) after the taint, unless the node is Ready again first. The node turns Ready
 * again only when its kubelet posts a status saying so (the controller never sets Ready), which
 * the kubelet does at its next status computation because the condition differs (kubelet.h).
 * Simplified (NOTES.md, "EKS model"): kube-controller-manager always runs and sees every commit at
 * once (no leader election, no informer lag); the eviction rate limits and the zone
 * "full disruption" rule that stops evictions when a whole zone is down are not modelled (pods are
 * counted as evictable, not evicted); node-startup-grace-period does not arise because a kubelet
 * posts its first status right after registering.
 * Every change is reported through a callback, so readiness reaches the recorder exactly when it
 * changes (integrated exactly by the statistics).
 */
#ifndef EKSIM_EKS_NODELIFECYCLE_H
#define EKSIM_EKS_NODELIFECYCLE_H

#include <glib.h>

#include "core/rng.h"
#include "core/scheduler.h"
#include "eks/verb.h"

typedef struct {
  SimTime monitor_period;   /* --node-monitor-period: 5 s */
  SimTime grace_period;     /* --node-monitor-grace-period: 40 s (50 s from 1.32) */
  SimTime eviction_timeout; /* tolerationSeconds of the not-ready/unreachable taints: 300 s */
} SimNodeLifecycleParams;

/* 5 s, 40 s, 300 s (facts §5.1). */
void sim_nodelifecycle_params_init(SimNodeLifecycleParams *p);
/* node-monitor-grace-period for a Kubernetes minor version ("1.31" -> 40 s, "1.32" -> 50 s). */
SimTime sim_nodelifecycle_grace_for_version(const char *version);

typedef enum {
  SIM_NODE_EVENT_REGISTERED, /* the Node object was created */
  SIM_NODE_EVENT_READY,      /* its status says Ready (first time or again) */
  SIM_NODE_EVENT_NOT_READY,  /* the controller marked it (lease and status stale) */
  SIM_NODE_EVENT_EVICTABLE,  /* its pods' tolerations expired while it stayed not ready */
} SimNodeEvent;

/* @at: when it happened; @last_heartbeat: the node's last Lease or status commit before it
 * (for NOT_READY, the time to not-ready is @at - @last_heartbeat). */
typedef void (*SimNodeEventFunc)(guint node, SimNodeEvent ev, SimTime at, SimTime last_heartbeat,
                                 gpointer user);

typedef struct _SimNodeLifecycle SimNodeLifecycle;

/* The state of @n_nodes nodes (numbered 0..n-1 across every node group) and the controller,
 * whose first check comes at a random phase in [0, monitor_period) drawn from @rng. */
SimNodeLifecycle *sim_nodelifecycle_new(SimScheduler *sched, guint n_nodes,
                                        const SimNodeLifecycleParams *params, SimRng *rng,
                                        SimNodeEventFunc func, gpointer user);
void sim_nodelifecycle_free(SimNodeLifecycle *nlc);
const SimNodeLifecycleParams *sim_nodelifecycle_params(const SimNodeLifecycle *nlc);
guint sim_nodelifecycle_n_nodes(const SimNodeLifecycle *nlc);

/* An API server committed @verb about @node at @at: create (registration), lease (renewal),
 * status (a status update saying Ready). Other verbs are ignored. */
void sim_nodelifecycle_commit(SimNodeLifecycle *nlc, guint node, SimVerb verb, SimTime at);

gboolean sim_nodelifecycle_registered(const SimNodeLifecycle *nlc, guint node);
/* The Ready condition as the API holds it. */
gboolean sim_nodelifecycle_ready(const SimNodeLifecycle *nlc, guint node);
/* Last Lease or status commit (-1: none yet). */
SimTime sim_nodelifecycle_last_heartbeat(const SimNodeLifecycle *nlc, guint node);
/* When the node last became Ready, was last marked not ready, last had its pods become
 * evictable (-1: never). */
SimTime sim_nodelifecycle_ready_at(const SimNodeLifecycle *nlc, guint node);
SimTime sim_nodelifecycle_not_ready_at(const SimNodeLifecycle *nlc, guint node);
SimTime sim_nodelifecycle_evictable_at(const SimNodeLifecycle *nlc, guint node);
guint sim_nodelifecycle_n_registered(const SimNodeLifecycle *nlc);
guint sim_nodelifecycle_n_ready(const SimNodeLifecycle *nlc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimNodeLifecycle, sim_nodelifecycle_free)

#endif
