/* Tests for sim/proto/tls and http: handshake round trips for TLS 1.3 and 1.2, HTTP/2 streams in
 * parallel and HTTP/1.1 one at a time, the TLS handshake timeout, and the HTTP/2 health check
 * (PING after 30 s without reading, close 15 s later) on a connection whose server died. */
#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/scheduler.h"
#include "net/host.h"
#include "net/network.h"
#include "proto/http.h"
#include "proto/msg.h"
#include "proto/tcp.h"

#define RTT (20 * SIM_MS)

typedef struct {
  SimScheduler *sched;
  SimRngSet *rngs;
  SimNetwork *net;
  SimHost *a, *b;
  SimTcpStack *ta, *tb;
  SimHttpServer *srv;
  SimTime ready_at, failed_at;
  SimHttpError err;
  gboolean failed;
  guint responses, requests_seen;
  SimTime last_response;
} Fx;

static void
on_request(SimHttpServerConn *sc, SimMsg *req, gpointer user)
{
  Fx *fx = user;
  fx->requests_seen++;
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_HTTP_RESPONSE, 1000);
  m->id = req->id;
  m->stream = req->stream;
  m->status = 200;
  sim_http_server_respond(sc, m);
  sim_msg_unref(m);
}

static void
fx_setup(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->sched = sim_scheduler_new();
  fx->rngs = sim_rng_set_new(1, 0);
  fx->net = sim_network_new(fx->sched, fx->rngs);
  SimLinkParams p;
  sim_link_params_init(&p);
  p.latency = sim_dist_new_const(SIM_DIST_DURATION, sim_time_to_s(RTT / 2));
  sim_network_set_link_params(fx->net, SIM_LINK_INTRA_AZ, &p);
  fx->a = sim_host_new(fx->net, "a", SIM_IP(10, 0, 0, 1), 0);
  fx->b = sim_host_new(fx->net, "b", SIM_IP(10, 0, 0, 2), 0);
  sim_node_attach_uplink(sim_host_node(fx->a), sim_host_node(fx->b), SIM_LINK_INTRA_AZ);
  sim_node_attach_uplink(sim_host_node(fx->b), sim_host_node(fx->a), SIM_LINK_INTRA_AZ);
  fx->ta = sim_tcp_stack_new(fx->a, NULL);
  fx->tb = sim_tcp_stack_new(fx->b, NULL);
  fx->ready_at = fx->failed_at = -1;
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_network_shutdown(fx->net);
  sim_http_server_free(fx->srv);
  sim_tcp_stack_free(fx->ta);
  sim_tcp_stack_free(fx->tb);
  sim_host_free(fx->a);
  sim_host_free(fx->b);
  sim_network_free(fx->net);
  sim_rng_set_free(fx->rngs);
  sim_scheduler_free(fx->sched);
}

static void
c_ready(SimHttpClientConn *c, gpointer user)
{
  (void)c;
  Fx *fx = user;
  fx->ready_at = sim_scheduler_now(fx->sched);
}

static void
c_response(SimHttpClientConn *c, SimMsg *resp, gpointer user)
{
  (void)c;
  (void)resp;
  Fx *fx = user;
  fx->responses++;
  fx->last_response = sim_scheduler_now(fx->sched);
}

static void
c_failed(SimHttpClientConn *c, SimHttpError err, gpointer user)
{
  (void)c;
  Fx *fx = user;
  fx->failed = TRUE;
  fx->err = err;
  fx->failed_at = sim_scheduler_now(fx->sched);
}

static const SimHttpClientCallbacks cb = { c_ready, c_response, c_failed };

static SimHttpClientConn *
open_conn(Fx *fx, SimTlsVersion tls, SimHttpVersion http)
{
  SimHttpClientParams p;
  sim_http_client_params_init(&p);
  p.tls = tls;
  p.http = http;
  return sim_http_client_open(fx->ta, SIM_IP(10, 0, 0, 2), 443, &p, &cb, fx);
}

static void
test_tls13_one_rtt(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->srv = sim_http_server_new(fx->tb, 443, on_request, fx);
  SimHttpClientConn *c = open_conn(fx, SIM_TLS_13, SIM_HTTP_2);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  g_assert_cmpint(sim_http_client_connected_at(c), ==, RTT);
  g_assert_cmpint(fx->ready_at, ==, 2 * RTT);
  sim_http_client_free(c);
}

static void
test_tls12_two_rtt(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->srv = sim_http_server_new(fx->tb, 443, on_request, fx);
  SimHttpClientConn *c = open_conn(fx, SIM_TLS_12, SIM_HTTP_2);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  g_assert_cmpint(fx->ready_at, ==, 3 * RTT);
  sim_http_client_free(c);
}

/* HTTP/2: three requests at once, answered one round trip later; HTTP/1.1: one at a time. */
static void
test_streams(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->srv = sim_http_server_new(fx->tb, 443, on_request, fx);
  SimHttpClientConn *c = open_conn(fx, SIM_TLS_13, SIM_HTTP_2);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  for (guint i = 1; i <= 3; i++) {
    g_assert_true(sim_http_client_can_send(c));
    sim_http_client_send(c, 0, 0, 1000, i);
  }
  g_assert_cmpuint(sim_http_client_in_flight(c), ==, 3);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S + RTT);
  g_assert_cmpuint(fx->responses, ==, 3);
  sim_http_client_free(c);

  fx->responses = 0;
  SimHttpClientConn *h1 = open_conn(fx, SIM_TLS_13, SIM_HTTP_11);
  sim_scheduler_run_until(fx->sched, 2 * SIM_S);
  sim_http_client_send(h1, 0, 0, 1000, 1);
  g_assert_false(sim_http_client_can_send(h1));
  sim_scheduler_run_until(fx->sched, 2 * SIM_S + RTT);
  g_assert_cmpuint(fx->responses, ==, 1);
  g_assert_true(sim_http_client_can_send(h1));
  sim_http_client_free(h1);
}

/* A server that accepts TCP but never speaks TLS: the handshake times out after 10 s. */
static void
raw_accept(SimTcpConn *c, gpointer data)
{
  static const SimTcpCallbacks none = { NULL, NULL, NULL };
  sim_tcp_conn_set_callbacks(c, &none, data);
}

static void
test_tls_timeout(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_listen(fx->tb, 443, raw_accept, fx);
  SimHttpClientConn *c = open_conn(fx, SIM_TLS_13, SIM_HTTP_2);
  sim_scheduler_run_until(fx->sched, 60 * SIM_S);
  g_assert_true(fx->failed);
  g_assert_cmpint(fx->err, ==, SIM_HTTP_ERR_TLS_TIMEOUT);
  g_assert_cmpint(fx->failed_at, ==, RTT + 10 * SIM_S);
  sim_http_client_free(c);
}

/* The server's host dies: 30 s after the last frame read the client pings, 15 s later it closes
 * the connection (client-go's health check, facts §5.6). */
static void
test_health_check(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->srv = sim_http_server_new(fx->tb, 443, on_request, fx);
  SimHttpClientConn *c = open_conn(fx, SIM_TLS_13, SIM_HTTP_2);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  sim_http_client_send(c, 0, 0, 1000, 1);
  sim_scheduler_run_until(fx->sched, 2 * SIM_S);
  g_assert_cmpuint(fx->responses, ==, 1);
  SimTime last = fx->last_response;
  /* idle but alive: pings are answered, nothing fails for minutes */
  sim_scheduler_run_until(fx->sched, 300 * SIM_S);
  g_assert_false(fx->failed);
  sim_node_set_up(sim_host_node(fx->b), FALSE);
  sim_scheduler_run_until(fx->sched, 600 * SIM_S);
  g_assert_true(fx->failed);
  g_assert_cmpint(fx->err, ==, SIM_HTTP_ERR_PING_TIMEOUT);
  /* PINGs go out 30 s after the last frame read: at last + 30 s, then every 30 s + RTT (each
   * answer takes a round trip); the first one that reaches the server after its crash is never
   * answered, and the connection is closed 15 s after it was sent */
  SimTime ping = last + 30 * SIM_S;
  while (ping + RTT / 2 < 300 * SIM_S)
    ping += 30 * SIM_S + RTT;
  g_assert_cmpint(fx->failed_at, ==, ping + 15 * SIM_S);
  sim_http_client_free(c);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("/http/tls13-ready-after-one-round-trip", test_tls13_one_rtt);
  ADD("/http/tls12-ready-after-two-round-trips", test_tls12_two_rtt);
  ADD("/http/h2-streams-h1-one-at-a-time", test_streams);
  ADD("/http/tls-handshake-timeout", test_tls_timeout);
  ADD("/http/h2-health-check-closes-dead-connection", test_health_check);
  return g_test_run();
}
