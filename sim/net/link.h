/* Links: one direction of one hop between two network elements.
 *
 * Every hop a packet makes crosses a SimLink of some class. A link delays each packet by
 *   queueing (FIFO, behind packets still being serialised) + serialisation (size * 8 / bandwidth)
 *   + latency (one draw per packet from the class's distribution, times a degradation factor),
 * loses it with the class's probability (plus any extra loss of a degradation), and tail-drops
 * it when the FIFO already holds `queue` packets. Without a bandwidth there is neither
 * serialisation nor queue. A link never reorders: a packet whose latency draw would overtake the
 * previous one arrives together with it (per-link FIFO delivery).
 *
 * Classes and their defaults (one-way latencies are half the round-trip figures of facts §5.5 and
 * §7 #25; the defaults live in the scenario schema, [link.CLASS]):
 *   intra-az       between two elements of one AZ (also VPC edge hops of AZ-less elements)
 *   inter-az       between two AZs of one VPC or of peered VPCs: the bytes counted as cross-AZ
 *   internet       between an outside host (laptop, on-prem breakout) and the region's edge
 *   vpn, dx        between on-prem and the VPC's virtual private / Direct Connect gateway
 *   nat            a NAT gateway's processing stage (5 Gbps, facts §5.5)
 *   lb             a load balancer node's processing stage
 *   control-plane  inside the AWS-managed VPC (load balancer, API servers, etcd, ENI uplinks)
 *   region         AWS's public network inside the region: internet gateway or public endpoint
 *                  to the region edge ("leaves the VPC but not Amazon's network", facts §1.2)
 * Each link draws from its own named random stream ("link/CLASS/FROM->TO"), so adding a client or
 * a node never changes what another link draws.
 */
#ifndef EKSIM_NET_LINK_H
#define EKSIM_NET_LINK_H

#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/time.h"
#include "net/packet.h"

typedef enum {
  SIM_LINK_INTRA_AZ,
  SIM_LINK_INTER_AZ,
  SIM_LINK_INTERNET,
  SIM_LINK_VPN,
  SIM_LINK_DX,
  SIM_LINK_NAT,
  SIM_LINK_LB,
  SIM_LINK_CONTROL_PLANE,
  SIM_LINK_REGION,
  SIM_LINK_N_CLASSES,
  /* Not a class: "intra-az or inter-az, from the AZs of the two ends" (routes use it). */
  SIM_LINK_BY_AZ = SIM_LINK_N_CLASSES,
} SimLinkClass;

/* "intra-az", ... (the names of [link.CLASS]). */
const char *sim_link_class_name(SimLinkClass cls);
gboolean sim_link_class_from_name(const char *name, SimLinkClass *out);

/* The behaviour of one link class, shared by every link of the class. Faults change
 * latency_factor and extra_loss while a run goes on; links read them per packet. */
typedef struct {
  SimDist *latency;      /* one-way delay per packet (owned reference); NULL: zero */
  double loss;           /* probability in [0, 1] */
  double bandwidth;      /* bits per second; 0: no serialisation, no queue */
  guint queue;           /* FIFO capacity in packets when bandwidth > 0 (>= 1) */
  double latency_factor; /* degradation multiplier, 1 normally */
  double extra_loss;     /* degradation loss added to @loss */
} SimLinkParams;

/* Fills @p with zero latency, no loss, no bandwidth, factor 1. */
void sim_link_params_init(SimLinkParams *p);
/* Drops @p's latency reference. */
void sim_link_params_clear(SimLinkParams *p);

typedef struct _SimLink SimLink;

/* A link of class @cls whose behaviour is @params (borrowed; must outlive the link) drawing from
 * @rng (borrowed). */
SimLink *sim_link_new(SimLinkClass cls, const SimLinkParams *params, SimRng *rng);
void sim_link_free(SimLink *link);

SimLinkClass sim_link_class(const SimLink *link);

/* A packet of @size bytes enters the link at @now. Returns TRUE and its arrival time at the far
 * end, or FALSE and why it was dropped (SIM_DROP_LOSS or SIM_DROP_QUEUE_FULL). */
gboolean sim_link_transmit(SimLink *link, SimTime now, guint32 size, SimTime *arrival,
                           SimDropReason *reason);

/* A degradation of this one link on top of its class's (link-degradation between two places,
 * sim/fault/): latency multiplied by @latency_factor (1: none), @extra_loss added to the loss
 * probability (0: none). Read per packet. */
void sim_link_set_degradation(SimLink *link, double latency_factor, double extra_loss);
/* Packets waiting or being serialised at @now (0 without a bandwidth). */
guint sim_link_queue_length(SimLink *link, SimTime now);
/* The longest queue seen since the last reset (packets). */
guint sim_link_queue_peak(const SimLink *link);
void sim_link_reset_peak(SimLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimLink, sim_link_free)

#endif
