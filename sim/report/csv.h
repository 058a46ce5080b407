/* Formatting result files: CSV fields and numbers, and writing files so that a reader never sees
 * a half-written one.
 *
 * Numbers are formatted with g_ascii_formatd, never printf with the user's locale: the same value
 * always gives the same bytes. Undefined values (NAN: no data) are written as empty fields.
 * Times, integers in nanoseconds inside eksim, are written as exact decimal seconds ("12.5",
 * "0.000001", "3600") or milliseconds.
 */
#ifndef EKSIM_REPORT_CSV_H
#define EKSIM_REPORT_CSV_H

#include <glib.h>
#include <stdio.h>

#include "core/time.h"

/* A field, quoted as RFC 4180 asks when it holds a comma, a double quote, CR or LF. */
void sim_csv_field(GString *out, const char *text);
/* A double with 10 significant digits ("%.10g"); NAN and infinities give an empty field. */
void sim_csv_number(GString *out, double v);
void sim_csv_uint(GString *out, guint64 v);
/* @t nanoseconds as exact seconds / milliseconds, no trailing zeros; negative values (none) give
 * an empty field. */
void sim_csv_seconds(GString *out, SimTime t);
void sim_csv_millis(GString *out, SimTime t);
/* Ends a row. */
void sim_csv_end(GString *out);
/* The same, into a stdio stream (per-request traces). */
void sim_csv_write_field(FILE *f, const char *text);

/* Writes @data to @path atomically: a temporary file in the same folder renamed over @path
 * (g_file_set_contents_full), so @path is either the old complete file or the new one. */
gboolean sim_report_write_file(const char *path, const char *data, gsize length, GError **error);

#endif
