/* Tests for sim/net/link: latency, serialisation and FIFO queueing, tail drop, loss rate,
 * in-order delivery, degradation, class names. */
#include <glib.h>
#include <math.h>

#include "core/dist.h"
#include "core/rng.h"
#include "net/link.h"

static SimLinkParams
params(double lat_s, double loss, double bw, guint queue)
{
  SimLinkParams p;
  sim_link_params_init(&p);
  p.latency = sim_dist_new_const(SIM_DIST_DURATION, lat_s);
  p.loss = loss;
  p.bandwidth = bw;
  p.queue = queue;
  return p;
}

static void
test_constant_latency(void)
{
  SimLinkParams p = params(0.002, 0, 0, 1);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 1);
  g_autoptr(SimLink) l = sim_link_new(SIM_LINK_INTRA_AZ, &p, rng);
  SimTime at;
  SimDropReason why;
  g_assert_true(sim_link_transmit(l, 5 * SIM_MS, 1500, &at, &why));
  g_assert_cmpint(at, ==, 7 * SIM_MS);
  g_assert_cmpuint(sim_link_queue_length(l, 5 * SIM_MS), ==, 0); /* no bandwidth: no queue */
  sim_link_params_clear(&p);
}

/* 1,500 B at 12 Mbps take exactly 1 ms: back-to-back packets queue behind each other. */
static void
test_serialisation_and_queue(void)
{
  SimLinkParams p = params(0, 0, 12e6, 3);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 1);
  g_autoptr(SimLink) l = sim_link_new(SIM_LINK_NAT, &p, rng);
  SimTime at;
  SimDropReason why;
  for (int i = 0; i < 3; i++) {
    g_assert_true(sim_link_transmit(l, 0, 1500, &at, &why));
    g_assert_cmpint(at, ==, (i + 1) * SIM_MS);
  }
  g_assert_cmpuint(sim_link_queue_length(l, 0), ==, 3);
  /* the fourth finds the queue full */
  g_assert_false(sim_link_transmit(l, 0, 1500, &at, &why));
  g_assert_cmpint(why, ==, SIM_DROP_QUEUE_FULL);
  /* once the first left, there is room again, behind the other two */
  g_assert_cmpuint(sim_link_queue_length(l, 1 * SIM_MS), ==, 2);
  g_assert_true(sim_link_transmit(l, 1 * SIM_MS, 1500, &at, &why));
  g_assert_cmpint(at, ==, 4 * SIM_MS);
  g_assert_cmpuint(sim_link_queue_peak(l), ==, 3);
  sim_link_params_clear(&p);
}

static void
test_loss_rate(void)
{
  SimLinkParams p = params(0.001, 0.1, 0, 1);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 7);
  g_autoptr(SimLink) l = sim_link_new(SIM_LINK_INTERNET, &p, rng);
  guint lost = 0, n = 100000;
  for (guint i = 0; i < n; i++) {
    SimTime at;
    SimDropReason why;
    if (!sim_link_transmit(l, i * SIM_US, 100, &at, &why)) {
      g_assert_cmpint(why, ==, SIM_DROP_LOSS);
      lost++;
    }
  }
  /* binomial: sd = sqrt(n p (1-p)) ~ 95; 5 sd */
  g_assert_cmpfloat(fabs((double)lost - 0.1 * n), <, 5 * sqrt(n * 0.1 * 0.9));
  sim_link_params_clear(&p);
}

/* Random latencies never reorder packets on one link. */
static void
test_fifo_delivery(void)
{
  SimLinkParams p;
  sim_link_params_init(&p);
  p.latency = sim_dist_parse("uniform(1ms, 50ms)", SIM_DIST_DURATION, NULL, NULL);
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 3);
  g_autoptr(SimLink) l = sim_link_new(SIM_LINK_INTERNET, &p, rng);
  SimTime last = 0;
  gboolean held = FALSE;
  for (guint i = 0; i < 1000; i++) {
    SimTime at;
    SimDropReason why;
    g_assert_true(sim_link_transmit(l, i * 100 * SIM_US, 100, &at, &why));
    g_assert_cmpint(at, >=, last);
    held = held || at == last;
    last = at;
  }
  g_assert_true(held); /* some packets were held back behind a slower one */
  sim_link_params_clear(&p);
}

static void
test_degradation(void)
{
  SimLinkParams p = params(0.002, 0, 0, 1);
  p.latency_factor = 10;
  g_autoptr(SimRng) rng = sim_rng_new_seeded("t", 1);
  g_autoptr(SimLink) l = sim_link_new(SIM_LINK_INTERNET, &p, rng);
  SimTime at;
  SimDropReason why;
  g_assert_true(sim_link_transmit(l, 0, 100, &at, &why));
  g_assert_cmpint(at, ==, 20 * SIM_MS);
  p.latency_factor = 1;
  p.extra_loss = 1.0;
  g_assert_false(sim_link_transmit(l, SIM_S, 100, &at, &why));
  g_assert_cmpint(why, ==, SIM_DROP_LOSS);
  sim_link_params_clear(&p);
}

static void
test_class_names(void)
{
  for (guint c = 0; c < SIM_LINK_N_CLASSES; c++) {
    SimLinkClass back;
    g_assert_true(sim_link_class_from_name(sim_link_class_name((SimLinkClass)c), &back));
    g_assert_cmpint(back, ==, c);
  }
  SimLinkClass x;
  g_assert_false(sim_link_class_from_name("default", &x));
  g_assert_cmpstr(sim_link_class_name(SIM_LINK_REGION), ==, "region");
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/link/constant-latency", test_constant_latency);
  g_test_add_func("/link/serialisation-fifo-tail-drop", test_serialisation_and_queue);
  g_test_add_func("/link/loss-rate", test_loss_rate);
  g_test_add_func("/link/never-reorders", test_fifo_delivery);
  g_test_add_func("/link/degradation", test_degradation);
  g_test_add_func("/link/class-names", test_class_names);
  return g_test_run();
}
