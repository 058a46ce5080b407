/* The text layer of a scenario: files read, lines scanned, includes followed and merged, every
 * group and key remembering the file and line that set it. No schema knowledge here beyond the
 * shape of the INI format. Internal to sim/scenario/.
 *
 * Syntax (a subset of GKeyFile's, so every valid scenario is also a valid GKeyFile):
 *   blank lines and lines whose first non-blank character is '#' are ignored;
 *   "[NAME]" starts a group; "KEY = VALUE" sets a key (blanks around both trimmed);
 *   "include = PATH" may only come before the first group;
 *   no escape sequences ('\' is refused), no control characters, UTF-8 only.
 * Merging: a file's includes are applied first, in order, then the file's own groups; a later
 * key replaces an earlier one in place (so order is that of first appearance). Within one file a
 * group or a key may be written only once.
 */
#ifndef EKSIM_SCENARIO_SOURCE_H
#define EKSIM_SCENARIO_SOURCE_H

#include <glib.h>

#include "scenario/diag.h"

typedef struct {
  char *key;
  char *value;
  char *file;     /* the file that set it, as displayed in messages */
  guint line;
  char *base_dir; /* that file's folder, for relative file names in values */
  char *rel_dir;  /* that folder relative to the top file's folder ("" for the top file's own) */
} SimSrcEntry;

typedef struct {
  char *name;
  char *file;     /* the last file that opened the group */
  guint line;
  GPtrArray *entries; /* SimSrcEntry*, order of first appearance */
  GHashTable *index;  /* key -> SimSrcEntry* */
} SimSrcGroup;

typedef struct {
  char *path;          /* top-level file as given */
  char *base_dir;      /* its folder */
  GPtrArray *groups;   /* SimSrcGroup*, order of first appearance */
  GHashTable *index;   /* name -> SimSrcGroup* */
} SimSrcDoc;

/* Reads @path (or uses @text when not NULL, with @path naming it) and its includes. Problems go
 * to @diag; the document holds whatever could be read. */
SimSrcDoc *sim_src_load(const char *path, const char *text, gssize length, SimDiag *diag);
void sim_src_doc_free(SimSrcDoc *doc);
SimSrcGroup *sim_src_doc_group(const SimSrcDoc *doc, const char *name);
SimSrcEntry *sim_src_group_entry(const SimSrcGroup *group, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimSrcDoc, sim_src_doc_free)

#endif
