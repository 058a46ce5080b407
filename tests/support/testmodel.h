/* A small but real model for testing the runner on its own (linked into every test binary).
 *
 * It reads a scenario through SimConfig like the EKS world does and reports through the
 * SimRecorder: each [client.NAME] (count x Poisson arrivals at `rate`, verbs by `verbs`) issues
 * requests whose phases are drawn from [link.internet] latency (DNS: 1 hop, connect: 2, TLS: 4,
 * transfer: 2) and [apiserver] service.VERB; a request is lost with [link.internet] loss
 * (connect-timeout after dial_timeout). While a [fault.NAME] is active (at, duration), requests
 * fail (no-route) and every node of every [nodegroup.NAME] goes not Ready (each after its own
 * delay) until shortly after the fault ends. A "network" subject counts bytes and the peak of
 * requests in flight. Every draw comes from a named stream of (seed, replication), so a run is a
 * pure function of its configuration and replication index.
 *
 * Knobs let tests make runs fail, slow them down, or interrupt the batch from inside a run.
 */
#ifndef EKSIM_TESTS_TESTMODEL_H
#define EKSIM_TESTS_TESTMODEL_H

#include <glib.h>

#include "scenario/runner.h"

typedef struct {
  const char *fail_label;   /* create() fails for variants whose label contains this */
  SimRunner *runner;        /* for interrupt_after */
  guint interrupt_after;    /* interrupt @runner when this many runs have been created (0: never) */
  gboolean raise_sigint;    /* ... by raising SIGINT instead of calling sim_runner_interrupt */
  guint second_sigint_us;   /* with raise_sigint: raise SIGINT again this long after the first */
  guint spin_us;            /* sleep this long per run, after creating it (makes runs overlap) */
} SimTestModelKnobs;

/* Read by every run; set before sim_runner_run, reset with sim_test_model_reset(). */
extern SimTestModelKnobs sim_test_model_knobs;
void sim_test_model_reset(void);
/* Runs created since the last reset (atomic). */
guint sim_test_model_created(void);

const SimModelOps *sim_test_model_ops(void);

#endif
