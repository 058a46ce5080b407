/* IPv4 addresses and CIDR blocks: strict parsing, formatting and containment. */
#include "net/addr.h"

#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(sim-addr-error-quark, sim_addr_error)

static inline guint32
mask_of(guint8 len)
{
  return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

/* Reads one octet: 1 to 3 decimal digits, value <= 255, no leading zeros beyond "0". */
static const char *
read_octet(const char *p, guint32 *out)
{
  guint32 v = 0;
  int n = 0;

  while (g_ascii_isdigit(p[n]) && n < 4) {
    v = v * 10 + (guint32)(p[n] - '0');
    n++;
  }
  if (n == 0 || n > 3 || v > 255 || (n > 1 && p[0] == '0'))
    return NULL;
  *out = v;
  return p + n;
}

static gboolean
parse_ip_prefix(const char *text, SimIp *out, const char **end)
{
  const char *p = text;
  SimIp ip = 0;

  for (int i = 0; i < 4; i++) {
    guint32 o;
    p = read_octet(p, &o);
    if (p == NULL)
      return FALSE;
    ip = (ip << 8) | o;
    if (i < 3) {
      if (*p != '.')
        return FALSE;
      p++;
    }
  }
  *out = ip;
  *end = p;
  return TRUE;
}

gboolean
sim_ip_parse(const char *text, SimIp *out, GError **error)
{
  g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
  const char *end;

  if (!parse_ip_prefix(t, out, &end) || *end != '\0') {
    g_set_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX, "'%s' is not an IPv4 address; allowed: %s",
                t, SIM_IP_ALLOWED);
    return FALSE;
  }
  return TRUE;
}

char *
sim_ip_format(SimIp ip, char buf[16])
{
  snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
  return buf;
}

gboolean
sim_cidr_parse(const char *text, gboolean strict, SimCidr *out, GError **error)
{
  g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
  const char *end;
  SimIp ip;
  guint len = 32;

  if (!parse_ip_prefix(t, &ip, &end))
    goto bad;
  if (*end == '/') {
    const char *p = end + 1;
    if (!g_ascii_isdigit(p[0]) || (p[0] == '0' && p[1] != '\0'))
      goto bad;
    len = 0;
    while (g_ascii_isdigit(*p) && len <= 32)
      len = len * 10 + (guint)(*p++ - '0');
    if (*p != '\0' || len > 32)
      goto bad;
  } else if (*end != '\0') {
    goto bad;
  }
  if (strict && (ip & ~mask_of((guint8)len)) != 0) {
    char buf[20];
    SimCidr n = { ip & mask_of((guint8)len), (guint8)len };
    g_set_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_HOST_BITS,
                "'%s' has host bits set (did you mean %s?); allowed: %s", t, sim_cidr_format(n, buf),
                SIM_CIDR_ALLOWED);
    return FALSE;
  }
  out->len = (guint8)len;
  out->net = ip & mask_of(out->len);
  return TRUE;
bad:
  g_set_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX, "'%s' is not an IPv4 CIDR block; allowed: %s",
              t, SIM_CIDR_ALLOWED);
  return FALSE;
}

char *
sim_cidr_format(SimCidr cidr, char buf[20])
{
  char ip[16];
  snprintf(buf, 20, "%s/%u", sim_ip_format(cidr.net, ip), cidr.len);
  return buf;
}

gboolean
sim_cidr_contains(SimCidr cidr, SimIp ip)
{
  return (ip & mask_of(cidr.len)) == cidr.net;
}

gboolean
sim_cidr_overlaps(SimCidr a, SimCidr b)
{
  guint8 len = a.len < b.len ? a.len : b.len;
  return (a.net & mask_of(len)) == (b.net & mask_of(len));
}

SimIp
sim_cidr_nth(SimCidr cidr, guint32 i)
{
  return cidr.net + i;
}

guint64
sim_cidr_size(SimCidr cidr)
{
  return G_GUINT64_CONSTANT(1) << (32 - cidr.len);
}

SimCidr
sim_cidr_subnet(SimCidr cidr, guint8 len, guint32 i)
{
  SimCidr s = { cidr.net, len };
  g_return_val_if_fail(len >= cidr.len && len <= 32, cidr);
  /* 64-bit shift: a /0 sub-block would shift a 32-bit value by 32 (undefined) */
  s.net = (SimIp)(cidr.net + ((guint64)i << (32 - len)));
  s.net &= mask_of(len);
  return s;
}

gboolean
sim_cidr_list_parse(const char *text, gboolean strict, GArray **out, GError **error)
{
  g_auto(GStrv) parts = g_strsplit(text ? text : "", ",", -1);
  g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(SimCidr));

  for (guint i = 0; parts[i] != NULL; i++) {
    SimCidr c;
    g_strstrip(parts[i]);
    if (parts[i][0] == '\0' && parts[i + 1] == NULL && i > 0)
      break; /* a trailing comma */
    if (!sim_cidr_parse(parts[i], strict, &c, error))
      return FALSE;
    g_array_append_val(list, c);
  }
  if (list->len == 0) {
    g_set_error(error, SIM_ADDR_ERROR, SIM_ADDR_ERROR_SYNTAX,
                "empty CIDR list; allowed: one or more of %s, comma-separated", SIM_CIDR_ALLOWED);
    return FALSE;
  }
  *out = g_steal_pointer(&list);
  return TRUE;
}

gboolean
sim_cidr_list_contains(const GArray *list, SimIp ip)
{
  for (guint i = 0; i < list->len; i++) {
    if (sim_cidr_contains(g_array_index(list, SimCidr, i), ip))
      return TRUE;
  }
  return FALSE;
}

gboolean
sim_ip_is_private(SimIp ip)
{
  return (ip >> 24) == 10 || (ip >> 20) == ((172u << 4) | 1) || (ip >> 16) == ((192u << 8) | 168);
}
