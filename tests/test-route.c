/* Tests for sim/net/route: longest-prefix match on small (linear) and large (per-length hash)
 * tables, replacement and removal, ordering independent of insertion order. */
#include <glib.h>

#include "net/route.h"

static SimRoute
r(SimIp net, guint8 len, gintptr tag)
{
  SimRoute x = { .dest = { net, len }, .kind = SIM_ROUTE_NEXT_HOP, .target = (gpointer)tag };
  return x;
}

static gintptr
lookup(SimRouteTable *rt, SimIp ip)
{
  const SimRoute *x = sim_route_table_lookup(rt, ip);
  return x ? (gintptr)x->target : -1;
}

static void
check_lpm(SimRouteTable *rt)
{
  g_assert_cmpint(lookup(rt, SIM_IP(10, 0, 1, 5)), ==, 3);    /* /24 beats /16 and /0 */
  g_assert_cmpint(lookup(rt, SIM_IP(10, 0, 1, 77)), ==, 4);   /* /32 beats /24 */
  g_assert_cmpint(lookup(rt, SIM_IP(10, 0, 9, 9)), ==, 2);    /* /16 */
  g_assert_cmpint(lookup(rt, SIM_IP(8, 8, 8, 8)), ==, 1);     /* default */
}

static void
test_small(void)
{
  g_autoptr(SimRouteTable) rt = sim_route_table_new("t");
  SimRoute a = r(0, 0, 1), b = r(SIM_IP(10, 0, 0, 0), 16, 2), c = r(SIM_IP(10, 0, 1, 0), 24, 3),
           d = r(SIM_IP(10, 0, 1, 77), 32, 4);
  sim_route_table_add(rt, &a);
  sim_route_table_add(rt, &d);
  sim_route_table_add(rt, &b);
  sim_route_table_add(rt, &c);
  check_lpm(rt);
  g_assert_cmpuint(sim_route_table_size(rt), ==, 4);
  g_assert_cmpuint(sim_route_table_nth(rt, 0)->dest.len, ==, 32); /* most specific first */
  /* same destination replaces */
  SimRoute c2 = r(SIM_IP(10, 0, 1, 0), 24, 9);
  sim_route_table_add(rt, &c2);
  g_assert_cmpuint(sim_route_table_size(rt), ==, 4);
  g_assert_cmpint(lookup(rt, SIM_IP(10, 0, 1, 5)), ==, 9);
  g_assert_true(sim_route_table_remove(rt, (SimCidr){ SIM_IP(10, 0, 1, 0), 24 }));
  g_assert_cmpint(lookup(rt, SIM_IP(10, 0, 1, 5)), ==, 2);
  g_assert_false(sim_route_table_remove(rt, (SimCidr){ SIM_IP(10, 0, 1, 0), 24 }));
  g_assert_true(sim_route_table_remove(rt, (SimCidr){ 0, 0 }));
  g_assert_cmpint(lookup(rt, SIM_IP(8, 8, 8, 8)), ==, -1);
}

/* Many /32s (the internet edge): per-length indexes, same answers. */
static void
test_large(void)
{
  g_autoptr(SimRouteTable) rt = sim_route_table_new("edge");
  for (guint i = 0; i < 1000; i++) {
    SimRoute x = r(SIM_IP(198, 51, 0, 0) + i, 32, 100 + i);
    sim_route_table_add(rt, &x);
  }
  SimRoute a = r(0, 0, 1), b = r(SIM_IP(10, 0, 0, 0), 16, 2), c = r(SIM_IP(10, 0, 1, 0), 24, 3),
           d = r(SIM_IP(10, 0, 1, 77), 32, 4);
  sim_route_table_add(rt, &c);
  sim_route_table_add(rt, &a);
  sim_route_table_add(rt, &b);
  sim_route_table_add(rt, &d);
  check_lpm(rt);
  g_assert_cmpint(lookup(rt, SIM_IP(198, 51, 0, 0) + 777), ==, 877);
  g_assert_cmpint(lookup(rt, SIM_IP(198, 51, 0, 0) + 1000), ==, 1); /* not a /32 of the table */
  g_assert_true(sim_route_table_remove(rt, (SimCidr){ SIM_IP(198, 51, 0, 0) + 777, 32 }));
  g_assert_cmpint(lookup(rt, SIM_IP(198, 51, 0, 0) + 777), ==, 1);
  g_assert_false(sim_route_table_icmp_unreachable(rt));
  sim_route_table_set_icmp_unreachable(rt, TRUE);
  g_assert_true(sim_route_table_icmp_unreachable(rt));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/route/longest-prefix-match", test_small);
  g_test_add_func("/route/large-table-indexes", test_large);
  return g_test_run();
}
