/* Checks that involve more than one key: impossible combinations (facts sheet rules), references
 * between groups (a client in a network that does not exist), and derived keys. Run on every
 * variant after its values are parsed. Internal to sim/scenario/. */
#ifndef EKSIM_SCENARIO_VALIDATE_H
#define EKSIM_SCENARIO_VALIDATE_H

#include "scenario/config.h"
#include "scenario/diag.h"

/* Fills derived keys: [cluster] endpoint from public_access/private_access when those are
 * written, or the reverse. @top names the top-level file for problems with no line of their
 * own. */
void sim_validate_derive(SimConfig *cfg, const char *top, SimDiag *diag);
/* Reports every impossible combination in @cfg. */
void sim_validate_variant(const SimConfig *cfg, const char *top, SimDiag *diag);

#endif
