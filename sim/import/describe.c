/* Reader for the JSON output of `aws eks describe-cluster` ({"cluster": {...}}, the EKS
 * DescribeCluster API response).
 *
 * Mapped: cluster.name, cluster.version, cluster.resourcesVpcConfig.endpointPublicAccess /
 * endpointPrivateAccess (both required: the API always returns them) and publicAccessCidrs.
 * describe-cluster says nothing about the VPC's CIDR, NAT gateways, DNS attributes, the subnets'
 * AZs or kinds, or the node groups (those come from `aws ec2 describe-vpcs/-subnets` and
 * `aws eks describe-nodegroup`): each gap is a warning and eksim's defaults apply. Fields that
 * do not change what eksim models (ARNs, certificate, logging, tags...) are listed as ignored.
 */
#include <string.h>

#include "import/doc.h"
#include "import/model.h"

static const SimImportReason describe_reasons[] = {
  { "cluster.arn", TRUE, "the cluster's ARN does not change network paths" },
  { "cluster.id", TRUE, "identifiers do not change network paths" },
  { "cluster.createdAt", TRUE, "creation time does not change network paths" },
  { "cluster.endpoint", TRUE, "the endpoint's DNS name: eksim models the name's resolution per mode (facts §1.7)" },
  { "cluster.roleArn", TRUE, "IAM does not change network paths" },
  { "cluster.identity*", TRUE, "the OIDC issuer (IAM) does not change network paths" },
  { "cluster.certificateAuthority*", TRUE, "the CA certificate does not change network paths" },
  { "cluster.platformVersion", TRUE, "the EKS platform version does not change network paths" },
  { "cluster.tags*", TRUE, "tags do not change network paths" },
  { "cluster.logging*", TRUE, "control-plane logging is not modelled" },
  { "cluster.health*", TRUE, "health issues are reported, not modelled" },
  { "cluster.accessConfig*", TRUE, "cluster access entries (IAM) do not change network paths" },
  { "cluster.upgradePolicy*", TRUE, "support policy does not change network paths" },
  { "cluster.encryptionConfig*", TRUE, "encryption does not change network paths" },
  { "cluster.clientRequestToken", TRUE, "does not change network paths" },
  { "cluster.deletionProtection", TRUE, "does not change network paths" },
  { "cluster.zonalShiftConfig*", TRUE, "zonal shift is not modelled" },
  { "cluster.connectorConfig*", FALSE, "a connected (non-EKS) cluster cannot be simulated" },
  { "cluster.resourcesVpcConfig.vpcId", TRUE, "the VPC's ID does not matter to the model" },
  { "cluster.resourcesVpcConfig.subnetIds*", FALSE, "subnet IDs carry neither AZ nor public/private kind; "
                                                     "[vpc] azs keeps eksim's default" },
  { "cluster.resourcesVpcConfig.clusterSecurityGroupId", TRUE, "its rules are not in describe-cluster output" },
  { "cluster.resourcesVpcConfig.securityGroupIds*", TRUE, "their rules are not in describe-cluster output" },
  { "cluster.resourcesVpcConfig.controlPlaneEgressMode", FALSE, "control-plane egress routing is not modelled "
                                                                "(AWS_MANAGED assumed)" },
  { "cluster.kubernetesNetworkConfig.serviceIpv4Cidr", TRUE, "the service CIDR does not change the endpoint paths" },
  { "cluster.kubernetesNetworkConfig.serviceIpv6Cidr", TRUE, "the service CIDR does not change the endpoint paths" },
  { "cluster.kubernetesNetworkConfig.elasticLoadBalancing*", FALSE, "EKS Auto Mode load balancing is not modelled" },
  { "cluster.kubernetesNetworkConfig*", FALSE, "not modelled" },
  { "cluster.computeConfig*", FALSE, "EKS Auto Mode nodes are not modelled; add [nodegroup.NAME] groups for them" },
  { "cluster.storageConfig*", TRUE, "storage does not change network paths" },
  { "cluster.remoteNetworkConfig*", FALSE, "hybrid nodes are not modelled yet; the on-prem network can be added as "
                                           "[network.NAME] kind = onprem-vpn / onprem-dx" },
  { "cluster.outpostConfig*", FALSE, "EKS local clusters on Outposts are not modelled" },
  { "cluster.controlPlaneScalingConfig*", FALSE, "the control-plane tier is not modelled; api_servers keeps its "
                                                 "default" },
};

gboolean
sim_import_read_describe(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error)
{
  (void)opts;
  JsonNode *root = sim_import_doc_root(doc);
  JsonNode *cluster = sim_import_doc_require_object(doc, root, "cluster", error);
  if (!cluster)
    return FALSE;
  gboolean found;
  const char *s;

  if (!sim_import_doc_get_string(doc, cluster, "name", &found, &s, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, cluster, error, SIM_IMPORT_ERROR_MISSING, "name: required, but missing");
    return FALSE;
  }
  imp->cluster_name = g_strdup(s);

  if (!sim_import_doc_get_string(doc, cluster, "arn", &found, &s, error))
    return FALSE;
  if (found) {
    /* arn:aws:eks:REGION:ACCOUNT:cluster/NAME */
    g_auto(GStrv) parts = g_strsplit(s, ":", 6);
    if (g_strv_length(parts) == 6 && *parts[3])
      imp->region = g_strdup(parts[3]);
  }

  if (!sim_import_doc_get_string(doc, cluster, "version", &found, &s, error))
    return FALSE;
  if (found) {
    JsonNode *vn = sim_import_doc_member(doc, cluster, "version");
    if (!g_regex_match_simple("^[0-9]+\\.[0-9]+$", s, 0, 0)) {
      sim_import_doc_error(doc, vn, error, SIM_IMPORT_ERROR_BAD_VALUE,
                           "'%s' is not a Kubernetes minor version; allowed: MAJOR.MINOR such as 1.31", s);
      return FALSE;
    }
    g_autofree char *cite = sim_import_doc_cite(doc, vn);
    sim_import_set(imp, "cluster", "kubernetes_version", s, "%s", cite);
  }

  if (!sim_import_doc_get_string(doc, cluster, "status", &found, &s, error))
    return FALSE;
  if (found && strcmp(s, "ACTIVE") != 0)
    sim_import_warn(imp, doc, sim_import_doc_member(doc, cluster, "status"), SIM_IMPORT_WARN,
                    "the cluster is %s, not ACTIVE: its configuration may still change", s);

  JsonNode *vpc = sim_import_doc_require_object(doc, cluster, "resourcesVpcConfig", error);
  if (!vpc)
    return FALSE;
  gboolean pub, priv, has_pub, has_priv;
  if (!sim_import_doc_get_bool(doc, vpc, "endpointPublicAccess", &has_pub, &pub, error) ||
      !sim_import_doc_get_bool(doc, vpc, "endpointPrivateAccess", &has_priv, &priv, error))
    return FALSE;
  if (!has_pub || !has_priv) {
    sim_import_doc_error(doc, vpc, error, SIM_IMPORT_ERROR_MISSING,
                         "%s: required, but missing (describe-cluster always returns endpointPublicAccess and "
                         "endpointPrivateAccess; is the file complete?)",
                         has_pub ? "endpointPrivateAccess" : "endpointPublicAccess");
    return FALSE;
  }
  g_autofree char *pub_cite = sim_import_doc_cite(doc, sim_import_doc_member(doc, vpc, "endpointPublicAccess"));
  g_autofree char *priv_cite = sim_import_doc_cite(doc, sim_import_doc_member(doc, vpc, "endpointPrivateAccess"));
  g_autofree char *source = g_strdup_printf("%s = %s, %s = %s", pub_cite, pub ? "true" : "false", priv_cite,
                                            priv ? "true" : "false");
  if (!sim_import_set_endpoint(imp, doc, vpc, pub, priv, source, error))
    return FALSE;

  if (!sim_import_set_public_access_cidrs(imp, doc, vpc, "publicAccessCidrs", NULL, error))
    return FALSE;

  JsonNode *net = sim_import_doc_get_object(doc, cluster, "kubernetesNetworkConfig", error);
  if (!net && *error)
    return FALSE;
  if (net) {
    if (!sim_import_doc_get_string(doc, net, "ipFamily", &found, &s, error))
      return FALSE;
    if (found && g_ascii_strcasecmp(s, "ipv4") != 0)
      sim_import_warn(imp, doc, sim_import_doc_member(doc, net, "ipFamily"), SIM_IMPORT_WARN,
                      "an %s cluster: eksim models IPv4 clusters; the scenario simulates the IPv4 paths", s);
  }

  /* What describe-cluster does not say: tell the user where it comes from instead. */
  const char *name = sim_import_doc_name(doc);
  sim_import_warn_path(imp, name, "cluster.resourcesVpcConfig.vpcId", SIM_IMPORT_WARN,
                       "describe-cluster gives no VPC CIDR, NAT gateways or DNS attributes: eksim's [vpc] defaults "
                       "apply ('aws ec2 describe-vpcs' / 'describe-nat-gateways' have them)");
  sim_import_warn_path(imp, name, "cluster", SIM_IMPORT_WARN,
                       "describe-cluster lists no node groups: the scenario has no worker nodes; add "
                       "[nodegroup.NAME] groups ('aws eks list-nodegroups' / 'describe-nodegroup')");

  sim_import_report_unconsumed(imp, doc, root, describe_reasons, G_N_ELEMENTS(describe_reasons));
  return TRUE;
}
