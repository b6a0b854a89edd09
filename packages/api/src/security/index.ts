export {
  API_CSP,
  baseSecurityHeaders,
  frameHeaders,
  pageCsp,
  securityPolicyFromEnv,
  uploadOrigins,
  type SecurityPolicy,
} from "./headers";
export { corsHeaders } from "./cors";
