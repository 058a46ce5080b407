/* The data-transfer cost estimate of a run, from list prices (facts §5.5, §7 #24).
 *
 * An ESTIMATE from us-east-1 list prices quoted by third parties in the fact sheet, for the
 * traffic the model moved (API traffic only: no image pulls, logs shipping or application data):
 *   - NAT gateways: $0.045 per gateway-hour for every gateway of the cluster VPC over the measured
 *     period, plus $0.045 per GB processed (both directions);
 *   - inter-AZ transfer: $0.01 per GB in each direction, i.e. $0.02 per GB that crosses an AZ
 *     boundary inside the customer VPC (bytes_cross_az; the AWS-managed side is EKS's, facts §1.6);
 *   - internet egress: $0.09 per GB leaving the cluster VPC through its internet gateway (first
 *     tier). Traffic to the public endpoint stays on Amazon's network (facts §1.2) and may be billed
 *     at a lower regional rate the fact sheet does not give: this component is an upper bound.
 * GB = 10^9 bytes. Every component is reported per hour of simulated time after the warm-up
 * (unit USD/h), so runs of different lengths compare. Nothing here is a bill: the labels say
 * "estimate" and "list prices".
 */
#ifndef EKSIM_EKS_COST_H
#define EKSIM_EKS_COST_H

#include <glib.h>

#include "core/time.h"

#define SIM_COST_NAT_HOUR_USD 0.045
#define SIM_COST_NAT_GB_USD 0.045
#define SIM_COST_CROSS_AZ_GB_USD 0.01 /* each direction */
#define SIM_COST_INTERNET_GB_USD 0.09

typedef struct {
  guint n_nat;              /* NAT gateways of the cluster VPC */
  SimTime period;           /* measured period (duration - warm-up) */
  guint64 nat_bytes;        /* processed by them, both directions */
  guint64 cross_az_bytes;   /* bytes that crossed an AZ boundary */
  guint64 internet_out_bytes; /* out through the cluster VPC's internet gateway */
} SimCostUsage;

/* USD per hour of the measured period. */
typedef struct {
  double nat_hours_usd, nat_data_usd, cross_az_usd, internet_egress_usd, total_usd;
} SimCostEstimate;

void sim_cost_estimate(const SimCostUsage *usage, SimCostEstimate *out);

#endif
