// The booking page around <booking-checkout>: sign-in when the checkout
// reports that the visitor is not signed in (then the checkout loads again
// in place, without a page reload), and the booking's confirmed state after
// payment (which comes from the server's Stripe webhook, not the browser).
(function () {
  'use strict';
  // The page enforces Trusted Types (see its CSP). Code that sets a script
  // URL as a plain string, Stripe.js among it, goes through this default
  // policy, which admits scripts from js.stripe.com and nothing else (no
  // HTML, no script text: those sinks stay closed).
  if (window.trustedTypes && !window.trustedTypes.defaultPolicy) {
    window.trustedTypes.createPolicy('default', {
      createScriptURL(url) {
        if (new URL(url, location.href).origin === 'https://js.stripe.com') return url;
        throw new TypeError('script URL not allowed on the payment page');
      },
    });
  }
  const params = new URLSearchParams(location.search);
  const checkout = document.getElementById('checkout');
  const booking = params.get('booking');
  const $ = (id) => document.getElementById(id);
  const json = (method, url, body) =>
    fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  // Runs before the component starts (and before its early start), so both
  // use it. The page's own description is the default booking's: another
  // booking's summary waits for its own, from the server.
  if (booking && /^[A-Za-z0-9_-]{1,64}$/.test(booking)) {
    checkout.setAttribute('booking-id', booking);
    checkout.removeAttribute('description');
    json('GET', `/api/bookings/${booking}`)
      .then((res) => (res.ok ? res.json() : null))
      .then((b) => b && checkout.setAttribute('description', b.description))
      .catch(() => {});
  }

  const showSession = () =>
    json('GET', '/api/session').then(async (res) => {
      if (!res.ok) return;
      const me = await res.json();
      $('who-name').textContent = me.name;
      $('who').hidden = false;
    }).catch(() => {});
  showSession();

  $('sign-out').addEventListener('click', () => json('DELETE', '/api/session').then(() => location.reload()));

  checkout.addEventListener('checkout:failed', (e) => {
    const code = e.detail && e.detail.code;
    if (code === 'unauthenticated') $('sign-in').hidden = false;
    // A booking cancelled after it was settled: what settled it is history.
    if (code === 'booking_cancelled') $('booking-status').hidden = true;
  });

  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await json('POST', '/api/session', { email: $('email').value, password: $('password').value });
    if (!res.ok) {
      $('sign-in-error').textContent = 'Those details did not match an account.';
      return;
    }
    $('sign-in').hidden = true;
    $('sign-in-error').textContent = '';
    showSession();
    checkout.refresh();
  });

  // What each settled booking says, as the server's webhook left it.
  const SETTLED = {
    paid: 'is paid and confirmed',
    deposit_paid: 'is confirmed: the deposit is paid',
    held: 'is confirmed: the price is held on your card until arrival',
    guaranteed: 'is confirmed: your card guarantees it',
  };
  checkout.addEventListener('checkout:succeeded', () => {
    const id = checkout.getAttribute('booking-id');
    const status = $('booking-status');
    status.hidden = false;
    status.textContent = 'Waiting for the payment confirmation…';
    let tries = 0;
    const poll = async () => {
      tries += 1;
      const res = await json('GET', `/api/bookings/${encodeURIComponent(id)}`).catch(() => null);
      const b = res && res.ok ? await res.json() : null;
      if (b && SETTLED[b.status]) {
        status.textContent = `Booking ${b.id} ${SETTLED[b.status]}.`;
        status.dataset.status = b.status;
      } else if (tries < 30) {
        setTimeout(poll, 1000);
      }
    };
    // The webhook takes a moment to arrive: the first look is a moment later,
    // which also keeps this page's work out of the checkout's success frame.
    setTimeout(poll, 500);
  });
})();
