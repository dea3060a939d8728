// <booking-checkout>: the custom element wrapper around the wasm component.
// It renders in light DOM because Stripe Elements refuse to mount in a
// shadow root. Attributes are read once on connect; a change of booking-id,
// amount or currency retargets the running checkout (which rebuilds its
// Elements group, so a stale intent is never confirmed).
export function defineCheckoutElement(mount) {
  if (!window.customElements || customElements.get('booking-checkout')) return;
  customElements.define(
    'booking-checkout',
    class extends HTMLElement {
      static get observedAttributes() {
        return ['booking-id', 'amount', 'currency'];
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
      attributeChangedCallback(_name, before, after) {
        if (this._checkout && before !== after) {
          this._checkout.retarget(
            this.getAttribute('booking-id') || '',
            this.getAttribute('amount') || '',
            this.getAttribute('currency') || ''
          );
        }
      }
    }
  );
}
