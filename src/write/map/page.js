// gazet map page: draws the run's places (the JSON in #gazet-data) over
// the country outlines already in the SVG.
//
// Security: article ids and text are hostile input. They reach the DOM
// only through textContent and setAttribute on data-* and presentation
// attributes; nothing here parses a string as HTML, builds a URL or loads
// anything (the page's Content-Security-Policy forbids every request).
(function () {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** Articles or groups listed at once (the search box finds the rest). */
  const MAX_LIST = 300;
  /** Articles named in a popup. */
  const MAX_POPUP_ARTICLES = 12;
  /** Place names drawn on the map at once. */
  const MAX_LABELS = 300;
  /** Smallest span a fitted view shows, in map units (10 degrees of longitude). */
  const MIN_SPAN = 1000;
  /** Smallest span any zoom shows, in map units. */
  const MIN_ZOOM_SPAN = 20;
  /** Pixels kept free around fitted markers. */
  const FIT_PAD = 60;
  const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif';
  const COUNTRY_FONT = '11px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif';
  const KIND_NAMES = {
    admin1: 'province', admin2: 'district', oil_field: 'oil field',
    border_crossing: 'border crossing',
  };

  const data = JSON.parse(document.getElementById('gazet-data').textContent);
  const places = data.places;
  const articles = data.articles;
  const groups = data.groups;
  const colours = {};
  for (const c of data.classes) colours[c[0]] = c[2];

  const $ = (id) => document.getElementById(id);
  const main = $('gazet-main');
  const svg = $('gazet-map');
  const land = $('gazet-land');
  const markerLayer = $('gazet-markers');
  const labelLayer = $('gazet-labels');
  const countryLayer = $('gazet-country-labels');
  const popup = $('gazet-popup');

  // Which places each article and each group has.
  const articlePlaces = articles.map(() => []);
  const groupPlaces = groups.map(() => []);
  places.forEach((p, i) => {
    for (const a of p.articles) articlePlaces[a[0]].push(i);
    for (const g of p.groups) groupPlaces[g].push(i);
  });

  const state = {
    k: 1, tx: 0, ty: 0, // screen = map * k + t
    width: 1, height: 1,
    visible: places.map(() => true),
    filter: null, // {type: 'article' | 'group', index}
    selected: -1,
    popupSide: 'right',
    markerK: null, // the zoom the marker radii are set for
    labelView: null, // the view the labels were laid out for
    labelTimer: 0,
    drag: null,
    dragged: false,
    frame: 0,
  };

  // ---- small DOM helpers (text only) ----

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function svgEl(tag, attrs) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    return e;
  }

  function plural(n, word, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? word : (many || word + 's'));
  }

  const measure = document.createElement('canvas').getContext('2d');
  const widths = new Map();
  function textWidth(text, font) {
    const key = font + '\u0000' + text;
    let w = widths.get(key);
    if (w === undefined) {
      measure.font = font;
      w = measure.measureText(text).width;
      widths.set(key, w);
    }
    return w;
  }

  /** A grid of rectangles [x0, y0, x1, y1] for overlap tests. */
  class Grid {
    constructor() { this.cells = new Map(); }
    keys(r, f) {
      for (let gx = Math.floor(r[0] / 64); gx <= Math.floor(r[2] / 64); gx++) {
        for (let gy = Math.floor(r[1] / 64); gy <= Math.floor(r[3] / 64); gy++) f(gx + ',' + gy);
      }
    }
    add(r, owner) {
      this.keys(r, (k) => {
        let c = this.cells.get(k);
        if (!c) this.cells.set(k, (c = []));
        c.push([r, owner]);
      });
    }
    /** Whether `r` overlaps a rectangle not added by `ignore`. */
    hits(r, ignore) {
      let hit = false;
      this.keys(r, (k) => {
        for (const [b, o] of this.cells.get(k) || []) {
          if (o !== ignore && r[0] < b[2] && b[0] < r[2] && r[1] < b[3] && b[1] < r[3]) hit = true;
        }
      });
      return hit;
    }
  }

  // ---- the view ----

  function screen(x, y) {
    return [x * state.k + state.tx, y * state.k + state.ty];
  }

  function minK() { return 0.8 * Math.min(state.width, state.height) / data.world; }
  function maxK() { return Math.max(state.width, state.height) / MIN_ZOOM_SPAN; }

  /** Fits the view to the places `list` (all places if empty: the world). */
  function fit(list) {
    let b;
    if (list.length === 0) {
      b = [0, data.world * 0.14, data.world, data.world * 0.7];
    } else {
      b = [Infinity, Infinity, -Infinity, -Infinity];
      for (const i of list) {
        const p = places[i];
        b = [Math.min(b[0], p.x), Math.min(b[1], p.y), Math.max(b[2], p.x), Math.max(b[3], p.y)];
      }
    }
    const w = Math.max(b[2] - b[0], MIN_SPAN);
    const h = Math.max(b[3] - b[1], MIN_SPAN);
    const pad = Math.min(FIT_PAD, state.width / 5, state.height / 5);
    let k = Math.min((state.width - 2 * pad) / w, (state.height - 2 * pad) / h);
    k = Math.max(minK(), Math.min(maxK(), k));
    state.k = k;
    state.tx = state.width / 2 - k * (b[0] + b[2]) / 2;
    state.ty = state.height / 2 - k * (b[1] + b[3]) / 2;
    schedule();
  }

  /** Zooms by `factor` keeping the screen point (cx, cy) in place. */
  function zoomAt(factor, cx, cy) {
    const k = Math.max(minK(), Math.min(maxK(), state.k * factor));
    state.tx = cx - (cx - state.tx) * k / state.k;
    state.ty = cy - (cy - state.ty) * k / state.k;
    state.k = k;
    schedule();
  }

  function schedule() {
    if (!state.frame) state.frame = requestAnimationFrame(render);
  }

  // ---- drawing ----

  const markers = places.map((p, i) => {
    const c = svgEl('circle', {
      class: 'gazet-marker',
      cx: p.x,
      cy: p.y,
      r: p.r,
      fill: colours[p.class] || '#666',
      tabindex: 0,
      role: 'button',
      'data-index': i,
    });
    c.setAttribute('data-name', p.name);
    c.setAttribute('aria-label', p.name + ', ' + plural(p.mentions, 'mention'));
    c.addEventListener('click', (e) => {
      e.stopPropagation();
      if (!state.dragged) openPopup(i);
    });
    c.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        openPopup(i);
      }
    });
    markerLayer.appendChild(c);
    return c;
  });

  /** Moves the basemap and the markers (one transform each; a marker's
   * radius changes only with the zoom), the popup, and the labels: they
   * move with the map at once and are laid out again when it rests. */
  function render() {
    state.frame = 0;
    const matrix = 'matrix(' + [state.k, 0, 0, state.k, state.tx, state.ty].join(' ') + ')';
    land.setAttribute('transform', matrix);
    markerLayer.setAttribute('transform', matrix);
    if (state.markerK !== state.k) {
      state.markerK = state.k;
      places.forEach((p, i) => markers[i].setAttribute('r', (p.r / state.k).toPrecision(4)));
    }
    placePopup();
    const drawn = state.labelView;
    const shift = drawn && drawn.k === state.k
      ? 'translate(' + (state.tx - drawn.tx) + ' ' + (state.ty - drawn.ty) + ')'
      : null;
    for (const layer of [labelLayer, countryLayer]) {
      layer.setAttribute('transform', shift || 'translate(0 0)');
      layer.classList.toggle('gazet-hidden', shift === null);
    }
    clearTimeout(state.labelTimer);
    if (state.labelView === null) drawLabels();
    else state.labelTimer = setTimeout(drawLabels, 90);
  }

  /** Place names beside their markers, most mentioned first, then country
   * names where they fit; nothing covers a name or another marker. */
  function drawLabels() {
    state.labelView = { k: state.k, tx: state.tx, ty: state.ty };
    for (const layer of [labelLayer, countryLayer]) {
      layer.replaceChildren();
      layer.setAttribute('transform', 'translate(0 0)');
      layer.classList.remove('gazet-hidden');
    }
    const W = state.width;
    const H = state.height;
    const dots = new Grid();
    const taken = new Grid();
    const shown = [];
    places.forEach((p, i) => {
      if (!state.visible[i]) return;
      const [sx, sy] = screen(p.x, p.y);
      if (sx < -p.r || sy < -p.r || sx > W + p.r || sy > H + p.r) return;
      dots.add([sx - p.r, sy - p.r, sx + p.r, sy + p.r], i);
      shown.push(i);
    });
    if (state.selected >= 0) {
      const left = popup.offsetLeft;
      const top = popup.offsetTop;
      taken.add([left, top, left + popup.offsetWidth, top + popup.offsetHeight], 'popup');
    }
    const placed = [];
    for (const i of shown) {
      if (placed.length >= MAX_LABELS) break;
      const p = places[i];
      const [sx, sy] = screen(p.x, p.y);
      if (placed.some((l) => l.name === p.name && Math.abs(l.x - sx) + Math.abs(l.y - sy) < 40)) continue;
      const w = textWidth(p.name, LABEL_FONT);
      const gap = p.r + 3;
      const spots = [
        [sx + gap, sy + 4, sx + gap],
        [sx - gap, sy + 4, sx - gap - w],
        [sx, sy - gap - 3, sx - w / 2],
        [sx, sy + gap + 11, sx - w / 2],
      ];
      const anchors = ['start', 'end', 'middle', 'middle'];
      for (let s = 0; s < spots.length; s++) {
        const [x, y, left] = spots[s];
        const box = [left - 1, y - 11, left + w + 1, y + 3];
        if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) continue;
        if (taken.hits(box) || dots.hits(box, i)) continue;
        taken.add(box, 'label');
        const t = svgEl('text', { x: x.toFixed(1), y: y.toFixed(1), 'text-anchor': anchors[s] });
        t.textContent = p.name;
        labelLayer.appendChild(t);
        placed.push({ name: p.name, x: sx, y: sy });
        break;
      }
    }
    for (const [name, x, y, width] of data.countries) {
      const text = name.toUpperCase();
      const w = textWidth(text, COUNTRY_FONT) * 1.08;
      if (w * 1.15 > width * state.k) continue;
      const [sx, sy] = screen(x, y);
      const box = [sx - w / 2, sy - 10, sx + w / 2, sy + 3];
      if (box[0] < 0 || box[2] > W || box[1] < 0 || box[3] > H) continue;
      if (taken.hits(box) || dots.hits(box)) continue;
      taken.add(box, 'label');
      const t = svgEl('text', { x: sx.toFixed(1), y: sy.toFixed(1) });
      t.textContent = text;
      countryLayer.appendChild(t);
    }
  }

  // ---- the popup ----

  /** `text` with every surface of the place marked. */
  function marked(text, surfaces) {
    const spans = [];
    for (const s of surfaces) {
      const needle = s.split(/\s+/).join(' ');
      if (!needle) continue;
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
        spans.push([at, at + needle.length]);
      }
    }
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const out = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e] of spans) {
      if (s < pos) continue;
      out.appendChild(document.createTextNode(text.slice(pos, s)));
      out.appendChild(el('mark', '', text.slice(s, e)));
      pos = e;
    }
    out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  function chip(text, title, onClick) {
    const b = el('button', '', text);
    b.type = 'button';
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
  }

  function openPopup(i) {
    const p = places[i];
    if (state.selected >= 0) markers[state.selected].classList.remove('gazet-selected');
    state.selected = i;
    markers[i].classList.add('gazet-selected');
    popup.replaceChildren();
    const close = el('button', 'gazet-close', '\u00d7');
    close.type = 'button';
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', closePopup);
    popup.appendChild(close);
    popup.appendChild(el('h3', 'gazet-place-name', p.name));
    const where = [KIND_NAMES[p.kind] || p.kind.replace(/_/g, ' ')];
    if (p.admin1 && p.admin1 !== p.name) where.push(p.admin1);
    if (p.country) where.push(p.country);
    popup.appendChild(el('p', 'gazet-where', where.join(', ')));

    const dl = el('dl');
    const row = (term, value) => {
      dl.appendChild(el('dt', '', term));
      const dd = el('dd');
      if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
      dl.appendChild(dd);
    };
    row('Mentions', plural(p.mentions, 'mention') + ' in ' + plural(p.articles.length, 'article'));
    row('Written as', p.surfaces.join(', '));
    if (p.focus.length) row('Focus of', plural(p.focus.length, 'article'));
    row('Coordinates', p.lat.toFixed(4) + ', ' + p.lon.toFixed(4));
    if (p.groups.length) {
      const chips = el('div', 'gazet-chips');
      for (const g of p.groups) {
        chips.appendChild(chip(groups[g], 'Show the places seen with ' + groups[g],
          () => setFilter({ type: 'group', index: g })));
      }
      row('Groups', chips);
    }
    popup.appendChild(dl);

    if (p.contexts.length) {
      popup.appendChild(el('h4', '', 'Sentences'));
      const ol = el('ol');
      for (const [a, text] of p.contexts) {
        const li = el('li', 'gazet-context');
        li.appendChild(el('span', 'gazet-source', articles[a]));
        li.appendChild(marked(text, p.surfaces));
        ol.appendChild(li);
      }
      popup.appendChild(ol);
      if (p.more > 0) popup.appendChild(el('p', 'gazet-more', 'and ' + plural(p.more, 'more sentence')));
    }

    popup.appendChild(el('h4', '', 'Articles'));
    const list = el('div', 'gazet-chips');
    const byMentions = p.articles.slice().sort((x, y) => y[1] - x[1]);
    for (const [a, n] of byMentions.slice(0, MAX_POPUP_ARTICLES)) {
      list.appendChild(chip(articles[a] + ' (' + n + ')', 'Show the places of ' + articles[a],
        () => setFilter({ type: 'article', index: a })));
    }
    popup.appendChild(list);
    if (byMentions.length > MAX_POPUP_ARTICLES) {
      popup.appendChild(el('p', 'gazet-more', 'and ' + plural(byMentions.length - MAX_POPUP_ARTICLES, 'more article')));
    }
    popup.hidden = false;
    popup.scrollTop = 0;
    autoPan(p);
  }

  /** Picks the side of the marker where the popup covers fewer markers
   * (the right on a tie) and moves the map so that it fits there. */
  function autoPan(p) {
    const [sx, sy] = screen(p.x, p.y);
    const w = popup.offsetWidth;
    const h = popup.offsetHeight;
    const top = popupTop(sy, h);
    const right = [sx + p.r + 14, sx + p.r + 14 + w];
    const left = [sx - p.r - 14 - w, sx - p.r - 14];
    const covered = (span) => places.filter((q, i) => {
      if (!state.visible[i] || q === p) return false;
      const [qx, qy] = screen(q.x, q.y);
      return qx + q.r > span[0] && qx - q.r < span[1] && qy + q.r > top && qy - q.r < top + h;
    }).length;
    state.popupSide = covered(right) <= covered(left) ? 'right' : 'left';
    const span = state.popupSide === 'right' ? right : left;
    if (span[0] < 8) state.tx += Math.min(8 - span[0], state.width - 8 - sx - p.r);
    else if (span[1] > state.width - 8) state.tx -= Math.min(span[1] - state.width + 8, sx - p.r - 8);
    if (sy < p.r + 8 || sy > state.height - p.r - 8) state.ty += state.height / 2 - sy;
    schedule();
  }

  function popupTop(sy, h) {
    return Math.max(8, Math.min(sy - 40, state.height - h - 8));
  }

  function closePopup() {
    if (state.selected >= 0) markers[state.selected].classList.remove('gazet-selected');
    state.selected = -1;
    popup.hidden = true;
    schedule();
  }

  /** Puts the popup beside its marker, inside the map. */
  function placePopup() {
    if (state.selected < 0) return;
    const p = places[state.selected];
    const [sx, sy] = screen(p.x, p.y);
    const w = popup.offsetWidth;
    let left = state.popupSide === 'left' ? sx - p.r - 14 - w : sx + p.r + 14;
    left = Math.max(8, Math.min(left, state.width - w - 8));
    popup.style.left = left + 'px';
    popup.style.top = popupTop(sy, popup.offsetHeight) + 'px';
  }

  // ---- filtering ----

  function setFilter(f) {
    state.filter = f;
    let list = null;
    if (f && f.type === 'article') list = articlePlaces[f.index];
    if (f && f.type === 'group') list = groupPlaces[f.index];
    const on = new Set(list || []);
    places.forEach((p, i) => {
      state.visible[i] = list === null || on.has(i);
      markers[i].classList.toggle('gazet-hidden', !state.visible[i]);
    });
    if (state.selected >= 0 && !state.visible[state.selected]) closePopup();
    const box = $('gazet-filter');
    box.hidden = f === null;
    if (f) {
      const name = f.type === 'article' ? 'Article ' + articles[f.index] : 'Group ' + groups[f.index];
      $('gazet-filter-text').textContent = name + ': ' + plural(list.length, 'place');
    }
    for (const b of document.querySelectorAll('.gazet-list button')) {
      const pressed = f !== null && b.dataset.type === f.type && Number(b.dataset.index) === f.index;
      b.setAttribute('aria-pressed', String(pressed));
    }
    fit(list === null ? places.map((p, i) => i) : list);
  }

  // ---- side lists ----

  function listItem(type, index, name, count) {
    const li = el('li');
    const b = el('button');
    b.type = 'button';
    b.dataset.type = type;
    b.dataset.index = String(index);
    b.dataset.places = String(count);
    b.title = name;
    const pressed = state.filter !== null && state.filter.type === type && state.filter.index === index;
    b.setAttribute('aria-pressed', String(pressed));
    b.appendChild(el('span', 'gazet-name', name));
    b.appendChild(el('span', 'gazet-n', count));
    b.addEventListener('click', () => {
      const f = state.filter;
      setFilter(f && f.type === type && f.index === index ? null : { type, index });
    });
    li.appendChild(b);
    return li;
  }

  function fillList(ul, type, order, names, placesOf) {
    ul.replaceChildren();
    for (const i of order.slice(0, MAX_LIST)) ul.appendChild(listItem(type, i, names[i], placesOf[i].length));
    if (order.length > MAX_LIST) {
      const more = el('li', 'gazet-more', plural(order.length - MAX_LIST, 'more', 'more') + ': refine the filter');
      ul.appendChild(more);
    }
    if (order.length === 0) ul.appendChild(el('li', 'gazet-more', 'None'));
  }

  function fillArticles() {
    const q = $('gazet-article-search').value.trim().toLowerCase();
    const order = [];
    articles.forEach((a, i) => {
      if (!q || a.toLowerCase().includes(q)) order.push(i);
    });
    fillList($('gazet-articles'), 'article', order, articles, articlePlaces);
  }

  function fillGroups() {
    const order = groups.map((g, i) => i);
    order.sort((a, b) => groupPlaces[b].length - groupPlaces[a].length || groups[a].localeCompare(groups[b]));
    fillList($('gazet-groups'), 'group', order, groups, groupPlaces);
  }

  function fillLegend() {
    const legend = $('gazet-legend');
    for (const [cls, label, colour] of data.classes) {
      if (!places.some((p) => p.class === cls)) continue;
      const row = el('div');
      const icon = svgEl('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
      icon.appendChild(svgEl('circle', { cx: 6, cy: 6, r: 5, fill: colour }));
      row.appendChild(icon);
      row.appendChild(el('span', '', label));
      legend.appendChild(row);
    }
    legend.appendChild(el('div', 'gazet-legend-size', places.length ? 'Size: number of mentions' : 'No places found'));
  }

  // ---- input ----

  function pointer(e) {
    const r = svg.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const [x, y] = pointer(e);
    state.drag = { x, y, tx: state.tx, ty: state.ty, id: e.pointerId, moving: false };
    state.dragged = false;
  });
  svg.addEventListener('pointermove', (e) => {
    const d = state.drag;
    if (!d || d.id !== e.pointerId) return;
    const [x, y] = pointer(e);
    if (!d.moving && Math.abs(x - d.x) + Math.abs(y - d.y) < 4) return;
    if (!d.moving) {
      d.moving = true;
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('gazet-dragging');
    }
    state.tx = d.tx + x - d.x;
    state.ty = d.ty + y - d.y;
    schedule();
  });
  const endDrag = (e) => {
    const d = state.drag;
    if (!d || d.id !== e.pointerId) return;
    state.dragged = d.moving;
    state.drag = null;
    svg.classList.remove('gazet-dragging');
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('click', () => {
    if (!state.dragged) closePopup();
    state.dragged = false;
  });
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [x, y] = pointer(e);
    const step = e.deltaMode === 1 ? 0.05 : 0.002;
    zoomAt(Math.exp(-e.deltaY * step), x, y);
  }, { passive: false });
  svg.addEventListener('dblclick', (e) => {
    const [x, y] = pointer(e);
    zoomAt(e.shiftKey ? 0.5 : 2, x, y);
  });
  $('gazet-zoom-in').addEventListener('click', () => zoomAt(2, state.width / 2, state.height / 2));
  $('gazet-zoom-out').addEventListener('click', () => zoomAt(0.5, state.width / 2, state.height / 2));
  $('gazet-zoom-fit').addEventListener('click', () => setFilter(state.filter));
  $('gazet-reset').addEventListener('click', () => setFilter(null));
  $('gazet-article-search').addEventListener('input', fillArticles);
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'Escape') closePopup();
    else if (e.key === '+' || e.key === '=') zoomAt(1.5, state.width / 2, state.height / 2);
    else if (e.key === '-') zoomAt(1 / 1.5, state.width / 2, state.height / 2);
  });

  function resize() {
    const cx = (state.width / 2 - state.tx) / state.k;
    const cy = (state.height / 2 - state.ty) / state.k;
    state.width = main.clientWidth || 1;
    state.height = main.clientHeight || 1;
    state.tx = state.width / 2 - cx * state.k;
    state.ty = state.height / 2 - cy * state.k;
    schedule();
  }
  new ResizeObserver(resize).observe(main);

  // ---- start ----

  state.width = main.clientWidth || 1;
  state.height = main.clientHeight || 1;
  const groupCount = groups.length ? ' \u00b7 ' + plural(groups.length, 'group') : '';
  $('gazet-summary').textContent =
    plural(articles.length, 'article') + ' \u00b7 ' + plural(places.length, 'place') + groupCount;
  $('gazet-article-count').textContent = '(' + articles.length.toLocaleString('en') + ')';
  $('gazet-group-count').textContent = '(' + groups.length.toLocaleString('en') + ')';
  fillArticles();
  fillGroups();
  fillLegend();
  setFilter(null);
  render();
  document.body.dataset.ready = 'true';
})();
