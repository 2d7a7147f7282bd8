// Live updates: the WebSocket stream /api/v1/stream (`incident.new`, `call.new`,
// `unit.position`, `forecast.created`). A browser cannot set an Authorization header on a WebSocket, so the token
// is offered as the subprotocol `bearer.<token>` beside `vigil.v1` (docs/api.md, "Live
// stream"). When the stream cannot be opened the dashboard polls the newest incidents (and
// calls and forecasts, where the role may) instead, announcing records it has not seen as the
// stream would (`incident.new` and `call.new` with the stored record, `forecast.created` with
// the forecast's header).
import { get, getToken } from '../api';
import type { Call, ForecastHeader, Incident, Page, StreamMessage } from '../types';

export type LiveMode = 'stream' | 'polling' | 'off';

export interface LiveHandlers {
  mode: (mode: LiveMode) => void;
  event: (message: StreamMessage) => void;
}

export const pollSeconds = 15;

export interface LiveScope {
  calls: boolean;
  forecasts: boolean;
}

export function startLive(scope: LiveScope, handlers: LiveHandlers): () => void {
  let stopped = false;
  let timer: number | undefined;
  let socket: WebSocket | null = null;
  const seen = { incident: -1, call: -1, forecast: -1 };
  const types = { incident: 'incident.new', call: 'call.new', forecast: 'forecast.created' } as const;

  const poll = async (): Promise<void> => {
    try {
      const incidents = await get<Page<Incident>>('/incidents', { limit: 20 });
      const calls = scope.calls ? await get<Page<Call>>('/calls', { limit: 20 }) : null;
      const forecasts = scope.forecasts ? await get<{ items: ForecastHeader[] }>('/forecasts', { limit: 20 }) : null;
      const announce = (kind: keyof typeof seen, items: Array<{ id: number }>) => {
        const newest = items.reduce((m, r) => Math.max(m, r.id), seen[kind]);
        if (seen[kind] >= 0) {
          for (const r of items.filter((x) => x.id > seen[kind])) {
            handlers.event({ type: types[kind], seq: 0, data: r as unknown as Record<string, unknown> });
          }
        }
        seen[kind] = Math.max(newest, 0);
      };
      announce('incident', incidents.items);
      if (calls) announce('call', calls.items);
      if (forecasts) announce('forecast', forecasts.items);
    } catch {
      // A failed poll is retried at the next tick; a 401 signs out through the API client.
    }
    if (!stopped) timer = window.setTimeout(poll, pollSeconds * 1000);
  };

  const fallBack = () => {
    if (stopped || timer !== undefined) return;
    handlers.mode('polling');
    void poll();
  };

  try {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/api/v1/stream`, ['vigil.v1', `bearer.${getToken()}`]);
    socket.onopen = () => handlers.mode('stream');
    socket.onmessage = (event) => {
      try {
        handlers.event(JSON.parse(String(event.data)) as StreamMessage);
      } catch {
        // Not JSON: ignored.
      }
    };
    socket.onclose = fallBack;
    socket.onerror = fallBack;
  } catch {
    fallBack();
  }

  return () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
    if (socket) {
      socket.onclose = null;
      socket.onerror = null;
      socket.close();
    }
    handlers.mode('off');
  };
}
