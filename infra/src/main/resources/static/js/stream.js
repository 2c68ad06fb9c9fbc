import {ApiError, path} from './api.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

/**
 * Follows a reply's SSE stream until it ends, and resumes a dropped connection where it broke off.
 *
 * EventSource cannot send a bearer token, so the stream is read with fetch. Every delta carries its sequence
 * number; after a drop the stream is asked again with Last-Event-ID set to the last one shown, and anything at or
 * below it is ignored, so text is neither lost nor repeated. The generation itself never depends on this
 * connection: it goes on on the server while the client reconnects.
 *
 * Resolves with the terminal event ({name, data}); rejects with an ApiError the server answered, or an AbortError.
 */
export async function followReply(session, replyId, {onDelta, onNotice = () => {}, onConnection = () => {}, signal}) {
  let lastSeq = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const headers = {Accept: 'text/event-stream'};
      if (lastSeq > 0) headers['Last-Event-ID'] = String(lastSeq);
      const response = await session.fetch('GET', path`/api/v1/replies/${replyId}/stream`, {headers, signal});
      onConnection('open');
      let ended = null;
      for await (const event of serverSentEvents(response.body, signal)) {
        attempt = 0;
        if (event.name === 'delta') {
          const seq = Number(event.id ?? event.data.seq);
          if (seq <= lastSeq) continue;
          lastSeq = seq;
          onDelta(event.data.text, seq);
        } else if (TERMINAL.has(event.name)) {
          // Read on to the end the server sends right after it: cancelling now would cut the response short.
          ended = event;
        } else {
          onNotice(event);
        }
      }
      if (ended) return ended;
    } catch (error) {
      if (signal?.aborted || error.name === 'AbortError') throw error;
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) throw error;
    }
    // The connection ended without a terminal event: the network, a proxy or a restarting node dropped it.
    onConnection('reconnecting');
    await pause(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)], signal);
  }
}

async function* serverSentEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const cancel = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', cancel, {once: true});
  let buffer = '';
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) yield event;
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}

/** One SSE frame; comment-only frames (the heartbeats) give null. */
function parse(frame) {
  let name = 'message';
  let id = null;
  const data = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? {name, id, data: JSON.parse(data.join('\n'))} : null;
}

function pause(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, {once: true});
  });
}
