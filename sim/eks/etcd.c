/* etcd (see etcd.h). Pending writes live in hash tables keyed by integer ids (probed only);
 * retransmission sweeps walk sorted id arrays, so their order is deterministic. */
#include "eks/etcd.h"

#include "net/network.h"
#include "proto/msg.h"

#define HEARTBEAT (100 * SIM_MS)
#define ELECTION_TIMEOUT (1 * SIM_S)
#define CLIENT_RETRY (1 * SIM_S)
#define PROPOSE_OVERHEAD 100
#define SMALL_MSG 50
#define MAX_MEMBERS 7

typedef struct {
  guint32 id;          /* leader's write id */
  SimIp client_ip;
  guint16 client_port;
  guint32 client_id;
  guint32 size;
  guint32 acks;        /* bitmask of followers that acknowledged */
  gboolean fsynced;
  SimTime appended_at;
} Write;

typedef struct {
  SimEtcd *etcd;
  guint index;
  SimHost *host;
  SimRng *rng;
} Member;

typedef struct _Fsync Fsync;
struct _Fsync {
  Member *member;
  guint32 write_id;
  SimIp reply_ip;      /* follower fsync: whom to ack (the leader); leader: unused */
  guint epoch;
  Fsync *next_free;
};

struct _SimEtcd {
  SimNetwork *net;
  SimScheduler *sched;
  Member members[MAX_MEMBERS];
  guint n;
  gint leader;
  guint epoch;         /* bumped at every leader change: stale fsyncs are ignored */
  SimDist *fsync;
  double slowdown;
  GHashTable *writes;  /* leader's uncommitted writes: id -> Write* */
  guint32 next_write;
  SimEventId heartbeat_ev;
  SimEventId election_ev;
  guint64 commits;
  Fsync *free_fsyncs;  /* recycled: no allocation per fsync */
  GPtrArray *fsync_chunks;
};

struct _SimEtcdClient {
  SimEtcd *etcd;
  SimHost *host;
  guint16 port;
  GHashTable *pending; /* client id -> Pending* */
  guint32 next_id;
  SimEventId retry_ev;
};

typedef struct {
  guint32 id;
  guint32 size;
  SimEtcdDone done;
  gpointer user;
  SimTime sent_at;
} Pending;

static void member_input(SimHost *host, SimPacket *pkt, gpointer data);
static void member_up_hook(SimHost *host, gboolean up, gpointer data);
static void client_input(SimHost *host, SimPacket *pkt, gpointer data);

static void
send_msg(SimNetwork *net, SimHost *from, guint16 sport, SimIp dst, guint16 dport, SimMsgKind kind,
         guint32 id, guint32 stream, guint32 size)
{
  SimMsg *m = sim_msg_new(net, kind, size);
  m->id = id;
  m->stream = stream;
  SimPacket *p = sim_network_packet_new(net);
  p->proto = SIM_PROTO_UDP;
  p->dst = dst;
  p->sport = sport;
  p->dport = dport;
  p->len = size;
  p->size = SIM_IP_HEADER + SIM_UDP_HEADER + size;
  p->payload = &m->base;
  sim_host_send(from, p);
}

SimEtcd *
sim_etcd_new(SimHost *const *hosts, guint n, SimDist *fsync)
{
  g_return_val_if_fail(n >= 1 && n <= MAX_MEMBERS, NULL);
  SimEtcd *e = g_new0(SimEtcd, 1);
  e->net = sim_host_network(hosts[0]);
  e->sched = sim_network_scheduler(e->net);
  e->n = n;
  e->leader = 0;
  e->fsync = fsync ? sim_dist_ref(fsync) : NULL;
  e->slowdown = 1.0;
  e->writes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  e->next_write = 1;
  e->fsync_chunks = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    Member *m = &e->members[i];
    m->etcd = e;
    m->index = i;
    m->host = hosts[i];
    m->rng = sim_rng_set_getf(sim_network_rngs(e->net), "etcd/%s/fsync", sim_host_name(hosts[i]));
    sim_host_bind_udp(hosts[i], SIM_ETCD_PEER_PORT, member_input, m);
    sim_host_bind_udp(hosts[i], SIM_ETCD_CLIENT_PORT, member_input, m);
    sim_host_add_up_hook(hosts[i], member_up_hook, m);
  }
  return e;
}

void
sim_etcd_free(SimEtcd *etcd)
{
  if (etcd == NULL)
    return;
  if (etcd->heartbeat_ev)
    sim_scheduler_cancel(etcd->sched, etcd->heartbeat_ev);
  if (etcd->election_ev)
    sim_scheduler_cancel(etcd->sched, etcd->election_ev);
  g_hash_table_destroy(etcd->writes);
  g_ptr_array_free(etcd->fsync_chunks, TRUE);
  if (etcd->fsync)
    sim_dist_unref(etcd->fsync);
  g_free(etcd);
}

gint
sim_etcd_leader(const SimEtcd *etcd)
{
  return etcd->leader;
}

void
sim_etcd_set_slowdown(SimEtcd *etcd, double factor)
{
  etcd->slowdown = factor > 0 ? factor : 1.0;
}

guint64
sim_etcd_commits(const SimEtcd *etcd)
{
  return etcd->commits;
}

static SimTime
fsync_time(Member *m)
{
  SimEtcd *e = m->etcd;
  if (e->fsync == NULL)
    return 0;
  SimTime t = sim_dist_sample_time(e->fsync, m->rng);
  if (e->slowdown != 1.0)
    t = (SimTime)((double)t * e->slowdown);
  return t;
}

static guint
live_members(const SimEtcd *e)
{
  guint up = 0;
  for (guint i = 0; i < e->n; i++)
    up += sim_host_is_up(e->members[i].host) ? 1 : 0;
  return up;
}

/* ---- leader ---- */

static void
try_commit(SimEtcd *e, Write *w)
{
  guint need = e->n / 2; /* followers needed besides the leader for a majority */
  guint acks = (guint)__builtin_popcount(w->acks);
  if (!w->fsynced || acks < need)
    return;
  e->commits++;
  Member *leader = &e->members[e->leader];
  send_msg(e->net, leader->host, SIM_ETCD_CLIENT_PORT, w->client_ip, w->client_port,
           SIM_MSG_ETCD_COMMITTED, w->client_id, w->id, SMALL_MSG);
  g_hash_table_remove(e->writes, GUINT_TO_POINTER(w->id));
}

static void
fsync_done(SimScheduler *sched, gpointer data)
{
  (void)sched;
  Fsync *f = data;
  Member *m = f->member;
  SimEtcd *e = m->etcd;
  if (f->epoch == e->epoch && sim_host_is_up(m->host)) {
    if ((gint)m->index == e->leader) {
      Write *w = g_hash_table_lookup(e->writes, GUINT_TO_POINTER(f->write_id));
      if (w != NULL) {
        w->fsynced = TRUE;
        try_commit(e, w);
      }
    } else {
      send_msg(e->net, m->host, SIM_ETCD_PEER_PORT, f->reply_ip, SIM_ETCD_PEER_PORT,
               SIM_MSG_ETCD_ACK, m->index, f->write_id, SMALL_MSG);
    }
  }
  f->next_free = e->free_fsyncs;
  e->free_fsyncs = f;
}

static void
start_fsync(Member *m, guint32 write_id, SimIp reply_ip)
{
  SimEtcd *e = m->etcd;
  if (e->free_fsyncs == NULL) {
    Fsync *chunk = g_new(Fsync, 64);
    g_ptr_array_add(e->fsync_chunks, chunk);
    for (guint i = 0; i < 64; i++) {
      chunk[i].next_free = e->free_fsyncs;
      e->free_fsyncs = &chunk[i];
    }
  }
  Fsync *f = e->free_fsyncs;
  e->free_fsyncs = f->next_free;
  f->member = m;
  f->write_id = write_id;
  f->reply_ip = reply_ip;
  f->epoch = m->etcd->epoch;
  sim_scheduler_after(m->etcd->sched, fsync_time(m), fsync_done, f);
}

static void
append_to_followers(SimEtcd *e, Write *w, gboolean only_missing)
{
  Member *leader = &e->members[e->leader];
  for (guint i = 0; i < e->n; i++) {
    if ((gint)i == e->leader || (only_missing && (w->acks & (1u << i))))
      continue;
    send_msg(e->net, leader->host, SIM_ETCD_PEER_PORT, sim_host_ip(e->members[i].host),
             SIM_ETCD_PEER_PORT, SIM_MSG_ETCD_APPEND, w->id, 0, w->size + PROPOSE_OVERHEAD);
  }
}

static gint
cmp_u32(gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/* The keys of a table of integer ids, sorted (sweeps must not follow the hash order). */
static GArray *
sorted_ids(GHashTable *table)
{
  GArray *ids = g_array_new(FALSE, FALSE, sizeof(guint32));
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, table);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    guint32 id = GPOINTER_TO_UINT(k);
    g_array_append_val(ids, id);
  }
  g_array_sort(ids, cmp_u32);
  return ids;
}

static void
heartbeat(SimScheduler *sched, gpointer data)
{
  SimEtcd *e = data;
  e->heartbeat_ev = SIM_EVENT_NONE;
  if (e->leader < 0 || g_hash_table_size(e->writes) == 0)
    return;
  SimTime now = sim_scheduler_now(sched);
  /* resend appends unacknowledged for a heartbeat, in id order */
  GArray *ids = sorted_ids(e->writes);
  for (guint i = 0; i < ids->len; i++) {
    Write *w = g_hash_table_lookup(e->writes, GUINT_TO_POINTER(g_array_index(ids, guint32, i)));
    if (now - w->appended_at >= HEARTBEAT)
      append_to_followers(e, w, TRUE);
  }
  g_array_free(ids, TRUE);
  e->heartbeat_ev = sim_scheduler_after(sched, HEARTBEAT, heartbeat, e);
}

static void
leader_propose(SimEtcd *e, SimIp client_ip, guint16 client_port, guint32 client_id, guint32 size)
{
  Write *w = g_new0(Write, 1);
  w->id = e->next_write++;
  w->client_ip = client_ip;
  w->client_port = client_port;
  w->client_id = client_id;
  w->size = size;
  w->appended_at = sim_scheduler_now(e->sched);
  g_hash_table_insert(e->writes, GUINT_TO_POINTER(w->id), w);
  start_fsync(&e->members[e->leader], w->id, 0);
  append_to_followers(e, w, FALSE);
  if (e->heartbeat_ev == SIM_EVENT_NONE)
    e->heartbeat_ev = sim_scheduler_after(e->sched, HEARTBEAT, heartbeat, e);
}

static void
elect(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimEtcd *e = data;
  e->election_ev = SIM_EVENT_NONE;
  if (live_members(e) <= e->n / 2)
    return; /* no majority: no leader until a member comes back */
  for (guint i = 0; i < e->n; i++) {
    if (sim_host_is_up(e->members[i].host)) {
      e->leader = (gint)i;
      sim_network_trace(e->net, SIM_TRACE_FUNCTION, sim_host_node(e->members[i].host), NULL,
                        "etcd: %s becomes leader", sim_host_name(e->members[i].host));
      return;
    }
  }
}

static void
member_up_hook(SimHost *host, gboolean up, gpointer data)
{
  (void)host;
  Member *m = data;
  SimEtcd *e = m->etcd;
  if (!up && (gint)m->index == e->leader) {
    /* the leader's uncommitted writes are lost; clients re-propose */
    e->leader = -1;
    e->epoch++;
    g_hash_table_remove_all(e->writes);
    if (e->election_ev == SIM_EVENT_NONE)
      e->election_ev = sim_scheduler_after(e->sched, ELECTION_TIMEOUT, elect, e);
  } else if (up && e->leader < 0 && e->election_ev == SIM_EVENT_NONE) {
    e->election_ev = sim_scheduler_after(e->sched, ELECTION_TIMEOUT, elect, e);
  }
}

static void
member_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  Member *m = data;
  SimEtcd *e = m->etcd;
  SimMsg *msg = (SimMsg *)pkt->payload;
  SimIp src = pkt->src;
  guint16 sport = pkt->sport;
  if (msg == NULL) {
    sim_network_deliver(e->net, sim_host_node(host), pkt);
    return;
  }
  SimMsgKind kind = msg->kind;
  guint32 id = msg->id, stream = msg->stream, size = msg->size;
  sim_network_deliver(e->net, sim_host_node(host), pkt);
  switch (kind) {
  case SIM_MSG_ETCD_PROPOSE:
    if ((gint)m->index == e->leader)
      leader_propose(e, src, sport, id, size > PROPOSE_OVERHEAD ? size - PROPOSE_OVERHEAD : 0);
    /* not the leader: dropped; the client re-proposes to the new leader */
    break;
  case SIM_MSG_ETCD_APPEND:
    if ((gint)m->index != e->leader)
      start_fsync(m, id, src);
    break;
  case SIM_MSG_ETCD_ACK:
    if ((gint)m->index == e->leader && id < e->n) {
      Write *w = g_hash_table_lookup(e->writes, GUINT_TO_POINTER(stream));
      if (w != NULL) {
        w->acks |= 1u << id;
        try_commit(e, w);
      }
    }
    break;
  default:
    break;
  }
}

/* ---- client ---- */

SimEtcdClient *
sim_etcd_client_new(SimEtcd *etcd, SimHost *host)
{
  SimEtcdClient *c = g_new0(SimEtcdClient, 1);
  c->etcd = etcd;
  c->host = host;
  c->port = sim_host_bind_udp(host, 0, client_input, c);
  c->pending = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  c->next_id = 1;
  return c;
}

void
sim_etcd_client_free(SimEtcdClient *client)
{
  if (client == NULL)
    return;
  if (client->retry_ev)
    sim_scheduler_cancel(client->etcd->sched, client->retry_ev);
  g_hash_table_destroy(client->pending);
  g_free(client);
}

static GArray *sorted_ids(GHashTable *table);

void
sim_etcd_client_reset(SimEtcdClient *client, SimEtcdDone cancelled)
{
  GArray *ids = sorted_ids(client->pending);
  for (guint i = 0; i < ids->len; i++) {
    guint32 id = g_array_index(ids, guint32, i);
    Pending *p = g_hash_table_lookup(client->pending, GUINT_TO_POINTER(id));
    gpointer user = p->user;
    g_hash_table_remove(client->pending, GUINT_TO_POINTER(id));
    if (cancelled != NULL)
      cancelled(user);
  }
  g_array_free(ids, TRUE);
}

static void
propose(SimEtcdClient *c, Pending *p)
{
  SimEtcd *e = c->etcd;
  p->sent_at = sim_scheduler_now(e->sched);
  if (e->leader < 0)
    return; /* no leader: the retry sweep proposes again later */
  send_msg(e->net, c->host, c->port, sim_host_ip(e->members[e->leader].host), SIM_ETCD_CLIENT_PORT,
           SIM_MSG_ETCD_PROPOSE, p->id, 0, p->size + PROPOSE_OVERHEAD);
}

static void
client_retry(SimScheduler *sched, gpointer data)
{
  SimEtcdClient *c = data;
  c->retry_ev = SIM_EVENT_NONE;
  if (g_hash_table_size(c->pending) == 0)
    return;
  SimTime now = sim_scheduler_now(sched);
  GArray *ids = sorted_ids(c->pending);
  for (guint i = 0; i < ids->len; i++) {
    Pending *p = g_hash_table_lookup(c->pending, GUINT_TO_POINTER(g_array_index(ids, guint32, i)));
    if (now - p->sent_at >= CLIENT_RETRY)
      propose(c, p);
  }
  g_array_free(ids, TRUE);
  c->retry_ev = sim_scheduler_after(sched, CLIENT_RETRY, client_retry, c);
}

guint32
sim_etcd_client_write(SimEtcdClient *c, guint32 size, SimEtcdDone done, gpointer user)
{
  Pending *p = g_new0(Pending, 1);
  p->id = c->next_id++;
  p->size = size;
  p->done = done;
  p->user = user;
  g_hash_table_insert(c->pending, GUINT_TO_POINTER(p->id), p);
  propose(c, p);
  if (c->retry_ev == SIM_EVENT_NONE)
    c->retry_ev = sim_scheduler_after(c->etcd->sched, CLIENT_RETRY, client_retry, c);
  return p->id;
}

static void
client_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  SimEtcdClient *c = data;
  SimMsg *msg = (SimMsg *)pkt->payload;
  guint32 id = msg != NULL && msg->kind == SIM_MSG_ETCD_COMMITTED ? msg->id : 0;
  sim_network_deliver(c->etcd->net, sim_host_node(host), pkt);
  Pending *p = id ? g_hash_table_lookup(c->pending, GUINT_TO_POINTER(id)) : NULL;
  if (p == NULL)
    return; /* a duplicate commit of a re-proposed write */
  SimEtcdDone done = p->done;
  gpointer user = p->user;
  g_hash_table_remove(c->pending, GUINT_TO_POINTER(id));
  done(user);
}
