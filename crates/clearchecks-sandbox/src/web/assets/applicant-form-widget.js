/*
 * ClearChecks sandbox stand-in for the vendor's Applicant Form widget.
 *   var w = ClearChecksApplicantWidget.init({ reportKey, onSuccess, onClose, onError }); w.open();
 * The form posts to /_widget/applicant/{key} on this script's origin (A -> P);
 * onSuccess receives { report_key, application_complete: "1", created_at }.
 * All data is synthetic; "Fill with sample data" exists for demos and tests.
 */
(function () {
  'use strict';
  var current = document.currentScript;
  var ORIGIN = current && current.src ? new URL(current.src).origin : window.location.origin;
  var FIELDS = [
    ['first_name', 'First name', 'text', 'Zoë'], ['middle_name', 'Middle name (optional)', 'text', ''],
    ['last_name', 'Last name', 'text', 'Nguyễn'], ['dob', 'Date of birth', 'date', '1990-04-12'],
    ['ssn', 'Social Security number', 'text', '123-45-6789'], ['street', 'Street address', 'text', '1234 Maple Ave'],
    ['city', 'City', 'text', 'Denver'], ['state', 'State (2 letters)', 'text', 'CO'], ['zipcode', 'ZIP code', 'text', '80202']
  ];

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) { Object.assign(node.style, style); }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function call(fn, arg) { if (typeof fn === 'function') { try { fn(arg); } catch (e) { /* the host's bug, not ours */ } } }

  function open(opts) {
    var key = opts.reportKey;
    var overlay = el('div', { position: 'fixed', inset: '0', background: 'rgba(15,23,42,0.55)', zIndex: '2147483000', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', overflowY: 'auto', padding: '32px 12px' });
    var panel = el('div', { background: '#fff', color: '#1d2733', borderRadius: '10px', width: 'min(520px, 100%)', padding: '20px 24px', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', fontSize: '14px' });
    panel.setAttribute('data-testid', 'cc-applicant-form');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-label', 'Applicant form');
    panel.appendChild(el('h2', { fontSize: '18px', margin: '0 0 4px' }, 'Applicant information'));
    var intro = el('p', { margin: '0 0 12px', color: '#52606d' }, 'Sandbox form: enter synthetic data only.');
    panel.appendChild(intro);
    var form = el('form');
    form.noValidate = true;
    var inputs = {};
    var errors = {};
    FIELDS.forEach(function (f) {
      var label = el('label', { display: 'block', marginBottom: '8px' });
      label.appendChild(el('span', { display: 'block', fontWeight: '600', marginBottom: '2px' }, f[1]));
      var input = el('input', { width: '100%', boxSizing: 'border-box', padding: '6px 8px', border: '1px solid #cfd7e3', borderRadius: '5px' });
      input.type = f[2];
      input.name = f[0];
      input.setAttribute('data-testid', 'cc-applicant-' + f[0]);
      label.appendChild(input);
      var err = el('span', { display: 'block', color: '#a61b1b', fontSize: '12px' });
      label.appendChild(err);
      inputs[f[0]] = input;
      errors[f[0]] = err;
      form.appendChild(label);
    });
    var message = el('p', { minHeight: '1.2em', color: '#a61b1b' });
    message.setAttribute('data-testid', 'cc-applicant-message');
    form.appendChild(message);
    var buttons = el('div', { display: 'flex', gap: '8px', justifyContent: 'flex-end' });
    var fill = el('button', { background: '#fff', border: '1px solid #cfd7e3', borderRadius: '6px', padding: '8px 12px', cursor: 'pointer' }, 'Fill with sample data');
    fill.type = 'button';
    fill.setAttribute('data-testid', 'cc-applicant-fill');
    var cancel = el('button', { background: '#fff', border: '1px solid #cfd7e3', borderRadius: '6px', padding: '8px 12px', cursor: 'pointer' }, 'Cancel');
    cancel.type = 'button';
    var submit = el('button', { background: '#2a62b8', color: '#fff', border: '0', borderRadius: '6px', padding: '8px 14px', cursor: 'pointer' }, 'Submit');
    submit.type = 'submit';
    submit.setAttribute('data-testid', 'cc-applicant-submit');
    buttons.appendChild(fill);
    buttons.appendChild(cancel);
    buttons.appendChild(submit);
    form.appendChild(buttons);
    panel.appendChild(form);
    overlay.appendChild(panel);
    document.body.appendChild(overlay);

    function remove() { if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); } }
    cancel.addEventListener('click', function () { remove(); call(opts.onClose); });
    fill.addEventListener('click', function () { FIELDS.forEach(function (f) { inputs[f[0]].value = f[3]; }); });

    fetch(ORIGIN + '/_widget/applicant/' + encodeURIComponent(key || ''), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (res) {
        if (!res.ok) { message.textContent = res.json.message || 'This application link is not valid.'; submit.disabled = true; call(opts.onError, { message: message.textContent }); return; }
        intro.textContent = 'For ' + (res.json.company_name || 'your employer') + ' \u2014 ' + res.json.applicant_email + '. Sandbox form: enter synthetic data only.';
        if (res.json.submitted) { message.textContent = 'This application has already been submitted.'; submit.disabled = true; }
      })
      .catch(function () { message.textContent = 'The form could not be loaded.'; call(opts.onError, { message: message.textContent }); });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var payload = {};
      FIELDS.forEach(function (f) { payload[f[0]] = inputs[f[0]].value; errors[f[0]].textContent = ''; });
      message.textContent = '';
      submit.disabled = true;
      fetch(ORIGIN + '/_widget/applicant/' + encodeURIComponent(key || ''), {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(payload)
      })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, status: r.status, json: j }; }); })
        .then(function (res) {
          if (res.ok) {
            remove();
            call(opts.onSuccess, { report_key: res.json.report_key, application_complete: res.json.application_complete, created_at: res.json.created_at });
            return;
          }
          submit.disabled = res.status === 409;
          message.textContent = res.json.message || 'The form could not be submitted.';
          var fieldErrors = res.json.errors || {};
          Object.keys(fieldErrors).forEach(function (name) { if (errors[name]) { errors[name].textContent = fieldErrors[name].join(' '); } });
          if (res.status !== 422) { call(opts.onError, { message: message.textContent, status: res.status }); }
        })
        .catch(function () { submit.disabled = false; message.textContent = 'Network error; please try again.'; call(opts.onError, { message: message.textContent }); });
    });
  }

  window.ClearChecksApplicantWidget = {
    init: function (options) {
      var opts = options || {};
      return { open: function () { open(opts); } };
    }
  };
})();
