/* eksim import FILE [-o scenario.ini]: turns an eksctl ClusterConfig, `aws eks describe-cluster`
 * output or Terraform JSON into a scenario (sim/import/). Warnings go to stderr, one line each;
 * the scenario goes to -o (written under a temporary name and renamed, so a failed import
 * leaves nothing behind) or to stdout. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "import/import.h"
#include "scenario/scenario.h"

static void
print_warnings(const char *prog, const SimImport *imp, gboolean quiet, guint *n_warn, guint *n_ignored)
{
  const GPtrArray *ws = sim_import_warnings(imp);
  *n_warn = *n_ignored = 0;
  for (guint i = 0; i < ws->len; i++) {
    const SimImportWarning *w = ws->pdata[i];
    if (w->kind == SIM_IMPORT_IGNORED) {
      (*n_ignored)++;
      continue;
    }
    (*n_warn)++;
    fprintf(stderr, "%s: warning: %s: %s%s%s\n", prog, w->where, w->path, *w->path ? ": " : "", w->message);
  }
  if (quiet)
    return;
  g_autoptr(GPtrArray) lines = sim_import_ignored_summary(imp);
  for (guint i = 0; i < lines->len; i++)
    fprintf(stderr, "%s: not mapped: %s\n", prog, (const char *)lines->pdata[i]);
}

int
eksim_cmd_import(int argc, char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *cluster = NULL;
  gboolean quiet = FALSE, force = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the scenario to FILE (default: standard output)", "FILE" },
    { "cluster", 'c', 0, G_OPTION_ARG_STRING, &cluster,
      "Terraform: import this aws_eks_cluster (its name or resource address) when there are several", "NAME" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, "Replace the output file if it exists", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Do not list the source fields that have no effect on the model (they stay listed in the scenario)", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - turn a real cluster definition into a scenario");
  g_option_context_set_summary(ctx,
    "Reads an eksctl ClusterConfig (YAML), the JSON output of 'aws eks describe-cluster', or Terraform JSON\n"
    "('terraform show -json' of a plan or state, or a terraform.tfstate file), recognised from the content.\n"
    "Writes a scenario with a comment on each value naming the source field, a laptop and a bastion client,\n"
    "and a [sweep] over the three endpoint modes with the cluster's current mode first.\n"
    "Anything that cannot be mapped is listed on stderr with its field path and why.");
  g_option_context_set_description(ctx, "The scenario is checked by the same validator as 'eksim check' before it is "
                                   "written.\nExit status: 0 written (warnings may have been printed), 2 bad input or "
                                   "usage.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", argv[0], err->message, argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (argc != 2) {
    fprintf(stderr, "%s: %s; usage: %s FILE [-o scenario.ini] (%s --help)\n", argv[0],
            argc < 2 ? "no input file given" : "exactly one input file is read", argv[0], argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  const char *in = argv[1];
  if (out && !force && g_file_test(out, G_FILE_TEST_EXISTS)) {
    fprintf(stderr, "%s: %s: already exists; allowed: a new file name, or --force to replace it\n", argv[0], out);
    return EKSIM_EXIT_USAGE;
  }
  if (out && g_file_test(out, G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "%s: %s: is a directory; allowed: a file name such as cluster.ini\n", argv[0], out);
    return EKSIM_EXIT_USAGE;
  }

  SimImportOptions opts = { .cluster = cluster };
  g_autoptr(SimImport) imp = sim_import_load_file(in, &opts, &err);
  if (!imp) {
    fprintf(stderr, "%s: %s\n", argv[0], err->message);
    return EKSIM_EXIT_USAGE;
  }
  g_autofree char *text = sim_import_to_scenario(imp);

  /* The scenario goes through the real validator before anything is written: an import that
   * eksim itself would refuse is a bug here, not the user's problem to find later. */
  g_autofree char *virtual_path = g_strdup(out ? out : "imported.ini");
  g_autoptr(SimScenario) scn = sim_scenario_load_data(text, -1, virtual_path, &err);
  if (!scn) {
    fprintf(stderr, "%s: internal error: the scenario written for %s fails validation (please report):\n%s\n",
            argv[0], in, err->message);
    return EKSIM_EXIT_FAILED;
  }

  guint n_warn, n_ignored;
  print_warnings(argv[0], imp, quiet, &n_warn, &n_ignored);
  if (out) {
    /* g_file_set_contents writes a temporary file and renames it over @out. */
    if (!g_file_set_contents(out, text, -1, &err)) {
      fprintf(stderr, "%s: %s: cannot write: %s\n", argv[0], out, err->message);
      return EKSIM_EXIT_USAGE;
    }
  } else {
    fputs(text, stdout);
    if (fflush(stdout) != 0) {
      fprintf(stderr, "%s: cannot write to standard output\n", argv[0]);
      return EKSIM_EXIT_FAILED;
    }
  }
  fprintf(stderr, "%s: %s %s (%s, current endpoint mode %s): %u warning%s, %u field%s not mapped%s\n", argv[0],
          out ? "wrote" : "imported", out ? out : in, sim_import_format_name(sim_import_format(imp)),
          sim_import_endpoint(imp), n_warn, n_warn == 1 ? "" : "s", n_ignored, n_ignored == 1 ? "" : "s",
          n_ignored ? " (no effect on the model; listed in the scenario)" : "");
  return EKSIM_EXIT_OK;
}
