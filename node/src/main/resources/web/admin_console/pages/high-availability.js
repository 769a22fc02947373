import {get} from '../api.js';
import {fill, h, table} from '../dom.js';
import {poll} from '../poll.js';
import {haView} from '../ha-rules.js';

/**
 * Environment > High Availability: GET /cluster/status every refresh interval, one row per node
 * with Mattermost's columns and colours; nodes that stop answering stay listed, red.
 */
export function render(main, ctx) {
  const seen = new Map();
  const banners = h('div', {class: 'banners'});
  const body = h('div', {class: 'ha-body'});
  const updated = h('span', {class: 'updated', id: 'ha-updated'});
  const reloadButton = h('button', {class: 'btn', onclick: () => polling.refresh()}, 'Reload Cluster Status');
  fill(main,
    h('h2', {}, 'High Availability'),
    h('p', {class: 'hint'}, 'Every node of the cluster as the node serving this page lists it; refreshed every ',
      (ctx.refreshMs / 1000).toString(), ' s.'),
    h('div', {class: 'toolbar'}, reloadButton, updated),
    banners, body);


  function show(live) {
    if (live.length === 0) {
      fill(banners);
      fill(body, h('div', {class: 'banner info', id: 'ha-clustering-off'},
        'Clustering is off (ClusterSettings.Enable is false): this node runs alone, and cluster status lists no nodes.'));
      return;
    }
    const view = haView(live, seen, Date.now());
    const notes = [];
    if (view.versionMismatch) {
      notes.push(h('div', {class: 'banner warn', id: 'ha-version-mismatch'},
        'WARNING: Multiple versions of Chorus have been detected in your HA cluster. Unless you are upgrading, ',
        'every node should run the same version.'));
    }
    if (view.configMismatch) {
      notes.push(h('div', {class: 'banner warn', id: 'ha-config-mismatch'},
        'WARNING: The configuration differs between nodes (Config File MD5). Cluster settings are left out of the hash, ',
        'so the difference is elsewhere: make every node read the same config.json.'));
    }
    if (view.down > 0) {
      notes.push(h('div', {class: 'banner error', id: 'ha-node-down'},
        view.down === 1 ? 'One node has stopped answering.' : view.down + ' nodes have stopped answering.'));
    }
    fill(banners, notes);
    fill(body, h('p', {class: 'hint', id: 'ha-clustering-on'}, 'Clustering is on: ', String(live.length),
      live.length === 1 ? ' node answering.' : ' nodes answering.'),
    table('ha-table', ['Status', 'Hostname', 'Version', 'Config File MD5', 'Gossip Address'],
      view.rows.map(row => h('tr', {class: 'node-row row-' + row.status, title: 'Node ' + row.id, dataset: {nodeId: row.id, status: row.status}},
        h('td', {class: 'status-cell'}, h('span', {class: 'dot ' + row.status}), ' ', row.statusText,
          row.since ? h('span', {class: 'since'}, ' (last seen ' + new Date(row.since).toLocaleTimeString() + ')') : null),
        h('td', {}, row.hostname),
        h('td', {class: row.versionWarn ? 'cell-warn' : ''}, h('span', {class: 'dot ' + (row.versionWarn ? 'warn' : row.status === 'down' ? 'none' : 'ok')}), ' ', row.version),
        h('td', {class: 'mono ' + (row.configWarn ? 'cell-warn' : '')}, h('span', {class: 'dot ' + (row.configWarn ? 'warn' : row.status === 'down' ? 'none' : 'ok')}), ' ', row.configHash),
        h('td', {class: 'mono'}, row.address)))));
  }

  const polling = poll({
    load: () => get('/cluster/status'),
    show,
    // The time moves on a failure too: it says when the page last asked, whatever the answer.
    fail: e => {
      fill(banners, h('div', {class: 'banner error', id: 'ha-error'}, 'Cluster status failed: ', e.message));
      updated.textContent = 'Last updated ' + new Date().toLocaleTimeString();
    },
    updated,
    refreshMs: ctx.refreshMs,
  });
  return polling.stop;
}
