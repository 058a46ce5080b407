/* Load balancer: the parts common to NLB and ALB (see lb.h). */
#include "eks/lb.h"

#include <string.h>

#include "net/host.h"
#include "proto/tcp.h"
#include "stats/recorder.h"

typedef struct {
  char *name;
  SimIp ip;
  guint8 az;
  gboolean registered;
} Target;

typedef struct _Check Check;

typedef struct {
  SimNode *elem;
  gpointer impl;
  guint8 az;
  SimHost *hc_host;
  SimTcpStack *hc_tcp;
  Check *checks; /* one per target */
  gboolean in_dns;       /* the node's own health check (sim_lb_node_in_dns) */
  guint dns_ok, dns_fail;
  SimEventId dns_ev;
} Node;

struct _Check {
  SimLb *lb;
  guint node, target;
  gboolean relevant; /* the node may send to this target */
  gboolean healthy;
  guint ok_run, fail_run;
  SimTcpConn *conn;
  SimEventId next_ev;
};

typedef struct {
  SimLb *lb;
  guint node;
} NodeRef;

struct _SimLb {
  const SimLbOps *ops;
  SimNetwork *net;
  SimScheduler *sched;
  char *name;
  SimLbParams p;
  GArray *targets; /* Target */
  GArray *nodes;   /* Node */
  SimNode *edge;
  gboolean public_enabled;
  GArray *cidrs;   /* SimCidr, or NULL: all */
  SimLbHealthFunc health_func;
  gpointer health_user;
  SimLbNodeFunc node_func;
  gpointer node_user;
  NodeRef *node_refs; /* one per node: data of the node checks */
  gboolean started;
};

const SimLbOps *
sim_lb_ops_find(const char *name)
{
  if (strcmp(name, "nlb") == 0)
    return &sim_nlb_ops;
  if (strcmp(name, "alb") == 0)
    return &sim_alb_ops;
  return NULL;
}

void
sim_lb_params_init(SimLbParams *p, const SimLbOps *ops)
{
  p->cross_zone = ops != NULL ? ops->cross_zone : FALSE;
  p->idle_timeout = 350 * SIM_S;
  p->hc_interval = 30 * SIM_S;
  p->hc_timeout = 10 * SIM_S;
  p->healthy_threshold = 5;
  p->unhealthy_threshold = 2;
}

SimLb *
sim_lb_new(const SimLbOps *ops, SimNetwork *net, const char *name, const SimLbParams *params)
{
  SimLb *lb = g_new0(SimLb, 1);
  lb->ops = ops;
  lb->net = net;
  lb->sched = sim_network_scheduler(net);
  lb->name = g_strdup(name);
  if (params != NULL)
    lb->p = *params;
  else
    sim_lb_params_init(&lb->p, ops);
  lb->targets = g_array_new(FALSE, TRUE, sizeof(Target));
  lb->nodes = g_array_new(FALSE, TRUE, sizeof(Node));
  lb->public_enabled = TRUE;
  return lb;
}

static void
check_stop(Check *c)
{
  if (c->next_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(c->lb->sched, c->next_ev);
  c->next_ev = SIM_EVENT_NONE;
  if (c->conn != NULL)
    sim_tcp_abort(c->conn);
  c->conn = NULL;
}

void
sim_lb_free(SimLb *lb)
{
  if (lb == NULL)
    return;
  for (guint i = 0; i < lb->nodes->len; i++) {
    Node *n = &g_array_index(lb->nodes, Node, i);
    for (guint t = 0; t < lb->targets->len; t++)
      check_stop(&n->checks[t]);
    if (n->dns_ev != SIM_EVENT_NONE)
      sim_scheduler_cancel(lb->sched, n->dns_ev);
    lb->ops->node_free(lb, i);
    sim_tcp_stack_free(n->hc_tcp);
    sim_host_free(n->hc_host);
    g_free(n->checks);
  }
  for (guint t = 0; t < lb->targets->len; t++)
    g_free(g_array_index(lb->targets, Target, t).name);
  g_array_free(lb->targets, TRUE);
  g_array_free(lb->nodes, TRUE);
  if (lb->cidrs != NULL)
    g_array_free(lb->cidrs, TRUE);
  g_free(lb->node_refs);
  g_free(lb->name);
  g_free(lb);
}

const SimLbOps *
sim_lb_ops(const SimLb *lb)
{
  return lb->ops;
}

const char *
sim_lb_name(const SimLb *lb)
{
  return lb->name;
}

SimNetwork *
sim_lb_network(const SimLb *lb)
{
  return lb->net;
}

const SimLbParams *
sim_lb_params(const SimLb *lb)
{
  return &lb->p;
}

guint
sim_lb_add_target(SimLb *lb, const char *name, SimIp ip, guint8 az)
{
  g_return_val_if_fail(lb->nodes->len == 0, 0);
  Target t = { g_strdup(name), ip, az, TRUE };
  g_array_append_val(lb->targets, t);
  return lb->targets->len - 1;
}

guint
sim_lb_n_targets(const SimLb *lb)
{
  return lb->targets->len;
}

SimIp
sim_lb_target_ip(const SimLb *lb, guint target)
{
  return g_array_index(lb->targets, Target, target).ip;
}

guint8
sim_lb_target_az(const SimLb *lb, guint target)
{
  return g_array_index(lb->targets, Target, target).az;
}

const char *
sim_lb_target_name(const SimLb *lb, guint target)
{
  return g_array_index(lb->targets, Target, target).name;
}

guint
sim_lb_add_node(SimLb *lb, SimSubnet *subnet)
{
  guint index = lb->nodes->len;
  g_array_set_size(lb->nodes, index + 1);
  Node *n = &g_array_index(lb->nodes, Node, index);
  n->az = sim_subnet_az(subnet);
  n->in_dns = TRUE;
  n->dns_ev = SIM_EVENT_NONE;
  n->elem = lb->ops->node_new(lb, index, subnet);
  n = &g_array_index(lb->nodes, Node, index); /* node_new may have set impl */
  g_autofree char *hc_name = g_strdup_printf("%s-health", n->elem->name);
  SimIp ip = sim_subnet_alloc_ip(subnet);
  n->hc_host = sim_host_new(lb->net, hc_name, ip, n->az);
  sim_vpc_attach(subnet, sim_host_node(n->hc_host));
  n->hc_tcp = sim_tcp_stack_new(n->hc_host, NULL);
  n->checks = g_new0(Check, lb->targets->len);
  for (guint t = 0; t < lb->targets->len; t++) {
    Check *c = &n->checks[t];
    c->lb = lb;
    c->node = index;
    c->target = t;
    c->relevant = lb->p.cross_zone || sim_lb_target_az(lb, t) == n->az;
    c->healthy = TRUE;
  }
  return index;
}

guint
sim_lb_n_nodes(const SimLb *lb)
{
  return lb->nodes->len;
}

SimNode *
sim_lb_node(const SimLb *lb, guint index)
{
  return g_array_index(lb->nodes, Node, index).elem;
}

SimIp
sim_lb_node_ip(const SimLb *lb, guint index)
{
  return sim_lb_node(lb, index)->ip;
}

guint8
sim_lb_node_az(const SimLb *lb, guint index)
{
  return g_array_index(lb->nodes, Node, index).az;
}

guint
sim_lb_node_for_az(const SimLb *lb, guint8 az)
{
  for (guint i = 0; i < lb->nodes->len; i++) {
    if (g_array_index(lb->nodes, Node, i).az == az)
      return i;
  }
  return 0;
}

gpointer
sim_lb_node_impl(const SimLb *lb, guint index)
{
  return g_array_index(lb->nodes, Node, index).impl;
}

void
sim_lb_set_node_impl(SimLb *lb, guint index, gpointer impl)
{
  g_array_index(lb->nodes, Node, index).impl = impl;
}

void
sim_lb_set_public(SimLb *lb, SimNode *edge, gboolean enabled, const GArray *cidrs)
{
  lb->edge = edge;
  lb->public_enabled = enabled;
  if (lb->cidrs != NULL)
    g_array_free(lb->cidrs, TRUE);
  lb->cidrs = NULL;
  if (cidrs != NULL) {
    lb->cidrs = g_array_sized_new(FALSE, FALSE, sizeof(SimCidr), cidrs->len);
    g_array_append_vals(lb->cidrs, cidrs->data, cidrs->len);
  }
}

gboolean
sim_lb_public_enabled(const SimLb *lb)
{
  return lb->public_enabled;
}

gboolean
sim_lb_is_public(const SimLb *lb, const SimPacket *pkt)
{
  return lb->edge != NULL && pkt->prev == lb->edge;
}

gboolean
sim_lb_public_admits(SimLb *lb, const SimPacket *pkt, SimDropReason *reason)
{
  if (!lb->public_enabled) {
    *reason = SIM_DROP_ENDPOINT_DISABLED;
    return FALSE;
  }
  if (lb->cidrs != NULL && !sim_cidr_list_contains(lb->cidrs, pkt->src)) {
    *reason = SIM_DROP_CIDR_DENIED;
    return FALSE;
  }
  return TRUE;
}

/* ---- health checks ---- */

static void check_run(SimScheduler *sched, gpointer data);

static void
check_result(Check *c, gboolean ok)
{
  SimLb *lb = c->lb;
  if (ok) {
    c->fail_run = 0;
    c->ok_run++;
  } else {
    c->ok_run = 0;
    c->fail_run++;
  }
  gboolean was = c->healthy;
  if (!c->healthy && c->ok_run >= lb->p.healthy_threshold)
    c->healthy = TRUE;
  else if (c->healthy && c->fail_run >= lb->p.unhealthy_threshold)
    c->healthy = FALSE;
  if (was != c->healthy) {
    Node *n = &g_array_index(lb->nodes, Node, c->node);
    sim_network_trace(lb->net, SIM_TRACE_FUNCTION, n->elem, NULL, "%s: target %s is %s", n->elem->name,
                      sim_lb_target_name(lb, c->target), c->healthy ? "healthy" : "unhealthy");
    if (lb->ops->health_changed != NULL)
      lb->ops->health_changed(lb, c->node, c->target, c->healthy);
    if (lb->health_func != NULL)
      lb->health_func(lb, c->node, c->target, c->healthy, lb->health_user);
  }
}

static void
hc_connected(SimTcpConn *conn, gpointer user)
{
  Check *c = user;
  c->conn = NULL;
  sim_tcp_abort(conn); /* a TCP health check closes with RST once the handshake succeeded */
  check_result(c, TRUE);
}

static void
hc_closed(SimTcpConn *conn, SimTcpEnd end, gpointer user)
{
  (void)conn;
  (void)end;
  Check *c = user;
  c->conn = NULL;
  check_result(c, FALSE);
}

static const SimTcpCallbacks hc_cb = { hc_connected, NULL, hc_closed };

static void
check_run(SimScheduler *sched, gpointer data)
{
  Check *c = data;
  SimLb *lb = c->lb;
  Node *n = &g_array_index(lb->nodes, Node, c->node);
  if (!g_array_index(lb->targets, Target, c->target).registered) {
    c->next_ev = SIM_EVENT_NONE; /* deregistered: no more checks */
    return;
  }
  c->next_ev = sim_scheduler_after(sched, lb->p.hc_interval, check_run, c);
  if (c->conn != NULL)
    return; /* the previous check is still running (timeout longer than the interval) */
  if (!sim_host_is_up(n->hc_host) || !n->elem->up)
    return; /* a failed node checks nothing */
  c->conn = sim_tcp_connect(n->hc_tcp, sim_lb_target_ip(lb, c->target), 443, lb->p.hc_timeout,
                            &hc_cb, c);
}

/* The first check of (node, target) at a random phase of the interval. */
static void
check_begin(SimLb *lb, Node *n, Check *c)
{
  SimRng *rng = sim_rng_set_getf(sim_network_rngs(lb->net), "lb/%s/check/%s", n->elem->name,
                                 sim_lb_target_name(lb, c->target));
  SimTime phase = (SimTime)(sim_rng_uniform(rng) * (double)lb->p.hc_interval);
  c->next_ev = sim_scheduler_after(lb->sched, phase, check_run, c);
}

/* The node's own health check (see lb.h): whether the node answers at all. */

static void
node_check(SimScheduler *sched, gpointer data)
{
  SimLb *lb = ((NodeRef *)data)->lb;
  guint index = ((NodeRef *)data)->node;
  Node *n = &g_array_index(lb->nodes, Node, index);
  n->dns_ev = sim_scheduler_after(sched, SIM_LB_NODE_CHECK_INTERVAL, node_check, data);
  if (n->elem->up) {
    n->dns_fail = 0;
    n->dns_ok++;
  } else {
    n->dns_ok = 0;
    n->dns_fail++;
  }
  gboolean was = n->in_dns;
  if (!n->in_dns && n->dns_ok >= SIM_LB_NODE_CHECK_THRESHOLD)
    n->in_dns = TRUE;
  else if (n->in_dns && n->dns_fail >= SIM_LB_NODE_CHECK_THRESHOLD)
    n->in_dns = FALSE;
  if (was != n->in_dns) {
    sim_network_trace(lb->net, SIM_TRACE_FUNCTION, n->elem, NULL, "%s: node %s DNS", n->elem->name,
                      n->in_dns ? "back in" : "taken out of");
    if (lb->node_func != NULL)
      lb->node_func(lb, index, n->in_dns, lb->node_user);
  }
}

gboolean
sim_lb_node_in_dns(const SimLb *lb, guint node)
{
  return g_array_index(lb->nodes, Node, node).in_dns;
}

void
sim_lb_set_node_callback(SimLb *lb, SimLbNodeFunc func, gpointer user)
{
  lb->node_func = func;
  lb->node_user = user;
}

void
sim_lb_start(SimLb *lb)
{
  if (lb->started)
    return;
  lb->started = TRUE;
  lb->node_refs = g_new(NodeRef, MAX(lb->nodes->len, 1u));
  for (guint i = 0; i < lb->nodes->len; i++) {
    Node *n = &g_array_index(lb->nodes, Node, i);
    lb->node_refs[i] = (NodeRef){ lb, i };
    SimRng *rng = sim_rng_set_getf(sim_network_rngs(lb->net), "lb/%s/node-check", n->elem->name);
    SimTime phase = (SimTime)(sim_rng_uniform(rng) * (double)SIM_LB_NODE_CHECK_INTERVAL);
    n->dns_ev = sim_scheduler_after(lb->sched, phase, node_check, &lb->node_refs[i]);
    for (guint t = 0; t < lb->targets->len; t++) {
      Check *c = &n->checks[t];
      if (c->relevant && g_array_index(lb->targets, Target, t).registered)
        check_begin(lb, n, c);
    }
  }
}

void
sim_lb_set_target_registered(SimLb *lb, guint target, gboolean registered)
{
  g_return_if_fail(lb != NULL && target < lb->targets->len);
  Target *tg = &g_array_index(lb->targets, Target, target);
  if (tg->registered == registered)
    return;
  tg->registered = registered;
  for (guint i = 0; i < lb->nodes->len; i++) {
    Node *n = &g_array_index(lb->nodes, Node, i);
    Check *c = &n->checks[target];
    if (!c->relevant)
      continue;
    sim_network_trace(lb->net, SIM_TRACE_FUNCTION, n->elem, NULL, "%s: target %s is %s", n->elem->name,
                      tg->name, registered ? "registered" : "deregistered (draining)");
    if (!registered) {
      check_stop(c); /* its connections stay: draining */
      continue;
    }
    c->healthy = FALSE; /* initial: healthy after healthy_threshold passed checks */
    c->ok_run = c->fail_run = 0;
    if (lb->started)
      check_begin(lb, n, c);
  }
}

gboolean
sim_lb_target_registered(const SimLb *lb, guint target)
{
  g_return_val_if_fail(lb != NULL && target < lb->targets->len, FALSE);
  return g_array_index(lb->targets, Target, target).registered;
}

gboolean
sim_lb_target_healthy_everywhere(const SimLb *lb, guint target)
{
  g_return_val_if_fail(lb != NULL && target < lb->targets->len, FALSE);
  gboolean any = FALSE;
  for (guint i = 0; i < lb->nodes->len; i++) {
    const Check *c = &g_array_index(lb->nodes, Node, i).checks[target];
    if (!c->relevant)
      continue;
    if (!c->healthy)
      return FALSE;
    any = TRUE;
  }
  return any;
}

gboolean
sim_lb_target_healthy(const SimLb *lb, guint node, guint target)
{
  return g_array_index(lb->nodes, Node, node).checks[target].healthy;
}

guint
sim_lb_candidates(const SimLb *lb, guint node, guint *out)
{
  const Node *n = &g_array_index(lb->nodes, Node, node);
  guint k = 0;
  const Target *tg = (const Target *)lb->targets->data;
  for (guint t = 0; t < lb->targets->len; t++) {
    if (n->checks[t].relevant && tg[t].registered && n->checks[t].healthy)
      out[k++] = t;
  }
  if (k > 0)
    return k;
  for (guint t = 0; t < lb->targets->len; t++) { /* fail open */
    if (n->checks[t].relevant && tg[t].registered)
      out[k++] = t;
  }
  return k;
}

gboolean
sim_lb_node_has_healthy(const SimLb *lb, guint node)
{
  const Node *n = &g_array_index(lb->nodes, Node, node);
  const Target *tg = (const Target *)lb->targets->data;
  for (guint t = 0; t < lb->targets->len; t++) {
    if (n->checks[t].relevant && tg[t].registered && n->checks[t].healthy)
      return TRUE;
  }
  return FALSE;
}

void
sim_lb_set_health_callback(SimLb *lb, SimLbHealthFunc func, gpointer user)
{
  lb->health_func = func;
  lb->health_user = user;
}
