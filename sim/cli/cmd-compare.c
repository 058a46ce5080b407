/* eksim compare: placeholder replaced below. */
#include "cli/commands.h"
int
eksim_cmd_compare(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return EKSIM_EXIT_USAGE;
}
