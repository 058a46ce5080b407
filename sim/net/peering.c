/* VPC peering (see peering.h). */
#include "net/peering.h"

#include "net/forward.h"
#include "net/network.h"
#include "stats/recorder.h"

struct _SimPeering {
  SimVpc *a, *b;
};

SimPeering *
sim_peering_new(SimVpc *a, SimVpc *b)
{
  SimPeering *p = g_new0(SimPeering, 1);
  p->a = a;
  p->b = b;
  return p;
}

void
sim_peering_free(SimPeering *pcx)
{
  g_free(pcx);
}

SimVpc *
sim_peering_other(const SimPeering *pcx, const SimVpc *vpc)
{
  return vpc == pcx->a ? pcx->b : vpc == pcx->b ? pcx->a : NULL;
}

void
sim_peering_cross(SimPeering *pcx, const SimVpc *here, SimNode *from, SimPacket *pkt)
{
  if (here == NULL) /* an interface attached by address only (a VPC's Route 53 Resolver) */
    here = sim_vpc_lookup(pcx->a, from->ip) == from ? pcx->a : pcx->b;
  SimVpc *peer = sim_peering_other(pcx, here);
  if (peer == NULL || !sim_vpc_contains(peer, pkt->dst)) {
    sim_network_drop(from->net, from, pkt, SIM_DROP_NO_TRANSIT, NULL);
    return;
  }
  pkt->path |= SIM_PATH_PEERING;
  sim_network_trace(from->net, SIM_TRACE_FUNCTION, from, pkt, "peering %s -> %s",
                    here ? sim_vpc_name(here) : "?", sim_vpc_name(peer));
  sim_forward_local(peer, from, SIM_LINK_BY_AZ, pkt);
}
