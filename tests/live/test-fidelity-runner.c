/* test-fidelity-runner.c
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

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "interleave-fidelity-runner.h"
#include "interleave-proc-stat.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

/* InterleaveFidelityRunner, the API the Compare page runs sweeps and
 * tables with: signals, a hidden saturation measurement, traces kept,
 * a server that cannot start, cancellation that leaves no process. The
 * figures' accuracy is /fidelity/compare-quick's business. */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  GArray       *fractions;
  GArray       *finished;
  GPtrArray    *messages;   /* each new progress message, once */
  GCancellable *cancel_on_measure;
} Run;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static void
progress_cb (InterleaveFidelityRunner *runner,
             double                    fraction,
             const char               *message,
             Run                      *run)
{
  g_array_append_val (run->fractions, fraction);
  if (run->messages->len == 0 ||
      strcmp (g_ptr_array_index (run->messages, run->messages->len - 1), message) != 0)
    g_ptr_array_add (run->messages, g_strdup (message));
  if (run->cancel_on_measure != NULL && strstr (message, ": measuring") != NULL)
    g_cancellable_cancel (run->cancel_on_measure);
}

static void
cell_finished_cb (InterleaveFidelityRunner *runner,
                  guint                     index,
                  Run                      *run)
{
  g_array_append_val (run->finished, index);
}

static gboolean
run_matrix (InterleaveFidelityRunner  *runner,
            Run                       *run,
            GCancellable              *cancellable,
            GError                   **error)
{
  gboolean ok;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  run->finished = g_array_new (FALSE, FALSE, sizeof (guint));
  run->messages = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (runner, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (runner, "cell-finished", G_CALLBACK (cell_finished_cb), run);

  interleave_fidelity_runner_run_async (runner, cancellable, done_cb, run);
  g_main_loop_run (run->loop);
  ok = interleave_fidelity_runner_run_finish (runner, run->result, error);

  g_clear_object (&run->result);
  g_main_loop_unref (run->loop);
  return ok;
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->fractions, g_array_unref);
  g_clear_pointer (&run->finished, g_array_unref);
  g_clear_pointer (&run->messages, g_ptr_array_unref);
}

static guint
count_children (void)
{
  g_autoptr(GArray) pids = interleave_proc_list_descendants (getpid ());

  return pids->len;
}

static void
test_sweep (void)
{
  g_autoptr(InterleaveFidelityMatrix) matrix = interleave_fidelity_matrix_new ();
  g_autoptr(InterleaveFidelityRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveFidelityLoad half = { .kind = INTERLEAVE_FIDELITY_LOAD_SATURATION, .fraction = 0.5 };
  InterleaveFidelityLoad rate = { .kind = INTERLEAVE_FIDELITY_LOAD_RATE, .rate = 40, .poisson = TRUE };
  const InterleaveFidelityCell *cell;
  Run run = { 0 };

  /* A throughput-vs-load sweep of one server and plan, as the Compare
   * page runs it; no calibration, short runs. */
  matrix->duration_ns = 1200 * MS;
  matrix->warmup_ns = 200 * MS;
  matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_NONE;
  matrix->saturation_clients = 4;
  matrix->retries = 0;
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "python:asyncio", "io:10", &half, &error));
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "python:asyncio", "io:10", &rate, &error));
  g_assert_no_error (error);

  runner = interleave_fidelity_runner_new (matrix);
  interleave_fidelity_runner_set_keep_traces (runner, TRUE);
  g_assert_true (run_matrix (runner, &run, NULL, &error));
  g_assert_no_error (error);

  /* Each cell finished once, in order; progress went from 0 to 1 and
   * never back. */
  g_assert_cmpuint (run.finished->len, ==, 2);
  g_assert_cmpuint (g_array_index (run.finished, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (run.finished, guint, 1), ==, 1);
  g_assert_cmpuint (run.fractions->len, >, 4);
  for (guint i = 1; i < run.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (run.fractions, double, i), >=, g_array_index (run.fractions, double, i - 1) - 1e-9);
  g_assert_cmpfloat (g_array_index (run.fractions, double, run.fractions->len - 1), ==, 1.0);

  /* Half the saturation of 4 clients on io:10 (about 4 / 10 ms = 400/s):
   * measured first, hidden, and both sides were sent that rate. */
  cell = interleave_fidelity_runner_get_cell (runner, 0);
  g_assert_null (cell->error);
  g_assert_true (cell->done);
  g_assert_cmpfloat (cell->rate, >, 50);
  g_assert_cmpfloat (cell->rate, <, 250);
  g_assert_cmpfloat_with_epsilon (cell->simulated.throughput, cell->rate, cell->rate * 0.1);
  g_assert_cmpuint (cell->measured.completed, >, 10);
  g_assert_cmpfloat (cell->measured.p50_ms, >=, 10.0);
  g_assert_cmpfloat (cell->simulated.p50_ms, >=, 10.0);
  g_assert_false (cell->calibrated);
  g_assert_cmpuint (cell->attempts, ==, 1);

  /* Kept for views: the measurement and a simulated timeline. */
  g_assert_true (INTERLEAVE_IS_MEASUREMENT (cell->measurement));
  g_assert_nonnull (cell->simulated_trace);
  g_assert_cmpuint (interleave_trace_get_n_spans (cell->simulated_trace), >, 0);
  g_assert_cmpuint (cell->simulated_trace->requests->len, >, 10);

  cell = interleave_fidelity_runner_get_cell (runner, 1);
  g_assert_true (cell->done);
  g_assert_cmpfloat (cell->rate, ==, 40);
  g_assert_true (isfinite (cell->throughput_error));
  g_assert_true (isfinite (cell->p50_error));

  /* The reports have every cell. */
  {
    g_autofree char *json = interleave_fidelity_runner_to_json (runner);
    g_autofree char *markdown = interleave_fidelity_runner_to_markdown (runner);
    g_autofree char *table = interleave_fidelity_runner_to_table (runner);

    g_assert_nonnull (strstr (json, "\"throughput_error\""));
    g_assert_nonnull (strstr (json, "\"p50_error\""));
    g_assert_nonnull (strstr (json, "\"p99_error\""));
    g_assert_nonnull (strstr (markdown, "| python:asyncio | io:10 |"));
    g_assert_nonnull (strstr (table, "python:asyncio"));
  }

  g_assert_cmpuint (count_children (), ==, 0);
  run_clear (&run);
}

static guint
count_messages (Run        *run,
                const char *text)
{
  guint n = 0;

  for (guint i = 0; i < run->messages->len; i++)
    n += strstr (g_ptr_array_index (run->messages, i), text) != NULL;

  return n;
}

/* With a fresh calibration, the cost of native work is measured again
 * right before each cell that has some (it drifts), and only then. */
static void
test_native_again (void)
{
  g_autoptr(InterleaveFidelityMatrix) matrix = interleave_fidelity_matrix_new ();
  g_autoptr(InterleaveFidelityRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveFidelityLoad rate = { .kind = INTERLEAVE_FIDELITY_LOAD_RATE, .rate = 50 };
  const InterleaveFidelityCell *cell;
  Run run = { 0 };

  matrix->duration_ns = 1000 * MS;
  matrix->warmup_ns = 200 * MS;
  matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_FRESH;
  matrix->retries = 0;
  matrix->max_background = 2.0;
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "python:asyncio", "io:5", &rate, &error));
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "python:asyncio", "native:2", &rate, &error));
  g_assert_no_error (error);

  runner = interleave_fidelity_runner_new (matrix);
  g_assert_true (run_matrix (runner, &run, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < run.messages->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (run.messages, i));
  g_assert_cmpuint (count_messages (&run, "measuring native work again"), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      cell = interleave_fidelity_runner_get_cell (runner, i);
      g_assert_null (cell->error);
      g_assert_true (cell->calibrated);
      g_assert_cmpfloat (cell->calibration.native_factor, >, 0.3);
    }

  g_assert_cmpuint (count_children (), ==, 0);
  run_clear (&run);
}

static void
test_server_missing (void)
{
  g_autoptr(InterleaveFidelityMatrix) matrix = interleave_fidelity_matrix_new ();
  g_autoptr(InterleaveFidelityRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  InterleaveFidelityLoad closed = { .kind = INTERLEAVE_FIDELITY_LOAD_CLOSED, .clients = 2 };
  Run run = { 0 };

  matrix->duration_ns = 1 * SEC;
  matrix->warmup_ns = 100 * MS;
  matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_NONE;
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "node:eventloop", "io:5", &closed, &error));
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "node:eventloop", "cpu:1", &closed, &error));

  runner = interleave_fidelity_runner_new (matrix);
  interleave_fidelity_runner_set_node_path (runner, "/nonexistent/node");
  g_assert_true (run_matrix (runner, &run, NULL, &error));
  g_assert_no_error (error);

  /* Both cells say why; the run itself went to its end. */
  g_assert_cmpuint (run.finished->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const InterleaveFidelityCell *cell = interleave_fidelity_runner_get_cell (runner, i);

      g_assert_false (cell->done);
      g_assert_nonnull (cell->error);
      g_assert_nonnull (strstr (cell->error, "The server could not be started"));
    }
  g_assert_cmpuint (interleave_fidelity_runner_count_passed (runner), ==, 0);
  run_clear (&run);
}

static void
test_cancel (void)
{
  g_autoptr(InterleaveFidelityMatrix) matrix = interleave_fidelity_matrix_new ();
  g_autoptr(InterleaveFidelityRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  InterleaveFidelityLoad closed = { .kind = INTERLEAVE_FIDELITY_LOAD_CLOSED, .clients = 8 };
  Run run = { 0 };
  gint64 started;

  matrix->duration_ns = 30 * SEC;
  matrix->calibration = INTERLEAVE_FIDELITY_CALIBRATION_NONE;
  g_assert_true (interleave_fidelity_matrix_add_cell (matrix, "python:prefork:2", "io:5", &closed, &error));

  runner = interleave_fidelity_runner_new (matrix);
  run.cancel_on_measure = cancellable;
  started = g_get_monotonic_time ();
  g_assert_false (run_matrix (runner, &run, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Well before the 30 s of the measurement, with the server and its
   * workers gone. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_children (), ==, 0);
  g_assert_false (interleave_fidelity_runner_get_cell (runner, 0)->done);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fidelity-runner/sweep", test_sweep);
  g_test_add_func ("/fidelity-runner/server-missing", test_server_missing);
  g_test_add_func ("/fidelity-runner/native-again", test_native_again);
  g_test_add_func ("/fidelity-runner/cancel", test_cancel);

  return g_test_run ();
}
