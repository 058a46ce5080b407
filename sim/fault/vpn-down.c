/* vpn-down: the site-to-site VPN of an on-prem network (target network.NAME, or all such
 * networks) is down for the window: its virtual private gateway drops every packet
 * (node-down), both ways.
 * What follows is the model's: on-prem clients using the private endpoint (or the inbound
 * endpoint for DNS) time out at their dial timeout or DNS timeout; those whose DNS answer is the
 * public endpoint (public and public+private modes without forwarding) leave through the on-prem
 * internet breakout and keep working. Simplified: no BGP, so no route is withdrawn and nothing
 * answers "unreachable" (a dead tunnel looks like a black hole); nothing watches the tunnel:
 * detected_s is empty.
 */
#include "fault/fault-private.h"

const SimFaultKind sim_fault_vpn_down = {
  .name = "vpn-down",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_VPN),
  .az_targets = FALSE,
  .all_target = TRUE,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
