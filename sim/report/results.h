/* The summary files of a results directory (README "Result files" is the contract):
 *
 *   summary.csv      scenario,variant,subject,metric,value,ci_low,ci_high,n,unit
 *   summary.json     run header, subjects and failure reasons, fully resolved settings per variant
 *   latency_cdf.csv  scenario,variant,subject,latency_ms,cdf
 *   faults.csv       scenario,variant,replication,fault,kind,start_s,end_s,detected_s,recovered_s,
 *                    service_recovered_s,failed_during,failed_after
 *   variants/VARIANT/timeline.csv
 *                    scenario,variant,subject,bin_start_s,bin_end_s,metric,value,ci_low,ci_high,n,unit
 *
 * Each file is written whole to a temporary name and renamed into place, in the order above with
 * summary.csv last, so a summary.csv present means the set is complete. Rows come in plan order
 * (variants as the sweep expands them, subjects as the model registers them), never in the order
 * runs finished.
 */
#ifndef EKSIM_REPORT_RESULTS_H
#define EKSIM_REPORT_RESULTS_H

#include <glib.h>

#include "report/plan.h"
#include "stats/summary.h"

#define SIM_SUMMARY_FORMAT "eksim-summary/1"

/* Writes the files above into @scenario_dir (which exists) from @plan and one summary per
 * variant, in plan order. */
gboolean sim_results_write(const char *scenario_dir, const SimPlan *plan, SimSummary *const *summaries,
                           GError **error);

/* Removes the files above (every VARIANT's timeline.csv, and requests.csv) from @scenario_dir if
 * present, so that a directory being re-run never shows summaries of an earlier run. */
void sim_results_remove(const char *scenario_dir);

/* The text of summary.csv alone (tests, eksim merge checks). */
char *sim_results_summary_csv(const SimPlan *plan, SimSummary *const *summaries, gsize *length);

#endif
