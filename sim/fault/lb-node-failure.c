/* lb-node-failure: one AZ's load balancer node (its name, or azN) or all of them fail for the
 * window. Packets reaching a failed node are dropped, its flows forgotten; clients connected
 * through it notice through their HTTP/2 health check (45 s, facts §5.6) or their request
 * timeout, new connections to its address time out at the dial timeout.
 * Recovery is the model's: AWS health-checks the nodes and withdraws a failed node's address from
 * the endpoint's DNS (eks/lb.h, SIM_LB_NODE_CHECK_*: every 10 s, out after 3 failures; proposed,
 * not sourced), so clients that resolve again stop picking it while cached answers (dns_ttl) and
 * resolvers' caches still hand it out. That withdrawal is the fault's detection; its return to DNS
 * after the fault, the recovery. Limit: the cross-account ENIs keep forwarding to the node of
 * their AZ (how EKS fails them over is not published), so the private endpoint through that ENI
 * stays down for the window.
 */
#include "fault/fault-private.h"

static gboolean
prepare(SimFault *f, GError **error)
{
  (void)error;
  for (guint i = 0; i < f->elems->len; i++)
    sim_fault_watch_lb_node(f, ((SimFaultElem *)g_ptr_array_index(f->elems, i))->index);
  return TRUE;
}

const SimFaultKind sim_fault_lb_node_failure = {
  .name = "lb-node-failure",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_LB_NODE),
  .az_targets = TRUE,
  .all_target = TRUE,
  .prepare = prepare,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
