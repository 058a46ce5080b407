/* control-plane-upgrade: a Kubernetes version update of the control plane (target all).
 *
 * At the start EKS deletes and recreates the cross-account ENIs (facts §1.6, §6 #6): each moves to
 * a new address in its subnet; the private hosted zone (and, in private mode, public DNS) answers
 * the new addresses at once; the old addresses answer nothing. Then the API server instances are
 * replaced one at a time, make-before-break (EKS launches new instances and removes old ones,
 * facts §3: instances run in an auto-scaling group behind the load balancer): a new instance (the
 * reserve the world keeps for each, eks/world.c) is launched and registered with the load
 * balancer; once every load balancer node sees it healthy (healthy_threshold passed checks) the
 * old instance is deregistered (no new connections; its connections go on) and terminated
 * `drain` later (the NLB's deregistration delay; 300 s is AWS's default, EKS's value is not
 * published), which its remaining connections see as the instance vanishing. The next
 * replacement starts `pace` after the previous one started, and not before the previous old
 * instance was deregistered. The window ends when the last old instance is terminated.
 * What follows is the model's: a client that resolves the name for every call (kubectl) gets the
 * new ENI addresses at once and only ever connects to registered, healthy instances: no failures.
 * A client with a cached answer (dns_cache, TTL dns_ttl) keeps dialling an old ENI address until
 * the answer expires (each attempt a connect timeout); a long-lived connection through an old ENI,
 * or to a terminated instance, is dead until its HTTP/2 health check closes it (30 s read-idle +
 * 15 s ping timeout, facts §5.6). So the dip lasts at most about max(TTL, 45 s) plus a dial
 * timeout; kubelets lose their leases meanwhile only if it exceeds the grace period.
 * Simplified: etcd is not upgraded; the ENIs are replaced all at once at the start, in their own
 * subnets; a terminated instance does not send GOAWAY first.
 */
#include "fault/fault-private.h"

typedef struct {
  SimFault *f;
  SimFaultElem *old;
} Termination;

typedef struct {
  SimTime pace, drain;
  GPtrArray *olds;      /* SimFaultElem*: instances in service at the start, replaced in order */
  guint step;
  SimTime step_start;
  gboolean waiting;     /* the new instance of this step is not healthy everywhere yet */
  guint pending;        /* old instances deregistered, not terminated yet */
  guint replaced;       /* old instances deregistered so far */
  GPtrArray *terms;     /* Termination*, owned */
} Upgrade;

static gboolean
prepare(SimFault *f, GError **error)
{
  Upgrade *u = g_new0(Upgrade, 1);
  f->state = u;
  u->pace = sim_config_get_duration(f->cfg, f->group, "pace");
  u->drain = sim_config_get_duration(f->cfg, f->group, "drain");
  u->olds = g_ptr_array_new();
  u->terms = g_ptr_array_new_with_free_func(g_free);
  gboolean any = FALSE;
  for (guint i = 0; i < f->env->elems->len && !any; i++) {
    SimFaultElem *e = g_ptr_array_index(f->env->elems, i);
    any = e->kind == SIM_FAULT_ELEM_API_SERVER && e->partner != NULL;
  }
  if (!any || f->env->lb == NULL) {
    sim_fault_fail(f, error, "kind", "a model with reserve API server instances",
                   "the model kept no reserve instances to upgrade to");
    return FALSE;
  }
  return TRUE;
}

static void begin_step(SimScheduler *sched, gpointer data);

static void
maybe_done(SimFault *f)
{
  Upgrade *u = f->state;
  if (u->replaced == u->olds->len && u->pending == 0 && !f->lifted)
    sim_fault_end_now(f);
}

static void
terminate(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Termination *t = data;
  Upgrade *u = t->f->state;
  sim_fault_env_set_base(t->f->env, t->old->node, FALSE);
  u->pending--;
  maybe_done(t->f);
}

static void
begin_step(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimFault *f = data;
  Upgrade *u = f->state;
  SimFaultElem *old = g_ptr_array_index(u->olds, u->step);
  SimFaultElem *fresh = old->partner;
  u->step_start = sim_fault_now(f);
  u->waiting = TRUE;
  sim_network_trace(f->env->net, SIM_TRACE_FUNCTION, fresh->node, NULL, "upgrade: %s launched to replace %s",
                    fresh->name, old->name);
  sim_fault_env_set_base(f->env, fresh->node, TRUE);
  sim_lb_set_target_registered(f->env->lb, fresh->index, TRUE);
}

static void
lb_health(SimFault *f, guint target, gboolean healthy)
{
  Upgrade *u = f->state;
  if (!u->waiting || !healthy || u->step >= u->olds->len)
    return;
  SimFaultElem *old = g_ptr_array_index(u->olds, u->step);
  SimFaultElem *fresh = old->partner;
  if (target != fresh->index || !sim_lb_target_healthy_everywhere(f->env->lb, target))
    return;
  u->waiting = FALSE;
  u->replaced++;
  sim_lb_set_target_registered(f->env->lb, old->index, FALSE);
  old->standby = TRUE;
  fresh->standby = FALSE;
  Termination *t = g_new0(Termination, 1);
  t->f = f;
  t->old = old;
  g_ptr_array_add(u->terms, t);
  u->pending++;
  sim_scheduler_after(f->env->sched, u->drain, terminate, t);
  if (u->step + 1 < u->olds->len) {
    u->step++;
    SimTime next = MAX(u->step_start + u->pace, sim_fault_now(f));
    sim_scheduler_at(f->env->sched, next, begin_step, f);
  }
}

static void
inject(SimFault *f)
{
  Upgrade *u = f->state;
  g_ptr_array_set_size(u->olds, 0);
  for (guint i = 0; i < f->env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(f->env->elems, i);
    if (e->kind == SIM_FAULT_ELEM_API_SERVER && e->partner != NULL && !e->standby)
      g_ptr_array_add(u->olds, e);
  }
  u->step = 0;
  u->replaced = 0;
  sim_fault_env_readdress_enis(f->env);
  if (u->olds->len > 0)
    begin_step(f->env->sched, f);
}

static void
upgrade_free(SimFault *f)
{
  Upgrade *u = f->state;
  if (u == NULL)
    return;
  g_ptr_array_free(u->olds, TRUE);
  g_ptr_array_free(u->terms, TRUE);
  g_free(u);
}

const SimFaultKind sim_fault_control_plane_upgrade = {
  .name = "control-plane-upgrade",
  .elems = 0,
  .az_targets = FALSE,
  .all_target = TRUE,
  .prepare = prepare,
  .inject = inject,
  .lift = NULL,
  .free = upgrade_free,
  .lb_health = lb_health,
};
