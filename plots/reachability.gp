# Reachability matrix: one row per client (with its location), one column per variant, grouped by
# endpoint mode (header in the mode's colour). Each cell is coloured by outcome - reachable (at
# least 99% of requests ok), degraded, unreachable (none ok), no requests - and says the share ok,
# the most frequent failure and its reason (summary.json), or for a reachable cell the way most
# requests went (path_* shares of summary.csv).
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   reachability.dat       row col class availability requests label reason detail subject variant
#   reachability.cols.dat  col series mode mode_name short_label variant
#   reachability.rows.dat  row label subject location
# Parameters (set above this template by eksim): n_rows, n_cols, n_series, formats.

load 'common.gp'
# Room on the left for the longest row label.
stats 'reachability.rows.dat' skip 1 using (strlen(strcol(2))) nooutput
label_chars = STATS_max

cell_w = 230
cell_h = 78
do for [fmt in formats] {
  eval set_term(fmt, 90 + 8 * label_chars + cell_w * n_cols, 170 + cell_h * n_rows)
  set output 'reachability.' . fmt
  eval style_reset
  set title 'Reachability: client location x endpoint mode - ' . scenario
  unset border
  unset xtics
  set ytics scale 0 nomirror font ',10'
  unset grid
  set lmargin label_chars + 2
  set xrange [-0.5:n_cols - 0.5]
  set yrange [n_rows - 0.5:-1.25]
  set key outside bottom center horizontal samplen 1.5 spacing 1.2 width 2
  plot 'reachability.dat' skip 1 using 2:1:(0.49):(0.47):(class_rgb($3)) \
         with boxxyerror fs solid 1.0 noborder fc rgb variable notitle, \
       'reachability.dat' skip 1 using 2:($1 - 0.22):6 with labels font ',11' notitle, \
       'reachability.dat' skip 1 using 2:($1 + 0.04):((strcol(7) eq '-') ? '' : strcol(7)) with labels \
         font ',9' tc rgb '#333333' notitle, \
       'reachability.dat' skip 1 using 2:($1 + 0.26):((strcol(8) eq '-') ? '' : strcol(8)) with labels \
         font ',8' tc rgb '#555555' notitle, \
       'reachability.rows.dat' skip 1 using (NaN):1:ytic(2) notitle, \
       'reachability.cols.dat' skip 1 using 1:(-0.95):4:(mode_rgb($3)) with labels tc rgb variable \
         font ',11' notitle, \
       'reachability.cols.dat' skip 1 using 1:(-0.68):((strcol(5) eq strcol(4)) ? '' : strcol(5)) \
         with labels font ',9' tc rgb '#333333' notitle, \
       for [c = 0:2] keyentry with boxes fs solid 1.0 noborder fc rgb class_rgb(c) title class_label(c)
  set output
}
