/* eksim explain's three renderings of an account (explain.h): the narrative, the text sequence
 * diagram and the Mermaid sequence diagram; and the one-line summaries (DNS, route, failure).
 *
 * The narrative lists what happened in time order: the model's words (DNS, client, API server,
 * load balancer, state changes) where they happened, and each packet's journey — every hop with
 * its arrival time, link class and what the node it reached is, every network function that acted
 * on it, and where it was delivered or dropped and why. Packets that took exactly the same route
 * as an earlier one (same nodes, same functions, same ending) are counted under the first instead
 * of repeated (--all-packets lists them all). The diagrams draw the same journeys as arrows.
 * Only integer nanoseconds are formatted, so the output is byte-identical on every machine.
 */
#include "report/explain.h"

#include <string.h>

#include "report/report.h"

/* ---- small helpers ---- */

static void
put_time(GString *out, SimTime t)
{
  g_string_append_printf(out, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT, t / SIM_S, t % SIM_S);
}

static void
put_ms(GString *out, SimTime d)
{
  g_string_append_printf(out, "%.3f ms", (double)d / (double)SIM_MS);
}

static void
put_duration(GString *out, SimTime d)
{
  if (d >= 10 * SIM_S)
    g_string_append_printf(out, "%.3f s", (double)d / (double)SIM_S);
  else
    put_ms(out, d);
}

static const SimExplainStep *
step_at(const SimExplainRequest *req, guint i)
{
  return g_ptr_array_index(req->steps, i);
}

/* A journey: the steps of one packet, and how many later packets took exactly its route. */
typedef struct {
  guint64 packet;
  GArray *steps;     /* guint indexes into req->steps */
  char *signature;
  gint leader;       /* index of the journey whose route this one repeats, -1: none */
  guint repeats;     /* journeys repeating this one */
  SimTime last;      /* time of the last repeat's first step */
} Journey;

static void
journey_clear(gpointer p)
{
  Journey *j = p;
  g_array_unref(j->steps);
  g_free(j->signature);
}

/* The journeys of @req in order of their first step; @first_of maps a step index to the
 * journey it opens (-1 otherwise). */
static GArray *
journeys_of(const SimExplainRequest *req, GArray **first_of)
{
  GArray *js = g_array_new(FALSE, TRUE, sizeof(Journey));
  g_array_set_clear_func(js, journey_clear);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  *first_of = g_array_new(FALSE, FALSE, sizeof(gint));
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    gint open = -1;
    if (s->packet != 0) {
      gpointer found;
      gint idx;
      if (g_hash_table_lookup_extended(by_id, &s->packet, NULL, &found)) {
        idx = GPOINTER_TO_INT(found);
      } else {
        Journey j = { s->packet, g_array_new(FALSE, FALSE, sizeof(guint)), NULL, -1, 0, 0 };
        g_array_append_val(js, j);
        idx = (gint)js->len - 1;
        gint64 *key = g_new(gint64, 1);
        *key = (gint64)s->packet;
        g_hash_table_insert(by_id, key, GINT_TO_POINTER(idx));
        open = idx;
      }
      g_array_append_val(g_array_index(js, Journey, idx).steps, i);
    }
    g_array_append_val(*first_of, open);
  }
  /* signatures: the nodes, functions and ending, without addresses or times */
  g_autoptr(GHashTable) leaders = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint k = 0; k < js->len; k++) {
    Journey *j = &g_array_index(js, Journey, k);
    GString *sig = g_string_new(NULL);
    const SimExplainStep *first = step_at(req, g_array_index(j->steps, guint, 0));
    g_string_append(sig, first->label ? first->label : "");
    /* data packets of different sizes are the same kind of packet */
    if (g_str_has_prefix(sig->str, "data "))
      g_string_truncate(sig, 4);
    if (g_str_has_prefix(sig->str, "DNS answer"))
      g_string_truncate(sig, 10);
    for (guint m = 0; m < j->steps->len; m++) {
      const SimExplainStep *s = step_at(req, g_array_index(j->steps, guint, m));
      g_string_append_printf(sig, "|%d:%s:%s:%s", s->kind, s->node ? s->node : "", s->peer ? s->peer : "",
                             s->reason ? s->reason : "");
      if (s->kind == SIM_EXPLAIN_STEP_FUNCTION && s->text != NULL) {
        /* the function's kind, not its ports: the text up to the first ':' */
        const char *colon = strchr(s->text, ':');
        g_string_append_len(sig, s->text, colon ? colon - s->text : (gssize)strlen(s->text));
      }
    }
    j->signature = g_string_free(sig, FALSE);
    gpointer lead;
    if (g_hash_table_lookup_extended(leaders, j->signature, NULL, &lead)) {
      j->leader = GPOINTER_TO_INT(lead);
      Journey *l = &g_array_index(js, Journey, j->leader);
      l->repeats++;
      l->last = first->time;
    } else {
      g_hash_table_insert(leaders, j->signature, GINT_TO_POINTER((gint)k));
    }
  }
  return js;
}

/* ---- summaries ---- */

char *
sim_explain_request_dns(const SimExplainRequest *req)
{
  if (req->dns_server == NULL)
    return g_strdup(req->dns_answer ? req->dns_answer
                                    : "no DNS question during this request (it had the address, or an open connection)");
  return g_strdup_printf("asked %s; %s", req->dns_server,
                         req->dns_answer ? req->dns_answer : "no answer arrived");
}

/* The public address a NAT gateway's translation leaves the VPC with: the target of the next
 * "...: source A -> B" the packet meets that is not the NAT gateway's own. */
static char *
nat_public_address(const SimExplainRequest *req, guint from)
{
  const SimExplainStep *hop = step_at(req, from);
  for (guint k = from + 1; k < req->steps->len; k++) {
    const SimExplainStep *s = step_at(req, k);
    if (s->packet != hop->packet)
      continue;
    if (s->kind == SIM_EXPLAIN_STEP_HOP && strcmp(s->peer ? s->peer : "", hop->node) != 0)
      break; /* left the gateway's neighbourhood without a second translation */
    if (s->kind == SIM_EXPLAIN_STEP_FUNCTION && s->text != NULL && !g_str_has_prefix(s->text, "NAT gateway") &&
        strstr(s->text, ": source ") != NULL) {
      const char *arrow = strstr(s->text, " -> ");
      if (arrow != NULL)
        return g_strdup(arrow + 4);
    }
  }
  return NULL;
}

char *
sim_explain_request_route(const SimExplainRequest *req)
{
  if (req->route_packet == 0)
    return g_strdup("no packet sent towards the API endpoint");
  /* from the client's host, hop by hop; the instance's own translations where they happen */
  GString *s = g_string_new(req->host);
  const char *last = req->host;
  gboolean after_nat = FALSE;
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *st = step_at(req, i);
    if (st->packet != req->route_packet)
      continue;
    if (st->kind == SIM_EXPLAIN_STEP_FUNCTION && st->text != NULL && strstr(st->text, "internet-gateway: source ")) {
      /* an instance's own public address (after a NAT gateway, its hop already says it) */
      if (!after_nat)
        g_string_append_printf(s, " [%s]", st->text);
    } else if (st->kind == SIM_EXPLAIN_STEP_HOP) {
      g_string_append_printf(s, " -> %s", st->node);
      last = st->node;
      const char *role = st->role ? st->role : "";
      after_nat = g_str_has_prefix(role, "NAT gateway");
      if (after_nat) {
        g_autofree char *pub = nat_public_address(req, i);
        g_string_append_printf(s, " [%s%s%s]", role, pub ? ", leaves as " : "", pub ? pub : "");
      } else if (!g_str_has_prefix(role, "host") && strcmp(role, "internet") != 0 && role[0] != '\0') {
        g_string_append_printf(s, " [%s]", role);
      }
    } else if (st->kind == SIM_EXPLAIN_STEP_DROP) {
      if (strcmp(st->node, last) != 0) /* dropped on arrival, before its hop was traced */
        g_string_append_printf(s, " -> %s", st->node);
      g_string_append_printf(s, g_str_has_prefix(st->text, "dropped") ? " (%s)" : " (dropped: %s)", st->text);
    }
  }
  /* an ALB ends the client's connection and routes each request on its own connection */
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *st = step_at(req, i);
    const char *routed = st->text ? strstr(st->text, ": request routed to ") : NULL;
    if (st->packet == 0 && routed != NULL) {
      g_string_append_printf(s, "; %s terminates TLS and routes the request to %s", st->node,
                             routed + strlen(": request routed to "));
      break;
    }
  }
  return g_string_free(s, FALSE);
}

char *
sim_explain_request_failure(const SimExplainRequest *req)
{
  if (req->record.outcome == SIM_OUTCOME_OK)
    return g_strdup("");
  /* the last drop of the request's packets says where and why, the record what the client saw */
  const SimExplainStep *drop = NULL;
  guint n_same = 0;
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (s->kind == SIM_EXPLAIN_STEP_DROP)
      drop = s;
  }
  for (guint i = 0; drop != NULL && i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (s->kind == SIM_EXPLAIN_STEP_DROP && strcmp(s->node, drop->node) == 0 && strcmp(s->reason, drop->reason) == 0)
      n_same++;
  }
  GString *s = g_string_new(sim_outcome_name(req->record.outcome));
  g_string_append(s, " after ");
  put_duration(s, req->record.end - req->record.start);
  if (drop != NULL) {
    g_string_append_printf(s, ": %s (at %s, reason %s", drop->text, drop->node, drop->reason);
    if (n_same > 1)
      g_string_append_printf(s, "; %u packets", n_same);
    g_string_append(s, ")");
  } else if (req->record.detail != NULL) {
    g_string_append_printf(s, ": %s", req->record.detail);
  }
  return g_string_free(s, FALSE);
}

/* ---- the narrative ---- */

static void
narrate_journey(GString *out, const SimExplainRequest *req, const Journey *j)
{
  const SimExplainStep *first = step_at(req, g_array_index(j->steps, guint, 0));
  g_string_append(out, "  ");
  put_time(out, first->time);
  g_string_append_printf(out, "  packet %s\n", first->packet_text);
  for (guint m = 0; m < j->steps->len; m++) {
    const SimExplainStep *s = step_at(req, g_array_index(j->steps, guint, m));
    g_string_append(out, "      ");
    put_time(out, s->time);
    switch (s->kind) {
    case SIM_EXPLAIN_STEP_HOP:
      g_string_append_printf(out, "  %s -> %s [%s link]: %s\n", s->peer ? s->peer : "?", s->node,
                             s->link ? s->link : "?", s->role ? s->role : "");
      break;
    case SIM_EXPLAIN_STEP_FUNCTION:
      g_string_append_printf(out, "  %s\n", s->text ? s->text : "");
      break;
    case SIM_EXPLAIN_STEP_DROP:
      g_string_append_printf(out, "  DROPPED at %s (%s): %s [%s]\n", s->node, s->role ? s->role : "",
                             s->text, s->reason);
      break;
    case SIM_EXPLAIN_STEP_DELIVER:
      g_string_append_printf(out, "  delivered to %s\n", s->node);
      break;
    default:
      g_string_append_printf(out, "  %s\n", s->text ? s->text : "");
      break;
    }
  }
  if (j->repeats > 0) {
    g_string_append_printf(out, "      (%u more packet%s took this route, the last at ", j->repeats,
                           j->repeats == 1 ? "" : "s");
    put_time(out, j->last);
    g_string_append(out, " s)\n");
  }
}

static void
narrate_request(GString *out, const SimExplainRequest *req, gboolean all_packets)
{
  const SimRequestRecord *r = &req->record;
  char a[16];
  g_string_append_printf(out, "-- %s: %s request from %s (%s, location %s)", req->subject, r->verb, req->host,
                         sim_ip_format(req->ip, a), req->location);
  if (strcmp(req->instance, req->subject) != 0)
    g_string_append_printf(out, ", instance %s", req->instance);
  g_string_append(out, "\n   started  ");
  put_time(out, r->start);
  g_string_append_printf(out, " s, ended %s after ", sim_outcome_name(r->outcome));
  put_duration(out, r->end - r->start);
  g_string_append_printf(out, " (%u attempt%s)\n", r->attempts, r->attempts == 1 ? "" : "s");
  g_string_append(out, "   phases   ");
  for (guint p = 0; p < SIM_PHASE_COUNT; p++) {
    g_string_append_printf(out, "%s%s ", p ? ", " : "", sim_phase_name((SimPhase)p));
    put_ms(out, r->phase[p]);
  }
  g_string_append(out, "\n   crossed  ");
  gboolean any = FALSE;
  for (guint b = 0; b < SIM_PATH_N_BITS; b++) {
    if (r->path & (1u << b)) {
      g_string_append_printf(out, "%s%s", any ? ", " : "", sim_path_name(b));
      any = TRUE;
    }
  }
  if (!any)
    g_string_append(out, "-");
  g_autofree char *dns = sim_explain_request_dns(req);
  g_autofree char *route = sim_explain_request_route(req);
  g_autofree char *failure = sim_explain_request_failure(req);
  g_string_append_printf(out, "\n   DNS      %s\n   route    %s\n", dns, route);
  if (failure[0] != '\0')
    g_string_append_printf(out, "   FAILED   %s\n", failure);
  g_string_append(out, "   state    ");
  if (req->state->len == 0)
    g_string_append(out, "nothing down or unhealthy when it started\n");
  for (guint i = 0; i < req->state->len; i++)
    g_string_append_printf(out, "%s%s\n", i ? "            " : "", (const char *)req->state->pdata[i]);
  g_string_append(out, "\n");

  g_autoptr(GArray) first_of = NULL;
  g_autoptr(GArray) js = journeys_of(req, &first_of);
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (s->packet != 0) {
      gint k = g_array_index(first_of, gint, i);
      if (k < 0)
        continue;
      const Journey *j = &g_array_index(js, Journey, k);
      if (!all_packets && j->leader >= 0)
        continue;
      narrate_journey(out, req, j);
      continue;
    }
    g_string_append(out, "  ");
    put_time(out, s->time);
    const char *tag = s->kind == SIM_EXPLAIN_STEP_DNS     ? "dns"
                      : s->kind == SIM_EXPLAIN_STEP_CONN  ? "conn"
                      : s->kind == SIM_EXPLAIN_STEP_STATE ? "STATE"
                                                          : "func";
    /* the model names the node itself in most of its lines */
    gboolean named = s->node == NULL || (s->text != NULL && g_str_has_prefix(s->text, s->node));
    g_string_append_printf(out, "  [%s] %s%s%s\n", tag, named ? "" : s->node, named ? "" : ": ",
                           s->text ? s->text : "");
  }
  g_string_append(out, "\n");
}

/* ---- sequence diagrams ---- */

/* The participants of a diagram: the nodes of the drawn journeys and of the model's words, in
 * order of appearance, the client first. */
typedef struct {
  GPtrArray *names;  /* char* (full node names, borrowed) */
  GPtrArray *shorts; /* char* owned: the last path component, unless two would collide */
} Lanes;

static gint
lane_of(const Lanes *l, const char *name)
{
  for (guint i = 0; i < l->names->len; i++)
    if (strcmp(l->names->pdata[i], name) == 0)
      return (gint)i;
  return -1;
}

static void
lane_add(Lanes *l, const char *name)
{
  if (name != NULL && lane_of(l, name) < 0)
    g_ptr_array_add(l->names, (gpointer)name);
}

static gboolean
drawn(const SimExplainStep *s, const GArray *js, const GHashTable *journey_of, gboolean all_packets)
{
  if (s->packet == 0)
    return s->kind != SIM_EXPLAIN_STEP_DELIVER;
  if (s->kind == SIM_EXPLAIN_STEP_DELIVER || s->kind == SIM_EXPLAIN_STEP_DNS ||
      s->kind == SIM_EXPLAIN_STEP_CONN)
    return FALSE; /* the arrow arriving says it */
  gpointer k = g_hash_table_lookup((GHashTable *)journey_of, &s->packet);
  const Journey *j = &g_array_index(js, Journey, GPOINTER_TO_INT(k));
  return all_packets || j->leader < 0;
}

static void
lanes_build(Lanes *l, const SimExplainRequest *req)
{
  l->names = g_ptr_array_new();
  l->shorts = g_ptr_array_new_with_free_func(g_free);
  lane_add(l, req->host);
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (s->kind == SIM_EXPLAIN_STEP_HOP || s->kind == SIM_EXPLAIN_STEP_DROP)
      lane_add(l, s->peer);
    lane_add(l, s->node);
  }
  for (guint i = 0; i < l->names->len; i++) {
    const char *n = l->names->pdata[i];
    const char *base = strrchr(n, '/');
    base = base ? base + 1 : n;
    gboolean clash = FALSE;
    for (guint k = 0; k < l->names->len; k++) {
      const char *o = l->names->pdata[k];
      const char *ob = strrchr(o, '/');
      ob = ob ? ob + 1 : o;
      clash = clash || (k != i && strcmp(ob, base) == 0);
    }
    g_ptr_array_add(l->shorts, g_strdup(clash ? n : base));
  }
}

static void
lanes_clear(Lanes *l)
{
  g_ptr_array_unref(l->names);
  g_ptr_array_unref(l->shorts);
}

/* One row of the text diagram: lanes drawn as '|', an arrow or a mark, the label at the right. */
static void
text_row(GString *out, const GArray *centers, guint width, SimTime t, gint from, gint to, char head,
         const char *label)
{
  g_autofree char *row = g_malloc(width + 1);
  memset(row, ' ', width);
  row[width] = '\0';
  for (guint i = 0; i < centers->len; i++)
    row[g_array_index(centers, guint, i)] = '|';
  if (from >= 0 && to >= 0 && from != to) {
    guint a = g_array_index(centers, guint, from), b = g_array_index(centers, guint, to);
    guint lo = MIN(a, b), hi = MAX(a, b);
    for (guint c = lo + 1; c < hi; c++)
      row[c] = '-';
    row[a] = '+';
    if (a < b)
      row[b - 1] = head == 'X' ? 'X' : '>';
    else
      row[b + 1] = head == 'X' ? 'X' : '<';
  } else if (to >= 0) {
    row[g_array_index(centers, guint, to)] = head;
  }
  GString *line = g_string_new(NULL);
  put_time(line, t);
  while (line->len < 14)
    g_string_prepend_c(line, ' ');
  g_string_append(line, "  ");
  g_string_append(line, row);
  /* trailing spaces of the lanes are kept: the label column stays aligned */
  g_string_append_printf(line, "  %s\n", label);
  g_string_append(out, line->str);
  g_string_free(line, TRUE);
}

/* The label of an arrow: the packet and its time since the request started. */
static char *
arrow_label(const SimExplainRequest *req, const SimExplainStep *hop, const SimExplainStep *drop)
{
  GString *s = g_string_new(hop->label ? hop->label : "packet");
  g_string_append(s, " (+");
  put_ms(s, hop->time - req->record.start);
  g_string_append(s, ")");
  if (drop != NULL)
    g_string_append_printf(s, " DROPPED: %s", drop->text);
  return g_string_free(s, FALSE);
}

/* The step after @i if it drops the same packet at the node the hop reached. */
static const SimExplainStep *
drop_after(const SimExplainRequest *req, guint i)
{
  const SimExplainStep *hop = step_at(req, i);
  for (guint k = i + 1; k < req->steps->len; k++) {
    const SimExplainStep *s = step_at(req, k);
    if (s->packet != hop->packet)
      continue;
    if (s->kind == SIM_EXPLAIN_STEP_DROP && strcmp(s->node, hop->node) == 0)
      return s;
    if (s->kind == SIM_EXPLAIN_STEP_HOP || s->kind == SIM_EXPLAIN_STEP_DROP)
      return NULL;
  }
  return NULL;
}

static GHashTable *
journey_index(const GArray *js)
{
  GHashTable *h = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint k = 0; k < js->len; k++) {
    gint64 *key = g_new(gint64, 1);
    *key = (gint64)g_array_index(js, Journey, k).packet;
    g_hash_table_insert(h, key, GINT_TO_POINTER((gint)k));
  }
  return h;
}

static void
sequence_text(GString *out, const SimExplainRequest *req, gboolean all_packets)
{
  Lanes l;
  lanes_build(&l, req);
  g_autoptr(GArray) first_of = NULL;
  g_autoptr(GArray) js = journeys_of(req, &first_of);
  g_autoptr(GHashTable) jidx = journey_index(js);
  g_autoptr(GArray) centers = g_array_new(FALSE, FALSE, sizeof(guint));
  guint x = 0;
  GString *head = g_string_new(NULL);
  for (guint i = 0; i < l.shorts->len; i++) {
    const char *n = l.shorts->pdata[i];
    guint w = MAX((guint)strlen(n), 8u) + 2;
    guint c = x + w / 2;
    g_array_append_val(centers, c);
    while (head->len < x + (w - (guint)strlen(n)) / 2)
      g_string_append_c(head, ' ');
    g_string_append(head, n);
    x += w;
  }
  g_string_append(out, "      time (s)  ");
  g_string_append(out, head->str);
  g_string_append(out, "\n");
  g_string_free(head, TRUE);
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (!drawn(s, js, jidx, all_packets))
      continue;
    gint to = s->node ? lane_of(&l, s->node) : 0;
    if (s->kind == SIM_EXPLAIN_STEP_HOP) {
      const SimExplainStep *drop = drop_after(req, i);
      g_autofree char *label = arrow_label(req, s, drop);
      text_row(out, centers, x, s->time, lane_of(&l, s->peer), to, drop ? 'X' : '>', label);
    } else if (s->kind == SIM_EXPLAIN_STEP_DROP) {
      if (i > 0 && step_at(req, i - 1)->packet == s->packet && step_at(req, i - 1)->kind == SIM_EXPLAIN_STEP_HOP &&
          drop_after(req, i - 1) == s)
        continue; /* drawn with its arrow */
      g_autofree char *label = g_strdup_printf("%s DROPPED: %s", s->label ? s->label : "packet", s->text);
      /* dropped on arrival: a lost arrow from where it came from */
      text_row(out, centers, x, s->time, s->peer ? lane_of(&l, s->peer) : -1, to, 'X', label);
    } else {
      char mark = s->kind == SIM_EXPLAIN_STEP_STATE ? '!' : '*';
      text_row(out, centers, x, s->time, -1, to, mark, s->text ? s->text : "");
    }
  }
  /* repeats, once at the end */
  for (guint k = 0; !all_packets && k < js->len; k++) {
    const Journey *j = &g_array_index(js, Journey, k);
    if (j->repeats == 0)
      continue;
    const SimExplainStep *first = step_at(req, g_array_index(j->steps, guint, 0));
    g_string_append_printf(out, "%16s  (%u more packet%s like the %s at ", "", j->repeats,
                           j->repeats == 1 ? "" : "s", first->label ? first->label : "packet");
    put_time(out, first->time);
    g_string_append(out, " s took the same route)\n");
  }
  g_string_append(out, "\n");
  lanes_clear(&l);
}

/* Mermaid text: no line breaks; ';' and '#' would end or escape a statement, '<' '>' be read as
 * markup: written as Mermaid entity codes. */
static void
mermaid_text(GString *out, const char *text)
{
  for (const char *p = text; p != NULL && *p; p++) {
    switch (*p) {
    case '\n':
    case '\r':
    case '\t':
      g_string_append_c(out, ' ');
      break;
    case ';':
      g_string_append(out, "#59;");
      break;
    case '#':
      g_string_append(out, "#35;");
      break;
    case '<':
      g_string_append(out, "#60;");
      break;
    case '%':
      g_string_append(out, "#37;");
      break;
    default:
      g_string_append_c(out, *p);
    }
  }
}

static void
sequence_mermaid(GString *out, const SimExplainRequest *req, gboolean all_packets)
{
  Lanes l;
  lanes_build(&l, req);
  g_autoptr(GArray) first_of = NULL;
  g_autoptr(GArray) js = journeys_of(req, &first_of);
  g_autoptr(GHashTable) jidx = journey_index(js);
  g_string_append(out, "```mermaid\nsequenceDiagram\n");
  for (guint i = 0; i < l.names->len; i++) {
    g_string_append_printf(out, "  participant P%u as ", i + 1);
    mermaid_text(out, l.shorts->pdata[i]);
    g_string_append_c(out, '\n');
  }
  for (guint i = 0; i < req->steps->len; i++) {
    const SimExplainStep *s = step_at(req, i);
    if (!drawn(s, js, jidx, all_packets))
      continue;
    gint to = s->node ? lane_of(&l, s->node) : 0;
    if (s->kind == SIM_EXPLAIN_STEP_HOP) {
      const SimExplainStep *drop = drop_after(req, i);
      g_autofree char *label = arrow_label(req, s, drop);
      gint from = lane_of(&l, s->peer);
      g_string_append_printf(out, "  P%d%sP%d: ", from + 1, drop ? (s->reply ? "--x" : "-x") : (s->reply ? "-->>" : "->>"),
                             to + 1);
      mermaid_text(out, label);
      g_string_append_c(out, '\n');
    } else if (s->kind == SIM_EXPLAIN_STEP_DROP) {
      if (i > 0 && step_at(req, i - 1)->packet == s->packet && step_at(req, i - 1)->kind == SIM_EXPLAIN_STEP_HOP &&
          drop_after(req, i - 1) == s)
        continue;
      if (s->peer != NULL) /* dropped on arrival: a lost arrow from where it came from */
        g_string_append_printf(out, "  P%d%sP%d: ", lane_of(&l, s->peer) + 1, s->reply ? "--x" : "-x", to + 1);
      else
        g_string_append_printf(out, "  Note over P%d: ", to + 1);
      g_autofree char *label = g_strdup_printf("%s DROPPED: %s", s->label ? s->label : "packet", s->text);
      mermaid_text(out, label);
      g_string_append_c(out, '\n');
    } else {
      g_string_append_printf(out, "  Note over P%d: ", to + 1);
      mermaid_text(out, s->text);
      g_string_append_c(out, '\n');
    }
  }
  g_string_append(out, "```\n\n");
  lanes_clear(&l);
}

/* ---- the whole account ---- */

void
sim_explanation_format(const SimExplanation *expl, SimExplainFormat format, gboolean all_packets, guint index,
                       guint total, GString *out)
{
  const char *variant = sim_explanation_variant(expl);
  if (format == SIM_EXPLAIN_FORMAT_MERMAID) {
    g_string_append_printf(out, "## Variant %u of %u: ", index, total);
    sim_report_md_escape(out, variant[0] ? variant : "(no sweep)");
    g_string_append(out, "\n\n");
  } else {
    g_string_append_printf(out, "== variant %u of %u: %s ==\n", index, total, variant[0] ? variant : "(no sweep)");
    if (sim_explanation_endpoint(expl) != NULL)
      g_string_append_printf(out, "API endpoint %s\n", sim_explanation_endpoint(expl));
    g_string_append(out, "\n");
  }
  for (guint i = 0; i < sim_explanation_n_requests(expl); i++) {
    const SimExplainRequest *req = sim_explanation_request(expl, i);
    if (format == SIM_EXPLAIN_FORMAT_TEXT) {
      narrate_request(out, req, all_packets);
      g_string_append_printf(out, "   sequence of %s's request:\n\n", req->subject);
      sequence_text(out, req, all_packets);
    } else if (format == SIM_EXPLAIN_FORMAT_SEQUENCE) {
      g_string_append_printf(out, "-- %s: %s request at ", req->subject, req->record.verb);
      put_time(out, req->record.start);
      g_string_append_printf(out, " s, %s after ", sim_outcome_name(req->record.outcome));
      put_duration(out, req->record.end - req->record.start);
      g_string_append(out, "\n\n");
      sequence_text(out, req, all_packets);
    } else {
      GString *title = g_string_new(NULL);
      g_string_append_printf(title, "%s: %s request at ", req->subject, req->record.verb);
      put_time(title, req->record.start);
      g_string_append_printf(title, " s, %s after ", sim_outcome_name(req->record.outcome));
      put_duration(title, req->record.end - req->record.start);
      g_string_append(out, "### ");
      sim_report_md_escape(out, title->str);
      g_string_append(out, "\n\n");
      g_string_free(title, TRUE);
      sequence_mermaid(out, req, all_packets);
    }
  }
  for (const char *const *m = sim_explanation_missing(expl); *m != NULL; m++) {
    g_autofree char *why = sim_explanation_missing_reason(expl, *m);
    if (format == SIM_EXPLAIN_FORMAT_MERMAID) {
      g_string_append(out, "Client ");
      sim_report_md_escape(out, *m);
      g_string_append(out, ": ");
      sim_report_md_escape(out, why);
      g_string_append(out, ".\n\n");
    } else {
      g_string_append_printf(out, "-- %s: %s\n\n", *m, why);
    }
  }
}
