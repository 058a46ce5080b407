/* Scenario files as text: line scanning with line numbers (GKeyFile keeps none), includes,
 * merging. See source.h for the syntax and the merge rule. */
#include "scenario/source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"

typedef struct {
  SimSrcDoc *doc;
  SimDiag *diag;
  GPtrArray *stack;   /* canonical paths of the files being read (cycle detection) */
  GPtrArray *shown;   /* their displayed paths, for the cycle message */
} Loader;

static void
entry_free(gpointer p)
{
  SimSrcEntry *e = p;
  g_free(e->key);
  g_free(e->value);
  g_free(e->file);
  g_free(e->base_dir);
  g_free(e->rel_dir);
  g_free(e);
}

static void
group_free(gpointer p)
{
  SimSrcGroup *g = p;
  g_free(g->name);
  g_free(g->file);
  g_ptr_array_free(g->entries, TRUE);
  g_hash_table_destroy(g->index);
  g_free(g);
}

void
sim_src_doc_free(SimSrcDoc *doc)
{
  if (doc == NULL)
    return;
  g_free(doc->path);
  g_free(doc->base_dir);
  g_ptr_array_free(doc->groups, TRUE);
  g_hash_table_destroy(doc->index);
  g_free(doc);
}

SimSrcGroup *
sim_src_doc_group(const SimSrcDoc *doc, const char *name)
{
  return g_hash_table_lookup(doc->index, name);
}

SimSrcEntry *
sim_src_group_entry(const SimSrcGroup *group, const char *key)
{
  return g_hash_table_lookup(group->index, key);
}

/* One file's own content, before merging. */
typedef struct {
  guint line;
  char *path;
} Include;

typedef struct {
  char *name;
  guint line;
  GPtrArray *keys;   /* char* */
  GPtrArray *values; /* char* */
  GArray *lines;     /* guint */
} FileGroup;

static void
file_group_free(gpointer p)
{
  FileGroup *g = p;
  g_free(g->name);
  g_ptr_array_free(g->keys, TRUE);
  g_ptr_array_free(g->values, TRUE);
  g_array_free(g->lines, TRUE);
  g_free(g);
}

static void
include_free(gpointer p)
{
  Include *inc = p;
  g_free(inc->path);
  g_free(inc);
}

/* The first character of @s that is a control character other than tab, or NULL. */
static const char *
find_control(const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return s + i;
  }
  return NULL;
}

/* Scans @text into includes and groups. Problems go to @diag with @file's name. */
static void
scan(const char *file, const char *text, gsize length, SimDiag *diag, GPtrArray *includes,
     GPtrArray *groups)
{
  GHashTable *group_lines = g_hash_table_new(g_str_hash, g_str_equal);  /* name -> line */
  FileGroup *cur = NULL;
  GHashTable *key_lines = NULL; /* of cur: key -> line */
  const char *p = text, *end = text + length;
  guint ln = 0;

  while (p < end) {
    const char *nl = memchr(p, '\n', (gsize)(end - p));
    const char *eol = nl ? nl : end;
    ln++;
    gsize len = (gsize)(eol - p);
    if (len > 0 && p[len - 1] == '\r')
      len--;
    g_autofree char *line = g_strndup(p, len);
    p = nl ? nl + 1 : end;

    if (strlen(line) != len) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "UTF-8 text",
                   "the line holds a NUL byte");
      continue;
    }
    if (!g_utf8_validate(line, (gssize)len, NULL)) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "UTF-8 text",
                   "the line is not valid UTF-8");
      continue;
    }
    char *s = g_strstrip(line);
    if (*s == '\0' || *s == '#')
      continue;
    if (find_control(s, strlen(s)) != NULL) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "printable text and tabs",
                   "the line holds a control character");
      continue;
    }
    if (*s == ';') {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL,
                   "'#' at the start of a line for comments",
                   "';' does not start a comment");
      continue;
    }
    if (*s == '[') {
      gsize sl = strlen(s);
      if (s[sl - 1] != ']' || sl < 3 || strpbrk(s + 1, "[]") != s + sl - 1) {
        sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "[GROUP] alone on its line",
                     "'%s' is not a group header", s);
        cur = NULL;
        continue;
      }
      s[sl - 1] = '\0';
      char *name = g_strstrip(s + 1);
      if (*name == '\0') {
        sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "[GROUP] alone on its line",
                     "empty group name");
        cur = NULL;
        continue;
      }
      gpointer first = g_hash_table_lookup(group_lines, name);
      if (first != NULL) {
        sim_diag_add(diag, SIM_SCENARIO_ERROR_DUPLICATE, file, ln, name, NULL,
                     "each group once per file", "group written twice in this file (first at line %u)",
                     GPOINTER_TO_UINT(first));
        cur = NULL;
        continue;
      }
      cur = g_new0(FileGroup, 1);
      cur->name = g_strdup(name);
      cur->line = ln;
      cur->keys = g_ptr_array_new_with_free_func(g_free);
      cur->values = g_ptr_array_new_with_free_func(g_free);
      cur->lines = g_array_new(FALSE, FALSE, sizeof(guint));
      g_ptr_array_add(groups, cur);
      g_hash_table_insert(group_lines, cur->name, GUINT_TO_POINTER(ln));
      if (key_lines != NULL)
        g_hash_table_destroy(key_lines);
      key_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      continue;
    }
    char *eq = strchr(s, '=');
    if (eq == NULL) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL,
                   "[GROUP], KEY = VALUE, '#' comments and blank lines",
                   "'%s' is not a group header or KEY = VALUE", s);
      continue;
    }
    *eq = '\0';
    char *key = g_strstrip(s);
    char *value = g_strstrip(eq + 1);
    if (*key == '\0') {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL, "KEY = VALUE",
                   "a value without a key");
      continue;
    }
    if (strchr(value, '\\') != NULL || strchr(key, '\\') != NULL) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, cur ? cur->name : NULL,
                   cur ? key : NULL, "values as plain text",
                   "'\\' escapes are not supported");
      continue;
    }
    if (strcmp(key, "include") == 0) {
      if (groups->len > 0) {
        sim_diag_add(diag, SIM_SCENARIO_ERROR_INCLUDE, file, ln, NULL, NULL,
                     "include = FILE before the first [group]",
                     "include after a group header");
        continue;
      }
      if (*value == '\0') {
        sim_diag_add(diag, SIM_SCENARIO_ERROR_INCLUDE, file, ln, NULL, NULL, "include = FILE",
                     "include without a file name");
        continue;
      }
      Include *inc = g_new0(Include, 1);
      inc->line = ln;
      inc->path = g_strdup(value);
      g_ptr_array_add(includes, inc);
      continue;
    }
    if (groups->len == 0) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_SYNTAX, file, ln, NULL, NULL,
                   "include = FILE before the first group, every other key inside a [group]",
                   "key '%s' outside any group", key);
      continue;
    }
    if (cur == NULL)
      continue; /* inside a group already reported as broken */
    gpointer first = g_hash_table_lookup(key_lines, key);
    if (first != NULL) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_DUPLICATE, file, ln, cur->name, key,
                   "each key once per group", "key written twice in this group (first at line %u)",
                   GPOINTER_TO_UINT(first));
      continue;
    }
    g_hash_table_insert(key_lines, g_strdup(key), GUINT_TO_POINTER(ln));
    g_ptr_array_add(cur->keys, g_strdup(key));
    g_ptr_array_add(cur->values, g_strdup(value));
    g_array_append_val(cur->lines, ln);
  }
  if (key_lines != NULL)
    g_hash_table_destroy(key_lines);
  g_hash_table_destroy(group_lines);
}

/* Reads at most SIM_SCENARIO_MAX_FILE_SIZE bytes of @path. With @regular_only, refuses anything
 * but a regular file (an include naming /dev/zero or a FIFO must not hang the loader); without,
 * pipes are read too (eksim check <(generate-scenario)). *why is set on failure. */
static gboolean
read_bounded(const char *path, gboolean regular_only, char **text, gsize *length, char **why)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    *why = g_strdup("it is a folder");
    return FALSE;
  }
  if (regular_only && g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    *why = g_strdup("it is not a regular file");
    return FALSE;
  }
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    *why = g_strdup(g_strerror(errno));
    return FALSE;
  }
  GString *buf = g_string_sized_new(4096);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    g_string_append_len(buf, chunk, (gssize)n);
    if (buf->len > SIM_SCENARIO_MAX_FILE_SIZE)
      break;
  }
  gboolean failed = ferror(f) != 0;
  int saved = errno;
  fclose(f);
  if (failed) {
    *why = g_strdup(g_strerror(saved));
    g_string_free(buf, TRUE);
    return FALSE;
  }
  if (buf->len > SIM_SCENARIO_MAX_FILE_SIZE) {
    *why = g_strdup("the file is larger than 4 MiB");
    g_string_free(buf, TRUE);
    return FALSE;
  }
  *length = buf->len;
  *text = g_string_free(buf, FALSE);
  return TRUE;
}

static char *
canonical_path(const char *path)
{
  char buf[PATH_MAX];
  if (realpath(path, buf) != NULL)
    return g_strdup(buf);
  return g_canonicalize_filename(path, NULL);
}

/* Folder of @path for building relative paths ("" when it has none). */
static char *
folder_of(const char *path)
{
  char *dir = g_path_get_dirname(path);
  if (strcmp(dir, ".") == 0 && strchr(path, G_DIR_SEPARATOR) == NULL) {
    g_free(dir);
    return g_strdup("");
  }
  return dir;
}

static char *
join_rel(const char *dir, const char *path)
{
  if (g_path_is_absolute(path) || *dir == '\0')
    return g_strdup(path);
  return g_build_filename(dir, path, NULL);
}

static void merge_file(Loader *ld, const char *shown, const char *canon, const char *text, gsize length,
                       const char *rel_dir);

/* Reads one included file and merges it. */
static void
follow_include(Loader *ld, const char *from, const char *from_rel_dir, const Include *inc)
{
  g_autofree char *from_dir = folder_of(from);
  g_autofree char *shown = join_rel(from_dir, inc->path);
  g_autofree char *canon = canonical_path(shown);
  g_autofree char *rel_dir_file = join_rel(from_rel_dir, inc->path);
  g_autofree char *rel_dir = folder_of(rel_dir_file);

  for (guint i = 0; i < ld->stack->len; i++) {
    if (strcmp(ld->stack->pdata[i], canon) == 0) {
      GString *chain = g_string_new(NULL);
      for (guint j = i; j < ld->shown->len; j++)
        g_string_append_printf(chain, "%s -> ", (const char *)ld->shown->pdata[j]);
      g_string_append(chain, shown);
      sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_INCLUDE, from, inc->line, NULL, NULL,
                   "includes that do not lead back to the including file", "include cycle: %s",
                   chain->str);
      g_string_free(chain, TRUE);
      return;
    }
  }
  if (ld->stack->len >= SIM_SCENARIO_MAX_INCLUDE_DEPTH) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_INCLUDE, from, inc->line, NULL, NULL,
                 "at most " G_STRINGIFY(SIM_SCENARIO_MAX_INCLUDE_DEPTH) " nested includes",
                 "includes nested too deeply at '%s'", shown);
    return;
  }
  g_autofree char *text = NULL;
  g_autofree char *why = NULL;
  gsize length = 0;
  if (!read_bounded(shown, TRUE, &text, &length, &why)) {
    sim_diag_add(ld->diag, SIM_SCENARIO_ERROR_INCLUDE, from, inc->line, NULL, NULL,
                 "a readable scenario file up to 4 MiB, relative to the including file",
                 "cannot include '%s': %s", shown, why);
    return;
  }
  merge_file(ld, shown, canon, text, length, rel_dir);
}

static void
merge_file(Loader *ld, const char *shown, const char *canon, const char *text, gsize length,
           const char *rel_dir)
{
  g_autoptr(GPtrArray) includes = g_ptr_array_new_with_free_func(include_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(file_group_free);
  g_autofree char *base_dir = g_path_get_dirname(shown);

  scan(shown, text, length, ld->diag, includes, groups);
  g_ptr_array_add(ld->stack, g_strdup(canon));
  g_ptr_array_add(ld->shown, g_strdup(shown));
  for (guint i = 0; i < includes->len; i++)
    follow_include(ld, shown, rel_dir, includes->pdata[i]);
  g_free(g_ptr_array_steal_index(ld->stack, ld->stack->len - 1));
  g_free(g_ptr_array_steal_index(ld->shown, ld->shown->len - 1));

  for (guint i = 0; i < groups->len; i++) {
    FileGroup *fg = groups->pdata[i];
    SimSrcGroup *g = g_hash_table_lookup(ld->doc->index, fg->name);
    if (g == NULL) {
      g = g_new0(SimSrcGroup, 1);
      g->name = g_strdup(fg->name);
      g->entries = g_ptr_array_new_with_free_func(entry_free);
      g->index = g_hash_table_new(g_str_hash, g_str_equal);
      g_ptr_array_add(ld->doc->groups, g);
      g_hash_table_insert(ld->doc->index, g->name, g);
    }
    g_free(g->file);
    g->file = g_strdup(shown);
    g->line = fg->line;
    for (guint k = 0; k < fg->keys->len; k++) {
      const char *key = fg->keys->pdata[k];
      SimSrcEntry *e = g_hash_table_lookup(g->index, key);
      if (e == NULL) {
        e = g_new0(SimSrcEntry, 1);
        e->key = g_strdup(key);
        g_ptr_array_add(g->entries, e);
        g_hash_table_insert(g->index, e->key, e);
      } else {
        g_free(e->value);
        g_free(e->file);
        g_free(e->base_dir);
        g_free(e->rel_dir);
      }
      e->value = g_strdup(fg->values->pdata[k]);
      e->file = g_strdup(shown);
      e->line = g_array_index(fg->lines, guint, k);
      e->base_dir = g_strdup(base_dir);
      e->rel_dir = g_strdup(rel_dir);
    }
  }
}

SimSrcDoc *
sim_src_load(const char *path, const char *text, gssize length, SimDiag *diag)
{
  g_return_val_if_fail(path != NULL && diag != NULL, NULL);
  SimSrcDoc *doc = g_new0(SimSrcDoc, 1);
  doc->path = g_strdup(path);
  doc->base_dir = g_path_get_dirname(path);
  doc->groups = g_ptr_array_new_with_free_func(group_free);
  doc->index = g_hash_table_new(g_str_hash, g_str_equal);

  g_autofree char *owned = NULL;
  gsize len;
  if (text == NULL) {
    g_autofree char *why = NULL;
    if (!read_bounded(path, FALSE, &owned, &len, &why)) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_IO, path, 0, NULL, NULL, "a readable scenario file up to 4 MiB",
                   "cannot read '%s': %s", path, why);
      return doc;
    }
    text = owned;
  } else {
    len = length < 0 ? strlen(text) : (gsize)length;
    if (len > SIM_SCENARIO_MAX_FILE_SIZE) {
      sim_diag_add(diag, SIM_SCENARIO_ERROR_IO, path, 0, NULL, NULL, "a scenario up to 4 MiB",
                   "the text is too large (%" G_GSIZE_FORMAT " bytes)", len);
      return doc;
    }
  }
  Loader ld = { doc, diag, g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free) };
  g_autofree char *canon = canonical_path(path);
  merge_file(&ld, path, canon, text, len, "");
  g_ptr_array_free(ld.stack, TRUE);
  g_ptr_array_free(ld.shown, TRUE);
  return doc;
}
