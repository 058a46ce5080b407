/* Tests for sim/proto/tcp: handshake timing, SYN retransmission to 127 s, dial timeout, refused,
 * unreachable, segmentation and slow start, loss recovery, reset after a crash, conservation. */
#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/scheduler.h"
#include "net/host.h"
#include "net/network.h"
#include "net/router.h"
#include "proto/msg.h"
#include "proto/tcp.h"

/* Two hosts joined by one link class each way (host a <-> host b), latency @lat. */
typedef struct {
  SimScheduler *sched;
  SimRngSet *rngs;
  SimNetwork *net;
  SimHost *a, *b;
  SimTcpStack *ta, *tb;
  /* observations */
  SimTime connected_at, closed_at, server_msg_at, client_msg_at;
  SimTcpEnd end;
  gboolean closed;
  guint server_msgs, client_msgs;
  guint64 server_bytes, client_bytes;
  SimTcpConn *server_conn;
  guint32 reply_size;
} Fx;

static void
set_class(SimNetwork *net, SimLinkClass cls, SimTime lat, double loss)
{
  SimLinkParams p;
  sim_link_params_init(&p);
  p.latency = sim_dist_new_const(SIM_DIST_DURATION, sim_time_to_s(lat));
  p.loss = loss;
  sim_network_set_link_params(net, cls, &p);
}

static void
fx_setup(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->sched = sim_scheduler_new();
  fx->rngs = sim_rng_set_new(7, 0);
  fx->net = sim_network_new(fx->sched, fx->rngs);
  set_class(fx->net, SIM_LINK_INTRA_AZ, 10 * SIM_MS, 0);
  fx->a = sim_host_new(fx->net, "a", SIM_IP(10, 0, 0, 1), 0);
  fx->b = sim_host_new(fx->net, "b", SIM_IP(10, 0, 0, 2), 0);
  sim_node_attach_uplink(sim_host_node(fx->a), sim_host_node(fx->b), SIM_LINK_INTRA_AZ);
  sim_node_attach_uplink(sim_host_node(fx->b), sim_host_node(fx->a), SIM_LINK_INTRA_AZ);
  fx->ta = sim_tcp_stack_new(fx->a, NULL);
  fx->tb = sim_tcp_stack_new(fx->b, NULL);
  fx->connected_at = fx->closed_at = fx->server_msg_at = fx->client_msg_at = -1;
  fx->reply_size = 0;
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_stack_free(fx->ta);
  sim_tcp_stack_free(fx->tb);
  g_assert_cmpuint(sim_msg_live(fx->net), ==, 0);
  sim_host_free(fx->a);
  sim_host_free(fx->b);
  sim_network_free(fx->net);
  sim_rng_set_free(fx->rngs);
  sim_scheduler_free(fx->sched);
}

static void
assert_conservation(Fx *fx)
{
  g_assert_cmpuint(sim_network_packets_sent(fx->net), ==,
                   sim_network_packets_delivered(fx->net) +
                       sim_network_packets_dropped_total(fx->net) +
                       sim_network_packets_in_transit(fx->net));
  g_assert_cmpuint(sim_network_packets_in_transit(fx->net), ==, 0);
  g_assert_cmpuint(sim_network_packets_live(fx->net), ==, 0);
}

/* client callbacks */
static void
c_connected(SimTcpConn *c, gpointer user)
{
  (void)c;
  Fx *fx = user;
  fx->connected_at = sim_scheduler_now(fx->sched);
}

static void
c_message(SimTcpConn *c, SimMsg *m, gpointer user)
{
  (void)c;
  Fx *fx = user;
  fx->client_msgs++;
  fx->client_bytes += m->size;
  fx->client_msg_at = sim_scheduler_now(fx->sched);
}

static void
c_closed(SimTcpConn *c, SimTcpEnd end, gpointer user)
{
  (void)c;
  Fx *fx = user;
  fx->closed = TRUE;
  fx->end = end;
  fx->closed_at = sim_scheduler_now(fx->sched);
}

static const SimTcpCallbacks client_cb = { c_connected, c_message, c_closed };

/* server: answers every message with one of reply_size bytes (if set) */
static void
s_message(SimTcpConn *c, SimMsg *m, gpointer user)
{
  Fx *fx = user;
  fx->server_msgs++;
  fx->server_bytes += m->size;
  fx->server_msg_at = sim_scheduler_now(fx->sched);
  if (fx->reply_size > 0) {
    SimMsg *r = sim_msg_new(fx->net, SIM_MSG_DATA, fx->reply_size);
    sim_tcp_send(c, r);
    sim_msg_unref(r);
  }
}

static void
s_closed(SimTcpConn *c, SimTcpEnd end, gpointer user)
{
  (void)c;
  (void)end;
  Fx *fx = user;
  fx->server_conn = NULL;
}

static const SimTcpCallbacks server_cb = { NULL, s_message, s_closed };

static void
s_accept(SimTcpConn *c, gpointer data)
{
  Fx *fx = data;
  fx->server_conn = c;
  sim_tcp_conn_set_callbacks(c, &server_cb, fx);
}

static void
test_handshake_timing(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_listen(fx->tb, 443, s_accept, fx);
  fx->reply_size = 500;
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 30 * SIM_S, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 15 * SIM_MS);
  g_assert_cmpint(fx->connected_at, ==, -1);
  sim_scheduler_run_until(fx->sched, 20 * SIM_MS);
  g_assert_cmpint(fx->connected_at, ==, 20 * SIM_MS); /* one round trip */
  g_assert_true(sim_tcp_conn_established(c));
  g_assert_cmpint(sim_tcp_conn_srtt(c), ==, 20 * SIM_MS);
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 1000);
  sim_tcp_send(c, m);
  sim_msg_unref(m);
  sim_scheduler_run_until(fx->sched, 10 * SIM_S);
  g_assert_cmpint(fx->server_msg_at, ==, 30 * SIM_MS);
  g_assert_cmpint(fx->client_msg_at, ==, 40 * SIM_MS);
  g_assert_cmpuint(fx->server_bytes, ==, 1000);
  g_assert_cmpuint(fx->client_bytes, ==, 500);
  g_assert_cmpuint(sim_tcp_conn_unacked(c), ==, 0);
  g_assert_cmpuint(sim_tcp_conn_retransmits(c), ==, 0);
  sim_tcp_close(c);
  sim_scheduler_run(fx->sched);
  g_assert_null(fx->server_conn); /* the FIN reached the server */
  g_assert_cmpuint(sim_tcp_stack_n_conns(fx->ta), ==, 0);
  g_assert_cmpuint(sim_tcp_stack_n_conns(fx->tb), ==, 0);
  assert_conservation(fx);
}

/* A SYN into a black hole: retransmitted at 1, 3, 7, 15, 31, 63 s; the connect fails at 127 s. */
static void
test_syn_blackhole_127s(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_node_set_up(sim_host_node(fx->b), FALSE);
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 0, &client_cb, fx);
  (void)c;
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_CONNECT_TIMEOUT);
  g_assert_cmpint(fx->closed_at, ==, 127 * SIM_S);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NODE_DOWN), ==, 7);
  assert_conservation(fx);
}

static void
test_syn_dial_timeout(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_node_set_up(sim_host_node(fx->b), FALSE);
  sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 30 * SIM_S, &client_cb, fx);
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_CONNECT_TIMEOUT);
  g_assert_cmpint(fx->closed_at, ==, 30 * SIM_S);
  /* SYNs at 0, 1, 3, 7, 15 s */
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NODE_DOWN), ==, 5);
  assert_conservation(fx);
}

static void
test_refused(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 30 * SIM_S, &client_cb, fx);
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_REFUSED);
  g_assert_cmpint(fx->closed_at, ==, 20 * SIM_MS);
  assert_conservation(fx);
}

/* An on-prem style router that answers "no route" with ICMP: the connect fails at once. */
static void
test_unreachable(Fx *fx, gconstpointer data)
{
  (void)data;
  SimRouter *r = sim_router_new(fx->net, "router", SIM_IP(10, 0, 0, 254), SIM_AZ_NONE, "router");
  sim_route_table_set_icmp_unreachable(sim_router_table(r), TRUE);
  sim_router_add_next_hop(r, (SimCidr){ SIM_IP(10, 0, 0, 1), 32 }, sim_host_node(fx->a),
                          SIM_LINK_INTRA_AZ);
  sim_node_attach_uplink(sim_host_node(fx->a), sim_router_node(r), SIM_LINK_INTRA_AZ);
  sim_tcp_connect(fx->ta, SIM_IP(192, 168, 9, 9), 443, 30 * SIM_S, &client_cb, fx);
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_UNREACHABLE);
  g_assert_cmpint(fx->closed_at, ==, 20 * SIM_MS);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NO_ROUTE), ==, 1);
  assert_conservation(fx);
  sim_router_free(r);
}

/* 100 kB in one message: slow start from 10 segments; delivered whole. */
static void
test_bulk_transfer(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_listen(fx->tb, 443, s_accept, fx);
  fx->reply_size = 300 * 1000;
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 0, &client_cb, fx);
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 100 * 1000);
  sim_tcp_send(c, m); /* queued before the handshake completes */
  sim_msg_unref(m);
  sim_scheduler_run_until(fx->sched, 60 * SIM_S);
  g_assert_cmpuint(fx->server_bytes, ==, 100 * 1000);
  g_assert_cmpuint(fx->client_bytes, ==, 300 * 1000);
  g_assert_cmpuint(sim_tcp_conn_retransmits(c), ==, 0);
  /* 70 segments with IW10 doubling: 10+20+40 -> 3 round trips after the handshake */
  g_assert_cmpint(fx->server_msg_at, ==, 20 * SIM_MS + 3 * 20 * SIM_MS - 10 * SIM_MS);
  g_assert_cmpuint(sim_tcp_conn_cwnd(c), >=, 70);
  sim_tcp_abort(c);
  sim_scheduler_run(fx->sched);
  assert_conservation(fx);
}

/* 20% loss each way: everything still arrives, through fast retransmit and timeouts. */
static void
test_loss_recovery(Fx *fx, gconstpointer data)
{
  (void)data;
  set_class(fx->net, SIM_LINK_INTRA_AZ, 10 * SIM_MS, 0.2);
  sim_tcp_listen(fx->tb, 443, s_accept, fx);
  fx->reply_size = 50 * 1000;
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 0, &client_cb, fx);
  for (int i = 0; i < 5; i++) {
    SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 20 * 1000);
    sim_tcp_send(c, m);
    sim_msg_unref(m);
  }
  sim_scheduler_run_until(fx->sched, 600 * SIM_S);
  g_assert_false(fx->closed);
  g_assert_cmpuint(fx->server_msgs, ==, 5);
  g_assert_cmpuint(fx->server_bytes, ==, 100 * 1000);
  g_assert_cmpuint(fx->client_msgs, ==, 5);
  g_assert_cmpuint(fx->client_bytes, ==, 250 * 1000);
  g_assert_cmpuint(sim_tcp_conn_retransmits(c), >, 0);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_LOSS), >, 0);
  g_assert_cmpuint(sim_tcp_conn_unacked(c), ==, 0);
  sim_tcp_abort(c);
  sim_scheduler_run(fx->sched);
  assert_conservation(fx);
}

/* The server host crashes and comes back: the client's next segment meets an RST. */
static void
test_reset_after_restart(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_listen(fx->tb, 443, s_accept, fx);
  fx->reply_size = 100;
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 0, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  g_assert_true(sim_tcp_conn_established(c));
  sim_node_set_up(sim_host_node(fx->b), FALSE);
  sim_node_set_up(sim_host_node(fx->b), TRUE);
  g_assert_cmpuint(sim_tcp_stack_n_conns(fx->tb), ==, 0);
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 100);
  sim_tcp_send(c, m);
  sim_msg_unref(m);
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_RESET);
  g_assert_cmpint(fx->closed_at, ==, 1 * SIM_S + 20 * SIM_MS);
  assert_conservation(fx);
}

/* A peer that vanishes mid-transfer: retransmission timeouts until tcp_retries2 gives up. */
static void
test_data_timeout(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_listen(fx->tb, 443, s_accept, fx);
  SimTcpConn *c = sim_tcp_connect(fx->ta, SIM_IP(10, 0, 0, 2), 443, 0, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  sim_node_set_up(sim_host_node(fx->b), FALSE);
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 100);
  sim_tcp_send(c, m);
  sim_msg_unref(m);
  sim_scheduler_run(fx->sched);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_TIMEOUT);
  /* RTO 200 ms (SRTT 20 ms, min 200 ms) doubling 15 times then the 16th timeout: 200ms * (2^16 - 1)
   * capped at 120 s per step */
  SimTime expect = 0, rto = 200 * SIM_MS;
  for (int i = 0; i < 16; i++) {
    expect += rto;
    rto = MIN(rto * 2, 120 * SIM_S);
  }
  g_assert_cmpint(fx->closed_at, ==, 1 * SIM_S + expect);
  assert_conservation(fx);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("/tcp/handshake-and-exchange-timing", test_handshake_timing);
  ADD("/tcp/syn-blackhole-fails-at-127s", test_syn_blackhole_127s);
  ADD("/tcp/syn-dial-timeout", test_syn_dial_timeout);
  ADD("/tcp/refused-by-rst", test_refused);
  ADD("/tcp/icmp-unreachable-fails-connect", test_unreachable);
  ADD("/tcp/bulk-transfer-slow-start", test_bulk_transfer);
  ADD("/tcp/loss-recovery", test_loss_recovery);
  ADD("/tcp/reset-after-peer-restart", test_reset_after_restart);
  ADD("/tcp/data-retransmission-gives-up", test_data_timeout);
  return g_test_run();
}
