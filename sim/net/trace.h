/* The tracer hook: an observer of everything the network does, for `eksim explain` and tests.
 *
 * Set one with sim_network_set_tracer(); while none is set, the hot path pays one predictable
 * branch per hop and nothing else (no string is ever formatted unless a tracer asks for it).
 *
 * Events, in the order they happen:
 *   HOP       a packet arrived at @node from @peer over a link of class @cls (addresses as they
 *             are on arrival, i.e. after any translation upstream)
 *   FUNCTION  a network function acted on a packet at @node: @text says what ("snat
 *             10.0.1.5:41000 -> 203.0.113.10:1024", "lb flow -> apiserver-az1"); @pkt is the
 *             packet after the change
 *   DROP      a packet was dropped at @node with @reason; @text gives the detail when known
 *             ("source 198.51.100.7 is not in public_access_cidrs")
 *   DELIVER   a packet reached its destination host's stack
 *   DNS       a resolver or stub acted on a question (@text: "query eks.example from 10.0.0.2",
 *             "answer from zone X (private) : 10.0.1.17, 10.0.2.9", "timeout, retrying")
 *   CONN      a transport or application event of an endpoint at @node (@text: "connect
 *             10.0.0.5:443", "tls 1.3 established", "http 429, retry in 1s", "request ok")
 */
#ifndef EKSIM_NET_TRACE_H
#define EKSIM_NET_TRACE_H

#include <glib.h>

#include "core/time.h"
#include "net/link.h"
#include "net/packet.h"

typedef enum {
  SIM_TRACE_HOP,
  SIM_TRACE_FUNCTION,
  SIM_TRACE_DROP,
  SIM_TRACE_DELIVER,
  SIM_TRACE_DNS,
  SIM_TRACE_CONN,
} SimTraceKind;

typedef struct {
  SimTraceKind kind;
  SimTime time;
  const SimNode *node;    /* where it happened */
  const SimNode *peer;    /* HOP: the node the packet came from; else NULL */
  SimLinkClass cls;       /* HOP: the link class */
  const SimPacket *pkt;   /* HOP, FUNCTION, DROP, DELIVER; may be NULL for DNS/CONN */
  SimDropReason reason;   /* DROP */
  const char *text;       /* FUNCTION, DROP (may be NULL), DNS, CONN; valid during the call */
} SimTraceEvent;

typedef void (*SimTracerFunc)(const SimTraceEvent *ev, gpointer user_data);

typedef struct {
  SimTracerFunc func;
  gpointer user_data;
} SimTracer;

#endif
