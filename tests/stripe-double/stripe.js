/*
 * Stripe.js test double for booking-checkout's browser tests and offline demo.
 *
 * Served in place of https://js.stripe.com/v3/ (Playwright page.route), or
 * loaded by a test page before the component so that window.Stripe exists.
 * Written from ../../shared/STRIPE-JS.md: same call shapes, the same four
 * failure channels, card fields inside <iframe name="__privateStripeFrame…">.
 *
 * Knobs, read when each call runs, from window.__stripeDoubleConfig:
 *   apiBase        string: confirm/retrieve through this backend (the demo's
 *                  offline Stripe API) instead of in memory. Only a test
 *                  PaymentMethod token crosses it, never card details.
 *   loadError      string: elements fire 'loaderror' instead of 'ready'.
 *   confirmError   {type, code?, message}: confirm resolves with this error.
 *   confirmThrows  string: confirm rejects with an IntegrationError.
 *   confirmDelayMs number: confirm settles after this long.
 *   retrieveError  {type, message}: retrievePaymentIntent resolves with this error.
 *   redirect       true: behave as a redirect-based method (navigate to return_url).
 *   threeDS        'complete' | 'fail': auto-answer the 3DS challenge.
 *
 * Everything the page asks of it is recorded on window.__stripeDouble.
 */
(function () {
  'use strict';
  if (window.Stripe && window.Stripe.__double) return;

  const now = () => performance.now();
  const rec = (window.__stripeDouble = {
    loadedAt: now(),
    keysSeen: [],
    options: [],
    appInfo: [],
    calls: [],
    confirmCalls: [],
    readyAt: null,
    events: [],
  });
  const cfg = () => window.__stripeDoubleConfig || {};
  const call = (method, detail) => rec.calls.push(Object.assign({ method, at: now() }, detail || {}));

  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = 'IntegrationError';
    }
  }

  const DECLINES = {
    '4000000000000002': { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    '4000000000009995': { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    '4000000000009987': { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
    '4000000000009979': { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
    '4000000000000069': { code: 'expired_card', message: 'Your card has expired.' },
    '4000000000000127': { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    '4000000000000119': { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
  };
  // 3DS cards and what happens after a completed challenge.
  const THREE_DS = {
    '4000002500003155': null,
    '4000000000003220': null,
    '4000008260003178': DECLINES['4000000000009995'],
    '4000008400001629': DECLINES['4000000000000002'],
  };
  const AUTH_FAILED = {
    code: 'payment_intent_authentication_failure',
    message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  };

  const luhn = (d) => {
    let s = 0;
    for (let i = 0; i < d.length; i++) {
      let n = +d[d.length - 1 - i];
      if (i % 2) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      s += n;
    }
    return d.length >= 12 && s % 10 === 0;
  };
  const brand = (d) => (/^4/.test(d) ? 'visa' : /^(5[1-5]|2[2-7])/.test(d) ? 'mastercard' : /^3[47]/.test(d) ? 'amex' : 'unknown');
  const validation = (code, message) => ({ type: 'validation_error', code, message });
  const SECRET_RE = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
  const intentId = (secret, where) => {
    const m = typeof secret === 'string' && secret.match(SECRET_RE);
    if (!m) throw new IntegrationError(`Invalid value for ${where}: value should be a client_secret string.`);
    return m[1];
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms || 0));

  // ------------------------------------------------------------ intents
  const STORE = '__stripeDouble:intents';
  const load = () => {
    try {
      return JSON.parse(sessionStorage.getItem(STORE) || '{}');
    } catch {
      return {};
    }
  };
  const intents = load();
  const save = () => {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(intents));
    } catch {}
  };
  const intentFor = (secret) => {
    const id = intentId(secret, 'clientSecret');
    if (!intents[id]) intents[id] = { id, object: 'payment_intent', status: 'requires_payment_method', client_secret: secret };
    return intents[id];
  };
  const setStatus = (pi, status) => {
    pi.status = status;
    save();
    return Object.assign({}, pi);
  };
  async function backend(path, body) {
    const res = await fetch(cfg().apiBase + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error('backend ' + res.status);
    return res.json();
  }

  // ------------------------------------------------------------ elements
  let frameSeq = 0;
  const FIELDS = {
    payment: '<label>Card number<input name="cardnumber" autocomplete="cc-number" inputmode="numeric"></label>' +
      '<label>Expiration<input name="exp-date" placeholder="MM / YY" autocomplete="cc-exp"></label>' +
      '<label>CVC<input name="cvc" autocomplete="cc-csc" inputmode="numeric"></label>',
    card: '<input name="cardnumber" placeholder="Card number" autocomplete="cc-number" inputmode="numeric">' +
      '<input name="exp-date" placeholder="MM / YY"><input name="cvc" placeholder="CVC">',
  };
  const STYLE = '<style>body{margin:0;font:14px system-ui}label{display:block;margin:4px 0}input{display:block;width:100%;box-sizing:border-box;padding:8px;margin-top:2px}</style>';

  function readCard(frame) {
    const doc = frame && frame.contentDocument;
    const v = (n) => ((doc && doc.querySelector(`[name="${n}"]`)) || { value: '' }).value;
    return { number: v('cardnumber').replace(/\D/g, ''), exp: v('exp-date').replace(/\s/g, ''), cvc: v('cvc').replace(/\D/g, '') };
  }
  function validateCard(c) {
    if (!c.number) return validation('incomplete_number', 'Your card number is incomplete.');
    if (!luhn(c.number)) return validation('invalid_number', 'Your card number is invalid.');
    const m = c.exp.match(/^(\d{2})\/?(\d{2})$/);
    if (!m) return validation('incomplete_expiry', "Your card's expiration date is incomplete.");
    const month = +m[1];
    const year = 2000 + +m[2];
    const d = new Date();
    if (month < 1 || month > 12) return validation('invalid_expiry_month', "Your card's expiration date is invalid.");
    if (year < d.getFullYear() || (year === d.getFullYear() && month < d.getMonth() + 1)) {
      return validation('invalid_expiry_year_past', "Your card's expiration year is in the past.");
    }
    if (c.cvc.length < 3) return validation('incomplete_cvc', "Your card's security code is incomplete.");
    return null;
  }

  // Every element ever created, so a test can ask whether the page removed
  // the listeners it registered (rec.listenersLeft()).
  const allElements = [];
  rec.listenersLeft = () =>
    allElements.reduce((n, el) => n + Object.values(el._handlers).reduce((m, hs) => m + hs.length, 0), 0);

  function createElement(group, type) {
    const handlers = {};
    const el = { _type: type, _frame: null, _destroyed: false, _group: group, _handlers: handlers };
    allElements.push(el);
    const emit = (name, payload) => {
      rec.events.push({ at: now(), type, name });
      (handlers[name] || []).slice().forEach((h) => h(payload));
    };
    const alive = (what) => {
      if (el._destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
      return what;
    };
    const changeEvent = () => {
      const c = readCard(el._frame);
      const error = validateCard(c);
      const empty = !c.number && !c.exp && !c.cvc;
      if (type === 'payment') return { elementType: 'payment', empty, complete: !error, collapsed: false, value: { type: 'card' } };
      const ev = { elementType: 'card', empty, complete: !error, brand: brand(c.number), value: { postalCode: '' } };
      // The Card Element reports invalid (not merely incomplete) input.
      if (error && /invalid|past/.test(error.code)) ev.error = error;
      return ev;
    };
    Object.assign(el, {
      on(name, h) {
        (handlers[name] = handlers[name] || []).push(h);
        return el;
      },
      once(name, h) {
        const w = (p) => {
          el.off(name, w);
          h(p);
        };
        return el.on(name, w);
      },
      off(name, h) {
        handlers[name] = (handlers[name] || []).filter((x) => x !== h);
        return el;
      },
      mount(target) {
        alive();
        if (el._frame) throw new IntegrationError('This Element is already mounted. Use unmount() before mounting it again.');
        const node = typeof target === 'string' ? document.querySelector(target) : target;
        if (!node || !(node instanceof Element)) throw new IntegrationError('The selector you specified does not apply to any DOM element.');
        if (node.getRootNode() instanceof ShadowRoot) throw new IntegrationError('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
        const frame = document.createElement('iframe');
        frame.name = `__privateStripeFrame${++frameSeq}`;
        frame.title = 'Secure payment input frame';
        frame.setAttribute('frameborder', '0');
        frame.style.cssText = `width:100%;border:0;height:${type === 'payment' ? 190 : 120}px`;
        frame.srcdoc = `<!doctype html>${STYLE}<form>${FIELDS[type]}</form>`;
        frame.addEventListener('load', () => {
          if (el._frame !== frame) return;
          const doc = frame.contentDocument;
          doc.addEventListener('input', () => emit('change', changeEvent()));
          doc.addEventListener('focusin', () => emit('focus', { elementType: type }));
          doc.addEventListener('focusout', () => emit('blur', { elementType: type }));
          const loadError = cfg().loadError;
          if (loadError) {
            emit('loaderror', { elementType: type, error: { type: 'api_error', message: loadError } });
            return;
          }
          if (rec.readyAt === null) rec.readyAt = now();
          emit('ready', { elementType: type });
        });
        el._frame = frame;
        if (type === 'payment') emit('loaderstart', { elementType: type });
        node.appendChild(frame);
        call('mount', { type });
      },
      unmount() {
        alive();
        if (el._frame) el._frame.remove();
        el._frame = null;
      },
      destroy() {
        alive();
        if (el._frame) el._frame.remove();
        el._frame = null;
        el._destroyed = true;
        delete group._elements[type];
        call('destroy', { type });
      },
      update(opts) {
        alive();
        call('element.update', { type, keys: Object.keys(opts || {}) });
      },
      focus() {},
      blur() {},
      clear() {
        if (el._frame && el._frame.contentDocument) el._frame.contentDocument.querySelectorAll('input').forEach((i) => (i.value = ''));
      },
    });
    return el;
  }

  function createGroup(stripe, options) {
    options = options || {};
    if (options.clientSecret && options.mode) {
      throw new IntegrationError('Do not pass both clientSecret and mode to stripe.elements().');
    }
    if (options.clientSecret) intentId(options.clientSecret, 'clientSecret');
    if (options.mode && (!Number.isInteger(options.amount) || typeof options.currency !== 'string')) {
      throw new IntegrationError('In deferred mode, elements() needs an integer amount and a currency.');
    }
    rec.options.push({ kind: 'elements', clientSecret: !!options.clientSecret, mode: options.mode || null, amount: options.amount, currency: options.currency, locale: options.locale });
    const handlers = {};
    const group = {
      _options: options,
      _elements: {},
      _submitted: false,
      create(type, opts) {
        if (type !== 'payment' && type !== 'card') throw new IntegrationError(`A valid Element name must be provided. ${type} is not one.`);
        if (group._elements[type]) throw new IntegrationError(`Can only create one Element of type ${type}.`);
        if (type === 'payment' && !options.clientSecret && !options.mode) {
          throw new IntegrationError('In order to create a payment element, you must pass a clientSecret or mode when creating the Elements group.');
        }
        call('create', { type });
        return (group._elements[type] = createElement(group, type, opts));
      },
      getElement(type) {
        return group._elements[type] || null;
      },
      update(opts) {
        if (options.clientSecret && opts && ('amount' in opts || 'currency' in opts)) {
          throw new IntegrationError('amount and currency can only be updated in deferred mode.');
        }
        Object.assign(options, opts);
        call('elements.update', { keys: Object.keys(opts || {}), options: Object.assign({}, opts) });
        setTimeout(() => (handlers['update-end'] || []).forEach((h) => h({})), 0);
      },
      on(name, h) {
        (handlers[name] = handlers[name] || []).push(h);
      },
      async fetchUpdates() {
        call('fetchUpdates');
        return {};
      },
      async submit() {
        call('submit');
        const el = group._elements.payment || group._elements.card;
        if (!el || !el._frame) return { error: validation('incomplete', 'Please fill in your payment details.') };
        const error = validateCard(readCard(el._frame));
        if (error) return { error };
        group._submitted = true;
        return { selectedPaymentMethod: 'card' };
      },
    };
    return group;
  }

  // -------------------------------------------------- 3DS challenge
  function challenge() {
    const auto = cfg().threeDS;
    if (auto === 'complete' || auto === 'fail') return sleep(20).then(() => auto === 'complete');
    return new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.name = `__privateStripeFrame${++frameSeq}`;
      frame.title = '3D Secure authentication';
      frame.style.cssText = 'position:fixed;inset:10% 20%;width:60%;height:50%;z-index:2147483647;background:#fff;border:1px solid #888';
      frame.srcdoc = '<!doctype html><body style="font:16px system-ui;padding:16px"><h2>3D Secure 2 test page</h2>' +
        '<button id="test-source-authorize-3ds">Complete authentication</button> ' +
        '<button id="test-source-fail-3ds">Fail authentication</button></body>';
      frame.addEventListener('load', () => {
        const doc = frame.contentDocument;
        const done = (ok) => () => {
          frame.remove();
          resolve(ok);
        };
        doc.getElementById('test-source-authorize-3ds').addEventListener('click', done(true));
        doc.getElementById('test-source-fail-3ds').addEventListener('click', done(false));
      });
      document.body.appendChild(frame);
    });
  }

  // --------------------------------------------------------- confirm
  const cardError = (e, pi) => ({ error: Object.assign({ type: 'card_error', payment_intent: pi }, e) });

  async function settleCard(card, secret, returnUrl, redirect) {
    const pi = intentFor(secret);
    const c = cfg();
    if (c.confirmDelayMs) await sleep(c.confirmDelayMs);
    if (c.confirmError) return { error: Object.assign({}, c.confirmError) };
    if (c.confirmThrows) throw new IntegrationError(c.confirmThrows);
    const invalid = validateCard(card);
    if (invalid) return { error: invalid };
    if (DECLINES[card.number]) return cardError(DECLINES[card.number], setStatus(pi, 'requires_payment_method'));
    let token = 'pm_card_visa';
    if (card.number in THREE_DS) {
      setStatus(pi, 'requires_action');
      const ok = await challenge();
      if (!ok) return cardError(AUTH_FAILED, setStatus(pi, 'requires_payment_method'));
      const after = THREE_DS[card.number];
      if (after) return cardError(after, setStatus(pi, 'requires_payment_method'));
    } else if (!['4242424242424242', '5555555555554444', '4000056655665556'].includes(card.number)) {
      return cardError({ code: 'card_declined', decline_code: 'test_mode_live_card', message: 'Your card was declined. Your request was in test mode, but used a non test card.' }, setStatus(pi, 'requires_payment_method'));
    }
    let result;
    if (c.apiBase) {
      const r = await backend(`/payment_intents/${pi.id}/confirm`, { client_secret: secret, payment_method: token });
      result = setStatus(Object.assign(pi, { amount: r.amount, currency: r.currency }), r.status);
    } else {
      result = setStatus(pi, 'succeeded');
    }
    if (redirect) {
      const url = new URL(returnUrl, location.href);
      url.searchParams.set('payment_intent', pi.id);
      url.searchParams.set('payment_intent_client_secret', secret);
      url.searchParams.set('redirect_status', result.status === 'succeeded' ? 'succeeded' : 'failed');
      location.assign(url.toString());
      return new Promise(() => {}); // the page is going away
    }
    return { paymentIntent: result };
  }

  function Stripe(key, options) {
    if (typeof key !== 'string' || !key) throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    if (/^(sk|rk)_/.test(key)) throw new IntegrationError('You should not use your secret key with Stripe.js. Please pass a publishable key instead.');
    rec.keysSeen.push(key);
    rec.options.push({ kind: 'Stripe', locale: options && options.locale });
    call('Stripe');
    const stripe = {
      elements: (opts) => createGroup(stripe, opts),
      registerAppInfo(info) {
        rec.appInfo.push(info);
      },
      async confirmPayment(opts) {
        opts = opts || {};
        const entry = { method: 'confirmPayment', at: now(), redirect: opts.redirect || 'always' };
        rec.confirmCalls.push(entry);
        call('confirmPayment');
        const group = opts.elements;
        if (!group || !group._elements) throw new IntegrationError('Invalid value for confirmPayment: elements should be an Elements group.');
        const params = opts.confirmParams || {};
        const redirect = opts.redirect || 'always';
        if (redirect === 'always' && !params.return_url) throw new IntegrationError('stripe.confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: \'if_required\'`');
        let secret = group._options.clientSecret;
        if (group._options.mode) {
          if (!opts.clientSecret) throw new IntegrationError('stripe.confirmPayment(): the `clientSecret` argument is required when Elements is in deferred mode.');
          if (!group._submitted) throw new IntegrationError('elements.submit() must be called before stripe.confirmPayment().');
          secret = opts.clientSecret;
        }
        const el = group._elements.payment;
        if (!el || !el._frame) throw new IntegrationError('stripe.confirmPayment(): the Payment Element is not mounted.');
        const out = await settleCard(readCard(el._frame), secret, params.return_url, redirect === 'always' || !!cfg().redirect);
        entry.resolvedAt = now();
        entry.outcome = out.error ? out.error.type : out.paymentIntent.status;
        return out;
      },
      async confirmCardPayment(secret, data) {
        const entry = { method: 'confirmCardPayment', at: now() };
        rec.confirmCalls.push(entry);
        call('confirmCardPayment');
        intentId(secret, 'confirmCardPayment');
        const pm = data && data.payment_method;
        if (pm && pm._type) throw new IntegrationError('Invalid value for confirmCardPayment: pass {payment_method: {card: cardElement}}, not the element itself.');
        const el = pm && pm.card;
        if (!el || !el._frame) throw new IntegrationError('confirmCardPayment: payment_method.card must be a mounted card Element.');
        const out = await settleCard(readCard(el._frame), secret, null, false);
        entry.resolvedAt = now();
        entry.outcome = out.error ? out.error.type : out.paymentIntent.status;
        return out;
      },
      async retrievePaymentIntent(secret) {
        call('retrievePaymentIntent');
        const pi = intentFor(secret);
        if (cfg().retrieveError) return { error: cfg().retrieveError };
        if (cfg().apiBase) {
          try {
            const r = await backend(`/payment_intents/${pi.id}/retrieve`, { client_secret: secret });
            setStatus(Object.assign(pi, { amount: r.amount, currency: r.currency }), r.status);
          } catch {
            return { error: { type: 'invalid_request_error', message: `No such payment_intent: '${pi.id}'` } };
          }
        }
        return { paymentIntent: Object.assign({}, pi) };
      },
      async handleNextAction(opts) {
        call('handleNextAction');
        const pi = intentFor(opts && opts.clientSecret);
        if (pi.status !== 'requires_action') return { paymentIntent: Object.assign({}, pi) };
        const ok = await challenge();
        return ok ? { paymentIntent: setStatus(pi, 'succeeded') } : cardError(AUTH_FAILED, setStatus(pi, 'requires_payment_method'));
      },
    };
    return stripe;
  }
  Stripe.version = 3;
  Stripe.__double = true;
  window.Stripe = Stripe;
})();
