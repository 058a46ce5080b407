/* Hosts (see host.h). UDP ports live in a small array searched linearly: a host binds a handful. */
#include "net/host.h"

typedef struct {
  guint16 port;
  SimHostInput input;
  gpointer data;
} UdpBinding;

typedef struct {
  SimHostUpHook hook;
  gpointer data;
} UpHook;

struct _SimHost {
  SimNode node; /* first */
  SimHostInput tcp_input;
  gpointer tcp_data;
  GArray *udp;   /* UdpBinding */
  GArray *hooks; /* UpHook */
  SimHostFilter filter;
  gpointer filter_data;
  guint16 next_port;
};

static void host_receive(SimNode *node, SimPacket *pkt);
static void host_set_up(SimNode *node, gboolean up);

static const SimNodeOps host_ops = { "host", host_receive, host_set_up };

SimHost *
sim_host_new(SimNetwork *net, const char *name, SimIp ip, guint8 az)
{
  SimHost *h = g_new0(SimHost, 1);
  sim_node_init(&h->node, net, &host_ops, name, ip, az);
  h->udp = g_array_new(FALSE, FALSE, sizeof(UdpBinding));
  h->hooks = g_array_new(FALSE, FALSE, sizeof(UpHook));
  h->next_port = 32768;
  return h;
}

void
sim_host_free(SimHost *host)
{
  if (host == NULL)
    return;
  sim_node_clear(&host->node);
  g_array_free(host->udp, TRUE);
  g_array_free(host->hooks, TRUE);
  g_free(host);
}

SimNode *
sim_host_node(SimHost *host)
{
  return &host->node;
}

SimNetwork *
sim_host_network(SimHost *host)
{
  return host->node.net;
}

SimIp
sim_host_ip(const SimHost *host)
{
  return host->node.ip;
}

const char *
sim_host_name(const SimHost *host)
{
  return host->node.name;
}

SimTime
sim_host_now(const SimHost *host)
{
  return sim_network_now(host->node.net);
}

gboolean
sim_host_is_up(const SimHost *host)
{
  return host->node.up;
}

void
sim_host_set_tcp(SimHost *host, SimHostInput input, gpointer data)
{
  host->tcp_input = input;
  host->tcp_data = data;
}

guint16
sim_host_ephemeral_port(SimHost *host)
{
  guint16 p = host->next_port;
  host->next_port = p >= 60999 ? 32768 : p + 1;
  return p;
}

static UdpBinding *
udp_find(SimHost *host, guint16 port)
{
  for (guint i = 0; i < host->udp->len; i++) {
    UdpBinding *b = &g_array_index(host->udp, UdpBinding, i);
    if (b->port == port)
      return b;
  }
  return NULL;
}

guint16
sim_host_bind_udp(SimHost *host, guint16 port, SimHostInput input, gpointer data)
{
  if (port == 0) {
    do
      port = sim_host_ephemeral_port(host);
    while (udp_find(host, port) != NULL);
  }
  g_return_val_if_fail(udp_find(host, port) == NULL, 0);
  UdpBinding b = { port, input, data };
  g_array_append_val(host->udp, b);
  return port;
}

void
sim_host_unbind_udp(SimHost *host, guint16 port)
{
  for (guint i = 0; i < host->udp->len; i++) {
    if (g_array_index(host->udp, UdpBinding, i).port == port) {
      g_array_remove_index_fast(host->udp, i);
      return;
    }
  }
}

void
sim_host_add_up_hook(SimHost *host, SimHostUpHook hook, gpointer data)
{
  UpHook h = { hook, data };
  g_array_append_val(host->hooks, h);
}

void
sim_host_set_filter(SimHost *host, SimHostFilter filter, gpointer data)
{
  host->filter = filter;
  host->filter_data = data;
}

static void
host_set_up(SimNode *node, gboolean up)
{
  SimHost *host = (SimHost *)node;
  for (guint i = 0; i < host->hooks->len; i++) {
    UpHook *h = &g_array_index(host->hooks, UpHook, i);
    h->hook(host, up, h->data);
  }
}

static void
host_receive(SimNode *node, SimPacket *pkt)
{
  SimHost *host = (SimHost *)node;
  if (G_UNLIKELY(pkt->dst != node->ip)) {
    sim_network_drop(node->net, node, pkt, SIM_DROP_NO_HOST, NULL);
    return;
  }
  if (host->filter != NULL) {
    SimDropReason reason;
    const char *detail = NULL;
    if (!host->filter(host, pkt, host->filter_data, &reason, &detail)) {
      sim_network_drop(node->net, node, pkt, reason, detail);
      return;
    }
  }
  switch (pkt->proto) {
  case SIM_PROTO_TCP:
    if (host->tcp_input != NULL) {
      host->tcp_input(host, pkt, host->tcp_data);
      return;
    }
    break;
  case SIM_PROTO_UDP: {
    UdpBinding *b = udp_find(host, pkt->dport);
    if (b != NULL) {
      b->input(host, pkt, b->data);
      return;
    }
    sim_network_drop(node->net, node, pkt, SIM_DROP_PORT_CLOSED, NULL);
    return;
  }
  case SIM_PROTO_ICMP:
    if (pkt->seq == SIM_PROTO_TCP && host->tcp_input != NULL) {
      host->tcp_input(host, pkt, host->tcp_data);
      return;
    }
    if (pkt->seq == SIM_PROTO_UDP) {
      UdpBinding *b = udp_find(host, pkt->sport);
      if (b != NULL) {
        b->input(host, pkt, b->data);
        return;
      }
    }
    sim_network_deliver(node->net, node, pkt);
    return;
  default:
    break;
  }
  sim_network_drop(node->net, node, pkt, SIM_DROP_PORT_CLOSED, NULL);
}

void
sim_host_send(SimHost *host, SimPacket *pkt)
{
  if (pkt->src == 0)
    pkt->src = host->node.ip;
  sim_node_output(&host->node, pkt);
}
