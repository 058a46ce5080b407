/* Tests for sim/scenario/runner: result files, determinism across -j, shard + merge equal to an
 * unsharded run, resume after an interrupted batch, adding replications later, failing scenarios
 * in a batch, names that try to leave the output folder, traces, and GNU parallel driving shards.
 *
 * Runs use the test model of tests/support/testmodel.c. The binary doubles as a tiny command for
 * the GNU parallel test: "test-runner --shard-worker K/N OUT FILE" runs one shard and exits. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario/runner.h"
#include "support/testmodel.h"
#include "support/tmpdir.h"

static const char demo_ini[] = "[scenario]\n"
                               "name = demo\n"
                               "duration = 2m\n"
                               "warmup = 20s\n"
                               "bin = 10s\n"
                               "seed = 7\n"
                               "replications = %d\n"
                               "\n"
                               "[client.laptop]\n"
                               "location = internet\n"
                               "rate = 2/s\n"
                               "\n"
                               "[client.ci]\n"
                               "location = internet\n"
                               "rate = 5/s\n"
                               "count = 2\n"
                               "\n"
                               "[nodegroup.ng1]\n"
                               "nodes = 4\n"
                               "\n"
                               "[fault.nat]\n"
                               "kind = nat-gateway-outage\n"
                               "at = 60s\n"
                               "duration = 20s\n"
                               "\n"
                               "[link.internet]\n"
                               "latency = lognormal(median=10ms, sigma=0.5)\n"
                               "loss = 0.01\n"
                               "\n"
                               "[sweep]\n"
                               "cluster.endpoint = public, public+private\n";

typedef struct {
  char *tmp;    /* scratch folder of the test */
  char *demo;   /* demo.ini with 3 replications */
} Fixture;

static char *
write_text(Fixture *fx, const char *name, const char *text)
{
  char *path = g_build_filename(fx->tmp, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static char *
demo_text(int replications)
{
  return g_strdup_printf(demo_ini, replications);
}

static void
fx_setup(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  fx->tmp = g_dir_make_tmp("eksim-runner-XXXXXX", NULL);
  g_assert_nonnull(fx->tmp);
  g_autofree char *text = demo_text(3);
  fx->demo = write_text(fx, "demo.ini", text);
  sim_test_model_reset();
}

static void
fx_teardown(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  test_remove_tree(fx->tmp);
  g_free(fx->tmp);
  g_free(fx->demo);
  sim_test_model_reset();
}

static SimRunnerOptions
opts_jobs(guint jobs)
{
  SimRunnerOptions o = { 0 };
  o.jobs = jobs;
  return o;
}

static SimRunnerStatus
run_files(const char *out, const SimRunnerOptions *o, const char *const *files, SimRunner **keep)
{
  SimRunner *r = sim_runner_new(sim_test_model_ops(), o, out);
  for (guint i = 0; files[i]; i++)
    sim_runner_add_file(r, files[i]);
  sim_test_model_knobs.runner = r;
  SimRunnerStatus st = sim_runner_run(r);
  sim_test_model_knobs.runner = NULL;
  if (keep)
    *keep = r;
  else
    sim_runner_free(r);
  return st;
}

static SimRunnerStatus
run_one(const char *out, const SimRunnerOptions *o, const char *file)
{
  const char *files[] = { file, NULL };
  return run_files(out, o, files, NULL);
}

/* Every regular file under @root, relative path -> contents. */
static void
collect(GHashTable *into, const char *root, const char *rel)
{
  g_autofree char *dir = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
  GDir *d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  while ((name = g_dir_read_name(d))) {
    g_autofree char *sub = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    g_autofree char *full = g_build_filename(root, sub, NULL);
    if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
      collect(into, root, sub);
    } else {
      char *data = NULL;
      gsize len;
      g_assert_true(g_file_get_contents(full, &data, &len, NULL));
      g_hash_table_insert(into, g_steal_pointer(&sub), data);
    }
  }
  g_dir_close(d);
}

/* The two folders hold the same files with the same bytes. */
static void
assert_same_tree(const char *a, const char *b)
{
  g_autoptr(GHashTable) ta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) tb = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  collect(ta, a, NULL);
  collect(tb, b, NULL);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, ta);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const char *other = g_hash_table_lookup(tb, k);
    if (!other)
      g_error("%s/%s has no counterpart in %s", a, (char *)k, b);
    if (strcmp(v, other) != 0)
      g_error("%s differs between %s and %s", (char *)k, a, b);
  }
  g_hash_table_iter_init(&it, tb);
  while (g_hash_table_iter_next(&it, &k, &v))
    if (!g_hash_table_contains(ta, k))
      g_error("%s/%s has no counterpart in %s", b, (char *)k, a);
  g_assert_cmpuint(g_hash_table_size(ta), >, 10);
}

static char *
read_file(const char *dir, const char *rel)
{
  g_autofree char *path = g_build_filename(dir, rel, NULL);
  char *data = NULL;
  if (!g_file_get_contents(path, &data, NULL, NULL))
    return NULL;
  return data;
}

static gboolean
exists(const char *dir, const char *rel)
{
  g_autofree char *path = g_build_filename(dir, rel, NULL);
  return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* The summary.csv row of (variant, subject, metric), split into fields. */
static char **
summary_row(const char *csv, const char *variant, const char *subject, const char *metric)
{
  g_autofree char *needle = g_strdup_printf("\ndemo,%s,%s,%s,", variant, subject, metric);
  const char *p = strstr(csv, needle);
  if (!p)
    return NULL;
  const char *end = strchr(p + 1, '\n');
  g_autofree char *line = g_strndup(p + 1, end - p - 1);
  return g_strsplit(line, ",", -1);
}

/* ---- tests ---- */

static void
test_result_files(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  SimRunnerOptions o = opts_jobs(2);
  SimRunner *r = NULL;
  const char *files[] = { fx->demo, NULL };
  g_assert_cmpint(run_files(out, &o, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 6);
  g_assert_cmpuint(sim_runner_n_summarised(r), ==, 1);
  const char *tables = sim_runner_tables(r);
  g_assert_nonnull(strstr(tables, "cluster.endpoint=public+private"));
  g_assert_nonnull(strstr(tables, "availability"));
  sim_runner_free(r);

  g_autofree char *dir = g_build_filename(out, "demo", NULL);
  static const char *const expected[] = { "scenario.ini", "plan.json", "summary.csv", "summary.json",
                                          "latency_cdf.csv", "faults.csv",
                                          "variants/cluster.endpoint=public/timeline.csv",
                                          "variants/cluster.endpoint=public+private/timeline.csv" };
  for (gsize i = 0; i < G_N_ELEMENTS(expected); i++)
    if (!exists(dir, expected[i]))
      g_error("missing %s", expected[i]);
  g_assert_false(exists(dir, "requests.csv"));

  g_autofree char *csv = read_file(dir, "summary.csv");
  g_assert_true(g_str_has_prefix(csv, "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n"));
  static const char *const metrics[] = { "requests",        "availability",    "latency_mean_ms", "latency_p50_ms",
                                         "latency_p90_ms",  "latency_p99_ms",  "latency_p999_ms", "phase_dns_ms",
                                         "phase_tls_ms",    "outcome_ok",      "outcome_no-route",
                                         "outcome_connect-timeout", "path_internet" };
  for (gsize i = 0; i < G_N_ELEMENTS(metrics); i++) {
    g_auto(GStrv) row = summary_row(csv, "cluster.endpoint=public", "laptop", metrics[i]);
    if (!row)
      g_error("no row for laptop %s", metrics[i]);
    g_assert_cmpuint(g_strv_length(row), ==, 9);
    g_assert_cmpstr(row[7], ==, "3"); /* three replications */
  }
  /* The fault makes requests fail: availability below 1 with an interval around it. */
  g_auto(GStrv) avail = summary_row(csv, "cluster.endpoint=public", "laptop", "availability");
  double a = g_ascii_strtod(avail[4], NULL), lo = g_ascii_strtod(avail[5], NULL), hi = g_ascii_strtod(avail[6], NULL);
  g_assert_cmpfloat(a, <, 0.95);
  g_assert_cmpfloat(a, >, 0.6);
  g_assert_cmpfloat(lo, <, a);
  g_assert_cmpfloat(hi, >, a);
  g_assert_cmpstr(avail[8], ==, "ratio");
  g_auto(GStrv) ready = summary_row(csv, "cluster.endpoint=public", "ng1", "node_ready_fraction");
  g_assert_nonnull(ready);
  g_assert_cmpfloat(g_ascii_strtod(ready[4], NULL), <, 1.0);
  g_auto(GStrv) bytes = summary_row(csv, "cluster.endpoint=public", "network", "bytes_total");
  g_assert_nonnull(bytes);
  g_assert_cmpstr(bytes[8], ==, "bytes");
  g_auto(GStrv) detect = summary_row(csv, "cluster.endpoint=public", "nat", "fault_time_to_detect_s");
  g_assert_nonnull(detect);
  g_assert_cmpstr(detect[4], ==, "2");

  g_autofree char *faults = read_file(dir, "faults.csv");
  g_assert_nonnull(strstr(faults, "\ndemo,cluster.endpoint=public,0,nat,nat-gateway-outage,60,80,62,,"));
  g_autofree char *cdf = read_file(dir, "latency_cdf.csv");
  g_assert_true(g_str_has_prefix(cdf, "scenario,variant,subject,latency_ms,cdf\n"));
  g_assert_nonnull(strstr(cdf, ",laptop,"));
  g_autofree char *tl = read_file(dir, "variants/cluster.endpoint=public/timeline.csv");
  g_assert_true(g_str_has_prefix(tl, "scenario,variant,subject,bin_start_s,bin_end_s,metric,value,ci_low,ci_high,n,unit\n"));
  g_assert_nonnull(strstr(tl, "\ndemo,cluster.endpoint=public,laptop,60,70,availability,0,"));
  g_assert_nonnull(strstr(tl, "\ndemo,cluster.endpoint=public,ng1,20,30,nodes_ready,"));
  g_autofree char *json = read_file(dir, "summary.json");
  g_assert_nonnull(strstr(json, "\"scenario_hash\""));
  g_assert_nonnull(strstr(json, "\"endpoint\" : \"public+private\""));
  g_assert_nonnull(strstr(json, "\"detail\" : \"test fault: no route to the endpoint\""));
}

static void
test_determinism_jobs(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *a = g_build_filename(fx->tmp, "j1", NULL);
  g_autofree char *b = g_build_filename(fx->tmp, "j2", NULL);
  g_autofree char *c = g_build_filename(fx->tmp, "j5", NULL);
  SimRunnerOptions o1 = opts_jobs(1), o2 = opts_jobs(2), o5 = opts_jobs(5);
  g_assert_cmpint(run_one(a, &o1, fx->demo), ==, SIM_RUNNER_OK);
  g_assert_cmpint(run_one(b, &o2, fx->demo), ==, SIM_RUNNER_OK);
  sim_test_model_knobs.spin_us = 2000; /* shuffle completion order */
  g_assert_cmpint(run_one(c, &o5, fx->demo), ==, SIM_RUNNER_OK);
  assert_same_tree(a, b);
  assert_same_tree(a, c);
}

static void
test_shard_merge(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *whole = g_build_filename(fx->tmp, "whole", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_autofree char *second = g_strdup_printf("[scenario]\nname = second\nduration = 1m\nwarmup = 0\n"
                                            "replications = 2\n[client.solo]\nlocation = internet\nrate = 1/s\n");
  g_autofree char *second_path = write_text(fx, "second.ini", second);
  const char *files[] = { fx->demo, second_path, NULL };
  g_assert_cmpint(run_files(whole, &o, files, NULL), ==, SIM_RUNNER_OK);

  char *shards[4] = { NULL };
  for (guint k = 1; k <= 3; k++) {
    shards[k - 1] = g_strdup_printf("%s/shard%u", fx->tmp, k);
    SimRunnerOptions so = opts_jobs(1);
    so.shard = k;
    so.n_shards = 3;
    SimRunner *r = NULL;
    g_assert_cmpint(run_files(shards[k - 1], &so, files, &r), ==, SIM_RUNNER_OK);
    /* 8 runs over 3 shards: 3, 3, 2 */
    g_assert_cmpuint(sim_runner_n_executed(r), ==, k < 3 ? 3 : 2);
    g_assert_cmpuint(sim_runner_n_summarised(r), ==, 0);
    sim_runner_free(r);
    g_autofree char *sdir = g_build_filename(shards[k - 1], "demo", NULL);
    g_assert_false(exists(sdir, "summary.csv"));
    g_assert_true(exists(sdir, "plan.json"));
  }
  g_autofree char *merged = g_build_filename(fx->tmp, "merged", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) tables = g_string_new(NULL);
  g_assert_true(sim_runner_merge(merged, (const char *const *)shards, FALSE, tables, NULL, NULL, &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(tables->str, "second:"));
  assert_same_tree(whole, merged);

  /* Merging again into the same folder changes nothing; merging a folder with itself works. */
  g_assert_true(sim_runner_merge(merged, (const char *const *)shards, FALSE, NULL, NULL, NULL, &error));
  const char *self[] = { merged, NULL };
  g_assert_true(sim_runner_merge(merged, self, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  assert_same_tree(whole, merged);

  /* A missing shard is named, and nothing is written. */
  g_autofree char *partial = g_build_filename(fx->tmp, "partial", NULL);
  const char *two[] = { shards[0], shards[2], NULL };
  g_assert_false(sim_runner_merge(partial, two, FALSE, NULL, NULL, NULL, &error));
  g_assert_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_MISSING);
  g_assert_nonnull(strstr(error->message, "runs are complete in none of the inputs"));
  g_assert_false(g_file_test(partial, G_FILE_TEST_EXISTS));
  g_clear_error(&error);

  /* Shards of different plans are refused. */
  g_autofree char *text5 = demo_text(5);
  g_autofree char *demo5 = write_text(fx, "demo5.ini", text5);
  g_autofree char *other = g_build_filename(fx->tmp, "other", NULL);
  SimRunnerOptions so = opts_jobs(2);
  so.shard = 1;
  so.n_shards = 3;
  g_assert_cmpint(run_one(other, &so, demo5), ==, SIM_RUNNER_OK);
  const char *mixed[] = { shards[0], other, NULL };
  g_autofree char *mixed_out = g_build_filename(fx->tmp, "mixed", NULL);
  g_assert_false(sim_runner_merge(mixed_out, mixed, FALSE, NULL, NULL, NULL, &error));
  g_assert_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_CONFLICT);
  g_clear_error(&error);

  /* Not a results folder. */
  const char *bogus[] = { fx->demo, NULL };
  g_assert_false(sim_runner_merge(mixed_out, bogus, FALSE, NULL, NULL, NULL, &error));
  g_assert_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_INPUT);
  g_clear_error(&error);
  const char *empty[] = { fx->tmp, NULL }; /* a folder, but no results in it */
  g_assert_false(sim_runner_merge(mixed_out, empty, FALSE, NULL, NULL, NULL, &error));
  g_assert_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_INPUT);
  g_assert_nonnull(strstr(error->message, "no plan.json"));
  for (guint k = 0; k < 3; k++)
    g_free(shards[k]);
}

/* Shards sharing one folder (a cluster file system): the shard that completes the set writes the
 * summaries, identical to an unsharded run. */
static void
test_shards_shared_folder(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *whole = g_build_filename(fx->tmp, "whole", NULL);
  g_autofree char *shared = g_build_filename(fx->tmp, "shared", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(whole, &o, fx->demo), ==, SIM_RUNNER_OK);
  for (guint k = 1; k <= 2; k++) {
    SimRunnerOptions so = opts_jobs(2);
    so.shard = k;
    so.n_shards = 2;
    g_assert_cmpint(run_one(shared, &so, fx->demo), ==, SIM_RUNNER_OK);
  }
  assert_same_tree(whole, shared);
}

/* Lists run folders that do not start with '.' but lack `done` (that would look complete). */
static guint
visible_incomplete_runs(const char *runs)
{
  guint n = 0;
  GDir *d = g_dir_open(runs, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    if (name[0] == '.')
      continue;
    g_autofree char *done = g_build_filename(runs, name, "done", NULL);
    n += !g_file_test(done, G_FILE_TEST_EXISTS);
  }
  if (d)
    g_dir_close(d);
  return n;
}

static guint
complete_runs(const char *runs)
{
  guint n = 0;
  GDir *d = g_dir_open(runs, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *done = g_build_filename(runs, name, "done", NULL);
    n += g_file_test(done, G_FILE_TEST_EXISTS);
  }
  if (d)
    g_dir_close(d);
  return n;
}

static void
test_resume_after_interrupt(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *ref = g_build_filename(fx->tmp, "ref", NULL);
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(ref, &o, fx->demo), ==, SIM_RUNNER_OK);

  /* Interrupt when the third run starts: runs in progress finish, nothing else starts. */
  sim_test_model_reset();
  sim_test_model_knobs.interrupt_after = 3;
  sim_test_model_knobs.spin_us = 20000;
  SimRunner *r = NULL;
  const char *files[] = { fx->demo, NULL };
  g_assert_cmpint(run_files(out, &o, files, &r), ==, SIM_RUNNER_INTERRUPTED);
  guint executed = sim_runner_n_executed(r);
  sim_runner_free(r);
  g_assert_cmpuint(executed, >=, 2);
  g_assert_cmpuint(executed, <, 6);
  g_autofree char *dir = g_build_filename(out, "demo", NULL);
  g_autofree char *runs = g_build_filename(dir, "runs", NULL);
  g_assert_false(exists(dir, "summary.csv"));
  g_assert_false(exists(dir, "summary.json"));
  g_assert_cmpuint(visible_incomplete_runs(runs), ==, 0);
  g_assert_cmpuint(complete_runs(runs), ==, executed);

  /* --resume runs only the rest, and the result is the uninterrupted one, byte for byte. */
  sim_test_model_reset();
  SimRunnerOptions ro = opts_jobs(2);
  ro.resume = TRUE;
  g_assert_cmpint(run_files(out, &ro, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_reused(r), ==, executed);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 6 - executed);
  sim_runner_free(r);
  assert_same_tree(ref, out);
}

/* A stale temporary folder (a run killed mid-way) is ignored and replaced. */
static void
test_stale_temporary(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *ref = g_build_filename(fx->tmp, "ref", NULL);
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(ref, &o, fx->demo), ==, SIM_RUNNER_OK);
  g_assert_cmpint(run_one(out, &o, fx->demo), ==, SIM_RUNNER_OK);
  /* Make one run look killed half-way: its folder back to a temporary name, without `done`. */
  g_autofree char *plan = read_file(out, "demo/plan.json");
  const char *p = strstr(plan, "\"runs\" : [");
  g_assert_nonnull(p);
  p = strchr(p, '"' ) ;
  p = strstr(p + 10, "\"") + 1;
  g_autofree char *id = g_strndup(p, 16);
  g_autofree char *from = g_build_filename(out, "demo", "runs", id, NULL);
  g_autofree char *tmp_name = g_strdup_printf(".%s.tmp-99999", id);
  g_autofree char *to = g_build_filename(out, "demo", "runs", tmp_name, NULL);
  g_assert_cmpint(g_rename(from, to), ==, 0);
  g_autofree char *done = g_build_filename(to, "done", NULL);
  g_unlink(done);
  SimRunnerOptions ro = opts_jobs(2);
  ro.resume = TRUE;
  SimRunner *r = NULL;
  const char *files[] = { fx->demo, NULL };
  g_assert_cmpint(run_files(out, &ro, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 1);
  sim_runner_free(r);
  g_assert_false(g_file_test(to, G_FILE_TEST_EXISTS)); /* the killed run's leftovers are gone */
  assert_same_tree(ref, out);
}

/* Replications added later: --resume runs only the new ones. */
static void
test_add_replications(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *t2 = demo_text(2), *t4 = demo_text(4);
  g_autofree char *ref = g_build_filename(fx->tmp, "ref", NULL);
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  g_autofree char *f4 = write_text(fx, "four.ini", t4);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(ref, &o, f4), ==, SIM_RUNNER_OK);
  g_autofree char *f = write_text(fx, "four.ini", t2);
  g_assert_cmpint(run_one(out, &o, f), ==, SIM_RUNNER_OK);
  g_autofree char *f_again = write_text(fx, "four.ini", t4);
  SimRunnerOptions ro = opts_jobs(2);
  ro.resume = TRUE;
  SimRunner *r = NULL;
  const char *files[] = { f_again, NULL };
  g_assert_cmpint(run_files(out, &ro, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_reused(r), ==, 4);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 4);
  sim_runner_free(r);
  assert_same_tree(ref, out);

  /* A changed setting gives new run ids: nothing is reused. */
  g_autofree char *changed = g_strdup(t4);
  char *rate = strstr(changed, "rate = 2/s");
  rate[7] = '3';
  g_autofree char *fc = write_text(fx, "four.ini", changed);
  const char *files2[] = { fc, NULL };
  g_assert_cmpint(run_files(out, &ro, files2, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_reused(r), ==, 0);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 8);
  sim_runner_free(r);
}

static void
test_failing_scenario_in_batch(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *good2 = write_text(fx, "good2.ini",
                                      "[scenario]\nname = good2\nduration = 1m\nwarmup = 0\nreplications = 2\n"
                                      "[client.a]\nlocation = internet\nrate = 1/s\n");
  g_autofree char *bad = write_text(fx, "bad.ini", "[scenario]\nname = bad\nduration = fast\n");
  g_autofree char *refused_text = g_strdup_printf("[scenario]\nname = refused\nduration = 1m\nwarmup = 0\n"
                                                  "replications = 2\n[client.a]\nlocation = internet\n"
                                                  "rate = 1/s\n[sweep]\ncluster.endpoint = public, private\n");
  g_autofree char *refused = write_text(fx, "refused.ini", refused_text);
  g_autofree char *missing = g_build_filename(fx->tmp, "missing.ini", NULL);
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  sim_test_model_knobs.fail_label = "endpoint=private";
  SimRunnerOptions o = opts_jobs(2);
  const char *files[] = { fx->demo, bad, refused, missing, good2, NULL };
  SimRunner *r = NULL;
  g_assert_cmpint(run_files(out, &o, files, &r), ==, SIM_RUNNER_BAD_INPUT);
  g_assert_cmpuint(sim_runner_n_summarised(r), ==, 2);
  const char *const *problems = sim_runner_problems(r);
  g_assert_cmpuint(g_strv_length((char **)problems), >=, 3);
  gboolean saw_bad = FALSE, saw_refused = FALSE, saw_missing = FALSE;
  for (guint i = 0; problems[i]; i++) {
    g_test_message("problem: %s", problems[i]);
    saw_bad |= g_str_has_prefix(problems[i], bad) && strstr(problems[i], "[scenario] duration") != NULL;
    saw_refused |= g_str_has_prefix(problems[i], refused) && strstr(problems[i], "refused on purpose") != NULL;
    saw_missing |= strstr(problems[i], "missing.ini") != NULL;
  }
  g_assert_true(saw_bad);
  g_assert_true(saw_refused);
  g_assert_true(saw_missing);
  sim_runner_free(r);
  g_assert_true(exists(out, "demo/summary.csv"));
  g_assert_true(exists(out, "good2/summary.csv"));
  g_assert_false(exists(out, "refused/summary.csv"));
  g_assert_false(exists(out, "bad"));

  /* Only a run failure (no bad input): status FAILED. */
  g_autofree char *out2 = g_build_filename(fx->tmp, "out2", NULL);
  const char *files2[] = { refused, good2, NULL };
  g_assert_cmpint(run_files(out2, &o, files2, NULL), ==, SIM_RUNNER_FAILED);
  g_assert_true(exists(out2, "good2/summary.csv"));
}

/* Many failing runs: the first three in plan order, then a count; the same list every time. */
static void
test_many_failures(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *text = demo_text(5);
  g_autofree char *f = write_text(fx, "many.ini", text);
  sim_test_model_knobs.fail_label = "endpoint=public";
  for (guint round = 0; round < 2; round++) {
    g_autofree char *out = g_strdup_printf("%s/out%u", fx->tmp, round);
    SimRunnerOptions o = opts_jobs(round ? 1 : 4);
    const char *files[] = { f, NULL };
    SimRunner *r = NULL;
    g_assert_cmpint(run_files(out, &o, files, &r), ==, SIM_RUNNER_FAILED);
    const char *const *p = sim_runner_problems(r);
    g_assert_cmpuint(g_strv_length((char **)p), ==, 4);
    g_assert_nonnull(strstr(p[0], "variant 'cluster.endpoint=public', replication 0:"));
    g_assert_nonnull(strstr(p[1], "variant 'cluster.endpoint=public', replication 1:"));
    g_assert_nonnull(strstr(p[2], "variant 'cluster.endpoint=public', replication 2:"));
    g_assert_true(g_str_has_suffix(p[3], "many.ini: 7 more runs failed"));
    g_assert_cmpuint(sim_runner_n_summarised(r), ==, 0);
    sim_runner_free(r);
  }
}

static void
test_duplicate_names(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *copy = write_text(fx, "copy.ini", "[scenario]\nname = Demo\nduration = 1m\nwarmup = 0\n"
                                                     "replications = 1\n[client.a]\nlocation = internet\n");
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  SimRunnerOptions o = opts_jobs(2);
  const char *files[] = { fx->demo, copy, NULL };
  SimRunner *r = NULL;
  g_assert_cmpint(run_files(out, &o, files, &r), ==, SIM_RUNNER_BAD_INPUT);
  const char *const *problems = sim_runner_problems(r);
  g_assert_nonnull(problems[0]);
  g_assert_nonnull(strstr(problems[0], "same results folder"));
  g_assert_true(g_str_has_prefix(problems[0], copy));
  sim_runner_free(r);
}

/* Every path below @root stays below it (no symlinks, no "..") and @outside gained nothing. */
static void
assert_contained(const char *root)
{
  GDir *d = g_dir_open(root, 0, NULL);
  g_assert_nonnull(d);
  const char *name;
  while ((name = g_dir_read_name(d))) {
    g_assert_cmpstr(name, !=, "..");
    g_assert_null(strchr(name, '/'));
    g_autofree char *child = g_build_filename(root, name, NULL);
    g_assert_false(g_file_test(child, G_FILE_TEST_IS_SYMLINK));
    if (g_file_test(child, G_FILE_TEST_IS_DIR))
      assert_contained(child);
  }
  g_dir_close(d);
}

static guint
count_entries(const char *dir)
{
  guint n = 0;
  GDir *d = g_dir_open(dir, 0, NULL);
  while (d && g_dir_read_name(d))
    n++;
  if (d)
    g_dir_close(d);
  return n;
}

static void
test_path_escape(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *inner = g_build_filename(fx->tmp, "a", "b", NULL);
  g_assert_cmpint(g_mkdir_with_parents(inner, 0755), ==, 0);
  g_autofree char *evil = write_text(fx, "evil.ini",
                                     "[scenario]\nname = ../../../escaped\nduration = 1m\nwarmup = 0\n"
                                     "replications = 1\n[client.a]\nlocation = internet\nrate = 1/s\n"
                                     "[sweep]\ncluster.public_access_cidrs = 10.0.0.0/8 | 0.0.0.0/0, ..\n");
  g_autofree char *out = g_build_filename(inner, "out", NULL);
  guint before_tmp = count_entries(fx->tmp), before_a = count_entries(inner);
  SimRunnerOptions o = opts_jobs(2);
  SimRunnerStatus st = run_one(out, &o, evil);
  if (st != SIM_RUNNER_OK) {
    /* The sweep value may be refused by validation; then use a simpler sweep. */
    g_autofree char *evil2 = write_text(fx, "evil.ini",
                                        "[scenario]\nname = ../../../escaped\nduration = 1m\nwarmup = 0\n"
                                        "replications = 1\n[client.a]\nlocation = internet\nrate = 1/s\n"
                                        "[sweep]\ncluster.public_access_cidrs = 10.0.0.0/8 | 0.0.0.0/0\n");
    st = run_one(out, &o, evil2);
  }
  g_assert_cmpint(st, ==, SIM_RUNNER_OK);
  g_assert_cmpuint(count_entries(fx->tmp), ==, before_tmp);
  g_assert_cmpuint(count_entries(inner), ==, before_a + 1);
  g_assert_cmpuint(count_entries(out), ==, 1);
  assert_contained(out);
  GDir *d = g_dir_open(out, 0, NULL);
  const char *name = g_dir_read_name(d);
  g_test_message("scenario folder: %s", name);
  g_assert_false(name[0] == '.');
  g_autofree char *variants = g_build_filename(out, name, "variants", NULL);
  g_dir_close(d);
  g_assert_cmpuint(count_entries(variants), ==, 2);
  d = g_dir_open(variants, 0, NULL);
  while ((name = g_dir_read_name(d))) {
    g_test_message("variant folder: %s", name);
    g_assert_null(strchr(name, '/'));
    g_assert_false(name[0] == '.');
  }
  g_dir_close(d);
}

static guint
count_lines(const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_trace(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *out = g_build_filename(fx->tmp, "out", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(out, &o, fx->demo), ==, SIM_RUNNER_OK);
  g_assert_false(exists(out, "demo/requests.csv"));
  /* --trace with --resume: runs without a trace are run again. */
  SimRunnerOptions t = opts_jobs(2);
  t.trace = TRUE;
  t.resume = TRUE;
  SimRunner *r = NULL;
  const char *files[] = { fx->demo, NULL };
  g_assert_cmpint(run_files(out, &t, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_executed(r), ==, 6);
  sim_runner_free(r);
  g_autofree char *trace = read_file(out, "demo/requests.csv");
  g_assert_nonnull(trace);
  g_assert_true(g_str_has_prefix(trace, "scenario,variant,replication,subject,start_s,end_s,latency_ms,outcome,"
                                        "verb,attempts,path,dns_ms,connect_ms,tls_ms,queue_ms,service_ms,"
                                        "transfer_ms,warmup,detail\n"));
  g_assert_nonnull(strstr(trace, "\ndemo,cluster.endpoint=public+private,2,ci,"));
  g_assert_nonnull(strstr(trace, ",no-route,"));
  g_assert_nonnull(strstr(trace, "internet+igw+public-endpoint"));
  /* Rows after the warm-up = the requests summary.csv counts (3 clients, 6 runs). */
  g_autofree char *csv = read_file(out, "demo/summary.csv");
  double total = 0;
  static const char *const variants[] = { "cluster.endpoint=public", "cluster.endpoint=public+private" };
  static const char *const clients[] = { "laptop", "ci" };
  for (guint v = 0; v < 2; v++)
    for (guint c = 0; c < 2; c++) {
      g_auto(GStrv) row = summary_row(csv, variants[v], clients[c], "requests");
      total += 3 * g_ascii_strtod(row[4], NULL);
    }
  guint after_warmup = 0;
  g_auto(GStrv) lines = g_strsplit(trace, "\n", -1);
  for (guint i = 1; lines[i] && *lines[i]; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
    after_warmup += g_strcmp0(f[17], "0") == 0;
  }
  g_assert_cmpfloat(fabs(total - after_warmup), <, 0.5);
  g_assert_cmpuint(count_lines(trace), >, after_warmup);
  /* Shards run with --trace merge into the same bytes, traces included, without asking. */
  g_autofree char *s1 = g_build_filename(fx->tmp, "t1", NULL), *s2 = g_build_filename(fx->tmp, "t2", NULL);
  for (guint k = 1; k <= 2; k++) {
    SimRunnerOptions so = opts_jobs(2);
    so.trace = TRUE;
    so.shard = k;
    so.n_shards = 2;
    g_assert_cmpint(run_one(k == 1 ? s1 : s2, &so, fx->demo), ==, SIM_RUNNER_OK);
  }
  g_autofree char *merged = g_build_filename(fx->tmp, "tm", NULL);
  const char *in[] = { s1, s2, NULL };
  g_autoptr(GError) error = NULL;
  g_assert_true(sim_runner_merge(merged, in, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  assert_same_tree(out, merged);

  /* Without --trace the combined trace goes away (the runs keep theirs). */
  g_assert_cmpint(run_one(out, &o, fx->demo), ==, SIM_RUNNER_OK);
  g_assert_false(exists(out, "demo/requests.csv"));
}

/* A real SIGINT in a child process: runs in progress finish, nothing half-written looks complete,
 * no summary; --resume then completes the batch. */
static void
test_sigint(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  /* The child has a fixture of its own; both agree on the output folder through the parent's pid. */
  int parent = g_test_subprocess() ? (int)getppid() : (int)getpid();
  g_autofree char *name = g_strdup_printf("eksim-runner-sigint-%d", parent);
  g_autofree char *out = g_build_filename(g_get_tmp_dir(), name, NULL);
  if (g_test_subprocess()) {
    SimRunnerOptions o = opts_jobs(2);
    o.handle_signals = TRUE;
    sim_test_model_knobs.interrupt_after = 3;
    sim_test_model_knobs.raise_sigint = TRUE;
    sim_test_model_knobs.spin_us = 20000;
    SimRunnerStatus st = run_one(out, &o, fx->demo);
    fx_teardown(fx, NULL);
    exit(st == SIM_RUNNER_INTERRUPTED ? 42 : 1);
  }
  test_remove_tree(out);
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*interrupted: no new run starts*--resume*");
  g_autofree char *dir = g_build_filename(out, "demo", NULL);
  g_autofree char *runs = g_build_filename(dir, "runs", NULL);
  g_assert_false(exists(dir, "summary.csv"));
  g_assert_cmpuint(visible_incomplete_runs(runs), ==, 0);
  guint done = complete_runs(runs);
  g_assert_cmpuint(done, >=, 2);
  g_assert_cmpuint(done, <, 6);
  /* The child's scenario file is gone with its fixture; this one has the same text. */
  SimRunnerOptions ro = opts_jobs(2);
  ro.resume = TRUE;
  SimRunner *r = NULL;
  const char *files[] = { fx->demo, NULL };
  g_assert_cmpint(run_files(out, &ro, files, &r), ==, SIM_RUNNER_OK);
  g_assert_cmpuint(sim_runner_n_reused(r), ==, done);
  sim_runner_free(r);
  g_autofree char *ref = g_build_filename(fx->tmp, "ref", NULL);
  SimRunnerOptions o = opts_jobs(1);
  g_assert_cmpint(run_one(ref, &o, fx->demo), ==, SIM_RUNNER_OK);
  /* scenario.ini names no file, plan.json neither: the trees compare equal. */
  assert_same_tree(ref, out);
  test_remove_tree(out);
}

/* A second SIGINT ends the process at once (default action); what it leaves behind is hidden and
 * the next --resume removes it. */
static void
test_second_sigint(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  int parent = g_test_subprocess() ? (int)getppid() : (int)getpid();
  g_autofree char *name = g_strdup_printf("eksim-runner-sigint2-%d", parent);
  g_autofree char *out = g_build_filename(g_get_tmp_dir(), name, NULL);
  if (g_test_subprocess()) {
    SimRunnerOptions o = opts_jobs(2);
    o.handle_signals = TRUE;
    sim_test_model_knobs.interrupt_after = 2;
    sim_test_model_knobs.raise_sigint = TRUE;
    sim_test_model_knobs.second_sigint_us = 300000;
    sim_test_model_knobs.spin_us = 2000000; /* the first run is still going when the signals come */
    run_one(out, &o, fx->demo);
    exit(0); /* not reached: the second SIGINT kills the process */
  }
  test_remove_tree(out);
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*interrupted: no new run starts*");
  g_autofree char *runs = g_build_filename(out, "demo", "runs", NULL);
  g_assert_cmpuint(visible_incomplete_runs(runs), ==, 0);
  g_assert_false(exists(out, "demo/summary.csv"));
  SimRunnerOptions ro = opts_jobs(2);
  ro.resume = TRUE;
  g_assert_cmpint(run_one(out, &ro, fx->demo), ==, SIM_RUNNER_OK);
  GDir *d = g_dir_open(runs, 0, NULL);
  const char *entry;
  while ((entry = g_dir_read_name(d)))
    g_assert_false(entry[0] == '.');
  g_dir_close(d);
  test_remove_tree(out);
}

/* The README's GNU parallel recipe, run locally (--sshlogin : is this machine): three shards in
 * parallel, then merge; equal to the unsharded run. */
static char *self_path;

static void
test_gnu_parallel(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *parallel = g_find_program_in_path("parallel");
  if (!parallel) {
    g_test_skip("GNU parallel is not installed (Debian package parallel)");
    return;
  }
  g_autofree char *whole = g_build_filename(fx->tmp, "whole", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(whole, &o, fx->demo), ==, SIM_RUNNER_OK);
  /* The README recipe, with this binary standing in for eksim run and the local machine as host. */
  const char *argv[] = { parallel, "--will-cite", "--halt", "now,fail=1", "--sshlogin", "2/:", "--transferfile",
                         "demo.ini", "--return", "shard-{}", "--cleanup", self_path, "--shard-worker", "{}/3",
                         "shard-{}", "demo.ini", ":::", "1", "2", "3", NULL };
  g_autofree char *out_text = NULL, *err_text = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(fx->tmp, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_text, &err_text,
                             &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("parallel failed: %s", err_text);
  char *shards[4] = { NULL };
  for (guint k = 0; k < 3; k++)
    shards[k] = g_strdup_printf("%s/shard-%u", fx->tmp, k + 1);
  g_autofree char *merged = g_build_filename(fx->tmp, "merged", NULL);
  g_assert_true(sim_runner_merge(merged, (const char *const *)shards, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error(error);
  assert_same_tree(whole, merged);
  for (guint k = 0; k < 3; k++)
    g_free(shards[k]);
}

/* eksim merge on the command line: same bytes as the library call; bad input gives one line on
 * stderr and exit status 2, with nothing written. */
static void
test_cli_merge(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  const char *env = g_getenv("EKSIM");
  if (!env || !g_file_test(env, G_FILE_TEST_IS_EXECUTABLE)) {
    g_test_skip("EKSIM does not name the eksim binary (make check sets it)");
    return;
  }
  g_autofree char *eksim = g_canonicalize_filename(env, NULL);
  g_autofree char *whole = g_build_filename(fx->tmp, "whole", NULL);
  SimRunnerOptions o = opts_jobs(2);
  g_assert_cmpint(run_one(whole, &o, fx->demo), ==, SIM_RUNNER_OK);
  for (guint k = 1; k <= 2; k++) {
    g_autofree char *dir = g_strdup_printf("%s/s%u", fx->tmp, k);
    SimRunnerOptions so = opts_jobs(2);
    so.shard = k;
    so.n_shards = 2;
    g_assert_cmpint(run_one(dir, &so, fx->demo), ==, SIM_RUNNER_OK);
  }
  g_autofree char *merged = g_build_filename(fx->tmp, "merged", NULL);
  g_autofree char *s1 = g_build_filename(fx->tmp, "s1", NULL);
  g_autofree char *s2 = g_build_filename(fx->tmp, "s2", NULL);
  g_autofree char *s2demo = g_build_filename(s2, "demo", NULL);
  const char *argv_ok[] = { eksim, "merge", "--no-plots", "-o", merged, s1, s2demo, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv_ok, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("eksim merge failed: %s", err);
  g_assert_nonnull(strstr(out, "demo: 2 variants x 3 replications"));
  assert_same_tree(whole, merged);

  struct {
    const char *args[4];
    const char *stderr_has;
  } bad[] = {
    { { "merge", s1, NULL }, "-o OUT is required" },
    { { "merge", "-o", merged, NULL }, "no folder to merge given" },
    { { "merge", "-o", "nowhere", s1 }, "runs are complete in none of the inputs" },
    { { "merge", "--bogus", NULL }, "Unknown option" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    const char *argv_bad[6] = { eksim };
    for (guint k = 0; k < 4; k++)
      argv_bad[k + 1] = bad[i].args[k];
    g_autofree char *o2 = NULL, *e2 = NULL;
    g_assert_true(g_spawn_sync(fx->tmp, (char **)argv_bad, NULL, G_SPAWN_DEFAULT, NULL, NULL, &o2, &e2, &status, &error));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 2);
    g_assert_nonnull(strstr(e2, bad[i].stderr_has));
    g_assert_cmpuint(count_lines(e2), ==, 1);
  }
  g_autofree char *nowhere = g_build_filename(fx->tmp, "nowhere", NULL);
  g_assert_false(g_file_test(nowhere, G_FILE_TEST_EXISTS));
  const char *argv_help[] = { eksim, "merge", "--help", NULL };
  g_autofree char *o3 = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv_help, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &o3, NULL, &status, &error));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_nonnull(strstr(o3, "--output"));
}

static int
shard_worker(const char *spec, const char *out, const char *file)
{
  guint k, n;
  if (sscanf(spec, "%u/%u", &k, &n) != 2)
    return 2;
  SimRunnerOptions o = opts_jobs(1);
  o.shard = k;
  o.n_shards = n;
  return run_one(out, &o, file) == SIM_RUNNER_OK ? 0 : 1;
}

int
main(int argc, char **argv)
{
  if (argc == 5 && strcmp(argv[1], "--shard-worker") == 0)
    return shard_worker(argv[2], argv[3], argv[4]);
  self_path = g_canonicalize_filename(argv[0], NULL);
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fx_setup, fn, fx_teardown)
  ADD("/runner/result-files", test_result_files);
  ADD("/runner/determinism-jobs", test_determinism_jobs);
  ADD("/runner/shard-merge", test_shard_merge);
  ADD("/runner/shards-shared-folder", test_shards_shared_folder);
  ADD("/runner/resume-after-interrupt", test_resume_after_interrupt);
  ADD("/runner/stale-temporary", test_stale_temporary);
  ADD("/runner/add-replications", test_add_replications);
  ADD("/runner/failing-scenario-in-batch", test_failing_scenario_in_batch);
  ADD("/runner/many-failures", test_many_failures);
  ADD("/runner/duplicate-names", test_duplicate_names);
  ADD("/runner/path-escape", test_path_escape);
  ADD("/runner/trace", test_trace);
  ADD("/runner/sigint", test_sigint);
  ADD("/runner/second-sigint", test_second_sigint);
  ADD("/runner/gnu-parallel", test_gnu_parallel);
  ADD("/runner/cli-merge", test_cli_merge);
  int rc = g_test_run();
  g_free(self_path);
  return rc;
}
