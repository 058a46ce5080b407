/* eksim: the command-line entry point. Dispatches to one sub-command per file in sim/cli/. */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/version.h"

static const EksimCommand commands[] = {
  { "hold", eksim_cmd_hold, "kernel benchmark: the hold model (WORKLOADS.md workload 1)" },
  { "mmc", eksim_cmd_mmc, "kernel benchmark: an M/M/c queue (WORKLOADS.md workload 2)" },
  { "check", eksim_cmd_check, "validate scenario files without running them" },
  { "keys", eksim_cmd_keys, "list every scenario key: type, default, allowed values, source" },
  { "run", eksim_cmd_run, "run one scenario: every variant x replication, results and a comparison table" },
  { "batch", eksim_cmd_batch, "run many scenario files (or folders of them) on one pool of workers" },
  { "merge", eksim_cmd_merge, "combine the result folders of shards (--shard K/N) into one" },
  { "import", eksim_cmd_import, "turn an eksctl ClusterConfig, describe-cluster or Terraform JSON into a scenario" },
  { "plot", eksim_cmd_plot, "draw the plots and write report.html/report.md of a results folder" },
  { "explain", eksim_cmd_explain, "follow one request of each client hop by hop (text, sequence diagram, Mermaid)" },
  { "compare", eksim_cmd_compare, "the endpoint modes side by side: latency, availability, readiness, exposure, cost" },
};

static void
print_usage(FILE *out)
{
  fprintf(out, "usage: eksim COMMAND [OPTION...]\n\n"
               "eksim simulates the network paths between kubectl clients, worker nodes and the\n"
               "Amazon EKS control plane, per API endpoint configuration.\n\ncommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\n'eksim COMMAND --help' describes each command; 'eksim --version' prints the version.\n");
}

int
main(int argc, char **argv)
{
  /* Numbers in every output are formatted in the C locale, whatever the user's locale. */
  setlocale(LC_ALL, "C");
  if (argc < 2) {
    print_usage(stderr);
    return EKSIM_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    printf("eksim %s\n", EKSIM_VERSION);
    return EKSIM_EXIT_OK;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    print_usage(stdout);
    return EKSIM_EXIT_OK;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
    if (strcmp(argv[1], commands[i].name) == 0) {
      g_autofree char *prog = g_strdup_printf("eksim %s", commands[i].name);
      argv[1] = prog;
      return commands[i].func(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "eksim: unknown command '%s'; allowed: ", argv[1]);
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(stderr, "%s%s", i ? ", " : "", commands[i].name);
  fprintf(stderr, " (eksim --help)\n");
  return EKSIM_EXIT_USAGE;
}
