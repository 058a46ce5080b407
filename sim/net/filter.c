/* Security groups (see filter.h). */
#include "net/filter.h"

typedef struct {
  SimCidr cidr;
  guint8 proto;
  guint16 lo, hi;
} Rule;

struct _SimSecurityGroup {
  char *name;
  GHashTable *members; /* ip set (lookup only) */
  GArray *rules;       /* Rule */
};

SimSecurityGroup *
sim_security_group_new(const char *name)
{
  SimSecurityGroup *sg = g_new0(SimSecurityGroup, 1);
  sg->name = g_strdup(name);
  sg->members = g_hash_table_new(g_direct_hash, g_direct_equal);
  sg->rules = g_array_new(FALSE, FALSE, sizeof(Rule));
  return sg;
}

void
sim_security_group_free(SimSecurityGroup *sg)
{
  if (sg == NULL)
    return;
  g_hash_table_destroy(sg->members);
  g_array_free(sg->rules, TRUE);
  g_free(sg->name);
  g_free(sg);
}

const char *
sim_security_group_name(const SimSecurityGroup *sg)
{
  return sg->name;
}

void
sim_security_group_add_member(SimSecurityGroup *sg, SimIp ip)
{
  g_hash_table_add(sg->members, GUINT_TO_POINTER(ip));
}

void
sim_security_group_remove_member(SimSecurityGroup *sg, SimIp ip)
{
  g_hash_table_remove(sg->members, GUINT_TO_POINTER(ip));
}

void
sim_security_group_allow(SimSecurityGroup *sg, SimCidr cidr, guint8 proto, guint16 lo, guint16 hi)
{
  Rule r = { cidr, proto, lo, hi };
  g_array_append_val(sg->rules, r);
}

gboolean
sim_security_group_admits(const SimSecurityGroup *sg, SimIp src, guint8 proto, guint16 dport)
{
  if (g_hash_table_contains(sg->members, GUINT_TO_POINTER(src)))
    return TRUE;
  for (guint i = 0; i < sg->rules->len; i++) {
    const Rule *r = &g_array_index(sg->rules, Rule, i);
    if ((r->proto == 0 || r->proto == proto) && dport >= r->lo && dport <= r->hi &&
        sim_cidr_contains(r->cidr, src))
      return TRUE;
  }
  return FALSE;
}

gboolean
sim_packet_opens_connection(const SimPacket *pkt)
{
  if (pkt->proto == SIM_PROTO_TCP)
    return (pkt->flags & (SIM_TCP_SYN | SIM_TCP_ACK)) == SIM_TCP_SYN;
  return pkt->proto == SIM_PROTO_UDP;
}
