/* Flow tables: the connection-tracking state of stateful network functions.
 *
 * A NAT gateway, a cross-account ENI translating control-plane connections, and a load balancer
 * node all remember flows: a flow is found by its key (protocol and the two endpoints as the
 * function first saw them) or by the port the function allocated for it on its own address.
 * Idle flows expire after the table's idle timeout (NAT gateway and NLB: 350 s, facts §5.5); an
 * expired flow is removed the next time it is looked up, or when its port is needed again, so
 * expiry costs no events.
 *
 * Flows come from a slab with a free list; lookups are one hash probe (by key) or one array read
 * (by port).
 */
#ifndef EKSIM_NET_FLOWTABLE_H
#define EKSIM_NET_FLOWTABLE_H

#include <glib.h>

#include "core/time.h"
#include "net/addr.h"

/* Hash and equality for GHashTable keys that point to a guint64 (links by node pair, TCP
 * connections by ports and address). GLib's g_int64_hash folds the two halves with XOR, which
 * collides for exactly such packed keys; this mixes all 64 bits (splitmix64's finaliser). */
static inline guint
sim_u64_hash(gconstpointer key)
{
  guint64 x = *(const guint64 *)key;
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT(0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT(0x94d049bb133111eb);
  x ^= x >> 31;
  return (guint)x;
}

static inline gboolean
sim_u64_equal(gconstpointer a, gconstpointer b)
{
  return *(const guint64 *)a == *(const guint64 *)b;
}

typedef struct {
  SimIp a_ip, b_ip;     /* a: the side that opened the flow; b: where it was going */
  guint16 a_port, b_port;
  guint8 proto;
} SimFlowKey;

typedef struct _SimFlow SimFlow;
struct _SimFlow {
  SimFlowKey key;
  guint16 port;         /* allocated port on the function's own address (0: none) */
  SimTime created, last;
  gpointer target;      /* free for the owner (load balancer: the chosen target) */
  gpointer ingress;     /* free for the owner (load balancer: the node the flow came in from) */
  SimIp orig_ip;        /* free for the owner (load balancer: the frontend address) */
  guint32 user;         /* free for the owner */
  SimFlow *next_free;
  gboolean in_use;
};

typedef struct _SimFlowTable SimFlowTable;

/* Ports are allocated from [port_lo, port_hi]; @idle_timeout <= 0: flows never idle out. */
SimFlowTable *sim_flow_table_new(guint16 port_lo, guint16 port_hi, SimTime idle_timeout);
void sim_flow_table_free(SimFlowTable *ft);

/* The live flow with @key, or NULL. If it had idled out it is removed and *@expired (when not
 * NULL) is set TRUE. Does not touch the flow: call sim_flow_touch when a packet passes. */
SimFlow *sim_flow_table_lookup(SimFlowTable *ft, const SimFlowKey *key, SimTime now,
                               gboolean *expired);
/* The live flow holding @port, or NULL (idle flows are removed, *@expired set as above). */
SimFlow *sim_flow_table_by_port(SimFlowTable *ft, guint16 port, SimTime now, gboolean *expired);
/* A new flow for @key (which must not be present) with a port allocated when @want_port; NULL if
 * every port is held by a live flow. */
SimFlow *sim_flow_table_insert(SimFlowTable *ft, const SimFlowKey *key, gboolean want_port,
                               SimTime now);
void sim_flow_table_remove(SimFlowTable *ft, SimFlow *flow);
static inline void
sim_flow_touch(SimFlow *flow, SimTime now)
{
  flow->last = now;
}
/* Live flows (including idle ones not yet noticed). */
guint sim_flow_table_size(const SimFlowTable *ft);
/* Removes every flow (the function failed and lost its state). */
void sim_flow_table_clear(SimFlowTable *ft);

#endif
