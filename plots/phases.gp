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
#   first row in phases.bars.dat), max_slots (most bars in a panel).

load 'common.gp'
array panel_label[n_panels]
stats 'phases.panels.dat' skip 1 using (panel_label[int($1) + 1] = strcol(2), 0) nooutput

half = 0.35   # half a bar's width
# Panels widen with the number of bars (36 px a bar); many bars get upright labels.
pw = (100 + 36 * max_slots > 440) ? 100 + 36 * max_slots : 440
ph = (max_slots > 6) ? 420 : 330
dummy = layout(n_panels, 3, pw, ph, 9, 200)
do for [fmt in formats] {
  eval set_term(fmt, L_w, L_h)
  set output 'phases.' . fmt
  set multiplot title 'Mean latency by phase: ' . scenario
  do for [p = 0:n_panels - 1] {
    eval style_reset
    eval panel_at(p)
    top = panel_max[p + 1] > 0 ? panel_max[p + 1] : 1
    strip = 0.05 * top
    set title panel_label[p + 1]
    set ylabel 'mean latency (ms)'
    set xrange [-0.6:panel_slots[p + 1] - 0.4]
    set yrange [-1.6 * strip:1.08 * top]
    set ytics nomirror
    if (max_slots > 6) { set xtics scale 0 rotate by 90 right } else { set xtics scale 0 rotate by -20 }
    set grid ytics
    unset key
    plot 'phases.dat' skip 1 using (($1 == p) ? $2 : NaN):(($5 + $6) / 2):(half):(($6 - $5) / 2):(phase_rgb($4)) \
           with boxxyerror fs solid 0.9 border lc rgb '#333333' fc rgb variable notitle, \
         'phases.bars.dat' skip 1 every ::panel_first[p + 1]::(panel_first[p + 1] + panel_slots[p + 1] - 1) \
           using 2:(-0.9 * strip):(half):(0.6 * strip):(mode_rgb($4)):xtic(6) \
           with boxxyerror fs solid 1.0 noborder fc rgb variable notitle
  }
  eval style_reset
  eval legend_at
  set key samplen 2
  plot NaN notitle, \
       for [ph = 0:5] keyentry with boxes fs solid 0.9 border lc rgb '#333333' fc rgb phase_rgb(ph) title phase_label(ph), \
       for [m = 0:2] keyentry with boxes fs solid 1.0 noborder fc rgb mode_rgb(m) title 'strip: ' . mode_label(m)
  unset multiplot
  set output
}
