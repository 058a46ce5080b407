/* Cost estimate (see cost.h; facts §5.5). */
#include "eks/cost.h"

void
sim_cost_estimate(const SimCostUsage *u, SimCostEstimate *out)
{
  const double gb = 1e9;
  double hours = sim_time_to_s(u->period) / 3600.0;
  if (hours <= 0) {
    *out = (SimCostEstimate){ 0 };
    return;
  }
  out->nat_hours_usd = u->n_nat * SIM_COST_NAT_HOUR_USD;
  out->nat_data_usd = (double)u->nat_bytes / gb * SIM_COST_NAT_GB_USD / hours;
  out->cross_az_usd = (double)u->cross_az_bytes / gb * 2 * SIM_COST_CROSS_AZ_GB_USD / hours;
  out->internet_egress_usd = (double)u->internet_out_bytes / gb * SIM_COST_INTERNET_GB_USD / hours;
  out->total_usd = out->nat_hours_usd + out->nat_data_usd + out->cross_az_usd + out->internet_egress_usd;
}
