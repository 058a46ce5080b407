/* IPv4 addresses and CIDR blocks.
 *
 * Addresses are host-order 32-bit integers (SimIp); a CIDR is a network address plus a prefix
 * length, always stored normalised (host bits cleared). Parsing is strict: dotted quad with four
 * decimal octets 0..255, no leading "+", no IPv6 (EKS IPv4 clusters accept IPv4 CIDRs only,
 * facts §1.2).
 */
#ifndef EKSIM_NET_ADDR_H
#define EKSIM_NET_ADDR_H

#include <glib.h>

typedef guint32 SimIp;

typedef struct {
  SimIp net;   /* host bits cleared */
  guint8 len;  /* 0..32 */
} SimCidr;

#define SIM_ADDR_ERROR (sim_addr_error_quark())
GQuark sim_addr_error_quark(void);
typedef enum {
  SIM_ADDR_ERROR_SYNTAX,
  SIM_ADDR_ERROR_HOST_BITS, /* "10.0.0.1/16": host bits set (refused when strict) */
} SimAddrError;

#define SIM_IP_ALLOWED "a dotted-quad IPv4 address such as 203.0.113.7"
#define SIM_CIDR_ALLOWED "an IPv4 CIDR block such as 10.0.0.0/16"

gboolean sim_ip_parse(const char *text, SimIp *out, GError **error);
/* Writes "a.b.c.d" into @buf (at least 16 bytes) and returns it. */
char *sim_ip_format(SimIp ip, char buf[16]);
#define SIM_IP(a, b, c, d) ((SimIp)(((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (guint32)(d)))

/* "10.0.0.0/16"; a bare address means /32. With @strict, host bits must be zero. */
gboolean sim_cidr_parse(const char *text, gboolean strict, SimCidr *out, GError **error);
/* Writes "a.b.c.d/n" into @buf (at least 20 bytes) and returns it. */
char *sim_cidr_format(SimCidr cidr, char buf[20]);
gboolean sim_cidr_contains(SimCidr cidr, SimIp ip);
/* TRUE if the two blocks share any address. */
gboolean sim_cidr_overlaps(SimCidr a, SimCidr b);
/* The @i-th address of the block (i = 0 is the network address). */
SimIp sim_cidr_nth(SimCidr cidr, guint32 i);
guint64 sim_cidr_size(SimCidr cidr);
/* The @i-th sub-block of length @len inside @cidr (e.g. /24 subnets of a /16). */
SimCidr sim_cidr_subnet(SimCidr cidr, guint8 len, guint32 i);

/* Comma-separated list of CIDRs ("0.0.0.0/0, 203.0.113.0/24"); at least one entry. */
gboolean sim_cidr_list_parse(const char *text, gboolean strict, GArray **out, GError **error);
/* TRUE if any block of @list (GArray of SimCidr) contains @ip. */
gboolean sim_cidr_list_contains(const GArray *list, SimIp ip);

/* RFC 1918 private ranges (10/8, 172.16/12, 192.168/16). */
gboolean sim_ip_is_private(SimIp ip);

#endif
