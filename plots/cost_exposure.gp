# Cost and exposure side by side (and a legend strip).
# Left: estimated cost per variant (list prices, facts §5.5), stacked by component (a lighter
# shade of the mode's colour per component), with the total above each bar.
# Right: exposure - the share of internet probe connections that reached the API endpoint, per
# probe source (cluster of bars) and variant (colour = endpoint mode); 0 = not exposed. The values
# are the model's exposure* metrics, or the availability of its probe subjects.
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   cost.dat              series slot component bottom_usd top_usd value_usd variant subject metric
#   cost.totals.dat       series slot mode total_usd short_label variant
#   cost.components.dat   component label
#   exposure.dat          group series slot n_slots value ci_low ci_high variant subject metric
#   exposure.groups.dat   group label
# Parameters (set above this template by eksim): n_series, formats, legend_chars, n_components,
#   n_cost_bars,
#   cost_max, n_groups, group_series[g]: the series with a bar, per probe group,
#   exposure_series: the series with a bar in any group.

load 'common.gp'
array component_label[n_components > 0 ? n_components : 1]
if (n_components > 0) {
  stats 'cost.components.dat' skip 1 using (component_label[int($1) + 1] = strcol(2), 0) nooutput
}
# (guarded: gnuplot evaluates an empty "plot for" element once)
c_label(k) = (k < n_components) ? 'cost: ' . component_label[k + 1] : ''

# Component k: the mode's colour, each further component more transparent.
shade(rgb, k) = rgb + int(k * 0x38 < 0xC0 ? k * 0x38 : 0xC0) * 0x1000000
bar_w(n) = 0.8 / n
bar_x(g, slot, n) = g + (slot - (n - 1) / 2.0) * bar_w(n)

# Two panels side by side, as wide as their bars need; the legend in a strip below.
pw_cost = 100 + 50 * n_cost_bars
pw_expo = 100 + 16 * n_groups * n_series
pw = (pw_cost > pw_expo ? pw_cost : pw_expo)
pw = (pw > 520 ? pw : 520)
dummy = layout(2, 2, pw, 400, n_series + n_components, 70 + 7 * legend_chars)
do for [fmt in formats] {
  eval set_term(fmt, L_w, L_h)
  set output 'cost_exposure.' . fmt
  set multiplot title 'Cost and exposure: ' . scenario
  eval style_reset
  eval panel_at(0)
  set title 'Estimated cost per run (list prices)'
  set ylabel 'cost (USD)'
  set grid ytics
  if (n_cost_bars > 6) { set xtics scale 0 rotate by 90 right } else { set xtics scale 0 rotate by -20 }
  unset key
  if (n_components > 0 && n_cost_bars > 0) {
    set xrange [-0.6:n_cost_bars - 0.4]
    set yrange [0:(cost_max > 0 ? 1.18 * cost_max : 1)]
    plot 'cost.dat' skip 1 using 2:(($4 + $5) / 2):(0.35):(($5 - $4) / 2):(shade(bar_rgb(series_mode[int($1) + 1], series_dash[int($1) + 1]), $3)) \
           with boxxyerror fs solid 1.0 border lc rgb '#333333' fc rgb variable notitle, \
         'cost.totals.dat' skip 1 using 2:4:(sprintf('$%.3g', $4)):xtic(5) with labels offset 0, 0.8 notitle
  } else {
    set xrange [0:1]
    set yrange [0:1]
    unset xtics
    set label 1 'no cost metrics in summary.csv' at graph 0.5, 0.5 center
    plot NaN notitle
    unset label 1
  }
  eval style_reset
  eval panel_at(1)
  set title 'Exposure: internet probes that reached the endpoint'
  set ylabel 'probe connections that succeeded (share)'
  set grid ytics
  set xtics scale 0
  set yrange [0:1.1]
  set ytics 0, 0.2, 1
  set style fill solid 0.9 border lc rgb '#333333'
  unset key
  if (n_groups > 0 && words(exposure_series) > 0) {
    set xrange [-0.5:n_groups - 0.5]
    plot 'exposure.groups.dat' skip 1 using 1:(NaN):xtic(2) notitle, \
         for [w in exposure_series] 'exposure.dat' skip 1 \
           using (($2 == sid(w)) ? bar_x($1, $3, $4) : NaN):5:(bar_w($4)) with boxes \
           lc rgb bar_rgb(s_mode(w), s_dash(w)) notitle, \
         'exposure.dat' skip 1 using (bar_x($1, $3, $4)):5:(sprintf('%.3g', $5)) with labels offset 0, 0.7 \
           font ',9' notitle
  } else {
    set xrange [0:1]
    unset xtics
    set label 1 'no exposure metrics in summary.csv' at graph 0.5, 0.5 center
    plot NaN notitle
    unset label 1
  }
  # The legend has a strip of its own: variants (colour = endpoint mode), then cost components.
  eval style_reset
  eval legend_at
  set key title 'variant (colour = endpoint mode; tints tell variants of one mode apart)' samplen 2
  plot NaN notitle, \
       for [s = 1:n_series] keyentry with boxes fs solid 0.9 border lc rgb '#333333' \
         fc rgb bar_rgb(series_mode[s], series_dash[s]) title series_label[s], \
       for [k = 0:n_components - 1] keyentry with boxes fs solid 1.0 border lc rgb '#333333' \
         fc rgb shade(0x555555, k) title c_label(k)
  unset multiplot
  set output
}
