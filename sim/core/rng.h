/* Random streams: named, independently seeded GSL generators.
 *
 * Every source of randomness in a run (a client's think times, a link's jitter and loss, a node's
 * start offset...) draws from its own named stream. A stream's seed is derived from
 * (master seed, replication index, stream name) by SHA-256, so adding a client or a link never
 * changes what any other stream draws, and replications get unrelated seeds. The generator is
 * GSL's MT19937 (gsl_rng_mt19937), whose seed is 32 bits; a per-run stream set detects two names
 * landing on the same seed and re-derives the later one (NOTES.md, "Random streams").
 */
#ifndef EKSIM_CORE_RNG_H
#define EKSIM_CORE_RNG_H

#include <glib.h>
#include <gsl/gsl_rng.h>

typedef struct _SimRng SimRng;
typedef struct _SimRngSet SimRngSet;

/* The 32-bit seed of stream @name (salt 0 = first choice; >0 after a collision). */
guint32 sim_rng_derive_seed(guint64 master_seed, guint replication, const char *name, guint salt);

/* A stand-alone stream seeded directly (benchmarks and tests); free with sim_rng_free(). */
SimRng *sim_rng_new_seeded(const char *name, guint32 seed);
void sim_rng_free(SimRng *rng);

const char *sim_rng_name(const SimRng *rng);
guint32 sim_rng_seed(const SimRng *rng);

/* The underlying GSL generator, for gsl_ran_* calls. Owned by @rng. */
gsl_rng *sim_rng_gsl(SimRng *rng);

/* Uniform on [0, 1). */
double sim_rng_uniform(SimRng *rng);
/* TRUE with probability @p (p <= 0: never, p >= 1: always; no draw is made in those cases). */
gboolean sim_rng_bernoulli(SimRng *rng, double p);
/* Uniform integer in [0, n), n > 0. */
gulong sim_rng_uniform_int(SimRng *rng, gulong n);

/* All streams of one replication. Streams are created on first use and owned by the set. A set
 * and its streams belong to one thread at a time (one replication runs on one thread). */
SimRngSet *sim_rng_set_new(guint64 master_seed, guint replication);
void sim_rng_set_free(SimRngSet *set);
guint64 sim_rng_set_master_seed(const SimRngSet *set);
guint sim_rng_set_replication(const SimRngSet *set);
/* The stream named @name, created on first use; the same pointer on every later call. */
SimRng *sim_rng_set_get(SimRngSet *set, const char *name);
/* Same, with the name built from a printf format. */
SimRng *sim_rng_set_getf(SimRngSet *set, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
guint sim_rng_set_size(const SimRngSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRng, sim_rng_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRngSet, sim_rng_set_free)

#endif
