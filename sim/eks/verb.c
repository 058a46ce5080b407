/* Verbs (see verb.h). */
#include "eks/verb.h"

#include <string.h>

static const struct {
  const char *name;
  gboolean mutating, long_running;
  guint32 req, resp;
} verbs[SIM_VERB_N] = {
  [SIM_VERB_GET] = { "get", FALSE, FALSE, 0, 2048 },
  [SIM_VERB_LIST] = { "list", FALSE, FALSE, 0, 65536 },
  [SIM_VERB_CREATE] = { "create", TRUE, FALSE, 2048, 2048 },
  [SIM_VERB_UPDATE] = { "update", TRUE, FALSE, 2048, 2048 },
  [SIM_VERB_PATCH] = { "patch", TRUE, FALSE, 2048, 2048 },
  [SIM_VERB_APPLY] = { "apply", TRUE, FALSE, 2048, 2048 },
  [SIM_VERB_DELETE] = { "delete", TRUE, FALSE, 200, 1024 },
  [SIM_VERB_WATCH] = { "watch", FALSE, TRUE, 0, 1024 },
  [SIM_VERB_LOGS] = { "logs", FALSE, TRUE, 0, 16384 },
  [SIM_VERB_EXEC] = { "exec", FALSE, TRUE, 0, 1024 },
  [SIM_VERB_LEASE] = { "lease", TRUE, FALSE, 600, 600 },
  [SIM_VERB_STATUS] = { "status", TRUE, FALSE, 4096, 600 },
  [SIM_VERB_PORT_FORWARD] = { "port-forward", FALSE, TRUE, 0, 1024 },
};

const char *
sim_verb_name(SimVerb verb)
{
  g_return_val_if_fail(verb < SIM_VERB_N, "?");
  return verbs[verb].name;
}

gboolean
sim_verb_from_name(const char *name, SimVerb *out)
{
  for (guint i = 0; i < SIM_VERB_N; i++) {
    if (strcmp(name, verbs[i].name) == 0) {
      *out = (SimVerb)i;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
sim_verb_is_mutating(SimVerb verb)
{
  return verb < SIM_VERB_N && verbs[verb].mutating;
}

gboolean
sim_verb_is_long_running(SimVerb verb)
{
  return verb < SIM_VERB_N && verbs[verb].long_running;
}

guint32
sim_verb_request_size(SimVerb verb)
{
  return verb < SIM_VERB_N ? verbs[verb].req : 0;
}

guint32
sim_verb_response_size(SimVerb verb)
{
  return verb < SIM_VERB_N ? verbs[verb].resp : 0;
}
