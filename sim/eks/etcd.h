/* etcd: the control plane's store, three members across three AZs (facts §3, §7 #12).
 *
 * A mutating API request is not answered before its write is committed: the API server sends the
 * write to the leader, the leader appends it to its log (an fsync) and replicates it to the
 * followers (each appends it, fsyncs, and acknowledges); once the leader's fsync is done and one
 * follower has acknowledged (a quorum of 2 of 3), the write is committed and the leader tells the
 * API server. Every message is a datagram crossing control-plane links hop by hop, so AZ
 * distances, link degradation and losses show up in write latency.
 * Defaults (proposed, not sourced): fsync lognormal(median 2 ms, sigma 0.5); the leader resends
 * unacknowledged appends every 100 ms (etcd's heartbeat interval) and the API server re-proposes
 * a write unanswered for 1 s; a failed leader is replaced by the first live member after the
 * election timeout (1 s, etcd's default); without a majority of live members writes wait.
 * Simplified: gRPC/TCP between members is replaced by datagrams with those retransmissions; the
 * log is not modelled beyond the write being acknowledged; fsyncs run in parallel (no disk queue);
 * etcd-slow multiplies the fsync time.
 */
#ifndef EKSIM_EKS_ETCD_H
#define EKSIM_EKS_ETCD_H

#include <glib.h>

#include "core/dist.h"
#include "core/rng.h"
#include "net/host.h"

typedef struct _SimEtcd SimEtcd;
typedef struct _SimEtcdClient SimEtcdClient;

#define SIM_ETCD_CLIENT_PORT 2379
#define SIM_ETCD_PEER_PORT 2380

/* A cluster of @n members on @hosts (borrowed), fsync time @fsync (reference taken). */
SimEtcd *sim_etcd_new(SimHost *const *hosts, guint n, SimDist *fsync);
void sim_etcd_free(SimEtcd *etcd);
/* Index of the current leader, or -1 while there is none. */
gint sim_etcd_leader(const SimEtcd *etcd);
/* Multiplies every fsync (etcd-slow); 1 is normal. */
void sim_etcd_set_slowdown(SimEtcd *etcd, double factor);
guint64 sim_etcd_commits(const SimEtcd *etcd);

/* The etcd client of an API server on @host. */
typedef void (*SimEtcdDone)(gpointer user);
SimEtcdClient *sim_etcd_client_new(SimEtcd *etcd, SimHost *host);
void sim_etcd_client_free(SimEtcdClient *client);
/* Writes @size bytes; @done runs when the commit reaches the client. Returns a handle. */
guint32 sim_etcd_client_write(SimEtcdClient *client, guint32 size, SimEtcdDone done, gpointer user);
/* Forgets every pending write: the API server failed. Their callbacks never run; @cancelled
 * (if not NULL) is called with each one's user data instead, in write order. */
void sim_etcd_client_reset(SimEtcdClient *client, SimEtcdDone cancelled);

#endif
