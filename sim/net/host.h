/* Hosts: the endpoints that terminate traffic (kubectl clients, worker nodes, API servers,
 * resolvers, etcd members, load balancer health checkers).
 *
 * A host has one address, a transport input for TCP (installed by the TCP stack, proto/tcp.c)
 * and a table of bound UDP ports (DNS). It delivers what is addressed to it, hands ICMP
 * "unreachable" to whichever transport sent the offending packet, and drops the rest. When the
 * host fails, everything on it forgets its state: its listeners are told through the down hooks
 * (a crashed API server sends no RST: its packets simply stop).
 */
#ifndef EKSIM_NET_HOST_H
#define EKSIM_NET_HOST_H

#include <glib.h>

#include "net/network.h"
#include "net/node.h"
#include "net/packet.h"

typedef struct _SimHost SimHost;

/* A transport's input: takes ownership of @pkt (deliver with sim_network_deliver). */
typedef void (*SimHostInput)(SimHost *host, SimPacket *pkt, gpointer data);
/* Told when the host fails (@up FALSE) or comes back. */
typedef void (*SimHostUpHook)(SimHost *host, gboolean up, gpointer data);

SimHost *sim_host_new(SimNetwork *net, const char *name, SimIp ip, guint8 az);
void sim_host_free(SimHost *host);

SimNode *sim_host_node(SimHost *host);
SimNetwork *sim_host_network(SimHost *host);
SimIp sim_host_ip(const SimHost *host);
const char *sim_host_name(const SimHost *host);
SimTime sim_host_now(const SimHost *host);
gboolean sim_host_is_up(const SimHost *host);

void sim_host_set_tcp(SimHost *host, SimHostInput input, gpointer data);
/* Binds UDP @port (0: an ephemeral one); returns the port. */
guint16 sim_host_bind_udp(SimHost *host, guint16 port, SimHostInput input, gpointer data);
void sim_host_unbind_udp(SimHost *host, guint16 port);
/* The next ephemeral port (32768..60999, as Linux's ip_local_port_range). */
guint16 sim_host_ephemeral_port(SimHost *host);

void sim_host_add_up_hook(SimHost *host, SimHostUpHook hook, gpointer data);

/* An ingress filter run on every packet addressed to the host before its transports see it
 * (security group, public_access_cidrs of a proxy load balancer). Returns FALSE to drop the
 * packet with *@reason and an optional *@detail for the tracer (a static or owned-by-filter
 * string). */
typedef gboolean (*SimHostFilter)(SimHost *host, const SimPacket *pkt, gpointer data,
                                  SimDropReason *reason, const char **detail);
void sim_host_set_filter(SimHost *host, SimHostFilter filter, gpointer data);

/* Sends @pkt from this host (src defaults to the host's address). Takes ownership. */
void sim_host_send(SimHost *host, SimPacket *pkt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimHost, sim_host_free)

#endif
