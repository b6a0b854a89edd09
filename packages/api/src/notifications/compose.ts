/** The words of the emails, in each language the app speaks. */
import type { EmailLocale } from "./settings";

export interface EmailMessage {
  sender: string;
  text: string;
  attachmentName: string | null;
}

export interface EmailContent {
  locale: EmailLocale;
  recipientName: string;
  /** Staff are told of a candidate's messages; candidates of the team's replies. */
  about: "replies" | "candidate-messages";
  subject: string | null;
  /** The candidate, for staff emails. */
  candidateName: string;
  messages: EmailMessage[];
  link: string | null;
  unsubscribeLink: string;
}

const words = {
  es: {
    subjectReplies: (n: number) => (n === 1 ? "Tienes una respuesta nueva de Soporte" : `Tienes ${n} respuestas nuevas de Soporte`),
    subjectCandidate: (n: number, who: string) => (n === 1 ? `Mensaje nuevo de ${who}` : `${n} mensajes nuevos de ${who}`),
    greeting: (name: string) => `Hola, ${name}:`,
    introReplies: "El equipo de soporte te respondió",
    introCandidate: (who: string) => `${who} escribió en una conversación asignada a ti`,
    topic: (subject: string) => ` sobre «${subject}»`,
    attachment: (name: string) => `[Archivo adjunto: ${name}]`,
    open: "Abrir la conversación",
    noLink: "Ábrela en el sitio donde escribiste.",
    chatOnly: "Las respuestas se leen en el chat, no por correo: no respondas a este mensaje.",
    unsubscribe: "¿No quieres estos correos? Date de baja",
    orProfile: "(o desde tu perfil).",
  },
  en: {
    subjectReplies: (n: number) => (n === 1 ? "You have a new reply from Support" : `You have ${n} new replies from Support`),
    subjectCandidate: (n: number, who: string) => (n === 1 ? `New message from ${who}` : `${n} new messages from ${who}`),
    greeting: (name: string) => `Hi ${name},`,
    introReplies: "The support team replied to you",
    introCandidate: (who: string) => `${who} wrote in a conversation assigned to you`,
    topic: (subject: string) => ` about “${subject}”`,
    attachment: (name: string) => `[Attachment: ${name}]`,
    open: "Open the conversation",
    noLink: "Open it on the site where you wrote.",
    chatOnly: "Answers are read in the chat, not by email: please do not reply to this message.",
    unsubscribe: "Don't want these emails? Unsubscribe",
    orProfile: "(or from your profile).",
  },
} as const;

/** Subject, plain text and HTML of one email; every piece of people's text is escaped in the HTML. */
export function composeEmail(content: EmailContent) {
  const w = words[content.locale];
  const n = content.messages.length;
  const subject = content.about === "replies" ? w.subjectReplies(n) : w.subjectCandidate(n, content.candidateName);
  const intro =
    (content.about === "replies" ? w.introReplies : w.introCandidate(content.candidateName)) +
    (content.subject ? w.topic(content.subject) : "") +
    ":";
  const body = (m: EmailMessage) => [m.text, m.attachmentName ? w.attachment(m.attachmentName) : ""].filter(Boolean).join("\n");

  const text = [
    w.greeting(content.recipientName),
    "",
    intro,
    "",
    ...content.messages.flatMap((m) => [`${m.sender}:`, body(m), ""]),
    content.link ? `${w.open}: ${content.link}` : w.noLink,
    "",
    w.chatOnly,
    "",
    `${w.unsubscribe}: ${content.unsubscribeLink} ${w.orProfile}`,
  ].join("\n");

  const paragraph = (html: string, style = "") => `<p style="margin:0 0 12px;${style}">${html}</p>`;
  const html = [
    `<!doctype html><html lang="${content.locale}"><body style="font-family:sans-serif;color:#0f172a;max-width:560px">`,
    paragraph(escapeHtml(w.greeting(content.recipientName))),
    paragraph(escapeHtml(intro)),
    ...content.messages.map(
      (m) =>
        `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #4338ca;background:#f8fafc">` +
        `<strong>${escapeHtml(m.sender)}</strong><br>${escapeHtml(body(m)).replaceAll("\n", "<br>")}</blockquote>`,
    ),
    content.link
      ? paragraph(`<a href="${escapeHtml(content.link)}" style="color:#4338ca;font-weight:bold">${escapeHtml(w.open)}</a>`)
      : paragraph(escapeHtml(w.noLink)),
    paragraph(escapeHtml(w.chatOnly), "color:#475569;font-size:14px"),
    paragraph(
      `<a href="${escapeHtml(content.unsubscribeLink)}" style="color:#475569">${escapeHtml(w.unsubscribe)}</a> ${escapeHtml(w.orProfile)}`,
      "color:#475569;font-size:12px",
    ),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

const escapeHtml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
