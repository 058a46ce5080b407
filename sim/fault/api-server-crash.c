/* api-server-crash: API server instances (one by name, those of azN, or all active ones) crash
 * at the window's start and restart, empty, at its end (eks/apiserver.h: a crashed instance loses
 * its queue, its etcd writes and its connections, silently; restarted, it answers their segments
 * with RST).
 * What follows is the model's: the load balancer keeps sending new connections to the instance
 * until its health checks fail unhealthy_threshold times (2 x 30 s interval, each failing at the
 * 10 s timeout: facts §5.5), then resets the connections still pointing at it and uses the
 * remaining instances; clients on long-lived connections notice through the reset or their HTTP/2
 * health check. Detection: the first load balancer node marking the instance unhealthy;
 * recovery: every node sees it healthy again (healthy_threshold passes after the restart).
 * With target all or azN, only instances in service are hit (reserves kept for a control-plane
 * upgrade are not); a reserve can still be named.
 */
#include "fault/fault-private.h"

#include <string.h>

static gboolean
prepare(SimFault *f, GError **error)
{
  (void)error;
  gboolean by_name = strcmp(f->target, "all") != 0 && !(g_str_has_prefix(f->target, "az") &&
                                                         g_ascii_isdigit(f->target[2]));
  for (guint i = f->elems->len; i > 0; i--) {
    SimFaultElem *e = g_ptr_array_index(f->elems, i - 1);
    if (e->standby && !by_name)
      g_ptr_array_remove_index(f->elems, i - 1);
  }
  for (guint i = 0; i < f->elems->len; i++)
    sim_fault_watch_target(f, ((SimFaultElem *)g_ptr_array_index(f->elems, i))->index);
  return TRUE;
}

const SimFaultKind sim_fault_api_server_crash = {
  .name = "api-server-crash",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_API_SERVER),
  .az_targets = TRUE,
  .all_target = TRUE,
  .prepare = prepare,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
