/* Reads a scenario's result folder back (see report-data.h).
 *
 * CSV files follow RFC 4180 (comma-separated, a field with a comma, quote or line break is
 * quoted and its quotes doubled; LF or CRLF line ends). Columns are found by name, so a writer
 * may add columns without breaking this reader. GLib has no CSV reader; the small one below is
 * the only hand-written parser here (JSON goes through json-glib, INI through GKeyFile).
 */
#include "report/report-data.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "core/units.h"

G_DEFINE_QUARK(sim-report-data-error-quark, sim_report_data_error)

struct _SimReportData {
  char *dir;
  char *scenario;
  char *description;
  char *scenario_text;
  char *eksim_version;
  gint64 replications;
  double duration_s, warmup_s;
  GPtrArray *variants;     /* of SimReportVariant* */
  GHashTable *variant_ix;  /* label -> index+1 */
  GPtrArray *subjects;     /* of SimReportSubject* */
  GHashTable *subject_ix;  /* name -> index+1 */
  GArray *metrics;         /* of SimReportMetric */
  GHashTable *metric_ix;   /* "v/s/metric" -> index+1 */
  GHashTable *cdf;         /* "v/s" -> GArray of SimReportPoint */
  GPtrArray *timelines;    /* per variant: GArray of SimReportBin, or NULL */
  GArray *faults;          /* of SimReportFault */
  GHashTable *failures;    /* "v/s" -> GArray of SimReportFailure (summary.json) */
  GHashTable *kind_known;  /* subject names whose kind summary.json gave */
  GStringChunk *strings;   /* interned metric names and units */
};

/* ---- CSV ------------------------------------------------------------------------------------ */

typedef struct {
  char *path;         /* for messages */
  GPtrArray *header;  /* of char* */
  GPtrArray *rows;    /* of GPtrArray* of char* */
  GArray *lines;      /* guint: the line each row starts on */
} Csv;

static void
csv_free(Csv *csv)
{
  if (!csv)
    return;
  g_free(csv->path);
  if (csv->header)
    g_ptr_array_unref(csv->header);
  g_ptr_array_unref(csv->rows);
  g_array_unref(csv->lines);
  g_free(csv);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Csv, csv_free)

static Csv *
csv_parse(const char *path, const char *text, gsize len, GError **error)
{
  g_autoptr(Csv) csv = g_new0(Csv, 1);
  csv->path = g_strdup(path);
  csv->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  csv->lines = g_array_new(FALSE, FALSE, sizeof(guint));

  if (!g_utf8_validate(text, (gssize)len, NULL)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                "%s: not UTF-8 text; allowed: a CSV file as eksim writes it", path);
    return NULL;
  }
  gsize i = 0;
  guint line = 1;
  while (i < len) {
    guint row_line = line;
    GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
    for (;;) { /* one field */
      GString *field = g_string_new(NULL);
      if (i < len && text[i] == '"') {
        guint quote_line = line;
        i++;
        for (;;) {
          if (i >= len) {
            g_string_free(field, TRUE);
            g_ptr_array_unref(row);
            g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                        "%s:%u: quoted field never closed; allowed: RFC 4180 CSV (quotes doubled)",
                        path, quote_line);
            return NULL;
          }
          if (text[i] == '"') {
            if (i + 1 < len && text[i + 1] == '"') {
              g_string_append_c(field, '"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (text[i] == '\n')
            line++;
          g_string_append_c(field, text[i++]);
        }
        if (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          g_string_free(field, TRUE);
          g_ptr_array_unref(row);
          g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                      "%s:%u: text after a closing quote; allowed: RFC 4180 CSV (quotes doubled)",
                      path, line);
          return NULL;
        }
      } else {
        while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            g_string_free(field, TRUE);
            g_ptr_array_unref(row);
            g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                        "%s:%u: quote inside an unquoted field; allowed: RFC 4180 CSV (quotes doubled)",
                        path, line);
            return NULL;
          }
          g_string_append_c(field, text[i++]);
        }
      }
      g_ptr_array_add(row, g_string_free(field, FALSE));
      if (i < len && text[i] == ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < len && text[i] == '\r')
      i++;
    if (i < len && text[i] == '\n') {
      i++;
      line++;
    }
    /* A blank line (one empty field) carries no row. */
    if (row->len == 1 && ((char *)row->pdata[0])[0] == '\0') {
      g_ptr_array_unref(row);
      continue;
    }
    if (!csv->header) {
      csv->header = row;
      continue;
    }
    if (row->len != csv->header->len) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                  "%s:%u: %u fields; allowed: %u fields, as in the header line", path, row_line,
                  row->len, csv->header->len);
      g_ptr_array_unref(row);
      return NULL;
    }
    g_ptr_array_add(csv->rows, row);
    g_array_append_val(csv->lines, row_line);
  }
  if (!csv->header) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                "%s: empty file; allowed: a header line, then one line per row", path);
    return NULL;
  }
  return g_steal_pointer(&csv);
}

/* Loads @dir/@name; returns NULL with no error if the file does not exist and !@required. */
static Csv *
csv_load(const char *dir, const char *name, gboolean required, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &text, &len, &local)) {
    if (!required && g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      return NULL;
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING, "%s: cannot read: %s",
                path, local->message);
    return NULL;
  }
  return csv_parse(path, text, len, error);
}

/* Index of the first of @names (NULL-terminated) present in the header, or -1. */
static int
csv_column(const Csv *csv, const char *const *names)
{
  for (; *names; names++)
    for (guint i = 0; i < csv->header->len; i++)
      if (strcmp(csv->header->pdata[i], *names) == 0)
        return (int)i;
  return -1;
}

static int
csv_require(const Csv *csv, const char *name, GError **error)
{
  const char *names[] = { name, NULL };
  int c = csv_column(csv, names);
  if (c < 0)
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_COLUMN,
                "%s:1: no column '%s'; allowed: the columns README \"Result files\" lists", csv->path,
                name);
  return c;
}

static const char *
csv_cell(const Csv *csv, guint row, int col)
{
  if (col < 0)
    return "";
  return ((GPtrArray *)csv->rows->pdata[row])->pdata[col];
}

/* A number cell: empty, "nan" -> NaN; anything else must be a decimal number. */
static gboolean
csv_number(const Csv *csv, guint row, int col, double *out, GError **error)
{
  const char *text = csv_cell(csv, row, col);
  *out = NAN;
  if (col < 0 || text[0] == '\0' || g_ascii_strcasecmp(text, "nan") == 0)
    return TRUE;
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  while (end && g_ascii_isspace(*end))
    end++;
  if (end == text || !end || *end != '\0') {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                "%s:%u: column '%s': '%s' is not a number; allowed: a decimal number, or empty",
                csv->path, g_array_index(csv->lines, guint, row),
                (const char *)csv->header->pdata[col], text);
    return FALSE;
  }
  *out = isfinite(v) ? v : NAN;
  return TRUE;
}

/* ---- variants and subjects ------------------------------------------------------------------- */

static void
variant_free(SimReportVariant *v)
{
  g_free(v->label);
  g_free(v->short_label);
  g_free(v->dir);
  if (v->config)
    g_key_file_unref(v->config);
  g_free(v);
}

static void
subject_free(SimReportSubject *s)
{
  g_free(s->name);
  g_free(s->location);
  g_free(s);
}

static guint
variant_index(SimReportData *d, const char *label)
{
  gpointer ix = g_hash_table_lookup(d->variant_ix, label);
  if (ix)
    return GPOINTER_TO_UINT(ix) - 1;
  SimReportVariant *v = g_new0(SimReportVariant, 1);
  v->label = g_strdup(label);
  v->mode = SIM_REPORT_MODE_UNKNOWN;
  g_ptr_array_add(d->variants, v);
  g_hash_table_insert(d->variant_ix, v->label, GUINT_TO_POINTER(d->variants->len));
  return d->variants->len - 1;
}

static guint
subject_index(SimReportData *d, const char *name)
{
  gpointer ix = g_hash_table_lookup(d->subject_ix, name);
  if (ix)
    return GPOINTER_TO_UINT(ix) - 1;
  SimReportSubject *s = g_new0(SimReportSubject, 1);
  s->name = g_strdup(name);
  s->kind = SIM_REPORT_SUBJECT_OTHER;
  g_ptr_array_add(d->subjects, s);
  g_hash_table_insert(d->subject_ix, s->name, GUINT_TO_POINTER(d->subjects->len));
  return d->subjects->len - 1;
}

static gboolean
lookup_variant(const SimReportData *d, const char *label, guint *out)
{
  gpointer ix = g_hash_table_lookup(d->variant_ix, label);
  if (!ix)
    return FALSE;
  *out = GPOINTER_TO_UINT(ix) - 1;
  return TRUE;
}

static gboolean
lookup_subject(const SimReportData *d, const char *name, guint *out)
{
  gpointer ix = g_hash_table_lookup(d->subject_ix, name);
  if (!ix)
    return FALSE;
  *out = GPOINTER_TO_UINT(ix) - 1;
  return TRUE;
}

/* "private / single" from "cluster.endpoint=private;vpc.nat=single". */
static char *
short_label(const char *label)
{
  if (!label[0])
    return g_strdup("base");
  g_auto(GStrv) pairs = g_strsplit(label, ";", -1);
  GString *out = g_string_new(NULL);
  for (guint i = 0; pairs[i]; i++) {
    const char *eq = strchr(pairs[i], '=');
    if (out->len)
      g_string_append(out, " / ");
    g_string_append(out, eq ? eq + 1 : pairs[i]);
  }
  return g_string_free(out, FALSE);
}

/* Applies the sweep pairs of @label ("client.laptop.location=internet") to @kf: the key is after
 * the last dot, the group before it. */
static void
apply_variant_pairs(GKeyFile *kf, const char *label)
{
  if (!label[0])
    return;
  g_auto(GStrv) pairs = g_strsplit(label, ";", -1);
  for (guint i = 0; pairs[i]; i++) {
    char *eq = strchr(pairs[i], '=');
    if (!eq)
      continue;
    *eq = '\0';
    char *dot = strrchr(pairs[i], '.');
    if (!dot)
      continue;
    *dot = '\0';
    g_key_file_set_value(kf, g_strstrip(pairs[i]), g_strstrip(dot + 1), g_strstrip(eq + 1));
  }
}

/* A JSON value as the text a scenario would hold ("2m", "true", "3"); NULL for objects/arrays. */
static char *
json_text(JsonNode *n)
{
  if (!JSON_NODE_HOLDS_VALUE(n))
    return NULL;
  GType t = json_node_get_value_type(n);
  if (t == G_TYPE_STRING)
    return g_strdup(json_node_get_string(n));
  if (t == G_TYPE_BOOLEAN)
    return g_strdup(json_node_get_boolean(n) ? "true" : "false");
  if (t == G_TYPE_INT64)
    return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
  if (t == G_TYPE_DOUBLE) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(g_ascii_dtostr(buf, sizeof buf, json_node_get_double(n)));
  }
  return NULL;
}

static JsonObject *
json_member_object(JsonObject *o, const char *name)
{
  if (!json_object_has_member(o, name) || !JSON_NODE_HOLDS_OBJECT(json_object_get_member(o, name)))
    return NULL;
  return json_object_get_object_member(o, name);
}

static JsonArray *
json_member_array(JsonObject *o, const char *name)
{
  if (!json_object_has_member(o, name) || !JSON_NODE_HOLDS_ARRAY(json_object_get_member(o, name)))
    return NULL;
  return json_object_get_array_member(o, name);
}

static const char *
json_member_string(JsonObject *o, const char *name)
{
  if (!json_object_has_member(o, name))
    return NULL;
  JsonNode *n = json_object_get_member(o, name);
  if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string(n);
}

/* A whole number member, or -1. */
static gint64
json_member_int(JsonObject *o, const char *name)
{
  if (!json_object_has_member(o, name))
    return -1;
  JsonNode *n = json_object_get_member(o, name);
  if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
    return -1;
  return json_node_get_int(n);
}

static double
json_member_number(JsonObject *o, const char *name)
{
  if (!json_object_has_member(o, name))
    return NAN;
  JsonNode *n = json_object_get_member(o, name);
  if (!JSON_NODE_HOLDS_VALUE(n))
    return NAN;
  GType t = json_node_get_value_type(n);
  return t == G_TYPE_INT64 ? (double)json_node_get_int(n) : t == G_TYPE_DOUBLE ? json_node_get_double(n) : NAN;
}

static void
failure_clear(gpointer p)
{
  SimReportFailure *f = p;
  g_free(f->outcome);
  g_free(f->detail);
}

static SimReportSubjectKind
kind_from_name(const char *kind)
{
  if (g_strcmp0(kind, "client") == 0)
    return SIM_REPORT_SUBJECT_CLIENT;
  if (g_strcmp0(kind, "nodegroup") == 0)
    return SIM_REPORT_SUBJECT_NODEGROUP;
  if (g_strcmp0(kind, "probe") == 0)
    return SIM_REPORT_SUBJECT_PROBE;
  if (g_strcmp0(kind, "network") == 0)
    return SIM_REPORT_SUBJECT_NETWORK;
  if (g_strcmp0(kind, "fault") == 0)
    return SIM_REPORT_SUBJECT_FAULT;
  return SIM_REPORT_SUBJECT_OTHER;
}

/* summary.json (README "Result files"): the header (description, duration_ns, warmup_ns,
 * replications, eksim_version) and per variant its "label", "dir", "settings" (group -> key ->
 * value) and "subjects" (name, kind, failures). Members it does not know are ignored, so the
 * runner can grow the file freely. */
static gboolean
load_summary_json(SimReportData *d, GError **error)
{
  g_autofree char *path = g_build_filename(d->dir, "summary.json", NULL);
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) local = NULL;
  if (!json_parser_load_from_file(parser, path, &local)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX, "%s: %s", path,
                local->message);
    return FALSE;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_SYNTAX,
                "%s: top level is not an object; allowed: the object eksim run writes", path);
    return FALSE;
  }
  JsonObject *top = json_node_get_object(root);
  const char *version = json_member_string(top, "eksim_version");
  if (version)
    d->eksim_version = g_strdup(version);
  const char *desc = json_member_string(top, "description");
  if (desc) {
    g_free(d->description);
    d->description = g_strdup(desc);
  }
  d->replications = MAX(json_member_int(top, "replications"), 0);
  double ns = json_member_number(top, "duration_ns");
  d->duration_s = isfinite(ns) ? ns / 1e9 : NAN;
  ns = json_member_number(top, "warmup_ns");
  d->warmup_s = isfinite(ns) ? ns / 1e9 : NAN;

  JsonArray *arr = json_member_array(top, "variants");
  for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
    JsonNode *en = json_array_get_element(arr, i);
    if (!JSON_NODE_HOLDS_OBJECT(en))
      continue;
    JsonObject *eo = json_node_get_object(en);
    const char *label = json_member_string(eo, "label");
    if (!label)
      label = json_member_string(eo, "variant");
    if (!label)
      continue;
    guint vi = variant_index(d, label); /* may grow the array: index first, then pdata */
    SimReportVariant *v = d->variants->pdata[vi];
    const char *dir = json_member_string(eo, "dir");
    if (dir && !v->dir)
      v->dir = g_strdup(dir);
    JsonObject *cfg = json_member_object(eo, "settings");
    if (!cfg)
      cfg = json_member_object(eo, "config");
    if (cfg) {
      GKeyFile *kf = g_key_file_new();
      g_autoptr(GList) groups = json_object_get_members(cfg);
      for (GList *g = groups; g; g = g->next) {
        JsonObject *go = json_member_object(cfg, g->data);
        if (!go)
          continue;
        g_autoptr(GList) keys = json_object_get_members(go);
        for (GList *k = keys; k; k = k->next) {
          g_autofree char *text = json_text(json_object_get_member(go, k->data));
          if (text)
            g_key_file_set_value(kf, g->data, k->data, text);
        }
      }
      if (v->config)
        g_key_file_unref(v->config);
      v->config = kf;
    }
    JsonArray *subjects = json_member_array(eo, "subjects");
    for (guint k = 0; subjects && k < json_array_get_length(subjects); k++) {
      JsonNode *sn = json_array_get_element(subjects, k);
      if (!JSON_NODE_HOLDS_OBJECT(sn))
        continue;
      JsonObject *so = json_node_get_object(sn);
      const char *name = json_member_string(so, "name");
      if (!name)
        continue;
      guint si = subject_index(d, name);
      SimReportSubject *sub = d->subjects->pdata[si];
      const char *kind = json_member_string(so, "kind");
      if (kind) {
        sub->kind = kind_from_name(kind);
        g_hash_table_add(d->kind_known, g_strdup(name));
      }
      JsonArray *fails = json_member_array(so, "failures");
      if (!fails || !json_array_get_length(fails))
        continue;
      GArray *list = g_array_new(FALSE, FALSE, sizeof(SimReportFailure));
      g_array_set_clear_func(list, failure_clear);
      for (guint f = 0; f < json_array_get_length(fails); f++) {
        JsonNode *fn = json_array_get_element(fails, f);
        if (!JSON_NODE_HOLDS_OBJECT(fn))
          continue;
        JsonObject *fo = json_node_get_object(fn);
        const char *outcome = json_member_string(fo, "outcome");
        const char *detail = json_member_string(fo, "detail");
        SimReportFailure fail = { g_strdup(outcome ? outcome : ""), g_strdup(detail ? detail : ""),
                                  json_member_number(fo, "requests") };
        g_array_append_val(list, fail);
      }
      g_hash_table_insert(d->failures, g_strdup_printf("%u/%u", vi, si), list);
    }
  }
  return TRUE;
}

/* A subject's kind when summary.json does not give it: the scenario group it names, else what
 * its metrics say. */
static SimReportSubjectKind
guess_kind(const SimReportData *d, guint i)
{
  const SimReportSubject *s = d->subjects->pdata[i];
  g_autofree char *cg = g_strconcat("client.", s->name, NULL);
  g_autofree char *ng = g_strconcat("nodegroup.", s->name, NULL);
  g_autofree char *fg = g_strconcat("fault.", s->name, NULL);
  for (guint k = 0; k < d->variants->len; k++) {
    GKeyFile *kf = ((SimReportVariant *)d->variants->pdata[k])->config;
    if (g_key_file_has_group(kf, cg))
      return SIM_REPORT_SUBJECT_CLIENT;
    if (g_key_file_has_group(kf, ng))
      return SIM_REPORT_SUBJECT_NODEGROUP;
    if (g_key_file_has_group(kf, fg))
      return SIM_REPORT_SUBJECT_FAULT;
  }
  for (guint v = 0; v < d->variants->len; v++)
    if (sim_report_data_metric(d, v, i, "node_ready_fraction"))
      return SIM_REPORT_SUBJECT_NODEGROUP;
  return strcmp(s->name, "network") == 0 ? SIM_REPORT_SUBJECT_NETWORK : SIM_REPORT_SUBJECT_OTHER;
}

/* Fills in each variant's configuration (where summary.json gave none), mode and short label,
 * and each subject's kind and location. */
static void
resolve_variants(SimReportData *d)
{
  g_autoptr(GKeyFile) base = g_key_file_new();
  if (d->scenario_text &&
      !g_key_file_load_from_data(base, d->scenario_text, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
    g_key_file_unref(base);
    base = g_key_file_new();
  }
  for (guint i = 0; i < d->variants->len; i++) {
    SimReportVariant *v = d->variants->pdata[i];
    /* scenario.ini with the variant's sweep pairs, then whatever summary.json resolved. */
    GKeyFile *kf = g_key_file_new();
    g_autofree char *text = g_key_file_to_data(base, NULL, NULL);
    g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE, NULL);
    apply_variant_pairs(kf, v->label);
    if (v->config) {
      g_auto(GStrv) groups = g_key_file_get_groups(v->config, NULL);
      for (guint g = 0; groups[g]; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(v->config, groups[g], NULL, NULL);
        for (guint k = 0; keys && keys[k]; k++) {
          g_autofree char *val = g_key_file_get_value(v->config, groups[g], keys[k], NULL);
          if (val)
            g_key_file_set_value(kf, groups[g], keys[k], val);
        }
      }
      g_key_file_unref(v->config);
    }
    v->config = kf;
    g_autofree char *mode = g_key_file_get_value(v->config, "cluster", "endpoint", NULL);
    /* Unset: the schema default, public only (facts §1.2). */
    v->mode = mode ? sim_report_mode_from_name(g_strstrip(mode)) : SIM_REPORT_MODE_PUBLIC;
    v->short_label = short_label(v->label);
  }

  const SimReportVariant *first = d->variants->len ? d->variants->pdata[0] : NULL;
  for (guint i = 0; i < d->subjects->len; i++) {
    SimReportSubject *s = d->subjects->pdata[i];
    g_autofree char *cg = g_strconcat("client.", s->name, NULL);
    if (!g_hash_table_contains(d->kind_known, s->name))
      s->kind = guess_kind(d, i);
    if (s->kind == SIM_REPORT_SUBJECT_CLIENT && first) {
      char *loc = g_key_file_get_value(first->config, cg, "location", NULL);
      s->location = loc ? g_strstrip(loc) : NULL;
    }
  }
}

static void
scenario_keys(SimReportData *d)
{
  if (!d->variants->len)
    return;
  GKeyFile *kf = ((SimReportVariant *)d->variants->pdata[0])->config;
  g_autofree char *dur = g_key_file_get_value(kf, "scenario", "duration", NULL);
  g_autofree char *warm = g_key_file_get_value(kf, "scenario", "warmup", NULL);
  g_autofree char *desc = g_key_file_get_value(kf, "scenario", "description", NULL);
  double s;
  if (isnan(d->duration_s) && dur && sim_units_parse_seconds(dur, &s, NULL))
    d->duration_s = s;
  if (isnan(d->warmup_s) && warm && sim_units_parse_seconds(warm, &s, NULL))
    d->warmup_s = s;
  if (!d->description[0] && desc) {
    g_free(d->description);
    d->description = g_strdup(g_strstrip(desc));
  }
}

/* ---- the CSV files --------------------------------------------------------------------------- */

static gboolean
load_summary_csv(SimReportData *d, GError **error)
{
  g_autoptr(Csv) csv = csv_load(d->dir, "summary.csv", TRUE, error);
  if (!csv)
    return FALSE;
  int c_scn = csv_require(csv, "scenario", error);
  if (c_scn < 0)
    return FALSE;
  int c_var = csv_require(csv, "variant", error);
  if (c_var < 0)
    return FALSE;
  int c_sub = csv_require(csv, "subject", error);
  if (c_sub < 0)
    return FALSE;
  int c_met = csv_require(csv, "metric", error);
  if (c_met < 0)
    return FALSE;
  int c_val = csv_require(csv, "value", error);
  if (c_val < 0)
    return FALSE;
  int c_lo = csv_column(csv, (const char *const[]){ "ci_low", NULL });
  int c_hi = csv_column(csv, (const char *const[]){ "ci_high", NULL });
  int c_n = csv_column(csv, (const char *const[]){ "n", NULL });
  int c_unit = csv_column(csv, (const char *const[]){ "unit", NULL });

  for (guint r = 0; r < csv->rows->len; r++) {
    const char *scn = csv_cell(csv, r, c_scn);
    if (!d->scenario)
      d->scenario = g_strdup(scn);
    else if (strcmp(d->scenario, scn) != 0) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: column 'scenario': '%s' differs from '%s' on the first row; allowed: one "
                  "scenario per folder",
                  csv->path, g_array_index(csv->lines, guint, r), scn, d->scenario);
      return FALSE;
    }
    const char *metric = csv_cell(csv, r, c_met);
    if (!metric[0]) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: column 'metric' is empty; allowed: a metric name", csv->path,
                  g_array_index(csv->lines, guint, r));
      return FALSE;
    }
    SimReportMetric m = { 0 };
    m.variant = variant_index(d, csv_cell(csv, r, c_var));
    m.subject = subject_index(d, csv_cell(csv, r, c_sub));
    m.metric = g_string_chunk_insert_const(d->strings, metric);
    m.unit = g_string_chunk_insert_const(d->strings, csv_cell(csv, r, c_unit));
    double n;
    if (!csv_number(csv, r, c_val, &m.value, error) || !csv_number(csv, r, c_lo, &m.ci_low, error) ||
        !csv_number(csv, r, c_hi, &m.ci_high, error) || !csv_number(csv, r, c_n, &n, error))
      return FALSE;
    m.n = isnan(n) ? -1 : (gint64)n;
    g_autofree char *key = g_strdup_printf("%u/%u/%s", m.variant, m.subject, m.metric);
    if (g_hash_table_contains(d->metric_ix, key)) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: a second row for variant '%s', subject '%s', metric '%s'; allowed: one "
                  "row per (variant, subject, metric)",
                  csv->path, g_array_index(csv->lines, guint, r), csv_cell(csv, r, c_var),
                  csv_cell(csv, r, c_sub), metric);
      return FALSE;
    }
    g_array_append_val(d->metrics, m);
    g_hash_table_insert(d->metric_ix, g_steal_pointer(&key), GUINT_TO_POINTER(d->metrics->len));
  }
  if (!d->scenario) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                "%s: no rows; allowed: at least one metric row", csv->path);
    return FALSE;
  }
  return TRUE;
}

static int
compare_points(gconstpointer a, gconstpointer b)
{
  const SimReportPoint *p = a, *q = b;
  if (p->x != q->x)
    return p->x < q->x ? -1 : 1;
  return (p->y > q->y) - (p->y < q->y);
}

/* Rows naming a variant or subject summary.csv does not know are refused: they would be data
 * no table explains. */
static gboolean
known(const SimReportData *d, const Csv *csv, guint r, int c_var, int c_sub, guint *v, guint *s,
      GError **error)
{
  const char *var = csv_cell(csv, r, c_var);
  if (!lookup_variant(d, var, v)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                "%s:%u: column 'variant': '%s' is not in summary.csv; allowed: a variant of "
                "summary.csv",
                csv->path, g_array_index(csv->lines, guint, r), var);
    return FALSE;
  }
  if (c_sub < 0) {
    *s = G_MAXUINT;
    return TRUE;
  }
  const char *sub = csv_cell(csv, r, c_sub);
  if (!lookup_subject(d, sub, s)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                "%s:%u: column 'subject': '%s' is not in summary.csv; allowed: a subject of "
                "summary.csv",
                csv->path, g_array_index(csv->lines, guint, r), sub);
    return FALSE;
  }
  return TRUE;
}

static gboolean
load_cdf(SimReportData *d, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(Csv) csv = csv_load(d->dir, "latency_cdf.csv", FALSE, &local);
  if (!csv) {
    if (local) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    return TRUE;
  }
  int c_var = csv_require(csv, "variant", error);
  if (c_var < 0)
    return FALSE;
  int c_sub = csv_require(csv, "subject", error);
  if (c_sub < 0)
    return FALSE;
  int c_x = csv_require(csv, "latency_ms", error);
  if (c_x < 0)
    return FALSE;
  int c_y = csv_require(csv, "cdf", error);
  if (c_y < 0)
    return FALSE;
  for (guint r = 0; r < csv->rows->len; r++) {
    guint v, s;
    SimReportPoint p;
    if (!known(d, csv, r, c_var, c_sub, &v, &s, error) || !csv_number(csv, r, c_x, &p.x, error) ||
        !csv_number(csv, r, c_y, &p.y, error))
      return FALSE;
    if (!(p.x > 0) || !(p.y >= 0 && p.y <= 1)) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: point (%s, %s) out of range; allowed: latency_ms > 0 and 0 <= cdf <= 1",
                  csv->path, g_array_index(csv->lines, guint, r), csv_cell(csv, r, c_x),
                  csv_cell(csv, r, c_y));
      return FALSE;
    }
    g_autofree char *key = g_strdup_printf("%u/%u", v, s);
    GArray *pts = g_hash_table_lookup(d->cdf, key);
    if (!pts) {
      pts = g_array_new(FALSE, FALSE, sizeof(SimReportPoint));
      g_hash_table_insert(d->cdf, g_steal_pointer(&key), pts);
    }
    g_array_append_val(pts, p);
  }
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init(&it, d->cdf);
  while (g_hash_table_iter_next(&it, NULL, &value))
    g_array_sort(value, compare_points);
  return TRUE;
}

static gboolean
load_faults(SimReportData *d, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(Csv) csv = csv_load(d->dir, "faults.csv", FALSE, &local);
  if (!csv) {
    if (local) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    return TRUE;
  }
  int c_var = csv_require(csv, "variant", error);
  if (c_var < 0)
    return FALSE;
  int c_f = csv_require(csv, "fault", error);
  if (c_f < 0)
    return FALSE;
  int c_start = csv_require(csv, "start_s", error);
  if (c_start < 0)
    return FALSE;
  int c_kind = csv_column(csv, (const char *const[]){ "kind", NULL });
  int c_end = csv_column(csv, (const char *const[]){ "end_s", NULL });
  int c_det = csv_column(csv, (const char *const[]){ "detected_s", NULL });
  int c_rec = csv_column(csv, (const char *const[]){ "recovered_s", NULL });
  for (guint r = 0; r < csv->rows->len; r++) {
    SimReportFault f = { 0 };
    guint s;
    if (!known(d, csv, r, c_var, -1, &f.variant, &s, error) ||
        !csv_number(csv, r, c_start, &f.start_s, error) || !csv_number(csv, r, c_end, &f.end_s, error) ||
        !csv_number(csv, r, c_det, &f.detected_s, error) ||
        !csv_number(csv, r, c_rec, &f.recovered_s, error))
      return FALSE;
    if (isnan(f.start_s)) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: column 'start_s' is empty; allowed: the fault's start in seconds",
                  csv->path, g_array_index(csv->lines, guint, r));
      return FALSE;
    }
    f.name = g_strdup(csv_cell(csv, r, c_f));
    f.kind = g_strdup(csv_cell(csv, r, c_kind));
    g_array_append_val(d->faults, f);
  }
  return TRUE;
}

/* variants/VARIANT/timeline.csv, tidy (scenario,variant,subject,bin_start_s,bin_end_s,metric,
 * value,...), gathered into one SimReportBin per (subject, bin). The folder's variant is its
 * 'variant' column, else summary.json's "dir", else the only variant; folders no variant claims
 * (left from an older run) are ignored. */
static gboolean
load_timeline(SimReportData *d, const char *folder, GError **error)
{
  g_autofree char *sub = g_build_filename(d->dir, "variants", folder, NULL);
  g_autoptr(GError) local = NULL;
  g_autoptr(Csv) csv = csv_load(sub, "timeline.csv", FALSE, &local);
  if (!csv) {
    if (local) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    return TRUE;
  }
  int c_sub = csv_require(csv, "subject", error);
  if (c_sub < 0)
    return FALSE;
  int c_t0 = csv_require(csv, "bin_start_s", error);
  if (c_t0 < 0)
    return FALSE;
  int c_met = csv_require(csv, "metric", error);
  if (c_met < 0)
    return FALSE;
  int c_val = csv_require(csv, "value", error);
  if (c_val < 0)
    return FALSE;
  int c_var = csv_column(csv, (const char *const[]){ "variant", NULL });
  int c_t1 = csv_column(csv, (const char *const[]){ "bin_end_s", NULL });

  guint v = G_MAXUINT, s;
  if (c_var >= 0 && csv->rows->len) {
    if (!known(d, csv, 0, c_var, -1, &v, &s, error))
      return FALSE;
  } else {
    for (guint k = 0; k < d->variants->len; k++) {
      SimReportVariant *var = d->variants->pdata[k];
      if (var->dir && strcmp(var->dir, folder) == 0)
        v = k;
    }
    if (v == G_MAXUINT && d->variants->len == 1)
      v = 0;
  }
  if (v == G_MAXUINT || d->timelines->pdata[v])
    return TRUE;
  SimReportVariant *var = d->variants->pdata[v];
  if (!var->dir)
    var->dir = g_strdup(folder);

  GArray *bins = g_array_new(FALSE, FALSE, sizeof(SimReportBin));
  d->timelines->pdata[v] = bins;
  g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint r = 0; r < csv->rows->len; r++) {
    guint vv = v;
    if (c_var >= 0) {
      if (!known(d, csv, r, c_var, c_sub, &vv, &s, error))
        return FALSE;
      if (vv != v) {
        g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                    "%s:%u: column 'variant': '%s' differs from the first row; allowed: one variant "
                    "per timeline.csv",
                    csv->path, g_array_index(csv->lines, guint, r), csv_cell(csv, r, c_var));
        return FALSE;
      }
    } else if (!lookup_subject(d, csv_cell(csv, r, c_sub), &s)) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: column 'subject': '%s' is not in summary.csv; allowed: a subject of summary.csv",
                  csv->path, g_array_index(csv->lines, guint, r), csv_cell(csv, r, c_sub));
      return FALSE;
    }
    double t0, t1, value;
    if (!csv_number(csv, r, c_t0, &t0, error) || !csv_number(csv, r, c_t1, &t1, error) ||
        !csv_number(csv, r, c_val, &value, error))
      return FALSE;
    if (isnan(t0)) {
      g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_VALUE,
                  "%s:%u: column 'bin_start_s' is empty; allowed: the bin's start in seconds", csv->path,
                  g_array_index(csv->lines, guint, r));
      return FALSE;
    }
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_autofree char *key = g_strdup_printf("%u/%s", s, g_ascii_dtostr(num, sizeof num, t0));
    gpointer at = g_hash_table_lookup(index, key);
    if (!at) {
      SimReportBin b = { s, t0, t1, NAN, NAN, NAN, NAN, NAN, NAN };
      g_array_append_val(bins, b);
      at = GUINT_TO_POINTER(bins->len);
      g_hash_table_insert(index, g_steal_pointer(&key), at);
    }
    SimReportBin *b = &g_array_index(bins, SimReportBin, GPOINTER_TO_UINT(at) - 1);
    const char *metric = csv_cell(csv, r, c_met);
    if (strcmp(metric, "requests") == 0)
      b->requests = value;
    else if (strcmp(metric, "availability") == 0)
      b->availability = value;
    else if (strcmp(metric, "latency_p50_ms") == 0)
      b->p50_ms = value;
    else if (strcmp(metric, "latency_p99_ms") == 0)
      b->p99_ms = value;
    else if (strcmp(metric, "nodes_ready") == 0)
      b->nodes_ready = value;
  }
  for (guint i = 0; i < bins->len; i++) {
    SimReportBin *b = &g_array_index(bins, SimReportBin, i);
    b->nodes = sim_report_data_value(d, v, b->subject, "nodes");
  }
  return TRUE;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean
load_timelines(SimReportData *d, GError **error)
{
  g_autofree char *vdir = g_build_filename(d->dir, "variants", NULL);
  g_autoptr(GDir) dh = g_dir_open(vdir, 0, NULL);
  if (!dh)
    return TRUE;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(dh)))
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (!load_timeline(d, names->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* ---- public ---------------------------------------------------------------------------------- */

static void
bins_free(gpointer p)
{
  if (p)
    g_array_unref(p);
}

static void
fault_clear(gpointer p)
{
  SimReportFault *f = p;
  g_free(f->name);
  g_free(f->kind);
}

SimReportData *
sim_report_data_load(const char *dir, GError **error)
{
  g_return_val_if_fail(dir != NULL, NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING,
                "%s: not a folder; allowed: a results folder written by eksim run", dir);
    return NULL;
  }
  g_autoptr(SimReportData) d = g_new0(SimReportData, 1);
  d->dir = g_strdup(dir);
  d->description = g_strdup("");
  d->variants = g_ptr_array_new_with_free_func((GDestroyNotify)variant_free);
  d->variant_ix = g_hash_table_new(g_str_hash, g_str_equal);
  d->subjects = g_ptr_array_new_with_free_func((GDestroyNotify)subject_free);
  d->subject_ix = g_hash_table_new(g_str_hash, g_str_equal);
  d->metrics = g_array_new(FALSE, FALSE, sizeof(SimReportMetric));
  d->metric_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  d->cdf = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  d->faults = g_array_new(FALSE, FALSE, sizeof(SimReportFault));
  g_array_set_clear_func(d->faults, fault_clear);
  d->strings = g_string_chunk_new(256);
  d->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  d->kind_known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  d->duration_s = NAN;
  d->warmup_s = NAN;
  d->timelines = g_ptr_array_new_with_free_func(bins_free);

  g_autofree char *ini = g_build_filename(dir, "scenario.ini", NULL);
  g_file_get_contents(ini, &d->scenario_text, NULL, NULL);
  if (d->scenario_text && !g_utf8_validate(d->scenario_text, -1, NULL)) {
    char *valid = g_utf8_make_valid(d->scenario_text, -1);
    g_free(d->scenario_text);
    d->scenario_text = valid;
  }
  /* summary.json first, so variants take its order; summary.csv adds any it does not list. */
  if (!load_summary_json(d, error) || !load_summary_csv(d, error))
    return NULL;
  resolve_variants(d);
  scenario_keys(d);
  g_ptr_array_set_size(d->timelines, (gint)d->variants->len);
  if (!load_cdf(d, error) || !load_faults(d, error) || !load_timelines(d, error))
    return NULL;
  return g_steal_pointer(&d);
}

void
sim_report_data_free(SimReportData *d)
{
  if (!d)
    return;
  g_free(d->dir);
  g_free(d->scenario);
  g_free(d->description);
  g_free(d->scenario_text);
  g_free(d->eksim_version);
  g_hash_table_unref(d->variant_ix);
  g_ptr_array_unref(d->variants);
  g_hash_table_unref(d->subject_ix);
  g_ptr_array_unref(d->subjects);
  g_array_unref(d->metrics);
  g_hash_table_unref(d->metric_ix);
  g_hash_table_unref(d->cdf);
  g_ptr_array_unref(d->timelines);
  g_array_unref(d->faults);
  g_hash_table_unref(d->failures);
  g_hash_table_unref(d->kind_known);
  g_string_chunk_free(d->strings);
  g_free(d);
}

const char *
sim_report_data_dir(const SimReportData *d)
{
  return d->dir;
}

const char *
sim_report_data_scenario(const SimReportData *d)
{
  return d->scenario;
}

const char *
sim_report_data_description(const SimReportData *d)
{
  return d->description;
}

const char *
sim_report_data_scenario_text(const SimReportData *d)
{
  return d->scenario_text;
}

double
sim_report_data_duration_s(const SimReportData *d)
{
  return d->duration_s;
}

double
sim_report_data_warmup_s(const SimReportData *d)
{
  return d->warmup_s;
}

const char *
sim_report_data_eksim_version(const SimReportData *d)
{
  return d->eksim_version;
}

gint64
sim_report_data_replications(const SimReportData *d)
{
  return d->replications;
}

guint
sim_report_data_n_variants(const SimReportData *d)
{
  return d->variants->len;
}

const SimReportVariant *
sim_report_data_variant(const SimReportData *d, guint i)
{
  g_return_val_if_fail(i < d->variants->len, NULL);
  return d->variants->pdata[i];
}

guint
sim_report_data_n_subjects(const SimReportData *d)
{
  return d->subjects->len;
}

const SimReportSubject *
sim_report_data_subject(const SimReportData *d, guint i)
{
  g_return_val_if_fail(i < d->subjects->len, NULL);
  return d->subjects->pdata[i];
}

guint
sim_report_data_n_metrics(const SimReportData *d)
{
  return d->metrics->len;
}

const SimReportMetric *
sim_report_data_metric_at(const SimReportData *d, guint i)
{
  g_return_val_if_fail(i < d->metrics->len, NULL);
  return &g_array_index(d->metrics, SimReportMetric, i);
}

const SimReportMetric *
sim_report_data_metric(const SimReportData *d, guint variant, guint subject, const char *metric)
{
  char key[64 + 256];
  if (g_snprintf(key, sizeof key, "%u/%u/%s", variant, subject, metric) >= (int)sizeof key) {
    g_autofree char *big = g_strdup_printf("%u/%u/%s", variant, subject, metric);
    gpointer ix = g_hash_table_lookup(d->metric_ix, big);
    return ix ? &g_array_index(d->metrics, SimReportMetric, GPOINTER_TO_UINT(ix) - 1) : NULL;
  }
  gpointer ix = g_hash_table_lookup(d->metric_ix, key);
  return ix ? &g_array_index(d->metrics, SimReportMetric, GPOINTER_TO_UINT(ix) - 1) : NULL;
}

double
sim_report_data_value(const SimReportData *d, guint variant, guint subject, const char *metric)
{
  const SimReportMetric *m = sim_report_data_metric(d, variant, subject, metric);
  return m ? m->value : NAN;
}

const GArray *
sim_report_data_cdf(const SimReportData *d, guint variant, guint subject)
{
  char key[32];
  g_snprintf(key, sizeof key, "%u/%u", variant, subject);
  return g_hash_table_lookup(d->cdf, key);
}

const GArray *
sim_report_data_timeline(const SimReportData *d, guint variant)
{
  g_return_val_if_fail(variant < d->variants->len, NULL);
  return d->timelines->pdata[variant];
}

const GArray *
sim_report_data_faults(const SimReportData *d)
{
  return d->faults;
}

const GArray *
sim_report_data_failures(const SimReportData *d, guint variant, guint subject)
{
  char key[32];
  g_snprintf(key, sizeof key, "%u/%u", variant, subject);
  return g_hash_table_lookup(d->failures, key);
}

int
sim_report_subject_rank(SimReportSubjectKind kind)
{
  return (int)kind; /* the enum is declared in listing order */
}

static const char *const mode_names[SIM_REPORT_MODE_COUNT] = {
  "public", "public+private", "private", "unknown",
};

const char *
sim_report_mode_name(SimReportMode mode)
{
  g_return_val_if_fail(mode < SIM_REPORT_MODE_COUNT, "unknown");
  return mode_names[mode];
}

SimReportMode
sim_report_mode_from_name(const char *name)
{
  for (int m = 0; m < SIM_REPORT_MODE_UNKNOWN; m++)
    if (g_strcmp0(name, mode_names[m]) == 0)
      return (SimReportMode)m;
  return SIM_REPORT_MODE_UNKNOWN;
}
