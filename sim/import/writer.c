/* The scenario writer shared by the three import readers: adds the parts every imported
 * scenario gets (name, description, two kubectl clients, the endpoint sweep) and writes INI text
 * in the scenario format of scenarios/README.md, one comment line above each value naming the
 * source field it came from ("eksctl default ..." or "ASSUMED ..." where the source is silent).
 *
 * Clients: a laptop on the internet whose source address lies inside public_access_cidrs (the
 * user's own laptop is presumably allowed; documentation range 198.51.100.0/24 when everything
 * is allowed), and a bastion in the cluster VPC (a public subnet when the VPC has one). The
 * bastion needs the cluster security group to admit it on 443 for the private endpoint (facts
 * §1.8, "SG443"); no source format here carries those rules except Terraform, so when absent the
 * VPC CIDR is ASSUMED allowed, with a warning. The sweep lists the current mode first.
 *
 * Output is a pure function of the import: no dates, no absolute paths, so the same input gives
 * the same bytes.
 */
#include <string.h>

#include "import/import.h"
#include "import/model.h"
#include "net/addr.h"
#include "scenario/schema.h"

/* A documentation address (RFC 5737 TEST-NET-2) for a laptop when every source is allowed. */
#define LAPTOP_DEFAULT_IP "198.51.100.10"

static void
choose_laptop_ip(SimImport *imp, char out[16], char **why)
{
  for (guint i = 0; i < imp->public_access_cidrs->len; i++) {
    SimCidr c;
    if (!sim_cidr_parse(imp->public_access_cidrs->pdata[i], TRUE, &c, NULL))
      continue;
    if (c.len == 0)
      break; /* 0.0.0.0/0: anyone */
    if (sim_ip_is_private(c.net))
      continue;
    guint64 size = sim_cidr_size(c);
    SimIp ip = size <= 2 ? c.net : sim_cidr_nth(c, size > 11 ? 10 : 1);
    /* not an address the model gives AWS's side: NAT gateways' Elastic IPs are 203.0.113.10 and
     * up, load balancer nodes 192.0.2.10 and up; take the block's last host address instead */
    if (size > 2 && ((ip >= SIM_IP(203, 0, 113, 10) && ip < SIM_IP(203, 0, 113, 20)) ||
                     (ip >= SIM_IP(192, 0, 2, 10) && ip < SIM_IP(192, 0, 2, 20))))
      ip = sim_cidr_nth(c, size - 2);
    guint8 first = (guint8)(ip >> 24);
    if (first == 0 || first == 127 || first >= 224 || (ip >> 16) == ((169u << 8) | 254u))
      continue; /* "this network", loopback, multicast/reserved, link-local: no internet client */
    sim_ip_format(ip, out);
    *why = g_strdup_printf("an address inside public_access_cidrs %s, so the laptop is allowed as the real "
                           "users presumably are", (const char *)imp->public_access_cidrs->pdata[i]);
    return;
  }
  g_strlcpy(out, LAPTOP_DEFAULT_IP, 16);
  if (imp->public_access_cidrs->len > 0 &&
      strcmp(imp->public_access_cidrs->pdata[0], "0.0.0.0/0") != 0 && imp->public_access_cidrs->len > 0) {
    gboolean any_all = FALSE;
    for (guint i = 0; i < imp->public_access_cidrs->len; i++)
      any_all |= strcmp(imp->public_access_cidrs->pdata[i], "0.0.0.0/0") == 0;
    if (!any_all) {
      *why = g_strdup("a documentation address (RFC 5737): public_access_cidrs holds only private ranges, which no "
                      "internet source matches, so the laptop is blocked on the public path");
      sim_import_warn_path(imp, imp->file, "public_access_cidrs", SIM_IMPORT_WARN,
                           "every public access CIDR is a private (RFC 1918) range: no internet client can reach "
                           "the public endpoint");
      return;
    }
  }
  *why = g_strdup(imp->public_access ? "a documentation address (RFC 5737); public access is open to 0.0.0.0/0"
                                      : "a documentation address (RFC 5737); public access is off in the current "
                                        "mode, and the sweep's public variants keep the EKS default 0.0.0.0/0");
}

/* "1.31" -> 1031, or -1. */
static gint64
minor_version(const char *s)
{
  char *end = NULL;
  guint64 major = g_ascii_strtoull(s, &end, 10);
  if (end == s || *end != '.')
    return -1;
  const char *m = end + 1;
  guint64 minor = g_ascii_strtoull(m, &end, 10);
  if (end == m || *end || major > 100 || minor > 999)
    return -1;
  return (gint64)(major * 1000 + minor);
}

/* Brings each value inside what the scenario schema allows, with a warning when it changes:
 * integers clamped to their range (an eksctl file may list 1 AZ; the model needs 2..6), and a
 * Kubernetes version outside the modelled ones mapped to the nearest (the only version effect
 * modelled is the node-monitor grace period, 40 s before 1.32 and 50 s after, facts §5.1, so the
 * nearest modelled version behaves the same). */
static void
fit_to_schema(SimImport *imp)
{
  for (guint i = 0; i < imp->groups->len; i++) {
    SimImportGroup *g = imp->groups->pdata[i];
    for (guint j = 0; j < g->entries->len; j++) {
      SimImportEntry *e = g->entries->pdata[j];
      const SimKeySpec *spec = sim_schema_find(g->name, e->key);
      if (!spec || !spec->allowed)
        continue;
      g_autofree char *fitted = NULL;
      if (spec->type == SIM_KEY_INT && strstr(spec->allowed, "..")) {
        gint64 lo = g_ascii_strtoll(spec->allowed, NULL, 10);
        const char *hi_text = strstr(spec->allowed, "..") + 2;
        gint64 hi = *hi_text ? g_ascii_strtoll(hi_text, NULL, 10) : G_MAXINT64;
        gint64 v = g_ascii_strtoll(e->value, NULL, 10);
        if (v < lo || v > hi)
          fitted = g_strdup_printf("%" G_GINT64_FORMAT, v < lo ? lo : hi);
      } else if (spec->type == SIM_KEY_ENUM) {
        g_auto(GStrv) members = g_strsplit(spec->allowed, "|", -1);
        gboolean member = FALSE;
        for (guint k = 0; members[k]; k++)
          member |= strcmp(members[k], e->value) == 0;
        gint64 want = minor_version(e->value);
        if (!member && want >= 0) {
          const char *best = NULL;
          gint64 best_d = G_MAXINT64;
          for (guint k = 0; members[k]; k++) {
            gint64 mv = minor_version(members[k]);
            if (mv < 0)
              continue;
            gint64 d = mv > want ? mv - want : want - mv;
            if (d < best_d) {
              best_d = d;
              best = members[k];
            }
          }
          if (best)
            fitted = g_strdup(best);
        }
      }
      if (!fitted)
        continue;
      sim_import_warn_path(imp, imp->file, e->source, SIM_IMPORT_WARN, "[%s] %s = %s is outside what eksim models (%s): "
                           "%s used", g->name, e->key, e->value, spec->allowed, fitted);
      char *src = g_strdup_printf("%s; %s in the source, outside what eksim models (%s)", e->source, e->value,
                                  spec->allowed);
      g_free(e->source);
      e->source = src;
      g_free(e->value);
      e->value = g_steal_pointer(&fitted);
    }
  }
}

void
sim_import_finish(SimImport *imp)
{
  fit_to_schema(imp);

  /* [scenario] */
  g_autofree char *base = g_path_get_basename(imp->file);
  char *dot = strrchr(base, '.');
  if (dot && dot != base)
    *dot = '\0';
  g_autofree char *name = sim_import_instance_name(imp, "scenario-name", imp->cluster_name ? imp->cluster_name : base);
  sim_import_set(imp, "scenario", "name", name, "%s", imp->cluster_name ? "the cluster's name in the source"
                                                                        : "the imported file's name");
  g_autofree char *desc = g_strdup_printf(
    "Imported from %s (%s): cluster %s%s%s, current endpoint mode %s; the sweep compares it with the other two modes",
    base, sim_import_format_name(imp->format), imp->cluster_name ? imp->cluster_name : "(unnamed)",
    imp->region ? " in " : "", imp->region ? imp->region : "", sim_import_endpoint(imp));
  sim_import_set(imp, "scenario", "description", desc, "written by eksim import");

  /* The endpoint defaults to EKS's own when the source never set it (Terraform without vpc_config). */
  if (!sim_import_value(imp, "cluster", "endpoint"))
    sim_import_set(imp, "cluster", "endpoint", sim_import_endpoint(imp), "%s",
                   imp->endpoint_source ? imp->endpoint_source : "EKS default: public on, private off (facts §1.1)");

  /* security_group_allow for the bastion */
  if (!imp->sg_allow_set && imp->vpc_cidr) {
    sim_import_set(imp, "cluster", "security_group_allow", imp->vpc_cidr,
                   "ASSUMED, not in the source: the cluster security group admits the VPC on 443 so the bastion "
                   "can use the private endpoint (facts §1.8 SG443); remove to see the EKS default (nodes only)");
    sim_import_warn_path(imp, imp->file, "", SIM_IMPORT_WARN,
                         "the source has no cluster security group rules: security_group_allow = %s (the VPC) is "
                         "assumed so the bastion can reach the private endpoint", imp->vpc_cidr);
  } else if (!imp->sg_allow_set) {
    sim_import_warn_path(imp, imp->file, "", SIM_IMPORT_WARN,
                         "the source has neither cluster security group rules nor the VPC CIDR: the bastion is not "
                         "admitted to the private endpoint (set [cluster] security_group_allow)");
  }

  /* Clients */
  char ip[16];
  g_autofree char *why = NULL;
  choose_laptop_ip(imp, ip, &why);
  sim_import_group_comment(imp, "client.laptop", "added by eksim import: a kubectl user on a laptop on the internet");
  sim_import_set(imp, "client.laptop", "location", "internet", "added by eksim import");
  sim_import_set(imp, "client.laptop", "source_ip", ip, "%s", why);
  sim_import_group_comment(imp, "client.bastion", "added by eksim import: a kubectl user on a bastion host in the "
                           "cluster VPC");
  sim_import_set(imp, "client.bastion", "location", imp->has_public_subnets ? "vpc-public" : "vpc-private", "%s",
                 imp->has_public_subnets ? "added by eksim import: a bastion in a public subnet"
                                         : "added by eksim import: the VPC has no public subnets in the source, so the "
                                           "bastion sits in a private subnet (reached e.g. by SSM)");

  /* [sweep] over the three modes, the current one first */
  const char *cur = sim_import_endpoint(imp);
  static const char *const modes[] = { "public", "public+private", "private" };
  GString *list = g_string_new(cur);
  for (gsize i = 0; i < G_N_ELEMENTS(modes); i++)
    if (strcmp(modes[i], cur) != 0)
      g_string_append_printf(list, ", %s", modes[i]);
  sim_import_set(imp, "sweep", "cluster.endpoint", list->str,
                 "the current mode (%s) first, then the two alternatives", cur);
  g_string_free(list, TRUE);
}

/* Scenario values are taken literally (trimmed, no escapes; scenario/scenario.h): control
 * characters become spaces so a value stays on its line. */
static void
append_value(GString *out, const char *value)
{
  for (const char *p = value; *p; p++)
    g_string_append_c(out, (unsigned char)*p < 0x20 ? ' ' : *p);
}

/* A comment line: '#' + text with newlines flattened. */
static void
append_comment(GString *out, const char *indent, const char *text)
{
  g_string_append_printf(out, "%s# ", indent);
  for (const char *p = text; *p; p++)
    g_string_append_c(out, (unsigned char)*p < 0x20 ? ' ' : *p);
  g_string_append_c(out, '\n');
}

static void
write_group(GString *out, const SimImportGroup *g)
{
  g_string_append_c(out, '\n');
  if (g->comment)
    append_comment(out, "", g->comment);
  g_string_append_printf(out, "[%s]\n", g->name);
  for (guint i = 0; i < g->entries->len; i++) {
    const SimImportEntry *e = g->entries->pdata[i];
    append_comment(out, "", e->source);
    g_string_append_printf(out, "%s = ", e->key);
    append_value(out, e->value);
    g_string_append_c(out, '\n');
  }
}

static int
group_rank(const char *name)
{
  if (strcmp(name, "scenario") == 0)
    return 0;
  if (strcmp(name, "cluster") == 0)
    return 1;
  if (strcmp(name, "vpc") == 0)
    return 2;
  if (g_str_has_prefix(name, "client."))
    return 4;
  if (strcmp(name, "sweep") == 0)
    return 5;
  return 3;
}

char *
sim_import_to_scenario(const SimImport *imp)
{
  GString *out = g_string_new(NULL);
  g_autofree char *base = g_path_get_basename(imp->file);
  /* every line that quotes the source goes through append_comment, which keeps it one line */
  g_autofree char *head = g_strdup_printf("eksim scenario written by 'eksim import' from %s (%s).", base,
                                          sim_import_format_name(imp->format));
  append_comment(out, "", head);
  g_autofree char *mode = g_strdup_printf("Current endpoint mode: %s (%s).", sim_import_endpoint(imp),
                                          imp->endpoint_source ? imp->endpoint_source
                                                               : "EKS default: public on, private off");
  append_comment(out, "", mode);
  g_string_append(out, "# Each value has a comment naming the source field it came from; 'default' marks a value the\n"
                       "# source left to the tool's default, 'ASSUMED' one it does not give at all: check those.\n"
                       "# Keys not written here take eksim's defaults (scenarios/README.md).\n");
  gboolean any = FALSE;
  for (guint i = 0; i < imp->warnings->len; i++) {
    const SimImportWarning *w = imp->warnings->pdata[i];
    if (w->kind != SIM_IMPORT_WARN)
      continue;
    if (!any)
      g_string_append(out, "#\n# Warnings (may change the results):\n");
    any = TRUE;
    g_autofree char *line = g_strdup_printf("%s%s%s", *w->path ? w->path : "", *w->path ? ": " : "", w->message);
    append_comment(out, "", line);
  }
  g_autoptr(GPtrArray) ignored = sim_import_ignored_summary(imp);
  if (ignored->len)
    g_string_append(out, "#\n# Not mapped (no effect on what eksim models):\n");
  for (guint i = 0; i < ignored->len; i++)
    append_comment(out, "", ignored->pdata[i]);
  for (int rank = 0; rank <= 5; rank++)
    for (guint i = 0; i < imp->groups->len; i++) {
      const SimImportGroup *g = imp->groups->pdata[i];
      if (group_rank(g->name) == rank)
        write_group(out, g);
    }
  return g_string_free(out, FALSE);
}
