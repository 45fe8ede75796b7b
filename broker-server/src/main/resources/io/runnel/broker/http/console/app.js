'use strict';
// The Runnel web console: one page, hash routes, the JSON API under /api/v1/, no framework and no build step.
(function () {
  const API = '/api/v1';
  const POLL_MS = 2000;
  const view = document.getElementById('view');
  let cleanup = []; // run when leaving a page: timers, event streams, charts

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  async function api(path, options) {
    const init = Object.assign({headers: {}}, options || {});
    if (init.body !== undefined && typeof init.body !== 'string') {
      init.body = JSON.stringify(init.body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let data;
    try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {error: text}; }
    if (!response.ok) {
      const error = new Error(data.error || response.status + ' ' + response.statusText);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function toast(message, isError) {
    const t = document.getElementById('toast');
    t.textContent = message;
    t.className = 'toast' + (isError ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.classList.add('hidden'), isError ? 8000 : 3000);
  }

  function every(ms, fn) {
    let stopped = false;
    const run = async () => {
      if (stopped) return;
      try { await fn(); } catch (e) { toast(e.message, true); }
      if (!stopped) timer = setTimeout(run, ms);
    };
    let timer = setTimeout(run, 0);
    cleanup.push(() => { stopped = true; clearTimeout(timer); });
  }

  function confirmDialog(text, expected) {
    return new Promise(resolve => {
      const dialog = document.getElementById('confirm-dialog');
      document.getElementById('confirm-text').textContent = text;
      const label = document.getElementById('confirm-type-label');
      const input = document.getElementById('confirm-input');
      const ok = document.getElementById('confirm-ok');
      input.value = '';
      label.classList.toggle('hidden', !expected);
      document.getElementById('confirm-expected').textContent = expected || '';
      ok.disabled = !!expected;
      input.oninput = () => { ok.disabled = input.value !== expected; };
      dialog.onclose = () => resolve(dialog.returnValue === 'ok');
      dialog.returnValue = '';
      dialog.showModal();
      (expected ? input : ok).focus();
    });
  }

  const num = n => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0; let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
  }
  function duration(ms) {
    if (ms === null || ms === undefined || ms < 0) return '–';
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
  }
  const time = ms => ms < 0 ? '–' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const rate = (v, unit) => (v === null ? '–' : (unit === 'B' ? bytes(v) : num(Math.round(v))) + '/s');

  // Rates from two successive readings of cumulative counters.
  function rates(previous, current, seconds) {
    if (!previous || seconds <= 0) return null;
    const out = {};
    for (const k of Object.keys(current)) out[k] = Math.max(0, (current[k] - previous[k]) / seconds);
    return out;
  }

  function table(id, headers, rows) {
    return el('div', {class: 'table-wrap'}, el('table', {id},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', {class: h.endsWith('#') ? 'num' : ''}, h.replace('#', ''))))),
      el('tbody', {}, rows)));
  }

  // ---------------------------------------------------------------- payload rendering

  function decodeBase64(b64) {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function render(b64, size, truncated, format) {
    if (b64 === null || b64 === undefined) return {text: 'null', json: false};
    const raw = decodeBase64(b64);
    let text;
    let json = false;
    if (format === 'hex') {
      text = Array.from(raw, b => b.toString(16).padStart(2, '0')).join(' ');
    } else {
      text = new TextDecoder('utf-8', {fatal: false}).decode(raw);
      if (format === 'json') {
        try { text = JSON.stringify(JSON.parse(text), null, 2); json = true; } catch (e) { /* not JSON: as text */ }
      }
    }
    if (truncated) text += ' … (' + num(size) + ' bytes, first ' + num(raw.length) + ' shown)';
    return {text, json};
  }

  function messageRow(m, format) {
    const key = render(m.key, m.keySize, m.keyTruncated, format);
    const value = render(m.value, m.valueSize, m.valueTruncated, format);
    const headers = el('td', {class: 'payload headers'}, m.headers.map(h =>
      el('span', {}, h.key + ': ' + render(h.value, h.valueSize, h.valueTruncated, format === 'hex' ? 'hex' : 'text').text)));
    return el('tr', {'data-offset': m.offset, 'data-partition': m.partition},
      el('td', {class: 'num'}, m.partition), el('td', {class: 'num'}, m.offset),
      el('td', {class: 'mono'}, time(m.timestamp)),
      el('td', {class: 'payload' + (key.json ? ' json' : '')}, key.text),
      el('td', {class: 'payload' + (value.json ? ' json' : '')}, value.text), headers);
  }

  const MESSAGE_HEADERS = ['Partition#', 'Offset#', 'Timestamp (UTC)', 'Key', 'Value', 'Headers'];

  // ---------------------------------------------------------------- overview

  async function overview() {
    const cards = el('div', {class: 'cards', id: 'overview-cards'});
    const recordsCanvas = el('canvas', {id: 'chart-records'});
    const bytesCanvas = el('canvas', {id: 'chart-bytes'});
    const recordsLegend = el('div', {class: 'legend'});
    const bytesLegend = el('div', {class: 'legend'});
    view.replaceChildren(el('h1', {}, 'Overview'), cards,
      el('div', {class: 'charts'},
        el('div', {class: 'chart'}, el('h3', {}, 'Records produced per second'), recordsCanvas, recordsLegend),
        el('div', {class: 'chart'}, el('h3', {}, 'Bytes per second'), bytesCanvas, bytesLegend)));
    const recordsChart = new LineChart(recordsCanvas, recordsLegend, {format: v => num(Math.round(v))});
    const bytesChart = new LineChart(bytesCanvas, bytesLegend, {format: v => bytes(v)});
    cleanup.push(() => { recordsChart.destroy(); bytesChart.destroy(); });
    let previous = null;
    every(POLL_MS, async () => {
      const b = await api('/broker');
      const card = (label, value) => el('div', {class: 'card'}, el('div', {class: 'label'}, label),
        el('div', {class: 'value'}, value));
      cards.replaceChildren(
        card('Version', b.version), card('Uptime', duration(b.uptimeMs)),
        card('Kafka listener', b.listeners.kafka), card('HTTP listener', b.listeners.http),
        card('Topics / partitions', num(b.topics) + ' / ' + num(b.partitions)),
        card('Consumer groups', num(b.groups)), card('Connections', num(b.connections)),
        card('Data on disk', bytes(b.disk.dataBytes)),
        card('Disk free', b.disk.freeBytes === null ? '–' : bytes(b.disk.freeBytes) + ' of ' + bytes(b.disk.totalBytes)),
        card('Cluster id', b.clusterId));
      const r = rates(previous && previous.traffic, b.traffic, previous ? (b.time - previous.time) / 1000 : 0);
      if (r) {
        recordsChart.push(b.time, {'produced': r.recordsIn});
        bytesChart.push(b.time, {'in': r.bytesIn, 'out': r.bytesOut});
      }
      previous = b;
    });
  }

  // ---------------------------------------------------------------- topics

  async function topics() {
    const name = el('input', {id: 'create-topic-name', placeholder: 'name', required: true, pattern: '[a-zA-Z0-9._\\-]+'});
    const partitions = el('input', {id: 'create-topic-partitions', type: 'number', min: 1, value: 1});
    const form = el('form', {class: 'toolbar', id: 'create-topic-form', onsubmit: async e => {
      e.preventDefault();
      try {
        await api('/topics', {method: 'POST', body: {name: name.value, partitions: Number(partitions.value)}});
        toast('Created topic ' + name.value);
        location.hash = '#/topics/' + encodeURIComponent(name.value);
      } catch (err) { toast(err.message, true); }
    }}, el('label', {}, 'New topic', name), el('label', {}, 'Partitions', partitions),
      el('button', {class: 'primary', id: 'create-topic-submit', type: 'submit'}, 'Create topic'));
    const holder = el('div', {});
    const showInternal = el('input', {type: 'checkbox', id: 'show-internal'});
    view.replaceChildren(el('h1', {}, 'Topics'), form,
      el('label', {class: 'checks muted'}, showInternal, ' show internal topics'), holder);
    let previous = null;
    every(POLL_MS, async () => {
      const data = await api('/topics');
      const before = new Map(previous ? previous.topics.map(t => [t.name, t]) : []);
      const seconds = previous ? (data.time - previous.time) / 1000 : 0;
      const rows = data.topics.filter(t => showInternal.checked || !t.internal).map(t => {
        const r = rates(before.has(t.name) ? before.get(t.name).traffic : null, t.traffic, seconds);
        return el('tr', {'data-topic': t.name},
          el('td', {}, el('a', {href: '#/topics/' + encodeURIComponent(t.name)}, t.name)),
          el('td', {class: 'num'}, num(t.partitions)), el('td', {class: 'num'}, num(t.records)),
          el('td', {class: 'num'}, bytes(t.sizeBytes)),
          el('td', {class: 'num'}, r ? rate(r.recordsIn) : '–'), el('td', {class: 'num'}, r ? rate(r.bytesIn, 'B') : '–'),
          el('td', {class: 'num'}, r ? rate(r.bytesOut, 'B') : '–'));
      });
      holder.replaceChildren(table('topics-table',
        ['Topic', 'Partitions#', 'Records#', 'Size#', 'In (records)#', 'In#', 'Out#'], rows));
      previous = data;
    });
  }

  async function topic(name) {
    const t = await api('/topics/' + encodeURIComponent(name));
    const tabs = el('div', {class: 'tabs'});
    const panels = {};
    const addTab = (id, label, panel) => {
      panels[id] = panel;
      tabs.append(el('button', {id: 'tab-' + id, type: 'button', onclick: () => select(id)}, label));
    };
    const select = id => {
      for (const [k, p] of Object.entries(panels)) p.classList.toggle('hidden', k !== id);
      for (const b of tabs.children) b.classList.toggle('active', b.id === 'tab-' + id);
    };
    const deleteButton = el('button', {class: 'danger', id: 'delete-topic', type: 'button', onclick: async () => {
      if (!await confirmDialog('Delete topic ' + name + ' and all its data? This cannot be undone.', name)) return;
      try {
        await api('/topics/' + encodeURIComponent(name), {method: 'DELETE'});
        toast('Deleted topic ' + name);
        location.hash = '#/topics';
      } catch (err) { toast(err.message, true); }
    }}, 'Delete topic');
    view.replaceChildren(el('h1', {}, name), el('div', {class: 'toolbar'},
      el('span', {class: 'muted mono'}, 'id ' + t.id), t.internal ? null : deleteButton), tabs);
    addTab('messages', 'Messages', messagesPanel(name, t.partitions.length));
    addTab('partitions', 'Partitions', el('div', {}, table('partitions-table',
      ['Partition#', 'Earliest offset#', 'Latest offset#', 'Records#', 'Size#', 'Segments#'],
      t.partitions.map(p => el('tr', {}, el('td', {class: 'num'}, p.partition), el('td', {class: 'num'}, num(p.earliest)),
        el('td', {class: 'num'}, num(p.latest)), el('td', {class: 'num'}, num(p.latest - p.earliest)),
        el('td', {class: 'num'}, bytes(p.sizeBytes)), el('td', {class: 'num'}, p.segments))))));
    addTab('configs', 'Configs', el('div', {}, table('configs-table', ['Name', 'Value', 'Source'],
      t.configs.map(c => el('tr', {}, el('td', {class: 'mono'}, c.name), el('td', {class: 'mono'}, c.value),
        el('td', {class: c.override ? '' : 'muted'}, c.override ? 'topic override' : 'broker default'))))));
    for (const p of Object.values(panels)) view.append(p);
    select('messages');
  }

  function messagesPanel(topicName, partitionCount) {
    const path = '/topics/' + encodeURIComponent(topicName);
    const partition = el('select', {id: 'browse-partition'}, el('option', {value: 'all'}, 'all'),
      Array.from({length: partitionCount}, (_, i) => el('option', {value: i}, String(i))));
    const from = el('select', {id: 'browse-from'}, ['newest', 'oldest', 'offset', 'timestamp'].map(f => el('option', {value: f}, f)));
    const offset = el('input', {id: 'browse-offset', type: 'number', min: 0, placeholder: 'offset', class: 'hidden'});
    const when = el('input', {id: 'browse-timestamp', type: 'datetime-local', step: 1, class: 'hidden'});
    const limit = el('input', {id: 'browse-limit', type: 'number', min: 1, max: 1000, value: 50});
    const format = el('select', {id: 'browse-format'}, ['text', 'json', 'hex'].map(f => el('option', {value: f}, f)));
    from.addEventListener('change', () => {
      offset.classList.toggle('hidden', from.value !== 'offset');
      when.classList.toggle('hidden', from.value !== 'timestamp');
    });
    const query = el('input', {id: 'search-q', placeholder: 'substring to find'});
    const inKey = el('input', {type: 'checkbox', id: 'search-in-key', checked: true});
    const inValue = el('input', {type: 'checkbox', id: 'search-in-value', checked: true});
    const inHeaders = el('input', {type: 'checkbox', id: 'search-in-headers', checked: true});
    const maxMb = el('input', {id: 'search-max-mb', type: 'number', min: 1, max: 256, value: 64});
    const stats = el('div', {class: 'stats', id: 'scan-stats'});
    const tbody = el('tbody', {});
    const results = el('div', {class: 'table-wrap'}, el('table', {id: 'messages-table'},
      el('thead', {}, el('tr', {}, MESSAGE_HEADERS.map(h => el('th', {class: h.endsWith('#') ? 'num' : ''}, h.replace('#', ''))))), tbody));
    let shown = [];
    const draw = () => tbody.replaceChildren(...shown.map(m => messageRow(m, format.value)));
    format.addEventListener('change', draw);

    const params = () => {
      const p = new URLSearchParams({partition: partition.value, from: from.value, limit: limit.value});
      if (from.value === 'offset') p.set('offset', offset.value || '0');
      if (from.value === 'timestamp') p.set('timestamp', String(when.value ? new Date(when.value).getTime() : 0));
      return p;
    };
    const describeScan = (s, what) => {
      stats.textContent = what + ': read ' + bytes(s.bytes) + ' of a ' + bytes(s.budgetBytes) + ' budget, ' + num(s.records)
        + ' records in ' + num(s.elapsedMs) + ' ms of ' + num(s.budgetMs) + ' ms; stopped: '
        + ({END: 'reached the end', LIMIT: 'limit reached', BYTES: 'byte budget used up', TIME: 'time budget used up'}[s.stopped] || s.stopped)
        + '. Next offsets: ' + s.partitions.map(p => p.partition + '→' + p.next).join(', ');
    };
    const load = async () => {
      stopTail();
      try {
        const data = await api(path + '/messages?' + params());
        shown = data.messages;
        draw();
        describeScan(data.scan, 'Browse');
        if (data.undecodable.length) stats.textContent += ' · ' + data.undecodable.length + ' batch(es) not shown: ' + data.undecodable[0].why;
      } catch (err) { toast(err.message, true); }
    };
    const search = async () => {
      stopTail();
      if (!query.value) { toast('Enter something to search for', true); return; }
      const p = params();
      if (p.get('from') === 'newest') p.set('from', 'oldest');
      p.set('q', query.value);
      p.set('in', [inKey.checked && 'key', inValue.checked && 'value', inHeaders.checked && 'headers'].filter(Boolean).join(','));
      p.set('maxBytes', String(Number(maxMb.value) * 1024 * 1024));
      try {
        const data = await api(path + '/search?' + p);
        shown = data.messages;
        draw();
        describeScan(data.scan, 'Search for "' + data.query + '" found ' + data.messages.length);
      } catch (err) { toast(err.message, true); }
    };

    let source = null;
    const tailButton = el('button', {id: 'tail-toggle', type: 'button'}, 'Live tail');
    function stopTail() {
      if (source) { source.close(); source = null; }
      tailButton.textContent = 'Live tail';
      tailButton.classList.remove('live');
    }
    tailButton.addEventListener('click', () => {
      if (source) { stopTail(); stats.textContent = 'Live tail stopped.'; return; }
      shown = [];
      draw();
      source = new EventSource(API + path + '/tail?partition=' + encodeURIComponent(partition.value));
      tailButton.textContent = 'Stop tail';
      tailButton.classList.add('live');
      stats.textContent = 'Live tail: waiting for new records…';
      let count = 0;
      source.onmessage = e => {
        const m = JSON.parse(e.data);
        count++;
        shown.unshift(m);
        if (shown.length > 500) shown.length = 500;
        tbody.prepend(messageRow(m, format.value));
        while (tbody.children.length > 500) tbody.lastChild.remove();
        stats.textContent = 'Live tail: ' + num(count) + ' records received (newest first, last 500 kept).';
      };
      source.addEventListener('end', () => { stopTail(); stats.textContent = 'Live tail ended: topic deleted.'; });
      source.onerror = () => { if (source && source.readyState === EventSource.CLOSED) stopTail(); };
    });
    cleanup.push(stopTail);

    const panel = el('div', {id: 'messages-panel'},
      el('div', {class: 'toolbar'}, el('label', {}, 'Partition', partition), el('label', {}, 'From', from), offset, when,
        el('label', {}, 'Limit', limit), el('label', {}, 'Show as', format),
        el('button', {class: 'primary', id: 'browse-load', type: 'button', onclick: load}, 'Load'), tailButton),
      el('form', {class: 'toolbar', onsubmit: e => { e.preventDefault(); search(); }},
        el('label', {}, 'Search', query),
        el('span', {class: 'checks'}, el('label', {class: 'checks'}, inKey, 'key'), el('label', {class: 'checks'}, inValue, 'value'),
          el('label', {class: 'checks'}, inHeaders, 'headers')),
        el('label', {}, 'Budget (MiB)', maxMb),
        el('button', {id: 'search-submit', type: 'submit'}, 'Search')),
      stats, results);
    setTimeout(load, 0);
    return panel;
  }

  // ---------------------------------------------------------------- groups

  async function groups() {
    const holder = el('div', {});
    view.replaceChildren(el('h1', {}, 'Consumer groups'), holder);
    every(POLL_MS, async () => {
      const data = await api('/groups');
      const rows = data.groups.map(g => el('tr', {'data-group': g.groupId},
        el('td', {}, el('a', {href: '#/groups/' + encodeURIComponent(g.groupId)}, g.groupId)),
        el('td', {}, g.type), el('td', {}, el('span', {class: 'badge ' + g.state}, g.state)), el('td', {}, g.protocol || '–'),
        el('td', {class: 'num'}, num(g.members)), el('td', {class: 'num lag'}, num(g.lag))));
      holder.replaceChildren(rows.length ? table('groups-table', ['Group', 'Type', 'State', 'Protocol', 'Members#', 'Lag (records)#'], rows)
        : el('p', {class: 'muted'}, 'No consumer groups yet.'));
    });
  }

  async function group(id) {
    const path = '/groups/' + encodeURIComponent(id);
    const head = el('div', {class: 'cards', id: 'group-cards'});
    const members = el('div', {});
    const offsets = el('div', {});
    const canvas = el('canvas', {id: 'chart-lag'});
    const legend = el('div', {class: 'legend'});
    const chart = new LineChart(canvas, legend, {format: v => num(Math.round(v))});
    cleanup.push(() => chart.destroy());
    const resetPanel = el('div', {});
    view.replaceChildren(el('h1', {}, id), head,
      el('div', {class: 'chart'}, el('h3', {}, 'Lag per partition (records), since this page opened'), canvas, legend),
      el('h2', {}, 'Partitions'), offsets, el('h2', {}, 'Members'), members, el('h2', {}, 'Reset offsets'), resetPanel);
    let latest = null;
    every(POLL_MS, async () => {
      const g = await api(path);
      latest = g;
      const card = (label, value, cardId) => el('div', {class: 'card'}, el('div', {class: 'label'}, label),
        el('div', {class: 'value', id: cardId}, value));
      head.replaceChildren(card('State', g.state, 'group-state'), card('Type', g.type), card('Protocol', g.protocol || '–'),
        card('Members', num(g.members.length)), card('Total lag', num(g.lag), 'group-lag-total'));
      const point = {};
      for (const o of g.offsets) point[o.topic + '-' + o.partition] = o.lag;
      chart.push(g.time, point);
      offsets.replaceChildren(table('offsets-table',
        ['Topic', 'Partition#', 'Committed#', 'Log end#', 'Lag#', 'Oldest unconsumed', 'Owner'],
        g.offsets.map(o => el('tr', {'data-partition': o.topic + '-' + o.partition},
          el('td', {}, el('a', {href: '#/topics/' + encodeURIComponent(o.topic)}, o.topic)), el('td', {class: 'num'}, o.partition),
          el('td', {class: 'num'}, o.committed < 0 ? '–' : num(o.committed)), el('td', {class: 'num'}, num(o.logEnd)),
          el('td', {class: 'num lag'}, num(o.lag)), el('td', {class: 'num'}, o.lag === 0 ? '–' : duration(o.lagMs)),
          el('td', {class: 'mono'}, o.owner || '–')))));
      members.replaceChildren(g.members.length ? table('members-table', ['Member', 'Client id', 'Host', 'Partitions'],
        g.members.map(m => el('tr', {}, el('td', {class: 'mono'}, m.memberId), el('td', {}, m.clientId), el('td', {}, m.clientHost),
          el('td', {}, m.partitions.map(p => p.topic + '-' + p.partition).join(', ') || '–'))))
        : el('p', {class: 'muted'}, 'No members: the group is empty.'));
      resetButton.disabled = !lastPreview || !g.empty;
      resetHint.textContent = g.empty ? '' : 'The group has members: stop its consumers to reset its offsets.';
    });

    const topicSelect = el('select', {id: 'reset-topic'});
    const to = el('select', {id: 'reset-to'}, ['earliest', 'latest', 'offset', 'timestamp', 'shift'].map(v => el('option', {value: v}, v)));
    const value = el('input', {id: 'reset-value', type: 'number', value: 0});
    const result = el('div', {id: 'reset-result'});
    const resetHint = el('div', {class: 'stats', id: 'reset-hint'});
    let lastPreview = null;
    const body = dryRun => ({topic: topicSelect.value, to: to.value, value: Number(value.value), dryRun});
    const showResult = (data, executed) => {
      result.replaceChildren(el('p', {class: 'stats'}, executed ? 'Offsets reset.' : 'Dry run: nothing changed yet.'),
        table('reset-table', ['Topic', 'Partition#', 'Current#', 'Target#', 'Error'],
          data.partitions.map(p => el('tr', {}, el('td', {}, p.topic), el('td', {class: 'num'}, p.partition),
            el('td', {class: 'num'}, p.current < 0 ? '–' : num(p.current)), el('td', {class: 'num'}, num(p.target)),
            el('td', {}, p.error || '')))));
    };
    const preview = el('button', {id: 'reset-preview', type: 'button', onclick: async () => {
      try {
        lastPreview = await api(path + '/offsets/reset', {method: 'POST', body: body(true)});
        showResult(lastPreview, false);
        resetButton.disabled = !(latest && latest.empty);
      } catch (err) { toast(err.message, true); }
    }}, 'Preview (dry run)');
    const resetButton = el('button', {id: 'reset-execute', class: 'danger', type: 'button', disabled: true, onclick: async () => {
      if (!await confirmDialog('Reset the offsets of group ' + id + ' on ' + topicSelect.value + ' as previewed?')) return;
      try {
        const data = await api(path + '/offsets/reset', {method: 'POST', body: body(false)});
        showResult(data, true);
        toast('Offsets of ' + id + ' reset');
        lastPreview = null;
        resetButton.disabled = true;
      } catch (err) { toast(err.message, true); }
    }}, 'Reset offsets');
    for (const input of [topicSelect, to, value]) input.addEventListener('change', () => { lastPreview = null; resetButton.disabled = true; });
    resetPanel.append(el('div', {class: 'toolbar'}, el('label', {}, 'Topic', topicSelect), el('label', {}, 'To', to),
      el('label', {}, 'Offset, timestamp (ms) or shift', value), preview, resetButton), resetHint, result);
    const topicsData = await api('/topics');
    const first = await api(path);
    const committedTopics = new Set(first.offsets.map(o => o.topic));
    for (const t of topicsData.topics.filter(t => !t.internal)) {
      topicSelect.append(el('option', {value: t.name, selected: committedTopics.has(t.name)}, t.name));
    }
  }

  // ---------------------------------------------------------------- routing

  async function route() {
    for (const c of cleanup) c();
    cleanup = [];
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    const section = parts[0] || 'overview';
    for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === section);
    try {
      if (section === 'topics' && parts[1]) await topic(parts.slice(1).join('/'));
      else if (section === 'topics') await topics();
      else if (section === 'groups' && parts[1]) await group(parts.slice(1).join('/'));
      else if (section === 'groups') await groups();
      else await overview();
    } catch (err) {
      view.replaceChildren(el('h1', {}, 'Cannot show this page'), el('p', {id: 'page-error'}, err.message));
    }
  }

  window.addEventListener('hashchange', route);
  api('/broker').then(b => {
    document.getElementById('broker-id').textContent = 'broker ' + b.nodeId + ' · ' + b.version;
  }).catch(() => {});
  route();
})();
