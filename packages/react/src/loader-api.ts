/**
 * The global API of Atiende's loader (`/widget.js`), which the component drives. The loader
 * (apps/web/src/embed/loader/widget.ts) implements these very types, so the two cannot drift.
 */

export interface AtiendeInitOptions {
  /** Your backend's short-lived signed token for the signed-in user (null: nobody signed in). */
  getToken: () => Promise<string | null> | string | null;
  /** A small flat object the agents see beside the conversation, e.g. `{ jobId, applicationId, page }`. */
  context?: Record<string, string | number | boolean>;
  locale?: "es" | "en";
  position?: "bottom-right" | "bottom-left";
  /** CSS colour of the button. */
  color?: string;
  /** Start opened. */
  open?: boolean;
}

export type AtiendeEvent = "unread" | "open" | "close" | "ready";

export interface AtiendeApi {
  init: (options: AtiendeInitOptions) => void;
  open: () => void;
  close: () => void;
  /** Clears the frame: the next user on this browser sees nothing of this one. */
  logout: () => void;
  /** Removes the button and the frame (for single-page apps that unmount the widget). */
  destroy: () => void;
  /** Returns the function that stops listening. The "unread" payload is a number. */
  on: (event: AtiendeEvent, fn: (payload: unknown) => void) => () => void;
}

declare global {
  interface Window {
    /** Defined once Atiende's `/widget.js` has run. */
    Atiende?: AtiendeApi;
  }
}
