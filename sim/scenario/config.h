/* SimConfig: one fully resolved scenario variant, as the models see it.
 *
 * The scenario module (sim/scenario/) reads INI files, follows includes, expands [sweep] into
 * variants, validates every value against the schema (sim/scenario/schema.c: one SimKeySpec row
 * per group and key, with type, default, allowed values, documentation and the default's
 * source) and hands each variant to the runner as a SimConfig. By then every key of the schema
 * has a value (the user's or the default) already parsed into its type, so the getters below
 * cannot fail: asking for a key the schema does not define is a programming error
 * (g_critical + a zero value).
 *
 * Groups are either singletons ("scenario", "cluster", "vpc", "apiserver", "sweep") or families
 * of named instances written [FAMILY.NAME] ("client.laptop", "nodegroup.ng1", "network.corp",
 * "link.internet", "fault.f1"). Instances are listed in the order the file defines them.
 *
 * A SimConfig is immutable once built and may be read from several threads at once.
 */
#ifndef EKSIM_SCENARIO_CONFIG_H
#define EKSIM_SCENARIO_CONFIG_H

#include <glib.h>

#include "core/dist.h"
#include "core/time.h"
#include "net/addr.h"

typedef enum {
  SIM_KEY_STRING,     /* free text */
  SIM_KEY_ENUM,       /* one of spec->allowed, written "a|b|c" */
  SIM_KEY_BOOL,       /* true | false */
  SIM_KEY_INT,        /* integer; spec->allowed may give a range "MIN..MAX" (either side optional) */
  SIM_KEY_DOUBLE,     /* number; range as for INT */
  SIM_KEY_DURATION,   /* SimTime; range as for INT, written with units ("0..1h") */
  SIM_KEY_RATE,       /* events per second ("2/s") */
  SIM_KEY_SIZE,       /* bytes ("1500B") */
  SIM_KEY_BANDWIDTH,  /* bits per second ("1Gbps") */
  SIM_KEY_DIST,       /* a duration distribution (core/dist.h) */
  SIM_KEY_IP,         /* one IPv4 address */
  SIM_KEY_CIDR_LIST,  /* comma-separated IPv4 CIDRs */
  SIM_KEY_WEIGHTS,    /* "get:0.6, list:0.3, apply:0.1"; names from spec->allowed; normalised to sum 1 */
  SIM_KEY_STRING_LIST /* comma-separated words */
} SimKeyType;

typedef struct {
  const char *group;     /* "cluster", or "client.*" for every [client.NAME] */
  const char *key;
  SimKeyType type;
  const char *def;       /* default, written as a user would write it; NULL: no default */
  const char *allowed;   /* see SimKeyType; NULL: anything of the type */
  const char *condition; /* "kind=az-outage|lb-node-failure": the key only applies when the group's
                          * key "kind" has one of these values; NULL: always applies */
  gboolean required;     /* must be written in the file */
  const char *doc;       /* meaning, one line */
  const char *source;    /* where the default comes from ("facts §5.1", "proposed, not sourced") */
} SimKeySpec;

typedef struct {
  char *name;
  double weight; /* normalised: the weights of one key sum to 1 */
} SimWeight;

typedef struct _SimConfig SimConfig;

/* The scenario's name ([scenario] name) and this variant's label: the sweep's key=value pairs
 * joined by ';' in the order written, "" without a sweep. */
const char *sim_config_scenario_name(const SimConfig *cfg);
const char *sim_config_variant(const SimConfig *cfg);
/* Directory of the top-level scenario file (for files a scenario names, e.g. empirical()). */
const char *sim_config_base_dir(const SimConfig *cfg);
/* Hex SHA-256 of the scenario's resolved text (includes expanded); part of every run id. */
const char *sim_config_hash(const SimConfig *cfg);

/* Names of the instances of @family ("client" -> "laptop", "bastion", ...), in file order.
 * The array is owned by @cfg and NULL-terminated. */
const char *const *sim_config_instances(const SimConfig *cfg, const char *family);
guint sim_config_n_instances(const SimConfig *cfg, const char *family);

/* TRUE if the file (or a sweep) set the key; FALSE if it holds the schema default or has none. */
gboolean sim_config_is_set(const SimConfig *cfg, const char *group, const char *key);
/* TRUE if the key has a value at all (set, or a default exists). */
gboolean sim_config_has_value(const SimConfig *cfg, const char *group, const char *key);

/* Typed getters; @group is "cluster" or an instance "client.laptop". Borrowed pointers live as
 * long as @cfg. ENUM values are returned by sim_config_get_string. */
const char *sim_config_get_string(const SimConfig *cfg, const char *group, const char *key);
gboolean sim_config_get_bool(const SimConfig *cfg, const char *group, const char *key);
gint64 sim_config_get_int(const SimConfig *cfg, const char *group, const char *key);
double sim_config_get_double(const SimConfig *cfg, const char *group, const char *key);
SimTime sim_config_get_duration(const SimConfig *cfg, const char *group, const char *key);
double sim_config_get_rate(const SimConfig *cfg, const char *group, const char *key);
guint64 sim_config_get_size(const SimConfig *cfg, const char *group, const char *key);
double sim_config_get_bandwidth(const SimConfig *cfg, const char *group, const char *key);
SimDist *sim_config_get_dist(const SimConfig *cfg, const char *group, const char *key);
SimIp sim_config_get_ip(const SimConfig *cfg, const char *group, const char *key);
const GArray *sim_config_get_cidrs(const SimConfig *cfg, const char *group, const char *key);   /* of SimCidr */
const GArray *sim_config_get_weights(const SimConfig *cfg, const char *group, const char *key); /* of SimWeight */
const char *const *sim_config_get_strv(const SimConfig *cfg, const char *group, const char *key);

/* The value as text, exactly as resolved (for summary.json and explain). */
const char *sim_config_get_text(const SimConfig *cfg, const char *group, const char *key);

/* Every group of the variant, NULL-terminated, owned by @cfg: the singletons and link classes
 * in schema order ("link.default" excluded), then the family instances in file order. */
const char *const *sim_config_groups(const SimConfig *cfg);

/* Calls @func for every key that has a value, group by group (sim_config_groups order) and key
 * by key in schema order: the fully resolved variant, defaults filled in (for summary.json). */
typedef void (*SimConfigFunc)(const char *group, const char *key, const char *text, gboolean is_set,
                              gpointer user_data);
void sim_config_foreach(const SimConfig *cfg, SimConfigFunc func, gpointer user_data);

SimConfig *sim_config_ref(SimConfig *cfg);
void sim_config_unref(SimConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimConfig, sim_config_unref)

#endif
