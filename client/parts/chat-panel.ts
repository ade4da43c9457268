// A live sample of the chat, newest first, from GET /api/streams/:id/chat?limit=. Every text is
// set as textContent. Without that endpoint (404) the panel falls back to the example texts the
// authenticity flags quote.
import { api, ApiError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { timeSec } from '../format.ts';
import { t } from '../i18n.ts';
import type { ChatComment, Flag } from '../types.ts';
import { exampleTexts } from './flag-list.ts';

const LIMIT = 40;
const MIN_INTERVAL = 2000;

export interface ChatPanel { el: HTMLElement; refresh(flags: Flag[]): void; dispose(): void }

export function chatPanel(streamId: string): ChatPanel {
  const note = h('p', { class: 'muted small' });
  const list = h('ol', { class: 'chat', 'data-testid': 'chat' });
  const el = h('div', { class: 'chat-panel' }, list, note);
  let available: boolean | null = null;
  let inflight = false;
  let again = false;
  let lastRun = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let flags: Flag[] = [];
  let disposed = false;

  const showComments = (comments: ChatComment[]) => {
    replace(list, comments.length === 0 ? h('li', { class: 'empty' }, t('chat.empty')) : comments.map((c) =>
      h('li', { class: 'chat-line' },
        h('time', { class: 'chat-time' }, timeSec(c.ts)),
        h('span', { class: 'chat-user' }, c.userId),
        h('span', { class: 'chat-text' }, c.text))));
    note.textContent = '';
  };
  const showFallback = () => {
    const texts = exampleTexts(flags);
    replace(list, texts.length === 0 ? h('li', { class: 'empty' }, t('chat.noExamples')) : texts.map((text) =>
      h('li', { class: 'chat-line' }, h('span', { class: 'chat-text' }, text))));
    note.textContent = t('chat.unavailable');
  };

  const load = async () => {
    if (disposed) return;
    if (inflight) {
      again = true;
      return;
    }
    inflight = true;
    lastRun = Date.now();
    try {
      if (available === false) showFallback();
      else {
        const { comments } = await api.chat(streamId, LIMIT);
        available = true;
        if (!disposed) showComments(comments);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        available = false;
        showFallback();
      } else note.textContent = t('chat.error');
    } finally {
      inflight = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer || disposed) return;
    const wait = Math.max(0, lastRun + MIN_INTERVAL - Date.now());
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, wait);
  };

  void load();
  return {
    el,
    refresh(next) {
      flags = next;
      schedule();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
