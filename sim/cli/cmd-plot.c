/* eksim plot RESULTS_DIR: draws the plots and writes report.html / report.md of results that
 * eksim run or batch wrote (also done at the end of run/batch unless --no-plots). */
#include <stdio.h>

#include "cli/commands.h"
#include "report/report.h"

int
eksim_cmd_plot(int argc, char **argv)
{
  g_autofree char *gnuplot = NULL;
  g_autofree char *templates = NULL;
  gboolean png_only = FALSE, quiet = FALSE;
  guint timeout = 0;
  GOptionEntry entries[] = {
    { "gnuplot", 0, 0, G_OPTION_ARG_FILENAME, &gnuplot,
      "gnuplot program to run (default: $EKSIM_GNUPLOT, else gnuplot on PATH)", "PROGRAM" },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates,
      "read the plot templates (*.gp, common.gp) from DIR instead of the built-in ones", "DIR" },
    { "png-only", 0, 0, G_OPTION_ARG_NONE, &png_only, "draw PNG only (no SVG)", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "stop a gnuplot run after SECONDS (default 120)",
      "SECONDS" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "print no warnings", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("RESULTS_DIR");
  g_option_context_set_summary(
    ctx, "Draws the plots (PNG and SVG, with their data and gnuplot scripts, in SCENARIO/plots/)\n"
         "and writes SCENARIO/report.html and SCENARIO/report.md, for one scenario folder of\n"
         "eksim run/batch results or for every scenario folder under RESULTS_DIR.\n"
         "Without gnuplot, the data and scripts are still written, with a warning.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    fprintf(stderr, "%s: %s (%s --help)\n", argv[0], error->message, argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (argc != 2) {
    fprintf(stderr, "%s: expected one RESULTS_DIR, got %d (%s --help)\n", argv[0], argc - 1, argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (timeout > 86400) {
    fprintf(stderr, "%s: --timeout: %u; allowed: 1..86400 seconds\n", argv[0], timeout);
    return EKSIM_EXIT_USAGE;
  }
  SimPlotOptions opts = { gnuplot, templates, png_only, timeout };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  gboolean ok = sim_report_plot_dir(argv[1], &opts, warnings, &error);
  if (!quiet)
    for (guint i = 0; i < warnings->len; i++)
      fprintf(stderr, "%s: warning: %s\n", argv[0], (const char *)warnings->pdata[i]);
  if (!ok) {
    fprintf(stderr, "%s: %s\n", argv[0], error->message);
    /* Bad results or templates are bad input (2); a folder that cannot be written is a failure (1). */
    if (error->domain == SIM_REPORT_DATA_ERROR ||
        g_error_matches(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE))
      return EKSIM_EXIT_USAGE;
    return EKSIM_EXIT_FAILED;
  }
  return EKSIM_EXIT_OK;
}
