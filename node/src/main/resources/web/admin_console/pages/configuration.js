import {api, get} from '../api.js';
import {fill, h} from '../dom.js';

/** The settings the console can edit; every other one is shown, read-only, in the full listing. */
const EDITABLE = [
  ['ServiceSettings', 'SiteURL', 'text', 'Site URL'],
  ['TeamSettings', 'SiteName', 'text', 'Site name'],
  ['TeamSettings', 'MaxUsersPerTeam', 'number', 'Max users per team'],
  ['TeamSettings', 'MaxChannelsPerTeam', 'number', 'Max channels per team'],
  ['TeamSettings', 'EnableOpenServer', 'checkbox', 'Enable open server (anyone may sign up)'],
  ['LogSettings', 'ConsoleLevel', 'text', 'Console log level'],
];

/**
 * Configuration: GET /config (secrets masked by the server) and a few common settings saved
 * with PUT /config/patch, which every node then applies. When ClusterSettings.ReadOnlyConfig
 * is on (with clustering) the console edits nothing, as the server would refuse it with 403.
 */
export function render(main, ctx) {
  const form = h('form', {class: 'card settings', id: 'config-form'});
  const result = h('div', {class: 'result', id: 'config-result', role: 'status'});
  const full = h('pre', {class: 'config-json', id: 'config-json'});
  fill(main, h('h2', {}, 'Configuration'), form, result, h('h3', {}, 'config.json as this node reads it (secrets masked)'), full);

  async function load() {
    try {
      const config = await get('/config');
      show(config);
    } catch (e) {
      fill(result, 'Reading the configuration failed: ' + e.message);
      result.className = 'result failure';
    }
  }

  function show(config) {
    const readOnly = ctx.readOnly(config);
    full.textContent = JSON.stringify(config, null, 2);
    const inputs = EDITABLE.map(([section, key, type, label]) => {
      const value = (config[section] || {})[key];
      const input = h('input', {type, id: 'cfg-' + section + '-' + key, name: section + '.' + key, disabled: readOnly});
      if (type === 'checkbox') input.checked = Boolean(value);
      else input.value = value === undefined || value === null ? '' : String(value);
      return {section, key, type, input, row: h('label', {class: 'field'}, h('span', {}, label, h('small', {class: 'mono'}, ' ' + section + '.' + key)), input)};
    });
    const save = h('button', {class: 'btn primary', type: 'submit', id: 'config-save', disabled: readOnly}, 'Save');
    fill(form,
      readOnly ? h('div', {class: 'banner warn'}, 'Read-only: ClusterSettings.ReadOnlyConfig is on. Change config.json on every node and use Reload Configuration from Disk.') : null,
      inputs.map(i => i.row), h('div', {class: 'toolbar'}, save));
    form.onsubmit = async event => {
      event.preventDefault();
      if (readOnly) return;
      const patch = {};
      for (const {section, key, type, input} of inputs) {
        const value = type === 'checkbox' ? input.checked : type === 'number' ? Number(input.value) : input.value;
        if (value !== (config[section] || {})[key]) (patch[section] = patch[section] || {})[key] = value;
      }
      if (Object.keys(patch).length === 0) {
        result.className = 'result';
        fill(result, 'Nothing changed.');
        return;
      }
      save.disabled = true;
      try {
        const saved = await api('PUT', '/config/patch', patch);
        const restart = saved.headers.get('X-Chorus-Restart-Required');
        result.className = 'result success';
        fill(result, 'Saved and sent to every node.' + (restart ? ' These take effect after a restart: ' + restart + '.' : ''));
        show(saved.body);
      } catch (e) {
        result.className = 'result failure';
        fill(result, 'Not saved: ' + e.message);
        save.disabled = false;
      }
    };
  }

  load();
  return () => {};
}
