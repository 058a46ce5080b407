# Latency CDF per client and variant: one panel per client (or node group), one curve per variant
# coloured by endpoint mode; log x axis; p50 (circle) and p99 (triangle) from summary.csv.
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   latency_cdf.dat         panel  series  latency_ms  cdf  subject  variant
#   latency_cdf.marks.dat   panel  series  p50_ms  p99_ms  subject  variant
#   latency_cdf.panels.dat  panel  label
# Parameters (set above this template by eksim): n_panels, n_series, formats, legend_chars,
#   panel_series[p] / panel_marks[p]: the series with a curve / with p50 and p99, per panel.

load 'common.gp'
array panel_label[n_panels]
stats 'latency_cdf.panels.dat' skip 1 using (panel_label[int($1) + 1] = strcol(2), 0) nooutput

dummy = layout(n_panels, 3, 440, 330, n_series + 2, 70 + 7 * legend_chars)
do for [fmt in formats] {
  eval set_term(fmt, L_w, L_h)
  set output 'latency_cdf.' . fmt
  set multiplot title 'Request latency CDF: ' . scenario
  do for [p = 0:n_panels - 1] {
    eval style_reset
    eval panel_at(p)
    set title panel_label[p + 1]
    set logscale x 10
    set format x '%g'
    set xlabel 'latency of successful requests (ms, log scale)'
    set ylabel 'fraction of requests <= x'
    set yrange [0:1.02]
    set ytics 0.1
    set grid xtics mxtics ytics
    unset key
    if (words(panel_series[p + 1]) == 0) {
      set xrange [1:1000]
      set label 1 'no successful requests in any variant' at graph 0.5, 0.5 center
      plot NaN notitle
      unset label 1
    } else {
      plot for [w in panel_series[p + 1]] 'latency_cdf.dat' skip 1 \
             using (($1 == p && $2 == sid(w)) ? $3 : NaN):4 with lines lw 2 \
             lc rgb mode_rgb(s_mode(w)) dt s_dash(w) notitle, \
           for [w in panel_marks[p + 1]] 'latency_cdf.marks.dat' skip 1 \
             using (($1 == p && $2 == sid(w)) ? $3 : NaN):(0.5) with points pt 7 ps 1.3 \
             lc rgb mode_rgb(s_mode(w)) notitle, \
           for [w in panel_marks[p + 1]] 'latency_cdf.marks.dat' skip 1 \
             using (($1 == p && $2 == sid(w)) ? $4 : NaN):(0.99) with points pt 9 ps 1.5 \
             lc rgb mode_rgb(s_mode(w)) notitle
    }
  }
  # The legend has a strip of its own, so it never covers a curve.
  eval style_reset
  eval legend_at
  set key title 'variant (colour = endpoint mode)'
  plot NaN notitle, \
       for [s = 1:n_series] keyentry with lines lw 2 lc rgb mode_rgb(series_mode[s]) dt series_dash[s] \
         title series_label[s], \
       keyentry with points pt 7 ps 1.3 lc rgb 'black' title 'p50 (summary.csv)', \
       keyentry with points pt 9 ps 1.5 lc rgb 'black' title 'p99 (summary.csv)'
  unset multiplot
  set output
}
