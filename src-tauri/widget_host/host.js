/*
 * Host page of a ClearChecks widget window (Report, Applicant Form, Account creation).
 *
 * This window has no IPC. Its parameters arrive in the URL fragment (never sent to a server,
 * never logged) and are dropped from the address as soon as they are read. The page loads the
 * widget script from the account's ClearChecks console, starts the widget as the Connect
 * contract describes, and reports outcomes to ClearChecks Desktop by navigating to
 * `callback?seq=N&event=...`: Rust validates that URL, cancels the navigation and acknowledges
 * with `ccWidgetHost.ack(N)`. One callback is in flight at a time (a second navigation would
 * cancel the first), and an unacknowledged one is sent again.
 */
(function () {
  'use strict';

  var MAX_MESSAGE = 300;
  var ACK_TIMEOUT_MS = 1500;
  var MAX_ATTEMPTS = 5;
  var SCRIPT_TIMEOUT_MS = 30000;

  var statusEl = document.getElementById('cc-status');
  var problemEl = document.getElementById('cc-problem');
  var closeEl = document.getElementById('cc-close');

  var params = new URLSearchParams(window.location.hash.slice(1));
  try {
    window.history.replaceState(null, '', window.location.pathname);
  } catch (e) {
    /* the fragment stays; it is never sent anywhere */
  }

  // ----- the callback channel ----------------------------------------------------------------
  var queue = [];
  var inFlight = null;
  var attempts = 0;
  var timer = null;
  var nextSeq = 1;

  function send(event, fields) {
    queue.push({ seq: nextSeq, event: event, fields: fields || {} });
    nextSeq += 1;
    pump();
  }

  function pump() {
    if (inFlight || queue.length === 0) { return; }
    inFlight = queue.shift();
    attempts = 0;
    transmit();
  }

  function transmit() {
    attempts += 1;
    var query = new URLSearchParams();
    query.set('seq', String(inFlight.seq));
    query.set('event', inFlight.event);
    Object.keys(inFlight.fields).forEach(function (key) { query.set(key, inFlight.fields[key]); });
    timer = window.setTimeout(retry, ACK_TIMEOUT_MS);
    window.location.assign('callback?' + query.toString());
  }

  function retry() {
    timer = null;
    if (attempts >= MAX_ATTEMPTS) {
      showProblem('ClearChecks Desktop did not respond to this window. Close it and try again from the main window.');
      inFlight = null;
      pump();
      return;
    }
    transmit();
  }

  function ack(seq) {
    if (inFlight && inFlight.seq === seq) {
      if (timer !== null) { window.clearTimeout(timer); timer = null; }
      inFlight = null;
      pump();
    }
  }

  // What Rust may tell the page after it has acted on a callback (a closed set of codes).
  var NOTICES = {
    linkFailed: 'The new account was created at ClearChecks, but ClearChecks Desktop could not add it. The main window shows why.'
  };

  function notice(code) {
    if (Object.prototype.hasOwnProperty.call(NOTICES, code)) { showProblem(NOTICES[code]); }
  }

  // Rust refused the callback in flight (it failed validation): do not send it again.
  function refused() {
    if (timer !== null) { window.clearTimeout(timer); timer = null; }
    inFlight = null;
    showProblem('ClearChecks Desktop could not accept what the widget reported. Close this window and try again.');
    pump();
  }

  Object.defineProperty(window, 'ccWidgetHost', {
    value: Object.freeze({ ack: ack, notice: notice, refused: refused }),
    writable: false,
    configurable: false
  });

  // ----- what the user sees ------------------------------------------------------------------
  function setStatus(text) {
    statusEl.textContent = text;
  }

  function showProblem(text) {
    problemEl.textContent = text;
    problemEl.hidden = false;
    closeEl.hidden = false;
  }

  function offerClose() {
    closeEl.hidden = false;
  }

  closeEl.addEventListener('click', function () { send('closed'); });

  // ----- widget callbacks ----------------------------------------------------------------------
  function messageOf(error) {
    var text = '';
    if (typeof error === 'string') {
      text = error;
    } else if (error && typeof error.message === 'string') {
      text = error.message;
    }
    text = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
    if (!text) { text = 'The ClearChecks widget reported a problem.'; }
    return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE - 1) + '\u2026' : text;
  }

  function failed(error) {
    var message = messageOf(error);
    setStatus('');
    showProblem(message);
    send('failed', { message: message });
  }

  function closed() {
    send('closed');
  }

  function applicantSubmitted(data) {
    // Only the report key leaves this page; the rest of the applicant's answers stay with ClearChecks.
    var key = data && typeof data.report_key === 'string' ? data.report_key : null;
    setStatus('The applicant\u2019s information was submitted. You can close this window.');
    offerClose();
    send('applicantSubmitted', { payload: JSON.stringify({ report_key: key }) });
  }

  function registrationCompleted(result) {
    // The contract allows the bare token or an object carrying it; forward just the token field.
    var shaped = null;
    if (typeof result === 'string') {
      shaped = result;
    } else if (result && typeof result.token === 'string') {
      shaped = { token: result.token };
    } else if (result && typeof result.encrypted_token === 'string') {
      shaped = { encrypted_token: result.encrypted_token };
    }
    if (shaped === null) {
      failed('The account was created, but the widget did not hand over the link for ClearChecks Desktop. Contact ClearChecks support to connect it.');
      return;
    }
    setStatus('Adding the new account to ClearChecks Desktop\u2026');
    send('registrationCompleted', { payload: JSON.stringify(shaped) });
  }

  // ----- starting the widget -----------------------------------------------------------------
  var kind = params.get('kind');
  var scriptUrl = params.get('script');

  function start() {
    switch (kind) {
      case 'report': {
        var report = window.ClearChecksReportWidget;
        if (!report || typeof report.init !== 'function') { throw new Error('missing'); }
        // The docs show no callbacks for this widget; they are passed in case it supports them.
        report.init({ token: params.get('token') || '', onClose: closed, onError: failed }).open();
        setStatus('The report is open.');
        break;
      }
      case 'applicantForm': {
        var form = window.ClearChecksApplicantWidget;
        if (!form || typeof form.init !== 'function') { throw new Error('missing'); }
        form.init({
          reportKey: params.get('reportKey') || '',
          onSuccess: applicantSubmitted,
          onClose: closed,
          onError: failed
        }).open();
        setStatus('The applicant form is open.');
        break;
      }
      case 'registration': {
        var registration = window.ClearChecksWidget;
        if (!registration || typeof registration.init !== 'function') { throw new Error('missing'); }
        var widget = registration.init({
          sourceToken: params.get('sourceToken') || '',
          onSuccess: registrationCompleted,
          onClose: closed,
          onError: failed
        });
        // Whether init() opens the modal itself is not documented: call open() when there is one.
        if (widget && typeof widget.open === 'function') { widget.open(); }
        setStatus('Create the customer\u2019s ClearChecks account in the form.');
        break;
      }
      default:
        throw new Error('unknown');
    }
  }

  function consoleName() {
    try { return new URL(scriptUrl).host; } catch (e) { return 'ClearChecks'; }
  }

  function loadFailed() {
    failed('The ClearChecks widget could not be loaded from ' + consoleName() +
      '. Check your internet connection, then open it again from ClearChecks Desktop.');
  }

  if (!scriptUrl || !kind) {
    failed('This window was opened without its settings. Open it again from ClearChecks Desktop.');
    return;
  }

  var settled = false;
  var script = document.createElement('script');
  script.src = scriptUrl;
  script.async = true;
  script.referrerPolicy = 'no-referrer';
  var loadTimer = window.setTimeout(function () {
    if (!settled) { settled = true; loadFailed(); }
  }, SCRIPT_TIMEOUT_MS);
  script.addEventListener('load', function () {
    if (settled) { return; }
    settled = true;
    window.clearTimeout(loadTimer);
    try {
      start();
    } catch (e) {
      failed('The ClearChecks widget did not start. Close this window and try again; if it keeps happening, contact ClearChecks support.');
    }
  });
  script.addEventListener('error', function () {
    if (settled) { return; }
    settled = true;
    window.clearTimeout(loadTimer);
    loadFailed();
  });
  document.head.appendChild(script);
})();
