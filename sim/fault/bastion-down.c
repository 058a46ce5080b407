/* bastion-down: the hosts of a client group (target client.NAME: every instance of it; typically
 * a bastion in the cluster VPC) are down for the window: nothing leaves or reaches them, their
 * connections die. The client keeps trying to serve its users' calls, and they fail (the DNS
 * query cannot leave the host: dns-timeout, "the element it reached is down"), which is what the
 * users of a dead bastion see; after the window calls work again, through whatever connection
 * they open (an HTTP/2 connection kept across the window is dead and detected by its health
 * check). Nothing watches the bastion: detected_s is empty.
 */
#include "fault/fault-private.h"

const SimFaultKind sim_fault_bastion_down = {
  .name = "bastion-down",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_CLIENT),
  .az_targets = FALSE,
  .all_target = FALSE,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
