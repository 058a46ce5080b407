/* SimImportDoc: one imported source file (YAML or JSON) as a tree the format readers walk.
 *
 * Both YAML (libyaml, for eksctl ClusterConfig files) and JSON (json-glib, for describe-cluster
 * and Terraform output) load into the same json-glib node tree, so the three readers share one
 * set of typed accessors. The document remembers, per node, where it came from (YAML: line and
 * column; JSON: nothing finer than the file, since json-glib keeps no positions), its parent and
 * its key, so every message can name the field path ("vpc.clusterEndpoints.publicAccess") and,
 * for YAML, the line.
 *
 * YAML is read as eksctl reads it (YAML 1.1 through sigs.k8s.io/yaml): plain scalars true/false,
 * yes/no, on/off are booleans, plain decimal integers are numbers, plain null/~/empty is null;
 * a quoted scalar is always a string. Anchors, aliases and "<<" merge keys are followed. A
 * duplicate key in one mapping is an error. Only the first YAML document is read (a warning says
 * so when there are more).
 *
 * Every accessor marks what it reads as consumed; sim_import_doc_walk_unconsumed() then lists
 * what no reader looked at, so the caller can warn about it instead of dropping it silently.
 */
#ifndef EKSIM_IMPORT_DOC_H
#define EKSIM_IMPORT_DOC_H

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct _SimImportDoc SimImportDoc;

typedef enum {
  SIM_IMPORT_DOC_JSON,
  SIM_IMPORT_DOC_YAML,
} SimImportDocSyntax;

/* Parses @data (@len bytes) as JSON when its first non-blank character is '{' or '[', as YAML
 * otherwise. @name is the file name used in messages. Errors: SIM_IMPORT_ERROR_SYNTAX with
 * "NAME:LINE:COL: what is wrong". */
SimImportDoc *sim_import_doc_parse(const char *name, const char *data, gsize len, GError **error);
void sim_import_doc_free(SimImportDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimImportDoc, sim_import_doc_free)

SimImportDocSyntax sim_import_doc_syntax(const SimImportDoc *doc);
const char *sim_import_doc_name(const SimImportDoc *doc);
JsonNode *sim_import_doc_root(const SimImportDoc *doc);
/* Set when the YAML file held more than one document (only the first is read). */
gboolean sim_import_doc_has_more_documents(const SimImportDoc *doc);

/* Gives @node (usually a Terraform resource's values) a display name that replaces its path
 * in messages: fields below it read "module.eks.aws_eks_cluster.this.vpc_config[0]...".
 * @generic is the form used for reason-table matching ("aws_eks_cluster"). */
void sim_import_doc_set_label(SimImportDoc *doc, JsonNode *node, const char *label, const char *generic);

/* The field path of @node ("vpc.subnets.private.eu-west-1a.cidr", "nodeGroups[1].name");
 * "" for the root. Newly allocated. */
char *sim_import_doc_path(const SimImportDoc *doc, JsonNode *node);
/* The path in the form reason tables match: list indices written "[]", labels in their
 * generic form ("aws_subnet.cidr_block", "nodeGroups[].instanceType"). Newly allocated. */
char *sim_import_doc_generic_path(const SimImportDoc *doc, JsonNode *node);
/* 1-based line of @node in a YAML file; 0 when unknown (JSON). */
guint sim_import_doc_line(const SimImportDoc *doc, JsonNode *node);
/* "NAME:LINE" (YAML) or "NAME" (JSON), for messages. Newly allocated. */
char *sim_import_doc_where(const SimImportDoc *doc, JsonNode *node);
/* "vpc.cidr (line 12)" or "cluster.version": what a scenario comment cites. Newly allocated. */
char *sim_import_doc_cite(const SimImportDoc *doc, JsonNode *node);

/* Marks @node (and, with @subtree, everything below it) as read. */
void sim_import_doc_consume(SimImportDoc *doc, JsonNode *node, gboolean subtree);

/* Member @key of object @obj, marked consumed; NULL when absent or null. @obj must be an object
 * node (checked by the caller with sim_import_doc_object). */
JsonNode *sim_import_doc_member(SimImportDoc *doc, JsonNode *obj, const char *key);

/* Type checks: each returns FALSE with a SIM_IMPORT_ERROR_TYPE error naming the path, the line
 * and the value found when @node is not of the type. A NULL @node is "absent" and fails only in
 * the *_required variants (SIM_IMPORT_ERROR_MISSING, naming @parent's path + @key). */
gboolean sim_import_doc_object(SimImportDoc *doc, JsonNode *node, GError **error);
gboolean sim_import_doc_array(SimImportDoc *doc, JsonNode *node, GError **error);
gboolean sim_import_doc_bool(SimImportDoc *doc, JsonNode *node, gboolean *out, GError **error);
gboolean sim_import_doc_int(SimImportDoc *doc, JsonNode *node, gint64 *out, GError **error);
/* Any scalar as text: strings as written, numbers and booleans in their text form. */
gboolean sim_import_doc_string(SimImportDoc *doc, JsonNode *node, const char **out, GError **error);

/* Convenience: member @key of @obj read as the type; *@found tells whether it was there (not
 * absent or null). On a type error returns FALSE. */
gboolean sim_import_doc_get_bool(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found,
                                 gboolean *out, GError **error);
gboolean sim_import_doc_get_int(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found,
                                gint64 *out, GError **error);
gboolean sim_import_doc_get_string(SimImportDoc *doc, JsonNode *obj, const char *key, gboolean *found,
                                   const char **out, GError **error);
/* Member @key that must be present and an object / an array. */
JsonNode *sim_import_doc_require_object(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error);
/* Optional object / array member: NULL with no error when absent; NULL + error on a wrong type. */
JsonNode *sim_import_doc_get_object(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error);
JsonNode *sim_import_doc_get_array(SimImportDoc *doc, JsonNode *obj, const char *key, GError **error);

/* A short description of @node for messages: "a string \"yes\"", "a number 3", "a list". */
char *sim_import_doc_describe(const SimImportDoc *doc, JsonNode *node);

/* Calls @func for every maximal subtree below @node that no accessor consumed, with its path.
 * Null values and empty lists/maps carry no information and are skipped. */
typedef void (*SimImportDocVisit)(SimImportDoc *doc, JsonNode *node, const char *path, gpointer data);
void sim_import_doc_walk_unconsumed(SimImportDoc *doc, JsonNode *node, SimImportDocVisit func, gpointer data);

/* Sets a SIM_IMPORT_ERROR of @code at @node: "WHERE: PATH: message". */
void sim_import_doc_error(SimImportDoc *doc, JsonNode *node, GError **error, int code, const char *fmt, ...)
  G_GNUC_PRINTF(5, 6);

#endif
