export {
  API_CSP,
  baseSecurityHeaders,
  EMBED_PATH,
  frameHeaders,
  pageCsp,
  securityPolicyFromEnv,
  uploadOrigins,
  type SecurityPolicy,
} from "./headers";
export { corsHeaders } from "./cors";
