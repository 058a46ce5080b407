/* SimPlotSet: the plots of one scenario's results, drawn by gnuplot from templates.
 *
 * For each plot kind (latency CDF, percentile bars, phase breakdown, availability over time,
 * nodes Ready over time, reachability matrix, cost and exposure) eksim writes into
 * SCENARIO/plots/: the tidy data files the plot shows (NAME*.dat, tab-separated with a header
 * line), the script NAME.gp (a few numeric parameters, then the template plots/NAME.gp
 * verbatim), the shared common.gp (colours, one per endpoint mode), meta.dat and variants.dat;
 * then runs `gnuplot -d NAME.gp` in that folder, which draws NAME.png (pngcairo) and NAME.svg.
 * Anyone can restyle a plot by editing NAME.gp or common.gp and running the same command.
 *
 * Text from scenario files (scenario, variant, client names) only ever reaches gnuplot through
 * the data files, where it is read with strcol() and never parsed as a command; the scripts
 * hold numbers and fixed words only (see sim_plot_text_cell and NOTES.md "Plots and report").
 *
 * gnuplot missing, failing, timing out or writing to stderr gives a warning (the data and
 * scripts are still written, the images of a failed plot are not left behind); only a failure to
 * write files is an error. Everything is built in a temporary folder and renamed to plots/ when
 * complete, replacing the previous plots.
 */
#ifndef EKSIM_REPORT_PLOT_H
#define EKSIM_REPORT_PLOT_H

#include <glib.h>

#include "report/report-data.h"

#define SIM_PLOT_ERROR (sim_plot_error_quark())
GQuark sim_plot_error_quark(void);

typedef enum {
  SIM_PLOT_ERROR_IO,        /* could not write the plots folder */
  SIM_PLOT_ERROR_TEMPLATE,  /* a template is missing (from the templates folder given) */
} SimPlotError;

typedef struct {
  const char *gnuplot;       /* program to run; NULL: $EKSIM_GNUPLOT, else "gnuplot" on PATH */
  const char *templates_dir; /* NULL: $EKSIM_PLOT_TEMPLATES, else the templates built into eksim */
  gboolean no_svg;           /* PNG only */
  guint timeout_s;           /* per gnuplot run; 0: 120 s */
} SimPlotOptions;

typedef enum {
  SIM_PLOT_DRAWN,   /* images written */
  SIM_PLOT_NO_DATA, /* nothing to show (note says why); no files */
  SIM_PLOT_FAILED,  /* data and script written, gnuplot missing or failed (note says why) */
} SimPlotStatus;

typedef struct {
  const char *name;    /* "latency_cdf": files plots/NAME.{png,svg,gp}, plots/NAME*.dat */
  const char *title;   /* "Latency CDF per client and variant" */
  const char *caption; /* one sentence on how to read it */
  SimPlotStatus status;
  char *note;          /* why NO_DATA or FAILED; gnuplot's stderr if it wrote any; or NULL */
} SimPlot;

typedef struct _SimPlotSet SimPlotSet;

/* Writes @scenario_dir/plots/ for @data. Returns NULL only on a write error. */
SimPlotSet *sim_plot_set_render(const SimReportData *data, const char *scenario_dir,
                                const SimPlotOptions *opts, GError **error);
void sim_plot_set_free(SimPlotSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimPlotSet, sim_plot_set_free)

guint sim_plot_set_n(const SimPlotSet *set);
const SimPlot *sim_plot_set_get(const SimPlotSet *set, guint i);
/* Warnings for the user (gnuplot missing or failing), one line each; never NULL. */
const GPtrArray *sim_plot_set_warnings(const SimPlotSet *set);

/* Appends @text to @out as one tab-separated data cell gnuplot reads back exactly as a string:
 * valid UTF-8, tabs, line breaks and other control characters as spaces, '"' as '\'' (gnuplot's
 * data files cannot escape a double quote), '\' doubled (gnuplot reads backslash escapes in data
 * strings), "-" for an empty text. */
void sim_plot_text_cell(GString *out, const char *text);

/* The template text of @name ("latency_cdf.gp", "common.gp") from @templates_dir, or built in
 * when NULL; NULL with an error if there is no such template. */
char *sim_plot_template(const char *templates_dir, const char *name, GError **error);

#endif
