// Early start for <booking-checkout>, included as a plain script right after
// the element(s). Stripe.js and the create-intent request, the page's two
// slowest waits, then start while the wasm is still loading. The component
// reuses the Stripe.js tag and adopts the create-intent answer with its
// idempotency key (so a retry reuses it). Optional: without it the component
// makes both requests itself, later.
//
// It also makes the component's shell (src/shell.rs: the nodes Stripe's
// iframes live in, which must never move) and, once it has the answer and
// Stripe.js, mounts the Element into it, so the form loads while the wasm
// still does. The component takes that form over when it was made with the
// options it would pass itself (src/stripe/early.rs compares them), and
// replays the events the Element fired; otherwise it destroys it.
//
// Nothing is requested for a configuration the component would refuse: every
// check here equals or is narrower than src/config/rules.rs, and reads only
// attributes of src/config/attributes.rs (whose tests hold the patterns and
// names here to the Rust ones); anything else is left to the component.
(function () {
  'use strict';
  var STRIPE_JS_URL = 'https://js.stripe.com/v3/'; // src/stripe/loader.rs STRIPE_JS_URL
  var TIMEOUT_MS = 15000; // src/api.rs TIMEOUT_MS
  var PUBLISHABLE_KEY = /^pk_(test|live)_[A-Za-z0-9]+$/; // rules::PUBLISHABLE_KEY_PATTERN
  var BOOKING_ID = /^[A-Za-z0-9_-]{1,64}$/; // rules::BOOKING_ID_PATTERN
  var HEADER_NAME = /^[A-Za-z0-9_-]+$/; // rules::HEADER_NAME_PATTERN

  function attr(el, name) {
    var v = el.getAttribute(name);
    return v === null ? '' : v.trim();
  }
  // rules::url_ok: URL_UNSAFE_CHAR_PATTERN, URL_SCHEMES or a same-origin path.
  function urlOk(url) {
    var lower = url.toLowerCase();
    return (
      !/[\s\u0000-\u001f\u007f-\u009f]/.test(url) &&
      (lower.indexOf('https://') === 0 || lower.indexOf('http://') === 0 || (url[0] === '/' && url[1] !== '/'))
    );
  }
  function oneOf(value, allowed) {
    return value === '' || allowed.indexOf(value) >= 0;
  }

  // Pages that enforce Trusted Types refuse a plain string as a script URL.
  // This policy (listed in the page's CSP as booking-checkout#early) admits
  // the Stripe.js URL and nothing else; where it cannot be created, the
  // plain string is left to the page's own policies.
  function scriptUrl() {
    if (!window.trustedTypes || !window.trustedTypes.createPolicy) return STRIPE_JS_URL;
    try {
      return window.trustedTypes
        .createPolicy('booking-checkout#early', {
          createScriptURL: function (url) {
            if (url === STRIPE_JS_URL) return url;
            throw new TypeError('booking-checkout: script URL not allowed');
          },
        })
        .createScriptURL(STRIPE_JS_URL);
    } catch (_) {
      return STRIPE_JS_URL;
    }
  }

  // Added as the component's loader adds it, so the loader reuses the tag. A
  // tag that fails or defines no window.Stripe is removed: the loader then
  // adds its own and reports the failure with its message and retry.
  function startStripeJs() {
    if (window.Stripe || document.querySelector('script[src^="https://js.stripe.com/"]')) return;
    var script = document.createElement('script');
    try {
      script.src = scriptUrl();
    } catch (_) {
      // Trusted Types enforced and no policy admitted the URL: the
      // component's loader sets it through its own policy, later.
      return;
    }
    script.async = true;
    // Marks the tag as the checkout's own, still loading: the component's
    // loader waits for it instead of replacing it (loader::OWN_TAG_ATTRIBUTE).
    script.setAttribute('data-booking-checkout', '');
    script.addEventListener('load', function () {
      // As the loader judges it: anything but a function is no Stripe.js
      // (a kept tag would be waited on until the loader's time-out).
      if (typeof window.Stripe !== 'function') script.remove();
    });
    script.addEventListener('error', function () {
      script.remove();
    });
    document.head.appendChild(script);
  }

  function startCreateIntent(el) {
    var bookingId = attr(el, 'booking-id');
    var url = attr(el, 'create-intent-url') || '/api/payments/create-intent'; // contract CREATE_INTENT_PATH
    var returnUrl = attr(el, 'return-url');
    var token = attr(el, 'auth-token');
    var csrfHeader = attr(el, 'csrf-header');
    var csrfToken = attr(el, 'csrf-token');
    var plain =
      BOOKING_ID.test(bookingId) &&
      urlOk(url) &&
      (returnUrl === '' || urlOk(returnUrl)) &&
      (csrfHeader === '') === (csrfToken === '') &&
      (csrfHeader === '' || HEADER_NAME.test(csrfHeader)) &&
      oneOf(attr(el, 'flow'), ['intent-first']) &&
      oneOf(attr(el, 'element'), ['payment', 'card']) &&
      oneOf(attr(el, 'theme'), ['stripe', 'night', 'flat']) &&
      // A return from a redirect is settled by the component first.
      !/[?&](payment|setup)_intent_client_secret=/.test(location.search) &&
      window.crypto && crypto.randomUUID && window.AbortSignal && AbortSignal.timeout;
    if (!plain) return;

    var key = crypto.randomUUID();
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (csrfHeader) headers[csrfHeader] = csrfToken;
    var response = fetch(url, {
      method: 'POST',
      credentials: token ? 'omit' : 'include',
      headers: headers,
      body: JSON.stringify({ booking_id: bookingId }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch(function () {
      return null; // a network failure or timeout; the component maps it and offers a retry
    });
    // What the request was sent with: the component adopts it only if it is
    // the request it would send itself (api.rs EarlyRequest::matches).
    var record = { // api.rs EARLY_START_PROPERTY
      bookingId: bookingId,
      url: url,
      bearer: !!token,
      csrfHeader: csrfHeader,
      idempotencyKey: key,
      response: response,
    };
    el.__bookingCheckoutEarly = record;
    var shell = buildShell(el);
    return shell ? startForm(el, record, shell) : null;
  }

  // src/shell.rs NODES: [class, parent index]; the skeleton's two lines.
  var NODES = [
    ['bc', -1],
    ['bc-payarea', 0],
    ['bc-wallets', 1],
    ['bc-form', 1],
    ['bc-skeleton', 3],
    ['bc-element', 3],
  ];
  // The shell in its loading state, as the component's view model sets it.
  function buildShell(el) {
    if (el.firstElementChild) return null; // the page put something there: not ours to change
    var nodes = [];
    for (var i = 0; i < NODES.length; i++) {
      var node = document.createElement('div');
      node.className = NODES[i][0];
      nodes.push(node);
      if (NODES[i][1] >= 0) nodes[NODES[i][1]].appendChild(node);
    }
    nodes[0].setAttribute('data-state', 'loading');
    nodes[0].setAttribute('aria-busy', 'true');
    nodes[0].setAttribute('data-early', ''); // shell::EARLY_SHELL_ATTRIBUTE
    nodes[2].setAttribute('hidden', '');
    nodes[4].setAttribute('aria-hidden', 'true');
    for (var j = 0; j < 2; j++) {
      var line = document.createElement('span');
      line.className = 'bc-skeleton-line';
      nodes[4].appendChild(line);
    }
    el.appendChild(nodes[0]);
    return { root: nodes[0], slot: nodes[5] };
  }

  // Locale::parse: the tag's primary subtag if the component speaks it.
  function stripeLocale(tag) {
    var lang = tag.split(/[-_]/)[0].toLowerCase();
    return ['en', 'fr', 'de', 'es', 'it', 'nl'].indexOf(lang) >= 0 ? lang : 'en';
  }

  // Settles when the tag has run (or failed: Stripe() then throws below).
  function stripeLoaded() {
    return new Promise(function (resolve) {
      if (typeof window.Stripe === 'function') return resolve();
      var tag = document.querySelector('script[src^="https://js.stripe.com/"]');
      if (!tag) return resolve();
      tag.addEventListener('load', resolve);
      tag.addEventListener('error', resolve);
    });
  }

  // Mounts the Element as the component would (stripe/client.rs, wire.rs,
  // element.rs), unless the component has closed the record first. Settles
  // once the Element is mounted or will not be.
  function startForm(el, record, shell) {
    var answer = record.response.then(function (r) {
      return r && r.ok ? r.clone().json() : null;
    });
    return Promise.all([answer, stripeLoaded()])
      .then(function (done) {
        var body = done[0];
        if (record.closed || !body || typeof body.client_secret !== 'string' || !shell.root.isConnected) return;
        var kind = attr(el, 'element') || 'payment';
        var locale = stripeLocale(attr(el, 'locale'));
        var options = {
          client: { locale: locale },
          group: { clientSecret: body.client_secret, appearance: { theme: attr(el, 'theme') || 'stripe' }, locale: locale },
          element: kind === 'card' ? { hidePostalCode: true } : { layout: 'tabs' },
        };
        var key = attr(el, 'publishable-key');
        var stripe = window.Stripe(key, options.client);
        var elements = stripe.elements(options.group);
        var element = elements.create(kind, options.element);
        var events = [];
        var listeners = ['ready', 'loaderror', 'change'].map(function (name) {
          var listener = function (event) {
            events.push([name, event]);
            // The form shows as soon as it can be typed in (checkout.css).
            if (name === 'ready') shell.root.setAttribute('data-form', ''); // shell::EARLY_FORM_ATTRIBUTE
          };
          element.on(name, listener);
          return [name, listener];
        });
        element.mount(shell.slot);
        record.form = {
          key: key,
          kind: kind,
          options: options,
          stripe: stripe,
          elements: elements,
          element: element,
          slot: shell.slot,
          events: events,
          // Called by the component as it takes the record: its own listeners replace these.
          stop: function () {
            listeners.forEach(function (l) {
              element.off(l[0], l[1]);
            });
          },
        };
      })
      .catch(function () {
        // Stripe.js refused something: the component mounts its own form and reports it.
      });
  }

  var forms = [];
  var elements = document.querySelectorAll('booking-checkout');
  for (var i = 0; i < elements.length; i++) {
    var el = elements[i];
    if (el.__bookingCheckoutEarly || !PUBLISHABLE_KEY.test(attr(el, 'publishable-key'))) continue;
    startStripeJs();
    forms.push(startCreateIntent(el));
  }
  // What the page's wasm loader waits for (scripts/wasm-after-early.mjs):
  // the early forms mounted, or given up; never longer than FORMS_WAIT_MS,
  // so a Stripe.js that hangs delays the component's own start (and its
  // message) by no more than that.
  var FORMS_WAIT_MS = 2000;
  window.__bookingCheckoutFormsMounted = Promise.race([
    Promise.all(forms),
    new Promise(function (resolve) {
      setTimeout(resolve, FORMS_WAIT_MS);
    }),
  ]);
})();
