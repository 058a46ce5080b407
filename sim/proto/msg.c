/* Message pool (see msg.h): chunks of SimMsg on a free list, one pool per network. */
#include "proto/msg.h"

#include <string.h>

#define CHUNK 256

typedef struct {
  SimMsg *free;
  GPtrArray *chunks;
  guint live;
} MsgPool;

static void
pool_destroy(gpointer p)
{
  MsgPool *pool = p;
  g_ptr_array_free(pool->chunks, TRUE);
  g_free(pool);
}

G_DEFINE_QUARK(eksim-msg-pool, msg_pool)

static MsgPool *
pool_of(SimNetwork *net)
{
  GQuark q = msg_pool_quark();
  MsgPool *pool = sim_network_get_qdata(net, q);
  if (pool == NULL) {
    pool = g_new0(MsgPool, 1);
    pool->chunks = g_ptr_array_new_with_free_func(g_free);
    sim_network_set_qdata(net, q, pool, pool_destroy);
  }
  return pool;
}

static void
msg_release(SimPayload *p)
{
  SimMsg *m = (SimMsg *)p;
  MsgPool *pool = m->pool;
  m->next_free = pool->free;
  pool->free = m;
  pool->live--;
}

SimMsg *
sim_msg_new(SimNetwork *net, SimMsgKind kind, guint32 size)
{
  MsgPool *pool = pool_of(net);
  if (pool->free == NULL) {
    SimMsg *chunk = g_new(SimMsg, CHUNK);
    g_ptr_array_add(pool->chunks, chunk);
    for (guint i = 0; i < CHUNK; i++) {
      chunk[i].next_free = pool->free;
      pool->free = &chunk[i];
    }
  }
  SimMsg *m = pool->free;
  pool->free = m->next_free;
  memset(m, 0, sizeof *m);
  m->base.refs = 1;
  m->base.release = msg_release;
  m->pool = pool;
  m->kind = kind;
  m->size = size;
  pool->live++;
  return m;
}

guint
sim_msg_live(SimNetwork *net)
{
  return pool_of(net)->live;
}

const char *
sim_msg_kind_name(SimMsgKind kind)
{
  static const char *const names[] = {
    "data", "tls-client-hello", "tls-server-hello", "tls-client-finished", "tls-server-finished",
    "http-request", "http-response", "h2-ping", "h2-ping-ack", "etcd-propose", "etcd-append",
    "etcd-ack", "etcd-committed",
  };
  g_return_val_if_fail((guint)kind < G_N_ELEMENTS(names), "?");
  return names[kind];
}
