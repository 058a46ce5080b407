/* A controller holding a watch (an operator, a CI agent's informer, a kube-system add-on running
 * outside the cluster): the list-then-watch loop of client-go's reflector over one long-lived
 * HTTP/2 connection (issue 5).
 *
 * It lists, then watches; the watch is established when its first response arrives (recorded as
 * an ok `watch` request: its latency is the time to establish, not the watch's lifetime) and held
 * until the server ends it after `watch_timeout` (client-go asks for 5 min x [1, 2)), when the
 * controller watches again on the same connection. While held, nothing but the HTTP/2 health
 * check's PINGs crosses an idle watch (facts §5.6), which also keeps NAT and load balancer flows
 * alive; when the connection dies (PING unanswered for 15 s, RST, idle timeout) the watch is lost
 * and the controller lists and watches again after the reflector's back-off (800 ms doubling to
 * 30 s; client-go source, not in the fact sheet), resolving and dialling anew. Simplified: watch
 * events are not sent (an idle watch); a re-watch after the server's timeout is immediate and
 * counted as held throughout.
 * The controller reports the share of time it held a watch (watch_held_fraction).
 */
#ifndef EKSIM_EKS_CONTROLLER_H
#define EKSIM_EKS_CONTROLLER_H

#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/scheduler.h"
#include "eks/client.h"

typedef struct _SimController SimController;

/* The watch loop of @client (borrowed; it must keep its connections: connection = reuse,
 * HTTP/2) on @sched, with watch lifetimes drawn from @watch_timeout and @rng. */
SimController *sim_controller_new(SimScheduler *sched, SimClient *client, SimDist *watch_timeout,
                                  SimRng *rng);
void sim_controller_free(SimController *ctl);
void sim_controller_start(SimController *ctl, SimTime at);
/* Time a watch was held within [@from, @to] (the run's measured period). */
SimTime sim_controller_held(const SimController *ctl, SimTime from, SimTime to);
gboolean sim_controller_watching(const SimController *ctl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimController, sim_controller_free)

#endif
