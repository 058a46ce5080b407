/* Reading and writing the raw per-run result files (runs/RUN_ID/result.json) with json-glib.
 *
 * Doubles are written as strings holding their shortest round-trip text ("%.17g", "nan"): json-glib
 * 1.6 can write numbers such as 1e-300 as "1e-300.0", which is not JSON, and a run's results
 * must read back bit for bit so that eksim merge and --resume reproduce an unsharded run exactly.
 * Every reader checks types and reports a malformed file as SIM_STATS_ERROR_FORMAT naming the
 * member, never crashing on a damaged file.
 */
#ifndef EKSIM_STATS_JSONIO_H
#define EKSIM_STATS_JSONIO_H

#include <glib.h>
#include <json-glib/json-glib.h>

#define SIM_STATS_ERROR (sim_stats_error_quark())
GQuark sim_stats_error_quark(void);

typedef enum {
  SIM_STATS_ERROR_FORMAT, /* a raw result file is malformed or of another format version */
} SimStatsError;

void sim_json_add_double(JsonBuilder *b, const char *member, double value);
/* Appends a double to the current array. */
void sim_json_add_double_value(JsonBuilder *b, double value);
void sim_json_add_int(JsonBuilder *b, const char *member, gint64 value);
void sim_json_add_string(JsonBuilder *b, const char *member, const char *value);

/* Typed member access; FALSE + SIM_STATS_ERROR_FORMAT naming @what and @member if missing or of
 * the wrong type. */
gboolean sim_json_get_double(JsonObject *o, const char *what, const char *member, double *out, GError **error);
gboolean sim_json_get_int(JsonObject *o, const char *what, const char *member, gint64 *out, GError **error);
gboolean sim_json_get_uint(JsonObject *o, const char *what, const char *member, guint64 *out, GError **error);
const char *sim_json_get_string(JsonObject *o, const char *what, const char *member, GError **error);
JsonArray *sim_json_get_array(JsonObject *o, const char *what, const char *member, GError **error);
JsonObject *sim_json_get_object(JsonObject *o, const char *what, const char *member, GError **error);
/* Element access for arrays of the above kinds. */
gboolean sim_json_element_double(JsonArray *a, guint i, const char *what, double *out, GError **error);
gboolean sim_json_element_uint(JsonArray *a, guint i, const char *what, guint64 *out, GError **error);
gboolean sim_json_element_int(JsonArray *a, guint i, const char *what, gint64 *out, GError **error);
JsonArray *sim_json_element_array(JsonArray *a, guint i, const char *what, GError **error);
JsonObject *sim_json_element_object(JsonArray *a, guint i, const char *what, GError **error);

/* Parses a double written by sim_json_add_double ("nan", "inf", "-inf" or a finite number). */
gboolean sim_json_parse_double(const char *text, double *out);

#endif
