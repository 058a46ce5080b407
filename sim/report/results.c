/* Writing the summary files (see results.h). */
#include "report/results.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "report/csv.h"
#include "stats/jsonio.h"

static void
estimate_fields(GString *s, const SimEstimate *e)
{
  sim_csv_number(s, e->value);
  g_string_append_c(s, ',');
  sim_csv_number(s, e->low);
  g_string_append_c(s, ',');
  sim_csv_number(s, e->high);
  g_string_append_c(s, ',');
  sim_csv_uint(s, e->n);
}

static void
lead(GString *s, const SimPlan *plan, const SimPlanVariant *v)
{
  sim_csv_field(s, plan->name);
  g_string_append_c(s, ',');
  sim_csv_field(s, v->label);
  g_string_append_c(s, ',');
}

char *
sim_results_summary_csv(const SimPlan *plan, SimSummary *const *summaries, gsize *length)
{
  GString *s = g_string_new("scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n");
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    const SimSummary *sum = summaries[v];
    for (guint i = 0; i < sum->rows->len; i++) {
      const SimSummaryRow *r = &g_array_index(sum->rows, SimSummaryRow, i);
      lead(s, plan, var);
      sim_csv_field(s, r->subject);
      g_string_append_c(s, ',');
      sim_csv_field(s, r->metric);
      g_string_append_c(s, ',');
      estimate_fields(s, &r->e);
      g_string_append_c(s, ',');
      sim_csv_field(s, r->unit);
      sim_csv_end(s);
    }
  }
  if (length)
    *length = s->len;
  return g_string_free(s, FALSE);
}

static char *
timeline_csv(const SimPlan *plan, const SimPlanVariant *var, const SimSummary *sum, gsize *length)
{
  GString *s = g_string_new("scenario,variant,subject,bin_start_s,bin_end_s,metric,value,ci_low,ci_high,n,unit\n");
  for (guint i = 0; i < sum->timeline->len; i++) {
    const SimTimelineRow *r = &g_array_index(sum->timeline, SimTimelineRow, i);
    lead(s, plan, var);
    sim_csv_field(s, r->subject);
    g_string_append_c(s, ',');
    sim_csv_seconds(s, r->start);
    g_string_append_c(s, ',');
    sim_csv_seconds(s, r->end);
    g_string_append_c(s, ',');
    sim_csv_field(s, r->metric);
    g_string_append_c(s, ',');
    estimate_fields(s, &r->e);
    g_string_append_c(s, ',');
    sim_csv_field(s, r->unit);
    sim_csv_end(s);
  }
  *length = s->len;
  return g_string_free(s, FALSE);
}

static char *
cdf_csv(const SimPlan *plan, SimSummary *const *summaries, gsize *length)
{
  GString *s = g_string_new("scenario,variant,subject,latency_ms,cdf\n");
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    const SimSummary *sum = summaries[v];
    for (guint i = 0; i < sum->cdf->len; i++) {
      const SimCdfRow *r = &g_array_index(sum->cdf, SimCdfRow, i);
      lead(s, plan, var);
      sim_csv_field(s, r->subject);
      g_string_append_c(s, ',');
      sim_csv_number(s, r->latency_ms);
      g_string_append_c(s, ',');
      sim_csv_number(s, r->cdf);
      sim_csv_end(s);
    }
  }
  *length = s->len;
  return g_string_free(s, FALSE);
}

static char *
faults_csv(const SimPlan *plan, SimSummary *const *summaries, gsize *length)
{
  GString *s = g_string_new("scenario,variant,replication,fault,kind,start_s,end_s,detected_s,recovered_s,"
                            "service_recovered_s,failed_during,failed_after,http_429,queue_peak,"
                            "nodes_not_ready_peak\n");
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    const SimSummary *sum = summaries[v];
    for (guint i = 0; i < sum->faults->len; i++) {
      const SimFaultRow *r = &g_array_index(sum->faults, SimFaultRow, i);
      lead(s, plan, var);
      g_string_append_printf(s, "%u,", r->replication);
      sim_csv_field(s, r->fault);
      g_string_append_c(s, ',');
      sim_csv_field(s, r->kind);
      g_string_append_c(s, ',');
      sim_csv_seconds(s, r->start);
      g_string_append_c(s, ',');
      sim_csv_seconds(s, MIN(r->end, sum->duration));
      g_string_append_c(s, ',');
      sim_csv_seconds(s, r->detected);
      g_string_append_c(s, ',');
      sim_csv_seconds(s, r->recovered);
      g_string_append_c(s, ',');
      sim_csv_seconds(s, r->service_recovered);
      g_string_append_c(s, ',');
      sim_csv_uint(s, r->failed_during);
      g_string_append_c(s, ',');
      sim_csv_uint(s, r->failed_after);
      const gint64 extra[] = { r->http_429, r->queue_peak, r->nodes_not_ready_peak };
      for (guint k = 0; k < G_N_ELEMENTS(extra); k++) {
        g_string_append_c(s, ',');
        if (extra[k] >= 0)
          sim_csv_uint(s, (guint64)extra[k]);
      }
      sim_csv_end(s);
    }
  }
  *length = s->len;
  return g_string_free(s, FALSE);
}

static char *
summary_json(const SimPlan *plan, SimSummary *const *summaries, gsize *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  sim_json_add_string(b, "format", SIM_SUMMARY_FORMAT);
  sim_json_add_string(b, "eksim_version", plan->version);
  sim_json_add_string(b, "scenario", plan->name);
  sim_json_add_string(b, "description", plan->description);
  sim_json_add_string(b, "scenario_hash", plan->hash);
  sim_json_add_int(b, "seed", (gint64)plan->seed);
  sim_json_add_int(b, "replications", plan->replications);
  sim_json_add_int(b, "duration_ns", plan->duration);
  sim_json_add_int(b, "warmup_ns", plan->warmup);
  sim_json_add_int(b, "bin_ns", plan->bin);
  sim_json_add_int(b, "confidence_percent", 95);
  json_builder_set_member_name(b, "variants");
  json_builder_begin_array(b);
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    const SimSummary *sum = summaries[v];
    json_builder_begin_object(b);
    sim_json_add_string(b, "label", var->label);
    sim_json_add_string(b, "dir", var->dir);
    json_builder_set_member_name(b, "runs");
    json_builder_begin_array(b);
    for (guint r = 0; r < plan->replications; r++) {
      json_builder_begin_object(b);
      sim_json_add_int(b, "replication", r);
      sim_json_add_string(b, "id", sim_plan_run_id(plan, v, r));
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    sim_json_add_int(b, "events", (gint64)sum->events);
    json_builder_set_member_name(b, "subjects");
    json_builder_begin_array(b);
    for (guint i = 0; i < sum->subjects->len; i++) {
      const SimSummarySubject *ss = g_ptr_array_index(sum->subjects, i);
      json_builder_begin_object(b);
      sim_json_add_string(b, "name", ss->name);
      sim_json_add_string(b, "kind", sim_subject_kind_name(ss->kind));
      json_builder_set_member_name(b, "failures");
      json_builder_begin_array(b);
      for (guint k = 0; k < ss->failures->len; k++) {
        const SimResultFailure *f = g_ptr_array_index(ss->failures, k);
        json_builder_begin_object(b);
        sim_json_add_string(b, "outcome", sim_outcome_name(f->outcome));
        sim_json_add_string(b, "detail", f->detail);
        sim_json_add_int(b, "requests", (gint64)f->count);
        json_builder_end_object(b);
      }
      json_builder_end_array(b);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    /* The resolved settings, group by group, and which of them the file or sweep set. */
    json_builder_set_member_name(b, "settings");
    json_builder_begin_object(b);
    const char *open_group = NULL;
    for (guint i = 0; i < var->settings->len; i++) {
      const SimPlanSetting *st = g_ptr_array_index(var->settings, i);
      if (!open_group || strcmp(open_group, st->group) != 0) {
        if (open_group)
          json_builder_end_object(b);
        json_builder_set_member_name(b, st->group);
        json_builder_begin_object(b);
        open_group = st->group;
      }
      sim_json_add_string(b, st->key, st->text);
    }
    if (open_group)
      json_builder_end_object(b);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "set_in_file");
    json_builder_begin_array(b);
    for (guint i = 0; i < var->settings->len; i++) {
      const SimPlanSetting *st = g_ptr_array_index(var->settings, i);
      if (!st->is_set)
        continue;
      g_autofree char *k = g_strdup_printf("%s.%s", st->group, st->key);
      json_builder_add_string_value(b, k);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  g_autofree char *text = json_generator_to_data(gen, NULL);
  char *out = g_strconcat(text, "\n", NULL);
  *length = strlen(out);
  return out;
}

static gboolean
write_one(const char *dir, const char *name, char *data, gsize len, GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  gboolean ok = sim_report_write_file(path, data, len, error);
  g_free(data);
  return ok;
}

gboolean
sim_results_write(const char *scenario_dir, const SimPlan *plan, SimSummary *const *summaries, GError **error)
{
  gsize len;
  char *data;
  for (guint v = 0; v < plan->variants->len; v++) {
    const SimPlanVariant *var = g_ptr_array_index(plan->variants, v);
    g_autofree char *vdir = g_build_filename(scenario_dir, "variants", var->dir, NULL);
    if (g_mkdir_with_parents(vdir, 0755) != 0) {
      int e = errno;
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot create folder: %s", vdir,
                  g_strerror(e));
      return FALSE;
    }
    data = timeline_csv(plan, var, summaries[v], &len);
    if (!write_one(vdir, "timeline.csv", data, len, error))
      return FALSE;
  }
  data = summary_json(plan, summaries, &len);
  if (!write_one(scenario_dir, "summary.json", data, len, error))
    return FALSE;
  data = cdf_csv(plan, summaries, &len);
  if (!write_one(scenario_dir, "latency_cdf.csv", data, len, error))
    return FALSE;
  data = faults_csv(plan, summaries, &len);
  if (!write_one(scenario_dir, "faults.csv", data, len, error))
    return FALSE;
  data = sim_results_summary_csv(plan, summaries, &len);
  return write_one(scenario_dir, "summary.csv", data, len, error);
}

void
sim_results_remove(const char *scenario_dir)
{
  static const char *const files[] = { "summary.csv", "summary.json", "latency_cdf.csv", "faults.csv",
                                       "requests.csv" };
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(scenario_dir, files[i], NULL);
    g_unlink(path);
  }
  g_autofree char *vroot = g_build_filename(scenario_dir, "variants", NULL);
  g_autoptr(GDir) d = g_dir_open(vroot, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *path = g_build_filename(vroot, name, "timeline.csv", NULL);
    g_unlink(path);
  }
}
