/* VPCs and subnets (see vpc.h). The address index is a hash table used for lookups only. */
#include "net/vpc.h"

struct _SimSubnet {
  SimVpc *vpc;
  char *name;
  SimCidr cidr;
  guint8 az;
  SimRouteTable *rt;
  guint32 next_host; /* offset of the next address to hand out */
};

struct _SimVpc {
  SimNetwork *net;
  char *name;
  GArray *cidrs;       /* SimCidr */
  GPtrArray *subnets;  /* SimSubnet*, owned */
  GPtrArray *tables;   /* SimRouteTable*, owned */
  GHashTable *hosts;   /* ip -> SimNode* (lookup only) */
};

static void
subnet_free(gpointer p)
{
  SimSubnet *s = p;
  g_free(s->name);
  g_free(s);
}

SimVpc *
sim_vpc_new(SimNetwork *net, const char *name, const GArray *cidrs)
{
  g_return_val_if_fail(net != NULL && name != NULL && cidrs != NULL && cidrs->len > 0, NULL);
  SimVpc *v = g_new0(SimVpc, 1);
  v->net = net;
  v->name = g_strdup(name);
  v->cidrs = g_array_sized_new(FALSE, FALSE, sizeof(SimCidr), cidrs->len);
  g_array_append_vals(v->cidrs, cidrs->data, cidrs->len);
  v->subnets = g_ptr_array_new_with_free_func(subnet_free);
  v->tables = g_ptr_array_new_with_free_func((GDestroyNotify)sim_route_table_free);
  v->hosts = g_hash_table_new(g_direct_hash, g_direct_equal);
  return v;
}

void
sim_vpc_free(SimVpc *vpc)
{
  if (vpc == NULL)
    return;
  g_hash_table_destroy(vpc->hosts);
  g_ptr_array_free(vpc->subnets, TRUE);
  g_ptr_array_free(vpc->tables, TRUE);
  g_array_free(vpc->cidrs, TRUE);
  g_free(vpc->name);
  g_free(vpc);
}

const char *
sim_vpc_name(const SimVpc *vpc)
{
  return vpc->name;
}

SimNetwork *
sim_vpc_network(const SimVpc *vpc)
{
  return vpc->net;
}

SimCidr
sim_vpc_primary_cidr(const SimVpc *vpc)
{
  return g_array_index(vpc->cidrs, SimCidr, 0);
}

const GArray *
sim_vpc_cidrs(const SimVpc *vpc)
{
  return vpc->cidrs;
}

gboolean
sim_vpc_contains(const SimVpc *vpc, SimIp ip)
{
  return sim_cidr_list_contains(vpc->cidrs, ip);
}

SimIp
sim_vpc_resolver_ip(const SimVpc *vpc)
{
  return sim_cidr_nth(sim_vpc_primary_cidr(vpc), 2);
}

SimRouteTable *
sim_vpc_add_route_table(SimVpc *vpc, const char *name)
{
  g_autofree char *full = g_strdup_printf("%s/%s", vpc->name, name);
  SimRouteTable *rt = sim_route_table_new(full);
  for (guint i = 0; i < vpc->cidrs->len; i++) {
    SimRoute r = { .dest = g_array_index(vpc->cidrs, SimCidr, i), .kind = SIM_ROUTE_LOCAL,
                   .target = vpc, .cls = SIM_LINK_BY_AZ };
    sim_route_table_add(rt, &r);
  }
  g_ptr_array_add(vpc->tables, rt);
  return rt;
}

SimSubnet *
sim_vpc_add_subnet(SimVpc *vpc, const char *name, SimCidr cidr, guint8 az, SimRouteTable *rt)
{
  g_return_val_if_fail(rt != NULL, NULL);
  SimSubnet *s = g_new0(SimSubnet, 1);
  s->vpc = vpc;
  s->name = g_strdup(name);
  s->cidr = cidr;
  s->az = az;
  s->rt = rt;
  s->next_host = 4;
  g_ptr_array_add(vpc->subnets, s);
  return s;
}

guint
sim_vpc_n_subnets(const SimVpc *vpc)
{
  return vpc->subnets->len;
}

SimSubnet *
sim_vpc_subnet(const SimVpc *vpc, guint i)
{
  g_return_val_if_fail(i < vpc->subnets->len, NULL);
  return g_ptr_array_index(vpc->subnets, i);
}

SimVpc *
sim_subnet_vpc(const SimSubnet *subnet)
{
  return subnet->vpc;
}

const char *
sim_subnet_name(const SimSubnet *subnet)
{
  return subnet->name;
}

SimCidr
sim_subnet_cidr(const SimSubnet *subnet)
{
  return subnet->cidr;
}

guint8
sim_subnet_az(const SimSubnet *subnet)
{
  return subnet->az;
}

SimRouteTable *
sim_subnet_route_table(const SimSubnet *subnet)
{
  return subnet->rt;
}

SimIp
sim_subnet_alloc_ip(SimSubnet *subnet)
{
  guint64 size = sim_cidr_size(subnet->cidr);
  /* AWS reserves the first four addresses and the last one of every subnet */
  while ((guint64)subnet->next_host + 1 < size) {
    SimIp ip = sim_cidr_nth(subnet->cidr, subnet->next_host++);
    if (sim_vpc_lookup(subnet->vpc, ip) == NULL)
      return ip;
  }
  return 0;
}

void
sim_vpc_add_address(SimVpc *vpc, SimIp ip, SimNode *node)
{
  g_return_if_fail(g_hash_table_lookup(vpc->hosts, GUINT_TO_POINTER(ip)) == NULL);
  g_hash_table_insert(vpc->hosts, GUINT_TO_POINTER(ip), node);
}

void
sim_vpc_remove_address(SimVpc *vpc, SimIp ip)
{
  g_hash_table_remove(vpc->hosts, GUINT_TO_POINTER(ip));
}

void
sim_vpc_attach(SimSubnet *subnet, SimNode *node)
{
  g_return_if_fail(node->ip != 0);
  sim_vpc_add_address(subnet->vpc, node->ip, node);
  node->subnet = subnet;
  node->uplink = NULL;
  if (node->az == SIM_AZ_NONE)
    node->az = subnet->az;
}

SimNode *
sim_vpc_lookup(const SimVpc *vpc, SimIp ip)
{
  return g_hash_table_lookup(vpc->hosts, GUINT_TO_POINTER(ip));
}
