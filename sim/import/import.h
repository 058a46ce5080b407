/* SimImport: a real cluster definition turned into an eksim scenario.
 *
 * Three sources are recognised from their content, never from the file name:
 *   - an eksctl ClusterConfig (YAML or JSON; apiVersion eksctl.io/..., kind ClusterConfig),
 *   - the output of `aws eks describe-cluster` (JSON with a "cluster" object),
 *   - Terraform JSON: `terraform show -json` of a plan or a state (format_version 1.x), and a raw
 *     state file (terraform.tfstate, "version": 4).
 * Each has its own reader (eksctl.c, describe.c, terraform.c) filling one SimImport: the scenario
 * values, each with the source field it came from, and the warnings (what could not be mapped,
 * and why). writer.c turns that into INI text with a comment per value, a laptop and a bastion
 * client, and a [sweep] over the three endpoint modes with the current one first.
 *
 * Errors (bad syntax, wrong types, missing fields, both endpoint accesses off, unrecognised
 * content) are one line: "FILE[:LINE]: field.path: what is wrong; allowed: ...".
 */
#ifndef EKSIM_IMPORT_IMPORT_H
#define EKSIM_IMPORT_IMPORT_H

#include <glib.h>

#define SIM_IMPORT_ERROR (sim_import_error_quark())
GQuark sim_import_error_quark(void);
typedef enum {
  SIM_IMPORT_ERROR_IO,           /* the file cannot be read */
  SIM_IMPORT_ERROR_SYNTAX,       /* not valid YAML / JSON */
  SIM_IMPORT_ERROR_UNRECOGNISED, /* valid, but none of the known formats */
  SIM_IMPORT_ERROR_TYPE,         /* a field of the wrong type */
  SIM_IMPORT_ERROR_MISSING,      /* a required field is absent */
  SIM_IMPORT_ERROR_BAD_VALUE,    /* a field with a value outside what is allowed */
  SIM_IMPORT_ERROR_NOT_ALLOWED,  /* a combination EKS does not allow (both accesses off) */
  SIM_IMPORT_ERROR_UNSUPPORTED,  /* a format version this reader does not know */
  SIM_IMPORT_ERROR_AMBIGUOUS,    /* several clusters in one Terraform file and no --cluster */
} SimImportError;

typedef enum {
  SIM_IMPORT_FORMAT_EKSCTL,
  SIM_IMPORT_FORMAT_DESCRIBE_CLUSTER,
  SIM_IMPORT_FORMAT_TERRAFORM_PLAN,
  SIM_IMPORT_FORMAT_TERRAFORM_STATE,   /* terraform show -json of a state */
  SIM_IMPORT_FORMAT_TERRAFORM_TFSTATE, /* a raw terraform.tfstate file */
} SimImportFormat;

typedef enum {
  SIM_IMPORT_WARN,    /* something that may matter to the results could not be mapped or was assumed */
  SIM_IMPORT_IGNORED, /* a field with no effect on what eksim models */
} SimImportWarningKind;

typedef struct {
  SimImportWarningKind kind;
  char *where;   /* "cluster.yaml:12" or "plan.json" */
  char *path;    /* field path, "" for the file as a whole */
  char *generic; /* the path with list indices and resource names generalised ("aws_subnet.tags",
                  * "managedNodeGroups[].instanceType"): what fields of one kind share */
  char *message; /* why, one line */
} SimImportWarning;

typedef struct {
  const char *cluster; /* Terraform: which aws_eks_cluster (its name or address); NULL: the only one */
} SimImportOptions;

typedef struct _SimImport SimImport;

/* Reads and maps @path. @opts may be NULL. */
SimImport *sim_import_load_file(const char *path, const SimImportOptions *opts, GError **error);
/* Same, from memory; @name is used in messages and comments. */
SimImport *sim_import_load_data(const char *name, const char *data, gsize len, const SimImportOptions *opts,
                                GError **error);
void sim_import_free(SimImport *imp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimImport, sim_import_free)

SimImportFormat sim_import_format(const SimImport *imp);
/* "eksctl ClusterConfig", "aws eks describe-cluster", "Terraform plan", ... */
const char *sim_import_format_name(SimImportFormat format);
/* The current endpoint mode: "public", "public+private" or "private". */
const char *sim_import_endpoint(const SimImport *imp);
/* Array of SimImportWarning, in the order found. */
const GPtrArray *sim_import_warnings(const SimImport *imp);
/* The SIM_IMPORT_IGNORED warnings, one line per (generic path, reason):
 * "GENERIC: REASON (N fields: PATH, PATH, PATH and K more)" or "PATH: REASON" for a single one.
 * Array of newly allocated strings. */
GPtrArray *sim_import_ignored_summary(const SimImport *imp);
/* The value written for [group] key, or NULL; for tests and the writer. */
const char *sim_import_value(const SimImport *imp, const char *group, const char *key);
/* The scenario as INI text (writer.c). Same input => same bytes. */
char *sim_import_to_scenario(const SimImport *imp);

#endif
