/* Tests for the eksim check and eksim keys commands (sim/cli/cmd-check.c, cmd-keys.c), run as the
 * real binary ($EKSIM, set by make check): output lines, exit statuses, --quiet, --help, bad
 * options, several files at once. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "scenario/schema.h"

typedef struct {
  char *dir;
} Fixture;

static void
fx_setup(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(GError) err = NULL;
  fx->dir = g_dir_make_tmp("eksim-test-check-XXXXXX", &err);
  g_assert_no_error(err);
}

static void
fx_teardown(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  GDir *d = g_dir_open(fx->dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *p = g_build_filename(fx->dir, name, NULL);
    g_unlink(p);
  }
  if (d != NULL)
    g_dir_close(d);
  g_rmdir(fx->dir);
  g_free(fx->dir);
}

static char *
put(Fixture *fx, const char *name, const char *text)
{
  char *path = g_build_filename(fx->dir, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* Runs eksim with @args (NULL-terminated); returns the exit status. */
static int
run(char **out, char **err, const char *first, ...)
{
  const char *eksim = g_getenv("EKSIM");
  if (eksim == NULL)
    eksim = "build/eksim";
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)eksim);
  va_list ap;
  va_start(ap, first);
  for (const char *a = first; a != NULL; a = va_arg(ap, const char *))
    g_ptr_array_add(argv, (gpointer)a);
  va_end(ap);
  g_ptr_array_add(argv, NULL);
  int wait_status = 0;
  g_autoptr(GError) e = NULL;
  gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                             &wait_status, &e);
  g_ptr_array_free(argv, TRUE);
  g_assert_no_error(e);
  g_assert_true(ok);
  g_assert_true(WIFEXITED(wait_status));
  return WEXITSTATUS(wait_status);
}

static void
test_check_good_and_bad(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autofree char *good = put(fx, "good.ini", "[sweep]\ncluster.endpoint = public, private\n");
  g_autofree char *plain = put(fx, "plain.ini", "[cluster]\nlb = alb\n");
  g_autofree char *bad = put(fx, "bad.ini", "[cluster]\nlb = albb\napi_servers = 0\n");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint(run(&out, &err, "check", good, plain, NULL), ==, 0);
  g_autofree char *want = g_strdup_printf("%s: ok (2 variants)\n%s: ok (1 variant)\n", good, plain);
  g_assert_cmpstr(out, ==, want);
  g_assert_cmpstr(err, ==, "");
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);

  g_assert_cmpint(run(&out, &err, "check", bad, good, NULL), ==, 2);
  g_autofree char *want_out = g_strdup_printf("%s: ok (2 variants)\n", good);
  g_assert_cmpstr(out, ==, want_out);
  g_autofree char *want_err = g_strdup_printf(
      "%s:2: [cluster] lb: 'albb' is not allowed (did you mean 'alb'?); allowed: nlb|alb\n"
      "%s:3: [cluster] api_servers: '0' is out of range; allowed: an integer in 1..16\n",
      bad, bad);
  g_assert_cmpstr(err, ==, want_err);
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);

  g_assert_cmpint(run(&out, &err, "check", "--quiet", good, NULL), ==, 0);
  g_assert_cmpstr(out, ==, "");
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);

  g_assert_cmpint(run(&out, &err, "check", "--variants", good, NULL), ==, 0);
  g_autofree char *want_v = g_strdup_printf("%s: ok (2 variants)\n  cluster.endpoint=public\n"
                                            "  cluster.endpoint=private\n", good);
  g_assert_cmpstr(out, ==, want_v);
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);

  g_assert_cmpint(run(&out, &err, "check", "--resolved", "-q", plain, NULL), ==, 0);
  g_assert_cmpstr(out, ==, "# eksim scenario, resolved: includes expanded, comments dropped\n\n[scenario]\n"
                           "name = plain\n\n[cluster]\nlb = alb\n");
}

/* A folder contributes its *.ini files in name order, skipping included parts ('_') and hidden
 * files. */
static void
test_check_folder(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_free(put(fx, "b.ini", "include = _part.ini\n[cluster]\n"));
  g_free(put(fx, "a.ini", "[vpc]\n"));
  g_free(put(fx, "_part.ini", "[client.c]\n")); /* invalid alone: location missing */
  g_free(put(fx, ".hidden.ini", "[bogus]\n"));
  g_free(put(fx, "notes.txt", "[bogus]\n"));
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(run(&out, &err, "check", fx->dir, NULL), ==, 2);
  g_autofree char *want_out = g_strdup_printf("%s/a.ini: ok (1 variant)\n", fx->dir);
  g_assert_cmpstr(out, ==, want_out);
  g_autofree char *want_err = g_strdup_printf("%s/_part.ini:1: [client.c] location: required key is missing; "
                                              "allowed: internet|vpc-public|vpc-private|network.NAME|nodegroup.NAME\n", fx->dir);
  g_assert_cmpstr(err, ==, want_err);
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_autofree char *empty = g_build_filename(fx->dir, "empty", NULL);
  g_mkdir(empty, 0755);
  g_assert_cmpint(run(&out, &err, "check", empty, NULL), ==, 2);
  g_autofree char *want_e = g_strdup_printf("eksim check: %s: no scenario files (*.ini) in this folder; allowed: "
                                            "scenario files, or folders holding *.ini files\n", empty);
  g_assert_cmpstr(err, ==, want_e);
  g_rmdir(empty);
}

static void
test_check_usage(Fixture *fx, gconstpointer unused)
{
  (void)fx;
  (void)unused;
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(run(&out, &err, "check", NULL), ==, 2);
  g_assert_cmpstr(err, ==, "eksim check: no scenario file given; usage: eksim check [--quiet] FILE|DIR...\n");
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(run(&out, &err, "check", "--bogus", "x.ini", NULL), ==, 2);
  g_assert_cmpstr(err, ==, "eksim check: Unknown option --bogus (eksim check --help)\n");
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(run(&out, &err, "check", "--help", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "eksim check [OPTION"));
  g_assert_nonnull(strstr(out, "--quiet"));
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(run(&out, &err, "check", "no/such/file.ini", NULL), ==, 2);
  g_assert_true(g_str_has_prefix(err, "no/such/file.ini: cannot read 'no/such/file.ini': "));
}

static void
test_keys(Fixture *fx, gconstpointer unused)
{
  (void)fx;
  (void)unused;
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(run(&out, &err, "keys", "--markdown", NULL), ==, 0);
  g_autofree char *md = sim_schema_markdown();
  g_assert_cmpstr(out, ==, md);
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(run(&out, &err, "keys", "client.laptop", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(out, "[client.*] location = (no default)\n"));
  g_assert_null(strstr(out, "[cluster]"));
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(run(&out, &err, "keys", "nosuch", NULL), ==, 2);
  g_assert_cmpstr(err, ==, "eksim keys: no group 'nosuch'; allowed: a group of scenarios/README.md (eksim keys)\n");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/scenario-check/good-and-bad", Fixture, NULL, fx_setup, test_check_good_and_bad, fx_teardown);
  g_test_add("/scenario-check/folder", Fixture, NULL, fx_setup, test_check_folder, fx_teardown);
  g_test_add("/scenario-check/usage", Fixture, NULL, fx_setup, test_check_usage, fx_teardown);
  g_test_add("/scenario-check/keys", Fixture, NULL, fx_setup, test_keys, fx_teardown);
  return g_test_run();
}
