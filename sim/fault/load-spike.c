/* load-spike: a burst of load at the window's start.
 *   spike = ci-burst: every instance of the target client (client.NAME, or all clients) issues
 *     `requests` kubectl calls at once, each a new connection with its own DNS lookup and TLS
 *     handshake (a CI pipeline fanning out);
 *   spike = kubelet-reconnect: every kubelet of the target node group (nodegroup.NAME, azN or all)
 *     drops its connection and reconnects at once (as after a load balancer or API server
 *     restart), each with a DNS lookup, TCP and TLS handshakes and a burst of requests.
 * What follows is the model's: queues grow at the API servers, requests beyond the admission
 * limits (max_inflight_readonly / max_inflight_mutating, facts §5.2) are answered 429 with
 * Retry-After and retried by client-go; the window records the 429s sent and the longest queue.
 * The window only delimits the measurement: `duration` says how long to attribute failures to
 * the spike. Nothing detects it: detected_s is empty.
 */
#include "fault/fault-private.h"

#include <string.h>

typedef struct {
  gboolean kubelets;
  guint calls;
} Spike;

static gboolean
prepare(SimFault *f, GError **error)
{
  Spike *s = g_new0(Spike, 1);
  f->state = s;
  s->kubelets = strcmp(sim_config_get_string(f->cfg, f->group, "spike"), "kubelet-reconnect") == 0;
  if (s->kubelets) {
    if (!sim_fault_resolve_elems(f, SIM_FAULT_BIT(SIM_FAULT_ELEM_KUBELET), TRUE, TRUE, error))
      return FALSE;
    if (f->env->kubelet_reconnect == NULL) {
      sim_fault_fail(f, error, "spike", "ci-burst", "the model has no kubelets to reconnect");
      return FALSE;
    }
    return TRUE;
  }
  s->calls = (guint)sim_config_get_int(f->cfg, f->group, "requests");
  return sim_fault_resolve_elems(f, SIM_FAULT_BIT(SIM_FAULT_ELEM_CLIENT), FALSE, TRUE, error);
}

static void
inject(SimFault *f)
{
  Spike *s = f->state;
  for (guint i = 0; i < f->elems->len; i++) {
    SimFaultElem *e = g_ptr_array_index(f->elems, i);
    if (s->kubelets)
      f->env->kubelet_reconnect(e->obj);
    else
      sim_client_burst(e->obj, s->calls);
  }
}

static void
spike_free(SimFault *f)
{
  g_free(f->state);
}

const SimFaultKind sim_fault_load_spike = {
  .name = "load-spike",
  .elems = SIM_FAULT_BIT(SIM_FAULT_ELEM_CLIENT) | SIM_FAULT_BIT(SIM_FAULT_ELEM_KUBELET),
  .az_targets = TRUE,
  .all_target = TRUE,
  .custom_target = TRUE,
  .prepare = prepare,
  .inject = inject,
  .free = spike_free,
};
