/* Faults: environment, scheduling, holds, detection and the per-window load (see fault.h).
 *
 * Ordering: every injection, lift and window boundary is an event scheduled while the world is
 * built, so at equal times it runs before whatever the model schedules later for that instant,
 * and a run stays a pure function of scenario and seed.
 *
 * The load of a window (longest API server queue, 429s sent) is measured exactly without polling:
 * API servers keep a peak of their own for this purpose (sim_apiserver_take_peak); at every window
 * boundary the peak since the previous boundary is taken once and credited to every window open
 * during that stretch, so overlapping windows each get the maximum over their own interval.
 */
#include "fault/fault-private.h"

#include <string.h>

#include "net/route.h"
#include "net/vpc.h"

G_DEFINE_QUARK(sim-fault-error-quark, sim_fault_error)

typedef struct {
  gboolean base; /* up unless something holds it down */
  guint holds;
} NodeState;

struct _SimFaults {
  SimFaultEnv *env;
  GPtrArray *faults; /* SimFault*, in scenario order */
};

static const SimFaultKind *const all_kinds[] = {
  &sim_fault_az_outage,         &sim_fault_api_server_crash,       &sim_fault_control_plane_upgrade,
  &sim_fault_lb_node_failure,   &sim_fault_nat_gateway_outage,     &sim_fault_resolver_outage,
  &sim_fault_inbound_endpoint_outage, &sim_fault_link_degradation, &sim_fault_bastion_down,
  &sim_fault_vpn_down,          &sim_fault_etcd_slow,              &sim_fault_endpoint_change,
  &sim_fault_load_spike,
};

static const char *const elem_whats[SIM_FAULT_ELEM_N] = {
  "API server instance", "load balancer node", "NAT gateway", "cross-account ENI",
  "DNS resolver of a network", "Resolver inbound endpoint address", "client (all its instances)",
  "VPN connection of an on-prem network", "node group (all its nodes)",
};

const char *const *
sim_fault_kind_names(void)
{
  static const char *names[G_N_ELEMENTS(all_kinds) + 1];
  if (names[0] == NULL) {
    for (guint i = 0; i < G_N_ELEMENTS(all_kinds); i++)
      names[i] = all_kinds[i]->name;
  }
  return names;
}

static const SimFaultKind *
kind_find(const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(all_kinds); i++)
    if (strcmp(all_kinds[i]->name, name) == 0)
      return all_kinds[i];
  return NULL;
}

void
sim_fault_fail(SimFault *f, GError **error, const char *key, const char *allowed, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(error, SIM_FAULT_ERROR, 0, "[%s] %s: %s; allowed: %s", f->group, key, what, allowed);
}

/* ---- the environment ---- */

static void
elem_free(gpointer p)
{
  SimFaultElem *e = p;
  g_free(e->name);
  g_free(e);
}

SimFaultEnv *
sim_fault_env_new(SimNetwork *net, SimRecorder *rec, guint n_azs, SimTime duration)
{
  g_return_val_if_fail(net != NULL && rec != NULL, NULL);
  SimFaultEnv *env = g_new0(SimFaultEnv, 1);
  env->net = net;
  env->sched = sim_network_scheduler(net);
  env->rec = rec;
  env->n_azs = n_azs;
  env->duration = duration;
  env->elems = g_ptr_array_new_with_free_func(elem_free);
  env->states = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  env->links = g_ptr_array_new_with_free_func(g_free);
  env->az_scope = g_ptr_array_new();
  env->etcd_factor = 1.0;
  env->public_access = TRUE;
  return env;
}

void
sim_fault_env_free(SimFaultEnv *env)
{
  if (env == NULL)
    return;
  sim_network_set_link_hook(env->net, NULL, NULL);
  g_ptr_array_free(env->elems, TRUE);
  g_hash_table_destroy(env->states);
  g_ptr_array_free(env->links, TRUE);
  g_ptr_array_free(env->az_scope, TRUE);
  if (env->cidrs != NULL)
    g_array_free(env->cidrs, TRUE);
  g_free(env);
}

SimFaultElem *
sim_fault_env_add(SimFaultEnv *env, SimFaultElemKind kind, const char *name, guint8 az, SimNode *node,
                  gpointer obj, guint index)
{
  g_return_val_if_fail(env != NULL && kind < SIM_FAULT_ELEM_N && name != NULL, NULL);
  SimFaultElem *e = g_new0(SimFaultElem, 1);
  e->kind = kind;
  e->name = g_strdup(name);
  e->az = az;
  e->node = node;
  e->obj = obj;
  e->index = index;
  g_ptr_array_add(env->elems, e);
  return e;
}

void
sim_fault_env_add_az_scope(SimFaultEnv *env, SimVpc *vpc)
{
  g_ptr_array_add(env->az_scope, vpc);
}

void
sim_fault_env_set_control_plane(SimFaultEnv *env, SimLb *lb, SimEtcd *etcd, GPtrArray *cp_tables,
                                SimSecurityGroup *cluster_sg)
{
  env->lb = lb;
  env->etcd = etcd;
  env->cp_tables = cp_tables;
  env->cluster_sg = cluster_sg;
}

void
sim_fault_env_set_endpoint(SimFaultEnv *env, SimNode *edge, SimDnsZone *phz, gboolean public_access,
                           gboolean private_access, const GArray *cidrs)
{
  env->edge = edge;
  env->phz = phz;
  env->public_access = public_access;
  env->private_access = private_access;
  if (env->cidrs != NULL)
    g_array_free(env->cidrs, TRUE);
  env->cidrs = NULL;
  if (cidrs != NULL) {
    env->cidrs = g_array_sized_new(FALSE, FALSE, sizeof(SimCidr), cidrs->len);
    g_array_append_vals(env->cidrs, cidrs->data, cidrs->len);
  }
}

void
sim_fault_env_pair_standby(SimFaultEnv *env, SimFaultElem *active, SimFaultElem *standby)
{
  g_return_if_fail(active != NULL && standby != NULL && active->kind == SIM_FAULT_ELEM_API_SERVER &&
                   standby->kind == SIM_FAULT_ELEM_API_SERVER);
  standby->standby = TRUE;
  standby->partner = active;
  active->partner = standby;
  sim_lb_set_target_registered(env->lb, standby->index, FALSE);
  sim_fault_env_set_base(env, standby->node, FALSE);
}

void
sim_fault_env_set_node_grace(SimFaultEnv *env, SimTime grace)
{
  env->node_grace = grace;
}

void
sim_fault_env_set_kubelet_reconnect(SimFaultEnv *env, SimFaultKubeletFunc func)
{
  env->kubelet_reconnect = func;
}

static NodeState *
node_state(SimFaultEnv *env, SimNode *node)
{
  NodeState *s = g_hash_table_lookup(env->states, node);
  if (s == NULL) {
    s = g_new0(NodeState, 1);
    s->base = node->up;
    g_hash_table_insert(env->states, node, s);
  }
  return s;
}

static void
node_apply(SimNode *node, const NodeState *s)
{
  gboolean want = s->base && s->holds == 0;
  if (node->up != want)
    sim_node_set_up(node, want);
}

void
sim_fault_env_set_base(SimFaultEnv *env, SimNode *node, gboolean up)
{
  NodeState *s = node_state(env, node);
  s->base = up;
  node_apply(node, s);
}

void
sim_fault_hold(SimFault *f, SimNode *node)
{
  if (node == NULL)
    return;
  for (guint i = 0; i < f->held->len; i++)
    if (g_ptr_array_index(f->held, i) == node)
      return;
  NodeState *s = node_state(f->env, node);
  s->holds++;
  g_ptr_array_add(f->held, node);
  node_apply(node, s);
}

void
sim_fault_release_all(SimFault *f)
{
  for (guint i = 0; i < f->held->len; i++) {
    SimNode *node = g_ptr_array_index(f->held, i);
    NodeState *s = node_state(f->env, node);
    g_assert(s->holds > 0);
    s->holds--;
    node_apply(node, s);
  }
  g_ptr_array_set_size(f->held, 0);
}

void
sim_fault_hold_elems(SimFault *f)
{
  for (guint i = 0; i < f->elems->len; i++)
    sim_fault_hold(f, ((SimFaultElem *)g_ptr_array_index(f->elems, i))->node);
}

void
sim_fault_lift_release(SimFault *f)
{
  sim_fault_release_all(f);
}

SimTime
sim_fault_now(const SimFault *f)
{
  return sim_scheduler_now(f->env->sched);
}

void
sim_fault_mark(SimFault *f, const char *what)
{
  sim_recorder_mark(f->env->rec, f->subject, what, sim_fault_now(f));
  sim_network_trace(f->env->net, SIM_TRACE_FUNCTION, NULL, NULL, "fault %s (%s): %s", f->name,
                    f->kind->name, what);
}

void
sim_fault_watch_lb_node(SimFault *f, guint node)
{
  for (guint i = 0; i < f->watch_nodes->len; i++)
    if (g_array_index(f->watch_nodes, guint, i) == node)
      return;
  g_array_append_val(f->watch_nodes, node);
}

void
sim_fault_watch_target(SimFault *f, guint target)
{
  for (guint i = 0; i < f->watch->len; i++)
    if (g_array_index(f->watch, guint, i) == target)
      return;
  g_array_append_val(f->watch, target);
}

/* ---- endpoint access and ENIs (endpoint-change, control-plane-upgrade) ---- */

void
sim_fault_env_apply_endpoint(SimFaultEnv *env, gboolean public_access, gboolean private_access,
                             const GArray *cidrs)
{
  g_return_if_fail(env->lb != NULL && env->phz != NULL);
  if (cidrs != env->cidrs) {
    GArray *copy = NULL;
    if (cidrs != NULL) {
      copy = g_array_sized_new(FALSE, FALSE, sizeof(SimCidr), cidrs->len);
      g_array_append_vals(copy, cidrs->data, cidrs->len);
    }
    if (env->cidrs != NULL)
      g_array_free(env->cidrs, TRUE);
    env->cidrs = copy;
  }
  env->public_access = public_access;
  env->private_access = private_access;
  sim_lb_set_public(env->lb, env->edge, public_access, env->cidrs);
  sim_dns_zone_set_enabled(env->phz, private_access);
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (e->kind == SIM_FAULT_ELEM_ENI)
      sim_xeni_set_private_endpoint(e->obj, private_access);
  }
}

void
sim_fault_env_readdress_enis(SimFaultEnv *env)
{
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (e->kind != SIM_FAULT_ELEM_ENI)
      continue;
    SimXeni *x = e->obj;
    SimNode *node = sim_xeni_node(x);
    SimIp old = sim_xeni_ip(x);
    sim_xeni_readdress(x, node->subnet);
    SimIp ip = sim_xeni_ip(x);
    if (env->cluster_sg != NULL) {
      sim_security_group_remove_member(env->cluster_sg, old);
      sim_security_group_add_member(env->cluster_sg, ip);
    }
    for (guint t = 0; env->cp_tables != NULL && t < env->cp_tables->len; t++) {
      SimRouteTable *rt = g_ptr_array_index(env->cp_tables, t);
      sim_route_table_remove(rt, (SimCidr){ old, 32 });
      SimRoute r = { .dest = { ip, 32 }, .kind = SIM_ROUTE_NEXT_HOP, .target = node,
                     .cls = SIM_LINK_CONTROL_PLANE };
      sim_route_table_add(rt, &r);
    }
    char a[16], b[16];
    sim_network_trace(env->net, SIM_TRACE_FUNCTION, node, NULL, "%s recreated: %s -> %s", node->name,
                      sim_ip_format(old, a), sim_ip_format(ip, b));
  }
}

/* ---- targets ---- */

static gboolean
kind_takes_elem(const SimFaultKind *k, SimFaultElemKind e)
{
  return (k->elems & SIM_FAULT_BIT(e)) != 0;
}

/* Element names of the kinds in @elems, each once, in registration order. */
static GPtrArray *
names_of(const SimFaultEnv *env, guint32 elems)
{
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (!(elems & SIM_FAULT_BIT(e->kind)))
      continue;
    gboolean seen = FALSE;
    for (guint j = 0; j < out->len && !seen; j++)
      seen = strcmp(g_ptr_array_index(out, j), e->name) == 0;
    if (!seen)
      g_ptr_array_add(out, e->name);
  }
  return out;
}

char *
sim_fault_allowed_elems(const SimFaultEnv *env, guint32 elems, gboolean az_ok, gboolean all_ok)
{
  GString *s = g_string_new(NULL);
  if (all_ok)
    g_string_append(s, "all");
  if (az_ok)
    g_string_append_printf(s, "%saz1..az%u", s->len ? ", " : "", env->n_azs);
  g_autoptr(GPtrArray) names = names_of(env, elems);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf(s, "%s%s", s->len ? ", " : "", (const char *)g_ptr_array_index(names, i));
  if (s->len == 0)
    g_string_append(s, "nothing in this scenario");
  return g_string_free(s, FALSE);
}

char *
sim_fault_allowed_targets(const SimFaultEnv *env, const SimFaultKind *kind)
{
  return sim_fault_allowed_elems(env, kind->elems, kind->az_targets, kind->all_target);
}

gboolean
sim_fault_resolve_elems(SimFault *f, guint32 elems, gboolean az_ok, gboolean all_ok, GError **error)
{
  SimFaultEnv *env = f->env;
  const char *t = f->target;
  guint az = G_MAXUINT;
  gboolean all = strcmp(t, "all") == 0;
  if (g_str_has_prefix(t, "az") && g_ascii_isdigit(t[2])) {
    guint64 n = 0;
    if (g_ascii_string_to_unsigned(t + 2, 10, 1, env->n_azs, &n, NULL))
      az = (guint)n - 1;
  }
  if ((all && !all_ok) || (az != G_MAXUINT && !az_ok)) {
    g_autofree char *allowed = sim_fault_allowed_elems(env, elems, az_ok, all_ok);
    sim_fault_fail(f, error, "target", allowed, "a %s fault cannot take '%s'", f->kind->name, t);
    return FALSE;
  }
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (!(elems & SIM_FAULT_BIT(e->kind)))
      continue;
    if (all || (az != G_MAXUINT && e->az == az) || strcmp(e->name, t) == 0)
      g_ptr_array_add(f->elems, e);
  }
  if (f->elems->len == 0 && elems != 0) {
    g_autofree char *allowed = sim_fault_allowed_elems(env, elems, az_ok, all_ok);
    if (az != G_MAXUINT || all)
      sim_fault_fail(f, error, "target", allowed, "'%s' holds nothing a %s fault acts on", t, f->kind->name);
    else
      sim_fault_fail(f, error, "target", allowed, "the model has no '%s' a %s fault acts on", t, f->kind->name);
    return FALSE;
  }
  if (elems == 0 && !all && az == G_MAXUINT) {
    g_autofree char *allowed = sim_fault_allowed_elems(env, elems, az_ok, all_ok);
    sim_fault_fail(f, error, "target", allowed, "a %s fault cannot take '%s'", f->kind->name, t);
    return FALSE;
  }
  return TRUE;
}

gboolean
sim_fault_resolve_target(SimFault *f, GError **error)
{
  const SimFaultKind *k = f->kind;
  return sim_fault_resolve_elems(f, k->elems, k->az_targets, k->all_target, error);
}

void
sim_fault_target_info_free(SimFaultTargetInfo *info)
{
  if (info == NULL)
    return;
  g_free(info->name);
  g_free(info->what);
  g_free(info->kinds);
  g_free(info);
}

static void
add_info(GPtrArray *out, const char *name, const char *what, GString *kinds)
{
  SimFaultTargetInfo *info = g_new0(SimFaultTargetInfo, 1);
  info->name = g_strdup(name);
  info->what = g_strdup(what);
  info->kinds = g_strdup(kinds->str);
  g_ptr_array_add(out, info);
}

/* Link places (link-degradation): every VPC name and "internet". */
static GPtrArray *
link_places(const SimFaultEnv *env)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(out, g_strdup("internet"));
  for (guint i = 0; i < sim_network_n_nodes(env->net); i++) {
    SimNode *n = sim_network_node(env->net, i);
    if (n->subnet == NULL)
      continue;
    const char *v = sim_vpc_name(sim_subnet_vpc(n->subnet));
    gboolean seen = FALSE;
    for (guint j = 0; j < out->len && !seen; j++)
      seen = strcmp(g_ptr_array_index(out, j), v) == 0;
    if (!seen)
      g_ptr_array_add(out, g_strdup(v));
  }
  return out;
}

GPtrArray *
sim_fault_env_targets(const SimFaultEnv *env)
{
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sim_fault_target_info_free);
  g_autoptr(GString) ks = g_string_new(NULL);
  for (guint i = 0; i < G_N_ELEMENTS(all_kinds); i++)
    if (all_kinds[i]->all_target)
      g_string_append_printf(ks, "%s%s", ks->len ? "|" : "", all_kinds[i]->name);
  add_info(out, "all", "everything the fault kind acts on", ks);
  for (guint az = 0; az < env->n_azs; az++) {
    g_string_truncate(ks, 0);
    for (guint i = 0; i < G_N_ELEMENTS(all_kinds); i++)
      if (all_kinds[i]->az_targets)
        g_string_append_printf(ks, "%s%s", ks->len ? "|" : "", all_kinds[i]->name);
    g_autofree char *name = g_strdup_printf("az%u", az + 1);
    add_info(out, name, "availability zone (customer VPC and the AWS-managed VPC)", ks);
  }
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    gboolean seen = FALSE;
    for (guint j = 0; j < out->len && !seen; j++)
      seen = strcmp(((SimFaultTargetInfo *)g_ptr_array_index(out, j))->name, e->name) == 0;
    if (seen)
      continue;
    g_string_truncate(ks, 0);
    for (guint k = 0; k < G_N_ELEMENTS(all_kinds); k++)
      if (kind_takes_elem(all_kinds[k], e->kind))
        g_string_append_printf(ks, "%s%s", ks->len ? "|" : "", all_kinds[k]->name);
    add_info(out, e->name, e->standby ? "API server instance (reserve for upgrades)" : elem_whats[e->kind],
             ks);
  }
  g_autoptr(GPtrArray) places = link_places(env);
  g_string_assign(ks, sim_fault_link_degradation.name);
  for (guint i = 0; i < places->len; i++)
    add_info(out, g_ptr_array_index(places, i), "link place (target or between of link-degradation)", ks);
  return out;
}

/* ---- detection by the load balancer's health checks ---- */

static gboolean
watched(const SimFault *f, guint target)
{
  for (guint i = 0; i < f->watch->len; i++)
    if (g_array_index(f->watch, guint, i) == target)
      return TRUE;
  return FALSE;
}

static gboolean
watched_node(const SimFault *f, guint node)
{
  for (guint i = 0; i < f->watch_nodes->len; i++)
    if (g_array_index(f->watch_nodes, guint, i) == node)
      return TRUE;
  return FALSE;
}

static gboolean
all_watched_healthy(const SimFault *f)
{
  SimLb *lb = f->env->lb;
  for (guint i = 0; i < f->watch_nodes->len; i++)
    if (!sim_lb_node_in_dns(lb, g_array_index(f->watch_nodes, guint, i)))
      return FALSE;
  for (guint i = 0; i < f->watch->len; i++) {
    guint t = g_array_index(f->watch, guint, i);
    if (sim_lb_target_registered(lb, t) && !sim_lb_target_healthy_everywhere(lb, t))
      return FALSE;
  }
  return TRUE;
}

static void
maybe_recovered(SimFault *f)
{
  if (f->detected && f->lifted && !f->recovered && all_watched_healthy(f) &&
      g_hash_table_size(f->down_nodes) == 0) {
    f->recovered = TRUE;
    sim_fault_mark(f, "recovered");
  }
}

static void
on_health(SimLb *lb, guint node, guint target, gboolean healthy, gpointer user)
{
  (void)lb;
  (void)node;
  SimFaults *set = user;
  for (guint i = 0; i < set->faults->len; i++) {
    SimFault *f = g_ptr_array_index(set->faults, i);
    if (f->injected && f->kind->lb_health != NULL)
      f->kind->lb_health(f, target, healthy);
    if (!f->injected || !watched(f, target))
      continue;
    if (!healthy && !f->detected) {
      f->detected = TRUE;
      sim_fault_mark(f, "detected");
    } else if (healthy) {
      maybe_recovered(f);
    }
  }
}

static void
on_node(SimLb *lb, guint node, gboolean in_dns, gpointer user)
{
  (void)lb;
  SimFaults *set = user;
  for (guint i = 0; i < set->faults->len; i++) {
    SimFault *f = g_ptr_array_index(set->faults, i);
    if (!f->injected || !watched_node(f, node))
      continue;
    if (!in_dns && !f->detected) {
      f->detected = TRUE;
      sim_fault_mark(f, "detected");
    } else if (in_dns) {
      maybe_recovered(f);
    }
  }
}

void
sim_faults_node_changed(SimFaults *set, guint node, gboolean ready)
{
  SimTime now = sim_scheduler_now(set->env->sched);
  for (guint i = 0; i < set->faults->len; i++) {
    SimFault *f = g_ptr_array_index(set->faults, i);
    if (!f->injected)
      continue;
    if (ready) {
      if (g_hash_table_remove(f->down_nodes, GUINT_TO_POINTER(node)))
        maybe_recovered(f);
      continue;
    }
    /* in effect, or ended less than a grace period ago: the controller may only now notice */
    if (f->lifted && now > f->end + set->env->node_grace)
      continue;
    g_hash_table_add(f->down_nodes, GUINT_TO_POINTER(node));
    if (!f->detected) {
      f->detected = TRUE;
      sim_fault_mark(f, "detected");
    }
  }
}

/* ---- the load of a window ---- */

static guint64
rejected_total(SimFaultEnv *env)
{
  guint64 n = 0;
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (e->kind == SIM_FAULT_ELEM_API_SERVER)
      n += sim_apiserver_rejected(e->obj);
  }
  return n;
}

/* Credits the queue peak since the previous boundary to every open window. */
static void
boundary(SimFaults *set)
{
  guint peak = 0;
  SimFaultEnv *env = set->env;
  for (guint i = 0; i < env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(env->elems, i);
    if (e->kind == SIM_FAULT_ELEM_API_SERVER) {
      guint p = sim_apiserver_take_peak(e->obj); /* once: taking resets it */
      peak = MAX(peak, p);
    }
  }
  for (guint i = 0; i < set->faults->len; i++) {
    SimFault *f = g_ptr_array_index(set->faults, i);
    if (f->open)
      f->queue_peak = MAX(f->queue_peak, peak);
  }
}

static void
window_open(SimFault *f)
{
  boundary(f->set);
  f->open = TRUE;
  f->queue_peak = 0;
  f->rejected0 = rejected_total(f->env);
}

static void
window_close(SimFault *f)
{
  if (!f->open)
    return;
  boundary(f->set);
  f->open = FALSE;
  sim_recorder_fault_load(f->env->rec, f->subject, rejected_total(f->env) - f->rejected0, f->queue_peak);
}

/* ---- scheduling ---- */

static void
fault_inject(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimFault *f = data;
  window_open(f);
  f->injected = TRUE;
  sim_network_trace(f->env->net, SIM_TRACE_FUNCTION, NULL, NULL, "fault %s (%s) starts, target %s",
                    f->name, f->kind->name, f->target);
  f->kind->inject(f);
}

static void
fault_lift(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimFault *f = data;
  if (f->lifted)
    return;
  window_close(f);
  f->lifted = TRUE;
  sim_network_trace(f->env->net, SIM_TRACE_FUNCTION, NULL, NULL, "fault %s (%s) ends", f->name,
                    f->kind->name);
  if (f->kind->lift != NULL)
    f->kind->lift(f);
  maybe_recovered(f);
}

/* The run ends: windows still open close with what they saw. */
static void
fault_final(SimScheduler *sched, gpointer data)
{
  (void)sched;
  window_close(data);
}

void
sim_fault_end_now(SimFault *f)
{
  SimTime now = sim_fault_now(f);
  f->end = now;
  sim_recorder_fault_window_end(f->env->rec, f->subject, now);
  fault_lift(f->env->sched, f);
}

static void
fault_free(gpointer p)
{
  SimFault *f = p;
  if (f->kind != NULL && f->kind->free != NULL)
    f->kind->free(f);
  g_ptr_array_free(f->elems, TRUE);
  g_ptr_array_free(f->held, TRUE);
  g_array_free(f->watch, TRUE);
  g_array_free(f->watch_nodes, TRUE);
  g_hash_table_destroy(f->down_nodes);
  g_free(f->name);
  g_free(f->group);
  g_free(f);
}

SimFaults *
sim_faults_new(const SimConfig *cfg, SimFaultEnv *env, GError **error)
{
  g_return_val_if_fail(cfg != NULL && env != NULL, NULL);
  g_autoptr(SimFaults) set = g_new0(SimFaults, 1);
  set->env = env;
  set->faults = g_ptr_array_new_with_free_func(fault_free);
  const char *const *names = sim_config_instances(cfg, "fault");
  for (guint i = 0; names != NULL && names[i] != NULL; i++) {
    SimFault *f = g_new0(SimFault, 1);
    f->set = set;
    f->env = env;
    f->cfg = cfg;
    f->name = g_strdup(names[i]);
    f->group = g_strconcat("fault.", names[i], NULL);
    f->elems = g_ptr_array_new();
    f->held = g_ptr_array_new();
    f->watch = g_array_new(FALSE, FALSE, sizeof(guint));
    f->watch_nodes = g_array_new(FALSE, FALSE, sizeof(guint));
    f->down_nodes = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_ptr_array_add(set->faults, f);
    const char *kind = sim_config_get_string(cfg, f->group, "kind");
    f->kind = kind_find(kind);
    if (f->kind == NULL) { /* the schema allows only known kinds */
      sim_fault_fail(f, error, "kind", "a kind of the schema", "'%s' is not implemented", kind);
      return NULL;
    }
    f->target = sim_config_get_string(cfg, f->group, "target");
    f->at = sim_config_get_duration(cfg, f->group, "at");
    f->end = sim_config_has_value(cfg, f->group, "duration")
                 ? f->at + sim_config_get_duration(cfg, f->group, "duration") : SIM_TIME_NEVER;
    if ((!f->kind->custom_target && !sim_fault_resolve_target(f, error)) ||
        (f->kind->prepare != NULL && !f->kind->prepare(f, error)))
      return NULL;
  }
  for (guint i = 0; i < set->faults->len; i++) {
    SimFault *f = g_ptr_array_index(set->faults, i);
    f->subject = sim_recorder_add_subject(env->rec, SIM_SUBJECT_FAULT, f->name);
    sim_recorder_fault_window(env->rec, f->subject, f->kind->name, f->at, f->end);
    sim_scheduler_at(env->sched, f->at, fault_inject, f);
    if (f->end != SIM_TIME_NEVER && f->end <= env->duration)
      sim_scheduler_at(env->sched, f->end, fault_lift, f);
    if (f->end == SIM_TIME_NEVER || f->end > env->duration)
      sim_scheduler_at(env->sched, env->duration, fault_final, f);
  }
  if (env->lb != NULL) {
    sim_lb_set_health_callback(env->lb, on_health, set);
    sim_lb_set_node_callback(env->lb, on_node, set);
  }
  return g_steal_pointer(&set);
}

void
sim_faults_free(SimFaults *set)
{
  if (set == NULL)
    return;
  if (set->env->lb != NULL) {
    sim_lb_set_health_callback(set->env->lb, NULL, NULL);
    sim_lb_set_node_callback(set->env->lb, NULL, NULL);
  }
  g_ptr_array_free(set->faults, TRUE);
  sim_fault_env_free(set->env);
  g_free(set);
}

const SimFaultEnv *
sim_faults_env(const SimFaults *set)
{
  return set->env;
}
