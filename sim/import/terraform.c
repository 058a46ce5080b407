/* Reader for Terraform's JSON: `terraform show -json` of a plan (planned_values) or of a state
 * (values), format_version 1.x, and raw state files (terraform.tfstate, "version": 4).
 *
 * Resources are collected from every module. Mapped (AWS provider attribute names):
 *   aws_eks_cluster     name, version, vpc_config[0].endpoint_public_access (provider default
 *                       true), endpoint_private_access (default false), public_access_cidrs;
 *                       with several clusters, --cluster chooses one.
 *   aws_vpc             cidr_block, enable_dns_support (default true), enable_dns_hostnames
 *                       (provider default false).
 *   aws_subnet          availability zones -> [vpc] azs; public or private (see below).
 *   aws_nat_gateway     how many (public connectivity): 0 none, 1 single, more per-az.
 *   aws_eks_node_group  scaling_config[0].desired_size, subnet_ids -> public/private.
 *   aws_eks_fargate_profile -> a fargate group in private subnets (node count assumed).
 *   aws_autoscaling_group tagged kubernetes.io/cluster/NAME -> a self-managed node group.
 *   aws_route53_resolver_endpoint direction INBOUND -> [vpc] resolver_inbound_endpoint.
 *   aws_security_group_rule / aws_vpc_security_group_ingress_rule / inline ingress of the
 *                       cluster's security groups allowing TCP 443 from CIDRs ->
 *                       [cluster] security_group_allow.
 * A subnet is public when its route table sends traffic to an internet gateway, else when
 * map_public_ip_on_launch is true or it carries the kubernetes.io/role/elb tag; private when it
 * routes to a NAT gateway or carries kubernetes.io/role/internal-elb. In a plan, IDs that do
 * not exist yet are unknown: a node group's subnets are then found by following the
 * configuration's references (through module variables) and judged by their names
 * ("module.vpc.private_subnets"), with a warning saying so.
 * Other resource types are listed, one warning per type, with why they are not mapped.
 */
#include <string.h>

#include "import/doc.h"
#include "import/model.h"

typedef struct {
  char *address;   /* "module.eks.aws_eks_cluster.this[0]" */
  char *module;    /* "module.eks" or "" */
  const char *type;
  const char *name;
  gboolean data;   /* a data source */
  JsonNode *values; /* object (never NULL) */
  gboolean used;
} TfRes;

typedef struct {
  SimImport *imp;
  SimImportDoc *doc;
  GPtrArray *res;        /* of TfRes */
  JsonNode *config_root; /* configuration.root_module (plans only), or NULL */
  gboolean plan;
} Tf;

static void
tfres_free(gpointer p)
{
  TfRes *r = p;
  g_free(r->address);
  g_free(r->module);
  g_free(r);
}

/* ---- collecting resources ------------------------------------------------------------------ */

static gboolean
add_resource(Tf *tf, JsonNode *rnode, const char *module, GError **error)
{
  SimImportDoc *doc = tf->doc;
  if (!sim_import_doc_object(doc, rnode, error))
    return FALSE;
  const char *address, *type, *name, *mode = "managed";
  gboolean found;
  if (!sim_import_doc_get_string(doc, rnode, "type", &found, &type, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, rnode, error, SIM_IMPORT_ERROR_MISSING, "type: required, but missing");
    return FALSE;
  }
  if (!sim_import_doc_get_string(doc, rnode, "name", &found, &name, error))
    return FALSE;
  if (!found) {
    sim_import_doc_error(doc, rnode, error, SIM_IMPORT_ERROR_MISSING, "name: required, but missing");
    return FALSE;
  }
  if (!sim_import_doc_get_string(doc, rnode, "mode", &found, &mode, error))
    return FALSE;
  if (!found)
    mode = "managed";
  if (!sim_import_doc_get_string(doc, rnode, "address", &found, &address, error))
    return FALSE;
  g_autofree char *addr = found ? g_strdup(address) : g_strdup_printf("%s%s%s.%s", module, *module ? "." : "", type, name);
  /* Metadata with no bearing on the cluster. */
  static const char *const meta[] = { "index", "provider_name", "schema_version", "sensitive_values", "depends_on",
                                      "tainted", "deposed_key" };
  for (gsize i = 0; i < G_N_ELEMENTS(meta); i++)
    sim_import_doc_consume(doc, sim_import_doc_member(doc, rnode, meta[i]), TRUE);
  JsonNode *values = sim_import_doc_member(doc, rnode, "values");
  if (!values) {
    /* A plan leaves out values that are unknown until apply; an empty object stands in. */
    JsonObject *o = json_object_new();
    json_object_set_object_member(json_node_get_object(rnode), "values", o);
    values = json_object_get_member(json_node_get_object(rnode), "values");
    sim_import_doc_consume(doc, values, FALSE);
  }
  if (!sim_import_doc_object(doc, values, error))
    return FALSE;
  TfRes *r = g_new0(TfRes, 1);
  r->address = g_steal_pointer(&addr);
  r->module = g_strdup(module);
  r->type = type;
  r->name = name;
  r->data = strcmp(mode, "data") == 0;
  r->values = values;
  g_autofree char *generic = g_strdup_printf("%s%s", r->data ? "data." : "", type);
  sim_import_doc_set_label(doc, values, r->address, generic);
  g_ptr_array_add(tf->res, r);
  return TRUE;
}

/* A values representation's module: resources, then child_modules (recursively). */
static gboolean
collect_module(Tf *tf, JsonNode *mod, guint depth, GError **error)
{
  SimImportDoc *doc = tf->doc;
  if (!sim_import_doc_object(doc, mod, error))
    return FALSE;
  if (depth > 50) {
    sim_import_doc_error(doc, mod, error, SIM_IMPORT_ERROR_BAD_VALUE, "modules nested more than 50 deep");
    return FALSE;
  }
  gboolean found;
  const char *module = "";
  if (depth > 0 && !sim_import_doc_get_string(doc, mod, "address", &found, &module, error))
    return FALSE;
  JsonNode *res = sim_import_doc_get_array(doc, mod, "resources", error);
  if (!res && *error)
    return FALSE;
  if (res) {
    JsonArray *a = json_node_get_array(res);
    for (guint i = 0; i < json_array_get_length(a); i++)
      if (!add_resource(tf, json_array_get_element(a, i), module, error))
        return FALSE;
  }
  JsonNode *children = sim_import_doc_get_array(doc, mod, "child_modules", error);
  if (!children && *error)
    return FALSE;
  if (children) {
    JsonArray *a = json_node_get_array(children);
    for (guint i = 0; i < json_array_get_length(a); i++)
      if (!collect_module(tf, json_array_get_element(a, i), depth + 1, error))
        return FALSE;
  }
  return TRUE;
}

/* terraform.tfstate version 4: resources[] {module?, mode, type, name, instances[] {index_key?,
 * attributes}}. */
static gboolean
collect_tfstate(Tf *tf, GError **error)
{
  SimImportDoc *doc = tf->doc;
  JsonNode *root = sim_import_doc_root(doc);
  gboolean found;
  gint64 version;
  if (!sim_import_doc_get_int(doc, root, "version", &found, &version, error))
    return FALSE;
  if (!found || version != 4) {
    sim_import_doc_error(doc, found ? sim_import_doc_member(doc, root, "version") : root, error,
                         SIM_IMPORT_ERROR_UNSUPPORTED, "state file format %s%" G_GINT64_FORMAT "%s is not supported; "
                         "allowed: version 4 (Terraform 0.12 and later), or the output of 'terraform show -json'",
                         found ? "version " : "", found ? version : 0, found ? "" : "(no version)");
    return FALSE;
  }
  static const char *const meta[] = { "terraform_version", "serial", "lineage", "outputs", "check_results" };
  for (gsize i = 0; i < G_N_ELEMENTS(meta); i++)
    sim_import_doc_consume(doc, sim_import_doc_member(doc, root, meta[i]), TRUE);
  JsonNode *res = sim_import_doc_get_array(doc, root, "resources", error);
  if (!res)
    return *error == NULL;
  JsonArray *a = json_node_get_array(res);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    JsonNode *r = json_array_get_element(a, i);
    if (!sim_import_doc_object(doc, r, error))
      return FALSE;
    const char *module = "", *mode = "managed", *type, *name;
    if (!sim_import_doc_get_string(doc, r, "module", &found, &module, error))
      return FALSE;
    if (!found)
      module = "";
    if (!sim_import_doc_get_string(doc, r, "mode", &found, &mode, error))
      return FALSE;
    if (!found)
      mode = "managed";
    if (!sim_import_doc_get_string(doc, r, "type", &found, &type, error))
      return FALSE;
    if (!found) {
      sim_import_doc_error(doc, r, error, SIM_IMPORT_ERROR_MISSING, "type: required, but missing");
      return FALSE;
    }
    if (!sim_import_doc_get_string(doc, r, "name", &found, &name, error))
      return FALSE;
    if (!found) {
      sim_import_doc_error(doc, r, error, SIM_IMPORT_ERROR_MISSING, "name: required, but missing");
      return FALSE;
    }
    sim_import_doc_consume(doc, sim_import_doc_member(doc, r, "provider"), TRUE);
    sim_import_doc_consume(doc, sim_import_doc_member(doc, r, "each"), TRUE);
    JsonNode *insts = sim_import_doc_get_array(doc, r, "instances", error);
    if (!insts) {
      if (*error)
        return FALSE;
      continue;
    }
    JsonArray *ia = json_node_get_array(insts);
    for (guint j = 0; j < json_array_get_length(ia); j++) {
      JsonNode *inst = json_array_get_element(ia, j);
      if (!sim_import_doc_object(doc, inst, error))
        return FALSE;
      JsonNode *key = sim_import_doc_member(doc, inst, "index_key");
      g_autofree char *suffix = NULL;
      if (key && JSON_NODE_HOLDS_VALUE(key) && json_node_get_value_type(key) == G_TYPE_STRING)
        suffix = g_strdup_printf("[\"%s\"]", json_node_get_string(key));
      else if (key && JSON_NODE_HOLDS_VALUE(key))
        suffix = g_strdup_printf("[%" G_GINT64_FORMAT "]", json_node_get_int(key));
      static const char *const imeta[] = { "schema_version", "sensitive_attributes", "private", "dependencies",
                                           "create_before_destroy", "status", "deposed", "identity",
                                           "identity_schema_version", "sensitive_values" };
      for (gsize k = 0; k < G_N_ELEMENTS(imeta); k++)
        sim_import_doc_consume(doc, sim_import_doc_member(doc, inst, imeta[k]), TRUE);
      JsonNode *attrs = sim_import_doc_member(doc, inst, "attributes");
      if (!attrs || !sim_import_doc_object(doc, attrs, error)) {
        if (!attrs)
          sim_import_doc_error(doc, inst, error, SIM_IMPORT_ERROR_MISSING, "attributes: required, but missing");
        return FALSE;
      }
      TfRes *t = g_new0(TfRes, 1);
      t->module = g_strdup(module);
      t->data = strcmp(mode, "data") == 0;
      t->address = g_strdup_printf("%s%s%s%s.%s%s", module, *module ? "." : "", t->data ? "data." : "", type, name,
                                   suffix ? suffix : "");
      t->type = type;
      t->name = name;
      t->values = attrs;
      g_autofree char *generic = g_strdup_printf("%s%s", t->data ? "data." : "", type);
      sim_import_doc_set_label(doc, attrs, t->address, generic);
      g_ptr_array_add(tf->res, t);
    }
  }
  return TRUE;
}

/* ---- small accessors on resource values ---------------------------------------------------- */

static JsonNode *
val(Tf *tf, TfRes *r, const char *key)
{
  return sim_import_doc_member(tf->doc, r->values, key);
}

static const char *
val_string(Tf *tf, JsonNode *obj, const char *key)
{
  JsonNode *n = sim_import_doc_member(tf->doc, obj, key);
  if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
    return json_node_get_string(n);
  return NULL;
}

/* First element of a nested-block list attribute (vpc_config[0], scaling_config[0]). */
static JsonNode *
block0(Tf *tf, JsonNode *obj, const char *key, GError **error)
{
  JsonNode *n = sim_import_doc_member(tf->doc, obj, key);
  if (!n)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT(n)) /* some providers/versions write a single block as an object */
    return n;
  if (!sim_import_doc_array(tf->doc, n, error))
    return NULL;
  JsonArray *a = json_node_get_array(n);
  if (json_array_get_length(a) == 0)
    return NULL;
  JsonNode *b = json_array_get_element(a, 0);
  return sim_import_doc_object(tf->doc, b, error) ? b : NULL;
}

static gboolean
strv_has(GPtrArray *list, const char *s)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp(list->pdata[i], s) == 0)
      return TRUE;
  return FALSE;
}

/* A list of strings; unknown or absent -> empty. */
static gboolean
string_list(Tf *tf, JsonNode *obj, const char *key, GPtrArray *out, JsonNode **node, GError **error)
{
  JsonNode *n = sim_import_doc_member(tf->doc, obj, key);
  if (node)
    *node = n;
  if (!n)
    return TRUE;
  if (!sim_import_doc_array(tf->doc, n, error))
    return FALSE;
  JsonArray *a = json_node_get_array(n);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    const char *s;
    if (!sim_import_doc_string(tf->doc, json_array_get_element(a, i), &s, error))
      return FALSE;
    if (!strv_has(out, s))
      g_ptr_array_add(out, g_strdup(s));
  }
  return TRUE;
}

static TfRes *
find_by_id(Tf *tf, const char *type, const char *id)
{
  if (!id)
    return NULL;
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (strcmp(r->type, type) == 0) {
      const char *rid = val_string(tf, r->values, "id");
      if (rid && strcmp(rid, id) == 0)
        return r;
    }
  }
  return NULL;
}

/* ---- configuration references (plans) ------------------------------------------------------ */

/* The configuration module for a module address: "module.a[\"x\"].module.b" -> module_calls.a
 * .module.module_calls.b.module. */
static JsonNode *
config_module(Tf *tf, const char *module, JsonNode **call_out, JsonNode **parent_out)
{
  JsonNode *mod = tf->config_root, *call = NULL, *parent = NULL;
  if (!mod)
    return NULL;
  g_auto(GStrv) parts = g_strsplit(module, ".", -1);
  for (guint i = 0; parts[i]; i++) {
    if (strcmp(parts[i], "module") != 0 || !parts[i + 1])
      continue;
    g_autofree char *name = g_strdup(parts[++i]);
    char *br = strchr(name, '[');
    if (br)
      *br = '\0';
    JsonNode *calls = JSON_NODE_HOLDS_OBJECT(mod) ? json_object_get_member(json_node_get_object(mod), "module_calls")
                                                 : NULL;
    call = calls && JSON_NODE_HOLDS_OBJECT(calls) ? json_object_get_member(json_node_get_object(calls), name) : NULL;
    if (!call || !JSON_NODE_HOLDS_OBJECT(call))
      return NULL;
    parent = mod;
    mod = json_object_get_member(json_node_get_object(call), "module");
    if (!mod || !JSON_NODE_HOLDS_OBJECT(mod))
      return NULL;
  }
  if (call_out)
    *call_out = call;
  if (parent_out)
    *parent_out = parent;
  return mod;
}

static JsonNode *
obj_get(JsonNode *n, const char *key)
{
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_object_get_member(json_node_get_object(n), key) : NULL;
}

/* Appends the references of expression @expr (an expression object, or a nested-block list of
 * them searched for @attr) to @refs. */
static void
expr_refs(JsonNode *expr, GPtrArray *refs)
{
  JsonNode *r = obj_get(expr, "references");
  if (!r || !JSON_NODE_HOLDS_ARRAY(r))
    return;
  JsonArray *a = json_node_get_array(r);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    JsonNode *e = json_array_get_element(a, i);
    if (JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_STRING &&
        !strv_has(refs, json_node_get_string(e)))
      g_ptr_array_add(refs, g_strdup(json_node_get_string(e)));
  }
}

/* References of attribute @path ("subnet_ids" or "vpc_config.subnet_ids") of resource @r in the
 * configuration, following "var.X" up through module calls. The configuration is read, not
 * consumed: it repeats what the planned values hold. */
static void
config_refs(Tf *tf, TfRes *r, const char *path, GPtrArray *out)
{
  JsonNode *call = NULL, *parent = NULL;
  JsonNode *mod = config_module(tf, r->module, &call, &parent);
  if (!mod)
    return;
  g_autofree char *local = g_strdup_printf("%s%s.%s", r->data ? "data." : "", r->type, r->name);
  JsonNode *res = obj_get(mod, "resources");
  JsonNode *expr = NULL;
  if (res && JSON_NODE_HOLDS_ARRAY(res)) {
    JsonArray *a = json_node_get_array(res);
    for (guint i = 0; i < json_array_get_length(a); i++) {
      JsonNode *c = json_array_get_element(a, i);
      JsonNode *ad = obj_get(c, "address");
      if (ad && JSON_NODE_HOLDS_VALUE(ad) && json_node_get_value_type(ad) == G_TYPE_STRING &&
          strcmp(json_node_get_string(ad), local) == 0) {
        expr = obj_get(c, "expressions");
        break;
      }
    }
  }
  g_auto(GStrv) steps = g_strsplit(path, ".", -1);
  for (guint i = 0; expr && steps[i]; i++) {
    expr = obj_get(expr, steps[i]);
    if (expr && JSON_NODE_HOLDS_ARRAY(expr) && steps[i + 1]) /* nested block: first instance */
      expr = json_array_get_length(json_node_get_array(expr)) ? json_array_get_element(json_node_get_array(expr), 0)
                                                              : NULL;
  }
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func(g_free);
  expr_refs(expr, refs);
  /* Follow module variables up one level at a time (bounded by the module depth). */
  for (guint hop = 0; hop < 20; hop++) {
    g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func(g_free);
    gboolean followed = FALSE;
    for (guint i = 0; i < refs->len; i++) {
      const char *ref = refs->pdata[i];
      if (g_str_has_prefix(ref, "var.") && call) {
        g_autofree char *var = g_strdup(ref + 4);
        char *dot = strchr(var, '.');
        if (dot)
          *dot = '\0';
        expr_refs(obj_get(obj_get(call, "expressions"), var), next);
        followed = TRUE;
      } else if (!strv_has(next, ref)) {
        g_ptr_array_add(next, g_strdup(ref));
      }
    }
    g_ptr_array_unref(refs);
    refs = g_steal_pointer(&next);
    if (!followed)
      break;
    /* One level up: the caller's module and its own call. */
    g_autofree char *up = g_strdup(r->module);
    /* r->module shortened hop+1 levels */
    for (guint k = 0; k <= hop; k++) {
      char *last = g_strrstr(up, ".module.");
      if (last)
        *last = '\0';
      else
        up[0] = '\0';
    }
    call = NULL;
    if (*up)
      config_module(tf, up, &call, &parent);
  }
  for (guint i = 0; i < refs->len; i++)
    if (!strv_has(out, refs->pdata[i]))
      g_ptr_array_add(out, g_strdup(refs->pdata[i]));
}

/* ---- subnets ------------------------------------------------------------------------------- */

typedef enum { KIND_UNKNOWN, KIND_PUBLIC, KIND_PRIVATE } SubnetKind;

static gboolean
word_in(const char *text, const char *word)
{
  g_autofree char *low = g_ascii_strdown(text, -1);
  return strstr(low, word) != NULL;
}

/* Public/private from names: "module.vpc.private_subnets", "aws_subnet.public[0]". */
static SubnetKind
kind_from_names(GPtrArray *names)
{
  gboolean pub = FALSE, priv = FALSE;
  for (guint i = 0; i < names->len; i++) {
    pub |= word_in(names->pdata[i], "public");
    priv |= word_in(names->pdata[i], "private") || word_in(names->pdata[i], "intra");
  }
  if (pub != priv)
    return pub ? KIND_PUBLIC : KIND_PRIVATE;
  return KIND_UNKNOWN;
}

/* The route table of subnet @id: via aws_route_table_association; then whether its routes (inline
 * or aws_route) lead to an internet gateway (public) or a NAT gateway (private). */
static SubnetKind
kind_from_routes(Tf *tf, const char *subnet_id)
{
  const char *rt_id = NULL;
  for (guint i = 0; i < tf->res->len && !rt_id; i++) {
    TfRes *r = tf->res->pdata[i];
    if (strcmp(r->type, "aws_route_table_association") == 0) {
      const char *s = val_string(tf, r->values, "subnet_id");
      if (s && strcmp(s, subnet_id) == 0)
        rt_id = val_string(tf, r->values, "route_table_id");
    }
  }
  if (!rt_id)
    return KIND_UNKNOWN;
  gboolean igw = FALSE, nat = FALSE;
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (strcmp(r->type, "aws_route") == 0) {
      const char *t = val_string(tf, r->values, "route_table_id");
      if (!t || strcmp(t, rt_id) != 0)
        continue;
      const char *gw = val_string(tf, r->values, "gateway_id");
      igw |= gw && g_str_has_prefix(gw, "igw-");
      nat |= val_string(tf, r->values, "nat_gateway_id") != NULL;
    } else if (strcmp(r->type, "aws_route_table") == 0) {
      const char *id = val_string(tf, r->values, "id");
      if (!id || strcmp(id, rt_id) != 0)
        continue;
      JsonNode *routes = sim_import_doc_member(tf->doc, r->values, "route");
      if (!routes || !JSON_NODE_HOLDS_ARRAY(routes))
        continue;
      JsonArray *a = json_node_get_array(routes);
      for (guint j = 0; j < json_array_get_length(a); j++) {
        JsonNode *rt = json_array_get_element(a, j);
        if (!JSON_NODE_HOLDS_OBJECT(rt))
          continue;
        const char *gw = val_string(tf, rt, "gateway_id");
        const char *ng = val_string(tf, rt, "nat_gateway_id");
        igw |= gw && g_str_has_prefix(gw, "igw-");
        nat |= ng && *ng;
      }
    }
  }
  return igw ? KIND_PUBLIC : nat ? KIND_PRIVATE : KIND_UNKNOWN;
}

static SubnetKind
subnet_kind(Tf *tf, TfRes *s, const char **how)
{
  const char *id = val_string(tf, s->values, "id");
  SubnetKind k = id ? kind_from_routes(tf, id) : KIND_UNKNOWN;
  if (k != KIND_UNKNOWN) {
    *how = "its route table";
    return k;
  }
  JsonNode *mp = sim_import_doc_member(tf->doc, s->values, "map_public_ip_on_launch");
  if (mp && JSON_NODE_HOLDS_VALUE(mp) && json_node_get_value_type(mp) == G_TYPE_BOOLEAN &&
      json_node_get_boolean(mp)) {
    *how = "map_public_ip_on_launch";
    return KIND_PUBLIC;
  }
  /* raw access: reading the tags to classify must not count as mapping them */
  JsonNode *tags = obj_get(s->values, "tags");
  if (tags && JSON_NODE_HOLDS_OBJECT(tags)) {
    if (json_object_has_member(json_node_get_object(tags), "kubernetes.io/role/elb")) {
      *how = "the kubernetes.io/role/elb tag";
      return KIND_PUBLIC;
    }
    if (json_object_has_member(json_node_get_object(tags), "kubernetes.io/role/internal-elb")) {
      *how = "the kubernetes.io/role/internal-elb tag";
      return KIND_PRIVATE;
    }
  }
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  g_ptr_array_add(names, s->address);
  JsonNode *tag_name = obj_get(tags, "Name");
  if (tag_name && JSON_NODE_HOLDS_VALUE(tag_name) && json_node_get_value_type(tag_name) == G_TYPE_STRING)
    g_ptr_array_add(names, (gpointer)json_node_get_string(tag_name));
  k = kind_from_names(names);
  if (k != KIND_UNKNOWN) {
    *how = "its name";
    return k;
  }
  /* map_public_ip_on_launch false and nothing else: a subnet without public addresses. */
  if (mp && JSON_NODE_HOLDS_VALUE(mp)) {
    *how = "map_public_ip_on_launch false";
    return KIND_PRIVATE;
  }
  *how = "nothing";
  return KIND_UNKNOWN;
}

/* Decides the subnet kind of a node group (or ASG, or Fargate profile) from its subnet IDs
 * (known) or, in a plan, from the configuration's references; writes [group] subnet. */
static void
group_subnet(Tf *tf, TfRes *r, const char *attr, const char *group)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
  JsonNode *ids_node = NULL;
  g_autoptr(GError) err = NULL;
  string_list(tf, r->values, attr, ids, &ids_node, &err);
  g_autofree char *cite = ids_node ? sim_import_doc_cite(tf->doc, ids_node) : g_strdup_printf("%s.%s", r->address, attr);
  guint pub = 0, priv = 0;
  const char *how = NULL;
  for (guint i = 0; i < ids->len; i++) {
    TfRes *s = find_by_id(tf, "aws_subnet", ids->pdata[i]);
    SubnetKind k = KIND_UNKNOWN;
    if (s)
      k = subnet_kind(tf, s, &how);
    pub += k == KIND_PUBLIC;
    priv += k == KIND_PRIVATE;
  }
  if (pub + priv > 0) {
    const char *kind = priv >= pub ? "private" : "public";
    sim_import_set(tf->imp, group, "subnet", kind, "%s: %u public, %u private subnet(s) (judged by %s)", cite, pub,
                   priv, how);
    if (pub && priv)
      sim_import_warn_path(tf->imp, sim_import_doc_name(tf->doc), cite, SIM_IMPORT_WARN,
                           "the group spans %u public and %u private subnets; modelled as %s", pub, priv, kind);
    return;
  }
  /* Unknown IDs (a plan) or subnets outside this Terraform: follow the configuration. */
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func(g_free);
  config_refs(tf, r, attr, refs);
  SubnetKind k = kind_from_names(refs);
  if (k != KIND_UNKNOWN) {
    g_autofree char *joined = sim_import_join(refs);
    const char *kind = k == KIND_PUBLIC ? "public" : "private";
    sim_import_set(tf->imp, group, "subnet", kind, "%s: judged by the configuration's references (%s)", cite, joined);
    sim_import_warn_path(tf->imp, sim_import_doc_name(tf->doc), cite, SIM_IMPORT_WARN,
                         "subnet IDs are not known (a plan, or subnets made elsewhere): '%s' judged from the names "
                         "it references (%s)", kind, joined);
    return;
  }
  sim_import_set(tf->imp, group, "subnet", "private", "ASSUMED private: %s does not tell whether its subnets are "
                 "public (AWS recommends private subnets for nodes)", cite);
  sim_import_warn_path(tf->imp, sim_import_doc_name(tf->doc), cite, SIM_IMPORT_WARN,
                       "cannot tell whether the subnets are public or private; private assumed");
}

/* ---- reason table -------------------------------------------------------------------------- */

static const SimImportReason tf_attr_reasons[] = {
  { "*.id", TRUE, "IDs do not change network paths" },
  { "*.arn", TRUE, "ARNs do not change network paths" },
  { "*.tags*", TRUE, "tags do not change network paths" },
  { "*.timeouts*", TRUE, "Terraform timeouts do not change network paths" },
  { "*.region", TRUE, "the region's name does not change network paths" },
  { "aws_eks_cluster.vpc_config[].subnet_ids*", TRUE, "the control-plane ENIs go in the cluster subnets; eksim "
                                                      "places them itself (facts §1.6)" },
  { "aws_eks_cluster.vpc_config[].security_group_ids*", TRUE, "read for their 443 ingress rules only" },
  { "aws_eks_cluster.vpc_config[].*", TRUE, "computed IDs do not change network paths" },
  { "aws_eks_cluster.kubernetes_network_config[].service_ipv4_cidr", TRUE, "the service CIDR does not change the "
                                                                          "endpoint paths" },
  { "aws_eks_cluster.remote_network_config*", FALSE, "hybrid nodes are not modelled yet; the on-prem network can be "
                                                      "added as [network.NAME] kind = onprem-vpn / onprem-dx" },
  { "aws_eks_cluster.outpost_config*", FALSE, "EKS local clusters on Outposts are not modelled" },
  { "aws_eks_cluster.compute_config*", FALSE, "EKS Auto Mode nodes are not modelled; add [nodegroup.NAME] groups" },
  { "aws_eks_cluster.control_plane_scaling_config*", FALSE, "the control-plane tier is not modelled" },
  { "aws_eks_cluster.*", TRUE, "cluster details other than version and endpoint access do not change network paths" },
  { "*aws_vpc.*", TRUE, "VPC details other than the CIDR and DNS attributes are not modelled" },
  { "*aws_subnet.*", TRUE, "subnet details other than AZ and public/private kind are not modelled" },
  { "*aws_subnets.*", TRUE, "subnet details other than AZ and public/private kind are not modelled" },
  { "aws_nat_gateway.*", TRUE, "NAT gateway details other than their number are not modelled" },
  { "aws_eks_node_group.scaling_config[].max_size", TRUE, "eksim does not autoscale; nodes = desired_size" },
  { "aws_eks_node_group.scaling_config[].min_size", TRUE, "eksim does not autoscale; nodes = desired_size" },
  { "aws_eks_node_group.*", TRUE, "node details other than count and subnet kind do not change the paths eksim "
                                  "models" },
  { "aws_eks_fargate_profile.selector*", TRUE, "which pods run on Fargate is not modelled; node count assumed" },
  { "aws_eks_fargate_profile.*", TRUE, "Fargate details other than the subnet kind do not change network paths" },
  { "aws_autoscaling_group.*", TRUE, "ASG details other than size and subnets do not change network paths" },
  { "aws_route53_resolver_endpoint.*", TRUE, "endpoint details other than its direction are not modelled" },
  { "aws_security_group_rule.*", TRUE, "only TCP 443 ingress from CIDRs to the cluster security group is mapped" },
  { "aws_vpc_security_group_ingress_rule.*", TRUE, "only TCP 443 ingress from CIDRs to the cluster security group is "
                                                   "mapped" },
  { "aws_security_group.*", TRUE, "only TCP 443 ingress from CIDRs to the cluster security group is mapped" },
  { "*aws_route_table*", TRUE, "read to tell public from private subnets" },
  { "aws_route.*", TRUE, "read to tell public from private subnets" },
  { "aws_vpc_ipv4_cidr_block_association.*", TRUE, "only the block is mapped" },
  { "aws_vpc_dhcp_options*", TRUE, "only the DNS servers are mapped" },
};

/* Resource types read only to support others (not reported as unmapped). */
static const char *const tf_helper_types[] = { "aws_route_table", "aws_route_table_association", "aws_route",
                                                "aws_security_group", "aws_security_group_rule",
                                                "aws_vpc_security_group_ingress_rule", "aws_subnets" };

typedef struct {
  const char *prefix;
  gboolean ignored;
  const char *reason;
} TypeReason;

static const TypeReason tf_type_reasons[] = {
  { "aws_iam_", TRUE, "IAM does not change network paths" },
  { "aws_kms_", TRUE, "encryption keys do not change network paths" },
  { "aws_cloudwatch_", TRUE, "logging and alarms are not modelled" },
  { "aws_eks_addon", TRUE, "add-ons are not modelled" },
  { "aws_eks_access_", TRUE, "cluster access entries (IAM) do not change network paths" },
  { "aws_eks_identity_provider_config", TRUE, "identity providers do not change network paths" },
  { "aws_eks_pod_identity_association", TRUE, "IAM does not change network paths" },
  { "aws_launch_template", TRUE, "launch templates do not change network paths" },
  { "aws_eip", TRUE, "Elastic IPs belong to the NAT gateways, counted there" },
  { "aws_internet_gateway", TRUE, "eksim's VPC always has an internet gateway for its public subnets" },
  { "aws_egress_only_internet_gateway", TRUE, "IPv6 is not modelled" },
  { "aws_default_", TRUE, "default VPC resources do not change the paths eksim models" },
  { "aws_vpc_endpoint", TRUE, "VPC endpoints for AWS services (ECR, S3, STS...) are not modelled (facts §1.5)" },
  { "aws_vpc_dhcp_options", FALSE, "not associated with the cluster's VPC in this file: AmazonProvidedDNS is assumed "
                                   "(facts §1.1)" },
  { "aws_vpc_peering_connection", FALSE, "peered VPCs are not imported: add them as [network.NAME] kind = "
                                         "peered-vpc" },
  { "aws_ec2_transit_gateway", FALSE, "Transit Gateways are not imported: add connected VPCs as [network.NAME] kind "
                                      "= tgw-vpc" },
  { "aws_vpn_", FALSE, "VPN connections are not imported: add the on-prem network as [network.NAME] kind = "
                       "onprem-vpn" },
  { "aws_customer_gateway", FALSE, "VPN connections are not imported: add [network.NAME] kind = onprem-vpn" },
  { "aws_dx_", FALSE, "Direct Connect is not imported: add [network.NAME] kind = onprem-dx" },
  { "aws_route53_resolver_rule", FALSE, "resolver rules are not imported: set [network.NAME] dns_forwarding" },
  { "aws_route53_", TRUE, "Route 53 zones and records of your own do not change the EKS endpoint's resolution" },
  { "aws_network_acl", FALSE, "network ACLs are not modelled (all traffic allowed)" },
  { "aws_flow_log", TRUE, "flow logs are not modelled" },
  { "aws_instance", FALSE, "EC2 instances other than nodes are not imported; eksim adds a bastion client" },
  { "aws_lb", FALSE, "your own load balancers are not modelled (the API server's NLB is)" },
  { "aws_ecr_", TRUE, "image registries are not modelled" },
  { "aws_s3_", TRUE, "S3 is not modelled" },
  { "aws_ssm_", TRUE, "SSM parameters do not change network paths" },
  { "aws_sqs_", TRUE, "queues are not modelled" },
  { "aws_eks_cluster_auth", TRUE, "authentication tokens do not change network paths" },
  { "aws_availability_zones", TRUE, "read through the subnets' zones" },
  { "aws_caller_identity", TRUE, "the account does not change network paths" },
  { "aws_partition", TRUE, "the partition does not change network paths" },
  { "aws_region", TRUE, "the region's name does not change network paths" },
  { "aws_ami", TRUE, "the AMI does not change network paths" },
  { "aws_ssm_parameter", TRUE, "SSM parameters do not change network paths" },
  { "kubernetes_", TRUE, "Kubernetes objects inside the cluster are not modelled" },
  { "helm_", TRUE, "Helm releases are not modelled" },
  { "kubectl_", TRUE, "Kubernetes objects inside the cluster are not modelled" },
  { "tls_", TRUE, "certificates and keys do not change network paths" },
  { "random_", TRUE, "random values do not change network paths" },
  { "null_", TRUE, "null resources do not change network paths" },
  { "time_", TRUE, "time resources do not change network paths" },
  { "terraform_", TRUE, "Terraform bookkeeping does not change network paths" },
  { "cloudinit_", TRUE, "user data does not change network paths" },
};

static const SimImportReason tf_doc_reasons[] = {
  { "resource_changes*", TRUE, "the plan's change list: the planned values were read instead" },
  { "resource_drift*", TRUE, "drift since the last run: the planned values were read instead" },
  { "prior_state*", TRUE, "the state before the plan: the planned values were read instead" },
  { "configuration*", TRUE, "the configuration: read only to follow references the plan leaves unknown" },
  { "variables*", TRUE, "input variables: their effect is in the planned values" },
  { "output_changes*", TRUE, "outputs do not change network paths" },
  { "planned_values.outputs*", TRUE, "outputs do not change network paths" },
  { "values.outputs*", TRUE, "outputs do not change network paths" },
  { "relevant_attributes*", TRUE, "plan bookkeeping" },
  { "checks*", TRUE, "check results do not change network paths" },
  { "timestamp", TRUE, "plan bookkeeping" },
  { "applyable", TRUE, "plan bookkeeping" },
  { "complete", TRUE, "plan bookkeeping" },
  { "errored", TRUE, "plan bookkeeping" },
  { "terraform_version", TRUE, "the Terraform version does not change network paths" },
};

/* ---- the mapping --------------------------------------------------------------------------- */

static gboolean
is_type(TfRes *r, const char *type)
{
  return strcmp(r->type, type) == 0;
}

static gboolean
choose_cluster(Tf *tf, const SimImportOptions *opts, TfRes **out, GError **error)
{
  g_autoptr(GPtrArray) clusters = g_ptr_array_new();
  for (int pass = 0; pass < 2 && clusters->len == 0; pass++) /* managed first, then data sources */
    for (guint i = 0; i < tf->res->len; i++) {
      TfRes *r = tf->res->pdata[i];
      if (is_type(r, "aws_eks_cluster") && r->data == (pass == 1))
        g_ptr_array_add(clusters, r);
    }
  const char *name = sim_import_doc_name(tf->doc);
  if (clusters->len == 0) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_MISSING,
                "%s: no aws_eks_cluster resource in this %s (%u resources read); allowed: a plan or state that "
                "creates or reads an EKS cluster", name, tf->plan ? "plan" : "state", tf->res->len);
    return FALSE;
  }
  if (opts->cluster) {
    for (guint i = 0; i < clusters->len; i++) {
      TfRes *r = clusters->pdata[i];
      const char *cn = val_string(tf, r->values, "name");
      if (strcmp(r->address, opts->cluster) == 0 || (cn && strcmp(cn, opts->cluster) == 0)) {
        *out = r;
        return TRUE;
      }
    }
  } else if (clusters->len == 1) {
    *out = clusters->pdata[0];
    return TRUE;
  }
  GString *list = g_string_new(NULL);
  for (guint i = 0; i < clusters->len; i++) {
    TfRes *r = clusters->pdata[i];
    const char *cn = val_string(tf, r->values, "name");
    g_string_append_printf(list, "%s%s%s%s%s", i ? ", " : "", r->address, cn ? " (" : "", cn ? cn : "", cn ? ")" : "");
  }
  if (opts->cluster)
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_BAD_VALUE, "%s: --cluster '%s' names no aws_eks_cluster; "
                "allowed: %s", name, opts->cluster, list->str);
  else
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_AMBIGUOUS, "%s: %u EKS clusters; choose one with "
                "--cluster NAME; allowed: %s", name, clusters->len, list->str);
  g_string_free(list, TRUE);
  return FALSE;
}

static gboolean
map_cluster(Tf *tf, TfRes *c, GError **error)
{
  SimImport *imp = tf->imp;
  SimImportDoc *doc = tf->doc;
  c->used = TRUE;
  const char *s;
  gboolean found;
  if (!sim_import_doc_get_string(doc, c->values, "name", &found, &s, error))
    return FALSE;
  imp->cluster_name = g_strdup(found ? s : c->name);
  if (!sim_import_doc_get_string(doc, c->values, "arn", &found, &s, error))
    return FALSE;
  if (found) {
    g_auto(GStrv) parts = g_strsplit(s, ":", 6);
    if (g_strv_length(parts) == 6 && *parts[3])
      imp->region = g_strdup(parts[3]);
  }
  JsonNode *vn = val(tf, c, "version");
  if (vn) {
    if (!sim_import_doc_string(doc, vn, &s, error))
      return FALSE;
    if (!g_regex_match_simple("^[0-9]+\\.[0-9]+$", s, 0, 0)) {
      sim_import_doc_error(doc, vn, error, SIM_IMPORT_ERROR_BAD_VALUE,
                           "'%s' is not a Kubernetes minor version; allowed: MAJOR.MINOR such as 1.31", s);
      return FALSE;
    }
    g_autofree char *cite = sim_import_doc_cite(doc, vn);
    sim_import_set(imp, "cluster", "kubernetes_version", s, "%s", cite);
  } else {
    sim_import_warn_path(imp, sim_import_doc_name(doc), c->address, SIM_IMPORT_WARN,
                         "version is not set or not known until apply: eksim's default kubernetes_version applies");
  }

  JsonNode *vc = block0(tf, c->values, "vpc_config", error);
  if (!vc && *error)
    return FALSE;
  if (!vc) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_MISSING, "%s: %s.vpc_config: required, but missing "
                "(every aws_eks_cluster has one)", sim_import_doc_name(doc), c->address);
    return FALSE;
  }
  gboolean pub = TRUE, priv = FALSE, has_pub, has_priv;
  if (!sim_import_doc_get_bool(doc, vc, "endpoint_public_access", &has_pub, &pub, error) ||
      !sim_import_doc_get_bool(doc, vc, "endpoint_private_access", &has_priv, &priv, error))
    return FALSE;
  if (!has_pub)
    pub = TRUE;
  if (!has_priv)
    priv = FALSE;
  g_autofree char *pc = has_pub ? sim_import_doc_cite(doc, sim_import_doc_member(doc, vc, "endpoint_public_access"))
                                : g_strdup("endpoint_public_access not set: provider default true");
  g_autofree char *vc_cite = has_priv ? sim_import_doc_cite(doc, sim_import_doc_member(doc, vc, "endpoint_private_access"))
                                      : g_strdup("endpoint_private_access not set: provider default false");
  g_autofree char *source = g_strdup_printf("%s = %s, %s = %s", pc, pub ? "true" : "false", vc_cite,
                                            priv ? "true" : "false");
  if (!sim_import_set_endpoint(imp, doc, vc, pub, priv, source, error))
    return FALSE;

  JsonNode *cidrs = NULL;
  if (!sim_import_set_public_access_cidrs(imp, doc, vc, "public_access_cidrs", &cidrs, error))
    return FALSE;
  if (!cidrs && pub && tf->plan) {
    sim_import_set(imp, "cluster", "public_access_cidrs", "0.0.0.0/0", "%s.vpc_config[0].public_access_cidrs not set "
                   "(or unknown until apply): EKS default 0.0.0.0/0 (facts §2)", c->address);
  }

  JsonNode *knc = block0(tf, c->values, "kubernetes_network_config", error);
  if (!knc && *error)
    return FALSE;
  if (knc) {
    const char *fam = val_string(tf, knc, "ip_family");
    if (fam && g_ascii_strcasecmp(fam, "ipv4") != 0)
      sim_import_warn(imp, doc, sim_import_doc_member(doc, knc, "ip_family"), SIM_IMPORT_WARN,
                      "an %s cluster: eksim models IPv4 clusters; the scenario simulates the IPv4 paths", fam);
  }
  return TRUE;
}

static TfRes *
choose_vpc(Tf *tf, TfRes *cluster)
{
  JsonNode *vc = block0(tf, cluster->values, "vpc_config", NULL);
  const char *vpc_id = vc ? val_string(tf, vc, "vpc_id") : NULL;
  TfRes *byid = find_by_id(tf, "aws_vpc", vpc_id);
  if (byid)
    return byid;
  TfRes *first = NULL;
  guint n = 0;
  for (int pass = 0; pass < 2 && !first; pass++)
    for (guint i = 0; i < tf->res->len; i++) {
      TfRes *r = tf->res->pdata[i];
      if (is_type(r, "aws_vpc") && r->data == (pass == 1)) {
        if (!first)
          first = r;
        n++;
      }
    }
  if (n > 1)
    sim_import_warn_path(tf->imp, sim_import_doc_name(tf->doc), first->address, SIM_IMPORT_WARN,
                         "%u VPCs and the cluster's is not known before apply: the first, %s, is imported", n,
                         first->address);
  return first;
}

static gboolean
map_vpc(Tf *tf, TfRes *cluster, GError **error)
{
  SimImport *imp = tf->imp;
  SimImportDoc *doc = tf->doc;
  TfRes *v = choose_vpc(tf, cluster);
  const char *name = sim_import_doc_name(doc);
  if (!v) {
    sim_import_warn_path(imp, name, "", SIM_IMPORT_WARN, "no aws_vpc in this file (the VPC is managed elsewhere): "
                         "eksim's defaults for [vpc] cidr, dns_support and dns_hostnames apply");
  } else {
    v->used = TRUE;
    JsonNode *cn = val(tf, v, "cidr_block");
    if (cn) {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func(g_free);
      if (!sim_import_vpc_cidr(doc, cn, one, error))
        return FALSE;
      imp->vpc_cidr = g_strdup(one->pdata[0]);
      g_autofree char *cite = sim_import_doc_cite(doc, cn);
      /* secondary blocks: aws_vpc_ipv4_cidr_block_association of this VPC */
      const char *vid = val_string(tf, v->values, "id");
      GString *extra = g_string_new(NULL);
      for (guint i = 0; i < tf->res->len; i++) {
        TfRes *r = tf->res->pdata[i];
        if (!is_type(r, "aws_vpc_ipv4_cidr_block_association"))
          continue;
        const char *av = val_string(tf, r->values, "vpc_id");
        if (vid && av && strcmp(av, vid) != 0)
          continue;
        JsonNode *bn = val(tf, r, "cidr_block");
        if (!bn)
          continue;
        r->used = TRUE;
        if (!sim_import_vpc_cidr(doc, bn, one, error)) {
          g_string_free(extra, TRUE);
          return FALSE;
        }
        g_string_append_printf(extra, " + %s.cidr_block", r->address);
      }
      g_autofree char *list = sim_import_join(one);
      sim_import_set(imp, "vpc", "cidr", list, "%s%s", cite, extra->str);
      g_string_free(extra, TRUE);
    } else {
      sim_import_warn_path(imp, name, v->address, SIM_IMPORT_WARN, "cidr_block is not known (IPAM-allocated?): "
                           "eksim's default [vpc] cidr applies");
    }
    static const struct {
      const char *attr, *key;
      gboolean def;
    } dns[] = { { "enable_dns_support", "dns_support", TRUE }, { "enable_dns_hostnames", "dns_hostnames", FALSE } };
    for (gsize i = 0; i < G_N_ELEMENTS(dns); i++) {
      gboolean on, found;
      if (!sim_import_doc_get_bool(doc, v->values, dns[i].attr, &found, &on, error))
        return FALSE;
      if (found) {
        g_autofree char *cite = sim_import_doc_cite(doc, val(tf, v, dns[i].attr));
        sim_import_set(imp, "vpc", dns[i].key, on ? "true" : "false", "%s", cite);
      } else {
        sim_import_set(imp, "vpc", dns[i].key, dns[i].def ? "true" : "false", "%s.%s not set: AWS provider default %s",
                       v->address, dns[i].attr, dns[i].def ? "true" : "false");
      }
    }
  }

  /* DHCP options: custom DNS servers without AmazonProvidedDNS break the private zone (facts §1.7) */
  if (v) {
    const char *vid = val_string(tf, v->values, "id");
    for (guint i = 0; i < tf->res->len; i++) {
      TfRes *as = tf->res->pdata[i];
      if (!is_type(as, "aws_vpc_dhcp_options_association"))
        continue;
      const char *av = val_string(tf, as->values, "vpc_id");
      if (vid && av && strcmp(av, vid) != 0)
        continue;
      const char *oid = val_string(tf, as->values, "dhcp_options_id");
      TfRes *opt = find_by_id(tf, "aws_vpc_dhcp_options", oid);
      guint n_opts = 0;
      for (guint k = 0; k < tf->res->len && !opt; k++)
        n_opts += is_type((TfRes *)tf->res->pdata[k], "aws_vpc_dhcp_options");
      for (guint k = 0; k < tf->res->len && !opt && n_opts == 1; k++)
        if (is_type((TfRes *)tf->res->pdata[k], "aws_vpc_dhcp_options"))
          opt = tf->res->pdata[k];
      if (!opt)
        continue;
      g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func(g_free);
      JsonNode *sn = NULL;
      if (!string_list(tf, opt->values, "domain_name_servers", servers, &sn, error))
        return FALSE;
      if (!sn)
        continue;
      as->used = opt->used = TRUE;
      gboolean amazon = strv_has(servers, "AmazonProvidedDNS");
      g_autofree char *cite = sim_import_doc_cite(doc, sn);
      sim_import_set(imp, "vpc", "amazon_provided_dns", amazon ? "true" : "false", "%s (associated by %s)", cite,
                     as->address);
      break;
    }
  }

  /* Subnets: AZs and whether any is public */
  const char *vpc_id = v ? val_string(tf, v->values, "id") : NULL;
  GHashTable *azs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint n_subnets = 0, n_public = 0, n_unknown_az = 0;
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (!is_type(r, "aws_subnet"))
      continue;
    const char *sv = val_string(tf, r->values, "vpc_id");
    if (vpc_id && sv && strcmp(sv, vpc_id) != 0)
      continue;
    r->used = TRUE;
    n_subnets++;
    const char *az = val_string(tf, r->values, "availability_zone");
    if (!az)
      az = val_string(tf, r->values, "availability_zone_id");
    if (az)
      g_hash_table_add(azs, g_strdup(az));
    else
      n_unknown_az++;
    const char *how;
    n_public += subnet_kind(tf, r, &how) == KIND_PUBLIC;
  }
  if (g_hash_table_size(azs) > 0) {
    g_autofree char *n = g_strdup_printf("%u", g_hash_table_size(azs));
    sim_import_set(imp, "vpc", "azs", n, "the availability_zone of the %u aws_subnet resources (%u zones)", n_subnets,
                   g_hash_table_size(azs));
    if (n_unknown_az)
      sim_import_warn_path(imp, name, "aws_subnet", SIM_IMPORT_WARN, "%u subnets have no known availability zone",
                           n_unknown_az);
  } else if (n_subnets) {
    sim_import_warn_path(imp, name, "aws_subnet", SIM_IMPORT_WARN, "the subnets' availability zones are not known: "
                         "eksim's default [vpc] azs applies");
  }
  g_hash_table_unref(azs);
  if (n_subnets > 0)
    imp->has_public_subnets = n_public > 0;

  /* NAT gateways: authoritative only when this file builds the network */
  guint n_nat = 0, n_private_nat = 0;
  GString *nat_list = g_string_new(NULL);
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (!is_type(r, "aws_nat_gateway") || r->data)
      continue;
    r->used = TRUE;
    const char *ct = val_string(tf, r->values, "connectivity_type");
    if (ct && strcmp(ct, "private") == 0) {
      n_private_nat++;
      continue;
    }
    g_string_append_printf(nat_list, "%s%s", n_nat ? ", " : "", r->address);
    n_nat++;
  }
  if (n_private_nat)
    sim_import_warn_path(imp, name, "aws_nat_gateway", SIM_IMPORT_WARN, "%u private NAT gateways (connectivity_type "
                         "private) give no internet access and are not modelled", n_private_nat);
  gboolean builds_network = (v && !v->data) || n_subnets > 0;
  if (n_nat > 0 || builds_network) {
    const char *azs_text = sim_import_value(imp, "vpc", "azs");
    guint n_azs = azs_text ? (guint)g_ascii_strtoull(azs_text, NULL, 10) : 0;
    const char *mode = n_nat == 0 ? "none" : n_nat == 1 ? "single" : "per-az";
    if (n_nat == 0)
      sim_import_set(imp, "vpc", "nat", mode, "no aws_nat_gateway among the network resources of this file");
    else
      sim_import_set(imp, "vpc", "nat", mode, "%u aws_nat_gateway: %s", n_nat, nat_list->str);
    if (n_nat > 1 && n_azs && n_nat != n_azs)
      sim_import_warn_path(imp, name, "aws_nat_gateway", SIM_IMPORT_WARN, "%u NAT gateways for %u zones: modelled as "
                           "one per zone", n_nat, n_azs);
  } else {
    sim_import_warn_path(imp, name, "", SIM_IMPORT_WARN, "no VPC, subnets or NAT gateways in this file: eksim's "
                         "default [vpc] nat applies");
  }
  g_string_free(nat_list, TRUE);

  /* Route 53 Resolver inbound endpoint */
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (!is_type(r, "aws_route53_resolver_endpoint"))
      continue;
    r->used = TRUE;
    JsonNode *dn = val(tf, r, "direction");
    const char *dir;
    if (dn && !sim_import_doc_string(doc, dn, &dir, error))
      return FALSE;
    if (dn && g_ascii_strcasecmp(dir, "INBOUND") == 0) {
      const char *ds = sim_import_value(imp, "vpc", "dns_support");
      if (ds && strcmp(ds, "false") == 0) {
        sim_import_warn(imp, doc, dn, SIM_IMPORT_WARN, "an inbound Resolver endpoint in a VPC with DNS support off "
                        "answers nothing: not modelled");
        continue;
      }
      g_autofree char *cite = sim_import_doc_cite(doc, dn);
      sim_import_set(imp, "vpc", "resolver_inbound_endpoint", "true", "%s = %s", cite, dir);
    }
  }
  return TRUE;
}

static gboolean
map_node_groups(Tf *tf, TfRes *cluster, guint *count, GError **error)
{
  SimImport *imp = tf->imp;
  SimImportDoc *doc = tf->doc;
  const char *cname = tf->imp->cluster_name;
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    gboolean ng = is_type(r, "aws_eks_node_group"), fp = is_type(r, "aws_eks_fargate_profile");
    gboolean asg = is_type(r, "aws_autoscaling_group");
    if ((!ng && !fp && !asg) || r->data)
      continue;
    if (ng || fp) {
      const char *rc = val_string(tf, r->values, "cluster_name");
      if (rc && cname && strcmp(rc, cname) != 0)
        continue; /* another cluster's: reported as not mapped */
    } else {
      /* self-managed nodes: an ASG tagged kubernetes.io/cluster/NAME */
      g_autofree char *want = g_strdup_printf("kubernetes.io/cluster/%s", cname ? cname : "");
      gboolean tagged = FALSE;
      JsonNode *tags = val(tf, r, "tag");
      if (tags && JSON_NODE_HOLDS_ARRAY(tags)) {
        JsonArray *a = json_node_get_array(tags);
        for (guint j = 0; j < json_array_get_length(a); j++) {
          JsonNode *t = json_array_get_element(a, j);
          const char *k = JSON_NODE_HOLDS_OBJECT(t) ? val_string(tf, t, "key") : NULL;
          tagged |= k && strcmp(k, want) == 0;
        }
      }
      if (!tagged)
        continue;
    }
    r->used = TRUE;
    (*count)++;
    const char *gname = val_string(tf, r->values, ng ? "node_group_name" : fp ? "fargate_profile_name" : "name");
    g_autofree char *fallback = NULL;
    if (!gname && ng) {
      /* node_group_name_prefix "general-": EKS appends a random suffix at apply */
      const char *prefix = val_string(tf, r->values, "node_group_name_prefix");
      if (prefix && *prefix) {
        fallback = g_strdup(prefix);
        gname = fallback;
      }
    }
    if (!gname) {
      /* the for_each key of the innermost module ("module.eks.module.eks_managed_node_group[\"general\"]"),
       * else the resource's own name and index */
      const char *key = g_strrstr(r->module, "[\"");
      if (key && g_str_has_suffix(r->module, "\"]")) {
        fallback = g_strndup(key + 2, strlen(key) - 4);
      } else {
        const char *br = strchr(r->address + strlen(r->module), '[');
        fallback = br ? g_strdup_printf("%s%s", r->name, br) : g_strdup(r->name);
      }
      gname = fallback;
    }
    g_autofree char *inst = sim_import_instance_name(imp, "nodegroup", gname);
    g_autofree char *group = g_strconcat("nodegroup.", inst, NULL);
    sim_import_group_comment(imp, group, r->address);
    if (fp) {
      sim_import_set(imp, group, "type", "fargate", "%s (an EKS Fargate profile)", r->address);
      sim_import_set(imp, group, "nodes", "2", "ASSUMED: a Fargate profile names no node count (each pod gets its own "
                     "node)");
      sim_import_warn_path(imp, sim_import_doc_name(doc), r->address, SIM_IMPORT_WARN,
                           "a Fargate profile has no node count (one Fargate node per pod); nodes = 2 assumed");
      sim_import_set(imp, group, "subnet", "private", "Fargate pods run in private subnets only (EKS "
                     "CreateFargateProfile, facts §4)");
      continue;
    }
    sim_import_set(imp, group, "type", ng ? "managed" : "self-managed", "%s (%s)", r->address,
                   ng ? "an EKS managed node group" : "an Auto Scaling group tagged for the cluster: self-managed nodes");
    JsonNode *size_node = NULL;
    gint64 n = 0;
    if (ng) {
      JsonNode *sc = block0(tf, r->values, "scaling_config", error);
      if (!sc && *error)
        return FALSE;
      size_node = sc ? sim_import_doc_member(doc, sc, "desired_size") : NULL;
    } else {
      size_node = val(tf, r, "desired_capacity");
      if (!size_node)
        size_node = val(tf, r, "min_size");
    }
    if (size_node) {
      if (!sim_import_doc_int(doc, size_node, &n, error))
        return FALSE;
      if (n < 0) {
        sim_import_doc_error(doc, size_node, error, SIM_IMPORT_ERROR_BAD_VALUE,
                             "%" G_GINT64_FORMAT " nodes; allowed: 0 or more", n);
        return FALSE;
      }
      g_autofree char *text = g_strdup_printf("%" G_GINT64_FORMAT, n);
      g_autofree char *cite = sim_import_doc_cite(doc, size_node);
      sim_import_set(imp, group, "nodes", text, "%s", cite);
    } else {
      sim_import_set(imp, group, "nodes", "2", "ASSUMED: %s gives no desired size", r->address);
      sim_import_warn_path(imp, sim_import_doc_name(doc), r->address, SIM_IMPORT_WARN,
                           "no desired size known: nodes = 2 assumed");
    }
    group_subnet(tf, r, ng ? "subnet_ids" : "vpc_zone_identifier", group);
  }
  (void)cluster;
  return TRUE;
}

/* Does @rule_sg (a security group ID, or unknown) belong to the cluster? */
static gboolean
is_cluster_sg(Tf *tf, TfRes *cluster, TfRes *rule, const char *attr, const char *rule_sg)
{
  JsonNode *vc = block0(tf, cluster->values, "vpc_config", NULL);
  if (rule_sg && vc) {
    const char *csg = val_string(tf, vc, "cluster_security_group_id");
    if (csg && strcmp(csg, rule_sg) == 0)
      return TRUE;
    JsonNode *ids = sim_import_doc_member(tf->doc, vc, "security_group_ids");
    if (ids && JSON_NODE_HOLDS_ARRAY(ids)) {
      JsonArray *a = json_node_get_array(ids);
      for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonNode *e = json_array_get_element(a, i);
        if (JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_STRING &&
            strcmp(json_node_get_string(e), rule_sg) == 0)
          return TRUE;
      }
    }
    return FALSE;
  }
  /* Unknown ID (a plan): the rule's configuration references the cluster's security group. */
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func(g_free);
  config_refs(tf, rule, attr, refs);
  g_autoptr(GPtrArray) cl = g_ptr_array_new_with_free_func(g_free);
  config_refs(tf, cluster, "vpc_config.security_group_ids", cl);
  for (guint i = 0; i < refs->len; i++) {
    const char *ref = refs->pdata[i];
    if (strstr(ref, "cluster_security_group_id") || (strstr(ref, "aws_eks_cluster.") && strstr(ref, "vpc_config")))
      return TRUE;
    for (guint j = 0; j < cl->len; j++)
      if (strcmp(ref, cl->pdata[j]) == 0 && strstr(ref, "aws_security_group."))
        return TRUE;
  }
  return FALSE;
}

static gboolean
port_443(Tf *tf, JsonNode *obj, const char *proto_key)
{
  JsonNode *f = sim_import_doc_member(tf->doc, obj, "from_port");
  JsonNode *t = sim_import_doc_member(tf->doc, obj, "to_port");
  const char *proto = val_string(tf, obj, proto_key);
  gboolean all = proto && (strcmp(proto, "-1") == 0 || g_ascii_strcasecmp(proto, "all") == 0);
  if (all)
    return TRUE;
  if (!proto || (g_ascii_strcasecmp(proto, "tcp") != 0 && strcmp(proto, "6") != 0))
    return FALSE;
  if (!f || !t || !JSON_NODE_HOLDS_VALUE(f) || !JSON_NODE_HOLDS_VALUE(t))
    return FALSE;
  gint64 from = json_node_get_value_type(f) == G_TYPE_INT64 ? json_node_get_int(f) : (gint64)json_node_get_double(f);
  gint64 to = json_node_get_value_type(t) == G_TYPE_INT64 ? json_node_get_int(t) : (gint64)json_node_get_double(t);
  return from <= 443 && 443 <= to;
}

static gboolean
map_security_groups(Tf *tf, TfRes *cluster, GError **error)
{
  SimImport *imp = tf->imp;
  SimImportDoc *doc = tf->doc;
  g_autoptr(GPtrArray) cidrs = g_ptr_array_new_with_free_func(g_free);
  GString *cites = g_string_new(NULL);
  gboolean sg_source = FALSE;
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    if (r->data)
      continue;
    if (is_type(r, "aws_security_group_rule")) {
      const char *type = val_string(tf, r->values, "type");
      if (!type || strcmp(type, "ingress") != 0 || !port_443(tf, r->values, "protocol") ||
          !is_cluster_sg(tf, cluster, r, "security_group_id", val_string(tf, r->values, "security_group_id")))
        continue;
      r->used = TRUE;
      JsonNode *cb = val(tf, r, "cidr_blocks");
      if (cb && JSON_NODE_HOLDS_ARRAY(cb)) {
        JsonArray *a = json_node_get_array(cb);
        for (guint j = 0; j < json_array_get_length(a); j++)
          if (!sim_import_cidr(doc, json_array_get_element(a, j), cidrs, error))
            return FALSE;
        g_string_append_printf(cites, "%s%s.cidr_blocks", cites->len ? ", " : "", r->address);
      }
      sg_source |= val_string(tf, r->values, "source_security_group_id") != NULL ||
                   (sim_import_doc_member(doc, r->values, "self") &&
                    json_node_get_value_type(val(tf, r, "self")) == G_TYPE_BOOLEAN &&
                    json_node_get_boolean(val(tf, r, "self")));
    } else if (is_type(r, "aws_vpc_security_group_ingress_rule")) {
      if (!port_443(tf, r->values, "ip_protocol") ||
          !is_cluster_sg(tf, cluster, r, "security_group_id", val_string(tf, r->values, "security_group_id")))
        continue;
      r->used = TRUE;
      JsonNode *c4 = val(tf, r, "cidr_ipv4");
      if (c4) {
        if (!sim_import_cidr(doc, c4, cidrs, error))
          return FALSE;
        g_string_append_printf(cites, "%s%s.cidr_ipv4", cites->len ? ", " : "", r->address);
      }
      sg_source |= val_string(tf, r->values, "referenced_security_group_id") != NULL;
    } else if (is_type(r, "aws_security_group")) {
      /* inline ingress blocks of a security group the cluster uses */
      if (!is_cluster_sg(tf, cluster, r, "id", val_string(tf, r->values, "id")))
        continue;
      JsonNode *ing = val(tf, r, "ingress");
      if (!ing || !JSON_NODE_HOLDS_ARRAY(ing))
        continue;
      r->used = TRUE;
      JsonArray *a = json_node_get_array(ing);
      for (guint j = 0; j < json_array_get_length(a); j++) {
        JsonNode *rule = json_array_get_element(a, j);
        if (!JSON_NODE_HOLDS_OBJECT(rule) || !port_443(tf, rule, "protocol"))
          continue;
        JsonNode *cb = sim_import_doc_member(doc, rule, "cidr_blocks");
        if (cb && JSON_NODE_HOLDS_ARRAY(cb)) {
          JsonArray *ca = json_node_get_array(cb);
          for (guint k = 0; k < json_array_get_length(ca); k++)
            if (!sim_import_cidr(doc, json_array_get_element(ca, k), cidrs, error))
              return FALSE;
          g_string_append_printf(cites, "%s%s.ingress[%u].cidr_blocks", cites->len ? ", " : "", r->address, j);
        }
        JsonNode *sgs = sim_import_doc_member(doc, rule, "security_groups");
        sg_source |= sgs && JSON_NODE_HOLDS_ARRAY(sgs) && json_array_get_length(json_node_get_array(sgs)) > 0;
      }
    }
  }
  if (cidrs->len > 0) {
    g_autofree char *list = sim_import_join(cidrs);
    sim_import_set(imp, "cluster", "security_group_allow", list, "TCP 443 ingress to the cluster security group: %s",
                   cites->str);
    imp->sg_allow_set = TRUE;
  }
  if (sg_source)
    sim_import_warn_path(imp, sim_import_doc_name(doc), "", SIM_IMPORT_WARN, "the cluster security group admits 443 "
                         "from other security groups (not CIDRs); eksim's security_group_allow takes CIDRs, so those "
                         "sources are %s", cidrs->len ? "left out" : "represented by the VPC CIDR");
  g_string_free(cites, TRUE);
  return TRUE;
}

/* One warning per resource type nobody mapped, listing the addresses. */
static void
report_unmapped(Tf *tf)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < tf->res->len; i++) {
    TfRes *r = tf->res->pdata[i];
    g_autofree char *t = g_strdup_printf("%s%s", r->data ? "data." : "", r->type);
    if (!r->used && !strv_has(types, t))
      g_ptr_array_add(types, g_steal_pointer(&t));
  }
  for (guint ti = 0; ti < types->len; ti++) {
    const char *t = types->pdata[ti];
    const char *bare = g_str_has_prefix(t, "data.") ? t + 5 : t;
    GString *addrs = g_string_new(NULL);
    guint n = 0;
    for (guint i = 0; i < tf->res->len; i++) {
      TfRes *r = tf->res->pdata[i];
      g_autofree char *rt = g_strdup_printf("%s%s", r->data ? "data." : "", r->type);
      if (r->used || strcmp(rt, t) != 0)
        continue;
      sim_import_doc_consume(tf->doc, r->values, TRUE);
      if (n < 4)
        g_string_append_printf(addrs, "%s%s", n ? ", " : "", r->address);
      n++;
    }
    if (n > 4)
      g_string_append_printf(addrs, " and %u more", n - 4);
    gboolean helper = FALSE;
    for (gsize k = 0; k < G_N_ELEMENTS(tf_helper_types); k++)
      helper |= strcmp(bare, tf_helper_types[k]) == 0;
    const char *reason = NULL;
    gboolean ignored = FALSE;
    if (helper) {
      reason = g_str_has_prefix(bare, "aws_route") ? "read to tell public from private subnets"
               : strcmp(bare, "aws_subnets") == 0 ? "subnet ID lists: the subnets themselves are read"
                                                  : "no TCP 443 ingress from CIDRs to the cluster's security groups";
      ignored = TRUE;
    } else if (strcmp(bare, "aws_eks_cluster") == 0) {
      reason = "another EKS cluster: one cluster is imported per scenario (--cluster chooses)";
    } else if (strcmp(bare, "aws_eks_node_group") == 0 || strcmp(bare, "aws_eks_fargate_profile") == 0) {
      reason = "belongs to another cluster";
      ignored = TRUE;
    } else if (strcmp(bare, "aws_autoscaling_group") == 0) {
      reason = "not tagged kubernetes.io/cluster/<cluster>: not taken for the cluster's nodes";
    } else if (strcmp(bare, "aws_subnet") == 0 || strcmp(bare, "aws_vpc") == 0) {
      reason = "not the cluster's VPC";
      ignored = TRUE;
    } else if (strcmp(bare, "aws_route53_resolver_endpoint") == 0) {
      reason = "an outbound resolver endpoint is not modelled";
    } else {
      for (gsize k = 0; k < G_N_ELEMENTS(tf_type_reasons) && !reason; k++)
        if (g_str_has_prefix(bare, tf_type_reasons[k].prefix)) {
          reason = tf_type_reasons[k].reason;
          ignored = tf_type_reasons[k].ignored;
        }
    }
    sim_import_note_resources(tf->imp, sim_import_doc_name(tf->doc), t, addrs->str,
                              ignored ? SIM_IMPORT_IGNORED : SIM_IMPORT_WARN,
                              reason ? reason : "a resource type eksim import does not recognise; not mapped");
    g_string_free(addrs, TRUE);
  }
}

gboolean
sim_import_read_terraform(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error)
{
  JsonNode *root = sim_import_doc_root(doc);
  Tf tf = { .imp = imp, .doc = doc, .res = g_ptr_array_new_with_free_func(tfres_free) };
  gboolean ok = FALSE;

  if (imp->format == SIM_IMPORT_FORMAT_TERRAFORM_TFSTATE) {
    if (!collect_tfstate(&tf, error))
      goto out;
  } else {
    const char *fv;
    gboolean found;
    if (!sim_import_doc_get_string(doc, root, "format_version", &found, &fv, error))
      goto out;
    if (!g_str_has_prefix(fv, "1.")) {
      sim_import_doc_error(doc, sim_import_doc_member(doc, root, "format_version"), error, SIM_IMPORT_ERROR_UNSUPPORTED,
                           "'%s' is not supported; allowed: 1.x (Terraform 0.12 and later)", fv);
      goto out;
    }
    tf.plan = imp->format == SIM_IMPORT_FORMAT_TERRAFORM_PLAN;
    JsonNode *values = sim_import_doc_get_object(doc, root, tf.plan ? "planned_values" : "values", error);
    if (!values && *error)
      goto out;
    JsonNode *mod = values ? sim_import_doc_get_object(doc, values, "root_module", error) : NULL;
    if (!mod && *error)
      goto out;
    if (mod && !collect_module(&tf, mod, 0, error))
      goto out;
    JsonNode *cfg = json_object_get_member(json_node_get_object(root), "configuration");
    tf.config_root = obj_get(cfg, "root_module");
    /* the region, from the provider configuration */
    JsonNode *region = obj_get(obj_get(obj_get(obj_get(obj_get(cfg, "provider_config"), "aws"), "expressions"),
                                       "region"), "constant_value");
    if (region && JSON_NODE_HOLDS_VALUE(region) && json_node_get_value_type(region) == G_TYPE_STRING)
      imp->region = g_strdup(json_node_get_string(region));
  }

  TfRes *cluster = NULL;
  if (!choose_cluster(&tf, opts, &cluster, error) || !map_cluster(&tf, cluster, error) ||
      !map_vpc(&tf, cluster, error))
    goto out;
  guint n_groups = 0;
  if (!map_node_groups(&tf, cluster, &n_groups, error) || !map_security_groups(&tf, cluster, error))
    goto out;
  if (n_groups == 0)
    sim_import_warn_path(imp, sim_import_doc_name(doc), "", SIM_IMPORT_WARN, "no aws_eks_node_group, "
                         "aws_eks_fargate_profile or tagged aws_autoscaling_group for this cluster: the scenario has no "
                         "worker nodes");

  report_unmapped(&tf);
  for (guint i = 0; i < tf.res->len; i++) {
    TfRes *r = tf.res->pdata[i];
    if (r->used)
      sim_import_report_unconsumed(imp, doc, r->values, tf_attr_reasons, G_N_ELEMENTS(tf_attr_reasons));
    sim_import_doc_consume(doc, r->values, TRUE); /* reported above: not again at the document level */
  }
  /* Mark the resource lists themselves read, then report what is left at the document level. */
  sim_import_report_unconsumed(imp, doc, root, tf_doc_reasons, G_N_ELEMENTS(tf_doc_reasons));
  ok = TRUE;

out:
  g_ptr_array_unref(tf.res);
  return ok;
}
