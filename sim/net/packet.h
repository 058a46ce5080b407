/* Packets: the unit that moves hop by hop through the network.
 *
 * A SimPacket is a plain record (like Wireshark's packet_info): IPv4 addresses and ports as they
 * are *now* (network functions rewrite them in place: NAT, internet gateway, load balancer),
 * the transport header fields the protocols use (TCP flags, sequence and acknowledgement numbers),
 * its size on the wire in bytes (IPv4 + transport headers + payload) and the network functions it
 * has crossed (SimPathFlags). Packets come from a per-network pool (sim_network_packet_new) and go
 * back to it when delivered or dropped, so moving a packet allocates nothing.
 *
 * A packet may carry one reference-counted payload (a DNS message, the application message a TCP
 * segment belongs to). The payload is the simulator's stand-in for the bytes: the receiver reads
 * what the message means from it, while the packet's size says how many bytes it takes on the
 * wire.
 *
 * Drop reasons live here too: every packet that does not reach its destination is dropped with
 * exactly one reason, counted per reason by the network (conservation: sent = delivered + dropped +
 * in flight).
 */
#ifndef EKSIM_NET_PACKET_H
#define EKSIM_NET_PACKET_H

#include <glib.h>

#include "net/addr.h"

typedef struct _SimPacket SimPacket;
typedef struct _SimNode SimNode;

/* IP protocol numbers. */
typedef enum {
  SIM_PROTO_ICMP = 1,
  SIM_PROTO_TCP = 6,
  SIM_PROTO_UDP = 17,
} SimProto;

/* TCP flags (the bits of the real header). */
enum {
  SIM_TCP_FIN = 0x01,
  SIM_TCP_SYN = 0x02,
  SIM_TCP_RST = 0x04,
  SIM_TCP_PSH = 0x08,
  SIM_TCP_ACK = 0x10,
};

/* ICMP: only "destination unreachable" is modelled; its code is kept in the flags field. */
enum {
  SIM_ICMP_NET_UNREACHABLE = 0,
  SIM_ICMP_HOST_UNREACHABLE = 1,
  SIM_ICMP_PORT_UNREACHABLE = 3,
};

/* Header sizes in bytes (IPv4 without options: 20; TCP with timestamps: 32; UDP: 8). */
#define SIM_IP_HEADER 20
#define SIM_TCP_HEADER 32
#define SIM_UDP_HEADER 8
#define SIM_ICMP_SIZE 56 /* 8-byte ICMP header + the offending IP header + 8 bytes + IP header */

/* A reference-counted payload. Embed it as the first member of the real message struct and set
 * @release, which is called once the last reference goes. */
typedef struct _SimPayload SimPayload;
struct _SimPayload {
  guint refs;
  void (*release)(SimPayload *payload);
};

static inline SimPayload *
sim_payload_ref(SimPayload *p)
{
  if (p != NULL)
    p->refs++;
  return p;
}

static inline void
sim_payload_unref(SimPayload *p)
{
  if (p != NULL && --p->refs == 0)
    p->release(p);
}

/* Why a packet was dropped. Names (sim_drop_reason_name) are stable: they appear in counters
 * ("drops_no-route") and traces. */
typedef enum {
  SIM_DROP_NO_ROUTE,         /* no route table entry matches the destination */
  SIM_DROP_NO_HOST,          /* a local route, but no interface holds the address (black hole) */
  SIM_DROP_LOSS,             /* random loss on a link */
  SIM_DROP_QUEUE_FULL,       /* tail drop at a link's bounded FIFO */
  SIM_DROP_NODE_DOWN,        /* the element it reached (or sits on) has failed */
  SIM_DROP_NO_PUBLIC_IP,     /* to an internet gateway from an address without a public mapping */
  SIM_DROP_NO_TRANSIT,       /* entered a VPC through peering/TGW/VPN/DX but is not for it (a VPC
                              * does not route between its gateways: no NAT or IGW transit) */
  SIM_DROP_NAT_NO_MAPPING,   /* to a NAT/ENI translation that does not exist (or idled out) */
  SIM_DROP_CIDR_DENIED,      /* public endpoint: source not in public_access_cidrs */
  SIM_DROP_SG_DENIED,        /* a security group does not admit the connection */
  SIM_DROP_PORT_CLOSED,      /* UDP to a port nobody listens on */
  SIM_DROP_NO_TARGET,        /* load balancer: no target to send a new flow to */
  SIM_DROP_ENDPOINT_DISABLED,/* to an endpoint address that is not enabled (e.g. public access off) */
  SIM_DROP_TTL,              /* hop limit exceeded (a routing loop) */
  SIM_DROP_N_REASONS
} SimDropReason;

const char *sim_drop_reason_name(SimDropReason reason);
/* One static line saying where and why, for request records and traces. */
const char *sim_drop_reason_text(SimDropReason reason);

/* Which stage of a node the packet is at (for nodes with a processing delay). */
enum {
  SIM_PKT_STAGE_ARRIVING = 0, /* on the link towards pkt->at */
  SIM_PKT_STAGE_PROCESSED = 1 /* went through pkt->at's processing stage */
};

struct _SimPacket {
  SimPacket *next;      /* pool free list */
  SimNode *at;          /* the node the current hop ends at */
  SimNode *prev;        /* the node the current hop started from */
  SimPayload *payload;  /* owned reference or NULL */
  guint64 id;           /* unique per network, in creation order */
  guint64 origin;       /* handle of the sending endpoint (sim_network_origin_*), 0: none */
  SimIp src, dst;
  guint32 seq, ack;     /* TCP; for ICMP: ack holds the offending packet's destination */
  guint32 size;         /* bytes on the wire */
  guint32 len;          /* transport payload bytes */
  guint32 path;         /* SimPathFlags of the network functions crossed */
  guint32 tag;          /* free for the transport (TCP: index of the message segment) */
  guint16 sport, dport;
  guint8 proto;         /* SimProto */
  guint8 flags;         /* TCP flags / ICMP code */
  guint8 ttl;           /* hops left */
  guint8 az;            /* AZ of the last AZ-bound node left (SIM_AZ_NONE: none yet) */
  guint8 stage;         /* SIM_PKT_STAGE_* */
  guint8 ingress;       /* free for network functions (load balancer: which side it came in) */
};

/* Writes "TCP 10.0.1.5:41000 > 10.0.2.9:443 [SYN] 72B" into @buf; returns @buf. For traces. */
char *sim_packet_describe(const SimPacket *pkt, char *buf, gsize size);

#endif
