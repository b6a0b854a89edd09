import { TRPCError } from "@trpc/server";

/** User-facing error texts, in Spanish like the rest of the product; one place to word them. */
export const texts = {
  unauthorized: "Token inválido o expirado",
  forbiddenRole: "Tu rol no tiene acceso al chat de soporte",
  staffOnly: "Solo el equipo de soporte puede hacer esto",
  conversationNotFound: "Conversación no encontrada",
  conversationForbidden: "No tienes permisos para acceder a esta conversación",
  conversationClosed: "La conversación está cerrada; abre una nueva para seguir",
  createForOthers: "Solo el equipo de soporte puede crear conversaciones para otra persona",
  candidateRequired: "Indica el candidato para quien se crea la conversación",
  candidateNotFound: "Candidato no encontrado",
  openConversationExists: "Ya hay una conversación abierta; escribe en ella",
  candidateStatus: "Solo puedes reabrir o marcar como resuelta tu conversación",
  assignedMeanwhile: "Otra persona del equipo acaba de cambiar la asignación; revisa quién la atiende",
  rateOnlyCandidate: "Solo el candidato de la conversación puede calificar la atención",
  rateNotResolved: "Solo se puede calificar una conversación resuelta",
  alreadyRated: "Ya calificaste esta atención",
  assigneeInvalid: "Solo se puede asignar a una persona del equipo de soporte",
  messageNotFound: "Mensaje no encontrado",
  messageEditForbidden: "Solo quien envió el mensaje puede editarlo",
  messageNotEditable: "Este mensaje no se puede editar",
  messageEditExpired: (minutes: number) => `Un mensaje solo se puede editar durante ${minutes} min después de enviarlo`,
  messageEmpty: "El mensaje no puede estar vacío",
  messageTooLong: (max: number) => `El mensaje no puede superar los ${max} caracteres`,
  subjectTooLong: (max: number) => `El asunto no puede superar los ${max} caracteres`,
  attachmentUrl: "El adjunto necesita una URL http(s) absoluta",
  attachmentMime: (mime: string) => `El tipo de archivo ${mime} no está permitido`,
  attachmentSize: (max: number) => `El adjunto no puede superar ${Math.floor(max / 1024 / 1024)} MB`,
  clientMessageIdTaken: "Ese clientMessageId ya pertenece a otro mensaje",
  readMessageForeign: "El mensaje no pertenece a esta conversación",
  rateLimited: (seconds: number) =>
    `Has enviado demasiados mensajes. Inténtalo de nuevo en ${seconds} s`,
  shortcutTaken: (shortcut: string) => `Ya existe una respuesta guardada con el atajo /${shortcut}`,
  savedReplyNotFound: "Respuesta guardada no encontrada",
  uploadBody: "Envía el archivo como multipart/form-data en el campo «file»",
  uploadEmpty: "El archivo está vacío",
  uploadMismatch: (mime: string) => `El contenido del archivo no corresponde al tipo ${mime}`,
  uploadNotFound: "Archivo no encontrado",
  uploadForbidden: "No tienes permisos para ver este archivo",
  uploadCrossSite: "Subida rechazada: la petición no viene de esta aplicación",
  uploadRateLimited: (seconds: number) =>
    `Has subido demasiados archivos. Inténtalo de nuevo en ${seconds} s`,
  unstorableCharacter: "El texto no puede contener el carácter nulo (U+0000) ni medio par sustituto UTF-16 suelto",
  internal: "Error interno del servidor",
  databaseUnavailable:
    "El servicio no está disponible en este momento (sin conexión con la base de datos). Inténtalo de nuevo en unos segundos",
  revoked: "Tu sesión ya no es válida: inicia sesión de nuevo",
  accountDisabled: "Esta cuenta está desactivada",
  signInRateLimited: (seconds: number) =>
    `Demasiados intentos de inicio de sesión. Inténtalo de nuevo en ${seconds} s`,
  passwordWrong: "La contraseña actual no es correcta",
  passwordSame: "La nueva contraseña debe ser distinta de la actual",
  passwordNoLocal: "Tu cuenta no tiene contraseña propia: la gestiona tu proveedor de identidad",
  passwordRateLimited: (seconds: number) =>
    `Demasiados intentos de cambio de contraseña. Inténtalo de nuevo en ${seconds} s`,
  adminOnly: "Solo un administrador puede hacer esto",
  disableSelf: "No puedes desactivar tu propia cuenta",
  userNotFound: "Usuario no encontrado",
  webhookNotFound: "Endpoint de webhook no encontrado",
  webhookFromEnv: "Este endpoint se configura con WEBHOOK_URL y WEBHOOK_SECRET; cámbialo en el entorno",
  webhookInternalAddress:
    "La URL apunta a una dirección local, privada o de enlace local; no se permite (WEBHOOK_ALLOW_PRIVATE)",
  pushInternalAddress: "La dirección de avisos apunta a una dirección local o privada; no se permite",
  deliveryNotFound: "Entrega no encontrada",
  deliveryPending: "Esta entrega ya está en curso",
  passwordMustChange: "Tu contraseña es temporal: elige una nueva en tu perfil para continuar",
  roleManagedExternally: "El rol de esta cuenta lo gestiona su proveedor de identidad",
  passwordManagedExternally: "La contraseña de esta cuenta la gestiona su proveedor de identidad",
  changeOwnRole: "No puedes cambiar tu propio rol",
  emailTaken: "Ya existe una cuenta con ese correo",
  labelTaken: (name: string) => `Ya existe una etiqueta llamada «${name}»`,
  labelNotFound: "Etiqueta no encontrada",
} as const;

/** Carries the wait a rate-limited caller is told about, for the error formatter and REST. */
/**
 * A write ran on a remembered caller (see trpc.ts's `userRemembered`) whose row has changed since:
 * nothing was written; the transport reads the user and calls again.
 */
export class UnconfirmedUserError extends Error {
  constructor(readonly userId: string) {
    super("The remembered caller changed: read it again");
  }
}

export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    text: (seconds: number) => string = texts.rateLimited,
  ) {
    super(text(retryAfterSeconds));
    this.name = "RateLimitedError";
  }
}

export const notFound = (message: string = texts.conversationNotFound) =>
  new TRPCError({ code: "NOT_FOUND", message });

export const forbidden = (message: string = texts.conversationForbidden) =>
  new TRPCError({ code: "FORBIDDEN", message });
