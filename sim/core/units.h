/* Quantities with units, as written in scenario files.
 *
 *   duration   "5ms", "1.5 s", "350s", "2m", "1h", "100us", "10ns"; "0" needs no unit
 *   rate       "2/s", "120/m", "10/h"  (events per unit of time)
 *   bandwidth  "100Mbps", "1Gbps", "5 Gbps", "64kbps", "1000bps"  (bits per second, SI prefixes)
 *   size       "1500B", "64KiB", "1MiB", "2kB", "1MB"  (bytes; KiB/MiB/GiB binary, kB/MB/GB SI)
 *
 * Numbers are read with g_ascii_strtod (locale-independent); NaN, infinities and hexadecimal
 * forms are refused. Errors are SIM_UNITS_ERROR and name the text; SYNTAX and UNIT errors end with
 * "; allowed: ..." (the forms above), RANGE errors only say what is wrong, because the caller
 * knows the range it allows (1ms..8760h, say) and appends it.
 */
#ifndef EKSIM_CORE_UNITS_H
#define EKSIM_CORE_UNITS_H

#include <glib.h>

#include "core/time.h"

#define SIM_UNITS_ERROR (sim_units_error_quark())
GQuark sim_units_error_quark(void);

typedef enum {
  SIM_UNITS_ERROR_SYNTAX,   /* not a number followed by a unit */
  SIM_UNITS_ERROR_UNIT,     /* missing or unknown unit */
  SIM_UNITS_ERROR_RANGE,    /* negative, or too large */
} SimUnitsError;

/* Allowed-unit lists, for error messages written elsewhere. */
#define SIM_UNITS_DURATION_ALLOWED "a number with a unit: ns, us, ms, s, m, h (e.g. 20ms)"
#define SIM_UNITS_RATE_ALLOWED "a number per unit of time: /s, /m, /h (e.g. 2/s)"
#define SIM_UNITS_BANDWIDTH_ALLOWED "a number with a unit: bps, kbps, Mbps, Gbps (e.g. 100Mbps)"
#define SIM_UNITS_SIZE_ALLOWED "a number with a unit: B, kB, MB, GB, KiB, MiB, GiB (e.g. 1500B)"

/* Reads a plain finite decimal number filling the whole of @text (surrounding blanks allowed). */
gboolean sim_units_parse_number(const char *text, double *out, GError **error);

/* Duration in seconds (double), non-negative. */
gboolean sim_units_parse_seconds(const char *text, double *seconds, GError **error);
/* Duration as SimTime (nanoseconds, rounded), non-negative. */
gboolean sim_units_parse_duration(const char *text, SimTime *out, GError **error);
/* Rate in events per second, non-negative. */
gboolean sim_units_parse_rate(const char *text, double *per_second, GError **error);
/* Bandwidth in bits per second, positive. */
gboolean sim_units_parse_bandwidth(const char *text, double *bits_per_second, GError **error);
/* Size in bytes, non-negative, whole. */
gboolean sim_units_parse_size(const char *text, guint64 *bytes, GError **error);

/* The scale of a duration unit in seconds ("ms" -> 1e-3); 0 if @unit is not one. */
double sim_units_duration_scale(const char *unit);

#endif
