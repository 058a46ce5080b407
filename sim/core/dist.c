/* Distributions: a small table of known names and parameters, a parser for NAME(ARGS), and
 * sampling through gsl_ran_*. Analytic moments are provided for reports and tests. */
#include "core/dist.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <string.h>

#include "core/units.h"

G_DEFINE_QUARK(sim-dist-error-quark, sim_dist_error)

typedef enum {
  D_CONST,
  D_UNIFORM,
  D_EXP,
  D_NORMAL,
  D_LOGNORMAL,
  D_GAMMA,
  D_WEIBULL,
  D_PARETO,
  D_EMPIRICAL,
} DistType;

typedef struct {
  const char *name;
  const char *alias;  /* an alternative name for this parameter, or NULL */
  gboolean has_unit;  /* carries the distribution's unit (durations) */
} ParamSpec;

typedef struct {
  const char *name;
  DistType type;
  guint nparams;
  ParamSpec params[2];
  const char *usage;
} DistSpec;

static const DistSpec specs[] = {
  { "const", D_CONST, 1, { { "value", NULL, TRUE } }, "const(X)" },
  { "uniform", D_UNIFORM, 2, { { "min", NULL, TRUE }, { "max", NULL, TRUE } }, "uniform(MIN, MAX)" },
  { "exp", D_EXP, 1, { { "mean", NULL, TRUE } }, "exp(MEAN)" },
  { "normal", D_NORMAL, 2, { { "mean", NULL, TRUE }, { "sd", NULL, TRUE } }, "normal(MEAN, SD)" },
  { "lognormal", D_LOGNORMAL, 2, { { "median", NULL, TRUE }, { "sigma", NULL, FALSE } },
    "lognormal(median=X, sigma=S)" },
  { "gamma", D_GAMMA, 2, { { "shape", NULL, FALSE }, { "scale", "mean", TRUE } },
    "gamma(shape=K, scale=X) or gamma(shape=K, mean=X)" },
  { "weibull", D_WEIBULL, 2, { { "shape", NULL, FALSE }, { "scale", NULL, TRUE } },
    "weibull(shape=K, scale=X)" },
  { "pareto", D_PARETO, 2, { { "shape", NULL, FALSE }, { "scale", NULL, TRUE } },
    "pareto(shape=A, scale=X)" },
  { "empirical", D_EMPIRICAL, 1, { { "file", NULL, FALSE } }, "empirical(FILE)" },
};

struct _SimDist {
  gatomicrefcount ref;
  const DistSpec *spec;
  SimDistKind kind;
  double p[2];        /* parameters in base units (seconds for durations) */
  double *samples;    /* empirical */
  gsize nsamples;
  char *text;
};

static SimDist *
dist_alloc(const DistSpec *spec, SimDistKind kind)
{
  SimDist *d = g_new0(SimDist, 1);
  g_atomic_ref_count_init(&d->ref);
  d->spec = spec;
  d->kind = kind;
  return d;
}

SimDist *
sim_dist_ref(SimDist *dist)
{
  g_return_val_if_fail(dist != NULL, NULL);
  g_atomic_ref_count_inc(&dist->ref);
  return dist;
}

void
sim_dist_unref(SimDist *dist)
{
  if (dist == NULL)
    return;
  if (g_atomic_ref_count_dec(&dist->ref)) {
    g_free(dist->samples);
    g_free(dist->text);
    g_free(dist);
  }
}

/* A value in the distribution's unit with the fewest significant digits (at least 9 are tried
 * first, as a person would write it) that parse back to exactly the same double, so that the
 * canonical text describes the very distribution it came from: with a fixed 9 digits,
 * uniform(1, 1.0000000001) came back as uniform(1, 1), which is not even valid. */
static char *
format_value(SimDistKind kind, gboolean has_unit, double v)
{
  const char *unit = "";
  double shown = v;

  if (kind == SIM_DIST_DIMENSIONLESS || !has_unit || v == 0.0)
    has_unit = FALSE;
  else if (v >= 1.0)
    unit = "s";
  else if (v >= 1e-3)
    unit = "ms", shown = v * 1e3;
  else if (v >= 1e-6)
    unit = "us", shown = v * 1e6;
  else
    unit = "ns", shown = v * 1e9;
  for (int digits = 9; digits <= 17; digits++) {
    char *text = g_strdup_printf("%.*g%s", digits, shown, unit);
    double back;
    gboolean ok = has_unit ? sim_units_parse_seconds(text, &back, NULL)
                           : sim_units_parse_number(text, &back, NULL);
    if (ok && back == v)
      return text;
    g_free(text);
  }
  /* scaling to ms/us/ns and back can miss v by an ulp at every precision; plain seconds with
   * 17 digits always round-trip */
  return g_strdup_printf(has_unit ? "%.17gs" : "%.17g", v);
}

static void
set_canonical_text(SimDist *d, const char *file)
{
  GString *s = g_string_new(d->spec->name);

  g_string_append_c(s, '(');
  if (d->spec->type == D_EMPIRICAL) {
    g_string_append(s, file);
  } else {
    for (guint i = 0; i < d->spec->nparams; i++) {
      g_autofree char *v = format_value(d->kind, d->spec->params[i].has_unit, d->p[i]);
      if (i > 0)
        g_string_append(s, ", ");
      if (d->spec->nparams > 1)
        g_string_append_printf(s, "%s=", d->spec->params[i].name);
      g_string_append(s, v);
    }
  }
  g_string_append_c(s, ')');
  d->text = g_string_free(s, FALSE);
}

static gboolean
parse_value(const char *dist_text, const DistSpec *spec, guint i, SimDistKind kind, const char *arg,
            double *out, GError **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (kind == SIM_DIST_DURATION && spec->params[i].has_unit)
    ok = sim_units_parse_seconds(arg, out, &local);
  else
    ok = sim_units_parse_number(arg, out, &local);
  if (!ok) {
    /* the units message says what the value should look like; range errors also need the usage */
    gboolean has_allowed = strstr(local->message, "allowed:") != NULL;
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_VALUE, "bad distribution '%s': %s: %s%s%s",
                dist_text, spec->params[i].name, local->message, has_allowed ? "" : "; allowed: ",
                has_allowed ? "" : spec->usage);
    return FALSE;
  }
  if (*out == 0.0)
    *out = 0.0; /* "-0ms" is zero: a negative zero would print as "-0" and change signs downstream */
  return TRUE;
}

static gboolean
check_range(const char *text, SimDist *d, GError **error)
{
  const char *why = NULL;
  double a = d->p[0], b = d->p[1];

  switch (d->spec->type) {
  case D_CONST:
    break;
  case D_UNIFORM:
    if (!(a < b))
      why = "min must be less than max";
    break;
  case D_EXP:
    if (!(a > 0))
      why = "mean must be positive";
    break;
  case D_NORMAL:
    if (!(b > 0))
      why = "sd must be positive";
    break;
  case D_LOGNORMAL:
    if (!(a > 0))
      why = "median must be positive";
    else if (!(b > 0))
      why = "sigma must be positive";
    break;
  case D_GAMMA:
  case D_WEIBULL:
  case D_PARETO:
    if (!(a > 0))
      why = "shape must be positive";
    else if (!(b > 0))
      why = "scale must be positive";
    break;
  case D_EMPIRICAL:
    break;
  }
  if (why != NULL) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_VALUE, "bad distribution '%s': %s; allowed: %s",
                text, why, d->spec->usage);
    return FALSE;
  }
  return TRUE;
}

/* Reads an empirical sample file. Lines: first CSV field is the value; '#' starts a comment; a
 * first non-numeric line is a header, whose _ns/_us/_ms/_s suffix gives bare numbers a unit. */
static gboolean
load_empirical(SimDist *d, const char *text, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) values = g_array_new(FALSE, FALSE, sizeof(double));
  double bare_scale = d->kind == SIM_DIST_DIMENSIONLESS ? 1.0 : 0.0;
  gboolean seen_data = FALSE, seen_header = FALSE;

  /* a FIFO or a device (/dev/zero) would block or never end: sample files are regular files */
  if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_FILE,
                "bad distribution '%s': %s is not a regular file", text, path);
    return FALSE;
  }
  if (!g_file_get_contents(path, &contents, NULL, &local)) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_FILE, "bad distribution '%s': %s", text,
                local->message);
    return FALSE;
  }
  g_auto(GStrv) lines = g_strsplit(contents, "\n", -1);
  for (guint ln = 0; lines[ln] != NULL; ln++) {
    char *line = lines[ln];
    char *hash = strchr(line, '#');
    if (hash)
      *hash = '\0';
    char *comma = strchr(line, ',');
    if (comma)
      *comma = '\0';
    g_strstrip(line);
    if (*line == '\0')
      continue;

    double v, num;
    const char *why = NULL;
    if (sim_units_parse_number(line, &num, NULL)) {
      if (bare_scale == 0.0)
        why = "a number without a unit (give a unit, or a header ending in _ns, _us, _ms or _s)";
      else
        v = num * bare_scale;
    } else if (d->kind == SIM_DIST_DURATION && sim_units_parse_seconds(line, &v, NULL)) {
      /* a value with its own unit */
    } else if (!seen_data && !seen_header) {
      seen_header = TRUE;
      const char *us = strrchr(line, '_');
      double scale = us ? sim_units_duration_scale(us + 1) : 0.0;
      if (d->kind == SIM_DIST_DURATION && scale > 0.0 && scale <= 1.0)
        bare_scale = scale;
      continue;
    } else {
      why = d->kind == SIM_DIST_DURATION ? "not a duration" : "not a number";
    }
    if (why == NULL && !isfinite(v))
      why = "not finite";
    if (why == NULL && d->kind == SIM_DIST_DURATION && v < 0)
      why = "negative";
    if (why != NULL) {
      g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_FILE,
                  "bad distribution '%s': %s:%u: '%s' is %s", text, path, ln + 1, line, why);
      return FALSE;
    }
    seen_data = TRUE;
    g_array_append_val(values, v);
  }
  if (values->len == 0) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_FILE,
                "bad distribution '%s': %s holds no values", text, path);
    return FALSE;
  }
  d->nsamples = values->len;
  d->samples = (double *)g_array_free(g_steal_pointer(&values), FALSE);
  return TRUE;
}

SimDist *
sim_dist_new_const(SimDistKind kind, double value)
{
  SimDist *d = dist_alloc(&specs[0], kind);
  d->p[0] = value;
  set_canonical_text(d, NULL);
  return d;
}

SimDist *
sim_dist_parse(const char *text_in, SimDistKind kind, const char *base_dir, GError **error)
{
  g_return_val_if_fail(text_in != NULL, NULL);
  g_autofree char *text = g_strstrip(g_strdup(text_in));
  const char *open = strchr(text, '(');

  if (*text == '\0') {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_SYNTAX,
                "empty distribution; allowed: " SIM_DIST_ALLOWED);
    return NULL;
  }
  if (open == NULL) {
    /* a bare value is a constant */
    SimDist *d = dist_alloc(&specs[0], kind);
    if (!parse_value(text, &specs[0], 0, kind, text, &d->p[0], error)) {
      sim_dist_unref(d);
      return NULL;
    }
    set_canonical_text(d, NULL);
    return d;
  }
  gsize len = strlen(text);
  if (text[len - 1] != ')' || strchr(open + 1, '(') != NULL) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_SYNTAX,
                "bad distribution '%s': expected NAME(ARGS); allowed: " SIM_DIST_ALLOWED, text);
    return NULL;
  }
  g_autofree char *name = g_strstrip(g_strndup(text, (gsize)(open - text)));
  g_autofree char *inner = g_strstrip(g_strndup(open + 1, len - 2 - (gsize)(open - text)));
  if (strchr(inner, ')') != NULL) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_SYNTAX,
                "bad distribution '%s': expected NAME(ARGS); allowed: " SIM_DIST_ALLOWED, text);
    return NULL;
  }
  const DistSpec *spec = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++) {
    if (strcmp(specs[i].name, name) == 0)
      spec = &specs[i];
  }
  if (spec == NULL) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_UNKNOWN,
                "bad distribution '%s': unknown distribution '%s'; allowed: " SIM_DIST_ALLOWED, text,
                name);
    return NULL;
  }

  g_autoptr(SimDist) d = dist_alloc(spec, kind);
  if (spec->type == D_EMPIRICAL) {
    const char *file = g_str_has_prefix(inner, "file=") ? inner + 5 : inner;
    if (*file == '\0') {
      g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_ARGS,
                  "bad distribution '%s': missing file name; allowed: %s", text, spec->usage);
      return NULL;
    }
    g_autofree char *path = g_path_is_absolute(file) || base_dir == NULL
                                ? g_strdup(file) : g_build_filename(base_dir, file, NULL);
    if (!load_empirical(d, text, path, error))
      return NULL;
    set_canonical_text(d, file);
    return g_steal_pointer(&d);
  }

  g_auto(GStrv) args = g_strsplit(inner, ",", -1);
  guint nargs = g_strv_length(args);
  if (*inner == '\0')
    nargs = 0;
  if (nargs != spec->nparams) {
    g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_ARGS,
                "bad distribution '%s': %s takes %u argument%s, got %u; allowed: %s", text,
                spec->name, spec->nparams, spec->nparams == 1 ? "" : "s", nargs, spec->usage);
    return NULL;
  }
  gboolean seen[2] = { FALSE, FALSE };
  gboolean alias_used = FALSE;
  for (guint a = 0; a < nargs; a++) {
    char *arg = g_strstrip(args[a]);
    char *eq = strchr(arg, '=');
    guint idx = a;
    if (eq != NULL) {
      *eq = '\0';
      char *key = g_strstrip(arg);
      arg = g_strstrip(eq + 1);
      idx = G_MAXUINT;
      for (guint i = 0; i < spec->nparams; i++) {
        if (strcmp(spec->params[i].name, key) == 0)
          idx = i;
        else if (spec->params[i].alias && strcmp(spec->params[i].alias, key) == 0) {
          idx = i;
          alias_used = TRUE;
        }
      }
      if (idx == G_MAXUINT) {
        g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_ARGS,
                    "bad distribution '%s': %s has no parameter '%s'; allowed: %s", text,
                    spec->name, key, spec->usage);
        return NULL;
      }
    }
    if (seen[idx]) {
      g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_ARGS,
                  "bad distribution '%s': parameter '%s' given twice; allowed: %s", text,
                  spec->params[idx].name, spec->usage);
      return NULL;
    }
    seen[idx] = TRUE;
    if (!parse_value(text, spec, idx, kind, arg, &d->p[idx], error))
      return NULL;
  }
  if (spec->type == D_GAMMA && alias_used && d->p[0] > 0 && d->p[1] > 0) {
    d->p[1] /= d->p[0]; /* gamma(shape=K, mean=X): scale = mean / shape */
    if (!(d->p[1] > 0) || !isfinite(d->p[1])) {
      g_set_error(error, SIM_DIST_ERROR, SIM_DIST_ERROR_VALUE,
                  "bad distribution '%s': scale = mean / shape is %s; allowed: %s", text,
                  d->p[1] > 0 ? "too large to represent" : "too small to represent",
                  spec->usage);
      return NULL;
    }
  }
  if (!check_range(text, d, error))
    return NULL;
  set_canonical_text(d, NULL);
  return g_steal_pointer(&d);
}

/* The normal distribution truncated at 0, with alpha = -mean/sd the standard point of truncation.
 * Below NORMAL_UNTRUNCATED_BELOW the mass below 0 is under 1e-300 and truncation changes nothing
 * (and GSL's hazard function would abort on the underflowing pdf); above NORMAL_EXP_TAIL_ABOVE
 * the formulas cancel and the tail is exponential with mean sd / alpha. In between, the moments
 * use gsl_sf_hazard, pdf(alpha) / Q(alpha), stable where Q underflows. */
#define NORMAL_UNTRUNCATED_BELOW (-37.0)
#define NORMAL_EXP_TAIL_ABOVE 1e3

double
sim_dist_sample(const SimDist *d, SimRng *rng)
{
  gsl_rng *r;

  if (d->spec->type == D_CONST)
    return d->p[0];
  r = sim_rng_gsl(rng);
  switch (d->spec->type) {
  case D_UNIFORM:
    return gsl_ran_flat(r, d->p[0], d->p[1]);
  case D_EXP:
    return gsl_ran_exponential(r, d->p[0]);
  case D_NORMAL: {
    /* N(mean, sd) conditioned on >= 0: mean + a N(0, sd) draw conditioned on >= -mean. When 0 is
     * more than 1e3 sd above the mean, mean + draw cancels to noise (and beyond 1e150 GSL's tail
     * sampler never ends, s * s overflowing); there the tail is exponential with mean sd / s
     * (s = -mean/sd, relative error about 2 / s^2), which is what we draw. */
    double s = -d->p[0] / d->p[1];
    if (s > NORMAL_EXP_TAIL_ABOVE)
      return gsl_ran_exponential(r, d->p[1] / s);
    return d->p[0] + gsl_ran_gaussian_tail(r, -d->p[0], d->p[1]);
  }
  case D_LOGNORMAL:
    return gsl_ran_lognormal(r, log(d->p[0]), d->p[1]);
  case D_GAMMA:
    /* a unit-scale draw, then the scale: GSL multiplies the scale in before its shape < 1 factor
     * u^(1/shape), so gamma(shape=1e-300, scale=1e308) gave inf * 0 = NaN (found by the fuzzer) */
    return d->p[1] * gsl_ran_gamma(r, d->p[0], 1.0);
  case D_WEIBULL:
    return gsl_ran_weibull(r, d->p[1], d->p[0]);
  case D_PARETO:
    return gsl_ran_pareto(r, d->p[0], d->p[1]);
  case D_EMPIRICAL:
    return d->samples[gsl_rng_uniform_int(r, d->nsamples)];
  case D_CONST:
    break;
  }
  return d->p[0];
}

SimTime
sim_dist_sample_time(const SimDist *d, SimRng *rng)
{
  SimTime t = sim_time_from_s(sim_dist_sample(d, rng));
  return t < 0 ? 0 : t;
}

/* Gamma(x) without GSL's overflow error (which aborts): INFINITY when it does not fit. */
static double
gamma_or_inf(double x)
{
  if (!(x < 171.0))
    return INFINITY;
  return gsl_sf_gamma(x);
}

double
sim_dist_mean(const SimDist *d)
{
  double a = d->p[0], b = d->p[1];

  switch (d->spec->type) {
  case D_CONST:
    return a;
  case D_UNIFORM:
    return (a + b) / 2;
  case D_EXP:
    return a;
  case D_NORMAL: {
    /* truncated at 0; far below 0 the difference cancels, and the mean is never negative */
    double alpha = -a / b;
    if (alpha > NORMAL_EXP_TAIL_ABOVE)
      return b / alpha;
    if (alpha < NORMAL_UNTRUNCATED_BELOW)
      return a; /* alpha may be -inf here: sd subnormal next to the mean */
    return MAX(0.0, a + b * gsl_sf_hazard(alpha));
  }
  case D_LOGNORMAL:
    return exp(log(a) + b * b / 2); /* in logs: a tiny median times a huge factor stays finite */
  case D_GAMMA:
    return a * b;
  case D_WEIBULL:
    return b * gamma_or_inf(1 + 1 / a);
  case D_PARETO:
    return a > 1 ? a * b / (a - 1) : INFINITY;
  case D_EMPIRICAL: {
    double s = 0;
    for (gsize i = 0; i < d->nsamples; i++)
      s += d->samples[i];
    return s / (double)d->nsamples;
  }
  }
  return NAN;
}

double
sim_dist_variance(const SimDist *d)
{
  double a = d->p[0], b = d->p[1];

  switch (d->spec->type) {
  case D_CONST:
    return 0;
  case D_UNIFORM:
    return (b - a) * (b - a) / 12;
  case D_EXP:
    return a * a;
  case D_NORMAL: {
    double alpha = -a / b;
    if (alpha > NORMAL_EXP_TAIL_ABOVE)
      return (b / alpha) * (b / alpha);
    /* the fuzzer found normal(1, 2e-313): alpha = -inf, and alpha * lambda would be -inf * 0 */
    if (alpha < NORMAL_UNTRUNCATED_BELOW)
      return b * b;
    double lambda = gsl_sf_hazard(alpha);
    return MAX(0.0, b * b * (1 + alpha * lambda - lambda * lambda));
  }
  case D_LOGNORMAL: {
    /* (e^(s^2) - 1) m^2 e^(s^2), in logs so that 0 * inf never happens */
    double s2 = b * b;
    return exp(2 * log(a) + s2 + (s2 > 700 ? s2 : log(expm1(s2))));
  }
  case D_GAMMA:
    return a * b * b;
  case D_WEIBULL: {
    /* b^2 (G(1+2/a) - G(1+1/a)^2), written as (b G(1+1/a))^2 expm1(lnG(1+2/a) - 2 lnG(1+1/a)):
     * for a large shape the plain difference cancels and could come out negative (the fuzzer
     * found weibull(6.7e10, ...)); what rounding still leaves at or below 0 is 0 */
    double g2 = gamma_or_inf(1 + 2 / a);
    if (isinf(g2))
      return INFINITY;
    double e = expm1(gsl_sf_lngamma(1 + 2 / a) - 2 * gsl_sf_lngamma(1 + 1 / a));
    if (!(e > 0))
      return 0;
    double bg1 = b * gamma_or_inf(1 + 1 / a);
    return bg1 * bg1 * e;
  }
  case D_PARETO:
    return a > 2 ? b * b * a / ((a - 1) * (a - 1) * (a - 2)) : INFINITY;
  case D_EMPIRICAL: {
    double m = sim_dist_mean(d), s = 0;
    for (gsize i = 0; i < d->nsamples; i++)
      s += (d->samples[i] - m) * (d->samples[i] - m);
    return s / (double)d->nsamples;
  }
  }
  return NAN;
}

gboolean
sim_dist_is_const(const SimDist *d)
{
  return d->spec->type == D_CONST;
}

SimDistKind
sim_dist_kind(const SimDist *d)
{
  return d->kind;
}

const char *
sim_dist_name(const SimDist *d)
{
  return d->spec->name;
}

const char *
sim_dist_text(const SimDist *d)
{
  return d->text;
}

SimDist *
sim_dist_scaled(const SimDist *d, double factor)
{
  g_return_val_if_fail(factor > 0, NULL);
  SimDist *c = dist_alloc(d->spec, d->kind);

  for (guint i = 0; i < 2; i++)
    c->p[i] = (i < d->spec->nparams && d->spec->params[i].has_unit) ? d->p[i] * factor : d->p[i];
  if (d->nsamples > 0) {
    c->nsamples = d->nsamples;
    c->samples = g_new(double, d->nsamples);
    for (gsize i = 0; i < d->nsamples; i++)
      c->samples[i] = d->samples[i] * factor;
    c->text = g_strdup_printf("%s*%g", d->text, factor);
  } else {
    set_canonical_text(c, NULL);
  }
  return c;
}
