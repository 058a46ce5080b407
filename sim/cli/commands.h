/* The eksim sub-commands. Each lives in its own sim/cli/cmd-NAME.c and is listed in main.c.
 *
 * A command gets argv with argv[0] = "eksim NAME" and returns the process exit status:
 * 0 success, 1 a run failed (results for the others are still written), 2 bad input or usage
 * (one clear line on stderr, nothing left behind that looks complete).
 */
#ifndef EKSIM_CLI_COMMANDS_H
#define EKSIM_CLI_COMMANDS_H

#define EKSIM_EXIT_OK 0
#define EKSIM_EXIT_FAILED 1
#define EKSIM_EXIT_USAGE 2
#define EKSIM_EXIT_INTERRUPTED 130 /* SIGINT/SIGTERM stopped a run (128 + SIGINT, as shells report) */

typedef int (*EksimCommandFunc)(int argc, char **argv);

typedef struct {
  const char *name;
  EksimCommandFunc func;
  const char *summary;
} EksimCommand;

int eksim_cmd_hold(int argc, char **argv);
int eksim_cmd_mmc(int argc, char **argv);
int eksim_cmd_check(int argc, char **argv);
int eksim_cmd_keys(int argc, char **argv);
int eksim_cmd_import(int argc, char **argv);
int eksim_cmd_merge(int argc, char **argv);
int eksim_cmd_run(int argc, char **argv);
int eksim_cmd_batch(int argc, char **argv);
int eksim_cmd_plot(int argc, char **argv);
int eksim_cmd_explain(int argc, char **argv);
int eksim_cmd_compare(int argc, char **argv);

#endif
