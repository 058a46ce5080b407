/* eksim explain as a command (through the eksim binary, EKSIM): variants chosen with --variant,
 * clients with --client, the three formats, -o writes the same bytes as standard output, and bad
 * input is one line on stderr, nothing on stdout and exit status 2. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

static const char ini_text[] = "[scenario]\nname = cli\nduration = 40s\nwarmup = 0\nseed = 4\n"
                               "[cluster]\nsecurity_group_allow = 10.0.0.0/16\n"
                               "[client.laptop]\nlocation = internet\nthink_time = const(2s)\n"
                               "[client.bastion]\nlocation = vpc-public\nthink_time = const(2s)\n"
                               "[sweep]\ncluster.endpoint = public, private\n";

static char *eksim, *tmp;

static int
run(const char *const *args, char **out, char **err)
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

static guint
count(const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
    n++;
  return n;
}

static void
test_variants_and_clients(void)
{
  g_autofree char *all = NULL, *e1 = NULL;
  const char *a[] = { "explain", "cli.ini", NULL };
  g_assert_cmpint(run(a, &all, &e1), ==, 0);
  g_assert_cmpstr(e1, ==, "");
  g_assert_cmpuint(count(all, "== variant "), ==, 2);
  g_assert_nonnull(strstr(all, "== variant 1 of 2: cluster.endpoint=public =="));
  g_assert_nonnull(strstr(all, "== variant 2 of 2: cluster.endpoint=private =="));
  g_assert_cmpuint(count(all, "-- laptop: "), ==, 2);
  g_assert_cmpuint(count(all, "-- bastion: "), ==, 2);

  g_autofree char *one = NULL, *e2 = NULL;
  const char *b[] = { "explain", "cli.ini", "--variant", "cluster.endpoint=private", "--client", "laptop", NULL };
  g_assert_cmpint(run(b, &one, &e2), ==, 0);
  g_assert_cmpuint(count(one, "== variant "), ==, 1);
  g_assert_nonnull(strstr(one, "== variant 2 of 2: cluster.endpoint=private =="));
  g_assert_cmpuint(count(one, "-- laptop: "), ==, 1);
  g_assert_cmpuint(count(one, "-- bastion: "), ==, 0);
  g_assert_nonnull(strstr(one, "FAILED   connect-timeout"));
  /* the same request, the same lines, whether explained alone or with the others */
  const char *start = strstr(all, "== variant 2 of 2");
  g_assert_nonnull(strstr(start, strstr(one, "-- laptop: ")));
}

static void
test_formats_and_output(void)
{
  g_autofree char *text = NULL, *e1 = NULL;
  const char *a[] = { "explain", "cli.ini", "--format", "mermaid", NULL };
  g_assert_cmpint(run(a, &text, &e1), ==, 0);
  g_assert_true(g_str_has_prefix(text, "# eksim explain: cli\n\n## Variant 1 of 2: cluster.endpoint=public\n"));
  g_assert_cmpuint(count(text, "```mermaid\nsequenceDiagram\n"), ==, 4);

  g_autofree char *o = NULL, *e2 = NULL;
  const char *b[] = { "explain", "cli.ini", "--format", "sequence", "-o", "seq.txt", NULL };
  g_assert_cmpint(run(b, &o, &e2), ==, 0);
  g_assert_cmpstr(o, ==, "");
  g_autofree char *seq = NULL, *e3 = NULL;
  const char *c[] = { "explain", "cli.ini", "--format", "sequence", NULL };
  g_assert_cmpint(run(c, &seq, &e3), ==, 0);
  g_autofree char *path = g_build_filename(tmp, "seq.txt", NULL);
  g_autofree char *file = NULL;
  g_assert_true(g_file_get_contents(path, &file, NULL, NULL));
  g_assert_cmpstr(file, ==, seq);
  g_assert_nonnull(strstr(seq, "time (s)"));
  g_assert_null(strstr(seq, "   phases   ")); /* the diagram only */
}

/* --targets lists the names [fault.NAME] target may use, from the model itself (issue 6). */
static void
test_targets(void)
{
  g_autofree char *o = NULL, *e = NULL;
  const char *a[] = { "explain", "cli.ini", "--targets", "--variant", "cluster.endpoint=public", NULL };
  g_assert_cmpint(run(a, &o, &e), ==, 0);
  g_assert_true(g_str_has_prefix(o, "== variant 1 of 2: cluster.endpoint=public ==\n  target "));
  static const char *const names[] = { "\n  all ", "\n  az1 ", "\n  az2 ", "\n  apiserver-1-az1 ",
                                       "\n  nlb-az1 ", "\n  nat-gateway-az1 ", "\n  client.laptop ",
                                       "\n  client.bastion ", "\n  cluster-vpc/route53-resolver " };
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (strstr(o, names[i]) == NULL)
      g_error("--targets lacks '%s':\n%s", names[i] + 1, o);
  g_assert_nonnull(strstr(o, "nat-gateway-outage"));
  g_autofree char *o2 = NULL, *e2 = NULL;
  const char *b[] = { "explain", "cli.ini", "--targets", "--client", "laptop", NULL };
  g_assert_cmpint(run(b, &o2, &e2), ==, 2);
  g_assert_nonnull(strstr(e2, "--targets lists fault targets"));
}

static void
test_bad_input(void)
{
  static const struct { const char *args[8]; const char *message; } bad[] = {
    { { "explain", NULL }, "no scenario file given" },
    { { "explain", "cli.ini", "--format", "svg", NULL }, "--format: 'svg' is not a format; allowed: text, sequence, mermaid" },
    { { "explain", "cli.ini", "--variant", "cluster.endpoint", NULL }, "--variant: 'cluster.endpoint' is not KEY=VALUE" },
    { { "explain", "cli.ini", "--variant", "cluster.endpoint=public+private", NULL },
      "no variant of cli.ini matches; allowed: cluster.endpoint=public, cluster.endpoint=private" },
    { { "explain", "cli.ini", "--client", "nobody", NULL },
      "--client: 'nobody' is not a client or node group of this scenario; allowed: laptop, bastion" },
    { { "explain", "cli.ini", "--at", "soon", NULL }, "--at: " },
    { { "explain", "cli.ini", "--at", "1h", NULL }, "--at: 1h is not before the end of the run" },
    { { "explain", "cli.ini", "--replication", "5", NULL }, "--replication: 5; allowed: 0..4" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint(run(bad[i].args, &o, &e), ==, 2);
    g_assert_cmpstr(o, ==, "");
    if (strstr(e, bad[i].message) == NULL)
      g_error("case %u: '%s' lacks '%s'", i, e, bad[i].message);
    g_assert_true(strchr(e, '\n') == e + strlen(e) - 1);
  }
  /* a scenario with an error: the loader's FILE:LINE line */
  g_autofree char *badini = g_build_filename(tmp, "bad.ini", NULL);
  g_assert_true(g_file_set_contents(badini, "[scenario]\nname = x\nduration = forever\n", -1, NULL));
  g_autofree char *o = NULL, *e = NULL;
  const char *a[] = { "explain", "bad.ini", NULL };
  g_assert_cmpint(run(a, &o, &e), ==, 2);
  g_assert_true(g_str_has_prefix(e, "bad.ini:3: [scenario] duration: "));
}

static void
skip_without_eksim(void)
{
  g_test_skip("EKSIM is not set (make check sets it)");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  const char *e = g_getenv("EKSIM");
  if (e == NULL) {
    g_test_add_func("/explain-cli/needs-EKSIM", skip_without_eksim);
    return g_test_run();
  }
  eksim = g_canonicalize_filename(e, NULL);
  tmp = g_dir_make_tmp("eksim-explain-XXXXXX", NULL);
  g_autofree char *ini = g_build_filename(tmp, "cli.ini", NULL);
  g_assert_true(g_file_set_contents(ini, ini_text, -1, NULL));
  g_test_add_func("/explain-cli/variants-and-clients", test_variants_and_clients);
  g_test_add_func("/explain-cli/formats-and-output", test_formats_and_output);
  g_test_add_func("/explain-cli/targets", test_targets);
  g_test_add_func("/explain-cli/bad-input", test_bad_input);
  int rc = g_test_run();
  const char *files[] = { "cli.ini", "seq.txt", "bad.ini" };
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *p = g_build_filename(tmp, files[i], NULL);
    g_remove(p);
  }
  g_rmdir(tmp);
  g_free(tmp);
  g_free(eksim);
  return rc;
}
