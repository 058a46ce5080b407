/* eksim check FILE|DIR...: loads and validates scenario files without running them (a DIR
 * contributes its *.ini files recursively, skipping names that start with '_' or '.', as eksim
 * batch does). Every problem of
 * every file is printed on stderr, one line each (FILE:LINE: [group] key: what is wrong; allowed:
 * ...); good files print "FILE: ok (N variants)" on stdout unless --quiet. Exit status 0 when all
 * files are valid, 2 otherwise. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/run-common.h"
#include "scenario/scenario.h"

int
eksim_cmd_check(int argc, char **argv)
{
  gboolean quiet = FALSE, variants = FALSE, resolved = FALSE;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing for valid files", NULL },
    { "variants", 0, 0, G_OPTION_ARG_NONE, &variants, "List each valid file's variants", NULL },
    { "resolved", 0, 0, G_OPTION_ARG_NONE, &resolved,
      "Print each valid file as resolved (includes expanded)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE|DIR...");
  g_option_context_set_summary(ctx,
                               "Loads each scenario file, follows its includes, expands its [sweep] and "
                               "checks every\nkey and combination against the schema "
                               "(scenarios/README.md), without running anything. A DIR\ncontributes its "
                               "*.ini files, recursively, skipping names starting with '_' (included\nparts) "
                               "or '.'. Exit status: 0 if every file is valid, 2 otherwise.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", argv[0], err->message, argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (argc < 2) {
    fprintf(stderr, "%s: no scenario file given; usage: %s [--quiet] FILE|DIR...\n", argv[0], argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  g_autoptr(GPtrArray) files = eksim_scenario_files(argv + 1, &err);
  if (files == NULL) {
    fprintf(stderr, "%s: %s; allowed: scenario files, or folders holding *.ini files\n", argv[0], err->message);
    return EKSIM_EXIT_USAGE;
  }
  int status = EKSIM_EXIT_OK;
  for (guint i = 0; i < files->len; i++) {
    const char *path = files->pdata[i];
    g_autoptr(GError) e = NULL;
    g_autoptr(SimScenario) scn = sim_scenario_load(path, &e);
    if (scn == NULL) {
      fprintf(stderr, "%s\n", e->message);
      status = EKSIM_EXIT_USAGE;
      continue;
    }
    guint n = sim_scenario_n_variants(scn);
    if (!quiet)
      printf("%s: ok (%u variant%s)\n", path, n, n == 1 ? "" : "s");
    if (variants) {
      for (guint v = 0; v < n; v++) {
        const char *label = sim_scenario_variant_name(scn, v);
        printf("  %s\n", *label ? label : "(no sweep)");
      }
    }
    if (resolved)
      fputs(sim_scenario_resolved_text(scn), stdout);
  }
  return status;
}
