# Nodes Ready over time: Ready nodes per node group in each time bin, one line per variant
# coloured by endpoint mode; the group's size dashed grey; fault windows shaded grey and named.
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   nodes_ready.dat         panel series time_s nodes_ready nodes bin_start_s bin_end_s subject
#                           variant          (time_s = middle of the bin)
#   nodes_ready.panels.dat  panel label subject
#   faults.dat              window start_s end_s fault kind
# Parameters (set above this template by eksim): n_panels, n_series, formats, legend_chars,
#   n_faults, t_end,
#   warmup, y_max (largest count), panel_series[p]: the series with a line, per panel.

load 'common.gp'
array panel_label[n_panels]
stats 'nodes_ready.panels.dat' skip 1 using (panel_label[int($1) + 1] = strcol(2), 0) nooutput

series_lw(s) = 1.2 + 3.5 * (n_series - 1 - s) / (n_series > 1 ? n_series - 1.0 : 1.0)
top = y_max > 0 ? y_max : 1

dummy = layout(n_panels, 2, 600, 300, n_series + 3, 70 + 7 * legend_chars)
# Fault windows: drawn only when there are some (a plot of an empty file would warn). The
# macro holds fixed text only; fault names come from faults.dat.
fault_layers = (n_faults > 0) ? \
    "'faults.dat' skip 1 using (($2 + $3) / 2):(0.55 * top):(($3 - $2) / 2):(0.6 * top) with boxxyerror " . \
    "fs transparent solid 0.18 noborder lc rgb fault_rgb notitle, " . \
    "'faults.dat' skip 1 using 2:(1.1 * top):4 with labels left offset 0.3, 0 tc rgb '#555555' font ',9' notitle, " : ""
do for [fmt in formats] {
  eval set_term(fmt, L_w, L_h)
  set output 'nodes_ready.' . fmt
  set multiplot title 'Nodes Ready over time: ' . scenario
  do for [p = 0:n_panels - 1] {
    eval style_reset
    eval panel_at(p)
    set title panel_label[p + 1]
    set xlabel 'simulated time (s)'
    set ylabel 'nodes Ready'
    set xrange [0:t_end]
    set yrange [-0.02 * top:1.15 * top]
    set grid xtics ytics
    unset key
    if (warmup == warmup && warmup > 0) {
      set arrow 1 from warmup, graph 0 to warmup, graph 1 nohead dt 3 lc rgb '#888888'
    }
    plot @fault_layers \
         for [w in panel_series[p + 1]] 'nodes_ready.dat' skip 1 \
           using (($1 == p && $2 == sid(w)) ? $3 : NaN):5 with lines dt 2 lw 1 lc rgb '#999999' notitle, \
         for [w in panel_series[p + 1]] 'nodes_ready.dat' skip 1 \
           using (($1 == p && $2 == sid(w)) ? $3 : NaN):4 with lines lw series_lw(sid(w)) \
           lc rgb mode_rgb(s_mode(w)) dt s_dash(w) notitle
  }
  eval style_reset
  eval legend_at
  set key title 'variant (colour = endpoint mode)'
  plot NaN notitle, \
       for [s = 1:n_series] keyentry with lines lw 2.5 lc rgb mode_rgb(series_mode[s]) dt series_dash[s] \
         title series_label[s], \
       keyentry with lines dt 2 lc rgb '#999999' title 'nodes in the group', \
       keyentry with boxes fs transparent solid 0.18 noborder lc rgb fault_rgb title 'fault window', \
       keyentry with lines dt 3 lc rgb '#888888' title 'end of warm-up'
  unset multiplot
  set output
}
