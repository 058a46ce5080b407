/* Route tables: entries sorted by prefix length (longest first, then by address, so the order is
 * a function of the contents), plus per-length hash indexes once the table is large. */
#include "net/route.h"

#define HASH_FROM 16 /* tables with more entries than this use the per-length indexes */

typedef struct {
  guint8 len;
  GHashTable *index; /* masked address -> entry index + 1 */
} LengthIndex;

struct _SimRouteTable {
  char *name;
  GArray *routes;   /* SimRoute, sorted */
  GArray *lengths;  /* LengthIndex, longest first; built when routes->len > HASH_FROM */
  gboolean icmp_unreachable;
};

static const char *const kind_names[] = {
  "local", "next-hop", "igw", "igw-ingress", "peering", "blackhole",
};

const char *
sim_route_kind_name(SimRouteKind kind)
{
  g_return_val_if_fail(kind <= SIM_ROUTE_BLACKHOLE, "?");
  return kind_names[kind];
}

SimRouteTable *
sim_route_table_new(const char *name)
{
  SimRouteTable *rt = g_new0(SimRouteTable, 1);
  rt->name = g_strdup(name);
  rt->routes = g_array_new(FALSE, TRUE, sizeof(SimRoute));
  rt->lengths = g_array_new(FALSE, TRUE, sizeof(LengthIndex));
  return rt;
}

static void
drop_indexes(SimRouteTable *rt)
{
  for (guint i = 0; i < rt->lengths->len; i++)
    g_hash_table_destroy(g_array_index(rt->lengths, LengthIndex, i).index);
  g_array_set_size(rt->lengths, 0);
}

void
sim_route_table_free(SimRouteTable *rt)
{
  if (rt == NULL)
    return;
  drop_indexes(rt);
  g_array_free(rt->lengths, TRUE);
  g_array_free(rt->routes, TRUE);
  g_free(rt->name);
  g_free(rt);
}

const char *
sim_route_table_name(const SimRouteTable *rt)
{
  return rt->name;
}

static gint
route_cmp(gconstpointer a, gconstpointer b)
{
  const SimRoute *x = a, *y = b;
  if (x->dest.len != y->dest.len)
    return x->dest.len > y->dest.len ? -1 : 1;
  return x->dest.net < y->dest.net ? -1 : x->dest.net > y->dest.net ? 1 : 0;
}

static void
rebuild(SimRouteTable *rt)
{
  g_array_sort(rt->routes, route_cmp);
  drop_indexes(rt);
  if (rt->routes->len <= HASH_FROM)
    return;
  for (guint i = 0; i < rt->routes->len; i++) {
    const SimRoute *r = &g_array_index(rt->routes, SimRoute, i);
    LengthIndex *li = rt->lengths->len
                          ? &g_array_index(rt->lengths, LengthIndex, rt->lengths->len - 1)
                          : NULL;
    if (li == NULL || li->len != r->dest.len) {
      LengthIndex n = { r->dest.len, g_hash_table_new(g_direct_hash, g_direct_equal) };
      g_array_append_val(rt->lengths, n);
      li = &g_array_index(rt->lengths, LengthIndex, rt->lengths->len - 1);
    }
    g_hash_table_insert(li->index, GUINT_TO_POINTER(r->dest.net), GUINT_TO_POINTER(i + 1));
  }
}

void
sim_route_table_add(SimRouteTable *rt, const SimRoute *route)
{
  g_return_if_fail(rt != NULL && route != NULL);
  for (guint i = 0; i < rt->routes->len; i++) {
    SimRoute *r = &g_array_index(rt->routes, SimRoute, i);
    if (r->dest.net == route->dest.net && r->dest.len == route->dest.len) {
      *r = *route;
      return; /* same destination: order and indexes unchanged */
    }
  }
  g_array_append_val(rt->routes, *route);
  rebuild(rt);
}

gboolean
sim_route_table_remove(SimRouteTable *rt, SimCidr dest)
{
  for (guint i = 0; i < rt->routes->len; i++) {
    SimRoute *r = &g_array_index(rt->routes, SimRoute, i);
    if (r->dest.net == dest.net && r->dest.len == dest.len) {
      g_array_remove_index(rt->routes, i);
      rebuild(rt);
      return TRUE;
    }
  }
  return FALSE;
}

static inline guint32
mask_of(guint8 len)
{
  return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

const SimRoute *
sim_route_table_lookup(const SimRouteTable *rt, SimIp dst)
{
  if (rt->lengths->len == 0) {
    for (guint i = 0; i < rt->routes->len; i++) {
      const SimRoute *r = &g_array_index(rt->routes, SimRoute, i);
      if ((dst & mask_of(r->dest.len)) == r->dest.net)
        return r;
    }
    return NULL;
  }
  for (guint i = 0; i < rt->lengths->len; i++) {
    const LengthIndex *li = &g_array_index(rt->lengths, LengthIndex, i);
    guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(li->index, GUINT_TO_POINTER(dst & mask_of(li->len))));
    if (idx != 0)
      return &g_array_index(rt->routes, SimRoute, idx - 1);
  }
  return NULL;
}

guint
sim_route_table_size(const SimRouteTable *rt)
{
  return rt->routes->len;
}

const SimRoute *
sim_route_table_nth(const SimRouteTable *rt, guint i)
{
  g_return_val_if_fail(i < rt->routes->len, NULL);
  return &g_array_index(rt->routes, SimRoute, i);
}

void
sim_route_table_set_icmp_unreachable(SimRouteTable *rt, gboolean on)
{
  rt->icmp_unreachable = on;
}

gboolean
sim_route_table_icmp_unreachable(const SimRouteTable *rt)
{
  return rt->icmp_unreachable;
}
