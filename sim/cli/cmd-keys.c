/* eksim keys: the scenario key reference, generated from the schema table
 * (sim/scenario/schema.c). --markdown prints the tables of scenarios/README.md. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "scenario/schema.h"

int
eksim_cmd_keys(int argc, char **argv)
{
  gboolean markdown = FALSE;
  GOptionEntry entries[] = {
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown,
      "Print the Markdown tables of scenarios/README.md", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("[GROUP]");
  g_option_context_set_summary(ctx, "Lists every scenario key with its type, default, allowed values "
                                    "and the source of the default.\nWith GROUP (e.g. cluster, "
                                    "client.NAME, link.internet), only that group's keys.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "%s: %s (%s --help)\n", argv[0], err->message, argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (argc > 2 || (markdown && argc > 1)) {
    fprintf(stderr, "%s: too many arguments; usage: %s [--markdown | GROUP]\n", argv[0], argv[0]);
    return EKSIM_EXIT_USAGE;
  }
  if (markdown) {
    g_autofree char *md = sim_schema_markdown();
    fputs(md, stdout);
    return EKSIM_EXIT_OK;
  }
  const char *only = argc > 1 ? argv[1] : NULL;
  g_autofree char *pattern = NULL;
  if (only != NULL) {
    /* "client.NAME" and "client.x" both mean the client rows */
    const char *dot = strchr(only, '.');
    pattern = g_strdup(only);
    if (dot != NULL && sim_schema_group_kind(only, NULL) == SIM_GROUP_FAMILY)
      pattern[dot - only + 1] = '*', pattern[dot - only + 2] = '\0';
    else if (dot != NULL && strcmp(dot, ".NAME") == 0)
      pattern[dot - only + 1] = '*', pattern[dot - only + 2] = '\0';
  }
  guint n;
  const SimKeySpec *rows = sim_schema_rows(&n);
  guint shown = 0;
  for (guint i = 0; i < n; i++) {
    const SimKeySpec *r = &rows[i];
    if (pattern != NULL && strcmp(r->group, pattern) != 0)
      continue;
    g_autofree char *allowed = sim_schema_allowed_text(r);
    printf("[%s] %s = %s\n    %s%s; %s; allowed: %s%s%s; source: %s\n", r->group, r->key,
           r->def ? r->def : "(no default)", r->required ? "required; " : "",
           sim_schema_type_name(r->type), r->doc, allowed, r->condition ? "; applies when " : "",
           r->condition ? r->condition : "", r->source);
    shown++;
  }
  if (shown == 0) {
    fprintf(stderr, "%s: no group '%s'; allowed: a group of scenarios/README.md (eksim keys)\n", argv[0],
            only);
    return EKSIM_EXIT_USAGE;
  }
  return EKSIM_EXIT_OK;
}
