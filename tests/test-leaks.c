/* No leaks under valgrind: the eksim binary under test ($EKSIM) runs a small scenario that
 * touches every layer (a sweep over the three endpoint modes with node groups, kubelets, a
 * controller's watch, an automation burst and a fault, on two worker threads, with plots and the
 * report), then explain, compare, check on a bad file and import, each under memcheck. A
 * definite or indirect leak, or any memory error, fails the test (memcheck's exit status 99).
 *
 * Not run in the sanitizer build (make check SANITIZE=1): valgrind cannot run an
 * AddressSanitizer binary, and LeakSanitizer checks leaks there instead. Skipped, and said so,
 * when valgrind is not installed (tests/install-deps.sh test installs it). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "support/tmpdir.h"

#if defined(__SANITIZE_ADDRESS__)
#define EKSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EKSIM_ASAN 1
#endif
#endif

static const char scenario[] =
  "[scenario]\nname = leaks\nduration = 90s\nwarmup = 10s\nbin = 10s\nreplications = 2\nseed = 3\n"
  "[cluster]\nsecurity_group_allow = 10.0.0.0/16\n"
  "[vpc]\nnat = per-az\n"
  "[client.laptop]\nlocation = internet\nrate = 1/s\nverbs = get:3, list:1, apply:1, logs:1, exec:1\n"
  "[client.bastion]\nlocation = vpc-public\nrate = 1/s\n"
  "[client.argocd]\nlocation = vpc-private\nkind = controller\nrate = 1/s\n"
  "[client.ci]\nlocation = vpc-private\nkind = automation\nrate = 0.05/s\nburst = 10\n"
  "[client.pods]\nlocation = nodegroup.workers\nrate = 1/s\nconnection = reuse\n"
  "[nodegroup.workers]\nnodes = 4\nsubnet = private\n"
  "[nodegroup.edge]\ntype = self-managed\nnodes = 2\nsubnet = public\ncluster_security_group = true\n"
  "[fault.nat]\nkind = nat-gateway-outage\ntarget = az1\nat = 40s\nduration = 20s\n"
  "[sweep]\ncluster.endpoint = public, public+private, private\n";

static char *tmp;
static const char *eksim;

/* Runs eksim ARGS under memcheck; returns eksim's own exit status (memcheck's 99 fails). */
static int
memcheck(const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new();
  const char *pre[] = { "valgrind",
                        "--quiet",
                        "--leak-check=full",
                        "--show-leak-kinds=definite,indirect",
                        "--errors-for-leak-kinds=definite,indirect",
                        "--error-exitcode=99",
                        "--trace-children=no",
                        eksim };
  for (guint i = 0; i < G_N_ELEMENTS(pre); i++)
    g_ptr_array_add(argv, (gpointer)pre[i]);
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                             &status, &error);
  g_ptr_array_free(argv, TRUE);
  g_assert_no_error(error);
  g_assert_true(ok);
  g_assert_true(WIFEXITED(status));
  int code = WEXITSTATUS(status);
  if (code == 99)
    g_error("memcheck found leaks or memory errors in eksim %s:\n%s", args[0], err);
  return code;
}

static gboolean
skip_reason(void)
{
#ifdef EKSIM_ASAN
  g_test_skip("sanitizer build: valgrind cannot run an ASan binary (LeakSanitizer checks leaks here)");
  return TRUE;
#else
  g_autofree char *vg = g_find_program_in_path("valgrind");
  if (!vg) {
    g_test_skip("valgrind not installed (tests/install-deps.sh test)");
    return TRUE;
  }
  return FALSE;
#endif
}

static char *
scenario_file(void)
{
  char *path = g_build_filename(tmp, "leaks.ini", NULL);
  g_assert_true(g_file_set_contents(path, scenario, -1, NULL));
  return path;
}

static void
test_run(void)
{
  if (skip_reason())
    return;
  g_autofree char *ini = scenario_file();
  g_autofree char *out = g_build_filename(tmp, "out", NULL);
  const char *args[] = { "run", "-j", "2", "-q", "-o", out, ini, NULL };
  g_assert_cmpint(memcheck(args), ==, 0);
  g_autofree char *summary = g_build_filename(out, "leaks", "summary.csv", NULL);
  g_assert_true(g_file_test(summary, G_FILE_TEST_IS_REGULAR));
  g_autofree char *report = g_build_filename(out, "leaks", "report.html", NULL);
  g_assert_true(g_file_test(report, G_FILE_TEST_IS_REGULAR));
  /* compare reads the finished results folder */
  g_autofree char *dir = g_build_filename(out, "leaks", NULL);
  const char *cmp[] = { "compare", "--format", "markdown", dir, NULL };
  g_assert_cmpint(memcheck(cmp), ==, 0);
}

static void
test_explain(void)
{
  if (skip_reason())
    return;
  g_autofree char *ini = scenario_file();
  const char *text[] = { "explain", ini, NULL };
  g_assert_cmpint(memcheck(text), ==, 0);
  const char *mermaid[] = { "explain", "--format", "mermaid", "--variant", "cluster.endpoint=private", ini, NULL };
  g_assert_cmpint(memcheck(mermaid), ==, 0);
}

/* Error paths free what they built too. */
static void
test_bad_input(void)
{
  if (skip_reason())
    return;
  g_autofree char *bad = g_build_filename(tmp, "bad.ini", NULL);
  g_assert_true(g_file_set_contents(bad, "[scenario]\nname = bad\nduration = ten\n[client.a]\nlocation = mars\n",
                                    -1, NULL));
  const char *check[] = { "check", bad, NULL };
  g_assert_cmpint(memcheck(check), ==, 2);
  g_autofree char *out = g_build_filename(tmp, "bad-out", NULL);
  const char *run[] = { "run", "-o", out, bad, NULL };
  g_assert_cmpint(memcheck(run), ==, 2);
  g_autofree char *summary = g_build_filename(out, "bad", "summary.csv", NULL);
  g_assert_false(g_file_test(summary, G_FILE_TEST_EXISTS));
}

static void
test_import(void)
{
  if (skip_reason())
    return;
  g_autoptr(GDir) dir = g_dir_open("tests/data/import", 0, NULL);
  g_assert_nonnull(dir);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name(dir)) != NULL && n < 3) {
    if (!g_str_has_suffix(name, ".json") && !g_str_has_suffix(name, ".yaml"))
      continue;
    g_autofree char *path = g_build_filename("tests/data/import", name, NULL);
    g_autofree char *out = g_strdup_printf("%s/import-%u.ini", tmp, n);
    const char *args[] = { "import", "-o", out, path, NULL };
    int code = memcheck(args);
    g_assert_true(code == 0 || code == 2);
    n++;
  }
  g_assert_cmpuint(n, >, 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  eksim = g_getenv("EKSIM");
  if (!eksim)
    eksim = "build/eksim";
  g_autoptr(GError) err = NULL;
  tmp = g_dir_make_tmp("eksim-leaks-XXXXXX", &err);
  g_assert_no_error(err);
  g_test_add_func("/leaks/run-sweep-faults-plots-compare", test_run);
  g_test_add_func("/leaks/explain", test_explain);
  g_test_add_func("/leaks/bad-input", test_bad_input);
  g_test_add_func("/leaks/import", test_import);
  int rc = g_test_run();
  test_remove_tree(tmp);
  g_free(tmp);
  return rc;
}
