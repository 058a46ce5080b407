/* report.html and report.md of a scenario's results, and the whole `eksim plot` job (report.h).
 *
 * The comparison table puts the variants side by side: per client its availability, p50 and p99
 * latency and most frequent failure; per node group its share of node-time Ready; every other
 * subject (network counters, cost, exposure probes) with all its metrics. Values are shown as
 * summary.csv has them (4 significant digits), with the 95% interval in brackets where there is
 * one. A full pivot of summary.csv follows in a collapsed section.
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

/* The same colours as plots/common.gp (a restyled common.gp does not change these swatches). */
static const char *const mode_css[SIM_REPORT_MODE_COUNT] = { "#D55E00", "#CC79A7", "#0072B2", "#666666" };

/* ---- escaping ---------------------------------------------------------------------------------- */

void
sim_report_html_escape(GString *out, const char *text)
{
  g_return_if_fail(out != NULL);
  if (!text)
    return;
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  g_autofree char *esc = g_markup_escape_text(valid, -1);
  g_string_append(out, esc);
}

void
sim_report_md_escape(GString *out, const char *text)
{
  g_return_if_fail(out != NULL);
  if (!text)
    return;
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  /* At the start of a line, "#", "-", "+", "=", ">" or "1." would begin a block. */
  const char *p = valid;
  if (*p && strchr("#-+=", *p)) {
    g_string_append_c(out, '\\');
  } else if (g_ascii_isdigit(*p)) {
    const char *q = p;
    while (g_ascii_isdigit(*q))
      q++;
    if ((*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\t' || q[1] == '\0')) {
      g_string_append_len(out, p, q - p);
      g_string_append_c(out, '\\');
      p = q;
    }
  }
  for (; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '<')
      g_string_append(out, "&lt;");
    else if (c == '>')
      g_string_append(out, "&gt;");
    else if (c == '&')
      g_string_append(out, "&amp;");
    else if (c < 0x20 || c == 0x7f)
      g_string_append_c(out, ' ');
    else if (strchr("\\`*_[]|~", c)) {
      g_string_append_c(out, '\\');
      g_string_append_c(out, (char)c);
    } else
      g_string_append_c(out, (char)c);
  }
}

/* ---- numbers ----------------------------------------------------------------------------------- */

/* Shares (unit "ratio", availability, *_fraction) are shown as percentages. */
static gboolean
is_share(const SimReportMetric *m)
{
  return g_strcmp0(m->unit, "ratio") == 0 || g_strcmp0(m->unit, "fraction") == 0 ||
         strcmp(m->metric, "availability") == 0 || g_str_has_suffix(m->metric, "_fraction");
}

/* "99.81% [99.52, 99.93]", "96.04 ms [92.2, 99.88]", "540 requests", "-" */
static char *
format_metric(const SimReportMetric *m)
{
  if (!m || !isfinite(m->value))
    return g_strdup("-");
  GString *s = g_string_new(NULL);
  gboolean share = is_share(m);
  double k = share ? 100 : 1;
  if (g_strcmp0(m->unit, "bytes") == 0 && m->value >= 0 && m->value < 1e18) {
    /* "420.0 MB" (SI units); summary.csv keeps the exact count. */
    g_autofree char *size = g_format_size((guint64)m->value);
    g_string_append(s, size);
    return g_string_free(s, FALSE);
  }
  if (fabs(m->value) >= 1e4 && fabs(m->value) < 1e15 && m->value == floor(m->value))
    g_string_append_printf(s, "%.0f", m->value);
  else
    g_string_append_printf(s, "%.4g", m->value * k);
  if (share)
    g_string_append_c(s, '%');
  else if (m->unit[0])
    g_string_append_printf(s, " %s", m->unit);
  if (isfinite(m->ci_low) && isfinite(m->ci_high))
    g_string_append_printf(s, " [%.4g, %.4g]", m->ci_low * k, m->ci_high * k);
  return g_string_free(s, FALSE);
}

/* The most frequent failure, as "connect-timeout (17%): SYN lost" (the detail from summary.json
 * when it has one), or NULL. The share is of all requests of the subject. */
static char *
main_failure(const SimReportData *d, guint v, guint s)
{
  const SimReportMetric *best = NULL;
  double total = 0;
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    if (m->variant != v || m->subject != s || !g_str_has_prefix(m->metric, "outcome_") || !isfinite(m->value))
      continue;
    total += m->value;
    if (strcmp(m->metric, "outcome_ok") != 0 && m->value > 0 && (!best || m->value > best->value))
      best = m;
  }
  const GArray *fails = sim_report_data_failures(d, v, s);
  if (fails && fails->len) {
    const SimReportFailure *f = &g_array_index(fails, SimReportFailure, 0);
    for (guint i = 1; i < fails->len; i++)
      if (g_array_index(fails, SimReportFailure, i).requests > f->requests)
        f = &g_array_index(fails, SimReportFailure, i);
    /* failures count requests of all replications, outcome_* means per replication: compare the
     * failure with the total of its own kind. */
    double all = 0;
    for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
      const SimReportMetric *m = sim_report_data_metric_at(d, i);
      if (m->variant == v && m->subject == s && strcmp(m->metric, "requests") == 0)
        all = m->value * (m->n > 0 ? (double)m->n : 1);
    }
    GString *out = g_string_new(f->outcome);
    if (all > 0)
      g_string_append_printf(out, " (%.3g%%)", 100 * f->requests / all);
    if (f->detail[0])
      g_string_append_printf(out, ": %s", f->detail);
    return g_string_free(out, FALSE);
  }
  if (!best)
    return NULL;
  return g_strdup_printf("%s (%.3g%%)", best->metric + strlen("outcome_"), 100 * best->value / total);
}

/* ---- the comparison table, as rows of cells ---------------------------------------------------- */

typedef struct {
  char *subject; /* shown on the first row of a subject only */
  char *what;
  GPtrArray *cells; /* one per variant */
  gboolean text;    /* words, not numbers: left-aligned and wrapped */
} Row;

static void
row_free(gpointer p)
{
  Row *r = p;
  g_free(r->subject);
  g_free(r->what);
  g_ptr_array_unref(r->cells);
  g_free(r);
}

static Row *
row_new(GPtrArray *rows, const char *subject, const char *what)
{
  Row *r = g_new0(Row, 1);
  r->subject = g_strdup(subject);
  r->what = g_strdup(what);
  r->cells = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(rows, r);
  return r;
}

static void
add_metric_row(GPtrArray *rows, const SimReportData *d, guint s, const char *label, const char *metric)
{
  guint nv = sim_report_data_n_variants(d);
  gboolean any = FALSE;
  for (guint v = 0; v < nv; v++)
    any = any || sim_report_data_metric(d, v, s, metric);
  if (!any)
    return;
  Row *r = row_new(rows, sim_report_data_subject(d, s)->name, label);
  for (guint v = 0; v < nv; v++)
    g_ptr_array_add(r->cells, format_metric(sim_report_data_metric(d, v, s, metric)));
}

static GPtrArray *
comparison_rows(const SimReportData *d)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
  guint nv = sim_report_data_n_variants(d);
  for (int rank = 0; rank <= SIM_REPORT_SUBJECT_FAULT; rank++)
    for (guint s = 0; s < sim_report_data_n_subjects(d); s++) {
      const SimReportSubject *sub = sim_report_data_subject(d, s);
      if (sim_report_subject_rank(sub->kind) != rank)
        continue;
      guint before = rows->len;
      if (sub->kind == SIM_REPORT_SUBJECT_CLIENT || sub->kind == SIM_REPORT_SUBJECT_NODEGROUP) {
        if (sub->kind == SIM_REPORT_SUBJECT_NODEGROUP)
          add_metric_row(rows, d, s, "nodes Ready (share of node-time)", "node_ready_fraction");
        add_metric_row(rows, d, s, "availability", "availability");
        add_metric_row(rows, d, s, "latency p50", "latency_p50_ms");
        add_metric_row(rows, d, s, "latency p99", "latency_p99_ms");
        gboolean any = FALSE;
        g_autoptr(GPtrArray) fails = g_ptr_array_new_with_free_func(g_free);
        for (guint v = 0; v < nv; v++) {
          char *f = main_failure(d, v, s);
          any = any || f;
          g_ptr_array_add(fails, f ? f : g_strdup("-"));
        }
        if (any) {
          Row *r = row_new(rows, sub->name, "most frequent failure");
          r->text = TRUE;
          for (guint v = 0; v < nv; v++)
            g_ptr_array_add(r->cells, g_strdup(fails->pdata[v]));
        }
      } else {
        /* Probes, network, faults, others: every metric of the subject, in file order. */
        for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
          const SimReportMetric *m = sim_report_data_metric_at(d, i);
          if (m->subject != s)
            continue;
          gboolean seen = FALSE;
          for (guint k = 0; k < i && !seen; k++) {
            const SimReportMetric *o = sim_report_data_metric_at(d, k);
            seen = o->subject == s && strcmp(o->metric, m->metric) == 0;
          }
          if (!seen)
            add_metric_row(rows, d, s, m->metric, m->metric);
        }
      }
      /* The subject's name only on its first row. */
      for (guint i = before + 1; i < rows->len; i++) {
        Row *r = rows->pdata[i];
        g_free(r->subject);
        r->subject = NULL;
      }
    }
  return rows;
}

/* ---- HTML -------------------------------------------------------------------------------------- */

static const char html_style[] =
  "body{font-family:sans-serif;max-width:1320px;margin:1.5em auto;padding:0 1em;color:#222;"
  "line-height:1.45}"
  "h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}"
  "table{border-collapse:collapse;margin:0.6em 0;font-size:0.92em}"
  "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left;vertical-align:top}"
  "th{background:#f2f2f2}td.num{text-align:right;white-space:nowrap}td.txt{min-width:14em}"
  "td.sub{white-space:nowrap}.wide{overflow-x:auto}"
  ".sw{display:inline-block;width:0.9em;height:0.9em;border-radius:2px;margin-right:0.35em;"
  "vertical-align:-0.1em}"
  "figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}"
  "figcaption{color:#444;margin:0.3em 0 0.8em}"
  "pre{background:#f6f6f6;padding:0.8em;overflow-x:auto;font-size:0.88em}"
  ".note{color:#8a4b00}";

static void
html_swatch(GString *h, SimReportMode mode)
{
  g_string_append_printf(h, "<span class=\"sw\" style=\"background:%s\"></span>", mode_css[mode]);
}

static void
html_variant_header(GString *h, const SimReportData *d)
{
  for (guint v = 0; v < sim_report_data_n_variants(d); v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    g_string_append(h, "<th>");
    html_swatch(h, var->mode);
    sim_report_html_escape(h, var->short_label);
    g_string_append(h, "</th>");
  }
}

static char *
read_base64(const char *path)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  if (!g_file_get_contents(path, &bytes, &len, NULL))
    return NULL;
  return g_base64_encode((const guchar *)bytes, len);
}

static gboolean
html_write(const SimReportData *d, const SimPlotSet *plots, const char *dir, GError **error)
{
  GString *h = g_string_new(NULL);
  guint nv = sim_report_data_n_variants(d);
  const char *scn = sim_report_data_scenario(d);
  g_string_append(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "img-src data:; style-src 'unsafe-inline'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>eksim: ");
  sim_report_html_escape(h, scn);
  g_string_append_printf(h, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>eksim report: ", html_style);
  sim_report_html_escape(h, scn);
  g_string_append(h, "</h1>\n");
  if (sim_report_data_description(d)[0]) {
    g_string_append(h, "<p>");
    sim_report_html_escape(h, sim_report_data_description(d));
    g_string_append(h, "</p>\n");
  }
  g_string_append(h, "<p>");
  if (sim_report_data_eksim_version(d)) {
    g_string_append(h, "Written by eksim ");
    sim_report_html_escape(h, sim_report_data_eksim_version(d));
    g_string_append(h, "; ");
  }
  if (sim_report_data_replications(d) > 0)
    g_string_append_printf(h, "%" G_GINT64_FORMAT " replications per variant; ", sim_report_data_replications(d));
  g_string_append(h, "values are means across replications with their 95% confidence interval in "
                     "brackets; availability is the share of requests that succeeded.</p>\n");

  /* Variants. */
  g_string_append(h, "<h2>Variants</h2>\n<table>\n<tr><th>variant</th><th>endpoint mode</th></tr>\n");
  for (guint v = 0; v < nv; v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    g_string_append(h, "<tr><td>");
    sim_report_html_escape(h, var->label[0] ? var->label : "(no sweep)");
    g_string_append(h, "</td><td>");
    html_swatch(h, var->mode);
    sim_report_html_escape(h, sim_report_mode_name(var->mode));
    g_string_append(h, "</td></tr>\n");
  }
  g_string_append(h, "</table>\n");

  /* Comparison table. */
  g_autoptr(GPtrArray) rows = comparison_rows(d);
  g_string_append(h, "<h2>Comparison</h2>\n<div class=\"wide\"><table>\n<tr><th>subject</th><th>metric</th>");
  html_variant_header(h, d);
  g_string_append(h, "</tr>\n");
  for (guint i = 0; i < rows->len; i++) {
    Row *r = rows->pdata[i];
    g_string_append(h, "<tr><td class=\"sub\">");
    if (r->subject) {
      const char *name = r->subject[0] ? r->subject : "(scenario-wide)";
      sim_report_html_escape(h, name);
    }
    g_string_append(h, "</td><td>");
    sim_report_html_escape(h, r->what);
    g_string_append(h, "</td>");
    for (guint v = 0; v < r->cells->len; v++) {
      g_string_append(h, r->text ? "<td class=\"txt\">" : "<td class=\"num\">");
      sim_report_html_escape(h, r->cells->pdata[v]);
      g_string_append(h, "</td>");
    }
    g_string_append(h, "</tr>\n");
  }
  g_string_append(h, "</table></div>\n");

  /* Plots. */
  if (plots) {
    g_string_append(h, "<h2>Plots</h2>\n");
    for (guint i = 0; i < sim_plot_set_n(plots); i++) {
      const SimPlot *p = sim_plot_set_get(plots, i);
      g_string_append_printf(h, "<h3 id=\"%s\">", p->name);
      sim_report_html_escape(h, p->title);
      g_string_append(h, "</h3>\n");
      g_autofree char *png = g_strdup_printf("%s/plots/%s.png", dir, p->name);
      g_autofree char *b64 = p->status == SIM_PLOT_DRAWN ? read_base64(png) : NULL;
      if (b64) {
        g_string_append(h, "<figure><img alt=\"");
        sim_report_html_escape(h, p->title);
        g_string_append_printf(h, "\" src=\"data:image/png;base64,%s\">\n<figcaption>", b64);
        sim_report_html_escape(h, p->caption);
        g_string_append_printf(h, " Data and script: <code>plots/%s*.dat</code>, <code>plots/%s.gp</code>.",
                               p->name, p->name);
        g_string_append(h, "</figcaption></figure>\n");
      } else {
        g_string_append(h, "<p class=\"note\">Not drawn: ");
        sim_report_html_escape(h, p->note ? p->note : "the image is missing");
        if (p->status == SIM_PLOT_FAILED)
          g_string_append_printf(h, ". The data and script are in <code>plots/</code>; run "
                                    "<code>eksim plot</code> on this folder once gnuplot works.");
        g_string_append(h, "</p>\n");
      }
    }
  }

  /* All of summary.csv, pivoted. */
  g_string_append(h, "<h2>All metrics</h2>\n<details><summary>every row of summary.csv, variants side by "
                     "side</summary>\n<div class=\"wide\"><table>\n<tr><th>subject</th><th>metric</th>");
  html_variant_header(h, d);
  g_string_append(h, "</tr>\n");
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    gboolean seen = FALSE;
    for (guint k = 0; k < i && !seen; k++) {
      const SimReportMetric *o = sim_report_data_metric_at(d, k);
      seen = o->subject == m->subject && strcmp(o->metric, m->metric) == 0;
    }
    if (seen)
      continue;
    g_string_append(h, "<tr><td>");
    sim_report_html_escape(h, sim_report_data_subject(d, m->subject)->name);
    g_string_append(h, "</td><td>");
    sim_report_html_escape(h, m->metric);
    g_string_append(h, "</td>");
    for (guint v = 0; v < nv; v++) {
      g_autofree char *cell = format_metric(sim_report_data_metric(d, v, m->subject, m->metric));
      g_string_append(h, "<td class=\"num\">");
      sim_report_html_escape(h, cell);
      g_string_append(h, "</td>");
    }
    g_string_append(h, "</tr>\n");
  }
  g_string_append(h, "</table></div>\n</details>\n");

  /* The scenario. */
  g_string_append(h, "<h2>Scenario</h2>\n");
  if (sim_report_data_scenario_text(d)) {
    g_string_append(h, "<p>scenario.ini as run (includes expanded):</p>\n<pre>");
    sim_report_html_escape(h, sim_report_data_scenario_text(d));
    g_string_append(h, "</pre>\n");
  } else
    g_string_append(h, "<p class=\"note\">scenario.ini is missing from the results folder.</p>\n");
  g_string_append(h, "<p>Re-create this page and the plots: <code>eksim plot</code> on the results "
                     "folder.</p>\n</body>\n</html>\n");

  g_autofree char *path = g_build_filename(dir, "report.html", NULL);
  gboolean ok = g_file_set_contents(path, h->str, (gssize)h->len, error);
  g_string_free(h, TRUE);
  return ok;
}

gboolean
sim_report_write_html(const SimReportData *data, const SimPlotSet *plots, const char *scenario_dir,
                      GError **error)
{
  g_return_val_if_fail(data != NULL && scenario_dir != NULL, FALSE);
  return html_write(data, plots, scenario_dir, error);
}

/* ---- Markdown ---------------------------------------------------------------------------------- */

static void
md_table_header(GString *m, const SimReportData *d)
{
  guint nv = sim_report_data_n_variants(d);
  g_string_append(m, "| subject | metric |");
  for (guint v = 0; v < nv; v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    g_string_append_c(m, ' ');
    sim_report_md_escape(m, var->short_label);
    if (!strstr(var->short_label, sim_report_mode_name(var->mode))) {
      g_string_append(m, " \\(");
      sim_report_md_escape(m, sim_report_mode_name(var->mode));
      g_string_append(m, "\\)");
    }
    g_string_append(m, " |");
  }
  g_string_append(m, "\n|---|---|");
  for (guint v = 0; v < nv; v++)
    g_string_append(m, "--:|");
  g_string_append_c(m, '\n');
}

/* A fence longer than any run of backticks in @text. */
static char *
md_fence(const char *text)
{
  guint run = 0, longest = 0;
  for (const char *p = text; *p; p++) {
    run = *p == '`' ? run + 1 : 0;
    longest = MAX(longest, run);
  }
  return g_strnfill(MAX(3, longest + 1), '`');
}

gboolean
sim_report_write_markdown(const SimReportData *d, const SimPlotSet *plots, const char *dir, GError **error)
{
  g_return_val_if_fail(d != NULL && dir != NULL, FALSE);
  GString *m = g_string_new("# eksim report: ");
  sim_report_md_escape(m, sim_report_data_scenario(d));
  g_string_append(m, "\n\n");
  if (sim_report_data_description(d)[0]) {
    sim_report_md_escape(m, sim_report_data_description(d));
    g_string_append(m, "\n\n");
  }
  g_string_append(m, "Values are means across replications with their 95% confidence interval in "
                     "brackets; availability is the share of requests that succeeded. Images are in "
                     "`plots/` next to this file.\n\n## Comparison\n\n");
  md_table_header(m, d);
  g_autoptr(GPtrArray) rows = comparison_rows(d);
  for (guint i = 0; i < rows->len; i++) {
    Row *r = rows->pdata[i];
    g_string_append(m, "| ");
    if (r->subject)
      sim_report_md_escape(m, r->subject[0] ? r->subject : "(scenario-wide)");
    g_string_append(m, " | ");
    sim_report_md_escape(m, r->what);
    g_string_append(m, " |");
    for (guint v = 0; v < r->cells->len; v++) {
      g_string_append_c(m, ' ');
      sim_report_md_escape(m, r->cells->pdata[v]);
      g_string_append(m, " |");
    }
    g_string_append_c(m, '\n');
  }
  if (plots) {
    g_string_append(m, "\n## Plots\n");
    for (guint i = 0; i < sim_plot_set_n(plots); i++) {
      const SimPlot *p = sim_plot_set_get(plots, i);
      g_string_append(m, "\n### ");
      sim_report_md_escape(m, p->title);
      g_string_append(m, "\n\n");
      if (p->status == SIM_PLOT_DRAWN)
        g_string_append_printf(m, "![%s](plots/%s.png)\n\n", p->name, p->name);
      else {
        g_string_append(m, "*Not drawn: ");
        sim_report_md_escape(m, p->note ? p->note : "the image is missing");
        g_string_append(m, "*\n\n");
      }
      sim_report_md_escape(m, p->caption);
      g_string_append_c(m, '\n');
    }
  }
  g_string_append(m, "\n## Scenario\n\n");
  const char *text = sim_report_data_scenario_text(d);
  if (text) {
    g_autofree char *fence = md_fence(text);
    g_string_append_printf(m, "%sini\n%s%s%s\n", fence, text,
                           text[0] && text[strlen(text) - 1] == '\n' ? "" : "\n", fence);
  } else
    g_string_append(m, "scenario.ini is missing from the results folder.\n");
  g_autofree char *path = g_build_filename(dir, "report.md", NULL);
  gboolean ok = g_file_set_contents(path, m->str, (gssize)m->len, error);
  g_string_free(m, TRUE);
  return ok;
}

/* ---- the eksim plot job ------------------------------------------------------------------------ */

static void
warn(GPtrArray *warnings, char *line)
{
  if (warnings)
    g_ptr_array_add(warnings, line);
  else {
    g_printerr("eksim: warning: %s\n", line);
    g_free(line);
  }
}

static gboolean
plot_one(const char *dir, const SimPlotOptions *opts, GPtrArray *warnings, GError **error)
{
  g_autoptr(SimReportData) data = sim_report_data_load(dir, error);
  if (!data)
    return FALSE;
  g_autoptr(SimPlotSet) plots = sim_plot_set_render(data, dir, opts, error);
  if (!plots)
    return FALSE;
  const GPtrArray *w = sim_plot_set_warnings(plots);
  for (guint i = 0; i < w->len; i++)
    warn(warnings, g_strdup_printf("%s: %s", dir, (const char *)w->pdata[i]));
  return sim_report_write_html(data, plots, dir, error) && sim_report_write_markdown(data, plots, dir, error);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

gboolean
sim_report_plot_dir(const char *dir, const SimPlotOptions *opts, GPtrArray *warnings, GError **error)
{
  g_return_val_if_fail(dir != NULL, FALSE);
  g_autofree char *summary = g_build_filename(dir, "summary.csv", NULL);
  if (g_file_test(summary, G_FILE_TEST_EXISTS))
    return plot_one(dir, opts, warnings, error);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING,
                "%s: not a folder; allowed: a results folder written by eksim run or batch", dir);
    return FALSE;
  }
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dh = g_dir_open(dir, 0, &local);
  if (!dh) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING,
                "%s: %s; allowed: a results folder written by eksim run or batch", dir, local->message);
    return FALSE;
  }
  g_autoptr(GPtrArray) subs = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(dh))) {
    g_autofree char *sub = g_build_filename(dir, name, NULL);
    g_autofree char *csv = g_build_filename(sub, "summary.csv", NULL);
    if (name[0] != '.' && g_file_test(csv, G_FILE_TEST_EXISTS))
      g_ptr_array_add(subs, g_steal_pointer(&sub));
  }
  if (!subs->len) {
    g_set_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING,
                "%s: no summary.csv in it or in its sub-folders; allowed: a results folder written by "
                "eksim run or batch",
                dir);
    return FALSE;
  }
  g_ptr_array_sort(subs, compare_names);
  gboolean ok = TRUE;
  for (guint i = 0; i < subs->len; i++) {
    g_autoptr(GError) e = NULL;
    if (!plot_one(subs->pdata[i], opts, warnings, &e)) {
      if (ok)
        g_propagate_error(error, g_steal_pointer(&e));
      else
        warn(warnings, g_strdup(e->message));
      ok = FALSE;
    }
  }
  return ok;
}
