/* Random streams: SHA-256-derived seeds for GSL MT19937 generators, grouped per replication. */
#include "core/rng.h"

#include <string.h>

struct _SimRng {
  gsl_rng *gen;
  char *name;
  guint32 seed;
};

struct _SimRngSet {
  guint64 master_seed;
  guint replication;
  GHashTable *by_name; /* name -> SimRng* (owned) */
  GHashTable *seeds;   /* seed -> TRUE, to detect collisions */
};

guint32
sim_rng_derive_seed(guint64 master_seed, guint replication, const char *name, guint salt)
{
  g_return_val_if_fail(name != NULL, 0);
  static const char tag[] = "eksim/rng/v1";
  guint8 buf[8 + 4 + 4];
  guint8 digest[32];
  gsize len = sizeof(digest);
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);

  /* Fixed little-endian layout so seeds do not depend on the host's byte order. */
  for (int i = 0; i < 8; i++)
    buf[i] = (guint8)(master_seed >> (8 * i));
  for (int i = 0; i < 4; i++) {
    buf[8 + i] = (guint8)(replication >> (8 * i));
    buf[12 + i] = (guint8)(salt >> (8 * i));
  }
  g_checksum_update(sum, (const guchar *)tag, sizeof(tag));
  g_checksum_update(sum, buf, sizeof(buf));
  g_checksum_update(sum, (const guchar *)name, (gssize)strlen(name));
  g_checksum_get_digest(sum, digest, &len);
  g_checksum_free(sum);
  return (guint32)digest[0] | (guint32)digest[1] << 8 | (guint32)digest[2] << 16 |
         (guint32)digest[3] << 24;
}

SimRng *
sim_rng_new_seeded(const char *name, guint32 seed)
{
  SimRng *rng = g_new0(SimRng, 1);

  rng->gen = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng->gen, seed);
  rng->name = g_strdup(name ? name : "");
  rng->seed = seed;
  return rng;
}

void
sim_rng_free(SimRng *rng)
{
  if (rng == NULL)
    return;
  gsl_rng_free(rng->gen);
  g_free(rng->name);
  g_free(rng);
}

const char *
sim_rng_name(const SimRng *rng)
{
  return rng->name;
}

guint32
sim_rng_seed(const SimRng *rng)
{
  return rng->seed;
}

gsl_rng *
sim_rng_gsl(SimRng *rng)
{
  return rng->gen;
}

double
sim_rng_uniform(SimRng *rng)
{
  return gsl_rng_uniform(rng->gen);
}

gboolean
sim_rng_bernoulli(SimRng *rng, double p)
{
  if (p <= 0.0)
    return FALSE;
  if (p >= 1.0)
    return TRUE;
  return gsl_rng_uniform(rng->gen) < p;
}

gulong
sim_rng_uniform_int(SimRng *rng, gulong n)
{
  g_return_val_if_fail(n > 0, 0);
  return gsl_rng_uniform_int(rng->gen, n);
}

SimRngSet *
sim_rng_set_new(guint64 master_seed, guint replication)
{
  SimRngSet *set = g_new0(SimRngSet, 1);

  set->master_seed = master_seed;
  set->replication = replication;
  set->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)sim_rng_free);
  set->seeds = g_hash_table_new(g_direct_hash, g_direct_equal);
  return set;
}

void
sim_rng_set_free(SimRngSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_destroy(set->by_name);
  g_hash_table_destroy(set->seeds);
  g_free(set);
}

guint64
sim_rng_set_master_seed(const SimRngSet *set)
{
  return set->master_seed;
}

guint
sim_rng_set_replication(const SimRngSet *set)
{
  return set->replication;
}

SimRng *
sim_rng_set_get(SimRngSet *set, const char *name)
{
  g_return_val_if_fail(set != NULL, NULL);
  g_return_val_if_fail(name != NULL, NULL);
  SimRng *rng = g_hash_table_lookup(set->by_name, name);

  if (rng != NULL)
    return rng;
  /* Two names on one 32-bit seed would draw identical sequences: re-derive with a salt. Which
   * of the two is re-derived depends on creation order, which is fixed for a given scenario. */
  guint salt = 0;
  guint32 seed;
  do {
    seed = sim_rng_derive_seed(set->master_seed, set->replication, name, salt++);
  } while (g_hash_table_contains(set->seeds, GUINT_TO_POINTER(seed)) || seed == 0);
  g_hash_table_add(set->seeds, GUINT_TO_POINTER(seed));
  rng = sim_rng_new_seeded(name, seed);
  g_hash_table_insert(set->by_name, rng->name, rng);
  return rng;
}

SimRng *
sim_rng_set_getf(SimRngSet *set, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *name = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  return sim_rng_set_get(set, name);
}

guint
sim_rng_set_size(const SimRngSet *set)
{
  return g_hash_table_size(set->by_name);
}
