/* eksim run / batch / merge end to end on the real EKS world, through the eksim binary (EKSIM):
 * results byte-identical for -j 1 and -j 2, the README's GNU parallel recipe (local host) plus
 * eksim merge equal to the unsharded run, and bad input answered with one line, exit status 2 and
 * no results folder. (Interruption and resume are tested with the test model in test-runner.c.) */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include "support/tmpdir.h"

static const char sweep_ini[] = "[scenario]\n"
                                "name = modes\n"
                                "duration = 2m\n"
                                "warmup = 20s\n"
                                "bin = 20s\n"
                                "replications = 2\n"
                                "\n"
                                "[client.laptop]\n"
                                "location = internet\n"
                                "rate = 1/s\n"
                                "\n"
                                "[client.bastion]\n"
                                "location = vpc-public\n"
                                "rate = 1/s\n"
                                "\n"
                                "[cluster]\n"
                                "security_group_allow = 10.0.0.0/16\n"
                                "\n"
                                "[sweep]\n"
                                "cluster.endpoint = public, public+private, private\n";

static char *eksim, *tmp, *ini;

/* Runs eksim with @args (NULL-terminated) in @tmp; returns the exit status (or 128 + signal). */
static int
eksim_run(const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, eksim);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(tmp, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
  g_assert_no_error(error);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

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
      g_assert_true(g_file_get_contents(full, &data, NULL, NULL));
      g_hash_table_insert(into, g_steal_pointer(&sub), data);
    }
  }
  g_dir_close(d);
}

static void
assert_same_tree(const char *a, const char *b)
{
  g_autoptr(GHashTable) ta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) tb = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  collect(ta, a, NULL);
  collect(tb, b, NULL);
  g_assert_cmpuint(g_hash_table_size(ta), ==, g_hash_table_size(tb));
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, ta);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const char *other = g_hash_table_lookup(tb, k);
    if (!other || strcmp(v, other) != 0)
      g_error("%s differs between %s and %s", (char *)k, a, b);
  }
}

static gboolean
skip_without_eksim(void)
{
  if (!eksim) {
    g_test_skip("EKSIM does not name the eksim binary (make check sets it)");
    return TRUE;
  }
  return FALSE;
}

static void
test_jobs_identical(void)
{
  if (skip_without_eksim())
    return;
  g_autofree char *out = NULL, *err = NULL;
  const char *a[] = { "run", ini, "-o", "j1", "-j", "1", "--no-plots", NULL };
  g_assert_cmpint(eksim_run(a, &out, &err), ==, 0);
  g_assert_nonnull(strstr(out, "modes: 3 variants x 2 replications"));
  g_free(out);
  g_free(err);
  const char *b[] = { "run", ini, "-o", "j2", "-j", "2", "--no-plots", "--quiet", NULL };
  g_assert_cmpint(eksim_run(b, &out, &err), ==, 0);
  g_assert_cmpstr(out, ==, "");
  g_autofree char *j1 = g_build_filename(tmp, "j1", NULL), *j2 = g_build_filename(tmp, "j2", NULL);
  assert_same_tree(j1, j2);
  g_autofree char *csv_path = g_build_filename(tmp, "j1", "modes", "summary.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  g_assert_nonnull(strstr(csv, "\nmodes,cluster.endpoint=private,laptop,availability,0,"));
  g_assert_nonnull(strstr(csv, "\nmodes,cluster.endpoint=public,laptop,availability,1,"));
}

static void
test_parallel_recipe(void)
{
  if (skip_without_eksim())
    return;
  g_autofree char *parallel = g_find_program_in_path("parallel");
  if (!parallel) {
    g_test_skip("GNU parallel is not installed (Debian package parallel)");
    return;
  }
  g_autofree char *out = NULL, *err = NULL;
  const char *whole[] = { "run", ini, "-o", "whole", "-j", "2", "--no-plots", "--quiet", NULL };
  g_assert_cmpint(eksim_run(whole, &out, &err), ==, 0);
  /* README "Running on a cluster", with the local machine as the only host. */
  g_autofree char *cmd = g_strdup_printf("%s --will-cite --halt now,fail=1 --sshlogin 2/: --transferfile sweep.ini "
                                         "--return out-{} --cleanup %s run sweep.ini --shard {}/3 -j 1 -o out-{} "
                                         "--no-plots --quiet ::: 1 2 3",
                                         parallel, eksim);
  const char *sh[] = { "/bin/sh", "-c", cmd, NULL };
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *pout = NULL, *perr = NULL;
  g_assert_true(g_spawn_sync(tmp, (char **)sh, NULL, G_SPAWN_DEFAULT, NULL, NULL, &pout, &perr, &status, &error));
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("parallel: %s", perr);
  g_free(out);
  g_free(err);
  const char *merge[] = { "merge", "-o", "merged", "out-1", "out-2", "out-3", "--no-plots", "--quiet", NULL };
  g_assert_cmpint(eksim_run(merge, &out, &err), ==, 0);
  g_autofree char *a = g_build_filename(tmp, "whole", NULL), *b = g_build_filename(tmp, "merged", NULL);
  assert_same_tree(a, b);
}

static void
test_bad_input(void)
{
  if (skip_without_eksim())
    return;
  g_autofree char *bad = g_build_filename(tmp, "bad.ini", NULL);
  g_assert_true(g_file_set_contents(bad, "[scenario]\nname = bad\n[cluster]\nendpoint = sideways\n", -1, NULL));
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "run", "bad.ini", "-o", "badout", "--no-plots", NULL };
  g_assert_cmpint(eksim_run(args, &out, &err), ==, 2);
  g_assert_true(g_str_has_prefix(err, "bad.ini:4: [cluster] endpoint: "));
  g_assert_nonnull(strstr(err, "; allowed: "));
  g_assert_cmpuint(strlen(err), ==, (gsize)(strchr(err, '\n') - err) + 1);
  g_autofree char *dir = g_build_filename(tmp, "badout", "bad", NULL);
  g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
  g_free(out);
  g_free(err);
  const char *batch[] = { "batch", "bad.ini", ini, "-o", "mixed", "--no-plots", "--quiet", NULL };
  g_assert_cmpint(eksim_run(batch, &out, &err), ==, 2);
  g_autofree char *good = g_build_filename(tmp, "mixed", "modes", "summary.csv", NULL);
  g_assert_true(g_file_test(good, G_FILE_TEST_EXISTS));
  g_assert_nonnull(strstr(err, "eksim batch: 1 problem (listed above); 1 scenario summarised"));
}

/* The progress line goes to stderr only when it is a terminal (script(1) provides one). */
static void
test_progress_on_terminal(void)
{
  if (skip_without_eksim())
    return;
  g_autofree char *script = g_find_program_in_path("script");
  if (!script) {
    g_test_skip("script(1) is not installed (Debian package bsdutils)");
    return;
  }
  g_autofree char *cmd = g_strdup_printf("%s run sweep.ini -o tty -j 2 --no-plots", eksim);
  const char *argv[] = { script, "-qec", cmd, "/dev/null", NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(tmp, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_nonnull(strstr(out, "eksim: ["));
  g_assert_nonnull(strstr(out, "] 6/6 runs 100%"));
  g_assert_nonnull(strstr(out, "elapsed"));
  /* Not a terminal: no progress line at all, only the table on stdout. */
  g_free(out);
  g_free(err);
  const char *plain[] = { "run", "sweep.ini", "-o", "notty", "-j", "2", "--no-plots", NULL };
  g_assert_cmpint(eksim_run(plain, &out, &err), ==, 0);
  g_assert_cmpstr(err, ==, "");
  g_assert_null(strstr(out, "eksim: ["));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  const char *env = g_getenv("EKSIM");
  eksim = env && g_file_test(env, G_FILE_TEST_IS_EXECUTABLE) ? g_canonicalize_filename(env, NULL) : NULL;
  tmp = g_dir_make_tmp("eksim-run-XXXXXX", NULL);
  ini = g_build_filename(tmp, "sweep.ini", NULL);
  g_assert_true(g_file_set_contents(ini, sweep_ini, -1, NULL));
  g_test_add_func("/runner-eksim/jobs-identical", test_jobs_identical);
  g_test_add_func("/runner-eksim/gnu-parallel-recipe", test_parallel_recipe);
  g_test_add_func("/runner-eksim/bad-input", test_bad_input);
  g_test_add_func("/runner-eksim/progress-on-terminal", test_progress_on_terminal);
  int rc = g_test_run();
  test_remove_tree(tmp);
  g_free(tmp);
  g_free(ini);
  g_free(eksim);
  return rc;
}
