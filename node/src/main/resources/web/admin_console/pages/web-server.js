import {api} from '../api.js';
import {fill, h} from '../dom.js';

/** Environment > Web Server: "Reload Configuration from Disk" (POST /config/reload). */
export function render(main) {
  const result = h('div', {class: 'result', id: 'reload-result', role: 'status'});
  const button = h('button', {class: 'btn primary', id: 'reload-config', onclick: reload}, 'Reload Configuration from Disk');
  fill(main,
    h('h2', {}, 'Web Server'),
    h('section', {class: 'card'},
      h('h3', {}, 'Reload Configuration from Disk'),
      h('p', {class: 'hint'}, 'Re-reads config.json and the MM_* environment on this node and applies what can change ',
        'without a restart; every other node then re-reads its own configuration too.'),
      button, result));

  async function reload() {
    button.disabled = true;
    fill(result, 'Reloading…');
    result.className = 'result pending';
    try {
      await api('POST', '/config/reload', {});
      result.className = 'result success';
      fill(result, 'Configuration reloaded from disk at ' + new Date().toLocaleTimeString() + '.');
    } catch (e) {
      result.className = 'result failure';
      fill(result, 'Reload failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }
  return () => {};
}
