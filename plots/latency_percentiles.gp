# Latency percentiles with 95% confidence intervals: one panel per client (or node group); bars
# for p50, p90, p99, p99.9 of successful requests, one bar per variant coloured by endpoint mode
# (variants of one mode in tints of its colour, common.gp bar_rgb),
# whiskers from ci_low to ci_high (Student-t across replications, summary.csv).
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   latency_percentiles.dat         panel series percentile slot n_slots value_ms ci_low_ms
#                                   ci_high_ms subject variant metric
#   latency_percentiles.panels.dat  panel label subject
# Parameters (set above this template by eksim): n_panels, n_series, formats, legend_chars,
#   panel_series[p] / panel_ci[p]: the series with bars / with confidence intervals, per panel,
#   panel_top[p]: the highest bar or whisker of the panel (ms).

load 'common.gp'
array panel_label[n_panels]
stats 'latency_percentiles.panels.dat' skip 1 using (panel_label[int($1) + 1] = strcol(2), 0) nooutput

# Bar position: percentile cluster + slot within it.
bar_w(n) = 0.8 / n
bar_x(pct, slot, n) = pct + (slot - (n - 1) / 2.0) * bar_w(n)

# Panels widen with the number of bars (4 percentiles x variants), at least 10 px a bar.
pw = (100 + 40 * n_series > 440) ? 100 + 40 * n_series : 440
dummy = layout(n_panels, 3, pw, 330, n_series + 1, 70 + 7 * legend_chars)
do for [fmt in formats] {
  eval set_term(fmt, L_w, L_h)
  set output 'latency_percentiles.' . fmt
  set multiplot title 'Latency percentiles (95% CI): ' . scenario
  do for [p = 0:n_panels - 1] {
    eval style_reset
    eval panel_at(p)
    set title panel_label[p + 1]
    set ylabel 'latency (ms)'
    set xrange [-0.5:3.5]
    set yrange [0:(panel_top[p + 1] > 0 ? 1.06 * panel_top[p + 1] : 1)]   # room for the whiskers
    set xtics ('p50' 0, 'p90' 1, 'p99' 2, 'p99.9' 3) scale 0
    set grid ytics
    set style fill solid 0.85 border lc rgb '#333333'
    unset key
    plot for [w in panel_series[p + 1]] 'latency_percentiles.dat' skip 1 \
           using (($1 == p && $2 == sid(w)) ? bar_x($3, $4, $5) : NaN):6:(bar_w($5)) with boxes \
           lc rgb bar_rgb(s_mode(w), s_dash(w)) notitle, \
         for [w in panel_ci[p + 1]] 'latency_percentiles.dat' skip 1 \
           using (($1 == p && $2 == sid(w)) ? bar_x($3, $4, $5) : NaN):7:(0):($8 - $7) with vectors \
           heads size screen 0.006, 90 lw 1.2 lc rgb 'black' notitle
  }
  eval style_reset
  eval legend_at
  set style fill solid 0.85 border lc rgb '#333333'
  set key title 'variant (colour = endpoint mode; tints tell variants of one mode apart)' samplen 2
  plot NaN notitle, \
       for [s = 1:n_series] keyentry with boxes lc rgb bar_rgb(series_mode[s], series_dash[s]) \
         title series_label[s], \
       keyentry with vectors heads size screen 0.006, 90 lw 1.2 lc rgb 'black' title '95% confidence interval'
  unset multiplot
  set output
}
