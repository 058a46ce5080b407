/* Application messages: what a TCP byte stream carries, one record per message.
 *
 * The simulator does not move bytes, it moves their meaning: a SimMsg stands for one message of
 * a protocol above TCP (a TLS handshake flight, an HTTP request or response, an HTTP/2 PING) and
 * says how many bytes of the stream it takes. TCP cuts it into segments of at most one MSS; every
 * segment holds a reference, and the receiver's TCP hands the message up when its last byte
 * arrives in order. Messages come from a per-network pool (no malloc per message).
 *
 * The HTTP fields double as the simulator's bookkeeping a real server would not send: the time
 * the request queued and was served, and the network functions its request crossed, so the
 * client can report phase timings and the path (the response carries them like a Server-Timing
 * header).
 */
#ifndef EKSIM_PROTO_MSG_H
#define EKSIM_PROTO_MSG_H

#include <glib.h>

#include "core/time.h"
#include "net/network.h"
#include "net/packet.h"

typedef enum {
  SIM_MSG_DATA,               /* opaque bytes (tests) */
  SIM_MSG_TLS_CLIENT_HELLO,
  SIM_MSG_TLS_SERVER_HELLO,   /* TLS 1.3: ServerHello..Finished; 1.2: ServerHello..HelloDone */
  SIM_MSG_TLS_CLIENT_FINISHED,/* TLS 1.3: Finished; 1.2: ClientKeyExchange, CCS, Finished */
  SIM_MSG_TLS_SERVER_FINISHED,/* TLS 1.2 only: CCS, Finished */
  SIM_MSG_HTTP_REQUEST,
  SIM_MSG_HTTP_RESPONSE,
  SIM_MSG_H2_PING,
  SIM_MSG_H2_PING_ACK,
  SIM_MSG_ETCD_PROPOSE,       /* API server -> etcd leader */
  SIM_MSG_ETCD_APPEND,        /* leader -> follower */
  SIM_MSG_ETCD_ACK,           /* follower -> leader */
  SIM_MSG_ETCD_COMMITTED,     /* leader -> API server */
} SimMsgKind;

typedef struct _SimMsg SimMsg;
struct _SimMsg {
  SimPayload base;      /* first: refcount */
  SimMsg *next_free;
  gpointer pool;
  SimMsgKind kind;
  guint32 size;         /* bytes in the stream */
  guint32 stream;       /* HTTP/2 stream id; HTTP/1.1: request sequence number */
  guint32 id;           /* sender's request id (echoed in the response) */
  guint8 verb;          /* SimVerb (eks/verb.h), HTTP only */
  guint8 tls_version;   /* ClientHello: 12 or 13 */
  guint8 http_version;  /* ClientHello (ALPN) and HTTP messages: 11 or 2 */
  guint16 status;       /* HTTP status of a response */
  guint32 response_size;/* request: body bytes the response will take; response: its body bytes */
  SimTime retry_after;  /* response: Retry-After (0: none) */
  SimTime queue_time;   /* response: time the request waited in the server's queue */
  SimTime service_time; /* response: time it was served (etcd write included) */
  guint32 path;         /* response: SimPathFlags the request crossed on its way in */
  guint32 server;       /* response: index of the serving API server instance + 1 (0: none) */
  guint32 object;       /* request: the API object it is about, + 1 (a node's lease or status:
                         * the node's index in the cluster); 0: none */
};

/* A new message (refcount 1) from @net's pool. */
SimMsg *sim_msg_new(SimNetwork *net, SimMsgKind kind, guint32 size);
static inline SimMsg *
sim_msg_ref(SimMsg *m)
{
  sim_payload_ref(&m->base);
  return m;
}
static inline void
sim_msg_unref(SimMsg *m)
{
  sim_payload_unref(&m->base);
}
const char *sim_msg_kind_name(SimMsgKind kind);
/* Messages currently allocated from @net's pool (leak checks in tests). */
guint sim_msg_live(SimNetwork *net);

#endif
