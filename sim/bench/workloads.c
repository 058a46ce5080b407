/* Kernel benchmark workloads (WORKLOADS.md): hold model and M/M/c FIFO queue on SimScheduler. */
#include "bench/workloads.h"

#include <math.h>
#include <time.h>

#include "core/scheduler.h"

guint64
sim_bench_splitmix64(guint64 *s)
{
  guint64 z = (*s += G_GUINT64_CONSTANT(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

double
sim_bench_expo(guint64 *s, double rate)
{
  double u = (double)(sim_bench_splitmix64(s) >> 11) * (1.0 / 9007199254740992.0);
  return -log1p(-u) / rate;
}

static double
now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of this thread: on a shared machine it leaves out the time other jobs hold the core
 * (not their effect on caches), so it is a steadier figure than wall time for comparisons. */
static double
cpu_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---------------------------------------------------------------- hold model */

typedef struct {
  guint64 rng;
  guint64 done, m;
  SimTime final_t;
} Hold;

static void
hold_fire(SimScheduler *sched, gpointer data)
{
  Hold *h = data;
  /* one hold = this dispatch (the pop) + one push at now + Exp(1) */
  sim_scheduler_after(sched, sim_time_from_s(sim_bench_expo(&h->rng, 1.0)), hold_fire, h);
  if (++h->done == h->m) {
    h->final_t = sim_scheduler_now(sched);
    sim_scheduler_stop(sched);
  }
}

void
sim_bench_hold_run(guint64 n, guint64 m, guint64 seed, SimQueueKind queue, SimBenchHoldResult *out)
{
  Hold h = { .rng = seed, .m = m };
  SimScheduler *sched = sim_scheduler_new_with_queue(queue);

  double t0 = now_s();
  for (guint64 i = 0; i < n; i++)
    sim_scheduler_at(sched, sim_time_from_s(sim_bench_expo(&h.rng, 1.0)), hold_fire, &h);
  double t1 = now_s(), c1 = cpu_s();
  if (m > 0)
    sim_scheduler_run(sched);
  double t2 = now_s(), c2 = cpu_s();

  /* RNG-only calibration, so a reader can subtract the draw from the per-hold cost */
  guint64 cal = seed + 7, ncal = m < 1000000 ? m : 1000000;
  volatile double acc = 0.0;
  double t3 = now_s();
  for (guint64 i = 0; i < ncal; i++)
    acc += sim_bench_expo(&cal, 1.0);
  double t4 = now_s();
  (void)acc;

  out->prefill_s = t1 - t0;
  out->hold_s = t2 - t1;
  out->hold_cpu_s = c2 - c1;
  out->rng_ns = ncal ? (t4 - t3) * 1e9 / (double)ncal : 0.0;
  out->final_t = sim_time_to_s(h.final_t);
  out->holds = h.done < m ? h.done : m;
  sim_scheduler_free(sched);
}

/* ---------------------------------------------------------------- M/M/c */

typedef struct {
  SimTime arrived;
  SimTime service;
} Customer;

typedef struct Mmc Mmc;
typedef struct {
  Mmc *mmc;
  SimTime arrived; /* of the customer in service */
} Server;

struct Mmc {
  guint64 arr_rng, svc_rng;
  double lambda, mu;
  guint c, busy;
  Server *servers;
  Server **idle;        /* stack of idle servers */
  guint nidle;
  Customer *ring;       /* FIFO queue as a growable ring buffer, capacity a power of two */
  gsize head, len, cap;
  guint64 departed, target;
  double sum;
  SimTime end;
};

static void mmc_depart(SimScheduler *sched, gpointer data);

static void
mmc_start_service(SimScheduler *sched, Server *srv, SimTime arrived, SimTime service)
{
  srv->arrived = arrived;
  sim_scheduler_after(sched, service, mmc_depart, srv);
}

static void
mmc_arrive(SimScheduler *sched, gpointer data)
{
  Mmc *q = data;
  SimTime now = sim_scheduler_now(sched);
  SimTime s = sim_time_from_s(sim_bench_expo(&q->svc_rng, q->mu));

  if (q->nidle > 0) {
    mmc_start_service(sched, q->idle[--q->nidle], now, s);
  } else {
    if (q->len == q->cap) {
      gsize ncap = q->cap ? q->cap * 2 : 1024; /* a power of two: indices wrap with a mask */
      Customer *nr = g_new(Customer, ncap);
      for (gsize i = 0; i < q->len; i++)
        nr[i] = q->ring[(q->head + i) & (q->cap - 1)];
      g_free(q->ring);
      q->ring = nr;
      q->head = 0;
      q->cap = ncap;
    }
    q->ring[(q->head + q->len++) & (q->cap - 1)] = (Customer){ now, s };
  }
  sim_scheduler_after(sched, sim_time_from_s(sim_bench_expo(&q->arr_rng, q->lambda)), mmc_arrive, q);
}

static void
mmc_depart(SimScheduler *sched, gpointer data)
{
  Server *srv = data;
  Mmc *q = srv->mmc;
  SimTime now = sim_scheduler_now(sched);

  q->sum += sim_time_to_s(now - srv->arrived);
  if (++q->departed == q->target) {
    q->end = now;
    sim_scheduler_stop(sched);
    return;
  }
  if (q->len > 0) {
    Customer next = q->ring[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->len--;
    mmc_start_service(sched, srv, next.arrived, next.service);
  } else {
    q->idle[q->nidle++] = srv;
  }
}

double
sim_bench_erlang_c_sojourn(guint c, double lambda, double mu)
{
  double a = lambda / mu, b = 1.0;
  for (guint k = 1; k <= c; k++)
    b = a * b / (k + a * b); /* Erlang B recursion */
  double rho = a / c;
  double pw = b / (1.0 - rho * (1.0 - b));
  return 1.0 / mu + pw / (c * mu - lambda);
}

void
sim_bench_mmc_run(guint c, double lambda, double mu, guint64 customers, guint64 seed,
                  SimQueueKind queue, SimBenchMmcResult *out)
{
  double t0 = now_s(), c0 = cpu_s();
  SimScheduler *sched = sim_scheduler_new_with_queue(queue);
  Mmc q = {
    .arr_rng = seed,
    .svc_rng = seed + G_GUINT64_CONSTANT(0x5851f42d4c957f2d),
    .lambda = lambda, .mu = mu, .c = c, .target = customers,
  };

  q.servers = g_new0(Server, c);
  q.idle = g_new(Server *, c);
  for (guint i = 0; i < c; i++) {
    q.servers[i].mmc = &q;
    q.idle[q.nidle++] = &q.servers[c - 1 - i];
  }
  sim_scheduler_after(sched, sim_time_from_s(sim_bench_expo(&q.arr_rng, lambda)), mmc_arrive, &q);
  if (customers > 0)
    sim_scheduler_run(sched);
  double t1 = now_s(), c1 = cpu_s();

  out->customers = q.departed;
  out->mean_sojourn = q.departed ? q.sum / (double)q.departed : 0.0;
  out->erlang_c = sim_bench_erlang_c_sojourn(c, lambda, mu);
  out->sim_end_t = sim_time_to_s(q.end);
  out->run_s = t1 - t0;
  out->run_cpu_s = c1 - c0;
  sim_scheduler_free(sched);
  g_free(q.servers);
  g_free(q.idle);
  g_free(q.ring);
}
