/* API server instance (see apiserver.h). Jobs come from a free list; the queue is a ring. */
#include "eks/apiserver.h"

#include <string.h>

#include "net/network.h"

#define REJECT_BODY 150 /* the 429 Status object */

typedef struct _Job Job;
struct _Job {
  SimApiServer *api;
  Job *next_free;
  Job *prev, *next;      /* the list of jobs in service or writing to etcd */
  SimHttpServerConn *sc; /* referenced */
  guint32 id, stream;
  SimVerb verb;
  gboolean mutating, exempt;
  guint32 path;
  SimTime arrived, started, served;
  guint epoch;
  guint32 object;           /* SimMsg.object of the request */
  guint32 response_size;    /* body of the response */
  SimHttpClientConn *kconn; /* the kubelet leg of logs/exec, while it runs */
};

struct _SimApiServer {
  SimTcpStack *tcp;
  SimHost *host;
  SimNetwork *net;
  SimScheduler *sched;
  SimHttpServer *http;
  SimApiServerParams p;
  SimEtcdClient *etcd;
  SimRng *rng;
  guint index;
  Job **queue;
  guint q_head, q_len, q_cap, q_peak;
  guint q_peak_taken; /* a second peak, taken by the fault windows (sim_apiserver_take_peak) */
  guint busy;
  guint inflight_ro, inflight_mut;
  guint epoch;
  Job *free;
  Job *active;           /* head of the in-service list */
  GPtrArray *chunks;
  guint64 served, rejected;
  SimApiCommitFunc commit;
  gpointer commit_user;
  SimApiKubeletPickFunc pick;
  gpointer pick_user;
  guint64 kubelet_calls, kubelet_failures;
};

void
sim_apiserver_params_init(SimApiServerParams *p)
{
  memset(p, 0, sizeof *p);
  p->workers = 16;
  p->max_inflight_readonly = 400;
  p->max_inflight_mutating = 200;
  p->retry_after = 1 * SIM_S;
  for (guint v = 0; v < SIM_VERB_N; v++)
    p->response_size[v] = sim_verb_response_size((SimVerb)v);
}

static Job *
job_new(SimApiServer *api)
{
  if (api->free == NULL) {
    Job *chunk = g_new(Job, 64);
    g_ptr_array_add(api->chunks, chunk);
    for (guint i = 0; i < 64; i++) {
      chunk[i].next_free = api->free;
      api->free = &chunk[i];
    }
  }
  Job *j = api->free;
  api->free = j->next_free;
  memset(j, 0, sizeof *j);
  j->api = api;
  j->epoch = api->epoch;
  return j;
}

static void
active_add(SimApiServer *api, Job *j)
{
  j->prev = NULL;
  j->next = api->active;
  if (api->active != NULL)
    api->active->prev = j;
  api->active = j;
}

static void
active_remove(SimApiServer *api, Job *j)
{
  if (j->prev != NULL)
    j->prev->next = j->next;
  else if (api->active == j)
    api->active = j->next;
  if (j->next != NULL)
    j->next->prev = j->prev;
  j->prev = j->next = NULL;
}

static void
job_free(Job *j)
{
  SimApiServer *api = j->api;
  if (j->sc != NULL)
    sim_http_server_conn_unref(j->sc);
  j->sc = NULL;
  j->next_free = api->free;
  api->free = j;
}

static void
respond(SimApiServer *api, SimHttpServerConn *sc, guint32 id, guint32 stream, guint16 status,
        guint32 body, SimTime retry_after, SimTime queue, SimTime service, guint32 path)
{
  SimMsg *m = sim_msg_new(api->net, SIM_MSG_HTTP_RESPONSE, body);
  m->id = id;
  m->stream = stream;
  m->status = status;
  m->retry_after = retry_after;
  m->queue_time = queue;
  m->service_time = service;
  m->path = path;
  m->server = api->index;
  sim_http_server_respond(sc, m);
  sim_msg_unref(m);
}

static void start_next(SimApiServer *api);

static void
job_complete(Job *j)
{
  SimApiServer *api = j->api;
  SimTime now = sim_scheduler_now(api->sched);
  respond(api, j->sc, j->id, j->stream, 200, api->p.response_size[j->verb], 0, j->started - j->arrived,
          now - j->started, j->path);
  api->served++;
  if (j->object != 0 && api->commit != NULL)
    api->commit(j->verb, j->object - 1, now, api->commit_user);
  if (!j->exempt) {
    if (j->mutating)
      api->inflight_mut--;
    else
      api->inflight_ro--;
  }
  api->busy--;
  active_remove(api, j);
  job_free(j);
  start_next(api);
}

static void
etcd_done(gpointer user)
{
  job_complete(user);
}

/* The instance failed while the job's write was pending. */
static void
etcd_cancelled(gpointer user)
{
  Job *j = user;
  active_remove(j->api, j);
  job_free(j);
}

/* ---- the kubelet leg of logs and exec ---- */

#define KUBELET_DIAL_TIMEOUT (5 * SIM_S) /* kube-apiserver --kubelet-timeout */
#define ERROR_BODY 200

/* Answers @j after its kubelet leg and frees it (its worker was released before the leg). */
static void
kubelet_leg_end(Job *j, guint16 status, guint32 extra_path)
{
  SimApiServer *api = j->api;
  SimTime now = sim_scheduler_now(api->sched);
  if (j->kconn != NULL) {
    extra_path |= sim_http_client_path_in(j->kconn);
    sim_http_client_free(j->kconn);
    j->kconn = NULL;
  }
  respond(api, j->sc, j->id, j->stream, status, status == 200 ? api->p.response_size[j->verb] : ERROR_BODY,
          0, j->started - j->arrived, now - j->started, j->path | extra_path);
  if (status == 200)
    api->served++;
  active_remove(api, j);
  job_free(j);
}

static void
kleg_ready(SimHttpClientConn *h, gpointer user)
{
  Job *j = user;
  sim_http_client_send(h, (guint8)j->verb, 0, j->response_size, j->id);
}

static void
kleg_response(SimHttpClientConn *h, SimMsg *resp, gpointer user)
{
  (void)h;
  Job *j = user;
  kubelet_leg_end(j, resp->status >= 200 && resp->status < 300 ? 200 : 502, resp->path);
}

static void
kleg_failed(SimHttpClientConn *h, SimHttpError err, gpointer user)
{
  Job *j = user;
  SimApiServer *api = j->api;
  SimDropReason why;
  guint32 drop_path = 0;
  sim_http_client_last_drop(h, &why, &drop_path);
  api->kubelet_failures++;
  sim_network_trace(api->net, SIM_TRACE_CONN, sim_host_node(api->host), NULL,
                    "%s: %s: kubelet call failed (%s): 502", sim_host_name(api->host),
                    sim_verb_name(j->verb), sim_http_error_name(err));
  kubelet_leg_end(j, 502, drop_path);
}

static const SimHttpClientCallbacks kleg_cb = { kleg_ready, kleg_response, kleg_failed };

static void
kubelet_leg_start(SimApiServer *api, Job *j)
{
  /* the worker is free again: exec and logs are long-running */
  api->busy--;
  start_next(api);
  SimIp node = api->pick(api->rng, api->pick_user);
  if (node == 0) {
    sim_network_trace(api->net, SIM_TRACE_CONN, sim_host_node(api->host), NULL,
                      "%s: %s: no registered node to call: 503", sim_host_name(api->host),
                      sim_verb_name(j->verb));
    kubelet_leg_end(j, 503, 0);
    return;
  }
  api->kubelet_calls++;
  SimHttpClientParams hp;
  sim_http_client_params_init(&hp);
  hp.tls = SIM_TLS_13;
  /* exec and port-forward upgrade an HTTP/1.1 connection (SPDY / WebSocket); logs is plain */
  hp.http = j->verb == SIM_VERB_EXEC || j->verb == SIM_VERB_PORT_FORWARD ? SIM_HTTP_11 : SIM_HTTP_2;
  hp.dial_timeout = KUBELET_DIAL_TIMEOUT;
  hp.read_idle_timeout = 0;
  if (G_UNLIKELY(sim_network_tracing(api->net))) {
    char b[16];
    sim_network_trace(api->net, SIM_TRACE_CONN, sim_host_node(api->host), NULL,
                      "%s: %s: calls the kubelet at %s:10250", sim_host_name(api->host),
                      sim_verb_name(j->verb), sim_ip_format(node, b));
  }
  j->kconn = sim_http_client_open(api->tcp, node, 10250, &hp, &kleg_cb, j);
}

static void
service_done(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Job *j = data;
  SimApiServer *api = j->api;
  if (j->epoch != api->epoch) {
    /* the instance failed meanwhile: the job died with it */
    active_remove(api, j);
    job_free(j);
    return;
  }
  if (api->pick != NULL && (j->verb == SIM_VERB_LOGS || j->verb == SIM_VERB_EXEC ||
                            j->verb == SIM_VERB_PORT_FORWARD)) {
    kubelet_leg_start(api, j);
    return;
  }
  if (j->mutating && api->etcd != NULL) {
    sim_etcd_client_write(api->etcd, sim_verb_request_size(j->verb), etcd_done, j);
    return;
  }
  job_complete(j);
}

static void
start_job(SimApiServer *api, Job *j)
{
  api->busy++;
  active_add(api, j);
  j->started = sim_scheduler_now(api->sched);
  SimDist *d = api->p.service[j->verb];
  SimTime t = d != NULL ? sim_dist_sample_time(d, api->rng) : 0;
  sim_scheduler_after(api->sched, t, service_done, j);
}

static void
start_next(SimApiServer *api)
{
  while (api->busy < api->p.workers && api->q_len > 0) {
    Job *j = api->queue[api->q_head];
    api->q_head = (api->q_head + 1) % api->q_cap;
    api->q_len--;
    start_job(api, j);
  }
}

static void
enqueue(SimApiServer *api, Job *j)
{
  if (api->q_len == api->q_cap) {
    guint ncap = api->q_cap ? api->q_cap * 2 : 64;
    Job **nq = g_new(Job *, ncap);
    for (guint i = 0; i < api->q_len; i++)
      nq[i] = api->queue[(api->q_head + i) % api->q_cap];
    g_free(api->queue);
    api->queue = nq;
    api->q_cap = ncap;
    api->q_head = 0;
  }
  api->queue[(api->q_head + api->q_len) % api->q_cap] = j;
  api->q_len++;
  if (api->q_len > api->q_peak)
    api->q_peak = api->q_len;
  if (api->q_len > api->q_peak_taken)
    api->q_peak_taken = api->q_len;
}

static void
on_request(SimHttpServerConn *sc, SimMsg *req, gpointer user)
{
  SimApiServer *api = user;
  SimVerb verb = req->verb < SIM_VERB_N ? (SimVerb)req->verb : SIM_VERB_GET;
  gboolean mutating = sim_verb_is_mutating(verb);
  gboolean exempt = sim_verb_is_long_running(verb);
  guint32 path = sim_http_server_conn_path_in(sc);

  if (!exempt) {
    gboolean full = mutating ? api->inflight_mut >= api->p.max_inflight_mutating
                             : api->inflight_ro >= api->p.max_inflight_readonly;
    if (full) {
      api->rejected++;
      sim_network_trace(api->net, SIM_TRACE_CONN, sim_host_node(api->host), NULL,
                        "%s: %s rejected with 429 (in flight %u/%u)", sim_host_name(api->host),
                        sim_verb_name(verb), mutating ? api->inflight_mut : api->inflight_ro,
                        mutating ? api->p.max_inflight_mutating : api->p.max_inflight_readonly);
      respond(api, sc, req->id, req->stream, 429, REJECT_BODY, api->p.retry_after, 0, 0, path);
      return;
    }
    if (mutating)
      api->inflight_mut++;
    else
      api->inflight_ro++;
  }
  Job *j = job_new(api);
  j->sc = sim_http_server_conn_ref(sc);
  j->id = req->id;
  j->stream = req->stream;
  j->verb = verb;
  j->mutating = mutating;
  j->exempt = exempt;
  j->path = path;
  j->object = req->object;
  j->response_size = req->response_size;
  j->arrived = sim_scheduler_now(api->sched);
  if (api->busy < api->p.workers && api->q_len == 0)
    start_job(api, j);
  else
    enqueue(api, j);
}

static void
up_hook(SimHost *host, gboolean up, gpointer data)
{
  (void)host;
  SimApiServer *api = data;
  if (up)
    return;
  /* crashed: queue, workers and etcd writes are lost (jobs in service are freed when their
   * service event fires and sees the old epoch) */
  api->epoch++;
  while (api->q_len > 0) {
    Job *j = api->queue[api->q_head];
    api->q_head = (api->q_head + 1) % api->q_cap;
    api->q_len--;
    job_free(j);
  }
  if (api->etcd != NULL)
    sim_etcd_client_reset(api->etcd, etcd_cancelled);
  /* kubelet legs in progress die too */
  for (Job *j = api->active, *next; j != NULL; j = next) {
    next = j->next;
    if (j->kconn != NULL) {
      sim_http_client_free(j->kconn);
      j->kconn = NULL;
      active_remove(api, j);
      job_free(j);
    }
  }
  api->busy = 0;
  api->inflight_ro = api->inflight_mut = 0;
}

SimApiServer *
sim_apiserver_new(SimTcpStack *tcp, guint index, const SimApiServerParams *params, SimEtcd *etcd,
                  SimRng *rng)
{
  SimApiServer *api = g_new0(SimApiServer, 1);
  api->tcp = tcp;
  api->host = sim_tcp_stack_host(tcp);
  api->net = sim_host_network(api->host);
  api->sched = sim_network_scheduler(api->net);
  api->index = index;
  if (params != NULL)
    api->p = *params;
  else
    sim_apiserver_params_init(&api->p);
  for (guint v = 0; v < SIM_VERB_N; v++) {
    if (api->p.service[v] != NULL)
      sim_dist_ref(api->p.service[v]);
  }
  api->p.workers = MAX(api->p.workers, 1u);
  api->rng = rng;
  api->chunks = g_ptr_array_new_with_free_func(g_free);
  if (etcd != NULL)
    api->etcd = sim_etcd_client_new(etcd, api->host);
  api->http = sim_http_server_new(tcp, 443, on_request, api);
  sim_host_add_up_hook(api->host, up_hook, api);
  return api;
}

void
sim_apiserver_free(SimApiServer *api)
{
  if (api == NULL)
    return;
  sim_http_server_free(api->http);
  for (guint i = 0; i < api->q_len; i++) {
    Job *j = api->queue[(api->q_head + i) % api->q_cap];
    if (j->sc != NULL)
      sim_http_server_conn_unref(j->sc);
  }
  g_free(api->queue);
  for (Job *j = api->active; j != NULL; j = j->next) {
    if (j->sc != NULL)
      sim_http_server_conn_unref(j->sc);
    sim_http_client_free(j->kconn);
  }
  sim_etcd_client_free(api->etcd);
  for (guint v = 0; v < SIM_VERB_N; v++) {
    if (api->p.service[v] != NULL)
      sim_dist_unref(api->p.service[v]);
  }
  g_ptr_array_free(api->chunks, TRUE);
  g_free(api);
}

SimHost *
sim_apiserver_host(SimApiServer *api)
{
  return api->host;
}

guint
sim_apiserver_queue_length(const SimApiServer *api)
{
  return api->q_len;
}

guint
sim_apiserver_queue_peak(const SimApiServer *api)
{
  return api->q_peak;
}

void
sim_apiserver_reset_peak(SimApiServer *api)
{
  api->q_peak = api->q_len;
}

guint
sim_apiserver_take_peak(SimApiServer *api)
{
  guint p = MAX(api->q_peak_taken, api->q_len);
  api->q_peak_taken = api->q_len;
  return p;
}

guint
sim_apiserver_busy(const SimApiServer *api)
{
  return api->busy;
}

guint
sim_apiserver_inflight(const SimApiServer *api, gboolean mutating)
{
  return mutating ? api->inflight_mut : api->inflight_ro;
}

guint64
sim_apiserver_served(const SimApiServer *api)
{
  return api->served;
}

guint64
sim_apiserver_rejected(const SimApiServer *api)
{
  return api->rejected;
}

void
sim_apiserver_set_commit_hook(SimApiServer *api, SimApiCommitFunc func, gpointer user)
{
  api->commit = func;
  api->commit_user = user;
}

void
sim_apiserver_set_kubelet_picker(SimApiServer *api, SimApiKubeletPickFunc pick, gpointer user)
{
  api->pick = pick;
  api->pick_user = user;
}

guint64
sim_apiserver_kubelet_calls(const SimApiServer *api)
{
  return api->kubelet_calls;
}

guint64
sim_apiserver_kubelet_failures(const SimApiServer *api)
{
  return api->kubelet_failures;
}
