/* CSV formatting and atomic file writing (see csv.h). */
#include "report/csv.h"

#include <math.h>
#include <string.h>

void
sim_csv_field(GString *out, const char *text)
{
  if (!text)
    return;
  if (!strpbrk(text, ",\"\r\n")) {
    g_string_append(out, text);
    return;
  }
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

void
sim_csv_write_field(FILE *f, const char *text)
{
  g_autoptr(GString) s = g_string_new(NULL);
  sim_csv_field(s, text);
  fwrite(s->str, 1, s->len, f);
}

void
sim_csv_number(GString *out, double v)
{
  if (!isfinite(v))
    return;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (v == 0)
    v = 0; /* no "-0" */
  g_ascii_formatd(buf, sizeof buf, "%.10g", v);
  g_string_append(out, buf);
}

void
sim_csv_uint(GString *out, guint64 v)
{
  g_string_append_printf(out, "%" G_GUINT64_FORMAT, v);
}

static void
fixed(GString *out, SimTime t, SimTime unit, int digits)
{
  if (t < 0)
    return;
  g_string_append_printf(out, "%" G_GINT64_FORMAT, t / unit);
  SimTime frac = t % unit;
  if (frac == 0)
    return;
  char buf[16];
  g_snprintf(buf, sizeof buf, "%0*" G_GINT64_FORMAT, digits, frac);
  gsize n = strlen(buf);
  while (n > 0 && buf[n - 1] == '0')
    buf[--n] = '\0';
  g_string_append_c(out, '.');
  g_string_append(out, buf);
}

void
sim_csv_seconds(GString *out, SimTime t)
{
  fixed(out, t, SIM_S, 9);
}

void
sim_csv_millis(GString *out, SimTime t)
{
  fixed(out, t, SIM_MS, 6);
}

void
sim_csv_end(GString *out)
{
  g_string_append_c(out, '\n');
}

gboolean
sim_report_write_file(const char *path, const char *data, gsize length, GError **error)
{
  return g_file_set_contents_full(path, data, (gssize)length,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING, 0644,
                                  error);
}
