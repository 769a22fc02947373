import {get, post} from '../api.js';
import {fill, h, table, time} from '../dom.js';
import {poll} from '../poll.js';

const TYPES = [['data_retention', 'Data retention'], ['message_export', 'Compliance export'], ['ldap_sync', 'LDAP sync']];
const DONE = new Set(['success', 'error', 'canceled', 'warning']);

/**
 * Jobs: the jobs the cluster leader scheduled or an admin asked for (GET /jobs), newest first,
 * refreshed; "Run now" per type (POST /jobs, picked up by the next node with RunJobs) and
 * "Cancel" for a job that has not finished (POST /jobs/{id}/cancel).
 */
export function render(main, ctx) {
  const result = h('div', {class: 'result', id: 'jobs-result', role: 'status'});
  const list = h('div', {class: 'jobs'});
  const updated = h('span', {class: 'updated'});
  fill(main,
    h('h2', {}, 'Jobs'),
    h('section', {class: 'card'},
      h('h3', {}, 'Run now'),
      h('p', {class: 'hint'}, 'Queues a job for the next node that runs jobs; the scheduler on the cluster leader also ',
        'queues them on their own schedules.'),
      h('div', {class: 'toolbar'}, TYPES.map(([type, title]) =>
        h('button', {class: 'btn', dataset: {jobType: type}, onclick: () => run(type, title)}, title))),
      result),
    h('div', {class: 'toolbar'}, updated),
    list);


  function show(jobs) {
    if (jobs.length === 0) return fill(list, h('p', {class: 'hint'}, 'No jobs yet.'));
    fill(list, table('jobs-table', ['Type', 'Status', 'Progress', 'Created', 'Started', 'Last activity', 'Id', ''],
      jobs.map(job => h('tr', {class: job.status === 'error' ? 'row-down' : '', dataset: {jobId: job.id, status: job.status}},
        h('td', {}, job.type),
        h('td', {class: 'job-status'}, job.status),
        h('td', {class: 'num'}, job.progress + ' %'),
        h('td', {}, time(job.create_at)),
        h('td', {}, time(job.start_at)),
        h('td', {}, time(job.last_activity_at)),
        h('td', {class: 'mono'}, job.id),
        h('td', {}, DONE.has(job.status) ? '' : h('button', {class: 'btn', onclick: () => cancel(job)}, 'Cancel'))))));
  }

  async function run(type, title) {
    result.className = 'result pending';
    fill(result, 'Queuing ' + title + '…');
    try {
      const job = await post('/jobs', {type});
      result.className = 'result success';
      fill(result, title + ' queued as job ' + job.id + '.');
      polling.refresh();
    } catch (e) {
      result.className = 'result failure';
      fill(result, title + ' failed: ' + e.message);
    }
  }

  async function cancel(job) {
    try {
      await post('/jobs/' + encodeURIComponent(job.id) + '/cancel');
      result.className = 'result success';
      fill(result, 'Cancel asked for job ' + job.id + '.');
      polling.refresh();
    } catch (e) {
      result.className = 'result failure';
      fill(result, 'Cancel failed: ' + e.message);
    }
  }

  const polling = poll({
    load: () => get('/jobs?page=0&per_page=50'),
    show,
    fail: e => fill(list, h('div', {class: 'banner error'}, 'Jobs failed: ', e.message)),
    updated,
    refreshMs: ctx.refreshMs,
  });
  return polling.stop;
}
