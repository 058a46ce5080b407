/* az-outage: everything in one availability zone (target azN) fails for the window: in the
 * cluster VPC the worker nodes, clients, NAT gateway, cross-account ENIs and Resolver inbound
 * endpoint addresses of that AZ; in the AWS-managed VPC its API server(s), etcd member and load
 * balancer node (with its health checker). The customer's azN and the control plane's azN are
 * taken to be the same physical zone (AZ names differ between accounts; AZ IDs are what match,
 * an assumption here). Regional services stay up: the Route 53 Resolver, internet gateways,
 * connected networks (their own subnets are not counted in the cluster's AZs).
 * What follows is the model's: the load balancer's other nodes mark the AZ's API servers
 * unhealthy (detection), etcd elects a leader among the two remaining members if the leader was
 * there, nodes in the AZ stop renewing their leases and turn not Ready after the grace period,
 * nodes elsewhere whose NAT gateway was in the AZ (nat = single in az1) lose the public endpoint
 * too, the failed load balancer node leaves DNS after its checks fail. At the end everything
 * restarts empty; recovery is when every affected API server is healthy again everywhere and the
 * nodes are back.
 */
#include "fault/fault-private.h"

#include "net/vpc.h"

static gboolean
in_scope(const SimFaultEnv *env, const SimNode *node)
{
  if (node->subnet == NULL)
    return FALSE;
  SimVpc *vpc = sim_subnet_vpc(node->subnet);
  for (guint i = 0; i < env->az_scope->len; i++)
    if (g_ptr_array_index(env->az_scope, i) == vpc)
      return TRUE;
  return FALSE;
}

static guint
az_of(const SimFault *f)
{
  return (guint)g_ascii_strtoull(f->target + 2, NULL, 10) - 1;
}

static gboolean
prepare(SimFault *f, GError **error)
{
  (void)error;
  guint az = az_of(f);
  for (guint i = 0; i < f->env->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(f->env->elems, i);
    if (e->kind == SIM_FAULT_ELEM_API_SERVER && e->az == az)
      sim_fault_watch_target(f, e->index);
    if (e->kind == SIM_FAULT_ELEM_LB_NODE && e->az == az)
      sim_fault_watch_lb_node(f, e->index);
  }
  return TRUE;
}

static void
inject(SimFault *f)
{
  guint az = az_of(f);
  SimNetwork *net = f->env->net;
  for (guint i = 0; i < sim_network_n_nodes(net); i++) {
    SimNode *node = sim_network_node(net, i);
    if (node->az == az && in_scope(f->env, node))
      sim_fault_hold(f, node);
  }
}

const SimFaultKind sim_fault_az_outage = {
  .name = "az-outage",
  .elems = 0,
  .az_targets = TRUE,
  .all_target = FALSE,
  .prepare = prepare,
  .inject = inject,
  .lift = sim_fault_lift_release,
};
