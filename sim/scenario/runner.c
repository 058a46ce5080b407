/* The batch runner (see runner.h): plans, runs on worker threads, resumes, shards, merges and
 * summarises. Determinism rests on three rules: a run's results depend only on its configuration
 * and replication index (the model draws from streams seeded by both); every run writes its raw
 * results to its own folder; and summaries are computed from those files in plan order, never
 * from memory in completion order.
 */
#include "scenario/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/version.h"
#include "report/csv.h"
#include "report/plan.h"
#include "report/results.h"
#include "report/table.h"
#include "stats/result.h"
#include "stats/summary.h"

G_DEFINE_QUARK(sim-runner-error-quark, sim_runner_error)

typedef struct {
  char *path;
  SimScenario *scn;
  SimPlan *plan;
  char *dir;          /* out_dir/SCENARIO */
  gint failed;        /* atomic: a run failed; no summary for this scenario */
  gboolean planned;   /* loaded, planned, folder prepared */
} Scn;

typedef struct {
  SimRunner *runner;
  Scn *scn;
  guint variant, replication;
  char *error;        /* a failed run: why */
  gboolean skipped;   /* not run (interrupted, or its scenario failed) */
} Job;

struct _SimRunner {
  SimModelOps ops;
  SimRunnerOptions opts;
  char *out_dir;
  GPtrArray *scns;      /* Scn */
  GPtrArray *problems;  /* char *, NULL-terminated after run */
  GPtrArray *notes;     /* char *, NULL-terminated after run */
  GString *tables;
  gint interrupted;     /* atomic */
  gboolean bad_input, failed;
  GMainContext *ctx;
  GAsyncQueue *done;    /* Job, as workers finish them */
  guint n_executed, n_reused, n_summarised;
  guint total, finished, executed_now;
  gint64 t0;
  gboolean progress_shown;
};

static void
scn_free(gpointer p)
{
  Scn *s = p;
  g_free(s->path);
  if (s->scn)
    sim_scenario_free(s->scn);
  sim_plan_free(s->plan);
  g_free(s->dir);
  g_free(s);
}

SimRunner *
sim_runner_new(const SimModelOps *ops, const SimRunnerOptions *opts, const char *out_dir)
{
  g_return_val_if_fail(ops && ops->create && ops->run && ops->destroy && opts && out_dir, NULL);
  SimRunner *r = g_new0(SimRunner, 1);
  r->ops = *ops;
  r->opts = *opts;
  if (r->opts.jobs == 0)
    r->opts.jobs = g_get_num_processors();
  if (r->opts.n_shards <= 1) {
    r->opts.n_shards = 1;
    r->opts.shard = 1;
  }
  r->out_dir = g_strdup(out_dir);
  r->scns = g_ptr_array_new_with_free_func(scn_free);
  r->problems = g_ptr_array_new_with_free_func(g_free);
  r->notes = g_ptr_array_new_with_free_func(g_free);
  r->tables = g_string_new(NULL);
  return r;
}

void
sim_runner_free(SimRunner *r)
{
  if (!r)
    return;
  g_free(r->out_dir);
  g_ptr_array_unref(r->scns);
  g_ptr_array_unref(r->problems);
  g_ptr_array_unref(r->notes);
  g_string_free(r->tables, TRUE);
  g_free(r);
}

void
sim_runner_add_file(SimRunner *r, const char *path)
{
  Scn *s = g_new0(Scn, 1);
  s->path = g_strdup(path);
  g_ptr_array_add(r->scns, s);
}

void
sim_runner_add_scenario(SimRunner *r, SimScenario *scn)
{
  Scn *s = g_new0(Scn, 1);
  s->path = g_strdup(sim_scenario_path(scn));
  s->scn = scn;
  g_ptr_array_add(r->scns, s);
}

void
sim_runner_interrupt(SimRunner *r)
{
  g_atomic_int_set(&r->interrupted, 1);
  if (r->ctx)
    g_main_context_wakeup(r->ctx);
}

const char *const *
sim_runner_problems(const SimRunner *r)
{
  if (r->problems->len == 0 || g_ptr_array_index(r->problems, r->problems->len - 1) != NULL)
    g_ptr_array_add(r->problems, NULL);
  return (const char *const *)r->problems->pdata;
}

const char *const *
sim_runner_notes(const SimRunner *r)
{
  if (r->notes->len == 0 || g_ptr_array_index(r->notes, r->notes->len - 1) != NULL)
    g_ptr_array_add(r->notes, NULL);
  return (const char *const *)r->notes->pdata;
}

const char *
sim_runner_tables(const SimRunner *r)
{
  return r->tables->str;
}

guint
sim_runner_n_executed(const SimRunner *r)
{
  return r->n_executed;
}

guint
sim_runner_n_reused(const SimRunner *r)
{
  return r->n_reused;
}

guint
sim_runner_n_summarised(const SimRunner *r)
{
  return r->n_summarised;
}

static void
problem(SimRunner *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
problem(SimRunner *r, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(r->problems, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

/* ---- files ---- */

static gboolean
io_error(GError **error, const char *path, const char *what, int err)
{
  g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_IO, "%s: cannot %s: %s", path, what, g_strerror(err));
  return FALSE;
}

static gboolean
make_dir(const char *path, GError **error)
{
  if (g_mkdir_with_parents(path, 0755) != 0)
    return io_error(error, path, "create folder", errno);
  return TRUE;
}

/* Removes a run folder and what it holds (regular files only; never follows links). */
static void
remove_tree(const char *path)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      remove_tree(child);
    }
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

static gboolean
run_complete(const char *runs_dir, const char *id, gboolean trace)
{
  g_autofree char *done = g_build_filename(runs_dir, id, "done", NULL);
  if (!g_file_test(done, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  if (!trace)
    return TRUE;
  g_autofree char *req = g_build_filename(runs_dir, id, "requests.csv", NULL);
  return g_file_test(req, G_FILE_TEST_IS_REGULAR);
}

static char *
done_text(const SimPlan *plan, guint v, guint rep)
{
  const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
  return g_strdup_printf("run %s\nscenario %s\nvariant %s\nreplication %u\n", sim_plan_run_id(plan, v, rep),
                         plan->name, var->label, rep);
}

/* ---- planning ---- */

typedef struct {
  SimPlanVariant *var;
} SettingCtx;

static void
add_setting(const char *group, const char *key, const char *text, gboolean is_set, gpointer data)
{
  SettingCtx *c = data;
  sim_plan_variant_add_setting(c->var, group, key, text, is_set);
}

/* Contents of the data files the settings name (empirical(FILE), relative to the scenario's
 * folder), so that editing such a file gives new run ids. */
static char *
data_files_hash(const SimConfig *cfg, const SimPlan *plan)
{
  g_autoptr(GRegex) re = g_regex_new("empirical\\(\\s*([^)]*?)\\s*\\)", 0, 0, NULL);
  g_autoptr(GString) files = g_string_new(NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    for (guint i = 0; i < var->settings->len; i++) {
      const SimPlanSetting *s = g_ptr_array_index(var->settings, i);
      g_autoptr(GMatchInfo) m = NULL;
      g_regex_match(re, s->text, 0, &m);
      while (g_match_info_matches(m)) {
        g_autofree char *file = g_match_info_fetch(m, 1);
        if (!g_hash_table_contains(seen, file)) {
          g_autofree char *real = g_path_is_absolute(file) ? g_strdup(file)
                                                            : g_build_filename(sim_config_base_dir(cfg), file, NULL);
          g_autofree char *content = NULL;
          gsize len = 0;
          g_autofree char *sum = g_file_get_contents(real, &content, &len, NULL)
                                     ? g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)content, len)
                                     : g_strdup("unreadable");
          g_string_append_printf(files, "%s\t%s\n", file, sum);
          g_hash_table_add(seen, g_steal_pointer(&file));
        }
        g_match_info_next(m, NULL);
      }
    }
  }
  return files->len ? g_compute_checksum_for_string(G_CHECKSUM_SHA256, files->str, (gssize)files->len) : g_strdup("");
}

static SimPlan *
plan_scenario(const SimScenario *scn)
{
  SimPlan *p = sim_plan_new();
  g_free(p->version);
  p->version = g_strdup(EKSIM_VERSION);
  g_free(p->name);
  p->name = g_strdup(sim_scenario_name(scn));
  g_free(p->dir);
  p->dir = sim_scenario_safe_name(p->name);
  g_free(p->description);
  p->description = g_strdup(sim_scenario_description(scn) ? sim_scenario_description(scn) : "");
  g_free(p->hash);
  p->hash = g_strdup(sim_scenario_hash(scn));
  p->seed = sim_scenario_seed(scn);
  p->replications = sim_scenario_replications(scn);
  p->duration = sim_scenario_duration(scn);
  p->warmup = sim_scenario_warmup(scn);
  p->bin = sim_scenario_bin(scn);
  for (guint v = 0; v < sim_scenario_n_variants(scn); v++) {
    SettingCtx c = { sim_plan_add_variant(p, sim_scenario_variant_name(scn, v)) };
    sim_config_foreach(sim_scenario_get_variant(scn, v), add_setting, &c);
  }
  g_free(p->data_hash);
  p->data_hash = data_files_hash(sim_scenario_get_variant(scn, 0), p);
  sim_plan_name_variant_dirs(p);
  sim_plan_derive_run_ids(p);
  return p;
}

/* Loads and plans scenario @s and prepares its folder; FALSE (with a problem noted) if not. */
static gboolean
prepare(SimRunner *r, Scn *s)
{
  GError *err = NULL;
  if (!s->scn) {
    s->scn = sim_scenario_load(s->path, &err);
    if (!s->scn) {
      g_auto(GStrv) lines = g_strsplit(err->message, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (*lines[i])
          problem(r, "%s", lines[i]);
      g_error_free(err);
      r->bad_input = TRUE;
      return FALSE;
    }
  }
  /* Validation refuses these already; a scenario given in memory (tests) is checked here too. */
  SimTime span = sim_scenario_duration(s->scn) - sim_scenario_warmup(s->scn);
  if (span <= 0 || sim_scenario_bin(s->scn) <= 0 || span / sim_scenario_bin(s->scn) >= SIM_SCENARIO_MAX_BINS) {
    g_autofree char *bin = sim_time_format(sim_scenario_bin(s->scn));
    problem(r, "%s: [scenario] bin: %s gives more than %d timeline bins over duration - warmup; allowed: a bin of at "
               "least (duration - warmup) / %d",
            s->path, bin, SIM_SCENARIO_MAX_BINS, SIM_SCENARIO_MAX_BINS);
    r->bad_input = TRUE;
    return FALSE;
  }
  s->plan = plan_scenario(s->scn);
  for (guint i = 0; i < r->scns->len; i++) {
    Scn *o = g_ptr_array_index(r->scns, i);
    if (o == s)
      break;
    if (o->plan && g_ascii_strcasecmp(o->plan->dir, s->plan->dir) == 0) {
      problem(r, "%s: [scenario] name: '%s' gives the same results folder '%s' as %s; allowed: a distinct name per "
                 "scenario of a batch",
              s->path, s->plan->name, s->plan->dir, o->path);
      r->bad_input = TRUE;
      return FALSE;
    }
  }
  s->dir = g_build_filename(r->out_dir, s->plan->dir, NULL);
  g_autofree char *runs = g_build_filename(s->dir, "runs", NULL);
  gsize len;
  g_autofree char *plan_text = sim_plan_to_data(s->plan, &len);
  g_autofree char *ini = g_build_filename(s->dir, "scenario.ini", NULL);
  g_autofree char *plan_path = g_build_filename(s->dir, "plan.json", NULL);
  const char *text = sim_scenario_resolved_text(s->scn);
  if (!make_dir(runs, &err) || !sim_report_write_file(ini, text, strlen(text), &err) ||
      !sim_report_write_file(plan_path, plan_text, len, &err)) {
    problem(r, "%s", err->message);
    g_error_free(err);
    r->failed = TRUE;
    return FALSE;
  }
  /* Summaries of an earlier run of this folder no longer describe it. */
  sim_results_remove(s->dir);
  /* A fresh unsharded run owns the folder: runs of other plans go. */
  if (!r->opts.resume && r->opts.n_shards == 1) {
    g_autoptr(GHashTable) keep = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < s->plan->run_ids->len; i++)
      g_hash_table_add(keep, g_ptr_array_index(s->plan->run_ids, i));
    g_autoptr(GDir) d = g_dir_open(runs, 0, NULL);
    const char *name;
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
    while (d && (name = g_dir_read_name(d)))
      if (!g_hash_table_contains(keep, name))
        g_ptr_array_add(gone, g_build_filename(runs, name, NULL));
    for (guint i = 0; i < gone->len; i++)
      remove_tree(g_ptr_array_index(gone, i));
  }
  s->planned = TRUE;
  return TRUE;
}

/* ---- one run ---- */

typedef struct {
  FILE *f;
  char *prefix; /* "scenario,variant,replication," CSV-quoted */
} Trace;

static void
trace_ms(GString *s, SimTime t)
{
  sim_csv_millis(s, t);
  g_string_append_c(s, ',');
}

static void
trace_request(const char *subject, const SimRequestRecord *rq, gboolean in_warmup, gpointer data)
{
  Trace *t = data;
  g_autoptr(GString) s = g_string_new(t->prefix);
  sim_csv_field(s, subject);
  g_string_append_c(s, ',');
  sim_csv_seconds(s, rq->start);
  g_string_append_c(s, ',');
  sim_csv_seconds(s, rq->end);
  g_string_append_c(s, ',');
  trace_ms(s, rq->end - rq->start);
  g_string_append(s, sim_outcome_name(rq->outcome));
  g_string_append_c(s, ',');
  sim_csv_field(s, rq->verb ? rq->verb : "");
  g_string_append_printf(s, ",%u,", rq->attempts);
  gboolean first = TRUE;
  for (guint b = 0; b < SIM_PATH_N_BITS; b++)
    if (rq->path & (1u << b)) {
      if (!first)
        g_string_append_c(s, '+');
      g_string_append(s, sim_path_name(b));
      first = FALSE;
    }
  g_string_append_c(s, ',');
  for (guint p = 0; p < SIM_PHASE_COUNT; p++)
    trace_ms(s, rq->phase[p]);
  g_string_append(s, in_warmup ? "1," : "0,");
  sim_csv_field(s, rq->detail ? rq->detail : "");
  g_string_append_c(s, '\n');
  fwrite(s->str, 1, s->len, t->f);
}

static const char trace_header[] =
  "scenario,variant,replication,subject,start_s,end_s,latency_ms,outcome,verb,attempts,path,dns_ms,connect_ms,"
  "tls_ms,queue_ms,service_ms,transfer_ms,warmup,detail\n";

static gboolean
run_one(SimRunner *r, Job *job, GError **error)
{
  Scn *s = job->scn;
  const SimPlan *plan = s->plan;
  const SimPlanVariant *var = g_ptr_array_index(plan->variants, job->variant);
  const char *id = sim_plan_run_id(plan, job->variant, job->replication);
  g_autofree char *runs = g_build_filename(s->dir, "runs", NULL);
  g_autofree char *final = g_build_filename(runs, id, NULL);
  g_autofree char *tmp_name = g_strdup_printf(".%s.tmp-%ld", id, (long)getpid());
  g_autofree char *tmp = g_build_filename(runs, tmp_name, NULL);
  remove_tree(tmp);
  if (g_mkdir(tmp, 0755) != 0)
    return io_error(error, tmp, "create folder", errno);

  const SimConfig *cfg = sim_scenario_get_variant(s->scn, job->variant);
  g_autoptr(SimRecorder) rec = sim_recorder_new(plan->warmup, plan->duration, plan->bin);
  Trace trace = { NULL, NULL };
  g_autofree char *trace_path = g_build_filename(tmp, "requests.csv", NULL);
  if (r->opts.trace) {
    trace.f = fopen(trace_path, "w");
    if (!trace.f) {
      io_error(error, trace_path, "write", errno);
      remove_tree(tmp);
      return FALSE;
    }
    GString *prefix = g_string_new(NULL);
    sim_csv_field(prefix, plan->name);
    g_string_append_c(prefix, ',');
    sim_csv_field(prefix, var->label);
    g_string_append_printf(prefix, ",%u,", job->replication);
    trace.prefix = g_string_free(prefix, FALSE);
    fputs(trace_header, trace.f);
    sim_recorder_set_trace(rec, trace_request, &trace);
  }

  GError *err = NULL;
  gpointer model = r->ops.create(cfg, job->replication, rec, &err);
  if (!model) {
    g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_MODEL, "%s", err ? err->message : "the model refused it");
    g_clear_error(&err);
    if (trace.f)
      fclose(trace.f);
    g_free(trace.prefix);
    remove_tree(tmp);
    return FALSE;
  }
  r->ops.run(model);
  guint64 events = r->ops.events ? r->ops.events(model) : 0;
  r->ops.destroy(model);
  g_autoptr(SimRunResult) res = sim_recorder_finish(rec);
  res->events = events;

  gboolean ok = TRUE;
  if (trace.f) {
    ok = !ferror(trace.f);
    if (fclose(trace.f) != 0)
      ok = FALSE;
    g_free(trace.prefix);
    if (!ok) {
      remove_tree(tmp);
      return io_error(error, trace_path, "write", errno ? errno : EIO);
    }
  }
  gsize len;
  g_autofree char *data = sim_run_result_to_data(res, &len);
  g_autofree char *result_path = g_build_filename(tmp, "result.json", NULL);
  g_autofree char *done_path = g_build_filename(tmp, "done", NULL);
  g_autofree char *done = done_text(plan, job->variant, job->replication);
  /* Plain writes: the folder is renamed into place once complete, so no file in it needs its own
   * temporary name or fsync. */
  if (!g_file_set_contents_full(result_path, data, (gssize)len, G_FILE_SET_CONTENTS_NONE, 0644, error) ||
      !g_file_set_contents_full(done_path, done, -1, G_FILE_SET_CONTENTS_NONE, 0644, error)) {
    remove_tree(tmp);
    return FALSE;
  }
  remove_tree(final);
  if (g_rename(tmp, final) != 0) {
    int e = errno;
    remove_tree(tmp);
    return io_error(error, final, "rename the finished run into place", e);
  }
  return TRUE;
}

static void
worker(gpointer data, gpointer user_data)
{
  Job *job = data;
  SimRunner *r = user_data;
  /* Runs of a scenario that already had a failing run still run, so that which failures are
   * reported does not depend on timing (and their results serve a later --resume). */
  if (g_atomic_int_get(&r->interrupted)) {
    job->skipped = TRUE;
  } else {
    GError *err = NULL;
    if (!run_one(r, job, &err)) {
      const SimPlanVariant *var = g_ptr_array_index(job->scn->plan->variants, job->variant);
      job->error = g_strdup_printf("%s: variant '%s', replication %u: %s", job->scn->path, var->label,
                                   job->replication, err->message);
      g_error_free(err);
      g_atomic_int_set(&job->scn->failed, 1);
    }
  }
  g_async_queue_push(r->done, job);
  g_main_context_wakeup(r->ctx);
}

/* ---- progress ---- */

static void
progress_line(SimRunner *r, gboolean final)
{
  if (!r->opts.progress || r->total == 0)
    return;
  gint64 now = g_get_monotonic_time();
  double elapsed = (double)(now - r->t0) / 1e6;
  guint width = 24, filled = (guint)((guint64)width * r->finished / r->total);
  char bar[32];
  for (guint i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s, "\reksim: [%s] %u/%u runs %3u%%  %d:%02d elapsed", bar, r->finished, r->total,
                         (guint)(100 * r->finished / r->total), (int)elapsed / 60, (int)elapsed % 60);
  if (r->executed_now > 0 && r->finished < r->total) {
    double eta = elapsed / r->executed_now * (r->total - r->finished);
    g_string_append_printf(s, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
  } else {
    g_string_append(s, "          ");
  }
  if (g_atomic_int_get(&r->interrupted))
    g_string_append(s, "  (interrupted)");
  fputs(s->str, stderr);
  if (final)
    fputc('\n', stderr);
  fflush(stderr);
  r->progress_shown = TRUE;
}

static gboolean
on_tick(gpointer data)
{
  progress_line(data, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal(gpointer data)
{
  SimRunner *r = data;
  sim_runner_interrupt(r);
  if (r->progress_shown)
    fputc('\n', stderr);
  fprintf(stderr, "eksim: interrupted: no new run starts; runs in progress finish and are kept (Ctrl-C again to "
                  "stop at once); no summary is written; continue later with --resume\n");
  /* A second SIGINT or SIGTERM ends eksim at once: the default action, back in place now (the
   * sources stay referenced until the batch ends, so GLib would keep catching them). */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGINT, &dfl, NULL);
  sigaction(SIGTERM, &dfl, NULL);
  return G_SOURCE_REMOVE;
}

/* ---- summaries ---- */

/* requests.csv: the runs' traces one after the other, in plan order, streamed into a hidden
 * temporary file renamed into place when complete (GIO's replace writes a new file in place). */
static gboolean
write_trace(const char *dir, const SimPlan *plan, GError **error)
{
  g_autofree char *path = g_build_filename(dir, "requests.csv", NULL);
  g_autofree char *tmp = g_build_filename(dir, ".requests.csv.tmp-XXXXXX", NULL);
  int fd = g_mkstemp_full(tmp, O_WRONLY, 0644);
  if (fd < 0)
    return io_error(error, tmp, "create", errno);
  FILE *out = fdopen(fd, "w");
  if (!out) {
    int e = errno;
    close(fd);
    g_unlink(tmp);
    return io_error(error, tmp, "write", e);
  }
  gboolean ok = fputs(trace_header, out) >= 0;
  for (guint v = 0; ok && v < plan->variants->len; v++)
    for (guint rep = 0; ok && rep < plan->replications; rep++) {
      g_autofree char *src = g_build_filename(dir, "runs", sim_plan_run_id(plan, v, rep), "requests.csv", NULL);
      FILE *f = fopen(src, "r");
      if (!f) {
        ok = io_error(error, src, "read", errno);
        break;
      }
      char buf[65536];
      gboolean header = TRUE; /* the per-run header line is dropped */
      size_t n;
      while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        const char *p = buf;
        if (header) {
          const char *nl = memchr(buf, '\n', n);
          p = nl ? nl + 1 : buf + n;
          header = nl == NULL;
        }
        ok = fwrite(p, 1, n - (gsize)(p - buf), out) == n - (gsize)(p - buf);
        if (!ok)
          io_error(error, tmp, "write", errno);
      }
      if (ok && ferror(f))
        ok = io_error(error, src, "read", errno);
      fclose(f);
    }
  if (fclose(out) != 0 && ok)
    ok = io_error(error, tmp, "write", errno);
  if (ok && g_rename(tmp, path) != 0)
    ok = io_error(error, path, "rename into place", errno);
  if (!ok)
    g_unlink(tmp);
  return ok;
}

/* Computes and writes the summary files of the scenario in @dir from its runs' files. */
static gboolean
summarise(const char *dir, const SimPlan *plan, gboolean trace, GString *tables, GError **error)
{
  guint nv = plan->variants->len;
  g_autofree SimSummary **sums = g_new0(SimSummary *, nv);
  gboolean ok = TRUE;
  for (guint v = 0; v < nv && ok; v++) {
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify)sim_run_result_free);
    for (guint rep = 0; rep < plan->replications && ok; rep++) {
      g_autofree char *path = g_build_filename(dir, "runs", sim_plan_run_id(plan, v, rep), "result.json", NULL);
      g_autofree char *data = NULL;
      gsize len;
      GError *err = NULL;
      SimRunResult *res = NULL;
      if (!g_file_get_contents(path, &data, &len, &err) || !(res = sim_run_result_from_data(data, (gssize)len, &err))) {
        g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_IO, "%s: %s", path, err->message);
        g_error_free(err);
        ok = FALSE;
        break;
      }
      g_ptr_array_add(results, res);
    }
    if (ok && !(sums[v] = sim_summary_new((SimRunResult *const *)results->pdata, results->len, error)))
      ok = FALSE;
  }
  if (ok && trace)
    ok = write_trace(dir, plan, error);
  if (ok)
    ok = sim_results_write(dir, plan, sums, error);
  if (ok && tables) {
    g_autofree char *t = sim_table_format(plan, sums);
    if (tables->len)
      g_string_append_c(tables, '\n');
    g_string_append(tables, t);
  }
  for (guint v = 0; v < nv; v++)
    sim_summary_free(sums[v]);
  return ok;
}

static guint
count_complete(const char *dir, const SimPlan *plan, gboolean trace)
{
  g_autofree char *runs = g_build_filename(dir, "runs", NULL);
  guint n = 0;
  for (guint i = 0; i < plan->run_ids->len; i++)
    n += run_complete(runs, g_ptr_array_index(plan->run_ids, i), trace);
  return n;
}

/* ---- the batch ---- */

SimRunnerStatus
sim_runner_run(SimRunner *r)
{
  g_ptr_array_set_size(r->problems, 0);
  g_ptr_array_set_size(r->notes, 0);
  /* Plan every scenario; number every run; keep this shard's runs that are not complete. */
  g_autoptr(GPtrArray) jobs = g_ptr_array_new();
  guint index = 0;
  for (guint i = 0; i < r->scns->len; i++) {
    Scn *s = g_ptr_array_index(r->scns, i);
    if (!prepare(r, s))
      continue;
    g_autofree char *runs = g_build_filename(s->dir, "runs", NULL);
    for (guint v = 0; v < s->plan->variants->len; v++)
      for (guint rep = 0; rep < s->plan->replications; rep++, index++) {
        if (index % r->opts.n_shards != r->opts.shard - 1)
          continue;
        if (r->opts.resume && run_complete(runs, sim_plan_run_id(s->plan, v, rep), r->opts.trace)) {
          r->n_reused++;
          continue;
        }
        Job *job = g_new0(Job, 1);
        job->runner = r;
        job->scn = s;
        job->variant = v;
        job->replication = rep;
        g_ptr_array_add(jobs, job);
      }
  }

  /* Temporary folders of these runs left by a killed eksim (".RUN_ID.tmp-PID") go: these runs are
   * this process's to redo (no other shard has them). */
  for (guint i = 0; i < r->scns->len; i++) {
    Scn *s = g_ptr_array_index(r->scns, i);
    if (!s->planned)
      continue;
    g_autoptr(GHashTable) mine = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint j = 0; j < jobs->len; j++) {
      Job *job = g_ptr_array_index(jobs, j);
      if (job->scn == s)
        g_hash_table_add(mine, (gpointer)sim_plan_run_id(s->plan, job->variant, job->replication));
    }
    g_autofree char *runs = g_build_filename(s->dir, "runs", NULL);
    g_autoptr(GDir) d = g_dir_open(runs, 0, NULL);
    g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      const char *dot = strstr(name, ".tmp-");
      if (name[0] != '.' || !dot)
        continue;
      g_autofree char *id = g_strndup(name + 1, (gsize)(dot - name - 1));
      if (g_hash_table_contains(mine, id))
        g_ptr_array_add(stale, g_build_filename(runs, name, NULL));
    }
    for (guint j = 0; j < stale->len; j++)
      remove_tree(g_ptr_array_index(stale, j));
  }

  r->ctx = g_main_context_new();
  r->done = g_async_queue_new();
  r->total = jobs->len;
  r->finished = r->executed_now = 0;
  r->t0 = g_get_monotonic_time();
  GSource *sig_int = NULL, *sig_term = NULL, *tick = NULL;
  if (r->opts.handle_signals) {
    sig_int = g_unix_signal_source_new(SIGINT);
    sig_term = g_unix_signal_source_new(SIGTERM);
    g_source_set_callback(sig_int, on_signal, r, NULL);
    g_source_set_callback(sig_term, on_signal, r, NULL);
    g_source_attach(sig_int, r->ctx);
    g_source_attach(sig_term, r->ctx);
  }
  if (r->opts.progress) {
    tick = g_timeout_source_new(500);
    g_source_set_callback(tick, on_tick, r, NULL);
    g_source_attach(tick, r->ctx);
    progress_line(r, FALSE);
  }
  GThreadPool *pool = NULL;
  if (jobs->len) {
    GError *err = NULL;
    pool = g_thread_pool_new(worker, r, (gint)MIN(r->opts.jobs, jobs->len), FALSE, &err);
    if (!pool) {
      problem(r, "eksim: cannot start worker threads: %s", err->message);
      g_error_free(err);
      r->failed = TRUE;
    }
    for (guint i = 0; pool && i < jobs->len; i++)
      g_thread_pool_push(pool, g_ptr_array_index(jobs, i), NULL);
  }
  /* Collect finished runs; they are reported here in the order they finish, which is why nothing
   * here writes a result file. */
  while (pool && r->finished < jobs->len) {
    g_main_context_iteration(r->ctx, TRUE);
    Job *job;
    while ((job = g_async_queue_try_pop(r->done))) {
      r->finished++;
      if (job->error) {
        r->failed = TRUE;
      } else if (!job->skipped) {
        r->n_executed++;
        r->executed_now++;
      }
      progress_line(r, FALSE);
    }
  }
  if (pool)
    g_thread_pool_free(pool, FALSE, TRUE);
  if (r->progress_shown)
    progress_line(r, TRUE);
  GSource *sources[] = { sig_int, sig_term, tick };
  for (gsize i = 0; i < G_N_ELEMENTS(sources); i++)
    if (sources[i]) {
      g_source_destroy(sources[i]);
      g_source_unref(sources[i]);
    }
  /* Failed runs are listed in plan order, whatever order they failed in: the first three of each
   * scenario, then how many more. */
  for (guint i = 0, shown = 0, more = 0; i < jobs->len; i++) {
    Job *job = g_ptr_array_index(jobs, i);
    if (job->error) {
      if (shown++ < 3)
        problem(r, "%s", job->error);
      else
        more++;
    }
    Job *next = i + 1 < jobs->len ? g_ptr_array_index(jobs, i + 1) : NULL;
    if (!next || next->scn != job->scn) {
      if (more)
        problem(r, "%s: %u more run%s failed", job->scn->path, more, more == 1 ? "" : "s");
      shown = more = 0;
    }
  }
  for (guint i = 0; i < jobs->len; i++) {
    Job *job = g_ptr_array_index(jobs, i);
    g_free(job->error);
    g_free(job);
  }
  g_async_queue_unref(r->done);
  r->done = NULL;
  g_main_context_unref(r->ctx);
  r->ctx = NULL;

  if (g_atomic_int_get(&r->interrupted))
    return SIM_RUNNER_INTERRUPTED;

  for (guint i = 0; i < r->scns->len; i++) {
    Scn *s = g_ptr_array_index(r->scns, i);
    if (!s->planned || g_atomic_int_get(&s->failed))
      continue;
    guint have = count_complete(s->dir, s->plan, r->opts.trace), want = sim_plan_n_runs(s->plan);
    if (have < want) {
      if (r->opts.n_shards > 1) {
        g_ptr_array_add(r->notes, g_strdup_printf("%s: shard %u/%u done; %u of %u runs in %s; combine the "
                                                  "shards with eksim merge",
                                                  s->path, r->opts.shard, r->opts.n_shards, have, want, s->dir));
      } else {
        problem(r, "%s: %u of %u runs are missing from %s", s->path, want - have, want, s->dir);
        r->failed = TRUE;
      }
      continue;
    }
    GError *err = NULL;
    if (!summarise(s->dir, s->plan, r->opts.trace, r->tables, &err)) {
      problem(r, "%s: %s", s->path, err->message);
      g_error_free(err);
      r->failed = TRUE;
      continue;
    }
    r->n_summarised++;
    if (r->opts.scenario_done)
      r->opts.scenario_done(s->dir, r->opts.scenario_done_data);
  }
  if (r->bad_input)
    return SIM_RUNNER_BAD_INPUT;
  return r->failed ? SIM_RUNNER_FAILED : SIM_RUNNER_OK;
}

/* ---- merge ---- */

typedef struct {
  SimPlan *plan;
  char *plan_text;
  GPtrArray *dirs; /* scenario folders holding this plan */
} MergeScn;

static void
merge_scn_free(gpointer p)
{
  MergeScn *m = p;
  sim_plan_free(m->plan);
  g_free(m->plan_text);
  g_ptr_array_unref(m->dirs);
  g_free(m);
}

static gboolean
collect(GPtrArray *scns, const char *dir, GError **error)
{
  g_autofree char *plan_path = g_build_filename(dir, "plan.json", NULL);
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents(plan_path, &text, &len, NULL))
    return TRUE; /* not a scenario folder */
  GError *err = NULL;
  g_autoptr(SimPlan) plan = sim_plan_from_data(text, (gssize)len, &err);
  if (!plan) {
    g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_INPUT, "%s: %s", plan_path, err->message);
    g_error_free(err);
    return FALSE;
  }
  for (guint i = 0; i < scns->len; i++) {
    MergeScn *m = g_ptr_array_index(scns, i);
    if (strcmp(m->plan->dir, plan->dir) != 0)
      continue;
    if (strcmp(m->plan_text, text) != 0) {
      g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_CONFLICT,
                  "%s and %s hold different plans for scenario '%s' (another scenario text, replications, "
                  "sweep or eksim version); only shards of the same batch can be merged",
                  (const char *)g_ptr_array_index(m->dirs, 0), dir, plan->name);
      return FALSE;
    }
    g_ptr_array_add(m->dirs, g_strdup(dir));
    return TRUE;
  }
  MergeScn *m = g_new0(MergeScn, 1);
  m->plan = g_steal_pointer(&plan);
  m->plan_text = g_steal_pointer(&text);
  m->dirs = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(m->dirs, g_strdup(dir));
  g_ptr_array_add(scns, m);
  return TRUE;
}

static gboolean
copy_file(const char *src, const char *dst, GError **error)
{
  g_autoptr(GFile) a = g_file_new_for_path(src);
  g_autoptr(GFile) b = g_file_new_for_path(dst);
  return g_file_copy(a, b, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error);
}

/* Copies run folder @src to @runs/@id through a temporary folder. */
static gboolean
copy_run(const char *src, const char *runs, const char *id, gboolean trace, GError **error)
{
  g_autofree char *tmp_name = g_strdup_printf(".%s.tmp-%ld", id, (long)getpid());
  g_autofree char *tmp = g_build_filename(runs, tmp_name, NULL);
  g_autofree char *final = g_build_filename(runs, id, NULL);
  remove_tree(tmp);
  if (g_mkdir(tmp, 0755) != 0)
    return io_error(error, tmp, "create folder", errno);
  static const char *const files[] = { "result.json", "requests.csv", "done" }; /* done last */
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *a = g_build_filename(src, files[i], NULL);
    g_autofree char *b = g_build_filename(tmp, files[i], NULL);
    if (i == 1 && !g_file_test(a, G_FILE_TEST_EXISTS) && !trace)
      continue;
    if (!copy_file(a, b, error)) {
      remove_tree(tmp);
      return FALSE;
    }
  }
  remove_tree(final);
  if (g_rename(tmp, final) != 0) {
    int e = errno;
    remove_tree(tmp);
    return io_error(error, final, "rename the copied run into place", e);
  }
  return TRUE;
}

static gboolean
same_folder(const char *a, const char *b)
{
  GStatBuf sa, sb;
  return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static gboolean
merge_one(const MergeScn *m, const char *out_dir, gboolean trace, GString *tables, GError **error)
{
  const SimPlan *plan = m->plan;
  g_autofree char *dir = g_build_filename(out_dir, plan->dir, NULL);
  g_autofree char *runs = g_build_filename(dir, "runs", NULL);
  /* Every run must be complete somewhere; say which are not before writing anything. */
  g_autoptr(GString) missing = g_string_new(NULL);
  guint n_missing = 0;
  g_autofree const char **from = g_new0(const char *, plan->run_ids->len);
  for (guint v = 0; v < plan->variants->len; v++)
    for (guint rep = 0; rep < plan->replications; rep++) {
      guint i = v * plan->replications + rep;
      const char *id = g_ptr_array_index(plan->run_ids, i);
      for (guint d = 0; d < m->dirs->len && !from[i]; d++) {
        g_autofree char *in_runs = g_build_filename(g_ptr_array_index(m->dirs, d), "runs", NULL);
        if (run_complete(in_runs, id, trace))
          from[i] = g_ptr_array_index(m->dirs, d);
      }
      if (!from[i] && n_missing++ < 3) {
        const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
        g_string_append_printf(missing, "%s variant '%s' replication %u (run %s)", n_missing > 1 ? "," : "",
                               var->label, rep, id);
      }
    }
  if (n_missing) {
    g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_MISSING,
                "scenario '%s': %u of %u runs are complete in none of the inputs%s:%s%s; run the missing shards "
                "(or eksim run --resume) first",
                plan->name, n_missing, plan->run_ids->len, trace ? " (with their traces)" : "", missing->str,
                n_missing > 3 ? ", ..." : "");
    return FALSE;
  }
  if (!make_dir(runs, error))
    return FALSE;
  const char *first = g_ptr_array_index(m->dirs, 0);
  g_autofree char *ini_src = g_build_filename(first, "scenario.ini", NULL);
  g_autofree char *ini_dst = g_build_filename(dir, "scenario.ini", NULL);
  g_autofree char *plan_dst = g_build_filename(dir, "plan.json", NULL);
  g_autofree char *ini = NULL;
  gsize ini_len;
  if (!g_file_get_contents(ini_src, &ini, &ini_len, error))
    return FALSE;
  if (!same_folder(first, dir) && !sim_report_write_file(ini_dst, ini, ini_len, error))
    return FALSE;
  if (!sim_report_write_file(plan_dst, m->plan_text, strlen(m->plan_text), error))
    return FALSE;
  sim_results_remove(dir);
  for (guint i = 0; i < plan->run_ids->len; i++) {
    if (same_folder(from[i], dir))
      continue;
    g_autofree char *src = g_build_filename(from[i], "runs", g_ptr_array_index(plan->run_ids, i), NULL);
    if (!copy_run(src, runs, g_ptr_array_index(plan->run_ids, i), trace, error))
      return FALSE;
  }
  /* The traces are combined when asked, or when every run has one (the shards ran with --trace). */
  gboolean combine = trace;
  if (!combine) {
    combine = TRUE;
    for (guint i = 0; i < plan->run_ids->len && combine; i++)
      combine = run_complete(runs, g_ptr_array_index(plan->run_ids, i), TRUE);
  }
  return summarise(dir, plan, combine, tables, error);
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean
sim_runner_merge(const char *out_dir, const char *const *inputs, gboolean trace, GString *tables,
                 SimScenarioDoneFunc done, gpointer done_data, GError **error)
{
  g_autoptr(GPtrArray) scns = g_ptr_array_new_with_free_func(merge_scn_free);
  for (guint i = 0; inputs[i]; i++) {
    const char *in = inputs[i];
    if (!g_file_test(in, G_FILE_TEST_IS_DIR)) {
      g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_INPUT, "%s: not a folder; allowed: a results folder "
                  "written by eksim run or batch (-o DIR), or one of its scenario folders", in);
      return FALSE;
    }
    g_autofree char *plan_path = g_build_filename(in, "plan.json", NULL);
    gboolean grew = FALSE;
    if (g_file_test(plan_path, G_FILE_TEST_EXISTS)) {
      if (!collect(scns, in, error))
        return FALSE;
      grew = TRUE;
    } else {
      g_autoptr(GDir) d = g_dir_open(in, 0, error);
      if (!d)
        return FALSE;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
      const char *name;
      while ((name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
      g_ptr_array_sort(names, cmp_names);
      for (guint k = 0; k < names->len; k++) {
        g_autofree char *sub = g_build_filename(in, (const char *)g_ptr_array_index(names, k), NULL);
        g_autofree char *sub_plan = g_build_filename(sub, "plan.json", NULL);
        if (g_file_test(sub_plan, G_FILE_TEST_EXISTS)) {
          if (!collect(scns, sub, error))
            return FALSE;
          grew = TRUE;
        }
      }
    }
    if (!grew) {
      g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_INPUT,
                  "%s: no plan.json in it or in its sub-folders; allowed: a results folder written by eksim run "
                  "or batch (-o DIR), or one of its scenario folders",
                  in);
      return FALSE;
    }
  }
  for (guint i = 0; i < scns->len; i++) {
    MergeScn *m = g_ptr_array_index(scns, i);
    if (!merge_one(m, out_dir, trace, tables, error))
      return FALSE;
    if (done) {
      g_autofree char *dir = g_build_filename(out_dir, m->plan->dir, NULL);
      done(dir, done_data);
    }
  }
  return TRUE;
}
