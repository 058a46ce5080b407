/* The shareable report of a results folder: report.html (self-contained: images embedded, the
 * scenario text, the comparison table, every plot with one sentence on how to read it) and
 * report.md (for a study wiki; images linked from plots/).
 *
 * All text from result files is escaped for its destination (HTML entities; Markdown
 * punctuation), and report.html carries a Content-Security-Policy that allows no script at all,
 * so a hostile name shows as text and never runs. Both files are written under a temporary name
 * and renamed when complete; neither holds a time stamp, so the same results give the same bytes.
 */
#ifndef EKSIM_REPORT_REPORT_H
#define EKSIM_REPORT_REPORT_H

#include <glib.h>

#include "report/plot.h"
#include "report/report-data.h"

/* Writes @scenario_dir/report.html. @plots may be NULL (no plots section). */
gboolean sim_report_write_html(const SimReportData *data, const SimPlotSet *plots,
                               const char *scenario_dir, GError **error);
/* Writes @scenario_dir/report.md. */
gboolean sim_report_write_markdown(const SimReportData *data, const SimPlotSet *plots,
                                   const char *scenario_dir, GError **error);

/* What `eksim plot` and the end of `eksim run/batch` do: for @dir, a scenario folder (holding
 * summary.csv) or a results folder of scenario folders, draws the plots and writes report.html
 * and report.md in each. Warnings (gnuplot missing or failing) are appended to @warnings, one
 * line each, or printed on stderr when @warnings is NULL; they do not make this fail. Returns
 * FALSE on unreadable or malformed results, or when files cannot be written; with several
 * scenario folders it carries on with the others and reports the first error. */
gboolean sim_report_plot_dir(const char *dir, const SimPlotOptions *opts, GPtrArray *warnings,
                             GError **error);

/* HTML-escapes @text (valid UTF-8 assumed or repaired) and appends it to @out. */
void sim_report_html_escape(GString *out, const char *text);
/* Markdown-escapes @text for a paragraph or a table cell (no line breaks, no raw HTML). */
void sim_report_md_escape(GString *out, const char *text);

#endif
