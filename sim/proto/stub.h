/* The stub resolver of a client host: what getaddrinfo does before kubectl dials.
 *
 * glibc's defaults (resolv.conf(5)): one nameserver, timeout 5 s, attempts 2 — a query is sent,
 * and sent again after 5 s without answer; 5 s later the lookup fails (dns-timeout). A SERVFAIL
 * moves on to the next attempt at once. NXDOMAIN, or NOERROR without addresses, fails the lookup
 * as "no such host" (dns-nxdomain). Go's resolver, which kubectl uses, reads the same
 * resolv.conf options. glibc does not cache; an optional cache honouring the answer's TTL can be
 * switched on ([client.NAME] dns_cache, e.g. for nscd or systemd-resolved). The answer's address
 * order is kept; callers use the first address.
 */
#ifndef EKSIM_PROTO_STUB_H
#define EKSIM_PROTO_STUB_H

#include <glib.h>

#include "net/host.h"
#include "proto/dns.h"

typedef enum {
  SIM_DNS_RESULT_OK,
  SIM_DNS_RESULT_NXDOMAIN, /* NXDOMAIN, or no address */
  SIM_DNS_RESULT_TIMEOUT,  /* no answer after every attempt */
  SIM_DNS_RESULT_SERVFAIL, /* the server failed every attempt */
} SimDnsStatus;

typedef struct {
  SimDnsStatus status;
  guint n;
  SimIp addr[SIM_DNS_MAX_ANSWERS];
  SimTime ttl;
  guint32 path;        /* SimPathFlags of the answer (private zone, inbound endpoint) */
  const char *zone;    /* zone that answered (interned) or NULL */
  gboolean from_cache;
  SimDropReason drop;  /* TIMEOUT: why the last query vanished, if known ... */
  gboolean dropped;    /* ... and whether it is known */
} SimDnsResult;

/* Called once per lookup, always from an event (a cached answer arrives at once, but never from
 * within sim_stub_resolve). */
typedef void (*SimStubFunc)(const SimDnsResult *result, gpointer user);

typedef struct _SimStub SimStub;

#define SIM_STUB_TIMEOUT (5 * SIM_S)
#define SIM_STUB_ATTEMPTS 2

SimStub *sim_stub_new(SimHost *host, SimIp nameserver, SimTime timeout, guint attempts, gboolean cache);
void sim_stub_free(SimStub *stub);
void sim_stub_set_nameserver(SimStub *stub, SimIp nameserver);
SimIp sim_stub_nameserver(const SimStub *stub);

/* Looks @qname up; returns a handle for sim_stub_cancel. */
guint64 sim_stub_resolve(SimStub *stub, const char *qname, SimStubFunc func, gpointer user);
/* Abandons a lookup: its callback will not run. */
void sim_stub_cancel(SimStub *stub, guint64 handle);
/* Forgets cached answers. */
void sim_stub_flush(SimStub *stub);

#endif
