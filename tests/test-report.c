/* Tests for sim/report/report: report.html and report.md of a results folder — contents,
 * escaping of hostile names, self-containment, byte-identical output for the same results — and
 * a render of report.html in headless Chromium whose screenshot must show the report and its
 * plots (skipped where Chromium or gnuplot is not installed). */
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "report/report.h"
#include "support/tmpdir.h"

#define FIXTURE "tests/data/plots/modes"

/* ---- helpers ------------------------------------------------------------------------------------ */

static void
copy_tree(const char *src, const char *dst)
{
  g_assert_cmpint(g_mkdir_with_parents(dst, 0755), ==, 0);
  g_autoptr(GDir) dh = g_dir_open(src, 0, NULL);
  g_assert_nonnull(dh);
  const char *name;
  while ((name = g_dir_read_name(dh))) {
    g_autofree char *s = g_build_filename(src, name, NULL);
    g_autofree char *d = g_build_filename(dst, name, NULL);
    if (g_file_test(s, G_FILE_TEST_IS_DIR)) {
      copy_tree(s, d);
      continue;
    }
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(s, &text, &len, NULL));
    g_assert_true(g_file_set_contents(d, text, (gssize)len, NULL));
  }
}

static char *
scratch_dir(void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("eksim-report-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

static char *
slurp(const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  g_file_get_contents(path, &text, NULL, NULL);
  return text;
}

static gboolean
have(const char *program)
{
  g_autofree char *p = g_find_program_in_path(program);
  return p != NULL;
}

/* Plots and reports for a copy of the fixture in @scratch/NAME; returns that folder. */
static char *
report_copy(const char *scratch, const char *name, const char *gnuplot)
{
  char *dir = g_build_filename(scratch, name, NULL);
  copy_tree(FIXTURE, dir);
  SimPlotOptions opts = { .gnuplot = gnuplot };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  g_assert_true(sim_report_plot_dir(dir, &opts, warnings, &error));
  g_assert_no_error(error);
  return dir;
}

/* ---- escaping ------------------------------------------------------------------------------------ */

static void
test_html_escape(void)
{
  g_autoptr(GString) s = g_string_new(NULL);
  sim_report_html_escape(s, "<script>alert('x') & \"y\"</script>");
  g_assert_cmpstr(s->str, ==, "&lt;script&gt;alert(&apos;x&apos;) &amp; &quot;y&quot;&lt;/script&gt;");
  g_string_truncate(s, 0);
  sim_report_html_escape(s, "bad \xff");
  g_assert_cmpstr(s->str, ==, "bad \xef\xbf\xbd");
}

static void
test_md_escape(void)
{
  struct {
    const char *in, *out;
  } cases[] = {
    { "plain text", "plain text" },
    { "a|b", "a\\|b" },
    { "*bold* _it_ `code` [link](x) ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~" },
    { "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
    { "# heading", "\\# heading" },
    { "- item", "\\- item" },
    { "12. item", "12\\. item" },
    { "1.5 ms", "1.5 ms" },
    { "two\nlines", "two lines" },
    { "back\\slash", "back\\\\slash" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GString) s = g_string_new(NULL);
    sim_report_md_escape(s, cases[i].in);
    g_assert_cmpstr(s->str, ==, cases[i].out);
  }
}

/* ---- the reports of the fixture ------------------------------------------------------------------- */

static void
test_html_contents(void)
{
  g_autofree char *scratch = scratch_dir();
  g_autofree char *dir = report_copy(scratch, "r", NULL);
  g_autofree char *html = slurp(dir, "report.html");
  g_assert_nonnull(html);
  g_assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n"));
  g_assert_nonnull(strstr(html, "<title>eksim: modes-sweep</title>"));
  g_assert_nonnull(strstr(html, "Three endpoint modes, three kubectl clients and a NAT gateway outage"));
  /* The comparison table: bastion availability in public mode, 81.48% with its interval; the
   * private laptop's failure; the node group's readiness. */
  g_assert_nonnull(strstr(html, "<td class=\"num\">81.48% [78.21, 84.76]</td>"));
  g_assert_nonnull(strstr(html, "<td class=\"txt\">connect-timeout (100%): SYN to private address 10.0.1.10 "
                                "unanswered: no route from the internet</td>"));
  g_assert_nonnull(strstr(html, "<td>nodes Ready (share of node-time)</td><td class=\"num\">87.96% [86.96, 88.96]</td>"));
  g_assert_nonnull(strstr(html, "<td class=\"num\">420.0\xc2\xa0MB</td>"));
  /* The scenario text. */
  g_assert_nonnull(strstr(html, "<pre>[scenario]\nname = modes-sweep\n"));
  g_assert_nonnull(strstr(html, "cluster.endpoint = public, public+private, private\n</pre>"));
  /* Every plot, embedded, with its sentence. */
  const char *titles[] = { "Latency CDF per client and variant", "Latency percentiles with 95% confidence intervals",
                           "Where the time goes: mean latency by phase", "Availability over time",
                           "Nodes Ready over time", "Reachability: client location x endpoint mode",
                           "Cost and exposure side by side" };
  gboolean drawn = have("gnuplot");
  for (guint i = 0; i < G_N_ELEMENTS(titles); i++) {
    g_autofree char *h3 = g_strdup_printf("\">%s</h3>\n%s", titles[i],
                                          drawn ? "<figure><img alt=\"" : "<p class=\"note\">Not drawn: ");
    g_assert_nonnull(strstr(html, h3));
  }
  if (drawn) {
    guint images = 0;
    for (const char *p = html; (p = strstr(p, "src=\"data:image/png;base64,iVBORw0KGgo")); p++)
      images++;
    g_assert_cmpuint(images, ==, G_N_ELEMENTS(titles));
    g_assert_nonnull(strstr(html, "<figcaption>Each curve is one variant (colour = endpoint mode)"));
  }
  /* Self-contained: nothing fetched from elsewhere, no script at all. */
  g_assert_null(strstr(html, "src=\"http"));
  g_assert_null(strstr(html, "<link"));
  g_assert_null(strstr(html, "<script"));
  g_assert_nonnull(strstr(html, "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\""));
  test_remove_tree(scratch);
}

static void
test_markdown_contents(void)
{
  g_autofree char *scratch = scratch_dir();
  g_autofree char *dir = report_copy(scratch, "r", NULL);
  g_autofree char *md = slurp(dir, "report.md");
  g_assert_nonnull(md);
  g_assert_true(g_str_has_prefix(md, "# eksim report: modes-sweep\n\n"));
  g_assert_nonnull(strstr(md, "| subject | metric | public | public+private | private |\n|---|---|--:|--:|--:|\n"));
  g_assert_nonnull(strstr(md, "| bastion | availability | 81.48% \\[78.21, 84.76\\] | 100% \\[99.92, 100\\] | "
                              "100% \\[99.92, 100\\] |\n"));
  if (have("gnuplot"))
    g_assert_nonnull(strstr(md, "![latency_cdf](plots/latency_cdf.png)\n"));
  g_assert_nonnull(strstr(md, "```ini\n[scenario]\nname = modes-sweep\n"));
  g_assert_true(g_str_has_suffix(md, "cluster.endpoint = public, public+private, private\n```\n"));
  test_remove_tree(scratch);
}

/* Same results, same bytes: plots, data, scripts and reports. */
static guint
assert_same_tree(const char *a, const char *b)
{
  g_autoptr(GDir) dh = g_dir_open(a, 0, NULL);
  g_assert_nonnull(dh);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name(dh))) {
    g_autofree char *pa = g_build_filename(a, name, NULL);
    g_autofree char *pb = g_build_filename(b, name, NULL);
    if (g_file_test(pa, G_FILE_TEST_IS_DIR)) {
      n += assert_same_tree(pa, pb);
      continue;
    }
    g_autofree char *ta = NULL;
    g_autofree char *tb = NULL;
    gsize la = 0, lb = 0;
    g_assert_true(g_file_get_contents(pa, &ta, &la, NULL));
    if (!g_file_get_contents(pb, &tb, &lb, NULL))
      g_error("%s is missing", pb);
    if (la != lb || memcmp(ta, tb, la) != 0)
      g_error("%s and %s differ", pa, pb);
    n++;
  }
  return n;
}

static void
test_deterministic(void)
{
  g_autofree char *scratch = scratch_dir();
  g_autofree char *a = report_copy(scratch, "a", NULL);
  g_autofree char *b = report_copy(scratch, "b", NULL);
  /* The fixture's 9 files, report.html and report.md, and at least the plots' data and scripts. */
  g_assert_cmpuint(assert_same_tree(a, b), >, 9 + 2 + 7 * 2);
  assert_same_tree(b, a);
  test_remove_tree(scratch);
}

/* ---- hostile names in the report ------------------------------------------------------------------ */

static char *
hostile_results(const char *scratch)
{
  char *dir = g_build_filename(scratch, "hostile", NULL);
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  const char *csv =
    "scenario,variant,subject,metric,value,ci_low,ci_high,n,unit\n"
    "\"<script>document.title='PWNED'</script>\",\"cluster.endpoint=private;x=<img src=x onerror=alert(1)>\","
    "\"<b onmouseover=alert(2)>c</b>|*\",availability,0.5,0.4,0.6,2,fraction\n"
    "\"<script>document.title='PWNED'</script>\",\"cluster.endpoint=private;x=<img src=x onerror=alert(1)>\","
    "\"<b onmouseover=alert(2)>c</b>|*\",\"outcome_<i>x</i>\",3,,,2,requests\n";
  g_autofree char *p = g_build_filename(dir, "summary.csv", NULL);
  g_assert_true(g_file_set_contents(p, csv, -1, NULL));
  g_free(p);
  p = g_build_filename(dir, "scenario.ini", NULL);
  g_assert_true(g_file_set_contents(p, "[scenario]\nname = x\ndescription = </pre><script>alert(3)</script>\n"
                                       "# ``` a fence in a comment\n",
                                    -1, NULL));
  return dir;
}

static void
test_hostile_report(void)
{
  g_autofree char *scratch = scratch_dir();
  g_autofree char *dir = hostile_results(scratch);
  SimPlotOptions opts = { .gnuplot = have("gnuplot") ? NULL : "/nonexistent/gnuplot" };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  g_assert_true(sim_report_plot_dir(dir, &opts, warnings, &error));
  g_assert_no_error(error);
  g_autofree char *html = slurp(dir, "report.html");
  g_autofree char *lower = g_ascii_strdown(html, -1);
  g_assert_null(strstr(lower, "<script"));
  g_assert_null(strstr(lower, "<img src=x"));
  g_assert_null(strstr(lower, "<b onmouseover"));
  g_assert_null(strstr(lower, "<i>x"));
  g_assert_nonnull(strstr(html, "<h1>eksim report: &lt;script&gt;document.title=&apos;PWNED&apos;&lt;/script&gt;</h1>"));
  g_assert_nonnull(strstr(html, "&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"));
  g_autofree char *md = slurp(dir, "report.md");
  g_autofree char *mdl = g_ascii_strdown(md, -1);
  /* Outside the scenario's code block (shown verbatim, never as HTML) no tag survives... */
  char *block = strstr(mdl, "````ini\n");
  g_assert_nonnull(block); /* a ``` in the scenario text cannot close the block early */
  *block = '\0';
  g_assert_null(strstr(mdl, "<script"));
  g_assert_null(strstr(mdl, "<img"));
  g_assert_null(strstr(mdl, "<b "));
  g_assert_nonnull(strstr(md, "&lt;b onmouseover=alert(2)&gt;c&lt;/b&gt;\\|\\*"));
  /* ...and the block runs to the end of the file. */
  g_assert_true(g_str_has_suffix(md, "# ``` a fence in a comment\n````\n"));
  test_remove_tree(scratch);
}

/* ---- headless Chromium ---------------------------------------------------------------------------- */

typedef struct {
  guint w, h;
  guint8 *rgb; /* w * h * 3 */
} Image;

static guint32
be32(const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static guint8
paeth(int a, int b, int c)
{
  int p = a + b - c, pa = ABS(p - a), pb = ABS(p - b), pc = ABS(p - c);
  return (guint8)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's --screenshot writes); the
 * deflate stream goes through GIO's zlib decompressor. */
static gboolean
png_decode(const guint8 *data, gsize len, Image *img)
{
  if (len < 8 || memcmp(data, "\x89PNG\r\n\x1a\n", 8) != 0)
    return FALSE;
  g_autoptr(GByteArray) idat = g_byte_array_new();
  guint bpp = 0;
  gsize pos = 8;
  img->w = img->h = 0;
  while (pos + 12 <= len) {
    guint32 n = be32(data + pos);
    const guint8 *type = data + pos + 4, *body = data + pos + 8;
    if (pos + 12 + n > len)
      return FALSE;
    if (memcmp(type, "IHDR", 4) == 0) {
      img->w = be32(body);
      img->h = be32(body + 4);
      if (body[8] != 8 || (body[9] != 2 && body[9] != 6) || body[12] != 0)
        return FALSE;
      bpp = body[9] == 6 ? 4 : 3;
    } else if (memcmp(type, "IDAT", 4) == 0)
      g_byte_array_append(idat, body, n);
    else if (memcmp(type, "IEND", 4) == 0)
      break;
    pos += 12 + n;
  }
  if (!bpp || !img->w || !img->h || img->w > 20000 || img->h > 20000)
    return FALSE;
  gsize stride = (gsize)img->w * bpp, raw_len = (stride + 1) * img->h;
  g_autofree guint8 *raw = g_malloc(raw_len);
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  gsize in_pos = 0, out_pos = 0;
  for (;;) {
    gsize read = 0, written = 0;
    GConverterResult r = g_converter_convert(G_CONVERTER(z), idat->data + in_pos, idat->len - in_pos, raw + out_pos,
                                             raw_len - out_pos, G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
    in_pos += read;
    out_pos += written;
    if (r == G_CONVERTER_FINISHED || out_pos == raw_len)
      break;
    if (r == G_CONVERTER_ERROR || (read == 0 && written == 0))
      return FALSE;
  }
  if (out_pos != raw_len)
    return FALSE;
  g_autofree guint8 *px = g_malloc(stride * img->h);
  for (guint y = 0; y < img->h; y++) {
    guint8 filter = raw[y * (stride + 1)];
    const guint8 *src = raw + y * (stride + 1) + 1;
    guint8 *row = px + y * stride, *up = y ? px + (y - 1) * stride : NULL;
    for (gsize x = 0; x < stride; x++) {
      int a = x >= bpp ? row[x - bpp] : 0, b = up ? up[x] : 0, c = (up && x >= bpp) ? up[x - bpp] : 0;
      int v = src[x];
      switch (filter) {
      case 0: break;
      case 1: v += a; break;
      case 2: v += b; break;
      case 3: v += (a + b) / 2; break;
      case 4: v += paeth(a, b, c); break;
      default: return FALSE;
      }
      row[x] = (guint8)v;
    }
  }
  img->rgb = g_malloc((gsize)img->w * img->h * 3);
  for (gsize i = 0; i < (gsize)img->w * img->h; i++)
    memcpy(img->rgb + 3 * i, px + bpp * i, 3);
  return TRUE;
}

/* Pixels within @tol of @rgb. */
static guint
count_colour(const Image *img, guint32 rgb, int tol)
{
  guint n = 0;
  int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  for (gsize i = 0; i < (gsize)img->w * img->h; i++) {
    const guint8 *p = img->rgb + 3 * i;
    n += ABS(p[0] - r) <= tol && ABS(p[1] - g) <= tol && ABS(p[2] - b) <= tol;
  }
  return n;
}

static char *
find_chromium(void)
{
  const char *env = g_getenv("EKSIM_CHROMIUM");
  if (env && env[0])
    return g_find_program_in_path(env);
  const char *names[] = { "chromium", "chromium-browser", "google-chrome" };
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    char *p = g_find_program_in_path(names[i]);
    if (p)
      return p;
  }
  return NULL;
}

/* Runs Chromium headless on @html with @extra ("--screenshot=..." or "--dump-dom"); returns
 * stdout. The flags keep it off the network and away from any existing profile. */
static char *
chromium_run(const char *chromium, const char *scratch, const char *html, const char *extra)
{
  g_autofree char *profile = g_build_filename(scratch, "chromium-profile", NULL);
  g_autofree char *user_data = g_strdup_printf("--user-data-dir=%s", profile);
  g_autofree char *uri = g_filename_to_uri(html, NULL, NULL);
  const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                         "--window-size=1280,8000", user_data, extra, uri, NULL };
  g_autoptr(GSubprocess) proc =
    g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  g_assert_nonnull(proc);
  char *out = NULL;
  GError *error = NULL;
  g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error(error);
  g_assert_true(g_subprocess_get_successful(proc));
  return out;
}

static void
test_chromium_render(void)
{
  g_autofree char *chromium = find_chromium();
  if (!chromium) {
    g_test_skip("Chromium is not installed (Debian: chromium; tests/install-deps.sh test installs it)");
    return;
  }
  if (!have("gnuplot")) {
    g_test_skip("gnuplot is not installed: the report has no images to look at");
    return;
  }
  g_autofree char *scratch = scratch_dir();
  g_autofree char *dir = report_copy(scratch, "r", NULL);
  g_autofree char *html = g_build_filename(dir, "report.html", NULL);
  g_autofree char *shot = g_build_filename(scratch, "shot.png", NULL);
  g_autofree char *flag = g_strdup_printf("--screenshot=%s", shot);
  g_autofree char *out = chromium_run(chromium, scratch, html, flag);

  g_autofree char *png = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(shot, &png, &len, NULL));
  Image img = { 0 };
  g_assert_true(png_decode((const guint8 *)png, len, &img));
  g_assert_cmpuint(img.w, ==, 1280);
  g_assert_cmpuint(img.h, ==, 8000);
  /* Not blank: a good share of the page is ink, not white background. */
  guint white = count_colour(&img, 0xFFFFFF, 6);
  guint total = img.w * img.h;
  g_test_message("screenshot: %u of %u pixels white", white, total);
  g_assert_cmpuint(total - white, >, total / 20);
  /* The plots rendered: each endpoint mode's colour (common.gp) fills many pixels, which only
   * the embedded images and the table swatches have. */
  const guint32 modes[] = { 0xD55E00, 0xCC79A7, 0x0072B2 };
  for (guint m = 0; m < G_N_ELEMENTS(modes); m++) {
    guint n = count_colour(&img, modes[m], 10);
    g_test_message("mode %u colour %06X: %u pixels", m, modes[m], n);
    g_assert_cmpuint(n, >, 5000);
  }
  g_free(img.rgb);
  test_remove_tree(scratch);
}

/* The page as Chromium parsed it: hostile names stayed text, no script element, the title is
 * the escaped name (a script that ran would have changed it). */
static void
test_chromium_hostile(void)
{
  g_autofree char *chromium = find_chromium();
  if (!chromium) {
    g_test_skip("Chromium is not installed (Debian: chromium; tests/install-deps.sh test installs it)");
    return;
  }
  g_autofree char *scratch = scratch_dir();
  g_autofree char *dir = hostile_results(scratch);
  SimPlotOptions opts = { .gnuplot = "/nonexistent/gnuplot" };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  g_assert_true(sim_report_plot_dir(dir, &opts, warnings, &error));
  g_assert_no_error(error);
  g_autofree char *html = g_build_filename(dir, "report.html", NULL);
  g_autofree char *dom = chromium_run(chromium, scratch, html, "--dump-dom");
  g_autofree char *lower = g_ascii_strdown(dom, -1);
  g_assert_nonnull(strstr(lower, "<body>"));
  g_assert_null(strstr(lower, "<script"));
  g_assert_null(strstr(lower, "<img src=\"x\""));
  g_assert_null(strstr(lower, "onmouseover=\""));
  g_assert_null(strstr(dom, "<title>PWNED</title>"));
  g_assert_nonnull(strstr(dom, "<title>eksim: &lt;script&gt;document.title='PWNED'&lt;/script&gt;</title>"));
  test_remove_tree(scratch);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/report/html-escape", test_html_escape);
  g_test_add_func("/report/md-escape", test_md_escape);
  g_test_add_func("/report/html-contents", test_html_contents);
  g_test_add_func("/report/markdown-contents", test_markdown_contents);
  g_test_add_func("/report/deterministic", test_deterministic);
  g_test_add_func("/report/hostile-names", test_hostile_report);
  g_test_add_func("/report/chromium-render", test_chromium_render);
  g_test_add_func("/report/chromium-hostile-dom", test_chromium_hostile);
  return g_test_run();
}
