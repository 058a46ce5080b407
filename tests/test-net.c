/* Tests for sim/net: VPC forwarding, the internet gateway's one-to-one translation, the NAT
 * gateway (source NAT to its Elastic IP, 350 s idle timeout answered with RST), no public IP, no
 * transit through peering, the cross-account ENI's security group — built from the C API with
 * raw TCP, so each element is seen on its own. */
#include <glib.h>
#include <string.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/scheduler.h"
#include "net/filter.h"
#include "net/host.h"
#include "net/igw.h"
#include "net/nat.h"
#include "net/network.h"
#include "net/peering.h"
#include "net/router.h"
#include "net/vpc.h"
#include "net/xeni.h"
#include "proto/msg.h"
#include "proto/tcp.h"

#define SERVER_IP SIM_IP(192, 0, 2, 80)
#define EIP SIM_IP(203, 0, 113, 10)
#define PUBLIC_IP SIM_IP(198, 18, 0, 10)

typedef struct {
  SimScheduler *sched;
  SimRngSet *rngs;
  SimNetwork *net;
  SimRouter *edge;
  SimVpc *vpc, *peer;
  SimIgw *igw;
  SimNatGateway *nat;
  SimPeering *pcx;
  SimSubnet *pub, *priv, *peer_sn;
  SimHost *server, *inside, *pub_nopip, *pub_pip, *peer_host;
  SimTcpStack *t_server, *t_inside, *t_nopip, *t_pip, *t_peer;
  /* observations */
  SimIp seen_src;
  gboolean closed;
  SimTcpEnd end;
  SimTime closed_at;
  gboolean connected;
} Fx;

static void
set_all(SimNetwork *net, SimTime lat)
{
  for (guint c = 0; c < SIM_LINK_N_CLASSES; c++) {
    SimLinkParams p;
    sim_link_params_init(&p);
    p.latency = sim_dist_new_const(SIM_DIST_DURATION, sim_time_to_s(lat));
    sim_network_set_link_params(net, (SimLinkClass)c, &p);
  }
}

static void
s_accept(SimTcpConn *c, gpointer data)
{
  Fx *fx = data;
  fx->seen_src = sim_tcp_conn_remote_ip(c);
  static const SimTcpCallbacks none = { NULL, NULL, NULL };
  sim_tcp_conn_set_callbacks(c, &none, fx);
}

static void
fx_setup(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->sched = sim_scheduler_new();
  fx->rngs = sim_rng_set_new(1, 0);
  fx->net = sim_network_new(fx->sched, fx->rngs);
  set_all(fx->net, 1 * SIM_MS);
  fx->edge = sim_router_new(fx->net, "internet", 0, SIM_AZ_NONE, "internet");
  sim_router_add_blackhole(fx->edge, (SimCidr){ SIM_IP(10, 0, 0, 0), 8 }, SIM_DROP_NO_ROUTE);

  GArray *c = g_array_new(FALSE, FALSE, sizeof(SimCidr));
  SimCidr vc = { SIM_IP(10, 0, 0, 0), 16 };
  g_array_append_val(c, vc);
  fx->vpc = sim_vpc_new(fx->net, "vpc", c);
  g_array_index(c, SimCidr, 0) = (SimCidr){ SIM_IP(10, 50, 0, 0), 16 };
  fx->peer = sim_vpc_new(fx->net, "peer", c);
  g_array_unref(c);

  fx->igw = sim_igw_new("igw", fx->vpc, sim_router_node(fx->edge), sim_router_table(fx->edge), SIM_LINK_REGION);
  SimRouteTable *pub_rt = sim_vpc_add_route_table(fx->vpc, "public");
  SimRoute def = { .dest = { 0, 0 }, .kind = SIM_ROUTE_IGW, .target = fx->igw };
  sim_route_table_add(pub_rt, &def);
  fx->pub = sim_vpc_add_subnet(fx->vpc, "pub", (SimCidr){ SIM_IP(10, 0, 0, 0), 24 }, 0, pub_rt);
  fx->nat = sim_nat_gateway_new(fx->net, "nat", fx->pub, SIM_NAT_IDLE_TIMEOUT);
  sim_igw_map(fx->igw, sim_nat_gateway_ip(fx->nat), EIP);
  SimRouteTable *priv_rt = sim_vpc_add_route_table(fx->vpc, "private");
  SimRoute via_nat = { .dest = { 0, 0 }, .kind = SIM_ROUTE_NEXT_HOP,
                       .target = sim_nat_gateway_node(fx->nat), .cls = SIM_LINK_BY_AZ };
  sim_route_table_add(priv_rt, &via_nat);
  fx->priv = sim_vpc_add_subnet(fx->vpc, "priv", (SimCidr){ SIM_IP(10, 0, 1, 0), 24 }, 1, priv_rt);

  /* peering: the peer VPC sends everything to the peering connection */
  fx->pcx = sim_peering_new(fx->vpc, fx->peer);
  SimRouteTable *peer_rt = sim_vpc_add_route_table(fx->peer, "main");
  SimRoute to_pcx = { .dest = { 0, 0 }, .kind = SIM_ROUTE_PEERING, .target = fx->pcx };
  sim_route_table_add(peer_rt, &to_pcx);
  fx->peer_sn = sim_vpc_add_subnet(fx->peer, "main", (SimCidr){ SIM_IP(10, 50, 0, 0), 24 }, 0, peer_rt);
  SimRoute back = { .dest = { SIM_IP(10, 50, 0, 0), 16 }, .kind = SIM_ROUTE_PEERING, .target = fx->pcx };
  sim_route_table_add(priv_rt, &back);

  fx->server = sim_host_new(fx->net, "server", SERVER_IP, SIM_AZ_NONE);
  sim_node_attach_uplink(sim_host_node(fx->server), sim_router_node(fx->edge), SIM_LINK_INTERNET);
  sim_router_add_next_hop(fx->edge, (SimCidr){ SERVER_IP, 32 }, sim_host_node(fx->server),
                          SIM_LINK_INTERNET);
#define IN_SUBNET(h, name, sn)                                                                     \
  do {                                                                                             \
    h = sim_host_new(fx->net, name, sim_subnet_alloc_ip(sn), SIM_AZ_NONE);                         \
    sim_vpc_attach(sn, sim_host_node(h));                                                          \
  } while (0)
  IN_SUBNET(fx->inside, "inside", fx->priv);
  IN_SUBNET(fx->pub_nopip, "nopip", fx->pub);
  IN_SUBNET(fx->pub_pip, "pip", fx->pub);
  IN_SUBNET(fx->peer_host, "peerhost", fx->peer_sn);
  sim_igw_map(fx->igw, sim_host_ip(fx->pub_pip), PUBLIC_IP);
  fx->t_server = sim_tcp_stack_new(fx->server, NULL);
  fx->t_inside = sim_tcp_stack_new(fx->inside, NULL);
  fx->t_nopip = sim_tcp_stack_new(fx->pub_nopip, NULL);
  fx->t_pip = sim_tcp_stack_new(fx->pub_pip, NULL);
  fx->t_peer = sim_tcp_stack_new(fx->peer_host, NULL);
  sim_tcp_listen(fx->t_server, 443, s_accept, fx);
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_network_shutdown(fx->net);
  sim_tcp_stack_free(fx->t_server);
  sim_tcp_stack_free(fx->t_inside);
  sim_tcp_stack_free(fx->t_nopip);
  sim_tcp_stack_free(fx->t_pip);
  sim_tcp_stack_free(fx->t_peer);
  sim_host_free(fx->server);
  sim_host_free(fx->inside);
  sim_host_free(fx->pub_nopip);
  sim_host_free(fx->pub_pip);
  sim_host_free(fx->peer_host);
  sim_nat_gateway_free(fx->nat);
  sim_peering_free(fx->pcx);
  sim_igw_free(fx->igw);
  sim_vpc_free(fx->vpc);
  sim_vpc_free(fx->peer);
  sim_router_free(fx->edge);
  sim_network_free(fx->net);
  sim_rng_set_free(fx->rngs);
  sim_scheduler_free(fx->sched);
}

static void
c_connected(SimTcpConn *c, gpointer user)
{
  (void)c;
  ((Fx *)user)->connected = TRUE;
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

static const SimTcpCallbacks client_cb = { c_connected, NULL, c_closed };

/* A private subnet reaches the internet through the NAT gateway: the server sees the Elastic IP;
 * the hops: inside -> nat (inter-az) + nat stage + nat -> edge + edge -> server. */
static void
test_nat_source_is_eip(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_connect(fx->t_inside, SERVER_IP, 443, 0, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  g_assert_true(fx->connected);
  g_assert_cmpuint(fx->seen_src, ==, EIP);
  g_assert_cmpuint(sim_nat_gateway_flows(fx->nat), ==, 1);
  g_assert_cmpuint(sim_nat_gateway_bytes(fx->nat), >, 0);
  g_assert_cmpuint(sim_network_cross_az_bytes(fx->net), >, 0); /* private subnet in AZ 1, NAT in 0 */
  g_assert_cmpuint(sim_igw_bytes_out(fx->igw), >, 0);
}

/* 350 s idle: the NAT gateway forgets the flow and answers the next segment from inside with an
 * RST (facts §5.5). */
static void
test_nat_idle_timeout_resets(Fx *fx, gconstpointer data)
{
  (void)data;
  SimTcpConn *c = sim_tcp_connect(fx->t_inside, SERVER_IP, 443, 0, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 1 * SIM_S);
  g_assert_true(fx->connected);
  /* idle for 349 s: still fine */
  sim_scheduler_run_until(fx->sched, 350 * SIM_S);
  SimMsg *m = sim_msg_new(fx->net, SIM_MSG_DATA, 100);
  sim_tcp_send(c, m);
  sim_scheduler_run_until(fx->sched, 351 * SIM_S);
  g_assert_false(fx->closed);
  /* now idle 400 s */
  sim_scheduler_run_until(fx->sched, 751 * SIM_S);
  sim_tcp_send(c, m);
  sim_msg_unref(m);
  sim_scheduler_run_until(fx->sched, 760 * SIM_S);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_RESET);
  /* the segment went one hop (inside -> nat) and through the NAT's stage; the gateway's RST came
   * back one hop */
  g_assert_cmpint(fx->closed_at, ==, 751 * SIM_S + 3 * SIM_MS);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NAT_NO_MAPPING), ==, 1);
}

/* An instance in a public subnet without a public IP cannot use the internet gateway. */
static void
test_no_public_ip(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_connect(fx->t_nopip, SERVER_IP, 443, 5 * SIM_S, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 10 * SIM_S);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_CONNECT_TIMEOUT);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NO_PUBLIC_IP), ==, 3); /* 0,1,3 s */
  /* with one it works, and the server sees the public address */
  fx->closed = FALSE;
  sim_tcp_connect(fx->t_pip, SERVER_IP, 443, 5 * SIM_S, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 20 * SIM_S);
  g_assert_true(fx->connected);
  g_assert_cmpuint(fx->seen_src, ==, PUBLIC_IP);
}

/* A peered VPC cannot go out through the other VPC's NAT gateway (facts §5.5): no transit. */
static void
test_peering_no_transit(Fx *fx, gconstpointer data)
{
  (void)data;
  sim_tcp_connect(fx->t_peer, SERVER_IP, 443, 5 * SIM_S, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 10 * SIM_S);
  g_assert_true(fx->closed);
  g_assert_cmpint(fx->end, ==, SIM_TCP_END_CONNECT_TIMEOUT);
  g_assert_cmpuint(sim_network_packets_dropped(fx->net, SIM_DROP_NO_TRANSIT), ==, 3);
  /* but it reaches the VPC's own addresses */
  sim_tcp_listen(fx->t_inside, 8080, s_accept, fx);
  fx->closed = FALSE;
  fx->connected = FALSE;
  sim_tcp_connect(fx->t_peer, sim_host_ip(fx->inside), 8080, 5 * SIM_S, &client_cb, fx);
  sim_scheduler_run_until(fx->sched, 20 * SIM_S);
  g_assert_true(fx->connected);
  g_assert_cmpuint(fx->seen_src, ==, sim_host_ip(fx->peer_host));
}

static void
test_security_group(void)
{
  g_autoptr(SimSecurityGroup) sg = sim_security_group_new("sg");
  sim_security_group_add_member(sg, SIM_IP(10, 0, 1, 9));
  sim_security_group_allow(sg, (SimCidr){ SIM_IP(10, 50, 0, 0), 16 }, SIM_PROTO_TCP, 443, 443);
  g_assert_true(sim_security_group_admits(sg, SIM_IP(10, 0, 1, 9), SIM_PROTO_TCP, 10250));
  g_assert_true(sim_security_group_admits(sg, SIM_IP(10, 50, 3, 3), SIM_PROTO_TCP, 443));
  g_assert_false(sim_security_group_admits(sg, SIM_IP(10, 50, 3, 3), SIM_PROTO_TCP, 10250));
  g_assert_false(sim_security_group_admits(sg, SIM_IP(10, 50, 3, 3), SIM_PROTO_UDP, 443));
  g_assert_false(sim_security_group_admits(sg, SIM_IP(10, 0, 2, 2), SIM_PROTO_TCP, 443));
  SimPacket p = { 0 };
  p.proto = SIM_PROTO_TCP;
  p.flags = SIM_TCP_SYN;
  g_assert_true(sim_packet_opens_connection(&p));
  p.flags = SIM_TCP_SYN | SIM_TCP_ACK;
  g_assert_false(sim_packet_opens_connection(&p));
}

/* The cross-account ENI: the control plane opens connections into the customer VPC through it
 * (kubelet 10250, facts §1.4) and private-endpoint clients reach the control plane through it;
 * both ways the far side sees the ENI's address; the cluster security group filters clients. */
typedef struct {
  SimIp seen;
  gboolean connected, closed;
  SimTcpEnd end;
} Obs;

static void
obs_accept(SimTcpConn *c, gpointer data)
{
  Obs *o = data;
  o->seen = sim_tcp_conn_remote_ip(c);
  static const SimTcpCallbacks none = { NULL, NULL, NULL };
  sim_tcp_conn_set_callbacks(c, &none, o);
}

static void
obs_connected(SimTcpConn *c, gpointer user)
{
  (void)c;
  ((Obs *)user)->connected = TRUE;
}

static void
obs_closed(SimTcpConn *c, SimTcpEnd end, gpointer user)
{
  (void)c;
  Obs *o = user;
  o->closed = TRUE;
  o->end = end;
}

static const SimTcpCallbacks obs_cb = { obs_connected, NULL, obs_closed };

static void
test_xeni_both_ways(void)
{
  SimScheduler *sched = sim_scheduler_new();
  SimRngSet *rngs = sim_rng_set_new(1, 0);
  SimNetwork *net = sim_network_new(sched, rngs);
  set_all(net, 1 * SIM_MS);
  GArray *c = g_array_new(FALSE, FALSE, sizeof(SimCidr));
  SimCidr cust = { SIM_IP(10, 0, 0, 0), 16 }, cpc = { SIM_IP(100, 64, 0, 0), 16 };
  g_array_append_val(c, cust);
  SimVpc *vpc = sim_vpc_new(net, "vpc", c);
  g_array_index(c, SimCidr, 0) = cpc;
  SimVpc *cp = sim_vpc_new(net, "cp", c);
  g_array_unref(c);
  SimRouteTable *rt = sim_vpc_add_route_table(vpc, "main");
  SimSubnet *sn = sim_vpc_add_subnet(vpc, "sn", (SimCidr){ SIM_IP(10, 0, 1, 0), 24 }, 0, rt);
  SimRouteTable *cprt = sim_vpc_add_route_table(cp, "main");
  SimSubnet *cpsn = sim_vpc_add_subnet(cp, "cpsn", (SimCidr){ SIM_IP(100, 64, 0, 0), 24 }, 0, cprt);
  SimXeni *x = sim_xeni_new(net, "eni", sn, cprt);
  SimRoute r = { .dest = cust, .kind = SIM_ROUTE_NEXT_HOP, .target = sim_xeni_node(x),
                 .cls = SIM_LINK_CONTROL_PLANE };
  sim_route_table_add(cprt, &r);
  SimHost *api = sim_host_new(net, "api", sim_subnet_alloc_ip(cpsn), SIM_AZ_NONE);
  sim_vpc_attach(cpsn, sim_host_node(api));
  SimHost *node = sim_host_new(net, "node", sim_subnet_alloc_ip(sn), SIM_AZ_NONE);
  sim_vpc_attach(sn, sim_host_node(node));
  SimTcpStack *t_api = sim_tcp_stack_new(api, NULL), *t_node = sim_tcp_stack_new(node, NULL);
  SimSecurityGroup *sg = sim_security_group_new("cluster-sg");
  sim_xeni_set_security_group(x, sg);
  sim_xeni_set_frontend(x, sim_host_ip(api), sim_host_node(api));
  sim_xeni_set_private_endpoint(x, TRUE);

  /* control plane -> kubelet */
  Obs at_node = { 0 }, at_api = { 0 }, cli = { 0 };
  sim_tcp_listen(t_node, 10250, obs_accept, &at_node);
  Obs conn = { 0 };
  sim_tcp_connect(t_api, sim_host_ip(node), 10250, 0, &obs_cb, &conn);
  sim_scheduler_run_until(sched, 1 * SIM_S);
  g_assert_true(conn.connected);
  g_assert_cmpuint(at_node.seen, ==, sim_xeni_ip(x));

  /* a client of the private endpoint: not admitted by the security group ... */
  sim_tcp_listen(t_api, 443, obs_accept, &at_api);
  sim_tcp_connect(t_node, sim_xeni_ip(x), 443, 3 * SIM_S, &obs_cb, &cli);
  sim_scheduler_run_until(sched, 5 * SIM_S);
  g_assert_true(cli.closed);
  g_assert_cmpint(cli.end, ==, SIM_TCP_END_CONNECT_TIMEOUT);
  g_assert_cmpuint(sim_network_packets_dropped(net, SIM_DROP_SG_DENIED), ==, 2); /* +0 s, +1 s */
  /* ... a member is: the load balancer (here the API host) sees the ENI's address */
  sim_security_group_add_member(sg, sim_host_ip(node));
  memset(&cli, 0, sizeof cli);
  sim_tcp_connect(t_node, sim_xeni_ip(x), 443, 3 * SIM_S, &obs_cb, &cli);
  sim_scheduler_run_until(sched, 10 * SIM_S);
  g_assert_true(cli.connected);
  g_assert_cmpuint(at_api.seen, ==, sim_xeni_ip(x));
  /* private access off: the ENI still serves the in-cluster `kubernetes` service (facts §4) */
  sim_xeni_set_private_endpoint(x, FALSE);
  memset(&cli, 0, sizeof cli);
  sim_tcp_connect(t_node, sim_xeni_ip(x), 443, 2 * SIM_S, &obs_cb, &cli);
  sim_scheduler_run_until(sched, 20 * SIM_S);
  g_assert_true(cli.connected);
  g_assert_cmpuint(sim_network_packets_dropped(net, SIM_DROP_ENDPOINT_DISABLED), ==, 0);

  sim_network_shutdown(net);
  sim_tcp_stack_free(t_api);
  sim_tcp_stack_free(t_node);
  sim_host_free(api);
  sim_host_free(node);
  sim_xeni_free(x);
  sim_security_group_free(sg);
  sim_vpc_free(vpc);
  sim_vpc_free(cp);
  sim_network_free(net);
  sim_rng_set_free(rngs);
  sim_scheduler_free(sched);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("/net/nat-source-is-elastic-ip", test_nat_source_is_eip);
  ADD("/net/nat-idle-timeout-resets", test_nat_idle_timeout_resets);
  ADD("/net/igw-needs-public-ip", test_no_public_ip);
  ADD("/net/peering-is-not-transitive", test_peering_no_transit);
  g_test_add_func("/net/security-group", test_security_group);
  g_test_add_func("/net/cross-account-eni-both-ways", test_xeni_both_ways);
  return g_test_run();
}
