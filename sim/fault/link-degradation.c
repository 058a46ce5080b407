/* link-degradation: for the window, links get slower and lossier: every packet's latency draw is
 * multiplied by `latency_factor` and `extra_loss` is added to the loss probability (e.g. an
 * internet brown-out, a congested VPN). Which links: those of class `link` (any: every class)
 * that touch the place `target` (all: anywhere) and, with `between`, whose other end is at that
 * second place. A place is azN (an element in that AZ), internet (the region's internet edge and
 * the hosts hanging off it: laptops, public DNS), a VPC's name (cluster-vpc, eks-managed-vpc,
 * vpc-NAME, onprem-NAME: elements in its subnets, or named under it) or one element's name.
 * Links are per direction and created as packets first use them; both directions between two
 * places are degraded, and links created during the window are degraded from their creation.
 * Overlapping degradations of one link multiply their factors and add their losses (at most 1).
 * What follows is the model's: TCP retransmits (RTO per RFC 6298, SYN back-off), DNS stubs
 * retry, TLS and request timeouts fire, the HTTP/2 health check closes connections whose ping is
 * lost, load balancer health checks may fail and mark targets unhealthy (then detected_s is set).
 */
#include "fault/fault-private.h"

#include <string.h>

#include "net/vpc.h"

typedef struct {
  SimFault *f;
  gint cls;        /* SimLinkClass, or -1: any */
  char *a, *b;     /* places (NULL: anywhere) */
  double factor, loss;
  gboolean active;
} Rule;

static gboolean
place_matches(const SimFaultEnv *env, const char *place, const SimNode *node)
{
  if (place == NULL)
    return TRUE;
  if (strcmp(place, "internet") == 0)
    return node == env->edge || (env->edge != NULL && node->uplink == env->edge);
  if (g_str_has_prefix(place, "az") && g_ascii_isdigit(place[2]))
    return node->az != SIM_AZ_NONE && (guint)node->az + 1 == (guint)g_ascii_strtoull(place + 2, NULL, 10);
  if (strcmp(node->name, place) == 0)
    return TRUE;
  if (node->subnet != NULL && strcmp(sim_vpc_name(sim_subnet_vpc(node->subnet)), place) == 0)
    return TRUE;
  gsize n = strlen(place);
  return strncmp(node->name, place, n) == 0 && node->name[n] == '/';
}

static gboolean
rule_matches(const SimFaultEnv *env, const Rule *r, const SimLink *link, const SimNode *from,
             const SimNode *to)
{
  if (r->cls >= 0 && sim_link_class(link) != (SimLinkClass)r->cls)
    return FALSE;
  if (r->b == NULL)
    return place_matches(env, r->a, from) || place_matches(env, r->a, to);
  return (place_matches(env, r->a, from) && place_matches(env, r->b, to)) ||
         (place_matches(env, r->b, from) && place_matches(env, r->a, to));
}

/* Sets @link's degradation from every active rule. */
static void
apply_link(SimLink *link, const SimNode *from, const SimNode *to, gpointer data)
{
  SimFaultEnv *env = data;
  double factor = 1.0, loss = 0.0;
  for (guint i = 0; i < env->links->len; i++) {
    const Rule *r = g_ptr_array_index(env->links, i);
    if (r->active && rule_matches(env, r, link, from, to)) {
      factor *= r->factor;
      loss += r->loss;
    }
  }
  sim_link_set_degradation(link, factor, MIN(loss, 1.0));
}

/* A place a scenario may name: internet, azN, a VPC's name, an element's name. */
static gboolean
place_exists(const SimFaultEnv *env, const char *place)
{
  if (strcmp(place, "internet") == 0)
    return TRUE;
  if (g_str_has_prefix(place, "az") && g_ascii_isdigit(place[2])) {
    guint64 n = 0;
    return g_ascii_string_to_unsigned(place + 2, 10, 1, env->n_azs, &n, NULL);
  }
  for (guint i = 0; i < sim_network_n_nodes(env->net); i++) {
    const SimNode *node = sim_network_node(env->net, i);
    if (strcmp(node->name, place) == 0 ||
        (node->subnet != NULL && strcmp(sim_vpc_name(sim_subnet_vpc(node->subnet)), place) == 0))
      return TRUE;
  }
  return FALSE;
}

static char *
places_allowed(const SimFaultEnv *env, gboolean with_all)
{
  GString *s = g_string_new(with_all ? "all, " : "");
  g_string_append_printf(s, "internet, az1..az%u", env->n_azs);
  GPtrArray *vpcs = g_ptr_array_new();
  for (guint i = 0; i < sim_network_n_nodes(env->net); i++) {
    const SimNode *node = sim_network_node(env->net, i);
    if (node->subnet == NULL)
      continue;
    const char *v = sim_vpc_name(sim_subnet_vpc(node->subnet));
    gboolean seen = FALSE;
    for (guint j = 0; j < vpcs->len && !seen; j++)
      seen = strcmp(g_ptr_array_index(vpcs, j), v) == 0;
    if (!seen) {
      g_ptr_array_add(vpcs, (gpointer)v);
      g_string_append_printf(s, ", %s", v);
    }
  }
  g_ptr_array_free(vpcs, TRUE);
  g_string_append(s, ", or an element's name (eksim explain lists them)");
  return g_string_free(s, FALSE);
}

static gboolean
prepare(SimFault *f, GError **error)
{
  SimFaultEnv *env = f->env;
  gboolean all = strcmp(f->target, "all") == 0;
  if (!all && !place_exists(env, f->target)) {
    g_autofree char *allowed = places_allowed(env, TRUE);
    sim_fault_fail(f, error, "target", allowed, "'%s' is no place of this model", f->target);
    return FALSE;
  }
  const char *between = sim_config_has_value(f->cfg, f->group, "between")
                            ? sim_config_get_string(f->cfg, f->group, "between") : NULL;
  if (between != NULL && !place_exists(env, between)) {
    g_autofree char *allowed = places_allowed(env, FALSE);
    sim_fault_fail(f, error, "between", allowed, "'%s' is no place of this model", between);
    return FALSE;
  }
  if (between != NULL && all) {
    sim_fault_fail(f, error, "target", "a place (the other end of between)",
                   "between needs a place as target, not all");
    return FALSE;
  }
  Rule *r = g_new0(Rule, 1);
  r->f = f;
  const char *cls = sim_config_get_string(f->cfg, f->group, "link");
  SimLinkClass c;
  r->cls = strcmp(cls, "any") == 0 ? -1 : sim_link_class_from_name(cls, &c) ? (gint)c : -1;
  r->a = all ? NULL : g_strdup(f->target);
  r->b = g_strdup(between);
  r->factor = sim_config_get_double(f->cfg, f->group, "latency_factor");
  r->loss = sim_config_get_double(f->cfg, f->group, "extra_loss");
  f->state = r;
  g_ptr_array_add(env->links, r); /* owned by the environment, freed with it */
  sim_network_set_link_hook(env->net, apply_link, env);
  return TRUE;
}

static void
inject(SimFault *f)
{
  Rule *r = f->state;
  r->active = TRUE;
  sim_network_foreach_link(f->env->net, apply_link, f->env);
}

static void
lift(SimFault *f)
{
  Rule *r = f->state;
  r->active = FALSE;
  sim_network_foreach_link(f->env->net, apply_link, f->env);
}

static void
rule_forget(SimFault *f)
{
  Rule *r = f->state;
  if (r == NULL)
    return;
  g_free(r->a);
  g_free(r->b);
  r->a = r->b = NULL;
  r->active = FALSE;
}

const SimFaultKind sim_fault_link_degradation = {
  .name = "link-degradation",
  .elems = 0,
  .az_targets = TRUE,
  .all_target = TRUE,
  .custom_target = TRUE,
  .prepare = prepare,
  .inject = inject,
  .lift = lift,
  .free = rule_forget,
};
