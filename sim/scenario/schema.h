/* The scenario schema: every group and key a scenario file may hold, as one table of SimKeySpec
 * rows (sim/scenario/schema.c). The table is the single source of truth for validation, defaults,
 * SimConfig and the key reference in scenarios/README.md (eksim keys --markdown).
 *
 * Group kinds:
 *   singleton  "cluster", "vpc", ...: one per scenario; every key is present in every SimConfig
 *              (the file's value or the default), whether or not the file writes the group.
 *   family     "client", "nodegroup", "network", "fault": rows are written for "client.*"; the
 *              file defines any number of instances [client.NAME], NAME matching [A-Za-z0-9_-]+.
 *   fixed      "link": rows are written per member ("link.internet", "link.nat", ...); the
 *              members are the only allowed names and are always present, like singletons.
 *              [link.default] holds no defaults: a key written there applies to every member that
 *              does not set it.
 *   "sweep"    the [sweep] group: keys are "group.key" of any other row.
 */
#ifndef EKSIM_SCENARIO_SCHEMA_H
#define EKSIM_SCENARIO_SCHEMA_H

#include <glib.h>

#include "scenario/config.h"

typedef enum {
  SIM_GROUP_UNKNOWN,
  SIM_GROUP_SINGLETON,
  SIM_GROUP_FAMILY, /* [client.NAME] */
  SIM_GROUP_FIXED,  /* [link.internet]: a member of a family whose names the schema fixes */
  SIM_GROUP_SWEEP,
} SimGroupKind;

/* The families whose instances the file names, and the fixed families. */
#define SIM_SCHEMA_FALLBACK_MEMBER "default" /* [link.default] */

/* All rows, in documentation order. */
const SimKeySpec *sim_schema_rows(guint *n_rows);

/* The row for @key of the concrete group @group ("client.laptop" matches "client.*"), or NULL. */
const SimKeySpec *sim_schema_find(const char *group, const char *key);

/* TRUE if @row serves the concrete group @group (itself, or "client.*" for "client.x"). */
gboolean sim_schema_row_matches(const SimKeySpec *row, const char *group);

/* What @group is. For FAMILY and FIXED groups, *family is set to the family name (newly
 * allocated, "client") when @family is not NULL. A family instance name that breaks the naming
 * rule, or a fixed member the schema does not define, gives SIM_GROUP_UNKNOWN. */
SimGroupKind sim_schema_group_kind(const char *group, char **family);

/* TRUE if @name is a valid instance name: [A-Za-z0-9_-]+. */
gboolean sim_schema_instance_name_ok(const char *name);

/* Singleton and fixed group names, in schema order (NULL-terminated, static storage). The
 * fallback member "link.default" is included. */
const char *const *sim_schema_static_groups(void);
/* Families whose instances the file names ("client", "nodegroup", ...), NULL-terminated. */
const char *const *sim_schema_families(void);
/* Fixed families ("link"), NULL-terminated. */
const char *const *sim_schema_fixed_families(void);

/* Key names the schema defines for @group (a concrete group name), in row order; a new
 * NULL-terminated array of borrowed strings (free the array only, with g_free). */
const char **sim_schema_keys_of(const char *group);

/* What a value of @spec may be, as one line for "allowed: ..." (new string). */
char *sim_schema_allowed_text(const SimKeySpec *spec);
/* The type's name for documentation ("duration", "distribution", ...). */
const char *sim_schema_type_name(SimKeyType type);
/* The unit a key's value carries, for documentation ("s", "bits/s", "" when none). */
const char *sim_schema_type_unit(SimKeyType type);

/* The key reference as Markdown (the generated part of scenarios/README.md). */
char *sim_schema_markdown(void);

/* The closest of @candidates to @word by edit distance, if close enough to be a plausible typo
 * (at most a third of the word's length, at least 1, at most 3 edits); NULL otherwise. */
const char *sim_schema_suggest(const char *word, const char *const *candidates);
/* Levenshtein distance (for tests). */
guint sim_schema_edit_distance(const char *a, const char *b);

#endif
