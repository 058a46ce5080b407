/* Terminal comparison table (see table.h). */
#include "report/table.h"

#include <math.h>
#include <string.h>

static const struct {
  const char *metric;
  const char *title;
  int kind; /* 0 count, 1 percentage (asymmetric interval), 2 ms, 3 percentage (t), 4 seconds,
             * 5 USD per hour */
} shown[] = {
  { "requests", "requests/run", 0 },
  { "availability", "availability", 1 },
  { "latency_p50_ms", "p50 latency ms", 2 },
  { "latency_p99_ms", "p99 latency ms", 2 },
  { "node_ready_fraction", "nodes Ready", 3 },
  { "nodes_never_registered", "never registered", 0 },
  { "watch_held_fraction", "watch held", 3 },
  { "exposure", "exposed", 3 },
  { "cost_total_usd", "cost est. USD/h", 5 },
  { "fault_failed_during", "failed in fault", 0 },
  { "fault_time_to_recover_s", "time to recover s", 4 },
};

static void
num(GString *s, const char *fmt, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, g_ascii_formatd(buf, sizeof buf, fmt, v));
}

static char *
cell(const SimSummaryRow *r, int kind)
{
  if (!r || isnan(r->e.value))
    return g_strdup("-");
  GString *s = g_string_new(NULL);
  const SimEstimate *e = &r->e;
  gboolean ci = !isnan(e->low) && !isnan(e->high);
  switch (kind) {
  case 0:
  case 4:
    num(s, kind == 0 ? "%.1f" : "%.2f", e->value);
    if (ci) {
      g_string_append(s, " +-");
      num(s, kind == 0 ? "%.1f" : "%.2f", (e->high - e->low) / 2);
    }
    break;
  case 1:
    num(s, "%.2f", 100 * e->value);
    g_string_append_c(s, '%');
    if (ci) {
      g_string_append(s, " [");
      num(s, "%.2f", 100 * e->low);
      g_string_append_c(s, ',');
      num(s, "%.2f", 100 * e->high);
      g_string_append_c(s, ']');
    }
    break;
  case 5:
    num(s, "%.4f", e->value);
    if (ci) {
      g_string_append(s, " +-");
      num(s, "%.4f", (e->high - e->low) / 2);
    }
    break;
  case 2:
    num(s, "%.1f", e->value);
    if (ci) {
      g_string_append(s, " +-");
      num(s, "%.1f", (e->high - e->low) / 2);
    }
    break;
  default:
    num(s, "%.1f", 100 * e->value);
    g_string_append_c(s, '%');
    if (ci) {
      g_string_append(s, " +-");
      num(s, "%.1f", 100 * (e->high - e->low) / 2);
    }
    break;
  }
  return g_string_free(s, FALSE);
}

/* Display width in characters (labels may hold UTF-8). */
static gsize
width(const char *s)
{
  return g_utf8_strlen(s, -1);
}

static void
pad(GString *out, const char *s, gsize w)
{
  g_string_append(out, s);
  for (gsize i = width(s); i < w; i++)
    g_string_append_c(out, ' ');
}

char *
sim_table_format(const SimPlan *plan, SimSummary *const *summaries)
{
  guint nv = plan->variants->len;
  /* Rows: subjects in order of first appearance across variants, metrics in the order above. */
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free); /* row-major, 2 + nv per row */
  g_ptr_array_add(cells, g_strdup("subject"));
  g_ptr_array_add(cells, g_strdup("metric"));
  for (guint v = 0; v < nv; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    g_ptr_array_add(cells, g_strdup(*var->label ? var->label : "(base)"));
  }
  g_autoptr(GPtrArray) subjects = g_ptr_array_new();
  for (guint v = 0; v < nv; v++)
    for (guint i = 0; i < summaries[v]->subjects->len; i++) {
      const SimSummarySubject *ss = g_ptr_array_index(summaries[v]->subjects, i);
      gboolean seen = FALSE;
      for (guint k = 0; k < subjects->len && !seen; k++)
        seen = strcmp(g_ptr_array_index(subjects, k), ss->name) == 0;
      if (!seen)
        g_ptr_array_add(subjects, (gpointer)ss->name);
    }
  for (guint k = 0; k < subjects->len; k++) {
    const char *subject = g_ptr_array_index(subjects, k);
    gboolean first = TRUE;
    for (gsize m = 0; m < G_N_ELEMENTS(shown); m++) {
      gboolean any = FALSE;
      for (guint v = 0; v < nv && !any; v++)
        any = sim_summary_find(summaries[v], subject, shown[m].metric) != NULL;
      if (!any)
        continue;
      g_ptr_array_add(cells, g_strdup(first ? subject : ""));
      g_ptr_array_add(cells, g_strdup(shown[m].title));
      for (guint v = 0; v < nv; v++)
        g_ptr_array_add(cells, cell(sim_summary_find(summaries[v], subject, shown[m].metric), shown[m].kind));
      first = FALSE;
    }
  }
  guint ncol = 2 + nv, nrow = cells->len / ncol;
  g_autofree gsize *w = g_new0(gsize, ncol);
  for (guint r = 0; r < nrow; r++)
    for (guint c = 0; c < ncol; c++)
      w[c] = MAX(w[c], width(g_ptr_array_index(cells, r * ncol + c)));
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "%s: %u variant%s x %u replication%s (mean, 95%% CI)\n", plan->name, nv,
                         nv == 1 ? "" : "s", plan->replications, plan->replications == 1 ? "" : "s");
  for (guint r = 0; r < nrow; r++) {
    for (guint c = 0; c < ncol; c++) {
      if (c)
        g_string_append(out, "  ");
      if (c + 1 == ncol)
        g_string_append(out, g_ptr_array_index(cells, r * ncol + c));
      else
        pad(out, g_ptr_array_index(cells, r * ncol + c), w[c]);
    }
    g_string_append_c(out, '\n');
    if (r == 0) {
      gsize total = 0;
      for (guint c = 0; c < ncol; c++)
        total += w[c] + (c ? 2 : 0);
      for (gsize i = 0; i < total; i++)
        g_string_append_c(out, '-');
      g_string_append_c(out, '\n');
    }
  }
  return g_string_free(out, FALSE);
}
