// app.js - progressive enhancement: a dialog before actions that cannot be
// undone; on the report edit page autosave with conflict handling, adding
// and removing table rows, NUTS suggestions for region names, validation
// hints, and a warning before leaving unsaved changes. Every page works without it; no data is ever put into HTML here
// (textContent only), and nothing is inline (the CSP forbids it).
(function () {
  'use strict';

  // After a failed submit or a conflict, bring the summary into focus so
  // that screen reader and keyboard users start there.
  function focusSummary() {
    var box = document.getElementById('errors') || document.getElementById('conflicts');
    if (box) box.focus();
  }

  // Actions that cannot be undone (submit, return, accept, decide) ask
  // first: a form or submit button with data-confirm opens a dialog with
  // that question; confirming posts the form with confirmed=yes (without
  // JavaScript the server asks on a page of its own). Runs in the capture
  // phase, before the edit page's own submit handler.
  var confirmedSubmitter = null;
  function confirmDialog(question, label, onYes) {
    var d = document.createElement('dialog');
    d.className = 'confirm-dialog';
    d.setAttribute('aria-labelledby', 'confirm-dialog-title');
    var h = document.createElement('h2');
    h.id = 'confirm-dialog-title';
    h.textContent = question;
    var row = document.createElement('div');
    row.className = 'actions-row';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'confirm-yes';
    yes.textContent = label || 'Confirm';
    var no = document.createElement('button');
    no.type = 'button';
    no.className = 'secondary confirm-no';
    no.textContent = 'Cancel';
    row.appendChild(yes);
    row.appendChild(no);
    d.appendChild(h);
    d.appendChild(row);
    document.body.appendChild(d);
    function close() {
      d.close();
      d.remove();
    }
    yes.addEventListener('click', function () {
      close();
      onYes();
    });
    no.addEventListener('click', close);
    d.addEventListener('cancel', function () {
      setTimeout(function () { d.remove(); }, 0);
    });
    d.showModal();
    no.focus();
  }
  document.addEventListener('submit', function (e) {
    var f = e.target;
    var by = e.submitter || null;
    var host = by && by.dataset && by.dataset.confirm ? by : f.dataset && f.dataset.confirm ? f : null;
    if (!host || typeof HTMLDialogElement === 'undefined') return;
    if (confirmedSubmitter === by && f.querySelector('input[name="confirmed"]')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    confirmDialog(host.dataset.confirm, host.dataset.confirmLabel, function () {
      var c = f.querySelector('input[name="confirmed"]');
      if (!c) {
        c = document.createElement('input');
        c.type = 'hidden';
        c.name = 'confirmed';
        f.appendChild(c);
      }
      c.value = 'yes';
      confirmedSubmitter = by;
      if (f.requestSubmit) f.requestSubmit(by || undefined);
      else f.submit();
    });
  }, true);

  var form = document.getElementById('report-form');
  if (!form) {
    document.addEventListener('DOMContentLoaded', focusSummary);
    return;
  }

  var SAVE_DELAY = 1500;
  var RETRY_DELAY = 10000;
  var draftUrl = form.dataset.draftUrl;
  var nutsUrl = form.dataset.nutsUrl;
  var nutsVersion = form.dataset.nutsVersion || '';
  var statusBox = document.getElementById('save-status');
  var baseField = form.elements.namedItem('base_revision');
  var csrfField = form.elements.namedItem('csrf');

  // WCAG 2.2, 2.4.11: the field that takes focus never stays hidden behind
  // the sticky bar of actions at the bottom; the page scrolls it clear.
  var bar = form.querySelector('.form-actions');
  if (bar) {
    form.addEventListener('focusin', function (e) {
      if (bar.contains(e.target)) return;
      var a = e.target.getBoundingClientRect();
      var b = bar.getBoundingClientRect();
      if (a.bottom <= b.top || a.top >= b.bottom) return;
      var by = a.bottom - b.top + 8;
      // Taller than the room above the bar: its top comes first.
      if (a.top - by < 0) by = Math.max(0, a.top - 8);
      if (by > 0) window.scrollBy(0, by);
    });
  }

  var dirty = false; // changes not yet sent
  var inFlight = false; // a save request is running
  var again = false; // more changes came while it ran
  var submitting = false; // the form itself is being posted
  var timer = null;
  var touched = new Set(); // questions changed since the last sent save

  function setStatus(text) {
    if (statusBox && statusBox.textContent !== text) statusBox.textContent = text;
  }

  function questionOf(el) {
    var sec = el.closest ? el.closest('.q') : null;
    return sec ? sec.dataset.question : null;
  }

  function section(qid) {
    return document.getElementById('q-' + qid);
  }

  // ---- the answers in the form, as the document's "answers" object ----

  function collectAnswers() {
    var answers = {};
    var rows = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf('a.') !== 0 || el.disabled) return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      var p = el.name.slice(2).split('.');
      if (p.length === 1) {
        answers[p[0]] = el.value;
      } else if (p.length === 2) {
        answers[p[0]] = answers[p[0]] || {};
        answers[p[0]][p[1]] = el.value;
      } else if (p.length === 3) {
        rows[p[0]] = rows[p[0]] || {};
        rows[p[0]][p[1]] = rows[p[0]][p[1]] || {};
        rows[p[0]][p[1]][p[2]] = el.value;
      }
    });
    Object.keys(rows).forEach(function (q) {
      answers[q] = Object.keys(rows[q])
        .map(Number)
        .sort(function (a, b) { return a - b; })
        .map(function (k) { return rows[q][k]; });
    });
    return answers;
  }

  // Field name -> value for one question's answer.
  function flatten(qid, v, out) {
    if (typeof v === 'string') {
      out['a.' + qid] = v;
    } else if (Array.isArray(v)) {
      v.forEach(function (row, i) {
        Object.keys(row || {}).forEach(function (c) { out['a.' + qid + '.' + i + '.' + c] = row[c]; });
      });
    } else if (v && typeof v === 'object') {
      Object.keys(v).forEach(function (k) { out['a.' + qid + '.' + k] = v[k]; });
    }
    return out;
  }

  function setElement(el, value) {
    if (el.type === 'radio') {
      el.checked = el.value === value;
    } else if (el.value !== value) {
      el.value = value;
    }
  }

  // Puts an answer (or, with sub, one likert row or group field) into the
  // question's inputs; what the answer lacks is cleared.
  function setPart(qid, sub, v) {
    var sec = section(qid);
    if (!sec) return;
    if (sub !== undefined) {
      var name = 'a.' + qid + '.' + sub;
      sec.querySelectorAll('[name]').forEach(function (el) {
        if (el.name === name) setElement(el, typeof v === 'string' ? v : '');
      });
      return;
    }
    if (Array.isArray(v)) {
      var tbody = sec.querySelector('tbody[data-rows]');
      if (tbody) {
        while (tbody.rows.length < v.length && addRowElement(tbody)) { /* grow */ }
      }
    }
    var map = flatten(qid, v, {});
    sec.querySelectorAll('[name]').forEach(function (el) {
      if (el.name.indexOf('a.' + qid) !== 0) return;
      var val = Object.prototype.hasOwnProperty.call(map, el.name) ? map[el.name] : '';
      setElement(el, val);
    });
    sec.querySelectorAll('tbody[data-rows]').forEach(showFilledRows);
  }

  function splitPath(path) {
    var i = path.indexOf('.');
    return i < 0 ? [path, undefined] : [path.slice(0, i), path.slice(i + 1)];
  }

  // Takes the answers of a merged save into the questions not changed here
  // since the request left.
  function fillAnswers(answers, skip) {
    document.querySelectorAll('.q[data-question]').forEach(function (sec) {
      var q = sec.dataset.question;
      if (skip.has(q) || touched.has(q)) return;
      setPart(q, undefined, answers[q]);
    });
  }

  // ---- hints ----

  // One finding as a list item (the server writes the same).
  function findingItem(f, q, withRow) {
    var li = document.createElement('li');
    li.className = f.severity === 'error' ? 'error' : 'warning';
    var strong = document.createElement('strong');
    strong.textContent = f.severity === 'error' ? 'Error:' : 'Warning:';
    li.appendChild(strong);
    li.appendChild(document.createTextNode(' ' + (f.row && withRow ? 'Row ' + f.row + ': ' : '') + f.message));
    if (f.suggestion) {
      var s = document.createElement('span');
      s.className = 'suggestion';
      s.textContent = ' Suggestion: ' + f.suggestion;
      li.appendChild(s);
    }
    if (f.suggestion && f.column && f.row) {
      // One click applies it (see "applying a suggestion").
      var b = document.createElement('button');
      b.type = 'submit';
      b.name = 'apply';
      b.className = 'secondary small apply';
      b.value = q + '.' + (f.row - 1) + '.' + f.column + '=' + f.suggestion;
      b.textContent = 'Apply';
      var hid = document.createElement('span');
      hid.className = 'visually-hidden';
      hid.textContent = ' ' + f.suggestion + ' to row ' + f.row;
      b.appendChild(hid);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(b);
    }
    return li;
  }

  // A finding about a row of a table sits on that row (in its first
  // cell, named by the row's fields); the others under the question.
  function rowCell(q, row) {
    var sec = section(q);
    var tbody = sec ? sec.querySelector('tbody[data-rows]') : null;
    var tr = tbody && row ? tbody.rows[row - 1] : null;
    return tr ? tr.querySelector('td') : null;
  }

  // Findings that come back while a button is pressed wait until it is
  // released: text put above the button would move it from under the
  // pointer, and the click would land elsewhere or nowhere.
  var pressed = false;
  var heldFindings = null;
  document.addEventListener('pointerdown', function () { pressed = true; }, true);
  function release() {
    if (!pressed) return;
    pressed = false;
    // After the click that ends the press has been dispatched.
    setTimeout(function () {
      if (pressed || heldFindings === null) return;
      var f = heldFindings;
      heldFindings = null;
      showFindings(f);
    }, 0);
  }
  document.addEventListener('pointerup', release, true);
  document.addEventListener('pointercancel', release, true);

  function showFindings(findings) {
    if (pressed) {
      heldFindings = findings || [];
      return;
    }
    heldFindings = null;
    var byQ = {};
    (findings || []).forEach(function (f) {
      if (!f.field) return;
      var q = f.field.split('.')[0];
      (byQ[q] = byQ[q] || []).push(f);
    });
    form.querySelectorAll('.row-findings').forEach(function (n) {
      var tr = n.closest('tr');
      if (tr) {
        tr.querySelectorAll('[aria-describedby]').forEach(function (el) {
          var d = el.getAttribute('aria-describedby').split(' ').filter(function (x) { return x && x !== n.id; });
          if (d.length) el.setAttribute('aria-describedby', d.join(' '));
          else el.removeAttribute('aria-describedby');
        });
      }
      n.remove();
    });
    document.querySelectorAll('.q .hint').forEach(function (hint) {
      var q = hint.closest('.q').dataset.question;
      var list = byQ[q] || [];
      hint.textContent = '';
      var ul = document.createElement('ul');
      list.forEach(function (f) {
        var cell = rowCell(q, f.row);
        if (!cell) {
          ul.appendChild(findingItem(f, q, true));
          return;
        }
        var box = cell.querySelector('.row-findings');
        if (!box) {
          box = document.createElement('ul');
          box.className = 'row-findings';
          box.id = 'rf-' + q + '-' + (f.row - 1);
          cell.appendChild(box);
          cell.closest('tr').querySelectorAll('input, textarea, select').forEach(function (el) {
            var d = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
            if (d.indexOf(box.id) < 0) d.push(box.id);
            el.setAttribute('aria-describedby', d.join(' '));
          });
        }
        box.appendChild(findingItem(f, q, false));
      });
      if (ul.children.length) hint.appendChild(ul);
    });
  }

  function validateNow() {
    return fetch(form.dataset.validateUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ form: form.dataset.form, answers: collectAnswers() })
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (f) { if (Array.isArray(f)) showFindings(f); })
      .catch(function () { /* hints are a help, not a must */ });
  }

  // ---- conflicts ----

  function openConflicts() {
    return document.querySelectorAll('.conflict[data-path]:not([data-done])').length;
  }

  function valueText(v) {
    if (v === null || v === undefined || v === '') return '(no answer)';
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) {
      return v.map(function (row, i) {
        return (i + 1) + '. ' + Object.keys(row).map(function (k) { return row[k]; }).filter(Boolean).join('; ');
      }).join('\n');
    }
    return Object.keys(v).map(function (k) { return k + ': ' + v[k]; }).join('\n');
  }

  function conflictData(div, which) {
    try {
      return JSON.parse(div.dataset[which]);
    } catch (e) {
      return null;
    }
  }

  // The fields follow the chosen version; "Done" closes the block and lets
  // autosave go on.
  function enhanceConflict(div) {
    if (div.dataset.enhanced) return;
    div.dataset.enhanced = '1';
    var path = splitPath(div.dataset.path);
    div.addEventListener('change', function (e) {
      if (!e.target.name || e.target.name.indexOf('conflict.') !== 0) return;
      var v = conflictData(div, e.target.value === 'theirs' ? 'theirs' : 'mine');
      setPart(path[0], path[1], v === null ? undefined : v);
    });
    var done = document.createElement('button');
    done.type = 'button';
    done.className = 'conflict-done';
    done.textContent = 'Done: keep the chosen version';
    done.addEventListener('click', function () {
      var sec = div.closest('.q');
      div.dataset.done = '1';
      div.remove();
      touched.add(path[0]);
      dirty = true;
      if (openConflicts() === 0) schedule(0);
      var first = sec && sec.querySelector('input, select, textarea');
      if (first) first.focus();
    });
    div.appendChild(done);
  }

  function addConflict(c) {
    var path = splitPath(c.question);
    var sec = section(path[0]);
    if (!sec) return;
    var old = sec.querySelector('.conflict[data-path="' + CSS.escape(c.question) + '"]');
    if (old) old.remove();
    var id = 'cf-' + c.question;
    var div = document.createElement('div');
    div.className = 'conflict';
    div.setAttribute('role', 'group');
    div.setAttribute('aria-labelledby', id);
    div.dataset.path = c.question;
    div.dataset.mine = JSON.stringify(c.mine === undefined ? null : c.mine);
    div.dataset.theirs = JSON.stringify(c.theirs === undefined ? null : c.theirs);
    var title = document.createElement('p');
    title.className = 'conflict-title';
    title.id = id;
    var strong = document.createElement('strong');
    strong.textContent = 'Someone else saved a different answer here while you were editing' + (path[1] && c.label ? ': ' + c.label : '');
    title.appendChild(strong);
    div.appendChild(title);
    var versions = document.createElement('div');
    versions.className = 'versions';
    [['mine', 'Your version (now in the fields)', c.mine], ['theirs', 'Saved by someone else', c.theirs]].forEach(function (v) {
      var box = document.createElement('div');
      box.className = v[0];
      var t = document.createElement('p');
      t.className = 'version-title';
      t.textContent = v[1];
      var val = document.createElement('div');
      val.className = 'value';
      val.textContent = valueText(v[2]);
      box.appendChild(t);
      box.appendChild(val);
      versions.appendChild(box);
    });
    div.appendChild(versions);
    var fs = document.createElement('fieldset');
    fs.className = 'conflict-choice';
    var lg = document.createElement('legend');
    lg.textContent = 'Which version should be kept?';
    fs.appendChild(lg);
    [['mine', 'cfm-', 'Keep my version (with any edits I make)'], ['theirs', 'cft-', 'Take the saved version']].forEach(function (o) {
      var span = document.createElement('span');
      var r = document.createElement('input');
      r.type = 'radio';
      r.name = 'conflict.' + c.question;
      r.value = o[0];
      r.id = o[1] + c.question;
      r.checked = o[0] === 'mine';
      var l = document.createElement('label');
      l.htmlFor = r.id;
      l.textContent = o[2];
      span.appendChild(r);
      span.appendChild(l);
      fs.appendChild(span);
    });
    div.appendChild(fs);
    var hint = sec.querySelector('.hint');
    sec.insertBefore(div, hint);
    enhanceConflict(div);
  }

  // ---- autosave ----

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function markDirty(el) {
    var q = questionOf(el);
    if (!q) return;
    touched.add(q);
    dirty = true;
    schedule(SAVE_DELAY);
  }

  function save() {
    if (submitting || !dirty) return;
    if (openConflicts() > 0) {
      setStatus('Conflict');
      return;
    }
    if (inFlight) {
      again = true;
      return;
    }
    var sent = new Set(touched);
    touched.clear();
    dirty = false;
    inFlight = true;
    setStatus('Saving…');
    fetch(draftUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRF-Token': csrfField ? csrfField.value : ''
      },
      body: JSON.stringify({ base_revision: Number(baseField.value), answers: collectAnswers() })
    })
      .then(function (r) {
        return r.json().catch(function () { return null; }).then(function (j) { return { r: r, j: j }; });
      })
      .then(function (res) {
        var r = res.r;
        var j = res.j;
        if (r.status === 409 && j && Array.isArray(j.conflicts)) {
          baseField.value = j.revision;
          if (j.answers) fillAnswers(j.answers, new Set(j.conflicts.map(function (c) { return c.question.split('.')[0]; })));
          j.conflicts.forEach(addConflict);
          sent.forEach(function (q) { touched.add(q); });
          dirty = true;
          setStatus('Conflict');
          validateNow();
          return;
        }
        if (!r.ok) {
          sent.forEach(function (q) { touched.add(q); });
          dirty = true;
          if (r.status === 403) setStatus('Not saved — you may have been logged out, or the report can no longer be edited: copy your text and reload the page');
          else if (r.status === 409) { setStatus('Not saved — retrying'); schedule(SAVE_DELAY); }
          else if (r.status === 413) setStatus('Not saved — the report is too large');
          else if (r.status === 400) setStatus('Not saved — ' + ((j && j.error) || 'an answer was refused'));
          else setStatus('Not saved');
          return;
        }
        baseField.value = j.revision;
        // What this save sent is on the server as sent; the rest may be
        // someone else's, merged in.
        if (j.merged && j.answers) fillAnswers(j.answers, sent);
        showFindings(j.findings);
        setStatus(dirty ? 'Saving…' : 'Saved');
      })
      .catch(function () {
        sent.forEach(function (q) { touched.add(q); });
        dirty = true;
        setStatus('Not saved — offline?');
        schedule(RETRY_DELAY);
      })
      .then(function () {
        inFlight = false;
        if (again) {
          again = false;
          schedule(SAVE_DELAY);
        }
      });
  }

  form.addEventListener('input', function (e) { markDirty(e.target); });
  form.addEventListener('change', function (e) {
    if (e.target.name && e.target.name.indexOf('a.') === 0) markDirty(e.target);
  });
  form.addEventListener('focusout', function (e) {
    if (dirty && e.target.name && e.target.name.indexOf('a.') === 0) schedule(0);
  });
  form.addEventListener('submit', function () {
    submitting = true;
    clearTimeout(timer);
  });
  window.addEventListener('beforeunload', function (e) {
    if (submitting || (!dirty && !inFlight && openConflicts() === 0)) return;
    e.preventDefault();
    e.returnValue = '';
  });

  // ---- table rows ----

  function rowFields(tr) {
    return Array.prototype.slice.call(tr.querySelectorAll('input, textarea, select'));
  }

  function rowEmpty(tr) {
    return rowFields(tr).every(function (el) { return el.value.trim() === ''; });
  }

  function visibleRows(tbody) {
    return Array.prototype.filter.call(tbody.rows, function (tr) { return !tr.hidden; });
  }

  function rowNoun(tbody) {
    return tbody.dataset.kind === 'regions' ? 'region' : 'row';
  }

  // Renumbers a row (a clone) to index i: names, ids, labels, header.
  function renumber(tr, i, tbody) {
    var q = tbody.dataset.rows;
    tr.dataset.row = String(i);
    var th = tr.querySelector('th');
    if (th) th.textContent = String(i + 1);
    rowFields(tr).forEach(function (el) {
      var col = el.dataset.col;
      el.name = 'a.' + q + '.' + i + '.' + col;
      el.id = 'f-' + q + '-' + i + '-' + col;
      el.removeAttribute('aria-activedescendant');
      if (el.getAttribute('role') === 'combobox') el.setAttribute('aria-expanded', 'false');
    });
    tr.querySelectorAll('label').forEach(function (l) {
      var el = l.nextElementSibling;
      if (!el) return;
      l.htmlFor = el.id;
      var head = tbody.closest('table').tHead.rows[0].cells[l.closest('td').cellIndex];
      l.textContent = (head ? head.textContent : el.dataset.col) + ', ' + rowNoun(tbody) + ' ' + (i + 1);
    });
    var rm = tr.querySelector('.row-remove');
    if (rm) rm.textContent = 'Remove ' + rowNoun(tbody) + ' ' + (i + 1);
  }

  function maxRows(tbody) {
    return Number(tbody.dataset.maxRows) || 10;
  }

  // Shows one more row (an existing hidden one, or a new copy); false at the limit.
  function addRowElement(tbody) {
    var hidden = Array.prototype.find.call(tbody.rows, function (tr) { return tr.hidden; });
    if (hidden) {
      hidden.hidden = false;
      return hidden;
    }
    if (tbody.rows.length >= maxRows(tbody)) return null;
    var last = tbody.rows[tbody.rows.length - 1];
    var tr = last.cloneNode(true);
    tr.querySelectorAll('.suggestions, .row-findings').forEach(function (n) { n.remove(); });
    rowFields(tr).forEach(function (el) { el.removeAttribute('aria-describedby'); });
    rowFields(tr).forEach(function (el) { el.value = ''; });
    renumber(tr, tbody.rows.length, tbody);
    tbody.appendChild(tr);
    return tr;
  }

  function updateRowButtons(tbody) {
    var add = tbody.closest('fieldset').querySelector('.row-add');
    var n = visibleRows(tbody).length;
    var full = n >= maxRows(tbody);
    if (add) {
      add.disabled = full;
      add.title = full ? 'At most ' + maxRows(tbody) + ' ' + rowNoun(tbody) + 's' : '';
    }
  }

  // Filled rows plus one empty row are shown; the rest wait hidden.
  function showFilledRows(tbody) {
    var rows = Array.prototype.slice.call(tbody.rows);
    var last = -1;
    rows.forEach(function (tr, i) { if (!rowEmpty(tr)) last = i; });
    rows.forEach(function (tr, i) { tr.hidden = i > last + 1; });
    updateRowButtons(tbody);
  }

  function announce(text) {
    var live = document.getElementById('app-announce');
    if (!live) {
      live = document.createElement('p');
      live.id = 'app-announce';
      live.className = 'visually-hidden';
      live.setAttribute('aria-live', 'polite');
      form.appendChild(live);
    }
    live.textContent = text;
  }

  function removeRow(tbody, tr) {
    var rows = visibleRows(tbody);
    var at = rows.indexOf(tr);
    // Later rows move up, so that the numbers stay without gaps.
    for (var i = at; i < rows.length - 1; i++) {
      var to = rowFields(rows[i]);
      var from = rowFields(rows[i + 1]);
      to.forEach(function (el, k) { el.value = from[k].value; });
    }
    var lastRow = rows[rows.length - 1];
    rowFields(lastRow).forEach(function (el) { el.value = ''; });
    if (rows.length > 1) lastRow.hidden = true;
    updateRowButtons(tbody);
    markDirty(tbody);
    announce(rowNoun(tbody) === 'region' ? 'Region removed' : 'Row removed');
    var focusRow = visibleRows(tbody)[Math.min(at, visibleRows(tbody).length - 1)];
    var f = focusRow && rowFields(focusRow)[0];
    if (f) f.focus();
  }

  function enhanceRows(tbody) {
    var table = tbody.closest('table');
    var th = document.createElement('th');
    th.scope = 'col';
    th.textContent = 'Remove';
    table.tHead.rows[0].appendChild(th);
    Array.prototype.forEach.call(tbody.rows, function (tr, i) {
      var td = document.createElement('td');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'row-remove';
      b.textContent = 'Remove ' + rowNoun(tbody) + ' ' + (i + 1);
      td.appendChild(b);
      tr.appendChild(td);
    });
    tbody.addEventListener('click', function (e) {
      var b = e.target.closest('.row-remove');
      if (b) removeRow(tbody, b.closest('tr'));
    });
    var add = document.createElement('button');
    add.type = 'button';
    add.className = 'row-add';
    add.textContent = rowNoun(tbody) === 'region' ? 'Add a region' : 'Add a row';
    add.addEventListener('click', function () {
      var tr = addRowElement(tbody);
      updateRowButtons(tbody);
      if (!tr) return;
      announce((rowNoun(tbody) === 'region' ? 'Region ' : 'Row ') + (tr.sectionRowIndex + 1) + ' added');
      var f = rowFields(tr)[0];
      if (f) f.focus();
    });
    table.parentNode.insertBefore(add, table.nextSibling);
    showFilledRows(tbody);
  }

  // ---- NUTS suggestions (an ARIA 1.2 combobox on region names) ----

  var listbox = null;
  var nutsStatus = null;
  var current = null; // the input the list belongs to
  var options = [];
  var active = -1;
  var nutsTimer = null;
  var nutsSeq = 0;

  function closeList() {
    if (!listbox) return;
    listbox.hidden = true;
    if (current) {
      current.setAttribute('aria-expanded', 'false');
      current.removeAttribute('aria-activedescendant');
    }
    active = -1;
  }

  function setActive(i) {
    var items = listbox.children;
    if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute('aria-selected', 'true');
      current.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    } else {
      current.removeAttribute('aria-activedescendant');
    }
  }

  function choose(i) {
    var o = options[i];
    if (!o || !current) return;
    var tr = current.closest('tr');
    var set = function (col, v) {
      var el = tr.querySelector('[data-col="' + col + '"]');
      if (el) el.value = v;
    };
    // The region keeps the name the partnership wrote; only a misspelling
    // (a suggestion from the names near it) or an empty name is replaced.
    var renamed = o.near || !current.value.trim();
    if (renamed) set('name', o.name);
    set('country', o.country);
    set('nuts', o.code);
    closeList();
    markDirty(current);
    announce((renamed ? o.name + ', ' : '') + o.code + ' chosen');
  }

  function showOptions(list) {
    options = list;
    listbox.textContent = '';
    list.forEach(function (o, i) {
      var li = document.createElement('li');
      li.id = 'nuts-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = (o.near ? 'Did you mean ' : '') + o.name + (o.label && o.label !== o.name ? ' (' + o.label + ')' : '') + ', ' + o.country + ', ' + o.code + (o.near ? '?' : '');
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { choose(i); });
      listbox.appendChild(li);
    });
    var open = list.length > 0;
    listbox.hidden = !open;
    current.setAttribute('aria-expanded', open ? 'true' : 'false');
    active = -1;
    nutsStatus.textContent = open ? list.length + ' suggestion' + (list.length === 1 ? '' : 's') + ': use the arrow keys' : '';
  }

  function lookUp(input) {
    var q = input.value.trim();
    var seq = ++nutsSeq;
    if (q.length < 2) {
      closeList();
      return;
    }
    var tr = input.closest('tr');
    var cc = tr ? tr.querySelector('[data-col="country"]') : null;
    var url = nutsUrl + '?q=' + encodeURIComponent(q) + (nutsVersion ? '&version=' + encodeURIComponent(nutsVersion) : '') +
      (cc && cc.value.trim() ? '&country=' + encodeURIComponent(cc.value.trim()) : '');
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        if (seq !== nutsSeq || input !== current || document.activeElement !== input) return;
        showOptions(Array.isArray(list) ? list : []);
      })
      .catch(function () { closeList(); });
  }

  function attachList(input) {
    if (!listbox) {
      listbox = document.createElement('ul');
      listbox.id = 'nuts-suggestions';
      listbox.className = 'suggestions';
      listbox.setAttribute('role', 'listbox');
      listbox.setAttribute('aria-label', 'NUTS regions');
      listbox.hidden = true;
      nutsStatus = document.createElement('p');
      nutsStatus.className = 'visually-hidden';
      nutsStatus.setAttribute('aria-live', 'polite');
      form.appendChild(nutsStatus);
    }
    if (current && current !== input) closeList();
    current = input;
    input.parentNode.appendChild(listbox);
  }

  function isRegionName(el) {
    return el && el.dataset && el.dataset.col === 'name' && el.closest('tbody[data-kind="regions"]');
  }

  function comboboxify(input) {
    if (input.getAttribute('role') === 'combobox') return;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', 'nuts-suggestions');
    input.setAttribute('autocomplete', 'off');
  }

  form.addEventListener('focusin', function (e) {
    if (isRegionName(e.target)) attachList(e.target);
  });
  form.addEventListener('input', function (e) {
    if (!isRegionName(e.target)) return;
    attachList(e.target);
    clearTimeout(nutsTimer);
    nutsTimer = setTimeout(function () { lookUp(e.target); }, 250);
  });
  form.addEventListener('keydown', function (e) {
    if (!isRegionName(e.target) || !listbox || e.target !== current) return;
    var open = !listbox.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) lookUp(current);
      else setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      closeList();
    }
  });
  form.addEventListener('focusout', function (e) {
    if (isRegionName(e.target)) setTimeout(closeList, 150);
  });

  // ---- applying a suggestion ----

  // An Apply button of a finding puts its value in its cell at once (and,
  // for a NUTS code, the code's country), keeps the region's name, and
  // lets the autosave store it; without JavaScript the button posts the
  // form and the server does the same.
  form.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button.apply') : null;
    if (!b || !form.contains(b)) return;
    var eq = b.value.indexOf('=');
    if (eq < 0) return;
    var path = b.value.slice(0, eq);
    var value = b.value.slice(eq + 1);
    var field = form.elements.namedItem('a.' + path);
    if (!field || !field.tagName || field.tagName !== 'INPUT') return;
    e.preventDefault();
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    if (/\.nuts$/.test(path) && value.length >= 2) {
      var country = form.elements.namedItem('a.' + path.replace(/\.nuts$/, '.country'));
      if (country && country.tagName === 'INPUT' && country.value.slice(0, 2) !== value.slice(0, 2)) {
        country.value = value.slice(0, 2);
        country.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
    var li = b.closest('li');
    if (li) li.classList.add('applied');
    b.remove();
    field.focus();
    setStatus('Suggestion applied; saving…');
  });

  // ---- start ----

  function init() {
    form.querySelectorAll('tbody[data-rows]').forEach(enhanceRows);
    form.querySelectorAll('tbody[data-kind="regions"] [data-col="name"]').forEach(comboboxify);
    form.querySelectorAll('.conflict[data-path]').forEach(enhanceConflict);
    if (openConflicts() > 0) setStatus('Conflict');
    focusSummary();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
