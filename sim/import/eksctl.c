/* Reader for eksctl ClusterConfig files (apiVersion eksctl.io/v1alpha5, kind ClusterConfig).
 *
 * Mapped: metadata.name/version, availabilityZones, vpc.cidr, vpc.subnets (AZs, whether public
 * subnets exist), vpc.nat.gateway (HighlyAvailable -> per-az, Single -> single, Disable -> none),
 * vpc.clusterEndpoints.publicAccess/privateAccess, vpc.publicAccessCIDRs, privateCluster.enabled,
 * nodeGroups (self-managed) and managedNodeGroups (desiredCapacity, else minSize, else 2;
 * privateNetworking -> private subnet, else public), fargateProfiles (private subnets).
 *
 * Where the file is silent, eksctl's own defaults apply and the comment says so: endpoint
 * public=true/private=false (eksctl docs "Cluster Access", facts §1.2), VPC 192.168.0.0/16 and
 * NAT Single (eksctl docs "VPC Configuration"; types.go ClusterNATDefault), 2 nodes per node group
 * (eksctl create cluster --nodes default), 3 AZs (2 in us-east-1, eksctl VPC docs), nodes in
 * public subnets unless privateNetworking. A Fargate profile gives no node count (one Fargate node
 * per pod): 2 is assumed, with a warning. Everything else is reported as not mapped, with why.
 */
#include <string.h>

#include "import/doc.h"
#include "import/model.h"

/* eksctl create cluster --nodes: "total number of nodes (for a static ASG) (default 2)". */
#define EKSCTL_DEFAULT_NODES 2
/* Fargate pods each get their own node; the config does not say how many pods. */
#define FARGATE_ASSUMED_NODES 2

static const SimImportReason eksctl_reasons[] = {
  { "metadata.region", TRUE, "the region's name does not change the network model (named in the description)" },
  { "metadata.tags*", TRUE, "tags do not change network paths" },
  { "metadata.annotations*", TRUE, "annotations do not change network paths" },
  { "metadata.accountID", TRUE, "the account does not change network paths" },
  { "vpc.id", TRUE, "the VPC's ID does not matter to the model (its CIDR and subnets do)" },
  { "vpc.subnets.*.id", TRUE, "subnet IDs do not matter to the model" },
  { "vpc.subnets.*.cidr", TRUE, "eksim lays out one public and one private subnet per AZ inside [vpc] cidr itself" },
  { "vpc.subnets.*.az", TRUE, "counted in [vpc] azs" },
  { "vpc.securityGroup", TRUE, "the control-plane security group's ID; its rules are not in the file" },
  { "vpc.sharedNodeSecurityGroup", TRUE, "node security groups do not limit the API paths eksim models" },
  { "vpc.manageSharedNodeSecurityGroupRules", TRUE, "node security groups do not limit the API paths eksim models" },
  { "vpc.hostnameType", TRUE, "EC2 host names do not change network paths" },
  { "vpc.ipv6*", FALSE, "IPv6 is not modelled; eksim simulates IPv4 clusters" },
  { "vpc.autoAllocateIPv6", FALSE, "IPv6 is not modelled; eksim simulates IPv4 clusters" },
  { "kubernetesNetworkConfig.serviceIPv4CIDR", TRUE, "the service CIDR does not change the endpoint paths" },
  { "kubernetesNetworkConfig*", FALSE, "not modelled" },
  { "nodeGroups[].name", TRUE, "used as the [nodegroup.NAME] name" },
  { "managedNodeGroups[].name", TRUE, "used as the [nodegroup.NAME] name" },
  { "*odeGroups[].maxSize", TRUE, "eksim does not autoscale node groups; nodes = desiredCapacity" },
  { "*odeGroups[].instanceType*", TRUE, "instance sizes do not change the network paths eksim models" },
  { "*odeGroups[].instanceSelector*", TRUE, "instance sizes do not change the network paths eksim models" },
  { "*odeGroups[].instancesDistribution*", TRUE, "instance sizes do not change the network paths eksim models" },
  { "*odeGroups[].spot", TRUE, "spot capacity (interruptions) is not modelled" },
  { "*odeGroups[].volume*", TRUE, "disks do not change network paths" },
  { "*odeGroups[].ami*", TRUE, "the AMI does not change network paths" },
  { "*odeGroups[].labels*", TRUE, "Kubernetes labels do not change network paths" },
  { "*odeGroups[].taints*", TRUE, "taints do not change network paths" },
  { "*odeGroups[].tags*", TRUE, "tags do not change network paths" },
  { "*odeGroups[].iam*", TRUE, "IAM does not change network paths" },
  { "*odeGroups[].ssh*", TRUE, "SSH access to nodes is not modelled" },
  { "*odeGroups[].securityGroups*", TRUE, "node security groups do not limit the API paths eksim models" },
  { "*odeGroups[].availabilityZones*", TRUE, "eksim spreads each node group over [vpc] azs" },
  { "*odeGroups[].subnets*", TRUE, "eksim places nodes by subnet kind (public/private), from privateNetworking" },
  { "*odeGroups[].updateConfig*", TRUE, "node group updates are not modelled" },
  { "*odeGroups[].*ootstrap*", TRUE, "bootstrap commands are not modelled" },
  { "*odeGroups[].launchTemplate*", TRUE, "launch templates do not change network paths" },
  { "*odeGroups[].disableIMDSv1", TRUE, "instance metadata is not modelled" },
  { "*odeGroups[].disablePodIMDS", TRUE, "instance metadata is not modelled" },
  { "*odeGroups[].maxPodsPerNode", TRUE, "pod density is not modelled" },
  { "*odeGroups[].kubeletExtraConfig*", TRUE, "kubelet settings other than the documented defaults are not read" },
  { "*odeGroups[].*", TRUE, "node details other than count and subnet kind do not change the paths eksim models" },
  { "fargateProfiles[].name", TRUE, "used as the [nodegroup.NAME] name" },
  { "fargateProfiles[].selectors*", TRUE, "which pods run on Fargate is not modelled; node count assumed" },
  { "fargateProfiles[].subnets*", TRUE, "Fargate profiles use private subnets only (facts §4)" },
  { "fargateProfiles[].*", TRUE, "Fargate details other than the subnet kind do not change network paths" },
  { "iam*", TRUE, "IAM roles, OIDC and service accounts do not change network paths" },
  { "iamIdentityMappings*", TRUE, "IAM does not change network paths" },
  { "accessConfig*", TRUE, "cluster access entries (IAM) do not change network paths" },
  { "identityProviders*", TRUE, "identity providers do not change network paths" },
  { "addons*", TRUE, "add-ons are not modelled" },
  { "addonsConfig*", TRUE, "add-ons are not modelled" },
  { "cloudWatch*", TRUE, "control-plane logging is not modelled" },
  { "secretsEncryption*", TRUE, "encryption does not change network paths" },
  { "gitops*", TRUE, "GitOps tooling is not modelled" },
  { "karpenter*", FALSE, "Karpenter-provisioned nodes are not modelled; add [nodegroup.NAME] groups for them" },
  { "autoModeConfig*", FALSE, "EKS Auto Mode nodes are not modelled; add [nodegroup.NAME] groups for them" },
  { "remoteNetworkConfig*", FALSE, "hybrid nodes are not modelled yet; the on-prem network can be added as "
                                   "[network.NAME] kind = onprem-vpn / onprem-dx" },
  { "outpost*", FALSE, "EKS local clusters on Outposts are not modelled" },
  { "zonalShiftConfig*", TRUE, "zonal shift is not modelled" },
  { "controlPlaneScalingConfig*", FALSE, "the control-plane tier is not modelled; api_servers keeps its default" },
  { "upgradePolicy*", TRUE, "support policy does not change network paths" },
  { "deletionProtection", TRUE, "does not change network paths" },
  { "privateCluster.*", TRUE, "VPC endpoint creation details are not modelled (the endpoint mode is)" },
};

/* Reads one node group or Fargate profile into [nodegroup.NAME]. */
static gboolean
read_group(SimImport *imp, SimImportDoc *doc, JsonNode *ng, const char *type, gboolean force_private,
           GError **error)
{
  if (!sim_import_doc_object(doc, ng, error))
    return FALSE;
  const char *name;
  gboolean found;
  if (!sim_import_doc_get_string(doc, ng, "name", &found, &name, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, ng, error, SIM_IMPORT_ERROR_MISSING, "name: required, but missing (eksctl needs a "
                         "name for every node group and Fargate profile)");
    return FALSE;
  }
  JsonNode *name_node = sim_import_doc_member(doc, ng, "name");
  g_autofree char *inst = sim_import_instance_name(imp, "nodegroup", name);
  g_autofree char *group = g_strconcat("nodegroup.", inst, NULL);
  g_autofree char *ng_path = sim_import_doc_cite(doc, ng);
  g_autofree char *name_cite = sim_import_doc_cite(doc, name_node);
  if (strcmp(inst, name) != 0)
    sim_import_warn(imp, doc, name_node, SIM_IMPORT_WARN, "name '%s' written as [%s] (scenario names take letters, "
                    "digits, '-' and '_', and must be unique)", name, group);

  sim_import_set(imp, group, "type", type, "%s", strcmp(type, "fargate") == 0 ? "fargateProfiles (a Fargate profile)"
                 : strcmp(type, "managed") == 0 ? "managedNodeGroups (an EKS managed node group)"
                                                : "nodeGroups (an eksctl self-managed node group)");

  if (strcmp(type, "fargate") == 0) {
    sim_import_set(imp, group, "nodes", G_STRINGIFY(FARGATE_ASSUMED_NODES),
                   "ASSUMED: a Fargate profile names no node count (each pod gets its own node); %s", name_cite);
    sim_import_warn(imp, doc, ng, SIM_IMPORT_WARN, "a Fargate profile has no node count (one Fargate node per pod); "
                    "nodes = %d assumed", FARGATE_ASSUMED_NODES);
    sim_import_set(imp, group, "subnet", "private",
                   "Fargate pods run in private subnets only (EKS CreateFargateProfile, facts §4)");
    return TRUE;
  }

  gint64 desired = 0, min = 0;
  gboolean has_desired, has_min;
  if (!sim_import_doc_get_int(doc, ng, "desiredCapacity", &has_desired, &desired, error) ||
      !sim_import_doc_get_int(doc, ng, "minSize", &has_min, &min, error))
    return FALSE;
  JsonNode *dn = sim_import_doc_member(doc, ng, "desiredCapacity");
  JsonNode *mn = sim_import_doc_member(doc, ng, "minSize");
  if ((has_desired && desired < 0) || (has_min && min < 0)) {
    sim_import_doc_error(doc, has_desired && desired < 0 ? dn : mn, error, SIM_IMPORT_ERROR_BAD_VALUE,
                         "%" G_GINT64_FORMAT " nodes; allowed: 0 or more", has_desired && desired < 0 ? desired : min);
    return FALSE;
  }
  g_autofree char *nodes = NULL;
  if (has_desired) {
    nodes = g_strdup_printf("%" G_GINT64_FORMAT, desired);
    g_autofree char *cite = sim_import_doc_cite(doc, dn);
    sim_import_set(imp, group, "nodes", nodes, "%s", cite);
  } else if (has_min) {
    nodes = g_strdup_printf("%" G_GINT64_FORMAT, min);
    g_autofree char *cite = sim_import_doc_cite(doc, mn);
    sim_import_set(imp, group, "nodes", nodes, "%s (no desiredCapacity: eksctl starts the group at minSize)", cite);
  } else {
    sim_import_set(imp, group, "nodes", G_STRINGIFY(EKSCTL_DEFAULT_NODES),
                   "eksctl default (no desiredCapacity or minSize in %s)", ng_path);
  }

  gboolean priv = FALSE, has_priv;
  if (!sim_import_doc_get_bool(doc, ng, "privateNetworking", &has_priv, &priv, error))
    return FALSE;
  if (force_private) {
    sim_import_set(imp, group, "subnet", "private", "privateCluster.enabled: nodes of a fully-private cluster run in "
                   "private subnets");
  } else if (has_priv) {
    g_autofree char *cite = sim_import_doc_cite(doc, sim_import_doc_member(doc, ng, "privateNetworking"));
    sim_import_set(imp, group, "subnet", priv ? "private" : "public", "%s", cite);
  } else {
    sim_import_set(imp, group, "subnet", "public", "eksctl default: privateNetworking false puts nodes in public "
                   "subnets (%s)", ng_path);
  }
  return TRUE;
}

static gboolean
read_groups(SimImport *imp, SimImportDoc *doc, JsonNode *root, const char *key, const char *type,
            gboolean force_private, guint *count, GError **error)
{
  GError *err = NULL;
  JsonNode *list = sim_import_doc_get_array(doc, root, key, &err);
  if (err) {
    g_propagate_error(error, err);
    return FALSE;
  }
  if (!list)
    return TRUE;
  JsonArray *a = json_node_get_array(list);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    if (!read_group(imp, doc, json_array_get_element(a, i), type, force_private, error))
      return FALSE;
    (*count)++;
  }
  return TRUE;
}

/* vpc.subnets: {private|public: {NAME: {id, az, cidr}}}; the key is the AZ unless "az" is set. */
static gboolean
read_subnets(SimImportDoc *doc, JsonNode *subnets, GHashTable *azs, guint *n_public, guint *n_private,
             GError **error)
{
  static const char *const kinds[] = { "public", "private" };
  JsonObject *so = json_node_get_object(subnets);
  g_autoptr(GList) members = json_object_get_members(so);
  for (GList *l = members; l; l = l->next) {
    if (strcmp(l->data, "public") != 0 && strcmp(l->data, "private") != 0) {
      JsonNode *bad = json_object_get_member(so, l->data);
      sim_import_doc_consume(doc, bad, FALSE);
      sim_import_doc_error(doc, bad, error, SIM_IMPORT_ERROR_BAD_VALUE,
                           "unknown subnet kind '%s'; allowed: public, private", (const char *)l->data);
      return FALSE;
    }
  }
  for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++) {
    JsonNode *m = sim_import_doc_get_object(doc, subnets, kinds[k], error);
    if (!m) {
      if (error && *error)
        return FALSE;
      continue;
    }
    JsonObject *mo = json_node_get_object(m);
    g_autoptr(GList) names = json_object_get_members(mo);
    for (GList *l = names; l; l = l->next) {
      JsonNode *sn = sim_import_doc_member(doc, m, l->data);
      const char *az = l->data;
      if (sn) {
        if (!sim_import_doc_object(doc, sn, error))
          return FALSE;
        gboolean found;
        const char *az_field;
        if (!sim_import_doc_get_string(doc, sn, "az", &found, &az_field, error))
          return FALSE;
        if (found)
          az = az_field;
      }
      g_hash_table_add(azs, g_strdup(az));
      if (k == 0)
        (*n_public)++;
      else
        (*n_private)++;
    }
  }
  return TRUE;
}

gboolean
sim_import_read_eksctl(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error)
{
  (void)opts;
  JsonNode *root = sim_import_doc_root(doc);
  gboolean found;
  const char *s;

  /* apiVersion / kind */
  if (!sim_import_doc_get_string(doc, root, "apiVersion", &found, &s, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, root, error, SIM_IMPORT_ERROR_MISSING,
                         "apiVersion: required, but missing; allowed: eksctl.io/v1alpha5");
    return FALSE;
  }
  if (strcmp(s, "eksctl.io/v1alpha5") != 0)
    sim_import_warn(imp, doc, sim_import_doc_member(doc, root, "apiVersion"), SIM_IMPORT_WARN,
                    "apiVersion '%s': eksim import knows eksctl.io/v1alpha5; read as that", s);
  if (!sim_import_doc_get_string(doc, root, "kind", &found, &s, error))
    return FALSE;
  if (!found || strcmp(s, "ClusterConfig") != 0) {
    sim_import_doc_error(doc, found ? sim_import_doc_member(doc, root, "kind") : root, error,
                         found ? SIM_IMPORT_ERROR_BAD_VALUE : SIM_IMPORT_ERROR_MISSING,
                         "%s%s%s; allowed: ClusterConfig", found ? "kind '" : "kind: required, but missing",
                         found ? s : "", found ? "' cannot be imported" : "");
    return FALSE;
  }

  /* metadata */
  JsonNode *meta = sim_import_doc_require_object(doc, root, "metadata", error);
  if (!meta)
    return FALSE;
  const char *name;
  if (!sim_import_doc_get_string(doc, meta, "name", &found, &name, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, meta, error, SIM_IMPORT_ERROR_MISSING, "name: required, but missing");
    return FALSE;
  }
  imp->cluster_name = g_strdup(name);
  if (!sim_import_doc_get_string(doc, meta, "region", &found, &s, error))
    return FALSE;
  if (found)
    imp->region = g_strdup(s);
  const char *version;
  if (!sim_import_doc_get_string(doc, meta, "version", &found, &version, error))
    return FALSE;
  if (found) {
    JsonNode *vn = sim_import_doc_member(doc, meta, "version");
    if (!g_regex_match_simple("^[0-9]+\\.[0-9]+$", version, 0, 0)) {
      sim_import_doc_error(doc, vn, error, SIM_IMPORT_ERROR_BAD_VALUE,
                           "'%s' is not a Kubernetes minor version; allowed: MAJOR.MINOR such as 1.31", version);
      return FALSE;
    }
    g_autofree char *cite = sim_import_doc_cite(doc, vn);
    sim_import_set(imp, "cluster", "kubernetes_version", version, "%s", cite);
  }

  /* privateCluster: a fully-private cluster (private endpoint only, no NAT, nodes private) */
  gboolean fully_private = FALSE;
  JsonNode *pc = sim_import_doc_get_object(doc, root, "privateCluster", error);
  if (!pc && error && *error)
    return FALSE;
  if (pc && !sim_import_doc_get_bool(doc, pc, "enabled", &found, &fully_private, error))
    return FALSE;
  JsonNode *pc_enabled = pc ? sim_import_doc_member(doc, pc, "enabled") : NULL;

  /* vpc */
  JsonNode *vpc = sim_import_doc_get_object(doc, root, "vpc", error);
  if (!vpc && error && *error)
    return FALSE;
  gboolean existing_vpc = vpc && sim_import_doc_member(doc, vpc, "id") != NULL;
  if (vpc && sim_import_doc_member(doc, vpc, "cidr")) {
    JsonNode *cn = sim_import_doc_member(doc, vpc, "cidr");
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func(g_free);
    if (!sim_import_vpc_cidr(doc, cn, one, error))
      return FALSE;
    g_autofree char *cite = sim_import_doc_cite(doc, cn);
    imp->vpc_cidr = g_strdup(one->pdata[0]);
    /* secondary blocks (eksctl vpc.extraCIDRs) follow the primary in [vpc] cidr */
    JsonNode *extra = sim_import_doc_get_array(doc, vpc, "extraCIDRs", error);
    if (!extra && *error)
      return FALSE;
    if (extra) {
      JsonArray *a = json_node_get_array(extra);
      for (guint i = 0; i < json_array_get_length(a); i++)
        if (!sim_import_vpc_cidr(doc, json_array_get_element(a, i), one, error))
          return FALSE;
    }
    g_autofree char *list = sim_import_join(one);
    g_autofree char *extra_cite = extra ? sim_import_doc_cite(doc, extra) : NULL;
    sim_import_set(imp, "vpc", "cidr", list, "%s%s%s", cite, extra ? " + " : "", extra ? extra_cite : "");
  } else if (!existing_vpc) {
    imp->vpc_cidr = g_strdup("192.168.0.0/16");
    sim_import_set(imp, "vpc", "cidr", imp->vpc_cidr, "eksctl default for the VPC it creates (no vpc.cidr)");
  } else {
    sim_import_warn(imp, doc, sim_import_doc_member(doc, vpc, "id"), SIM_IMPORT_WARN,
                    "an existing VPC without vpc.cidr: its CIDR is not in the file; eksim's default [vpc] cidr applies");
  }

  /* AZs: availabilityZones, else the subnets' AZs, else eksctl's default */
  GHashTable *azs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint n_public = 0, n_private = 0;
  JsonNode *subnets = vpc ? sim_import_doc_get_object(doc, vpc, "subnets", error) : NULL;
  if ((!subnets && error && *error) || (subnets && !read_subnets(doc, subnets, azs, &n_public, &n_private, error))) {
    g_hash_table_unref(azs);
    return FALSE;
  }
  guint subnet_azs = g_hash_table_size(azs);
  g_hash_table_unref(azs);
  JsonNode *az_list = sim_import_doc_get_array(doc, root, "availabilityZones", error);
  if (!az_list && error && *error)
    return FALSE;
  if (az_list) {
    JsonArray *a = json_node_get_array(az_list);
    for (guint i = 0; i < json_array_get_length(a); i++) {
      const char *az;
      if (!sim_import_doc_string(doc, json_array_get_element(a, i), &az, error))
        return FALSE;
    }
    g_autofree char *n = g_strdup_printf("%u", json_array_get_length(a));
    g_autofree char *cite = sim_import_doc_cite(doc, az_list);
    sim_import_set(imp, "vpc", "azs", n, "%s (%u zones listed)", cite, json_array_get_length(a));
  } else if (subnet_azs > 0) {
    g_autofree char *n = g_strdup_printf("%u", subnet_azs);
    g_autofree char *cite = sim_import_doc_cite(doc, subnets);
    sim_import_set(imp, "vpc", "azs", n, "%s (the subnets span %u zones)", cite, subnet_azs);
  } else if (!existing_vpc) {
    gboolean use1 = imp->region && strcmp(imp->region, "us-east-1") == 0;
    sim_import_set(imp, "vpc", "azs", use1 ? "2" : "3",
                   "eksctl default: %s zones%s (no availabilityZones or vpc.subnets)", use1 ? "2" : "3",
                   use1 ? " in us-east-1" : "");
  }
  if (subnets && n_public == 0 && n_private > 0)
    imp->has_public_subnets = FALSE;

  /* NAT */
  JsonNode *nat = vpc ? sim_import_doc_get_object(doc, vpc, "nat", error) : NULL;
  if (!nat && error && *error)
    return FALSE;
  const char *gw = NULL;
  if (nat && !sim_import_doc_get_string(doc, nat, "gateway", &found, &gw, error))
    return FALSE;
  if (gw) {
    JsonNode *gn = sim_import_doc_member(doc, nat, "gateway");
    const char *mode = strcmp(gw, "HighlyAvailable") == 0 ? "per-az"
                       : strcmp(gw, "Single") == 0        ? "single"
                       : strcmp(gw, "Disable") == 0       ? "none" : NULL;
    if (!mode) {
      sim_import_doc_error(doc, gn, error, SIM_IMPORT_ERROR_BAD_VALUE,
                           "'%s' is not an eksctl NAT mode; allowed: HighlyAvailable, Single, Disable", gw);
      return FALSE;
    }
    g_autofree char *cite = sim_import_doc_cite(doc, gn);
    sim_import_set(imp, "vpc", "nat", mode, "%s = %s", cite, gw);
    if (existing_vpc)
      sim_import_warn(imp, doc, gn, SIM_IMPORT_WARN, "eksctl creates NAT gateways only in a VPC it creates; with an "
                      "existing VPC (vpc.id) this reads the setting as a description of that VPC's NAT");
  } else if (fully_private) {
    g_autofree char *cite = sim_import_doc_cite(doc, pc_enabled);
    sim_import_set(imp, "vpc", "nat", "none", "%s: a fully-private cluster has no NAT gateway (no outbound internet)",
                   cite);
  } else if (!existing_vpc) {
    sim_import_set(imp, "vpc", "nat", "single", "eksctl default NAT mode Single (no vpc.nat.gateway)");
  } else {
    sim_import_warn(imp, doc, sim_import_doc_member(doc, vpc, "id"), SIM_IMPORT_WARN,
                    "an existing VPC: its NAT gateways are not in the file; eksim's default [vpc] nat applies");
  }

  /* DNS: eksctl-created VPCs have both attributes on (EKS requires them, facts §1.1) */
  if (!existing_vpc) {
    sim_import_set(imp, "vpc", "dns_support", "true", "eksctl creates the VPC with DNS resolution on (EKS requires it, "
                   "facts §1.1)");
    sim_import_set(imp, "vpc", "dns_hostnames", "true", "eksctl creates the VPC with DNS hostnames on (EKS requires "
                   "it, facts §1.1)");
  } else {
    sim_import_warn_path(imp, sim_import_doc_name(doc), "vpc", SIM_IMPORT_WARN,
                         "an existing VPC: its DNS attributes are not in the file; eksim's defaults for "
                         "[vpc] dns_support / dns_hostnames apply (EKS requires both on, facts §1.1)");
  }

  /* Endpoint access */
  JsonNode *ce = vpc ? sim_import_doc_get_object(doc, vpc, "clusterEndpoints", error) : NULL;
  if (!ce && error && *error)
    return FALSE;
  gboolean pub = TRUE, priv = FALSE, has_pub = FALSE, has_priv = FALSE;
  if (ce && (!sim_import_doc_get_bool(doc, ce, "publicAccess", &has_pub, &pub, error) ||
             !sim_import_doc_get_bool(doc, ce, "privateAccess", &has_priv, &priv, error)))
    return FALSE;
  if (fully_private) {
    if (ce && ((has_pub && pub) || (has_priv && !priv))) {
      sim_import_doc_error(doc, ce, error, SIM_IMPORT_ERROR_NOT_ALLOWED,
                           "conflicts with privateCluster.enabled: true, which makes the endpoint private-only; "
                           "allowed: publicAccess false and privateAccess true, or leave vpc.clusterEndpoints out");
      return FALSE;
    }
    g_autofree char *cite = sim_import_doc_cite(doc, pc_enabled);
    if (!sim_import_set_endpoint(imp, doc, pc_enabled, FALSE, TRUE, cite, error))
      return FALSE;
  } else {
    g_autofree char *pub_cite = has_pub ? sim_import_doc_cite(doc, sim_import_doc_member(doc, ce, "publicAccess"))
                                        : g_strdup("publicAccess not set: eksctl default true");
    g_autofree char *priv_cite = has_priv ? sim_import_doc_cite(doc, sim_import_doc_member(doc, ce, "privateAccess"))
                                          : g_strdup("privateAccess not set: eksctl default false");
    g_autofree char *source = ce ? g_strdup_printf("%s = %s, %s = %s", pub_cite, pub ? "true" : "false", priv_cite,
                                                   priv ? "true" : "false")
                                 : g_strdup("no vpc.clusterEndpoints: eksctl default publicAccess = true, "
                                            "privateAccess = false (facts §1.2)");
    if (!sim_import_set_endpoint(imp, doc, ce ? ce : root, pub, priv, source, error))
      return FALSE;
    if (!pub && priv)
      sim_import_warn(imp, doc, ce, SIM_IMPORT_WARN, "eksctl refuses to create a private-only cluster (it could not "
                      "join nodes; facts §1.2): this file describes a cluster switched to private after creation");
  }

  /* publicAccessCIDRs */
  JsonNode *cidrs = NULL;
  if (vpc && !sim_import_set_public_access_cidrs(imp, doc, vpc, "publicAccessCIDRs", &cidrs, error))
    return FALSE;
  if (cidrs && imp->public_access_cidrs->len > 0 && !imp->public_access)
    sim_import_warn(imp, doc, cidrs, SIM_IMPORT_WARN, "public access is off, so these CIDRs only matter in the "
                    "sweep's public variants");

  /* Node groups and Fargate profiles */
  guint n_groups = 0;
  if (!read_groups(imp, doc, root, "nodeGroups", "self-managed", fully_private, &n_groups, error) ||
      !read_groups(imp, doc, root, "managedNodeGroups", "managed", fully_private, &n_groups, error) ||
      !read_groups(imp, doc, root, "fargateProfiles", "fargate", FALSE, &n_groups, error))
    return FALSE;
  if (n_groups == 0)
    sim_import_warn_path(imp, sim_import_doc_name(doc), "", SIM_IMPORT_WARN,
                         "no nodeGroups, managedNodeGroups or fargateProfiles: the scenario has no worker nodes");

  sim_import_report_unconsumed(imp, doc, root, eksctl_reasons, G_N_ELEMENTS(eksctl_reasons));
  return TRUE;
}
