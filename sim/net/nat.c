/* NAT gateway (see nat.h). */
#include "net/nat.h"

#include "net/flowtable.h"
#include "net/network.h"
#include "stats/recorder.h"

enum { FIN_OUT = 1, FIN_IN = 2 };

struct _SimNatGateway {
  SimNode node; /* first */
  SimFlowTable *flows;
  guint64 bytes;
  guint32 path;
};

static void nat_receive(SimNode *node, SimPacket *pkt);
static void nat_set_up(SimNode *node, gboolean up);
static const SimNodeOps nat_ops = { "nat-gateway", nat_receive, nat_set_up };

SimNatGateway *
sim_nat_gateway_new(SimNetwork *net, const char *name, SimSubnet *subnet, SimTime idle_timeout)
{
  SimNatGateway *n = g_new0(SimNatGateway, 1);
  SimIp ip = sim_subnet_alloc_ip(subnet);
  g_return_val_if_fail(ip != 0, NULL);
  sim_node_init(&n->node, net, &nat_ops, name, ip, sim_subnet_az(subnet));
  sim_vpc_attach(subnet, &n->node);
  sim_node_set_processing(&n->node, SIM_LINK_NAT);
  n->flows = sim_flow_table_new(1024, 65535, idle_timeout);
  n->path = SIM_PATH_NAT;
  return n;
}

void
sim_nat_gateway_free(SimNatGateway *nat)
{
  if (nat == NULL)
    return;
  sim_node_clear(&nat->node);
  sim_flow_table_free(nat->flows);
  g_free(nat);
}

SimNode *
sim_nat_gateway_node(SimNatGateway *nat)
{
  return &nat->node;
}

SimIp
sim_nat_gateway_ip(const SimNatGateway *nat)
{
  return nat->node.ip;
}

void
sim_nat_gateway_set_path(SimNatGateway *nat, guint32 path)
{
  nat->path = path;
}

guint64
sim_nat_gateway_bytes(const SimNatGateway *nat)
{
  return nat->bytes;
}

guint
sim_nat_gateway_flows(const SimNatGateway *nat)
{
  return sim_flow_table_size(nat->flows);
}

static void
nat_set_up(SimNode *node, gboolean up)
{
  SimNatGateway *n = (SimNatGateway *)node;
  if (!up)
    sim_flow_table_clear(n->flows); /* a replaced gateway knows no old flow */
}

/* The gateway answers a segment of a flow it no longer knows with an RST to the inside host
 * (AWS: "returns an RST packet to any resources behind the NAT gateway"). */
static void
send_rst_inside(SimNatGateway *n, const SimPacket *pkt)
{
  SimPacket *r = sim_network_packet_new(n->node.net);
  r->proto = SIM_PROTO_TCP;
  r->flags = SIM_TCP_RST | SIM_TCP_ACK;
  r->src = pkt->dst;
  r->sport = pkt->dport;
  r->dst = pkt->src;
  r->dport = pkt->sport;
  r->seq = pkt->ack;
  r->ack = pkt->seq + pkt->len;
  r->size = SIM_IP_HEADER + SIM_TCP_HEADER;
  r->path = n->path;
  sim_node_output(&n->node, r);
}

static void
nat_receive(SimNode *node, SimPacket *pkt)
{
  SimNatGateway *n = (SimNatGateway *)node;
  SimNetwork *net = node->net;
  SimTime now = sim_network_now(net);
  gboolean expired;

  if (pkt->proto == SIM_PROTO_ICMP) {
    sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, "ICMP through a NAT gateway");
    return;
  }
  if (pkt->dst == node->ip) {
    /* from outside: a reply to one of our flows */
    SimFlow *f = sim_flow_table_by_port(n->flows, pkt->dport, now, &expired);
    if (f == NULL || f->key.b_ip != pkt->src || f->key.b_port != pkt->sport ||
        f->key.proto != pkt->proto) {
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING,
                       expired ? "NAT flow idled out" : "no NAT flow for this port");
      return;
    }
    sim_flow_touch(f, now);
    pkt->dst = f->key.a_ip;
    pkt->dport = f->key.a_port;
    pkt->path |= n->path;
    n->bytes += pkt->size;
    if (pkt->flags & SIM_TCP_FIN)
      f->user |= FIN_IN;
    if ((pkt->flags & SIM_TCP_RST) || f->user == (FIN_IN | FIN_OUT))
      sim_flow_table_remove(n->flows, f);
    if (G_UNLIKELY(sim_network_tracing(net))) {
      char a[16];
      sim_network_trace(net, SIM_TRACE_FUNCTION, node, pkt, "NAT gateway %s: destination -> %s:%u",
                        node->name, sim_ip_format(pkt->dst, a), pkt->dport);
    }
    sim_node_output(node, pkt);
    return;
  }
  /* from inside: source NAT */
  SimFlowKey key = { .a_ip = pkt->src, .b_ip = pkt->dst, .a_port = pkt->sport,
                     .b_port = pkt->dport, .proto = pkt->proto };
  SimFlow *f = sim_flow_table_lookup(n->flows, &key, now, &expired);
  if (f == NULL) {
    gboolean opens = pkt->proto != SIM_PROTO_TCP ||
                     (pkt->flags & (SIM_TCP_SYN | SIM_TCP_ACK)) == SIM_TCP_SYN;
    if (!opens) {
      if (!(pkt->flags & SIM_TCP_RST))
        send_rst_inside(n, pkt);
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING,
                       expired ? "NAT flow idled out (350 s): reset" : "no NAT flow: reset");
      return;
    }
    f = sim_flow_table_insert(n->flows, &key, TRUE, now);
    if (f == NULL) {
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, "NAT gateway out of ports");
      return;
    }
  }
  sim_flow_touch(f, now);
  if (G_UNLIKELY(sim_network_tracing(net))) {
    char a[16], b[16];
    sim_network_trace(net, SIM_TRACE_FUNCTION, node, pkt, "NAT gateway %s: source %s:%u -> %s:%u",
                      node->name, sim_ip_format(pkt->src, a), pkt->sport,
                      sim_ip_format(node->ip, b), f->port);
  }
  pkt->src = node->ip;
  pkt->sport = f->port;
  pkt->path |= n->path;
  n->bytes += pkt->size;
  if (pkt->flags & SIM_TCP_FIN)
    f->user |= FIN_OUT;
  if ((pkt->flags & SIM_TCP_RST) || f->user == (FIN_IN | FIN_OUT))
    sim_flow_table_remove(n->flows, f);
  sim_node_output(node, pkt);
}
