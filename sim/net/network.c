/* The hop engine: packet pool, lazy links, one event per hop arrival, counters, tracer, origins.
 *
 * Links are found through a hash table keyed by (from id, to id) packed in 64 bits; the table is
 * only ever looked up, never iterated for output, so its order cannot leak into results (the
 * per-class queue peak walks the links array, which is in creation order).
 */
#include "net/flowtable.h"
#include "net/network.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stats/recorder.h"

#define POOL_CHUNK 256

typedef struct {
  SimDropNotify notify;
  gpointer data;
  guint32 gen;
  guint32 next_free;
} Origin;

struct _SimNetwork {
  SimScheduler *sched;
  SimRngSet *rngs;
  GPtrArray *nodes;       /* SimNode*, borrowed, by id */
  GHashTable *link_index; /* guint64 key -> SimLink* (lookup only) */
  GPtrArray *links;       /* SimLink*, owned, creation order */
  GPtrArray *link_boxes;  /* LinkBox*, creation order (the boxes live in chunks) */
  SimLinkFunc link_hook;
  gpointer link_hook_data;
  SimLinkParams params[SIM_LINK_N_CLASSES];
  SimPacket *pool;
  GPtrArray *chunks;
  guint64 next_packet_id;
  guint64 sent, delivered, dropped[SIM_DROP_N_REASONS];
  guint64 in_transit; /* packets inside a pending hop (arrival) event */
  guint64 live;       /* packets taken from the pool and not returned */
  guint64 class_bytes[SIM_LINK_N_CLASSES], class_packets[SIM_LINK_N_CLASSES];
  guint64 cross_az_bytes;
  GArray *origins;        /* Origin, slot 0 unused */
  guint32 origin_free;
  SimTracer tracer;
  GData *qdata;
  gboolean shut_down;
};

static const char *const drop_names[SIM_DROP_N_REASONS] = {
  "no-route", "no-host", "loss", "queue-full", "node-down", "no-public-ip", "no-transit",
  "nat-no-mapping", "cidr-denied", "sg-denied", "port-closed", "no-target", "endpoint-disabled",
  "ttl",
};

static const char *const drop_texts[SIM_DROP_N_REASONS] = {
  "dropped: no route to the destination",
  "dropped: no interface holds the destination address",
  "lost on a link",
  "dropped: link queue full",
  "dropped: the element it reached is down",
  "dropped at the internet gateway: the source has no public address",
  "dropped: a VPC does not route traffic between its gateways (no transit)",
  "dropped: no translation for this flow (expired or never made)",
  "dropped at the public endpoint: source not in public_access_cidrs",
  "dropped: the security group does not admit the source",
  "dropped: no listener on the destination port",
  "dropped at the load balancer: no target",
  "dropped: endpoint access is disabled",
  "dropped: hop limit exceeded",
};

const char *
sim_drop_reason_name(SimDropReason reason)
{
  g_return_val_if_fail(reason < SIM_DROP_N_REASONS, "?");
  return drop_names[reason];
}

const char *
sim_drop_reason_text(SimDropReason reason)
{
  g_return_val_if_fail(reason < SIM_DROP_N_REASONS, "?");
  return drop_texts[reason];
}

char *
sim_packet_describe(const SimPacket *pkt, char *buf, gsize size)
{
  char s[16], d[16], fl[32] = "";
  const char *proto = pkt->proto == SIM_PROTO_TCP ? "TCP" : pkt->proto == SIM_PROTO_UDP ? "UDP" : "ICMP";

  if (pkt->proto == SIM_PROTO_TCP) {
    static const struct { guint8 bit; const char *name; } bits[] = {
      { SIM_TCP_SYN, "SYN" }, { SIM_TCP_FIN, "FIN" }, { SIM_TCP_RST, "RST" },
      { SIM_TCP_PSH, "PSH" }, { SIM_TCP_ACK, "ACK" },
    };
    gsize n = 0;
    for (gsize i = 0; i < G_N_ELEMENTS(bits); i++) {
      if (pkt->flags & bits[i].bit)
        n += (gsize)g_snprintf(fl + n, sizeof fl - n, "%s%s", n ? "," : "", bits[i].name);
    }
  }
  if (pkt->proto == SIM_PROTO_ICMP)
    g_snprintf(buf, size, "ICMP %s > %s unreachable(%u) %uB", sim_ip_format(pkt->src, s),
               sim_ip_format(pkt->dst, d), pkt->flags, pkt->size);
  else
    g_snprintf(buf, size, "%s %s:%u > %s:%u%s%s%s %uB", proto, sim_ip_format(pkt->src, s), pkt->sport,
               sim_ip_format(pkt->dst, d), pkt->dport, fl[0] ? " [" : "", fl, fl[0] ? "]" : "",
               pkt->size);
  return buf;
}

SimNetwork *
sim_network_new(SimScheduler *sched, SimRngSet *rngs)
{
  g_return_val_if_fail(sched != NULL && rngs != NULL, NULL);
  SimNetwork *net = g_new0(SimNetwork, 1);
  net->sched = sched;
  net->rngs = rngs;
  net->nodes = g_ptr_array_new();
  net->link_index = g_hash_table_new(sim_u64_hash, sim_u64_equal);
  net->links = g_ptr_array_new_with_free_func((GDestroyNotify)sim_link_free);
  net->link_boxes = g_ptr_array_new();
  for (guint i = 0; i < SIM_LINK_N_CLASSES; i++)
    sim_link_params_init(&net->params[i]);
  net->chunks = g_ptr_array_new_with_free_func(g_free);
  g_datalist_init(&net->qdata);
  net->origins = g_array_new(FALSE, TRUE, sizeof(Origin));
  g_array_set_size(net->origins, 1);
  return net;
}

void
sim_network_free(SimNetwork *net)
{
  if (net == NULL)
    return;
  g_datalist_clear(&net->qdata);
  g_hash_table_destroy(net->link_index);
  g_ptr_array_free(net->links, TRUE);
  g_ptr_array_free(net->link_boxes, TRUE);
  for (guint i = 0; i < SIM_LINK_N_CLASSES; i++)
    sim_link_params_clear(&net->params[i]);
  g_ptr_array_free(net->chunks, TRUE);
  g_ptr_array_free(net->nodes, TRUE);
  g_array_free(net->origins, TRUE);
  g_free(net);
}

SimScheduler *
sim_network_scheduler(SimNetwork *net)
{
  return net->sched;
}

SimRngSet *
sim_network_rngs(SimNetwork *net)
{
  return net->rngs;
}

SimTime
sim_network_now(const SimNetwork *net)
{
  return sim_scheduler_now(net->sched);
}

SimLinkParams *
sim_network_link_params(SimNetwork *net, SimLinkClass cls)
{
  g_return_val_if_fail(cls < SIM_LINK_N_CLASSES, NULL);
  return &net->params[cls];
}

void
sim_network_set_link_params(SimNetwork *net, SimLinkClass cls, const SimLinkParams *params)
{
  g_return_if_fail(cls < SIM_LINK_N_CLASSES && params != NULL);
  sim_link_params_clear(&net->params[cls]);
  net->params[cls] = *params;
}

/* ---- nodes (sim/net/node.h) ---- */

void
sim_node_init(SimNode *node, SimNetwork *net, const SimNodeOps *ops, const char *name, SimIp ip,
              guint8 az)
{
  g_return_if_fail(node != NULL && net != NULL && ops != NULL && name != NULL);
  memset(node, 0, sizeof *node);
  node->ops = ops;
  node->net = net;
  node->name = g_strdup(name);
  node->id = net->nodes->len;
  node->ip = ip;
  node->az = az;
  node->up = TRUE;
  node->proc_class = SIM_LINK_N_CLASSES;
  g_ptr_array_add(net->nodes, node);
}

void
sim_node_clear(SimNode *node)
{
  if (node == NULL || node->net == NULL)
    return;
  /* the registry keeps the slot (ids stay stable); it only forgets the pointer */
  g_ptr_array_index(node->net->nodes, node->id) = NULL;
  g_clear_pointer(&node->name, g_free);
  node->net = NULL;
}

void
sim_node_attach_uplink(SimNode *node, SimNode *uplink, SimLinkClass cls)
{
  node->subnet = NULL;
  node->uplink = uplink;
  node->uplink_class = cls;
}

void
sim_node_set_processing(SimNode *node, SimLinkClass cls)
{
  node->proc_class = cls;
}

void
sim_node_set_up(SimNode *node, gboolean up)
{
  if (node->up == up)
    return;
  node->up = up;
  sim_network_trace(node->net, SIM_TRACE_FUNCTION, node, NULL, "%s %s", node->name,
                    up ? "recovers" : "fails");
  if (node->ops->set_up != NULL)
    node->ops->set_up(node, up);
}

guint
sim_network_n_nodes(const SimNetwork *net)
{
  return net->nodes->len;
}

SimNode *
sim_network_node(const SimNetwork *net, guint id)
{
  g_return_val_if_fail(id < net->nodes->len, NULL);
  return g_ptr_array_index(net->nodes, id);
}

SimNode *
sim_network_find_node(const SimNetwork *net, const char *name)
{
  for (guint i = 0; i < net->nodes->len; i++) {
    SimNode *n = g_ptr_array_index(net->nodes, i);
    if (n != NULL && strcmp(n->name, name) == 0)
      return n;
  }
  return NULL;
}

/* ---- packets ---- */

SimPacket *
sim_network_packet_new(SimNetwork *net)
{
  if (net->pool == NULL) {
    SimPacket *chunk = g_new(SimPacket, POOL_CHUNK);
    g_ptr_array_add(net->chunks, chunk);
    for (guint i = 0; i < POOL_CHUNK; i++) {
      chunk[i].next = net->pool;
      net->pool = &chunk[i];
    }
  }
  SimPacket *pkt = net->pool;
  net->pool = pkt->next;
  memset(pkt, 0, sizeof *pkt);
  pkt->id = ++net->next_packet_id;
  pkt->ttl = SIM_DEFAULT_TTL;
  pkt->az = SIM_AZ_NONE;
  net->sent++;
  net->live++;
  return pkt;
}

static void
packet_release(SimNetwork *net, SimPacket *pkt)
{
  sim_payload_unref(pkt->payload);
  pkt->payload = NULL;
  net->live--;
  pkt->next = net->pool;
  net->pool = pkt;
}

void
sim_network_packet_discard(SimNetwork *net, SimPacket *pkt)
{
  net->sent--;
  packet_release(net, pkt);
}

void
sim_network_set_qdata(SimNetwork *net, GQuark key, gpointer data, GDestroyNotify destroy)
{
  g_datalist_id_set_data_full(&net->qdata, key, data, destroy);
}

gpointer
sim_network_get_qdata(SimNetwork *net, GQuark key)
{
  return g_datalist_id_get_data(&net->qdata, key);
}

/* ---- origins ---- */

guint64
sim_network_origin_new(SimNetwork *net, SimDropNotify notify, gpointer data)
{
  guint32 slot;
  if (net->origin_free != 0) {
    slot = net->origin_free;
    net->origin_free = g_array_index(net->origins, Origin, slot).next_free;
  } else {
    slot = net->origins->len;
    g_array_set_size(net->origins, slot + 1);
  }
  Origin *o = &g_array_index(net->origins, Origin, slot);
  o->notify = notify;
  o->data = data;
  o->gen++;
  return ((guint64)o->gen << 32) | slot;
}

void
sim_network_origin_free(SimNetwork *net, guint64 origin)
{
  guint32 slot = (guint32)origin;
  if (slot == 0 || slot >= net->origins->len)
    return;
  Origin *o = &g_array_index(net->origins, Origin, slot);
  if (o->gen != (guint32)(origin >> 32) || o->notify == NULL)
    return;
  o->notify = NULL;
  o->data = NULL;
  o->gen++;
  o->next_free = net->origin_free;
  net->origin_free = slot;
}

static void
origin_notify(SimNetwork *net, const SimPacket *pkt, SimDropReason reason, const SimNode *at)
{
  guint32 slot = (guint32)pkt->origin;
  if (slot == 0 || slot >= net->origins->len)
    return;
  Origin *o = &g_array_index(net->origins, Origin, slot);
  if (o->gen == (guint32)(pkt->origin >> 32) && o->notify != NULL)
    o->notify(o->data, pkt, reason, at);
}

/* ---- tracer ---- */

void
sim_network_set_tracer(SimNetwork *net, const SimTracer *tracer)
{
  if (tracer == NULL)
    memset(&net->tracer, 0, sizeof net->tracer);
  else
    net->tracer = *tracer;
}

gboolean
sim_network_tracing(const SimNetwork *net)
{
  return net->tracer.func != NULL;
}

static void
emit(SimNetwork *net, const SimTraceEvent *ev)
{
  net->tracer.func(ev, net->tracer.user_data);
}

void
sim_network_trace(SimNetwork *net, SimTraceKind kind, const SimNode *node, const SimPacket *pkt,
                  const char *fmt, ...)
{
  if (G_LIKELY(net == NULL || net->tracer.func == NULL))
    return;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  SimTraceEvent ev = { .kind = kind, .time = sim_scheduler_now(net->sched), .node = node,
                       .pkt = pkt, .text = text, .cls = SIM_LINK_N_CLASSES };
  emit(net, &ev);
}

/* ---- the hop ---- */

static inline guint64
link_key(const SimNode *from, const SimNode *to)
{
  return ((guint64)from->id << 32) | to->id;
}

typedef struct {
  guint64 key; /* first member: the hash table's key points here */
  SimLink *link;
  const SimNode *from, *to;
} LinkBox;

static SimLink *
link_get(SimNetwork *net, SimNode *from, SimNode *to, SimLinkClass cls)
{
  guint64 key = link_key(from, to);
  LinkBox *box = g_hash_table_lookup(net->link_index, &key);
  if (G_LIKELY(box != NULL))
    return box->link;
  SimRng *rng = sim_rng_set_getf(net->rngs, "link/%s/%s->%s", sim_link_class_name(cls), from->name,
                                 to->name);
  box = g_new(LinkBox, 1);
  box->key = key;
  box->link = sim_link_new(cls, &net->params[cls], rng);
  box->from = from;
  box->to = to;
  g_ptr_array_add(net->links, box->link);
  g_ptr_array_add(net->link_boxes, box);
  g_ptr_array_add(net->chunks, box); /* freed with the packet chunks */
  g_hash_table_insert(net->link_index, &box->key, box);
  if (G_UNLIKELY(net->link_hook != NULL))
    net->link_hook(box->link, from, to, net->link_hook_data);
  return box->link;
}

void
sim_network_foreach_link(SimNetwork *net, SimLinkFunc func, gpointer data)
{
  g_return_if_fail(net != NULL && func != NULL);
  for (guint i = 0; i < net->link_boxes->len; i++) {
    LinkBox *box = g_ptr_array_index(net->link_boxes, i);
    func(box->link, box->from, box->to, data);
  }
}

void
sim_network_set_link_hook(SimNetwork *net, SimLinkFunc func, gpointer data)
{
  g_return_if_fail(net != NULL);
  net->link_hook = func;
  net->link_hook_data = data;
}

SimLink *
sim_network_find_link(const SimNetwork *net, const SimNode *from, const SimNode *to)
{
  guint64 key = link_key(from, to);
  LinkBox *box = g_hash_table_lookup(net->link_index, &key);
  return box ? box->link : NULL;
}

guint
sim_network_n_links(const SimNetwork *net)
{
  return net->links->len;
}

guint
sim_network_class_queue_peak(const SimNetwork *net, SimLinkClass cls)
{
  guint peak = 0;
  for (guint i = 0; i < net->links->len; i++) {
    SimLink *l = g_ptr_array_index(net->links, i);
    if (sim_link_class(l) == cls)
      peak = MAX(peak, sim_link_queue_peak(l));
  }
  return peak;
}

void
sim_network_reset_queue_peaks(SimNetwork *net)
{
  for (guint i = 0; i < net->links->len; i++)
    sim_link_reset_peak(g_ptr_array_index(net->links, i));
}

static void
arrive(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimPacket *pkt = data;
  SimNode *node = pkt->at;
  SimNetwork *net = node->net;
  net->in_transit--;

  if (G_UNLIKELY(!node->up)) {
    sim_network_drop(net, node, pkt, SIM_DROP_NODE_DOWN, NULL);
    return;
  }
  if (pkt->stage == SIM_PKT_STAGE_ARRIVING) {
    if (G_UNLIKELY(net->tracer.func != NULL)) {
      SimTraceEvent ev = { .kind = SIM_TRACE_HOP, .time = sim_scheduler_now(net->sched),
                           .node = node, .peer = pkt->prev, .pkt = pkt };
      SimLink *l = pkt->prev ? sim_network_find_link(net, pkt->prev, node) : NULL;
      ev.cls = l ? sim_link_class(l) : SIM_LINK_N_CLASSES;
      emit(net, &ev);
    }
    if (node->az != SIM_AZ_NONE)
      pkt->az = node->az;
    if (node->proc_class < SIM_LINK_N_CLASSES) {
      /* the processing stage: the node's link to itself */
      SimLink *l = link_get(net, node, node, node->proc_class);
      SimTime at;
      SimDropReason why;
      SimTime now = sim_scheduler_now(net->sched);
      if (!sim_link_transmit(l, now, pkt->size, &at, &why)) {
        sim_network_drop(net, node, pkt, why, NULL);
        return;
      }
      net->class_bytes[node->proc_class] += pkt->size;
      net->class_packets[node->proc_class]++;
      pkt->stage = SIM_PKT_STAGE_PROCESSED;
      net->in_transit++;
      sim_scheduler_at(net->sched, at, arrive, pkt);
      return;
    }
  }
  node->ops->receive(node, pkt);
}

void
sim_network_shutdown(SimNetwork *net)
{
  net->shut_down = TRUE;
}

gboolean
sim_network_is_shut_down(const SimNetwork *net)
{
  return net->shut_down;
}

void
sim_network_hop(SimNetwork *net, SimNode *from, SimNode *to, SimLinkClass cls, SimPacket *pkt)
{
  if (G_UNLIKELY(net->shut_down)) {
    sim_network_packet_discard(net, pkt);
    return;
  }
  if (G_UNLIKELY(pkt->ttl == 0)) {
    sim_network_drop(net, from, pkt, SIM_DROP_TTL, NULL);
    return;
  }
  pkt->ttl--;
  if (cls == SIM_LINK_BY_AZ) {
    guint8 a = from->az != SIM_AZ_NONE ? from->az : pkt->az;
    cls = (a == SIM_AZ_NONE || to->az == SIM_AZ_NONE || a == to->az) ? SIM_LINK_INTRA_AZ
                                                                     : SIM_LINK_INTER_AZ;
  }
  SimLink *l = link_get(net, from, to, cls);
  SimTime now = sim_scheduler_now(net->sched);
  SimTime at;
  SimDropReason why;
  if (!sim_link_transmit(l, now, pkt->size, &at, &why)) {
    sim_network_drop(net, from, pkt, why, NULL);
    return;
  }
  /* bytes carried: counted once the link accepted the packet */
  net->class_bytes[cls] += pkt->size;
  net->class_packets[cls]++;
  switch (cls) {
  case SIM_LINK_INTER_AZ:
    net->cross_az_bytes += pkt->size;
    pkt->path |= SIM_PATH_CROSS_AZ;
    break;
  case SIM_LINK_INTERNET:
    pkt->path |= SIM_PATH_INTERNET;
    break;
  case SIM_LINK_VPN:
    pkt->path |= SIM_PATH_VPN;
    break;
  case SIM_LINK_DX:
    pkt->path |= SIM_PATH_DX;
    break;
  default:
    break;
  }
  pkt->prev = from;
  pkt->at = to;
  pkt->stage = SIM_PKT_STAGE_ARRIVING;
  net->in_transit++;
  sim_scheduler_at(net->sched, at, arrive, pkt);
}

void
sim_network_drop(SimNetwork *net, SimNode *at, SimPacket *pkt, SimDropReason reason,
                 const char *detail)
{
  g_return_if_fail(reason < SIM_DROP_N_REASONS);
  net->dropped[reason]++;
  if (G_UNLIKELY(net->tracer.func != NULL)) {
    SimTraceEvent ev = { .kind = SIM_TRACE_DROP, .time = sim_scheduler_now(net->sched), .node = at,
                         .pkt = pkt, .reason = reason, .text = detail,
                         .cls = SIM_LINK_N_CLASSES };
    emit(net, &ev);
  }
  if (pkt->origin != 0)
    origin_notify(net, pkt, reason, at);
  packet_release(net, pkt);
}

void
sim_network_deliver(SimNetwork *net, SimNode *at, SimPacket *pkt)
{
  net->delivered++;
  if (G_UNLIKELY(net->tracer.func != NULL)) {
    SimTraceEvent ev = { .kind = SIM_TRACE_DELIVER, .time = sim_scheduler_now(net->sched),
                         .node = at, .pkt = pkt, .cls = SIM_LINK_N_CLASSES };
    emit(net, &ev);
  }
  packet_release(net, pkt);
}

/* ---- counters ---- */

guint64
sim_network_packets_sent(const SimNetwork *net)
{
  return net->sent;
}

guint64
sim_network_packets_delivered(const SimNetwork *net)
{
  return net->delivered;
}

guint64
sim_network_packets_dropped(const SimNetwork *net, SimDropReason reason)
{
  g_return_val_if_fail(reason < SIM_DROP_N_REASONS, 0);
  return net->dropped[reason];
}

guint64
sim_network_packets_dropped_total(const SimNetwork *net)
{
  guint64 t = 0;
  for (guint i = 0; i < SIM_DROP_N_REASONS; i++)
    t += net->dropped[i];
  return t;
}

guint64
sim_network_packets_in_flight(const SimNetwork *net)
{
  return net->sent - net->delivered - sim_network_packets_dropped_total(net);
}

guint64
sim_network_packets_in_transit(const SimNetwork *net)
{
  return net->in_transit;
}

guint64
sim_network_packets_live(const SimNetwork *net)
{
  return net->live;
}

guint64
sim_network_class_bytes(const SimNetwork *net, SimLinkClass cls)
{
  g_return_val_if_fail(cls < SIM_LINK_N_CLASSES, 0);
  return net->class_bytes[cls];
}

guint64
sim_network_class_packets(const SimNetwork *net, SimLinkClass cls)
{
  g_return_val_if_fail(cls < SIM_LINK_N_CLASSES, 0);
  return net->class_packets[cls];
}

guint64
sim_network_cross_az_bytes(const SimNetwork *net)
{
  return net->cross_az_bytes;
}
