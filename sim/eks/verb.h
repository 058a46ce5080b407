/* Kubernetes API verbs as the model sees them: mutating or not, long-running or not, and default
 * message sizes.
 *
 * Mutating verbs (create, update, patch, apply, delete, and the kubelet's lease renewal and
 * status update) count against --max-mutating-requests-inflight and write to etcd; the others
 * against --max-requests-inflight (facts §5.2). Long-running requests (watch, logs, exec,
 * port-forward) are exempt from the in-flight limits (facts §5.2, flow-control page); logs, exec
 * and port-forward are relayed by the API server to the node's kubelet on 10250 (facts §1.4).
 * Body sizes (proposed, not sourced; typical JSON objects of a small cluster): get 2 KiB
 * response; list 64 KiB response; create/update/patch/apply 2 KiB request and response; delete
 * 200 B request, 1 KiB response; watch 1 KiB initial response; logs 16 KiB; exec and port-forward
 * 1 KiB (the upgrade's answer; the session's data is not modelled); a Lease
 * update 600 B each way; a node status patch 4 KiB request.
 */
#ifndef EKSIM_EKS_VERB_H
#define EKSIM_EKS_VERB_H

#include <glib.h>

typedef enum {
  SIM_VERB_GET,
  SIM_VERB_LIST,
  SIM_VERB_CREATE,
  SIM_VERB_UPDATE,
  SIM_VERB_PATCH,
  SIM_VERB_APPLY,
  SIM_VERB_DELETE,
  SIM_VERB_WATCH,
  SIM_VERB_LOGS,
  SIM_VERB_EXEC,
  SIM_VERB_LEASE,  /* kubelet: update of its Lease in kube-node-lease */
  SIM_VERB_STATUS, /* kubelet: patch of its Node status */
  SIM_VERB_PORT_FORWARD, /* kubectl port-forward: a stream through the kubelet, like exec */
  SIM_VERB_N
} SimVerb;

/* "get", ... (static strings; the request record's verb). */
const char *sim_verb_name(SimVerb verb);
gboolean sim_verb_from_name(const char *name, SimVerb *out);
gboolean sim_verb_is_mutating(SimVerb verb);
gboolean sim_verb_is_long_running(SimVerb verb);
/* Default body sizes in bytes. */
guint32 sim_verb_request_size(SimVerb verb);
guint32 sim_verb_response_size(SimVerb verb);

#endif
