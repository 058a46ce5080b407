/* The endpoint modes side by side (eksim compare): one table per scenario, one column per variant
 * (its endpoint mode on top), read back from the scenario's result files (report-data.h), so it
 * shows exactly what `eksim run` computed and computes no statistics of its own.
 *
 * Rows, as the results have them:
 *   - per client and node group: p50 and p99 latency of successful requests (ms, ± half-width of
 *     the 95% interval), availability (% of requests ok, with its interval), attempts per request
 *     (client-go retries on 429/5xx), the most frequent
 *     failure; node groups also the share of node-time Ready, the not-ready transitions and the
 *     time to not ready;
 *   - exposure: the model's exposure* metrics, else each probe subject's availability (a probe
 *     that connects is an endpoint reachable from its source);
 *   - network: bytes through the NAT gateways, across AZs and through the internet gateway;
 *   - API servers: the 429 responses and the longest queue, where the model reports them;
 *   - cost: the model's estimate (metrics in USD, e.g. USD/h: eks/cost.c, list prices of
 *     facts §5.5), as reported;
 *   - per fault: requests failed during it, time to detect, time to recover, and where the model
 *     reports them the peak of nodes not Ready, the 429s and the API server queue peak.
 * Plain text (aligned columns, ASCII) or Markdown (a pipe table, text escaped).
 */
#ifndef EKSIM_REPORT_COMPARE_H
#define EKSIM_REPORT_COMPARE_H

#include <glib.h>

#include "report/report-data.h"

typedef enum {
  SIM_COMPARE_FORMAT_TEXT,
  SIM_COMPARE_FORMAT_MARKDOWN,
} SimCompareFormat;

/* One cell of the table: the text shown, and the value behind it (NaN: none), for tests. */
typedef struct {
  char *text;
  double value;
} SimCompareCell;

typedef struct {
  char *section;   /* "clients", "node groups", "exposure", "network", "cost", "faults" */
  char *subject;   /* "laptop (internet)" */
  char *what;      /* "p99 latency (ms)" */
  GArray *cells;   /* SimCompareCell, one per variant */
} SimCompareRow;

typedef struct _SimCompareTable SimCompareTable;

SimCompareTable *sim_compare_table_new(const SimReportData *data);
void sim_compare_table_free(SimCompareTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimCompareTable, sim_compare_table_free)

guint sim_compare_table_n_rows(const SimCompareTable *table);
const SimCompareRow *sim_compare_table_row(const SimCompareTable *table, guint i);
/* The row of @subject (its name, without the location) and @what, or NULL. */
const SimCompareRow *sim_compare_table_find(const SimCompareTable *table, const char *subject, const char *what);

/* Appends the table, with a title line, to @out. */
void sim_compare_table_format(const SimCompareTable *table, SimCompareFormat format, GString *out);

#endif
