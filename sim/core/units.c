/* Quantities with units: one number, then one unit from a table. */
#include "core/units.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(sim-units-error-quark, sim_units_error)

typedef struct {
  const char *name;
  double scale;
} Unit;

static const Unit duration_units[] = {
  { "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1.0 }, { "m", 60.0 }, { "h", 3600.0 },
};
static const Unit rate_units[] = {
  { "/s", 1.0 }, { "/m", 1.0 / 60.0 }, { "/h", 1.0 / 3600.0 },
};
static const Unit bandwidth_units[] = {
  { "bps", 1.0 }, { "kbps", 1e3 }, { "Mbps", 1e6 }, { "Gbps", 1e9 },
};
static const Unit size_units[] = {
  { "B", 1.0 }, { "kB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 },
  { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
};

/* Splits "  12.5 ms " into 12.5 and "ms". The number must start with a digit, '.', '+' or '-'
 * (this refuses "nan", "inf" and friends before strtod sees them) and must not be hexadecimal. */
static gboolean
split_number(const char *text, double *value, const char **unit_start)
{
  const char *p = text;
  char *end = NULL;

  while (g_ascii_isspace(*p))
    p++;
  if (!(g_ascii_isdigit(*p) || *p == '.' || *p == '-' || *p == '+'))
    return FALSE;
  const char *digits = (*p == '-' || *p == '+') ? p + 1 : p;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    return FALSE;
  *value = g_ascii_strtod(p, &end);
  if (end == p || !isfinite(*value))
    return FALSE;
  while (g_ascii_isspace(*end))
    end++;
  *unit_start = end;
  return TRUE;
}

/* The unit text without trailing blanks must equal one table entry exactly. */
static const Unit *
find_unit(const Unit *units, gsize n, const char *unit, gsize len)
{
  for (gsize i = 0; i < n; i++) {
    if (strlen(units[i].name) == len && strncmp(units[i].name, unit, len) == 0)
      return &units[i];
  }
  return NULL;
}

static gsize
trimmed_len(const char *s)
{
  gsize len = strlen(s);
  while (len > 0 && g_ascii_isspace(s[len - 1]))
    len--;
  return len;
}

static gboolean
parse_with_units(const char *text, const Unit *units, gsize n, const char *what,
                 const char *allowed, gboolean zero_needs_no_unit, double *out, GError **error)
{
  double v;
  const char *unit;

  if (text == NULL) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_SYNTAX, "missing %s; allowed: %s", what,
                allowed);
    return FALSE;
  }
  if (!split_number(text, &v, &unit)) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_SYNTAX,
                "bad %s '%s': not a number followed by a unit; allowed: %s", what, text, allowed);
    return FALSE;
  }
  gsize len = trimmed_len(unit);
  if (len == 0) {
    if (zero_needs_no_unit && v == 0.0) {
      *out = 0.0;
      return TRUE;
    }
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_UNIT, "bad %s '%s': missing unit; allowed: %s",
                what, text, allowed);
    return FALSE;
  }
  const Unit *u = find_unit(units, n, unit, len);
  if (u == NULL) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_UNIT, "bad %s '%s': unknown unit '%.*s'; allowed: %s",
                what, text, (int)len, unit, allowed);
    return FALSE;
  }
  if (v < 0.0) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_RANGE, "bad %s '%s': must not be negative",
                what, text);
    return FALSE;
  }
  *out = v * u->scale;
  if (!isfinite(*out)) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_RANGE, "bad %s '%s': too large", what, text);
    return FALSE;
  }
  return TRUE;
}

gboolean
sim_units_parse_number(const char *text, double *out, GError **error)
{
  const char *rest;
  double v;

  if (text == NULL || !split_number(text, &v, &rest) || *rest != '\0') {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_SYNTAX,
                "'%s' is not a number; allowed: a decimal number such as 0.5", text ? text : "");
    return FALSE;
  }
  *out = v;
  return TRUE;
}

gboolean
sim_units_parse_seconds(const char *text, double *seconds, GError **error)
{
  return parse_with_units(text, duration_units, G_N_ELEMENTS(duration_units), "duration",
                          SIM_UNITS_DURATION_ALLOWED, TRUE, seconds, error);
}

gboolean
sim_units_parse_duration(const char *text, SimTime *out, GError **error)
{
  double s;

  if (!sim_units_parse_seconds(text, &s, error))
    return FALSE;
  if (s * 1e9 >= 9.2e18) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_RANGE,
                "bad duration '%s': too large (at most about 292 years)", text);
    return FALSE;
  }
  *out = sim_time_from_s(s);
  return TRUE;
}

gboolean
sim_units_parse_rate(const char *text, double *per_second, GError **error)
{
  return parse_with_units(text, rate_units, G_N_ELEMENTS(rate_units), "rate",
                          SIM_UNITS_RATE_ALLOWED, TRUE, per_second, error);
}

gboolean
sim_units_parse_bandwidth(const char *text, double *bits_per_second, GError **error)
{
  if (!parse_with_units(text, bandwidth_units, G_N_ELEMENTS(bandwidth_units), "bandwidth",
                        SIM_UNITS_BANDWIDTH_ALLOWED, FALSE, bits_per_second, error))
    return FALSE;
  if (*bits_per_second <= 0.0) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_RANGE,
                "bad bandwidth '%s': must be positive", text);
    return FALSE;
  }
  return TRUE;
}

gboolean
sim_units_parse_size(const char *text, guint64 *bytes, GError **error)
{
  double b;

  if (!parse_with_units(text, size_units, G_N_ELEMENTS(size_units), "size", SIM_UNITS_SIZE_ALLOWED,
                        TRUE, &b, error))
    return FALSE;
  if (b >= 1.8e19 || b != floor(b)) {
    g_set_error(error, SIM_UNITS_ERROR, SIM_UNITS_ERROR_RANGE,
                "bad size '%s': must be a whole number of bytes below 1.8e19", text);
    return FALSE;
  }
  *bytes = (guint64)b;
  return TRUE;
}

double
sim_units_duration_scale(const char *unit)
{
  const Unit *u = find_unit(duration_units, G_N_ELEMENTS(duration_units), unit, strlen(unit));
  return u ? u->scale : 0.0;
}
