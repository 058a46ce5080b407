/* Tests for sim/eks/apiserver, through whole replications with zero network delay: one API
 * server with c workers, Poisson arrivals (an open-loop client on one HTTP/2 connection) and
 * exponential service times is an M/M/c queue; its mean waiting time must match Erlang C, and
 * with an admission limit K its rejection probability must match M/M/c/K, both within the 95%
 * confidence interval over replications, at load 0.5 and 0.9. Also: a 429 carries Retry-After
 * and client-go retries it. */
#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "eks/world.h"
#include "scenario/scenario.h"
#include "stats/recorder.h"
#include "stats/result.h"

typedef struct {
  double wait_sum;
  guint64 n, ok, rejected, other;
  guint attempts_max;
} Acc;

static void
trace_cb(const char *subject, const SimRequestRecord *r, gboolean in_warmup, gpointer data)
{
  (void)subject;
  Acc *a = data;
  if (in_warmup)
    return;
  a->n++;
  a->attempts_max = MAX(a->attempts_max, r->attempts);
  if (r->outcome == SIM_OUTCOME_OK) {
    a->ok++;
    a->wait_sum += sim_time_to_s(r->phase[SIM_PHASE_QUEUE]);
  } else if (r->outcome == SIM_OUTCOME_HTTP_429) {
    a->rejected++;
  } else {
    a->other++;
  }
}

static void
run(SimScenario *scn, guint rep, Acc *a)
{
  SimConfig *cfg = sim_scenario_get_variant(scn, 0);
  SimRecorder *rec = sim_recorder_new(sim_scenario_warmup(scn), sim_scenario_duration(scn),
                                      sim_scenario_bin(scn));
  sim_recorder_set_trace(rec, trace_cb, a);
  g_autoptr(GError) err = NULL;
  SimWorld *w = sim_world_new(cfg, rep, rec, &err);
  g_assert_no_error(err);
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);
}

static SimScenario *
scenario(double lambda, double mean_service_ms, guint c, guint k, SimTime duration)
{
  g_autofree char *text = g_strdup_printf(
      "[scenario]\nname = mmc\nduration = %" G_GINT64_FORMAT "s\nwarmup = 10s\nbin = 10s\nseed = 42\n"
      "[cluster]\nendpoint = public\napi_servers = 1\n"
      "[vpc]\nnat = none\n"
      "[apiserver]\nworkers = %u\nmax_inflight_readonly = %u\nservice.get = exp(%gms)\n"
      "[link.default]\nlatency = const(0)\n"
      "[link.nat]\nlatency = const(0)\n"
      "[client.load]\nlocation = internet\nrate = %g/s\nconnection = reuse\nhttp = 2\n"
      "verbs = get:1\nretries = 0\ntimeout = 1h\n",
      duration / SIM_S, c, k, mean_service_ms, lambda);
  g_autoptr(GError) err = NULL;
  SimScenario *scn = sim_scenario_load_data(text, -1, "mmc.ini", &err);
  g_assert_no_error(err);
  return scn;
}

static double
factorial(guint n)
{
  double f = 1;
  for (guint i = 2; i <= n; i++)
    f *= i;
  return f;
}

/* Erlang C: mean wait in queue of M/M/c with arrival rate lambda, service rate mu. */
static double
erlang_c_wait(double lambda, double mu, guint c)
{
  double a = lambda / mu, rho = a / c, sum = 0;
  for (guint n = 0; n < c; n++)
    sum += pow(a, n) / factorial(n);
  double tail = pow(a, c) / factorial(c) / (1 - rho);
  double pw = tail / (sum + tail);
  return pw / (c * mu - lambda);
}

/* M/M/c/K: probability that an arrival finds K in the system. */
static double
mmck_block(double lambda, double mu, guint c, guint k)
{
  double a = lambda / mu, sum = 0;
  for (guint n = 0; n <= k; n++)
    sum += n < c ? pow(a, n) / factorial(n) : pow(a, n) / (factorial(c) * pow(c, n - c));
  return (pow(a, k) / (factorial(c) * pow(c, k - c))) / sum;
}

/* Mean and 95% t half-width of @x[0..n). */
static void
t_interval(const double *x, guint n, double *mean, double *half)
{
  double m = 0, v = 0;
  for (guint i = 0; i < n; i++)
    m += x[i];
  m /= n;
  for (guint i = 0; i < n; i++)
    v += (x[i] - m) * (x[i] - m);
  v /= n - 1;
  *mean = m;
  *half = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(v / n);
}

#define REPS 10

static void
check_wait(double rho)
{
  const guint c = 2;
  const double mu = 100; /* exp(10ms) */
  double lambda = rho * c * mu;
  SimTime duration = rho > 0.7 ? 160 * SIM_S : 60 * SIM_S;
  g_autoptr(SimScenario) scn = scenario(lambda, 10, c, 100000, duration);
  double w[REPS];
  for (guint r = 0; r < REPS; r++) {
    Acc a = { 0 };
    run(scn, r, &a);
    g_assert_cmpuint(a.other, ==, 0);
    g_assert_cmpuint(a.rejected, ==, 0);
    g_assert_cmpuint(a.ok, >, 1000);
    w[r] = a.wait_sum / a.ok;
  }
  double mean, half;
  t_interval(w, REPS, &mean, &half);
  double want = erlang_c_wait(lambda, mu, c);
  g_test_message("rho %.1f: mean wait %.6f s +- %.6f, Erlang C %.6f s", rho, mean, half, want);
  g_assert_cmpfloat(fabs(mean - want), <=, half);
}

static void
check_block(double rho)
{
  const guint c = 2, k = 5;
  const double mu = 100;
  double lambda = rho * c * mu;
  g_autoptr(SimScenario) scn = scenario(lambda, 10, c, k, 60 * SIM_S);
  double p[REPS];
  for (guint r = 0; r < REPS; r++) {
    Acc a = { 0 };
    run(scn, r, &a);
    g_assert_cmpuint(a.other, ==, 0);
    g_assert_cmpuint(a.attempts_max, ==, 1); /* retries = 0 */
    p[r] = (double)a.rejected / (double)a.n;
  }
  double mean, half;
  t_interval(p, REPS, &mean, &half);
  double want = mmck_block(lambda, mu, c, k);
  g_test_message("rho %.1f: rejected %.5f +- %.5f, M/M/%u/%u %.5f", rho, mean, half, c, k, want);
  g_assert_cmpfloat(fabs(mean - want), <=, half);
}

static void
test_erlang_c_05(void)
{
  check_wait(0.5);
}

static void
test_erlang_c_09(void)
{
  check_wait(0.9);
}

static void
test_mmck_05(void)
{
  check_block(0.5);
}

static void
test_mmck_09(void)
{
  check_block(0.9);
}

/* ---- client-go retries and the request timeout ---- */

typedef struct {
  SimRequestRecord r[8];
  char subject[8][8];
  guint n;
} Seen;

static void
seen_cb(const char *subject, const SimRequestRecord *r, gboolean in_warmup, gpointer data)
{
  (void)in_warmup;
  Seen *s = data;
  if (s->n < 8) {
    s->r[s->n] = *r;
    g_strlcpy(s->subject[s->n], subject, 8);
    s->n++;
  }
}

static const SimRequestRecord *
seen_of(const Seen *s, const char *subject)
{
  for (guint i = 0; i < s->n; i++) {
    if (strcmp(s->subject[i], subject) == 0)
      return &s->r[i];
  }
  return NULL;
}

/* One worker, one request admitted at a time, 3.5 s of service, zero network delay: client "a"
 * takes the server at 1 s; "b" arrives at 1.5 s, gets 429 with Retry-After 1 s at 1.5, 2.5 and
 * 3.5 s and is admitted at 4.5 s as "a" finishes; served until 8 s. With retries = 2 it gives up
 * at 3.5 s (http-429, 3 attempts); with a 2 s timeout "a" ends as request-timeout at 3 s. */
static void
run_retry_case(const char *b_extra, const char *a_extra, Seen *seen)
{
  g_autofree char *text = g_strdup_printf(
      "[scenario]\nname = retry\nduration = 20s\nwarmup = 0\nbin = 1s\nseed = 1\n"
      "[cluster]\nendpoint = public\napi_servers = 1\n[vpc]\nnat = none\n"
      "[apiserver]\nworkers = 1\nmax_inflight_readonly = 1\nservice.get = const(3500ms)\n"
      "[link.default]\nlatency = const(0)\n[link.nat]\nlatency = const(0)\n"
      "[client.a]\nlocation = internet\nsource_ip = 198.51.100.1\nthink_time = const(1s)\n"
      "verbs = get:1\n%s\n"
      "[client.b]\nlocation = internet\nsource_ip = 198.51.100.2\nthink_time = const(1500ms)\n"
      "verbs = get:1\n%s\n",
      a_extra, b_extra);
  g_autoptr(GError) err = NULL;
  g_autoptr(SimScenario) scn = sim_scenario_load_data(text, -1, "retry.ini", &err);
  g_assert_no_error(err);
  SimRecorder *rec = sim_recorder_new(0, 20 * SIM_S, SIM_S);
  sim_recorder_set_trace(rec, seen_cb, seen);
  SimWorld *w = sim_world_new(sim_scenario_get_variant(scn, 0), 0, rec, &err);
  g_assert_no_error(err);
  sim_world_run(w);
  sim_world_free(w);
  sim_run_result_free(sim_recorder_finish(rec));
  sim_recorder_free(rec);
}

static void
test_client_go_retry(void)
{
  Seen s = { 0 };
  run_retry_case("", "", &s);
  const SimRequestRecord *a = seen_of(&s, "a"), *b = seen_of(&s, "b");
  g_assert_nonnull(a);
  g_assert_nonnull(b);
  g_assert_cmpint(a->outcome, ==, SIM_OUTCOME_OK);
  g_assert_cmpint(a->end, ==, 4500 * SIM_MS);
  g_assert_cmpint(b->outcome, ==, SIM_OUTCOME_OK);
  g_assert_cmpuint(b->attempts, ==, 4);
  g_assert_cmpint(b->start, ==, 1500 * SIM_MS);
  g_assert_cmpint(b->end, ==, 8 * SIM_S);
  g_assert_cmpint(b->phase[SIM_PHASE_TRANSFER], ==, 3 * SIM_S); /* three back-offs */
  g_assert_cmpint(b->phase[SIM_PHASE_SERVICE], ==, 3500 * SIM_MS);

  Seen s2 = { 0 };
  run_retry_case("retries = 2", "", &s2);
  b = seen_of(&s2, "b");
  g_assert_cmpint(b->outcome, ==, SIM_OUTCOME_HTTP_429);
  g_assert_cmpuint(b->attempts, ==, 3);
  g_assert_cmpint(b->end, ==, 3500 * SIM_MS);

  Seen s3 = { 0 };
  run_retry_case("retries = 0", "timeout = 2s", &s3);
  a = seen_of(&s3, "a");
  b = seen_of(&s3, "b");
  g_assert_cmpint(a->outcome, ==, SIM_OUTCOME_REQUEST_TIMEOUT);
  g_assert_cmpint(a->end, ==, 3 * SIM_S);
  g_assert_cmpint(b->outcome, ==, SIM_OUTCOME_HTTP_429);
  g_assert_cmpuint(b->attempts, ==, 1);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/apiserver/mmc-wait-matches-erlang-c/load-0.5", test_erlang_c_05);
  g_test_add_func("/apiserver/mmc-wait-matches-erlang-c/load-0.9", test_erlang_c_09);
  g_test_add_func("/apiserver/mmck-rejections-match/load-0.5", test_mmck_05);
  g_test_add_func("/apiserver/mmck-rejections-match/load-0.9", test_mmck_09);
  g_test_add_func("/apiserver/client-go-retries-429-and-timeout", test_client_go_retry);
  return g_test_run();
}
