/* DNS data: messages, hosted zones and the registry that answers from them.
 *
 * A SimDnsMsg is the payload of one DNS datagram (UDP port 53): a question for an A record and,
 * in a response, the return code, up to eight addresses and the TTL. Names are interned strings
 * (g_intern_string), compared by pointer on the hot path. Sizes follow RFC 1035: 12-byte header,
 * the question (name in wire form + 4), 16 bytes per A record in the answer.
 *
 * Zones (Route 53 hosted zones): a public zone answers whoever asks (through public DNS); a
 * private hosted zone answers only resolvers of the VPCs it is associated with (facts §1.1, §1.7:
 * EKS's zone for the private endpoint is associated with the cluster VPC only). A record either
 * holds fixed addresses or asks a callback each time, so an answer can follow the model's state
 * (the endpoint's addresses per mode, load balancer nodes of AZs with healthy targets, ENIs
 * recreated with new addresses). A name inside a zone with no record is NXDOMAIN from that zone
 * (Route 53 does not fall through from a private zone to public DNS). A record's addresses come
 * back in an order that rotates by one per answer (Route 53 returns them in random order, which
 * spreads clients that use the first one).
 */
#ifndef EKSIM_PROTO_DNS_H
#define EKSIM_PROTO_DNS_H

#include <glib.h>

#include "core/time.h"
#include "net/network.h"
#include "net/vpc.h"

#define SIM_DNS_PORT 53
#define SIM_DNS_MAX_ANSWERS 8

typedef enum {
  SIM_DNS_NOERROR = 0,
  SIM_DNS_SERVFAIL = 2,
  SIM_DNS_NXDOMAIN = 3,
  SIM_DNS_REFUSED = 5,
} SimDnsRcode;

const char *sim_dns_rcode_name(SimDnsRcode rcode);

typedef struct _SimDnsMsg SimDnsMsg;
struct _SimDnsMsg {
  SimPayload base;       /* first */
  SimDnsMsg *next_free;
  gpointer pool;
  guint16 id;
  gboolean response;
  const char *qname;     /* interned */
  SimDnsRcode rcode;
  guint n;               /* addresses in the answer */
  SimIp addr[SIM_DNS_MAX_ANSWERS];
  SimTime ttl;
  guint32 path;          /* SimPathFlags: private zone, inbound endpoint */
  const char *zone;      /* interned name of the zone that answered (explain), or NULL */
};

/* A new message (refcount 1) from @net's pool. */
SimDnsMsg *sim_dns_msg_new(SimNetwork *net);
/* Bytes on the wire (IP + UDP + DNS). */
guint32 sim_dns_msg_size(const SimDnsMsg *msg);

/* ---- zones ---- */

typedef struct _SimDnsZone SimDnsZone;
typedef struct _SimDnsRegistry SimDnsRegistry;

/* Fills @out (room for SIM_DNS_MAX_ANSWERS) and returns how many addresses; 0 means the record
 * exists but answers nothing right now (NOERROR, no data). */
typedef guint (*SimDnsAnswerFunc)(gpointer data, SimIp *out);

SimDnsRegistry *sim_dns_registry_new(void);
void sim_dns_registry_free(SimDnsRegistry *reg);

/* A zone for @name and every name below it. Owned by the registry. */
SimDnsZone *sim_dns_zone_new_public(SimDnsRegistry *reg, const char *name);
SimDnsZone *sim_dns_zone_new_private(SimDnsRegistry *reg, const char *name);
const char *sim_dns_zone_name(const SimDnsZone *zone);
gboolean sim_dns_zone_is_private(const SimDnsZone *zone);
/* Private zones: associate with / dissociate from a VPC. */
void sim_dns_zone_associate(SimDnsZone *zone, const SimVpc *vpc);
void sim_dns_zone_dissociate(SimDnsZone *zone, const SimVpc *vpc);
/* Enables or disables the whole zone (EKS creates the private zone only with private access on). */
void sim_dns_zone_set_enabled(SimDnsZone *zone, gboolean enabled);
/* An A record with fixed addresses (copied) or one answered by @func. */
void sim_dns_zone_add_a(SimDnsZone *zone, const char *name, const SimIp *addrs, guint n, SimTime ttl);
void sim_dns_zone_add_dynamic(SimDnsZone *zone, const char *name, SimDnsAnswerFunc func,
                              gpointer data, SimTime ttl);

/* The answer of the zone that is authoritative for @qname (interned): the most specific public
 * zone (@vpc NULL) or private zone associated with @vpc. Returns FALSE if no such zone exists;
 * otherwise fills @answer's rcode, n, addr, ttl, zone and sets SIM_PATH_PRIVATE_ZONE for a private
 * zone. */
gboolean sim_dns_registry_answer(SimDnsRegistry *reg, const SimVpc *vpc, const char *qname,
                                 SimDnsMsg *answer);

#endif
