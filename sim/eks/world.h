/* SimWorld: one replication of one scenario variant, assembled and run.
 *
 * sim_world_new() builds the whole model from a resolved SimConfig: the topology (internet,
 * customer VPC, the AWS-managed control-plane VPC, connected networks), the control plane (load
 * balancer, API servers, etcd), the node groups and their kubelets, the clients, and the faults
 * (scheduled as events). Random streams come from (scenario seed, @replication, stream name).
 * sim_world_run() advances the scheduler to the scenario's duration, reporting everything
 * through @rec. The runner (sim/scenario/runner.c) owns the recorder and the world.
 */
#ifndef EKSIM_EKS_WORLD_H
#define EKSIM_EKS_WORLD_H

#include <glib.h>

#include "core/scheduler.h"
#include "eks/client.h"
#include "eks/controller.h"
#include "eks/nodegroup.h"
#include "eks/nodelifecycle.h"
#include "net/network.h"
#include "net/trace.h"
#include "scenario/config.h"
#include "stats/recorder.h"

typedef struct _SimWorld SimWorld;

/* Builds the model. Fails (GError) only on what validation cannot see in advance. @rec is
 * borrowed and must outlive the world. */
SimWorld *sim_world_new(const SimConfig *cfg, guint replication, SimRecorder *rec, GError **error);
/* Runs to [scenario] duration. */
void sim_world_run(SimWorld *world);
/* Events dispatched so far (for events/s in benchmarks). */
guint64 sim_world_events(const SimWorld *world);
void sim_world_free(SimWorld *world);

/* For tests and eksim explain: */
/* The replication's network (counters, nodes by name). */
SimNetwork *sim_world_network(SimWorld *world);
/* Observes every hop, function, drop and DNS step (set before sim_world_run). */
void sim_world_set_tracer(SimWorld *world, const SimTracer *tracer);
/* The client instances, in definition order (a [client.NAME] with count N gives N). */
guint sim_world_n_clients(const SimWorld *world);
SimClient *sim_world_client(const SimWorld *world, guint i);
/* The API endpoint's DNS name. */
const char *sim_world_endpoint_name(const SimWorld *world);
/* Every name a [fault.NAME] target may use in this replication's model ("all", "az1".., NAT
 * gateways, API servers, load balancer nodes, ENIs, resolvers, clients, networks, link places),
 * each with what it is and the fault kinds that accept it (SimFaultTargetInfo*, fault/fault.h;
 * the caller frees the array). For eksim explain. */
GPtrArray *sim_world_fault_targets(const SimWorld *world);
/* The replication's scheduler (tests schedule their own events on it). */
SimScheduler *sim_world_scheduler(SimWorld *world);
/* The node groups in definition order, their nodes numbered across groups in the cluster state
 * (eks/nodelifecycle.h). */
guint sim_world_n_nodegroups(const SimWorld *world);
SimNodeGroup *sim_world_nodegroup(const SimWorld *world, guint i);
SimNodeLifecycle *sim_world_nodelifecycle(SimWorld *world);
/* The watch loop of client instance @i (NULL unless its kind is controller). */
SimController *sim_world_controller(const SimWorld *world, guint i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimWorld, sim_world_free)

#endif
