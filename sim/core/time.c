/* Simulated time helpers: conversions at the edges of the integer-nanosecond clock. */
#include "core/time.h"

#include <math.h>

SimTime
sim_time_from_s(double seconds)
{
  double ns = seconds * 1e9;

  if (!(ns < 9.2e18)) /* also catches +inf and NaN */
    return SIM_TIME_NEVER;
  if (ns <= -9.2e18)
    return -SIM_TIME_NEVER;
  return (SimTime)llround(ns);
}

char *
sim_time_format(SimTime t)
{
  static const struct { SimTime unit; const char *name; } units[] = {
    { SIM_HOUR, "h" }, { SIM_MIN, "m" }, { SIM_S, "s" }, { SIM_MS, "ms" }, { SIM_US, "us" },
  };
  SimTime mag = t < 0 ? -t : t;

  if (t == SIM_TIME_NEVER)
    return g_strdup("never");
  if (t == 0)
    return g_strdup("0");
  for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
    /* the largest unit that represents t exactly, else the largest unit below |t| */
    if (mag % units[i].unit == 0)
      return g_strdup_printf("%" G_GINT64_FORMAT "%s", t / units[i].unit, units[i].name);
  }
  for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
    if (mag >= units[i].unit)
      return g_strdup_printf("%.6g%s", (double)t / (double)units[i].unit, units[i].name);
  }
  return g_strdup_printf("%" G_GINT64_FORMAT "ns", t);
}
