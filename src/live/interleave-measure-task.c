/* interleave-measure-task.c
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

#define G_LOG_DOMAIN "interleave-live"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "interleave-measure-task-private.h"

typedef struct
{
  InterleaveMeasurement         *measurement;
  InterleaveMeasureProgressFunc  progress;
  gpointer                       progress_data;
  GSource                       *cancel_source;
  gulong                         finished_id;
  gulong                         progress_id;
} MeasureData;

static void
measure_data_free (gpointer data)
{
  MeasureData *m = data;

  if (m->cancel_source != NULL)
    {
      g_source_destroy (m->cancel_source);
      g_source_unref (m->cancel_source);
    }
  if (m->measurement != NULL)
    {
      g_clear_signal_handler (&m->finished_id, m->measurement);
      g_clear_signal_handler (&m->progress_id, m->measurement);
      g_object_unref (m->measurement);
    }
  g_free (m);
}

static void
finished_cb (InterleaveMeasurement *measurement,
             const GError          *error,
             GTask                 *task)
{
  MeasureData *m = g_task_get_task_data (task);

  g_clear_signal_handler (&m->finished_id, measurement);

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task, g_object_ref (measurement), g_object_unref);

  g_object_unref (task);
}

static void
progress_cb (InterleaveMeasurement *measurement,
             double                 fraction,
             GTask                 *task)
{
  MeasureData *m = g_task_get_task_data (task);

  if (m->progress != NULL)
    m->progress (fraction, m->progress_data);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  MeasureData *m = data;

  interleave_measurement_cancel (m->measurement);
  return G_SOURCE_REMOVE;
}

/**
 * _interleave_measure_async:
 * @server: (nullable): the server, for its processes' CPU and to notice
 *   when it dies
 * @url: the server's URL
 * @plan: the plan every request asks for
 * @options: the load
 * @cancellable: (nullable): ends the measurement early
 * @progress: (nullable) (scope notified): called with 0…1 while it runs
 * @progress_data: data for @progress
 * @callback: called once the measurement is over
 * @user_data: data for @callback
 *
 * Runs one measurement on the caller's main context. It fails if the
 * measurement cannot be made, the server fails during it, or when
 * cancelled (%G_IO_ERROR_CANCELLED).
 */
void
_interleave_measure_async (InterleaveServer              *server,
                           const char                    *url,
                           const char                    *plan,
                           const InterleaveLoadOptions   *options,
                           GCancellable                  *cancellable,
                           InterleaveMeasureProgressFunc  progress,
                           gpointer                       progress_data,
                           GAsyncReadyCallback            callback,
                           gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  MeasureData *m;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _interleave_measure_async);

  m = g_new0 (MeasureData, 1);
  m->progress = progress;
  m->progress_data = progress_data;
  g_task_set_task_data (task, m, measure_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  m->measurement = interleave_measurement_new (url, plan, options, &error);
  if (m->measurement == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (server != NULL)
    interleave_measurement_set_server (m->measurement, server);

  m->finished_id = g_signal_connect (m->measurement, "finished", G_CALLBACK (finished_cb), task);
  m->progress_id = g_signal_connect (m->measurement, "progress", G_CALLBACK (progress_cb), task);

  if (cancellable != NULL)
    {
      m->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (m->cancel_source, G_SOURCE_FUNC (cancelled_cb), m, NULL);
      g_source_set_static_name (m->cancel_source, "[interleave] cancel measurement");
      g_source_attach (m->cancel_source, g_task_get_context (task));
    }

  /* The task is held until ::finished. */
  g_object_ref (task);
  interleave_measurement_start (m->measurement);
}

/**
 * _interleave_measure_finish:
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: (transfer full) (nullable): the finished measurement
 */
InterleaveMeasurement *
_interleave_measure_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _interleave_measure_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: CPU time (user + system) of every server process over the run */
gint64
_interleave_measurement_cpu_ns (InterleaveMeasurement *measurement)
{
  gint64 total = 0;

  for (guint i = 0; i < interleave_measurement_get_n_processes (measurement); i++)
    {
      const InterleaveProcessUsage *usage = interleave_measurement_get_process (measurement, i);

      total += usage->user_ns + usage->sys_ns;
    }

  return total;
}

/* ------------------------------------------------------------------------
 * How busy the rest of the machine is: all the CPU time /proc/stat counts,
 * less ours and the server's.
 */

/* Returns: CPU time every processor of the machine spent busy (all but
 *   idle and iowait, /proc/stat), or -1 */
gint64
_interleave_machine_busy_ns (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  static long ticks = 0;
  gint64 busy = 0;

  if (ticks == 0)
    ticks = MAX (sysconf (_SC_CLK_TCK), 1);

  if (!g_file_get_contents ("/proc/stat", &contents, NULL, NULL) || !g_str_has_prefix (contents, "cpu "))
    return -1;

  *strchr (contents, '\n') = '\0';
  fields = g_strsplit_set (contents + 4, " ", -1);
  for (guint i = 0, k = 0; fields[i] != NULL; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      /* user nice system idle iowait irq softirq steal: all but idle and
       * iowait. Niced work counts too: with autogroup scheduling (on by
       * default in Debian's kernels) nice only ranks the processes of one
       * session, so a niced build in another terminal still takes its
       * equal share of the cores. */
      if (k != 3 && k != 4 && k < 8)
        busy += g_ascii_strtoll (fields[i], NULL, 10);
      k++;
    }

  return busy * (G_GINT64_CONSTANT (1000000000) / ticks);
}

/* Returns: CPU time of this process, all its threads */
gint64
_interleave_self_cpu_ns (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_GINT64_CONSTANT (1000000000) +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * G_GINT64_CONSTANT (1000);
}

