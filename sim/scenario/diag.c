/* Diagnostics: the list of problems a scenario load found. */
#include "scenario/diag.h"

#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"

struct _SimDiag {
  GPtrArray *items;  /* SimDiagItem* */
  GHashTable *seen;  /* formatted lines */
};

static void
item_free(gpointer p)
{
  SimDiagItem *it = p;
  g_free(it->file);
  g_free(it->group);
  g_free(it->key);
  g_free(it->what);
  g_free(it->allowed);
  g_free(it);
}

SimDiag *
sim_diag_new(void)
{
  SimDiag *d = g_new0(SimDiag, 1);
  d->items = g_ptr_array_new_with_free_func(item_free);
  d->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return d;
}

void
sim_diag_free(SimDiag *diag)
{
  if (diag == NULL)
    return;
  g_ptr_array_free(diag->items, TRUE);
  g_hash_table_destroy(diag->seen);
  g_free(diag);
}

char *
sim_diag_format(const SimDiagItem *it, const char *note)
{
  GString *s = g_string_new(NULL);
  if (it->line > 0)
    g_string_append_printf(s, "%s:%u: ", it->file, it->line);
  else
    g_string_append_printf(s, "%s: ", it->file);
  if (it->group != NULL) {
    g_string_append_printf(s, "[%s]", it->group);
    if (it->key != NULL)
      g_string_append_printf(s, " %s", it->key);
    g_string_append(s, ": ");
  }
  g_string_append(s, it->what);
  if (note != NULL)
    g_string_append_printf(s, " (%s)", note);
  if (it->allowed != NULL)
    g_string_append_printf(s, "; allowed: %s", it->allowed);
  return g_string_free(s, FALSE);
}

void
sim_diag_add(SimDiag *diag, int code, const char *file, guint line, const char *group, const char *key,
             const char *allowed, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);

  SimDiagItem *it = g_new0(SimDiagItem, 1);
  it->code = code;
  it->file = g_strdup(file ? file : "?");
  it->line = line;
  it->group = g_strdup(group);
  it->key = g_strdup(key);
  char *cut = strstr(what, "; allowed: ");
  if (allowed == NULL && cut != NULL) {
    it->allowed = g_strdup(cut + strlen("; allowed: "));
    *cut = '\0';
  } else {
    it->allowed = g_strdup(allowed);
  }
  it->what = what;
  /* one line per problem: a stray newline in a quoted value must not start a second line */
  g_strdelimit(it->what, "\r\n", ' ');
  if (it->allowed != NULL)
    g_strdelimit(it->allowed, "\r\n", ' ');

  char *text = sim_diag_format(it, NULL);
  if (g_hash_table_contains(diag->seen, text)) {
    g_free(text);
    item_free(it);
    return;
  }
  g_hash_table_add(diag->seen, text);
  g_ptr_array_add(diag->items, it);
}

guint
sim_diag_count(const SimDiag *diag)
{
  return diag->items->len;
}

const SimDiagItem *
sim_diag_item(const SimDiag *diag, guint i)
{
  g_return_val_if_fail(i < diag->items->len, NULL);
  return diag->items->pdata[i];
}

typedef struct {
  const SimDiagItem *item;
  guint file_rank; /* order of the file's first problem */
  guint seq;
} Ranked;

static gint
ranked_cmp(gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->file_rank != y->file_rank)
    return x->file_rank < y->file_rank ? -1 : 1;
  if (x->item->line != y->item->line)
    return x->item->line < y->item->line ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

gboolean
sim_diag_to_error(const SimDiag *diag, GError **error)
{
  if (diag->items->len == 0)
    return FALSE;
  /* file by file (in the order their first problem was found), line by line */
  g_autoptr(GHashTable) ranks = g_hash_table_new(g_str_hash, g_str_equal);
  g_autofree Ranked *order = g_new(Ranked, diag->items->len);
  for (guint i = 0; i < diag->items->len; i++) {
    const SimDiagItem *it = diag->items->pdata[i];
    if (!g_hash_table_contains(ranks, it->file))
      g_hash_table_insert(ranks, it->file, GUINT_TO_POINTER(g_hash_table_size(ranks)));
    order[i] = (Ranked){ it, GPOINTER_TO_UINT(g_hash_table_lookup(ranks, it->file)), i };
  }
  qsort(order, diag->items->len, sizeof(Ranked), ranked_cmp);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < diag->items->len; i++) {
    g_autofree char *line = sim_diag_format(order[i].item, NULL);
    if (i > 0)
      g_string_append_c(s, '\n');
    g_string_append(s, line);
  }
  const SimDiagItem *first = order[0].item;
  g_set_error_literal(error, SIM_SCENARIO_ERROR, first->code, s->str);
  g_string_free(s, TRUE);
  return TRUE;
}
