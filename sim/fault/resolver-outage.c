/* resolver-outage: a network's DNS resolver (by name: the cluster VPC's Route 53 Resolver at
 * base+2, a peered or TGW VPC's, an on-prem DNS server; or all of them) stops answering for the
 * window and forgets its cache (proto/resolver.c).
 * What follows is the model's: stub resolvers retry after 5 s and give up after 2 attempts (glibc
 * defaults, proto/stub.h), so a lookup fails as dns-timeout after 10 s; clients holding a cached
 * answer (dns_cache) or an open connection carry on until their answer's TTL runs out or the
 * connection has to be re-dialled. Nothing in the model watches a resolver: detected_s is empty.
 */
#include "fault/fault-private.h"

const SimFaultKind sim_fault_resolver_outage = {
  .name = "resolver-outage",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_RESOLVER),
  .az_targets = FALSE,
  .all_target = TRUE,
  .inject = sim_fault_hold_elems,
  .lift = sim_fault_lift_release,
};
