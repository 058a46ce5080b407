/* A kubectl-style API client: resolve, connect, TLS, requests, client-go retries, one record per
 * request.
 *
 * A kubectl call (connection = new, kubectl's behaviour, issue 5) resolves the endpoint's name
 * through the host's stub resolver, opens a TCP connection to the first address (dial timeout),
 * runs the TLS handshake (TLS handshake timeout), sends its requests one after the other and
 * closes the connection. With connection = reuse the client keeps its connections: HTTP/2
 * multiplexes every request over one connection, HTTP/1.1 keeps a pool and opens another
 * connection when all are busy; a dead connection is replaced (resolving again) by the next
 * request.
 * client-go's retry (facts §5.2, §7 #21): a 429, or a 5xx that carries Retry-After, is retried
 * after Retry-After, at most `retries` times (default 10; 0: off), on the same connection if it
 * is still alive. Transport errors are not retried (kubectl reports them).
 * Every request ends in exactly one outcome (stats/recorder.h): the first failure that ends it
 * (DNS timeout or NXDOMAIN, no-route, connect timeout, connection reset, TLS timeout), the final
 * HTTP status (ok, http-429, http-5xx), or request-timeout when `timeout` (from the request's
 * start, retries included) expires first. Phase times: dns, connect and tls are the parts of the
 * connection set-up the request waited for; queue and service come from the API server; transfer
 * is the rest of each attempt (bytes on the wire, load balancer, TCP) plus retry back-off.
 * The record's path is every network function its packets (and its DNS answer) crossed; a
 * failed request's detail says where its last packet was dropped, when the network knows.
 * Workloads: closed loop (a call, then a think time) or open loop (Poisson arrivals of calls at
 * `rate`, whatever is still outstanding, so arrivals stay Poisson), verbs drawn by weight.
 */
#ifndef EKSIM_EKS_CLIENT_H
#define EKSIM_EKS_CLIENT_H

#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "eks/verb.h"
#include "proto/http.h"
#include "proto/stub.h"
#include "stats/recorder.h"

typedef struct {
  const char *endpoint;    /* DNS name of the API endpoint (copied) */
  guint16 port;            /* 443 */
  SimTlsVersion tls;
  SimHttpVersion http;
  SimTime dial_timeout;    /* 30 s */
  SimTime tls_timeout;     /* 10 s */
  SimTime timeout;         /* per request, retries included; 0: none */
  guint retries;           /* 10 */
  gboolean reuse;          /* keep connections (else: one per call) */
  guint requests_per_call; /* 1 */
  SimTime read_idle_timeout, ping_timeout; /* HTTP/2 health check: 30 s, 15 s */
} SimClientParams;

void sim_client_params_init(SimClientParams *p);

typedef struct _SimClient SimClient;

/* Told about every finished request. */
typedef void (*SimClientRecordFunc)(const SimRequestRecord *rec, gpointer user);

/* A client on a host whose TCP stack is @tcp and stub resolver @stub (both borrowed). */
SimClient *sim_client_new(SimTcpStack *tcp, SimStub *stub, const char *name,
                          const SimClientParams *params, SimClientRecordFunc record, gpointer user);
void sim_client_free(SimClient *client);
const char *sim_client_name(const SimClient *client);

/* One kubectl call now: the @n verbs one after the other. */
void sim_client_call(SimClient *client, const SimVerb *verbs, guint n);

/* Workloads (verbs drawn with @weights, an array of SIM_VERB_N probabilities summing to 1;
 * draws from @rng). Open loop: calls at Poisson @rate per second. Closed loop: a call, then a
 * pause drawn from @think, and so on. Start at @start. */
void sim_client_start_open_loop(SimClient *client, double rate, const double *weights, SimRng *rng,
                                SimTime start);
void sim_client_start_closed_loop(SimClient *client, SimDist *think, const double *weights,
                                  SimRng *rng, SimTime start);
/* A burst of @calls kubectl calls issued at once (a CI job, a load-spike fault), each with
 * requests_per_call verbs drawn from the workload's mix (get without a workload). */
void sim_client_burst(SimClient *client, guint calls);
/* Stops issuing new calls (requests already issued finish). */
void sim_client_stop(SimClient *client);

/* Automation bursts: every arrival of the workload (open loop) or every turn of the closed loop
 * fires @calls kubectl calls at once; a closed loop's think time starts when the last of them is
 * over. Default 1. */
void sim_client_set_burst(SimClient *client, guint calls);

/* One request now, outside any call, on the client's kept connection (connection = reuse) or a
 * new one: @object goes to the server (SimMsg.object: a node's lease or status); @timeout bounds
 * it, retries included (0: none); @done (may be NULL) is told its record, after the recorder,
 * with @tag. */
typedef void (*SimClientDoneFunc)(const SimRequestRecord *rec, guint32 tag, gpointer user);
void sim_client_request(SimClient *client, SimVerb verb, guint32 object, SimTime timeout,
                        SimClientDoneFunc done, gpointer user, guint32 tag);
/* Ends every request still outstanding with @outcome (recorded, @done told), e.g. when the
 * client's host fails. */
void sim_client_abort(SimClient *client, SimOutcome outcome, const char *detail);
/* Closes every kept connection now; requests on them fail as connection-reset (a kubelet
 * reconnecting, issue 6's load spike). */
void sim_client_reset_connections(SimClient *client);
/* Told after a kept connection (connection = reuse, or sim_client_request) died, once its
 * requests have been failed: a controller holding a watch re-lists. */
typedef void (*SimClientConnLostFunc)(SimClient *client, gpointer user);
void sim_client_set_conn_lost(SimClient *client, SimClientConnLostFunc func, gpointer user);
/* TRUE while a kept connection is up (TCP and TLS done). */
gboolean sim_client_connected(const SimClient *client);

/* In-cluster pods: instead of resolving the endpoint's name, each new connection goes to one of
 * the addresses @addrs returns (the kubernetes service's endpoints, i.e. the cross-account ENIs,
 * facts §4), chosen uniformly with @rng as kube-proxy does; no DNS phase. @addrs fills @out
 * (room for @max) and returns how many. NULL: back to DNS. */
typedef guint (*SimClientAddrFunc)(gpointer user, SimIp *out, guint max);
void sim_client_set_service(SimClient *client, SimClientAddrFunc addrs, gpointer user, SimRng *rng);

guint64 sim_client_issued(const SimClient *client);
guint64 sim_client_finished(const SimClient *client);
guint64 sim_client_outcomes(const SimClient *client, SimOutcome outcome);
/* Requests issued and not finished yet. */
guint sim_client_outstanding(const SimClient *client);

#endif
