/* Scheduler internals exposed to tests only (never to models). */
#ifndef EKSIM_CORE_SCHEDULER_PRIVATE_H
#define EKSIM_CORE_SCHEDULER_PRIVATE_H

#include "core/scheduler.h"

/* Moves the next sequence number forward, so tests reach the 2^38 renumbering point quickly. */
void sim_scheduler_debug_set_next_seq(SimScheduler *sched, guint64 seq);
/* Number of ladder rungs in use (0 for the heaps). */
guint sim_scheduler_debug_depth(const SimScheduler *sched);
/* Entries in the near heap (the whole pending set for the heaps). */
gsize sim_scheduler_debug_near(const SimScheduler *sched);
/* Entries held, cancelled ones included (compaction keeps this below 2 x pending + 256). */
gsize sim_scheduler_debug_stored(const SimScheduler *sched);
/* The sequence-number limit at which pending entries are renumbered. */
#define SIM_SCHEDULER_DEBUG_SEQ_LIMIT (G_GUINT64_CONSTANT(1) << 38)

#endif
