/* The kubelet of one node: registration, Lease renewal, node status, and its API on 10250.
 *
 * Every kubelet talks to the API endpoint by its DNS name over one long-lived HTTP/2 connection
 * (client-go's heartbeat client, with the HTTP/2 health check: facts §5.6), resolving through the
 * node's VPC resolver; the path (internet gateway, NAT gateway, cross-account ENI) is whatever the
 * network gives it (facts §1.3, §1.8 rows (e)-(g)). Timings (facts §5.1, §7 #14, #15):
 *   - registration: when the kubelet starts it creates its Node object, retrying after 100 ms,
 *     200 ms, ... up to 7 s between attempts until it succeeds (kubelet registerWithAPIServer;
 *     kubelet source, not in the fact sheet). A node that cannot reach the API never registers and
 *     never becomes Ready (facts §6 #4: "Instances failed to join");
 *   - Lease: renewed every renew interval (10 s = a quarter of the 40 s lease duration), jittered
 *     by up to 4 % and measured from the end of the previous renewal (wait.JitterUntil, sliding);
 *     a failed renewal is retried after 200 ms, doubling up to 7 s, until one succeeds;
 *   - status: computed every 10 s (nodeStatusUpdateFrequency, jittered 4 %), posted when it
 *     changed — the API's Ready condition differs from the kubelet's (the node-lifecycle controller
 *     marked it not ready), or the last post failed — or when 5 min (nodeStatusReportFrequency)
 *     passed since the last successful post;
 *   - every heartbeat request (registration, Lease, status) gives up after 10 s (the heartbeat
 *     client's timeout is nodeStatusUpdateFrequency, capped at the lease duration: kubelet source);
 *     client-go's retries on 429 happen within it.
 * Simplified: the lease loop starts once the node is registered; a failed status post is retried at
 * the next computation (not 5 times in a row as nodeStatusUpdateRetry); the kubelet reads its own
 * Node's Ready condition from the cluster state directly (its informer is taken as current).
 * The kubelet API on TCP 10250 answers the control plane's logs/exec at once (the kubelet's own
 * work is not timed); the connections come through a cross-account ENI (facts §1.4).
 * A failed host (AZ outage) stops its kubelet; back up, the kubelet starts again (its Node
 * object still exists, so registration succeeds at once).
 */
#ifndef EKSIM_EKS_KUBELET_H
#define EKSIM_EKS_KUBELET_H

#include <glib.h>

#include "core/rng.h"
#include "eks/client.h"
#include "eks/nodelifecycle.h"
#include "net/host.h"

#define SIM_KUBELET_PORT 10250

typedef struct {
  SimTime lease_duration;   /* nodeLeaseDurationSeconds: 40 s; renewal every quarter of it */
  SimTime renew_backoff_min, renew_backoff_max; /* 200 ms, 7 s */
  SimTime register_backoff_min, register_backoff_max; /* 100 ms, 7 s */
  SimTime status_update;    /* nodeStatusUpdateFrequency: 10 s */
  SimTime status_report;    /* nodeStatusReportFrequency: 5 min */
  SimTime heartbeat_timeout;/* per request: 10 s */
  double jitter;            /* 0.04 */
} SimKubeletParams;

void sim_kubelet_params_init(SimKubeletParams *p);

typedef struct _SimKubelet SimKubelet;

/* The kubelet of node @node (its index in @nlc) on @host, resolving @endpoint through
 * @nameserver; @client_params sets its transport (connection reuse and HTTP/2 are forced);
 * @record is told every request (the node group's subject); jitter drawn from @rng. Nothing
 * happens before sim_kubelet_start(). */
SimKubelet *sim_kubelet_new(SimHost *host, SimIp nameserver, const char *name,
                            const SimClientParams *client_params, const SimKubeletParams *params,
                            SimNodeLifecycle *nlc, guint node, SimRng *rng,
                            SimClientRecordFunc record, gpointer user);
void sim_kubelet_free(SimKubelet *k);

/* The kubelet process starts at @at (the node finished booting). */
void sim_kubelet_start(SimKubelet *k, SimTime at);
/* Closes the heartbeat connection; the next request resolves and dials again (issue 6's
 * load spike: every kubelet reconnects at once). */
void sim_kubelet_reconnect(SimKubelet *k);

SimHost *sim_kubelet_host(SimKubelet *k);
SimClient *sim_kubelet_client(SimKubelet *k);
guint sim_kubelet_node(const SimKubelet *k);
/* Requests the kubelet API on 10250 answered (control plane -> kubelet). */
guint64 sim_kubelet_served(const SimKubelet *k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimKubelet, sim_kubelet_free)

#endif
