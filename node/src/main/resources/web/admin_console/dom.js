/** The console's widgets on top of the shared DOM helpers. */
import { h } from '../common/dom.js';

export { h, fill } from '../common/dom.js';

/** A table with a header row; rows are arrays of cells (a cell is text, a node, or {class, content}). */
export function table(className, headers, rows) {
  return h('table', {class: 'grid ' + (className || '')},
    h('thead', {}, h('tr', {}, headers.map(header => h('th', {}, header)))),
    h('tbody', {}, rows));
}

export function time(ms) {
  return ms > 0 ? new Date(ms).toLocaleString() : 'never';
}
