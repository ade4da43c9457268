// A small "live / reconnecting" indicator for pages fed by /live.
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import type { LiveState } from '../live-socket.ts';

export function liveStatus(): { el: HTMLElement; set(s: LiveState): void } {
  const el = h('span', { class: 'conn conn-connecting', 'data-testid': 'conn' }, t('conn.connecting'));
  return {
    el,
    set(s) {
      el.className = `conn conn-${s}`;
      el.textContent = t(s === 'open' ? 'conn.open' : s === 'connecting' ? 'conn.connecting' : 'conn.closed');
    },
  };
}
