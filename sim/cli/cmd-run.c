/* eksim run FILE [-o DIR]: every variant x replication of one scenario on the EKS world model,
 * results in DIR/SCENARIO/ (README.md "Result files"), then the variants side by side. The
 * options and exit statuses are shared with eksim batch (cli/run-common.c). */
#include "cli/commands.h"
#include "cli/run-common.h"
#include "eks/world.h"

static gpointer
world_create(const SimConfig *cfg, guint replication, SimRecorder *rec, GError **error)
{
  return sim_world_new(cfg, replication, rec, error);
}

static void
world_run(gpointer world)
{
  sim_world_run(world);
}

static guint64
world_events(gpointer world)
{
  return sim_world_events(world);
}

static void
world_destroy(gpointer world)
{
  sim_world_free(world);
}

static const SimModelOps world_ops = { "eks-world", world_create, world_run, world_events, world_destroy };

const SimModelOps *
eksim_world_ops(void)
{
  return &world_ops;
}

int
eksim_cmd_run(int argc, char **argv)
{
  return eksim_run_main(argc, argv, FALSE, &world_ops);
}
