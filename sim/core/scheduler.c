/* The event scheduler: a slab of event records plus a pending set of 16-byte (time, key) entries.
 *
 * An entry is the event time and a key packing the scheduling sequence number (high 38 bits) with
 * the record's slot (low 26 bits). Comparing (time, key) therefore compares (time, sequence), which
 * is what makes equal-time events run in scheduling order; the slot bits never decide because
 * sequence numbers are unique. Records are recycled through a free list, so the hot path never
 * calls malloc. Handles carry a per-slot generation, so a stale handle (event already run, slot
 * reused) is recognised.
 *
 * The pending set is one of four structures, chosen when the scheduler is created (NOTES.md,
 * "Event kernel", has the hold-model measurements behind the default):
 *
 *   ladder  (default) a ladder queue (Tang, Goh and Thng, ACM TOMACS 15(3), 2005). Events far in
 *           the future are appended, unsorted, to "top". When the near set runs dry, top is spread
 *           by time over a rung of at most LQ_MAX_BUCKETS buckets; the earliest non-empty bucket
 *           either becomes the near set (at most LQ_THRES events, sorted) or is spread over a finer
 *           rung below. Each event is moved a small, bounded number of times by sequential passes,
 *           so the amortised cost per event does not grow with the number pending, and the few
 *           active bucket tails stay in cache. The near set is a small array sorted in ascending
 *           order from a head index (a pop is an increment); while few events are pending
 *           everything lives there and the ladder is not used at all.
 *   heap4   an implicit 4-ary min-heap: four children fill one 64-byte cache line.
 *   heap2   an implicit binary min-heap.
 *   radix   a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, J. ACM 37(2), 1990) with RX_BITS-bit
 *           digits, usable because no event is ever scheduled before now. Let `last` be the time
 *           of the last entry taken out (no pending entry is earlier). An entry at t != last sits
 *           in bucket (L, d): L the highest digit where t and last differ (one count-leading-zeros
 *           of t XOR last), d the digit of t there; entries at t == last sit in a FIFO (the near
 *           set). The next entry is the FIFO's head, or else the earliest of the first non-empty
 *           bucket in (L, d) order, found with count-trailing-zeros over occupancy bitmaps; a
 *           bucket of more than one entry is emptied: its earliest time m becomes last and its
 *           entries are moved, in bucket order, to the buckets they belong to relative to m.
 *
 * Ordering is identical for all of them. In the ladder, buckets partition time through a monotone
 * index function, so two entries with equal times always sit in the same container, where they are
 * ordered by key. The radix heap never compares sequence numbers. Why it still runs equal times in
 * scheduling order:
 *   (a) Every container (bucket or FIFO) holds its entries in increasing sequence order. An insert
 *       appends the newest sequence number. Emptying the first non-empty bucket (L, d) moves its
 *       entries, in order, into the FIFO and into levels below L (they all agree with m above L and
 *       have m's digit d at L, so none goes back to level L or above), and all of those are empty
 *       at that moment (an entry there would precede the first non-empty bucket): each receives a
 *       subsequence of an ordered sequence. Compaction and renumbering keep order.
 *   (b) Equal times always share a container: the container is a function of (t, last), and
 *       changing last to m leaves every other entry where it was (m agrees with the old last above
 *       L and has digit d at L; any other entry in a bucket (L', d') with L' > L differs from both
 *       first at L', with digit d'; with L' == L it agrees with both above L and has d' != d at L).
 *   (c) Containers are taken in time order: for (L1, d1) < (L2, d2), both agree with last above
 *       L2, and at L2 the first has last's digit (L1 < L2) or d1 < d2, so every entry of the first
 *       is earlier; the FIFO (t == last) precedes every bucket.
 *   So the entries of one time leave together, from one container, in sequence order. last only
 *   moves to the time of an entry taken out at or before the run's limit (run, or dropped if
 *   cancelled), and is reset to now when the set runs dry, so whenever a handler or the caller can
 *   schedule, last <= now <= the new entry's time.
 * A run's results never depend on the structure chosen (tests/test-scheduler.c checks that).
 *
 * In the heaps, a running event's entry stays at the root as a "hole" while its handler runs: if
 * the handler schedules an event, it replaces the root with one sift-down (one pass instead of a
 * pop and a push, as in the classic hold operation).
 */
#include "core/scheduler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/scheduler-private.h"

#define SLOT_BITS 26
#define SLOT_MASK ((G_GUINT64_CONSTANT(1) << SLOT_BITS) - 1)
#define MAX_SLOTS (G_GUINT64_CONSTANT(1) << SLOT_BITS)
#define SEQ_LIMIT SIM_SCHEDULER_DEBUG_SEQ_LIMIT
#define NO_SLOT G_MAXUINT32
/* Set in every handle, so no handle is SIM_EVENT_NONE whatever the generation. */
#define HANDLE_BIT G_GUINT64_CONSTANT(0x80000000)
/* Compact the pending set once cancelled entries are this many and outnumber the live ones. */
#define COMPACT_MIN 256

/* Ladder parameters (NOTES.md, "Event kernel", for how they were chosen). */
#define LQ_THRES 48          /* a bucket with at most this many events becomes the near set */
#define LQ_PER_BUCKET 3      /* target events per bucket when spreading */
#define LQ_MAX_BUCKETS 4096  /* buckets per rung: bounds the set of active bucket tails */
#define LQ_NEAR_MAX 64       /* a near set this large is spread over a rung on the next insert */
#define LQ_MAX_RUNGS 12

/* Radix heap parameters: keys are split into digits of RX_BITS bits; level L holds the entries
 * whose highest digit differing from the last dispatched time is digit L. */
#ifndef RX_BITS
#define RX_BITS 8
#endif
#define RX_DIGITS (1u << RX_BITS)
#define RX_LEVELS ((63 + RX_BITS - 1) / RX_BITS) /* times are in [0, 2^63) */
#define RX_WORDS ((RX_DIGITS + 63) / 64)

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define PREFETCH(p) ((void)(p))
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

typedef struct {
  SimTime time;
  guint64 key; /* seq << SLOT_BITS | slot */
} Entry;

/* 32 bytes in a 64-byte aligned array: a record never straddles two cache lines, so a dispatch
 * touches one line for it (24-byte records would straddle one time in three). */
typedef struct {
  SimEventFunc func; /* NULL: cancelled (entry still pending) */
  gpointer data;
  guint32 gen;       /* bumped whenever the record stops being the event a handle names */
  guint32 next_free;
  guint64 unused;
} EventRecord;

typedef struct {
  Entry *v;
  guint32 n, cap;
} Bucket;

/* One rung: nb buckets from start; the bucket of time t is floor((t - start) * inv) clamped to
 * [0, nb - 1]. Only monotony in t matters for ordering (equal times share a bucket, later times
 * never land in an earlier bucket), and int64 -> double conversion, a multiplication by a positive
 * constant and truncation are all monotone. Buckets below cur are consumed. */
typedef struct {
  SimTime start;
  double inv;
  guint32 nb, cur;
  Bucket *b;
  guint32 b_alloc;
} Rung;

struct _SimScheduler {
  SimTime now;
  SimQueueKind kind;
  guint shift;      /* log2 of the heap's arity (heaps only) */
  gboolean hole;    /* heap: heap[0] is the running event's entry, logically removed */
  gboolean running;
  gboolean stop;

  /* heap (heap2/heap4), or the ladder's near set: heap[near_head..heap_n) in ascending order */
  Entry *heap;      /* heap[1] is 64-byte aligned, so 4-ary sibling groups share a cache line */
  void *heap_mem;
  gsize heap_n, heap_cap;
  gsize near_head;  /* ladder only: index of the next event to run (0 for the heaps) */

  /* ladder */
  SimTime top_start;     /* events at or after this go to top */
  Entry *top;
  gsize top_n, top_cap;
  SimTime top_min, top_max;
  Rung rungs[LQ_MAX_RUNGS];
  guint depth;           /* rungs in use */
  gsize rung_n;          /* entries in rung buckets */

  /* radix: rx[L * RX_DIGITS + d] holds the entries whose highest digit differing from rx_last is
   * digit L, with value d there; entries equal to rx_last are in the near set (a FIFO from
   * near_head). rx_used[L] has bit d set when that bucket is non-empty, rx_levels bit L when
   * level L has any. */
  Bucket *rx;
  guint64 (*rx_used)[RX_WORDS];
  guint64 rx_levels;
  SimTime rx_last;       /* time of the last dispatched entry: no entry is earlier */
  gsize rx_n;            /* entries in rx buckets */

  /* records */
  EventRecord *recs;     /* 64-byte aligned, inside recs_mem */
  void *recs_mem;
  guint32 rec_n, rec_cap;
  guint32 free_head;

  gsize ncancelled; /* cancelled entries still pending */
  guint64 next_seq;
  guint64 dispatched;
};

/* ------------------------------------------------------------------ entries */

static ALWAYS_INLINE gboolean
entry_less(Entry a, Entry b)
{
  return a.time < b.time || (a.time == b.time && a.key < b.key);
}

static ALWAYS_INLINE guint32
entry_slot(Entry e)
{
  return (guint32)(e.key & SLOT_MASK);
}

static NOINLINE void
heap_reserve(SimScheduler *s, gsize need)
{
  if (need <= s->heap_cap)
    return;
  gsize cap = s->heap_cap ? s->heap_cap : 256;
  while (cap < need)
    cap *= 2;
  /* 64 spare bytes so that &heap[1] is 64-byte aligned (heap = aligned - one entry >= mem) */
  void *mem = g_malloc(cap * sizeof(Entry) + 64);
  guintptr a = ((guintptr)mem + sizeof(Entry) + 63) & ~(guintptr)63;
  Entry *h = (Entry *)(a - sizeof(Entry));
  if (s->heap_n > 0)
    memcpy(h, s->heap, s->heap_n * sizeof(Entry));
  g_free(s->heap_mem);
  s->heap_mem = mem;
  s->heap = h;
  s->heap_cap = cap;
}

/* ------------------------------------------------------------------ heaps */

static ALWAYS_INLINE void
sift_up(Entry *h, gsize i, Entry x, guint shift)
{
  while (i > 0) {
    gsize p = (i - 1) >> shift;
    if (!entry_less(x, h[p]))
      break;
    h[i] = h[p];
    i = p;
  }
  h[i] = x;
}

static ALWAYS_INLINE void
sift_down(Entry *h, gsize n, gsize i, Entry x, guint shift)
{
  for (;;) {
    gsize c = (i << shift) + 1;
    gsize best;
    if (shift == 2 && c + 4 <= n) {
      /* full sibling group: a tournament of three comparisons, two of them independent */
      gsize a = entry_less(h[c + 1], h[c]) ? c + 1 : c;
      gsize b = entry_less(h[c + 3], h[c + 2]) ? c + 3 : c + 2;
      best = entry_less(h[b], h[a]) ? b : a;
    } else if (shift == 1 && c + 2 <= n) {
      best = entry_less(h[c + 1], h[c]) ? c + 1 : c;
    } else {
      if (c >= n)
        break;
      gsize end = c + ((gsize)1 << shift);
      if (end > n)
        end = n;
      best = c;
      for (gsize j = c + 1; j < end; j++) {
        if (entry_less(h[j], h[best]))
          best = j;
      }
    }
    if (!entry_less(h[best], x))
      break;
    h[i] = h[best];
    i = best;
  }
  h[i] = x;
}

/* Copies with the arity as a compile-time constant. */
static void
sift_down4(Entry *h, gsize n, gsize i, Entry x)
{
  sift_down(h, n, i, x, 2);
}

static void
sift_down2(Entry *h, gsize n, gsize i, Entry x)
{
  sift_down(h, n, i, x, 1);
}

static ALWAYS_INLINE void
heap_sift_down(SimScheduler *s, gsize i, Entry x)
{
  if (s->shift == 2)
    sift_down4(s->heap, s->heap_n, i, x);
  else
    sift_down2(s->heap, s->heap_n, i, x);
}

static ALWAYS_INLINE void
heap_push(SimScheduler *s, Entry e)
{
  if (s->hole) {
    s->hole = FALSE;
    heap_sift_down(s, 0, e);
    return;
  }
  if (G_UNLIKELY(s->heap_n == s->heap_cap))
    heap_reserve(s, s->heap_n + 1);
  if (s->shift == 2)
    sift_up(s->heap, s->heap_n++, e, 2);
  else
    sift_up(s->heap, s->heap_n++, e, 1);
}

/* Removes heap[0] (or the hole there). */
static ALWAYS_INLINE void
heap_pop(SimScheduler *s)
{
  Entry last = s->heap[--s->heap_n];
  if (s->heap_n > 0)
    heap_sift_down(s, 0, last);
}

static void
heapify(SimScheduler *s)
{
  gsize n = s->heap_n;
  if (n < 2)
    return;
  for (gsize i = ((n - 2) >> s->shift) + 1; i-- > 0;)
    heap_sift_down(s, i, s->heap[i]);
}

/* ------------------------------------------------------------------ ladder */

static ALWAYS_INLINE guint32
rung_index(const Rung *g, SimTime t)
{
  if (t <= g->start)
    return 0;
  /* t - start cannot overflow: both are times in [0, SIM_TIME_NEVER] */
  double x = (double)(t - g->start) * g->inv;
  return x >= (double)(g->nb - 1) ? g->nb - 1 : (guint32)x;
}

static NOINLINE void
bucket_grow(Bucket *b)
{
  b->cap = b->cap ? b->cap * 2 : 8;
  b->v = g_renew(Entry, b->v, b->cap);
}

static ALWAYS_INLINE void
bucket_append(Bucket *b, Entry e)
{
  if (G_UNLIKELY(b->n == b->cap))
    bucket_grow(b);
  b->v[b->n++] = e;
}

static NOINLINE void
top_grow(SimScheduler *s)
{
  s->top_cap = s->top_cap ? s->top_cap * 2 : 256;
  s->top = g_renew(Entry, s->top, s->top_cap);
}

static ALWAYS_INLINE void
top_append(SimScheduler *s, Entry e)
{
  if (G_UNLIKELY(s->top_n == s->top_cap))
    top_grow(s);
  s->top[s->top_n++] = e;
  s->top_min = e.time < s->top_min ? e.time : s->top_min;
  s->top_max = e.time > s->top_max ? e.time : s->top_max;
}

/* Spreads @n entries with times in [lo, hi] (lo < hi) over a new rung at level s->depth.
 *
 * Bucket width: LQ_PER_BUCKET times the mean spacing measured from lo, LQ_PER_BUCKET * mean(t - lo) / n.
 * For uniform times that is the plain span / (n / 2); for the skewed sets a simulation produces
 * (many events soon, a thin tail far out: the hold model's pending set is exponential from now)
 * it keeps the earliest buckets, the ones consumed next, near LQ_PER_BUCKET events instead of
 * ln(n) times that. The width never drops below span / LQ_MAX_BUCKETS, so the rung always covers
 * [lo, hi] and no bucket becomes an overflow that would be spread again and again. */
static void
rung_spread(SimScheduler *s, const Entry *src, gsize n, SimTime lo, SimTime hi)
{
  Rung *g = &s->rungs[s->depth];
  double span = (double)(hi - lo) + 1.0;
  double sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += (double)(src[i].time - lo);
  double width = LQ_PER_BUCKET * (sum / (double)n + 0.5) / (double)n;
  if (width < span / LQ_MAX_BUCKETS)
    width = span / LQ_MAX_BUCKETS;
  if (width < 1.0)
    width = 1.0;
  double nbd = ceil(span / width);
  gsize nb = nbd < 2.0 ? 2 : nbd > LQ_MAX_BUCKETS ? LQ_MAX_BUCKETS : (gsize)nbd;
  if (nb > g->b_alloc) {
    g->b = g_renew(Bucket, g->b, nb);
    memset(g->b + g->b_alloc, 0, (nb - g->b_alloc) * sizeof(Bucket));
    g->b_alloc = (guint32)nb;
  }
  g->nb = (guint32)nb;
  g->cur = 0;
  g->start = lo;
  g->inv = 1.0 / width;
  for (gsize i = 0; i < n; i++)
    bucket_append(&g->b[rung_index(g, src[i].time)], src[i]);
  s->rung_n += n;
  s->depth++;
}

static int
entry_cmp(const void *a, const void *b)
{
  const Entry *x = a, *y = b;
  return entry_less(*x, *y) ? -1 : entry_less(*y, *x) ? 1 : 0;
}

/* The slow cases of near_insert: the near set is full, or its array is. A near set of
 * LQ_NEAR_MAX events or more is spread over a new, deepest rung (its events are earlier than every
 * rung's, as the ladder queue does with an overfull bottom) and @e goes there. When it cannot be
 * spread (all its events at one time, or no rung left) @e is inserted in place: by binary search
 * and a shift of the later events, which costs nothing for the usual case of that kind, a burst of
 * events scheduled at one instant (each new one is the latest, so it goes at the end). */
static NOINLINE void
near_insert_slow(SimScheduler *s, Entry e)
{
  gsize head = s->near_head, n = s->heap_n;
  Entry *v = s->heap;

  if (n - head >= LQ_NEAR_MAX && s->depth < LQ_MAX_RUNGS && v[head].time < v[n - 1].time) {
    if (s->depth == 0 && s->top_start == SIM_TIME_NEVER)
      s->top_start = v[n - 1].time; /* later events go to top again */
    rung_spread(s, v + head, n - head, v[head].time, v[n - 1].time);
    s->heap_n = s->near_head = 0;
    if (e.time >= s->top_start) {
      top_append(s, e);
    } else {
      Rung *g = &s->rungs[s->depth - 1];
      bucket_append(&g->b[rung_index(g, e.time)], e);
      s->rung_n++;
    }
    return;
  }
  if (n == s->heap_cap) {
    if (head > 0) {
      memmove(v, v + head, (n - head) * sizeof(Entry));
      n -= head;
      s->heap_n = n;
      s->near_head = head = 0;
    } else {
      heap_reserve(s, n + 1);
      v = s->heap;
    }
  }
  gsize lo = head, hi = n; /* first position whose entry is later than e */
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    if (entry_less(e, v[mid]))
      hi = mid;
    else
      lo = mid + 1;
  }
  memmove(v + lo + 1, v + lo, (n - lo) * sizeof(Entry));
  v[lo] = e;
  s->heap_n = n + 1;
}

/* Puts @x among the sorted entries v[lo..i), after those of an equal time (stable), shifting the
 * later ones up by one: one step of insertion sort, shared by every place that keeps the near set
 * in order. */
static ALWAYS_INLINE void
sorted_insert(Entry *v, gsize lo, gsize i, Entry x)
{
  while (i > lo && x.time < v[i - 1].time) {
    v[i] = v[i - 1];
    i--;
  }
  v[i] = x;
}

/* Inserts into the near set, kept in ascending order from near_head. */
static ALWAYS_INLINE void
near_insert(SimScheduler *s, Entry e)
{
  gsize n = s->heap_n;

  if (G_UNLIKELY(n - s->near_head >= LQ_NEAR_MAX || n == s->heap_cap)) {
    near_insert_slow(s, e);
    return;
  }
  /* e has the newest sequence number: it goes after every entry of equal time */
  sorted_insert(s->heap, s->near_head, n, e);
  s->heap_n = n + 1;
}

static ALWAYS_INLINE void
ladder_insert(SimScheduler *s, Entry e)
{
  if (e.time >= s->top_start) {
    top_append(s, e);
    return;
  }
  for (guint r = 0; r < s->depth; r++) {
    Rung *g = &s->rungs[r];
    guint32 i = rung_index(g, e.time);
    if (i >= g->cur) {
      bucket_append(&g->b[i], e);
      s->rung_n++;
      return;
    }
  }
  near_insert(s, e);
}

/* Out of line, so the ladder's insert path (the default) is not burdened with the heaps' registers. */
static NOINLINE void
heap_insert(SimScheduler *s, Entry e)
{
  heap_push(s, e);
}

static void rx_insert_any(SimScheduler *s, Entry e);

static ALWAYS_INLINE void
queue_insert(SimScheduler *s, Entry e)
{
  if (G_LIKELY(s->kind == SIM_QUEUE_LADDER))
    ladder_insert(s, e);
  else if (s->kind == SIM_QUEUE_RADIX)
    rx_insert_any(s, e);
  else
    heap_insert(s, e);
}

/* near_load for more than NEAR_SORT_SMALL (and at most LQ_NEAR_MAX) entries: a stable counting
 * sort on a monotone function of the time (the entries' time range cut into 2n to 4n sub-buckets),
 * then an insertion pass that only moves the entries sharing a sub-bucket out of order. Insertion
 * sort mispredicts about one branch per entry (where each entry stops is random); here the order
 * comes mostly from arithmetic. Equal times share a sub-bucket and keep their bucket order, which
 * is their scheduling order. Below the threshold insertion sort stays cheaper (callgrind, NOTES.md
 * "Benchmarks": a threshold of 8 cost 23 more instructions per hold at N = 1e6). */
#define NEAR_SORT_SMALL 16
static NOINLINE void
near_load_counting(SimScheduler *s, const Entry *src, gsize n)
{
  guint8 sub[LQ_NEAR_MAX];
  guint8 pos[4 * LQ_NEAR_MAX];
  Entry *v = s->heap;
  SimTime lo = src[0].time, hi = lo;

  G_STATIC_ASSERT(4 * LQ_NEAR_MAX <= 256); /* positions and counts fit in a byte */
  for (gsize i = 1; i < n; i++) {
    lo = src[i].time < lo ? src[i].time : lo;
    hi = src[i].time > hi ? src[i].time : hi;
  }
  gsize nsub = 16;
  while (nsub < 2 * n)
    nsub *= 2;
  /* floor((t - lo) * nsub / (hi - lo + 1)): int64 -> double, multiplication by a positive
   * constant and truncation are monotone, so a later time never gets a lower index */
  double k = (double)nsub / ((double)(hi - lo) + 1.0);
  memset(pos, 0, nsub);
  for (gsize i = 0; i < n; i++) {
    guint x = (guint)((double)(src[i].time - lo) * k);
    x = x < nsub ? x : (guint)nsub - 1;
    sub[i] = (guint8)x;
    pos[x]++;
  }
  guint acc = 0;
  for (gsize j = 0; j < nsub; j++) {
    guint c = pos[j];
    pos[j] = (guint8)acc;
    acc += c;
  }
  for (gsize i = 0; i < n; i++) {
    PREFETCH(&s->recs[entry_slot(src[i])]);
    v[pos[sub[i]]++] = src[i];
  }
  for (gsize i = 1; i < n; i++)
    if (G_UNLIKELY(v[i].time < v[i - 1].time))
      sorted_insert(v, 0, i, v[i]);
  s->heap_n = n;
}

/* Moves @n entries into the (empty) near set, sorted, and prefetches their records: they are the
 * next events to run, so their records load while earlier handlers run. */
static void
near_load(SimScheduler *s, const Entry *src, gsize n)
{
  s->near_head = 0;
  if (G_UNLIKELY(n > LQ_NEAR_MAX)) {
    heap_reserve(s, n);
    memcpy(s->heap, src, n * sizeof(Entry));
    qsort(s->heap, n, sizeof(Entry), entry_cmp);
    s->heap_n = n;
    return;
  }
  /* By time alone, stably: entries sit in buckets in scheduling order (appends carry the newest
   * sequence number; spreads keep order), so equal times stay in sequence order. */
  if (n > NEAR_SORT_SMALL) {
    near_load_counting(s, src, n);
    return;
  }
  Entry *v = s->heap; /* capacity is at least LQ_NEAR_MAX */
  for (gsize i = 0; i < n; i++) {
    PREFETCH(&s->recs[entry_slot(src[i])]);
    sorted_insert(v, 0, i, src[i]);
  }
  s->heap_n = n;
}

/* The near set is empty: refill it from the ladder. FALSE when nothing is pending at all. */
static NOINLINE gboolean
ladder_refill(SimScheduler *s)
{
  for (;;) {
    if (s->depth == 0) {
      if (s->top_n == 0)
        return FALSE;
      SimTime lo = s->top_min, hi = s->top_max;
      gsize n = s->top_n;
      s->top_n = 0;
      s->top_min = SIM_TIME_NEVER;
      s->top_max = G_MININT64;
      if (n <= LQ_THRES || lo == hi) {
        /* few events: all of them, and everything scheduled next, live in the near set until it
         * overflows (near_insert_slow builds a rung then) */
        s->top_start = SIM_TIME_NEVER;
        near_load(s, s->top, n);
        return TRUE;
      }
      /* later events at or after hi go to top; those before it into this rung or the near set */
      s->top_start = hi;
      rung_spread(s, s->top, n, lo, hi);
      continue;
    }
    Rung *g = &s->rungs[s->depth - 1];
    while (g->cur < g->nb && g->b[g->cur].n == 0)
      g->cur++;
    if (g->cur == g->nb) {
      s->depth--;
      continue;
    }
    Bucket *b = &g->b[g->cur++];
    gsize n = b->n;
    b->n = 0;
    s->rung_n -= n;
    if (n > LQ_THRES && s->depth < LQ_MAX_RUNGS) {
      SimTime lo = b->v[0].time, hi = lo;
      for (gsize i = 1; i < n; i++) {
        lo = b->v[i].time < lo ? b->v[i].time : lo;
        hi = b->v[i].time > hi ? b->v[i].time : hi;
      }
      if (lo < hi) {
        /* b->v stays valid: the new rung's buckets are other arrays */
        rung_spread(s, b->v, n, lo, hi);
        continue;
      }
    }
    near_load(s, b->v, n);
    return TRUE;
  }
}

/* ------------------------------------------------------------------ radix heap */

#if defined(__GNUC__)
#define CLZ64(x) __builtin_clzll(x)
#define CTZ64(x) __builtin_ctzll(x)
#else
static inline int
CLZ64(guint64 x)
{
  int n = 0;
  while (!(x & (G_GUINT64_CONSTANT(1) << 63))) {
    x <<= 1;
    n++;
  }
  return n;
}
static inline int
CTZ64(guint64 x)
{
  int n = 0;
  while (!(x & 1)) {
    x >>= 1;
    n++;
  }
  return n;
}
#endif

static ALWAYS_INLINE void
rx_mark(SimScheduler *s, guint level, guint digit)
{
  s->rx_used[level][digit / 64] |= G_GUINT64_CONSTANT(1) << (digit % 64);
  s->rx_levels |= G_GUINT64_CONSTANT(1) << level;
}

static ALWAYS_INLINE void
rx_unmark(SimScheduler *s, guint level, guint digit)
{
  guint64 *u = s->rx_used[level];
  u[digit / 64] &= ~(G_GUINT64_CONSTANT(1) << (digit % 64));
  guint64 any = 0;
  for (guint w = 0; w < RX_WORDS; w++)
    any |= u[w];
  if (any == 0)
    s->rx_levels &= ~(G_GUINT64_CONSTANT(1) << level);
}

/* The near set as the FIFO of entries equal to rx_last: room for one more at the end. */
static NOINLINE void
near_make_room(SimScheduler *s)
{
  gsize head = s->near_head;
  if (head > 0 && head >= (s->heap_n - head)) {
    memmove(s->heap, s->heap + head, (s->heap_n - head) * sizeof(Entry));
    s->heap_n -= head;
    s->near_head = 0;
  } else {
    heap_reserve(s, s->heap_n + 1);
  }
}

/* Level and digit of time @t (!= rx_last): the highest differing digit, and @t's digit there. */
static ALWAYS_INLINE guint
rx_level(const SimScheduler *s, SimTime t)
{
  return (guint)(63 - CLZ64((guint64)t ^ (guint64)s->rx_last)) / RX_BITS;
}

static ALWAYS_INLINE guint
rx_digit(SimTime t, guint level)
{
  return (guint)((guint64)t >> (level * RX_BITS)) & (RX_DIGITS - 1);
}

static ALWAYS_INLINE void
rx_insert(SimScheduler *s, Entry e)
{
  if (G_UNLIKELY(e.time == s->rx_last)) {
    if (G_UNLIKELY(s->heap_n == s->heap_cap))
      near_make_room(s);
    s->heap[s->heap_n++] = e;
    return;
  }
  guint level = rx_level(s, e.time);
  guint digit = rx_digit(e.time, level);
  bucket_append(&s->rx[level * RX_DIGITS + digit], e);
  rx_mark(s, level, digit);
  s->rx_n++;
}

/* The first non-empty bucket: lowest level, then lowest digit (rx_levels != 0). */
static ALWAYS_INLINE guint
rx_first(const SimScheduler *s, guint *level_out)
{
  guint level = (guint)CTZ64(s->rx_levels);
  const guint64 *u = s->rx_used[level];
  guint w = 0;
  while (RX_WORDS > 1 && u[w] == 0)
    w++;
  *level_out = level;
  return w * 64 + (guint)CTZ64(u[w]);
}

/* Empties bucket (@level, @digit) of @n > 1 entries whose earliest time is at most @until: that
 * time becomes rx_last and every entry moves to a lower level or, if equal to it, to the near
 * set, in bucket order. Returns FALSE (nothing moved) if the earliest time is after @until. */
static NOINLINE gboolean
rx_spread(SimScheduler *s, guint level, guint digit, SimTime until)
{
  Bucket *b = &s->rx[level * RX_DIGITS + digit];
  const Entry *v = b->v;
  guint32 n = b->n;
  SimTime m = v[0].time;

  for (guint32 i = 1; i < n; i++)
    m = v[i].time < m ? v[i].time : m;
  if (m > until)
    return FALSE;
  b->n = 0;
  rx_unmark(s, level, digit);
  s->rx_n -= n;
  s->rx_last = m;
  /* every entry shares digits >= level with m, so none comes back into b: v stays valid */
  for (guint32 i = 0; i < n; i++)
    rx_insert(s, v[i]);
  return TRUE;
}

static void
rx_insert_any(SimScheduler *s, Entry e)
{
  rx_insert(s, e);
}

/* ------------------------------------------------------------------ records */

/* A free record keeps stale func/data: only its generation matters, and the bumped generation has
 * never been handed out, so no handle can name the free slot (until the 32-bit generation wraps,
 * after 2^32 reuses of one slot). */
static ALWAYS_INLINE void
slot_release(SimScheduler *s, guint32 slot)
{
  EventRecord *rec = &s->recs[slot];

  rec->gen++;
  rec->next_free = s->free_head;
  s->free_head = slot;
}

static NOINLINE guint32
slot_new(SimScheduler *s)
{
  if (s->rec_n == s->rec_cap) {
    if ((guint64)s->rec_cap >= MAX_SLOTS)
      g_error("scheduler: more than %" G_GUINT64_FORMAT " events pending at once", MAX_SLOTS);
    guint64 cap = s->rec_cap ? (guint64)s->rec_cap * 2 : 1024;
    if (cap > MAX_SLOTS)
      cap = MAX_SLOTS;
    void *mem = g_malloc(cap * sizeof(EventRecord) + 64);
    EventRecord *recs = (EventRecord *)(((guintptr)mem + 63) & ~(guintptr)63);
    if (s->rec_n > 0)
      memcpy(recs, s->recs, s->rec_n * sizeof(EventRecord));
    g_free(s->recs_mem);
    s->recs_mem = mem;
    s->recs = recs;
    s->rec_cap = (guint32)cap;
  }
  guint32 slot = s->rec_n++;
  s->recs[slot].gen = 1;
  return slot;
}

static ALWAYS_INLINE guint32
slot_acquire(SimScheduler *s)
{
  if (G_LIKELY(s->free_head != NO_SLOT)) {
    guint32 slot = s->free_head;
    s->free_head = s->recs[slot].next_free;
    return slot;
  }
  return slot_new(s);
}

/* ------------------------------------------------------------------ whole-set operations */

/* Calls @fn on every pending entry (cancelled ones included, the hole excluded); @fn returns FALSE
 * to drop the entry. Order within each container is kept, so the ladder's near set stays sorted;
 * the heaps are rebuilt. O(n + buckets). */
static void
filter_all(SimScheduler *s, gboolean (*fn)(SimScheduler *s, Entry *e, gpointer user), gpointer user)
{
  gsize k;

  if (s->hole) {
    s->hole = FALSE;
    heap_pop(s);
  }
  k = 0;
  for (gsize i = s->near_head; i < s->heap_n; i++) {
    if (fn(s, &s->heap[i], user))
      s->heap[k++] = s->heap[i];
  }
  s->heap_n = k;
  s->near_head = 0;
  /* the ladder's near set stays sorted and the radix FIFO in order: the filter keeps order */
  if (s->kind == SIM_QUEUE_HEAP4 || s->kind == SIM_QUEUE_HEAP2)
    heapify(s);
  k = 0;
  for (gsize i = 0; i < s->top_n; i++) {
    if (fn(s, &s->top[i], user))
      s->top[k++] = s->top[i];
  }
  s->top_n = k; /* top_min/max may now be loose bounds: harmless, they only size a rung */
  s->rung_n = 0;
  for (guint r = 0; r < s->depth; r++) {
    Rung *g = &s->rungs[r];
    for (guint32 bi = g->cur; bi < g->nb; bi++) {
      Bucket *b = &g->b[bi];
      k = 0;
      for (guint32 i = 0; i < b->n; i++) {
        if (fn(s, &b->v[i], user))
          b->v[k++] = b->v[i];
      }
      b->n = (guint32)k;
      s->rung_n += k;
    }
  }
  s->rx_n = 0;
  for (guint level = 0; s->rx != NULL && level < RX_LEVELS; level++) {
    for (guint digit = 0; digit < RX_DIGITS; digit++) {
      Bucket *b = &s->rx[level * RX_DIGITS + digit];
      if (b->n == 0)
        continue;
      k = 0;
      for (guint32 i = 0; i < b->n; i++) {
        if (fn(s, &b->v[i], user))
          b->v[k++] = b->v[i];
      }
      b->n = (guint32)k;
      s->rx_n += k;
      if (k == 0)
        rx_unmark(s, level, digit);
    }
  }
}

static gboolean
drop_cancelled(SimScheduler *s, Entry *e, gpointer user)
{
  (void)user;
  guint32 slot = entry_slot(*e);
  if (s->recs[slot].func != NULL)
    return TRUE;
  slot_release(s, slot);
  return FALSE;
}

static void
compact(SimScheduler *s)
{
  filter_all(s, drop_cancelled, NULL);
  s->ncancelled = 0;
}

static gboolean
collect(SimScheduler *s, Entry *e, gpointer user)
{
  (void)s;
  g_array_append_val((GArray *)user, *e);
  return FALSE;
}

/* Sequence numbers ran out (2^38 schedules): renumber the pending entries in their current order
 * and put them all back. O(n log n), once per 2.7e11 events. */
static NOINLINE void
renumber(SimScheduler *s)
{
  g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(Entry));

  filter_all(s, collect, all);
  qsort(all->data, all->len, sizeof(Entry), entry_cmp);
  for (guint r = 0; r < s->depth; r++) {
    for (guint32 bi = 0; bi < s->rungs[r].nb; bi++)
      s->rungs[r].b[bi].n = 0;
  }
  s->depth = 0;
  s->top_start = s->kind == SIM_QUEUE_LADDER ? G_MININT64 : SIM_TIME_NEVER;
  s->top_min = SIM_TIME_NEVER;
  s->top_max = G_MININT64;
  for (guint i = 0; i < all->len; i++) {
    Entry *e = &g_array_index(all, Entry, i);
    e->key = ((guint64)i << SLOT_BITS) | (e->key & SLOT_MASK);
    queue_insert(s, *e);
  }
  s->next_seq = all->len;
}

/* ------------------------------------------------------------------ public API */

static const char *const queue_names[] = { "ladder", "heap4", "heap2", "radix" };

const char *
sim_queue_kind_name(SimQueueKind kind)
{
  g_return_val_if_fail((guint)kind < G_N_ELEMENTS(queue_names), "?");
  return queue_names[kind];
}

gboolean
sim_queue_kind_parse(const char *name, SimQueueKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(queue_names); i++) {
    if (name != NULL && strcmp(name, queue_names[i]) == 0) {
      *out = (SimQueueKind)i;
      return TRUE;
    }
  }
  return FALSE;
}

SimScheduler *
sim_scheduler_new_with_queue(SimQueueKind kind)
{
  g_return_val_if_fail((guint)kind < G_N_ELEMENTS(queue_names), NULL);
  SimScheduler *s = g_new0(SimScheduler, 1);

  s->kind = kind;
  s->shift = kind == SIM_QUEUE_HEAP2 ? 1 : 2;
  s->free_head = NO_SLOT;
  s->next_seq = 1;
  /* the ladder starts with everything in its near set, like after a small refill */
  s->top_start = SIM_TIME_NEVER;
  s->top_min = SIM_TIME_NEVER;
  s->top_max = G_MININT64;
  if (kind == SIM_QUEUE_RADIX) {
    s->rx = g_new0(Bucket, RX_LEVELS * RX_DIGITS);
    s->rx_used = g_malloc0(RX_LEVELS * sizeof *s->rx_used);
  }
  heap_reserve(s, 256);
  return s;
}

SimScheduler *
sim_scheduler_new(void)
{
  return sim_scheduler_new_with_queue(SIM_QUEUE_LADDER);
}

void
sim_scheduler_free(SimScheduler *s)
{
  if (s == NULL)
    return;
  g_free(s->heap_mem);
  g_free(s->top);
  for (guint r = 0; r < LQ_MAX_RUNGS; r++) {
    for (guint32 i = 0; i < s->rungs[r].b_alloc; i++)
      g_free(s->rungs[r].b[i].v);
    g_free(s->rungs[r].b);
  }
  if (s->rx != NULL) {
    for (guint i = 0; i < RX_LEVELS * RX_DIGITS; i++)
      g_free(s->rx[i].v);
    g_free(s->rx);
    g_free(s->rx_used);
  }
  g_free(s->recs_mem);
  g_free(s);
}

SimQueueKind
sim_scheduler_queue(const SimScheduler *s)
{
  return s->kind;
}

SimTime
sim_scheduler_now(const SimScheduler *s)
{
  return s->now;
}

/* The general path: any structure, any case (renumbering, growth, near-set overflow). */
static NOINLINE SimEventId
schedule_slow(SimScheduler *s, SimTime when, SimEventFunc func, gpointer data)
{
  if (G_UNLIKELY(s->next_seq == SEQ_LIMIT))
    renumber(s);
  guint32 slot = slot_acquire(s);
  EventRecord *rec = &s->recs[slot];
  rec->func = func;
  rec->data = data;
  Entry e = { when, (s->next_seq++ << SLOT_BITS) | slot };
  queue_insert(s, e);
  return ((guint64)rec->gen << 32) | HANDLE_BIT | slot;
}

/* The common case with the ladder (and the radix heap), written without calls so that it needs
 * no saved registers: a free record, and room in the container the event belongs to. Anything
 * else takes schedule_slow(), which makes the same decisions in general code. */
static ALWAYS_INLINE SimEventId
schedule(SimScheduler *s, SimTime when, SimEventFunc func, gpointer data)
{
  guint32 slot = s->free_head;
  if (G_UNLIKELY(slot == NO_SLOT || s->next_seq == SEQ_LIMIT))
    return schedule_slow(s, when, func, data);
  Entry *dst;
  if (G_UNLIKELY(s->kind != SIM_QUEUE_LADDER)) {
    if (s->kind != SIM_QUEUE_RADIX || G_UNLIKELY(when == s->rx_last))
      return schedule_slow(s, when, func, data);
    guint level = rx_level(s, when);
    guint digit = rx_digit(when, level);
    Bucket *b = &s->rx[level * RX_DIGITS + digit];
    if (G_UNLIKELY(b->n == b->cap))
      return schedule_slow(s, when, func, data);
    dst = &b->v[b->n++];
    rx_mark(s, level, digit);
    s->rx_n++;
  } else if (when >= s->top_start) {
    if (G_UNLIKELY(s->top_n == s->top_cap))
      return schedule_slow(s, when, func, data);
    dst = &s->top[s->top_n++];
    s->top_min = when < s->top_min ? when : s->top_min;
    s->top_max = when > s->top_max ? when : s->top_max;
  } else {
    guint r = 0;
    Bucket *b = NULL;
    for (; r < s->depth; r++) {
      Rung *g = &s->rungs[r];
      guint32 i = rung_index(g, when);
      if (i >= g->cur) {
        b = &g->b[i];
        break;
      }
    }
    if (b != NULL) {
      if (G_UNLIKELY(b->n == b->cap))
        return schedule_slow(s, when, func, data);
      dst = &b->v[b->n++];
      s->rung_n++;
    } else {
      /* the near set, in ascending order: shift the later ones up by one */
      gsize n = s->heap_n, head = s->near_head;
      if (G_UNLIKELY(n - head >= LQ_NEAR_MAX || n == s->heap_cap))
        return schedule_slow(s, when, func, data);
      Entry *v = s->heap;
      gsize i = n;
      while (i > head && when < v[i - 1].time) { /* newest sequence number: after equal times */
        v[i] = v[i - 1];
        i--;
      }
      dst = &v[i];
      s->heap_n = n + 1;
    }
  }
  EventRecord *rec = &s->recs[slot];
  s->free_head = rec->next_free;
  rec->func = func;
  rec->data = data;
  dst->time = when;
  dst->key = s->next_seq++ << SLOT_BITS | slot;
  return ((guint64)rec->gen << 32) | HANDLE_BIT | slot;
}

SimEventId
sim_scheduler_at(SimScheduler *s, SimTime when, SimEventFunc func, gpointer data)
{
  g_return_val_if_fail(s != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(func != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(when >= s->now, SIM_EVENT_NONE);
  return schedule(s, when, func, data);
}

SimEventId
sim_scheduler_after(SimScheduler *s, SimTime delay, SimEventFunc func, gpointer data)
{
  g_return_val_if_fail(s != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(func != NULL, SIM_EVENT_NONE);
  g_return_val_if_fail(delay >= 0, SIM_EVENT_NONE);
  g_return_val_if_fail(delay <= SIM_TIME_NEVER - s->now, SIM_EVENT_NONE);
  return schedule(s, s->now + delay, func, data);
}

static EventRecord *
lookup(const SimScheduler *s, SimEventId id)
{
  guint32 slot = (guint32)(id & (HANDLE_BIT - 1));
  guint32 gen = (guint32)(id >> 32);

  if ((id & HANDLE_BIT) == 0 || slot >= s->rec_n)
    return NULL;
  EventRecord *rec = &s->recs[slot];
  if (rec->gen != gen || rec->func == NULL)
    return NULL;
  return rec;
}

static gsize
entries_total(const SimScheduler *s)
{
  return s->heap_n - s->near_head - (s->hole ? 1 : 0) + s->top_n + s->rung_n + s->rx_n;
}

gboolean
sim_scheduler_cancel(SimScheduler *s, SimEventId id)
{
  g_return_val_if_fail(s != NULL, FALSE);
  EventRecord *rec = lookup(s, id);

  if (rec == NULL)
    return FALSE;
  /* Mark only: the entry stays pending until it surfaces or the set is compacted. */
  rec->func = NULL;
  rec->data = NULL;
  rec->gen++;
  s->ncancelled++;
  if (s->ncancelled >= COMPACT_MIN && s->ncancelled * 2 > entries_total(s))
    compact(s);
  return TRUE;
}

gboolean
sim_scheduler_is_pending(const SimScheduler *s, SimEventId id)
{
  g_return_val_if_fail(s != NULL, FALSE);
  return lookup(s, id) != NULL;
}

/* One loop per structure family, so neither pays for the other's branches. */
/* Runs the event of @top, already taken out of the pending structure (ladder, radix). Its slot is
 * released before the call: the handler may schedule into this very slot, and cancelling its own
 * (now running) event is a harmless no-op. A cancelled entry only updates the count. */
static inline void
dispatch_taken(SimScheduler *s, Entry top)
{
  guint32 slot = entry_slot(top);
  EventRecord *rec = &s->recs[slot];
  SimEventFunc func = rec->func;
  gpointer data = rec->data;
  slot_release(s, slot);
  if (G_UNLIKELY(func == NULL)) { /* cancelled */
    s->ncancelled--;
    return;
  }
  s->now = top.time;
  s->dispatched++;
  func(s, data);
}

static SimRunStatus
run_ladder(SimScheduler *s, SimTime until)
{
  for (;;) {
    if (G_UNLIKELY(s->near_head == s->heap_n)) {
      s->near_head = s->heap_n = 0;
      if (!ladder_refill(s))
        return SIM_RUN_EMPTY;
    }
    Entry top = s->heap[s->near_head];
    if (top.time > until)
      return SIM_RUN_TIME_REACHED;
    s->near_head++;
    dispatch_taken(s, top);
    if (G_UNLIKELY(s->stop))
      return SIM_RUN_STOPPED;
  }
}

static SimRunStatus
run_radix(SimScheduler *s, SimTime until)
{
  for (;;) {
    Entry top;
    if (s->near_head < s->heap_n) {
      /* entries equal to rx_last, in scheduling order */
      top = s->heap[s->near_head];
      if (top.time > until)
        return SIM_RUN_TIME_REACHED;
      s->near_head++;
    } else {
      s->near_head = s->heap_n = 0;
      if (G_UNLIKELY(s->rx_levels == 0)) {
        s->rx_last = s->now; /* nothing pending: any time <= now will do */
        return SIM_RUN_EMPTY;
      }
      guint level;
      guint digit = rx_first(s, &level);
      Bucket *b = &s->rx[level * RX_DIGITS + digit];
      if (b->n > 1) {
        if (!rx_spread(s, level, digit, until))
          return SIM_RUN_TIME_REACHED;
        continue;
      }
      top = b->v[0];
      if (top.time > until)
        return SIM_RUN_TIME_REACHED;
      b->n = 0;
      rx_unmark(s, level, digit);
      s->rx_n--;
      s->rx_last = top.time;
    }
    dispatch_taken(s, top);
    if (G_UNLIKELY(s->stop))
      return SIM_RUN_STOPPED;
  }
}

static SimRunStatus
run_heap(SimScheduler *s, SimTime until)
{
  while (s->heap_n > 0) {
    Entry top = s->heap[0];
    if (top.time > until)
      return SIM_RUN_TIME_REACHED;
    guint32 slot = entry_slot(top);
    EventRecord *rec = &s->recs[slot];
    SimEventFunc func = rec->func;
    gpointer data = rec->data;
    slot_release(s, slot);
    if (G_UNLIKELY(func == NULL)) { /* cancelled */
      heap_pop(s);
      s->ncancelled--;
      continue;
    }
    s->now = top.time;
    s->dispatched++;
    /* the entry stays at the root while the handler runs; a near insert replaces it */
    s->hole = TRUE;
    func(s, data);
    if (s->hole) {
      s->hole = FALSE;
      heap_pop(s);
    }
    if (s->heap_n > 0)
      PREFETCH(&s->recs[entry_slot(s->heap[0])]);
    if (G_UNLIKELY(s->stop))
      return SIM_RUN_STOPPED;
  }
  return SIM_RUN_EMPTY;
}

SimRunStatus
sim_scheduler_run_until(SimScheduler *s, SimTime until)
{
  g_return_val_if_fail(s != NULL, SIM_RUN_EMPTY);
  g_return_val_if_fail(!s->running, SIM_RUN_STOPPED);
  s->stop = FALSE;
  s->running = TRUE;
  SimRunStatus st = s->kind == SIM_QUEUE_LADDER  ? run_ladder(s, until)
                    : s->kind == SIM_QUEUE_RADIX ? run_radix(s, until)
                                                 : run_heap(s, until);
  s->running = FALSE;
  s->stop = FALSE;
  if (st == SIM_RUN_STOPPED)
    return st;
  if (until == SIM_TIME_NEVER)
    return SIM_RUN_EMPTY;
  if (until > s->now)
    s->now = until;
  return SIM_RUN_TIME_REACHED;
}

SimRunStatus
sim_scheduler_run(SimScheduler *s)
{
  return sim_scheduler_run_until(s, SIM_TIME_NEVER);
}

void
sim_scheduler_stop(SimScheduler *s)
{
  g_return_if_fail(s != NULL);
  s->stop = TRUE;
}

gsize
sim_scheduler_pending(const SimScheduler *s)
{
  return entries_total(s) - s->ncancelled;
}

guint64
sim_scheduler_dispatched(const SimScheduler *s)
{
  return s->dispatched;
}

/* ------------------------------------------------------------------ test hooks */

void
sim_scheduler_debug_set_next_seq(SimScheduler *s, guint64 seq)
{
  g_return_if_fail(seq >= s->next_seq && seq <= SEQ_LIMIT);
  s->next_seq = seq;
}

guint
sim_scheduler_debug_depth(const SimScheduler *s)
{
  return s->depth;
}

gsize
sim_scheduler_debug_near(const SimScheduler *s)
{
  return s->heap_n - s->near_head - (s->hole ? 1 : 0);
}

gsize
sim_scheduler_debug_stored(const SimScheduler *s)
{
  return entries_total(s);
}
