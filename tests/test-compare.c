/* eksim compare (report/compare.h): the endpoint modes side by side, read back from the results
 * of a real run of a sweep over the three modes. Every number in the table is the one
 * summary.csv holds (compare computes no statistics), the reachability of facts §1.8 shows in the
 * availability row, NAT bytes appear only where a node goes through the NAT gateway, the cost
 * estimate is the sum of its parts at the list prices; and the eksim compare command gives the
 * same table for a scenario file and for its results folder. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli/run-common.h"
#include "report/compare.h"
#include "report/report-data.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "support/tmpdir.h"

static const char sweep_ini[] = "[scenario]\n"
                                "name = modes\n"
                                "duration = 70s\n"
                                "warmup = 10s\n"
                                "bin = 20s\n"
                                "replications = 2\n"
                                "seed = 11\n"
                                "[cluster]\n"
                                "security_group_allow = 10.0.0.0/16\n"
                                "[vpc]\n"
                                "nat = single\n"
                                "[client.laptop]\n"
                                "location = internet\n"
                                "rate = 2/s\n"
                                "[client.node]\n"
                                "location = vpc-private\n"
                                "rate = 2/s\n"
                                "verbs = get:1\n"
                                "[sweep]\n"
                                "cluster.endpoint = public, public+private, private\n";

static char *tmp, *ini, *eksim;


/* Runs the sweep once (into tmp/results/modes) for every test. */
static const char *
results(void)
{
  static char *dir;
  if (dir != NULL)
    return dir;
  g_autofree char *out = g_build_filename(tmp, "results", NULL);
  SimRunnerOptions opts = { 0 };
  opts.jobs = 2;
  g_autoptr(SimRunner) runner = sim_runner_new(eksim_world_ops(), &opts, out);
  sim_runner_add_file(runner, ini);
  g_assert_cmpint(sim_runner_run(runner), ==, SIM_RUNNER_OK);
  dir = g_build_filename(out, "modes", NULL);
  return dir;
}

static double
cell(const SimCompareTable *t, const char *subject, const char *what, guint v)
{
  const SimCompareRow *r = sim_compare_table_find(t, subject, what);
  g_assert_nonnull(r);
  g_assert_cmpuint(r->cells->len, ==, 3);
  return g_array_index(r->cells, SimCompareCell, v).value;
}

static const char *
cell_text(const SimCompareTable *t, const char *subject, const char *what, guint v)
{
  const SimCompareRow *r = sim_compare_table_find(t, subject, what);
  g_assert_nonnull(r);
  return g_array_index(r->cells, SimCompareCell, v).text;
}

static guint
subject_index(const SimReportData *d, const char *name)
{
  for (guint s = 0; s < sim_report_data_n_subjects(d); s++)
    if (strcmp(sim_report_data_subject(d, s)->name, name) == 0)
      return s;
  g_assert_not_reached();
  return 0;
}

/* The facts §1.8 rows for a laptop and a node in a private subnet, as the table shows them. */
static void
test_modes_side_by_side(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(results(), &err);
  g_assert_no_error(err);
  g_autoptr(SimCompareTable) t = sim_compare_table_new(d);
  /* laptop: reachable in public and public+private, not in private */
  g_assert_cmpfloat(cell(t, "laptop", "availability", 0), ==, 1.0);
  g_assert_cmpfloat(cell(t, "laptop", "availability", 1), ==, 1.0);
  g_assert_cmpfloat(cell(t, "laptop", "availability", 2), ==, 0.0);
  g_assert_true(isnan(cell(t, "laptop", "p50 latency (ms)", 2)));
  g_assert_cmpstr(cell_text(t, "laptop", "p50 latency (ms)", 2), ==, "-");
  g_assert_true(g_str_has_prefix(cell_text(t, "laptop", "most frequent failure", 2), "connect-timeout 100%"));
  g_assert_cmpfloat(cell(t, "laptop", "most frequent failure", 2), ==, 1.0);
  /* the node: through the NAT gateway in public mode, through the ENIs otherwise, reachable in all */
  for (guint v = 0; v < 3; v++)
    g_assert_cmpfloat(cell(t, "node", "availability", v), ==, 1.0);
  g_assert_cmpfloat(cell(t, "bytes", "through NAT gateways", 0), >, 10000);
  g_assert_cmpfloat(cell(t, "bytes", "through NAT gateways", 1), ==, 0);
  g_assert_cmpfloat(cell(t, "bytes", "through NAT gateways", 2), ==, 0);
  /* the internet round trip shows in the laptop's latency, not in the node's */
  g_assert_cmpfloat(cell(t, "laptop", "p50 latency (ms)", 0), >, 100);
  g_assert_cmpfloat(cell(t, "node", "p50 latency (ms)", 1), <, 50);
  g_assert_cmpfloat(cell(t, "node", "p50 latency (ms)", 0), >, cell(t, "node", "p50 latency (ms)", 1));
  /* the location is part of the subject's label */
  const SimCompareRow *r = sim_compare_table_find(t, "laptop", "availability");
  g_assert_cmpstr(r->subject, ==, "laptop (internet)");
  g_assert_cmpstr(r->section, ==, "clients");
}

/* Every number is summary.csv's: compare reads, it does not compute. */
static void
test_values_are_summary_values(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(results(), &err);
  g_assert_no_error(err);
  g_autoptr(SimCompareTable) t = sim_compare_table_new(d);
  static const struct { const char *subject, *what, *metric; } map[] = {
    { "laptop", "p50 latency (ms)", "latency_p50_ms" }, { "laptop", "p99 latency (ms)", "latency_p99_ms" },
    { "laptop", "availability", "availability" },       { "node", "p50 latency (ms)", "latency_p50_ms" },
    { "node", "p99 latency (ms)", "latency_p99_ms" },   { "node", "availability", "availability" },
  };
  for (guint k = 0; k < G_N_ELEMENTS(map); k++) {
    guint s = subject_index(d, map[k].subject);
    for (guint v = 0; v < 3; v++) {
      double want = sim_report_data_value(d, v, s, map[k].metric);
      double got = cell(t, map[k].subject, map[k].what, v);
      if (isnan(want))
        g_assert_true(isnan(got));
      else
        g_assert_cmpfloat(got, ==, want);
    }
  }
  guint net = subject_index(d, "network");
  for (guint v = 0; v < 3; v++) {
    g_assert_cmpfloat(cell(t, "bytes", "through NAT gateways", v), ==,
                      sim_report_data_value(d, v, net, "bytes_nat_gateway"));
    g_assert_cmpfloat(cell(t, "bytes", "across AZs", v), ==, sim_report_data_value(d, v, net, "bytes_cross_az"));
  }
}

/* The cost estimate the model reports (eks/cost.c): one NAT gateway's hours plus its data and the
 * cross-AZ data, per simulated hour after the warm-up, at facts §5.5's list prices; compare shows
 * it as reported. */
static void
test_cost_estimate(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(results(), &err);
  g_assert_no_error(err);
  g_autoptr(SimCompareTable) t = sim_compare_table_new(d);
  double hours = 60.0 / 3600.0;
  for (guint v = 0; v < 3; v++) {
    double gw = cell(t, "network", "NAT gateway hours (USD/h)", v);
    double nat = cell(t, "network", "NAT gateway data processed (USD/h)", v);
    double az = cell(t, "network", "cross-AZ data (USD/h)", v);
    double egress = cell(t, "network", "internet egress (upper bound) (USD/h)", v);
    double total = cell(t, "network", "total (USD/h)", v);
    g_assert_cmpfloat(gw, ==, 0.045); /* nat = single: one gateway in every mode */
    g_assert_cmpfloat_with_epsilon(nat, 0.045 * cell(t, "bytes", "through NAT gateways", v) / 1e9 / hours, 1e-9);
    g_assert_cmpfloat_with_epsilon(az, 0.02 * cell(t, "bytes", "across AZs", v) / 1e9 / hours, 1e-9);
    g_assert_cmpfloat_with_epsilon(total, gw + nat + az + egress, 1e-9);
  }
  g_assert_cmpfloat(cell(t, "network", "NAT gateway data processed (USD/h)", 0), >, 0);
  g_assert_cmpfloat(cell(t, "network", "NAT gateway data processed (USD/h)", 1), ==, 0);
}

/* Text: aligned columns, one header line per mode, failure details as footnotes; Markdown: a pipe
 * table with one row per table row plus section rows. Both deterministic. */
static void
test_formats(void)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(results(), &err);
  g_assert_no_error(err);
  g_autoptr(SimCompareTable) t = sim_compare_table_new(d);
  g_autoptr(GString) text = g_string_new(NULL);
  sim_compare_table_format(t, SIM_COMPARE_FORMAT_TEXT, text);
  g_assert_true(g_str_has_prefix(text->str, "modes: endpoint modes side by side (means over 2 replications"));
  g_assert_nonnull(strstr(text->str, "\nsubject "));
  g_assert_nonnull(strstr(text->str, "-- clients ---"));
  g_assert_nonnull(strstr(text->str, "-- cost estimate (list prices) ---"));
  g_assert_nonnull(strstr(text->str, "connect-timeout 100% [1]"));
  g_assert_nonnull(strstr(text->str, "\n[1] connect-timeout 100%: "));
  /* every line of the table (after the title lines) has the variant columns right-aligned at the same end */
  g_auto(GStrv) lines = g_strsplit(text->str, "\n", -1);
  gsize width = 0;
  for (guint i = 2; lines[i] != NULL && lines[i][0] != '\0' && lines[i][0] != '['; i++) {
    if (g_str_has_prefix(lines[i], "-- "))
      continue;
    if (width == 0)
      width = strlen(lines[i]);
    if (strlen(lines[i]) != width) {
      /* only a row whose last cell is empty of trailing text may be shorter: none here */
      g_test_message("line %u: '%s' (%zu != %zu)", i, lines[i], strlen(lines[i]), width);
      g_assert_cmpuint(strlen(lines[i]), ==, width);
    }
  }
  g_autoptr(GString) md = g_string_new(NULL);
  sim_compare_table_format(t, SIM_COMPARE_FORMAT_MARKDOWN, md);
  g_assert_true(g_str_has_prefix(md->str, "### modes: endpoint modes side by side\n"));
  g_assert_nonnull(strstr(md->str, "\n| | | public | public+private | private |\n|---|---|---:|---:|---:|\n"));
  g_auto(GStrv) mlines = g_strsplit(md->str, "\n", -1);
  guint table_lines = 0, sections = 0;
  for (guint i = 0; mlines[i] != NULL; i++) {
    if (mlines[i][0] != '|')
      continue;
    table_lines++;
    sections += g_str_has_prefix(mlines[i], "| **");
    guint pipes = 0;
    for (const char *p = mlines[i]; *p; p++)
      pipes += *p == '|' && (p == mlines[i] || p[-1] != '\\');
    g_assert_cmpuint(pipes, ==, 6);
  }
  g_assert_cmpuint(table_lines, ==, 2 + sim_compare_table_n_rows(t) + sections);
  g_autoptr(SimCompareTable) again = sim_compare_table_new(d);
  g_autoptr(GString) text2 = g_string_new(NULL);
  sim_compare_table_format(again, SIM_COMPARE_FORMAT_TEXT, text2);
  g_assert_cmpstr(text->str, ==, text2->str);
}

/* Runs eksim with @args; returns its exit status. */
static int
run_eksim(const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, eksim);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(tmp, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
  g_assert_no_error(error);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* eksim compare FILE runs the scenario (results as eksim run writes them) and prints the same
 * table as eksim compare on the folder; bad input is one line and exit status 2. */
static void
test_command(void)
{
  if (eksim == NULL) {
    g_test_skip("EKSIM is not set (make check sets it)");
    return;
  }
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  const char *a1[] = { "compare", ini, "-o", "cmd", "-j", "2", NULL };
  g_assert_cmpint(run_eksim(a1, &o1, &e1), ==, 0);
  const char *a2[] = { "compare", "cmd/modes", NULL };
  g_assert_cmpint(run_eksim(a2, &o2, &e2), ==, 0);
  g_assert_cmpstr(o1, ==, o2);
  g_autoptr(GError) err = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(results(), &err);
  g_autoptr(SimCompareTable) t = sim_compare_table_new(d);
  g_autoptr(GString) text = g_string_new(NULL);
  sim_compare_table_format(t, SIM_COMPARE_FORMAT_TEXT, text);
  g_assert_cmpstr(o1, ==, text->str); /* -j 2 here, -j 2 in results(): same bytes whatever -j */
  /* the folder of scenario folders works too */
  g_autofree char *o3 = NULL, *e3 = NULL;
  const char *a3[] = { "compare", "cmd", "--format", "markdown", NULL };
  g_assert_cmpint(run_eksim(a3, &o3, &e3), ==, 0);
  g_assert_true(g_str_has_prefix(o3, "### modes: endpoint modes side by side"));

  static const struct { const char *args[6]; const char *message; } bad[] = {
    { { "compare", NULL }, "no scenario file or results folder given" },
    { { "compare", "cmd/modes", "--format", "html", NULL }, "--format: 'html' is not a format; allowed: text, markdown" },
    { { "compare", "cmd/modes", "-o", "x", NULL }, "is a results folder, which is read as it is" },
    { { "compare", "cmd/modes/runs", NULL }, "no summary.csv in this folder or its subfolders" },
    { { "compare", "missing.ini", NULL }, "missing.ini" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint(run_eksim(bad[i].args, &o, &e), ==, 2);
    g_assert_cmpstr(o, ==, "");
    g_assert_nonnull(strstr(e, bad[i].message));
    g_assert_cmpuint(strlen(e), >, 0);
    g_assert_true(strchr(e, '\n') == e + strlen(e) - 1); /* one line */
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmp = g_dir_make_tmp("eksim-compare-XXXXXX", NULL);
  ini = g_build_filename(tmp, "modes.ini", NULL);
  g_assert_true(g_file_set_contents(ini, sweep_ini, -1, NULL));
  const char *e = g_getenv("EKSIM");
  eksim = e ? g_canonicalize_filename(e, NULL) : NULL;
  g_test_add_func("/compare/modes-side-by-side", test_modes_side_by_side);
  g_test_add_func("/compare/values-are-summary-values", test_values_are_summary_values);
  g_test_add_func("/compare/cost-estimate", test_cost_estimate);
  g_test_add_func("/compare/formats", test_formats);
  g_test_add_func("/compare/command", test_command);
  int rc = g_test_run();
  test_remove_tree(tmp);
  g_free(tmp);
  g_free(ini);
  g_free(eksim);
  return rc;
}
