/* Probability distributions parsed from scenario text and sampled with GSL.
 *
 *   const(5ms)                      or just 5ms
 *   uniform(1ms, 3ms)               min < max
 *   exp(10ms)                       mean
 *   normal(20ms, 5ms)               mean, standard deviation; truncated at 0 (rejection-free:
 *                                   gsl_ran_gaussian_tail), so samples are never negative
 *   lognormal(median=20ms, sigma=0.5)
 *   gamma(shape=2, scale=5ms)       or gamma(shape=2, mean=10ms)
 *   weibull(shape=1.5, scale=10ms)
 *   pareto(shape=2.5, scale=10ms)   scale = minimum value
 *   empirical(file.csv)             resamples the values in the file (one per line, first CSV
 *                                   column, each with a unit; or bare numbers under a header
 *                                   ending in _ns, _us, _ms or _s; '#' starts a comment)
 *
 * Arguments may be positional (in the order above) or named (name=value). A distribution is
 * either a duration (location/scale arguments need a duration unit, samples are seconds) or
 * dimensionless (no units anywhere). Sampling uses gsl_ran_* only. A parsed SimDist is immutable
 * and reference-counted, so threads may share it.
 */
#ifndef EKSIM_CORE_DIST_H
#define EKSIM_CORE_DIST_H

#include <glib.h>

#include "core/rng.h"
#include "core/time.h"

#define SIM_DIST_ERROR (sim_dist_error_quark())
GQuark sim_dist_error_quark(void);

typedef enum {
  SIM_DIST_ERROR_SYNTAX,  /* not NAME(ARGS) */
  SIM_DIST_ERROR_UNKNOWN, /* unknown distribution name */
  SIM_DIST_ERROR_ARGS,    /* wrong number or names of arguments */
  SIM_DIST_ERROR_VALUE,   /* an argument is not a valid number/duration, or out of range */
  SIM_DIST_ERROR_FILE,    /* empirical: file unreadable or malformed */
} SimDistError;

typedef enum {
  SIM_DIST_DURATION,      /* values are durations; samples in seconds */
  SIM_DIST_DIMENSIONLESS, /* plain numbers */
} SimDistKind;

#define SIM_DIST_ALLOWED \
  "const(X), uniform(MIN, MAX), exp(MEAN), normal(MEAN, SD), lognormal(median=X, sigma=S), " \
  "gamma(shape=K, scale=X), weibull(shape=K, scale=X), pareto(shape=A, scale=X), empirical(FILE)"

typedef struct _SimDist SimDist;

/* Parses @text. @base_dir resolves relative empirical() paths (NULL: current directory). */
SimDist *sim_dist_parse(const char *text, SimDistKind kind, const char *base_dir, GError **error);
/* A constant (seconds for a duration). */
SimDist *sim_dist_new_const(SimDistKind kind, double value);

SimDist *sim_dist_ref(SimDist *dist);
void sim_dist_unref(SimDist *dist);

/* One draw, in seconds for durations. Constant distributions make no draw. */
double sim_dist_sample(const SimDist *dist, SimRng *rng);
/* One draw of a duration as SimTime (rounded to the nearest ns, never negative). */
SimTime sim_dist_sample_time(const SimDist *dist, SimRng *rng);

/* Analytic mean and variance (INFINITY where they do not exist, e.g. pareto with shape <= 1). */
double sim_dist_mean(const SimDist *dist);
double sim_dist_variance(const SimDist *dist);
/* TRUE for const(): every sample equals the mean. */
gboolean sim_dist_is_const(const SimDist *dist);
SimDistKind sim_dist_kind(const SimDist *dist);
/* The distribution's name ("exp", "lognormal", ...). */
const char *sim_dist_name(const SimDist *dist);
/* Canonical text, re-parseable: "lognormal(median=20ms, sigma=0.5)". */
const char *sim_dist_text(const SimDist *dist);

/* A copy with every duration scaled by @factor > 0 (link degradation, unit conversions). */
SimDist *sim_dist_scaled(const SimDist *dist, double factor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimDist, sim_dist_unref)

#endif
