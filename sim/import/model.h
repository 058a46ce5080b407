/* Internals shared by the import readers (eksctl.c, describe.c, terraform.c) and the scenario
 * writer (writer.c): the SimImport under construction. Not for use outside sim/import/. */
#ifndef EKSIM_IMPORT_MODEL_H
#define EKSIM_IMPORT_MODEL_H

#include <glib.h>

#include "import/doc.h"
#include "import/import.h"

typedef struct {
  char *key;
  char *value;  /* as written in the scenario */
  char *source; /* the comment: which source field, or why assumed */
} SimImportEntry;

typedef struct {
  char *name;        /* "cluster", "vpc", "nodegroup.ng-1" */
  char *comment;     /* optional comment above the group */
  GPtrArray *entries; /* of SimImportEntry, in insertion order */
} SimImportGroup;

struct _SimImport {
  SimImportFormat format;
  char *file;          /* as given (for comments) */
  char *cluster_name;  /* from the source, or NULL */
  char *region;        /* from the source, or NULL */
  GPtrArray *groups;   /* of SimImportGroup */
  GPtrArray *warnings; /* of SimImportWarning */

  /* What the writer needs to add sensible clients and the sweep. */
  gboolean public_access, private_access;
  char *endpoint_source;            /* cite for the two access flags */
  GPtrArray *public_access_cidrs;   /* of char*, normalised; empty = default 0.0.0.0/0 */
  char *vpc_cidr;                   /* NULL: eksim default */
  gboolean has_public_subnets;      /* TRUE if the source shows public subnets (or cannot tell) */
  gboolean sg_allow_set;            /* security_group_allow came from the source */
};

/* Sets [group] key = value with its source comment (printf-style). Replaces an earlier value. */
void sim_import_set(SimImport *imp, const char *group, const char *key, const char *value, const char *source_fmt,
                    ...) G_GNUC_PRINTF(5, 6);
/* Gives [group] a comment line; creates the group if needed. */
void sim_import_group_comment(SimImport *imp, const char *group, const char *comment);
gboolean sim_import_has_group(const SimImport *imp, const char *group);

/* Adds a warning. @node may be NULL (the file as a whole). */
void sim_import_warn(SimImport *imp, SimImportDoc *doc, JsonNode *node, SimImportWarningKind kind, const char *fmt,
                     ...) G_GNUC_PRINTF(5, 6);
/* Same with an explicit path (for things that are not one node); the path is its own generic
 * form. */
void sim_import_warn_path(SimImport *imp, const char *where, const char *path, SimImportWarningKind kind,
                          const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* An ignored-kind note about several resources of one type (Terraform), grouped under @generic. */
void sim_import_note_resources(SimImport *imp, const char *where, const char *generic, const char *paths,
                               SimImportWarningKind kind, const char *reason);

/* The strings of @list joined with ", ". Newly allocated. */
char *sim_import_join(const GPtrArray *list);

/* Checks a CIDR from the source (strict: host bits clear) and appends it normalised to @list;
 * on error names the node. */
gboolean sim_import_cidr(SimImportDoc *doc, JsonNode *node, GPtrArray *list, GError **error);
/* A VPC block: as sim_import_cidr, and also /16../28 and not overlapping a block already in
 * @list (AWS refuses either), else BAD_VALUE naming the node. */
gboolean sim_import_vpc_cidr(SimImportDoc *doc, JsonNode *node, GPtrArray *list, GError **error);
/* A scenario instance name from a source name: letters, digits, '-' and '_' kept, others
 * become '-'; made unique within @family by a numeric suffix. Newly allocated. */
char *sim_import_instance_name(SimImport *imp, const char *family, const char *name);

/* Checks the two access flags (both off is an error naming @node) and records the mode in
 * [cluster] endpoint. */
gboolean sim_import_set_endpoint(SimImport *imp, SimImportDoc *doc, JsonNode *node, gboolean pub, gboolean priv,
                                 const char *source, GError **error);

/* Reads the optional list of public-access CIDRs at @key of @obj (strict CIDRs, see
 * sim_import_cidr) into [cluster] public_access_cidrs, cited to the list. @found (may be NULL)
 * receives the list's node, or NULL when the key is absent. */
gboolean sim_import_set_public_access_cidrs(SimImport *imp, SimImportDoc *doc, JsonNode *obj, const char *key,
                                            JsonNode **found, GError **error);

/* One reason table row: fields matching @pattern (g_pattern_match_simple on the path with
 * list indices written "[]") are reported with @reason; @ignored says "no effect on the model". */
typedef struct {
  const char *pattern;
  gboolean ignored;
  const char *reason;
} SimImportReason;

/* Walks what no reader consumed below @node and warns about each field, with the reason from
 * @table (first match) or "not recognised by eksim import" as a SIM_IMPORT_WARN. */
void sim_import_report_unconsumed(SimImport *imp, SimImportDoc *doc, JsonNode *node, const SimImportReason *table,
                                  gsize n_table);

/* writer.c: after a reader succeeded, adds what every imported scenario gets: the scenario's
 * name and description, a laptop and a bastion client, security_group_allow for the bastion
 * when the source has none (with a warning), and the endpoint sweep. */
void sim_import_finish(SimImport *imp);

/* The readers. Each fills @imp from @doc; FALSE + error on bad input. */
gboolean sim_import_read_eksctl(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error);
gboolean sim_import_read_describe(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error);
gboolean sim_import_read_terraform(SimImport *imp, SimImportDoc *doc, const SimImportOptions *opts, GError **error);

#endif
