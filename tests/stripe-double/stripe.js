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
 *   loadError      string | {type, code?, message}: elements fire 'loaderror'
 *                  instead of 'ready' (a string: an api_error with that message).
 *   rejectKey      true: elements fire 'loaderror' as Stripe does for a
 *                  publishable key it does not know.
 *   confirmError   {type, code?, message}: confirm resolves with this error.
 *   confirmThrows  string: confirm rejects with an IntegrationError.
 *   confirmDelayMs number: confirm settles after this long.
 *   confirmGate    true: confirm waits, after the page called it and before it
 *                  reaches the backend, until the test calls
 *                  window.__stripeDouble.openGate() (a race made exact).
 *   retrieveError  {type, message}: retrievePaymentIntent resolves with this error.
 *   confirmResolves any: confirm resolves with exactly this value (a hostile shape).
 *   confirmLosesAnswer true: with apiBase, the confirmation reaches the backend
 *                  but its answer is lost (resolves an api_connection_error).
 *   neverReady     true: elements load but never fire 'ready' or 'loaderror'.
 *   redirect       true: behave as a redirect-based method (navigate to return_url).
 *   threeDS        'complete' | 'fail': auto-answer the 3DS challenge.
 *   wallets        ['apple_pay', 'google_pay', 'link', …]: the wallets the
 *                  Express Checkout Element finds on this device (default
 *                  none: its 'ready' says availablePaymentMethods undefined).
 *   walletCard     the test card a wallet pays with (default 4242…); a 3DS
 *                  card makes the wallet payment need authentication.
 *   walletSheet    'approve' | 'cancel': auto-answer the wallet's sheet.
 *   walletLoadError string: the Express Checkout Element fires 'loaderror'.
 *
 * Setup mode and holds: `elements({clientSecret: 'seti_…'})` or deferred
 * `{mode: 'setup', currency}` render the Payment Element for saving a card;
 * `confirmSetup` confirms a SetupIntent (3D Secure and declines as for
 * payments; an error carries `setup_intent`), `retrieveSetupIntent` reads
 * it, and a redirect returns with setup_intent, setup_intent_client_secret
 * and redirect_status; `confirmCardSetup` saves the Card Element's card.
 * With apiBase, SetupIntents cross it as PaymentIntents do. A deferred group's captureMethod and setupFutureUsage
 * are checked as Stripe.js checks them; a confirmed PaymentIntent whose
 * capture is manual (the group's captureMethod, or the backend's intent)
 * ends in requires_capture. Mixing a SetupIntent with confirmPayment, or a
 * PaymentIntent with confirmSetup, throws an IntegrationError.
 *
 * With apiBase, a backend that cannot be reached resolves an
 * api_connection_error and one that refuses an invalid_request_error, and
 * confirming an intent that is no longer confirmable resolves
 * payment_intent_unexpected_state, as Stripe.js does.
 *
 * The Express Checkout Element follows Stripe.js's documented events:
 * 'ready' {elementType:'expressCheckout', availablePaymentMethods}, 'click'
 * {elementType, expressPaymentType, resolve} (the sheet opens only if
 * resolve() is called within 1 s), 'confirm' {elementType,
 * expressPaymentType, paymentFailed, billingDetails} and 'cancel'
 * {elementType}; confirmPayment() then pays with the wallet's card.
 *
 * Everything the page asks of it is recorded on window.__stripeDouble;
 * `args` keeps each call's arguments as plain data (an Elements group or an
 * Element as {__ref}), which stripe-types.spec.mjs checks against
 * @stripe/stripe-js's published types.
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
    args: [],
    confirmCalls: [],
    readyAt: null,
    events: [],
    // Wallet clicks ({kind, resolvedAfterMs, shown, error?}), approvals,
    // paymentFailed() calls and sheets closed by the customer.
    wallet: { clicks: [], confirms: [], failed: [], cancels: 0 },
  });
  const cfg = () => window.__stripeDoubleConfig || {};
  const call = (method, detail) => rec.calls.push(Object.assign({ method, at: now() }, detail || {}));
  // Arguments as plain data: groups and Elements by reference, functions by kind.
  const snap = (v, depth = 0) => {
    if (v === null || typeof v !== 'object') return typeof v === 'function' ? { __ref: 'function' } : v;
    if (v._elements) return { __ref: 'elements' };
    if (v._type) return { __ref: `element:${v._type}` };
    if (depth > 8) return { __ref: 'deep' };
    if (Array.isArray(v)) return v.map((x) => snap(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, snap(x, depth + 1)]));
  };
  const recordArgs = (method, args) => rec.args.push({ method, args: Array.from(args).map((a) => snap(a)) });

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
  const SECRET_RE = /^((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
  const isSetup = (secret) => typeof secret === 'string' && secret.startsWith('seti_');
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
    const object = isSetup(secret) ? 'setup_intent' : 'payment_intent';
    if (!intents[id]) intents[id] = { id, object, status: 'requires_payment_method', client_secret: secret };
    return intents[id];
  };
  // What Stripe's servers hold for an intent (its amount), for tests that
  // answer create-intent themselves instead of a real backend.
  rec.serverIntent = (secret, fields) => {
    Object.assign(intentFor(secret), fields);
    save();
  };
  const setStatus = (pi, status) => {
    pi.status = status;
    save();
    return Object.assign({}, pi);
  };
  // What Stripe.js resolves when its API cannot be reached or refuses.
  const backendError = (e, id) =>
    e instanceof TypeError
      ? { type: 'api_connection_error', message: 'An error occurred with our connection to Stripe.' }
      : { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'` };
  const unexpectedState = (pi) =>
    pi.object === 'setup_intent'
      ? {
          type: 'invalid_request_error',
          code: 'setup_intent_unexpected_state',
          message: `You cannot confirm this SetupIntent because it has a status of ${pi.status}.`,
          setup_intent: pi,
        }
      : {
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message: `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
          payment_intent: pi,
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
  // The stand-in fields, built through the DOM in a blank frame and never
  // from an HTML string (srcdoc): the payment page enforces Trusted Types,
  // and real Stripe frames are cross-origin documents that never touch the
  // page's sinks.
  const FIELDS = {
    payment: [
      ['Card number', { name: 'cardnumber', autocomplete: 'cc-number', inputmode: 'numeric' }],
      ['Expiration', { name: 'exp-date', placeholder: 'MM / YY', autocomplete: 'cc-exp' }],
      ['CVC', { name: 'cvc', autocomplete: 'cc-csc', inputmode: 'numeric' }],
    ],
    card: [
      [null, { name: 'cardnumber', placeholder: 'Card number', autocomplete: 'cc-number', inputmode: 'numeric' }],
      [null, { name: 'exp-date', placeholder: 'MM / YY' }],
      [null, { name: 'cvc', placeholder: 'CVC' }],
    ],
  };
  const STYLE = 'body{margin:0;font:14px system-ui}label{display:block;margin:4px 0}input{display:block;width:100%;box-sizing:border-box;padding:8px;margin-top:2px}';

  function make(doc, tag, attrs, ...children) {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children);
    return node;
  }
  function fillFields(doc, type) {
    doc.head.append(make(doc, 'style', null, STYLE));
    const inputs = FIELDS[type].map(([label, attrs]) => {
      const input = make(doc, 'input', attrs);
      return label ? make(doc, 'label', null, label, input) : input;
    });
    doc.body.append(make(doc, 'form', null, ...inputs));
  }
  // `fill` runs when the blank frame is attached; `loaded` a task later, as
  // a real frame's load would.
  function whenLoaded(frame, fill, loaded) {
    let filled = false;
    frame.addEventListener('load', () => {
      if (filled) return;
      filled = true;
      fill(frame.contentDocument);
      setTimeout(loaded, 0);
    });
  }

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
        if (type === 'expressCheckout') {
          mountExpress(el, emit, node);
          call('mount', { type });
          return;
        }
        const frame = document.createElement('iframe');
        frame.name = `__privateStripeFrame${++frameSeq}`;
        frame.title = 'Secure payment input frame';
        frame.setAttribute('frameborder', '0');
        frame.style.cssText = `width:100%;border:0;height:${type === 'payment' ? 190 : 120}px`;
        whenLoaded(frame, (doc) => fillFields(doc, type), () => {
          if (el._frame !== frame) return;
          const doc = frame.contentDocument;
          doc.addEventListener('input', () => emit('change', changeEvent()));
          doc.addEventListener('focusin', () => emit('focus', { elementType: type }));
          doc.addEventListener('focusout', () => emit('blur', { elementType: type }));
          if (cfg().neverReady) return;
          const loadError = cfg().loadError;
          if (loadError) {
            // A string is an api_error's message; an object is the whole error.
            const error = typeof loadError === 'string' ? { type: 'api_error', message: loadError } : Object.assign({}, loadError);
            emit('loaderror', { elementType: type, error });
            return;
          }
          if (cfg().rejectKey) {
            // What Stripe answers for a publishable key it does not know
            // (HTTP 401): an invalid_request_error with no code and this wording.
            const key = rec.keysSeen[rec.keysSeen.length - 1] || '';
            const masked = key.slice(0, 8) + '*'.repeat(Math.max(0, key.length - 12)) + key.slice(-4);
            emit('loaderror', { elementType: type, error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` } });
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
        recordArgs(`element.update:${type}`, arguments);
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
    recordArgs('elements', options === undefined ? [] : [options]);
    options = options || {};
    if (options.clientSecret && options.mode) {
      throw new IntegrationError('Do not pass both clientSecret and mode to stripe.elements().');
    }
    if (options.clientSecret) intentId(options.clientSecret, 'clientSecret');
    if (options.mode && !['payment', 'setup', 'subscription'].includes(options.mode)) {
      throw new IntegrationError(`Invalid value for elements(): mode should be one of the following strings: payment, setup, subscription. You specified: ${options.mode}.`);
    }
    if (options.mode && typeof options.currency !== 'string') {
      throw new IntegrationError('In deferred mode, elements() needs a currency.');
    }
    if (options.mode && options.mode !== 'setup' && !Number.isInteger(options.amount)) {
      throw new IntegrationError('In deferred mode, elements() needs an integer amount and a currency.');
    }
    const oneOf = (name, allowed) => {
      if (name in options && !allowed.includes(options[name])) {
        throw new IntegrationError(`Invalid value for elements(): ${name} should be one of the following strings: ${allowed.join(', ')}. You specified: ${options[name]}.`);
      }
    };
    oneOf('captureMethod', ['automatic', 'automatic_async', 'manual']);
    oneOf('setupFutureUsage', ['off_session', 'on_session']);
    if (options.mode === 'setup' && 'captureMethod' in options) {
      throw new IntegrationError('Invalid value for elements(): captureMethod is not supported in setup mode.');
    }
    const seen = { kind: 'elements', clientSecret: !!options.clientSecret, mode: options.mode || null, amount: options.amount, currency: options.currency, locale: options.locale };
    // The deferred intent's settings, only when the page passed them.
    for (const name of ['captureMethod', 'setupFutureUsage']) if (name in options) seen[name] = options[name];
    rec.options.push(seen);
    const handlers = {};
    const group = {
      _options: options,
      _elements: {},
      _submitted: false,
      create(type, opts) {
        recordArgs('create', arguments);
        if (!['payment', 'card', 'expressCheckout'].includes(type)) throw new IntegrationError(`A valid Element name must be provided. ${type} is not one.`);
        if (group._elements[type]) throw new IntegrationError(`Can only create one Element of type ${type}.`);
        if ((type === 'payment' || type === 'expressCheckout') && !options.clientSecret && !options.mode) {
          throw new IntegrationError('In order to create a payment element, you must pass a clientSecret or mode when creating the Elements group.');
        }
        call('create', { type });
        return (group._elements[type] = createElement(group, type, opts));
      },
      getElement(type) {
        return group._elements[type] || null;
      },
      update(opts) {
        recordArgs('elements.update', arguments);
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
        // Re-reads the intent, as Stripe.js does: the sheet's amount follows.
        if (options.clientSecret && cfg().apiBase) {
          try {
            const r = await backend(`/payment_intents/${intentId(options.clientSecret, 'clientSecret')}/retrieve`, { client_secret: options.clientSecret });
            Object.assign(intentFor(options.clientSecret), { amount: r.amount, currency: r.currency });
            save();
          } catch {
            return { error: { type: 'api_connection_error', message: 'Could not reach Stripe.' } };
          }
        }
        return {};
      },
      // The amount a wallet's sheet shows: the deferred amount, or the intent's.
      _amount() {
        if (options.mode) return { amount: options.amount, currency: options.currency };
        const pi = options.clientSecret && intents[intentId(options.clientSecret, 'clientSecret')];
        return pi && pi.amount ? { amount: pi.amount, currency: pi.currency } : null;
      },
      async submit() {
        call('submit');
        if (group._wallet) {
          // A wallet approved in its sheet is complete by itself.
          group._submitted = true;
          return { selectedPaymentMethod: group._wallet.kind };
        }
        const el = group._elements.payment || group._elements.card;
        if (!el || !el._frame) return { error: validation('incomplete', 'Please fill in your payment details.') };
        const error = validateCard(readCard(el._frame));
        if (error) return { error };
        group._submitted = true;
        return { selectedPaymentMethod: 'card' };
      },
    };
    // Stripe.js reads an intent-mode group's PaymentIntent when it is made.
    if (options.clientSecret && !isSetup(options.clientSecret) && cfg().apiBase) {
      backend(`/payment_intents/${intentId(options.clientSecret, 'clientSecret')}/retrieve`, { client_secret: options.clientSecret })
        .then((r) => {
          Object.assign(intentFor(options.clientSecret), { amount: r.amount, currency: r.currency });
          save();
        })
        .catch(() => {});
    }
    return group;
  }

  // ------------------------------------------ Express Checkout Element
  const WALLET_NAMES = { apple_pay: 'Apple Pay', google_pay: 'Google Pay', link: 'Link', paypal: 'PayPal', amazon_pay: 'Amazon Pay', klarna: 'Klarna' };
  const AVAILABLE_KEYS = { apple_pay: 'applePay', google_pay: 'googlePay', link: 'link', paypal: 'paypal', amazon_pay: 'amazonPay', klarna: 'klarna' };
  const walletsHere = () => (cfg().wallets || []).filter((w) => WALLET_NAMES[w]);

  function mountExpress(el, emit, node) {
    const frame = document.createElement('iframe');
    frame.name = `__privateStripeFrame${++frameSeq}`;
    frame.title = 'Secure express checkout frame';
    frame.setAttribute('frameborder', '0');
    const kinds = walletsHere();
    frame.style.cssText = `width:100%;border:0;height:${kinds.length ? 52 : 0}px`;
    whenLoaded(frame, (doc) => {
      doc.head.append(make(doc, 'style', null, 'body{margin:0;display:flex;gap:8px;font:600 15px system-ui}button{flex:1;height:44px;border:0;border-radius:6px;background:#000;color:#fff;cursor:pointer}'));
      doc.body.append(...kinds.map((k) => make(doc, 'button', { type: 'button', 'data-wallet': k }, `Book with ${WALLET_NAMES[k]}`)));
    }, () => {
      if (el._frame !== frame) return;
      const doc = frame.contentDocument;
      doc.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => walletClick(el, emit, b.dataset.wallet)));
      if (cfg().walletLoadError) {
        emit('loaderror', { elementType: 'expressCheckout', error: { type: 'api_error', message: cfg().walletLoadError } });
        return;
      }
      let available;
      if (kinds.length) {
        available = {};
        for (const [k, key] of Object.entries(AVAILABLE_KEYS)) available[key] = kinds.includes(k);
      }
      emit('ready', { elementType: 'expressCheckout', availablePaymentMethods: available });
    });
    el._frame = frame;
    node.appendChild(frame);
  }

  function walletClick(el, emit, kind) {
    const clickedAt = now();
    const entry = { kind, at: clickedAt, resolvedAfterMs: null, shown: false };
    rec.wallet.clicks.push(entry);
    let resolved = false;
    // Stripe shows the wallet only if resolve() comes within 1 s.
    setTimeout(() => {
      if (!resolved) entry.error = 'resolve() was not called within 1 second';
    }, 1000);
    emit('click', {
      elementType: 'expressCheckout',
      expressPaymentType: kind,
      resolve() {
        if (resolved) return;
        resolved = true;
        entry.resolvedAfterMs = now() - clickedAt;
        if (entry.resolvedAfterMs > 1000) {
          entry.error = 'resolve() was called after 1 second';
          return;
        }
        entry.shown = true;
        openSheet(el, emit, kind);
      },
    });
  }

  function openSheet(el, emit, kind) {
    const group = el._group;
    const frame = document.createElement('iframe');
    frame.name = `__privateStripeFrame${++frameSeq}`;
    frame.title = `${WALLET_NAMES[kind]} payment sheet`;
    frame.style.cssText = 'position:fixed;left:25%;bottom:0;width:50%;height:220px;z-index:2147483647;background:#fff;border:1px solid #888;border-radius:12px 12px 0 0';
    const close = () => frame.remove();
    const money = group._amount();
    const total = money ? `${(money.amount / 100).toFixed(2)} ${String(money.currency).toUpperCase()}` : '';
    const approve = () => {
      const doc = frame.contentDocument;
      if (doc && doc.getElementById('wallet-status')) doc.getElementById('wallet-status').textContent = 'Processing…';
      group._wallet = { kind, card: cfg().walletCard || '4242424242424242', close };
      const confirm = { kind, at: now() };
      rec.wallet.confirms.push(confirm);
      emit('confirm', {
        elementType: 'expressCheckout',
        expressPaymentType: kind,
        billingDetails: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com', address: { line1: '1 Quay Street', line2: null, city: 'Saint-Malo', state: '', postal_code: '35400', country: 'FR' } },
        paymentFailed(payload) {
          rec.wallet.failed.push({ kind, reason: (payload && payload.reason) || 'fail' });
          if (group._wallet && group._wallet.close === close) group._wallet = null;
          close();
        },
      });
    };
    const cancel = () => {
      rec.wallet.cancels += 1;
      if (group._wallet && group._wallet.close === close) group._wallet = null;
      close();
      emit('cancel', { elementType: 'expressCheckout' });
    };
    whenLoaded(frame, (doc) => {
      doc.body.style.cssText = 'font:16px system-ui;padding:16px';
      doc.body.append(
        make(doc, 'h2', null, `${WALLET_NAMES[kind]} (test)`),
        make(doc, 'p', { id: 'wallet-total' }, total ? `Pay ${total}` : 'Pay'),
        make(doc, 'p', { id: 'wallet-status' }, ''),
        make(doc, 'button', { id: 'wallet-approve' }, 'Approve'),
        ' ',
        make(doc, 'button', { id: 'wallet-cancel' }, 'Cancel'),
      );
    }, () => {
      const doc = frame.contentDocument;
      doc.getElementById('wallet-approve').addEventListener('click', approve);
      doc.getElementById('wallet-cancel').addEventListener('click', cancel);
      const auto = cfg().walletSheet;
      if (auto === 'approve') setTimeout(approve, 20);
      if (auto === 'cancel') setTimeout(cancel, 20);
    });
    document.body.appendChild(frame);
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
      const fill = (doc) => {
        doc.body.style.cssText = 'font:16px system-ui;padding:16px';
        doc.body.append(
          make(doc, 'h2', null, '3D Secure 2 test page'),
          make(doc, 'button', { id: 'test-source-authorize-3ds' }, 'Complete authentication'),
          ' ',
          make(doc, 'button', { id: 'test-source-fail-3ds' }, 'Fail authentication'),
        );
      };
      whenLoaded(frame, fill, () => {
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
  // The intent an error or a result carries is named by its kind.
  const kindOf = (intent) => (intent.object === 'setup_intent' ? 'setup_intent' : 'payment_intent');
  const cardError = (e, pi) => ({ error: Object.assign({ type: 'card_error', [kindOf(pi)]: pi }, e) });

  const outcome = (out) => {
    const intent = out && (out.paymentIntent || out.setupIntent);
    return out && out.error ? out.error.type : intent ? intent.status : 'unreadable';
  };

  // Settles a confirmation with the card typed into the frame. `manual`: a
  // PaymentIntent whose capture is manual is authorised (requires_capture).
  async function settleCard(card, secret, returnUrl, redirect, manual) {
    const pi = intentFor(secret);
    const setup = pi.object === 'setup_intent';
    // An intent-first hold: the intent's own capture method (rec.serverIntent).
    manual = manual || pi.capture_method === 'manual';
    const c = cfg();
    if (c.confirmDelayMs) await sleep(c.confirmDelayMs);
    if (c.confirmGate) await new Promise((open) => { rec.openGate = open; });
    if (c.confirmError) return { error: Object.assign({}, c.confirmError) };
    if (c.confirmThrows) throw new IntegrationError(c.confirmThrows);
    if ('confirmResolves' in c) return c.confirmResolves;
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
      const path = `/${kindOf(pi)}s/${pi.id}`;
      let r;
      try {
        const before = await backend(`${path}/retrieve`, { client_secret: secret });
        if (!['requires_payment_method', 'requires_confirmation'].includes(before.status)) {
          return { error: unexpectedState(setStatus(Object.assign(pi, { amount: before.amount, currency: before.currency }), before.status)) };
        }
        r = await backend(`${path}/confirm`, { client_secret: secret, payment_method: token });
      } catch (e) {
        return { error: backendError(e, pi.id) };
      }
      if (c.confirmLosesAnswer) return { error: { type: 'api_connection_error', message: 'Network error: the connection was reset.' } };
      result = setStatus(Object.assign(pi, { amount: r.amount, currency: r.currency }), r.status);
    } else {
      result = setStatus(pi, manual && !setup ? 'requires_capture' : 'succeeded');
    }
    const kind = kindOf(pi);
    if (redirect) {
      const url = new URL(returnUrl, location.href);
      url.searchParams.set(kind, pi.id);
      url.searchParams.set(`${kind}_client_secret`, secret);
      const ok = result.status === 'succeeded' || result.status === 'requires_capture';
      url.searchParams.set('redirect_status', ok ? 'succeeded' : 'failed');
      location.assign(url.toString());
      return new Promise(() => {}); // the page is going away
    }
    return setup ? { setupIntent: result } : { paymentIntent: result };
  }

  // What a group was made for: a SetupIntent (its secret, or deferred setup
  // mode) or a PaymentIntent.
  const groupSaves = (group) => isSetup(group._options.clientSecret) || group._options.mode === 'setup';

  // confirmPayment (`saving` false) and confirmSetup (`saving` true): the
  // same checks and steps, for a group made for a PaymentIntent or for a
  // SetupIntent.
  async function confirmGroup(method, opts, saving) {
    opts = opts || {};
    const entry = { method, at: now(), redirect: opts.redirect || 'always' };
    rec.confirmCalls.push(entry);
    call(method);
    const group = opts.elements;
    if (!group || !group._elements) throw new IntegrationError(`Invalid value for ${method}: elements should be an Elements group.`);
    if (!saving && (groupSaves(group) || isSetup(opts.clientSecret))) {
      throw new IntegrationError('stripe.confirmPayment(): this Elements group is for a SetupIntent; use stripe.confirmSetup().');
    }
    if (saving && !groupSaves(group)) {
      throw new IntegrationError('stripe.confirmSetup(): this Elements group is for a PaymentIntent; use stripe.confirmPayment().');
    }
    const params = opts.confirmParams || {};
    const redirect = opts.redirect || 'always';
    if (redirect === 'always' && !params.return_url) throw new IntegrationError(`stripe.${method}(): the \`confirmParams.return_url\` argument is required unless passing \`redirect: 'if_required'\``);
    let secret = group._options.clientSecret;
    if (group._options.mode) {
      if (!opts.clientSecret) throw new IntegrationError(`stripe.${method}(): the \`clientSecret\` argument is required when Elements is in deferred mode.`);
      if (!group._submitted) throw new IntegrationError(`elements.submit() must be called before stripe.${method}().`);
      secret = opts.clientSecret;
    }
    if (saving && !isSetup(secret)) throw new IntegrationError('Invalid value for confirmSetup: clientSecret should be a SetupIntent client secret.');
    const wallet = group._wallet;
    group._wallet = null;
    const el = group._elements.payment;
    // react-stripe-js #495: confirming without a mounted Payment Element.
    if (!wallet && (!el || !el._frame)) throw new IntegrationError(`stripe.${method}(): the Payment Element is not mounted.`);
    const card = wallet ? { number: wallet.card, exp: '12/34', cvc: '123' } : readCard(el._frame);
    if (wallet) entry.wallet = wallet.kind;
    const manual = !saving && group._options.captureMethod === 'manual';
    const out = await settleCard(card, secret, params.return_url, redirect === 'always' || !!cfg().redirect, manual);
    // A wallet's sheet closes by itself on success; a failure is the
    // page's to report with paymentFailed().
    const intent = out.paymentIntent || out.setupIntent;
    if (wallet && !out.error && intent.status !== 'requires_payment_method') wallet.close();
    entry.resolvedAt = now();
    entry.outcome = outcome(out);
    return out;
  }

  // confirmCardPayment and confirmCardSetup: the mounted Card Element's
  // card, for a PaymentIntent's or a SetupIntent's secret.
  async function confirmCard(method, secret, data) {
    const entry = { method, at: now() };
    rec.confirmCalls.push(entry);
    call(method);
    intentId(secret, method);
    const pm = data && data.payment_method;
    if (pm && pm._type) throw new IntegrationError(`Invalid value for ${method}: pass {payment_method: {card: cardElement}}, not the element itself.`);
    const el = pm && pm.card;
    if (!el || !el._frame) throw new IntegrationError(`${method}: payment_method.card must be a mounted card Element.`);
    const out = await settleCard(readCard(el._frame), secret, null, false);
    entry.resolvedAt = now();
    entry.outcome = outcome(out);
    return out;
  }

  function Stripe(key, options) {
    if (typeof key !== 'string' || !key) throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    if (/^(sk|rk)_/.test(key)) throw new IntegrationError('You should not use your secret key with Stripe.js. Please pass a publishable key instead.');
    rec.keysSeen.push(key);
    recordArgs('Stripe', arguments);
    rec.options.push({ kind: 'Stripe', locale: options && options.locale });
    call('Stripe');
    const stripe = {
      elements: (opts) => createGroup(stripe, opts),
      registerAppInfo(info) {
        recordArgs('registerAppInfo', arguments);
        rec.appInfo.push(info);
      },
      async confirmPayment(opts) {
        recordArgs('confirmPayment', arguments);
        return confirmGroup('confirmPayment', opts, false);
      },
      async confirmCardPayment(secret, data) {
        recordArgs('confirmCardPayment', arguments);
        if (isSetup(secret)) throw new IntegrationError('Invalid value for confirmCardPayment: use confirmCardSetup for a SetupIntent.');
        return confirmCard('confirmCardPayment', secret, data);
      },
      async confirmCardSetup(secret, data) {
        recordArgs('confirmCardSetup', arguments);
        if (!isSetup(secret)) throw new IntegrationError('Invalid value for confirmCardSetup: value should be a SetupIntent client secret.');
        return confirmCard('confirmCardSetup', secret, data);
      },
      async retrievePaymentIntent(secret) {
        recordArgs('retrievePaymentIntent', arguments);
        call('retrievePaymentIntent');
        if (isSetup(secret)) throw new IntegrationError('Invalid value for retrievePaymentIntent: use retrieveSetupIntent for a SetupIntent.');
        const pi = intentFor(secret);
        if (cfg().retrieveError) return { error: cfg().retrieveError };
        if (cfg().apiBase) {
          try {
            const r = await backend(`/payment_intents/${pi.id}/retrieve`, { client_secret: secret });
            setStatus(Object.assign(pi, { amount: r.amount, currency: r.currency }), r.status);
          } catch (e) {
            return { error: backendError(e, pi.id) };
          }
        }
        return { paymentIntent: Object.assign({}, pi) };
      },
      async confirmSetup(opts) {
        recordArgs('confirmSetup', arguments);
        return confirmGroup('confirmSetup', opts, true);
      },
      async retrieveSetupIntent(secret) {
        recordArgs('retrieveSetupIntent', arguments);
        call('retrieveSetupIntent');
        if (!isSetup(secret)) throw new IntegrationError('Invalid value for retrieveSetupIntent: value should be a SetupIntent client secret.');
        if (cfg().retrieveError) return { error: cfg().retrieveError };
        const si = intentFor(secret);
        if (cfg().apiBase) {
          try {
            const r = await backend(`/setup_intents/${si.id}/retrieve`, { client_secret: secret });
            setStatus(si, r.status);
          } catch (e) {
            return { error: backendError(e, si.id) };
          }
        }
        return { setupIntent: Object.assign({}, si) };
      },
      async handleNextAction(opts) {
        recordArgs('handleNextAction', arguments);
        call('handleNextAction');
        const pi = intentFor(opts && opts.clientSecret);
        const as = (intent) => (intent.object === 'setup_intent' ? { setupIntent: intent } : { paymentIntent: intent });
        if (pi.status !== 'requires_action') return as(Object.assign({}, pi));
        const ok = await challenge();
        const done = pi.object !== 'setup_intent' && pi.capture_method === 'manual' ? 'requires_capture' : 'succeeded';
        return ok ? as(setStatus(pi, done)) : cardError(AUTH_FAILED, setStatus(pi, 'requires_payment_method'));
      },
    };
    return stripe;
  }
  Stripe.version = 3;
  Stripe.__double = true;
  window.Stripe = Stripe;
})();
