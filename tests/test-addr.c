/* Tests for sim/net/addr: IPv4 and CIDR parsing, formatting, containment, overlap, errors. */
#include <glib.h>
#include <string.h>

#include "net/addr.h"

static void
test_ip_parse_format(void)
{
  static const struct {
    const char *text;
    SimIp ip;
  } ok[] = {
    { "0.0.0.0", 0 },
    { "255.255.255.255", 0xffffffffu },
    { "10.0.0.1", SIM_IP(10, 0, 0, 1) },
    { "203.0.113.7", SIM_IP(203, 0, 113, 7) },
    { " 192.168.1.254 ", SIM_IP(192, 168, 1, 254) },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ok); i++) {
    SimIp ip = 1;
    g_autoptr(GError) error = NULL;
    g_assert_true(sim_ip_parse(ok[i].text, &ip, &error));
    g_assert_no_error(error);
    g_assert_cmphex(ip, ==, ok[i].ip);
    char buf[16];
    g_autofree char *stripped = g_strstrip(g_strdup(ok[i].text));
    g_assert_cmpstr(sim_ip_format(ip, buf), ==, stripped);
  }
}

static void
test_ip_errors(void)
{
  static const char *const bad[] = {
    "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..3.4", "a.b.c.d",
    "1.2.3.4/32", "+1.2.3.4", "-1.2.3.4", "1.2.3.4 x", "::1", "1.2.3.", ".1.2.3", "1234.1.1.1", "1.2.3.4.",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    SimIp ip;
    g_autoptr(GError) error = NULL;
    g_test_message("'%s'", bad[i]);
    g_assert_false(sim_ip_parse(bad[i], &ip, &error));
    g_assert_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX);
    g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);
    g_assert_nonnull(strstr(error->message, quoted));
    g_assert_nonnull(strstr(error->message, "allowed:"));
  }
  SimIp ip;
  g_autoptr(GError) error = NULL;
  g_assert_false(sim_ip_parse(NULL, &ip, &error));
  g_assert_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX);
}

static void
test_cidr_parse_format(void)
{
  static const struct {
    const char *text, *canon;
    SimIp net;
    guint8 len;
  } ok[] = {
    { "10.0.0.0/16", "10.0.0.0/16", SIM_IP(10, 0, 0, 0), 16 },
    { "0.0.0.0/0", "0.0.0.0/0", 0, 0 },
    { "203.0.113.7", "203.0.113.7/32", SIM_IP(203, 0, 113, 7), 32 },
    { "203.0.113.7/32", "203.0.113.7/32", SIM_IP(203, 0, 113, 7), 32 },
    { "172.16.0.0/12", "172.16.0.0/12", SIM_IP(172, 16, 0, 0), 12 },
    { "192.168.100.0/22", "192.168.100.0/22", SIM_IP(192, 168, 100, 0), 22 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ok); i++) {
    SimCidr c;
    g_autoptr(GError) error = NULL;
    g_assert_true(sim_cidr_parse(ok[i].text, TRUE, &c, &error));
    g_assert_no_error(error);
    g_assert_cmphex(c.net, ==, ok[i].net);
    g_assert_cmpuint(c.len, ==, ok[i].len);
    char buf[20];
    g_assert_cmpstr(sim_cidr_format(c, buf), ==, ok[i].canon);
  }
  /* host bits: refused when strict (with the corrected block suggested), cleared otherwise */
  SimCidr c;
  g_autoptr(GError) error = NULL;
  g_assert_false(sim_cidr_parse("10.0.0.1/16", TRUE, &c, &error));
  g_assert_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_HOST_BITS);
  g_assert_nonnull(strstr(error->message, "'10.0.0.1/16'"));
  g_assert_nonnull(strstr(error->message, "10.0.0.0/16"));
  g_assert_nonnull(strstr(error->message, "allowed:"));
  g_assert_true(sim_cidr_parse("10.0.0.1/16", FALSE, &c, NULL));
  g_assert_cmphex(c.net, ==, SIM_IP(10, 0, 0, 0));
  g_assert_cmpuint(c.len, ==, 16);
}

static void
test_cidr_errors(void)
{
  static const char *const bad[] = {
    "", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/016", "10.0.0.0/1a", "10.0.0.0/ 8",
    "10.0.0/8", "10.0.0.0//8", "10.0.0.0/8/8", "300.0.0.0/8", "x/8", "10.0.0.0/99999999999",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    SimCidr c;
    g_autoptr(GError) error = NULL;
    g_test_message("'%s'", bad[i]);
    g_assert_false(sim_cidr_parse(bad[i], FALSE, &c, &error));
    g_assert_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX);
    g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);
    g_assert_nonnull(strstr(error->message, quoted));
    g_assert_nonnull(strstr(error->message, "allowed:"));
  }
}

static SimCidr
cidr(const char *text)
{
  SimCidr c;
  g_assert_true(sim_cidr_parse(text, TRUE, &c, NULL));
  return c;
}

static void
test_contains_overlaps(void)
{
  SimCidr vpc = cidr("10.0.0.0/16");
  g_assert_true(sim_cidr_contains(vpc, SIM_IP(10, 0, 0, 0)));
  g_assert_true(sim_cidr_contains(vpc, SIM_IP(10, 0, 255, 255)));
  g_assert_false(sim_cidr_contains(vpc, SIM_IP(10, 1, 0, 0)));
  g_assert_false(sim_cidr_contains(vpc, SIM_IP(9, 255, 255, 255)));
  g_assert_true(sim_cidr_contains(cidr("0.0.0.0/0"), SIM_IP(203, 0, 113, 7)));
  g_assert_true(sim_cidr_contains(cidr("203.0.113.7/32"), SIM_IP(203, 0, 113, 7)));
  g_assert_false(sim_cidr_contains(cidr("203.0.113.7/32"), SIM_IP(203, 0, 113, 8)));

  g_assert_true(sim_cidr_overlaps(vpc, cidr("10.0.128.0/17")));
  g_assert_true(sim_cidr_overlaps(cidr("10.0.128.0/17"), vpc));
  g_assert_true(sim_cidr_overlaps(vpc, cidr("0.0.0.0/0")));
  g_assert_false(sim_cidr_overlaps(vpc, cidr("10.1.0.0/16")));
  g_assert_false(sim_cidr_overlaps(cidr("172.16.0.0/12"), cidr("172.32.0.0/16")));
  g_assert_true(sim_cidr_overlaps(cidr("172.16.0.0/12"), cidr("172.31.255.0/24")));
}

static void
test_nth_size_subnet(void)
{
  SimCidr vpc = cidr("10.0.0.0/16");
  g_assert_cmpuint(sim_cidr_size(vpc), ==, 65536);
  g_assert_cmpuint(sim_cidr_size(cidr("0.0.0.0/0")), ==, G_GUINT64_CONSTANT(4294967296));
  g_assert_cmpuint(sim_cidr_size(cidr("1.2.3.4/32")), ==, 1);
  g_assert_cmphex(sim_cidr_nth(vpc, 0), ==, SIM_IP(10, 0, 0, 0));
  g_assert_cmphex(sim_cidr_nth(vpc, 258), ==, SIM_IP(10, 0, 1, 2));
  SimCidr s = sim_cidr_subnet(vpc, 24, 3);
  char buf[20];
  g_assert_cmpstr(sim_cidr_format(s, buf), ==, "10.0.3.0/24");
  g_assert_cmpstr(sim_cidr_format(sim_cidr_subnet(vpc, 20, 2), buf), ==, "10.0.32.0/20");
  g_assert_cmpstr(sim_cidr_format(sim_cidr_subnet(vpc, 32, 5), buf), ==, "10.0.0.5/32");
  g_assert_cmpstr(sim_cidr_format(sim_cidr_subnet(vpc, 16, 0), buf), ==, "10.0.0.0/16");
  g_assert_cmpstr(sim_cidr_format(sim_cidr_subnet(cidr("0.0.0.0/0"), 1, 1), buf), ==, "128.0.0.0/1");
  g_assert_cmpstr(sim_cidr_format(sim_cidr_subnet(cidr("0.0.0.0/0"), 0, 0), buf), ==, "0.0.0.0/0");
  for (guint32 i = 0; i < 256; i++) {
    SimCidr sub = sim_cidr_subnet(vpc, 24, i);
    g_assert_true(sim_cidr_overlaps(sub, vpc));
    g_assert_true(sim_cidr_contains(vpc, sim_cidr_nth(sub, 255)));
    if (i > 0)
      g_assert_false(sim_cidr_overlaps(sub, sim_cidr_subnet(vpc, 24, i - 1)));
  }
}

static void
test_list(void)
{
  GArray *list = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(sim_cidr_list_parse("203.0.113.0/24, 198.51.100.7,", TRUE, &list, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(list->len, ==, 2);
  g_assert_true(sim_cidr_list_contains(list, SIM_IP(203, 0, 113, 99)));
  g_assert_true(sim_cidr_list_contains(list, SIM_IP(198, 51, 100, 7)));
  g_assert_false(sim_cidr_list_contains(list, SIM_IP(198, 51, 100, 8)));
  g_array_unref(list);

  static const char *const bad[] = { "", " ", ",", "10.0.0.0/8,,10.1.0.0/16", "10.0.0.0/8 10.1.0.0/16", "10.0.0.1/8" };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) e = NULL;
    GArray *l = NULL;
    g_test_message("'%s'", bad[i]);
    g_assert_false(sim_cidr_list_parse(bad[i], TRUE, &l, &e));
    g_assert_null(l);
    g_assert_nonnull(e);
    g_assert_nonnull(strstr(e->message, "allowed:"));
  }
}

static void
test_private(void)
{
  g_assert_true(sim_ip_is_private(SIM_IP(10, 1, 2, 3)));
  g_assert_true(sim_ip_is_private(SIM_IP(172, 16, 0, 1)));
  g_assert_true(sim_ip_is_private(SIM_IP(172, 31, 255, 255)));
  g_assert_false(sim_ip_is_private(SIM_IP(172, 32, 0, 0)));
  g_assert_false(sim_ip_is_private(SIM_IP(172, 15, 255, 255)));
  g_assert_true(sim_ip_is_private(SIM_IP(192, 168, 0, 1)));
  g_assert_false(sim_ip_is_private(SIM_IP(192, 169, 0, 1)));
  g_assert_false(sim_ip_is_private(SIM_IP(203, 0, 113, 7)));
  g_assert_false(sim_ip_is_private(SIM_IP(11, 0, 0, 1)));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/addr/ip-parse-format", test_ip_parse_format);
  g_test_add_func("/addr/ip-errors", test_ip_errors);
  g_test_add_func("/addr/cidr-parse-format", test_cidr_parse_format);
  g_test_add_func("/addr/cidr-errors", test_cidr_errors);
  g_test_add_func("/addr/contains-overlaps", test_contains_overlaps);
  g_test_add_func("/addr/nth-size-subnet", test_nth_size_subnet);
  g_test_add_func("/addr/list", test_list);
  g_test_add_func("/addr/private", test_private);
  return g_test_run();
}
