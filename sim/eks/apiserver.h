/* An API server instance: admission, a FIFO queue, c workers, etcd writes, responses.
 *
 * Each instance listens on TCP 443 (TLS, HTTP/1.1 and HTTP/2) on its host in the AWS-managed VPC.
 * A request is admitted if fewer than max_inflight_readonly (400) non-mutating or
 * max_inflight_mutating (200) mutating requests are already admitted (queued or in service);
 * otherwise it is answered at once with HTTP 429 and Retry-After: 1 (facts §5.2, §7 #20).
 * Long-running requests (watch, logs, exec, port-forward) are exempt. Admitted requests wait in one FIFO queue
 * for one of c workers; a worker serves a request for a time drawn from the verb's distribution
 * and, for a mutating verb, then holds on while the write commits in etcd (eks/etcd.h). The
 * response carries the time queued and served (the client's queue and service phases).
 * With zero network delay, Poisson arrivals and exponential service this is an M/M/c queue, and
 * with the admission limit an M/M/c/K one (tests/test-apiserver.c checks both against theory).
 * Simplified: API Priority and Fairness is reduced to the two in-flight limits (its shares and
 * queues are not modelled); the server-side request timeout (60 s) is not enforced.
 * A failed instance (crash, AZ outage) loses its queue and its connections; restarted, it starts
 * empty.
 */
#ifndef EKSIM_EKS_APISERVER_H
#define EKSIM_EKS_APISERVER_H

#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "eks/etcd.h"
#include "eks/verb.h"
#include "proto/http.h"
#include "proto/tcp.h"

typedef struct {
  guint workers;
  guint max_inflight_readonly;
  guint max_inflight_mutating;
  SimTime retry_after;
  SimDist *service[SIM_VERB_N]; /* borrowed; NULL: zero service time */
  guint32 response_size[SIM_VERB_N];
} SimApiServerParams;

/* Defaults: 16 workers, 400 + 200, Retry-After 1 s, no service time, verb sizes of eks/verb.h. */
void sim_apiserver_params_init(SimApiServerParams *p);

typedef struct _SimApiServer SimApiServer;

/* An instance on @host using @tcp, numbered @index (1-based in responses), drawing service times
 * from @rng, writing through @etcd (NULL: mutating requests skip etcd). @params is copied (the
 * distributions are referenced). */
SimApiServer *sim_apiserver_new(SimTcpStack *tcp, guint index, const SimApiServerParams *params,
                                SimEtcd *etcd, SimRng *rng);
void sim_apiserver_free(SimApiServer *api);
SimHost *sim_apiserver_host(SimApiServer *api);

/* Told when a request about an API object (SimMsg.object != 0: a node's registration, Lease or
 * status) has been committed, i.e. when its 2xx response leaves: the cluster state changes
 * (eks/nodelifecycle.h). @object is SimMsg.object - 1. */
typedef void (*SimApiCommitFunc)(SimVerb verb, guint32 object, SimTime at, gpointer user);
void sim_apiserver_set_commit_hook(SimApiServer *api, SimApiCommitFunc func, gpointer user);

/* Control plane -> kubelet (facts §1.4, §1.8 last row): with a picker set, logs and exec are
 * served in two legs: the API server's own time (service.logs / service.exec), then a call to
 * the kubelet API (TCP 10250, TLS 1.3; HTTP/2 for logs, HTTP/1.1 for exec, which upgrades the
 * connection) of the node @pick returns (0: no node has registered -> 503), on a new connection
 * dialled within kube-apiserver's --kubelet-timeout (5 s; kube-apiserver reference, not in the
 * fact sheet). Its packets leave the control plane through a cross-account ENI. A failed kubelet
 * call is answered 502 without Retry-After (client-go does not retry it). The worker is released
 * during the kubelet leg (the requests are long-running, facts §5.2). Without a picker (no node
 * groups), logs and exec end after their service time. */
typedef SimIp (*SimApiKubeletPickFunc)(SimRng *rng, gpointer user);
void sim_apiserver_set_kubelet_picker(SimApiServer *api, SimApiKubeletPickFunc pick, gpointer user);
/* Kubelet calls made and failed so far. */
guint64 sim_apiserver_kubelet_calls(const SimApiServer *api);
guint64 sim_apiserver_kubelet_failures(const SimApiServer *api);

guint sim_apiserver_queue_length(const SimApiServer *api);
guint sim_apiserver_queue_peak(const SimApiServer *api);
void sim_apiserver_reset_peak(SimApiServer *api);
/* A second, independent peak for the fault windows (sim/fault/): the longest queue since the
 * previous take (or since the start), and restarts from the current length. */
guint sim_apiserver_take_peak(SimApiServer *api);
guint sim_apiserver_busy(const SimApiServer *api);
guint sim_apiserver_inflight(const SimApiServer *api, gboolean mutating);
guint64 sim_apiserver_served(const SimApiServer *api);
guint64 sim_apiserver_rejected(const SimApiServer *api);

#endif
