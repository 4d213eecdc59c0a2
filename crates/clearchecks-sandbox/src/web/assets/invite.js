/* The invite page: opens the applicant form widget for the key on the button. */
(function () {
  'use strict';
  var button = document.getElementById('cc-invite-open');
  var status = document.getElementById('cc-invite-status');
  if (!button || !window.ClearChecksApplicantWidget) { return; }
  button.addEventListener('click', function () {
    window.ClearChecksApplicantWidget.init({
      reportKey: button.getAttribute('data-report-key'),
      onSuccess: function () { status.textContent = 'Thank you. Your information was submitted.'; button.disabled = true; },
      onError: function (e) { status.textContent = (e && e.message) || 'Something went wrong.'; },
      onClose: function () {}
    }).open();
  });
})();
