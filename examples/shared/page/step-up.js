// The demo's step-up prompt (RFC 9470), kept apart from demo.js: the
// "Sensitive action" button calls POST /api/sensitive, which needs an
// authentication under 5 minutes old. On 401 STEP_UP_REQUIRED the page asks
// for alice's TOTP code (or a password) and sends it to POST /auth/step-up,
// which answers with a fresh access token in the same session.
import { auth } from '/assets/demo.js';

const $ = (selector) => document.querySelector(selector);

// The token the step-up returned: it carries the new auth_time. The client's
// own token catches up at its next refresh (the session keeps the step-up).
let stepped = null;

async function sensitive() {
  const init = { method: 'POST' };
  const res = stepped
    ? await fetch('/api/sensitive', { ...init, headers: { authorization: `Bearer ${stepped}` } })
    : await auth.authFetch('/api/sensitive', init);
  const body = await res.json().catch(() => null);
  if (res.ok) return done(body);
  stepped = null;
  if (body?.error?.code === 'STEP_UP_REQUIRED') return ask();
  $('#step-up-result').textContent = body?.error?.code ?? `HTTP ${res.status}`;
}

function ask() {
  $('#step-up-result').textContent = 'This action needs a recent authentication.';
  $('#step-up-form').hidden = false;
  $('#step-up-code').focus();
}

function done(body) {
  $('#step-up-form').hidden = true;
  $('#step-up-result').textContent =
    `Sensitive action done (authenticated by ${body.amr.join(', ')}).`;
}

async function submitCode(event) {
  event.preventDefault();
  const code = $('#step-up-code').value.trim();
  const proof = /^\d{6}$/.test(code) ? { otp: code } : { password: code };
  const token = await auth.getAccessToken().catch(() => null);
  const res = await fetch('/auth/step-up', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(proof),
  });
  const body = await res.json().catch(() => null);
  $('#step-up-code').value = '';
  if (!res.ok) {
    $('#step-up-result').textContent = `Not accepted (${body?.error?.code ?? res.status}).`;
    return;
  }
  stepped = body.accessToken;
  await sensitive();
}

$('#sensitive').addEventListener('click', () =>
  sensitive().catch((err) => {
    $('#step-up-result').textContent = err instanceof Error ? err.message : String(err);
  }),
);
$('#step-up-form').addEventListener('submit', (event) =>
  submitCode(event).catch((err) => {
    $('#step-up-result').textContent = err instanceof Error ? err.message : String(err);
  }),
);
