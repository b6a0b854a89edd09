import { linkify } from "./linkify";

/**
 * Message text with its http(s) URLs as links that open in a new tab without access to this page.
 * Everything is rendered as React text nodes: no HTML from a message ever reaches the DOM.
 */
export function MessageText(props: { text: string; linkClassName?: string }) {
  return (
    <>
      {linkify(props.text).map((part, index) =>
        part.kind === "link" ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer" className={props.linkClassName}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
