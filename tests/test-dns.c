/* Tests for sim/proto/dns, resolver and stub: where the endpoint's name is answered, and with
 * which addresses, per endpoint mode and resolver (facts §1.7), seen through whole replications;
 * plus the zone registry on its own (NXDOMAIN inside a zone, no answer outside, rotation). */
#include <glib.h>
#include <string.h>

#include "proto/dns.h"

#include "world-harness.h"

/* The first request of client "c" in a one-client scenario. */
static Rec *
first_request(const char *cluster, const char *vpc, const char *client, const char *extra)
{
  g_autofree char *text = g_strdup_printf(
      "[scenario]\nname = dns\nduration = 60s\nwarmup = 0\nbin = 10s\nseed = 5\n"
      "[cluster]\napi_servers = 2\n%s\n[vpc]\n%s\n[client.c]\n%s\nthink_time = const(1s)\n"
      "verbs = get:1\n%s",
      cluster, vpc, client, extra ? extra : "");
  g_autoptr(SimScenario) scn = load(text);
  Trace *t = run_variant(scn, 0, 0, NULL, NULL);
  const Rec *x = first_of(t, "c");
  g_assert_nonnull(x);
  Rec *copy = g_new0(Rec, 1);
  *copy = *x;
  copy->subject = g_strdup(x->subject);
  copy->detail = g_strdup(x->detail);
  copy->r.detail = copy->detail;
  trace_free(t);
  return copy;
}

#define HAS(x, f) (((x)->r.path & (f)) == (f))

/* Public only: everyone gets the public addresses; a private subnet goes through its NAT. */
static void
test_public_mode_vpc_gets_public(void)
{
  Rec *x = first_request("endpoint = public", "nat = single", "location = vpc-private", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_NAT | SIM_PATH_IGW | SIM_PATH_PUBLIC_ENDPOINT));
  g_assert_false(x->r.path & (SIM_PATH_PRIVATE_ZONE | SIM_PATH_XENI));
  rec_free(x);
}

/* Public+private: the VPC resolver answers from the private zone, the request stays in the VPC. */
static void
test_public_private_vpc_gets_private(void)
{
  Rec *x = first_request("endpoint = public+private\nsecurity_group_allow = 10.0.0.0/16",
                         "nat = single", "location = vpc-private", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_PRIVATE_ZONE | SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT));
  g_assert_false(x->r.path & (SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT));
  rec_free(x);
}

/* ... but the cluster security group admits only its members by default (facts §1.8 SG443). */
static void
test_private_endpoint_needs_sg443(void)
{
  Rec *x = first_request("endpoint = public+private", "nat = single", "location = vpc-private", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_SG_DENIED));
  g_assert_true(HAS(x, SIM_PATH_PRIVATE_ZONE));
  rec_free(x);
}

/* Without DNS hostnames the private zone does not answer: the public answer (facts §7 #3). */
static void
test_dns_hostnames_off_gets_public(void)
{
  Rec *x = first_request("endpoint = public+private\nsecurity_group_allow = 10.0.0.0/16",
                         "nat = single\ndns_hostnames = false", "location = vpc-private", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT));
  g_assert_false(x->r.path & SIM_PATH_PRIVATE_ZONE);
  rec_free(x);
}

/* Without DNS support nothing answers at base+2: glibc gives up after 2 x 5 s. */
static void
test_dns_support_off_times_out(void)
{
  Rec *x = first_request("endpoint = public", "nat = single\ndns_support = false\n"
                         "dns_hostnames = false", "location = vpc-private", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_DNS_TIMEOUT);
  g_assert_cmpint(x->r.end - x->r.start, ==, 10 * SIM_S);
  g_assert_cmpint(x->r.phase[SIM_PHASE_DNS], ==, 10 * SIM_S);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_NODE_DOWN));
  rec_free(x);
}

/* Private only: public DNS answers the private addresses; from the internet they are unreachable
 * (facts §1.8 (a)). */
static void
test_private_mode_laptop_unreachable(void)
{
  Rec *x = first_request("endpoint = private", "nat = none", "location = internet", NULL);
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_NO_ROUTE));
  g_assert_false(x->r.path & SIM_PATH_PRIVATE_ZONE); /* answered by public DNS */
  rec_free(x);
}

/* Public+private from a peered VPC: public DNS gives the public addresses; the peered VPC's own
 * egress reaches them (facts §1.8 (c)); without egress there is no way out. */
static void
test_peered_public_private_goes_public(void)
{
  Rec *x = first_request("endpoint = public+private", "nat = single",
                         "location = network.peer",
                         "[network.peer]\nkind = peered-vpc\ncidr = 10.50.0.0/16\n"
                         "egress_ip = 203.0.113.77\n");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_NAT | SIM_PATH_PUBLIC_ENDPOINT));
  g_assert_false(x->r.path & (SIM_PATH_PEERING | SIM_PATH_XENI));
  rec_free(x);
  x = first_request("endpoint = public+private", "nat = single", "location = network.peer",
                    "[network.peer]\nkind = peered-vpc\ncidr = 10.50.0.0/16\n");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_CONNECT_TIMEOUT);
  g_assert_cmpstr(x->r.detail, ==, sim_drop_reason_text(SIM_DROP_NO_ROUTE));
  rec_free(x);
}

/* ... and with a forwarding rule to the Resolver inbound endpoint, the private path (facts §7 #4). */
static void
test_peered_forwarding_gets_private(void)
{
  Rec *x = first_request("endpoint = public+private\nsecurity_group_allow = 10.50.0.0/16",
                         "nat = single\nresolver_inbound_endpoint = true", "location = network.peer",
                         "[network.peer]\nkind = peered-vpc\ncidr = 10.50.0.0/16\n"
                         "dns_forwarding = true\n");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_INBOUND_RESOLVER | SIM_PATH_PRIVATE_ZONE | SIM_PATH_PEERING |
                           SIM_PATH_XENI));
  rec_free(x);
}

/* Private only from on-prem over a VPN: public DNS (through the on-prem breakout) answers the
 * private addresses, reached over the VPN (facts §1.8 (d), post-December-2019 behaviour). */
static void
test_onprem_private_mode_over_vpn(void)
{
  Rec *x = first_request("endpoint = private\nsecurity_group_allow = 10.60.0.0/16", "nat = none",
                         "location = network.corp",
                         "[network.corp]\nkind = onprem-vpn\ncidr = 10.60.0.0/16\n"
                         "egress_ip = 203.0.113.88\n");
  g_assert_cmpint(x->r.outcome, ==, SIM_OUTCOME_OK);
  g_assert_true(HAS(x, SIM_PATH_VPN | SIM_PATH_XENI | SIM_PATH_PRIVATE_ENDPOINT));
  rec_free(x);
}

/* ---- the registry on its own ---- */

static guint
two_addresses(gpointer data, SimIp *out)
{
  (void)data;
  out[0] = SIM_IP(192, 0, 2, 1);
  out[1] = SIM_IP(192, 0, 2, 2);
  return 2;
}

static void
test_registry(void)
{
  SimDnsRegistry *reg = sim_dns_registry_new();
  SimDnsZone *pub = sim_dns_zone_new_public(reg, "example.com");
  sim_dns_zone_add_dynamic(pub, "api.example.com", two_addresses, NULL, 30 * SIM_S);
  SimDnsMsg m = { 0 };
  /* answers rotate */
  g_assert_true(sim_dns_registry_answer(reg, NULL, g_intern_string("api.example.com"), &m));
  g_assert_cmpint(m.rcode, ==, SIM_DNS_NOERROR);
  g_assert_cmpuint(m.n, ==, 2);
  g_assert_cmpuint(m.addr[0], ==, SIM_IP(192, 0, 2, 1));
  g_assert_cmpint(m.ttl, ==, 30 * SIM_S);
  memset(&m, 0, sizeof m);
  g_assert_true(sim_dns_registry_answer(reg, NULL, g_intern_string("api.example.com"), &m));
  g_assert_cmpuint(m.addr[0], ==, SIM_IP(192, 0, 2, 2));
  /* inside the zone, no record: NXDOMAIN from the zone */
  memset(&m, 0, sizeof m);
  g_assert_true(sim_dns_registry_answer(reg, NULL, g_intern_string("nope.example.com"), &m));
  g_assert_cmpint(m.rcode, ==, SIM_DNS_NXDOMAIN);
  g_assert_cmpstr(m.zone, ==, "example.com");
  /* outside every zone: not answered; "xexample.com" is not below "example.com" */
  g_assert_false(sim_dns_registry_answer(reg, NULL, g_intern_string("xexample.com"), &m));
  /* a private zone answers only its VPCs' resolvers */
  SimDnsZone *priv = sim_dns_zone_new_private(reg, "api.example.com");
  SimIp ten = SIM_IP(10, 0, 0, 9);
  sim_dns_zone_add_a(priv, "api.example.com", &ten, 1, 60 * SIM_S);
  gpointer vpc_a = GUINT_TO_POINTER(1), vpc_b = GUINT_TO_POINTER(2);
  sim_dns_zone_associate(priv, vpc_a);
  memset(&m, 0, sizeof m);
  g_assert_true(sim_dns_registry_answer(reg, vpc_a, g_intern_string("api.example.com"), &m));
  g_assert_cmpuint(m.addr[0], ==, ten);
  g_assert_true(m.path & SIM_PATH_PRIVATE_ZONE);
  g_assert_false(sim_dns_registry_answer(reg, vpc_b, g_intern_string("api.example.com"), &m));
  sim_dns_zone_set_enabled(priv, FALSE);
  g_assert_false(sim_dns_registry_answer(reg, vpc_a, g_intern_string("api.example.com"), &m));
  sim_dns_registry_free(reg);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/dns/registry-zones-records-rotation", test_registry);
  g_test_add_func("/dns/public-mode-vpc-gets-public-ip", test_public_mode_vpc_gets_public);
  g_test_add_func("/dns/phz-answers-private-ip", test_public_private_vpc_gets_private);
  g_test_add_func("/dns/private-endpoint-needs-sg443", test_private_endpoint_needs_sg443);
  g_test_add_func("/dns/dns-hostnames-off-gets-public-ip", test_dns_hostnames_off_gets_public);
  g_test_add_func("/dns/dns-support-off-times-out", test_dns_support_off_times_out);
  g_test_add_func("/dns/private-mode-laptop-gets-private-ip", test_private_mode_laptop_unreachable);
  g_test_add_func("/dns/peered-public-private-goes-public", test_peered_public_private_goes_public);
  g_test_add_func("/dns/peered-forwarding-gets-private-ip", test_peered_forwarding_gets_private);
  g_test_add_func("/dns/onprem-private-mode-over-vpn", test_onprem_private_mode_over_vpn);
  return g_test_run();
}
