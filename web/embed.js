// <licenselab-scenario>: embeds a licenselab scenario in a documentation page with one tag.
//
//   <script src="https://YOUR-HOST/licenselab/embed.js" defer></script>
//   <licenselab-scenario src="examples/seat-exhaustion.json" step="1"></licenselab-scenario>
//   <licenselab-scenario scenario="N4Ig..."></licenselab-scenario>   (lz-string compressToEncodedURIComponent)
//
// It creates an <iframe> on embed.html (beside this script) and sizes it to its content.
(() => {
  const script = document.currentScript;
  const base = new URL('.', script ? script.src : location.href);
  const frames = new Map();

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.type !== 'licenselab:height' || typeof data.height !== 'number') return;
    const frame = frames.get(event.source);
    if (frame) frame.style.height = `${Math.min(Math.max(data.height, 120), 4000)}px`;
  });

  class LicenselabScenario extends HTMLElement {
    static get observedAttributes() { return ['src', 'scenario', 'step']; }

    connectedCallback() { this.render(); }
    attributeChangedCallback() { if (this.isConnected) this.render(); }
    disconnectedCallback() { if (this.frame) frames.delete(this.frame.contentWindow); }

    render() {
      const url = new URL('embed.html', base);
      const src = this.getAttribute('src');
      const step = this.getAttribute('step');
      if (src) url.searchParams.set('src', new URL(src, location.href).href);
      if (step) url.searchParams.set('step', step);
      const scenario = this.getAttribute('scenario');
      if (scenario) url.hash = `s=${scenario}`;
      if (!this.frame) {
        this.frame = document.createElement('iframe');
        this.frame.title = this.getAttribute('title') || 'licenselab scenario';
        this.frame.loading = 'lazy';
        this.frame.style.cssText = 'width:100%;height:420px;border:1px solid #d0d7de;border-radius:4px;display:block';
        this.appendChild(this.frame);
      }
      if (this.frame.contentWindow) frames.delete(this.frame.contentWindow);
      this.frame.src = url.href;
      // contentWindow exists once the frame is in the document.
      frames.set(this.frame.contentWindow, this.frame);
    }
  }

  if (!customElements.get('licenselab-scenario')) customElements.define('licenselab-scenario', LicenselabScenario);
})();
