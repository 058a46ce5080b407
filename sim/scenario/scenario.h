/* SimScenario: a scenario file loaded, its includes followed, validated and expanded into
 * variants (one SimConfig per point of the [sweep] product).
 *
 * Loading never stops at the first problem: every error found in the files is reported, one
 * line each, "FILE:LINE: [group] key: what is wrong; allowed: ...", and the GError's message is
 * those lines joined by '\n' (no trailing newline). When anything is wrong, no SimScenario is
 * returned at all, so a caller can never run a half-valid scenario.
 *
 * The file format (NOTES.md "Scenario format", scenarios/README.md):
 *   - GKeyFile-style INI: "[group]" lines, "key = value" lines, '#' comment lines; values are
 *     taken literally (trimmed; no escape sequences).
 *   - "include = PATH" lines before the first group pull in another file (relative to the
 *     including file); its settings come first and the including file overrides them key by key.
 *   - [sweep] lines "group.key = a, b, c" make the cartesian product of their alternatives, the
 *     first line varying slowest. List-valued keys separate alternatives with '|'.
 *
 * A SimScenario is immutable once loaded and may be shared between threads.
 */
#ifndef EKSIM_SCENARIO_SCENARIO_H
#define EKSIM_SCENARIO_SCENARIO_H

#include <glib.h>

#include "core/time.h"
#include "scenario/config.h"

#define SIM_SCENARIO_ERROR (sim_scenario_error_quark())
GQuark sim_scenario_error_quark(void);

typedef enum {
  SIM_SCENARIO_ERROR_IO,            /* a file cannot be read */
  SIM_SCENARIO_ERROR_SYNTAX,        /* a line is not a group, key = value, comment or blank */
  SIM_SCENARIO_ERROR_INCLUDE,       /* include misplaced, missing, or a cycle */
  SIM_SCENARIO_ERROR_UNKNOWN_GROUP, /* group not in the schema, or a bad instance name */
  SIM_SCENARIO_ERROR_UNKNOWN_KEY,   /* key not in the schema for its group */
  SIM_SCENARIO_ERROR_DUPLICATE,     /* a group or key written twice in one file */
  SIM_SCENARIO_ERROR_BAD_VALUE,     /* wrong type, unit, range, enum member, CIDR, distribution */
  SIM_SCENARIO_ERROR_MISSING,       /* a required key is not written */
  SIM_SCENARIO_ERROR_NOT_APPLICABLE,/* a key whose condition does not hold */
  SIM_SCENARIO_ERROR_CONFLICT,      /* an impossible combination of keys */
  SIM_SCENARIO_ERROR_SWEEP,         /* a [sweep] line that cannot be expanded */
} SimScenarioError;

/* Most variants a sweep may produce. */
#define SIM_SCENARIO_MAX_VARIANTS 10000
/* Deepest include nesting. */
#define SIM_SCENARIO_MAX_INCLUDE_DEPTH 16
/* Most timeline bins per replication: (duration - warmup) / bin must stay below it. */
#define SIM_SCENARIO_MAX_BINS 100000
/* Largest scenario file read (bytes). */
#define SIM_SCENARIO_MAX_FILE_SIZE (4 * 1024 * 1024)

typedef struct _SimScenario SimScenario;

/* Loads, validates and expands @path. */
SimScenario *sim_scenario_load(const char *path, GError **error);
/* Same from text in memory; @virtual_path names it in messages and anchors includes and
 * empirical() files (relative to its folder; the folder need not exist when nothing is read). */
SimScenario *sim_scenario_load_data(const char *text, gssize length, const char *virtual_path,
                                    GError **error);

/* The path as given to the loader. */
const char *sim_scenario_path(const SimScenario *scn);
/* [scenario] name (default: the file name without .ini) and description. */
const char *sim_scenario_name(const SimScenario *scn);
const char *sim_scenario_description(const SimScenario *scn);
/* Hex SHA-256 of the resolved text plus the contents of every file a value names
 * (empirical()); equal for equal inputs whatever the comments, blanks or include layout. */
const char *sim_scenario_hash(const SimScenario *scn);
guint64 sim_scenario_seed(const SimScenario *scn);
guint sim_scenario_replications(const SimScenario *scn);
SimTime sim_scenario_duration(const SimScenario *scn);
SimTime sim_scenario_warmup(const SimScenario *scn);
SimTime sim_scenario_bin(const SimScenario *scn);

/* The variants: 1 without a sweep. Borrowed, owned by @scn (sim_config_ref to keep one). */
guint sim_scenario_n_variants(const SimScenario *scn);
SimConfig *sim_scenario_get_variant(const SimScenario *scn, guint i);
/* Variant @i's label: the sweep's key=value pairs joined by ';' in the order written; "" without
 * a sweep. */
const char *sim_scenario_variant_name(const SimScenario *scn, guint i);

/* The scenario as one INI text: includes expanded, groups and keys in resolved order, values as
 * written, comments dropped, [sweep] kept. Loading it again gives the same variants and hash. */
const char *sim_scenario_resolved_text(const SimScenario *scn);

/* A path segment made from a free-text name: letters, digits, '.', '_' and '-' are kept, every
 * other run of characters becomes one '_'; no leading '.' or '-'; at most 80 bytes; "." and ".."
 * and empty results become "_" (so "../../x" gives "_x", never a path outside a folder). */
char *sim_scenario_safe_name(const char *name);

void sim_scenario_free(SimScenario *scn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimScenario, sim_scenario_free)

#endif
