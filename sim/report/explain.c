/* eksim explain: the account of one request per client, read from the model's tracer.
 *
 * How a request's packets are recognised among everything the world does (explain.h has the
 * two-run outline):
 *   - a packet is the request's once it is seen leaving or reaching the client's host inside the
 *     request's window (first event at the client's node with the client's address as source, or
 *     any event with the client's address as destination);
 *   - from then on it is followed by its id (network functions rewrite packets in place, so the
 *     id survives NAT, the internet gateway, the load balancer and the cross-account ENI), and
 *     every address/port tuple it shows is remembered together with its reverse, so the replies
 *     coming back through the same translations are the request's too; DNS tuples also carry the
 *     message id, because a resolver sends every upstream question from the same port;
 *   - a resolver that received one of the request's questions holds it until it answers: a
 *     question for the same name it sends upstream meanwhile is the request's (the answer the
 *     client gets depends on it, even when another client's question started it);
 *   - an ALB terminates the client's connection: once it says it routed the request to a target,
 *     the packets it sends to that target are the request's;
 *   - the model's words without a packet (a resolver answering, a load balancer node choosing a
 *     target, an API server refusing with 429, the client giving up) are the request's when they
 *     happen at a node where one of the request's packets is at that same instant, or at the
 *     client's host, or (DNS) at a resolver holding the request's question - except its answers:
 *     the answer to the request's question goes out with a packet of the request, the others
 *     (thousands from a cache when many clients ask at once) are other clients'.
 * Limits: the etcd messages of a mutating request are not followed (the API server's service
 * phase includes the quorum write and is reported as a phase); on a connection shared with
 * other requests (connection = reuse, an ALB's backend connection) packets of other requests
 * inside the window are shown too.
 */
#include "report/explain.h"

#include <stdio.h>
#include <string.h>

#include "core/scheduler.h"
#include "eks/world.h"
#include "fault/fault.h"
#include "net/network.h"
#include "net/node.h"
#include "net/packet.h"
#include "net/trace.h"
#include "proto/dns.h"

G_DEFINE_QUARK(sim-explain-error-quark, sim_explain_error)

struct _SimExplanation {
  char *variant;
  char *endpoint;
  char *mode;
  char *cidrs;
  guint replication;
  SimTime at, duration;
  gboolean failed, retried;
  char *verb;            /* the verb asked for, or NULL */
  GHashTable *groups;    /* names of the node groups */
  GPtrArray *requests; /* SimExplainRequest* */
  GPtrArray *missing;  /* char*, NULL-terminated */
};

/* ---------------------------------------------------------------------------------------------
 * Small helpers
 */

static void
format_time(GString *out, SimTime t)
{
  if (t < 0) {
    g_string_append_c(out, '-');
    t = -t;
  }
  g_string_append_printf(out, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT, t / SIM_S, t % SIM_S);
}

static gboolean
is_dns(const SimPacket *pkt)
{
  return pkt->proto == SIM_PROTO_UDP && pkt->payload != NULL &&
         (pkt->sport == SIM_DNS_PORT || pkt->dport == SIM_DNS_PORT);
}

/* Ports servers listen on: DNS, the API (443) and the kubelet (10250). */
static gboolean
is_server_port(guint16 port)
{
  return port == SIM_DNS_PORT || port == 443 || port == 10250;
}

static const SimDnsMsg *
dns_msg(const SimPacket *pkt)
{
  return is_dns(pkt) ? (const SimDnsMsg *)pkt->payload : NULL;
}

static void
append_dns_answer(GString *s, const SimDnsMsg *m)
{
  char a[16];
  g_string_append(s, sim_dns_rcode_name(m->rcode));
  for (guint i = 0; i < m->n && i < SIM_DNS_MAX_ANSWERS; i++)
    g_string_append_printf(s, "%s%s", i ? ", " : " ", sim_ip_format(m->addr[i], a));
  if (m->zone != NULL)
    g_string_append_printf(s, " from zone %s (%s)", m->zone,
                           (m->path & SIM_PATH_PRIVATE_ZONE) ? "private hosted zone" : "public");
  if (m->path & SIM_PATH_INBOUND_RESOLVER)
    g_string_append(s, " through the Resolver inbound endpoint");
}

/* "TCP 10.0.0.5:32769 > 192.0.2.10:443 [SYN] 52B", with the DNS question or answer. */
static char *
packet_text(const SimPacket *pkt)
{
  char buf[160];
  sim_packet_describe(pkt, buf, sizeof buf);
  GString *s = g_string_new(buf);
  const SimDnsMsg *m = dns_msg(pkt);
  if (m != NULL) {
    if (m->response) {
      g_string_append(s, ": DNS answer ");
      append_dns_answer(s, m);
    } else {
      g_string_append_printf(s, ": DNS question A %s", m->qname ? m->qname : "?");
    }
  }
  return g_string_free(s, FALSE);
}

/* A short label for diagrams: "DNS question", "SYN", "SYN-ACK", "data 352 B", "RST". */
static char *
packet_label(const SimPacket *pkt)
{
  const SimDnsMsg *m = dns_msg(pkt);
  if (m != NULL) {
    if (!m->response)
      return g_strdup("DNS question");
    GString *s = g_string_new("DNS answer ");
    append_dns_answer(s, m);
    return g_string_free(s, FALSE);
  }
  if (pkt->proto == SIM_PROTO_ICMP)
    return g_strdup("ICMP unreachable");
  if (pkt->proto == SIM_PROTO_UDP)
    return g_strdup_printf("UDP %u B", pkt->len);
  guint8 f = pkt->flags;
  if (f & SIM_TCP_RST)
    return g_strdup("RST");
  if ((f & SIM_TCP_SYN) && (f & SIM_TCP_ACK))
    return g_strdup("SYN-ACK");
  if (f & SIM_TCP_SYN)
    return g_strdup("SYN");
  if (f & SIM_TCP_FIN)
    return g_strdup("FIN");
  if (pkt->len > 0)
    return g_strdup_printf("data %u B", pkt->len);
  return g_strdup("ACK");
}

/* What a node is, for people: "load balancer node (NLB) in az1". */
static char *
node_role(const SimNode *n)
{
  const char *kind = n->ops != NULL && n->ops->kind != NULL ? n->ops->kind : "node";
  const char *name = n->name;
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  const char *what;
  if (strcmp(kind, "nat-gateway") == 0)
    what = "NAT gateway";
  else if (strcmp(kind, "cross-account-eni") == 0)
    what = "EKS cross-account ENI";
  else if (strcmp(kind, "nlb-node") == 0)
    what = "load balancer node (NLB)";
  else if (g_str_has_prefix(base, "apiserver-"))
    what = "API server instance";
  else if (g_str_has_prefix(base, "alb-"))
    what = "load balancer node (ALB)";
  else if (g_str_has_prefix(base, "etcd-"))
    what = "etcd member";
  else if (strstr(base, "resolver-inbound") != NULL)
    what = "Route 53 Resolver inbound endpoint";
  else if (strstr(base, "resolver") != NULL || strstr(base, "dns") != NULL)
    what = strcmp(kind, "host") == 0 ? "DNS resolver" : kind;
  else if (strcmp(kind, "host") == 0)
    what = "host";
  else
    what = kind; /* routers name their kind: "internet", "tgw", "vgw", ... */
  if (n->az != SIM_AZ_NONE)
    return g_strdup_printf("%s in az%u", what, n->az + 1u);
  return g_strdup(what);
}

/* "10.0.0.2 (cluster-vpc/route53-resolver)": an address and the node that holds it. */
static char *
address_text(SimNetwork *net, SimIp ip)
{
  char a[16];
  sim_ip_format(ip, a);
  for (guint i = 0; i < sim_network_n_nodes(net); i++) {
    const SimNode *n = sim_network_node(net, i);
    if (n->ip == ip)
      return g_strdup_printf("%s (%s)", a, n->name);
  }
  return g_strdup(a);
}

/* ---------------------------------------------------------------------------------------------
 * Steps and requests
 */

static void
step_free(gpointer p)
{
  SimExplainStep *s = p;
  g_free(s->node);
  g_free(s->peer);
  g_free(s->packet_text);
  g_free(s->label);
  g_free(s->role);
  g_free(s->text);
  g_free(s);
}

static void
request_free(gpointer p)
{
  SimExplainRequest *r = p;
  g_free(r->subject);
  g_free(r->instance);
  g_free(r->host);
  g_free(r->location);
  g_free(r->detail);
  g_free(r->dns_server);
  g_free(r->dns_answer);
  g_ptr_array_unref(r->steps);
  g_ptr_array_unref(r->state);
  g_free(r);
}

void
sim_explanation_free(SimExplanation *expl)
{
  if (expl == NULL)
    return;
  g_free(expl->variant);
  g_free(expl->endpoint);
  g_free(expl->mode);
  g_free(expl->cidrs);
  g_free(expl->verb);
  if (expl->groups != NULL)
    g_hash_table_unref(expl->groups);
  g_ptr_array_unref(expl->requests);
  g_ptr_array_unref(expl->missing);
  g_free(expl);
}

const char *
sim_explanation_variant(const SimExplanation *expl)
{
  return expl->variant;
}

const char *
sim_explanation_endpoint(const SimExplanation *expl)
{
  return expl->endpoint;
}

guint
sim_explanation_n_requests(const SimExplanation *expl)
{
  return expl->requests->len;
}

const SimExplainRequest *
sim_explanation_request(const SimExplanation *expl, guint i)
{
  g_return_val_if_fail(i < expl->requests->len, NULL);
  return g_ptr_array_index(expl->requests, i);
}

const SimExplainRequest *
sim_explanation_find(const SimExplanation *expl, const char *subject)
{
  for (guint i = 0; i < expl->requests->len; i++) {
    const SimExplainRequest *r = g_ptr_array_index(expl->requests, i);
    if (strcmp(r->subject, subject) == 0)
      return r;
  }
  return NULL;
}

const char *const *
sim_explanation_missing(const SimExplanation *expl)
{
  return (const char *const *)expl->missing->pdata;
}

char *
sim_explanation_missing_reason(const SimExplanation *expl, const char *subject)
{
  GString *s = g_string_new("no ");
  const char *verb = expl->verb;
  if (verb == NULL && !expl->failed && expl->groups != NULL && g_hash_table_contains(expl->groups, subject))
    verb = "lease";
  if (verb != NULL)
    g_string_append_printf(s, "%s ", verb);
  g_string_append(s, "request");
  if (expl->failed)
    g_string_append(s, " that failed");
  if (expl->retried)
    g_string_append(s, expl->failed ? " after retries" : " that was retried");
  g_string_append(s, " started at or after ");
  format_time(s, expl->at);
  g_string_append(s, " s and ended before the run did (at ");
  format_time(s, expl->duration);
  g_string_append(s, " s; a longer [scenario] duration may help)");
  return g_string_free(s, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Following one request through the trace
 */

/* An address/port tuple; for DNS also the message id. 16 bytes, no padding: compared whole. */
typedef struct {
  guint32 src, dst;
  guint16 sport, dport;
  guint16 dns_id;
  guint8 proto;
  guint8 dns;
} Key;

G_STATIC_ASSERT(sizeof(Key) == 16);

static guint
key_hash(gconstpointer p)
{
  const Key *k = p;
  guint64 a = ((guint64)k->src << 32) | k->dst;
  guint64 b = ((guint64)k->sport << 48) | ((guint64)k->dport << 32) | ((guint64)k->dns_id << 16) |
              ((guint64)k->proto << 8) | k->dns;
  guint64 h = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull;
  h ^= h >> 31;
  return (guint)(h ^ (h >> 32));
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
  return memcmp(a, b, sizeof(Key)) == 0;
}

static Key
key_of(const SimPacket *pkt, gboolean reverse)
{
  Key k;
  memset(&k, 0, sizeof k);
  k.proto = pkt->proto;
  k.src = reverse ? pkt->dst : pkt->src;
  k.dst = reverse ? pkt->src : pkt->dst;
  k.sport = reverse ? pkt->dport : pkt->sport;
  k.dport = reverse ? pkt->sport : pkt->dport;
  const SimDnsMsg *m = dns_msg(pkt);
  if (m != NULL) {
    k.dns = 1;
    k.dns_id = m->id;
  }
  return k;
}

/* A packet-less event waiting for the end of its instant (see the file comment). */
typedef struct {
  SimTraceKind kind;
  const SimNode *node;
  char *text;
  guint pos;             /* where it goes among the steps, if it is ours (trace order) */
} Held;

typedef struct {
  SimExplainRequest *req;
  const SimNode *client;
  SimIp client_ip;
  SimTime start, end;
  const char *qname;     /* interned: the endpoint's name */
  GHashTable *ids;       /* guint64* packet id -> itself */
  GHashTable *tuples;    /* Key* -> itself */
  GHashTable *active;    /* const SimNode* resolver holding one of our questions */
  GHashTable *proxy;     /* SimIp target (as pointer) -> ALB node that routes to it */
  GHashTable *touched;   /* const SimNode* where one of our packets is at @now */
  GArray *held;          /* Held, at @now */
  SimTime now;
  gboolean saw_end;      /* the client's "request ends" line at @end */
  gboolean route_is_syn; /* req->route_packet is a SYN */
  /* A kubectl call with one request (connection = new) has its own DNS lookup, started with the
   * request, and its own connection, dialled when the lookup answers (start + the DNS phase):
   * then only those are the request's, whatever else the client has in flight. */
  gboolean strict;
  SimTime connect_at;    /* start + the request's DNS phase */
  gint lookup_id;        /* its lookup's DNS message id; -1 until seen */
  gboolean connected;    /* its connection's tuple is known (in @tuples) */
  gboolean own_instant;  /* its lookup sent a question at @now */
} Follow;

static void
held_clear(gpointer p)
{
  g_free(((Held *)p)->text);
}

/* The client's node and the endpoint's name are set once the world of the second run exists. */
static Follow *
follow_new(SimExplainRequest *req, SimTime start, SimTime end)
{
  Follow *f = g_new0(Follow, 1);
  f->req = req;
  f->start = start;
  f->end = end;
  f->ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  f->tuples = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
  f->active = g_hash_table_new(NULL, NULL);
  f->proxy = g_hash_table_new(NULL, NULL);
  f->touched = g_hash_table_new(NULL, NULL);
  f->held = g_array_new(FALSE, FALSE, sizeof(Held));
  g_array_set_clear_func(f->held, held_clear);
  f->now = -1;
  f->lookup_id = -1;
  return f;
}

static void
follow_free(gpointer p)
{
  Follow *f = p;
  g_hash_table_unref(f->ids);
  g_hash_table_unref(f->tuples);
  g_hash_table_unref(f->active);
  g_hash_table_unref(f->proxy);
  g_hash_table_unref(f->touched);
  g_array_unref(f->held);
  g_free(f);
}

static void
remember(Follow *f, const SimPacket *pkt)
{
  if (!g_hash_table_contains(f->ids, &pkt->id)) {
    gint64 *id = g_new(gint64, 1);
    *id = (gint64)pkt->id;
    g_hash_table_add(f->ids, id);
  }
  for (int rev = 0; rev < 2; rev++) {
    Key k = key_of(pkt, rev);
    if (!g_hash_table_contains(f->tuples, &k)) {
      Key *copy = g_new(Key, 1);
      *copy = k;
      g_hash_table_add(f->tuples, copy);
    }
  }
}

/* The node a packet was at when this event was raised (HOP: the node it left). */
static const SimNode *
event_origin(const SimTraceEvent *ev)
{
  return ev->kind == SIM_TRACE_HOP ? ev->peer : ev->node;
}

/* A packet the client sent, seen at its first event: a hop from the client, a function acting at
 * the client's node, or a drop on its first hop (the packet then still names the client as the
 * node it came from). */
static gboolean
sent_by_client(const Follow *f, const SimTraceEvent *ev)
{
  const SimPacket *pkt = ev->pkt;
  return pkt->src == f->client_ip && (event_origin(ev) == f->client || pkt->prev == f->client);
}

static gboolean
is_ours(Follow *f, const SimTraceEvent *ev)
{
  const SimPacket *pkt = ev->pkt;
  if (g_hash_table_contains(f->ids, &pkt->id))
    return TRUE;
  Key k = key_of(pkt, FALSE);
  if (g_hash_table_contains(f->tuples, &k))
    return TRUE;
  const SimNode *origin = event_origin(ev);
  const SimDnsMsg *q = dns_msg(pkt);
  if (sent_by_client(f, ev)) {
    if (!f->strict)
      return TRUE;
    if (q != NULL && !q->response)
      return (gint)q->id == f->lookup_id; /* its own lookup, first attempt or retry */
    return pkt->proto != SIM_PROTO_TCP;   /* its connection is in @tuples */
  }
  if (pkt->dst == f->client_ip && pkt->src != f->client_ip)
    return !f->strict || pkt->proto == SIM_PROTO_ICMP; /* on its way to the client (an ICMP error;
                                                         * replies match a tuple) */
  const SimDnsMsg *m = dns_msg(pkt);
  if (m != NULL && !m->response && m->qname == f->qname && origin != NULL &&
      g_hash_table_contains(f->active, origin) && pkt->src == origin->ip)
    return TRUE; /* a resolver holding our question asks upstream for the same name */
  if (origin != NULL && g_hash_table_lookup(f->proxy, GUINT_TO_POINTER(pkt->dst)) == origin)
    return TRUE; /* an ALB node sends our request on to its target */
  return FALSE;
}

static SimExplainStep *
step_new(const SimTraceEvent *ev, SimExplainStepKind kind)
{
  SimExplainStep *s = g_new0(SimExplainStep, 1);
  s->kind = kind;
  s->time = ev->time;
  s->node = ev->node ? g_strdup(ev->node->name) : NULL;
  return s;
}

static void
add_packet_step(Follow *f, const SimTraceEvent *ev)
{
  const SimPacket *pkt = ev->pkt;
  SimExplainStepKind kind;
  switch (ev->kind) {
  case SIM_TRACE_HOP:
    kind = SIM_EXPLAIN_STEP_HOP;
    break;
  case SIM_TRACE_FUNCTION:
    kind = SIM_EXPLAIN_STEP_FUNCTION;
    break;
  case SIM_TRACE_DROP:
    kind = SIM_EXPLAIN_STEP_DROP;
    break;
  case SIM_TRACE_DELIVER:
    kind = SIM_EXPLAIN_STEP_DELIVER;
    break;
  case SIM_TRACE_DNS:
    kind = SIM_EXPLAIN_STEP_DNS;
    break;
  case SIM_TRACE_CONN:
  default:
    kind = SIM_EXPLAIN_STEP_CONN;
    break;
  }
  SimExplainStep *s = step_new(ev, kind);
  s->packet = pkt->id;
  s->packet_text = packet_text(pkt);
  s->label = packet_label(pkt);
  s->reply = is_server_port(pkt->sport) && !is_server_port(pkt->dport);
  if (ev->node != NULL)
    s->role = node_role(ev->node);
  if (ev->kind == SIM_TRACE_HOP) {
    s->peer = ev->peer ? g_strdup(ev->peer->name) : NULL;
    s->link = ev->cls < SIM_LINK_N_CLASSES ? sim_link_class_name(ev->cls) : NULL;
  }
  if (ev->kind == SIM_TRACE_DROP) {
    /* where it came from: a packet dropped on arrival (at a failed element) has no hop traced */
    if (pkt->prev != NULL && pkt->prev != ev->node)
      s->peer = g_strdup(pkt->prev->name);
    s->reason = sim_drop_reason_name(ev->reason);
    s->text = g_strdup(ev->text ? ev->text : sim_drop_reason_text(ev->reason));
  } else if (ev->text != NULL) {
    s->text = g_strdup(ev->text);
  }
  g_ptr_array_add(f->req->steps, s);
}

/* Decides the packet-less events of the instant that just ended. */
static void
repeat_note(SimExplainStep *s, guint repeats)
{
  if (s == NULL || repeats == 0)
    return;
  char *text = g_strdup_printf("%s (%u times in this instant, other requests' included)", s->text, repeats + 1);
  g_free(s->text);
  s->text = text;
}

static void
follow_flush(Follow *f)
{
  guint inserted = 0;
  /* identical lines of one node in one instant (an API server refusing a burst with 429s: the
   * request's and others') are shown once, with their count */
  SimExplainStep *last = NULL;
  const Held *last_held = NULL;
  guint repeats = 0;
  for (guint i = 0; i < f->held->len; i++) {
    Held *h = &g_array_index(f->held, Held, i);
    gboolean ours;
    /* the client's own lines: all of them, or for a strict request those of its instants */
    gboolean mine = !f->strict || f->own_instant || g_hash_table_contains(f->touched, f->client) ||
                    f->now == f->start || f->now == f->connect_at || f->now == f->end;
    if (h->node == NULL)
      ours = g_hash_table_contains(f->touched, f->client) || (f->strict && mine);
    else if (h->node == f->client)
      ours = mine;
    else
      ours = g_hash_table_contains(f->touched, h->node) ||
             (h->kind == SIM_TRACE_DNS && g_hash_table_contains(f->active, h->node) && h->text != NULL &&
              strstr(h->text, f->qname) != NULL && strstr(h->text, " answers ") == NULL);
    if (!ours)
      continue;
    if (last_held != NULL && last_held->kind == h->kind && last_held->node == h->node &&
        g_strcmp0(last_held->text, h->text) == 0) {
      repeats++;
      continue;
    }
    repeat_note(last, repeats);
    repeats = 0;
    last_held = h;
    SimExplainStep *s = g_new0(SimExplainStep, 1);
    last = s;
    s->kind = h->kind == SIM_TRACE_DNS ? SIM_EXPLAIN_STEP_DNS
              : h->kind == SIM_TRACE_CONN ? SIM_EXPLAIN_STEP_CONN
                                          : SIM_EXPLAIN_STEP_FUNCTION;
    s->time = f->now;
    s->node = h->node ? g_strdup(h->node->name) : NULL;
    s->text = g_strdup(h->text);
    g_ptr_array_insert(f->req->steps, (gint)(h->pos + inserted), s);
    inserted++;
    /* an ALB routing our request: what it sends to that target is ours */
    const char *routed = h->text ? strstr(h->text, ": request routed to ") : NULL;
    if (routed != NULL && h->node != NULL) {
      const SimNode *target = sim_network_find_node(h->node->net, routed + strlen(": request routed to "));
      if (target != NULL)
        g_hash_table_insert(f->proxy, GUINT_TO_POINTER(target->ip), (gpointer)h->node);
    }
    if (h->kind == SIM_TRACE_CONN && h->node == f->client && f->now == f->end && h->text != NULL &&
        strstr(h->text, " request ends ") != NULL)
      f->saw_end = TRUE;
  }
  repeat_note(last, repeats);
  g_array_set_size(f->held, 0);
  g_hash_table_remove_all(f->touched);
  f->own_instant = FALSE;
}

/* The request's own lookup (the stub's first question, sent as the request starts) and
 * connection (proto/tcp.c's "H connects from A:P to B:Q" line as the lookup answers). */
static void
strict_learn(Follow *f, const SimTraceEvent *ev)
{
  if (ev->kind == SIM_TRACE_DNS && ev->pkt != NULL && ev->time == f->start && f->lookup_id < 0) {
    const SimDnsMsg *m = dns_msg(ev->pkt);
    if (m != NULL && !m->response)
      f->lookup_id = m->id;
    return;
  }
  const char *from = ev->kind == SIM_TRACE_CONN && ev->text ? strstr(ev->text, " connects from ") : NULL;
  if (from == NULL || ev->time != f->connect_at || f->connected)
    return;
  char src[16] = "", dst[16] = "";
  unsigned sport = 0, dport = 0;
  SimIp a, b;
  if (sscanf(from, " connects from %15[0-9.]:%u to %15[0-9.]:%u", src, &sport, dst, &dport) != 4 ||
      !sim_ip_parse(src, &a, NULL) || !sim_ip_parse(dst, &b, NULL) || a != f->client_ip || sport > 65535 ||
      dport > 65535)
    return;
  Key k;
  memset(&k, 0, sizeof k);
  k.proto = SIM_PROTO_TCP;
  for (int rev = 0; rev < 2; rev++) {
    k.src = rev ? b : a;
    k.dst = rev ? a : b;
    k.sport = (guint16)(rev ? dport : sport);
    k.dport = (guint16)(rev ? sport : dport);
    Key *copy = g_new(Key, 1);
    *copy = k;
    g_hash_table_add(f->tuples, copy);
  }
  f->connected = TRUE;
}

static void
follow_event(Follow *f, const SimTraceEvent *ev)
{
  if (ev->time != f->now) {
    follow_flush(f);
    f->now = ev->time;
  }
  if (ev->time < f->start || ev->time > f->end || f->client == NULL)
    return;
  if (f->strict && ev->node == f->client)
    strict_learn(f, ev);
  /* a packet not sent yet (the stub's question, traced as it is built) is not followed from here;
   * a strict request's line is its own lookup's, not another call's */
  if (ev->pkt != NULL && ev->pkt->src == 0 && f->strict && ev->node == f->client) {
    const SimDnsMsg *m = dns_msg(ev->pkt);
    if (m != NULL && (gint)m->id != f->lookup_id)
      return;
    f->own_instant = TRUE;
  }
  if (ev->pkt == NULL || ev->pkt->src == 0) {
    Held h = { ev->kind, ev->node, g_strdup(ev->text), f->req->steps->len };
    g_array_append_val(f->held, h);
    return;
  }
  if (!is_ours(f, ev))
    return;
  const SimPacket *pkt = ev->pkt;
  gboolean seen = g_hash_table_contains(f->ids, &pkt->id);
  const SimDnsMsg *m = dns_msg(pkt);
  /* a resolver answering one of our questions no longer holds it */
  if (!seen && m != NULL && m->response && event_origin(ev) != NULL)
    g_hash_table_remove(f->active, event_origin(ev));
  if (!seen && sent_by_client(f, ev)) {
    /* what the client sent: the resolver it asked, the packet whose route the summary gives */
    if (m != NULL && !m->response && f->req->dns_server == NULL)
      f->req->dns_server = address_text(f->client->net, pkt->dst);
    /* the route summary follows the first SYN, else (a connection already open) the first
     * other packet the client sent */
    gboolean syn = pkt->proto == SIM_PROTO_TCP && (pkt->flags & (SIM_TCP_SYN | SIM_TCP_ACK)) == SIM_TCP_SYN;
    if (m == NULL && (f->req->route_packet == 0 || (syn && !f->route_is_syn))) {
      f->req->route_packet = pkt->id;
      f->route_is_syn = syn;
    }
  }
  if (m != NULL && m->response && ev->kind == SIM_TRACE_DELIVER && ev->node == f->client) {
    GString *a = g_string_new(NULL);
    append_dns_answer(a, m);
    g_free(f->req->dns_answer);
    f->req->dns_answer = g_string_free(a, FALSE);
  }
  remember(f, pkt);
  add_packet_step(f, ev);
  if (ev->node != NULL)
    g_hash_table_add(f->touched, (gpointer)ev->node);
  if (ev->kind == SIM_TRACE_DELIVER && m != NULL && !m->response && ev->node != f->client)
    g_hash_table_add(f->active, (gpointer)ev->node);
}

/* ---------------------------------------------------------------------------------------------
 * The two runs
 */

typedef struct {
  char *subject;
  char *instance;
  char *host;            /* node name of the instance's host */
  SimRequestRecord record;
  char *detail;
  gboolean found;
  gboolean checked;      /* the second run reported a request of the same host and start */
  gboolean repeated;     /* ... and it was this one, identically */
  gboolean nodegroup;    /* a [nodegroup.NAME]: its kubelets' requests */
} Choice;

typedef struct {
  const SimExplainOptions *opts;
  SimScheduler *sched;
  GHashTable *choices;   /* subject -> Choice* (wanted subjects only) */
  guint n_found;
  /* the last "request ends" line: which host and instance */
  const SimNode *end_node;
  SimTime end_time;
  char *end_instance;
  /* run 2 */
  GPtrArray *follows;    /* Follow* */
  SimTime last_end;
  GPtrArray *context;    /* Held-like: STATE events of the whole run (time, text) */
  GArray *context_times; /* SimTime */
  gboolean run2;
  gboolean diverged;
  char *endpoint;        /* the endpoint's DNS name */
} Runs;

static void
choice_free(gpointer p)
{
  Choice *c = p;
  g_free(c->subject);
  g_free(c->instance);
  g_free(c->host);
  g_free(c->detail);
  g_free(c);
}

/* A change of state the model announces (net/network.c, eks/lb.c, eks/etcd.c, fault/): what
 * changed (@key), whether it is now down/unhealthy/in progress (@bad) and how to say so (@line).
 * Returns FALSE for other lines. Other state lines (an etcd leader, an ENI recreated, an upgrade
 * step, a fault's detail) are not states that persist: *key is then NULL. */
static gboolean
parse_state(const char *text, char **key, gboolean *bad, char **line)
{
  *key = NULL;
  *line = NULL;
  *bad = FALSE;
  if (text == NULL)
    return FALSE;
  gsize n = strlen(text);
  if (g_str_has_prefix(text, "fault ")) {
    const char *close = strstr(text, ") ");
    if (close == NULL)
      return FALSE;
    gboolean starts = g_str_has_prefix(close, ") starts"), ends = g_str_has_prefix(close, ") ends");
    if (starts || ends) {
      /* "fault f1 (nat-gateway-outage) starts, target az1" / "... ends" */
      *key = g_strndup(text, (gsize)(close + 1 - text));
      *bad = starts;
      *line = g_strdup_printf("%s in progress%s", *key, starts ? close + strlen(") starts") : "");
    }
    return TRUE;
  }
  if (g_str_has_suffix(text, " fails") || g_str_has_suffix(text, " recovers")) {
    gboolean fails = g_str_has_suffix(text, " fails");
    *key = g_strndup(text, n - strlen(fails ? " fails" : " recovers"));
    *bad = fails;
    *line = g_strdup_printf("%s is down", *key);
    return TRUE;
  }
  if (strstr(text, ": target ") != NULL &&
      (g_str_has_suffix(text, " is healthy") || g_str_has_suffix(text, " is unhealthy"))) {
    *key = g_strndup(text, (gsize)(g_strrstr(text, " is ") - text));
    *bad = g_str_has_suffix(text, " is unhealthy");
    *line = g_strdup(text);
    return TRUE;
  }
  return strstr(text, " becomes leader") != NULL || strstr(text, " recreated: ") != NULL ||
         g_str_has_prefix(text, "upgrade: ");
}

static gboolean
is_state_text(const char *text)
{
  char *key, *line;
  gboolean bad;
  gboolean yes = parse_state(text, &key, &bad, &line);
  g_free(key);
  g_free(line);
  return yes;
}

static void
tracer(const SimTraceEvent *ev, gpointer data)
{
  Runs *r = data;
  if (ev->kind == SIM_TRACE_CONN && ev->node != NULL && ev->text != NULL) {
    const char *ends = strstr(ev->text, " request ends ");
    const char *colon = strstr(ev->text, ": ");
    if (ends != NULL && colon != NULL && colon < ends) {
      r->end_node = ev->node;
      r->end_time = ev->time;
      g_free(r->end_instance);
      r->end_instance = g_strndup(ev->text, (gsize)(colon - ev->text));
    }
  }
  if (!r->run2)
    return;
  if (ev->kind == SIM_TRACE_FUNCTION && ev->pkt == NULL && is_state_text(ev->text)) {
    /* a state change: context for every request, a step of those in progress */
    g_ptr_array_add(r->context, g_strdup(ev->text));
    g_array_append_val(r->context_times, ev->time);
    for (guint i = 0; i < r->follows->len; i++) {
      Follow *f = g_ptr_array_index(r->follows, i);
      if (ev->time >= f->start && ev->time <= f->end) {
        SimExplainStep *s = step_new(ev, SIM_EXPLAIN_STEP_STATE);
        s->text = g_strdup(ev->text);
        g_ptr_array_add(f->req->steps, s);
      }
    }
  } else {
    for (guint i = 0; i < r->follows->len; i++)
      follow_event(g_ptr_array_index(r->follows, i), ev);
  }
  if (ev->time > r->last_end)
    sim_scheduler_stop(r->sched);
}

static void
record_cb(const char *subject, const SimRequestRecord *rec, gboolean in_warmup, gpointer data)
{
  (void)in_warmup;
  Runs *r = data;
  Choice *c = g_hash_table_lookup(r->choices, subject);
  if (c == NULL)
    return;
  if (r->run2) {
    /* the chosen request again: it must be exactly the one of the first run, which was the
     * first record of its host with that start and verb (a kubelet may start two requests at
     * one instant, e.g. its Lease renewal and a status report: only the first is compared) */
    if (c->found && !c->checked && r->end_node != NULL && strcmp(r->end_node->name, c->host) == 0 &&
        rec->start == c->record.start && g_strcmp0(rec->verb, c->record.verb) == 0) {
      c->checked = TRUE;
      c->repeated = rec->end == c->record.end && rec->outcome == c->record.outcome &&
                    rec->attempts == c->record.attempts && rec->path == c->record.path;
    }
    return;
  }
  if (c->found || rec->start < r->opts->at || (r->opts->failed && rec->outcome == SIM_OUTCOME_OK) ||
      (r->opts->retried && rec->attempts < 2))
    return;
  /* the verb asked for; a node group's kubelet by default shows a Lease renewal (any verb when
   * looking for a failure: a node that cannot register never renews a Lease) */
  const char *verb = r->opts->verb != NULL ? r->opts->verb : c->nodegroup && !r->opts->failed ? "lease" : NULL;
  if (verb != NULL && g_strcmp0(rec->verb, verb) != 0)
    return;
  if (r->end_node == NULL || r->end_time != rec->end) {
    r->diverged = TRUE; /* the client's trace line must come with its record */
    return;
  }
  c->found = TRUE;
  c->host = g_strdup(r->end_node->name);
  c->instance = g_strdup(r->end_instance);
  c->record = *rec;
  c->detail = g_strdup(rec->detail);
  c->record.detail = c->detail;
  if (++r->n_found == g_hash_table_size(r->choices))
    sim_scheduler_stop(r->sched);
}

/* The model of one replication with its recorder (the scenario's warm-up, duration and bins),
 * as a run would build them; NULL, with nothing left to free, when the model refuses the file. */
static SimWorld *
explain_world_new(const SimConfig *cfg, guint replication, SimRecorder **rec, GError **error)
{
  SimTime duration = sim_config_get_duration(cfg, "scenario", "duration");
  SimTime warmup = sim_config_get_duration(cfg, "scenario", "warmup");
  SimTime bin = sim_config_get_duration(cfg, "scenario", "bin");
  *rec = sim_recorder_new(warmup, duration, bin);
  GError *err = NULL;
  SimWorld *w = sim_world_new(cfg, replication, *rec, &err);
  if (w == NULL) {
    g_set_error(error, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_MODEL, "%s", err->message);
    g_error_free(err);
    g_clear_pointer(rec, sim_recorder_free);
  }
  return w;
}

static gboolean
run_once(const SimConfig *cfg, Runs *runs, guint replication, GError **error)
{
  SimRecorder *rec;
  SimWorld *w = explain_world_new(cfg, replication, &rec, error);
  if (w == NULL)
    return FALSE;
  sim_recorder_set_trace(rec, record_cb, runs);
  runs->sched = sim_network_scheduler(sim_world_network(w));
  if (runs->endpoint == NULL)
    runs->endpoint = g_strdup(sim_world_endpoint_name(w));
  runs->end_node = NULL;
  runs->end_time = -1;
  SimTracer tr = { tracer, runs };
  sim_world_set_tracer(w, &tr);
  if (runs->run2) {
    /* the followers need the nodes of this world */
    for (guint i = 0; i < runs->follows->len; i++) {
      Follow *f = g_ptr_array_index(runs->follows, i);
      f->client = sim_network_find_node(sim_world_network(w), f->req->host);
      f->qname = g_intern_string(runs->endpoint);
      if (f->client == NULL) {
        runs->diverged = TRUE;
        continue;
      }
      f->client_ip = f->client->ip;
      f->req->ip = f->client->ip;
    }
  }
  if (runs->run2) {
    /* what the world built down (a VPC resolver without DNS support) never fails on the trace */
    SimNetwork *net = sim_world_network(w);
    for (guint i = 0; i < sim_network_n_nodes(net); i++) {
      const SimNode *n = sim_network_node(net, i);
      /* an upgrade's standby API servers (fault/control-plane-upgrade.c) wait down by design */
      if (!n->up && !g_str_has_suffix(n->name, "-reserve")) {
        g_ptr_array_add(runs->context, g_strdup_printf("%s fails", n->name));
        SimTime zero = 0;
        g_array_append_val(runs->context_times, zero);
      }
    }
  }
  sim_world_run(w);
  for (guint i = 0; runs->run2 && i < runs->follows->len; i++) {
    Follow *f = g_ptr_array_index(runs->follows, i);
    follow_flush(f);
  }
  sim_world_set_tracer(w, NULL);
  sim_world_free(w);
  sim_recorder_free(rec);
  return TRUE;
}

/* What was down, unhealthy or under a fault at @t, from the state changes before it. */
static void
state_at(const Runs *runs, SimTime t, GPtrArray *out)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new();
  for (guint i = 0; i < runs->context->len; i++) {
    if (g_array_index(runs->context_times, SimTime, i) > t)
      break;
    char *key, *line;
    gboolean bad;
    parse_state(g_ptr_array_index(runs->context, i), &key, &bad, &line);
    g_free(line);
    if (key == NULL)
      continue;
    if (!g_hash_table_contains(last, key))
      g_ptr_array_add(order, key);
    g_hash_table_insert(last, key, GUINT_TO_POINTER(i + 1)); /* takes @key */
  }
  for (guint i = 0; i < order->len; i++) {
    guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(last, order->pdata[i])) - 1;
    char *key, *line;
    gboolean bad;
    parse_state(g_ptr_array_index(runs->context, idx), &key, &bad, &line);
    if (bad) {
      GString *s = g_string_new(line);
      g_string_append(s, " (since ");
      format_time(s, g_array_index(runs->context_times, SimTime, idx));
      g_string_append(s, " s)");
      g_ptr_array_add(out, g_string_free(s, FALSE));
    }
    g_free(key);
    g_free(line);
  }
}

SimExplanation *
sim_explain_run(const SimConfig *cfg, const SimExplainOptions *opts, GError **error)
{
  g_return_val_if_fail(cfg != NULL && opts != NULL, NULL);
  /* the clients, then the node groups (whose kubelets report as the group) */
  g_autoptr(GPtrArray) known = g_ptr_array_new();
  g_autoptr(GHashTable) is_group = g_hash_table_new(g_str_hash, g_str_equal);
  static const char *const families[] = { "client", "nodegroup" };
  for (guint f = 0; f < G_N_ELEMENTS(families); f++) {
    const char *const *names = sim_config_instances(cfg, families[f]);
    for (guint j = 0; names != NULL && names[j] != NULL; j++) {
      g_ptr_array_add(known, (gpointer)names[j]);
      if (f == 1)
        g_hash_table_add(is_group, (gpointer)names[j]);
    }
  }
  g_autoptr(GPtrArray) wanted = g_ptr_array_new();
  for (guint i = 0; opts->subjects != NULL && opts->subjects[i] != NULL; i++) {
    gboolean found = FALSE;
    for (guint j = 0; j < known->len && !found; j++)
      found = strcmp(known->pdata[j], opts->subjects[i]) == 0;
    if (!found) {
      g_ptr_array_add(known, NULL);
      g_autofree char *allowed = known->len > 1 ? g_strjoinv(", ", (char **)known->pdata)
                                                : g_strdup("(the scenario has no [client.NAME] or "
                                                           "[nodegroup.NAME] groups)");
      g_set_error(error, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_MODEL,
                  "--client: '%s' is not a client or node group of this scenario; allowed: %s",
                  opts->subjects[i], allowed);
      return NULL;
    }
  }
  for (guint j = 0; j < known->len; j++) {
    gboolean take = opts->subjects == NULL;
    for (guint i = 0; !take && opts->subjects[i] != NULL; i++)
      take = strcmp(known->pdata[j], opts->subjects[i]) == 0;
    if (take)
      g_ptr_array_add(wanted, known->pdata[j]);
  }

  SimExplanation *expl = g_new0(SimExplanation, 1);
  expl->variant = g_strdup(sim_config_variant(cfg));
  expl->mode = g_strdup(sim_config_get_string(cfg, "cluster", "endpoint"));
  expl->cidrs = g_strdup(sim_config_get_text(cfg, "cluster", "public_access_cidrs"));
  expl->replication = opts->replication;
  expl->at = opts->at;
  expl->failed = opts->failed;
  expl->retried = opts->retried;
  expl->verb = g_strdup(opts->verb);
  expl->groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint j = 0; j < known->len; j++)
    if (g_hash_table_contains(is_group, known->pdata[j]))
      g_hash_table_add(expl->groups, g_strdup(known->pdata[j]));
  expl->duration = sim_config_get_duration(cfg, "scenario", "duration");
  expl->requests = g_ptr_array_new_with_free_func(request_free);
  expl->missing = g_ptr_array_new_with_free_func(g_free);

  Runs runs = { 0 };
  runs.opts = opts;
  runs.choices = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, choice_free);
  for (guint i = 0; i < wanted->len; i++) {
    Choice *c = g_new0(Choice, 1);
    c->subject = g_strdup(wanted->pdata[i]);
    c->nodegroup = g_hash_table_contains(is_group, c->subject);
    g_hash_table_insert(runs.choices, c->subject, c);
  }
  runs.follows = g_ptr_array_new_with_free_func(follow_free);
  runs.context = g_ptr_array_new_with_free_func(g_free);
  runs.context_times = g_array_new(FALSE, FALSE, sizeof(SimTime));

  gboolean ok = wanted->len == 0 || run_once(cfg, &runs, opts->replication, error);
  if (ok && runs.diverged) {
    g_set_error(error, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_DIVERGED,
                "internal error: a request record came without its client's trace line");
    ok = FALSE;
  }
  if (ok) {
    runs.last_end = -1;
    for (guint i = 0; i < wanted->len; i++) {
      Choice *c = g_hash_table_lookup(runs.choices, wanted->pdata[i]);
      if (!c->found) {
        g_ptr_array_add(expl->missing, g_strdup(c->subject));
        continue;
      }
      SimExplainRequest *req = g_new0(SimExplainRequest, 1);
      req->subject = g_strdup(c->subject);
      req->instance = g_strdup(c->instance);
      req->host = g_strdup(c->host);
      if (c->nodegroup) {
        g_autofree char *group = g_strdup_printf("nodegroup.%s", c->subject);
        req->location = g_strdup_printf("node group: %s subnet, %s",
                                        sim_config_has_value(cfg, group, "subnet")
                                            ? sim_config_get_text(cfg, group, "subnet") : "?",
                                        sim_config_has_value(cfg, group, "type")
                                            ? sim_config_get_text(cfg, group, "type") : "?");
      } else {
        g_autofree char *group = g_strdup_printf("client.%s", c->subject);
        req->location = g_strdup(sim_config_get_string(cfg, group, "location"));
      }
      req->record = c->record;
      req->detail = g_strdup(c->detail);
      req->record.detail = req->detail;
      req->steps = g_ptr_array_new_with_free_func(step_free);
      req->state = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(expl->requests, req);
      Follow *fw = follow_new(req, c->record.start, c->record.end);
      if (!c->nodegroup) {
        g_autofree char *group = g_strdup_printf("client.%s", c->subject);
        fw->strict = strcmp(sim_config_get_string(cfg, group, "connection"), "new") == 0 &&
                     sim_config_get_int(cfg, group, "requests_per_call") == 1;
      }
      fw->connect_at = c->record.start + c->record.phase[SIM_PHASE_DNS];
      g_ptr_array_add(runs.follows, fw);
      runs.last_end = MAX(runs.last_end, c->record.end);
    }
    if (runs.follows->len > 0) {
      runs.run2 = TRUE;
      ok = run_once(cfg, &runs, opts->replication, error);
      for (guint i = 0; ok && i < runs.follows->len; i++) {
        Follow *f = g_ptr_array_index(runs.follows, i);
        Choice *c = g_hash_table_lookup(runs.choices, f->req->subject);
        if (!f->saw_end || !c->repeated)
          runs.diverged = TRUE;
        state_at(&runs, f->start, f->req->state);
      }
      if (ok && runs.diverged) {
        g_set_error(error, SIM_EXPLAIN_ERROR, SIM_EXPLAIN_ERROR_DIVERGED,
                    "internal error: the second run did not repeat the first (same seed, same "
                    "replication); please report it with the scenario");
        ok = FALSE;
      }
    }
  }
  g_ptr_array_add(expl->missing, NULL);
  expl->endpoint = g_steal_pointer(&runs.endpoint);
  g_hash_table_unref(runs.choices);
  g_ptr_array_unref(runs.follows);
  g_ptr_array_unref(runs.context);
  g_array_unref(runs.context_times);
  g_free(runs.end_instance);
  if (!ok) {
    sim_explanation_free(expl);
    return NULL;
  }
  return expl;
}

/* ---------------------------------------------------------------------------------------------
 * Fault targets
 */

gboolean
sim_explain_targets(const SimConfig *cfg, guint replication, GString *out, GError **error)
{
  SimRecorder *rec;
  SimWorld *w = explain_world_new(cfg, replication, &rec, error);
  if (w == NULL)
    return FALSE;
  GPtrArray *targets = sim_world_fault_targets(w);
  guint wn = 4, ww = 4;
  for (guint i = 0; targets != NULL && i < targets->len; i++) {
    const SimFaultTargetInfo *t = g_ptr_array_index(targets, i);
    wn = MAX(wn, (guint)strlen(t->name));
    ww = MAX(ww, (guint)strlen(t->what));
  }
  g_string_append_printf(out, "  %-*s  %-*s  %s\n", (int)wn, "target", (int)ww, "what it is", "fault kinds that accept it");
  for (guint i = 0; targets != NULL && i < targets->len; i++) {
    const SimFaultTargetInfo *t = g_ptr_array_index(targets, i);
    g_auto(GStrv) kinds = g_strsplit(t->kinds, "|", -1);
    g_autofree char *spaced = g_strjoinv(", ", kinds);
    g_string_append_printf(out, "  %-*s  %-*s  %s\n", (int)wn, t->name, (int)ww, t->what, spaced);
  }
  if (targets != NULL)
    g_ptr_array_unref(targets);
  sim_world_free(w);
  sim_recorder_free(rec);
  return TRUE;
}
