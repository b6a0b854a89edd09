import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { act, createElement, StrictMode } from "react";
import type { Root } from "react-dom/client";
import { createRoot } from "react-dom/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import type { AtiendeWidgetProps } from "./atiende-widget";
import { AtiendeWidget } from "./atiende-widget";

declare global {
  // Read by React to know that updates are wrapped in act().
  var IS_REACT_ACT_ENVIRONMENT: boolean;
  interface Window {
    /** What the stand-in loader below was asked to do, in order. */
    atiendeCalls?: [string, unknown][];
    /** Lets the test play the frame reporting unread replies. */
    atiendeEmit?: (event: string, payload: unknown) => void;
  }
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

// A stand-in for Atiende's real /widget.js (which has its own tests): it records what it is told.
const fakeLoader = `
  const calls = (window.atiendeCalls = []);
  const listeners = {};
  window.atiendeEmit = (event, payload) => (listeners[event] ?? []).forEach((fn) => fn(payload));
  window.Atiende = {
    init: (options) => calls.push(["init", options]),
    open: () => calls.push(["open"]),
    close: () => calls.push(["close"]),
    logout: () => calls.push(["logout"]),
    destroy: () => calls.push(["destroy"]),
    on: (event, fn) => {
      (listeners[event] ??= []).push(fn);
      return () => (listeners[event] = listeners[event].filter((other) => other !== fn));
    },
  };
`;

let origin = "";
let loads = 0;
const server = createServer((request, response) => {
  if (request.url !== "/widget.js") return response.writeHead(404).end();
  loads += 1;
  response.writeHead(200, { "content-type": "text/javascript" }).end(fakeLoader);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  window.atiendeCalls?.splice(0);
});

function render(props: AtiendeWidgetProps) {
  root ??= createRoot(document.createElement("div"));
  const target = root;
  act(() => target.render(createElement(StrictMode, null, createElement(AtiendeWidget, props))));
}

/** Waits (inside act) until the loader has been told something; scripts load asynchronously. */
async function untilCalled(name: string) {
  for (let i = 0; i < 200 && !window.atiendeCalls?.some(([call]) => call === name); i++) {
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
  expect(window.atiendeCalls?.map(([call]) => call)).toContain(name);
}

const inits = () =>
  (window.atiendeCalls ?? [])
    .filter(([call]) => call === "init")
    .map(([, options]) => options as Record<string, unknown>);

describe("<AtiendeWidget>", () => {
  it("adds the loader script once and initialises it with the props", async () => {
    const tokens: string[] = [];
    const unread: number[] = [];
    render({
      url: `${origin}/`,
      getToken: () => "signed-token",
      context: { jobId: 42, page: "apply" },
      locale: "en",
      position: "bottom-left",
      color: "#0a7",
      onUnread: (count) => unread.push(count),
    });
    await untilCalled("init");

    const scripts = [...document.querySelectorAll("script")].filter(
      (script) => script.src === `${origin}/widget.js`,
    );
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.async).toBe(true);
    expect(loads).toBe(1);
    const options = inits().at(-1);
    expect(options).toMatchObject({
      context: { jobId: 42, page: "apply" },
      locale: "en",
      position: "bottom-left",
      color: "#0a7",
    });
    // getToken goes through to the host's function.
    tokens.push(await (options?.getToken as () => Promise<string>)());
    expect(tokens).toEqual(["signed-token"]);

    act(() => window.atiendeEmit?.("unread", 3));
    expect(unread).toEqual([3]);
  });

  it("restarts only when what it shows changes, follows `open`, and removes the widget on unmount", async () => {
    const props: AtiendeWidgetProps = { url: origin, getToken: () => null, context: { jobId: 1 } };
    render(props);
    await untilCalled("init");
    const before = inits().length;

    // A new context object with the same contents, and a new getToken: nothing to restart.
    render({ ...props, context: { jobId: 1 }, getToken: () => "other" });
    expect(inits()).toHaveLength(before);

    render({ ...props, context: { jobId: 2 } });
    expect(inits()).toHaveLength(before + 1);
    expect(inits().at(-1)).toMatchObject({ context: { jobId: 2 } });

    window.atiendeCalls?.splice(0);
    render({ ...props, context: { jobId: 2 }, open: true });
    render({ ...props, context: { jobId: 2 }, open: false });
    expect(window.atiendeCalls?.map(([call]) => call)).toEqual(["open", "close"]);

    act(() => root?.unmount());
    root = undefined;
    expect(window.atiendeCalls?.at(-1)?.[0]).toBe("destroy");
    // The script was fetched once for the whole file, however often the widget mounted.
    expect(loads).toBe(1);
  });
});
