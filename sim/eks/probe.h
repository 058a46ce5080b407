/* Exposure probes: can an internet source open a connection to the API endpoint? (issue 5)
 *
 * A probe is a host on the internet that, every `[exposure] interval`, dials the public endpoint's
 * addresses (the load balancer nodes' public IPs, taken in turn: a scanner needs no DNS name) and
 * runs a TLS handshake; a completed handshake means the API server is exposed to that source
 * (authentication comes after it, and is not what exposure measures). The world places two: one
 * with an address inside public_access_cidrs ("probe-allowed-source") and one outside it
 * ("probe-other-source", absent when the list admits every address). Each attempt is recorded as
 * a request of verb "connect" (ok, or the failure: a connect timeout when the CIDR filter or a
 * disabled public endpoint drops the SYNs silently, facts §2), and at the end the probe's
 * `exposure` metric is the share of its attempts after the warm-up that connected.
 * A probe touches no API server worker (the handshake is answered by the API server's TLS
 * stack), no DNS cache and no customer gateway, so it does not disturb the other subjects.
 */
#ifndef EKSIM_EKS_PROBE_H
#define EKSIM_EKS_PROBE_H

#include <glib.h>

#include "core/rng.h"
#include "eks/client.h"
#include "net/host.h"

typedef struct _SimProbe SimProbe;

/* The addresses to probe, filled into @out (room for @max); returns how many. */
typedef guint (*SimProbeTargetsFunc)(gpointer user, SimIp *out, guint max);

/* A probe on @host (borrowed), every @interval from a random phase drawn from @rng, reporting
 * each attempt to @record. */
SimProbe *sim_probe_new(SimHost *host, SimProbeTargetsFunc targets, gpointer targets_user,
                        SimTime interval, SimRng *rng, SimClientRecordFunc record, gpointer user);
void sim_probe_free(SimProbe *probe);
void sim_probe_start(SimProbe *probe, SimTime at);
/* Attempts that started at or after @since, and those of them that connected. */
guint64 sim_probe_attempts(const SimProbe *probe);
guint64 sim_probe_connected(const SimProbe *probe);
void sim_probe_count_from(SimProbe *probe, SimTime since);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimProbe, sim_probe_free)

#endif
