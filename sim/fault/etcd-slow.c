/* etcd-slow: every etcd member's log appends (fsyncs) take latency_factor times longer for the
 * window (target all), e.g. a slow disk or a noisy neighbour. A quorum write waits for the
 * leader's fsync and one follower's, so its commit slows by about the factor; what follows is the
 * model's: mutating requests hold an API server worker longer, queues grow, the admission limit
 * (max_inflight_mutating) turns the excess into HTTP 429 with Retry-After, client-go retries them
 * (facts §5.2), kubelet lease renewals (updates) slow down and may exceed their deadline.
 * Overlapping etcd-slow faults multiply. Nothing watches etcd: detected_s is empty.
 */
#include "fault/fault-private.h"

typedef struct {
  double factor;
} Slow;

static gboolean
prepare(SimFault *f, GError **error)
{
  (void)error;
  Slow *s = g_new0(Slow, 1);
  s->factor = sim_config_get_double(f->cfg, f->group, "latency_factor");
  f->state = s;
  return TRUE;
}

static void
inject(SimFault *f)
{
  Slow *s = f->state;
  f->env->etcd_factor *= s->factor;
  sim_etcd_set_slowdown(f->env->etcd, f->env->etcd_factor);
}

static void
lift(SimFault *f)
{
  Slow *s = f->state;
  f->env->etcd_factor /= s->factor;
  sim_etcd_set_slowdown(f->env->etcd, f->env->etcd_factor);
}

static void
slow_free(SimFault *f)
{
  g_free(f->state);
}

const SimFaultKind sim_fault_etcd_slow = {
  .name = "etcd-slow",
  .elems = 0,
  .az_targets = FALSE,
  .all_target = TRUE,
  .prepare = prepare,
  .inject = inject,
  .lift = lift,
  .free = slow_free,
};
