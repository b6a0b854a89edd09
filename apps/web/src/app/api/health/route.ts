/** Liveness for load balancers and scripts: the process answers. */
export function GET() {
  return Response.json({ status: "ok" });
}
