/* Tests for sim/eks/nodelifecycle: the cluster state of nodes and the node-lifecycle controller
 * (facts §5.1): a node whose Lease and status stop is marked not ready after the grace period
 * (40 s, 50 s from 1.32), checked every 5 s, so within grace + 5 s; its pods become evictable
 * exactly 300 s later unless it is Ready again; only a status update makes it Ready. */
#include <glib.h>

#include "core/rng.h"
#include "core/scheduler.h"
#include "eks/nodelifecycle.h"

typedef struct {
  guint node;
  SimNodeEvent ev;
  SimTime at, hb;
} Ev;

typedef struct {
  SimScheduler *sched;
  SimRngSet *rngs;
  GArray *evs; /* Ev */
} Fx;

static void
on_event(guint node, SimNodeEvent ev, SimTime at, SimTime hb, gpointer user)
{
  Fx *fx = user;
  Ev e = { node, ev, at, hb };
  g_array_append_val(fx->evs, e);
}

static void
fx_setup(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->sched = sim_scheduler_new();
  fx->rngs = sim_rng_set_new(7, 0);
  fx->evs = g_array_new(FALSE, FALSE, sizeof(Ev));
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
  (void)data;
  g_array_free(fx->evs, TRUE);
  sim_rng_set_free(fx->rngs);
  sim_scheduler_free(fx->sched);
}

typedef struct {
  SimNodeLifecycle *nlc;
  guint node;
  SimVerb verb;
} Commit;

static void
do_commit(SimScheduler *sched, gpointer data)
{
  Commit *c = data;
  sim_nodelifecycle_commit(c->nlc, c->node, c->verb, sim_scheduler_now(sched));
}

/* Schedules @verb for @node at @at (the Commit records live in @keep). */
static void
commit_at(Fx *fx, GPtrArray *keep, SimNodeLifecycle *nlc, guint node, SimVerb verb, SimTime at)
{
  Commit *c = g_new(Commit, 1);
  *c = (Commit){ nlc, node, verb };
  g_ptr_array_add(keep, c);
  sim_scheduler_at(fx->sched, at, do_commit, c);
}

static const Ev *
find_ev(Fx *fx, guint node, SimNodeEvent what, guint nth)
{
  for (guint i = 0; i < fx->evs->len; i++) {
    const Ev *e = &g_array_index(fx->evs, Ev, i);
    if (e->node == node && e->ev == what && nth-- == 0)
      return e;
  }
  return NULL;
}

/* A node renews every 10 s until @stop, then nothing: not ready within (grace, grace + 5 s]
 * after its last heartbeat, whatever the controller's phase (30 seeds). */
static void
check_grace(Fx *fx, SimTime grace)
{
  for (guint seed = 0; seed < 30; seed++) {
    g_array_set_size(fx->evs, 0);
    SimNodeLifecycleParams p;
    sim_nodelifecycle_params_init(&p);
    p.grace_period = grace;
    SimRng *rng = sim_rng_set_getf(fx->rngs, "phase/%u/%" G_GINT64_FORMAT, seed, grace);
    SimTime t0 = sim_scheduler_now(fx->sched);
    g_autoptr(SimNodeLifecycle) nlc = sim_nodelifecycle_new(fx->sched, 1, &p, rng, on_event, fx);
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    commit_at(fx, keep, nlc, 0, SIM_VERB_CREATE, t0 + 1 * SIM_S);
    commit_at(fx, keep, nlc, 0, SIM_VERB_STATUS, t0 + 1 * SIM_S + 5 * SIM_MS);
    SimTime last = 0;
    /* renewals at irregular moments, the last one 3.3 s + seed * 0.1 s after t0 + 100 s */
    for (SimTime t = t0 + 2 * SIM_S; t < t0 + 100 * SIM_S; t += 10 * SIM_S + 37 * SIM_MS) {
      commit_at(fx, keep, nlc, 0, SIM_VERB_LEASE, t);
      last = t;
    }
    last = t0 + 103300 * SIM_MS + seed * 100 * SIM_MS;
    commit_at(fx, keep, nlc, 0, SIM_VERB_LEASE, last);
    sim_scheduler_run_until(fx->sched, t0 + 500 * SIM_S);
    const Ev *ready = find_ev(fx, 0, SIM_NODE_EVENT_READY, 0);
    const Ev *nr = find_ev(fx, 0, SIM_NODE_EVENT_NOT_READY, 0);
    g_assert_nonnull(ready);
    g_assert_nonnull(nr);
    g_assert_cmpint(ready->at, ==, t0 + 1 * SIM_S + 5 * SIM_MS);
    g_assert_cmpint(nr->hb, ==, last);
    g_assert_cmpint(nr->at, >, last + grace);
    g_assert_cmpint(nr->at, <=, last + grace + 5 * SIM_S);
    g_assert_cmpint(sim_nodelifecycle_not_ready_at(nlc, 0), ==, nr->at);
    g_assert_false(sim_nodelifecycle_ready(nlc, 0));
    g_assert_null(find_ev(fx, 0, SIM_NODE_EVENT_NOT_READY, 1)); /* marked once */
    /* its pods' tolerations expire exactly 300 s later */
    const Ev *ev = find_ev(fx, 0, SIM_NODE_EVENT_EVICTABLE, 0);
    g_assert_nonnull(ev);
    g_assert_cmpint(ev->at, ==, nr->at + 300 * SIM_S);
  }
}

static void
test_grace_40(Fx *fx, gconstpointer data)
{
  (void)data;
  check_grace(fx, 40 * SIM_S);
}

static void
test_grace_50(Fx *fx, gconstpointer data)
{
  (void)data;
  check_grace(fx, 50 * SIM_S);
}

static void
test_grace_by_version(void)
{
  g_assert_cmpint(sim_nodelifecycle_grace_for_version("1.28"), ==, 40 * SIM_S);
  g_assert_cmpint(sim_nodelifecycle_grace_for_version("1.31"), ==, 40 * SIM_S);
  g_assert_cmpint(sim_nodelifecycle_grace_for_version("1.32"), ==, 50 * SIM_S);
  g_assert_cmpint(sim_nodelifecycle_grace_for_version("1.34"), ==, 50 * SIM_S);
  g_assert_cmpint(sim_nodelifecycle_grace_for_version("2.0"), ==, 50 * SIM_S);
  SimNodeLifecycleParams p;
  sim_nodelifecycle_params_init(&p);
  g_assert_cmpint(p.monitor_period, ==, 5 * SIM_S);
  g_assert_cmpint(p.grace_period, ==, 40 * SIM_S);
  g_assert_cmpint(p.eviction_timeout, ==, 300 * SIM_S);
}

/* The controller never sets Ready; a Lease alone does not undo not-ready; a status update does,
 * and cancels the pending eviction. Nothing counts before registration. */
static void
test_recovery_needs_status(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(SimNodeLifecycle) nlc =
      sim_nodelifecycle_new(fx->sched, 2, NULL, sim_rng_set_get(fx->rngs, "p"), on_event, fx);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
  /* node 1 sends leases and statuses but never registers */
  commit_at(fx, keep, nlc, 1, SIM_VERB_LEASE, 1 * SIM_S);
  commit_at(fx, keep, nlc, 1, SIM_VERB_STATUS, 2 * SIM_S);
  commit_at(fx, keep, nlc, 0, SIM_VERB_CREATE, 1 * SIM_S);
  commit_at(fx, keep, nlc, 0, SIM_VERB_STATUS, 1 * SIM_S);
  /* silent until 100 s: not ready at <= 46 s; a lease at 100 s keeps it not ready ... */
  commit_at(fx, keep, nlc, 0, SIM_VERB_LEASE, 100 * SIM_S);
  /* ... until the status at 105 s; then silent again */
  commit_at(fx, keep, nlc, 0, SIM_VERB_STATUS, 105 * SIM_S);
  sim_scheduler_run_until(fx->sched, 460 * SIM_S);
  g_assert_false(sim_nodelifecycle_registered(nlc, 1));
  g_assert_cmpint(sim_nodelifecycle_last_heartbeat(nlc, 1), ==, -1);
  g_assert_null(find_ev(fx, 1, SIM_NODE_EVENT_READY, 0));
  const Ev *nr1 = find_ev(fx, 0, SIM_NODE_EVENT_NOT_READY, 0);
  const Ev *r2 = find_ev(fx, 0, SIM_NODE_EVENT_READY, 1);
  const Ev *nr2 = find_ev(fx, 0, SIM_NODE_EVENT_NOT_READY, 1);
  g_assert_nonnull(nr1);
  g_assert_cmpint(nr1->at, <=, 46 * SIM_S);
  g_assert_nonnull(r2);
  g_assert_cmpint(r2->at, ==, 105 * SIM_S);
  g_assert_nonnull(nr2);
  g_assert_cmpint(nr2->at, >, 145 * SIM_S);
  g_assert_cmpint(nr2->at, <=, 150 * SIM_S);
  /* the first eviction (due at nr1 + 300 s) was cancelled by the recovery; the second is due */
  const Ev *ev = find_ev(fx, 0, SIM_NODE_EVENT_EVICTABLE, 0);
  g_assert_nonnull(ev);
  g_assert_cmpint(ev->at, ==, nr2->at + 300 * SIM_S);
  g_assert_null(find_ev(fx, 0, SIM_NODE_EVENT_EVICTABLE, 1));
  g_assert_cmpuint(sim_nodelifecycle_n_registered(nlc), ==, 1);
  g_assert_cmpuint(sim_nodelifecycle_n_ready(nlc), ==, 0);
}

/* Many nodes: each is judged on its own heartbeat. */
static void
test_independent_nodes(Fx *fx, gconstpointer data)
{
  (void)data;
  const guint n = 50;
  g_autoptr(SimNodeLifecycle) nlc =
      sim_nodelifecycle_new(fx->sched, n, NULL, sim_rng_set_get(fx->rngs, "p"), on_event, fx);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    commit_at(fx, keep, nlc, i, SIM_VERB_CREATE, 1 * SIM_S);
    commit_at(fx, keep, nlc, i, SIM_VERB_STATUS, 1 * SIM_S);
    /* even nodes keep renewing, odd ones stop after i seconds */
    for (SimTime t = 5 * SIM_S; t < 200 * SIM_S; t += 10 * SIM_S) {
      if (i % 2 == 0 || t < (SimTime)i * SIM_S)
        commit_at(fx, keep, nlc, i, SIM_VERB_LEASE, t);
    }
  }
  sim_scheduler_run_until(fx->sched, 200 * SIM_S);
  for (guint i = 0; i < n; i++) {
    g_assert_cmpint(sim_nodelifecycle_ready(nlc, i), ==, i % 2 == 0);
    if (i % 2 == 1) {
      SimTime hb = sim_nodelifecycle_last_heartbeat(nlc, i);
      SimTime at = sim_nodelifecycle_not_ready_at(nlc, i);
      g_assert_cmpint(at, >, hb + 40 * SIM_S);
      g_assert_cmpint(at, <=, hb + 45 * SIM_S);
    }
  }
  g_assert_cmpuint(sim_nodelifecycle_n_ready(nlc), ==, n / 2);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("/nodelifecycle/not-ready-within-grace-40s-plus-5s", test_grace_40);
  ADD("/nodelifecycle/not-ready-within-grace-50s-plus-5s", test_grace_50);
  g_test_add_func("/nodelifecycle/grace-by-version", test_grace_by_version);
  ADD("/nodelifecycle/recovery-needs-a-status-update", test_recovery_needs_status);
  ADD("/nodelifecycle/nodes-judged-independently", test_independent_nodes);
  return g_test_run();
}
