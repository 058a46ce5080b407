/* SimReportData: one scenario's result folder, read back for plots and reports.
 *
 * Reads the files `eksim run` writes into DIR/SCENARIO/ (README "Result files"): summary.csv
 * (tidy: scenario,variant,subject,metric,value,ci_low,ci_high,n,unit), latency_cdf.csv,
 * faults.csv, variants/VARIANT/timeline.csv, summary.json (the resolved scenario of each variant)
 * and scenario.ini. Only summary.csv is required; every other file is optional and its absence
 * only removes the plots that need it. Nothing here computes statistics: values are shown as
 * the runner wrote them.
 *
 * Each variant's endpoint mode ([cluster] endpoint) and each client's location ([client.NAME]
 * location) come from the variant's resolved configuration: from summary.json when it holds one,
 * otherwise from scenario.ini with the variant's sweep pairs ("cluster.endpoint=private")
 * applied on top, otherwise the schema default (public, facts §1.2).
 *
 * Malformed files are user errors: SIM_REPORT_DATA_ERROR, one line naming the file, the line and
 * what is allowed.
 */
#ifndef EKSIM_REPORT_REPORT_DATA_H
#define EKSIM_REPORT_REPORT_DATA_H

#include <glib.h>

#define SIM_REPORT_DATA_ERROR (sim_report_data_error_quark())
GQuark sim_report_data_error_quark(void);

typedef enum {
  SIM_REPORT_DATA_ERROR_MISSING, /* the folder or summary.csv is not there */
  SIM_REPORT_DATA_ERROR_SYNTAX,  /* a CSV or JSON file does not parse */
  SIM_REPORT_DATA_ERROR_COLUMN,  /* a required column is missing */
  SIM_REPORT_DATA_ERROR_VALUE,   /* a cell holds something not allowed */
} SimReportDataError;

/* The three endpoint modes (facts §1.2), in the order plots show them. */
typedef enum {
  SIM_REPORT_MODE_PUBLIC,
  SIM_REPORT_MODE_PUBLIC_PRIVATE,
  SIM_REPORT_MODE_PRIVATE,
  SIM_REPORT_MODE_UNKNOWN,
  SIM_REPORT_MODE_COUNT
} SimReportMode;

/* Kinds of subject, in the order plots and tables list them. The kind comes from summary.json
 * ("client", "nodegroup", "probe", "network", "fault"), else from the scenario's groups. */
typedef enum {
  SIM_REPORT_SUBJECT_CLIENT,    /* a [client.NAME] */
  SIM_REPORT_SUBJECT_NODEGROUP, /* a [nodegroup.NAME] (or a subject with node metrics) */
  SIM_REPORT_SUBJECT_PROBE,     /* an exposure probe the model adds */
  SIM_REPORT_SUBJECT_NETWORK,   /* network-wide counters */
  SIM_REPORT_SUBJECT_OTHER,     /* anything else, "" (scenario-wide) */
  SIM_REPORT_SUBJECT_FAULT,     /* a [fault.NAME] */
} SimReportSubjectKind;

typedef struct {
  char *label;       /* as in summary.csv: "cluster.endpoint=private;vpc.nat=single", "" */
  char *short_label; /* the values only, "private / single"; "base" without a sweep */
  char *dir;         /* folder under variants/ holding timeline.csv, or NULL if not found */
  SimReportMode mode;
  GKeyFile *config;  /* the resolved configuration (group -> key -> text as written) */
} SimReportVariant;

typedef struct {
  char *name;
  SimReportSubjectKind kind;
  char *location; /* clients: [client.NAME] location, e.g. "internet"; NULL otherwise */
} SimReportSubject;

typedef struct {
  guint variant, subject;   /* indexes into the variant and subject lists */
  const char *metric;       /* interned */
  double value;             /* NaN when the cell is empty */
  double ci_low, ci_high;   /* NaN when empty (one replication, or not applicable) */
  gint64 n;                 /* -1 when empty */
  const char *unit;         /* interned; "" when empty */
} SimReportMetric;

typedef struct {
  double x, y;
} SimReportPoint;

/* One time bin of one subject, gathered from the tidy rows of a timeline.csv
 * (scenario,variant,subject,bin_start_s,bin_end_s,metric,value,...). Metrics the file does not
 * have for the bin are NaN. */
typedef struct {
  guint subject;      /* index into the subject list */
  double start_s;     /* bin start, simulated seconds */
  double end_s;
  double requests;
  double availability;
  double p50_ms, p99_ms;
  double nodes_ready; /* time-average number of Ready nodes */
  double nodes;       /* nodes in the group: summary.csv's `nodes` of the variant */
} SimReportBin;

/* One way requests of a subject failed (summary.json "failures"), all replications. */
typedef struct {
  char *outcome;  /* "connect-timeout" */
  char *detail;   /* "dropped at the public endpoint: source not in public_access_cidrs", or "" */
  double requests;
} SimReportFailure;

typedef struct {
  guint variant;
  char *name;          /* the [fault.NAME] */
  char *kind;
  double start_s, end_s;          /* end NaN: until the end of the run */
  double detected_s, recovered_s; /* NaN when not reached */
} SimReportFault;

typedef struct _SimReportData SimReportData;

/* Reads the scenario folder @dir (the one holding summary.csv). */
SimReportData *sim_report_data_load(const char *dir, GError **error);
void sim_report_data_free(SimReportData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimReportData, sim_report_data_free)

const char *sim_report_data_dir(const SimReportData *data);
/* [scenario] name as summary.csv spells it. */
const char *sim_report_data_scenario(const SimReportData *data);
/* [scenario] description, or "" */
const char *sim_report_data_description(const SimReportData *data);
/* scenario.ini's text, or NULL if the file is missing. */
const char *sim_report_data_scenario_text(const SimReportData *data);
/* [scenario] duration and warmup in seconds (NaN if unknown). */
double sim_report_data_duration_s(const SimReportData *data);
double sim_report_data_warmup_s(const SimReportData *data);
/* The "eksim_version" and "replications" of summary.json, or NULL / 0. */
const char *sim_report_data_eksim_version(const SimReportData *data);
gint64 sim_report_data_replications(const SimReportData *data);

guint sim_report_data_n_variants(const SimReportData *data);
const SimReportVariant *sim_report_data_variant(const SimReportData *data, guint i);
guint sim_report_data_n_subjects(const SimReportData *data);
const SimReportSubject *sim_report_data_subject(const SimReportData *data, guint i);

/* Every summary.csv row, in file order. */
guint sim_report_data_n_metrics(const SimReportData *data);
const SimReportMetric *sim_report_data_metric_at(const SimReportData *data, guint i);
/* The row for (variant, subject, metric), or NULL. */
const SimReportMetric *sim_report_data_metric(const SimReportData *data, guint variant, guint subject,
                                              const char *metric);
/* Its value, or NaN when there is no such row or the cell is empty. */
double sim_report_data_value(const SimReportData *data, guint variant, guint subject, const char *metric);

/* latency_cdf.csv points of (variant, subject), sorted by latency; NULL if none. */
const GArray *sim_report_data_cdf(const SimReportData *data, guint variant, guint subject);
/* timeline.csv rows of a variant, in file order; NULL if the variant has no timeline. */
const GArray *sim_report_data_timeline(const SimReportData *data, guint variant);
/* faults.csv rows (all variants and replications), in file order; never NULL. */
const GArray *sim_report_data_faults(const SimReportData *data);
/* summary.json's failures of (variant, subject), most frequent first; NULL if none. */
const GArray *sim_report_data_failures(const SimReportData *data, guint variant, guint subject);

/* Listing order of a kind: clients, node groups, probes, network, others, faults. */
int sim_report_subject_rank(SimReportSubjectKind kind);

const char *sim_report_mode_name(SimReportMode mode);
/* "public" -> SIM_REPORT_MODE_PUBLIC ...; SIM_REPORT_MODE_UNKNOWN for anything else. */
SimReportMode sim_report_mode_from_name(const char *name);

#endif
