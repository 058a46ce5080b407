/* Tests for sim/core/units: every unit of every quantity, and every way a value can be malformed. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/units.h"

static void
test_duration_units(void)
{
  static const struct {
    const char *text;
    SimTime ns;
  } cases[] = {
    { "10ns", 10 },
    { "100us", 100 * SIM_US },
    { "5ms", 5 * SIM_MS },
    { "1.5s", 1500 * SIM_MS },
    { "2m", 2 * SIM_MIN },
    { "1h", SIM_HOUR },
    { "0", 0 },
    { "0ms", 0 },
    { " 20 ms ", 20 * SIM_MS },     /* blanks around and between */
    { "0.5us", 500 },
    { ".5s", 500 * SIM_MS },
    { "+3ms", 3 * SIM_MS },
    { "1e3ms", SIM_S },
    { "2.5ns", 3 },                 /* rounded to the nearest ns, halves away from zero */
    { "350s", 350 * SIM_S },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    SimTime t = -1;
    g_test_message("%s", cases[i].text);
    g_assert_true(sim_units_parse_duration(cases[i].text, &t, &error));
    g_assert_no_error(error);
    g_assert_cmpint(t, ==, cases[i].ns);
  }
  double s = 0;
  g_assert_true(sim_units_parse_seconds("250ms", &s, NULL));
  g_assert_cmpfloat_with_epsilon(s, 0.25, 1e-15);
  g_assert_cmpfloat(sim_units_duration_scale("us"), ==, 1e-6);
  g_assert_cmpfloat(sim_units_duration_scale("h"), ==, 3600.0);
  g_assert_cmpfloat(sim_units_duration_scale("parsec"), ==, 0.0);
}

static void
test_rate_units(void)
{
  double r = -1;
  g_assert_true(sim_units_parse_rate("2/s", &r, NULL));
  g_assert_cmpfloat(r, ==, 2.0);
  g_assert_true(sim_units_parse_rate("120/m", &r, NULL));
  g_assert_cmpfloat_with_epsilon(r, 2.0, 1e-12);
  g_assert_true(sim_units_parse_rate("36 /h", &r, NULL));
  g_assert_cmpfloat_with_epsilon(r, 0.01, 1e-15);
  g_assert_true(sim_units_parse_rate("0", &r, NULL));
  g_assert_cmpfloat(r, ==, 0.0);
}

static void
test_bandwidth_units(void)
{
  static const struct {
    const char *text;
    double bps;
  } cases[] = {
    { "1000bps", 1e3 }, { "64kbps", 64e3 }, { "100Mbps", 100e6 }, { "5 Gbps", 5e9 }, { "1.5Gbps", 1.5e9 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    double v = -1;
    g_assert_true(sim_units_parse_bandwidth(cases[i].text, &v, NULL));
    g_assert_cmpfloat(v, ==, cases[i].bps);
  }
}

static void
test_size_units(void)
{
  static const struct {
    const char *text;
    guint64 bytes;
  } cases[] = {
    { "1500B", 1500 }, { "2kB", 2000 }, { "1MB", 1000000 }, { "3GB", 3000000000u },
    { "64KiB", 65536 }, { "1MiB", 1048576 }, { "2GiB", G_GUINT64_CONSTANT(2147483648) },
    { "1.5KiB", 1536 }, { "0", 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    guint64 v = 1;
    g_assert_true(sim_units_parse_size(cases[i].text, &v, NULL));
    g_assert_cmpuint(v, ==, cases[i].bytes);
  }
}

static void
test_number(void)
{
  double v = 0;
  g_assert_true(sim_units_parse_number(" 0.5 ", &v, NULL));
  g_assert_cmpfloat(v, ==, 0.5);
  g_assert_true(sim_units_parse_number("-2e-3", &v, NULL));
  g_assert_cmpfloat(v, ==, -2e-3);
  static const char *const bad[] = { "", "abc", "1ms", "nan", "inf", "-inf", "0x10", "1,5", "1e999", "1 2" };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_assert_false(sim_units_parse_number(bad[i], &v, &error));
    g_assert_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_SYNTAX);
    g_assert_nonnull(strstr(error->message, "allowed:"));
  }
  g_autoptr(GError) error = NULL;
  g_assert_false(sim_units_parse_number(NULL, &v, &error));
  g_assert_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_SYNTAX);
}

typedef gboolean (*ParseFunc)(const char *text, GError **error);

static gboolean
parse_duration(const char *text, GError **error)
{
  SimTime t;
  return sim_units_parse_duration(text, &t, error);
}

static gboolean
parse_rate(const char *text, GError **error)
{
  double v;
  return sim_units_parse_rate(text, &v, error);
}

static gboolean
parse_bandwidth(const char *text, GError **error)
{
  double v;
  return sim_units_parse_bandwidth(text, &v, error);
}

static gboolean
parse_size(const char *text, GError **error)
{
  guint64 v;
  return sim_units_parse_size(text, &v, error);
}

/* One malformed value: refused with @code, and the message names the text and what is allowed
 * (range errors say what is wrong instead). */
static void
check_bad(ParseFunc parse, const char *text, int code, const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_test_message("'%s'", text ? text : "(null)");
  g_assert_false(parse(text, &error));
  g_assert_error(error, SIM_UNITS_ERROR, code);
  if (text != NULL && *text != '\0') {
    g_autofree char *quoted = g_strdup_printf("'%s'", text);
    g_assert_nonnull(strstr(error->message, quoted));
  }
  /* range errors say what is wrong; the caller knows the allowed range and appends it */
  if (code != SIM_UNITS_ERROR_RANGE)
    g_assert_nonnull(strstr(error->message, "allowed:"));
  if (fragment != NULL)
    g_assert_nonnull(strstr(error->message, fragment));
  g_assert_null(strchr(error->message, '\n'));
}

static void
test_duration_errors(void)
{
  check_bad(parse_duration, NULL, SIM_UNITS_ERROR_SYNTAX, "missing duration");
  check_bad(parse_duration, "", SIM_UNITS_ERROR_SYNTAX, "ns, us, ms, s, m, h");
  check_bad(parse_duration, "ms", SIM_UNITS_ERROR_SYNTAX, "not a number");
  check_bad(parse_duration, "abc", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "five ms", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "nanms", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "infs", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "0x10ms", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "1e999s", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_duration, "5", SIM_UNITS_ERROR_UNIT, "missing unit");
  check_bad(parse_duration, "5 ", SIM_UNITS_ERROR_UNIT, "missing unit");
  check_bad(parse_duration, "5sec", SIM_UNITS_ERROR_UNIT, "unknown unit 'sec'");
  check_bad(parse_duration, "5MS", SIM_UNITS_ERROR_UNIT, "unknown unit 'MS'");
  check_bad(parse_duration, "5 m s", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_duration, "5ms5", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_duration, "5/s", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_duration, "1,5ms", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_duration, "-5ms", SIM_UNITS_ERROR_RANGE, "must not be negative");
  check_bad(parse_duration, "1e12h", SIM_UNITS_ERROR_RANGE, "too large");
  check_bad(parse_duration, "1e308h", SIM_UNITS_ERROR_RANGE, "too large");
}

static void
test_rate_errors(void)
{
  check_bad(parse_rate, "2", SIM_UNITS_ERROR_UNIT, "/s, /m, /h");
  check_bad(parse_rate, "2/d", SIM_UNITS_ERROR_UNIT, "unknown unit '/d'");
  check_bad(parse_rate, "2 per s", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_rate, "2s", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_rate, "/s", SIM_UNITS_ERROR_SYNTAX, NULL);
  check_bad(parse_rate, "-1/s", SIM_UNITS_ERROR_RANGE, "negative");
}

static void
test_bandwidth_errors(void)
{
  check_bad(parse_bandwidth, "100", SIM_UNITS_ERROR_UNIT, "bps, kbps, Mbps, Gbps");
  check_bad(parse_bandwidth, "0", SIM_UNITS_ERROR_UNIT, NULL); /* 0 needs a unit here, and is refused */
  check_bad(parse_bandwidth, "100MBps", SIM_UNITS_ERROR_UNIT, "unknown unit 'MBps'");
  check_bad(parse_bandwidth, "100mbps", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_bandwidth, "0Mbps", SIM_UNITS_ERROR_RANGE, "must be positive");
  check_bad(parse_bandwidth, "-1Gbps", SIM_UNITS_ERROR_RANGE, NULL);
}

static void
test_size_errors(void)
{
  check_bad(parse_size, "1500", SIM_UNITS_ERROR_UNIT, "B, kB, MB, GB, KiB, MiB, GiB");
  check_bad(parse_size, "1500b", SIM_UNITS_ERROR_UNIT, "unknown unit 'b'");
  check_bad(parse_size, "1KB", SIM_UNITS_ERROR_UNIT, NULL);
  check_bad(parse_size, "1.3B", SIM_UNITS_ERROR_RANGE, "whole number");
  check_bad(parse_size, "-1B", SIM_UNITS_ERROR_RANGE, NULL);
  check_bad(parse_size, "1e30GB", SIM_UNITS_ERROR_RANGE, NULL);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/units/duration", test_duration_units);
  g_test_add_func("/units/rate", test_rate_units);
  g_test_add_func("/units/bandwidth", test_bandwidth_units);
  g_test_add_func("/units/size", test_size_units);
  g_test_add_func("/units/number", test_number);
  g_test_add_func("/units/duration-errors", test_duration_errors);
  g_test_add_func("/units/rate-errors", test_rate_errors);
  g_test_add_func("/units/bandwidth-errors", test_bandwidth_errors);
  g_test_add_func("/units/size-errors", test_size_errors);
  return g_test_run();
}
