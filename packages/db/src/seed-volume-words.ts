/**
 * Vocabulary of the volume seed. `WORDS` is ordered from most to least frequent: messages pick from
 * it with a skewed distribution, so the first words are in most messages and the last ones in a few
 * thousand. `RARE_WORDS` are sprinkled into about one message in a thousand, a few dozen each, like
 * the error codes and product names a support team actually searches for.
 */
export const WORDS = (
  "de la que el en y a los se no un por con una para es lo me mi las al del le su pero como más ya " +
  "hola gracias buenos días tardes noches sí bien muy favor ayuda problema cuenta perfil correo " +
  "contraseña oferta empleo trabajo entrevista candidatura postulación empresa puesto vacante " +
  "currículum cv archivo pdf documento subir enviar error página aplicación web móvil sesión " +
  "iniciar cerrar registro usuario datos teléfono dirección ciudad país experiencia estudios " +
  "título formación idiomas inglés habilidades salario sueldo contrato jornada horario turno " +
  "completa parcial remoto presencial híbrido fecha hora mañana hoy ayer semana mes año tiempo " +
  "respuesta mensaje notificación aviso alerta proceso selección estado pendiente revisión " +
  "rechazado aceptado confirmar cancelar cambiar actualizar editar borrar eliminar guardar " +
  "buscar encontrar filtro categoría sector ubicación provincia región zona distancia " +
  "recibir recibí envié mandé escribí llamé esperar espero esperando todavía nunca siempre " +
  "nuevo nueva otra otro mismo misma primero segundo último última antes después ahora luego " +
  "quiero quisiera necesito puedo puede pueden tengo tiene tienen hacer hago hice funciona " +
  "funcionó carga cargando lento rápido pantalla blanco botón enlace link clic pulsar abrir " +
  "descargar adjuntar adjunto imagen foto tamaño máximo mínimo límite formato válido inválido " +
  "código verificación validar validación restablecer recuperar olvidé acceso bloqueada " +
  "bloqueado desbloquear intentos seguridad privacidad eliminar baja alta suscripción boletín " +
  "recomendación recomendaciones sugerencia preferencias configuración ajustes idioma español " +
  "gestión administración ventas atención cliente logística almacén transporte conductor " +
  "repartidor camarero cocinero limpieza administrativo contable programador desarrollador " +
  "diseñador enfermero profesor comercial técnico mecánico electricista operario mozo " +
  "reclutador reclutadora entrevistador seleccionador responsable recursos humanos rrhh " +
  "llamada videollamada reunión cita agenda calendario recordatorio presentarse dirección " +
  "prueba test examen evaluación resultado puntuación nota feedback comentario opinión " +
  "queja reclamo reclamación incidencia caso ticket consulta duda pregunta información " +
  "explicar entender entiendo claro exacto vale perfecto genial listo resuelto solucionado " +
  "disculpa disculpe perdón lamento molestia urgente importante rápido pronto " +
  "saludos atentamente cordialmente equipo soporte agente asistente"
)
  // Written as prose for reading; a word typed twice still counts once.
  .split(" ")
  .filter((word, index, all) => word && all.indexOf(word) === index);

export const RARE_WORDS = [
  "apostilla",
  "homologación",
  "ERR4032",
  "ERR5117",
  "certificado",
  "discapacidad",
  "autónomo",
  "convenio",
  "finiquito",
  "indemnización",
  "paternidad",
  "maternidad",
  "excedencia",
  "nómina",
  "retención",
  "IRPF",
  "seguridad-social",
  "NIE",
  "pasaporte",
  "visado",
  "permiso",
  "residencia",
  "carné",
  "carretillero",
  "soldador",
  "fontanero",
  "albañil",
  "jardinero",
  "socorrista",
  "farmacéutico",
  "veterinario",
  "fisioterapeuta",
  "logopeda",
  "arquitecto",
  "topógrafo",
  "traductor",
  "intérprete",
  "sumiller",
  "panadero",
  "carnicero",
  "pescadero",
  "zapatero",
  "relojero",
  "tapicero",
  "cristalero",
  "herrero",
  "ebanista",
  "escayolista",
  "gruista",
  "estibador",
] as const;

export const FIRST_NAMES = (
  "Ana Bruno Carla Diego Elena Fernando Gabriela Hugo Irene Javier Karen Luis Marta Nicolás " +
  "Olga Pablo Quique Rosa Sergio Teresa Ulises Valeria Walter Ximena Yolanda Zacarías Adrián " +
  "Beatriz Camilo Daniela Esteban Flor Gonzalo Helena Ignacio Julia Lorena Mateo Nuria Óscar"
).split(" ");

export const LAST_NAMES = (
  "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz " +
  "Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez " +
  "Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín"
).split(" ");

export const SUBJECTS = [
  "No puedo subir mi CV",
  "Problema al iniciar sesión",
  "Duda sobre una entrevista",
  "No recibo notificaciones",
  "Cambiar mi correo",
  "Olvidé mi contraseña",
  "La oferta ya no aparece",
  "Error al enviar mi candidatura",
  "Quiero eliminar mi cuenta",
  "Estado de mi postulación",
  "La página carga muy lento",
  "No encuentro el enlace de la videollamada",
  "Actualizar mi experiencia laboral",
  "Consulta sobre el salario",
  "Me rechazaron sin respuesta",
  "Problema con la aplicación móvil",
  "No puedo adjuntar archivos",
  "Recomendaciones que no encajan",
  "Cambiar idioma de la web",
  "Cuenta bloqueada por intentos",
  "Prueba técnica no carga",
  "Quiero darme de baja del boletín",
  "Datos personales incorrectos",
  "Consulta sobre contrato de jornada parcial",
  "Reclamación por una oferta falsa",
  "Cita para entrevista presencial",
  "No me llega el código de verificación",
  "Filtro de ubicación no funciona",
  "Duda sobre trabajo remoto",
  "Información sobre el proceso de selección",
] as const;
