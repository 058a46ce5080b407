/* Replays the fuzz targets (tests/fuzz/targets.c) over every seed, every kept crash input
 * (tests/fuzz/regress/) and every shipped scenario (scenarios/), so that each crash the fuzzer
 * ever found stays fixed and the targets' properties hold on known inputs in every `make check`. */
#include "fuzz/targets.c"

#include <glib/gstdio.h>

typedef int (*Target)(const uint8_t *data, size_t size);

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file below @dir (recursively), sorted, into @out. */
static void
list_files(const char *dir, GPtrArray *out)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, cmp_names);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index(names, i);
    g_autofree char *path = g_build_filename(dir, n, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
      list_files(path, out);
    else if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(out, g_steal_pointer(&path));
  }
  g_ptr_array_free(names, TRUE);
}

static guint
replay(const char *dir, Target target, const char *suffix)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  list_files(dir, files);
  guint n = 0;
  for (guint i = 0; i < files->len; i++) {
    const char *path = files->pdata[i];
    if (suffix != NULL && !g_str_has_suffix(path, suffix))
      continue;
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;
    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_test_message("replaying %s", path);
    target((const uint8_t *)data, len);
    n++;
  }
  return n;
}

static void
test_seeds(void)
{
  g_assert_cmpuint(replay("tests/fuzz/seeds/scenario", eksim_fuzz_scenario, NULL), >=, 5);
  g_assert_cmpuint(replay("tests/fuzz/seeds/dist", eksim_fuzz_dist, NULL), >=, 10);
}

static void
test_regressions(void)
{
  replay("tests/fuzz/regress/scenario", eksim_fuzz_scenario, NULL);
  replay("tests/fuzz/regress/dist", eksim_fuzz_dist, NULL);
}

/* Every shipped scenario loads and satisfies the targets' properties. */
static void
test_shipped_scenarios(void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  list_files("scenarios", files);
  for (guint i = 0; i < files->len; i++) {
    const char *path = files->pdata[i];
    g_autofree char *base = g_path_get_basename(path);
    if (!g_str_has_suffix(path, ".ini") || base[0] == '_' || base[0] == '.')
      continue; /* included parts need not be complete scenarios */
    g_autoptr(GError) err = NULL;
    g_autoptr(SimScenario) scn = sim_scenario_load(path, &err);
    if (scn == NULL)
      g_error("shipped scenario %s does not load:\n%s", path, err->message);
  }
  replay("scenarios", eksim_fuzz_scenario, ".ini");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario-fuzz/seeds", test_seeds);
  g_test_add_func("/scenario-fuzz/regressions", test_regressions);
  g_test_add_func("/scenario-fuzz/shipped-scenarios", test_shipped_scenarios);
  return g_test_run();
}
