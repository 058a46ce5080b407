/* Internals shared by fault.c and the fault kinds (sim/fault/KIND.c); not for other layers.
 *
 * A kind is a small ops table: prepare (resolve the target, read its keys, refuse what names
 * nothing), inject (at the window's start), lift (at its end; never called for a fault lasting
 * to the end of the run) and free. Elements are taken down through the environment's hold /
 * release, so that two faults on one element (an AZ outage during an API server crash) compose:
 * an element is up when nothing holds it down and its base state (an upgrade's launch or
 * termination) is up.
 */
#ifndef EKSIM_FAULT_FAULT_PRIVATE_H
#define EKSIM_FAULT_FAULT_PRIVATE_H

#include "fault/fault.h"

typedef struct _SimFault SimFault;

typedef struct {
  const char *name;     /* the `kind` value */
  guint32 elems;        /* SimFaultElemKind bits a target may name (0: only "all"/azN) */
  gboolean az_targets;  /* azN allowed */
  gboolean all_target;  /* "all" allowed */
  gboolean custom_target; /* prepare resolves the target itself (link places, spike kinds) */
  gboolean (*prepare)(SimFault *f, GError **error);
  void (*inject)(SimFault *f);
  void (*lift)(SimFault *f);
  void (*free)(SimFault *f);
  /* A load balancer node changed its view of @target (NULL: not interested). */
  void (*lb_health)(SimFault *f, guint target, gboolean healthy);
} SimFaultKind;

#define SIM_FAULT_BIT(k) (1u << (k))

struct _SimFaultEnv {
  SimNetwork *net;
  SimScheduler *sched;
  SimRecorder *rec;
  guint n_azs;
  SimTime duration;
  GPtrArray *elems;          /* SimFaultElem*, registration order */
  GPtrArray *az_scope;       /* SimVpc*: where an AZ outage strikes */
  GHashTable *states;        /* SimNode* -> NodeState*: base state and holds */
  SimLb *lb;
  SimEtcd *etcd;
  GPtrArray *cp_tables;
  SimSecurityGroup *cluster_sg;
  SimNode *edge;
  SimDnsZone *phz;
  gboolean public_access, private_access;
  GArray *cidrs;             /* SimCidr: public_access_cidrs now in force */
  SimFaultKubeletFunc kubelet_reconnect;
  GPtrArray *links;          /* LinkRule*: active link degradations (link-degradation.c) */
  double etcd_factor;
  SimTime node_grace;        /* how long after a fault a node turning not Ready still detects it */
};

struct _SimFault {
  const SimFaultKind *kind;
  SimFaults *set;
  SimFaultEnv *env;
  const SimConfig *cfg;
  char *name;          /* NAME of [fault.NAME] */
  char *group;         /* "fault.NAME" */
  const char *target;
  SimTime at, end;     /* end: SIM_TIME_NEVER until the end of the run */
  guint subject;       /* the recorder's fault subject */
  GPtrArray *elems;    /* SimFaultElem* the target named (borrowed) */
  GPtrArray *held;     /* SimNode* this fault holds down */
  GArray *watch;       /* guint: load balancer targets whose health check detects this fault */
  GArray *watch_nodes; /* guint: load balancer nodes whose own check detects it (out of DNS) */
  GHashTable *down_nodes; /* worker nodes marked not Ready while it was in effect (or within the
                           * grace period after): it has recovered when they are Ready again */
  gboolean injected, lifted, detected, recovered;
  gboolean open;       /* its load window is open */
  guint64 rejected0;   /* API servers' 429s when the window opened */
  guint queue_peak;
  gpointer state;      /* the kind's */
};

/* Kinds. */
extern const SimFaultKind sim_fault_az_outage;
extern const SimFaultKind sim_fault_api_server_crash;
extern const SimFaultKind sim_fault_control_plane_upgrade;
extern const SimFaultKind sim_fault_lb_node_failure;
extern const SimFaultKind sim_fault_nat_gateway_outage;
extern const SimFaultKind sim_fault_resolver_outage;
extern const SimFaultKind sim_fault_inbound_endpoint_outage;
extern const SimFaultKind sim_fault_link_degradation;
extern const SimFaultKind sim_fault_bastion_down;
extern const SimFaultKind sim_fault_vpn_down;
extern const SimFaultKind sim_fault_etcd_slow;
extern const SimFaultKind sim_fault_endpoint_change;
extern const SimFaultKind sim_fault_load_spike;

/* The fault error domain (one code: the scenario names something the model does not have). */
#define SIM_FAULT_ERROR (sim_fault_error_quark())
GQuark sim_fault_error_quark(void);
void sim_fault_fail(SimFault *f, GError **error, const char *key, const char *allowed, const char *fmt,
                    ...) G_GNUC_PRINTF(5, 6);

/* Fills f->elems from f->target by the kind's rules; FALSE with an error naming the allowed
 * targets when it names nothing. */
gboolean sim_fault_resolve_target(SimFault *f, GError **error);
/* The same with explicit rules (element kinds, azN and "all" allowed). */
gboolean sim_fault_resolve_elems(SimFault *f, guint32 elems, gboolean az_ok, gboolean all_ok, GError **error);
/* "all, az1..azN, NAME, ..." for the kind (caller frees). */
char *sim_fault_allowed_targets(const SimFaultEnv *env, const SimFaultKind *kind);
char *sim_fault_allowed_elems(const SimFaultEnv *env, guint32 elems, gboolean az_ok, gboolean all_ok);

/* Takes @node down for @f (recorded in f->held) / lets every node @f holds up again. */
void sim_fault_hold(SimFault *f, SimNode *node);
void sim_fault_release_all(SimFault *f);
/* Generic inject / lift: hold down the node of every element the target named / release. */
void sim_fault_hold_elems(SimFault *f);
void sim_fault_lift_release(SimFault *f);
/* The base state of @node (an upgrade launches or terminates an instance). */
void sim_fault_env_set_base(SimFaultEnv *env, SimNode *node, gboolean up);
/* Load balancer target @target's health check detects @f (api-server-crash, az-outage); the
 * load balancer node @node's own check does (lb-node-failure). */
void sim_fault_watch_target(SimFault *f, guint target);
void sim_fault_watch_lb_node(SimFault *f, guint node);
/* Marks on the fault subject. */
void sim_fault_mark(SimFault *f, const char *what);
/* Ends @f's window now (a control-plane upgrade ends when its last instance is replaced). */
void sim_fault_end_now(SimFault *f);
/* The endpoint's access switches and CIDRs (endpoint-change). */
void sim_fault_env_apply_endpoint(SimFaultEnv *env, gboolean public_access, gboolean private_access,
                                  const GArray *cidrs);
/* Moves every cross-account ENI to a new address in its subnet and fixes the control plane's
 * routes (control-plane upgrade). */
void sim_fault_env_readdress_enis(SimFaultEnv *env);
/* A fault's scheduler time now. */
SimTime sim_fault_now(const SimFault *f);

#endif
