/* Flow tables (see flowtable.h). The hash table is only probed, never iterated, except by
 * sim_flow_table_clear, whose order does not matter (everything goes). */
#include "net/flowtable.h"

#include <string.h>

#define CHUNK 256

struct _SimFlowTable {
  GHashTable *by_key; /* SimFlowKey* (inside the flow) -> SimFlow* */
  SimFlow **by_port;  /* 65536 entries, allocated on first port use */
  guint16 port_lo, port_hi, next_port;
  SimTime idle;
  SimFlow *free;
  GPtrArray *chunks;
  guint n;
};

static guint
key_hash(gconstpointer p)
{
  const SimFlowKey *k = p;
  guint64 h = ((guint64)k->a_ip << 32 | k->b_ip) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
  h ^= ((guint64)k->a_port << 24 | (guint64)k->b_port << 8 | k->proto) * G_GUINT64_CONSTANT(0xC2B2AE3D27D4EB4F);
  return (guint)(h ^ (h >> 32));
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
  const SimFlowKey *x = a, *y = b;
  return x->a_ip == y->a_ip && x->b_ip == y->b_ip && x->a_port == y->a_port &&
         x->b_port == y->b_port && x->proto == y->proto;
}

SimFlowTable *
sim_flow_table_new(guint16 port_lo, guint16 port_hi, SimTime idle_timeout)
{
  g_return_val_if_fail(port_lo <= port_hi, NULL);
  SimFlowTable *ft = g_new0(SimFlowTable, 1);
  ft->by_key = g_hash_table_new(key_hash, key_equal);
  ft->port_lo = port_lo;
  ft->port_hi = port_hi;
  ft->next_port = port_lo;
  ft->idle = idle_timeout;
  ft->chunks = g_ptr_array_new_with_free_func(g_free);
  return ft;
}

void
sim_flow_table_free(SimFlowTable *ft)
{
  if (ft == NULL)
    return;
  g_hash_table_destroy(ft->by_key);
  g_free(ft->by_port);
  g_ptr_array_free(ft->chunks, TRUE);
  g_free(ft);
}

static inline gboolean
idled_out(const SimFlowTable *ft, const SimFlow *f, SimTime now)
{
  return ft->idle > 0 && now - f->last >= ft->idle;
}

void
sim_flow_table_remove(SimFlowTable *ft, SimFlow *f)
{
  g_return_if_fail(f != NULL && f->in_use);
  g_hash_table_remove(ft->by_key, &f->key);
  if (f->port != 0 && ft->by_port != NULL && ft->by_port[f->port] == f)
    ft->by_port[f->port] = NULL;
  f->in_use = FALSE;
  f->next_free = ft->free;
  ft->free = f;
  ft->n--;
}

SimFlow *
sim_flow_table_lookup(SimFlowTable *ft, const SimFlowKey *key, SimTime now, gboolean *expired)
{
  if (expired != NULL)
    *expired = FALSE;
  SimFlow *f = g_hash_table_lookup(ft->by_key, key);
  if (f != NULL && idled_out(ft, f, now)) {
    sim_flow_table_remove(ft, f);
    if (expired != NULL)
      *expired = TRUE;
    return NULL;
  }
  return f;
}

SimFlow *
sim_flow_table_by_port(SimFlowTable *ft, guint16 port, SimTime now, gboolean *expired)
{
  if (expired != NULL)
    *expired = FALSE;
  if (ft->by_port == NULL)
    return NULL;
  SimFlow *f = ft->by_port[port];
  if (f != NULL && idled_out(ft, f, now)) {
    sim_flow_table_remove(ft, f);
    if (expired != NULL)
      *expired = TRUE;
    return NULL;
  }
  return f;
}

static SimFlow *
flow_alloc(SimFlowTable *ft)
{
  if (ft->free == NULL) {
    SimFlow *chunk = g_new0(SimFlow, CHUNK);
    g_ptr_array_add(ft->chunks, chunk);
    for (guint i = 0; i < CHUNK; i++) {
      chunk[i].next_free = ft->free;
      ft->free = &chunk[i];
    }
  }
  SimFlow *f = ft->free;
  ft->free = f->next_free;
  memset(f, 0, sizeof *f);
  return f;
}

static guint16
port_alloc(SimFlowTable *ft, SimTime now)
{
  if (ft->by_port == NULL)
    ft->by_port = g_new0(SimFlow *, 65536);
  guint span = (guint)ft->port_hi - ft->port_lo + 1;
  for (guint tries = 0; tries < span; tries++) {
    guint16 p = ft->next_port;
    ft->next_port = p == ft->port_hi ? ft->port_lo : p + 1;
    SimFlow *holder = ft->by_port[p];
    if (holder != NULL && idled_out(ft, holder, now)) {
      sim_flow_table_remove(ft, holder);
      holder = NULL;
    }
    if (holder == NULL)
      return p;
  }
  return 0;
}

SimFlow *
sim_flow_table_insert(SimFlowTable *ft, const SimFlowKey *key, gboolean want_port, SimTime now)
{
  guint16 port = 0;
  if (want_port) {
    port = port_alloc(ft, now);
    if (port == 0)
      return NULL;
  }
  SimFlow *f = flow_alloc(ft);
  f->key = *key;
  f->port = port;
  f->created = f->last = now;
  f->in_use = TRUE;
  g_hash_table_insert(ft->by_key, &f->key, f);
  if (port != 0)
    ft->by_port[port] = f;
  ft->n++;
  return f;
}

guint
sim_flow_table_size(const SimFlowTable *ft)
{
  return ft->n;
}

void
sim_flow_table_clear(SimFlowTable *ft)
{
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, ft->by_key);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    SimFlow *f = v;
    if (f->port != 0)
      ft->by_port[f->port] = NULL;
    f->in_use = FALSE;
    f->next_free = ft->free;
    ft->free = f;
    g_hash_table_iter_remove(&it);
  }
  ft->n = 0;
}
