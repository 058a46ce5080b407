/* What eksim run, batch and merge share: their common options, how problems and tables are
 * printed, the exit status, and the hook that draws plots after each scenario.
 *
 *   eksim run FILE [-o DIR] [-j N] [--shard K/N] [--resume] [--trace] [--quiet] [--no-plots]
 *   eksim batch FILE|DIR... [-o DIR] ...   (a DIR contributes its *.ini files, recursively)
 */
#ifndef EKSIM_CLI_RUN_COMMON_H
#define EKSIM_CLI_RUN_COMMON_H

#include <glib.h>

#include "scenario/runner.h"

/* The body of eksim run (@batch FALSE: exactly one FILE) and eksim batch, running @ops. */
int eksim_run_main(int argc, char **argv, gboolean batch, const SimModelOps *ops);

/* The EKS world (eks/world.h) as the runner's model (cmd-run.c). */
const SimModelOps *eksim_world_ops(void);

/* Called after a scenario's summary files are written, unless --no-plots. */
void eksim_after_scenario(const char *scenario_dir, gpointer unused);

/* Parses "K/N" (1 <= K <= N <= 1000000). */
gboolean eksim_parse_shard(const char *text, guint *k, guint *n);

/* Scenario files of @paths: files as given, folders searched recursively for *.ini in name order
 * (skipping names that start with '_' or '.': included parts, hidden files). A path that is
 * neither is an error naming it. */
GPtrArray *eksim_scenario_files(char **paths, GError **error);

#endif
