/* live-fixture.c
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

/* A deliberately plain HTTP/1.1 server: a thread per connection, blocking
 * sockets and clock_nanosleep() to an absolute deadline, so the delay it
 * adds is the plan's to within tens of microseconds and the measured
 * overhead is the load generator's own. */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "interleave-plan.h"
#include "interleave-proc-stat.h"
#include "live-fixture.h"

struct _FixtureServer
{
  FixtureMode  mode;
  GSocket     *listener;
  guint        port;
  GThread     *acceptor;
  GMutex       lock;
  GPtrArray   *threads;     /* GThread, under lock */
  GPtrArray   *clients;     /* GSocket, under lock */
  gint64       free_at;     /* µs: when the single server of SERIAL is free, under lock */
  guint        counter;     /* under lock */
  gint         served;      /* atomic */
  gint         quit;        /* atomic */
};

typedef struct
{
  FixtureServer *fixture;
  GSocket       *socket;
} Connection;

static void
sleep_until (gint64 due_us)
{
  struct timespec ts = {
    .tv_sec = due_us / G_USEC_PER_SEC,
    .tv_nsec = (due_us % G_USEC_PER_SEC) * 1000,
  };

  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

static gboolean
send_all (GSocket    *socket,
          const char *data,
          gsize       len)
{
  while (len > 0)
    {
      gssize n = g_socket_send (socket, data, len, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static gboolean
serve_one (Connection *connection,
           const char *request,
           gint64      arrived)
{
  FixtureServer *fixture = connection->fixture;
  g_autoptr(GString) timing = g_string_new (NULL);
  g_autoptr(GString) response = g_string_new (NULL);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *target = NULL;
  const char *space;
  const char *query;
  const char *plan_text = NULL;
  InterleavePlan plan;
  gint64 start = arrived;
  gint64 due;
  guint number;
  guint status = 200;
  double at;
  gint64 tid = syscall (SYS_gettid);

  if (!g_str_has_prefix (request, "GET ") || (space = strchr (request + 4, ' ')) == NULL)
    return FALSE;

  target = g_strndup (request + 4, space - request - 4);
  query = strchr (target, '?');
  if (query != NULL)
    {
      params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL)
        plan_text = g_hash_table_lookup (params, "plan");
    }

  if (!interleave_plan_parse (plan_text ? plan_text : "", &plan, NULL))
    {
      static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
      return send_all (connection->socket, bad, sizeof bad - 1);
    }

  g_mutex_lock (&fixture->lock);
  number = fixture->counter++;
  if (fixture->mode == FIXTURE_SERIAL)
    {
      /* A single server, first come first served. */
      start = MAX (arrived, fixture->free_at);
      fixture->free_at = start + interleave_plan_total_mean_ns (&plan) / 1000;
    }
  g_mutex_unlock (&fixture->lock);

  due = start + interleave_plan_total_mean_ns (&plan) / 1000;
  sleep_until (due);

  at = start / 1000.0;
  for (guint i = 0; i < plan.n_phases; i++)
    {
      double dur = plan.phases[i].mean_ns / 1e6;

      g_string_append_printf (timing, "%s;dur=%.3f;start=%.3f;pid=%d;tid=%" G_GINT64_FORMAT ", ",
                              interleave_phase_kind_to_string (plan.phases[i].kind),
                              dur, at, getpid (), tid);
      at += dur;
    }
  g_string_append_printf (timing, "app;dur=%.3f;start=%.3f;pid=%d;tid=%" G_GINT64_FORMAT,
                          (g_get_monotonic_time () - start) / 1000.0, start / 1000.0, getpid (), tid);

  if (fixture->mode == FIXTURE_FAIL_EVERY_3 && number % 3 == 2)
    status = 503;

  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: text/plain\r\n"
                          "Content-Length: 3\r\n"
                          "Server-Timing: %s\r\n"
                          "\r\n"
                          "ok\n",
                          status, status == 200 ? "OK" : "Service Unavailable",
                          fixture->mode == FIXTURE_BAD_TIMING ? "cpu;dur=abc, io;;" : timing->str);

  g_atomic_int_inc (&fixture->served);
  return send_all (connection->socket, response->str, response->len);
}

/* The misbehaving modes: what they send instead of an answer. Returns
 * FALSE to drop the connection. */
static gboolean
misbehave (Connection *connection)
{
  FixtureServer *fixture = connection->fixture;

  switch (fixture->mode)
    {
    case FIXTURE_SLOW_LORIS:
      {
        static const char dribble[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                      "Content-Length: 1000000\r\nX-Slow: lo";

        g_atomic_int_inc (&fixture->served);
        for (guint i = 0; !g_atomic_int_get (&fixture->quit); i++)
          {
            /* The headers, then the body, a byte at a time, never all. */
            if (!send_all (connection->socket, i < sizeof dribble - 1 ? &dribble[i] : "r", 1))
              return FALSE;
            if (i == sizeof dribble - 2 && !send_all (connection->socket, "\r\n\r\n", 4))
              return FALSE;
            g_usleep (50000);
          }
        return FALSE;
      }

    case FIXTURE_GARBAGE:
      {
        static const char garbage[] = "\x16\x03\x01 NOT HTTP AT ALL\r\n\xff\xfe: \x01\r\n\r\n";

        g_atomic_int_inc (&fixture->served);
        send_all (connection->socket, garbage, sizeof garbage - 1);
        return FALSE;
      }

    case FIXTURE_ALWAYS_500:
      {
        static const char error[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops\n";

        g_atomic_int_inc (&fixture->served);
        return send_all (connection->socket, error, sizeof error - 1);
      }

    case FIXTURE_REDIRECT:
      {
        /* 192.0.2.1 is TEST-NET-1: never on this machine. */
        static const char redirect[] = "HTTP/1.1 302 Found\r\nLocation: http://192.0.2.1/work\r\n"
                                       "Content-Length: 0\r\n\r\n";

        g_atomic_int_inc (&fixture->served);
        return send_all (connection->socket, redirect, sizeof redirect - 1);
      }

    case FIXTURE_DELAY:
    case FIXTURE_SERIAL:
    case FIXTURE_FAIL_EVERY_3:
    case FIXTURE_BAD_TIMING:
    case FIXTURE_NO_READ:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
connection_thread (gpointer data)
{
  Connection *connection = data;
  g_autoptr(GString) buffer = g_string_new (NULL);
  char chunk[4096];

  /* Accepted, then never read: the client's request sits unread. */
  if (connection->fixture->mode == FIXTURE_NO_READ)
    while (!g_atomic_int_get (&connection->fixture->quit))
      g_usleep (10000);

  while (!g_atomic_int_get (&connection->fixture->quit))
    {
      char *end = strstr (buffer->str, "\r\n\r\n");
      gssize n;

      if (end != NULL)
        {
          g_autofree char *request = g_strndup (buffer->str, end - buffer->str);

          g_string_erase (buffer, 0, end - buffer->str + 4);
          if (connection->fixture->mode >= FIXTURE_SLOW_LORIS)
            {
              if (!misbehave (connection))
                break;
              continue;
            }
          if (!serve_one (connection, request, g_get_monotonic_time ()))
            break;
          continue;
        }

      n = g_socket_receive (connection->socket, chunk, sizeof chunk, NULL, NULL);
      if (n <= 0)
        break;
      g_string_append_len (buffer, chunk, n);
    }

  g_socket_close (connection->socket, NULL);
  g_free (connection);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  FixtureServer *fixture = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (fixture->listener, NULL, NULL);
      Connection *connection;

      if (client == NULL || g_atomic_int_get (&fixture->quit))
        {
          g_clear_object (&client);
          break;
        }

      g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

      connection = g_new0 (Connection, 1);
      connection->fixture = fixture;
      connection->socket = client;

      g_mutex_lock (&fixture->lock);
      g_ptr_array_add (fixture->clients, g_object_ref (client));
      g_ptr_array_add (fixture->threads, g_thread_new ("fixture-conn", connection_thread, connection));
      g_mutex_unlock (&fixture->lock);
    }

  return NULL;
}

FixtureServer *
fixture_server_new (FixtureMode mode)
{
  FixtureServer *fixture = g_new0 (FixtureServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fixture->mode = mode;
  g_mutex_init (&fixture->lock);
  fixture->threads = g_ptr_array_new ();
  fixture->clients = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (fixture->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (fixture->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (fixture->listener, &error);
  g_assert_no_error (error);
  fixture->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  fixture->acceptor = g_thread_new ("fixture-accept", accept_thread, fixture);

  return fixture;
}

char *
fixture_server_dup_url (FixtureServer *fixture)
{
  return g_strdup_printf ("http://127.0.0.1:%u", fixture->port);
}

guint
fixture_server_get_served (FixtureServer *fixture)
{
  return (guint) g_atomic_int_get (&fixture->served);
}

void
fixture_server_free (FixtureServer *fixture)
{
  g_atomic_int_set (&fixture->quit, 1);

  /* Wake the blocking accept() and receive()s. */
  shutdown (g_socket_get_fd (fixture->listener), SHUT_RDWR);
  g_thread_join (fixture->acceptor);

  g_mutex_lock (&fixture->lock);
  for (guint i = 0; i < fixture->clients->len; i++)
    shutdown (g_socket_get_fd (g_ptr_array_index (fixture->clients, i)), SHUT_RDWR);
  g_mutex_unlock (&fixture->lock);

  for (guint i = 0; i < fixture->threads->len; i++)
    g_thread_join (g_ptr_array_index (fixture->threads, i));

  g_ptr_array_unref (fixture->threads);
  g_ptr_array_unref (fixture->clients);
  g_socket_close (fixture->listener, NULL);
  g_object_unref (fixture->listener);
  g_mutex_clear (&fixture->lock);
  g_free (fixture);
}

void
fixture_run_measurement (InterleaveMeasurement *measurement)
{
  interleave_measurement_start (measurement);
  while (!interleave_measurement_get_finished (measurement))
    g_main_context_iteration (NULL, TRUE);
}

gint64
fixture_machine_busy_ns (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  gint64 busy = 0;

  g_assert_true (g_file_get_contents ("/proc/stat", &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "cpu "));
  *strchr (contents, '\n') = '\0';
  fields = g_strsplit_set (contents + 4, " ", -1);

  /* user nice system idle iowait irq softirq steal: all but idle and
   * iowait (niced work too: with autogroup scheduling nice does not make
   * another session's build yield the cores to this test) */
  for (guint i = 0, n = 0; fields[i] != NULL && n < 8; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      if (n != 3 && n != 4)
        busy += g_ascii_strtoll (fields[i], NULL, 10);
      n++;
    }

  return busy * (1000000000 / sysconf (_SC_CLK_TCK));
}

gint64
fixture_self_busy_ns (void)
{
  InterleaveProcStat stat;

  g_assert_true (interleave_proc_stat_read (getpid (), -1, &stat));
  return stat.utime_ns + stat.stime_ns;
}
