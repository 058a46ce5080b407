/* SimImport: recognises the source format from the file's content and hands the parsed document
 * to its reader; holds the scenario values (with the source field each came from) and the
 * warnings the readers produce. The helpers here are shared by the three readers. */
#include "import/import.h"

#include <stdarg.h>
#include <string.h>

#include "import/doc.h"
#include "import/model.h"
#include "net/addr.h"

G_DEFINE_QUARK(sim-import-error-quark, sim_import_error)

/* Larger files are refused before parsing: a real ClusterConfig is a few KiB, a large Terraform
 * plan a few MiB. */
#define SIM_IMPORT_MAX_BYTES (256u * 1024u * 1024u)

static void
entry_free(gpointer p)
{
  SimImportEntry *e = p;
  g_free(e->key);
  g_free(e->value);
  g_free(e->source);
  g_free(e);
}

static void
group_free(gpointer p)
{
  SimImportGroup *g = p;
  g_free(g->name);
  g_free(g->comment);
  g_ptr_array_unref(g->entries);
  g_free(g);
}

static void
warning_free(gpointer p)
{
  SimImportWarning *w = p;
  g_free(w->where);
  g_free(w->path);
  g_free(w->generic);
  g_free(w->message);
  g_free(w);
}

static SimImport *
import_new(const char *file)
{
  SimImport *imp = g_new0(SimImport, 1);
  imp->file = g_strdup(file);
  imp->groups = g_ptr_array_new_with_free_func(group_free);
  imp->warnings = g_ptr_array_new_with_free_func(warning_free);
  imp->public_access_cidrs = g_ptr_array_new_with_free_func(g_free);
  imp->public_access = TRUE; /* EKS default, facts §1.1 */
  imp->has_public_subnets = TRUE;
  return imp;
}

void
sim_import_free(SimImport *imp)
{
  if (!imp)
    return;
  g_free(imp->file);
  g_free(imp->cluster_name);
  g_free(imp->region);
  g_free(imp->endpoint_source);
  g_free(imp->vpc_cidr);
  g_ptr_array_unref(imp->groups);
  g_ptr_array_unref(imp->warnings);
  g_ptr_array_unref(imp->public_access_cidrs);
  g_free(imp);
}

static SimImportGroup *
group_get(SimImport *imp, const char *name)
{
  for (guint i = 0; i < imp->groups->len; i++) {
    SimImportGroup *g = imp->groups->pdata[i];
    if (strcmp(g->name, name) == 0)
      return g;
  }
  SimImportGroup *g = g_new0(SimImportGroup, 1);
  g->name = g_strdup(name);
  g->entries = g_ptr_array_new_with_free_func(entry_free);
  g_ptr_array_add(imp->groups, g);
  return g;
}

gboolean
sim_import_has_group(const SimImport *imp, const char *group)
{
  for (guint i = 0; i < imp->groups->len; i++)
    if (strcmp(((SimImportGroup *)imp->groups->pdata[i])->name, group) == 0)
      return TRUE;
  return FALSE;
}

void
sim_import_set(SimImport *imp, const char *group, const char *key, const char *value, const char *source_fmt, ...)
{
  SimImportGroup *g = group_get(imp, group);
  va_list ap;
  va_start(ap, source_fmt);
  char *source = g_strdup_vprintf(source_fmt, ap);
  va_end(ap);
  for (guint i = 0; i < g->entries->len; i++) {
    SimImportEntry *e = g->entries->pdata[i];
    if (strcmp(e->key, key) == 0) {
      g_free(e->value);
      g_free(e->source);
      e->value = g_strdup(value);
      e->source = source;
      return;
    }
  }
  SimImportEntry *e = g_new0(SimImportEntry, 1);
  e->key = g_strdup(key);
  e->value = g_strdup(value);
  e->source = source;
  g_ptr_array_add(g->entries, e);
}

void
sim_import_group_comment(SimImport *imp, const char *group, const char *comment)
{
  SimImportGroup *g = group_get(imp, group);
  g_free(g->comment);
  g->comment = g_strdup(comment);
}

const char *
sim_import_value(const SimImport *imp, const char *group, const char *key)
{
  for (guint i = 0; i < imp->groups->len; i++) {
    SimImportGroup *g = imp->groups->pdata[i];
    if (strcmp(g->name, group) != 0)
      continue;
    for (guint j = 0; j < g->entries->len; j++) {
      SimImportEntry *e = g->entries->pdata[j];
      if (strcmp(e->key, key) == 0)
        return e->value;
    }
  }
  return NULL;
}

/* Messages quote text from the file (a JSON token, a key, a value): control characters are
 * written as escapes so every message stays one line. Takes ownership of @s. */
static char *
one_line(char *s)
{
  if (!s)
    return NULL;
  gboolean clean = TRUE;
  for (const char *p = s; *p && clean; p++)
    clean = (unsigned char)*p >= 0x20 && *p != 0x7f;
  if (clean)
    return s;
  GString *out = g_string_new(NULL);
  for (const char *p = s; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\n')
      g_string_append(out, "\\n");
    else if (c == '\t')
      g_string_append(out, "\\t");
    else if (c < 0x20 || c == 0x7f)
      g_string_append_printf(out, "\\x%02x", c);
    else
      g_string_append_c(out, (char)c);
  }
  g_free(s);
  return g_string_free(out, FALSE);
}

static void
warn_add(SimImport *imp, char *where, char *path, char *generic, SimImportWarningKind kind, char *message)
{
  where = one_line(where);
  path = one_line(path);
  generic = one_line(generic);
  message = one_line(message);
  SimImportWarning *w = g_new0(SimImportWarning, 1);
  w->kind = kind;
  w->where = where;
  w->path = path;
  w->generic = generic ? generic : g_strdup(path);
  w->message = message;
  g_ptr_array_add(imp->warnings, w);
}

/* Index of the '.' that starts the last component of @path, outside ["..."]; -1 if none. */
static gssize
last_dot(const char *path)
{
  gssize dot = -1;
  gboolean quoted = FALSE;
  for (gssize i = 0; path[i]; i++) {
    if (path[i] == '"')
      quoted = !quoted;
    else if (path[i] == '.' && !quoted)
      dot = i;
  }
  return dot;
}

GPtrArray *
sim_import_ignored_summary(const SimImport *imp)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  guint n = imp->warnings->len;
  gboolean *done = g_new0(gboolean, n);
  /* Fields of one kind across objects ("aws_subnet.tags" of six subnets) make one line. */
  GPtrArray *singles = g_ptr_array_new(); /* of const SimImportWarning* */
  for (guint i = 0; i < n; i++) {
    const SimImportWarning *w = imp->warnings->pdata[i];
    if (done[i] || w->kind != SIM_IMPORT_IGNORED)
      continue;
    GPtrArray *paths = g_ptr_array_new();
    for (guint j = i; j < n; j++) {
      const SimImportWarning *v = imp->warnings->pdata[j];
      if (!done[j] && v->kind == SIM_IMPORT_IGNORED && strcmp(v->generic, w->generic) == 0 &&
          strcmp(v->message, w->message) == 0) {
        done[j] = TRUE;
        g_ptr_array_add(paths, v->path);
      }
    }
    if (paths->len == 1) {
      g_ptr_array_add(singles, (gpointer)w);
    } else {
      GString *s = g_string_new(NULL);
      g_string_append_printf(s, "%s: %s (%u fields: ", w->generic, w->message, paths->len);
      for (guint k = 0; k < paths->len && k < 3; k++)
        g_string_append_printf(s, "%s%s", k ? ", " : "", (const char *)paths->pdata[k]);
      if (paths->len > 3)
        g_string_append_printf(s, " and %u more", paths->len - 3);
      g_string_append_c(s, ')');
      g_ptr_array_add(lines, g_string_free(s, FALSE));
    }
    g_ptr_array_unref(paths);
  }
  /* Single fields of one object with one reason make one line: "OBJECT: a, b, c: REASON". */
  gboolean *used = g_new0(gboolean, singles->len);
  for (guint i = 0; i < singles->len; i++) {
    if (used[i])
      continue;
    const SimImportWarning *w = singles->pdata[i];
    gssize dot = last_dot(w->path);
    if (dot <= 0) {
      g_ptr_array_add(lines, g_strdup_printf("%s: %s", w->path, w->message));
      continue;
    }
    GString *leaves = g_string_new(NULL);
    guint count = 0;
    for (guint j = i; j < singles->len; j++) {
      const SimImportWarning *v = singles->pdata[j];
      if (used[j] || last_dot(v->path) != dot || strncmp(v->path, w->path, (gsize)dot) != 0 ||
          strcmp(v->message, w->message) != 0)
        continue;
      used[j] = TRUE;
      g_string_append_printf(leaves, "%s%s", count++ ? ", " : "", v->path + dot + 1);
    }
    if (count == 1)
      g_ptr_array_add(lines, g_strdup_printf("%s: %s", w->path, w->message));
    else
      g_ptr_array_add(lines, g_strdup_printf("%.*s: %s: %s", (int)dot, w->path, leaves->str, w->message));
    g_string_free(leaves, TRUE);
  }
  g_free(used);
  g_ptr_array_unref(singles);
  g_free(done);
  return lines;
}

void
sim_import_warn(SimImport *imp, SimImportDoc *doc, JsonNode *node, SimImportWarningKind kind, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  warn_add(imp, sim_import_doc_where(doc, node), node ? sim_import_doc_path(doc, node) : g_strdup(""),
           node ? sim_import_doc_generic_path(doc, node) : NULL, kind, msg);
}

void
sim_import_warn_path(SimImport *imp, const char *where, const char *path, SimImportWarningKind kind, const char *fmt,
                     ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  warn_add(imp, g_strdup(where), g_strdup(path ? path : ""), NULL, kind, msg);
}

char *
sim_import_join(const GPtrArray *list)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)list->pdata[i]);
  return g_string_free(s, FALSE);
}

void
sim_import_note_resources(SimImport *imp, const char *where, const char *generic, const char *paths,
                          SimImportWarningKind kind, const char *reason)
{
  warn_add(imp, g_strdup(where), g_strdup(paths), g_strdup(generic), kind, g_strdup(reason));
}

gboolean
sim_import_cidr(SimImportDoc *doc, JsonNode *node, GPtrArray *list, GError **error)
{
  const char *text;
  if (!sim_import_doc_string(doc, node, &text, error))
    return FALSE;
  g_autofree char *trimmed = g_strstrip(g_strdup(text));
  SimCidr cidr;
  g_autoptr(GError) err = NULL;
  if (!strchr(trimmed, '/') || !sim_cidr_parse(trimmed, TRUE, &cidr, &err)) {
    const char *why = strchr(trimmed, ':') ? "an IPv6 block; eksim models IPv4 clusters, whose endpoint CIDR "
                                             "lists take IPv4 blocks only (facts §1.2)"
                      : err && err->code == SIM_ADDR_ERROR_HOST_BITS ? "host bits are set"
                                                                     : "not an IPv4 CIDR block";
    sim_import_doc_error(doc, node, error, SIM_IMPORT_ERROR_BAD_VALUE, "'%s' is %s; allowed: %s", trimmed, why,
                         SIM_CIDR_ALLOWED);
    return FALSE;
  }
  char buf[20];
  sim_cidr_format(cidr, buf);
  for (guint i = 0; i < list->len; i++)
    if (strcmp(list->pdata[i], buf) == 0)
      return TRUE;
  g_ptr_array_add(list, g_strdup(buf));
  return TRUE;
}

gboolean
sim_import_vpc_cidr(SimImportDoc *doc, JsonNode *node, GPtrArray *list, GError **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func(g_free);
  if (!sim_import_cidr(doc, node, one, error))
    return FALSE;
  SimCidr c, d;
  sim_cidr_parse(one->pdata[0], TRUE, &c, NULL);
  if (c.len < 16 || c.len > 28) {
    sim_import_doc_error(doc, node, error, SIM_IMPORT_ERROR_BAD_VALUE, "%s is a /%u block; allowed: VPC blocks from "
                         "/16 to /28 (AWS VPC limits)", (const char *)one->pdata[0], c.len);
    return FALSE;
  }
  for (guint i = 0; i < list->len; i++) {
    sim_cidr_parse(list->pdata[i], TRUE, &d, NULL);
    if (sim_cidr_overlaps(c, d) && strcmp(list->pdata[i], one->pdata[0]) != 0) {
      sim_import_doc_error(doc, node, error, SIM_IMPORT_ERROR_BAD_VALUE, "%s overlaps the VPC block %s; allowed: "
                           "blocks that do not overlap", (const char *)one->pdata[0], (const char *)list->pdata[i]);
      return FALSE;
    }
  }
  for (guint i = 0; i < list->len; i++)
    if (strcmp(list->pdata[i], one->pdata[0]) == 0)
      return TRUE;
  g_ptr_array_add(list, g_strdup(one->pdata[0]));
  return TRUE;
}

char *
sim_import_instance_name(SimImport *imp, const char *family, const char *name)
{
  GString *s = g_string_new(NULL);
  for (const char *p = name ? name : ""; *p; p++)
    g_string_append_c(s, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '-');
  while (s->len && s->str[0] == '-')
    g_string_erase(s, 0, 1);
  while (s->len && s->str[s->len - 1] == '-')
    g_string_truncate(s, s->len - 1);
  if (s->len == 0)
    g_string_assign(s, "unnamed");
  if (s->len > 48)
    g_string_truncate(s, 48);
  g_autofree char *base = g_string_free(s, FALSE);
  char *candidate = g_strdup(base);
  for (guint n = 2;; n++) {
    g_autofree char *group = g_strconcat(family, ".", candidate, NULL);
    if (!sim_import_has_group(imp, group))
      return candidate;
    g_free(candidate);
    candidate = g_strdup_printf("%s-%u", base, n);
  }
}

gboolean
sim_import_set_endpoint(SimImport *imp, SimImportDoc *doc, JsonNode *node, gboolean pub, gboolean priv,
                        const char *source, GError **error)
{
  if (!pub && !priv) {
    sim_import_doc_error(doc, node, error, SIM_IMPORT_ERROR_NOT_ALLOWED,
                         "public and private endpoint access are both false; EKS does not allow a cluster "
                         "without either (facts §1.2); allowed: at least one of them true");
    return FALSE;
  }
  imp->public_access = pub;
  imp->private_access = priv;
  g_free(imp->endpoint_source);
  imp->endpoint_source = g_strdup(source);
  sim_import_set(imp, "cluster", "endpoint", sim_import_endpoint(imp), "%s", source);
  return TRUE;
}

gboolean
sim_import_set_public_access_cidrs(SimImport *imp, SimImportDoc *doc, JsonNode *obj, const char *key,
                                   JsonNode **found, GError **error)
{
  GError *local = NULL;
  JsonNode *cidrs = sim_import_doc_get_array(doc, obj, key, &local);
  if (found)
    *found = cidrs;
  if (local) {
    g_propagate_error(error, local);
    return FALSE;
  }
  if (!cidrs)
    return TRUE;
  JsonArray *a = json_node_get_array(cidrs);
  for (guint i = 0; i < json_array_get_length(a); i++)
    if (!sim_import_cidr(doc, json_array_get_element(a, i), imp->public_access_cidrs, error))
      return FALSE;
  if (imp->public_access_cidrs->len > 0) {
    g_autofree char *list = sim_import_join(imp->public_access_cidrs);
    g_autofree char *cite = sim_import_doc_cite(doc, cidrs);
    sim_import_set(imp, "cluster", "public_access_cidrs", list, "%s", cite);
  }
  return TRUE;
}

const char *
sim_import_endpoint(const SimImport *imp)
{
  if (imp->public_access && imp->private_access)
    return "public+private";
  return imp->public_access ? "public" : "private";
}

typedef struct {
  SimImport *imp;
  const SimImportReason *table;
  gsize n_table;
} ReportCtx;

static void
report_one(SimImportDoc *doc, JsonNode *node, const char *path, gpointer data)
{
  ReportCtx *ctx = data;
  g_autofree char *generic = sim_import_doc_generic_path(doc, node);
  for (gsize i = 0; i < ctx->n_table; i++) {
    if (g_pattern_match_simple(ctx->table[i].pattern, generic)) {
      warn_add(ctx->imp, sim_import_doc_where(doc, node), g_strdup(path), g_strdup(generic),
               ctx->table[i].ignored ? SIM_IMPORT_IGNORED : SIM_IMPORT_WARN, g_strdup(ctx->table[i].reason));
      return;
    }
  }
  warn_add(ctx->imp, sim_import_doc_where(doc, node), g_strdup(path), g_strdup(generic), SIM_IMPORT_WARN,
           g_strdup("not recognised by eksim import; not mapped"));
}

void
sim_import_report_unconsumed(SimImport *imp, SimImportDoc *doc, JsonNode *node, const SimImportReason *table,
                             gsize n_table)
{
  ReportCtx ctx = { imp, table, n_table };
  sim_import_doc_walk_unconsumed(doc, node, report_one, &ctx);
}

SimImportFormat
sim_import_format(const SimImport *imp)
{
  return imp->format;
}

const char *
sim_import_format_name(SimImportFormat format)
{
  switch (format) {
  case SIM_IMPORT_FORMAT_EKSCTL:
    return "eksctl ClusterConfig";
  case SIM_IMPORT_FORMAT_DESCRIBE_CLUSTER:
    return "aws eks describe-cluster output";
  case SIM_IMPORT_FORMAT_TERRAFORM_PLAN:
    return "Terraform plan (terraform show -json)";
  case SIM_IMPORT_FORMAT_TERRAFORM_STATE:
    return "Terraform state (terraform show -json)";
  case SIM_IMPORT_FORMAT_TERRAFORM_TFSTATE:
    return "Terraform state file (terraform.tfstate)";
  }
  return "unknown";
}

const GPtrArray *
sim_import_warnings(const SimImport *imp)
{
  return imp->warnings;
}

/* Recognises the format from the document's top level. */
static gboolean
detect(SimImportDoc *doc, SimImportFormat *format, GError **error)
{
  JsonNode *root = sim_import_doc_root(doc);
  const char *name = sim_import_doc_name(doc);
  const char *expected = "expected an eksctl ClusterConfig (apiVersion: eksctl.io/v1alpha5, kind: ClusterConfig), "
                         "the JSON output of 'aws eks describe-cluster' (an object with \"cluster\") or "
                         "'terraform show -json' output (an object with \"format_version\")";
  if (!JSON_NODE_HOLDS_OBJECT(root)) {
    g_autofree char *found = sim_import_doc_describe(doc, root);
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED, "%s: not a cluster definition: found %s; %s",
                name, found, expected);
    return FALSE;
  }
  JsonObject *o = json_node_get_object(root);
  JsonNode *kind = json_object_get_member(o, "kind");
  JsonNode *api = json_object_get_member(o, "apiVersion");
  const char *kind_s = kind && JSON_NODE_HOLDS_VALUE(kind) && json_node_get_value_type(kind) == G_TYPE_STRING
                         ? json_node_get_string(kind) : NULL;
  const char *api_s = api && JSON_NODE_HOLDS_VALUE(api) && json_node_get_value_type(api) == G_TYPE_STRING
                        ? json_node_get_string(api) : NULL;
  if ((kind_s && strcmp(kind_s, "ClusterConfig") == 0) || (api_s && g_str_has_prefix(api_s, "eksctl.io/"))) {
    *format = SIM_IMPORT_FORMAT_EKSCTL;
    return TRUE;
  }
  if (kind_s || api_s) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED,
                "%s: kind '%s' (apiVersion '%s') is not a cluster definition eksim can import; %s",
                name, kind_s ? kind_s : "", api_s ? api_s : "", expected);
    return FALSE;
  }
  if (json_object_has_member(o, "cluster")) {
    *format = SIM_IMPORT_FORMAT_DESCRIBE_CLUSTER;
    return TRUE;
  }
  if (json_object_has_member(o, "format_version")) {
    *format = json_object_has_member(o, "planned_values") || json_object_has_member(o, "resource_changes")
                ? SIM_IMPORT_FORMAT_TERRAFORM_PLAN : SIM_IMPORT_FORMAT_TERRAFORM_STATE;
    return TRUE;
  }
  if (json_object_has_member(o, "terraform_version") && json_object_has_member(o, "resources")) {
    *format = SIM_IMPORT_FORMAT_TERRAFORM_TFSTATE;
    return TRUE;
  }
  g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED, "%s: not a recognised cluster definition; %s",
              name, expected);
  return FALSE;
}

SimImport *
sim_import_load_data(const char *name, const char *data, gsize len, const SimImportOptions *opts, GError **error)
{
  static const SimImportOptions no_opts = { 0 };
  if (!opts)
    opts = &no_opts;
  if (len > SIM_IMPORT_MAX_BYTES) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_IO, "%s: %" G_GSIZE_FORMAT " bytes is larger than the %u MiB "
                "eksim import reads", name, len, SIM_IMPORT_MAX_BYTES / (1024u * 1024u));
    return NULL;
  }
  GError *perr = NULL;
  g_autoptr(SimImportDoc) doc = sim_import_doc_parse(name, data, len, &perr);
  SimImportFormat format;
  if (doc && !detect(doc, &format, &perr))
    g_clear_pointer(&doc, sim_import_doc_free);
  if (!doc) {
    perr->message = one_line(perr->message);
    g_propagate_error(error, perr);
    return NULL;
  }
  g_autoptr(SimImport) imp = import_new(name);
  imp->format = format;
  /* The readers test "*error" to tell "absent" from "wrong type": give them a real GError slot. */
  GError *err = NULL;
  gboolean ok;
  switch (format) {
  case SIM_IMPORT_FORMAT_EKSCTL:
    ok = sim_import_read_eksctl(imp, doc, opts, &err);
    break;
  case SIM_IMPORT_FORMAT_DESCRIBE_CLUSTER:
    ok = sim_import_read_describe(imp, doc, opts, &err);
    break;
  default:
    ok = sim_import_read_terraform(imp, doc, opts, &err);
    break;
  }
  if (!ok) {
    if (!err) /* a reader bug: never leave the caller without a message */
      g_set_error(&err, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_BAD_VALUE, "%s: cannot be imported", name);
    err->message = one_line(err->message);
    g_propagate_error(error, err);
    return NULL;
  }
  g_clear_error(&err);
  sim_import_finish(imp);
  if (sim_import_doc_has_more_documents(doc))
    sim_import_warn_path(imp, name, "", SIM_IMPORT_WARN,
                         "the file holds more than one YAML document; only the first was read");
  return g_steal_pointer(&imp);
}

SimImport *
sim_import_load_file(const char *path, const SimImportOptions *opts, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_IO, "%s: cannot read: %s", path, err->message);
    return NULL;
  }
  return sim_import_load_data(path, data, len, opts, error);
}
