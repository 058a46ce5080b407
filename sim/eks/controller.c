/* A controller holding a watch (see controller.h). */
#include "eks/controller.h"


#define BACKOFF_MIN (800 * SIM_MS) /* client-go reflector's back-off manager */
#define BACKOFF_MAX (30 * SIM_S)

struct _SimController {
  SimClient *client;
  SimScheduler *sched;
  SimDist *watch_timeout;
  SimRng *rng;
  guint32 generation;   /* bumped when the loop restarts: older callbacks are ignored */
  gboolean busy;        /* a list or watch request is outstanding, or a re-list is scheduled */
  gboolean held;
  SimTime held_since;
  GArray *intervals;    /* SimTime pairs [start, end) of held watches that ended */
  SimTime backoff;
  SimEventId ev;
};

static void list(SimController *ctl);

static void
cancel_ev(SimController *ctl)
{
  if (ctl->ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(ctl->sched, ctl->ev);
  ctl->ev = SIM_EVENT_NONE;
}

static void
release(SimController *ctl, SimTime now)
{
  if (!ctl->held)
    return;
  SimTime iv[2] = { ctl->held_since, now };
  g_array_append_vals(ctl->intervals, iv, 2);
  ctl->held = FALSE;
}

/* The first list, or a list again after the back-off, is due. */
static void
list_due(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimController *ctl = data;
  ctl->ev = SIM_EVENT_NONE;
  list(ctl);
}

/* The watch (or the list before it) is gone: list again after the back-off. */
static void
lost(SimController *ctl)
{
  SimTime now = sim_scheduler_now(ctl->sched);
  release(ctl, now);
  cancel_ev(ctl);
  ctl->generation++;
  ctl->busy = TRUE;
  ctl->backoff = ctl->backoff == 0 ? BACKOFF_MIN : MIN(2 * ctl->backoff, BACKOFF_MAX);
  ctl->ev = sim_scheduler_after(ctl->sched, ctl->backoff, list_due, ctl);
}

static void watch(SimController *ctl);

static void
rewatch_due(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimController *ctl = data;
  ctl->ev = SIM_EVENT_NONE;
  watch(ctl);
}

static void
watch_done(const SimRequestRecord *rec, guint32 generation, gpointer user)
{
  SimController *ctl = user;
  if (generation != ctl->generation)
    return;
  ctl->busy = FALSE;
  if (rec->outcome != SIM_OUTCOME_OK) {
    lost(ctl);
    return;
  }
  ctl->backoff = 0;
  if (!ctl->held) {
    ctl->held = TRUE;
    ctl->held_since = rec->end;
  }
  SimTime life = sim_dist_sample_time(ctl->watch_timeout, ctl->rng);
  ctl->ev = sim_scheduler_after(ctl->sched, life, rewatch_due, ctl);
}

static void
watch(SimController *ctl)
{
  ctl->busy = TRUE;
  /* a watch has no client timeout of its own: it lasts until the server ends it */
  sim_client_request(ctl->client, SIM_VERB_WATCH, 0, 0, watch_done, ctl, ctl->generation);
}

static void
list_done(const SimRequestRecord *rec, guint32 generation, gpointer user)
{
  SimController *ctl = user;
  if (generation != ctl->generation)
    return;
  ctl->busy = FALSE;
  if (rec->outcome != SIM_OUTCOME_OK) {
    lost(ctl);
    return;
  }
  watch(ctl);
}

static void
list(SimController *ctl)
{
  ctl->busy = TRUE;
  sim_client_request(ctl->client, SIM_VERB_LIST, 0, 60 * SIM_S, list_done, ctl, ctl->generation);
}

/* The kept connection died: a held watch is lost (a request in flight learns it by itself). */
static void
conn_lost(SimClient *client, gpointer user)
{
  (void)client;
  SimController *ctl = user;
  if (ctl->held)
    lost(ctl);
}

SimController *
sim_controller_new(SimScheduler *sched, SimClient *client, SimDist *watch_timeout, SimRng *rng)
{
  g_return_val_if_fail(sched != NULL && client != NULL && watch_timeout != NULL && rng != NULL, NULL);
  SimController *ctl = g_new0(SimController, 1);
  ctl->client = client;
  ctl->sched = sched;
  ctl->watch_timeout = sim_dist_ref(watch_timeout);
  ctl->rng = rng;
  ctl->intervals = g_array_new(FALSE, FALSE, sizeof(SimTime));
  sim_client_set_conn_lost(client, conn_lost, ctl);
  return ctl;
}

void
sim_controller_free(SimController *ctl)
{
  if (ctl == NULL)
    return;
  cancel_ev(ctl);
  sim_client_set_conn_lost(ctl->client, NULL, NULL);
  sim_dist_unref(ctl->watch_timeout);
  g_array_free(ctl->intervals, TRUE);
  g_free(ctl);
}

void
sim_controller_start(SimController *ctl, SimTime at)
{
  cancel_ev(ctl);
  ctl->ev = sim_scheduler_at(ctl->sched, at, list_due, ctl);
}

SimTime
sim_controller_held(const SimController *ctl, SimTime from, SimTime to)
{
  SimTime sum = 0;
  for (guint i = 0; i + 1 < ctl->intervals->len; i += 2) {
    SimTime a = MAX(g_array_index(ctl->intervals, SimTime, i), from);
    SimTime b = MIN(g_array_index(ctl->intervals, SimTime, i + 1), to);
    sum += b > a ? b - a : 0;
  }
  if (ctl->held) {
    SimTime a = MAX(ctl->held_since, from);
    sum += to > a ? to - a : 0;
  }
  return sum;
}

gboolean
sim_controller_watching(const SimController *ctl)
{
  return ctl->held;
}
