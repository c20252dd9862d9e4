/* bench-soak.c
 *
 * Copyright 2026 The Interleave authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program.  If not, see <http://www.gnu.org/licenses/>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Benchmark (`meson test --benchmark soak`, not in CI): the real
 * `interleave measure` loads a real Node.js server at a moderate open-loop
 * rate (200 requests/s, INTERLEAVE_SOAK_RATE to change it) for 10 minutes
 * (INTERLEAVE_SOAK_SECONDS). It prints
 * the measuring process's resident memory every minute; memory must stop
 * growing once the record ring and the timeline are full. The baseline is
 * taken 20 s after they are (and at a tenth of the run at the earliest),
 * and the end may be at most 10 % above it. */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#define CAP         "5000"

static gint64
read_rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (line = strstr (text, "\nVmRSS:")) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("INTERLEAVE_BIN");
  const char *seconds_text = g_getenv ("INTERLEAVE_SOAK_SECONDS");
  const char *rate = g_getenv ("INTERLEAVE_SOAK_RATE") ? g_getenv ("INTERLEAVE_SOAK_RATE") : "200";
  gint64 seconds = seconds_text ? g_ascii_strtoll (seconds_text, NULL, 10) : 600;
  gint64 baseline_at;
  gint64 first = -1, baseline = -1, last = -1, peak = 0;
  gint64 start;
  const char *pid;
  double growth;

  /* The baseline: once the caps are full (and at a tenth of the run at
   * the earliest), for memory grows until then by design. */
  baseline_at = MAX (seconds / 10, (gint64) (g_ascii_strtod (CAP, NULL) / MAX (g_ascii_strtod (rate, NULL), 1.0)) + 20);

  if (binary == NULL || seconds < 10 || baseline_at >= seconds)
    {
      g_printerr ("bench-soak: needs INTERLEAVE_BIN, and INTERLEAVE_SOAK_SECONDS long enough to fill the caps\n");
      return 1;
    }

  duration = g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "measure",
                                         "--server", "node:eventloop", "--plan", "io:2",
                                         "--rate", rate, "--duration", duration,
                                         "--max-records", CAP, "--max-timeline", CAP, NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (process);
  start = g_get_monotonic_time ();

  g_print ("soak: interleave measure (pid %s) at %s requests/s for %" G_GINT64_FORMAT " s, "
           "--max-records %s --max-timeline %s\n", pid, rate, seconds, CAP, CAP);

  /* Sample every second; the pipes are read at the end (the summary is
   * small, so the child never blocks on them). */
  for (gint64 s = 1; ; s++)
    {
      gint64 rss;

      g_usleep (MAX (0, start + s * G_USEC_PER_SEC - g_get_monotonic_time ()));
      rss = read_rss_kib (pid);
      if (rss < 0)
        break;

      last = rss;
      peak = MAX (peak, rss);
      if (s == 5)
        first = rss;
      if (s == baseline_at)
        baseline = rss;
      if (s % 60 == 0 || s == 5 || s == baseline_at)
        g_print ("soak: %4" G_GINT64_FORMAT " s  RSS %6" G_GINT64_FORMAT " KiB\n", s, rss);
      /* The summary is printed after sending ends: the last sample before
       * it is the end of the run. */
      if (s >= seconds)
        break;
    }

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_print ("%s", out);
  if (err != NULL && err[0])
    g_print ("%s", err);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0 ||
      baseline <= 0 || last <= 0)
    {
      g_print ("soak: the measurement failed\n");
      return 1;
    }

  growth = 100.0 * (last - baseline) / baseline;
  g_print ("soak: RSS at 5 s %" G_GINT64_FORMAT " KiB, at %" G_GINT64_FORMAT " s (baseline) %"
           G_GINT64_FORMAT " KiB, at the end %" G_GINT64_FORMAT " KiB, peak %" G_GINT64_FORMAT
           " KiB: growth %.1f %% (limit 10 %%)\n",
           first, baseline_at, baseline, last, peak, growth);

  return growth <= 10.0 ? 0 : 1;
}
