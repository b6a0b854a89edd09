export { API_CSP, baseSecurityHeaders, pageCsp, securityPolicyFromEnv, uploadOrigins, type SecurityPolicy } from "./headers";
