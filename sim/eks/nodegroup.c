/* Node groups (see nodegroup.h; facts §1.6, §1.8, §4). */
#include "eks/nodegroup.h"

#include <string.h>

#include "net/host.h"
#include "net/vpc.h"

#define SIM_NODEGROUP_ERROR (sim_nodegroup_error_quark())
G_DEFINE_QUARK(sim-nodegroup-error-quark, sim_nodegroup_error)

struct _SimNodeGroup {
  char *name;
  SimNodeGroupType type;
  SimNodeGroupEnv env;
  guint subject;
  guint n, first;
  gboolean public_subnet;
  gboolean cluster_sg;
  SimSecurityGroup *own_sg;    /* self-managed without the cluster security group */
  SimSecurityGroup *sg;        /* the one its nodes carry (cluster or own) */
  SimHost **hosts;
  SimKubelet **kubelets;
  SimTime *boot;
  char *drop_detail;           /* the last SG drop's text, for the tracer */
  /* what the model reports itself */
  guint counter_evictable;
  double not_ready_sum_s;
  guint not_ready_n;
};

static const char *const type_names[] = { "managed", "self-managed", "fargate" };

guint
sim_nodegroup_count(const SimConfig *cfg, const char *name)
{
  g_autofree char *group = g_strdup_printf("nodegroup.%s", name);
  return (guint)sim_config_get_int(cfg, group, "nodes");
}

static void
kubelet_record(const SimRequestRecord *r, gpointer user)
{
  SimNodeGroup *ng = user;
  sim_recorder_request(ng->env.rec, ng->subject, r);
}

/* The node's security group, as a filter on what reaches it (stateful: only connection
 * openings are checked, net/filter.h). */
static gboolean
node_filter(SimHost *host, const SimPacket *pkt, gpointer data, SimDropReason *reason,
            const char **detail)
{
  SimNodeGroup *ng = data;
  /* stateful: only TCP connection openings are checked (a node serves no UDP; the datagrams it
   * receives are replies to its own DNS queries, which a security group admits) */
  if (pkt->proto != SIM_PROTO_TCP || !sim_packet_opens_connection(pkt) ||
      sim_security_group_admits(ng->sg, pkt->src, pkt->proto, pkt->dport))
    return TRUE;
  *reason = SIM_DROP_SG_DENIED;
  if (G_UNLIKELY(sim_network_tracing(ng->env.net))) {
    char a[16];
    g_free(ng->drop_detail);
    ng->drop_detail = g_strdup_printf("dropped at %s: security group %s does not admit %s on port %u",
                                      sim_host_name(host), sim_security_group_name(ng->sg),
                                      sim_ip_format(pkt->src, a), pkt->dport);
    *detail = ng->drop_detail;
  }
  return FALSE;
}

static SimSubnet *
subnet_for(SimNodeGroup *ng, guint k)
{
  GPtrArray *subnets = ng->public_subnet ? ng->env.pub_subnets : ng->env.priv_subnets;
  return g_ptr_array_index(subnets, k % subnets->len);
}

/* A host for node or pod @k with @name, in its subnet, carrying the group's security group. */
static SimHost *
place(SimNodeGroup *ng, guint k, const char *name, GError **error)
{
  SimSubnet *sn = subnet_for(ng, k);
  SimIp ip = sim_subnet_alloc_ip(sn);
  if (ip == 0) {
    char b[20];
    g_set_error(error, SIM_NODEGROUP_ERROR, 0,
                "[nodegroup.%s] nodes: subnet %s (%s) has no free address left for %s; allowed: "
                "fewer nodes, more AZs or a larger [vpc] cidr", ng->name, sim_subnet_name(sn),
                sim_cidr_format(sim_subnet_cidr(sn), b), name);
    return NULL;
  }
  g_autofree char *hname = g_strdup_printf("%s/%s/%s", sim_vpc_name(sim_subnet_vpc(sn)),
                                           sim_subnet_name(sn), name);
  SimHost *h = sim_host_new(ng->env.net, hname, ip, sim_subnet_az(sn));
  sim_vpc_attach(sn, sim_host_node(h));
  sim_security_group_add_member(ng->sg, ip);
  sim_host_set_filter(h, node_filter, ng);
  return h;
}

SimNodeGroup *
sim_nodegroup_new(const SimConfig *cfg, const char *name, const SimNodeGroupEnv *env,
                  guint first_node, GError **error)
{
  g_return_val_if_fail(cfg != NULL && name != NULL && env != NULL, NULL);
  g_autofree char *group = g_strdup_printf("nodegroup.%s", name);
  SimNodeGroup *ng = g_new0(SimNodeGroup, 1);
  ng->name = g_strdup(name);
  ng->env = *env;
  ng->first = first_node;
  ng->n = (guint)sim_config_get_int(cfg, group, "nodes");
  const char *type = sim_config_get_string(cfg, group, "type");
  ng->type = strcmp(type, "fargate") == 0        ? SIM_NODEGROUP_FARGATE
             : strcmp(type, "self-managed") == 0 ? SIM_NODEGROUP_SELF_MANAGED
                                                 : SIM_NODEGROUP_MANAGED;
  ng->public_subnet = strcmp(sim_config_get_string(cfg, group, "subnet"), "public") == 0;
  ng->cluster_sg = ng->type != SIM_NODEGROUP_SELF_MANAGED ||
                   (sim_config_has_value(cfg, group, "cluster_security_group") &&
                    sim_config_get_bool(cfg, group, "cluster_security_group"));
  if (ng->cluster_sg) {
    ng->sg = env->cluster_sg;
  } else {
    /* the node group's own security group: kubelet from the control plane (in the cluster VPC) */
    g_autofree char *sg_name = g_strdup_printf("%s-node-sg", name);
    ng->own_sg = sim_security_group_new(sg_name);
    for (guint i = 0; i < env->vpc_cidrs->len; i++)
      sim_security_group_allow(ng->own_sg, g_array_index(env->vpc_cidrs, SimCidr, i), SIM_PROTO_TCP,
                               SIM_KUBELET_PORT, SIM_KUBELET_PORT);
    ng->sg = ng->own_sg;
  }
  ng->subject = sim_recorder_add_subject(env->rec, SIM_SUBJECT_NODEGROUP, name);
  sim_recorder_set_nodes(env->rec, ng->subject, ng->n);
  ng->counter_evictable = sim_recorder_counter(env->rec, ng->subject, "node_pods_evictable", "nodes");
  ng->hosts = g_new0(SimHost *, MAX(ng->n, 1u));
  ng->kubelets = g_new0(SimKubelet *, MAX(ng->n, 1u));
  ng->boot = g_new0(SimTime, MAX(ng->n, 1u));

  SimDist *boot = sim_config_get_dist(cfg, group, "boot");
  SimRng *boot_rng = sim_rng_set_getf(env->rngs, "nodegroup/%s/boot", name);
  SimClientParams cp;
  sim_client_params_init(&cp);
  cp.endpoint = env->endpoint;
  for (guint k = 0; k < ng->n; k++) {
    g_autofree char *node_name = g_strdup_printf("%s-%u", name, k + 1);
    SimHost *h = place(ng, k, node_name, error);
    if (h == NULL) {
      sim_nodegroup_free(ng);
      return NULL;
    }
    ng->hosts[k] = h;
    if (ng->public_subnet)
      sim_igw_map(env->igw, sim_host_ip(h), env->public_ip(env->public_ip_user));
    SimRng *rng = sim_rng_set_getf(env->rngs, "kubelet/%s", node_name);
    ng->kubelets[k] = sim_kubelet_new(h, env->nameserver, node_name, &cp, env->kubelet, env->nlc,
                                      first_node + k, rng, kubelet_record, ng);
    ng->boot[k] = sim_dist_sample_time(boot, boot_rng);
  }
  return ng;
}

void
sim_nodegroup_free(SimNodeGroup *ng)
{
  if (ng == NULL)
    return;
  for (guint k = 0; k < ng->n; k++) {
    sim_kubelet_free(ng->kubelets[k]);
    sim_host_free(ng->hosts[k]);
  }
  g_free(ng->kubelets);
  g_free(ng->hosts);
  g_free(ng->boot);
  sim_security_group_free(ng->own_sg);
  g_free(ng->drop_detail);
  g_free(ng->name);
  g_free(ng);
}

void
sim_nodegroup_start(SimNodeGroup *ng)
{
  for (guint k = 0; k < ng->n; k++)
    sim_kubelet_start(ng->kubelets[k], ng->boot[k]);
}

void
sim_nodegroup_node_event(SimNodeGroup *ng, guint node, SimNodeEvent ev, SimTime at,
                         SimTime last_heartbeat)
{
  g_return_if_fail(node >= ng->first && node < ng->first + ng->n);
  guint k = node - ng->first;
  switch (ev) {
  case SIM_NODE_EVENT_READY:
    sim_recorder_node_ready(ng->env.rec, ng->subject, k, TRUE, at);
    break;
  case SIM_NODE_EVENT_NOT_READY:
    sim_recorder_node_ready(ng->env.rec, ng->subject, k, FALSE, at);
    if (at >= ng->env.warmup && last_heartbeat >= 0) {
      ng->not_ready_sum_s += sim_time_to_s(at - last_heartbeat);
      ng->not_ready_n++;
    }
    break;
  case SIM_NODE_EVENT_EVICTABLE:
    sim_recorder_add(ng->env.rec, ng->counter_evictable, at, 1);
    break;
  case SIM_NODE_EVENT_REGISTERED:
  default:
    break;
  }
}

void
sim_nodegroup_finish(SimNodeGroup *ng, SimTime end)
{
  (void)end;
  guint registered = 0;
  for (guint k = 0; k < ng->n; k++)
    registered += sim_nodelifecycle_registered(ng->env.nlc, ng->first + k) ? 1 : 0;
  sim_recorder_set_metric(ng->env.rec, ng->subject, "nodes_registered", "nodes", registered);
  sim_recorder_set_metric(ng->env.rec, ng->subject, "nodes_never_registered", "nodes",
                          ng->n - registered);
  if (ng->not_ready_n > 0)
    sim_recorder_set_metric(ng->env.rec, ng->subject, "node_time_to_not_ready_s", "s",
                            ng->not_ready_sum_s / ng->not_ready_n);
}

const char *
sim_nodegroup_name(const SimNodeGroup *ng)
{
  return ng->name;
}

SimNodeGroupType
sim_nodegroup_type(const SimNodeGroup *ng)
{
  return ng->type;
}

guint
sim_nodegroup_n_nodes(const SimNodeGroup *ng)
{
  return ng->n;
}

guint
sim_nodegroup_first_node(const SimNodeGroup *ng)
{
  return ng->first;
}

guint
sim_nodegroup_subject(const SimNodeGroup *ng)
{
  return ng->subject;
}

SimHost *
sim_nodegroup_node_host(SimNodeGroup *ng, guint i)
{
  g_return_val_if_fail(i < ng->n, NULL);
  return ng->hosts[i];
}

SimKubelet *
sim_nodegroup_kubelet(SimNodeGroup *ng, guint i)
{
  g_return_val_if_fail(i < ng->n, NULL);
  return ng->kubelets[i];
}

void
sim_nodegroup_reconnect(SimNodeGroup *ng)
{
  for (guint k = 0; k < ng->n; k++)
    sim_kubelet_reconnect(ng->kubelets[k]);
}

gboolean
sim_nodegroup_has_cluster_sg(const SimNodeGroup *ng)
{
  return ng->cluster_sg;
}

SimHost *
sim_nodegroup_place_pod(SimNodeGroup *ng, guint k, const char *name, GError **error)
{
  return place(ng, k, name, error);
}

const char *
sim_nodegroup_type_name(SimNodeGroupType t)
{
  return (guint)t < G_N_ELEMENTS(type_names) ? type_names[t] : "?";
}
