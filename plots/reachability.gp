# Reachability matrix: clients (with their location) x variants (grouped by endpoint mode, in the
# mode's colour). With more variants than fit across, eksim puts the variants in rows and the
# clients in columns (transposed = 1). Each cell is coloured by outcome - reachable (at least 99%
# of requests ok), degraded, unreachable (none ok), no requests - and says the share ok, the most
# frequent failure and its reason (summary.json), or for a reachable cell the way most requests
# went (path_* shares of summary.csv).
#
# Data (written by eksim next to this script; tab-separated, one header line):
#   reachability.dat       row col class availability requests label reason detail subject variant
#   reachability.rows.dat  row label sublabel mode    (mode: a variant's endpoint mode; -1 for a client)
#   reachability.cols.dat  col label sublabel mode
# Parameters (set above this template by eksim): n_rows, n_cols, n_series, formats, transposed,
#   row_chars (longest row label).

load 'common.gp'

cell_w = 230
cell_h = 78
label_w = 24 + 7 * row_chars           # pixels left of the grid for the row labels
head_h = 62                            # pixels above the grid for the column labels
plot_w = label_w + cell_w * n_cols
plot_h = head_h + cell_h * n_rows
do for [fmt in formats] {
  eval set_term(fmt, plot_w + 40, plot_h + 110)
  set output 'reachability.' . fmt
  eval style_reset
  set title (transposed ? 'Reachability: endpoint mode x client location - ' : \
                          'Reachability: client location x endpoint mode - ') . scenario
  unset border
  unset xtics
  unset ytics
  unset grid
  set lmargin 0
  set rmargin 0
  # Axis units are cells; the label column and header row lie inside the axes, so nothing clips.
  set xrange [-label_w * 1.0 / cell_w - 0.5:n_cols - 0.5]
  set yrange [n_rows - 0.5:-head_h * 1.0 / cell_h - 0.5]
  set key outside bottom center horizontal samplen 1.5 spacing 1.2 width 2
  plot 'reachability.dat' skip 1 using 2:1:(0.49):(0.47):(class_rgb($3)) \
         with boxxyerror fs solid 1.0 noborder fc rgb variable notitle, \
       'reachability.dat' skip 1 using 2:($1 - 0.22):6 with labels font ',11' notitle, \
       'reachability.dat' skip 1 using 2:($1 + 0.04):((strcol(7) eq '-') ? '' : strcol(7)) with labels \
         font ',9' tc rgb '#333333' notitle, \
       'reachability.dat' skip 1 using 2:($1 + 0.26):((strcol(8) eq '-') ? '' : strcol(8)) with labels \
         font ',8' tc rgb '#555555' notitle, \
       'reachability.rows.dat' skip 1 using (-0.55):($1 - 0.1):2:(label_rgb($4)) with labels right tc rgb variable \
         font ',10' notitle, \
       'reachability.rows.dat' skip 1 using (-0.55):($1 + 0.17):((strcol(3) eq '-') ? '' : strcol(3)) \
         with labels right font ',8' tc rgb '#555555' notitle, \
       'reachability.cols.dat' skip 1 using 1:(-0.5 - 0.55 * head_h / cell_h):2:(label_rgb($4)) with labels tc rgb variable \
         font ',11' notitle, \
       'reachability.cols.dat' skip 1 using 1:(-0.5 - 0.22 * head_h / cell_h):((strcol(3) eq '-') ? '' : strcol(3)) \
         with labels font ',9' tc rgb '#333333' notitle, \
       for [c = 0:2] keyentry with boxes fs solid 1.0 noborder fc rgb class_rgb(c) title class_label(c)
  set output
}
