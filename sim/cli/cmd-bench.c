/* eksim hold / eksim mmc: the kernel benchmark workloads, with the exact command line and output
 * line of ../shared/bench/peers/WORKLOADS.md section 0.3, so run.sh can plug eksim in. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/workloads.h"
#include "cli/commands.h"

/* Whole non-negative count; accepts 1e6-style forms as the specification allows. */
static gboolean
parse_count(const char *prog, const char *what, const char *text, guint64 *out)
{
  char *end = NULL;
  errno = 0;
  double v = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || errno != 0 || !(v >= 0) || v > 1e18 || v != floor(v)) {
    fprintf(stderr, "%s: %s: '%s' is not a whole non-negative number\n", prog, what, text);
    return FALSE;
  }
  *out = (guint64)v;
  return TRUE;
}

static gboolean
parse_positive(const char *prog, const char *what, const char *text, double *out)
{
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || !isfinite(v) || !(v > 0)) {
    fprintf(stderr, "%s: %s: '%s' is not a positive number\n", prog, what, text);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

/* Parses the common options (--queue=KIND) and leaves the positional arguments in argv.
 * Returns FALSE after printing one line on stderr. */
static gboolean
parse_options(int *argc, char ***argv, const char *usage, const char *summary, SimQueueKind *queue,
              gboolean *help_shown)
{
  g_autofree char *queue_name = NULL;
  GOptionEntry entries[] = {
    { "queue", 'q', 0, G_OPTION_ARG_STRING, &queue_name,
      "pending-event structure: " SIM_QUEUE_ALLOWED " (default ladder)", "KIND" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new(usage);
  g_autoptr(GError) error = NULL;
  const char *prog = (*argv)[0];

  *help_shown = FALSE;
  if (g_get_prgname() == NULL)
    g_set_prgname(prog);
  g_option_context_set_summary(ctx, summary);
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_option_context_set_help_enabled(ctx, FALSE);
  /* "-1" is a (refused) count, not an option: unknown dashes are checked below */
  g_option_context_set_ignore_unknown_options(ctx, TRUE);
  for (int i = 1; i < *argc; i++) {
    if (strcmp((*argv)[i], "--help") == 0 || strcmp((*argv)[i], "-h") == 0) {
      g_autofree char *help = g_option_context_get_help(ctx, TRUE, NULL);
      fputs(help, stdout);
      *help_shown = TRUE;
      return FALSE;
    }
  }
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    fprintf(stderr, "%s: %s (usage: %s [--queue=KIND] %s)\n", prog, error->message, prog, usage);
    return FALSE;
  }
  for (int i = 1; i < *argc; i++) {
    if (g_str_has_prefix((*argv)[i], "--")) {
      fprintf(stderr, "%s: unknown option '%s'; allowed: --queue=KIND, --help\n", prog, (*argv)[i]);
      return FALSE;
    }
  }
  *queue = SIM_QUEUE_LADDER;
  if (queue_name != NULL && !sim_queue_kind_parse(queue_name, queue)) {
    fprintf(stderr, "%s: --queue: unknown structure '%s'; allowed: " SIM_QUEUE_ALLOWED "\n", prog,
            queue_name);
    return FALSE;
  }
  return TRUE;
}

int
eksim_cmd_hold(int argc, char **argv)
{
  guint64 n, m, seed = 1;
  SimBenchHoldResult r;
  SimQueueKind queue;
  gboolean help;
  const char *usage = "N M [SEED]";

  if (!parse_options(&argc, &argv, usage,
                     "Hold model (../shared/bench/peers/WORKLOADS.md, workload 1): N pending events,\n"
                     "M holds (dispatch one event, schedule one at now + Exp(1)); prints one HOLD line.",
                     &queue, &help))
    return help ? EKSIM_EXIT_OK : EKSIM_EXIT_USAGE;
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "%s: expected N M [SEED], got %d argument%s (usage: %s [--queue=KIND] %s)\n",
            argv[0], argc - 1, argc == 2 ? "" : "s", argv[0], usage);
    return EKSIM_EXIT_USAGE;
  }
  if (!parse_count(argv[0], "N", argv[1], &n) || !parse_count(argv[0], "M", argv[2], &m) ||
      (argc > 3 && !parse_count(argv[0], "SEED", argv[3], &seed)))
    return EKSIM_EXIT_USAGE;
  if (n == 0 && m > 0) {
    fprintf(stderr, "%s: N: must be at least 1 when M > 0\n", argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (n > 50000000) {
    fprintf(stderr, "%s: N: at most 50000000 pending events\n", argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  sim_bench_hold_run(n, m, seed, queue, &r);
  printf("HOLD peer=eksim variant=%s N=%" PRIu64 " M=%" PRIu64 " seed=%" PRIu64
         " holds=%" PRIu64 " prefill_s=%.6f hold_s=%.6f ns_per_hold=%.2f events_per_s=%.0f"
         " rng_ns=%.2f final_t=%.17g cpu_ns_per_hold=%.2f\n",
         sim_queue_kind_name(queue), n, m, seed, r.holds, r.prefill_s, r.hold_s,
         m ? r.hold_s * 1e9 / (double)m : 0.0, r.hold_s > 0 ? (double)m / r.hold_s : 0.0, r.rng_ns,
         r.final_t, m ? r.hold_cpu_s * 1e9 / (double)m : 0.0);
  return EKSIM_EXIT_OK;
}

int
eksim_cmd_mmc(int argc, char **argv)
{
  guint64 c, customers, seed = 1;
  double lambda, mu;
  SimBenchMmcResult r;
  SimQueueKind queue;
  gboolean help;
  const char *usage = "C LAMBDA MU CUSTOMERS [SEED]";

  if (!parse_options(&argc, &argv, usage,
                     "M/M/c FIFO queue (../shared/bench/peers/WORKLOADS.md, workload 2) until\n"
                     "CUSTOMERS have departed; prints one MMC line.",
                     &queue, &help))
    return help ? EKSIM_EXIT_OK : EKSIM_EXIT_USAGE;
  if (argc < 5 || argc > 6) {
    fprintf(stderr, "%s: expected C LAMBDA MU CUSTOMERS [SEED], got %d argument%s (usage: %s [--queue=KIND] %s)\n",
            argv[0], argc - 1, argc == 2 ? "" : "s", argv[0], usage);
    return EKSIM_EXIT_USAGE;
  }
  if (!parse_count(argv[0], "C", argv[1], &c) || !parse_positive(argv[0], "LAMBDA", argv[2], &lambda) ||
      !parse_positive(argv[0], "MU", argv[3], &mu) ||
      !parse_count(argv[0], "CUSTOMERS", argv[4], &customers) ||
      (argc > 5 && !parse_count(argv[0], "SEED", argv[5], &seed)))
    return EKSIM_EXIT_USAGE;
  if (c == 0 || c > 1000000) {
    fprintf(stderr, "%s: C: must be between 1 and 1000000\n", argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (lambda >= (double)c * mu) {
    fprintf(stderr, "%s: LAMBDA: must be below C x MU (the queue would be unstable)\n", argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  sim_bench_mmc_run((guint)c, lambda, mu, customers, seed, queue, &r);
  printf("MMC peer=eksim variant=%s c=%" PRIu64 " lambda=%g mu=%g customers=%" PRIu64
         " seed=%" PRIu64 " mean_sojourn=%.17g erlang_c=%.17g rel_err=%+.5f sim_end_t=%.17g"
         " run_s=%.6f us_per_customer=%.3f run_cpu_s=%.6f\n",
         sim_queue_kind_name(queue), c, lambda, mu, r.customers, seed, r.mean_sojourn, r.erlang_c,
         (r.mean_sojourn - r.erlang_c) / r.erlang_c, r.sim_end_t, r.run_s,
         customers ? r.run_s * 1e6 / (double)customers : 0.0, r.run_cpu_s);
  return EKSIM_EXIT_OK;
}
