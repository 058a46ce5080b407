/* SimPlan: what a results directory is the result of — one scenario, its variants and the run
 * id of every (variant, replication).
 *
 * The runner builds it from the loaded scenario and writes it as DIR/SCENARIO/plan.json before any
 * run starts (shards included), so that `eksim merge` knows, from the directories alone, which
 * runs make up the whole and can check that shards come from the same scenario. Everything the
 * summary files need besides the runs' raw results is here: the resolved settings of each variant
 * feed summary.json.
 *
 * A run id is the first 16 hex digits of SHA-256 over the eksim version, the variant's label and
 * every resolved setting except [scenario] name, description and replications, the contents of
 * data files the scenario names, and the replication index. So the same variant and replication
 * keeps its id when replications are added (--resume then runs only the new ones), and any change
 * that could change a result gives new ids.
 */
#ifndef EKSIM_REPORT_PLAN_H
#define EKSIM_REPORT_PLAN_H

#include <glib.h>

#include "core/time.h"

#define SIM_PLAN_FORMAT "eksim-plan/1"

typedef struct {
  char *group, *key, *text;
  gboolean is_set; /* written in the file or a sweep, not a default */
} SimPlanSetting;

typedef struct {
  char *label;        /* the sweep's key=value pairs joined by ';'; "" without a sweep */
  char *dir;          /* path segment under variants/ */
  GPtrArray *settings; /* SimPlanSetting, fully resolved */
} SimPlanVariant;

typedef struct {
  char *version;      /* eksim version that planned the runs */
  char *name;         /* [scenario] name */
  char *dir;          /* path segment of the scenario's folder */
  char *description;
  char *hash;         /* the scenario's content hash (sim_scenario_hash) */
  char *data_hash;    /* hash of the data files it names ("" when none) */
  guint64 seed;
  guint replications;
  SimTime duration, warmup, bin;
  GPtrArray *variants; /* SimPlanVariant */
  GPtrArray *run_ids;  /* char *, variant-major: [v * replications + r] */
} SimPlan;

SimPlan *sim_plan_new(void);
void sim_plan_free(SimPlan *plan);
SimPlanVariant *sim_plan_add_variant(SimPlan *plan, const char *label);
void sim_plan_variant_add_setting(SimPlanVariant *v, const char *group, const char *key, const char *text,
                                  gboolean is_set);

/* Gives every variant its directory name: the label with every character outside
 * [A-Za-z0-9._=+,-] (';' included) turned into '_', "base" for the empty label, at most 100
 * bytes, never starting with '.' or '-'; when two variants would share a name, both get
 * "-" and 8 hex digits of their label's SHA-256 appended. */
void sim_plan_name_variant_dirs(SimPlan *plan);
/* Derives the run ids (see above) for replications 0..replications-1. */
void sim_plan_derive_run_ids(SimPlan *plan);
guint sim_plan_n_runs(const SimPlan *plan);
const char *sim_plan_run_id(const SimPlan *plan, guint variant, guint replication);

char *sim_plan_to_data(const SimPlan *plan, gsize *length);
SimPlan *sim_plan_from_data(const char *data, gssize length, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimPlan, sim_plan_free)

#endif
