/* Tests for sim/scenario/scenario (loading, includes, sweeps, validation): each error class with
 * its exact one-line message (file, line, group, key, allowed), every error of a file reported,
 * includes (nested, relative, cycles), sweeps (product order, labels, list values, bad values),
 * the resolved text and hash, and safe names. Scenarios are inline strings; included files are
 * written to a temporary folder. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "scenario/config.h"
#include "scenario/scenario.h"
#include "support/tmpdir.h"

#define VPATH "tests/virtual/s.ini"

static SimScenario *
load_ok(const char *text)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, VPATH, &err);
  if (scn == NULL)
    g_error("unexpected load error:\n%s", err->message);
  return scn;
}

/* Loads @text expecting failure; returns the message (all lines) and the code. */
static char *
load_err(const char *text, int *code)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, VPATH, &err);
  if (scn != NULL) {
    sim_scenario_free(scn);
    g_error("expected an error for:\n%s", text);
  }
  g_assert_error(err, SIM_SCENARIO_ERROR, err->code);
  if (code != NULL)
    *code = err->code;
  return g_strdup(err->message);
}

/* Asserts that loading @text fails with exactly one line, @want, and @code. */
static void
assert_one_error(const char *text, int code, const char *want)
{
  int got_code;
  g_autofree char *msg = load_err(text, &got_code);
  g_assert_cmpstr(msg, ==, want);
  g_assert_cmpint(got_code, ==, code);
}

/* ---- error classes, exact shapes ---- */

static void
test_err_syntax(void)
{
  assert_one_error("[cluster]\nendpoint public\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: 'endpoint public' is not a group header or KEY = VALUE; allowed: [GROUP], "
                   "KEY = VALUE, '#' comments and blank lines");
  assert_one_error("endpoint = public\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":1: key 'endpoint' outside any group; allowed: include = FILE before the first "
                   "group, every other key inside a [group]");
  assert_one_error("[cluster\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":1: '[cluster' is not a group header; allowed: [GROUP] alone on its line");
  assert_one_error("[]\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":1: '[]' is not a group header; allowed: [GROUP] alone on its line");
  assert_one_error("[cluster]\n; old style\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: ';' does not start a comment; allowed: '#' at the start of a line for comments");
  assert_one_error("[cluster]\n= x\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: a value without a key; allowed: KEY = VALUE");
  assert_one_error("[scenario]\ndescription = a\\nb\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: [scenario] description: '\\' escapes are not supported; allowed: values as plain text");
  assert_one_error("[scenario]\ndescription = a\x01b\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: the line holds a control character; allowed: printable text and tabs");
  assert_one_error("[scenario]\ndescription = caf\xe9\n", SIM_SCENARIO_ERROR_SYNTAX,
                   VPATH ":2: the line is not valid UTF-8; allowed: UTF-8 text");
  /* CRLF line ends, comments and indentation are fine */
  g_autoptr(SimScenario) scn = load_ok("# comment\r\n  [cluster]  \r\n\t# indented comment\r\n  lb = alb \r\n");
  g_assert_cmpstr(sim_config_get_string(sim_scenario_get_variant(scn, 0), "cluster", "lb"), ==, "alb");
}

static void
test_err_nul_byte(void)
{
  static const char text[] = "[cluster]\nlb = a\0lb\n";
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, sizeof text - 1, VPATH, &err);
  g_assert_null(scn);
  g_assert_cmpstr(err->message, ==, VPATH ":2: the line holds a NUL byte; allowed: UTF-8 text");
}

static void
test_err_duplicates(void)
{
  assert_one_error("[cluster]\nlb = nlb\nlb = alb\n", SIM_SCENARIO_ERROR_DUPLICATE,
                   VPATH ":3: [cluster] lb: key written twice in this group (first at line 2); allowed: "
                   "each key once per group");
  assert_one_error("[cluster]\nlb = nlb\n[vpc]\n[cluster]\napi_servers = 3\n", SIM_SCENARIO_ERROR_DUPLICATE,
                   VPATH ":4: [cluster]: group written twice in this file (first at line 1); allowed: each "
                   "group once per file");
}

static void
test_err_unknown_group(void)
{
  const char *groups = "scenario, cluster, loadbalancer, vpc, kubelet, nodelifecycle, exposure, apiserver, etcd, "
                       "link.CLASS, network.NAME, "
                       "nodegroup.NAME, client.NAME, fault.NAME, sweep";
  g_autofree char *w1 = g_strdup_printf(VPATH ":1: [clustr]: unknown group (did you mean [cluster]?); allowed: %s", groups);
  assert_one_error("[clustr]\nlb = alb\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP, w1);
  g_autofree char *w2 = g_strdup_printf(
      VPATH ":1: [clients.laptop]: unknown group (did you mean [client.laptop]?); allowed: %s", groups);
  assert_one_error("[clients.laptop]\nlocation = internet\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP, w2);
  g_autofree char *w3 = g_strdup_printf(VPATH ":1: [bogus]: unknown group; allowed: %s", groups);
  assert_one_error("[bogus]\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP, w3);
  g_autofree char *w4 = g_strdup_printf(VPATH ":1: [client]: a client needs a name: [client.NAME]; allowed: %s", groups);
  assert_one_error("[client]\nlocation = internet\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP, w4);
  assert_one_error("[client.my laptop]\nlocation = internet\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP,
                   VPATH ":1: [client.my laptop]: bad instance name 'my laptop'; allowed: letters, digits, "
                   "'_' and '-' ([A-Za-z0-9_-]+)");
  assert_one_error("[client.../../x]\nlocation = internet\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP,
                   VPATH ":1: [client.../../x]: bad instance name '../../x'; allowed: letters, digits, "
                   "'_' and '-' ([A-Za-z0-9_-]+)");
  assert_one_error("[link.internt]\nloss = 0.1\n", SIM_SCENARIO_ERROR_UNKNOWN_GROUP,
                   VPATH ":1: [link.internt]: unknown link class 'internt' (did you mean [link.internet]?); "
                   "allowed: intra-az, inter-az, internet, vpn, dx, nat, lb, control-plane, region, default");
}

static void
test_err_unknown_key(void)
{
  assert_one_error("[cluster]\nendpont = public\n", SIM_SCENARIO_ERROR_UNKNOWN_KEY,
                   VPATH ":2: [cluster] endpont: unknown key (did you mean 'endpoint'?); allowed: endpoint, "
                   "public_access, private_access, public_access_cidrs, security_group_allow, "
                   "kubernetes_version, api_servers, lb, eni_count, dns_ttl");
  assert_one_error("[vpc]\nendpoint = public\n", SIM_SCENARIO_ERROR_UNKNOWN_KEY,
                   VPATH ":2: [vpc] endpoint: unknown key in this group (it belongs in [cluster]); allowed: "
                   "cidr, azs, nat, dns_support, dns_hostnames, amazon_provided_dns, resolver_inbound_endpoint");
  assert_one_error("[nodegroup.a]\nfoo = 1\n", SIM_SCENARIO_ERROR_UNKNOWN_KEY,
                   VPATH ":2: [nodegroup.a] foo: unknown key; allowed: type, nodes, subnet, boot, cluster_security_group");
  assert_one_error("[cluster]\ninclude = x.ini\n", SIM_SCENARIO_ERROR_INCLUDE,
                   VPATH ":2: include after a group header; allowed: include = FILE before the first [group]");
}

static void
test_err_bad_values(void)
{
  assert_one_error("[cluster]\nendpoint = publik\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] endpoint: 'publik' is not allowed (did you mean 'public'?); allowed: "
                   "public|public+private|private");
  assert_one_error("[cluster]\napi_servers = two\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] api_servers: 'two' is not an integer; allowed: an integer in 1..16");
  assert_one_error("[cluster]\napi_servers = 0\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] api_servers: '0' is out of range; allowed: an integer in 1..16");
  assert_one_error("[vpc]\ndns_support = yes\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [vpc] dns_support: 'yes' is not a boolean; allowed: true|false");
  assert_one_error("[scenario]\nduration = 10 parsecs\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [scenario] duration: bad duration '10 parsecs': unknown unit 'parsecs'; allowed: "
                   "a number with a unit: ns, us, ms, s, m, h (e.g. 20ms)");
  assert_one_error("[scenario]\nduration = -5s\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [scenario] duration: bad duration '-5s': must not be negative; allowed: a "
                   "duration in 1ms..8760h (units ns, us, ms, s, m, h)");
  assert_one_error("[cluster]\npublic_access_cidrs = 10.0.0.1/16\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] public_access_cidrs: '10.0.0.1/16' has host bits set (did you mean "
                   "10.0.0.0/16?); allowed: an IPv4 CIDR block such as 10.0.0.0/16");
  assert_one_error("[cluster]\npublic_access_cidrs = 300.1.1.0/24\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] public_access_cidrs: '300.1.1.0/24' is not an IPv4 CIDR block; "
                   "allowed: an IPv4 CIDR block such as 10.0.0.0/16");
  assert_one_error("[client.a]\nlocation = internet\nsource_ip = 1.2.3\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":3: [client.a] source_ip: '1.2.3' is not an IPv4 address; allowed: a dotted-quad "
                   "IPv4 address such as 203.0.113.7");
  assert_one_error("[apiserver]\nservice.get = expo(5ms)\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [apiserver] service.get: bad distribution 'expo(5ms)': unknown distribution "
                   "'expo'; allowed: const(X), uniform(MIN, MAX), exp(MEAN), normal(MEAN, SD), "
                   "lognormal(median=X, sigma=S), gamma(shape=K, scale=X), weibull(shape=K, scale=X), "
                   "pareto(shape=A, scale=X), empirical(FILE)");
  assert_one_error("[apiserver]\nservice.get = uniform(3ms, 1ms)\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [apiserver] service.get: bad distribution 'uniform(3ms, 1ms)': min must be "
                   "less than max; allowed: uniform(MIN, MAX)");
  assert_one_error("[client.a]\nlocation = internet\nverbs = get:1, lsit:2\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":3: [client.a] verbs: unknown name 'lsit' (did you mean 'list'?); allowed: "
                   "NAME:WEIGHT pairs, comma-separated, weights >= 0 with a positive sum; names: get, list, "
                   "create, update, patch, apply, delete, watch, logs, exec, port-forward");
  assert_one_error("[client.a]\nlocation = internet\nverbs = get:0, list:0\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":3: [client.a] verbs: 'get:0, list:0': the weights must have a positive, finite sum; "
                   "allowed: NAME:WEIGHT pairs, comma-separated, weights >= 0 with a positive sum; names: "
                   "get, list, create, update, patch, apply, delete, watch, logs, exec, port-forward");
  assert_one_error("[client.a]\nlocation = internet\nrate = 2\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":3: [client.a] rate: bad rate '2': missing unit; allowed: a number per unit of "
                   "time: /s, /m, /h (e.g. 2/s)");
  assert_one_error("[link.nat]\nbandwidth = 0Gbps\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [link.nat] bandwidth: bad bandwidth '0Gbps': must be positive; allowed: a number "
                   "with a unit: bps, kbps, Mbps, Gbps (e.g. 100Mbps)");
  assert_one_error("[cluster]\nlb =\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [cluster] lb: empty value; allowed: nlb|alb");
}

static void
test_err_missing_and_condition(void)
{
  assert_one_error("[client.a]\ncount = 2\n", SIM_SCENARIO_ERROR_MISSING,
                   VPATH ":1: [client.a] location: required key is missing; allowed: "
                   "internet|vpc-public|vpc-private|network.NAME|nodegroup.NAME");
  assert_one_error("[client.a]\nlocation = internet\nrate = 1/s\nthink_time = exp(1s)\n",
                   SIM_SCENARIO_ERROR_NOT_APPLICABLE,
                   VPATH ":4: [client.a] think_time: does not apply when rate is set; allowed: rate or "
                   "think_time, not both");
  assert_one_error("[client.a]\nlocation = vpc-private\nsource_ip = 203.0.113.5\n",
                   SIM_SCENARIO_ERROR_NOT_APPLICABLE,
                   VPATH ":3: [client.a] source_ip: applies only when location is internet (location is "
                   "'vpc-private'); allowed: source_ip only when location is internet");
  assert_one_error("[fault.f]\nkind = nat-gateway-outage\nat = 1m\npace = 10s\n", SIM_SCENARIO_ERROR_NOT_APPLICABLE,
                   VPATH ":4: [fault.f] pace: applies only when kind is control-plane-upgrade (kind is "
                   "'nat-gateway-outage'); allowed: pace only when kind is control-plane-upgrade");
  assert_one_error("[link.vpn]\nqueue = 10\n", SIM_SCENARIO_ERROR_NOT_APPLICABLE,
                   VPATH ":2: [link.vpn] queue: applies only when bandwidth is set; allowed: queue only "
                   "together with bandwidth");
}

static void
test_err_conflicts(void)
{
  assert_one_error("[cluster]\npublic_access = false\nprivate_access = false\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [cluster] private_access: both endpoint accesses are off; EKS requires public or "
                   "private access (facts §1.2); allowed: public_access = true, private_access = true, or both");
  assert_one_error("[cluster]\npublic_access = false\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":2: [cluster] public_access: both endpoint accesses are off; EKS requires public or "
                   "private access (facts §1.2); allowed: public_access = true, private_access = true, or both");
  assert_one_error("[cluster]\nendpoint = private\nprivate_access = true\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [cluster] private_access: endpoint is also written; write one form, not both; "
                   "allowed: endpoint alone, or public_access and private_access");
  assert_one_error("[nodegroup.f]\ntype = fargate\nsubnet = public\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [nodegroup.f] subnet: Fargate runs only in private subnets (facts §4); allowed: "
                   "subnet = private for type = fargate");
  assert_one_error("[client.b]\nlocation = network.corp\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":2: [client.b] location: 'network.corp': the scenario has no group [network.corp]; "
                   "allowed: internet, vpc-public, vpc-private (network.NAME once a [network.NAME] group exists) "
                   "(nodegroup.NAME once a [nodegroup.NAME] group exists)");
  assert_one_error("[network.onprem]\nkind = onprem-dx\ncidr = 172.16.0.0/12\n[client.b]\nlocation = network.corp\n",
                   SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":5: [client.b] location: 'network.corp': the scenario has no group [network.corp]; "
                   "allowed: internet, vpc-public, vpc-private, network.onprem "
                   "(nodegroup.NAME once a [nodegroup.NAME] group exists)");
  assert_one_error("[client.b]\nlocation = vpc_private\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [client.b] location: 'vpc_private' is not a location (did you mean "
                   "'vpc-private'?); allowed: internet, vpc-public, vpc-private (network.NAME once a "
                   "[network.NAME] group exists) (nodegroup.NAME once a [nodegroup.NAME] group exists)");
  assert_one_error("[scenario]\nduration = 1m\nwarmup = 1m\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [scenario] warmup: warmup 1m is not shorter than duration 1m; allowed: warmup "
                   "shorter than duration");
  assert_one_error("[scenario]\nduration = 30s\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":2: [scenario] duration: warmup 1m is not shorter than duration 30s; allowed: warmup "
                   "shorter than duration");
  assert_one_error("[scenario]\nduration = 2m\nwarmup = 1m\nbin = 90s\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [scenario] bin: bin 90s is longer than the measured period (duration - warmup "
                   "= 1m); allowed: a bin no longer than duration - warmup");
  assert_one_error("[scenario]\nduration = 2h\nwarmup = 0\nbin = 50ms\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [scenario] bin: bin 50ms makes 144000 timeline bins over duration - warmup = 2h; "
                   "allowed: a bin of at least (duration - warmup) / 100000");
  assert_one_error("[client.a]\nlocation = internet\nsource_ip = 10.1.2.3\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [client.a] source_ip: 10.1.2.3 is a private address, which the internet does not "
                   "route; allowed: a public IPv4 address (not 10/8, 172.16/12 or 192.168/16)");
  assert_one_error("[network.peer]\nkind = peered-vpc\ncidr = 10.0.128.0/20\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [network.peer] cidr: 10.0.128.0/20 overlaps 10.0.0.0/16 of the cluster VPC; "
                   "routing to a connected network needs distinct blocks; allowed: blocks outside the "
                   "cluster VPC's [vpc] cidr");
  assert_one_error("[network.peer]\nkind = peered-vpc\ncidr = 10.1.0.0/16\ndns_forwarding = true\n",
                   SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [network.peer] dns_forwarding: forwarding needs a Resolver inbound endpoint in "
                   "the cluster VPC (facts §1.7); allowed: [vpc] resolver_inbound_endpoint = true, or "
                   "dns_forwarding = false");
  assert_one_error("[vpc]\ncidr = 10.0.0.0/8\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [vpc] cidr: block 10.0.0.0/8 is /8; allowed: blocks from /16 to /28 (AWS VPC limits)");
  assert_one_error("[cluster]\nlb = alb\n[loadbalancer]\ncross_zone = false\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [loadbalancer] cross_zone: an ALB always balances across zones (facts §5.5); "
                   "allowed: auto or true with lb = alb");
  assert_one_error("[fault.f]\nkind = nat-gateway-outage\nat = 20m\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":3: [fault.f] at: the fault starts after the run ends (duration 10m); allowed: a "
                   "time before the end of the run");
  assert_one_error("[fault.f]\nkind = az-outage\nat = 1m\ntarget = az3\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":4: [fault.f] target: 'az3' is not an AZ of this VPC ([vpc] azs = 2); allowed: all, "
                   "az1..az2, or an instance name");
  assert_one_error("[fault.f]\nkind = endpoint-change\nat = 1m\n", SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":2: [fault.f] kind: an endpoint-change fault that changes nothing; allowed: endpoint "
                   "and/or public_access_cidrs in the group");
  assert_one_error("[client.bastion]\nlocation = vpc-public\n[fault.f]\nkind = bastion-down\nat = 1m\ntarget = bastion\n",
                   SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":6: [fault.f] target: a bastion-down fault needs the client it stops, written "
                   "client.NAME; allowed: client.bastion");
  g_autoptr(SimScenario) ok = load_ok("[client.bastion]\nlocation = vpc-public\n"
                                      "[network.dc]\nkind = onprem-vpn\ncidr = 192.168.0.0/16\n"
                                      "[fault.f]\nkind = bastion-down\nat = 1m\ntarget = client.bastion\n"
                                      "[fault.g]\nkind = vpn-down\nat = 2m\ntarget = network.dc\nduration = 30s\n");
  g_assert_cmpuint(sim_scenario_n_variants(ok), ==, 1);
}

/* Every problem of a file is reported, one line each, in file and line order. */
static void
test_all_errors_reported(void)
{
  int code;
  g_autofree char *msg = load_err("[scenario]\nduration = 30s\n"
                                  "[cluster]\nendpont = public\napi_servers = 99\n"
                                  "[clients.x]\n"
                                  "[nodegroup.f]\ntype = fargate\nsubnet = public\n"
                                  "[client.c]\nlocation = network.nowhere\n",
                                  &code);
  g_auto(GStrv) lines = g_strsplit(msg, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 6);
  g_assert_true(g_str_has_prefix(lines[0], VPATH ":2: [scenario] duration: warmup 1m is not shorter"));
  g_assert_true(g_str_has_prefix(lines[1], VPATH ":4: [cluster] endpont: unknown key"));
  g_assert_true(g_str_has_prefix(lines[2], VPATH ":5: [cluster] api_servers: '99' is out of range"));
  g_assert_true(g_str_has_prefix(lines[3], VPATH ":6: [clients.x]: unknown group"));
  g_assert_true(g_str_has_prefix(lines[4], VPATH ":9: [nodegroup.f] subnet: Fargate"));
  g_assert_true(g_str_has_prefix(lines[5], VPATH ":11: [client.c] location:"));
  g_assert_cmpint(code, ==, SIM_SCENARIO_ERROR_CONFLICT); /* the code of the first line */
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_nonnull(strstr(lines[i], "; allowed: "));
}

static void
test_err_unreadable(void)
{
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load("tests/no/such/file.ini", &err);
  g_assert_null(scn);
  g_assert_error(err, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_IO);
  g_assert_true(g_str_has_prefix(err->message, "tests/no/such/file.ini: cannot read 'tests/no/such/file.ini': "));
  g_assert_true(g_str_has_suffix(err->message, "; allowed: a readable scenario file up to 4 MiB"));
  g_clear_error(&err);
  scn = sim_scenario_load("tests", &err);
  g_assert_null(scn);
  g_assert_cmpstr(err->message, ==, "tests: cannot read 'tests': it is a folder; allowed: a readable scenario file up to 4 MiB");
}

/* ---- includes ---- */

typedef struct {
  char *dir;
} TmpDir;

static void
tmp_setup(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autoptr(GError) err = NULL;
  t->dir = g_dir_make_tmp("eksim-test-scenario-XXXXXX", &err);
  g_assert_no_error(err);
}

static void
tmp_teardown(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  test_remove_tree(t->dir);
  g_free(t->dir);
}

/* Writes @text to DIR/@rel (creating folders) and returns the full path. */
static char *
put(TmpDir *t, const char *rel, const char *text)
{
  char *path = g_build_filename(t->dir, rel, NULL);
  g_autofree char *dir = g_path_get_dirname(path);
  g_mkdir_with_parents(dir, 0755);
  g_autoptr(GError) err = NULL;
  g_file_set_contents(path, text, -1, &err);
  g_assert_no_error(err);
  return path;
}

static void
test_include_nested_relative(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autofree char *base = put(t, "common/base.ini",
                              "include = net/links.ini\n[scenario]\nname = base\nduration = 5m\n"
                              "[client.laptop]\nlocation = internet\nrate = 1/s\n[cluster]\napi_servers = 3\n");
  g_autofree char *links = put(t, "common/net/links.ini", "[link.internet]\nloss = 0.02\n[cluster]\nlb = alb\n");
  g_autofree char *top = put(t, "study/top.ini",
                             "# the scenario\ninclude = ../common/base.ini\n"
                             "[scenario]\nname = top\n[client.laptop]\nrate = 3/s\n[client.bastion]\nlocation = vpc-public\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load(top, &err);
  g_assert_no_error(err);
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  g_assert_cmpstr(sim_scenario_name(scn), ==, "top");                                  /* overridden */
  g_assert_cmpint(sim_scenario_duration(scn), ==, 5 * SIM_MIN);                       /* from base */
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.internet", "loss"), ==, 0.02);   /* nested */
  g_assert_cmpstr(sim_config_get_string(cfg, "cluster", "lb"), ==, "alb");
  g_assert_cmpint(sim_config_get_int(cfg, "cluster", "api_servers"), ==, 3);
  g_assert_cmpfloat(sim_config_get_rate(cfg, "client.laptop", "rate"), ==, 3.0);      /* key override */
  const char *const *clients = sim_config_instances(cfg, "client");
  g_assert_cmpstr(clients[0], ==, "laptop"); /* order of first appearance: the base's first */
  g_assert_cmpstr(clients[1], ==, "bastion");
  /* the same content in one file gives the same hash */
  g_autofree char *flat = put(t, "flat.ini",
                              "[link.internet]\nloss = 0.02\n[cluster]\nlb = alb\napi_servers = 3\n"
                              "[scenario]\nname = top\nduration = 5m\n"
                              "[client.laptop]\nlocation = internet\nrate = 3/s\n[client.bastion]\nlocation = vpc-public\n");
  g_autoptr(SimScenario) s2 = sim_scenario_load(flat, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sim_scenario_resolved_text(s2), ==, sim_scenario_resolved_text(scn));
  g_assert_cmpstr(sim_scenario_hash(s2), ==, sim_scenario_hash(scn));
}

static void
test_include_errors_name_included_file(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autofree char *base = put(t, "base.ini", "[cluster]\n\nendpoint = publc\n");
  g_autofree char *top = put(t, "top.ini", "include = base.ini\ninclude = missing.ini\n[vpc]\nazs = 9\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load(top, &err);
  g_assert_null(scn);
  g_auto(GStrv) lines = g_strsplit(err->message, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 3);
  g_autofree char *l0 = g_strdup_printf("%s:2: cannot include '%s/missing.ini': ", top, t->dir);
  g_assert_true(g_str_has_prefix(lines[0], l0));
  g_autofree char *l1 = g_strdup_printf("%s:4: [vpc] azs: '9' is out of range; allowed: an integer in 2..6", top);
  g_assert_cmpstr(lines[1], ==, l1);
  g_autofree char *l2 = g_strdup_printf("%s/base.ini:3: [cluster] endpoint: 'publc' is not allowed (did you mean "
                                        "'public'?); allowed: public|public+private|private", t->dir);
  g_assert_cmpstr(lines[2], ==, l2);
}

static void
test_include_cycle(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autofree char *a = put(t, "a.ini", "include = sub/b.ini\n[cluster]\n");
  g_autofree char *b = put(t, "sub/b.ini", "include = ../a.ini\n[vpc]\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load(a, &err);
  g_assert_null(scn);
  g_assert_error(err, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_INCLUDE);
  g_autofree char *want = g_strdup_printf("%s/sub/b.ini:1: include cycle: %s/a.ini -> %s/sub/b.ini -> "
                                          "%s/sub/../a.ini; allowed: includes that do not lead back to the "
                                          "including file",
                                          t->dir, t->dir, t->dir, t->dir);
  g_assert_cmpstr(err->message, ==, want);
  /* a file including itself */
  g_autofree char *self = put(t, "self.ini", "include = self.ini\n");
  g_clear_error(&err);
  g_assert_null(sim_scenario_load(self, &err));
  g_assert_nonnull(strstr(err->message, "include cycle: "));
  /* the same file twice side by side is not a cycle */
  g_autofree char *leaf = put(t, "leaf.ini", "[cluster]\napi_servers = 4\n");
  g_autofree char *twice = put(t, "twice.ini", "include = leaf.ini\ninclude = leaf.ini\n");
  g_clear_error(&err);
  g_autoptr(SimScenario) ok = sim_scenario_load(twice, &err);
  g_assert_no_error(err);
}

static void
test_include_empirical_relative(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  g_autofree char *csv = put(t, "data/lat.csv", "latency_ms\n1\n2\n3\n");
  g_autofree char *inc = put(t, "data/links.ini", "[link.internet]\nlatency = empirical(lat.csv)\n");
  g_autofree char *top = put(t, "top.ini", "include = data/links.ini\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load(top, &err);
  g_assert_no_error(err);
  /* the path in the resolved text is relative to the top file's folder */
  g_assert_nonnull(strstr(sim_scenario_resolved_text(scn), "latency = empirical(data/lat.csv)\n"));
  g_autofree char *hash1 = g_strdup(sim_scenario_hash(scn));
  /* the file's content is part of the hash */
  g_free(put(t, "data/lat.csv", "latency_ms\n1\n2\n4\n"));
  g_autoptr(SimScenario) s2 = sim_scenario_load(top, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sim_scenario_hash(s2), !=, hash1);
}

/* An include naming a device or a FIFO is refused instead of hanging; an endless top-level
 * stream stops at the size limit. */
static void
test_include_special_files(TmpDir *t, gconstpointer unused)
{
  (void)unused;
  if (!g_file_test("/dev/zero", G_FILE_TEST_EXISTS)) {
    g_test_skip("no /dev/zero");
    return;
  }
  g_autofree char *top = put(t, "top.ini", "include = /dev/zero\n");
  g_autoptr(GError) err = NULL;
  g_assert_null(sim_scenario_load(top, &err));
  g_autofree char *want = g_strdup_printf("%s:1: cannot include '/dev/zero': it is not a regular file; allowed: a "
                                          "readable scenario file up to 4 MiB, relative to the including file",
                                          top);
  g_assert_cmpstr(err->message, ==, want);
  g_clear_error(&err);
  g_assert_null(sim_scenario_load("/dev/zero", &err));
  g_assert_cmpstr(err->message, ==, "/dev/zero: cannot read '/dev/zero': the file is larger than 4 MiB; allowed: a "
                                    "readable scenario file up to 4 MiB");
  g_clear_error(&err);
  g_autofree char *emp = put(t, "emp.ini", "[link.vpn]\nlatency = empirical(/dev/zero)\n");
  g_assert_null(sim_scenario_load(emp, &err));
  g_assert_nonnull(strstr(err->message, "/dev/zero is not a regular file"));
}

/* ---- sweeps ---- */

static void
test_sweep_product_order(void)
{
  g_autoptr(SimScenario) scn = load_ok("[client.laptop]\nlocation = internet\n"
                                       "[sweep]\ncluster.endpoint = public, public+private, private\n"
                                       "client.laptop.rate = 1/s, 2/s\n");
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 6);
  const char *want[] = {
    "cluster.endpoint=public;client.laptop.rate=1/s",
    "cluster.endpoint=public;client.laptop.rate=2/s",
    "cluster.endpoint=public+private;client.laptop.rate=1/s",
    "cluster.endpoint=public+private;client.laptop.rate=2/s",
    "cluster.endpoint=private;client.laptop.rate=1/s",
    "cluster.endpoint=private;client.laptop.rate=2/s",
  };
  for (guint i = 0; i < 6; i++) {
    SimConfig *cfg = sim_scenario_get_variant(scn, i);
    g_assert_cmpstr(sim_scenario_variant_name(scn, i), ==, want[i]);
    g_assert_cmpstr(sim_config_variant(cfg), ==, want[i]);
    const char *mode = i < 2 ? "public" : i < 4 ? "public+private" : "private";
    g_assert_cmpstr(sim_config_get_string(cfg, "cluster", "endpoint"), ==, mode);
    g_assert_true(sim_config_is_set(cfg, "cluster", "endpoint"));
    g_assert_cmpfloat(sim_config_get_rate(cfg, "client.laptop", "rate"), ==, (double)(i % 2 + 1));
    g_assert_cmpstr(sim_config_hash(cfg), ==, sim_scenario_hash(scn));
    g_assert_cmpint(sim_config_get_bool(cfg, "cluster", "private_access"), ==, i >= 2);
  }
}

static void
test_sweep_lists_and_dists(void)
{
  g_autoptr(SimScenario) scn = load_ok(
      "[sweep]\ncluster.public_access_cidrs = 0.0.0.0/0 | 203.0.113.0/24, 198.51.100.0/24\n"
      "apiserver.service.get = exp(5ms), uniform(1ms, 3ms)\nlink.default.loss = 0, 0.01\n");
  g_assert_cmpuint(sim_scenario_n_variants(scn), ==, 8);
  g_assert_cmpstr(sim_scenario_variant_name(scn, 3), ==,
                  "cluster.public_access_cidrs=0.0.0.0/0;apiserver.service.get=uniform(1ms, 3ms);"
                  "link.default.loss=0.01");
  SimConfig *cfg = sim_scenario_get_variant(scn, 7);
  g_assert_cmpuint(sim_config_get_cidrs(cfg, "cluster", "public_access_cidrs")->len, ==, 2);
  g_assert_cmpstr(sim_config_get_text(cfg, "apiserver", "service.get"), ==, "uniform(1ms, 3ms)");
  /* link.default in a sweep reaches every class that does not set its own */
  g_assert_cmpfloat(sim_config_get_double(cfg, "link.vpn", "loss"), ==, 0.01);
  g_assert_cmpfloat(sim_config_get_double(sim_scenario_get_variant(scn, 6), "link.vpn", "loss"), ==, 0.0);
}

static void
test_sweep_errors(void)
{
  assert_one_error("[sweep]\ncluster.endpoint = public, publik\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [sweep] cluster.endpoint: 'publik' is not allowed (did you mean 'public'?); "
                   "allowed: public|public+private|private");
  assert_one_error("[sweep]\ncluster.endpont = public, private\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] cluster.endpont: unknown key (did you mean 'cluster.endpoint'?); allowed: "
                   "GROUP.KEY of a key in the schema (client.NAME.KEY for an instance)");
  assert_one_error("[sweep]\nendpoint = public, private\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] endpoint: unknown key; allowed: GROUP.KEY of a key in the schema "
                   "(client.NAME.KEY for an instance)");
  assert_one_error("[sweep]\nclient.laptop.rate = 1/s, 2/s\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] client.laptop.rate: the scenario has no group [client.laptop]; allowed: "
                   "keys of groups the scenario defines");
  assert_one_error("[sweep]\ncluster.endpoint = public, , private\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] cluster.endpoint: empty alternative (value 2); allowed: values separated "
                   "by commas");
  assert_one_error("[sweep]\ncluster.endpoint = public, public\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] cluster.endpoint: 'public' is listed twice; allowed: each value once");
  assert_one_error("[sweep]\nscenario.duration = 1m, 2m\n", SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":2: [sweep] scenario.duration: [scenario] keys describe the whole run and cannot be "
                   "swept; allowed: keys of any group but [scenario]");
  assert_one_error("[sweep]\ncluster.public_access_cidrs = 0.0.0.0/0 | 10.0.0.1/8\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [sweep] cluster.public_access_cidrs: '10.0.0.1/8' has host bits set (did you mean "
                   "10.0.0.0/8?); allowed: an IPv4 CIDR block such as 10.0.0.0/16");
  /* too many variants */
  GString *big = g_string_new("[sweep]\n");
  for (int k = 0; k < 5; k++)
    g_string_append_printf(big, "link.%s.loss = 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9\n",
                           (const char *[]){ "intra-az", "inter-az", "internet", "vpn", "dx" }[k]);
  assert_one_error(big->str, SIM_SCENARIO_ERROR_SWEEP,
                   VPATH ":6: [sweep] link.dx.loss: the sweep makes more than 10000 variants; allowed: at most "
                   "10000 variants");
  g_string_free(big, TRUE);
}

/* A combination that is wrong in some variants only says in which. */
static void
test_sweep_variant_specific_error(void)
{
  assert_one_error("[nodegroup.f]\ntype = fargate\n[sweep]\nnodegroup.f.subnet = private, public\n",
                   SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [nodegroup.f] subnet: Fargate runs only in private subnets (facts §4) (in variant "
                   "nodegroup.f.subnet=public); allowed: subnet = private for type = fargate");
  assert_one_error("[client.a]\nlocation = internet\nthink_time = exp(1s)\n"
                   "[sweep]\ncluster.lb = nlb, alb\nclient.a.rate = 1/s, 2/s, 3/s\n",
                   SIM_SCENARIO_ERROR_NOT_APPLICABLE,
                   VPATH ":3: [client.a] think_time: does not apply when rate is set; allowed: rate or "
                   "think_time, not both");
  assert_one_error("[cluster]\npublic_access = false\n[sweep]\ncluster.private_access = true, false\nvpc.azs = 2, 3\n",
                   SIM_SCENARIO_ERROR_CONFLICT,
                   VPATH ":4: [cluster] private_access: both endpoint accesses are off; EKS requires public or "
                   "private access (facts §1.2) (in 2 of 4 variants, e.g. cluster.private_access=false;vpc.azs=2); "
                   "allowed: public_access = true, private_access = true, or both");
}

/* ---- resolved text, hash, names ---- */

static void
test_resolved_text_roundtrip(void)
{
  const char *text = "# a comment\n[scenario]\nname = Round trip\nseed = 7\n\n"
                     "[client.laptop]\nlocation = internet\nrate = 2/s\n"
                     "[sweep]\ncluster.endpoint = public, private\n";
  g_autoptr(SimScenario) a = load_ok(text);
  const char *resolved = sim_scenario_resolved_text(a);
  g_assert_cmpstr(resolved, ==,
                  "# eksim scenario, resolved: includes expanded, comments dropped\n"
                  "\n[scenario]\nname = Round trip\nseed = 7\n"
                  "\n[client.laptop]\nlocation = internet\nrate = 2/s\n"
                  "\n[sweep]\ncluster.endpoint = public, private\n");
  g_autoptr(SimScenario) b = load_ok(resolved);
  g_assert_cmpstr(sim_scenario_resolved_text(b), ==, resolved);
  g_assert_cmpstr(sim_scenario_hash(b), ==, sim_scenario_hash(a));
  g_assert_cmpuint(sim_scenario_n_variants(b), ==, 2);
  /* comments and blanks do not change the hash; a value does */
  g_autoptr(SimScenario) c = load_ok("[scenario]\n  name=Round trip\n# x\nseed = 7\n"
                                     "[client.laptop]\nlocation = internet\nrate = 2/s\n"
                                     "[sweep]\ncluster.endpoint = public, private\n");
  g_assert_cmpstr(sim_scenario_hash(c), ==, sim_scenario_hash(a));
  g_autoptr(SimScenario) d = load_ok("[scenario]\nname = Round trip\nseed = 8\n"
                                     "[client.laptop]\nlocation = internet\nrate = 2/s\n"
                                     "[sweep]\ncluster.endpoint = public, private\n");
  g_assert_cmpstr(sim_scenario_hash(d), !=, sim_scenario_hash(a));
  /* a scenario without [scenario] name gets the file's name written in */
  g_autoptr(SimScenario) e = load_ok("[cluster]\n");
  g_assert_cmpstr(sim_scenario_resolved_text(e), ==,
                  "# eksim scenario, resolved: includes expanded, comments dropped\n\n[scenario]\nname = s\n"
                  "\n[cluster]\n");
}

static void
test_seed_and_replications(void)
{
  g_autoptr(SimScenario) scn = load_ok("[scenario]\nseed = 0\nreplications = 1\n");
  g_assert_cmpuint(sim_scenario_seed(scn), ==, 0);
  g_assert_cmpuint(sim_scenario_replications(scn), ==, 1);
  assert_one_error("[scenario]\nreplications = 0\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [scenario] replications: '0' is out of range; allowed: an integer in 1..100000");
  assert_one_error("[scenario]\nseed = -1\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [scenario] seed: '-1' is out of range; allowed: an integer in "
                   "0..9223372036854775807");
  assert_one_error("[scenario]\nname =\n", SIM_SCENARIO_ERROR_BAD_VALUE,
                   VPATH ":2: [scenario] name: empty name; allowed: any non-empty text");
}

static void
test_safe_name(void)
{
  struct {
    const char *in, *out;
  } cases[] = {
    { "endpoint modes", "endpoint_modes" },
    { "../../x", "_x" },
    { "/etc/passwd", "_etc_passwd" },
    { "..", "_" },
    { ".", "_" },
    { "", "_" },
    { "eks-1.31 study", "eks-1.31_study" },
    { "a..b", "a_b" },
    { "-rf", "_rf" },
    { ".hidden", "_hidden" },
    { "tab\there\nnewline", "tab_here_newline" },
    { "caf\xc3\xa9", "caf" },
    { "cluster.endpoint=public;lb=nlb", "cluster.endpoint_public_lb_nlb" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *s = sim_scenario_safe_name(cases[i].in);
    g_assert_cmpstr(s, ==, cases[i].out);
  }
  g_autofree char *longname = g_strnfill(300, 'a');
  g_autofree char *s = sim_scenario_safe_name(longname);
  g_assert_cmpuint(strlen(s), ==, 80);
}

/* Every ```ini example in scenarios/README.md loads (the include example, whose files are not
 * shipped, fails only on its includes), so the guide cannot drift from the loader. */
static void
test_readme_examples(void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents("scenarios/README.md", &text, NULL, &err))
    g_error("scenarios/README.md: %s (run the tests from the project root)", err->message);
  guint n = 0;
  for (const char *p = strstr(text, "```ini\n"); p != NULL; p = strstr(p, "```ini\n")) {
    p += strlen("```ini\n");
    const char *end = strstr(p, "```");
    g_assert_nonnull(end);
    g_autofree char *block = g_strndup(p, (gsize)(end - p));
    g_autoptr(GError) e = NULL;
    g_autoptr(SimScenario) scn = sim_scenario_load_data(block, -1, "scenarios/example.ini", &e);
    if (strstr(block, "include = ") != NULL) {
      g_assert_null(scn);
      g_auto(GStrv) lines = g_strsplit(e->message, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        g_assert_nonnull(strstr(lines[i], "cannot include"));
    } else if (strstr(block, "[sweep]") == block) {
      /* a [sweep] alone refers to a client.laptop defined in the first example */
      g_autofree char *full = g_strconcat("[client.laptop]\nlocation = internet\n", block, NULL);
      g_autoptr(SimScenario) s2 = sim_scenario_load_data(full, -1, "scenarios/example.ini", &e);
      if (s2 == NULL)
        g_error("README example does not load:\n%s\n%s", block, e->message);
      g_assert_cmpuint(sim_scenario_n_variants(s2), ==, 24);
    } else if (scn == NULL) {
      g_error("README example does not load:\n%s\n%s", block, e->message);
    }
    end += 3;
    p = end;
    n++;
  }
  g_assert_cmpuint(n, >=, 3);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario/err/syntax", test_err_syntax);
  g_test_add_func("/scenario/err/nul-byte", test_err_nul_byte);
  g_test_add_func("/scenario/err/duplicates", test_err_duplicates);
  g_test_add_func("/scenario/err/unknown-group", test_err_unknown_group);
  g_test_add_func("/scenario/err/unknown-key", test_err_unknown_key);
  g_test_add_func("/scenario/err/bad-values", test_err_bad_values);
  g_test_add_func("/scenario/err/missing-and-condition", test_err_missing_and_condition);
  g_test_add_func("/scenario/err/conflicts", test_err_conflicts);
  g_test_add_func("/scenario/err/all-reported", test_all_errors_reported);
  g_test_add_func("/scenario/err/unreadable", test_err_unreadable);
  g_test_add("/scenario/include/nested-relative", TmpDir, NULL, tmp_setup, test_include_nested_relative, tmp_teardown);
  g_test_add("/scenario/include/errors-name-included-file", TmpDir, NULL, tmp_setup,
             test_include_errors_name_included_file, tmp_teardown);
  g_test_add("/scenario/include/cycle", TmpDir, NULL, tmp_setup, test_include_cycle, tmp_teardown);
  g_test_add("/scenario/include/empirical-relative", TmpDir, NULL, tmp_setup, test_include_empirical_relative,
             tmp_teardown);
  g_test_add("/scenario/include/special-files", TmpDir, NULL, tmp_setup, test_include_special_files, tmp_teardown);
  g_test_add_func("/scenario/sweep/product-order", test_sweep_product_order);
  g_test_add_func("/scenario/sweep/lists-and-dists", test_sweep_lists_and_dists);
  g_test_add_func("/scenario/sweep/errors", test_sweep_errors);
  g_test_add_func("/scenario/sweep/variant-specific-error", test_sweep_variant_specific_error);
  g_test_add_func("/scenario/resolved-text-roundtrip", test_resolved_text_roundtrip);
  g_test_add_func("/scenario/seed-and-replications", test_seed_and_replications);
  g_test_add_func("/scenario/safe-name", test_safe_name);
  g_test_add_func("/scenario/readme-examples", test_readme_examples);
  return g_test_run();
}
