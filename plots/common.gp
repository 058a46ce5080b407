# eksim plots: shared style, loaded by every template (load 'common.gp').
#
# One colour per endpoint mode, kept across every plot (Okabe-Ito colour-blind-safe colours):
#   public = vermillion, public+private = reddish purple (between the two), private = blue.
# Change a colour here and every plot of a result folder follows when re-run.
#
# Text (scenario, variant, client names) never appears in these scripts: it is read from the
# data files (*.dat) with strcol(), so nothing a scenario file says is run as a command, and it
# is printed with 'noenhanced' so it shows exactly as written.

# Settings every panel starts from; templates run "eval style_reset" instead of a bare reset.
style_reset = "reset; set encoding utf8; set datafile separator tab; set termoption noenhanced; " . \
    "set grid lt 1 lw 0.6 lc rgb '#E4E4E4'; set border lc rgb '#444444'"
eval style_reset

mode_rgb(m) = (m == 0) ? 0xD55E00 : (m == 1) ? 0xCC79A7 : (m == 2) ? 0x0072B2 : 0x666666
label_rgb(m) = (m < 0) ? 0x222222 : mode_rgb(m)   # text: a mode's colour, or near black
mode_label(m) = (m == 0) ? 'public' : (m == 1) ? 'public+private' : (m == 2) ? 'private' : 'unknown mode'
# The variants of one mode differ by dash pattern (1 = solid, 2 = dashed, ...). Bars cannot be
# dashed: there the variants of one mode get tints of its colour instead, by the same number
# (1 = the colour itself, then 30 %, 55 % and 75 % of the way to white, repeating).
tint_c(c, f) = int(c + (255 - c) * f + 0.5)
tint(rgb, f) = tint_c(int(rgb / 65536) % 256, f) * 65536 + tint_c(int(rgb / 256) % 256, f) * 256 + \
    tint_c(rgb % 256, f)
tint_f(d) = ((int(d) - 1) % 4 == 0) ? 0 : ((int(d) - 1) % 4 == 1) ? 0.3 : ((int(d) - 1) % 4 == 2) ? 0.55 : 0.75
bar_rgb(m, d) = tint(mode_rgb(m), tint_f(d))
# Phases of a request (stacked bars): colours distinct from the mode colours.
phase_rgb(p) = (p == 0) ? 0x009E73 : (p == 1) ? 0xF0E442 : (p == 2) ? 0x8C6D31 : (p == 3) ? 0xBBBBBB : (p == 4) ? 0x444444 : 0xA6D854
phase_label(p) = word('dns connect tls queue service transfer', p + 1)
# Reachability classes: pale fills, so the dark cell text stays readable.
class_rgb(c) = (c == 0) ? 0xB9E3B9 : (c == 1) ? 0xF6E3A1 : (c == 2) ? 0xF4B6B6 : 0xE4E4E4
class_label(c) = (c == 0) ? 'reachable (>= 99% ok)' : (c == 1) ? 'degraded' : (c == 2) ? 'unreachable (0% ok)' : 'no requests'
fault_rgb = 0x777777

# One image per format; call as: eval set_term(fmt, width_px, height_px)
set_term(fmt, w, h) = (fmt eq 'svg') ? \
    sprintf("set terminal svg size %d,%d dynamic noenhanced font 'sans,11' background rgb 'white'", w, h) : \
    sprintf("set terminal pngcairo size %d,%d noenhanced font 'sans,10' background rgb 'white'", w, h)

# Layout of a multi-panel image: panels of pw x ph pixels in a grid at most max_cols across, a
# title line on top, and below them a legend strip spanning the width, as tall as its entries
# need (entry_w = pixels per legend entry), so the legend never covers a panel. Call
#   dummy = layout(n_panels, max_cols, pw, ph, n_entries, entry_w)
# then size the terminal with L_w x L_h and place panel p with panel_at(p), the legend with
# legend_at (each returns the commands to eval).
layout(n, max_cols, pw, ph, entries, entry_w) = ( \
    L_cols = (n < max_cols ? (n > 0 ? n : 1) : max_cols), \
    L_rows = int(ceil((n > 0 ? n : 1) * 1.0 / L_cols)), \
    L_pw = pw, L_ph = ph, L_w = L_cols * pw, L_title = 36, \
    L_kcols = (int((L_w - 40) / entry_w) > 0 ? int((L_w - 40) / entry_w) : 1), \
    L_krows = int(ceil(entries * 1.0 / L_kcols)), \
    L_kh = 44 + 19 * L_krows, L_h = L_title + L_rows * ph + L_kh, 0)
panel_at(p) = sprintf("set origin %.6f, %.6f; set size %.6f, %.6f", \
    (p % L_cols) * 1.0 / L_cols, 1.0 - (L_title + (int(p / L_cols) + 1) * L_ph) * 1.0 / L_h, \
    1.0 / L_cols, L_ph * 1.0 / L_h)
legend_at = "set origin 0, 0; set size 1, L_kh * 1.0 / L_h; unset border; unset tics; unset grid; " . \
    "set xrange [0:1]; set yrange [0:1]; set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0; " . \
    "set key center center reverse Left samplen 3 spacing 1.15 maxrows L_krows"

# A series number from a word of a list ("0 2 5"). gnuplot evaluates a "plot for [w in LIST]"
# element once even when LIST is empty, so these must not fail on "" (they give a series that
# matches no row).
sid(w) = (strlen(w) > 0) ? int(w) : -1
s_mode(w) = (strlen(w) > 0) ? series_mode[int(w) + 1] : 3
s_dash(w) = (strlen(w) > 0) ? series_dash[int(w) + 1] : 1
s_label(w) = (strlen(w) > 0) ? series_label[int(w) + 1] : ''

# Labels and variants, from files eksim writes (text read as data, never as commands):
#   meta.dat      scenario name
#   variants.dat  series  mode  dash  variant  short_label
stats 'meta.dat' skip 1 using (scenario = strcol(1), 0) nooutput
array series_label[n_series]
array series_mode[n_series]
array series_dash[n_series]
stats 'variants.dat' skip 1 using (series_mode[int($1) + 1] = int($2), series_dash[int($1) + 1] = int($3), \
    series_label[int($1) + 1] = strcol(5), 0) nooutput
