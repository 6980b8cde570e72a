// The demo page: everything goes through tokenwarden/client, which keeps the
// access token in memory and refreshes it through the HttpOnly cookie.
import Bowser from 'bowser';
import { createAuthClient } from 'tokenwarden/client';
import { clearToken, logEvent, observingFetch } from './mechanism.js';
import { needsStepUp, setupStepUp } from './step-up.js';

const $ = (selector) => document.querySelector(selector);

// What the visitor reads when a session ends: every tab gets the same reason.
const ENDED = {
  logout: 'You are signed out.',
  revoked:
    'This session was revoked (from another device, or log out everywhere). Please sign in again.',
  refresh_failed: 'Your session has ended. Please sign in again.',
};

const auth = createAuthClient({
  fetch: observingFetch(),
  onSessionEnd: (reason) => {
    logEvent('session-ended', reason);
    clearToken();
    show(false);
    status(ENDED[reason] ?? ENDED.refresh_failed);
  },
});

// The step-up prompts (step-up.js); a refresh that asked for one resumes here.
const stepUp = setupStepUp(auth, {
  resumed: async () => {
    show(true);
    await whoAmI();
    await listSessions();
  },
});

function status(text) {
  $('#status').textContent = text;
}

function show(loggedIn) {
  stepUp.dismiss();
  $('#login-form').hidden = loggedIn;
  $('#session').hidden = !loggedIn;
  if (!loggedIn) {
    $('#me').textContent = '';
    $('#sessions tbody').replaceChildren();
  }
}

async function getJson(path, init) {
  const res = await auth.authFetch(path, init);
  if (res.status === 204) return null;
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

async function whoAmI() {
  const me = await getJson('/api/me');
  $('#who').textContent = `${me.username} (${me.role})`;
  $('#me').textContent = JSON.stringify(me, null, 2);
}

function cell(text, title) {
  const td = document.createElement('td');
  td.textContent = text;
  if (title) td.title = title;
  return td;
}

/** "Chrome 131 on Windows (desktop)" from a user agent, parsed by bowser. */
function device(userAgent) {
  if (!userAgent) return 'Unknown device';
  const { browser, os, platform } = Bowser.parse(userAgent);
  const name = [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const where = [os.name, os.versionName ?? os.version].filter(Boolean).join(' ');
  const kind = platform.type ? ` (${platform.type})` : '';
  return `${name || 'Unknown browser'}${where ? ` on ${where}` : ''}${kind}`;
}

async function listSessions() {
  const { sessions } = await getJson('/api/sessions');
  const rows = sessions.map((session) => {
    const tr = document.createElement('tr');
    tr.className = session.current ? 'current' : '';
    tr.dataset.id = session.id;
    const revoke = document.createElement('button');
    revoke.textContent = session.current ? 'This device' : 'Revoke';
    revoke.disabled = session.current;
    revoke.addEventListener('click', () => run(() => revokeSession(session.id)));
    const actions = document.createElement('td');
    actions.append(revoke);
    tr.append(
      // The tail: a session id starts with the user's tag, the same in every row.
      cell(`…${session.id.slice(-8)}`, session.id),
      cell(new Date(session.createdAt).toLocaleString()),
      cell(new Date(session.lastUsedAt).toLocaleString()),
      cell(device(session.userAgent), session.userAgent ?? ''),
      actions,
    );
    return tr;
  });
  $('#sessions tbody').replaceChildren(...rows);
}

// DEMO_MODE=1 only: the server replays this session's previous refresh token.
async function simulateTheft() {
  const res = await auth.authFetch('/demo/simulate-theft', { method: 'POST' });
  const body = await res.json().catch(() => null);
  if (res.status === 404) {
    throw new Error('Simulate theft is off: start the example with DEMO_MODE=1.');
  }
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  logEvent('theft', `the previous refresh token was replayed: ${body.status} ${body.code ?? ''}`);
  if (body.code === 'REFRESH_TOKEN_REUSED') logEvent('reuse-detected', 'the session was revoked');
  // The next request with this tab's token finds the session revoked.
  await whoAmI();
}

async function revokeSession(id) {
  await getJson(`/api/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  await listSessions();
}

async function run(action) {
  status('');
  const wasSignedIn = auth.isLoggedIn();
  try {
    await action();
  } catch (err) {
    // A refresh asked for a second factor: the session stands, the prompt asks for it.
    if (needsStepUp(err)) return stepUp.ask();
    // The session ended during the action: onSessionEnd has said why.
    if (wasSignedIn && !auth.isLoggedIn()) return;
    status(err instanceof Error ? err.message : String(err));
  }
}

$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  run(async () => {
    await auth.login({ username: form.get('username'), password: form.get('password') });
    show(true);
    await whoAmI();
    await listSessions();
  });
});
$('#whoami').addEventListener('click', () => run(whoAmI));
$('#refresh-now').addEventListener('click', () => run(() => auth.refresh()));
$('#simulate-theft').addEventListener('click', () => run(simulateTheft));
$('#refresh-sessions').addEventListener('click', () => run(listSessions));
$('#logout').addEventListener('click', () =>
  run(async () => {
    await auth.logout();
    show(false);
  }),
);
$('#logout-all').addEventListener('click', () =>
  run(async () => {
    await auth.logoutAll();
    show(false);
  }),
);

// A reload keeps the session: the refresh cookie survives, the access token does not.
run(async () => {
  try {
    if (!auth.isLoggedIn()) await auth.refresh();
  } catch (err) {
    show(false);
    // The session stands but wants a second factor: run shows the prompt.
    if (needsStepUp(err)) throw err;
    // No cookie, a session that is over, or no server: no session in this tab.
    return;
  }
  show(true);
  await whoAmI();
  await listSessions();
});
