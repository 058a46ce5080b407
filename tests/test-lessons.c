/* Every lesson in scenarios/lessons/ runs, and the conclusion it states is asserted.
 *
 * A lesson states its conclusions in machine-checked comment lines next to the prose, so the two
 * cannot drift apart:
 *
 *   #> run: duration=3m warmup=20s replications=2      [scenario] keys for this test's shorter run
 *   #> expect: availability(laptop | cluster.endpoint=private) == 0
 *   #> expect: latency_p50_ms(laptop | cluster.endpoint=public) > latency_p50_ms(bastion | cluster.endpoint=public)
 *   #> expect: outcome_dns-timeout(node | vpc.dns_support=false) > 0
 *   #> expect: latency_p50_ms(laptop | cluster.endpoint=private) == none
 *   #> expect: explain(bastion | cluster.endpoint=public+private).dns ~ "private hosted zone"
 *   #> expect: explain(node | cluster.endpoint=public @ 90s failed).failure ~ "not in public_access_cidrs"
 *
 * METRIC(SUBJECT | PAIRS) is summary.csv's value of METRIC for SUBJECT in every variant whose
 * label holds all PAIRS (k=v;k=v; no PAIRS: every variant); compared with a number, every such
 * variant must satisfy it; compared with another term, each side must name exactly one variant.
 * `none` is an empty cell. explain(SUBJECT | PAIRS [@ TIME] [failed] [retried] [verb=V]).FIELD runs eksim
 * explain for that one variant and client (FIELD: dns, route, failure, outcome, state, or account:
 * the whole narrative); `~` means "contains", `!~`
 * "does not contain". The lesson runs through the same runner as eksim run, with its [scenario]
 * keys replaced by the `#> run:` ones through an include (the scenario format's own override
 * mechanism), so the rest of the lesson is exactly what a student runs.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cli/run-common.h"
#include "report/explain.h"
#include "report/report-data.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"
#include "support/tmpdir.h"

#define LESSONS_DIR "scenarios/lessons"

static char *tmp;


typedef struct {
  char *path;              /* scenarios/lessons/NAME.ini */
  char *name;              /* NAME */
  GPtrArray *run;          /* "key = value" lines for [scenario] */
  GPtrArray *expects;      /* char* */
  gboolean has_question, has_run, has_look, has_teaches;
} Lesson;

static void
lesson_free(gpointer p)
{
  Lesson *l = p;
  g_free(l->path);
  g_free(l->name);
  g_ptr_array_unref(l->run);
  g_ptr_array_unref(l->expects);
  g_free(l);
}

static Lesson *
lesson_read(const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents(path, &text, NULL, &err))
    g_error("%s: %s", path, err->message);
  Lesson *l = g_new0(Lesson, 1);
  l->path = g_strdup(path);
  g_autofree char *base = g_path_get_basename(path);
  l->name = g_strndup(base, strlen(base) - strlen(".ini"));
  l->run = g_ptr_array_new_with_free_func(g_free);
  l->expects = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  gboolean header = TRUE;
  for (guint i = 0; lines[i] != NULL; i++) {
    const char *line = lines[i];
    if (line[0] != '#' && line[0] != '\0')
      header = FALSE;
    /* the opening comment block names the four parts the issue asks for */
    if (header) {
      l->has_question = l->has_question || g_str_has_prefix(line, "# Question:");
      l->has_run = l->has_run || g_str_has_prefix(line, "# Run:");
      l->has_look = l->has_look || g_str_has_prefix(line, "# Look at:");
      l->has_teaches = l->has_teaches || g_str_has_prefix(line, "# Teaches:");
    }
    if (g_str_has_prefix(line, "#> run:")) {
      g_auto(GStrv) kv = g_strsplit_set(line + strlen("#> run:"), " \t", -1);
      for (guint k = 0; kv[k] != NULL; k++) {
        if (kv[k][0] == '\0')
          continue;
        char *eq = strchr(kv[k], '=');
        g_assert_nonnull(eq);
        *eq = '\0';
        g_ptr_array_add(l->run, g_strdup_printf("%s = %s", kv[k], eq + 1));
      }
    } else if (g_str_has_prefix(line, "#> expect:")) {
      g_ptr_array_add(l->expects, g_strstrip(g_strdup(line + strlen("#> expect:"))));
    } else if (g_str_has_prefix(line, "#>")) {
      g_error("%s:%u: unknown directive '%s'; allowed: #> run:, #> expect:", path, i + 1, line);
    }
  }
  return l;
}

/* ---- evaluating expectations ---- */

typedef struct {
  const Lesson *lesson;
  SimScenario *scn;
  SimReportData *data;
  GHashTable *explained; /* "variant|subject|at|failed|retried|verb" -> SimExplanation*: one run per
                          * distinct explain(), however many of its fields a lesson checks */
} Ctx;

/* Variants of @data whose label holds every pair of @pairs ("a=1;b=2"; "" or NULL: all). */
static GArray *
select_variants(const SimReportData *d, const char *pairs)
{
  GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
  g_auto(GStrv) want = g_strsplit(pairs ? pairs : "", ";", -1);
  for (guint v = 0; v < sim_report_data_n_variants(d); v++) {
    g_auto(GStrv) have = g_strsplit(sim_report_data_variant(d, v)->label, ";", -1);
    gboolean all = TRUE;
    for (guint i = 0; want[i] != NULL && all; i++) {
      g_strstrip(want[i]);
      if (want[i][0] == '\0')
        continue;
      gboolean found = FALSE;
      for (guint k = 0; have[k] != NULL && !found; k++)
        found = strcmp(have[k], want[i]) == 0;
      all = found;
    }
    if (all)
      g_array_append_val(out, v);
  }
  return out;
}

static guint
subject_of(const Ctx *c, const char *name, const char *line)
{
  for (guint s = 0; s < sim_report_data_n_subjects(c->data); s++)
    if (strcmp(sim_report_data_subject(c->data, s)->name, name) == 0)
      return s;
  g_error("%s: '%s': no subject '%s' in the results", c->lesson->name, line, name);
  return 0;
}

/* METRIC(SUBJECT | PAIRS): its values, one per selected variant. */
typedef struct {
  char *metric, *subject, *pairs;
} Term;

static gboolean
parse_term(const char *text, Term *t)
{
  g_autoptr(GRegex) re = g_regex_new("^\\s*([A-Za-z0-9_.+-]+)\\(\\s*([^|)]+?)\\s*(?:\\|\\s*([^)]*?)\\s*)?\\)\\s*$", 0,
                                     0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  if (!g_regex_match(re, text, 0, &m))
    return FALSE;
  t->metric = g_match_info_fetch(m, 1);
  t->subject = g_match_info_fetch(m, 2);
  t->pairs = g_match_info_get_match_count(m) > 3 ? g_match_info_fetch(m, 3) : g_strdup("");
  return TRUE;
}

static void
term_clear(Term *t)
{
  g_free(t->metric);
  g_free(t->subject);
  g_free(t->pairs);
}

static gboolean
compare(double a, const char *op, double b)
{
  if (strcmp(op, "==") == 0)
    return a == b;
  if (strcmp(op, "!=") == 0)
    return a != b;
  if (strcmp(op, "<") == 0)
    return a < b;
  if (strcmp(op, "<=") == 0)
    return a <= b;
  if (strcmp(op, ">") == 0)
    return a > b;
  if (strcmp(op, ">=") == 0)
    return a >= b;
  g_assert_not_reached();
  return FALSE;
}

/* Splits "LHS OP RHS" at the first operator surrounded by spaces outside parentheses and quotes. */
static gboolean
split_op(const char *line, char **lhs, char **op, char **rhs)
{
  static const char *const ops[] = { " == ", " != ", " <= ", " >= ", " < ", " > ", " !~ ", " ~ " };
  int depth = 0;
  gboolean quoted = FALSE;
  for (const char *p = line; *p; p++) {
    if (*p == '"')
      quoted = !quoted;
    else if (!quoted && *p == '(')
      depth++;
    else if (!quoted && *p == ')')
      depth--;
    if (depth != 0 || quoted)
      continue;
    for (guint k = 0; k < G_N_ELEMENTS(ops); k++) {
      if (strncmp(p, ops[k], strlen(ops[k])) == 0) {
        *lhs = g_strndup(line, (gsize)(p - line));
        *op = g_strstrip(g_strdup(ops[k]));
        *rhs = g_strstrip(g_strdup(p + strlen(ops[k])));
        return TRUE;
      }
    }
  }
  return FALSE;
}

static void
check_metric(const Ctx *c, const char *line, const char *lhs, const char *op, const char *rhs)
{
  Term a = { 0 }, b = { 0 };
  if (!parse_term(lhs, &a))
    g_error("%s: '%s': the left side is not METRIC(SUBJECT | PAIRS)", c->lesson->name, line);
  guint sa = subject_of(c, a.subject, line);
  g_autoptr(GArray) va = select_variants(c->data, a.pairs);
  if (va->len == 0)
    g_error("%s: '%s': no variant holds '%s'", c->lesson->name, line, a.pairs);
  if (parse_term(rhs, &b)) {
    guint sb = subject_of(c, b.subject, line);
    g_autoptr(GArray) vb = select_variants(c->data, b.pairs);
    if (va->len != 1 || vb->len != 1)
      g_error("%s: '%s': comparing two terms needs one variant on each side (%u and %u)", c->lesson->name, line,
              va->len, vb->len);
    double x = sim_report_data_value(c->data, g_array_index(va, guint, 0), sa, a.metric);
    double y = sim_report_data_value(c->data, g_array_index(vb, guint, 0), sb, b.metric);
    if (isnan(x) || isnan(y) || !compare(x, op, y))
      g_error("%s: expectation failed: '%s' (%.10g %s %.10g)", c->lesson->name, line, x, op, y);
    term_clear(&b);
  } else {
    gboolean none = strcmp(rhs, "none") == 0;
    char *end = NULL;
    double y = none ? NAN : g_ascii_strtod(rhs, &end);
    if (!none && (end == rhs || *end != '\0'))
      g_error("%s: '%s': the right side is not a number, none or METRIC(SUBJECT | PAIRS)", c->lesson->name, line);
    for (guint i = 0; i < va->len; i++) {
      guint v = g_array_index(va, guint, i);
      double x = sim_report_data_value(c->data, v, sa, a.metric);
      gboolean ok = none ? (strcmp(op, "==") == 0 ? isnan(x) : !isnan(x)) : (!isnan(x) && compare(x, op, y));
      if (!ok)
        g_error("%s: expectation failed: '%s' in variant %s (value %.10g)", c->lesson->name, line,
                sim_report_data_variant(c->data, v)->label, x);
    }
  }
  term_clear(&a);
}

static void
check_explain(const Ctx *c, const char *line, const char *lhs, const char *op, const char *rhs)
{
  g_autoptr(GRegex) re = g_regex_new("^\\s*explain\\(\\s*([^|)]+?)\\s*(?:\\|\\s*([^)@]*?)\\s*)?(?:@\\s*([0-9.]+[a-z]+)"
                                     "\\s*)?(failed)?\\s*(retried)?\\s*(?:verb=([a-z]+))?\\s*\\)\\.(dns|route|failure|outcome|state|account)\\s*$",
                                     0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  if (!g_regex_match(re, lhs, 0, &m))
    g_error("%s: '%s': not explain(SUBJECT | PAIRS [@ TIME] [failed] [retried] [verb=V]).FIELD", c->lesson->name,
            line);
  g_autofree char *subject = g_match_info_fetch(m, 1);
  g_autofree char *pairs = g_match_info_fetch(m, 2);
  g_autofree char *at = g_match_info_fetch(m, 3);
  g_autofree char *failed = g_match_info_fetch(m, 4);
  g_autofree char *retried = g_match_info_fetch(m, 5);
  g_autofree char *verb = g_match_info_fetch(m, 6);
  g_autofree char *field = g_match_info_fetch(m, 7);
  if (!g_str_has_prefix(rhs, "\"") || !g_str_has_suffix(rhs, "\"") || strlen(rhs) < 2)
    g_error("%s: '%s': explain is compared with a \"quoted text\"", c->lesson->name, line);
  g_autofree char *want = g_strndup(rhs + 1, strlen(rhs) - 2);
  g_autoptr(GArray) vs = select_variants(c->data, pairs);
  if (vs->len != 1)
    g_error("%s: '%s': explain needs exactly one variant, '%s' selects %u", c->lesson->name, line, pairs, vs->len);
  SimTime at_time = 0;
  if (at != NULL && at[0] != '\0') {
    double x = g_ascii_strtod(at, NULL);
    at_time = g_str_has_suffix(at, "ms") ? (SimTime)(x * SIM_MS)
              : g_str_has_suffix(at, "m") ? (SimTime)(x * 60 * SIM_S)
                                          : (SimTime)(x * SIM_S);
  }
  const char *only[] = { subject, NULL };
  SimExplainOptions o = { only, at_time, failed != NULL && failed[0] != '\0', 0, FALSE,
                          verb != NULL && verb[0] != '\0' ? verb : NULL, retried != NULL && retried[0] != '\0' };
  guint variant = g_array_index(vs, guint, 0);
  g_autofree char *key = g_strdup_printf("%u|%s|%" G_GINT64_FORMAT "|%d|%d|%s", variant, subject, (gint64)at_time,
                                         o.failed, o.retried, o.verb ? o.verb : "");
  SimExplanation *ex = g_hash_table_lookup(c->explained, key);
  if (ex == NULL) {
    g_autoptr(GError) err = NULL;
    ex = sim_explain_run(sim_scenario_get_variant(c->scn, variant), &o, &err);
    g_assert_no_error(err);
    g_hash_table_insert(c->explained, g_strdup(key), ex);
  }
  const SimExplainRequest *r = sim_explanation_find(ex, subject);
  g_autofree char *got = NULL;
  if (r == NULL)
    got = g_strdup("(no request)");
  else if (strcmp(field, "dns") == 0)
    got = sim_explain_request_dns(r);
  else if (strcmp(field, "route") == 0)
    got = sim_explain_request_route(r);
  else if (strcmp(field, "failure") == 0)
    got = sim_explain_request_failure(r);
  else if (strcmp(field, "account") == 0) {
    GString *all = g_string_new(NULL);
    sim_explanation_format(ex, SIM_EXPLAIN_FORMAT_TEXT, FALSE, 1, 1, all);
    got = g_string_free(all, FALSE);
  } else if (strcmp(field, "state") == 0) {
    GString *all = g_string_new(NULL);
    for (guint i = 0; i < r->state->len; i++)
      g_string_append_printf(all, "%s%s", i ? "; " : "", (const char *)r->state->pdata[i]);
    got = g_string_free(all, FALSE);
  }
  else
    got = g_strdup(sim_outcome_name(r->record.outcome));
  gboolean has = strstr(got, want) != NULL;
  if (strcmp(op, "~") == 0 ? !has : strcmp(op, "!~") == 0 ? has : TRUE)
    g_error("%s: expectation failed: '%s'; explain's %s is: %s", c->lesson->name, line, field, got);
}

static void
check(const Ctx *c, const char *line)
{
  g_autofree char *lhs = NULL, *op = NULL, *rhs = NULL;
  if (!split_op(line, &lhs, &op, &rhs))
    g_error("%s: '%s': no operator (==, !=, <, <=, >, >=, ~, !~)", c->lesson->name, line);
  if (g_str_has_prefix(g_strstrip(lhs), "explain("))
    check_explain(c, line, lhs, op, rhs);
  else
    check_metric(c, line, lhs, op, rhs);
}

/* ---- one lesson ---- */

static void
test_lesson(gconstpointer data)
{
  const Lesson *l = data;
  g_assert_true(l->has_question);
  g_assert_true(l->has_run);
  g_assert_true(l->has_look);
  g_assert_true(l->has_teaches);
  g_assert_cmpuint(l->expects->len, >, 0);

  /* the lesson as a student runs it, with this test's [scenario] keys on top */
  g_autofree char *abs = g_canonicalize_filename(l->path, NULL);
  GString *wrap = g_string_new(NULL);
  g_string_append_printf(wrap, "include = %s\n[scenario]\n", abs);
  for (guint i = 0; i < l->run->len; i++)
    g_string_append_printf(wrap, "%s\n", (const char *)l->run->pdata[i]);
  g_autofree char *wrap_path = g_build_filename(tmp, l->name, NULL);
  g_autofree char *wrap_file = g_strdup_printf("%s.ini", wrap_path);
  g_assert_true(g_file_set_contents(wrap_file, wrap->str, -1, NULL));
  g_string_free(wrap, TRUE);

  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load(wrap_file, &err);
  g_assert_no_error(err);
  g_autofree char *out = g_build_filename(tmp, "results", NULL);
  SimRunnerOptions opts = { 0 };
  opts.jobs = 2;
  g_autoptr(SimRunner) runner = sim_runner_new(eksim_world_ops(), &opts, out);
  g_autofree char *safe = sim_scenario_safe_name(sim_scenario_name(scn));
  sim_runner_add_file(runner, wrap_file);
  SimRunnerStatus st = sim_runner_run(runner);
  for (const char *const *p = sim_runner_problems(runner); *p; p++)
    g_test_message("%s", *p);
  g_assert_cmpint(st, ==, SIM_RUNNER_OK);
  g_autofree char *dir = g_build_filename(out, safe, NULL);
  g_autoptr(SimReportData) data_ = sim_report_data_load(dir, &err);
  g_assert_no_error(err);
  g_autoptr(GHashTable) explained =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)sim_explanation_free);
  Ctx c = { l, scn, data_, explained };
  for (guint i = 0; i < l->expects->len; i++)
    check(&c, l->expects->pdata[i]);
  test_remove_tree(dir);
}

/* ---- the lessons as a set: numbering, NOTES.md's guide and README.md's list agree ---- */

static int
count_matches(const char *text, const char *pattern)
{
  g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  int n = 0;
  g_regex_match(re, text, 0, &m);
  while (g_match_info_matches(m)) {
    n++;
    g_match_info_next(m, NULL);
  }
  return n;
}

static void
test_index(gconstpointer data)
{
  const GPtrArray *lessons = data;
  g_autofree char *notes = NULL, *readme = NULL;
  g_assert_true(g_file_get_contents("NOTES.md", &notes, NULL, NULL));
  g_assert_true(g_file_get_contents("README.md", &readme, NULL, NULL));
  g_autoptr(GRegex) file_re = g_regex_new("^([0-9]{2})-[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  for (guint i = 0; i < lessons->len; i++) {
    const Lesson *l = lessons->pdata[i];
    g_autoptr(GMatchInfo) m = NULL;
    if (!g_regex_match(file_re, l->name, 0, &m))
      g_error("%s: a lesson file is named NN-words.ini (two digits, lower-case words)", l->path);
    g_autofree char *nn = g_match_info_fetch(m, 1);
    guint n = (guint)g_ascii_strtoull(nn, NULL, 10);
    /* numbered 1..N in file order, without gaps or repeats */
    if (n != i + 1)
      g_error("%s: lesson number %u, expected %u (lessons are numbered 1, 2, ... without gaps)", l->path, n, i + 1);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(l->path, &text, NULL, NULL));
    g_autofree char *header = g_strdup_printf("# Lesson %u: ", n);
    if (!g_str_has_prefix(text, header))
      g_error("%s: the first line must start with '%s'", l->path, header);
    g_autofree char *scn = g_strdup_printf("\nname = lesson-%s\n", l->name);
    if (count_matches(text, scn) != 1)
      g_error("%s: [scenario] name must be lesson-%s (results land in a folder of that name)", l->path, l->name);
    g_autofree char *esc = g_regex_escape_string(l->name, -1);
    g_autofree char *heading = g_strdup_printf("^### Lesson %u: .*\\(%s\\.ini\\)$", n, esc);
    if (count_matches(notes, heading) != 1)
      g_error("NOTES.md: no (or more than one) heading '### Lesson %u: ... (%s.ini)' in the study-group guide", n,
              l->name);
    g_autofree char *table = g_strdup_printf("^<!-- BEGIN LESSON %s -->\n```text\nlesson-%s: [^\n]+\n(.*\n)+?```\n"
                                             "<!-- END LESSON %s -->$",
                                             esc, esc, esc);
    if (count_matches(notes, table) != 1)
      g_error("NOTES.md: lesson %s has no compare table between its markers (run tests/update-notes-lessons.sh)",
              l->name);
    g_autofree char *row = g_strdup_printf("^\\| %u \\| `%s\\.ini` \\| [^|]+ \\|$", n, esc);
    if (count_matches(readme, row) != 1)
      g_error("README.md: the lessons' list has no row '| %u | `%s.ini` | QUESTION |'", n, l->name);
  }
  /* nothing listed that is not a lesson */
  int headings = count_matches(notes, "^### Lesson [0-9]+: ");
  int tables = count_matches(notes, "^<!-- BEGIN LESSON ");
  int rows = count_matches(readme, "^\\| [0-9]+ \\| `[0-9]{2}-[^`]*\\.ini` \\|");
  if (headings != (int)lessons->len || tables != (int)lessons->len || rows != (int)lessons->len)
    g_error("%u lessons, but NOTES.md has %d lesson headings and %d tables, README.md %d rows", lessons->len,
            headings, tables, rows);
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  tmp = g_dir_make_tmp("eksim-lessons-XXXXXX", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) d = g_dir_open(LESSONS_DIR, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL)
    if (g_str_has_suffix(name, ".ini") && name[0] != '_' && name[0] != '.')
      g_ptr_array_add(names, g_build_filename(LESSONS_DIR, name, NULL));
  g_ptr_array_sort(names, by_name);
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func(lesson_free);
  for (guint i = 0; i < names->len; i++) {
    Lesson *l = lesson_read(names->pdata[i]);
    g_ptr_array_add(lessons, l);
    g_autofree char *path = g_strdup_printf("/lessons/%s", l->name);
    g_test_add_data_func(path, l, test_lesson);
  }
  g_test_add_data_func("/lessons/index", lessons, test_index);
  int rc = g_test_run();
  test_remove_tree(tmp);
  g_free(tmp);
  return rc;
}
