/* TCP (see tcp.h for what is modelled and what is simplified).
 *
 * Connections live in a per-host hash table keyed by (local port, remote port, remote address)
 * packed in 64 bits; it is probed per segment and iterated only when the host fails (order
 * irrelevant: nothing is sent then). Timers are lazy: arming one sets a deadline and schedules an
 * event only when none is pending early enough; an event that fires before its deadline re-arms
 * itself, so acknowledgements never cancel and reschedule.
 */
#include "proto/tcp.h"

#include <math.h>

#include "net/flowtable.h"
#include "net/network.h"

/* Sequence-number comparisons modulo 2^32 (RFC 793). */
#define SEQ_LT(a, b) ((gint32)((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((gint32)((a) - (b)) <= 0)
#define SEQ_GT(a, b) ((gint32)((a) - (b)) > 0)
#define SEQ_GEQ(a, b) ((gint32)((a) - (b)) >= 0)

#define HALF_OPEN_LIFETIME (63 * SIM_S) /* Linux: tcp_synack_retries 5 -> 1+2+4+8+16+32 s */

typedef enum {
  ST_SYN_SENT,
  ST_SYN_RCVD,
  ST_ESTABLISHED,
  ST_DEAD,
} State;

typedef struct {
  SimMsg *msg;
  guint32 start, end; /* stream offsets [start, end) */
} OutMsg;

typedef struct {
  guint16 port;
  SimTcpAcceptFunc accept;
  gpointer data;
} Listener;

/* A lazily re-armed timer. */
typedef struct {
  SimEventId ev;
  SimTime ev_time;  /* when the pending event fires */
  SimTime deadline; /* when the timer is due; SIM_TIME_NEVER: disarmed */
} Timer;

struct _SimTcpConn {
  guint64 key; /* first: the hash table's key points here */
  SimTcpStack *st;
  guint refs;
  State state;
  gboolean in_table;
  SimIp rip;
  guint16 lport, rport;
  guint64 origin;
  const SimTcpCallbacks *cb;
  gpointer user;
  SimTcpAcceptFunc accept; /* server side, until accepted */
  gpointer accept_data;
  /* send side */
  OutMsg *outq;
  guint out_head, out_len, out_cap;
  guint send_idx; /* index from the head of the message holding snd_nxt */
  guint32 snd_una, snd_nxt, snd_max, snd_end;
  double cwnd;
  double ssthresh;
  guint dupacks;
  SimTime srtt, rttvar, rto;
  gboolean have_rtt;
  gboolean timing;
  guint32 timed_seq;
  SimTime timed_at;
  guint timeouts; /* consecutive retransmission timeouts */
  guint retransmits;
  Timer rto_timer;
  /* receive side */
  guint32 rcv_nxt;
  guint unacked_segs;
  gboolean ack_now;
  Timer delack_timer;
  /* connect */
  Timer dial_timer;
  guint syn_tries;
  SimTime syn_sent_at;
  gboolean fin_pending;
  /* diagnostics */
  guint32 path_in;
  gboolean dropped;
  SimDropReason drop_reason;
  guint32 drop_path;
};

struct _SimTcpStack {
  SimHost *host;
  SimNetwork *net;
  SimScheduler *sched;
  SimTcpParams params;
  GHashTable *conns; /* guint64* -> SimTcpConn* */
  GArray *listeners; /* Listener */
};

static const char *const end_names[] = {
  "closed", "connect-timeout", "unreachable", "refused", "reset", "timeout",
};

const char *
sim_tcp_end_name(SimTcpEnd end)
{
  g_return_val_if_fail((guint)end < G_N_ELEMENTS(end_names), "?");
  return end_names[end];
}

void
sim_tcp_params_init(SimTcpParams *p)
{
  p->syn_retries = 6;
  p->retries2 = 15;
  p->initial_rto = 1 * SIM_S;
  p->min_rto = 200 * SIM_MS;
  p->max_rto = 120 * SIM_S;
  p->delayed_ack = 40 * SIM_MS;
  p->mss = 1448;
  p->initial_cwnd = 10;
}

static void tcp_input(SimHost *host, SimPacket *pkt, gpointer data);
static gint conn_order(gconstpointer a, gconstpointer b);
static void stack_up_hook(SimHost *host, gboolean up, gpointer data);

SimTcpStack *
sim_tcp_stack_new(SimHost *host, const SimTcpParams *params)
{
  SimTcpStack *st = g_new0(SimTcpStack, 1);
  st->host = host;
  st->net = sim_host_network(host);
  st->sched = sim_network_scheduler(st->net);
  if (params != NULL)
    st->params = *params;
  else
    sim_tcp_params_init(&st->params);
  st->conns = g_hash_table_new(sim_u64_hash, sim_u64_equal);
  st->listeners = g_array_new(FALSE, FALSE, sizeof(Listener));
  sim_host_set_tcp(host, tcp_input, st);
  sim_host_add_up_hook(host, stack_up_hook, st);
  return st;
}

SimHost *
sim_tcp_stack_host(SimTcpStack *st)
{
  return st->host;
}

const SimTcpParams *
sim_tcp_stack_params(const SimTcpStack *st)
{
  return &st->params;
}

guint
sim_tcp_stack_n_conns(const SimTcpStack *st)
{
  return g_hash_table_size(st->conns);
}

void
sim_tcp_listen(SimTcpStack *st, guint16 port, SimTcpAcceptFunc accept, gpointer data)
{
  Listener l = { port, accept, data };
  g_array_append_val(st->listeners, l);
}

void
sim_tcp_unlisten(SimTcpStack *st, guint16 port)
{
  for (guint i = 0; i < st->listeners->len; i++) {
    if (g_array_index(st->listeners, Listener, i).port == port) {
      g_array_remove_index(st->listeners, i);
      return;
    }
  }
}

static Listener *
listener_find(SimTcpStack *st, guint16 port)
{
  for (guint i = 0; i < st->listeners->len; i++) {
    Listener *l = &g_array_index(st->listeners, Listener, i);
    if (l->port == port)
      return l;
  }
  return NULL;
}

static inline guint64
conn_key(guint16 lport, guint16 rport, SimIp rip)
{
  return ((guint64)lport << 48) | ((guint64)rport << 32) | rip;
}

/* ---- lifetime ---- */

static void
conn_free(SimTcpConn *c)
{
  for (guint i = 0; i < c->out_len; i++)
    sim_msg_unref(c->outq[(c->out_head + i) % c->out_cap].msg);
  g_free(c->outq);
  g_free(c);
}

static inline void
conn_ref(SimTcpConn *c)
{
  c->refs++;
}

static inline void
conn_unref(SimTcpConn *c)
{
  if (--c->refs == 0)
    conn_free(c);
}

static void
timer_stop(SimTcpStack *st, Timer *t)
{
  if (t->ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(st->sched, t->ev);
  t->ev = SIM_EVENT_NONE;
  t->deadline = SIM_TIME_NEVER;
}

/* Leaves the table and stops every timer; the table's reference goes. */
static void
conn_remove(SimTcpConn *c)
{
  SimTcpStack *st = c->st;
  if (!c->in_table)
    return;
  c->state = ST_DEAD;
  timer_stop(st, &c->rto_timer);
  timer_stop(st, &c->delack_timer);
  timer_stop(st, &c->dial_timer);
  g_hash_table_remove(st->conns, &c->key);
  c->in_table = FALSE;
  sim_network_origin_free(st->net, c->origin);
  c->origin = 0;
  conn_unref(c);
}

/* Ends the connection and tells the application (if it still listens). */
static void
conn_fail(SimTcpConn *c, SimTcpEnd end)
{
  if (c->state == ST_DEAD)
    return;
  conn_ref(c);
  const SimTcpCallbacks *cb = c->cb;
  gpointer user = c->user;
  conn_remove(c);
  if (cb != NULL && cb->closed != NULL) {
    c->cb = NULL;
    cb->closed(c, end, user);
  }
  conn_unref(c);
}

static void
drop_notify(gpointer data, const SimPacket *pkt, SimDropReason reason, const SimNode *at)
{
  (void)at;
  SimTcpConn *c = data;
  c->dropped = TRUE;
  c->drop_reason = reason;
  c->drop_path = pkt->path;
}

static SimTcpConn *
conn_new(SimTcpStack *st, guint16 lport, SimIp rip, guint16 rport, State state)
{
  SimTcpConn *c = g_new0(SimTcpConn, 1);
  c->st = st;
  c->refs = 1; /* the table's */
  c->state = state;
  c->rip = rip;
  c->lport = lport;
  c->rport = rport;
  c->key = conn_key(lport, rport, rip);
  c->cwnd = st->params.initial_cwnd;
  c->ssthresh = G_MAXUINT32;
  c->rto = st->params.initial_rto;
  c->rto_timer.deadline = c->delack_timer.deadline = c->dial_timer.deadline = SIM_TIME_NEVER;
  c->snd_una = 0;
  c->snd_nxt = 1; /* the SYN takes sequence number 0 */
  c->snd_max = 1;
  c->snd_end = 1;
  c->origin = sim_network_origin_new(st->net, drop_notify, c);
  g_hash_table_insert(st->conns, &c->key, c);
  c->in_table = TRUE;
  return c;
}

/* ---- timers ---- */

static void on_rto(SimTcpConn *c);
static void on_delack(SimTcpConn *c);
static void on_dial_timeout(SimTcpConn *c);
static void rto_fire(SimScheduler *sched, gpointer data);
static void delack_fire(SimScheduler *sched, gpointer data);
static void dial_fire(SimScheduler *sched, gpointer data);

static void
timer_arm(SimTcpConn *c, Timer *t, SimTime deadline, SimEventFunc fire)
{
  SimTcpStack *st = c->st;
  t->deadline = deadline;
  if (t->ev != SIM_EVENT_NONE && t->ev_time <= deadline)
    return; /* the pending event fires first and re-arms */
  if (t->ev != SIM_EVENT_NONE)
    sim_scheduler_cancel(st->sched, t->ev);
  t->ev_time = deadline;
  t->ev = sim_scheduler_at(st->sched, deadline, fire, c);
}

static inline void
timer_disarm(Timer *t)
{
  t->deadline = SIM_TIME_NEVER;
}

/* A timer's event ran: re-arm if the deadline moved later, else do the work. */
static void
timer_fired(SimTcpConn *c, Timer *t, void (*work)(SimTcpConn *c), SimEventFunc fire)
{
  SimTime now = sim_scheduler_now(c->st->sched);
  t->ev = SIM_EVENT_NONE;
  if (t->deadline == SIM_TIME_NEVER)
    return;
  if (t->deadline > now) {
    timer_arm(c, t, t->deadline, fire);
    return;
  }
  t->deadline = SIM_TIME_NEVER;
  conn_ref(c);
  if (c->state != ST_DEAD)
    work(c);
  conn_unref(c);
}

static void
rto_fire(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimTcpConn *c = data;
  timer_fired(c, &c->rto_timer, on_rto, rto_fire);
}

static void
delack_fire(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimTcpConn *c = data;
  timer_fired(c, &c->delack_timer, on_delack, delack_fire);
}

static void
dial_fire(SimScheduler *sched, gpointer data)
{
  (void)sched;
  SimTcpConn *c = data;
  timer_fired(c, &c->dial_timer, on_dial_timeout, dial_fire);
}

/* ---- output ---- */

static void
emit(SimTcpConn *c, guint8 flags, guint32 seq, guint32 len, SimMsg *msg)
{
  SimTcpStack *st = c->st;
  SimPacket *p = sim_network_packet_new(st->net);
  p->proto = SIM_PROTO_TCP;
  p->flags = flags;
  p->src = sim_host_ip(st->host);
  p->dst = c->rip;
  p->sport = c->lport;
  p->dport = c->rport;
  p->seq = seq;
  p->len = len;
  p->size = SIM_IP_HEADER + SIM_TCP_HEADER + len;
  p->origin = c->origin;
  if (msg != NULL)
    p->payload = sim_payload_ref(&msg->base);
  if (flags & SIM_TCP_ACK) {
    p->ack = c->rcv_nxt;
    c->unacked_segs = 0;
    c->ack_now = FALSE;
    timer_disarm(&c->delack_timer);
  }
  sim_host_send(st->host, p);
}

static void
send_ack(SimTcpConn *c)
{
  emit(c, SIM_TCP_ACK, c->snd_nxt, 0, NULL);
}

static void
send_syn(SimTcpConn *c)
{
  c->syn_tries++;
  if (c->syn_tries > 1)
    c->retransmits++;
  c->syn_sent_at = sim_scheduler_now(c->st->sched);
  emit(c, SIM_TCP_SYN, 0, 0, NULL);
}

static void
send_synack(SimTcpConn *c)
{
  c->syn_tries++;
  if (c->syn_tries > 1)
    c->retransmits++;
  c->syn_sent_at = sim_scheduler_now(c->st->sched);
  emit(c, SIM_TCP_SYN | SIM_TCP_ACK, 0, 0, NULL);
}

static void
arm_rto(SimTcpConn *c)
{
  timer_arm(c, &c->rto_timer, sim_scheduler_now(c->st->sched) + c->rto, rto_fire);
}

static inline OutMsg *
out_at(SimTcpConn *c, guint i)
{
  return &c->outq[(c->out_head + i) % c->out_cap];
}

static void finish_close(SimTcpConn *c);

/* Sends as much queued data as the congestion window allows. */
static void
try_send(SimTcpConn *c)
{
  if (c->state != ST_ESTABLISHED)
    return;
  const guint32 mss = c->st->params.mss;
  SimTime now = sim_scheduler_now(c->st->sched);
  gboolean sent = FALSE;

  while (SEQ_LT(c->snd_nxt, c->snd_end)) {
    guint32 flight = c->snd_nxt - c->snd_una;
    if ((double)flight >= c->cwnd * mss)
      break;
    while (c->send_idx < c->out_len && SEQ_GEQ(c->snd_nxt, out_at(c, c->send_idx)->end))
      c->send_idx++;
    g_assert(c->send_idx < c->out_len);
    OutMsg *m = out_at(c, c->send_idx);
    guint32 len = MIN(mss, m->end - c->snd_nxt);
    gboolean last = c->snd_nxt + len == m->end;
    if (SEQ_LT(c->snd_nxt, c->snd_max)) {
      c->retransmits++;
    } else if (!c->timing) {
      c->timing = TRUE;
      c->timed_seq = c->snd_nxt + len;
      c->timed_at = now;
    }
    emit(c, SIM_TCP_ACK | (last ? SIM_TCP_PSH : 0), c->snd_nxt, len, m->msg);
    c->snd_nxt += len;
    if (SEQ_GT(c->snd_nxt, c->snd_max))
      c->snd_max = c->snd_nxt;
    sent = TRUE;
  }
  if (sent && c->rto_timer.deadline == SIM_TIME_NEVER)
    arm_rto(c);
  if (c->fin_pending && c->snd_una == c->snd_end)
    finish_close(c);
}

/* ---- RTT and RTO (RFC 6298 with Linux's bounds) ---- */

static void
rtt_sample(SimTcpConn *c, SimTime r)
{
  const SimTcpParams *p = &c->st->params;
  if (!c->have_rtt) {
    c->srtt = r;
    c->rttvar = r / 2;
    c->have_rtt = TRUE;
  } else {
    SimTime diff = c->srtt > r ? c->srtt - r : r - c->srtt;
    c->rttvar = (3 * c->rttvar + diff) / 4;
    c->srtt = (7 * c->srtt + r) / 8;
  }
  SimTime rto = c->srtt + MAX((SimTime)SIM_MS, 4 * c->rttvar);
  c->rto = CLAMP(rto, p->min_rto, p->max_rto);
}

/* ---- timers' work ---- */

static void
on_dial_timeout(SimTcpConn *c)
{
  if (c->state == ST_SYN_SENT)
    conn_fail(c, SIM_TCP_END_CONNECT_TIMEOUT);
}

static void
on_rto(SimTcpConn *c)
{
  const SimTcpParams *p = &c->st->params;
  switch (c->state) {
  case ST_SYN_SENT:
    if (c->syn_tries > p->syn_retries) {
      conn_fail(c, SIM_TCP_END_CONNECT_TIMEOUT);
      return;
    }
    c->rto = MIN(c->rto * 2, p->max_rto);
    send_syn(c);
    arm_rto(c);
    return;
  case ST_SYN_RCVD:
    /* the half-open lifetime ran out (see tcp.h) */
    conn_remove(c);
    return;
  case ST_ESTABLISHED:
    if (c->snd_una == c->snd_max)
      return; /* nothing outstanding */
    c->timeouts++;
    if (c->timeouts > p->retries2) {
      conn_fail(c, SIM_TCP_END_TIMEOUT);
      return;
    }
    {
      double flight = (double)(c->snd_max - c->snd_una) / p->mss;
      c->ssthresh = MAX(flight / 2, 2.0);
    }
    c->cwnd = 1;
    c->rto = MIN(c->rto * 2, p->max_rto);
    c->timing = FALSE; /* Karn: no sample from retransmitted data */
    c->dupacks = 0;
    c->snd_nxt = c->snd_una;
    c->send_idx = 0;
    arm_rto(c);
    try_send(c);
    return;
  case ST_DEAD:
    return;
  }
}

static void
on_delack(SimTcpConn *c)
{
  if (c->state == ST_ESTABLISHED && c->unacked_segs > 0)
    send_ack(c);
}

/* ---- input ---- */

static void
send_rst_for(SimTcpStack *st, const SimPacket *pkt)
{
  SimPacket *r = sim_network_packet_new(st->net);
  r->proto = SIM_PROTO_TCP;
  r->src = pkt->dst;
  r->dst = pkt->src;
  r->sport = pkt->dport;
  r->dport = pkt->sport;
  if (pkt->flags & SIM_TCP_ACK) {
    r->flags = SIM_TCP_RST;
    r->seq = pkt->ack;
  } else {
    r->flags = SIM_TCP_RST | SIM_TCP_ACK;
    r->ack = pkt->seq + pkt->len + ((pkt->flags & SIM_TCP_SYN) ? 1 : 0);
  }
  r->size = SIM_IP_HEADER + SIM_TCP_HEADER;
  sim_host_send(st->host, r);
}

static void
process_ack(SimTcpConn *c, const SimPacket *pkt)
{
  const SimTcpParams *p = &c->st->params;
  guint32 ack = pkt->ack;

  if (SEQ_GT(ack, c->snd_max))
    return; /* acknowledges what was never sent */
  if (SEQ_GT(ack, c->snd_una)) {
    guint32 acked = ack - c->snd_una;
    c->snd_una = ack;
    if (SEQ_LT(c->snd_nxt, c->snd_una))
      c->snd_nxt = c->snd_una;
    guint popped = 0;
    while (c->out_len > 0 && SEQ_LEQ(out_at(c, 0)->end, c->snd_una)) {
      sim_msg_unref(out_at(c, 0)->msg);
      c->out_head = (c->out_head + 1) % c->out_cap;
      c->out_len--;
      popped++;
    }
    c->send_idx = c->send_idx > popped ? c->send_idx - popped : 0;
    if (c->timing && SEQ_GEQ(ack, c->timed_seq)) {
      rtt_sample(c, sim_scheduler_now(c->st->sched) - c->timed_at);
      c->timing = FALSE;
    } else if (c->timeouts > 0 && c->have_rtt) {
      /* new data acknowledged after a timeout: back-off ends (RFC 6298 5.7 keeps the backed-off
       * RTO until a new sample; Linux recomputes from SRTT, as here) */
      SimTime rto = c->srtt + MAX((SimTime)SIM_MS, 4 * c->rttvar);
      c->rto = CLAMP(rto, p->min_rto, p->max_rto);
    }
    c->timeouts = 0;
    double segs = (double)acked / p->mss;
    if (c->cwnd < c->ssthresh)
      c->cwnd += segs;
    else
      c->cwnd += segs / c->cwnd;
    c->dupacks = 0;
    if (c->snd_una == c->snd_max)
      timer_disarm(&c->rto_timer);
    else
      arm_rto(c);
    try_send(c);
    return;
  }
  if (ack == c->snd_una && pkt->len == 0 && SEQ_LT(c->snd_una, c->snd_max) &&
      !(pkt->flags & (SIM_TCP_SYN | SIM_TCP_FIN))) {
    if (++c->dupacks == 3) {
      /* fast retransmit, then go back N (the receiver keeps no out-of-order data) */
      double flight = (double)(c->snd_max - c->snd_una) / p->mss;
      c->ssthresh = MAX(flight / 2, 2.0);
      c->cwnd = c->ssthresh;
      c->timing = FALSE;
      c->snd_nxt = c->snd_una;
      c->send_idx = 0;
      arm_rto(c);
      try_send(c);
    }
  }
}

static void
process_data(SimTcpConn *c, const SimPacket *pkt)
{
  if (pkt->len == 0)
    return;
  if (pkt->seq != c->rcv_nxt) {
    c->ack_now = TRUE; /* duplicate or out of order: acknowledge at once (dup ACK) */
    return;
  }
  c->rcv_nxt += pkt->len;
  c->unacked_segs++;
  if ((pkt->flags & SIM_TCP_PSH) && pkt->payload != NULL && c->cb != NULL &&
      c->cb->message != NULL) {
    SimMsg *m = (SimMsg *)pkt->payload;
    c->cb->message(c, m, c->user);
  }
}

/* After a segment was processed: acknowledge now, or later. */
static void
ack_policy(SimTcpConn *c)
{
  if (c->state != ST_ESTABLISHED)
    return;
  if (c->ack_now || c->unacked_segs >= 2) {
    send_ack(c);
  } else if (c->unacked_segs > 0 && c->delack_timer.deadline == SIM_TIME_NEVER) {
    timer_arm(c, &c->delack_timer, sim_scheduler_now(c->st->sched) + c->st->params.delayed_ack,
              delack_fire);
  }
}

static void
established(SimTcpConn *c)
{
  c->state = ST_ESTABLISHED;
  c->snd_una = 1;
  timer_disarm(&c->rto_timer);
  timer_stop(c->st, &c->dial_timer);
  if (c->syn_tries == 1)
    rtt_sample(c, sim_scheduler_now(c->st->sched) - c->syn_sent_at);
  else
    c->rto = MAX(c->rto, c->st->params.initial_rto); /* Karn: keep the backed-off value */
}

static void
input_conn(SimTcpConn *c, SimPacket *pkt)
{
  guint8 f = pkt->flags;
  c->path_in |= pkt->path;

  if (f & SIM_TCP_RST) {
    if (c->state == ST_SYN_SENT)
      conn_fail(c, SIM_TCP_END_REFUSED);
    else if (c->state == ST_SYN_RCVD)
      conn_remove(c);
    else
      conn_fail(c, SIM_TCP_END_RESET);
    return;
  }
  switch (c->state) {
  case ST_SYN_SENT:
    if ((f & (SIM_TCP_SYN | SIM_TCP_ACK)) == (SIM_TCP_SYN | SIM_TCP_ACK) && pkt->ack == 1) {
      c->rcv_nxt = pkt->seq + 1;
      established(c);
      c->ack_now = TRUE;
      if (c->cb != NULL && c->cb->connected != NULL)
        c->cb->connected(c, c->user);
      if (c->state == ST_ESTABLISHED) {
        try_send(c);
        if (c->ack_now && c->state == ST_ESTABLISHED)
          send_ack(c);
      }
    }
    return;
  case ST_SYN_RCVD:
    if (f & SIM_TCP_SYN) {
      if (!(f & SIM_TCP_ACK))
        send_synack(c); /* the client retransmitted its SYN: our SYN-ACK was lost */
      return;
    }
    if (!(f & SIM_TCP_ACK) || pkt->ack != 1)
      return;
    established(c);
    timer_disarm(&c->rto_timer); /* the half-open lifetime */
    {
      SimTcpAcceptFunc accept = c->accept;
      c->accept = NULL;
      if (accept != NULL)
        accept(c, c->accept_data);
    }
    if (c->state != ST_ESTABLISHED)
      return;
    if (c->cb == NULL) {
      sim_tcp_abort(c); /* nobody took it */
      return;
    }
    if (c->cb->connected != NULL)
      c->cb->connected(c, c->user);
    if (c->state != ST_ESTABLISHED)
      return;
    /* fall through: the segment may carry data */
    break;
  case ST_ESTABLISHED:
    if (f & SIM_TCP_SYN) {
      if (!(f & SIM_TCP_ACK))
        c->ack_now = TRUE; /* a retransmitted SYN of ours, or a stale one */
      else
        c->ack_now = TRUE; /* a duplicate SYN-ACK: our ACK was lost */
      ack_policy(c);
      return;
    }
    break;
  case ST_DEAD:
    return;
  }
  if (f & SIM_TCP_ACK)
    process_ack(c, pkt);
  if (c->state != ST_ESTABLISHED)
    return;
  process_data(c, pkt);
  if (c->state != ST_ESTABLISHED)
    return;
  if ((f & SIM_TCP_FIN) && pkt->seq + pkt->len == c->rcv_nxt) {
    /* the peer closed: answer FIN+ACK so middleboxes forget the flow, then end */
    c->rcv_nxt++;
    emit(c, SIM_TCP_FIN | SIM_TCP_ACK, c->snd_nxt, 0, NULL);
    conn_fail(c, SIM_TCP_END_CLOSED);
    return;
  }
  ack_policy(c);
}

static void
tcp_input(SimHost *host, SimPacket *pkt, gpointer data)
{
  SimTcpStack *st = data;
  SimNetwork *net = st->net;
  (void)host;

  if (pkt->proto == SIM_PROTO_ICMP) {
    /* "destination unreachable" about a segment we sent: fatal only while connecting */
    guint64 key = conn_key(pkt->sport, pkt->dport, pkt->ack);
    SimTcpConn *c = g_hash_table_lookup(st->conns, &key);
    sim_network_deliver(net, sim_host_node(st->host), pkt);
    if (c != NULL && c->state == ST_SYN_SENT)
      conn_fail(c, SIM_TCP_END_UNREACHABLE);
    return;
  }
  guint64 key = conn_key(pkt->dport, pkt->sport, pkt->src);
  SimTcpConn *c = g_hash_table_lookup(st->conns, &key);
  if (c == NULL) {
    guint8 f = pkt->flags;
    if ((f & (SIM_TCP_SYN | SIM_TCP_ACK)) == SIM_TCP_SYN) {
      Listener *l = listener_find(st, pkt->dport);
      if (l != NULL) {
        c = conn_new(st, pkt->dport, pkt->src, pkt->sport, ST_SYN_RCVD);
        c->accept = l->accept;
        c->accept_data = l->data;
        c->rcv_nxt = pkt->seq + 1;
        c->path_in |= pkt->path;
        send_synack(c);
        timer_arm(c, &c->rto_timer, sim_scheduler_now(st->sched) + HALF_OPEN_LIFETIME, rto_fire);
        sim_network_deliver(net, sim_host_node(st->host), pkt);
        return;
      }
    }
    /* no connection: answer with RST (never to an RST; a late FIN is ignored) */
    if (!(f & (SIM_TCP_RST | SIM_TCP_FIN)))
      send_rst_for(st, pkt);
    sim_network_deliver(net, sim_host_node(st->host), pkt);
    return;
  }
  conn_ref(c);
  input_conn(c, pkt);
  conn_unref(c);
  sim_network_deliver(net, sim_host_node(st->host), pkt);
}

static gint
conn_order(gconstpointer a, gconstpointer b)
{
  const SimTcpConn *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key ? 1 : 0;
}

/* ---- API ---- */

SimTcpConn *
sim_tcp_connect(SimTcpStack *st, SimIp dst, guint16 dport, SimTime dial_timeout,
                const SimTcpCallbacks *cb, gpointer user)
{
  guint16 lport;
  guint64 key;
  do {
    lport = sim_host_ephemeral_port(st->host);
    key = conn_key(lport, dport, dst);
  } while (g_hash_table_contains(st->conns, &key));
  SimTcpConn *c = conn_new(st, lport, dst, dport, ST_SYN_SENT);
  c->cb = cb;
  c->user = user;
  SimTime now = sim_scheduler_now(st->sched);
  if (dial_timeout > 0)
    timer_arm(c, &c->dial_timer, now + dial_timeout, dial_fire);
  if (G_UNLIKELY(sim_network_tracing(st->net))) {
    /* which connection a request opened, for eksim explain (the SYN follows at this instant) */
    char a[16], b[16];
    sim_network_trace(st->net, SIM_TRACE_CONN, sim_host_node(st->host), NULL, "%s connects from %s:%u to %s:%u",
                      sim_host_name(st->host), sim_ip_format(sim_host_ip(st->host), a), lport,
                      sim_ip_format(dst, b), dport);
  }
  send_syn(c);
  if (c->state == ST_SYN_SENT)
    arm_rto(c);
  return c;
}

void
sim_tcp_conn_set_callbacks(SimTcpConn *conn, const SimTcpCallbacks *cb, gpointer user)
{
  conn->cb = cb;
  conn->user = user;
}

void
sim_tcp_send(SimTcpConn *c, SimMsg *msg)
{
  g_return_if_fail(c != NULL && msg != NULL && msg->size > 0);
  if (c->state == ST_DEAD || c->fin_pending)
    return;
  if (c->out_len == c->out_cap) {
    guint ncap = c->out_cap == 0 ? 4 : c->out_cap * 2;
    OutMsg *nq = g_new(OutMsg, ncap);
    for (guint i = 0; i < c->out_len; i++)
      nq[i] = *out_at(c, i);
    g_free(c->outq);
    c->outq = nq;
    c->out_cap = ncap;
    c->out_head = 0;
  }
  OutMsg *m = &c->outq[(c->out_head + c->out_len) % c->out_cap];
  m->msg = sim_msg_ref(msg);
  m->start = c->snd_end;
  m->end = c->snd_end + msg->size;
  c->out_len++;
  c->snd_end = m->end;
  try_send(c);
}

static void
finish_close(SimTcpConn *c)
{
  if (c->state == ST_ESTABLISHED)
    emit(c, SIM_TCP_FIN | SIM_TCP_ACK, c->snd_nxt, 0, NULL);
  conn_remove(c);
}

void
sim_tcp_close(SimTcpConn *c)
{
  if (c == NULL || c->state == ST_DEAD)
    return;
  c->cb = NULL;
  c->user = NULL;
  if (c->state != ST_ESTABLISHED || c->snd_una == c->snd_end) {
    finish_close(c);
    return;
  }
  c->fin_pending = TRUE;
}

void
sim_tcp_abort(SimTcpConn *c)
{
  if (c == NULL || c->state == ST_DEAD)
    return;
  c->cb = NULL;
  c->user = NULL;
  if (c->state == ST_ESTABLISHED || c->state == ST_SYN_RCVD)
    emit(c, SIM_TCP_RST | SIM_TCP_ACK, c->snd_nxt, 0, NULL);
  conn_remove(c);
}

/* Forgets every connection without sending anything. With @tell, the applications hear
 * SIM_TCP_END_RESET (their host failed), in the order the connections were opened. */
static void
stack_clear(SimTcpStack *st, gboolean tell)
{
  GList *all = g_hash_table_get_values(st->conns);
  if (tell) {
    /* the hash table's order must not leak into callbacks: sort by creation (origin slot ids are
     * not monotonic, so use the key order, a function of the addresses and ports) */
    all = g_list_sort(all, conn_order);
  }
  for (GList *l = all; l != NULL; l = l->next) {
    SimTcpConn *c = l->data;
    if (tell) {
      conn_fail(c, SIM_TCP_END_RESET);
    } else {
      c->cb = NULL;
      conn_remove(c);
    }
  }
  g_list_free(all);
}

static void
stack_up_hook(SimHost *host, gboolean up, gpointer data)
{
  (void)host;
  if (!up)
    stack_clear(data, TRUE); /* the host failed: nothing more is sent; its applications learn it */
}

void
sim_tcp_stack_free(SimTcpStack *st)
{
  if (st == NULL)
    return;
  stack_clear(st, FALSE);
  g_hash_table_destroy(st->conns);
  g_array_free(st->listeners, TRUE);
  g_free(st);
}

gboolean
sim_tcp_conn_established(const SimTcpConn *c)
{
  return c->state == ST_ESTABLISHED;
}

SimIp
sim_tcp_conn_local_ip(const SimTcpConn *c)
{
  return sim_host_ip(c->st->host);
}

guint16
sim_tcp_conn_local_port(const SimTcpConn *c)
{
  return c->lport;
}

SimIp
sim_tcp_conn_remote_ip(const SimTcpConn *c)
{
  return c->rip;
}

guint16
sim_tcp_conn_remote_port(const SimTcpConn *c)
{
  return c->rport;
}

SimTcpStack *
sim_tcp_conn_stack(const SimTcpConn *c)
{
  return c->st;
}

guint32
sim_tcp_conn_path_in(const SimTcpConn *c)
{
  return c->path_in;
}

gboolean
sim_tcp_conn_last_drop(const SimTcpConn *c, SimDropReason *reason, guint32 *path)
{
  if (!c->dropped)
    return FALSE;
  if (reason != NULL)
    *reason = c->drop_reason;
  if (path != NULL)
    *path = c->drop_path;
  return TRUE;
}

guint64
sim_tcp_conn_unacked(const SimTcpConn *c)
{
  return c->snd_end - c->snd_una;
}

SimTime
sim_tcp_conn_srtt(const SimTcpConn *c)
{
  return c->have_rtt ? c->srtt : 0;
}

SimTime
sim_tcp_conn_rto(const SimTcpConn *c)
{
  return c->rto;
}

guint
sim_tcp_conn_cwnd(const SimTcpConn *c)
{
  return (guint)floor(c->cwnd);
}

guint
sim_tcp_conn_retransmits(const SimTcpConn *c)
{
  return c->retransmits;
}
