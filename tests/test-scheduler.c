/* Tests for sim/core/scheduler: ordering, ties, cancellation, run-until semantics, for every
 * pending-set structure (each test runs once per SimQueueKind, path /scheduler/KIND/...), and the
 * structures against each other: identical dispatch sequences on random, skewed and tied loads. */
#include <glib.h>
#include <math.h>

#include "core/scheduler-private.h"
#include "core/scheduler.h"

typedef struct {
  SimQueueKind kind;  /* structure under test */
  GArray *log;        /* ints: the tag of each dispatched event, in order */
  GArray *times;      /* SimTime of each dispatch */
  SimEventId victim;  /* for cancel-from-handler tests */
  gboolean cancel_result;
  int self_cancel_count;
} Fixture;

typedef struct {
  Fixture *fx;
  int tag;
} Tagged;

static void
fx_setup(Fixture *fx, gconstpointer kind)
{
  fx->kind = (SimQueueKind)GPOINTER_TO_INT(kind);
  fx->log = g_array_new(FALSE, FALSE, sizeof(int));
  fx->times = g_array_new(FALSE, FALSE, sizeof(SimTime));
  fx->victim = SIM_EVENT_NONE;
  fx->cancel_result = FALSE;
  fx->self_cancel_count = 0;
}

static void
fx_teardown(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_array_free(fx->log, TRUE);
  g_array_free(fx->times, TRUE);
}

static void
record(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  SimTime now = sim_scheduler_now(sched);
  g_array_append_val(t->fx->log, t->tag);
  g_array_append_val(t->fx->times, now);
}

static void
test_time_order(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged t[5];
  SimTime when[5] = { 50, 10, 40, 20, 30 };

  for (int i = 0; i < 5; i++) {
    t[i] = (Tagged){ fx, i };
    sim_scheduler_at(s, when[i] * SIM_MS, record, &t[i]);
  }
  g_assert_cmpint(sim_scheduler_pending(s), ==, 5);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpuint(fx->log->len, ==, 5);
  int expect[5] = { 1, 3, 4, 2, 0 };
  for (int i = 0; i < 5; i++) {
    g_assert_cmpint(g_array_index(fx->log, int, i), ==, expect[i]);
    g_assert_cmpint(g_array_index(fx->times, SimTime, i), ==, when[expect[i]] * SIM_MS);
  }
  g_assert_cmpint(sim_scheduler_now(s), ==, 50 * SIM_MS);
  g_assert_cmpuint(sim_scheduler_dispatched(s), ==, 5);
}

/* Many events at one time run in the order they were scheduled, whatever else is pending. */
static void
test_tie_order(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { N = 2000 };
  Tagged *t = g_new(Tagged, N);

  for (int i = 0; i < N; i++) {
    t[i] = (Tagged){ fx, i };
    /* interleave a later-time event so the heap has to reorder around the ties */
    sim_scheduler_at(s, (i % 2 == 0) ? 7 * SIM_S : 3 * SIM_S, record, &t[i]);
  }
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, N);
  int k = 0;
  for (int i = 1; i < N; i += 2, k++)
    g_assert_cmpint(g_array_index(fx->log, int, k), ==, i);
  for (int i = 0; i < N; i += 2, k++)
    g_assert_cmpint(g_array_index(fx->log, int, k), ==, i);
  g_free(t);
}

/* An event scheduled at "now" from a handler runs after the events already due at now. */
static void
chain_now(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  record(sched, data);
  if (t->tag == 0) {
    static Tagged later;
    later = (Tagged){ t->fx, 99 };
    sim_scheduler_after(sched, 0, record, &later);
  }
}

static void
test_tie_schedule_from_handler(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 0 }, b = { fx, 1 };

  sim_scheduler_at(s, SIM_S, chain_now, &a);
  sim_scheduler_at(s, SIM_S, record, &b);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, 3);
  g_assert_cmpint(g_array_index(fx->log, int, 0), ==, 0);
  g_assert_cmpint(g_array_index(fx->log, int, 1), ==, 1);
  g_assert_cmpint(g_array_index(fx->log, int, 2), ==, 99);
}

/* Ties at one instant scheduled from many earlier instants, with unrelated events around it: each
 * structure holds the tied entries in different places over time (the radix heap moves them down
 * level by level as the clock approaches; the ladder from top to rungs to the near set), and they
 * still run in scheduling order. */
typedef struct {
  Fixture *fx;
  GRand *rand;
  Tagged *tied;
  int next;
} TieDriver;

static void
tie_driver_fire(SimScheduler *sched, gpointer data)
{
  TieDriver *d = data;
  SimTime target = 3 * SIM_S + 12345;
  if (d->next >= 1000)
    return;
  Tagged *t = &d->tied[d->next];
  *t = (Tagged){ d->fx, d->next++ };
  sim_scheduler_at(sched, target, record, t);
  /* the next driver a little later, sometimes right before the target */
  SimTime now = sim_scheduler_now(sched);
  SimTime step = g_rand_boolean(d->rand) ? g_rand_int_range(d->rand, 1, 1 << 20) : (target - now) / 2;
  if (now + step >= target)
    step = target - now - 1 > 0 ? target - now - 1 : 0;
  if (now + step < target)
    sim_scheduler_after(sched, step, tie_driver_fire, d);
  /* noise on both sides of the target */
  static Tagged noise = { NULL, -1 };
  noise.fx = d->fx;
  sim_scheduler_after(sched, g_rand_int_range(d->rand, 0, 2 * SIM_S), record, &noise);
  /* and close to it, differing from it in one low digit or in a high one (radix: other levels) */
  SimTime off = (SimTime)1 << g_rand_int_range(d->rand, 0, 34);
  SimTime near = g_rand_boolean(d->rand) ? target + off : target - off;
  if (near >= now)
    sim_scheduler_at(sched, near, record, &noise);
}

static void
test_ties_from_many_instants(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  TieDriver d = { fx, g_rand_new_with_seed(11), g_new(Tagged, 1000), 0 };

  for (int i = 0; i < 20; i++)
    sim_scheduler_at(s, (SimTime)i * 1000, tie_driver_fire, &d);
  sim_scheduler_run(s);
  g_assert_cmpint(d.next, >, 100);
  int expect = 0;
  SimTime prev = 0;
  for (guint i = 0; i < fx->log->len; i++) {
    SimTime t = g_array_index(fx->times, SimTime, i);
    g_assert_cmpint(t, >=, prev);
    prev = t;
    if (g_array_index(fx->log, int, i) >= 0) {
      g_assert_cmpint(t, ==, 3 * SIM_S + 12345);
      g_assert_cmpint(g_array_index(fx->log, int, i), ==, expect++);
    }
  }
  g_assert_cmpint(expect, ==, d.next);
  g_rand_free(d.rand);
  g_free(d.tied);
}

/* The earliest pending event is cancelled and dropped when it surfaces at the end of a run: the
 * clock stays at the last event run, and an event scheduled between that time and the dropped
 * one's is accepted and runs (a structure that keyed itself on the dropped time would lose it). */
static void
test_cancelled_front_then_earlier(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 0 }, b = { fx, 1 }, c = { fx, 2 }, d = { fx, 3 };

  sim_scheduler_at(s, 5 * SIM_MS, record, &a);
  SimEventId x = sim_scheduler_at(s, 10 * SIM_MS, record, &b);
  sim_scheduler_at(s, 20 * SIM_MS, record, &d);
  g_assert_true(sim_scheduler_cancel(s, x));
  g_assert_cmpint(sim_scheduler_run_until(s, 15 * SIM_MS), ==, SIM_RUN_TIME_REACHED);
  g_assert_cmpint(sim_scheduler_now(s), ==, 15 * SIM_MS);
  sim_scheduler_at(s, 16 * SIM_MS, record, &c);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  /* same with run(): it ends on the dropped event, the clock at 20 ms */
  x = sim_scheduler_at(s, 30 * SIM_MS, record, &b);
  g_assert_true(sim_scheduler_cancel(s, x));
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpint(sim_scheduler_now(s), ==, 20 * SIM_MS);
  sim_scheduler_at(s, 25 * SIM_MS, record, &c);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpuint(fx->log->len, ==, 4);
  int expect[4] = { 0, 2, 3, 2 };
  SimTime when[4] = { 5 * SIM_MS, 16 * SIM_MS, 20 * SIM_MS, 25 * SIM_MS };
  for (int i = 0; i < 4; i++) {
    g_assert_cmpint(g_array_index(fx->log, int, i), ==, expect[i]);
    g_assert_cmpint(g_array_index(fx->times, SimTime, i), ==, when[i]);
  }
}

static void
test_cancel_before_run(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 1 }, b = { fx, 2 };

  SimEventId ia = sim_scheduler_at(s, 10, record, &a);
  sim_scheduler_at(s, 20, record, &b);
  g_assert_true(sim_scheduler_is_pending(s, ia));
  g_assert_true(sim_scheduler_cancel(s, ia));
  g_assert_false(sim_scheduler_is_pending(s, ia));
  g_assert_cmpint(sim_scheduler_pending(s), ==, 1);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, 1);
  g_assert_cmpint(g_array_index(fx->log, int, 0), ==, 2);
  g_assert_cmpuint(sim_scheduler_dispatched(s), ==, 1);
}

static void
cancel_victim(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  record(sched, data);
  t->fx->cancel_result = sim_scheduler_cancel(sched, t->fx->victim);
}

static void
test_cancel_from_other_handler(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged killer = { fx, 1 }, victim = { fx, 2 }, other = { fx, 3 };

  sim_scheduler_at(s, 10, cancel_victim, &killer);
  fx->victim = sim_scheduler_at(s, 10, record, &victim); /* same time, scheduled later */
  sim_scheduler_at(s, 30, record, &other);
  sim_scheduler_run(s);
  g_assert_true(fx->cancel_result);
  g_assert_cmpuint(fx->log->len, ==, 2);
  g_assert_cmpint(g_array_index(fx->log, int, 0), ==, 1);
  g_assert_cmpint(g_array_index(fx->log, int, 1), ==, 3);
}

static void
self_cancel(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  record(sched, data);
  /* cancelling the running event is a no-op that reports FALSE */
  t->fx->cancel_result = sim_scheduler_cancel(sched, t->fx->victim);
  t->fx->self_cancel_count++;
}

static void
test_cancel_self(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 1 };

  fx->cancel_result = TRUE;
  fx->victim = sim_scheduler_at(s, 5, self_cancel, &a);
  sim_scheduler_run(s);
  g_assert_cmpint(fx->self_cancel_count, ==, 1);
  g_assert_false(fx->cancel_result);
  g_assert_cmpuint(sim_scheduler_dispatched(s), ==, 1);
}

static void
test_cancel_twice(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 1 }, b = { fx, 2 };

  SimEventId ia = sim_scheduler_at(s, 10, record, &a);
  g_assert_true(sim_scheduler_cancel(s, ia));
  g_assert_false(sim_scheduler_cancel(s, ia));
  g_assert_false(sim_scheduler_cancel(s, SIM_EVENT_NONE));
  /* the freed slot is reused by a new event; the old handle must not reach it */
  sim_scheduler_run(s);
  SimEventId ib = sim_scheduler_at(s, 20, record, &b);
  g_assert_false(sim_scheduler_cancel(s, ia));
  g_assert_true(sim_scheduler_is_pending(s, ib));
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, 1);
  g_assert_cmpint(g_array_index(fx->log, int, 0), ==, 2);
  /* an event that already ran cannot be cancelled */
  g_assert_false(sim_scheduler_cancel(s, ib));
}

/* Cancelling most of many pending events triggers compaction; the survivors still run in order. */
static void
test_cancel_many_compacts(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { N = 10000 };
  Tagged *t = g_new(Tagged, N);
  SimEventId *ids = g_new(SimEventId, N);

  for (int i = 0; i < N; i++) {
    t[i] = (Tagged){ fx, i };
    ids[i] = sim_scheduler_at(s, (SimTime)((i * 7919) % N), record, &t[i]);
  }
  for (int i = 0; i < N; i++) {
    if (i % 10 != 0)
      g_assert_true(sim_scheduler_cancel(s, ids[i]));
  }
  g_assert_cmpint(sim_scheduler_pending(s), ==, N / 10);
  /* cancelled entries were dropped, not kept until they surface */
  g_assert_cmpuint(sim_scheduler_debug_stored(s), <=, 2 * (N / 10) + 256);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, N / 10);
  for (guint i = 1; i < fx->times->len; i++)
    g_assert_cmpint(g_array_index(fx->times, SimTime, i - 1), <, g_array_index(fx->times, SimTime, i));
  for (guint i = 0; i < fx->log->len; i++)
    g_assert_cmpint(g_array_index(fx->log, int, i) % 10, ==, 0);
  g_free(t);
  g_free(ids);
}

static void
test_run_until(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged t[3] = { { fx, 0 }, { fx, 1 }, { fx, 2 } };

  sim_scheduler_at(s, 1 * SIM_S, record, &t[0]);
  sim_scheduler_at(s, 2 * SIM_S, record, &t[1]);
  sim_scheduler_at(s, 3 * SIM_S, record, &t[2]);
  /* events exactly at the limit run */
  g_assert_cmpint(sim_scheduler_run_until(s, 2 * SIM_S), ==, SIM_RUN_TIME_REACHED);
  g_assert_cmpuint(fx->log->len, ==, 2);
  g_assert_cmpint(sim_scheduler_now(s), ==, 2 * SIM_S);
  g_assert_cmpint(sim_scheduler_pending(s), ==, 1);
  /* the clock advances to the limit even when nothing is due before it */
  g_assert_cmpint(sim_scheduler_run_until(s, 2500 * SIM_MS), ==, SIM_RUN_TIME_REACHED);
  g_assert_cmpint(sim_scheduler_now(s), ==, 2500 * SIM_MS);
  g_assert_cmpuint(fx->log->len, ==, 2);
  /* past the last event: clock at the limit, queue empty */
  g_assert_cmpint(sim_scheduler_run_until(s, 10 * SIM_S), ==, SIM_RUN_TIME_REACHED);
  g_assert_cmpuint(fx->log->len, ==, 3);
  g_assert_cmpint(sim_scheduler_now(s), ==, 10 * SIM_S);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpint(sim_scheduler_now(s), ==, 10 * SIM_S);
}

static void
stop_now(SimScheduler *sched, gpointer data)
{
  record(sched, data);
  sim_scheduler_stop(sched);
}

static void
test_stop(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged t[3] = { { fx, 0 }, { fx, 1 }, { fx, 2 } };

  sim_scheduler_at(s, 1 * SIM_S, record, &t[0]);
  sim_scheduler_at(s, 2 * SIM_S, stop_now, &t[1]);
  sim_scheduler_at(s, 3 * SIM_S, record, &t[2]);
  g_assert_cmpint(sim_scheduler_run_until(s, 100 * SIM_S), ==, SIM_RUN_STOPPED);
  g_assert_cmpint(sim_scheduler_now(s), ==, 2 * SIM_S);
  g_assert_cmpuint(fx->log->len, ==, 2);
  /* running again resumes where it stopped */
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpuint(fx->log->len, ==, 3);
}

/* Against a sorted reference: random times, random cancellations, handlers scheduling more. */
typedef struct {
  SimScheduler *s;
  GRand *rand;
  GArray *seen; /* SimTime */
  int budget;
} Churn;

static void
churn_fire(SimScheduler *sched, gpointer data)
{
  Churn *c = data;
  SimTime now = sim_scheduler_now(sched);
  g_array_append_val(c->seen, now);
  if (c->budget-- > 0) {
    sim_scheduler_after(sched, g_rand_int_range(c->rand, 0, 1000), churn_fire, c);
    SimEventId x = sim_scheduler_after(sched, g_rand_int_range(c->rand, 0, 1000), churn_fire, c);
    if (g_rand_boolean(c->rand))
      g_assert_true(sim_scheduler_cancel(sched, x));
    else
      c->budget--;
  }
}

static void
test_churn_monotone(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  Churn c = { sim_scheduler_new_with_queue(fx->kind), g_rand_new_with_seed(42), g_array_new(FALSE, FALSE, sizeof(SimTime)), 200000 };
  for (int i = 0; i < 100; i++)
    sim_scheduler_at(c.s, g_rand_int_range(c.rand, 0, 1000), churn_fire, &c);
  sim_scheduler_run(c.s);
  g_assert_cmpuint(c.seen->len, >, 100000);
  for (guint i = 1; i < c.seen->len; i++)
    g_assert_cmpint(g_array_index(c.seen, SimTime, i - 1), <=, g_array_index(c.seen, SimTime, i));
  g_assert_cmpint(sim_scheduler_pending(c.s), ==, 0);
  sim_scheduler_free(c.s);
  g_rand_free(c.rand);
  g_array_free(c.seen, TRUE);
}

static void
test_schedule_in_past_refused(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 1 };

  sim_scheduler_run_until(s, 5 * SIM_S);
  if (g_test_subprocess()) {
    sim_scheduler_at(s, 1 * SIM_S, record, &a);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*when >= *now*");
}

/* run_until limits that fall inside the ladder's structure (far events in top, a rung, the near
 * set): nothing after the limit runs and everything up to it does. */
static void
test_run_until_many(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { N = 5000 };
  Tagged *t = g_new(Tagged, N);
  GRand *r = g_rand_new_with_seed(3);

  for (int i = 0; i < N; i++) {
    t[i] = (Tagged){ fx, i };
    sim_scheduler_at(s, g_rand_int_range(r, 0, 1000000), record, &t[i]);
  }
  SimTime limit = 0;
  guint seen = 0;
  for (int k = 1; k <= 50; k++) {
    limit = k * 20000 - 1;
    g_assert_cmpint(sim_scheduler_run_until(s, limit), ==, SIM_RUN_TIME_REACHED);
    g_assert_cmpint(sim_scheduler_now(s), ==, limit);
    for (guint i = seen; i < fx->times->len; i++)
      g_assert_cmpint(g_array_index(fx->times, SimTime, i), <=, limit);
    seen = fx->times->len;
    g_assert_cmpuint(sim_scheduler_pending(s) + seen, ==, N);
  }
  g_assert_cmpuint(seen, ==, N);
  for (guint i = 1; i < fx->times->len; i++)
    g_assert_cmpint(g_array_index(fx->times, SimTime, i - 1), <=, g_array_index(fx->times, SimTime, i));
  g_rand_free(r);
  g_free(t);
}

static void
test_handles(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged a = { fx, 1 };
  GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
  static SimEventId ids[3000];

  g_assert_cmpint(sim_scheduler_queue(s), ==, fx->kind);
  /* handles are never SIM_EVENT_NONE and never repeat, even when slots are reused */
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < 1000; i++) {
      SimEventId id = sim_scheduler_at(s, sim_scheduler_now(s) + i, record, &a);
      g_assert_cmpuint(id, !=, SIM_EVENT_NONE);
      ids[round * 1000 + i] = id;
      g_assert_false(g_hash_table_contains(seen, &ids[round * 1000 + i]));
      g_hash_table_add(seen, &ids[round * 1000 + i]);
    }
    sim_scheduler_run(s);
  }
  /* stale handles (run long ago, slot reused since) are neither pending nor cancellable */
  for (int i = 0; i < 3000; i++) {
    g_assert_false(sim_scheduler_is_pending(s, ids[i]));
    g_assert_false(sim_scheduler_cancel(s, ids[i]));
  }
  /* made-up handles are refused without touching anything */
  g_assert_false(sim_scheduler_is_pending(s, G_MAXUINT64));
  g_assert_false(sim_scheduler_cancel(s, 12345));
  g_assert_cmpuint(sim_scheduler_dispatched(s), ==, 3000);
  g_hash_table_destroy(seen);
}

static void
nested_run(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  record(sched, data);
  if (g_test_subprocess())
    sim_scheduler_run(sched);
  t->fx->cancel_result = TRUE;
}

/* A handler calling run is a programming error: refused with a critical, the outer run goes on. */
static void
test_nested_run_refused(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  if (g_test_subprocess()) {
    g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
    Tagged a = { fx, 1 };
    sim_scheduler_at(s, 5, nested_run, &a);
    sim_scheduler_run(s);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*!s->running*");
}

/* Schedules at exactly SIM_TIME_NEVER and at huge times: accepted, ordered, run_until(NEVER) runs
 * them. */
static void
test_extreme_times(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged t[4] = { { fx, 0 }, { fx, 1 }, { fx, 2 }, { fx, 3 } };

  sim_scheduler_at(s, SIM_TIME_NEVER, record, &t[0]);
  sim_scheduler_at(s, SIM_TIME_NEVER - 1, record, &t[1]);
  sim_scheduler_at(s, 0, record, &t[2]);
  sim_scheduler_at(s, SIM_TIME_NEVER, record, &t[3]);
  g_assert_cmpint(sim_scheduler_run_until(s, SIM_TIME_NEVER - 1), ==, SIM_RUN_TIME_REACHED);
  g_assert_cmpuint(fx->log->len, ==, 2);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  int expect[4] = { 2, 1, 0, 3 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpint(g_array_index(fx->log, int, i), ==, expect[i]);
  g_assert_cmpint(sim_scheduler_now(s), ==, SIM_TIME_NEVER);
  /* nothing can be scheduled "after" the end of time */
  if (g_test_subprocess()) {
    sim_scheduler_after(s, 1, record, &t[0]);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
}

/* ------------------------------------------------------------------ structures against each other */

/* A random load driven by a GRand owned by the load, so every structure sees the same decisions.
 * Each dispatch logs (time, tag); handlers schedule 0-3 more events with delays from one of
 * several shapes (ties at now, tiny, exponential, far outliers, bursts at one instant) and cancel
 * a random earlier event now and then. */
typedef struct {
  SimScheduler *s;
  GRand *rand;
  GArray *log;      /* SimTime pairs: dispatch time, tag */
  GArray *pending;  /* SimEventId of events that might still be pending */
  GPtrArray *events; /* every LoadEvent, freed at the end (cancelled ones never run) */
  int next_tag;
  int budget;
} Load;

typedef struct {
  Load *load;
  int tag;
} LoadEvent;

static void load_fire(SimScheduler *sched, gpointer data);

static void
load_schedule(Load *l, SimTime delay)
{
  LoadEvent *e = g_new(LoadEvent, 1);
  g_ptr_array_add(l->events, e);
  e->load = l;
  e->tag = l->next_tag++;
  SimEventId id = sim_scheduler_after(l->s, delay, load_fire, e);
  g_array_append_val(l->pending, id);
}

static SimTime
load_delay(Load *l)
{
  switch (g_rand_int_range(l->rand, 0, 10)) {
  case 0:
    return 0;                                               /* tie at now */
  case 1:
    return g_rand_int_range(l->rand, 0, 4);                 /* near-ties */
  case 2:
    return (SimTime)g_rand_int_range(l->rand, 0, 1000) * SIM_S; /* far outliers */
  case 3:
    return 7 * SIM_MS;                                      /* many at one instant */
  default:
    return (SimTime)(-log(1.0 - g_rand_double(l->rand)) * 1e7); /* exponential, mean 10 ms */
  }
}

static void
load_fire(SimScheduler *sched, gpointer data)
{
  LoadEvent *e = data;
  Load *l = e->load;
  SimTime entry[2] = { sim_scheduler_now(sched), e->tag };
  g_array_append_vals(l->log, entry, 2);
  if (l->budget <= 0)
    return;
  int n = g_rand_int_range(l->rand, 0, 4);
  for (int i = 0; i < n && l->budget > 0; i++, l->budget--)
    load_schedule(l, load_delay(l));
  if (l->pending->len > 0 && g_rand_int_range(l->rand, 0, 5) == 0) {
    guint k = (guint)g_rand_int_range(l->rand, 0, (gint32)l->pending->len);
    SimEventId id = g_array_index(l->pending, SimEventId, k);
    g_array_remove_index_fast(l->pending, k);
    gboolean was = sim_scheduler_is_pending(sched, id);
    g_assert_cmpint(sim_scheduler_cancel(sched, id), ==, was);
    g_assert_false(sim_scheduler_is_pending(sched, id));
  }
}

static GArray *
run_load(SimQueueKind kind, guint32 seed, int initial, int budget)
{
  Load l = { sim_scheduler_new_with_queue(kind), g_rand_new_with_seed(seed),
             g_array_new(FALSE, FALSE, sizeof(SimTime)), g_array_new(FALSE, FALSE, sizeof(SimEventId)),
             g_ptr_array_new_with_free_func(g_free), 0, budget };
  for (int i = 0; i < initial; i++)
    load_schedule(&l, load_delay(&l));
  /* in steps, so run_until boundaries cut through the structure too */
  for (SimTime until = 50 * SIM_MS; sim_scheduler_pending(l.s) > 0; until += 50 * SIM_MS)
    sim_scheduler_run_until(l.s, until);
  g_assert_cmpuint(sim_scheduler_pending(l.s), ==, 0);
  sim_scheduler_free(l.s);
  g_rand_free(l.rand);
  g_array_free(l.pending, TRUE);
  g_ptr_array_free(l.events, TRUE);
  return l.log;
}

static void
check_sorted_log(const GArray *log)
{
  for (guint i = 2; i < log->len; i += 2)
    g_assert_cmpint(g_array_index(log, SimTime, i - 2), <=, g_array_index(log, SimTime, i));
}

/* All structures dispatch the same events in the same order, ties included, and each
 * order is sorted by time. Loads of several sizes, so the ladder runs with and without rungs. */
static void
test_structures_agree(void)
{
  static const struct {
    guint32 seed;
    int initial, budget;
  } loads[] = { { 1, 3, 20000 }, { 2, 200, 100000 }, { 3, 20000, 150000 }, { 4, 100000, 50000 } };

  for (gsize i = 0; i < G_N_ELEMENTS(loads); i++) {
    GArray *ladder = run_load(SIM_QUEUE_LADDER, loads[i].seed, loads[i].initial, loads[i].budget);
    g_test_message("load %zu: %u dispatches", i, ladder->len / 2);
    g_assert_cmpuint(ladder->len, >, (guint)loads[i].initial);
    check_sorted_log(ladder);
    for (int k = 0; k < SIM_QUEUE_N_KINDS; k++) {
      if (k == SIM_QUEUE_LADDER)
        continue;
      GArray *other = run_load((SimQueueKind)k, loads[i].seed, loads[i].initial, loads[i].budget);
      g_assert_cmpmem(ladder->data, ladder->len * sizeof(SimTime), other->data, other->len * sizeof(SimTime));
      g_array_free(other, TRUE);
    }
    g_array_free(ladder, TRUE);
  }
}

/* Skewed sets the ladder must survive without degrading order or speed: a million-to-one mix of
 * near and far times, and 200,000 events at one instant (no rung can split them: inserting each
 * by shifting the others would take hours and trip run-tests.sh's time-out; the near set appends
 * them). */
static void
test_ladder_skew(void)
{
  g_autoptr(SimScheduler) s = sim_scheduler_new();
  GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
  Fixture fx = { SIM_QUEUE_LADDER, g_array_new(FALSE, FALSE, sizeof(int)), times, 0, FALSE, 0 };
  enum { N = 200000 };
  Tagged *t = g_new(Tagged, N);

  for (int i = 0; i < N; i++)
    t[i] = (Tagged){ &fx, i };
  /* all at one instant, scheduled in order: must run in order */
  for (int i = 0; i < N; i++)
    sim_scheduler_at(s, 5 * SIM_S, record, &t[i]);
  sim_scheduler_run(s);
  for (int i = 0; i < N; i++)
    g_assert_cmpint(g_array_index(fx.log, int, i), ==, i);
  g_array_set_size(fx.log, 0);
  g_array_set_size(times, 0);
  /* near and far: 1 ns steps and hours apart, interleaved */
  SimTime base = sim_scheduler_now(s);
  for (int i = 0; i < N; i++)
    sim_scheduler_at(s, base + (i % 3 == 0 ? (SimTime)i * SIM_HOUR : i), record, &t[i]);
  g_assert_cmpint(sim_scheduler_run(s), ==, SIM_RUN_EMPTY);
  g_assert_cmpuint(times->len, ==, N);
  for (guint i = 1; i < times->len; i++)
    g_assert_cmpint(g_array_index(times, SimTime, i - 1), <=, g_array_index(times, SimTime, i));
  g_array_free(fx.log, TRUE);
  g_array_free(times, TRUE);
  g_free(t);
}

/* Ties pile up in the near set from a handler (every insert lands there): order holds. */
static void
burst_fire(SimScheduler *sched, gpointer data)
{
  Tagged *t = data;
  record(sched, data);
  if (t->tag < 0) {
    static Tagged kids[3000];
    for (int i = 0; i < 3000; i++) {
      kids[i] = (Tagged){ t->fx, i };
      sim_scheduler_after(sched, i % 2, record, &kids[i]);
    }
  }
}

/* A running simulation (rungs in use) where one handler schedules 100,000 events at its own
 * instant and the next nanosecond: they run after everything already due, in scheduling order. */
typedef struct {
  Fixture *fx;
  Tagged *kids;
  int n;
} Burst;

static void
big_burst_fire(SimScheduler *sched, gpointer data)
{
  Burst *b = data;
  for (int i = 0; i < b->n; i++) {
    b->kids[i] = (Tagged){ b->fx, 1000000 + i };
    sim_scheduler_after(sched, i % 2, record, &b->kids[i]);
  }
}

static void
test_big_burst_in_ladder(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { BACKGROUND = 20000, KIDS = 100000 };
  Tagged *bg = g_new(Tagged, BACKGROUND);
  Burst burst = { fx, g_new(Tagged, KIDS), KIDS };
  GRand *r = g_rand_new_with_seed(5);

  for (int i = 0; i < BACKGROUND; i++) {
    bg[i] = (Tagged){ fx, i };
    sim_scheduler_at(s, g_rand_int_range(r, 0, 1000000), record, &bg[i]);
  }
  sim_scheduler_at(s, 500000, big_burst_fire, &burst);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, BACKGROUND + KIDS);
  for (guint i = 1; i < fx->times->len; i++)
    g_assert_cmpint(g_array_index(fx->times, SimTime, i - 1), <=, g_array_index(fx->times, SimTime, i));
  /* at 500000: background events first (scheduled earlier), then the even kids in order; at
   * 500001: background, then the odd kids in order */
  int last_even = -1, last_odd = -1;
  for (guint i = 0; i < fx->log->len; i++) {
    int tag = g_array_index(fx->log, int, i);
    SimTime t = g_array_index(fx->times, SimTime, i);
    if (tag < 1000000)
      continue;
    int k = tag - 1000000;
    g_assert_cmpint(t, ==, 500000 + k % 2);
    if (k % 2 == 0) {
      g_assert_cmpint(k, >, last_even);
      last_even = k;
    } else {
      g_assert_cmpint(k, >, last_odd);
      last_odd = k;
    }
  }
  g_rand_free(r);
  g_free(bg);
  g_free(burst.kids);
}

static void
test_burst_from_handler(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  Tagged root = { fx, -1 };

  sim_scheduler_at(s, SIM_MS, burst_fire, &root);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, 3001);
  /* the even ones (delay 0) first, in scheduling order, then the odd ones */
  guint k = 1;
  for (int i = 0; i < 3000; i += 2, k++)
    g_assert_cmpint(g_array_index(fx->log, int, k), ==, i);
  for (int i = 1; i < 3000; i += 2, k++)
    g_assert_cmpint(g_array_index(fx->log, int, k), ==, i);
}

/* After 2^38 schedules the sequence numbers are renumbered; pending events keep their order. */
static void
test_renumber(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { N = 600 };
  Tagged *t = g_new(Tagged, N);

  for (int i = 0; i < N / 2; i++) {
    t[i] = (Tagged){ fx, i };
    sim_scheduler_at(s, (i % 10) * SIM_MS, record, &t[i]); /* ten ties per instant */
  }
  sim_scheduler_debug_set_next_seq(s, SIM_SCHEDULER_DEBUG_SEQ_LIMIT - 5);
  for (int i = N / 2; i < N; i++) {
    t[i] = (Tagged){ fx, i };
    sim_scheduler_at(s, (i % 10) * SIM_MS, record, &t[i]);
  }
  g_assert_cmpuint(sim_scheduler_pending(s), ==, N);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, N);
  /* per instant: the events in scheduling order */
  guint k = 0;
  for (int when = 0; when < 10; when++) {
    for (int i = when; i < N; i += 10, k++)
      g_assert_cmpint(g_array_index(fx->log, int, k), ==, i);
  }
  g_free(t);
}

/* Pending counts stay exact through cancels, compaction and dispatch. */
static void
test_pending_counts(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new_with_queue(fx->kind);
  enum { N = 4000 };
  Tagged a = { fx, 0 };
  SimEventId *ids = g_new(SimEventId, N);

  for (int i = 0; i < N; i++)
    ids[i] = sim_scheduler_at(s, (SimTime)((i * 7919) % N) * SIM_US, record, &a);
  g_assert_cmpuint(sim_scheduler_pending(s), ==, N);
  sim_scheduler_run_until(s, N / 4 * SIM_US);
  gsize ran = fx->log->len;
  g_assert_cmpuint(sim_scheduler_pending(s), ==, N - ran);
  gsize cancelled = 0;
  for (int i = 0; i < N; i += 2)
    cancelled += sim_scheduler_cancel(s, ids[i]);
  g_assert_cmpuint(sim_scheduler_pending(s), ==, N - ran - cancelled);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len + cancelled, ==, N);
  g_assert_cmpuint(sim_scheduler_pending(s), ==, 0);
  g_free(ids);
}

static void
test_kind_names(void)
{
  SimQueueKind k;
  for (int i = 0; i < SIM_QUEUE_N_KINDS; i++) {
    g_assert_true(sim_queue_kind_parse(sim_queue_kind_name((SimQueueKind)i), &k));
    g_assert_cmpint(k, ==, i);
  }
  g_assert_false(sim_queue_kind_parse("calendar", &k));
  g_assert_false(sim_queue_kind_parse(NULL, &k));
  g_autoptr(SimScheduler) s = sim_scheduler_new();
  g_assert_cmpint(sim_scheduler_queue(s), ==, SIM_QUEUE_LADDER);
}
int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  for (int k = 0; k < SIM_QUEUE_N_KINDS; k++) {
    gconstpointer kind = GINT_TO_POINTER(k);
#define ADD(path, fn)                                                                             \
  do {                                                                                            \
    g_autofree char *p = g_strdup_printf("/scheduler/%s/" path, sim_queue_kind_name((SimQueueKind)k)); \
    g_test_add(p, Fixture, kind, fx_setup, fn, fx_teardown);                                      \
  } while (0)
    ADD("time-order", test_time_order);
    ADD("tie-order", test_tie_order);
    ADD("tie-schedule-from-handler", test_tie_schedule_from_handler);
    ADD("ties-from-many-instants", test_ties_from_many_instants);
    ADD("cancelled-front-then-earlier", test_cancelled_front_then_earlier);
    ADD("cancel-before-run", test_cancel_before_run);
    ADD("cancel-from-other-handler", test_cancel_from_other_handler);
    ADD("cancel-self", test_cancel_self);
    ADD("cancel-twice", test_cancel_twice);
    ADD("cancel-many-compacts", test_cancel_many_compacts);
    ADD("run-until", test_run_until);
    ADD("run-until-many", test_run_until_many);
    ADD("stop", test_stop);
    ADD("churn-monotone", test_churn_monotone);
    ADD("schedule-in-past-refused", test_schedule_in_past_refused);
    ADD("handles", test_handles);
    ADD("nested-run-refused", test_nested_run_refused);
    ADD("extreme-times", test_extreme_times);
    ADD("burst-from-handler", test_burst_from_handler);
    ADD("big-burst", test_big_burst_in_ladder);
    ADD("renumber", test_renumber);
    ADD("pending-counts", test_pending_counts);
#undef ADD
  }
  g_test_add_func("/scheduler/structures-agree", test_structures_agree);
  g_test_add_func("/scheduler/ladder-skew", test_ladder_skew);
  g_test_add_func("/scheduler/kind-names", test_kind_names);
  return g_test_run();
}
