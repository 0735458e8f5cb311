// Cairn's dashboard: reads GET /api/dashboard of the node that served the page (same origin only)
// every two seconds and draws the cluster's health, charts, ring, operations, tables and warnings
// with plain DOM and inline SVG. Text from the cluster is only ever set as text, never as markup.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const POLL_MILLIS = 2000;
  const WINDOW_MILLIS = 15 * 60 * 1000;
  // The first view asks for the whole 15 minutes; later ones only for the newest seconds.
  const FULL_SAMPLES = 900;
  const NEW_SAMPLES = 15;
  const COLORS = ['#3b6fe0', '#16a34a', '#d97706', '#9333ea', '#db2777', '#0d9488', '#dc2626', '#65a30d',
    '#0284c7', '#c2410c'];

  // Per node (host id): its samples by second, [timeMillis, ops, p50, p99, errors].
  const seriesByNode = new Map();
  const colorByNode = new Map();
  let lastSuccessMillis = 0;
  let updates = 0;

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function formatCount(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '–';
    if (value >= 1e6) return (value / 1e6).toFixed(1) + 'M';
    if (value >= 1e4) return (value / 1e3).toFixed(1) + 'k';
    if (value >= 100) return Math.round(value).toLocaleString('en-US');
    if (value >= 10) return value.toFixed(1);
    return value.toFixed(value === 0 ? 0 : 2);
  }

  function formatMillis(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '–';
    if (value === 0) return '0 ms';
    if (value >= 1000) return (value / 1000).toFixed(2) + ' s';
    if (value >= 100) return Math.round(value) + ' ms';
    if (value >= 10) return value.toFixed(1) + ' ms';
    return value.toFixed(2) + ' ms';
  }

  function formatBytes(value) {
    if (value === null || value === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)) + ' ' + units[unit];
  }

  function formatTime(millis) {
    const date = new Date(millis);
    return date.toLocaleTimeString('en-GB', {hour12: false});
  }

  function colorOf(hostId) {
    if (!colorByNode.has(hostId)) colorByNode.set(hostId, COLORS[colorByNode.size % COLORS.length]);
    return colorByNode.get(hostId);
  }

  // Merges a node's newest samples into what the page holds and forgets what is older than 15 minutes.
  function merge(hostId, series, nowMillis) {
    if (!series || !Array.isArray(series.samples)) return;
    let bySecond = seriesByNode.get(hostId);
    if (!bySecond) {
      bySecond = new Map();
      seriesByNode.set(hostId, bySecond);
    }
    for (const row of series.samples) bySecond.set(Math.round(row[0] / 1000), row);
    for (const second of bySecond.keys()) {
      if (second * 1000 < nowMillis - WINDOW_MILLIS) bySecond.delete(second);
    }
  }

  function rowsOf(hostId) {
    const bySecond = seriesByNode.get(hostId);
    if (!bySecond) return [];
    return Array.from(bySecond.values()).sort((a, b) => a[0] - b[0]);
  }

  // The cluster's series: each second's requests and errors summed over the nodes, its median the
  // nodes' medians weighted by their requests, its 99th percentile the worst node's.
  function clusterRows(hostIds) {
    const bySecond = new Map();
    for (const hostId of hostIds) {
      for (const row of rowsOf(hostId)) {
        const second = Math.round(row[0] / 1000);
        const sum = bySecond.get(second) || [second * 1000, 0, 0, 0, 0];
        sum[1] += row[1];
        sum[2] += row[2] * row[1];
        sum[3] = Math.max(sum[3], row[3]);
        sum[4] += row[4];
        bySecond.set(second, sum);
      }
    }
    return Array.from(bySecond.values()).map((sum) => [sum[0], sum[1], sum[1] > 0 ? sum[2] / sum[1] : 0, sum[3],
      sum[4]]).sort((a, b) => a[0] - b[0]);
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * power) return step * power;
    }
    return 10 * power;
  }

  // The span the charts show: what the nodes sampled so far, from one minute up to 15, and the
  // step of its time labels.
  const SPANS = [[60000, 15000], [120000, 30000], [300000, 60000], [600000, 120000], [WINDOW_MILLIS, 300000]];

  function spanOf(nowMillis) {
    let oldest = nowMillis;
    for (const bySecond of seriesByNode.values()) {
      for (const second of bySecond.keys()) oldest = Math.min(oldest, second * 1000);
    }
    return SPANS.find((span) => span[0] >= nowMillis - oldest) || SPANS[SPANS.length - 1];
  }

  function ago(millis) {
    return millis === 0 ? 'now' : millis < 60000 ? '−' + millis / 1000 + ' s' : '−' + millis / 60000 + ' min';
  }

  // Draws lines (and an area for the first) over the span ending at nowMillis.
  function drawChart(target, lines, nowMillis, format) {
    clear(target);
    const width = Math.max(300, target.clientWidth || 600);
    const height = Math.max(120, target.clientHeight || 220);
    target.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    const left = 52, right = 14, top = 10, bottom = 22;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const [spanMillis, stepMillis] = spanOf(nowMillis);
    const start = nowMillis - spanMillis;
    let max = 0;
    for (const line of lines) for (const row of line.rows) if (row[0] >= start) max = Math.max(max, line.value(row));
    max = niceMax(max * 1.1);
    const x = (t) => left + ((t - start) / spanMillis) * plotWidth;
    const y = (v) => top + plotHeight - (v / max) * plotHeight;
    for (let i = 0; i <= 4; i++) {
      const value = (max * i) / 4;
      target.appendChild(svg('line', {x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid-line'}));
      target.appendChild(svg('text', {x: left - 8, y: y(value) + 4, 'text-anchor': 'end', class: 'axis-label'},
        format(value)));
    }
    for (let before = spanMillis; before >= 0; before -= stepMillis) {
      target.appendChild(svg('text', {x: x(nowMillis - before), y: height - 5, 'text-anchor': before === spanMillis
          ? 'start' : before === 0 ? 'end' : 'middle', class: 'axis-label'}, ago(before)));
    }
    let drawn = false;
    lines.forEach((line, index) => {
      const rows = line.rows.filter((row) => row[0] >= start);
      if (rows.length === 0) return;
      drawn = true;
      let path = '';
      let previous = null;
      for (const row of rows) {
        // A gap of more than five seconds (a node that did not answer) breaks the line.
        const jump = previous === null || row[0] - previous > 5000 ? 'M' : 'L';
        path += jump + x(row[0]).toFixed(1) + ' ' + y(line.value(row)).toFixed(1);
        previous = row[0];
      }
      if (line.area && rows.length > 1) {
        const area = path + 'L' + x(rows[rows.length - 1][0]).toFixed(1) + ' ' + y(0) + 'L' + x(rows[0][0]).toFixed(1)
          + ' ' + y(0) + 'Z';
        target.appendChild(svg('path', {d: area.replace(/M/g, (m, offset) => offset === 0 ? 'M' : 'L'),
          fill: line.color, 'fill-opacity': 0.12, stroke: 'none'}));
      }
      target.appendChild(svg('path', {d: path, fill: 'none', stroke: line.color, 'stroke-width': line.width || 1.5,
        'stroke-dasharray': line.dashed ? '4 3' : 'none', 'stroke-linejoin': 'round', 'stroke-linecap': 'round',
        opacity: line.opacity || 1}));
      if (index === 0) {
        const last = rows[rows.length - 1];
        target.appendChild(svg('circle', {cx: x(last[0]), cy: y(line.value(last)), r: 3, fill: line.color}));
      }
    });
    if (!drawn) {
      target.appendChild(svg('text', {x: left + plotWidth / 2, y: top + plotHeight / 2, 'text-anchor': 'middle',
        class: 'empty'}, 'Waiting for samples…'));
    }
  }

  function legend(target, items) {
    clear(target);
    for (const item of items) {
      const entry = el('span', 'legend-item');
      const swatch = el('span', 'swatch' + (item.dashed ? ' dashed' : ''));
      if (item.dashed) swatch.style.borderTopColor = item.color;
      else swatch.style.background = item.color;
      entry.appendChild(swatch);
      entry.appendChild(el('span', null, item.label));
      target.appendChild(entry);
    }
  }

  function sparkline(rows, color, nowMillis) {
    const width = 120, height = 26;
    const chart = svg('svg', {class: 'spark', viewBox: '0 0 ' + width + ' ' + height});
    const spanMillis = spanOf(nowMillis)[0];
    const start = nowMillis - spanMillis;
    const shown = rows.filter((row) => row[0] >= start);
    if (shown.length < 2) return chart;
    const max = Math.max(1, ...shown.map((row) => row[1]));
    let path = '';
    for (const row of shown) {
      path += (path ? 'L' : 'M') + (((row[0] - start) / spanMillis) * width).toFixed(1) + ' '
        + (height - 2 - (row[1] / max) * (height - 4)).toFixed(1);
    }
    chart.appendChild(svg('path', {d: path, fill: 'none', stroke: color, 'stroke-width': 1.3}));
    return chart;
  }

  function drawHealth(view) {
    const health = view.health;
    const section = $('health');
    section.dataset.status = health.status;
    section.dataset.nodes = health.nodes;
    section.dataset.nodesUp = health.up;
    const labels = {healthy: 'Healthy', degraded: 'Degraded', critical: 'Data unavailable'};
    $('status-label').textContent = labels[health.status] || health.status;
    const problems = [];
    if (health.down > 0) problems.push(health.down + (health.down === 1 ? ' node down' : ' nodes down'));
    if (health.answered < health.up) problems.push((health.up - health.answered) + ' not answering');
    if (health.ranges_without_quorum > 0) problems.push(health.ranges_without_quorum + ' ranges without a quorum');
    else if (health.ranges_missing_a_replica > 0) problems.push(health.ranges_missing_a_replica
      + ' ranges missing a replica');
    if (health.errors_per_second > 0) problems.push('requests failing');
    if (health.movement) problems.push('a topology change is under way');
    $('status-detail').textContent = problems.length ? problems.join(' · ')
      : 'All ' + health.nodes + ' nodes up, every range has all its replicas';
    const nodes = $('stat-nodes');
    nodes.textContent = health.up + ' / ' + health.nodes;
    nodes.className = 'stat-value ' + (health.down > 0 ? 'bad' : 'good');
    const ranges = $('stat-ranges');
    ranges.textContent = String(health.ranges_without_quorum);
    ranges.className = 'stat-value ' + (health.ranges_without_quorum > 0 ? 'bad' : 'good');
    $('stat-ops').textContent = formatCount(health.ops_per_second);
    $('stat-p99').textContent = formatMillis(health.p99_ms);
    const errors = $('stat-errors');
    errors.textContent = formatCount(health.errors_per_second);
    errors.className = 'stat-value ' + (health.errors_per_second > 0 ? 'bad' : '');
  }

  function drawCharts(view) {
    const now = view.time_millis;
    const answering = view.nodes.filter((node) => node.series);
    const hostIds = view.nodes.map((node) => node.host_id);
    const cluster = clusterRows(hostIds);
    const throughputLines = [{rows: cluster, value: (row) => row[1], color: '#1b2433', area: true, width: 2}];
    const latencyLines = [
      {rows: cluster, value: (row) => row[3], color: '#dc2626', width: 2},
      {rows: cluster, value: (row) => row[2], color: '#3b6fe0', width: 2}];
    const throughputLegend = [{label: 'cluster', color: '#1b2433'}];
    const latencyLegend = [{label: 'p99 (worst node)', color: '#dc2626'}, {label: 'p50', color: '#3b6fe0'}];
    for (const node of view.nodes) {
      const rows = rowsOf(node.host_id);
      const color = colorOf(node.host_id);
      throughputLines.push({rows: rows, value: (row) => row[1], color: color, width: 1.2, opacity: 0.9});
      latencyLines.push({rows: rows, value: (row) => row[3], color: color, width: 1, dashed: true, opacity: 0.8});
      throughputLegend.push({label: node.address, color: color});
      latencyLegend.push({label: node.address + ' p99', color: color, dashed: true});
    }
    legend($('legend-throughput'), throughputLegend);
    legend($('legend-latency'), latencyLegend);
    const throughput = $('chart-throughput');
    drawChart(throughput, throughputLines, now, formatCount);
    throughput.dataset.opsPerSecond = String(view.health.ops_per_second);
    throughput.dataset.nodesAnswering = String(answering.length);
    drawChart($('chart-latency'), latencyLines, now, formatMillis);
  }

  function arc(cx, cy, radius, inner, from, to) {
    const point = (r, angle) => [cx + r * Math.sin(angle), cy - r * Math.cos(angle)];
    const large = to - from > Math.PI ? 1 : 0;
    const [x1, y1] = point(radius, from), [x2, y2] = point(radius, to);
    const [x3, y3] = point(inner, to), [x4, y4] = point(inner, from);
    return 'M' + x1 + ' ' + y1 + 'A' + radius + ' ' + radius + ' 0 ' + large + ' 1 ' + x2 + ' ' + y2
      + 'L' + x3 + ' ' + y3 + 'A' + inner + ' ' + inner + ' 0 ' + large + ' 0 ' + x4 + ' ' + y4 + 'Z';
  }

  function drawRing(view) {
    const ring = $('ring');
    clear(ring);
    let angle = 0;
    const owners = view.nodes.filter((node) => node.ownership > 0);
    for (const node of owners) {
      const sweep = Math.min(node.ownership, 0.9999) * 2 * Math.PI;
      const color = node.up ? colorOf(node.host_id) : '#dc2626';
      const piece = svg('path', {d: arc(100, 100, 92, 64, angle, angle + sweep), fill: color,
        'fill-opacity': node.up ? 0.9 : 0.35, stroke: '#ffffff', 'stroke-width': 2});
      piece.appendChild(svg('title', {}, node.address + ': ' + (node.ownership * 100).toFixed(1) + ' %'));
      ring.appendChild(piece);
      angle += sweep;
    }
    if (owners.length === 0) {
      ring.appendChild(svg('circle', {cx: 100, cy: 100, r: 78, fill: 'none', stroke: '#e3e8ef', 'stroke-width': 28}));
    }
    ring.appendChild(svg('text', {x: 100, y: 102, 'text-anchor': 'middle', class: 'ring-center'},
      view.health.up + '/' + view.health.nodes));
    ring.appendChild(svg('text', {x: 100, y: 120, 'text-anchor': 'middle', class: 'ring-sub'}, 'nodes up'));
    $('ring-meta').textContent = 'epoch ' + view.epoch + ' · share of the token ring each node owns';
  }

  function drawNodes(view) {
    const body = $('nodes').querySelector('tbody');
    clear(body);
    for (const node of view.nodes) {
      const row = el('tr', 'node-row');
      row.dataset.host = node.host_id;
      row.dataset.up = String(node.up);
      const status = el('td');
      const dot = el('span', 'node-dot ' + (!node.up ? 'down' : node.answered ? 'up' : 'silent'));
      dot.title = !node.up ? 'down' : node.answered ? 'up' : 'up, but its dashboard did not answer: ' + node.failure;
      status.appendChild(dot);
      row.appendChild(status);
      const name = el('td');
      name.appendChild(el('span', 'node-name', node.address));
      const swatch = el('span', 'swatch');
      swatch.style.background = colorOf(node.host_id);
      swatch.style.marginLeft = '8px';
      name.appendChild(swatch);
      if (node.self) name.appendChild(el('span', 'tag', 'this node'));
      if (!node.up) name.appendChild(el('span', 'tag bad', 'down'));
      else if (!node.answered) name.appendChild(el('span', 'tag warn', 'no answer'));
      if (!node.answered && node.up) name.appendChild(el('div', 'note', node.failure));
      row.appendChild(name);
      row.appendChild(el('td', null, node.data_center + ' / ' + node.rack));
      row.appendChild(el('td', null, node.state));
      row.appendChild(el('td', 'num', node.tokens));
      row.appendChild(el('td', 'num', (node.ownership * 100).toFixed(1) + ' %'));
      row.appendChild(el('td', 'num', formatBytes(node.load_bytes === null ? null
        : node.load_bytes + node.memtable_bytes)));
      const rows = rowsOf(node.host_id);
      const last = node.series && rows.length ? rows[rows.length - 1] : null;
      row.appendChild(el('td', 'num', last ? formatCount(last[1]) : '–'));
      row.appendChild(el('td', 'num', last ? formatMillis(last[3]) : '–'));
      const spark = el('td');
      spark.appendChild(sparkline(rows, colorOf(node.host_id), view.time_millis));
      row.appendChild(spark);
      body.appendChild(row);
    }
  }

  function drawOperations(view) {
    const list = $('operations');
    clear(list);
    if (view.operations.length === 0) {
      list.appendChild(el('li', 'empty-item', 'No operation under way'));
      return;
    }
    for (const operation of view.operations) {
      const item = el('li');
      const line = el('div', 'op-line');
      line.appendChild(el('span', 'op-kind', operation.kind));
      line.appendChild(el('span', 'op-node', operation.node));
      item.appendChild(line);
      item.appendChild(el('div', 'op-detail', operation.detail));
      if (operation.progress !== null && operation.progress !== undefined) {
        const bar = el('div', 'bar');
        const fill = el('div', 'bar-fill');
        fill.style.width = Math.round(Math.max(0, Math.min(1, operation.progress)) * 100) + '%';
        bar.appendChild(fill);
        item.appendChild(bar);
      }
      list.appendChild(item);
    }
  }

  function drawTables(view) {
    const body = $('tables').querySelector('tbody');
    clear(body);
    if (view.tables.length === 0) {
      const row = el('tr', 'empty-row');
      const cell = el('td', null, 'No table of yours yet');
      cell.colSpan = 4;
      row.appendChild(cell);
      body.appendChild(row);
      return;
    }
    for (const table of view.tables) {
      const row = el('tr');
      row.appendChild(el('td', null, table.keyspace + '.' + table.table));
      row.appendChild(el('td', 'num', formatBytes(table.file_bytes)));
      row.appendChild(el('td', 'num', formatBytes(table.memtable_bytes)));
      row.appendChild(el('td', 'num', formatCount(table.partitions_estimate)));
      body.appendChild(row);
    }
  }

  function drawWarnings(view) {
    const list = $('warnings');
    clear(list);
    if (view.warnings.length === 0) {
      list.appendChild(el('li', 'empty-item', 'Nothing logged above INFO'));
      return;
    }
    for (const warning of view.warnings) {
      const item = el('li');
      const head = el('div', 'warn-head');
      head.appendChild(el('span', 'level ' + warning.level, warning.level));
      head.appendChild(el('span', null, formatTime(warning.time_millis)));
      head.appendChild(el('span', null, warning.node));
      head.appendChild(el('span', null, String(warning.logger).replace(/^.*\./, '')));
      item.appendChild(head);
      item.appendChild(el('div', 'warn-message', warning.message));
      list.appendChild(item);
    }
  }

  function draw(view) {
    for (const node of view.nodes) merge(node.host_id, node.series, view.time_millis);
    const known = new Set(view.nodes.map((node) => node.host_id));
    for (const hostId of Array.from(seriesByNode.keys())) if (!known.has(hostId)) seriesByNode.delete(hostId);
    $('cluster-name').textContent = view.cluster_name;
    $('cluster-meta').textContent = 'served by ' + view.served_by.replace(/:\d+$/, '') + ' · epoch ' + view.epoch;
    drawHealth(view);
    drawCharts(view);
    drawRing(view);
    drawNodes(view);
    drawOperations(view);
    drawTables(view);
    drawWarnings(view);
    updates++;
    document.body.dataset.updates = String(updates);
  }

  function unreachable(why) {
    const dot = $('live-dot');
    dot.className = 'live-dot off';
    $('updated').textContent = 'not answering since ' + (lastSuccessMillis ? formatTime(lastSuccessMillis) : 'the start');
    if (Date.now() - lastSuccessMillis > 3 * POLL_MILLIS) {
      $('health').dataset.status = 'unreachable';
      $('status-label').textContent = 'Node not answering';
      $('status-detail').textContent = why;
    }
  }

  async function poll() {
    const samples = Date.now() - lastSuccessMillis > 10000 ? FULL_SAMPLES : NEW_SAMPLES;
    try {
      const response = await fetch('/api/dashboard?samples=' + samples, {cache: 'no-store'});
      if (!response.ok) {
        unreachable('the admin endpoint answered ' + response.status);
      } else {
        const view = await response.json();
        lastSuccessMillis = Date.now();
        draw(view);
        $('live-dot').className = 'live-dot on';
        $('updated').textContent = 'updated ' + formatTime(view.time_millis);
      }
    } catch (failure) {
      unreachable('the admin endpoint did not answer (' + failure.message + ')');
    }
    setTimeout(poll, POLL_MILLIS);
  }

  poll();
}());
