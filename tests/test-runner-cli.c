/* Tests for the command-line side of eksim run / batch (sim/cli/run-common.c), driven in a child
 * process with the test model: options, exit statuses, one-line errors, nothing left behind on
 * bad input, folders expanded into scenario files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/run-common.h"
#include "support/testmodel.h"
#include "support/tmpdir.h"

static const char good_ini[] = "[scenario]\nname = %s\nduration = 1m\nwarmup = 10s\nreplications = 2\n"
                               "[client.a]\nlocation = internet\nrate = 2/s\n"
                               "[sweep]\ncluster.endpoint = public, private\n";

static char *tmp;

static char *
write_file(const char *rel, const char *text)
{
  char *path = g_build_filename(tmp, rel, NULL);
  g_autofree char *dir = g_path_get_dirname(path);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static char *
good(const char *rel, const char *name)
{
  g_autofree char *text = g_strdup_printf(good_ini, name);
  return write_file(rel, text);
}

/* Runs "eksim run|batch ARGS" in a child; returns its exit status; stdout/stderr via g_test_trap_*. */
static int
run_cli(gboolean batch, const char *const *args)
{
  g_autofree char *joined = g_strjoinv("\x1f", (char **)args);
  g_setenv("EKSIM_CLI_ARGS", joined, TRUE);
  g_setenv("EKSIM_CLI_BATCH", batch ? "1" : "0", TRUE);
  g_test_trap_subprocess("/runner-cli/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  return 0;
}

static void
child(void)
{
  if (!g_test_subprocess())
    return; /* only meaningful as a child */
  gboolean batch = g_strcmp0(g_getenv("EKSIM_CLI_BATCH"), "1") == 0;
  g_auto(GStrv) args = g_strsplit(g_getenv("EKSIM_CLI_ARGS"), "\x1f", -1);
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, batch ? "eksim batch" : "eksim run");
  for (guint i = 0; args[i]; i++)
    if (*args[i])
      g_ptr_array_add(argv, args[i]);
  g_ptr_array_add(argv, NULL);
  if (g_getenv("EKSIM_CLI_FAIL"))
    sim_test_model_knobs.fail_label = g_getenv("EKSIM_CLI_FAIL");
  int status = eksim_run_main((int)argv->len - 1, (char **)argv->pdata, batch, sim_test_model_ops());
  g_ptr_array_unref(argv);
  g_strfreev(g_steal_pointer(&args));
  exit(status);
}

static gboolean
exists(const char *rel)
{
  g_autofree char *p = g_build_filename(tmp, rel, NULL);
  return g_file_test(p, G_FILE_TEST_EXISTS);
}

static void
test_run_ok(void)
{
  g_autofree char *f = good("ok.ini", "ok");
  g_autofree char *out = g_build_filename(tmp, "out-ok", NULL);
  const char *quiet[] = { f, "-o", out, "-j", "2", "--quiet", "--no-plots", NULL };
  run_cli(FALSE, quiet);
  g_test_trap_assert_passed();
  g_test_trap_assert_stdout_unmatched("*availability*");
  g_test_trap_assert_stderr("");
  g_assert_true(exists("out-ok/ok/summary.csv"));
  const char *loud[] = { f, "-o", out, "--resume", "--no-plots", NULL };
  run_cli(FALSE, loud);
  g_test_trap_assert_passed();
  g_test_trap_assert_stdout("ok: 2 variants x 2 replications*cluster.endpoint=private*availability*");
  g_test_trap_assert_stderr(""); /* stderr is not a terminal here: no progress line */
}

static void
test_usage_errors(void)
{
  g_autofree char *f = good("u.ini", "u");
  g_autofree char *out = g_build_filename(tmp, "out-usage", NULL);
  g_autofree char *empty = g_build_filename(tmp, "nothing-here", NULL);
  g_assert_cmpint(g_mkdir_with_parents(empty, 0755), ==, 0);
  struct {
    gboolean batch;
    const char *args[6];
    const char *err;
  } cases[] = {
    { FALSE, { f, "-o", out, "--shard", "3/2", NULL }, "eksim run: --shard: '3/2' is not K/N; allowed: K/N with 1 <= K <= N*\n" },
    { FALSE, { f, "-o", out, "--shard", "0/2", NULL }, "*--shard: '0/2' is not K/N*" },
    { FALSE, { f, "-o", out, "--shard", "1/x", NULL }, "*--shard: '1/x' is not K/N*" },
    { FALSE, { f, "-o", out, "-j", "-3", NULL }, "eksim run: --jobs: -3 is out of range; allowed: 1..4096*" },
    { FALSE, { f, "-o", out, "-j", "many", NULL }, "eksim run: Cannot parse integer value*" },
    { FALSE, { f, f, "-o", out, NULL }, "*exactly one scenario file*" },
    { FALSE, { "-o", out, NULL }, "eksim run: no scenario file given*" },
    { FALSE, { "--frobnicate", NULL }, "eksim run: Unknown option --frobnicate*" },
    { FALSE, { f, "-o", f, NULL }, "eksim run: --output: '*u.ini' exists and is not a folder; allowed: *" },
    { TRUE, { empty, "-o", out, NULL }, "eksim batch: *nothing-here: no scenario files (*.ini) in this folder\n" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    run_cli(cases[i].batch, cases[i].args);
    g_test_trap_assert_failed();
    if (cases[i].err)
      g_test_trap_assert_stderr(cases[i].err);
    g_test_trap_assert_stdout("");
  }
  g_assert_false(exists("out-usage"));
}

static void
test_bad_scenario(void)
{
  g_autofree char *f = write_file("broken.ini", "[scenario]\nname = broken\nreplications = lots\n");
  g_autofree char *out = g_build_filename(tmp, "out-bad", NULL);
  const char *args[] = { f, "-o", out, NULL };
  run_cli(FALSE, args);
  g_test_trap_assert_failed();
  g_autofree char *pattern = g_strdup_printf("%s:3: [scenario] replications: *; allowed: *\n", f);
  g_test_trap_assert_stderr(pattern);
  /* Nothing that looks like results: no scenario folder at all. */
  g_assert_false(exists("out-bad/broken"));
}

static void
test_exit_status(void)
{
  /* Exit status 2 for bad input, 1 for a failed run, listed at the end of a batch. */
  g_autofree char *a = good("batch/a.ini", "a");
  g_autofree char *b = good("batch/sub/b.ini", "b");
  g_autofree char *part = write_file("batch/_part.ini", "[client.x]\nlocation = internet\n");
  g_autofree char *dir = g_build_filename(tmp, "batch", NULL);
  g_autofree char *out = g_build_filename(tmp, "out-batch", NULL);
  const char *args[] = { dir, "-o", out, "--quiet", NULL };
  run_cli(TRUE, args);
  g_test_trap_assert_passed();
  g_assert_true(exists("out-batch/a/summary.csv"));
  g_assert_true(exists("out-batch/b/summary.csv"));

  g_setenv("EKSIM_CLI_FAIL", "endpoint=private", TRUE);
  g_autofree char *out2 = g_build_filename(tmp, "out-batch2", NULL);
  const char *args2[] = { dir, "-o", out2, "--quiet", NULL };
  run_cli(TRUE, args2);
  g_unsetenv("EKSIM_CLI_FAIL");
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*a.ini: variant 'cluster.endpoint=private', replication 0: test model:*"
                            "*b.ini: variant 'cluster.endpoint=private', replication 1: test model:*"
                            "eksim batch: 4 problems (listed above); 0 scenarios summarised\n");
}

static void
test_exit_codes_exact(void)
{
  g_assert_cmpint(EKSIM_EXIT_USAGE, ==, 2);
  g_assert_cmpint(EKSIM_EXIT_FAILED, ==, 1);
  g_assert_cmpint(EKSIM_EXIT_INTERRUPTED, ==, 130);
  guint k = 0, n = 0;
  g_assert_true(eksim_parse_shard("2/8", &k, &n));
  g_assert_cmpuint(k, ==, 2);
  g_assert_cmpuint(n, ==, 8);
  g_assert_true(eksim_parse_shard("1/1", &k, &n));
  static const char *const bad[] = { "", "1", "/2", "2/", "0/1", "3/2", "1/2/3", "-1/2", "1 /2", "1/2x", "1/1000001",
                                     "99999999999999999999/2" };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    g_assert_false(eksim_parse_shard(bad[i], &k, &n));
}

static void
test_scenario_files(void)
{
  g_autofree char *a = good("tree/b.ini", "b");
  g_autofree char *b = good("tree/a/z.ini", "z");
  g_autofree char *c = good("tree/_skip/x.ini", "x");
  g_autofree char *d = write_file("tree/notes.txt", "not a scenario");
  g_autofree char *e = good("tree/.hidden.ini", "h");
  g_autofree char *dir = g_build_filename(tmp, "tree", NULL);
  char *paths[] = { dir, (char *)"explicit.ini", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = eksim_scenario_files(paths, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(files->len, ==, 3);
  g_assert_cmpstr(g_ptr_array_index(files, 0), ==, b);
  g_assert_cmpstr(g_ptr_array_index(files, 1), ==, a);
  g_assert_cmpstr(g_ptr_array_index(files, 2), ==, "explicit.ini");
  g_autofree char *empty = g_build_filename(tmp, "empty", NULL);
  g_assert_cmpint(g_mkdir(empty, 0755), ==, 0);
  char *none[] = { empty, NULL };
  GPtrArray *nothing = eksim_scenario_files(none, &error);
  g_assert_null(nothing);
  g_assert_nonnull(error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  /* Children reuse the parent's scratch folder, named through the environment. */
  if (g_getenv("EKSIM_CLI_TMP")) {
    tmp = g_strdup(g_getenv("EKSIM_CLI_TMP"));
  } else {
    tmp = g_dir_make_tmp("eksim-cli-XXXXXX", NULL);
    g_setenv("EKSIM_CLI_TMP", tmp, TRUE);
  }
  g_test_add_func("/runner-cli/child", child);
  g_test_add_func("/runner-cli/run-ok", test_run_ok);
  g_test_add_func("/runner-cli/usage-errors", test_usage_errors);
  g_test_add_func("/runner-cli/bad-scenario", test_bad_scenario);
  g_test_add_func("/runner-cli/batch-exit-status", test_exit_status);
  g_test_add_func("/runner-cli/exit-codes-and-shard-syntax", test_exit_codes_exact);
  g_test_add_func("/runner-cli/scenario-files", test_scenario_files);
  int rc = g_test_run();
  if (!g_test_subprocess())
    test_remove_tree(tmp);
  g_free(tmp);
  return rc;
}
