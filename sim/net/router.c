/* A router node (see router.h). */
#include "net/router.h"

#include "net/forward.h"

struct _SimRouter {
  SimNode node; /* first: the node is the router */
  SimRouteTable *rt;
  char *kind;
  SimNodeOps ops;
  guint32 path;
};

static void
router_receive(SimNode *node, SimPacket *pkt)
{
  SimRouter *r = (SimRouter *)node;
  pkt->path |= r->path;
  sim_forward(node, r->rt, pkt);
}

SimRouter *
sim_router_new(SimNetwork *net, const char *name, SimIp ip, guint8 az, const char *kind)
{
  SimRouter *r = g_new0(SimRouter, 1);
  r->kind = g_strdup(kind);
  r->ops.kind = r->kind;
  r->ops.receive = router_receive;
  sim_node_init(&r->node, net, &r->ops, name, ip, az);
  r->rt = sim_route_table_new(name);
  return r;
}

void
sim_router_free(SimRouter *router)
{
  if (router == NULL)
    return;
  sim_node_clear(&router->node);
  sim_route_table_free(router->rt);
  g_free(router->kind);
  g_free(router);
}

SimNode *
sim_router_node(SimRouter *router)
{
  return &router->node;
}

SimRouteTable *
sim_router_table(SimRouter *router)
{
  return router->rt;
}

void
sim_router_add_next_hop(SimRouter *router, SimCidr dest, SimNode *via, SimLinkClass cls)
{
  SimRoute r = { .dest = dest, .kind = SIM_ROUTE_NEXT_HOP, .target = via, .cls = cls };
  sim_route_table_add(router->rt, &r);
}

void
sim_router_set_path(SimRouter *router, guint32 path)
{
  router->path = path;
}

void
sim_router_add_blackhole(SimRouter *router, SimCidr dest, SimDropReason reason)
{
  SimRoute r = { .dest = dest, .kind = SIM_ROUTE_BLACKHOLE, .reason = reason };
  sim_route_table_add(router->rt, &r);
}
