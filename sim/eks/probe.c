/* Exposure probes (see probe.h). */
#include "eks/probe.h"

#include <string.h>

#include "net/network.h"
#include "proto/http.h"
#include "proto/tcp.h"

#define PROBE_DIAL_TIMEOUT (10 * SIM_S) /* proposed, not sourced: a scanner gives up quickly */

typedef struct _Attempt Attempt;
struct _Attempt {
  SimProbe *probe;
  SimHttpClientConn *conn;
  SimTime start;
};

struct _SimProbe {
  SimHost *host;
  SimNetwork *net;
  SimScheduler *sched;
  SimTcpStack *tcp;
  SimProbeTargetsFunc targets;
  gpointer targets_user;
  SimTime interval;
  SimRng *rng;
  SimClientRecordFunc record;
  gpointer user;
  SimEventId ev;
  guint next_target;
  GPtrArray *live; /* Attempt* */
  SimTime since;
  guint64 attempts, connected;
};

static void finish(Attempt *a, SimOutcome outcome, const char *detail);

static void
a_ready(SimHttpClientConn *c, gpointer user)
{
  (void)c;
  finish(user, SIM_OUTCOME_OK, NULL);
}

static void
a_response(SimHttpClientConn *c, SimMsg *m, gpointer user)
{
  (void)c;
  (void)m;
  (void)user;
}

static void
a_failed(SimHttpClientConn *c, SimHttpError err, gpointer user)
{
  SimDropReason why;
  gboolean dropped = sim_http_client_last_drop(c, &why, NULL);
  switch (err) {
  case SIM_HTTP_ERR_CONNECT_TIMEOUT:
    finish(user, SIM_OUTCOME_CONNECT_TIMEOUT,
           dropped ? sim_drop_reason_text(why) : "no answer to the connection attempt");
    break;
  case SIM_HTTP_ERR_UNREACHABLE:
    finish(user, SIM_OUTCOME_NO_ROUTE, "destination unreachable: no route");
    break;
  case SIM_HTTP_ERR_TLS_TIMEOUT:
    finish(user, SIM_OUTCOME_TLS_TIMEOUT, "the TLS handshake did not complete in time");
    break;
  default:
    finish(user, SIM_OUTCOME_CONNECTION_RESET, "connection reset");
    break;
  }
}

static const SimHttpClientCallbacks probe_cb = { a_ready, a_response, a_failed };

static void
finish(Attempt *a, SimOutcome outcome, const char *detail)
{
  SimProbe *p = a->probe;
  SimTime now = sim_scheduler_now(p->sched);
  SimRequestRecord rec = { 0 };
  rec.start = a->start;
  rec.end = now;
  rec.outcome = outcome;
  rec.verb = "connect";
  rec.attempts = 1;
  rec.detail = detail;
  if (a->conn != NULL) {
    SimTime connected = sim_http_client_connected_at(a->conn);
    SimTime ready = sim_http_client_ready_at(a->conn);
    rec.phase[SIM_PHASE_CONNECT] = (connected >= 0 ? connected : now) - a->start;
    if (connected >= 0)
      rec.phase[SIM_PHASE_TLS] = (ready >= 0 ? ready : now) - connected;
    rec.path = sim_http_client_path_in(a->conn);
    guint32 drop_path = 0;
    if (outcome != SIM_OUTCOME_OK && sim_http_client_last_drop(a->conn, NULL, &drop_path))
      rec.path |= drop_path;
  }
  if (a->start >= p->since) {
    p->attempts++;
    if (outcome == SIM_OUTCOME_OK)
      p->connected++;
  }
  if (p->record != NULL)
    p->record(&rec, p->user);
  g_ptr_array_remove_fast(p->live, a);
  sim_http_client_free(a->conn); /* graceful close once the handshake is done */
  g_free(a);
}

static void
fire(SimScheduler *sched, gpointer data)
{
  SimProbe *p = data;
  p->ev = sim_scheduler_after(sched, p->interval, fire, p);
  SimIp addrs[8];
  guint n = p->targets(p->targets_user, addrs, G_N_ELEMENTS(addrs));
  if (n == 0)
    return;
  Attempt *a = g_new0(Attempt, 1);
  a->probe = p;
  a->start = sim_scheduler_now(sched);
  g_ptr_array_add(p->live, a);
  SimHttpClientParams hp;
  sim_http_client_params_init(&hp);
  hp.dial_timeout = PROBE_DIAL_TIMEOUT;
  hp.read_idle_timeout = 0;
  a->conn = sim_http_client_open(p->tcp, addrs[p->next_target++ % n], 443, &hp, &probe_cb, a);
}

SimProbe *
sim_probe_new(SimHost *host, SimProbeTargetsFunc targets, gpointer targets_user, SimTime interval,
              SimRng *rng, SimClientRecordFunc record, gpointer user)
{
  g_return_val_if_fail(host != NULL && targets != NULL && interval > 0 && rng != NULL, NULL);
  SimProbe *p = g_new0(SimProbe, 1);
  p->host = host;
  p->net = sim_host_network(host);
  p->sched = sim_network_scheduler(p->net);
  p->tcp = sim_tcp_stack_new(host, NULL);
  p->targets = targets;
  p->targets_user = targets_user;
  p->interval = interval;
  p->rng = rng;
  p->record = record;
  p->user = user;
  p->live = g_ptr_array_new();
  return p;
}

void
sim_probe_free(SimProbe *p)
{
  if (p == NULL)
    return;
  if (p->ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(p->sched, p->ev);
  for (guint i = 0; i < p->live->len; i++) {
    Attempt *a = g_ptr_array_index(p->live, i);
    sim_http_client_free(a->conn);
    g_free(a);
  }
  g_ptr_array_free(p->live, TRUE);
  sim_tcp_stack_free(p->tcp);
  g_free(p);
}

void
sim_probe_start(SimProbe *p, SimTime at)
{
  SimTime phase = (SimTime)(sim_rng_uniform(p->rng) * (double)p->interval);
  p->ev = sim_scheduler_at(p->sched, at + phase, fire, p);
}

guint64
sim_probe_attempts(const SimProbe *p)
{
  return p->attempts;
}

guint64
sim_probe_connected(const SimProbe *p)
{
  return p->connected;
}

void
sim_probe_count_from(SimProbe *p, SimTime since)
{
  p->since = since;
}
