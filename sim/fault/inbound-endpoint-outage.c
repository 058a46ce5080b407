/* inbound-endpoint-outage: the Route 53 Resolver inbound endpoint's addresses (one by name or
 * AZ, or all) stop answering for the window.
 * What follows is the model's: a peered VPC's resolver or an on-prem DNS server forwarding the
 * cluster's name to the endpoint tries each address (2 s, twice: proto/resolver.h) and answers
 * SERVFAIL when none answers, so their clients fail as dns-timeout, or move on to the second
 * address when only one failed (slower lookups, not failures). Cached answers carry on until
 * their TTL. Nothing watches the endpoint: detected_s is empty.
 */
#include "fault/fault-private.h"

const SimFaultKind sim_fault_inbound_endpoint_outage = {
  .name = "inbound-endpoint-outage",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_INBOUND_ENDPOINT),
  .az_targets = TRUE,
  .all_target = TRUE,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
