/* eksim merge -o OUT DIR...: combines the result folders of shards (eksim run/batch --shard K/N,
 * each written with its own -o) into OUT, which then holds exactly the bytes one unsharded run
 * writes: scenario.ini, plan.json, every run, and summaries computed from them. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/run-common.h"
#include "scenario/runner.h"

int
eksim_cmd_merge(int argc, char **argv)
{
  const char *prog = argv[0];
  g_autofree char *out_dir = NULL;
  gboolean trace = FALSE, quiet = FALSE, no_plots = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write the combined results under OUT (required)",
      "OUT" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Require the per-request traces (runs made with --trace); they are combined whenever every run has one",
      NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print the comparison table", NULL },
    { "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Do not draw plots", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("DIR...");
  g_option_context_set_summary(ctx, "Combines result folders written by the shards of one eksim run or batch\n"
                                    "(--shard K/N, each with its own -o DIR) into OUT: the same files, byte for "
                                    "byte,\nas one unsharded run. A DIR may also be one scenario's folder "
                                    "(DIR/SCENARIO).");
  g_option_context_set_description(ctx, "Every run of every scenario must be complete in at least one DIR; "
                                        "OUT may be one of the DIRs.\nExit status: 0 success, 1 cannot write, "
                                        "2 bad input (missing runs, shards of different scenarios).");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", prog, err->message, prog);
    return EKSIM_EXIT_USAGE;
  }
  if (!out_dir || argc < 2) {
    fprintf(stderr, "%s: %s; usage: %s -o OUT DIR...\n", prog, out_dir ? "no folder to merge given" : "-o OUT is required",
            prog);
    return EKSIM_EXIT_USAGE;
  }
  if (g_file_test(out_dir, G_FILE_TEST_EXISTS) && !g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "%s: --output: '%s' exists and is not a folder; allowed: a folder (created if missing)\n", prog,
            out_dir);
    return EKSIM_EXIT_USAGE;
  }
  g_autoptr(GString) tables = g_string_new(NULL);
  if (!sim_runner_merge(out_dir, (const char *const *)(argv + 1), trace, tables,
                        no_plots ? NULL : eksim_after_scenario, NULL, &err)) {
    fprintf(stderr, "%s: %s\n", prog, err->message);
    return g_error_matches(err, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_IO) ? EKSIM_EXIT_FAILED : EKSIM_EXIT_USAGE;
  }
  if (!quiet)
    fputs(tables->str, stdout);
  return EKSIM_EXIT_OK;
}
