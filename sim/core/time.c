/* Simulated time helpers: conversions at the edges of the integer-nanosecond clock. */
#include "core/time.h"

char *
sim_time_format(SimTime t)
{
  /* h and m only for whole multiples; s, ms and us with up to three decimals, so the text is
   * exact and short: 1500ms -> "1.5s", 90s -> "90s", 1234567ns -> "1234.567us" */
  static const struct {
    SimTime unit;
    SimTime step; /* the value must be a multiple of this */
    const char *name;
  } units[] = {
    { SIM_HOUR, SIM_HOUR, "h" }, { SIM_MIN, SIM_MIN, "m" }, { SIM_S, SIM_MS, "s" },
    { SIM_MS, SIM_US, "ms" },    { SIM_US, SIM_NS, "us" },
  };

  if (t == SIM_TIME_NEVER)
    return g_strdup("never");
  if (t == 0)
    return g_strdup("0");
  if (t == G_MININT64)
    return g_strdup_printf("%" G_GINT64_FORMAT "ns", t);
  SimTime mag = t < 0 ? -t : t;
  const char *sign = t < 0 ? "-" : "";
  for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
    if (mag < units[i].unit || mag % units[i].step != 0)
      continue;
    SimTime whole = mag / units[i].unit, frac = mag % units[i].unit;
    if (frac == 0)
      return g_strdup_printf("%s%" G_GINT64_FORMAT "%s", sign, whole, units[i].name);
    /* three decimals, trailing zeros dropped */
    SimTime milli = frac / (units[i].unit / 1000);
    int digits = 3;
    while (milli % 10 == 0) {
      milli /= 10;
      digits--;
    }
    return g_strdup_printf("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT "%s", sign, whole, digits, milli,
                           units[i].name);
  }
  return g_strdup_printf("%s%" G_GINT64_FORMAT "ns", sign, mag);
}
