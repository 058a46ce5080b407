# Where the time goes: each variant's mean request latency split into phases (dns, connect, tls,
# queue, service, transfer), stacked; one panel per client (or node group). The strip under each
# bar has the endpoint mode's colour.
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   phases.dat         panel slot series phase bottom_ms top_ms value_ms subject variant metric
#   phases.bars.dat    panel slot series mode total_ms short_label subject variant
#   phases.panels.dat  panel label subject
# Parameters (set above this template by eksim): n_panels, n_series, formats,
#   panel_max[p] (tallest bar, ms), panel_slots[p] (bars in the panel), panel_first[p] (its
#   first row in phases.bars.dat).

load 'common.gp'
array panel_label[n_panels]
stats 'phases.panels.dat' skip 1 using (panel_label[int($1) + 1] = strcol(2), 0) nooutput

half = 0.35   # half a bar's width
cols = grid_cols(n_panels)
rows = grid_rows(n_panels)
do for [fmt in formats] {
  eval set_term(fmt, 440 * cols, 330 * rows + 40)
  set output 'phases.' . fmt
  set multiplot layout rows, cols title 'Mean latency by phase: ' . scenario
  do for [p = 0:n_panels - 1] {
    eval style_reset
    top = panel_max[p + 1] > 0 ? panel_max[p + 1] : 1
    strip = 0.05 * top
    set title panel_label[p + 1]
    set ylabel 'mean latency (ms)'
    set xrange [-0.6:panel_slots[p + 1] - 0.4]
    set yrange [-1.6 * strip:1.08 * top]
    set ytics nomirror
    set xtics scale 0 rotate by -20
    set grid ytics
    unset key
    plot 'phases.dat' skip 1 using (($1 == p) ? $2 : NaN):(($5 + $6) / 2):(half):(($6 - $5) / 2):(phase_rgb($4)) \
           with boxxyerror fs solid 0.9 border lc rgb '#333333' fc rgb variable notitle, \
         'phases.bars.dat' skip 1 every ::panel_first[p + 1]::(panel_first[p + 1] + panel_slots[p + 1] - 1) \
           using 2:(-0.9 * strip):(half):(0.6 * strip):(mode_rgb($4)):xtic(6) \
           with boxxyerror fs solid 1.0 noborder fc rgb variable notitle
  }
  eval style_reset
  unset border
  unset tics
  unset grid
  set xrange [0:1]
  set yrange [0:1]
  set key center center reverse Left samplen 2 spacing 1.2 maxrows 7
  plot NaN notitle, \
       for [ph = 0:5] keyentry with boxes fs solid 0.9 border lc rgb '#333333' fc rgb phase_rgb(ph) title phase_label(ph), \
       for [m = 0:2] keyentry with boxes fs solid 1.0 noborder fc rgb mode_rgb(m) title 'strip: ' . mode_label(m)
  unset multiplot
  set output
}
