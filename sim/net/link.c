/* Links: latency draw, loss, serialisation, a bounded FIFO and in-order delivery.
 *
 * The FIFO is kept as a ring of the departure times (end of serialisation) of the packets still
 * in it; packets whose departure lies in the past have left. The ring grows by doubling up to the
 * queue capacity, so after warm-up a link allocates nothing.
 */
#include "net/link.h"

#include <math.h>
#include <string.h>

static const char *const class_names[SIM_LINK_N_CLASSES] = {
  "intra-az", "inter-az", "internet", "vpn", "dx", "nat", "lb", "control-plane", "region",
};

const char *
sim_link_class_name(SimLinkClass cls)
{
  if (cls == SIM_LINK_BY_AZ)
    return "by-az";
  g_return_val_if_fail(cls < SIM_LINK_N_CLASSES, "?");
  return class_names[cls];
}

gboolean
sim_link_class_from_name(const char *name, SimLinkClass *out)
{
  for (guint i = 0; i < SIM_LINK_N_CLASSES; i++) {
    if (strcmp(name, class_names[i]) == 0) {
      *out = (SimLinkClass)i;
      return TRUE;
    }
  }
  return FALSE;
}

void
sim_link_params_init(SimLinkParams *p)
{
  memset(p, 0, sizeof *p);
  p->queue = 1;
  p->latency_factor = 1.0;
}

void
sim_link_params_clear(SimLinkParams *p)
{
  if (p->latency != NULL)
    sim_dist_unref(p->latency);
  p->latency = NULL;
}

struct _SimLink {
  const SimLinkParams *params;
  SimRng *rng;
  SimLinkClass cls;
  SimTime busy_until;   /* end of serialisation of the last packet admitted */
  SimTime last_arrival; /* arrival time of the last packet admitted (FIFO delivery) */
  SimTime *ring;        /* departure times of the packets in the FIFO, oldest first */
  guint ring_cap, ring_head, ring_len;
  guint peak;
  double factor;        /* this link's own degradation (sim_link_set_degradation) */
  double extra_loss;
};

SimLink *
sim_link_new(SimLinkClass cls, const SimLinkParams *params, SimRng *rng)
{
  g_return_val_if_fail(cls < SIM_LINK_N_CLASSES && params != NULL && rng != NULL, NULL);
  SimLink *l = g_new0(SimLink, 1);
  l->params = params;
  l->rng = rng;
  l->cls = cls;
  l->factor = 1.0;
  return l;
}

void
sim_link_set_degradation(SimLink *link, double latency_factor, double extra_loss)
{
  g_return_if_fail(link != NULL && latency_factor >= 0 && extra_loss >= 0);
  link->factor = latency_factor;
  link->extra_loss = extra_loss;
}

void
sim_link_free(SimLink *link)
{
  if (link == NULL)
    return;
  g_free(link->ring);
  g_free(link);
}

SimLinkClass
sim_link_class(const SimLink *link)
{
  return link->cls;
}

/* Forgets packets that finished serialising at or before @now. */
static void
ring_expire(SimLink *l, SimTime now)
{
  while (l->ring_len > 0 && l->ring[l->ring_head] <= now) {
    l->ring_head = (l->ring_head + 1) % l->ring_cap;
    l->ring_len--;
  }
}

static void
ring_push(SimLink *l, SimTime departure)
{
  if (l->ring_len == l->ring_cap) {
    guint ncap = l->ring_cap == 0 ? 16 : l->ring_cap * 2;
    SimTime *nr = g_new(SimTime, ncap);
    for (guint i = 0; i < l->ring_len; i++)
      nr[i] = l->ring[(l->ring_head + i) % l->ring_cap];
    g_free(l->ring);
    l->ring = nr;
    l->ring_cap = ncap;
    l->ring_head = 0;
  }
  l->ring[(l->ring_head + l->ring_len) % l->ring_cap] = departure;
  l->ring_len++;
}

guint
sim_link_queue_length(SimLink *link, SimTime now)
{
  ring_expire(link, now);
  return link->ring_len;
}

guint
sim_link_queue_peak(const SimLink *link)
{
  return link->peak;
}

void
sim_link_reset_peak(SimLink *link)
{
  link->peak = 0;
}

gboolean
sim_link_transmit(SimLink *l, SimTime now, guint32 size, SimTime *arrival, SimDropReason *reason)
{
  const SimLinkParams *p = l->params;
  SimTime depart = now;

  if (p->bandwidth > 0) {
    ring_expire(l, now);
    if (l->ring_len >= MAX(p->queue, 1u)) {
      *reason = SIM_DROP_QUEUE_FULL;
      return FALSE;
    }
    /* serialisation in integer ns, rounded up so a packet never takes zero time */
    double ser_ns = ceil((double)size * 8.0 * 1e9 / p->bandwidth);
    SimTime start = MAX(now, l->busy_until);
    depart = start + (SimTime)ser_ns;
    l->busy_until = depart;
    ring_push(l, depart);
    if (l->ring_len > l->peak)
      l->peak = l->ring_len;
  }
  /* Loss after the queue: a packet lost on the wire still used its slot and its time. The draw is
   * made only when a loss probability is set, so adding loss to one class leaves the latency draws
   * of the others untouched. */
  double loss = p->loss + p->extra_loss + l->extra_loss;
  if (loss > 0 && sim_rng_bernoulli(l->rng, loss)) {
    *reason = SIM_DROP_LOSS;
    return FALSE;
  }
  SimTime lat = 0;
  if (p->latency != NULL) {
    lat = sim_dist_sample_time(p->latency, l->rng);
    double factor = p->latency_factor * l->factor;
    if (factor != 1.0)
      lat = (SimTime)llround((double)lat * factor);
  }
  SimTime at = depart + lat;
  if (at < l->last_arrival)
    at = l->last_arrival;
  l->last_arrival = at;
  *arrival = at;
  return TRUE;
}
