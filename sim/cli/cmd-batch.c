/* eksim batch FILE|DIR... [-o DIR]: eksim run over many scenario files (a folder contributes its
 * *.ini files, recursively, skipping names that start with '_'). All runs of all scenarios share
 * one pool of -j workers; a scenario that fails is listed at the end and the others go on. */
#include "cli/commands.h"
#include "cli/run-common.h"

int
eksim_cmd_batch(int argc, char **argv)
{
  return eksim_run_main(argc, argv, TRUE, eksim_world_ops());
}
