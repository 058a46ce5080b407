/* Tests for sim/report/report-data: reading a results folder back (CSV, JSON, INI), the variant's
 * endpoint mode and the clients' locations, and one error per kind of malformed file. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "report/report-data.h"
#include "support/tmpdir.h"

#define FIXTURE "tests/data/plots/modes"

/* A fresh folder holding @files: pairs of (name, text), NULL-terminated. */
static char *
make_dir(const char *first, ...)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("eksim-report-data-XXXXXX", &error);
  g_assert_no_error(error);
  va_list ap;
  va_start(ap, first);
  for (const char *name = first; name; name = va_arg(ap, const char *)) {
    const char *text = va_arg(ap, const char *);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *parent = g_path_get_dirname(path);
    g_assert_cmpint(g_mkdir_with_parents(parent, 0755), ==, 0);
    g_file_set_contents(path, text, -1, &error);
    g_assert_no_error(error);
  }
  va_end(ap);
  return dir;
}

static guint
find_subject(const SimReportData *d, const char *name)
{
  for (guint s = 0; s < sim_report_data_n_subjects(d); s++)
    if (strcmp(sim_report_data_subject(d, s)->name, name) == 0)
      return s;
  g_assert_not_reached();
  return 0;
}

/* The shipped fixture: values as its files spell them. */
static void
test_fixture(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(FIXTURE, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(sim_report_data_scenario(d), ==, "modes-sweep");
  g_assert_cmpstr(sim_report_data_description(d), ==,
                  "Three endpoint modes, three kubectl clients and a NAT gateway outage");
  g_assert_cmpfloat(sim_report_data_duration_s(d), ==, 600);
  g_assert_cmpfloat(sim_report_data_warmup_s(d), ==, 60);
  g_assert_cmpstr(sim_report_data_eksim_version(d), ==, "0.1.0");
  g_assert_cmpint(sim_report_data_replications(d), ==, 3);
  g_assert_cmpuint(sim_report_data_n_variants(d), ==, 3);
  const char *modes[] = { "public", "public+private", "private" };
  for (guint v = 0; v < 3; v++) {
    const SimReportVariant *var = sim_report_data_variant(d, v);
    g_autofree char *label = g_strdup_printf("cluster.endpoint=%s", modes[v]);
    g_assert_cmpstr(var->label, ==, label);
    g_assert_cmpstr(var->short_label, ==, modes[v]);
    g_assert_cmpint(var->mode, ==, (int)v);
    g_assert_cmpstr(var->dir, ==, label);
    g_assert_nonnull(sim_report_data_timeline(d, v));
  }
  guint laptop = find_subject(d, "laptop"), ng1 = find_subject(d, "ng1"), net = find_subject(d, "network");
  g_assert_cmpint(sim_report_data_subject(d, laptop)->kind, ==, SIM_REPORT_SUBJECT_CLIENT);
  g_assert_cmpstr(sim_report_data_subject(d, laptop)->location, ==, "internet");
  g_assert_cmpstr(sim_report_data_subject(d, find_subject(d, "corp"))->location, ==, "network.corp");
  g_assert_cmpint(sim_report_data_subject(d, ng1)->kind, ==, SIM_REPORT_SUBJECT_NODEGROUP);
  g_assert_cmpint(sim_report_data_subject(d, net)->kind, ==, SIM_REPORT_SUBJECT_NETWORK);
  g_assert_cmpint(sim_report_data_subject(d, find_subject(d, "probe-inside-cidrs"))->kind, ==, SIM_REPORT_SUBJECT_PROBE);
  g_assert_cmpint(sim_report_data_subject(d, find_subject(d, "nat1"))->kind, ==, SIM_REPORT_SUBJECT_FAULT);
  /* summary.json's failures: outcome, detail, requests of all replications. */
  g_assert_null(sim_report_data_failures(d, 0, laptop));
  const GArray *fails = sim_report_data_failures(d, 2, laptop);
  g_assert_nonnull(fails);
  g_assert_cmpuint(fails->len, ==, 1);
  const SimReportFailure *fail = &g_array_index(fails, SimReportFailure, 0);
  g_assert_cmpstr(fail->outcome, ==, "connect-timeout");
  g_assert_cmpstr(fail->detail, ==, "SYN to private address 10.0.1.10 unanswered: no route from the internet");
  g_assert_cmpfloat(fail->requests, ==, 3 * 540);

  /* summary.csv line 3: modes-sweep,cluster.endpoint=public,laptop,availability,1,0.999157,1,3,fraction */
  const SimReportMetric *m = sim_report_data_metric(d, 0, laptop, "availability");
  g_assert_nonnull(m);
  g_assert_cmpfloat(m->value, ==, 1);
  g_assert_cmpfloat(m->ci_low, ==, 0.999157);
  g_assert_cmpfloat(m->ci_high, ==, 1);
  g_assert_cmpint(m->n, ==, 3);
  g_assert_cmpstr(m->unit, ==, "ratio");
  /* requests has no interval: empty cells are NaN. */
  m = sim_report_data_metric(d, 0, laptop, "requests");
  g_assert_true(isnan(m->ci_low) && isnan(m->ci_high));
  /* private laptop: no successful request, an empty latency. */
  g_assert_true(isnan(sim_report_data_value(d, 2, laptop, "latency_p50_ms")));
  g_assert_null(sim_report_data_metric(d, 0, laptop, "no_such_metric"));
  g_assert_true(isnan(sim_report_data_value(d, 0, laptop, "no_such_metric")));

  g_assert_null(sim_report_data_cdf(d, 2, laptop));
  const GArray *cdf = sim_report_data_cdf(d, 0, laptop);
  g_assert_nonnull(cdf);
  g_assert_cmpuint(cdf->len, ==, 60);
  for (guint i = 1; i < cdf->len; i++)
    g_assert_cmpfloat(g_array_index(cdf, SimReportPoint, i - 1).x, <=, g_array_index(cdf, SimReportPoint, i).x);
  g_assert_cmpfloat(g_array_index(cdf, SimReportPoint, cdf->len - 1).y, ==, 1);

  const GArray *faults = sim_report_data_faults(d);
  g_assert_cmpuint(faults->len, ==, 9); /* 3 variants x 3 replications */
  const SimReportFault *f = &g_array_index(faults, SimReportFault, 0);
  g_assert_cmpstr(f->name, ==, "nat1");
  g_assert_cmpstr(f->kind, ==, "nat-gateway-outage");
  g_assert_cmpfloat(f->start_s, ==, 200);
  g_assert_cmpfloat(f->end_s, ==, 300);
  g_assert_cmpfloat(f->detected_s, ==, 230);
  g_assert_cmpfloat(g_array_index(faults, SimReportFault, 1).detected_s, ==, 231);
  g_assert_true(isnan(g_array_index(faults, SimReportFault, 3).detected_s));

  const GArray *bins = sim_report_data_timeline(d, 0);
  /* 4 subjects x 54 bins of 10 s from 60 s to 600 s */
  g_assert_cmpuint(bins->len, ==, 4 * 54);
  const SimReportBin *b = &g_array_index(bins, SimReportBin, 0);
  g_assert_cmpuint(b->subject, ==, laptop);
  g_assert_cmpfloat(b->start_s, ==, 60);
  g_assert_cmpfloat(b->end_s, ==, 70);
  g_assert_cmpfloat(b->requests, ==, 10);
  g_assert_cmpfloat(b->availability, ==, 1);
  g_assert_true(isnan(b->nodes_ready));
  /* ng1: its nodes_ready rows, and the group's size from summary.csv. */
  guint seen = 0;
  for (guint i = 0; i < bins->len; i++) {
    b = &g_array_index(bins, SimReportBin, i);
    if (b->subject != ng1)
      continue;
    seen++;
    g_assert_cmpfloat(b->nodes, ==, 3);
    g_assert_cmpfloat(b->nodes_ready, ==, (b->start_s >= 245 && b->start_s < 310) ? 0 : 3);
  }
  g_assert_cmpuint(seen, ==, 54);
}

/* Quoted CSV fields: commas, doubled quotes, line breaks; CRLF line ends; column order free. */
static void
test_csv_quoting(void)
{
  g_autofree char *dir = make_dir(
    "summary.csv",
    "unit,metric,subject,variant,scenario,value,n,ci_low,ci_high\r\n"
    "ms,latency_p50_ms,\"a,b\",\"k=\"\"x\"\"\",\"two\nlines\",12.5,3,,\r\n"
    "fraction,availability,\"a,b\",\"k=\"\"x\"\"\",\"two\nlines\",0.5,3,0.25,0.75\r\n",
    NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(sim_report_data_scenario(d), ==, "two\nlines");
  g_assert_cmpuint(sim_report_data_n_variants(d), ==, 1);
  g_assert_cmpstr(sim_report_data_variant(d, 0)->label, ==, "k=\"x\"");
  g_assert_cmpstr(sim_report_data_variant(d, 0)->short_label, ==, "\"x\"");
  g_assert_cmpstr(sim_report_data_subject(d, 0)->name, ==, "a,b");
  g_assert_cmpfloat(sim_report_data_value(d, 0, 0, "latency_p50_ms"), ==, 12.5);
  g_assert_cmpfloat(sim_report_data_metric(d, 0, 0, "availability")->ci_high, ==, 0.75);
  /* No scenario.ini, no summary.json: the schema default mode. */
  g_assert_cmpint(sim_report_data_variant(d, 0)->mode, ==, SIM_REPORT_MODE_PUBLIC);
  g_assert_null(sim_report_data_scenario_text(d));
  test_remove_tree(dir);
}

/* Without summary.json: scenario.ini, with the variant's sweep pairs on top. */
static void
test_mode_from_ini(void)
{
  g_autofree char *dir = make_dir(
    "scenario.ini",
    "[scenario]\nname = s\n[cluster]\nendpoint = public\n[client.bastion]\nlocation = vpc-public\n"
    "[nodegroup.ng]\nnodes = 2\n",
    "summary.csv", "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n"
                   "s,cluster.endpoint=private;client.bastion.location=vpc-private,bastion,requests,4,,,1,\n"
                   "s,cluster.endpoint=private;client.bastion.location=vpc-private,ng,requests,4,,,1,\n"
                   "s,vpc.nat=single,bastion,requests,4,,,1,\n",
    NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  const SimReportVariant *v0 = sim_report_data_variant(d, 0), *v1 = sim_report_data_variant(d, 1);
  g_assert_cmpint(v0->mode, ==, SIM_REPORT_MODE_PRIVATE);
  g_assert_cmpstr(v0->short_label, ==, "private / vpc-private");
  g_assert_cmpint(v1->mode, ==, SIM_REPORT_MODE_PUBLIC);
  g_autofree char *nat = g_key_file_get_value(v1->config, "vpc", "nat", NULL);
  g_assert_cmpstr(nat, ==, "single");
  /* The location comes from the first variant. */
  g_assert_cmpstr(sim_report_data_subject(d, 0)->location, ==, "vpc-private");
  g_assert_cmpint(sim_report_data_subject(d, 1)->kind, ==, SIM_REPORT_SUBJECT_NODEGROUP);
  g_assert_cmpint(sim_report_mode_from_name("public+private"), ==, SIM_REPORT_MODE_PUBLIC_PRIVATE);
  g_assert_cmpint(sim_report_mode_from_name("Public"), ==, SIM_REPORT_MODE_UNKNOWN);
  g_assert_cmpstr(sim_report_mode_name(SIM_REPORT_MODE_PRIVATE), ==, "private");
  test_remove_tree(dir);
}

/* A timeline without a variant column is matched through summary.json's "dir". */
static void
test_timeline_by_dir(void)
{
  g_autofree char *dir = make_dir(
    "summary.json", "{\"variants\": [{\"variant\": \"a=1\", \"dir\": \"a_1\"}, {\"variant\": \"a=2\", \"dir\": "
                    "\"a_2\", \"config\": {\"cluster\": {\"endpoint\": \"private\", \"api_servers\": 3}}}]}",
    "summary.csv", "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\ns,a=1,c,requests,1,,,1,\n"
                   "s,a=2,c,requests,1,,,1,\n",
    "variants/a_2/timeline.csv", "subject,bin_start_s,metric,value\nc,0,availability,0.5\nc,0,requests,4\n"
                                 "c,10,availability,1\n",
    "variants/zzz/timeline.csv", "subject,bin_start_s,metric,value\nc,0,availability,0.5\n", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_no_error(error);
  g_assert_null(sim_report_data_timeline(d, 0));
  const GArray *bins = sim_report_data_timeline(d, 1);
  g_assert_nonnull(bins);
  g_assert_cmpuint(bins->len, ==, 2);
  g_assert_cmpfloat(g_array_index(bins, SimReportBin, 0).requests, ==, 4);
  g_assert_cmpfloat(g_array_index(bins, SimReportBin, 1).availability, ==, 1);
  g_assert_true(isnan(g_array_index(bins, SimReportBin, 1).end_s));
  g_assert_true(isnan(g_array_index(bins, SimReportBin, 1).requests));
  g_assert_cmpint(sim_report_data_variant(d, 1)->mode, ==, SIM_REPORT_MODE_PRIVATE);
  g_autofree char *api = g_key_file_get_value(sim_report_data_variant(d, 1)->config, "cluster", "api_servers", NULL);
  g_assert_cmpstr(api, ==, "3");
  test_remove_tree(dir);
}

typedef struct {
  const char *file;  /* the file to break, or NULL for summary.csv */
  const char *text;
  int code;
  const char *message; /* expected message, after "DIR/" */
} BadCase;

static const BadCase bad_cases[] = {
  { NULL, "", SIM_REPORT_DATA_ERROR_SYNTAX,
    "summary.csv: empty file; allowed: a header line, then one line per row" },
  { NULL, "scenario,variant,subject,metric\n", SIM_REPORT_DATA_ERROR_COLUMN,
    "summary.csv:1: no column 'value'; allowed: the columns README \"Result files\" lists" },
  { NULL, "scenario,variant,subject,metric,value\ns,,c,requests,12x\n", SIM_REPORT_DATA_ERROR_VALUE,
    "summary.csv:2: column 'value': '12x' is not a number; allowed: a decimal number, or empty" },
  { NULL, "scenario,variant,subject,metric,value\ns,,c,requests\n", SIM_REPORT_DATA_ERROR_SYNTAX,
    "summary.csv:2: 4 fields; allowed: 5 fields, as in the header line" },
  { NULL, "scenario,variant,subject,metric,value\ns,\"v,c,requests,1\n", SIM_REPORT_DATA_ERROR_SYNTAX,
    "summary.csv:2: quoted field never closed; allowed: RFC 4180 CSV (quotes doubled)" },
  { NULL, "scenario,variant,subject,metric,value\ns,a\"b,c,requests,1\n", SIM_REPORT_DATA_ERROR_SYNTAX,
    "summary.csv:2: quote inside an unquoted field; allowed: RFC 4180 CSV (quotes doubled)" },
  { NULL, "scenario,variant,subject,metric,value\ns,,c,requests,1\nt,,c,x,1\n", SIM_REPORT_DATA_ERROR_VALUE,
    "summary.csv:3: column 'scenario': 't' differs from 's' on the first row; allowed: one scenario per folder" },
  { NULL, "scenario,variant,subject,metric,value\ns,,c,requests,1\ns,,c,requests,2\n",
    SIM_REPORT_DATA_ERROR_VALUE,
    "summary.csv:3: a second row for variant '', subject 'c', metric 'requests'; allowed: one row per "
    "(variant, subject, metric)" },
  { NULL, "scenario,variant,subject,metric,value\n", SIM_REPORT_DATA_ERROR_VALUE,
    "summary.csv: no rows; allowed: at least one metric row" },
  { "latency_cdf.csv", "scenario,variant,subject,latency_ms,cdf\ns,nope,c,1,0.5\n", SIM_REPORT_DATA_ERROR_VALUE,
    "latency_cdf.csv:2: column 'variant': 'nope' is not in summary.csv; allowed: a variant of summary.csv" },
  { "latency_cdf.csv", "scenario,variant,subject,latency_ms,cdf\ns,,c,1,1.5\n", SIM_REPORT_DATA_ERROR_VALUE,
    "latency_cdf.csv:2: point (1, 1.5) out of range; allowed: latency_ms > 0 and 0 <= cdf <= 1" },
  { "faults.csv", "scenario,variant,fault,kind,start_s\ns,,f,az-outage,\n", SIM_REPORT_DATA_ERROR_VALUE,
    "faults.csv:2: column 'start_s' is empty; allowed: the fault's start in seconds" },
  { "variants/base/timeline.csv", "subject,metric,value\nc,availability,1\n", SIM_REPORT_DATA_ERROR_COLUMN,
    "variants/base/timeline.csv:1: no column 'bin_start_s'; allowed: the columns README \"Result files\" lists" },
  { "variants/base/timeline.csv", "subject,bin_start_s,metric,value\nwho,0,availability,1\n",
    SIM_REPORT_DATA_ERROR_VALUE,
    "variants/base/timeline.csv:2: column 'subject': 'who' is not in summary.csv; allowed: a subject of "
    "summary.csv" },
  { "variants/base/timeline.csv", "subject,bin_start_s,metric,value\nc,,availability,1\n",
    SIM_REPORT_DATA_ERROR_VALUE,
    "variants/base/timeline.csv:2: column 'bin_start_s' is empty; allowed: the bin's start in seconds" },
  { "summary.json", "[1, 2]", SIM_REPORT_DATA_ERROR_SYNTAX,
    "summary.json: top level is not an object; allowed: the object eksim run writes" },
};

static void
test_bad_input(gconstpointer data)
{
  const BadCase *c = data;
  const char *good = "scenario,variant,subject,metric,value\ns,,c,requests,1\n";
  g_autofree char *dir = c->file ? make_dir("summary.csv", good, c->file, c->text, NULL)
                                 : make_dir("summary.csv", c->text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SimReportData) d = sim_report_data_load(dir, &error);
  g_assert_null(d);
  g_assert_error(error, SIM_REPORT_DATA_ERROR, c->code);
  g_autofree char *expect = g_strdup_printf("%s/%s", dir, c->message);
  g_assert_cmpstr(error->message, ==, expect);
  g_assert_null(strchr(error->message, '\n'));
  test_remove_tree(dir);
}

static void
test_missing(void)
{
  g_autoptr(GError) error = NULL;
  g_assert_null(sim_report_data_load("tests/data/plots/no-such-folder", &error));
  g_assert_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING);
  g_assert_cmpstr(error->message, ==,
                  "tests/data/plots/no-such-folder: not a folder; allowed: a results folder written by eksim run");
  g_clear_error(&error);
  g_autofree char *dir = make_dir("other.txt", "x", NULL);
  g_assert_null(sim_report_data_load(dir, &error));
  g_assert_error(error, SIM_REPORT_DATA_ERROR, SIM_REPORT_DATA_ERROR_MISSING);
  g_autofree char *prefix = g_strdup_printf("%s/summary.csv: cannot read: ", dir);
  g_assert_true(g_str_has_prefix(error->message, prefix));
  test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/report-data/fixture", test_fixture);
  g_test_add_func("/report-data/csv-quoting", test_csv_quoting);
  g_test_add_func("/report-data/mode-from-ini", test_mode_from_ini);
  g_test_add_func("/report-data/timeline-by-dir", test_timeline_by_dir);
  g_test_add_func("/report-data/missing", test_missing);
  for (guint i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    g_autofree char *path = g_strdup_printf("/report-data/bad-input/%u", i);
    g_test_add_data_func(path, &bad_cases[i], test_bad_input);
  }
  return g_test_run();
}
