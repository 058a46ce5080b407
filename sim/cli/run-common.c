/* Shared body of eksim run / batch and their plot hook (see run-common.h). */
#include "cli/run-common.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "report/report.h"

void
eksim_after_scenario(const char *scenario_dir, gpointer unused)
{
  (void)unused;
  /* Plot hook: eksim plot (engineer "plots", issue 7) draws DIR/SCENARIO/plots/ and the report
   * here, after the summary files are complete; run, batch and merge all come through this call.
   * gnuplot missing or failing only warns (on stderr); the run's results stand either way. */
  g_autoptr(GError) error = NULL;
  if (!sim_report_plot_dir(scenario_dir, NULL, NULL, &error))
    fprintf(stderr, "eksim: warning: no plots or report for %s: %s (eksim plot %s can retry)\n", scenario_dir,
            error->message, scenario_dir);
}

gboolean
eksim_parse_shard(const char *text, guint *k, guint *n)
{
  char *end = NULL;
  if (!text || !g_ascii_isdigit(text[0]))
    return FALSE;
  guint64 a = g_ascii_strtoull(text, &end, 10);
  if (*end != '/' || !g_ascii_isdigit(end[1]))
    return FALSE;
  guint64 b = g_ascii_strtoull(end + 1, &end, 10);
  if (*end != '\0' || a < 1 || b < 1 || a > b || b > 1000000)
    return FALSE;
  *k = (guint)a;
  *n = (guint)b;
  return TRUE;
}

static gint
cmp_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
find_ini(GPtrArray *out, const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  if (!d)
    return;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    if (name[0] != '_' && name[0] != '.')
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, cmp_strings);
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
      find_ini(out, path);
    else if (g_str_has_suffix(path, ".ini") && g_file_test(path, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(out, g_steal_pointer(&path));
  }
}

GPtrArray *
eksim_scenario_files(char **paths, GError **error)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; paths[i]; i++) {
    if (g_file_test(paths[i], G_FILE_TEST_IS_DIR)) {
      guint before = out->len;
      find_ini(out, paths[i]);
      if (out->len == before) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no scenario files (*.ini) in this folder",
                    paths[i]);
        g_ptr_array_unref(out);
        return NULL;
      }
    } else {
      /* A missing file is reported by the loader, in its place in the batch. */
      g_ptr_array_add(out, g_strdup(paths[i]));
    }
  }
  return out;
}

int
eksim_run_main(int argc, char **argv, gboolean batch, const SimModelOps *ops)
{
  const char *prog = argv[0];
  g_autofree char *out_dir = NULL, *shard = NULL;
  gint jobs = 0;
  gboolean resume = FALSE, trace = FALSE, quiet = FALSE, no_plots = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write results under DIR (default: results)", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Run N simulations at once (default: one per core)", "N" },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &shard,
      "Run only shard K of N of the runs (1 <= K <= N); combine shard folders with eksim merge", "K/N" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Keep runs already complete in DIR; run only the others", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Also write every request to requests.csv", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line and no comparison table", NULL },
    { "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Do not draw plots after the run (eksim plot can, later)",
      NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new(batch ? "FILE|DIR..." : "FILE");
  g_option_context_set_summary(
    ctx, batch ? "Runs every variant x replication of each scenario file (a DIR contributes its *.ini files,\n"
                 "recursively, skipping names starting with '_'), on -j worker threads. One failing scenario\n"
                 "does not stop the others: failures are listed at the end."
               : "Runs every variant x replication of one scenario file on -j worker threads and writes\n"
                 "DIR/SCENARIO/ (README.md, \"Result files\"), then prints the variants side by side.");
  g_option_context_set_description(
    ctx, "Results are byte-identical for any -j. Ctrl-C stops starting runs, keeps finished ones and writes\n"
         "no summary; --resume continues. Exit status: 0 success, 1 a run failed, 2 bad input or usage,\n"
         "130 interrupted.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", prog, err->message, prog);
    return EKSIM_EXIT_USAGE;
  }
  if (argc < 2 || (!batch && argc > 2)) {
    fprintf(stderr, "%s: %s; usage: %s %s [-o DIR] [-j N] [--shard K/N] [--resume] [--trace] [--quiet]\n", prog,
            argc < 2 ? "no scenario file given" : "exactly one scenario file (eksim batch runs several)", prog,
            batch ? "FILE|DIR..." : "FILE");
    return EKSIM_EXIT_USAGE;
  }
  if (jobs < 0 || jobs > 4096) {
    fprintf(stderr, "%s: --jobs: %d is out of range; allowed: 1..4096 (default: one per core)\n", prog, jobs);
    return EKSIM_EXIT_USAGE;
  }
  SimRunnerOptions opts = { 0 };
  opts.jobs = (guint)jobs;
  if (shard && !eksim_parse_shard(shard, &opts.shard, &opts.n_shards)) {
    fprintf(stderr, "%s: --shard: '%s' is not K/N; allowed: K/N with 1 <= K <= N <= 1000000 (e.g. 2/8)\n", prog,
            shard);
    return EKSIM_EXIT_USAGE;
  }
  if (out_dir && g_file_test(out_dir, G_FILE_TEST_EXISTS) && !g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "%s: --output: '%s' exists and is not a folder; allowed: a folder (created if missing)\n", prog,
            out_dir);
    return EKSIM_EXIT_USAGE;
  }
  g_autoptr(GPtrArray) files = eksim_scenario_files(argv + 1, &err);
  if (!files) {
    fprintf(stderr, "%s: %s\n", prog, err->message);
    return EKSIM_EXIT_USAGE;
  }
  opts.resume = resume;
  opts.trace = trace;
  opts.progress = !quiet && isatty(fileno(stderr));
  opts.handle_signals = TRUE;
  if (!no_plots)
    opts.scenario_done = eksim_after_scenario;

  g_autoptr(SimRunner) runner = sim_runner_new(ops, &opts, out_dir ? out_dir : "results");
  for (guint i = 0; i < files->len; i++)
    sim_runner_add_file(runner, g_ptr_array_index(files, i));
  SimRunnerStatus st = sim_runner_run(runner);

  if (!quiet && *sim_runner_tables(runner)) {
    fputs(sim_runner_tables(runner), stdout);
    fflush(stdout);
  }
  for (const char *const *n = sim_runner_notes(runner); *n; n++)
    fprintf(stderr, "%s: %s\n", prog, *n);
  const char *const *problems = sim_runner_problems(runner);
  guint n_problems = g_strv_length((char **)problems);
  for (guint i = 0; i < n_problems; i++)
    fprintf(stderr, "%s\n", problems[i]);
  if (batch && n_problems)
    fprintf(stderr, "%s: %u problem%s (listed above); %u scenario%s summarised\n", prog, n_problems,
            n_problems == 1 ? "" : "s", sim_runner_n_summarised(runner),
            sim_runner_n_summarised(runner) == 1 ? "" : "s");
  switch (st) {
  case SIM_RUNNER_OK:
    return EKSIM_EXIT_OK;
  case SIM_RUNNER_FAILED:
    return EKSIM_EXIT_FAILED;
  case SIM_RUNNER_BAD_INPUT:
    return EKSIM_EXIT_USAGE;
  case SIM_RUNNER_INTERRUPTED:
  default:
    return EKSIM_EXIT_INTERRUPTED;
  }
}
