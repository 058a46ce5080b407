/* DNS servers (see resolver.h). The pending and cache tables are keyed by interned names or ids
 * and only probed; nothing iterates them into output. */
#include "proto/resolver.h"

#include <string.h>

#include "net/network.h"
#include "stats/recorder.h"

#define UPSTREAM_TIMEOUT (2 * SIM_S)
#define UPSTREAM_TRIES 2

typedef struct {
  const char *domain; /* interned */
  gsize len;
  SimIp targets[4];
  guint n;
} Rule;

typedef struct {
  SimIp ip;
  guint16 port, id;
} Waiter;

typedef struct _Pending Pending;
struct _Pending {
  SimResolver *res;
  const char *qname;
  guint16 up_id;
  GArray *waiters;     /* Waiter */
  const SimIp *targets;
  guint n_targets;
  guint tries;         /* sent so far */
  SimEventId timer;
  gboolean forwarded;  /* the answer came through a rule (no private-zone flag of ours) */
};

typedef struct {
  SimDnsRcode rcode;
  guint n;
  SimIp addr[SIM_DNS_MAX_ANSWERS];
  SimTime expires;
  SimTime ttl;
  guint32 path;
  const char *zone;
} CacheEntry;

struct _SimResolver {
  SimHost *host;
  SimNetwork *net;
  SimDnsRegistry *reg;
  SimResolverKind kind;
  const SimVpc *phz_vpc;
  SimIp upstream;
  GArray *rules;        /* Rule */
  guint32 answer_path;
  gboolean cache_on;
  GHashTable *cache;    /* interned qname -> CacheEntry* */
  GHashTable *pending;  /* interned qname -> Pending* */
  GHashTable *by_id;    /* GUINT_TO_POINTER(up_id) -> Pending* */
  guint16 next_id;
  guint16 up_port;      /* source port of our upstream queries */
  guint64 queries, hits;
};

static void server_input(SimHost *host, SimPacket *pkt, gpointer data);
static void upstream_input(SimHost *host, SimPacket *pkt, gpointer data);
static void up_hook(SimHost *host, gboolean up, gpointer data);

static void
pending_free(gpointer p)
{
  Pending *pd = p;
  if (pd->timer != SIM_EVENT_NONE)
    sim_scheduler_cancel(sim_network_scheduler(pd->res->net), pd->timer);
  g_array_free(pd->waiters, TRUE);
  g_free(pd);
}

SimResolver *
sim_resolver_new(SimHost *host, SimDnsRegistry *reg, SimResolverKind kind)
{
  SimResolver *r = g_new0(SimResolver, 1);
  r->host = host;
  r->net = sim_host_network(host);
  r->reg = reg;
  r->kind = kind;
  r->rules = g_array_new(FALSE, FALSE, sizeof(Rule));
  r->cache_on = kind == SIM_RESOLVER_RECURSIVE;
  r->cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  r->pending = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, pending_free);
  r->by_id = g_hash_table_new(g_direct_hash, g_direct_equal);
  r->next_id = 1;
  sim_host_bind_udp(host, SIM_DNS_PORT, server_input, r);
  r->up_port = sim_host_bind_udp(host, 0, upstream_input, r);
  sim_host_add_up_hook(host, up_hook, r);
  return r;
}

void
sim_resolver_free(SimResolver *res)
{
  if (res == NULL)
    return;
  g_hash_table_destroy(res->by_id);
  g_hash_table_destroy(res->pending);
  g_hash_table_destroy(res->cache);
  g_array_free(res->rules, TRUE);
  g_free(res);
}

SimHost *
sim_resolver_host(SimResolver *res)
{
  return res->host;
}

void
sim_resolver_set_private_zones(SimResolver *res, const SimVpc *vpc)
{
  res->phz_vpc = vpc;
}

void
sim_resolver_set_upstream(SimResolver *res, SimIp ip)
{
  res->upstream = ip;
}

void
sim_resolver_add_forward(SimResolver *res, const char *domain, const SimIp *targets, guint n)
{
  Rule r = { .domain = g_intern_string(domain), .len = strlen(domain), .n = MIN(n, 4u) };
  memcpy(r.targets, targets, r.n * sizeof(SimIp));
  g_array_append_val(res->rules, r);
}

void
sim_resolver_clear_forwards(SimResolver *res)
{
  g_array_set_size(res->rules, 0);
}

void
sim_resolver_set_answer_path(SimResolver *res, guint32 path)
{
  res->answer_path = path;
}

void
sim_resolver_set_cache(SimResolver *res, gboolean on)
{
  res->cache_on = on;
}

void
sim_resolver_flush(SimResolver *res)
{
  g_hash_table_remove_all(res->cache);
}

guint64
sim_resolver_queries(const SimResolver *res)
{
  return res->queries;
}

guint64
sim_resolver_cache_hits(const SimResolver *res)
{
  return res->hits;
}

static void
up_hook(SimHost *host, gboolean up, gpointer data)
{
  (void)host;
  SimResolver *r = data;
  if (!up) {
    /* a failed resolver forgets its cache and what it was waiting for */
    g_hash_table_remove_all(r->by_id);
    g_hash_table_remove_all(r->pending);
    g_hash_table_remove_all(r->cache);
  }
}

static void
send_dns(SimResolver *r, SimIp dst, guint16 sport, guint16 dport, SimDnsMsg *m)
{
  SimPacket *p = sim_network_packet_new(r->net);
  p->proto = SIM_PROTO_UDP;
  p->dst = dst;
  p->sport = sport;
  p->dport = dport;
  p->size = sim_dns_msg_size(m);
  p->len = p->size - SIM_IP_HEADER - SIM_UDP_HEADER;
  p->payload = &m->base; /* the packet takes our reference */
  sim_host_send(r->host, p);
}

static void
reply(SimResolver *r, const Waiter *w, const char *qname, SimDnsRcode rcode, const SimIp *addr,
      guint n, SimTime ttl, guint32 path, const char *zone)
{
  SimDnsMsg *m = sim_dns_msg_new(r->net);
  m->id = w->id;
  m->response = TRUE;
  m->qname = qname;
  m->rcode = rcode;
  m->n = n;
  if (n > 0) /* SERVFAIL and REFUSED carry no address (and a NULL @addr) */
    memcpy(m->addr, addr, n * sizeof(SimIp));
  m->ttl = ttl;
  m->path = path | r->answer_path;
  m->zone = zone;
  if (G_UNLIKELY(sim_network_tracing(r->net))) {
    GString *s = g_string_new(NULL);
    char a[16];
    g_string_append_printf(s, "%s answers %s: %s", sim_host_name(r->host), qname,
                           sim_dns_rcode_name(rcode));
    for (guint i = 0; i < n; i++)
      g_string_append_printf(s, "%s%s", i ? ", " : " ", sim_ip_format(addr[i], a));
    if (zone != NULL)
      g_string_append_printf(s, " (zone %s%s)", zone,
                             (path & SIM_PATH_PRIVATE_ZONE) ? ", private" : ", public");
    sim_network_trace(r->net, SIM_TRACE_DNS, sim_host_node(r->host), NULL, "%s", s->str);
    g_string_free(s, TRUE);
  }
  send_dns(r, w->ip, SIM_DNS_PORT, w->port, m);
}

static const Rule *
rule_for(const SimResolver *r, const char *qname)
{
  const Rule *best = NULL;
  gsize ql = strlen(qname);
  for (guint i = 0; i < r->rules->len; i++) {
    const Rule *rule = &g_array_index(r->rules, Rule, i);
    gboolean covers = qname == rule->domain ||
                      (ql > rule->len && qname[ql - rule->len - 1] == '.' &&
                       strcmp(qname + ql - rule->len, rule->domain) == 0);
    if (covers && (best == NULL || rule->len > best->len))
      best = rule;
  }
  return best;
}

static void pending_send(Pending *pd);

static void
pending_timeout(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Pending *pd = data;
  pd->timer = SIM_EVENT_NONE;
  SimResolver *r = pd->res;
  if (pd->tries < pd->n_targets * UPSTREAM_TRIES) {
    pending_send(pd);
    return;
  }
  sim_network_trace(r->net, SIM_TRACE_DNS, sim_host_node(r->host), NULL,
                    "%s: no answer for %s from upstream, SERVFAIL", sim_host_name(r->host),
                    pd->qname);
  for (guint i = 0; i < pd->waiters->len; i++)
    reply(r, &g_array_index(pd->waiters, Waiter, i), pd->qname, SIM_DNS_SERVFAIL, NULL, 0, 0, 0, NULL);
  g_hash_table_remove(r->by_id, GUINT_TO_POINTER(pd->up_id));
  g_hash_table_remove(r->pending, pd->qname);
}

static void
pending_send(Pending *pd)
{
  SimResolver *r = pd->res;
  SimIp target = pd->targets[pd->tries % pd->n_targets];
  pd->tries++;
  SimDnsMsg *q = sim_dns_msg_new(r->net);
  q->id = pd->up_id;
  q->qname = pd->qname;
  if (G_UNLIKELY(sim_network_tracing(r->net))) {
    char a[16];
    sim_network_trace(r->net, SIM_TRACE_DNS, sim_host_node(r->host), NULL,
                      "%s %s %s to %s", sim_host_name(r->host),
                      pd->forwarded ? "forwards" : "asks upstream for", pd->qname,
                      sim_ip_format(target, a));
  }
  send_dns(r, target, r->up_port, SIM_DNS_PORT, q);
  pd->timer = sim_scheduler_after(sim_network_scheduler(r->net), UPSTREAM_TIMEOUT, pending_timeout, pd);
}

static void
resolve_upstream(SimResolver *r, const Waiter *w, const char *qname, const SimIp *targets,
                 guint n_targets, gboolean forwarded)
{
  Pending *pd = g_hash_table_lookup(r->pending, qname);
  if (pd != NULL) {
    g_array_append_val(pd->waiters, *w); /* the same name is already being asked for */
    return;
  }
  pd = g_new0(Pending, 1);
  pd->res = r;
  pd->qname = qname;
  pd->waiters = g_array_new(FALSE, FALSE, sizeof(Waiter));
  g_array_append_val(pd->waiters, *w);
  pd->targets = targets;
  pd->n_targets = n_targets;
  pd->forwarded = forwarded;
  do
    pd->up_id = r->next_id++;
  while (pd->up_id == 0 || g_hash_table_contains(r->by_id, GUINT_TO_POINTER(pd->up_id)));
  g_hash_table_insert(r->pending, (gpointer)qname, pd);
  g_hash_table_insert(r->by_id, GUINT_TO_POINTER(pd->up_id), pd);
  pending_send(pd);
}

static void
answer_query(SimResolver *r, const Waiter *w, const char *qname)
{
  SimTime now = sim_network_now(r->net);
  r->queries++;

  if (r->kind == SIM_RESOLVER_AUTHORITATIVE) {
    SimDnsMsg tmp = { 0 };
    if (sim_dns_registry_answer(r->reg, NULL, qname, &tmp))
      reply(r, w, qname, tmp.rcode, tmp.addr, tmp.n, tmp.ttl, tmp.path, tmp.zone);
    else
      reply(r, w, qname, SIM_DNS_REFUSED, NULL, 0, 0, 0, NULL);
    return;
  }
  if (r->cache_on) {
    CacheEntry *e = g_hash_table_lookup(r->cache, qname);
    if (e != NULL && e->expires > now) {
      r->hits++;
      reply(r, w, qname, e->rcode, e->addr, e->n, e->expires - now, e->path, e->zone);
      return;
    }
  }
  const Rule *rule = rule_for(r, qname);
  if (rule != NULL) {
    resolve_upstream(r, w, qname, rule->targets, rule->n, TRUE);
    return;
  }
  if (r->phz_vpc != NULL) {
    SimDnsMsg tmp = { 0 };
    if (sim_dns_registry_answer(r->reg, r->phz_vpc, qname, &tmp)) {
      reply(r, w, qname, tmp.rcode, tmp.addr, tmp.n, tmp.ttl, tmp.path, tmp.zone);
      return;
    }
  }
  if (r->upstream == 0) {
    reply(r, w, qname, SIM_DNS_SERVFAIL, NULL, 0, 0, 0, NULL);
    return;
  }
  resolve_upstream(r, w, qname, &r->upstream, 1, FALSE);
}

static void
server_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  SimResolver *r = data;
  SimDnsMsg *q = (SimDnsMsg *)pkt->payload;
  if (pkt->proto != SIM_PROTO_UDP || q == NULL || q->response) {
    sim_network_deliver(r->net, sim_host_node(host), pkt);
    return;
  }
  Waiter w = { pkt->src, pkt->sport, q->id };
  const char *qname = q->qname;
  if (G_UNLIKELY(sim_network_tracing(r->net))) {
    char a[16];
    sim_network_trace(r->net, SIM_TRACE_DNS, sim_host_node(host), pkt, "%s receives a query for %s from %s",
                      sim_host_name(host), qname, sim_ip_format(pkt->src, a));
  }
  sim_network_deliver(r->net, sim_host_node(host), pkt);
  answer_query(r, &w, qname);
}

static void
upstream_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  SimResolver *r = data;
  SimDnsMsg *a = (SimDnsMsg *)pkt->payload;
  Pending *pd = NULL;
  if (pkt->proto == SIM_PROTO_UDP && a != NULL && a->response)
    pd = g_hash_table_lookup(r->by_id, GUINT_TO_POINTER(a->id));
  if (pd == NULL || pd->qname != a->qname) {
    sim_network_deliver(r->net, sim_host_node(host), pkt);
    return;
  }
  if (a->rcode == SIM_DNS_SERVFAIL && pd->tries < pd->n_targets * UPSTREAM_TRIES) {
    sim_network_deliver(r->net, sim_host_node(host), pkt);
    sim_scheduler_cancel(sim_network_scheduler(r->net), pd->timer);
    pending_send(pd);
    return;
  }
  SimTime now = sim_network_now(r->net);
  if (r->cache_on && (a->rcode == SIM_DNS_NOERROR || a->rcode == SIM_DNS_NXDOMAIN) && a->ttl > 0) {
    CacheEntry *e = g_new0(CacheEntry, 1);
    e->rcode = a->rcode;
    e->n = a->n;
    memcpy(e->addr, a->addr, a->n * sizeof(SimIp));
    e->ttl = a->ttl;
    e->expires = now + a->ttl;
    e->path = a->path;
    e->zone = a->zone;
    g_hash_table_replace(r->cache, (gpointer)a->qname, e);
  }
  for (guint i = 0; i < pd->waiters->len; i++)
    reply(r, &g_array_index(pd->waiters, Waiter, i), a->qname, a->rcode, a->addr, a->n, a->ttl,
          a->path, a->zone);
  sim_network_deliver(r->net, sim_host_node(host), pkt);
  g_hash_table_remove(r->by_id, GUINT_TO_POINTER(pd->up_id));
  g_hash_table_remove(r->pending, pd->qname);
}
