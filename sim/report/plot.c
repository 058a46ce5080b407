/* Plots of one scenario's results (see plot.h): tidy data files, scripts from templates, gnuplot.
 *
 * Each plot kind is one row of the table at the bottom: a builder that writes the plot's data
 * files and numeric parameters, and the template (plots/NAME.gp, built into eksim) that draws
 * them. A builder that finds nothing to show returns FALSE with a reason; the plot is then
 * skipped and the report says why.
 *
 * Colours: one per endpoint mode (common.gp), every variant of a mode in that colour, told apart
 * by dash pattern (lines) or tint (bars). Series numbers are variant indexes, so a variant has the same colour and dash
 * in every plot.
 */
#include "report/plot.h"

#include <gio/gio.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK(sim-plot-error-quark, sim_plot_error)

/* Built by the Makefile from the plots/ templates with glib-compile-resources (--c-name eksim_plots). */
GResource *eksim_plots_get_resource(void);

struct _SimPlotSet {
  GArray *plots;       /* of SimPlot */
  GPtrArray *warnings; /* of char* */
};

/* The phases of a request in stacked bars, as recorder.h names them (phase_NAME_ms). */
static const char *const phase_names[] = { "dns", "connect", "tls", "queue", "service", "transfer" };
/* The percentiles in bar charts: summary.csv metric, label. */
static const char *const pct_metrics[] = { "latency_p50_ms", "latency_p90_ms", "latency_p99_ms",
                                           "latency_p999_ms" };

/* ---- text and numbers in data files ----------------------------------------------------------- */

void
sim_plot_text_cell(GString *out, const char *text)
{
  g_return_if_fail(out != NULL);
  if (!text || !text[0]) {
    g_string_append_c(out, '-');
    return;
  }
  g_autofree char *valid = g_utf8_make_valid(text, -1);
  for (const char *p = valid; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7f)
      g_string_append_c(out, ' ');
    else if (c == '"')
      g_string_append_c(out, '\'');
    else if (c == '\\')
      g_string_append(out, "\\\\");
    else
      g_string_append_c(out, (char)c);
  }
}

/* Shortest text that reads back as exactly @v; "NaN" for a missing value (gnuplot skips it). */
static void
num_cell(GString *out, double v)
{
  if (!isfinite(v)) {
    g_string_append(out, "NaN");
    return;
  }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(out, g_ascii_dtostr(buf, sizeof buf, v));
}

/* A data file being built: cells are appended with tab separators, rows end with row_end. */
typedef struct {
  GString *text;
  gboolean row_open;
} Tsv;

static void
tsv_init(Tsv *t, const char *header)
{
  t->text = g_string_new(header);
  g_string_append_c(t->text, '\n');
  t->row_open = FALSE;
}

static void
tsv_sep(Tsv *t)
{
  if (t->row_open)
    g_string_append_c(t->text, '\t');
  t->row_open = TRUE;
}

static void
tsv_num(Tsv *t, double v)
{
  tsv_sep(t);
  num_cell(t->text, v);
}

static void
tsv_int(Tsv *t, gint64 v)
{
  tsv_sep(t);
  g_string_append_printf(t->text, "%" G_GINT64_FORMAT, v);
}

static void
tsv_text(Tsv *t, const char *s)
{
  tsv_sep(t);
  sim_plot_text_cell(t->text, s);
}

/* Text shown in a tight spot (tic label, panel title, legend): at most @max characters, the
 * rest replaced by an ellipsis, so a long name cannot push the plot out of its image. The full
 * text is in the subject/variant columns and in the report. */
static void
tsv_label(Tsv *t, const char *s, glong max)
{
  if (!s || g_utf8_strlen(s, -1) <= max || !g_utf8_validate(s, -1, NULL)) {
    tsv_text(t, s);
    return;
  }
  g_autofree char *head = g_utf8_substring(s, 0, max - 1);
  g_autofree char *shown = g_strconcat(g_strchomp(head), "\u2026", NULL);
  tsv_text(t, shown);
}

static void
tsv_row_end(Tsv *t)
{
  g_string_append_c(t->text, '\n');
  t->row_open = FALSE;
}

/* ---- one plot being built ---------------------------------------------------------------------- */

typedef struct {
  const SimReportData *data;
  const char *dir;  /* the temporary plots folder */
  GString *params;  /* numeric parameters for the script header */
  char *skip;       /* why there is nothing to plot */
  GError *error;    /* a write error */
} Ctx;

static gboolean
ctx_write(Ctx *c, const char *name, Tsv *t)
{
  g_autofree char *path = g_build_filename(c->dir, name, NULL);
  gboolean ok = g_file_set_contents(path, t->text->str, (gssize)t->text->len, &c->error);
  g_string_free(t->text, TRUE);
  t->text = NULL;
  return ok;
}

static void
ctx_param_int(Ctx *c, const char *name, gint64 v)
{
  g_string_append_printf(c->params, "%s = %" G_GINT64_FORMAT "\n", name, v);
}

static void
ctx_param_num(Ctx *c, const char *name, double v)
{
  g_string_append_printf(c->params, "%s = ", name);
  if (isfinite(v))
    num_cell(c->params, v);
  else
    g_string_append(c->params, "NaN");
  g_string_append_c(c->params, '\n');
}

/* An array of word lists of small numbers: `array NAME[n] = ["0 1", "2"]`. Digits and blanks
 * only, so the script text stays free of anything read from a scenario. */
static void
ctx_param_lists(Ctx *c, const char *name, GPtrArray *lists)
{
  g_string_append_printf(c->params, "array %s[%u] = [", name, MAX(lists->len, 1));
  if (lists->len == 0)
    g_string_append(c->params, "\"\"");
  for (guint i = 0; i < lists->len; i++) {
    GArray *l = lists->pdata[i];
    g_string_append_printf(c->params, "%s\"", i ? ", " : "");
    for (guint k = 0; k < l->len; k++)
      g_string_append_printf(c->params, "%s%u", k ? " " : "", g_array_index(l, guint, k));
    g_string_append_c(c->params, '"');
  }
  g_string_append(c->params, "]\n");
}

static GPtrArray *
lists_new(guint n)
{
  GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add(a, g_array_new(FALSE, FALSE, sizeof(guint)));
  return a;
}

static void
lists_add(GPtrArray *lists, guint i, guint v)
{
  g_array_append_val((GArray *)lists->pdata[i], v);
}

/* The legend label of a variant: its short label, with the mode when the label does not say it,
 * at most 44 characters. */
static char *
legend_label(const SimReportVariant *var)
{
  const char *mode = sim_report_mode_name(var->mode);
  if (strstr(var->short_label, mode))
    return g_strdup(var->short_label);
  return g_strdup_printf("%s (%s)", var->short_label, mode);
}

#define LEGEND_MAX 44

/* Characters of the longest legend label (for the width of legend columns), at least 24. */
static glong
legend_chars(const SimReportData *d)
{
  glong n = 24;
  for (guint v = 0; v < sim_report_data_n_variants(d); v++) {
    g_autofree char *label = legend_label(sim_report_data_variant(d, v));
    n = MAX(n, MIN(g_utf8_strlen(label, -1), LEGEND_MAX));
  }
  return n;
}

/* ---- what to plot --------------------------------------------------------------------------- */

#define N_RANKS (SIM_REPORT_SUBJECT_FAULT + 1)

static int
kind_rank(SimReportSubjectKind k)
{
  return sim_report_subject_rank(k);
}

static gboolean
any_value(const SimReportData *d, guint s, const char *metric)
{
  for (guint v = 0; v < sim_report_data_n_variants(d); v++)
    if (sim_report_data_metric(d, v, s, metric))
      return TRUE;
  return FALSE;
}

/* Subjects that have @metric in some variant: clients first, then node groups, then the rest,
 * each in summary.csv order. */
static GArray *
subjects_with(const SimReportData *d, const char *metric)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
  for (int rank = 0; rank < N_RANKS; rank++)
    for (guint s = 0; s < sim_report_data_n_subjects(d); s++)
      if (kind_rank(sim_report_data_subject(d, s)->kind) == rank && any_value(d, s, metric))
        g_array_append_val(out, s);
  return out;
}

/* "laptop (internet)", "ng1 (node group)". */
static char *
subject_label(const SimReportSubject *s)
{
  const char *name = s->name[0] ? s->name : "(scenario-wide)";
  if (s->kind == SIM_REPORT_SUBJECT_CLIENT && s->location)
    return g_strdup_printf("%s (%s)", name, s->location);
  if (s->kind == SIM_REPORT_SUBJECT_NODEGROUP)
    return g_strdup_printf("%s (node group)", name);
  return g_strdup(name);
}

static gboolean
write_panels(Ctx *c, const char *file, GArray *subjects)
{
  Tsv t;
  tsv_init(&t, "panel\tlabel\tsubject");
  for (guint p = 0; p < subjects->len; p++) {
    const SimReportSubject *s = sim_report_data_subject(c->data, g_array_index(subjects, guint, p));
    g_autofree char *label = subject_label(s);
    tsv_int(&t, p);
    tsv_label(&t, label, 48);
    tsv_text(&t, s->name);
    tsv_row_end(&t);
  }
  return ctx_write(c, file, &t);
}

/* ---- latency CDF ---------------------------------------------------------------------------- */

static gboolean
build_latency_cdf(Ctx *c)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d);
  g_autoptr(GArray) subjects = g_array_new(FALSE, FALSE, sizeof(guint));
  for (int rank = 0; rank < N_RANKS; rank++)
    for (guint s = 0; s < sim_report_data_n_subjects(d); s++) {
      gboolean any = FALSE;
      /* A curve, or requests that all failed (the panel then says so). */
      for (guint v = 0; v < nv; v++)
        any = any || sim_report_data_cdf(d, v, s) || sim_report_data_value(d, v, s, "requests") > 0;
      if (any && kind_rank(sim_report_data_subject(d, s)->kind) == rank)
        g_array_append_val(subjects, s);
    }
  if (!subjects->len) {
    c->skip = g_strdup("latency_cdf.csv has no points and summary.csv no requests");
    return FALSE;
  }
  g_autoptr(GPtrArray) curves = lists_new(subjects->len);
  g_autoptr(GPtrArray) marks = lists_new(subjects->len);
  Tsv t, m;
  tsv_init(&t, "panel\tseries\tlatency_ms\tcdf\tsubject\tvariant");
  tsv_init(&m, "panel\tseries\tp50_ms\tp99_ms\tsubject\tvariant");
  for (guint p = 0; p < subjects->len; p++) {
    guint s = g_array_index(subjects, guint, p);
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    for (guint v = 0; v < nv; v++) {
      const SimReportVariant *var = sim_report_data_variant(d, v);
      const GArray *pts = sim_report_data_cdf(d, v, s);
      if (pts && pts->len) {
        lists_add(curves, p, v);
        for (guint i = 0; i < pts->len; i++) {
          const SimReportPoint *pt = &g_array_index(pts, SimReportPoint, i);
          tsv_int(&t, p);
          tsv_int(&t, v);
          tsv_num(&t, pt->x);
          tsv_num(&t, pt->y);
          tsv_text(&t, sub->name);
          tsv_text(&t, var->label);
          tsv_row_end(&t);
        }
      }
      double p50 = sim_report_data_value(d, v, s, "latency_p50_ms");
      double p99 = sim_report_data_value(d, v, s, "latency_p99_ms");
      /* Both marks on the log axis need positive values. */
      if (p50 > 0 && p99 > 0) {
        lists_add(marks, p, v);
        tsv_int(&m, p);
        tsv_int(&m, v);
        tsv_num(&m, p50);
        tsv_num(&m, p99);
        tsv_text(&m, sub->name);
        tsv_text(&m, var->label);
        tsv_row_end(&m);
      }
    }
  }
  ctx_param_int(c, "n_panels", subjects->len);
  ctx_param_lists(c, "panel_series", curves);
  ctx_param_lists(c, "panel_marks", marks);
  return ctx_write(c, "latency_cdf.dat", &t) && ctx_write(c, "latency_cdf.marks.dat", &m) &&
         write_panels(c, "latency_cdf.panels.dat", subjects);
}

/* ---- percentile bars ------------------------------------------------------------------------ */

static gboolean
build_latency_percentiles(Ctx *c)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d);
  g_autoptr(GArray) subjects = subjects_with(d, "latency_p50_ms");
  Tsv t;
  tsv_init(&t, "panel\tseries\tpercentile\tslot\tn_slots\tvalue_ms\tci_low_ms\tci_high_ms\tsubject\t"
               "variant\tmetric");
  g_autoptr(GPtrArray) bars = lists_new(subjects->len);
  g_autoptr(GPtrArray) cis = lists_new(subjects->len);
  g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(guint));
  g_autoptr(GArray) tops = g_array_new(FALSE, FALSE, sizeof(double)); /* per panel: highest bar or whisker */
  for (guint i = 0; i < subjects->len; i++) {
    guint s = g_array_index(subjects, guint, i);
    guint p = keep->len;
    double top = 0;
    /* Slots: the variants with at least one percentile, so bars of a cluster sit together. */
    g_autoptr(GArray) slots = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint v = 0; v < nv; v++)
      for (guint k = 0; k < G_N_ELEMENTS(pct_metrics); k++)
        if (isfinite(sim_report_data_value(d, v, s, pct_metrics[k]))) {
          g_array_append_val(slots, v);
          break;
        }
    if (!slots->len)
      continue;
    g_array_append_val(keep, s);
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    for (guint k = 0; k < slots->len; k++) {
      guint v = g_array_index(slots, guint, k);
      gboolean any_ci = FALSE;
      lists_add(bars, p, v);
      for (guint q = 0; q < G_N_ELEMENTS(pct_metrics); q++) {
        const SimReportMetric *met = sim_report_data_metric(d, v, s, pct_metrics[q]);
        if (!met || !isfinite(met->value))
          continue;
        tsv_int(&t, p);
        tsv_int(&t, v);
        tsv_int(&t, q);
        tsv_int(&t, k);
        tsv_int(&t, slots->len);
        tsv_num(&t, met->value);
        tsv_num(&t, met->ci_low);
        tsv_num(&t, met->ci_high);
        tsv_text(&t, sub->name);
        tsv_text(&t, sim_report_data_variant(d, v)->label);
        tsv_text(&t, pct_metrics[q]);
        tsv_row_end(&t);
        any_ci = any_ci || (isfinite(met->ci_low) && isfinite(met->ci_high));
        top = MAX(top, MAX(met->value, isfinite(met->ci_high) ? met->ci_high : 0));
      }
      if (any_ci)
        lists_add(cis, p, v);
    }
    g_array_append_val(tops, top);
  }
  if (!keep->len) {
    g_string_free(t.text, TRUE);
    c->skip = g_strdup("summary.csv has no latency percentiles (latency_p50_ms ... latency_p999_ms)");
    return FALSE;
  }
  g_ptr_array_set_size(bars, (gint)keep->len);
  g_ptr_array_set_size(cis, (gint)keep->len);
  ctx_param_int(c, "n_panels", keep->len);
  ctx_param_lists(c, "panel_series", bars);
  ctx_param_lists(c, "panel_ci", cis);
  g_string_append_printf(c->params, "array panel_top[%u] = [", keep->len);
  for (guint p = 0; p < keep->len; p++) {
    if (p)
      g_string_append(c->params, ", ");
    num_cell(c->params, g_array_index(tops, double, p));
  }
  g_string_append(c->params, "]\n");
  return ctx_write(c, "latency_percentiles.dat", &t) &&
         write_panels(c, "latency_percentiles.panels.dat", keep);
}

/* ---- phase breakdown ------------------------------------------------------------------------ */

static gboolean
build_phases(Ctx *c)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d);
  g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(guint));
  Tsv t, b;
  tsv_init(&t, "panel\tslot\tseries\tphase\tbottom_ms\ttop_ms\tvalue_ms\tsubject\tvariant\tmetric");
  tsv_init(&b, "panel\tslot\tseries\tmode\ttotal_ms\tshort_label\tsubject\tvariant");
  g_autoptr(GArray) maxima = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) n_slots = g_array_new(FALSE, FALSE, sizeof(guint));
  for (int rank = 0; rank < N_RANKS; rank++)
    for (guint s = 0; s < sim_report_data_n_subjects(d); s++) {
      const SimReportSubject *sub = sim_report_data_subject(d, s);
      if (kind_rank(sub->kind) != rank)
        continue;
      guint p = keep->len, slot = 0;
      double panel_max = 0;
      for (guint v = 0; v < nv; v++) {
        gboolean any = FALSE;
        for (guint ph = 0; ph < G_N_ELEMENTS(phase_names); ph++) {
          g_autofree char *metric = g_strdup_printf("phase_%s_ms", phase_names[ph]);
          any = any || isfinite(sim_report_data_value(d, v, s, metric));
        }
        if (!any)
          continue;
        double bottom = 0;
        for (guint ph = 0; ph < G_N_ELEMENTS(phase_names); ph++) {
          g_autofree char *metric = g_strdup_printf("phase_%s_ms", phase_names[ph]);
          double val = sim_report_data_value(d, v, s, metric);
          if (!(val > 0))
            continue;
          tsv_int(&t, p);
          tsv_int(&t, slot);
          tsv_int(&t, v);
          tsv_int(&t, ph);
          tsv_num(&t, bottom);
          tsv_num(&t, bottom + val);
          tsv_num(&t, val);
          tsv_text(&t, sub->name);
          tsv_text(&t, sim_report_data_variant(d, v)->label);
          tsv_text(&t, metric);
          tsv_row_end(&t);
          bottom += val;
        }
        const SimReportVariant *var = sim_report_data_variant(d, v);
        tsv_int(&b, p);
        tsv_int(&b, slot);
        tsv_int(&b, v);
        tsv_int(&b, var->mode);
        tsv_num(&b, bottom);
        tsv_label(&b, var->short_label, 22);
        tsv_text(&b, sub->name);
        tsv_text(&b, var->label);
        tsv_row_end(&b);
        panel_max = MAX(panel_max, bottom);
        slot++;
      }
      if (slot) {
        g_array_append_val(keep, s);
        g_array_append_val(maxima, panel_max);
        g_array_append_val(n_slots, slot);
      }
    }
  if (!keep->len) {
    g_string_free(t.text, TRUE);
    g_string_free(b.text, TRUE);
    c->skip = g_strdup("summary.csv has no per-phase latency (phase_dns_ms ... phase_service_ms)");
    return FALSE;
  }
  ctx_param_int(c, "n_panels", keep->len);
  g_string_append_printf(c->params, "array panel_max[%u] = [", keep->len);
  for (guint p = 0; p < keep->len; p++) {
    if (p)
      g_string_append(c->params, ", ");
    num_cell(c->params, g_array_index(maxima, double, p));
  }
  g_string_append(c->params, "]\n");
  guint max_slots = 0;
  for (guint p = 0; p < keep->len; p++)
    max_slots = MAX(max_slots, g_array_index(n_slots, guint, p));
  ctx_param_int(c, "max_slots", max_slots);
  g_string_append_printf(c->params, "array panel_slots[%u] = [", keep->len);
  for (guint p = 0; p < keep->len; p++)
    g_string_append_printf(c->params, "%s%u", p ? ", " : "", g_array_index(n_slots, guint, p));
  g_string_append(c->params, "]\n");
  /* Row of phases.bars.dat where each panel's bars start (its tic labels are read with every). */
  g_string_append_printf(c->params, "array panel_first[%u] = [", keep->len);
  for (guint p = 0, first = 0; p < keep->len; first += g_array_index(n_slots, guint, p), p++)
    g_string_append_printf(c->params, "%s%u", p ? ", " : "", first);
  g_string_append(c->params, "]\n");
  return ctx_write(c, "phases.dat", &t) && ctx_write(c, "phases.bars.dat", &b) &&
         write_panels(c, "phases.panels.dat", keep);
}

/* ---- time series (availability, nodes Ready) ------------------------------------------------ */

/* The run's length for x axes: [scenario] duration, else the last bin's end. */
static double
time_span(const SimReportData *d)
{
  double span = sim_report_data_duration_s(d);
  if (isfinite(span) && span > 0)
    return span;
  span = 0;
  for (guint v = 0; v < sim_report_data_n_variants(d); v++) {
    const GArray *bins = sim_report_data_timeline(d, v);
    for (guint i = 0; bins && i < bins->len; i++) {
      const SimReportBin *b = &g_array_index(bins, SimReportBin, i);
      span = MAX(span, isfinite(b->end_s) ? b->end_s : b->start_s);
    }
  }
  return span > 0 ? span : 1;
}

/* faults.dat: fault windows, the same window of several variants drawn once. */
static gboolean
write_faults(Ctx *c, double span)
{
  const GArray *faults = sim_report_data_faults(c->data);
  Tsv t;
  tsv_init(&t, "window\tstart_s\tend_s\tfault\tkind");
  guint n = 0;
  for (guint i = 0; i < faults->len; i++) {
    const SimReportFault *f = &g_array_index(faults, SimReportFault, i);
    double end = isfinite(f->end_s) ? f->end_s : span;
    gboolean seen = FALSE;
    for (guint k = 0; k < i && !seen; k++) {
      const SimReportFault *g = &g_array_index(faults, SimReportFault, k);
      double gend = isfinite(g->end_s) ? g->end_s : span;
      seen = strcmp(g->name, f->name) == 0 && g->start_s == f->start_s && gend == end;
    }
    if (seen)
      continue;
    tsv_int(&t, n++);
    tsv_num(&t, f->start_s);
    tsv_num(&t, end);
    tsv_label(&t, f->name, 24);
    tsv_text(&t, f->kind);
    tsv_row_end(&t);
  }
  ctx_param_int(c, "n_faults", n);
  return ctx_write(c, "faults.dat", &t);
}

typedef double (*BinField)(const SimReportBin *b);

static double
bin_availability(const SimReportBin *b)
{
  return b->availability;
}

static double
bin_nodes_ready(const SimReportBin *b)
{
  return b->nodes_ready;
}

/* One panel per subject with @field in some variant's timeline; x = bin middle. */
static gboolean
build_timeseries(Ctx *c, const char *name, BinField field, gboolean nodegroups_only)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d), ns = sim_report_data_n_subjects(d);
  /* present[s * nv + v]: subject s has a value in variant v (index ns: rows without subject). */
  g_autofree gboolean *present = g_new0(gboolean, (ns + 1) * nv);
  double ymax = 0;
  for (guint v = 0; v < nv; v++) {
    const GArray *bins = sim_report_data_timeline(d, v);
    for (guint i = 0; bins && i < bins->len; i++) {
      const SimReportBin *b = &g_array_index(bins, SimReportBin, i);
      double y = field(b);
      if (!isfinite(y))
        continue;
      guint s = b->subject == G_MAXUINT ? ns : b->subject;
      present[s * nv + v] = TRUE;
      ymax = MAX(ymax, MAX(y, isfinite(b->nodes) ? b->nodes : 0));
    }
  }
  g_autoptr(GArray) panels = g_array_new(FALSE, FALSE, sizeof(guint)); /* subject, or ns */
  for (int rank = 0; rank <= N_RANKS; rank++)
    for (guint s = 0; s <= ns; s++) {
      int r = s == ns ? N_RANKS : kind_rank(sim_report_data_subject(d, s)->kind);
      if (r != rank)
        continue;
      if (nodegroups_only && s < ns && sim_report_data_subject(d, s)->kind != SIM_REPORT_SUBJECT_NODEGROUP)
        continue;
      for (guint v = 0; v < nv; v++)
        if (present[s * nv + v]) {
          g_array_append_val(panels, s);
          break;
        }
    }
  if (!panels->len) {
    c->skip = g_strdup_printf("no variants/*/timeline.csv with a %s column",
                              field == bin_availability ? "availability" : "nodes_ready");
    return FALSE;
  }
  Tsv t, pt;
  tsv_init(&t, field == bin_availability
                 ? "panel\tseries\ttime_s\tavailability\trequests\tbin_start_s\tbin_end_s\tsubject\tvariant"
                 : "panel\tseries\ttime_s\tnodes_ready\tnodes\tbin_start_s\tbin_end_s\tsubject\tvariant");
  tsv_init(&pt, "panel\tlabel\tsubject");
  g_autoptr(GPtrArray) lists = lists_new(panels->len);
  for (guint p = 0; p < panels->len; p++) {
    guint s = g_array_index(panels, guint, p);
    const char *sname = s < ns ? sim_report_data_subject(d, s)->name : "";
    g_autofree char *label = s < ns ? subject_label(sim_report_data_subject(d, s)) : g_strdup("all requests");
    tsv_int(&pt, p);
    tsv_label(&pt, label, 48);
    tsv_text(&pt, sname);
    tsv_row_end(&pt);
    for (guint v = 0; v < nv; v++) {
      if (!present[s * nv + v])
        continue;
      lists_add(lists, p, v);
      const GArray *bins = sim_report_data_timeline(d, v);
      for (guint i = 0; i < bins->len; i++) {
        const SimReportBin *b = &g_array_index(bins, SimReportBin, i);
        if ((b->subject == G_MAXUINT ? ns : b->subject) != s)
          continue;
        double mid = isfinite(b->end_s) ? (b->start_s + b->end_s) / 2 : b->start_s;
        tsv_int(&t, p);
        tsv_int(&t, v);
        tsv_num(&t, mid);
        tsv_num(&t, field(b));
        tsv_num(&t, field == bin_availability ? b->requests : b->nodes);
        tsv_num(&t, b->start_s);
        tsv_num(&t, b->end_s);
        tsv_text(&t, sname);
        tsv_text(&t, sim_report_data_variant(d, v)->label);
        tsv_row_end(&t);
      }
    }
  }
  double span = time_span(d);
  ctx_param_int(c, "n_panels", panels->len);
  ctx_param_lists(c, "panel_series", lists);
  ctx_param_num(c, "t_end", span);
  ctx_param_num(c, "warmup", sim_report_data_warmup_s(d));
  ctx_param_num(c, "y_max", ymax);
  g_autofree char *dat = g_strconcat(name, ".dat", NULL);
  g_autofree char *pan = g_strconcat(name, ".panels.dat", NULL);
  return ctx_write(c, dat, &t) && ctx_write(c, pan, &pt) && write_faults(c, span);
}

static gboolean
build_availability(Ctx *c)
{
  return build_timeseries(c, "availability", bin_availability, FALSE);
}

static gboolean
build_nodes_ready(Ctx *c)
{
  return build_timeseries(c, "nodes_ready", bin_nodes_ready, TRUE);
}

/* ---- reachability matrix -------------------------------------------------------------------- */

typedef enum { REACH_OK, REACH_DEGRADED, REACH_NONE, REACH_NO_DATA } ReachClass;

/* Availability at or above this share counts as reachable (lets a rare retry-exhausted request
 * through without hiding a path that is down). */
#define REACH_OK_SHARE 0.99

/* The most frequent failure of (variant, subject): its outcome and, from summary.json, its
 * detail ("dropped at the public endpoint: ..."); from the outcome_* counts when summary.json
 * has no failures. */
static void
cell_reason(const SimReportData *d, guint v, guint s, char **reason, char **detail)
{
  *reason = *detail = NULL;
  const GArray *fails = sim_report_data_failures(d, v, s);
  if (fails && fails->len) {
    const SimReportFailure *f = &g_array_index(fails, SimReportFailure, 0);
    for (guint i = 1; i < fails->len; i++) /* most frequent first, but do not rely on it */
      if (g_array_index(fails, SimReportFailure, i).requests > f->requests)
        f = &g_array_index(fails, SimReportFailure, i);
    *reason = g_strdup(f->outcome);
    *detail = f->detail[0] ? g_strdup(f->detail) : NULL;
    return;
  }
  double best = 0;
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    if (m->variant != v || m->subject != s || !g_str_has_prefix(m->metric, "outcome_") ||
        strcmp(m->metric, "outcome_ok") == 0 || !(m->value > best))
      continue;
    best = m->value;
    g_free(*reason);
    *reason = g_strdup(m->metric + strlen("outcome_"));
  }
}

/* "via nat + public-endpoint": the path_* shares of at least one half, in summary.csv order. */
static char *
cell_path(const SimReportData *d, guint v, guint s)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    if (m->variant != v || m->subject != s || !g_str_has_prefix(m->metric, "path_") || !(m->value >= 0.5))
      continue;
    g_string_append(out, out->len ? " + " : "via ");
    g_string_append(out, m->metric + strlen("path_"));
  }
  return g_string_free(out, out->len == 0);
}

static gboolean
build_reachability(Ctx *c)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d);
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint s = 0; s < sim_report_data_n_subjects(d); s++)
    if (sim_report_data_subject(d, s)->kind == SIM_REPORT_SUBJECT_CLIENT && any_value(d, s, "availability"))
      g_array_append_val(rows, s);
  if (!rows->len) {
    c->skip = g_strdup("no [client.NAME] subject with an availability metric in summary.csv");
    return FALSE;
  }
  /* Columns: variants ordered by endpoint mode, then as listed. */
  g_autoptr(GArray) cols = g_array_new(FALSE, FALSE, sizeof(guint));
  for (int m = 0; m < SIM_REPORT_MODE_COUNT; m++)
    for (guint v = 0; v < nv; v++)
      if ((int)sim_report_data_variant(d, v)->mode == m)
        g_array_append_val(cols, v);

  /* Many variants and few clients: variants in rows, so the image does not grow too wide. */
  gboolean transposed = cols->len > 6 && cols->len > rows->len;
  Tsv t, tc, tr;
  tsv_init(&t, "row\tcol\tclass\tavailability\trequests\tlabel\treason\tdetail\tsubject\tvariant");
  tsv_init(&tc, "col\tlabel\tsublabel\tmode\tname");
  tsv_init(&tr, "row\tlabel\tsublabel\tmode\tname");
  glong row_chars = 8;
  for (guint k = 0; k < cols->len; k++) {
    const SimReportVariant *var = sim_report_data_variant(d, g_array_index(cols, guint, k));
    Tsv *tv = transposed ? &tr : &tc;
    const char *mode = sim_report_mode_name(var->mode);
    gboolean same = strcmp(var->short_label, mode) == 0;
    tsv_int(tv, k);
    tsv_text(tv, mode);
    tsv_label(tv, same ? "" : var->short_label, 28);
    tsv_int(tv, var->mode);
    tsv_text(tv, var->label);
    tsv_row_end(tv);
    if (transposed)
      row_chars = MAX(row_chars, MAX((glong)strlen(mode), same ? 0 : MIN(g_utf8_strlen(var->short_label, -1), 28)));
  }
  for (guint r = 0; r < rows->len; r++) {
    const SimReportSubject *sub = sim_report_data_subject(d, g_array_index(rows, guint, r));
    Tsv *ts = transposed ? &tc : &tr;
    const char *name = sub->name[0] ? sub->name : "(scenario-wide)";
    tsv_int(ts, r);
    tsv_label(ts, name, 28);
    tsv_label(ts, sub->location ? sub->location : "", 28);
    tsv_int(ts, -1);
    tsv_text(ts, sub->name);
    tsv_row_end(ts);
    if (!transposed)
      row_chars = MAX(row_chars, MIN(MAX(g_utf8_strlen(name, -1), sub->location ? g_utf8_strlen(sub->location, -1) : 0), 28));
  }
  for (guint r = 0; r < rows->len; r++) {
    guint s = g_array_index(rows, guint, r);
    const SimReportSubject *sub = sim_report_data_subject(d, s);
    for (guint k = 0; k < cols->len; k++) {
      guint v = g_array_index(cols, guint, k);
      double avail = sim_report_data_value(d, v, s, "availability");
      double reqs = sim_report_data_value(d, v, s, "requests");
      ReachClass cls;
      if (!isfinite(avail) || (isfinite(reqs) && reqs <= 0))
        cls = REACH_NO_DATA;
      else if (avail >= REACH_OK_SHARE)
        cls = REACH_OK;
      else if (avail <= 0)
        cls = REACH_NONE;
      else
        cls = REACH_DEGRADED;
      g_autofree char *cell = cls == REACH_NO_DATA ? g_strdup("no requests") : g_strdup_printf("%.4g%% ok", 100 * avail);
      g_autofree char *reason = NULL;
      g_autofree char *detail = NULL;
      cell_reason(d, v, s, &reason, &detail);
      if (cls == REACH_OK) {
        /* Reachable: say which way (the network functions most requests crossed). */
        g_free(detail);
        detail = cell_path(d, v, s);
        if (reason) {
          char *some = g_strdup_printf("some %s", reason);
          g_free(reason);
          reason = some;
        }
      }
      tsv_int(&t, transposed ? k : r);
      tsv_int(&t, transposed ? r : k);
      tsv_int(&t, cls);
      tsv_num(&t, avail);
      tsv_num(&t, reqs);
      tsv_text(&t, cell);
      tsv_label(&t, reason ? reason : "", 30);
      tsv_label(&t, detail ? detail : "", 38);
      tsv_text(&t, sub->name);
      tsv_text(&t, sim_report_data_variant(d, v)->label);
      tsv_row_end(&t);
    }
  }
  ctx_param_int(c, "n_rows", transposed ? cols->len : rows->len);
  ctx_param_int(c, "n_cols", transposed ? rows->len : cols->len);
  ctx_param_int(c, "transposed", transposed);
  ctx_param_int(c, "row_chars", row_chars);
  return ctx_write(c, "reachability.dat", &t) && ctx_write(c, "reachability.cols.dat", &tc) &&
         ctx_write(c, "reachability.rows.dat", &tr);
}

/* ---- cost and exposure ---------------------------------------------------------------------- */

static gboolean
is_cost(const SimReportData *d, const SimReportMetric *m)
{
  (void)d;
  return g_ascii_strcasecmp(m->unit, "USD") == 0 || g_str_has_suffix(m->metric, "_usd");
}

/* Exposure: a metric the model names exposure*, or the availability of an exposure probe (a
 * probe's request that succeeded is an internet source that reached the endpoint). */
static gboolean
is_exposure(const SimReportData *d, const SimReportMetric *m)
{
  return g_str_has_prefix(m->metric, "exposure") ||
         (strcmp(m->metric, "availability") == 0 &&
          sim_report_data_subject(d, m->subject)->kind == SIM_REPORT_SUBJECT_PROBE);
}

/* Distinct (subject, metric) pairs among the rows @pick accepts, in file order. */
static GArray *
metric_pairs(const SimReportData *d, gboolean (*pick)(const SimReportData *, const SimReportMetric *))
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(guint)); /* index of the first row of the pair */
  for (guint i = 0; i < sim_report_data_n_metrics(d); i++) {
    const SimReportMetric *m = sim_report_data_metric_at(d, i);
    if (!pick(d, m))
      continue;
    gboolean seen = FALSE;
    for (guint k = 0; k < out->len && !seen; k++) {
      const SimReportMetric *o = sim_report_data_metric_at(d, g_array_index(out, guint, k));
      seen = o->subject == m->subject && strcmp(o->metric, m->metric) == 0;
    }
    if (!seen)
      g_array_append_val(out, i);
  }
  return out;
}

static char *
pair_label(const SimReportData *d, const SimReportMetric *m, gboolean with_subject)
{
  const char *name = m->metric;
  g_autofree char *trim = g_strdup(g_str_has_prefix(name, "cost_") ? name + 5 : name);
  if (g_str_has_suffix(trim, "_usd"))
    trim[strlen(trim) - 4] = '\0';
  const char *subject = sim_report_data_subject(d, m->subject)->name;
  if (with_subject && subject[0])
    return g_strdup_printf("%s: %s", subject, trim);
  return g_steal_pointer(&trim);
}

static gboolean
build_cost_exposure(Ctx *c)
{
  const SimReportData *d = c->data;
  guint nv = sim_report_data_n_variants(d);
  g_autoptr(GArray) costs = metric_pairs(d, is_cost);
  g_autoptr(GArray) expos = metric_pairs(d, is_exposure);
  if (!costs->len && !expos->len) {
    c->skip = g_strdup("summary.csv has no cost (unit USD) or exposure metrics, and no probe subjects");
    return FALSE;
  }
  gboolean many_subjects = FALSE;
  for (guint k = 1; k < costs->len; k++)
    many_subjects = many_subjects ||
                    sim_report_data_metric_at(d, g_array_index(costs, guint, k))->subject !=
                      sim_report_data_metric_at(d, g_array_index(costs, guint, 0))->subject;
  Tsv tc, tk, te, tg;
  tsv_init(&tc, "series\tslot\tcomponent\tbottom_usd\ttop_usd\tvalue_usd\tvariant\tsubject\tmetric");
  tsv_init(&tk, "component\tlabel");
  tsv_init(&te, "group\tseries\tslot\tn_slots\tvalue\tci_low\tci_high\tvariant\tsubject\tmetric");
  tsv_init(&tg, "group\tlabel");
  for (guint k = 0; k < costs->len; k++) {
    g_autofree char *label = pair_label(d, sim_report_data_metric_at(d, g_array_index(costs, guint, k)),
                                        many_subjects);
    tsv_int(&tk, k);
    tsv_label(&tk, label, 40);
    tsv_row_end(&tk);
  }
  double cost_max = 0;
  Tsv tt;
  tsv_init(&tt, "series\tslot\tmode\ttotal_usd\tshort_label\tvariant");
  guint slot = 0;
  for (guint v = 0; v < nv && costs->len; v++) {
    double bottom = 0;
    gboolean any = FALSE;
    for (guint k = 0; k < costs->len; k++) {
      const SimReportMetric *first = sim_report_data_metric_at(d, g_array_index(costs, guint, k));
      const SimReportMetric *m = sim_report_data_metric(d, v, first->subject, first->metric);
      if (!m || !isfinite(m->value))
        continue;
      any = TRUE;
      tsv_int(&tc, v);
      tsv_int(&tc, slot);
      tsv_int(&tc, k);
      tsv_num(&tc, bottom);
      tsv_num(&tc, bottom + m->value);
      tsv_num(&tc, m->value);
      tsv_text(&tc, sim_report_data_variant(d, v)->label);
      tsv_text(&tc, sim_report_data_subject(d, m->subject)->name);
      tsv_text(&tc, m->metric);
      tsv_row_end(&tc);
      bottom += m->value;
    }
    if (!any)
      continue;
    const SimReportVariant *var = sim_report_data_variant(d, v);
    tsv_int(&tt, v);
    tsv_int(&tt, slot);
    tsv_int(&tt, var->mode);
    tsv_num(&tt, bottom);
    tsv_label(&tt, var->short_label, 22);
    tsv_text(&tt, var->label);
    tsv_row_end(&tt);
    cost_max = MAX(cost_max, bottom);
    slot++;
  }
  guint cost_slots = slot;
  g_autoptr(GPtrArray) groups = lists_new(expos->len);
  for (guint g = 0; g < expos->len; g++) {
    const SimReportMetric *first = sim_report_data_metric_at(d, g_array_index(expos, guint, g));
    g_autofree char *label = g_strcmp0(first->metric, "exposure") == 0 || strcmp(first->metric, "availability") == 0
                               ? g_strdup(sim_report_data_subject(d, first->subject)->name)
                               : pair_label(d, first, TRUE);
    tsv_int(&tg, g);
    tsv_label(&tg, label, 26);
    tsv_row_end(&tg);
    guint n = 0;
    for (guint v = 0; v < nv; v++)
      if (isfinite(sim_report_data_value(d, v, first->subject, first->metric)))
        n++;
    guint k = 0;
    for (guint v = 0; v < nv; v++) {
      const SimReportMetric *m = sim_report_data_metric(d, v, first->subject, first->metric);
      if (!m || !isfinite(m->value))
        continue;
      lists_add(groups, g, v);
      tsv_int(&te, g);
      tsv_int(&te, v);
      tsv_int(&te, k++);
      tsv_int(&te, n);
      tsv_num(&te, m->value);
      tsv_num(&te, m->ci_low);
      tsv_num(&te, m->ci_high);
      tsv_text(&te, sim_report_data_variant(d, v)->label);
      tsv_text(&te, sim_report_data_subject(d, m->subject)->name);
      tsv_text(&te, m->metric);
      tsv_row_end(&te);
    }
  }
  glong chars = legend_chars(d);
  for (guint k = 0; k < costs->len; k++) {
    g_autofree char *label = pair_label(d, sim_report_data_metric_at(d, g_array_index(costs, guint, k)), many_subjects);
    chars = MAX(chars, MIN(g_utf8_strlen(label, -1), 40) + 6); /* "cost: " */
  }
  ctx_param_int(c, "legend_chars", chars);
  ctx_param_int(c, "n_components", costs->len);
  ctx_param_int(c, "n_cost_bars", cost_slots);
  ctx_param_num(c, "cost_max", cost_max);
  ctx_param_int(c, "n_groups", expos->len);
  ctx_param_lists(c, "group_series", groups);
  /* Every series with an exposure bar in some group, for the legend and the bar layers. */
  g_string_append(c->params, "exposure_series = \"");
  guint listed = 0;
  for (guint v = 0; v < nv; v++) {
    gboolean any = FALSE;
    for (guint g = 0; g < groups->len && !any; g++) {
      GArray *l = groups->pdata[g];
      for (guint k = 0; k < l->len && !any; k++)
        any = g_array_index(l, guint, k) == v;
    }
    if (any)
      g_string_append_printf(c->params, "%s%u", listed++ ? " " : "", v);
  }
  g_string_append(c->params, "\"\n");
  return ctx_write(c, "cost.dat", &tc) && ctx_write(c, "cost.components.dat", &tk) &&
         ctx_write(c, "cost.totals.dat", &tt) && ctx_write(c, "exposure.dat", &te) &&
         ctx_write(c, "exposure.groups.dat", &tg);
}

/* ---- the plot kinds ------------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *title;
  const char *caption;
  gboolean (*build)(Ctx *c);
} PlotKind;

static const PlotKind kinds[] = {
  { "latency_cdf", "Latency CDF per client and variant",
    "Each curve is one variant (colour = endpoint mode): the further left and the steeper, the "
    "faster; read the share of requests answered within a latency on the y axis (log x axis; "
    "circles mark p50, triangles p99 from summary.csv).",
    build_latency_cdf },
  { "latency_percentiles", "Latency percentiles with 95% confidence intervals",
    "Bars give p50, p90, p99 and p99.9 of successful requests per variant (colour = endpoint "
    "mode); whiskers are the 95% confidence interval across replications, so bars whose "
    "whiskers overlap are not clearly different.",
    build_latency_percentiles },
  { "phases", "Where the time goes: mean latency by phase",
    "Each bar is one variant's mean request latency split into DNS, TCP connect, TLS, queueing, "
    "service and transfer time; the strip under a bar shows its endpoint mode, so you can see "
    "which phase a mode makes longer.",
    build_phases },
  { "availability", "Availability over time",
    "Share of requests that succeeded in each time bin, per variant (colour = endpoint mode); "
    "grey bands are fault windows, so a dip inside a band is the fault and the time to climb "
    "back is the recovery.",
    build_availability },
  { "nodes_ready", "Nodes Ready over time",
    "Number of Ready nodes per node group in each time bin, per variant (colour = endpoint "
    "mode); a drop comes after the node-monitor grace period, so compare its start with the "
    "grey fault band.",
    build_nodes_ready },
  { "reachability", "Reachability: client location x endpoint mode",
    "Each cell is one client under one variant: green reachable, yellow degraded, red "
    "unreachable, with the share of requests that succeeded and the most frequent failure.",
    build_reachability },
  { "cost_exposure", "Cost and exposure side by side",
    "Left: the estimated data-path cost per variant from list prices (stacked by component); "
    "right: the share of internet probe connections that reached the API endpoint (0 = not "
    "exposed), per probe source and variant.",
    build_cost_exposure },
};

/* ---- templates and gnuplot ------------------------------------------------------------------ */

char *
sim_plot_template(const char *templates_dir, const char *name, GError **error)
{
  if (!templates_dir)
    templates_dir = g_getenv("EKSIM_PLOT_TEMPLATES");
  if (templates_dir && templates_dir[0]) {
    g_autofree char *path = g_build_filename(templates_dir, name, NULL);
    char *text = NULL;
    g_autoptr(GError) local = NULL;
    if (!g_file_get_contents(path, &text, NULL, &local)) {
      g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE, "%s: cannot read template: %s",
                  path, local->message);
      return NULL;
    }
    return text;
  }
  g_autofree char *rpath = g_strconcat("/eksim/plots/", name, NULL);
  g_autoptr(GBytes) bytes =
    g_resource_lookup_data(eksim_plots_get_resource(), rpath, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (!bytes) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE,
                "template %s is not built into eksim; allowed: a file of plots/", name);
    return NULL;
  }
  gsize len;
  const char *text = g_bytes_get_data(bytes, &len);
  return g_strndup(text, len);
}

/* The gnuplot to run, or NULL if there is none. */
static char *
find_gnuplot(const SimPlotOptions *opts)
{
  const char *prog = opts && opts->gnuplot ? opts->gnuplot : g_getenv("EKSIM_GNUPLOT");
  if (!prog || !prog[0])
    prog = "gnuplot";
  if (strchr(prog, G_DIR_SEPARATOR))
    return g_file_test(prog, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup(prog) : NULL;
  return g_find_program_in_path(prog);
}

typedef struct {
  gboolean done, timed_out;
  char *out, *err;
  GError *error;
} Run;

static void
run_done(GObject *source, GAsyncResult *res, gpointer user_data)
{
  Run *r = user_data;
  g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), res, &r->out, &r->err, &r->error);
  r->done = TRUE;
}

static gboolean
run_timeout(gpointer user_data)
{
  Run *r = user_data;
  r->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs `gnuplot -d SCRIPT` in @dir. Returns NULL on success with empty stderr, else a note:
 * why it failed, or what it wrote on stderr (*@failed says which). */
static char *
run_gnuplot(const char *gnuplot, const char *dir, const char *script, guint timeout_s, gboolean *failed)
{
  *failed = TRUE;
  g_autoptr(GSubprocessLauncher) l =
    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd(l, dir);
  /* Numbers in the C locale whatever the user's; no ~/.gnuplot (-d), so output is reproducible. */
  g_subprocess_launcher_setenv(l, "LC_NUMERIC", "C", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawn(l, &error, gnuplot, "-d", script, NULL);
  if (!proc)
    return g_strdup_printf("cannot start %s: %s", gnuplot, error->message);

  g_autoptr(GMainContext) ctx = g_main_context_new();
  g_main_context_push_thread_default(ctx);
  Run r = { 0 };
  g_subprocess_communicate_utf8_async(proc, NULL, NULL, run_done, &r);
  GSource *timer = g_timeout_source_new_seconds(timeout_s ? timeout_s : 120);
  g_source_set_callback(timer, run_timeout, &r, NULL);
  g_source_attach(timer, ctx);
  gboolean killed = FALSE;
  while (!r.done) {
    g_main_context_iteration(ctx, TRUE);
    if (r.timed_out && !killed) {
      g_subprocess_force_exit(proc);
      killed = TRUE;
    }
  }
  g_source_destroy(timer);
  g_source_unref(timer);
  g_main_context_pop_thread_default(ctx);

  g_free(r.out); /* gnuplot writes its images to files; only stderr is read */
  g_autofree char *err = r.err;
  if (r.error) {
    char *note = g_strdup_printf("%s -d %s: %s", gnuplot, script, r.error->message);
    g_error_free(r.error);
    return note;
  }
  if (killed)
    return g_strdup_printf("%s -d %s: no result after %u s; stopped", gnuplot, script,
                           timeout_s ? timeout_s : 120);
  g_autofree char *stderr_text = g_strstrip(g_strdup(err ? err : ""));
  /* Keep a note readable: the first lines of a long complaint, and how many more there were. */
  g_auto(GStrv) lines = g_strsplit(stderr_text, "\n", -1);
  guint n_lines = g_strv_length(lines);
  if (n_lines > 6) {
    g_free(lines[5]);
    lines[5] = g_strdup_printf("... (%u more lines)", n_lines - 5);
    for (guint i = 6; i < n_lines; i++) {
      g_free(lines[i]);
      lines[i] = NULL;
    }
    g_free(stderr_text);
    stderr_text = g_strjoinv("\n", lines);
  }
  if (!g_subprocess_get_if_exited(proc))
    return g_strdup_printf("%s -d %s: killed by signal %d%s%s", gnuplot, script,
                           g_subprocess_get_term_sig(proc), stderr_text[0] ? ": " : "", stderr_text);
  int status = g_subprocess_get_exit_status(proc);
  if (status != 0)
    return g_strdup_printf("%s -d %s: exit status %d%s%s", gnuplot, script, status,
                           stderr_text[0] ? ": " : "", stderr_text);
  *failed = FALSE;
  if (stderr_text[0])
    return g_strdup_printf("%s -d %s wrote: %s", gnuplot, script, stderr_text);
  return NULL;
}

/* ---- the set ------------------------------------------------------------------------------- */

static void
plot_clear(gpointer p)
{
  g_free(((SimPlot *)p)->note);
}

/* Removes @path and everything under it (our own plots folders only). */
static void
remove_tree(const char *path)
{
  g_autoptr(GDir) dh = g_dir_open(path, 0, NULL);
  if (dh) {
    const char *name;
    while ((name = g_dir_read_name(dh))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
        remove_tree(child);
      else
        g_unlink(child);
    }
  }
  g_rmdir(path);
}

static gboolean
write_text(const char *dir, const char *name, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  return g_file_set_contents(path, text, -1, error);
}

/* meta.dat and variants.dat, read by common.gp. */
static gboolean
write_shared(const SimReportData *d, const char *dir, GError **error)
{
  Tsv t;
  tsv_init(&t, "scenario");
  tsv_label(&t, sim_report_data_scenario(d), 60);
  tsv_row_end(&t);
  g_autofree char *meta = g_string_free(t.text, FALSE);
  tsv_init(&t, "series\tmode\tdash\tvariant\tshort_label\tmode_name");
  guint seen[SIM_REPORT_MODE_COUNT] = { 0 };
  for (guint v = 0; v < sim_report_data_n_variants(d); v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    tsv_int(&t, v);
    tsv_int(&t, var->mode);
    tsv_int(&t, 1 + seen[var->mode]++);
    tsv_text(&t, var->label);
    /* The legend names the mode even when the sweep is over something else. */
    g_autofree char *legend = legend_label(var);
    tsv_label(&t, legend, LEGEND_MAX);
    tsv_text(&t, sim_report_mode_name(var->mode));
    tsv_row_end(&t);
  }
  g_autofree char *variants = g_string_free(t.text, FALSE);
  return write_text(dir, "meta.dat", meta, error) && write_text(dir, "variants.dat", variants, error);
}

SimPlotSet *
sim_plot_set_render(const SimReportData *data, const char *scenario_dir, const SimPlotOptions *opts,
                    GError **error)
{
  g_return_val_if_fail(data != NULL && scenario_dir != NULL, NULL);
  static const SimPlotOptions defaults = { 0 };
  if (!opts)
    opts = &defaults;
  g_autoptr(SimPlotSet) set = g_new0(SimPlotSet, 1);
  set->plots = g_array_new(FALSE, TRUE, sizeof(SimPlot));
  g_array_set_clear_func(set->plots, plot_clear);
  set->warnings = g_ptr_array_new_with_free_func(g_free);

  /* Read every template first: a missing one is an error before anything is written. */
  g_autofree char *common = sim_plot_template(opts->templates_dir, "common.gp", error);
  if (!common)
    return NULL;
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func(g_free);
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
    g_autofree char *file = g_strconcat(kinds[k].name, ".gp", NULL);
    char *text = sim_plot_template(opts->templates_dir, file, error);
    if (!text)
      return NULL;
    g_ptr_array_add(templates, text);
  }

  g_autofree char *final_dir = g_build_filename(scenario_dir, "plots", NULL);
  g_autofree char *tmpl = g_build_filename(scenario_dir, ".plots.tmp-XXXXXX", NULL);
  char *tmp = g_mkdtemp(tmpl);
  if (!tmp) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_IO, "%s: cannot create a folder: %s", scenario_dir,
                g_strerror(errno));
    return NULL;
  }
  if (!write_text(tmp, "common.gp", common, error) || !write_shared(data, tmp, error)) {
    remove_tree(tmp);
    return NULL;
  }

  g_autofree char *gnuplot = find_gnuplot(opts);
  if (!gnuplot) {
    const char *want = opts->gnuplot ? opts->gnuplot : g_getenv("EKSIM_GNUPLOT");
    g_ptr_array_add(set->warnings,
                    g_strdup_printf("gnuplot (%s) not found: plot data and scripts are in %s; install "
                                    "gnuplot (Debian: gnuplot-nox) and run 'eksim plot' again",
                                    want && want[0] ? want : "gnuplot on PATH", final_dir));
  }

  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
    SimPlot plot = { kinds[k].name, kinds[k].title, kinds[k].caption, SIM_PLOT_NO_DATA, NULL };
    Ctx c = { data, tmp, g_string_new(NULL), NULL, NULL };
    gboolean ok = kinds[k].build(&c);
    if (c.error) {
      g_propagate_error(error, c.error);
      g_string_free(c.params, TRUE);
      g_free(c.skip);
      remove_tree(tmp);
      return NULL;
    }
    if (!ok) {
      plot.note = g_steal_pointer(&c.skip);
      g_string_free(c.params, TRUE);
      g_array_append_val(set->plots, plot);
      continue;
    }
    g_autofree char *script_name = g_strconcat(kinds[k].name, ".gp", NULL);
    g_autoptr(GString) script = g_string_new(NULL);
    g_string_append_printf(script,
                           "# eksim: %s\n"
                           "# Re-run or restyle: edit this file or common.gp, then in this folder run\n"
                           "#   gnuplot -d %s\n"
                           "# Parameters written by eksim (numbers only; names are in the .dat files):\n",
                           kinds[k].title, script_name);
    g_string_append_printf(script, "formats = '%s'\n", opts->no_svg ? "png" : "png svg");
    g_string_append_printf(script, "n_series = %u\n", MAX(sim_report_data_n_variants(data), 1));
    g_string_append_printf(script, "legend_chars = %ld\n", legend_chars(data));
    g_string_append(script, c.params->str);
    g_string_append(script, "# ---- template plots/");
    g_string_append(script, script_name);
    g_string_append(script, " ----\n");
    g_string_append(script, templates->pdata[k]);
    g_string_free(c.params, TRUE);
    if (!write_text(tmp, script_name, script->str, error)) {
      remove_tree(tmp);
      return NULL;
    }
    if (!gnuplot) {
      plot.status = SIM_PLOT_FAILED;
      plot.note = g_strdup("gnuplot not found");
      g_array_append_val(set->plots, plot);
      continue;
    }
    gboolean failed;
    plot.note = run_gnuplot(gnuplot, tmp, script_name, opts->timeout_s, &failed);
    plot.status = failed ? SIM_PLOT_FAILED : SIM_PLOT_DRAWN;
    const char *formats[] = { "png", "svg" };
    for (guint f = 0; f < G_N_ELEMENTS(formats); f++) {
      g_autofree char *img = g_strdup_printf("%s/%s.%s", tmp, kinds[k].name, formats[f]);
      gboolean wanted = f == 0 || !opts->no_svg;
      if (failed || !wanted)
        g_unlink(img); /* a half-drawn image must not look complete */
      else if (!g_file_test(img, G_FILE_TEST_IS_REGULAR)) {
        failed = TRUE;
        plot.status = SIM_PLOT_FAILED;
        g_free(plot.note);
        plot.note = g_strdup_printf("gnuplot wrote no %s.%s", kinds[k].name, formats[f]);
      }
    }
    if (failed) {
      g_autofree char *png = g_strdup_printf("%s/%s.png", tmp, kinds[k].name);
      g_unlink(png);
    }
    if (plot.note)
      g_ptr_array_add(set->warnings, g_strdup_printf("plot %s: %s", kinds[k].name, plot.note));
    g_array_append_val(set->plots, plot);
  }

  /* Swap the complete folder in: old plots/ aside, new one in place, old one removed. */
  g_autofree char *old = g_strconcat(tmp, ".old", NULL);
  gboolean had_old = g_file_test(final_dir, G_FILE_TEST_EXISTS);
  if (had_old && g_rename(final_dir, old) != 0) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_IO, "%s: cannot replace: %s", final_dir,
                g_strerror(errno));
    remove_tree(tmp);
    return NULL;
  }
  if (g_rename(tmp, final_dir) != 0) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_IO, "%s: cannot rename to %s: %s", tmp, final_dir,
                g_strerror(errno));
    if (had_old)
      g_rename(old, final_dir);
    remove_tree(tmp);
    return NULL;
  }
  if (had_old)
    remove_tree(old);
  return g_steal_pointer(&set);
}

void
sim_plot_set_free(SimPlotSet *set)
{
  if (!set)
    return;
  g_array_unref(set->plots);
  g_ptr_array_unref(set->warnings);
  g_free(set);
}

guint
sim_plot_set_n(const SimPlotSet *set)
{
  return set->plots->len;
}

const SimPlot *
sim_plot_set_get(const SimPlotSet *set, guint i)
{
  g_return_val_if_fail(i < set->plots->len, NULL);
  return &g_array_index(set->plots, SimPlot, i);
}

const GPtrArray *
sim_plot_set_warnings(const SimPlotSet *set)
{
  return set->warnings;
}
