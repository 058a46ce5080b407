/* HTTP/1.1 and HTTP/2 over TLS over TCP: client connections and servers.
 *
 * A client connection dials (TCP, with the dial timeout), runs the TLS handshake (with the TLS
 * handshake timeout, client-go's 10 s, facts §5.4) and then carries requests:
 *   HTTP/1.1: one request at a time; the next waits for the previous response (no pipelining);
 *   HTTP/2:   any number of concurrent streams over the one connection; messages of different
 *             streams share the TCP byte stream in order (head-of-line blocking included).
 * Sizes (proposed, not sourced): an HTTP/1.1 request carries 1,300 B of headers (kubectl's bearer
 * token is ~1 kB), a response 200 B; HTTP/2 sends the first request's HEADERS at 1,300 B and later
 * ones at 150 B (HPACK indexes the token), responses at 80 B, plus 9 B per frame and one DATA
 * frame per 16 KiB of body. Everything rides in TLS records (proto/tls.h).
 *
 * HTTP/2 health check (client-go, on by default; facts §5.6): when nothing has been read for
 * read_idle_timeout (30 s) the client sends a PING; if no frame arrives within ping_timeout (15 s)
 * the connection is closed and its requests fail (the ~45 s dead-connection detection that
 * node-monitor-grace-period allows for). The pings also keep NAT and load balancer flows from
 * idling out (350 s). The server answers PINGs.
 */
#ifndef EKSIM_PROTO_HTTP_H
#define EKSIM_PROTO_HTTP_H

#include <glib.h>

#include "proto/msg.h"
#include "proto/tcp.h"
#include "proto/tls.h"

typedef enum {
  SIM_HTTP_11 = 11,
  SIM_HTTP_2 = 2,
} SimHttpVersion;

typedef enum {
  SIM_HTTP_ERR_CONNECT_TIMEOUT, /* dial timeout or SYN retries exhausted */
  SIM_HTTP_ERR_UNREACHABLE,     /* ICMP unreachable while connecting */
  SIM_HTTP_ERR_REFUSED,         /* RST in answer to the SYN */
  SIM_HTTP_ERR_RESET,           /* RST on the connection */
  SIM_HTTP_ERR_TLS_TIMEOUT,     /* the TLS handshake did not finish in time */
  SIM_HTTP_ERR_CLOSED,          /* the server closed the connection */
  SIM_HTTP_ERR_PING_TIMEOUT,    /* HTTP/2 health check: PING unanswered */
  SIM_HTTP_ERR_TCP_TIMEOUT,     /* TCP retransmissions exhausted */
} SimHttpError;

const char *sim_http_error_name(SimHttpError err);

typedef struct {
  SimTlsVersion tls;
  SimHttpVersion http;
  SimTime dial_timeout;      /* <= 0: only TCP's SYN retries */
  SimTime tls_timeout;       /* <= 0: none */
  SimTime read_idle_timeout; /* HTTP/2 health check; 0: off */
  SimTime ping_timeout;
} SimHttpClientParams;

/* TLS 1.3, HTTP/2, dial 30 s, TLS 10 s, health check 30 s + 15 s. */
void sim_http_client_params_init(SimHttpClientParams *p);

typedef struct _SimHttpClientConn SimHttpClientConn;

typedef struct {
  /* TCP and TLS are up: requests may be sent */
  void (*ready)(SimHttpClientConn *conn, gpointer user);
  /* a response arrived (@resp borrowed; resp->id is the request's id) */
  void (*response)(SimHttpClientConn *conn, SimMsg *resp, gpointer user);
  /* the connection is dead; nothing more will arrive. Free it (possibly from this callback). */
  void (*failed)(SimHttpClientConn *conn, SimHttpError err, gpointer user);
} SimHttpClientCallbacks;

SimHttpClientConn *sim_http_client_open(SimTcpStack *st, SimIp dst, guint16 port,
                                        const SimHttpClientParams *params,
                                        const SimHttpClientCallbacks *cb, gpointer user);
/* Closes (gracefully if alive) and frees. No callback runs afterwards. */
void sim_http_client_free(SimHttpClientConn *conn);

gboolean sim_http_client_ready(const SimHttpClientConn *conn);
gboolean sim_http_client_dead(const SimHttpClientConn *conn);
/* Requests sent and not yet answered. */
guint sim_http_client_in_flight(const SimHttpClientConn *conn);
/* TRUE if a request may be sent now (ready, and for HTTP/1.1 nothing in flight). */
gboolean sim_http_client_can_send(const SimHttpClientConn *conn);
/* Sends a request: verb, body bytes, the response's body bytes (the server is told), and an id
 * echoed in the response. */
void sim_http_client_send(SimHttpClientConn *conn, guint8 verb, guint32 body, guint32 response_body,
                          guint32 id);
/* The same, naming the API object the request is about (SimMsg.object; 0: none). */
void sim_http_client_send_object(SimHttpClientConn *conn, guint8 verb, guint32 body,
                                 guint32 response_body, guint32 id, guint32 object);
/* Forgets request @id (its response, if any, is ignored). HTTP/1.1 cannot cancel: the caller
 * closes the connection instead. */
void sim_http_client_forget(SimHttpClientConn *conn, guint32 id);

SimTime sim_http_client_opened_at(const SimHttpClientConn *conn);
SimTime sim_http_client_connected_at(const SimHttpClientConn *conn); /* -1 before */
SimTime sim_http_client_ready_at(const SimHttpClientConn *conn);     /* -1 before */
SimIp sim_http_client_remote_ip(const SimHttpClientConn *conn);
/* SimPathFlags received so far on the connection. */
guint32 sim_http_client_path_in(const SimHttpClientConn *conn);
/* Why the connection's last dropped packet was dropped (FALSE if none was). */
gboolean sim_http_client_last_drop(const SimHttpClientConn *conn, SimDropReason *reason, guint32 *path);
SimHttpVersion sim_http_client_version(const SimHttpClientConn *conn);

/* ---- servers ---- */

typedef struct _SimHttpServer SimHttpServer;
typedef struct _SimHttpServerConn SimHttpServerConn;

/* A request arrived on @sc (@req borrowed: req->verb, req->id, req->stream, req->response_size;
 * req->size is its size on the wire). Respond later with sim_http_server_respond(). */
typedef void (*SimHttpRequestFunc)(SimHttpServerConn *sc, SimMsg *req, gpointer user);

SimHttpServer *sim_http_server_new(SimTcpStack *st, guint16 port, SimHttpRequestFunc func,
                                   gpointer user);
/* Stops listening and detaches every connection (no callbacks afterwards). */
void sim_http_server_free(SimHttpServer *srv);
guint sim_http_server_n_conns(const SimHttpServer *srv);

/* Sends @resp (kind HTTP_RESPONSE; resp->size = body bytes; id/stream copied from the request by
 * the caller) if the connection is still alive; otherwise does nothing. */
void sim_http_server_respond(SimHttpServerConn *sc, SimMsg *resp);
gboolean sim_http_server_conn_alive(const SimHttpServerConn *sc);
/* SimPathFlags the connection's packets crossed on their way in. */
guint32 sim_http_server_conn_path_in(const SimHttpServerConn *sc);
SimIp sim_http_server_conn_peer(const SimHttpServerConn *sc);
SimHttpServerConn *sim_http_server_conn_ref(SimHttpServerConn *sc);
void sim_http_server_conn_unref(SimHttpServerConn *sc);

#endif
