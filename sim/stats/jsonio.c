/* Raw result (de)serialisation helpers: see jsonio.h. */
#include "stats/jsonio.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(sim-stats-error-quark, sim_stats_error)

static void
format_double(double v, char buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  if (isnan(v))
    g_strlcpy(buf, "nan", G_ASCII_DTOSTR_BUF_SIZE);
  else if (isinf(v))
    g_strlcpy(buf, v > 0 ? "inf" : "-inf", G_ASCII_DTOSTR_BUF_SIZE);
  else
    g_ascii_dtostr(buf, G_ASCII_DTOSTR_BUF_SIZE, v);
}

void
sim_json_add_double(JsonBuilder *b, const char *member, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  format_double(value, buf);
  json_builder_set_member_name(b, member);
  json_builder_add_string_value(b, buf);
}

void
sim_json_add_double_value(JsonBuilder *b, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  format_double(value, buf);
  json_builder_add_string_value(b, buf);
}

void
sim_json_add_int(JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name(b, member);
  json_builder_add_int_value(b, value);
}

void
sim_json_add_string(JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name(b, member);
  if (value)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

gboolean
sim_json_parse_double(const char *text, double *out)
{
  if (strcmp(text, "nan") == 0) {
    *out = NAN;
    return TRUE;
  }
  if (strcmp(text, "inf") == 0) {
    *out = INFINITY;
    return TRUE;
  }
  if (strcmp(text, "-inf") == 0) {
    *out = -INFINITY;
    return TRUE;
  }
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || !isfinite(v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
bad(GError **error, const char *what, const char *member, const char *expected)
{
  g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: '%s' is missing or not %s", what,
              member, expected);
  return FALSE;
}

static JsonNode *
member_of_type(JsonObject *o, const char *member, GType type)
{
  JsonNode *n = o ? json_object_get_member(o, member) : NULL;
  if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != type)
    return NULL;
  return n;
}

gboolean
sim_json_get_double(JsonObject *o, const char *what, const char *member, double *out, GError **error)
{
  JsonNode *n = member_of_type(o, member, G_TYPE_STRING);
  if (!n || !sim_json_parse_double(json_node_get_string(n), out))
    return bad(error, what, member, "a number written as a string");
  return TRUE;
}

gboolean
sim_json_get_int(JsonObject *o, const char *what, const char *member, gint64 *out, GError **error)
{
  JsonNode *n = member_of_type(o, member, G_TYPE_INT64);
  if (!n)
    return bad(error, what, member, "an integer");
  *out = json_node_get_int(n);
  return TRUE;
}

gboolean
sim_json_get_uint(JsonObject *o, const char *what, const char *member, guint64 *out, GError **error)
{
  gint64 v;
  if (!sim_json_get_int(o, what, member, &v, error))
    return FALSE;
  if (v < 0)
    return bad(error, what, member, "a non-negative integer");
  *out = (guint64)v;
  return TRUE;
}

const char *
sim_json_get_string(JsonObject *o, const char *what, const char *member, GError **error)
{
  JsonNode *n = member_of_type(o, member, G_TYPE_STRING);
  if (!n) {
    bad(error, what, member, "a string");
    return NULL;
  }
  return json_node_get_string(n);
}

JsonArray *
sim_json_get_array(JsonObject *o, const char *what, const char *member, GError **error)
{
  JsonNode *n = o ? json_object_get_member(o, member) : NULL;
  if (!n || !JSON_NODE_HOLDS_ARRAY(n)) {
    bad(error, what, member, "an array");
    return NULL;
  }
  return json_node_get_array(n);
}

JsonObject *
sim_json_get_object(JsonObject *o, const char *what, const char *member, GError **error)
{
  JsonNode *n = o ? json_object_get_member(o, member) : NULL;
  if (!n || !JSON_NODE_HOLDS_OBJECT(n)) {
    bad(error, what, member, "an object");
    return NULL;
  }
  return json_node_get_object(n);
}

static JsonNode *
element(JsonArray *a, guint i)
{
  return (a && i < json_array_get_length(a)) ? json_array_get_element(a, i) : NULL;
}

static gboolean
bad_element(GError **error, const char *what, guint i, const char *expected)
{
  g_set_error(error, SIM_STATS_ERROR, SIM_STATS_ERROR_FORMAT, "%s: element %u is missing or not %s", what,
              i, expected);
  return FALSE;
}

gboolean
sim_json_element_double(JsonArray *a, guint i, const char *what, double *out, GError **error)
{
  JsonNode *n = element(a, i);
  if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING ||
      !sim_json_parse_double(json_node_get_string(n), out))
    return bad_element(error, what, i, "a number written as a string");
  return TRUE;
}

gboolean
sim_json_element_int(JsonArray *a, guint i, const char *what, gint64 *out, GError **error)
{
  JsonNode *n = element(a, i);
  if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
    return bad_element(error, what, i, "an integer");
  *out = json_node_get_int(n);
  return TRUE;
}

gboolean
sim_json_element_uint(JsonArray *a, guint i, const char *what, guint64 *out, GError **error)
{
  gint64 v;
  if (!sim_json_element_int(a, i, what, &v, error))
    return FALSE;
  if (v < 0)
    return bad_element(error, what, i, "a non-negative integer");
  *out = (guint64)v;
  return TRUE;
}

JsonArray *
sim_json_element_array(JsonArray *a, guint i, const char *what, GError **error)
{
  JsonNode *n = element(a, i);
  if (!n || !JSON_NODE_HOLDS_ARRAY(n)) {
    bad_element(error, what, i, "an array");
    return NULL;
  }
  return json_node_get_array(n);
}

JsonObject *
sim_json_element_object(JsonArray *a, guint i, const char *what, GError **error)
{
  JsonNode *n = element(a, i);
  if (!n || !JSON_NODE_HOLDS_OBJECT(n)) {
    bad_element(error, what, i, "an object");
    return NULL;
  }
  return json_node_get_object(n);
}
