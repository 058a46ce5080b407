/* Tests for sim/scenario/config: a resolved variant as the models see it. Typed getters, defaults
 * filled in, instances in file order, is_set versus has_value, [link.default] fallback, derived
 * endpoint keys, conditional keys, the resolved dump, and misuse caught as a programming error. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/dist.h"
#include "net/addr.h"
#include "scenario/config.h"
#include "scenario/scenario.h"

static SimScenario *
load_ok(const char *text)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "tests/virtual/test.ini", &err);
  if (scn == NULL)
    g_error("unexpected load error:\n%s", err->message);
  return scn;
}

static void
test_defaults_filled(void)
{
  g_autoptr(SimScenario) scn = load_ok("[cluster]\napi_servers = 3\n");
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 1);
  g_assert_cmpstr(sim_config_variant(cfg), ==, "");
  g_assert_cmpstr(sim_config_scenario_name(cfg), ==, "test");
  g_assert_cmpstr(sim_config_base_dir(cfg), ==, "tests/virtual");
  g_assert_cmpuint(strlen(sim_config_hash(cfg)), ==, 64);
  /* set by the file */
  g_assert_cmpint(sim_config_get_int(cfg, "cluster", "api_servers"), ==, 3);
  g_assert_true(sim_config_is_set(cfg, "cluster", "api_servers"));
  /* defaults, with their types */
  g_assert_cmpstr(sim_config_get_string(cfg, "cluster", "endpoint"), ==, "public");
  g_assert_false(sim_config_is_set(cfg, "cluster", "endpoint"));
  g_assert_true(sim_config_has_value(cfg, "cluster", "endpoint"));
  g_assert_cmpint(sim_config_get_duration(cfg, "scenario", "duration"), ==, 10 * SIM_MIN);
  g_assert_cmpint(sim_config_get_duration(cfg, "scenario", "warmup"), ==, SIM_MIN);
  g_assert_cmpint(sim_config_get_int(cfg, "scenario", "replications"), ==, 5);
  g_assert_cmpint(sim_config_get_int(cfg, "apiserver", "max_inflight_readonly"), ==, 400);
  g_assert_cmpint(sim_config_get_int(cfg, "apiserver", "max_inflight_mutating"), ==, 200);
  g_assert_true(sim_config_get_bool(cfg, "vpc", "dns_support"));
  g_assert_false(sim_config_get_bool(cfg, "vpc", "resolver_inbound_endpoint"));
  const GArray *cidrs = sim_config_get_cidrs(cfg, "cluster", "public_access_cidrs");
  g_assert_cmpuint(cidrs->len, ==, 1);
  g_assert_cmpuint(g_array_index(cidrs, SimCidr, 0).len, ==, 0);
  /* no default: no value */
  g_assert_false(sim_config_has_value(cfg, "cluster", "security_group_allow"));
  g_assert_null(sim_config_get_cidrs(cfg, "cluster", "security_group_allow"));
  g_assert_null(sim_config_get_text(cfg, "cluster", "security_group_allow"));
  /* the scenario-level accessors agree */
  g_assert_cmpint(sim_scenario_duration(scn), ==, 10 * SIM_MIN);
  g_assert_cmpint(sim_scenario_warmup(scn), ==, SIM_MIN);
  g_assert_cmpint(sim_scenario_bin(scn), ==, 10 * SIM_S);
  g_assert_cmpuint(sim_scenario_seed(scn), ==, 1);
  g_assert_cmpuint(sim_scenario_replications(scn), ==, 5);
  g_assert_cmpstr(sim_scenario_name(scn), ==, "test");
  g_assert_cmpstr(sim_scenario_description(scn), ==, "");
}

static void
test_typed_getters(void)
{
  g_autoptr(SimScenario) scn = load_ok(
      "[scenario]\nname = typed\nseed = 123456789012\nreplications = 7\nduration = 1h\n"
      "warmup = 90s\nbin = 500ms\ndescription = a b c\n"
      "[vpc]\ncidr = 10.1.0.0/16, 10.2.0.0/16\nnat = per-az\n"
      "[link.nat]\nbandwidth = 100Mbps\nqueue = 64\nloss = 0.25\n"
      "[link.internet]\nlatency = lognormal(median=20ms, sigma=0.5)\n"
      "[client.laptop]\nlocation = internet\nsource_ip = 203.0.113.9\nrate = 120/m\n"
      "verbs = get:3, list:1\ntimeout = 2s\n");
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  g_assert_cmpuint(sim_scenario_seed(scn), ==, G_GUINT64_CONSTANT(123456789012));
  g_assert_cmpuint(sim_scenario_replications(scn), ==, 7);
  g_assert_cmpint(sim_config_get_duration(cfg, "scenario", "warmup"), ==, 90 * SIM_S);
  g_assert_cmpint(sim_scenario_bin(scn), ==, 500 * SIM_MS);
  g_assert_cmpstr(sim_scenario_description(scn), ==, "a b c");
  const GArray *c = sim_config_get_cidrs(cfg, "vpc", "cidr");
  g_assert_cmpuint(c->len, ==, 2);
  g_assert_cmpuint(g_array_index(c, SimCidr, 1).net, ==, SIM_IP(10, 2, 0, 0));
  g_assert_cmpstr(sim_config_get_string(cfg, "vpc", "nat"), ==, "per-az");
  g_assert_cmpfloat(sim_config_get_bandwidth(cfg, "link.nat", "bandwidth"), ==, 1e8);
  g_assert_cmpint(sim_config_get_int(cfg, "link.nat", "queue"), ==, 64);
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.nat", "loss"), ==, 0.25);
  SimDist *d = sim_config_get_dist(cfg, "link.internet", "latency");
  g_assert_cmpstr(sim_dist_name(d), ==, "lognormal");
  g_assert_cmpstr(sim_config_get_text(cfg, "link.internet", "latency"), ==,
                  "lognormal(median=20ms, sigma=0.5)");
  g_assert_cmpuint(sim_config_get_ip(cfg, "client.laptop", "source_ip"), ==, SIM_IP(203, 0, 113, 9));
  g_assert_cmpfloat_with_epsilon(sim_config_get_rate(cfg, "client.laptop", "rate"), 2.0, 1e-12);
  g_assert_cmpint(sim_config_get_duration(cfg, "client.laptop", "timeout"), ==, 2 * SIM_S);
  const GArray *w = sim_config_get_weights(cfg, "client.laptop", "verbs");
  g_assert_cmpuint(w->len, ==, 2);
  g_assert_cmpstr(g_array_index(w, SimWeight, 0).name, ==, "get");
  g_assert_cmpfloat_with_epsilon(g_array_index(w, SimWeight, 0).weight, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon(g_array_index(w, SimWeight, 1).weight, 0.25, 1e-12);
  /* think_time applies only without rate: no value at all */
  g_assert_false(sim_config_has_value(cfg, "client.laptop", "think_time"));
  /* the integer getter on a double key is refused; get_double also reads integers */
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.nat", "queue"), ==, 64.0);
}

static void
test_instances_in_file_order(void)
{
  g_autoptr(SimScenario) scn = load_ok(
      "[network.corp]\nkind = onprem-vpn\ncidr = 192.168.0.0/16\n"
      "[client.zeta]\nlocation = internet\n"
      "[nodegroup.b]\n[nodegroup.a]\ntype = self-managed\n"
      "[client.alpha]\nlocation = network.corp\n"
      "[client.mid]\nlocation = vpc-private\n");
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  const char *const *clients = sim_config_instances(cfg, "client");
  g_assert_cmpuint(sim_config_n_instances(cfg, "client"), ==, 3);
  g_assert_cmpstr(clients[0], ==, "zeta");
  g_assert_cmpstr(clients[1], ==, "alpha");
  g_assert_cmpstr(clients[2], ==, "mid");
  g_assert_null(clients[3]);
  const char *const *ngs = sim_config_instances(cfg, "nodegroup");
  g_assert_cmpstr(ngs[0], ==, "b");
  g_assert_cmpstr(ngs[1], ==, "a");
  g_assert_cmpstr(sim_config_get_string(cfg, "nodegroup.b", "type"), ==, "managed");
  g_assert_cmpint(sim_config_get_int(cfg, "nodegroup.b", "nodes"), ==, 3);
  g_assert_cmpuint(sim_config_n_instances(cfg, "fault"), ==, 0);
  g_assert_null(sim_config_instances(cfg, "fault")[0]);
  /* link classes are always there, in schema order, without "default" */
  const char *const *links = sim_config_instances(cfg, "link");
  const char *want[] = { "intra-az", "inter-az", "internet", "vpn", "dx", "nat", "lb", "control-plane",
                         "region" };
  g_assert_cmpuint(sim_config_n_instances(cfg, "link"), ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpstr(links[i], ==, want[i]);
  /* the group list: singletons, links, then instances in file order */
  const char *const *groups = sim_config_groups(cfg);
  g_assert_cmpstr(groups[0], ==, "scenario");
  guint n = g_strv_length((char **)groups);
  g_assert_cmpstr(groups[n - 1], ==, "client.mid");
  g_assert_cmpstr(groups[n - 6], ==, "network.corp");
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr(groups[i], !=, "link.default");
}

static void
test_link_default_fallback(void)
{
  g_autoptr(SimScenario) scn = load_ok("[link.default]\nloss = 0.01\nlatency = const(1ms)\n"
                                       "[link.vpn]\nloss = 0.1\n");
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.vpn", "loss"), ==, 0.1);
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.internet", "loss"), ==, 0.01);
  g_assert_true(sim_config_is_set(cfg, "link.internet", "loss"));
  g_assert_cmpstr(sim_config_get_text(cfg, "link.dx", "latency"), ==, "const(1ms)");
  /* bandwidth not in link.default: class defaults stay (nat has one, internet none) */
  g_assert_cmpfloat(sim_config_get_bandwidth(cfg, "link.nat", "bandwidth"), ==, 5e9);
  g_assert_false(sim_config_has_value(cfg, "link.internet", "bandwidth"));
  /* queue applies only with a bandwidth */
  g_assert_true(sim_config_has_value(cfg, "link.nat", "queue"));
  g_assert_false(sim_config_has_value(cfg, "link.internet", "queue"));

  /* a default queue reaches only the classes that have a bandwidth */
  g_autoptr(SimScenario) s3 = load_ok("[link.default]\nqueue = 64\n[link.vpn]\nbandwidth = 1Gbps\n");
  SimConfig *c3 = sim_scenario_get_variant(s3, 0);
  g_assert_cmpint(sim_config_get_int(c3, "link.vpn", "queue"), ==, 64);
  g_assert_cmpint(sim_config_get_int(c3, "link.nat", "queue"), ==, 64);
  g_assert_false(sim_config_has_value(c3, "link.internet", "queue"));

  g_autoptr(SimScenario) s2 = load_ok("[scenario]\nname = x\n");
  SimConfig *c2 = sim_scenario_get_variant(s2, 0);
  g_assert_cmpstr(sim_config_get_text(c2, "link.intra-az", "latency"), ==, "uniform(50us, 150us)");
  g_assert_cmpstr(sim_config_get_text(c2, "link.internet", "latency"), ==,
                  "lognormal(median=25ms, sigma=0.2)");
  g_assert_false(sim_config_is_set(c2, "link.internet", "latency"));
}

static void
test_endpoint_derivation(void)
{
  struct {
    const char *text;
    const char *mode;
    gboolean pub, priv;
  } cases[] = {
    { "[cluster]\n", "public", TRUE, FALSE },
    { "[cluster]\nendpoint = private\n", "private", FALSE, TRUE },
    { "[cluster]\nendpoint = public+private\n", "public+private", TRUE, TRUE },
    { "[cluster]\nprivate_access = true\n", "public+private", TRUE, TRUE },
    { "[cluster]\npublic_access = false\nprivate_access = true\n", "private", FALSE, TRUE },
    { "[cluster]\npublic_access = true\n", "public", TRUE, FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(SimScenario) scn = load_ok(cases[i].text);
    SimConfig *cfg = sim_scenario_get_variant(scn, 0);
    g_assert_cmpstr(sim_config_get_string(cfg, "cluster", "endpoint"), ==, cases[i].mode);
    g_assert_cmpint(sim_config_get_bool(cfg, "cluster", "public_access"), ==, cases[i].pub);
    g_assert_cmpint(sim_config_get_bool(cfg, "cluster", "private_access"), ==, cases[i].priv);
  }
}

static void
dump_line(const char *group, const char *key, const char *text, gboolean is_set, gpointer data)
{
  g_string_append_printf(data, "[%s] %s = %s%s\n", group, key, text, is_set ? " *" : "");
}

static void
test_foreach_dump(void)
{
  g_autoptr(SimScenario) scn = load_ok("[client.a]\nlocation = internet\n[cluster]\nlb = alb\n");
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  GString *s = g_string_new(NULL);
  sim_config_foreach(cfg, dump_line, s);
  g_assert_nonnull(strstr(s->str, "[scenario] name = test\n"));
  g_assert_nonnull(strstr(s->str, "[cluster] lb = alb *\n"));
  g_assert_nonnull(strstr(s->str, "[cluster] endpoint = public\n"));
  g_assert_nonnull(strstr(s->str, "[client.a] location = internet *\n[client.a] source_ip = 198.51.100.7\n"));
  g_assert_null(strstr(s->str, "security_group_allow"));
  g_assert_null(strstr(s->str, "link.default"));
  /* groups in sim_config_groups order: the client comes last */
  g_assert_true(g_str_has_suffix(s->str, "[client.a] retries = 10\n"));
  g_string_free(s, TRUE);
}

static void
test_ref_outlives_scenario(void)
{
  SimScenario *scn = load_ok("[cluster]\napi_servers = 4\n");
  SimConfig *cfg = sim_config_ref(sim_scenario_get_variant(scn, 0));
  sim_scenario_free(scn);
  g_assert_cmpint(sim_config_get_int(cfg, "cluster", "api_servers"), ==, 4);
  g_assert_nonnull(sim_config_get_dist(cfg, "apiserver", "service.get"));
  sim_config_unref(cfg);
}

/* Asking for what the schema does not define is a programming error, not a user error. */
static void
test_misuse_is_critical(void)
{
  if (g_test_subprocess()) {
    g_autoptr(SimScenario) scn = load_ok("[cluster]\n");
    SimConfig *cfg = sim_scenario_get_variant(scn, 0);
    g_assert_cmpint(sim_config_get_int(cfg, "cluster", "no_such_key"), ==, 0);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*schema defines no key [cluster] no_such_key*");
}

static void
test_wrong_type_is_critical(void)
{
  if (g_test_subprocess()) {
    g_autoptr(SimScenario) scn = load_ok("[cluster]\n");
    SimConfig *cfg = sim_scenario_get_variant(scn, 0);
    (void)sim_config_get_int(cfg, "cluster", "endpoint");
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*[cluster] endpoint is a one of*");
}

static void
test_missing_instance_is_critical(void)
{
  if (g_test_subprocess()) {
    g_autoptr(SimScenario) scn = load_ok("[cluster]\n");
    SimConfig *cfg = sim_scenario_get_variant(scn, 0);
    (void)sim_config_get_string(cfg, "client.nobody", "location");
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*no group [client.nobody]*");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/config/defaults-filled", test_defaults_filled);
  g_test_add_func("/config/typed-getters", test_typed_getters);
  g_test_add_func("/config/instances-in-file-order", test_instances_in_file_order);
  g_test_add_func("/config/link-default-fallback", test_link_default_fallback);
  g_test_add_func("/config/endpoint-derivation", test_endpoint_derivation);
  g_test_add_func("/config/foreach-dump", test_foreach_dump);
  g_test_add_func("/config/ref-outlives-scenario", test_ref_outlives_scenario);
  g_test_add_func("/config/misuse-is-critical", test_misuse_is_critical);
  g_test_add_func("/config/wrong-type-is-critical", test_wrong_type_is_critical);
  g_test_add_func("/config/missing-instance-is-critical", test_missing_instance_is_critical);
  return g_test_run();
}
