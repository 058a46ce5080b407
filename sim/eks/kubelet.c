/* The kubelet (see kubelet.h; facts §5.1, §5.6). */
#include "eks/kubelet.h"

#include <string.h>

#include "net/network.h"
#include "proto/http.h"
#include "proto/stub.h"
#include "proto/tcp.h"

struct _SimKubelet {
  SimHost *host;
  SimNetwork *net;
  SimScheduler *sched;
  SimTcpStack *tcp;
  SimStub *stub;
  SimClient *client;
  SimHttpServer *api; /* 10250 */
  SimKubeletParams p;
  SimNodeLifecycle *nlc;
  guint node;
  SimRng *rng;
  char *name;
  gboolean started, down;
  guint32 generation; /* bumped when the process stops: its requests' callbacks are ignored */
  /* registration */
  gboolean registered, registering;
  SimTime reg_backoff;
  SimEventId reg_ev;
  /* lease */
  SimTime lease_backoff;
  SimEventId lease_ev;
  gboolean lease_inflight;
  /* status */
  SimEventId status_ev;
  gboolean status_inflight, status_dirty;
  SimTime last_report;
  guint64 served;
};

void
sim_kubelet_params_init(SimKubeletParams *p)
{
  p->lease_duration = 40 * SIM_S;
  p->renew_backoff_min = 200 * SIM_MS;
  p->renew_backoff_max = 7 * SIM_S;
  p->register_backoff_min = 100 * SIM_MS;
  p->register_backoff_max = 7 * SIM_S;
  p->status_update = 10 * SIM_S;
  p->status_report = 5 * 60 * SIM_S;
  p->heartbeat_timeout = 10 * SIM_S;
  p->jitter = 0.04;
}

static SimTime
jittered(SimKubelet *k, SimTime period)
{
  return period + (SimTime)(k->p.jitter * sim_rng_uniform(k->rng) * (double)period);
}

static void
cancel(SimKubelet *k, SimEventId *ev)
{
  if (*ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(k->sched, *ev);
  *ev = SIM_EVENT_NONE;
}

static void request(SimKubelet *k, SimVerb verb, SimClientDoneFunc done);

/* ---- status ---- */

static void
status_done(const SimRequestRecord *rec, guint32 generation, gpointer user)
{
  SimKubelet *k = user;
  if (generation != k->generation)
    return; /* made by the process before a restart */
  k->status_inflight = FALSE;
  if (rec->outcome == SIM_OUTCOME_OK) {
    k->last_report = rec->end;
    k->status_dirty = FALSE;
  } else {
    k->status_dirty = TRUE; /* posted again at the next computation */
  }
}

static void
post_status(SimKubelet *k)
{
  k->status_inflight = TRUE;
  request(k, SIM_VERB_STATUS, status_done);
}

/* nodeStatusUpdateFrequency: compute the status; post it if it changed or is due. */
static void
status_tick(SimScheduler *sched, gpointer data)
{
  SimKubelet *k = data;
  SimTime now = sim_scheduler_now(sched);
  k->status_ev = sim_scheduler_after(sched, jittered(k, k->p.status_update), status_tick, k);
  if (!k->registered || k->status_inflight)
    return;
  gboolean changed = k->status_dirty || !sim_nodelifecycle_ready(k->nlc, k->node);
  if (changed || now - k->last_report >= k->p.status_report)
    post_status(k);
}

/* ---- lease ---- */

static void renew(SimScheduler *sched, gpointer data);

static void
lease_done(const SimRequestRecord *rec, guint32 generation, gpointer user)
{
  SimKubelet *k = user;
  if (generation != k->generation)
    return; /* made by the process before a restart */
  k->lease_inflight = FALSE;
  SimTime wait;
  if (rec->outcome == SIM_OUTCOME_OK) {
    k->lease_backoff = 0;
    wait = jittered(k, k->p.lease_duration / 4);
  } else {
    k->lease_backoff = k->lease_backoff == 0 ? k->p.renew_backoff_min
                                             : MIN(2 * k->lease_backoff, k->p.renew_backoff_max);
    wait = k->lease_backoff;
  }
  k->lease_ev = sim_scheduler_after(k->sched, wait, renew, k);
}

static void
renew(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimKubelet *k = data;
  k->lease_ev = SIM_EVENT_NONE;
  k->lease_inflight = TRUE;
  request(k, SIM_VERB_LEASE, lease_done);
}

/* ---- registration ---- */

static void try_register(SimScheduler *sched, gpointer data);

static void
registered(SimKubelet *k)
{
  k->registered = TRUE;
  k->registering = FALSE;
  post_status(k);
  if (k->lease_ev == SIM_EVENT_NONE && !k->lease_inflight)
    renew(k->sched, k);
  if (k->status_ev == SIM_EVENT_NONE)
    k->status_ev = sim_scheduler_after(k->sched, jittered(k, k->p.status_update), status_tick, k);
}

static void
register_done(const SimRequestRecord *rec, guint32 generation, gpointer user)
{
  SimKubelet *k = user;
  if (generation != k->generation)
    return; /* made by the process before a restart */
  if (rec->outcome == SIM_OUTCOME_OK) {
    registered(k);
    return;
  }
  k->reg_backoff = MIN(2 * k->reg_backoff, k->p.register_backoff_max);
  k->reg_ev = sim_scheduler_after(k->sched, k->reg_backoff, try_register, k);
}

static void
try_register(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimKubelet *k = data;
  k->reg_ev = SIM_EVENT_NONE;
  request(k, SIM_VERB_CREATE, register_done);
}

static void
boot(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimKubelet *k = data;
  k->reg_ev = SIM_EVENT_NONE;
  if (k->down)
    return;
  sim_network_trace(k->net, SIM_TRACE_CONN, sim_host_node(k->host), NULL, "%s: kubelet starts",
                    k->name);
  k->registering = TRUE;
  k->reg_backoff = k->p.register_backoff_min;
  k->reg_ev = sim_scheduler_after(k->sched, k->reg_backoff, try_register, k);
}

static void
request(SimKubelet *k, SimVerb verb, SimClientDoneFunc done)
{
  sim_client_request(k->client, verb, k->node + 1, k->p.heartbeat_timeout, done, k, k->generation);
}

/* ---- the kubelet API (10250) ---- */

static void
on_api_request(SimHttpServerConn *sc, SimMsg *req, gpointer user)
{
  SimKubelet *k = user;
  k->served++;
  SimMsg *m = sim_msg_new(k->net, SIM_MSG_HTTP_RESPONSE, req->response_size);
  m->id = req->id;
  m->stream = req->stream;
  m->status = 200;
  m->path = sim_http_server_conn_path_in(sc);
  sim_http_server_respond(sc, m);
  sim_msg_unref(m);
}

/* ---- process lifetime ---- */

static void
stop(SimKubelet *k)
{
  k->generation++;
  cancel(k, &k->reg_ev);
  cancel(k, &k->lease_ev);
  cancel(k, &k->status_ev);
  k->registering = k->lease_inflight = k->status_inflight = FALSE;
  k->lease_backoff = 0;
}

static void
up_hook(SimHost *host, gboolean up, gpointer data)
{
  (void)host;
  SimKubelet *k = data;
  if (!up) {
    k->down = TRUE;
    stop(k);
    sim_client_abort(k->client, SIM_OUTCOME_CONNECTION_RESET, "the node failed");
    k->registered = FALSE; /* the new process registers again (its Node object still exists) */
    return;
  }
  k->down = FALSE;
  if (k->started)
    k->reg_ev = sim_scheduler_after(k->sched, 0, boot, k);
}

SimKubelet *
sim_kubelet_new(SimHost *host, SimIp nameserver, const char *name,
                const SimClientParams *client_params, const SimKubeletParams *params,
                SimNodeLifecycle *nlc, guint node, SimRng *rng, SimClientRecordFunc record,
                gpointer user)
{
  g_return_val_if_fail(host != NULL && nlc != NULL && rng != NULL, NULL);
  g_return_val_if_fail(node < sim_nodelifecycle_n_nodes(nlc), NULL);
  SimKubelet *k = g_new0(SimKubelet, 1);
  k->host = host;
  k->net = sim_host_network(host);
  k->sched = sim_network_scheduler(k->net);
  if (params != NULL)
    k->p = *params;
  else
    sim_kubelet_params_init(&k->p);
  k->nlc = nlc;
  k->node = node;
  k->rng = rng;
  k->name = g_strdup(name);
  k->tcp = sim_tcp_stack_new(host, NULL);
  /* a long-running Go process: no DNS cache of its own (Go's resolver keeps none) */
  k->stub = sim_stub_new(host, nameserver, SIM_STUB_TIMEOUT, SIM_STUB_ATTEMPTS, FALSE);
  SimClientParams cp;
  if (client_params != NULL)
    cp = *client_params;
  else
    sim_client_params_init(&cp);
  cp.reuse = TRUE;
  cp.http = SIM_HTTP_2;
  cp.timeout = k->p.heartbeat_timeout;
  k->client = sim_client_new(k->tcp, k->stub, name, &cp, record, user);
  k->api = sim_http_server_new(k->tcp, SIM_KUBELET_PORT, on_api_request, k);
  sim_host_add_up_hook(host, up_hook, k);
  return k;
}

void
sim_kubelet_free(SimKubelet *k)
{
  if (k == NULL)
    return;
  stop(k);
  sim_http_server_free(k->api);
  sim_client_free(k->client);
  sim_stub_free(k->stub);
  sim_tcp_stack_free(k->tcp);
  g_free(k->name);
  g_free(k);
}

void
sim_kubelet_start(SimKubelet *k, SimTime at)
{
  g_return_if_fail(!k->started);
  k->started = TRUE;
  k->reg_ev = sim_scheduler_at(k->sched, at, boot, k);
}

void
sim_kubelet_reconnect(SimKubelet *k)
{
  sim_client_reset_connections(k->client);
}

SimHost *
sim_kubelet_host(SimKubelet *k)
{
  return k->host;
}

SimClient *
sim_kubelet_client(SimKubelet *k)
{
  return k->client;
}

guint
sim_kubelet_node(const SimKubelet *k)
{
  return k->node;
}

guint64
sim_kubelet_served(const SimKubelet *k)
{
  return k->served;
}
