/* SimConfig: one resolved scenario variant, read by the models through typed getters.
 *
 * Storage: an ordered array of groups; each group holds its values in schema row order and a hash
 * index by key. Values are parsed once, when the scenario is loaded (sim/scenario/scenario.c),
 * so every getter is a hash lookup and cannot fail on user input. Asking for a key the schema
 * does not define, for an instance the variant does not have, or with the getter of another
 * type is a programming error: g_critical() and a zero value.
 */
#include "scenario/config.h"

#include <string.h>

#include "scenario/config-private.h"
#include "scenario/schema.h"

struct _SimValueStore {
  gint ref;
  GPtrArray *values;     /* SimValue*, owned */
  GStringChunk *strings; /* texts and file names */
};

SimValueStore *
sim_value_store_new(void)
{
  SimValueStore *st = g_new0(SimValueStore, 1);
  st->ref = 1;
  st->values = g_ptr_array_new();
  st->strings = g_string_chunk_new(4096);
  return st;
}

SimValueStore *
sim_value_store_ref(SimValueStore *store)
{
  g_atomic_int_inc(&store->ref);
  return store;
}

void
sim_value_store_unref(SimValueStore *store)
{
  if (store == NULL || !g_atomic_int_dec_and_test(&store->ref))
    return;
  for (guint i = 0; i < store->values->len; i++) {
    sim_value_clear(store->values->pdata[i]);
    g_free(store->values->pdata[i]);
  }
  g_ptr_array_free(store->values, TRUE);
  g_string_chunk_free(store->strings);
  g_free(store);
}

const SimValue *
sim_value_store_add(SimValueStore *store, SimValue *value)
{
  SimValue *v = g_new(SimValue, 1);
  *v = *value;
  memset(value, 0, sizeof *value);
  g_ptr_array_add(store->values, v);
  return v;
}

const char *
sim_value_store_string(SimValueStore *store, const char *s)
{
  return s ? g_string_chunk_insert_const(store->strings, s) : NULL;
}

typedef struct {
  const SimKeySpec *spec;
  const char *text;       /* in the store */
  const SimValue *value;  /* in the store */
  gboolean set;
  const char *file;       /* in the store; NULL for defaults */
  guint line;
} CfgValue;

typedef struct {
  char *name;
  char *family; /* NULL for singletons */
  char *file;   /* where the file defines the group; NULL if it does not */
  guint line;
  GPtrArray *values;   /* CfgValue*, schema row order */
  GHashTable *by_key;  /* key -> CfgValue* (borrowed) */
} CfgGroup;

struct _SimConfig {
  gint ref;
  char *scenario_name;
  char *variant;
  char *base_dir;
  char *hash;
  SimValueStore *store;     /* shared with the scenario's other variants */
  GPtrArray *groups;        /* CfgGroup* in order */
  GHashTable *group_index;  /* name -> CfgGroup* */
  GHashTable *families;     /* family -> GPtrArray of char* (NULL-terminated, borrowed names) */
  GPtrArray *group_names;   /* NULL-terminated, for sim_config_groups */
};

static void
cfg_value_free(gpointer p)
{
  g_free(p);
}

static void
cfg_group_free(gpointer p)
{
  CfgGroup *g = p;
  g_free(g->name);
  g_free(g->family);
  g_free(g->file);
  g_ptr_array_free(g->values, TRUE);
  g_hash_table_destroy(g->by_key);
  g_free(g);
}

static void
ptr_array_free_shallow(gpointer p)
{
  g_ptr_array_free(p, TRUE);
}

SimConfig *
sim_config_new(const char *scenario_name, const char *variant, const char *base_dir, const char *hash,
               SimValueStore *store)
{
  g_return_val_if_fail(store != NULL, NULL);
  SimConfig *cfg = g_new0(SimConfig, 1);
  cfg->ref = 1;
  cfg->store = sim_value_store_ref(store);
  cfg->scenario_name = g_strdup(scenario_name ? scenario_name : "");
  cfg->variant = g_strdup(variant ? variant : "");
  cfg->base_dir = g_strdup(base_dir ? base_dir : ".");
  cfg->hash = g_strdup(hash ? hash : "");
  cfg->groups = g_ptr_array_new_with_free_func(cfg_group_free);
  cfg->group_index = g_hash_table_new(g_str_hash, g_str_equal);
  cfg->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_free_shallow);
  cfg->group_names = g_ptr_array_new();
  g_ptr_array_add(cfg->group_names, NULL);
  return cfg;
}

void
sim_config_add_group(SimConfig *cfg, const char *group, const char *family, const char *file, guint line)
{
  g_return_if_fail(cfg != NULL && group != NULL);
  g_return_if_fail(!g_hash_table_contains(cfg->group_index, group));
  CfgGroup *g = g_new0(CfgGroup, 1);
  g->name = g_strdup(group);
  g->family = g_strdup(family);
  g->file = g_strdup(file);
  g->line = line;
  g->values = g_ptr_array_new_with_free_func(cfg_value_free);
  g->by_key = g_hash_table_new(g_str_hash, g_str_equal);
  g_ptr_array_add(cfg->groups, g);
  g_hash_table_insert(cfg->group_index, g->name, g);

  /* link.default is folded into the link classes when the variant is built: not listed */
  if (family != NULL && strcmp(group + strlen(family) + 1, SIM_SCHEMA_FALLBACK_MEMBER) == 0)
    return;
  cfg->group_names->pdata[cfg->group_names->len - 1] = g->name;
  g_ptr_array_add(cfg->group_names, NULL);
  if (family != NULL) {
    GPtrArray *names = g_hash_table_lookup(cfg->families, family);
    if (names == NULL) {
      names = g_ptr_array_new();
      g_ptr_array_add(names, NULL);
      g_hash_table_insert(cfg->families, g_strdup(family), names);
    }
    names->pdata[names->len - 1] = g->name + strlen(family) + 1;
    g_ptr_array_add(names, NULL);
  }
}

gboolean
sim_config_has_group(const SimConfig *cfg, const char *group)
{
  return g_hash_table_contains(cfg->group_index, group);
}

void
sim_config_put_shared(SimConfig *cfg, const char *group, const SimKeySpec *spec, const char *text,
                      const SimValue *value, gboolean set, const char *file, guint line)
{
  CfgGroup *g = g_hash_table_lookup(cfg->group_index, group);
  g_return_if_fail(g != NULL && spec != NULL && value != NULL);
  CfgValue *v = g_hash_table_lookup(g->by_key, spec->key);
  if (v == NULL) {
    v = g_new0(CfgValue, 1);
    g_ptr_array_add(g->values, v);
    g_hash_table_insert(g->by_key, (gpointer)spec->key, v);
  }
  v->spec = spec;
  v->text = text;
  v->value = value;
  v->set = set;
  v->file = file;
  v->line = line;
}

void
sim_config_put(SimConfig *cfg, const char *group, const SimKeySpec *spec, const char *text,
               SimValue *value, gboolean set, const char *file, guint line)
{
  g_return_if_fail(value != NULL);
  sim_config_put_shared(cfg, group, spec, sim_value_store_string(cfg->store, text),
                        sim_value_store_add(cfg->store, value), set, sim_value_store_string(cfg->store, file),
                        line);
}

/* ---- lookups ---- */

static const CfgValue *
lookup(const SimConfig *cfg, const char *group, const char *key, const char *getter)
{
  g_return_val_if_fail(cfg != NULL && group != NULL && key != NULL, NULL);
  CfgGroup *g = g_hash_table_lookup(cfg->group_index, group);
  if (g == NULL) {
    g_critical("%s: this variant has no group [%s]", getter, group);
    return NULL;
  }
  const CfgValue *v = g_hash_table_lookup(g->by_key, key);
  if (v == NULL && sim_schema_find(group, key) == NULL)
    g_critical("%s: the schema defines no key [%s] %s", getter, group, key);
  return v;
}

/* The value if present and of one of the types; g_critical on a type mismatch. */
static const SimValue *
typed(const SimConfig *cfg, const char *group, const char *key, const char *getter, SimKeyType t1,
      SimKeyType t2)
{
  const CfgValue *v = lookup(cfg, group, key, getter);
  if (v == NULL)
    return NULL;
  if (v->spec->type != t1 && v->spec->type != t2) {
    g_critical("%s: [%s] %s is a %s", getter, group, key, sim_schema_type_name(v->spec->type));
    return NULL;
  }
  return v->value;
}

const char *
sim_config_scenario_name(const SimConfig *cfg)
{
  return cfg->scenario_name;
}

const char *
sim_config_variant(const SimConfig *cfg)
{
  return cfg->variant;
}

const char *
sim_config_base_dir(const SimConfig *cfg)
{
  return cfg->base_dir;
}

const char *
sim_config_hash(const SimConfig *cfg)
{
  return cfg->hash;
}

const char *const *
sim_config_instances(const SimConfig *cfg, const char *family)
{
  static const char *const none[] = { NULL };
  g_return_val_if_fail(cfg != NULL && family != NULL, none);
  GPtrArray *names = g_hash_table_lookup(cfg->families, family);
  return names ? (const char *const *)names->pdata : none;
}

guint
sim_config_n_instances(const SimConfig *cfg, const char *family)
{
  g_return_val_if_fail(cfg != NULL && family != NULL, 0);
  GPtrArray *names = g_hash_table_lookup(cfg->families, family);
  return names ? names->len - 1 : 0;
}

gboolean
sim_config_is_set(const SimConfig *cfg, const char *group, const char *key)
{
  const CfgValue *v = lookup(cfg, group, key, "sim_config_is_set");
  return v != NULL && v->set;
}

gboolean
sim_config_has_value(const SimConfig *cfg, const char *group, const char *key)
{
  return lookup(cfg, group, key, "sim_config_has_value") != NULL;
}

const char *
sim_config_get_string(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_string", SIM_KEY_STRING, SIM_KEY_ENUM);
  return v ? v->u.s : NULL;
}

gboolean
sim_config_get_bool(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_bool", SIM_KEY_BOOL, SIM_KEY_BOOL);
  return v ? v->u.b : FALSE;
}

gint64
sim_config_get_int(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_int", SIM_KEY_INT, SIM_KEY_INT);
  return v ? v->u.i : 0;
}

double
sim_config_get_double(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_double", SIM_KEY_DOUBLE, SIM_KEY_INT);
  if (v == NULL)
    return 0.0;
  return v->type == SIM_KEY_INT ? (double)v->u.i : v->u.d;
}

SimTime
sim_config_get_duration(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_duration", SIM_KEY_DURATION, SIM_KEY_DURATION);
  return v ? v->u.t : 0;
}

double
sim_config_get_rate(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_rate", SIM_KEY_RATE, SIM_KEY_RATE);
  return v ? v->u.d : 0.0;
}

guint64
sim_config_get_size(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_size", SIM_KEY_SIZE, SIM_KEY_SIZE);
  return v ? v->u.size : 0;
}

double
sim_config_get_bandwidth(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_bandwidth", SIM_KEY_BANDWIDTH, SIM_KEY_BANDWIDTH);
  return v ? v->u.d : 0.0;
}

SimDist *
sim_config_get_dist(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_dist", SIM_KEY_DIST, SIM_KEY_DIST);
  return v ? v->u.dist : NULL;
}

SimIp
sim_config_get_ip(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_ip", SIM_KEY_IP, SIM_KEY_IP);
  return v ? v->u.ip : 0;
}

const GArray *
sim_config_get_cidrs(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_cidrs", SIM_KEY_CIDR_LIST, SIM_KEY_CIDR_LIST);
  return v ? v->u.cidrs : NULL;
}

const GArray *
sim_config_get_weights(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_weights", SIM_KEY_WEIGHTS, SIM_KEY_WEIGHTS);
  return v ? v->u.weights : NULL;
}

const char *const *
sim_config_get_strv(const SimConfig *cfg, const char *group, const char *key)
{
  const SimValue *v = typed(cfg, group, key, "sim_config_get_strv", SIM_KEY_STRING_LIST, SIM_KEY_STRING_LIST);
  return v ? (const char *const *)v->u.strv : NULL;
}

const char *
sim_config_get_text(const SimConfig *cfg, const char *group, const char *key)
{
  const CfgValue *v = lookup(cfg, group, key, "sim_config_get_text");
  return v ? v->text : NULL;
}

const char *const *
sim_config_groups(const SimConfig *cfg)
{
  g_return_val_if_fail(cfg != NULL, NULL);
  return (const char *const *)cfg->group_names->pdata;
}

void
sim_config_foreach(const SimConfig *cfg, SimConfigFunc func, gpointer user_data)
{
  g_return_if_fail(cfg != NULL && func != NULL);
  for (guint i = 0; cfg->group_names->pdata[i] != NULL; i++) {
    const CfgGroup *g = g_hash_table_lookup(cfg->group_index, cfg->group_names->pdata[i]);
    for (guint j = 0; j < g->values->len; j++) {
      const CfgValue *v = g->values->pdata[j];
      func(g->name, v->spec->key, v->text, v->set, user_data);
    }
  }
}

/* ---- internals for the scenario module ---- */

gboolean
sim_config_origin(const SimConfig *cfg, const char *group, const char *key, const char **file, guint *line)
{
  CfgGroup *g = g_hash_table_lookup(cfg->group_index, group);
  const CfgValue *v = g ? g_hash_table_lookup(g->by_key, key) : NULL;
  if (v == NULL || v->file == NULL)
    return FALSE;
  *file = v->file;
  *line = v->line;
  return TRUE;
}

gboolean
sim_config_group_origin(const SimConfig *cfg, const char *group, const char **file, guint *line)
{
  CfgGroup *g = g_hash_table_lookup(cfg->group_index, group);
  if (g == NULL || g->file == NULL)
    return FALSE;
  *file = g->file;
  *line = g->line;
  return TRUE;
}

const SimValue *
sim_config_value(const SimConfig *cfg, const char *group, const char *key)
{
  CfgGroup *g = g_hash_table_lookup(cfg->group_index, group);
  const CfgValue *v = g ? g_hash_table_lookup(g->by_key, key) : NULL;
  return v ? v->value : NULL;
}

SimConfig *
sim_config_ref(SimConfig *cfg)
{
  g_return_val_if_fail(cfg != NULL, NULL);
  g_atomic_int_inc(&cfg->ref);
  return cfg;
}

void
sim_config_unref(SimConfig *cfg)
{
  if (cfg == NULL || !g_atomic_int_dec_and_test(&cfg->ref))
    return;
  g_free(cfg->scenario_name);
  g_free(cfg->variant);
  g_free(cfg->base_dir);
  g_free(cfg->hash);
  g_ptr_array_free(cfg->group_names, TRUE);
  g_hash_table_destroy(cfg->families);
  g_hash_table_destroy(cfg->group_index);
  g_ptr_array_free(cfg->groups, TRUE);
  sim_value_store_unref(cfg->store);
  g_free(cfg);
}
