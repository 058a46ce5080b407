/* DNS servers: Route 53 Resolvers, Resolver inbound endpoints, public recursive resolvers,
 * on-prem DNS servers and the public authoritative name servers. Where DNS is answered.
 *
 * A recursive resolver (the VPC's Route 53 Resolver at base+2, facts §1.7) answers a query for a
 * name, in this order (Route 53 Resolver precedence: rules before private zones):
 *   1. from its cache, while the cached answer's TTL lasts;
 *   2. by a forwarding rule whose domain covers the name: the query goes to the rule's targets
 *      (a Resolver inbound endpoint's addresses, an on-prem DNS server's conditional forwarder);
 *   3. from a private hosted zone associated with its VPC, if private zones are enabled for it
 *      (the VPC has enableDnsSupport and enableDnsHostnames and its DHCP options name
 *      AmazonProvidedDNS, facts §1.1, §7 #3);
 *   4. by asking the public authoritative servers (upstream).
 * A Resolver inbound endpoint is a recursive resolver on interfaces in the cluster VPC that uses
 * the cluster VPC's private zones, so a peered VPC's or on-prem's forwarded query gets the private
 * answer (facts §1.7, §7 #4); its answers carry SIM_PATH_INBOUND_RESOLVER. The query it forwards
 * carries its own address as source, as AWS documents.
 * An authoritative server answers from the public zones only (NXDOMAIN outside them, REFUSED for
 * names no zone covers).
 * Forwarded and upstream queries time out after 2 s and are tried twice per target before the
 * resolver answers SERVFAIL (proposed, not sourced). No processing delay.
 */
#ifndef EKSIM_PROTO_RESOLVER_H
#define EKSIM_PROTO_RESOLVER_H

#include <glib.h>

#include "net/host.h"
#include "proto/dns.h"

typedef struct _SimResolver SimResolver;

typedef enum {
  SIM_RESOLVER_RECURSIVE,
  SIM_RESOLVER_AUTHORITATIVE,
} SimResolverKind;

/* A DNS server on @host (UDP 53) answering from @reg. */
SimResolver *sim_resolver_new(SimHost *host, SimDnsRegistry *reg, SimResolverKind kind);
void sim_resolver_free(SimResolver *res);
SimHost *sim_resolver_host(SimResolver *res);

/* Private zones associated with @vpc answer (NULL: none). */
void sim_resolver_set_private_zones(SimResolver *res, const SimVpc *vpc);
/* Public names are resolved by asking @ip (an authoritative server). */
void sim_resolver_set_upstream(SimResolver *res, SimIp ip);
/* Names at or below @domain are forwarded to @targets (tried in order). */
void sim_resolver_add_forward(SimResolver *res, const char *domain, const SimIp *targets, guint n);
void sim_resolver_clear_forwards(SimResolver *res);
/* Path flags added to every answer this server gives (inbound endpoint). */
void sim_resolver_set_answer_path(SimResolver *res, guint32 path);
/* Caching (default on for recursive resolvers). */
void sim_resolver_set_cache(SimResolver *res, gboolean on);
/* Forget the cache (e.g. the resolver restarted). */
void sim_resolver_flush(SimResolver *res);

guint64 sim_resolver_queries(const SimResolver *res);
guint64 sim_resolver_cache_hits(const SimResolver *res);

#endif
