// The demo's step-up prompts (RFC 9470), kept apart from demo.js. Both ask
// for the same proof (alice's TOTP code, or anyone's password) and send it to
// POST /auth/step-up:
// - "Sensitive action" calls POST /api/sensitive, which needs an
//   authentication under 5 minutes old; the step-up answers with a fresh
//   access token in the same session.
// - A refresh answered STEP_UP_REQUIRED: this browser is not the one the
//   session trusts (refreshPolicy in auth-setup.ts). Nothing was rotated or
//   revoked; the refresh cookie names the session, and after the step-up this
//   browser is the trusted one, so the refresh goes through.
// demo.js owns the client and calls setupStepUp: this module imports nothing
// of it, so the module graph has no cycle.
import { logEvent } from './mechanism.js';

const $ = (selector) => document.querySelector(selector);

/** Whether an error is a refresh asking for a second factor (the session stands). */
export function needsStepUp(err) {
  return err?.code === 'STEP_UP_REQUIRED';
}

/**
 * Sends a TOTP code (6 digits) or else a password to POST /auth/step-up, with
 * `token` as Bearer when given (otherwise the refresh cookie names the session).
 * Resolves with `{ accessToken, method }`, or `{ refused }`: the text to show.
 */
async function postProof(value, token) {
  const code = value.trim();
  const proof = /^\d{6}$/.test(code) ? { otp: code } : { password: code };
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
  if (!res.ok) return { refused: `Not accepted (${body?.error?.code ?? res.status}).` };
  return { accessToken: body.accessToken, method: proof.otp ? 'one-time code' : 'password' };
}

function message(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Wires both prompts to the page's client. `resumed` runs once a refresh that
 * asked for a step-up has gone through (the page shows the session). Returns
 * `ask` (show the refresh prompt) and `dismiss` (hide it: the session was
 * shown, or ended).
 */
export function setupStepUp(auth, { resumed }) {
  // The token the sensitive action's step-up returned: it carries the new
  // auth_time. The client's own token catches up at its next refresh.
  let stepped = null;

  async function sensitive() {
    const init = { method: 'POST' };
    const res = stepped
      ? await fetch('/api/sensitive', { ...init, headers: { authorization: `Bearer ${stepped}` } })
      : await auth.authFetch('/api/sensitive', init);
    const body = await res.json().catch(() => null);
    if (res.ok) return done(body);
    stepped = null;
    if (body?.error?.code === 'STEP_UP_REQUIRED') return askForAction();
    $('#step-up-result').textContent = body?.error?.code ?? `HTTP ${res.status}`;
  }

  function askForAction() {
    $('#step-up-result').textContent = 'This action needs a recent authentication.';
    $('#step-up-form').hidden = false;
    $('#step-up-code').focus();
  }

  function done(body) {
    $('#step-up-form').hidden = true;
    $('#step-up-result').textContent =
      `Sensitive action done (authenticated by ${body.amr.join(', ')}).`;
  }

  async function confirmAction(event) {
    event.preventDefault();
    const token = await auth.getAccessToken().catch(() => null);
    const outcome = await postProof($('#step-up-code').value, token);
    $('#step-up-code').value = '';
    if (outcome.refused) {
      $('#step-up-result').textContent = outcome.refused;
      return;
    }
    logEvent('stepped-up', `${outcome.method} accepted: a fresh authentication, same session`);
    stepped = outcome.accessToken;
    await sensitive();
  }

  function ask() {
    $('#refresh-step-up').hidden = false;
    $('#refresh-step-up-result').textContent = '';
    $('#refresh-step-up-code').focus();
  }

  function dismiss() {
    $('#refresh-step-up').hidden = true;
    $('#refresh-step-up-result').textContent = '';
  }

  // No Bearer: the tab's access token may be expired, and the client would
  // try to refresh it, which is what asked for the step-up.
  async function confirmRefresh(event) {
    event.preventDefault();
    const outcome = await postProof($('#refresh-step-up-code').value);
    $('#refresh-step-up-code').value = '';
    if (outcome.refused) {
      $('#refresh-step-up-result').textContent = outcome.refused;
      return;
    }
    logEvent('stepped-up', `${outcome.method} accepted: the session now trusts this browser`);
    await auth.refresh();
    dismiss();
    await resumed();
  }

  $('#sensitive').addEventListener('click', () =>
    sensitive().catch((err) => {
      if (needsStepUp(err)) return ask();
      $('#step-up-result').textContent = message(err);
    }),
  );
  $('#step-up-form').addEventListener('submit', (event) =>
    confirmAction(event).catch((err) => {
      if (needsStepUp(err)) return ask();
      $('#step-up-result').textContent = message(err);
    }),
  );
  $('#refresh-step-up-form').addEventListener('submit', (event) =>
    confirmRefresh(event).catch((err) => {
      $('#refresh-step-up-result').textContent = message(err);
    }),
  );

  return { ask, dismiss };
}
