/* SimConfig internals shared by the scenario module (scenario.c builds configs, validate.c reads
 * where each value came from). Models use config.h only. */
#ifndef EKSIM_SCENARIO_CONFIG_PRIVATE_H
#define EKSIM_SCENARIO_CONFIG_PRIVATE_H

#include <glib.h>

#include "scenario/config.h"
#include "scenario/value.h"

/* Parsed values and strings shared by every variant of one scenario: a variant's values point
 * into it instead of holding copies (a sweep of 1,000 variants parses each text once). Filled
 * while loading (one thread), read-only afterwards; each SimConfig holds a reference. */
typedef struct _SimValueStore SimValueStore;
SimValueStore *sim_value_store_new(void);
SimValueStore *sim_value_store_ref(SimValueStore *store);
void sim_value_store_unref(SimValueStore *store);
/* Takes ownership of *@value (cleared) and returns the stored copy. */
const SimValue *sim_value_store_add(SimValueStore *store, SimValue *value);
/* A copy of @s owned by the store (equal strings share one copy); NULL for NULL. */
const char *sim_value_store_string(SimValueStore *store, const char *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimValueStore, sim_value_store_unref)

SimConfig *sim_config_new(const char *scenario_name, const char *variant, const char *base_dir,
                          const char *hash, SimValueStore *store);
/* Adds a group (in order); @file/@line: where the file defines it (NULL/0 when it does not). */
void sim_config_add_group(SimConfig *cfg, const char *group, const char *family, const char *file,
                          guint line);
gboolean sim_config_has_group(const SimConfig *cfg, const char *group);
/* Stores the value of @spec's key in @group; takes ownership of *@value (cleared, moved into
 * the config's store). @set: written by the file or a sweep; @file/@line: where (NULL/0 for
 * defaults). */
void sim_config_put(SimConfig *cfg, const char *group, const SimKeySpec *spec, const char *text,
                    SimValue *value, gboolean set, const char *file, guint line);
/* Same with a value already in the config's store (shared, not copied); @text and @file must be
 * owned by the store too (sim_value_store_string) or be static. */
void sim_config_put_shared(SimConfig *cfg, const char *group, const SimKeySpec *spec, const char *text,
                           const SimValue *value, gboolean set, const char *file, guint line);
/* Where the value of @group/@key was written (FALSE for defaults and unset keys). */
gboolean sim_config_origin(const SimConfig *cfg, const char *group, const char *key,
                           const char **file, guint *line);
/* Where the file defines @group (FALSE when it does not). */
gboolean sim_config_group_origin(const SimConfig *cfg, const char *group, const char **file,
                                 guint *line);
/* The typed value, or NULL when the key has no value. */
const SimValue *sim_config_value(const SimConfig *cfg, const char *group, const char *key);

#endif
