/* Node state and the node-lifecycle controller (see nodelifecycle.h; facts §5.1). */
#include "eks/nodelifecycle.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  SimNodeLifecycle *nlc;
  guint index;
  gboolean registered, ready;
  SimTime heartbeat;    /* last Lease renewal or status update committed */
  SimEventId evict_ev;  /* pending toleration expiry */
  SimTime ready_at, not_ready_at, evictable_at; /* the last of each, -1: never */
} Node;

struct _SimNodeLifecycle {
  SimScheduler *sched;
  SimNodeLifecycleParams p;
  Node *nodes;
  guint n;
  guint n_registered, n_ready;
  SimNodeEventFunc func;
  gpointer user;
  SimEventId monitor_ev;
};

void
sim_nodelifecycle_params_init(SimNodeLifecycleParams *p)
{
  p->monitor_period = 5 * SIM_S;
  p->grace_period = 40 * SIM_S;
  p->eviction_timeout = 300 * SIM_S;
}

SimTime
sim_nodelifecycle_grace_for_version(const char *version)
{
  g_return_val_if_fail(version != NULL, 40 * SIM_S);
  /* "1.N": kubernetes/kubernetes#126287 raised the default to 50 s in 1.32 (facts §5.1) */
  guint major = 0, minor = 0;
  if (sscanf(version, "%u.%u", &major, &minor) == 2 && (major > 1 || minor >= 32))
    return 50 * SIM_S;
  return 40 * SIM_S;
}

static void
emit(SimNodeLifecycle *nlc, Node *nd, SimNodeEvent ev, SimTime at)
{
  if (nlc->func != NULL)
    nlc->func(nd->index, ev, at, nd->heartbeat, nlc->user);
}

static void
evict_due(SimScheduler *sched, gpointer data)
{
  Node *nd = data;
  nd->evict_ev = SIM_EVENT_NONE;
  nd->evictable_at = sim_scheduler_now(sched);
  emit(nd->nlc, nd, SIM_NODE_EVENT_EVICTABLE, nd->evictable_at);
}

/* One pass of the controller (monitorNodeHealth): a Ready node whose probe time (the later of
 * its Lease renewal and its status update) is older than the grace period becomes not ready. */
static void
monitor(SimScheduler *sched, gpointer data)
{
  SimNodeLifecycle *nlc = data;
  SimTime now = sim_scheduler_now(sched);
  for (guint i = 0; i < nlc->n; i++) {
    Node *nd = &nlc->nodes[i];
    if (!nd->ready || nd->heartbeat + nlc->p.grace_period >= now)
      continue;
    nd->ready = FALSE;
    nd->not_ready_at = now;
    nlc->n_ready--;
    emit(nlc, nd, SIM_NODE_EVENT_NOT_READY, now);
    if (nd->evict_ev == SIM_EVENT_NONE)
      nd->evict_ev = sim_scheduler_after(sched, nlc->p.eviction_timeout, evict_due, nd);
  }
  nlc->monitor_ev = sim_scheduler_after(sched, nlc->p.monitor_period, monitor, nlc);
}

SimNodeLifecycle *
sim_nodelifecycle_new(SimScheduler *sched, guint n_nodes, const SimNodeLifecycleParams *params,
                      SimRng *rng, SimNodeEventFunc func, gpointer user)
{
  g_return_val_if_fail(sched != NULL && rng != NULL, NULL);
  SimNodeLifecycle *nlc = g_new0(SimNodeLifecycle, 1);
  nlc->sched = sched;
  if (params != NULL)
    nlc->p = *params;
  else
    sim_nodelifecycle_params_init(&nlc->p);
  g_return_val_if_fail(nlc->p.monitor_period > 0, nlc);
  nlc->n = n_nodes;
  nlc->nodes = g_new0(Node, MAX(n_nodes, 1u));
  for (guint i = 0; i < n_nodes; i++) {
    nlc->nodes[i].nlc = nlc;
    nlc->nodes[i].index = i;
    nlc->nodes[i].heartbeat = -1;
    nlc->nodes[i].ready_at = nlc->nodes[i].not_ready_at = nlc->nodes[i].evictable_at = -1;
    nlc->nodes[i].evict_ev = SIM_EVENT_NONE;
  }
  nlc->func = func;
  nlc->user = user;
  /* kube-controller-manager started before the run: its period has some phase */
  SimTime phase = (SimTime)(sim_rng_uniform(rng) * (double)nlc->p.monitor_period);
  nlc->monitor_ev = sim_scheduler_at(sched, sim_scheduler_now(sched) + phase, monitor, nlc);
  return nlc;
}

void
sim_nodelifecycle_free(SimNodeLifecycle *nlc)
{
  if (nlc == NULL)
    return;
  if (nlc->monitor_ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(nlc->sched, nlc->monitor_ev);
  for (guint i = 0; i < nlc->n; i++) {
    if (nlc->nodes[i].evict_ev != SIM_EVENT_NONE)
      sim_scheduler_cancel(nlc->sched, nlc->nodes[i].evict_ev);
  }
  g_free(nlc->nodes);
  g_free(nlc);
}

const SimNodeLifecycleParams *
sim_nodelifecycle_params(const SimNodeLifecycle *nlc)
{
  return &nlc->p;
}

guint
sim_nodelifecycle_n_nodes(const SimNodeLifecycle *nlc)
{
  return nlc->n;
}

void
sim_nodelifecycle_commit(SimNodeLifecycle *nlc, guint node, SimVerb verb, SimTime at)
{
  g_return_if_fail(node < nlc->n);
  Node *nd = &nlc->nodes[node];
  switch (verb) {
  case SIM_VERB_CREATE:
    if (!nd->registered) {
      nd->registered = TRUE;
      nlc->n_registered++;
      nd->heartbeat = MAX(nd->heartbeat, at);
      emit(nlc, nd, SIM_NODE_EVENT_REGISTERED, at);
    }
    break;
  case SIM_VERB_LEASE:
    if (nd->registered)
      nd->heartbeat = MAX(nd->heartbeat, at);
    break;
  case SIM_VERB_STATUS:
    if (!nd->registered)
      break;
    nd->heartbeat = MAX(nd->heartbeat, at);
    if (!nd->ready) {
      nd->ready = TRUE;
      nd->ready_at = at;
      nlc->n_ready++;
      if (nd->evict_ev != SIM_EVENT_NONE)
        sim_scheduler_cancel(nlc->sched, nd->evict_ev);
      nd->evict_ev = SIM_EVENT_NONE;
      emit(nlc, nd, SIM_NODE_EVENT_READY, at);
    }
    break;
  default:
    break;
  }
}

gboolean
sim_nodelifecycle_registered(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, FALSE);
  return nlc->nodes[node].registered;
}

gboolean
sim_nodelifecycle_ready(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, FALSE);
  return nlc->nodes[node].ready;
}

SimTime
sim_nodelifecycle_last_heartbeat(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, -1);
  return nlc->nodes[node].heartbeat;
}

guint
sim_nodelifecycle_n_registered(const SimNodeLifecycle *nlc)
{
  return nlc->n_registered;
}

guint
sim_nodelifecycle_n_ready(const SimNodeLifecycle *nlc)
{
  return nlc->n_ready;
}

SimTime
sim_nodelifecycle_ready_at(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, -1);
  return nlc->nodes[node].ready_at;
}

SimTime
sim_nodelifecycle_not_ready_at(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, -1);
  return nlc->nodes[node].not_ready_at;
}

SimTime
sim_nodelifecycle_evictable_at(const SimNodeLifecycle *nlc, guint node)
{
  g_return_val_if_fail(node < nlc->n, -1);
  return nlc->nodes[node].evictable_at;
}
