/* Cross-key validation of one resolved variant.
 *
 * Each check names the key the user most likely has to change, at the line that set it (or the
 * group's line, or the top file when neither is written). The rules and their sources:
 *   - both endpoint accesses off is refused by EKS (facts §1.2);
 *   - Fargate pods run in private subnets only (facts §4);
 *   - a client's location network.NAME (nodegroup.NAME) must name a [network.NAME]
 *     ([nodegroup.NAME]) group;
 *   - an internet client's source address is public (RFC 1918 addresses are not routed);
 *   - connected networks must not overlap the cluster VPC (VPC peering, TGW and VPN routing
 *     need distinct blocks; facts §1.6 on overlapping service CIDRs) nor each other;
 *   - dns_forwarding needs the Resolver inbound endpoint it forwards to (facts §1.7);
 *   - an ALB always balances across zones (facts §5.5);
 *   - warm-up shorter than the run; a bin no longer than the measured period; faults starting
 *     before the end; fault targets that name AZs or instances the scenario has.
 */
#include "scenario/validate.h"

#include <stdio.h>
#include <string.h>

#include "net/addr.h"
#include "scenario/config-private.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

typedef struct {
  const SimConfig *cfg;
  const char *top;
  SimDiag *diag;
} V;

/* The line to blame for @group/@key: where it is written, else where the group is, else the
 * top file. */
static void
where(const V *v, const char *group, const char *key, const char **file, guint *line)
{
  if (key != NULL && sim_config_origin(v->cfg, group, key, file, line))
    return;
  if (sim_config_group_origin(v->cfg, group, file, line))
    return;
  *file = v->top;
  *line = 0;
}

static void report(const V *v, int code, const char *group, const char *key, const char *allowed,
                   const char *fmt, ...) G_GNUC_PRINTF(6, 7);

static void
report(const V *v, int code, const char *group, const char *key, const char *allowed, const char *fmt, ...)
{
  const char *file;
  guint line;
  where(v, group, key, &file, &line);
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  sim_diag_add(v->diag, code, file, line, group, key, allowed, "%s", what);
}

/* Of two keys, the one written in the file (the first if both or neither are). */
static const char *
blame(const V *v, const char *group, const char *a, const char *b)
{
  if (!sim_config_is_set(v->cfg, group, a) && sim_config_is_set(v->cfg, group, b))
    return b;
  return a;
}

static gboolean
has(const V *v, const char *group, const char *key)
{
  return sim_config_value(v->cfg, group, key) != NULL;
}

static const char *
str(const V *v, const char *group, const char *key)
{
  return has(v, group, key) ? sim_config_get_string(v->cfg, group, key) : NULL;
}

static gboolean
str_is(const V *v, const char *group, const char *key, const char *value)
{
  const char *s = str(v, group, key);
  return s != NULL && strcmp(s, value) == 0;
}

/* ---- derived keys ---- */

static void
put_bool(SimConfig *cfg, const char *group, const char *key, gboolean b, gboolean set, const char *file,
         guint line)
{
  SimValue val = { .type = SIM_KEY_BOOL, .u.b = b };
  sim_config_put(cfg, group, sim_schema_find(group, key), b ? "true" : "false", &val, set, file, line);
}

void
sim_validate_derive(SimConfig *cfg, const char *top, SimDiag *diag)
{
  V v = { cfg, top, diag };
  gboolean pub_set = sim_config_is_set(cfg, "cluster", "public_access");
  gboolean priv_set = sim_config_is_set(cfg, "cluster", "private_access");

  if (!pub_set && !priv_set) {
    const char *mode = sim_config_get_string(cfg, "cluster", "endpoint");
    put_bool(cfg, "cluster", "public_access", strcmp(mode, "private") != 0, FALSE, NULL, 0);
    put_bool(cfg, "cluster", "private_access", strcmp(mode, "public") != 0, FALSE, NULL, 0);
    return;
  }
  const char *key = pub_set ? "public_access" : "private_access";
  if (sim_config_is_set(cfg, "cluster", "endpoint")) {
    report(&v, SIM_SCENARIO_ERROR_CONFLICT, "cluster", key,
           "endpoint alone, or public_access and private_access",
           "endpoint is also written; write one form, not both");
    return;
  }
  /* the EKS API's defaults for an access flag not written: public on, private off (facts §1.2) */
  gboolean pub = pub_set ? sim_config_get_bool(cfg, "cluster", "public_access") : TRUE;
  gboolean priv = priv_set ? sim_config_get_bool(cfg, "cluster", "private_access") : FALSE;
  if (!pub && !priv) {
    report(&v, SIM_SCENARIO_ERROR_CONFLICT, "cluster", priv_set ? "private_access" : key,
           "public_access = true, private_access = true, or both",
           "both endpoint accesses are off; EKS requires public or private access (facts §1.2)");
    return;
  }
  const char *mode = pub && priv ? "public+private" : pub ? "public" : "private";
  const char *file;
  guint line;
  sim_config_origin(cfg, "cluster", key, &file, &line);
  g_autofree char *ofile = g_strdup(file);
  SimValue val = { .type = SIM_KEY_ENUM, .u.s = g_strdup(mode) };
  sim_config_put(cfg, "cluster", sim_schema_find("cluster", "endpoint"), mode, &val, TRUE, ofile, line);
  if (!pub_set)
    put_bool(cfg, "cluster", "public_access", pub, FALSE, NULL, 0);
  if (!priv_set)
    put_bool(cfg, "cluster", "private_access", priv, FALSE, NULL, 0);
}

/* ---- checks ---- */

static void
check_scenario(const V *v)
{
  const char *name = sim_config_get_string(v->cfg, "scenario", "name");
  if (name != NULL && *name == '\0')
    report(v, SIM_SCENARIO_ERROR_BAD_VALUE, "scenario", "name", "any non-empty text", "empty name");
  SimTime duration = sim_config_get_duration(v->cfg, "scenario", "duration");
  SimTime warmup = sim_config_get_duration(v->cfg, "scenario", "warmup");
  SimTime bin = sim_config_get_duration(v->cfg, "scenario", "bin");
  if (warmup >= duration) {
    g_autofree char *d = sim_time_format(duration);
    g_autofree char *w = sim_time_format(warmup);
    report(v, SIM_SCENARIO_ERROR_CONFLICT, "scenario", blame(v, "scenario", "warmup", "duration"),
           "warmup shorter than duration", "warmup %s is not shorter than duration %s", w, d);
    return;
  }
  if (bin > duration - warmup) {
    g_autofree char *b = sim_time_format(bin);
    g_autofree char *m = sim_time_format(duration - warmup);
    report(v, SIM_SCENARIO_ERROR_CONFLICT, "scenario", blame(v, "scenario", "bin", "duration"),
           "a bin no longer than duration - warmup",
           "bin %s is longer than the measured period (duration - warmup = %s)", b, m);
  } else if ((duration - warmup) / bin >= SIM_SCENARIO_MAX_BINS) {
    g_autofree char *b = sim_time_format(bin);
    g_autofree char *m = sim_time_format(duration - warmup);
    g_autofree char *allowed = g_strdup_printf("a bin of at least (duration - warmup) / %d", SIM_SCENARIO_MAX_BINS);
    report(v, SIM_SCENARIO_ERROR_CONFLICT, "scenario", blame(v, "scenario", "bin", "duration"), allowed,
           "bin %s makes %" G_GINT64_FORMAT " timeline bins over duration - warmup = %s", b,
           (gint64)((duration - warmup) / bin), m);
  }
}

static void
check_vpc(const V *v)
{
  const GArray *blocks = sim_config_get_cidrs(v->cfg, "vpc", "cidr");
  char buf[20], buf2[20];
  for (guint i = 0; i < blocks->len; i++) {
    SimCidr c = g_array_index(blocks, SimCidr, i);
    if (c.len < 16 || c.len > 28)
      report(v, SIM_SCENARIO_ERROR_BAD_VALUE, "vpc", "cidr", "blocks from /16 to /28 (AWS VPC limits)",
             "block %s is /%u", sim_cidr_format(c, buf), c.len);
    for (guint j = 0; j < i; j++) {
      SimCidr d = g_array_index(blocks, SimCidr, j);
      if (sim_cidr_overlaps(c, d))
        report(v, SIM_SCENARIO_ERROR_CONFLICT, "vpc", "cidr", "blocks that do not overlap",
               "block %s overlaps %s", sim_cidr_format(c, buf), sim_cidr_format(d, buf2));
    }
  }
  if (!sim_config_get_bool(v->cfg, "vpc", "dns_support") && sim_config_get_bool(v->cfg, "vpc", "resolver_inbound_endpoint"))
    report(v, SIM_SCENARIO_ERROR_CONFLICT, "vpc", "resolver_inbound_endpoint",
           "dns_support = true, or no inbound endpoint",
           "a Resolver inbound endpoint needs dns_support = true");
}

static void
check_lb(const V *v)
{
  if (str_is(v, "cluster", "lb", "alb") && str_is(v, "loadbalancer", "cross_zone", "false"))
    report(v, SIM_SCENARIO_ERROR_CONFLICT, "loadbalancer", "cross_zone", "auto or true with lb = alb",
           "an ALB always balances across zones (facts §5.5)");
}

/* The first overlap between two CIDR lists, formatted; NULL if none. */
static char *
overlap_text(const GArray *a, const GArray *b)
{
  char x[20], y[20];
  for (guint i = 0; i < a->len; i++) {
    for (guint j = 0; j < b->len; j++) {
      SimCidr c = g_array_index(a, SimCidr, i), d = g_array_index(b, SimCidr, j);
      if (sim_cidr_overlaps(c, d))
        return g_strdup_printf("%s overlaps %s", sim_cidr_format(c, x), sim_cidr_format(d, y));
    }
  }
  return NULL;
}

static void
check_networks(const V *v)
{
  const char *const *nets = sim_config_instances(v->cfg, "network");
  const GArray *vpc = sim_config_get_cidrs(v->cfg, "vpc", "cidr");
  gboolean inbound = sim_config_get_bool(v->cfg, "vpc", "resolver_inbound_endpoint");

  for (guint i = 0; nets[i] != NULL; i++) {
    g_autofree char *g = g_strconcat("network.", nets[i], NULL);
    if (!has(v, g, "cidr"))
      continue; /* missing, reported already */
    const GArray *cidr = sim_config_get_cidrs(v->cfg, g, "cidr");
    g_autofree char *ov = overlap_text(cidr, vpc);
    if (ov != NULL)
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "cidr", "blocks outside the cluster VPC's [vpc] cidr",
             "%s of the cluster VPC; routing to a connected network needs distinct blocks", ov);
    for (guint j = 0; j < i; j++) {
      g_autofree char *h = g_strconcat("network.", nets[j], NULL);
      if (!has(v, h, "cidr"))
        continue;
      g_autofree char *ov2 = overlap_text(cidr, sim_config_get_cidrs(v->cfg, h, "cidr"));
      if (ov2 != NULL)
        report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "cidr", "blocks distinct from every other network",
               "%s of [%s]", ov2, h);
    }
    if (sim_config_get_bool(v->cfg, g, "dns_forwarding") && !inbound)
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "dns_forwarding",
             "[vpc] resolver_inbound_endpoint = true, or dns_forwarding = false",
             "forwarding needs a Resolver inbound endpoint in the cluster VPC (facts §1.7)");
  }
}

static void
check_nodegroups(const V *v)
{
  const char *const *ngs = sim_config_instances(v->cfg, "nodegroup");
  for (guint i = 0; ngs[i] != NULL; i++) {
    g_autofree char *g = g_strconcat("nodegroup.", ngs[i], NULL);
    if (str_is(v, g, "type", "fargate") && str_is(v, g, "subnet", "public"))
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, blame(v, g, "subnet", "type"),
             "subnet = private for type = fargate",
             "Fargate runs only in private subnets (facts §4)");
  }
}

static char *
location_allowed(const V *v)
{
  GString *s = g_string_new("internet, vpc-public, vpc-private");
  const char *const *nets = sim_config_instances(v->cfg, "network");
  for (guint i = 0; nets[i] != NULL; i++)
    g_string_append_printf(s, ", network.%s", nets[i]);
  if (nets[0] == NULL)
    g_string_append(s, " (network.NAME once a [network.NAME] group exists)");
  const char *const *ngs = sim_config_instances(v->cfg, "nodegroup");
  for (guint i = 0; ngs[i] != NULL; i++)
    g_string_append_printf(s, ", nodegroup.%s", ngs[i]);
  if (ngs[0] == NULL)
    g_string_append(s, " (nodegroup.NAME once a [nodegroup.NAME] group exists)");
  return g_string_free(s, FALSE);
}

static void
check_clients(const V *v)
{
  const char *const *clients = sim_config_instances(v->cfg, "client");
  for (guint i = 0; clients[i] != NULL; i++) {
    g_autofree char *g = g_strconcat("client.", clients[i], NULL);
    const char *loc = str(v, g, "location");
    if (loc == NULL)
      continue; /* missing, reported already */
    if (g_str_has_prefix(loc, "network.") || g_str_has_prefix(loc, "nodegroup.")) {
      if (!sim_config_has_group(v->cfg, loc)) {
        g_autofree char *allowed = location_allowed(v);
        report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "location", allowed,
               "'%s': the scenario has no group [%s]", loc, loc);
      }
    } else if (strcmp(loc, "internet") != 0 && strcmp(loc, "vpc-public") != 0 &&
               strcmp(loc, "vpc-private") != 0) {
      g_autofree char *allowed = location_allowed(v);
      const char *const cands[] = { "internet", "vpc-public", "vpc-private", NULL };
      const char *hint = sim_schema_suggest(loc, cands);
      if (hint != NULL)
        report(v, SIM_SCENARIO_ERROR_BAD_VALUE, g, "location", allowed,
               "'%s' is not a location (did you mean '%s'?)", loc, hint);
      else
        report(v, SIM_SCENARIO_ERROR_BAD_VALUE, g, "location", allowed, "'%s' is not a location", loc);
    }
    if (strcmp(loc, "internet") == 0 && has(v, g, "source_ip")) {
      SimIp ip = sim_config_get_ip(v->cfg, g, "source_ip");
      char buf[16];
      if (sim_ip_is_private(ip))
        report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "source_ip",
               "a public IPv4 address (not 10/8, 172.16/12 or 192.168/16)",
               "%s is a private address, which the internet does not route", sim_ip_format(ip, buf));
    }
  }
}

static void
check_faults(const V *v)
{
  const char *const *faults = sim_config_instances(v->cfg, "fault");
  SimTime duration = sim_config_get_duration(v->cfg, "scenario", "duration");
  gint64 azs = sim_config_get_int(v->cfg, "vpc", "azs");

  for (guint i = 0; faults[i] != NULL; i++) {
    g_autofree char *g = g_strconcat("fault.", faults[i], NULL);
    const char *kind = str(v, g, "kind");
    if (kind == NULL)
      continue;
    if (has(v, g, "at") && sim_config_get_duration(v->cfg, g, "at") >= duration) {
      g_autofree char *d = sim_time_format(duration);
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "at", "a time before the end of the run",
             "the fault starts after the run ends (duration %s)", d);
    }
    const char *target = str(v, g, "target");
    if (target != NULL && g_str_has_prefix(target, "az") && g_ascii_isdigit(target[2])) {
      guint64 n = 0;
      if (!g_ascii_string_to_unsigned(target + 2, 10, 1, G_MAXUINT, &n, NULL) || (gint64)n > azs) {
        g_autofree char *allowed = g_strdup_printf("all, az1..az%" G_GINT64_FORMAT ", or an instance name", azs);
        report(v, SIM_SCENARIO_ERROR_BAD_VALUE, g, "target", allowed,
               "'%s' is not an AZ of this VPC ([vpc] azs = %" G_GINT64_FORMAT ")", target, azs);
      }
    }
    if (strcmp(kind, "bastion-down") == 0 && target != NULL &&
        !(g_str_has_prefix(target, "client.") && sim_config_has_group(v->cfg, target))) {
      GString *allowed = g_string_new(NULL);
      const char *const *clients = sim_config_instances(v->cfg, "client");
      for (guint c = 0; clients[c] != NULL; c++)
        g_string_append_printf(allowed, "%sclient.%s", c ? ", " : "", clients[c]);
      if (allowed->len == 0)
        g_string_append(allowed, "client.NAME of a [client.NAME] group");
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "target", allowed->str,
             "a bastion-down fault needs the client it stops, written client.NAME");
      g_string_free(allowed, TRUE);
    }
    if (strcmp(kind, "vpn-down") == 0 && target != NULL && strcmp(target, "all") != 0 &&
        !(g_str_has_prefix(target, "network.") && sim_config_has_group(v->cfg, target) &&
          str_is(v, target, "kind", "onprem-vpn"))) {
      GString *allowed = g_string_new("all");
      const char *const *nets = sim_config_instances(v->cfg, "network");
      for (guint c = 0; nets[c] != NULL; c++) {
        g_autofree char *ng = g_strconcat("network.", nets[c], NULL);
        if (str_is(v, ng, "kind", "onprem-vpn"))
          g_string_append_printf(allowed, ", %s", ng);
      }
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "target", allowed->str,
             "'%s' is not a [network.NAME] of kind onprem-vpn", target);
      g_string_free(allowed, TRUE);
    }
    if (strcmp(kind, "control-plane-upgrade") == 0) {
      for (guint j = 0; j < i; j++) {
        g_autofree char *h = g_strconcat("fault.", faults[j], NULL);
        if (str_is(v, h, "kind", "control-plane-upgrade"))
          report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "kind", "one control-plane-upgrade per scenario",
                 "[%s] already upgrades the control plane", h);
      }
    }
    if (strcmp(kind, "az-outage") == 0 && target != NULL &&
        !(g_str_has_prefix(target, "az") && g_ascii_isdigit(target[2]))) {
      g_autofree char *allowed = g_strdup_printf("az1..az%" G_GINT64_FORMAT, azs);
      report(v, SIM_SCENARIO_ERROR_BAD_VALUE, g, "target", allowed,
             "an az-outage takes one availability zone, not '%s'", target);
    }
    if (strcmp(kind, "endpoint-change") == 0 && !sim_config_is_set(v->cfg, g, "endpoint") &&
        !sim_config_is_set(v->cfg, g, "public_access_cidrs"))
      report(v, SIM_SCENARIO_ERROR_CONFLICT, g, "kind", "endpoint and/or public_access_cidrs in the group",
             "an endpoint-change fault that changes nothing");
  }
}

void
sim_validate_variant(const SimConfig *cfg, const char *top, SimDiag *diag)
{
  V v = { cfg, top, diag };
  check_scenario(&v);
  check_vpc(&v);
  check_lb(&v);
  check_networks(&v);
  check_nodegroups(&v);
  check_clients(&v);
  check_faults(&v);
}
