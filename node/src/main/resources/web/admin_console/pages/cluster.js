import {get} from '../api.js';
import {fill, h, table} from '../dom.js';
import {poll} from '../poll.js';

/**
 * Cluster: the Pekko view from GET /cluster/members (a Chorus addition): members, where each
 * singleton runs and where the sharded entities live, as the node serving this page sees them.
 */
export function render(main, ctx) {
  const body = h('div', {class: 'cluster-body'});
  const updated = h('span', {class: 'updated'});
  fill(main,
    h('h2', {}, 'Cluster'),
    h('p', {class: 'hint'}, 'The Pekko cluster as the node serving this page sees it: membership is gossiped, so ',
      'nodes may disagree for a moment while one joins or leaves.'),
    h('div', {class: 'toolbar'}, updated),
    body);

  function show(view) {
    const flags = m => [m.self ? 'this node' : null, m.leader ? 'leader' : null, m.oldest ? 'oldest' : null].filter(Boolean).join(', ');
    const memberClass = m => !m.reachable ? 'down' : m.status === 'up' ? 'ok' : 'warn';
    fill(body,
      view.clustering_enabled ? null
        : h('div', {class: 'banner info'}, 'Clustering is off (ClusterSettings.Enable is false): this node is a cluster of one.'),
      h('section', {},
        h('h3', {}, 'Members'),
        table('members', ['Status', 'Address', 'Reachable', 'Roles', 'Data center', 'Up number', ''],
          view.members.map(m => h('tr', {class: 'row-' + memberClass(m), dataset: {address: m.address, status: m.status}},
            h('td', {}, h('span', {class: 'dot ' + memberClass(m)}), ' ', m.status),
            h('td', {class: 'mono'}, m.address),
            h('td', {}, m.reachable ? 'yes' : 'UNREACHABLE'),
            h('td', {}, m.roles.length ? m.roles.join(', ') : '-'),
            h('td', {}, m.data_center),
            h('td', {class: 'num'}, String(m.up_number)),
            h('td', {}, flags(m)))))),
      h('section', {},
        h('h3', {}, 'Singletons'),
        h('p', {class: 'hint'}, 'A singleton runs on the oldest Up member that has its role.'),
        table('singletons', ['Singleton', 'Role', 'Runs on'],
          view.singletons.map(s => h('tr', {dataset: {singleton: s.name}},
            h('td', {}, s.name), h('td', {}, s.role || 'any'),
            h('td', {class: 'mono'}, s.address || 'nowhere: no Up member has the role'))))),
      view.sharding.map(type => h('section', {},
        h('h3', {}, 'Shards of ', type.entity_type),
        table('shards', ['Node', 'Shards', 'Entities', 'Shard ids (entities)'],
          type.regions.map(r => h('tr', {},
            h('td', {class: 'mono'}, r.address),
            h('td', {class: 'num'}, String(r.shards)),
            h('td', {class: 'num'}, String(r.entities)),
            h('td', {class: 'mono small'}, r.shard_list.map(s => s.id + ' (' + s.entities + ')').join(', '))))),
        type.failed.length ? h('div', {class: 'banner warn'}, 'Did not answer: ', type.failed.join('; ')) : null)));
  }

  return poll({
    load: () => get('/cluster/members'),
    show,
    fail: e => fill(body, h('div', {class: 'banner error'}, 'Cluster state failed: ', e.message)),
    updated,
    refreshMs: ctx.refreshMs,
  }).stop;
}
