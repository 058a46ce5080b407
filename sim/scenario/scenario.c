/* Scenario loading: text (source.c) -> groups and keys checked against the schema -> [sweep]
 * expanded -> one SimConfig per variant, each checked for impossible combinations
 * (validate.c). Every problem is collected; nothing is returned unless there are none.
 *
 * Variants: the [sweep] lines in the order written; the first varies slowest (like nested loops
 * written top to bottom). A variant's label is "group.key=value" per line joined by ';'.
 * Problems found while building or checking variants are reported once; when a problem does not
 * occur in every variant, the line says in which ("in variant X" / "in 3 of 9 variants, e.g. X").
 */
#include "scenario/scenario.h"

#include <string.h>

#include "scenario/config-private.h"
#include "scenario/diag.h"
#include "scenario/schema.h"
#include "scenario/source.h"
#include "scenario/validate.h"
#include "scenario/value.h"

G_DEFINE_QUARK(sim-scenario-error-quark, sim_scenario_error)

struct _SimScenario {
  char *path;
  char *name;
  char *description;
  char *hash;
  char *resolved;
  guint64 seed;
  guint replications;
  SimTime duration, warmup, bin;
  GPtrArray *variants; /* SimConfig* */
  GPtrArray *labels;   /* char* */
};

typedef struct {
  char *target;   /* "client.laptop.rate" as written */
  char *group;    /* "client.laptop" */
  const SimKeySpec *spec;
  char **alts;
  const SimSrcEntry *entry;
} SweepLine;

typedef struct {
  SimSrcDoc *doc;
  SimDiag *diag;
  GHashTable *cache;     /* "group|key|base_dir|text" -> SimValue* in store (parsed successfully) */
  SimValueStore *store;  /* values and strings shared by all variants */
  GHashTable *bad_group; /* names of groups that are not in the schema */
  GPtrArray *sweep;      /* SweepLine* */
  char *name;            /* [scenario] name, or the file name */
  GHashTable *rows_of;   /* group -> GPtrArray of its SimKeySpec rows, in order (built once) */
  GString *key;          /* scratch for cache keys */
  GHashTable **by_ptr;   /* per schema row: text pointer -> SimValue* (texts are stable during a load) */
  GHashTable *interned;  /* string pointer -> its copy in the store */
} Loader;

/* A string of the document (stable while loading) as a copy owned by the store. */
static const char *
intern(Loader *ld, const char *s)
{
  if (s == NULL)
    return NULL;
  const char *v = g_hash_table_lookup(ld->interned, s);
  if (v == NULL) {
    v = sim_value_store_string(ld->store, s);
    g_hash_table_insert(ld->interned, (gpointer)s, (gpointer)v);
  }
  return v;
}

/* The schema rows of a concrete group, looked up once per load (every variant needs them). */
static GPtrArray *
rows_of(Loader *ld, const char *group)
{
  GPtrArray *rows = g_hash_table_lookup(ld->rows_of, group);
  if (rows == NULL) {
    guint n;
    const SimKeySpec *all = sim_schema_rows(&n);
    rows = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
      if (sim_schema_row_matches(&all[i], group))
        g_ptr_array_add(rows, (gpointer)&all[i]);
    }
    g_hash_table_insert(ld->rows_of, g_strdup(group), rows);
  }
  return rows;
}

static void
sweep_line_free(gpointer p)
{
  SweepLine *s = p;
  g_free(s->target);
  g_free(s->group);
  g_strfreev(s->alts);
  g_free(s);
}

/* Parses through the cache: each (row, folder, text) is parsed once per load and the value,
 * kept in the store, is shared by every variant. NULL (and @error) if the text is bad. */
static const SimValue *
parse_cached(Loader *ld, const SimKeySpec *spec, const char *text, const char *base_dir, GError **error)
{
  /* row (group, key), folder, text: the same text can mean another file in another folder */
  GString *k = ld->key;
  g_string_assign(k, spec->group);
  g_string_append_c(k, '\x1f');
  g_string_append(k, spec->key);
  g_string_append_c(k, '\x1f');
  g_string_append(k, base_dir);
  g_string_append_c(k, '\x1f');
  g_string_append(k, text);
  const SimValue *v = g_hash_table_lookup(ld->cache, k->str);
  if (v == NULL) {
    SimValue tmp;
    if (!sim_value_parse(spec, text, base_dir, &tmp, error))
      return NULL;
    v = sim_value_store_add(ld->store, &tmp);
    g_hash_table_insert(ld->cache, g_strdup(k->str), (gpointer)v);
  }
  return v;
}

/* ---- groups and keys ---- */

static char *
group_list_text(void)
{
  GString *s = g_string_new(NULL);
  const char *const *singles = sim_schema_static_groups();
  for (guint i = 0; singles[i] != NULL; i++) {
    if (strchr(singles[i], '.') == NULL)
      g_string_append_printf(s, "%s, ", singles[i]);
  }
  const char *const *fixed = sim_schema_fixed_families();
  for (guint i = 0; fixed[i] != NULL; i++)
    g_string_append_printf(s, "%s.CLASS, ", fixed[i]);
  const char *const *fams = sim_schema_families();
  for (guint i = 0; fams[i] != NULL; i++)
    g_string_append_printf(s, "%s.NAME, ", fams[i]);
  g_string_append(s, "sweep");
  return g_string_free(s, FALSE);
}

/* Members of a fixed family ("intra-az, inter-az, ..., default"). */
static GPtrArray *
fixed_members(const char *family)
{
  GPtrArray *out = g_ptr_array_new();
  const char *const *groups = sim_schema_static_groups();
  gsize flen = strlen(family);
  for (guint i = 0; groups[i] != NULL; i++) {
    if (strncmp(groups[i], family, flen) == 0 && groups[i][flen] == '.')
      g_ptr_array_add(out, (gpointer)(groups[i] + flen + 1));
  }
  g_ptr_array_add(out, NULL);
  return out;
}

static void
report_unknown_group(Loader *ld, const SimSrcGroup *g)
{
  const char *dot = strchr(g->name, '.');
  g_autofree char *allowed = group_list_text();
  g_autofree char *prefix = dot ? g_strndup(g->name, (gsize)(dot - g->name)) : g_strdup(g->name);
  const char *const *fams = sim_schema_families();
  const char *const *fixed = sim_schema_fixed_families();

  if (dot != NULL && g_strv_contains(fams, prefix)) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL,
                 "letters, digits, '_' and '-' ([A-Za-z0-9_-]+)",
                 "bad instance name '%s'", dot + 1);
    return;
  }
  if (dot != NULL && g_strv_contains(fixed, prefix)) {
    g_autoptr(GPtrArray) members = fixed_members(prefix);
    g_autofree char *list = g_strjoinv(", ", (char **)members->pdata);
    const char *hint = sim_schema_suggest(dot + 1, (const char *const *)members->pdata);
    if (hint != NULL)
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, list,
                   "unknown %s class '%s' (did you mean [%s.%s]?)", prefix, dot + 1, prefix, hint);
    else
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, list,
                   "unknown %s class '%s'", prefix, dot + 1);
    return;
  }
  if (dot == NULL && g_strv_contains(fams, g->name)) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, allowed,
                 "a %s needs a name: [%s.NAME]", g->name, g->name);
    return;
  }
  if (dot == NULL && g_strv_contains(fixed, g->name)) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, allowed,
                 "[%s] needs a class: [%s.CLASS]", g->name, g->name);
    return;
  }
  /* a misspelt singleton or family */
  GPtrArray *cands = g_ptr_array_new();
  const char *const *statics = sim_schema_static_groups();
  for (guint i = 0; statics[i] != NULL; i++) {
    if (strchr(statics[i], '.') == NULL)
      g_ptr_array_add(cands, (gpointer)statics[i]);
  }
  for (guint i = 0; fams[i] != NULL; i++)
    g_ptr_array_add(cands, (gpointer)fams[i]);
  for (guint i = 0; fixed[i] != NULL; i++)
    g_ptr_array_add(cands, (gpointer)fixed[i]);
  g_ptr_array_add(cands, "sweep");
  g_ptr_array_add(cands, NULL);
  const char *hint = sim_schema_suggest(prefix, (const char *const *)cands->pdata);
  if (hint != NULL && dot != NULL)
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, allowed,
                 "unknown group (did you mean [%s%s]?)", hint, dot);
  else if (hint != NULL)
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, allowed,
                 "unknown group (did you mean [%s]?)", hint);
  else
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_GROUP, g->file, g->line, g->name, NULL, allowed,
                 "unknown group");
  g_ptr_array_free(cands, TRUE);
}

static void
report_unknown_key(Loader *ld, const SimSrcGroup *g, const SimSrcEntry *e)
{
  g_autofree const char **keys = sim_schema_keys_of(g->name);
  g_autofree char *allowed = g_strjoinv(", ", (char **)keys);
  const char *hint = sim_schema_suggest(e->key, keys);
  if (hint != NULL) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_KEY, e->file, e->line, g->name, e->key, allowed,
                 "unknown key (did you mean '%s'?)", hint);
    return;
  }
  /* the right key in the wrong group? */
  guint n;
  const SimKeySpec *rows = sim_schema_rows(&n);
  for (guint i = 0; i < n; i++) {
    if (strcmp(rows[i].key, e->key) == 0) {
      const char *star = strstr(rows[i].group, ".*");
      g_autofree char *where = star ? g_strdup_printf("%.*s.NAME", (int)(star - rows[i].group),
                                                      rows[i].group)
                                    : g_strdup(rows[i].group);
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_KEY, e->file, e->line, g->name, e->key, allowed,
                   "unknown key in this group (it belongs in [%s])", where);
      return;
    }
  }
  sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_UNKNOWN_KEY, e->file, e->line, g->name, e->key, allowed,
               "unknown key");
}

static void
check_groups_and_keys(Loader *ld)
{
  for (guint i = 0; i < ld->doc->groups->len; i++) {
    const SimSrcGroup *g = ld->doc->groups->pdata[i];
    SimGroupKind kind = sim_schema_group_kind(g->name, NULL);
    if (kind == SIM_GROUP_SWEEP)
      continue;
    if (kind == SIM_GROUP_UNKNOWN) {
      report_unknown_group(ld, g);
      g_hash_table_add(ld->bad_group, g->name);
      continue;
    }
    for (guint k = 0; k < g->entries->len; k++) {
      const SimSrcEntry *e = g->entries->pdata[k];
      const SimKeySpec *spec = sim_schema_find(g->name, e->key);
      if (spec == NULL) {
        report_unknown_key(ld, g, e);
        continue;
      }
      g_autoptr(GError) err = NULL;
      if (parse_cached(ld, spec, e->value, e->base_dir, &err) == NULL)
        sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_BAD_VALUE, e->file, e->line, g->name, e->key, NULL, "%s",
                     err->message);
    }
  }
}

/* ---- [sweep] ---- */

/* Every "group.key" a sweep could name, for suggestions. */
static GPtrArray *
sweep_candidates(Loader *ld)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  guint n;
  const SimKeySpec *rows = sim_schema_rows(&n);
  for (guint i = 0; i < n; i++) {
    if (strstr(rows[i].group, ".*") == NULL) {
      g_ptr_array_add(out, g_strdup_printf("%s.%s", rows[i].group, rows[i].key));
      continue;
    }
    for (guint j = 0; j < ld->doc->groups->len; j++) {
      const SimSrcGroup *g = ld->doc->groups->pdata[j];
      if (sim_schema_row_matches(&rows[i], g->name))
        g_ptr_array_add(out, g_strdup_printf("%s.%s", g->name, rows[i].key));
    }
  }
  g_ptr_array_add(out, NULL);
  return out;
}

static void
parse_sweep(Loader *ld)
{
  const SimSrcGroup *sw = sim_src_doc_group(ld->doc, "sweep");
  if (sw == NULL)
    return;
  guint64 product = 1;
  gboolean product_ok = TRUE;

  for (guint i = 0; i < sw->entries->len; i++) {
    const SimSrcEntry *e = sw->entries->pdata[i];
    const SimKeySpec *spec = NULL;
    g_autofree char *group = NULL;
    gboolean missing_instance = FALSE;

    for (const char *dot = strchr(e->key, '.'); dot != NULL && spec == NULL; dot = strchr(dot + 1, '.')) {
      g_autofree char *g = g_strndup(e->key, (gsize)(dot - e->key));
      SimGroupKind kind = sim_schema_group_kind(g, NULL);
      if (kind == SIM_GROUP_UNKNOWN || kind == SIM_GROUP_SWEEP)
        continue;
      const SimKeySpec *s = sim_schema_find(g, dot + 1);
      if (s == NULL)
        continue;
      if (kind == SIM_GROUP_FAMILY && sim_src_doc_group(ld->doc, g) == NULL) {
        missing_instance = TRUE;
        group = g_steal_pointer(&g);
        continue;
      }
      spec = s;
      g_free(group);
      group = g_steal_pointer(&g);
    }
    if (spec == NULL && missing_instance) {
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key,
                   "keys of groups the scenario defines", "the scenario has no group [%s]", group);
      product_ok = FALSE;
      continue;
    }
    if (spec == NULL) {
      g_autoptr(GPtrArray) cands = sweep_candidates(ld);
      const char *hint = sim_schema_suggest(e->key, (const char *const *)cands->pdata);
      const char *allowed = "GROUP.KEY of a key in the schema (client.NAME.KEY for an instance)";
      if (hint != NULL)
        sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key, allowed,
                     "unknown key (did you mean '%s'?)", hint);
      else
        sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key, allowed,
                     "unknown key");
      product_ok = FALSE;
      continue;
    }
    if (strcmp(group, "scenario") == 0) {
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key,
                   "keys of any group but [scenario]",
                   "[scenario] keys describe the whole run and cannot be swept");
      product_ok = FALSE;
      continue;
    }
    char **alts = sim_value_split_alternatives(spec->type, e->value);
    guint n = g_strv_length(alts);
    gboolean ok = TRUE;
    const char *sep = sim_value_type_is_list(spec->type) ? "'|'" : "commas";
    for (guint a = 0; a < n; a++) {
      if (alts[a][0] == '\0') {
        sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key, NULL,
                     "empty alternative (value %u); allowed: values separated by %s", a + 1, sep);
        ok = FALSE;
        continue;
      }
      for (guint b = 0; b < a; b++) {
        if (strcmp(alts[a], alts[b]) == 0) {
          sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key,
                       "each value once", "'%s' is listed twice", alts[a]);
          ok = FALSE;
        }
      }
      g_autoptr(GError) err = NULL;
      if (parse_cached(ld, spec, alts[a], e->base_dir, &err) == NULL) {
        sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_BAD_VALUE, e->file, e->line, "sweep", e->key, NULL, "%s",
                     err->message);
        ok = FALSE;
      }
    }
    if (!ok) {
      g_strfreev(alts);
      product_ok = FALSE;
      continue;
    }
    product *= n;
    if (product > SIM_SCENARIO_MAX_VARIANTS) {
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_SWEEP, e->file, e->line, "sweep", e->key,
                   "at most " G_STRINGIFY(SIM_SCENARIO_MAX_VARIANTS) " variants",
                   "the sweep makes more than %d variants", SIM_SCENARIO_MAX_VARIANTS);
      g_strfreev(alts);
      product_ok = FALSE;
      break;
    }
    SweepLine *line = g_new0(SweepLine, 1);
    line->target = g_strdup(e->key);
    line->group = g_steal_pointer(&group);
    line->spec = spec;
    line->alts = alts;
    line->entry = e;
    g_ptr_array_add(ld->sweep, line);
  }
  (void)product_ok;
}

/* ---- building one variant ---- */

/* Evaluates @spec's condition against the keys of @group already stored in @cfg. With @why and
 * @need (only wanted when the user wrote the key), a FALSE result also says what is wrong and
 * what would be allowed. */
static gboolean
condition_holds(const SimConfig *cfg, const char *group, const SimKeySpec *spec, char **why, char **need)
{
  const char *cond = spec->condition;
  if (cond == NULL)
    return TRUE;
  if (cond[0] == '!') {
    gboolean has = sim_config_value(cfg, group, cond + 1) != NULL;
    if (has && why != NULL) {
      *why = g_strdup_printf("does not apply when %s is set", cond + 1);
      *need = g_strdup_printf("%s or %s, not both", cond + 1, spec->key);
    }
    return !has;
  }
  const char *eq = strchr(cond, '=');
  if (eq == NULL) {
    gboolean has = sim_config_value(cfg, group, cond) != NULL;
    if (!has && why != NULL) {
      *why = g_strdup_printf("applies only when %s is set", cond);
      *need = g_strdup_printf("%s only together with %s", spec->key, cond);
    }
    return has;
  }
  gboolean negate = eq > cond && eq[-1] == '!';
  gsize klen = (gsize)(eq - cond - (negate ? 1 : 0));
  char key[64];
  g_return_val_if_fail(klen < sizeof key, TRUE);
  memcpy(key, cond, klen);
  key[klen] = '\0';
  const char *text = sim_config_value(cfg, group, key) ? sim_config_get_text(cfg, group, key) : NULL;
  /* "a|b|c" contains text as a whole member */
  gboolean in = FALSE;
  if (text != NULL) {
    gsize tl = strlen(text);
    for (const char *m = eq + 1; *m;) {
      const char *bar = strchr(m, '|');
      gsize ml = bar ? (gsize)(bar - m) : strlen(m);
      if (ml == tl && strncmp(m, text, ml) == 0)
        in = TRUE;
      m += ml + (bar ? 1 : 0);
    }
  }
  gboolean holds = negate ? (text != NULL && !in) : in;
  if (!holds && why != NULL) {
    g_auto(GStrv) members = g_strsplit(eq + 1, "|", -1);
    g_autofree char *list = g_strjoinv(" or ", members);
    if (text == NULL)
      *why = g_strdup_printf("applies only when %s is %s%s (%s is not set)", key, negate ? "not " : "",
                             list, key);
    else
      *why = g_strdup_printf("applies only when %s is %s%s (%s is '%s')", key, negate ? "not " : "",
                             list, key, text);
    *need = g_strdup_printf("%s only when %s is %s%s", spec->key, key, negate ? "not " : "", list);
  }
  return holds;
}

static const SweepLine *
sweep_for(Loader *ld, const char *group, const char *key)
{
  for (guint i = 0; i < ld->sweep->len; i++) {
    const SweepLine *s = ld->sweep->pdata[i];
    if (strcmp(s->group, group) == 0 && strcmp(s->spec->key, key) == 0)
      return s;
  }
  return NULL;
}

/* Where a key's value comes from in this variant. */
typedef struct {
  const char *text;
  const char *file;
  guint line;
  const char *base_dir;
  gboolean set;
} Source;

static gboolean
find_source(Loader *ld, const guint *choice, const char *group, const char *key, Source *src)
{
  const SweepLine *s = sweep_for(ld, group, key);
  if (s != NULL) {
    guint idx = 0;
    for (guint i = 0; i < ld->sweep->len; i++) {
      if (ld->sweep->pdata[i] == s)
        idx = choice[i];
    }
    *src = (Source){ s->alts[idx], s->entry->file, s->entry->line, s->entry->base_dir, TRUE };
    return TRUE;
  }
  const SimSrcGroup *g = sim_src_doc_group(ld->doc, group);
  const SimSrcEntry *e = g ? sim_src_group_entry(g, key) : NULL;
  if (e != NULL) {
    *src = (Source){ e->value, e->file, e->line, e->base_dir, TRUE };
    return TRUE;
  }
  return FALSE;
}

static void
build_group(Loader *ld, SimConfig *cfg, const guint *choice, const char *group, const char *family,
            SimDiag *diag)
{
  GPtrArray *rows = rows_of(ld, group);
  const SimSrcGroup *sg = sim_src_doc_group(ld->doc, group);
  g_autofree char *fallback = NULL;
  if (family != NULL && g_strv_contains(sim_schema_fixed_families(), family) &&
      strcmp(group + strlen(family) + 1, SIM_SCHEMA_FALLBACK_MEMBER) != 0)
    fallback = g_strconcat(family, ".", SIM_SCHEMA_FALLBACK_MEMBER, NULL);

  for (guint i = 0; i < rows->len; i++) {
    const SimKeySpec *spec = rows->pdata[i];
    Source src = { spec->def, NULL, 0, ld->doc->base_dir, FALSE };
    gboolean from_fallback = FALSE;
    if (!find_source(ld, choice, group, spec->key, &src) &&
        !(fallback != NULL && (from_fallback = find_source(ld, choice, fallback, spec->key, &src)))) {
      src = (Source){ spec->def, NULL, 0, ld->doc->base_dir, FALSE };
      if (strcmp(group, "scenario") == 0 && strcmp(spec->key, "name") == 0)
        src.text = ld->name;
    }
    if (!condition_holds(cfg, group, spec, NULL, NULL)) {
      /* a [link.default] value applies only where it can (queue only to classes with a bandwidth) */
      if (src.set && !from_fallback) {
        g_autofree char *why = NULL;
        g_autofree char *need = NULL;
        condition_holds(cfg, group, spec, &why, &need);
        sim_diag_add(diag, SIM_SCENARIO_ERROR_NOT_APPLICABLE, src.file, src.line, group, spec->key,
                     need, "%s", why);
      }
      continue;
    }
    if (spec->required && !src.set) {
      g_autofree char *allowed = sim_schema_allowed_text(spec);
      sim_diag_add(diag, SIM_SCENARIO_ERROR_MISSING, sg ? sg->file : ld->doc->path, sg ? sg->line : 0,
                   group, spec->key, allowed, "required key is missing");
      continue;
    }
    if (src.text == NULL)
      continue;
    g_autoptr(GError) err = NULL;
    /* the same text pointer always comes from the same place (entry, sweep value, default), so
     * it names the same value: a pointer lookup spares the text key of parse_cached */
    guint row = (guint)(spec - sim_schema_rows(NULL));
    if (ld->by_ptr[row] == NULL)
      ld->by_ptr[row] = g_hash_table_new(g_direct_hash, g_direct_equal);
    const SimValue *v = g_hash_table_lookup(ld->by_ptr[row], src.text);
    if (v != NULL) {
      sim_config_put_shared(cfg, group, spec, intern(ld, src.text), v, src.set, intern(ld, src.file), src.line);
      continue;
    }
    v = parse_cached(ld, spec, src.text, src.base_dir, &err);
    if (v != NULL)
      g_hash_table_insert(ld->by_ptr[row], (gpointer)src.text, (gpointer)v);
    if (v == NULL) {
      if (!src.set) {
        /* file values were checked already: this is a default the schema got wrong */
        sim_diag_add(diag, SIM_SCENARIO_ERROR_BAD_VALUE, "(schema default)", 0, group, spec->key, NULL,
                     "%s", err->message);
        continue;
      }
      /* a bad written value, reported already: check the rest with the default, if any */
      if (spec->def == NULL)
        continue;
      g_clear_error(&err);
      src = (Source){ spec->def, NULL, 0, ld->doc->base_dir, FALSE };
      if ((v = parse_cached(ld, spec, src.text, src.base_dir, &err)) == NULL)
        continue;
    }
    sim_config_put_shared(cfg, group, spec, intern(ld, src.text), v, src.set, intern(ld, src.file), src.line);
  }
}

static SimConfig *
build_variant(Loader *ld, const guint *choice, const char *label, const char *hash, SimDiag *diag)
{
  SimConfig *cfg = sim_config_new(ld->name, label, ld->doc->base_dir, hash, ld->store);
  const char *const *statics = sim_schema_static_groups();

  for (guint i = 0; statics[i] != NULL; i++) {
    g_autofree char *family = NULL;
    sim_schema_group_kind(statics[i], &family);
    const SimSrcGroup *sg = sim_src_doc_group(ld->doc, statics[i]);
    sim_config_add_group(cfg, statics[i], family, sg ? sg->file : NULL, sg ? sg->line : 0);
  }
  for (guint i = 0; i < ld->doc->groups->len; i++) {
    const SimSrcGroup *sg = ld->doc->groups->pdata[i];
    g_autofree char *family = NULL;
    if (sim_schema_group_kind(sg->name, &family) == SIM_GROUP_FAMILY)
      sim_config_add_group(cfg, sg->name, family, sg->file, sg->line);
  }
  /* link.default first, so fixed members can fall back on it; then everything in order */
  for (guint i = 0; statics[i] != NULL; i++) {
    g_autofree char *family = NULL;
    sim_schema_group_kind(statics[i], &family);
    build_group(ld, cfg, choice, statics[i], family, diag);
  }
  for (guint i = 0; i < ld->doc->groups->len; i++) {
    const SimSrcGroup *sg = ld->doc->groups->pdata[i];
    g_autofree char *family = NULL;
    if (sim_schema_group_kind(sg->name, &family) == SIM_GROUP_FAMILY)
      build_group(ld, cfg, choice, sg->name, family, diag);
  }
  sim_validate_derive(cfg, ld->doc->path, diag);
  sim_validate_variant(cfg, ld->doc->path, diag);
  return cfg;
}

/* ---- resolved text and hash ---- */

typedef struct {
  const SimSrcEntry *entry;
  GString *files; /* "path\tsha256\n" of every file a value names */
} RewriteCtx;

/* empirical(FILE) in a file included from another folder: make FILE relative to the top file's
 * folder, so the resolved text means the same thing; and note the file's content hash. */
static gboolean
rewrite_empirical(const GMatchInfo *info, GString *res, gpointer data)
{
  RewriteCtx *ctx = data;
  g_autofree char *file = g_match_info_fetch(info, 1);
  g_autofree char *rel = (ctx->entry->rel_dir[0] && !g_path_is_absolute(file))
                             ? g_build_filename(ctx->entry->rel_dir, file, NULL)
                             : g_strdup(file);
  g_autofree char *real = g_path_is_absolute(file) ? g_strdup(file)
                                                   : g_build_filename(ctx->entry->base_dir, file, NULL);
  g_autofree char *content = NULL;
  gsize len = 0;
  /* only regular files: a device or FIFO never ends (the distribution parser refuses them) */
  if (g_file_test(real, G_FILE_TEST_IS_REGULAR) && g_file_get_contents(real, &content, &len, NULL)) {
    g_autofree char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)content, len);
    g_string_append_printf(ctx->files, "%s\t%s\n", rel, sum);
  }
  g_string_append_printf(res, "empirical(%s)", rel);
  return FALSE;
}

static void
resolved_text(Loader *ld, char **text_out, char **hash_out)
{
  GString *s = g_string_new("# eksim scenario, resolved: includes expanded, comments dropped\n");
  GString *files = g_string_new(NULL);
  g_autoptr(GRegex) re = g_regex_new("empirical\\(\\s*([^)]*?)\\s*\\)", 0, 0, NULL);
  gboolean wrote_name = FALSE;
  const SimSrcGroup *scn = sim_src_doc_group(ld->doc, "scenario");

  if (scn == NULL) {
    g_string_append_printf(s, "\n[scenario]\nname = %s\n", ld->name);
    wrote_name = TRUE;
  }
  for (guint i = 0; i < ld->doc->groups->len; i++) {
    const SimSrcGroup *g = ld->doc->groups->pdata[i];
    g_string_append_printf(s, "\n[%s]\n", g->name);
    if (g == scn && !wrote_name && sim_src_group_entry(g, "name") == NULL)
      g_string_append_printf(s, "name = %s\n", ld->name);
    for (guint k = 0; k < g->entries->len; k++) {
      const SimSrcEntry *e = g->entries->pdata[k];
      RewriteCtx ctx = { e, files };
      g_autofree char *v = g_regex_replace_eval(re, e->value, -1, 0, 0, rewrite_empirical, &ctx, NULL);
      g_string_append_printf(s, "%s = %s\n", e->key, v ? v : e->value);
    }
  }
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(sum, (const guchar *)s->str, (gssize)s->len);
  if (files->len > 0) {
    g_checksum_update(sum, (const guchar *)"\n# files\n", -1);
    g_checksum_update(sum, (const guchar *)files->str, (gssize)files->len);
  }
  *hash_out = g_strdup(g_checksum_get_string(sum));
  g_checksum_free(sum);
  g_string_free(files, TRUE);
  *text_out = g_string_free(s, FALSE);
}

/* ---- loading ---- */

typedef struct {
  char *line;
  guint count;
  char *first_variant;
  int code;
  char *file, *group, *key, *what, *allowed;
  guint lineno;
} Seen;

static void
seen_free(gpointer p)
{
  Seen *s = p;
  g_free(s->line);
  g_free(s->first_variant);
  g_free(s->file);
  g_free(s->group);
  g_free(s->key);
  g_free(s->what);
  g_free(s->allowed);
  g_free(s);
}

static char *
default_name(const char *path)
{
  char *base = g_path_get_basename(path);
  if (g_str_has_suffix(base, ".ini") && strlen(base) > 4)
    base[strlen(base) - 4] = '\0';
  return base;
}

/* Builds and checks every variant; NULL (problems in ld->diag) if any is wrong. */
static SimScenario *
expand(Loader *ld, const char *path)
{
  SimScenario *scn;
  const SimSrcGroup *sg = sim_src_doc_group(ld->doc, "scenario");
  const SimSrcEntry *ne = sg ? sim_src_group_entry(sg, "name") : NULL;
  ld->name = ne ? g_strdup(ne->value) : default_name(path);

  scn = g_new0(SimScenario, 1);
  scn->path = g_strdup(path);
  scn->name = g_strdup(ld->name);
  scn->variants = g_ptr_array_new_with_free_func((GDestroyNotify)sim_config_unref);
  scn->labels = g_ptr_array_new_with_free_func(g_free);
  resolved_text(ld, &scn->resolved, &scn->hash);

  guint nvar = 1;
  for (guint i = 0; i < ld->sweep->len; i++)
    nvar *= g_strv_length(((SweepLine *)ld->sweep->pdata[i])->alts);
  g_autofree guint *choice = g_new0(guint, ld->sweep->len + 1);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *seen_order = g_ptr_array_new_with_free_func(seen_free);

  for (guint v = 0; v < nvar; v++) {
    /* mixed radix, the last sweep line fastest */
    guint rest = v;
    for (guint i = ld->sweep->len; i-- > 0;) {
      guint n = g_strv_length(((SweepLine *)ld->sweep->pdata[i])->alts);
      choice[i] = rest % n;
      rest /= n;
    }
    GString *label = g_string_new(NULL);
    for (guint i = 0; i < ld->sweep->len; i++) {
      const SweepLine *s = ld->sweep->pdata[i];
      g_string_append_printf(label, "%s%s=%s", i ? ";" : "", s->target, s->alts[choice[i]]);
    }
    g_autoptr(SimDiag) vd = sim_diag_new();
    SimConfig *cfg = build_variant(ld, choice, label->str, scn->hash, vd);
    g_ptr_array_add(scn->variants, cfg);
    for (guint k = 0; k < sim_diag_count(vd); k++) {
      const SimDiagItem *it = sim_diag_item(vd, k);
      g_autofree char *line = sim_diag_format(it, NULL);
      Seen *s = g_hash_table_lookup(seen, line);
      if (s == NULL) {
        s = g_new0(Seen, 1);
        s->line = g_steal_pointer(&line);
        s->first_variant = g_strdup(label->str);
        s->code = it->code;
        s->file = g_strdup(it->file);
        s->lineno = it->line;
        s->group = g_strdup(it->group);
        s->key = g_strdup(it->key);
        s->what = g_strdup(it->what);
        s->allowed = g_strdup(it->allowed);
        g_hash_table_insert(seen, s->line, s);
        g_ptr_array_add(seen_order, s);
      }
      s->count++;
    }
    g_ptr_array_add(scn->labels, g_string_free(label, FALSE));
  }
  for (guint i = 0; i < seen_order->len; i++) {
    const Seen *s = seen_order->pdata[i];
    if (s->count == nvar)
      sim_diag_add(ld->diag, s->code, s->file, s->lineno, s->group, s->key, s->allowed, "%s", s->what);
    else if (s->count == 1)
      sim_diag_add(ld->diag, s->code, s->file, s->lineno, s->group, s->key, s->allowed, "%s (in variant %s)",
                   s->what, s->first_variant);
    else
      sim_diag_add(ld->diag, s->code, s->file, s->lineno, s->group, s->key, s->allowed,
                   "%s (in %u of %u variants, e.g. %s)", s->what, s->count, nvar, s->first_variant);
  }
  g_hash_table_destroy(seen);
  g_ptr_array_free(seen_order, TRUE);
  if (sim_diag_count(ld->diag) > 0) {
    sim_scenario_free(scn);
    return NULL;
  }

  SimConfig *c0 = scn->variants->pdata[0];
  scn->description = g_strdup(sim_config_get_string(c0, "scenario", "description"));
  scn->seed = (guint64)sim_config_get_int(c0, "scenario", "seed");
  scn->replications = (guint)sim_config_get_int(c0, "scenario", "replications");
  scn->duration = sim_config_get_duration(c0, "scenario", "duration");
  scn->warmup = sim_config_get_duration(c0, "scenario", "warmup");
  scn->bin = sim_config_get_duration(c0, "scenario", "bin");

  return scn;
}

static SimScenario *
load(const char *path, const char *text, gssize length, GError **error)
{
  g_autoptr(SimDiag) diag = sim_diag_new();
  g_autoptr(SimSrcDoc) doc = sim_src_load(path, text, length, diag);
  guint n_rows;
  sim_schema_rows(&n_rows);
  Loader ld = { doc, diag,
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), sim_value_store_new(),
                g_hash_table_new(g_str_hash, g_str_equal),
                g_ptr_array_new_with_free_func(sweep_line_free), NULL,
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref),
                g_string_new(NULL), g_new0(GHashTable *, n_rows),
                g_hash_table_new(g_direct_hash, g_direct_equal) };
  SimScenario *scn = NULL;

  /* Problems in single values do not stop the load: variants are still built (a bad value
   * replaced by its default) so that every problem of the file is reported in one go. */
  gboolean unreadable = FALSE;
  for (guint i = 0; i < sim_diag_count(diag); i++)
    unreadable |= sim_diag_item(diag, i)->code == SIM_SCENARIO_ERROR_IO;
  if (!unreadable) {
    check_groups_and_keys(&ld);
    parse_sweep(&ld);
    scn = expand(&ld, path);
  }

  sim_diag_to_error(diag, error);
  g_hash_table_destroy(ld.cache);
  sim_value_store_unref(ld.store);
  g_hash_table_destroy(ld.bad_group);
  g_ptr_array_free(ld.sweep, TRUE);
  g_hash_table_destroy(ld.rows_of);
  g_string_free(ld.key, TRUE);
  for (guint i = 0; i < n_rows; i++) {
    if (ld.by_ptr[i] != NULL)
      g_hash_table_destroy(ld.by_ptr[i]);
  }
  g_free(ld.by_ptr);
  g_hash_table_destroy(ld.interned);
  g_free(ld.name);
  return scn;
}

SimScenario *
sim_scenario_load(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  return load(path, NULL, -1, error);
}

SimScenario *
sim_scenario_load_data(const char *text, gssize length, const char *virtual_path, GError **error)
{
  g_return_val_if_fail(text != NULL && virtual_path != NULL, NULL);
  return load(virtual_path, text, length, error);
}

const char *
sim_scenario_path(const SimScenario *scn)
{
  return scn->path;
}

const char *
sim_scenario_name(const SimScenario *scn)
{
  return scn->name;
}

const char *
sim_scenario_description(const SimScenario *scn)
{
  return scn->description;
}

const char *
sim_scenario_hash(const SimScenario *scn)
{
  return scn->hash;
}

guint64
sim_scenario_seed(const SimScenario *scn)
{
  return scn->seed;
}

guint
sim_scenario_replications(const SimScenario *scn)
{
  return scn->replications;
}

SimTime
sim_scenario_duration(const SimScenario *scn)
{
  return scn->duration;
}

SimTime
sim_scenario_warmup(const SimScenario *scn)
{
  return scn->warmup;
}

SimTime
sim_scenario_bin(const SimScenario *scn)
{
  return scn->bin;
}

guint
sim_scenario_n_variants(const SimScenario *scn)
{
  return scn->variants->len;
}

SimConfig *
sim_scenario_get_variant(const SimScenario *scn, guint i)
{
  g_return_val_if_fail(i < scn->variants->len, NULL);
  return scn->variants->pdata[i];
}

const char *
sim_scenario_variant_name(const SimScenario *scn, guint i)
{
  g_return_val_if_fail(i < scn->labels->len, NULL);
  return scn->labels->pdata[i];
}

const char *
sim_scenario_resolved_text(const SimScenario *scn)
{
  return scn->resolved;
}

char *
sim_scenario_safe_name(const char *name)
{
  GString *s = g_string_new(NULL);
  gboolean pending = FALSE;
  const char *p = name ? name : "";

  for (; *p; p++) {
    char c = *p;
    gboolean keep = g_ascii_isalnum(c) || c == '_' || c == '-' ||
                    (c == '.' && s->len > 0 && g_ascii_isalnum(s->str[s->len - 1]) && !pending &&
                     g_ascii_isalnum(p[1]));
    if (!keep) {
      pending = TRUE;
      continue;
    }
    if (pending) {
      g_string_append_c(s, '_');
      pending = FALSE;
    }
    g_string_append_c(s, c);
  }
  if (pending && s->len == 0)
    g_string_append_c(s, '_');
  while (s->len > 0 && s->str[0] == '-')
    s->str[0] = '_';
  if (s->len > 80)
    g_string_truncate(s, 80);
  while (s->len > 0 && s->str[s->len - 1] == '.')
    g_string_truncate(s, s->len - 1);
  if (s->len == 0)
    g_string_append_c(s, '_');
  return g_string_free(s, FALSE);
}

void
sim_scenario_free(SimScenario *scn)
{
  if (scn == NULL)
    return;
  g_free(scn->path);
  g_free(scn->name);
  g_free(scn->description);
  g_free(scn->hash);
  g_free(scn->resolved);
  g_ptr_array_free(scn->variants, TRUE);
  g_ptr_array_free(scn->labels, TRUE);
  g_free(scn);
}
