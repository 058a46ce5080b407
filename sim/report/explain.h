/* SimExplanation: one request of each client, hop by hop, as the model moved it (eksim explain).
 *
 * Nothing here knows the paths: the account is read from the real model through its tracer
 * (net/trace.h). For one scenario variant, sim_explain_run() runs the world twice with the same
 * seed and replication (a run is a pure function of both, so the second run repeats the first):
 *
 *   1. to choose, for each client, the first request that starts at or after @at (and, with
 *      @failed, did not end ok) — the request records say when it started and ended, and the
 *      client's "request ends" trace line says which instance (host) sent it;
 *   2. with a tracer that follows those requests: every packet a chosen client sends or receives
 *      in its request's window, followed by packet id through every translation (NAT, internet
 *      gateway, load balancer, cross-account ENI) and by its address/port tuple (and DNS message
 *      id) to the replies, the DNS questions its resolver asks upstream for it, and the
 *      model's own words for what a network function, resolver, API server or client did at a
 *      node the request's packets were at. Both runs stop once the last chosen request is over.
 *
 * Node failures and load-balancer health changes are kept for the whole run so the account can
 * say what was down when a request started.
 *
 * Renderers: a readable narrative (DNS, the route of each distinct kind of packet with every hop,
 * its timestamp, link class and the network function crossed, drops with where and why, the
 * outcome and phase times), a text sequence diagram, and a Mermaid sequence diagram for slides.
 * Output depends only on the scenario, the variant and the options: byte-identical every run.
 */
#ifndef EKSIM_REPORT_EXPLAIN_H
#define EKSIM_REPORT_EXPLAIN_H

#include <glib.h>

#include "core/time.h"
#include "net/addr.h"
#include "scenario/config.h"
#include "stats/recorder.h"

#define SIM_EXPLAIN_ERROR (sim_explain_error_quark())
GQuark sim_explain_error_quark(void);

typedef enum {
  SIM_EXPLAIN_ERROR_MODEL,    /* the model refused the configuration */
  SIM_EXPLAIN_ERROR_DIVERGED, /* the second run did not repeat the first (a determinism bug) */
} SimExplainError;

typedef enum {
  SIM_EXPLAIN_FORMAT_TEXT,     /* the narrative, then the text sequence diagram */
  SIM_EXPLAIN_FORMAT_SEQUENCE, /* only the text sequence diagram */
  SIM_EXPLAIN_FORMAT_MERMAID,  /* Markdown with one Mermaid sequenceDiagram per request */
} SimExplainFormat;

typedef struct {
  const char *const *subjects; /* clients or node groups to explain (NULL-terminated); NULL: all */
  SimTime at;                  /* the first request that starts at or after this time */
  gboolean failed;             /* only requests that did not end ok */
  guint replication;           /* which replication's random streams (0-based) */
  gboolean all_packets;        /* narrative: every packet, not one per distinct route */
  const char *verb;            /* only requests of this verb ("get", "lease", "create"); NULL: any
                                * for clients, "lease" for node groups (any with @failed) */
  gboolean retried;            /* only requests client-go retried (attempts > 1: a 429 or 5xx) */
} SimExplainOptions;

typedef enum {
  SIM_EXPLAIN_STEP_HOP,      /* a packet arrived at @node from @peer over a @link hop */
  SIM_EXPLAIN_STEP_FUNCTION, /* a network function acted on it (@text: what) */
  SIM_EXPLAIN_STEP_DROP,     /* dropped at @node: @reason, @text where and why */
  SIM_EXPLAIN_STEP_DELIVER,  /* reached its destination's stack at @node */
  SIM_EXPLAIN_STEP_DNS,      /* a stub or resolver did something (@text, the model's words) */
  SIM_EXPLAIN_STEP_CONN,     /* a client, HTTP connection or API server event (@text) */
  SIM_EXPLAIN_STEP_STATE,    /* something failed, recovered or changed health during the request */
} SimExplainStepKind;

typedef struct {
  SimExplainStepKind kind;
  SimTime time;
  char *node;          /* where; NULL when the model does not say (client-side HTTP events) */
  char *peer;          /* HOP: where the packet came from; DROP: the node it left last, when
                        * known (a packet dropped on arrival has no HOP of its own) */
  const char *link;    /* HOP: link class name ("internet", "intra-az", ...) */
  guint64 packet;      /* the packet's id (0: not about a packet) */
  char *packet_text;   /* "TCP 10.0.0.5:32769 > 192.0.2.10:443 [SYN] 52B" as it is at this step,
                        * with the question or answer for DNS */
  char *label;         /* a short name of the packet for diagrams ("SYN", "DNS question") */
  gboolean reply;      /* the packet answers (it comes from a server port: 53, 443, 10250) */
  char *role;          /* what @node is ("NAT gateway", "load balancer node (NLB) in az1") */
  char *text;          /* FUNCTION, DNS, CONN, STATE: the model's text; DROP: where and why */
  const char *reason;  /* DROP: the drop reason's name ("cidr-denied") */
} SimExplainStep;

typedef struct {
  char *subject;             /* the [client.NAME] */
  char *instance;            /* the instance that sent it ("laptop", "laptop-2") */
  char *host;                /* its host's node name ("internet/laptop") */
  char *location;            /* [client.NAME] location */
  SimIp ip;                  /* its address */
  SimRequestRecord record;   /* as the model reported it (detail points into @detail) */
  char *detail;
  GPtrArray *steps;          /* SimExplainStep*, in the order they happened */
  GPtrArray *state;          /* char*: what was down or unhealthy when the request started */
  char *dns_server;          /* the resolver its stub asked ("10.0.0.2 (cluster-vpc/route53-resolver)"),
                              * NULL if it asked none (a cached answer, a reused connection) */
  char *dns_answer;          /* the last answer it got ("NOERROR 10.0.128.5 from zone X (private
                              * hosted zone)"), NULL if none arrived */
  guint64 route_packet;      /* the first SYN it sent (else its first other packet); 0: none */
} SimExplainRequest;

typedef struct _SimExplanation SimExplanation;

/* Runs the world for @cfg (two runs, see above) and returns the account. Clients named in
 * @opts->subjects that are not in the scenario are an error naming the allowed names. */
SimExplanation *sim_explain_run(const SimConfig *cfg, const SimExplainOptions *opts, GError **error);
void sim_explanation_free(SimExplanation *expl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimExplanation, sim_explanation_free)

/* The variant label ("" without a sweep) and the endpoint's DNS name. */
const char *sim_explanation_variant(const SimExplanation *expl);
const char *sim_explanation_endpoint(const SimExplanation *expl);
/* The requests explained, in the order the scenario defines the clients. */
guint sim_explanation_n_requests(const SimExplanation *expl);
const SimExplainRequest *sim_explanation_request(const SimExplanation *expl, guint i);
/* The request of client @subject, or NULL if it had none that qualified. */
const SimExplainRequest *sim_explanation_find(const SimExplanation *expl, const char *subject);
/* Clients without a qualifying request before the end of the run. NULL-terminated. */
const char *const *sim_explanation_missing(const SimExplanation *expl);
/* Why they are missing: "no request started at or after 0.000000000 s and ended before ...";
 * a node group's missing Lease renewal is listed with the verb ("no lease request ..."). */
char *sim_explanation_missing_reason(const SimExplanation *expl, const char *subject);

/* Appends the account in @format to @out. @index and @total number the variant in the header
 * ("variant 2 of 3"). */
void sim_explanation_format(const SimExplanation *expl, SimExplainFormat format, gboolean all_packets,
                            guint index, guint total, GString *out);

/* One-line summaries of a request, used by the narrative and by tests:
 * the DNS answer it used ("10.0.0.2 (cluster-vpc/route53-resolver) answered from zone NAME
 * (private): 10.0.128.5, 10.0.192.5"), the route of its first connection attempt ("nat-gateway-az1
 * -> ... -> apiserver-1-az2") and where and why it failed ("" when it did not). Free with g_free. */
char *sim_explain_request_dns(const SimExplainRequest *req);
char *sim_explain_request_route(const SimExplainRequest *req);
char *sim_explain_request_failure(const SimExplainRequest *req);

/* The names a [fault.NAME] target may use in @cfg's model (fault/fault.h), one per line with what
 * it is and the fault kinds that accept it, as a table appended to @out. Builds the world of
 * @replication (nothing runs). */
gboolean sim_explain_targets(const SimConfig *cfg, guint replication, GString *out, GError **error);

#endif
