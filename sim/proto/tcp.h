/* TCP: connections between hosts, segment by segment.
 *
 * What is modelled (facts §5.4, §5.6; RFC 793, 6298, 5681, 6928):
 *   - the three-way handshake; SYN retransmission with an initial RTO of 1 s doubling, giving up
 *     after tcp_syn_retries (6) retransmissions, i.e. 127 s after the first SYN, or earlier at
 *     the caller's dial timeout; an ICMP "unreachable" during the handshake fails the connect at
 *     once (Linux: "No route to host"); an RST answering the SYN fails it ("connection refused");
 *   - data as messages (proto/msg.h) cut into segments of at most one MSS (1448 bytes); a new
 *     message always starts a new segment (Go sets TCP_NODELAY: every write is pushed);
 *   - congestion window: initial window 10 segments, slow start, congestion avoidance, on three
 *     duplicate ACKs a fast retransmit halving the window, on a retransmission timeout a window of
 *     one segment;
 *   - retransmission timer per RFC 6298 (SRTT, RTTVAR, RTO = SRTT + 4 RTTVAR, Karn's rule,
 *     exponential back-off) with Linux's bounds (minimum 200 ms, maximum 120 s); a connection
 *     whose data goes unacknowledged through tcp_retries2 (15) timeouts fails (~925 s);
 *   - delayed ACKs (40 ms, or at once every second full segment, and piggybacked on data);
 *   - RST for a segment that matches no connection (the target is gone or restarted); FIN;
 *   - connection reuse is the application's business: a connection lives until closed.
 * Simplified (NOTES.md, "Network and protocols"): the receiver keeps no out-of-order queue, so
 * after a loss the sender goes back N from the first unacknowledged byte (no SACK); no receive
 * window limit (the peer always has room); the handshake takes no options; FIN closes at once on
 * both sides (no TIME_WAIT, no half-close); a listener's SYN-ACK is not retransmitted on a timer
 * (the client's SYN retransmission recovers a lost SYN-ACK) and a half-open server connection is
 * forgotten after 63 s; sequence numbers start at 0.
 */
#ifndef EKSIM_PROTO_TCP_H
#define EKSIM_PROTO_TCP_H

#include <glib.h>

#include "core/time.h"
#include "net/host.h"
#include "proto/msg.h"

typedef struct _SimTcpStack SimTcpStack;
typedef struct _SimTcpConn SimTcpConn;

typedef struct {
  guint syn_retries;    /* 6 (Linux tcp_syn_retries) */
  guint retries2;       /* 15 (Linux tcp_retries2) */
  SimTime initial_rto;  /* 1 s (RFC 6298) */
  SimTime min_rto;      /* 200 ms (Linux TCP_RTO_MIN) */
  SimTime max_rto;      /* 120 s (Linux TCP_RTO_MAX) */
  SimTime delayed_ack;  /* 40 ms (Linux TCP_DELACK_MIN) */
  guint32 mss;          /* 1448 (1500 MTU - 20 IP - 32 TCP with timestamps) */
  guint initial_cwnd;   /* 10 segments (RFC 6928) */
} SimTcpParams;

void sim_tcp_params_init(SimTcpParams *p);

/* Why a connection ended. */
typedef enum {
  SIM_TCP_END_CLOSED,          /* the peer closed it (FIN) */
  SIM_TCP_END_CONNECT_TIMEOUT, /* SYN retries exhausted or dial timeout */
  SIM_TCP_END_UNREACHABLE,     /* ICMP destination unreachable during connect */
  SIM_TCP_END_REFUSED,         /* RST in reply to the SYN */
  SIM_TCP_END_RESET,           /* RST on an established connection */
  SIM_TCP_END_TIMEOUT,         /* data retransmissions exhausted */
} SimTcpEnd;

const char *sim_tcp_end_name(SimTcpEnd end);

typedef struct {
  /* the handshake completed (client: SYN-ACK received; server: the handshake's ACK received) */
  void (*connected)(SimTcpConn *conn, gpointer user);
  /* a whole message arrived in order; @msg is borrowed for the call */
  void (*message)(SimTcpConn *conn, SimMsg *msg, gpointer user);
  /* the connection ended; it is freed when this returns */
  void (*closed)(SimTcpConn *conn, SimTcpEnd end, gpointer user);
} SimTcpCallbacks;

/* A connection a listener accepted: set its callbacks with sim_tcp_conn_set_callbacks() within
 * the call, or abort it. */
typedef void (*SimTcpAcceptFunc)(SimTcpConn *conn, gpointer data);

/* The TCP stack of @host (installed as its TCP input). @params NULL: defaults. */
SimTcpStack *sim_tcp_stack_new(SimHost *host, const SimTcpParams *params);
void sim_tcp_stack_free(SimTcpStack *st);
SimHost *sim_tcp_stack_host(SimTcpStack *st);
const SimTcpParams *sim_tcp_stack_params(const SimTcpStack *st);
/* Connections open now. */
guint sim_tcp_stack_n_conns(const SimTcpStack *st);

void sim_tcp_listen(SimTcpStack *st, guint16 port, SimTcpAcceptFunc accept, gpointer data);
void sim_tcp_unlisten(SimTcpStack *st, guint16 port);

/* Opens a connection to @dst:@dport. @dial_timeout <= 0: only the SYN retries limit it.
 * Never NULL; failures arrive through closed(). */
SimTcpConn *sim_tcp_connect(SimTcpStack *st, SimIp dst, guint16 dport, SimTime dial_timeout,
                            const SimTcpCallbacks *cb, gpointer user);
void sim_tcp_conn_set_callbacks(SimTcpConn *conn, const SimTcpCallbacks *cb, gpointer user);

/* Queues @msg for sending (takes a reference of its own; the caller keeps its reference). */
void sim_tcp_send(SimTcpConn *conn, SimMsg *msg);
/* Graceful close: FIN once the queued data is acknowledged. No callback follows; the connection
 * must not be used after this call. */
void sim_tcp_close(SimTcpConn *conn);
/* Abortive close: RST now, no callback; the connection must not be used after this call. */
void sim_tcp_abort(SimTcpConn *conn);

gboolean sim_tcp_conn_established(const SimTcpConn *conn);
SimIp sim_tcp_conn_local_ip(const SimTcpConn *conn);
guint16 sim_tcp_conn_local_port(const SimTcpConn *conn);
SimIp sim_tcp_conn_remote_ip(const SimTcpConn *conn);
guint16 sim_tcp_conn_remote_port(const SimTcpConn *conn);
SimTcpStack *sim_tcp_conn_stack(const SimTcpConn *conn);
/* SimPathFlags of everything this end received (the path from the peer). */
guint32 sim_tcp_conn_path_in(const SimTcpConn *conn);
/* Why the last packet this end sent was dropped (FALSE if none was). */
gboolean sim_tcp_conn_last_drop(const SimTcpConn *conn, SimDropReason *reason, guint32 *path);
/* Bytes queued but not yet acknowledged. */
guint64 sim_tcp_conn_unacked(const SimTcpConn *conn);
/* Smoothed RTT (0 before the first sample), current RTO, congestion window (segments). */
SimTime sim_tcp_conn_srtt(const SimTcpConn *conn);
SimTime sim_tcp_conn_rto(const SimTcpConn *conn);
guint sim_tcp_conn_cwnd(const SimTcpConn *conn);
/* Segments this end retransmitted (SYNs included). */
guint sim_tcp_conn_retransmits(const SimTcpConn *conn);

#endif
