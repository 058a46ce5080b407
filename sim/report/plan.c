/* The plan of a results directory (see plan.h). */
#include "report/plan.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "stats/jsonio.h"

static void
setting_free(gpointer p)
{
  SimPlanSetting *s = p;
  g_free(s->group);
  g_free(s->key);
  g_free(s->text);
  g_free(s);
}

static void
variant_free(gpointer p)
{
  SimPlanVariant *v = p;
  g_free(v->label);
  g_free(v->dir);
  g_ptr_array_unref(v->settings);
  g_free(v);
}

SimPlan *
sim_plan_new(void)
{
  SimPlan *p = g_new0(SimPlan, 1);
  p->version = g_strdup("");
  p->name = g_strdup("");
  p->dir = g_strdup("");
  p->description = g_strdup("");
  p->hash = g_strdup("");
  p->data_hash = g_strdup("");
  p->variants = g_ptr_array_new_with_free_func(variant_free);
  p->run_ids = g_ptr_array_new_with_free_func(g_free);
  return p;
}

void
sim_plan_free(SimPlan *p)
{
  if (!p)
    return;
  g_free(p->version);
  g_free(p->name);
  g_free(p->dir);
  g_free(p->description);
  g_free(p->hash);
  g_free(p->data_hash);
  g_ptr_array_unref(p->variants);
  g_ptr_array_unref(p->run_ids);
  g_free(p);
}

SimPlanVariant *
sim_plan_add_variant(SimPlan *plan, const char *label)
{
  SimPlanVariant *v = g_new0(SimPlanVariant, 1);
  v->label = g_strdup(label);
  v->dir = g_strdup("");
  v->settings = g_ptr_array_new_with_free_func(setting_free);
  g_ptr_array_add(plan->variants, v);
  return v;
}

void
sim_plan_variant_add_setting(SimPlanVariant *v, const char *group, const char *key, const char *text,
                             gboolean is_set)
{
  SimPlanSetting *s = g_new0(SimPlanSetting, 1);
  s->group = g_strdup(group);
  s->key = g_strdup(key);
  s->text = g_strdup(text);
  s->is_set = is_set;
  g_ptr_array_add(v->settings, s);
}

static char *
variant_dir(const char *label)
{
  if (!*label)
    return g_strdup("base");
  GString *s = g_string_new(NULL);
  for (const char *p = label; *p && s->len < 100; p++) {
    char c = *p;
    gboolean keep = g_ascii_isalnum(c) || strchr("._=+,-", c) != NULL;
    if (s->len == 0 && (c == '.' || c == '-'))
      keep = FALSE;
    g_string_append_c(s, keep ? c : '_');
  }
  return g_string_free(s, FALSE);
}

void
sim_plan_name_variant_dirs(SimPlan *plan)
{
  guint n = plan->variants->len;
  for (guint i = 0; i < n; i++) {
    SimPlanVariant *v = g_ptr_array_index(plan->variants, i);
    g_free(v->dir);
    v->dir = variant_dir(v->label);
  }
  g_autofree gboolean *clash = g_new0(gboolean, n ? n : 1);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++) {
      const SimPlanVariant *a = g_ptr_array_index(plan->variants, i), *b = g_ptr_array_index(plan->variants, j);
      if (g_ascii_strcasecmp(a->dir, b->dir) == 0) /* case-insensitive file systems too */
        clash[i] = clash[j] = TRUE;
    }
  for (guint i = 0; i < n; i++) {
    if (!clash[i])
      continue;
    SimPlanVariant *v = g_ptr_array_index(plan->variants, i);
    g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, v->label, -1);
    char *dir = g_strdup_printf("%s-%.8s", v->dir, sum);
    g_free(v->dir);
    v->dir = dir;
  }
}

static gboolean
excluded_from_run_id(const SimPlanSetting *s)
{
  return strcmp(s->group, "scenario") == 0 &&
         (strcmp(s->key, "name") == 0 || strcmp(s->key, "description") == 0 || strcmp(s->key, "replications") == 0);
}

static void
update_field(GChecksum *sum, const char *text)
{
  g_checksum_update(sum, (const guchar *)text, (gssize)strlen(text) + 1); /* with its NUL: unambiguous */
}

void
sim_plan_derive_run_ids(SimPlan *plan)
{
  g_ptr_array_set_size(plan->run_ids, 0);
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    for (guint r = 0; r < plan->replications; r++) {
      g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
      char rep[32];
      update_field(sum, "eksim-run/1");
      update_field(sum, plan->version);
      update_field(sum, var->label);
      for (guint i = 0; i < var->settings->len; i++) {
        const SimPlanSetting *s = g_ptr_array_index(var->settings, i);
        if (excluded_from_run_id(s))
          continue;
        update_field(sum, s->group);
        update_field(sum, s->key);
        update_field(sum, s->text);
      }
      update_field(sum, plan->data_hash);
      g_snprintf(rep, sizeof rep, "%u", r);
      update_field(sum, rep);
      g_ptr_array_add(plan->run_ids, g_strndup(g_checksum_get_string(sum), 16));
    }
  }
}

guint
sim_plan_n_runs(const SimPlan *plan)
{
  return plan->variants->len * plan->replications;
}

const char *
sim_plan_run_id(const SimPlan *plan, guint variant, guint replication)
{
  g_return_val_if_fail(variant < plan->variants->len && replication < plan->replications, NULL);
  return g_ptr_array_index(plan->run_ids, variant * plan->replications + replication);
}

/* ---- JSON ---- */

char *
sim_plan_to_data(const SimPlan *plan, gsize *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  sim_json_add_string(b, "format", SIM_PLAN_FORMAT);
  sim_json_add_string(b, "eksim_version", plan->version);
  sim_json_add_string(b, "scenario", plan->name);
  sim_json_add_string(b, "dir", plan->dir);
  sim_json_add_string(b, "description", plan->description);
  sim_json_add_string(b, "scenario_hash", plan->hash);
  sim_json_add_string(b, "data_hash", plan->data_hash);
  sim_json_add_int(b, "seed", (gint64)plan->seed);
  sim_json_add_int(b, "replications", plan->replications);
  sim_json_add_int(b, "duration_ns", plan->duration);
  sim_json_add_int(b, "warmup_ns", plan->warmup);
  sim_json_add_int(b, "bin_ns", plan->bin);
  json_builder_set_member_name(b, "variants");
  json_builder_begin_array(b);
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    json_builder_begin_object(b);
    sim_json_add_string(b, "label", var->label);
    sim_json_add_string(b, "dir", var->dir);
    json_builder_set_member_name(b, "runs");
    json_builder_begin_array(b);
    for (guint r = 0; r < plan->replications; r++)
      json_builder_add_string_value(b, sim_plan_run_id(plan, v, r));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "settings");
    json_builder_begin_array(b);
    for (guint i = 0; i < var->settings->len; i++) {
      const SimPlanSetting *s = g_ptr_array_index(var->settings, i);
      json_builder_begin_array(b);
      json_builder_add_string_value(b, s->group);
      json_builder_add_string_value(b, s->key);
      json_builder_add_string_value(b, s->text);
      json_builder_add_boolean_value(b, s->is_set);
      json_builder_end_array(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 1);
  g_autofree char *text = json_generator_to_data(gen, NULL);
  char *out = g_strconcat(text, "\n", NULL);
  if (length)
    *length = strlen(out);
  return out;
}

#define FAIL(...)                                                              \
  do {                                                                         \
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, __VA_ARGS__);  \
    return NULL;                                                               \
  } while (0)

static char *
dup_member(JsonObject *o, const char *member, GError **error)
{
  const char *s = sim_json_get_string(o, "plan", member, error);
  return s ? g_strdup(s) : NULL;
}

static gboolean
safe_segment(const char *s)
{
  return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strchr(s, '/') && !strchr(s, '\\') && s[0] != '.';
}

SimPlan *
sim_plan_from_data(const char *data, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  GError *local = NULL;
  if (!json_parser_load_from_data(parser, data, length, &local)) {
    g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "plan: not JSON (%s)", local->message);
    g_error_free(local);
    return NULL;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root))
    FAIL("plan: not a JSON object");
  JsonObject *o = json_node_get_object(root);
  const char *format = sim_json_get_string(o, "plan", "format", error);
  if (!format)
    return NULL;
  if (strcmp(format, SIM_PLAN_FORMAT) != 0)
    FAIL("plan: format '%s', expected '%s'", format, SIM_PLAN_FORMAT);
  g_autoptr(SimPlan) p = sim_plan_new();
  gint64 seed, reps;
  JsonArray *variants;
#define STR(field, member)                                  \
  g_free(p->field);                                         \
  if (!(p->field = dup_member(o, member, error)))           \
    return NULL;
  STR(version, "eksim_version")
  STR(name, "scenario")
  STR(dir, "dir")
  STR(description, "description")
  STR(hash, "scenario_hash")
  STR(data_hash, "data_hash")
#undef STR
  if (!sim_json_get_int(o, "plan", "seed", &seed, error) || !sim_json_get_int(o, "plan", "replications", &reps, error) ||
      !sim_json_get_int(o, "plan", "duration_ns", &p->duration, error) ||
      !sim_json_get_int(o, "plan", "warmup_ns", &p->warmup, error) ||
      !sim_json_get_int(o, "plan", "bin_ns", &p->bin, error) ||
      !(variants = sim_json_get_array(o, "plan", "variants", error)))
    return NULL;
  if (seed < 0 || reps < 1 || reps > G_MAXINT || p->warmup < 0 || p->duration <= p->warmup || p->bin <= 0)
    FAIL("plan: seed, replications, duration, warm-up or bin out of range");
  if (!safe_segment(p->dir))
    FAIL("plan: 'dir' is not a safe folder name");
  p->seed = (guint64)seed;
  p->replications = (guint)reps;
  for (guint v = 0; v < json_array_get_length(variants); v++) {
    JsonObject *vo = sim_json_element_object(variants, v, "plan variants", error);
    const char *label = vo ? sim_json_get_string(vo, "plan variant", "label", error) : NULL;
    const char *dir = label ? sim_json_get_string(vo, "plan variant", "dir", error) : NULL;
    JsonArray *runs = dir ? sim_json_get_array(vo, "plan variant", "runs", error) : NULL;
    JsonArray *settings = runs ? sim_json_get_array(vo, "plan variant", "settings", error) : NULL;
    if (!settings)
      return NULL;
    if (!safe_segment(dir))
      FAIL("plan: variant %u: 'dir' is not a safe folder name", v);
    if (json_array_get_length(runs) != p->replications)
      FAIL("plan: variant %u: %u runs, expected %u", v, json_array_get_length(runs), p->replications);
    SimPlanVariant *var = sim_plan_add_variant(p, label);
    g_free(var->dir);
    var->dir = g_strdup(dir);
    for (guint r = 0; r < p->replications; r++) {
      JsonNode *n = json_array_get_element(runs, r);
      const char *id = JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
      if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16)
        FAIL("plan: variant %u: run %u is not a run id", v, r);
      g_ptr_array_add(p->run_ids, g_strdup(id));
    }
    for (guint i = 0; i < json_array_get_length(settings); i++) {
      JsonArray *s = sim_json_element_array(settings, i, "plan settings", error);
      if (!s)
        return NULL;
      const char *f[3];
      for (guint k = 0; k < 3; k++) {
        JsonNode *n = json_array_get_length(s) == 4 ? json_array_get_element(s, k) : NULL;
        f[k] = n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
        if (!f[k])
          FAIL("plan: variant %u: setting %u is not [group, key, text, is_set]", v, i);
      }
      JsonNode *b = json_array_get_element(s, 3);
      if (!JSON_NODE_HOLDS_VALUE(b) || json_node_get_value_type(b) != G_TYPE_BOOLEAN)
        FAIL("plan: variant %u: setting %u is not [group, key, text, is_set]", v, i);
      sim_plan_variant_add_setting(var, f[0], f[1], f[2], json_node_get_boolean(b));
    }
  }
  if (p->variants->len == 0)
    FAIL("plan: no variants");
  return g_steal_pointer(&p);
}
