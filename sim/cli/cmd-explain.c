/* eksim explain FILE: one request of each client in each variant, hop by hop, read from the real
 * model's tracer (report/explain.h), as a narrative with a text sequence diagram, or as Mermaid
 * sequence diagrams for slides.
 *
 *   eksim explain FILE [--client NAME]... [--variant KEY=VALUE]... [--format text|sequence|mermaid]
 *                      [--at TIME] [--failed] [--retried] [--verb VERB] [--replication N] [--all-packets]
 *                      [-o FILE]
 *   eksim explain FILE --targets [--variant KEY=VALUE]...     (the names fault targets may use)
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/units.h"
#include "eks/verb.h"
#include "report/explain.h"
#include "scenario/scenario.h"

/* TRUE if the variant @label ("a=1;b=2") holds every pair of @pairs. */
static gboolean
variant_matches(const char *label, char **pairs)
{
  g_auto(GStrv) items = g_strsplit(label, ";", -1);
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++) {
    gboolean found = FALSE;
    for (guint k = 0; items[k] != NULL && !found; k++)
      found = strcmp(items[k], pairs[i]) == 0;
    if (!found)
      return FALSE;
  }
  return TRUE;
}

/* The distinct KEY=VALUE pairs of the scenario's variants, for error messages. */
static char *
variant_pairs(const SimScenario *scn)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
  for (guint v = 0; v < sim_scenario_n_variants(scn); v++) {
    g_auto(GStrv) items = g_strsplit(sim_scenario_variant_name(scn, v), ";", -1);
    for (guint k = 0; items[k] != NULL; k++) {
      gboolean dup = items[k][0] == '\0';
      for (guint s = 0; s < seen->len && !dup; s++)
        dup = strcmp(seen->pdata[s], items[k]) == 0;
      if (!dup)
        g_ptr_array_add(seen, g_strdup(items[k]));
    }
  }
  g_ptr_array_add(seen, NULL);
  return g_strjoinv(", ", (char **)seen->pdata);
}

int
eksim_cmd_explain(int argc, char **argv)
{
  const char *prog = argv[0];
  g_auto(GStrv) clients = NULL, variants = NULL;
  g_autofree char *format = NULL, *at = NULL, *output = NULL, *verb = NULL;
  gboolean failed = FALSE, all_packets = FALSE, targets = FALSE, retried = FALSE;
  gint replication = 0;
  GOptionEntry entries[] = {
    { "client", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &clients,
      "Explain only this client or node group ([client.NAME], [nodegroup.NAME]); repeat for several "
      "(default: all)",
      "NAME" },
    { "variant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &variants,
      "Only the variants whose sweep sets KEY=VALUE (e.g. cluster.endpoint=private); repeat to narrow",
      "KEY=VALUE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      "text (narrative and sequence diagram, default), sequence (diagram only) or mermaid (Markdown "
      "with Mermaid diagrams, for slides)",
      "FORMAT" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      "Explain the first request that starts at or after TIME (default 0, the run's first)", "TIME" },
    { "failed", 0, 0, G_OPTION_ARG_NONE, &failed, "Explain the first request that did not end ok", NULL },
    { "retried", 0, 0, G_OPTION_ARG_NONE, &retried,
      "Explain the first request client-go retried (an HTTP 429 or 5xx with Retry-After)", NULL },
    { "verb", 0, 0, G_OPTION_ARG_STRING, &verb,
      "Only requests of this verb (get, list, apply, lease, create, ...; default: any for clients, a "
      "Lease renewal for node groups, any with --failed)",
      "VERB" },
    { "replication", 0, 0, G_OPTION_ARG_INT, &replication,
      "Use the random streams of replication N (0-based, as in faults.csv; default 0)", "N" },
    { "all-packets", 0, 0, G_OPTION_ARG_NONE, &all_packets,
      "List every packet, not one per distinct route", NULL },
    { "targets", 0, 0, G_OPTION_ARG_NONE, &targets,
      "List the names a [fault.NAME] target may use in each variant's model, with what they are and "
      "the fault kinds that accept them (nothing runs)",
      NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE");
  g_option_context_set_summary(
    ctx, "Runs the scenario's model and follows one request of each client in each variant through\n"
         "the network, hop by hop: which resolver was asked and which zone answered with which\n"
         "addresses, every hop with its time, link and the network function crossed (internet\n"
         "gateway, NAT gateway, load balancer node, cross-account ENI, API server), and where and\n"
         "why a packet was dropped. Also as a sequence diagram (text, or Mermaid for slides).");
  g_option_context_set_description(
    ctx, "The account is read from the model's tracer in a second run with the same seed, so it is\n"
         "exactly what `eksim run` simulates. Exit status: 0 success, 2 bad input or usage.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", prog, err->message, prog);
    return EKSIM_EXIT_USAGE;
  }
  if (argc != 2) {
    fprintf(stderr, "%s: %s; usage: %s FILE [--client NAME] [--variant KEY=VALUE] [--format text|sequence|mermaid]\n",
            prog, argc < 2 ? "no scenario file given" : "exactly one scenario file", prog);
    return EKSIM_EXIT_USAGE;
  }
  SimExplainFormat fmt = SIM_EXPLAIN_FORMAT_TEXT;
  if (format != NULL) {
    if (strcmp(format, "text") == 0)
      fmt = SIM_EXPLAIN_FORMAT_TEXT;
    else if (strcmp(format, "sequence") == 0)
      fmt = SIM_EXPLAIN_FORMAT_SEQUENCE;
    else if (strcmp(format, "mermaid") == 0)
      fmt = SIM_EXPLAIN_FORMAT_MERMAID;
    else {
      fprintf(stderr, "%s: --format: '%s' is not a format; allowed: text, sequence, mermaid\n", prog, format);
      return EKSIM_EXIT_USAGE;
    }
  }
  if (verb != NULL) {
    SimVerb v;
    if (!sim_verb_from_name(verb, &v)) {
      GString *allowed = g_string_new(NULL);
      for (guint i = 0; i < SIM_VERB_N; i++)
        g_string_append_printf(allowed, "%s%s", i ? ", " : "", sim_verb_name((SimVerb)i));
      fprintf(stderr, "%s: --verb: '%s' is not a verb; allowed: %s\n", prog, verb, allowed->str);
      g_string_free(allowed, TRUE);
      return EKSIM_EXIT_USAGE;
    }
  }
  SimTime at_time = 0;
  if (at != NULL) {
    g_autoptr(GError) e = NULL;
    if (!sim_units_parse_duration(at, &at_time, &e)) {
      fprintf(stderr, "%s: --at: %s; allowed: a time with a unit (ns, us, ms, s, m, h), e.g. 90s\n", prog,
              e->message);
      return EKSIM_EXIT_USAGE;
    }
  }
  for (guint i = 0; variants != NULL && variants[i] != NULL; i++) {
    const char *eq = strchr(variants[i], '=');
    if (eq == NULL || eq == variants[i] || eq[1] == '\0') {
      fprintf(stderr, "%s: --variant: '%s' is not KEY=VALUE; allowed: a pair of the scenario's sweep, e.g. "
                      "cluster.endpoint=private\n", prog, variants[i]);
      return EKSIM_EXIT_USAGE;
    }
  }

  g_autoptr(SimScenario) scn = sim_scenario_load(argv[1], &err);
  if (scn == NULL) {
    fprintf(stderr, "%s\n", err->message);
    return EKSIM_EXIT_USAGE;
  }
  if (replication < 0 || (guint)replication >= sim_scenario_replications(scn)) {
    fprintf(stderr, "%s: --replication: %d; allowed: 0..%u (the scenario has %u replication%s)\n", prog,
            replication, sim_scenario_replications(scn) - 1, sim_scenario_replications(scn),
            sim_scenario_replications(scn) == 1 ? "" : "s");
    return EKSIM_EXIT_USAGE;
  }
  if (at_time >= sim_scenario_duration(scn)) {
    g_autofree char *d = g_strdup_printf("%g", sim_time_to_s(sim_scenario_duration(scn)));
    fprintf(stderr, "%s: --at: %s is not before the end of the run; allowed: 0 up to [scenario] duration (%s s)\n",
            prog, at, d);
    return EKSIM_EXIT_USAGE;
  }
  g_autoptr(GArray) chosen = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint v = 0; v < sim_scenario_n_variants(scn); v++)
    if (variant_matches(sim_scenario_variant_name(scn, v), variants))
      g_array_append_val(chosen, v);
  if (chosen->len == 0) {
    g_autofree char *pairs = variant_pairs(scn);
    fprintf(stderr, "%s: --variant: no variant of %s matches; allowed: %s\n", prog, argv[1],
            pairs[0] ? pairs : "nothing (the scenario has no [sweep])");
    return EKSIM_EXIT_USAGE;
  }

  if (targets && (clients != NULL || failed || retried || at != NULL || verb != NULL || all_packets ||
                  fmt != SIM_EXPLAIN_FORMAT_TEXT)) {
    fprintf(stderr, "%s: --targets lists fault targets and takes only --variant, --replication and -o; "
                    "allowed: drop --client, --at, --failed, --retried, --verb, --all-packets and --format\n", prog);
    return EKSIM_EXIT_USAGE;
  }
  SimExplainOptions opts = { (const char *const *)clients, at_time, failed, (guint)replication, all_packets, verb, retried };
  g_autoptr(GString) out = g_string_new(NULL);
  if (fmt == SIM_EXPLAIN_FORMAT_MERMAID)
    g_string_append_printf(out, "# eksim explain: %s\n\n", sim_scenario_name(scn));
  for (guint i = 0; i < chosen->len; i++) {
    guint v = g_array_index(chosen, guint, i);
    if (targets) {
      const char *label = sim_scenario_variant_name(scn, v);
      g_string_append_printf(out, "== variant %u of %u: %s ==\n", v + 1, sim_scenario_n_variants(scn),
                             label[0] ? label : "(no sweep)");
      if (!sim_explain_targets(sim_scenario_get_variant(scn, v), (guint)replication, out, &err)) {
        fprintf(stderr, "%s: %s: %s\n", prog, argv[1], err->message);
        return EKSIM_EXIT_USAGE;
      }
      g_string_append_c(out, '\n');
      continue;
    }
    g_autoptr(SimExplanation) ex = sim_explain_run(sim_scenario_get_variant(scn, v), &opts, &err);
    if (ex == NULL) {
      fprintf(stderr, "%s: %s: %s\n", prog, argv[1], err->message);
      return g_error_matches(err, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_DIVERGED) ? EKSIM_EXIT_FAILED
                                                                                 : EKSIM_EXIT_USAGE;
    }
    sim_explanation_format(ex, fmt, all_packets, v + 1, sim_scenario_n_variants(scn), out);
  }
  if (output != NULL) {
    if (!g_file_set_contents(output, out->str, (gssize)out->len, &err)) {
      fprintf(stderr, "%s: --output: %s\n", prog, err->message);
      return EKSIM_EXIT_FAILED;
    }
  } else {
    fwrite(out->str, 1, out->len, stdout);
    if (fflush(stdout) != 0)
      return EKSIM_EXIT_FAILED;
  }
  return EKSIM_EXIT_OK;
}
