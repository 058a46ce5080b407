/* Typed scenario values: parse one key's text by its schema row. */
#include "scenario/value.h"

#include <math.h>
#include <string.h>

#include "core/dist.h"
#include "core/units.h"
#include "net/addr.h"
#include "scenario/schema.h"
#include "scenario/scenario.h"

/* Fails with @why followed by the row's allowed text. */
static gboolean
fail(const SimKeySpec *spec, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(const SimKeySpec *spec, GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *why = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_autofree char *allowed = sim_schema_allowed_text(spec);
  g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_BAD_VALUE, "%s; allowed: %s", why, allowed);
  return FALSE;
}

/* Wraps an error from a parser below (units, addresses, distributions), which already names the
 * text; adds the row's allowed text when the message lacks one. */
static gboolean
fail_from(const SimKeySpec *spec, GError *sub, GError **error)
{
  if (strstr(sub->message, "; allowed: ") != NULL) {
    g_set_error_literal(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_BAD_VALUE, sub->message);
  } else {
    g_autofree char *allowed = sim_schema_allowed_text(spec);
    g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_BAD_VALUE, "%s; allowed: %s",
                sub->message, allowed);
  }
  g_error_free(sub);
  return FALSE;
}

/* Parses one end of a range written in the row's type as a double (durations in ns). */
static gboolean
parse_scalar(SimKeyType type, const char *text, double *out, GError **error)
{
  switch (type) {
  case SIM_KEY_INT: {
    gint64 v;
    if (!g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, &v, NULL)) {
      g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_BAD_VALUE, "'%s' is not an integer", text);
      return FALSE;
    }
    *out = (double)v;
    return TRUE;
  }
  case SIM_KEY_DOUBLE:
    return sim_units_parse_number(text, out, error);
  case SIM_KEY_DURATION: {
    SimTime t;
    if (!sim_units_parse_duration(text, &t, error))
      return FALSE;
    *out = (double)t;
    return TRUE;
  }
  case SIM_KEY_RATE:
    return sim_units_parse_rate(text, out, error);
  case SIM_KEY_BANDWIDTH:
    return sim_units_parse_bandwidth(text, out, error);
  case SIM_KEY_SIZE: {
    guint64 b;
    if (!sim_units_parse_size(text, &b, error))
      return FALSE;
    *out = (double)b;
    return TRUE;
  }
  default:
    g_return_val_if_reached(FALSE);
  }
}

/* Range "MIN..MAX" of a row; either side may be empty. Rows are static data: a malformed range
 * is a programming error (test-schema checks every row). */
static void
row_range(const SimKeySpec *spec, gboolean *has_lo, double *lo, gboolean *has_hi, double *hi)
{
  *has_lo = *has_hi = FALSE;
  if (spec->allowed == NULL)
    return;
  const char *dots = strstr(spec->allowed, "..");
  g_return_if_fail(dots != NULL);
  g_autofree char *a = g_strstrip(g_strndup(spec->allowed, (gsize)(dots - spec->allowed)));
  g_autofree char *b = g_strstrip(g_strdup(dots + 2));
  if (*a) {
    g_autoptr(GError) e = NULL;
    *has_lo = parse_scalar(spec->type, a, lo, &e);
    if (!*has_lo)
      g_critical("schema row [%s] %s: bad range '%s': %s", spec->group, spec->key, spec->allowed, e->message);
  }
  if (*b) {
    g_autoptr(GError) e = NULL;
    *has_hi = parse_scalar(spec->type, b, hi, &e);
    if (!*has_hi)
      g_critical("schema row [%s] %s: bad range '%s': %s", spec->group, spec->key, spec->allowed, e->message);
  }
}

static gboolean
check_range(const SimKeySpec *spec, const char *text, double v, GError **error)
{
  gboolean has_lo, has_hi;
  double lo = 0, hi = 0;
  row_range(spec, &has_lo, &lo, &has_hi, &hi);
  if ((has_lo && v < lo) || (has_hi && v > hi))
    return fail(spec, error, "'%s' is out of range", text);
  return TRUE;
}

static gboolean
parse_enum(const SimKeySpec *spec, const char *text, SimValue *out, GError **error)
{
  g_auto(GStrv) members = g_strsplit(spec->allowed, "|", -1);
  for (guint i = 0; members[i] != NULL; i++) {
    if (strcmp(members[i], text) == 0) {
      out->u.s = g_strdup(text);
      return TRUE;
    }
  }
  const char *hint = sim_schema_suggest(text, (const char *const *)members);
  if (hint != NULL)
    return fail(spec, error, "'%s' is not allowed (did you mean '%s'?)", text, hint);
  return fail(spec, error, "'%s' is not allowed", text);
}

static gboolean
parse_weights(const SimKeySpec *spec, const char *text, SimValue *out, GError **error)
{
  g_auto(GStrv) names = g_strsplit(spec->allowed, "|", -1);
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  GArray *w = g_array_new(FALSE, FALSE, sizeof(SimWeight));
  double sum = 0;

  for (guint i = 0; parts[i] != NULL; i++) {
    char *part = g_strstrip(parts[i]);
    char *colon = strchr(part, ':');
    if (colon == NULL) {
      fail(spec, error, "'%s' is not NAME:WEIGHT", part);
      goto error;
    }
    *colon = '\0';
    char *name = g_strstrip(part);
    char *num = g_strstrip(colon + 1);
    if (!g_strv_contains((const char *const *)names, name)) {
      const char *hint = sim_schema_suggest(name, (const char *const *)names);
      if (hint != NULL)
        fail(spec, error, "unknown name '%s' (did you mean '%s'?)", name, hint);
      else
        fail(spec, error, "unknown name '%s'", name);
      goto error;
    }
    for (guint j = 0; j < w->len; j++) {
      if (strcmp(g_array_index(w, SimWeight, j).name, name) == 0) {
        fail(spec, error, "'%s' is given twice", name);
        goto error;
      }
    }
    double v;
    g_autoptr(GError) e = NULL;
    if (!sim_units_parse_number(num, &v, &e) || v < 0) {
      fail(spec, error, "weight '%s' of '%s' is not a number >= 0", num, name);
      goto error;
    }
    SimWeight sw = { g_strdup(name), v };
    g_array_append_val(w, sw);
    sum += v;
  }
  if (!(sum > 0) || !isfinite(sum)) {
    fail(spec, error, "'%s': the weights must have a positive, finite sum", text);
    goto error;
  }
  for (guint j = 0; j < w->len; j++)
    g_array_index(w, SimWeight, j).weight /= sum;
  out->u.weights = w;
  return TRUE;
error:
  for (guint j = 0; j < w->len; j++)
    g_free(g_array_index(w, SimWeight, j).name);
  g_array_free(w, TRUE);
  return FALSE;
}

static gboolean
parse_strv(const SimKeySpec *spec, const char *text, SimValue *out, GError **error)
{
  g_auto(GStrv) parts = g_strsplit(text, ",", -1);
  g_auto(GStrv) members = spec->allowed ? g_strsplit(spec->allowed, "|", -1) : NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);

  for (guint i = 0; parts[i] != NULL; i++) {
    char *wd = g_strstrip(parts[i]);
    if (*wd == '\0') {
      g_ptr_array_free(words, TRUE);
      return fail(spec, error, "'%s' has an empty entry", text);
    }
    if (members != NULL && !g_strv_contains((const char *const *)members, wd)) {
      g_ptr_array_free(words, TRUE);
      return fail(spec, error, "'%s' is not allowed", wd);
    }
    for (guint j = 0; j < words->len; j++) {
      if (strcmp(words->pdata[j], wd) == 0) {
        g_ptr_array_free(words, TRUE);
        return fail(spec, error, "'%s' is given twice", wd);
      }
    }
    g_ptr_array_add(words, g_strdup(wd));
  }
  g_ptr_array_add(words, NULL);
  out->u.strv = (char **)g_ptr_array_free(words, FALSE);
  return TRUE;
}

gboolean
sim_value_parse(const SimKeySpec *spec, const char *text_in, const char *base_dir, SimValue *out,
                GError **error)
{
  g_return_val_if_fail(spec != NULL && text_in != NULL && out != NULL, FALSE);
  g_autofree char *text = g_strstrip(g_strdup(text_in));
  GError *sub = NULL;

  memset(out, 0, sizeof *out);
  out->type = spec->type;
  if (*text == '\0' && spec->type != SIM_KEY_STRING)
    return fail(spec, error, "empty value");

  switch (spec->type) {
  case SIM_KEY_STRING:
    out->u.s = g_strdup(text);
    return TRUE;
  case SIM_KEY_ENUM:
    return parse_enum(spec, text, out, error);
  case SIM_KEY_BOOL:
    if (strcmp(text, "true") == 0)
      out->u.b = TRUE;
    else if (strcmp(text, "false") == 0)
      out->u.b = FALSE;
    else
      return fail(spec, error, "'%s' is not a boolean", text);
    return TRUE;
  case SIM_KEY_INT:
    if (!g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, &out->u.i, NULL))
      return fail(spec, error, "'%s' is not an integer", text);
    return check_range(spec, text, (double)out->u.i, error);
  case SIM_KEY_DOUBLE:
    if (!sim_units_parse_number(text, &out->u.d, &sub))
      return fail_from(spec, sub, error);
    return check_range(spec, text, out->u.d, error);
  case SIM_KEY_DURATION:
    if (!sim_units_parse_duration(text, &out->u.t, &sub))
      return fail_from(spec, sub, error);
    return check_range(spec, text, (double)out->u.t, error);
  case SIM_KEY_RATE:
    if (!sim_units_parse_rate(text, &out->u.d, &sub))
      return fail_from(spec, sub, error);
    return check_range(spec, text, out->u.d, error);
  case SIM_KEY_SIZE:
    if (!sim_units_parse_size(text, &out->u.size, &sub))
      return fail_from(spec, sub, error);
    return check_range(spec, text, (double)out->u.size, error);
  case SIM_KEY_BANDWIDTH:
    if (!sim_units_parse_bandwidth(text, &out->u.d, &sub))
      return fail_from(spec, sub, error);
    return check_range(spec, text, out->u.d, error);
  case SIM_KEY_DIST:
    out->u.dist = sim_dist_parse(text, SIM_DIST_DURATION, base_dir, &sub);
    if (out->u.dist == NULL)
      return fail_from(spec, sub, error);
    return TRUE;
  case SIM_KEY_IP:
    if (!sim_ip_parse(text, &out->u.ip, &sub))
      return fail_from(spec, sub, error);
    return TRUE;
  case SIM_KEY_CIDR_LIST:
    if (!sim_cidr_list_parse(text, TRUE, &out->u.cidrs, &sub))
      return fail_from(spec, sub, error);
    return TRUE;
  case SIM_KEY_WEIGHTS:
    return parse_weights(spec, text, out, error);
  case SIM_KEY_STRING_LIST:
    return parse_strv(spec, text, out, error);
  }
  g_return_val_if_reached(FALSE);
}

void
sim_value_copy(const SimValue *src, SimValue *dst)
{
  *dst = *src;
  switch (src->type) {
  case SIM_KEY_STRING:
  case SIM_KEY_ENUM:
    dst->u.s = g_strdup(src->u.s);
    break;
  case SIM_KEY_DIST:
    dst->u.dist = src->u.dist ? sim_dist_ref(src->u.dist) : NULL;
    break;
  case SIM_KEY_CIDR_LIST:
    dst->u.cidrs = src->u.cidrs ? g_array_copy(src->u.cidrs) : NULL;
    break;
  case SIM_KEY_WEIGHTS:
    if (src->u.weights != NULL) {
      dst->u.weights = g_array_copy(src->u.weights);
      for (guint i = 0; i < dst->u.weights->len; i++) {
        SimWeight *w = &g_array_index(dst->u.weights, SimWeight, i);
        w->name = g_strdup(w->name);
      }
    }
    break;
  case SIM_KEY_STRING_LIST:
    dst->u.strv = g_strdupv(src->u.strv);
    break;
  default:
    break;
  }
}

void
sim_value_clear(SimValue *v)
{
  if (v == NULL)
    return;
  switch (v->type) {
  case SIM_KEY_STRING:
  case SIM_KEY_ENUM:
    g_free(v->u.s);
    break;
  case SIM_KEY_DIST:
    if (v->u.dist)
      sim_dist_unref(v->u.dist);
    break;
  case SIM_KEY_CIDR_LIST:
    if (v->u.cidrs)
      g_array_free(v->u.cidrs, TRUE);
    break;
  case SIM_KEY_WEIGHTS:
    if (v->u.weights) {
      for (guint i = 0; i < v->u.weights->len; i++)
        g_free(g_array_index(v->u.weights, SimWeight, i).name);
      g_array_free(v->u.weights, TRUE);
    }
    break;
  case SIM_KEY_STRING_LIST:
    g_strfreev(v->u.strv);
    break;
  default:
    break;
  }
  memset(v, 0, sizeof *v);
}

gboolean
sim_value_type_is_list(SimKeyType type)
{
  return type == SIM_KEY_CIDR_LIST || type == SIM_KEY_WEIGHTS || type == SIM_KEY_STRING_LIST;
}

char **
sim_value_split_alternatives(SimKeyType type, const char *text)
{
  GPtrArray *out = g_ptr_array_new();
  if (sim_value_type_is_list(type)) {
    g_auto(GStrv) parts = g_strsplit(text, "|", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      g_ptr_array_add(out, g_strstrip(g_strdup(parts[i])));
  } else {
    int depth = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      if (*p == '\0' || (*p == ',' && depth == 0)) {
        g_ptr_array_add(out, g_strstrip(g_strndup(start, (gsize)(p - start))));
        if (*p == '\0')
          break;
        start = p + 1;
      }
    }
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}
