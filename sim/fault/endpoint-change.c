/* endpoint-change: the cluster's endpoint access is updated mid-run (target all): `endpoint`
 * (public, public+private, private) and/or `public_access_cidrs`. EKS applies an endpoint update
 * asynchronously (facts §6 #10: minutes; `propagation`, default 10 min, facts §7 proposes 5-15):
 * the old configuration stays in force until the update completes, then at once the public
 * endpoint's switch and CIDR list at the load balancer, the private hosted zone and the
 * cross-account ENIs' private endpoint change. With `duration` the update is reverted at the
 * window's end, and the revert propagates the same way.
 * What follows is the model's: DNS answers change (facts §1.7) but resolvers' caches and clients'
 * caches hand out the old answer until its TTL ends; established connections on a path that
 * closed (public access off, a source no longer in the CIDRs, private access off) lose every
 * packet and are noticed by the HTTP/2 health check (45 s, facts §5.6) or the request timeout;
 * kubelets whose path closed turn not Ready after the grace period. Marks: "in-effect" when the
 * update completes, "reverted" when the revert does. Nothing detects it: detected_s is empty
 * unless nodes turn not Ready.
 */
#include "fault/fault-private.h"

#include <string.h>

typedef struct {
  SimTime propagation;
  gboolean set_mode, pub, priv;
  GArray *cidrs;               /* SimCidr, NULL: unchanged */
  gboolean saved_pub, saved_priv;
  GArray *saved_cidrs;         /* the configuration the update replaced */
  gboolean applied;
} Change;

static GArray *
copy_cidrs(const GArray *a)
{
  if (a == NULL)
    return NULL;
  GArray *c = g_array_sized_new(FALSE, FALSE, sizeof(SimCidr), a->len);
  g_array_append_vals(c, a->data, a->len);
  return c;
}

static gboolean
prepare(SimFault *f, GError **error)
{
  (void)error;
  Change *c = g_new0(Change, 1);
  f->state = c;
  c->propagation = sim_config_get_duration(f->cfg, f->group, "propagation");
  if (sim_config_is_set(f->cfg, f->group, "endpoint")) {
    const char *mode = sim_config_get_string(f->cfg, f->group, "endpoint");
    c->set_mode = TRUE;
    c->pub = strcmp(mode, "private") != 0;
    c->priv = strcmp(mode, "public") != 0;
  }
  if (sim_config_is_set(f->cfg, f->group, "public_access_cidrs"))
    c->cidrs = copy_cidrs(sim_config_get_cidrs(f->cfg, f->group, "public_access_cidrs"));
  return TRUE;
}

static void
apply(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimFault *f = data;
  Change *c = f->state;
  SimFaultEnv *env = f->env;
  c->saved_pub = env->public_access;
  c->saved_priv = env->private_access;
  if (c->saved_cidrs != NULL)
    g_array_free(c->saved_cidrs, TRUE);
  c->saved_cidrs = copy_cidrs(env->cidrs);
  sim_fault_env_apply_endpoint(env, c->set_mode ? c->pub : env->public_access,
                               c->set_mode ? c->priv : env->private_access,
                               c->cidrs != NULL ? c->cidrs : env->cidrs);
  c->applied = TRUE;
  sim_fault_mark(f, "in-effect");
}

static void
revert(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimFault *f = data;
  Change *c = f->state;
  sim_fault_env_apply_endpoint(f->env, c->saved_pub, c->saved_priv, c->saved_cidrs);
  sim_fault_mark(f, "reverted");
}

static void
inject(SimFault *f)
{
  Change *c = f->state;
  sim_scheduler_after(f->env->sched, c->propagation, apply, f);
}

static void
lift(SimFault *f)
{
  Change *c = f->state;
  /* the revert is an update of its own, requested now; it completes after the first one */
  sim_scheduler_after(f->env->sched, c->propagation, revert, f);
}

static void
change_free(SimFault *f)
{
  Change *c = f->state;
  if (c == NULL)
    return;
  if (c->cidrs != NULL)
    g_array_free(c->cidrs, TRUE);
  if (c->saved_cidrs != NULL)
    g_array_free(c->saved_cidrs, TRUE);
  g_free(c);
}

const SimFaultKind sim_fault_endpoint_change = {
  .name = "endpoint-change",
  .elems = 0,
  .az_targets = FALSE,
  .all_target = TRUE,
  .prepare = prepare,
  .inject = inject,
  .lift = lift,
  .free = change_free,
};
