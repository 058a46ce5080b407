/* TLS handshakes over a TCP connection: who sends which flight, and how big it is.
 *
 * TLS 1.3 (RFC 8446) takes one round trip before the client may send application data:
 *   client: ClientHello  ->  server: ServerHello, EncryptedExtensions, Certificate,
 *   CertificateVerify, Finished  ->  client: Finished (+ application data right behind it).
 * TLS 1.2 (RFC 5246, ECDHE) takes two:
 *   ClientHello -> ServerHello, Certificate, ServerKeyExchange, ServerHelloDone ->
 *   ClientKeyExchange, ChangeCipherSpec, Finished -> ChangeCipherSpec, Finished.
 * Flight sizes (proposed, not sourced; typical of a Go client and an API server presenting one
 * RSA-2048 certificate signed by the cluster CA): ClientHello 300 B; 1.3 server flight 1,700 B;
 * 1.3 client Finished 80 B; 1.2 server flight 1,650 B; 1.2 client flight 130 B; 1.2 server
 * Finished 51 B. Application data records add 22 B each (5 header + 16 tag + 1 type) per 16 KiB.
 * No session resumption (kubectl does not keep tickets between invocations); no CPU time for the
 * cryptography.
 */
#ifndef EKSIM_PROTO_TLS_H
#define EKSIM_PROTO_TLS_H

#include <glib.h>

#include "proto/msg.h"

typedef enum {
  SIM_TLS_12 = 12,
  SIM_TLS_13 = 13,
} SimTlsVersion;

typedef struct {
  SimTlsVersion version;
  gboolean done;
} SimTlsState;

/* The size in bytes of handshake message @kind in @version. */
guint32 sim_tls_flight_size(SimTlsVersion version, SimMsgKind kind);
/* @payload bytes of application data as TLS records: payload + per-record overhead. */
guint32 sim_tls_record_size(guint32 payload);

/* Client: the first message to send (a ClientHello). */
SimMsgKind sim_tls_client_start(SimTlsState *st, SimTlsVersion version);
/* Client: handshake message @in arrived; sets *@out to the message to send (or returns FALSE for
 * none) and st->done once application data may flow. */
gboolean sim_tls_client_input(SimTlsState *st, SimMsgKind in, SimMsgKind *out);
/* Server: handshake message @in (with the client's version in @version for a ClientHello). */
gboolean sim_tls_server_input(SimTlsState *st, SimMsgKind in, SimTlsVersion version, SimMsgKind *out);
/* TRUE for the TLS handshake message kinds. */
gboolean sim_tls_is_handshake(SimMsgKind kind);

#endif
