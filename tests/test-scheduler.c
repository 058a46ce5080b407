/* Tests for sim/core/scheduler: ordering, ties, cancellation, run-until semantics. */
#include <glib.h>

#include "core/scheduler.h"

typedef struct {
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
fx_setup(Fixture *fx, gconstpointer unused)
{
  (void)unused;
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
  Tagged a = { fx, 0 }, b = { fx, 1 };

  sim_scheduler_at(s, SIM_S, chain_now, &a);
  sim_scheduler_at(s, SIM_S, record, &b);
  sim_scheduler_run(s);
  g_assert_cmpuint(fx->log->len, ==, 3);
  g_assert_cmpint(g_array_index(fx->log, int, 0), ==, 0);
  g_assert_cmpint(g_array_index(fx->log, int, 1), ==, 1);
  g_assert_cmpint(g_array_index(fx->log, int, 2), ==, 99);
}

static void
test_cancel_before_run(Fixture *fx, gconstpointer unused)
{
  (void)unused;
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
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
  (void)fx;
  (void)unused;
  Churn c = { sim_scheduler_new(), g_rand_new_with_seed(42), g_array_new(FALSE, FALSE, sizeof(SimTime)), 200000 };
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
  g_autoptr(SimScheduler) s = sim_scheduler_new();
  Tagged a = { fx, 1 };

  sim_scheduler_run_until(s, 5 * SIM_S);
  if (g_test_subprocess()) {
    sim_scheduler_at(s, 1 * SIM_S, record, &a);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*when >= sched->now*");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add("/scheduler/" path, Fixture, NULL, fx_setup, fn, fx_teardown)
  ADD("time-order", test_time_order);
  ADD("tie-order", test_tie_order);
  ADD("tie-schedule-from-handler", test_tie_schedule_from_handler);
  ADD("cancel-before-run", test_cancel_before_run);
  ADD("cancel-from-other-handler", test_cancel_from_other_handler);
  ADD("cancel-self", test_cancel_self);
  ADD("cancel-twice", test_cancel_twice);
  ADD("cancel-many-compacts", test_cancel_many_compacts);
  ADD("run-until", test_run_until);
  ADD("stop", test_stop);
  ADD("churn-monotone", test_churn_monotone);
  ADD("schedule-in-past-refused", test_schedule_in_past_refused);
  return g_test_run();
}
