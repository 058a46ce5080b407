/* The event scheduler: slab of event records + implicit 4-ary min-heap of (time, key) entries.
 *
 * A heap entry is 16 bytes: the event time and a key packing the scheduling sequence number
 * (high 38 bits) with the record's slot (low 26 bits). Comparing (time, key) therefore compares
 * (time, sequence), which is what makes equal-time events run in scheduling order; the slot bits
 * never decide because sequence numbers are unique. Four such entries fill one 64-byte cache
 * line, which is why the heap is 4-ary (the children of a node are read together).
 *
 * Records are recycled through a free list, so the hot path never calls malloc. Handles carry a
 * per-slot generation, so a stale handle (event already run, slot reused) is recognised.
 */
#include "core/scheduler.h"

#include <stdlib.h>
#include <string.h>

#define SLOT_BITS 26
#define SLOT_MASK ((G_GUINT64_CONSTANT(1) << SLOT_BITS) - 1)
#define MAX_SLOTS (G_GUINT64_CONSTANT(1) << SLOT_BITS)
#define SEQ_LIMIT (G_GUINT64_CONSTANT(1) << (64 - SLOT_BITS))
#define NO_SLOT G_MAXUINT32
#define ARITY 4
/* Compact the heap once cancelled entries are this many and outnumber the live ones. */
#define COMPACT_MIN 256

typedef struct {
  SimTime time;
  guint64 key; /* seq << SLOT_BITS | slot */
} HeapEntry;

typedef struct {
  SimEventFunc func; /* NULL: free, or cancelled and still in the heap */
  gpointer data;
  guint32 gen;       /* bumped whenever the record stops being the event a handle names */
  guint32 next_free;
} EventRecord;

struct _SimScheduler {
  SimTime now;
  HeapEntry *heap;
  gsize heap_n, heap_cap;
  EventRecord *recs;
  guint32 rec_n, rec_cap;
  guint32 free_head;
  gsize ncancelled; /* cancelled entries still in the heap */
  guint64 next_seq;
  guint64 dispatched;
  gboolean stop;
};

static inline gboolean
entry_less(const HeapEntry *a, const HeapEntry *b)
{
  return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static void
heap_sift_up(HeapEntry *heap, gsize i, HeapEntry x)
{
  while (i > 0) {
    gsize p = (i - 1) / ARITY;
    if (!entry_less(&x, &heap[p]))
      break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = x;
}

static void
heap_sift_down(HeapEntry *heap, gsize n, gsize i, HeapEntry x)
{
  for (;;) {
    gsize c = ARITY * i + 1;
    if (c >= n)
      break;
    gsize end = c + ARITY < n ? c + ARITY : n;
    gsize best = c;
    for (gsize j = c + 1; j < end; j++) {
      if (entry_less(&heap[j], &heap[best]))
        best = j;
    }
    if (!entry_less(&heap[best], &x))
      break;
    heap[i] = heap[best];
    i = best;
  }
  heap[i] = x;
}

static void
slot_release(SimScheduler *sched, guint32 slot)
{
  EventRecord *rec = &sched->recs[slot];

  rec->func = NULL;
  rec->data = NULL;
  if (++rec->gen == 0)
    rec->gen = 1;
  rec->next_free = sched->free_head;
  sched->free_head = slot;
}

static guint32
slot_acquire(SimScheduler *sched)
{
  if (sched->free_head != NO_SLOT) {
    guint32 slot = sched->free_head;
    sched->free_head = sched->recs[slot].next_free;
    return slot;
  }
  if (sched->rec_n == sched->rec_cap) {
    if ((guint64)sched->rec_cap >= MAX_SLOTS)
      g_error("scheduler: more than %" G_GUINT64_FORMAT " events pending at once", MAX_SLOTS);
    guint64 cap = sched->rec_cap ? (guint64)sched->rec_cap * 2 : 1024;
    if (cap > MAX_SLOTS)
      cap = MAX_SLOTS;
    sched->recs = g_renew(EventRecord, sched->recs, cap);
    sched->rec_cap = (guint32)cap;
  }
  guint32 slot = sched->rec_n++;
  sched->recs[slot].gen = 1;
  sched->recs[slot].func = NULL;
  return slot;
}

static int
entry_cmp(const void *a, const void *b)
{
  const HeapEntry *x = a, *y = b;
  return entry_less(x, y) ? -1 : entry_less(y, x) ? 1 : 0;
}

/* Sequence numbers ran out (2^38 schedules): renumber the pending entries in their current order.
 * A sorted array is a valid heap, so sorting is all it takes. O(n log n), once per 2.7e11 events. */
static void
renumber(SimScheduler *sched)
{
  qsort(sched->heap, sched->heap_n, sizeof(HeapEntry), entry_cmp);
  for (gsize i = 0; i < sched->heap_n; i++)
    sched->heap[i].key = ((guint64)i << SLOT_BITS) | (sched->heap[i].key & SLOT_MASK);
  sched->next_seq = sched->heap_n;
}

/* Drops cancelled entries and rebuilds the heap bottom-up: O(n). */
static void
compact(SimScheduler *sched)
{
  gsize n = 0;

  for (gsize i = 0; i < sched->heap_n; i++) {
    guint32 slot = (guint32)(sched->heap[i].key & SLOT_MASK);
    if (sched->recs[slot].func == NULL)
      slot_release(sched, slot);
    else
      sched->heap[n++] = sched->heap[i];
  }
  sched->heap_n = n;
  sched->ncancelled = 0;
  if (n > 1) {
    for (gsize i = (n - 2) / ARITY + 1; i-- > 0;)
      heap_sift_down(sched->heap, n, i, sched->heap[i]);
  }
}

SimScheduler *
sim_scheduler_new(void)
{
  SimScheduler *sched = g_new0(SimScheduler, 1);

  sched->free_head = NO_SLOT;
  sched->next_seq = 1;
  return sched;
}

void
sim_scheduler_free(SimScheduler *sched)
{
  if (sched == NULL)
    return;
  g_free(sched->heap);
  g_free(sched->recs);
  g_free(sched);
}

SimTime
sim_scheduler_now(const SimScheduler *sched)
{
  return sched->now;
}

SimEventId
sim_scheduler_at(SimScheduler *sched, SimTime when, SimEventFunc func, gpointer data)
{
  g_return_val_if_fail(sched != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(func != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(when >= sched->now, SIM_EVENT_NONE);

  guint32 slot = slot_acquire(sched);
  EventRecord *rec = &sched->recs[slot];
  rec->func = func;
  rec->data = data;

  if (sched->next_seq == SEQ_LIMIT)
    renumber(sched);
  if (sched->heap_n == sched->heap_cap) {
    sched->heap_cap = sched->heap_cap ? sched->heap_cap * 2 : 1024;
    sched->heap = g_renew(HeapEntry, sched->heap, sched->heap_cap);
  }
  HeapEntry e = { when, (sched->next_seq++ << SLOT_BITS) | slot };
  heap_sift_up(sched->heap, sched->heap_n++, e);
  return ((guint64)rec->gen << 32) | slot;
}

SimEventId
sim_scheduler_after(SimScheduler *sched, SimTime delay, SimEventFunc func, gpointer data)
{
  g_return_val_if_fail(delay >= 0, SIM_EVENT_NONE);
  return sim_scheduler_at(sched, sched->now + delay, func, data);
}

static EventRecord *
lookup(const SimScheduler *sched, SimEventId id)
{
  guint32 slot = (guint32)(id & G_MAXUINT32);
  guint32 gen = (guint32)(id >> 32);

  if (id == SIM_EVENT_NONE || slot >= sched->rec_n)
    return NULL;
  EventRecord *rec = &sched->recs[slot];
  if (rec->gen != gen || rec->func == NULL)
    return NULL;
  return rec;
}

gboolean
sim_scheduler_cancel(SimScheduler *sched, SimEventId id)
{
  g_return_val_if_fail(sched != NULL, FALSE);
  EventRecord *rec = lookup(sched, id);

  if (rec == NULL)
    return FALSE;
  /* Mark only: the entry stays in the heap until it surfaces or the heap is compacted. */
  rec->func = NULL;
  rec->data = NULL;
  if (++rec->gen == 0)
    rec->gen = 1;
  sched->ncancelled++;
  if (sched->ncancelled >= COMPACT_MIN && sched->ncancelled * 2 > sched->heap_n)
    compact(sched);
  return TRUE;
}

gboolean
sim_scheduler_is_pending(const SimScheduler *sched, SimEventId id)
{
  g_return_val_if_fail(sched != NULL, FALSE);
  return lookup(sched, id) != NULL;
}

SimRunStatus
sim_scheduler_run_until(SimScheduler *sched, SimTime until)
{
  g_return_val_if_fail(sched != NULL, SIM_RUN_EMPTY);
  sched->stop = FALSE;
  while (sched->heap_n > 0) {
    HeapEntry top = sched->heap[0];
    if (top.time > until)
      break;
    HeapEntry last = sched->heap[--sched->heap_n];
    if (sched->heap_n > 0)
      heap_sift_down(sched->heap, sched->heap_n, 0, last);

    guint32 slot = (guint32)(top.key & SLOT_MASK);
    EventRecord *rec = &sched->recs[slot];
    if (rec->func == NULL) { /* cancelled */
      sched->ncancelled--;
      slot_release(sched, slot);
      continue;
    }
    SimEventFunc func = rec->func;
    gpointer data = rec->data;
    /* Released before the call: the handler may schedule into this very slot, and cancelling
     * its own (now running) event is a harmless no-op. */
    slot_release(sched, slot);
    sched->now = top.time;
    sched->dispatched++;
    func(sched, data);
    if (sched->stop) {
      sched->stop = FALSE;
      return SIM_RUN_STOPPED;
    }
  }
  if (until == SIM_TIME_NEVER)
    return SIM_RUN_EMPTY;
  if (until > sched->now)
    sched->now = until;
  return SIM_RUN_TIME_REACHED;
}

SimRunStatus
sim_scheduler_run(SimScheduler *sched)
{
  return sim_scheduler_run_until(sched, SIM_TIME_NEVER);
}

void
sim_scheduler_stop(SimScheduler *sched)
{
  g_return_if_fail(sched != NULL);
  sched->stop = TRUE;
}

gsize
sim_scheduler_pending(const SimScheduler *sched)
{
  return sched->heap_n - sched->ncancelled;
}

guint64
sim_scheduler_dispatched(const SimScheduler *sched)
{
  return sched->dispatched;
}
