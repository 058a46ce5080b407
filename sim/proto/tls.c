/* TLS handshake state machines and sizes (see tls.h). */
#include "proto/tls.h"

#define RECORD_MAX 16384
#define RECORD_OVERHEAD 22

guint32
sim_tls_flight_size(SimTlsVersion v, SimMsgKind kind)
{
  switch (kind) {
  case SIM_MSG_TLS_CLIENT_HELLO:
    return 300;
  case SIM_MSG_TLS_SERVER_HELLO:
    return v == SIM_TLS_13 ? 1700 : 1650;
  case SIM_MSG_TLS_CLIENT_FINISHED:
    return v == SIM_TLS_13 ? 80 : 130;
  case SIM_MSG_TLS_SERVER_FINISHED:
    return 51;
  default:
    return 0;
  }
}

guint32
sim_tls_record_size(guint32 payload)
{
  guint32 records = payload == 0 ? 1 : (payload + RECORD_MAX - 1) / RECORD_MAX;
  return payload + records * RECORD_OVERHEAD;
}

gboolean
sim_tls_is_handshake(SimMsgKind kind)
{
  return kind == SIM_MSG_TLS_CLIENT_HELLO || kind == SIM_MSG_TLS_SERVER_HELLO ||
         kind == SIM_MSG_TLS_CLIENT_FINISHED || kind == SIM_MSG_TLS_SERVER_FINISHED;
}

SimMsgKind
sim_tls_client_start(SimTlsState *st, SimTlsVersion version)
{
  st->version = version;
  st->done = FALSE;
  return SIM_MSG_TLS_CLIENT_HELLO;
}

gboolean
sim_tls_client_input(SimTlsState *st, SimMsgKind in, SimMsgKind *out)
{
  if (st->done)
    return FALSE;
  if (in == SIM_MSG_TLS_SERVER_HELLO) {
    *out = SIM_MSG_TLS_CLIENT_FINISHED;
    if (st->version == SIM_TLS_13)
      st->done = TRUE; /* 1-RTT: data may follow the Finished at once */
    return TRUE;
  }
  if (in == SIM_MSG_TLS_SERVER_FINISHED && st->version == SIM_TLS_12)
    st->done = TRUE;
  return FALSE;
}

gboolean
sim_tls_server_input(SimTlsState *st, SimMsgKind in, SimTlsVersion version, SimMsgKind *out)
{
  if (st->done)
    return FALSE;
  if (in == SIM_MSG_TLS_CLIENT_HELLO) {
    st->version = version;
    *out = SIM_MSG_TLS_SERVER_HELLO;
    return TRUE;
  }
  if (in == SIM_MSG_TLS_CLIENT_FINISHED) {
    st->done = TRUE;
    if (st->version == SIM_TLS_12) {
      *out = SIM_MSG_TLS_SERVER_FINISHED;
      return TRUE;
    }
  }
  return FALSE;
}
