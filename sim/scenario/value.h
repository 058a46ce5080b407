/* Typed scenario values: one key's text parsed by its schema row (type, allowed values, range).
 *
 * Parsing checks everything that depends on the value alone: syntax, units, the row's enum
 * members or numeric range ("MIN..MAX", both ends inclusive, either side optional, written with
 * the type's units), weights names and sums, CIDR syntax with host bits clear. Checks that
 * involve other keys live in sim/scenario/validate.c.
 */
#ifndef EKSIM_SCENARIO_VALUE_H
#define EKSIM_SCENARIO_VALUE_H

#include <glib.h>

#include "scenario/config.h"

typedef struct {
  SimKeyType type;
  union {
    char *s;        /* STRING, ENUM */
    gboolean b;     /* BOOL */
    gint64 i;       /* INT */
    double d;       /* DOUBLE, RATE (per second), BANDWIDTH (bits per second) */
    SimTime t;      /* DURATION */
    guint64 size;   /* SIZE (bytes) */
    SimDist *dist;  /* DIST */
    SimIp ip;       /* IP */
    GArray *cidrs;  /* CIDR_LIST: of SimCidr */
    GArray *weights;/* WEIGHTS: of SimWeight, in written order, normalised */
    char **strv;    /* STRING_LIST */
  } u;
} SimValue;

/* Parses @text (surrounding blanks ignored) as a value of @spec. @base_dir resolves relative
 * file names (empirical distributions). On error, the message is "what is wrong; allowed: ..."
 * (no file, line, group or key: the caller adds them). */
gboolean sim_value_parse(const SimKeySpec *spec, const char *text, const char *base_dir, SimValue *out,
                         GError **error);
/* A deep copy (distributions are shared by reference). */
void sim_value_copy(const SimValue *src, SimValue *dst);
void sim_value_clear(SimValue *v);

/* Splits a [sweep] line's alternatives: commas outside parentheses, or '|' for list-typed keys
 * (CIDR_LIST, WEIGHTS, STRING_LIST), whose values hold commas themselves. Blanks are trimmed.
 * Returns a new NULL-terminated array; an empty alternative is kept (as "") for the caller to
 * refuse. */
char **sim_value_split_alternatives(SimKeyType type, const char *text);
/* TRUE for the types whose sweep alternatives are separated by '|'. */
gboolean sim_value_type_is_list(SimKeyType type);

#endif
