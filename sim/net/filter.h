/* Address filters: security groups and CIDR allow-lists, as network functions that drop.
 *
 * A security group admits a connection when its source is a member of the group ("all traffic
 * from self", the cluster security group's default rule, facts §1.6) or matches an allow rule
 * (CIDR and port range, e.g. TCP 443 from a bastion, a peered VPC or on-prem: the SG443 of facts
 * §1.8). Security groups are stateful: only packets that open a connection (a TCP SYN without
 * ACK, a UDP datagram to the protected port) are checked; replies and later segments pass.
 * Simplification: that "state" is read from the packet, not tracked per flow.
 * The public endpoint's public_access_cidrs list is a plain CIDR list checked on every packet
 * (facts §2), in eks/.
 */
#ifndef EKSIM_NET_FILTER_H
#define EKSIM_NET_FILTER_H

#include <glib.h>

#include "net/addr.h"
#include "net/packet.h"

typedef struct _SimSecurityGroup SimSecurityGroup;

SimSecurityGroup *sim_security_group_new(const char *name);
void sim_security_group_free(SimSecurityGroup *sg);
const char *sim_security_group_name(const SimSecurityGroup *sg);

/* Members: interfaces carrying the group (the "self" rule admits them on every port). */
void sim_security_group_add_member(SimSecurityGroup *sg, SimIp ip);
void sim_security_group_remove_member(SimSecurityGroup *sg, SimIp ip);
/* An inbound rule: @cidr on ports [lo, hi] of protocol @proto (0: any). */
void sim_security_group_allow(SimSecurityGroup *sg, SimCidr cidr, guint8 proto, guint16 lo,
                              guint16 hi);

/* TRUE if a connection from @src to port @dport (@proto) is admitted. */
gboolean sim_security_group_admits(const SimSecurityGroup *sg, SimIp src, guint8 proto, guint16 dport);
/* TRUE if @pkt opens a connection (the packets a stateful filter checks). */
gboolean sim_packet_opens_connection(const SimPacket *pkt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimSecurityGroup, sim_security_group_free)

#endif
