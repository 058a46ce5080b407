/* SimNetwork: the hop engine, and the registry of everything on the network.
 *
 * It owns the nodes' registry (not the nodes), the links (created lazily, one per ordered pair of
 * nodes, the first time a packet goes from one to the other), the per-class link behaviour, the
 * packet pool, the counters (packets and bytes per link class, bytes across AZs, drops by
 * reason) and the tracer. A hop is one call, sim_network_hop(): the link decides delay or drop,
 * and one event is scheduled for the packet's arrival at the far end; that event hands the
 * packet to the node's processing stage (if any) and then to its ops->receive.
 *
 * Endpoints that want to learn why their packets vanished (a TCP connection whose SYN was
 * dropped at the public endpoint, a DNS query dropped for no route) register an origin and stamp
 * its handle on their packets; a drop then calls the origin back with the reason. Handles carry
 * a generation, so a packet outliving its sender is harmless.
 *
 * Conservation: sim_network_packets_sent() = delivered + sum of dropped + packets in transit (inside
 * a pending hop event), counted independently; tests check it.
 */
#ifndef EKSIM_NET_NETWORK_H
#define EKSIM_NET_NETWORK_H

#include <glib.h>

#include "core/rng.h"
#include "core/scheduler.h"
#include "net/link.h"
#include "net/node.h"
#include "net/packet.h"
#include "net/trace.h"

#define SIM_DEFAULT_TTL 64

SimNetwork *sim_network_new(SimScheduler *sched, SimRngSet *rngs);
void sim_network_free(SimNetwork *net);

SimScheduler *sim_network_scheduler(SimNetwork *net);
SimRngSet *sim_network_rngs(SimNetwork *net);
SimTime sim_network_now(const SimNetwork *net);

/* The behaviour of class @cls (borrowed, mutable: faults change latency_factor/extra_loss). Its
 * latency reference belongs to the network. */
SimLinkParams *sim_network_link_params(SimNetwork *net, SimLinkClass cls);
/* Replaces the class's parameters (the latency reference is taken, not copied). */
void sim_network_set_link_params(SimNetwork *net, SimLinkClass cls, const SimLinkParams *params);

/* Tear-down: from now on every packet sent is discarded at once (no event, no count, no node
 * touched), so elements being freed may close their connections in any order. */
void sim_network_shutdown(SimNetwork *net);
gboolean sim_network_is_shut_down(const SimNetwork *net);

/* Nodes in creation order. */
guint sim_network_n_nodes(const SimNetwork *net);
SimNode *sim_network_node(const SimNetwork *net, guint id);
/* The node named @name, or NULL (linear; for explain and faults, not the hot path). */
SimNode *sim_network_find_node(const SimNetwork *net, const char *name);

/* A fresh packet (zeroed, ttl = SIM_DEFAULT_TTL, counted as sent). */
SimPacket *sim_network_packet_new(SimNetwork *net);

/* Moves @pkt one hop from @from to @to over a link of class @cls (SIM_LINK_BY_AZ picks intra-az or
 * inter-az from the two nodes' AZs). Takes ownership. */
void sim_network_hop(SimNetwork *net, SimNode *from, SimNode *to, SimLinkClass cls, SimPacket *pkt);
/* Drops @pkt at @at (counted, traced, origin told). @detail: optional text for the tracer (not
 * kept). Takes ownership. */
void sim_network_drop(SimNetwork *net, SimNode *at, SimPacket *pkt, SimDropReason reason,
                      const char *detail);
/* @pkt reached its destination stack at @at: counted, traced and freed. Whoever needs the
 * payload takes a reference first. */
void sim_network_deliver(SimNetwork *net, SimNode *at, SimPacket *pkt);
/* Returns @pkt to the pool without counting it (only for packets never sent). */
void sim_network_packet_discard(SimNetwork *net, SimPacket *pkt);

/* Origins: who to tell when a packet is dropped. */
typedef void (*SimDropNotify)(gpointer data, const SimPacket *pkt, SimDropReason reason,
                              const SimNode *at);
guint64 sim_network_origin_new(SimNetwork *net, SimDropNotify notify, gpointer data);
void sim_network_origin_free(SimNetwork *net, guint64 origin);

/* Per-network data of higher layers (e.g. the protocol layer's message pool), freed with the
 * network by @destroy. */
void sim_network_set_qdata(SimNetwork *net, GQuark key, gpointer data, GDestroyNotify destroy);
gpointer sim_network_get_qdata(SimNetwork *net, GQuark key);

/* Tracer (NULL func: none). */
void sim_network_set_tracer(SimNetwork *net, const SimTracer *tracer);
gboolean sim_network_tracing(const SimNetwork *net);
/* Emits a FUNCTION/DNS/CONN event with a formatted text (formatted only when tracing). */
void sim_network_trace(SimNetwork *net, SimTraceKind kind, const SimNode *node, const SimPacket *pkt,
                       const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Counters. */
guint64 sim_network_packets_sent(const SimNetwork *net);
guint64 sim_network_packets_delivered(const SimNetwork *net);
guint64 sim_network_packets_dropped(const SimNetwork *net, SimDropReason reason);
guint64 sim_network_packets_dropped_total(const SimNetwork *net);
/* sent - delivered - dropped (by definition) ... */
guint64 sim_network_packets_in_flight(const SimNetwork *net);
/* ... and, counted independently, packets inside pending hop events and packets taken from the
 * pool and not yet returned: conservation holds when all three agree. */
guint64 sim_network_packets_in_transit(const SimNetwork *net);
guint64 sim_network_packets_live(const SimNetwork *net);
guint64 sim_network_class_bytes(const SimNetwork *net, SimLinkClass cls);
guint64 sim_network_class_packets(const SimNetwork *net, SimLinkClass cls);
/* Bytes that crossed an AZ boundary (hops of class inter-az). */
guint64 sim_network_cross_az_bytes(const SimNetwork *net);
/* Links created so far (lazily). */
guint sim_network_n_links(const SimNetwork *net);
/* The link from @from to @to if a packet ever used it, else NULL. */
SimLink *sim_network_find_link(const SimNetwork *net, const SimNode *from, const SimNode *to);
/* Every link so far, in creation order, with its two ends (faults degrade the links between
 * two places); and a hook told about each link when it is created (NULL: none). */
typedef void (*SimLinkFunc)(SimLink *link, const SimNode *from, const SimNode *to, gpointer data);
void sim_network_foreach_link(SimNetwork *net, SimLinkFunc func, gpointer data);
void sim_network_set_link_hook(SimNetwork *net, SimLinkFunc func, gpointer data);
/* The longest FIFO any link of class @cls had since the last reset; resets the peaks when asked. */
guint sim_network_class_queue_peak(const SimNetwork *net, SimLinkClass cls);
void sim_network_reset_queue_peaks(SimNetwork *net);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimNetwork, sim_network_free)

#endif
