/* Stub resolver (see stub.h). Lookups are found by DNS id in a hash table (probe only). */
#include "proto/stub.h"

#include <string.h>

#include "net/network.h"

typedef struct {
  SimStub *stub;
  guint64 handle;
  guint16 id;
  const char *qname;
  SimStubFunc func;
  gpointer user;
  guint tries;
  SimEventId timer;
  gboolean cached;      /* answered from the cache: the timer delivers it */
  SimDnsResult result;  /* the cached answer */
} Lookup;

typedef struct {
  SimDnsResult result;
  SimTime expires;
} CacheEntry;

struct _SimStub {
  SimHost *host;
  SimNetwork *net;
  SimIp ns;
  SimTime timeout;
  guint attempts;
  gboolean cache_on;
  guint16 port;
  guint16 next_id;
  guint64 next_handle;
  guint64 origin;
  GHashTable *lookups; /* id -> Lookup* */
  GHashTable *cache;   /* interned qname -> CacheEntry* */
  gboolean dropped;
  SimDropReason drop;
};

static void stub_input(SimHost *host, SimPacket *pkt, gpointer data);

static void
drop_notify(gpointer data, const SimPacket *pkt, SimDropReason reason, const SimNode *at)
{
  (void)pkt;
  (void)at;
  SimStub *s = data;
  s->dropped = TRUE;
  s->drop = reason;
}

static void
lookup_free(gpointer p)
{
  Lookup *l = p;
  if (l->timer != SIM_EVENT_NONE)
    sim_scheduler_cancel(sim_network_scheduler(l->stub->net), l->timer);
  g_free(l);
}

SimStub *
sim_stub_new(SimHost *host, SimIp nameserver, SimTime timeout, guint attempts, gboolean cache)
{
  SimStub *s = g_new0(SimStub, 1);
  s->host = host;
  s->net = sim_host_network(host);
  s->ns = nameserver;
  s->timeout = timeout > 0 ? timeout : SIM_STUB_TIMEOUT;
  s->attempts = attempts > 0 ? attempts : SIM_STUB_ATTEMPTS;
  s->cache_on = cache;
  s->port = sim_host_bind_udp(host, 0, stub_input, s);
  s->next_id = 1;
  s->origin = sim_network_origin_new(s->net, drop_notify, s);
  s->lookups = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, lookup_free);
  s->cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  return s;
}

void
sim_stub_free(SimStub *stub)
{
  if (stub == NULL)
    return;
  sim_network_origin_free(stub->net, stub->origin);
  g_hash_table_destroy(stub->lookups);
  g_hash_table_destroy(stub->cache);
  g_free(stub);
}

void
sim_stub_set_nameserver(SimStub *stub, SimIp nameserver)
{
  stub->ns = nameserver;
}

SimIp
sim_stub_nameserver(const SimStub *stub)
{
  return stub->ns;
}

void
sim_stub_flush(SimStub *stub)
{
  g_hash_table_remove_all(stub->cache);
}

static void lookup_timeout(SimScheduler *sched, gpointer data);

static void
lookup_send(Lookup *l)
{
  SimStub *s = l->stub;
  l->tries++;
  SimDnsMsg *q = sim_dns_msg_new(s->net);
  q->id = l->id;
  q->qname = l->qname;
  SimPacket *p = sim_network_packet_new(s->net);
  p->proto = SIM_PROTO_UDP;
  p->dst = s->ns;
  p->sport = s->port;
  p->dport = SIM_DNS_PORT;
  p->size = sim_dns_msg_size(q);
  p->len = p->size - SIM_IP_HEADER - SIM_UDP_HEADER;
  p->payload = &q->base;
  p->origin = s->origin;
  if (G_UNLIKELY(sim_network_tracing(s->net))) {
    /* with the question's packet, so eksim explain knows which lookup a request started */
    char a[16];
    sim_network_trace(s->net, SIM_TRACE_DNS, sim_host_node(s->host), p,
                      "%s asks %s for %s (attempt %u of %u)", sim_host_name(s->host),
                      sim_ip_format(s->ns, a), l->qname, l->tries, s->attempts);
  }
  l->timer = sim_scheduler_after(sim_network_scheduler(s->net), s->timeout, lookup_timeout, l);
  sim_host_send(s->host, p);
}

static void
lookup_finish(Lookup *l, const SimDnsResult *res)
{
  SimStub *s = l->stub;
  SimStubFunc func = l->func;
  gpointer user = l->user;
  g_hash_table_remove(s->lookups, GUINT_TO_POINTER(l->id)); /* frees l */
  func(res, user);
}

static void
lookup_timeout(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Lookup *l = data;
  SimStub *s = l->stub;
  l->timer = SIM_EVENT_NONE;
  if (l->tries < s->attempts) {
    sim_network_trace(s->net, SIM_TRACE_DNS, sim_host_node(s->host), NULL,
                      "%s: no answer for %s within %gs", sim_host_name(s->host), l->qname,
                      sim_time_to_s(s->timeout));
    lookup_send(l);
    return;
  }
  SimDnsResult res = { .status = SIM_DNS_RESULT_TIMEOUT, .dropped = s->dropped, .drop = s->drop };
  sim_network_trace(s->net, SIM_TRACE_DNS, sim_host_node(s->host), NULL,
                    "%s: lookup of %s timed out", sim_host_name(s->host), l->qname);
  lookup_finish(l, &res);
}

static void
cached_deliver(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Lookup *l = data;
  l->timer = SIM_EVENT_NONE;
  SimDnsResult res = l->result;
  lookup_finish(l, &res);
}

guint64
sim_stub_resolve(SimStub *stub, const char *qname, SimStubFunc func, gpointer user)
{
  qname = g_intern_string(qname);
  SimTime now = sim_network_now(stub->net);
  CacheEntry *e = stub->cache_on ? g_hash_table_lookup(stub->cache, qname) : NULL;
  Lookup *l = g_new0(Lookup, 1);
  l->stub = stub;
  l->handle = ++stub->next_handle;
  do
    l->id = stub->next_id++;
  while (l->id == 0 || g_hash_table_contains(stub->lookups, GUINT_TO_POINTER(l->id)));
  l->qname = qname;
  l->func = func;
  l->user = user;
  g_hash_table_insert(stub->lookups, GUINT_TO_POINTER(l->id), l);
  if (e != NULL && e->expires > now) {
    /* answered from the cache, in no time, but never from within this call */
    l->cached = TRUE;
    l->result = e->result;
    l->result.from_cache = TRUE;
    l->result.ttl = e->expires - now;
    l->timer = sim_scheduler_at(sim_network_scheduler(stub->net), now, cached_deliver, l);
  } else {
    stub->dropped = FALSE;
    lookup_send(l);
  }
  return ((guint64)l->id << 48) | (l->handle & G_GUINT64_CONSTANT(0xffffffffffff));
}

void
sim_stub_cancel(SimStub *stub, guint64 handle)
{
  guint16 id = (guint16)(handle >> 48);
  Lookup *l = g_hash_table_lookup(stub->lookups, GUINT_TO_POINTER(id));
  if (l != NULL && (l->handle & G_GUINT64_CONSTANT(0xffffffffffff)) == (handle & G_GUINT64_CONSTANT(0xffffffffffff)))
    g_hash_table_remove(stub->lookups, GUINT_TO_POINTER(id));
}

static void
stub_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  SimStub *s = data;
  SimDnsMsg *a = pkt->proto == SIM_PROTO_UDP ? (SimDnsMsg *)pkt->payload : NULL;
  Lookup *l = NULL;
  if (a != NULL && a->response)
    l = g_hash_table_lookup(s->lookups, GUINT_TO_POINTER(a->id));
  if (l == NULL || l->cached || l->qname != a->qname || pkt->src != s->ns) {
    sim_network_deliver(s->net, sim_host_node(host), pkt);
    return;
  }
  sim_scheduler_cancel(sim_network_scheduler(s->net), l->timer);
  l->timer = SIM_EVENT_NONE;
  if (a->rcode == SIM_DNS_SERVFAIL || a->rcode == SIM_DNS_REFUSED) {
    sim_network_deliver(s->net, sim_host_node(host), pkt);
    if (l->tries < s->attempts) {
      lookup_send(l);
    } else {
      SimDnsResult res = { .status = SIM_DNS_RESULT_SERVFAIL };
      lookup_finish(l, &res);
    }
    return;
  }
  SimDnsResult res = { 0 };
  res.status = (a->rcode == SIM_DNS_NOERROR && a->n > 0) ? SIM_DNS_RESULT_OK : SIM_DNS_RESULT_NXDOMAIN;
  res.n = a->n;
  memcpy(res.addr, a->addr, a->n * sizeof(SimIp));
  res.ttl = a->ttl;
  res.path = a->path;
  res.zone = a->zone;
  sim_network_deliver(s->net, sim_host_node(host), pkt);
  if (s->cache_on && res.ttl > 0) {
    CacheEntry *e = g_new0(CacheEntry, 1);
    e->result = res;
    e->expires = sim_network_now(s->net) + res.ttl;
    g_hash_table_replace(s->cache, (gpointer)l->qname, e);
  }
  lookup_finish(l, &res);
}
