/**
 * Keeps a page's view fresh until the page is left: {@code load()} fetches, {@code show(value)}
 * draws it (and {@code updated}, when given, says when), {@code fail(error)} draws a failed load;
 * the next load comes {@code refreshMs} later either way. A load that ends after the page was
 * left draws nothing.
 *
 * @returns {{refresh: function(): void, stop: function(): void}} refresh() loads again at once (after
 *     an action changed what the page shows); stop() ends the polling, for the page's cleanup
 */
export function poll({load, show, fail, updated, refreshMs}) {
  let stopped = false;
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    try {
      const value = await load();
      if (stopped) return;
      show(value);
      if (updated) updated.textContent = 'Last updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (stopped) return;
      fail(e);
    }
    if (!stopped) timer = setTimeout(refresh, refreshMs);
  }

  refresh();
  return {
    refresh,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
