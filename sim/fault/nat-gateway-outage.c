/* nat-gateway-outage: one NAT gateway (its name, or azN for the gateway in that AZ) or all of
 * them fail for the window: packets reaching a failed gateway are dropped (node-down) and its
 * flows are forgotten, so connections through it die silently and a recovered gateway answers
 * their next segment from inside with an RST (net/nat.c).
 * What follows is the model's: nodes in private subnets that reach a public endpoint through the
 * gateway lose their lease renewals and turn not Ready after the node-monitor grace period (facts
 * §5.1); with private access their API traffic uses the cross-account ENIs and never notices
 * (facts §1.3, §1.8 row (f)). Nothing in the model watches the gateway itself: detection is the
 * first node marked not Ready (stats/recorder.c).
 */
#include "fault/fault-private.h"

const SimFaultKind sim_fault_nat_gateway_outage = {
  .name = "nat-gateway-outage",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_NAT_GATEWAY),
  .az_targets = TRUE,
  .all_target = TRUE,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
