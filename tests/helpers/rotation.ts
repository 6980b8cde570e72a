import type { AuthEvent, RotationEngineOptions, TokenStore } from '../../src/index.js';
import { createRotationEngine, MemoryStore } from '../../src/index.js';

export const SECOND = 1000;
export const DAY = 86_400 * SECOND;

export interface StoreCall {
  method: string;
  args: unknown[];
}

/**
 * A MemoryStore behind a proxy that records every call, can be told to throw,
 * and can hold a call until the test releases it (to stage races). With
 * `fastPath: false` it hides the optional `rotateIfCurrent`, as a store
 * without it would: the engine then reads, then rotates.
 */
export function instrumentedStore(inner: TokenStore, { fastPath = true } = {}) {
  const calls: StoreCall[] = [];
  const state: {
    failure: Error | undefined;
    hook: ((method: string, args: unknown[]) => Promise<void> | undefined) | undefined;
  } = { failure: undefined, hook: undefined };
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'rotateIfCurrent' && !fastPath) return undefined;
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls.push({ method: String(prop), args });
        if (state.failure) throw state.failure;
        await state.hook?.(String(prop), args);
        return value.apply(target, args);
      };
    },
  });
  return { store, calls, state };
}

/** The store methods that rotate: the fast path's, and the regular path's. */
export const ROTATING_METHODS = ['rotateIfCurrent', 'rotate'];

/** An engine on an instrumented MemoryStore with a hand-driven clock. */
export function setup(options: RotationEngineOptions = {}, { fastPath = true } = {}) {
  const time = { now: 1_700_000_000_000 };
  const clock = () => time.now;
  const memory = new MemoryStore({ clock });
  const { store, calls, state } = instrumentedStore(memory, { fastPath });
  const events: AuthEvent[] = [];
  const engine = createRotationEngine({
    clock,
    store,
    rotationKey: 'k'.repeat(32),
    onEvent: (event) => {
      events.push(event);
    },
    ...options,
  });
  const advance = (ms: number) => {
    time.now += ms;
  };
  return { engine, memory, store, calls, state, events, time, clock, advance };
}

/**
 * The secret material of every token, for "never leaks" assertions: the
 * token and its secret (its session id and generation are public: the
 * session id is the access token's `sid`).
 */
export function tokenParts(tokens: string[]): string[] {
  return tokens.flatMap((token) => [token, token.split('.')[2] ?? token]);
}
