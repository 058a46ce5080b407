/* SimImportDoc: YAML (libyaml event parser) and JSON (json-glib) loaded into one node tree with
 * per-node positions, parents and keys, typed accessors and consumption tracking. See doc.h for
 * the YAML 1.1 reading rules (those of eksctl's YAML library) this follows. */
#include "import/doc.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#include "import/import.h"

typedef struct {
  JsonNode *parent;
  char *key;   /* member name in the parent object, or NULL */
  gint index;  /* index in the parent array, or -1 */
  guint line, col;
  gboolean plain;    /* YAML plain (unquoted, untagged) scalar: may be a bool, number or null */
  gboolean consumed;
} NodeInfo;

typedef struct {
  char *label, *generic;
} Label;

struct _SimImportDoc {
  char *name;
  SimImportDocSyntax syntax;
  JsonNode *root;
  GHashTable *info;   /* JsonNode* -> NodeInfo* */
  GHashTable *labels; /* JsonNode* -> Label* */
  gboolean more_documents;
};

static void
node_info_free(gpointer p)
{
  NodeInfo *ni = p;
  g_free(ni->key);
  g_free(ni);
}

static void
label_free(gpointer p)
{
  Label *l = p;
  g_free(l->label);
  g_free(l->generic);
  g_free(l);
}

static NodeInfo *
info_get(const SimImportDoc *doc, JsonNode *node)
{
  NodeInfo *ni = g_hash_table_lookup(doc->info, node);
  if (!ni) {
    ni = g_new0(NodeInfo, 1);
    ni->index = -1;
    g_hash_table_insert(doc->info, node, ni);
  }
  return ni;
}

/* Records parent, key and index for every node below @node (after the tree is complete). */
static void
link_tree(SimImportDoc *doc, JsonNode *node, JsonNode *parent, const char *key, gint index)
{
  NodeInfo *ni = info_get(doc, node);
  ni->parent = parent;
  g_free(ni->key);
  ni->key = g_strdup(key);
  ni->index = index;
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonObject *o = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(o);
    for (GList *l = members; l; l = l->next)
      link_tree(doc, json_object_get_member(o, l->data), node, l->data, -1);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray *a = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(a); i++)
      link_tree(doc, json_array_get_element(a, i), node, NULL, (gint)i);
  }
}

/* ---- YAML ---------------------------------------------------------------------------------- */

typedef struct {
  SimImportDoc *doc;
  yaml_parser_t parser;
  GHashTable *anchors; /* char* -> JsonNode* (borrowed: owned by the tree) */
  guint depth;
} YamlBuilder;

#define YAML_MAX_DEPTH 200

static void
yaml_set_error(YamlBuilder *b, GError **error)
{
  const yaml_parser_t *p = &b->parser;
  const yaml_mark_t *m = &p->problem_mark;
  if (p->context)
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%zu:%zu: YAML syntax error: %s %s",
                b->doc->name, m->line + 1, m->column + 1, p->problem ? p->problem : "unknown problem", p->context);
  else
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%zu:%zu: YAML syntax error: %s", b->doc->name,
                m->line + 1, m->column + 1, p->problem ? p->problem : "unknown problem");
}

static gboolean
yaml_next(YamlBuilder *b, yaml_event_t *ev, GError **error)
{
  if (!yaml_parser_parse(&b->parser, ev)) {
    yaml_set_error(b, error);
    return FALSE;
  }
  return TRUE;
}

static void
set_pos(SimImportDoc *doc, JsonNode *node, const yaml_mark_t *m)
{
  NodeInfo *ni = info_get(doc, node);
  ni->line = (guint)m->line + 1;
  ni->col = (guint)m->column + 1;
}

/* Deep copy for an alias, carrying the plain-scalar flags; positions become the alias's. */
static JsonNode *
copy_node(SimImportDoc *doc, JsonNode *src, const yaml_mark_t *m)
{
  JsonNode *dst;
  if (JSON_NODE_HOLDS_OBJECT(src)) {
    JsonObject *so = json_node_get_object(src), *o = json_object_new();
    g_autoptr(GList) members = json_object_get_members(so);
    for (GList *l = members; l; l = l->next)
      json_object_set_member(o, l->data, copy_node(doc, json_object_get_member(so, l->data), m));
    dst = json_node_init_object(json_node_alloc(), o);
    json_object_unref(o);
  } else if (JSON_NODE_HOLDS_ARRAY(src)) {
    JsonArray *sa = json_node_get_array(src), *a = json_array_new();
    for (guint i = 0; i < json_array_get_length(sa); i++)
      json_array_add_element(a, copy_node(doc, json_array_get_element(sa, i), m));
    dst = json_node_init_array(json_node_alloc(), a);
    json_array_unref(a);
  } else {
    dst = json_node_copy(src);
  }
  NodeInfo *si = g_hash_table_lookup(doc->info, src);
  set_pos(doc, dst, m);
  info_get(doc, dst)->plain = si ? si->plain : FALSE;
  return dst;
}

static JsonNode *yaml_build(YamlBuilder *b, yaml_event_t *ev, GError **error);

static void
yaml_anchor(YamlBuilder *b, const yaml_char_t *anchor, JsonNode *node)
{
  if (anchor)
    g_hash_table_replace(b->anchors, g_strdup((const char *)anchor), node);
}

static JsonNode *
yaml_scalar(YamlBuilder *b, yaml_event_t *ev)
{
  const char *text = (const char *)ev->data.scalar.value;
  const char *tag = (const char *)ev->data.scalar.tag;
  gboolean plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                   (!tag || strcmp(tag, "!") != 0) &&
                   (!tag || strcmp(tag, YAML_STR_TAG) != 0);
  JsonNode *node;
  if (plain && (text[0] == '\0' || strcmp(text, "~") == 0 || strcmp(text, "null") == 0 ||
                strcmp(text, "Null") == 0 || strcmp(text, "NULL") == 0))
    node = json_node_init_null(json_node_alloc());
  else
    node = json_node_init_string(json_node_alloc(), text);
  set_pos(b->doc, node, &ev->start_mark);
  info_get(b->doc, node)->plain = plain;
  yaml_anchor(b, ev->data.scalar.anchor, node);
  return node;
}

/* Applies a "<<" merge: members of @src (a mapping, or a list of mappings) that @dst lacks. */
static gboolean
yaml_merge(YamlBuilder *b, JsonObject *dst, JsonNode *src, const yaml_mark_t *m, GError **error)
{
  if (JSON_NODE_HOLDS_ARRAY(src)) {
    JsonArray *a = json_node_get_array(src);
    for (guint i = 0; i < json_array_get_length(a); i++)
      if (!yaml_merge(b, dst, json_array_get_element(a, i), m, error))
        return FALSE;
    return TRUE;
  }
  if (!JSON_NODE_HOLDS_OBJECT(src)) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX,
                "%s:%zu:%zu: YAML merge key '<<' needs a mapping or a list of mappings", b->doc->name, m->line + 1,
                m->column + 1);
    return FALSE;
  }
  JsonObject *so = json_node_get_object(src);
  g_autoptr(GList) members = json_object_get_members(so);
  for (GList *l = members; l; l = l->next)
    if (!json_object_has_member(dst, l->data))
      json_object_set_member(dst, l->data, copy_node(b->doc, json_object_get_member(so, l->data), m));
  return TRUE;
}

static JsonNode *
yaml_mapping(YamlBuilder *b, yaml_event_t *start, GError **error)
{
  JsonObject *o = json_object_new();
  JsonNode *node = json_node_init_object(json_node_alloc(), o);
  json_object_unref(o);
  set_pos(b->doc, node, &start->start_mark);
  yaml_anchor(b, start->data.mapping_start.anchor, node);
  GPtrArray *merges = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
  yaml_mark_t merge_mark = start->start_mark;

  for (;;) {
    yaml_event_t kev;
    if (!yaml_next(b, &kev, error))
      goto fail;
    if (kev.type == YAML_MAPPING_END_EVENT) {
      yaml_event_delete(&kev);
      break;
    }
    if (kev.type != YAML_SCALAR_EVENT) {
      g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX,
                  "%s:%zu:%zu: a mapping key must be a plain word, not a list or a mapping", b->doc->name,
                  kev.start_mark.line + 1, kev.start_mark.column + 1);
      yaml_event_delete(&kev);
      goto fail;
    }
    g_autofree char *key = g_strdup((const char *)kev.data.scalar.value);
    gboolean is_merge = kev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(key, "<<") == 0;
    yaml_mark_t kmark = kev.start_mark;
    yaml_event_delete(&kev);

    yaml_event_t vev;
    if (!yaml_next(b, &vev, error))
      goto fail;
    JsonNode *value = yaml_build(b, &vev, error);
    yaml_event_delete(&vev);
    if (!value)
      goto fail;
    if (is_merge) {
      g_ptr_array_add(merges, value);
      merge_mark = kmark;
      continue;
    }
    if (json_object_has_member(o, key)) {
      g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX,
                  "%s:%zu:%zu: duplicate key '%s' in one mapping (the second would silently replace the first)",
                  b->doc->name, kmark.line + 1, kmark.column + 1, key);
      json_node_unref(value);
      goto fail;
    }
    json_object_set_member(o, key, value);
  }
  for (guint i = 0; i < merges->len; i++)
    if (!yaml_merge(b, o, merges->pdata[i], &merge_mark, error))
      goto fail;
  g_ptr_array_unref(merges);
  return node;

fail:
  g_ptr_array_unref(merges);
  json_node_unref(node);
  return NULL;
}

static JsonNode *
yaml_sequence(YamlBuilder *b, yaml_event_t *start, GError **error)
{
  JsonArray *a = json_array_new();
  JsonNode *node = json_node_init_array(json_node_alloc(), a);
  json_array_unref(a);
  set_pos(b->doc, node, &start->start_mark);
  yaml_anchor(b, start->data.sequence_start.anchor, node);
  for (;;) {
    yaml_event_t ev;
    if (!yaml_next(b, &ev, error)) {
      json_node_unref(node);
      return NULL;
    }
    if (ev.type == YAML_SEQUENCE_END_EVENT) {
      yaml_event_delete(&ev);
      return node;
    }
    JsonNode *child = yaml_build(b, &ev, error);
    yaml_event_delete(&ev);
    if (!child) {
      json_node_unref(node);
      return NULL;
    }
    json_array_add_element(a, child);
  }
}

/* Builds the node that starts with @ev (already read; the caller deletes it). */
static JsonNode *
yaml_build(YamlBuilder *b, yaml_event_t *ev, GError **error)
{
  JsonNode *node = NULL;
  if (++b->depth > YAML_MAX_DEPTH) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%zu:%zu: nesting deeper than %d levels",
                b->doc->name, ev->start_mark.line + 1, ev->start_mark.column + 1, YAML_MAX_DEPTH);
    b->depth--;
    return NULL;
  }
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    node = yaml_scalar(b, ev);
    break;
  case YAML_SEQUENCE_START_EVENT:
    node = yaml_sequence(b, ev, error);
    break;
  case YAML_MAPPING_START_EVENT:
    node = yaml_mapping(b, ev, error);
    break;
  case YAML_ALIAS_EVENT: {
    JsonNode *target = g_hash_table_lookup(b->anchors, ev->data.alias.anchor);
    if (!target) {
      g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%zu:%zu: alias '*%s' names no anchor",
                  b->doc->name, ev->start_mark.line + 1, ev->start_mark.column + 1,
                  (const char *)ev->data.alias.anchor);
      break;
    }
    node = copy_node(b->doc, target, &ev->start_mark);
    break;
  }
  default:
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%zu:%zu: unexpected YAML structure",
                b->doc->name, ev->start_mark.line + 1, ev->start_mark.column + 1);
    break;
  }
  b->depth--;
  return node;
}

static gboolean
yaml_load(SimImportDoc *doc, const char *data, gsize len, GError **error)
{
  YamlBuilder b = { .doc = doc };
  yaml_event_t ev;
  gboolean ok = FALSE;

  if (!yaml_parser_initialize(&b.parser)) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_IO, "%s: cannot start the YAML parser", doc->name);
    return FALSE;
  }
  yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
  b.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

  /* STREAM-START, then DOCUMENT-START or STREAM-END */
  if (!yaml_next(&b, &ev, error))
    goto out;
  yaml_event_delete(&ev);
  if (!yaml_next(&b, &ev, error))
    goto out;
  if (ev.type == YAML_STREAM_END_EVENT) {
    yaml_event_delete(&ev);
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED, "%s: the file is empty", doc->name);
    goto out;
  }
  yaml_event_delete(&ev);
  if (!yaml_next(&b, &ev, error))
    goto out;
  doc->root = yaml_build(&b, &ev, error);
  yaml_event_delete(&ev);
  if (!doc->root)
    goto out;
  if (!yaml_next(&b, &ev, error)) /* DOCUMENT-END */
    goto out;
  yaml_event_delete(&ev);
  if (!yaml_next(&b, &ev, error))
    goto out;
  doc->more_documents = ev.type == YAML_DOCUMENT_START_EVENT;
  yaml_event_delete(&ev);
  ok = TRUE;

out:
  g_hash_table_unref(b.anchors);
  yaml_parser_delete(&b.parser);
  return ok;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static gboolean
json_load(SimImportDoc *doc, const char *data, gsize len, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) err = NULL;
  if (len > G_MAXSSIZE || !json_parser_load_from_data(parser, data, (gssize)len, &err)) {
    /* json-glib writes "<data>:LINE:COL: Parse error: ..." */
    const char *msg = err ? err->message : "not valid JSON";
    if (g_str_has_prefix(msg, "<data>:"))
      msg += strlen("<data>:");
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s:%s", doc->name, msg);
    return FALSE;
  }
  doc->root = json_parser_steal_root(parser);
  if (!doc->root) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED, "%s: the file is empty", doc->name);
    return FALSE;
  }
  return TRUE;
}

SimImportDoc *
sim_import_doc_parse(const char *name, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail(name && data, NULL);
  SimImportDoc *doc = g_new0(SimImportDoc, 1);
  doc->name = g_strdup(name);
  doc->info = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, node_info_free);
  doc->labels = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, label_free);

  if (memchr(data, '\0', len)) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_UNRECOGNISED,
                "%s: binary data (a NUL byte); expected a YAML or JSON text file", name);
    sim_import_doc_free(doc);
    return NULL;
  }
  if (!g_utf8_validate(data, (gssize)len, NULL)) {
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_SYNTAX, "%s: not valid UTF-8 text", name);
    sim_import_doc_free(doc);
    return NULL;
  }
  gsize i = 0;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace(data[i]))
    i++;
  gboolean ok;
  if (i < len && (data[i] == '{' || data[i] == '[')) {
    doc->syntax = SIM_IMPORT_DOC_JSON;
    ok = json_load(doc, data, len, error);
  } else {
    doc->syntax = SIM_IMPORT_DOC_YAML;
    ok = yaml_load(doc, data, len, error);
  }
  if (!ok) {
    sim_import_doc_free(doc);
    return NULL;
  }
  link_tree(doc, doc->root, NULL, NULL, -1);
  return doc;
}

void
sim_import_doc_free(SimImportDoc *doc)
{
  if (!doc)
    return;
  g_hash_table_unref(doc->info);
  g_hash_table_unref(doc->labels);
  if (doc->root)
    json_node_unref(doc->root);
  g_free(doc->name);
  g_free(doc);
}

SimImportDocSyntax
sim_import_doc_syntax(const SimImportDoc *doc)
{
  return doc->syntax;
}

const char *
sim_import_doc_name(const SimImportDoc *doc)
{
  return doc->name;
}

JsonNode *
sim_import_doc_root(const SimImportDoc *doc)
{
  return doc->root;
}

gboolean
sim_import_doc_has_more_documents(const SimImportDoc *doc)
{
  return doc->more_documents;
}

void
sim_import_doc_set_label(SimImportDoc *doc, JsonNode *node, const char *label, const char *generic)
{
  Label *l = g_new0(Label, 1);
  l->label = g_strdup(label);
  l->generic = g_strdup(generic ? generic : label);
  g_hash_table_replace(doc->labels, node, l);
}

/* ---- paths --------------------------------------------------------------------------------- */

static gboolean
key_is_word(const char *key)
{
  if (!*key)
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
build_path(const SimImportDoc *doc, JsonNode *node, gboolean generic)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
  const char *prefix = NULL;
  for (JsonNode *n = node; n;) {
    Label *l = g_hash_table_lookup(doc->labels, n);
    if (l) {
      prefix = generic ? l->generic : l->label;
      break;
    }
    NodeInfo *ni = g_hash_table_lookup(doc->info, n);
    if (!ni || !ni->parent)
      break;
    if (ni->key)
      g_ptr_array_add(parts, key_is_word(ni->key) ? g_strconcat(".", ni->key, NULL)
                                                  : g_strdup_printf("[\"%s\"]", ni->key));
    else if (generic)
      g_ptr_array_add(parts, g_strdup("[]"));
    else
      g_ptr_array_add(parts, g_strdup_printf("[%d]", ni->index));
    n = ni->parent;
  }
  GString *s = g_string_new(prefix ? prefix : "");
  for (guint i = parts->len; i > 0; i--)
    g_string_append(s, parts->pdata[i - 1]);
  g_ptr_array_unref(parts);
  if (!prefix && s->str[0] == '.')
    g_string_erase(s, 0, 1);
  return g_string_free(s, FALSE);
}

char *
sim_import_doc_path(const SimImportDoc *doc, JsonNode *node)
{
  return build_path(doc, node, FALSE);
}

char *
sim_import_doc_generic_path(const SimImportDoc *doc, JsonNode *node)
{
  return build_path(doc, node, TRUE);
}

guint
sim_import_doc_line(const SimImportDoc *doc, JsonNode *node)
{
  NodeInfo *ni = node ? g_hash_table_lookup(doc->info, node) : NULL;
  return ni ? ni->line : 0;
}

char *
sim_import_doc_where(const SimImportDoc *doc, JsonNode *node)
{
  guint line = sim_import_doc_line(doc, node);
  return line ? g_strdup_printf("%s:%u", doc->name, line) : g_strdup(doc->name);
}

char *
sim_import_doc_cite(const SimImportDoc *doc, JsonNode *node)
{
  g_autofree char *path = sim_import_doc_path(doc, node);
  guint line = sim_import_doc_line(doc, node);
  return line ? g_strdup_printf("%s (line %u)", path, line) : g_steal_pointer(&path);
}

char *
sim_import_doc_describe(const SimImportDoc *doc, JsonNode *node)
{
  if (!node || JSON_NODE_HOLDS_NULL(node))
    return g_strdup("nothing (null)");
  if (JSON_NODE_HOLDS_OBJECT(node))
    return g_strdup(doc->syntax == SIM_IMPORT_DOC_YAML ? "a mapping" : "an object");
  if (JSON_NODE_HOLDS_ARRAY(node))
    return g_strdup("a list");
  switch (json_node_get_value_type(node) == G_TYPE_STRING ? 0 : json_node_get_value_type(node) == G_TYPE_BOOLEAN ? 1 : 2) {
  case 0: {
    const char *s = json_node_get_string(node);
    g_autofree char *cut = g_utf8_strlen(s, -1) > 40 ? g_utf8_substring(s, 0, 40) : NULL;
    NodeInfo *ni = g_hash_table_lookup(doc->info, node);
    if (ni && ni->plain)
      return g_strdup_printf("'%s%s'", cut ? cut : s, cut ? "..." : "");
    return g_strdup_printf("a string \"%s%s\"", cut ? cut : s, cut ? "..." : "");
  }
  case 1:
    return g_strdup(json_node_get_boolean(node) ? "true" : "false");
  default:
    if (json_node_get_value_type(node) == G_TYPE_INT64)
      return g_strdup_printf("a number %" G_GINT64_FORMAT, json_node_get_int(node));
    return g_strdup_printf("a number %g", json_node_get_double(node));
  }
}

void
sim_import_doc_error(SimImportDoc *doc, JsonNode *node, GError **error, int code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_autofree char *where = sim_import_doc_where(doc, node);
  g_autofree char *path = node ? sim_import_doc_path(doc, node) : g_strdup("");
  if (*path)
    g_set_error(error, SIM_IMPORT_ERROR, code, "%s: %s: %s", where, path, msg);
  else
    g_set_error(error, SIM_IMPORT_ERROR, code, "%s: %s", where, msg);
}

/* ---- accessors ----------------------------------------------------------------------------- */

static void
mark(SimImportDoc *doc, JsonNode *node)
{
  if (node)
    info_get(doc, node)->consumed = TRUE;
}

void
sim_import_doc_consume(SimImportDoc *doc, JsonNode *node, gboolean subtree)
{
  if (!node)
    return;
  mark(doc, node);
  if (!subtree)
    return;
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonObject *o = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(o);
    for (GList *l = members; l; l = l->next)
      sim_import_doc_consume(doc, json_object_get_member(o, l->data), TRUE);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray *a = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(a); i++)
      sim_import_doc_consume(doc, json_array_get_element(a, i), TRUE);
  }
}

JsonNode *
sim_import_doc_member(SimImportDoc *doc, JsonNode *obj, const char *key)
{
  g_return_val_if_fail(obj && JSON_NODE_HOLDS_OBJECT(obj), NULL);
  JsonNode *n = json_object_get_member(json_node_get_object(obj), key);
  if (!n)
    return NULL;
  mark(doc, n);
  return JSON_NODE_HOLDS_NULL(n) ? NULL : n;
}

static gboolean
is_plain(const SimImportDoc *doc, JsonNode *node)
{
  NodeInfo *ni = g_hash_table_lookup(doc->info, node);
  return ni && ni->plain;
}

static gboolean
type_error(SimImportDoc *doc, JsonNode *node, GError **error, const char *expected)
{
  g_autofree char *found = sim_import_doc_describe(doc, node);
  sim_import_doc_error(doc, node, error, SIM_IMPORT_ERROR_TYPE, "expected %s, found %s", expected, found);
  return FALSE;
}

gboolean
sim_import_doc_object(SimImportDoc *doc, JsonNode *node, GError **error)
{
  mark(doc, node);
  if (node && JSON_NODE_HOLDS_OBJECT(node))
    return TRUE;
  return type_error(doc, node, error, doc->syntax == SIM_IMPORT_DOC_YAML ? "a mapping (key: value lines)" : "an object");
}

gboolean
sim_import_doc_array(SimImportDoc *doc, JsonNode *node, GError **error)
{
  mark(doc, node);
  if (node && JSON_NODE_HOLDS_ARRAY(node))
    return TRUE;
  return type_error(doc, node, error, "a list");
}

gboolean
sim_import_doc_bool(SimImportDoc *doc, JsonNode *node, gboolean *out, GError **error)
{
  mark(doc, node);
  if (node && JSON_NODE_HOLDS_VALUE(node)) {
    if (json_node_get_value_type(node) == G_TYPE_BOOLEAN) {
      *out = json_node_get_boolean(node);
      return TRUE;
    }
    if (json_node_get_value_type(node) == G_TYPE_STRING && is_plain(doc, node)) {
      /* YAML 1.1 booleans, as eksctl's YAML library reads them */
      static const char *const yes[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };
      static const char *const no[] = { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" };
      const char *s = json_node_get_string(node);
      for (gsize i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
          *out = TRUE;
          return TRUE;
        }
        if (strcmp(s, no[i]) == 0) {
          *out = FALSE;
          return TRUE;
        }
      }
    }
  }
  return type_error(doc, node, error, "true or false");
}

gboolean
sim_import_doc_int(SimImportDoc *doc, JsonNode *node, gint64 *out, GError **error)
{
  mark(doc, node);
  if (node && JSON_NODE_HOLDS_VALUE(node)) {
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_INT64) {
      *out = json_node_get_int(node);
      return TRUE;
    }
    if (t == G_TYPE_DOUBLE) {
      double d = json_node_get_double(node);
      if (d == (double)(gint64)d && d > -9e15 && d < 9e15) {
        *out = (gint64)d;
        return TRUE;
      }
    }
    if (t == G_TYPE_STRING && is_plain(doc, node)) {
      const char *s = json_node_get_string(node);
      char *end = NULL;
      gint64 v = g_ascii_strtoll(s, &end, 10);
      if (end != s && *end == '\0' && (g_ascii_isdigit(s[0]) || ((s[0] == '-' || s[0] == '+') && s[1]))) {
        *out = v;
        return TRUE;
      }
    }
  }
  return type_error(doc, node, error, "a whole number");
}

gboolean
sim_import_doc_string(SimImportDoc *doc, JsonNode *node, const char **out, GError **error)
{
  mark(doc, node);
  if (node && JSON_NODE_HOLDS_VALUE(node)) {
    GType t = json_node_get_value_type(node);
    if (t == G_TYPE_STRING) {
      *out = json_node_get_string(node);
      return TRUE;
    }
    /* A number or boolean where text is expected (version: 1.30 in JSON): its text form, kept
     * alive by the document. */
    NodeInfo *ni = info_get(doc, node);
    g_autofree char *text = NULL;
    if (t == G_TYPE_INT64)
      text = g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
    else if (t == G_TYPE_DOUBLE) {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      text = g_strdup(g_ascii_dtostr(buf, sizeof buf, json_node_get_double(node)));
    } else if (t == G_TYPE_BOOLEAN)
      text = g_strdup(json_node_get_boolean(node) ? "true" : "false");
    if (text) {
      json_node_set_string(node, text);
      ni->plain = TRUE;
      *out = json_node_get_string(node);
      return TRUE;
    }
  }
  return type_error(doc, node, error, "a text value");
}

gboolean
sim_import_doc_get_bool(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found, gboolean *out,
                        GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  *found = n != NULL;
  return !n || sim_import_doc_bool(doc, n, out, error);
}

gboolean
sim_import_doc_get_int(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found, gint64 *out,
                       GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  *found = n != NULL;
  return !n || sim_import_doc_int(doc, n, out, error);
}

gboolean
sim_import_doc_get_string(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found, const char **out,
                          GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  *found = n != NULL;
  return !n || sim_import_doc_string(doc, n, out, error);
}

JsonNode *
sim_import_doc_require_object(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  if (!n) {
    g_autofree char *where = sim_import_doc_where(doc, obj);
    g_autofree char *path = sim_import_doc_path(doc, obj);
    g_set_error(error, SIM_IMPORT_ERROR, SIM_IMPORT_ERROR_MISSING, "%s: %s%s%s: required, but missing", where, path,
                *path ? "." : "", key);
    return NULL;
  }
  return sim_import_doc_object(doc, n, error) ? n : NULL;
}

JsonNode *
sim_import_doc_get_object(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  if (!n)
    return NULL;
  return sim_import_doc_object(doc, n, error) ? n : NULL;
}

JsonNode *
sim_import_doc_get_array(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error)
{
  JsonNode *n = sim_import_doc_member(doc, obj, key);
  if (!n)
    return NULL;
  return sim_import_doc_array(doc, n, error) ? n : NULL;
}

/* ---- what nobody read ---------------------------------------------------------------------- */

static gboolean
informative(JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL(node))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT(node))
    return json_object_get_size(json_node_get_object(node)) > 0;
  if (JSON_NODE_HOLDS_ARRAY(node))
    return json_array_get_length(json_node_get_array(node)) > 0;
  return TRUE;
}

static void
visit_child(SimImportDoc *doc, JsonNode *child, SimImportDocVisit func, gpointer data)
{
  NodeInfo *ni = g_hash_table_lookup(doc->info, child);
  if (ni && ni->consumed) {
    sim_import_doc_walk_unconsumed(doc, child, func, data);
  } else if (informative(child)) {
    g_autofree char *path = sim_import_doc_path(doc, child);
    func(doc, child, path, data);
  }
}

void
sim_import_doc_walk_unconsumed(SimImportDoc *doc, JsonNode *node, SimImportDocVisit func, gpointer data)
{
  if (JSON_NODE_HOLDS_OBJECT(node)) {
    JsonObject *o = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(o);
    for (GList *l = members; l; l = l->next)
      visit_child(doc, json_object_get_member(o, l->data), func, data);
  } else if (JSON_NODE_HOLDS_ARRAY(node)) {
    JsonArray *a = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(a); i++)
      visit_child(doc, json_array_get_element(a, i), func, data);
  }
}
