/* Fuzz target bodies, shared by the libFuzzer harnesses (fuzz-scenario.c, fuzz-dist.c) and by
 * tests/test-scenario-fuzz.c, which replays every seed and every kept crash input
 * (tests/fuzz/regress/) in the normal test suite.
 *
 * Besides "no crash, no leak, no undefined behaviour", the targets check properties that must
 * hold for any input: a loaded scenario's resolved text loads again to the same text, hash and
 * variants; every variant answers every getter of its schema; a failed load returns exactly one
 * message line per problem, each FILE:LINE-prefixed with "; allowed: "; a parsed distribution's
 * canonical text parses again to the same text, and sampling stays within its support. */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/dist.h"
#include "core/rng.h"
#include "scenario/config.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

/* Where fuzzed scenarios pretend to live: includes and empirical() files resolve below it. */
#define FUZZ_VPATH "tests/fuzz/virtual/fuzz.ini"

static void
touch_value(const char *group, const char *key, const char *text, gboolean is_set, gpointer data)
{
  (void)is_set;
  const SimConfig *cfg = data;
  const SimKeySpec *spec = sim_schema_find(group, key);
  g_assert(spec != NULL);
  g_assert(text != NULL);
  g_assert(sim_config_has_value(cfg, group, key));
  switch (spec->type) {
  case SIM_KEY_STRING:
  case SIM_KEY_ENUM:
    g_assert(sim_config_get_string(cfg, group, key) != NULL);
    break;
  case SIM_KEY_BOOL:
    (void)sim_config_get_bool(cfg, group, key);
    break;
  case SIM_KEY_INT:
    (void)sim_config_get_int(cfg, group, key);
    break;
  case SIM_KEY_DOUBLE:
    g_assert(isfinite(sim_config_get_double(cfg, group, key)));
    break;
  case SIM_KEY_DURATION:
    g_assert(sim_config_get_duration(cfg, group, key) >= 0);
    break;
  case SIM_KEY_RATE:
    g_assert(sim_config_get_rate(cfg, group, key) >= 0);
    break;
  case SIM_KEY_SIZE:
    (void)sim_config_get_size(cfg, group, key);
    break;
  case SIM_KEY_BANDWIDTH:
    g_assert(sim_config_get_bandwidth(cfg, group, key) > 0);
    break;
  case SIM_KEY_DIST:
    g_assert(sim_config_get_dist(cfg, group, key) != NULL);
    break;
  case SIM_KEY_IP:
    (void)sim_config_get_ip(cfg, group, key);
    break;
  case SIM_KEY_CIDR_LIST:
    g_assert(sim_config_get_cidrs(cfg, group, key)->len > 0);
    break;
  case SIM_KEY_WEIGHTS: {
    const GArray *w = sim_config_get_weights(cfg, group, key);
    double sum = 0;
    for (guint i = 0; i < w->len; i++)
      sum += g_array_index(w, SimWeight, i).weight;
    g_assert(w->len > 0 && fabs(sum - 1.0) < 1e-9);
    break;
  }
  case SIM_KEY_STRING_LIST:
    g_assert(sim_config_get_strv(cfg, group, key) != NULL);
    break;
  }
}

static void
check_error_lines(const char *msg)
{
  g_auto(GStrv) lines = g_strsplit(msg, "\n", -1);
  g_assert(lines[0] != NULL);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_assert(g_str_has_prefix(lines[i], FUZZ_VPATH ":") || g_str_has_prefix(lines[i], "tests/fuzz/virtual/"));
    g_assert(strstr(lines[i], "; allowed: ") != NULL);
  }
}

/* One scenario text. */
int
eksim_fuzz_scenario(const uint8_t *data, size_t size)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load_data((const char *)data, (gssize)size, FUZZ_VPATH, &err);
  if (scn == NULL) {
    g_assert(err != NULL && err->domain == SIM_SCENARIO_ERROR);
    check_error_lines(err->message);
    return 0;
  }
  g_assert(err == NULL);
  guint n = sim_scenario_n_variants(scn);
  g_assert(n >= 1 && n <= SIM_SCENARIO_MAX_VARIANTS);
  g_assert(sim_scenario_duration(scn) > sim_scenario_warmup(scn));
  for (guint v = 0; v < n; v++) {
    SimConfig *cfg = sim_scenario_get_variant(scn, v);
    sim_config_foreach(cfg, touch_value, cfg);
    g_autofree char *safe = sim_scenario_safe_name(sim_config_variant(cfg));
    g_assert(strchr(safe, '/') == NULL && strcmp(safe, "..") != 0 && strcmp(safe, ".") != 0 && *safe);
  }
  g_autofree char *safe = sim_scenario_safe_name(sim_scenario_name(scn));
  g_assert(strchr(safe, '/') == NULL && safe[0] != '.' && *safe);
  /* the resolved text stands for the scenario */
  const char *resolved = sim_scenario_resolved_text(scn);
  g_autoptr(GError) err2 = NULL;
  g_autoptr(SimScenario) again = sim_scenario_load_data(resolved, -1, FUZZ_VPATH, &err2);
  if (again == NULL)
    g_error("resolved text does not load again:\n%s\n--- resolved:\n%s", err2->message, resolved);
  g_assert(strcmp(sim_scenario_resolved_text(again), resolved) == 0);
  g_assert(strcmp(sim_scenario_hash(again), sim_scenario_hash(scn)) == 0);
  g_assert(sim_scenario_n_variants(again) == n);
  for (guint v = 0; v < n; v++)
    g_assert(strcmp(sim_scenario_variant_name(again, v), sim_scenario_variant_name(scn, v)) == 0);
  return 0;
}

/* One distribution text, read as a duration and as a dimensionless distribution. */
int
eksim_fuzz_dist(const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup((const char *)data, size);
  if (strlen(text) != size)
    return 0; /* embedded NUL: not a C string, never reaches the parser */
  for (int k = 0; k < 2; k++) {
    SimDistKind kind = k == 0 ? SIM_DIST_DURATION : SIM_DIST_DIMENSIONLESS;
    g_autoptr(GError) err = NULL;
    g_autoptr(SimDist) d = sim_dist_parse(text, kind, "tests/fuzz/virtual", &err);
    if (d == NULL) {
      g_assert(err != NULL && err->domain == SIM_DIST_ERROR);
      continue;
    }
    const char *canon = sim_dist_text(d);
    g_autoptr(GError) err2 = NULL;
    g_autoptr(SimDist) d2 = sim_dist_parse(canon, kind, "tests/fuzz/virtual", &err2);
    if (d2 == NULL)
      g_error("canonical text '%s' of '%s' does not parse: %s", canon, text, err2->message);
    g_assert(strcmp(sim_dist_text(d2), canon) == 0);
    double mean = sim_dist_mean(d), var = sim_dist_variance(d);
    g_assert(!isnan(mean) && !isnan(var));
    g_assert(var >= 0);
    if (kind == SIM_DIST_DURATION)
      g_assert(mean >= 0);
    /* the canonical text is the same distribution, not a rounded one: same draws, same seed */
    g_assert(memcmp(&mean, &(double){ sim_dist_mean(d2) }, sizeof mean) == 0);
    g_autoptr(SimRng) rng = sim_rng_new_seeded("fuzz", 1);
    g_autoptr(SimRng) rng2 = sim_rng_new_seeded("fuzz", 1);
    for (int i = 0; i < 16; i++) {
      double x = sim_dist_sample(d, rng);
      g_assert(!isnan(x));
      g_assert(x == sim_dist_sample(d2, rng2));
      if (kind == SIM_DIST_DURATION) {
        g_assert(x >= 0);
        SimTime t = sim_dist_sample_time(d, rng);
        g_assert(t >= 0 && t == sim_dist_sample_time(d2, rng2));
      }
    }
    g_autoptr(SimDist) s = sim_dist_scaled(d, 2.5);
    g_assert(s != NULL);
  }
  return 0;
}
