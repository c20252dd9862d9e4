/* interleave-load-generator.c
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

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "interleave-live-record-private.h"
#include "interleave-load-generator-private.h"
#include "interleave-measurement.h"
#include "interleave-proc-sampler.h"
#include "interleave-scenario.h"
#include "interleave-server-timing.h"

#define MS              (G_GINT64_CONSTANT (1000000))
/* How long only refused connections may last before the run ends. */
#define REFUSED_LIMIT   (1000 * MS)
/* A closed-loop client whose connection was refused waits this long. */
#define REFUSED_RETRY   (10 * MS)
#define SCRATCH_SIZE    16384
/* Connections per libsoup session (see worker_thread()); the simulated
 * load generator groups its pool the same way. */
#define SESSION_CONNECTIONS INTERLEAVE_POOL_GROUP_CONNECTIONS
/* Sends in one go before the open-loop scheduler lets other sources run. */
#define MAX_BURST       256
/* Two spans on one thread may overlap this much (rounding) and still share a lane. */
#define OVERLAP_SLACK   (G_GINT64_CONSTANT (200000))

typedef struct _Worker Worker;

/* A request the collector saw sent but not finished. */
typedef struct
{
  guint32 id;
  gint64  intended;
} Issued;

typedef struct
{
  Worker   *worker;
  gboolean  active;
} Client;

/* A wake-up on a worker's timer: a client done thinking, or (client
 * NULL) the open-loop schedule's next send. */
typedef struct
{
  gint64  due;       /* µs, CLOCK_MONOTONIC */
  Client *client;
} Alarm;

typedef struct
{
  Worker       *worker;
  Client       *client;
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GList         link;       /* in worker->requests */
  GList         backlog;    /* in worker->backlog while waiting for a connection */
  gint64        deadline;   /* µs, CLOCK_MONOTONIC: then it fails as a timeout */
  gboolean      timed_out;
  gboolean      waiting;    /* in worker->backlog, not yet given to libsoup */
  guint         session;
  gsize         bytes;
  guint32       id;
  gint64        intended;
  gint64        sent;       /* ns since the start, when libsoup got it with a free connection, or -1 */
  gint64        headers;    /* ns since the start, when its response headers were read, or -1 */
} Request;

struct _Worker
{
  InterleaveLoadGenerator *gen;
  guint                    index;
  GThread                 *thread;
  GMainContext            *context;
  SoupSession            **sessions;      /* a few connections each */
  guint                   *session_load;  /* requests given to each */
  guint                   *session_conns; /* connections of each */
  guint                    n_sessions;
  GQueue                   backlog;       /* Request waiting for a free connection, oldest first */
  GQueue                   requests;      /* Request in flight, oldest first */
  GSource                 *deadline_source;
  GRand                   *rand;
  double                   rate;          /* this worker's share, open loop */
  double                   next_intended; /* ns, open loop */
  int                      timer_fd;      /* timerfd: µs-precise wake-ups */
  GSource                 *timer_source;
  GArray                  *alarms;        /* Alarm, a min-heap on due */
  guint8                  *scratch;       /* response bodies are read here */
  Client                  *clients;       /* closed loop */
  guint                    n_clients;
  guint                    n_active;
  guint                    in_flight;
  gboolean                 issuing;
  gboolean                 finished;
};

/* Lanes of one (pid, tid): more than one when spans overlap. */
typedef struct
{
  guint               process;
  InterleaveLaneKind  kind;
  char               *name;
  gint64              tid;
  GArray             *lanes;     /* guint lane index */
  GArray             *last_end;  /* gint64 */
} LaneGroup;

typedef struct
{
  gint64          pid;
  gint64          tid;
  InterleaveSpan  span;
  guint8          kind;          /* InterleavePhaseKind */
} PendingSpan;

typedef struct
{
  InterleaveHistogram *latency;
  guint64              completed;
  guint64              errors;
  double               in_flight_ns;   /* ∫ requests in the system dt, of those already done */
  double               cpu_ns;         /* server CPU time inside the window */
} WindowAcc;

struct _InterleaveLoadGenerator
{
  /* Set before start, read-only afterwards */
  GUri                    *uri;
  InterleavePlan           plan;
  char                    *plan_text;
  char                    *name;
  InterleaveLoadOptions    options;
  gboolean                 loop_server;
  GArray                  *root_pids;
  gboolean                 watch_root;
  guint                    connections;
  GMainContext            *consumer;
  InterleaveLoadBatchFunc  func;
  gpointer                 user_data;
  GDestroyNotify           destroy;
  gint64                   t0_us;

  /* Shared between threads */
  gint                     next_id;       /* atomic */
  gint                     in_flight;     /* atomic */
  gint                     stop;          /* atomic: no more sends */
  GMutex                   lock;
  GArray                  *issued;        /* Issued, under lock */
  GArray                  *done;          /* InterleaveLiveRecord, under lock */
  GError                  *abort_error;   /* under lock */
  char                    *timing_problem;/* under lock: the first one */
  char                    *first_failure; /* under lock: why the first request failed */
  guint64                  bad_timing;    /* under lock */

  Worker                  *workers;
  guint                    n_workers;
  gint                     workers_running; /* atomic */

  /* Collector thread only */
  GThread                 *collector;
  GMainContext            *collector_context;
  GSource                 *tick;
  gboolean                 collector_done;
  InterleaveProcSampler   *sampler;
  gint64                   last_sample;
  InterleaveTrace         *layout;        /* processes and lanes, no data */
  InterleaveTrace         *delta;         /* filled until the next batch */
  GHashTable              *processes;     /* pid → process index + 1 */
  GHashTable              *groups;        /* "pid:tid" → LaneGroup */
  GArray                  *pending;       /* PendingSpan */
  GHashTable              *open;          /* id → intended (in flight) */
  GPtrArray               *windows;       /* WindowAcc, from window first_open */
  gint64                   first_open;
  InterleaveHistogram     *histogram;
  InterleaveLiveCounts     counts;
  GArray                  *batch_records;
  GArray                  *batch_samples;
  gint64                   stop_time;     /* ns when sending ended, or -1 */
  gint64                   cancel_time;   /* ns when the rest was cancelled, or -1 */
  gint64                   last_response; /* ns of the last HTTP response */
  gint64                   refused_since; /* ns of the first refusal after it, or -1 */
  guint64                  refused_count;
  GError                  *final_error;
};

/* A source that fires at the ready time its owner sets, and only then. */
static gboolean
ready_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     data)
{
  return callback (data);
}

static GSourceFuncs ready_source_funcs = {
  .dispatch = ready_source_dispatch,
};

static GSource *
ready_source_new (GSourceFunc func,
                  gpointer    data)
{
  GSource *source = g_source_new (&ready_source_funcs, sizeof (GSource));

  g_source_set_callback (source, func, data, NULL);
  return source;
}

static inline gint64
now_ns (InterleaveLoadGenerator *gen)
{
  return (g_get_monotonic_time () - gen->t0_us) * 1000;
}

/* ------------------------------------------------------------------ */
/* Load threads                                                        */

static gboolean worker_issue (Worker *worker,
                              Client *client,
                              gint64  intended);

static void
push_done (InterleaveLoadGenerator    *gen,
           const InterleaveLiveRecord *record,
           const char                 *timing_problem,
           const char                 *failure)
{
  g_mutex_lock (&gen->lock);
  g_array_append_vals (gen->done, record, 1);
  if (failure != NULL && gen->first_failure == NULL)
    gen->first_failure = g_strdup (failure);
  if (timing_problem != NULL)
    {
      gen->bad_timing++;
      if (gen->timing_problem == NULL)
        gen->timing_problem = g_strdup (timing_problem);
    }
  g_mutex_unlock (&gen->lock);
}

/* -- Alarms: a min-heap on one timerfd per worker. GLib's own timers
 * wake up to a millisecond late, which an open loop would count as
 * latency. */

static void
alarms_arm (Worker *worker)
{
  struct itimerspec spec = { 0 };

  if (worker->alarms->len > 0)
    {
      gint64 due = MAX (1, g_array_index (worker->alarms, Alarm, 0).due);

      spec.it_value.tv_sec = due / G_USEC_PER_SEC;
      spec.it_value.tv_nsec = (due % G_USEC_PER_SEC) * 1000;
    }

  /* A zero it_value disarms. */
  timerfd_settime (worker->timer_fd, TFD_TIMER_ABSTIME, &spec, NULL);
}

static void
alarms_push (Worker *worker,
             gint64  due,
             Client *client)
{
  Alarm alarm = { due, client };
  GArray *heap = worker->alarms;
  guint i;

  g_array_append_val (heap, alarm);
  for (i = heap->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;
      Alarm *a = &g_array_index (heap, Alarm, parent);
      Alarm *b = &g_array_index (heap, Alarm, i);
      Alarm tmp;

      if (a->due <= b->due)
        break;
      tmp = *a, *a = *b, *b = tmp;
      i = parent;
    }

  if (i == 0)
    alarms_arm (worker);
}

static Alarm
alarms_pop (Worker *worker)
{
  GArray *heap = worker->alarms;
  Alarm top = g_array_index (heap, Alarm, 0);
  guint i = 0;

  g_array_index (heap, Alarm, 0) = g_array_index (heap, Alarm, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);

  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Alarm tmp;

      if (l < heap->len && g_array_index (heap, Alarm, l).due < g_array_index (heap, Alarm, m).due)
        m = l;
      if (r < heap->len && g_array_index (heap, Alarm, r).due < g_array_index (heap, Alarm, m).due)
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (heap, Alarm, i);
      g_array_index (heap, Alarm, i) = g_array_index (heap, Alarm, m);
      g_array_index (heap, Alarm, m) = tmp;
      i = m;
    }

  return top;
}

static void
worker_check_finished (Worker *worker)
{
  if (!worker->issuing && worker->in_flight == 0)
    worker->finished = TRUE;
}

static void
worker_stop_issuing (Worker *worker)
{
  if (!worker->issuing)
    return;

  worker->issuing = FALSE;

  g_array_set_size (worker->alarms, 0);
  alarms_arm (worker);

  for (guint i = 0; i < worker->n_clients; i++)
    worker->clients[i].active = FALSE;
  worker->n_active = 0;

  worker_check_finished (worker);
}

static InterleaveLiveErrorClass
classify_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return INTERLEAVE_LIVE_ERROR_CANCELLED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return INTERLEAVE_LIVE_ERROR_TIMEOUT;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      error->domain == G_RESOLVER_ERROR)
    return INTERLEAVE_LIVE_ERROR_CONNECT;

  return INTERLEAVE_LIVE_ERROR_IO;
}

static void
client_next (Worker                   *worker,
             Client                   *client,
             InterleaveLiveErrorClass  last_error)
{
  InterleaveLoadGenerator *gen = worker->gen;
  gint64 think = gen->options.think_ns;

  if (!worker->issuing || !client->active)
    return;

  /* Refused at once: retrying at once would only spin. */
  if (last_error == INTERLEAVE_LIVE_ERROR_CONNECT)
    think = MAX (think, REFUSED_RETRY);

  if (think <= 0)
    {
      worker_issue (worker, client, now_ns (gen));
      return;
    }

  if (gen->options.think_exponential)
    think = (gint64) (-log (1.0 - g_rand_double (worker->rand)) * think);

  alarms_push (worker, g_get_monotonic_time () + think / 1000, client);
}

static void
client_stop (Worker *worker,
             Client *client)
{
  if (!client->active)
    return;

  client->active = FALSE;
  if (--worker->n_active == 0)
    worker_stop_issuing (worker);
}

static void worker_send_waiting (Worker *worker,
                                 guint   session);

static void
request_finish (Request      *request,
                const GError *error)
{
  Worker *worker = request->worker;
  InterleaveLoadGenerator *gen = worker->gen;
  g_autofree char *problem = NULL;
  g_autofree char *failure = NULL;
  InterleaveLiveRecord record = { 0 };

  record.id = request->id;
  record.intended = request->intended;
  record.done = now_ns (gen);
  record.pid = -1;
  record.tid = -1;
  record.handler_start = -1;

  record.sent = request->sent;
  record.headers = request->headers;

  if (error == NULL)
    problem = _interleave_live_record_read_response (&record, &gen->plan, gen->t0_us * 1000,
                                                     soup_message_get_status (request->msg),
                                                     request->bytes,
                                                     soup_message_headers_get_list (soup_message_get_response_headers (request->msg),
                                                                                    "Server-Timing"));
  else if (request->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    record.error = INTERLEAVE_LIVE_ERROR_TIMEOUT;
  else
    record.error = classify_error (error);

  if (record.error == INTERLEAVE_LIVE_ERROR_TIMEOUT && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    failure = g_strdup_printf (_("no full answer within %.1f s"), gen->options.request_timeout_ns / 1e9);
  else if (record.error != INTERLEAVE_LIVE_ERROR_NONE && record.error != INTERLEAVE_LIVE_ERROR_CANCELLED)
    {
      if (error != NULL)
        failure = g_strdup (error->message);
      else
        failure = g_strdup_printf ("HTTP %u %s", soup_message_get_status (request->msg),
                                   soup_message_get_reason_phrase (request->msg) ?: "");
    }

  push_done (gen, &record, problem, failure);
  g_queue_unlink (&worker->requests, &request->link);

  g_atomic_int_add (&gen->in_flight, -1);
  worker->in_flight--;
  if (request->waiting)
    g_queue_unlink (&worker->backlog, &request->backlog);
  else
    {
      worker->session_load[request->session]--;
      worker_send_waiting (worker, request->session);
    }

  if (request->client != NULL)
    client_next (worker, request->client, record.error);

  worker_check_finished (worker);

  g_clear_object (&request->stream);
  g_clear_object (&request->cancellable);
  g_object_unref (request->msg);
  g_free (request);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data);

/* Gives @request to @session, whose connection count it must not exceed. */
static void
request_send (Request *request,
              guint    session)
{
  Worker *worker = request->worker;

  request->session = session;
  request->waiting = FALSE;
  request->sent = now_ns (worker->gen);
  worker->session_load[session]++;
  soup_session_send_async (worker->sessions[session], request->msg, G_PRIORITY_DEFAULT,
                           request->cancellable, request_sent_cb, request);
}

/* A connection of @session is free: the oldest waiting request takes it.
 * Requests wait here rather than in libsoup's queue, which libsoup walks
 * whole at every change: cancelling a queue of thousands (at the end of an
 * overloaded open-loop run) took it minutes. */
static void
worker_send_waiting (Worker *worker,
                     guint   session)
{
  GList *link;

  if (worker->session_load[session] >= worker->session_conns[session] ||
      (link = g_queue_pop_head_link (&worker->backlog)) == NULL)
    return;

  request_send (link->data, session);
}

static void body_read_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      data);

/* Reads what has arrived of the body without waiting. Returns %TRUE when
 * @request is done (its end read, or an error), %FALSE when the rest has
 * yet to come. */
static gboolean
body_read_available (Request  *request,
                     GError  **error)
{
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (request->stream);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;

      n = g_pollable_input_stream_read_nonblocking (pollable, request->worker->scratch, SCRATCH_SIZE,
                                                    request->cancellable, &local_error);
      if (n > 0)
        {
          request->bytes += n;
          continue;
        }
      if (n == 0)
        return TRUE;
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return FALSE;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return TRUE;
    }
}

static void
body_read_finish (Request      *request,
                  const GError *error)
{
  /* At the end of the body the connection goes back to the pool. */
  if (error == NULL)
    g_input_stream_close (request->stream, NULL, NULL);

  request_finish (request, error);
}

/* The body is counted, not kept: it is read into one scratch buffer per
 * thread, which is cheaper than collecting it. What has already arrived
 * (usually all of it, with the headers) is read at once: each async read
 * costs a main-loop iteration, which at low load is ~0.1 ms of latency
 * the server did not cause. */
static void
body_read (Request *request)
{
  g_autoptr(GError) error = NULL;

  if (G_IS_POLLABLE_INPUT_STREAM (request->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (request->stream)) &&
      body_read_available (request, &error))
    {
      body_read_finish (request, error);
      return;
    }

  g_input_stream_read_async (request->stream, request->worker->scratch, SCRATCH_SIZE,
                             G_PRIORITY_DEFAULT, request->cancellable,
                             body_read_cb, request);
}

static void
body_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Request *request = data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n > 0)
    {
      request->bytes += n;
      body_read (request);
      return;
    }

  body_read_finish (request, error);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Request *request = data;
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      request_finish (request, error);
      return;
    }

  request->headers = now_ns (request->worker->gen);
  body_read (request);
}

/* Returns: %FALSE when the count bound is reached */
static gboolean
worker_issue (Worker *worker,
              Client *client,
              gint64  intended)
{
  InterleaveLoadGenerator *gen = worker->gen;
  const InterleaveLoadOptions *options = &gen->options;
  Issued issued;
  Request *request;
  guint32 id;

  if (options->duration_ns > 0 && intended >= options->duration_ns)
    {
      if (client != NULL)
        client_stop (worker, client);
      else
        worker_stop_issuing (worker);
      return FALSE;
    }

  id = (guint32) g_atomic_int_add (&gen->next_id, 1);
  if ((options->max_requests > 0 && id >= options->max_requests) || id >= G_MAXINT32)
    {
      worker_stop_issuing (worker);
      return FALSE;
    }

  issued.id = id;
  issued.intended = intended;

  /* Open loop: an overloaded client must not grow without bound. What it
   * cannot send is counted, not silently skipped. */
  if (client == NULL && (guint) g_atomic_int_get (&gen->in_flight) >= options->max_outstanding)
    {
      InterleaveLiveRecord record = {
        .id = id, .error = INTERLEAVE_LIVE_ERROR_OVERLOAD, .pid = -1, .tid = -1,
        .intended = intended, .sent = -1, .headers = -1, .done = intended, .handler_start = -1,
      };

      g_mutex_lock (&gen->lock);
      g_array_append_val (gen->issued, issued);
      g_mutex_unlock (&gen->lock);
      push_done (gen, &record, NULL, NULL);
      return TRUE;
    }

  g_mutex_lock (&gen->lock);
  g_array_append_val (gen->issued, issued);
  g_mutex_unlock (&gen->lock);

  request = g_new0 (Request, 1);
  request->worker = worker;
  request->client = client;
  request->id = id;
  request->intended = intended;
  request->sent = -1;
  request->headers = -1;
  request->msg = soup_message_new_from_uri (SOUP_METHOD_GET, gen->uri);
  request->cancellable = g_cancellable_new ();
  request->link.data = request;
  request->deadline = g_get_monotonic_time () + options->request_timeout_ns / 1000;
  g_queue_push_tail_link (&worker->requests, &request->link);
  /* A redirect could lead anywhere, off this machine too: not followed. */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_NO_REDIRECT);

  g_atomic_int_inc (&gen->in_flight);
  worker->in_flight++;

  /* The least busy session: a free connection if there is one. */
  {
    guint session = 0;

    for (guint i = 1; i < worker->n_sessions; i++)
      if (worker->session_load[i] < worker->session_load[session])
        session = i;

    if (worker->session_load[session] < worker->session_conns[session] && worker->backlog.length == 0)
      request_send (request, session);
    else
      {
        /* Every connection is busy: wait, in order, for one. */
        request->waiting = TRUE;
        request->backlog.data = request;
        g_queue_push_tail_link (&worker->backlog, &request->backlog);
      }
  }
  return TRUE;
}

static void
advance_schedule (Worker *worker)
{
  InterleaveLoadGenerator *gen = worker->gen;
  double step_ns;

  if (gen->options.kind == INTERLEAVE_LOAD_POISSON)
    step_ns = -log (1.0 - g_rand_double (worker->rand)) / worker->rate * 1e9;
  else
    step_ns = 1e9 / worker->rate;

  worker->next_intended += step_ns;
}

static gint64
schedule_due (Worker *worker)
{
  return worker->gen->t0_us + (gint64) worker->next_intended / 1000;
}

/* Open loop: every send has an intended time on a fixed schedule. When
 * the client falls behind it catches up, and latency still counts from the
 * intended time, so a slow server cannot hide its queue (no coordinated
 * omission). */
static void
schedule_run (Worker *worker)
{
  InterleaveLoadGenerator *gen = worker->gen;
  gint64 now = now_ns (gen);
  guint burst = 0;

  while (worker->issuing && (gint64) worker->next_intended <= now && burst++ < MAX_BURST)
    {
      if (!worker_issue (worker, NULL, (gint64) worker->next_intended))
        break;
      advance_schedule (worker);
    }

  /* After a burst the next one is due already: the timer fires at once. */
  if (worker->issuing)
    alarms_push (worker, schedule_due (worker), NULL);
}

static gboolean
timer_cb (gint         fd,
          GIOCondition condition,
          gpointer     data)
{
  Worker *worker = data;
  guint64 expirations;
  gint64 now;

  if (read (fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
    g_warning ("Reading the load timer failed: %s", g_strerror (errno));

  now = g_get_monotonic_time ();
  while (worker->issuing && worker->alarms->len > 0 &&
         g_array_index (worker->alarms, Alarm, 0).due <= now)
    {
      Alarm alarm = alarms_pop (worker);

      if (alarm.client == NULL)
        schedule_run (worker);
      else if (alarm.client->active)
        worker_issue (worker, alarm.client, (alarm.due - worker->gen->t0_us) * 1000);
    }

  alarms_arm (worker);
  return G_SOURCE_CONTINUE;
}

static gboolean
worker_stop_cb (gpointer data)
{
  worker_stop_issuing (data);
  return G_SOURCE_REMOVE;
}

/* Cancels the requests in flight whose deadline is at or before
 * @deadline, marking them as timed out if @timed_out. Cancelling may
 * finish a request at once, so the cancellables are collected first. */
static void
worker_cancel_requests (Worker   *worker,
                        gint64    deadline,
                        gboolean  timed_out)
{
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The measurement was cancelled"));

  for (GList *l = worker->requests.head; l != NULL; l = l->next)
    {
      Request *request = l->data;

      /* Oldest first: the rest are younger still. */
      if (request->deadline > deadline)
        break;
      if (g_cancellable_is_cancelled (request->cancellable))
        continue;
      request->timed_out = timed_out;
      if (request->waiting)
        g_ptr_array_add (waiting, request);
      else
        g_ptr_array_add (cancellables, g_object_ref (request->cancellable));
    }

  /* Those that never reached libsoup end here and now, first, so that
   * the connections the others free are not given to them. */
  for (guint i = 0; i < waiting->len; i++)
    {
      Request *request = g_ptr_array_index (waiting, i);

      g_cancellable_cancel (request->cancellable);
      request_finish (request, cancelled);
    }

  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (cancellables, i));
}

static gboolean
worker_cancel_cb (gpointer data)
{
  Worker *worker = data;

  worker_stop_issuing (worker);
  worker_cancel_requests (worker, G_MAXINT64, FALSE);
  return G_SOURCE_REMOVE;
}

/* libsoup's own timeout is for a silent connection: a server that
 * dribbles its answer a byte at a time would keep a request open for
 * ever. Each request has a deadline from when it was sent. */
static gboolean
deadline_cb (gpointer data)
{
  Worker *worker = data;

  worker_cancel_requests (worker, g_get_monotonic_time (), TRUE);
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_collector_cb (gpointer data)
{
  InterleaveLoadGenerator *gen = data;

  /* Tick now rather than at the next window. */
  if (gen->tick != NULL)
    g_source_set_ready_time (gen->tick, 0);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  InterleaveLoadGenerator *gen = worker->gen;
  const InterleaveLoadOptions *options = &gen->options;
  guint share;
  guint conns;

  g_main_context_push_thread_default (worker->context);

  worker->timer_source = g_unix_fd_source_new (worker->timer_fd, G_IO_IN);
  g_source_set_callback (worker->timer_source, G_SOURCE_FUNC (timer_cb), worker, NULL);
  g_source_set_priority (worker->timer_source, G_PRIORITY_HIGH);
  g_source_attach (worker->timer_source, worker->context);

  if (options->request_timeout_ns > 0)
    {
      worker->deadline_source = g_timeout_source_new ((guint) CLAMP (options->request_timeout_ns / 10 / MS, 10, 1000));
      g_source_set_callback (worker->deadline_source, deadline_cb, worker, NULL);
      g_source_attach (worker->deadline_source, worker->context);
    }

  /* Each thread has its own share of the connections: libsoup's defaults
   * (10, and 2 per host) would quietly queue requests in the client. The
   * share is spread over sessions of a few connections each, because a
   * session looks at every idle connection of the host (a recv() each)
   * for every request it starts. */
  conns = MAX (1, gen->connections / gen->n_workers + (worker->index < gen->connections % gen->n_workers ? 1 : 0));
  worker->n_sessions = (conns + SESSION_CONNECTIONS - 1) / SESSION_CONNECTIONS;
  worker->sessions = g_new0 (SoupSession *, worker->n_sessions);
  worker->session_load = g_new0 (guint, worker->n_sessions);
  worker->session_conns = g_new0 (guint, worker->n_sessions);
  for (guint i = 0; i < worker->n_sessions; i++)
    {
      guint mine = conns / worker->n_sessions + (i < conns % worker->n_sessions ? 1 : 0);
      SoupSession *session;

      worker->session_conns[i] = mine;

      session = soup_session_new_with_options ("max-conns", mine,
                                               "max-conns-per-host", mine,
                                               "timeout", (guint) MAX (1, (options->request_timeout_ns + 999999999) / 1000000000),
                                               "idle-timeout", 0,
                                               "proxy-resolver", NULL,
                                               "user-agent", "Interleave/" PACKAGE_VERSION,
                                               NULL);
      /* A load generator needs no decompression, authentication or
       * cookies: every feature is work on each request. */
      soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
      soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);
      soup_session_remove_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);
      worker->sessions[i] = session;
    }
  worker->issuing = TRUE;

  if (options->kind == INTERLEAVE_LOAD_CLOSED)
    {
      share = options->clients / gen->n_workers + (worker->index < options->clients % gen->n_workers ? 1 : 0);
      worker->n_clients = share;
      worker->n_active = share;
      worker->clients = g_new0 (Client, MAX (share, 1));
      for (guint i = 0; i < share; i++)
        {
          worker->clients[i].worker = worker;
          worker->clients[i].active = TRUE;
        }

      if (share == 0)
        worker_stop_issuing (worker);

      for (guint i = 0; i < share && worker->issuing; i++)
        worker_issue (worker, &worker->clients[i], now_ns (gen));
    }
  else
    {
      worker->rate = options->rate / gen->n_workers;
      /* Constant rate: the threads interleave on one global grid. */
      worker->next_intended = options->kind == INTERLEAVE_LOAD_CONSTANT
                              ? worker->index * 1e9 / options->rate
                              : 0.0;
      if (options->kind == INTERLEAVE_LOAD_POISSON)
        advance_schedule (worker);

      alarms_push (worker, schedule_due (worker), NULL);
    }

  if (g_atomic_int_get (&gen->stop))
    worker_stop_issuing (worker);

  while (!worker->finished)
    g_main_context_iteration (worker->context, TRUE);

  for (guint i = 0; i < worker->n_sessions; i++)
    g_clear_object (&worker->sessions[i]);
  g_clear_pointer (&worker->sessions, g_free);
  g_source_destroy (worker->timer_source);
  g_clear_pointer (&worker->timer_source, g_source_unref);
  if (worker->deadline_source != NULL)
    g_source_destroy (worker->deadline_source);
  g_clear_pointer (&worker->deadline_source, g_source_unref);

  /* Let pending libsoup callbacks (connection teardown) run. */
  while (g_main_context_iteration (worker->context, FALSE))
    ;

  g_main_context_pop_thread_default (worker->context);

  if (g_atomic_int_dec_and_test (&gen->workers_running))
    g_main_context_invoke (gen->collector_context, wake_collector_cb, gen);

  return NULL;
}

/* ------------------------------------------------------------------ */
/* Collector thread                                                    */

static void
lane_group_free (gpointer data)
{
  LaneGroup *group = data;

  g_free (group->name);
  g_array_unref (group->lanes);
  g_array_unref (group->last_end);
  g_free (group);
}

static void
window_acc_free (gpointer data)
{
  WindowAcc *acc = data;

  interleave_histogram_free (acc->latency);
  g_free (acc);
}

static guint
get_process (InterleaveLoadGenerator *gen,
             gint64                   pid)
{
  gpointer value = g_hash_table_lookup (gen->processes, &pid);
  g_autofree char *name = NULL;
  gboolean main_process = FALSE;
  gint64 *key;
  guint index;

  if (value != NULL)
    return GPOINTER_TO_UINT (value) - 1;

  for (guint i = 0; i < gen->root_pids->len; i++)
    main_process |= g_array_index (gen->root_pids, gint64, i) == pid;

  if (pid < 0)
    name = g_strdup (_("Unknown process"));
  else if (main_process || gen->root_pids->len == 0)
    name = g_strdup_printf (_("Process %lld"), (long long) pid);
  else
    name = g_strdup_printf (_("Worker %lld"), (long long) pid);

  index = interleave_trace_add_process (gen->layout, name, pid);
  interleave_trace_add_process (gen->delta, name, pid);

  key = g_new (gint64, 1);
  *key = pid;
  g_hash_table_insert (gen->processes, key, GUINT_TO_POINTER (index + 1));

  /* Processes serving requests are sampled too, even for a URL target. */
  if (pid > 0)
    interleave_proc_sampler_add_process (gen->sampler, pid);

  return index;
}

static LaneGroup *
get_lane_group (InterleaveLoadGenerator *gen,
                gint64                   pid,
                gint64                   tid)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, pid, tid);
  LaneGroup *group = g_hash_table_lookup (gen->groups, key);

  if (group != NULL)
    return group;

  group = g_new0 (LaneGroup, 1);
  group->process = get_process (gen, pid);
  group->tid = tid;
  group->lanes = g_array_new (FALSE, FALSE, sizeof (guint));
  group->last_end = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (tid == 0)
    {
      group->kind = INTERLEAVE_LANE_POOL;
      group->name = g_strdup (_("Pool thread"));
    }
  else if (tid < 0)
    {
      group->kind = INTERLEAVE_LANE_THREAD;
      group->name = g_strdup (_("Unknown thread"));
    }
  else if (gen->loop_server && tid == pid)
    {
      group->kind = INTERLEAVE_LANE_LOOP;
      group->name = g_strdup (_("Event loop"));
    }
  else if (gen->loop_server)
    {
      group->kind = INTERLEAVE_LANE_POOL;
      group->name = g_strdup_printf (_("Pool thread %lld"), (long long) tid);
    }
  else
    {
      group->kind = INTERLEAVE_LANE_THREAD;
      group->name = g_strdup_printf (_("Thread %lld"), (long long) tid);
    }

  /* The lane exists from the first request on, even while nothing is
   * drawn on it: an event loop idle during I/O is worth seeing. */
  {
    guint lane = interleave_trace_add_lane (gen->layout, group->process, group->kind, group->name, tid);
    gint64 end = G_MININT64 / 2;

    interleave_trace_add_lane (gen->delta, group->process, group->kind, group->name, tid);
    g_array_append_val (group->lanes, lane);
    g_array_append_val (group->last_end, end);
  }

  g_hash_table_insert (gen->groups, g_steal_pointer (&key), group);
  return group;
}

static guint
lane_for_span (InterleaveLoadGenerator *gen,
               LaneGroup               *group,
               InterleaveSpan          *span)
{
  g_autofree char *name = NULL;
  guint lane;
  gint64 end;

  for (guint i = 0; i < group->lanes->len; i++)
    {
      gint64 *last_end = &g_array_index (group->last_end, gint64, i);

      if (span->start >= *last_end - OVERLAP_SLACK)
        {
          /* Rounding in the server's milliseconds can overlap by a hair. */
          span->start = MAX (span->start, *last_end);
          if (span->end <= span->start)
            span->end = span->start + 1;
          *last_end = span->end;
          return g_array_index (group->lanes, guint, i);
        }
    }

  /* Spans overlap on one thread id: the pool's unknown threads, or a
   * thread the server reuses. Each gets a lane of its own. */
  if (group->lanes->len == 0)
    name = g_strdup (group->name);
  else
    name = g_strdup_printf ("%s (%u)", group->name, group->lanes->len + 1);

  lane = interleave_trace_add_lane (gen->layout, group->process, group->kind, name, group->tid);
  interleave_trace_add_lane (gen->delta, group->process, group->kind, name, group->tid);
  g_array_append_val (group->lanes, lane);
  end = span->end;
  g_array_append_val (group->last_end, end);

  return lane;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const PendingSpan *x = a;
  const PendingSpan *y = b;

  return (x->span.start > y->span.start) - (x->span.start < y->span.start);
}

/* Spans arrive with their responses, out of order; a lane needs them in
 * order. Everything that starts before the oldest request still in flight
 * (and before now) can no longer be preceded by another span. */
static void
flush_spans (InterleaveLoadGenerator *gen,
             gint64                   watermark)
{
  guint n = 0;

  if (gen->pending->len == 0)
    return;

  g_array_sort (gen->pending, compare_pending);

  for (; n < gen->pending->len; n++)
    {
      PendingSpan *pending = &g_array_index (gen->pending, PendingSpan, n);
      LaneGroup *group;
      guint lane;

      if (pending->span.start >= watermark)
        break;

      group = get_lane_group (gen, pending->pid, pending->tid);

      /* An event loop is not blocked by I/O: only threads wait for it. */
      if (pending->kind == INTERLEAVE_PHASE_IO && group->kind == INTERLEAVE_LANE_LOOP)
        continue;

      lane = lane_for_span (gen, group, &pending->span);
      interleave_trace_append_span (gen->delta, lane, &pending->span);
    }

  g_array_remove_range (gen->pending, 0, n);
}

static WindowAcc *
get_window (InterleaveLoadGenerator *gen,
            gint64                   index)
{
  index = MAX (index, gen->first_open);

  while ((gint64) gen->windows->len <= index - gen->first_open)
    {
      WindowAcc *acc = g_new0 (WindowAcc, 1);

      acc->latency = interleave_histogram_new ();
      g_ptr_array_add (gen->windows, acc);
    }

  return g_ptr_array_index (gen->windows, index - gen->first_open);
}

/* Adds the time a request spent in the system to the open windows. */
static void
add_in_system (InterleaveLoadGenerator *gen,
               gint64                   from,
               gint64                   to)
{
  gint64 w = gen->options.window_ns;

  for (gint64 i = MAX (from / w, gen->first_open); i * w < to; i++)
    {
      gint64 a = MAX (from, i * w);
      gint64 b = MIN (to, (i + 1) * w);

      if (b > a)
        get_window (gen, i)->in_flight_ns += b - a;
    }
}

static void
add_cpu (InterleaveLoadGenerator *gen,
         gint64                   from,
         gint64                   to,
         double                   cores)
{
  gint64 w = gen->options.window_ns;

  if (to <= from)
    return;

  for (gint64 i = MAX (from / w, gen->first_open); i * w < to; i++)
    {
      gint64 a = MAX (from, i * w);
      gint64 b = MIN (to, (i + 1) * w);

      if (b > a)
        get_window (gen, i)->cpu_ns += cores * (b - a);
    }
}

/* Windows that end by @until become InterleaveWindows; the last one of
 * a run may end at @real_end, inside it, and its rates cover only that. */
static void
finalize_windows (InterleaveLoadGenerator *gen,
                  gint64                   until,
                  gint64                   real_end)
{
  gint64 w = gen->options.window_ns;

  while ((gen->first_open + 1) * w <= until)
    {
      WindowAcc *acc = get_window (gen, gen->first_open);
      InterleaveWindow window;
      gint64 start = gen->first_open * w;
      gint64 end = start + w;
      double in_flight_ns = acc->in_flight_ns;
      gint64 covered = CLAMP (real_end - start, 1, w);
      double seconds = covered / 1e9;
      GHashTableIter iter;
      gpointer key, value;

      /* Requests still in flight were in the system until now. */
      g_hash_table_iter_init (&iter, gen->open);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gint64 intended = *(gint64 *) value;

          if (intended < end)
            in_flight_ns += MIN (end, start + covered) - MAX (intended, start);
        }

      window.start = start;
      for (guint i = 0; i < INTERLEAVE_N_METRICS; i++)
        window.values[i] = NAN;

      window.values[INTERLEAVE_METRIC_THROUGHPUT] = acc->completed / seconds;
      window.values[INTERLEAVE_METRIC_ERRORS] = acc->errors / seconds;
      window.values[INTERLEAVE_METRIC_IN_FLIGHT] = in_flight_ns / covered;
      window.values[INTERLEAVE_METRIC_CPU] = acc->cpu_ns / covered;

      if (acc->completed > 0)
        {
          window.values[INTERLEAVE_METRIC_LATENCY_P50] = interleave_histogram_get_percentile (acc->latency, 0.50) / 1e6;
          window.values[INTERLEAVE_METRIC_LATENCY_P95] = interleave_histogram_get_percentile (acc->latency, 0.95) / 1e6;
          window.values[INTERLEAVE_METRIC_LATENCY_P99] = interleave_histogram_get_percentile (acc->latency, 0.99) / 1e6;
          window.values[INTERLEAVE_METRIC_LATENCY_MAX] = interleave_histogram_get_max (acc->latency) / 1e6;
        }

      g_array_append_val (gen->delta->windows, window);

      g_ptr_array_remove_index (gen->windows, 0);
      gen->first_open++;
    }
}

static void
take_issued (InterleaveLoadGenerator *gen,
             const Issued            *issued)
{
  gint64 *key;
  gint64 *value;

  gen->counts.issued++;

  key = g_new (gint64, 2);
  key[0] = issued->id;
  value = key + 1;
  *value = issued->intended;
  g_hash_table_insert (gen->open, key, value);

  if (issued->id < gen->options.trace_cap)
    {
      InterleaveRequest request = {
        .id = issued->id,
        .klass = 0,
        .process = INTERLEAVE_NO_LANE,
        .status = INTERLEAVE_REQUEST_IN_FLIGHT,
        .arrival = issued->intended,
        .accepted = -1,
        .done = -1,
      };

      interleave_trace_set_request (gen->delta, &request);
    }
}

static void
take_done (InterleaveLoadGenerator    *gen,
           const InterleaveLiveRecord *record)
{
  gint64 key = record->id;
  gint64 latency = record->done - record->intended;
  WindowAcc *acc;
  gboolean cancelled = record->error == INTERLEAVE_LIVE_ERROR_CANCELLED;

  g_hash_table_remove (gen->open, &key);

  gen->counts.errors[record->error]++;
  gen->counts.bytes += record->bytes;

  if (record->status > 0)
    {
      gen->last_response = MAX (gen->last_response, record->done);
      gen->refused_since = -1;
    }
  else if (record->error == INTERLEAVE_LIVE_ERROR_CONNECT)
    {
      gen->refused_count++;
      if (gen->refused_since < 0)
        gen->refused_since = record->done;
    }

  /* Unfinished requests stayed in the system to the end. */
  add_in_system (gen, record->intended, record->done);

  if (!cancelled)
    {
      acc = get_window (gen, record->done / gen->options.window_ns);
      if (record->error == INTERLEAVE_LIVE_ERROR_NONE)
        {
          gen->counts.completed++;
          interleave_histogram_record (gen->histogram, latency);
          interleave_histogram_record (acc->latency, latency);
          acc->completed++;
        }
      else
        acc->errors++;
    }

  if (record->id < gen->options.trace_cap)
    {
      InterleaveRequest request = {
        .id = record->id,
        .klass = 0,
        .process = INTERLEAVE_NO_LANE,
        .arrival = record->intended,
        .accepted = record->handler_start >= 0 ? record->handler_start : -1,
        .done = cancelled ? -1 : record->done,
      };

      switch ((InterleaveLiveErrorClass) record->error)
        {
        case INTERLEAVE_LIVE_ERROR_NONE:
          request.status = INTERLEAVE_REQUEST_COMPLETED;
          break;
        case INTERLEAVE_LIVE_ERROR_CONNECT:
        case INTERLEAVE_LIVE_ERROR_OVERLOAD:
          request.status = INTERLEAVE_REQUEST_REFUSED;
          break;
        case INTERLEAVE_LIVE_ERROR_CANCELLED:
          request.status = INTERLEAVE_REQUEST_IN_FLIGHT;
          break;
        case INTERLEAVE_LIVE_ERROR_IO:
        case INTERLEAVE_LIVE_ERROR_TIMEOUT:
        case INTERLEAVE_LIVE_ERROR_HTTP_4XX:
        case INTERLEAVE_LIVE_ERROR_HTTP_5XX:
        case INTERLEAVE_LIVE_N_ERRORS:
        default:
          request.status = INTERLEAVE_REQUEST_FAILED;
          break;
        }

      if (record->pid >= 0)
        request.process = (guint16) MIN (get_process (gen, record->pid), INTERLEAVE_NO_LANE - 1);

      interleave_trace_set_request (gen->delta, &request);

      if (record->timing_ok)
        {
          for (guint i = 0; i < MIN (record->n_phases, INTERLEAVE_LIVE_RECORD_MAX_PHASES); i++)
            {
              const InterleaveLivePhase *phase = &record->phases[i];
              PendingSpan pending = { 0 };
              static const guint8 states[] = {
                [INTERLEAVE_PHASE_CPU] = INTERLEAVE_STATE_RUNNING,
                [INTERLEAVE_PHASE_IO] = INTERLEAVE_STATE_IO_WAIT,
                [INTERLEAVE_PHASE_NATIVE] = INTERLEAVE_STATE_NATIVE,
              };

              if (phase->dur <= 0)
                continue;

              pending.pid = record->pid;
              pending.tid = phase->tid;
              pending.kind = phase->kind;
              pending.span.start = phase->start;
              pending.span.end = phase->start + phase->dur;
              pending.span.request = record->id;
              pending.span.state = states[phase->kind];
              pending.span.phase = (guint8) i;
              pending.span.cause = INTERLEAVE_NO_LANE;
              g_array_append_val (gen->pending, pending);
            }
        }
    }

  g_array_append_vals (gen->batch_records, record, 1);
}

static gint64
oldest_in_flight (InterleaveLoadGenerator *gen,
                  gint64                   now)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 oldest = now;

  g_hash_table_iter_init (&iter, gen->open);
  while (g_hash_table_iter_next (&iter, &key, &value))
    oldest = MIN (oldest, *(gint64 *) value);

  return oldest;
}

static void
stop_all (InterleaveLoadGenerator *gen,
          gboolean                 cancel)
{
  g_atomic_int_set (&gen->stop, 1);

  if (gen->stop_time < 0)
    gen->stop_time = now_ns (gen);

  for (guint i = 0; i < gen->n_workers; i++)
    g_main_context_invoke (gen->workers[i].context,
                           cancel ? worker_cancel_cb : worker_stop_cb,
                           &gen->workers[i]);

  if (cancel && gen->cancel_time < 0)
    gen->cancel_time = now_ns (gen);
}

static void
sample_processes (InterleaveLoadGenerator *gen,
                  gint64                   now)
{
  interleave_proc_sampler_sample (gen->sampler, now + gen->t0_us * 1000);

  if (gen->last_sample >= 0)
    add_cpu (gen, gen->last_sample, now, interleave_proc_sampler_get_cpu_rate (gen->sampler));
  gen->last_sample = now;

  for (guint i = 0; i < interleave_proc_sampler_get_n_processes (gen->sampler); i++)
    {
      const InterleaveProcessUsage *usage = interleave_proc_sampler_get_process (gen->sampler, i);
      InterleaveProcessSample sample = {
        .time = now,
        .pid = usage->pid,
        .cpu = usage->cpu_rate,
        .rss_bytes = usage->rss_bytes,
      };

      if (usage->alive)
        g_array_append_val (gen->batch_samples, sample);
    }
}

static GArray *
copy_process_usage (InterleaveProcSampler *sampler)
{
  GArray *copy = g_array_new (FALSE, TRUE, sizeof (InterleaveProcessUsage));

  for (guint i = 0; i < interleave_proc_sampler_get_n_processes (sampler); i++)
    {
      InterleaveProcessUsage usage = *interleave_proc_sampler_get_process (sampler, i);

      usage.threads = g_array_copy (usage.threads);
      g_array_append_val (copy, usage);
    }

  return copy;
}

typedef struct
{
  InterleaveLoadGenerator *gen;
  InterleaveLoadBatch     *batch;
} Post;

static gboolean
post_dispatch (gpointer data)
{
  Post *post = data;

  post->gen->func (post->batch, post->gen->user_data);
  return G_SOURCE_REMOVE;
}

static void
post_free (gpointer data)
{
  Post *post = data;

  _interleave_load_batch_free (post->batch);
  g_free (post);
}

static double
progress (InterleaveLoadGenerator *gen,
          gint64                   now)
{
  const InterleaveLoadOptions *options = &gen->options;
  double fraction = 0.0;

  if (options->duration_ns > 0)
    fraction = MAX (fraction, (double) now / options->duration_ns);
  if (options->max_requests > 0)
    fraction = MAX (fraction, (double) gen->counts.issued / options->max_requests);

  return CLAMP (fraction, 0.0, 1.0);
}

static void
post_batch (InterleaveLoadGenerator *gen,
            gint64                   now,
            gboolean                 final)
{
  InterleaveLoadBatch *batch = g_new0 (InterleaveLoadBatch, 1);
  Post *post = g_new0 (Post, 1);

  gen->delta->end = MAX (gen->delta->end, gen->layout->end);
  gen->layout->end = gen->delta->end;

  batch->delta = g_steal_pointer (&gen->delta);
  batch->records = g_steal_pointer (&gen->batch_records);
  batch->samples = g_steal_pointer (&gen->batch_samples);
  batch->processes = copy_process_usage (gen->sampler);
  batch->histogram = interleave_histogram_copy (gen->histogram);
  batch->counts = gen->counts;
  batch->elapsed = now;
  batch->cpu_ns = interleave_proc_sampler_get_cpu_ns (gen->sampler);
  batch->progress = final ? 1.0 : progress (gen, now);
  batch->final = final;

  g_mutex_lock (&gen->lock);
  batch->counts.bad_timing = gen->bad_timing;
  batch->timing_problem = g_strdup (gen->timing_problem);
  batch->first_failure = g_strdup (gen->first_failure);
  g_mutex_unlock (&gen->lock);

  if (final)
    batch->error = g_steal_pointer (&gen->final_error);

  gen->delta = interleave_trace_new_delta (gen->layout);
  gen->batch_records = g_array_new (FALSE, FALSE, sizeof (InterleaveLiveRecord));
  gen->batch_samples = g_array_new (FALSE, FALSE, sizeof (InterleaveProcessSample));

  post->gen = gen;
  post->batch = batch;
  g_main_context_invoke_full (gen->consumer, G_PRIORITY_DEFAULT, post_dispatch, post, post_free);
}

static void
collect (InterleaveLoadGenerator *gen)
{
  g_autoptr(GArray) issued = NULL;
  g_autoptr(GArray) done = NULL;
  const InterleaveLoadOptions *options = &gen->options;
  gboolean finished = g_atomic_int_get (&gen->workers_running) == 0;
  GError *abort_error = NULL;
  gint64 now;

  g_mutex_lock (&gen->lock);
  now = now_ns (gen);
  issued = g_steal_pointer (&gen->issued);
  done = g_steal_pointer (&gen->done);
  gen->issued = g_array_new (FALSE, FALSE, sizeof (Issued));
  gen->done = g_array_new (FALSE, FALSE, sizeof (InterleaveLiveRecord));
  if (gen->abort_error != NULL && gen->final_error == NULL)
    abort_error = g_error_copy (gen->abort_error);
  g_mutex_unlock (&gen->lock);

  for (guint i = 0; i < issued->len; i++)
    take_issued (gen, &g_array_index (issued, Issued, i));
  for (guint i = 0; i < done->len; i++)
    take_done (gen, &g_array_index (done, InterleaveLiveRecord, i));

  sample_processes (gen, now);

  /* Why the run might end early: told by the owner, the server gone, or
   * nothing but refused connections. */
  if (abort_error == NULL && gen->final_error == NULL && gen->watch_root &&
      !interleave_proc_sampler_root_alive (gen->sampler))
    abort_error = g_error_new (INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_SERVER_DIED,
                               _("The server (process %lld) exited during the run; "
                                 "the results measured until then are kept."),
                               (long long) g_array_index (gen->root_pids, gint64, 0));

  if (abort_error == NULL && gen->final_error == NULL &&
      gen->refused_since >= 0 && now - gen->refused_since >= REFUSED_LIMIT)
    {
      g_autofree char *url = g_uri_to_string_partial (gen->uri, G_URI_HIDE_QUERY);

      abort_error = g_error_new (INTERLEAVE_MEASUREMENT_ERROR, INTERLEAVE_MEASUREMENT_ERROR_REFUSED,
                                 _("%s refused every connection for %.1f s (%llu attempts): "
                                   "is the server running and listening there?"),
                                 url, (now - gen->refused_since) / 1e9,
                                 (unsigned long long) gen->refused_count);
    }

  if (abort_error != NULL)
    {
      gen->final_error = abort_error;
      stop_all (gen, TRUE);
    }
  else if (gen->stop_time < 0 &&
           ((options->duration_ns > 0 && now >= options->duration_ns) ||
            (options->max_requests > 0 && (guint64) g_atomic_int_get (&gen->next_id) >= options->max_requests)))
    {
      /* The workers stop by themselves at the bound; remember when. */
      gen->stop_time = options->duration_ns > 0 ? MIN (now, options->duration_ns) : now;
    }

  if (gen->stop_time >= 0 && gen->cancel_time < 0 && now - gen->stop_time >= options->drain_ns)
    stop_all (gen, TRUE);

  if (finished)
    {
      /* Every worker is gone: all their events were taken above, and a
       * worker only ends with nothing in flight. */
      g_warn_if_fail (g_hash_table_size (gen->open) == 0);
      g_hash_table_remove_all (gen->open);
      flush_spans (gen, G_MAXINT64);
      finalize_windows (gen, ((now + options->window_ns - 1) / options->window_ns) * options->window_ns, now);
      gen->layout->end = now;
      post_batch (gen, now, TRUE);
      gen->collector_done = TRUE;
      return;
    }

  flush_spans (gen, oldest_in_flight (gen, now));
  finalize_windows (gen, now, G_MAXINT64);
  gen->layout->end = MAX (gen->layout->end, now);
  post_batch (gen, now, FALSE);
}

static gboolean
tick_cb (gpointer data)
{
  InterleaveLoadGenerator *gen = data;
  gint64 w = gen->options.window_ns;
  gint64 next;

  collect (gen);

  if (gen->collector_done)
    return G_SOURCE_REMOVE;

  /* Just after the next window boundary. */
  next = ((now_ns (gen) / w) + 1) * w + MS;
  g_source_set_ready_time (gen->tick, gen->t0_us + next / 1000);
  return G_SOURCE_CONTINUE;
}

static gpointer
collector_thread (gpointer data)
{
  InterleaveLoadGenerator *gen = data;

  g_main_context_push_thread_default (gen->collector_context);

  gen->tick = ready_source_new (tick_cb, gen);
  g_source_set_ready_time (gen->tick, gen->t0_us + (gen->options.window_ns + MS) / 1000);
  g_source_attach (gen->tick, gen->collector_context);

  sample_processes (gen, 0);
  g_array_set_size (gen->batch_samples, 0);

  for (guint i = 0; i < gen->n_workers; i++)
    {
      g_autofree char *name = g_strdup_printf ("interleave-load-%u", i);
      gen->workers[i].thread = g_thread_new (name, worker_thread, &gen->workers[i]);
    }

  while (!gen->collector_done)
    g_main_context_iteration (gen->collector_context, TRUE);

  for (guint i = 0; i < gen->n_workers; i++)
    g_clear_pointer (&gen->workers[i].thread, g_thread_join);

  g_source_destroy (gen->tick);
  g_clear_pointer (&gen->tick, g_source_unref);
  g_main_context_pop_thread_default (gen->collector_context);

  return NULL;
}

/* ------------------------------------------------------------------ */

InterleaveLoadGenerator *
_interleave_load_generator_new (GUri                        *uri,
                                const InterleavePlan        *plan,
                                const char                  *name,
                                const InterleaveLoadOptions *options,
                                gboolean                     loop_server,
                                const GArray                *root_pids,
                                gboolean                     watch_root)
{
  InterleaveLoadGenerator *gen = g_new0 (InterleaveLoadGenerator, 1);

  gen->uri = g_uri_ref (uri);
  gen->plan = *plan;
  gen->plan_text = interleave_plan_to_string (plan);
  gen->name = g_strdup (name);
  gen->options = *options;
  gen->loop_server = loop_server;
  gen->root_pids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (root_pids != NULL)
    g_array_append_vals (gen->root_pids, root_pids->data, root_pids->len);
  gen->watch_root = watch_root && gen->root_pids->len > 0;
  gen->connections = interleave_load_options_get_connections (options);
  gen->n_workers = options->threads;

  g_mutex_init (&gen->lock);
  gen->issued = g_array_new (FALSE, FALSE, sizeof (Issued));
  gen->done = g_array_new (FALSE, FALSE, sizeof (InterleaveLiveRecord));

  gen->sampler = interleave_proc_sampler_new ();
  for (guint i = 0; i < gen->root_pids->len; i++)
    interleave_proc_sampler_add_root (gen->sampler, g_array_index (gen->root_pids, gint64, i));

  gen->layout = interleave_trace_new (name, g_get_num_processors (), options->window_ns);
  g_ptr_array_add (gen->layout->class_names, g_strdup (gen->plan_text[0] ? gen->plan_text : "-"));
  gen->delta = interleave_trace_new_delta (gen->layout);
  gen->processes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gen->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, lane_group_free);
  gen->pending = g_array_new (FALSE, FALSE, sizeof (PendingSpan));
  gen->open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gen->windows = g_ptr_array_new_with_free_func (window_acc_free);
  gen->histogram = interleave_histogram_new ();
  gen->batch_records = g_array_new (FALSE, FALSE, sizeof (InterleaveLiveRecord));
  gen->batch_samples = g_array_new (FALSE, FALSE, sizeof (InterleaveProcessSample));
  gen->stop_time = -1;
  gen->cancel_time = -1;
  gen->last_sample = -1;
  gen->refused_since = -1;

  gen->collector_context = g_main_context_new ();
  gen->workers = g_new0 (Worker, gen->n_workers);
  for (guint i = 0; i < gen->n_workers; i++)
    {
      Worker *worker = &gen->workers[i];

      worker->gen = gen;
      worker->index = i;
      worker->context = g_main_context_new ();
      g_queue_init (&worker->requests);
      g_queue_init (&worker->backlog);
      worker->rand = g_rand_new_with_seed ((guint32) (options->seed * 7919 + i));
      worker->alarms = g_array_new (FALSE, FALSE, sizeof (Alarm));
      worker->scratch = g_malloc (SCRATCH_SIZE);
      worker->timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (worker->timer_fd < 0)
        g_error ("timerfd_create: %s", g_strerror (errno));
    }

  return gen;
}

/**
 * _interleave_load_generator_start:
 * @gen: a generator
 * @consumer: the main context batches are delivered on
 * @func: called with each batch; the last one has @final set
 * @user_data: data for @func
 * @destroy: frees @user_data when the generator is freed
 */
void
_interleave_load_generator_start (InterleaveLoadGenerator *gen,
                                  GMainContext            *consumer,
                                  InterleaveLoadBatchFunc  func,
                                  gpointer                 user_data,
                                  GDestroyNotify           destroy)
{
  g_return_if_fail (gen != NULL);
  g_return_if_fail (gen->collector == NULL);

  gen->consumer = g_main_context_ref (consumer);
  gen->func = func;
  gen->user_data = user_data;
  gen->destroy = destroy;
  gen->workers_running = gen->n_workers;
  gen->t0_us = g_get_monotonic_time ();

  gen->collector = g_thread_new ("interleave-collect", collector_thread, gen);
}

static gboolean
abort_cb (gpointer data)
{
  return wake_collector_cb (data);
}

/**
 * _interleave_load_generator_abort:
 * @gen: a running generator
 * @error: (transfer full): why; the first reason given wins
 *
 * Ends the run now: sending stops, requests in flight are cancelled, and
 * the final batch carries @error. Any thread.
 */
void
_interleave_load_generator_abort (InterleaveLoadGenerator *gen,
                                  GError                  *error)
{
  g_return_if_fail (gen != NULL);

  g_mutex_lock (&gen->lock);
  if (gen->abort_error == NULL)
    gen->abort_error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&gen->lock);

  if (gen->collector != NULL)
    g_main_context_invoke (gen->collector_context, abort_cb, gen);
}

/* Joins the threads (after aborting a run still going), then frees. */
void
_interleave_load_generator_free (InterleaveLoadGenerator *gen)
{
  if (gen == NULL)
    return;

  if (gen->collector != NULL)
    {
      if (!g_atomic_int_get (&gen->stop) || g_atomic_int_get (&gen->workers_running) > 0)
        _interleave_load_generator_abort (gen, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                                    _("The measurement was cancelled")));
      g_thread_join (gen->collector);
    }

  for (guint i = 0; i < gen->n_workers; i++)
    {
      Worker *worker = &gen->workers[i];

      g_clear_pointer (&worker->context, g_main_context_unref);
      g_clear_pointer (&worker->rand, g_rand_free);
      g_clear_pointer (&worker->alarms, g_array_unref);
      g_clear_pointer (&worker->scratch, g_free);
      g_clear_pointer (&worker->session_load, g_free);
      g_clear_pointer (&worker->session_conns, g_free);
      if (worker->timer_fd >= 0)
        close (worker->timer_fd);
      g_free (worker->clients);
    }
  g_free (gen->workers);

  if (gen->destroy != NULL)
    gen->destroy (gen->user_data);

  g_clear_pointer (&gen->consumer, g_main_context_unref);
  g_clear_pointer (&gen->collector_context, g_main_context_unref);
  g_clear_pointer (&gen->uri, g_uri_unref);
  g_free (gen->plan_text);
  g_free (gen->name);
  g_array_unref (gen->root_pids);
  g_mutex_clear (&gen->lock);
  g_array_unref (gen->issued);
  g_array_unref (gen->done);
  g_clear_error (&gen->abort_error);
  g_clear_error (&gen->final_error);
  g_free (gen->timing_problem);
  g_free (gen->first_failure);
  interleave_proc_sampler_free (gen->sampler);
  interleave_trace_free (gen->layout);
  g_clear_pointer (&gen->delta, interleave_trace_free);
  g_hash_table_unref (gen->processes);
  g_hash_table_unref (gen->groups);
  g_array_unref (gen->pending);
  g_hash_table_unref (gen->open);
  g_ptr_array_unref (gen->windows);
  interleave_histogram_free (gen->histogram);
  g_clear_pointer (&gen->batch_records, g_array_unref);
  g_clear_pointer (&gen->batch_samples, g_array_unref);
  g_free (gen);
}

void
_interleave_load_batch_free (InterleaveLoadBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->delta, interleave_trace_free);
  g_clear_pointer (&batch->records, g_array_unref);
  g_clear_pointer (&batch->samples, g_array_unref);
  if (batch->processes != NULL)
    {
      for (guint i = 0; i < batch->processes->len; i++)
        g_clear_pointer (&g_array_index (batch->processes, InterleaveProcessUsage, i).threads, g_array_unref);
      g_array_unref (batch->processes);
    }
  g_clear_pointer (&batch->histogram, interleave_histogram_free);
  g_free (batch->timing_problem);
  g_free (batch->first_failure);
  g_clear_error (&batch->error);
  g_free (batch);
}
