// <booking-checkout>: the custom element wrapper around the wasm component.
// It renders in light DOM because Stripe Elements refuse to mount in a
// shadow root. Attributes are read on connect and followed afterwards:
// booking-id, amount and currency retarget the running checkout (a new
// booking gets a new Elements group, so a stale intent is never confirmed;
// a new deferred amount goes into the mounted form); locale, theme and
// description change in place. `refresh()` loads again after a failure the
// page has fixed, such as a sign-in, and on a form in use reads the
// booking's price again (after the page changed the booking on its server).
// A refused configuration (a missing key, say) is read again, whole, when
// any attribute changes or on `refresh()`: pages that set attributes after
// inserting the element are not left with the error.
//
// `attributes` is every attribute name (src/config/attributes.rs OPTIONS),
// all observed; the names this file acts on are checked against it.
export function defineCheckoutElement(mount, attributes) {
  // The module is instantiated and running: a mark for a page's real-user
  // monitoring, and the benchmark's critical path.
  if (window.performance && performance.mark) performance.mark('booking-checkout:start');
  if (!window.customElements || customElements.get('booking-checkout')) return;
  // Retarget the running checkout; locale, theme and description change in
  // place; the others are read on connect (and by a refused one, again).
  const TARGET = ['booking-id', 'amount', 'currency'];
  customElements.define(
    'booking-checkout',
    class extends HTMLElement {
      static get observedAttributes() {
        return attributes;
      }
      // Mounts again, once the task's other attribute changes are in: a page
      // or framework sets several in a row, and the checkout must start with
      // all of them, not with the first that made the configuration valid.
      remountIfRefused() {
        if (!this._checkout || !this._checkout.refused) return false;
        if (!this._remountQueued) {
          this._remountQueued = true;
          queueMicrotask(() => {
            this._remountQueued = false;
            const refused = this._checkout;
            if (!this.isConnected || !refused || !refused.refused) return;
            this._checkout = null;
            refused.destroy();
            // The handle is this element's alone, and no call of it is under
            // way in a microtask: its wasm memory goes with it.
            refused.free();
            this._checkout = mount(this);
          });
        }
        return true;
      }
      connectedCallback() {
        if (!this._checkout) this._checkout = mount(this);
      }
      disconnectedCallback() {
        if (this._checkout) {
          this._checkout.destroy();
          this._checkout = null;
        }
      }
      attributeChangedCallback(name, before, after) {
        const checkout = this._checkout;
        if (!checkout || before === after || this.remountIfRefused()) return;
        if (name === 'locale') checkout.setLocale(after || '');
        else if (name === 'theme') checkout.setTheme(after || 'stripe');
        else if (name === 'description') checkout.setDescription(after || '');
        else if (TARGET.includes(name))
          checkout.retarget(
            this.getAttribute('booking-id') || '',
            this.getAttribute('amount') || '',
            this.getAttribute('currency') || ''
          );
      }
      /** Loads again after a sign-in; on a form in use, shows the booking's new price. */
      refresh() {
        if (this._checkout && !this.remountIfRefused()) this._checkout.refresh();
      }
    }
  );
}
