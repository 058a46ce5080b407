/* eksim compare FILE|RESULTS_DIR: the endpoint modes side by side (report/compare.h).
 *
 * With a scenario FILE, runs it first through the same runner as eksim run (results in -o DIR,
 * default results/, byte-identical to eksim run's; --resume reuses complete runs), then reads the
 * scenario's folder back. With a folder, reads it: a scenario folder (holding summary.csv) or a
 * results folder whose scenario folders are each compared. Statistics are never recomputed: the
 * table shows what summary.csv and summary.json hold.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/run-common.h"
#include "report/compare.h"
#include "report/report-data.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The scenario folders to compare: @dir itself, or its subfolders holding summary.csv. */
static GPtrArray *
scenario_dirs(const char *dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *own = g_build_filename(dir, "summary.csv", NULL);
  if (g_file_test(own, G_FILE_TEST_IS_REGULAR)) {
    g_ptr_array_add(out, g_strdup(dir));
    return out;
  }
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *sub = g_build_filename(dir, name, "summary.csv", NULL);
    if (name[0] != '.' && g_file_test(sub, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(out, g_build_filename(dir, name, NULL));
  }
  g_ptr_array_sort(out, cmp_names);
  return out;
}

int
eksim_cmd_compare(int argc, char **argv)
{
  const char *prog = argv[0];
  g_autofree char *out_dir = NULL, *format = NULL, *output = NULL;
  gint jobs = 0;
  gboolean resume = FALSE, plots = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default) or markdown", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      "With a scenario FILE: write its results under DIR (default: results)", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Run N simulations at once (default: one per core)", "N" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Keep runs already complete in DIR; run only the others", NULL },
    { "plots", 0, 0, G_OPTION_ARG_NONE, &plots, "Also draw the plots and the report after running", NULL },
    { "table", 't', 0, G_OPTION_ARG_FILENAME, &output, "Write the table to FILE instead of standard output",
      "FILE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE|RESULTS_DIR");
  g_option_context_set_summary(
    ctx, "Puts the endpoint modes side by side in one table: p50/p99 latency and availability per\n"
         "client, node readiness, exposure, bytes through NAT gateways and across AZs with a cost\n"
         "estimate, and fault metrics. A scenario FILE is run first (as eksim run does); a folder of\n"
         "results (a scenario folder, or a folder of them) is read as it is.");
  g_option_context_set_description(ctx, "Exit status: 0 success, 1 a run failed, 2 bad input or usage, 130 "
                                        "interrupted.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", prog, err->message, prog);
    return EKSIM_EXIT_USAGE;
  }
  if (argc != 2) {
    fprintf(stderr, "%s: %s; usage: %s FILE|RESULTS_DIR [-o DIR] [--format text|markdown]\n", prog,
            argc < 2 ? "no scenario file or results folder given" : "exactly one scenario file or results folder",
            prog);
    return EKSIM_EXIT_USAGE;
  }
  SimCompareFormat fmt = SIM_COMPARE_FORMAT_TEXT;
  if (format != NULL) {
    if (strcmp(format, "text") == 0)
      fmt = SIM_COMPARE_FORMAT_TEXT;
    else if (strcmp(format, "markdown") == 0 || strcmp(format, "md") == 0)
      fmt = SIM_COMPARE_FORMAT_MARKDOWN;
    else {
      fprintf(stderr, "%s: --format: '%s' is not a format; allowed: text, markdown\n", prog, format);
      return EKSIM_EXIT_USAGE;
    }
  }
  if (jobs < 0 || jobs > 4096) {
    fprintf(stderr, "%s: --jobs: %d is out of range; allowed: 1..4096 (default: one per core)\n", prog, jobs);
    return EKSIM_EXIT_USAGE;
  }
  const char *input = argv[1];
  g_autoptr(GPtrArray) dirs = NULL;
  int status = EKSIM_EXIT_OK;
  if (g_file_test(input, G_FILE_TEST_IS_DIR)) {
    if (out_dir != NULL || resume || plots || jobs != 0) {
      fprintf(stderr, "%s: -o, -j, --resume and --plots run a scenario FILE; %s is a results folder, which "
                      "is read as it is\n", prog, input);
      return EKSIM_EXIT_USAGE;
    }
    dirs = scenario_dirs(input);
    if (dirs->len == 0) {
      fprintf(stderr, "%s: %s: no summary.csv in this folder or its subfolders; allowed: a scenario file, or a "
                      "folder written by eksim run/batch\n", prog, input);
      return EKSIM_EXIT_USAGE;
    }
  } else {
    if (out_dir && g_file_test(out_dir, G_FILE_TEST_EXISTS) && !g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
      fprintf(stderr, "%s: --output: '%s' exists and is not a folder; allowed: a folder (created if missing)\n",
              prog, out_dir);
      return EKSIM_EXIT_USAGE;
    }
    SimScenario *scn = sim_scenario_load(input, &err);
    if (scn == NULL) {
      fprintf(stderr, "%s\n", err->message);
      return EKSIM_EXIT_USAGE;
    }
    g_autofree char *safe = sim_scenario_safe_name(sim_scenario_name(scn));
    const char *base = out_dir ? out_dir : "results";
    SimRunnerOptions opts = { 0 };
    opts.jobs = (guint)jobs;
    opts.resume = resume;
    opts.progress = isatty(fileno(stderr));
    opts.handle_signals = TRUE;
    if (plots)
      opts.scenario_done = eksim_after_scenario;
    g_autoptr(SimRunner) runner = sim_runner_new(eksim_world_ops(), &opts, base);
    sim_runner_add_scenario(runner, scn);
    SimRunnerStatus st = sim_runner_run(runner);
    for (const char *const *n = sim_runner_notes(runner); *n; n++)
      fprintf(stderr, "%s: %s\n", prog, *n);
    for (const char *const *p = sim_runner_problems(runner); *p; p++)
      fprintf(stderr, "%s\n", *p);
    if (st == SIM_RUNNER_INTERRUPTED)
      return EKSIM_EXIT_INTERRUPTED;
    if (st == SIM_RUNNER_BAD_INPUT)
      return EKSIM_EXIT_USAGE;
    if (st == SIM_RUNNER_FAILED)
      return EKSIM_EXIT_FAILED;
    dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(dirs, g_build_filename(base, safe, NULL));
  }
  g_autoptr(GString) out = g_string_new(NULL);
  for (guint i = 0; i < dirs->len; i++) {
    g_autoptr(GError) e = NULL;
    g_autoptr(SimReportData) data = sim_report_data_load(dirs->pdata[i], &e);
    if (data == NULL) {
      fprintf(stderr, "%s: %s\n", prog, e->message);
      status = EKSIM_EXIT_USAGE;
      continue;
    }
    g_autoptr(SimCompareTable) table = sim_compare_table_new(data);
    sim_compare_table_format(table, fmt, out);
  }
  if (output != NULL) {
    if (!g_file_set_contents(output, out->str, (gssize)out->len, &err)) {
      fprintf(stderr, "%s: --table: %s\n", prog, err->message);
      return EKSIM_EXIT_FAILED;
    }
  } else {
    fwrite(out->str, 1, out->len, stdout);
    fflush(stdout);
  }
  return status;
}
