/* The eksim version, written into every result header (summary.json) and printed by --version. */
#ifndef EKSIM_CORE_VERSION_H
#define EKSIM_CORE_VERSION_H

#define EKSIM_VERSION "0.1.0"

#endif
