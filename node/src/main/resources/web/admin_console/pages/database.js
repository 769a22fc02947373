import {get, post} from '../api.js';
import {fill, h, table, time} from '../dom.js';
import {poll} from '../poll.js';

const ROLES = [['PRIMARY', 'Primary'], ['REPLICA', 'Read replicas'], ['SEARCH_REPLICA', 'Search replicas']];

/**
 * Environment > Database: "Recycle Database Connections" (POST /database/recycle) and every
 * data source's status from GET /database/status, refreshed. The pool generation counts
 * recycles and reloads that opened new pools, so a recycle is seen working when it goes up.
 */
export function render(main, ctx) {
  const result = h('div', {class: 'result', id: 'recycle-result', role: 'status'});
  const button = h('button', {class: 'btn primary', id: 'recycle-db', onclick: recycle}, 'Recycle Database Connections');
  const status = h('div', {class: 'db-status'});
  const updated = h('span', {class: 'updated'});
  fill(main,
    h('h2', {}, 'Database'),
    h('section', {class: 'card'},
      h('h3', {}, 'Recycle Database Connections'),
      h('p', {class: 'hint'}, 'Opens fresh connection pools to the same servers on this node; requests running on the ',
        'old pools finish first. Use it after a database failover.'),
      button, result),
    h('div', {class: 'toolbar'}, updated),
    status);

  let generation = null;

  function show(s) {
    const sections = ROLES.map(([role, title]) => {
      const sources = s.sources.filter(src => src.role === role);
      if (sources.length === 0) return role === 'PRIMARY' ? null : h('section', {}, h('h3', {}, title), h('p', {class: 'hint'}, 'None configured.'));
      return h('section', {},
        h('h3', {}, title),
        table('sources', ['Source', 'Health', 'Lag', 'Pool (active / idle / waiting / open)', 'Queries', 'Errors', 'Last error', 'URL'],
          sources.map(src => h('tr', {class: src.healthy ? '' : 'row-down', dataset: {source: src.name}},
            h('td', {}, src.name),
            h('td', {}, h('span', {class: 'dot ' + (src.healthy ? 'ok' : 'down')}), src.healthy ? ' In rotation' : ' Out of rotation'),
            h('td', {}, src.lag_millis < 0 ? 'unknown' : src.role === 'PRIMARY' ? '-' : src.lag_millis + ' ms'),
            h('td', {class: 'num'}, `${src.active} / ${src.idle} / ${src.waiting} / ${src.total}`),
            h('td', {class: 'num'}, String(src.queries)),
            h('td', {class: 'num'}, String(src.errors)),
            h('td', {}, src.last_error || ''),
            h('td', {class: 'mono'}, src.url)))));
    });
    const tables = s.tables_error
      ? h('div', {class: 'banner error'}, 'Table statistics unavailable: ', s.tables_error)
      : table('vacuum', ['Table', 'Live rows', 'Dead rows', 'Dead ratio', 'Last autovacuum', 'Last autoanalyze', 'Vacuum'],
        s.tables.map(t => h('tr', {class: t.needs_vacuum ? 'row-warn' : ''},
          h('td', {}, t.table), h('td', {class: 'num'}, String(t.live_tuples)), h('td', {class: 'num'}, String(t.dead_tuples)),
          h('td', {class: 'num'}, t.dead_ratio.toFixed(2)), h('td', {}, time(t.last_autovacuum)), h('td', {}, time(t.last_autoanalyze)),
          h('td', {}, t.needs_vacuum ? 'Needs tuning' : 'OK'))));
    fill(status,
      h('p', {class: 'hint'}, 'Pool generation ', h('strong', {id: 'db-generation'}, String(s.generation)),
        ' (goes up on every recycle or reload that opens new pools).'),
      sections,
      h('section', {}, h('h3', {}, 'Tables (autovacuum health on the primary)'), tables));
  }

  async function recycle() {
    button.disabled = true;
    result.className = 'result pending';
    fill(result, 'Recycling…');
    const before = generation;
    try {
      await post('/database/recycle');
      const after = (await get('/database/status')).generation;
      result.className = 'result success';
      fill(result, 'Database connections recycled at ' + new Date().toLocaleTimeString() +
        (before === null ? '.' : ': pool generation ' + before + ' → ' + after + '.'));
      polling.refresh();
    } catch (e) {
      result.className = 'result failure';
      fill(result, 'Recycle failed: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  const polling = poll({
    load: () => get('/database/status'),
    show: s => {
      generation = s.generation;
      show(s);
    },
    fail: e => fill(status, h('div', {class: 'banner error'}, 'Database status failed: ', e.message)),
    updated,
    refreshMs: ctx.refreshMs,
  });
  return polling.stop;
}
