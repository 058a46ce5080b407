/* Tests for sim/report/plot: every plot drawn from a results folder, the data behind each plot
 * equal to the results it came from, one colour per endpoint mode in every image, gnuplot missing,
 * failing, slow or complaining, hostile names that must not run commands, restyled templates,
 * and the eksim plot command. Plots are drawn by the real gnuplot (skipped where there is none). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "report/plot.h"
#include "report/report.h"
#include "scenario/runner.h"
#include "support/testmodel.h"
#include "support/tmpdir.h"

#define FIXTURE "tests/data/plots/modes"

static const char *const plot_names[] = { "latency_cdf", "latency_percentiles", "phases", "availability",
                                          "nodes_ready", "reachability", "cost_exposure" };

/* ---- helpers ------------------------------------------------------------------------------------ */

static void
copy_tree(const char *src, const char *dst)
{
  g_assert_cmpint(g_mkdir_with_parents(dst, 0755), ==, 0);
  g_autoptr(GDir) dh = g_dir_open(src, 0, NULL);
  g_assert_nonnull(dh);
  const char *name;
  while ((name = g_dir_read_name(dh))) {
    g_autofree char *s = g_build_filename(src, name, NULL);
    g_autofree char *d = g_build_filename(dst, name, NULL);
    if (g_file_test(s, G_FILE_TEST_IS_DIR)) {
      copy_tree(s, d);
      continue;
    }
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(s, &text, &len, NULL));
    g_assert_true(g_file_set_contents(d, text, (gssize)len, NULL));
  }
}

/* A scratch folder with a copy of the fixture in it, as "results/". */
static char *
fixture_copy(char **scratch)
{
  GError *error = NULL;
  *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  char *dir = g_build_filename(*scratch, "results", NULL);
  copy_tree(FIXTURE, dir);
  return dir;
}

static gboolean
have_gnuplot(void)
{
  g_autofree char *p = g_find_program_in_path("gnuplot");
  if (!p)
    g_test_skip("gnuplot is not installed");
  return p != NULL;
}

static char *
slurp(const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  g_file_get_contents(path, &text, NULL, NULL);
  return text;
}

static gboolean
exists(const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* A tab-separated data file: header names and rows of cells. */
typedef struct {
  GStrv header;
  GPtrArray *rows; /* of GStrv */
} Dat;

static void
dat_free(Dat *d)
{
  g_strfreev(d->header);
  g_ptr_array_unref(d->rows);
  g_free(d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Dat, dat_free)

static Dat *
dat_read(const char *plots, const char *name)
{
  g_autofree char *text = slurp(plots, name);
  g_assert_nonnull(text);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  Dat *d = g_new0(Dat, 1);
  d->header = g_strsplit(lines[0], "\t", -1);
  d->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  for (guint i = 1; lines[i]; i++) {
    if (!lines[i][0])
      continue;
    GStrv cells = g_strsplit(lines[i], "\t", -1);
    g_assert_cmpuint(g_strv_length(cells), ==, g_strv_length(d->header));
    g_ptr_array_add(d->rows, cells);
  }
  return d;
}

static const char *
cell(const Dat *d, guint row, const char *col)
{
  for (guint c = 0; d->header[c]; c++)
    if (strcmp(d->header[c], col) == 0)
      return ((GStrv)d->rows->pdata[row])[c];
  g_error("no column %s", col);
  return NULL;
}

static double
num(const Dat *d, guint row, const char *col)
{
  return g_ascii_strtod(cell(d, row, col), NULL); /* "NaN" reads as NaN */
}

static guint
unum(const Dat *d, guint row, const char *col)
{
  return (guint)g_ascii_strtoull(cell(d, row, col), NULL, 10);
}

/* Equal, or both missing. Numbers are written so they read back exactly. */
static void
assert_same(double a, double b)
{
  if (isnan(a) || isnan(b)) {
    g_assert_true(isnan(a) && isnan(b));
    return;
  }
  g_assert_cmpfloat(a, ==, b);
}

static guint
subject_named(const SimReportData *d, const char *name)
{
  for (guint s = 0; s < sim_report_data_n_subjects(d); s++)
    if (strcmp(sim_report_data_subject(d, s)->name, name) == 0)
      return s;
  g_error("no subject %s", name);
  return 0;
}

static guint
variant_labelled(const SimReportData *d, const char *label)
{
  for (guint v = 0; v < sim_report_data_n_variants(d); v++)
    if (strcmp(sim_report_data_variant(d, v)->label, label) == 0)
      return v;
  g_error("no variant %s", label);
  return 0;
}

static SimPlotSet *
render(const char *dir, const SimPlotOptions *opts, SimReportData **data_out)
{
  g_autoptr(GError) error = NULL;
  SimReportData *data = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  SimPlotSet *set = sim_plot_set_render(data, dir, opts, &error);
  g_assert_no_error(error);
  g_assert_nonnull(set);
  if (data_out)
    *data_out = data;
  else
    sim_report_data_free(data);
  return set;
}

static const SimPlot *
plot_named(const SimPlotSet *set, const char *name)
{
  for (guint i = 0; i < sim_plot_set_n(set); i++)
    if (strcmp(sim_plot_set_get(set, i)->name, name) == 0)
      return sim_plot_set_get(set, i);
  g_error("no plot %s", name);
  return NULL;
}

/* ---- text cells ---------------------------------------------------------------------------------- */

static void
test_text_cell(void)
{
  struct {
    const char *in, *out;
  } cases[] = {
    { "laptop", "laptop" },
    { "", "-" },
    { NULL, "-" },
    { "a\tb\nc\rd", "a b c d" },
    { "say \"hi\"", "say 'hi'" },
    { "back\\slash\\n", "back\\\\slash\\\\n" },
    { "`touch x` $(y) @z {w}^_", "`touch x` $(y) @z {w}^_" },
    { "bad \xff utf8", "bad \xef\xbf\xbd utf8" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GString) s = g_string_new(NULL);
    sim_plot_text_cell(s, cases[i].in);
    g_assert_cmpstr(s->str, ==, cases[i].out);
  }
}

/* ---- every plot, from the fixture ---------------------------------------------------------------- */

/* Script text above the template: comments, numbers, digit lists and the formats only. */
static void
assert_script_header_safe(const char *script)
{
  g_autoptr(GRegex) ok = g_regex_new("^(#.*|formats = 'png( svg)?'|[a-z_]+ = (-?[0-9.e+-]+|NaN)|"
                                     "array [a-z_]+\\[[0-9]+\\] = \\[((\"[0-9 ]*\"|-?[0-9.e+-]+)(, )?)*\\]|"
                                     "[a-z_]+ = \"[0-9 ]*\")$",
                                     0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit(script, "\n", -1);
  guint i = 0;
  for (; lines[i] && !g_str_has_prefix(lines[i], "# ---- template plots/"); i++)
    if (!g_regex_match(ok, lines[i], 0, NULL))
      g_error("script header line not allowed: %s", lines[i]);
  g_assert_nonnull(lines[i]);
}

static void
test_all_drawn(void)
{
  if (!have_gnuplot())
    return;
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autoptr(SimPlotSet) set = render(dir, NULL, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_assert_cmpuint(sim_plot_set_n(set), ==, G_N_ELEMENTS(plot_names));
  /* gnuplot's exit status and stderr are both checked: a clean run warns about nothing. */
  for (guint i = 0; i < sim_plot_set_warnings(set)->len; i++)
    g_printerr("warning: %s\n", (const char *)sim_plot_set_warnings(set)->pdata[i]);
  g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    const SimPlot *p = plot_named(set, plot_names[i]);
    g_assert_cmpint(p->status, ==, SIM_PLOT_DRAWN);
    g_assert_null(p->note);
    g_assert_true(p->title[0] && p->caption[0]);
    g_autofree char *png_name = g_strconcat(p->name, ".png", NULL);
    g_autofree char *svg_name = g_strconcat(p->name, ".svg", NULL);
    g_autofree char *gp_name = g_strconcat(p->name, ".gp", NULL);
    g_autofree char *png_path = g_build_filename(plots, png_name, NULL);
    g_autofree char *png = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(png_path, &png, &len, NULL));
    g_assert_cmpuint(len, >, 5000);
    g_assert_cmpint(memcmp(png, "\x89PNG\r\n\x1a\n", 8), ==, 0);
    g_autofree char *svg = slurp(plots, svg_name);
    g_assert_nonnull(svg);
    g_assert_nonnull(strstr(svg, "<svg"));
    g_assert_true(g_str_has_suffix(g_strchomp(svg), "</svg>"));
    g_autofree char *script = slurp(plots, gp_name);
    g_assert_nonnull(script);
    assert_script_header_safe(script);
  }
  g_assert_true(exists(plots, "common.gp") && exists(plots, "variants.dat") && exists(plots, "meta.dat"));
  /* Nothing temporary left next to the results. */
  g_autoptr(GDir) dh = g_dir_open(dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(dh)))
    g_assert_false(g_str_has_prefix(name, ".plots.tmp"));
  test_remove_tree(scratch);
}

/* ---- the data behind each plot is the data of the results folder --------------------------------- */

static gboolean
has_file(const char *plots, const char *name)
{
  return exists(plots, name);
}

/* Every data file of @plots against the results it was drawn from (@d, read by the reader that
 * tests/test-report-data.c checks against the files): each plotted number is the number of
 * summary.csv, latency_cdf.csv, timeline.csv or faults.csv, and nothing is left out. */
static void
check_plot_data(const char *plots, const SimReportData *d)
{
  guint nv = sim_report_data_n_variants(d), ns = sim_report_data_n_subjects(d);

  /* variants.dat: series = variant index, its mode, dashes counting the variants of a mode. */
  g_autoptr(Dat) vars = dat_read(plots, "variants.dat");
  g_assert_cmpuint(vars->rows->len, ==, nv);
  guint per_mode[SIM_REPORT_MODE_COUNT] = { 0 };
  for (guint r = 0; r < nv; r++) {
    const SimReportVariant *var = sim_report_data_variant(d, r);
    g_assert_cmpuint(unum(vars, r, "series"), ==, r);
    g_assert_cmpuint(unum(vars, r, "mode"), ==, var->mode);
    g_assert_cmpuint(unum(vars, r, "dash"), ==, ++per_mode[var->mode]);
    g_assert_cmpstr(cell(vars, r, "variant"), ==, var->label);
  }

  /* latency_cdf: every point of latency_cdf.csv, and the p50/p99 marks of summary.csv. */
  if (has_file(plots, "latency_cdf.dat")) {
    g_autoptr(Dat) cdf = dat_read(plots, "latency_cdf.dat");
    guint total = 0;
    for (guint v = 0; v < nv; v++)
      for (guint s = 0; s < ns; s++) {
        const GArray *pts = sim_report_data_cdf(d, v, s);
        total += pts ? pts->len : 0;
      }
    g_assert_cmpuint(cdf->rows->len, ==, total);
    for (guint r = 0; r < cdf->rows->len; r++) {
      guint v = unum(cdf, r, "series"), s = subject_named(d, cell(cdf, r, "subject"));
      g_assert_cmpuint(v, ==, variant_labelled(d, cell(cdf, r, "variant")));
      const GArray *pts = sim_report_data_cdf(d, v, s);
      gboolean found = FALSE;
      for (guint i = 0; pts && i < pts->len && !found; i++) {
        const SimReportPoint *p = &g_array_index(pts, SimReportPoint, i);
        found = p->x == num(cdf, r, "latency_ms") && p->y == num(cdf, r, "cdf");
      }
      g_assert_true(found);
    }
    g_autoptr(Dat) marks = dat_read(plots, "latency_cdf.marks.dat");
    for (guint r = 0; r < marks->rows->len; r++) {
      guint v = unum(marks, r, "series"), s = subject_named(d, cell(marks, r, "subject"));
      assert_same(num(marks, r, "p50_ms"), sim_report_data_value(d, v, s, "latency_p50_ms"));
      assert_same(num(marks, r, "p99_ms"), sim_report_data_value(d, v, s, "latency_p99_ms"));
    }
  }

  /* latency_percentiles: value and interval of the metric each row names; every finite one. */
  if (has_file(plots, "latency_percentiles.dat")) {
    g_autoptr(Dat) pct = dat_read(plots, "latency_percentiles.dat");
    guint expect = 0;
    const char *pcts[] = { "latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_p999_ms" };
    for (guint v = 0; v < nv; v++)
      for (guint s = 0; s < ns; s++)
        for (guint q = 0; q < G_N_ELEMENTS(pcts); q++)
          expect += isfinite(sim_report_data_value(d, v, s, pcts[q]));
    g_assert_cmpuint(pct->rows->len, ==, expect);
    /* The y axis of each panel reaches its highest bar or whisker (panel_top in the script). */
    g_autofree char *script = slurp(plots, "latency_percentiles.gp");
    g_autoptr(GRegex) re = g_regex_new("\narray panel_top\\[[0-9]+\\] = \\[([^]]*)\\]\n", 0, 0, NULL);
    g_autoptr(GMatchInfo) mi = NULL;
    g_assert_true(g_regex_match(re, script, 0, &mi));
    g_autofree char *list = g_match_info_fetch(mi, 1);
    g_auto(GStrv) tops = g_strsplit(list, ", ", -1);
    g_autofree double *seen_top = g_new0(double, g_strv_length(tops));
    for (guint r = 0; r < pct->rows->len; r++) {
      guint v = unum(pct, r, "series"), s = subject_named(d, cell(pct, r, "subject"));
      const SimReportMetric *m = sim_report_data_metric(d, v, s, cell(pct, r, "metric"));
      g_assert_nonnull(m);
      assert_same(num(pct, r, "value_ms"), m->value);
      assert_same(num(pct, r, "ci_low_ms"), m->ci_low);
      assert_same(num(pct, r, "ci_high_ms"), m->ci_high);
      guint p = unum(pct, r, "panel");
      g_assert_cmpuint(p, <, g_strv_length(tops));
      seen_top[p] = MAX(seen_top[p], MAX(m->value, isfinite(m->ci_high) ? m->ci_high : 0));
    }
    for (guint p = 0; tops[p]; p++)
      g_assert_cmpfloat(g_ascii_strtod(tops[p], NULL), ==, seen_top[p]);
  }

  /* phases: each segment is its phase metric, stacked without gaps; bar totals are their sums. */
  if (has_file(plots, "phases.dat")) {
    g_autoptr(Dat) ph = dat_read(plots, "phases.dat");
    for (guint r = 0; r < ph->rows->len; r++) {
      guint v = unum(ph, r, "series"), s = subject_named(d, cell(ph, r, "subject"));
      double val = sim_report_data_value(d, v, s, cell(ph, r, "metric"));
      assert_same(num(ph, r, "value_ms"), val);
      g_assert_cmpfloat_with_epsilon(num(ph, r, "top_ms") - num(ph, r, "bottom_ms"), val, 1e-9 * val);
      if (r > 0 && unum(ph, r - 1, "series") == v && strcmp(cell(ph, r - 1, "subject"), cell(ph, r, "subject")) == 0)
        assert_same(num(ph, r, "bottom_ms"), num(ph, r - 1, "top_ms"));
      else
        assert_same(num(ph, r, "bottom_ms"), 0);
    }
    g_autoptr(Dat) bars = dat_read(plots, "phases.bars.dat");
    for (guint r = 0; r < bars->rows->len; r++) {
      guint v = unum(bars, r, "series"), s = subject_named(d, cell(bars, r, "subject"));
      double sum = 0;
      for (const char *const *p = (const char *const[]){ "dns", "connect", "tls", "queue", "service", "transfer", NULL };
           *p; p++) {
        g_autofree char *metric = g_strdup_printf("phase_%s_ms", *p);
        double x = sim_report_data_value(d, v, s, metric);
        sum += x > 0 ? x : 0;
      }
      g_assert_cmpfloat_with_epsilon(num(bars, r, "total_ms"), sum, 1e-9 * sum);
      g_assert_cmpuint(unum(bars, r, "mode"), ==, sim_report_data_variant(d, v)->mode);
    }
  }

  /* availability and nodes_ready: one row per timeline bin with a value, the same value. */
  const char *series_files[] = { "availability.dat", "nodes_ready.dat" };
  for (guint f = 0; f < 2; f++) {
    if (!has_file(plots, series_files[f]))
      continue;
    g_autoptr(Dat) ts = dat_read(plots, series_files[f]);
    /* Every bin of a (variant, subject) with at least one value; bins without one are gaps. */
    guint expect = 0;
    for (guint v = 0; v < nv; v++) {
      const GArray *bins = sim_report_data_timeline(d, v);
      for (guint s = 0; s < ns; s++) {
        if (f == 1 && sim_report_data_subject(d, s)->kind != SIM_REPORT_SUBJECT_NODEGROUP)
          continue;
        guint n = 0, with_value = 0;
        for (guint i = 0; bins && i < bins->len; i++) {
          const SimReportBin *b = &g_array_index(bins, SimReportBin, i);
          if (b->subject != s)
            continue;
          n++;
          with_value += isfinite(f == 0 ? b->availability : b->nodes_ready);
        }
        expect += with_value ? n : 0;
      }
    }
    g_assert_cmpuint(ts->rows->len, ==, expect);
    for (guint r = 0; r < ts->rows->len; r++) {
      guint v = unum(ts, r, "series"), s = subject_named(d, cell(ts, r, "subject"));
      const GArray *bins = sim_report_data_timeline(d, v);
      gboolean found = FALSE;
      for (guint i = 0; i < bins->len && !found; i++) {
        const SimReportBin *b = &g_array_index(bins, SimReportBin, i);
        if (b->subject != s || b->start_s != num(ts, r, "bin_start_s"))
          continue;
        found = TRUE;
        assert_same(num(ts, r, f == 0 ? "availability" : "nodes_ready"), f == 0 ? b->availability : b->nodes_ready);
        if (f == 1)
          assert_same(num(ts, r, "nodes"), b->nodes);
        g_assert_cmpfloat(num(ts, r, "time_s"), ==, (b->start_s + b->end_s) / 2);
      }
      g_assert_true(found);
    }
    /* Fault windows: each distinct (fault, start, end) of faults.csv once. */
    g_autoptr(Dat) faults = dat_read(plots, "faults.dat");
    const GArray *all = sim_report_data_faults(d);
    guint distinct = 0;
    for (guint i = 0; i < all->len; i++) {
      const SimReportFault *fi = &g_array_index(all, SimReportFault, i);
      gboolean dup = FALSE;
      for (guint k = 0; k < i && !dup; k++) {
        const SimReportFault *fk = &g_array_index(all, SimReportFault, k);
        dup = strcmp(fk->name, fi->name) == 0 && fk->start_s == fi->start_s &&
              (fk->end_s == fi->end_s || (isnan(fk->end_s) && isnan(fi->end_s)));
      }
      distinct += !dup;
    }
    g_assert_cmpuint(faults->rows->len, ==, distinct);
    for (guint r = 0; r < faults->rows->len; r++) {
      gboolean found = FALSE;
      for (guint i = 0; i < all->len && !found; i++) {
        const SimReportFault *fi = &g_array_index(all, SimReportFault, i);
        found = fi->start_s == num(faults, r, "start_s") && (fi->end_s == num(faults, r, "end_s") || isnan(fi->end_s));
      }
      g_assert_true(found);
    }
  }

  /* reachability: availability of summary.csv, its class, the most frequent failure. */
  if (has_file(plots, "reachability.dat")) {
    g_autoptr(Dat) reach = dat_read(plots, "reachability.dat");
    guint clients = 0;
    for (guint s = 0; s < ns; s++)
      clients += sim_report_data_subject(d, s)->kind == SIM_REPORT_SUBJECT_CLIENT;
    g_assert_cmpuint(reach->rows->len, ==, clients * nv);
    for (guint r = 0; r < reach->rows->len; r++) {
      guint v = variant_labelled(d, cell(reach, r, "variant")), s = subject_named(d, cell(reach, r, "subject"));
      double a = sim_report_data_value(d, v, s, "availability");
      assert_same(num(reach, r, "availability"), a);
      guint cls = unum(reach, r, "class");
      g_assert_cmpuint(cls, ==, !isfinite(a) ? 3 : a >= 0.99 ? 0 : a <= 0 ? 2 : 1);
      const GArray *fails = sim_report_data_failures(d, v, s);
      if (cls == 1 || cls == 2) {
        g_assert_nonnull(fails);
        g_assert_true(g_str_has_prefix(g_array_index(fails, SimReportFailure, 0).outcome, "") &&
                      strcmp(cell(reach, r, "reason"), g_array_index(fails, SimReportFailure, 0).outcome) == 0);
      }
    }
  }

  /* cost and exposure: each component and probe value as summary.csv has it. */
  if (has_file(plots, "cost.dat")) {
    g_autoptr(Dat) cost = dat_read(plots, "cost.dat");
    g_autoptr(Dat) totals = dat_read(plots, "cost.totals.dat");
    for (guint r = 0; r < cost->rows->len; r++) {
      guint v = unum(cost, r, "series"), s = subject_named(d, cell(cost, r, "subject"));
      assert_same(num(cost, r, "value_usd"), sim_report_data_value(d, v, s, cell(cost, r, "metric")));
    }
    for (guint t = 0; t < totals->rows->len; t++) {
      double sum = 0;
      for (guint r = 0; r < cost->rows->len; r++)
        if (unum(cost, r, "series") == unum(totals, t, "series"))
          sum += num(cost, r, "value_usd");
      g_assert_cmpfloat_with_epsilon(num(totals, t, "total_usd"), sum, 1e-12);
    }
    g_autoptr(Dat) expo = dat_read(plots, "exposure.dat");
    for (guint r = 0; r < expo->rows->len; r++) {
      guint v = unum(expo, r, "series"), s = subject_named(d, cell(expo, r, "subject"));
      assert_same(num(expo, r, "value"), sim_report_data_value(d, v, s, cell(expo, r, "metric")));
    }
  }
}

static void
test_data_matches(void)
{
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  /* No gnuplot needed: the data files are written either way. */
  SimPlotOptions opts = { .gnuplot = "/nonexistent/gnuplot" };
  SimReportData *raw = NULL;
  g_autoptr(SimPlotSet) set = render(dir, &opts, &raw);
  g_autoptr(SimReportData) d = raw;
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  check_plot_data(plots, d);

  /* What the fixture holds, plot by plot. */
  g_autoptr(Dat) panels = dat_read(plots, "latency_cdf.panels.dat");
  g_assert_cmpuint(panels->rows->len, ==, 4);
  g_assert_cmpstr(cell(panels, 0, "label"), ==, "laptop (internet)");
  g_assert_cmpstr(cell(panels, 3, "label"), ==, "ng1 (node group)");
  g_autoptr(Dat) cdf = dat_read(plots, "latency_cdf.dat");
  g_assert_cmpuint(cdf->rows->len, ==, (4 * 3 - 1) * 60);
  /* The private laptop never succeeded: no curve, no marks. */
  g_autofree char *script = slurp(plots, "latency_cdf.gp");
  g_assert_nonnull(strstr(script, "array panel_series[4] = [\"0 1\", \"0 1 2\", \"0 1 2\", \"0 1 2\"]\n"));
  g_autoptr(Dat) pct = dat_read(plots, "latency_percentiles.dat");
  g_assert_cmpuint(pct->rows->len, ==, (4 * 3 - 1) * 4);
  g_autoptr(Dat) ph = dat_read(plots, "phases.dat");
  g_assert_cmpuint(ph->rows->len, ==, (4 * 3 - 1) * 6);
  g_autoptr(Dat) av = dat_read(plots, "availability.dat");
  g_assert_cmpuint(av->rows->len, ==, 3 * 4 * 54);
  g_autoptr(Dat) nr = dat_read(plots, "nodes_ready.dat");
  g_assert_cmpuint(nr->rows->len, ==, 3 * 54);
  g_autoptr(Dat) faults = dat_read(plots, "faults.dat");
  g_assert_cmpuint(faults->rows->len, ==, 1); /* one window, 3 variants x 3 replications: drawn once */
  g_assert_cmpfloat(num(faults, 0, "start_s"), ==, 200);
  g_assert_cmpfloat(num(faults, 0, "end_s"), ==, 300);
  g_assert_cmpstr(cell(faults, 0, "fault"), ==, "nat1");
  g_autoptr(Dat) reach = dat_read(plots, "reachability.dat");
  g_assert_cmpuint(reach->rows->len, ==, 3 * 3);
  /* laptop x private: unreachable, 0% ok, connect-timeout and why (facts §1.8 row a); the
   * bastion in public mode reaches the endpoint through the NAT gateway. */
  guint seen = 0;
  for (guint r = 0; r < reach->rows->len; r++) {
    if (strcmp(cell(reach, r, "subject"), "laptop") == 0 && strcmp(cell(reach, r, "variant"), "cluster.endpoint=private") == 0) {
      seen++;
      g_assert_cmpuint(unum(reach, r, "class"), ==, 2);
      g_assert_cmpstr(cell(reach, r, "label"), ==, "0% ok");
      g_assert_cmpstr(cell(reach, r, "reason"), ==, "connect-timeout");
      g_assert_cmpstr(cell(reach, r, "detail"), ==, "SYN to private address 10.0.1.10 unan\u2026");
    }
    if (strcmp(cell(reach, r, "subject"), "corp") == 0 && strcmp(cell(reach, r, "variant"), "cluster.endpoint=private") == 0) {
      seen++;
      g_assert_cmpuint(unum(reach, r, "class"), ==, 0);
      g_assert_cmpstr(cell(reach, r, "detail"), ==, "via vpn + xeni + private-endpoint");
    }
  }
  g_assert_cmpuint(seen, ==, 2);
  g_autoptr(Dat) cost = dat_read(plots, "cost.dat");
  g_assert_cmpuint(cost->rows->len, ==, 3 * 3);
  g_autoptr(Dat) expo = dat_read(plots, "exposure.dat");
  g_assert_cmpuint(expo->rows->len, ==, 2 * 3);
  test_remove_tree(scratch);
}

/* A real results folder: the runner (sim/scenario/runner.c) running a scenario through the test
 * model of tests/support/, as eksim run does with the EKS model. One replication: no confidence
 * intervals anywhere (the percentile plot must still draw, without whiskers). */
static const char runner_ini[] = "[scenario]\nname = runner-demo\nduration = 90s\nwarmup = 10s\nbin = 10s\n"
                                 "seed = 3\nreplications = 1\n\n"
                                 "[client.laptop]\nlocation = internet\nrate = 4/s\n\n"
                                 "[client.bastion]\nlocation = vpc-private\nrate = 2/s\n\n"
                                 "[nodegroup.ng1]\nnodes = 3\n\n"
                                 "[fault.nat]\nkind = nat-gateway-outage\nat = 40s\nduration = 20s\n\n"
                                 "[link.internet]\nlatency = lognormal(median=10ms, sigma=0.5)\nloss = 0.01\n\n"
                                 "[sweep]\ncluster.endpoint = public, public+private, private\n";

static void
test_runner_results(void)
{
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *ini = g_build_filename(scratch, "demo.ini", NULL);
  g_assert_true(g_file_set_contents(ini, runner_ini, -1, NULL));
  g_autofree char *out = g_build_filename(scratch, "results", NULL);
  SimRunnerOptions ro = { .jobs = 2 };
  sim_test_model_reset();
  g_autoptr(SimRunner) runner = sim_runner_new(sim_test_model_ops(), &ro, out);
  sim_runner_add_file(runner, ini);
  g_assert_cmpint(sim_runner_run(runner), ==, SIM_RUNNER_OK);

  g_autofree char *dir = g_build_filename(out, "runner-demo", NULL);
  gboolean drawn = have_gnuplot();
  SimPlotOptions opts = { .gnuplot = drawn ? NULL : "/nonexistent/gnuplot" };
  SimReportData *raw = NULL;
  g_autoptr(SimPlotSet) set = render(dir, &opts, &raw);
  g_autoptr(SimReportData) d = raw;
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  check_plot_data(plots, d);
  g_assert_cmpuint(sim_report_data_n_variants(d), ==, 3);
  g_assert_cmpint(sim_report_data_variant(d, 2)->mode, ==, SIM_REPORT_MODE_PRIVATE);
  g_assert_cmpstr(sim_report_data_subject(d, subject_named(d, "bastion"))->location, ==, "vpc-private");
  if (drawn) {
    for (guint i = 0; i < sim_plot_set_warnings(set)->len; i++)
      g_printerr("warning: %s\n", (const char *)sim_plot_set_warnings(set)->pdata[i]);
    g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, 0);
    /* The test model has no cost or exposure: that plot is skipped, every other one drawn. */
    for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
      const SimPlot *p = plot_named(set, plot_names[i]);
      g_assert_cmpint(p->status, ==, strcmp(p->name, "cost_exposure") == 0 ? SIM_PLOT_NO_DATA : SIM_PLOT_DRAWN);
    }
  }
  test_remove_tree(scratch);
}

/* ---- one colour per endpoint mode, in every image -------------------------------------------------- */

static void
test_mode_colours(void)
{
  if (!have_gnuplot())
    return;
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autoptr(SimPlotSet) set = render(dir, NULL, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  /* common.gp: public D55E00, public+private CC79A7, private 0072B2. */
  const char *rgb[] = { "rgb(213,94,0)", "rgb(204,121,167)", "rgb(0,114,178)" };
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    g_autofree char *name = g_strconcat(plot_names[i], ".svg", NULL);
    g_autofree char *svg = slurp(plots, name);
    g_assert_nonnull(svg);
    g_autoptr(GString) flat = g_string_new(NULL);
    for (const char *p = svg; *p; p++)
      if (*p != ' ')
        g_string_append_c(flat, *p);
    for (guint m = 0; m < G_N_ELEMENTS(rgb); m++)
      if (!strstr(flat->str, rgb[m]))
        g_error("%s has no %s (mode %u)", name, rgb[m], m);
  }
  test_remove_tree(scratch);
}

/* ---- gnuplot missing, failing, complaining, slow --------------------------------------------------- */

static void
test_gnuplot_missing(void)
{
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  SimPlotOptions opts = { .gnuplot = "/nonexistent/gnuplot" };
  g_autoptr(SimPlotSet) set = render(dir, &opts, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  const GPtrArray *w = sim_plot_set_warnings(set);
  g_assert_cmpuint(w->len, ==, 1);
  g_assert_nonnull(strstr(w->pdata[0], "gnuplot (/nonexistent/gnuplot) not found"));
  g_assert_nonnull(strstr(w->pdata[0], "eksim plot"));
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    const SimPlot *p = plot_named(set, plot_names[i]);
    g_assert_cmpint(p->status, ==, SIM_PLOT_FAILED);
    g_autofree char *gp = g_strconcat(p->name, ".gp", NULL);
    g_autofree char *dat = g_strconcat(p->name, ".dat", NULL);
    g_autofree char *png = g_strconcat(p->name, ".png", NULL);
    g_assert_true(exists(plots, gp));
    g_assert_true(exists(plots, dat) || strcmp(p->name, "cost_exposure") == 0);
    g_assert_false(exists(plots, png));
  }
  /* The report is still written and says how to draw the plots later. */
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_true(sim_report_write_html(d, set, dir, &error));
  g_assert_no_error(error);
  g_autofree char *html = slurp(dir, "report.html");
  g_assert_nonnull(strstr(html, "Not drawn: gnuplot not found"));
  g_assert_nonnull(strstr(html, "<code>eksim plot</code>"));

  /* Later, with gnuplot: the same folder gets its images. */
  if (!have_gnuplot()) {
    test_remove_tree(scratch);
    return;
  }
  g_autoptr(SimPlotSet) again = render(dir, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++)
    g_assert_cmpint(plot_named(again, plot_names[i])->status, ==, SIM_PLOT_DRAWN);
  g_assert_true(exists(plots, "latency_cdf.png"));
  test_remove_tree(scratch);
}

static char *
fake_gnuplot(const char *scratch, const char *body)
{
  g_autofree char *real = g_find_program_in_path("gnuplot");
  char *path = g_build_filename(scratch, "fake-gnuplot", NULL);
  g_autofree char *text = g_strdup_printf("#!/bin/sh\nREAL='%s'\n%s\n", real ? real : "false", body);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  g_assert_cmpint(g_chmod(path, 0755), ==, 0);
  return path;
}

/* A gnuplot that writes half an image and fails: a warning with its exit status and stderr, no
 * image left behind, the data and script kept. */
static void
test_gnuplot_fails(void)
{
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autofree char *fake = fake_gnuplot(scratch, "echo half > \"${2%.gp}.png\"\n"
                                                "echo \"$2\" line 3: boom >&2\nexit 3");
  SimPlotOptions opts = { .gnuplot = fake };
  g_autoptr(SimPlotSet) set = render(dir, &opts, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, G_N_ELEMENTS(plot_names));
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    const SimPlot *p = plot_named(set, plot_names[i]);
    g_assert_cmpint(p->status, ==, SIM_PLOT_FAILED);
    g_autofree char *expect = g_strdup_printf("%s -d %s.gp: exit status 3: %s.gp line 3: boom", fake, p->name, p->name);
    g_assert_cmpstr(p->note, ==, expect);
    g_autofree char *png = g_strconcat(p->name, ".png", NULL);
    g_autofree char *gp = g_strconcat(p->name, ".gp", NULL);
    g_assert_false(exists(plots, png));
    g_assert_true(exists(plots, gp));
  }
  test_remove_tree(scratch);
}

/* Exit status 0 but something on stderr: drawn, and the user sees what gnuplot said. */
static void
test_gnuplot_stderr(void)
{
  if (!have_gnuplot())
    return;
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autofree char *fake = fake_gnuplot(scratch, "\"$REAL\" \"$@\"; s=$?\necho 'warning: odd range' >&2\nexit $s");
  SimPlotOptions opts = { .gnuplot = fake, .no_svg = TRUE };
  g_autoptr(SimPlotSet) set = render(dir, &opts, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  const SimPlot *p = plot_named(set, "reachability");
  g_assert_cmpint(p->status, ==, SIM_PLOT_DRAWN);
  g_autofree char *expect = g_strdup_printf("%s -d reachability.gp wrote: warning: odd range", fake);
  g_assert_cmpstr(p->note, ==, expect);
  g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, G_N_ELEMENTS(plot_names));
  g_assert_true(exists(plots, "reachability.png"));
  g_assert_false(exists(plots, "reachability.svg")); /* --png-only */
  test_remove_tree(scratch);
}

static void
test_gnuplot_timeout(void)
{
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autofree char *fake = fake_gnuplot(scratch, "case \"$2\" in latency_cdf.gp) exec sleep 30;; esac\nexit 0");
  SimPlotOptions opts = { .gnuplot = fake, .timeout_s = 1 };
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(SimPlotSet) set = render(dir, &opts, NULL);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 20 * G_USEC_PER_SEC);
  const SimPlot *p = plot_named(set, "latency_cdf");
  g_assert_cmpint(p->status, ==, SIM_PLOT_FAILED);
  g_autofree char *expect = g_strdup_printf("%s -d latency_cdf.gp: no result after 1 s; stopped", fake);
  g_assert_cmpstr(p->note, ==, expect);
  /* The others exited 0 without drawing: that is a failure too, not a silent success. */
  p = plot_named(set, "phases");
  g_assert_cmpint(p->status, ==, SIM_PLOT_FAILED);
  g_assert_cmpstr(p->note, ==, "gnuplot wrote no phases.png");
  test_remove_tree(scratch);
}

/* ---- hostile names ------------------------------------------------------------------------------ */

/* Text from a shared scenario file that would run commands if it were pasted into a gnuplot
 * script: backticks (run even inside double quotes), system(), a quote that closes a string,
 * a line break that starts a new command, macros. Each tries to create a marker file. */
static char *
hostile_fixture(const char *scratch, const char *marker)
{
  g_autofree char *dir = g_build_filename(scratch, "hostile", NULL);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  g_autofree char *m1 = g_strdup_printf("`touch %s.1`", marker);
  g_autofree char *m2 = g_strdup_printf("x'; system('touch %s.2'); y='", marker);
  g_autofree char *m3 = g_strdup_printf("a\"; system(\"touch %s.3\"); b=\"", marker);
  g_autofree char *m4 = g_strdup_printf("line\n!touch %s.4\nsystem \"touch %s.5\"", marker, marker);
  g_autofree char *m5 = g_strdup_printf("@cmd \\\\ `touch %s.6` <script>alert(1)</script>", marker);
  /* CSV-quote each name. */
  const char *raw[] = { m1, m2, m3, m4, m5 };
  char *q[5];
  for (guint i = 0; i < 5; i++) {
    g_autofree char *doubled = NULL;
    g_auto(GStrv) parts = g_strsplit(raw[i], "\"", -1);
    doubled = g_strjoinv("\"\"", parts);
    q[i] = g_strdup_printf("\"%s\"", doubled);
  }
  /* scenario = m1, variants = m2 (endpoint private) and m3, clients m4 and m5 (m4 is a node group). */
  g_autoptr(GString) csv = g_string_new("scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n");
  const char *metrics[] = { "availability", "requests", "latency_p50_ms", "latency_p90_ms", "latency_p99_ms",
                            "latency_p999_ms", "phase_dns_ms", "phase_connect_ms", "outcome_connect-timeout",
                            "node_ready_fraction" };
  const double values[] = { 0.5, 10, 20, 30, 40, 50, 3, 7, 5, 0.9 };
  for (guint v = 1; v <= 2; v++)
    for (guint s = 3; s <= 4; s++)
      for (guint k = 0; k < G_N_ELEMENTS(metrics); k++) {
        if (k == G_N_ELEMENTS(metrics) - 1 && s != 3)
          continue;
        g_string_append_printf(csv, "%s,%s,%s,%s,%g,%g,%g,2,%s\n", q[0], q[v], q[s], metrics[k], values[k],
                               values[k] * 0.9, values[k] * 1.1, k == 0 ? "fraction" : "ms");
      }
  for (guint v = 1; v <= 2; v++) {
    g_string_append_printf(csv, "%s,%s,%s,cost_%s_usd,0.5,,,2,USD\n", q[0], q[v], q[4], "x");
    g_string_append_printf(csv, "%s,%s,%s,exposure,1,,,2,fraction\n", q[0], q[v], q[1]);
  }
  g_autofree char *p = g_build_filename(dir, "summary.csv", NULL);
  g_assert_true(g_file_set_contents(p, csv->str, -1, NULL));
  g_autoptr(GString) cdf = g_string_new("scenario,variant,subject,latency_ms,cdf\n");
  g_autoptr(GString) tl = g_string_new("variant,subject,bin_start_s,bin_end_s,metric,value\n");
  for (guint v = 1; v <= 2; v++)
    for (guint s = 3; s <= 4; s++) {
      for (guint i = 1; i <= 5; i++)
        g_string_append_printf(cdf, "%s,%s,%s,%u,%g\n", q[0], q[v], q[s], 10 * i, i / 5.0);
    }
  for (guint s = 3; s <= 4; s++)
    for (guint i = 0; i < 5; i++) {
      g_string_append_printf(tl, "%s,%s,%u,%u,availability,%g\n", q[1], q[s], 10 * i, 10 * i + 10,
                             i % 2 ? 1.0 : 0.5);
      if (s == 3)
        g_string_append_printf(tl, "%s,%s,%u,%u,nodes_ready,2\n", q[1], q[s], 10 * i, 10 * i + 10);
    }
  g_free(p);
  p = g_build_filename(dir, "latency_cdf.csv", NULL);
  g_assert_true(g_file_set_contents(p, cdf->str, -1, NULL));
  g_free(p);
  p = g_build_filename(dir, "faults.csv", NULL);
  g_autofree char *faults = g_strdup_printf("scenario,variant,fault,kind,start_s,end_s\n%s,%s,%s,%s,10,20\n", q[0],
                                            q[1], q[2], q[3]);
  g_assert_true(g_file_set_contents(p, faults, -1, NULL));
  g_free(p);
  p = g_build_filename(dir, "variants", "v1", NULL);
  g_assert_cmpint(g_mkdir_with_parents(p, 0755), ==, 0);
  g_free(p);
  p = g_build_filename(dir, "variants", "v1", "timeline.csv", NULL);
  g_assert_true(g_file_set_contents(p, tl->str, -1, NULL));
  g_free(p);
  /* The scenario text, with the endpoint of the first variant; the client groups name the
   * hostile clients (GKeyFile groups cannot hold a line break, so only m5 is a client). */
  g_autofree char *ini = g_strdup_printf("[scenario]\nname = %s\ndescription = %s\nduration = 50s\n"
                                         "[client.%s]\nlocation = %s\n",
                                         m1, m5, m5, m2);
  p = g_build_filename(dir, "scenario.ini", NULL);
  g_assert_true(g_file_set_contents(p, ini, -1, NULL));
  for (guint i = 0; i < 5; i++)
    g_free(q[i]);
  return g_steal_pointer(&dir);
}

static void
assert_no_marker(const char *marker)
{
  for (guint i = 1; i <= 6; i++) {
    g_autofree char *m = g_strdup_printf("%s.%u", marker, i);
    if (g_file_test(m, G_FILE_TEST_EXISTS))
      g_error("a hostile name ran a command: %s exists", m);
  }
}

static void
test_hostile_names(void)
{
  if (!have_gnuplot())
    return;
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *marker = g_build_filename(scratch, "PWNED", NULL);
  g_autofree char *dir = hostile_fixture(scratch, marker);

  /* First prove the payloads are live: pasted into a double-quoted gnuplot string, a backtick
   * runs (this is what the escaping must prevent). */
  g_autofree char *probe = g_build_filename(scratch, "probe.gp", NULL);
  g_autofree char *probe_text = g_strdup_printf("x = \"`touch %s.1`\"\n", marker);
  g_assert_true(g_file_set_contents(probe, probe_text, -1, NULL));
  g_autofree char *cmd = g_strdup_printf("gnuplot %s", probe);
  g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
  g_autofree char *m1 = g_strdup_printf("%s.1", marker);
  g_assert_true(g_file_test(m1, G_FILE_TEST_EXISTS));
  g_unlink(m1);

  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  g_assert_true(sim_report_plot_dir(dir, NULL, warnings, &error));
  g_assert_no_error(error);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr("warning: %s\n", (const char *)warnings->pdata[i]);
  g_assert_cmpuint(warnings->len, ==, 0);
  assert_no_marker(marker);

  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  g_autoptr(SimPlotSet) set = sim_plot_set_render(d, dir, NULL, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    const SimPlot *p = plot_named(set, plot_names[i]);
    if (p->status != SIM_PLOT_DRAWN)
      g_error("%s: %s", p->name, p->note ? p->note : "not drawn");
  }
  assert_no_marker(marker);
  /* The names reached the images as text (XML-escaped by gnuplot's SVG writer). */
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_autofree char *svg = slurp(plots, "latency_cdf.svg");
  g_autofree char *title = g_strdup_printf("Request latency CDF: `touch %s.1`", marker);
  g_assert_nonnull(strstr(svg, title));
  g_autofree char *svg2 = slurp(plots, "reachability.svg");
  g_assert_nonnull(strstr(svg2, "@cmd \\\\ `touch ")); /* both backslashes, as named */
  g_autofree char *svg3 = slurp(plots, "cost_exposure.svg");
  g_assert_nonnull(strstr(svg3, "x'; system('touch"));
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    g_autofree char *name = g_strconcat(plot_names[i], ".svg", NULL);
    g_autofree char *text = slurp(plots, name);
    g_assert_null(strstr(text, "<script"));
  }
  /* Every script header still holds numbers only. */
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    g_autofree char *gp = g_strconcat(plot_names[i], ".gp", NULL);
    g_autofree char *script = slurp(plots, gp);
    assert_script_header_safe(script);
    g_assert_null(strstr(script, "touch"));
  }
  test_remove_tree(scratch);
}

/* ---- templates, replacement, no data, the command ---------------------------------------------- */

static void
test_restyled_templates(void)
{
  if (!have_gnuplot())
    return;
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  g_autofree char *tdir = g_build_filename(scratch, "templates", NULL);
  copy_tree("plots", tdir);
  g_autofree char *common = slurp(tdir, "common.gp");
  g_autoptr(GString) restyled = g_string_new(common);
  g_assert_cmpuint(g_string_replace(restyled, "0xD55E00", "0x00FF00", 0), ==, 1);
  g_autofree char *cpath = g_build_filename(tdir, "common.gp", NULL);
  g_assert_true(g_file_set_contents(cpath, restyled->str, -1, NULL));
  SimPlotOptions opts = { .templates_dir = tdir };
  g_autoptr(SimPlotSet) set = render(dir, &opts, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_autofree char *svg = slurp(plots, "latency_cdf.svg");
  g_assert_nonnull(strstr(svg, "rgb(  0, 255,   0)"));
  g_assert_null(strstr(svg, "rgb(213,  94,   0)"));
  g_autofree char *copied = slurp(plots, "common.gp");
  g_assert_cmpstr(copied, ==, restyled->str);

  /* A template missing from the folder given is an error, before anything is written. */
  g_autofree char *gone = g_build_filename(tdir, "phases.gp", NULL);
  g_unlink(gone);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_null(sim_plot_set_render(d, dir, &opts, &error));
  g_assert_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE);
  g_assert_true(g_str_has_prefix(error->message, gone));
  g_assert_true(exists(plots, "latency_cdf.svg")); /* the previous plots are untouched */
  test_remove_tree(scratch);
}

/* Drawing again replaces the plots folder whole: no stale files of a plot that has no data now. */
static void
test_replace(void)
{
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  SimPlotOptions opts = { .gnuplot = "/nonexistent/gnuplot" };
  g_autoptr(SimPlotSet) a = render(dir, &opts, NULL);
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_assert_true(exists(plots, "nodes_ready.dat"));
  g_autofree char *tl = g_build_filename(dir, "variants", NULL);
  test_remove_tree(tl);
  g_autoptr(SimPlotSet) b = render(dir, &opts, NULL);
  g_assert_false(exists(plots, "nodes_ready.dat"));
  g_assert_false(exists(plots, "nodes_ready.gp"));
  g_assert_cmpint(plot_named(b, "nodes_ready")->status, ==, SIM_PLOT_NO_DATA);
  g_assert_cmpstr(plot_named(b, "nodes_ready")->note, ==, "no variants/*/timeline.csv with a nodes_ready column");
  g_autoptr(GDir) dh = g_dir_open(dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(dh)))
    g_assert_false(g_str_has_prefix(name, ".plots"));
  test_remove_tree(scratch);
}

static void
test_no_data(void)
{
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *csv = g_build_filename(scratch, "summary.csv", NULL);
  g_assert_true(g_file_set_contents(csv, "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n"
                                         "s,,c,requests,0,,,1,requests\n",
                                    -1, NULL));
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  g_assert_true(sim_report_plot_dir(scratch, NULL, warnings, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(warnings->len, ==, 0);
  g_autofree char *html = slurp(scratch, "report.html");
  g_assert_nonnull(strstr(html, "Not drawn: latency_cdf.csv has no points and summary.csv no requests"));
  g_assert_nonnull(strstr(html, "Not drawn: summary.csv has no cost (unit USD) or exposure metrics, and no probe subjects"));
  test_remove_tree(scratch);
}

/* 18 variants with long labels: the legend strip grows instead of covering panels (gnuplot warns
 * when a key does not fit, and any warning fails this test), bars widen their panels, and the
 * reachability matrix turns variants into rows. */
static const char many_ini[] = "[scenario]\nname = many\nduration = 40s\nwarmup = 10s\nbin = 10s\nseed = 2\n"
                               "replications = 2\n\n[client.laptop]\nlocation = internet\nrate = 2/s\n\n"
                               "[client.bastion]\nlocation = vpc-private\nrate = 2/s\n\n"
                               "[nodegroup.workers-on-demand]\nnodes = 2\n\n"
                               "[fault.nat]\nkind = nat-gateway-outage\nat = 20s\nduration = 10s\n\n"
                               "[sweep]\ncluster.endpoint = public, public+private, private\n"
                               "vpc.nat = none, single, per-az\n"
                               "client.laptop.connection = new, reuse\n";

static void
test_many_variants(void)
{
  if (!have_gnuplot())
    return;
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *ini = g_build_filename(scratch, "many.ini", NULL);
  g_assert_true(g_file_set_contents(ini, many_ini, -1, NULL));
  g_autofree char *out = g_build_filename(scratch, "results", NULL);
  SimRunnerOptions ro = { .jobs = 2 };
  sim_test_model_reset();
  g_autoptr(SimRunner) runner = sim_runner_new(sim_test_model_ops(), &ro, out);
  sim_runner_add_file(runner, ini);
  g_assert_cmpint(sim_runner_run(runner), ==, SIM_RUNNER_OK);
  g_autofree char *dir = g_build_filename(out, "many", NULL);
  SimReportData *raw = NULL;
  g_autoptr(SimPlotSet) set = render(dir, NULL, &raw);
  g_autoptr(SimReportData) d = raw;
  g_assert_cmpuint(sim_report_data_n_variants(d), ==, 18);
  for (guint i = 0; i < sim_plot_set_warnings(set)->len; i++)
    g_printerr("warning: %s\n", (const char *)sim_plot_set_warnings(set)->pdata[i]);
  g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS(plot_names); i++) {
    const SimPlot *p = plot_named(set, plot_names[i]);
    g_assert_cmpint(p->status, ==, strcmp(p->name, "cost_exposure") == 0 ? SIM_PLOT_NO_DATA : SIM_PLOT_DRAWN);
  }
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_autofree char *script = slurp(plots, "reachability.gp");
  g_assert_nonnull(strstr(script, "\ntransposed = 1\nrow_chars = "));
  g_assert_nonnull(strstr(script, "\nn_rows = 18\nn_cols = 2\n"));
  /* six variants per mode: bars cannot be dashed, so they come in the mode's colour and its
   * tints (common.gp bar_rgb: 30, 55, 75 % towards white); public's are checked */
  g_autofree char *bars = slurp(plots, "latency_percentiles.svg");
  g_autoptr(GString) flat = g_string_new(NULL);
  for (const char *c = bars; *c; c++)
    if (*c != ' ')
      g_string_append_c(flat, *c);
  const char *tints[] = { "rgb(213,94,0)", "rgb(226,142,77)", "rgb(236,183,140)", "rgb(245,215,191)" };
  for (guint t = 0; t < G_N_ELEMENTS(tints); t++)
    if (!strstr(flat->str, tints[t]))
      g_error("latency_percentiles.svg has no %s (public, tint %u)", tints[t], t);
  check_plot_data(plots, d);
  test_remove_tree(scratch);
}

/* eksim run on a short sweep of the real model: its plot hook draws the plots and writes the
 * report, and every plotted number is the run's. */
static const char run_ini[] = "[scenario]\nname = run-modes\nduration = 60s\nwarmup = 10s\nbin = 10s\nseed = 5\n"
                              "replications = 2\n\n[client.laptop]\nlocation = internet\nrate = 2/s\n\n"
                              "[client.bastion]\nlocation = vpc-private\nrate = 2/s\n\n"
                              "[cluster]\nsecurity_group_allow = 10.0.0.0/16\n\n"
                              "[sweep]\ncluster.endpoint = public, public+private, private\n";

static void
test_eksim_run(void)
{
  const char *eksim = g_getenv("EKSIM");
  if (!eksim) {
    g_test_skip("EKSIM is not set (make check sets it)");
    return;
  }
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *ini = g_build_filename(scratch, "modes.ini", NULL);
  g_assert_true(g_file_set_contents(ini, run_ini, -1, NULL));
  g_autofree char *out = g_build_filename(scratch, "out", NULL);
  g_autofree char *plain = g_build_filename(scratch, "plain", NULL);
  gboolean drawn = have_gnuplot();

  /* --no-plots: results only. */
  g_autofree char *argv0 = g_strdup(eksim);
  char *argv_np[] = { argv0, "run", ini, "-o", plain, "--quiet", "--no-plots", NULL };
  int status = 0;
  g_autofree char *err0 = NULL;
  g_assert_true(g_spawn_sync(NULL, argv_np, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err0, &status, &error));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_autofree char *plain_dir = g_build_filename(plain, "run-modes", NULL);
  g_assert_true(exists(plain_dir, "summary.csv"));
  g_assert_false(exists(plain_dir, "plots"));
  g_assert_false(exists(plain_dir, "report.html"));

  char *argv_run[] = { argv0, "run", ini, "-o", out, "--quiet", NULL };
  g_autofree char *err = NULL;
  g_assert_true(g_spawn_sync(NULL, argv_run, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("eksim run failed: %s", err);
  if (drawn)
    g_assert_cmpstr(err, ==, ""); /* gnuplot ran clean: no warning */
  g_autofree char *dir = g_build_filename(out, "run-modes", NULL);
  g_assert_true(exists(dir, "report.html") && exists(dir, "report.md"));
  g_autofree char *plots = g_build_filename(dir, "plots", NULL);
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  check_plot_data(plots, d);
  const char *always[] = { "latency_cdf", "latency_percentiles", "phases", "availability", "reachability" };
  for (guint i = 0; i < G_N_ELEMENTS(always); i++) {
    g_autofree char *gp = g_strconcat(always[i], ".gp", NULL);
    g_autofree char *png = g_strconcat(always[i], ".png", NULL);
    g_assert_true(exists(plots, gp));
    g_assert_true(exists(plots, png) == drawn);
  }
  /* The laptop cannot reach a private-only endpoint (facts §1.8 a): a red cell, 0% ok. */
  g_autoptr(Dat) reach = dat_read(plots, "reachability.dat");
  gboolean seen = FALSE;
  for (guint r = 0; r < reach->rows->len; r++)
    if (strcmp(cell(reach, r, "subject"), "laptop") == 0 && strcmp(cell(reach, r, "variant"), "cluster.endpoint=private") == 0) {
      seen = TRUE;
      g_assert_cmpuint(unum(reach, r, "class"), ==, 2);
      g_assert_cmpstr(cell(reach, r, "label"), ==, "0% ok");
    }
  g_assert_true(seen);
  test_remove_tree(scratch);
}

/* Exposure from probe subjects' availability when the model reports no exposure* metric. */
static void
test_probe_exposure(void)
{
  GError *error = NULL;
  g_autofree char *scratch = g_dir_make_tmp("eksim-plot-XXXXXX", &error);
  g_assert_no_error(error);
  g_autofree char *csv = g_build_filename(scratch, "summary.csv", NULL);
  g_assert_true(g_file_set_contents(csv, "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n"
                                         "s,cluster.endpoint=public,outside,requests,10,,,1,requests\n"
                                         "s,cluster.endpoint=public,outside,availability,0,,,1,ratio\n"
                                         "s,cluster.endpoint=public,inside,availability,1,,,1,ratio\n"
                                         "s,cluster.endpoint=private,outside,availability,0,,,1,ratio\n"
                                         "s,cluster.endpoint=private,inside,availability,0,,,1,ratio\n",
                                    -1, NULL));
  g_autofree char *json = g_build_filename(scratch, "summary.json", NULL);
  g_assert_true(g_file_set_contents(json, "{\"variants\": [{\"label\": \"cluster.endpoint=public\", \"subjects\": "
                                          "[{\"name\": \"outside\", \"kind\": \"probe\"}, {\"name\": \"inside\", "
                                          "\"kind\": \"probe\"}]}]}",
                                    -1, NULL));
  SimPlotOptions opts = { .gnuplot = have_gnuplot() ? NULL : "/nonexistent/gnuplot" };
  SimReportData *raw = NULL;
  g_autoptr(SimPlotSet) set = render(scratch, &opts, &raw);
  g_autoptr(SimReportData) d = raw;
  g_autofree char *plots = g_build_filename(scratch, "plots", NULL);
  g_assert_cmpint(plot_named(set, "cost_exposure")->status, !=, SIM_PLOT_NO_DATA);
  g_autoptr(Dat) groups = dat_read(plots, "exposure.groups.dat");
  g_assert_cmpuint(groups->rows->len, ==, 2);
  g_assert_cmpstr(cell(groups, 0, "label"), ==, "outside");
  g_autoptr(Dat) expo = dat_read(plots, "exposure.dat");
  g_assert_cmpuint(expo->rows->len, ==, 4);
  g_assert_cmpstr(cell(expo, 1, "metric"), ==, "availability");
  check_plot_data(plots, d);
  for (guint i = 0; i < sim_plot_set_warnings(set)->len; i++)
    g_printerr("warning: %s\n", (const char *)sim_plot_set_warnings(set)->pdata[i]);
  if (have_gnuplot())
    g_assert_cmpuint(sim_plot_set_warnings(set)->len, ==, 0);
  test_remove_tree(scratch);
}

static void
test_command(void)
{
  const char *eksim = g_getenv("EKSIM");
  if (!eksim) {
    g_test_skip("EKSIM is not set (make check sets it)");
    return;
  }
  g_autofree char *scratch = NULL;
  g_autofree char *dir = fixture_copy(&scratch);
  /* A batch folder: the scenario folder one level down. */
  g_autofree char *argv0 = g_strdup(eksim);
  char *argv_ok[] = { argv0, "plot", "--png-only", "--gnuplot", "/nonexistent/gnuplot", scratch, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true(g_spawn_sync(NULL, argv_ok, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error(error);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_nonnull(strstr(err, "eksim plot: warning: "));
  g_assert_nonnull(strstr(err, "not found"));
  g_assert_true(exists(dir, "report.html") && exists(dir, "report.md"));
  g_free(out);
  g_free(err);

  char *argv_bad[] = { argv0, "plot", "tests/data/plots/no-such-folder", NULL };
  g_assert_true(g_spawn_sync(NULL, argv_bad, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_false(g_spawn_check_wait_status(status, NULL));
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  g_assert_cmpstr(err, ==, "eksim plot: tests/data/plots/no-such-folder: not a folder; allowed: a results "
                           "folder written by eksim run or batch\n");
  g_free(out);
  g_free(err);
  char *argv_usage[] = { argv0, "plot", NULL };
  g_assert_true(g_spawn_sync(NULL, argv_usage, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  g_assert_cmpstr(err, ==, "eksim plot: expected one RESULTS_DIR, got 0 (eksim plot --help)\n");
  test_remove_tree(scratch);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/plot/text-cell", test_text_cell);
  g_test_add_func("/plot/all-drawn", test_all_drawn);
  g_test_add_func("/plot/data-matches-results", test_data_matches);
  g_test_add_func("/plot/runner-results", test_runner_results);
  g_test_add_func("/plot/many-variants", test_many_variants);
  g_test_add_func("/plot/one-colour-per-mode", test_mode_colours);
  g_test_add_func("/plot/gnuplot-missing", test_gnuplot_missing);
  g_test_add_func("/plot/gnuplot-fails", test_gnuplot_fails);
  g_test_add_func("/plot/gnuplot-stderr", test_gnuplot_stderr);
  g_test_add_func("/plot/gnuplot-timeout", test_gnuplot_timeout);
  g_test_add_func("/plot/hostile-names", test_hostile_names);
  g_test_add_func("/plot/restyled-templates", test_restyled_templates);
  g_test_add_func("/plot/replace", test_replace);
  g_test_add_func("/plot/no-data", test_no_data);
  g_test_add_func("/plot/probe-exposure", test_probe_exposure);
  g_test_add_func("/plot/command", test_command);
  g_test_add_func("/plot/eksim-run", test_eksim_run);
  return g_test_run();
}
