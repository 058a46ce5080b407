/* Application Load Balancer: layer-7 proxy nodes (see lb.h for what both kinds share).
 *
 * A node is a host: it terminates the client's TCP and TLS (HTTP/1.1 or HTTP/2), and routes each
 * request on its own, round robin over the targets it may use (cross-zone on: every healthy
 * target; fail open when none is healthy), over one long-lived HTTP/2 + TLS 1.3 connection per
 * target that it opens on first use. The target's answer goes back to the client as is (status,
 * Retry-After, sizes). A backend connection that fails answers its requests with 502; no target
 * at all gives 503. Public packets pass the public endpoint's filter before TCP sees them.
 * Simplified (proposed, not sourced): the ALB's own request timeout and idle timeout are not
 * modelled (a dead backend connection is found by the HTTP/2 health check, 30 s + 15 s); the
 * backend dial timeout is 10 s.
 */
#include "eks/lb.h"

#include "net/host.h"
#include "net/network.h"
#include "proto/http.h"
#include "stats/recorder.h"

#define API_PORT 443
#define ERROR_BODY 150

typedef struct _AlbNode AlbNode;

typedef struct {
  AlbNode *an;
  guint target;
  SimHttpClientConn *conn;
  GArray *waiting; /* guint32 proxied ids waiting for the connection */
} Backend;

typedef struct {
  SimHttpServerConn *sc;
  guint32 client_id, stream, path;
  guint8 verb;
  guint32 response_size;
  guint32 object;
  Backend *be;
} Proxied;

struct _AlbNode {
  SimLb *lb;
  guint index;
  SimHost *host;
  SimTcpStack *tcp;
  SimHttpServer *http;
  Backend *backends; /* one per target */
  GHashTable *proxied; /* backend request id -> Proxied* */
  guint32 next_id;
  guint rr;
  guint *cand;
  char detail[128]; /* the last drop's text, for the tracer */
};

static void be_ready(SimHttpClientConn *conn, gpointer user);
static void be_response(SimHttpClientConn *conn, SimMsg *resp, gpointer user);
static void be_failed(SimHttpClientConn *conn, SimHttpError err, gpointer user);
static const SimHttpClientCallbacks be_cb = { be_ready, be_response, be_failed };

static void
proxied_free(gpointer p)
{
  Proxied *x = p;
  sim_http_server_conn_unref(x->sc);
  g_free(x);
}

static void
answer(AlbNode *an, SimHttpServerConn *sc, guint32 id, guint32 stream, guint16 status, guint32 body,
       SimTime retry_after, SimTime queue, SimTime service, guint32 path, guint32 server)
{
  SimMsg *m = sim_msg_new(sim_host_network(an->host), SIM_MSG_HTTP_RESPONSE, body);
  m->id = id;
  m->stream = stream;
  m->status = status;
  m->retry_after = retry_after;
  m->queue_time = queue;
  m->service_time = service;
  m->path = path;
  m->server = server;
  sim_http_server_respond(sc, m);
  sim_msg_unref(m);
}

static void
send_backend(Backend *be, guint32 id)
{
  Proxied *x = g_hash_table_lookup(be->an->proxied, GUINT_TO_POINTER(id));
  if (x == NULL)
    return;
  sim_http_client_send_object(be->conn, x->verb, 0, x->response_size, id, x->object);
}

static void
be_ready(SimHttpClientConn *conn, gpointer user)
{
  (void)conn;
  Backend *be = user;
  for (guint i = 0; i < be->waiting->len; i++)
    send_backend(be, g_array_index(be->waiting, guint32, i));
  g_array_set_size(be->waiting, 0);
}

static void
be_response(SimHttpClientConn *conn, SimMsg *resp, gpointer user)
{
  (void)conn;
  Backend *be = user;
  AlbNode *an = be->an;
  Proxied *x = g_hash_table_lookup(an->proxied, GUINT_TO_POINTER(resp->id));
  if (x == NULL)
    return;
  answer(an, x->sc, x->client_id, x->stream, resp->status, resp->response_size, resp->retry_after,
         resp->queue_time, resp->service_time, x->path | resp->path, resp->server);
  g_hash_table_remove(an->proxied, GUINT_TO_POINTER(resp->id));
}

/* 502 for every request riding on @be. */
static void
fail_backend(Backend *be)
{
  AlbNode *an = be->an;
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(guint32));
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, an->proxied);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    Proxied *x = v;
    if (x->be == be) {
      guint32 id = GPOINTER_TO_UINT(k);
      g_array_append_val(ids, id);
    }
  }
  /* answer in request order, not hash order */
  for (guint i = 1; i < ids->len; i++) {
    for (guint j = i; j > 0 && g_array_index(ids, guint32, j - 1) > g_array_index(ids, guint32, j); j--) {
      guint32 t = g_array_index(ids, guint32, j);
      g_array_index(ids, guint32, j) = g_array_index(ids, guint32, j - 1);
      g_array_index(ids, guint32, j - 1) = t;
    }
  }
  for (guint i = 0; i < ids->len; i++) {
    guint32 id = g_array_index(ids, guint32, i);
    Proxied *x = g_hash_table_lookup(an->proxied, GUINT_TO_POINTER(id));
    answer(an, x->sc, x->client_id, x->stream, 502, ERROR_BODY, 0, 0, 0, x->path, 0);
    g_hash_table_remove(an->proxied, GUINT_TO_POINTER(id));
  }
  g_array_free(ids, TRUE);
  g_array_set_size(be->waiting, 0);
}

static void
be_failed(SimHttpClientConn *conn, SimHttpError err, gpointer user)
{
  (void)err;
  Backend *be = user;
  fail_backend(be);
  if (be->conn == conn) {
    sim_http_client_free(conn);
    be->conn = NULL;
  }
}

static void
on_request(SimHttpServerConn *sc, SimMsg *req, gpointer user)
{
  AlbNode *an = user;
  SimLb *lb = an->lb;
  guint32 path = sim_http_server_conn_path_in(sc);
  guint k = sim_lb_candidates(lb, an->index, an->cand);
  if (k == 0) {
    answer(an, sc, req->id, req->stream, 503, ERROR_BODY, 0, 0, 0, path, 0);
    return;
  }
  guint target = an->cand[an->rr++ % k];
  Backend *be = &an->backends[target];
  if (be->conn == NULL) {
    SimHttpClientParams p;
    sim_http_client_params_init(&p);
    p.dial_timeout = 10 * SIM_S;
    be->conn = sim_http_client_open(an->tcp, sim_lb_target_ip(lb, target), API_PORT, &p, &be_cb, be);
  }
  Proxied *x = g_new0(Proxied, 1);
  x->sc = sim_http_server_conn_ref(sc);
  x->client_id = req->id;
  x->stream = req->stream;
  x->path = path;
  x->verb = req->verb;
  x->response_size = req->response_size;
  x->object = req->object;
  x->be = be;
  guint32 id = an->next_id++;
  g_hash_table_insert(an->proxied, GUINT_TO_POINTER(id), x);
  sim_network_trace(sim_host_network(an->host), SIM_TRACE_FUNCTION, sim_host_node(an->host), NULL,
                    "%s: request routed to %s", sim_host_name(an->host), sim_lb_target_name(lb, target));
  if (sim_http_client_ready(be->conn))
    send_backend(be, id);
  else
    g_array_append_val(be->waiting, id);
}

static gboolean
alb_filter(SimHost *host, const SimPacket *pkt, gpointer data, SimDropReason *reason,
           const char **detail)
{
  (void)host;
  AlbNode *an = data;
  if (!sim_lb_is_public(an->lb, pkt))
    return TRUE;
  if (!sim_lb_public_admits(an->lb, pkt, reason)) {
    if (*reason == SIM_DROP_CIDR_DENIED && sim_network_tracing(sim_host_network(an->host))) {
      char a[16];
      g_snprintf(an->detail, sizeof an->detail,
                 "dropped at the public endpoint: source %s is not in public_access_cidrs",
                 sim_ip_format(pkt->src, a));
      *detail = an->detail;
    } else {
      *detail = *reason == SIM_DROP_CIDR_DENIED
                    ? "dropped at the public endpoint: source not in public_access_cidrs"
                    : "dropped at the public endpoint: public access is off";
    }
    return FALSE;
  }
  ((SimPacket *)pkt)->path |= SIM_PATH_PUBLIC_ENDPOINT;
  return TRUE;
}

static SimNode *
alb_node_new(SimLb *lb, guint index, SimSubnet *subnet)
{
  AlbNode *an = g_new0(AlbNode, 1);
  an->lb = lb;
  an->index = index;
  g_autofree char *name = g_strdup_printf("%s-%s", sim_lb_name(lb), sim_subnet_name(subnet));
  an->host = sim_host_new(sim_lb_network(lb), name, sim_subnet_alloc_ip(subnet), sim_subnet_az(subnet));
  sim_vpc_attach(subnet, sim_host_node(an->host));
  sim_node_set_processing(sim_host_node(an->host), SIM_LINK_LB);
  sim_host_set_filter(an->host, alb_filter, an);
  an->tcp = sim_tcp_stack_new(an->host, NULL);
  an->http = sim_http_server_new(an->tcp, API_PORT, on_request, an);
  guint nt = sim_lb_n_targets(lb);
  an->backends = g_new0(Backend, MAX(nt, 1u));
  for (guint t = 0; t < nt; t++) {
    an->backends[t].an = an;
    an->backends[t].target = t;
    an->backends[t].waiting = g_array_new(FALSE, FALSE, sizeof(guint32));
  }
  an->proxied = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, proxied_free);
  an->next_id = 1;
  an->cand = g_new(guint, MAX(nt, 1u));
  sim_lb_set_node_impl(lb, index, an);
  return sim_host_node(an->host);
}

static void
alb_node_free(SimLb *lb, guint index)
{
  AlbNode *an = sim_lb_node_impl(lb, index);
  guint nt = sim_lb_n_targets(lb);
  for (guint t = 0; t < nt; t++) {
    sim_http_client_free(an->backends[t].conn);
    g_array_free(an->backends[t].waiting, TRUE);
  }
  g_free(an->backends);
  g_hash_table_destroy(an->proxied);
  sim_http_server_free(an->http);
  sim_tcp_stack_free(an->tcp);
  sim_host_free(an->host);
  g_free(an->cand);
  g_free(an);
}

const SimLbOps sim_alb_ops = {
  .name = "alb",
  .cross_zone = TRUE,
  .node_new = alb_node_new,
  .node_free = alb_node_free,
  .health_changed = NULL,
};
