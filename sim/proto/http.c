/* HTTP/1.1 and HTTP/2 over TLS (see http.h). */
#include "proto/http.h"

#include "net/network.h"

#define H1_REQ_HEADERS 1300
#define H1_RESP_HEADERS 200
#define H2_FIRST_HEADERS 1300
#define H2_REQ_HEADERS 150
#define H2_RESP_HEADERS 80
#define H2_FRAME 9
#define H2_DATA_MAX 16384
#define H2_PING 17

static const char *const err_names[] = {
  "connect-timeout", "unreachable", "refused", "reset", "tls-timeout", "closed", "ping-timeout",
  "tcp-timeout",
};

const char *
sim_http_error_name(SimHttpError err)
{
  g_return_val_if_fail((guint)err < G_N_ELEMENTS(err_names), "?");
  return err_names[err];
}

void
sim_http_client_params_init(SimHttpClientParams *p)
{
  p->tls = SIM_TLS_13;
  p->http = SIM_HTTP_2;
  p->dial_timeout = 30 * SIM_S;
  p->tls_timeout = 10 * SIM_S;
  p->read_idle_timeout = 30 * SIM_S;
  p->ping_timeout = 15 * SIM_S;
}

/* Bytes an HTTP message with @body bytes takes in the stream, TLS records included. */
static guint32
wire_size(SimHttpVersion v, gboolean request, gboolean first, guint32 body)
{
  guint32 plain;
  if (v == SIM_HTTP_11) {
    plain = (request ? H1_REQ_HEADERS : H1_RESP_HEADERS) + body;
  } else {
    guint32 headers = request ? (first ? H2_FIRST_HEADERS : H2_REQ_HEADERS) : H2_RESP_HEADERS;
    guint32 frames = body == 0 ? 0 : (body + H2_DATA_MAX - 1) / H2_DATA_MAX;
    plain = H2_FRAME + headers + frames * H2_FRAME + body;
  }
  return sim_tls_record_size(plain);
}

/* ---- client ---- */

typedef enum { C_CONNECTING, C_TLS, C_READY, C_DEAD } ClientState;

struct _SimHttpClientConn {
  SimNetwork *net;
  SimScheduler *sched;
  SimTcpConn *tcp;
  SimHttpClientParams p;
  const SimHttpClientCallbacks *cb;
  gpointer user;
  ClientState state;
  SimTlsState tls;
  guint refs;
  gboolean freed;
  SimTime opened_at, connected_at, ready_at;
  SimEventId tls_timer;
  GArray *in_flight; /* guint32 ids sent and not answered */
  guint32 next_stream;
  gboolean sent_headers;
  /* HTTP/2 health check */
  SimTime last_read;
  SimEventId idle_ev;
  SimTime idle_ev_time;
  gboolean ping_out;
  SimTime ping_deadline;
  SimIp remote;
  /* kept after the TCP connection is gone */
  guint32 path_in;
  gboolean dropped;
  SimDropReason drop;
  guint32 drop_path;
};

static void c_connected(SimTcpConn *tcp, gpointer user);
static void c_message(SimTcpConn *tcp, SimMsg *msg, gpointer user);
static void c_closed(SimTcpConn *tcp, SimTcpEnd end, gpointer user);
static const SimTcpCallbacks client_tcp_cb = { c_connected, c_message, c_closed };

static void
c_ref(SimHttpClientConn *c)
{
  c->refs++;
}

static void
c_unref(SimHttpClientConn *c)
{
  if (--c->refs > 0)
    return;
  g_array_free(c->in_flight, TRUE);
  g_free(c);
}

static void
cancel_timers(SimHttpClientConn *c)
{
  if (c->tls_timer != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->sched, c->tls_timer);
  c->tls_timer = SIM_EVENT_NONE;
  if (c->idle_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->sched, c->idle_ev);
  c->idle_ev = SIM_EVENT_NONE;
}

static void
snapshot_tcp(SimHttpClientConn *c)
{
  if (c->tcp == NULL)
    return;
  c->path_in |= sim_tcp_conn_path_in(c->tcp);
  SimDropReason r;
  guint32 path;
  if (sim_tcp_conn_last_drop(c->tcp, &r, &path)) {
    c->dropped = TRUE;
    c->drop = r;
    c->drop_path = path;
  }
}

/* The connection died: stop everything, tell the owner once. */
static void
c_fail(SimHttpClientConn *c, SimHttpError err, gboolean abort_tcp)
{
  if (c->state == C_DEAD)
    return;
  c->state = C_DEAD;
  cancel_timers(c);
  snapshot_tcp(c);
  if (c->tcp != NULL) {
    if (abort_tcp)
      sim_tcp_abort(c->tcp);
    c->tcp = NULL;
  }
  sim_network_trace(c->net, SIM_TRACE_CONN, NULL, NULL, "http connection to %u.%u.%u.%u failed: %s",
                    c->remote >> 24, (c->remote >> 16) & 255, (c->remote >> 8) & 255,
                    c->remote & 255, sim_http_error_name(err));
  if (!c->freed && c->cb->failed != NULL) {
    c_ref(c);
    c->cb->failed(c, err, c->user);
    c_unref(c);
  }
}

static void
send_msg(SimHttpClientConn *c, SimMsgKind kind, guint32 size)
{
  SimMsg *m = sim_msg_new(c->net, kind, size);
  m->tls_version = (guint8)c->p.tls;
  m->http_version = (guint8)c->p.http;
  sim_tcp_send(c->tcp, m);
  sim_msg_unref(m);
}

static void
tls_timeout(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimHttpClientConn *c = data;
  c->tls_timer = SIM_EVENT_NONE;
  if (c->state == C_TLS)
    c_fail(c, SIM_HTTP_ERR_TLS_TIMEOUT, TRUE);
}

static void idle_check(SimScheduler *sched, gpointer data);

static void
idle_arm(SimHttpClientConn *c, SimTime at)
{
  if (c->idle_ev != SIM_EVENT_NONE && c->idle_ev_time <= at)
    return;
  if (c->idle_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->sched, c->idle_ev);
  c->idle_ev_time = at;
  c->idle_ev = sim_scheduler_at(c->sched, at, idle_check, c);
}

/* The HTTP/2 health check (lazy timer: re-armed from last_read when it fires). */
static void
idle_check(SimScheduler *sched, gpointer data)
{
  SimHttpClientConn *c = data;
  SimTime now = sim_scheduler_now(sched);
  c->idle_ev = SIM_EVENT_NONE;
  if (c->state != C_READY)
    return;
  if (c->ping_out) {
    if (now >= c->ping_deadline) {
      sim_network_trace(c->net, SIM_TRACE_CONN, NULL, NULL,
                        "http/2 health check: PING unanswered for %gs, closing",
                        sim_time_to_s(c->p.ping_timeout));
      c_fail(c, SIM_HTTP_ERR_PING_TIMEOUT, TRUE);
      return;
    }
    idle_arm(c, c->ping_deadline);
    return;
  }
  SimTime due = c->last_read + c->p.read_idle_timeout;
  if (now < due) {
    idle_arm(c, due);
    return;
  }
  c->ping_out = TRUE;
  c->ping_deadline = now + c->p.ping_timeout;
  send_msg(c, SIM_MSG_H2_PING, sim_tls_record_size(H2_PING));
  if (c->state == C_READY)
    idle_arm(c, c->ping_deadline);
}

static void
become_ready(SimHttpClientConn *c)
{
  c->state = C_READY;
  c->ready_at = sim_scheduler_now(c->sched);
  c->last_read = c->ready_at;
  if (c->tls_timer != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->sched, c->tls_timer);
  c->tls_timer = SIM_EVENT_NONE;
  if (c->p.http == SIM_HTTP_2 && c->p.read_idle_timeout > 0)
    idle_arm(c, c->last_read + c->p.read_idle_timeout);
  if (c->cb->ready != NULL)
    c->cb->ready(c, c->user);
}

static void
c_connected(SimTcpConn *tcp, gpointer user)
{
  (void)tcp;
  SimHttpClientConn *c = user;
  c->connected_at = sim_scheduler_now(c->sched);
  c->state = C_TLS;
  if (c->p.tls_timeout > 0)
    c->tls_timer = sim_scheduler_after(c->sched, c->p.tls_timeout, tls_timeout, c);
  SimMsgKind first = sim_tls_client_start(&c->tls, c->p.tls);
  send_msg(c, first, sim_tls_flight_size(c->p.tls, first));
}

static void
c_message(SimTcpConn *tcp, SimMsg *msg, gpointer user)
{
  (void)tcp;
  SimHttpClientConn *c = user;
  c->last_read = sim_scheduler_now(c->sched);
  c->ping_out = FALSE; /* any frame proves the connection alive */
  if (c->state == C_TLS) {
    SimMsgKind out;
    if (sim_tls_client_input(&c->tls, msg->kind, &out))
      send_msg(c, out, sim_tls_flight_size(c->p.tls, out));
    if (c->tls.done && c->state == C_TLS) {
      c_ref(c);
      become_ready(c);
      c_unref(c);
    }
    return;
  }
  if (c->state != C_READY || msg->kind != SIM_MSG_HTTP_RESPONSE)
    return;
  guint idx;
  gboolean known = FALSE;
  for (idx = 0; idx < c->in_flight->len; idx++) {
    if (g_array_index(c->in_flight, guint32, idx) == msg->id) {
      known = TRUE;
      break;
    }
  }
  if (!known)
    return; /* forgotten (the caller gave up on it) */
  g_array_remove_index(c->in_flight, idx);
  snapshot_tcp(c);
  if (c->cb->response != NULL) {
    c_ref(c);
    c->cb->response(c, msg, c->user);
    c_unref(c);
  }
}

static void
c_closed(SimTcpConn *tcp, SimTcpEnd end, gpointer user)
{
  SimHttpClientConn *c = user;
  SimHttpError err;
  snapshot_tcp(c);
  (void)tcp;
  c->tcp = NULL; /* TCP frees it after this returns */
  switch (end) {
  case SIM_TCP_END_CONNECT_TIMEOUT: err = SIM_HTTP_ERR_CONNECT_TIMEOUT; break;
  case SIM_TCP_END_UNREACHABLE: err = SIM_HTTP_ERR_UNREACHABLE; break;
  case SIM_TCP_END_REFUSED: err = SIM_HTTP_ERR_REFUSED; break;
  case SIM_TCP_END_RESET: err = SIM_HTTP_ERR_RESET; break;
  case SIM_TCP_END_TIMEOUT: err = SIM_HTTP_ERR_TCP_TIMEOUT; break;
  case SIM_TCP_END_CLOSED:
  default: err = SIM_HTTP_ERR_CLOSED; break;
  }
  c_fail(c, err, FALSE);
}

SimHttpClientConn *
sim_http_client_open(SimTcpStack *st, SimIp dst, guint16 port, const SimHttpClientParams *params,
                     const SimHttpClientCallbacks *cb, gpointer user)
{
  SimHttpClientConn *c = g_new0(SimHttpClientConn, 1);
  SimHost *host = sim_tcp_stack_host(st);
  c->net = sim_host_network(host);
  c->sched = sim_network_scheduler(c->net);
  c->refs = 1;
  if (params != NULL)
    c->p = *params;
  else
    sim_http_client_params_init(&c->p);
  c->cb = cb;
  c->user = user;
  c->state = C_CONNECTING;
  c->in_flight = g_array_new(FALSE, FALSE, sizeof(guint32));
  c->opened_at = sim_scheduler_now(c->sched);
  c->connected_at = c->ready_at = -1;
  c->next_stream = 1;
  c->remote = dst;
  c_ref(c);
  c->tcp = sim_tcp_connect(st, dst, port, c->p.dial_timeout, &client_tcp_cb, c);
  c_unref(c);
  return c;
}

void
sim_http_client_free(SimHttpClientConn *c)
{
  if (c == NULL)
    return;
  c->freed = TRUE;
  cancel_timers(c);
  if (c->tcp != NULL) {
    if (c->state == C_READY || c->state == C_TLS)
      sim_tcp_close(c->tcp);
    else
      sim_tcp_abort(c->tcp);
    c->tcp = NULL;
  }
  c->state = C_DEAD;
  c_unref(c);
}

gboolean
sim_http_client_ready(const SimHttpClientConn *c)
{
  return c->state == C_READY;
}

gboolean
sim_http_client_dead(const SimHttpClientConn *c)
{
  return c->state == C_DEAD;
}

guint
sim_http_client_in_flight(const SimHttpClientConn *c)
{
  return c->in_flight->len;
}

gboolean
sim_http_client_can_send(const SimHttpClientConn *c)
{
  return c->state == C_READY && (c->p.http == SIM_HTTP_2 || c->in_flight->len == 0);
}

void
sim_http_client_send(SimHttpClientConn *c, guint8 verb, guint32 body, guint32 response_body,
                     guint32 id)
{
  sim_http_client_send_object(c, verb, body, response_body, id, 0);
}

void
sim_http_client_send_object(SimHttpClientConn *c, guint8 verb, guint32 body, guint32 response_body,
                            guint32 id, guint32 object)
{
  g_return_if_fail(sim_http_client_can_send(c));
  SimMsg *m = sim_msg_new(c->net, SIM_MSG_HTTP_REQUEST,
                          wire_size(c->p.http, TRUE, !c->sent_headers, body));
  c->sent_headers = TRUE;
  m->verb = verb;
  m->id = id;
  m->stream = c->p.http == SIM_HTTP_2 ? c->next_stream : 0;
  c->next_stream += 2; /* client-initiated streams are odd */
  m->response_size = response_body;
  m->object = object;
  m->http_version = (guint8)c->p.http;
  g_array_append_val(c->in_flight, id);
  sim_tcp_send(c->tcp, m);
  sim_msg_unref(m);
}

void
sim_http_client_forget(SimHttpClientConn *c, guint32 id)
{
  for (guint i = 0; i < c->in_flight->len; i++) {
    if (g_array_index(c->in_flight, guint32, i) == id) {
      g_array_remove_index(c->in_flight, i);
      return;
    }
  }
}

SimTime
sim_http_client_opened_at(const SimHttpClientConn *c)
{
  return c->opened_at;
}

SimTime
sim_http_client_connected_at(const SimHttpClientConn *c)
{
  return c->connected_at;
}

SimTime
sim_http_client_ready_at(const SimHttpClientConn *c)
{
  return c->ready_at;
}

SimIp
sim_http_client_remote_ip(const SimHttpClientConn *c)
{
  return c->remote;
}

guint32
sim_http_client_path_in(const SimHttpClientConn *c)
{
  return c->path_in | (c->tcp != NULL ? sim_tcp_conn_path_in(c->tcp) : 0);
}

gboolean
sim_http_client_last_drop(const SimHttpClientConn *c, SimDropReason *reason, guint32 *path)
{
  if (c->tcp != NULL && sim_tcp_conn_last_drop(c->tcp, reason, path))
    return TRUE;
  if (!c->dropped)
    return FALSE;
  if (reason != NULL)
    *reason = c->drop;
  if (path != NULL)
    *path = c->drop_path;
  return TRUE;
}

SimHttpVersion
sim_http_client_version(const SimHttpClientConn *c)
{
  return c->p.http;
}

/* ---- server ---- */

struct _SimHttpServer {
  SimTcpStack *st;
  SimNetwork *net;
  guint16 port;
  SimHttpRequestFunc func;
  gpointer user;
  GPtrArray *conns; /* SimHttpServerConn*, live ones, each holding a reference */
};

struct _SimHttpServerConn {
  SimHttpServer *srv;
  SimTcpConn *tcp;
  SimTlsState tls;
  SimHttpVersion http;
  guint refs;
  guint32 path_in;
  SimIp peer;
};

static void s_message(SimTcpConn *tcp, SimMsg *msg, gpointer user);
static void s_closed(SimTcpConn *tcp, SimTcpEnd end, gpointer user);
static const SimTcpCallbacks server_tcp_cb = { NULL, s_message, s_closed };

SimHttpServerConn *
sim_http_server_conn_ref(SimHttpServerConn *sc)
{
  sc->refs++;
  return sc;
}

void
sim_http_server_conn_unref(SimHttpServerConn *sc)
{
  if (--sc->refs == 0)
    g_free(sc);
}

gboolean
sim_http_server_conn_alive(const SimHttpServerConn *sc)
{
  return sc->tcp != NULL;
}

guint32
sim_http_server_conn_path_in(const SimHttpServerConn *sc)
{
  return sc->tcp != NULL ? sim_tcp_conn_path_in(sc->tcp) : sc->path_in;
}

SimIp
sim_http_server_conn_peer(const SimHttpServerConn *sc)
{
  return sc->peer;
}

static void
s_detach(SimHttpServerConn *sc)
{
  if (sc->tcp != NULL)
    sc->path_in = sim_tcp_conn_path_in(sc->tcp);
  sc->tcp = NULL;
  if (sc->srv != NULL) {
    g_ptr_array_remove(sc->srv->conns, sc);
    sc->srv = NULL;
    sim_http_server_conn_unref(sc);
  }
}

static void
s_accept(SimTcpConn *tcp, gpointer data)
{
  SimHttpServer *srv = data;
  SimHttpServerConn *sc = g_new0(SimHttpServerConn, 1);
  sc->srv = srv;
  sc->tcp = tcp;
  sc->refs = 1; /* the server's list */
  sc->peer = sim_tcp_conn_remote_ip(tcp);
  g_ptr_array_add(srv->conns, sc);
  sim_tcp_conn_set_callbacks(tcp, &server_tcp_cb, sc);
}

static void
s_send(SimHttpServerConn *sc, SimMsgKind kind, guint32 size)
{
  SimMsg *m = sim_msg_new(sc->srv->net, kind, size);
  sim_tcp_send(sc->tcp, m);
  sim_msg_unref(m);
}

static void
s_message(SimTcpConn *tcp, SimMsg *msg, gpointer user)
{
  (void)tcp;
  SimHttpServerConn *sc = user;
  if (!sc->tls.done) {
    SimMsgKind out;
    if (msg->kind == SIM_MSG_TLS_CLIENT_HELLO)
      sc->http = msg->http_version == SIM_HTTP_11 ? SIM_HTTP_11 : SIM_HTTP_2;
    if (sim_tls_server_input(&sc->tls, msg->kind, (SimTlsVersion)msg->tls_version, &out))
      s_send(sc, out, sim_tls_flight_size(sc->tls.version, out));
    return;
  }
  if (msg->kind == SIM_MSG_H2_PING) {
    s_send(sc, SIM_MSG_H2_PING_ACK, sim_tls_record_size(H2_PING));
    return;
  }
  if (msg->kind != SIM_MSG_HTTP_REQUEST)
    return;
  SimHttpServer *srv = sc->srv;
  sim_http_server_conn_ref(sc);
  srv->func(sc, msg, srv->user);
  sim_http_server_conn_unref(sc);
}

static void
s_closed(SimTcpConn *tcp, SimTcpEnd end, gpointer user)
{
  (void)tcp;
  (void)end;
  s_detach(user);
}

SimHttpServer *
sim_http_server_new(SimTcpStack *st, guint16 port, SimHttpRequestFunc func, gpointer user)
{
  SimHttpServer *srv = g_new0(SimHttpServer, 1);
  srv->st = st;
  srv->net = sim_host_network(sim_tcp_stack_host(st));
  srv->port = port;
  srv->func = func;
  srv->user = user;
  srv->conns = g_ptr_array_new();
  sim_tcp_listen(st, port, s_accept, srv);
  return srv;
}

void
sim_http_server_free(SimHttpServer *srv)
{
  if (srv == NULL)
    return;
  sim_tcp_unlisten(srv->st, srv->port);
  while (srv->conns->len > 0) {
    SimHttpServerConn *sc = g_ptr_array_index(srv->conns, srv->conns->len - 1);
    if (sc->tcp != NULL)
      sim_tcp_conn_set_callbacks(sc->tcp, NULL, NULL);
    s_detach(sc);
  }
  g_ptr_array_free(srv->conns, TRUE);
  g_free(srv);
}

guint
sim_http_server_n_conns(const SimHttpServer *srv)
{
  return srv->conns->len;
}

void
sim_http_server_respond(SimHttpServerConn *sc, SimMsg *resp)
{
  if (sc->tcp == NULL)
    return;
  resp->response_size = resp->size; /* the body, for proxies that re-send it */
  resp->size = wire_size(sc->http, FALSE, FALSE, resp->size);
  resp->http_version = (guint8)sc->http;
  sim_tcp_send(sc->tcp, resp);
}
