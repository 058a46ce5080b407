/* The event scheduler: the discrete-event kernel every model runs on.
 *
 * Events are (time, handler, data) triples ordered by (time, sequence number assigned when
 * scheduled), so events at equal times run in the order they were scheduled and a run is a pure
 * function of its inputs. Scheduling allocates nothing on the hot path: event records live in a
 * slab with a free list, and the pending set is a ladder queue over arrays of 16-byte keys with a
 * small 4-ary heap at its bottom (or, on request, a plain 4-ary or binary heap; NOTES.md, "Event
 * kernel", has the measurements behind the default). Arrays grow geometrically and keep their
 * capacity, so a steady run stops allocating after warm-up.
 *
 * Cancelling only marks the record; the entry is dropped when it reaches the front (or when
 * cancelled entries outnumber live ones and the pending set is compacted), so a handler may cancel
 * any event, including itself, at O(1) cost.
 *
 * A scheduler belongs to one thread at a time: one replication, one scheduler.
 */
#ifndef EKSIM_CORE_SCHEDULER_H
#define EKSIM_CORE_SCHEDULER_H

#include <glib.h>

#include "core/time.h"

typedef struct _SimScheduler SimScheduler;

/* An event handler. The scheduler never owns or frees @data: whoever schedules the event keeps
 * ownership and must keep @data alive until the event has run or been cancelled. */
typedef void (*SimEventFunc)(SimScheduler *sched, gpointer data);

/* Handle of a scheduled event; stays unique for the scheduler's lifetime. 0 is "no event". */
typedef guint64 SimEventId;
#define SIM_EVENT_NONE ((SimEventId)0)

typedef enum {
  SIM_RUN_EMPTY,        /* run: no pending event left */
  SIM_RUN_TIME_REACHED, /* run_until: every event at or before the limit has run */
  SIM_RUN_STOPPED,      /* a handler called sim_scheduler_stop() */
} SimRunStatus;

/* The structure holding pending events. Dispatch order is the same for all of them; only speed
 * differs. */
typedef enum {
  SIM_QUEUE_LADDER, /* ladder queue with a 4-ary heap bottom: the default */
  SIM_QUEUE_HEAP4,  /* implicit 4-ary heap */
  SIM_QUEUE_HEAP2,  /* implicit binary heap */
  SIM_QUEUE_RADIX,  /* radix heap over the bits of the time (no event is earlier than now) */
} SimQueueKind;

#define SIM_QUEUE_N_KINDS (SIM_QUEUE_RADIX + 1)
#define SIM_QUEUE_ALLOWED "ladder, heap4, heap2, radix"

/* A scheduler with the default pending-event structure (SIM_QUEUE_LADDER). */
SimScheduler *sim_scheduler_new(void);
/* A scheduler with a chosen pending-event structure (benchmarks, tests). */
SimScheduler *sim_scheduler_new_with_queue(SimQueueKind kind);
void sim_scheduler_free(SimScheduler *sched);
SimQueueKind sim_scheduler_queue(const SimScheduler *sched);

/* "ladder", "heap4", "heap2", "radix". */
const char *sim_queue_kind_name(SimQueueKind kind);
/* Reads one of the names above; FALSE if @name is none of them. */
gboolean sim_queue_kind_parse(const char *name, SimQueueKind *out);

/* Current simulated time: the time of the event being dispatched, or where the last run ended. */
SimTime sim_scheduler_now(const SimScheduler *sched);

/* Schedules @func(@data) at absolute time @when (>= now). Returns its handle. */
SimEventId sim_scheduler_at(SimScheduler *sched, SimTime when, SimEventFunc func, gpointer data);

/* Schedules @func(@data) @delay (>= 0, and now + delay must not overflow) after now. */
SimEventId sim_scheduler_after(SimScheduler *sched, SimTime delay, SimEventFunc func, gpointer data);

/* Cancels a pending event. Returns TRUE if it was pending (it will not run), FALSE if it already
 * ran, is running now, was cancelled before, or is SIM_EVENT_NONE. Safe from any handler. */
gboolean sim_scheduler_cancel(SimScheduler *sched, SimEventId id);

/* TRUE while the event is scheduled and neither run nor cancelled. */
gboolean sim_scheduler_is_pending(const SimScheduler *sched, SimEventId id);

/* Runs events in order until none is left or a handler stops the run. Not reentrant: a handler
 * must not call run or run_until. */
SimRunStatus sim_scheduler_run(SimScheduler *sched);

/* Runs every event whose time is <= @until, in order. Unless stopped, the clock then reads
 * @until even if the queue ran dry earlier; events after @until stay pending. */
SimRunStatus sim_scheduler_run_until(SimScheduler *sched, SimTime until);

/* Asks the running loop to return after the current handler. */
void sim_scheduler_stop(SimScheduler *sched);

/* Number of pending (not cancelled) events. */
gsize sim_scheduler_pending(const SimScheduler *sched);

/* Number of events dispatched so far (cancelled events are not counted). */
guint64 sim_scheduler_dispatched(const SimScheduler *sched);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimScheduler, sim_scheduler_free)

#endif
