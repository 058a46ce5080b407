/* SimRunner: runs scenarios — every variant x replication — and writes their results.
 *
 * The runner loads each scenario file, writes DIR/SCENARIO/scenario.ini and plan.json, then runs
 * its (variant, replication) pairs on a GThreadPool of -j workers. Each run gets a fresh recorder
 * and model (through a small ops table, so tests can run a model of their own) and writes its raw
 * results into runs/.RUN_ID.tmp-PID/, renamed to runs/RUN_ID/ once complete (it then holds
 * result.json, requests.csv with --trace, and `done`). When every run of a scenario is complete,
 * the summary files are computed from the runs' files, in plan order (report/results.h), so they
 * are byte-identical whatever -j, whether runs were resumed, or merged from shards.
 *
 *   - Sharding: runs of all scenarios are numbered in order (scenario as added, variant,
 *     replication); shard K/N runs those whose number is K-1 modulo N. A shard whose directory
 *     does not hold every run writes no summary; `eksim merge` combines shard directories.
 *   - --resume: runs already complete in the output directory are not run again.
 *   - Failures: a scenario that does not load is reported and skipped; a run that fails is reported
 *     (every run still runs, so what is reported does not depend on timing) and its scenario gets
 *     no summary; the other scenarios go on.
 *   - Interruption (SIGINT/SIGTERM, or sim_runner_interrupt): no new run starts; runs in progress
 *     finish and are kept (a second signal ends the process at once: unfinished runs then stay
 *     in hidden .tmp folders that nothing mistakes for results); no summary is written.
 */
#ifndef EKSIM_SCENARIO_RUNNER_H
#define EKSIM_SCENARIO_RUNNER_H

#include <glib.h>

#include "scenario/config.h"
#include "scenario/scenario.h"
#include "stats/recorder.h"

#define SIM_RUNNER_ERROR (sim_runner_error_quark())
GQuark sim_runner_error_quark(void);

typedef enum {
  SIM_RUNNER_ERROR_IO,       /* a file or folder cannot be written or read */
  SIM_RUNNER_ERROR_INPUT,    /* merge: an input is not a results folder, or its plan is damaged */
  SIM_RUNNER_ERROR_CONFLICT, /* two scenarios of a batch share a name; shard plans differ */
  SIM_RUNNER_ERROR_MISSING,  /* merge: runs missing from every shard */
  SIM_RUNNER_ERROR_MODEL,    /* the model refused a configuration */
} SimRunnerError;

/* The model a runner runs: the EKS world in eksim, a small test model in tests/support/. */
typedef struct {
  const char *name;
  /* Builds one replication; reports go to @rec (borrowed, outlives the model). */
  gpointer (*create)(const SimConfig *cfg, guint replication, SimRecorder *rec, GError **error);
  /* Runs it to [scenario] duration. */
  void (*run)(gpointer model);
  /* Events dispatched (NULL: not counted). */
  guint64 (*events)(gpointer model);
  void (*destroy)(gpointer model);
} SimModelOps;

/* Called after a scenario's summary files are written (e.g. to draw its plots). */
typedef void (*SimScenarioDoneFunc)(const char *scenario_dir, gpointer data);

typedef struct {
  guint jobs;             /* worker threads; 0: one per core */
  guint shard, n_shards;  /* run shard K of N (1 <= K <= N); N = 0 or 1: everything */
  gboolean resume;        /* reuse complete runs found in the output directory */
  gboolean trace;         /* per-request traces: runs/RUN_ID/requests.csv and requests.csv */
  gboolean progress;      /* a progress line with ETA on stderr (the caller checks it is a terminal) */
  gboolean handle_signals;/* SIGINT/SIGTERM interrupt the batch as described above */
  SimScenarioDoneFunc scenario_done;
  gpointer scenario_done_data;
} SimRunnerOptions;

typedef enum {
  SIM_RUNNER_OK,
  SIM_RUNNER_FAILED,      /* at least one run failed (others' results are written) */
  SIM_RUNNER_BAD_INPUT,   /* at least one scenario did not load (others ran) */
  SIM_RUNNER_INTERRUPTED,
} SimRunnerStatus;

typedef struct _SimRunner SimRunner;

/* Results go to @out_dir/SCENARIO/ (created as needed). */
SimRunner *sim_runner_new(const SimModelOps *ops, const SimRunnerOptions *opts, const char *out_dir);
void sim_runner_free(SimRunner *runner);

/* Adds a scenario file (loaded by sim_runner_run; a file that does not load is reported there). */
void sim_runner_add_file(SimRunner *runner, const char *path);
/* Adds a scenario already loaded (tests); the runner takes ownership. */
void sim_runner_add_scenario(SimRunner *runner, SimScenario *scn);

SimRunnerStatus sim_runner_run(SimRunner *runner);

/* Asks a running batch to stop as on SIGINT; callable from any thread (and from a model). */
void sim_runner_interrupt(SimRunner *runner);

/* After sim_runner_run: one line per problem ("FILE: what went wrong"), in the order added. */
const char *const *sim_runner_problems(const SimRunner *runner);
/* After sim_runner_run: information worth a line on stderr (shards that wrote only part of a
 * scenario's runs). */
const char *const *sim_runner_notes(const SimRunner *runner);
/* The comparison tables of the scenarios summarised, in the order added. */
const char *sim_runner_tables(const SimRunner *runner);
/* Counts of this invocation: runs executed, reused (--resume), and scenarios summarised. */
guint sim_runner_n_executed(const SimRunner *runner);
guint sim_runner_n_reused(const SimRunner *runner);
guint sim_runner_n_summarised(const SimRunner *runner);

/* eksim merge: combines result directories (shards of the same batch, each a DIR as given to
 * -o, or a DIR/SCENARIO folder) into @out_dir, which ends up with exactly the bytes one unsharded
 * run writes. Every run of every scenario found must be complete in at least one input.
 * requests.csv is combined too when every run has its trace (shards run with --trace); @trace
 * requires it (a run without a trace is then missing). Appends comparison tables
 * to @tables and calls @done after each scenario. */
gboolean sim_runner_merge(const char *out_dir, const char *const *inputs, gboolean trace, GString *tables,
                          SimScenarioDoneFunc done, gpointer done_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRunner, sim_runner_free)

#endif
