/* The runner's test model (see testmodel.h). */
#include "testmodel.h"

#include <math.h>
#include <signal.h>
#include <string.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/scheduler.h"

SimTestModelKnobs sim_test_model_knobs;
static gint created;

void
sim_test_model_reset(void)
{
  memset(&sim_test_model_knobs, 0, sizeof sim_test_model_knobs);
  g_atomic_int_set(&created, 0);
}

guint
sim_test_model_created(void)
{
  return (guint)g_atomic_int_get(&created);
}

typedef struct _Model Model;

typedef struct {
  Model *m;
  guint subject;
  SimRng *arrivals, *draws;
  double rate;
  const GArray *verbs;
  SimTime dial_timeout;
} Client;

typedef struct {
  Model *m;
  char *name;
  guint subject;
  SimTime at, end;
} Fault;

typedef struct {
  Model *m;
  guint subject, node;
  gboolean ready;
} NodeEv;

struct _Model {
  const SimConfig *cfg;
  SimRecorder *rec;
  SimScheduler *sched;
  SimRngSet *rngs;
  SimTime duration;
  SimDist *latency;
  double loss;
  GPtrArray *clients, *faults;
  GArray *node_events; /* NodeEv, pre-planned, scheduled by pointer (array never grows after) */
  guint net, bytes, inflight_gauge;
  int inflight;
};

static gboolean
fault_active(Model *m, SimTime t)
{
  for (guint i = 0; i < m->faults->len; i++) {
    Fault *f = g_ptr_array_index(m->faults, i);
    if (t >= f->at && t < f->end)
      return TRUE;
  }
  return FALSE;
}

static void
request_done(SimScheduler *s, gpointer data)
{
  Model *m = data;
  m->inflight--;
  sim_recorder_gauge_set(m->rec, m->inflight_gauge, sim_scheduler_now(s), m->inflight);
}

static void
arrival(SimScheduler *s, gpointer data)
{
  Client *c = data;
  Model *m = c->m;
  SimTime now = sim_scheduler_now(s);
  SimRequestRecord r = { 0 };
  r.start = now;
  r.attempts = 1;
  double u = sim_rng_uniform(c->draws), acc = 0;
  const SimWeight *w = &g_array_index(c->verbs, SimWeight, 0);
  for (guint i = 0; i < c->verbs->len; i++) {
    w = &g_array_index(c->verbs, SimWeight, i);
    acc += w->weight;
    if (u < acc)
      break;
  }
  r.verb = g_intern_string(w->name);
  r.path = SIM_PATH_INTERNET | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT;
  if (fault_active(m, now)) {
    r.outcome = SIM_OUTCOME_NO_ROUTE;
    r.detail = "test fault: no route to the endpoint";
    r.end = now + SIM_MS;
  } else if (sim_rng_bernoulli(c->draws, m->loss)) {
    r.outcome = SIM_OUTCOME_CONNECT_TIMEOUT;
    r.detail = "SYN lost";
    r.phase[SIM_PHASE_DNS] = sim_dist_sample_time(m->latency, c->draws);
    r.end = now + r.phase[SIM_PHASE_DNS] + c->dial_timeout;
  } else {
    static const int hops[SIM_PHASE_COUNT] = { [SIM_PHASE_DNS] = 1, [SIM_PHASE_CONNECT] = 2, [SIM_PHASE_TLS] = 4,
                                               [SIM_PHASE_TRANSFER] = 2 };
    g_autofree char *key = g_strdup_printf("service.%s", w->name);
    SimDist *service = sim_config_get_dist(m->cfg, "apiserver", key);
    SimTime total = 0;
    for (guint p = 0; p < SIM_PHASE_COUNT; p++) {
      for (int h = 0; h < hops[p]; h++)
        r.phase[p] += sim_dist_sample_time(m->latency, c->draws);
      total += r.phase[p];
    }
    r.phase[SIM_PHASE_SERVICE] = sim_dist_sample_time(service, c->draws);
    total += r.phase[SIM_PHASE_SERVICE];
    r.outcome = SIM_OUTCOME_OK;
    r.end = now + total;
  }
  if (r.end <= m->duration) {
    sim_recorder_request(m->rec, c->subject, &r);
    sim_recorder_add(m->rec, m->bytes, now, 1500.0 + 100.0 * (double)r.phase[SIM_PHASE_TLS] / (double)SIM_MS);
    m->inflight++;
    sim_recorder_gauge_set(m->rec, m->inflight_gauge, now, m->inflight);
    sim_scheduler_at(s, r.end, request_done, m);
  }
  double gap = -log(1.0 - sim_rng_uniform(c->arrivals)) / c->rate;
  SimTime next = now + sim_time_from_s(gap);
  if (next < m->duration)
    sim_scheduler_at(s, next, arrival, c);
}

static void
node_change(SimScheduler *s, gpointer data)
{
  NodeEv *e = data;
  sim_recorder_node_ready(e->m->rec, e->subject, e->node, e->ready, sim_scheduler_now(s));
}

static void
fault_start(SimScheduler *s, gpointer data)
{
  Fault *f = data;
  sim_recorder_mark(f->m->rec, f->subject, "detected", sim_scheduler_now(s) + 2 * SIM_S);
}

static void
model_free(Model *m)
{
  for (guint i = 0; i < m->clients->len; i++)
    g_free(g_ptr_array_index(m->clients, i));
  for (guint i = 0; i < m->faults->len; i++) {
    Fault *f = g_ptr_array_index(m->faults, i);
    g_free(f->name);
    g_free(f);
  }
  g_ptr_array_unref(m->clients);
  g_ptr_array_unref(m->faults);
  g_array_unref(m->node_events);
  sim_dist_unref(m->latency);
  sim_scheduler_free(m->sched);
  sim_rng_set_free(m->rngs);
  g_free(m);
}

static gpointer
model_create(const SimConfig *cfg, guint replication, SimRecorder *rec, GError **error)
{
  guint n = (guint)g_atomic_int_add(&created, 1) + 1;
  SimTestModelKnobs *k = &sim_test_model_knobs;
  if (k->interrupt_after && n == k->interrupt_after) {
    if (k->raise_sigint) {
      raise(SIGINT);
      if (k->second_sigint_us) {
        g_usleep(k->second_sigint_us);
        raise(SIGINT);
      }
    } else
      sim_runner_interrupt(k->runner);
  }
  if (k->fail_label && strstr(sim_config_variant(cfg), k->fail_label)) {
    g_set_error(error, SIM_RUNNER_ERROR, SIM_RUNNER_ERROR_MODEL, "test model: variant '%s' refused on purpose",
                sim_config_variant(cfg));
    return NULL;
  }
  if (k->spin_us)
    g_usleep(k->spin_us);

  Model *m = g_new0(Model, 1);
  m->cfg = cfg;
  m->rec = rec;
  m->sched = sim_scheduler_new();
  m->rngs = sim_rng_set_new((guint64)sim_config_get_int(cfg, "scenario", "seed"), replication);
  m->duration = sim_config_get_duration(cfg, "scenario", "duration");
  m->latency = sim_config_has_value(cfg, "link.internet", "latency")
                 ? sim_dist_ref(sim_config_get_dist(cfg, "link.internet", "latency"))
                 : sim_dist_new_const(SIM_DIST_DURATION, 0.01);
  m->loss = sim_config_has_value(cfg, "link.internet", "loss") ? sim_config_get_double(cfg, "link.internet", "loss") : 0;
  m->clients = g_ptr_array_new();
  m->faults = g_ptr_array_new();
  m->node_events = g_array_new(FALSE, FALSE, sizeof(NodeEv));
  m->net = sim_recorder_add_subject(rec, SIM_SUBJECT_NETWORK, "network");
  m->bytes = sim_recorder_counter(rec, m->net, "bytes_total", "bytes");
  m->inflight_gauge = sim_recorder_gauge(rec, m->net, "inflight_peak", "requests");

  const char *const *faults = sim_config_instances(cfg, "fault");
  for (guint i = 0; faults[i]; i++) {
    g_autofree char *group = g_strdup_printf("fault.%s", faults[i]);
    Fault *f = g_new0(Fault, 1);
    f->m = m;
    f->name = g_strdup(faults[i]);
    f->subject = sim_recorder_add_subject(rec, SIM_SUBJECT_FAULT, faults[i]);
    f->at = sim_config_get_duration(cfg, group, "at");
    f->end = sim_config_has_value(cfg, group, "duration") ? f->at + sim_config_get_duration(cfg, group, "duration")
                                                          : SIM_TIME_NEVER;
    sim_recorder_fault_window(rec, f->subject, sim_config_get_string(cfg, group, "kind"), f->at, f->end);
    if (f->at <= m->duration)
      sim_scheduler_at(m->sched, f->at, fault_start, f);
    g_ptr_array_add(m->faults, f);
  }

  const char *const *clients = sim_config_instances(cfg, "client");
  for (guint i = 0; clients[i]; i++) {
    g_autofree char *group = g_strdup_printf("client.%s", clients[i]);
    guint subject = sim_recorder_add_subject(rec, SIM_SUBJECT_CLIENT, clients[i]);
    gint64 count = sim_config_get_int(cfg, group, "count");
    double rate = sim_config_has_value(cfg, group, "rate") ? sim_config_get_rate(cfg, group, "rate") : 0.1;
    for (gint64 j = 0; j < count; j++) {
      Client *c = g_new0(Client, 1);
      c->m = m;
      c->subject = subject;
      c->rate = rate;
      c->verbs = sim_config_get_weights(cfg, group, "verbs");
      c->dial_timeout = sim_config_get_duration(cfg, group, "dial_timeout");
      c->arrivals = sim_rng_set_getf(m->rngs, "client/%s/%" G_GINT64_FORMAT "/arrivals", clients[i], j);
      c->draws = sim_rng_set_getf(m->rngs, "client/%s/%" G_GINT64_FORMAT "/draws", clients[i], j);
      g_ptr_array_add(m->clients, c);
      double first = -log(1.0 - sim_rng_uniform(c->arrivals)) / rate;
      if (sim_time_from_s(first) < m->duration)
        sim_scheduler_at(m->sched, sim_time_from_s(first), arrival, c);
    }
  }

  /* Node events are planned up front (the array must not move once events point into it). */
  const char *const *groups = sim_config_instances(cfg, "nodegroup");
  guint total = 0;
  for (guint i = 0; groups[i]; i++) {
    g_autofree char *group = g_strdup_printf("nodegroup.%s", groups[i]);
    total += (guint)sim_config_get_int(cfg, group, "nodes") * (1 + 2 * m->faults->len);
  }
  g_array_set_size(m->node_events, total);
  guint e = 0;
  for (guint i = 0; groups[i]; i++) {
    g_autofree char *group = g_strdup_printf("nodegroup.%s", groups[i]);
    guint subject = sim_recorder_add_subject(rec, SIM_SUBJECT_NODEGROUP, groups[i]);
    guint nodes = (guint)sim_config_get_int(cfg, group, "nodes");
    sim_recorder_set_nodes(rec, subject, nodes);
    SimRng *rng = sim_rng_set_getf(m->rngs, "nodegroup/%s", groups[i]);
    for (guint node = 0; node < nodes; node++) {
      NodeEv *ev = &g_array_index(m->node_events, NodeEv, e++);
      *ev = (NodeEv){ m, subject, node, TRUE };
      sim_scheduler_at(m->sched, sim_time_from_s(20 * sim_rng_uniform(rng)), node_change, ev);
      for (guint f = 0; f < m->faults->len; f++) {
        Fault *fl = g_ptr_array_index(m->faults, f);
        NodeEv *down = &g_array_index(m->node_events, NodeEv, e++);
        NodeEv *up = &g_array_index(m->node_events, NodeEv, e++);
        *down = (NodeEv){ m, subject, node, FALSE };
        *up = (NodeEv){ m, subject, node, TRUE };
        SimTime t_down = fl->at + sim_time_from_s(5 * sim_rng_uniform(rng));
        if (t_down <= m->duration)
          sim_scheduler_at(m->sched, t_down, node_change, down);
        if (fl->end != SIM_TIME_NEVER) {
          SimTime t_up = fl->end + sim_time_from_s(5 + 5 * sim_rng_uniform(rng));
          if (t_up <= m->duration)
            sim_scheduler_at(m->sched, t_up, node_change, up);
        }
      }
    }
  }
  return m;
}

static void
model_run(gpointer p)
{
  Model *m = p;
  sim_scheduler_run_until(m->sched, m->duration);
}

static guint64
model_events(gpointer p)
{
  return sim_scheduler_dispatched(((Model *)p)->sched);
}

static void
model_destroy(gpointer p)
{
  model_free(p);
}

static const SimModelOps ops = { "test", model_create, model_run, model_events, model_destroy };

const SimModelOps *
sim_test_model_ops(void)
{
  return &ops;
}
