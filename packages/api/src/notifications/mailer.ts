import { createTransport } from "nodemailer";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same on every attempt, so a copy sent again after a crash is one message to mail clients. */
  messageId: string;
  unsubscribeUrl: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/**
 * SMTP through nodemailer (SMTP_URL), one connection per email (nothing is left open). Every stage is bounded well inside the queue's job expiry,
 * so a hung server fails the attempt (retried later) rather than letting a second worker start it.
 */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 });
  return {
    send: async (email) => {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        // One-click unsubscribe in mail clients (RFC 8058).
        list: { unsubscribe: { url: email.unsubscribeUrl, comment: "Unsubscribe" } },
        headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Auto-Submitted": "auto-generated" },
      });
    },
  };
}
