/* Internet gateway (see igw.h). The two maps are hash tables used for lookups only. */
#include "net/igw.h"

#include "net/forward.h"
#include "net/network.h"
#include "stats/recorder.h"

struct _SimIgw {
  char *name;
  SimVpc *vpc;
  SimNode *edge;
  SimRouteTable *edge_table;
  GHashTable *to_public;  /* private ip -> public ip */
  GHashTable *to_private; /* public ip -> private ip */
  SimLinkClass cls;
  guint64 bytes_out, bytes_in;
};

SimIgw *
sim_igw_new(const char *name, SimVpc *vpc, SimNode *edge, SimRouteTable *edge_table, SimLinkClass cls)
{
  SimIgw *g = g_new0(SimIgw, 1);
  g->name = g_strdup(name);
  g->cls = cls;
  g->vpc = vpc;
  g->edge = edge;
  g->edge_table = edge_table;
  g->to_public = g_hash_table_new(g_direct_hash, g_direct_equal);
  g->to_private = g_hash_table_new(g_direct_hash, g_direct_equal);
  return g;
}

void
sim_igw_free(SimIgw *igw)
{
  if (igw == NULL)
    return;
  g_hash_table_destroy(igw->to_public);
  g_hash_table_destroy(igw->to_private);
  g_free(igw->name);
  g_free(igw);
}

const char *
sim_igw_name(const SimIgw *igw)
{
  return igw->name;
}

SimVpc *
sim_igw_vpc(const SimIgw *igw)
{
  return igw->vpc;
}

void
sim_igw_map(SimIgw *igw, SimIp private_ip, SimIp public_ip)
{
  g_hash_table_insert(igw->to_public, GUINT_TO_POINTER(private_ip), GUINT_TO_POINTER(public_ip));
  g_hash_table_insert(igw->to_private, GUINT_TO_POINTER(public_ip), GUINT_TO_POINTER(private_ip));
  SimRoute r = { .dest = { public_ip, 32 }, .kind = SIM_ROUTE_IGW_INGRESS, .target = igw,
                 .cls = igw->cls };
  sim_route_table_add(igw->edge_table, &r);
}

void
sim_igw_unmap(SimIgw *igw, SimIp private_ip)
{
  SimIp pub = sim_igw_public_of(igw, private_ip);
  if (pub == 0)
    return;
  g_hash_table_remove(igw->to_public, GUINT_TO_POINTER(private_ip));
  g_hash_table_remove(igw->to_private, GUINT_TO_POINTER(pub));
  sim_route_table_remove(igw->edge_table, (SimCidr){ pub, 32 });
}

SimIp
sim_igw_public_of(const SimIgw *igw, SimIp private_ip)
{
  return GPOINTER_TO_UINT(g_hash_table_lookup(igw->to_public, GUINT_TO_POINTER(private_ip)));
}

void
sim_igw_egress(SimIgw *igw, SimNode *from, SimPacket *pkt)
{
  SimNetwork *net = from->net;
  SimIp pub = sim_igw_public_of(igw, pkt->src);
  if (pub == 0) {
    sim_network_drop(net, from, pkt, SIM_DROP_NO_PUBLIC_IP, NULL);
    return;
  }
  if (G_UNLIKELY(sim_network_tracing(net))) {
    char a[16], b[16];
    sim_network_trace(net, SIM_TRACE_FUNCTION, from, pkt, "%s: source %s -> %s", igw->name, sim_ip_format(pkt->src, a), sim_ip_format(pub, b));
  }
  pkt->src = pub;
  pkt->path |= SIM_PATH_IGW;
  igw->bytes_out += pkt->size;
  sim_network_hop(net, from, igw->edge, igw->cls, pkt);
}

void
sim_igw_ingress(SimIgw *igw, SimNode *from, SimPacket *pkt)
{
  SimNetwork *net = from->net;
  SimIp priv = GPOINTER_TO_UINT(g_hash_table_lookup(igw->to_private, GUINT_TO_POINTER(pkt->dst)));
  if (priv == 0) {
    sim_network_drop(net, from, pkt, SIM_DROP_NO_HOST, NULL);
    return;
  }
  if (G_UNLIKELY(sim_network_tracing(net))) {
    char a[16], b[16];
    sim_network_trace(net, SIM_TRACE_FUNCTION, from, pkt,
                      "%s: destination %s -> %s", igw->name,
                      sim_ip_format(pkt->dst, a), sim_ip_format(priv, b));
  }
  pkt->dst = priv;
  pkt->path |= SIM_PATH_IGW;
  igw->bytes_in += pkt->size;
  sim_forward_local(igw->vpc, from, igw->cls, pkt);
}

guint64
sim_igw_bytes_out(const SimIgw *igw)
{
  return igw->bytes_out;
}

guint64
sim_igw_bytes_in(const SimIgw *igw)
{
  return igw->bytes_in;
}
