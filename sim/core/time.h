/* Simulated time.
 *
 * Time is an integer count of nanoseconds since the start of a run (SimTime, signed 64-bit:
 * about 292 years). Integer time keeps event ordering exact and runs reproducible across
 * compilers and optimisation levels; it is converted to seconds only at the edges (statistics,
 * reports, plots).
 */
#ifndef EKSIM_CORE_TIME_H
#define EKSIM_CORE_TIME_H

#include <glib.h>

typedef gint64 SimTime;

#define SIM_NS ((SimTime)1)
#define SIM_US ((SimTime)1000)
#define SIM_MS ((SimTime)1000000)
#define SIM_S  ((SimTime)1000000000)
#define SIM_MIN (60 * SIM_S)
#define SIM_HOUR (3600 * SIM_S)
/* A time later than any event: "never" / "no deadline". */
#define SIM_TIME_NEVER G_MAXINT64

/* Seconds (double) to SimTime, rounded to the nearest nanosecond (halves away from zero, as
 * llround); saturates at +-SIM_TIME_NEVER, NaN gives SIM_TIME_NEVER. Inline because every
 * sampled delay goes through it: the fractional part ns - trunc(ns) is exact in binary64, so this
 * equals llround without the library call. */
static inline SimTime
sim_time_from_s(double seconds)
{
  double ns = seconds * 1e9;

  if (!(ns < 9.2e18)) /* also catches +inf and NaN */
    return SIM_TIME_NEVER;
  if (ns <= -9.2e18)
    return -SIM_TIME_NEVER;
  SimTime t = (SimTime)ns;
  double frac = ns - (double)t;
  /* comparisons as 0/1 values, not branches: the fractional part is random, a branch on it would
   * be mispredicted half of the time */
  return t + (SimTime)(frac >= 0.5) - (SimTime)(frac <= -0.5);
}

static inline double
sim_time_to_s(SimTime t)
{
  return (double)t / 1e9;
}

static inline double
sim_time_to_ms(SimTime t)
{
  return (double)t / 1e6;
}

/* Formats t as a short, exact human string ("1.5s", "20ms", "350us", "90s", "2m", "0", "never");
 * returns a new string. */
char *sim_time_format(SimTime t);

#endif
