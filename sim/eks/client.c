/* A kubectl-style client (see client.h).
 *
 * Three objects: a Call (one kubectl invocation: a list of verbs issued one after the other), a
 * Req (one request, through its retries) and a Conn (a connection with its DNS lookup, TCP/TLS
 * set-up and the requests waiting for it or in flight on it). A Conn belongs to its Call
 * (connection = new) or to the client's pool (connection = reuse).
 */
#include "eks/client.h"

#include <gsl/gsl_randist.h>
#include <string.h>

#include "net/network.h"

typedef struct _Conn Conn;
typedef struct _Call Call;
typedef struct _Req Req;

struct _Conn {
  SimClient *cl;
  Call *call; /* owner (connection = new), or NULL (pool) */
  SimHttpClientConn *http;
  guint64 dns_handle;
  SimTime dns_start, dns_end; /* dns_end < 0 while resolving */
  guint32 dns_path;
  gboolean dead;
  GQueue waiting; /* Req*: assigned, not yet sent */
  GQueue sent;    /* Req*: in flight */
  SimEventId svc_ev; /* service address lookup (no DNS) pending */
};

struct _Call {
  SimClient *cl;
  SimVerb *verbs;
  guint n, next;
  Conn *conn;
};

struct _Req {
  SimClient *cl;
  Call *call;
  SimVerb verb;
  guint32 id;
  SimTime start, assigned_at, sent_at;
  guint attempts;
  SimTime phase[SIM_PHASE_COUNT];
  guint32 path;
  Conn *conn;
  SimEventId timeout_ev, backoff_ev;
  guint32 object;          /* SimMsg.object of the request */
  SimClientDoneFunc done;  /* sim_client_request(): told the outcome */
  gpointer done_user;
  guint32 done_tag;
};

typedef enum { LOAD_NONE, LOAD_OPEN, LOAD_CLOSED } LoadKind;

struct _SimClient {
  SimTcpStack *tcp;
  SimStub *stub;
  SimNetwork *net;
  SimScheduler *sched;
  char *name;
  SimClientParams p;
  char *endpoint;
  SimClientRecordFunc record;
  gpointer record_user;
  GPtrArray *pool;   /* Conn*: connection = reuse */
  GPtrArray *calls;  /* Call*: live calls (for cleanup) */
  GPtrArray *reqs;   /* Req*: live requests (for cleanup) */
  guint32 next_id;
  guint64 issued, finished, outcomes[SIM_OUTCOME_COUNT];
  /* workload */
  LoadKind load;
  double rate;
  SimDist *think;
  double weights[SIM_VERB_N];
  SimRng *rng;
  SimEventId load_ev;
  guint burst;       /* calls per arrival (automation bursts) */
  /* kept connections that die */
  SimClientConnLostFunc conn_lost;
  gpointer conn_lost_user;
  /* fixed service addresses instead of DNS (in-cluster pods: the kubernetes service) */
  SimClientAddrFunc svc_addrs;
  gpointer svc_user;
  SimRng *svc_rng;
};

void
sim_client_params_init(SimClientParams *p)
{
  memset(p, 0, sizeof *p);
  p->port = 443;
  p->tls = SIM_TLS_13;
  p->http = SIM_HTTP_2;
  p->dial_timeout = 30 * SIM_S;
  p->tls_timeout = 10 * SIM_S;
  p->timeout = 60 * SIM_S;
  p->retries = 10;
  p->requests_per_call = 1;
  p->read_idle_timeout = 30 * SIM_S;
  p->ping_timeout = 15 * SIM_S;
}

static void req_submit(Req *r);
static void conn_pump(Conn *c);
static void call_next(Call *call);
static void conn_close(Conn *c);

/* ---- requests ---- */

static SimTime
clip(SimTime a, SimTime b, SimTime lo, SimTime hi)
{
  SimTime s = MAX(a, lo), e = MIN(b, hi);
  return e > s ? e - s : 0;
}

/* Adds the part of @c's set-up (DNS, TCP, TLS) that @r waited through since it was assigned. */
static void
account_setup(Req *r, Conn *c, SimTime now)
{
  SimTime lo = r->assigned_at;
  if (c->dns_start >= 0)
    r->phase[SIM_PHASE_DNS] += clip(c->dns_start, c->dns_end >= 0 ? c->dns_end : now, lo, now);
  r->path |= c->dns_path;
  if (c->http != NULL) {
    SimTime opened = sim_http_client_opened_at(c->http);
    SimTime connected = sim_http_client_connected_at(c->http);
    SimTime ready = sim_http_client_ready_at(c->http);
    r->phase[SIM_PHASE_CONNECT] += clip(opened, connected >= 0 ? connected : now, lo, now);
    if (connected >= 0)
      r->phase[SIM_PHASE_TLS] += clip(connected, ready >= 0 ? ready : now, lo, now);
  }
  r->assigned_at = now; /* not counted twice */
}

static void
req_detach(Req *r)
{
  if (r->conn != NULL) {
    g_queue_remove(&r->conn->waiting, r);
    g_queue_remove(&r->conn->sent, r);
    if (r->conn->http != NULL && sim_http_client_version(r->conn->http) == SIM_HTTP_2)
      sim_http_client_forget(r->conn->http, r->id);
  }
  r->conn = NULL;
}

static void
req_finish(Req *r, SimOutcome outcome, const char *detail)
{
  SimClient *cl = r->cl;
  SimTime now = sim_scheduler_now(cl->sched);
  if (r->timeout_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(cl->sched, r->timeout_ev);
  if (r->backoff_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(cl->sched, r->backoff_ev);
  Conn *c = r->conn;
  if (c != NULL && c->http != NULL)
    r->path |= sim_http_client_path_in(c->http);
  req_detach(r);
  SimRequestRecord rec = { 0 };
  rec.start = r->start;
  rec.end = now;
  rec.outcome = outcome;
  memcpy(rec.phase, r->phase, sizeof rec.phase);
  rec.verb = sim_verb_name(r->verb);
  rec.attempts = r->attempts;
  rec.path = r->path;
  rec.detail = detail;
  cl->finished++;
  cl->outcomes[outcome]++;
  sim_network_trace(cl->net, SIM_TRACE_CONN, sim_host_node(sim_tcp_stack_host(cl->tcp)), NULL,
                    "%s: %s request ends %s after %gs%s%s", cl->name, rec.verb,
                    sim_outcome_name(outcome), sim_time_to_s(now - r->start), detail ? ": " : "",
                    detail ? detail : "");
  if (cl->record != NULL)
    cl->record(&rec, cl->record_user);
  if (r->done != NULL)
    r->done(&rec, r->done_tag, r->done_user);
  Call *call = r->call;
  g_ptr_array_remove_fast(cl->reqs, r);
  g_free(r);
  /* an HTTP/1.1 connection that just freed up may carry a waiting request */
  if (c != NULL && !c->dead)
    conn_pump(c);
  if (call != NULL) {
    if (outcome != SIM_OUTCOME_OK)
      call->next = call->n; /* kubectl stops at the first error */
    call_next(call); /* may close and free @c */
  }
}

static void
req_timeout(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Req *r = data;
  r->timeout_ev = SIM_EVENT_NONE;
  Conn *c = r->conn;
  if (c != NULL) {
    account_setup(r, c, sim_scheduler_now(r->cl->sched));
    if (c->http != NULL)
      r->path |= sim_http_client_path_in(c->http);
    if (c->http != NULL && g_queue_find(&c->sent, r) != NULL &&
        sim_http_client_version(c->http) == SIM_HTTP_11) {
      /* HTTP/1.1 cannot abandon a request but by closing the connection */
      req_detach(r);
      conn_close(c);
    }
  }
  req_finish(r, SIM_OUTCOME_REQUEST_TIMEOUT, "no response within the client's timeout");
}

static void
req_backoff_done(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Req *r = data;
  r->backoff_ev = SIM_EVENT_NONE;
  r->phase[SIM_PHASE_TRANSFER] += sim_scheduler_now(r->cl->sched) - r->assigned_at;
  req_submit(r);
}

static Req *
req_new_timeout(SimClient *cl, Call *call, SimVerb verb, SimTime timeout)
{
  Req *r = g_new0(Req, 1);
  r->cl = cl;
  r->call = call;
  r->verb = verb;
  r->id = ++cl->next_id;
  r->start = sim_scheduler_now(cl->sched);
  g_ptr_array_add(cl->reqs, r);
  cl->issued++;
  if (timeout > 0)
    r->timeout_ev = sim_scheduler_after(cl->sched, timeout, req_timeout, r);
  return r;
}

static Req *
req_new(SimClient *cl, Call *call, SimVerb verb)
{
  return req_new_timeout(cl, call, verb, cl->p.timeout);
}

/* ---- connections ---- */

static void http_ready(SimHttpClientConn *h, gpointer user);
static void http_response(SimHttpClientConn *h, SimMsg *resp, gpointer user);
static void http_failed(SimHttpClientConn *h, SimHttpError err, gpointer user);
static const SimHttpClientCallbacks http_cb = { http_ready, http_response, http_failed };

static void
conn_free(Conn *c)
{
  if (c->dns_handle != 0)
    sim_stub_cancel(c->cl->stub, c->dns_handle);
  if (c->svc_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->cl->sched, c->svc_ev);
  sim_http_client_free(c->http);
  g_queue_clear(&c->waiting);
  g_queue_clear(&c->sent);
  g_free(c);
}

/* Takes @c out of service: nothing new is assigned to it. */
static void
conn_unlink(Conn *c)
{
  c->dead = TRUE;
  if (c->call != NULL && c->call->conn == c)
    c->call->conn = NULL;
  g_ptr_array_remove(c->cl->pool, c);
}

/* Fails every request on @c with @outcome and frees it. */
static void
conn_fail(Conn *c, SimOutcome outcome, const char *detail, guint32 drop_path)
{
  SimClient *cl = c->cl;
  SimTime now = sim_scheduler_now(cl->sched);
  gboolean pooled = c->call == NULL;
  conn_unlink(c);
  while (!g_queue_is_empty(&c->sent) || !g_queue_is_empty(&c->waiting)) {
    Req *r = !g_queue_is_empty(&c->sent) ? g_queue_peek_head(&c->sent) : g_queue_peek_head(&c->waiting);
    account_setup(r, c, now);
    r->path |= drop_path;
    req_finish(r, outcome, detail);
  }
  conn_free(c);
  if (pooled && cl->conn_lost != NULL)
    cl->conn_lost(cl, cl->conn_lost_user);
}

/* Closes @c (no request is on it any more, or those left are failed as reset). */
static void
conn_close(Conn *c)
{
  if (!g_queue_is_empty(&c->sent) || !g_queue_is_empty(&c->waiting)) {
    conn_fail(c, SIM_OUTCOME_CONNECTION_RESET, "connection closed by the client", 0);
    return;
  }
  conn_unlink(c);
  conn_free(c);
}

static void
conn_open_http(Conn *c, SimIp addr)
{
  SimClient *cl = c->cl;
  SimHttpClientParams hp;
  sim_http_client_params_init(&hp);
  hp.tls = cl->p.tls;
  hp.http = cl->p.http;
  hp.dial_timeout = cl->p.dial_timeout;
  hp.tls_timeout = cl->p.tls_timeout;
  hp.read_idle_timeout = cl->p.http == SIM_HTTP_2 ? cl->p.read_idle_timeout : 0;
  hp.ping_timeout = cl->p.ping_timeout;
  c->http = sim_http_client_open(cl->tcp, addr, cl->p.port, &hp, &http_cb, c);
}

static void
dns_done(const SimDnsResult *res, gpointer user)
{
  Conn *c = user;
  SimClient *cl = c->cl;
  c->dns_handle = 0;
  c->dns_end = sim_scheduler_now(cl->sched);
  c->dns_path = res->path;
  switch (res->status) {
  case SIM_DNS_RESULT_OK:
    break;
  case SIM_DNS_RESULT_NXDOMAIN:
    conn_fail(c, SIM_OUTCOME_DNS_NXDOMAIN, "the name does not resolve (NXDOMAIN or no address)", 0);
    return;
  case SIM_DNS_RESULT_SERVFAIL:
    conn_fail(c, SIM_OUTCOME_DNS_TIMEOUT, "the resolver failed (SERVFAIL)", 0);
    return;
  case SIM_DNS_RESULT_TIMEOUT:
  default:
    conn_fail(c, SIM_OUTCOME_DNS_TIMEOUT,
              res->dropped ? sim_drop_reason_text(res->drop) : "no answer from the resolver", 0);
    return;
  }
  conn_open_http(c, res->addr[0]);
}

/* The kubernetes service (no DNS): kube-proxy picks one of its endpoints at random per
 * connection (iptables mode), facts §4. */
static void
svc_lookup(SimScheduler *sched, gpointer data)
{
  Conn *c = data;
  SimClient *cl = c->cl;
  c->svc_ev = SIM_EVENT_NONE;
  c->dns_end = sim_scheduler_now(sched);
  SimIp addrs[SIM_DNS_MAX_ANSWERS];
  guint n = cl->svc_addrs(cl->svc_user, addrs, SIM_DNS_MAX_ANSWERS);
  if (n == 0) {
    conn_fail(c, SIM_OUTCOME_NO_ROUTE, "the kubernetes service has no endpoints", 0);
    return;
  }
  guint k = n > 1 ? (guint)gsl_rng_uniform_int(sim_rng_gsl(cl->svc_rng), n) : 0;
  conn_open_http(c, addrs[k]);
}

static Conn *
conn_new(SimClient *cl, Call *call)
{
  Conn *c = g_new0(Conn, 1);
  c->cl = cl;
  c->call = call;
  c->dns_start = sim_scheduler_now(cl->sched);
  c->dns_end = -1;
  g_queue_init(&c->waiting);
  g_queue_init(&c->sent);
  if (call != NULL)
    call->conn = c;
  else
    g_ptr_array_add(cl->pool, c);
  if (cl->svc_addrs != NULL) {
    c->dns_start = -1; /* no DNS: the service address comes from the environment */
    c->svc_ev = sim_scheduler_after(cl->sched, 0, svc_lookup, c);
  } else {
    c->dns_handle = sim_stub_resolve(cl->stub, cl->endpoint, dns_done, c);
  }
  return c;
}

static void
conn_pump(Conn *c)
{
  SimClient *cl = c->cl;
  if (c->dead || c->http == NULL)
    return;
  SimTime now = sim_scheduler_now(cl->sched);
  while (!g_queue_is_empty(&c->waiting) && sim_http_client_can_send(c->http)) {
    Req *r = g_queue_pop_head(&c->waiting);
    account_setup(r, c, now);
    r->attempts++;
    r->sent_at = now;
    g_queue_push_tail(&c->sent, r);
    sim_http_client_send_object(c->http, (guint8)r->verb, sim_verb_request_size(r->verb),
                                sim_verb_response_size(r->verb), r->id, r->object);
  }
}

static void
http_ready(SimHttpClientConn *h, gpointer user)
{
  (void)h;
  conn_pump(user);
}

static void
http_response(SimHttpClientConn *h, SimMsg *resp, gpointer user)
{
  Conn *c = user;
  SimClient *cl = c->cl;
  Req *r = NULL;
  for (GList *l = c->sent.head; l != NULL; l = l->next) {
    if (((Req *)l->data)->id == resp->id) {
      r = l->data;
      break;
    }
  }
  if (r == NULL)
    return;
  SimTime now = sim_scheduler_now(cl->sched);
  SimTime rtt = now - r->sent_at;
  r->phase[SIM_PHASE_QUEUE] += resp->queue_time;
  r->phase[SIM_PHASE_SERVICE] += resp->service_time;
  SimTime rest = rtt - resp->queue_time - resp->service_time;
  r->phase[SIM_PHASE_TRANSFER] += rest > 0 ? rest : 0;
  r->path |= resp->path | sim_http_client_path_in(h);
  g_queue_remove(&c->sent, r);
  guint status = resp->status;
  gboolean retryable = status == 429 || (status >= 500 && resp->retry_after > 0);
  if (status >= 200 && status < 300) {
    r->conn = NULL;
    req_finish(r, SIM_OUTCOME_OK, NULL);
  } else if (retryable && r->attempts <= cl->p.retries) {
    r->conn = NULL;
    r->assigned_at = now;
    sim_network_trace(cl->net, SIM_TRACE_CONN, sim_host_node(sim_tcp_stack_host(cl->tcp)), NULL,
                      "%s: HTTP %u, retry %u in %gs", cl->name, status, r->attempts,
                      sim_time_to_s(resp->retry_after));
    r->backoff_ev = sim_scheduler_after(cl->sched, resp->retry_after, req_backoff_done, r);
    conn_pump(c);
  } else {
    r->conn = NULL;
    req_finish(r, status == 429 ? SIM_OUTCOME_HTTP_429 : SIM_OUTCOME_HTTP_5XX,
               status == 429 ? "HTTP 429 Too Many Requests" : "HTTP 5xx from the server");
  }
}

static void
http_failed(SimHttpClientConn *h, SimHttpError err, gpointer user)
{
  Conn *c = user;
  SimOutcome outcome;
  const char *detail = NULL;
  SimDropReason why;
  guint32 drop_path = 0;
  gboolean dropped = sim_http_client_last_drop(h, &why, &drop_path);
  switch (err) {
  case SIM_HTTP_ERR_CONNECT_TIMEOUT:
    outcome = SIM_OUTCOME_CONNECT_TIMEOUT;
    detail = dropped ? sim_drop_reason_text(why) : "no answer to the connection attempt";
    break;
  case SIM_HTTP_ERR_UNREACHABLE:
    outcome = SIM_OUTCOME_NO_ROUTE;
    detail = "destination unreachable: no route";
    break;
  case SIM_HTTP_ERR_TLS_TIMEOUT:
    outcome = SIM_OUTCOME_TLS_TIMEOUT;
    detail = dropped ? sim_drop_reason_text(why) : "the TLS handshake did not complete in time";
    break;
  case SIM_HTTP_ERR_PING_TIMEOUT:
    outcome = SIM_OUTCOME_CONNECTION_RESET;
    detail = "HTTP/2 health check: PING unanswered, connection closed";
    break;
  case SIM_HTTP_ERR_REFUSED:
    outcome = SIM_OUTCOME_CONNECTION_RESET;
    detail = "connection refused (RST)";
    break;
  case SIM_HTTP_ERR_TCP_TIMEOUT:
    outcome = SIM_OUTCOME_CONNECTION_RESET;
    detail = "TCP retransmissions exhausted";
    break;
  case SIM_HTTP_ERR_RESET:
  case SIM_HTTP_ERR_CLOSED:
  default:
    outcome = SIM_OUTCOME_CONNECTION_RESET;
    detail = "connection reset";
    break;
  }
  conn_fail(c, outcome, detail, dropped ? drop_path : 0);
}

/* ---- assignment ---- */

static Conn *
pick_conn(SimClient *cl, Call *call)
{
  if (!cl->p.reuse) {
    if (call != NULL && call->conn != NULL && !call->conn->dead)
      return call->conn;
    return conn_new(cl, call);
  }
  if (cl->p.http == SIM_HTTP_2) {
    for (guint i = 0; i < cl->pool->len; i++) {
      Conn *c = g_ptr_array_index(cl->pool, i);
      if (!c->dead)
        return c;
    }
    return conn_new(cl, NULL);
  }
  /* HTTP/1.1 pool: a connection with nothing on it */
  for (guint i = 0; i < cl->pool->len; i++) {
    Conn *c = g_ptr_array_index(cl->pool, i);
    if (!c->dead && g_queue_is_empty(&c->waiting) && g_queue_is_empty(&c->sent))
      return c;
  }
  return conn_new(cl, NULL);
}

static void
req_submit(Req *r)
{
  SimClient *cl = r->cl;
  Conn *c = pick_conn(cl, cl->p.reuse ? NULL : r->call);
  r->conn = c;
  r->assigned_at = sim_scheduler_now(cl->sched);
  g_queue_push_tail(&c->waiting, r);
  conn_pump(c);
}

/* ---- calls ---- */

static void load_next(SimClient *cl);
static void make_call(SimClient *cl);

static void
call_next(Call *call)
{
  SimClient *cl = call->cl;
  if (call->next < call->n) {
    Req *r = req_new(cl, call, call->verbs[call->next++]);
    req_submit(r);
    return;
  }
  /* the call is over */
  if (call->conn != NULL) {
    Conn *c = call->conn;
    call->conn = NULL;
    c->call = NULL;
    conn_close(c);
  }
  g_ptr_array_remove_fast(cl->calls, call);
  g_free(call->verbs);
  g_free(call);
  if (cl->load == LOAD_CLOSED)
    load_next(cl);
}

void
sim_client_call(SimClient *cl, const SimVerb *verbs, guint n)
{
  g_return_if_fail(n > 0);
  Call *call = g_new0(Call, 1);
  call->cl = cl;
  call->verbs = g_new(SimVerb, n);
  memcpy(call->verbs, verbs, n * sizeof(SimVerb));
  call->n = n;
  g_ptr_array_add(cl->calls, call);
  call_next(call);
}

/* ---- workloads ---- */

static SimVerb
draw_verb(SimClient *cl)
{
  double u = sim_rng_uniform(cl->rng), acc = 0;
  guint last = 0;
  for (guint v = 0; v < SIM_VERB_N; v++) {
    if (cl->weights[v] <= 0)
      continue;
    last = v;
    acc += cl->weights[v];
    if (u < acc)
      return (SimVerb)v;
  }
  return (SimVerb)last;
}

static void
make_call(SimClient *cl)
{
  guint n = MAX(cl->p.requests_per_call, 1u);
  SimVerb *verbs = g_new(SimVerb, n);
  for (guint i = 0; i < n; i++)
    verbs[i] = draw_verb(cl);
  sim_client_call(cl, verbs, n);
  g_free(verbs);
}

void
sim_client_burst(SimClient *cl, guint calls)
{
  g_return_if_fail(cl != NULL);
  for (guint i = 0; i < calls; i++) {
    if (cl->rng != NULL) {
      make_call(cl);
    } else {
      SimVerb get = SIM_VERB_GET;
      sim_client_call(cl, &get, 1);
    }
  }
}

static void
load_fire(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimClient *cl = data;
  cl->load_ev = SIM_EVENT_NONE;
  if (cl->load == LOAD_OPEN) {
    /* the next arrival first, so a call's own draws never shift the arrival process */
    double gap = gsl_ran_exponential(sim_rng_gsl(cl->rng), 1.0 / cl->rate);
    cl->load_ev = sim_scheduler_after(cl->sched, sim_time_from_s(gap), load_fire, cl);
  }
  if (cl->load != LOAD_NONE)
    sim_client_burst(cl, MAX(cl->burst, 1u));
}

static void
load_next(SimClient *cl)
{
  if (cl->load != LOAD_CLOSED || cl->load_ev != SIM_EVENT_NONE || cl->calls->len > 0)
    return; /* a burst's think time starts when its last call is over */
  SimTime think = cl->think != NULL ? sim_dist_sample_time(cl->think, cl->rng) : 0;
  cl->load_ev = sim_scheduler_after(cl->sched, think, load_fire, cl);
}

static void
set_weights(SimClient *cl, const double *weights)
{
  double sum = 0;
  for (guint v = 0; v < SIM_VERB_N; v++)
    sum += weights[v] > 0 ? weights[v] : 0;
  for (guint v = 0; v < SIM_VERB_N; v++)
    cl->weights[v] = sum > 0 && weights[v] > 0 ? weights[v] / sum : 0;
  if (sum <= 0)
    cl->weights[SIM_VERB_GET] = 1;
}

void
sim_client_start_open_loop(SimClient *cl, double rate, const double *weights, SimRng *rng,
                           SimTime start)
{
  g_return_if_fail(rate > 0 && rng != NULL);
  cl->load = LOAD_OPEN;
  cl->rate = rate;
  cl->rng = rng;
  set_weights(cl, weights);
  double gap = gsl_ran_exponential(sim_rng_gsl(rng), 1.0 / rate);
  cl->load_ev = sim_scheduler_at(cl->sched, start + sim_time_from_s(gap), load_fire, cl);
}

void
sim_client_start_closed_loop(SimClient *cl, SimDist *think, const double *weights, SimRng *rng,
                             SimTime start)
{
  g_return_if_fail(rng != NULL);
  cl->load = LOAD_CLOSED;
  cl->think = think ? sim_dist_ref(think) : NULL;
  cl->rng = rng;
  set_weights(cl, weights);
  cl->load_ev = sim_scheduler_at(cl->sched, start, load_fire, cl);
}

void
sim_client_set_burst(SimClient *cl, guint calls)
{
  cl->burst = MAX(calls, 1u);
}

void
sim_client_request(SimClient *cl, SimVerb verb, guint32 object, SimTime timeout,
                   SimClientDoneFunc done, gpointer user, guint32 tag)
{
  Req *r = req_new_timeout(cl, NULL, verb, timeout);
  r->object = object;
  r->done = done;
  r->done_user = user;
  r->done_tag = tag;
  req_submit(r);
}

void
sim_client_abort(SimClient *cl, SimOutcome outcome, const char *detail)
{
  sim_client_reset_connections(cl);
  while (cl->reqs->len > 0) {
    Req *r = g_ptr_array_index(cl->reqs, cl->reqs->len - 1);
    req_finish(r, outcome, detail);
  }
}

void
sim_client_reset_connections(SimClient *cl)
{
  while (cl->pool->len > 0) {
    Conn *c = g_ptr_array_index(cl->pool, cl->pool->len - 1);
    if (c->http != NULL && sim_http_client_ready(c->http))
      sim_network_trace(cl->net, SIM_TRACE_CONN, sim_host_node(sim_tcp_stack_host(cl->tcp)), NULL,
                        "%s: closes its connection to reconnect", cl->name);
    conn_fail(c, SIM_OUTCOME_CONNECTION_RESET, "connection closed by the client (reconnect)", 0);
  }
}

void
sim_client_set_conn_lost(SimClient *cl, SimClientConnLostFunc func, gpointer user)
{
  cl->conn_lost = func;
  cl->conn_lost_user = user;
}

void
sim_client_set_service(SimClient *cl, SimClientAddrFunc addrs, gpointer user, SimRng *rng)
{
  g_return_if_fail(addrs == NULL || rng != NULL);
  cl->svc_addrs = addrs;
  cl->svc_user = user;
  cl->svc_rng = rng;
}

gboolean
sim_client_connected(const SimClient *cl)
{
  for (guint i = 0; i < cl->pool->len; i++) {
    const Conn *c = g_ptr_array_index(cl->pool, i);
    if (!c->dead && c->http != NULL && sim_http_client_ready(c->http))
      return TRUE;
  }
  return FALSE;
}

void
sim_client_stop(SimClient *cl)
{
  cl->load = LOAD_NONE;
  if (cl->load_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(cl->sched, cl->load_ev);
  cl->load_ev = SIM_EVENT_NONE;
}

/* ---- lifetime ---- */

SimClient *
sim_client_new(SimTcpStack *tcp, SimStub *stub, const char *name, const SimClientParams *params,
               SimClientRecordFunc record, gpointer user)
{
  SimClient *cl = g_new0(SimClient, 1);
  cl->tcp = tcp;
  cl->stub = stub;
  cl->net = sim_host_network(sim_tcp_stack_host(tcp));
  cl->sched = sim_network_scheduler(cl->net);
  cl->name = g_strdup(name);
  if (params != NULL)
    cl->p = *params;
  else
    sim_client_params_init(&cl->p);
  cl->endpoint = g_strdup(cl->p.endpoint != NULL ? cl->p.endpoint : "localhost");
  cl->p.endpoint = cl->endpoint;
  cl->record = record;
  cl->record_user = user;
  cl->pool = g_ptr_array_new();
  cl->calls = g_ptr_array_new();
  cl->reqs = g_ptr_array_new();
  return cl;
}

void
sim_client_free(SimClient *cl)
{
  if (cl == NULL)
    return;
  sim_client_stop(cl);
  /* requests, calls and connections still alive at the end of the run: dropped unrecorded */
  for (guint i = 0; i < cl->reqs->len; i++) {
    Req *r = g_ptr_array_index(cl->reqs, i);
    if (r->timeout_ev != SIM_EVENT_NONE)
      sim_scheduler_cancel(cl->sched, r->timeout_ev);
    if (r->backoff_ev != SIM_EVENT_NONE)
      sim_scheduler_cancel(cl->sched, r->backoff_ev);
    g_free(r);
  }
  GPtrArray *conns = g_ptr_array_new();
  for (guint i = 0; i < cl->calls->len; i++) {
    Call *call = g_ptr_array_index(cl->calls, i);
    if (call->conn != NULL)
      g_ptr_array_add(conns, call->conn);
    g_free(call->verbs);
    g_free(call);
  }
  for (guint i = 0; i < cl->pool->len; i++)
    g_ptr_array_add(conns, g_ptr_array_index(cl->pool, i));
  for (guint i = 0; i < conns->len; i++)
    conn_free(g_ptr_array_index(conns, i));
  g_ptr_array_free(conns, TRUE);
  g_ptr_array_free(cl->pool, TRUE);
  g_ptr_array_free(cl->calls, TRUE);
  g_ptr_array_free(cl->reqs, TRUE);
  if (cl->think != NULL)
    sim_dist_unref(cl->think);
  g_free(cl->endpoint);
  g_free(cl->name);
  g_free(cl);
}

const char *
sim_client_name(const SimClient *cl)
{
  return cl->name;
}

guint64
sim_client_issued(const SimClient *cl)
{
  return cl->issued;
}

guint64
sim_client_finished(const SimClient *cl)
{
  return cl->finished;
}

guint64
sim_client_outcomes(const SimClient *cl, SimOutcome outcome)
{
  g_return_val_if_fail(outcome < SIM_OUTCOME_COUNT, 0);
  return cl->outcomes[outcome];
}

guint
sim_client_outstanding(const SimClient *cl)
{
  return cl->reqs->len;
}
