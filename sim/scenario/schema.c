/* The scenario schema: one SimKeySpec row per group and key.
 *
 * A row is the whole truth about a key: its type, its default written as a user would write it,
 * what values are allowed, when it applies (condition), whether it must be written, one line of
 * documentation and where the default comes from ("facts §N" = ../shared/reference/eks-facts.md
 * section N; "proposed, not sourced" where the fact sheet marks a value so, or where no source
 * was found). The key reference in scenarios/README.md is generated from this table
 * (eksim keys --markdown), so a row is also the documentation.
 *
 * To add a key, add a row in its group's block; a new group needs its name in one of the group
 * lists below. Conditions are "KEY=a|b" (applies when the group's KEY is a or b), "KEY!=a|b",
 * "KEY" (applies when KEY is written) or "!KEY" (applies when KEY is not written).
 */
#include "scenario/schema.h"

#include <string.h>

#include "core/dist.h"
#include "core/units.h"
#include "net/addr.h"

/* Verbs a client may issue and an API server serves (issue 5; facts §5.2, §5.3). */
#define VERBS "get|list|create|update|patch|apply|delete|watch|logs|exec|port-forward"

#define FAULT_KINDS                                                                                \
  "az-outage|api-server-crash|control-plane-upgrade|lb-node-failure|nat-gateway-outage|"           \
  "resolver-outage|inbound-endpoint-outage|link-degradation|bastion-down|vpn-down|etcd-slow|"      \
  "endpoint-change|load-spike"

#define LINK_CLASSES "intra-az|inter-az|internet|vpn|dx|nat|lb|control-plane|region"

#define NS "proposed, not sourced"

/* The keys every link class has. Latency is one-way per hop; the fact sheet gives round-trip
 * times, so its ranges are halved. */
#define LINK_ROWS(cls, lat, lat_src, bw, bw_src, loss_src)                                         \
  { "link." cls, "latency", SIM_KEY_DIST, lat, NULL, NULL, FALSE,                                 \
    "one-way delay of one hop of this class, drawn per packet", lat_src },                         \
  { "link." cls, "loss", SIM_KEY_DOUBLE, "0", "0..1", NULL, FALSE,                                \
    "probability that a packet is lost on one hop of this class", loss_src },                      \
  { "link." cls, "bandwidth", SIM_KEY_BANDWIDTH, bw, NULL, NULL, FALSE,                           \
    "serialisation rate of one hop; unset: no serialisation delay and no queue", bw_src },         \
  { "link." cls, "queue", SIM_KEY_INT, "1000", "1..10000000", "bandwidth", FALSE,                  \
    "FIFO capacity in packets in front of a hop with a bandwidth (tail drop beyond it)", NS }

static const SimKeySpec rows[] = {
  /* group, key, type, default, allowed, condition, required, doc, source */

  /* ---- [scenario] ---- */
  { "scenario", "name", SIM_KEY_STRING, NULL, NULL, NULL, FALSE,
    "free text naming the scenario (result folders use a path-safe form); default: the file name "
    "without .ini", "-" },
  { "scenario", "description", SIM_KEY_STRING, "", NULL, NULL, FALSE,
    "free text shown in reports", "-" },
  { "scenario", "duration", SIM_KEY_DURATION, "10m", "1ms..8760h", NULL, FALSE,
    "simulated time of one replication, warm-up included", NS },
  { "scenario", "warmup", SIM_KEY_DURATION, "1m", "0..8760h", NULL, FALSE,
    "initial period excluded from every statistic; must be shorter than duration", NS },
  { "scenario", "seed", SIM_KEY_INT, "1", "0..9223372036854775807", NULL, FALSE,
    "master seed; every random stream derives from (seed, replication, stream name)", "-" },
  { "scenario", "replications", SIM_KEY_INT, "5", "1..100000", NULL, FALSE,
    "independent replications per variant (confidence intervals need at least 2)", NS },
  { "scenario", "bin", SIM_KEY_DURATION, "10s", "1ms..8760h", NULL, FALSE,
    "width of one time bin of timeline.csv", NS },

  /* ---- [cluster] ---- */
  { "cluster", "endpoint", SIM_KEY_ENUM, "public", "public|public+private|private", NULL, FALSE,
    "API endpoint access: public only, public and private, or private only", "facts §1.2, §7 #1" },
  { "cluster", "public_access", SIM_KEY_BOOL, NULL, NULL, NULL, FALSE,
    "alternative to endpoint, as the EKS API writes it (endpointPublicAccess); default: derived "
    "from endpoint", "facts §1.2" },
  { "cluster", "private_access", SIM_KEY_BOOL, NULL, NULL, NULL, FALSE,
    "alternative to endpoint (endpointPrivateAccess); default: derived from endpoint; both "
    "accesses off is refused", "facts §1.2" },
  { "cluster", "public_access_cidrs", SIM_KEY_CIDR_LIST, "0.0.0.0/0", NULL, NULL, FALSE,
    "sources allowed to reach the public endpoint (public path only; others are silently "
    "dropped)", "facts §2, §7 #5" },
  { "cluster", "security_group_allow", SIM_KEY_CIDR_LIST, NULL, NULL, NULL, FALSE,
    "extra sources the cluster security group admits on TCP 443 at the cross-account ENIs; "
    "unset: only the cluster's own nodes", "facts §1.6, §7 #6" },
  { "cluster", "kubernetes_version", SIM_KEY_ENUM, "1.31", "1.28|1.29|1.30|1.31|1.32|1.33|1.34",
    NULL, FALSE, "Kubernetes minor version (node-monitor-grace-period is 50 s from 1.32)",
    "facts §5.1" },
  { "cluster", "api_servers", SIM_KEY_INT, "2", "1..16", NULL, FALSE,
    "API server instances, spread over distinct AZs (1 only for validation runs)",
    "facts §3, §7 #12" },
  { "cluster", "lb", SIM_KEY_ENUM, "nlb", "nlb|alb", NULL, FALSE,
    "load balancer in front of the API servers", "facts §3" },
  { "cluster", "eni_count", SIM_KEY_INT, "2", "2..4", NULL, FALSE,
    "EKS cross-account ENIs in the cluster subnets, one per AZ in AZ order", "facts §1.6, §7 #9" },
  { "cluster", "dns_ttl", SIM_KEY_DURATION, "60s", "0..24h", NULL, FALSE,
    "TTL of the endpoint's DNS records", "facts §8 (" NS ")" },

  /* ---- [loadbalancer] ---- */
  { "loadbalancer", "cross_zone", SIM_KEY_ENUM, "auto", "auto|true|false", NULL, FALSE,
    "cross-zone load balancing; auto: off for nlb, on for alb", "facts §5.5" },
  { "loadbalancer", "idle_timeout", SIM_KEY_DURATION, "350s", "1s..6000s", NULL, FALSE,
    "idle timeout of a connection through the load balancer", "facts §5.5 (generic NLB; " NS
    " for EKS)" },
  { "loadbalancer", "health_check_interval", SIM_KEY_DURATION, "30s", "5s..300s", NULL, FALSE,
    "target health check interval", "facts §5.5 (generic NLB; " NS " for EKS)" },
  { "loadbalancer", "health_check_timeout", SIM_KEY_DURATION, "10s", "2s..120s", NULL, FALSE,
    "target health check timeout", "facts §5.5 (generic NLB; " NS " for EKS)" },
  { "loadbalancer", "healthy_threshold", SIM_KEY_INT, "5", "2..10", NULL, FALSE,
    "consecutive successful checks before a target is healthy", "facts §5.5 (generic NLB)" },
  { "loadbalancer", "unhealthy_threshold", SIM_KEY_INT, "2", "2..10", NULL, FALSE,
    "consecutive failed checks before a target is unhealthy", "facts §5.5 (generic NLB)" },

  /* ---- [vpc] ---- */
  { "vpc", "cidr", SIM_KEY_CIDR_LIST, "10.0.0.0/16", NULL, NULL, FALSE,
    "the cluster VPC's IPv4 blocks (the first is primary; each /16 to /28)", NS },
  { "vpc", "azs", SIM_KEY_INT, "2", "2..6", NULL, FALSE,
    "availability zones, az1..azN; each gets a public and a private subnet",
    "facts §1.6 (EKS needs subnets in at least 2 AZs)" },
  { "vpc", "nat", SIM_KEY_ENUM, "single", "none|single|per-az", NULL, FALSE,
    "NAT gateways for the private subnets: none, one in az1, or one per AZ",
    NS " (eksctl's default is single)" },
  { "vpc", "dns_support", SIM_KEY_BOOL, "true", NULL, NULL, FALSE,
    "enableDnsSupport: the Route 53 Resolver at the VPC's base+2 address answers",
    "facts §1.1, §7 #3" },
  { "vpc", "dns_hostnames", SIM_KEY_BOOL, "true", NULL, NULL, FALSE,
    "enableDnsHostnames: with dns_support, needed for the EKS private hosted zone",
    "facts §1.1, §7 #3" },
  { "vpc", "amazon_provided_dns", SIM_KEY_BOOL, "true", NULL, NULL, FALSE,
    "the DHCP options set names AmazonProvidedDNS (custom DNS servers break the private zone)",
    "facts §1.1, §1.7" },
  { "vpc", "resolver_inbound_endpoint", SIM_KEY_BOOL, "false", NULL, NULL, FALSE,
    "a Route 53 Resolver inbound endpoint (one address in each of the first two AZs)",
    "facts §1.7, §7 #4" },

  /* ---- [network.NAME] ---- */
  { "network.*", "kind", SIM_KEY_ENUM, NULL, "peered-vpc|tgw-vpc|onprem-vpn|onprem-dx", NULL, TRUE,
    "how the network reaches the cluster VPC", "facts §1.8" },
  { "network.*", "cidr", SIM_KEY_CIDR_LIST, NULL, NULL, NULL, TRUE,
    "the network's IPv4 blocks; must not overlap the cluster VPC", "-" },
  { "network.*", "dns_forwarding", SIM_KEY_BOOL, "false", NULL, NULL, FALSE,
    "forwards the cluster's domain to the cluster VPC's Resolver inbound endpoint",
    "facts §1.7, §7 #4" },
  { "network.*", "egress_ip", SIM_KEY_IP, NULL, NULL, NULL, FALSE,
    "public address the network's own internet egress uses; unset: no internet access",
    "facts §1.8 rows (c), (d)" },

  /* ---- [nodegroup.NAME] ---- */
  { "nodegroup.*", "type", SIM_KEY_ENUM, "managed", "managed|self-managed|fargate", NULL, FALSE,
    "managed node group, self-managed nodes, or Fargate (private subnets only)", "facts §4" },
  { "nodegroup.*", "nodes", SIM_KEY_INT, "3", "0..100000", NULL, FALSE,
    "nodes (Fargate: pods), spread over the AZs round-robin", NS },
  { "nodegroup.*", "subnet", SIM_KEY_ENUM, "private", "public|private", NULL, FALSE,
    "public subnets (public IP, internet gateway) or private subnets (NAT or nothing)",
    "facts §1.8 rows (e)-(g), §4" },
  { "nodegroup.*", "boot", SIM_KEY_DIST, "uniform(0s, 10s)", NULL, NULL, FALSE,
    "when each node's kubelet starts, from the start of the run (one draw per node)", NS },
  { "nodegroup.*", "cluster_security_group", SIM_KEY_BOOL, "false", NULL, "type=self-managed",
    FALSE, "attach the cluster security group to self-managed nodes (EKS attaches it only to "
    "managed nodes and Fargate pods); without it the cross-account ENIs do not admit them unless "
    "security_group_allow covers their subnets", "facts §1.6, §4" },

  /* ---- [kubelet] (every node's) ---- */
  { "kubelet", "lease_duration", SIM_KEY_DURATION, "40s", "4s..1h", NULL, FALSE,
    "nodeLeaseDurationSeconds; the Lease is renewed every quarter of it (10 s), a failed renewal "
    "retried after 200 ms doubling to 7 s", "facts §5.1, §7 #14" },
  { "kubelet", "status_update_frequency", SIM_KEY_DURATION, "10s", "1s..1h", NULL, FALSE,
    "nodeStatusUpdateFrequency: how often the kubelet computes its node status", "facts §5.1, §7 #15" },
  { "kubelet", "status_report_frequency", SIM_KEY_DURATION, "5m", "1s..24h", NULL, FALSE,
    "nodeStatusReportFrequency: an unchanged status is posted this often", "facts §5.1, §7 #15" },
  { "kubelet", "heartbeat_timeout", SIM_KEY_DURATION, "10s", "100ms..1h", NULL, FALSE,
    "timeout of one registration, Lease or status request (kubelet's heartbeat client: "
    "nodeStatusUpdateFrequency capped at the lease duration)", "kubelet source (not in the fact sheet)" },

  /* ---- [nodelifecycle] (kube-controller-manager's node-lifecycle controller) ---- */
  { "nodelifecycle", "monitor_period", SIM_KEY_DURATION, "5s", "100ms..1h", NULL, FALSE,
    "--node-monitor-period: how often the controller checks node heartbeats", "facts §5.1, §7 #16" },
  { "nodelifecycle", "grace_period", SIM_KEY_DURATION, NULL, "1s..24h", NULL, FALSE,
    "--node-monitor-grace-period; unset: 40 s, or 50 s when kubernetes_version >= 1.32",
    "facts §5.1, §7 #16" },
  { "nodelifecycle", "eviction_timeout", SIM_KEY_DURATION, "300s", "0..24h", NULL, FALSE,
    "tolerationSeconds of the not-ready/unreachable NoExecute taints: pods become evictable this "
    "long after their node is marked not ready", "facts §5.1, §7 #17" },

  /* ---- [client.NAME] ---- */
  { "client.*", "location", SIM_KEY_STRING, NULL,
    "internet|vpc-public|vpc-private|network.NAME|nodegroup.NAME", NULL, TRUE,
    "where the client runs; network.NAME names a [network.NAME] group; nodegroup.NAME: pods on that "
    "node group's nodes, using the in-cluster kubernetes service (the cross-account ENIs, no DNS)",
    "facts §1.8, §4" },
  { "client.*", "source_ip", SIM_KEY_IP, "198.51.100.7", NULL, "location=internet", FALSE,
    "public source address of an internet client (matched against public_access_cidrs)",
    NS " (an RFC 5737 documentation address)" },
  { "client.*", "count", SIM_KEY_INT, "1", "1..100000", NULL, FALSE,
    "identical clients at this location, each with its own streams", "-" },
  { "client.*", "kind", SIM_KEY_ENUM, "kubectl", "kubectl|automation|controller", NULL, FALSE,
    "kubectl: calls as the workload draws them; automation: each arrival is a CI burst of `burst` "
    "calls at once; controller: lists then holds a watch on one long-lived HTTP/2 connection (its "
    "workload's requests ride on it), re-listing when the connection dies",
    "issue 5" },
  { "client.*", "burst", SIM_KEY_INT, "20", "1..100000", "kind=automation", FALSE,
    "kubectl calls fired at once per arrival of an automation client", NS },
  { "client.*", "watch_timeout", SIM_KEY_DIST, "uniform(5m, 10m)", NULL, "kind=controller", FALSE,
    "how long the server keeps one watch open before the controller re-watches (client-go "
    "reflector: 5 min x [1, 2))", "client-go reflector (not in the fact sheet)" },
  { "client.*", "rate", SIM_KEY_RATE, NULL, "0.000001/s..1000000/s", NULL, FALSE,
    "open loop: Poisson arrivals of kubectl calls per client; excludes think_time", "-" },
  { "client.*", "think_time", SIM_KEY_DIST, "exp(10s)", NULL, "!rate", FALSE,
    "closed loop: pause between the end of one call and the start of the next", NS },
  { "client.*", "verbs", SIM_KEY_WEIGHTS, "get:0.6, list:0.3, apply:0.1", VERBS, NULL, FALSE,
    "mix of request verbs, weights normalised to sum 1", NS },
  { "client.*", "requests_per_call", SIM_KEY_INT, "1", "1..1000", NULL, FALSE,
    "requests one kubectl invocation sends over its connection", NS },
  { "client.*", "connection", SIM_KEY_ENUM, "new", "new|reuse", NULL, FALSE,
    "new: every call resolves and opens a new TCP+TLS connection (kubectl); reuse: one "
    "long-lived connection", "issue 5 (kubectl opens a connection per invocation)" },
  { "client.*", "tls", SIM_KEY_ENUM, "1.3", "1.2|1.3", NULL, FALSE,
    "TLS version: 1.3 takes one round trip, 1.2 two", NS },
  { "client.*", "http", SIM_KEY_ENUM, "2", "1.1|2", NULL, FALSE,
    "HTTP version (HTTP/2 connections run the client health check)", "facts §5.6" },
  { "client.*", "dns_cache", SIM_KEY_BOOL, "false", NULL, NULL, FALSE,
    "cache DNS answers for their TTL (kubectl is a new process per call: no cache)", NS },
  { "client.*", "dial_timeout", SIM_KEY_DURATION, "30s", "1ms..1h", NULL, FALSE,
    "give up a TCP connect after this long", "facts §5.4 (" NS ")" },
  { "client.*", "tls_timeout", SIM_KEY_DURATION, "10s", "1ms..1h", NULL, FALSE,
    "give up a TLS handshake after this long", "facts §5.4 (" NS ")" },
  { "client.*", "timeout", SIM_KEY_DURATION, "60s", "1ms..24h", NULL, FALSE,
    "a request not answered within this long ends as request-timeout",
    "facts §5.2 (API server request timeout 1 min)" },
  { "client.*", "retries", SIM_KEY_INT, "10", "0..100", NULL, FALSE,
    "client-go retries on 429/5xx with Retry-After (0: none)", "facts §5.2, §7 #21" },

  /* ---- [exposure] ---- */
  { "exposure", "probes", SIM_KEY_BOOL, "true", NULL, NULL, FALSE,
    "probe the public endpoint from internet addresses inside and outside public_access_cidrs "
    "(a TCP and TLS handshake every interval; subjects probe-allowed-source, probe-other-source)",
    "issue 5" },
  { "exposure", "interval", SIM_KEY_DURATION, "60s", "1s..24h", NULL, FALSE,
    "time between two probes of one source", NS },

  /* ---- [apiserver] ---- */
  { "apiserver", "workers", SIM_KEY_INT, "16", "1..10000", NULL, FALSE,
    "requests one API server instance serves at once (c of its M/M/c queue)", NS },
  { "apiserver", "max_inflight_readonly", SIM_KEY_INT, "400", "1..100000", NULL, FALSE,
    "--max-requests-inflight: read-only requests admitted at once; beyond: HTTP 429",
    "facts §5.2, §7 #20" },
  { "apiserver", "max_inflight_mutating", SIM_KEY_INT, "200", "1..100000", NULL, FALSE,
    "--max-mutating-requests-inflight: mutating requests admitted at once; beyond: HTTP 429",
    "facts §5.2, §7 #20" },
  { "apiserver", "retry_after", SIM_KEY_DURATION, "1s", "0..1h", NULL, FALSE,
    "Retry-After sent with HTTP 429", "facts §5.2" },
  { "apiserver", "service.get", SIM_KEY_DIST, "lognormal(median=5ms, sigma=0.5)", NULL, NULL, FALSE,
    "service time of a get", NS },
  { "apiserver", "service.list", SIM_KEY_DIST, "lognormal(median=20ms, sigma=0.7)", NULL, NULL,
    FALSE, "service time of a list", NS },
  { "apiserver", "service.create", SIM_KEY_DIST, "lognormal(median=8ms, sigma=0.5)", NULL, NULL,
    FALSE, "service time of a create (before the etcd write)", NS },
  { "apiserver", "service.update", SIM_KEY_DIST, "lognormal(median=8ms, sigma=0.5)", NULL, NULL,
    FALSE, "service time of an update (before the etcd write)", NS },
  { "apiserver", "service.patch", SIM_KEY_DIST, "lognormal(median=8ms, sigma=0.5)", NULL, NULL,
    FALSE, "service time of a patch (before the etcd write)", NS },
  { "apiserver", "service.apply", SIM_KEY_DIST, "lognormal(median=10ms, sigma=0.5)", NULL, NULL,
    FALSE, "service time of a server-side apply (before the etcd write)", NS },
  { "apiserver", "service.delete", SIM_KEY_DIST, "lognormal(median=8ms, sigma=0.5)", NULL, NULL,
    FALSE, "service time of a delete (before the etcd write)", NS },
  { "apiserver", "service.watch", SIM_KEY_DIST, "lognormal(median=5ms, sigma=0.5)", NULL, NULL,
    FALSE, "time to start a watch (the watch itself is long-running, not admission-limited)",
    NS },
  { "apiserver", "service.logs", SIM_KEY_DIST, "lognormal(median=30ms, sigma=0.7)", NULL, NULL,
    FALSE, "API server's own time for kubectl logs; the kubelet call over a cross-account ENI "
    "follows when the scenario has node groups", NS },
  { "apiserver", "service.exec", SIM_KEY_DIST, "lognormal(median=50ms, sigma=0.7)", NULL, NULL,
    FALSE, "API server's own time to set up kubectl exec; the kubelet call over a cross-account "
    "ENI follows when the scenario has node groups", NS },
  { "apiserver", "service.port-forward", SIM_KEY_DIST, "lognormal(median=50ms, sigma=0.7)", NULL,
    NULL, FALSE, "API server's own time to set up kubectl port-forward (as exec); the kubelet "
    "call over a cross-account ENI follows when the scenario has node groups", NS },

  /* ---- [etcd] ---- */
  { "etcd", "fsync", SIM_KEY_DIST, "lognormal(median=2ms, sigma=0.5)", NULL, NULL, FALSE,
    "time one etcd member takes to append a write to its log (fsync); a write commits when the "
    "leader and one follower have it", NS },

  /* ---- [link.CLASS] ---- */
  LINK_ROWS("intra-az", "uniform(50us, 150us)", "facts §5.5, §7 #25 (RTT 0.1-0.3 ms; " NS ")",
            NULL, "-", NS),
  LINK_ROWS("inter-az", "uniform(250us, 750us)", "facts §5.5, §7 #25 (RTT 0.5-1.5 ms, measured)",
            NULL, "-", NS),
  LINK_ROWS("internet", "lognormal(median=25ms, sigma=0.2)",
            "facts §5.5, §7 #25 (RTT 20-80 ms lognormal, jitter 20%; " NS ")", NULL, "-", NS),
  LINK_ROWS("vpn", "lognormal(median=12.5ms, sigma=0.2)",
            "facts §5.5, §7 #25 (RTT 10-40 ms; " NS ")", NULL, "-", NS),
  LINK_ROWS("dx", "lognormal(median=3ms, sigma=0.1)", "facts §5.5, §7 #25 (RTT 2-10 ms; " NS ")",
            NULL, "-", NS),
  LINK_ROWS("nat", "const(50us)", NS, "5Gbps", "facts §5.5, §7 #23 (5 Gbps, scaling to 100)",
            NS),
  LINK_ROWS("lb", "const(100us)", NS, NULL, "-", NS),
  LINK_ROWS("control-plane", "uniform(50us, 750us)",
            "facts §3, §5.5 (inside the AWS-managed VPC, across AZs; " NS ")", NULL, "-", NS),
  /* AWS's public network inside the region: internet gateway or public endpoint <-> the region's
   * edge ("leaves the VPC but not Amazon's network", facts §1.2); like inter-AZ distances */
  LINK_ROWS("region", "uniform(250us, 750us)",
            "facts §1.2, §5.5 (in-region public path; inter-AZ RTT figures; " NS ")", NULL, "-", NS),
  { "link.default", "latency", SIM_KEY_DIST, NULL, NULL, NULL, FALSE,
    "latency of every class that does not set its own", "-" },
  { "link.default", "loss", SIM_KEY_DOUBLE, NULL, "0..1", NULL, FALSE,
    "loss of every class that does not set its own", "-" },
  { "link.default", "bandwidth", SIM_KEY_BANDWIDTH, NULL, NULL, NULL, FALSE,
    "bandwidth of every class that does not set its own", "-" },
  { "link.default", "queue", SIM_KEY_INT, NULL, "1..10000000", NULL, FALSE,
    "queue of every class that does not set its own", "-" },

  /* ---- [fault.NAME] ---- */
  { "fault.*", "kind", SIM_KEY_ENUM, NULL, FAULT_KINDS, NULL, TRUE,
    "what breaks", "issue 6" },
  { "fault.*", "target", SIM_KEY_STRING, "all", "all, az1..azN, or an instance name", NULL, FALSE,
    "what the fault hits: everything, one AZ (in the VPC's AZ order), or one instance as "
    "eksim explain names it (client.NAME, network.NAME, nat-gateway-az1, apiserver-1-az1, ...)",
    "-" },
  { "fault.*", "at", SIM_KEY_DURATION, NULL, "0..8760h", NULL, TRUE,
    "start of the fault, from the start of the run", "-" },
  { "fault.*", "duration", SIM_KEY_DURATION, NULL, "1ns..8760h", "kind!=control-plane-upgrade", FALSE,
    "how long the fault lasts; unset: until the end of the run (an upgrade lasts until its last "
    "instance is replaced)", "-" },
  { "fault.*", "pace", SIM_KEY_DURATION, "5m", "1s..24h", "kind=control-plane-upgrade", FALSE,
    "time between the starts of two API server replacements", NS },
  { "fault.*", "drain", SIM_KEY_DURATION, "300s", "0..1h", "kind=control-plane-upgrade", FALSE,
    "time a replaced API server keeps its connections after it is deregistered, then terminates",
    "AWS load balancer deregistration delay default (EKS's is not published; " NS ")" },
  { "fault.*", "link", SIM_KEY_ENUM, "internet", LINK_CLASSES "|any", "kind=link-degradation", FALSE,
    "link class the degradation applies to (any: every class)", "-" },
  { "fault.*", "between", SIM_KEY_STRING, NULL,
    "internet, az1..azN, a VPC name, or an element name", "kind=link-degradation", FALSE,
    "with a place as target: only links between the target and this place; unset: every link "
    "touching the target", "-" },
  { "fault.*", "latency_factor", SIM_KEY_DOUBLE, "10", "1..100000",
    "kind=link-degradation|etcd-slow", FALSE,
    "multiplier on the link's latency or on the etcd quorum write", NS },
  { "fault.*", "extra_loss", SIM_KEY_DOUBLE, "0", "0..1", "kind=link-degradation", FALSE,
    "loss probability added to the link's own", "-" },
  { "fault.*", "endpoint", SIM_KEY_ENUM, NULL, "public|public+private|private",
    "kind=endpoint-change", FALSE, "endpoint mode after the change; unset: unchanged", "facts §1.2" },
  { "fault.*", "public_access_cidrs", SIM_KEY_CIDR_LIST, NULL, NULL, "kind=endpoint-change", FALSE,
    "public_access_cidrs after the change; unset: unchanged", "facts §2" },
  { "fault.*", "propagation", SIM_KEY_DURATION, "10m", "0..24h", "kind=endpoint-change", FALSE,
    "delay before an endpoint change takes effect", "facts §7 (5-15 min; " NS ")" },
  { "fault.*", "spike", SIM_KEY_ENUM, "kubelet-reconnect", "kubelet-reconnect|ci-burst",
    "kind=load-spike", FALSE, "every kubelet reconnects at once, or a CI burst of kubectl calls",
    "issue 6" },
  { "fault.*", "requests", SIM_KEY_INT, "100", "1..10000000", "spike=ci-burst", FALSE,
    "kubectl calls in a CI burst", NS },
};

/* Groups whose rows are written with their own name: singletons, then fixed members. */
static const char *const singleton_groups[] = { "scenario", "cluster", "loadbalancer", "vpc",
                                                "kubelet", "nodelifecycle", "exposure",
                                                "apiserver", "etcd", NULL };
static const char *const family_names[] = { "network", "nodegroup", "client", "fault", NULL };
static const char *const fixed_family_names[] = { "link", NULL };

static const char *const *static_groups_cache;

const SimKeySpec *
sim_schema_rows(guint *n_rows)
{
  if (n_rows != NULL)
    *n_rows = G_N_ELEMENTS(rows);
  return rows;
}

gboolean
sim_schema_instance_name_ok(const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++) {
    if (!(g_ascii_isalnum(*p) || *p == '_' || *p == '-'))
      return FALSE;
  }
  return TRUE;
}

static gboolean
in_list(const char *const *list, const char *s, gsize len)
{
  for (guint i = 0; list[i] != NULL; i++) {
    if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
      return TRUE;
  }
  return FALSE;
}

static gboolean
fixed_member_exists(const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    if (strcmp(rows[i].group, group) == 0)
      return TRUE;
  }
  return FALSE;
}

SimGroupKind
sim_schema_group_kind(const char *group, char **family)
{
  g_return_val_if_fail(group != NULL, SIM_GROUP_UNKNOWN);
  if (family != NULL)
    *family = NULL;
  if (strcmp(group, "sweep") == 0)
    return SIM_GROUP_SWEEP;
  if (in_list(singleton_groups, group, strlen(group)))
    return SIM_GROUP_SINGLETON;
  const char *dot = strchr(group, '.');
  if (dot == NULL)
    return SIM_GROUP_UNKNOWN;
  gsize flen = (gsize)(dot - group);
  if (in_list(family_names, group, flen)) {
    if (!sim_schema_instance_name_ok(dot + 1))
      return SIM_GROUP_UNKNOWN;
    if (family != NULL)
      *family = g_strndup(group, flen);
    return SIM_GROUP_FAMILY;
  }
  if (in_list(fixed_family_names, group, flen)) {
    if (!fixed_member_exists(group))
      return SIM_GROUP_UNKNOWN;
    if (family != NULL)
      *family = g_strndup(group, flen);
    return SIM_GROUP_FIXED;
  }
  return SIM_GROUP_UNKNOWN;
}

gboolean
sim_schema_row_matches(const SimKeySpec *row, const char *group)
{
  const char *star = strstr(row->group, ".*");
  if (star == NULL)
    return strcmp(row->group, group) == 0;
  gsize flen = (gsize)(star - row->group);
  return strncmp(row->group, group, flen) == 0 && group[flen] == '.' &&
         sim_schema_instance_name_ok(group + flen + 1);
}

const SimKeySpec *
sim_schema_find(const char *group, const char *key)
{
  g_return_val_if_fail(group != NULL && key != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    if (strcmp(rows[i].key, key) == 0 && sim_schema_row_matches(&rows[i], group))
      return &rows[i];
  }
  return NULL;
}

const char **
sim_schema_keys_of(const char *group)
{
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    if (sim_schema_row_matches(&rows[i], group))
      g_ptr_array_add(out, (gpointer)rows[i].key);
  }
  g_ptr_array_add(out, NULL);
  return (const char **)g_ptr_array_free(out, FALSE);
}

const char *const *
sim_schema_static_groups(void)
{
  if (g_once_init_enter(&static_groups_cache)) {
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; singleton_groups[i] != NULL; i++)
      g_ptr_array_add(out, (gpointer)singleton_groups[i]);
    for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
      const char *g = rows[i].group;
      if (strstr(g, ".*") != NULL || in_list(singleton_groups, g, strlen(g)))
        continue;
      gboolean seen = FALSE;
      for (guint j = 0; j < out->len && !seen; j++)
        seen = strcmp(out->pdata[j], g) == 0;
      if (!seen)
        g_ptr_array_add(out, (gpointer)g);
    }
    g_ptr_array_add(out, NULL);
    g_once_init_leave(&static_groups_cache, (const char *const *)g_ptr_array_free(out, FALSE));
  }
  return static_groups_cache;
}

const char *const *
sim_schema_families(void)
{
  return family_names;
}

const char *const *
sim_schema_fixed_families(void)
{
  return fixed_family_names;
}

const char *
sim_schema_type_name(SimKeyType type)
{
  switch (type) {
  case SIM_KEY_STRING: return "text";
  case SIM_KEY_ENUM: return "one of";
  case SIM_KEY_BOOL: return "boolean";
  case SIM_KEY_INT: return "integer";
  case SIM_KEY_DOUBLE: return "number";
  case SIM_KEY_DURATION: return "duration";
  case SIM_KEY_RATE: return "rate";
  case SIM_KEY_SIZE: return "size";
  case SIM_KEY_BANDWIDTH: return "bandwidth";
  case SIM_KEY_DIST: return "distribution";
  case SIM_KEY_IP: return "IPv4 address";
  case SIM_KEY_CIDR_LIST: return "CIDR list";
  case SIM_KEY_WEIGHTS: return "weights";
  case SIM_KEY_STRING_LIST: return "word list";
  }
  return "?";
}

const char *
sim_schema_type_unit(SimKeyType type)
{
  switch (type) {
  case SIM_KEY_DURATION:
  case SIM_KEY_DIST:
    return "time (ns, us, ms, s, m, h)";
  case SIM_KEY_RATE:
    return "per time (/s, /m, /h)";
  case SIM_KEY_SIZE:
    return "bytes (B, kB, MB, GB, KiB, MiB, GiB)";
  case SIM_KEY_BANDWIDTH:
    return "bits/s (bps, kbps, Mbps, Gbps)";
  default:
    return "";
  }
}

char *
sim_schema_allowed_text(const SimKeySpec *spec)
{
  g_return_val_if_fail(spec != NULL, NULL);
  switch (spec->type) {
  case SIM_KEY_STRING:
    return g_strdup(spec->allowed ? spec->allowed : "any text");
  case SIM_KEY_ENUM:
    return g_strdup(spec->allowed);
  case SIM_KEY_BOOL:
    return g_strdup("true|false");
  case SIM_KEY_INT:
    return spec->allowed ? g_strdup_printf("an integer in %s", spec->allowed)
                         : g_strdup("an integer");
  case SIM_KEY_DOUBLE:
    return spec->allowed ? g_strdup_printf("a number in %s", spec->allowed) : g_strdup("a number");
  case SIM_KEY_DURATION:
    return spec->allowed ? g_strdup_printf("a duration in %s (units ns, us, ms, s, m, h)",
                                           spec->allowed)
                         : g_strdup(SIM_UNITS_DURATION_ALLOWED);
  case SIM_KEY_RATE:
    return spec->allowed ? g_strdup_printf("a rate in %s (per s, m or h)", spec->allowed)
                         : g_strdup(SIM_UNITS_RATE_ALLOWED);
  case SIM_KEY_SIZE:
    return spec->allowed ? g_strdup_printf("a size in %s", spec->allowed)
                         : g_strdup(SIM_UNITS_SIZE_ALLOWED);
  case SIM_KEY_BANDWIDTH:
    return spec->allowed ? g_strdup_printf("a bandwidth in %s", spec->allowed)
                         : g_strdup(SIM_UNITS_BANDWIDTH_ALLOWED);
  case SIM_KEY_DIST:
    return g_strdup(SIM_DIST_ALLOWED);
  case SIM_KEY_IP:
    return g_strdup(SIM_IP_ALLOWED);
  case SIM_KEY_CIDR_LIST:
    return g_strdup("comma-separated IPv4 CIDR blocks such as 10.0.0.0/16, 203.0.113.0/24");
  case SIM_KEY_WEIGHTS: {
    g_auto(GStrv) parts = g_strsplit(spec->allowed, "|", -1);
    g_autofree char *names = g_strjoinv(", ", parts);
    return g_strdup_printf("NAME:WEIGHT pairs, comma-separated, weights >= 0 with a positive sum; "
                           "names: %s", names);
  }
  case SIM_KEY_STRING_LIST:
    return spec->allowed ? g_strdup_printf("comma-separated words from %s", spec->allowed)
                         : g_strdup("comma-separated words");
  }
  return g_strdup("?");
}

/* Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
 * two neighbours ("lsit" -> "list") each cost 1. O(|a| |b|) time and memory. */
guint
sim_schema_edit_distance(const char *a, const char *b)
{
  gsize la = strlen(a), lb = strlen(b), w = lb + 1;
  g_autofree guint *d = g_new(guint, (la + 1) * w);

  for (gsize i = 0; i <= la; i++)
    d[i * w] = (guint)i;
  for (gsize j = 0; j <= lb; j++)
    d[j] = (guint)j;
  for (gsize i = 1; i <= la; i++) {
    for (gsize j = 1; j <= lb; j++) {
      guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
      guint v = MIN(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1);
      v = MIN(v, d[(i - 1) * w + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = MIN(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[la * w + lb];
}

const char *
sim_schema_suggest(const char *word, const char *const *candidates)
{
  g_return_val_if_fail(word != NULL, NULL);
  if (candidates == NULL)
    return NULL;
  gsize len = strlen(word);
  if (len > 200)
    return NULL; /* no typo of any schema name is this long; keeps the search cheap */
  guint limit = CLAMP((guint)(len / 3), 1, 3);
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (guint i = 0; candidates[i] != NULL; i++) {
    guint d = sim_schema_edit_distance(word, candidates[i]);
    /* case-only differences count as one edit, so "Endpoint" still finds "endpoint" */
    if (d > 1 && g_ascii_strcasecmp(word, candidates[i]) == 0)
      d = 1;
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  return (best != NULL && best_d <= limit && best_d > 0) ? best : NULL;
}

/* ---- Markdown key reference ---- */

/* Escapes '|' so table cells stay cells. */
static void
md_cell(GString *out, const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p == '|')
      g_string_append(out, "\\|");
    else
      g_string_append_c(out, *p);
  }
}

static void
md_group(GString *out, const char *title, const char *row_group)
{
  g_string_append_printf(out, "\n### `[%s]`\n\n", title);
  g_string_append(out, "| key | type | unit | default | allowed | applies when | meaning | "
                       "source of default |\n|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    const SimKeySpec *r = &rows[i];
    if (strcmp(r->group, row_group) != 0)
      continue;
    g_autofree char *allowed = r->type == SIM_KEY_DIST ? g_strdup("a distribution (see Distributions)")
                                                       : sim_schema_allowed_text(r);
    g_string_append_printf(out, "| `%s`%s | %s | %s | ", r->key, r->required ? " (required)" : "",
                           sim_schema_type_name(r->type), sim_schema_type_unit(r->type));
    if (r->def != NULL && r->def[0] == '\0') {
      g_string_append(out, "empty");
    } else if (r->def != NULL) {
      g_string_append(out, "`");
      md_cell(out, r->def);
      g_string_append(out, "`");
    } else {
      g_string_append(out, "-");
    }
    g_string_append(out, " | ");
    md_cell(out, allowed);
    g_string_append(out, " | ");
    md_cell(out, r->condition ? r->condition : "always");
    g_string_append(out, " | ");
    md_cell(out, r->doc);
    g_string_append(out, " | ");
    md_cell(out, r->source);
    g_string_append(out, " |\n");
  }
}

char *
sim_schema_markdown(void)
{
  GString *out = g_string_new("");
  GPtrArray *done = g_ptr_array_new();

  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    const char *g = rows[i].group;
    gboolean seen = FALSE;
    for (guint j = 0; j < done->len && !seen; j++)
      seen = strcmp(done->pdata[j], g) == 0;
    if (seen)
      continue;
    g_ptr_array_add(done, (gpointer)g);
    g_autofree char *title = NULL;
    const char *star = strstr(g, ".*");
    if (star != NULL)
      title = g_strdup_printf("%.*s.NAME", (int)(star - g), g);
    else
      title = g_strdup(g);
    md_group(out, title, g);
  }
  g_ptr_array_free(done, TRUE);
  return g_string_free(out, FALSE);
}
