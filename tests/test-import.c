/* Tests for sim/import: each source format read from a realistic example file (tests/data/import/)
 * and checked value by value; the scenario text (a comment above every value, the sweep with the
 * current mode first, byte-identical on re-import); and every error class on inline input, with
 * its exact message shape. Run from the project root (make check does). */
#include <glib.h>
#include <string.h>

#include "import/import.h"
#include "scenario/scenario.h"

#define DATA "tests/data/import/"

static SimImport *
load_ok(const char *path, const char *cluster)
{
  SimImportOptions opts = { .cluster = cluster };
  g_autoptr(GError) err = NULL;
  SimImport *imp = sim_import_load_file(path, &opts, &err);
  g_assert_no_error(err);
  g_assert_nonnull(imp);
  return imp;
}

static void
assert_value(const SimImport *imp, const char *group, const char *key, const char *expect)
{
  const char *v = sim_import_value(imp, group, key);
  if (!expect) {
    g_assert_null(v);
    return;
  }
  g_assert_nonnull(v);
  g_assert_cmpstr(v, ==, expect);
}

/* A warning of @kind whose path equals @path (or any path when NULL) and whose message contains
 * @needle. */
static gboolean
has_warning(const SimImport *imp, SimImportWarningKind kind, const char *path, const char *needle)
{
  const GPtrArray *ws = sim_import_warnings(imp);
  for (guint i = 0; i < ws->len; i++) {
    const SimImportWarning *w = ws->pdata[i];
    if (w->kind == kind && (!path || strcmp(w->path, path) == 0) && strstr(w->message, needle))
      return TRUE;
  }
  return FALSE;
}

/* ---- eksctl -------------------------------------------------------------------------------- */

static void
test_eksctl_prod(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "eksctl-prod.yaml", NULL);
  g_assert_cmpint(sim_import_format(imp), ==, SIM_IMPORT_FORMAT_EKSCTL);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public+private");
  assert_value(imp, "scenario", "name", "payments-prod");
  assert_value(imp, "cluster", "endpoint", "public+private");
  assert_value(imp, "cluster", "kubernetes_version", "1.31");
  assert_value(imp, "cluster", "public_access_cidrs", "203.0.113.0/24, 198.51.100.32/27");
  assert_value(imp, "cluster", "security_group_allow", "10.42.0.0/16");
  assert_value(imp, "vpc", "cidr", "10.42.0.0/16, 100.64.0.0/16");
  assert_value(imp, "vpc", "azs", "3");
  assert_value(imp, "vpc", "nat", "per-az");
  assert_value(imp, "vpc", "dns_support", "true");
  /* managed groups; the second inherits privateNetworking through the YAML merge key */
  assert_value(imp, "nodegroup.system", "type", "managed");
  assert_value(imp, "nodegroup.system", "nodes", "3");
  assert_value(imp, "nodegroup.system", "subnet", "private");
  assert_value(imp, "nodegroup.batch", "type", "managed");
  assert_value(imp, "nodegroup.batch", "nodes", "5");
  assert_value(imp, "nodegroup.batch", "subnet", "private");
  assert_value(imp, "nodegroup.ingress-edge", "type", "self-managed");
  assert_value(imp, "nodegroup.ingress-edge", "nodes", "2");
  assert_value(imp, "nodegroup.ingress-edge", "subnet", "public");
  assert_value(imp, "nodegroup.fp-jobs", "type", "fargate");
  assert_value(imp, "nodegroup.fp-jobs", "subnet", "private");
  assert_value(imp, "nodegroup.fp-jobs", "nodes", "2");
  /* clients and sweep */
  assert_value(imp, "client.laptop", "location", "internet");
  assert_value(imp, "client.laptop", "source_ip", "203.0.113.254");
  assert_value(imp, "client.bastion", "location", "vpc-public");
  assert_value(imp, "sweep", "cluster.endpoint", "public+private, public, private");
  /* nothing silently dropped */
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "fargateProfiles[0]", "nodes = 2 assumed"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "iam", "IAM"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "addons", "add-ons"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "managedNodeGroups[1].spot", "spot"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "metadata.tags", "tags"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "", "security_group_allow = 10.42.0.0/16"));
}

static void
test_eksctl_minimal_defaults(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "eksctl-minimal.yaml", NULL);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public");
  assert_value(imp, "cluster", "kubernetes_version", NULL);
  assert_value(imp, "cluster", "public_access_cidrs", NULL);
  assert_value(imp, "vpc", "cidr", "192.168.0.0/16");
  assert_value(imp, "vpc", "nat", "single");
  assert_value(imp, "vpc", "azs", "3");
  assert_value(imp, "nodegroup.ng-1", "type", "self-managed");
  assert_value(imp, "nodegroup.ng-1", "nodes", "2");
  assert_value(imp, "nodegroup.ng-1", "subnet", "public");
  assert_value(imp, "client.laptop", "source_ip", "198.51.100.10");
  assert_value(imp, "sweep", "cluster.endpoint", "public, public+private, private");
}

static void
test_eksctl_existing_vpc(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "eksctl-existing-vpc.yaml", NULL);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "private");
  assert_value(imp, "vpc", "cidr", "10.80.0.0/16");
  assert_value(imp, "vpc", "azs", "2");
  assert_value(imp, "vpc", "nat", NULL); /* an existing VPC: NAT unknown, default applies */
  assert_value(imp, "nodegroup.ng-1", "nodes", "3"); /* minSize, no desiredCapacity */
  assert_value(imp, "nodegroup.ng-1", "subnet", "private");
  assert_value(imp, "client.bastion", "location", "vpc-private"); /* no public subnets */
  assert_value(imp, "sweep", "cluster.endpoint", "private, public, public+private");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "vpc.id", "NAT gateways are not in the file"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "vpc.clusterEndpoints", "private-only"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "vpc.subnets.private.us-east-1a.cidr", "eksim lays out"));
}

static void
test_eksctl_fully_private(void)
{
  static const char yaml[] =
    "apiVersion: eksctl.io/v1alpha5\n"
    "kind: ClusterConfig\n"
    "metadata: {name: vault, region: eu-west-2, version: '1.30'}\n"
    "privateCluster:\n"
    "  enabled: true\n"
    "  additionalEndpointServices: [autoscaling]\n"
    "managedNodeGroups:\n"
    "  - name: ng\n"
    "    desiredCapacity: 4\n";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) imp = sim_import_load_data("vault.yaml", yaml, strlen(yaml), NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "private");
  assert_value(imp, "vpc", "nat", "none");
  assert_value(imp, "nodegroup.ng", "subnet", "private");
  assert_value(imp, "nodegroup.ng", "nodes", "4");
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "privateCluster.additionalEndpointServices", "VPC endpoint"));
}

/* eksctl reads YAML 1.1: yes/no/on/off are booleans; a JSON ClusterConfig works too. */
static void
test_eksctl_yaml11_and_json(void)
{
  static const char yaml[] =
    "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: y}\n"
    "vpc:\n  clusterEndpoints: {publicAccess: yes, privateAccess: on}\n";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) a = sim_import_load_data("y.yaml", yaml, strlen(yaml), NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sim_import_endpoint(a), ==, "public+private");

  static const char json[] =
    "{\"apiVersion\": \"eksctl.io/v1alpha5\", \"kind\": \"ClusterConfig\", \"metadata\": {\"name\": \"j\"},"
    " \"vpc\": {\"clusterEndpoints\": {\"publicAccess\": false, \"privateAccess\": true}},"
    " \"managedNodeGroups\": [{\"name\": \"m\", \"desiredCapacity\": 7, \"privateNetworking\": true}]}";
  g_autoptr(SimImport) b = sim_import_load_data("j.json", json, strlen(json), NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpint(sim_import_format(b), ==, SIM_IMPORT_FORMAT_EKSCTL);
  g_assert_cmpstr(sim_import_endpoint(b), ==, "private");
  assert_value(b, "nodegroup.m", "nodes", "7");
}

/* Unknown fields are warnings naming the path, not silently dropped. */
static void
test_eksctl_unknown_field_warned(void)
{
  static const char yaml[] =
    "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: u}\n"
    "vpc:\n  cidr: 10.0.0.0/16\n  clusterEndpoint: {privateAccess: true}\n"
    "karpenter: {version: '1.0.0'}\n";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) imp = sim_import_load_data("u.yaml", yaml, strlen(yaml), NULL, &err);
  g_assert_no_error(err);
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "vpc.clusterEndpoint", "not recognised"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "karpenter", "Karpenter"));
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public"); /* the misspelt key changed nothing */
}

/* ---- describe-cluster ---------------------------------------------------------------------- */

static void
test_describe(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "describe-cluster.json", NULL);
  g_assert_cmpint(sim_import_format(imp), ==, SIM_IMPORT_FORMAT_DESCRIBE_CLUSTER);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public");
  assert_value(imp, "scenario", "name", "analytics-stg");
  assert_value(imp, "cluster", "kubernetes_version", "1.30");
  assert_value(imp, "cluster", "public_access_cidrs", "192.0.2.0/24");
  assert_value(imp, "vpc", "cidr", NULL);
  assert_value(imp, "client.laptop", "source_ip", "192.0.2.254");
  assert_value(imp, "sweep", "cluster.endpoint", "public, public+private, private");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "cluster", "no node groups"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "cluster.resourcesVpcConfig.subnetIds", "neither AZ"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "cluster.certificateAuthority", "CA certificate"));
  const char *desc = sim_import_value(imp, "scenario", "description");
  g_assert_nonnull(strstr(desc, "us-east-2"));
  g_assert_nonnull(strstr(desc, "current endpoint mode public"));
}

/* ---- Terraform ----------------------------------------------------------------------------- */

static void
test_terraform_plan(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "terraform-plan.json", NULL);
  g_assert_cmpint(sim_import_format(imp), ==, SIM_IMPORT_FORMAT_TERRAFORM_PLAN);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "private");
  assert_value(imp, "scenario", "name", "platform");
  assert_value(imp, "cluster", "kubernetes_version", "1.32");
  assert_value(imp, "cluster", "security_group_allow", "10.100.0.0/16");
  assert_value(imp, "vpc", "cidr", "10.60.0.0/16");
  assert_value(imp, "vpc", "azs", "3");
  assert_value(imp, "vpc", "nat", "single");
  assert_value(imp, "vpc", "dns_hostnames", "true");
  /* node group named from its name prefix; subnets judged through module references */
  assert_value(imp, "nodegroup.general-", "type", NULL);
  assert_value(imp, "nodegroup.general", "type", "managed");
  assert_value(imp, "nodegroup.general", "nodes", "4");
  assert_value(imp, "nodegroup.general", "subnet", "private");
  assert_value(imp, "nodegroup.kube-system", "type", "fargate");
  assert_value(imp, "client.bastion", "location", "vpc-public");
  assert_value(imp, "sweep", "cluster.endpoint", "private, public, public+private");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, NULL, "module.vpc.private_subnets"));
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "module.eks.aws_iam_role.this[0]", "IAM"));
  g_assert_true(strstr(sim_import_value(imp, "scenario", "description"), "eu-central-1") != NULL);
  /* the "not mapped" summary groups fields of one kind, and fields of one object */
  g_autoptr(GPtrArray) sum = sim_import_ignored_summary(imp);
  gboolean kind_line = FALSE, object_line = FALSE, resource_line = FALSE;
  for (guint i = 0; i < sum->len; i++) {
    const char *l = sum->pdata[i];
    kind_line |= g_str_has_prefix(l, "aws_subnet.tags: tags do not change network paths (6 fields: "
                                     "module.vpc.aws_subnet.private[0].tags, ");
    object_line |= strcmp(l, "module.eks.module.eks_managed_node_group[\"general\"].aws_eks_node_group.this[0]: "
                             "ami_type, capacity_type, instance_types, update_config: node details other than count "
                             "and subnet kind do not change the paths eksim models") == 0;
    resource_line |= strcmp(l, "module.eks.aws_iam_role.this[0]: IAM does not change network paths") == 0;
  }
  g_assert_true(kind_line);
  g_assert_true(object_line);
  g_assert_true(resource_line);
}

static void
test_terraform_state(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "terraform-state.json", NULL);
  g_assert_cmpint(sim_import_format(imp), ==, SIM_IMPORT_FORMAT_TERRAFORM_STATE);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public+private");
  assert_value(imp, "cluster", "public_access_cidrs", "203.0.113.64/26, 192.0.2.10/32, 192.0.2.11/32");
  /* inline ingress of the extra SG + an ingress rule on the cluster SG */
  assert_value(imp, "cluster", "security_group_allow", "172.31.0.0/24, 172.31.1.0/24, 10.200.0.0/16");
  assert_value(imp, "vpc", "nat", "per-az");
  assert_value(imp, "vpc", "azs", "2");
  assert_value(imp, "vpc", "resolver_inbound_endpoint", "true");
  assert_value(imp, "vpc", "cidr", "172.31.0.0/16, 100.64.0.0/16");
  assert_value(imp, "vpc", "amazon_provided_dns", "false"); /* custom DHCP DNS servers */
  /* subnets judged by their route tables */
  assert_value(imp, "nodegroup.apps", "subnet", "private");
  assert_value(imp, "nodegroup.apps", "nodes", "6");
  assert_value(imp, "nodegroup.edge-ingress", "subnet", "public");
  assert_value(imp, "nodegroup.shop-gpu", "type", "self-managed");
  assert_value(imp, "nodegroup.shop-gpu", "nodes", "1");
  assert_value(imp, "client.laptop", "source_ip", "203.0.113.74");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "aws_vpc_peering_connection.corp", "peered-vpc"));
  g_assert_false(has_warning(imp, SIM_IMPORT_WARN, "", "is assumed so the bastion"));
}

static void
test_terraform_tfstate(void)
{
  g_autoptr(SimImport) imp = load_ok(DATA "terraform.tfstate", NULL);
  g_assert_cmpint(sim_import_format(imp), ==, SIM_IMPORT_FORMAT_TERRAFORM_TFSTATE);
  g_assert_cmpstr(sim_import_endpoint(imp), ==, "public");
  assert_value(imp, "cluster", "public_access_cidrs", "0.0.0.0/0");
  assert_value(imp, "vpc", "cidr", "10.10.0.0/16");
  assert_value(imp, "vpc", "dns_hostnames", "false");
  assert_value(imp, "vpc", "nat", "single");
  assert_value(imp, "nodegroup.default", "subnet", "private"); /* map_public_ip_on_launch false */
  g_assert_true(has_warning(imp, SIM_IMPORT_IGNORED, "module.network.aws_subnet.public[0].cidr_block", "subnet"));
}

static const char two_clusters[] =
  "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": ["
  "{\"address\": \"aws_eks_cluster.a\", \"mode\": \"managed\", \"type\": \"aws_eks_cluster\", \"name\": \"a\","
  " \"values\": {\"name\": \"alpha\", \"vpc_config\": [{\"endpoint_public_access\": true}]}},"
  "{\"address\": \"aws_eks_cluster.b\", \"mode\": \"managed\", \"type\": \"aws_eks_cluster\", \"name\": \"b\","
  " \"values\": {\"name\": \"beta\", \"vpc_config\": [{\"endpoint_public_access\": false,"
  " \"endpoint_private_access\": true}]}}]}}}";

static void
test_terraform_choose_cluster(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) none = sim_import_load_data("two.json", two_clusters, strlen(two_clusters), NULL, &err);
  g_assert_null(none);
  g_assert_error(err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_AMBIGUOUS);
  g_assert_cmpstr(err->message, ==, "two.json: 2 EKS clusters; choose one with --cluster NAME; allowed: "
                                    "aws_eks_cluster.a (alpha), aws_eks_cluster.b (beta)");
  g_clear_error(&err);
  SimImportOptions opts = { .cluster = "beta" };
  g_autoptr(SimImport) b = sim_import_load_data("two.json", two_clusters, strlen(two_clusters), &opts, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sim_import_endpoint(b), ==, "private");
  g_assert_true(has_warning(b, SIM_IMPORT_WARN, "aws_eks_cluster.a", "another EKS cluster"));
  opts.cluster = "gamma";
  g_autoptr(SimImport) c = sim_import_load_data("two.json", two_clusters, strlen(two_clusters), &opts, &err);
  g_assert_null(c);
  g_assert_error(err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_BAD_VALUE);
}

/* ---- the scenario text --------------------------------------------------------------------- */

static void
check_scenario_text(const char *path)
{
  g_autoptr(SimImport) imp = load_ok(path, NULL);
  g_autofree char *text = sim_import_to_scenario(imp);
  /* parses as a key file */
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autoptr(GError) err = NULL;
  g_assert_true(g_key_file_load_from_data(kf, text, strlen(text), G_KEY_FILE_NONE, &err));
  g_assert_no_error(err);
  g_assert_true(g_key_file_has_group(kf, "scenario"));
  g_assert_true(g_key_file_has_group(kf, "cluster"));
  g_assert_true(g_key_file_has_group(kf, "client.laptop"));
  g_assert_true(g_key_file_has_group(kf, "client.bastion"));
  g_autofree char *sweep = g_key_file_get_string(kf, "sweep", "cluster.endpoint", &err);
  g_assert_no_error(err);
  g_autofree char *endpoint = g_key_file_get_string(kf, "cluster", "endpoint", &err);
  g_assert_no_error(err);
  g_assert_true(g_str_has_prefix(sweep, endpoint)); /* current mode first */
  g_assert_cmpstr(endpoint, ==, sim_import_endpoint(imp));
  g_autofree char *desc = g_key_file_get_string(kf, "scenario", "description", &err);
  g_assert_no_error(err);
  g_autofree char *mode = g_strdup_printf("current endpoint mode %s;", endpoint);
  g_assert_nonnull(strstr(desc, mode));
  /* every value line has a comment line right above it */
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  guint values = 0;
  for (guint i = 0; lines[i]; i++) {
    if (!lines[i][0] || lines[i][0] == '#' || lines[i][0] == '[')
      continue;
    g_assert_nonnull(strstr(lines[i], " = "));
    g_assert_cmpuint(i, >, 0);
    g_assert_true(lines[i - 1][0] == '#');
    values++;
  }
  g_assert_cmpuint(values, >=, 7);
  /* the same input gives the same bytes */
  g_autoptr(SimImport) again = load_ok(path, NULL);
  g_autofree char *text2 = sim_import_to_scenario(again);
  g_assert_cmpstr(text, ==, text2);
  /* no absolute path of this machine: the project folder the test runs in never appears */
  g_autofree char *cwd = g_get_current_dir();
  g_assert_null(strstr(text, cwd));
}

static void
test_scenario_text(void)
{
  static const char *const files[] = { "eksctl-prod.yaml", "eksctl-minimal.yaml", "eksctl-existing-vpc.yaml",
                                       "describe-cluster.json", "terraform-plan.json", "terraform-state.json",
                                       "terraform.tfstate" };
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *p = g_strconcat(DATA, files[i], NULL);
    check_scenario_text(p);
  }
}

/* Names from the source become safe, unique instance names. */
static void
test_instance_names(void)
{
  static const char yaml[] =
    "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: '../../etc'}\n"
    "nodeGroups:\n  - {name: 'ng 1'}\n  - {name: 'ng/1'}\n";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) imp = sim_import_load_data("n.yaml", yaml, strlen(yaml), NULL, &err);
  g_assert_no_error(err);
  assert_value(imp, "scenario", "name", "etc");
  assert_value(imp, "nodegroup.ng-1", "type", "self-managed");
  assert_value(imp, "nodegroup.ng-1-2", "type", "self-managed");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, "nodeGroups[1].name", "[nodegroup.ng-1-2]"));
}

/* Values outside what the model covers are fitted to the schema, with a warning each. */
static void
test_fit_to_schema(void)
{
  static const char yaml[] =
    "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: old, version: '1.26'}\n"
    "availabilityZones: [us-east-1a]\nnodeGroups: [{name: big, desiredCapacity: 200000}]\n";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) imp = sim_import_load_data("old.yaml", yaml, strlen(yaml), NULL, &err);
  g_assert_no_error(err);
  assert_value(imp, "cluster", "kubernetes_version", "1.28");
  assert_value(imp, "vpc", "azs", "2");
  assert_value(imp, "nodegroup.big", "nodes", "100000");
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, NULL, "kubernetes_version = 1.26 is outside what eksim models"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, NULL, "azs = 1 is outside what eksim models (2..6): 2 used"));
  g_assert_true(has_warning(imp, SIM_IMPORT_WARN, NULL, "nodes = 200000 is outside"));
}

/* ---- errors: one test per class, exact message shape --------------------------------------- */

typedef struct {
  const char *name;  /* file name used in messages */
  const char *text;
  int code;
  const char *message; /* exact, or a prefix when it ends in '*' */
} ErrCase;

static void
check_error(const ErrCase *c)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) imp = sim_import_load_data(c->name, c->text, strlen(c->text), NULL, &err);
  g_assert_null(imp);
  g_assert_nonnull(err);
  if (err->domain != SIM_IMPORT_ERROR || err->code != c->code)
    g_error("%s: expected code %d, got %d: %s", c->name, c->code, err->code, err->message);
  gsize n = strlen(c->message);
  if (n && c->message[n - 1] == '*') {
    if (strncmp(err->message, c->message, n - 1) != 0)
      g_error("%s: message\n  %s\ndoes not start with\n  %.*s", c->name, err->message, (int)(n - 1), c->message);
  } else {
    g_assert_cmpstr(err->message, ==, c->message);
  }
  g_assert_null(strchr(err->message, '\n')); /* one line */
}

#define EKSCTL_HEAD "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n"

static const ErrCase err_cases[] = {
  /* syntax */
  { "bad.yaml", EKSCTL_HEAD "vpc:\n  cidr: [10.0.0.0/16\n", SIM_IMPORT_ERROR_SYNTAX, "bad.yaml:7:1: YAML syntax error: *" },
  { "tab.yaml", EKSCTL_HEAD "vpc:\n\tcidr: x\n", SIM_IMPORT_ERROR_SYNTAX, "tab.yaml:6:1: YAML syntax error: *" },
  { "dup.yaml", EKSCTL_HEAD "vpc: {}\nvpc: {}\n", SIM_IMPORT_ERROR_SYNTAX,
    "dup.yaml:6:1: duplicate key 'vpc' in one mapping (the second would silently replace the first)" },
  { "alias.yaml", EKSCTL_HEAD "vpc: *nothing\n", SIM_IMPORT_ERROR_SYNTAX,
    "alias.yaml:5:6: alias '*nothing' names no anchor" },
  { "bad.json", "{\n  \"cluster\": {\n    \"name\": tru\n  }\n}\n", SIM_IMPORT_ERROR_SYNTAX, "bad.json:3:*" },
  { "empty.yaml", "# nothing here\n", SIM_IMPORT_ERROR_UNRECOGNISED, "empty.yaml: the file is empty" },
  /* unrecognised */
  { "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", SIM_IMPORT_ERROR_UNRECOGNISED,
    "deploy.yaml: kind 'Deployment' (apiVersion 'apps/v1') is not a cluster definition eksim can import; expected*" },
  { "other.json", "{\"foo\": 1}", SIM_IMPORT_ERROR_UNRECOGNISED, "other.json: not a recognised cluster definition; "
    "expected an eksctl ClusterConfig (apiVersion: eksctl.io/v1alpha5, kind: ClusterConfig), the JSON output of "
    "'aws eks describe-cluster' (an object with \"cluster\") or 'terraform show -json' output (an object with "
    "\"format_version\")" },
  { "list.yaml", "- a\n- b\n", SIM_IMPORT_ERROR_UNRECOGNISED, "list.yaml: not a cluster definition: found a list; *" },
  /* wrong types */
  { "t1.yaml", EKSCTL_HEAD "vpc:\n  clusterEndpoints:\n    publicAccess: \"yes\"\n", SIM_IMPORT_ERROR_TYPE,
    "t1.yaml:7: vpc.clusterEndpoints.publicAccess: expected true or false, found a string \"yes\"" },
  { "t2.yaml", EKSCTL_HEAD "managedNodeGroups:\n  - name: m\n    desiredCapacity: three\n", SIM_IMPORT_ERROR_TYPE,
    "t2.yaml:7: managedNodeGroups[0].desiredCapacity: expected a whole number, found 'three'" },
  { "t3.yaml", EKSCTL_HEAD "nodeGroups:\n  name: ng\n", SIM_IMPORT_ERROR_TYPE,
    "t3.yaml:6: nodeGroups: expected a list, found a mapping" },
  { "t4.json", "{\"cluster\": {\"name\": \"c\", \"resourcesVpcConfig\": {\"endpointPublicAccess\": \"true\","
    " \"endpointPrivateAccess\": false}}}", SIM_IMPORT_ERROR_TYPE,
    "t4.json: cluster.resourcesVpcConfig.endpointPublicAccess: expected true or false, found a string \"true\"" },
  { "t5.json", "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": {}}}}",
    SIM_IMPORT_ERROR_TYPE, "t5.json: values.root_module.resources: expected a list, found an object" },
  /* missing fields */
  { "m1.yaml", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  region: eu-west-1\n",
    SIM_IMPORT_ERROR_MISSING, "m1.yaml:4: metadata: name: required, but missing" },
  { "m2.yaml", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n", SIM_IMPORT_ERROR_MISSING,
    "m2.yaml:1: metadata: required, but missing" },
  { "m3.json", "{\"cluster\": {\"name\": \"c\"}}", SIM_IMPORT_ERROR_MISSING,
    "m3.json: cluster.resourcesVpcConfig: required, but missing" },
  { "m4.json", "{\"cluster\": {\"name\": \"c\", \"resourcesVpcConfig\": {\"endpointPublicAccess\": true}}}",
    SIM_IMPORT_ERROR_MISSING, "m4.json: cluster.resourcesVpcConfig: endpointPrivateAccess: required, but missing "
    "(describe-cluster always returns endpointPublicAccess and endpointPrivateAccess; is the file complete?)" },
  { "m5.json", "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": [{\"address\": "
    "\"aws_vpc.v\", \"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": \"v\", \"values\": {}}]}}}",
    SIM_IMPORT_ERROR_MISSING, "m5.json: no aws_eks_cluster resource in this state (1 resources read); allowed: a "
    "plan or state that creates or reads an EKS cluster" },
  { "m6.yaml", EKSCTL_HEAD "nodeGroups:\n  - desiredCapacity: 2\n", SIM_IMPORT_ERROR_MISSING,
    "m6.yaml:6: nodeGroups[0]: name: required, but missing (eksctl needs a name for every node group and Fargate "
    "profile)" },
  /* both accesses off: EKS does not allow it */
  { "off.yaml", EKSCTL_HEAD "vpc:\n  clusterEndpoints:\n    publicAccess: false\n    privateAccess: false\n",
    SIM_IMPORT_ERROR_NOT_ALLOWED, "off.yaml:7: vpc.clusterEndpoints: public and private endpoint access are both "
    "false; EKS does not allow a cluster without either (facts §1.2); allowed: at least one of them true" },
  { "off.json", "{\"cluster\": {\"name\": \"c\", \"resourcesVpcConfig\": {\"endpointPublicAccess\": false,"
    " \"endpointPrivateAccess\": false}}}", SIM_IMPORT_ERROR_NOT_ALLOWED,
    "off.json: cluster.resourcesVpcConfig: public and private endpoint access are both false; EKS does not allow "
    "a cluster without either (facts §1.2); allowed: at least one of them true" },
  { "off-tf.json", "{\"format_version\": \"1.1\", \"planned_values\": {\"root_module\": {\"resources\": [{"
    "\"address\": \"aws_eks_cluster.x\", \"mode\": \"managed\", \"type\": \"aws_eks_cluster\", \"name\": \"x\","
    " \"values\": {\"name\": \"x\", \"vpc_config\": [{\"endpoint_public_access\": false,"
    " \"endpoint_private_access\": false}]}}]}}}", SIM_IMPORT_ERROR_NOT_ALLOWED,
    "off-tf.json: aws_eks_cluster.x.vpc_config[0]: public and private endpoint access are both false; *" },
  /* bad values */
  { "nat.yaml", EKSCTL_HEAD "vpc:\n  nat: {gateway: PerAZ}\n", SIM_IMPORT_ERROR_BAD_VALUE,
    "nat.yaml:6: vpc.nat.gateway: 'PerAZ' is not an eksctl NAT mode; allowed: HighlyAvailable, Single, Disable" },
  { "cidr.yaml", EKSCTL_HEAD "vpc:\n  publicAccessCIDRs: [203.0.113.7/24]\n", SIM_IMPORT_ERROR_BAD_VALUE,
    "cidr.yaml:6: vpc.publicAccessCIDRs[0]: '203.0.113.7/24' is host bits are set; *" },
  { "v6.yaml", EKSCTL_HEAD "vpc:\n  publicAccessCIDRs: ['2001:db8::/32']\n", SIM_IMPORT_ERROR_BAD_VALUE,
    "v6.yaml:6: vpc.publicAccessCIDRs[0]: '2001:db8::/32' is an IPv6 block; *" },
  { "ver.yaml", EKSCTL_HEAD "  version: latest\n", SIM_IMPORT_ERROR_BAD_VALUE,
    "ver.yaml:5: metadata.version: 'latest' is not a Kubernetes minor version; allowed: MAJOR.MINOR such as 1.31" },
  { "neg.yaml", EKSCTL_HEAD "nodeGroups:\n  - {name: n, desiredCapacity: -1}\n", SIM_IMPORT_ERROR_BAD_VALUE,
    "neg.yaml:6: nodeGroups[0].desiredCapacity: -1 nodes; allowed: 0 or more" },
  { "fv.json", "{\"format_version\": \"2.0\", \"values\": {}}", SIM_IMPORT_ERROR_UNSUPPORTED,
    "fv.json: format_version: '2.0' is not supported; allowed: 1.x (Terraform 0.12 and later)" },
  { "v3.tfstate", "{\"version\": 3, \"terraform_version\": \"0.11.14\", \"resources\": []}",
    SIM_IMPORT_ERROR_UNSUPPORTED, "v3.tfstate: version: state file format version 3 is not supported; *" },
};

/* Binary and non-UTF-8 input: the length is given, so the NUL byte is seen. */
static void
test_error_binary(void)
{
  static const char bin[] = "apiVersion: eksctl.io/v1alpha5\0\x01\x02";
  g_autoptr(GError) err = NULL;
  g_autoptr(SimImport) a = sim_import_load_data("bin.yaml", bin, sizeof bin - 1, NULL, &err);
  g_assert_null(a);
  g_assert_error(err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED);
  g_assert_cmpstr(err->message, ==, "bin.yaml: binary data (a NUL byte); expected a YAML or JSON text file");
  g_clear_error(&err);
  static const char latin1[] = "metadata: {name: caf\xe9}\n";
  g_autoptr(SimImport) b = sim_import_load_data("l1.yaml", latin1, sizeof latin1 - 1, NULL, &err);
  g_assert_null(b);
  g_assert_error(err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX);
  g_assert_cmpstr(err->message, ==, "l1.yaml: not valid UTF-8 text");
  g_clear_error(&err);
  g_autoptr(SimImport) c = sim_import_load_file("tests/data/import/no-such-file.yaml", NULL, &err);
  g_assert_null(c);
  g_assert_error(err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_IO);
  g_assert_true(g_str_has_prefix(err->message, "tests/data/import/no-such-file.yaml: cannot read: "));
}

static void
test_errors(gconstpointer data)
{
  check_error(data);
}

/* Mutated inputs (truncations, flipped bytes, with a fixed seed): every one either imports into a
 * scenario the real validator accepts, or fails with one SIM_IMPORT_ERROR line. Runs under the
 * sanitizers in make check SANITIZE=1, so a crash or leak on odd input fails the suite. */
static void
test_mutations(void)
{
  static const char *const files[] = { "eksctl-prod.yaml", "eksctl-existing-vpc.yaml", "describe-cluster.json",
                                       "terraform-plan.json", "terraform-state.json", "terraform.tfstate" };
  static const char pool[] = "{}[]:,\"'-&*<>!|#\n 0123456789truefalsnul.";
  /* EKSIM_IMPORT_MUTATION_SEED / _ROUNDS allow longer local hunts; the suite uses fixed values. */
  const char *seed_env = g_getenv("EKSIM_IMPORT_MUTATION_SEED");
  const char *rounds_env = g_getenv("EKSIM_IMPORT_MUTATION_ROUNDS");
  guint32 seed = seed_env ? (guint32)g_ascii_strtoull(seed_env, NULL, 10) : 20260127u;
  guint rounds = rounds_env ? (guint)g_ascii_strtoull(rounds_env, NULL, 10) : 300u;
  g_autoptr(GRand) rnd = g_rand_new_with_seed(seed);
  guint ok = 0, failed = 0;
  for (gsize f = 0; f < G_N_ELEMENTS(files); f++) {
    g_autofree char *path = g_strconcat(DATA, files[f], NULL);
    g_autofree char *orig = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &orig, &len, NULL));
    for (guint round = 0; round < rounds; round++) {
      g_autofree char *buf = g_memdup2(orig, len + 1);
      gsize n = len;
      if (round % 3 == 0) {
        n = (gsize)g_rand_int_range(rnd, 0, (gint32)len); /* truncate */
      } else {
        guint flips = 1 + round % 4;
        for (guint k = 0; k < flips; k++)
          buf[g_rand_int_range(rnd, 0, (gint32)len)] = pool[g_rand_int_range(rnd, 0, (gint32)sizeof pool - 1)];
      }
      buf[n] = '\0';
      g_autoptr(GError) err = NULL;
      g_autoptr(SimImport) imp = sim_import_load_data(files[f], buf, n, NULL, &err);
      if (!imp) {
        g_assert_nonnull(err);
        g_assert_true(err->domain == SIM_IMPORT_ERROR);
        if (strchr(err->message, '\n'))
          g_error("%s, round %u: a multi-line error:\n%s", files[f], round, err->message);
        failed++;
        continue;
      }
      g_assert_no_error(err);
      g_autofree char *text = sim_import_to_scenario(imp);
      g_autoptr(SimScenario) scn = sim_scenario_load_data(text, -1, "mutated.ini", &err);
      if (!scn)
        g_error("%s, round %u: imported, but the scenario fails validation:\n%s\n--- scenario:\n%s", files[f], round,
                err->message, text);
      ok++;
    }
  }
  g_test_message("mutated inputs: %u imported and valid, %u refused with one error line", ok, failed);
  g_assert_cmpuint(ok, >, 0);
  g_assert_cmpuint(failed, >, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/import/eksctl/prod", test_eksctl_prod);
  g_test_add_func("/import/eksctl/minimal-defaults", test_eksctl_minimal_defaults);
  g_test_add_func("/import/eksctl/existing-vpc", test_eksctl_existing_vpc);
  g_test_add_func("/import/eksctl/fully-private", test_eksctl_fully_private);
  g_test_add_func("/import/eksctl/yaml11-and-json", test_eksctl_yaml11_and_json);
  g_test_add_func("/import/eksctl/unknown-field-warned", test_eksctl_unknown_field_warned);
  g_test_add_func("/import/describe/cluster", test_describe);
  g_test_add_func("/import/terraform/plan", test_terraform_plan);
  g_test_add_func("/import/terraform/state", test_terraform_state);
  g_test_add_func("/import/terraform/tfstate", test_terraform_tfstate);
  g_test_add_func("/import/terraform/choose-cluster", test_terraform_choose_cluster);
  g_test_add_func("/import/scenario/comments-sweep-deterministic", test_scenario_text);
  g_test_add_func("/import/scenario/instance-names", test_instance_names);
  g_test_add_func("/import/scenario/fit-to-schema", test_fit_to_schema);
  g_test_add_func("/import/robust/mutated-inputs", test_mutations);
  g_test_add_func("/import/error/binary-utf8-io", test_error_binary);
  for (gsize i = 0; i < G_N_ELEMENTS(err_cases); i++) {
    g_autofree char *path = g_strdup_printf("/import/error/%s", err_cases[i].name);
    g_test_add_data_func(path, &err_cases[i], test_errors);
  }
  return g_test_run();
}
