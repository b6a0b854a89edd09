import type { AtiendeApi } from "./loader-api";

// One script per Atiende origin however many widgets mount, unmount and mount again.
const loading = new Map<string, Promise<AtiendeApi>>();

/** The URL of the loader an Atiende installation serves. */
export const loaderUrl = (url: string) => `${url.replace(/\/+$/, "")}/widget.js`;

/**
 * Adds `<script src=".../widget.js" async>` to the page once and resolves with `window.Atiende`
 * when it has run (at once if the page already has it). A failed load is forgotten, so the next
 * mount tries again.
 */
export function loadAtiende(url: string): Promise<AtiendeApi> {
  const src = loaderUrl(url);
  const pending =
    loading.get(src) ??
    new Promise<AtiendeApi>((resolve, reject) => {
      if (window.Atiende) return resolve(window.Atiende);
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.addEventListener("load", () => {
        if (window.Atiende) resolve(window.Atiende);
        else fail(new Error(`${src} ran but defined no window.Atiende`));
      });
      script.addEventListener("error", () => fail(new Error(`Could not load ${src}`)));
      const fail = (error: Error) => {
        loading.delete(src);
        script.remove();
        reject(error);
      };
      document.head.appendChild(script);
    });
  loading.set(src, pending);
  return pending;
}
