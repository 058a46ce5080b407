/* Tests for sim/scenario/schema: every row is well-formed (defaults parse and respect their own
 * range, ranges parse, enums have members, conditions name earlier keys of the same group),
 * group kinds, suggestions, and scenarios/README.md matching the generated key reference. */
#include <glib.h>
#include <string.h>

#include "scenario/schema.h"
#include "scenario/value.h"

static void
test_rows_well_formed(void)
{
  guint n;
  const SimKeySpec *rows = sim_schema_rows(&n);
  g_assert_cmpuint(n, >, 80);
  for (guint i = 0; i < n; i++) {
    const SimKeySpec *r = &rows[i];
    g_test_message("row [%s] %s", r->group, r->key);
    g_assert_nonnull(r->doc);
    g_assert_cmpstr(r->doc, !=, "");
    g_assert_nonnull(r->source);
    g_assert_cmpstr(r->source, !=, "");
    /* the group is one the schema knows */
    const char *star = strstr(r->group, ".*");
    g_autofree char *probe = star ? g_strdup_printf("%.*s.x", (int)(star - r->group), r->group)
                                  : g_strdup(r->group);
    SimGroupKind kind = sim_schema_group_kind(probe, NULL);
    g_assert_cmpint(kind, !=, SIM_GROUP_UNKNOWN);
    g_assert_cmpint(kind, !=, SIM_GROUP_SWEEP);
    g_assert_true(sim_schema_find(probe, r->key) == r);
    /* no key written twice in one group */
    for (guint j = 0; j < i; j++)
      g_assert_false(strcmp(rows[j].group, r->group) == 0 && strcmp(rows[j].key, r->key) == 0);
    if (r->type == SIM_KEY_ENUM || r->type == SIM_KEY_WEIGHTS)
      g_assert_nonnull(r->allowed);
    /* a required key has no default: the user must write it */
    if (r->required)
      g_assert_null(r->def);
    /* the default parses with the row's own type and range */
    if (r->def != NULL) {
      SimValue v;
      g_autoptr(GError) err = NULL;
      gboolean ok = sim_value_parse(r, r->def, ".", &v, &err);
      if (!ok)
        g_test_message("default '%s': %s", r->def, err->message);
      g_assert_true(ok);
      sim_value_clear(&v);
    }
    /* conditions name a key of the same group that comes earlier (evaluation is in row order) */
    if (r->condition != NULL) {
      const char *c = r->condition[0] == '!' ? r->condition + 1 : r->condition;
      gsize klen = strcspn(c, "!=");
      g_autofree char *ckey = g_strndup(c, klen);
      gboolean earlier = FALSE;
      for (guint j = 0; j < i; j++)
        earlier |= strcmp(rows[j].group, r->group) == 0 && strcmp(rows[j].key, ckey) == 0;
      g_assert_true(earlier);
      /* enum values named by the condition exist */
      const char *eq = strchr(c, '=');
      if (eq != NULL) {
        const SimKeySpec *ck = sim_schema_find(probe, ckey);
        g_assert_nonnull(ck);
        g_assert_true(ck->type == SIM_KEY_ENUM || ck->type == SIM_KEY_STRING);
        g_auto(GStrv) want = g_strsplit(eq + 1, "|", -1);
        g_auto(GStrv) have = g_strsplit(ck->allowed, "|", -1);
        for (guint k = 0; want[k] != NULL; k++)
          g_assert_true(g_strv_contains((const char *const *)have, want[k]));
      }
    }
  }
}

/* Numeric ranges bite at both ends. */
static void
test_range_bounds(void)
{
  const SimKeySpec *r = sim_schema_find("cluster", "api_servers");
  SimValue v;
  g_autoptr(GError) err = NULL;
  g_assert_true(sim_value_parse(r, "16", ".", &v, NULL));
  g_assert_cmpint(v.u.i, ==, 16);
  g_assert_false(sim_value_parse(r, "17", ".", &v, &err));
  g_assert_cmpstr(err->message, ==, "'17' is out of range; allowed: an integer in 1..16");
  g_clear_error(&err);
  g_assert_false(sim_value_parse(r, "0", ".", &v, &err));
  g_clear_error(&err);
  g_assert_false(sim_value_parse(r, "2.5", ".", &v, &err));
  g_assert_cmpstr(err->message, ==, "'2.5' is not an integer; allowed: an integer in 1..16");
  g_clear_error(&err);
  r = sim_schema_find("scenario", "duration");
  g_assert_false(sim_value_parse(r, "0", ".", &v, &err));
  g_assert_cmpstr(err->message, ==,
                  "'0' is out of range; allowed: a duration in 1ms..8760h (units ns, us, ms, s, m, h)");
  g_clear_error(&err);
  g_assert_true(sim_value_parse(r, "1ms", ".", &v, NULL));
  g_assert_cmpint(v.u.t, ==, 1000000);
  r = sim_schema_find("link.internet", "loss");
  g_assert_true(sim_value_parse(r, "1", ".", &v, NULL));
  g_assert_false(sim_value_parse(r, "1.01", ".", &v, &err));
  g_assert_cmpstr(err->message, ==, "'1.01' is out of range; allowed: a number in 0..1");
}

static void
test_group_kinds(void)
{
  g_autofree char *fam = NULL;
  g_assert_cmpint(sim_schema_group_kind("cluster", NULL), ==, SIM_GROUP_SINGLETON);
  g_assert_cmpint(sim_schema_group_kind("sweep", NULL), ==, SIM_GROUP_SWEEP);
  g_assert_cmpint(sim_schema_group_kind("client.laptop-1_a", &fam), ==, SIM_GROUP_FAMILY);
  g_assert_cmpstr(fam, ==, "client");
  g_assert_cmpint(sim_schema_group_kind("client.a b", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_cmpint(sim_schema_group_kind("client.", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_cmpint(sim_schema_group_kind("client.../x", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_cmpint(sim_schema_group_kind("client", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_cmpint(sim_schema_group_kind("link.internet", NULL), ==, SIM_GROUP_FIXED);
  g_assert_cmpint(sim_schema_group_kind("link.default", NULL), ==, SIM_GROUP_FIXED);
  g_assert_cmpint(sim_schema_group_kind("link.satellite", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_cmpint(sim_schema_group_kind("clusters", NULL), ==, SIM_GROUP_UNKNOWN);
  g_assert_true(sim_schema_instance_name_ok("A-z_09"));
  g_assert_false(sim_schema_instance_name_ok("a.b"));
  g_assert_false(sim_schema_instance_name_ok(""));
  /* every issue-3 key exists */
  const char *must[][2] = {
    { "scenario", "name" }, { "scenario", "description" }, { "scenario", "duration" },
    { "scenario", "warmup" }, { "scenario", "seed" }, { "scenario", "replications" },
    { "scenario", "bin" }, { "cluster", "endpoint" }, { "cluster", "public_access_cidrs" },
    { "cluster", "kubernetes_version" }, { "cluster", "api_servers" }, { "cluster", "lb" },
    { "cluster", "security_group_allow" }, { "vpc", "cidr" }, { "vpc", "azs" }, { "vpc", "nat" },
    { "vpc", "dns_support" }, { "vpc", "dns_hostnames" }, { "vpc", "resolver_inbound_endpoint" },
    { "network.x", "kind" }, { "network.x", "cidr" }, { "network.x", "dns_forwarding" },
    { "nodegroup.x", "type" }, { "nodegroup.x", "nodes" }, { "nodegroup.x", "subnet" },
    { "client.x", "location" }, { "client.x", "source_ip" }, { "client.x", "count" },
    { "client.x", "rate" }, { "client.x", "think_time" }, { "client.x", "verbs" },
    { "client.x", "connection" }, { "client.x", "timeout" }, { "client.x", "tls" },
    { "client.x", "http" }, { "client.x", "dial_timeout" }, { "client.x", "retries" },
    { "apiserver", "workers" }, { "apiserver", "max_inflight_readonly" },
    { "apiserver", "max_inflight_mutating" }, { "apiserver", "service.get" },
    { "apiserver", "service.list" }, { "apiserver", "service.apply" }, { "fault.x", "kind" },
    { "fault.x", "target" }, { "fault.x", "at" }, { "fault.x", "duration" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(must); i++)
    g_assert_nonnull(sim_schema_find(must[i][0], must[i][1]));
  const char *classes[] = { "intra-az", "inter-az", "internet", "vpn", "dx", "nat", "lb", "control-plane", "region", "default" };
  const char *lkeys[] = { "latency", "loss", "bandwidth", "queue" };
  for (guint i = 0; i < G_N_ELEMENTS(classes); i++) {
    for (guint k = 0; k < G_N_ELEMENTS(lkeys); k++) {
      g_autofree char *g = g_strdup_printf("link.%s", classes[i]);
      g_assert_nonnull(sim_schema_find(g, lkeys[k]));
    }
  }
  /* the fault kinds of issue 6 are the enum */
  const SimKeySpec *kind = sim_schema_find("fault.f", "kind");
  const char *kinds[] = { "az-outage", "api-server-crash", "control-plane-upgrade", "lb-node-failure",
                          "nat-gateway-outage", "resolver-outage", "inbound-endpoint-outage",
                          "link-degradation", "bastion-down", "vpn-down", "etcd-slow", "endpoint-change",
                          "load-spike" };
  g_auto(GStrv) members = g_strsplit(kind->allowed, "|", -1);
  g_assert_cmpuint(g_strv_length(members), ==, G_N_ELEMENTS(kinds));
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
    g_assert_true(g_strv_contains((const char *const *)members, kinds[i]));
}

static void
test_suggest(void)
{
  const char *const cands[] = { "endpoint", "public_access_cidrs", "api_servers", "lb", NULL };
  g_assert_cmpuint(sim_schema_edit_distance("kitten", "sitting"), ==, 3);
  g_assert_cmpuint(sim_schema_edit_distance("", "abc"), ==, 3);
  g_assert_cmpuint(sim_schema_edit_distance("lsit", "list"), ==, 1);
  g_assert_cmpstr(sim_schema_suggest("endpont", cands), ==, "endpoint");
  g_assert_cmpstr(sim_schema_suggest("Endpoint", cands), ==, "endpoint");
  g_assert_cmpstr(sim_schema_suggest("api_server", cands), ==, "api_servers");
  g_assert_cmpstr(sim_schema_suggest("lbb", cands), ==, "lb");
  g_assert_null(sim_schema_suggest("zzzzzzzz", cands));
  g_assert_null(sim_schema_suggest("endpoint", cands)); /* exact: nothing to suggest */
}

/* The key reference in scenarios/README.md is exactly what the schema generates. */
static void
test_readme_in_sync(void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents("scenarios/README.md", &text, NULL, &err))
    g_error("scenarios/README.md: %s (run the tests from the project root)", err->message);
  const char *begin_mark = "<!-- BEGIN KEYS: generated by `eksim keys --markdown`; do not edit -->\n";
  const char *end_mark = "<!-- END KEYS -->";
  const char *bm = strstr(text, begin_mark);
  const char *em = bm ? strstr(bm, end_mark) : NULL;
  g_assert_nonnull(bm);
  g_assert_nonnull(em);
  g_autofree char *section = g_strndup(bm + strlen(begin_mark), (gsize)(em - bm - strlen(begin_mark)));
  g_autofree char *want = sim_schema_markdown();
  if (strcmp(section, want) != 0) {
    g_auto(GStrv) a = g_strsplit(section, "\n", -1);
    g_auto(GStrv) b = g_strsplit(want, "\n", -1);
    guint i = 0;
    while (a[i] != NULL && b[i] != NULL && strcmp(a[i], b[i]) == 0)
      i++;
    g_test_message("scenarios/README.md is stale (regenerate with tests/update-readme-keys.sh); "
                   "first difference in key-reference line %u:\n  file:      %s\n  generated: %s",
                   i + 1, a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
  }
  g_assert_true(strcmp(section, want) == 0);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/schema/rows-well-formed", test_rows_well_formed);
  g_test_add_func("/schema/range-bounds", test_range_bounds);
  g_test_add_func("/schema/group-kinds", test_group_kinds);
  g_test_add_func("/schema/suggest", test_suggest);
  g_test_add_func("/schema/readme-in-sync", test_readme_in_sync);
  return g_test_run();
}
