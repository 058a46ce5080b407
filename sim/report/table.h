/* The comparison table printed after a run: variants side by side, one row per (subject, metric)
 * for the metrics a reader looks at first (requests, availability, p50/p99 latency, node
 * readiness, fault recovery). Values are means over replications; "+-" gives the half-width of the
 * 95% t interval, availability its (asymmetric) interval in brackets. Plain ASCII, no colours,
 * numbers in the C locale.
 */
#ifndef EKSIM_REPORT_TABLE_H
#define EKSIM_REPORT_TABLE_H

#include <glib.h>

#include "report/plan.h"
#include "stats/summary.h"

char *sim_table_format(const SimPlan *plan, SimSummary *const *summaries);

#endif
