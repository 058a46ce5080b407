/* SimRunResult: everything one replication measured, after the warm-up, in raw form.
 *
 * The recorder (stats/recorder.c) fills it; the runner writes it to runs/RUN_ID/result.json and
 * the summary (stats/summary.c) reads it back from there. Results hold raw accumulators (counts,
 * sums, histograms), never derived statistics, so that results from different machines or
 * sessions (eksim merge, --resume) combine exactly as if produced in one run. The JSON form
 * round-trips bit for bit (stats/jsonio.h).
 *
 * The structures are plain data: read-only once the recorder has finished them.
 */
#ifndef EKSIM_STATS_RESULT_H
#define EKSIM_STATS_RESULT_H

#include <glib.h>

#include "core/time.h"
#include "stats/histogram.h"
#include "stats/recorder.h"

#define SIM_RUN_RESULT_FORMAT "eksim-run-result/1"

/* A counter (sum), gauge (peak) or model-computed metric of one subject. */
typedef enum {
  SIM_VALUE_COUNTER,
  SIM_VALUE_GAUGE,
  SIM_VALUE_METRIC,
} SimValueKind;

typedef struct {
  SimValueKind kind;
  char *metric;
  char *unit;
  double value;  /* counter: sum after warm-up; gauge: peak after warm-up (NAN: never set);
                  * metric: the value reported (last one wins) */
  double *bins;  /* n_bins values: counter: sum per bin; gauge: peak per bin (NAN: not set yet);
                  * NULL for metrics */
} SimResultValue;

/* Failed requests of one subject by (outcome, detail). */
typedef struct {
  SimOutcome outcome;
  char *detail; /* "" when the model gave none */
  guint64 count;
} SimResultFailure;

typedef struct {
  SimSubjectKind kind;
  char *name;

  /* Requests that started at or after the end of the warm-up. */
  guint64 requests;
  guint64 outcomes[SIM_OUTCOME_COUNT];
  SimHistogram *latency;             /* end - start of ok requests, ns (PRECISE) */
  double phase_ns[SIM_PHASE_COUNT];  /* sum of each phase over ok requests, ns */
  guint64 attempts;                  /* sum of attempts over all requests */
  guint64 path[SIM_PATH_N_BITS];     /* requests whose path had bit i */
  GPtrArray *failures;               /* SimResultFailure, by outcome then detail */

  /* Node readiness (n_nodes = 0: the subject has no nodes). */
  guint n_nodes;
  double ready_node_ns;              /* integral of the number of Ready nodes over time */
  guint64 not_ready_transitions;     /* Ready -> not Ready changes after the warm-up */

  /* Per timeline bin (n_bins entries each). */
  guint64 *bin_requests;
  guint64 *bin_outcomes;             /* n_bins x SIM_OUTCOME_COUNT, bin-major */
  double *bin_latency_ns;            /* sum of ok latencies */
  double *bin_p50_ns, *bin_p99_ns;   /* quantiles of ok latencies (COARSE histogram); NAN if none */
  double *bin_ready_node_ns;         /* integral of Ready nodes over the bin */

  GPtrArray *values;                 /* SimResultValue, in registration order */
} SimResultSubject;

typedef struct {
  guint subject;     /* index into subjects (a SIM_SUBJECT_FAULT) */
  char *kind;
  SimTime start;
  SimTime end;       /* SIM_TIME_NEVER: until the end of the run */
  SimTime detected;  /* first "detected" mark of the subject at or after start; -1: none */
  SimTime recovered; /* first "recovered" mark at or after start; -1: none */
  SimTime service_recovered; /* start of the first timeline bin back at the pre-fault availability
                              * after a dip (start itself if there was no dip), looking no further
                              * than the next fault's start; -1: not back by then */
  guint64 failed_during;     /* failed requests (any subject) started in [start, end) */
  guint64 failed_after;      /* ... started in [end, next fault window start or end of run) */
  gint64 http_429;           /* HTTP 429 responses the API servers sent in [start, end); -1: not
                              * measured (the model reported no load for the window) */
  gint64 queue_peak;         /* longest API server queue in [start, end); -1: not measured */
  gint64 nodes_not_ready_peak; /* most nodes (all node groups) not Ready at once in [start, end);
                                * -1: the run has no nodes */
} SimResultFault;

typedef struct {
  guint subject;
  char *what;
  SimTime at;
} SimResultMark;

struct _SimRunResult {
  SimTime warmup, duration, bin;
  guint n_bins;
  guint64 events;      /* events the model dispatched (set by the runner; informative) */
  GPtrArray *subjects; /* SimResultSubject, in registration order */
  GPtrArray *faults;   /* SimResultFault, in report order */
  GPtrArray *marks;    /* SimResultMark, in report order */
};

/* An empty result (used by the recorder). */
SimRunResult *sim_run_result_new(SimTime warmup, SimTime duration, SimTime bin);
void sim_run_result_free(SimRunResult *r);
/* Start and end of bin @b (the last bin ends at the duration). */
SimTime sim_run_result_bin_start(const SimRunResult *r, guint b);
SimTime sim_run_result_bin_end(const SimRunResult *r, guint b);
/* Adds a subject with zeroed accumulators and allocated bins; returns it. */
SimResultSubject *sim_run_result_add_subject(SimRunResult *r, SimSubjectKind kind, const char *name);
SimResultValue *sim_run_result_add_value(SimRunResult *r, SimResultSubject *s, SimValueKind kind,
                                         const char *metric, const char *unit);

const char *sim_subject_kind_name(SimSubjectKind kind);
gboolean sim_subject_kind_from_name(const char *name, SimSubjectKind *out);

/* Serialisation: one line of JSON (plus "\n"); from_data validates everything it reads. */
char *sim_run_result_to_data(const SimRunResult *r, gsize *length);
SimRunResult *sim_run_result_from_data(const char *data, gssize length, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRunResult, sim_run_result_free)

#endif
