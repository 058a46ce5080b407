/* Diagnostics collected while loading a scenario: every problem found, one line each,
 *   FILE:LINE: [group] key: what is wrong; allowed: ...
 * in the order found, identical lines once. Internal to sim/scenario/. */
#ifndef EKSIM_SCENARIO_DIAG_H
#define EKSIM_SCENARIO_DIAG_H

#include <glib.h>

typedef struct {
  int code;        /* SimScenarioError */
  char *file;
  guint line;
  char *group;     /* NULL: not about a group (syntax, includes) */
  char *key;       /* NULL: about the whole group */
  char *what;
  char *allowed;   /* NULL: nothing to suggest */
} SimDiagItem;

typedef struct _SimDiag SimDiag;

SimDiag *sim_diag_new(void);
void sim_diag_free(SimDiag *diag);
/* Adds one problem. @what may end in "; allowed: ..." (as messages from value parsers do): it
 * is then split into what and allowed. */
void sim_diag_add(SimDiag *diag, int code, const char *file, guint line, const char *group,
                  const char *key, const char *allowed, const char *fmt, ...) G_GNUC_PRINTF(8, 9);
guint sim_diag_count(const SimDiag *diag);
const SimDiagItem *sim_diag_item(const SimDiag *diag, guint i);
/* The line of @item, with @note (if not NULL) inserted before "; allowed". */
char *sim_diag_format(const SimDiagItem *item, const char *note);
/* Moves the problems into @error (lines joined by '\n'; code of the first); FALSE if there are
 * none. */
gboolean sim_diag_to_error(const SimDiag *diag, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimDiag, sim_diag_free)

#endif
