/*
 * ClearChecks sandbox stand-in for the vendor's report widget.
 *   var w = window.ClearChecksReportWidget.init({ token: '<report_token>' }); w.open();
 * open() fetches /_widget/report?token=... from this script's own origin (which
 * consumes the single-use token) and shows the report in a modal overlay.
 * Plain DOM with text nodes only (data is never parsed as HTML), CSSOM styles so a
 * strict CSP host page works.
 */
(function () {
  'use strict';
  var current = document.currentScript;
  var ORIGIN = current && current.src ? new URL(current.src).origin : window.location.origin;

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) { Object.assign(node.style, style); }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function statusWords(status, flagged) {
    switch (status) {
      case 'A': return 'Waiting for applicant';
      case 'P': case 'R': return 'In progress';
      case 'C': return flagged ? 'Complete \u2014 needs your review' : 'Complete \u2014 clear';
      case 'V': return 'Pre-adverse action notice sent';
      case 'X': return 'Final adverse action notice sent';
      default: return 'Status ' + status;
    }
  }

  function dateText(value) {
    if (!value) { return '\u2014'; }
    if (typeof value === 'object' && value.date) { return String(value.date).slice(0, 10); }
    return String(value).slice(0, 10);
  }

  function section(parent, title) {
    var box = el('section', { marginTop: '18px' });
    box.appendChild(el('h3', { fontSize: '15px', margin: '0 0 6px', color: '#1d3b66' }, title));
    parent.appendChild(box);
    return box;
  }

  function table(parent, headers, rows) {
    if (!rows.length) { parent.appendChild(el('p', { margin: '4px 0', color: '#52606d' }, 'None found.')); return; }
    var t = el('table', { borderCollapse: 'collapse', width: '100%', fontSize: '13px' });
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', { textAlign: 'left', borderBottom: '1px solid #cfd7e3', padding: '4px 6px' }, h)); });
    t.appendChild(head);
    rows.forEach(function (row) {
      var tr = el('tr');
      row.forEach(function (cell) { tr.appendChild(el('td', { borderBottom: '1px solid #eef2f7', padding: '4px 6px', verticalAlign: 'top' }, cell)); });
      t.appendChild(tr);
    });
    parent.appendChild(t);
  }

  function renderReport(body, data) {
    var r = data.report || {};
    var s = r.subject || {};
    var name = [s.first_name, s.middle_name, s.last_name].filter(Boolean).join(' ') || r.applicant_email || 'Applicant';
    body.appendChild(el('h2', { margin: '0 0 4px', fontSize: '20px' }, name));
    if (data.company_name) { body.appendChild(el('p', { margin: '0 0 8px', color: '#52606d' }, 'Ordered by ' + data.company_name)); }
    var badge = el('span', {
      display: 'inline-block', padding: '3px 10px', borderRadius: '12px', fontSize: '13px', fontWeight: '600',
      background: r.flagged_for_end_user_review ? '#fff1d6' : '#e3f2e6', color: r.flagged_for_end_user_review ? '#8a5a00' : '#1f6b34'
    }, statusWords(r.status, r.flagged_for_end_user_review));
    badge.setAttribute('data-testid', 'cc-report-status');
    body.appendChild(badge);

    var facts = section(body, 'Summary');
    table(facts, ['Package', 'Ordered', 'Completed', 'SSN'], [[r.report_description || r.report_sku || '', dateText(r.order_date), dateText(r.completed_date), s.ssn || '\u2014']]);
    if (r.ssn_trace && r.ssn_trace.message) { facts.appendChild(el('p', { margin: '6px 0 0' }, 'SSN trace: ' + r.ssn_trace.message)); }

    if (r.address_history) {
      table(section(body, 'Address history'), ['Address', 'City', 'State', 'ZIP', 'Reported'],
        (r.address_history.addresses || []).map(function (a) {
          var ad = a.address || {};
          var rd = a.record_date || {};
          return [[ad.street_number, ad.street_name, ad.street_suffix].filter(Boolean).join(' '), a.city || '', a.state || '', a.zipcode || '', (rd.first || '?') + ' \u2013 ' + (rd.last || '?')];
        }));
    }
    if (r.county_criminal) {
      table(section(body, 'County criminal searches'), ['County', 'State', 'Result'],
        (r.county_criminal.county_records || []).map(function (c) { return [c.county || '', c.state || '', c.result || '']; }));
    }
    if (r.criminal_records) {
      var crim = section(body, 'Criminal records (' + (r.criminal_records.count || 0) + ')');
      var records = r.criminal_records.records || [];
      if (!records.length) { crim.appendChild(el('p', { margin: '4px 0', color: '#52606d' }, 'None found.')); }
      records.forEach(function (rec) {
        var card = el('div', { border: '1px solid #f0d9a8', background: '#fffaf0', borderRadius: '6px', padding: '8px 10px', marginBottom: '8px' });
        card.setAttribute('data-testid', 'cc-report-record');
        card.appendChild(el('strong', null, 'Case ' + (rec.case_number || '') + ' \u2014 ' + (rec.jurisdiction || '')));
        (rec.offenses || []).forEach(function (o) {
          card.appendChild(el('p', { margin: '4px 0 0', fontSize: '13px' },
            (o.offensedescription || '') + ' (' + (o.casetype || '') + '), offense ' + (o.offensedate || '?') + '. ' + (o.comments || '')));
        });
        crim.appendChild(card);
      });
    }
    if (r.blj) {
      var blj = section(body, 'Bankruptcies, liens and judgments');
      table(blj, ['Type', 'Detail', 'Amount', 'First seen'], []
        .concat((r.blj.liens || []).map(function (l) { return ['Lien', (l.lien_type || '') + ' \u2014 ' + (l.issuing_agency || ''), l.amount || '', l.first_seen || '']; }))
        .concat((r.blj.bankruptcies || []).map(function (b) { return ['Bankruptcy', 'Chapter ' + (b.chapter || '?'), b.assets || '', b.first_seen || '']; }))
        .concat((r.blj.judgments || []).map(function (j) { return ['Judgment', '', '', j.first_seen || '']; })));
    }
    var extras = [['employment', 'Employment verification'], ['education', 'Education verification'], ['mvr', 'Motor vehicle record'], ['drug', 'Drug test']];
    extras.forEach(function (pair) {
      var part = r[pair[0]];
      if (!part) { return; }
      var detail = part.result || part.license_status || (part.verified ? 'Verified' : '') || '';
      section(body, pair[1]).appendChild(el('p', { margin: '4px 0' }, detail || 'Complete'));
    });
    if (!r.status || r.status === 'A' || r.status === 'P' || r.status === 'R') {
      body.appendChild(el('p', { marginTop: '16px', color: '#52606d' }, 'The report is not complete yet; results appear here once it is.'));
    }
  }

  function open(token, callbacks) {
    var overlay = el('div', {
      position: 'fixed', inset: '0', background: 'rgba(15,23,42,0.55)', zIndex: '2147483000',
      display: 'flex', alignItems: 'flex-start', justifyContent: 'center', overflowY: 'auto', padding: '32px 12px'
    });
    var panel = el('div', {
      background: '#fff', color: '#1d2733', borderRadius: '10px', width: 'min(820px, 100%)', padding: '20px 24px 28px',
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', fontSize: '14px', boxShadow: '0 10px 40px rgba(0,0,0,.3)'
    });
    panel.setAttribute('data-testid', 'cc-report');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-label', 'Background report');
    var bar = el('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: '12px' });
    bar.appendChild(el('span', { fontWeight: '700', color: '#1d3b66' }, 'ClearChecks background report (sandbox)'));
    var close = el('button', { border: '1px solid #cfd7e3', background: '#fff', borderRadius: '6px', padding: '4px 12px', cursor: 'pointer' }, 'Close');
    close.type = 'button';
    close.setAttribute('data-testid', 'cc-report-close');
    bar.appendChild(close);
    panel.appendChild(bar);
    var body = el('div', null, 'Loading report\u2026');
    panel.appendChild(body);
    overlay.appendChild(panel);
    document.body.appendChild(overlay);

    function onKey(e) { if (e.key === 'Escape') { dismiss(); } }
    function dismiss() {
      document.removeEventListener('keydown', onKey);
      if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); }
      if (callbacks.onClose) { callbacks.onClose(); }
    }
    close.addEventListener('click', dismiss);
    document.addEventListener('keydown', onKey);

    function fail(message) {
      body.textContent = '';
      var box = el('div', { padding: '12px', background: '#fdecec', color: '#8a1c1c', borderRadius: '6px' }, message);
      box.setAttribute('data-testid', 'cc-report-error');
      body.appendChild(box);
      if (callbacks.onError) { callbacks.onError({ message: message }); }
    }

    fetch(ORIGIN + '/_widget/report?token=' + encodeURIComponent(token || ''), { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) { return { ok: response.ok, json: json }; });
      })
      .then(function (result) {
        if (!result.ok) { fail(result.json.message || 'The report could not be opened.'); return; }
        body.textContent = '';
        renderReport(body, result.json);
      })
      .catch(function () { fail('The report could not be loaded. Check your connection and try again.'); });
  }

  window.ClearChecksReportWidget = {
    init: function (options) {
      var opts = options || {};
      return { open: function () { open(opts.token, opts); } };
    }
  };
})();
