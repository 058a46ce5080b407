/* The comparison table of eksim compare (compare.h): rows built from a results folder read back
 * with report-data.c, rendered as aligned text or a Markdown table. */
#include "report/compare.h"

#include <math.h>
#include <string.h>

#include "report/report.h"

struct _SimCompareTable {
  char *scenario;
  gint64 replications;
  guint n_variants;
  GPtrArray *headers; /* char*: the variant's values ("public", "private / per-az") */
  GPtrArray *modes;   /* char*: its endpoint mode */
  GPtrArray *rows;    /* SimCompareRow* */
  gboolean modes_differ; /* the variants do not all have the same endpoint mode */
};

static void
cell_clear(gpointer p)
{
  g_free(((SimCompareCell *)p)->text);
}

static void
row_free(gpointer p)
{
  SimCompareRow *r = p;
  g_free(r->section);
  g_free(r->subject);
  g_free(r->what);
  g_array_unref(r->cells);
  g_free(r);
}

void
sim_compare_table_free(SimCompareTable *t)
{
  if (t == NULL)
    return;
  g_free(t->scenario);
  g_ptr_array_unref(t->headers);
  g_ptr_array_unref(t->modes);
  g_ptr_array_unref(t->rows);
  g_free(t);
}

guint
sim_compare_table_n_rows(const SimCompareTable *t)
{
  return t->rows->len;
}

const SimCompareRow *
sim_compare_table_row(const SimCompareTable *t, guint i)
{
  g_return_val_if_fail(i < t->rows->len, NULL);
  return g_ptr_array_index(t->rows, i);
}

const SimCompareRow *
sim_compare_table_find(const SimCompareTable *t, const char *subject, const char *what)
{
  gsize n = strlen(subject);
  for (guint i = 0; i < t->rows->len; i++) {
    const SimCompareRow *r = g_ptr_array_index(t->rows, i);
    if (strncmp(r->subject, subject, n) == 0 && (r->subject[n] == '\0' || r->subject[n] == ' ') &&
        strcmp(r->what, what) == 0)
      return r;
  }
  return NULL;
}

/* ---- cells ---- */

static SimCompareRow *
row_new(SimCompareTable *t, const char *section, const char *subject, const char *what)
{
  SimCompareRow *r = g_new0(SimCompareRow, 1);
  r->section = g_strdup(section);
  r->subject = g_strdup(subject);
  r->what = g_strdup(what);
  r->cells = g_array_new(FALSE, TRUE, sizeof(SimCompareCell));
  g_array_set_clear_func(r->cells, cell_clear);
  g_ptr_array_add(t->rows, r);
  return r;
}

static void
cell_add(SimCompareRow *r, char *text, double value)
{
  SimCompareCell c = { text ? text : g_strdup("-"), value };
  g_array_append_val(r->cells, c);
}

/* A number with about four significant digits, never in exponent form for what we show. */
static void
put_number(GString *s, double x)
{
  double a = fabs(x);
  if (a >= 1000)
    g_string_append_printf(s, "%.0f", x);
  else if (a >= 100)
    g_string_append_printf(s, "%.1f", x);
  else if (a >= 10)
    g_string_append_printf(s, "%.2f", x);
  else
    g_string_append_printf(s, "%.3f", x);
}

static char *
ms_text(const SimReportMetric *m)
{
  if (m == NULL || !isfinite(m->value))
    return NULL;
  GString *s = g_string_new(NULL);
  put_number(s, m->value);
  if (isfinite(m->ci_low) && isfinite(m->ci_high))
    g_string_append_printf(s, " +-%.3g", (m->ci_high - m->ci_low) / 2);
  return g_string_free(s, FALSE);
}

static char *
share_text(const SimReportMetric *m)
{
  if (m == NULL || !isfinite(m->value))
    return NULL;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%.2f%%", 100 * m->value);
  if (isfinite(m->ci_low) && isfinite(m->ci_high))
    g_string_append_printf(s, " [%.2f, %.2f]", 100 * m->ci_low, 100 * m->ci_high);
  return g_string_free(s, FALSE);
}

/* SI units, ASCII ("797.1 kB"; GLib's g_format_size puts a no-break space before the unit). */
static char *
bytes_text(double bytes)
{
  if (!isfinite(bytes) || bytes < 0)
    return NULL;
  static const char *const units[] = { "kB", "MB", "GB", "TB", "PB" };
  if (bytes < 1000)
    return g_strdup_printf("%.0f B", bytes);
  guint u = 0;
  double x = bytes / 1000;
  while (x >= 1000 && u + 1 < G_N_ELEMENTS(units)) {
    x /= 1000;
    u++;
  }
  return g_strdup_printf("%.1f %s", x, units[u]);
}

static char *
usd_text(double usd, const char *per)
{
  if (!isfinite(usd))
    return NULL;
  return g_strdup_printf("$%.4f%s", usd, per);
}

static char *
count_text(const SimReportMetric *m)
{
  if (m == NULL || !isfinite(m->value))
    return NULL;
  GString *s = g_string_new(NULL);
  put_number(s, m->value);
  return g_string_free(s, FALSE);
}

static char *
seconds_text(const SimReportMetric *m)
{
  if (m == NULL || !isfinite(m->value))
    return NULL;
  GString *s = g_string_new(NULL);
  put_number(s, m->value);
  g_string_append(s, " s");
  return g_string_free(s, FALSE);
}

typedef char *(*CellFunc)(const SimReportMetric *m);

/* A row of @metric of subject @s, when some variant has it. */
static void
metric_row(SimCompareTable *t, const SimReportData *d, const char *section, const char *label, guint s,
           const char *what, const char *metric, CellFunc func)
{
  gboolean any = FALSE;
  for (guint v = 0; v < t->n_variants; v++)
    any = any || sim_report_data_metric(d, v, s, metric) != NULL;
  if (!any)
    return;
  SimCompareRow *r = row_new(t, section, label, what);
  for (guint v = 0; v < t->n_variants; v++) {
    const SimReportMetric *m = sim_report_data_metric(d, v, s, metric);
    cell_add(r, func(m), m ? m->value : NAN);
  }
}

/* The most frequent failure of (v, s): "connect-timeout 100%: dropped at the public endpoint: ...". */
static char *
failure_text(const SimReportData *d, guint v, guint s, double *share)
{
  const GArray *fails = sim_report_data_failures(d, v, s);
  *share = 0;
  if (fails == NULL || fails->len == 0)
    return NULL;
  const SimReportFailure *f = &g_array_index(fails, SimReportFailure, 0);
  for (guint i = 1; i < fails->len; i++)
    if (g_array_index(fails, SimReportFailure, i).requests > f->requests)
      f = &g_array_index(fails, SimReportFailure, i);
  /* failures count all replications' requests; requests is a mean per replication */
  const SimReportMetric *req = sim_report_data_metric(d, v, s, "requests");
  double all = req && isfinite(req->value) ? req->value * (double)MAX(req->n, 1) : 0;
  GString *out = g_string_new(f->outcome);
  if (all > 0) {
    *share = f->requests / all;
    g_string_append_printf(out, " %.3g%%", 100 * *share);
  }
  if (f->detail != NULL && f->detail[0] != '\0')
    g_string_append_printf(out, ": %s", f->detail);
  return g_string_free(out, FALSE);
}

static char *
subject_label(const SimReportSubject *sub)
{
  if (sub->location != NULL && sub->location[0] != '\0')
    return g_strdup_printf("%s (%s)", sub->name, sub->location);
  return g_strdup(sub->name);
}

static void
request_rows(SimCompareTable *t, const SimReportData *d, const char *section, guint s, const char *label)
{
  metric_row(t, d, section, label, s, "p50 latency (ms)", "latency_p50_ms", ms_text);
  metric_row(t, d, section, label, s, "p99 latency (ms)", "latency_p99_ms", ms_text);
  metric_row(t, d, section, label, s, "availability", "availability", share_text);
  metric_row(t, d, section, label, s, "attempts per request", "attempts_mean", count_text);
  gboolean any = FALSE;
  for (guint v = 0; v < t->n_variants && !any; v++) {
    double share;
    g_autofree char *f = failure_text(d, v, s, &share);
    any = f != NULL;
  }
  if (!any)
    return;
  SimCompareRow *r = row_new(t, section, label, "most frequent failure");
  for (guint v = 0; v < t->n_variants; v++) {
    double share;
    char *f = failure_text(d, v, s, &share);
    cell_add(r, f, f ? share : NAN);
  }
}

static gboolean
is_usd(const SimReportMetric *m)
{
  return g_ascii_strcasecmp(m->unit, "USD") == 0 || g_str_has_prefix(m->unit, "USD/") ||
         g_str_has_suffix(m->metric, "_usd");
}

/* The model's names for its cost rows (eks/cost.c), in words; others are shown as named. */
static const char *
cost_label(const char *metric)
{
  static const struct { const char *metric, *label; } labels[] = {
    { "cost_nat_gateway_hours_usd", "NAT gateway hours" },
    { "cost_nat_gateway_data_usd", "NAT gateway data processed" },
    { "cost_cross_az_usd", "cross-AZ data" },
    { "cost_internet_egress_usd", "internet egress (upper bound)" },
    { "cost_total_usd", "total" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(labels); i++)
    if (strcmp(metric, labels[i].metric) == 0)
      return labels[i].label;
  return metric;
}

/* The cost the model reports (metrics in USD, e.g. USD/h), as reported. */
static void
cost_rows(SimCompareTable *t, const SimReportData *d)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    if (!is_usd(m))
      continue;
    g_autofree char *key = g_strdup_printf("%u/%s", m->subject, m->metric);
    if (g_hash_table_contains(seen, key))
      continue;
    g_hash_table_add(seen, g_steal_pointer(&key));
    const SimReportSubject *sub = sim_report_data_subject(d, m->subject);
    const char *per = g_str_has_prefix(m->unit, "USD/") ? m->unit + strlen("USD") : "";
    g_autofree char *what = g_strdup_printf("%s (%s)", cost_label(m->metric), m->unit[0] ? m->unit : "USD");
    SimCompareRow *r = row_new(t, "cost estimate (list prices)", sub->name, what);
    for (guint v = 0; v < t->n_variants; v++) {
      double x = sim_report_data_value(d, v, m->subject, m->metric);
      cell_add(r, usd_text(x, per), x);
    }
  }
}

SimCompareTable *
sim_compare_table_new(const SimReportData *d)
{
  SimCompareTable *t = g_new0(SimCompareTable, 1);
  t->scenario = g_strdup(sim_report_data_scenario(d));
  t->replications = sim_report_data_replications(d);
  t->n_variants = sim_report_data_n_variants(d);
  t->headers = g_ptr_array_new_with_free_func(g_free);
  t->modes = g_ptr_array_new_with_free_func(g_free);
  t->rows = g_ptr_array_new_with_free_func(row_free);
  for (guint v = 0; v < t->n_variants; v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    g_ptr_array_add(t->headers, g_strdup(var->short_label));
    g_ptr_array_add(t->modes, g_strdup(sim_report_mode_name(var->mode)));
    t->modes_differ = t->modes_differ || strcmp(t->modes->pdata[0], t->modes->pdata[v]) != 0;
  }
  guint ns = sim_report_data_n_subjects(d);
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    if (sub->kind != SIM_REPORT_SUBJECT_CLIENT)
      continue;
    g_autofree char *label = subject_label(sub);
    request_rows(t, d, "clients", s, label);
  }
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    if (sub->kind != SIM_REPORT_SUBJECT_NODEGROUP)
      continue;
    metric_row(t, d, "node groups", sub->name, s, "nodes Ready (share of node-time)", "node_ready_fraction",
               share_text);
    metric_row(t, d, "node groups", sub->name, s, "not-ready transitions", "node_not_ready_transitions",
               count_text);
    metric_row(t, d, "node groups", sub->name, s, "time to not ready", "node_time_to_not_ready_s", seconds_text);
    metric_row(t, d, "node groups", sub->name, s, "nodes never registered", "nodes_never_registered", count_text);
    metric_row(t, d, "node groups", sub->name, s, "nodes with pods evictable", "node_pods_evictable", count_text);
    request_rows(t, d, "node groups", s, sub->name);
  }
  /* exposure: the model's exposure metrics, else the probes' availability */
  guint before = t->rows->len;
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
      const SimReportMetric *m = sim_report_data_metric_at(d, i);
      if (m->subject != s || !g_str_has_prefix(m->metric, "exposure") || g_hash_table_contains(seen, m->metric))
        continue;
      g_hash_table_add(seen, (gpointer)m->metric);
      metric_row(t, d, "exposure", sub->name, s, m->metric, m->metric,
                 g_strcmp0(m->unit, "ratio") == 0 ? share_text : count_text);
    }
  }
  if (t->rows->len == before)
    for (guint s = 0; s < ns; s++) {
      const SimReportSubject *sub = sim_report_data_subject(d, s);
      if (sub->kind == SIM_REPORT_SUBJECT_PROBE)
        metric_row(t, d, "exposure", sub->name, s, "probe connections that succeeded", "availability", share_text);
    }
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    if (sub->kind != SIM_REPORT_SUBJECT_NETWORK)
      continue;
    static const struct { const char *metric, *what; } net[] = {
      { "bytes_nat_gateway", "through NAT gateways" },
      { "bytes_cross_az", "across AZs" },
      { "bytes_internet_gateway_out", "out through the internet gateway" },
      { "bytes_internet_gateway_in", "in through the internet gateway" },
    };
    for (guint k = 0; k < G_N_ELEMENTS(net); k++) {
      gboolean any = FALSE;
      for (guint v = 0; v < t->n_variants; v++)
        any = any || sim_report_data_metric(d, v, s, net[k].metric) != NULL;
      if (!any)
        continue;
      SimCompareRow *r = row_new(t, "network", "bytes", net[k].what);
      for (guint v = 0; v < t->n_variants; v++) {
        double x = sim_report_data_value(d, v, s, net[k].metric);
        cell_add(r, bytes_text(x), x);
      }
    }
  }
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    if (sub->kind != SIM_REPORT_SUBJECT_NETWORK)
      continue;
    metric_row(t, d, "API servers", "all instances", s, "HTTP 429 responses", "apiserver_http_429", count_text);
    metric_row(t, d, "API servers", "all instances", s, "longest queue", "apiserver_queue_peak", count_text);
  }
  cost_rows(t, d);
  for (guint s = 0; s < ns; s++) {
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    if (sub->kind != SIM_REPORT_SUBJECT_FAULT)
      continue;
    metric_row(t, d, "faults", sub->name, s, "requests failed during it", "fault_failed_during", count_text);
    metric_row(t, d, "faults", sub->name, s, "time to detect", "fault_time_to_detect_s", seconds_text);
    metric_row(t, d, "faults", sub->name, s, "time to recover", "fault_time_to_recover_s", seconds_text);
    metric_row(t, d, "faults", sub->name, s, "nodes not Ready at once (peak)", "fault_nodes_not_ready_peak",
               count_text);
    metric_row(t, d, "faults", sub->name, s, "HTTP 429 during it", "fault_http_429_during", count_text);
    metric_row(t, d, "faults", sub->name, s, "API server queue peak", "fault_apiserver_queue_peak", count_text);
  }
  return t;
}

/* ---- rendering ---- */

static void
pad(GString *out, const char *text, guint width, gboolean right)
{
  glong n = g_utf8_strlen(text, -1);
  if (right)
    for (glong i = n; i < (glong)width; i++)
      g_string_append_c(out, ' ');
  g_string_append(out, text);
  if (!right)
    for (glong i = n; i < (glong)width; i++)
      g_string_append_c(out, ' ');
}

/* Text cells of the failure rows: "outcome share [k]", the detail in footnote k (long details
 * would make every column as wide as the longest). */
static char *
text_cell(const SimCompareRow *r, guint v, GPtrArray *notes)
{
  const char *text = g_array_index(r->cells, SimCompareCell, v).text;
  const char *colon = strstr(text, ": ");
  if (strcmp(r->what, "most frequent failure") != 0 || colon == NULL)
    return g_strdup(text);
  guint k;
  for (k = 0; k < notes->len; k++)
    if (strcmp(notes->pdata[k], text) == 0)
      break;
  if (k == notes->len)
    g_ptr_array_add(notes, g_strdup(text));
  return g_strdup_printf("%.*s [%u]", (int)(colon - text), text, k + 1);
}

static void
format_text(const SimCompareTable *t, GString *out)
{
  guint w0 = 7, w1 = 6;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free); /* row-major */
  for (guint i = 0; i < t->rows->len; i++)
    for (guint v = 0; v < t->n_variants; v++)
      g_ptr_array_add(cells, text_cell(g_ptr_array_index(t->rows, i), v, notes));
  g_autofree guint *wv = g_new0(guint, t->n_variants + 1);
  for (guint v = 0; v < t->n_variants; v++)
    wv[v] = MAX((guint)g_utf8_strlen(t->headers->pdata[v], -1), (guint)g_utf8_strlen(t->modes->pdata[v], -1));
  for (guint i = 0; i < t->rows->len; i++) {
    const SimCompareRow *r = g_ptr_array_index(t->rows, i);
    w0 = MAX(w0, (guint)g_utf8_strlen(r->subject, -1) + 2);
    w1 = MAX(w1, (guint)g_utf8_strlen(r->what, -1));
    for (guint v = 0; v < t->n_variants; v++)
      wv[v] = MAX(wv[v], (guint)g_utf8_strlen(cells->pdata[i * t->n_variants + v], -1));
  }
  /* header: the endpoint mode, then the variant's values when they say more */
  gboolean more = FALSE;
  for (guint v = 0; v < t->n_variants; v++)
    more = more || strcmp(t->modes->pdata[v], t->headers->pdata[v]) != 0;
  for (int line = more ? 0 : 1; line < 2; line++) {
    GString *l = g_string_new(NULL);
    pad(l, line == 0 ? "" : "subject", w0, FALSE);
    g_string_append(l, "  ");
    pad(l, line == 0 ? "endpoint mode" : "metric", w1, FALSE);
    for (guint v = 0; v < t->n_variants; v++) {
      g_string_append(l, "  ");
      pad(l, line == 0 || !more ? t->modes->pdata[v] : t->headers->pdata[v], wv[v], TRUE);
    }
    while (l->len > 0 && l->str[l->len - 1] == ' ')
      g_string_truncate(l, l->len - 1);
    g_string_append_printf(out, "%s\n", l->str);
    g_string_free(l, TRUE);
  }
  guint total = w0 + 2 + w1;
  for (guint v = 0; v < t->n_variants; v++)
    total += 2 + wv[v];
  const char *section = NULL, *subject = NULL;
  for (guint i = 0; i < t->rows->len; i++) {
    const SimCompareRow *r = g_ptr_array_index(t->rows, i);
    if (section == NULL || strcmp(section, r->section) != 0) {
      GString *rule = g_string_new(NULL);
      g_string_append_printf(rule, "-- %s ", r->section);
      while (rule->len < total)
        g_string_append_c(rule, '-');
      g_string_append_printf(out, "%s\n", rule->str);
      g_string_free(rule, TRUE);
      section = r->section;
      subject = NULL;
    }
    GString *l = g_string_new(NULL);
    gboolean same = subject != NULL && strcmp(subject, r->subject) == 0;
    g_autofree char *indented = g_strdup_printf("  %s", r->subject);
    pad(l, same ? "" : indented, w0, FALSE);
    subject = r->subject;
    g_string_append(l, "  ");
    pad(l, r->what, w1, FALSE);
    for (guint v = 0; v < t->n_variants; v++) {
      g_string_append(l, "  ");
      pad(l, cells->pdata[i * t->n_variants + v], wv[v], TRUE);
    }
    while (l->len > 0 && l->str[l->len - 1] == ' ')
      g_string_truncate(l, l->len - 1);
    g_string_append_printf(out, "%s\n", l->str);
    g_string_free(l, TRUE);
  }
  for (guint k = 0; k < notes->len; k++)
    g_string_append_printf(out, "[%u] %s\n", k + 1, (const char *)notes->pdata[k]);
}

static void
format_markdown(const SimCompareTable *t, GString *out)
{
  g_string_append(out, "| | |");
  for (guint v = 0; v < t->n_variants; v++) {
    g_string_append(out, " ");
    sim_report_md_escape(out, t->modes->pdata[v]);
    if (strcmp(t->modes->pdata[v], t->headers->pdata[v]) != 0) {
      g_string_append(out, ": ");
      sim_report_md_escape(out, t->headers->pdata[v]);
    }
    g_string_append(out, " |");
  }
  g_string_append(out, "\n|---|---|");
  for (guint v = 0; v < t->n_variants; v++)
    g_string_append(out, "---:|");
  g_string_append(out, "\n");
  const char *section = NULL, *subject = NULL;
  for (guint i = 0; i < t->rows->len; i++) {
    const SimCompareRow *r = g_ptr_array_index(t->rows, i);
    if (section == NULL || strcmp(section, r->section) != 0) {
      g_string_append(out, "| **");
      sim_report_md_escape(out, r->section);
      g_string_append(out, "** | |");
      for (guint v = 0; v < t->n_variants; v++)
        g_string_append(out, " |");
      g_string_append(out, "\n");
      section = r->section;
      subject = NULL;
    }
    g_string_append(out, "| ");
    if (subject == NULL || strcmp(subject, r->subject) != 0)
      sim_report_md_escape(out, r->subject);
    subject = r->subject;
    g_string_append(out, " | ");
    sim_report_md_escape(out, r->what);
    g_string_append(out, " |");
    for (guint v = 0; v < t->n_variants; v++) {
      g_string_append(out, " ");
      sim_report_md_escape(out, g_array_index(r->cells, SimCompareCell, v).text);
      g_string_append(out, " |");
    }
    g_string_append(out, "\n");
  }
}

void
sim_compare_table_format(const SimCompareTable *t, SimCompareFormat format, GString *out)
{
  g_autofree char *reps = t->replications > 0
                              ? g_strdup_printf("%" G_GINT64_FORMAT " replication%s", t->replications,
                                                t->replications == 1 ? "" : "s")
                              : g_strdup("replications unknown");
  if (format == SIM_COMPARE_FORMAT_MARKDOWN) {
    g_string_append(out, "### ");
    sim_report_md_escape(out, t->scenario);
    g_string_append_printf(out, ": %s side by side\n\nMeans over %s; latency of successful "
                                "requests with +- the half-width of the 95%% interval; availability with "
                                "its 95%% interval; cost as the model estimates it from list prices.\n\n",
                           t->modes_differ ? "endpoint modes" : "variants", reps);
    format_markdown(t, out);
    g_string_append(out, "\n");
  } else {
    g_string_append_printf(out, "%s: %s side by side (means over %s; +- half-width of the 95%% "
                                "interval; availability [95%% interval])\n",
                           t->scenario, t->modes_differ ? "endpoint modes" : "variants", reps);
    format_text(t, out);
    g_string_append(out, "\n");
  }
}
