/* Cross-account ENIs (see xeni.h). */
#include "net/xeni.h"

#include "net/flowtable.h"
#include "net/forward.h"
#include "net/network.h"
#include "stats/recorder.h"

struct _SimXeni {
  SimNode node; /* first */
  SimRouteTable *cp_table;
  SimIp frontend_ip;
  SimNode *frontend;
  gboolean private_endpoint;
  const SimSecurityGroup *sg;
  SimFlowTable *flows; /* control plane -> customer VPC connections */
};

static void xeni_receive(SimNode *node, SimPacket *pkt);
static void xeni_set_up(SimNode *node, gboolean up);
static const SimNodeOps xeni_ops = { "cross-account-eni", xeni_receive, xeni_set_up };

SimXeni *
sim_xeni_new(SimNetwork *net, const char *name, SimSubnet *subnet, SimRouteTable *cp_table)
{
  SimXeni *x = g_new0(SimXeni, 1);
  SimIp ip = sim_subnet_alloc_ip(subnet);
  g_return_val_if_fail(ip != 0, NULL);
  sim_node_init(&x->node, net, &xeni_ops, name, ip, sim_subnet_az(subnet));
  sim_vpc_attach(subnet, &x->node);
  x->cp_table = cp_table;
  /* the kubelet connections of the control plane idle out like any tracked flow; 350 s as NLB */
  x->flows = sim_flow_table_new(1024, 65535, 350 * SIM_S);
  return x;
}

void
sim_xeni_free(SimXeni *xeni)
{
  if (xeni == NULL)
    return;
  sim_node_clear(&xeni->node);
  sim_flow_table_free(xeni->flows);
  g_free(xeni);
}

SimNode *
sim_xeni_node(SimXeni *xeni)
{
  return &xeni->node;
}

SimIp
sim_xeni_ip(const SimXeni *xeni)
{
  return xeni->node.ip;
}

void
sim_xeni_set_frontend(SimXeni *xeni, SimIp ip, SimNode *node)
{
  xeni->frontend_ip = ip;
  xeni->frontend = node;
}

void
sim_xeni_set_private_endpoint(SimXeni *xeni, gboolean enabled)
{
  xeni->private_endpoint = enabled;
}

void
sim_xeni_set_security_group(SimXeni *xeni, const SimSecurityGroup *sg)
{
  xeni->sg = sg;
}

void
sim_xeni_readdress(SimXeni *xeni, SimSubnet *subnet)
{
  SimVpc *old = sim_subnet_vpc(xeni->node.subnet);
  sim_vpc_remove_address(old, xeni->node.ip);
  xeni->node.ip = sim_subnet_alloc_ip(subnet);
  xeni->node.az = sim_subnet_az(subnet);
  sim_vpc_attach(subnet, &xeni->node);
  sim_flow_table_clear(xeni->flows);
}

static void
xeni_set_up(SimNode *node, gboolean up)
{
  SimXeni *x = (SimXeni *)node;
  if (!up)
    sim_flow_table_clear(x->flows);
}

enum { FLOW_INBOUND = 1, FLOW_OUTBOUND = 2 };

static void
xeni_receive(SimNode *node, SimPacket *pkt)
{
  SimXeni *x = (SimXeni *)node;
  SimNetwork *net = node->net;
  SimTime now = sim_network_now(net);

  if (pkt->dst == node->ip && pkt->proto == SIM_PROTO_TCP && pkt->dport == SIM_API_PORT) {
    /* a client of the API through the ENI: the private endpoint (private access on) or, in every
     * mode, the in-cluster `kubernetes` service whose endpoints are the ENIs (facts §4): the ENI
     * admits on the cluster security group alone; private access only decides what DNS answers */
    gboolean opens = sim_packet_opens_connection(pkt);
    if (x->sg != NULL && opens && !sim_security_group_admits(x->sg, pkt->src, pkt->proto, pkt->dport)) {
      if (G_UNLIKELY(sim_network_tracing(net))) {
        char a[16];
        g_autofree char *why = g_strdup_printf(
            "dropped at the cross-account ENI %s: the cluster security group does not admit %s on "
            "TCP 443", node->name, sim_ip_format(pkt->src, a));
        sim_network_drop(net, node, pkt, SIM_DROP_SG_DENIED, why);
      } else {
        sim_network_drop(net, node, pkt, SIM_DROP_SG_DENIED, NULL);
      }
      return;
    }
    if (x->frontend == NULL) {
      sim_network_drop(net, node, pkt, SIM_DROP_NO_TARGET, "no load balancer behind the ENI");
      return;
    }
    SimFlowKey key = { .a_ip = pkt->src, .b_ip = node->ip, .a_port = pkt->sport,
                       .b_port = pkt->dport, .proto = pkt->proto };
    SimFlow *f = sim_flow_table_lookup(x->flows, &key, now, NULL);
    if (f == NULL) {
      if (!opens) {
        sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, NULL);
        return;
      }
      f = sim_flow_table_insert(x->flows, &key, TRUE, now);
      if (f == NULL) {
        sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, "ENI out of ports");
        return;
      }
      f->user = FLOW_INBOUND;
    }
    sim_flow_touch(f, now);
    pkt->src = node->ip;
    pkt->sport = f->port;
    pkt->dst = x->frontend_ip;
    pkt->path |= SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT;
    if (pkt->flags & SIM_TCP_RST)
      sim_flow_table_remove(x->flows, f);
    sim_network_trace(net, SIM_TRACE_FUNCTION, node, pkt,
                      "cross-account ENI %s: private endpoint -> load balancer node %s", node->name,
                      x->frontend->name);
    sim_network_hop(net, node, x->frontend, SIM_LINK_CONTROL_PLANE, pkt);
    return;
  }
  if (pkt->dst == node->ip) {
    /* a reply within a translated flow: from the load balancer (private endpoint) or from a
     * node answering the control plane */
    gboolean expired;
    SimFlow *f = sim_flow_table_by_port(x->flows, pkt->dport, now, &expired);
    if (f == NULL || f->key.proto != pkt->proto) {
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, NULL);
      return;
    }
    sim_flow_touch(f, now);
    gboolean rst = (pkt->flags & SIM_TCP_RST) != 0;
    if (f->user == FLOW_INBOUND) {
      pkt->src = node->ip;
      pkt->sport = f->key.b_port;
      pkt->dst = f->key.a_ip;
      pkt->dport = f->key.a_port;
      pkt->path |= SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT;
      if (rst)
        sim_flow_table_remove(x->flows, f);
      sim_node_output(node, pkt);
    } else {
      if (f->key.b_ip != pkt->src || f->key.b_port != pkt->sport) {
        sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, NULL);
        return;
      }
      pkt->dst = f->key.a_ip;
      pkt->dport = f->key.a_port;
      pkt->path |= SIM_PATH_XENI;
      if (rst)
        sim_flow_table_remove(x->flows, f);
      sim_forward(node, x->cp_table, pkt);
    }
    return;
  }
  /* the control plane opens a connection into the customer VPC (kubelet 10250, webhooks) */
  SimFlowKey key = { .a_ip = pkt->src, .b_ip = pkt->dst, .a_port = pkt->sport,
                     .b_port = pkt->dport, .proto = pkt->proto };
  SimFlow *f = sim_flow_table_lookup(x->flows, &key, now, NULL);
  if (f == NULL) {
    if (!sim_packet_opens_connection(pkt)) {
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, NULL);
      return;
    }
    f = sim_flow_table_insert(x->flows, &key, TRUE, now);
    if (f == NULL) {
      sim_network_drop(net, node, pkt, SIM_DROP_NAT_NO_MAPPING, "ENI out of ports");
      return;
    }
    f->user = FLOW_OUTBOUND;
  }
  sim_flow_touch(f, now);
  pkt->src = node->ip;
  pkt->sport = f->port;
  pkt->path |= SIM_PATH_XENI;
  if (pkt->flags & SIM_TCP_RST)
    sim_flow_table_remove(x->flows, f);
  sim_node_output(node, pkt);
}
