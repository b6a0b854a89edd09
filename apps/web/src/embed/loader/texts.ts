/** The loader's few words, in the host's language (Spanish unless told otherwise). */
export function loaderTexts(locale: string | undefined) {
  return locale === "en"
    ? {
        title: "Support chat",
        close: "Close the support chat",
        open: (unread: number) =>
          unread > 0 ? `Open the support chat, ${unread} unread ${unread === 1 ? "message" : "messages"}` : "Open the support chat",
      }
    : {
        title: "Chat de soporte",
        close: "Cerrar el chat de soporte",
        open: (unread: number) =>
          unread > 0 ? `Abrir el chat de soporte, ${unread} ${unread === 1 ? "mensaje sin leer" : "mensajes sin leer"}` : "Abrir el chat de soporte",
      };
}
