/*
 * ClearChecks sandbox stand-in for the account-creation (registration) widget.
 *   var c = ClearChecksWidget.init({ sourceToken, onSuccess, onClose, onError }); c.open();
 * init() does not open anything; open() shows a sign-up form that posts to
 * /_widget/register on this script's origin. onSuccess receives the opaque
 * token string, which the platform's backend redeems with POST /api/token/decrypt.
 */
(function () {
  'use strict';
  var current = document.currentScript;
  var ORIGIN = current && current.src ? new URL(current.src).origin : window.location.origin;
  var FIELDS = [['company_name', 'Company name', 'text'], ['first_name', 'First name', 'text'], ['last_name', 'Last name', 'text'], ['email', 'Work email', 'email']];

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) { Object.assign(node.style, style); }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function call(fn, arg) { if (typeof fn === 'function') { try { fn(arg); } catch (e) { /* the host's bug, not ours */ } } }

  function open(opts) {
    var overlay = el('div', { position: 'fixed', inset: '0', background: 'rgba(15,23,42,0.55)', zIndex: '2147483000', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', padding: '48px 12px' });
    var panel = el('div', { background: '#fff', color: '#1d2733', borderRadius: '10px', width: 'min(460px, 100%)', padding: '20px 24px', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', fontSize: '14px' });
    panel.setAttribute('data-testid', 'cc-registration');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-label', 'Create a ClearChecks account');
    panel.appendChild(el('h2', { fontSize: '18px', margin: '0 0 12px' }, 'Create your ClearChecks account (sandbox)'));
    var form = el('form');
    form.noValidate = true;
    var inputs = {};
    FIELDS.forEach(function (f) {
      var label = el('label', { display: 'block', marginBottom: '8px' });
      label.appendChild(el('span', { display: 'block', fontWeight: '600', marginBottom: '2px' }, f[1]));
      var input = el('input', { width: '100%', boxSizing: 'border-box', padding: '6px 8px', border: '1px solid #cfd7e3', borderRadius: '5px' });
      input.type = f[2];
      input.name = f[0];
      input.setAttribute('data-testid', 'cc-registration-' + f[0]);
      label.appendChild(input);
      inputs[f[0]] = input;
      form.appendChild(label);
    });
    var message = el('p', { minHeight: '1.2em', color: '#a61b1b' });
    message.setAttribute('data-testid', 'cc-registration-message');
    form.appendChild(message);
    var buttons = el('div', { display: 'flex', gap: '8px', justifyContent: 'flex-end' });
    var cancel = el('button', { background: '#fff', border: '1px solid #cfd7e3', borderRadius: '6px', padding: '8px 12px', cursor: 'pointer' }, 'Cancel');
    cancel.type = 'button';
    var submit = el('button', { background: '#2a62b8', color: '#fff', border: '0', borderRadius: '6px', padding: '8px 14px', cursor: 'pointer' }, 'Create account');
    submit.type = 'submit';
    submit.setAttribute('data-testid', 'cc-registration-submit');
    buttons.appendChild(cancel);
    buttons.appendChild(submit);
    form.appendChild(buttons);
    panel.appendChild(form);
    overlay.appendChild(panel);
    document.body.appendChild(overlay);

    function remove() { if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); } }
    cancel.addEventListener('click', function () { remove(); call(opts.onClose); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var payload = { source_token: opts.sourceToken || '' };
      FIELDS.forEach(function (f) { payload[f[0]] = inputs[f[0]].value; });
      submit.disabled = true;
      message.textContent = '';
      fetch(ORIGIN + '/_widget/register', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(payload) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, status: r.status, json: j }; }); })
        .then(function (res) {
          submit.disabled = false;
          if (res.ok && res.json.token) { remove(); call(opts.onSuccess, res.json.token); return; }
          var details = res.json.errors ? Object.keys(res.json.errors).map(function (k) { return res.json.errors[k].join(' '); }).join(' ') : '';
          message.textContent = (res.json.message || 'Sign-up failed.') + (details ? ' ' + details : '');
          if (res.status !== 422) { call(opts.onError, { message: message.textContent, status: res.status }); }
        })
        .catch(function () { submit.disabled = false; message.textContent = 'Network error; please try again.'; call(opts.onError, { message: message.textContent }); });
    });
  }

  window.ClearChecksWidget = {
    init: function (options) {
      var opts = options || {};
      return { open: function () { open(opts); } };
    }
  };
})();
