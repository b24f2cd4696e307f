// The status page: reads the daemon's API every 5 seconds and updates only the rows that changed,
// so open change-set details stay open and nothing flickers.
(function () {
  'use strict';

  const TOKEN_KEY = 'modeldeploy.token';
  const REFRESH_MS = 5000;
  const rendered = new Map(); // tbody key -> signature of what it shows
  let timer = null;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path) {
    const headers = { 'Accept': 'application/json' };
    const t = token();
    if (t) {
      headers['Authorization'] = 'Bearer ' + t;
    }
    const response = await fetch(path, { headers: headers, cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      let message = response.status === 401 ? 'This daemon requires a bearer token.' : 'The token lacks the viewer role.';
      try {
        message = (await response.json()).message || message;
      } catch (ignored) { /* keep the default */ }
      const error = new Error(message);
      error.auth = true;
      throw error;
    }
    if (!response.ok) {
      throw new Error(path + ' answered HTTP ' + response.status);
    }
    return response.json();
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined) {
        node.setAttribute(name, value);
      }
    });
    children.flat().forEach(child => {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function short(commit) {
    return commit ? commit.substring(0, 7) : '—';
  }

  function badge(state) {
    const name = state || 'Processing';
    return el('span', { 'class': 'badge ' + name, 'data-state': name }, name);
  }

  function replicas(status) {
    if (status.replicas === null || status.replicas === undefined) {
      return '—';
    }
    const available = status.availableReplicas === null || status.availableReplicas === undefined ? 0 : status.availableReplicas;
    return available + '/' + status.replicas;
  }

  function link(url) {
    return url ? el('a', { href: url, 'class': 'mono' }, url) : '—';
  }

  function commitCell(status) {
    const applied = el('span', { title: status.commitApplied || '' }, short(status.commitApplied));
    if (status.commitSeen && status.commitSeen !== status.commitApplied) {
      return el('td', { 'class': 'mono commit' }, applied, ' ',
        el('span', { 'class': 'behind', title: 'seen ' + status.commitSeen }, '(seen ' + short(status.commitSeen) + ')'));
    }
    return el('td', { 'class': 'mono commit' }, applied);
  }

  function changesCell(id, kind) {
    const details = el('details', { 'class': 'changes', 'data-for': id });
    details.appendChild(el('summary', {}, 'loading…'));
    details.addEventListener('toggle', () => {
      if (details.open) {
        loadChanges(details, id, kind);
      }
    });
    return el('td', {}, details);
  }

  async function loadChanges(details, id, kind) {
    try {
      const changes = await api('/api/v1/model/' + kind + '/' + encodeURIComponent(id) + '/changes');
      fillChanges(details, changes);
    } catch (e) {
      details.replaceChildren(el('summary', {}, 'unavailable'), el('p', {}, e.message));
    }
  }

  function summarize(entries) {
    if (!entries.length) {
      return 'no objects';
    }
    const counts = {};
    entries.forEach(e => { counts[e.action] = (counts[e.action] || 0) + 1; });
    return entries.length + (entries.length === 1 ? ' object: ' : ' objects: ') + Object.entries(counts)
      .map(([action, n]) => n + ' ' + action.toLowerCase()).join(', ');
  }

  function fillChanges(details, changes) {
    const entries = changes.entries || [];
    const list = el('ul', {}, entries.map(e => el('li', {},
      el('span', { 'class': 'action ' + e.action }, e.action), ' ', e.kind + '/' + e.name,
      e.reason ? ' — ' + e.reason : null)));
    // Update in place: the summary a person may be clicking stays the same element.
    let summary = details.querySelector('summary');
    if (!summary) {
      summary = el('summary', {});
      details.prepend(summary);
    }
    summary.textContent = summarize(entries) + (changes.commit ? ' @ ' + short(changes.commit) : '');
    details.querySelectorAll(':scope > :not(summary)').forEach(node => node.remove());
    details.appendChild(list);
  }

  function failureRow(status, columns) {
    if (status.state !== 'Failed' || !status.message) {
      return null;
    }
    return el('tr', { 'class': 'failure' },
      el('td', { colspan: String(columns) }, el('pre', { 'class': 'failure-message' }, status.message)));
  }

  function deploymentBody(item) {
    const status = item.status || {};
    const spec = item.spec || {};
    return el('tbody', { 'data-id': item.id, 'class': 'deployment' },
      el('tr', { 'class': 'main' },
        el('td', { 'class': 'id' }, item.id),
        el('td', { 'class': 'state' }, badge(status.state)),
        el('td', { 'class': 'replicas' }, replicas(status)),
        el('td', { 'class': 'mono image' }, spec.image || '—'),
        el('td', { 'class': 'url' }, link(status.url)),
        commitCell(status),
        item.spec ? changesCell(item.id, 'deployment') : el('td', {}, '—')),
      failureRow(status, 7));
  }

  // A target's weight as the rollout has set it, else as written.
  function targetWeight(target, rollout) {
    if (rollout && target.mdName === rollout.candidate) {
      return rollout.candidateWeight;
    }
    if (rollout && target.mdName === rollout.stable) {
      return rollout.stableWeight;
    }
    return target.weight;
  }

  // Under a route with a rollout: its phase, step and what the last transition found.
  function rolloutRow(rollout) {
    if (!rollout) {
      return null;
    }
    const moving = rollout.phase === 'Progressing' || rollout.phase === 'Paused';
    return el('tr', { 'class': 'rollout' },
      el('td', { colspan: '7' },
        el('span', { 'class': 'rollout-phase ' + rollout.phase }, 'rollout ' + rollout.phase
          + (moving ? ', step ' + rollout.step + ' of ' + rollout.steps : '')),
        ' — ' + rollout.reason));
  }

  function routeBody(item) {
    const status = item.status || {};
    const spec = item.spec || {};
    const rollout = status.rollout;
    const targets = (spec.modelDeployments || []).map(t => {
      const weight = targetWeight(t, rollout);
      return t.mdName + (weight === null || weight === undefined ? '' : ' ' + weight + '%');
    }).join(', ');
    return el('tbody', { 'data-id': item.id, 'class': 'route' },
      el('tr', { 'class': 'main' },
        el('td', { 'class': 'id' }, item.id),
        el('td', { 'class': 'state' }, badge(status.state)),
        el('td', { 'class': 'mono' }, spec.urlPrefix || '—'),
        el('td', { 'class': 'targets' }, targets || '—'),
        el('td', { 'class': 'url' }, link(status.url)),
        commitCell(status),
        item.spec ? changesCell(item.id, 'route') : el('td', {}, '—')),
      rolloutRow(rollout),
      failureRow(status, 7));
  }

  // Replaces only the tbodies whose data changed; keeps an open change set open (and fresh).
  function renderTable(tableId, items, build, emptyId, countId, kind) {
    const table = document.getElementById(tableId);
    const wanted = new Set(items.map(i => i.id));
    table.querySelectorAll('tbody').forEach(body => {
      if (!wanted.has(body.dataset.id)) {
        rendered.delete(tableId + '/' + body.dataset.id);
        body.remove();
      }
    });
    let previous = null;
    items.forEach(item => {
      const key = tableId + '/' + item.id;
      const signature = JSON.stringify(item);
      let body = table.querySelector('tbody[data-id="' + CSS.escape(item.id) + '"]');
      if (!body || rendered.get(key) !== signature) {
        const fresh = build(item);
        const wasOpen = body && body.querySelector('details[open]');
        if (body) {
          body.replaceWith(fresh);
        } else {
          table.appendChild(fresh);
        }
        body = fresh;
        rendered.set(key, signature);
        const details = body.querySelector('details');
        if (details) {
          if (wasOpen) {
            details.open = true;
          } else {
            loadChanges(details, item.id, kind);
          }
        }
      }
      if (previous && previous.nextElementSibling !== body) {
        previous.after(body);
      } else if (!previous && table.tBodies[0] !== body) {
        table.tHead.after(body);
      }
      previous = body;
    });
    document.getElementById(emptyId).hidden = items.length > 0;
    document.getElementById(countId).textContent = '(' + items.length + ')';
  }

  function renderSource(source) {
    const set = (id, text, title) => {
      const node = document.getElementById(id);
      node.textContent = text;
      if (title) {
        node.title = title;
      }
    };
    set('source-repo', source.repo || '—');
    set('source-branch', source.branch || '—');
    set('source-path', source.path === '' ? '(whole repository)' : (source.path || '—'));
    set('source-applied', short(source.commitApplied), source.commitApplied);
    set('source-seen', short(source.commitSeen), source.commitSeen);
    set('source-updated', source.updated ? new Date(source.updated).toLocaleString() : 'not yet');
    const gitError = document.getElementById('source-error');
    gitError.hidden = !source.error;
    gitError.textContent = source.error ? 'Git: ' + source.error + ' (the last applied state keeps serving)' : '';
    document.getElementById('source-seen').classList.toggle('behind',
      !!source.commitSeen && source.commitSeen !== source.commitApplied);
  }

  function renderFindings(findings) {
    const list = document.getElementById('findings');
    list.replaceChildren(...findings.map(f => el('li', {}, f.text)));
    document.getElementById('findings-section').hidden = findings.length === 0;
  }

  function showLogin(message) {
    document.getElementById('login-reason').textContent = 'This daemon needs a bearer token to show its state: ' + message;
    document.getElementById('login').hidden = false;
  }

  async function refresh() {
    clearTimeout(timer);
    const connection = document.getElementById('connection');
    try {
      const [source, deployments, routes, findings] = await Promise.all([
        api('/api/v1/source'), api('/api/v1/model/deployment'), api('/api/v1/model/route'), api('/api/v1/findings')]);
      connection.hidden = true;
      document.getElementById('login').hidden = true;
      document.getElementById('token-state').hidden = !token();
      renderSource(source);
      renderTable('deployments', deployments, deploymentBody, 'deployments-empty', 'deployment-count', 'deployment');
      renderTable('routes', routes, routeBody, 'routes-empty', 'route-count', 'route');
      renderFindings(findings);
      document.getElementById('refreshed').textContent = 'Last refreshed ' + new Date().toLocaleTimeString() + '.';
      document.body.dataset.loaded = 'true';
    } catch (e) {
      if (e.auth) {
        showLogin(e.message);
      } else {
        connection.textContent = 'Cannot read the daemon\'s API (' + e.message + '); retrying every 5 seconds.';
        connection.hidden = false;
      }
    } finally {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  document.getElementById('login-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = document.getElementById('token-input').value.trim();
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
      document.getElementById('token-input').value = '';
      document.getElementById('login').hidden = true;
      rendered.clear();
      refresh();
    }
  });
  document.getElementById('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    document.getElementById('token-state').hidden = true;
  });

  refresh();
})();
