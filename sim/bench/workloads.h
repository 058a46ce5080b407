/* The two kernel benchmark workloads of ../shared/bench/peers/WORKLOADS.md, run on eksim's own
 * scheduler: the hold model and an M/M/c queue. They use the peers' splitmix64 stream (not GSL)
 * because the specification fixes the random numbers, so every peer runs the same sample path
 * and the printed final_t / mean_sojourn double as a correctness check. */
#ifndef EKSIM_BENCH_WORKLOADS_H
#define EKSIM_BENCH_WORKLOADS_H

#include <glib.h>

#include "core/scheduler.h"

typedef struct {
  double prefill_s, hold_s, rng_ns;
  double hold_cpu_s;  /* thread CPU time of the holds (hold_s is wall time, as the spec says) */
  double final_t;     /* time of the M-th dispatched event, seconds */
  guint64 holds;
} SimBenchHoldResult;

typedef struct {
  double mean_sojourn, erlang_c, sim_end_t, run_s;
  double run_cpu_s;   /* thread CPU time of the run */
  guint64 customers;
} SimBenchMmcResult;

/* splitmix64 as in WORKLOADS.md section 0.1 (exposed for tests of the port). */
guint64 sim_bench_splitmix64(guint64 *state);
double sim_bench_expo(guint64 *state, double rate);

/* Workload 1: N pending events, M holds, on a scheduler with pending-set structure @queue. */
void sim_bench_hold_run(guint64 n, guint64 m, guint64 seed, SimQueueKind queue, SimBenchHoldResult *out);
/* Workload 2: M/M/c FIFO until @customers have departed. */
void sim_bench_mmc_run(guint c, double lambda, double mu, guint64 customers, guint64 seed,
                       SimQueueKind queue, SimBenchMmcResult *out);
/* Erlang-C mean sojourn time W = 1/mu + C(c, a) / (c mu - lambda), a = lambda / mu. */
double sim_bench_erlang_c_sojourn(guint c, double lambda, double mu);

#endif
