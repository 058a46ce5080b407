/* DNS messages, zones and the registry (see dns.h). */
#include "proto/dns.h"

#include <string.h>

#include "stats/recorder.h"

#define CHUNK 128

/* ---- messages ---- */

typedef struct {
  SimDnsMsg *free;
  GPtrArray *chunks;
} DnsPool;

G_DEFINE_QUARK(eksim-dns-pool, dns_pool)

static void
pool_destroy(gpointer p)
{
  DnsPool *pool = p;
  g_ptr_array_free(pool->chunks, TRUE);
  g_free(pool);
}

static void
msg_release(SimPayload *p)
{
  SimDnsMsg *m = (SimDnsMsg *)p;
  DnsPool *pool = m->pool;
  m->next_free = pool->free;
  pool->free = m;
}

SimDnsMsg *
sim_dns_msg_new(SimNetwork *net)
{
  DnsPool *pool = sim_network_get_qdata(net, dns_pool_quark());
  if (pool == NULL) {
    pool = g_new0(DnsPool, 1);
    pool->chunks = g_ptr_array_new_with_free_func(g_free);
    sim_network_set_qdata(net, dns_pool_quark(), pool, pool_destroy);
  }
  if (pool->free == NULL) {
    SimDnsMsg *chunk = g_new(SimDnsMsg, CHUNK);
    g_ptr_array_add(pool->chunks, chunk);
    for (guint i = 0; i < CHUNK; i++) {
      chunk[i].next_free = pool->free;
      pool->free = &chunk[i];
    }
  }
  SimDnsMsg *m = pool->free;
  pool->free = m->next_free;
  memset(m, 0, sizeof *m);
  m->base.refs = 1;
  m->base.release = msg_release;
  m->pool = pool;
  return m;
}

guint32
sim_dns_msg_size(const SimDnsMsg *m)
{
  /* RFC 1035: header 12, question = name (labels + length bytes + root) + type + class */
  guint32 qlen = (guint32)(m->qname ? strlen(m->qname) + 2 : 1) + 4;
  guint32 size = SIM_IP_HEADER + SIM_UDP_HEADER + 12 + qlen;
  if (m->response)
    size += 16 * m->n; /* compressed name pointer 2 + type 2 + class 2 + ttl 4 + len 2 + addr 4 */
  return size;
}

const char *
sim_dns_rcode_name(SimDnsRcode rcode)
{
  switch (rcode) {
  case SIM_DNS_NOERROR: return "NOERROR";
  case SIM_DNS_SERVFAIL: return "SERVFAIL";
  case SIM_DNS_NXDOMAIN: return "NXDOMAIN";
  case SIM_DNS_REFUSED: return "REFUSED";
  }
  return "?";
}

/* ---- zones ---- */

typedef struct {
  SimIp addr[SIM_DNS_MAX_ANSWERS];
  guint n;
  SimDnsAnswerFunc func;
  gpointer data;
  SimTime ttl;
  guint rotation; /* answers so far: the order rotates by one each time */
} Record;

struct _SimDnsZone {
  const char *name; /* interned */
  gsize name_len;
  gboolean private;
  gboolean enabled;
  GPtrArray *vpcs;     /* associated VPCs (borrowed) */
  GHashTable *records; /* interned name -> Record* (lookup only) */
};

struct _SimDnsRegistry {
  GPtrArray *zones; /* SimDnsZone*, owned, creation order */
};

static void
zone_free(gpointer p)
{
  SimDnsZone *z = p;
  g_ptr_array_free(z->vpcs, TRUE);
  g_hash_table_destroy(z->records);
  g_free(z);
}

SimDnsRegistry *
sim_dns_registry_new(void)
{
  SimDnsRegistry *r = g_new0(SimDnsRegistry, 1);
  r->zones = g_ptr_array_new_with_free_func(zone_free);
  return r;
}

void
sim_dns_registry_free(SimDnsRegistry *reg)
{
  if (reg == NULL)
    return;
  g_ptr_array_free(reg->zones, TRUE);
  g_free(reg);
}

static SimDnsZone *
zone_new(SimDnsRegistry *reg, const char *name, gboolean private)
{
  SimDnsZone *z = g_new0(SimDnsZone, 1);
  z->name = g_intern_string(name);
  z->name_len = strlen(name);
  z->private = private;
  z->enabled = TRUE;
  z->vpcs = g_ptr_array_new();
  z->records = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  g_ptr_array_add(reg->zones, z);
  return z;
}

SimDnsZone *
sim_dns_zone_new_public(SimDnsRegistry *reg, const char *name)
{
  return zone_new(reg, name, FALSE);
}

SimDnsZone *
sim_dns_zone_new_private(SimDnsRegistry *reg, const char *name)
{
  return zone_new(reg, name, TRUE);
}

const char *
sim_dns_zone_name(const SimDnsZone *zone)
{
  return zone->name;
}

gboolean
sim_dns_zone_is_private(const SimDnsZone *zone)
{
  return zone->private;
}

void
sim_dns_zone_associate(SimDnsZone *zone, const SimVpc *vpc)
{
  if (!g_ptr_array_find(zone->vpcs, vpc, NULL))
    g_ptr_array_add(zone->vpcs, (gpointer)vpc);
}

void
sim_dns_zone_dissociate(SimDnsZone *zone, const SimVpc *vpc)
{
  g_ptr_array_remove(zone->vpcs, (gpointer)vpc);
}

void
sim_dns_zone_set_enabled(SimDnsZone *zone, gboolean enabled)
{
  zone->enabled = enabled;
}

void
sim_dns_zone_add_a(SimDnsZone *zone, const char *name, const SimIp *addrs, guint n, SimTime ttl)
{
  Record *r = g_new0(Record, 1);
  r->n = MIN(n, SIM_DNS_MAX_ANSWERS);
  memcpy(r->addr, addrs, r->n * sizeof(SimIp));
  r->ttl = ttl;
  g_hash_table_replace(zone->records, (gpointer)g_intern_string(name), r);
}

void
sim_dns_zone_add_dynamic(SimDnsZone *zone, const char *name, SimDnsAnswerFunc func, gpointer data,
                         SimTime ttl)
{
  Record *r = g_new0(Record, 1);
  r->func = func;
  r->data = data;
  r->ttl = ttl;
  g_hash_table_replace(zone->records, (gpointer)g_intern_string(name), r);
}

/* TRUE if @qname is @zone's name or below it. */
static gboolean
zone_covers(const SimDnsZone *z, const char *qname)
{
  if (qname == z->name)
    return TRUE;
  gsize ql = strlen(qname);
  return ql > z->name_len && qname[ql - z->name_len - 1] == '.' &&
         strcmp(qname + ql - z->name_len, z->name) == 0;
}

gboolean
sim_dns_registry_answer(SimDnsRegistry *reg, const SimVpc *vpc, const char *qname, SimDnsMsg *answer)
{
  const SimDnsZone *best = NULL;
  for (guint i = 0; i < reg->zones->len; i++) {
    const SimDnsZone *z = g_ptr_array_index(reg->zones, i);
    if (!z->enabled || z->private != (vpc != NULL))
      continue;
    if (z->private && !g_ptr_array_find(z->vpcs, vpc, NULL))
      continue;
    if (zone_covers(z, qname) && (best == NULL || z->name_len > best->name_len))
      best = z;
  }
  if (best == NULL)
    return FALSE;
  answer->zone = best->name;
  if (best->private)
    answer->path |= SIM_PATH_PRIVATE_ZONE;
  Record *r = g_hash_table_lookup(best->records, qname);
  if (r == NULL) {
    answer->rcode = SIM_DNS_NXDOMAIN;
    answer->n = 0;
    answer->ttl = 60 * SIM_S; /* negative caching: the SOA minimum Route 53 uses by default is
                               * 900 s; 60 s keeps experiments responsive (proposed) */
    return TRUE;
  }
  answer->rcode = SIM_DNS_NOERROR;
  answer->ttl = r->ttl;
  SimIp tmp[SIM_DNS_MAX_ANSWERS];
  guint n;
  if (r->func != NULL) {
    n = MIN(r->func(r->data, tmp), SIM_DNS_MAX_ANSWERS);
  } else {
    n = r->n;
    memcpy(tmp, r->addr, r->n * sizeof(SimIp));
  }
  /* Route 53 returns a record's values in varying order, which spreads clients that use the
   * first address; here the order rotates by one per answer (deterministic) */
  guint off = n > 0 ? r->rotation++ % n : 0;
  for (guint i = 0; i < n; i++)
    answer->addr[i] = tmp[(i + off) % n];
  answer->n = n;
  return TRUE;
}
