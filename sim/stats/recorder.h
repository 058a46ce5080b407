/* SimRecorder: the one door through which models report what happened.
 *
 * Protocol and EKS code never compute statistics or format output. They register subjects (a
 * client, a node group, the network, a fault), then report typed facts as they happen: a request
 * finished with this outcome and these phase timings; node 17 of this group became not ready;
 * 1,420 bytes crossed a NAT gateway. The statistics module (sim/stats/) aggregates them per
 * replication, excluding the warm-up, into the metrics of summary.csv and the bins of
 * timeline.csv. One recorder belongs to one replication and one thread.
 *
 * Every call carries the simulated time it refers to, so the recorder needs no clock.
 */
#ifndef EKSIM_STATS_RECORDER_H
#define EKSIM_STATS_RECORDER_H

#include <glib.h>

#include "core/time.h"

/* How a request ended: exactly one per request. Names (sim_outcome_name) are used in
 * summary.csv as outcome_<name>. */
typedef enum {
  SIM_OUTCOME_OK,
  SIM_OUTCOME_HTTP_429,
  SIM_OUTCOME_HTTP_5XX,
  SIM_OUTCOME_DNS_TIMEOUT,
  SIM_OUTCOME_DNS_NXDOMAIN,
  SIM_OUTCOME_NO_ROUTE,
  SIM_OUTCOME_CONNECT_TIMEOUT,
  SIM_OUTCOME_CONNECTION_RESET,
  SIM_OUTCOME_TLS_TIMEOUT,
  SIM_OUTCOME_REQUEST_TIMEOUT,
  SIM_OUTCOME_COUNT
} SimOutcome;

/* Where a request's time went. */
typedef enum {
  SIM_PHASE_DNS,
  SIM_PHASE_CONNECT,
  SIM_PHASE_TLS,
  SIM_PHASE_QUEUE,    /* waiting in the API server's queue */
  SIM_PHASE_SERVICE,  /* being served (etcd write included for mutating verbs) */
  SIM_PHASE_TRANSFER, /* request and response bytes on the wire, retries' back-off */
  SIM_PHASE_COUNT
} SimPhase;

/* Network functions a request's packets crossed (bits, OR-ed together). Reachability tests and
 * eksim explain read them; summary.csv reports the share of requests per bit. */
typedef enum {
  SIM_PATH_INTERNET = 1 << 0,          /* crossed the public internet */
  SIM_PATH_IGW = 1 << 1,               /* an internet gateway */
  SIM_PATH_NAT = 1 << 2,               /* a NAT gateway */
  SIM_PATH_XENI = 1 << 3,              /* an EKS cross-account ENI */
  SIM_PATH_PUBLIC_ENDPOINT = 1 << 4,   /* the public API endpoint (public NLB) */
  SIM_PATH_PRIVATE_ENDPOINT = 1 << 5,  /* the private endpoint (via the X-ENIs) */
  SIM_PATH_PEERING = 1 << 6,
  SIM_PATH_TGW = 1 << 7,
  SIM_PATH_VPN = 1 << 8,
  SIM_PATH_DX = 1 << 9,
  SIM_PATH_INBOUND_RESOLVER = 1 << 10, /* DNS answered through a Resolver inbound endpoint */
  SIM_PATH_PRIVATE_ZONE = 1 << 11,     /* DNS answered from the cluster's private hosted zone */
  SIM_PATH_CROSS_AZ = 1 << 12,         /* some hop crossed an AZ boundary */
} SimPathFlags;
#define SIM_PATH_N_BITS 13

typedef struct {
  SimTime start;                  /* when the request was issued */
  SimTime end;                    /* when its outcome was known */
  SimOutcome outcome;
  SimTime phase[SIM_PHASE_COUNT]; /* time per phase; their sum is at most end - start */
  const char *verb;               /* "get", "list", "apply", "lease", ... (static string) */
  guint attempts;                 /* 1 + client-go retries */
  guint32 path;                   /* SimPathFlags */
  const char *detail;             /* static text on a failure ("dropped at the public endpoint:
                                   * source not in public_access_cidrs"), or NULL */
} SimRequestRecord;

typedef enum {
  SIM_SUBJECT_CLIENT,    /* a [client.NAME] (kubectl users, automation, in-cluster pods) */
  SIM_SUBJECT_NODEGROUP, /* a [nodegroup.NAME]: its kubelets' requests and readiness */
  SIM_SUBJECT_PROBE,     /* an exposure probe (internet sources inside/outside the CIDRs) */
  SIM_SUBJECT_NETWORK,   /* network-wide counters: bytes through NAT, IGW, across AZs */
  SIM_SUBJECT_FAULT,     /* a [fault.NAME] */
} SimSubjectKind;

typedef struct _SimRecorder SimRecorder;

/* Names used in result files: outcomes "ok", "http-429", "connect-timeout", ...; phases "dns",
 * "connect", ...; path bits "internet", "igw", "nat", "xeni", ... (@bit is the bit's index,
 * 0..SIM_PATH_N_BITS-1). sim_outcome_from_name() returns SIM_OUTCOME_COUNT for an unknown name. */
const char *sim_outcome_name(SimOutcome outcome);
SimOutcome sim_outcome_from_name(const char *name);
const char *sim_phase_name(SimPhase phase);
const char *sim_path_name(guint bit);

/* Registers a subject (once, while the model is built); returns its id. */
guint sim_recorder_add_subject(SimRecorder *rec, SimSubjectKind kind, const char *name);

/* One finished request of @subject. Requests that start before the warm-up ends are excluded
 * from statistics (but appear in the per-request trace). */
void sim_recorder_request(SimRecorder *rec, guint subject, const SimRequestRecord *r);

/* Node readiness for a node-group subject: declare how many nodes it has (all start not Ready:
 * a node is Ready once registered), then report each change. */
void sim_recorder_set_nodes(SimRecorder *rec, guint subject, guint n_nodes);
void sim_recorder_node_ready(SimRecorder *rec, guint subject, guint node, gboolean ready, SimTime at);

/* Additive counters (bytes, packets, drops by reason...) and peak gauges (queue length). Register
 * once (returns an id), then add or raise cheaply on the hot path. Amounts before the warm-up
 * ends are not counted. @metric becomes the summary.csv metric name; @unit its unit. */
guint sim_recorder_counter(SimRecorder *rec, guint subject, const char *metric, const char *unit);
void sim_recorder_add(SimRecorder *rec, guint counter, SimTime at, double amount);
guint sim_recorder_gauge(SimRecorder *rec, guint subject, const char *metric, const char *unit);
void sim_recorder_gauge_set(SimRecorder *rec, guint gauge, SimTime at, double value);

/* A value the model computes itself once (exposure 0/1, a cost estimate), reported as is. */
void sim_recorder_set_metric(SimRecorder *rec, guint subject, const char *metric, const char *unit,
                             double value);

/* Fault windows (for fault metrics and shading in plots) and moments within them
 * ("detected": a health check marked the target down; "recovered"...). @end may be
 * SIM_TIME_NEVER (until the end of the run). */
void sim_recorder_fault_window(SimRecorder *rec, guint fault_subject, const char *kind, SimTime start,
                               SimTime end);
void sim_recorder_mark(SimRecorder *rec, guint subject, const char *what, SimTime at);
/* The window of @fault_subject ends at @end after all (a control-plane upgrade ends when its last
 * instance is replaced). */
void sim_recorder_fault_window_end(SimRecorder *rec, guint fault_subject, SimTime end);
/* The API servers' load during the window of @fault_subject, measured by the model: HTTP 429
 * responses sent and the longest queue. */
void sim_recorder_fault_load(SimRecorder *rec, guint fault_subject, guint64 http_429, guint queue_peak);

/* --- For the runner (sim/scenario/runner.c): one recorder per replication --- */

typedef struct _SimRunResult SimRunResult; /* stats/result.h */

/* A recorder for a run of @duration whose first @warmup is excluded from statistics, with
 * timeline bins of @bin starting at the end of the warm-up (the last bin may be shorter).
 * Requires 0 <= warmup < duration and bin > 0. */
SimRecorder *sim_recorder_new(SimTime warmup, SimTime duration, SimTime bin);

/* Called for every finished request, warm-up included (@in_warmup), in the order reported; for
 * the per-request trace (requests.csv). @subject is the subject's name. */
typedef void (*SimTraceFunc)(const char *subject, const SimRequestRecord *r, gboolean in_warmup,
                             gpointer data);
void sim_recorder_set_trace(SimRecorder *rec, SimTraceFunc func, gpointer data);

/* Closes the run at its duration (node readiness and gauges held until then, open fault windows
 * ended) and returns its results; the recorder takes no more reports afterwards. */
SimRunResult *sim_recorder_finish(SimRecorder *rec);
void sim_recorder_free(SimRecorder *rec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRecorder, sim_recorder_free)

#endif
